/* test-sync-store.c: the store's side of sync, fed with answers shaped like the server's
 * (the end-to-end cases against a real server are in tests/test-sync.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "voisins-core.h"

#define ASSOC "01900000-0000-7000-8000-000000000001"
#define OTHER_POST "01900000-0000-7000-8000-0000000000ff"

typedef struct
{
  char         *dir;
  VoisinsStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VoisinsAssociation) assoc = voisins_association_new (ASSOC, "Test", NULL);

  f->dir = g_dir_make_tmp ("voisins-sync-store-XXXXXX", &error);
  path = g_build_filename (f->dir, "voisins.db", NULL);
  f->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_put_association (f->store, assoc, &error));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static char *
create_post (Fixture    *f,
             const char *title)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;

  voisins_post_set_association_id (post, ASSOC);
  voisins_post_set_title (post, title);
  g_assert_true (voisins_store_create_post (f->store, post, &error));
  g_assert_no_error (error);
  return g_strdup (voisins_post_get_id (post));
}

static void
push (Fixture    *f,
      gint64      last,
      const char *results_json)
{
  g_autoptr(JsonNode) node = voisins_json_parse (results_json, -1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (voisins_store_record_push (f->store, last, json_node_get_array (node), NULL,
                                            &error));
  g_assert_no_error (error);
}

/* A pull answer with one page for ASSOC. @changes is a JSON array text. */
static void
pull (Fixture            *f,
      const char         *cursor,
      gboolean            reset,
      const char         *changes,
      gint64              last,
      VoisinsSyncSummary *summary)
{
  g_autofree char *json = g_strdup_printf ("{\"associations\":{\"" ASSOC "\":{\"cursor\":\"%s\","
                                           "\"reset\":%s,\"has_more\":false,\"changes\":%s}},"
                                           "\"has_more\":false,\"last_mutation_seq\":%" G_GINT64_FORMAT "}",
                                           cursor, reset ? "true" : "false", changes, last);
  g_autoptr(JsonNode) node = voisins_json_parse (json, -1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (voisins_store_apply_pull (f->store, json_node_get_object (node), summary, &error));
  g_assert_no_error (error);
}

/* One page of a pull for ASSOC, with more to come or not. */
static gboolean
pull_page (Fixture     *f,
           const char  *cursor,
           gboolean     has_more,
           const char  *changes,
           GError     **error)
{
  g_autofree char *json = g_strdup_printf ("{\"associations\":{\"" ASSOC "\":{\"cursor\":\"%s\","
                                           "\"reset\":false,\"has_more\":%s,\"changes\":%s}},"
                                           "\"has_more\":%s,\"last_mutation_seq\":0}",
                                           cursor, has_more ? "true" : "false", changes,
                                           has_more ? "true" : "false");
  g_autoptr(JsonNode) node = voisins_json_parse (json, -1, NULL);

  g_assert_nonnull (node);
  return voisins_store_apply_pull (f->store, json_node_get_object (node), NULL, error);
}

/* A post at a position, as the server sends it. */
static char *
placed_post_change (const char *id,
                    const char *title,
                    double      lat,
                    double      lon,
                    gint64      seq)
{
  return g_strdup_printf ("{\"type\":\"post\",\"id\":\"%s\",\"version\":1,"
                          "\"server_seq\":%" G_GINT64_FORMAT ",\"deleted\":false,\"data\":{"
                          "\"id\":\"%s\",\"association_id\":\"" ASSOC "\",\"kind\":\"request\","
                          "\"category\":\"service\",\"status\":\"open\",\"title\":\"%s\","
                          "\"body\":\"\",\"lat\":%.6f,\"lon\":%.6f,\"created_at\":1764000000}}",
                          id, seq, id, title, lat, lon);
}

/* Rows of @table in the store's file, read beside the store's own connection. */
static int
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *path = g_build_filename (f->dir, "voisins.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static guint
query_count (Fixture     *f,
             const char  *search,
             VoisinsBBox *bbox)
{
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  q.search = search;
  q.bbox = bbox;
  posts = voisins_store_query_posts (f->store, &q, &error);
  g_assert_no_error (error);
  return posts->len;
}

static char *
post_change (const char *id,
             const char *title,
             const char *status,
             gint64      version,
             gint64      seq)
{
  return g_strdup_printf ("{\"type\":\"post\",\"id\":\"%s\",\"version\":%" G_GINT64_FORMAT ","
                          "\"server_seq\":%" G_GINT64_FORMAT ",\"deleted\":false,\"data\":{"
                          "\"id\":\"%s\",\"association_id\":\"" ASSOC "\",\"kind\":\"request\","
                          "\"category\":\"service\",\"status\":\"%s\",\"title\":\"%s\","
                          "\"body\":\"\",\"created_at\":1764000000}}",
                          id, version, seq, id, status, title);
}

static char *
cursor_of (Fixture *f)
{
  g_autoptr(GHashTable) cursors = voisins_store_get_cursors (f->store, NULL);

  return g_strdup (g_hash_table_lookup (cursors, ASSOC));
}

static void
test_create_acknowledged (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = create_post (f, "Prêt d'une perceuse");
  g_autoptr(GPtrArray) outbox = voisins_store_peek_outbox (f->store, 100, 1 << 20, NULL);
  g_autofree char *change = NULL;
  g_autofree char *changes = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GPtrArray) again = NULL;
  VoisinsSyncSummary summary = { 0 };

  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((VoisinsOutboxEntry *) outbox->pdata[0])->name, ==, "post.create");

  push (f, 1, "[{\"seq\":1,\"status\":\"applied\",\"version\":1}]");
  /* Pushed: not sent again, but still pending until the pull confirms it. */
  again = voisins_store_peek_outbox (f->store, 100, 1 << 20, NULL);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);

  change = post_change (id, "Prêt d'une perceuse", "open", 1, 7);
  changes = g_strdup_printf ("[%s]", change);
  pull (f, "e1:" ASSOC ":7", FALSE, changes, 1, &summary);

  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 0);
  post = voisins_store_get_post (f->store, id, NULL);
  g_assert_cmpint (voisins_post_get_version (post), ==, 1);
  g_assert_cmpint (voisins_post_get_server_seq (post), ==, 7);
  /* Our own post is not "new" to us... it existed already. */
  g_assert_cmpuint (summary.new_requests, ==, 0);
}

