/* voisins-server-rules.c: who may do what, and see which fields, on voisins-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The permission model, with no SQL and no HTTP, so that every storage backend (SQLite now,
 * PostgreSQL later) asks the same questions and gets the same answers. It is a table of
 * role x record x action x relation x field, built once from the constants below and from
 * the core codec's keys, plus the few pure functions the storage calls: which view of a row a
 * caller gets, which fields a mutation may write, which match states may follow which.
 * tests/server/test-server-rules.c walks the whole table against a running server, so a rule
 * changed here and not in the storage (or the reverse) fails the suite.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <math.h>

#include "voisins-codec.h"
#include "voisins-holiday-match.h"
#include "voisins-member.h"
#include "voisins-post.h"
#include "voisins-uuid.h"

#include "voisins-server-rules.h"
#include "voisins-json.h"

G_DEFINE_QUARK (voisins-server-rules-error-quark, voisins_server_rules_error)

/* {{{ names */

static const char *record_names[] = {
  [VOISINS_SERVER_RECORD_POST] = "post",
  [VOISINS_SERVER_RECORD_MEMBER] = "member",
  [VOISINS_SERVER_RECORD_HOLIDAY_HOST] = "holiday_host",
  [VOISINS_SERVER_RECORD_HOLIDAY_GUEST] = "holiday_guest",
  [VOISINS_SERVER_RECORD_HOLIDAY_MATCH] = "holiday_match",
  [VOISINS_SERVER_RECORD_HOLIDAY_TABLE] = "holiday",
  [VOISINS_SERVER_RECORD_HOLIDAY_REVEAL] = "holiday_reveal",
  [VOISINS_SERVER_RECORD_ASSOCIATION] = "association",
  [VOISINS_SERVER_RECORD_HELP] = "help",
  [VOISINS_SERVER_RECORD_PARTICIPANT] = "participant",
  [VOISINS_SERVER_RECORD_OCCURRENCE] = "occurrence",
  [VOISINS_SERVER_RECORD_HELP_REVEAL] = "help_reveal",
};

static const char *action_names[] = {
  [VOISINS_SERVER_ACTION_SEE] = "see",
  [VOISINS_SERVER_ACTION_CREATE] = "create",
  [VOISINS_SERVER_ACTION_UPDATE] = "update",
  [VOISINS_SERVER_ACTION_SET_STATUS] = "set_status",
  [VOISINS_SERVER_ACTION_DELETE] = "delete",
  [VOISINS_SERVER_ACTION_PUT] = "put",
  [VOISINS_SERVER_ACTION_PROPOSE] = "propose",
  [VOISINS_SERVER_ACTION_SET_STATE] = "set_state",
  [VOISINS_SERVER_ACTION_PURGE] = "purge",
  [VOISINS_SERVER_ACTION_APPROVE] = "approve",
  [VOISINS_SERVER_ACTION_UNDO_STATE] = "undo_state",
  [VOISINS_SERVER_ACTION_SEND_LETTER] = "send_letter",
  [VOISINS_SERVER_ACTION_ENTER_CODE] = "enter_code",
  [VOISINS_SERVER_ACTION_VERIFY_IN_PERSON] = "verify_in_person",
  [VOISINS_SERVER_ACTION_READ_AUDIT] = "read_audit",
  [VOISINS_SERVER_ACTION_REPORT] = "report",
  [VOISINS_SERVER_ACTION_ERASE] = "erase",
  [VOISINS_SERVER_ACTION_LIST_INACTIVE] = "list_inactive",
  [VOISINS_SERVER_ACTION_IMPORT] = "import",
  [VOISINS_SERVER_ACTION_EXPORT] = "export",
};

static const char *relation_names[] = {
  [VOISINS_SERVER_RELATION_ANY] = "any",
  [VOISINS_SERVER_RELATION_FOLLOWER] = "follower",
  [VOISINS_SERVER_RELATION_RECORDER] = "recorder",
};

const char *
voisins_server_record_to_string (VoisinsServerRecord record)
{
  g_return_val_if_fail (record < VOISINS_SERVER_N_RECORDS, NULL);

  return record_names[record];
}

gboolean
voisins_server_record_from_string (const char          *str,
                                   VoisinsServerRecord *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_names); i++)
    if (g_strcmp0 (str, record_names[i]) == 0)
      {
        *out = (VoisinsServerRecord) i;
        return TRUE;
      }
  return FALSE;
}

const char *
voisins_server_action_to_string (VoisinsServerAction action)
{
  g_return_val_if_fail (action < VOISINS_SERVER_N_ACTIONS, NULL);

  return action_names[action];
}

const char *
voisins_server_relation_to_string (VoisinsServerRelation relation)
{
  g_return_val_if_fail (relation < VOISINS_SERVER_N_RELATIONS, NULL);

  return relation_names[relation];
}

/* holiday.host.put and holiday.guest.put are PUT when the row is new and UPDATE when it
 * exists (the storage tells which). */
static const VoisinsServerMutation mutations[] = {
  { "post.create", VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_CREATE },
  { "post.update", VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_UPDATE },
  { "post.set_status", VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_SET_STATUS },
  { "post.delete", VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_DELETE },
  { "member.create", VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_CREATE },
  { "member.update", VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_UPDATE },
  { "member.delete", VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_DELETE },
  { "holiday.host.put", VOISINS_SERVER_RECORD_HOLIDAY_HOST, VOISINS_SERVER_ACTION_PUT },
  { "holiday.guest.put", VOISINS_SERVER_RECORD_HOLIDAY_GUEST, VOISINS_SERVER_ACTION_PUT },
  { "holiday.match.propose", VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_PROPOSE },
  { "holiday.match.set_state", VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
    VOISINS_SERVER_ACTION_SET_STATE },
  { "holiday.match.approve", VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_APPROVE },
  { "holiday.match.undo_state", VOISINS_SERVER_RECORD_HOLIDAY_MATCH,
    VOISINS_SERVER_ACTION_UNDO_STATE },
  { "holiday.purge", VOISINS_SERVER_RECORD_HOLIDAY_TABLE, VOISINS_SERVER_ACTION_PURGE },
  { "help.propose", VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_PROPOSE },
  { "help.set_state", VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_SET_STATE },
  { "participant.put", VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_PUT },
  { "participant.set_answer", VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_SET_STATE },
  { "participant.remove", VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_DELETE },
  { "occurrence.set", VOISINS_SERVER_RECORD_OCCURRENCE, VOISINS_SERVER_ACTION_PUT },
  { "occurrence.clear", VOISINS_SERVER_RECORD_OCCURRENCE, VOISINS_SERVER_ACTION_DELETE },
};

