/* voisins-server-sqlite-help.c: a request matched to a helper (help.propose, help.set_state)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A help is a synced record of type "help", like a holiday match: the request (a post), the
 * helper (a member), the person helped (the post's author, copied at propose so that the
 * pull need not join) and the volunteer who follows it. While it is live the follower's
 * pull shows the phones of both members (voisins_server_rules_view, MEMBER_HELPED); each
 * opening is logged in help_reveals (GET .../helps/reveals, and the member's report). Each
 * step also moves the request's status
 * (follow_post), in the same transaction.
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-uuid.h"

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

static const char *const propose_keys[] = { "id", "post_id", "helper_id", NULL };
static const char *const set_state_keys[] = { "id", "state", NULL };

static const char *
first_unknown_key (JsonObject        *args,
                   const char *const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (args);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return l->data;
  return NULL;
}

static const char *
string_arg (JsonObject *args,
            const char *key)
{
  JsonNode *node = json_object_get_member (args, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Stores the helper's and the helped person's member rows again, so that the follower's
 * next pull sends them with the phone (the help opened) or without it (it closed). */
static gboolean
resend_members (Ctx        *ctx,
                JsonObject *help,
                GError    **error)
{
  static const char *const keys[] = { "helper_id", "member_id" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Record) r = NULL;
      const char *id = voisins_json_read_string_or (help, keys[i], NULL);

      if (id == NULL)
        continue;
      r = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (r && !r->deleted && g_str_equal (r->type, "member") &&
          !_voisins_server_sqlite_store_record (ctx, r, 0, error))
        return FALSE;
    }
  return TRUE;
}

/* One line per member whose phone the follower may now see. A coordinator sees every
 * phone anyway: nothing is revealed to them. */
static gboolean
log_reveals (Ctx        *ctx,
             JsonObject *help,
             const char *association_id,
             GError    **error)
{
  static const char *const keys[] = { "helper_id", "member_id" };

  if (voisins_server_auth_get_role (ctx->auth, association_id) >= VOISINS_ROLE_COORDINATOR)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(VoisinsDbStmt) stmt = NULL;
      const char *member_id = voisins_json_read_string_or (help, keys[i], NULL);
      int rc;

      if (member_id == NULL)
        continue;
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "INSERT INTO help_reveals (association_id, help_id,"
                                       " user_id, member_id, fields, at) VALUES (?, ?, ?, ?, ?, ?)",
                                       error)))
        return FALSE;
      voisins_db_bind_text (stmt, 1, association_id);
      voisins_db_bind_text (stmt, 2, voisins_json_read_string (help, "id"));
      voisins_db_bind_text (stmt, 3, voisins_json_read_string (help, "follower_id"));
      voisins_db_bind_text (stmt, 4, member_id);
      voisins_db_bind_text (stmt, 5, "phone");
      voisins_db_bind_int64 (stmt, 6, ctx->now);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc != VOISINS_DB_DONE)
        return FALSE;
    }
  return TRUE;
}

/* Whether @helper_id already has a help for @post_id that is not declined. */
static int
has_live_help (VoisinsDb  *db,
               const char *association_id,
               const char *post_id,
               const char *helper_id,
               GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt =
            voisins_db_prepare (db,
                                "SELECT 1 FROM records WHERE association_id = ? AND type = 'help'"
                                " AND deleted = 0 AND json_extract (data, '$.post_id') = ?"
                                " AND json_extract (data, '$.helper_id') = ?"
                                " AND json_extract (data, '$.state') != 'declined' LIMIT 1",
                                error)))
    return -1;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, post_id);
  voisins_db_bind_text (stmt, 3, helper_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    return 1;
  if (rc != VOISINS_DB_DONE)
    {
      return -1;
    }
  return 0;
}

/* The request's status follows its helps, in the help's transaction: accepted makes an open
 * request matched, done makes a live one done, and the last live help declined makes a
 * matched one open again. A status someone else chose meanwhile (cancelled, done, reopened
 * by hand) is left as it is: the help's step and their change both stay. */
