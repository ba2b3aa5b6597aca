/* test-db.c: the storage's SQL layer (src/server/storage/db), on the driver named by the
 * first argument: `sqlite` (a file in a temporary folder) or `postgresql` (a real cluster,
 * pg-fixture.c; exit 77 when PostgreSQL is not installed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <glib/gstdio.h>
#include <string.h>

#include "pg-fixture.h"
#include "voisins-db.h"
#include "voisins-db-schema.h"

static VoisinsDbKind kind;
static VsPg *cluster;
static char *tmp_dir;
static guint n_files;

/* A fresh, empty database for one test. */
static char *
new_uri (void)
{
  if (kind == VOISINS_DB_POSTGRESQL)
    return vs_pg_new_database (cluster);
  return g_strdup_printf ("%s/db-%u.sqlite", tmp_dir, ++n_files);
}

static VoisinsDb *
open_db (const char *uri,
         int         busy_timeout_ms)
{
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = voisins_db_open (uri, busy_timeout_ms, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (voisins_db_get_kind (db), ==, kind);
  return db;
}

static void
exec_ok (VoisinsDb  *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (voisins_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gint64
count_rows (VoisinsDb  *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) stmt = voisins_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
  return voisins_db_column_int64 (stmt, 0);
}

static const char *
blob_type (void)
{
  return kind == VOISINS_DB_POSTGRESQL ? "BYTEA" : "BLOB";
}

/* {{{ placeholders */

static void
test_placeholders_rewrite (void)
{
  struct
  {
    const char *sql;
    const char *expected;
    int         n_params;
  } cases[] = {
    { "SELECT ?", "SELECT $1", 1 },
    { "SELECT ?, ?", "SELECT $1, $2", 2 },
    { "SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2 },
    /* SQLite: a bare ? is one more than the highest number so far */
    { "SELECT ?3, ?", "SELECT $3, $4", 4 },
    { "SELECT '?', ?", "SELECT '?', $1", 1 },
    { "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1 },
    { "SELECT \"a?b\" FROM t WHERE x = ?", "SELECT \"a?b\" FROM t WHERE x = $1", 1 },
    { "SELECT ? -- what ?\n, ?", "SELECT $1 -- what ?\n, $2", 2 },
    { "SELECT /* ? */ ?", "SELECT /* ? */ $1", 1 },
    { "SELECT 'unterminated ?", "SELECT 'unterminated ?", 0 },
    { "SELECT ?10", "SELECT $10", 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int n = -1;
      g_autofree char *out = voisins_db_rewrite_placeholders (cases[i].sql, &n);

      g_assert_cmpstr (out, ==, cases[i].expected);
      g_assert_cmpint (n, ==, cases[i].n_params);
    }
}

static void
test_placeholders_live (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  stmt = voisins_db_prepare (db, "SELECT '?' || ?, 'it''s ?' || ?1, ?2 || \"x?\" FROM"
                                 " (SELECT 'col' AS \"x?\") AS q", &error);
  g_assert_no_error (error);
  voisins_db_bind_text (stmt, 1, "a");
  voisins_db_bind_text (stmt, 2, "b");
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_column_count (stmt), ==, 3);
  g_assert_cmpstr (voisins_db_column_text (stmt, 0), ==, "?a");
  g_assert_cmpstr (voisins_db_column_text (stmt, 1), ==, "it's ?a");
  g_assert_cmpstr (voisins_db_column_text (stmt, 2), ==, "bcol");
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_DONE);
}

/* }}} */
/* {{{ values */

static void
test_values (void)
{
  static const guint8 blob[] = { 0, 1, 0xff, '\\', 'x', 0, '\'', 0x7f };
  const char *utf8 = "Épicerie « Le Zèbre » 日本 🏠 \"quoted\" 'single' \\back";
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) ins = NULL;
  g_autoptr(VoisinsDbStmt) sel = NULL;
  g_autofree char *ddl = NULL;
  gint64 ints[] = { G_MININT64, -1, 0, 1, G_MAXINT64 };
  gconstpointer b;
  gsize len;

  ddl = g_strdup_printf ("CREATE TABLE t (k BIGINT PRIMARY KEY, i BIGINT, s TEXT,"
                         " d DOUBLE PRECISION, b %s)", blob_type ());
  exec_ok (db, ddl);
  ins = voisins_db_prepare (db, "INSERT INTO t (k, i, s, d, b) VALUES (?, ?, ?, ?, ?)", &error);
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (ints); k++)
    {
      voisins_db_stmt_reset (ins);
      voisins_db_bind_int64 (ins, 1, k);
      voisins_db_bind_int64 (ins, 2, ints[k]);
      voisins_db_bind_text (ins, 3, utf8);
      voisins_db_bind_double (ins, 4, k == 0 ? 0.1 : -1e300 * k);
      voisins_db_bind_blob (ins, 5, blob, sizeof blob);
      g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
      g_assert_no_error (error);
      g_assert_cmpint (voisins_db_changes (db), ==, 1);
    }
  /* NULLs, and an empty text and blob, which are not NULL */
  voisins_db_stmt_reset (ins);
  voisins_db_bind_int64 (ins, 1, 100);
  voisins_db_bind_null (ins, 2);
  voisins_db_bind_text (ins, 3, NULL);
  voisins_db_bind_null (ins, 4);
  voisins_db_bind_null (ins, 5);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  voisins_db_stmt_reset (ins);
  voisins_db_bind_int64 (ins, 1, 101);
  voisins_db_bind_int64 (ins, 2, 0);
  voisins_db_bind_text (ins, 3, "");
  voisins_db_bind_double (ins, 4, 0);
  voisins_db_bind_blob (ins, 5, NULL, 0);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_no_error (error);

  sel = voisins_db_prepare (db, "SELECT i, s, d, b, k FROM t ORDER BY k", &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (ints); k++)
    {
      g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
      g_assert_cmpint (voisins_db_column_int64 (sel, 0), ==, ints[k]);
      g_assert_cmpstr (voisins_db_column_text (sel, 1), ==, utf8);
      g_assert_cmpuint (voisins_db_column_bytes (sel, 1), ==, strlen (utf8));
      g_assert_cmpfloat (voisins_db_column_double (sel, 2), ==, k == 0 ? 0.1 : -1e300 * k);
      b = voisins_db_column_blob (sel, 3, &len);
      g_assert_cmpmem (b, len, blob, sizeof blob);
      /* read twice in a row: the same */
      b = voisins_db_column_blob (sel, 3, &len);
      g_assert_cmpmem (b, len, blob, sizeof blob);
      g_assert_false (voisins_db_column_is_null (sel, 3));
    }
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  for (int c = 0; c < 4; c++)
    g_assert_true (voisins_db_column_is_null (sel, c));
  g_assert_cmpint (voisins_db_column_int64 (sel, 0), ==, 0);
  g_assert_null (voisins_db_column_text (sel, 1));
  g_assert_null (voisins_db_column_dup (sel, 1));
  g_assert_cmpfloat (voisins_db_column_double (sel, 2), ==, 0.0);
  g_assert_null (voisins_db_column_blob (sel, 3, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpint (voisins_db_column_int64 (sel, 4), ==, 101);
  for (int c = 0; c < 4; c++)
    g_assert_false (voisins_db_column_is_null (sel, c));
  g_assert_cmpstr (voisins_db_column_text (sel, 1), ==, "");
  voisins_db_column_blob (sel, 3, &len);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_DONE);
  g_assert_no_error (error);
}

/* A 64-bit parameter in arithmetic is a bigint, not an int4 (PostgreSQL types it). */
static void
test_int64_arithmetic (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  stmt = voisins_db_prepare (db, "SELECT ? + 1, ? * 2, greatest (?, ?), least (?, ?, NULL),"
                                 " greatest (NULL, NULL) IS NULL", &error);
  g_assert_no_error (error);
  voisins_db_bind_int64 (stmt, 1, G_MAXINT64 - 1);
  voisins_db_bind_int64 (stmt, 2, G_GINT64_CONSTANT (1) << 40);
  voisins_db_bind_int64 (stmt, 3, 7);
  voisins_db_bind_int64 (stmt, 4, G_MAXINT64);
  voisins_db_bind_int64 (stmt, 5, -3);
  voisins_db_bind_int64 (stmt, 6, G_MININT64);
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_column_int64 (stmt, 0), ==, G_MAXINT64);
  g_assert_cmpint (voisins_db_column_int64 (stmt, 1), ==, G_GINT64_CONSTANT (1) << 41);
  g_assert_cmpint (voisins_db_column_int64 (stmt, 2), ==, G_MAXINT64);
  g_assert_cmpint (voisins_db_column_int64 (stmt, 3), ==, G_MININT64);
  g_assert_cmpint (voisins_db_column_int64 (stmt, 4), ==, 1);
}

/* }}} */
/* {{{ errors */

static void
test_errors (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) ins = NULL;
  g_autoptr(VoisinsDbStmt) bad = NULL;

  exec_ok (db, "CREATE TABLE u (name TEXT NOT NULL UNIQUE)");
  ins = voisins_db_prepare (db, "INSERT INTO u (name) VALUES (?)", &error);
  voisins_db_bind_text (ins, 1, "alice");
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_no_error (error);

  /* unique violation */
  voisins_db_stmt_reset (ins);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_ERROR);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  /* the message names the constraint, never the value */
  g_assert_null (strstr (error->message, "alice"));
  g_clear_error (&error);

  /* NOT NULL is a constraint too */
  voisins_db_stmt_reset (ins);
  voisins_db_bind_text (ins, 1, NULL);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_ERROR);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  g_clear_error (&error);

  /* the statement is usable again */
  voisins_db_stmt_reset (ins);
  voisins_db_bind_text (ins, 1, "bob");
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM u"), ==, 2);

  /* an error of the SQL itself is internal (logged, hence expected here) */
  g_test_expect_message ("voisins-server", G_LOG_LEVEL_WARNING, "*error*");
  bad = voisins_db_prepare (db, "SELECT * FROM no_such_table", &error);
  if (bad != NULL)
    g_assert_cmpint (voisins_db_stmt_step (bad, &error), ==, VOISINS_DB_ERROR);
  g_test_assert_expected_messages ();
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
}

