/* voisins-server-sqlite-push.c: the push (mutations of posts and members, applied in one
 * transaction)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each mutation runs in a savepoint inside one BEGIN IMMEDIATE per push, so a rejected one
 * leaves no trace and an error aborts the batch; results are kept per (client, seq) so a
 * retried push gets the same answers. Who may apply which mutation is asked of the rules
 * layer (voisins-server-rules.h); this file only reads and writes.
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-geo.h"

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

/* {{{ restores */

/* Seconds a deferred change should wait: enough for the other computers' next syncs. */
#define DEFER_RETRY_AFTER 30

/* Whether the caller belongs to an association restored less than the grace period ago.
 * Then a record it names may simply not be back yet: its creator sends it again at its
 * next push (a GAP), and nothing orders the clients. */
gboolean
_voisins_server_sqlite_in_restore_grace (Ctx     *ctx,
                                         GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (ctx->self->restore_grace_seconds <= 0 || ctx->auth->roles == NULL)
    return FALSE;
  if (!(stmt = voisins_db_prepare (
            ctx->db, "SELECT 1 FROM associations WHERE id = ? AND restored_at > ?", error)))
    return FALSE;
  g_hash_table_iter_init (&iter, ctx->auth->roles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      voisins_db_stmt_reset (stmt);
      voisins_db_bind_text (stmt, 1, key);
      voisins_db_bind_int64 (stmt, 2, ctx->now - ctx->self->restore_grace_seconds);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_ROW)
        return TRUE;
      if (rc != VOISINS_DB_DONE)
        return FALSE;
    }
  return FALSE;
}

/* A retry-later answer for @result: nothing applied, nothing stored. */
Outcome
_voisins_server_sqlite_defer (JsonObject *result)
{
  json_object_set_string_member (result, "status", "deferred");
  json_object_set_string_member (result, "code", "not_yet");
  json_object_set_string_member (result, "message",
                                 "The server was restored and still misses changes this one "
                                 "depends on; send it again later");
  json_object_remove_member (result, "version");
  json_object_set_int_member (result, "retry_after", DEFER_RETRY_AFTER);
  return OUTCOME_DEFERRED;
}

/* A change made on a version the server does not have (@base_version above the record's):
 * only a restore does that, and the author's view is ahead of the server's until the
 * changes the restore lost come back. Deferred while the restore is recent and nobody has
 * written the record since (once someone has, versions no longer compare and the change
 * is judged on its values: the versions lost may never come back as such, their changes
 * having become conflicts). Returns TRUE with @outcome set when deferred or on error. */
/* Remembers, for the rest of this push, the values @conflicts refused its author on record
 * @record_id (see below). */
void
_voisins_server_sqlite_note_conflicts (Ctx *ctx, const char *record_id, JsonArray *conflicts)
{
  JsonObject *lost;

  if (ctx->lost_own == NULL || conflicts == NULL)
    return;
  lost = g_hash_table_lookup (ctx->lost_own, record_id);
  if (lost == NULL)
    {
      lost = json_object_new ();
      g_hash_table_insert (ctx->lost_own, g_strdup (record_id), lost);
    }
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonObject *c = voisins_json_element_object (conflicts, i);
      const char *field = c ? voisins_json_read_string_or (c, "field", NULL) : NULL;
      JsonNode   *yours = c ? json_object_get_member (c, "yours") : NULL;

      if (field != NULL && yours != NULL)
        json_object_set_member (lost, field, json_node_copy (yours));
    }
}

/* Whether every value of @base (what the author saw) is one of its own that a conflict of
 * this same push refused: the versions it saw were its own, sent again after the restore
 * (a client sends its changes in order, so all of them came before this one) and lost.
 * Nobody else will bring them back; waiting would hold the change until the grace ends. */
static gboolean
base_is_own_lost (Ctx *ctx, Record *r, JsonObject *base)
{
  JsonObject *lost;
  g_autoptr(GList) fields = NULL;

  if (base == NULL || ctx->lost_own == NULL || json_object_get_size (base) == 0 ||
      !(lost = g_hash_table_lookup (ctx->lost_own, r->id)))
    return FALSE;
  fields = json_object_get_members (base);
  for (GList *l = fields; l; l = l->next)
    {
      JsonNode *seen = json_object_get_member (base, l->data);
      JsonNode *refused = json_object_get_member (lost, l->data);

      if (refused == NULL || !json_node_equal (seen, refused))
        return FALSE;
    }
  return TRUE;
}

gboolean
_voisins_server_sqlite_defer_behind (Ctx        *ctx,
                                     Record     *r,
                                     gint64      base_version,
                                     JsonObject *base,
                                     JsonObject *result,
                                     Outcome    *outcome,
                                     GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (base_version <= r->version || ctx->self->restore_grace_seconds <= 0)
    return FALSE;
  if (base_is_own_lost (ctx, r, base))
    {
      g_debug ("A change made on its author's own lost versions: judged now");
      return FALSE;
    }
  if (!(stmt = voisins_db_prepare (ctx->db,
                                   "SELECT 1 FROM associations WHERE id = ? AND restored_at > ?"
                                   " AND restored_seq > ?",
                                   error)))
    {
      *outcome = OUTCOME_ERROR;
      return TRUE;
    }
  voisins_db_bind_text (stmt, 1, r->association_id);
  voisins_db_bind_int64 (stmt, 2, ctx->now - ctx->self->restore_grace_seconds);
  voisins_db_bind_int64 (stmt, 3, r->server_seq);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    return FALSE;
  if (rc != VOISINS_DB_ROW)
    {
      *outcome = OUTCOME_ERROR;
      return TRUE;
    }
  *outcome = _voisins_server_sqlite_defer (result);
  return TRUE;
}

/* }}} */
/* {{{ mutations */

/* Loads a record the caller may write: absent, of another type, or in an association the
 * caller has no role in all give not_found (never tell what exists elsewhere). */
