/* voisins-store-posts.c: posts: rows, local edits and expiry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

VoisinsPost *
_voisins_store_post_from_row (sqlite3_stmt *stmt)
{
  VoisinsPost *post = voisins_post_new ();
  VoisinsPostKind kind = VOISINS_POST_KIND_REQUEST;
  VoisinsCategory category = VOISINS_CATEGORY_SERVICE;
  VoisinsPostStatus status = VOISINS_POST_STATUS_OPEN;
  const char *first = voisins_sqlite_column_text (stmt, 9);
  const char *last = voisins_sqlite_column_text (stmt, 10);

  voisins_post_set_id (post, voisins_sqlite_column_text (stmt, 1));
  voisins_post_set_association_id (post, voisins_sqlite_column_text (stmt, 2));
  voisins_post_kind_from_string (voisins_sqlite_column_text (stmt, 3), &kind);
  voisins_category_from_string (voisins_sqlite_column_text (stmt, 4), &category);
  voisins_post_status_from_string (voisins_sqlite_column_text (stmt, 5), &status);
  voisins_post_set_kind (post, kind);
  voisins_post_set_category (post, category);
  voisins_post_set_status (post, status);
  voisins_post_set_title (post, voisins_sqlite_column_text (stmt, 6));
  voisins_post_set_body (post, voisins_sqlite_column_text (stmt, 7));
  voisins_post_set_author_id (post, voisins_sqlite_column_text (stmt, 8));

  /* Volunteers see "Jeanne M.", never the full name, next to a post. */
  if (first != NULL && *first != '\0')
    {
      g_autofree char *name = NULL;

      if (last != NULL && *last != '\0')
        {
          char initial[8] = { 0 };

          g_unichar_to_utf8 (g_unichar_toupper (g_utf8_get_char (last)), initial);
          name = g_strdup_printf ("%s %s.", first, initial);
        }
      else
        name = g_strdup (first);

      voisins_post_set_author_name (post, name);
    }

  voisins_post_set_latitude (post, sqlite3_column_double (stmt, 11));
  voisins_post_set_longitude (post, sqlite3_column_double (stmt, 12));
  voisins_post_set_created_at (post, sqlite3_column_int64 (stmt, 13));
  voisins_post_set_updated_at (post, sqlite3_column_int64 (stmt, 14));
  voisins_post_set_starts_at (post, sqlite3_column_int64 (stmt, 15));
  voisins_post_set_ends_at (post, sqlite3_column_int64 (stmt, 16));
  voisins_post_set_version (post, sqlite3_column_int64 (stmt, 17));
  voisins_post_set_server_seq (post, sqlite3_column_int64 (stmt, 18));
  voisins_post_set_deleted (post, sqlite3_column_int (stmt, 19));
  voisins_post_set_recorded_by (post, voisins_sqlite_column_text (stmt, 20));
  voisins_post_set_place (post, voisins_sqlite_column_text (stmt, 21));
  voisins_post_set_capacity (post, sqlite3_column_int64 (stmt, 22));
  voisins_post_set_rrule (post, voisins_sqlite_column_text (stmt, 23));

  return post;
}

/* One statement per post: a second UPDATE for the event's fields, by id, was a tenth of a
 * first sync's writes. Stores older than migration 15 (the tests write those too) have no
 * place, capacity or repetition. */
#define WRITE_POST_COLUMNS                                                              \
  "id, association_id, kind, category, status, title, body, author_id, lat, lon,"       \
  " created_at, updated_at, starts_at, ends_at, version, server_seq, deleted"
#define WRITE_POST_VALUES                                                               \
  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17"
#define WRITE_POST_UPDATE                                                               \
  " ON CONFLICT (id) DO UPDATE SET association_id = ?2, kind = ?3,"                     \
  "  category = ?4, status = ?5, title = ?6, body = ?7, author_id = ?8,"                \
  "  lat = ?9, lon = ?10, created_at = ?11, updated_at = ?12, starts_at = ?13,"         \
  "  ends_at = ?14, version = ?15, server_seq = ?16, deleted = ?17"

