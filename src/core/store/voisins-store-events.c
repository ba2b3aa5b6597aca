/* voisins-store-events.c: who comes to an event or belongs to a group, and the occurrences
 * of a repeating one cancelled or moved, kept as synced and changed offline first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like helps: each change is written here at once with its outbox entry and a shadow, in
 * one transaction, so that a change the server refuses (the event was full on the server,
 * the same neighbour added from another laptop) is rolled back by the next sync. The checks
 * made here are the server's (voisins-server-sqlite-events.c), made first so that the
 * volunteer hears "full" at once; the server keeps the last word.
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>

#include "voisins-ical.h"
#include "voisins-json.h"
#include "voisins-sqlite.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

/* {{{ rows as the server sends them */

gboolean
_voisins_store_put_participant_row (VoisinsStore *self,
                                    const char   *id,
                                    JsonObject   *data,
                                    const char   *association_id,
                                    GError      **error)
{
  const char   *post_id = voisins_json_read_string (data, "post_id");
  const char   *member_id = voisins_json_read_string (data, "member_id");
  const char   *answer = voisins_json_read_string (data, "answer");
  sqlite3_stmt *stmt;

  /* A row this laptop cannot use (a newer server's shape): not kept. */
  if (post_id == NULL || member_id == NULL || !voisins_participant_answer_is_valid (answer))
    return _voisins_store_delete_row (self, "participant", id, error);

  stmt = _voisins_store_stmt (self,
                              "INSERT OR REPLACE INTO participants (id, association_id, post_id,"
                              " member_id, answer, added_by, created_at, updated_at, version,"
                              " server_seq) VALUES (?1, coalesce (?2, (SELECT association_id"
                              " FROM posts WHERE id = ?3)), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  voisins_sqlite_bind_text (stmt, 3, post_id);
  voisins_sqlite_bind_text (stmt, 4, member_id);
  voisins_sqlite_bind_text (stmt, 5, answer);
  voisins_sqlite_bind_text (stmt, 6, voisins_json_read_string (data, "added_by"));
  sqlite3_bind_int64 (stmt, 7, voisins_json_read_int (data, "created_at"));
  sqlite3_bind_int64 (stmt, 8, voisins_json_read_int (data, "updated_at"));
  sqlite3_bind_int64 (stmt, 9, voisins_json_read_int (data, "version"));
  sqlite3_bind_int64 (stmt, 10, voisins_json_read_int (data, "server_seq"));
  return _voisins_store_step (self, stmt, error);
}

gboolean
_voisins_store_put_occurrence_row (VoisinsStore *self,
                                   const char   *id,
                                   JsonObject   *data,
                                   const char   *association_id,
                                   GError      **error)
{
  const char   *post_id = voisins_json_read_string (data, "post_id");
  const char   *state = voisins_json_read_string (data, "state");
  sqlite3_stmt *stmt;

  if (post_id == NULL || (g_strcmp0 (state, "cancelled") != 0 && g_strcmp0 (state, "moved") != 0))
    return _voisins_store_delete_row (self, "occurrence", id, error);

  stmt = _voisins_store_stmt (self,
                              "INSERT OR REPLACE INTO occurrences (id, association_id, post_id,"
                              " original_start, state, starts_at, ends_at, updated_at, version,"
                              " server_seq) VALUES (?1, coalesce (?2, (SELECT association_id"
                              " FROM posts WHERE id = ?3)), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  voisins_sqlite_bind_text (stmt, 3, post_id);
  sqlite3_bind_int64 (stmt, 4, voisins_json_read_int (data, "original_start"));
  voisins_sqlite_bind_text (stmt, 5, state);
  sqlite3_bind_int64 (stmt, 6, voisins_json_read_int (data, "starts_at"));
  sqlite3_bind_int64 (stmt, 7, voisins_json_read_int (data, "ends_at"));
  sqlite3_bind_int64 (stmt, 8, voisins_json_read_int (data, "updated_at"));
  sqlite3_bind_int64 (stmt, 9, voisins_json_read_int (data, "version"));
  sqlite3_bind_int64 (stmt, 10, voisins_json_read_int (data, "server_seq"));
  return _voisins_store_step (self, stmt, error);
}

/* The row as the server last sent it (version > 0), for the shadow; NULL if it never did. */
static char *
snapshot_row (VoisinsStore *self, const char *entity, const char *id)
{
  static const char *participant_text[] = { "id",     "association_id", "post_id", "member_id",
                                            "answer", "added_by",       NULL };
  static const char *participant_int[] = { "created_at", "updated_at", "version", "server_seq",
                                           NULL };
  static const char *occurrence_text[] = { "id", "association_id", "post_id", "state", NULL };
  static const char *occurrence_int[] = { "original_start", "starts_at",  "ends_at", "updated_at",
                                          "version",        "server_seq", NULL };
  gboolean           participant = g_str_equal (entity, "participant");
  const char       **text_keys = participant ? participant_text : occurrence_text;
  const char       **int_keys = participant ? participant_int : occurrence_int;
  g_autoptr (JsonNode) node = NULL;
  sqlite3_stmt *stmt;
  guint         n_text = g_strv_length ((char **) text_keys);

  stmt = _voisins_store_stmt (self,
                              participant
                                  ? "SELECT id, association_id, post_id, member_id, answer,"
                                    " added_by, created_at, updated_at, version, server_seq"
                                    " FROM participants WHERE id = ? AND version > 0"
                                  : "SELECT id, association_id, post_id, state, original_start,"
                                    " starts_at, ends_at, updated_at, version, server_seq"
                                    " FROM occurrences WHERE id = ? AND version > 0",
                              NULL);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *o;

      node = json_node_init_object (json_node_alloc (), json_object_new ());
      o = json_node_get_object (node);
      json_object_unref (o);
      for (guint i = 0; text_keys[i]; i++)
        if (voisins_sqlite_column_text (stmt, i))
          json_object_set_string_member (o, text_keys[i], voisins_sqlite_column_text (stmt, i));
      for (guint i = 0; int_keys[i]; i++)
        json_object_set_int_member (o, int_keys[i], sqlite3_column_int64 (stmt, n_text + i));
    }
  sqlite3_reset (stmt);
  return node != NULL ? voisins_json_to_string (node) : NULL;
}

/* }}} */
/* {{{ reading */

GPtrArray *
voisins_store_list_participants (VoisinsStore *self, const char *post_id, GError **error)
{
  g_autoptr (GPtrArray) out =
      g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_participant_free);
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL, NULL);

  /* Coming first, then maybe, then no; by first name within each. */
  stmt = _voisins_store_stmt (self,
                              "SELECT p.id, p.association_id, p.post_id, p.member_id, p.answer,"
                              " p.added_by, m.first_name, m.last_name, m.no_internet,"
                              " p.created_at, p.updated_at, p.version FROM participants p"
                              " LEFT JOIN members m ON m.id = p.member_id WHERE p.post_id = ?"
                              " ORDER BY CASE p.answer WHEN 'member' THEN 0 WHEN 'coming' THEN 0"
                              " WHEN 'maybe' THEN 1 ELSE 2 END, m.first_name COLLATE NOCASE,"
                              " p.id",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsParticipant *p = g_new0 (VoisinsParticipant, 1);
      const char         *first = voisins_sqlite_column_text (stmt, 6);
      const char         *last = voisins_sqlite_column_text (stmt, 7);

      p->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      p->association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
      p->post_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
      p->member_id = g_strdup (voisins_sqlite_column_text (stmt, 3));
      p->answer = g_strdup (voisins_sqlite_column_text (stmt, 4));
      p->added_by = g_strdup (voisins_sqlite_column_text (stmt, 5));
      /* Volunteers see "Odette M.", as beside a post. */
      if (first && *first && last && *last)
        {
          char initial[8] = { 0 };

          g_unichar_to_utf8 (g_unichar_toupper (g_utf8_get_char (last)), initial);
          p->display_name = g_strdup_printf ("%s %s.", first, initial);
        }
      else
        p->display_name = g_strdup (first && *first ? first : _ ("A neighbour"));
      p->no_internet = sqlite3_column_int (stmt, 8);
      p->created_at = sqlite3_column_int64 (stmt, 9);
      p->updated_at = sqlite3_column_int64 (stmt, 10);
      p->version = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (out, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "list participants");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The exceptions of @post_id, by original start. */
static GHashTable *
exceptions_of (VoisinsStore *self, const char *post_id, GError **error)
{
  g_autoptr (GHashTable) out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) voisins_occurrence_free);
  sqlite3_stmt *stmt;
  int           rc;

  stmt = _voisins_store_stmt (self,
                              "SELECT id, original_start, state, starts_at, ends_at"
                              " FROM occurrences WHERE post_id = ?",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsOccurrence *o = g_new0 (VoisinsOccurrence, 1);

      o->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      o->post_id = g_strdup (post_id);
      o->original_start = sqlite3_column_int64 (stmt, 1);
      o->state = g_strdup (voisins_sqlite_column_text (stmt, 2));
      o->starts_at = sqlite3_column_int64 (stmt, 3);
      o->ends_at = sqlite3_column_int64 (stmt, 4);
      g_hash_table_replace (out, g_memdup2 (&o->original_start, sizeof (gint64)), o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "list occurrences");
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
voisins_store_list_next_occurrences (VoisinsStore *self,
                                     const char   *post_id,
                                     gint64        from,
                                     guint         max,
                                     GError      **error)
{
  g_autoptr (GPtrArray) out =
      g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_occurrence_free);
  g_autoptr (GHashTable) exceptions = NULL;
  g_autoptr (GArray) starts = NULL;
  g_autofree char *rrule = NULL;
  gint64           dtstart = 0, dtend = 0;
  gboolean         found = FALSE;
  sqlite3_stmt    *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL, NULL);

  stmt =
      _voisins_store_stmt (self, "SELECT starts_at, ends_at, rrule FROM posts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      dtstart = sqlite3_column_int64 (stmt, 0);
      dtend = sqlite3_column_int64 (stmt, 1);
      rrule = g_strdup (voisins_sqlite_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (!found || dtstart <= 0)
    return g_steal_pointer (&out);
  if (!(exceptions = exceptions_of (self, post_id, error)))
    return NULL;

  /* A moved occurrence still shows when its new date is to come. */
  starts = voisins_ical_expand (rrule, dtstart, from - 31 * 24 * 3600, VOISINS_TIME_MAX, max + 8);
  for (guint i = 0; i < starts->len && out->len < max; i++)
    {
      gint64             start = g_array_index (starts, gint64, i);
      VoisinsOccurrence *e = g_hash_table_lookup (exceptions, &start);
      VoisinsOccurrence *o = g_new0 (VoisinsOccurrence, 1);

      o->post_id = g_strdup (post_id);
      o->original_start = start;
      o->starts_at = start;
      o->ends_at = dtend > dtstart ? start + (dtend - dtstart) : 0;
      o->state = g_strdup ("scheduled");
      if (e)
        {
          o->id = g_strdup (e->id);
          g_free (o->state);
          o->state = g_strdup (e->state);
          if (g_str_equal (e->state, "moved"))
            {
              o->starts_at = e->starts_at;
              o->ends_at = e->ends_at;
            }
        }
      if (MAX (o->starts_at, o->original_start) < from)
        {
          voisins_occurrence_free (o);
          continue;
        }
      g_ptr_array_add (out, o);
    }
  return g_steal_pointer (&out);
}

/* }}} */
/* {{{ participants, offline first */

typedef struct
{
  char       *id;
  const char *post_id;
  const char *member_id;
  const char *answer;
} AddParticipant;

/* The event's association, category and capacity; FALSE (with @error) when it is not an
 * event or a group on this computer. */
static gboolean
load_event (VoisinsStore *self,
            const char   *post_id,
            char        **association_id,
            gboolean     *is_group,
            gint64       *capacity,
            GError      **error)
{
  sqlite3_stmt    *stmt;
  g_autofree char *category = NULL;

  stmt = _voisins_store_stmt (self,
                              "SELECT association_id, category, capacity FROM posts"
                              " WHERE id = ? AND deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *association_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      category = g_strdup (voisins_sqlite_column_text (stmt, 1));
      *capacity = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (*association_id == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _ ("This event is not on this computer"));
      return FALSE;
    }
  if (g_strcmp0 (category, "event") != 0 && g_strcmp0 (category, "group") != 0)
    {
      g_clear_pointer (association_id, g_free);
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _ ("Only an event or a group has participants"));
      return FALSE;
    }
  *is_group = g_str_equal (category, "group");
  return TRUE;
}

