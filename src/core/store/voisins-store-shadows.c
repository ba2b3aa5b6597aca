/* voisins-store-shadows.c: rows written from the server's JSON, and rebuilt from shadows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shadow is the server's copy of a row that has local edits pending (see migration 4).
 * Rebuilding a row is "shadow + the mutations still in the outbox"; the row is then
 * written through the records' files as a pull would write it.
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-holiday-codec.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

gboolean
_voisins_store_delete_row (VoisinsStore  *self,
                           const char    *entity,
                           const char    *id,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (entity, "post"))
    stmt = _voisins_store_stmt (self, "DELETE FROM posts WHERE id = ?", error);
  else if (g_str_equal (entity, "member"))
    stmt = _voisins_store_stmt (self, "DELETE FROM members WHERE id = ?", error);
  else if (g_str_equal (entity, "holiday_host"))
    stmt = _voisins_store_stmt (self, "DELETE FROM holiday_hosts WHERE id = ?", error);
  else if (g_str_equal (entity, "holiday_guest"))
    stmt = _voisins_store_stmt (self, "DELETE FROM holiday_guests WHERE id = ?", error);
  else if (g_str_equal (entity, "holiday_match"))
    stmt = _voisins_store_stmt (self, "DELETE FROM holiday_matches WHERE id = ?", error);
  else if (g_str_equal (entity, "help"))
    stmt = _voisins_store_stmt (self, "DELETE FROM helps WHERE id = ?", error);
  else if (g_str_equal (entity, "participant"))
    stmt = _voisins_store_stmt (self, "DELETE FROM participants WHERE id = ?", error);
  else if (g_str_equal (entity, "occurrence"))
    stmt = _voisins_store_stmt (self, "DELETE FROM occurrences WHERE id = ?", error);
  else
    return TRUE;

  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, id);
  return _voisins_store_step (self, stmt, error);
}

gboolean
_voisins_store_row_exists (VoisinsStore *self,
                           const char   *entity,
                           const char   *id)
{
  sqlite3_stmt *stmt;
  gboolean exists;

  if (g_str_equal (entity, "post"))
    stmt = _voisins_store_stmt (self, "SELECT 1 FROM posts WHERE id = ?", NULL);
  else if (g_str_equal (entity, "member"))
    stmt = _voisins_store_stmt (self, "SELECT 1 FROM members WHERE id = ?", NULL);
  else
    return FALSE;

  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return exists;
}

static gboolean
write_post_object (VoisinsStore  *self,
                   JsonObject    *obj,
                   const char    *association_id,
                   GError       **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);
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

  if (voisins_post_get_association_id (post) == NULL)
    voisins_post_set_association_id (post, association_id);

  return _voisins_store_write_post (self, post, error);
}

static gboolean
write_member_object (VoisinsStore  *self,
                     JsonObject    *obj,
                     const char    *association_id,
                     GError       **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(GError) local_error = NULL;

  member = voisins_member_from_json (node, &local_error);
  if (member == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("The server sent a member this version cannot read: %s"),
                   local_error->message);
      return FALSE;
    }

  if (voisins_member_get_association_id (member) == NULL)
    voisins_member_set_association_id (member, association_id);

  return _voisins_store_write_member (self, member, error);
}

static gboolean
write_holiday_object (VoisinsStore  *self,
                      const char    *type,
                      const char    *id,
                      JsonObject    *obj,
                      const char    *association_id,
                      GError       **error)
{
  const char *member_id = voisins_json_read_string (obj, "member_id");

  /* A host's identity the role may not see: keep nothing rather than a half record. A
   * guest without one is a volunteer's anonymous copy (street and approximate position,
   * see the server's guest_anonymous_view): kept with member_id "". */
  if (member_id == NULL && g_str_equal (type, "holiday_host"))
    return _voisins_store_delete_row (self, type, id, error);

  if (g_str_equal (type, "holiday_host"))
    {
      VoisinsHolidayHost h = { 0 };

      voisins_holiday_host_read (obj, &h);
      h.id = (char *) id;
      h.association_id = (char *) association_id;
      return _voisins_store_put_host_row (self, &h, error);
    }
  else
    {
      VoisinsHolidayGuest g = { 0 };

      voisins_holiday_guest_read (obj, &g);
      g.id = (char *) id;
      g.association_id = (char *) association_id;
      g.member_id = (char *) (member_id ? member_id : "");
      return _voisins_store_put_guest_row (self, &g, error);
    }
}

