/* bench-sqlite.c: SQLite alone, the references of benchmarks #2 and #7 (issue 6)
 *
 *   bench-sqlite insert SRC DST
 *       copies the posts rows of the store SRC into an empty DST with the same table
 *       (no trigger, no index) in one transaction with a prepared statement;
 *       prints "insert rows=N seconds=S" (the inserting and the commit only)
 *   bench-sqlite batches SERVER_DB DST ASSOC N
 *       commits N rows like voisins-server's post records (DST gets the table and the
 *       indexes of SERVER_DB's "records"), WAL, synchronous=FULL, in batches of 50;
 *       prints "batches rows=N seconds=S"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "voisins-uuid.h"
#include "bench-rows.h"

static void
check (sqlite3 *db,
       int      rc,
       int      want)
{
  if (rc != want)
    {
      fprintf (stderr, "bench-sqlite: %s\n", sqlite3_errmsg (db));
      exit (1);
    }
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  check (db, sqlite3_exec (db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static sqlite3 *
open_fresh (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *db = NULL;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      fprintf (stderr, "bench-sqlite: cannot open %s\n", path);
      exit (1);
    }
  return db;
}

/* The CREATE statements of @table (and its indexes with @indexes) in @src. */
static GPtrArray *
schema_of (const char *src,
           const char *table,
           gboolean    indexes)
{
  GPtrArray *sql = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  check (db, sqlite3_open_v2 (src, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  check (db, sqlite3_prepare_v2 (db,
                                 "SELECT sql FROM sqlite_master WHERE tbl_name = ?1 AND sql IS NOT NULL"
                                 " AND (type = 'table' OR (?2 AND type = 'index'))"
                                 " ORDER BY type = 'index'",
                                 -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, indexes);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (sql, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (sql->len == 0)
    {
      fprintf (stderr, "bench-sqlite: no table %s in %s\n", table, src);
      exit (1);
    }
  return sql;
}

static int
do_insert (const char *src_path,
           const char *dst_path)
{
  g_autoptr(GPtrArray) schema = schema_of (src_path, "posts", FALSE);
  sqlite3 *src = NULL, *dst = open_fresh (dst_path);
  sqlite3_stmt *read = NULL, *write = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_value_free);
  int ncol;
  gint64 t0;
  guint n = 0;

  exec (dst, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  exec (dst, g_ptr_array_index (schema, 0));

  /* Read everything first: only the writing is timed. */
  check (src, sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  check (src, sqlite3_prepare_v2 (src, "SELECT * FROM posts", -1, &read, NULL), SQLITE_OK);
  ncol = sqlite3_column_count (read);
  while (sqlite3_step (read) == SQLITE_ROW)
    for (int c = 0; c < ncol; c++)
      g_ptr_array_add (rows, sqlite3_value_dup (sqlite3_column_value (read, c)));
  sqlite3_finalize (read);
  sqlite3_close (src);

  {
    g_autoptr(GString) sql = g_string_new ("INSERT INTO posts VALUES (");
    for (int c = 0; c < ncol; c++)
      g_string_append (sql, c ? ",?" : "?");
    g_string_append (sql, ")");
    check (dst, sqlite3_prepare_v2 (dst, sql->str, -1, &write, NULL), SQLITE_OK);
  }

  t0 = g_get_monotonic_time ();
  exec (dst, "BEGIN");
  for (guint i = 0; i < rows->len; i += ncol, n++)
    {
      for (int c = 0; c < ncol; c++)
        sqlite3_bind_value (write, c + 1, g_ptr_array_index (rows, i + c));
      check (dst, sqlite3_step (write), SQLITE_DONE);
      sqlite3_reset (write);
    }
  exec (dst, "COMMIT");
  printf ("insert rows=%u seconds=%.3f\n", n, (g_get_monotonic_time () - t0) / 1e6);

  sqlite3_finalize (write);
  sqlite3_close (dst);
  return 0;
}

static int
do_batches (const char *server_db,
            const char *dst_path,
            const char *assoc,
            guint       n)
{
  g_autoptr(GPtrArray) schema = schema_of (server_db, "records", TRUE);
  sqlite3 *dst = open_fresh (dst_path);
  sqlite3_stmt *write = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func (g_free);
  gint64 t0;

  exec (dst, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  for (guint i = 0; i < schema->len; i++)
    exec (dst, g_ptr_array_index (schema, i));
  check (dst, sqlite3_prepare_v2 (dst,
                                  "INSERT INTO records (id, type, association_id, data, version, server_seq)"
                                  " VALUES (?, 'post', ?, ?, 1, ?)", -1, &write, NULL), SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      char *id = voisins_uuid_new ();
      g_ptr_array_add (ids, id);
      g_ptr_array_add (data, bench_post_json (id, assoc, i));
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      if (i % 50 == 0)
        exec (dst, "BEGIN");
      sqlite3_bind_text (write, 1, g_ptr_array_index (ids, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 2, assoc, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 3, g_ptr_array_index (data, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (write, 4, i + 1);
      check (dst, sqlite3_step (write), SQLITE_DONE);
      sqlite3_reset (write);
      if (i % 50 == 49 || i == n - 1)
        exec (dst, "COMMIT");
    }
  printf ("batches rows=%u seconds=%.3f\n", n, (g_get_monotonic_time () - t0) / 1e6);

  sqlite3_finalize (write);
  sqlite3_close (dst);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "insert"))
    return do_insert (argv[2], argv[3]);
  if (argc == 6 && g_str_equal (argv[1], "batches"))
    return do_batches (argv[2], argv[3], argv[4], (guint) atoi (argv[5]));
  fprintf (stderr, "usage: bench-sqlite insert SRC DST | batches SERVER_DB DST ASSOC N\n");
  return 2;
}