static gboolean
follow_post (Ctx        *ctx,
             JsonObject *help,
             const char *state,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) post = NULL;
  const char *post_id = voisins_json_read_string_or (help, "post_id", NULL);
  const char *status, *to = NULL;

  if (post_id == NULL)
    return TRUE;
  post = _voisins_server_sqlite_load_record (ctx->db, post_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (post == NULL || post->deleted || !g_str_equal (post->type, "post"))
    return TRUE;
  status = voisins_json_read_string_or (post->data, "status", "open");

  if (g_str_equal (state, "accepted") && g_str_equal (status, "open"))
    to = "matched";
  else if (g_str_equal (state, "done") &&
           (g_str_equal (status, "open") || g_str_equal (status, "matched")))
    to = "done";
  else if (g_str_equal (state, "declined") && g_str_equal (status, "matched"))
    {
      g_autoptr(VoisinsDbStmt) stmt = NULL;
      int rc;

      /* Another helper still on it (asked, or said yes): the request stays matched. */
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "SELECT 1 FROM records WHERE association_id = ?"
                                       " AND type = 'help' AND deleted = 0"
                                       " AND json_extract (data, '$.post_id') = ?"
                                       " AND json_extract (data, '$.state') IN"
                                       " ('proposed', 'accepted') LIMIT 1",
                                       error)))
        return FALSE;
      voisins_db_bind_text (stmt, 1, post->association_id);
      voisins_db_bind_text (stmt, 2, post_id);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc != VOISINS_DB_ROW && rc != VOISINS_DB_DONE)
        return FALSE;
      if (rc == VOISINS_DB_DONE)
        to = "open";
    }
  if (to == NULL)
    return TRUE;

  /* A new version and server_seq, and the status field's version, as post.set_status
   * does: a laptop's stale status change on top of it is then a conflict it is told of. */
  json_object_set_string_member (post->data, "status", to);
  json_object_set_int_member (post->data, "updated_at", ctx->now);
  post->version++;
  json_object_set_int_member (post->field_versions, "status", post->version);
  return _voisins_server_sqlite_store_record (ctx, post, 0, error);
}