gboolean
_voisins_store_write_post (VoisinsStore  *self,
                           VoisinsPost   *post,
                           GError       **error)
{
  gboolean events = voisins_store_get_schema_version (self) >= 15;
  sqlite3_stmt *stmt;

  if (events)
    stmt = _voisins_store_stmt (self,
                                "INSERT INTO posts (" WRITE_POST_COLUMNS ", place, capacity, rrule)"
                                " VALUES (" WRITE_POST_VALUES ", ?18, ?19, ?20)"
                                WRITE_POST_UPDATE ", place = ?18, capacity = ?19, rrule = ?20",
                                error);
  else
    stmt = _voisins_store_stmt (self,
                                "INSERT INTO posts (" WRITE_POST_COLUMNS ")"
                                " VALUES (" WRITE_POST_VALUES ")" WRITE_POST_UPDATE,
                                error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, voisins_post_get_id (post));
  voisins_sqlite_bind_text (stmt, 2, voisins_post_get_association_id (post));
  voisins_sqlite_bind_text (stmt, 3, voisins_post_kind_to_string (voisins_post_get_kind (post)));
  voisins_sqlite_bind_text (stmt, 4, voisins_category_to_string (voisins_post_get_category (post)));
  voisins_sqlite_bind_text (stmt, 5, voisins_post_status_to_string (voisins_post_get_status (post)));
  voisins_sqlite_bind_text (stmt, 6, voisins_post_get_title (post) ? voisins_post_get_title (post) : "");
  voisins_sqlite_bind_text (stmt, 7, voisins_post_get_body (post) ? voisins_post_get_body (post) : "");
  voisins_sqlite_bind_text (stmt, 8, voisins_post_get_author_id (post));
  sqlite3_bind_double (stmt, 9, voisins_post_get_latitude (post));
  sqlite3_bind_double (stmt, 10, voisins_post_get_longitude (post));
  sqlite3_bind_int64 (stmt, 11, voisins_post_get_created_at (post));
  sqlite3_bind_int64 (stmt, 12, voisins_post_get_updated_at (post));
  sqlite3_bind_int64 (stmt, 13, voisins_post_get_starts_at (post));
  sqlite3_bind_int64 (stmt, 14, voisins_post_get_ends_at (post));
  sqlite3_bind_int64 (stmt, 15, voisins_post_get_version (post));
  sqlite3_bind_int64 (stmt, 16, voisins_post_get_server_seq (post));
  sqlite3_bind_int (stmt, 17, voisins_post_get_deleted (post));
  if (events)
    {
      voisins_sqlite_bind_text (stmt, 18, voisins_post_get_place (post));
      sqlite3_bind_int64 (stmt, 19, voisins_post_get_capacity (post));
      voisins_sqlite_bind_text (stmt, 20, voisins_post_get_rrule (post));
    }

  return _voisins_store_step (self, stmt, error);
}

static gboolean
put_post_txn (VoisinsStore  *self,
              gpointer       user_data,
              GError       **error)
{
  return _voisins_store_write_post (self, user_data, error);
}

gboolean
voisins_store_put_post (VoisinsStore  *self,
                        VoisinsPost   *post,
                        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  if (!voisins_uuid_is_valid (voisins_post_get_id (post)) ||
      voisins_post_get_association_id (post) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A post needs an id and an association"));
      return FALSE;
    }

  ok = voisins_store_transaction (self, put_post_txn, post, error);

  /* Bulk imports run inside an outer transaction: one signal at its end is the caller's. */
  if (ok && self->txn_depth == 0)
    _voisins_store_posts_changed (self, voisins_post_get_id (post));

  return ok;
}

static VoisinsPost *
get_post_where (VoisinsStore  *self,
                const char    *sql,
                const char    *id,
                gint64         rowid,
                GError       **error)
{
  VoisinsPost *post = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) && (stmt = _voisins_store_stmt (self, sql, error)))
    {
      if (id != NULL)
        voisins_sqlite_bind_text (stmt, 1, id);
      else
        sqlite3_bind_int64 (stmt, 1, rowid);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        post = _voisins_store_post_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("This post no longer exists"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return post;
}

VoisinsPost *
voisins_store_get_post (VoisinsStore  *self,
                        const char    *id,
                        GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                         id, 0, error);
}

