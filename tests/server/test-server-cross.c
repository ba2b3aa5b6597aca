/* test-server-cross.c: another association's ids get nothing. A coordinator of A names, in
 * every route and every mutation that takes an id, the members, posts, events, holiday rows,
 * helps and participants of B: each is refused (404 or 403, or a rejected result), B's rows
 * are byte for byte as they were, and nothing of A refers to B's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>

#include "server-fixture.h"
#include "voisins-db.h"
#include "voisins-json.h"

#define MEMBER_ARGS                                                                          \
  "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"%s\",\"last_name\":\"Martin\"," \
  "\"phone\":\"0143000001\",\"consent_scope\":\"posts,holiday,phone\",\"lat\":48.848,"       \
  "\"lon\":2.378}"
#define POST_ARGS                                                                      \
  "{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\",\"category\":\"%s\"," \
  "\"status\":\"open\",\"title\":\"Perceuse\",\"lat\":48.845,\"lon\":2.372,"           \
  "\"created_at\":1796000000%s}"
#define EVENT_EXTRA ",\"starts_at\":1796547600,\"ends_at\":1796554800,\"capacity\":8"

typedef struct
{
  VsServer   *server;
  const char *token;
  char       *client;
  gint64      seq;
} Laptop;

static JsonObject *
push (Laptop *l, const char *name, const char *args)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = vs_push1 (l->server, l->token, l->client, l->seq++, name, args, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (vs_result (answer, 0));
}

static void
push_ok (Laptop *l, const char *name, const char *args)
{
  g_autoptr(JsonObject) result = push (l, name, args);

  if (!g_str_equal (voisins_json_read_string_or (result, "status", ""), "applied"))
    g_error ("%s %s: %s", name, args, voisins_json_read_string_or (result, "message", "?"));
}

static void
push_refused (Laptop *l, const char *name, const char *args)
{
  g_autoptr(JsonObject) result = push (l, name, args);

  if (!g_str_equal (voisins_json_read_string_or (result, "status", ""), "rejected"))
    g_error ("%s %s from the other association: %s", name, args,
             voisins_json_read_string_or (result, "status", "?"));
}

/* B's rows as stored: any change to them shows. */
static char *
rows_of (VsServer *server, const char *association_id)
{
  g_autoptr (GError) error = NULL;
  VoisinsDb     *db = vs_server_db (server);
  VoisinsDbStmt *stmt = voisins_db_prepare (db,
                                            "SELECT id, version, server_seq, deleted, data"
                                            " FROM records WHERE association_id = ? ORDER BY id",
                                            &error);
  GString       *out = g_string_new (NULL);

  g_assert_no_error (error);
  voisins_db_bind_text (stmt, 1, association_id);
  while (voisins_db_stmt_step (stmt, &error) == VOISINS_DB_ROW)
    g_string_append_printf (out, "%s %lld %lld %lld %s\n", voisins_db_column_text (stmt, 0),
                            (long long) voisins_db_column_int64 (stmt, 1),
                            (long long) voisins_db_column_int64 (stmt, 2),
                            (long long) voisins_db_column_int64 (stmt, 3),
                            voisins_db_column_text (stmt, 4));
  g_assert_no_error (error);
  voisins_db_stmt_free (stmt);
  voisins_db_close (db);
  return g_string_free (out, FALSE);
}

static guint
status_of (VsServer   *server,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = vs_request (server, method, path, token, body, body ? strlen (body) : 0, &status, NULL);
  return status;
}

static void
expect_status (VsServer   *server,
               const char *method,
               const char *path,
               const char *token,
               const char *body,
               guint       expected)
{
  guint status = status_of (server, method, path, token, body);

  if (status != expected)
    g_error ("%s %s: HTTP %u, expected %u", method, path, status, expected);
}