const VoisinsServerMutation *
voisins_server_rules_get_mutations (guint *n)
{
  *n = G_N_ELEMENTS (mutations);
  return mutations;
}

const VoisinsServerMutation *
voisins_server_rules_lookup_mutation (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    if (g_strcmp0 (name, mutations[i].name) == 0)
      return &mutations[i];
  return NULL;
}

/* }}} */
/* {{{ field specs */

gboolean
voisins_server_rules_check_spec (JsonObject                    *obj,
                                 const VoisinsFieldSpec        *spec,
                                 GError                       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (voisins_field_spec_check (obj, spec, &local_error))
    return TRUE;

  /* The storage maps the rules' codes onto its wire codes: an unknown field is a
   * bad_request, the rest invalid. */
  g_set_error_literal (error, VOISINS_SERVER_RULES_ERROR,
                       g_error_matches (local_error, VOISINS_CODEC_ERROR,
                                        VOISINS_CODEC_ERROR_MALFORMED)
                         ? VOISINS_SERVER_RULES_ERROR_UNKNOWN_FIELD
                         : VOISINS_SERVER_RULES_ERROR_INVALID,
                       local_error->message);
  return FALSE;
}

/* }}} */
/* {{{ codec keys: which exist, which are personal, which the server sets */

static GStrv post_keys;
static GStrv member_keys;
static GStrv member_public_keys;

static GStrv
keys_of (JsonNode *node)
{
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
  GPtrArray *arr = g_ptr_array_new ();

  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (arr, g_strdup (l->data));
  g_ptr_array_add (arr, g_strdup ("version"));
  g_ptr_array_add (arr, g_strdup ("server_seq"));
  g_ptr_array_add (arr, g_strdup ("deleted"));
  g_ptr_array_add (arr, NULL);
  json_node_unref (node);
  return (GStrv) g_ptr_array_free (arr, FALSE);
}

static void
init_codec_keys (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      g_autoptr(VoisinsMember) member = voisins_member_new ();

      post_keys = keys_of (voisins_post_to_json (post));
      member_keys = keys_of (voisins_member_to_json (member, TRUE));
      member_public_keys = keys_of (voisins_member_to_json (member, FALSE));
      g_once_init_leave (&once, 1);
    }
}

