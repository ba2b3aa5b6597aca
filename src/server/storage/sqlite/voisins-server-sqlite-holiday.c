/* voisins-server-sqlite-holiday.c: the holiday mutations (hosts, guests, matches, clearing the
 * campaign)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-holiday-match.h"

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

/* {{{ holiday mutations */

/* After the holidays a coordinator clears the campaign: every host, guest and match of
 * the association becomes a tombstone, which every laptop applies at its next pull. */
Outcome
_voisins_server_sqlite_apply_holiday_purge (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error)
{
  static const char * const keys[] = { "association_id", NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *assoc = NULL;
  int rc;

  if (!check_keys (args, keys, "args", &local_error) ||
      !voisins_json_get_string (args, "association_id", TRUE, &assoc, &local_error))
    return reject_error (result, local_error);
  if (!voisins_uuid_is_valid (assoc) || voisins_server_auth_get_role (ctx->auth, assoc) < 0)
    return reject (result, "not_found", "No such association");
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, assoc),
                                    VOISINS_SERVER_RECORD_HOLIDAY_TABLE,
                                    VOISINS_SERVER_ACTION_PURGE,
                                    VOISINS_SERVER_RELATION_ANY, NULL))
    return reject (result, "forbidden", "Only coordinators may clear the holiday table");

  if (!(stmt =
            voisins_db_prepare (ctx->db,
                                "SELECT id FROM records WHERE association_id = ? AND deleted = 0"
                                " AND type IN ('holiday_host', 'holiday_guest', 'holiday_match')",
                                error)))
    return OUTCOME_ERROR;
  voisins_db_bind_text (stmt, 1, assoc);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    g_ptr_array_add (ids, g_strdup (voisins_db_column_text (stmt, 0)));
  if (rc != VOISINS_DB_DONE)
    {
      return OUTCOME_ERROR;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) load_error = NULL;
      g_autoptr(Record) r = _voisins_server_sqlite_load_record (ctx->db, ids->pdata[i],
                                                                &load_error);

      if (load_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&load_error));
          return OUTCOME_ERROR;
        }
      if (r != NULL && !_voisins_server_sqlite_tombstone_record (ctx, r, error))
        return OUTCOME_ERROR;
    }

  return applied (result, ids->len);
}

/* The fields where @yours (a put) and @theirs (the stored row) differ, as a push result's
 * conflicts (the client shows them: nothing is lost silently). */
static JsonArray *
row_conflicts (JsonObject *yours,
               JsonObject *theirs)
{
  static const char * const skip[] = { "id", "association_id", "base_version", NULL };
  JsonArray *conflicts = json_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) a = json_object_get_members (yours);
  g_autoptr(GList) b = json_object_get_members (theirs);
  GHashTableIter iter;
  gpointer key;

  for (GList *l = a; l; l = l->next)
    g_hash_table_add (keys, l->data);
  for (GList *l = b; l; l = l->next)
    g_hash_table_add (keys, l->data);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonNode *y = json_object_get_member (yours, key);
      JsonNode *t = json_object_get_member (theirs, key);
      JsonObject *c;

      if (g_strv_contains (skip, key) || (y && t && json_node_equal (y, t)))
        continue;
      c = json_object_new ();
      json_object_set_string_member (c, "field", key);
      json_object_set_member (c, "yours", y ? json_node_copy (y) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (c, "theirs", t ? json_node_copy (t) : json_node_new (JSON_NODE_NULL));
      json_array_add_object_element (conflicts, c);
    }
  return conflicts;
}

/* Whether a put made on @base (the row as its author saw it) overwrites nothing the author
 * had not seen: every field it changes still holds, on the server, the value the author
 * saw. Values, not versions: a restore turns versions back (issue 14). */
