/* voisins-db.c: the SQL layer's common part: opening by URI, cached statements,
 * transactions, migrations, the placeholders' rewrite and the connection pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-db-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* {{{ connections */

VoisinsDb *
_voisins_db_new (const VoisinsDbDriver *driver,
                 VoisinsDbKind          kind,
                 gpointer               handle)
{
  VoisinsDb *db = g_new0 (VoisinsDb, 1);

  db->driver = driver;
  db->kind = kind;
  db->handle = handle;
  db->cached = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) voisins_db_stmt_free);
  return db;
}

gboolean
voisins_db_uri_is_postgresql (const char *uri)
{
  g_return_val_if_fail (uri != NULL, FALSE);

  return g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://");
}

VoisinsDb *
voisins_db_open (const char  *uri,
                 int          busy_timeout_ms,
                 GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (busy_timeout_ms <= 0)
    busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
  if (voisins_db_uri_is_postgresql (uri))
    return _voisins_db_pg_open (uri, busy_timeout_ms, error);
  return _voisins_db_sqlite_open (uri, busy_timeout_ms, error);
}

void
voisins_db_close (VoisinsDb *db)
{
  if (db == NULL)
    return;
  /* The statements first: SQLite refuses to close a connection with live ones. */
  g_hash_table_remove_all (db->cached);
  g_hash_table_unref (db->cached);
  db->driver->close (db);
  g_free (db);
}

VoisinsDbKind
voisins_db_get_kind (VoisinsDb *db)
{
  return db->kind;
}

gboolean
voisins_db_exec (VoisinsDb   *db,
                 const char  *sql,
                 GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  return db->driver->exec (db, sql, error);
}

gint64
voisins_db_changes (VoisinsDb *db)
{
  return db->changes;
}

/* }}} */
/* {{{ transactions */

/* SQLite: a statement kept, nothing to prepare each time. PostgreSQL: a simple query, one
 * round trip as well, and the only way to COMMIT a transaction that failed (a statement
 * cannot be prepared in it): the driver then reports its silent rollback. */
static gboolean
transaction_exec (VoisinsDb   *db,
                  const char  *sql,
                  GError     **error)
{
  if (db->kind == VOISINS_DB_SQLITE)
    return voisins_db_exec_cached (db, sql, error);
  return db->driver->exec (db, sql, error);
}

gboolean
voisins_db_begin (VoisinsDb             *db,
                  VoisinsDbTransaction   kind,
                  GError               **error)
{
  const char *sql = kind == VOISINS_DB_WRITE ? db->driver->begin_write : db->driver->begin_read;

  return transaction_exec (db, sql, error);
}

gboolean
voisins_db_commit (VoisinsDb  *db,
                   GError    **error)
{
  return transaction_exec (db, "COMMIT", error);
}

void
voisins_db_rollback (VoisinsDb *db)
{
  g_autoptr(GError) error = NULL;

  if (!db->driver->in_transaction (db))
    return;
  if (!db->driver->exec (db, "ROLLBACK", &error))
    g_warning ("Rollback failed: %s", error->message);
}

gboolean
voisins_db_in_transaction (VoisinsDb *db)
{
  return db->driver->in_transaction (db);
}

static gboolean
savepoint_exec (VoisinsDb   *db,
                const char  *verb,
                const char  *name,
                GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  for (const char *p = name; *p; p++)
    g_return_val_if_fail (g_ascii_isalnum (*p) || *p == '_', FALSE);

  sql = g_strconcat (verb, name, NULL);
  return db->driver->exec (db, sql, error);
}

gboolean
voisins_db_savepoint (VoisinsDb   *db,
                      const char  *name,
                      GError     **error)
{
  return savepoint_exec (db, "SAVEPOINT ", name, error);
}

gboolean
voisins_db_release (VoisinsDb   *db,
                    const char  *name,
                    GError     **error)
{
  return savepoint_exec (db, "RELEASE SAVEPOINT ", name, error);
}

gboolean
voisins_db_rollback_to (VoisinsDb   *db,
                        const char  *name,
                        GError     **error)
{
  return savepoint_exec (db, "ROLLBACK TO SAVEPOINT ", name, error);
}

/* }}} */
/* {{{ migrations */

static const char create_migrations_sql[] =
  "CREATE TABLE IF NOT EXISTS schema_migrations ("
  "  version BIGINT PRIMARY KEY,"
  "  applied_at BIGINT NOT NULL)";

static int
read_version (VoisinsDb  *db,
              GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  if (!(stmt = voisins_db_prepare (db, "SELECT coalesce (max (version), 0) FROM schema_migrations",
                                   error)))
    return -1;
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    {
      if (error && *error == NULL)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                             "No schema version");
      return -1;
    }
  return (int) voisins_db_column_int64 (stmt, 0);
}

int
voisins_db_schema_version (VoisinsDb  *db,
                           GError    **error)
{
  if (!voisins_db_exec (db, create_migrations_sql, error))
    return -1;
  return read_version (db, error);
}

