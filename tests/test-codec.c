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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/codec/post/round-trip", test_post_round_trip);
  g_test_add_func ("/codec/post/bad-input", test_post_bad_input);
  g_test_add_func ("/codec/member/privacy", test_member_privacy);
  g_test_add_func ("/codec/json/strict-getters", test_strict_getters);

  return g_test_run ();
}