static void
test_conflict_keeps_server_text (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = create_post (f, "Cours d'anglais");
  g_autofree char *c1 = NULL, *c1s = NULL, *c2 = NULL, *c2s = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(VoisinsPost) after = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  VoisinsSyncNotice *n;
  gint64 notice_id;

  push (f, 1, "[{\"seq\":1,\"status\":\"applied\"}]");
  c1 = post_change (id, "Cours d'anglais", "open", 1, 1);
  c1s = g_strdup_printf ("[%s]", c1);
  pull (f, "e1:" ASSOC ":1", FALSE, c1s, 1, NULL);

  post = voisins_store_get_post (f->store, id, NULL);
  voisins_post_set_title (post, "Cours d'anglais, le mardi");
  g_assert_true (voisins_store_update_post (f->store, post, NULL));
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);

  /* Someone else changed the title first: the server keeps theirs. */
  push (f, 2, "[{\"seq\":2,\"status\":\"conflict\",\"conflicts\":[{\"field\":\"title\","
              "\"yours\":\"Cours d'anglais, le mardi\",\"theirs\":\"Cours d'anglais, le jeudi\"}]}]");
  c2 = post_change (id, "Cours d'anglais, le jeudi", "open", 2, 2);
  c2s = g_strdup_printf ("[%s]", c2);
  pull (f, "e1:" ASSOC ":2", FALSE, c2s, 2, NULL);

  after = voisins_store_get_post (f->store, id, NULL);
  g_assert_cmpstr (voisins_post_get_title (after), ==, "Cours d'anglais, le jeudi");
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 0);

  /* The losing text is kept, visible. */
  notices = voisins_store_list_notices (f->store, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  n = notices->pdata[0];
  g_assert_cmpstr (n->kind, ==, "conflict");
  g_assert_cmpstr (n->field, ==, "title");
  g_assert_cmpstr (n->yours, ==, "Cours d'anglais, le mardi");
  g_assert_cmpstr (n->theirs, ==, "Cours d'anglais, le jeudi");
  g_assert_cmpstr (n->entity_id, ==, id);
  notice_id = n->id;

  /* The same answer again (a lost reply, pushed twice) adds no second notice. */
  push (f, 2, "[{\"seq\":2,\"status\":\"conflict\",\"conflicts\":[{\"field\":\"title\","
              "\"yours\":\"Cours d'anglais, le mardi\",\"theirs\":\"Cours d'anglais, le jeudi\"}]}]");
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = voisins_store_list_notices (f->store, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_true (voisins_store_resolve_notice (f->store, notice_id, NULL));
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = voisins_store_list_notices (f->store, NULL);
  g_assert_cmpuint (notices->len, ==, 0);
}

static void
test_rejected_create_disappears (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = create_post (f, "Une annonce refusée");
  g_autoptr(VoisinsPost) gone = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;

  push (f, 1, "[{\"seq\":1,\"status\":\"rejected\",\"code\":\"forbidden\","
              "\"message\":\"Not allowed\"}]");
  pull (f, "e1:" ASSOC ":0", FALSE, "[]", 1, NULL);

  gone = voisins_store_get_post (f->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND);
  notices = voisins_store_list_notices (f->store, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((VoisinsSyncNotice *) notices->pdata[0])->code, ==, "forbidden");
  g_assert_cmpstr (((VoisinsSyncNotice *) notices->pdata[0])->title, ==, "Une annonce refusée");
}

static void
test_delete_wins_over_edit (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = create_post (f, "Garde d'enfants");
  g_autofree char *c1 = NULL, *c1s = NULL, *tomb = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(VoisinsPost) gone = NULL;

  push (f, 1, "[{\"seq\":1,\"status\":\"applied\"}]");
  c1 = post_change (id, "Garde d'enfants", "open", 1, 1);
  c1s = g_strdup_printf ("[%s]", c1);
  pull (f, "e1:" ASSOC ":1", FALSE, c1s, 1, NULL);
  {
    VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;

    q.search = "garde";
    g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 1);
  }

  post = voisins_store_get_post (f->store, id, NULL);
  voisins_post_set_body (post, "Mercredi après-midi");
  g_assert_true (voisins_store_update_post (f->store, post, NULL));

  /* Not pushed yet; the server deleted the post meanwhile. */
  tomb = g_strdup_printf ("[{\"type\":\"post\",\"id\":\"%s\",\"version\":2,\"server_seq\":2,"
                          "\"deleted\":true}]", id);
  pull (f, "e1:" ASSOC ":2", FALSE, tomb, 1, NULL);
  gone = voisins_store_get_post (f->store, id, NULL);
  g_assert_null (gone);

  /* Gone from the search and spatial indexes too. */
  {
    VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
    VoisinsBBox world = { -90, -180, 90, 180 };
    g_autoptr(GPtrArray) found = NULL;

    q.search = "garde";
    found = voisins_store_query_posts (f->store, &q, NULL);
    g_assert_cmpuint (found->len, ==, 0);
    q.search = NULL;
    q.bbox = &world;
    g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 0);
  }
}

