/* voisins-store-outbox.c: the outbox of local mutations, and the shadows kept for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A local edit writes the row and appends to the outbox in one transaction; before the
 * first pending edit of a row, the server's copy of that row is kept as its shadow (the
 * caller, which knows the row, gives the snapshot). Appending, rewriting an unsent
 * create, marking sent and peeking are all here; acknowledging is the pull's (sync).
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"

gboolean
_voisins_store_append_outbox (VoisinsStore  *self,
                              const char    *name,
                              const char    *entity,
                              const char    *entity_id,
                              JsonNode      *args,
                              GError       **error)
{
  g_autofree char *json = voisins_json_to_string (args);
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                              "INSERT INTO outbox (name, args, schema, created_at, entity,"
                              " entity_id) VALUES (?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, name);
  voisins_sqlite_bind_text (stmt, 2, json);
  sqlite3_bind_int (stmt, 3, VOISINS_STORE_SCHEMA_VERSION);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  voisins_sqlite_bind_text (stmt, 5, entity);
  voisins_sqlite_bind_text (stmt, 6, entity_id);

  return _voisins_store_step (self, stmt, error);
}

guint
voisins_store_count_pending (VoisinsStore  *self,
                             GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return _voisins_store_count (self, "SELECT count(*) FROM outbox WHERE acked = 0", error);
}
void
voisins_outbox_entry_free (VoisinsOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->name);
  g_free (entry->entity);
  g_free (entry->entity_id);
  g_free (entry->args);
  g_free (entry);
}

/* The last entry for @id not yet sent whose name matches the SQL pattern @name_like, or 0:
 * a later edit of the row folds into it (post edits into their create, holiday puts into the
 * previous put, which would otherwise be stale by the time the second one arrives). */
gint64
_voisins_store_unsent_entry (VoisinsStore *self,
                             const char   *id,
                             const char   *name_like)
{
  sqlite3_stmt *stmt;
  gint64 seq = 0;

  stmt = _voisins_store_stmt (self, "SELECT seq FROM outbox WHERE entity_id = ? AND acked = 0"
                                    " AND name LIKE ? AND seq > ? ORDER BY seq DESC",
                              NULL);
  if (stmt == NULL)
    return 0;

  /* Anything that went on the wire may have been applied, answer or not. */
  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, name_like);
  sqlite3_bind_int64 (stmt, 3, MAX (_voisins_store_meta_get_int (self, "pushed_seq"),
                                    _voisins_store_meta_get_int (self, "sent_seq")));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return seq;
}

gint64
_voisins_store_unsent_create (VoisinsStore *self,
                              const char   *id)
{
  return _voisins_store_unsent_entry (self, id, "%.create");
}

static gboolean
mark_sent_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  gint64 seq = *(gint64 *) user_data;

  if (seq <= _voisins_store_meta_get_int (self, "sent_seq"))
    return TRUE;

  return _voisins_store_meta_set_int (self, "sent_seq", seq, error);
}

gboolean
voisins_store_mark_sent (VoisinsStore  *self,
                         gint64         seq,
                         GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);

  return voisins_store_transaction (self, mark_sent_txn, &seq, error);
}

gboolean
_voisins_store_rewrite_outbox (VoisinsStore  *self,
                               gint64         seq,
                               JsonNode      *args,
                               GError       **error)
{
  g_autofree char *json = voisins_json_to_string (args);
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "UPDATE outbox SET args = ? WHERE seq = ? AND acked = 0",
                              error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, json);
  sqlite3_bind_int64 (stmt, 2, seq);

  return _voisins_store_step (self, stmt, error);
}

gint64
voisins_store_get_pushed_seq (VoisinsStore *self)
{
  gint64 value = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL))
    value = _voisins_store_meta_get_int (self, "pushed_seq");
  g_rec_mutex_unlock (&self->mutex);

  return value;
}

GPtrArray *
voisins_store_peek_outbox (VoisinsStore  *self,
                           guint          max_entries,
                           gsize          max_bytes,
                           GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_outbox_entry_free);
  sqlite3_stmt *stmt;
  gsize bytes = 0;
  gint64 pushed;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                                    "SELECT seq, name, entity, entity_id, args FROM outbox"
                                    " WHERE acked = 0 AND seq > ? ORDER BY seq LIMIT ?",
                                    error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  pushed = _voisins_store_meta_get_int (self, "pushed_seq");
  sqlite3_bind_int64 (stmt, 1, pushed);
  sqlite3_bind_int (stmt, 2, max_entries);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsOutboxEntry *entry;
      gsize len = sqlite3_column_bytes (stmt, 4);

      /* Always send at least one entry, however large: the server judges it. */
      if (entries->len > 0 && bytes + len > max_bytes)
        break;
      bytes += len;

      entry = g_new0 (VoisinsOutboxEntry, 1);
      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->name = g_strdup (voisins_sqlite_column_text (stmt, 1));
      entry->entity = g_strdup (voisins_sqlite_column_text (stmt, 2));
      entry->entity_id = g_strdup (voisins_sqlite_column_text (stmt, 3));
      entry->args = g_strdup (voisins_sqlite_column_text (stmt, 4));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _voisins_store_set_error (self, error, rc, "read outbox");
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }
  g_rec_mutex_unlock (&self->mutex);

  return g_steal_pointer (&entries);
}

/* Keeps the server's copy of a row before its first local edit (see migration 4). The
 * snapshot is only taken when the row has no shadow yet, so an edit on top of pending
 * edits costs one lookup. */
gboolean
_voisins_store_save_shadow (VoisinsStore              *self,
                            const char                *entity,
                            const char                *id,
                            VoisinsStoreSnapshotFunc   snapshot,
                            GError                   **error)
{
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "SELECT 1 FROM shadows WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  if (snapshot != NULL)
    json = snapshot (self, entity, id);

  stmt = _voisins_store_stmt (self, "INSERT INTO shadows (id, entity, data) VALUES (?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, entity);
  voisins_sqlite_bind_text (stmt, 3, json);

  return _voisins_store_step (self, stmt, error);
}