static gboolean
put_on_current (JsonObject *yours,
                JsonObject *theirs,
                JsonObject *base)
{
  static const char *const skip[] = { "id", "association_id", "base_version",
                                      "version", "server_seq", NULL };
  g_autoptr(GList) a = json_object_get_members (yours);
  g_autoptr(GList) b = json_object_get_members (theirs);

  a = g_list_concat (a, g_steal_pointer (&b));
  for (GList *l = a; l; l = l->next)
    {
      JsonNode *y = json_object_get_member (yours, l->data);
      JsonNode *t = json_object_get_member (theirs, l->data);

      if (g_strv_contains (skip, l->data) || values_same (y, t))
        continue;
      if (!values_same (json_object_get_member (base, l->data), t))
        return FALSE;
    }
  return TRUE;
}

/* A new object holding @object's members (their values shared). */
static JsonObject *
copy_members (JsonObject *object)
{
  JsonObject    *copy = json_object_new ();
  JsonObjectIter iter;
  const char    *name;
  JsonNode      *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  return copy;
}

Outcome
_voisins_server_sqlite_apply_holiday_put (Ctx                    *ctx,
                                          const char             *type,
                                          const VoisinsFieldSpec *spec,
                                          JsonObject             *sent,
                                          JsonObject             *result,
                                          GError                **error)
{
  /* The row is made of the arguments: a copy, for the push may apply them again (a batch
   * whose mutation was refused is redone one by one). */
  g_autoptr(JsonObject) args = copy_members (sent);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(Record) member = NULL;
  const char *id, *association_id, *member_id;
  VoisinsServerRecord record = g_str_equal (type, "holiday_host") ?
                               VOISINS_SERVER_RECORD_HOLIDAY_HOST :
                               VOISINS_SERVER_RECORD_HOLIDAY_GUEST;
  g_autoptr(JsonObject) base = NULL;
  Outcome outcome = OUTCOME_REJECTED;

  /* The row the author saw, when the client sends it: judged on it, not on base_version. */
  if (json_object_has_member (args, "base"))
    {
      JsonNode *node = json_object_get_member (args, "base");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return reject (result, "invalid", "“base” must be an object");
      base = json_object_ref (json_node_get_object (node));
      json_object_remove_member (args, "base");
    }
  if (!voisins_server_rules_check_spec (args, spec, &local_error))
    return reject_error (result, local_error);
  id = voisins_json_read_string (args, "id");
  association_id = voisins_json_read_string (args, "association_id");
  member_id = voisins_json_read_string (args, "member_id");
  if (voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");

  member = _voisins_server_sqlite_load_record (ctx->db, member_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (member == NULL || member->deleted || !g_str_equal (member->type, "member") ||
      !g_str_equal (member->association_id, association_id))
    return reject (result, "not_found", "No such member in this association");

  r = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (r && (!g_str_equal (r->type, type) || !g_str_equal (r->association_id, association_id)))
    return reject (result, "exists", "This id is already taken");
  if (r && r->deleted)
    return reject (result, "deleted", "The record was deleted");

  if (r == NULL && json_object_has_member (args, "base_version"))
    {
      /* A change of a row the server does not have: after a restore, its creator may not
       * have sent it again yet (the push then answers "retry later"). */
      return reject (result, "not_found", "No such record");
    }
  if (r == NULL)
    {
      /* A new intake: whoever takes it in becomes its recorder. */
      if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, association_id),
                                        record, VOISINS_SERVER_ACTION_PUT,
                                        VOISINS_SERVER_RELATION_ANY, NULL))
        return reject (result, "forbidden", "You may not record this");
      r = g_new0 (Record, 1);
      r->id = g_strdup (id);
      r->type = g_strdup (type);
      r->association_id = g_strdup (association_id);
      r->field_versions = json_object_new ();
      r->recorded_by = g_strdup (ctx->auth->user_id);
    }
  else
    {
      g_autoptr(JsonObject) same = json_object_ref (args);
      gint64 base_version = voisins_json_read_int_or (args, "base_version", -1);

      /* A change of an existing row: its recorder or a coordinator, on the version they
       * read; never a silent overwrite of someone else's newer row. */
      if (!may_as_recorder (ctx, r, record, VOISINS_SERVER_ACTION_UPDATE))
        return reject (result, "forbidden",
                       "Only whoever recorded this, or a coordinator, can change it");
      if (_voisins_server_sqlite_defer_behind (ctx, r, base_version, base, result, &outcome, error))
        return outcome;
      if (base != NULL ? !put_on_current (same, r->data, base) : base_version != r->version)
        {
          g_autoptr(JsonNode) a = NULL;
          g_autoptr(JsonNode) b = NULL;
          g_autoptr(JsonObject) stored = json_object_ref (r->data);

          /* The same row again (a retried put without base_version) is a no-op. */
          json_object_remove_member (stored, "version");
          json_object_remove_member (stored, "server_seq");
          json_object_remove_member (same, "version");
          json_object_remove_member (same, "server_seq");
          a = json_node_init_object (json_node_alloc (), stored);
          b = json_node_init_object (json_node_alloc (), same);
          if (base_version < 0 && json_node_equal (a, b))
            return applied (result, r->version);
          JsonArray *conflicts = row_conflicts (same, stored);

          _voisins_server_sqlite_note_conflicts (ctx, r->id, conflicts);
          json_object_set_array_member (result, "conflicts", conflicts);
          json_object_set_string_member (result, "status", "conflict");
          json_object_set_string_member (result, "code", "stale");
          json_object_set_string_member (result, "message",
                                         "Changed meanwhile: send base_version, the version you "
                                         "changed");
          json_object_set_int_member (result, "version", r->version);
          return OUTCOME_CONFLICT;
        }
    }
  g_clear_pointer (&r->data, json_object_unref);
  r->data = json_object_ref (args);
  json_object_remove_member (r->data, "version");
  json_object_remove_member (r->data, "server_seq");
  json_object_remove_member (r->data, "base_version");
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

