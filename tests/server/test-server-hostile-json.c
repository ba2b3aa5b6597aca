/* test-server-hostile-json.c: nesting deep enough to overflow a recursive parser gets a 400,
 * with or without a token, and the server keeps serving (issue 10, finding 1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>

#include "server-fixture.h"

#define DEPTH 200000

typedef enum
{
  NEST_ARRAYS,
  NEST_OBJECTS,
  NEST_MIXED,
} Nest;

/* @prefix, then DEPTH levels; arrays are closed again, objects left open (closing them
 * would pass the 1 MiB body limit, and the server must refuse either way). */
static char *
deep (const char *prefix,
      Nest        nest,
      const char *suffix)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < DEPTH; i++)
    {
      if (nest == NEST_ARRAYS || (nest == NEST_MIXED && i % 2 == 0))
        g_string_append_c (s, '[');
      else
        g_string_append (s, "{\"\":");
    }
  if (nest == NEST_ARRAYS)
    {
      g_string_append_c (s, '1');
      for (guint i = 0; i < DEPTH; i++)
        g_string_append_c (s, ']');
    }
  g_string_append (s, suffix);

  return g_string_free (s, FALSE);
}

static void
assert_alive (VsServer *server)
{
  g_autoptr(JsonNode) r = NULL;
  guint status = 0;

  r = vs_get (server, "/api/v1/health", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
expect_400 (VsServer   *server,
            const char *path,
            const char *token,
            const char *body)
{
  g_autoptr(JsonNode) r = NULL;
  guint status = 0;

  r = vs_request (server, "POST", path, token, body, strlen (body), &status, NULL);
  if (status != 400)
    g_error ("%s with %" G_GSIZE_FORMAT " bytes of nesting: HTTP %u, expected 400", path,
             strlen (body), status);
  g_assert_cmpstr (vs_error_code (r), ==, "bad_request");
  assert_alive (server);
}

static void
test_nested_everywhere (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autoptr(JsonNode) r = NULL;
  guint status = 0;
  gint64 records = vs_db_count (w->server, "SELECT count(*) FROM records");

  for (Nest nest = NEST_ARRAYS; nest <= NEST_MIXED; nest++)
    {
      g_autofree char *bare = deep ("", nest, "");
      g_autofree char *login = deep ("{\"username\":\"vol\",\"password\":", nest, "}");
      g_autofree char *push_prefix = g_strdup_printf (
          "{\"client_id\":\"%s\",\"schema\":1,\"mutations\":[{\"seq\":1,"
          "\"name\":\"post.create\",\"args\":{\"id\":\"%s\",\"title\":", client, id);
      g_autofree char *push = deep (push_prefix, nest, "}}]}");
      g_autofree char *pull_prefix = g_strdup_printf (
          "{\"client_id\":\"%s\",\"cursors\":{\"%s\":", client, w->a);
      g_autofree char *pull = deep (pull_prefix, nest, "},\"limit\":10}");

      /* No token: anyone on the internet can send these. */
      expect_400 (w->server, "/api/v1/login", NULL, bare);
      expect_400 (w->server, "/api/v1/login", NULL, login);
      expect_400 (w->server, "/api/v1/sync/push", w->vol, bare);
      expect_400 (w->server, "/api/v1/sync/push", w->vol, push);
      expect_400 (w->server, "/api/v1/sync/pull", w->vol, bare);
      expect_400 (w->server, "/api/v1/sync/pull", w->vol, pull);
    }

  /* Nothing of it was stored, and a plain push still works. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, records);
  {
    g_autofree char *args = vs_post_json (id, w->a, "Tondeuse à prêter");

    r = vs_push1 (w->server, w->vol, client, 1, "post.create", args, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==,
                     "applied");
  }
}

/* A request of the wrong shape is the client’s fault: 4xx, never 500 (the fuzz harnesses
 * take a codec error from the storage as such, as voisins-server does). */
static void
test_wrong_shapes (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  const char *bodies[] = {
    "{}",
    "{\"cursors\":{}}",
    "{\"client_id\":5}",
    "{\"client_id\":[\"x\"]}",
    "{\"client_id\":null,\"limit\":\"ten\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) r = NULL;
      guint status = 0;

      r = vs_request (w->server, "POST", "/api/v1/sync/pull", w->vol, bodies[i],
                      strlen (bodies[i]), &status, NULL);
      if (status < 400 || status >= 500)
        g_error ("pull %s: HTTP %u, expected 4xx", bodies[i], status);
      assert_alive (w->server);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/hostile-json/nested", test_nested_everywhere);
  g_test_add_func ("/server/hostile-json/wrong-shapes", test_wrong_shapes);

  return g_test_run ();
}
