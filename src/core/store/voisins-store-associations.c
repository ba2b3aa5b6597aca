/* voisins-store-associations.c: the associations a member belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"

static gboolean
put_association_txn (VoisinsStore  *self,
                     gpointer       user_data,
                     GError       **error)
{
  VoisinsAssociation *association = user_data;
  VoisinsPolygon *boundary = voisins_association_get_boundary (association);
  g_autofree char *geojson = boundary ? voisins_polygon_to_geojson (boundary) : NULL;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "INSERT INTO associations (id, name, quartier, phone, boundary, email,"
                   " address) VALUES (?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                   "  quartier = excluded.quartier, phone = excluded.phone,"
                   "  boundary = excluded.boundary, email = excluded.email,"
                   "  address = excluded.address",
                   error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, voisins_association_get_id (association));
  voisins_sqlite_bind_text (stmt, 2, voisins_association_get_name (association));
  voisins_sqlite_bind_text (stmt, 3, voisins_association_get_quartier (association));
  voisins_sqlite_bind_text (stmt, 4, voisins_association_get_phone (association));
  voisins_sqlite_bind_text (stmt, 5, geojson);
  voisins_sqlite_bind_text (stmt, 6, voisins_association_get_email (association));
  voisins_sqlite_bind_text (stmt, 7, voisins_association_get_address (association));

  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_put_association (VoisinsStore        *self,
                               VoisinsAssociation  *association,
                               GError             **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (association), FALSE);

  return voisins_store_transaction (self, put_association_txn, association, error);
}

static VoisinsAssociation *
association_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(VoisinsPolygon) boundary = NULL;
  const char *geojson = voisins_sqlite_column_text (stmt, 4);
  VoisinsAssociation *association;

  if (geojson != NULL)
    boundary = voisins_polygon_new_from_geojson (geojson, NULL);

  association = voisins_association_new (voisins_sqlite_column_text (stmt, 0), voisins_sqlite_column_text (stmt, 1), boundary);
  voisins_association_set_quartier (association, voisins_sqlite_column_text (stmt, 2));
  voisins_association_set_phone (association, voisins_sqlite_column_text (stmt, 3));
  voisins_association_set_email (association, voisins_sqlite_column_text (stmt, 5));
  voisins_association_set_address (association, voisins_sqlite_column_text (stmt, 6));

  return association;
}

GPtrArray *
voisins_store_list_associations (VoisinsStore  *self,
                                 GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                                    "SELECT id, name, quartier, phone, boundary, email, address"
                                    " FROM associations"
                                    " ORDER BY name",
                                    error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, association_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "read");
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&result);
}

VoisinsAssociation *
voisins_store_get_association (VoisinsStore  *self,
                               const char    *id,
                               GError       **error)
{
  VoisinsAssociation *association = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self,
                                   "SELECT id, name, quartier, phone, boundary, email, address"
                                   " FROM associations"
                                   " WHERE id = ?",
                                   error)))
    {
      voisins_sqlite_bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        association = association_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("No such association"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return association;
}

/* The version of the address base held for @association_id (0: none yet). */
gint64
voisins_store_get_addresses_version (VoisinsStore *self,
                                     const char   *association_id)
{
  sqlite3_stmt *stmt;
  gint64 version = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL) &&
      (stmt = _voisins_store_stmt (self, "SELECT addresses_version FROM associations WHERE id = ?",
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

typedef struct
{
  const char *association_id;
  gint64      version;
} SetVersion;

static gboolean
set_addresses_version_txn (VoisinsStore  *self,
                           gpointer       user_data,
                           GError       **error)
{
  SetVersion *sv = user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "UPDATE associations SET addresses_version = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sv->version);
  voisins_sqlite_bind_text (stmt, 2, sv->association_id);
  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_set_addresses_version (VoisinsStore  *self,
                                     const char    *association_id,
                                     gint64         version,
                                     GError       **error)
{
  SetVersion sv = { association_id, version };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  return voisins_store_transaction (self, set_addresses_version_txn, &sv, error);
}
