/* voisins-store-sync.c: the store's side of sync (push results, acks, pulls, cursors,
 * notices, reset)
 *
 * A local edit writes the row and appends to the outbox in one transaction; before the
 * first pending edit of a row, the server's copy of that row is kept as its shadow. When
 * the server answers, a row with pending edits is rebuilt as "shadow + the edits still
 * pending" (voisins-store-shadows.c), so an edit the server refused or overrode
 * disappears cleanly, and one it accepted stays without a flicker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-cursor.h"
#include "voisins-holiday-codec.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

/* Acknowledged entries are kept this long, to re-push them if the server is restored
 * from a backup older than them. */
#define ACKED_RETENTION (30 * 24 * 3600)


void
voisins_sync_notice_free (VoisinsSyncNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->kind);
  g_free (notice->entity);
  g_free (notice->entity_id);
  g_free (notice->title);
  g_free (notice->field);
  g_free (notice->yours);
  g_free (notice->theirs);
  g_free (notice->code);
  g_free (notice->message);
  g_free (notice);
}

/* Push results */

static char *
title_of (VoisinsStore *self,
          const char   *entity_id)
{
  sqlite3_stmt *stmt;
  char *title = NULL;

  if (entity_id == NULL)
    return NULL;

  stmt = _voisins_store_stmt (self, "SELECT title FROM posts WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, entity_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    title = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return title;
}

static char *
outbox_entity (VoisinsStore  *self,
               gint64         seq,
               char         **entity)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  *entity = NULL;
  stmt = _voisins_store_stmt (self, "SELECT entity, entity_id FROM outbox WHERE seq = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *entity = g_strdup (voisins_sqlite_column_text (stmt, 0));
      id = g_strdup (voisins_sqlite_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  return id;
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return voisins_json_to_string (node);
}

static gboolean
add_notice (VoisinsStore        *self,
            const char          *kind,
            gint64               seq,
            const char          *field,
            const char          *yours,
            const char          *theirs,
            const char          *code,
            const char          *message,
            VoisinsSyncSummary  *summary,
            GError             **error)
{
  g_autofree char *entity = NULL;
  g_autofree char *entity_id = outbox_entity (self, seq, &entity);
  g_autofree char *title = title_of (self, entity_id);
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                              "INSERT OR IGNORE INTO sync_notices (kind, mutation_seq, entity,"
                              " entity_id, title, field, yours, theirs, code, message, created_at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, seq);
  voisins_sqlite_bind_text (stmt, 3, entity);
  voisins_sqlite_bind_text (stmt, 4, entity_id);
  voisins_sqlite_bind_text (stmt, 5, title);
  voisins_sqlite_bind_text (stmt, 6, field ? field : "");
  voisins_sqlite_bind_text (stmt, 7, yours);
  voisins_sqlite_bind_text (stmt, 8, theirs);
  voisins_sqlite_bind_text (stmt, 9, code);
  voisins_sqlite_bind_text (stmt, 10, message);
  sqlite3_bind_int64 (stmt, 11, g_get_real_time () / G_USEC_PER_SEC);

  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  if (summary != NULL && sqlite3_changes (self->db) > 0)
    summary->new_notices++;

  return TRUE;
}

/* The server forgot what it had acknowledged (restored from a backup): queue those
 * entries again, under their own seq, so they are pushed once more in order. */
static gboolean
rewind_outbox (VoisinsStore  *self,
               gint64         server_last,
               GError       **error)
{
  sqlite3_stmt *stmt;

  g_debug ("Server knows our mutations up to %" G_GINT64_FORMAT " only: rewinding",
           server_last);

  stmt = _voisins_store_stmt (self,
                              "INSERT OR IGNORE INTO shadows (id, entity, data)"
                              " SELECT DISTINCT entity_id, entity, NULL FROM outbox"
                              " WHERE acked = 1 AND seq > ? AND entity_id IS NOT NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, server_last);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  stmt = _voisins_store_stmt (self, "UPDATE outbox SET acked = 0 WHERE seq > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, server_last);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  return _voisins_store_meta_set_int (self, "pushed_seq", server_last, error);
}

static gint64
max_acked (VoisinsStore *self)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT max(seq) FROM outbox WHERE acked = 1",
                                            NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

static gboolean
check_server_memory (VoisinsStore  *self,
                     gint64         server_last,
                     GError       **error)
{
  gint64 pushed = _voisins_store_meta_get_int (self, "pushed_seq");

  if (server_last < MAX (pushed, max_acked (self)))
    return rewind_outbox (self, server_last, error);

  return TRUE;
}

typedef struct
{
  gint64              last;
  JsonArray          *results;
  VoisinsSyncSummary *summary;
} PushArgs;

static gboolean
record_push_txn (VoisinsStore  *self,
                 gpointer       user_data,
                 GError       **error)
{
  PushArgs *a = user_data;

  if (!check_server_memory (self, a->last, error))
    return FALSE;

  for (guint i = 0; a->results && i < json_array_get_length (a->results); i++)
    {
      JsonNode *node = json_array_get_element (a->results, i);
      JsonObject *r;
      const char *status;
      gint64 seq;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      r = json_node_get_object (node);
      status = voisins_json_read_string (r, "status");
      seq = voisins_json_read_int (r, "seq");
      if (status == NULL || seq <= 0)
        continue;

      if (g_str_equal (status, "rejected"))
        {
          if (!add_notice (self, "rejected", seq, NULL, NULL, NULL,
                           voisins_json_read_string (r, "code"),
                           voisins_json_read_string (r, "message"), a->summary, error))
            return FALSE;
        }
      else if (g_str_equal (status, "conflict"))
        {
          JsonNode *conflicts = json_object_get_member (r, "conflicts");

          if (conflicts == NULL || !JSON_NODE_HOLDS_ARRAY (conflicts))
            continue;

          for (guint j = 0; j < json_array_get_length (json_node_get_array (conflicts)); j++)
            {
              JsonNode *c = json_array_get_element (json_node_get_array (conflicts), j);
              JsonObject *co;
              g_autofree char *yours = NULL;
              g_autofree char *theirs = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (c))
                continue;
              co = json_node_get_object (c);
              yours = node_to_text (json_object_get_member (co, "yours"));
              theirs = node_to_text (json_object_get_member (co, "theirs"));
              if (!add_notice (self, "conflict", seq, voisins_json_read_string (co, "field"),
                               yours, theirs, voisins_json_read_string (r, "code"),
                               voisins_json_read_string (r, "message"), a->summary, error))
                return FALSE;
            }
        }
    }

  if (a->last > _voisins_store_meta_get_int (self, "pushed_seq"))
    return _voisins_store_meta_set_int (self, "pushed_seq", a->last, error);

  return TRUE;
}

gboolean
voisins_store_record_push (VoisinsStore        *self,
                           gint64               last_mutation_seq,
                           JsonArray           *results,
                           VoisinsSyncSummary  *summary,
                           GError             **error)
{
  PushArgs args = { last_mutation_seq, results, summary };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  return voisins_store_transaction (self, record_push_txn, &args, error);
}

/* Cursors */

GHashTable *
voisins_store_get_cursors (VoisinsStore  *self,
                           GError       **error)
{
  g_autoptr(GHashTable) cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self, "SELECT association_id, cursor FROM sync_state", error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (cursors, g_strdup (voisins_sqlite_column_text (stmt, 0)),
                         g_strdup (voisins_sqlite_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->mutex);

  return g_steal_pointer (&cursors);
}

static gboolean
store_cursor (VoisinsStore  *self,
              const char    *association_id,
              const char    *cursor,
              gboolean       reset,
              GError       **error)
{
  g_autofree char *old = NULL;
  g_autofree char *old_epoch = NULL;
  g_autofree char *new_epoch = NULL;
  gint64 old_seq = 0, new_seq = 0;
  sqlite3_stmt *stmt;

  if (!voisins_cursor_parse (cursor, &new_epoch, NULL, &new_seq))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("The server sent an unreadable position"));
      return FALSE;
    }

  stmt = _voisins_store_stmt (self, "SELECT cursor FROM sync_state WHERE association_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);

  /* Never lower a cursor, unless the server said to start again. */
  if (!reset && voisins_cursor_parse (old, &old_epoch, NULL, &old_seq) &&
      g_str_equal (old_epoch, new_epoch) && new_seq < old_seq)
    return TRUE;

  stmt = _voisins_store_stmt (self,
                              "INSERT INTO sync_state (association_id, cursor) VALUES (?, ?)"
                              " ON CONFLICT (association_id) DO UPDATE SET cursor = excluded.cursor",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  voisins_sqlite_bind_text (stmt, 2, cursor);

  return _voisins_store_step (self, stmt, error);
}

/* Pull */

static gboolean
reset_association (VoisinsStore  *self,
                   const char    *association_id,
                   GError       **error)
{
  static const char *sql[] = {
    /* What this computer had, so that the summary does not call it new when it comes back
     * (after a restore every post does). */
    "INSERT OR REPLACE INTO temp.reset_known (id, version)"
    " SELECT id, version FROM posts WHERE association_id = ?1",
    "DELETE FROM posts WHERE association_id = ?1 AND id NOT IN"
    " (SELECT entity_id FROM outbox WHERE acked = 0 AND entity_id IS NOT NULL)",
    "DELETE FROM members WHERE association_id = ?1 AND id NOT IN"
    " (SELECT entity_id FROM outbox WHERE acked = 0 AND entity_id IS NOT NULL)",
    "DELETE FROM holiday_hosts WHERE association_id = ?1",
    "DELETE FROM holiday_guests WHERE association_id = ?1",
    "DELETE FROM holiday_matches WHERE association_id = ?1",
    "DELETE FROM helps WHERE association_id = ?1",
    "DELETE FROM participants WHERE association_id = ?1",
    "DELETE FROM occurrences WHERE association_id = ?1",
    /* What is still pending is judged against whatever the server sends from zero. */
    "UPDATE shadows SET data = NULL WHERE id IN (SELECT id FROM posts WHERE association_id = ?1)"
    " OR id IN (SELECT id FROM members WHERE association_id = ?1)",
    "DELETE FROM sync_state WHERE association_id = ?1",
  };

  g_debug ("Server asked to start again for an association");

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if (!_voisins_store_step (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  JsonObject         *response;
  VoisinsSyncSummary *summary;
  gboolean            any_shadow;   /* else no row can have pending edits: skip lookups */
  gboolean            posts_empty;  /* first sync: every post is new */
  gboolean            first_sync;   /* a later page of it: a post is new unless seen before */
} PullArgs;

/* The version of @id when the server last asked to start again, or -1 if it was not here
 * then. */
static gint64
reset_known_version (VoisinsStore *self,
                     const char   *id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT version FROM temp.reset_known"
                                                  " WHERE id = ?", NULL);
  gint64 version = -1;

  if (stmt == NULL)
    return -1;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return version;
}

/* A post that is new here and has no local edit: decoded from the answer as it is. */
static gboolean
write_new_post (VoisinsStore        *self,
                const char          *association_id,
                JsonObject          *change,
                JsonObject          *data,
                gboolean             maybe_known,
                VoisinsSyncSummary  *summary,
                GError             **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) local_error = NULL;

  post = voisins_post_from_json (node, &local_error);
  if (post == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("The server sent a post this version cannot read: %s"),
                   local_error->message);
      return FALSE;
    }

  voisins_post_set_id (post, voisins_json_read_string (change, "id"));
  voisins_post_set_version (post, voisins_json_read_int (change, "version"));
  voisins_post_set_server_seq (post, voisins_json_read_int (change, "server_seq"));
  voisins_post_set_deleted (post, FALSE);
  if (voisins_post_get_association_id (post) == NULL)
    voisins_post_set_association_id (post, association_id);

  /* Changed on the server while the first sync ran: its new version comes on a later page. */
  if (summary != NULL && maybe_known &&
      _voisins_store_row_exists (self, "post", voisins_post_get_id (post)))
    summary->updated++;
  else if (summary != NULL && voisins_post_get_status (post) == VOISINS_POST_STATUS_OPEN)
    {
      if (voisins_post_get_kind (post) == VOISINS_POST_KIND_OFFER)
        summary->new_offers++;
      else
        summary->new_requests++;
    }

  return _voisins_store_write_post (self, post, error);
}

static gboolean
apply_change_data (VoisinsStore        *self,
                   const char          *association_id,
                   JsonObject          *change,
                   const PullArgs      *a,
                   GError             **error)
{
  VoisinsSyncSummary *summary = a->summary;
  const char *type = voisins_json_read_string (change, "type");
  const char *id = voisins_json_read_string (change, "id");
  JsonNode *data_node = json_object_get_member (change, "data");
  gboolean deleted = voisins_json_read_int (change, "deleted") != 0;
  g_autoptr(JsonObject) shadow_data = NULL;
  g_autoptr(JsonObject) data = NULL;
  VoisinsStoreShadowState state;
  gboolean existed;

  if (type == NULL || id == NULL || !voisins_uuid_is_valid (id))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("The server sent a change without a valid type or id"));
      return FALSE;
    }

  if (!deleted && (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node)))
    {
      /* Nothing this role may see of the row. */
      return _voisins_store_delete_row (self, type, id, error);
    }

  if (!g_str_equal (type, "post") && !g_str_equal (type, "member") &&
      !g_str_has_prefix (type, "holiday_") && !g_str_equal (type, "help") &&
      !g_str_equal (type, "participant") && !g_str_equal (type, "occurrence"))
    return TRUE;  /* a newer server's type: ignored, not fatal */

  /* The common case of a first sync: a new post and no local edit anywhere. The row is
   * decoded straight from the answer, without copying it. */
  if (!deleted && !a->any_shadow && (a->posts_empty || a->first_sync) &&
      g_str_equal (type, "post"))
    return write_new_post (self, association_id, change, json_node_get_object (data_node),
                           !a->posts_empty, summary, error);

  if (!deleted)
    {
      data = _voisins_store_copy_object (json_node_get_object (data_node));
      json_object_set_string_member (data, "id", id);
      json_object_set_int_member (data, "version", voisins_json_read_int (change, "version"));
      json_object_set_int_member (data, "server_seq", voisins_json_read_int (change, "server_seq"));
      json_object_set_boolean_member (data, "deleted", FALSE);
    }

  existed = _voisins_store_row_exists (self, type, id);
  state = a->any_shadow ? _voisins_store_get_shadow (self, id, &shadow_data) : SHADOW_NONE;

  if (state != SHADOW_NONE)
    {
      /* Local edits pending: the server's row becomes the shadow, then rebuild. */
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;

      if (data != NULL)
        {
          node = json_node_init_object (json_node_alloc (), data);
          json = voisins_json_to_string (node);
        }

      if (!_voisins_store_set_shadow (self, type, id, deleted ? DELETED_MARK : json, error))
        return FALSE;
      return _voisins_store_rebuild (self, type, id, association_id, error);
    }

  if (deleted)
    {
      if (existed && summary)
        summary->deleted++;
      return _voisins_store_delete_row (self, type, id, error);
    }

  if (summary != NULL && g_str_equal (type, "post"))
    {
      const char *kind = voisins_json_read_string (data, "kind");
      const char *status = voisins_json_read_string (data, "status");

      /* A post this computer had before a reset is not news, unless it changed since. */
      gint64 known = existed ? -1 : reset_known_version (self, id);

      if (existed)
        summary->updated++;
      else if (known >= 0)
        summary->updated += known != voisins_json_read_int (change, "version");
      else if (g_strcmp0 (status, "open") == 0 && g_strcmp0 (kind, "offer") == 0)
        summary->new_offers++;
      else if (g_strcmp0 (status, "open") == 0)
        summary->new_requests++;
    }

  return _voisins_store_write_entity (self, type, id, data, association_id, error);
}

