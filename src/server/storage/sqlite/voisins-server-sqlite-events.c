/* voisins-server-sqlite-events.c: who comes to an event, and a repeating event's exceptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two synced record types, stored whole like helps. A participant links an event or a group
 * (a post) to a member of the same association, online or not, with her answer: coming,
 * maybe, no, or "member" (of a group). Its recorder is the volunteer who added her. An
 * occurrence says that one occurrence of a repeating event, keyed by the start the rule
 * gives it, is cancelled or moved. The server checks what two laptops offline cannot: the
 * capacity (a "coming" beyond it is rejected with the count), that the member is of the
 * association, that the same neighbour is not listed twice, and that the start is one the
 * rule gives (voisins_ical_is_occurrence).
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-ical.h"
#include "voisins-uuid.h"

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

static const char *const put_keys[] = { "id", "post_id", "member_id", "answer", NULL };
static const char *const answer_keys[] = { "id", "answer", NULL };
static const char *const remove_keys[] = { "id", NULL };
static const char *const occurrence_keys[] = { "id",    "post_id",   "original_start",
                                               "state", "starts_at", "ends_at",
                                               NULL };

static const char *
string_arg (JsonObject *args, const char *key)
{
  JsonNode *node = json_object_get_member (args, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* -1 when absent or not an integer. */
static gint64
int_arg (JsonObject *args, const char *key)
{
  JsonNode *node = json_object_get_member (args, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static gboolean
only_keys (JsonObject *args, const char *const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (args);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return FALSE;
  return TRUE;
}

static gboolean
is_event_post (Record *post)
{
  const char *category = voisins_json_read_string_or (post->data, "category", "");

  return g_str_equal (category, "event") || g_str_equal (category, "group");
}

/* Whether @answer takes a seat: coming to an event, or a member of a group. */
static gboolean
takes_seat (const char *answer)
{
  return g_strcmp0 (answer, "coming") == 0 || g_strcmp0 (answer, "member") == 0;
}

static gboolean
answer_is_valid (const char *answer, Record *post)
{
  static const char *const answers[] = { "coming", "maybe", "no", "member", NULL };

  if (answer == NULL || !g_strv_contains (answers, answer))
    return FALSE;
  /* One belongs to a group; one comes to an event. */
  return !g_str_equal (answer, "member") ||
         g_str_equal (voisins_json_read_string_or (post->data, "category", ""), "group");
}

/* How many seats @post_id's participants other than @except_id take, or -1 on error. */
static gint64
seats_taken (VoisinsDb  *db,
             const char *association_id,
             const char *post_id,
             const char *except_id,
             GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_prepare (db,
                                   "SELECT count(*) FROM records WHERE association_id = ?"
                                   " AND type = 'participant' AND deleted = 0"
                                   " AND json_extract (data, '$.post_id') = ?"
                                   " AND json_extract (data, '$.answer') IN ('coming', 'member')"
                                   " AND id != ?",
                                   error)))
    return -1;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, post_id);
  voisins_db_bind_text (stmt, 3, except_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_ROW)
    {
      return -1;
    }
  return voisins_db_column_int64 (stmt, 0);
}

/* APPLIED when @answer fits, REJECTED ("full", with the count) when it does not. */
static Outcome
check_capacity (Ctx        *ctx,
                Record     *post,
                const char *participant_id,
                const char *answer,
                JsonObject *result,
                GError    **error)
{
  gint64 capacity = voisins_json_read_int_or (post->data, "capacity", 0);
  gint64 taken;

  if (capacity <= 0 || !takes_seat (answer))
    return OUTCOME_APPLIED;
  taken = seats_taken (ctx->db, post->association_id, post->id, participant_id, error);
  if (taken < 0)
    return OUTCOME_ERROR;
  if (taken >= capacity)
    {
      g_autofree char *reason = g_strdup_printf ("This event is full: %" G_GINT64_FORMAT
                                                 " of %" G_GINT64_FORMAT " places are taken",
                                                 taken, capacity);

      return reject (result, "full", reason);
    }
  return OUTCOME_APPLIED;
}