static gboolean
write_match_object (VoisinsStore  *self,
                    const char    *id,
                    JsonObject    *data,
                    const char    *association_id,
                    GError       **error)
{
  const char *state = voisins_json_read_string (data, "state");
  int match_state = voisins_holiday_match_state_from_string (state);
  VoisinsHolidayMatch m = { 0 };

  voisins_holiday_match_read (data, &m);
  m.id = (char *) id;
  m.association_id = (char *) association_id;

  if (m.host_id == NULL || m.guest_id == NULL)
    return _voisins_store_delete_row (self, "holiday_match", id, error);

  /* An unknown state from a newer server reads as still proposed. */
  m.state = match_state >= 0 ? match_state : VOISINS_HOLIDAY_MATCH_PROPOSED;
  return voisins_store_put_holiday_match (self, &m, error);
}

gboolean
_voisins_store_write_entity (VoisinsStore  *self,
                             const char    *type,
                             const char    *id,
                             JsonObject    *data,
                             const char    *association_id,
                             GError       **error)
{
  if (g_str_equal (type, "post"))
    return write_post_object (self, data, association_id, error);
  if (g_str_equal (type, "member"))
    return write_member_object (self, data, association_id, error);
  if (g_str_equal (type, "holiday_match"))
    return write_match_object (self, id, data, association_id, error);
  if (g_str_equal (type, "help"))
    return _voisins_store_put_help_row (self, id, data, association_id, error);
  if (g_str_equal (type, "participant"))
    return _voisins_store_put_participant_row (self, id, data, association_id, error);
  if (g_str_equal (type, "occurrence"))
    return _voisins_store_put_occurrence_row (self, id, data, association_id, error);
  if (g_str_equal (type, "holiday_host") || g_str_equal (type, "holiday_guest"))
    return write_holiday_object (self, type, id, data, association_id, error);

  return TRUE;  /* a newer server's type: ignored, not fatal */
}

/* Shadows and rebuilding */


VoisinsStoreShadowState
_voisins_store_get_shadow (VoisinsStore  *self,
                           const char    *id,
                           JsonObject   **data)
{
  sqlite3_stmt *stmt;
  VoisinsStoreShadowState state = SHADOW_NONE;

  *data = NULL;
  stmt = _voisins_store_stmt (self, "SELECT data FROM shadows WHERE id = ?", NULL);
  if (stmt == NULL)
    return SHADOW_NONE;

  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *json = voisins_sqlite_column_text (stmt, 0);

      if (json == NULL)
        state = SHADOW_ABSENT;
      else if (g_str_equal (json, DELETED_MARK))
        state = SHADOW_DELETED;
      else
        {
          g_autoptr(JsonNode) node = voisins_json_parse (json, -1, NULL);

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            {
              *data = json_object_ref (json_node_get_object (node));
              state = SHADOW_DATA;
            }
          else
            state = SHADOW_ABSENT;
        }
    }
  sqlite3_reset (stmt);

  return state;
}

gboolean
_voisins_store_set_shadow (VoisinsStore  *self,
                           const char    *entity,
                           const char    *id,
                           const char    *json,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "INSERT INTO shadows (id, entity, data) VALUES (?, ?, ?)"
                                    " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                              error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, entity);
  voisins_sqlite_bind_text (stmt, 3, json);

  return _voisins_store_step (self, stmt, error);
}

static gboolean
drop_shadow (VoisinsStore  *self,
             const char    *id,
             GError       **error)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "DELETE FROM shadows WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, id);
  return _voisins_store_step (self, stmt, error);
}

JsonObject *
_voisins_store_copy_object (JsonObject *obj)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

/* Applies one pending mutation to a row's JSON; returns the new object (or NULL when the
 * row no longer exists). Takes @obj. */