/* A write lock held elsewhere is _BUSY once the busy timeout has passed. */
static void
test_busy (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) a = open_db (uri, 0);
  g_autoptr(VoisinsDb) b = open_db (uri, 100);
  g_autoptr(GError) error = NULL;

  exec_ok (a, "CREATE TABLE c (id TEXT PRIMARY KEY, n BIGINT NOT NULL)");
  exec_ok (a, "INSERT INTO c (id, n) VALUES ('a', 0)");
  g_assert_true (voisins_db_begin (a, VOISINS_DB_WRITE, &error));
  exec_ok (a, "UPDATE c SET n = n + 1 WHERE id = 'a'");

  if (voisins_db_begin (b, VOISINS_DB_WRITE, &error))
    voisins_db_exec (b, "UPDATE c SET n = n + 1 WHERE id = 'a'", &error);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
  g_clear_error (&error);
  voisins_db_rollback (b);
  g_assert_false (voisins_db_in_transaction (b));

  g_assert_true (voisins_db_commit (a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (b, "SELECT n FROM c"), ==, 1);
}

/* }}} */
/* {{{ transactions */

static void
test_rollback (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;

  exec_ok (db, "CREATE TABLE t (x BIGINT)");
  g_assert_false (voisins_db_in_transaction (db));
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  g_assert_true (voisins_db_in_transaction (db));
  exec_ok (db, "INSERT INTO t (x) VALUES (1), (2), (3)");
  g_assert_cmpint (voisins_db_changes (db), ==, 3);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 3);
  voisins_db_rollback (db);
  g_assert_false (voisins_db_in_transaction (db));
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 0);

  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  exec_ok (db, "INSERT INTO t (x) VALUES (4)");
  g_assert_true (voisins_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 1);
  exec_ok (db, "UPDATE t SET x = x + 1 WHERE x > 100");
  g_assert_cmpint (voisins_db_changes (db), ==, 0);
}