static gint64
seats_taken (VoisinsStore *self, const char *post_id, const char *except_id)
{
  sqlite3_stmt *stmt;
  gint64        n = 0;

  stmt = _voisins_store_stmt (self,
                              "SELECT count(*) FROM participants WHERE post_id = ?"
                              " AND answer IN ('coming', 'member') AND id != ?",
                              NULL);
  if (stmt == NULL)
    return 0;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  voisins_sqlite_bind_text (stmt, 2, except_id ? except_id : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
check_answer (VoisinsStore *self,
              const char   *post_id,
              const char   *participant_id,
              const char   *answer,
              gboolean      is_group,
              gint64        capacity,
              GError      **error)
{
  if (!voisins_participant_answer_is_valid (answer) ||
      (g_str_equal (answer, "member") && !is_group))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _ ("The answer is coming, maybe or not coming"));
      return FALSE;
    }
  if (capacity > 0 && voisins_participant_answer_takes_seat (answer) &&
      seats_taken (self, post_id, participant_id) >= capacity)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "Full: the %d place is taken",
                                "Full: all %d places are taken", (gulong) capacity),
                   (int) capacity);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_participant_txn (VoisinsStore *self, gpointer user_data, GError **error)
{
  AddParticipant  *a = user_data;
  g_autofree char *association_id = NULL;
  g_autofree char *user_id = voisins_store_get_user_id (self);
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonObject) row = json_object_new ();
  gint64        now = g_get_real_time () / G_USEC_PER_SEC;
  gint64        capacity = 0;
  gboolean      is_group = FALSE, known = FALSE, listed = FALSE;
  sqlite3_stmt *stmt;
  JsonObject   *o;

  if (!load_event (self, a->post_id, &association_id, &is_group, &capacity, error))
    return FALSE;
  stmt = _voisins_store_stmt (self,
                              "SELECT 1 FROM members WHERE id = ? AND association_id = ?"
                              " AND deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, a->member_id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _ ("This member is not on this computer"));
      return FALSE;
    }
  stmt = _voisins_store_stmt (
      self, "SELECT 1 FROM participants WHERE post_id = ? AND member_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, a->post_id);
  voisins_sqlite_bind_text (stmt, 2, a->member_id);
  listed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (listed)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _ ("This neighbour is already on the list"));
      return FALSE;
    }
  if (!check_answer (self, a->post_id, NULL, a->answer, is_group, capacity, error))
    return FALSE;

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  /* Exactly what participant.put takes; the row kept here has what the server will add. */
  json_object_set_string_member (o, "id", a->id);
  json_object_set_string_member (o, "post_id", a->post_id);
  json_object_set_string_member (o, "member_id", a->member_id);
  json_object_set_string_member (o, "answer", a->answer);
  json_object_set_string_member (row, "id", a->id);
  json_object_set_string_member (row, "post_id", a->post_id);
  json_object_set_string_member (row, "member_id", a->member_id);
  json_object_set_string_member (row, "answer", a->answer);
  if (user_id)
    json_object_set_string_member (row, "added_by", user_id);
  json_object_set_int_member (row, "created_at", now);
  json_object_set_int_member (row, "updated_at", now);
  if (!_voisins_store_save_shadow (self, "participant", a->id, NULL, error) ||
      !_voisins_store_put_participant_row (self, a->id, row, association_id, error))
    return FALSE;
  return _voisins_store_append_outbox (self, "participant.put", "participant", a->id, args, error);
}