/* The id of a participant already listing @member_id for @post_id (not removed), or NULL. */
static char *
listed_as (VoisinsDb  *db,
           const char *association_id,
           const char *post_id,
           const char *member_id,
           GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_prepare (db,
                                   "SELECT id FROM records WHERE association_id = ?"
                                   " AND type = 'participant' AND deleted = 0"
                                   " AND json_extract (data, '$.post_id') = ?"
                                   " AND json_extract (data, '$.member_id') = ? LIMIT 1",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, post_id);
  voisins_db_bind_text (stmt, 3, member_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    return g_strdup (voisins_db_column_text (stmt, 0));
  return NULL;
}

/* The event or group @post_id, writable, live: or NULL with @outcome set. */
static Record *
load_event (Ctx *ctx, const char *post_id, JsonObject *result, Outcome *outcome, GError **error)
{
  g_autoptr(Record) post = NULL;

  if (!(post = _voisins_server_sqlite_load_writable (ctx, post_id, "post", result, outcome, error)))
    return NULL;
  if (post->deleted)
    {
      *outcome = reject (result, "deleted", "This event was deleted");
      return NULL;
    }
  if (!is_event_post (post))
    {
      *outcome = reject (result, "invalid", "Only an event or a group has participants");
      return NULL;
    }
  return g_steal_pointer (&post);
}

Outcome
_voisins_server_sqlite_apply_participant_put (Ctx        *ctx,
                                              JsonObject *args,
                                              JsonObject *result,
                                              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) post = NULL;
  g_autoptr(Record) member = NULL;
  g_autoptr(Record) existing = NULL;
  g_autoptr(Record) r = NULL;
  g_autofree char *listed = NULL;
  const char      *id, *post_id, *member_id, *answer;
  Outcome          outcome = OUTCOME_REJECTED;

  if (!only_keys (args, put_keys))
    return reject (result, "invalid",
                   "participant.put takes “id”, “post_id”, “member_id” and “answer”");
  id = string_arg (args, "id");
  post_id = string_arg (args, "post_id");
  member_id = string_arg (args, "member_id");
  answer = string_arg (args, "answer");
  if (id == NULL || !voisins_uuid_is_valid (id))
    return reject (result, "invalid", "“id” must be a UUID");
  if (post_id == NULL || member_id == NULL)
    return reject (result, "invalid", "“post_id” and “member_id” are required");
  if (answer == NULL)
    answer = "coming";

  if (!(post = load_event (ctx, post_id, result, &outcome, error)))
    return outcome;
  if (!answer_is_valid (answer, post))
    return reject (result, "invalid", "“answer” is coming, maybe or no (or member, for a group)");
  member = _voisins_server_sqlite_load_record (ctx->db, member_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  /* The same answer whether she is of another association or does not exist. */
  if (member == NULL || member->deleted || !g_str_equal (member->type, "member") ||
      !g_str_equal (member->association_id, post->association_id))
    return reject (result, "not_found", "No such member in this association");

  existing = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      /* The same command sent again (a retry after a lost answer) is applied once. */
      if (g_str_equal (existing->type, "participant") &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "post_id", ""), post_id) == 0 &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "member_id", ""), member_id) == 0)
        return applied (result, existing->version);
      return reject (result, "exists", "This id is already taken");
    }

  listed = listed_as (ctx->db, post->association_id, post_id, member_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (listed)
    return reject (result, "participant_taken", "This neighbour is already on the list");
  if ((outcome = check_capacity (ctx, post, id, answer, result, error)) != OUTCOME_APPLIED)
    return outcome;

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup ("participant");
  r->association_id = g_strdup (post->association_id);
  r->field_versions = json_object_new ();
  r->data = json_object_new ();
  json_object_set_string_member (r->data, "id", id);
  json_object_set_string_member (r->data, "association_id", post->association_id);
  json_object_set_string_member (r->data, "post_id", post_id);
  json_object_set_string_member (r->data, "member_id", member_id);
  json_object_set_string_member (r->data, "answer", answer);
  json_object_set_string_member (r->data, "added_by", ctx->auth->user_id);
  json_object_set_int_member (r->data, "created_at", ctx->now);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version = 1;
  r->recorded_by = g_strdup (ctx->auth->user_id);
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

Outcome
_voisins_server_sqlite_apply_participant_set_answer (Ctx        *ctx,
                                                     JsonObject *args,
                                                     JsonObject *result,
                                                     GError    **error)
{
  g_autoptr(Record) r = NULL;
  g_autoptr(Record) post = NULL;
  const char *id, *answer;
  Outcome     outcome = OUTCOME_REJECTED;

  if (!only_keys (args, answer_keys))
    return reject (result, "invalid", "participant.set_answer takes “id” and “answer”");
  id = string_arg (args, "id");
  answer = string_arg (args, "answer");
  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "participant", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This participant was taken off the list");
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, r->association_id),
                                    VOISINS_SERVER_RECORD_PARTICIPANT,
                                    VOISINS_SERVER_ACTION_SET_STATE, VOISINS_SERVER_RELATION_ANY,
                                    NULL))
    return reject (result, "forbidden", "You may not record answers here");
  if (!(post = load_event (ctx, voisins_json_read_string_or (r->data, "post_id", NULL), result,
                           &outcome, error)))
    return outcome;
  if (!answer_is_valid (answer, post))
    return reject (result, "invalid", "“answer” is coming, maybe or no (or member, for a group)");
  if (g_strcmp0 (voisins_json_read_string_or (r->data, "answer", ""), answer) == 0)
    return applied (result, r->version);
  if ((outcome = check_capacity (ctx, post, r->id, answer, result, error)) != OUTCOME_APPLIED)
    return outcome;

  json_object_set_string_member (r->data, "answer", answer);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

