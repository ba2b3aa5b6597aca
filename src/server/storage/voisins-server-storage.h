/* voisins-server-storage.h: the server's storage backend, an interface so that a
 * PostgreSQL backend can come later without touching the HTTP handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "voisins-types.h"

G_BEGIN_DECLS

#define VOISINS_SERVER_ERROR (voisins_server_error_quark ())

/* Each code maps to one HTTP status and one wire code (voisins_server_error_to_http). */
typedef enum
{
  VOISINS_SERVER_ERROR_FAILED,          /* 500 internal */
  VOISINS_SERVER_ERROR_BAD_REQUEST,     /* 400 bad_request */
  VOISINS_SERVER_ERROR_UNAUTHORIZED,    /* 401 unauthorized */
  VOISINS_SERVER_ERROR_FORBIDDEN,       /* 403 forbidden */
  VOISINS_SERVER_ERROR_NOT_FOUND,       /* 404 not_found */
  VOISINS_SERVER_ERROR_GAP,             /* 409 gap */
  VOISINS_SERVER_ERROR_CONFLICT,        /* 409 conflict */
  VOISINS_SERVER_ERROR_TOO_LARGE,       /* 413 too_large */
  VOISINS_SERVER_ERROR_INVALID,         /* 422 invalid */
  VOISINS_SERVER_ERROR_RATE_LIMITED,    /* 429 rate_limited */
  VOISINS_SERVER_ERROR_BUSY,            /* 503 busy */
} VoisinsServerError;

GQuark      voisins_server_error_quark  (void);
guint       voisins_server_error_to_http (const GError *error,
                                          const char  **wire_code);

/* Who is calling: filled by authenticate, read by everything else. */
typedef struct
{
  char       *user_id;
  char       *username;
  GHashTable *roles;        /* association id (char *) -> VoisinsRole + 1 (GINT_TO_POINTER) */
} VoisinsServerAuth;

VoisinsServerAuth *voisins_server_auth_new      (void);
void               voisins_server_auth_free     (VoisinsServerAuth *auth);
/* -1 when the user has no role in @association_id */
int                voisins_server_auth_get_role (VoisinsServerAuth *auth,
                                                 const char        *association_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsServerAuth, voisins_server_auth_free)

/* The rows of a list page a request may ask for (`?limit=`), and without asking. */
#define VOISINS_SERVER_LIST_LIMIT_DEFAULT 500
#define VOISINS_SERVER_LIST_LIMIT_MAX     5000

typedef enum
{
  VOISINS_SERVER_LIST_POSTS,
  VOISINS_SERVER_LIST_MEMBERS,
  VOISINS_SERVER_LIST_HOSTS,
  VOISINS_SERVER_LIST_GUESTS,
  VOISINS_SERVER_LIST_MATCHES,
  VOISINS_SERVER_LIST_REVEALS,   /* coordinators: who was shown whose details */
  VOISINS_SERVER_LIST_OCCURRENCES, /* the repeating events' exceptions (the calendar feed) */
  VOISINS_SERVER_LIST_HELPS,     /* requests matched to helpers (issue 12) */
  VOISINS_SERVER_LIST_HELP_REVEALS, /* coordinators: whose phone a help's follower got */
} VoisinsServerListKind;

/* The members' routes (verification, audit trail, GDPR), one entry point so that a backend
 * adds them in one place. Who may call which is the rules table's
 * (VOISINS_SERVER_ACTION_SEND_LETTER...); the backend asks it. */