char *
voisins_store_add_participant (VoisinsStore *self,
                               const char   *post_id,
                               const char   *member_id,
                               const char   *answer,
                               GError      **error)
{
  AddParticipant a = { NULL, post_id, member_id, answer };

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL && member_id != NULL && answer != NULL, NULL);

  a.id = voisins_uuid_new ();
  if (!voisins_store_transaction (self, add_participant_txn, &a, error))
    {
      g_free (a.id);
      return NULL;
    }
  return a.id;
}

typedef struct
{
  const char *id;
  const char *answer; /* NULL: remove */
} ChangeParticipant;

static gboolean
change_participant_txn (VoisinsStore *self, gpointer user_data, GError **error)
{
  ChangeParticipant *c = user_data;
  g_autofree char   *post_id = NULL;
  g_autofree char   *from = NULL;
  g_autofree char   *association_id = NULL;
  g_autoptr (JsonNode) args = NULL;
  gboolean      is_group = FALSE;
  gint64        capacity = 0;
  sqlite3_stmt *stmt;
  JsonObject   *o;

  stmt = _voisins_store_stmt (self, "SELECT post_id, answer FROM participants WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, c->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      post_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      from = g_strdup (voisins_sqlite_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (post_id == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _ ("This neighbour is no longer on the list"));
      return FALSE;
    }
  if (c->answer && g_strcmp0 (from, c->answer) == 0)
    return TRUE;
  if (c->answer && (!load_event (self, post_id, &association_id, &is_group, &capacity, error) ||
                    !check_answer (self, post_id, c->id, c->answer, is_group, capacity, error)))
    return FALSE;

  if (!_voisins_store_save_shadow (self, "participant", c->id, snapshot_row, error))
    return FALSE;
  if (c->answer)
    {
      stmt = _voisins_store_stmt (self,
                                  "UPDATE participants SET answer = ?, updated_at = ?"
                                  " WHERE id = ?",
                                  error);
      if (stmt == NULL)
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, c->answer);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      voisins_sqlite_bind_text (stmt, 3, c->id);
      if (!_voisins_store_step (self, stmt, error))
        return FALSE;
    }
  else if (!_voisins_store_delete_row (self, "participant", c->id, error))
    return FALSE;

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  json_object_set_string_member (o, "id", c->id);
  if (c->answer)
    json_object_set_string_member (o, "answer", c->answer);
  return _voisins_store_append_outbox (self,
                                       c->answer ? "participant.set_answer" : "participant.remove",
                                       "participant", c->id, args, error);
}