static void
test_cursor_never_lowered (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  pull (f, "e1:" ASSOC ":10", FALSE, "[]", 0, NULL);
  a = cursor_of (f);
  g_assert_cmpstr (a, ==, "e1:" ASSOC ":10");

  /* A late, out-of-order answer does not move it back. */
  pull (f, "e1:" ASSOC ":5", FALSE, "[]", 0, NULL);
  b = cursor_of (f);
  g_assert_cmpstr (b, ==, "e1:" ASSOC ":10");

  /* A reset (restored server, new epoch) starts again. */
  pull (f, "e2:" ASSOC ":3", TRUE, "[]", 0, NULL);
  c = cursor_of (f);
  g_assert_cmpstr (c, ==, "e2:" ASSOC ":3");
}

static void
test_reset_keeps_pending (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *server_change = post_change (OTHER_POST, "Apéro dans la cour", "open", 1, 1);
  g_autofree char *changes = g_strdup_printf ("[%s]", server_change);
  g_autofree char *mine = NULL;
  g_autoptr(VoisinsPost) kept = NULL;
  g_autoptr(VoisinsPost) dropped = NULL;
  VoisinsSyncSummary summary = { 0 };

  pull (f, "e1:" ASSOC ":1", FALSE, changes, 0, &summary);
  g_assert_cmpuint (summary.new_requests, ==, 1);

  mine = create_post (f, "Mon annonce pas encore envoyée");
  pull (f, "e2:" ASSOC ":0", TRUE, "[]", 0, NULL);

  kept = voisins_store_get_post (f->store, mine, NULL);
  g_assert_nonnull (kept);
  dropped = voisins_store_get_post (f->store, OTHER_POST, NULL);
  g_assert_null (dropped);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);
}

