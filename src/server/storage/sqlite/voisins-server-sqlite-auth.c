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
  sqlite3 *db = _voisins_server_sqlite_take_reader (self, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = exec_sql (db, "SELECT count(*) FROM associations", error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return FALSE;
  if (!(stmt = prepare (db, "SELECT id, password_hash FROM users WHERE username = ?"
                            " AND disabled = 0", error)))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return FALSE;
    }
  voisins_sqlite_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "Wrong username or password");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (NULL, rc, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_mutex_lock (&self->writer_lock);
  if (self->writer && (stmt = prepare (self->writer, sql, error)))
    {
      int n = sqlite3_bind_parameter_count (stmt);

      if (n >= 1) voisins_sqlite_bind_text (stmt, 1, a);
      if (n >= 2) voisins_sqlite_bind_text (stmt, 2, b);
      if (n >= 3) voisins_sqlite_bind_text (stmt, 3, c);
      if (n >= 4) sqlite3_bind_int64 (stmt, 4, i4);
      if (n >= 5) sqlite3_bind_int64 (stmt, 5, i5);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          ok = TRUE;
          if (changes)
            *changes = sqlite3_changes (self->writer);
        }
      else
        sql_error (self->writer, rc, error);
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
  g_autoptr(VoisinsCachedStmt) stmt = NULL;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  sqlite3 *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return NULL;
  /* Every request: prepared once per connection. */
  stmt = _voisins_server_sqlite_cached (db,
    "SELECT u.id, u.username, r.association_id, r.role"
    " FROM tokens t JOIN users u ON u.id = t.user_id LEFT JOIN roles r ON r.user_id = u.id"
    " WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled = 0",
    error);
  if (stmt == NULL)
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_sqlite_bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsRole role;

      if (auth == NULL)
        {
          auth = voisins_server_auth_new ();
          auth->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          auth->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      if (sqlite3_column_text (stmt, 2) &&
          voisins_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &role))
        g_hash_table_insert (auth->roles,
                             g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
                             GINT_TO_POINTER (role + 1));
    }
  g_clear_pointer (&stmt, voisins_cached_stmt_release);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != SQLITE_DONE)
    {
      sql_error (NULL, rc, error);
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
      g_autoptr(sqlite3_stmt) stmt = NULL;
      sqlite3 *db = _voisins_server_sqlite_take_reader (self, error);
      int rc;

      if (db == NULL)
        return FALSE;
      /* An admin of an association the user belongs to. */
      if ((stmt = prepare (db, "SELECT association_id FROM roles WHERE user_id = ?", error)))
        {
          voisins_sqlite_bind_text (stmt, 1, user_id);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              const char *association_id = (const char *) sqlite3_column_text (stmt, 0);
              int role = voisins_server_auth_get_role (auth, association_id);

              if (voisins_server_rules_may_revoke_others (role))
                allowed = TRUE;
            }
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  g_autofree char *feed_association = NULL;
  sqlite3 *db = _voisins_server_sqlite_take_reader (self, error);
  int rc;

  if (db == NULL)
    return NULL;
  if (!(stmt = prepare (db, "SELECT u.id, u.username, f.association_id, r.association_id, r.role"
                            " FROM feed_secrets f JOIN users u ON u.id = f.user_id"
                            " LEFT JOIN roles r ON r.user_id = u.id"
                            " WHERE f.hash = ? AND u.disabled = 0", error)))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_sqlite_bind_text (stmt, 1, secret_hash);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsRole role;

      if (auth == NULL)
        {
          auth = voisins_server_auth_new ();
          auth->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          auth->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          feed_association = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      if (sqlite3_column_text (stmt, 3) &&
          voisins_role_from_string ((const char *) sqlite3_column_text (stmt, 4), &role))
        g_hash_table_insert (auth->roles,
                             g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
                             GINT_TO_POINTER (role + 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != SQLITE_DONE)
    {
      sql_error (NULL, rc, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  int rc;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return NULL;

  if ((stmt = prepare (self->writer, "SELECT id FROM users WHERE username = ?", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, username);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (user_id == NULL)
    {
      if (password_hash == NULL)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                               "A new user needs a password");
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
      user_id = voisins_uuid_new ();
      if (!(stmt = prepare (self->writer, "INSERT INTO users (id, username, password_hash,"
                                          " created_at) VALUES (?, ?, ?, ?)", error)))
        {
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
      voisins_sqlite_bind_text (stmt, 1, user_id);
      voisins_sqlite_bind_text (stmt, 2, username);
      voisins_sqlite_bind_text (stmt, 3, password_hash);
      sqlite3_bind_int64 (stmt, 4, now_s ());
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE)
        {
          sql_error (self->writer, rc, error);
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
    }

  if (!(stmt = prepare (self->writer, "INSERT OR REPLACE INTO roles (user_id, association_id, role)"
                                      " VALUES (?, ?, ?)", error)))
    {
      exec_sql (self->writer, "ROLLBACK", NULL);
      return NULL;
    }
  voisins_sqlite_bind_text (stmt, 1, user_id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  voisins_sqlite_bind_text (stmt, 3, voisins_role_to_string (role));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                             "No such association");
      else
        sql_error (self->writer, rc, error);
      exec_sql (self->writer, "ROLLBACK", NULL);
      return NULL;
    }
  if (!exec_sql (self->writer, "COMMIT", error))
    return NULL;
  return g_steal_pointer (&user_id);
}

gboolean
voisins_server_sqlite_set_password (VoisinsServerSqlite  *self,
                                    const char           *username,
                                    const char           *password_hash,
                                    GError              **error)
{
  int changes = 0;

  if (!write_simple (self, "UPDATE users SET password_hash = ?2 WHERE username = ?1",
                     username, password_hash, NULL, 0, 0, &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such user");
      return FALSE;
    }
  /* A new password ends every session. */
  return write_simple (self, "UPDATE tokens SET revoked_at = ?4 WHERE revoked_at IS NULL AND"
                             " user_id = (SELECT id FROM users WHERE username = ?1)",
                       username, NULL, NULL, now_s (), 0, NULL, error);
}

/* }}} */
