/* voisins-store-member-edits.c: local edits of members (the desk's intake), queued and
 * synced like posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each edit is ONE transaction: the optimistic row, its shadow and the outbox entry. What
 * the laptop keeps after the sync is the server's word: the pull brings the caller's view of
 * the member (a volunteer's has no last name, address or phone), which becomes the shadow,
 * and the row is rebuilt from it once the push is acknowledged.
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-store-member-edits.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

/* Not the client's to send in a member.update: the server sets them. */
static const char * const server_fields[] = {
  "id", "association_id", "version", "server_seq", "deleted", "created_at", "updated_at",
  "approx_lat", "approx_lon", NULL
};

static VoisinsMember *
load_member (VoisinsStore  *self,
             const char    *id,
             gboolean       live_only,
             GError       **error)
{
  VoisinsMember *member = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _voisins_store_stmt (self,
                              live_only ? "SELECT " MEMBER_COLUMNS "WHERE id = ? AND deleted = 0"
                                        : "SELECT " MEMBER_COLUMNS "WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;
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

  return member;
}

/* The server's copy of a member (NULL before the server has it, version 0), in the shape a
 * pull brings it: the shadow before its first local edit. */
static char *
snapshot_member (VoisinsStore *self,
                 const char   *entity,
                 const char   *id)
{
  g_autoptr(VoisinsMember) member = load_member (self, id, FALSE, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (member == NULL || voisins_member_get_version (member) == 0)
    return NULL;

  node = voisins_member_to_json (member, TRUE);
  return voisins_json_to_string (node);
}

/* The create's arguments: the member as the codec writes it, without what the server
 * computes (the approximate position is the server's, from the exact one). */
static JsonNode *
create_args (VoisinsMember *member)
{
  JsonNode *args = voisins_member_to_json (member, TRUE);
  JsonObject *obj = json_node_get_object (args);

  json_object_remove_member (obj, "approx_lat");
  json_object_remove_member (obj, "approx_lon");
  json_object_remove_member (obj, "version");
  json_object_remove_member (obj, "server_seq");
  json_object_remove_member (obj, "deleted");
  return args;
}

static gboolean
validate_member (VoisinsMember  *member,
                 GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!voisins_member_validate (member, &local_error))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_member_txn (VoisinsStore  *self,
                   gpointer       user_data,
                   GError       **error)
{
  VoisinsMember *member = user_data;
  g_autoptr(JsonNode) args = NULL;

  if (voisins_member_get_association_id (member) == NULL)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT id FROM associations", error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        voisins_member_set_association_id (member, voisins_sqlite_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (voisins_member_get_association_id (member) == NULL)
        {
          g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                       _("There is no association in this file yet"));
          return FALSE;
        }
    }

  if (!_voisins_store_save_shadow (self, "member", voisins_member_get_id (member), NULL, error) ||
      !_voisins_store_write_member (self, member, error))
    return FALSE;

  args = create_args (member);
  return _voisins_store_append_outbox (self, "member.create", "member",
                                       voisins_member_get_id (member), args, error);
}

gboolean
voisins_store_create_member (VoisinsStore   *self,
                             VoisinsMember  *member,
                             GError        **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_MEMBER (member), FALSE);

  if (voisins_member_get_id (member) == NULL)
    {
      g_autofree char *id = voisins_uuid_new ();
      voisins_member_set_id (member, id);
    }
  if (voisins_member_get_created_at (member) == 0)
    voisins_member_set_created_at (member, now);
  voisins_member_set_updated_at (member, now);
  voisins_member_set_version (member, 0);
  voisins_member_set_server_seq (member, 0);
  voisins_member_set_deleted (member, FALSE);
  /* Nobody vouches for a neighbour by recording her. */
  voisins_member_set_verification (member, VOISINS_VERIFICATION_UNVERIFIED);
  voisins_member_set_verified_how (member, NULL);
  voisins_member_set_verified_by (member, NULL);
  voisins_member_set_verified_at (member, 0);

  if (!validate_member (member, error))
    return FALSE;

  if (!voisins_store_transaction (self, create_member_txn, member, error))
    return FALSE;

  _voisins_store_members_changed (self, voisins_member_get_id (member));
  return TRUE;
}

