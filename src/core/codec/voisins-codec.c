/* voisins-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "voisins-codec.h"
#include "voisins-json.h"
#include "voisins-uuid.h"

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID, message);
  return FALSE;
}

#define TIME_RANGE(name) { name, VOISINS_TIME_MIN, VOISINS_TIME_MAX, TRUE }
#define COUNT_RANGE(name) { name, 0, VOISINS_VERSION_MAX, FALSE }

const VoisinsTextLimit voisins_post_text_limits[] = {
  { "title", VOISINS_TITLE_MAX, FALSE },
  { "body", VOISINS_BODY_MAX, TRUE },
  { "author_name", VOISINS_NAME_MAX, FALSE },
  { "place", VOISINS_PLACE_MAX, FALSE },
  /* rrule: its length and shape are voisins_post_rrule_is_valid ()'s. */
  { NULL }
};

const VoisinsNumberRange voisins_post_number_ranges[] = {
  { "capacity", 0, VOISINS_CAPACITY_MAX, FALSE },
  { "lat", -90, 90, FALSE },
  { "lon", -180, 180, FALSE },
  TIME_RANGE ("created_at"),
  TIME_RANGE ("updated_at"),
  TIME_RANGE ("starts_at"),
  TIME_RANGE ("ends_at"),
  COUNT_RANGE ("version"),
  COUNT_RANGE ("server_seq"),
  { NULL }
};

const VoisinsTextLimit voisins_member_text_limits[] = {
  { "first_name", VOISINS_NAME_MAX, FALSE },
  { "last_name", VOISINS_NAME_MAX, FALSE },
  { "address", VOISINS_ADDRESS_MAX, FALSE },
  { "postcode", VOISINS_POSTCODE_MAX, FALSE },
  { "city", VOISINS_CITY_MAX, FALSE },
  { "phone", VOISINS_PHONE_MAX, FALSE },
  { "email", VOISINS_EMAIL_MAX, FALSE },
  { "verified_how", VOISINS_REMARK_MAX, FALSE },
  { "verified_by", VOISINS_REMARK_MAX, FALSE },
  { "consent_by", VOISINS_REMARK_MAX, FALSE },
  { "consent_scope", VOISINS_REMARK_MAX, FALSE },
  { "languages", VOISINS_LANGUAGES_MAX, FALSE },
  { "needs", VOISINS_NEEDS_MAX, TRUE },
  { "address_override", VOISINS_REMARK_MAX, FALSE },
  { NULL }
};

const VoisinsNumberRange voisins_member_number_ranges[] = {
  { "lat", -90, 90, FALSE },
  { "lon", -180, 180, FALSE },
  { "approx_lat", -90, 90, FALSE },
  { "approx_lon", -180, 180, FALSE },
  TIME_RANGE ("verified_at"),
  TIME_RANGE ("consent_at"),
  TIME_RANGE ("erased_at"),
  TIME_RANGE ("created_at"),
  TIME_RANGE ("updated_at"),
  COUNT_RANGE ("version"),
  COUNT_RANGE ("server_seq"),
  { NULL }
};

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* libical parses the rule; a value it reads as no recurrence at all, or that it had to
 * guess at (an unknown part), is refused rather than written as a single event. */
gboolean
voisins_post_rrule_is_valid (const char *rrule)
{
  struct icalrecurrencetype rule;
  glong n;

  if (rrule == NULL || *rrule == '\0')
    return TRUE;
  if (!voisins_json_check_text (rrule, FALSE, &n) || strlen (rrule) > VOISINS_RRULE_MAX ||
      g_str_has_prefix (rrule, "RRULE:"))
    return FALSE;
  icalerror_clear_errno ();
  rule = icalrecurrencetype_from_string (rrule);
  if (icalerrno != ICAL_NO_ERROR || rule.freq == ICAL_NO_RECURRENCE)
    {
      icalerror_clear_errno ();
      return FALSE;
    }
  /* Occurrences more often than daily are not what a neighbourhood means by "every". */
  return rule.freq >= ICAL_DAILY_RECURRENCE && rule.freq <= ICAL_YEARLY_RECURRENCE;
}

