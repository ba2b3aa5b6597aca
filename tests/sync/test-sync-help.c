/* test-sync-help.c: a request's status following its help, between two laptops and a real
 * voisins-server (issue 12, item 1): at once on the laptop that took the step, from the
 * server on the other, and given back when the server refuses the step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "server-fixture.h"
#include "voisins-core.h"
#include "voisins-store-helps-async.h"

typedef struct
{
  char              *dir;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
} Client;

static Client *
client_new (const char *url,
            const char *token)
{
  Client *c = g_new0 (Client, 1);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  c->dir = g_dir_make_tmp ("voisins-sync-help-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (c->dir, "voisins.db", NULL);
  c->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  c->client = voisins_sync_client_new (c->store);
  voisins_sync_client_set_server_url (c->client, url);
  voisins_sync_client_set_token (c->client, token);
  voisins_sync_client_set_timeout (c->client, 3);

  return c;
}

static void
client_free (Client *c)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", c->dir);

  g_clear_object (&c->client);
  g_clear_object (&c->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (c->dir);
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

static void
on_views (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = voisins_store_list_help_views_finish (VOISINS_STORE (source), result, &error);
  g_assert_no_error (error);
}

/* The helps of @post as the request's detail gets them (its worker, its phones). */
static GPtrArray *
help_views (Client     *c,
            const char *post)
{
  GPtrArray *views = NULL;

  voisins_store_list_help_views_async (c->store, post, NULL, on_views, &views);
  while (views == NULL)
    g_main_context_iteration (NULL, TRUE);
  return views;
}

static VoisinsPostStatus
post_status (Client     *c,
             const char *id)
{
  g_autoptr(VoisinsPost) post = voisins_store_get_post (c->store, id, NULL);

  g_assert_nonnull (post);
  return voisins_post_get_status (post);
}

/* The request's status follows its help on the laptop at once, as the server will decide
 * it; the other laptop learns it from the server. A step the server refuses gives the
 * request its status back. */
static void
test_help_moves_post (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) lea = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) desk = client_new (w->server->base_url, w->coord);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *khadija = vs_uuid (), *ana = vs_uuid ();
  g_autofree char *shelf = vs_uuid (), *curtain = vs_uuid ();
  g_autofree char *h_shelf = NULL, *h_curtain = NULL;
  g_autoptr(GError) error = NULL;
  const char *members[] = { khadija, ana };
  const char *requests[] = { shelf, curtain };
  gint64 seq = 1;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                           "\"consent_scope\":\"posts,phone\",\"first_name\":\"M%u\","
                           "\"last_name\":\"Martin\",\"phone\":\"061111111%u\","
                           "\"lat\":48.848,\"lon\":2.378,\"languages\":\"fr\"}",
                           members[i], w->a, i, i);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args,
                                        NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                           "\"category\":\"diy\",\"status\":\"open\",\"title\":\"Shelf\","
                           "\"body\":\"To put up\",\"author_id\":\"%s\",\"author_name\":\"K\","
                           "\"lat\":48.848,\"lon\":2.378,\"created_at\":1700000000}",
                           requests[i], w->a, khadija);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "post.create", args,
                                        NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  sync_ok (lea);
  sync_ok (desk);
  /* What the server's rules say of the follow-up of every request, kept by each laptop. */
  {
    gboolean may = TRUE;

    g_assert_true (voisins_store_get_may_follow_up (lea->store, w->a, &may));
    g_assert_false (may);
    g_assert_true (voisins_store_get_may_follow_up (desk->store, w->a, &may));
    g_assert_true (may);
  }

  /* Ana says yes to the shelf: matched on Léa's laptop before any sync, then on the desk's;
   * she came: done on both. */
  h_shelf = voisins_store_propose_help (lea->store, shelf, ana, &error);
  g_assert_no_error (error);
  g_assert_cmpint (post_status (lea, shelf), ==, VOISINS_POST_STATUS_OPEN);
  g_assert_true (voisins_store_set_help_state (lea->store, h_shelf, "accepted", &error));
  g_assert_cmpint (post_status (lea, shelf), ==, VOISINS_POST_STATUS_MATCHED);
  {
    g_autoptr(GPtrArray) views = help_views (lea, shelf);

    /* Before the sync, Léa's laptop holds no phone: the detail shows none. */
    g_assert_cmpuint (views->len, ==, 1);
    g_assert_null (((VoisinsHelpView *) views->pdata[0])->helper_phone);
  }
  sync_ok (lea);
  sync_ok (desk);
  g_assert_cmpint (post_status (lea, shelf), ==, VOISINS_POST_STATUS_MATCHED);
  {
    g_autoptr(GPtrArray) views = help_views (lea, shelf);
    VoisinsHelpView *v = views->pdata[0];

    /* The server sent the follower both phones: the detail shows what it holds. */
    g_assert_cmpstr (v->helper_name, ==, "M1 M.");
    g_assert_cmpstr (v->helper_phone, ==, "0611111111");
    g_assert_cmpstr (v->helped_name, ==, "M0 M.");
    g_assert_cmpstr (v->helped_phone, ==, "0611111110");
  }
  g_assert_cmpint (post_status (desk, shelf), ==, VOISINS_POST_STATUS_MATCHED);
  g_assert_true (voisins_store_set_help_state (lea->store, h_shelf, "done", &error));
  g_assert_cmpint (post_status (lea, shelf), ==, VOISINS_POST_STATUS_DONE);
  sync_ok (lea);
  sync_ok (desk);
  g_assert_cmpint (post_status (desk, shelf), ==, VOISINS_POST_STATUS_DONE);
  g_assert_cmpuint (voisins_store_count_pending (lea->store, NULL), ==, 0);
  {
    g_autoptr(GPtrArray) views = help_views (lea, shelf);
    VoisinsHelpView *v = views->pdata[0];

    /* Done: the server took the phones back; the name of who helped stays. */
    g_assert_cmpstr (v->help->state, ==, "done");
    g_assert_cmpstr (v->helper_name, ==, "M1 M.");
    g_assert_null (v->helper_phone);
    g_assert_null (v->helped_phone);
  }

  /* The curtain: the desk declines Léa's help while her laptop, offline, records Ana's
   * yes. The server refuses the yes (the help is closed): the curtain, matched for a
   * moment on Léa's laptop, is open again there, as on the server. */
  h_curtain = voisins_store_propose_help (lea->store, curtain, ana, &error);
  g_assert_no_error (error);
  sync_ok (lea);
  sync_ok (desk);
  g_assert_true (voisins_store_set_help_state (desk->store, h_curtain, "declined", &error));
  sync_ok (desk);
  g_assert_true (voisins_store_set_help_state (lea->store, h_curtain, "accepted", &error));
  g_assert_cmpint (post_status (lea, curtain), ==, VOISINS_POST_STATUS_MATCHED);
  sync_ok (lea);
  g_assert_cmpint (post_status (lea, curtain), ==, VOISINS_POST_STATUS_OPEN);
  {
    g_autoptr(GPtrArray) helps = voisins_store_list_helps (lea->store, curtain, NULL);

    g_assert_cmpuint (helps->len, ==, 1);
    g_assert_cmpstr (((VoisinsHelp *) helps->pdata[0])->state, ==, "declined");
  }
  g_assert_cmpuint (voisins_store_count_pending (lea->store, NULL), ==, 0);
  g_assert_cmpint (post_status (desk, curtain), ==, VOISINS_POST_STATUS_OPEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-help/moves-post", test_help_moves_post);
  return g_test_run ();
}