/* Who recorded a post (the server's, a user id) is not part of the post's codec: taken off
 * the row before it is applied, and written beside it (a local edit of the post leaves the
 * column alone, so it keeps the server's word). */
static gboolean
apply_change (VoisinsStore        *self,
              const char          *association_id,
              JsonObject          *change,
              const PullArgs      *a,
              GError             **error)
{
  JsonNode *data_node = json_object_get_member (change, "data");
  g_autofree char *recorded_by = NULL;
  sqlite3_stmt *stmt;
  JsonObject *data;

  if (g_strcmp0 (voisins_json_read_string (change, "type"), "post") != 0 ||
      data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node) ||
      !json_object_has_member ((data = json_node_get_object (data_node)), "recorded_by"))
    return apply_change_data (self, association_id, change, a, error);

  recorded_by = g_strdup (voisins_json_read_string (data, "recorded_by"));
  json_object_remove_member (data, "recorded_by");
  if (!apply_change_data (self, association_id, change, a, error))
    return FALSE;
  if (recorded_by == NULL)
    return TRUE;
  stmt = _voisins_store_stmt (self, "UPDATE posts SET recorded_by = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, recorded_by);
  voisins_sqlite_bind_text (stmt, 2, voisins_json_read_string (change, "id"));
  return _voisins_store_step (self, stmt, error);
}