/* Every rule of voisins_post_validate () but the shared table of limits. */
static gboolean
post_rules (VoisinsPost  *post,
            GError      **error)
{
  const char *title, *body;
  glong n;

  title = voisins_post_get_title (post);
  body = voisins_post_get_body (post);

  if (is_blank (title))
    return invalid (error, "%s", _("Give the post a title."));
  if (!voisins_json_check_text (title, FALSE, &n))
    return invalid (error, "%s", _("The title contains characters that are not allowed."));
  if (n < 3)
    return invalid (error, "%s", _("The title is too short: write at least 3 characters."));
  if (n > VOISINS_TITLE_MAX)
    return invalid (error, _("The title is too long: at most %d characters."),
                    VOISINS_TITLE_MAX);
  if (!voisins_json_check_text (body, TRUE, &n))
    return invalid (error, "%s", _("The description contains characters that are not allowed."));
  if (n > VOISINS_BODY_MAX)
    return invalid (error, _("The description is too long: at most %d characters."),
                    VOISINS_BODY_MAX);
  if ((guint) voisins_post_get_kind (post) > VOISINS_POST_KIND_OFFER)
    return invalid (error, "%s", _("Choose whether this is a request or an offer."));
  if ((guint) voisins_post_get_category (post) >= VOISINS_N_CATEGORIES)
    return invalid (error, "%s", _("Choose a category."));
  if (voisins_post_get_ends_at (post) != 0 &&
      voisins_post_get_starts_at (post) != 0 &&
      voisins_post_get_ends_at (post) < voisins_post_get_starts_at (post))
    return invalid (error, "%s", _("The end date is before the start date."));
  if (voisins_post_get_author_id (post) != NULL &&
      !voisins_uuid_is_valid (voisins_post_get_author_id (post)))
    return invalid (error, "%s", _("Choose the neighbour this post is for."));
  if (!voisins_json_check_text (voisins_post_get_place (post), FALSE, &n) ||
      n > VOISINS_PLACE_MAX)
    return invalid (error, _("The place must be at most %d characters of text."),
                    VOISINS_PLACE_MAX);
  if (voisins_post_get_capacity (post) < 0 ||
      voisins_post_get_capacity (post) > VOISINS_CAPACITY_MAX)
    return invalid (error, _("The capacity is a number of people, at most %d."),
                    VOISINS_CAPACITY_MAX);
  if (!voisins_post_rrule_is_valid (voisins_post_get_rrule (post)))
    return invalid (error, "%s", _("The repetition is not understood."));
  if (voisins_post_get_rrule (post) != NULL && *voisins_post_get_rrule (post) != '\0' &&
      voisins_post_get_category (post) != VOISINS_CATEGORY_EVENT &&
      voisins_post_get_category (post) != VOISINS_CATEGORY_GROUP)
    return invalid (error, "%s", _("Only an event or a group repeats."));
  if (voisins_post_get_rrule (post) != NULL && *voisins_post_get_rrule (post) != '\0' &&
      voisins_post_get_starts_at (post) == 0)
    return invalid (error, "%s", _("Choose the first date of a repeating event."));

  return TRUE;
}

gboolean
voisins_post_validate (VoisinsPost  *post,
                       GError      **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  if (!post_rules (post, error))
    return FALSE;
  /* Then every field (the position too, NaN included) against the shared table, in its wire shape. */
  node = voisins_post_to_json (post);
  return voisins_json_check_limits (json_node_get_object (node), voisins_post_text_limits,
                                    voisins_post_number_ranges, error);
}