static void
test_cross_association (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *coord_b_id = vs_server_add_user (w->server, w->b, "coordb", "coordinator");
  g_autofree char *coord_b = vs_server_login (w->server, "coordb");
  Laptop           a = { w->server, w->coord, vs_uuid (), 1 };
  Laptop           b = { w->server, coord_b, vs_uuid (), 1 };
  g_autofree char *mb = vs_uuid (), *mb2 = vs_uuid (), *pb = vs_uuid (), *eb = vs_uuid ();
  g_autofree char *hb = vs_uuid (), *gb = vs_uuid (), *xb = vs_uuid (), *helpb = vs_uuid ();
  g_autofree char *partb = vs_uuid (), *ma = vs_uuid (), *pa = vs_uuid (), *ea = vs_uuid ();
  g_autofree char *author_b = g_strdup_printf (",\"author_id\":\"%s\"", mb);
  g_autofree char *before = NULL, *after = NULL, *rows_a = NULL;
  const char      *b_ids[] = { mb, mb2, pb, eb, hb, gb, xb, helpb, partb };
  const char      *member_routes[] = { "code", "verify-in-person", "erase", "audit", "report" };
  char            *args;

  /* B: two members, a request for one of them, an event, a holiday match, a help, a guest
   * at the event; A: a member, a request and an event of its own. */
#define PUSH_OK(l, name, ...)             \
  G_STMT_START                            \
  {                                       \
    args = g_strdup_printf (__VA_ARGS__); \
    push_ok (l, name, args);              \
    g_free (args);                        \
  }                                       \
  G_STMT_END
  PUSH_OK (&b, "member.create", MEMBER_ARGS, mb, w->b, "Lise");
  PUSH_OK (&b, "member.create", MEMBER_ARGS, mb2, w->b, "Paul");
  PUSH_OK (&b, "post.create", POST_ARGS, pb, w->b, "diy", author_b);
  PUSH_OK (&b, "post.create", POST_ARGS, eb, w->b, "event", EVENT_EXTRA);
  PUSH_OK (&b, "holiday.host.put",
           "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1,"
           "\"seats\":3}",
           hb, w->b, mb);
  PUSH_OK (&b, "holiday.guest.put",
           "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1}", gb, w->b,
           mb2);
  PUSH_OK (&b, "holiday.match.propose",
           "{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}", xb, hb, gb);
  PUSH_OK (&b, "help.propose", "{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", helpb, pb,
           mb2);
  PUSH_OK (&b, "participant.put",
           "{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\",\"answer\":\"coming\"}", partb,
           eb, mb2);
  PUSH_OK (&a, "member.create", MEMBER_ARGS, ma, w->a, "Odile");
  PUSH_OK (&a, "post.create", POST_ARGS, pa, w->a, "diy", "");
  PUSH_OK (&a, "post.create", POST_ARGS, ea, w->a, "event", EVENT_EXTRA);
#undef PUSH_OK
  before = rows_of (w->server, w->b);

  /* The members' routes: B's member under A's path is no member of A (404); under B's path,
   * the same answer as for nobody. */
  for (gsize i = 0; i < G_N_ELEMENTS (member_routes); i++)
    {
      gboolean get =
          g_str_equal (member_routes[i], "audit") || g_str_equal (member_routes[i], "report");
      const char      *body = g_str_equal (member_routes[i], "code") ? "{\"code\":\"AAAAA-AAAAA\"}"
                              : g_str_equal (member_routes[i], "verify-in-person")
                                  ? "{\"proof\":\"tax-notice\"}"
                              : get ? NULL
                                    : "{}";
      g_autofree char *in_a =
          g_strdup_printf ("/api/v1/associations/%s/members/%s/%s", w->a, mb, member_routes[i]);
      g_autofree char *in_b =
          g_strdup_printf ("/api/v1/associations/%s/members/%s/%s", w->b, mb, member_routes[i]);

      g_autofree char *nobody = vs_uuid ();
      g_autofree char *none_in_b =
          g_strdup_printf ("/api/v1/associations/%s/members/%s/%s", w->b, nobody, member_routes[i]);
      guint refused;

      expect_status (w->server, get ? "GET" : "POST", in_a, w->coord, body, 404);
      /* Refused, and as for a member who does not exist: no telling who is in B. */
      refused = status_of (w->server, get ? "GET" : "POST", none_in_b, w->coord, body);
      g_assert_true (refused == 403 || refused == 404);
      expect_status (w->server, get ? "GET" : "POST", in_b, w->coord, body, refused);
    }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/members/letters", w->a);
    g_autofree char *body = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", mb);
    g_autoptr(JsonNode) answer = NULL;
    guint      status = 0;
    JsonArray *letters, *skipped;

    answer = vs_post (w->server, path, w->coord, body, &status);
    g_assert_cmpuint (status, ==, 200);
    letters = voisins_json_read_array (json_node_get_object (answer), "letters");
    skipped = voisins_json_read_array (json_node_get_object (answer), "skipped");
    g_assert_cmpuint (json_array_get_length (letters), ==, 0);
    g_assert_cmpuint (json_array_get_length (skipped), ==, 1);
    g_assert_cmpstr (voisins_json_read_string (voisins_json_element_object (skipped, 0), "reason"),
                     ==, "not_found");
  }

  /* B's lists, pull and details are not A's coordinator's. */
  {
    const char      *lists[] = { "posts",           "members", "holiday/hosts",   "holiday/guests",
                                 "holiday/matches", "helps",   "holiday/reveals", "helps/reveals" };
    g_autofree char *pull = g_strdup_printf (
        "{\"client_id\":\"%s\",\"cursors\":{\"%s\":null},\"limit\":10}", a.client, w->b);
    g_autofree char *details = g_strdup_printf ("/api/v1/associations/%s/details", w->b);

    for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/%s", w->b, lists[i]);

        expect_status (w->server, "GET", path, w->coord, NULL, 403);
      }
    expect_status (w->server, "POST", "/api/v1/sync/pull", w->coord, pull, 403);
    expect_status (w->server, "POST", details, w->coord, "{\"name\":\"Pris\"}", 403);
  }

  /* Every mutation that names a record, with B's. */