gboolean
voisins_store_set_participant_answer (VoisinsStore *self,
                                      const char   *id,
                                      const char   *answer,
                                      GError      **error)
{
  ChangeParticipant c = { id, answer };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && answer != NULL, FALSE);

  return voisins_store_transaction (self, change_participant_txn, &c, error);
}

gboolean
voisins_store_remove_participant (VoisinsStore *self, const char *id, GError **error)
{
  ChangeParticipant c = { id, NULL };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return voisins_store_transaction (self, change_participant_txn, &c, error);
}

/* }}} */
/* {{{ occurrences, offline first */

typedef struct
{
  const char *post_id;
  gint64      original_start;
  const char *state; /* NULL: put back (clear) */
  gint64      starts_at;
  gint64      ends_at;
  char       *id; /* out */
} SetOccurrence;

static gboolean
set_occurrence_txn (VoisinsStore *self, gpointer user_data, GError **error)
{
  SetOccurrence   *s = user_data;
  g_autofree char *association_id = NULL;
  g_autofree char *rrule = NULL;
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonObject) row = json_object_new ();
  gint64        dtstart = 0;
  sqlite3_stmt *stmt;
  JsonObject   *o;

  stmt = _voisins_store_stmt (self,
                              "SELECT association_id, starts_at, rrule FROM posts"
                              " WHERE id = ? AND deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, s->post_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      association_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      dtstart = sqlite3_column_int64 (stmt, 1);
      rrule = g_strdup (voisins_sqlite_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (association_id == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _ ("This event is not on this computer"));
      return FALSE;
    }
  if (rrule == NULL || !voisins_ical_is_occurrence (rrule, dtstart, s->original_start))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _ ("This event has no meeting at that time"));
      return FALSE;
    }
  if (g_strcmp0 (s->state, "moved") == 0 &&
      (s->starts_at <= 0 || (s->ends_at != 0 && s->ends_at < s->starts_at)))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _ ("Choose the new date and time"));
      return FALSE;
    }

  /* The same occurrence changed again is the same record. */
  stmt = _voisins_store_stmt (
      self, "SELECT id FROM occurrences WHERE post_id = ? AND original_start = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, s->post_id);
  sqlite3_bind_int64 (stmt, 2, s->original_start);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    s->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (s->state == NULL)
    {
      if (s->id == NULL)
        return TRUE;
      if (!_voisins_store_save_shadow (self, "occurrence", s->id, snapshot_row, error) ||
          !_voisins_store_delete_row (self, "occurrence", s->id, error))
        return FALSE;
      args = json_node_init_object (json_node_alloc (), json_object_new ());
      o = json_node_get_object (args);
      json_object_unref (o);
      json_object_set_string_member (o, "id", s->id);
      return _voisins_store_append_outbox (self, "occurrence.clear", "occurrence", s->id, args,
                                           error);
    }
  if (s->id == NULL)
    s->id = voisins_uuid_new ();

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "post_id", s->post_id);
  json_object_set_int_member (o, "original_start", s->original_start);
  json_object_set_string_member (o, "state", s->state);
  if (g_str_equal (s->state, "moved"))
    {
      json_object_set_int_member (o, "starts_at", s->starts_at);
      json_object_set_int_member (o, "ends_at", s->ends_at);
    }
  json_object_set_string_member (row, "post_id", s->post_id);
  json_object_set_int_member (row, "original_start", s->original_start);
  json_object_set_string_member (row, "state", s->state);
  json_object_set_int_member (row, "starts_at", g_str_equal (s->state, "moved") ? s->starts_at : 0);
  json_object_set_int_member (row, "ends_at", g_str_equal (s->state, "moved") ? s->ends_at : 0);
  json_object_set_int_member (row, "updated_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_save_shadow (self, "occurrence", s->id, snapshot_row, error) ||
      !_voisins_store_put_occurrence_row (self, s->id, row, association_id, error))
    return FALSE;
  return _voisins_store_append_outbox (self, "occurrence.set", "occurrence", s->id, args, error);
}

