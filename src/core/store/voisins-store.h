/* voisins-store.h: the local SQLite store (cache of the server + outbox of local edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "voisins-address.h"
#include "voisins-association.h"
#include "voisins-help-match.h"
#include "voisins-participant.h"
#include "voisins-holiday.h"
#include "voisins-member.h"
#include "voisins-post.h"

G_BEGIN_DECLS

#define VOISINS_STORE_ERROR (voisins_store_error_quark ())

typedef enum
{
  VOISINS_STORE_ERROR_FAILED,
  VOISINS_STORE_ERROR_CORRUPT,      /* not a database, or damaged: never overwritten */
  VOISINS_STORE_ERROR_ACCESS,       /* cannot open or write the file */
  VOISINS_STORE_ERROR_TOO_NEW,      /* written by a newer Voisins */
  VOISINS_STORE_ERROR_NOT_FOUND,
  VOISINS_STORE_ERROR_INVALID,      /* the value breaks a rule (empty title, bad status move) */
  VOISINS_STORE_ERROR_FULL,         /* disk full */
  VOISINS_STORE_ERROR_BUSY,
} VoisinsStoreError;

GQuark voisins_store_error_quark (void);

/* The schema version this build writes (PRAGMA user_version). */
#define VOISINS_STORE_SCHEMA_VERSION 16

typedef enum
{
  VOISINS_POST_SORT_NEWEST,
  VOISINS_POST_SORT_OLDEST,
  VOISINS_POST_SORT_DISTANCE,  /* from ref_lat/ref_lon, nearest first */
} VoisinsPostSort;

/* Filters of a post query. Zero-initialise, then set what you need:
 * kind/category < 0 mean "any", status_mask 0 means "any" (else bit 1 << status). */
typedef struct
{
  const char      *association_id;
  const char      *search;        /* free text, accents and case ignored, prefix match */
  int              kind;
  int              category;
  guint            status_mask;
  gint64           since;         /* created_at >= since (unix seconds), 0 = any */
  VoisinsPostSort  sort;
  double           ref_lat;
  double           ref_lon;
  VoisinsBBox     *bbox;          /* only posts inside, NULL = anywhere */
  guint            limit;         /* 0 = no limit */
  const char      *author_id;     /* only this member's posts, NULL = anyone's */
} VoisinsPostQuery;

#define VOISINS_POST_QUERY_INIT { NULL, NULL, -1, -1, 0, 0, VOISINS_POST_SORT_NEWEST, 0, 0, NULL, 0, NULL }

#define VOISINS_TYPE_STORE (voisins_store_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsStore, voisins_store, VOISINS, STORE, GObject)

/* Opens (creating with mode 0600) and migrates the store. A file that is not a Voisins
 * database gives VOISINS_STORE_ERROR_CORRUPT and is left untouched. Thread-safe: calls
 * may come from any thread, each call is atomic. */
VoisinsStore       *voisins_store_open                 (const char          *path,
                                                        GError             **error);