/* One step: FALSE with @error on failure; *done when nothing was left to do. */
static gboolean
migrate_step (VoisinsDb          *db,
              const char *const  *migrations,
              int                 n_migrations,
              gboolean           *done,
              GError            **error)
{
  g_autoptr(VoisinsDbStmt) mark = NULL;
  int version;

  if (!voisins_db_begin (db, VOISINS_DB_WRITE, error))
    return FALSE;
  if ((db->driver->migration_lock && !voisins_db_exec (db, db->driver->migration_lock, error)) ||
      !voisins_db_exec (db, create_migrations_sql, error) ||
      (version = read_version (db, error)) < 0)
    {
      voisins_db_rollback (db);
      return FALSE;
    }
  if (version > n_migrations)
    {
      voisins_db_rollback (db);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "The database was written by a newer voisins-server (schema %d)", version);
      return FALSE;
    }
  if (version == n_migrations)
    {
      *done = TRUE;
      return voisins_db_commit (db, error);
    }

  g_debug ("Migrating the database to schema %d", version + 1);
  if (!voisins_db_exec (db, migrations[version], error) ||
      !(mark = voisins_db_prepare (db, "INSERT INTO schema_migrations (version, applied_at)"
                                       " VALUES (?, ?)", error)))
    {
      voisins_db_rollback (db);
      return FALSE;
    }
  voisins_db_bind_int64 (mark, 1, version + 1);
  voisins_db_bind_int64 (mark, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (voisins_db_stmt_step (mark, error) != VOISINS_DB_DONE)
    {
      voisins_db_rollback (db);
      return FALSE;
    }
  return voisins_db_commit (db, error);
}

gboolean
voisins_db_migrate (VoisinsDb          *db,
                    const char *const  *migrations,
                    int                 n_migrations,
                    GError            **error)
{
  gboolean done = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (n_migrations >= 0, FALSE);

  while (!done)
    if (!migrate_step (db, migrations, n_migrations, &done, error))
      return FALSE;
  return TRUE;
}

/* }}} */
/* {{{ statements */

static VoisinsDbStmt *
stmt_new (VoisinsDb   *db,
          const char  *sql,
          gboolean     cached,
          GError     **error)
{
  VoisinsDbStmt *stmt = g_new0 (VoisinsDbStmt, 1);

  stmt->db = db;
  stmt->cached = cached;
  if (cached)
    stmt->sql = sql;
  else
    stmt->sql = stmt->sql_copy = g_strdup (sql);
  if (!db->driver->prepare (stmt, error))
    {
      g_free (stmt->sql_copy);
      g_free (stmt);
      return NULL;
    }
  return stmt;
}

VoisinsDbStmt *
voisins_db_prepare (VoisinsDb   *db,
                    const char  *sql,
                    GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  return stmt_new (db, sql, FALSE, error);
}

void
voisins_db_stmt_free (VoisinsDbStmt *stmt)
{
  if (stmt == NULL)
    return;
  stmt->db->driver->stmt_free (stmt);
  g_free (stmt->sql_copy);
  g_free (stmt);
}

VoisinsDbStmt *
voisins_db_cached (VoisinsDb   *db,
                   const char  *sql,
                   GError     **error)
{
  VoisinsDbStmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if ((stmt = g_hash_table_lookup (db->cached, sql)))
    return stmt;
  if (!(stmt = stmt_new (db, sql, TRUE, error)))
    return NULL;
  g_hash_table_insert (db->cached, (gpointer) sql, stmt);
  return stmt;
}

