/* test-codec.c: JSON in and out, and the validation both sides share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "voisins-core.h"

#define POST_ID "01900000-0000-7000-8000-0000000000aa"
#define MEMBER_ID "01900000-0000-7000-8000-000000000002"

static VoisinsPost *
parse_post (const char  *json,
            GError     **error)
{
  g_autoptr(JsonNode) node = voisins_json_parse (json, -1, error);

  if (node == NULL)
    return NULL;
  return voisins_post_from_json (node, error);
}

static void
test_post_round_trip (void)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(VoisinsPost) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  voisins_post_set_id (post, POST_ID);
  voisins_post_set_kind (post, VOISINS_POST_KIND_OFFER);
  voisins_post_set_category (post, VOISINS_CATEGORY_LENDING);
  voisins_post_set_title (post, "Prêt d'un appareil à raclette");
  voisins_post_set_body (post, "Pour 8 personnes.\nÀ récupérer rue de Charenton.");
  voisins_post_set_author_id (post, MEMBER_ID);
  voisins_post_set_latitude (post, 48.8471);
  voisins_post_set_longitude (post, 2.3745);
  voisins_post_set_created_at (post, 1764000000);
  voisins_post_set_version (post, 3);

  node = voisins_post_to_json (post);
  json = voisins_json_to_string (node);
  back = parse_post (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_title (back), ==, voisins_post_get_title (post));
  g_assert_cmpstr (voisins_post_get_body (back), ==, voisins_post_get_body (post));
  g_assert_cmpint (voisins_post_get_kind (back), ==, VOISINS_POST_KIND_OFFER);
  g_assert_cmpint (voisins_post_get_category (back), ==, VOISINS_CATEGORY_LENDING);
  g_assert_cmpfloat (voisins_post_get_latitude (back), ==, 48.8471);
  g_assert_cmpint (voisins_post_get_version (back), ==, 3);
}

static void
test_post_bad_input (void)
{
  g_autoptr(GString) huge = g_string_new ("{\"id\":\"" POST_ID "\",\"title\":\"");
  struct { const char *json; int code; } cases[] = {
    { "{\"id\":", VOISINS_CODEC_ERROR_MALFORMED },
    { "[1,2]", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"title\":\"Sans id\"}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"42\",\"title\":\"Un titre\"}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":42}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"admin\":true}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"kind\":\"gift\"}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"created_at\":-5}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"lat\":\"48\"}", VOISINS_CODEC_ERROR_MALFORMED },
    { "{\"id\":\"" POST_ID "\",\"title\":\"\"}", VOISINS_CODEC_ERROR_INVALID },
    { "{\"id\":\"" POST_ID "\",\"title\":\"ab\"}", VOISINS_CODEC_ERROR_INVALID },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un\\u0000titre\"}", VOISINS_CODEC_ERROR_INVALID },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"starts_at\":20,\"ends_at\":10}",
      VOISINS_CODEC_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VoisinsPost) post = parse_post (cases[i].json, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (post);
      g_assert_error (error, VOISINS_CODEC_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* A 1 MiB title is refused, not stored. */
  for (int i = 0; i < 1024 * 1024; i++)
    g_string_append_c (huge, 'a');
  g_string_append (huge, "\"}");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VoisinsPost) post = parse_post (huge->str, &error);
    g_assert_null (post);
    g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
  }
}

