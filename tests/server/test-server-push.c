/* test-server-push.c: exactly-once push, gaps, poison mutations, busy, conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>

#include "server-fixture.h"

static char *
creates_body (VsWorld *w,
              const char *client,
              gint64 first_seq,
              guint n,
              GPtrArray *ids)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = vs_uuid ();
      g_autofree char *title = g_strdup_printf ("Post number %" G_GINT64_FORMAT, first_seq + i);

      g_ptr_array_add (names, (gpointer) "post.create");
      g_ptr_array_add (args, vs_post_json (id, w->a, title));
      if (ids)
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  return vs_push_body (client, first_seq, n, (const char * const *) names->pdata,
                       (const char * const *) args->pdata);
}

static char *
results_string (JsonNode *answer)
{
  JsonNode *results = json_object_get_member (json_node_get_object (answer), "results");

  return vs_to_string (results);
}

static void
test_duplicate_and_overlap (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *body1 = creates_body (w, client, 1, 3, ids);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) overlap = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *body2 = NULL;
  guint status;

  first = vs_post (w->server, "/api/v1/sync/push", w->vol, body1, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (vs_result (first, i), "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "last_mutation_seq"),
                   ==, 3);

  /* The same push again (reply lost): same results, nothing applied twice. */
  again = vs_post (w->server, "/api/v1/sync/push", w->vol, body1, &status);
  g_assert_cmpuint (status, ==, 200);
  r1 = results_string (first);
  r2 = results_string (again);
  g_assert_cmpstr (r1, ==, r2);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, 3);

  /* Overlapping: 2..5 where 2 and 3 were applied. */
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *muts;

    json_parser_load_from_data (parser, body1, -1, NULL);
    muts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "mutations");
    for (guint i = 1; i < 3; i++)
      {
        g_ptr_array_add (names, (gpointer) "post.create");
        g_ptr_array_add (args, vs_to_string (json_object_get_member (
                                 json_array_get_object_element (muts, i), "args")));
      }
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *id = vs_uuid ();

        g_ptr_array_add (names, (gpointer) "post.create");
        g_ptr_array_add (args, vs_post_json (id, w->a, "Overlapping post"));
      }
    body2 = vs_push_body (client, 2, 4, (const char * const *) names->pdata,
                          (const char * const *) args->pdata);
  }
  overlap = vs_post (w->server, "/api/v1/sync/push", w->vol, body2, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autofree char *a = vs_to_string (json_node_init_object (json_node_alloc (), vs_result (first, 1)));
    g_autofree char *b = vs_to_string (json_node_init_object (json_node_alloc (), vs_result (overlap, 0)));

    g_assert_cmpstr (a, ==, b);
  }
  g_assert_cmpint (json_object_get_int_member (vs_result (overlap, 2), "seq"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (vs_result (overlap, 3), "status"), ==, "applied");
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, 5);
  g_assert_cmpint (vs_db_count (w->server, "SELECT last_mutation_seq FROM clients"), ==, 5);
}

static void
test_gap (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *b1 = creates_body (w, client, 1, 1, NULL);
  g_autofree char *b3 = creates_body (w, client, 3, 1, NULL);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  guint status;

  r1 = vs_post (w->server, "/api/v1/sync/push", w->vol, b1, &status);
  g_assert_cmpuint (status, ==, 200);
  r3 = vs_post (w->server, "/api/v1/sync/push", w->vol, b3, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (vs_error_code (r3), ==, "gap");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r3), "last_mutation_seq"),
                   ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT last_mutation_seq FROM clients"), ==, 1);
}

