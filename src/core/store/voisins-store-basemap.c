/* voisins-store-basemap.c: the association's basemap, an MBTiles file beside the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "voisins-store-private.h"
#include "voisins-uuid.h"

/* <folder of the store>/basemap-<association id>.mbtiles; NULL for an id that is not a
 * UUID (it becomes part of a file name). */
static char *
basemap_file (VoisinsStore *self,
              const char   *association_id)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (!voisins_uuid_is_valid (association_id) || voisins_store_get_path (self) == NULL)
    return NULL;

  dir = g_path_get_dirname (voisins_store_get_path (self));
  name = g_strdup_printf ("basemap-%s.mbtiles", association_id);
  return g_build_filename (dir, name, NULL);
}

gint64
voisins_store_get_basemap_version (VoisinsStore *self,
                                   const char   *association_id)
{
  sqlite3_stmt *stmt;
  gint64 version = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL) &&
      (stmt = _voisins_store_stmt (self, "SELECT basemap_version FROM associations WHERE id = ?",
                                   NULL)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);
  return version;
}

char *
voisins_store_dup_basemap_path (VoisinsStore *self,
                                const char   *association_id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  if (association_id == NULL || voisins_store_get_basemap_version (self, association_id) <= 0)
    return NULL;
  path = basemap_file (self, association_id);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&path);
}

typedef struct
{
  const char *association_id;
  gint64      version;
} SetVersion;

static gboolean
set_basemap_version_txn (VoisinsStore  *self,
                         gpointer       user_data,
                         GError       **error)
{
  SetVersion *sv = user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "UPDATE associations SET basemap_version = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sv->version);
  voisins_sqlite_bind_text (stmt, 2, sv->association_id);
  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_install_basemap (VoisinsStore  *self,
                               const char    *association_id,
                               gint64         version,
                               const char    *downloaded_path,
                               GError       **error)
{
  g_autofree char *path = NULL;
  SetVersion sv = { association_id, version };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (downloaded_path != NULL, FALSE);
  g_return_val_if_fail (version > 0, FALSE);

  if (!(path = basemap_file (self, association_id)))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("This association has no valid identifier"));
      return FALSE;
    }
  if (g_chmod (downloaded_path, 0600) != 0 || g_rename (downloaded_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, VOISINS_STORE_ERROR,
                   saved == ENOSPC ? VOISINS_STORE_ERROR_FULL : VOISINS_STORE_ERROR_ACCESS,
                   _("Could not save the map of the quartier: %s"), g_strerror (saved));
      return FALSE;
    }
  if (!voisins_store_transaction (self, set_basemap_version_txn, &sv, error))
    return FALSE;
  _voisins_store_basemap_changed (self, association_id);
  return TRUE;
}