typedef enum
{
  VOISINS_SERVER_MEMBERS_LETTERS,    /* {member_ids: [...]} -> {letters: [{member_id, code,
                                       * expires_at}], skipped: [{member_id, reason}]} */
  VOISINS_SERVER_MEMBERS_ENTER_CODE, /* member @member_id, {code} -> the member's record */
  VOISINS_SERVER_MEMBERS_SELF_CODE,  /* no auth: {code} in @association_id -> {ok} */
  VOISINS_SERVER_MEMBERS_IN_PERSON,  /* {proof, witness?} -> the member's record */
  VOISINS_SERVER_MEMBERS_AUDIT,      /* -> {items: [{action, detail, user_id, username, at}]} */
  VOISINS_SERVER_MEMBERS_REPORT,     /* -> everything held about her */
  VOISINS_SERVER_MEMBERS_ERASE,      /* -> the member's record, erased */
  VOISINS_SERVER_MEMBERS_INACTIVE,   /* -> {items: [{id, first_name, last_name, last_activity}]} */
} VoisinsServerMembersOp;

/* What the server's configuration says to the members' routes. */
typedef struct
{
  gint64 code_lifetime; /* seconds a letter's code is valid (letter-code-lifetime-days) */
  int    max_attempts;  /* wrong codes before a letter is locked */
  int    review_years;  /* member-review-years: no activity for this long */
} VoisinsServerMembersParams;

/* The login rate limits' tables (voisins-server-auth.c): kept by the storage so that every
 * process serving it (`workers`) counts the same attempts. */
typedef enum
{
  VOISINS_SERVER_ATTEMPTS_ACCOUNT, /* failures per account (or letter code and address) */
  VOISINS_SERVER_ATTEMPTS_ADDRESS, /* attempts per client address */
  VOISINS_SERVER_ATTEMPTS_PUSH,    /* mutations pushed per user (the push budget) */
} VoisinsServerAttempts;

#define VOISINS_TYPE_SERVER_STORAGE (voisins_server_storage_get_type ())

G_DECLARE_INTERFACE (VoisinsServerStorage, voisins_server_storage, VOISINS, SERVER_STORAGE, GObject)

/* All methods are synchronous, thread-safe and called from worker threads, never from the
 * main loop. Writes are serialised by the backend (one writer connection). */
struct _VoisinsServerStorageInterface
{
  GTypeInterface parent_iface;