/* Stores the host and the guest of @match again, so that the next pull sends them with what
 * the caller's followers may now see of them, or without it (a laptop drops the personal
 * fields it had). */
static gboolean
resend_people (Ctx        *ctx,
               JsonObject *match,
               GError    **error)
{
  static const char * const keys[] = { "host_id", "guest_id" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Record) r = NULL;

      r = _voisins_server_sqlite_load_record (
          ctx->db, voisins_json_read_string_or (match, keys[i], ""), &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (r && !r->deleted && !_voisins_server_sqlite_store_record (ctx, r, 0, error))
        return FALSE;
    }
  return TRUE;
}

/* Logs that the follower of @match may now see the host's and the guest's personal details
 * (coordinators read the log: GET …/holiday/reveals). */
static gboolean
log_reveals (Ctx        *ctx,
             JsonObject *match,
             GError    **error)
{
  static const char * const keys[] = { "host_id", "guest_id" };
  g_autofree char *fields = g_strjoinv (",", (char **) voisins_server_followed_member_keys);

  /* A coordinator following their own match sees everything anyway: nothing is revealed. */
  if (g_strcmp0 (voisins_json_read_string_or (match, "follower_id", NULL),
                 voisins_json_read_string_or (match, "approved_by", NULL)) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Record) person = NULL;
      g_autoptr(VoisinsDbStmt) stmt = NULL;
      const char *member_id;
      int rc;

      person = _voisins_server_sqlite_load_record (
          ctx->db, voisins_json_read_string_or (match, keys[i], ""), &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (person == NULL || person->deleted)
        continue;
      member_id = voisins_json_read_string_or (person->data, "member_id", NULL);
      if (member_id == NULL)
        continue;
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "INSERT INTO holiday_reveals (association_id, match_id,"
                                       " user_id, member_id, fields, at) VALUES (?, ?, ?, ?, ?, ?)",
                                       error)))
        return FALSE;
      voisins_db_bind_text (stmt, 1, person->association_id);
      voisins_db_bind_text (stmt, 2, voisins_json_read_string (match, "id"));
      voisins_db_bind_text (stmt, 3, voisins_json_read_string (match, "follower_id"));
      voisins_db_bind_text (stmt, 4, member_id);
      voisins_db_bind_text (stmt, 5, fields);
      voisins_db_bind_int64 (stmt, 6, ctx->now);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc != VOISINS_DB_DONE)
        return FALSE;
    }
  return TRUE;
}