const char * const *
voisins_server_rules_record_keys (VoisinsServerRecord record)
{
  init_codec_keys ();
  switch (record)
    {
    case VOISINS_SERVER_RECORD_POST:
      return (const char * const *) post_keys;
    case VOISINS_SERVER_RECORD_MEMBER:
      return (const char * const *) member_keys;
    case VOISINS_SERVER_RECORD_HOLIDAY_HOST:
    case VOISINS_SERVER_RECORD_HOLIDAY_GUEST:
    case VOISINS_SERVER_RECORD_HOLIDAY_MATCH:
    case VOISINS_SERVER_RECORD_HOLIDAY_TABLE:
    case VOISINS_SERVER_RECORD_HELP:
    case VOISINS_SERVER_RECORD_PARTICIPANT:
    case VOISINS_SERVER_RECORD_OCCURRENCE:
    case VOISINS_SERVER_N_RECORDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *const post_update_fields[] = { "title",     "body",    "kind",  "category",
                                                  "starts_at", "ends_at", "place", "capacity",
                                                  "rrule",     NULL };

const char * const *
voisins_server_rules_post_update_fields (void)
{
  return post_update_fields;
}

static const char * const member_server_fields[] = {
  "id", "association_id", "version", "server_seq", "deleted", "created_at", "updated_at",
  "approx_latitude", "approx_longitude", "approx_lat", "approx_lon", NULL
};

gboolean
voisins_server_rules_is_server_field (VoisinsServerRecord  record,
                                      const char          *field)
{
  g_return_val_if_fail (record == VOISINS_SERVER_RECORD_MEMBER, FALSE);

  return g_strv_contains (member_server_fields, field);
}

/* What a volunteer's view of a member never has, beyond what the codec's public shape
 * already leaves out: what reaches the person, where exactly they live, and what tells who
 * is isolated (needs) or who consented to what, or how and by whom they were verified. The
 * verification state itself stays: a volunteer checks it before helping. */
static const char * const member_volunteer_hidden[] = {
  "address", "phone", "email", "lat", "lon", "needs", "verified_how", "verified_by",
  "verified_at", "consent_at", "consent_by", "consent_scope", NULL
};

const char *const voisins_server_verification_keys[] = { "verification", "verified_how",
                                                         "verified_by", "verified_at", NULL };

const char *const voisins_server_consent_keys[] = { "consent_at", "consent_by", "consent_scope",
                                                    NULL };

const char *const voisins_server_proof_kinds[] = { "identity-card+proof-of-address",
                                                   "tax-notice",
                                                   "rent-receipt",
                                                   "utility-bill",
                                                   "known-personally",
                                                   NULL };

gboolean
voisins_server_rules_consent_scope_is_valid (const char *scope)
{
  static const char *const scopes[] = { "posts", "holiday", "phone", NULL };
  g_auto (GStrv) parts = NULL;

  if (scope == NULL || *scope == '\0')
    return FALSE;
  parts = g_strsplit (scope, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (!g_strv_contains (scopes, parts[i]))
        return FALSE;
      for (guint k = 0; k < i; k++)
        if (g_str_equal (parts[k], parts[i]))
          return FALSE;
    }
  return TRUE;
}

/* Written by coordinators only: the hidden fields, the last name (a volunteer sees only its
 * initial) and the verification state (a volunteer cannot vouch for a neighbour). */
static gboolean
is_personal_member_key (const char *key)
{
  init_codec_keys ();
  if (g_str_equal (key, "last_name") || g_str_equal (key, "verification"))
    return TRUE;
  if (g_strv_contains (member_volunteer_hidden, key))
    return TRUE;
  return g_strv_contains ((const char * const *) member_keys, key) &&
         !g_strv_contains ((const char * const *) member_public_keys, key);
}

/* What only a coordinator writes even when a neighbour is first recorded: nobody vouches
 * for her by taking her in at the desk, and only a coordinator accepts an address outside
 * the base. The rest of the record (her full name, address, phone, consent) is what the
 * volunteer at the desk takes down; afterwards it is the coordinators' to change. */
static const char * const member_coordinator_create[] = {
  "verification", "verified_how", "verified_by", "verified_at", "address_override", NULL
};

/* Computed by the server from the exact position, for every role, on create and update. */
static const char * const member_server_computed[] = { "approx_lat", "approx_lon", NULL };

/* What a volunteer may know of a guest before following one of their matches: the needs,
 * the street without number and a coarse position (the centre of a 300 m cell, never the
 * member's approximate position, see voisins_server_rules_guest_cell); never who or where
 * exactly. */
static const char * const guest_anonymous_keys[] = {
  "id", "association_id", "slots", "no_stairs", "diets", "languages", "pet_allergy",
  "needs_fetch", "wants_quiet", "version", "server_seq", NULL
};
/* ...taken from the guest's member record. */
static const char * const guest_anonymous_member_keys[] = {
  "street", "approx_lat", "approx_lon", NULL
};

/* The stored shape of a match (the server writes it whole on propose and set_state;
 * previous_state and state_by, the state the last step left and the login that made it, are
 * for its undo). */
static const char *const match_keys[] = {
  "id", "association_id", "host_id", "guest_id", "slot", "state",
  "follower_id", "approved_by", "approved_at", "created_at", "updated_at", "feedback",
  "version", "server_seq", "previous_state", "state_by", NULL
};

/* What the follower of an approved, live match gets of the host's and the guest's member
 * record, on the host's or guest's row: whom to call, at which number, where to go or write. */
const char * const voisins_server_followed_member_keys[] = {
  "first_name", "last_name", "phone", "address", "postcode", "city", NULL
};

/* The stored shape of a help (the server writes it whole on propose and set_state). */
static const char *const help_keys[] = { "id", "association_id", "post_id", "helper_id",
                                         "member_id", "follower_id", "state", "created_at",
                                         "updated_at", "version", "server_seq", NULL };

/* The stored shapes of a participant and of an occurrence (the server writes them whole). */
const char *const voisins_server_participant_keys[] = {
  "id",         "association_id", "post_id", "member_id",  "answer", "added_by",
  "created_at", "updated_at",     "version", "server_seq", NULL
};
const char *const voisins_server_occurrence_keys[] = {
  "id",      "association_id", "post_id", "original_start", "state", "starts_at",
  "ends_at", "updated_at",     "version", "server_seq",     NULL
};

/* What the follower of a live help gets of the helper's and the helped person's member
 * record, beyond the public view: the number to call. */
static const char *const member_helped_keys[] = { "phone", NULL };

/* The log of reveals, as coordinators read it. */
static const char * const reveal_keys[] = {
  "id", "association_id", "match_id", "user_id", "member_id", "fields", "at", NULL
};

/* The helps' log of reveals (server migration 11): the help's id where a match's would be. */
static const char *const help_reveal_keys[] = { "id", "association_id", "help_id", "user_id",
                                                "member_id", "fields", "at", NULL };

/* }}} */
/* {{{ views */

gboolean
voisins_server_rules_needs_relation (int role)
{
  return role < VOISINS_ROLE_COORDINATOR;
}

VoisinsServerView
voisins_server_rules_view (int                   role,
                           VoisinsServerRecord   record,
                           VoisinsServerRelation relation)
{
  if (role >= VOISINS_ROLE_COORDINATOR)
    return VOISINS_SERVER_VIEW_WHOLE;
  if (record == VOISINS_SERVER_RECORD_MEMBER)
    return relation == VOISINS_SERVER_RELATION_FOLLOWER ? VOISINS_SERVER_VIEW_MEMBER_HELPED
                                                        : VOISINS_SERVER_VIEW_MEMBER_PUBLIC;
  if (record != VOISINS_SERVER_RECORD_HOLIDAY_GUEST && record != VOISINS_SERVER_RECORD_HOLIDAY_HOST)
    return VOISINS_SERVER_VIEW_WHOLE;
  if (relation == VOISINS_SERVER_RELATION_FOLLOWER)
    return VOISINS_SERVER_VIEW_FOLLOWED;
  if (relation == VOISINS_SERVER_RELATION_RECORDER)
    return VOISINS_SERVER_VIEW_WHOLE;
  if (record == VOISINS_SERVER_RECORD_HOLIDAY_GUEST)
    return VOISINS_SERVER_VIEW_GUEST_ANONYMOUS;
  return VOISINS_SERVER_VIEW_WHOLE;
}

gboolean
voisins_server_rules_view_may_differ (int                 role,
                                      VoisinsServerRecord record)
{
  return voisins_server_rules_view (role, record, VOISINS_SERVER_RELATION_ANY) !=
         VOISINS_SERVER_VIEW_WHOLE ||
         voisins_server_rules_view (role, record, VOISINS_SERVER_RELATION_FOLLOWER) !=
         VOISINS_SERVER_VIEW_WHOLE ||
         voisins_server_rules_view (role, record, VOISINS_SERVER_RELATION_RECORDER) !=
         VOISINS_SERVER_VIEW_WHOLE;
}

gboolean
voisins_server_rules_view_needs_member (VoisinsServerView view)
{
  return view == VOISINS_SERVER_VIEW_GUEST_ANONYMOUS || view == VOISINS_SERVER_VIEW_FOLLOWED;
}

/* A volunteer's view of a member: first name and the initial of the last name, the
 * approximate position, nothing that reaches the person. */
static JsonNode *
member_public_view (JsonObject *data)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);
  g_autoptr(VoisinsMember) member = voisins_member_from_json (node, NULL);
  JsonNode *out;
  JsonObject *obj;
  g_autofree char *initial = NULL;
  const char *last;

  if (member == NULL)
    return NULL;

  last = voisins_member_get_last_name (member);
  if (last && *last)
    {
      gunichar c = g_unichar_toupper (g_utf8_get_char (last));
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      initial = g_strconcat (buf, ".", NULL);
    }
  voisins_member_set_last_name (member, initial);
  voisins_member_set_address (member, NULL);
  voisins_member_set_phone (member, NULL);
  voisins_member_set_email (member, NULL);
  voisins_member_set_latitude (member, voisins_member_get_approx_latitude (member));
  voisins_member_set_longitude (member, voisins_member_get_approx_longitude (member));

  out = voisins_member_to_json (member, FALSE);
  obj = json_node_get_object (out);
  /* Whatever the codec considers public, never these. */
  for (guint i = 0; member_volunteer_hidden[i]; i++)
    json_object_remove_member (obj, member_volunteer_hidden[i]);
  if (initial)
    json_object_set_string_member (obj, "last_name", initial);
  json_object_set_int_member (obj, "version", voisins_member_get_version (member));
  json_object_set_int_member (obj, "server_seq", voisins_member_get_server_seq (member));
  return out;
}

