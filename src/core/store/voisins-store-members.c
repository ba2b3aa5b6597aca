/* voisins-store-members.c: members: rows, search and counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

gboolean
_voisins_store_write_member (VoisinsStore  *self,
                             gpointer       user_data,
                             GError       **error)
{
  VoisinsMember *m = user_data;
  g_autofree char *key_src = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  key_src = g_strjoin (" ",
                       voisins_member_get_first_name (m) ? voisins_member_get_first_name (m) : "",
                       voisins_member_get_last_name (m) ? voisins_member_get_last_name (m) : "",
                       voisins_member_get_address (m) ? voisins_member_get_address (m) : "",
                       NULL);
  key = voisins_text_fold (key_src);

  stmt = _voisins_store_stmt (self,
                   "INSERT INTO members (id, association_id, first_name, last_name, address,"
                   " postcode, city, phone, email, lat, lon, approx_lat, approx_lon,"
                   " verification, verified_how, verified_by, verified_at, consent_at,"
                   " consent_by, consent_scope, languages, needs, created_at, updated_at,"
                   " version, server_seq, deleted, search_key, contact_channel, no_internet,"
                   " erased_at, address_override)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   "  ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,"
                   "  ?31, ?32)"
                   " ON CONFLICT (id) DO UPDATE SET association_id = ?2, first_name = ?3,"
                   "  last_name = ?4, address = ?5, postcode = ?6, city = ?7, phone = ?8,"
                   "  email = ?9, lat = ?10, lon = ?11, approx_lat = ?12, approx_lon = ?13,"
                   "  verification = ?14, verified_how = ?15, verified_by = ?16,"
                   "  verified_at = ?17, consent_at = ?18, consent_by = ?19,"
                   "  consent_scope = ?20, languages = ?21, needs = ?22, created_at = ?23,"
                   "  updated_at = ?24, version = ?25, server_seq = ?26, deleted = ?27,"
                   "  search_key = ?28, contact_channel = ?29, no_internet = ?30,"
                   "  erased_at = ?31, address_override = ?32",
                   error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, voisins_member_get_id (m));
  voisins_sqlite_bind_text (stmt, 2, voisins_member_get_association_id (m));
  voisins_sqlite_bind_text (stmt, 3, voisins_member_get_first_name (m) ? voisins_member_get_first_name (m) : "");
  voisins_sqlite_bind_text (stmt, 4, voisins_member_get_last_name (m) ? voisins_member_get_last_name (m) : "");
  voisins_sqlite_bind_text (stmt, 5, voisins_member_get_address (m));
  voisins_sqlite_bind_text (stmt, 6, voisins_member_get_postcode (m));
  voisins_sqlite_bind_text (stmt, 7, voisins_member_get_city (m));
  voisins_sqlite_bind_text (stmt, 8, voisins_member_get_phone (m));
  voisins_sqlite_bind_text (stmt, 9, voisins_member_get_email (m));
  sqlite3_bind_double (stmt, 10, voisins_member_get_latitude (m));
  sqlite3_bind_double (stmt, 11, voisins_member_get_longitude (m));
  sqlite3_bind_double (stmt, 12, voisins_member_get_approx_latitude (m));
  sqlite3_bind_double (stmt, 13, voisins_member_get_approx_longitude (m));
  voisins_sqlite_bind_text (stmt, 14, voisins_verification_to_string (voisins_member_get_verification (m)));
  voisins_sqlite_bind_text (stmt, 15, voisins_member_get_verified_how (m));
  voisins_sqlite_bind_text (stmt, 16, voisins_member_get_verified_by (m));
  sqlite3_bind_int64 (stmt, 17, voisins_member_get_verified_at (m));
  sqlite3_bind_int64 (stmt, 18, voisins_member_get_consent_at (m));
  voisins_sqlite_bind_text (stmt, 19, voisins_member_get_consent_by (m));
  voisins_sqlite_bind_text (stmt, 20, voisins_member_get_consent_scope (m));
  voisins_sqlite_bind_text (stmt, 21, voisins_member_get_languages (m));
  voisins_sqlite_bind_text (stmt, 22, voisins_member_get_needs (m));
  sqlite3_bind_int64 (stmt, 23, voisins_member_get_created_at (m));
  sqlite3_bind_int64 (stmt, 24, voisins_member_get_updated_at (m));
  sqlite3_bind_int64 (stmt, 25, voisins_member_get_version (m));
  sqlite3_bind_int64 (stmt, 26, voisins_member_get_server_seq (m));
  sqlite3_bind_int (stmt, 27, voisins_member_get_deleted (m));
  voisins_sqlite_bind_text (stmt, 28, key);
  voisins_sqlite_bind_text (stmt, 29, voisins_member_get_contact_channel (m));
  sqlite3_bind_int (stmt, 30, voisins_member_get_no_internet (m));
  sqlite3_bind_int64 (stmt, 31, voisins_member_get_erased_at (m));
  voisins_sqlite_bind_text (stmt, 32, voisins_member_get_address_override (m));

  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_put_member (VoisinsStore   *self,
                          VoisinsMember  *member,
                          GError        **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_MEMBER (member), FALSE);

  if (!voisins_uuid_is_valid (voisins_member_get_id (member)) ||
      voisins_member_get_association_id (member) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A member needs an id and an association"));
      return FALSE;
    }

  return voisins_store_transaction (self, _voisins_store_write_member, member, error);
}

VoisinsMember *
_voisins_store_member_from_row (sqlite3_stmt *stmt)
{
  VoisinsMember *m = voisins_member_new ();
  VoisinsVerification v = VOISINS_VERIFICATION_UNVERIFIED;

  voisins_member_set_id (m, voisins_sqlite_column_text (stmt, 0));
  voisins_member_set_association_id (m, voisins_sqlite_column_text (stmt, 1));
  voisins_member_set_first_name (m, voisins_sqlite_column_text (stmt, 2));
  voisins_member_set_last_name (m, voisins_sqlite_column_text (stmt, 3));
  voisins_member_set_address (m, voisins_sqlite_column_text (stmt, 4));
  voisins_member_set_postcode (m, voisins_sqlite_column_text (stmt, 5));
  voisins_member_set_city (m, voisins_sqlite_column_text (stmt, 6));
  voisins_member_set_phone (m, voisins_sqlite_column_text (stmt, 7));
  voisins_member_set_email (m, voisins_sqlite_column_text (stmt, 8));
  voisins_member_set_latitude (m, sqlite3_column_double (stmt, 9));
  voisins_member_set_longitude (m, sqlite3_column_double (stmt, 10));
  voisins_member_set_approx_latitude (m, sqlite3_column_double (stmt, 11));
  voisins_member_set_approx_longitude (m, sqlite3_column_double (stmt, 12));
  voisins_verification_from_string (voisins_sqlite_column_text (stmt, 13), &v);
  voisins_member_set_verification (m, v);
  voisins_member_set_verified_how (m, voisins_sqlite_column_text (stmt, 14));
  voisins_member_set_verified_by (m, voisins_sqlite_column_text (stmt, 15));
  voisins_member_set_verified_at (m, sqlite3_column_int64 (stmt, 16));
  voisins_member_set_consent_at (m, sqlite3_column_int64 (stmt, 17));
  voisins_member_set_consent_by (m, voisins_sqlite_column_text (stmt, 18));
  voisins_member_set_consent_scope (m, voisins_sqlite_column_text (stmt, 19));
  voisins_member_set_languages (m, voisins_sqlite_column_text (stmt, 20));
  voisins_member_set_needs (m, voisins_sqlite_column_text (stmt, 21));
  voisins_member_set_created_at (m, sqlite3_column_int64 (stmt, 22));
  voisins_member_set_updated_at (m, sqlite3_column_int64 (stmt, 23));
  voisins_member_set_version (m, sqlite3_column_int64 (stmt, 24));
  voisins_member_set_server_seq (m, sqlite3_column_int64 (stmt, 25));
  voisins_member_set_deleted (m, sqlite3_column_int (stmt, 26));
  voisins_member_set_contact_channel (m, voisins_sqlite_column_text (stmt, 27));
  voisins_member_set_no_internet (m, sqlite3_column_int (stmt, 28));
  voisins_member_set_erased_at (m, sqlite3_column_int64 (stmt, 29));
  voisins_member_set_address_override (m, voisins_sqlite_column_text (stmt, 30));

  return m;
}

VoisinsMember *
voisins_store_get_member (VoisinsStore  *self,
                          const char    *id,
                          GError       **error)
{
  VoisinsMember *member = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT " MEMBER_COLUMNS "WHERE id = ? AND deleted = 0", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        member = _voisins_store_member_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("This neighbour is no longer in the list"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return member;
}

/* Turns what a person typed into a LIKE pattern over folded text, with the LIKE
 * wildcards escaped. */