/* Whether @user_id has a role in @association_id. */
static gboolean
has_role (VoisinsDb  *db,
          const char *user_id,
          const char *association_id,
          gboolean   *out,
          GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_prepare (
            db, "SELECT 1 FROM roles WHERE user_id = ? AND association_id = ?", error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, user_id);
  voisins_db_bind_text (stmt, 2, association_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_ROW && rc != VOISINS_DB_DONE)
    return FALSE;
  *out = rc == VOISINS_DB_ROW;
  return TRUE;
}

static gint64
count_matches (VoisinsDb  *db,
               const char *association_id,
               const char *key,
               const char *id,
               gint64      slot,
               GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  /* @key is one of two constants, never data. */
  g_assert (g_str_equal (key, "host_id") || g_str_equal (key, "guest_id"));
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE association_id = ?"
                         " AND type = 'holiday_match' AND deleted = 0"
                         " AND json_extract (data, '$.%s') = ?"
                         " AND CAST (json_extract (data, '$.slot') AS BIGINT) = ?"
                         " AND json_extract (data, '$.state') <> 'declined'",
                         key);
  if (!(stmt = voisins_db_prepare (db, sql, error)))
    return -1;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, id);
  voisins_db_bind_int64 (stmt, 3, slot);
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    {
      return -1;
    }
  return voisins_db_column_int64 (stmt, 0);
}

Outcome
_voisins_server_sqlite_apply_match_set_state (Ctx        *ctx,
                                              JsonObject *args,
                                              JsonObject *result,
                                              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *state, *current, *follower;
  Outcome outcome = OUTCOME_REJECTED;
  int from, to;

  if (!voisins_server_rules_check_spec (args, voisins_holiday_match_state_spec, &local_error))
    return reject_error (result, local_error);
  id = voisins_json_read_string (args, "id");
  state = voisins_json_read_string (args, "state");
  to = voisins_server_rules_match_state_rank (state);
  if (to < 0)
    return reject (result, "invalid", "Unknown match state");

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "holiday_match", result, &outcome,
                                                  error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This match was deleted");

  /* The follower is the one a coordinator approved; a proposal nobody approved yet is the
   * coordinators' to move on (or decline). */
  follower = voisins_json_read_string_or (r->data, "follower_id", "");
  if (!voisins_server_rules_allows (
          voisins_server_auth_get_role (ctx->auth, r->association_id),
          VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_SET_STATE,
          g_strcmp0 (follower, ctx->auth->user_id) == 0 &&
                  voisins_json_read_string_or (r->data, "approved_by", NULL) != NULL
              ? VOISINS_SERVER_RELATION_FOLLOWER
              : VOISINS_SERVER_RELATION_ANY,
          NULL))
    return reject (result, "forbidden", "Only the volunteer who follows this match, or a coordinator, can change it");

  current = voisins_json_read_string_or (r->data, "state", "proposed");
  from = voisins_server_rules_match_state_rank (current);

  /* After the holidays: how it went, said once the meal is done (and corrected later). */
  if (json_object_has_member (args, "feedback"))
    {
      if (!voisins_server_rules_match_feedback_allowed (to))
        return reject (result, "invalid", "How it went is said once the meal is done");
      if (from == VOISINS_SERVER_MATCH_DONE)
        {
          json_object_set_string_member (r->data, "feedback",
                                         voisins_json_read_string (args, "feedback"));
          json_object_set_int_member (r->data, "updated_at", ctx->now);
          r->version++;
          if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
            return OUTCOME_ERROR;
          return applied (result, r->version);
        }
    }

  switch (voisins_server_rules_match_transition (from, to))
    {
    case VOISINS_SERVER_TRANSITION_SAME:
      return applied (result, r->version);
    case VOISINS_SERVER_TRANSITION_CLOSED:
      return reject (result, "status_moved", "This match is already closed");
    case VOISINS_SERVER_TRANSITION_BACKWARDS:
      return reject (result, "status_moved", "This match has already moved further");
    case VOISINS_SERVER_TRANSITION_ALLOWED:
    default:
      break;
    }

  /* What an Undo needs: the state this step left and who made it. Spelt as the rules rank
   * it ("guest-called" is written "confirmed"). */
  json_object_set_string_member (r->data, "previous_state",
                                 from == VOISINS_SERVER_MATCH_CONFIRMED ? "confirmed" : current);
  json_object_set_string_member (r->data, "state_by", ctx->auth->user_id);
  json_object_set_string_member (r->data, "state",
                                 to == VOISINS_SERVER_MATCH_CONFIRMED ? "confirmed" : state);
  if (json_object_has_member (args, "feedback"))
    json_object_set_string_member (r->data, "feedback",
                                   voisins_json_read_string (args, "feedback"));
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;

  /* Declined or done: the follower's access ends; the pull sends the host and the guest
   * again without what it showed. */
  if (to == VOISINS_SERVER_MATCH_DONE || to == VOISINS_SERVER_MATCH_DECLINED)
    if (!resend_people (ctx, r->data, error))
      return OUTCOME_ERROR;

  return applied (result, r->version);
}