Record *
_voisins_server_sqlite_load_writable (Ctx         *ctx,
                                      const char  *id,
                                      const char  *type,
                                      JsonObject  *result,
                                      Outcome     *outcome,
                                      GError     **error)
{
  g_autoptr(Record) r = NULL;
  g_autoptr(GError) local_error = NULL;

  if (id == NULL || !voisins_uuid_is_valid (id))
    {
      *outcome = reject (result, "invalid", "“id” must be a UUID");
      return NULL;
    }
  r = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      *outcome = OUTCOME_ERROR;
      return NULL;
    }
  if (r == NULL || !g_str_equal (r->type, type) ||
      voisins_server_auth_get_role (ctx->auth, r->association_id) < 0)
    {
      *outcome = reject (result, "not_found", "No such record");
      return NULL;
    }
  return g_steal_pointer (&r);
}

static gboolean
get_base (JsonObject  *args,
          const char * const *allowed,
          const char **id,
          gint64      *base_version,
          gboolean     base_required,
          GError     **error)
{
  if (!check_keys (args, allowed, "args", error))
    return FALSE;
  if (!voisins_json_get_string (args, "id", TRUE, id, error))
    return FALSE;
  if (base_version && !voisins_json_get_int (args, "base_version", base_required, base_version,
                                             error))
    return FALSE;
  if (base_version && (*base_version < 0 || *base_version > VOISINS_VERSION_MAX))
    {
      g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“base_version” is out of range");
      return FALSE;
    }
  return TRUE;
}

static Outcome
create_record (Ctx        *ctx,
               const char *type,
               JsonNode   *normalised,
               JsonObject *result,
               GError    **error)
{
  JsonObject *obj = json_node_get_object (normalised);
  const char *id = voisins_json_read_string_or (obj, "id", NULL);
  const char *association_id = voisins_json_read_string_or (obj, "association_id", NULL);
  g_autoptr(Record) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(GList) members = NULL;

  if (id == NULL || !voisins_uuid_is_valid (id))
    return reject (result, "invalid", "“id” must be a UUID");
  if (association_id == NULL || voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");

  existing = _voisins_server_sqlite_load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;

      if (!g_str_equal (existing->association_id, association_id) ||
          voisins_server_auth_get_role (ctx->auth, existing->association_id) < 0)
        return reject (result, "exists", "This id is already taken");

      /* Same content again (a retried create): a no-op. */
      json_object_remove_member (existing->data, "version");
      json_object_remove_member (existing->data, "server_seq");
      json_object_remove_member (existing->data, "deleted");
      json_object_remove_member (obj, "version");
      json_object_remove_member (obj, "server_seq");
      json_object_remove_member (obj, "deleted");
      a = json_node_init_object (json_node_alloc (), existing->data);
      b = json_node_init_object (json_node_alloc (), obj);
      if (!existing->deleted && g_str_equal (existing->type, type) && json_node_equal (a, b))
        return applied (result, existing->version);
      json_object_set_string_member (result, "status", "conflict");
      json_object_set_string_member (result, "code", "exists");
      json_object_set_string_member (result, "message", "A different record has this id");
      json_object_set_int_member (result, "version", existing->version);
      return OUTCOME_CONFLICT;
    }

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup (type);
  r->association_id = g_strdup (association_id);
  r->data = json_object_ref (obj);
  r->field_versions = json_object_new ();
  r->version = 1;
  /* From the token, never from the client. */
  r->recorded_by = g_strdup (ctx->auth->user_id);
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

/* Whether the server's value of @field is the one the author saw. */
static gboolean
base_matches (JsonObject *base,
              const char *field,
              JsonNode   *theirs)
{
  return values_same (json_object_get_member (base, field), theirs);
}

/* Per-field merge. A field changed on the server since the author saw it keeps the
 * server's value, and the losing value is reported in result.conflicts.
 *
 * "Changed since" is judged on @base, the values the author saw, when the client sends
 * them: a restore turns versions back, so after one a base_version can equal the current
 * version while that version holds other text (issue 14). Values mean the same in every
 * epoch. Without @base (older clients), on the field's version. */
static guint
merge_fields (Record     *r,
              JsonObject *fields,
              gint64      base_version,
              JsonObject *base,
              JsonArray  *conflicts,
              GPtrArray  *changed)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l; l = l->next)
    {
      const char *field = l->data;
      JsonNode *yours = json_object_get_member (fields, field);
      JsonNode *theirs = json_object_get_member (r->data, field);
      gint64 field_version;

      if (theirs && json_node_equal (yours, theirs))
        continue;
      if (theirs == NULL && JSON_NODE_HOLDS_NULL (yours))
        continue;

      field_version = voisins_json_read_int_or (r->field_versions, field, 1);
      if (base != NULL ? !base_matches (base, field, theirs) : field_version > base_version)
        {
          JsonObject *c = json_object_new ();

          json_object_set_string_member (c, "field", field);
          json_object_set_member (c, "yours", json_node_copy (yours));
          json_object_set_member (c, "theirs",
                                  theirs ? json_node_copy (theirs) : json_node_new (JSON_NODE_NULL));
          json_array_add_object_element (conflicts, c);
          continue;
        }
      json_object_set_member (r->data, field, json_node_copy (yours));
      g_ptr_array_add (changed, (gpointer) field);
    }
  return changed->len;
}

static Outcome
finish_update (Ctx        *ctx,
               Record     *r,
               GPtrArray  *changed,
               JsonArray  *conflicts,
               JsonObject *result,
               GError    **error)
{
  if (changed->len > 0)
    {
      r->version++;
      for (guint i = 0; i < changed->len; i++)
        json_object_set_int_member (r->field_versions, changed->pdata[i], r->version);
      if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
        return OUTCOME_ERROR;
    }
  json_object_set_int_member (result, "version", r->version);
  if (json_array_get_length (conflicts) > 0)
    {
      _voisins_server_sqlite_note_conflicts (ctx, r->id, conflicts);
      json_object_set_string_member (result, "status", "conflict");
      json_object_set_array_member (result, "conflicts", json_array_ref (conflicts));
      return OUTCOME_CONFLICT;
    }
  json_object_set_string_member (result, "status", "applied");
  return OUTCOME_APPLIED;
}

