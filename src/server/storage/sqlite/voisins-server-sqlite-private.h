/* voisins-server-sqlite-private.h: what the files of the SQLite backend share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backend is one GObject split by concern; each file includes only this header. The
 * small SQL helpers are inline here (one definition each), the rest is declared by the file
 * that defines it. Nothing here decides who may do what: that is voisins-server-rules.h.
 */
#pragma once

#include "voisins-codec.h"
#include "voisins-geo.h"
#include "voisins-uuid.h"

#include "voisins-db.h"
#include "voisins-server-rules.h"
#include "voisins-server-sqlite.h"

G_BEGIN_DECLS

typedef struct _PullCache PullCache;

struct _VoisinsServerSqlite
{
  GObject parent_instance;

  char        *path;
  int          busy_timeout_ms;
  GMutex       writer_lock;
  VoisinsDb     *writer;
  VoisinsDbPool *readers;
  int          test_busy;
  gsize        pull_page_bytes;
  PullCache   *pull_cache;   /* voisins-server-sqlite-pull-cache.c */
  gint64       restore_grace_seconds;
  guint          push_quota; /* mutations per user and minute; 0: none */
};

typedef struct
{
  char           *id;
  char           *secret;
  char           *epoch;
  VoisinsPolygon *boundary;
  gint64          next_seq;
  gint64          min_seq;
} Assoc;

void     _voisins_server_sqlite_assoc_free (Assoc *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Assoc, _voisins_server_sqlite_assoc_free)

typedef struct
{
  char       *id;
  char       *type;
  char       *association_id;
  JsonObject *data;
  JsonObject *field_versions;
  gint64      version;
  gint64      server_seq;
  gboolean    deleted;
  char       *recorded_by;  /* the user id of the login that created it; NULL: imported */
} Record;

void     _voisins_server_sqlite_record_free (Record *r);

/* voisins-server-sqlite-pull-cache.c: pages kept under their key while the association's
 * epoch, next_seq and min_seq (as read in the pull's transaction) are those they were built
 * with. */
PullCache *_voisins_server_sqlite_pull_cache_new    (gsize              max_bytes);
void       _voisins_server_sqlite_pull_cache_free   (PullCache         *cache);
char      *_voisins_server_sqlite_pull_cache_key    (const char        *association_id,
                                                     gint64             seq,
                                                     gboolean           reset,
                                                     gint64             limit,
                                                     gsize              page_bytes,
                                                     int                role,
                                                     VoisinsServerAuth *auth);
GBytes    *_voisins_server_sqlite_pull_cache_lookup (PullCache         *cache,
                                                     const char        *key,
                                                     const Assoc       *a,
                                                     gsize             *used,
                                                     gboolean          *has_more);
void       _voisins_server_sqlite_pull_cache_store  (PullCache         *cache,
                                                     const char        *key,
                                                     const Assoc       *a,
                                                     GBytes            *block,
                                                     gsize              used,
                                                     gboolean           has_more);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Record, _voisins_server_sqlite_record_free)

typedef struct
{
  VoisinsServerSqlite *self;
  VoisinsDb           *db;
  VoisinsServerAuth   *auth;
  gint64               now;
  /* While a push applies a batch in its transaction alone: association id -> the next
   * server_seq, taken here and written once by _voisins_server_sqlite_write_seqs () (the
   * association row, boundary included, was rewritten for every record). NULL: taken
   * from the row each time, as any savepoint rolled back must see. */
  GHashTable          *seqs;
  /* While a push applies a batch: record id -> JsonObject (field -> value) of what this
   * push's conflicts refused its author. NULL outside a push. */
  GHashTable *lost_own;
} Ctx;

typedef enum
{
  OUTCOME_APPLIED,
  OUTCOME_REJECTED,
  OUTCOME_CONFLICT,
  OUTCOME_ERROR,     /* internal or transient: abort the batch */
  OUTCOME_DEFERRED,  /* not yet: nothing applied, the client sends it again later */
} Outcome;

/* {{{ SQL and JSON helpers */

static inline gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static inline gboolean
check_keys (JsonObject         *object,
            const char * const *allowed,
            const char         *what,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                       "Unknown field “%.40s” in %s", (const char *) l->data, what);
          return FALSE;
        }
    }
  return TRUE;
}

static inline JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static inline char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return voisins_json_to_string (node);
}

/* Absent, null, "", 0 and false all say "unset": the client writes an unset field one
 * way, the server may have stored it another (or not at all). */
