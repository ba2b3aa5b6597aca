/* bench-db.c: the server's SQL layer (src/server/storage/db) on its two drivers, against
 * sqlite3 called directly as the backend does today (the reference, same run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "push": mutations as the push applies them, 50 per write transaction, each in its
 * savepoint: the association's counter row taken (UPDATE … RETURNING), the record
 * upserted (a 600-byte JSON row), the client's mutation result stored; durable on both
 * (SQLite WAL synchronous=FULL, PostgreSQL fsync and synchronous_commit on). "pull": pages of 200 records read by
 * server_seq, every column read. Prints one line per measure:
 *   push raw-sqlite: N mutations/s
 *   push db-sqlite: N mutations/s
 *   push db-postgresql: N mutations/s      (when PostgreSQL is installed)
 *   pull …: N rows/s
 * Each the median of 5 runs, alternated. Usage: bench-db [N_PUSHES]
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "pg-fixture.h"
#include "voisins-db.h"

#define PAGE  200
#define BATCH 50   /* mutations per push: one transaction, a savepoint each */

static const char schema[] =
    "CREATE TABLE associations (id TEXT PRIMARY KEY, next_seq BIGINT NOT NULL DEFAULT 1);"
    "CREATE TABLE records (association_id TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,"
    " version BIGINT NOT NULL, server_seq BIGINT NOT NULL, deleted BIGINT NOT NULL DEFAULT 0,"
    " PRIMARY KEY (association_id, id));"
    "CREATE UNIQUE INDEX records_seq ON records (association_id, server_seq);"
    "CREATE TABLE mutation_results (client_id TEXT NOT NULL, seq BIGINT NOT NULL,"
    " result TEXT NOT NULL, PRIMARY KEY (client_id, seq));"
    "INSERT INTO associations (id) VALUES ('assoc');";

static const char take_sql[] = "UPDATE associations SET next_seq = next_seq + 1 WHERE id = ?"
                               " RETURNING next_seq - 1";
static const char record_sql[] =
    "INSERT INTO records (association_id, id, data, version, server_seq)"
    " VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (association_id, id)"
    " DO UPDATE SET data = excluded.data,"
    " version = records.version + 1, server_seq = excluded.server_seq";
static const char result_sql[] = "INSERT INTO mutation_results (client_id, seq, result)"
                                 " VALUES (?, ?, ?) ON CONFLICT (client_id, seq)"
                                 " DO UPDATE SET result = excluded.result";
static const char page_sql[] = "SELECT id, data, version, server_seq, deleted FROM records"
                               " WHERE association_id = ? AND server_seq > ?"
                               " ORDER BY server_seq LIMIT ?";

static char *
record_json (int i)
{
  return g_strdup_printf ("{\"id\":\"rec-%d\",\"type\":\"post\",\"category\":\"help\","
                          "\"title\":\"Courses pour Mme %d, 3e étage sans ascenseur\","
                          "\"body\":\"Bonjour, je cherche quelqu'un pour porter mes courses "
                          "le samedi matin, merci beaucoup. Le digicode est à demander.\","
                          "\"status\":\"open\",\"lat\":48.85%04d,\"lon\":2.37%04d,"
                          "\"created_at\":%d,\"author_id\":\"member-%d\",\"tags\":[\"courses\","
                          "\"samedi\"],\"padding\":\"%0200d\"}",
                          i, i, i % 10000, i % 10000, 1790000000 + i, i % 300, i);
}

/* {{{ the reference: sqlite3 directly */