static Outcome
apply_post_create (Ctx        *ctx,
                   JsonObject *args,
                   JsonObject *result,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args);
  g_autoptr(JsonNode) normalised = NULL;

  if (!check_keys (args, voisins_server_rules_record_keys (VOISINS_SERVER_RECORD_POST), "post",
                   &local_error))
    return reject_error (result, local_error);
  /* The codec applied the rules and the table of limits to the object it read, but for a
   * tombstone's: checked here only then (encoding every post again to check it was 7% of
   * a push, perf). */
  if (!(post = voisins_post_from_json (node, &local_error)) ||
      (voisins_post_get_deleted (post) && !voisins_post_validate (post, &local_error)))
    return reject (result, "invalid", local_error->message);

  /* The author is the neighbour the post is for (a volunteer records it on their behalf):
   * given by the client, but one of this association's members. */
  if (voisins_post_get_author_id (post) != NULL)
    {
      g_autoptr(Record) author = NULL;

      author = _voisins_server_sqlite_load_record (ctx->db, voisins_post_get_author_id (post),
                                                   &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OUTCOME_ERROR;
        }
      /* After a restore the member may not be back yet (its creator has not sent it
       * again): "not yet" rather than refused. */
      if (author == NULL)
        {
          gboolean grace = _voisins_server_sqlite_in_restore_grace (ctx, &local_error);

          if (local_error)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return OUTCOME_ERROR;
            }
          if (grace)
            return _voisins_server_sqlite_defer (result);
        }
      if (author == NULL || author->deleted || !g_str_equal (author->type, "member") ||
          g_strcmp0 (author->association_id, voisins_post_get_association_id (post)) != 0)
        return reject (result, "invalid", "“author_id” must be a member of this association");
    }

  voisins_post_set_version (post, 1);
  voisins_post_set_server_seq (post, 0);
  voisins_post_set_deleted (post, FALSE);
  /* The server's clock says when a post last changed, not the client's. */
  voisins_post_set_updated_at (post, ctx->now);
  normalised = voisins_post_to_json (post);
  return create_record (ctx, "post", normalised, result, error);
}

static const char *const post_update_keys[] = { "id", "base_version", "fields", "base", NULL };

/* The optional "base" of an update: the values the author saw of the fields it changes. */
static gboolean
get_base_values (JsonObject  *args,
                 JsonObject **base,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (args, "base");

  *base = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“base” must be an object");
      return FALSE;
    }
  *base = json_node_get_object (node);
  return TRUE;
}

