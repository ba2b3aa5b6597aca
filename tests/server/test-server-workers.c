/* test-server-workers.c: `--workers 2`, two serving processes on one port and one database
 * (issue 15 #6): the login rate limits hold whichever process answers, SIGTERM stops them
 * all, and a worker that dies stops the server with a failure status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "server-fixture.h"

static VsServer *
start_workers (const char *extra_config)
{
  VsServer *server = vs_server_new (extra_config);

  server->args = g_strdupv ((char *[]){ "--workers", "2", NULL });
  /* each answer says which process gave it (X-Voisins-Worker: its pid) */
  vs_server_setenv (server, "VOISINS_SERVER_TEST_WORKER_HEADER", "1");
  vs_server_start (server);
  return server;
}

/* On a new connection each time, so that the kernel picks a worker for each. Its status;
 * *pid: the worker's. */
static guint
request (VsServer   *server,
         const char *method,
         const char *path,
         const char *body,
         char      **pid)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection", "close");
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *pid = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "X-Voisins-Worker"));
  g_assert_nonnull (*pid);
  return soup_message_get_status (msg);
}

static guint
wrong_login (VsServer   *server,
             const char *username,
             char      **pid)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"wrong-password\","
                                           "\"device\":\"d\"}", username);

  return request (server, "POST", "/api/v1/login", body, pid);
}

/* Both workers' pids, from answers to health checks. */
static void
both_pids (VsServer *server,
           char    **pids)
{
  pids[0] = pids[1] = NULL;
  for (guint i = 0; i < 200 && pids[1] == NULL; i++)
    {
      g_autofree char *pid = NULL;

      g_assert_cmpuint (request (server, "GET", "/api/v1/health", NULL, &pid), ==, 200);
      if (pids[0] == NULL)
        pids[0] = g_steal_pointer (&pid);
      else if (!g_str_equal (pid, pids[0]))
        pids[1] = g_steal_pointer (&pid);
    }
  g_assert_nonnull (pids[1]);
}

static gboolean
process_exists (const char *pid)
{
  return kill (atoi (pid), 0) == 0 || errno != ESRCH;
}

static void
test_rate_limits (void)
{
  /* per account: 4 failures, then refused by either process */
  {
    g_autoptr(VsServer) server = start_workers ("login-failures-per-account=4");
    g_autoptr(GHashTable) refused_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
    g_autoptr(GHashTable) answered_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);

    for (guint i = 0; i < 4; i++)
      {
        char *pid = NULL;

        g_assert_cmpuint (wrong_login (server, "victim", &pid), ==, 401);
        g_hash_table_add (answered_by, pid);
      }
    for (guint i = 0; i < 30; i++)
      {
        char *pid = NULL;

        g_assert_cmpuint (wrong_login (server, "victim", &pid), ==, 429);
        g_hash_table_add (refused_by, pid);
      }
    /* the 34 connections went to both processes, and each refused */
    g_assert_cmpuint (g_hash_table_size (refused_by), ==, 2);
    /* another account is not limited */
    {
      g_autofree char *pid = NULL;

      g_assert_cmpuint (wrong_login (server, "other", &pid), ==, 401);
    }
  }
  /* per address: 10 attempts, whatever the names, then refused by either process */
  {
    g_autoptr(VsServer) server = start_workers ("login-attempts-per-address=10");
    g_autoptr(GHashTable) refused_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);

    for (guint i = 0; i < 40; i++)
      {
        g_autofree char *user = g_strdup_printf ("user%u", i);
        char *pid = NULL;

        g_assert_cmpuint (wrong_login (server, user, &pid), ==, i < 10 ? 401 : 429);
        if (i >= 10)
          g_hash_table_add (refused_by, pid);
        else
          g_free (pid);
      }
    g_assert_cmpuint (g_hash_table_size (refused_by), ==, 2);
  }
}