  gboolean (*check_health)       (VoisinsServerStorage  *self,
                                  GError               **error);
  /* Returns the user id and password hash (argon2id string) of an active user. */
  gboolean (*get_credentials)    (VoisinsServerStorage  *self,
                                  const char            *username,
                                  char                 **user_id,
                                  char                 **password_hash,
                                  GError               **error);
  gboolean (*add_token)          (VoisinsServerStorage  *self,
                                  const char            *user_id,
                                  const char            *token_hash,
                                  const char            *device,
                                  gint64                 expires_at,
                                  GError               **error);
  VoisinsServerAuth *(*authenticate) (VoisinsServerStorage *self,
                                  const char            *token_hash,
                                  gint64                 now,
                                  GError               **error);
  gboolean (*revoke_token)       (VoisinsServerStorage  *self,
                                  const char            *token_hash,
                                  GError               **error);
  gboolean (*revoke_all)         (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  const char            *user_id,
                                  GError               **error);
  /* @request: the validated envelope {client_id, schema, mutations}. Returns the response
   * object {results, last_mutation_seq}; a GAP comes back as an error with *partial set. */
  /* The caller's secret calendar feed of @association_id: @secret_hash (of a new secret)
   * replaces the one she had; NULL revokes it. Whoever may see the association's posts
   * (the rules table) may have one. */
  gboolean (*set_feed_secret)    (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  const char            *association_id,
                                  const char            *secret_hash,
                                  GError               **error);
  /* Who a feed secret is for, as authenticate does for a token; *association_id: the
   * association of the feed. UNAUTHORIZED for an unknown or revoked secret. */
  VoisinsServerAuth *(*authenticate_feed) (VoisinsServerStorage *self,
                                  const char            *secret_hash,
                                  char                 **association_id,
                                  GError               **error);
  /* RATE_LIMITED past the user's push budget (set_push_quota), with *retry_after the
   * seconds to the end of its window; nothing of that push applied. */
  JsonNode *(*push)              (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  JsonObject            *request,
                                  JsonNode             **partial,
                                  guint                 *retry_after,
                                  GError               **error);
  /* Returns the serialised answer in pieces (GBytes, to be sent one after the other): rows
   * are stored as JSON and spliced without a re-parse, and a kept page is sent as kept. */
  GPtrArray *(*pull)             (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  JsonObject            *request,
                                  GError               **error);
  /* One page of a list: {items, has_more, next}, the rows after @after (their server_seq,
   * or the id of a reveal), at most @limit of them and about the pull's page bytes (0: all,
   * for the server's own use, never a request's); @next is what to pass as @after for the
   * next page. */
  JsonNode *(*list) (VoisinsServerStorage *self,
                     VoisinsServerAuth    *auth,
                     const char           *association_id,
                     VoisinsServerListKind kind,
                     gint64                after,
                     guint                 limit,
                     GError              **error);
  /* Deletes tombstones older than @before (unix seconds) and raises min_seq. */
  gboolean (*purge)              (VoisinsServerStorage  *self,
                                  gint64                 before,
                                  GError               **error);
  /* {id, name, boundary}: what a member of the association sees of it (never its secret). */
  JsonNode *(*describe_association) (VoisinsServerStorage *self,
                                  const char            *association_id,
                                  GError               **error);
  /* @auth NULL only for VOISINS_SERVER_MEMBERS_SELF_CODE; @member_id NULL for LETTERS,
   * SELF_CODE and INACTIVE; @args NULL for the GETs. */
  JsonNode *(*members) (VoisinsServerStorage             *self,
                        VoisinsServerAuth                *auth,
                        VoisinsServerMembersOp            op,
                        const VoisinsServerMembersParams *params,
                        const char                       *association_id,
                        const char                       *member_id,
                        JsonObject                       *args,
                        GError                          **error);
  /* The members' spreadsheet (the bytes of a CSV file): the import report (see
   * voisins_server_sqlite_import_members), and the export as CSV bytes. */
  JsonNode *(*import_members)    (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  const char            *association_id,
                                  GBytes                *csv,
                                  gboolean               dry_run,
                                  GError               **error);
  char     *(*export_members)    (VoisinsServerStorage  *self,
                                  VoisinsServerAuth     *auth,
                                  const char            *association_id,
                                  gsize                 *len,
                                  GError               **error);
  /* The address base {version, items: [{id, number, rep, street, postcode, city, lat,
   * lon}]}; NULL with no error when its version is @known_version (the client has it). */
  JsonNode *(*list_addresses)    (VoisinsServerStorage  *self,
                                  const char            *association_id,
                                  gint64                 known_version,
                                  gint64                *version,
                                  GError               **error);
  /* Counts one attempt on @key of @table, in a window of @window seconds that starts with
   * its first attempt, unless @limit are counted already: then *wait is the seconds left
   * (else 0). A table keeps at most @max_keys keys: the expired ones go first, then the
   * oldest that are not at their limit; a key that finds no room is not counted. Atomic
   * across processes. */
  gboolean (*count_attempt)      (VoisinsServerStorage  *self,
                                  VoisinsServerAttempts  table,
                                  const char            *key,
                                  guint                  limit,
                                  guint                  window,
                                  guint                  max_keys,
                                  guint                 *wait,
                                  GError               **error);
  gboolean (*clear_attempts)     (VoisinsServerStorage  *self,
                                  VoisinsServerAttempts  table,
                                  const char            *key,
                                  GError               **error);
  /* NULL leaves a detail as it is, "" clears it (never the name). */
  gboolean (*set_association_details) (VoisinsServerStorage *self,
                                  const char            *association_id,
                                  const char            *name,
                                  const char            *phone,
                                  const char            *email,
                                  const char            *address,
                                  GError               **error);
};

gboolean           voisins_server_storage_check_health    (VoisinsServerStorage  *self,
                                                           GError               **error);
gboolean           voisins_server_storage_get_credentials (VoisinsServerStorage  *self,
                                                           const char            *username,
                                                           char                 **user_id,
                                                           char                 **password_hash,
                                                           GError               **error);