char *
voisins_store_set_occurrence (VoisinsStore *self,
                              const char   *post_id,
                              gint64        original_start,
                              const char   *state,
                              gint64        starts_at,
                              gint64        ends_at,
                              GError      **error)
{
  SetOccurrence s = { post_id, original_start, state, starts_at, ends_at, NULL };

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL, NULL);
  g_return_val_if_fail (
      state == NULL || g_str_equal (state, "cancelled") || g_str_equal (state, "moved"), NULL);

  if (!voisins_store_transaction (self, set_occurrence_txn, &s, error))
    {
      g_free (s.id);
      return NULL;
    }
  /* Put back when it was never changed: nothing to say. */
  return s.id ? s.id : g_strdup ("");
}

/* }}} */
/* {{{ async, for the UI */

static void
event_roster_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *post_id = task_data;
  g_autoptr (VoisinsEventRoster) people = g_new0 (VoisinsEventRoster, 1);
  GError *error = NULL;

  if (!(people->participants = voisins_store_list_participants (source_object, post_id, &error)) ||
      !(people->next = voisins_store_list_next_occurrences (
            source_object, post_id, g_get_real_time () / G_USEC_PER_SEC, 5, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&people),
                         (GDestroyNotify) voisins_event_roster_free);
}

void
voisins_store_load_event_roster_async (VoisinsStore       *self,
                                       const char         *post_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (post_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_load_event_roster_async);
  g_task_set_task_data (task, g_strdup (post_id), g_free);
  g_task_run_in_thread (task, event_roster_thread);
}