gint64
voisins_store_get_post_rowid (VoisinsStore *self,
                              const char   *id)
{
  sqlite3_stmt *stmt;
  gint64 rowid = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL) &&
      (stmt = _voisins_store_stmt (self, "SELECT rowid FROM posts WHERE id = ?", NULL)))
    {
      voisins_sqlite_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        rowid = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return rowid;
}

VoisinsPost *
voisins_store_get_post_by_rowid (VoisinsStore  *self,
                                 gint64         rowid,
                                 GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  return get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.rowid = ?", NULL, rowid, error);
}

GPtrArray *
voisins_store_get_posts_by_rowid (VoisinsStore  *self,
                                  const gint64  *rowids,
                                  guint          n_rowids,
                                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_full (n_rowids, g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self, "SELECT " POST_COLUMNS "WHERE p.rowid = ?", error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  for (guint i = 0; i < n_rowids; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, rowids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (result, _voisins_store_post_from_row (stmt));
      else if (rc == SQLITE_DONE)
        g_ptr_array_add (result, NULL);
      else
        {
          sqlite3_reset (stmt);
          g_rec_mutex_unlock (&self->mutex);
          _voisins_store_set_error (self, error, rc, "read");
          return NULL;
        }
    }
  sqlite3_reset (stmt);

  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&result);
}

/* The server's copy of a post as JSON (NULL when the server has not acknowledged it,
 * version 0), in the shape a pull brings it: the shadow before its first local edit. */