static JsonNode *
guest_anonymous_view (JsonObject *data,
                      JsonObject *member)
{
  JsonObject *copy = json_object_new ();

  for (guint i = 0; guest_anonymous_keys[i]; i++)
    if (json_object_has_member (data, guest_anonymous_keys[i]))
      json_object_set_member (copy, guest_anonymous_keys[i],
                              json_node_copy (json_object_get_member (data,
                                                                      guest_anonymous_keys[i])));

  if (member)
    {
      g_autofree char *street =
          voisins_holiday_street_of (voisins_json_read_string_or (member, "address", NULL));

      double lat = voisins_json_read_double_or (member, "lat", 0.0);
      double lon = voisins_json_read_double_or (member, "lon", 0.0);

      if (street)
        json_object_set_string_member (copy, "street", street);
      /* From the exact position, never from the member's approximate one: the volunteers'
       * member list has that, and the same value in both would say who the guest is. */
      if (lat != 0.0 || lon != 0.0)
        {
          double cell_lat, cell_lon;

          voisins_server_rules_guest_cell (lat, lon, &cell_lat, &cell_lon);
          json_object_set_double_member (copy, "approx_lat", cell_lat);
          json_object_set_double_member (copy, "approx_lon", cell_lon);
        }
    }
  return json_node_init_object (json_node_alloc (), copy);
}

void
voisins_server_rules_guest_cell (double  lat,
                                 double  lon,
                                 double *cell_lat,
                                 double *cell_lon)
{
  const double m_per_deg = 111320.0;
  double dlat = VOISINS_SERVER_GUEST_CELL_M / m_per_deg;
  double row = floor (lat / dlat);
  double centre_lat = (row + 0.5) * dlat;
  /* The width of a cell in longitude is taken at its row's centre, so every point of a cell
   * gets the same answer. */
  double dlon = VOISINS_SERVER_GUEST_CELL_M / (m_per_deg * MAX (cos (centre_lat * G_PI / 180.0),
                                                                0.01));

  *cell_lat = centre_lat;
  *cell_lon = (floor (lon / dlon) + 0.5) * dlon;
}

/* A followed host's or guest's row, with what the follower needs of the person: the name to
 * ask for, the phone to call, the address to go to or write to. */
static JsonNode *
followed_view (JsonObject *data,
               JsonObject *member)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (data);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (data, l->data)));
  for (guint i = 0; member && voisins_server_followed_member_keys[i]; i++)
    {
      const char *key = voisins_server_followed_member_keys[i];
      const char *value = voisins_json_read_string_or (member, key, NULL);

      if (value && *value)
        json_object_set_string_member (copy, key, value);
    }
  return json_node_init_object (json_node_alloc (), copy);
}

/* The public view and the phone, for the follower of a live help. */
static JsonNode *
member_helped_view (JsonObject *data)
{
  JsonNode *node = member_public_view (data);
  const char *phone = voisins_json_read_string_or (data, "phone", NULL);

  if (node && phone && *phone)
    json_object_set_string_member (json_node_get_object (node), "phone", phone);
  return node;
}

JsonNode *
voisins_server_rules_apply_view (VoisinsServerView  view,
                                 JsonObject        *data,
                                 JsonObject        *member)
{
  switch (view)
    {
    case VOISINS_SERVER_VIEW_MEMBER_PUBLIC:
      return member_public_view (data);
    case VOISINS_SERVER_VIEW_MEMBER_HELPED:
      return member_helped_view (data);
    case VOISINS_SERVER_VIEW_GUEST_ANONYMOUS:
      return guest_anonymous_view (data, member);
    case VOISINS_SERVER_VIEW_FOLLOWED:
      return followed_view (data, member);
    case VOISINS_SERVER_VIEW_WHOLE:
    default:
      return json_node_init_object (json_node_alloc (), data);
    }
}

/* }}} */
/* {{{ match states */

