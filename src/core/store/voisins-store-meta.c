/* voisins-store-meta.c: the meta table (server, login, roles, sync bookkeeping)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>

#include "voisins-store-private.h"

char *
_voisins_store_meta_get (VoisinsStore *self,
                         const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  stmt = _voisins_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  voisins_sqlite_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

gboolean
_voisins_store_meta_set (VoisinsStore  *self,
                         const char    *key,
                         const char    *value,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = _voisins_store_stmt (self, "DELETE FROM meta WHERE key = ?", error);
  else
    stmt = _voisins_store_stmt (self, "INSERT INTO meta (key, value) VALUES (?, ?)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, key);
  if (value != NULL)
    voisins_sqlite_bind_text (stmt, 2, value);

  return _voisins_store_step (self, stmt, error);
}

gint64
_voisins_store_meta_get_int (VoisinsStore *self,
                             const char   *key)
{
  g_autofree char *value = _voisins_store_meta_get (self, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
_voisins_store_meta_set_int (VoisinsStore  *self,
                             const char    *key,
                             gint64         value,
                             GError       **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return _voisins_store_meta_set (self, key, buf, error);
}

char *
voisins_store_get_meta (VoisinsStore *self,
                        const char   *key)
{
  char *value = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL))
    value = _voisins_store_meta_get (self, key);
  g_rec_mutex_unlock (&self->mutex);

  return value;
}

typedef struct
{
  const char *key;
  const char *value;
} MetaArgs;

static gboolean
set_meta_txn (VoisinsStore  *self,
              gpointer       user_data,
              GError       **error)
{
  MetaArgs *a = user_data;

  return _voisins_store_meta_set (self, a->key, a->value, error);
}

gboolean
voisins_store_set_meta (VoisinsStore  *self,
                        const char    *key,
                        const char    *value,
                        GError       **error)
{
  MetaArgs args = { key, value };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return voisins_store_transaction (self, set_meta_txn, &args, error);
}

gint64
voisins_store_get_last_synced (VoisinsStore *self)
{
  gint64 value = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL))
    value = _voisins_store_meta_get_int (self, "last_synced");
  g_rec_mutex_unlock (&self->mutex);

  return value;
}

static gboolean
set_last_synced_txn (VoisinsStore  *self,
                     gpointer       user_data,
                     GError       **error)
{
  return _voisins_store_meta_set_int (self, "last_synced", *(gint64 *) user_data, error);
}

gboolean
voisins_store_set_last_synced (VoisinsStore  *self,
                               gint64         when,
                               GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  return voisins_store_transaction (self, set_last_synced_txn, &when, error);
}

/* Typed getters: the keys are spelled here only. */

static char *
role_key (const char *association_id)
{
  return g_strconcat ("role:", association_id, NULL);
}

gboolean
voisins_store_get_role (VoisinsStore *self,
                        const char   *association_id,
                        VoisinsRole  *out)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  key = role_key (association_id);
  value = voisins_store_get_meta (self, key);

  return value != NULL && voisins_role_from_string (value, out);
}

gboolean
voisins_store_set_role (VoisinsStore  *self,
                        const char    *association_id,
                        const char    *role,
                        GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  key = role_key (association_id);
  return voisins_store_set_meta (self, key, role, error);
}

char *
voisins_store_get_server_url (VoisinsStore *self)
{
  return voisins_store_get_meta (self, "server_url");
}

char *
voisins_store_get_username (VoisinsStore *self)
{
  return voisins_store_get_meta (self, "username");
}

char *
voisins_store_get_user_id (VoisinsStore *self)
{
  return voisins_store_get_meta (self, "user_id");
}

gboolean
voisins_store_set_user_id (VoisinsStore  *self,
                           const char    *user_id,
                           GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  return voisins_store_set_meta (self, "user_id", user_id, error);
}

static char *
follow_up_key (const char *association_id)
{
  return g_strconcat ("follow_up:", association_id, NULL);
}

gboolean
voisins_store_get_may_follow_up (VoisinsStore *self,
                                 const char   *association_id,
                                 gboolean     *out)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  key = follow_up_key (association_id);
  value = voisins_store_get_meta (self, key);
  if (value == NULL)
    return FALSE;
  *out = g_str_equal (value, "1");
  return TRUE;
}

gboolean
voisins_store_set_may_follow_up (VoisinsStore  *self,
                                 const char    *association_id,
                                 gboolean       may,
                                 GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);

  key = follow_up_key (association_id);
  return voisins_store_set_meta (self, key, may ? "1" : "0", error);
}