static Outcome
apply_post_update (Ctx        *ctx,
                   JsonObject *args,
                   JsonObject *result,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  JsonNode *fields_node;
  JsonObject *base = NULL;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;

  if (!get_base (args, post_update_keys, &id, &base_version, TRUE, &local_error) ||
      !get_base_values (args, &base, &local_error))
    return reject_error (result, local_error);
  fields_node = json_object_get_member (args, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return reject (result, "invalid", "“fields” must be an object");
  if (!check_keys (json_node_get_object (fields_node), voisins_server_rules_post_update_fields (),
                   "fields", &local_error))
    return reject_error (result, local_error);

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "post", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The post was deleted");
  if (!may_as_recorder (ctx, r, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_UPDATE))
    return reject (result, "forbidden",
                   "Only whoever recorded this post, or a coordinator, can change it");
  if (_voisins_server_sqlite_defer_behind (ctx, r, base_version, base, result, &outcome, error))
    return outcome;

  merge_fields (r, json_node_get_object (fields_node), base_version, base, conflicts, changed);
  if (changed->len > 0)
    json_object_set_int_member (r->data, "updated_at", ctx->now);

  /* The codec checks types and rules on the merged post. */
  node = json_node_init_object (json_node_alloc (), r->data);
  if (!(post = voisins_post_from_json (node, &local_error)) ||
      (voisins_post_get_deleted (post) && !voisins_post_validate (post, &local_error)))
    return reject (result, "invalid", local_error->message);

  return finish_update (ctx, r, changed, conflicts, result, error);
}

static const char * const post_status_keys[] = { "id", "status", "base_version", "from", NULL };

/* Any move out of a closed status goes back: a reopen, or the undo of closing a matched post. */
static gboolean
status_is_closed (VoisinsPostStatus current)
{
  return current == VOISINS_POST_STATUS_DONE || current == VOISINS_POST_STATUS_CANCELLED ||
         current == VOISINS_POST_STATUS_EXPIRED;
}

static Outcome
apply_post_set_status (Ctx        *ctx,
                       JsonObject *args,
                       JsonObject *result,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id = NULL;
  const char *status_str = NULL;
  const char *from_str = NULL;
  const char *current_str;
  gint64 base_version = 0;
  gint64 fv;
  VoisinsPostStatus status, current, from = VOISINS_POST_STATUS_OPEN;
  Outcome outcome = OUTCOME_REJECTED;
  gboolean stale;

  if (!get_base (args, post_status_keys, &id, &base_version, FALSE, &local_error) ||
      !voisins_json_get_string (args, "status", TRUE, &status_str, &local_error) ||
      !voisins_json_get_string (args, "from", FALSE, &from_str, &local_error))
    return reject_error (result, local_error);
  if (!voisins_post_status_from_string (status_str, &status))
    return reject (result, "invalid", "Unknown status");
  if (from_str != NULL && !voisins_post_status_from_string (from_str, &from))
    return reject (result, "invalid", "Unknown status in “from”");

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "post", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The post was deleted");
  if (!may_as_recorder (ctx, r, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_SET_STATUS))
    return reject (result, "forbidden",
                   "Only whoever recorded this post, or a coordinator, can close it");

  current_str = voisins_json_read_string_or (r->data, "status", "open");
  if (!voisins_post_status_from_string (current_str, &current))
    current = VOISINS_POST_STATUS_OPEN;

  if (current == status)
    return applied (result, r->version);

  /* Someone else moved it meanwhile. With "from" (the status its author saw, which the sync
   * client sends) that is judged on the value, so an offline "done" then its undo both apply;
   * without it, on the field's version: a stale move is refused when it is not allowed or
   * would take back someone's closing (a reopen decided on a post its author saw open). */
  fv = voisins_json_read_int_or (r->field_versions, "status", 1);
  if (from_str != NULL)
    stale = from != current;
  else
    stale = fv > base_version && json_object_has_member (args, "base_version") &&
            (!voisins_post_status_can_move (current, status) ||
             status_is_closed (current));

  if (stale)
    {
      JsonArray *conflicts = json_array_new ();
      JsonObject *c = json_object_new ();

      json_object_set_string_member (c, "field", "status");
      json_object_set_string_member (c, "yours", status_str);
      json_object_set_string_member (c, "theirs", current_str);
      json_array_add_object_element (conflicts, c);
      json_object_set_string_member (result, "status", "conflict");
      json_object_set_string_member (result, "code", "status_moved");
      json_object_set_array_member (result, "conflicts", conflicts);
      json_object_set_int_member (result, "version", r->version);
      return OUTCOME_CONFLICT;
    }
  if (!voisins_post_status_can_move (current, status))
    return reject (result, "invalid_transition", "This status change is not allowed");

  json_object_set_string_member (r->data, "status", voisins_post_status_to_string (status));
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  json_object_set_int_member (r->field_versions, "status", r->version);
  if (!_voisins_server_sqlite_store_record (ctx, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

static const char * const delete_keys[] = { "id", "base_version", NULL };

/* A tombstone keeps nothing personal. */
gboolean
_voisins_server_sqlite_tombstone_record (Ctx     *ctx,
                                         Record  *r,
                                         GError **error)
{
  JsonObject *tomb = json_object_new ();

  json_object_set_string_member (tomb, "id", r->id);
  json_object_set_string_member (tomb, "association_id", r->association_id);
  json_object_unref (r->data);
  r->data = tomb;
  r->deleted = TRUE;
  r->version++;

  return _voisins_server_sqlite_store_record (ctx, r, ctx->now, error);
}

static Outcome
apply_delete (Ctx        *ctx,
              const char *type,
              JsonObject *args,
              JsonObject *result,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;

  if (!get_base (args, delete_keys, &id, &base_version, FALSE, &local_error))
    return reject_error (result, local_error);
  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, type, result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return applied (result, r->version);
  if (g_str_equal (type, "member") &&
      !voisins_server_rules_allows (voisins_server_auth_get_role (ctx->auth, r->association_id),
                                    VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_DELETE,
                                    VOISINS_SERVER_RELATION_ANY, NULL))
    return reject (result, "forbidden", "Only coordinators may delete members");
  if (g_str_equal (type, "post") &&
      !may_as_recorder (ctx, r, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_DELETE))
    return reject (result, "forbidden",
                   "Only whoever recorded this post, or a coordinator, can delete it");

  if (!_voisins_server_sqlite_tombstone_record (ctx, r, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

void
_voisins_server_sqlite_set_approx (Ctx           *ctx,
                                   VoisinsMember *member,
                                   GError       **error)
{
  g_autoptr(Assoc) a = NULL;
  double lat = voisins_member_get_latitude (member);
  double lon = voisins_member_get_longitude (member);
  double alat, alon;

  /* Only ever the server's: whatever a client sent is dropped first (finding 4). */
  voisins_member_set_approx_latitude (member, 0.0);
  voisins_member_set_approx_longitude (member, 0.0);
  if (lat == 0.0 && lon == 0.0)
    return;
  a = _voisins_server_sqlite_load_assoc (ctx->db, voisins_member_get_association_id (member),
                                         TRUE, NULL);
  if (a == NULL)
    return;
  voisins_geo_approximate (lat, lon, voisins_member_get_id (member), a->secret,
                           VOISINS_APPROX_RADIUS_M, a->boundary, &alat, &alon);
  voisins_member_set_approx_latitude (member, alat);
  voisins_member_set_approx_longitude (member, alon);
}

static Outcome
apply_member_create (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args);
  g_autoptr(JsonNode) normalised = NULL;
  const char *association_id;
  Outcome outcome;

  if (!check_keys (args, voisins_server_rules_record_keys (VOISINS_SERVER_RECORD_MEMBER), "member",
                   &local_error))
    return reject_error (result, local_error);
  if (!(member = voisins_member_from_json (node, &local_error)) ||
      !voisins_member_validate (member, &local_error))
    return reject (result, "invalid", local_error->message);

  association_id = voisins_member_get_association_id (member);
  if (voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");
  if (voisins_server_rules_first_denied (voisins_server_auth_get_role (ctx->auth, association_id),
                                         VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_CREATE,
                                         args, TRUE) != NULL)
    return reject (result, "forbidden",
                   "Only coordinators may record personal details; verification goes through "
                   "a letter or an in-person check");
  /* Whoever records her records her consent: for what (required), when (now unless said),
   * and to whom (the login that pushes, never what the client claims). */
  if (!voisins_server_rules_consent_scope_is_valid (voisins_member_get_consent_scope (member)))
    return reject (result, "invalid",
                   "“consent_scope” is required: what she agreed to, among posts, holiday "
                   "and phone (comma-separated)");
  voisins_member_set_consent_by (member, ctx->auth->username);
  if (voisins_member_get_consent_at (member) == 0)
    voisins_member_set_consent_at (member, ctx->now);

  if ((outcome = _voisins_server_sqlite_check_member_address (ctx, member, result,
                                                              error)) != OUTCOME_APPLIED)
    return outcome;

  voisins_member_set_version (member, 1);
  voisins_member_set_server_seq (member, 0);
  voisins_member_set_deleted (member, FALSE);
  _voisins_server_sqlite_set_approx (ctx, member, NULL);
  normalised = voisins_member_to_json (member, TRUE);
  return create_record (ctx, "member", normalised, result, error);
}

/* The fields the address check completes from the base. */
static const char *const completed_fields[] = { "lat", "lon", "postcode", "city", NULL };

static Outcome
apply_member_update (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(JsonNode) normalised = NULL;
  JsonNode *fields_node;
  JsonObject *fields;
  JsonObject *base = NULL;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;
  int role;
  g_autoptr(GList) names = NULL;

  if (!get_base (args, post_update_keys, &id, &base_version, TRUE, &local_error) ||
      !get_base_values (args, &base, &local_error))
    return reject_error (result, local_error);
  fields_node = json_object_get_member (args, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return reject (result, "invalid", "“fields” must be an object");
  fields = json_node_get_object (fields_node);
  if (!check_keys (fields, voisins_server_rules_record_keys (VOISINS_SERVER_RECORD_MEMBER),
                   "fields", &local_error))
    return reject_error (result, local_error);
  names = json_object_get_members (fields);
  for (GList *l = names; l; l = l->next)
    if (voisins_server_rules_is_server_field (VOISINS_SERVER_RECORD_MEMBER, l->data))
      return reject (result, "invalid", "This field is set by the server");

  if (!(r = _voisins_server_sqlite_load_writable (ctx, id, "member", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The member was deleted");
  /* A laptop that was offline when she was erased must not bring her data back. */
  if (voisins_json_read_int_or (r->data, "erased_at", 0) != 0)
    return reject (result, "deleted", "The member's data was erased at her request");
  role = voisins_server_auth_get_role (ctx->auth, r->association_id);
  {
    /* A field sent with the value it already has is not a change (a client may send the
     * whole row back). */
    g_autoptr(JsonObject) written = json_object_new ();

    for (GList *l = names; l; l = l->next)
      {
        JsonNode *yours = json_object_get_member (fields, l->data);
        JsonNode *theirs = json_object_get_member (r->data, l->data);

        if (theirs == NULL || !json_node_equal (yours, theirs))
          json_object_set_member (written, l->data, json_node_copy (yours));
      }
    if (voisins_server_rules_first_denied (role, VOISINS_SERVER_RECORD_MEMBER,
                                           VOISINS_SERVER_ACTION_UPDATE, written, FALSE) != NULL)
      return reject (result, "forbidden",
                     "Only coordinators may change personal, verification or consent details");
  }

  if (_voisins_server_sqlite_defer_behind (ctx, r, base_version, base, result, &outcome, error))
    return outcome;
  merge_fields (r, fields, base_version, base, conflicts, changed);

  node = json_node_init_object (json_node_alloc (), r->data);
  if (!(member = voisins_member_from_json (node, &local_error)) ||
      !voisins_member_validate (member, &local_error))
    return reject (result, "invalid", local_error->message);
  for (GList *l = names; l; l = l->next)
    if (g_strv_contains (_voisins_server_sqlite_address_fields, l->data))
      {
        if ((outcome = _voisins_server_sqlite_check_member_address (ctx, member, result,
                                                                    error)) != OUTCOME_APPLIED)
          return outcome;
        break;
      }
  {
    /* A coordinator's change of consent is audited: which fields, never their values. */
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) detail = NULL;
    g_autofree char *text = NULL;
    gboolean         any = FALSE;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "fields");
    json_builder_begin_array (b);
    for (guint i = 0; i < changed->len; i++)
      if (g_strv_contains (voisins_server_consent_keys, changed->pdata[i]))
        {
          json_builder_add_string_value (b, changed->pdata[i]);
          any = TRUE;
        }
    json_builder_end_array (b);
    json_builder_end_object (b);
    detail = json_builder_get_root (b);
    text = voisins_json_to_string (detail);
    if (any && !_voisins_server_sqlite_audit (ctx->db, r->association_id, r->id, "consent-changed",
                                              text, ctx->auth->user_id, error))
      return OUTCOME_ERROR;
  }
  _voisins_server_sqlite_set_approx (ctx, member, NULL);
  normalised = voisins_member_to_json (member, TRUE);
  /* What the check took from the address base is a change of its own: laptops must get it. */
  for (guint i = 0; completed_fields[i]; i++)
    {
      JsonNode *before = json_object_get_member (r->data, completed_fields[i]);
      JsonNode *after = json_object_get_member (json_node_get_object (normalised),
                                                completed_fields[i]);

      if (after && (before == NULL || !json_node_equal (before, after)) &&
          !g_ptr_array_find_with_equal_func (changed, completed_fields[i], g_str_equal, NULL))
        g_ptr_array_add (changed, (gpointer) completed_fields[i]);
    }
  json_object_unref (r->data);
  r->data = json_object_ref (json_node_get_object (normalised));

  return finish_update (ctx, r, changed, conflicts, result, error);
}

static Outcome
apply_mutation (Ctx        *ctx,
                const char *name,
                JsonObject *args,
                JsonObject *result,
                GError    **error)
{
  if (g_str_equal (name, "post.create"))
    return apply_post_create (ctx, args, result, error);
  if (g_str_equal (name, "post.update"))
    return apply_post_update (ctx, args, result, error);
  if (g_str_equal (name, "post.set_status"))
    return apply_post_set_status (ctx, args, result, error);
  if (g_str_equal (name, "post.delete"))
    return apply_delete (ctx, "post", args, result, error);
  if (g_str_equal (name, "member.create"))
    return apply_member_create (ctx, args, result, error);
  if (g_str_equal (name, "member.update"))
    return apply_member_update (ctx, args, result, error);
  if (g_str_equal (name, "member.delete"))
    return apply_delete (ctx, "member", args, result, error);
  if (g_str_equal (name, "holiday.host.put"))
    return _voisins_server_sqlite_apply_holiday_put (ctx, "holiday_host", voisins_holiday_host_spec,
                                                     args, result, error);
  if (g_str_equal (name, "holiday.guest.put"))
    return _voisins_server_sqlite_apply_holiday_put (ctx, "holiday_guest",
                                                     voisins_holiday_guest_spec, args, result,
                                                     error);
  if (g_str_equal (name, "holiday.match.propose"))
    return _voisins_server_sqlite_apply_match_propose (ctx, args, result, error);
  if (g_str_equal (name, "holiday.match.set_state"))
    return _voisins_server_sqlite_apply_match_set_state (ctx, args, result, error);
  if (g_str_equal (name, "holiday.match.undo_state"))
    return _voisins_server_sqlite_apply_match_undo_state (ctx, args, result, error);
  if (g_str_equal (name, "holiday.match.approve"))
    return _voisins_server_sqlite_apply_match_approve (ctx, args, result, error);
  if (g_str_equal (name, "help.propose"))
    return _voisins_server_sqlite_apply_help_propose (ctx, args, result, error);
  if (g_str_equal (name, "help.set_state"))
    return _voisins_server_sqlite_apply_help_set_state (ctx, args, result, error);
  if (g_str_equal (name, "participant.put"))
    return _voisins_server_sqlite_apply_participant_put (ctx, args, result, error);
  if (g_str_equal (name, "participant.set_answer"))
    return _voisins_server_sqlite_apply_participant_set_answer (ctx, args, result, error);
  if (g_str_equal (name, "participant.remove"))
    return _voisins_server_sqlite_apply_participant_remove (ctx, args, result, error);
  if (g_str_equal (name, "occurrence.set"))
    return _voisins_server_sqlite_apply_occurrence_set (ctx, args, result, error);
  if (g_str_equal (name, "occurrence.clear"))
    return _voisins_server_sqlite_apply_occurrence_clear (ctx, args, result, error);
  if (g_str_equal (name, "holiday.purge"))
    return _voisins_server_sqlite_apply_holiday_purge (ctx, args, result, error);
  return reject (result, "unknown_mutation", "Unknown mutation");
}

/* }}} */
/* {{{ push */


static gboolean
store_result (VoisinsDb *db, const char *client_id, gint64 seq, JsonObject *result, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  g_autofree char *text = object_to_string (result);
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "INSERT INTO mutation_results"
                                  " (client_id, seq, result) VALUES (?, ?, ?)"
                                  " ON CONFLICT (client_id, seq)"
                                  " DO UPDATE SET result = excluded.result",
                                  error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, client_id);
  voisins_db_bind_int64 (stmt, 2, seq);
  voisins_db_bind_text (stmt, 3, text);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_DONE)
    return FALSE;
  return TRUE;
}

static JsonObject *
stored_result (VoisinsDb *db, const char *client_id, gint64 seq, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "SELECT result FROM mutation_results"
                                  " WHERE client_id = ? AND seq = ?",
                                  error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, client_id);
  voisins_db_bind_int64 (stmt, 2, seq);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    return parse_object (voisins_db_column_text (stmt, 0));
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  /* Pruned long ago: it was applied or rejected, and the client moved on. */
  {
    JsonObject *r = json_object_new ();

    json_object_set_int_member (r, "seq", seq);
    json_object_set_string_member (r, "status", "applied");
    json_object_set_string_member (r, "code", "already_seen");
    return r;
  }
}

/* Returns the client's last seq (-1 if unknown), or -2 on error. */
gint64
_voisins_server_sqlite_client_last_seq (VoisinsDb         *db,
                                        const char        *client_id,
                                        VoisinsServerAuth *auth,
                                        GError           **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "SELECT user_id, last_mutation_seq FROM clients"
                                  " WHERE id = ?",
                                  error)))
    return -2;
  voisins_db_bind_text (stmt, 1, client_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    return -1;
  if (rc != VOISINS_DB_ROW)
    {
      return -2;
    }
  if (g_strcmp0 (voisins_db_column_text (stmt, 0), auth->user_id) != 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "This client id belongs to another user");
      return -2;
    }
  return voisins_db_column_int64 (stmt, 1);
}

/* Once per push, whatever the number of mutations. */
static gboolean
advance_client (VoisinsDb  *db,
                const char *client_id,
                gint64      last,
                gint64      schema,
                gint64      now,
                GError    **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "UPDATE clients SET last_mutation_seq = ?,"
                                  " schema = ?, updated_at = ? WHERE id = ?",
                                  error)))
    return FALSE;
  voisins_db_bind_int64 (stmt, 1, last);
  voisins_db_bind_int64 (stmt, 2, schema);
  voisins_db_bind_int64 (stmt, 3, now);
  voisins_db_bind_text (stmt, 4, client_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_DONE)
    return FALSE;
  return TRUE;
}

