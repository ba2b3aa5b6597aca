/* voisins-db-sqlite.c: the SQL layer's SQLite driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens as the backend does today (WAL, synchronous=FULL, foreign keys, a busy timeout, a
 * file created 0600) and registers greatest () and least (), PostgreSQL's scalar max and
 * min, so that the SQL is written once with them (SQLite's max (a, b) does not exist on
 * PostgreSQL, where max is only an aggregate).
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "voisins-db-private.h"

#define HANDLE(db) ((sqlite3 *) (db)->handle)
#define STMT(s)    ((sqlite3_stmt *) (s)->driver_data)

static gboolean
sqlite_error (VoisinsDb  *db,
              int         rc,
              GError    **error)
{
  sqlite3 *handle = db ? HANDLE (db) : NULL;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The database is busy, retry later");
      break;
    case SQLITE_CONSTRAINT:
      /* The message names the constraint, never the values. */
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT,
                   "Constraint violated (%s)",
                   handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      break;
    case SQLITE_FULL:
      /* The transaction is rolled back: nothing half-written. The client keeps its changes
       * and sends them again (503); the operator must free space. */
      g_warning ("The disk of the database is full: requests that write are refused");
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The server's disk is full: nothing of this request was saved, "
                           "retry later");
      break;
    default:
      g_warning ("SQLite error %d: %s", rc, handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Database error (%s)", sqlite3_errstr (rc));
    }
  return FALSE;
}

/* {{{ greatest (), least () */

static int
value_rank (sqlite3_value *v)
{
  switch (sqlite3_value_type (v))
    {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      return 1;
    case SQLITE_TEXT:
      return 2;
    default:
      return 3;
    }
}

/* SQLite's own order: numbers < text < blobs. */
static int
value_compare (sqlite3_value *a,
               sqlite3_value *b)
{
  int ra = value_rank (a);
  int rb = value_rank (b);

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ra == 1)
    {
      if (sqlite3_value_type (a) == SQLITE_INTEGER && sqlite3_value_type (b) == SQLITE_INTEGER)
        {
          sqlite3_int64 x = sqlite3_value_int64 (a);
          sqlite3_int64 y = sqlite3_value_int64 (b);

          return x < y ? -1 : x > y;
        }
      else
        {
          double x = sqlite3_value_double (a);
          double y = sqlite3_value_double (b);

          return x < y ? -1 : x > y;
        }
    }
  else
    {
      int la = sqlite3_value_bytes (a);
      int lb = sqlite3_value_bytes (b);
      const void *pa = ra == 2 ? (const void *) sqlite3_value_text (a) : sqlite3_value_blob (a);
      const void *pb = rb == 2 ? (const void *) sqlite3_value_text (b) : sqlite3_value_blob (b);
      int c = memcmp (pa, pb, MIN (la, lb));

      return c != 0 ? c : (la < lb ? -1 : la > lb);
    }
}

/* As PostgreSQL's: NULLs are ignored, NULL only when every argument is. */
static void
extremum (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  int sign = GPOINTER_TO_INT (sqlite3_user_data (context));
  sqlite3_value *best = NULL;

  for (int i = 0; i < argc; i++)
    {
      if (sqlite3_value_type (argv[i]) == SQLITE_NULL)
        continue;
      if (best == NULL || value_compare (argv[i], best) * sign > 0)
        best = argv[i];
    }
  if (best)
    sqlite3_result_value (context, best);
  else
    sqlite3_result_null (context);
}

/* }}} */
/* {{{ statements */

static gboolean
sqlite_prepare (VoisinsDbStmt  *stmt,
                GError        **error)
{
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v3 (HANDLE (stmt->db), stmt->sql, -1,
                               stmt->cached ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL);

  if (rc != SQLITE_OK)
    return sqlite_error (stmt->db, rc, error);
  stmt->driver_data = s;
  return TRUE;
}

static void
sqlite_stmt_free (VoisinsDbStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
}

static void
sqlite_bind_int64 (VoisinsDbStmt *stmt,
                   int            i,
                   gint64         value)
{
  sqlite3_bind_int64 (STMT (stmt), i, value);
}

