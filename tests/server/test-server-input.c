/* test-server-input.c: hostile input gets a clear error, stores nothing, and the server
 * keeps serving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>

#include "server-fixture.h"

static void
assert_alive (VsWorld *w)
{
  g_autoptr(JsonNode) r = NULL;
  guint status;

  r = vs_get (w->server, "/api/v1/health", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
expect (VsWorld    *w,
        const char *path,
        const char *body,
        gsize       len,
        guint       want_status,
        const char *want_code)
{
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  r = vs_request (w->server, "POST", path, w->vol, body, len, &status, NULL);
  if (status != want_status)
    g_error ("%s with %.80s: %u, expected %u", path, body, status, want_status);
  g_assert_nonnull (r);
  g_assert_cmpstr (vs_error_code (r), ==, want_code);
  text = vs_to_string (r);
  /* never SQL or internals */
  g_assert_null (strstr (text, "SELECT"));
  g_assert_null (strstr (text, "sqlite"));
  assert_alive (w);
}

static void
expect_rejected (VsWorld    *w,
                 const char *client,
                 gint64      seq,
                 const char *name,
                 const char *args)
{
  g_autoptr(JsonNode) r = NULL;
  JsonObject *res;
  guint status = 0;

  r = vs_push1 (w->server, w->vol, client, seq, name, args, &status);
  g_assert_cmpuint (status, ==, 200);
  res = vs_result (r, 0);
  if (g_strcmp0 (json_object_get_string_member (res, "status"), "rejected") != 0)
    g_error ("%s %.100s was not rejected", name, args);
  g_assert_nonnull (json_object_get_string_member (res, "code"));
  g_assert_nonnull (json_object_get_string_member (res, "message"));
}

static void
test_bad_input (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autofree char *huge_title = NULL;
  g_autofree char *s = NULL;
  gint64 seq = 1;

  /* malformed JSON, wrong shapes, wrong types */
  expect (w, "/api/v1/sync/push", "{\"client_id\":", 0, 400, "bad_request");
  expect (w, "/api/v1/sync/push", "[1,2,3]", 0, 400, "bad_request");
  expect (w, "/api/v1/sync/push", "\xff\xfe{}", 0, 400, "bad_request");
  expect (w, "/api/v1/sync/pull", "not json at all", 0, 400, "bad_request");
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":1,\"mutations\":{}}", client);
  expect (w, "/api/v1/sync/push", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":\"1\",\"mutations\":[]}", client);
  expect (w, "/api/v1/sync/push", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":1,\"mutations\":"
                       "[{\"seq\":\"1\",\"name\":\"post.create\",\"args\":{}}]}", client);
  expect (w, "/api/v1/sync/push", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":1,\"mutations\":"
                       "[{\"seq\":2,\"name\":\"x\",\"args\":{}},{\"seq\":1,\"name\":\"x\",\"args\":{}}]}",
                       client);
  expect (w, "/api/v1/sync/push", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  /* unknown fields */
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":1,\"mutations\":[],\"admin\":true}", client);
  expect (w, "/api/v1/sync/push", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"limit\":10,\"since\":0}", client);
  expect (w, "/api/v1/sync/pull", s, 0, 400, "bad_request");
  g_clear_pointer (&s, g_free);
  /* invalid UUIDs */
  expect (w, "/api/v1/sync/push", "{\"client_id\":\"1234\",\"schema\":1,\"mutations\":[]}", 0,
          422, "invalid");
  expect (w, "/api/v1/sync/pull", "{\"client_id\":\"../../etc\"}", 0, 422, "invalid");
  s = g_strdup_printf ("{\"client_id\":\"%s\",\"limit\":100000}", client);
  expect (w, "/api/v1/sync/pull", s, 0, 422, "invalid");
  g_clear_pointer (&s, g_free);
  expect (w, "/api/v1/login", "{\"username\":1,\"password\":\"x\",\"device\":\"d\"}", 0, 400,
          "bad_request");

  /* too big: 2 MiB body, 1,000 mutations */
  {
    gsize len = 2 * 1024 * 1024;
    g_autofree char *big = g_malloc (len + 1);

    memset (big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    big[len] = '\0';
    expect (w, "/api/v1/sync/push", big, len, 413, "too_large");
  }
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < 1000; i++)
      {
        g_autofree char *pid = vs_uuid ();

        g_ptr_array_add (names, (gpointer) "post.create");
        g_ptr_array_add (args, vs_post_json (pid, w->a, "One of a thousand"));
      }
    s = vs_push_body (client, 1, 1000, (const char * const *) names->pdata,
                      (const char * const *) args->pdata);
    expect (w, "/api/v1/sync/push", s, 0, 413, "too_large");
    g_clear_pointer (&s, g_free);
  }

  /* Nothing was stored, and the client's queue did not move. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM clients"), ==, 0);

  /* Mutations that are well-formed envelopes but bad inside: rejected one by one. */
  huge_title = g_malloc (100001);
  memset (huge_title, 'a', 100000);
  huge_title[100000] = '\0';
  s = vs_post_json (id, w->a, huge_title);
  expect_rejected (w, client, seq++, "post.create", s);
  g_clear_pointer (&s, g_free);
  s = vs_post_json ("not-a-uuid", w->a, "A fine title");
  expect_rejected (w, client, seq++, "post.create", s);
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":\"Fine title\","
                       "\"kind\":\"request\",\"colour\":\"red\"}", id, w->a);
  expect_rejected (w, client, seq++, "post.create", s);
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":42}", id, w->a);
  expect_rejected (w, client, seq++, "post.create", s);
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":\"Fine title\","
                       "\"kind\":\"gift\"}", id, w->a);
  expect_rejected (w, client, seq++, "post.create", s);
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"status\":\"done\"}}", id);
  expect_rejected (w, client, seq++, "post.update", s);
  g_clear_pointer (&s, g_free);
  s = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"x\",\"slot\":1}", id, id);
  expect_rejected (w, client, seq++, "holiday.match.propose", s);
  g_clear_pointer (&s, g_free);
  /* a volunteer takes a neighbour in at the desk, but may not vouch for her */
  s = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
                       "\"first_name\":\"Jeanne\",\"address\":\"1 rue X\","
                       "\"verification\":\"verified\"}",
                       id, w->a);
  expect_rejected (w, client, seq++, "member.create", s);
  g_clear_pointer (&s, g_free);

  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT last_mutation_seq FROM clients"), ==, seq - 1);
  assert_alive (w);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/input/bad", test_bad_input);

  return g_test_run ();
}