static void
test_member_privacy (void)
{
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  g_autoptr(JsonNode) limited = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(VoisinsMember) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limited_json = NULL;
  JsonObject *obj;

  voisins_member_set_id (m, MEMBER_ID);
  voisins_member_set_first_name (m, "Émile");
  voisins_member_set_last_name (m, "Ouédraogo");
  voisins_member_set_address (m, "8 rue Traversière");
  voisins_member_set_phone (m, "06 12 34 56 78");
  voisins_member_set_needs (m, "Ne peut pas monter d'escaliers");
  voisins_member_set_latitude (m, 48.8461);
  voisins_member_set_longitude (m, 2.3702);
  voisins_member_set_approx_latitude (m, 48.8465);
  voisins_member_set_approx_longitude (m, 2.3710);

  /* What a volunteer receives: first name and initial, approximate position only. */
  limited = voisins_member_to_json (m, FALSE);
  obj = json_node_get_object (limited);
  g_assert_cmpstr (json_object_get_string_member (obj, "first_name"), ==, "Émile");
  g_assert_cmpstr (json_object_get_string_member (obj, "last_name"), ==, "O.");
  g_assert_false (json_object_has_member (obj, "address"));
  g_assert_false (json_object_has_member (obj, "phone"));
  g_assert_false (json_object_has_member (obj, "lat"));
  g_assert_false (json_object_has_member (obj, "needs"));
  limited_json = voisins_json_to_string (limited);
  g_assert_null (strstr (limited_json, "Traversière"));
  g_assert_null (strstr (limited_json, "Ouédraogo"));
  g_assert_null (strstr (limited_json, "48.8461"));

  full = voisins_member_to_json (m, TRUE);
  back = voisins_member_from_json (full, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_member_get_last_name (back), ==, "Ouédraogo");
  g_assert_cmpstr (voisins_member_get_address (back), ==, "8 rue Traversière");
  g_assert_cmpfloat (voisins_member_get_latitude (back), ==, 48.8461);
}

static void
test_strict_getters (void)
{
  g_autoptr(JsonNode) node = voisins_json_parse ("{\"a\":1,\"b\":\"x\",\"c\":1.5,\"d\":true,"
                                                 "\"e\":null,\"f\":[1]}", -1, NULL);
  JsonObject *obj = json_node_get_object (node);
  g_autoptr(GError) error = NULL;
  const char *s = "unchanged";
  gint64 i = 7;
  double d = 0;
  gboolean b = FALSE;

  g_assert_true (voisins_json_get_int (obj, "a", TRUE, &i, &error));
  g_assert_cmpint (i, ==, 1);
  g_assert_false (voisins_json_get_int (obj, "b", TRUE, &i, &error));
  g_clear_error (&error);
  g_assert_false (voisins_json_get_int (obj, "c", TRUE, &i, &error));
  g_clear_error (&error);
  g_assert_true (voisins_json_get_double (obj, "a", TRUE, &d, &error));
  g_assert_cmpfloat (d, ==, 1.0);
  g_assert_true (voisins_json_get_bool (obj, "d", TRUE, &b, &error));
  g_assert_true (b);
  g_assert_true (voisins_json_get_string (obj, "e", FALSE, &s, &error));
  g_assert_cmpstr (s, ==, "unchanged");
  g_assert_false (voisins_json_get_string (obj, "e", TRUE, &s, &error));
  g_clear_error (&error);
  g_assert_false (voisins_json_get_string (obj, "f", FALSE, &s, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED);
}

static void
test_cursor (void)
{
  g_autofree char *cursor = voisins_cursor_format ("ep0ch", MEMBER_ID, 42);
  g_autofree char *epoch = NULL;
  g_autofree char *assoc = NULL;
  gint64 seq = -1;
  const char *bad[] = {
    "", "ep0ch", "ep0ch:" MEMBER_ID, "ep0ch:" MEMBER_ID ":", "ep0ch:" MEMBER_ID ":-1",
    "ep0ch:" MEMBER_ID ":4x", "ep0ch:" MEMBER_ID ":1:2", "ep0ch:" MEMBER_ID ":99999999999999999999",
  };

  g_assert_cmpstr (cursor, ==, "ep0ch:" MEMBER_ID ":42");
  g_assert_true (voisins_cursor_parse (cursor, &epoch, &assoc, &seq));
  g_assert_cmpstr (epoch, ==, "ep0ch");
  g_assert_cmpstr (assoc, ==, MEMBER_ID);
  g_assert_cmpint (seq, ==, 42);

  /* Every out-parameter is optional. */
  g_assert_true (voisins_cursor_parse (cursor, NULL, NULL, NULL));

  g_assert_false (voisins_cursor_parse (NULL, NULL, NULL, &seq));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *e = NULL;

      seq = -7;
      g_assert_false (voisins_cursor_parse (bad[i], &e, NULL, &seq));
      g_assert_null (e);
      g_assert_cmpint (seq, ==, -7);
    }
}

