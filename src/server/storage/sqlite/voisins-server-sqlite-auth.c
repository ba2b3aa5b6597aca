/* voisins-server-sqlite-auth.c: users, roles and tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-sqlite-private.h"

/* {{{ accounts */

gboolean
_voisins_server_sqlite_check_health (VoisinsServerStorage  *storage,
                                     GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  VoisinsDb           *db = _voisins_server_sqlite_take_reader (self, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = voisins_db_exec (db, "SELECT count(*) FROM associations", error);
  _voisins_server_sqlite_give_reader (self, db);
  return ok;
}

gboolean
_voisins_server_sqlite_get_credentials (VoisinsServerStorage  *storage,
                                        const char            *username,
                                        char                 **user_id,
                                        char                 **password_hash,
                                        GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  VoisinsDb *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return FALSE;
  if (!(stmt = voisins_db_prepare (db,
                                   "SELECT id, password_hash FROM users WHERE username = ?"
                                   " AND disabled = 0",
                                   error)))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return FALSE;
    }
  voisins_db_bind_text (stmt, 1, username);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    {
      *user_id = g_strdup (voisins_db_column_text (stmt, 0));
      *password_hash = g_strdup (voisins_db_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc == VOISINS_DB_DONE)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "Wrong username or password");
      return FALSE;
    }
  if (rc != VOISINS_DB_ROW)
    return FALSE;
  return TRUE;
}

static gboolean
write_simple (VoisinsServerSqlite  *self,
              const char           *sql,
              const char           *a,
              const char           *b,
              const char           *c,
              gint64                i4,
              gint64                i5,
              int                  *changes,
              GError              **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_mutex_lock (&self->writer_lock);
  if (self->writer && (stmt = voisins_db_prepare (self->writer, sql, error)))
    {
      int n = 0;

      g_free (voisins_db_rewrite_placeholders (sql, &n));

      if (n >= 1)
        voisins_db_bind_text (stmt, 1, a);
      if (n >= 2)
        voisins_db_bind_text (stmt, 2, b);
      if (n >= 3)
        voisins_db_bind_text (stmt, 3, c);
      if (n >= 4)
        voisins_db_bind_int64 (stmt, 4, i4);
      if (n >= 5)
        voisins_db_bind_int64 (stmt, 5, i5);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_DONE)
        {
          ok = TRUE;
          if (changes)
            *changes = voisins_db_changes (self->writer);
        }
    }
  else if (self->writer == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The server is shutting down");
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

gboolean
_voisins_server_sqlite_add_token (VoisinsServerStorage  *storage,
                                  const char            *user_id,
                                  const char            *token_hash,
                                  const char            *device,
                                  gint64                 expires_at,
                                  GError               **error)
{
  return write_simple (VOISINS_SERVER_SQLITE (storage),
                       "INSERT INTO tokens (hash, user_id, device, created_at, expires_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                       token_hash, user_id, device, now_s (), expires_at, NULL, error);
}

VoisinsServerAuth *
_voisins_server_sqlite_authenticate (VoisinsServerStorage  *storage,
                                     const char            *token_hash,
                                     gint64                 now,
                                     GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  VoisinsDb *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return NULL;
  /* Every request: prepared once per connection. */
  stmt = voisins_db_cached (
      db,
      "SELECT u.id, u.username, r.association_id, r.role"
      " FROM tokens t JOIN users u ON u.id = t.user_id LEFT JOIN roles r ON r.user_id = u.id"
      " WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled = 0",
      error);
  if (stmt == NULL)
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, token_hash);
  voisins_db_bind_int64 (stmt, 2, now);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      VoisinsRole role;

      if (auth == NULL)
        {
          auth = voisins_server_auth_new ();
          auth->user_id = g_strdup (voisins_db_column_text (stmt, 0));
          auth->username = g_strdup (voisins_db_column_text (stmt, 1));
        }
      if (voisins_db_column_text (stmt, 2) &&
          voisins_role_from_string (voisins_db_column_text (stmt, 3), &role))
        g_hash_table_insert (auth->roles, g_strdup (voisins_db_column_text (stmt, 2)),
                             GINT_TO_POINTER (role + 1));
    }
  g_clear_pointer (&stmt, voisins_db_cached_stmt_release);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  if (auth == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                         "Invalid, expired or revoked token");
  return g_steal_pointer (&auth);
}

