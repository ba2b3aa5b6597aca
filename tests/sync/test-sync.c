/* test-sync.c: the sync client against a real voisins-server on loopback, through a
 * proxy that loses and spoils answers (DESIGN.md §4, the cases a correct
 * implementation survives)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fault-proxy.h"
#include "server-fixture.h"
#include "voisins-core.h"
#include "voisins-holiday-match.h"
#include "voisins-sync-members.h"

typedef struct
{
  char              *dir;
  char              *path;
  char              *token;
  char              *url;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
} Client;

static Client *
client_new (const char *url,
            const char *token)
{
  Client *c = g_new0 (Client, 1);
  g_autoptr(GError) error = NULL;

  c->dir = g_dir_make_tmp ("voisins-sync-client-XXXXXX", &error);
  g_assert_no_error (error);
  c->path = g_build_filename (c->dir, "voisins.db", NULL);
  c->token = g_strdup (token);
  c->url = g_strdup (url);

  c->store = voisins_store_open (c->path, &error);
  g_assert_no_error (error);
  c->client = voisins_sync_client_new (c->store);
  voisins_sync_client_set_server_url (c->client, url);
  voisins_sync_client_set_token (c->client, token);
  voisins_sync_client_set_timeout (c->client, 3);

  return c;
}

/* As if the process had been killed and started again on the same file. */
static void
client_restart (Client *c)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&c->client);
  g_clear_object (&c->store);
  c->store = voisins_store_open (c->path, &error);
  g_assert_no_error (error);
  c->client = voisins_sync_client_new (c->store);
  voisins_sync_client_set_server_url (c->client, c->url);
  voisins_sync_client_set_token (c->client, c->token);
  voisins_sync_client_set_timeout (c->client, 3);
}

static void
client_free (Client *c)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", c->dir);

  g_clear_object (&c->client);
  g_clear_object (&c->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (c->dir);
  g_free (c->path);
  g_free (c->token);
  g_free (c->url);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
sync_ok (Client *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (voisins_sync_client_sync (c->client, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (voisins_sync_client_get_state (c->client), ==, VOISINS_SYNC_STATE_IDLE);
}

static GError *
sync_fails (Client *c)
{
  GError *error = NULL;

  g_assert_false (voisins_sync_client_sync (c->client, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (voisins_sync_client_get_last_error (c->client));
  return error;
}

static char *
add_post (Client     *c,
          const char *title)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;

  voisins_post_set_title (post, title);
  g_assert_true (voisins_store_create_post (c->store, post, &error));
  g_assert_no_error (error);
  return g_strdup (voisins_post_get_id (post));
}

static void
edit_post (Client     *c,
           const char *id,
           const char *title,
           const char *body)
{
  g_autoptr(VoisinsPost) post = voisins_store_get_post (c->store, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (post);
  if (title)
    voisins_post_set_title (post, title);
  if (body)
    voisins_post_set_body (post, body);
  g_assert_true (voisins_store_update_post (c->store, post, &error));
  g_assert_no_error (error);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Every live post as "id|kind|category|status|title|body" lines, sorted. */
static char *
dump (Client *c)
{
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  q.sort = VOISINS_POST_SORT_OLDEST;
  posts = voisins_store_query_posts (c->store, &q, NULL);
  for (guint i = 0; i < posts->len; i++)
    {
      VoisinsPost *p = posts->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("%s|%d|%d|%d|%s|%s", voisins_post_get_id (p),
                                               voisins_post_get_kind (p),
                                               voisins_post_get_category (p),
                                               voisins_post_get_status (p),
                                               voisins_post_get_title (p),
                                               voisins_post_get_body (p)));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) lines->pdata[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
server_count (VsServer   *server,
              const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s'"
                                          " AND deleted = 0", id);
  /* The id is a UUID made by this test: no quoting concern. */
  return vs_db_count (server, sql);
}

static guint
n_posts (Client *c)
{
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;

  return voisins_store_count_posts (c->store, &q, NULL);
}

/* The cases */

static void
test_two_clients_converge (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = client_new (w->server->base_url, w->coord);
  g_autofree char *da = NULL, *db = NULL;

  sync_ok (a);
  sync_ok (b);

  /* Offline on both sides. */
  g_free (add_post (a, "Prêt d'un appareil à raclette"));
  g_free (add_post (a, "Porter les courses au 5e"));
  g_free (add_post (b, "Apéro dans la cour samedi"));
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 2);

  sync_ok (a);
  sync_ok (b);
  sync_ok (a);

  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
  g_assert_cmpuint (voisins_store_count_pending (b->store, NULL), ==, 0);
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);
  g_assert_cmpuint (n_posts (a), ==, 3);
}

static void
test_fields_and_conflicts (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = client_new (w->server->base_url, w->coord);
  g_autofree char *id = NULL;
  g_autofree char *da = NULL, *db = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GPtrArray) notices_a = NULL;
  g_autoptr(GPtrArray) notices_b = NULL;
  VoisinsSyncNotice *n;

  sync_ok (a);
  id = add_post (a, "Cours d'anglais");
  sync_ok (a);
  sync_ok (b);

  /* Different fields: both kept. */
  edit_post (a, id, "Cours d'anglais le mardi", NULL);
  edit_post (b, id, NULL, "Niveau débutant, à la médiathèque");
  sync_ok (a);
  sync_ok (b);
  sync_ok (a);
  post = voisins_store_get_post (a->store, id, NULL);
  g_assert_cmpstr (voisins_post_get_title (post), ==, "Cours d'anglais le mardi");
  g_assert_cmpstr (voisins_post_get_body (post), ==, "Niveau débutant, à la médiathèque");
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);

  /* Same field: the first to reach the server wins; the other sees its text. */
  edit_post (b, id, "Cours d'anglais le jeudi", NULL);
  edit_post (a, id, "Cours d'anglais le vendredi", NULL);
  sync_ok (b);
  sync_ok (a);
  sync_ok (b);
  g_clear_object (&post);
  post = voisins_store_get_post (a->store, id, NULL);
  g_assert_cmpstr (voisins_post_get_title (post), ==, "Cours d'anglais le jeudi");
  g_clear_pointer (&da, g_free);
  g_clear_pointer (&db, g_free);
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);

  notices_a = voisins_store_list_notices (a->store, NULL);
  notices_b = voisins_store_list_notices (b->store, NULL);
  g_assert_cmpuint (notices_b->len, ==, 0);
  g_assert_cmpuint (notices_a->len, ==, 1);
  n = notices_a->pdata[0];
  g_assert_cmpstr (n->kind, ==, "conflict");
  g_assert_cmpstr (n->field, ==, "title");
  g_assert_cmpstr (n->yours, ==, "Cours d'anglais le vendredi");
  g_assert_cmpstr (n->theirs, ==, "Cours d'anglais le jeudi");
}

static void
test_status_moves_forward (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = client_new (w->server->base_url, w->coord);
  g_autofree char *id = NULL;
  g_autoptr(VoisinsPost) pa = NULL;
  g_autoptr(VoisinsPost) pb = NULL;

  sync_ok (a);
  id = add_post (a, "Garde d'enfants mercredi");
  sync_ok (a);
  sync_ok (b);

  /* B closes it as done while A, offline, edits its text: done wins, the text too. */
  g_assert_true (voisins_store_set_post_status (b->store, id, VOISINS_POST_STATUS_MATCHED, NULL));
  g_assert_true (voisins_store_set_post_status (b->store, id, VOISINS_POST_STATUS_DONE, NULL));
  edit_post (a, id, NULL, "Mercredi de 14 h à 18 h");
  sync_ok (b);
  sync_ok (a);
  sync_ok (b);

  pa = voisins_store_get_post (a->store, id, NULL);
  pb = voisins_store_get_post (b->store, id, NULL);
  g_assert_cmpint (voisins_post_get_status (pa), ==, VOISINS_POST_STATUS_DONE);
  g_assert_cmpint (voisins_post_get_status (pb), ==, VOISINS_POST_STATUS_DONE);
  g_assert_cmpstr (voisins_post_get_body (pb), ==, "Mercredi de 14 h à 18 h");
}

static void
test_edit_vs_delete (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autofree char *id = NULL;
  g_autofree char *args = NULL;
  g_autofree char *other_client = vs_uuid ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) gone = NULL;
  guint status = 0;

  sync_ok (a);
  id = add_post (a, "Perceuse à prêter");
  sync_ok (a);

  /* A coordinator deletes it from another device while A edits it offline. */
  args = g_strdup_printf ("{\"id\":\"%s\"}", id);
  answer = vs_push1 (w->server, w->coord, other_client, 1, "post.delete", args, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==, "applied");

  edit_post (a, id, "Perceuse et visseuse à prêter", NULL);
  sync_ok (a);

  gone = voisins_store_get_post (a->store, id, &error);
  g_assert_null (gone);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
  g_assert_cmpint (server_count (w->server, id), ==, 0);
}

