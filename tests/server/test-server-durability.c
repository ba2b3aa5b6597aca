/* test-server-durability.c: kill -9 the server in the middle of push batches; every
 * acknowledged mutation survives, nothing is half-applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>
#include <string.h>

#include "server-fixture.h"

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

  /* The database is sound and holds every acknowledged mutation, in whole batches. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM pragma_integrity_check"
                                " WHERE integrity_check = 'ok'"), ==, 1);
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/durability/kill-mid-push", test_kill_mid_push);

  return g_test_run ();
}