/* SIGTERM to the parent stops both workers, and it exits 0 (vs_server_stop checks). */
static void
test_stop (void)
{
  g_autoptr(VsServer) server = start_workers (NULL);
  char *pids[2];

  both_pids (server, pids);
  vs_server_stop (server, FALSE);
  g_assert_false (process_exists (pids[0]));
  g_assert_false (process_exists (pids[1]));
  g_free (pids[0]);
  g_free (pids[1]);
}

/* A worker that dies is reported and the parent stops the other one, then exits 1 (for
 * the service manager to restart the whole). */
static void
test_worker_dies (void)
{
  g_autoptr(VsServer) server = start_workers (NULL);
  g_autoptr(GError) error = NULL;
  char *pids[2];

  both_pids (server, pids);
  g_assert_cmpint (kill (atoi (pids[0]), SIGKILL), ==, 0);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 1);
  g_assert_false (process_exists (pids[1]));
  g_clear_object (&server->process);
  g_free (pids[0]);
  g_free (pids[1]);
}

/* Pushes of one association from many laptops at once, answered by both processes: every
 * change is applied once, and the server_seqs handed out are distinct and without a gap
 * (each process took the next one from the counter row, under its lock: two processes
 * reading the same next_seq was a duplicate key, then a 500, on PostgreSQL). */
typedef struct
{
  VsServer   *server;
  const char *token;
  const char *assoc;
  GMutex     *lock;
  GHashTable *answered_by; /* pid → NULL */
  guint       applied;
} Pusher;

#define PUSHERS           8
#define PUSHES_PER_PUSHER 15

/* One post.create (seq @seq of @client_id) on a new connection, so that the kernel picks a
 * worker; its status, *pid the worker's, *applied whether the change was applied. */
static guint
push_one (SoupSession *session,
          VsServer    *server,
          const char  *token,
          const char  *assoc,
          const char  *client_id,
          gint64       seq,
          char       **pid,
          gboolean    *applied)
{
  g_autofree char *url = g_strconcat (server->base_url, "/api/v1/sync/push", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *id = vs_uuid ();
  g_autofree char *args = vs_post_json (id, assoc, "Prête une perceuse");
  const char      *names[] = { "post.create" };
  const char      *argv[] = { args };
  g_autofree char *body = vs_push_body (client_id, seq, 1, names, argv);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  guint               status;

  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_replace (headers, "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  status = soup_message_get_status (msg);
  *pid = g_strdup (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Voisins-Worker"));
  g_assert_nonnull (*pid);
  *applied = FALSE;
  if (status == 200)
    {
      JsonObject *result;

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                                 g_bytes_get_size (answer), NULL));
      result = vs_result (json_parser_get_root (parser), 0);
      *applied = g_strcmp0 (json_object_get_string_member (result, "status"), "applied") == 0;
    }
  return status;
}

static gpointer
pusher_run (gpointer data)
{
  Pusher *p = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *client_id = vs_uuid ();

  for (guint i = 0; i < PUSHES_PER_PUSHER; i++)
    {
      char    *pid = NULL;
      gboolean applied = FALSE;

      g_assert_cmpuint (
          push_one (session, p->server, p->token, p->assoc, client_id, i + 1, &pid, &applied), ==,
          200);
      g_assert_true (applied);
      g_mutex_lock (p->lock);
      p->applied++;
      g_hash_table_add (p->answered_by, pid);
      g_mutex_unlock (p->lock);
    }
  return NULL;
}

static void
test_concurrent_pushes (void)
{
  g_autoptr(VsServer) server = start_workers ("push-mutations-per-minute=100000");
  g_autofree char *assoc = vs_server_add_association (server, "Quinze-Vingts");
  g_autofree char *user = vs_server_add_user (server, assoc, "claire", "volunteer");
  g_autofree char *token = vs_server_login (server, "claire");
  g_autoptr(GHashTable) answered_by =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *count_sql = NULL;
  GThread         *threads[PUSHERS];
  GMutex           lock;
  Pusher           p = { server, token, assoc, &lock, answered_by, 0 };
  const gint64     expected = PUSHERS * PUSHES_PER_PUSHER;

  g_mutex_init (&lock);
  for (guint i = 0; i < PUSHERS; i++)
    threads[i] = g_thread_new ("pusher", pusher_run, &p);
  for (guint i = 0; i < PUSHERS; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&lock);

  g_assert_cmpuint (p.applied, ==, expected);
  g_assert_cmpuint (g_hash_table_size (answered_by), ==, 2);
  count_sql = g_strdup_printf ("SELECT count(*) FROM records WHERE type = 'post'"
                               " AND association_id = '%s'",
                               assoc);
  g_assert_cmpint (vs_db_count (server, count_sql), ==, expected);
  g_free (count_sql);
  count_sql = g_strdup_printf ("SELECT count(DISTINCT server_seq) FROM records"
                               " WHERE association_id = '%s'",
                               assoc);
  {
    g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM records"
                                            " WHERE association_id = '%s'",
                                            assoc);

    g_assert_cmpint (vs_db_count (server, count_sql), ==, vs_db_count (server, all));
  }
  g_free (count_sql);
  /* no gap: the seqs are 1..n, n the counter's next value less one */
  count_sql = g_strdup_printf ("SELECT max(server_seq) - min(server_seq) + 1 - count(*)"
                               " FROM records WHERE association_id = '%s'",
                               assoc);
  g_assert_cmpint (vs_db_count (server, count_sql), ==, 0);
  g_free (count_sql);
  count_sql = g_strdup_printf ("SELECT next_seq - 1 - (SELECT max(server_seq) FROM records"
                               " WHERE association_id = '%s') FROM associations"
                               " WHERE id = '%s'",
                               assoc, assoc);
  g_assert_cmpint (vs_db_count (server, count_sql), ==, 0);
}