static void
test_savepoint (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) ins = NULL;
  g_autoptr(VoisinsDbStmt) sel = NULL;

  exec_ok (db, "CREATE TABLE t (x BIGINT PRIMARY KEY)");
  ins = voisins_db_prepare (db, "INSERT INTO t (x) VALUES (?)", &error);

  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  voisins_db_bind_int64 (ins, 1, 1);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);

  /* a mutation rolled back to its savepoint, the transaction goes on */
  g_assert_true (voisins_db_savepoint (db, "m", &error));
  voisins_db_stmt_reset (ins);
  voisins_db_bind_int64 (ins, 1, 2);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_true (voisins_db_rollback_to (db, "m", &error));
  g_assert_true (voisins_db_release (db, "m", &error));

  /* a mutation that fails inside its savepoint: on PostgreSQL the failure aborts the
   * transaction until the rollback to the savepoint */
  g_assert_true (voisins_db_savepoint (db, "m", &error));
  voisins_db_stmt_reset (ins);
  voisins_db_bind_int64 (ins, 1, 1);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_ERROR);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (voisins_db_rollback_to (db, "m", &error));
  g_assert_true (voisins_db_release (db, "m", &error));
  g_assert_no_error (error);

  voisins_db_stmt_reset (ins);
  voisins_db_bind_int64 (ins, 1, 3);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_true (voisins_db_commit (db, &error));
  g_assert_no_error (error);

  sel = voisins_db_prepare (db, "SELECT x FROM t ORDER BY x", &error);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpint (voisins_db_column_int64 (sel, 0), ==, 1);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpint (voisins_db_column_int64 (sel, 0), ==, 3);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_DONE);
}

/* A failure left unhandled in a transaction: its commit must not say it committed. */
static void
test_failed_commit (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;

  exec_ok (db, "CREATE TABLE t (x BIGINT PRIMARY KEY)");
  exec_ok (db, "INSERT INTO t (x) VALUES (1)");
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  exec_ok (db, "INSERT INTO t (x) VALUES (2)");
  g_assert_false (voisins_db_exec (db, "INSERT INTO t (x) VALUES (1)", &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  g_clear_error (&error);

  if (kind == VOISINS_DB_POSTGRESQL)
    {
      /* the whole transaction is lost: COMMIT answers ROLLBACK */
      g_assert_false (voisins_db_commit (db, &error));
      g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
      g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 1);
    }
  else
    {
      /* SQLite undoes the statement only */
      g_assert_true (voisins_db_commit (db, &error));
      g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 2);
    }
  g_assert_false (voisins_db_in_transaction (db));
}

/* }}} */
/* {{{ cached statements */

static const char cached_insert[] = "INSERT INTO t (x, y) VALUES (?, ?) RETURNING x * 10";
static const char cached_count[] = "SELECT count (*) FROM t WHERE x <= ?";

static void
test_cached (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  VoisinsDbStmt *first = NULL;

  exec_ok (db, "CREATE TABLE t (x BIGINT PRIMARY KEY, y TEXT)");
  for (int i = 1; i <= 50; i++)
    {
      g_autoptr(VoisinsDbCachedStmt) ins = voisins_db_cached (db, cached_insert, &error);
      g_autofree char *y = g_strdup_printf ("row %d", i);

      g_assert_no_error (error);
      if (first == NULL)
        first = ins;
      g_assert_true (ins == first);
      voisins_db_bind_int64 (ins, 1, i);
      voisins_db_bind_text (ins, 2, i % 2 ? y : NULL);
      g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_ROW);
      g_assert_cmpint (voisins_db_column_int64 (ins, 0), ==, i * 10);
      g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
      g_assert_cmpint (voisins_db_changes (db), ==, 1);
    }
  for (int i = 0; i <= 50; i += 10)
    {
      g_autoptr(VoisinsDbCachedStmt) count = voisins_db_cached (db, cached_count, &error);

      voisins_db_bind_int64 (count, 1, i);
      g_assert_cmpint (voisins_db_stmt_step (count, &error), ==, VOISINS_DB_ROW);
      g_assert_cmpint (voisins_db_column_int64 (count, 0), ==, i);
    }
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  for (int i = 0; i < 3; i++)
    {
      g_assert_true (voisins_db_exec_cached (db, "SAVEPOINT m", &error));
      g_assert_true (voisins_db_exec_cached (db, "RELEASE m", &error));
    }
  g_assert_true (voisins_db_commit (db, &error));
  g_assert_no_error (error);

  if (kind == VOISINS_DB_POSTGRESQL)
    {
      /* prepared once each on the server, then reused */
      g_assert_cmpint (count_rows (db, "SELECT count (*) FROM pg_prepared_statements"), ==, 4);
    }
}