Outcome
_voisins_server_sqlite_apply_participant_remove (Ctx        *ctx,
                                                 JsonObject *args,
                                                 JsonObject *result,
                                                 GError    **error)
{
  g_autoptr(Record) r = NULL;
  Outcome outcome = OUTCOME_REJECTED;

  if (!only_keys (args, remove_keys))
    return reject (result, "invalid", "participant.remove takes “id”");
  if (!(r = _voisins_server_sqlite_load_writable (ctx, string_arg (args, "id"), "participant",
                                                  result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return applied (result, r->version);
  if (!may_as_recorder (ctx, r, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_DELETE))
    return reject (result, "forbidden",
                   "Only whoever added this neighbour, or a coordinator, can take her off");
  if (!_voisins_server_sqlite_tombstone_record (ctx, r, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

/* The exception of @post_id for @original_start other than @except_id, or NULL. */
static char *
exception_for (VoisinsDb  *db,
               const char *association_id,
               const char *post_id,
               gint64      original_start,
               const char *except_id,
               GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt =
            voisins_db_prepare (db,
                                "SELECT id FROM records WHERE association_id = ?"
                                " AND type = 'occurrence' AND deleted = 0"
                                " AND json_extract (data, '$.post_id') = ?"
                                " AND CAST (json_extract (data, '$.original_start') AS BIGINT) = ?"
                                " AND id != ?"
                                " LIMIT 1",
                                error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, post_id);
  voisins_db_bind_int64 (stmt, 3, original_start);
  voisins_db_bind_text (stmt, 4, except_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    return g_strdup (voisins_db_column_text (stmt, 0));
  return NULL;
}

Outcome
_voisins_server_sqlite_apply_occurrence_set (Ctx        *ctx,
                                             JsonObject *args,
                                             JsonObject *result,
                                             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) post = NULL;
  g_autoptr(Record) r = NULL;
  g_autofree char *other = NULL;
  const char      *id, *post_id, *state, *rrule;
  gint64           original_start, starts_at, ends_at;
  Outcome          outcome = OUTCOME_REJECTED;

  if (!only_keys (args, occurrence_keys))
    return reject (result, "invalid",
                   "occurrence.set takes “id”, “post_id”, “original_start”, “state”, "
                   "“starts_at” and “ends_at”");
  id = string_arg (args, "id");
  post_id = string_arg (args, "post_id");
  state = string_arg (args, "state");
  original_start = int_arg (args, "original_start");
  starts_at = json_object_has_member (args, "starts_at") ? int_arg (args, "starts_at") : 0;
  ends_at = json_object_has_member (args, "ends_at") ? int_arg (args, "ends_at") : 0;
  if (id == NULL || !voisins_uuid_is_valid (id))
    return reject (result, "invalid", "“id” must be a UUID");
  if (g_strcmp0 (state, "cancelled") != 0 && g_strcmp0 (state, "moved") != 0)
    return reject (result, "invalid", "“state” is cancelled or moved");
  if (original_start < VOISINS_TIME_MIN || original_start > VOISINS_TIME_MAX || starts_at < 0 ||
      ends_at < 0)
    return reject (result, "invalid", "“original_start” is the start the occurrence had");
  if (g_str_equal (state, "moved") &&
      (starts_at < VOISINS_TIME_MIN || starts_at > VOISINS_TIME_MAX ||
       (ends_at != 0 && ends_at < starts_at)))
    return reject (result, "invalid", "A moved occurrence needs its new start, before its end");
  if (g_str_equal (state, "cancelled"))
    starts_at = ends_at = 0;

  if (!(post = load_event (ctx, post_id, result, &outcome, error)))
    return outcome;
  if (!may_as_recorder (ctx, post, VOISINS_SERVER_RECORD_OCCURRENCE, VOISINS_SERVER_ACTION_PUT))
    return reject (result, "forbidden",
                   "Only whoever recorded this event, or a coordinator, can change its dates");
  rrule = voisins_json_read_string_or (post->data, "rrule", NULL);
  if (rrule == NULL || *rrule == '\0')
    return reject (result, "invalid", "This event does not repeat: change its date instead");
  if (!voisins_ical_is_occurrence (rrule, voisins_json_read_int_or (post->data, "starts_at", 0),
                                   original_start))
    return reject (result, "invalid", "This event has no occurrence at that time");

  r = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  /* The same id for another occurrence (a tombstone may come back for the same one). */
  if (r && (!g_str_equal (r->type, "occurrence") ||
            (!r->deleted &&
             (g_strcmp0 (voisins_json_read_string_or (r->data, "post_id", ""), post_id) != 0 ||
              voisins_json_read_int_or (r->data, "original_start", 0) != original_start))))
    return reject (result, "exists", "This id is already taken");
  other = exception_for (ctx->db, post->association_id, post_id, original_start, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (other)
    return reject (result, "occurrence_taken",
                   "Someone else already cancelled or moved this occurrence");

  if (r && !r->deleted &&
      g_strcmp0 (voisins_json_read_string_or (r->data, "state", ""), state) == 0 &&
      voisins_json_read_int_or (r->data, "starts_at", 0) == starts_at &&
      voisins_json_read_int_or (r->data, "ends_at", 0) == ends_at)
    return applied (result, r->version);

  if (r == NULL)
    {
      r = g_new0 (Record, 1);
      r->id = g_strdup (id);
      r->type = g_strdup ("occurrence");
      r->association_id = g_strdup (post->association_id);
      r->field_versions = json_object_new ();
      r->recorded_by = g_strdup (ctx->auth->user_id);
    }
  /* Set again after a clear: the tombstone comes back to life with a new version. */
  g_clear_pointer (&r->data, json_object_unref);
  r->data = json_object_new ();
  r->deleted = FALSE;
  json_object_set_string_member (r->data, "id", id);
  json_object_set_string_member (r->data, "association_id", post->association_id);
  json_object_set_string_member (r->data, "post_id", post_id);
  json_object_set_int_member (r->data, "original_start", original_start);
  json_object_set_string_member (r->data, "state", state);
  json_object_set_int_member (r->data, "starts_at", starts_at);
  json_object_set_int_member (r->data, "ends_at", ends_at);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

Outcome
_voisins_server_sqlite_apply_occurrence_clear (Ctx        *ctx,
                                               JsonObject *args,
                                               JsonObject *result,
                                               GError    **error)
{
  g_autoptr(Record) r = NULL;
  g_autoptr(Record) post = NULL;
  Outcome outcome = OUTCOME_REJECTED;

  if (!only_keys (args, remove_keys))
    return reject (result, "invalid", "occurrence.clear takes “id”");
  if (!(r = _voisins_server_sqlite_load_writable (ctx, string_arg (args, "id"), "occurrence",
                                                  result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return applied (result, r->version);
  if (!(post = _voisins_server_sqlite_load_writable (
            ctx, voisins_json_read_string_or (r->data, "post_id", NULL), "post", result, &outcome,
            error)))
    return outcome;
  if (!may_as_recorder (ctx, post, VOISINS_SERVER_RECORD_OCCURRENCE, VOISINS_SERVER_ACTION_DELETE))
    return reject (result, "forbidden",
                   "Only whoever recorded this event, or a coordinator, can change its dates");
  if (!_voisins_server_sqlite_tombstone_record (ctx, r, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}