/* The Undo of a step's toast: back to the state the last step left, by whoever made it
 * (the rules' RECORDER relation), if the match did not move since (@from). Undoing a decline
 * takes the seat again, if it is still free; undoing a decline or a done opens the
 * follower's access again (logged, and the people sent again). */
Outcome
_voisins_server_sqlite_apply_match_undo_state (Ctx        *ctx,
                                               JsonObject *args,
                                               JsonObject *result,
                                               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *state, *seen, *current, *previous, *mover;
  g_autofree char *restored = NULL;
  Outcome outcome = OUTCOME_REJECTED;
  int from, to;

  if (!voisins_server_rules_check_spec (args, voisins_holiday_match_undo_spec, &local_error))
    return reject_error (result, local_error);
  id = voisins_json_read_string (args, "id");
  state = voisins_json_read_string (args, "state");
  seen = voisins_json_read_string (args, "from");
  to = voisins_server_rules_match_state_rank (state);
  if (to < 0 || to == VOISINS_SERVER_MATCH_DONE || to == VOISINS_SERVER_MATCH_DECLINED ||
      voisins_server_rules_match_state_rank (seen) < 0)
    return reject (result, "invalid", "Unknown match state");

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "holiday_match", result, &outcome,
                                                  error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This match was deleted");

  mover = voisins_json_read_string_or (r->data, "state_by", "");
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, r->association_id),
                                    VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
                                    VOISINS_SERVER_ACTION_UNDO_STATE,
                                    g_strcmp0 (mover, ctx->auth->user_id) == 0
                                      ? VOISINS_SERVER_RELATION_RECORDER
                                      : VOISINS_SERVER_RELATION_ANY,
                                    NULL))
    return reject (result, "forbidden", "Only whoever made this step can undo it");

  current = voisins_json_read_string_or (r->data, "state", "proposed");
  previous = voisins_json_read_string_or (r->data, "previous_state", "");
  from = voisins_server_rules_match_state_rank (current);
  if (from == to)
    return applied (result, r->version);
  if (from != voisins_server_rules_match_state_rank (seen) ||
      voisins_server_rules_match_state_rank (previous) != to)
    return reject (result, "status_moved", "This match has moved since: the step cannot be undone");

  if (from == VOISINS_SERVER_MATCH_DECLINED)
    {
      gint64      slot = voisins_json_read_int_or (r->data, "slot", 0);
      const char *host_id = voisins_json_read_string_or (r->data, "host_id", "");
      g_autoptr(Record) host = _voisins_server_sqlite_load_record (ctx->db, host_id, &local_error);
      gint64 taken;

      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OUTCOME_ERROR;
        }
      taken = count_matches (ctx->db, r->association_id, "host_id", host_id, slot, error);
      if (taken < 0)
        return OUTCOME_ERROR;
      if (host == NULL || host->deleted ||
          taken >= voisins_json_read_int_or (host->data, "seats", 0))
        return reject (result, "table_full", "No seat left at this table");
      taken = count_matches (ctx->db, r->association_id, "guest_id",
                             voisins_json_read_string_or (r->data, "guest_id", ""), slot, error);
      if (taken < 0)
        return OUTCOME_ERROR;
      if (taken > 0)
        return reject (result, "guest_taken", "The guest already has a table then");
    }

  /* The state to go back to lives in "previous_state", removed below: keep a copy. */
  previous = restored = g_strdup (previous);
  json_object_set_string_member (r->data, "state", previous);
  json_object_remove_member (r->data, "previous_state");
  json_object_remove_member (r->data, "state_by");
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;

  /* Live again: the follower sees the people again (logged), the pull sends them again. */
  if ((from == VOISINS_SERVER_MATCH_DONE || from == VOISINS_SERVER_MATCH_DECLINED) &&
      voisins_server_rules_match_opens_access (
          previous, voisins_json_read_string_or (r->data, "approved_by", NULL)) &&
      (!log_reveals (ctx, r->data, error) || !resend_people (ctx, r->data, error)))
    return OUTCOME_ERROR;

  return applied (result, r->version);
}

