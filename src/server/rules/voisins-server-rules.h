/* voisins-server-rules.h: who may do what, and see which fields, on voisins-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-holiday-codec.h"
#include "voisins-types.h"

G_BEGIN_DECLS

#define VOISINS_SERVER_RULES_ERROR (voisins_server_rules_error_quark ())

/* The storage maps these onto its own wire codes: bad_request and invalid. */
typedef enum
{
  VOISINS_SERVER_RULES_ERROR_UNKNOWN_FIELD,
  VOISINS_SERVER_RULES_ERROR_INVALID,
} VoisinsServerRulesError;

GQuark voisins_server_rules_error_quark (void);

/* The synced record types, and the holiday table as a whole (for holiday.purge). */
typedef enum
{
  VOISINS_SERVER_RECORD_POST,
  VOISINS_SERVER_RECORD_MEMBER,
  VOISINS_SERVER_RECORD_HOLIDAY_HOST,
  VOISINS_SERVER_RECORD_HOLIDAY_GUEST,
  VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
  VOISINS_SERVER_RECORD_HOLIDAY_TABLE,
  /* The log of who was shown whose personal details (coordinators read it). */
  VOISINS_SERVER_RECORD_HOLIDAY_REVEAL,
  /* The association itself: its contact details, printed on letters (issue 11). */
  VOISINS_SERVER_RECORD_ASSOCIATION,
  /* A request matched to a helper (issue 12): the post, the helper (a member), the volunteer
   * who follows it, and its state. */
  VOISINS_SERVER_RECORD_HELP,
  /* Who comes to an event or belongs to a group (issue 12, item 3): the post, the member
   * (online or not) and the answer; added by a volunteer. */
  VOISINS_SERVER_RECORD_PARTICIPANT,
  /* One occurrence of a repeating event cancelled or moved, keyed by the start it had. */
  VOISINS_SERVER_RECORD_OCCURRENCE,
  /* The log of whose phone a help's follower was given (coordinators read it). */
  VOISINS_SERVER_RECORD_HELP_REVEAL,
  VOISINS_SERVER_N_RECORDS,
} VoisinsServerRecord;

typedef enum
{
  VOISINS_SERVER_ACTION_SEE, /* a field in a GET list or a pull */
  VOISINS_SERVER_ACTION_CREATE,
  VOISINS_SERVER_ACTION_UPDATE,
  VOISINS_SERVER_ACTION_SET_STATUS,
  VOISINS_SERVER_ACTION_DELETE,
  VOISINS_SERVER_ACTION_PUT,
  VOISINS_SERVER_ACTION_PROPOSE,
  VOISINS_SERVER_ACTION_SET_STATE,
  VOISINS_SERVER_ACTION_PURGE,
  VOISINS_SERVER_ACTION_APPROVE, /* a coordinator lets the follower see the people */
  /* A holiday match back to the state its last step left (the Undo of a toast): the
   * RECORDER relation is then "who made that step". */
  VOISINS_SERVER_ACTION_UNDO_STATE,
  /* The members' routes (src/server/http/voisins-server-members.c), not push mutations:
   * verification letters and their codes, in-person verification, the audit trail, the data
   * report, erasure and the list of inactive members. */
  VOISINS_SERVER_ACTION_SEND_LETTER,
  VOISINS_SERVER_ACTION_ENTER_CODE,
  VOISINS_SERVER_ACTION_VERIFY_IN_PERSON,
  VOISINS_SERVER_ACTION_READ_AUDIT,
  VOISINS_SERVER_ACTION_REPORT,
  VOISINS_SERVER_ACTION_ERASE,
  VOISINS_SERVER_ACTION_LIST_INACTIVE,
  VOISINS_SERVER_ACTION_IMPORT,       /* members: a spreadsheet, whole (import-members) */
  VOISINS_SERVER_ACTION_EXPORT,       /* members: all of them as a spreadsheet */
  VOISINS_SERVER_N_ACTIONS,
} VoisinsServerAction;

/* How the caller stands to the row: anyone in the association; the follower of a live holiday
 * match a coordinator approved (of that match, its host and its guest; it ends when the match
 * is declined or done); or the login that recorded the row (posts, hosts, guests: set by the
 * server from the token, never by the client). */