gboolean
voisins_member_validate (VoisinsMember  *member,
                         GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  glong n;

  g_return_val_if_fail (VOISINS_IS_MEMBER (member), FALSE);

  /* An erased member keeps her id and nothing else. */
  if (voisins_member_get_erased_at (member) == 0 &&
      is_blank (voisins_member_get_first_name (member)))
    return invalid (error, "%s", _("Enter the neighbour’s first name."));
  if (!voisins_member_contact_channel_is_valid (voisins_member_get_contact_channel (member)))
    return invalid (error, "%s", _("Choose how she reaches the association: phone, visit or online."));
  if (!voisins_json_check_text (voisins_member_get_first_name (member), FALSE, &n) ||
      n > VOISINS_NAME_MAX)
    return invalid (error, _("The first name must be at most %d characters of text."),
                    VOISINS_NAME_MAX);
  if (!voisins_json_check_text (voisins_member_get_last_name (member), FALSE, &n) ||
      n > VOISINS_NAME_MAX)
    return invalid (error, _("The last name must be at most %d characters of text."),
                    VOISINS_NAME_MAX);
  if (!voisins_json_check_text (voisins_member_get_address (member), FALSE, &n) ||
      n > VOISINS_ADDRESS_MAX)
    return invalid (error, _("The address must be at most %d characters of text."),
                    VOISINS_ADDRESS_MAX);
  if (!voisins_json_check_text (voisins_member_get_phone (member), FALSE, &n) ||
      n > VOISINS_PHONE_MAX)
    return invalid (error, "%s", _("The phone number is not valid."));
  if (!voisins_json_check_text (voisins_member_get_email (member), FALSE, &n) ||
      n > VOISINS_EMAIL_MAX)
    return invalid (error, "%s", _("The email address is not valid."));
  if (!voisins_json_check_text (voisins_member_get_needs (member), TRUE, &n) ||
      n > VOISINS_NEEDS_MAX)
    return invalid (error, "%s", _("The needs are too long."));

  /* Then every field against the shared table, in its wire shape. */
  node = voisins_member_to_json (member, TRUE);
  return voisins_json_check_limits (json_node_get_object (node), voisins_member_text_limits,
                                    voisins_member_number_ranges, error);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
set_string (JsonObject *o,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

/* Built member by member, not with a JsonBuilder: the builder's state and copies of the
 * names were most of the cost of encoding a post (callgrind, server push). */
JsonNode *
voisins_post_to_json (VoisinsPost *post)
{
  g_autoptr(JsonObject) o = NULL;

  g_return_val_if_fail (VOISINS_IS_POST (post), NULL);

  o = json_object_new ();
  set_string (o, "id", voisins_post_get_id (post));
  set_string (o, "association_id", voisins_post_get_association_id (post));
  set_string (o, "kind", voisins_post_kind_to_string (voisins_post_get_kind (post)));
  set_string (o, "category", voisins_category_to_string (voisins_post_get_category (post)));
  set_string (o, "status", voisins_post_status_to_string (voisins_post_get_status (post)));
  set_string (o, "title", voisins_post_get_title (post));
  set_string (o, "body", voisins_post_get_body (post));
  set_string (o, "author_id", voisins_post_get_author_id (post));
  set_string (o, "author_name", voisins_post_get_author_name (post));
  json_object_set_double_member (o, "lat", voisins_post_get_latitude (post));
  json_object_set_double_member (o, "lon", voisins_post_get_longitude (post));
  json_object_set_int_member (o, "created_at", voisins_post_get_created_at (post));
  json_object_set_int_member (o, "updated_at", voisins_post_get_updated_at (post));
  json_object_set_int_member (o, "starts_at", voisins_post_get_starts_at (post));
  json_object_set_int_member (o, "ends_at", voisins_post_get_ends_at (post));
  set_string (o, "place", voisins_post_get_place (post));
  json_object_set_int_member (o, "capacity", voisins_post_get_capacity (post));
  set_string (o, "rrule", voisins_post_get_rrule (post));
  json_object_set_int_member (o, "version", voisins_post_get_version (post));
  json_object_set_int_member (o, "server_seq", voisins_post_get_server_seq (post));
  json_object_set_boolean_member (o, "deleted", voisins_post_get_deleted (post));

  return json_node_init_object (json_node_alloc (), o);
}

static const char *post_fields[] = {
  "id", "association_id", "kind", "category", "status", "title", "body", "author_id",
  "author_name", "lat", "lon", "created_at", "updated_at", "starts_at", "ends_at", "version",
  "server_seq", "deleted", "place", "capacity", "rrule", NULL
};

static const char *member_fields[] = {
  "id", "association_id", "first_name", "last_name", "address", "postcode", "city", "phone",
  "email", "lat", "lon", "approx_lat", "approx_lon", "verification", "verified_how",
  "verified_by", "verified_at", "consent_at", "consent_by", "consent_scope", "languages",
  "needs", "contact_channel", "address_override", "no_internet", "erased_at", "created_at", "updated_at", "version",
  "server_seq", "deleted", NULL
};

static gboolean
check_known_fields (JsonObject  *obj,
                    const char **known,
                    GError     **error)
{
  JsonObjectIter iter;
  const char *name;

  /* Without the list json_object_get_members () allocates for every record of a page. */
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!g_strv_contains (known, name))
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("Unknown field “%s”"), name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_uuid (JsonObject  *obj,
           const char  *name,
           gboolean     required,
           const char **out,
           GError     **error)
{
  const char *value = NULL;

  if (!voisins_json_get_string (obj, name, required, &value, error))
    return FALSE;

  if (value != NULL && !voisins_uuid_is_valid (value))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” is not a valid id"), name);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

VoisinsPost *
voisins_post_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  JsonObject *obj;
  const char *id = NULL, *assoc = NULL, *kind = "request", *category = "service";
  const char *status = "open", *title = NULL, *body = NULL, *author = NULL;
  const char *author_name = NULL, *place = NULL, *rrule = NULL;
  double lat = 0, lon = 0;
  gint64 created = 0, updated = 0, starts = 0, ends = 0, version = 0, seq = 0, capacity = 0;
  gboolean deleted = FALSE;
  VoisinsPostKind k;
  VoisinsCategory c;
  VoisinsPostStatus s;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("A post must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (node);

  if (!check_known_fields (obj, post_fields, error) ||
      !read_uuid (obj, "id", TRUE, &id, error) ||
      !read_uuid (obj, "association_id", FALSE, &assoc, error) ||
      !voisins_json_get_string (obj, "kind", FALSE, &kind, error) ||
      !voisins_json_get_string (obj, "category", FALSE, &category, error) ||
      !voisins_json_get_string (obj, "status", FALSE, &status, error) ||
      !voisins_json_get_string (obj, "title", FALSE, &title, error) ||
      !voisins_json_get_string (obj, "body", FALSE, &body, error) ||
      !read_uuid (obj, "author_id", FALSE, &author, error) ||
      !voisins_json_get_string (obj, "author_name", FALSE, &author_name, error) ||
      !voisins_json_get_double (obj, "lat", FALSE, &lat, error) ||
      !voisins_json_get_double (obj, "lon", FALSE, &lon, error) ||
      !voisins_json_get_int (obj, "created_at", FALSE, &created, error) ||
      !voisins_json_get_int (obj, "updated_at", FALSE, &updated, error) ||
      !voisins_json_get_int (obj, "starts_at", FALSE, &starts, error) ||
      !voisins_json_get_int (obj, "ends_at", FALSE, &ends, error) ||
      !voisins_json_get_string (obj, "place", FALSE, &place, error) ||
      !voisins_json_get_int (obj, "capacity", FALSE, &capacity, error) ||
      !voisins_json_get_string (obj, "rrule", FALSE, &rrule, error) ||
      !voisins_json_get_int (obj, "version", FALSE, &version, error) ||
      !voisins_json_get_int (obj, "server_seq", FALSE, &seq, error) ||
      !voisins_json_get_bool (obj, "deleted", FALSE, &deleted, error))
    return NULL;

  if (!voisins_post_kind_from_string (kind, &k) ||
      !voisins_category_from_string (category, &c) ||
      !voisins_post_status_from_string (status, &s))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Unknown kind, category or status"));
      return NULL;
    }

  if (created < 0 || updated < 0 || starts < 0 || ends < 0 || version < 0 || seq < 0)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Dates and versions cannot be negative"));
      return NULL;
    }

  voisins_post_set_id (post, id);
  voisins_post_set_association_id (post, assoc);
  voisins_post_set_kind (post, k);
  voisins_post_set_category (post, c);
  voisins_post_set_status (post, s);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, body);
  voisins_post_set_author_id (post, author);
  voisins_post_set_author_name (post, author_name);
  voisins_post_set_latitude (post, lat);
  voisins_post_set_longitude (post, lon);
  voisins_post_set_created_at (post, created);
  voisins_post_set_updated_at (post, updated);
  voisins_post_set_starts_at (post, starts);
  voisins_post_set_ends_at (post, ends);
  voisins_post_set_place (post, place && *place ? place : NULL);
  voisins_post_set_capacity (post, capacity);
  voisins_post_set_rrule (post, rrule && *rrule ? rrule : NULL);
  voisins_post_set_version (post, version);
  voisins_post_set_server_seq (post, seq);
  voisins_post_set_deleted (post, deleted);

  /* A tombstone carries no text to check. The table of limits is applied to the object
   * read, whose fields the post holds as they are: encoding the post again to check it was
   * a fifth of the decoding of a pull page (perf). */
  if (!deleted && (!post_rules (post, error) ||
                   !voisins_json_check_limits (obj, voisins_post_text_limits,
                                               voisins_post_number_ranges, error)))
    return NULL;

  return g_steal_pointer (&post);
}