static gboolean
ack_outbox (VoisinsStore  *self,
            gint64         last,
            GError       **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assocs = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                              "SELECT DISTINCT o.entity_id, o.entity,"
                              " coalesce (p.association_id, hh.association_id, hg.association_id,"
                              "  hm.association_id) FROM outbox o"
                              " LEFT JOIN posts p ON p.id = o.entity_id"
                              " LEFT JOIN holiday_hosts hh ON hh.id = o.entity_id"
                              " LEFT JOIN holiday_guests hg ON hg.id = o.entity_id"
                              " LEFT JOIN holiday_matches hm ON hm.id = o.entity_id"
                              " WHERE o.acked = 0 AND o.seq <= ? AND o.entity_id IS NOT NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (touched, g_strdup (voisins_sqlite_column_text (stmt, 0)));
      g_ptr_array_add (entities, g_strdup (voisins_sqlite_column_text (stmt, 1)));
      g_ptr_array_add (assocs, g_strdup (voisins_sqlite_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);

  stmt = _voisins_store_stmt (self, "UPDATE outbox SET acked = 1 WHERE acked = 0 AND seq <= ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < touched->len; i++)
    if (!_voisins_store_rebuild (self, g_ptr_array_index (entities, i), g_ptr_array_index (touched, i),
                  g_ptr_array_index (assocs, i), error))
      return FALSE;

  /* A help's step moved its request (voisins-store-helps.c): the post's server copy was
   * kept as its shadow; rebuilt now, it is the server's again, or given back if refused. */
  for (guint i = 0; i < touched->len; i++)
    if (g_strcmp0 (g_ptr_array_index (entities, i), "help") == 0)
      {
        g_autofree char *post_id = NULL;

        stmt = _voisins_store_stmt (self, "SELECT post_id FROM helps WHERE id = ?", error);
        if (stmt == NULL)
          return FALSE;
        voisins_sqlite_bind_text (stmt, 1, g_ptr_array_index (touched, i));
        if (sqlite3_step (stmt) == SQLITE_ROW)
          post_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
        sqlite3_reset (stmt);
        if (post_id != NULL && !_voisins_store_rebuild (self, "post", post_id, NULL, error))
          return FALSE;
      }

  stmt = _voisins_store_stmt (self, "DELETE FROM outbox WHERE acked = 1 AND created_at < ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - ACKED_RETENTION);

  return _voisins_store_step (self, stmt, error);
}

static gboolean
apply_pull_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  PullArgs *a = user_data;
  JsonNode *assocs_node = json_object_get_member (a->response, "associations");
  gboolean has_more = voisins_json_read_int (a->response, "has_more") != 0;
  gint64 last = voisins_json_read_int (a->response, "last_mutation_seq");
  g_autoptr(GList) names = NULL;

  if (assocs_node == NULL || !JSON_NODE_HOLDS_OBJECT (assocs_node))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("The server’s answer has no associations"));
      return FALSE;
    }

  /* Before a reset drops rows: what the server forgot must count as pending. Every page
   * carries last_mutation_seq from its own snapshot, so this holds on each. */
  if (!check_server_memory (self, last, error))
    return FALSE;

  /* Per connection, kept until the last page of the pull that reset (see reset_association). */
  if (!_voisins_store_exec (self, "CREATE TEMP TABLE IF NOT EXISTS reset_known"
                                  " (id TEXT PRIMARY KEY, version INTEGER NOT NULL)", error))
    return FALSE;

  {
    sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT EXISTS (SELECT 1 FROM shadows),"
                                                    " NOT EXISTS (SELECT 1 FROM posts),"
                                                    " NOT EXISTS (SELECT 1 FROM"
                                                    " temp.reset_known)", error);
    gboolean no_reset = FALSE;

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        a->any_shadow = sqlite3_column_int (stmt, 0);
        no_reset = sqlite3_column_int (stmt, 2);
        a->posts_empty = sqlite3_column_int (stmt, 1) && no_reset;
      }
    sqlite3_reset (stmt);

    /* A first sync into an empty store: the search and spatial indexes are filled once,
     * after its last page (see _voisins_store_defer_posts_index). */
    if (a->posts_empty && has_more && !_voisins_store_defer_posts_index (self, error))
      return FALSE;
    a->first_sync = self->posts_index_stale && no_reset;
  }

  names = json_object_get_members (json_node_get_object (assocs_node));
  for (GList *l = names; l; l = l->next)
    {
      const char *assoc = l->data;
      JsonNode *page_node = json_object_get_member (json_node_get_object (assocs_node), assoc);
      JsonObject *page;
      JsonNode *changes;
      gboolean reset;

      if (!JSON_NODE_HOLDS_OBJECT (page_node))
        continue;
      page = json_node_get_object (page_node);
      reset = voisins_json_read_int (page, "reset") != 0;

      if (reset)
        {
          if (!reset_association (self, assoc, error))
            return FALSE;
          if (a->summary)
            a->summary->resets++;
        }

      changes = json_object_get_member (page, "changes");
      if (changes != NULL && JSON_NODE_HOLDS_ARRAY (changes))
        {
          JsonArray *array = json_node_get_array (changes);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *c = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_OBJECT (c) ||
                  !apply_change (self, assoc, json_node_get_object (c), a, error))
                {
                  if (error && *error == NULL)
                    g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                                 _("The server sent a change that is not an object"));
                  return FALSE;
                }
            }
        }

      if (voisins_json_read_string (page, "cursor") != NULL &&
          !store_cursor (self, assoc, voisins_json_read_string (page, "cursor"), reset, error))
        return FALSE;
    }

  /* Only at the last page is everything up to last_mutation_seq applied here. */
  if (!has_more && (!ack_outbox (self, last, error) ||
                    !_voisins_store_exec (self, "DELETE FROM temp.reset_known", error) ||
                    !_voisins_store_fill_posts_index (self, error)))
    return FALSE;

  return TRUE;
}

