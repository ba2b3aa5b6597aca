/* test-json-guard.c: the depth limit and byte checks run before json-glib (issue 10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "voisins-core.h"
#include "voisins-json-guard.h"

/* @depth opening brackets (alternating when @mixed), a value, then the closing ones. */
static char *
nested (guint    depth,
        gboolean objects,
        gboolean mixed,
        gboolean closed)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    {
      gboolean obj = mixed ? (i % 2 == 1) : objects;

      g_string_append (s, obj ? "{\"k\":" : "[");
    }
  g_string_append (s, "1");
  if (closed)
    for (guint i = depth; i > 0; i--)
      {
        gboolean obj = mixed ? ((i - 1) % 2 == 1) : objects;

        g_string_append_c (s, obj ? '}' : ']');
      }

  return g_string_free (s, FALSE);
}

static void
assert_parses (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = voisins_json_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
assert_refused (const char *json,
                gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = voisins_json_parse (json, length, &error);

  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED);
  g_assert_null (node);
}

static void
test_depth_limit (void)
{
  for (int kind = 0; kind < 3; kind++)
    {
      gboolean objects = kind == 1, mixed = kind == 2;
      g_autofree char *d63 = nested (63, objects, mixed, TRUE);
      g_autofree char *d64 = nested (64, objects, mixed, TRUE);
      g_autofree char *d65 = nested (65, objects, mixed, TRUE);

      assert_parses (d63);
      assert_parses (d64);
      assert_refused (d65, -1);
      g_assert_true (voisins_json_guard_check (d64, -1, VOISINS_JSON_MAX_DEPTH, NULL));
      g_assert_false (voisins_json_guard_check (d65, -1, VOISINS_JSON_MAX_DEPTH, NULL));
    }
}

static void
test_deep_nesting (void)
{
  /* json-glib alone overflows the stack at about 74,000 levels. */
  for (int kind = 0; kind < 3; kind++)
    {
      g_autofree char *open = nested (100000, kind == 1, kind == 2, FALSE);
      g_autofree char *closed = nested (100000, kind == 1, kind == 2, TRUE);
      g_autoptr(GError) error = NULL;

      assert_refused (open, -1);
      assert_refused (closed, -1);
      g_assert_false (voisins_json_guard_check (closed, -1, VOISINS_JSON_MAX_DEPTH, &error));
      g_assert_nonnull (strstr (error->message, "nested too deeply"));
    }
}

static void
test_strings (void)
{
  g_autofree char *many = g_strnfill (100000, '[');
  g_autofree char *in_string = g_strdup_printf ("{\"a\":\"%s\"}", many);

  /* Brackets inside strings do not count. */
  assert_parses ("\"[[[[\"");
  assert_parses ("[\"]]]]\", \"{{{{\"]");
  assert_parses (in_string);
  /* Escapes: an escaped quote does not end the string, an escaped backslash does not
   * escape the quote after it. */
  assert_parses ("[\"\\\\\"]");
  assert_parses ("[\"\\\"]\"]");
  assert_parses ("{\"a\\\"[\":\"\\\\\",\"b\":[1]}");
  assert_parses ("[\"\\u005b\"]");
  g_assert_true (voisins_json_guard_check ("\"\\\\\\\"\"", -1, 1, NULL));
}

static void
test_truncated (void)
{
  const char *truncated[] = {
    "{\"a\":", "[1,2", "{\"a\":\"xy", "\"\\", "[\"\\\"]", "{\"a\":[1]", "]", "}{", "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (truncated); i++)
    assert_refused (truncated[i], -1);
  assert_refused (NULL, -1);
  assert_refused ("{\"a\":1}", 4);
}

static void
test_bytes (void)
{
  static const char nul[] = "{\"a\":\"x\0y\"}";
  static const char latin1[] = "{\"a\":\"caf\xe9\"}";
  static const char overlong[] = "[\"\xc0\xaf\"]";
  static const char surrogate[] = "[\"\xed\xa0\x80\"]";
  g_autoptr(GError) error = NULL;

  assert_refused (nul, sizeof nul - 1);
  assert_refused (latin1, -1);
  assert_refused (overlong, -1);
  assert_refused (surrogate, -1);
  g_assert_false (voisins_json_guard_check (nul, sizeof nul - 1, 64, &error));
  g_assert_nonnull (strstr (error->message, "NUL"));
  assert_parses ("[\"café ✓\"]");
}

/* Found by fuzz-json: json-glib reads `\6…` as an octal escape, into invalid UTF-8 that
 * it then writes out; the other escapes JSON does not allow go with it. */
static void
test_escapes (void)
{
  const char *refused[] = {
    "[\"b\\666\"]", "[\"\\x41\"]", "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"\\ud800\"]",
    "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"a\tb\"]", "[\"a\nb\"]",
    "[\"\\\"]",
  };
  const char *accepted[] = {
    "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", "[\"\\u00e9\\u20AC\"]", "[\"\\ud83d\\ude00\"]",
    /* Found by fuzz-json: json-glib writes U+001F as is. */
    "[\"a\\u001fb\\u0001\\u001d\"]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i], -1);
  /* json-glib's extensions: single quotes, comments, bare words. */
  assert_refused ("['1']", -1);
  assert_refused ("[1 /* c */]", -1);
  assert_refused ("{a:1}", -1);
  assert_refused ("[True]", -1);
  assert_parses (" {\"a\" : [true, false, null, -1.5e+3] }\r\n");
  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonNode) node = voisins_json_parse (accepted[i], -1, NULL);
      g_autofree char *text = NULL;

      g_assert_nonnull (node);
      text = voisins_json_to_string (node);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      assert_parses (text);
    }
}