typedef enum
{
  VOISINS_SERVER_RELATION_ANY,
  VOISINS_SERVER_RELATION_FOLLOWER,
  VOISINS_SERVER_RELATION_RECORDER,
  VOISINS_SERVER_N_RELATIONS,
} VoisinsServerRelation;

/* One row of the permission table. @field NULL: the action on the record as a whole; a field
 * row says whether that field may be seen (SEE: the fields listed are all a caller gets) or
 * written (CREATE, UPDATE). A caller with no role in the association may do nothing. */
typedef struct
{
  VoisinsRole            role;
  VoisinsServerRecord    record;
  VoisinsServerAction    action;
  VoisinsServerRelation  relation;
  const char            *field;
  gboolean               allowed;
} VoisinsServerRule;

/* A mutation of the push API and what it does. */
typedef struct
{
  const char          *name;
  VoisinsServerRecord  record;
  VoisinsServerAction  action;
} VoisinsServerMutation;

const char                  *voisins_server_record_to_string       (VoisinsServerRecord  record);
gboolean                     voisins_server_record_from_string     (const char          *str,
                                                                    VoisinsServerRecord *out);
const char                  *voisins_server_action_to_string       (VoisinsServerAction  action);
const char                  *voisins_server_relation_to_string     (VoisinsServerRelation relation);

/* The whole table (built once, never freed), for the tests and the docs. */
const VoisinsServerRule     *voisins_server_rules_get_table        (guint               *n_rules);
const VoisinsServerMutation *voisins_server_rules_get_mutations    (guint               *n);
/* NULL for an unknown name. */
const VoisinsServerMutation *voisins_server_rules_lookup_mutation  (const char          *name);

/* @role -1: no role in the association (always FALSE). @field NULL: the record as a whole. */
gboolean                     voisins_server_rules_allows           (int                  role,
                                                                    VoisinsServerRecord  record,
                                                                    VoisinsServerAction  action,
                                                                    VoisinsServerRelation relation,
                                                                    const char          *field);
/* The first member of @fields that @role may not write, or NULL. With @empty_ok, a field
 * set to null, "" or 0.0 counts as not written. */
const char                  *voisins_server_rules_first_denied     (int                  role,
                                                                    VoisinsServerRecord  record,
                                                                    VoisinsServerAction  action,
                                                                    JsonObject          *fields,
                                                                    gboolean             empty_ok);

/* The member fields @role may change on an existing member (the table's UPDATE rows), for
 * the app's editor to show what it may write: GET /me sends them. */
GStrv                        voisins_server_rules_member_writable  (int                  role);
/* The "Who may do what" section of docs/api.md, generated from the table (Markdown). */
char                        *voisins_server_rules_to_markdown      (void);

/* Keys a client may send for a post or a member (the core codec's, plus version, server_seq
 * and deleted); the fields post.update may change; the member fields only the server sets. */
const char * const          *voisins_server_rules_record_keys      (VoisinsServerRecord  record);
const char * const          *voisins_server_rules_post_update_fields (void);
gboolean                     voisins_server_rules_is_server_field  (VoisinsServerRecord  record,
                                                                    const char          *field);

/* Views: how a stored row is shown to a caller. */
typedef enum
{
  VOISINS_SERVER_VIEW_WHOLE,
  VOISINS_SERVER_VIEW_MEMBER_PUBLIC,   /* first name, initial, approximate position */
  VOISINS_SERVER_VIEW_GUEST_ANONYMOUS, /* needs, street, approximate position; never who */
  VOISINS_SERVER_VIEW_FOLLOWED,        /* the whole row, and what the follower's calls and
                                        * letters need: name, phone, address */
  VOISINS_SERVER_VIEW_MEMBER_HELPED,   /* the public view and the phone: the helper or the
                                        * person helped of a live help the caller follows */
} VoisinsServerView;

/* The stored shapes of a participant and of an occurrence exception. */
extern const char *const voisins_server_participant_keys[];
extern const char *const voisins_server_occurrence_keys[];

/* The member fields a follower gets on a followed host's or guest's row. */
extern const char * const voisins_server_followed_member_keys[];

/* Whether the storage must find which rows @role follows before choosing views. */
gboolean                     voisins_server_rules_needs_relation   (int                  role);
VoisinsServerView            voisins_server_rules_view             (int                  role,
                                                                    VoisinsServerRecord  record,
                                                                    VoisinsServerRelation relation);