static double
push_raw (const char *path,
          int         n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *take, *rec, *res, *sp, *rel;
  gint64 t0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL);
  if (sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_prepare_v3 (db, take_sql, -1, SQLITE_PREPARE_PERSISTENT, &take, NULL);
  sqlite3_prepare_v3 (db, record_sql, -1, SQLITE_PREPARE_PERSISTENT, &rec, NULL);
  sqlite3_prepare_v3 (db, result_sql, -1, SQLITE_PREPARE_PERSISTENT, &res, NULL);
  sqlite3_prepare_v3 (db, "SAVEPOINT m", -1, SQLITE_PREPARE_PERSISTENT, &sp, NULL);
  sqlite3_prepare_v3 (db, "RELEASE m", -1, SQLITE_PREPARE_PERSISTENT, &rel, NULL);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autofree char *json = record_json (i);
      g_autofree char *id = g_strdup_printf ("rec-%d", i % (n / 2 + 1));
      gint64 seq;

      if (i % BATCH == 0)
        g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (sp), ==, SQLITE_DONE);
      sqlite3_reset (sp);
      sqlite3_bind_text (take, 1, "assoc", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (take), ==, SQLITE_ROW);
      seq = sqlite3_column_int64 (take, 0);
      sqlite3_reset (take);
      sqlite3_bind_text (rec, 1, "assoc", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (rec, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (rec, 3, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (rec, 4, seq);
      g_assert_cmpint (sqlite3_step (rec), ==, SQLITE_DONE);
      sqlite3_reset (rec);
      sqlite3_bind_text (res, 1, "client", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (res, 2, i);
      sqlite3_bind_text (res, 3, "{\"status\":\"applied\",\"version\":1}", -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (res), ==, SQLITE_DONE);
      sqlite3_reset (res);
      g_assert_cmpint (sqlite3_step (rel), ==, SQLITE_DONE);
      sqlite3_reset (rel);
      if (i % BATCH == BATCH - 1 || i == n - 1)
        g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
    }
  t0 = g_get_monotonic_time () - t0;
  sqlite3_finalize (take);
  sqlite3_finalize (rec);
  sqlite3_finalize (res);
  sqlite3_finalize (sp);
  sqlite3_finalize (rel);
  sqlite3_close (db);
  return n / (t0 / 1e6);
}

static double
pull_raw (const char *path,
          int         rounds)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *page;
  gint64 t0, rows = 0;
  gsize bytes = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v3 (db, page_sql, -1, SQLITE_PREPARE_PERSISTENT, &page, NULL);
  t0 = g_get_monotonic_time ();
  for (int r = 0; r < rounds; r++)
    {
      gint64 cursor = 0;
      gboolean more = TRUE;

      while (more)
        {
          more = FALSE;
          sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
          sqlite3_bind_text (page, 1, "assoc", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (page, 2, cursor);
          sqlite3_bind_int64 (page, 3, PAGE);
          while (sqlite3_step (page) == SQLITE_ROW)
            {
              bytes += strlen ((const char *) sqlite3_column_text (page, 0));
              bytes += sqlite3_column_bytes (page, 1);
              bytes += sqlite3_column_int64 (page, 2) + sqlite3_column_int64 (page, 4);
              cursor = sqlite3_column_int64 (page, 3);
              rows++;
              more = TRUE;
            }
          sqlite3_reset (page);
          sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
        }
    }
  t0 = g_get_monotonic_time () - t0;
  g_assert_cmpuint (bytes, >, 0);
  sqlite3_finalize (page);
  sqlite3_close (db);
  return rows / (t0 / 1e6);
}

/* }}} */
/* {{{ through the layer */

static double
push_db (const char *uri,
         int         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDb) db = voisins_db_open (uri, 0, &error);
  gint64 t0;

  g_assert_no_error (error);
  g_assert_true (voisins_db_exec (db, schema, &error));
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autofree char *json = record_json (i);
      g_autofree char *id = g_strdup_printf ("rec-%d", i % (n / 2 + 1));
      gint64 seq;

      if (i % BATCH == 0)
        g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
      g_assert_true (voisins_db_exec_cached (db, "SAVEPOINT m", &error));
      {
        g_autoptr(VoisinsDbCachedStmt) take = voisins_db_cached (db, take_sql, &error);

        voisins_db_bind_text (take, 1, "assoc");
        g_assert_cmpint (voisins_db_stmt_step (take, &error), ==, VOISINS_DB_ROW);
        seq = voisins_db_column_int64 (take, 0);
      }
      {
        g_autoptr(VoisinsDbCachedStmt) rec = voisins_db_cached (db, record_sql, &error);

        voisins_db_bind_text (rec, 1, "assoc");
        voisins_db_bind_text (rec, 2, id);
        voisins_db_bind_text (rec, 3, json);
        voisins_db_bind_int64 (rec, 4, seq);
        g_assert_cmpint (voisins_db_stmt_step (rec, &error), ==, VOISINS_DB_DONE);
      }
      {
        g_autoptr(VoisinsDbCachedStmt) res = voisins_db_cached (db, result_sql, &error);

        voisins_db_bind_text (res, 1, "client");
        voisins_db_bind_int64 (res, 2, i);
        voisins_db_bind_text (res, 3, "{\"status\":\"applied\",\"version\":1}");
        g_assert_cmpint (voisins_db_stmt_step (res, &error), ==, VOISINS_DB_DONE);
      }
      g_assert_true (voisins_db_exec_cached (db, "RELEASE m", &error));
      if (i % BATCH == BATCH - 1 || i == n - 1)
        g_assert_true (voisins_db_commit (db, &error));
      g_assert_no_error (error);
    }
  return n / ((g_get_monotonic_time () - t0) / 1e6);
}