static JsonObject *
apply_pending (JsonObject *obj,
               const char *name,
               const char *args_json)
{
  g_autoptr(JsonNode) args_node = voisins_json_parse (args_json, -1, NULL);
  JsonObject *args;

  if (args_node == NULL || !JSON_NODE_HOLDS_OBJECT (args_node))
    return obj;
  args = json_node_get_object (args_node);

  if (g_str_has_suffix (name, ".create") || g_str_has_suffix (name, ".propose") ||
      g_str_has_suffix (name, ".put") || g_str_equal (name, "occurrence.set"))
    {
      g_clear_pointer (&obj, json_object_unref);
      return _voisins_store_copy_object (args);
    }

  if (g_str_has_suffix (name, ".delete") || g_str_equal (name, "participant.remove") ||
      g_str_equal (name, "occurrence.clear"))
    {
      g_clear_pointer (&obj, json_object_unref);
      return NULL;
    }

  if (obj == NULL)
    return NULL;

  if (g_str_has_suffix (name, ".update"))
    {
      JsonNode *fields = json_object_get_member (args, "fields");

      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        {
          g_autoptr(GList) names = json_object_get_members (json_node_get_object (fields));

          for (GList *l = names; l; l = l->next)
            json_object_set_member (obj, l->data,
                                    json_node_copy (json_object_get_member (json_node_get_object (fields),
                                                                            l->data)));
        }
    }
  else if (g_str_equal (name, "participant.set_answer"))
    {
      const char *answer = voisins_json_read_string (args, "answer");

      if (answer != NULL)
        json_object_set_string_member (obj, "answer", answer);
    }
  else if (g_str_has_suffix (name, ".set_status"))
    {
      const char *status = voisins_json_read_string (args, "status");

      if (status != NULL)
        json_object_set_string_member (obj, "status", status);
    }
  else if (g_str_has_suffix (name, ".set_state"))
    {
      const char *state = voisins_json_read_string (args, "state");
      const char *feedback = voisins_json_read_string (args, "feedback");

      if (state != NULL)
        json_object_set_string_member (obj, "state", state);
      if (feedback != NULL)
        json_object_set_string_member (obj, "feedback", feedback);
    }

  return obj;
}

/* Row = shadow + what is still pending. Drops the shadow when nothing is pending. */
gboolean
_voisins_store_rebuild (VoisinsStore  *self,
                        const char    *entity,
                        const char    *id,
                        const char    *association_id,
                        GError       **error)
{
  g_autoptr(JsonObject) base = NULL;
  JsonObject *obj;
  VoisinsStoreShadowState state;
  sqlite3_stmt *stmt;
  guint n_pending = 0;
  gboolean first_is_create = FALSE;
  int rc;

  state = _voisins_store_get_shadow (self, id, &base);
  if (state == SHADOW_NONE)
    return TRUE;

  obj = base ? _voisins_store_copy_object (base) : NULL;

  stmt = _voisins_store_stmt (self, "SELECT name, args FROM outbox WHERE entity_id = ?"
                                    " AND acked = 0 ORDER BY seq", error);
  if (stmt == NULL)
    {
      g_clear_pointer (&obj, json_object_unref);
      return FALSE;
    }
  voisins_sqlite_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = voisins_sqlite_column_text (stmt, 0);

      if (n_pending++ == 0)
        first_is_create = g_str_has_suffix (name, ".create") ||
                          g_str_has_suffix (name, ".propose") || g_str_has_suffix (name, ".put");
      obj = apply_pending (obj, name, voisins_sqlite_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  /* A row rebuilt from only some of its edits must never be written. */
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&obj, json_object_unref);
      return _voisins_store_set_error (self, error, rc, "read outbox");
    }

  if (state == SHADOW_DELETED)
    {
      /* Delete wins over an edit. */
      g_clear_pointer (&obj, json_object_unref);
      if (!_voisins_store_delete_row (self, entity, id, error))
        return FALSE;
    }
  else if (obj == NULL)
    {
      /* Server state unknown and no create pending (a restored server): keep the row
       * as it is rather than lose it. */
      if ((n_pending == 0 || first_is_create || state == SHADOW_DATA) &&
          !_voisins_store_delete_row (self, entity, id, error))
        return FALSE;
    }
  else
    {
      gboolean ok;

      if (base != NULL)
        {
          json_object_set_int_member (obj, "version", voisins_json_read_int (base, "version"));
          json_object_set_int_member (obj, "server_seq",
                                      voisins_json_read_int (base, "server_seq"));
        }

      if (association_id == NULL)
        association_id = voisins_json_read_string (obj, "association_id");
      ok = _voisins_store_write_entity (self, entity, id, obj, association_id, error);

      json_object_unref (obj);
      if (!ok)
        return FALSE;
    }

  if (n_pending == 0)
    return drop_shadow (self, id, error);

  return TRUE;
}