static void
test_killed_before_push (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autofree char *id = NULL;

  sync_ok (a);
  id = add_post (a, "Aide pour un formulaire en ligne");

  /* Killed right after the local commit: the edit is in the file, not on the server. */
  client_restart (a);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 1);
  g_assert_cmpint (server_count (w->server, id), ==, 0);

  sync_ok (a);
  g_assert_cmpint (server_count (w->server, id), ==, 1);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);

  /* And never twice. */
  client_restart (a);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, id), ==, 1);
}

static void
test_reply_lost (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Client) a = client_new (fault_proxy_get_url (proxy), w->vol);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;

  sync_ok (a);
  id = add_post (a, "Covoiturage pour le marché d'Aligre");
  id2 = add_post (a, "Cherche un siège auto");

  /* The server applies the push; its answer never arrives; the client is killed. */
  fault_proxy_set_fault (proxy, FAULT_DROP_REPLY, 1);
  error = sync_fails (a);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 2);
  g_assert_cmpint (server_count (w->server, id), ==, 1);

  client_restart (a);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, id), ==, 1);
  g_assert_cmpint (server_count (w->server, id2), ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, 2);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
}

static void
test_bad_answers (void)
{
  static const struct { FaultMode mode; int code; VoisinsSyncState state; } cases[] = {
    { FAULT_REFUSE, VOISINS_SYNC_ERROR_SERVER, VOISINS_SYNC_STATE_ERROR },
    { FAULT_500, VOISINS_SYNC_ERROR_SERVER, VOISINS_SYNC_STATE_ERROR },
    { FAULT_GARBAGE, VOISINS_SYNC_ERROR_SERVER, VOISINS_SYNC_STATE_ERROR },
    { FAULT_TRUNCATED, VOISINS_SYNC_ERROR_OFFLINE, VOISINS_SYNC_STATE_OFFLINE },
    { FAULT_STALL, VOISINS_SYNC_ERROR_OFFLINE, VOISINS_SYNC_STATE_OFFLINE },
    { FAULT_503, VOISINS_SYNC_ERROR_BUSY, VOISINS_SYNC_STATE_ERROR },
  };
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Client) a = client_new (fault_proxy_get_url (proxy), w->vol);

  sync_ok (a);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *title = g_strdup_printf ("Annonce numéro %u", i);

      g_test_message ("fault %d", cases[i].mode);
      id = add_post (a, title);
      fault_proxy_set_fault (proxy, cases[i].mode, 1);
      error = sync_fails (a);

      /* A refused connection is a network error for some stacks, a server one for others. */
      if (cases[i].mode != FAULT_REFUSE)
        {
          g_assert_error (error, VOISINS_SYNC_ERROR, cases[i].code);
          g_assert_cmpint (voisins_sync_client_get_state (a->client), ==, cases[i].state);
        }
      if (cases[i].mode == FAULT_503)
        g_assert_nonnull (strstr (error->message, "7"));

      /* Nothing lost: it goes out with the next sync. */
      g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), >=, 1);
      sync_ok (a);
      g_assert_cmpint (server_count (w->server, id), ==, 1);
      g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
      g_assert_null (voisins_sync_client_get_last_error (a->client));
    }
}

static void
test_server_down (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sync_ok (a);
  id = add_post (a, "Jardin partagé : on cherche des bras");

  vs_server_stop (w->server, FALSE);
  error = sync_fails (a);
  g_assert_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (voisins_sync_client_get_state (a->client), ==, VOISINS_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (a->client), ==, 1);

  vs_server_start (w->server);
  /* Same port again? The fixture may pick a new one: follow it. */
  voisins_sync_client_set_server_url (a->client, w->server->base_url);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, id), ==, 1);
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (a->client), ==, 0);
}

static void
test_token_revoked (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  guint status = 0;

  sync_ok (a);
  id = add_post (a, "Cours de tricot le jeudi");

  path = g_strdup_printf ("/api/v1/users/%s/revoke-all", w->vol_id);
  answer = vs_post (w->server, path, w->admin, "{}", &status);
  g_assert_cmpuint (status, ==, 200);

  error = sync_fails (a);
  g_assert_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (voisins_sync_client_get_state (a->client), ==, VOISINS_SYNC_STATE_NEEDS_LOGIN);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 1);

  token = vs_server_login (w->server, "vol");
  voisins_sync_client_set_token (a->client, token);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, id), ==, 1);
}

static void
test_restore_from_backup (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = NULL;
  g_autofree char *backup = g_build_filename (w->server->dir, "backup.db", NULL);
  g_autofree char *first = NULL, *second = NULL, *out = NULL;
  g_autofree char *da = NULL, *db = NULL;

  sync_ok (a);
  first = add_post (a, "Avant la sauvegarde");
  sync_ok (a);
  out = vs_server_cli (w->server, NULL, "backup", "--to", backup, NULL);

  second = add_post (a, "Après la sauvegarde");
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, second), ==, 1);

  /* The server's disk dies; it comes back from last night's backup. */
  vs_server_stop (w->server, FALSE);
  g_free (vs_server_cli (w->server, NULL, "restore", "--from", backup, NULL));
  vs_server_start (w->server);
  voisins_sync_client_set_server_url (a->client, w->server->base_url);
  g_assert_cmpint (server_count (w->server, second), ==, 0);

  sync_ok (a);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, first), ==, 1);
  g_assert_cmpint (server_count (w->server, second), ==, 1);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);

  b = client_new (w->server->base_url, vs_server_login (w->server, "coord"));
  sync_ok (b);
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);
  g_assert_cmpuint (n_posts (b), ==, 2);
}

static gboolean
create_many_txn (VoisinsStore  *store,
                 gpointer       user_data,
                 GError       **error)
{
  for (guint i = 0; i < GPOINTER_TO_UINT (user_data); i++)
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      g_autofree char *title = g_strdup_printf ("Annonce en nombre %u", i);

      voisins_post_set_title (post, title);
      if (!voisins_store_create_post (store, post, error))
        return FALSE;
    }
  return TRUE;
}

static void
test_many_changes_resumed (void)
{
  const guint n = 10000;
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = client_new (fault_proxy_get_url (proxy), w->coord);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cut = NULL;
  g_autofree char *da = NULL, *db = NULL;
  guint partial;

  sync_ok (a);
  g_assert_true (voisins_store_transaction (a->store, create_many_txn, GUINT_TO_POINTER (n), &error));
  g_assert_no_error (error);
  sync_ok (a);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, n);

  /* B starts from nothing: /me, two pages of the pull, then the connection dies and B
   * is killed. */
  fault_proxy_set_fault_after (proxy, 3, FAULT_DROP_REPLY, 1);
  cut = sync_fails (b);
  partial = n_posts (b);
  g_assert_cmpuint (partial, >, 0);
  g_assert_cmpuint (partial, <, n);

  client_restart (b);
  sync_ok (b);
  g_assert_cmpuint (n_posts (b), ==, n);
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);
}

