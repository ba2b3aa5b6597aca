/* test-server-limits.c: every field bounded, nothing unreadable stored, pull pages capped,
 * a push budget per user (issue 10, findings 4 and 8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>

#include "voisins-core.h"

#include "voisins-db.h"

#include "server-fixture.h"

/* Pushes one mutation and asserts it was rejected with @code, its message naming @field
 * (when given), and that the client's last_mutation_seq still moved to @seq. */
static void
assert_rejected (VsWorld    *w,
                 const char *token,
                 const char *client,
                 gint64      seq,
                 const char *name,
                 const char *args,
                 const char *code,
                 const char *field)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *result;
  guint       status = 0;

  g_test_message ("%s %s", name, args);
  answer = vs_push1 (w->server, token, client, seq, name, args, &status);
  g_assert_cmpuint (status, ==, 200);
  result = vs_result (answer, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  if (code)
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  if (field)
    g_assert_nonnull (strstr (json_object_get_string_member (result, "message"), field));
  /* A permanent failure: the client moves on (docs/design.md §4). */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "last_mutation_seq"),
                   ==, seq);
}

static char *
member_args (const char *id, const char *assoc, const char *extra)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Jeanne\","
                          "\"consent_scope\":\"posts\",\"last_name\":\"Martin\","
                          "\"address\":\"12 rue de Cotte\","
                          "\"lat\":48.848,\"lon\":2.378%s%s}",
                          id, assoc, extra ? "," : "", extra ? extra : "");
}

/* Every coordinator pull of the association still parses, whatever was pushed. */
static void
assert_pull_readable (VsWorld *w)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *client = vs_uuid ();

  changes = vs_pull_all (w->server, w->coord, client, w->a, NULL, 5000, NULL, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *c = g_ptr_array_index (changes, i);

      g_assert_true (json_object_get_boolean_member (c, "deleted") ||
                     json_object_has_member (c, "data"));
    }
}

/* Finding 4: numbers out of range are refused, naming the field, for posts, members and
 * holiday records. */