int
voisins_server_rules_match_state_rank (const char *state)
{
  static const char *order[] = { "proposed", "host-called", "confirmed", "done" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (state, order[i]))
      return (int) i;
  if (g_str_equal (state, "guest-called"))
    return VOISINS_SERVER_MATCH_CONFIRMED;
  return g_str_equal (state, "declined") ? VOISINS_SERVER_MATCH_DECLINED : -1;
}

VoisinsServerTransition
voisins_server_rules_match_transition (int from,
                                       int to)
{
  if (from == to)
    return VOISINS_SERVER_TRANSITION_SAME;
  if (from == VOISINS_SERVER_MATCH_DECLINED || from == VOISINS_SERVER_MATCH_DONE)
    return VOISINS_SERVER_TRANSITION_CLOSED;
  if (to != VOISINS_SERVER_MATCH_DECLINED && to < from)
    return VOISINS_SERVER_TRANSITION_BACKWARDS;
  return VOISINS_SERVER_TRANSITION_ALLOWED;
}

gboolean
voisins_server_rules_match_opens_access (const char *state,
                                         const char *approved_by)
{
  int rank;

  if (approved_by == NULL || *approved_by == '\0' || state == NULL)
    return FALSE;
  rank = voisins_server_rules_match_state_rank (state);
  return rank >= 0 && rank != VOISINS_SERVER_MATCH_DONE && rank != VOISINS_SERVER_MATCH_DECLINED;
}

int
voisins_server_rules_help_state_rank (const char *state)
{
  static const char *order[] = { "proposed", "accepted", "done" };

  for (guint i = 0; state && i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (state, order[i]))
      return (int) i;
  return g_strcmp0 (state, "declined") == 0 ? VOISINS_SERVER_HELP_DECLINED : -1;
}

/* Forward one step at a time: "done" says the helper came, which she said yes to first. */
VoisinsServerTransition
voisins_server_rules_help_transition (int from,
                                      int to)
{
  if (from == to)
    return VOISINS_SERVER_TRANSITION_SAME;
  if (from == VOISINS_SERVER_HELP_DECLINED || from == VOISINS_SERVER_HELP_DONE)
    return VOISINS_SERVER_TRANSITION_CLOSED;
  if (to == VOISINS_SERVER_HELP_DECLINED || to == from + 1)
    return VOISINS_SERVER_TRANSITION_ALLOWED;
  return VOISINS_SERVER_TRANSITION_BACKWARDS;
}

gboolean
voisins_server_rules_help_opens_access (const char *state)
{
  int rank = voisins_server_rules_help_state_rank (state);

  return rank >= 0 && rank < VOISINS_SERVER_HELP_DONE;
}

gboolean
voisins_server_rules_match_feedback_allowed (int to)
{
  return to == VOISINS_SERVER_MATCH_DONE;
}

gboolean
voisins_server_rules_may_revoke_others (int role)
{
  return role == VOISINS_ROLE_ADMIN;
}

/* }}} */
/* {{{ the table */

static GArray *table;

static void
add_rule (VoisinsRole            role,
          VoisinsServerRecord    record,
          VoisinsServerAction    action,
          VoisinsServerRelation  relation,
          const char            *field,
          gboolean               allowed)
{
  VoisinsServerRule rule = {
    role, record, action, relation, field ? g_intern_string (field) : NULL, allowed
  };

  /* The codec's key lists name version, server_seq and deleted twice: one row each. */
  for (guint i = 0; i < table->len; i++)
    {
      const VoisinsServerRule *r = &g_array_index (table, VoisinsServerRule, i);

      if (r->role == role && r->record == record && r->action == action &&
          r->relation == relation && r->field == rule.field)
        return;
    }
  g_array_append_val (table, rule);
}

static void
add_fields (VoisinsRole            role,
            VoisinsServerRecord    record,
            VoisinsServerAction    action,
            VoisinsServerRelation  relation,
            const char * const    *fields,
            const char * const    *except)
{
  for (guint i = 0; fields[i]; i++)
    if (except == NULL || !g_strv_contains (except, fields[i]))
      add_rule (role, record, action, relation, fields[i], TRUE);
}

static void
spec_names (const VoisinsFieldSpec       *spec,
            GPtrArray                    *out)
{
  for (const VoisinsFieldSpec *f = spec; f->name; f++)
    g_ptr_array_add (out, (gpointer) f->name);
}