static void
test_poison (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *id1 = vs_uuid ();
  g_autofree char *id3 = vs_uuid ();
  g_autofree char *a1 = vs_post_json (id1, w->a, "A good post");
  g_autofree char *a2 = g_strdup ("{\"id\":\"not-a-uuid\",\"title\":\"x\"}");
  g_autofree char *a3 = vs_post_json (id3, w->a, "Another good post");
  const char *names[] = { "post.create", "post.create", "post.create" };
  const char *args[] = { a1, a2, a3 };
  g_autofree char *body = vs_push_body (client, 1, 3, names, args);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autofree char *id4 = vs_uuid ();
  g_autofree char *a4 = vs_post_json (id4, w->a, "After the poison");
  guint status;

  answer = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 1), "status"), ==, "rejected");
  g_assert_nonnull (json_object_get_string_member (vs_result (answer, 1), "code"));
  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 2), "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "last_mutation_seq"),
                   ==, 3);

  /* An unknown mutation and a mutation in another association: rejected too. */
  next = vs_push1 (w->server, w->vol, client, 4, "post.fly", "{}", &status);
  g_assert_cmpstr (json_object_get_string_member (vs_result (next, 0), "code"), ==,
                   "unknown_mutation");
  g_clear_pointer (&next, json_node_unref);
  next = vs_push1 (w->server, w->other, vs_uuid (), 1, "post.create", a4, &status);
  g_assert_cmpstr (json_object_get_string_member (vs_result (next, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (next, 0), "code"), ==, "forbidden");
  g_clear_pointer (&next, json_node_unref);

  next = vs_push1 (w->server, w->vol, client, 5, "post.create", a4, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (vs_result (next, 0), "status"), ==, "applied");
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 3);
}

/* A batch goes through one savepoint; one refused mutation in it makes the server undo the
 * batch and apply it again one mutation at a time. The answer must be the one of one
 * savepoint per mutation: the others applied (a holiday host's change too, whose row is
 * made of its arguments, judged twice on the same "base"), the bad one refused with its
 * reason, the seqs taken without a hole; and the same batch again gets the stored results. */
static void
test_batch_refused_in_middle (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *member = vs_uuid ();
  g_autofree char *host = vs_uuid ();
  g_autofree char *p1 = vs_uuid ();
  g_autofree char *p3 = vs_uuid ();
  g_autofree char *p4 = vs_uuid ();
  g_autofree char *p5 = vs_uuid ();
  char            *a[5] = { NULL };
  const char      *names[] = { "post.create", "holiday.host.put", "post.create", "post.create",
                               "post.create" };
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autoptr(JsonNode) m = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 next_seq, records;
  guint  status;

  a[0] = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":"
                          "\"Jeanne\",\"last_name\":\"Martin\",\"consent_scope\":\"posts\","
                          "\"address\":\"12 rue de Cotte\",\"lat\":48.848,\"lon\":2.378}",
                          member, w->a);
  a[1] = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                          "\"slots\":3,\"seats\":2}",
                          host, w->a, member);
  {
    const char      *before[] = { "member.create", "holiday.host.put" };
    g_autofree char *b = vs_push_body (client, 1, 2, before, (const char *const *) a);

    m = vs_post (w->server, "/api/v1/sync/push", w->coord, b, &status);
  }
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (vs_result (m, 0), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (vs_result (m, 1), "status"), ==, "applied");
  g_free (a[0]);
  g_free (a[1]);

  a[0] = vs_post_json (p1, w->a, "First of the batch");
  /* Judged on the values the author saw, not on base_version. */
  a[1] = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                          "\"slots\":3,\"seats\":3,\"base_version\":0,\"base\":{\"seats\":2}}",
                          host, w->a, member);
  a[2] = vs_post_json (p3, w->a, "ab");
  a[3] = vs_post_json (p4, w->a, "Fourth of the batch");
  a[4] = vs_post_json (p5, w->a, "Fifth of the batch");
  body = vs_push_body (client, 3, 5, names, (const char *const *) a);

  first = vs_post (w->server, "/api/v1/sync/push", w->coord, body, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (json_object_get_int_member (vs_result (first, i), "seq"), ==, i + 3);
      if (i == 2)
        continue;
      g_assert_cmpstr (json_object_get_string_member (vs_result (first, i), "status"), ==,
                       "applied");
      g_assert_cmpint (json_object_get_int_member (vs_result (first, i), "version"), ==,
                       i == 1 ? 2 : 1);
    }
  g_assert_cmpstr (json_object_get_string_member (vs_result (first, 2), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (first, 2), "code"), ==, "invalid");
  g_assert_cmpstr (json_object_get_string_member (vs_result (first, 2), "message"), ==,
                   "The title is too short: write at least 3 characters.");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "last_mutation_seq"),
                   ==, 7);

  /* Four rows, in the order of the batch, on four seqs in a row, the next one free. */
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id IN ('%s', '%s', '%s', '%s')"
                         " AND server_seq - (SELECT server_seq FROM records WHERE id = '%s')"
                         " = CASE id WHEN '%s' THEN 0 WHEN '%s' THEN 1 WHEN '%s' THEN 2"
                         " ELSE 3 END",
                         p1, host, p4, p5, p1, p1, host, p4);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 4);
  g_free (sql);
  sql = g_strdup_printf ("SELECT (SELECT next_seq FROM associations WHERE id = '%s')"
                         " - max(server_seq) FROM records WHERE association_id = '%s'",
                         w->a, w->a);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  next_seq = vs_db_count (w->server, "SELECT max(next_seq) FROM associations");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s'", p3);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 0);
  /* The host is the row sent, as if applied once. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s' AND version = 2"
                         " AND CAST (json_extract (data, '$.seats') AS BIGINT) = 3"
                         " AND json_extract (data, '$.base') IS NULL"
                         " AND CAST (json_extract (data, '$.server_seq') AS BIGINT) = server_seq",
                         host);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM mutation_results WHERE client_id = '%s'", client);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 7);
  records = vs_db_count (w->server, "SELECT count(*) FROM records");

  /* The same batch again (the answer was lost): the stored results, nothing applied again. */
  again = vs_post (w->server, "/api/v1/sync/push", w->coord, body, &status);
  g_assert_cmpuint (status, ==, 200);
  r1 = results_string (first);
  r2 = results_string (again);
  g_assert_cmpstr (r1, ==, r2);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, records);
  g_assert_cmpint (vs_db_count (w->server, "SELECT max(next_seq) FROM associations"), ==, next_seq);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 7);
  for (guint i = 0; i < 5; i++)
    g_free (a[i]);
}