gboolean
_voisins_server_sqlite_revoke_token (VoisinsServerStorage  *storage,
                                     const char            *token_hash,
                                     GError               **error)
{
  return write_simple (VOISINS_SERVER_SQLITE (storage),
                       "UPDATE tokens SET revoked_at = ?4 WHERE hash = ?1 AND revoked_at IS NULL",
                       token_hash, NULL, NULL, now_s (), 0, NULL, error);
}

gboolean
_voisins_server_sqlite_revoke_all (VoisinsServerStorage  *storage,
                                   VoisinsServerAuth     *auth,
                                   const char            *user_id,
                                   GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean allowed = g_strcmp0 (auth->user_id, user_id) == 0;

  if (!allowed)
    {
      g_autoptr(VoisinsDbStmt) stmt = NULL;
      VoisinsDb *db = _voisins_server_sqlite_take_reader (self, error);
      int rc;

      if (db == NULL)
        return FALSE;
      /* An admin of an association the user belongs to. */
      if ((stmt = voisins_db_prepare (db, "SELECT association_id FROM roles WHERE user_id = ?",
                                      error)))
        {
          voisins_db_bind_text (stmt, 1, user_id);
          while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
            {
              const char *association_id = voisins_db_column_text (stmt, 0);
              int role = voisins_server_auth_get_role (auth, association_id);

              if (voisins_server_rules_may_revoke_others (role))
                allowed = TRUE;
            }
        }
      g_clear_pointer (&stmt, voisins_db_stmt_free);
      _voisins_server_sqlite_give_reader (self, db);
      if (!allowed)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                               "Only the user or an admin may do this");
          return FALSE;
        }
    }

  return write_simple (self,
                       "UPDATE tokens SET revoked_at = ?4 WHERE user_id = ?1 AND revoked_at IS NULL",
                       user_id, NULL, NULL, now_s (), 0, NULL, error);
}

/* {{{ calendar feeds */

gboolean
_voisins_server_sqlite_set_feed_secret (VoisinsServerStorage  *storage,
                                        VoisinsServerAuth     *auth,
                                        const char            *association_id,
                                        const char            *secret_hash,
                                        GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  int role = voisins_server_auth_get_role (auth, association_id);

  /* A feed is the posts list by another road: whoever may see its events may have one. */
  if (role < 0 || !voisins_server_rules_allows (role, VOISINS_SERVER_RECORD_POST,
                                                VOISINS_SERVER_ACTION_SEE,
                                                VOISINS_SERVER_RELATION_ANY, "starts_at"))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return FALSE;
    }
  if (secret_hash == NULL)
    return write_simple (self,
                         "DELETE FROM feed_secrets WHERE user_id = ?1 AND association_id = ?2",
                         auth->user_id, association_id, NULL, 0, 0, NULL, error);
  /* One statement: the old secret stops working as the new one starts. */
  return write_simple (self,
                       "INSERT INTO feed_secrets (user_id, association_id, hash, created_at)"
                       " VALUES (?1, ?2, ?3, ?4)"
                       " ON CONFLICT (user_id, association_id)"
                       " DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at",
                       auth->user_id, association_id, secret_hash, now_s (), 0, NULL, error);
}

VoisinsServerAuth *
_voisins_server_sqlite_authenticate_feed (VoisinsServerStorage  *storage,
                                          const char            *secret_hash,
                                          char                 **association_id,
                                          GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  g_autofree char *feed_association = NULL;
  VoisinsDb       *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return NULL;
  if (!(stmt = voisins_db_prepare (
            db,
            "SELECT u.id, u.username, f.association_id, r.association_id, r.role"
            " FROM feed_secrets f JOIN users u ON u.id = f.user_id"
            " LEFT JOIN roles r ON r.user_id = u.id"
            " WHERE f.hash = ? AND u.disabled = 0",
            error)))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, secret_hash);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      VoisinsRole role;

      if (auth == NULL)
        {
          auth = voisins_server_auth_new ();
          auth->user_id = g_strdup (voisins_db_column_text (stmt, 0));
          auth->username = g_strdup (voisins_db_column_text (stmt, 1));
          feed_association = g_strdup (voisins_db_column_text (stmt, 2));
        }
      if (voisins_db_column_text (stmt, 3) &&
          voisins_role_from_string (voisins_db_column_text (stmt, 4), &role))
        g_hash_table_insert (auth->roles, g_strdup (voisins_db_column_text (stmt, 3)),
                             GINT_TO_POINTER (role + 1));
    }
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  if (auth == NULL)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "Unknown or revoked calendar feed");
      return NULL;
    }
  *association_id = g_steal_pointer (&feed_association);
  return g_steal_pointer (&auth);
}

/* }}} */