static void
test_numbers (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *vclient = vs_uuid ();
  g_autofree char *m = vs_uuid ();
  g_autofree char *host = vs_uuid ();
  gint64           seq = 1, vseq = 1;
  struct
  {
    const char *extra;
    const char *field;
  } cases[] = {
    { "\"approx_lat\":1e22", "approx_lat" }, { "\"approx_lon\":-200", "approx_lon" },
    { "\"consent_at\":12", "consent_at" },   { "\"verified_at\":99999999999", "verified_at" },
    { "\"version\":1e300", NULL },
  };

  /* A coordinator's 1e308 latitude. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                             "\"consent_scope\":\"posts\","
                                             "\"first_name\":\"Jeanne\",\"lat\":1e308,"
                                             "\"lon\":2.378}",
                                             id, w->a);

    assert_rejected (w, w->coord, client, seq++, "member.create", args, "invalid", "lat");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = vs_uuid ();
      g_autofree char *args = member_args (id, w->a, cases[i].extra);

      assert_rejected (w, w->coord, client, seq++, "member.create", args, "invalid",
                       cases[i].field);
    }
  /* A volunteer's 1e22 approximate position (finding 4 as reported): refused, whichever
   * rule says so first. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                             "\"consent_scope\":\"posts\","
                                             "\"first_name\":\"Jeanne\",\"approx_lat\":1e22,"
                                             "\"approx_lon\":2.37}",
                                             id, w->a);

    assert_rejected (w, w->vol, vclient, vseq++, "member.create", args, NULL, NULL);
  }

  /* Posts. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                             "\"title\":\"Un titre\",\"lat\":1e308}",
                                             id, w->a);

    assert_rejected (w, w->coord, client, seq++, "post.create", args, "invalid", "lat");
    g_free (args);
    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":\"Un titre\","
                            "\"starts_at\":5000000000}",
                            id, w->a);
    assert_rejected (w, w->vol, vclient, vseq++, "post.create", args, "invalid", "starts_at");
  }

  /* The update paths check the merged record the same way. */
  {
    g_autofree char *args = member_args (m, w->a, NULL);
    g_autoptr(JsonNode) r =
        vs_push1 (w->server, w->coord, client, seq++, "member.create", args, NULL);
    g_autofree char *update = NULL;

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    update = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"lon\":1e308}}", m);
    assert_rejected (w, w->coord, client, seq++, "member.update", update, "invalid", "lon");
  }

  /* Holiday records: 1..20 seats. */
  {
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                             "\"member_id\":\"%s\",\"slots\":1,\"seats\":0}",
                                             host, w->a, m);

    assert_rejected (w, w->coord, client, seq++, "holiday.host.put", args, "invalid", "seats");
    g_free (args);
    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                            "\"slots\":1,\"seats\":100000}",
                            host, w->a, m);
    assert_rejected (w, w->coord, client, seq++, "holiday.host.put", args, "invalid", "seats");
  }

  g_assert_cmpint (vs_db_count (w->server, "SELECT count (*) FROM records"), ==, 1);

  /* A tiny number, in range, in exponent form (json-glib 1.6 appends ".0" to a double
   * written without a point, so 1e22 became 1e+22.0): either written as valid JSON or
   * refused by the database and rejected; never stored unreadable, never a 500. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = NULL;
    g_autoptr(JsonNode) r = NULL;
    const char *status;
    guint http = 0;

    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":\"Un titre\","
                            "\"lat\":1e-20,\"lon\":2.37}",
                            id, w->a);
    r = vs_push1 (w->server, w->coord, client, seq, "post.create", args, &http);
    g_assert_cmpuint (http, ==, 200);
    status = json_object_get_string_member (vs_result (r, 0), "status");
    g_assert_true (g_str_equal (status, "applied") || g_str_equal (status, "rejected"));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "last_mutation_seq"),
                     ==, seq);
    seq++;
  }
  assert_pull_readable (w);
}

/* Finding 8: every text field has a limit, the codec's table. */
static void
test_texts (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *m = vs_uuid ();
  g_autofree char *big = g_strnfill (201, 'x');
  gint64           seq = 1;
  const char      *fields[] = { "postcode",   "city",          "phone", "languages", "verified_how",
                                "consent_by", "consent_scope", "needs", "address" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *id = vs_uuid ();
      g_autofree char *extra = g_strdup_printf ("\"%s\":\"%s\"", fields[i],
                                                g_str_equal (fields[i], "needs") ? "x" : big);
      g_autofree char *args = NULL;

      if (g_str_equal (fields[i], "address"))
        {
          /* member_args has one already: replace it. */
          args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                  "\"consent_scope\":\"posts\","
                                  "\"first_name\":\"Jeanne\",\"address\":\"%s\"}",
                                  id, w->a, big);
        }
      else if (g_str_equal (fields[i], "needs"))
        {
          g_autofree char *needs = g_strnfill (501, 'n');

          g_free (extra);
          extra = g_strdup_printf ("\"needs\":\"%s\"", needs);
          args = member_args (id, w->a, extra);
        }
      else
        args = member_args (id, w->a, extra);
      assert_rejected (w, w->coord, client, seq++, "member.create", args, "invalid", NULL);
    }

  /* Holiday notes: 2,000 characters. */
  {
    g_autofree char *notes = g_strnfill (2001, 'n');
    g_autofree char *member = member_args (m, w->a, NULL);
    g_autofree char *host = vs_uuid ();
    g_autofree char *args = NULL;
    g_autoptr(JsonNode) r =
        vs_push1 (w->server, w->coord, client, seq++, "member.create", member, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                            "\"slots\":1,\"seats\":2,\"notes\":\"%s\"}",
                            host, w->a, m, notes);
    assert_rejected (w, w->coord, client, seq++, "holiday.host.put", args, "invalid", "notes");
    g_free (args);
    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                            "\"slots\":1,\"seats\":2,\"languages\":\"fr\\u0001en\"}",
                            host, w->a, m);
    assert_rejected (w, w->coord, client, seq++, "holiday.host.put", args, "invalid", "languages");
  }

  g_assert_cmpint (vs_db_count (w->server, "SELECT count (*) FROM records"), ==, 1);
}

#define PAGE_BYTES 8192
#define N_MEMBERS  150

/* The answer's bytes as the server sent them (a re-serialised node would not be). */
static GBytes *
raw_post (VsServer *server, const char *path, const char *token, const char *body)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return answer;
}

static gint64
cursor_seq (const char *cursor)
{
  const char *colon = strrchr (cursor, ':');

  g_assert_nonnull (colon);
  return g_ascii_strtoll (colon + 1, NULL, 10);
}