typedef enum
{
  BATCH_DONE,   /* every mutation applied, rejected or stored; or stopped at a gap or deferral */
  BATCH_REDO,   /* one savepoint for all: a mutation was refused, undo and apply one by one */
  BATCH_FAILED, /* the push fails: @error is set, the transaction must be rolled back */
} BatchState;

/* Applies @mutations after *@last, the client's last seq (advanced as they are applied),
 * adding their results to @results. With @one_savepoint the caller's transaction holds the
 * whole batch and a refused mutation returns BATCH_REDO at once; otherwise each mutation
 * has its own, and a refused one leaves no trace. The rules are asked once per mutation
 * either way. */
static BatchState
apply_batch (Ctx        *ctx,
             const char *client_id,
             JsonArray  *mutations,
             gboolean    one_savepoint,
             gint64     *last,
             JsonArray  *results,
             GError    **gap,
             gboolean   *deferred,
             GError    **error)
{
  VoisinsDb *db = ctx->db;
  guint    n = json_array_get_length (mutations);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = voisins_json_element_object (mutations, i);
      gint64      seq = voisins_json_read_int (m, "seq");
      const char *name = voisins_json_read_string (m, "name");
      JsonObject *args = voisins_json_read_object (m, "args");
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local_error = NULL;
      Outcome outcome;

      if (seq <= *last)
        {
          result = stored_result (db, client_id, seq, error);
          if (result == NULL)
            return BATCH_FAILED;
          json_array_add_object_element (results, g_steal_pointer (&result));
          continue;
        }
      if (seq > *last + 1)
        {
          g_set_error (gap, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_GAP,
                       "Mutation %" G_GINT64_FORMAT " arrived before %" G_GINT64_FORMAT, seq,
                       *last + 1);
          return BATCH_DONE;
        }

      result = json_object_new ();
      json_object_set_int_member (result, "seq", seq);

      if (!one_savepoint && !voisins_db_savepoint (db, "m", error))
        return BATCH_FAILED;
      outcome = apply_mutation (ctx, name, args, result, &local_error);
      /* A row the database refuses is a permanent failure of that mutation, not of the
       * push: retried, it would block the client's outbox for ever. */
      if (outcome == OUTCOME_ERROR &&
          g_error_matches (local_error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID))
        outcome = reject (result, "invalid", local_error->message);
      if (outcome == OUTCOME_REJECTED &&
          g_strcmp0 (voisins_json_read_string_or (result, "code", NULL), "not_found") == 0)
        {
          gboolean grace = _voisins_server_sqlite_in_restore_grace (ctx, &local_error);

          if (local_error)
            outcome = OUTCOME_ERROR;
          else if (grace)
            outcome = _voisins_server_sqlite_defer (result);
        }
      if (outcome == OUTCOME_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return BATCH_FAILED;
        }
      if (one_savepoint && (outcome == OUTCOME_REJECTED || outcome == OUTCOME_DEFERRED))
        return BATCH_REDO;
      if (outcome == OUTCOME_REJECTED || outcome == OUTCOME_DEFERRED)
        voisins_db_rollback_to (db, "m", NULL);
      if (outcome == OUTCOME_DEFERRED)
        {
          /* Stops here, in order, like a gap: what follows may depend on it. The seq is
           * not taken, so the client sends it again. */
          voisins_db_release (db, "m", NULL);
          g_debug ("mutation %s: deferred", name);
          json_array_add_object_element (results, g_steal_pointer (&result));
          *deferred = TRUE;
          return BATCH_DONE;
        }
      if ((!one_savepoint && !voisins_db_release (db, "m", error)) ||
          !store_result (db, client_id, seq, result, error))
        return BATCH_FAILED;
      g_debug ("mutation %s: %s", name, voisins_json_read_string (result, "status"));
      json_array_add_object_element (results, g_steal_pointer (&result));
      *last = seq;
    }
  return BATCH_DONE;
}

