/* test-server-durability.c: kill -9 the server in the middle of push batches; every
 * acknowledged mutation survives, nothing is half-applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "server-fixture.h"
#include "voisins-json.h"

#define BATCH 100

typedef struct
{
  VsWorld      *w;
  char         *client;
  char         *base_url;
  char         *token;
  gint64        acked;        /* highest seq acknowledged (200) */
  gint64        next_seq;
  volatile gint stop;
} Pusher;

static char *
batch_body (Pusher *p,
            gint64  first)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < BATCH; i++)
    {
      /* Deterministic ids per seq, so a retried batch is the same batch. */
      g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-%012" G_GINT64_MODIFIER "x",
                                             first + i);

      g_ptr_array_add (names, (gpointer) "post.create");
      g_ptr_array_add (args, vs_post_json (id, p->w->a, "Durable post"));
    }
  return vs_push_body (p->client, first, BATCH, (const char * const *) names->pdata,
                       (const char * const *) args->pdata);
}

static gpointer
pusher_thread (gpointer data)
{
  Pusher *p = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autofree char *url = g_strconcat (p->base_url, "/api/v1/sync/push", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", p->token, NULL);

  while (!g_atomic_int_get (&p->stop))
    {
      g_autofree char *body = batch_body (p, p->next_seq);
      gsize body_len = strlen (body);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), body_len);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      if (error)
        break;  /* the server died */
      if (soup_message_get_status (msg) != 200)
        break;
      p->acked = p->next_seq + BATCH - 1;
      p->next_seq += BATCH;
    }
  return NULL;
}

static void
test_kill_mid_push (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Pusher p = { 0 };
  GThread *thread;
  gint64 n_posts, last;

  p.w = w;
  p.client = vs_uuid ();
  p.base_url = g_strdup (w->server->base_url);
  p.token = g_strdup (w->vol);
  p.next_seq = 1;

  thread = g_thread_new ("pusher", pusher_thread, &p);
  g_usleep (G_USEC_PER_SEC + g_random_int_range (0, 500000));
  vs_server_stop (w->server, TRUE);  /* SIGKILL, no chance to clean up */
  g_atomic_int_set (&p.stop, 1);
  g_thread_join (thread);
  g_test_message ("acknowledged up to %" G_GINT64_FORMAT, p.acked);
  g_assert_cmpint (p.acked, >=, BATCH);

  /* The database is sound and holds every acknowledged mutation, in whole batches (the
   * file's own check on SQLite; PostgreSQL has no such check: its WAL replay is its own). */
  if (!vs_backend_is_postgresql ())
    g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM pragma_integrity_check"
                                             " WHERE integrity_check = 'ok'"),
                     ==, 1);
  n_posts = vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'");
  last = vs_db_count (w->server, "SELECT last_mutation_seq FROM clients");
  g_assert_cmpint (n_posts, >=, p.acked);
  g_assert_cmpint (n_posts % BATCH, ==, 0);
  g_assert_cmpint (last, ==, n_posts);
  /* at most one batch committed whose answer was lost */
  g_assert_cmpint (n_posts - p.acked, <=, BATCH);

  /* Restart; the client retries its first unacknowledged batch: no duplicate. */
  vs_server_start (w->server);
  {
    g_autofree char *body = batch_body (&p, p.acked + 1);
    g_autoptr(JsonNode) r = NULL;
    guint status;

    r = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "last_mutation_seq"),
                     ==, p.acked + BATCH);
  }
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, p.acked + BATCH);

  g_free (p.client);
  g_free (p.base_url);
  g_free (p.token);
}

/* The server's disk fills up in the middle of pushes: the push that does not fit is answered
 * 503 (busy, "disk is full") with nothing of it written, the server keeps serving, and once
 * space is freed the same batch sent again is applied once; every acknowledged post is there. */