static inline gboolean
value_is_unset (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return *json_node_get_string (node) == '\0';
    case G_TYPE_INT64:
      return json_node_get_int (node) == 0;
    case G_TYPE_BOOLEAN:
      return !json_node_get_boolean (node);
    default:
      return FALSE;
    }
}

/* Whether two field values say the same (see value_is_unset). */
static inline gboolean
values_same (JsonNode *a,
             JsonNode *b)
{
  gboolean a_unset = value_is_unset (a);
  gboolean b_unset = value_is_unset (b);

  if (a_unset || b_unset)
    return a_unset && b_unset;
  return json_node_equal (a, b);
}

static inline Outcome
reject (JsonObject *result,
        const char *code,
        const char *message)
{
  json_object_set_string_member (result, "status", "rejected");
  json_object_set_string_member (result, "code", code);
  if (message)
    json_object_set_string_member (result, "message", message);
  return OUTCOME_REJECTED;
}

static inline Outcome
reject_error (JsonObject *result,
              GError     *error)
{
  const char *code = "invalid";

  if (error->domain == VOISINS_SERVER_ERROR)
    voisins_server_error_to_http (error, &code);
  else if (g_error_matches (error, VOISINS_SERVER_RULES_ERROR,
                            VOISINS_SERVER_RULES_ERROR_UNKNOWN_FIELD))
    code = "bad_request";
  return reject (result, code, error->message);
}

static inline Outcome
applied (JsonObject *result,
         gint64      version)
{
  json_object_set_string_member (result, "status", "applied");
  json_object_set_int_member (result, "version", version);
  return OUTCOME_APPLIED;
}

/* }}} */

/* voisins-server-sqlite.c: connections, schema, associations, records */
char *
_voisins_server_sqlite_random_hex (gsize n_bytes);

VoisinsDb *_voisins_server_sqlite_take_reader (VoisinsServerSqlite *self, GError **error);

void _voisins_server_sqlite_give_reader (VoisinsServerSqlite *self, VoisinsDb *db);

gboolean _voisins_server_sqlite_migrate (VoisinsDb *db, GError **error);

Assoc *_voisins_server_sqlite_load_assoc (VoisinsDb  *db,
                                          const char *id,
                                          gboolean    with_boundary,
                                          GError    **error);

Record *_voisins_server_sqlite_load_record (VoisinsDb *db, const char *id, GError **error);

gboolean
_voisins_server_sqlite_store_record (Ctx         *ctx,
                                     Record      *r,
                                     gint64       deleted_at,
                                     GError     **error);
gboolean
_voisins_server_sqlite_write_seqs (Ctx     *ctx,
                                   GError **error);

/* voisins-server-sqlite-push.c: mutations of posts and members, the push */
gboolean
_voisins_server_sqlite_in_restore_grace (Ctx     *ctx,
                                         GError **error);

Outcome
_voisins_server_sqlite_defer (JsonObject *result);

gboolean _voisins_server_sqlite_defer_behind (Ctx        *ctx,
                                              Record     *r,
                                              gint64      base_version,
                                              JsonObject *base,
                                              JsonObject *result,
                                              Outcome    *outcome,
                                              GError    **error);

void _voisins_server_sqlite_note_conflicts (Ctx *ctx, const char *record_id, JsonArray *conflicts);

Record *
_voisins_server_sqlite_load_writable (Ctx         *ctx,
                                      const char  *id,
                                      const char  *type,
                                      JsonObject  *result,
                                      Outcome     *outcome,
                                      GError     **error);

gboolean
_voisins_server_sqlite_tombstone_record (Ctx     *ctx,
                                         Record  *r,
                                         GError **error);

void
_voisins_server_sqlite_set_approx (Ctx           *ctx,
                                   VoisinsMember *member,
                                   GError       **error);

gint64 _voisins_server_sqlite_client_last_seq (VoisinsDb         *db,
                                               const char        *client_id,
                                               VoisinsServerAuth *auth,
                                               GError           **error);

JsonNode *_voisins_server_sqlite_push (VoisinsServerStorage *storage,
                                       VoisinsServerAuth    *auth,
                                       JsonObject           *request,
                                       JsonNode            **partial,
                                       guint                *retry_after,
                                       GError              **error);

/* voisins-server-sqlite-member-address.c: a member's address against the base and the
 * boundary */