/* Pages cut by the server's byte cap (pull-page-bytes) hold fewer rows than asked for:
 * the client keeps pulling while has_more and loses nothing. */
static void
test_capped_pages (void)
{
  const guint n = 400;
  g_autoptr(VsWorld) w = vs_world_new ("pull-page-bytes=4096");
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) b = client_new (w->server->base_url, w->coord);
  g_autoptr(GError) error = NULL;
  g_autofree char *da = NULL, *db = NULL;

  sync_ok (a);
  voisins_store_transaction (a->store, create_many_txn, GUINT_TO_POINTER (n), &error);
  g_assert_no_error (error);
  sync_ok (a);
  sync_ok (b);
  g_assert_cmpuint (n_posts (b), ==, n);
  da = dump (a);
  db = dump (b);
  g_assert_cmpstr (da, ==, db);
}

/* A request matched to a helper, from two laptops: Léa's (a volunteer) and the desk's (a
 * coordinator) both ask Ana offline; the server keeps the first, the desk is told why.
 * Ana declines, Bruno accepts and comes: both laptops end up knowing who helped. */
static void
test_help_two_laptops (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) lea = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) desk = client_new (w->server->base_url, w->coord);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *khadija = vs_uuid (), *ana = vs_uuid (), *bruno = vs_uuid ();
  g_autofree char *request = vs_uuid (), *offer_a = vs_uuid (), *offer_b = vs_uuid ();
  g_autofree char *h_lea = NULL, *h_desk = NULL, *h_bruno = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(VoisinsMember) seen = NULL;
  const char *members[] = { khadija, ana, bruno };
  const char *names[] = { "Khadija", "Ana", "Bruno" };
  const char *phones[] = { "0611111111", "0622222222", "0633333333" };
  gint64 seq = 1;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                           "\"consent_scope\":\"posts,phone\",\"first_name\":\"%s\","
                           "\"last_name\":\"Martin\",\"phone\":\"%s\","
                           "\"address\":\"12 rue de Cotte\",\"lat\":%.4f,"
                           "\"lon\":2.378,\"languages\":\"fr\"}",
                           members[i], w->a, names[i], phones[i], 48.848 + 0.0005 * i);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args,
                                        NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    const char *ids[] = { request, offer_a, offer_b };
    const char *kinds[] = { "request", "offer", "offer" };

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *args =
            g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"%s\","
                             "\"category\":\"diy\",\"status\":\"open\",\"title\":\"Shelf\","
                             "\"body\":\"A shelf to put up\",\"author_id\":\"%s\","
                             "\"author_name\":\"%s\",\"lat\":48.848,\"lon\":2.378,"
                             "\"created_at\":1700000000}",
                             ids[i], w->a, kinds[i], members[i], names[i]);
        g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "post.create", args,
                                          NULL);
        g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==,
                         "applied");
      }
  }
  sync_ok (lea);
  sync_ok (desk);

  /* Ana and Bruno offer DIY (their approximate positions decide the order); Khadija is not
   * her own helper. */
  suggestions = voisins_store_suggest_helpers (lea->store, request, 1700000000, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *id = ((VoisinsHelpSuggestion *) suggestions->pdata[i])->helper_id;

      g_assert_true (g_str_equal (id, ana) || g_str_equal (id, bruno));
    }
  seen = voisins_store_get_member (lea->store, ana, NULL);
  g_assert_cmpstr (voisins_member_get_phone (seen), ==, NULL);
  g_clear_object (&seen);

  /* Both ask Ana, offline. */
  h_lea = voisins_store_propose_help (lea->store, request, ana, &error);
  g_assert_no_error (error);
  h_desk = voisins_store_propose_help (desk->store, request, ana, &error);
  g_assert_no_error (error);
  /* Asked twice from one laptop: refused there at once. */
  g_assert_null (voisins_store_propose_help (lea->store, request, ana, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (voisins_store_propose_help (lea->store, request, khadija, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  sync_ok (lea);
  sync_ok (desk);
  g_assert_cmpint (server_count (w->server, h_lea), ==, 1);
  g_assert_cmpint (server_count (w->server, h_desk), ==, 0);
  notices = voisins_store_list_notices (desk->store, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((VoisinsSyncNotice *) notices->pdata[0])->code, ==, "help_taken");
  helps = voisins_store_list_helps (desk->store, request, NULL);
  g_assert_cmpuint (helps->len, ==, 1);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[0])->id, ==, h_lea);
  g_assert_cmpuint (voisins_store_count_pending (desk->store, NULL), ==, 0);
  g_clear_pointer (&helps, g_ptr_array_unref);

  /* Léa follows the help: she may call Ana and Khadija. */
  seen = voisins_store_get_member (lea->store, ana, NULL);
  g_assert_cmpstr (voisins_member_get_phone (seen), ==, "0622222222");
  g_clear_object (&seen);
  seen = voisins_store_get_member (lea->store, khadija, NULL);
  g_assert_cmpstr (voisins_member_get_phone (seen), ==, "0611111111");
  g_clear_object (&seen);

  /* "done" is not the next step; Ana declines. */
  g_assert_false (voisins_store_set_help_state (lea->store, h_lea, "done", &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (voisins_store_set_help_state (lea->store, h_lea, "declined", &error));
  g_assert_no_error (error);
  sync_ok (lea);
  seen = voisins_store_get_member (lea->store, ana, NULL);
  g_assert_cmpstr (voisins_member_get_phone (seen), ==, NULL);
  g_clear_object (&seen);

  /* Bruno says yes, and comes. */
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  suggestions = voisins_store_suggest_helpers (lea->store, request, 1700000000, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  h_bruno = voisins_store_propose_help (lea->store, request, bruno, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_set_help_state (lea->store, h_bruno, "accepted", &error));
  g_assert_true (voisins_store_set_help_state (lea->store, h_bruno, "done", &error));
  g_assert_no_error (error);
  sync_ok (lea);
  sync_ok (desk);

  helps = voisins_store_list_helps (desk->store, request, NULL);
  g_assert_cmpuint (helps->len, ==, 2);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[1])->id, ==, h_bruno);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[1])->helper_id, ==, bruno);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[1])->state, ==, "done");
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[0])->state, ==, "declined");
  g_assert_cmpuint (voisins_store_count_pending (lea->store, NULL), ==, 0);
  seen = voisins_store_get_member (lea->store, bruno, NULL);
  g_assert_cmpstr (voisins_member_get_phone (seen), ==, NULL);
}

static guint
count_matches (Client *c)
{
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (c->store, NULL, 0, NULL);

  return matches ? matches->len : 0;
}