#define HOST_ID  "01900000-0000-7000-8000-0000000000b1"
#define GUEST_ID "01900000-0000-7000-8000-0000000000b2"
#define ASSOC_ID "01900000-0000-7000-8000-0000000000b3"

static void
test_holiday_round_trip (void)
{
  VoisinsHolidayHost host = {
    .id = HOST_ID, .association_id = ASSOC_ID, .member_id = MEMBER_ID,
    .slots = VOISINS_HOLIDAY_SLOT_DEC24_EVENING | VOISINS_HOLIDAY_SLOT_JAN01_LUNCH,
    .seats = 3, .step_free = TRUE, .pets = FALSE, .diets = VOISINS_DIET_HALAL,
    .languages = "fr,pt", .alcohol_free = TRUE, .children = FALSE, .can_fetch = TRUE,
    .notes = "Deuxième étage, digicode 1234",
  };
  VoisinsHolidayGuest guest = {
    .id = GUEST_ID, .association_id = ASSOC_ID, .member_id = MEMBER_ID,
    .slots = VOISINS_HOLIDAY_SLOT_DEC25_LUNCH, .no_stairs = TRUE,
    .diets = VOISINS_DIET_VEGETARIAN | VOISINS_DIET_DIABETIC, .languages = NULL,
    .pet_allergy = TRUE, .needs_fetch = FALSE, .wants_quiet = TRUE, .notes = NULL,
  };
  VoisinsHolidayHost h = { 0 };
  VoisinsHolidayGuest g = { 0 };
  g_autoptr(JsonNode) host_node = voisins_holiday_host_to_json (&host);
  g_autoptr(JsonNode) guest_node = voisins_holiday_guest_to_json (&guest);
  g_autoptr(JsonNode) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj;

  /* What the encoders write is exactly what the server's spec accepts. */
  g_assert_true (voisins_field_spec_check (json_node_get_object (host_node),
                                           voisins_holiday_host_spec, &error));
  g_assert_no_error (error);
  g_assert_true (voisins_field_spec_check (json_node_get_object (guest_node),
                                           voisins_holiday_guest_spec, &error));
  g_assert_no_error (error);

  /* Through text and back, as on the wire. */
  text = voisins_json_to_string (host_node);
  reparsed = voisins_json_parse (text, -1, &error);
  g_assert_no_error (error);
  voisins_holiday_host_read (json_node_get_object (reparsed), &h);
  g_assert_cmpstr (h.member_id, ==, host.member_id);
  g_assert_cmpuint (h.slots, ==, host.slots);
  g_assert_cmpuint (h.seats, ==, host.seats);
  g_assert_cmpint (h.step_free, ==, host.step_free);
  g_assert_cmpint (h.pets, ==, host.pets);
  g_assert_cmpuint (h.diets, ==, host.diets);
  g_assert_cmpstr (h.languages, ==, host.languages);
  g_assert_cmpint (h.alcohol_free, ==, host.alcohol_free);
  g_assert_cmpint (h.children, ==, host.children);
  g_assert_cmpint (h.can_fetch, ==, host.can_fetch);
  g_assert_cmpstr (h.notes, ==, host.notes);

  voisins_holiday_guest_read (json_node_get_object (guest_node), &g);
  g_assert_cmpstr (g.member_id, ==, guest.member_id);
  g_assert_cmpuint (g.slots, ==, guest.slots);
  g_assert_cmpint (g.no_stairs, ==, guest.no_stairs);
  g_assert_cmpuint (g.diets, ==, guest.diets);
  g_assert_cmpstr (g.languages, ==, "");  /* NULL goes out as "" */
  g_assert_cmpint (g.pet_allergy, ==, guest.pet_allergy);
  g_assert_cmpint (g.needs_fetch, ==, guest.needs_fetch);
  g_assert_cmpint (g.wants_quiet, ==, guest.wants_quiet);
  g_assert_cmpstr (g.notes, ==, "");

  /* The spec refuses an unknown field, a missing required one, a wrong type, an id that
   * is not a UUID and an out-of-range int. */
  obj = json_node_get_object (host_node);
  json_object_set_string_member (obj, "phone", "0102030405");
  g_assert_false (voisins_field_spec_check (obj, voisins_holiday_host_spec, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED);
  g_clear_error (&error);
  json_object_remove_member (obj, "phone");

  json_object_set_int_member (obj, "seats", 21);
  g_assert_false (voisins_field_spec_check (obj, voisins_holiday_host_spec, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
  g_clear_error (&error);
  json_object_set_string_member (obj, "seats", "3");
  g_assert_false (voisins_field_spec_check (obj, voisins_holiday_host_spec, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
  g_clear_error (&error);
  json_object_set_int_member (obj, "seats", 3);

  json_object_set_string_member (obj, "member_id", "not-a-uuid");
  g_assert_false (voisins_field_spec_check (obj, voisins_holiday_host_spec, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
  g_clear_error (&error);
  json_object_remove_member (obj, "member_id");
  g_assert_false (voisins_field_spec_check (obj, voisins_holiday_host_spec, &error));
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_holiday_read_lenient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  VoisinsHolidayHost h = { 0 };
  VoisinsHolidayMatch m = { 0 };

  /* An older server's slot names, SQLite's 0/1 booleans, and a field of a newer one. */
  node = voisins_json_parse ("{\"member_id\":\"" MEMBER_ID "\","
                             "\"slots\":[\"dec24-evening\",\"jan01-lunch\",\"easter\"],"
                             "\"seats\":2.0,\"pets\":1,\"children\":true,"
                             "\"phone\":\"0102\",\"future\":{}}", -1, &error);
  g_assert_no_error (error);
  voisins_holiday_host_read (json_node_get_object (node), &h);
  g_assert_cmpuint (h.slots, ==, VOISINS_HOLIDAY_SLOT_DEC24_EVENING |
                                 VOISINS_HOLIDAY_SLOT_JAN01_LUNCH);
  g_assert_cmpuint (h.seats, ==, 2);
  g_assert_true (h.pets);
  g_assert_true (h.children);
  g_assert_false (h.step_free);
  g_assert_null (h.languages);
  g_assert_cmpstr (h.phone, ==, "0102");

  g_clear_pointer (&node, json_node_unref);
  node = voisins_json_parse ("{\"host_id\":\"" HOST_ID "\",\"guest_id\":\"" GUEST_ID "\","
                             "\"slot\":4,\"version\":3,\"feedback\":\"Très bien\"}",
                             -1, &error);
  g_assert_no_error (error);
  voisins_holiday_match_read (json_node_get_object (node), &m);
  g_assert_cmpstr (m.host_id, ==, HOST_ID);
  g_assert_cmpstr (m.guest_id, ==, GUEST_ID);
  g_assert_cmpuint (m.slot, ==, 4);
  g_assert_cmpint (m.version, ==, 3);
  g_assert_cmpstr (m.feedback, ==, "Très bien");
}


/* Finding 4: every number of a post or a member is finite and in range; a refusal names
 * the field. */
static void
test_number_ranges (void)
{
  struct { const char *json; const char *field; } posts[] = {
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"lat\":1e308}", "lat" },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"lat\":-90.5}", "lat" },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"lon\":180.01}", "lon" },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"created_at\":5}", "created_at" },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"starts_at\":4102444801}", "starts_at" },
    { "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"version\":9007199254740993}", "version" },
  };
  struct { const char *json; const char *field; } members[] = {
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"approx_lat\":1e22}", "approx_lat" },
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"lat\":1e308}", "lat" },
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"approx_lon\":-181}", "approx_lon" },
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"consent_at\":12}", "consent_at" },
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"verified_at\":5000000000}",
      "verified_at" },
    { "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\",\"server_seq\":1e300}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VoisinsPost) post = parse_post (posts[i].json, &error);

      g_test_message ("post case %u: %s", i, posts[i].json);
      g_assert_null (post);
      g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, posts[i].field));
    }
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = voisins_json_parse (members[i].json, -1, &error);
      g_autoptr(VoisinsMember) m = NULL;

      g_test_message ("member case %u: %s", i, members[i].json);
      g_assert_no_error (error);
      m = voisins_member_from_json (node, &error);
      g_assert_null (m);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VOISINS_CODEC_ERROR);
      if (members[i].field)
        {
          g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, members[i].field));
        }
    }

  /* The boundaries themselves, and 0 for "not set", pass. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VoisinsPost) post = NULL;

    post = parse_post ("{\"id\":\"" POST_ID "\",\"title\":\"Un titre\",\"lat\":-90,\"lon\":180,"
                       "\"created_at\":946684800,\"starts_at\":0,\"ends_at\":4102444800}",
                       &error);

    g_assert_no_error (error);
    g_assert_nonnull (post);
  }

  /* A holiday table has 1..20 seats. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    node = voisins_json_parse ("{\"id\":\"" HOST_ID "\",\"association_id\":\"" GUEST_ID "\","
                               "\"member_id\":\"" MEMBER_ID "\",\"slots\":1,\"seats\":0}",
                               -1, &error);

    g_assert_false (voisins_field_spec_check (json_node_get_object (node),
                                              voisins_holiday_host_spec, &error));
    g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "seats"));
  }
}

/* Finding 8: every text field of a member has a length limit, the same table both sides
 * use; one character over is refused, naming the field. */