static void
sqlite_bind_text (VoisinsDbStmt *stmt,
                  int            i,
                  const char    *text)
{
  sqlite3_bind_text (STMT (stmt), i, text, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_double (VoisinsDbStmt *stmt,
                    int            i,
                    double         value)
{
  sqlite3_bind_double (STMT (stmt), i, value);
}

static void
sqlite_bind_null (VoisinsDbStmt *stmt,
                  int            i)
{
  sqlite3_bind_null (STMT (stmt), i);
}

static void
sqlite_bind_blob (VoisinsDbStmt *stmt,
                  int            i,
                  gconstpointer  data,
                  gsize          len)
{
  /* A zero-length blob, not NULL. */
  sqlite3_bind_blob64 (STMT (stmt), i, data ? data : "", len, SQLITE_TRANSIENT);
}

static VoisinsDbStep
sqlite_step (VoisinsDbStmt  *stmt,
             GError        **error)
{
  int rc = sqlite3_step (STMT (stmt));

  switch (rc)
    {
    case SQLITE_ROW:
      return VOISINS_DB_ROW;
    case SQLITE_DONE:
      stmt->db->changes = sqlite3_changes64 (HANDLE (stmt->db));
      return VOISINS_DB_DONE;
    default:
      /* The error of the step, and no statement left half-run. */
      rc = sqlite3_reset (STMT (stmt));
      sqlite_error (stmt->db, rc != SQLITE_OK ? rc : SQLITE_ERROR, error);
      return VOISINS_DB_ERROR;
    }
}

static void
sqlite_reset (VoisinsDbStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_clear_bindings (VoisinsDbStmt *stmt)
{
  sqlite3_clear_bindings (STMT (stmt));
}

static int
sqlite_column_count (VoisinsDbStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static gboolean
sqlite_column_is_null (VoisinsDbStmt *stmt,
                       int            i)
{
  return sqlite3_column_type (STMT (stmt), i) == SQLITE_NULL;
}

static const char *
sqlite_column_text (VoisinsDbStmt *stmt,
                    int            i)
{
  return (const char *) sqlite3_column_text (STMT (stmt), i);
}

static gsize
sqlite_column_bytes (VoisinsDbStmt *stmt,
                     int            i)
{
  return sqlite3_column_bytes (STMT (stmt), i);
}

static gconstpointer
sqlite_column_blob (VoisinsDbStmt *stmt,
                    int            i,
                    gsize         *len)
{
  const void *blob = sqlite3_column_blob (STMT (stmt), i);

  *len = sqlite3_column_bytes (STMT (stmt), i);
  return blob;
}

static gint64
sqlite_column_int64 (VoisinsDbStmt *stmt,
                     int            i)
{
  return sqlite3_column_int64 (STMT (stmt), i);
}

static double
sqlite_column_double (VoisinsDbStmt *stmt,
                      int            i)
{
  return sqlite3_column_double (STMT (stmt), i);
}

/* }}} */
/* {{{ connections */

static gboolean
sqlite_exec (VoisinsDb   *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (HANDLE (db), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return sqlite_error (db, rc, error);
  db->changes = sqlite3_changes64 (HANDLE (db));
  return TRUE;
}

static gboolean
sqlite_in_transaction (VoisinsDb *db)
{
  return !sqlite3_get_autocommit (HANDLE (db));
}

static gboolean
sqlite_is_broken (VoisinsDb *db)
{
  return FALSE;
}

static void
sqlite_close (VoisinsDb *db)
{
  sqlite3_close (HANDLE (db));
}

static const VoisinsDbDriver sqlite_driver = {
  .prepare = sqlite_prepare,
  .stmt_free = sqlite_stmt_free,
  .bind_int64 = sqlite_bind_int64,
  .bind_text = sqlite_bind_text,
  .bind_double = sqlite_bind_double,
  .bind_null = sqlite_bind_null,
  .bind_blob = sqlite_bind_blob,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .clear_bindings = sqlite_clear_bindings,
  .column_count = sqlite_column_count,
  .column_is_null = sqlite_column_is_null,
  .column_text = sqlite_column_text,
  .column_bytes = sqlite_column_bytes,
  .column_blob = sqlite_column_blob,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .exec = sqlite_exec,
  .in_transaction = sqlite_in_transaction,
  .is_broken = sqlite_is_broken,
  .close = sqlite_close,
  .begin_read = "BEGIN",
  .begin_write = "BEGIN IMMEDIATE",
  .migration_lock = NULL,  /* BEGIN IMMEDIATE is the lock */
};

VoisinsDb *
_voisins_db_sqlite_open (const char  *path,
                         int          busy_timeout_ms,
                         GError     **error)
{
  g_autoptr(VoisinsDb) db = NULL;
  sqlite3 *handle = NULL;
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  /* Personal data: the file is the server's only. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_CREAT | O_WRONLY, 0600);

      if (fd < 0)
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                       "Cannot create the database: %s", g_strerror (errno));
          return NULL;
        }
      close (fd);
    }

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open the database: %s", sqlite3_errstr (rc));
      sqlite3_close (handle);
      return NULL;
    }
  db = _voisins_db_new (&sqlite_driver, VOISINS_DB_SQLITE, handle);
  sqlite3_busy_timeout (handle, busy_timeout_ms);
  sqlite3_extended_result_codes (handle, 0);
  sqlite3_create_function (handle, "greatest", -1, flags, GINT_TO_POINTER (1), extremum,
                           NULL, NULL);
  sqlite3_create_function (handle, "least", -1, flags, GINT_TO_POINTER (-1), extremum,
                           NULL, NULL);
  if (!sqlite_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                        "PRAGMA foreign_keys=ON;", error))
    return NULL;
  return g_steal_pointer (&db);
}

/* }}} */

sqlite3 *
voisins_db_get_sqlite_handle (VoisinsDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (db->kind == VOISINS_DB_SQLITE, NULL);

  return HANDLE (db);
}