static void
test_last_holiday_seat (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->coord);
  g_autoptr(Client) b = client_new (w->server->base_url, w->admin);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *m1 = vs_uuid (), *m2 = vs_uuid (), *m3 = vs_uuid ();
  g_autofree char *host = vs_uuid (), *g1 = vs_uuid (), *g2 = vs_uuid ();
  g_autofree char *ma = NULL, *mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) left = NULL;
  const char *members[] = { m1, m2, m3 };
  gint64 seq = 1;

  /* A host with one seat on Christmas Eve and two guests who asked for it. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                           "\"consent_scope\":\"posts\","
                           "\"first_name\":\"Voisin%u\",\"last_name\":\"Martin\","
                           "\"address\":\"12 rue de Cotte\",\"lat\":48.848,"
                           "\"lon\":2.378,\"languages\":\"fr\"}",
                           members[i], w->a, i);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":1,\"seats\":1,"
                                          "\"languages\":\"fr\"}", host, w->a, m1);
    g_autofree char *ga = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\"}",
                                           g1, w->a, m2);
    g_autofree char *gb = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\"}",
                                           g2, w->a, m3);
    g_autoptr(JsonNode) r1 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.host.put", h, NULL);
    g_autoptr(JsonNode) r2 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", ga, NULL);
    g_autoptr(JsonNode) r3 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", gb, NULL);
  }

  sync_ok (a);
  sync_ok (b);

  /* Both volunteers, offline, give the last seat to a different guest. */
  ma = voisins_store_propose_holiday_match (a->store, host, g1, VOISINS_HOLIDAY_SLOT_DEC24_EVENING,
                                            &error);
  g_assert_no_error (error);
  mb = voisins_store_propose_holiday_match (b->store, host, g2, VOISINS_HOLIDAY_SLOT_DEC24_EVENING,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_matches (b), ==, 1);

  sync_ok (a);
  sync_ok (b);

  /* One wins; the other is told why, and sees the table as it really is. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'holiday_match'"),
                   ==, 1);
  g_assert_cmpint (server_count (w->server, ma), ==, 1);
  notices = voisins_store_list_notices (b->store, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((VoisinsSyncNotice *) notices->pdata[0])->code, ==, "table_full");
  g_assert_cmpuint (count_matches (b), ==, 1);
  left = voisins_store_list_holiday_matches (b->store, NULL, 0, NULL);
  g_assert_cmpstr (((VoisinsHolidayMatch *) left->pdata[0])->id, ==, ma);
  g_assert_cmpuint (voisins_store_count_pending (b->store, NULL), ==, 0);

  /* The follow-up goes through too. */
  g_assert_true (voisins_store_set_holiday_match_state (a->store, ma,
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
  g_assert_no_error (error);
  sync_ok (a);
  sync_ok (b);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = voisins_store_list_holiday_matches (b->store, NULL, 0, NULL);
  g_assert_cmpint (((VoisinsHolidayMatch *) left->pdata[0])->state, ==,
                   VOISINS_HOLIDAY_MATCH_HOST_CALLED);

  /* The step's Undo (holiday.match.undo_state) reaches the other laptop too; then the step
   * again. */
  g_assert_true (voisins_store_undo_holiday_match_state (a->store, ma,
                                                         VOISINS_HOLIDAY_MATCH_PROPOSED, &error));
  g_assert_no_error (error);
  sync_ok (a);
  sync_ok (b);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = voisins_store_list_holiday_matches (b->store, NULL, 0, NULL);
  g_assert_cmpint (((VoisinsHolidayMatch *) left->pdata[0])->state, ==,
                   VOISINS_HOLIDAY_MATCH_PROPOSED);
  g_assert_true (voisins_store_set_holiday_match_state (a->store, ma,
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
  g_assert_no_error (error);
  sync_ok (a);

  /* After the holidays: how it went, once the meal is done, seen on the other laptop. */
  g_assert_false (voisins_store_set_holiday_match_feedback (a->store, ma, "Très bien", &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (voisins_store_set_holiday_match_state (a->store, ma,
                                                        VOISINS_HOLIDAY_MATCH_CONFIRMED, NULL));
  g_assert_true (voisins_store_set_holiday_match_state (a->store, ma,
                                                        VOISINS_HOLIDAY_MATCH_DONE, NULL));
  g_assert_true (voisins_store_set_holiday_match_feedback (a->store, ma,
                                                           "Un très beau réveillon, à refaire.",
                                                           &error));
  g_assert_no_error (error);
  sync_ok (a);
  sync_ok (b);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = voisins_store_list_holiday_matches (b->store, NULL, 0, NULL);
  g_assert_cmpint (((VoisinsHolidayMatch *) left->pdata[0])->state, ==, VOISINS_HOLIDAY_MATCH_DONE);
  g_assert_cmpstr (((VoisinsHolidayMatch *) left->pdata[0])->feedback, ==,
                   "Un très beau réveillon, à refaire.");
}

static VoisinsHolidayPerson *
find_guest (GPtrArray  *people,
            const char *id)
{
  for (guint i = 0; i < people->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (people, i);

      if (g_str_equal (p->guest->id, id))
        return p;
    }
  return NULL;
}

/* A volunteer runs the campaign a coordinator set up: the waiting guests show as
 * anonymous (a street, no name) until a coordinator approves the volunteer's proposal. */
static void
test_volunteer_holiday (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) v = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) coord = NULL;
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *m1 = vs_uuid (), *m2 = vs_uuid (), *m3 = vs_uuid ();
  g_autofree char *host = vs_uuid (), *g1 = vs_uuid (), *g2 = vs_uuid ();
  g_autofree char *mid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  g_autoptr(GPtrArray) sugg = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  const char *members[] = { m1, m2, m3 };
  const char *addresses[] = { "12 rue de Cotte", "3 rue de Charenton", "40 rue de Cotte" };
  VoisinsHolidayPerson *p;
  gint64 seq = 1;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                           "\"consent_scope\":\"posts\","
                           "\"first_name\":\"Voisin%u\",\"last_name\":\"Martin\","
                           "\"address\":\"%s\",\"lat\":48.848,"
                           "\"lon\":2.378,\"phone\":\"06010203%02u\","
                           "\"languages\":\"fr\"}",
                           members[i], w->a, i, addresses[i], i);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":1,\"seats\":2,"
                                          "\"languages\":\"fr\"}", host, w->a, m1);
    g_autofree char *ga = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\","
                                           "\"notes\":\"secret\"}", g1, w->a, m2);
    g_autofree char *gb = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\"}",
                                           g2, w->a, m3);
    g_autoptr(JsonNode) r1 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.host.put", h, NULL);
    g_autoptr(JsonNode) r2 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", ga, NULL);
    g_autoptr(JsonNode) r3 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", gb, NULL);
  }

  sync_ok (v);

  /* Both guests are there, anonymous: the street, no one's name, no notes. */
  guests = voisins_store_list_holiday_guests (v->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (guests->len, ==, 2);
  p = find_guest (guests, g1);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->guest->member_id, ==, "");
  g_assert_null (p->guest->notes);
  g_assert_cmpstr (p->street, ==, "rue de Charenton");
  g_assert_cmpstr (p->name, ==, "Guest, rue de Charenton");
  g_assert_null (strstr (p->name, "Voisin1"));
  g_assert_cmpfloat (p->guest->approx_lat, !=, 0);
  p = find_guest (guests, g2);
  g_assert_cmpstr (p->name, ==, "Guest, rue de Cotte");

  /* Suggestions work from the approximate position. */
  sugg = voisins_store_suggest_holiday_hosts (v->store, g1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sugg->len, >=, 1);
  g_assert_cmpstr (((VoisinsHolidaySuggestion *) sugg->pdata[0])->host_id, ==, host);
  g_assert_cmpuint (((VoisinsHolidaySuggestion *) sugg->pdata[0])->distance_m, !=, G_MAXUINT);

  mid = voisins_store_propose_holiday_match (v->store, host, g1, VOISINS_HOLIDAY_SLOT_DEC24_EVENING,
                                             &error);
  g_assert_no_error (error);
  sync_ok (v);
  sync_ok (v);
  g_assert_cmpint (server_count (w->server, mid), ==, 1);
  g_assert_cmpuint (voisins_store_count_pending (v->store, NULL), ==, 0);

  /* Proposed is not enough (issue 10, finding 2): the guest stays anonymous until a
   * coordinator approves the volunteer as its follower. The volunteer follows it, and sees
   * it waits for a coordinator. */
  g_clear_pointer (&guests, g_ptr_array_unref);
  guests = voisins_store_list_holiday_guests (v->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_guest (guests, g1)->guest->member_id, ==, "");
  {
    g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (v->store, NULL, 0, &error);
    VoisinsHolidayMatch *m;

    g_assert_no_error (error);
    g_assert_cmpuint (matches->len, ==, 1);
    m = matches->pdata[0];
    g_assert_cmpstr (m->follower_id, ==, w->vol_id);
    g_assert_null (m->approved_by);
    g_assert_cmpint (m->approved_at, ==, 0);
    g_assert_cmpstr (m->guest_name, ==, "Guest, rue de Charenton");
  }
  /* An anonymous guest's contact comes from the row, not from member "" (the "Ce voisin ne
   * figure plus dans la liste" of issue 10). */
  {
    g_autoptr(VoisinsHolidayContact) anon = voisins_store_get_holiday_contact (v->store, "", mid,
                                                                               TRUE, "vol", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (anon->name, ==, "Guest, rue de Charenton");
    g_assert_null (anon->phone);
    g_assert_null (anon->address);
  }

  /* A coordinator approves it from their own copy: optimistic, then through the outbox. */
  coord = client_new (w->server->base_url, w->coord);
  sync_ok (coord);
  g_assert_true (voisins_store_approve_holiday_match (coord->store, mid, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) matches =
        voisins_store_list_holiday_matches (coord->store, NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((VoisinsHolidayMatch *) matches->pdata[0])->approved_by, ==, w->coord_id);
  }
  /* A volunteer cannot. */
  g_assert_false (voisins_store_approve_holiday_match (v->store, mid, NULL, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  sync_ok (coord);
  g_assert_cmpuint (voisins_store_count_pending (coord->store, NULL), ==, 0);
  sync_ok (v);
  {
    g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (v->store, NULL, 0, &error);
    VoisinsHolidayMatch *m = matches->pdata[0];

    g_assert_cmpstr (m->follower_id, ==, w->vol_id);
    g_assert_cmpstr (m->approved_by, ==, w->coord_id);
    g_assert_cmpint (m->approved_at, >, 0);
  }

  /* The match is the volunteer's: that guest's identity comes, not the other's. */
  g_clear_pointer (&guests, g_ptr_array_unref);
  guests = voisins_store_list_holiday_guests (v->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (guests->len, ==, 2);
  p = find_guest (guests, g1);
  g_assert_cmpstr (p->guest->member_id, ==, m2);
  g_assert_cmpstr (p->name, ==, "Voisin1 M.");
  p = find_guest (guests, g2);
  g_assert_cmpstr (p->guest->member_id, ==, "");

  /* The call to make: the host's phone, for the follower, logged. */
  calls = voisins_store_list_holiday_calls (v->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 1);
  {
    g_autoptr(VoisinsHolidayContact) hc = voisins_store_get_holiday_contact (v->store, m1, mid, TRUE,
                                                                             "vol", &error);
    g_autoptr(VoisinsHolidayContact) gc = voisins_store_get_holiday_contact (v->store, m2, mid, TRUE,
                                                                             "vol", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hc->phone, ==, "0601020300");
    g_assert_false (hc->revealed);
    g_assert_null (hc->address);
    g_assert_null (gc->phone);  /* the guest comes once the host said yes */
  }
  g_assert_true (voisins_store_set_holiday_match_state (v->store, mid,
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
  g_assert_no_error (error);
  sync_ok (v);
  {
    g_autoptr(VoisinsHolidayContact) gc = voisins_store_get_holiday_contact (v->store, m2, mid, TRUE,
                                                                             "vol", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gc->phone, ==, "0601020301");
  }

  /* The volunteer's member records have no name, phone or address: the letters read the
   * followed rows. */
  g_assert_true (voisins_store_set_holiday_match_state (
      v->store, mid, VOISINS_HOLIDAY_MATCH_CONFIRMED, &error));
  g_assert_no_error (error);
  sync_ok (v);
  {
    g_autoptr(VoisinsMember) card = voisins_store_get_member (v->store, m2, &error);
    g_autoptr(VoisinsHolidayContact) hc =
        voisins_store_get_holiday_contact (v->store, m1, mid, TRUE, "vol", &error);
    g_autoptr(VoisinsHolidayContact) gc =
        voisins_store_get_holiday_contact (v->store, m2, mid, TRUE, "vol", &error);

    g_assert_no_error (error);
    g_assert_null (voisins_member_get_address (card));
    g_assert_true (hc->revealed);
    g_assert_cmpstr (hc->name, ==, "Voisin0 Martin");
    g_assert_cmpstr (hc->address, ==, "12 rue de Cotte");
    g_assert_cmpstr (hc->phone, ==, "0601020300");
    g_assert_true (gc->revealed);
    g_assert_cmpstr (gc->name, ==, "Voisin1 Martin");
    g_assert_cmpstr (gc->address, ==, "3 rue de Charenton");
    g_assert_cmpstr (gc->phone, ==, "0601020301");
  }

  /* Declined: the server resends both rows without the person fields, and the volunteer's
   * copy loses them. */
  g_assert_true (voisins_store_set_holiday_match_state (
      v->store, mid, VOISINS_HOLIDAY_MATCH_DECLINED, &error));
  g_assert_no_error (error);
  sync_ok (v);
  {
    g_autoptr(VoisinsHolidayHost) h = NULL;
    g_autoptr(GPtrArray) hosts = voisins_store_list_holiday_hosts (v->store, NULL, &error);
    g_autoptr(VoisinsHolidayContact) hc = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (hosts->len, ==, 1);
    g_assert_null (((VoisinsHolidayPerson *) hosts->pdata[0])->host->phone);
    g_assert_null (((VoisinsHolidayPerson *) hosts->pdata[0])->host->address);
    g_assert_null (((VoisinsHolidayPerson *) hosts->pdata[0])->host->last_name);
    g_clear_pointer (&guests, g_ptr_array_unref);
    guests = voisins_store_list_holiday_guests (v->store, NULL, &error);
    g_assert_no_error (error);
    p = find_guest (guests, g1);
    g_assert_null (p->guest->phone);
    g_assert_null (p->guest->address);
    g_assert_null (p->guest->first_name);
    hc = voisins_store_get_holiday_contact (v->store, m1, mid, TRUE, "vol", &error);
    g_assert_no_error (error);
    g_assert_false (hc->revealed);
    g_assert_null (hc->phone);
    g_assert_null (hc->address);
  }
}

static VoisinsHolidayGuest *
load_guest (Client     *c,
            const char *id)
{
  g_autoptr(GPtrArray) guests = voisins_store_list_holiday_guests (c->store, NULL, NULL);

  for (guint i = 0; guests != NULL && i < guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);

      if (g_str_equal (p->guest->id, id))
        return g_steal_pointer (&p->guest);
    }
  return NULL;
}

/* Issue 10: changing a host or a guest needs the version it was made on. Two edits before a
 * sync fold into one put (the second alone would be stale once the first is applied); an
 * edit made on an old version comes back as a conflict, not applied. */
static void
test_holiday_put_versions (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->coord);
  g_autoptr(Client) b = client_new (w->server->base_url, w->admin);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *m1 = vs_uuid (), *g1 = vs_uuid ();
  g_autoptr(VoisinsHolidayGuest) g = NULL;
  g_autoptr(VoisinsHolidayGuest) gb = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = 1;

  {
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                             "\"consent_scope\":\"posts\","
                                             "\"first_name\":\"Voisin\",\"last_name\":\"Martin\","
                                             "\"address\":\"12 rue de Cotte\",\"lat\":48.848,"
                                             "\"lon\":2.378,\"languages\":\"fr\"}",
                                             m1, w->a);
    g_autofree char *ga = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\"}",
                                           g1, w->a, m1);
    g_autoptr(JsonNode) r1 = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);
    g_autoptr(JsonNode) r2 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", ga,
                                       NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r2, 0), "status"), ==, "applied");
  }
  sync_ok (a);
  sync_ok (b);

  g = load_guest (a, g1);
  g_assert_nonnull (g);
  g_assert_cmpint (g->version, >, 0);
  g_free (g->notes);
  g->notes = g_strdup ("Allergique aux noix");
  g_assert_true (voisins_store_save_holiday_guest (a->store, g, &error));
  g_free (g->notes);
  g->notes = g_strdup ("Allergique aux noix, vient avec sa fille");
  g_assert_true (voisins_store_save_holiday_guest (a->store, g, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 1);
  sync_ok (a);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
  notices = voisins_store_list_notices (a->store, NULL);
  g_assert_cmpuint (notices->len, ==, 0);
  g_clear_pointer (&g, voisins_holiday_guest_free);
  g = load_guest (a, g1);
  g_assert_cmpstr (g->notes, ==, "Allergique aux noix, vient avec sa fille");

  /* b edits the version it read before a's change: the server says it is stale. */
  gb = load_guest (b, g1);
  g_free (gb->notes);
  gb->notes = g_strdup ("Sans escalier");
  g_assert_true (voisins_store_save_holiday_guest (b->store, gb, &error));
  g_assert_no_error (error);
  sync_ok (b);
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = voisins_store_list_notices (b->store, NULL);
  g_assert_cmpuint (notices->len, >=, 1);
  sync_ok (a);
  g_clear_pointer (&g, voisins_holiday_guest_free);
  g = load_guest (a, g1);
  g_assert_cmpstr (g->notes, ==, "Allergique aux noix, vient avec sa fille");
}