char *
_voisins_store_like_pattern (const char *search)
{
  g_autofree char *folded = voisins_text_fold (search);
  g_autofree char *stripped = g_strstrip (g_strdup (folded));
  GString *out = g_string_new ("%");

  for (const char *p = stripped; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');

  return g_string_free (out, FALSE);
}

GPtrArray *
voisins_store_list_members (VoisinsStore  *self,
                            const char    *association_id,
                            const char    *search,
                            GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  pattern = _voisins_store_like_pattern (search ? search : "");

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                         "SELECT " MEMBER_COLUMNS
                         "WHERE deleted = 0 AND (?1 IS NULL OR association_id = ?1)"
                         " AND search_key LIKE ?2 ESCAPE '\\'"
                         " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE",
                         error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  voisins_sqlite_bind_text (stmt, 1, association_id);
  voisins_sqlite_bind_text (stmt, 2, pattern);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, _voisins_store_member_from_row (stmt));
  sqlite3_reset (stmt);

  g_rec_mutex_unlock (&self->mutex);

  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "read");
      return NULL;
    }

  return g_steal_pointer (&result);
}

guint
voisins_store_count_members (VoisinsStore  *self,
                             const char    *association_id,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT count(*) FROM members WHERE deleted = 0"
                              " AND (?1 IS NULL OR association_id = ?1)", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return count;
}

typedef struct
{
  char *association_id;
  char *search;
} MembersData;

static void
members_data_free (gpointer data)
{
  MembersData *md = data;

  g_free (md->association_id);
  g_free (md->search);
  g_free (md);
}

static void
list_members_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MembersData *md = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *members;

  if (g_task_return_error_if_cancelled (task))
    return;

  members = voisins_store_list_members (source_object, md->association_id, md->search, &error);
  if (members == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_list_members_async (VoisinsStore        *self,
                                  const char          *association_id,
                                  const char          *search,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MembersData *md;

  g_return_if_fail (VOISINS_IS_STORE (self));

  md = g_new0 (MembersData, 1);
  md->association_id = g_strdup (association_id);
  md->search = g_strdup (search);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_list_members_async);
  g_task_set_task_data (task, md, members_data_free);
  g_task_run_in_thread (task, list_members_thread);
}

GPtrArray *
voisins_store_list_members_finish (VoisinsStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