static void
test_rewind_after_restore (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *a = create_post (f, "Première annonce");
  g_autofree char *b = create_post (f, "Deuxième annonce");
  g_autofree char *c = create_post (f, "Troisième annonce");
  g_autoptr(GPtrArray) outbox = NULL;

  g_autofree char *ca = post_change (a, "Première annonce", "open", 1, 1);
  g_autofree char *cb = post_change (b, "Deuxième annonce", "open", 1, 2);
  g_autofree char *cc = post_change (c, "Troisième annonce", "open", 1, 3);
  g_autofree char *changes = g_strdup_printf ("[%s,%s,%s]", ca, cb, cc);

  push (f, 3, "[{\"seq\":1,\"status\":\"applied\"},{\"seq\":2,\"status\":\"applied\"},"
              "{\"seq\":3,\"status\":\"applied\"}]");
  pull (f, "e1:" ASSOC ":3", FALSE, changes, 3, NULL);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 0);

  /* The server came back from a backup that only had our first post. */
  pull (f, "e2:" ASSOC ":1", TRUE, "[]", 1, NULL);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 2);
  outbox = voisins_store_peek_outbox (f->store, 100, 1 << 20, NULL);
  g_assert_cmpuint (outbox->len, ==, 2);
  g_assert_cmpint (((VoisinsOutboxEntry *) outbox->pdata[0])->seq, ==, 2);
  g_assert_cmpint (((VoisinsOutboxEntry *) outbox->pdata[1])->seq, ==, 3);
  /* Both posts are still on this laptop, waiting to be sent again. */
  {
    g_autoptr(VoisinsPost) still_b = voisins_store_get_post (f->store, b, NULL);
    g_autoptr(VoisinsPost) still_c = voisins_store_get_post (f->store, c, NULL);

    g_assert_nonnull (still_b);
    g_assert_nonnull (still_c);
  }
}

static void
test_bad_answers (Fixture       *f,
                  gconstpointer  data)
{
  const char *bad[] = {
    "{}",
    "{\"associations\":{\"" ASSOC "\":{\"cursor\":\"garbage\",\"changes\":[]}},\"has_more\":false}",
    "{\"associations\":{\"" ASSOC "\":{\"cursor\":\"e:a:1\",\"changes\":[42]}},\"has_more\":false}",
    "{\"associations\":{\"" ASSOC "\":{\"cursor\":\"e:a:1\",\"changes\":[{\"type\":\"post\","
    "\"id\":\"x\"}]}},\"has_more\":false}",
    "{\"associations\":{\"" ASSOC "\":{\"cursor\":\"e:a:1\",\"changes\":[{\"type\":\"post\","
    "\"id\":\"" OTHER_POST "\",\"data\":{\"title\":7}}]}},\"has_more\":false}",
  };
  g_autofree char *id = create_post (f, "Reste intacte");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = voisins_json_parse (bad[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *cursor = NULL;

      g_assert_false (voisins_store_apply_pull (f->store, json_node_get_object (node), NULL, &error));
      g_assert_nonnull (error);
      /* Nothing half-applied: no cursor, our edit still pending. */
      cursor = cursor_of (f);
      g_assert_null (cursor);
      g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);
      g_assert_null (voisins_store_get_post (f->store, OTHER_POST, NULL));
    }
}