gboolean
voisins_db_exec_cached (VoisinsDb   *db,
                        const char  *sql,
                        GError     **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = voisins_db_cached (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  return voisins_db_stmt_step (stmt, error) != VOISINS_DB_ERROR;
}

void
voisins_db_bind_int64 (VoisinsDbStmt *stmt,
                       int            i,
                       gint64         value)
{
  g_return_if_fail (i >= 1);
  stmt->db->driver->bind_int64 (stmt, i, value);
}

void
voisins_db_bind_text (VoisinsDbStmt *stmt,
                      int            i,
                      const char    *text)
{
  g_return_if_fail (i >= 1);
  if (text == NULL)
    stmt->db->driver->bind_null (stmt, i);
  else
    stmt->db->driver->bind_text (stmt, i, text);
}

void
voisins_db_bind_double (VoisinsDbStmt *stmt,
                        int            i,
                        double         value)
{
  g_return_if_fail (i >= 1);
  stmt->db->driver->bind_double (stmt, i, value);
}

void
voisins_db_bind_null (VoisinsDbStmt *stmt,
                      int            i)
{
  g_return_if_fail (i >= 1);
  stmt->db->driver->bind_null (stmt, i);
}

void
voisins_db_bind_blob (VoisinsDbStmt *stmt,
                      int            i,
                      gconstpointer  data,
                      gsize          len)
{
  g_return_if_fail (i >= 1);
  g_return_if_fail (data != NULL || len == 0);
  stmt->db->driver->bind_blob (stmt, i, data, len);
}

VoisinsDbStep
voisins_db_stmt_step (VoisinsDbStmt  *stmt,
                      GError        **error)
{
  g_return_val_if_fail (stmt != NULL, VOISINS_DB_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, VOISINS_DB_ERROR);

  return stmt->db->driver->step (stmt, error);
}

void
voisins_db_stmt_reset (VoisinsDbStmt *stmt)
{
  stmt->db->driver->reset (stmt);
}

void
voisins_db_stmt_clear_bindings (VoisinsDbStmt *stmt)
{
  stmt->db->driver->clear_bindings (stmt);
}

int
voisins_db_column_count (VoisinsDbStmt *stmt)
{
  return stmt->db->driver->column_count (stmt);
}

gboolean
voisins_db_column_is_null (VoisinsDbStmt *stmt,
                           int            i)
{
  return stmt->db->driver->column_is_null (stmt, i);
}

gint64
voisins_db_column_int64 (VoisinsDbStmt *stmt,
                         int            i)
{
  return stmt->db->driver->column_int64 (stmt, i);
}

double
voisins_db_column_double (VoisinsDbStmt *stmt,
                          int            i)
{
  return stmt->db->driver->column_double (stmt, i);
}

const char *
voisins_db_column_text (VoisinsDbStmt *stmt,
                        int            i)
{
  return stmt->db->driver->column_text (stmt, i);
}

char *
voisins_db_column_dup (VoisinsDbStmt *stmt,
                       int            i)
{
  return g_strdup (stmt->db->driver->column_text (stmt, i));
}

gsize
voisins_db_column_bytes (VoisinsDbStmt *stmt,
                         int            i)
{
  return stmt->db->driver->column_bytes (stmt, i);
}

gconstpointer
voisins_db_column_blob (VoisinsDbStmt *stmt,
                        int            i,
                        gsize         *len)
{
  gsize dummy;

  return stmt->db->driver->column_blob (stmt, i, len ? len : &dummy);
}

/* }}} */
/* {{{ the SQL itself */

char *
voisins_db_rewrite_placeholders (const char *sql,
                                 int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int highest = 0;
  const char *p = sql;

  while (*p)
    {
      if (*p == '\'' || *p == '"')
        {
          /* A string or a quoted identifier; a doubled quote stays inside. */
          char quote = *p;
          const char *end = p + 1;

          for (;;)
            {
              if (*end == '\0')
                break;
              if (*end == quote && end[1] == quote)
                end += 2;
              else if (*end == quote)
                {
                  end++;
                  break;
                }
              else
                end++;
            }
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *end = strchr (p, '\n');

          end = end ? end : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          end = end ? end + 2 : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (*p == '?')
        {
          int n;

          p++;
          if (g_ascii_isdigit (*p))
            {
              n = 0;
              while (g_ascii_isdigit (*p))
                n = n * 10 + (*p++ - '0');
            }
          else
            n = highest + 1;  /* SQLite: one more than the highest so far */
          highest = MAX (highest, n);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p++);
    }

  if (n_params)
    *n_params = highest;
  return g_string_free (out, FALSE);
}

/* }}} */
/* {{{ the pool */

struct _VoisinsDbPool
{
  char        *uri;
  int          busy_timeout_ms;
  guint        max_idle;
  GAsyncQueue *idle;
};

VoisinsDbPool *
voisins_db_pool_new (const char *uri,
                     int         busy_timeout_ms,
                     guint       max_idle)
{
  VoisinsDbPool *pool;

  g_return_val_if_fail (uri != NULL, NULL);

  pool = g_new0 (VoisinsDbPool, 1);
  pool->uri = g_strdup (uri);
  pool->busy_timeout_ms = busy_timeout_ms;
  pool->max_idle = max_idle;
  pool->idle = g_async_queue_new_full ((GDestroyNotify) voisins_db_close);
  return pool;
}

void
voisins_db_pool_free (VoisinsDbPool *pool)
{
  if (pool == NULL)
    return;
  g_async_queue_unref (pool->idle);
  g_free (pool->uri);
  g_free (pool);
}

VoisinsDb *
voisins_db_pool_take (VoisinsDbPool  *pool,
                      GError        **error)
{
  VoisinsDb *db;

  g_return_val_if_fail (pool != NULL, NULL);

  if ((db = g_async_queue_try_pop (pool->idle)))
    return db;
  return voisins_db_open (pool->uri, pool->busy_timeout_ms, error);
}

void
voisins_db_pool_give (VoisinsDbPool *pool,
                      VoisinsDb     *db)
{
  g_return_if_fail (pool != NULL);

  if (db == NULL)
    return;
  if (!db->driver->is_broken (db) && db->driver->in_transaction (db))
    {
      g_warning ("A pooled connection came back inside a transaction: rolled back");
      voisins_db_rollback (db);
    }
  if (db->driver->is_broken (db) || db->driver->in_transaction (db) ||
      (guint) g_async_queue_length (pool->idle) >= pool->max_idle)
    voisins_db_close (db);
  else
    g_async_queue_push (pool->idle, db);
}

guint
voisins_db_pool_get_n_idle (VoisinsDbPool *pool)
{
  return MAX (g_async_queue_length (pool->idle), 0);
}

/* }}} */