VoisinsEventRoster *
voisins_store_load_event_roster_finish (VoisinsStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_event_roster_free (VoisinsEventRoster *people)
{
  if (people == NULL)
    return;
  g_clear_pointer (&people->participants, g_ptr_array_unref);
  g_clear_pointer (&people->next, g_ptr_array_unref);
  g_free (people);
}

static void
event_change_free (VoisinsEventChange *c)
{
  g_free (c->post_id);
  g_free (c->member_id);
  g_free (c->participant_id);
  g_free (c->answer);
  g_free (c->state);
  g_free (c);
}

static void
event_change_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  VoisinsEventChange *c = task_data;
  GError             *error = NULL;
  g_autofree char    *id = NULL;
  gboolean            ok = FALSE;

  switch (c->kind)
    {
    case VOISINS_EVENT_CHANGE_ADD:
      ok = (id = voisins_store_add_participant (source_object, c->post_id, c->member_id, c->answer,
                                                &error)) != NULL;
      break;
    case VOISINS_EVENT_CHANGE_ANSWER:
      ok = voisins_store_set_participant_answer (source_object, c->participant_id, c->answer,
                                                 &error);
      break;
    case VOISINS_EVENT_CHANGE_REMOVE:
      ok = voisins_store_remove_participant (source_object, c->participant_id, &error);
      break;
    case VOISINS_EVENT_CHANGE_OCCURRENCE:
      ok = (id = voisins_store_set_occurrence (source_object, c->post_id, c->original_start,
                                               c->state, c->starts_at, c->ends_at, &error)) != NULL;
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_change_event_async (VoisinsStore             *self,
                                  const VoisinsEventChange *change,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  VoisinsEventChange *copy;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (change != NULL);

  copy = g_new0 (VoisinsEventChange, 1);
  *copy = *change;
  copy->post_id = g_strdup (change->post_id);
  copy->member_id = g_strdup (change->member_id);
  copy->participant_id = g_strdup (change->participant_id);
  copy->answer = g_strdup (change->answer);
  copy->state = g_strdup (change->state);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_change_event_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) event_change_free);
  g_task_run_in_thread (task, event_change_thread);
}

gboolean
voisins_store_change_event_finish (VoisinsStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