/* {{{ the push budget */

#define PUSH_QUOTA_WINDOW 60

/* How many of @mutations (seqs increasing) are above @last: at most what the push applies. */
static gint64
count_new (JsonArray *mutations, gint64 last)
{
  gint64 n = 0;

  for (guint i = 0; i < json_array_get_length (mutations); i++)
    if (voisins_json_read_int (voisins_json_element_object (mutations, i), "seq") > last)
      n++;
  return n;
}

static gboolean
over_quota (Ctx *ctx, gint64 window_start, gint64 count, guint *retry_after, GError **error)
{
  guint quota = ctx->self->push_quota;
  guint wait;

  if (count <= quota)
    return FALSE;
  wait = (guint) MAX (1, window_start + PUSH_QUOTA_WINDOW - ctx->now);
  if (retry_after)
    *retry_after = wait;
  g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_RATE_LIMITED,
               "At most %u changes per minute: try again in %u s", quota, wait);
  return TRUE;
}

/* Before the work: whether @n more fit in the user's budget as the database has it now (a
 * push that cannot fit is refused without being applied). TRUE when they may. */
static gboolean
quota_may_fit (Ctx *ctx, gint64 n, guint *retry_after, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (ctx->db,
                                  "SELECT window_start, count FROM login_attempts"
                                  " WHERE kind = ? AND key = ?",
                                  error)))
    return FALSE;
  voisins_db_bind_int64 (stmt, 1, VOISINS_SERVER_ATTEMPTS_PUSH);
  voisins_db_bind_text (stmt, 2, ctx->auth->user_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    return !over_quota (ctx, ctx->now, n, retry_after, error);
  if (rc != VOISINS_DB_ROW)
    return FALSE;
  if (ctx->now - voisins_db_column_int64 (stmt, 0) >= PUSH_QUOTA_WINDOW)
    return !over_quota (ctx, ctx->now, n, retry_after, error);
  return !over_quota (ctx, voisins_db_column_int64 (stmt, 0), voisins_db_column_int64 (stmt, 1) + n,
                      retry_after, error);
}