/* A cached statement first prepared inside a transaction that is rolled back (PostgreSQL
 * keeps prepared statements across rollbacks) is still there afterwards. */
static const char cached_in_rollback[] = "SELECT count (*) FROM t WHERE y IS NULL AND x > ?";

static void
test_cached_rollback (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;

  exec_ok (db, "CREATE TABLE t (x BIGINT PRIMARY KEY, y TEXT); INSERT INTO t VALUES (1, NULL)");
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(VoisinsDbCachedStmt) stmt = NULL;

      g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
      stmt = voisins_db_cached (db, cached_in_rollback, &error);
      voisins_db_bind_int64 (stmt, 1, 0);
      g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
      g_assert_no_error (error);
      g_assert_cmpint (voisins_db_column_int64 (stmt, 0), ==, 1);
      voisins_db_rollback (db);
    }
}

/* The portable forms docs/storage.md tells the backend to write, on both. */
static void
test_portable_forms (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) upsert = NULL;
  g_autoptr(VoisinsDbStmt) ignore = NULL;
  g_autoptr(VoisinsDbStmt) sel = NULL;

  exec_ok (db, "CREATE TABLE r (a TEXT NOT NULL, id TEXT NOT NULL, n BIGINT, note TEXT,"
               " PRIMARY KEY (a, id))");
  /* INSERT OR REPLACE */
  upsert = voisins_db_prepare (db, "INSERT INTO r (a, id, n, note) VALUES (?1, ?2, ?3, ?4)"
                                   " ON CONFLICT (a, id) DO UPDATE SET n = excluded.n,"
                                   " note = coalesce (r.note, excluded.note)", &error);
  for (int i = 1; i <= 3; i++)
    {
      voisins_db_stmt_reset (upsert);
      voisins_db_bind_text (upsert, 1, "a1");
      voisins_db_bind_text (upsert, 2, "x");
      voisins_db_bind_int64 (upsert, 3, i);
      voisins_db_bind_text (upsert, 4, i == 1 ? NULL : "kept");
      g_assert_cmpint (voisins_db_stmt_step (upsert, &error), ==, VOISINS_DB_DONE);
      g_assert_no_error (error);
      g_assert_cmpint (voisins_db_changes (db), ==, 1);
    }
  /* INSERT OR IGNORE */
  ignore = voisins_db_prepare (db, "INSERT INTO r (a, id, n) VALUES (?, ?, ?)"
                                   " ON CONFLICT DO NOTHING", &error);
  voisins_db_bind_text (ignore, 1, "a1");
  voisins_db_bind_text (ignore, 2, "x");
  voisins_db_bind_int64 (ignore, 3, 99);
  g_assert_cmpint (voisins_db_stmt_step (ignore, &error), ==, VOISINS_DB_DONE);
  g_assert_cmpint (voisins_db_changes (db), ==, 0);
  voisins_db_stmt_reset (ignore);
  voisins_db_bind_text (ignore, 2, "y");
  g_assert_cmpint (voisins_db_stmt_step (ignore, &error), ==, VOISINS_DB_DONE);
  g_assert_cmpint (voisins_db_changes (db), ==, 1);
  exec_ok (db, "INSERT INTO r (a, id, n) VALUES ('a1', 'z', NULL)");

  /* NULLS FIRST as SQLite's default; greatest () over a NULL; coalesce for IFNULL;
   * lower () LIKE lower () for SQLite's LIKE */
  sel = voisins_db_prepare (db, "SELECT id, n, greatest (n, ?), coalesce (note, '-') FROM r"
                                " WHERE a = ? AND lower (id) LIKE lower (?)"
                                " ORDER BY n NULLS FIRST", &error);
  g_assert_no_error (error);
  voisins_db_bind_int64 (sel, 1, 50);
  voisins_db_bind_text (sel, 2, "a1");
  voisins_db_bind_text (sel, 3, "%");
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpstr (voisins_db_column_text (sel, 0), ==, "z");
  g_assert_cmpint (voisins_db_column_int64 (sel, 2), ==, 50);
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpstr (voisins_db_column_text (sel, 0), ==, "x");
  g_assert_cmpint (voisins_db_column_int64 (sel, 1), ==, 3);
  g_assert_cmpstr (voisins_db_column_text (sel, 3), ==, "kept");
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpstr (voisins_db_column_text (sel, 0), ==, "y");
  g_assert_cmpint (voisins_db_column_int64 (sel, 2), ==, 99);
  g_assert_cmpstr (voisins_db_column_text (sel, 3), ==, "-");
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_DONE);

  voisins_db_stmt_reset (sel);
  voisins_db_bind_text (sel, 3, "X");
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpstr (voisins_db_column_text (sel, 0), ==, "x");
  g_assert_cmpint (voisins_db_stmt_step (sel, &error), ==, VOISINS_DB_DONE);
}

/* }}} */
/* {{{ the pool */

