/* bench-sync.c: benchmarks #2 and #3 of issue 6, through the core's VoisinsSyncClient
 *
 *   bench-sync initial URL STORE USER PASSWORD
 *       login, then one sync into the empty STORE (created); prints
 *       "initial rows=N seconds=S" (the sync alone: login excluded)
 *   bench-sync incremental URL STORE USER PASSWORD N
 *       login, one sync to be current, then N syncs with nothing new; prints each
 *       round trip "incremental ms=M"
 *   bench-sync get URL PATH N
 *       N plain GETs of URL+PATH on one kept-alive connection: "get ms=M"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "voisins-core.h"

typedef struct
{
  GMainLoop *loop;
  char      *token;
  GError    *error;
} Wait;

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *w = user_data;

  w->token = voisins_sync_client_login_finish (VOISINS_SYNC_CLIENT (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

static VoisinsSyncClient *
login (VoisinsStore *store,
       const char   *url,
       const char   *user,
       const char   *password)
{
  VoisinsSyncClient *client = voisins_sync_client_new (store);
  Wait w = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  voisins_sync_client_login_async (client, url, user, password, "bench", NULL, login_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.token == NULL)
    {
      fprintf (stderr, "bench-sync: login: %s\n", w.error->message);
      exit (1);
    }
  voisins_sync_client_set_token (client, w.token);
  voisins_sync_client_set_timeout (client, 600);
  g_free (w.token);
  return client;
}

static void
sync_or_die (VoisinsSyncClient *client)
{
  g_autoptr(GError) error = NULL;
  VoisinsSyncSummary summary = { 0 };

  if (!voisins_sync_client_sync (client, NULL, &summary, &error))
    {
      fprintf (stderr, "bench-sync: sync: %s\n", error->message);
      exit (1);
    }
}

static gint64
count_posts (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM posts", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(VoisinsSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (argc >= 5 && g_str_equal (argv[1], "get"))
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autofree char *uri = g_strconcat (argv[2], argv[3], NULL);
      int n = atoi (argv[4]);

      for (int i = 0; i < n; i++)
        {
          g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
          g_autoptr(GBytes) body = NULL;
          gint64 t0 = g_get_monotonic_time ();

          body = soup_session_send_and_read (session, msg, NULL, &error);
          if (body == NULL || soup_message_get_status (msg) != 200)
            {
              fprintf (stderr, "bench-sync: GET %s failed\n", uri);
              return 1;
            }
          printf ("get ms=%.3f\n", (g_get_monotonic_time () - t0) / 1000.0);
        }
      return 0;
    }

  if (argc < 6)
    {
      fprintf (stderr, "usage: bench-sync initial|incremental URL STORE USER PASSWORD [N]\n");
      return 2;
    }

  if (g_str_equal (argv[1], "initial"))
    {
      const char *path = argv[3];
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      gint64 t0;

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      store = voisins_store_open (path, &error);
      if (store == NULL)
        {
          fprintf (stderr, "bench-sync: %s\n", error->message);
          return 1;
        }
      client = login (store, argv[2], argv[4], argv[5]);
      t0 = g_get_monotonic_time ();
      sync_or_die (client);
      printf ("initial rows=%" G_GINT64_FORMAT " seconds=%.3f\n", count_posts (path),
              (g_get_monotonic_time () - t0) / 1e6);
      return 0;
    }

  if (g_str_equal (argv[1], "incremental") && argc >= 7)
    {
      int n = atoi (argv[6]);

      store = voisins_store_open (argv[3], &error);
      if (store == NULL)
        {
          fprintf (stderr, "bench-sync: %s\n", error->message);
          return 1;
        }
      client = login (store, argv[2], argv[4], argv[5]);
      sync_or_die (client);
      for (int i = 0; i < n; i++)
        {
          gint64 t0 = g_get_monotonic_time ();

          sync_or_die (client);
          printf ("incremental ms=%.3f\n", (g_get_monotonic_time () - t0) / 1000.0);
        }
      return 0;
    }

  fprintf (stderr, "bench-sync: unknown mode %s\n", argv[1]);
  return 2;
}