/* After the work, in the push's transaction: counts the @applied mutations in the user's
 * budget (a fixed one-minute window) with one UPSERT, atomic on both engines (PostgreSQL
 * holds the row until the push commits, so two processes never both take what is left).
 * FALSE, RATE_LIMITED, when they do not fit: the caller rolls the push back. */
static gboolean
take_quota (Ctx *ctx, gint64 applied, guint *retry_after, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;

  if (!(stmt = voisins_db_cached (
            ctx->db,
            "INSERT INTO login_attempts (kind, key, window_start, count)"
            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, key) DO UPDATE SET"
            " count = CASE WHEN ?3 - login_attempts.window_start >= ?5 THEN ?4"
            "  ELSE login_attempts.count + ?4 END,"
            " window_start = CASE WHEN ?3 - login_attempts.window_start >= ?5 THEN ?3"
            "  ELSE login_attempts.window_start END"
            " RETURNING window_start, count",
            error)))
    return FALSE;
  voisins_db_bind_int64 (stmt, 1, VOISINS_SERVER_ATTEMPTS_PUSH);
  voisins_db_bind_text (stmt, 2, ctx->auth->user_id);
  voisins_db_bind_int64 (stmt, 3, ctx->now);
  voisins_db_bind_int64 (stmt, 4, applied);
  voisins_db_bind_int64 (stmt, 5, PUSH_QUOTA_WINDOW);
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    return FALSE;
  if (over_quota (ctx, voisins_db_column_int64 (stmt, 0), voisins_db_column_int64 (stmt, 1),
                  retry_after, error))
    return FALSE;
  /* To its end: RETURNING's statement. */
  voisins_db_stmt_step (stmt, NULL);
  return TRUE;
}

/* }}} */