Outcome
_voisins_server_sqlite_apply_help_propose (Ctx        *ctx,
                                           JsonObject *args,
                                           JsonObject *result,
                                           GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) post = NULL;
  g_autoptr(Record) helper = NULL;
  g_autoptr(Record) existing = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *post_id, *helper_id, *unknown, *author_id, *status;
  Outcome outcome = OUTCOME_REJECTED;
  int live;

  if ((unknown = first_unknown_key (args, propose_keys)) != NULL)
    return reject (result, "invalid", "help.propose takes “id”, “post_id” and “helper_id”");
  id = string_arg (args, "id");
  post_id = string_arg (args, "post_id");
  helper_id = string_arg (args, "helper_id");
  if (id == NULL || !voisins_uuid_is_valid (id))
    return reject (result, "invalid", "“id” must be a UUID");
  if (post_id == NULL || helper_id == NULL)
    return reject (result, "invalid", "“post_id” and “helper_id” are required");

  if (!(post = _voisins_server_sqlite_load_writable (ctx, post_id, "post", result, &outcome,
                                                     error)))
    return outcome;
  if (!(helper = _voisins_server_sqlite_load_writable (ctx, helper_id, "member", result,
                                                       &outcome, error)))
    return outcome;
  if (post->deleted || helper->deleted ||
      !g_str_equal (post->association_id, helper->association_id))
    return reject (result, "not_found", "No such request or member");
  if (g_strcmp0 (voisins_json_read_string_or (post->data, "kind", ""), "request") != 0)
    return reject (result, "invalid", "Only a request is matched to a helper");
  status = voisins_json_read_string_or (post->data, "status", "open");
  if (!g_str_equal (status, "open") && !g_str_equal (status, "matched"))
    return reject (result, "status_moved", "This request is closed");
  author_id = voisins_json_read_string_or (post->data, "author_id", NULL);
  if (author_id && g_str_equal (author_id, helper_id))
    return reject (result, "invalid", "Nobody is their own helper");

  existing = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      /* The same command sent again (a retry after a lost answer) is applied once. */
      if (g_str_equal (existing->type, "help") &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "post_id", ""), post_id) == 0 &&
          g_strcmp0 (voisins_json_read_string_or (existing->data, "helper_id", ""), helper_id) == 0)
        return applied (result, existing->version);
      return reject (result, "exists", "This id is already taken");
    }

  live = has_live_help (ctx->db, post->association_id, post_id, helper_id, error);
  if (live < 0)
    return OUTCOME_ERROR;
  if (live > 0)
    return reject (result, "help_taken", "This member was already asked for this request");

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup ("help");
  r->association_id = g_strdup (post->association_id);
  r->field_versions = json_object_new ();
  r->data = json_object_new ();
  json_object_set_string_member (r->data, "id", id);
  json_object_set_string_member (r->data, "association_id", post->association_id);
  json_object_set_string_member (r->data, "post_id", post_id);
  json_object_set_string_member (r->data, "helper_id", helper_id);
  if (author_id)
    json_object_set_string_member (r->data, "member_id", author_id);
  json_object_set_string_member (r->data, "follower_id", ctx->auth->user_id);
  json_object_set_string_member (r->data, "state", "proposed");
  json_object_set_int_member (r->data, "created_at", ctx->now);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version = 1;
  r->recorded_by = g_strdup (ctx->auth->user_id);
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error) ||
      !log_reveals (ctx, r->data, r->association_id, error) ||
      !resend_members (ctx, r->data, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

Outcome
_voisins_server_sqlite_apply_help_set_state (Ctx        *ctx,
                                             JsonObject *args,
                                             JsonObject *result,
                                             GError    **error)
{
  g_autoptr(Record) r = NULL;
  const char *id, *state, *follower;
  Outcome outcome = OUTCOME_REJECTED;
  int from, to;

  if (first_unknown_key (args, set_state_keys) != NULL)
    return reject (result, "invalid", "help.set_state takes “id” and “state”");
  id = string_arg (args, "id");
  state = string_arg (args, "state");
  to = voisins_server_rules_help_state_rank (state);
  if (to < 0)
    return reject (result, "invalid", "“state” is one of accepted, done, declined");

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "help", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This help was deleted");

  follower = voisins_json_read_string_or (r->data, "follower_id", "");
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, r->association_id),
                                    VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_SET_STATE,
                                    g_strcmp0 (follower, ctx->auth->user_id) == 0
                                        ? VOISINS_SERVER_RELATION_FOLLOWER
                                        : VOISINS_SERVER_RELATION_ANY,
                                    NULL))
    return reject (result, "forbidden",
                   "Only the volunteer who follows this help, or a coordinator, can change it");

  from = voisins_server_rules_help_state_rank (
      voisins_json_read_string_or (r->data, "state", "proposed"));
  switch (voisins_server_rules_help_transition (from, to))
    {
    case VOISINS_SERVER_TRANSITION_SAME:
      return applied (result, r->version);
    case VOISINS_SERVER_TRANSITION_CLOSED:
      return reject (result, "status_moved", "This help is already closed");
    case VOISINS_SERVER_TRANSITION_BACKWARDS:
      return reject (result, "status_moved",
                     "A help goes proposed, accepted, then done, one step at a time");
    case VOISINS_SERVER_TRANSITION_ALLOWED:
    default:
      break;
    }

  json_object_set_string_member (r->data, "state", state);
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error) ||
      !follow_post (ctx, r->data, state, error))
    return OUTCOME_ERROR;
  /* Done or declined: the follower's access ends, the pull sends both members without it. */
  if (!voisins_server_rules_help_opens_access (state) && !resend_members (ctx, r->data, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}