static void
test_fix_numbers (void)
{
  struct { const char *in, *out; } cases[] = {
    { "[1e+22.0,2]", "[1e+22,2]" },
    { "{\"a\":1e-07.0}", "{\"a\":1e-07}" },
    { "[1.5e+22]", "[1.5e+22]" },
    { "[1.0,10.0]", "[1.0,10.0]" },
    { "[\"1e+22.0\"]", "[\"1e+22.0\"]" },
    { "[\"\\\"1e5.0\"]", "[\"\\\"1e5.0\"]" },
    { "[true,1E5.0]", "[true,1E5]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup (cases[i].in);

      voisins_json_guard_fix_numbers (text);
      g_assert_cmpstr (text, ==, cases[i].out);
    }
}

/* json-glib 1.6 writes 1e22 as `1e+22.0`: what we write must parse again, to the same
 * value; what is not finite is refused when read. */
static void
test_extreme_doubles (void)
{
  const double values[] = {
    1e22, -1e22, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
    1e-7, 1e16, 1e17, 123456789012345678.0, 0.1, -0.0, 90.0, 1e21, 4.35e-5,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      double out = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "approx_lat");
      json_builder_add_double_value (builder, values[i]);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);

      text = voisins_json_to_string (node);
      back = voisins_json_parse (text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (voisins_json_get_double (json_node_get_object (back), "approx_lat", TRUE,
                                              &out, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (out, ==, values[i]);
    }

  /* Out of double's range: json-glib reads infinity and writes `inf`; refused before. */
  {
    g_autofree char *digits = g_strnfill (400, '9');
    g_autofree char *long_int = g_strdup_printf ("[%s]", digits);

    assert_refused ("{\"approx_lat\":1e400}", -1);
    assert_refused ("[-1e400]", -1);
    assert_refused ("[3.7976931348623157e308]", -1);
    assert_refused (long_int, -1);
    assert_parses ("[1.7976931348623157e308, -1e-400, 0e999999]");
  }

  /* What the server wrote before the fix is refused, not crashed on. */
  assert_refused ("{\"approx_lat\":1e+22.0}", -1);
}

/* The lenient readers: every member of every type, read as every type, gives the value or
 * the fallback, never a critical (the test runs under G_DEBUG=fatal-criticals). */
static void
test_lenient_reads (void)
{
  g_autoptr(JsonNode) node = voisins_json_parse ("{\"s\":\"x\",\"i\":7,\"d\":2.5,\"b\":true,"
                                                  "\"n\":null,\"o\":{\"k\":1},\"a\":[1,\"y\",{}],"
                                                  "\"big\":1e300}",
                                                  -1, NULL);
  const char *names[] = { "s", "i", "d", "b", "n", "o", "a", "big", "absent" };
  JsonObject *obj;
  JsonArray  *a;

  g_assert_nonnull (node);
  obj = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *m = names[i];
      gboolean    is = FALSE;

      is = g_str_equal (m, "s");
      g_assert_cmpstr (voisins_json_read_string_or (obj, m, "fb"), ==, is ? "x" : "fb");
      is = g_str_equal (m, "i") || g_str_equal (m, "d") || g_str_equal (m, "b");
      if (!is)
        {
          g_assert_cmpint (voisins_json_read_int_or (obj, m, -5), ==, -5);
          g_assert_cmpfloat (voisins_json_read_double_or (obj, m, -5), ==,
                             g_str_equal (m, "big") ? 1e300 : -5);
        }
      g_assert_true ((voisins_json_read_object (obj, m) != NULL) == g_str_equal (m, "o"));
      g_assert_true ((voisins_json_read_array (obj, m) != NULL) == g_str_equal (m, "a"));
      if (!g_str_equal (m, "i") && !g_str_equal (m, "b"))
        g_assert_true (voisins_json_read_bool_or (obj, m, TRUE));
    }
  g_assert_cmpint (voisins_json_read_int (obj, "i"), ==, 7);
  g_assert_cmpint (voisins_json_read_int (obj, "d"), ==, 2);
  g_assert_cmpint (voisins_json_read_int (obj, "b"), ==, 1);
  g_assert_cmpfloat (voisins_json_read_double (obj, "i"), ==, 7.0);
  g_assert_true (voisins_json_read_bool (obj, "b"));

  /* A NULL object reads as the fallbacks too (a chain of reads through a missing object). */
  g_assert_null (voisins_json_read_string (NULL, "s"));
  g_assert_cmpint (voisins_json_read_int_or (voisins_json_read_object (obj, "absent"), "k", 3), ==,
                   3);

  a = voisins_json_read_array (obj, "a");
  g_assert_null (voisins_json_element_object (a, 0));
  g_assert_null (voisins_json_element_string (a, 0));
  g_assert_cmpfloat (voisins_json_element_double (a, 0, -1), ==, 1.0);
  g_assert_cmpstr (voisins_json_element_string (a, 1), ==, "y");
  g_assert_cmpfloat (voisins_json_element_double (a, 1, -1), ==, -1.0);
  g_assert_nonnull (voisins_json_element_object (a, 2));
  g_assert_null (voisins_json_element_object (a, 3));
  g_assert_null (voisins_json_element_string (NULL, 0));
}

/* voisins_json_to_string () writes what json-glib's generator writes once its two faults
 * are mended: every value kind, every ASCII character in strings and names, doubles of
 * every magnitude. */
static char *
generator_mended (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  voisins_json_guard_fix_numbers (text);
  return voisins_json_guard_escape_controls (text);
}

static void
assert_written_as_generator (JsonNode *node)
{
  g_autofree char *want = generator_mended (node);
  g_autofree char *got = voisins_json_to_string (node);

  g_assert_cmpstr (got, ==, want);
}

static void
test_writer (void)
{
  const double doubles[] = { 0, -0.0, 1, -1, 0.1, 48.845, 2.372, 1e22, 1e21, 1e16, 1e-7,
                             2.5e-5, 1e300, -1e-300, 5e-324, 123456789012345678.0 };
  const gint64 ints[] = { 0, -1, 9, 10, -10, 99, 100, G_MAXINT64, G_MININT64, G_MININT64 + 1,
                         1700000000, -1700000000 };
  const char *texts[] = { "", "é", "日本語", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xc2\x80" };
  const char *docs[] = { "{\"a\":[1,2.5,true,false,null,{\"b\":{}},[]],\"c\":\"x\\ny\"}",
                         "[]", "{}", "null", "[1e22,{\"x\":-0.0,\"y\":[[[]]]}]" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1520);

  for (guint i = 0; i < G_N_ELEMENTS (doubles) + 2000; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

      json_node_set_double (node, i < G_N_ELEMENTS (doubles)
                                      ? doubles[i]
                                      : g_rand_double_range (rand, -1e6, 1e6) *
                                            pow (10, g_rand_int_range (rand, -30, 30)));
      assert_written_as_generator (node);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ints) + 1000; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      guint64 bits = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);

      json_node_set_int (node, i < G_N_ELEMENTS (ints)
                                   ? ints[i]
                                   : (gint64) bits >> g_rand_int_range (rand, 0, 63));
      assert_written_as_generator (node);
    }
  for (int c = 1; c < 128 + (int) G_N_ELEMENTS (texts); c++)
    {
      g_autofree char *text = c < 128 ? g_strdup_printf ("a%cb", c) : g_strdup (texts[c - 128]);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (object, text, text);
      json_object_set_boolean_member (object, "t", c % 2);
      json_object_set_null_member (object, "n");
      node = json_node_init_object (json_node_alloc (), object);
      assert_written_as_generator (node);
    }
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = voisins_json_parse (docs[i], -1, &error);

      g_assert_no_error (error);
      assert_written_as_generator (node);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-guard/depth-limit", test_depth_limit);
  g_test_add_func ("/json-guard/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json-guard/strings", test_strings);
  g_test_add_func ("/json-guard/truncated", test_truncated);
  g_test_add_func ("/json-guard/bytes", test_bytes);
  g_test_add_func ("/json-guard/escapes", test_escapes);
  g_test_add_func ("/json-guard/fix-numbers", test_fix_numbers);
  g_test_add_func ("/json-guard/writer", test_writer);
  g_test_add_func ("/json-guard/extreme-doubles", test_extreme_doubles);
  g_test_add_func ("/json-guard/lenient-reads", test_lenient_reads);

  return g_test_run ();
}