void                voisins_store_open_async           (const char          *path,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
VoisinsStore       *voisins_store_open_finish          (GAsyncResult        *result,
                                                        GError             **error);
/* For migration tests: create or open @path migrated only up to @version. */
VoisinsStore       *voisins_store_open_at_version      (const char          *path,
                                                        int                  version,
                                                        GError             **error);
const char         *voisins_store_get_path             (VoisinsStore        *self);
int                 voisins_store_get_schema_version   (VoisinsStore        *self);
/* This installation's id for sync (a UUID created with the file). */
const char         *voisins_store_get_client_id        (VoisinsStore        *self);
void                voisins_store_close                (VoisinsStore        *self);

/* Runs @func inside one transaction (nested calls join it). Rolls back if it fails. */
typedef gboolean (*VoisinsStoreTxnFunc) (VoisinsStore  *store,
                                         gpointer       user_data,
                                         GError       **error);
gboolean            voisins_store_transaction          (VoisinsStore        *self,
                                                        VoisinsStoreTxnFunc  func,
                                                        gpointer             user_data,
                                                        GError             **error);

/* Associations */
gboolean            voisins_store_put_association      (VoisinsStore        *self,
                                                        VoisinsAssociation  *association,
                                                        GError             **error);
/* The version of the association's address base this laptop holds (0: none); the sync
 * sets it after voisins_store_replace_addresses (). */
gint64              voisins_store_get_addresses_version (VoisinsStore       *self,
                                                         const char         *association_id);
gboolean            voisins_store_set_addresses_version (VoisinsStore       *self,
                                                         const char         *association_id,
                                                         gint64              version,
                                                         GError            **error);
GPtrArray          *voisins_store_list_associations    (VoisinsStore        *self,
                                                        GError             **error);
/* The association's basemap (issue 13): an MBTiles file of raster tiles the server built,
 * downloaded by the sync into a file beside the store. The version is the server's
 * basemap_version (0: none held). The path is NULL until a basemap was installed. */
gint64              voisins_store_get_basemap_version  (VoisinsStore        *self,
                                                        const char          *association_id);
char               *voisins_store_dup_basemap_path     (VoisinsStore        *self,
                                                        const char          *association_id);
/* Moves @downloaded_path (a complete MBTiles file, on the store's file system) into place,
 * mode 0600, records @version and emits ::basemap-changed on the store's main context. */
gboolean            voisins_store_install_basemap      (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        gint64               version,
                                                        const char          *downloaded_path,
                                                        GError             **error);
VoisinsAssociation *voisins_store_get_association      (VoisinsStore        *self,
                                                        const char          *id,
                                                        GError             **error);

/* Members. put_ writes a row as it comes (server, demo import) with no outbox entry. */
gboolean            voisins_store_put_member           (VoisinsStore        *self,
                                                        VoisinsMember       *member,
                                                        GError             **error);
VoisinsMember      *voisins_store_get_member           (VoisinsStore        *self,
                                                        const char          *id,
                                                        GError             **error);
/* Members sorted by last name; @search matches names and address, accents ignored. */
GPtrArray          *voisins_store_list_members         (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        const char          *search,
                                                        GError             **error);
guint               voisins_store_count_members        (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        GError             **error);
/* Local edits of members (the desk's intake): each is ONE transaction writing the row and
 * its outbox entry (member.create, member.update). create_ fills in id (if unset),
 * created_at, updated_at, version 0 and the unverified state; update_ queues only the
 * fields that changed, on the version the volunteer read. Both emit ::members-changed. */
gboolean            voisins_store_create_member        (VoisinsStore        *self,
                                                        VoisinsMember       *member,
                                                        GError             **error);
gboolean            voisins_store_update_member        (VoisinsStore        *self,
                                                        VoisinsMember       *member,
                                                        GError             **error);
/* Other members with the same first and last name (case and accents ignored) and the same
 * address (voisins_address_normalize ()) as @member. */
GPtrArray          *voisins_store_find_member_duplicates (VoisinsStore      *self,
                                                        VoisinsMember       *member,
                                                        GError             **error);

/* The quartier's address base (VoisinsAddress, voisins-address.h), replaced whole in one
 * transaction when the server sends a new one. */
gboolean            voisins_store_replace_addresses    (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        GPtrArray           *addresses,
                                                        GError             **error);
guint               voisins_store_count_addresses      (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        GError             **error);
/* Up to @limit addresses completing what a person is typing: "12 rue tr" gives whole
 * addresses, "trav" the numbers of the streets with a word starting so. Tolerant of case,
 * accents and the usual abbreviations (voisins_address_normalize ()). */
GPtrArray          *voisins_store_complete_addresses   (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        const char          *text,
                                                        guint                limit,
                                                        GError             **error);
/* The street of the address nearest to (@latitude, @longitude) within @max_distance_m,
 * or NULL: what names a place on the map ("near rue de Lyon") without any number. A quick
 * read, fit for the main thread. */
char               *voisins_store_dup_nearest_street   (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        double               latitude,
                                                        double               longitude,
                                                        double               max_distance_m);
/* The address of the base that @text is, or NULL (no error) when there is none. */
VoisinsAddress     *voisins_store_match_address        (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        const char          *text,
                                                        GError             **error);

/* Posts. put_ writes a row as it comes (server, demo import) with no outbox entry. */
gboolean            voisins_store_put_post             (VoisinsStore        *self,
                                                        VoisinsPost         *post,
                                                        GError             **error);
VoisinsPost        *voisins_store_get_post             (VoisinsStore        *self,
                                                        const char          *id,
                                                        GError             **error);
/* 0 when there is no such post. */
gint64              voisins_store_get_post_rowid       (VoisinsStore        *self,
                                                        const char          *id);
VoisinsPost        *voisins_store_get_post_by_rowid    (VoisinsStore        *self,
                                                        gint64               rowid,
                                                        GError             **error);
/* Fetches several rows at once (for a list model's page), in the order of @rowids.
 * A rowid that no longer exists gives NULL at its index. */
GPtrArray          *voisins_store_get_posts_by_rowid   (VoisinsStore        *self,
                                                        const gint64        *rowids,
                                                        guint                n_rowids,
                                                        GError             **error);
/* Local edits: each is ONE transaction writing the row and its outbox entry. create_
 * fills in id (if unset), created_at, updated_at, status open and version 0. */
gboolean            voisins_store_create_post          (VoisinsStore        *self,
                                                        VoisinsPost         *post,
                                                        GError             **error);
gboolean            voisins_store_update_post          (VoisinsStore        *self,
                                                        VoisinsPost         *post,
                                                        GError             **error);
gboolean            voisins_store_set_post_status      (VoisinsStore        *self,
                                                        const char          *id,
                                                        VoisinsPostStatus    status,
                                                        GError             **error);
/* Matching posts as objects (with author-name and distance filled in). */
GPtrArray          *voisins_store_query_posts          (VoisinsStore        *self,
                                                        const VoisinsPostQuery *query,
                                                        GError             **error);
/* Matching posts as rowids only, in order: what a list model over 100,000 rows needs.
 * Cancelling @cancellable stops the query where it is (G_IO_ERROR_CANCELLED). */
GArray             *voisins_store_query_post_rowids    (VoisinsStore        *self,
                                                        const VoisinsPostQuery *query,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
/* What a map needs of a post, without building the post. */
typedef struct
{
  gint64  rowid;
  double  latitude;
  double  longitude;
  guint8  kind;      /* VoisinsPostKind */
  guint8  category;  /* VoisinsCategory */
} VoisinsPostPoint;

/* Positions of the matching posts (in no particular order): one light row each. */
GArray             *voisins_store_query_post_points    (VoisinsStore        *self,
                                                        const VoisinsPostQuery *query,
                                                        GError             **error);
void                voisins_store_query_post_points_async  (VoisinsStore        *self,
                                                            const VoisinsPostQuery *query,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GArray             *voisins_store_query_post_points_finish (VoisinsStore        *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
guint               voisins_store_count_posts          (VoisinsStore        *self,
                                                        const VoisinsPostQuery *query,
                                                        GError             **error);
/* Marks open posts whose ends_at is past @now as expired (no outbox: the server does too). */
guint               voisins_store_expire_posts         (VoisinsStore        *self,
                                                        gint64               now,
                                                        GError             **error);

/* Holiday table (rows as they come; the campaign's commands come with the holiday work). */
gboolean            voisins_store_put_holiday_host     (VoisinsStore              *self,
                                                        const VoisinsHolidayHost  *host,
                                                        GError                   **error);
gboolean            voisins_store_put_holiday_guest    (VoisinsStore              *self,
                                                        const VoisinsHolidayGuest *guest,
                                                        GError                   **error);
guint               voisins_store_count_holiday_hosts  (VoisinsStore              *self,
                                                        GError                   **error);
guint               voisins_store_count_holiday_guests (VoisinsStore              *self,
                                                        GError                   **error);

/* Outbox and sync (used by VoisinsSyncClient) */

typedef struct
{
  gint64  seq;
  char   *name;
  char   *entity;
  char   *entity_id;
  char   *args;      /* JSON text */
} VoisinsOutboxEntry;

void                voisins_outbox_entry_free          (VoisinsOutboxEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsOutboxEntry, voisins_outbox_entry_free)

/* What a sync brought, for a toast. */
typedef struct
{
  guint new_requests;
  guint new_offers;
  guint updated;
  guint deleted;
  guint resets;
  guint new_notices;
} VoisinsSyncSummary;

/* A conflict or a refusal the server reported about a local edit. */
typedef struct
{
  gint64  id;
  char   *kind;      /* "conflict" or "rejected" */
  gint64  mutation_seq;
  char   *entity;
  char   *entity_id;
  char   *title;     /* the post's title, to say which one */
  char   *field;     /* conflict: the field */
  char   *yours;     /* conflict: the text that lost */
  char   *theirs;    /* conflict: the text the server kept */
  char   *code;      /* rejected: machine code ("table_full") */
  char   *message;   /* rejected: the server's explanation */
  gint64  created_at;
} VoisinsSyncNotice;

void                voisins_sync_notice_free           (VoisinsSyncNotice   *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsSyncNotice, voisins_sync_notice_free)

/* Entries not yet received by the server (seq above the pushed mark), in order, at most
 * @max_entries and about @max_bytes of arguments. */
GPtrArray          *voisins_store_peek_outbox          (VoisinsStore        *self,
                                                        guint                max_entries,
                                                        gsize                max_bytes,
                                                        GError             **error);
/* Remembers that entries up to @seq went on the wire (their answer may never come). */
gboolean            voisins_store_mark_sent            (VoisinsStore        *self,
                                                        gint64               seq,
                                                        GError             **error);
/* The highest outbox seq the server has said it received (0 at first). */
gint64              voisins_store_get_pushed_seq       (VoisinsStore        *self);
/* Records a push answer: the server has every entry up to @last_mutation_seq; conflicts
 * and refusals in @results become notices. */
gboolean            voisins_store_record_push          (VoisinsStore        *self,
                                                        gint64               last_mutation_seq,
                                                        JsonArray           *results,
                                                        VoisinsSyncSummary  *summary,
                                                        GError             **error);
/* association id -> cursor string; the caller frees the table. */
GHashTable         *voisins_store_get_cursors          (VoisinsStore        *self,
                                                        GError             **error);
/* Helps (a request matched to a helper, voisins-help-match.h), as synced: those of
 * @post_id, oldest first. */
GPtrArray          *voisins_store_list_helps           (VoisinsStore        *self,
                                                        const char          *post_id,
                                                        GError             **error);
/* Asks @helper_id to help with the open request @post_id: the help is kept here at once,
 * followed by this laptop's user, and queued as help.propose. Returns its id. */
char               *voisins_store_propose_help         (VoisinsStore        *self,
                                                        const char          *post_id,
                                                        const char          *helper_id,
                                                        GError             **error);
/* Moves help @id on (voisins_help_state_can_move), queued as help.set_state. */
gboolean            voisins_store_set_help_state       (VoisinsStore        *self,
                                                        const char          *id,
                                                        const char          *state,
                                                        GError             **error);
/* The helpers to suggest for the open request @post_id (VoisinsHelpSuggestion, best
 * first): members with an open offer of its category, ranked by nearness (approximate
 * positions), a language in common, the offer's dates and the helps asked of them in the
 * month of @now; those already asked for it (not declined) are left out. @max_results 0:
 * all. An empty array: nobody offers this. */
GPtrArray          *voisins_store_suggest_helpers      (VoisinsStore        *self,
                                                        const char          *post_id,
                                                        gint64               now,
                                                        guint                max_results,
                                                        GError             **error);
/* The coordinator's follow-up: the requests of @association_id still open @days days after
 * they were posted at @now, oldest first, with no live help (proposed or accepted); and,
 * with @only_unmatched, those of them that no member could be suggested for. */
GPtrArray          *voisins_store_list_stale_requests  (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        guint                days,
                                                        gint64               now,
                                                        gboolean             only_unmatched,
                                                        GError             **error);
/* Applies one pull answer (all its pages and cursors) in ONE transaction. */
gboolean            voisins_store_apply_pull           (VoisinsStore        *self,
                                                        JsonObject          *response,
                                                        VoisinsSyncSummary  *summary,
                                                        GError             **error);
gint64              voisins_store_get_last_synced      (VoisinsStore        *self);
gboolean            voisins_store_set_last_synced      (VoisinsStore        *self,
                                                        gint64               when,
                                                        GError             **error);
/* Free-form settings kept with the data (server address, user name; never a secret). */
char               *voisins_store_get_meta             (VoisinsStore        *self,
                                                        const char          *key);
gboolean            voisins_store_set_meta             (VoisinsStore        *self,
                                                        const char          *key,
                                                        const char          *value,
                                                        GError             **error);
/* Typed getters over the meta table (voisins-store-meta.c), so that the keys are spelled
 * in one place. get_role: FALSE when this client does not know its role there (not
 * signed in yet, or a role of a newer server). set_role keeps the server's spelling. */
gboolean            voisins_store_get_role             (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        VoisinsRole         *out);
gboolean            voisins_store_set_role             (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        const char          *role,
                                                        GError             **error);
/* Whether the server's rules let this login follow up every request (GET /me,
 * "follow_up"): FALSE when not known (no login yet, or an older server). */
gboolean            voisins_store_get_may_follow_up    (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        gboolean            *out);
gboolean            voisins_store_set_may_follow_up    (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        gboolean             may,
                                                        GError             **error);
char               *voisins_store_get_server_url       (VoisinsStore        *self);
char               *voisins_store_get_username         (VoisinsStore        *self);
/* The server's id of the logged-in user (GET /me): a match's follower_id, a post's
 * recorded_by. NULL before the first login. */
char               *voisins_store_get_user_id          (VoisinsStore        *self);
gboolean            voisins_store_set_user_id          (VoisinsStore        *self,
                                                        const char          *user_id,
                                                        GError             **error);
GPtrArray          *voisins_store_list_notices         (VoisinsStore        *self,
                                                        GError             **error);
gboolean            voisins_store_resolve_notice       (VoisinsStore        *self,
                                                        gint64               id,
                                                        GError             **error);
/* Emits VoisinsStore::notices-changed (for voisins-store-notices.c). */
void                voisins_store_emit_notices_changed (VoisinsStore        *self);
/* Removes every neighbour's data from this file (log out); the outbox too when @force. */
gboolean            voisins_store_wipe                 (VoisinsStore        *self,
                                                        gboolean             force,
                                                        GError             **error);

/* Outbox */
guint               voisins_store_count_pending        (VoisinsStore        *self,
                                                        GError             **error);

/* Events and groups with their people (voisins-participant.h), offline first: each change
 * is kept here at once and queued (participant.put, participant.set_answer,
 * participant.remove, occurrence.set, occurrence.clear); the server keeps the last word on
 * the capacity and on who may change what. */
GPtrArray *
voisins_store_list_participants (VoisinsStore *self, const char *post_id, GError **error);
/* The next @max occurrences of @post_id from @from (VoisinsOccurrence), cancelled and
 * moved ones included, as the rule and its exceptions say. */
GPtrArray *voisins_store_list_next_occurrences (VoisinsStore *self,
                                                const char   *post_id,
                                                gint64        from,
                                                guint         max,
                                                GError      **error);
/* Lists @member_id on the event or group @post_id with @answer; returns the participant's
 * id. Refused here first when the event is full or she is already listed. */
char    *voisins_store_add_participant (VoisinsStore *self,
                                        const char   *post_id,
                                        const char   *member_id,
                                        const char   *answer,
                                        GError      **error);
gboolean voisins_store_set_participant_answer (VoisinsStore *self,
                                               const char   *id,
                                               const char   *answer,
                                               GError      **error);
gboolean voisins_store_remove_participant (VoisinsStore *self, const char *id, GError **error);
/* Cancels ("cancelled") or moves ("moved", to @starts_at..@ends_at) the occurrence of
 * @post_id that starts at @original_start; @state NULL puts it back as the rule says.
 * Returns the exception's id ("" when there was nothing to put back). */
char *voisins_store_set_occurrence (VoisinsStore *self,
                                    const char   *post_id,
                                    gint64        original_start,
                                    const char   *state,
                                    gint64        starts_at,
                                    gint64        ends_at,
                                    GError      **error);

typedef struct
{
  GPtrArray *participants; /* VoisinsParticipant */
  GPtrArray *next;         /* VoisinsOccurrence: the next five */
} VoisinsEventRoster;

void voisins_event_roster_free (VoisinsEventRoster *people);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsEventRoster, voisins_event_roster_free)

void voisins_store_load_event_roster_async (VoisinsStore       *self,
                                            const char         *post_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
VoisinsEventRoster *
voisins_store_load_event_roster_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

typedef enum
{
  VOISINS_EVENT_CHANGE_ADD,        /* post_id, member_id, answer */
  VOISINS_EVENT_CHANGE_ANSWER,     /* participant_id, answer */
  VOISINS_EVENT_CHANGE_REMOVE,     /* participant_id */
  VOISINS_EVENT_CHANGE_OCCURRENCE, /* post_id, original_start, state, starts_at, ends_at */
} VoisinsEventChangeKind;

typedef struct
{
  VoisinsEventChangeKind kind;
  char                  *post_id;
  char                  *member_id;
  char                  *participant_id;
  char                  *answer;
  gint64                 original_start;
  char                  *state;
  gint64                 starts_at;
  gint64                 ends_at;
} VoisinsEventChange;

/* One change of an event's people or dates, in a worker thread (the strings are copied). */
void voisins_store_change_event_async (VoisinsStore             *self,
                                       const VoisinsEventChange *change,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data);
gboolean
voisins_store_change_event_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

/* Async helpers for the UI: run the query in a worker thread. */
void                voisins_store_query_post_rowids_async  (VoisinsStore        *self,
                                                            const VoisinsPostQuery *query,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GArray             *voisins_store_query_post_rowids_finish (VoisinsStore        *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                voisins_store_list_members_async   (VoisinsStore        *self,
                                                        const char          *association_id,
                                                        const char          *search,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray          *voisins_store_list_members_finish  (VoisinsStore        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Signals: "posts-changed" (id or NULL for many) after any post write, emitted on the
 * thread-default main context the store was opened on. */


/* Holiday campaign (voisins-store-holiday.c). Local commands are ONE transaction each:
 * the optimistic row and its outbox entry. */

/* A host or a guest as a list shows it: a display name (first name and initial) and the
 * street without number; never a position. Exactly one of @host and @guest is set. */
typedef struct
{
  VoisinsHolidayHost  *host;
  VoisinsHolidayGuest *guest;
  char                *name;
  char                *street;
} VoisinsHolidayPerson;

void voisins_holiday_person_free (VoisinsHolidayPerson *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayPerson, voisins_holiday_person_free)

typedef struct
{
  guint hosts;
  guint guests;
  guint seats_total;      /* seats x slots offered */
  guint seats_taken;      /* live matches (not declined) */
  guint seats_left;
  guint guests_placed;    /* with at least one live match (a proposal counts) */
  guint guests_confirmed; /* with a table: a match the guest said yes to (or done) */
  guint guests_waiting;
  guint by_state[VOISINS_HOLIDAY_MATCH_N_STATES];
} VoisinsHolidayDashboard;

typedef struct
{
  guint hosts;
  guint guests;
  guint matches;
  guint reveals;
} VoisinsHolidayPurgeCounts;

/* "holiday.host.put" / "holiday.guest.put": fills in id when unset. */
gboolean            voisins_store_save_holiday_host    (VoisinsStore              *self,
                                                        VoisinsHolidayHost        *host,
                                                        GError                   **error);
gboolean            voisins_store_save_holiday_guest   (VoisinsStore              *self,
                                                        VoisinsHolidayGuest       *guest,
                                                        GError                   **error);
/* "holiday.match.propose", checked here like the server does (both free then, a seat
 * left, every hard constraint); returns the new match's id. */
char               *voisins_store_propose_holiday_match (VoisinsStore             *self,
                                                         const char               *host_id,
                                                         const char               *guest_id,
                                                         guint                     slot,
                                                         GError                  **error);
/* "holiday.match.approve" {id, follower_id?}: a coordinator lets the follower (the
 * proposer, or @follower_id, a user id) see the match's people. Optimistic: the local row is
 * approved by this user at once. */
gboolean            voisins_store_approve_holiday_match (VoisinsStore             *self,
                                                         const char               *id,
                                                         const char               *follower_id,
                                                         GError                  **error);
/* After the meal: how it went, in the volunteer's words (the match must be done). */
gboolean            voisins_store_set_holiday_match_feedback (VoisinsStore          *self,
                                                              const char            *id,
                                                              const char            *feedback,
                                                              GError               **error);
/* "holiday.match.set_state" {id, state, base_version}: forward moves or declined. */
gboolean            voisins_store_set_holiday_match_state (VoisinsStore             *self,
                                                           const char               *id,
                                                           VoisinsHolidayMatchState  state,
                                                           GError                  **error);
/* "holiday.match.undo_state" {id, state, from}: the Undo of the step that left @state
 * (voisins_holiday_match_state_can_undo); the server takes it from whoever made the step. */
gboolean            voisins_store_undo_holiday_match_state (VoisinsStore            *self,
                                                            const char              *id,
                                                            VoisinsHolidayMatchState state,
                                                            GError                 **error);
/* A match row as the server sent it (no outbox): for the pull. */
gboolean            voisins_store_put_holiday_match    (VoisinsStore              *self,
                                                        const VoisinsHolidayMatch *match,
                                                        GError                   **error);
/* VoisinsHolidayPerson, by name. */
GPtrArray          *voisins_store_list_holiday_hosts   (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        GError                   **error);
GPtrArray          *voisins_store_list_holiday_guests  (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        GError                   **error);
/* VoisinsHolidayMatch with names; @state_mask 0 = any, else bits 1 << state. */
GPtrArray          *voisins_store_list_holiday_matches (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        guint                      state_mask,
                                                        GError                   **error);
/* "To call today": proposed (call the host) and host-called (call the guest) matches,
 * earliest slot first. */
GPtrArray          *voisins_store_list_holiday_calls   (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        GError                   **error);
gboolean            voisins_store_get_holiday_dashboard (VoisinsStore             *self,
                                                         const char               *association_id,
                                                         VoisinsHolidayDashboard  *dashboard,
                                                         GError                  **error);
/* VoisinsHolidaySuggestion (voisins-holiday-match.h), computed from the members' exact
 * positions, which never leave the core. */
GPtrArray          *voisins_store_suggest_holiday_hosts (VoisinsStore             *self,
                                                         const char               *guest_id,
                                                         guint                     max_results,
                                                         GError                  **error);
GPtrArray          *voisins_store_plan_holiday         (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        GError                   **error);
/* What the UI may show of @member_id. @reveal is honoured only when @match_id is a
 * confirmed (or done) match with that member; then the reveal is logged for @viewer.
 * With @reveal, the person to call next in @match_id (the host of a proposed match, the
 * guest of a host-called one) also gets their phone alone (not revealed otherwise), if
 * this copy has it (a coordinator's, or the volunteer following the match); that too is
 * logged. */
VoisinsHolidayContact *voisins_store_get_holiday_contact (VoisinsStore            *self,
                                                          const char              *member_id,
                                                          const char              *match_id,
                                                          gboolean                 reveal,
                                                          const char              *viewer,
                                                          GError                 **error);
gboolean            voisins_store_log_holiday_reveal   (VoisinsStore              *self,
                                                        const char                *match_id,
                                                        const char                *member_id,
                                                        const char                *viewer,
                                                        GError                   **error);
/* Local purge of an association's campaign (rows with pending edits are kept). The
 * preview counts exactly what the purge deletes. */
gboolean            voisins_store_preview_holiday_purge (VoisinsStore             *self,
                                                         const char               *association_id,
                                                         VoisinsHolidayPurgeCounts *counts,
                                                         GError                  **error);
gboolean            voisins_store_purge_holiday        (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        VoisinsHolidayPurgeCounts *counts,
                                                        GError                   **error);
/* The coordinator's end of campaign: the local purge above and, in the same transaction,
 * a "holiday.purge" for the server, which makes every laptop drop the campaign too. */
gboolean            voisins_store_clear_holiday_campaign (VoisinsStore              *self,
                                                          const char                *association_id,
                                                          VoisinsHolidayPurgeCounts *counts,
                                                          GError                   **error);

G_END_DECLS