/* A coordinator lets the follower (the proposer, or @follower_id) see the people of a live
 * match: from then on, until the match is declined or done. Each approval is logged. */
Outcome
_voisins_server_sqlite_apply_match_approve (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *follower, *state;
  Outcome outcome = OUTCOME_REJECTED;
  int rank;

  if (!voisins_server_rules_check_spec (args, voisins_holiday_match_approve_spec, &local_error))
    return reject_error (result, local_error);
  id = voisins_json_read_string (args, "id");
  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "holiday_match", result, &outcome,
                                                  error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This match was deleted");
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, r->association_id),
                                    VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
                                    VOISINS_SERVER_ACTION_APPROVE,
                                    VOISINS_SERVER_RELATION_ANY, NULL))
    return reject (result, "forbidden", "Only coordinators may approve a match");
  state = voisins_json_read_string_or (r->data, "state", "proposed");
  rank = voisins_server_rules_match_state_rank (state);
  if (rank == VOISINS_SERVER_MATCH_DONE || rank == VOISINS_SERVER_MATCH_DECLINED)
    return reject (result, "status_moved", "This match is already closed");

  follower = voisins_json_read_string_or (args, "follower_id", NULL);
  if (follower)
    {
      gboolean ok = FALSE;

      if (!has_role (ctx->db, follower, r->association_id, &ok, error))
        return OUTCOME_ERROR;
      if (!ok)
        return reject (result, "not_found", "No such user in this association");
    }
  else
    follower = voisins_json_read_string_or (r->data, "follower_id", NULL);
  if (follower == NULL)
    return reject (result, "invalid", "This match has nobody to follow it");

  if (g_strcmp0 (follower, voisins_json_read_string_or (r->data, "follower_id", NULL)) == 0 &&
      g_strcmp0 (voisins_json_read_string_or (r->data, "approved_by", NULL), NULL) != 0)
    return applied (result, r->version);

  json_object_set_string_member (r->data, "follower_id", follower);
  json_object_set_string_member (r->data, "approved_by", ctx->auth->user_id);
  json_object_set_int_member (r->data, "approved_at", ctx->now);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error) ||
      !log_reveals (ctx, r->data, error) ||
      !resend_people (ctx, r->data, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

Outcome
_voisins_server_sqlite_apply_match_propose (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) host = NULL;
  g_autoptr(Record) guest = NULL;
  g_autoptr(Record) existing = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *host_id, *guest_id;
  gint64 slot, taken, seats;
  Outcome outcome = OUTCOME_REJECTED;

  if (!voisins_server_rules_check_spec (args, voisins_holiday_match_spec, &local_error))
    return reject_error (result, local_error);
  id = voisins_json_read_string (args, "id");
  host_id = voisins_json_read_string (args, "host_id");
  guest_id = voisins_json_read_string (args, "guest_id");
  slot = voisins_json_read_int (args, "slot");
  if (slot != 1 && slot != 2 && slot != 4 && slot != 8)
    return reject (result, "invalid", "“slot” must be one slot");

  if (!(host = _voisins_server_sqlite_load_writable (ctx, host_id, "holiday_host", result,
                                                     &outcome, error)))
    return outcome;
  if (!(guest = _voisins_server_sqlite_load_writable (ctx, guest_id, "holiday_guest", result,
                                                      &outcome, error)))
    return outcome;
  if (!g_str_equal (host->association_id, guest->association_id) || host->deleted ||
      guest->deleted)
    return reject (result, "not_found", "No such host or guest");

  existing = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      if (g_str_equal (existing->type, "holiday_match") &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "host_id", ""), host_id) == 0 &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "guest_id", ""), guest_id) == 0 &&
          voisins_json_read_int_or (existing->data, "slot", 0) == slot)
        return applied (result, existing->version);
      return reject (result, "exists", "This id is already taken");
    }

  if (!(voisins_json_read_int (host->data, "slots") & slot) ||
      !(voisins_json_read_int (guest->data, "slots") & slot))
    return reject (result, "invalid", "The host or the guest is not available then");

  seats = voisins_json_read_int_or (host->data, "seats", 0);
  taken = count_matches (ctx->db, host->association_id, "host_id", host_id, slot, error);
  if (taken < 0)
    return OUTCOME_ERROR;
  if (taken >= seats)
    return reject (result, "table_full", "No seat left at this table");
  taken = count_matches (ctx->db, host->association_id, "guest_id", guest_id, slot, error);
  if (taken < 0)
    return OUTCOME_ERROR;
  if (taken > 0)
    return reject (result, "guest_taken", "The guest already has a table then");

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup ("holiday_match");
  r->association_id = g_strdup (host->association_id);
  r->field_versions = json_object_new ();
  r->data = json_object_new ();
  json_object_set_string_member (r->data, "id", id);
  json_object_set_string_member (r->data, "association_id", host->association_id);
  json_object_set_string_member (r->data, "host_id", host_id);
  json_object_set_string_member (r->data, "guest_id", guest_id);
  json_object_set_int_member (r->data, "slot", slot);
  json_object_set_string_member (r->data, "state", "proposed");
  json_object_set_string_member (r->data, "follower_id", ctx->auth->user_id);
  json_object_set_int_member (r->data, "created_at", ctx->now);
  r->version = 1;
  r->recorded_by = g_strdup (ctx->auth->user_id);
  /* A coordinator's own proposal needs nobody else's approval; a volunteer's shows nobody
   * until a coordinator approves it (holiday.match.approve). */
  if (voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, host->association_id),
                                   VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
                                   VOISINS_SERVER_ACTION_APPROVE, VOISINS_SERVER_RELATION_ANY,
                                   NULL))
    {
      json_object_set_string_member (r->data, "approved_by", ctx->auth->user_id);
      json_object_set_int_member (r->data, "approved_at", ctx->now);
    }
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;

  /* An approved follower may now see the guest's identity and the host's phone: send both
   * rows again. */
  if (json_object_has_member (r->data, "approved_by") &&
      (!log_reveals (ctx, r->data, error) ||
       !_voisins_server_sqlite_store_record (ctx, guest, 0, error) ||
       !_voisins_server_sqlite_store_record (ctx, host, 0, error)))
    return OUTCOME_ERROR;

  return applied (result, r->version);
}

/* }}} */