/* The fields of @view for @record, derived from the same constants the views use. */
static void
add_see_rules (VoisinsRole            role,
               VoisinsServerRecord    record,
               VoisinsServerRelation  relation)
{
  /* Who recorded the post (a user id, nothing personal): the app shows Edit, close and
   * delete only to that recorder and to coordinators, as the server allows. */
  static const char * const post_server_kept[] = { "recorded_by", NULL };
  static const char * const not_stored[] = { "base_version", NULL };
  VoisinsServerView view = voisins_server_rules_view (role, record, relation);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  switch (record)
    {
    case VOISINS_SERVER_RECORD_POST:
      /* updated_at is the server's own time of change (set on every write). */
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                  (const char * const *) post_keys, NULL);
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, post_server_kept, NULL);
      return;
    case VOISINS_SERVER_RECORD_MEMBER:
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                  view == VOISINS_SERVER_VIEW_WHOLE ? (const char *const *) member_keys
                                                    : (const char *const *) member_public_keys,
                  view == VOISINS_SERVER_VIEW_WHOLE ? NULL : member_volunteer_hidden);
      if (view == VOISINS_SERVER_VIEW_MEMBER_HELPED)
        add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, member_helped_keys, NULL);
      return;
    case VOISINS_SERVER_RECORD_HOLIDAY_HOST:
    case VOISINS_SERVER_RECORD_HOLIDAY_GUEST:
      if (view == VOISINS_SERVER_VIEW_GUEST_ANONYMOUS)
        {
          add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, guest_anonymous_keys,
                      NULL);
          add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                      guest_anonymous_member_keys, NULL);
          return;
        }
      spec_names (record == VOISINS_SERVER_RECORD_HOLIDAY_HOST ? voisins_holiday_host_spec
                                                               : voisins_holiday_guest_spec,
                  fields);
      if (view == VOISINS_SERVER_VIEW_FOLLOWED)
        for (guint i = 0; voisins_server_followed_member_keys[i]; i++)
          g_ptr_array_add (fields, (gpointer) voisins_server_followed_member_keys[i]);
      g_ptr_array_add (fields, NULL);
      /* base_version says which version an update was made on; it is not kept. */
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                  (const char * const *) fields->pdata, not_stored);
      return;
    case VOISINS_SERVER_RECORD_HOLIDAY_MATCH:
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, match_keys, NULL);
      return;
    case VOISINS_SERVER_RECORD_HELP:
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, help_keys, NULL);
      return;
    case VOISINS_SERVER_RECORD_PARTICIPANT:
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                  voisins_server_participant_keys, NULL);
      return;
    case VOISINS_SERVER_RECORD_OCCURRENCE:
      add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation, voisins_server_occurrence_keys,
                  NULL);
      return;
    case VOISINS_SERVER_RECORD_HOLIDAY_REVEAL:
    case VOISINS_SERVER_RECORD_HELP_REVEAL:
      add_rule (role, record, VOISINS_SERVER_ACTION_SEE, relation, NULL,
                role >= VOISINS_ROLE_COORDINATOR);
      if (role >= VOISINS_ROLE_COORDINATOR)
        add_fields (role, record, VOISINS_SERVER_ACTION_SEE, relation,
                    record == VOISINS_SERVER_RECORD_HELP_REVEAL ? help_reveal_keys : reveal_keys,
                    NULL);
      return;
    case VOISINS_SERVER_RECORD_HOLIDAY_TABLE:
    case VOISINS_SERVER_N_RECORDS:
    default:
      return;
    }
}