static void
test_busy (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *body = creates_body (w, client, 1, 2, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *retry = NULL;
  sqlite3         *db;
  guint status;

  /* SQLite's write lock; PostgreSQL's lock_timeout is db-postgresql's (test-db.c). */
  if (vs_backend_skip_unless_sqlite ("another process holding the file's write lock"))
    return;
  db = vs_server_open_db (w->server);
  /* Another writer holds the database: the push must answer 503 and not advance. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  answer = vs_request (w->server, "POST", "/api/v1/sync/push", w->vol, body, 0, &status, &retry);
  g_assert_cmpuint (status, ==, 503);
  g_assert_cmpstr (vs_error_code (answer), ==, "busy");
  g_assert_nonnull (retry);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM clients"), ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 0);

  /* The retry goes through. */
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 2);
  g_assert_cmpint (vs_db_count (w->server, "SELECT last_mutation_seq FROM clients"), ==, 2);
}

/* {{{ conflicts */

static void
create_post (VsWorld *w, const char *client, gint64 seq, const char *id)
{
  g_autofree char *args = vs_post_json (id, w->a, "Original title");
  g_autoptr(JsonNode) answer = vs_push1 (w->server, w->vol, client, seq, "post.create", args, NULL);

  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==, "applied");
}

static JsonObject *
find_item (VsWorld *w, const char *token, const char *path, const char *id)
{
  g_autofree char *full = g_strdup_printf ("/api/v1/associations/%s/%s", w->a, path);
  g_autoptr(JsonNode) list = vs_get (w->server, full, token, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return json_object_ref (o);
    }
  return NULL;
}