JsonNode *
voisins_member_to_json (VoisinsMember *m,
                        gboolean       personal)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (VOISINS_IS_MEMBER (m), NULL);

  json_builder_begin_object (b);
  add_string (b, "id", voisins_member_get_id (m));
  add_string (b, "association_id", voisins_member_get_association_id (m));
  add_string (b, "first_name", voisins_member_get_first_name (m));
  if (personal)
    {
      add_string (b, "last_name", voisins_member_get_last_name (m));
      add_string (b, "address", voisins_member_get_address (m));
      add_string (b, "phone", voisins_member_get_phone (m));
      add_string (b, "email", voisins_member_get_email (m));
      add_double (b, "lat", voisins_member_get_latitude (m));
      add_double (b, "lon", voisins_member_get_longitude (m));
    }
  else
    {
      const char *last = voisins_member_get_last_name (m);
      g_autofree char *initial = NULL;

      /* First name and initial: "Jeanne M." */
      if (last != NULL && *last != '\0')
        {
          gunichar c = g_unichar_toupper (g_utf8_get_char (last));
          char buf[8] = { 0 };

          g_unichar_to_utf8 (c, buf);
          initial = g_strconcat (buf, ".", NULL);
        }
      add_string (b, "last_name", initial);
    }
  add_string (b, "postcode", voisins_member_get_postcode (m));
  add_string (b, "city", voisins_member_get_city (m));
  add_double (b, "approx_lat", voisins_member_get_approx_latitude (m));
  add_double (b, "approx_lon", voisins_member_get_approx_longitude (m));
  add_string (b, "verification",
              voisins_verification_to_string (voisins_member_get_verification (m)));
  add_string (b, "verified_how", voisins_member_get_verified_how (m));
  add_string (b, "verified_by", voisins_member_get_verified_by (m));
  add_int (b, "verified_at", voisins_member_get_verified_at (m));
  add_int (b, "consent_at", voisins_member_get_consent_at (m));
  add_string (b, "consent_by", voisins_member_get_consent_by (m));
  add_string (b, "consent_scope", voisins_member_get_consent_scope (m));
  add_string (b, "languages", voisins_member_get_languages (m));
  if (personal)
    add_string (b, "needs", voisins_member_get_needs (m));
  add_string (b, "contact_channel", voisins_member_get_contact_channel (m));
  if (personal)
    add_string (b, "address_override", voisins_member_get_address_override (m));
  json_builder_set_member_name (b, "no_internet");
  json_builder_add_boolean_value (b, voisins_member_get_no_internet (m));
  add_int (b, "erased_at", voisins_member_get_erased_at (m));
  add_int (b, "created_at", voisins_member_get_created_at (m));
  add_int (b, "updated_at", voisins_member_get_updated_at (m));
  add_int (b, "version", voisins_member_get_version (m));
  add_int (b, "server_seq", voisins_member_get_server_seq (m));
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, voisins_member_get_deleted (m));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