/* The push budget is one per user whichever process answers: 20 changes a minute, pushed
 * one by one over new connections (both processes answer), then every further push is
 * refused (429) by either process, and nothing of it is stored. Per process, each would
 * have let 20 through. */
static void
test_push_budget (void)
{
  g_autoptr(VsServer) server = start_workers ("push-mutations-per-minute=20");
  g_autofree char *assoc = vs_server_add_association (server, "Quinze-Vingts");
  g_autofree char *user = vs_server_add_user (server, assoc, "claire", "volunteer");
  g_autofree char *token = vs_server_login (server, "claire");
  g_autofree char *client_id = vs_uuid ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GHashTable) accepted_by =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) refused_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 seq = 1;

  for (; seq <= 20; seq++)
    {
      char    *pid = NULL;
      gboolean applied = FALSE;

      g_assert_cmpuint (push_one (session, server, token, assoc, client_id, seq, &pid, &applied),
                        ==, 200);
      g_assert_true (applied);
      g_hash_table_add (accepted_by, pid);
    }
  for (guint i = 0; i < 30 && g_hash_table_size (refused_by) < 2; i++)
    {
      char    *pid = NULL;
      gboolean applied = TRUE;

      g_assert_cmpuint (push_one (session, server, token, assoc, client_id, seq, &pid, &applied),
                        ==, 429);
      g_assert_false (applied);
      g_hash_table_add (refused_by, pid);
    }
  g_assert_cmpuint (g_hash_table_size (accepted_by), ==, 2);
  g_assert_cmpuint (g_hash_table_size (refused_by), ==, 2);
  g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM records WHERE type = 'post'"), ==,
                   20);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/workers/rate-limits", test_rate_limits);
  g_test_add_func ("/server/workers/stop", test_stop);
  g_test_add_func ("/server/workers/worker-dies", test_worker_dies);
  g_test_add_func ("/server/workers/concurrent-pushes", test_concurrent_pushes);
  g_test_add_func ("/server/workers/push-budget", test_push_budget);
  return g_test_run ();
}
