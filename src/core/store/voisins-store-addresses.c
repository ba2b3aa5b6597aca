/* voisins-store-addresses.c: the quartier's address base on this laptop: replaced whole
 * when the server sends a new one, completed as an address is typed, matched exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-store-private.h"

#define ADDRESS_COLUMNS "id, number, rep, street, postcode, city, lat, lon FROM addresses "

typedef struct
{
  const char *association_id;
  GPtrArray  *addresses;
} ReplaceData;

static gboolean
replace_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  ReplaceData *data = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = _voisins_store_stmt (self, "DELETE FROM addresses WHERE association_id = ?", error)))
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, data->association_id);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < data->addresses->len; i++)
    {
      const VoisinsAddress *a = g_ptr_array_index (data->addresses, i);
      g_autofree char *norm = voisins_address_key (a);
      g_autofree char *street_norm = voisins_address_normalize (a->street);

      if (!(stmt = _voisins_store_stmt (self,
                                        "INSERT OR REPLACE INTO addresses (id, association_id,"
                                        " number, rep, street, postcode, city, lat, lon, norm,"
                                        " street_norm)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)))
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, a->id);
      voisins_sqlite_bind_text (stmt, 2, data->association_id);
      sqlite3_bind_int (stmt, 3, a->number);
      voisins_sqlite_bind_text (stmt, 4, a->rep ? a->rep : "");
      voisins_sqlite_bind_text (stmt, 5, a->street);
      voisins_sqlite_bind_text (stmt, 6, a->postcode ? a->postcode : "");
      voisins_sqlite_bind_text (stmt, 7, a->city ? a->city : "");
      sqlite3_bind_double (stmt, 8, a->lat);
      sqlite3_bind_double (stmt, 9, a->lon);
      voisins_sqlite_bind_text (stmt, 10, norm);
      voisins_sqlite_bind_text (stmt, 11, street_norm);
      if (!_voisins_store_step (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
voisins_store_replace_addresses (VoisinsStore  *self,
                                 const char    *association_id,
                                 GPtrArray     *addresses,
                                 GError       **error)
{
  ReplaceData data = { association_id, addresses };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);
  g_return_val_if_fail (addresses != NULL, FALSE);

  for (guint i = 0; i < addresses->len; i++)
    {
      const VoisinsAddress *a = g_ptr_array_index (addresses, i);

      if (a->id == NULL || a->street == NULL || a->number <= 0)
        {
          g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                       _("An address of the address base has no id, number or street"));
          return FALSE;
        }
    }

  return voisins_store_transaction (self, replace_txn, &data, error);
}

static VoisinsAddress *
address_from_row (sqlite3_stmt *stmt)
{
  VoisinsAddress *a = voisins_address_new ();

  a->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  a->number = sqlite3_column_int (stmt, 1);
  g_free (a->rep);
  a->rep = g_strdup (voisins_sqlite_column_text (stmt, 2) ? voisins_sqlite_column_text (stmt, 2) : "");
  a->street = g_strdup (voisins_sqlite_column_text (stmt, 3));
  a->postcode = g_strdup (voisins_sqlite_column_text (stmt, 4));
  a->city = g_strdup (voisins_sqlite_column_text (stmt, 5));
  a->lat = sqlite3_column_double (stmt, 6);
  a->lon = sqlite3_column_double (stmt, 7);
  return a;
}

guint
voisins_store_count_addresses (VoisinsStore  *self,
                               const char    *association_id,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT count(*) FROM addresses"
                                   " WHERE association_id = ?", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);
  return count;
}

/* A LIKE prefix over normalised text (which has no wildcard characters: only [a-z0-9 ]). */
static char *
prefix_pattern (const char *normal,
                gboolean    any_word)
{
  return any_word ? g_strconcat ("% ", normal, "%", NULL) : g_strconcat (normal, "%", NULL);
}

GPtrArray *
voisins_store_complete_addresses (VoisinsStore  *self,
                                  const char    *association_id,
                                  const char    *text,
                                  guint          limit,
                                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_address_free);
  g_autofree char *normal = voisins_address_normalize (text);
  g_autofree char *prefix = NULL;
  g_autofree char *inner = NULL;
  sqlite3_stmt *stmt;
  gboolean numbered;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  if (normal[0] == '\0' || limit == 0)
    return g_steal_pointer (&result);

  /* "12 rue tr" completes whole addresses; "rue trav" or "trav" lists the street's
   * numbers in order. */
  numbered = g_ascii_isdigit (normal[0]);
  prefix = prefix_pattern (normal, FALSE);
  inner = prefix_pattern (normal, TRUE);

  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                                    numbered
                                    ? "SELECT " ADDRESS_COLUMNS
                                      "WHERE association_id = ?1 AND norm LIKE ?2"
                                      " ORDER BY length(norm), norm LIMIT ?4"
                                    : "SELECT " ADDRESS_COLUMNS
                                      "WHERE association_id = ?1"
                                      " AND (street_norm LIKE ?2 OR street_norm LIKE ?3)"
                                      " ORDER BY street_norm LIKE ?2 DESC, street_norm, number, rep"
                                      " LIMIT ?4",
                                    error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  voisins_sqlite_bind_text (stmt, 1, association_id);
  voisins_sqlite_bind_text (stmt, 2, prefix);
  if (!numbered)
    voisins_sqlite_bind_text (stmt, 3, inner);
  sqlite3_bind_int (stmt, 4, (int) MIN (limit, 1000));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, address_from_row (stmt));
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->mutex);

  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "read");
      return NULL;
    }
  return g_steal_pointer (&result);
}

VoisinsAddress *
voisins_store_match_address (VoisinsStore  *self,
                             const char    *association_id,
                             const char    *text,
                             GError       **error)
{
  g_autofree char *normal = voisins_address_normalize (text);
  VoisinsAddress *found = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT " ADDRESS_COLUMNS
                                   "WHERE association_id = ? AND norm = ? LIMIT 1", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      voisins_sqlite_bind_text (stmt, 2, normal);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        found = address_from_row (stmt);
      else if (rc != SQLITE_DONE)
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);
  return found;
}

char *
voisins_store_dup_nearest_street (VoisinsStore *self,
                                  const char   *association_id,
                                  double        latitude,
                                  double        longitude,
                                  double        max_distance_m)
{
  /* Degrees are not metres: a box first (longitude degrees shrink with the latitude),
   * then the nearest in the box by the local equirectangular distance. */
  double dlat = max_distance_m / 111320.0;
  double k = cos (latitude * G_PI / 180.0);
  double dlon = dlat / MAX (k, 0.01);
  char *street = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL) &&
      (stmt = _voisins_store_stmt (self,
                                   "SELECT street FROM addresses"
                                   " WHERE association_id = ?1"
                                   " AND lat BETWEEN ?2 - ?4 AND ?2 + ?4"
                                   " AND lon BETWEEN ?3 - ?5 AND ?3 + ?5"
                                   " ORDER BY (lat - ?2) * (lat - ?2)"
                                   " + (lon - ?3) * (lon - ?3) * ?6 LIMIT 1", NULL)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      sqlite3_bind_double (stmt, 2, latitude);
      sqlite3_bind_double (stmt, 3, longitude);
      sqlite3_bind_double (stmt, 4, dlat);
      sqlite3_bind_double (stmt, 5, dlon);
      sqlite3_bind_double (stmt, 6, k * k);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        street = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return street;
}
