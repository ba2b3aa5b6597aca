/* voisins-server-sqlite-basemap.c: the version of the association's basemap (migration 9),
 * raised by `voisins-server basemap` after each build; the laptops fetch the map again when
 * it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-sqlite-private.h"

gint64
voisins_server_sqlite_get_basemap_version (VoisinsServerSqlite  *self,
                                           const char           *association_id,
                                           GError              **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  gint64 version = -1;
  VoisinsDb *db;
  int rc;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), -1);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return -1;
  if ((stmt =
           voisins_db_prepare (db, "SELECT basemap_version FROM associations WHERE id = ?", error)))
    {
      voisins_db_bind_text (stmt, 1, association_id);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_ROW)
        version = voisins_db_column_int64 (stmt, 0);
      else if (rc == VOISINS_DB_DONE)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                             "No such association");
    }
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  _voisins_server_sqlite_give_reader (self, db);
  return version;
}

gboolean
voisins_server_sqlite_set_basemap_version (VoisinsServerSqlite  *self,
                                           const char           *association_id,
                                           gint64                version,
                                           GError              **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  gboolean ok;
  VoisinsDb *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), FALSE);

  g_mutex_lock (&self->writer_lock);
  db = self->writer;
  ok = db != NULL && (stmt = voisins_db_prepare (
                          db, "UPDATE associations SET basemap_version = ? WHERE id = ?", error));
  if (ok)
    {
      voisins_db_bind_int64 (stmt, 1, version);
      voisins_db_bind_text (stmt, 2, association_id);
      ok = voisins_db_stmt_step (stmt, error) == VOISINS_DB_DONE;
    }
  if (ok && voisins_db_changes (db) == 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such association");
      ok = FALSE;
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}