gboolean
voisins_store_apply_pull (VoisinsStore        *self,
                          JsonObject          *response,
                          VoisinsSyncSummary  *summary,
                          GError             **error)
{
  PullArgs args = { response, summary, TRUE, FALSE, FALSE };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  if (!voisins_store_transaction (self, apply_pull_txn, &args, error))
    return FALSE;

  _voisins_store_posts_changed (self, NULL);
  _voisins_store_members_changed (self, NULL);
  return TRUE;
}

/* Notices */

GPtrArray *
voisins_store_list_notices (VoisinsStore  *self,
                            GError       **error)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_sync_notice_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                                    "SELECT rowid, kind, mutation_seq, entity, entity_id, title,"
                                    " field, yours, theirs, code, message, created_at"
                                    " FROM sync_notices WHERE resolved = 0 ORDER BY rowid",
                                    error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VoisinsSyncNotice *n = g_new0 (VoisinsSyncNotice, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->kind = g_strdup (voisins_sqlite_column_text (stmt, 1));
      n->mutation_seq = sqlite3_column_int64 (stmt, 2);
      n->entity = g_strdup (voisins_sqlite_column_text (stmt, 3));
      n->entity_id = g_strdup (voisins_sqlite_column_text (stmt, 4));
      n->title = g_strdup (voisins_sqlite_column_text (stmt, 5));
      n->field = g_strdup (voisins_sqlite_column_text (stmt, 6));
      n->yours = g_strdup (voisins_sqlite_column_text (stmt, 7));
      n->theirs = g_strdup (voisins_sqlite_column_text (stmt, 8));
      n->code = g_strdup (voisins_sqlite_column_text (stmt, 9));
      n->message = g_strdup (voisins_sqlite_column_text (stmt, 10));
      n->created_at = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (notices, n);
    }
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->mutex);

  return g_steal_pointer (&notices);
}