extern const char *const _voisins_server_sqlite_address_fields[];
Outcome
_voisins_server_sqlite_check_member_address (Ctx           *ctx,
                                             VoisinsMember *member,
                                             JsonObject    *result,
                                             GError       **error);

/* voisins-server-sqlite-holiday.c: holiday mutations */
Outcome
_voisins_server_sqlite_apply_holiday_purge (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error);

Outcome
_voisins_server_sqlite_apply_holiday_put (Ctx                          *ctx,
                                          const char                   *type,
                                          const VoisinsFieldSpec       *spec,
                                          JsonObject                   *args,
                                          JsonObject                   *result,
                                          GError                      **error);

Outcome
_voisins_server_sqlite_apply_match_set_state (Ctx        *ctx,
                                              JsonObject *args,
                                              JsonObject *result,
                                              GError    **error);

Outcome
_voisins_server_sqlite_apply_match_undo_state (Ctx        *ctx,
                                               JsonObject *args,
                                               JsonObject *result,
                                               GError    **error);

Outcome
_voisins_server_sqlite_apply_match_propose (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error);

Outcome
_voisins_server_sqlite_apply_help_propose (Ctx        *ctx,
                                           JsonObject *args,
                                           JsonObject *result,
                                           GError    **error);

Outcome
_voisins_server_sqlite_apply_help_set_state (Ctx        *ctx,
                                             JsonObject *args,
                                             JsonObject *result,
                                             GError    **error);

/* voisins-server-sqlite-events.c: participants and occurrences of events and groups */
Outcome _voisins_server_sqlite_apply_participant_put (Ctx        *ctx,
                                                      JsonObject *args,
                                                      JsonObject *result,
                                                      GError    **error);
Outcome _voisins_server_sqlite_apply_participant_set_answer (Ctx        *ctx,
                                                             JsonObject *args,
                                                             JsonObject *result,
                                                             GError    **error);
Outcome _voisins_server_sqlite_apply_participant_remove (Ctx        *ctx,
                                                         JsonObject *args,
                                                         JsonObject *result,
                                                         GError    **error);
Outcome _voisins_server_sqlite_apply_occurrence_set (Ctx        *ctx,
                                                     JsonObject *args,
                                                     JsonObject *result,
                                                     GError    **error);
Outcome _voisins_server_sqlite_apply_occurrence_clear (Ctx        *ctx,
                                                       JsonObject *args,
                                                       JsonObject *result,
                                                       GError    **error);

Outcome
_voisins_server_sqlite_apply_match_approve (Ctx        *ctx,
                                            JsonObject *args,
                                            JsonObject *result,
                                            GError    **error);

/* How the caller stands to @r (posts, hosts, guests): its recorder, or anyone. */
static inline VoisinsServerRelation
recorder_relation (Ctx    *ctx,
                   Record *r)
{
  return g_strcmp0 (r->recorded_by, ctx->auth->user_id) == 0 ?
         VOISINS_SERVER_RELATION_RECORDER : VOISINS_SERVER_RELATION_ANY;
}

/* Whether the caller may do @action on @r, as its recorder or not. */
static inline gboolean
may_as_recorder (Ctx                 *ctx,
                 Record              *r,
                 VoisinsServerRecord  record,
                 VoisinsServerAction  action)
{
  int role = voisins_server_auth_get_role (ctx->auth, r->association_id);

  return voisins_server_rules_allows (role, record, action, VOISINS_SERVER_RELATION_ANY, NULL) ||
         (recorder_relation (ctx, r) == VOISINS_SERVER_RELATION_RECORDER &&
          voisins_server_rules_allows (role, record, action, VOISINS_SERVER_RELATION_RECORDER,
                                       NULL));
}

/* voisins-server-sqlite-pull.c: the pull and the lists */
GPtrArray *_voisins_server_sqlite_pull (VoisinsServerStorage *storage,
                                        VoisinsServerAuth *auth,
                                        JsonObject *request,
                                        GError **error);

JsonNode *
_voisins_server_sqlite_describe_association (VoisinsServerStorage  *storage,
                                             const char            *association_id,
                                             GError               **error);

JsonNode *_voisins_server_sqlite_list (VoisinsServerStorage *storage,
                                       VoisinsServerAuth    *auth,
                                       const char           *association_id,
                                       VoisinsServerListKind kind,
                                       gint64                after,
                                       guint                 limit,
                                       GError              **error);