typedef struct
{
  VoisinsDbPool *pool;
  volatile gint *n_taken;
  int            n;
  VoisinsDb     *taken;
} PoolWorker;

static gpointer
pool_worker (gpointer user_data)
{
  PoolWorker *w = user_data;
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = voisins_db_pool_take (w->pool, &error);
  g_autoptr(VoisinsDbStmt) ins = NULL;

  g_assert_no_error (error);
  w->taken = db;
  /* both threads hold a connection at once: never the same */
  g_atomic_int_inc (w->n_taken);
  while (g_atomic_int_get (w->n_taken) < 2)
    g_thread_yield ();
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  ins = voisins_db_prepare (db, "INSERT INTO t (worker, n) VALUES (?, ?)", &error);
  for (int i = 0; i < 20; i++)
    {
      voisins_db_stmt_reset (ins);
      voisins_db_bind_int64 (ins, 1, w->n);
      voisins_db_bind_int64 (ins, 2, i);
      g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
    }
  g_assert_true (voisins_db_commit (db, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ins, voisins_db_stmt_free);
  voisins_db_pool_give (w->pool, db);
  return NULL;
}

static void
test_pool (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDbPool) pool = voisins_db_pool_new (uri, 0, 2);
  g_autoptr(GError) error = NULL;
  PoolWorker workers[2];
  GThread *threads[2];
  volatile gint n_taken = 0;
  VoisinsDb *db;
  VoisinsDb *again;

  db = voisins_db_pool_take (pool, &error);
  g_assert_no_error (error);
  exec_ok (db, "CREATE TABLE t (worker BIGINT, n BIGINT)");
  voisins_db_pool_give (pool, db);
  g_assert_cmpuint (voisins_db_pool_get_n_idle (pool), ==, 1);

  for (int i = 0; i < 2; i++)
    {
      workers[i] = (PoolWorker){ pool, &n_taken, i, NULL };
      threads[i] = g_thread_new ("pool", pool_worker, &workers[i]);
    }
  for (int i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_assert_true (workers[0].taken != workers[1].taken);
  g_assert_cmpuint (voisins_db_pool_get_n_idle (pool), ==, 2);

  /* reused; a connection given back inside a transaction is rolled back */
  db = voisins_db_pool_take (pool, &error);
  g_assert_true (db == workers[0].taken || db == workers[1].taken);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM t"), ==, 40);
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  exec_ok (db, "DELETE FROM t");
  g_test_expect_message ("voisins-server", G_LOG_LEVEL_WARNING, "*inside a transaction*");
  voisins_db_pool_give (pool, db);
  g_test_assert_expected_messages ();
  again = voisins_db_pool_take (pool, &error);
  g_assert_false (voisins_db_in_transaction (again));
  g_assert_cmpint (count_rows (again, "SELECT count (*) FROM t"), ==, 40);
  voisins_db_pool_give (pool, again);
}

/* A connection the server dropped: _BUSY (retry), and the pool does not keep it. */
static void
test_pool_lost_connection (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDbPool) pool = voisins_db_pool_new (uri, 0, 4);
  g_autoptr(VoisinsDb) admin = open_db (uri, 0);
  g_autoptr(VoisinsDbStmt) kill = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = voisins_db_pool_take (pool, &error);
  gint64 pid;

  g_assert_no_error (error);
  pid = count_rows (db, "SELECT pg_backend_pid ()");
  kill = voisins_db_prepare (admin, "SELECT pg_terminate_backend (CAST (? AS INTEGER), 10000)",
                             &error);
  voisins_db_bind_int64 (kill, 1, pid);
  g_assert_cmpint (voisins_db_stmt_step (kill, &error), ==, VOISINS_DB_ROW);
  g_assert_cmpint (voisins_db_column_int64 (kill, 0), ==, 1);

  g_assert_false (voisins_db_exec (db, "SELECT 1", &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
  voisins_db_pool_give (pool, db);
  g_assert_cmpuint (voisins_db_pool_get_n_idle (pool), ==, 0);

  db = voisins_db_pool_take (pool, NULL);
  g_assert_cmpint (count_rows (db, "SELECT 1"), ==, 1);
  voisins_db_pool_give (pool, db);
  g_assert_cmpuint (voisins_db_pool_get_n_idle (pool), ==, 1);
}

/* }}} */
/* {{{ server_seq from a counter row (DESIGN §4) */

#define N_WRITERS 4
#define N_WRITES  40

static const char take_seq_sql[] = "UPDATE assoc SET next_seq = next_seq + 1 WHERE id = ?"
                                   " RETURNING next_seq - 1";
static const char insert_item_sql[] = "INSERT INTO items (association_id, seq, writer)"
                                      " VALUES (?, ?, ?)";
static const char read_items_sql[] = "SELECT seq FROM items WHERE association_id = ?"
                                     " AND seq > ? ORDER BY seq LIMIT 50";

typedef struct
{
  char          *uri;
  int            writer;
  volatile gint *writers_left;
  gint64         skipped;    /* reader: rows it found below its cursor afterwards */
  gint64         seen;
  gint64         busy;
} SeqWorker;

/* One push: the seq from the association's counter row inside the write transaction. */
static gboolean
write_one (VoisinsDb  *db,
           int         writer,
           GError    **error)
{
  gint64 seq;

  if (!voisins_db_begin (db, VOISINS_DB_WRITE, error))
    return FALSE;
  {
    g_autoptr(VoisinsDbCachedStmt) take = voisins_db_cached (db, take_seq_sql, error);

    voisins_db_bind_text (take, 1, "assoc-a");
    if (voisins_db_stmt_step (take, error) != VOISINS_DB_ROW)
      {
        voisins_db_rollback (db);
        return FALSE;
      }
    seq = voisins_db_column_int64 (take, 0);
  }
  /* the work of a mutation, while others wait on the counter row */
  g_usleep (g_random_int_range (0, 300));
  {
    g_autoptr(VoisinsDbCachedStmt) ins = voisins_db_cached (db, insert_item_sql, error);

    voisins_db_bind_text (ins, 1, "assoc-a");
    voisins_db_bind_int64 (ins, 2, seq);
    voisins_db_bind_int64 (ins, 3, writer);
    if (voisins_db_stmt_step (ins, error) != VOISINS_DB_DONE)
      {
        voisins_db_rollback (db);
        return FALSE;
      }
  }
  if (!voisins_db_commit (db, error))
    {
      voisins_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gpointer
seq_writer (gpointer user_data)
{
  SeqWorker *w = user_data;
  g_autoptr(VoisinsDb) db = open_db (w->uri, 10000);

  for (int i = 0; i < N_WRITES; i++)
    {
      g_autoptr(GError) error = NULL;

      while (!write_one (db, w->writer, &error))
        {
          /* a busy database is retried, as a client retries a 503 */
          g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
          g_clear_error (&error);
          w->busy++;
        }
    }
  g_atomic_int_add (w->writers_left, -1);
  return NULL;
}

/* A client pulling `seq > cursor` again and again while the writers commit: every row it
 * sees must be the next one (a row seen above a hole would move the cursor past a row
 * that commits later with the lower seq: that row would never be pulled). */
static gpointer
seq_reader (gpointer user_data)
{
  SeqWorker *w = user_data;
  g_autoptr(VoisinsDb) db = open_db (w->uri, 10000);
  gint64 cursor = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VoisinsDbCachedStmt) read = NULL;
      VoisinsDbStep step;

      g_assert_true (voisins_db_begin (db, VOISINS_DB_READ, &error));
      read = voisins_db_cached (db, read_items_sql, &error);
      voisins_db_bind_text (read, 1, "assoc-a");
      voisins_db_bind_int64 (read, 2, cursor);
      while ((step = voisins_db_stmt_step (read, &error)) == VOISINS_DB_ROW)
        {
          gint64 seq = voisins_db_column_int64 (read, 0);

          if (seq != cursor + 1)
            w->skipped += seq - cursor - 1;
          cursor = seq;
          w->seen++;
        }
      g_assert_cmpint (step, ==, VOISINS_DB_DONE);
      g_clear_pointer (&read, voisins_db_cached_stmt_release);
      g_assert_true (voisins_db_commit (db, &error));
      /* a skip moves the cursor on too: it ends either way */
      if (cursor >= (gint64) N_WRITERS * N_WRITES)
        break;
      g_thread_yield ();
    }
  return NULL;
}

static void
test_server_seq (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  volatile gint writers_left = N_WRITERS;
  SeqWorker workers[N_WRITERS + 1];
  GThread *threads[N_WRITERS + 1];
  gint64 busy = 0;

  exec_ok (db, "CREATE TABLE assoc (id TEXT PRIMARY KEY, next_seq BIGINT NOT NULL DEFAULT 1);"
               "CREATE TABLE items (association_id TEXT NOT NULL, seq BIGINT NOT NULL,"
               " writer BIGINT NOT NULL, PRIMARY KEY (association_id, seq));"
               "INSERT INTO assoc (id) VALUES ('assoc-a'), ('assoc-b')");

  for (int i = 0; i <= N_WRITERS; i++)
    {
      workers[i] = (SeqWorker){ uri, i, &writers_left, 0, 0, 0 };
      threads[i] = g_thread_new ("seq", i < N_WRITERS ? seq_writer : seq_reader, &workers[i]);
    }
  for (int i = 0; i <= N_WRITERS; i++)
    g_thread_join (threads[i]);
  for (int i = 0; i < N_WRITERS; i++)
    busy += workers[i].busy;
  g_test_message ("%d writers x %d pushes, %" G_GINT64_FORMAT " busy retries, the reader saw"
                  " %" G_GINT64_FORMAT " rows", N_WRITERS, N_WRITES, busy,
                  workers[N_WRITERS].seen);

  /* gap-free and never skipped */
  g_assert_cmpint (workers[N_WRITERS].skipped, ==, 0);
  g_assert_cmpint (workers[N_WRITERS].seen, ==, N_WRITERS * N_WRITES);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM items"), ==, N_WRITERS * N_WRITES);
  g_assert_cmpint (count_rows (db, "SELECT max (seq) FROM items"), ==, N_WRITERS * N_WRITES);
  g_assert_cmpint (count_rows (db, "SELECT next_seq FROM assoc WHERE id = 'assoc-a'"), ==,
                   N_WRITERS * N_WRITES + 1);
  g_assert_cmpint (count_rows (db, "SELECT next_seq FROM assoc WHERE id = 'assoc-b'"), ==, 1);
}

/* Why not a PostgreSQL sequence: numbers taken in one order commit in another, and a
 * reader that saw the later one skips the earlier one for ever. The counter row makes
 * the second writer wait for the first one's commit instead. */
static void
test_sequence_skips (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) a = open_db (uri, 0);
  g_autoptr(VoisinsDb) b = open_db (uri, 200);
  g_autoptr(GError) error = NULL;
  gint64 cursor;

  exec_ok (a, "CREATE SEQUENCE s; CREATE TABLE items (seq BIGINT PRIMARY KEY);"
              "CREATE TABLE assoc (id TEXT PRIMARY KEY, next_seq BIGINT NOT NULL);"
              "INSERT INTO assoc VALUES ('a', 1)");

  g_assert_true (voisins_db_begin (a, VOISINS_DB_WRITE, &error));
  exec_ok (a, "INSERT INTO items (seq) VALUES (nextval ('s'))");   /* 1 */
  g_assert_true (voisins_db_begin (b, VOISINS_DB_WRITE, &error));
  exec_ok (b, "INSERT INTO items (seq) VALUES (nextval ('s'))");   /* 2, committed first */
  g_assert_true (voisins_db_commit (b, &error));
  cursor = count_rows (b, "SELECT coalesce (max (seq), 0) FROM items");
  g_assert_true (voisins_db_commit (a, &error));
  g_assert_cmpint (cursor, ==, 2);
  /* the pull from cursor 2 never returns seq 1 */
  g_assert_cmpint (count_rows (b, "SELECT count (*) FROM items WHERE seq > 2"), ==, 0);

  /* the counter row: b cannot take a number while a holds the row */
  g_assert_true (voisins_db_begin (a, VOISINS_DB_WRITE, &error));
  exec_ok (a, "UPDATE assoc SET next_seq = next_seq + 1 WHERE id = 'a'");
  g_assert_true (voisins_db_begin (b, VOISINS_DB_WRITE, &error));
  g_assert_false (voisins_db_exec (b, "UPDATE assoc SET next_seq = next_seq + 1 WHERE id = 'a'",
                                   &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
  voisins_db_rollback (b);
  g_assert_true (voisins_db_commit (a, NULL));
}

/* }}} */
/* {{{ migrations */

static const char *const portable_migrations[] = {
  "CREATE TABLE a (id TEXT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0)",
  "ALTER TABLE a ADD COLUMN note TEXT; INSERT INTO a (id) VALUES ('x')",
};

static void
test_migrate (void)
{
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  const char *const broken[] = {
    portable_migrations[0],
    portable_migrations[1],
    "CREATE TABLE b (id TEXT); INSERT INTO nowhere VALUES (1)",
  };

  g_assert_cmpint (voisins_db_schema_version (db, &error), ==, 0);
  g_assert_true (voisins_db_migrate (db, portable_migrations, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_schema_version (db, &error), ==, 1);
  g_assert_true (voisins_db_migrate (db, portable_migrations, 2, &error));
  g_assert_cmpint (voisins_db_schema_version (db, &error), ==, 2);
  /* again: nothing to do */
  g_assert_true (voisins_db_migrate (db, portable_migrations, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM a"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM schema_migrations"), ==, 2);

  /* a failed step leaves the database at the last one that completed */
  g_test_expect_message ("voisins-server", G_LOG_LEVEL_WARNING, "*error*");
  g_assert_false (voisins_db_migrate (db, broken, 3, &error));
  g_test_assert_expected_messages ();
  g_clear_error (&error);
  g_assert_false (voisins_db_in_transaction (db));
  g_assert_cmpint (voisins_db_schema_version (db, &error), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM a"), ==, 1);

  /* an older program refuses a newer database */
  g_assert_false (voisins_db_migrate (db, portable_migrations, 1, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* Several server processes starting at once on one database migrate it once. */
typedef struct
{
  const char *uri;
  gboolean    ok;
} MigrateWorker;

static gpointer
migrate_worker (gpointer user_data)
{
  MigrateWorker *w = user_data;
  g_autoptr(VoisinsDb) db = open_db (w->uri, 10000);
  g_autoptr(GError) error = NULL;

  if (kind == VOISINS_DB_POSTGRESQL)
    w->ok = voisins_db_migrate (db, voisins_db_schema_postgresql,
                                voisins_db_schema_postgresql_version, &error);
  else
    w->ok = voisins_db_migrate (db, portable_migrations, G_N_ELEMENTS (portable_migrations),
                                &error);
  if (error)
    g_printerr ("migrate: %s\n", error->message);
  return NULL;
}

static void
test_migrate_concurrent (void)
{
  g_autofree char *uri = new_uri ();
  MigrateWorker workers[3];
  GThread *threads[3];
  int expected = (int) G_N_ELEMENTS (portable_migrations);

  if (kind == VOISINS_DB_POSTGRESQL)
    expected = voisins_db_schema_postgresql_version;

  for (int i = 0; i < 3; i++)
    {
      workers[i] = (MigrateWorker){ uri, FALSE };
      threads[i] = g_thread_new ("migrate", migrate_worker, &workers[i]);
    }
  for (int i = 0; i < 3; i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (workers[i].ok);
    }
  {
    g_autoptr(VoisinsDb) db = open_db (uri, 0);

    g_assert_cmpint (voisins_db_schema_version (db, NULL), ==, expected);
    g_assert_cmpint (count_rows (db, "SELECT count (*) FROM schema_migrations"), ==, expected);
  }
}

/* The backend's PostgreSQL schema on a fresh cluster's database. */
static void
test_schema_postgresql (void)
{
  static const char *const tables[] = {
    "associations",     "users",          "roles",           "tokens",         "clients",
    "mutation_results", "records",        "holiday_reveals", "help_reveals",   "addresses",
    "member_audit",     "member_letters", "feed_secrets",    "login_attempts", NULL,
  };
  g_autofree char *uri = new_uri ();
  g_autoptr(VoisinsDb) db = open_db (uri, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) first_key = NULL;
  g_autoptr(VoisinsDbStmt) ins = NULL;
  g_autoptr(VoisinsDbStmt) by_post = NULL;
  gint64 applied_at;

  g_assert_true (voisins_db_migrate (db, voisins_db_schema_postgresql,
                                     voisins_db_schema_postgresql_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_schema_version (db, &error), ==,
                   voisins_db_schema_postgresql_version);
  applied_at = count_rows (db, "SELECT sum (applied_at) FROM schema_migrations");
  g_assert_true (voisins_db_migrate (db, voisins_db_schema_postgresql,
                                     voisins_db_schema_postgresql_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT sum (applied_at) FROM schema_migrations"), ==,
                   applied_at);

  /* every table there, and keyed by its association first unless it is global */
  first_key = voisins_db_prepare (db,
    "SELECT a.attname FROM pg_index i"
    " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
    " WHERE i.indrelid = to_regclass (?) AND i.indisprimary", &error);
  for (guint t = 0; tables[t]; t++)
    {
      const char *expected = "association_id";

      voisins_db_stmt_reset (first_key);
      voisins_db_bind_text (first_key, 1, tables[t]);
      g_assert_cmpint (voisins_db_stmt_step (first_key, &error), ==, VOISINS_DB_ROW);
      if (g_str_equal (tables[t], "associations"))
        expected = "id";
      if (g_strv_contains (voisins_db_schema_postgresql_global_tables, tables[t]))
        expected = NULL;
      if (expected)
        g_assert_cmpstr (voisins_db_column_text (first_key, 0), ==, expected);
    }
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM pg_tables WHERE schemaname = 'public'"),
                   ==, g_strv_length ((char **) tables) + 1);

  /* what the SQLite triggers refused is refused: JSON a client cannot parse */
  exec_ok (db, "INSERT INTO associations (id, name, secret, epoch, created_at)"
               " VALUES ('a1', 'Quartier', 's', 'e', 0)");
  ins = voisins_db_prepare (db, "INSERT INTO records (association_id, id, type, data, version,"
                                " server_seq) VALUES ('a1', ?, 'post', ?, 1, ?)", &error);
  voisins_db_bind_text (ins, 1, "r1");
  voisins_db_bind_text (ins, 2, "{\"post_id\": \"p1\", \"n\": 1e+22.0}");
  voisins_db_bind_int64 (ins, 3, 1);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_ERROR);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  g_clear_error (&error);
  voisins_db_stmt_reset (ins);
  voisins_db_bind_text (ins, 2, "{\"post_id\": \"p1\", \"n\": 5}");
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
  g_assert_no_error (error);

  /* json_extract () as the backend writes it: text on PostgreSQL, CAST for numbers */
  by_post = voisins_db_prepare (db, "SELECT id, CAST (json_extract (data, '$.n') AS BIGINT)"
                                    " FROM records WHERE association_id = ? AND type = 'post'"
                                    " AND json_extract (data, '$.post_id') = ?", &error);
  voisins_db_bind_text (by_post, 1, "a1");
  voisins_db_bind_text (by_post, 2, "p1");
  g_assert_cmpint (voisins_db_stmt_step (by_post, &error), ==, VOISINS_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_db_column_text (by_post, 0), ==, "r1");
  g_assert_cmpint (voisins_db_column_int64 (by_post, 1), ==, 5);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2 || (!g_str_equal (argv[1], "sqlite") && !g_str_equal (argv[1], "postgresql")))
    g_error ("usage: test-db sqlite|postgresql");
  kind = g_str_equal (argv[1], "sqlite") ? VOISINS_DB_SQLITE : VOISINS_DB_POSTGRESQL;

  if (kind == VOISINS_DB_POSTGRESQL)
    {
      g_autofree char *why = NULL;

      if (!vs_pg_available (&why))
        return vs_pg_skip (why);
      cluster = vs_pg_start ();
    }
  tmp_dir = g_dir_make_tmp ("voisins-db-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/db/placeholders/rewrite", test_placeholders_rewrite);
  g_test_add_func ("/db/placeholders/live", test_placeholders_live);
  g_test_add_func ("/db/values", test_values);
  g_test_add_func ("/db/int64-arithmetic", test_int64_arithmetic);
  g_test_add_func ("/db/errors", test_errors);
  g_test_add_func ("/db/busy", test_busy);
  g_test_add_func ("/db/rollback", test_rollback);
  g_test_add_func ("/db/savepoint", test_savepoint);
  g_test_add_func ("/db/failed-commit", test_failed_commit);
  g_test_add_func ("/db/cached", test_cached);
  g_test_add_func ("/db/cached-rollback", test_cached_rollback);
  g_test_add_func ("/db/portable-forms", test_portable_forms);
  g_test_add_func ("/db/pool", test_pool);
  g_test_add_func ("/db/server-seq", test_server_seq);
  g_test_add_func ("/db/migrate", test_migrate);
  g_test_add_func ("/db/migrate-concurrent", test_migrate_concurrent);
  if (kind == VOISINS_DB_POSTGRESQL)
    {
      g_test_add_func ("/db/sequence-skips", test_sequence_skips);
      g_test_add_func ("/db/pool-lost-connection", test_pool_lost_connection);
      g_test_add_func ("/db/schema", test_schema_postgresql);
    }

  ret = g_test_run ();

  vs_pg_stop (cluster);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);
  return ret;
}
