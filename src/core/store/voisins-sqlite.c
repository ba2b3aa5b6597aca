/* voisins-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-sqlite.h"

void
voisins_sqlite_bind_text (sqlite3_stmt *stmt,
                          int           i,
                          const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

const char *
voisins_sqlite_column_text (sqlite3_stmt *stmt,
                            int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

char *
voisins_sqlite_column_dup (sqlite3_stmt *stmt,
                           int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

gboolean
voisins_sqlite_run_migrations (sqlite3               *db,
                               const char * const    *migrations,
                               int                    from,
                               int                    to,
                               int                    application_id,
                               VoisinsSqliteExecFunc  exec,
                               VoisinsSqliteStepFunc  after,
                               gpointer               user_data,
                               GError               **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (migrations != NULL, FALSE);
  g_return_val_if_fail (exec != NULL, FALSE);

  for (int version = from; version < to; version++)
    {
      g_autofree char *bump = NULL;

      g_debug ("Migrating a database from version %d", version);

      if (!exec ("BEGIN IMMEDIATE", user_data, error))
        return FALSE;

      if (application_id != 0)
        bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                version + 1, application_id);
      else
        bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec (migrations[version], user_data, error) ||
          (after != NULL && !after (version, user_data, error)) ||
          !exec (bump, user_data, error) ||
          !exec ("COMMIT", user_data, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}