char *
voisins_server_sqlite_add_user (VoisinsServerSqlite  *self,
                                const char           *association_id,
                                const char           *username,
                                VoisinsRole           role,
                                const char           *password_hash,
                                GError              **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  int rc;

  if (!voisins_db_begin (self->writer, VOISINS_DB_WRITE, error))
    return NULL;

  if ((stmt = voisins_db_prepare (self->writer, "SELECT id FROM users WHERE username = ?", error)))
    {
      voisins_db_bind_text (stmt, 1, username);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_ROW)
        user_id = g_strdup (voisins_db_column_text (stmt, 0));
      g_clear_pointer (&stmt, voisins_db_stmt_free);
      if (rc == VOISINS_DB_ERROR)
        {
          voisins_db_rollback (self->writer);
          return NULL;
        }
    }
  else
    {
      voisins_db_rollback (self->writer);
      return NULL;
    }

  if (user_id == NULL)
    {
      if (password_hash == NULL)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                               "A new user needs a password");
          voisins_db_rollback (self->writer);
          return NULL;
        }
      user_id = voisins_uuid_new ();
      if (!(stmt = voisins_db_prepare (self->writer,
                                       "INSERT INTO users (id, username, password_hash,"
                                       " created_at) VALUES (?, ?, ?, ?)",
                                       error)))
        {
          voisins_db_rollback (self->writer);
          return NULL;
        }
      voisins_db_bind_text (stmt, 1, user_id);
      voisins_db_bind_text (stmt, 2, username);
      voisins_db_bind_text (stmt, 3, password_hash);
      voisins_db_bind_int64 (stmt, 4, now_s ());
      rc = voisins_db_stmt_step (stmt, error);
      g_clear_pointer (&stmt, voisins_db_stmt_free);
      if (rc != VOISINS_DB_DONE)
        {
          voisins_db_rollback (self->writer);
          return NULL;
        }
    }

  if (!(stmt = voisins_db_prepare (self->writer,
                                   "INSERT INTO roles (user_id, association_id, role)"
                                   " VALUES (?, ?, ?) ON CONFLICT (user_id, association_id)"
                                   " DO UPDATE SET role = excluded.role",
                                   error)))
    {
      voisins_db_rollback (self->writer);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, user_id);
  voisins_db_bind_text (stmt, 2, association_id);
  voisins_db_bind_text (stmt, 3, voisins_role_to_string (role));
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_DONE)
    {
      if (error && g_error_matches (*error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT))
        {
          g_clear_error (error);
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
        }
      voisins_db_rollback (self->writer);
      return NULL;
    }
  if (!voisins_db_commit (self->writer, error))
    return NULL;
  return g_steal_pointer (&user_id);
}

/* In the writer's transaction: the new password and the end of every session at once,
 * never one without the other. */
static gboolean
set_password_in_transaction (VoisinsDb  *db,
                             const char *username,
                             const char *password_hash,
                             GError    **error)
{
  g_autoptr(VoisinsDbStmt) set = NULL;
  g_autoptr(VoisinsDbStmt) revoke = NULL;

  if (!(set = voisins_db_prepare (db, "UPDATE users SET password_hash = ? WHERE username = ?",
                                  error)))
    return FALSE;
  voisins_db_bind_text (set, 1, password_hash);
  voisins_db_bind_text (set, 2, username);
  if (voisins_db_stmt_step (set, error) != VOISINS_DB_DONE)
    return FALSE;
  if (voisins_db_changes (db) == 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such user");
      return FALSE;
    }
  if (!(revoke = voisins_db_prepare (db,
                                     "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL"
                                     " AND user_id = (SELECT id FROM users WHERE username = ?)",
                                     error)))
    return FALSE;
  voisins_db_bind_int64 (revoke, 1, now_s ());
  voisins_db_bind_text (revoke, 2, username);
  return voisins_db_stmt_step (revoke, error) == VOISINS_DB_DONE;
}

gboolean
voisins_server_sqlite_set_password (VoisinsServerSqlite  *self,
                                    const char           *username,
                                    const char           *password_hash,
                                    GError              **error)
{
  gboolean ok = FALSE;

  g_mutex_lock (&self->writer_lock);
  if (self->writer == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The server is shutting down");
  else if (voisins_db_begin (self->writer, VOISINS_DB_WRITE, error))
    {
      ok = set_password_in_transaction (self->writer, username, password_hash, error) &&
           voisins_db_commit (self->writer, error);
      if (!ok)
        voisins_db_rollback (self->writer);
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

/* }}} */