static void
test_disk_full (void)
{
  g_autoptr(VsWorld) w = NULL;
  Pusher           p = { 0 };
  g_autofree char *filler = NULL;
  g_autofree char *zeros = g_malloc0 (256 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *cursor = NULL;
  guint64          used = 0;
  gboolean         full = FALSE;

  if (vs_backend_skip_unless_sqlite ("the database is a file in the server's folder, whose "
                                     "disk the test fills"))
    return;
  if (!vs_server_can_limit_disk ())
    {
      g_test_skip ("no user and mount namespaces here (unshare -rm): no small disk to fill");
      return;
    }
  w = vs_world_new (NULL);
  p.w = w;
  p.client = vs_uuid ();
  p.next_seq = 1;

  /* The same server and database on a disk with 1 MiB to spare, of which a file takes a
   * quarter, to be freed later. */
  vs_server_stop (w->server, FALSE);
  {
    g_autoptr(GDir) dir = g_dir_open (w->server->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (w->server->dir, name, NULL);
        GStatBuf         st;

        if (g_stat (path, &st) == 0)
          used += st.st_size;
      }
  }
  w->server->disk_bytes = used + 1024 * 1024;
  vs_server_start (w->server);
  filler = vs_server_path (w->server, "filler");
  g_file_set_contents (filler, zeros, 256 * 1024, &error);
  g_assert_no_error (error);

  for (guint n = 0; n < 1000 && !full; n++)
    {
      g_autofree char *body = batch_body (&p, p.next_seq);
      g_autoptr(JsonNode) r = NULL;
      guint status = 0;

      r = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
      if (status == 503)
        {
          full = TRUE;
          g_assert_cmpstr (vs_error_code (r), ==, "busy");
          g_assert_nonnull (strstr (
              voisins_json_read_string_or (
                  voisins_json_read_object (json_node_get_object (r), "error"), "message", ""),
              "disk is full"));
          break;
        }
      g_assert_cmpuint (status, ==, 200);
      p.acked = p.next_seq + BATCH - 1;
      p.next_seq += BATCH;
    }
  g_assert_true (full);
  g_test_message ("the disk was full after %" G_GINT64_FORMAT " posts", p.acked);
  g_assert_cmpint (p.acked, >=, BATCH);

  /* Reading still works while it is full. */
  {
    g_autoptr(JsonNode) r = NULL;
    guint status = 0;

    r = vs_get (w->server, "/api/v1/health", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  /* Space freed: the refused batch, sent again as it was, is applied. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  {
    g_autofree char *body = batch_body (&p, p.next_seq);
    g_autoptr(JsonNode) r = NULL;
    guint status = 0;

    r = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "last_mutation_seq"), ==,
                     p.next_seq + BATCH - 1);
    p.acked = p.next_seq + BATCH - 1;
  }

  /* Every acknowledged post is there, once: none of the refused push was half-written. */
  changes = vs_pull_all (w->server, w->vol, p.client, w->a, NULL, 1000, &cursor, NULL);
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < changes->len; i++)
      {
        JsonObject *c = g_ptr_array_index (changes, i);

        if (g_strcmp0 (voisins_json_read_string (c, "type"), "post") == 0)
          g_assert_true (g_hash_table_add (seen, (gpointer) voisins_json_read_string (c, "id")));
      }
    g_assert_cmpuint (g_hash_table_size (seen), ==, p.acked);
  }
  vs_server_stop (w->server, FALSE);
  g_free (p.client);
}

/* A database of the schema before the SQL layer (twelve migrations, its version in PRAGMA
 * user_version, no schema_migrations): the server takes its version over, runs only the
 * newer migrations and keeps every row. Made from a database of today's schema by taking
 * away what migration 13 and the layer added, which is all that differs. */
static void
test_schema_taken_over (void)
{
  if (vs_backend_skip_unless_sqlite ("a file of the PRAGMA user_version schema taken over"))
    return;
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Pusher           p = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  sqlite3 *db;
  guint    status;

  p.w = w;
  p.client = vs_uuid ();
  first = batch_body (&p, 1);
  r1 = vs_post (w->server, "/api/v1/sync/push", w->vol, first, &status);
  g_assert_cmpuint (status, ==, 200);
  vs_server_stop (w->server, FALSE);

  db = vs_server_open_db (w->server);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX records_association_id;"
                                 "DROP TABLE schema_migrations;"
                                 "PRAGMA user_version = 12;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  vs_server_start (w->server);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM schema_migrations"), ==, 13);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM sqlite_master"
                                           " WHERE name = 'records_association_id'"),
                   ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"), ==,
                   BATCH);
  /* The data goes on: the same client's next batch follows the first. */
  second = batch_body (&p, BATCH + 1);
  r2 = vs_post (w->server, "/api/v1/sync/push", w->vol, second, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r2), "last_mutation_seq"), ==,
                   2 * BATCH);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"), ==,
                   2 * BATCH);
  vs_server_stop (w->server, FALSE);
  g_free (p.client);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/durability/kill-mid-push", test_kill_mid_push);
  g_test_add_func ("/server/durability/disk-full", test_disk_full);
  g_test_add_func ("/server/durability/schema-taken-over", test_schema_taken_over);

  return g_test_run ();
}
