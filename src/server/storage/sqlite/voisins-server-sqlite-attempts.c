/* voisins-server-sqlite-attempts.c: the login rate limits' counts, in the database so that
 * every process serving it (`workers`) counts the same attempts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-sqlite-private.h"

static gint64
count_keys (VoisinsDb *db, VoisinsServerAttempts table, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;

  stmt = voisins_db_cached (db, "SELECT count(*) FROM login_attempts WHERE kind = ?", error);
  if (stmt == NULL)
    return -1;
  voisins_db_bind_int64 (stmt, 1, table);
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    {
      return -1;
    }
  return voisins_db_column_int64 (stmt, 0);
}

static gboolean
step_done (VoisinsDb *db, VoisinsDbStmt *stmt, GError **error)
{
  int rc = voisins_db_stmt_step (stmt, error);

  return rc == VOISINS_DB_DONE;
}

/* Makes room in a full table. Emptying it would let anyone unlock everyone by filling it
 * with made-up names; so expired keys go first, then the oldest that are not locked out,
 * down to 90%. Locked-out keys stay until their window ends. */
static gboolean
evict (VoisinsDb            *db,
       VoisinsServerAttempts table,
       gint64                now,
       guint                 window,
       guint                 limit,
       guint                 max_keys,
       GError              **error)
{
  g_autoptr(VoisinsDbCachedStmt) expired = NULL;
  g_autoptr(VoisinsDbCachedStmt) oldest = NULL;
  gint64 target = max_keys - max_keys / 10;
  gint64 n;

  expired = voisins_db_cached (
      db, "DELETE FROM login_attempts WHERE kind = ?1 AND window_start <= ?2", error);
  if (expired == NULL)
    return FALSE;
  voisins_db_bind_int64 (expired, 1, table);
  voisins_db_bind_int64 (expired, 2, now - window);
  if (!step_done (db, expired, error) || (n = count_keys (db, table, error)) < 0)
    return FALSE;
  if (n < target)
    return TRUE;

  oldest = voisins_db_cached (db,
                              "DELETE FROM login_attempts WHERE kind = ?1 AND key IN"
                              " (SELECT key FROM login_attempts WHERE kind = ?1 AND count < ?2"
                              "  ORDER BY window_start LIMIT ?3)",
                              error);
  if (oldest == NULL)
    return FALSE;
  voisins_db_bind_int64 (oldest, 1, table);
  voisins_db_bind_int64 (oldest, 2, limit);
  voisins_db_bind_int64 (oldest, 3, n - target + 1);
  return step_done (db, oldest, error);
}

/* Inside the writer's transaction. */
static gboolean
count_in_transaction (VoisinsDb            *db,
                      VoisinsServerAttempts table,
                      const char           *key,
                      guint                 limit,
                      guint                 window,
                      guint                 max_keys,
                      gint64                now,
                      guint                *wait,
                      GError              **error)
{
  g_autoptr(VoisinsDbCachedStmt) select = NULL;
  g_autoptr(VoisinsDbCachedStmt) write = NULL;
  gint64 window_start = now;
  gint64 count = 0;
  gint64 n;
  int rc;

  select = voisins_db_cached (
      db, "SELECT window_start, count FROM login_attempts WHERE kind = ? AND key = ?", error);
  if (select == NULL)
    return FALSE;
  voisins_db_bind_int64 (select, 1, table);
  voisins_db_bind_text (select, 2, key);
  rc = voisins_db_stmt_step (select, error);
  if (rc == VOISINS_DB_ROW)
    {
      window_start = voisins_db_column_int64 (select, 0);
      count = voisins_db_column_int64 (select, 1);
    }
  else if (rc != VOISINS_DB_DONE)
    return FALSE;
  else
    {
      if ((n = count_keys (db, table, error)) < 0)
        return FALSE;
      if (n >= max_keys &&
          (!evict (db, table, now, window, limit, max_keys, error) ||
           (n = count_keys (db, table, error)) < 0))
        return FALSE;
      if (n >= max_keys)
        return TRUE;  /* full of locked-out keys: not counted, memory stays bounded */
    }

  if (now - window_start >= window)
    {
      window_start = now;
      count = 0;
    }
  if (count >= limit)
    {
      *wait = MAX (1, window - (now - window_start));
      return TRUE;
    }

  write = voisins_db_cached (db,
                             "INSERT INTO login_attempts (kind, key, window_start, count)"
                             " VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET"
                             " window_start = excluded.window_start, count = excluded.count",
                             error);
  if (write == NULL)
    return FALSE;
  voisins_db_bind_int64 (write, 1, table);
  voisins_db_bind_text (write, 2, key);
  voisins_db_bind_int64 (write, 3, window_start);
  voisins_db_bind_int64 (write, 4, count + 1);
  return step_done (db, write, error);
}

gboolean
_voisins_server_sqlite_count_attempt (VoisinsServerStorage  *storage,
                                      VoisinsServerAttempts  table,
                                      const char            *key,
                                      guint                  limit,
                                      guint                  window,
                                      guint                  max_keys,
                                      guint                 *wait,
                                      GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean ok = FALSE;

  *wait = 0;
  g_mutex_lock (&self->writer_lock);
  if (self->writer == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The server is shutting down");
  /* IMMEDIATE: parallel attempts, in this process or another, cannot all read one count */
  else if (voisins_db_begin (self->writer, VOISINS_DB_WRITE, error))
    {
      ok = count_in_transaction (self->writer, table, key, limit, MAX (window, 1), max_keys,
                                 now_s (), wait, error) &&
           voisins_db_commit (self->writer, error);
      if (!ok)
        voisins_db_rollback (self->writer);
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

gboolean
_voisins_server_sqlite_clear_attempts (VoisinsServerStorage  *storage,
                                       VoisinsServerAttempts  table,
                                       const char            *key,
                                       GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean ok = FALSE;

  g_mutex_lock (&self->writer_lock);
  if (self->writer == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The server is shutting down");
  else
    {
      g_autoptr(VoisinsDbCachedStmt) stmt = voisins_db_cached (
          self->writer, "DELETE FROM login_attempts WHERE kind = ? AND key = ?", error);

      if (stmt)
        {
          voisins_db_bind_int64 (stmt, 1, table);
          voisins_db_bind_text (stmt, 2, key);
          ok = step_done (self->writer, stmt, error);
        }
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}