static void
test_restore_with_pending_edit (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autofree char *backup = g_build_filename (w->server->dir, "backup-pending.db", NULL);
  g_autofree char *first = NULL, *second = NULL, *third = NULL;

  sync_ok (a);
  first = add_post (a, "Avant la sauvegarde");
  sync_ok (a);
  g_free (vs_server_cli (w->server, NULL, "backup", "--to", backup, NULL));
  second = add_post (a, "Envoyée après la sauvegarde");
  sync_ok (a);

  vs_server_stop (w->server, FALSE);
  g_free (vs_server_cli (w->server, NULL, "restore", "--from", backup, NULL));
  vs_server_start (w->server);
  voisins_sync_client_set_server_url (a->client, w->server->base_url);

  /* An edit made offline meanwhile goes out first, before any pull: the server must not
   * take it as the start, or "second" would be lost on both sides. */
  third = add_post (a, "Écrite hors ligne pendant la panne");
  sync_ok (a);
  sync_ok (a);

  g_assert_cmpint (server_count (w->server, first), ==, 1);
  g_assert_cmpint (server_count (w->server, second), ==, 1);
  g_assert_cmpint (server_count (w->server, third), ==, 1);
  g_assert_cmpuint (n_posts (a), ==, 3);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
}

static void
test_restore_older_than_client (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autofree char *backup = g_build_filename (w->server->dir, "backup-early.db", NULL);
  g_autofree char *first = NULL, *second = NULL;

  /* The backup is from before this computer ever sent anything. */
  sync_ok (a);
  g_free (vs_server_cli (w->server, NULL, "backup", "--to", backup, NULL));
  first = add_post (a, "Première annonce de ce poste");
  sync_ok (a);

  vs_server_stop (w->server, FALSE);
  g_free (vs_server_cli (w->server, NULL, "restore", "--from", backup, NULL));
  vs_server_start (w->server);
  voisins_sync_client_set_server_url (a->client, w->server->base_url);

  second = add_post (a, "Deuxième, hors ligne");
  sync_ok (a);
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, first), ==, 1);
  g_assert_cmpint (server_count (w->server, second), ==, 1);
  g_assert_cmpuint (n_posts (a), ==, 2);
}