static gboolean
update_member_txn (VoisinsStore  *self,
                   gpointer       user_data,
                   GError       **error)
{
  VoisinsMember *member = user_data;
  g_autoptr(VoisinsMember) old = NULL;
  g_autoptr(JsonNode) old_node = NULL;
  g_autoptr(JsonNode) new_node = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonNode) args_node = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *old_obj, *new_obj;

  old = load_member (self, voisins_member_get_id (member), TRUE, error);
  if (old == NULL)
    return FALSE;

  /* What the volunteer may not change here stays as stored. */
  voisins_member_set_association_id (member, voisins_member_get_association_id (old));
  voisins_member_set_version (member, voisins_member_get_version (old));
  voisins_member_set_server_seq (member, voisins_member_get_server_seq (old));
  voisins_member_set_created_at (member, voisins_member_get_created_at (old));
  voisins_member_set_approx_latitude (member, voisins_member_get_approx_latitude (old));
  voisins_member_set_approx_longitude (member, voisins_member_get_approx_longitude (old));

  old_node = voisins_member_to_json (old, TRUE);
  new_node = voisins_member_to_json (member, TRUE);
  old_obj = json_node_get_object (old_node);
  new_obj = json_node_get_object (new_node);
  names = json_object_get_members (new_obj);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *before = json_object_get_member (old_obj, l->data);
      JsonNode *after = json_object_get_member (new_obj, l->data);

      if (g_strv_contains (server_fields, l->data))
        continue;
      if (before != NULL && json_node_equal (before, after))
        continue;
      json_object_set_member (fields, l->data, json_node_copy (after));
    }

  if (json_object_get_size (fields) == 0)
    return TRUE;

  voisins_member_set_updated_at (member, g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_save_shadow (self, "member", voisins_member_get_id (member),
                                   snapshot_member, error) ||
      !_voisins_store_write_member (self, member, error))
    return FALSE;

  /* Not on the server yet: the change is part of the record, not an edit of it. */
  if (voisins_member_get_version (old) == 0)
    {
      gint64 create_seq = _voisins_store_unsent_create (self, voisins_member_get_id (member));

      if (create_seq > 0)
        {
          g_autoptr(JsonNode) cargs = create_args (member);
          return _voisins_store_rewrite_outbox (self, create_seq, cargs, error);
        }
    }

  json_object_set_string_member (args, "id", voisins_member_get_id (member));
  /* Sent but not confirmed: it will be version 1 on the server. */
  json_object_set_int_member (args, "base_version", MAX (voisins_member_get_version (old), 1));
  json_object_set_object_member (args, "fields", json_object_ref (fields));
  args_node = json_node_init_object (json_node_alloc (), args);

  return _voisins_store_append_outbox (self, "member.update", "member",
                                       voisins_member_get_id (member), args_node, error);
}

gboolean
voisins_store_update_member (VoisinsStore   *self,
                             VoisinsMember  *member,
                             GError        **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (voisins_member_get_id (member) != NULL, FALSE);

  if (!validate_member (member, error))
    return FALSE;

  if (!voisins_store_transaction (self, update_member_txn, member, error))
    return FALSE;

  _voisins_store_members_changed (self, voisins_member_get_id (member));
  return TRUE;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = voisins_text_fold (a ? a : "");
  g_autofree char *fb = voisins_text_fold (b ? b : "");

  return g_str_equal (g_strstrip (fa), g_strstrip (fb));
}

GPtrArray *
voisins_store_find_member_duplicates (VoisinsStore   *self,
                                      VoisinsMember  *member,
                                      GError        **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (VOISINS_IS_MEMBER (member), NULL);

  all = voisins_store_list_members (self, voisins_member_get_association_id (member),
                                    voisins_member_get_first_name (member), error);
  if (all == NULL)
    return NULL;

  key = voisins_address_normalize (voisins_member_get_address (member)
                                     ? voisins_member_get_address (member) : "");
  for (guint i = 0; i < all->len; i++)
    {
      VoisinsMember *other = all->pdata[i];
      g_autofree char *other_key = NULL;

      if (g_strcmp0 (voisins_member_get_id (other), voisins_member_get_id (member)) == 0 ||
          !same_text (voisins_member_get_first_name (other),
                      voisins_member_get_first_name (member)) ||
          !same_text (voisins_member_get_last_name (other), voisins_member_get_last_name (member)))
        continue;
      other_key = voisins_address_normalize (voisins_member_get_address (other)
                                               ? voisins_member_get_address (other) : "");
      if (g_strcmp0 (key, other_key) == 0)
        g_ptr_array_add (out, g_object_ref (other));
    }

  return g_steal_pointer (&out);
}