#define RECORDER "01900000-0000-7000-8000-0000000000aa"

static char *
recorded_post_change (const char *id,
                      const char *title,
                      gint64      version,
                      gint64      seq)
{
  return g_strdup_printf ("{\"type\":\"post\",\"id\":\"%s\",\"version\":%" G_GINT64_FORMAT ","
                          "\"server_seq\":%" G_GINT64_FORMAT ",\"deleted\":false,\"data\":{"
                          "\"id\":\"%s\",\"association_id\":\"" ASSOC "\",\"kind\":\"request\","
                          "\"category\":\"service\",\"status\":\"open\",\"title\":\"%s\","
                          "\"body\":\"\",\"created_at\":1764000000,"
                          "\"recorded_by\":\"" RECORDER "\"}}",
                          id, version, seq, id, title);
}

/* Who recorded a post comes with the pull (issue 10), on the first sync's fast path and on
 * the ordinary one, and a local edit keeps it. */
static void
test_recorded_by_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a = g_strdup ("01900000-0000-7000-8000-0000000000b1");
  g_autofree char *b = g_strdup ("01900000-0000-7000-8000-0000000000b2");
  g_autofree char *ca = recorded_post_change (a, "Courses", 1, 1);
  g_autofree char *cb = recorded_post_change (b, "Jardin", 1, 2);
  g_autofree char *first = g_strdup_printf ("[%s]", ca);
  g_autofree char *second = g_strdup_printf ("[%s]", cb);
  g_autoptr(VoisinsPost) pa = NULL;
  g_autoptr(VoisinsPost) pb = NULL;
  g_autoptr(GError) error = NULL;

  pull (f, "e1:" ASSOC ":1", FALSE, first, 0, NULL);
  pull (f, "e1:" ASSOC ":2", FALSE, second, 0, NULL);
  pa = voisins_store_get_post (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_recorded_by (pa), ==, RECORDER);
  pb = voisins_store_get_post (f->store, b, &error);
  g_assert_cmpstr (voisins_post_get_recorded_by (pb), ==, RECORDER);

  voisins_post_set_title (pb, "Jardin partagé");
  voisins_post_set_recorded_by (pb, NULL);
  g_assert_true (voisins_store_update_post (f->store, pb, &error));
  g_assert_no_error (error);
  g_clear_object (&pb);
  pb = voisins_store_get_post (f->store, b, &error);
  g_assert_cmpstr (voisins_post_get_title (pb), ==, "Jardin partagé");
  g_assert_cmpstr (voisins_post_get_recorded_by (pb), ==, RECORDER);
}

#define POST_A "01900000-0000-7000-8000-0000000000c1"
#define POST_B "01900000-0000-7000-8000-0000000000c2"
#define POST_C "01900000-0000-7000-8000-0000000000c3"

/* A first sync into an empty store fills the search and spatial indexes once, after its
 * last page; the pages before are found meanwhile, by their text and their position. */