static void
test_edit_before_first_sync (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Client) a = client_new (fault_proxy_get_url (proxy), w->vol);
  g_autoptr(Client) b = client_new (w->server->base_url, w->coord);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(VoisinsPost) seen = NULL;
  g_autoptr(VoisinsPost) seen2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *id2 = NULL;

  sync_ok (a);
  sync_ok (b);

  /* A typo fixed right after posting, before any sync. */
  id = add_post (a, "Cours d'anglais le mardy");
  edit_post (a, id, "Cours d'anglais le mardi", NULL);
  g_assert_true (voisins_store_set_post_status (a->store, id, VOISINS_POST_STATUS_MATCHED, NULL));
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 1);

  /* And one fixed after the create was sent but before the answer came back. */
  id2 = add_post (a, "Perseuse à prêter");
  fault_proxy_set_fault (proxy, FAULT_DROP_REPLY, 1);
  error = sync_fails (a);
  edit_post (a, id2, "Perceuse à prêter", NULL);

  sync_ok (a);
  sync_ok (b);

  notices = voisins_store_list_notices (a->store, NULL);
  g_assert_cmpuint (notices->len, ==, 0);
  seen = voisins_store_get_post (b->store, id, NULL);
  g_assert_cmpstr (voisins_post_get_title (seen), ==, "Cours d'anglais le mardi");
  g_assert_cmpint (voisins_post_get_status (seen), ==, VOISINS_POST_STATUS_MATCHED);
  seen2 = voisins_store_get_post (b->store, id2, NULL);
  g_assert_cmpstr (voisins_post_get_title (seen2), ==, "Perceuse à prêter");
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (voisins_sync_client_logout_finish (VOISINS_SYNC_CLIENT (object), result, NULL));
  *done = TRUE;
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  voisins_sync_client_sync_finish (VOISINS_SYNC_CLIENT (object), result, NULL, NULL);
  *done = TRUE;
}

static void
test_logout_then_another_user (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *mine = NULL;
  gboolean logged_out = FALSE, synced = FALSE;

  sync_ok (a);
  g_assert_true (voisins_store_transaction (a->store, create_many_txn, GUINT_TO_POINTER (2000), &error));
  sync_ok (a);
  first_id = g_strdup (voisins_store_get_client_id (a->store));

  /* A fresh computer of the same user starts pulling 2,000 posts, and the volunteer logs
   * out while it runs: nothing may be written after the wipe. */
  client_restart (a);
  g_assert_true (voisins_store_wipe (a->store, TRUE, NULL));
  voisins_sync_client_set_token (a->client, w->vol);
  voisins_sync_client_sync_async (a->client, NULL, sync_cb, &synced);
  voisins_sync_client_logout_async (a->client, NULL, logout_cb, &logged_out);
  while (!logged_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (voisins_store_wipe (a->store, TRUE, NULL));
  while (!synced)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_posts (a), ==, 0);

  /* Someone else logs in on the same computer: a new installation id, and it works. */
  g_assert_cmpstr (voisins_store_get_client_id (a->store), !=, first_id);
  g_free (a->token);
  a->token = vs_server_login (w->server, "coord");
  voisins_sync_client_set_token (a->client, a->token);
  voisins_sync_client_set_server_url (a->client, w->server->base_url);
  sync_ok (a);
  mine = add_post (a, "Annonce de la coordinatrice");
  sync_ok (a);
  g_assert_cmpint (server_count (w->server, mine), ==, 1);
  g_assert_cmpuint (n_posts (a), ==, 2001);
}

static void
test_overlapping_syncs (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) a = client_new (w->server->base_url, w->vol);
  g_autofree char *first = NULL, *second = NULL;
  gboolean done1 = FALSE, done2 = FALSE;

  sync_ok (a);
  first = add_post (a, "Première, avant la synchro");

  /* A second sync is asked for while the first is on the wire, after a new edit. */
  voisins_sync_client_sync_async (a->client, NULL, sync_cb, &done1);
  second = add_post (a, "Deuxième, pendant la synchro");
  voisins_sync_client_sync_async (a->client, NULL, sync_cb, &done2);
  while (!done1 || !done2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (server_count (w->server, first), ==, 1);
  g_assert_cmpint (server_count (w->server, second), ==, 1);
  g_assert_cmpuint (voisins_store_count_pending (a->store, NULL), ==, 0);
}

/* Three volunteers edit at random, offline and online, through connections that lose
 * and spoil answers, and are killed now and then; once the network is good again, every
 * laptop holds exactly what the server holds. */