static char *
snapshot_post (VoisinsStore *self,
               const char   *entity,
               const char   *id)
{
  g_autoptr(VoisinsPost) post = NULL;
  sqlite3_stmt *stmt;
  char *json = NULL;

  stmt = _voisins_store_stmt (self, "SELECT " POST_COLUMNS "WHERE p.id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    post = _voisins_store_post_from_row (stmt);
  sqlite3_reset (stmt);

  if (post != NULL && voisins_post_get_version (post) > 0)
    {
      g_autoptr(JsonNode) node = voisins_post_to_json (post);
      json = voisins_json_to_string (node);
    }

  return json;
}

char *
_voisins_store_snapshot_post (VoisinsStore *self,
                              const char   *entity,
                              const char   *id)
{
  return snapshot_post (self, entity, id);
}

static gboolean
fill_default_association (VoisinsStore  *self,
                          VoisinsPost   *post,
                          GError       **error)
{
  sqlite3_stmt *stmt;

  if (voisins_post_get_association_id (post) != NULL)
    return TRUE;

  stmt = _voisins_store_stmt (self, "SELECT id FROM associations", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    voisins_post_set_association_id (post, voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (voisins_post_get_association_id (post) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("There is no association in this file yet"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_post_txn (VoisinsStore  *self,
                 gpointer       user_data,
                 GError       **error)
{
  VoisinsPost *post = user_data;
  g_autoptr(JsonNode) args = NULL;

  if (!fill_default_association (self, post, error) ||
      !_voisins_store_save_shadow (self, "post", voisins_post_get_id (post), NULL, error) ||
      !_voisins_store_write_post (self, post, error))
    return FALSE;

  args = voisins_post_to_json (post);
  return _voisins_store_append_outbox (self, "post.create", "post", voisins_post_get_id (post),
                                       args, error);
}

static gboolean
validate_post (VoisinsPost  *post,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!voisins_post_validate (post, &local_error))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
voisins_store_create_post (VoisinsStore  *self,
                           VoisinsPost   *post,
                           GError       **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  if (voisins_post_get_id (post) == NULL)
    {
      g_autofree char *id = voisins_uuid_new ();
      voisins_post_set_id (post, id);
    }
  if (voisins_post_get_created_at (post) == 0)
    voisins_post_set_created_at (post, now);
  voisins_post_set_updated_at (post, now);
  voisins_post_set_status (post, VOISINS_POST_STATUS_OPEN);
  voisins_post_set_version (post, 0);
  voisins_post_set_server_seq (post, 0);
  voisins_post_set_deleted (post, FALSE);

  if (!validate_post (post, error))
    return FALSE;

  if (!voisins_store_transaction (self, create_post_txn, post, error))
    return FALSE;

  _voisins_store_posts_changed (self, voisins_post_get_id (post));
  return TRUE;
}

static gboolean
update_post_txn (VoisinsStore  *self,
                 gpointer       user_data,
                 GError       **error)
{
  VoisinsPost *post = user_data;
  g_autoptr(VoisinsPost) old = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) args = NULL;
  g_autoptr(JsonObject) base = json_object_new ();
  guint n_changed = 0;

  old = get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                        voisins_post_get_id (post), 0, error);
  if (old == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, voisins_post_get_id (post));
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, voisins_post_get_version (old));
  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);

  /* With each changed field goes the value the volunteer saw ("base"): the server judges
   * conflicts on it, as versions repeat after a restore (issue 14). */
#define CHANGED_STRING(getter, name)                                         \
  if (g_strcmp0 (getter (old), getter (post)) != 0)                          \
    {                                                                        \
      json_builder_set_member_name (b, name);                                \
      json_builder_add_string_value (b, getter (post) ? getter (post) : ""); \
      json_object_set_string_member (base, name, getter (old) ? getter (old) : ""); \
      n_changed++;                                                           \
    }
#define CHANGED_INT(getter, name)                  \
  if (getter (old) != getter (post))               \
    {                                              \
      json_builder_set_member_name (b, name);      \
      json_builder_add_int_value (b, getter (post)); \
      json_object_set_int_member (base, name, getter (old)); \
      n_changed++;                                 \
    }

  CHANGED_STRING (voisins_post_get_title, "title");
  CHANGED_STRING (voisins_post_get_body, "body");
  if (voisins_post_get_kind (old) != voisins_post_get_kind (post))
    {
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, voisins_post_kind_to_string (voisins_post_get_kind (post)));
      json_object_set_string_member (base, "kind",
                                     voisins_post_kind_to_string (voisins_post_get_kind (old)));
      n_changed++;
    }
  if (voisins_post_get_category (old) != voisins_post_get_category (post))
    {
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, voisins_category_to_string (voisins_post_get_category (post)));
      json_object_set_string_member (base, "category",
                                     voisins_category_to_string (voisins_post_get_category (old)));
      n_changed++;
    }
  CHANGED_INT (voisins_post_get_starts_at, "starts_at");
  CHANGED_INT (voisins_post_get_ends_at, "ends_at");
  CHANGED_STRING (voisins_post_get_place, "place");
  CHANGED_INT (voisins_post_get_capacity, "capacity");
  CHANGED_STRING (voisins_post_get_rrule, "rrule");

#undef CHANGED_STRING
#undef CHANGED_INT

  json_builder_end_object (b);
  json_builder_set_member_name (b, "base");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), base));
  json_builder_end_object (b);

  if (n_changed == 0)
    return TRUE;

  /* What the volunteer may not change here stays as stored. */
  voisins_post_set_status (post, voisins_post_get_status (old));
  voisins_post_set_version (post, voisins_post_get_version (old));
  voisins_post_set_server_seq (post, voisins_post_get_server_seq (old));
  voisins_post_set_created_at (post, voisins_post_get_created_at (old));
  voisins_post_set_association_id (post, voisins_post_get_association_id (old));
  voisins_post_set_updated_at (post, g_get_real_time () / G_USEC_PER_SEC);

  if (!_voisins_store_save_shadow (self, "post", voisins_post_get_id (post), snapshot_post,
                                   error) ||
      !_voisins_store_write_post (self, post, error))
    return FALSE;

  args = json_builder_get_root (b);

  /* Not on the server yet: a typo fixed right after posting is part of the post, not an
   * edit of it (an edit based on version 0 would lose to the create). */
  if (voisins_post_get_version (old) == 0)
    {
      gint64 create_seq = _voisins_store_unsent_create (self, voisins_post_get_id (post));

      if (create_seq > 0)
        {
          g_autoptr(JsonNode) create_args = voisins_post_to_json (post);
          return _voisins_store_rewrite_outbox (self, create_seq, create_args, error);
        }

      /* Sent but not confirmed: it will be version 1 on the server. */
      json_object_set_int_member (json_node_get_object (args), "base_version", 1);
    }

  return _voisins_store_append_outbox (self, "post.update", "post", voisins_post_get_id (post),
                                       args, error);
}