/* Finding 8: a pull page stops at pull-page-bytes of rows, never in the middle of one;
 * a row bigger than the cap goes alone; nothing is lost and the cursor only moves on. */
static void
test_page_bytes (void)
{
  g_autoptr(VsWorld) w = vs_world_new ("pull-page-bytes=" G_STRINGIFY (PAGE_BYTES));
  g_autoptr(GHashTable) pushed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *client = vs_uuid ();
  g_autofree char *reader = vs_uuid ();
  g_autofree char *needs = g_strnfill (500, 'n');
  g_autofree char *cursor = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *big_post = vs_uuid ();
  gint64           seq = 1, last_seq = 0;
  guint            pages = 0, alone = 0;
  gboolean         more = TRUE;

  /* Members near the limits, in pushes of 50. */
  for (guint batch = 0; batch < N_MEMBERS / 50; batch++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *push = NULL;
      g_autoptr(JsonNode) answer = NULL;
      guint status = 0;

      for (guint i = 0; i < 50; i++)
        {
          char            *id = vs_uuid ();
          g_autofree char *extra = g_strdup_printf ("\"needs\":\"%s\",\"city\":\"Paris\"", needs);

          g_ptr_array_add (names, (gpointer) "member.create");
          g_ptr_array_add (args, member_args (id, w->a, extra));
          g_hash_table_add (pushed, id);
        }
      push = vs_push_body (client, seq, 50, (const char *const *) names->pdata,
                           (const char *const *) args->pdata);
      seq += 50;
      answer = vs_post (w->server, "/api/v1/sync/push", w->coord, push, &status);
      g_assert_cmpuint (status, ==, 200);
      for (guint i = 0; i < 50; i++)
        g_assert_cmpstr (json_object_get_string_member (vs_result (answer, i), "status"), ==,
                         "applied");
    }

  /* And one post bigger than the cap on its own: 4,000 three-byte characters. */
  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *args = NULL;
    g_autoptr(JsonNode) r = NULL;

    for (guint i = 0; i < 4000; i++)
      g_string_append (text, "€");
    args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"title\":\"Un titre\","
                            "\"body\":\"%s\"}",
                            big_post, w->a, text->str);
    r = vs_push1 (w->server, w->coord, client, seq++, "post.create", args, NULL);
    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    g_hash_table_add (pushed, g_strdup (big_post));
  }

  while (more)
    {
      g_autofree char *quoted = cursor ? g_strdup_printf ("\"%s\"", cursor) : g_strdup ("null");
      g_autofree char *request = NULL;
      g_autoptr(GBytes) raw = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *page;
      JsonArray  *changes;
      gsize       size;

      request = g_strdup_printf ("{\"client_id\":\"%s\",\"cursors\":{\"%s\":%s},\"limit\":5000}",
                                 reader, w->a, quoted);
      raw = raw_post (w->server, "/api/v1/sync/pull", w->coord, request);
      size = g_bytes_get_size (raw);
      answer = voisins_json_parse (g_bytes_get_data (raw, NULL), size, &error);
      g_assert_no_error (error);
      page = json_object_get_object_member (
          json_object_get_object_member (json_node_get_object (answer), "associations"), w->a);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), >, 0);
      pages++;

      /* Under the cap (plus the page's envelope), unless one row goes alone. */
      if (json_array_get_length (changes) == 1 && size > PAGE_BYTES)
        alone++;
      else
        g_assert_cmpuint (size, <=, PAGE_BYTES + 512);

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          gint64      s = json_object_get_int_member (c, "server_seq");

          g_assert_cmpint (s, >, last_seq);
          last_seq = s;
          g_assert_true (json_object_has_member (c, "data"));
          g_hash_table_add (seen,
                            (gpointer) g_intern_string (json_object_get_string_member (c, "id")));
        }
      /* The cursor is the last row sent. */
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      g_assert_cmpint (cursor_seq (cursor), ==, last_seq);
      more = json_object_get_boolean_member (page, "has_more");
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (answer), "has_more"),
                       ==, more);
    }

  g_test_message ("%u pages, %u alone", pages, alone);
  g_assert_cmpuint (alone, ==, 1);
  g_assert_cmpuint (pages, >, 10);
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (pushed));
  {
    GHashTableIter iter;
    gpointer       key;

    g_hash_table_iter_init (&iter, pushed);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (seen, g_intern_string (key)));
  }
}