gboolean           voisins_server_storage_add_token       (VoisinsServerStorage  *self,
                                                           const char            *user_id,
                                                           const char            *token_hash,
                                                           const char            *device,
                                                           gint64                 expires_at,
                                                           GError               **error);
VoisinsServerAuth *voisins_server_storage_authenticate    (VoisinsServerStorage  *self,
                                                           const char            *token_hash,
                                                           gint64                 now,
                                                           GError               **error);
gboolean           voisins_server_storage_revoke_token    (VoisinsServerStorage  *self,
                                                           const char            *token_hash,
                                                           GError               **error);
gboolean           voisins_server_storage_revoke_all      (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           const char            *user_id,
                                                           GError               **error);
gboolean           voisins_server_storage_set_feed_secret (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           const char            *association_id,
                                                           const char            *secret_hash,
                                                           GError               **error);
VoisinsServerAuth *voisins_server_storage_authenticate_feed (VoisinsServerStorage *self,
                                                           const char            *secret_hash,
                                                           char                 **association_id,
                                                           GError               **error);
JsonNode          *voisins_server_storage_push            (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           JsonObject            *request,
                                                           JsonNode             **partial,
                                                           guint                 *retry_after,
                                                           GError               **error);
char              *voisins_server_storage_pull            (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           JsonObject            *request,
                                                           GError               **error);
/* The same answer as the GBytes pieces it is made of (no copy of a kept page). */
GPtrArray         *voisins_server_storage_pull_pieces     (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           JsonObject            *request,
                                                           GError               **error);
JsonNode          *voisins_server_storage_list (VoisinsServerStorage *self,
                                                VoisinsServerAuth    *auth,
                                                const char           *association_id,
                                                VoisinsServerListKind kind,
                                                gint64                after,
                                                guint                 limit,
                                                GError              **error);
gboolean           voisins_server_storage_purge           (VoisinsServerStorage  *self,
                                                           gint64                 before,
                                                           GError               **error);
JsonNode          *voisins_server_storage_describe_association (VoisinsServerStorage *self,
                                                           const char            *association_id,
                                                           GError               **error);
JsonNode          *voisins_server_storage_import_members  (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           const char            *association_id,
                                                           GBytes                *csv,
                                                           gboolean               dry_run,
                                                           GError               **error);
char              *voisins_server_storage_export_members  (VoisinsServerStorage  *self,
                                                           VoisinsServerAuth     *auth,
                                                           const char            *association_id,
                                                           gsize                 *len,
                                                           GError               **error);

JsonNode *voisins_server_storage_members (VoisinsServerStorage             *self,
                                          VoisinsServerAuth                *auth,
                                          VoisinsServerMembersOp            op,
                                          const VoisinsServerMembersParams *params,
                                          const char                       *association_id,
                                          const char                       *member_id,
                                          JsonObject                       *args,
                                          GError                          **error);
JsonNode          *voisins_server_storage_list_addresses  (VoisinsServerStorage  *self,
                                                           const char            *association_id,
                                                           gint64                 known_version,
                                                           gint64                *version,
                                                           GError               **error);
gboolean           voisins_server_storage_set_association_details (VoisinsServerStorage *self,
                                                           const char            *association_id,
                                                           const char            *name,
                                                           const char            *phone,
                                                           const char            *email,
                                                           const char            *address,
                                                           GError               **error);
gboolean           voisins_server_storage_count_attempt   (VoisinsServerStorage  *self,
                                                           VoisinsServerAttempts  table,
                                                           const char            *key,
                                                           guint                  limit,
                                                           guint                  window,
                                                           guint                  max_keys,
                                                           guint                 *wait,
                                                           GError               **error);
gboolean           voisins_server_storage_clear_attempts  (VoisinsServerStorage  *self,
                                                           VoisinsServerAttempts  table,
                                                           const char            *key,
                                                           GError               **error);

G_END_DECLS