/* Off the main thread */

static void
save_member_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VoisinsMember *member = task_data;
  gboolean create = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "create"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (create)
    ok = voisins_store_create_member (source_object, member, &error);
  else
    ok = voisins_store_update_member (source_object, member, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
voisins_store_save_member_async (VoisinsStore        *self,
                                 VoisinsMember       *member,
                                 gboolean             create,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (VOISINS_IS_MEMBER (member));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_save_member_async);
  g_task_set_task_data (task, g_object_ref (member), g_object_unref);
  g_object_set_data (G_OBJECT (task), "create", GINT_TO_POINTER (create));
  g_task_run_in_thread (task, save_member_thread);
}

gboolean
voisins_store_save_member_finish (VoisinsStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char  *association_id;
  char  *text;
  guint  limit;
} CompleteData;

static void
complete_data_free (gpointer data)
{
  CompleteData *cd = data;

  g_free (cd->association_id);
  g_free (cd->text);
  g_free (cd);
}

static void
complete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CompleteData *cd = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  if (g_task_return_error_if_cancelled (task))
    return;

  found = voisins_store_complete_addresses (source_object, cd->association_id, cd->text,
                                            cd->limit, &error);
  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_complete_addresses_async (VoisinsStore        *self,
                                        const char          *association_id,
                                        const char          *text,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CompleteData *cd;

  g_return_if_fail (VOISINS_IS_STORE (self));

  cd = g_new0 (CompleteData, 1);
  cd->association_id = g_strdup (association_id);
  cd->text = g_strdup (text);
  cd->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_complete_addresses_async);
  g_task_set_task_data (task, cd, complete_data_free);
  g_task_run_in_thread (task, complete_thread);
}

GPtrArray *
voisins_store_complete_addresses_finish (VoisinsStore  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_member_check_free (VoisinsMemberCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->address, voisins_address_free);
  g_clear_pointer (&check->duplicates, g_ptr_array_unref);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VoisinsMember *member = task_data;
  const char *association_id = voisins_member_get_association_id (member);
  const char *address = voisins_member_get_address (member);
  g_autoptr(VoisinsMemberCheck) check = g_new0 (VoisinsMemberCheck, 1);
  g_autoptr(GError) error = NULL;

  check->n_addresses = voisins_store_count_addresses (source_object, association_id, NULL);
  if (check->n_addresses > 0 && address != NULL && *address != '\0')
    {
      check->address = voisins_store_match_address (source_object, association_id, address,
                                                    &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  check->duplicates = voisins_store_find_member_duplicates (source_object, member, &error);
  if (check->duplicates == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&check),
                         (GDestroyNotify) voisins_member_check_free);
}

void
voisins_store_check_member_async (VoisinsStore        *self,
                                  VoisinsMember       *member,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (VOISINS_IS_MEMBER (member));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_check_member_async);
  g_task_set_task_data (task, voisins_member_copy (member), g_object_unref);
  g_task_run_in_thread (task, check_thread);
}

VoisinsMemberCheck *
voisins_store_check_member_finish (VoisinsStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What the server says this login may change on an existing member (kept in meta by the
 * sync client, voisins-sync-permissions.c): a comma-separated list of fields. */
static char *
writable_key (const char *association_id)
{
  return g_strconcat ("member_writable:", association_id, NULL);
}

GStrv
voisins_store_get_member_writable_fields (VoisinsStore *self,
                                          const char   *association_id)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  if (association_id == NULL)
    return NULL;
  key = writable_key (association_id);
  value = voisins_store_get_meta (self, key);
  if (value == NULL)
    return NULL;

  return g_strsplit (value, ",", -1);
}

gboolean
voisins_store_set_member_writable_fields (VoisinsStore        *self,
                                          const char          *association_id,
                                          const char * const  *fields,
                                          GError             **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);

  key = writable_key (association_id);
  value = fields ? g_strjoinv (",", (char **) fields) : NULL;
  return voisins_store_set_meta (self, key, value, error);
}