/* Whether some row of @record may show differently to @role than as stored (a pull then
 * decodes it; the others are spliced as stored). */
gboolean                     voisins_server_rules_view_may_differ  (int                  role,
                                                                    VoisinsServerRecord  record);
/* Whether @view reads the member record the row's member_id names. */
gboolean                     voisins_server_rules_view_needs_member (VoisinsServerView   view);
/* The row as @view shows it; @member is the row's member record (may be NULL). NULL: skip
 * the row. */
JsonNode                    *voisins_server_rules_apply_view       (VoisinsServerView    view,
                                                                    JsonObject          *data,
                                                                    JsonObject          *member);

/* Holiday arguments are checked against the core holiday codec's specs
 * (voisins_holiday_*_spec, docs/api.md), the same the app's store checks before it queues a
 * command, so that the two sides cannot disagree on a limit. */
gboolean voisins_server_rules_check_spec (JsonObject                    *obj,
                                          const VoisinsFieldSpec        *spec,
                                          GError                       **error);

/* The follow-up of a holiday match: proposed -> host-called (the host said yes) -> confirmed
 * (the guest said yes; "guest-called", an older merged step, ranks as confirmed) -> done,
 * forward only; any live match may be declined. Whoever made a step may undo it
 * (holiday.match.undo_state): back to the state it left. */
#define VOISINS_SERVER_MATCH_CONFIRMED 2
#define VOISINS_SERVER_MATCH_DONE     3
#define VOISINS_SERVER_MATCH_DECLINED 100

typedef enum
{
  VOISINS_SERVER_TRANSITION_ALLOWED,
  VOISINS_SERVER_TRANSITION_SAME,
  VOISINS_SERVER_TRANSITION_CLOSED,     /* done or declined already */
  VOISINS_SERVER_TRANSITION_BACKWARDS,
} VoisinsServerTransition;

/* The follow-up of a help: proposed -> accepted (the helper said yes) -> done, forward
 * only; a live help may be declined. The follower sees the phones of the helper and of the
 * person helped while it is live (proposed or accepted). */
#define VOISINS_SERVER_HELP_DONE     2
#define VOISINS_SERVER_HELP_DECLINED 100

/* -1 for an unknown state. */
int                          voisins_server_rules_help_state_rank  (const char          *state);
VoisinsServerTransition      voisins_server_rules_help_transition  (int                  from,
                                                                    int                  to);
gboolean                     voisins_server_rules_help_opens_access (const char         *state);

/* Whether a match in @state (with @approved_by, may be NULL) gives its follower access to
 * the people: approved by a coordinator, and neither declined nor done. */
gboolean                     voisins_server_rules_match_opens_access (const char    *state,
                                                                      const char    *approved_by);

/* The position a volunteer sees of an anonymous guest: the centre of the grid cell
 * (VOISINS_SERVER_GUEST_CELL_M) the member's exact position falls in; independent of the
 * member's own approximate position, so the two cannot be joined. */
#define VOISINS_SERVER_GUEST_CELL_M 300.0
void                         voisins_server_rules_guest_cell       (double               lat,
                                                                    double               lon,
                                                                    double              *cell_lat,
                                                                    double              *cell_lon);

/* -1 for an unknown state. */
int                          voisins_server_rules_match_state_rank (const char          *state);
VoisinsServerTransition      voisins_server_rules_match_transition (int                  from,
                                                                    int                  to);
/* Whether feedback may come with a move to @to (how it went, once the meal is done). */
gboolean                     voisins_server_rules_match_feedback_allowed (int            to);

/* Member fields only the verification routes write (a push that changes them is rejected
 * for every role), and the consent fields (given at intake, then coordinators' only). */
extern const char *const voisins_server_verification_keys[];
extern const char *const voisins_server_consent_keys[];
/* Whether @scope is a non-empty comma-separated subset of posts,holiday,phone. */
gboolean voisins_server_rules_consent_scope_is_valid (const char *scope);
/* The kinds of proof a coordinator may record for an in-person verification (never a copy
 * of the document), NULL-terminated. */
extern const char *const voisins_server_proof_kinds[];
/* Revoking another user's tokens: an admin of an association that user belongs to. */
gboolean                     voisins_server_rules_may_revoke_others (int                 role);

G_END_DECLS