static void
test_text_limits (void)
{
  const VoisinsTextLimit *tables[] = { voisins_member_text_limits, voisins_post_text_limits };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const VoisinsTextLimit *l = tables[t]; l->name; l++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GString) value = g_string_new (NULL);
        g_autoptr(JsonNode) node = NULL;
        JsonObject *obj;
        gboolean ok;

        /* A valid record, then the field at its limit (accepted) and one over (refused). */
        node = voisins_json_parse (t == 0 ? "{\"id\":\"" MEMBER_ID "\",\"first_name\":\"Ana\"}"
                                          : "{\"id\":\"" POST_ID "\",\"title\":\"Un titre\"}",
                                   -1, &error);
        g_assert_no_error (error);
        obj = json_node_get_object (node);
        for (guint i = 0; i < l->max; i++)
          g_string_append_unichar (value, i % 2 ? 0xe9 : 'a');   /* characters, not bytes */

        for (int over = 0; over <= 1; over++)
          {
            GObject *record;

            if (over)
              g_string_append_c (value, 'z');
            json_object_set_string_member (obj, l->name, value->str);
            g_test_message ("%s %s: %u characters", t == 0 ? "member" : "post", l->name,
                            l->max + over);
            record = t == 0 ? G_OBJECT (voisins_member_from_json (node, &error))
                            : G_OBJECT (voisins_post_from_json (node, &error));
            ok = record != NULL;
            g_clear_object (&record);
            if (!over)
              {
                g_assert_no_error (error);
                g_assert_true (ok);
              }
            else
              {
                g_assert_false (ok);
                g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
                g_clear_error (&error);
              }
          }
      }

  /* A megabyte of city, as in the finding, and a control character in a postcode. */
  {
    g_autoptr(VoisinsMember) m = voisins_member_new ();
    g_autofree char *city = g_strnfill (1024 * 1024, 'x');
    g_autoptr(GError) error = NULL;

    voisins_member_set_id (m, MEMBER_ID);
    voisins_member_set_first_name (m, "Ana");
    voisins_member_set_city (m, city);
    g_assert_false (voisins_member_validate (m, &error));
    g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "city"));
    g_clear_error (&error);

    voisins_member_set_city (m, "Paris");
    voisins_member_set_postcode (m, "75\00112");
    g_assert_false (voisins_member_validate (m, &error));
    g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "postcode"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/codec/post/round-trip", test_post_round_trip);
  g_test_add_func ("/codec/post/bad-input", test_post_bad_input);
  g_test_add_func ("/codec/member/privacy", test_member_privacy);
  g_test_add_func ("/codec/json/strict-getters", test_strict_getters);
  g_test_add_func ("/codec/cursor", test_cursor);
  g_test_add_func ("/codec/holiday/round-trip", test_holiday_round_trip);
  g_test_add_func ("/codec/holiday/read-lenient", test_holiday_read_lenient);
  g_test_add_func ("/codec/limits/numbers", test_number_ranges);
  g_test_add_func ("/codec/limits/texts", test_text_limits);

  return g_test_run ();
}