#define REFUSED(name, ...)                \
  G_STMT_START                            \
  {                                       \
    args = g_strdup_printf (__VA_ARGS__); \
    push_refused (&a, name, args);        \
    g_free (args);                        \
  }                                       \
  G_STMT_END
  {
    g_autofree char *new_id = vs_uuid ();
    g_autofree char *author_of_b = g_strdup_printf (",\"author_id\":\"%s\"", mb);

    REFUSED ("post.create", POST_ARGS, new_id, w->a, "diy", author_of_b);
    REFUSED ("post.create", POST_ARGS, new_id, w->b, "diy", "");
    REFUSED ("member.create", MEMBER_ARGS, new_id, w->b, "Intruse");
    REFUSED ("holiday.host.put",
             "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1,"
             "\"seats\":2}",
             new_id, w->a, mb);
    REFUSED ("holiday.guest.put",
             "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1}", new_id,
             w->a, mb2);
    REFUSED ("holiday.host.put",
             "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1,"
             "\"seats\":9}",
             hb, w->b, mb);
    REFUSED ("holiday.host.put",
             "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1,"
             "\"seats\":9}",
             hb, w->a, ma);
    REFUSED ("holiday.match.propose",
             "{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}", new_id, hb, gb);
    REFUSED ("help.propose", "{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", new_id, pb,
             ma);
    REFUSED ("help.propose", "{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", new_id, pa,
             mb);
    REFUSED ("participant.put",
             "{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\",\"answer\":\"coming\"}",
             new_id, eb, ma);
    REFUSED ("participant.put",
             "{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\",\"answer\":\"coming\"}",
             new_id, ea, mb);
    REFUSED ("occurrence.set",
             "{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":1797152400,"
             "\"state\":\"cancelled\"}",
             new_id, eb);
  }
  REFUSED ("post.update",
           "{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"title\":\"Pris\"},"
           "\"base\":{\"title\":\"Perceuse\"}}",
           pb);
  REFUSED ("post.set_status", "{\"id\":\"%s\",\"status\":\"cancelled\",\"from\":\"open\"}", pb);
  REFUSED ("post.delete", "{\"id\":\"%s\"}", pb);
  REFUSED ("member.update",
           "{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"phone\":\"0600000000\"},"
           "\"base\":{\"phone\":\"0143000001\"}}",
           mb);
  REFUSED ("member.delete", "{\"id\":\"%s\"}", mb);
  REFUSED ("holiday.match.approve", "{\"id\":\"%s\",\"follower_id\":\"%s\"}", xb, w->coord_id);
  REFUSED ("holiday.match.set_state", "{\"id\":\"%s\",\"state\":\"declined\"}", xb);
  REFUSED ("holiday.match.undo_state",
           "{\"id\":\"%s\",\"state\":\"proposed\",\"from\":\"proposed\"}", xb);
  REFUSED ("holiday.purge", "{\"association_id\":\"%s\"}", w->b);
  REFUSED ("help.set_state", "{\"id\":\"%s\",\"state\":\"declined\"}", helpb);
  REFUSED ("participant.set_answer", "{\"id\":\"%s\",\"answer\":\"no\"}", partb);
  REFUSED ("participant.remove", "{\"id\":\"%s\"}", partb);
#undef REFUSED

  /* B's rows are as they were, and none of A's names one of B's. */
  after = rows_of (w->server, w->b);
  g_assert_cmpstr (after, ==, before);
  rows_a = rows_of (w->server, w->a);
  for (gsize i = 0; i < G_N_ELEMENTS (b_ids); i++)
    if (strstr (rows_a, b_ids[i]) != NULL)
      g_error ("a record of A names %s of B", b_ids[i]);

  g_free (a.client);
  g_free (b.client);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/cross/association", test_cross_association);

  return g_test_run ();
}