static gboolean
resolve_notice_txn (VoisinsStore  *self,
                    gpointer       user_data,
                    GError       **error)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "UPDATE sync_notices SET resolved = 1"
                                                  " WHERE rowid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(gint64 *) user_data);

  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_resolve_notice (VoisinsStore  *self,
                              gint64         id,
                              GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  return voisins_store_transaction (self, resolve_notice_txn, &id, error);
}

static gboolean
wipe_txn (VoisinsStore  *self,
          gpointer       user_data,
          GError       **error)
{
  gboolean force = GPOINTER_TO_INT (user_data);

  if (!force)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT count(*) FROM outbox WHERE acked = 0",
                                                error);
      gint64 pending = 0;

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        pending = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (pending > 0)
        {
          g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u change has not been sent yet",
                                    "%u changes have not been sent yet",
                                    (gulong) pending),
                       (guint) pending);
          return FALSE;
        }
    }

  if (!_voisins_store_exec (self,
                            "DELETE FROM posts; DELETE FROM members; DELETE FROM holiday_hosts;"
                            "DELETE FROM holiday_guests; DELETE FROM holiday_matches;"
                            "DELETE FROM holiday_reveals; DELETE FROM helps;"
                            "DELETE FROM participants; DELETE FROM occurrences;"
                            "DELETE FROM associations; DELETE FROM sync_state;"
                            "DELETE FROM shadows; DELETE FROM sync_notices; DELETE FROM outbox;"
                            "DELETE FROM meta;",
                            error))
    return FALSE;

  /* A new installation id: the server ties an id to its first user, and nothing should
   * link the next person's use of this computer to the previous one's. */
  {
    g_autofree char *client_id = voisins_uuid_new ();

    if (!_voisins_store_meta_set (self, "client_id", client_id, error))
      return FALSE;
    g_free (self->client_id);
    self->client_id = g_steal_pointer (&client_id);
  }

  return TRUE;
}

gboolean
voisins_store_wipe (VoisinsStore  *self,
                    gboolean       force,
                    GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  if (!voisins_store_transaction (self, wipe_txn, GINT_TO_POINTER (force), error))
    return FALSE;

  /* Deleted rows should not linger in free pages of the file. */
  g_rec_mutex_lock (&self->mutex);
  sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", NULL, NULL, NULL);
  g_rec_mutex_unlock (&self->mutex);

  _voisins_store_posts_changed (self, NULL);
  _voisins_store_members_changed (self, NULL);
  return TRUE;
}