static void
test_conflict_fields (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *c1 = vs_uuid ();
  g_autofree char *c2 = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autofree char *u1 = NULL;
  g_autofree char *u2 = NULL;
  g_autofree char *u3 = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonObject) post = NULL;
  JsonObject *res;
  JsonObject *conflict;

  create_post (w, c1, 1, id);

  /* Different fields from the same base: both kept. */
  u1 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"title\":\"Title from one\"}}", id);
  u2 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"body\":\"Body from two\"}}", id);
  r1 = vs_push1 (w->server, w->vol, c1, 2, "post.update", u1, NULL);
  r2 = vs_push1 (w->server, w->coord, c2, 1, "post.update", u2, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r1, 0), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r2, 0), "status"), ==, "applied");
  post = find_item (w, w->vol, "posts", id);
  g_assert_cmpstr (json_object_get_string_member (post, "title"), ==, "Title from one");
  g_assert_cmpstr (json_object_get_string_member (post, "body"), ==, "Body from two");
  g_assert_cmpint (json_object_get_int_member (post, "version"), ==, 3);

  /* Same field from the same base: the first to arrive wins, the loser is reported. */
  u3 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"title\":\"Late title\","
                        "\"starts_at\":1700003600}}", id);
  r3 = vs_push1 (w->server, w->coord, c2, 2, "post.update", u3, NULL);
  res = vs_result (r3, 0);
  g_assert_cmpstr (json_object_get_string_member (res, "status"), ==, "conflict");
  conflict = json_array_get_object_element (json_object_get_array_member (res, "conflicts"), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "title");
  g_assert_cmpstr (json_object_get_string_member (conflict, "yours"), ==, "Late title");
  g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "Title from one");
  g_clear_pointer (&post, json_object_unref);
  post = find_item (w, w->vol, "posts", id);
  g_assert_cmpstr (json_object_get_string_member (post, "title"), ==, "Title from one");
  /* the other field of that mutation was applied */
  g_assert_cmpint (json_object_get_int_member (post, "starts_at"), ==, 1700003600);
}

/* With "base" (the values the author saw), conflicts are judged on values, not on
 * base_version: after a restore a base_version can equal the current version while that
 * version holds another text (issue 14). */
static void
test_conflict_base_values (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *c1 = vs_uuid ();
  g_autofree char *c2 = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autofree char *u1 = NULL, *u2 = NULL, *u3 = NULL, *bad = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(JsonObject) post = NULL;
  JsonObject *res;
  JsonObject *conflict;

  create_post (w, c1, 1, id);

  /* starts_at was unset when c1 saw it: 0 in base is the same as absent. */
  u1 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"body\":\"X\","
                        "\"starts_at\":1700003600},\"base\":{\"body\":\"A few words about it\","
                        "\"starts_at\":0}}", id);
  r1 = vs_push1 (w->server, w->vol, c1, 2, "post.update", u1, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r1, 0), "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (vs_result (r1, 0), "version"), ==, 2);

  /* base_version 2 is the current version, but its author saw "A" there, not "X". */
  u2 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":2,\"fields\":{\"body\":\"Y\","
                        "\"title\":\"Other title\"},\"base\":{\"body\":\"A\","
                        "\"title\":\"Original title\"}}", id);
  r2 = vs_push1 (w->server, w->coord, c2, 1, "post.update", u2, NULL);
  res = vs_result (r2, 0);
  g_assert_cmpstr (json_object_get_string_member (res, "status"), ==, "conflict");
  conflict = json_array_get_object_element (json_object_get_array_member (res, "conflicts"), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "body");
  g_assert_cmpstr (json_object_get_string_member (conflict, "yours"), ==, "Y");
  g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "X");
  post = find_item (w, w->vol, "posts", id);
  g_assert_cmpstr (json_object_get_string_member (post, "body"), ==, "X");
  /* the title, seen as it is, was applied */
  g_assert_cmpstr (json_object_get_string_member (post, "title"), ==, "Other title");

  /* An old base_version, but the value its author saw is the current one: applied. */
  u3 = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"body\":\"Z\"},"
                        "\"base\":{\"body\":\"X\"}}", id);
  r3 = vs_push1 (w->server, w->vol, c1, 3, "post.update", u3, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r3, 0), "status"), ==, "applied");

  bad = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"body\":\"W\"},"
                         "\"base\":\"X\"}", id);
  r4 = vs_push1 (w->server, w->vol, c1, 4, "post.update", bad, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r4, 0), "status"), ==, "rejected");
}