/* voisins-server-sqlite-auth.c: users and tokens */
gboolean
_voisins_server_sqlite_check_health (VoisinsServerStorage  *storage,
                                     GError               **error);

gboolean
_voisins_server_sqlite_get_credentials (VoisinsServerStorage  *storage,
                                        const char            *username,
                                        char                 **user_id,
                                        char                 **password_hash,
                                        GError               **error);

/* voisins-server-sqlite-attempts.c */
gboolean
_voisins_server_sqlite_count_attempt (VoisinsServerStorage  *storage,
                                      VoisinsServerAttempts  table,
                                      const char            *key,
                                      guint                  limit,
                                      guint                  window,
                                      guint                  max_keys,
                                      guint                 *wait,
                                      GError               **error);
gboolean
_voisins_server_sqlite_clear_attempts (VoisinsServerStorage  *storage,
                                       VoisinsServerAttempts  table,
                                       const char            *key,
                                       GError               **error);

gboolean
_voisins_server_sqlite_add_token (VoisinsServerStorage  *storage,
                                  const char            *user_id,
                                  const char            *token_hash,
                                  const char            *device,
                                  gint64                 expires_at,
                                  GError               **error);

VoisinsServerAuth *
_voisins_server_sqlite_authenticate (VoisinsServerStorage  *storage,
                                     const char            *token_hash,
                                     gint64                 now,
                                     GError               **error);

gboolean
_voisins_server_sqlite_revoke_token (VoisinsServerStorage  *storage,
                                     const char            *token_hash,
                                     GError               **error);

gboolean
_voisins_server_sqlite_revoke_all (VoisinsServerStorage  *storage,
                                   VoisinsServerAuth     *auth,
                                   const char            *user_id,
                                   GError               **error);

gboolean
_voisins_server_sqlite_set_feed_secret (VoisinsServerStorage  *storage,
                                        VoisinsServerAuth     *auth,
                                        const char            *association_id,
                                        const char            *secret_hash,
                                        GError               **error);

VoisinsServerAuth *
_voisins_server_sqlite_authenticate_feed (VoisinsServerStorage  *storage,
                                          const char            *secret_hash,
                                          char                 **association_id,
                                          GError               **error);

/* voisins-server-sqlite-admin.c: tombstones, associations, demo, backup */
gboolean
_voisins_server_sqlite_purge (VoisinsServerStorage  *storage,
                              gint64                 before,
                              GError               **error);

/* voisins-server-sqlite-members.c: letters and codes, in-person checks, the audit trail,
 * the data report, erasure, inactive members */
JsonNode *_voisins_server_sqlite_members (VoisinsServerStorage             *storage,
                                          VoisinsServerAuth                *auth,
                                          VoisinsServerMembersOp            op,
                                          const VoisinsServerMembersParams *params,
                                          const char                       *association_id,
                                          const char                       *member_id,
                                          JsonObject                       *args,
                                          GError                          **error);

/* voisins-server-sqlite-addresses.c: on a reader, or the writer inside its transaction */
JsonNode       *_voisins_server_sqlite_list_addresses (VoisinsServerStorage  *storage,
                                                      const char            *association_id,
                                                      gint64                 known_version,
                                                      gint64                *version,
                                                      GError               **error);
gboolean        _voisins_server_sqlite_set_association_details (VoisinsServerStorage *storage,
                                                                const char           *association_id,
                                                                const char           *name,
                                                                const char           *phone,
                                                                const char           *email,
                                                                const char           *address,
                                                                GError              **error);
VoisinsAddress *_voisins_server_sqlite_match_address (VoisinsDb  *db,
                                                      const char *association_id,
                                                      const char *text,
                                                      GError    **error);
gint64
_voisins_server_sqlite_count_addresses (VoisinsDb *db, const char *association_id, GError **error);
gboolean _voisins_server_sqlite_audit (VoisinsDb  *db,
                                       const char *association_id,
                                       const char *member_id,
                                       const char *action,
                                       const char *detail_json,
                                       const char *user_id,
                                       GError    **error);

/* voisins-server-sqlite-members-io.c: the members' spreadsheet */
JsonNode *
_voisins_server_sqlite_import_members (VoisinsServerStorage  *storage,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       GBytes                *csv,
                                       gboolean               dry_run,
                                       GError               **error);

char *
_voisins_server_sqlite_export_members (VoisinsServerStorage  *storage,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       gsize                 *len,
                                       GError               **error);

G_END_DECLS