static void
build_table (void)
{
  static const VoisinsRole roles[] = {
    VOISINS_ROLE_VOLUNTEER, VOISINS_ROLE_COORDINATOR, VOISINS_ROLE_ADMIN
  };

  init_codec_keys ();
  table = g_array_new (FALSE, FALSE, sizeof (VoisinsServerRule));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      VoisinsRole role = roles[i];
      gboolean coordinator = role >= VOISINS_ROLE_COORDINATOR;

      for (VoisinsServerRecord r = 0; r < VOISINS_SERVER_RECORD_HOLIDAY_TABLE; r++)
        {
          add_see_rules (role, r, VOISINS_SERVER_RELATION_ANY);
          if (r == VOISINS_SERVER_RECORD_HOLIDAY_HOST || r == VOISINS_SERVER_RECORD_HOLIDAY_GUEST ||
              r == VOISINS_SERVER_RECORD_HOLIDAY_MATCH)
            add_see_rules (role, r, VOISINS_SERVER_RELATION_FOLLOWER);
          /* A volunteer sees the hosts and guests they took in as they recorded them (the
           * member they chose, the notes they wrote), to change them; never the phone. */
          if (r == VOISINS_SERVER_RECORD_HOLIDAY_HOST || r == VOISINS_SERVER_RECORD_HOLIDAY_GUEST)
            add_see_rules (role, r, VOISINS_SERVER_RELATION_RECORDER);
        }

      add_see_rules (role, VOISINS_SERVER_RECORD_HOLIDAY_REVEAL, VOISINS_SERVER_RELATION_ANY);
      add_see_rules (role, VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_RELATION_ANY);
      add_see_rules (role, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_RELATION_ANY);
      add_see_rules (role, VOISINS_SERVER_RECORD_OCCURRENCE, VOISINS_SERVER_RELATION_ANY);
      add_see_rules (role, VOISINS_SERVER_RECORD_HELP_REVEAL, VOISINS_SERVER_RELATION_ANY);
      /* The helper and the person helped of a live help the caller follows. */
      add_see_rules (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_RELATION_FOLLOWER);

      /* Posts, in desk mode: a volunteer records a post on behalf of a neighbour (author_id,
       * author_name: the neighbour, given by the client); the login that recorded it is
       * kept by the server. Only that recorder or a coordinator edits, closes or deletes. */
      add_rule (role, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_CREATE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      for (VoisinsServerAction a = VOISINS_SERVER_ACTION_UPDATE;
           a <= VOISINS_SERVER_ACTION_DELETE; a++)
        {
          add_rule (role, VOISINS_SERVER_RECORD_POST, a, VOISINS_SERVER_RELATION_ANY, NULL,
                    coordinator);
          add_rule (role, VOISINS_SERVER_RECORD_POST, a, VOISINS_SERVER_RELATION_RECORDER, NULL,
                    TRUE);
        }
      add_fields (role, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_UPDATE,
                  VOISINS_SERVER_RELATION_RECORDER, post_update_fields, NULL);
      if (coordinator)
        add_fields (role, VOISINS_SERVER_RECORD_POST, VOISINS_SERVER_ACTION_UPDATE,
                    VOISINS_SERVER_RELATION_ANY, post_update_fields, NULL);

      /* Members: anyone records a neighbour (whole, at the desk); afterwards only
       * coordinators change what reaches the person, verify, record consent, and delete.
       * The approximate position is the server's, from the exact one, for every role; the
       * other fields the server sets are nobody's to update. */
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_CREATE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_UPDATE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      /* Verification is the verification routes' only (a letter's code, a coordinator who
       * saw a proof), for every role; consent is given at intake by whoever records her
       * (member.create requires its scope, the server stamps who and when), then changed by
       * coordinators only; erasure is the erase route's. */
      for (guint k = 0; member_keys[k]; k++)
        {
          const char *key = member_keys[k];
          gboolean personal = is_personal_member_key (key);
          gboolean    verification = g_strv_contains (voisins_server_verification_keys, key);
          gboolean    erased = g_str_equal (key, "erased_at");

          add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_CREATE,
                    VOISINS_SERVER_RELATION_ANY, key,
                    !g_strv_contains (member_server_computed, key) && !verification && !erased &&
                        (coordinator || !g_strv_contains (member_coordinator_create, key)));
          add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_UPDATE,
                    VOISINS_SERVER_RELATION_ANY, key,
                    !g_strv_contains (member_server_fields, key) && !verification && !erased &&
                        (coordinator || !personal));
        }
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_DELETE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      /* The spreadsheet, in and out, holds everyone's address and phone: a coordinator's
       * desk task (routes /members/import and /members/export, not push mutations). */
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_IMPORT,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_EXPORT,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);

      /* The members' routes: letters, the in-person check, the audit trail, the data report,
       * erasure and the review of inactive members are coordinators'; any volunteer enters
       * a letter's code for a neighbour on the phone (the code is the proof, not who types
       * it). */
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_SEND_LETTER,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_ACTION_ENTER_CODE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      for (VoisinsServerAction a = VOISINS_SERVER_ACTION_VERIFY_IN_PERSON;
           a <= VOISINS_SERVER_ACTION_LIST_INACTIVE; a++)
        add_rule (role, VOISINS_SERVER_RECORD_MEMBER, a, VOISINS_SERVER_RELATION_ANY, NULL,
                  coordinator);

      /* Hosts and guests: anyone takes in a NEW one (put of an id that does not exist yet)
       * and becomes its recorder; changing an existing one is for its recorder or a
       * coordinator, on the version they read (base_version). */
      for (VoisinsServerRecord r = VOISINS_SERVER_RECORD_HOLIDAY_HOST;
           r <= VOISINS_SERVER_RECORD_HOLIDAY_GUEST; r++)
        {
          add_rule (role, r, VOISINS_SERVER_ACTION_PUT, VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
          add_rule (role, r, VOISINS_SERVER_ACTION_UPDATE, VOISINS_SERVER_RELATION_ANY, NULL,
                    coordinator);
          add_rule (role, r, VOISINS_SERVER_ACTION_UPDATE, VOISINS_SERVER_RELATION_RECORDER,
                    NULL, TRUE);
        }

      /* Matches: anyone proposes (the anonymous view is enough to choose) and the proposer
       * becomes the follower, but sees nobody until a coordinator approves the match (and
       * may hand it to another volunteer). The follower's access ends when the match is
       * declined or done. The follower of an approved match or a coordinator moves it on;
       * coordinators clear the table. */
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_PROPOSE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_APPROVE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_SET_STATE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_SET_STATE,
                VOISINS_SERVER_RELATION_FOLLOWER, NULL, TRUE);
      /* The Undo of a step is for whoever made it (and only them: a coordinator moves a
       * match on, never back over someone else's call). */
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_UNDO_STATE,
                VOISINS_SERVER_RELATION_RECORDER, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_MATCH, VOISINS_SERVER_ACTION_UNDO_STATE,
                VOISINS_SERVER_RELATION_ANY, NULL, FALSE);
      add_rule (role, VOISINS_SERVER_RECORD_HOLIDAY_TABLE, VOISINS_SERVER_ACTION_PURGE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);

      /* Helps: anyone proposes a helper for an open request and becomes its follower, who
       * then sees the phones of the helper and of the person helped (each reveal logged)
       * until the help is done or declined; the follower or a coordinator moves it on. */
      add_rule (role, VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_PROPOSE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_SET_STATE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_HELP, VOISINS_SERVER_ACTION_SET_STATE,
                VOISINS_SERVER_RELATION_FOLLOWER, NULL, TRUE);

      /* Participants of an event or members of a group: any volunteer adds a neighbour
       * (online or not, as she said on the phone or at the desk) and records her answer;
       * whoever added her or a coordinator takes her off the list. The server refuses a
       * "coming" beyond the capacity and a member of another association. */
      add_rule (role, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_PUT,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_SET_STATE,
                VOISINS_SERVER_RELATION_ANY, NULL, TRUE);
      add_rule (role, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_DELETE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
      add_rule (role, VOISINS_SERVER_RECORD_PARTICIPANT, VOISINS_SERVER_ACTION_DELETE,
                VOISINS_SERVER_RELATION_RECORDER, NULL, TRUE);

      /* One occurrence of a repeating event cancelled or moved, and put back: whoever
       * recorded the event (its recorder) or a coordinator, as for changing the post. */
      for (VoisinsServerAction a = VOISINS_SERVER_ACTION_DELETE; a <= VOISINS_SERVER_ACTION_PUT;
           a++)
        {
          add_rule (role, VOISINS_SERVER_RECORD_OCCURRENCE, a, VOISINS_SERVER_RELATION_ANY, NULL,
                    coordinator);
          add_rule (role, VOISINS_SERVER_RECORD_OCCURRENCE, a, VOISINS_SERVER_RELATION_RECORDER,
                    NULL, TRUE);
        }

      /* The association's name, phone, email and postal address (POST .../details):
       * coordinators keep them right, since every letter prints them. Anyone of the
       * association reads them, and its address base, to check addresses offline. */
      add_rule (role, VOISINS_SERVER_RECORD_ASSOCIATION, VOISINS_SERVER_ACTION_UPDATE,
                VOISINS_SERVER_RELATION_ANY, NULL, coordinator);
    }
}

const VoisinsServerRule *
voisins_server_rules_get_table (guint *n_rules)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      build_table ();
      g_once_init_leave (&once, 1);
    }
  *n_rules = table->len;
  return (const VoisinsServerRule *) table->data;
}

gboolean
voisins_server_rules_allows (int                   role,
                             VoisinsServerRecord   record,
                             VoisinsServerAction   action,
                             VoisinsServerRelation relation,
                             const char           *field)
{
  const VoisinsServerRule *rules;
  const char *interned;
  guint n;

  if (role < 0)
    return FALSE;
  rules = voisins_server_rules_get_table (&n);
  /* Every field in the table is interned: an unknown field is not there at all. */
  interned = field ? g_intern_string (field) : NULL;
  for (guint i = 0; i < n; i++)
    if (rules[i].role == (VoisinsRole) role && rules[i].record == record &&
        rules[i].action == action && rules[i].relation == relation &&
        rules[i].field == interned)
      return rules[i].allowed;
  return FALSE;
}