static void
test_conflict_status_and_delete (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *c1 = vs_uuid ();
  g_autofree char *c2 = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *del = NULL;
  g_autofree char *upd = NULL;
  g_autoptr(JsonNode) r = NULL;

  create_post (w, c1, 1, id);

  /* done beats a later "matched" from an old base */
  s1 = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"done\",\"base_version\":1}", id);
  s2 = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"matched\",\"base_version\":1}", id);
  r = vs_push1 (w->server, w->vol, c1, 2, "post.set_status", s1, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  g_clear_pointer (&r, json_node_unref);
  r = vs_push1 (w->server, w->coord, c2, 1, "post.set_status", s2, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), !=, "applied");
  g_clear_pointer (&r, json_node_unref);

  /* delete wins over an edit, whichever comes first */
  del = g_strdup_printf ("{\"id\":\"%s\"}", id);
  upd = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":2,\"fields\":{\"title\":\"Edited offline\"}}", id);
  r = vs_push1 (w->server, w->vol, c1, 3, "post.delete", del, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  g_clear_pointer (&r, json_node_unref);
  r = vs_push1 (w->server, w->coord, c2, 2, "post.update", upd, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==, "deleted");
  g_assert_cmpint (vs_db_count (w->server, "SELECT deleted FROM records"), ==, 1);
}

static const char *
set_status (VsWorld    *w,
            const char *token,
            const char *client,
            gint64      seq,
            const char *id,
            const char *status,
            const char *from,
            JsonNode  **holder)
{
  g_autofree char *args = NULL;

  if (from != NULL)
    args = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\",\"from\":\"%s\","
                            "\"base_version\":1}", id, status, from);
  else
    args = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\"}", id, status);
  g_clear_pointer (holder, json_node_unref);
  *holder = vs_push1 (w->server, token, client, seq, "post.set_status", args, NULL);
  return json_object_get_string_member (vs_result (*holder, 0), "status");
}

/* Issue 12: every closed post reopens and every closing is undone, through the server, by
 * whoever recorded it or a coordinator only; a move someone else made meanwhile is a
 * conflict, judged on "from" (an offline "done" then its undo both apply). */
static void
test_status_reopen (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *c1 = vs_uuid ();
  g_autofree char *c2 = vs_uuid ();
  g_autofree char *c3 = vs_uuid ();
  g_autofree char *id = vs_uuid ();
  g_autofree char *vol2_id = vs_server_add_user (w->server, w->a, "vol2", "volunteer");
  g_autofree char *vol2 = vs_server_login (w->server, "vol2");
  g_autoptr(JsonNode) r = NULL;
  gint64 seq = 2, cseq = 1;
  const char *closed[] = { "done", "cancelled", "expired" };

  create_post (w, c1, 1, id);

  /* open -> each closed status -> open again, by the recorder. */
  for (guint i = 0; i < G_N_ELEMENTS (closed); i++)
    {
      g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, closed[i], "open", &r), ==,
                       "applied");
      g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "open", closed[i], &r), ==,
                       "applied");
    }

  /* matched -> done | cancelled, undone back to matched; matched -> open. */
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "matched", "open", &r), ==, "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "done", "matched", &r), ==, "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "matched", "done", &r), ==, "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "cancelled", "matched", &r), ==,
                   "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "matched", "cancelled", &r), ==,
                   "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "open", "matched", &r), ==, "applied");

  /* Still refused: done and cancelled do not swap, only an open post expires. */
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "done", "open", &r), ==, "applied");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "cancelled", "done", &r), ==,
                   "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==,
                   "invalid_transition");
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "expired", "done", &r), ==, "rejected");

  /* Another volunteer may not reopen it; a coordinator may. */
  g_assert_cmpstr (set_status (w, vol2, c3, 1, id, "open", "done", &r), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==, "forbidden");
  g_assert_cmpstr (set_status (w, w->coord, c2, cseq++, id, "open", "done", &r), ==, "applied");

  /* A reopen decided on what its author saw "done", now open: a conflict, not a silent move. */
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "matched", "done", &r), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==, "status_moved");

  /* An unknown "from" is refused with a clear message. */
  g_assert_cmpstr (set_status (w, w->vol, c1, seq++, id, "done", "finished", &r), ==,
                   "rejected");
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "code"), ==, "invalid");
  {
    g_autoptr(JsonObject) item = find_item (w, w->coord, "posts", id);

    g_assert_nonnull (item);
    g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "open");
  }
  (void) vol2_id;
}