static void
test_random_convergence (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  const char *tokens[3];
  FaultProxy *proxies[3];
  Client *clients[3];
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Client) observer = NULL;
  g_autofree char *reference = NULL;
  guint n_ops = g_test_slow () ? 600 : 200;

  tokens[0] = w->vol;
  tokens[1] = w->coord;
  tokens[2] = w->admin;

  for (guint i = 0; i < 3; i++)
    {
      proxies[i] = fault_proxy_new (w->server->port);
      clients[i] = client_new (fault_proxy_get_url (proxies[i]), tokens[i]);
      sync_ok (clients[i]);
      fault_proxy_set_random (proxies[i], 25, 100 + i);
    }

  for (guint op = 0; op < n_ops; op++)
    {
      Client *c = clients[g_rand_int_range (rand, 0, 3)];
      guint what = g_rand_int_range (rand, 0, 100);

      if (what < 25 || ids->len == 0)
        {
          g_autofree char *title = g_strdup_printf ("Annonce aléatoire %u", op);
          g_ptr_array_add (ids, add_post (c, title));
        }
      else if (what < 55)
        {
          const char *id = g_ptr_array_index (ids, g_rand_int_range (rand, 0, ids->len));
          g_autoptr(VoisinsPost) post = voisins_store_get_post (c->store, id, NULL);

          /* Only what this laptop already has can be edited here. */
          if (post != NULL)
            {
              g_autofree char *text = g_strdup_printf ("Version %u", op);

              if (g_rand_boolean (rand))
                voisins_post_set_title (post, text);
              else
                voisins_post_set_body (post, text);
              voisins_store_update_post (c->store, post, NULL);
            }
        }
      else if (what < 65)
        {
          const char *id = g_ptr_array_index (ids, g_rand_int_range (rand, 0, ids->len));
          VoisinsPostStatus to = g_rand_int_range (rand, VOISINS_POST_STATUS_MATCHED,
                                                   VOISINS_POST_STATUS_EXPIRED);

          /* Refused locally when the move is not allowed: that is fine. */
          voisins_store_set_post_status (c->store, id, to, NULL);
        }
      else if (what < 95)
        {
          voisins_sync_client_sync (c->client, NULL, NULL, NULL);
        }
      else
        {
          client_restart (c);
        }
    }

  /* The network is good again: everyone syncs until nothing moves. */
  for (guint i = 0; i < 3; i++)
    fault_proxy_set_random (proxies[i], 0, 1);
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < 3; i++)
      sync_ok (clients[i]);

  observer = client_new (w->server->base_url, vs_server_login (w->server, "coord"));
  sync_ok (observer);
  reference = dump (observer);
  g_test_message ("%u posts made, %u on the server, %u requests through the proxies",
                  ids->len, n_posts (observer),
                  fault_proxy_get_count (proxies[0]) + fault_proxy_get_count (proxies[1]) +
                  fault_proxy_get_count (proxies[2]));
  g_assert_cmpuint (n_posts (observer), >, 0);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *mine = dump (clients[i]);

      g_assert_cmpuint (voisins_store_count_pending (clients[i]->store, NULL), ==, 0);
      g_assert_cmpstr (mine, ==, reference);
    }

  for (guint i = 0; i < 3; i++)
    {
      client_free (clients[i]);
      fault_proxy_free (proxies[i]);
    }
}

static void
test_holiday_campaign_cleared (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) coord = client_new (w->server->base_url, w->coord);
  g_autoptr(Client) vol = client_new (w->server->base_url, w->vol);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *m1 = vs_uuid (), *m2 = vs_uuid ();
  g_autofree char *host = vs_uuid (), *guest = vs_uuid ();
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsHolidayPurgeCounts counts = { 0 };
  const char *members[] = { m1, m2 };
  gint64 seq = 1;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                           "\"consent_scope\":\"posts\","
                           "\"first_name\":\"Voisin%u\",\"last_name\":\"Martin\","
                           "\"address\":\"12 rue de Cotte\",\"lat\":48.848,"
                           "\"lon\":2.378,\"languages\":\"fr\"}",
                           members[i], w->a, i);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);
    }
  {
    g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":1,\"seats\":2,"
                                          "\"languages\":\"fr\"}", host, w->a, m1);
    g_autofree char *g = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":1,\"languages\":\"fr\"}",
                                          guest, w->a, m2);
    g_autoptr(JsonNode) r1 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.host.put", h, NULL);
    g_autoptr(JsonNode) r2 = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", g, NULL);
  }

  sync_ok (coord);
  sync_ok (vol);
  g_assert_cmpuint (voisins_store_count_holiday_guests (vol->store, NULL), ==, 1);
  g_assert_cmpuint (voisins_store_count_holiday_hosts (vol->store, NULL), ==, 1);

  /* A volunteer may not clear the campaign: refused here, and by the server for a
   * client that would try anyway; nothing is lost. */
  g_assert_false (voisins_store_clear_holiday_campaign (vol->store, w->a, &counts, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (voisins_store_count_holiday_guests (vol->store, NULL), ==, 1);
  {
    g_autofree char *args = g_strdup_printf ("{\"association_id\":\"%s\"}", w->a);
    g_autofree char *c1 = vs_uuid ();
    g_autoptr(JsonNode) r = vs_push1 (w->server, w->vol, c1, 1, "holiday.purge", args, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==, "forbidden");
  }
  sync_ok (vol);
  notices = voisins_store_list_notices (vol->store, NULL);
  g_assert_cmpuint (notices->len, ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE deleted = 0"
                                           " AND type LIKE 'holiday_%'"), ==, 2);

  /* The coordinator clears it after the holidays: every laptop drops the list. */
  g_assert_true (voisins_store_clear_holiday_campaign (coord->store, w->a, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.hosts, ==, 1);
  g_assert_cmpuint (voisins_store_count_holiday_guests (coord->store, NULL), ==, 0);
  sync_ok (coord);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE deleted = 0"
                                           " AND type LIKE 'holiday_%'"), ==, 0);
  /* The server keeps tombstones only: nothing personal. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE deleted = 1"
                                           " AND type LIKE 'holiday_%' AND data LIKE '%member_id%'"), ==, 0);

  sync_ok (vol);
  g_assert_cmpuint (voisins_store_count_holiday_guests (vol->store, NULL), ==, 0);
  g_assert_cmpuint (voisins_store_count_holiday_hosts (vol->store, NULL), ==, 0);
}

/* {{{ erasure reaches every laptop */

/* How many text cells of the laptop's database, in any table, contain @needle. */
static gint64
count_in_store (Client *c, const char *needle)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *tables = NULL;
  gint64        found = 0;

  g_assert_cmpint (sqlite3_open_v2 (c->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &tables, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *table = g_strdup ((const char *) sqlite3_column_text (tables, 0));
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      sqlite3_stmt    *rows = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        continue;
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int col = 0; col < sqlite3_column_count (rows); col++)
          {
            const char *text = (const char *) sqlite3_column_text (rows, col);

            if (text && strstr (text, needle))
              {
                g_test_message ("“%s” still in %s", needle, table);
                found++;
              }
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return found;
}

static void
erase_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  voisins_sync_members_erase_finish (VOISINS_SYNC_CLIENT (source), result, error);
  *(gboolean *) g_object_get_data (source, "done") = TRUE;
}

/* A coordinator erases a neighbour at her request from one laptop; another coordinator's
 * laptop and a volunteer's, at their next sync, have nothing personal of her left. */