VoisinsMember *
voisins_member_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  JsonObject *obj;
  const char *id = NULL, *assoc = NULL, *verification = "unverified";
  const char *s[16] = { NULL };
  static const char *string_fields[] = {
    "first_name", "last_name", "address", "postcode", "city", "phone", "email",
    "verified_how", "verified_by", "consent_by", "consent_scope", "languages", "needs",
    "contact_channel", "address_override", NULL
  };
  double lat = 0, lon = 0, alat = 0, alon = 0;
  gint64 verified_at = 0, consent_at = 0, created = 0, updated = 0, version = 0, seq = 0;
  gint64 erased_at = 0;
  gboolean deleted = FALSE, no_internet = FALSE;
  VoisinsVerification v;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("A member must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (node);

  if (!check_known_fields (obj, member_fields, error) ||
      !read_uuid (obj, "id", TRUE, &id, error) ||
      !read_uuid (obj, "association_id", FALSE, &assoc, error) ||
      !voisins_json_get_string (obj, "verification", FALSE, &verification, error) ||
      !voisins_json_get_double (obj, "lat", FALSE, &lat, error) ||
      !voisins_json_get_double (obj, "lon", FALSE, &lon, error) ||
      !voisins_json_get_double (obj, "approx_lat", FALSE, &alat, error) ||
      !voisins_json_get_double (obj, "approx_lon", FALSE, &alon, error) ||
      !voisins_json_get_int (obj, "verified_at", FALSE, &verified_at, error) ||
      !voisins_json_get_int (obj, "consent_at", FALSE, &consent_at, error) ||
      !voisins_json_get_int (obj, "erased_at", FALSE, &erased_at, error) ||
      !voisins_json_get_bool (obj, "no_internet", FALSE, &no_internet, error) ||
      !voisins_json_get_int (obj, "created_at", FALSE, &created, error) ||
      !voisins_json_get_int (obj, "updated_at", FALSE, &updated, error) ||
      !voisins_json_get_int (obj, "version", FALSE, &version, error) ||
      !voisins_json_get_int (obj, "server_seq", FALSE, &seq, error) ||
      !voisins_json_get_bool (obj, "deleted", FALSE, &deleted, error))
    return NULL;

  for (guint i = 0; string_fields[i]; i++)
    if (!voisins_json_get_string (obj, string_fields[i], FALSE, &s[i], error))
      return NULL;

  if (!voisins_verification_from_string (verification, &v))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Unknown verification state"));
      return NULL;
    }

  voisins_member_set_id (m, id);
  voisins_member_set_association_id (m, assoc);
  voisins_member_set_first_name (m, s[0]);
  voisins_member_set_last_name (m, s[1]);
  voisins_member_set_address (m, s[2]);
  voisins_member_set_postcode (m, s[3]);
  voisins_member_set_city (m, s[4]);
  voisins_member_set_phone (m, s[5]);
  voisins_member_set_email (m, s[6]);
  voisins_member_set_verified_how (m, s[7]);
  voisins_member_set_verified_by (m, s[8]);
  voisins_member_set_consent_by (m, s[9]);
  voisins_member_set_consent_scope (m, s[10]);
  voisins_member_set_languages (m, s[11]);
  voisins_member_set_needs (m, s[12]);
  voisins_member_set_contact_channel (m, s[13]);
  voisins_member_set_address_override (m, s[14]);
  voisins_member_set_no_internet (m, no_internet);
  voisins_member_set_erased_at (m, erased_at);
  voisins_member_set_latitude (m, lat);
  voisins_member_set_longitude (m, lon);
  voisins_member_set_approx_latitude (m, alat);
  voisins_member_set_approx_longitude (m, alon);
  voisins_member_set_verification (m, v);
  voisins_member_set_verified_at (m, verified_at);
  voisins_member_set_consent_at (m, consent_at);
  voisins_member_set_created_at (m, created);
  voisins_member_set_updated_at (m, updated);
  voisins_member_set_version (m, version);
  voisins_member_set_server_seq (m, seq);
  voisins_member_set_deleted (m, deleted);

  if (!deleted && !voisins_member_validate (m, error))
    return NULL;

  return g_steal_pointer (&m);
}