static void
test_first_sync_indexes_at_end (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *a = placed_post_change (POST_A, "Courses du samedi", 48.85, 2.37, 1);
  g_autofree char *b = placed_post_change (POST_B, "Jardin partagé", 10, 10, 2);
  g_autofree char *c = placed_post_change (POST_C, "Courses de la semaine", 48.851, 2.371, 3);
  g_autofree char *first = g_strdup_printf ("[%s,%s]", a, b);
  g_autofree char *last = g_strdup_printf ("[%s]", c);
  VoisinsBBox near = { 48.8, 2.3, 48.9, 2.4 };
  g_autoptr(GError) error = NULL;

  g_assert_true (pull_page (f, "e1:" ASSOC ":2", TRUE, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 0);
  g_assert_cmpint (count_rows (f, "posts_rtree"), ==, 0);
  g_assert_cmpuint (query_count (f, "courses", NULL), ==, 1);
  g_assert_cmpuint (query_count (f, "jardin", NULL), ==, 1);
  g_assert_cmpuint (query_count (f, "jardin courses", NULL), ==, 0);
  g_assert_cmpuint (query_count (f, NULL, &near), ==, 1);

  g_assert_true (pull_page (f, "e1:" ASSOC ":3", FALSE, last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 3);
  g_assert_cmpint (count_rows (f, "posts_rtree"), ==, 3);
  g_assert_cmpuint (query_count (f, "courses", NULL), ==, 2);
  g_assert_cmpuint (query_count (f, "partage", NULL), ==, 1);
  g_assert_cmpuint (query_count (f, NULL, &near), ==, 2);

  /* Back to the ordinary way: the next change is indexed in its own transaction. */
  g_clear_pointer (&b, g_free);
  g_clear_pointer (&last, g_free);
  b = placed_post_change (POST_B, "Jardin fermé", 48.852, 2.372, 4);
  last = g_strdup_printf ("[%s]", b);
  g_assert_true (pull_page (f, "e1:" ASSOC ":4", FALSE, last, &error));
  g_assert_cmpuint (query_count (f, "ferme", NULL), ==, 1);
  g_assert_cmpuint (query_count (f, "partage", NULL), ==, 0);
  g_assert_cmpuint (query_count (f, NULL, &near), ==, 3);
}

/* A first sync stopped after a page (the laptop shut, the app killed): the next opening
 * fills the indexes, and nothing was lost or doubled. */
static void
test_first_sync_interrupted (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *a = placed_post_change (POST_A, "Courses du samedi", 48.85, 2.37, 1);
  g_autofree char *first = g_strdup_printf ("[%s]", a);
  g_autofree char *path = g_build_filename (f->dir, "voisins.db", NULL);
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pull_page (f, "e1:" ASSOC ":1", TRUE, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 0);
  g_clear_object (&f->store);

  f->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 1);
  g_assert_cmpint (count_rows (f, "posts_rtree"), ==, 1);
  g_assert_cmpuint (query_count (f, "samedi", NULL), ==, 1);
  cursor = cursor_of (f);
  g_assert_cmpstr (cursor, ==, "e1:" ASSOC ":1");

  /* The rest of the pull, the ordinary way. */
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&first, g_free);
  a = placed_post_change (POST_B, "Jardin partagé", 48.85, 2.37, 2);
  first = g_strdup_printf ("[%s]", a);
  g_assert_true (pull_page (f, "e1:" ASSOC ":2", FALSE, first, &error));
  g_assert_cmpint (count_rows (f, "posts"), ==, 2);
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 2);
  g_assert_cmpuint (query_count (f, "jardin", NULL), ==, 1);
}

/* A first page the store refuses leaves no half-state: a post written here afterwards is
 * indexed at once, as before. */
static void
test_first_sync_page_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *a = placed_post_change (POST_A, "Courses du samedi", 48.85, 2.37, 1);
  g_autofree char *bad = g_strdup_printf ("[%s,{\"type\":\"post\",\"id\":\"nope\"}]", a);
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (pull_page (f, "e1:" ASSOC ":2", TRUE, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "posts"), ==, 0);

  id = create_post (f, "Perceuse à prêter");
  g_assert_cmpint (count_rows (f, "posts_fts"), ==, 1);
  g_assert_cmpuint (query_count (f, "pret", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-store/create-acknowledged", test_create_acknowledged);
  ADD ("/sync-store/conflict-keeps-server-text", test_conflict_keeps_server_text);
  ADD ("/sync-store/rejected-create-disappears", test_rejected_create_disappears);
  ADD ("/sync-store/delete-wins-over-edit", test_delete_wins_over_edit);
  ADD ("/sync-store/cursor-never-lowered", test_cursor_never_lowered);
  ADD ("/sync-store/reset-keeps-pending", test_reset_keeps_pending);
  ADD ("/sync-store/rewind-after-restore", test_rewind_after_restore);
  ADD ("/sync-store/bad-answers", test_bad_answers);
  ADD ("/sync-store/recorded-by-kept", test_recorded_by_kept);
  ADD ("/sync-store/first-sync-indexes-at-end", test_first_sync_indexes_at_end);
  ADD ("/sync-store/first-sync-interrupted", test_first_sync_interrupted);
  ADD ("/sync-store/first-sync-page-refused", test_first_sync_page_refused);
#undef ADD

  return g_test_run ();
}