/* One transaction applying the push. With @one_savepoint the transaction is the batch's
 * only savepoint: a mutation refused there may have written before it was refused, so
 * the transaction is rolled back and *@redo set, for the caller to apply the batch again
 * one savepoint per mutation (the same results, in the same order, with the same seqs).
 * A savepoint around the batch instead of the transaction cost more than it saved: the
 * pages the batch writes went to its sub-journal, spilled to a temporary file past 64 KiB. */
static JsonNode *
push_once (VoisinsServerSqlite *self,
           VoisinsServerAuth   *auth,
           JsonObject          *request,
           gint64               now,
           gboolean             one_savepoint,
           gboolean            *redo,
           JsonNode           **partial,
           guint               *retry_after,
           GError             **error)
{
  VoisinsDb  *db = self->writer;
  const char *client_id = voisins_json_read_string (request, "client_id");
  gint64      schema = voisins_json_read_int_or (request, "schema", 1);
  JsonArray  *mutations = voisins_json_read_array (request, "mutations");
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GError) gap = NULL;
  gboolean    deferred = FALSE;
  JsonObject *response;
  g_autoptr(GHashTable) seqs = NULL;
  g_autoptr(GHashTable) lost_own =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  Ctx         ctx = { self, db, auth, now, NULL, lost_own };
  BatchState  state;
  gint64      last;
  gint64      first_last;
  guint       n = json_array_get_length (mutations);
  int         rc;

  if (!voisins_db_begin (db, VOISINS_DB_WRITE, error))
    return NULL;

  last = _voisins_server_sqlite_client_last_seq (db, client_id, auth, error);
  if (last == -2)
    {
      voisins_db_rollback (db);
      return NULL;
    }
  if (last == -1)
    {
      /* A new client starts where it is. One that says the server already had some of its
       * changes (known_seq) while the server has no trace of it (a restore from before its
       * first push) starts at zero: the GAP below makes it send them all again. */
      if (voisins_json_read_int_or (request, "known_seq", 0) > 0)
        last = 0;
      else
        last = n > 0 ? voisins_json_read_int (voisins_json_element_object (mutations, 0), "seq") - 1
                     : 0;
      if (!(stmt =
                voisins_db_prepare (db,
                                    "INSERT INTO clients (id, user_id, last_mutation_seq, schema,"
                                    " updated_at) VALUES (?, ?, ?, ?, ?)",
                                    error)))
        {
          voisins_db_rollback (db);
          return NULL;
        }
      voisins_db_bind_text (stmt, 1, client_id);
      voisins_db_bind_text (stmt, 2, auth->user_id);
      voisins_db_bind_int64 (stmt, 3, last);
      voisins_db_bind_int64 (stmt, 4, schema);
      voisins_db_bind_int64 (stmt, 5, ctx.now);
      rc = voisins_db_stmt_step (stmt, error);
      g_clear_pointer (&stmt, voisins_db_stmt_free);
      if (rc != VOISINS_DB_DONE)
        {
          voisins_db_rollback (db);
          return NULL;
        }
    }

  /* The push budget, in the database so that every process counts the same. */
  if (self->push_quota > 0 &&
      !quota_may_fit (&ctx, count_new (mutations, last), retry_after, error))
    {
      voisins_db_rollback (db);
      return NULL;
    }
  first_last = last;

  if (one_savepoint)
    ctx.seqs = seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state = apply_batch (&ctx, client_id, mutations, one_savepoint, &last, results, &gap, &deferred,
                       error);
  if (state == BATCH_DONE && !_voisins_server_sqlite_write_seqs (&ctx, error))
    state = BATCH_FAILED;
  if (state == BATCH_DONE && self->push_quota > 0 && last > first_last &&
      !take_quota (&ctx, last - first_last, retry_after, error))
    state = BATCH_FAILED;
  if (state != BATCH_DONE)
    {
      voisins_db_rollback (db);
      *redo = state == BATCH_REDO;
      return NULL;
    }

  if (!advance_client (db, client_id, last, schema, ctx.now, error))
    {
      voisins_db_rollback (db);
      return NULL;
    }

  if (!voisins_db_commit (db, error))
    {
      voisins_db_rollback (db);
      return NULL;
    }

  response = json_object_new ();
  json_object_set_array_member (response, "results", json_array_ref (results));
  json_object_set_int_member (response, "last_mutation_seq", last);
  if (deferred)
    json_object_set_int_member (response, "retry_after", DEFER_RETRY_AFTER);

  if (gap)
    {
      *partial = json_node_init_object (json_node_alloc (), response);
      json_object_unref (response);
      g_propagate_error (error, g_steal_pointer (&gap));
      return NULL;
    }
  {
    JsonNode *node = json_node_init_object (json_node_alloc (), response);

    json_object_unref (response);
    return node;
  }
}

static JsonNode *
push_locked (VoisinsServerSqlite *self,
             VoisinsServerAuth   *auth,
             JsonObject          *request,
             JsonNode           **partial,
             guint               *retry_after,
             GError             **error)
{
  VoisinsDb *db = self->writer;
  gint64    now = now_s ();
  gboolean  redo = FALSE;
  JsonNode *node;

  if (db == NULL)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The server is shutting down");
      return NULL;
    }

  if (g_atomic_int_get (&self->test_busy) > 0)
    {
      g_atomic_int_add (&self->test_busy, -1);
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The database is busy, retry later");
      return NULL;
    }

  node = push_once (self, auth, request, now, TRUE, &redo, partial, retry_after, error);
  if (!redo)
    return node;
  g_debug ("push: a mutation was refused, the batch applied again one savepoint each");
  return push_once (self, auth, request, now, FALSE, &redo, partial, retry_after, error);
}

JsonNode *
_voisins_server_sqlite_push (VoisinsServerStorage *storage,
                             VoisinsServerAuth    *auth,
                             JsonObject           *request,
                             JsonNode            **partial,
                             guint                *retry_after,
                             GError              **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  JsonNode *ret;

  g_mutex_lock (&self->writer_lock);
  ret = push_locked (self, auth, request, partial, retry_after, error);
  g_mutex_unlock (&self->writer_lock);
  return ret;
}

/* }}} */