static void
test_last_seat (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *c1 = vs_uuid ();
  g_autofree char *c2 = vs_uuid ();
  g_autofree char *m1 = vs_uuid ();
  g_autofree char *m2 = vs_uuid ();
  g_autofree char *m3 = vs_uuid ();
  g_autofree char *host = vs_uuid ();
  g_autofree char *g1 = vs_uuid ();
  g_autofree char *g2 = vs_uuid ();
  g_autofree char *x1 = vs_uuid ();
  g_autofree char *x2 = vs_uuid ();
  const char *members[] = { m1, m2, m3 };
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  gint64 seq = 1;
  guint applied = 0, full = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                               "\"consent_scope\":\"posts\","
                                               "\"first_name\":\"Jeanne\",\"last_name\":\"Martin\","
                                               "\"address\":\"12 rue de Cotte\",\"lat\":48.848,"
                                               "\"lon\":2.378,\"phone\":\"0601020304\"}",
                                               members[i], w->a);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);

      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                          "\"member_id\":\"%s\",\"slots\":3,\"seats\":1}",
                                          host, w->a, m1);
    g_autofree char *ga = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1,\"notes\":\"secret\"}",
                                           g1, w->a, m2);
    g_autofree char *gb = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"member_id\":\"%s\",\"slots\":1}", g2, w->a, m3);
    g_autoptr(JsonNode) a = vs_push1 (w->server, w->coord, c0, seq++, "holiday.host.put", h, NULL);
    g_autoptr(JsonNode) b = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", ga, NULL);
    g_autoptr(JsonNode) c = vs_push1 (w->server, w->coord, c0, seq++, "holiday.guest.put", gb, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (a, 0), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (vs_result (b, 0), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (vs_result (c, 0), "status"), ==, "applied");
  }

  /* Two offline clients claim the last seat of Dec 24 evening. */
  p1 = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}", x1, host, g1);
  p2 = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}", x2, host, g2);
  r1 = vs_push1 (w->server, w->vol, c1, 1, "holiday.match.propose", p1, NULL);
  r2 = vs_push1 (w->server, w->admin, c2, 1, "holiday.match.propose", p2, NULL);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *res = vs_result (i ? r2 : r1, 0);

      if (g_str_equal (json_object_get_string_member (res, "status"), "applied"))
        applied++;
      else if (g_strcmp0 (json_object_get_string_member (res, "code"), "table_full") == 0)
        full++;
    }
  g_assert_cmpuint (applied, ==, 1);
  g_assert_cmpuint (full, ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'holiday_match'"),
                   ==, 1);

  /* The volunteer's proposal won; a coordinator approves it as the volunteer's to follow
   * (issue 10: a proposal alone shows nobody). */
  {
    g_autofree char *c3 = vs_uuid ();
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\"}", x1);
    g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c3, 1, "holiday.match.approve", args,
                                      NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  }

  /* The volunteer who follows the match sees that guest's identity, not the other's. */
  {
    g_autoptr(JsonObject) seen1 = find_item (w, w->vol, "holiday/guests", g1);
    g_autoptr(JsonObject) seen2 = find_item (w, w->vol, "holiday/guests", g2);
    g_autoptr(JsonObject) coord2 = find_item (w, w->coord, "holiday/guests", g2);

    g_assert_true (json_object_has_member (seen1, "member_id"));
    g_assert_false (json_object_has_member (seen2, "member_id"));
    g_assert_true (json_object_has_member (coord2, "member_id"));

    /* The other guest is anonymous: the street without number, the approximate position
     * and the needs; nothing that says who or where exactly. */
    g_assert_cmpstr (json_object_get_string_member_with_default (seen2, "street", NULL), ==,
                     "rue de Cotte");
    g_assert_true (json_object_has_member (seen2, "approx_lat"));
    g_assert_true (json_object_has_member (seen2, "approx_lon"));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (seen2, "approx_lat"), 48.848,
                                    0.01);
    g_assert_cmpint (json_object_get_int_member (seen2, "slots"), ==, 1);
    for (guint i = 0; i < 6; i++)
      {
        const char *never[] = { "address", "first_name", "last_name", "notes", "phone", "lat" };

        g_assert_false (json_object_has_member (seen2, never[i]));
      }
    /* The follower gets the number to call; nobody else does. */
    g_assert_cmpstr (json_object_get_string_member_with_default (seen1, "phone", NULL), ==,
                     "0601020304");
    g_assert_false (json_object_has_member (coord2, "street"));
  }
  {
    g_autoptr(JsonObject) host_seen = find_item (w, w->vol, "holiday/hosts", host);

    g_assert_cmpstr (json_object_get_string_member_with_default (host_seen, "phone", NULL), ==,
                     "0601020304");
  }

  /* The follow-up moves forward only; a closed match stays closed; declining frees the
   * seat. Whoever won the seat follows it. */
  {
    const char *winner_match = applied && g_str_equal (json_object_get_string_member (vs_result (r1, 0), "status"), "applied") ? x1 : x2;
    const char *winner_token = winner_match == x1 ? w->vol : w->admin;
    const char *winner_client = winner_match == x1 ? c1 : c2;
    const char *steps[] = { "host-called", "guest-called", "host-called", "confirmed", "declined" };
    const char *expect[] = { "applied", "applied", "rejected", "applied", "applied" };
    gint64 s2 = 2;

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\"}",
                                                 winner_match, steps[i]);
        g_autoptr(JsonNode) r = vs_push1 (w->server, winner_token, winner_client, s2++,
                                          "holiday.match.set_state", args, NULL);

        g_test_message ("step %s", steps[i]);
        g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, expect[i]);
      }

    /* Someone who neither follows it nor coordinates cannot touch it. */
    {
      g_autofree char *c3 = vs_uuid ();
      g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"done\"}", winner_match);
      g_autoptr(JsonNode) r = vs_push1 (w->server, winner_token == w->vol ? w->admin : w->vol, c3, 1,
                                        "holiday.match.set_state", args, NULL);
      JsonObject *res = vs_result (r, 0);

      if (winner_token == w->admin)
        g_assert_cmpstr (json_object_get_string_member (res, "code"), ==, "forbidden");
    }

    /* The seat is free again: the other guest can have it. */
    {
      g_autofree char *c4 = vs_uuid ();
      g_autofree char *x3 = vs_uuid ();
      g_autofree char *p3 = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}",
                                             x3, host, winner_match == x1 ? g2 : g1);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, c4, 1, "holiday.match.propose", p3, NULL);

      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  }
}

/* }}} */

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/push/duplicate-and-overlap", test_duplicate_and_overlap);
  g_test_add_func ("/server/push/gap", test_gap);
  g_test_add_func ("/server/push/poison", test_poison);
  g_test_add_func ("/server/push/batch-refused-in-middle", test_batch_refused_in_middle);
  g_test_add_func ("/server/push/busy", test_busy);
  g_test_add_func ("/server/conflicts/fields", test_conflict_fields);
  g_test_add_func ("/server/conflicts/base-values", test_conflict_base_values);
  g_test_add_func ("/server/conflicts/status-and-delete", test_conflict_status_and_delete);
  g_test_add_func ("/server/status/reopen-and-undo", test_status_reopen);
  g_test_add_func ("/server/conflicts/last-seat", test_last_seat);

  return g_test_run ();
}