gboolean
voisins_store_update_post (VoisinsStore  *self,
                           VoisinsPost   *post,
                           GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);
  g_return_val_if_fail (voisins_post_get_id (post) != NULL, FALSE);

  if (!validate_post (post, error))
    return FALSE;

  if (!voisins_store_transaction (self, update_post_txn, post, error))
    return FALSE;

  _voisins_store_posts_changed (self, voisins_post_get_id (post));
  return TRUE;
}

typedef struct
{
  const char        *id;
  VoisinsPostStatus  status;
} StatusArgs;

/* @from: the status the volunteer saw before her change (-1: not sent), so that the server
 * tells someone else's move from her own earlier ones still in the outbox (an undo). */
static gboolean
queue_status (VoisinsStore       *self,
              const char         *id,
              VoisinsPostStatus   status,
              int                 from,
              gint64              version,
              GError            **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) args = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, voisins_post_status_to_string (status));
  if (from >= 0)
    {
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, voisins_post_status_to_string (from));
    }
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, MAX (version, 1));
  json_builder_end_object (b);
  args = json_builder_get_root (b);

  return _voisins_store_append_outbox (self, "post.set_status", "post", id, args, error);
}

static gboolean
set_status_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  StatusArgs *a = user_data;
  g_autoptr(VoisinsPost) post = NULL;
  VoisinsPostStatus old_status;

  post = get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                         a->id, 0, error);
  if (post == NULL)
    return FALSE;

  old_status = voisins_post_get_status (post);
  /* Already so here: nothing to change locally, but the change is still sent (the server
   * answers a no-op if it agrees). The local copy may be newer than the server's, which a
   * restore can have put back (issue 14, finding 3); only a post never sent skips it. */
  if (old_status == a->status)
    {
      if (voisins_post_get_version (post) == 0 && _voisins_store_unsent_create (self, a->id) > 0)
        return TRUE;
      return _voisins_store_save_shadow (self, "post", a->id, snapshot_post, error) &&
             queue_status (self, a->id, a->status, -1, voisins_post_get_version (post), error);
    }

  if (!voisins_post_status_can_move (old_status, a->status))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A post that is %s cannot become %s"),
                   voisins_post_status_to_string (old_status),
                   voisins_post_status_to_string (a->status));
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "post", a->id, snapshot_post, error))
    return FALSE;
  voisins_post_set_status (post, a->status);
  voisins_post_set_updated_at (post, g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_write_post (self, post, error))
    return FALSE;

  if (voisins_post_get_version (post) == 0)
    {
      gint64 create_seq = _voisins_store_unsent_create (self, a->id);

      /* Not sent yet: the post goes out with its new status. */
      if (create_seq > 0)
        {
          g_autoptr(JsonNode) create_args = voisins_post_to_json (post);
          return _voisins_store_rewrite_outbox (self, create_seq, create_args, error);
        }
    }

  return queue_status (self, a->id, a->status, old_status, voisins_post_get_version (post),
                       error);
}

gboolean
voisins_store_set_post_status (VoisinsStore       *self,
                               const char         *id,
                               VoisinsPostStatus   status,
                               GError            **error)
{
  StatusArgs args = { id, status };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail ((guint) status < VOISINS_N_POST_STATUSES, FALSE);

  if (!voisins_store_transaction (self, set_status_txn, &args, error))
    return FALSE;

  _voisins_store_posts_changed (self, id);
  return TRUE;
}

static gboolean
expire_txn (VoisinsStore  *self,
            gpointer       user_data,
            GError       **error)
{
  gint64 now = *(gint64 *) user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "UPDATE posts SET status = 'expired', updated_at = ?1"
                   " WHERE status = 'open' AND ends_at > 0 AND ends_at < ?1 AND deleted = 0",
                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  return _voisins_store_step (self, stmt, error);
}

guint
voisins_store_expire_posts (VoisinsStore  *self,
                            gint64         now,
                            GError       **error)
{
  guint changes;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (!voisins_store_transaction (self, expire_txn, &now, error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return 0;
    }
  changes = sqlite3_changes (self->db);
  g_rec_mutex_unlock (&self->mutex);

  if (changes > 0)
    _voisins_store_posts_changed (self, NULL);

  return changes;
}