static double
pull_db (const char *uri,
         int         rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDb) db = voisins_db_open (uri, 0, &error);
  gint64 t0, rows = 0;
  gsize bytes = 0;

  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  for (int r = 0; r < rounds; r++)
    {
      gint64 cursor = 0;
      gboolean more = TRUE;

      while (more)
        {
          g_autoptr(VoisinsDbCachedStmt) page = NULL;

          more = FALSE;
          g_assert_true (voisins_db_begin (db, VOISINS_DB_READ, &error));
          page = voisins_db_cached (db, page_sql, &error);
          voisins_db_bind_text (page, 1, "assoc");
          voisins_db_bind_int64 (page, 2, cursor);
          voisins_db_bind_int64 (page, 3, PAGE);
          while (voisins_db_stmt_step (page, &error) == VOISINS_DB_ROW)
            {
              bytes += strlen (voisins_db_column_text (page, 0));
              bytes += voisins_db_column_bytes (page, 1);
              bytes += voisins_db_column_int64 (page, 2) + voisins_db_column_int64 (page, 4);
              cursor = voisins_db_column_int64 (page, 3);
              rows++;
              more = TRUE;
            }
          g_clear_pointer (&page, voisins_db_cached_stmt_release);
          g_assert_true (voisins_db_commit (db, &error));
        }
    }
  g_assert_cmpuint (bytes, >, 0);
  return rows / ((g_get_monotonic_time () - t0) / 1e6);
}

/* }}} */

#define RUNS 5
enum { RAW, LAYER, PG, N_WAYS };

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  double sorted[RUNS];

  memcpy (sorted, values, sizeof sorted);
  qsort (sorted, RUNS, sizeof (double), compare_doubles);
  return sorted[RUNS / 2];
}

int
main (int   argc,
      char *argv[])
{
  int n = argc > 1 ? atoi (argv[1]) : 2000;
  int rounds = MAX (1, 200000 / (n / 2 + 1));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-bench-db-XXXXXX", &error);
  g_autofree char *raw = g_build_filename (dir, "raw.db", NULL);
  g_autofree char *layer = g_build_filename (dir, "layer.db", NULL);
  g_autofree char *why = NULL;
  g_autofree char *rm = NULL;
  double push[N_WAYS][RUNS] = { { 0 } };
  double pull[N_WAYS][RUNS] = { { 0 } };

  g_assert_no_error (error);
  /* Alternated on fresh files, RUNS times each, the median printed: a durable commit is
   * an fsync, and the machine is shared. */
  for (int i = 0; i < RUNS; i++)
    {
      g_autofree char *raw_i = g_strdup_printf ("%s.%d", raw, i);
      g_autofree char *layer_i = g_strdup_printf ("%s.%d", layer, i);

      push[RAW][i] = push_raw (raw_i, n);
      push[LAYER][i] = push_db (layer_i, n);
    }
  for (int i = 0; i < RUNS; i++)
    {
      g_autofree char *raw_i = g_strdup_printf ("%s.%d", raw, i);
      g_autofree char *layer_i = g_strdup_printf ("%s.%d", layer, i);

      pull[RAW][i] = pull_raw (raw_i, rounds);
      pull[LAYER][i] = pull_db (layer_i, rounds);
    }
  g_print ("push raw-sqlite: %.0f mutations/s\n", median (push[RAW]));
  g_print ("push db-sqlite: %.0f mutations/s\n", median (push[LAYER]));
  g_print ("pull raw-sqlite: %.0f rows/s\n", median (pull[RAW]));
  g_print ("pull db-sqlite: %.0f rows/s\n", median (pull[LAYER]));
  if (vs_pg_available (&why))
    {
      VsPg *pg = vs_pg_start_full (TRUE);

      for (int i = 0; i < RUNS; i++)
        {
          g_autofree char *uri = vs_pg_new_database (pg);

          push[PG][i] = push_db (uri, n);
          pull[PG][i] = pull_db (uri, rounds);
        }
      vs_pg_stop (pg);
      g_print ("push db-postgresql: %.0f mutations/s\n", median (push[PG]));
      g_print ("pull db-postgresql: %.0f rows/s\n", median (pull[PG]));
    }
  else
    g_print ("postgresql skipped: %s\n", why);

  rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  return 0;
}