/* 0: done; 1: refused by a constraint (the only refusal this test expects). */
static int
exec_sql (VoisinsDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (voisins_db_exec (db, sql, &error))
    return 0;
  g_test_message ("%s: %s", sql, error->message);
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT);
  return 1;
}

/* Nothing unreadable is stored: the database itself refuses invalid JSON. */
static void
test_json_valid (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *id = vs_uuid ();
  g_autofree char *sql = NULL;
  VoisinsDb       *db = vs_server_db (w->server);

  /* What json-glib once wrote for 1e22, and a truncated row. */
  sql = g_strdup_printf ("INSERT INTO records (id, type, association_id, data, version,"
                         " server_seq) VALUES ('%s', 'member', '%s', '{\"approx_lat\":1e+22.0}',"
                         " 1, 1000)",
                         id, w->a);
  g_assert_cmpint (exec_sql (db, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO records (id, type, association_id, data, version,"
                         " server_seq) VALUES ('%s', 'member', '%s', '{\"first_name\":\"Je',"
                         " 1, 1000)",
                         id, w->a);
  g_assert_cmpint (exec_sql (db, sql), ==, 1);

  /* A valid row goes in, and cannot be made invalid afterwards. */
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO records (id, type, association_id, data, version,"
                         " server_seq) VALUES ('%s', 'member', '%s', '{\"first_name\":\"Jeanne\"}',"
                         " 1, 1000)",
                         id, w->a);
  g_assert_cmpint (exec_sql (db, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE records SET data = 'NaN' WHERE id = '%s'", id);
  g_assert_cmpint (exec_sql (db, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE records SET field_versions = '{' WHERE id = '%s'", id);
  g_assert_cmpint (exec_sql (db, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM records WHERE id = '%s'", id);
  g_assert_cmpint (exec_sql (db, sql), ==, 0);
  voisins_db_close (db);

  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM schema_migrations"), >=, 2);
}

/* A per-user push budget: 429 with Retry-After past it, nothing of the refused push
 * applied, other users unaffected. */
static void
test_quota (void)
{
  g_autoptr(VsWorld) w = vs_world_new ("push-mutations-per-minute=5");
  g_autofree char *client = vs_uuid ();
  g_autofree char *other = vs_uuid ();
  const char      *names[3] = { "post.create", "post.create", "post.create" };
  char            *args[3];
  g_autofree char *body = NULL;
  g_autofree char *retry_after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = vs_uuid ();

      args[i] = vs_post_json (id, w->a, "Un titre");
    }
  body = vs_push_body (client, 1, 3, names, (const char *const *) args);
  answer = vs_request (w->server, "POST", "/api/v1/sync/push", w->vol, body, 0, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  for (guint i = 0; i < 3; i++)
    g_free (args[i]);

  /* Three more do not fit in five. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = vs_uuid ();

      args[i] = vs_post_json (id, w->a, "Un titre");
    }
  g_free (body);
  body = vs_push_body (client, 4, 3, names, (const char *const *) args);
  answer =
      vs_request (w->server, "POST", "/api/v1/sync/push", w->vol, body, 0, &status, &retry_after);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (vs_error_code (answer), ==, "rate_limited");
  g_assert_nonnull (retry_after);
  g_assert_cmpint (atoi (retry_after), >=, 1);
  g_assert_cmpint (atoi (retry_after), <=, 60);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count (*) FROM records"), ==, 3);
  g_clear_pointer (&answer, json_node_unref);

  /* Another user has their own budget. */
  g_free (body);
  body = vs_push_body (other, 1, 3, names, (const char *const *) args);
  answer = vs_request (w->server, "POST", "/api/v1/sync/push", w->coord, body, 0, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count (*) FROM records"), ==, 6);
  for (guint i = 0; i < 3; i++)
    g_free (args[i]);
}

/* The GET lists come in pages: `?limit=` rows at most (500 without it, 5000 at most) and
 * about pull-page-bytes, walked with `?after=` the page's `next`; every row once, in order,
 * whatever the page size, and a malformed page asked for is a 400. */
static void
test_list_pages (void)
{
  g_autoptr(VsWorld) w = vs_world_new ("pull-page-bytes=" G_STRINGIFY (PAGE_BYTES));
  g_autoptr(GPtrArray) pushed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *client = vs_uuid ();
  g_autofree char *push = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *bad[] = { "limit=0",
                        "limit=5001",
                        "limit=-1",
                        "limit=1e3",
                        "after=-1",
                        "after=abc",
                        "after=99999999999999999999",
                        "limit=" };
  const guint limits[] = { 0 /* none asked */, 1, 7, 5000 };
  guint       status = 0;

  for (guint i = 0; i < 60; i++)
    {
      char            *id = vs_uuid ();
      g_autofree char *title = g_strdup_printf ("Annonce %u", i);

      g_ptr_array_add (names, (gpointer) "post.create");
      g_ptr_array_add (args, vs_post_json (id, w->a, title));
      g_ptr_array_add (pushed, id);
    }
  push = vs_push_body (client, 1, pushed->len, (const char *const *) names->pdata,
                       (const char *const *) args->pdata);
  answer = vs_post (w->server, "/api/v1/sync/push", w->vol, push, &status);
  g_assert_cmpuint (status, ==, 200);

  for (gsize l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      gint64   after = 0;
      guint    seen = 0, pages = 0;
      gboolean more = TRUE;

      while (more)
        {
          g_autofree char *path =
              limits[l] ? g_strdup_printf ("/api/v1/associations/%s/posts?after=%" G_GINT64_FORMAT
                                           "&limit=%u",
                                           w->a, after, limits[l])
                        : g_strdup_printf ("/api/v1/associations/%s/posts?after=%" G_GINT64_FORMAT,
                                           w->a, after);
          g_autoptr(JsonNode) page = vs_get (w->server, path, w->vol, &status);
          JsonObject *o;
          JsonArray  *items;
          gsize       bytes = 0;

          g_assert_cmpuint (status, ==, 200);
          o = json_node_get_object (page);
          items = json_object_get_array_member (o, "items");
          g_assert_cmpuint (json_array_get_length (items), >=, 1);
          if (limits[l])
            g_assert_cmpuint (json_array_get_length (items), <=, limits[l]);
          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              JsonObject      *item = json_array_get_object_element (items, i);
              g_autofree char *text = vs_to_string (json_array_get_element (items, i));

              /* every row once, in the order of the push (server_seq) */
              g_assert_cmpstr (json_object_get_string_member (item, "id"), ==,
                               g_ptr_array_index (pushed, seen));
              seen++;
              if (i > 0)
                bytes += strlen (text);
            }
          /* About the page bytes: a page stops before the row that goes over, counted as
           * stored (the row as the caller's role sees it is written a little differently). */
          g_assert_cmpuint (bytes, <=, PAGE_BYTES + PAGE_BYTES / 8);
          more = json_object_get_boolean_member (o, "has_more");
          g_assert_cmpint (json_object_get_int_member (o, "next"), >, after);
          after = json_object_get_int_member (o, "next");
          g_assert_cmpuint (++pages, <=, pushed->len);
        }
      g_assert_cmpuint (seen, ==, pushed->len);
      if (limits[l] == 7)
        g_assert_cmpuint (pages, ==, (pushed->len + 6) / 7);
      if (limits[l] == 5000 || limits[l] == 0)
        g_assert_cmpuint (pages, >, 1); /* 60 posts are more than 8 KiB */
    }

  /* Past the last row: an empty page, and nothing more. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/posts?after=999999999", w->a);
    g_autoptr(JsonNode) page = vs_get (w->server, path, w->vol, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (json_node_get_object (page), "items")),
        ==, 0);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "has_more"));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/posts?%s", w->a, bad[i]);
      g_autofree char *reveals =
          g_strdup_printf ("/api/v1/associations/%s/holiday/reveals?%s", w->a, bad[i]);
      g_autoptr(JsonNode) r1 = vs_get (w->server, path, w->vol, &status);

      if (status != 400)
        g_error ("%s: HTTP %u, expected 400", path, status);
      g_assert_cmpstr (vs_error_code (r1), ==, "bad_request");
      {
        g_autoptr(JsonNode) r2 = vs_get (w->server, reveals, w->coord, &status);

        g_assert_cmpuint (status, ==, 400);
      }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/limits/numbers", test_numbers);
  g_test_add_func ("/server/limits/texts", test_texts);
  g_test_add_func ("/server/limits/page-bytes", test_page_bytes);
  g_test_add_func ("/server/limits/list-pages", test_list_pages);
  g_test_add_func ("/server/limits/json-valid", test_json_valid);
  g_test_add_func ("/server/limits/quota", test_quota);

  return g_test_run ();
}