static void
test_erasure_reaches_laptops (void)
{
  g_autoptr (VsWorld) w = vs_world_new (NULL);
  g_autofree char *url = g_strdup (w->server->base_url);
  g_autoptr (Client) a = client_new (url, w->coord);
  g_autoptr (Client) b = client_new (url, w->admin);
  g_autoptr (Client) v = client_new (url, w->vol);
  g_autofree char *jeanne = vs_uuid ();
  g_autofree char *rose = vs_uuid ();
  g_autofree char *post = vs_uuid ();
  g_autofree char *host = vs_uuid ();
  g_autofree char *c0 = vs_uuid ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VoisinsMember) erased = NULL;
  gboolean    done = FALSE;
  gint64      seq = 1;
  const char *args[] = {
    "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Jeannette\","
    "\"last_name\":\"Quenouille\",\"address\":\"12 rue de Cotte\",\"phone\":\"0143987654\","
    "\"email\":\"jq@example.org\",\"needs\":\"Courses\",\"languages\":\"fr\","
    "\"lat\":48.848,\"lon\":2.378,\"consent_scope\":\"posts,holiday\"}",
    "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Rose\","
    "\"lat\":48.848,\"lon\":2.378,\"consent_scope\":\"posts\"}",
  };
  const char *ids[] = { jeanne, rose };

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_autofree char *m = g_strdup_printf (args[i], ids[i], w->a);
      g_autoptr (JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", m, NULL);

      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    g_autofree char *p = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"kind\":\"request\",\"category\":\"service\","
                                          "\"title\":\"Des courses le mardi\",\"author_id\":\"%s\","
                                          "\"author_name\":\"Jeannette Quenouille\"}",
                                          post, w->a, jeanne);
    g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":1,\"seats\":2,"
                                          "\"notes\":\"Quenouille, digicode 4521\"}",
                                          host, w->a, jeanne);
    g_autoptr (JsonNode) r1 = vs_push1 (w->server, w->coord, c0, seq++, "post.create", p, NULL);
    g_autoptr (JsonNode) r2 =
        vs_push1 (w->server, w->coord, c0, seq++, "holiday.host.put", h, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r1, 0), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (vs_result (r2, 0), "status"), ==, "applied");
  }
  sync_ok (a);
  sync_ok (b);
  sync_ok (v);
  g_assert_cmpint (count_in_store (b, "Quenouille"), >, 0);
  g_assert_cmpint (count_in_store (b, "0143987654"), >, 0);
  g_assert_cmpint (count_in_store (v, "Jeannette"), >, 0);

  /* Erased from laptop A, online. */
  g_object_set_data (G_OBJECT (a->client), "done", &done);
  voisins_sync_members_erase_async (a->client, w->a, jeanne, NULL, erase_done, &error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);

  sync_ok (a);
  sync_ok (b);
  sync_ok (v);
  for (guint i = 0; i < 3; i++)
    {
      Client     *c = i == 0 ? a : i == 1 ? b : v;
      const char *personal[] = { "Jeannette",    "Quenouille", "0143987654", "jq@example.org",
                                 "rue de Cotte", "digicode",   "Courses" };

      for (guint k = 0; k < G_N_ELEMENTS (personal); k++)
        g_assert_cmpint (count_in_store (c, personal[k]), ==, 0);
      /* She is still there (her id), erased; the others are untouched. */
      erased = voisins_store_get_member (c->store, jeanne, &error);
      g_assert_no_error (error);
      g_assert_nonnull (erased);
      g_assert_cmpint (voisins_member_get_erased_at (erased), >, 0);
      g_assert_cmpstr (
          voisins_member_get_first_name (erased) ? voisins_member_get_first_name (erased) : "", ==,
          "");
      g_assert_null (voisins_member_get_phone (erased));
      g_clear_object (&erased);
      g_assert_cmpint (count_in_store (c, "Rose"), >, 0);
      g_assert_cmpint (count_in_store (c, "Des courses le mardi"), >, 0);
    }
}

/* }}} */

/* The quartier's address base and the association's details reach a volunteer's laptop
 * with a sync, and an address completes there offline (issue 11). */
static void
test_address_base (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) c = client_new (w->server->base_url, w->vol);
  g_autofree char *path = g_build_filename (w->server->dir, "base.csv", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(VoisinsAssociation) assoc = NULL;
  g_autoptr(VoisinsAddress) match = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
      "id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat\n"
      "t12;12;;Rue Traversière;75012;Paris 12e Arrondissement;2.3731;48.8478\n"
      "t14;14;b;Rue Traversière;75012;Paris 12e Arrondissement;2.3733;48.8479\n"
      "c3;3;;Rue Crozatier;75012;Paris 12e Arrondissement;2.3790;48.8490\n", -1, NULL));
  out = vs_server_cli (w->server, NULL, "import-addresses", "--association", w->a, path, NULL);
  g_free (vs_server_cli (w->server, NULL, "set-association", "--association", w->a, "--phone",
                         "01 43 43 00 00", "--address", "4 rue Traversière, 75012 Paris", NULL));

  sync_ok (c);
  g_assert_cmpuint (voisins_store_count_addresses (c->store, w->a, NULL), ==, 3);
  found = voisins_store_complete_addresses (c->store, w->a, "12 rue", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((VoisinsAddress *) found->pdata[0])->street, ==, "rue Traversière");
  g_assert_cmpfloat (((VoisinsAddress *) found->pdata[0])->lat, ==, 48.8478);
  match = voisins_store_match_address (c->store, w->a, "14 bis, r. traversiere", NULL);
  g_assert_nonnull (match);
  assoc = voisins_store_get_association (c->store, w->a, NULL);
  g_assert_cmpstr (voisins_association_get_phone (assoc), ==, "01 43 43 00 00");
  g_assert_cmpstr (voisins_association_get_address (assoc), ==, "4 rue Traversière, 75012 Paris");

  /* A new base replaces the old one at the next sync; a detail cleared is cleared. */
  g_assert_true (g_file_set_contents (path,
      "id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat\n"
      "t12;12;;Rue Traversière;75012;Paris 12e Arrondissement;2.3731;48.8478\n", -1, NULL));
  g_free (vs_server_cli (w->server, NULL, "import-addresses", "--association", w->a, path, NULL));
  g_free (vs_server_cli (w->server, NULL, "set-association", "--association", w->a, "--phone", "",
                         NULL));
  sync_ok (c);
  g_assert_cmpuint (voisins_store_count_addresses (c->store, w->a, NULL), ==, 1);
  g_assert_cmpint (voisins_store_get_addresses_version (c->store, w->a), ==, 2);
  g_clear_object (&assoc);
  assoc = voisins_store_get_association (c->store, w->a, NULL);
  g_assert_null (voisins_association_get_phone (assoc));
  g_assert_cmpstr (voisins_association_get_address (assoc), ==, "4 rue Traversière, 75012 Paris");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/two-clients-converge", test_two_clients_converge);
  g_test_add_func ("/sync/fields-and-conflicts", test_fields_and_conflicts);
  g_test_add_func ("/sync/status-moves-forward", test_status_moves_forward);
  g_test_add_func ("/sync/edit-vs-delete", test_edit_vs_delete);
  g_test_add_func ("/sync/killed-before-push", test_killed_before_push);
  g_test_add_func ("/sync/reply-lost", test_reply_lost);
  g_test_add_func ("/sync/bad-answers", test_bad_answers);
  g_test_add_func ("/sync/server-down", test_server_down);
  g_test_add_func ("/sync/token-revoked", test_token_revoked);
  g_test_add_func ("/sync/restore-from-backup", test_restore_from_backup);
  g_test_add_func ("/sync/many-changes-resumed", test_many_changes_resumed);
  g_test_add_func ("/sync/capped-pages", test_capped_pages);
  g_test_add_func ("/sync/last-holiday-seat", test_last_holiday_seat);
  g_test_add_func ("/sync/volunteer-holiday", test_volunteer_holiday);
  g_test_add_func ("/sync/holiday-put-versions", test_holiday_put_versions);
  g_test_add_func ("/sync/restore-with-pending-edit", test_restore_with_pending_edit);
  g_test_add_func ("/sync/restore-older-than-client", test_restore_older_than_client);
  g_test_add_func ("/sync/edit-before-first-sync", test_edit_before_first_sync);
  g_test_add_func ("/sync/logout-then-another-user", test_logout_then_another_user);
  g_test_add_func ("/sync/overlapping-syncs", test_overlapping_syncs);
  g_test_add_func ("/sync/holiday-campaign-cleared", test_holiday_campaign_cleared);
  g_test_add_func ("/sync/random-convergence", test_random_convergence);
  g_test_add_func ("/sync/erasure-reaches-laptops", test_erasure_reaches_laptops);
  g_test_add_func ("/sync/address-base", test_address_base);
  g_test_add_func ("/sync/help-two-laptops", test_help_two_laptops);

  return g_test_run ();
}