GStrv
voisins_server_rules_member_writable (int role)
{
  GPtrArray *fields = g_ptr_array_new ();

  init_codec_keys ();
  for (guint k = 0; member_keys[k]; k++)
    if (voisins_server_rules_allows (role, VOISINS_SERVER_RECORD_MEMBER,
                                     VOISINS_SERVER_ACTION_UPDATE, VOISINS_SERVER_RELATION_ANY,
                                     member_keys[k]))
      g_ptr_array_add (fields, g_strdup (member_keys[k]));
  g_ptr_array_add (fields, NULL);

  return (GStrv) g_ptr_array_free (fields, FALSE);
}

const char *
voisins_server_rules_first_denied (int                  role,
                                   VoisinsServerRecord  record,
                                   VoisinsServerAction  action,
                                   JsonObject          *fields,
                                   gboolean             empty_ok)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (fields, l->data);

      if (empty_ok)
        {
          if (JSON_NODE_HOLDS_NULL (n))
            continue;
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
              *json_node_get_string (n) == '\0')
            continue;
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE &&
              json_node_get_double (n) == 0.0)
            continue;
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64 &&
              json_node_get_int (n) == 0)
            continue;
          /* The codec writes the default state of a new member: nothing vouched for. */
          if (g_str_equal (l->data, "verification") && JSON_NODE_HOLDS_VALUE (n) &&
              json_node_get_value_type (n) == G_TYPE_STRING &&
              g_str_equal (json_node_get_string (n), "unverified"))
            continue;
        }
      if (!voisins_server_rules_allows (role, record, action, VOISINS_SERVER_RELATION_ANY,
                                        l->data))
        return l->data;
    }
  return NULL;
}

/* }}} */
/* {{{ docs */

static void
append_cell (GString  *out,
             gboolean  allowed)
{
  g_string_append (out, allowed ? " yes |" : " no |");
}

/* The field rows of @record x @action x @relation for @role, allowed or not, comma-joined. */
static char *
field_list (VoisinsRole           role,
            VoisinsServerRecord   record,
            VoisinsServerAction   action,
            VoisinsServerRelation relation,
            gboolean              allowed)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const VoisinsServerRule *rules;
  guint n;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    if (rules[i].role == role && rules[i].record == record && rules[i].action == action &&
        rules[i].relation == relation && rules[i].field && rules[i].allowed == allowed)
      g_ptr_array_add (names, g_strdup_printf ("`%s`", rules[i].field));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

char *
voisins_server_rules_to_markdown (void)
{
  static const VoisinsRole roles[] = {
    VOISINS_ROLE_VOLUNTEER, VOISINS_ROLE_COORDINATOR, VOISINS_ROLE_ADMIN
  };
  GString *out = g_string_new (NULL);
  const VoisinsServerRule *rules;
  guint n;

  rules = voisins_server_rules_get_table (&n);
  g_string_append (out, "| record | action | relation | volunteer | coordinator | admin |\n"
                        "|---|---|---|---|---|---|\n");
  /* One line per record-level row, in the table's order, once for the three roles. */
  for (guint i = 0; i < n; i++)
    {
      gboolean first = TRUE;

      if (rules[i].field != NULL || rules[i].role != VOISINS_ROLE_VOLUNTEER)
        continue;
      for (guint k = 0; k < i; k++)
        if (rules[k].field == NULL && rules[k].role == VOISINS_ROLE_VOLUNTEER &&
            rules[k].record == rules[i].record && rules[k].action == rules[i].action &&
            rules[k].relation == rules[i].relation)
          first = FALSE;
      if (!first)
        continue;
      g_string_append_printf (out, "| %s | %s | %s |",
                              voisins_server_record_to_string (rules[i].record),
                              voisins_server_action_to_string (rules[i].action),
                              voisins_server_relation_to_string (rules[i].relation));
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        append_cell (out, voisins_server_rules_allows (roles[r], rules[i].record,
                                                       rules[i].action, rules[i].relation,
                                                       NULL));
      g_string_append_c (out, '\n');
    }

  g_string_append (out, "\nFields each role sees (GET lists and pulls):\n\n");
  for (VoisinsServerRecord record = 0; record < VOISINS_SERVER_N_RECORDS; record++)
    for (VoisinsServerRelation rel = 0; rel < VOISINS_SERVER_N_RELATIONS; rel++)
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        {
          g_autofree char *seen = field_list (roles[r], record, VOISINS_SERVER_ACTION_SEE, rel,
                                              TRUE);

          if (*seen)
            g_string_append_printf (out, "- %s, %s (%s): %s\n",
                                    voisins_server_record_to_string (record),
                                    voisins_role_to_string (roles[r]),
                                    voisins_server_relation_to_string (rel), seen);
        }

  g_string_append (out, "\nFields a role may not write (the mutation is rejected with "
                        "`forbidden`):\n\n");
  for (VoisinsServerRecord record = 0; record < VOISINS_SERVER_N_RECORDS; record++)
    for (VoisinsServerAction action = VOISINS_SERVER_ACTION_CREATE;
         action <= VOISINS_SERVER_ACTION_UPDATE; action++)
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        {
          g_autofree char *denied = field_list (roles[r], record, action,
                                                VOISINS_SERVER_RELATION_ANY, FALSE);

          if (*denied)
            g_string_append_printf (out, "- %s.%s, %s: %s\n",
                                    voisins_server_record_to_string (record),
                                    voisins_server_action_to_string (action),
                                    voisins_role_to_string (roles[r]), denied);
        }
  return g_string_free (out, FALSE);
}

/* }}} */
