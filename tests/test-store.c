/* test-store.c: the local SQLite store, on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "voisins-core.h"

#define ASSOC_ID "01900000-0000-7000-8000-000000000001"
#define MEMBER_ID "01900000-0000-7000-8000-000000000002"

typedef struct
{
  char         *dir;
  char         *path;
  VoisinsStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("voisins-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "voisins.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static VoisinsPolygon *
square_boundary (void)
{
  g_autoptr(GError) error = NULL;
  VoisinsPolygon *polygon;

  polygon = voisins_polygon_new_from_geojson (
      "{\"type\":\"Polygon\",\"coordinates\":[[[2.36,48.84],[2.38,48.84],[2.38,48.855],"
      "[2.36,48.855],[2.36,48.84]]]}", &error);
  g_assert_no_error (error);
  return polygon;
}

static void
seed_association_and_member (VoisinsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPolygon) boundary = square_boundary ();
  g_autoptr(VoisinsAssociation) assoc = voisins_association_new (ASSOC_ID, "Voisins test",
                                                                  boundary);
  g_autoptr(VoisinsMember) member = voisins_member_new ();

  g_assert_true (voisins_store_put_association (store, assoc, &error));
  g_assert_no_error (error);

  voisins_member_set_id (member, MEMBER_ID);
  voisins_member_set_association_id (member, ASSOC_ID);
  voisins_member_set_first_name (member, "Jeanne");
  voisins_member_set_last_name (member, "Moreau");
  voisins_member_set_address (member, "12 rue de Lyon");
  voisins_member_set_latitude (member, 48.846);
  voisins_member_set_longitude (member, 2.372);
  g_assert_true (voisins_store_put_member (store, member, &error));
  g_assert_no_error (error);
}

static VoisinsPost *
make_post (const char *title,
           const char *body,
           double      lat,
           double      lon)
{
  VoisinsPost *post = voisins_post_new ();

  voisins_post_set_association_id (post, ASSOC_ID);
  voisins_post_set_author_id (post, MEMBER_ID);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, body);
  voisins_post_set_latitude (post, lat);
  voisins_post_set_longitude (post, lon);
  return post;
}

static char *
create (VoisinsStore *store,
        const char   *title,
        const char   *body,
        double        lat,
        double        lon)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) post = make_post (title, body, lat, lon);

  g_assert_true (voisins_store_create_post (store, post, &error));
  g_assert_no_error (error);
  return g_strdup (voisins_post_get_id (post));
}

static guint
search_count (VoisinsStore *store,
              const char   *text)
{
  g_autoptr(GError) error = NULL;
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GPtrArray) posts = NULL;

  q.search = text;
  posts = voisins_store_query_posts (store, &q, &error);
  g_assert_no_error (error);
  return posts->len;
}

static void
test_migrate_empty (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct stat st;

  f->store = voisins_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_store_get_schema_version (f->store), ==, VOISINS_STORE_SCHEMA_VERSION);
  g_assert_true (voisins_uuid_is_valid (voisins_store_get_client_id (f->store)));

  /* Personal data: only this user may read the file. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Reopening keeps the same installation id. */
  {
    g_autofree char *client_id = g_strdup (voisins_store_get_client_id (f->store));
    g_clear_object (&f->store);
    f->store = voisins_store_open (f->path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (voisins_store_get_client_id (f->store), ==, client_id);
  }
}

/* The store's writers write today's columns: a row of an older version is written as that
 * version's code wrote it, in SQL. */
static void
seed_old_association_and_member (VoisinsStore *store,
                                 const char   *path)
{
  g_autoptr(VoisinsPolygon) boundary = square_boundary ();
  g_autofree char *geojson = voisins_polygon_to_geojson (boundary);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* Version 1's columns (email and address came with 12). */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO associations (id, name, boundary)"
                                       " VALUES (?, 'Voisins test', ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ASSOC_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, geojson, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO members (id, association_id, first_name,"
                                 " last_name, address, lat, lon) VALUES ('" MEMBER_ID "', '"
                                 ASSOC_ID "', 'Jeanne', 'Moreau', '12 rue de Lyon', 48.846,"
                                 " 2.372)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_from_each_version (Fixture       *f,
                                gconstpointer  data)
{
  for (int version = 1; version < VOISINS_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VoisinsStore) old = NULL;
      g_autoptr(VoisinsPost) post = NULL;
      g_autoptr(GPtrArray) found = NULL;
      VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
      VoisinsBBox bbox = { 48.845, 2.370, 48.847, 2.374 };
      g_autofree char *path = g_strdup_printf ("%s-v%d", f->path, version);

      old = voisins_store_open_at_version (path, version, &error);
      g_assert_no_error (error);
      g_assert_cmpint (voisins_store_get_schema_version (old), ==, version);
      seed_old_association_and_member (old, path);

      post = make_post ("Prêt d'une perceuse", "Pour un week-end", 48.846, 2.372);
      voisins_post_set_id (post, "01900000-0000-7000-8000-0000000000aa");
      g_assert_true (voisins_store_put_post (old, post, &error));
      g_assert_no_error (error);
      g_clear_object (&old);

      f->store = voisins_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (voisins_store_get_schema_version (f->store), ==,
                       VOISINS_STORE_SCHEMA_VERSION);

      /* Rows written before the search index existed are found through it. */
      g_assert_cmpuint (search_count (f->store, "perceuse"), ==, 1);
      q.bbox = &bbox;
      found = voisins_store_query_posts (f->store, &q, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpuint (voisins_store_count_members (f->store, ASSOC_ID, NULL), ==, 1);
      g_assert_cmpuint (voisins_store_count_holiday_hosts (f->store, &error), ==, 0);
      g_assert_no_error (error);
      g_clear_object (&f->store);
    }
}

static void
test_posts_lifecycle (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(VoisinsPost) again = NULL;
  g_autoptr(VoisinsPost) bad = NULL;
  g_autofree char *id = NULL;

  f->store = voisins_store_open (f->path, &error);
  g_assert_no_error (error);
  seed_association_and_member (f->store);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 0);

  id = create (f->store, "Porter les courses au 5e étage", "Mardi matin, sans ascenseur",
               48.846, 2.372);
  g_assert_true (voisins_uuid_is_valid (id));
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);

  post = voisins_store_get_post (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_title (post), ==, "Porter les courses au 5e étage");
  g_assert_cmpstr (voisins_post_get_author_name (post), ==, "Jeanne M.");
  g_assert_cmpint (voisins_post_get_status (post), ==, VOISINS_POST_STATUS_OPEN);
  g_assert_cmpint (voisins_post_get_created_at (post), >, 0);

  /* Not sent yet: an edit is folded into the post's creation, not queued after it (an
   * edit of a version the server has not made yet would lose to it). */
  voisins_post_set_body (post, "Mardi matin, 5e sans ascenseur, deux sacs");
  g_assert_true (voisins_store_update_post (f->store, post, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);
  {
    g_autoptr(GPtrArray) outbox = voisins_store_peek_outbox (f->store, 10, 1 << 20, NULL);
    VoisinsOutboxEntry *e = outbox->pdata[0];

    g_assert_cmpstr (e->name, ==, "post.create");
    g_assert_nonnull (strstr (e->args, "deux sacs"));
  }
  again = voisins_store_get_post (f->store, id, &error);
  g_assert_cmpstr (voisins_post_get_body (again), ==, "Mardi matin, 5e sans ascenseur, deux sacs");

  /* Saving without a change queues nothing. */
  g_assert_true (voisins_store_update_post (f->store, again, &error));
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 1);

  /* Once the server has it, each edit is one row change plus one outbox entry. */
  {
    g_autoptr(JsonNode) results = voisins_json_parse ("[{\"seq\":1,\"status\":\"applied\"}]", -1, NULL);
    g_assert_true (voisins_store_record_push (f->store, 1, json_node_get_array (results), NULL, &error));
  }
  g_assert_true (voisins_store_set_post_status (f->store, id, VOISINS_POST_STATUS_MATCHED, &error));
  g_assert_true (voisins_store_set_post_status (f->store, id, VOISINS_POST_STATUS_DONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 3);

  /* Done and cancelled do not swap (reopen first); the refusal queues nothing. */
  g_assert_false (voisins_store_set_post_status (f->store, id, VOISINS_POST_STATUS_CANCELLED,
                                                 &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 3);

  /* A done post reopens, queued like any change; then done again for what follows. */
  g_assert_true (voisins_store_set_post_status (f->store, id, VOISINS_POST_STATUS_OPEN, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 4);
  g_assert_true (voisins_store_set_post_status (f->store, id, VOISINS_POST_STATUS_DONE, &error));
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 5);

  /* Invalid input is refused with a message and nothing is stored. */
  bad = make_post ("  ", "", 48.846, 2.372);
  g_assert_false (voisins_store_create_post (f->store, bad, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  {
    g_autoptr(GString) huge = g_string_new (NULL);
    for (int i = 0; i < 200; i++)
      g_string_append (huge, "é");
    voisins_post_set_title (bad, huge->str);
    g_assert_false (voisins_store_create_post (f->store, bad, &error));
    g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, 5);
}

static void
test_fts_accents (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  f->store = voisins_store_open (f->path, &error);
  g_assert_no_error (error);
  seed_association_and_member (f->store);

  a = create (f->store, "Visite de l'Église Saint-Antoine", "Samedi à 15 h", 48.846, 2.372);
  b = create (f->store, "Réparation de vélo", "Crevaison, dérailleur", 48.846, 2.372);
  c = create (f->store, "Cours d'anglais", "Conversation, niveau débutant", 48.846, 2.372);

  g_assert_cmpuint (search_count (f->store, "eglise"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "EGLISE"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "Église"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "egl"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "velo"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "vélo réparation"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "derailleur"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "debutant"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "de"), ==, 3);
  g_assert_cmpuint (search_count (f->store, "voiture"), ==, 0);
  /* FTS5 syntax typed by a person is plain text, not an error. */
  g_assert_cmpuint (search_count (f->store, "\"NEAR( title: *"), ==, 0);
  g_assert_cmpuint (search_count (f->store, "AND OR"), ==, 0);
  g_assert_cmpuint (search_count (f->store, "   "), ==, 3);

  /* The index follows edits. */
  {
    g_autoptr(VoisinsPost) post = voisins_store_get_post (f->store, b, &error);
    voisins_post_set_title (post, "Réparation de trottinette");
    g_assert_true (voisins_store_update_post (f->store, post, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (search_count (f->store, "velo"), ==, 0);
    g_assert_cmpuint (search_count (f->store, "trottinette"), ==, 1);
  }
}

static void
test_bbox_and_filters (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  VoisinsBBox bbox = { 48.845, 2.370, 48.848, 2.375 };
  g_autofree char *inside = NULL, *outside = NULL, *far = NULL;

  f->store = voisins_store_open (f->path, &error);
  g_assert_no_error (error);
  seed_association_and_member (f->store);

  inside = create (f->store, "Dans la boîte", "", 48.846, 2.372);
  outside = create (f->store, "Juste à côté", "", 48.849, 2.372);
  far = create (f->store, "Loin d'ici", "", 48.853, 2.365);

  q.bbox = &bbox;
  posts = voisins_store_query_posts (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (voisins_post_get_id (g_ptr_array_index (posts, 0)), ==, inside);
  g_clear_pointer (&posts, g_ptr_array_unref);

  /* Nearest first from a point next to "far". */
  q.bbox = NULL;
  q.sort = VOISINS_POST_SORT_DISTANCE;
  q.ref_lat = 48.8531;
  q.ref_lon = 2.3651;
  posts = voisins_store_query_posts (f->store, &q, &error);
  g_assert_cmpuint (posts->len, ==, 3);
  g_assert_cmpstr (voisins_post_get_id (g_ptr_array_index (posts, 0)), ==, far);
  g_assert_cmpstr (voisins_post_get_id (g_ptr_array_index (posts, 2)), ==, inside);
  g_assert_cmpfloat (voisins_post_get_distance (g_ptr_array_index (posts, 0)), <, 20);
  g_clear_pointer (&posts, g_ptr_array_unref);

  /* Status filter. */
  g_assert_true (voisins_store_set_post_status (f->store, far, VOISINS_POST_STATUS_CANCELLED, NULL));
  q.sort = VOISINS_POST_SORT_NEWEST;
  q.status_mask = 1 << VOISINS_POST_STATUS_OPEN;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 2);
  q.status_mask = 1 << VOISINS_POST_STATUS_CANCELLED;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 1);

  /* Kind and category. */
  q.status_mask = 0;
  q.kind = VOISINS_POST_KIND_OFFER;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 0);
  q.kind = VOISINS_POST_KIND_REQUEST;
  q.category = VOISINS_CATEGORY_SERVICE;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 3);
  q.category = VOISINS_CATEGORY_LENDING;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 0);

  /* One neighbour's posts. */
  q.category = -1;
  q.author_id = MEMBER_ID;
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 3);
  q.author_id = "01900000-0000-7000-8000-00000000dead";
  g_assert_cmpuint (voisins_store_count_posts (f->store, &q, NULL), ==, 0);
}

static void
test_expire (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) post = make_post ("Apéro dans la cour", "", 48.846, 2.372);
  g_autoptr(VoisinsPost) after = NULL;

  f->store = voisins_store_open (f->path, &error);
  seed_association_and_member (f->store);
  voisins_post_set_category (post, VOISINS_CATEGORY_EVENT);
  voisins_post_set_starts_at (post, 1700001000);
  voisins_post_set_ends_at (post, 1700002000);
  g_assert_true (voisins_store_create_post (f->store, post, &error));
  g_assert_cmpuint (voisins_store_expire_posts (f->store, 1700001500, &error), ==, 0);
  g_assert_cmpuint (voisins_store_expire_posts (f->store, 1700002500, &error), ==, 1);
  g_assert_no_error (error);
  after = voisins_store_get_post (f->store, voisins_post_get_id (post), &error);
  g_assert_cmpint (voisins_post_get_status (after), ==, VOISINS_POST_STATUS_EXPIRED);
}

static void
assert_file_unchanged (const char *path,
                       const char *expected,
                       gsize       expected_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, expected, expected_len);
}

static void
test_corrupt_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (f->path, garbage, 8192, NULL));

  f->store = voisins_store_open (f->path, &error);
  g_assert_null (f->store);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  assert_file_unchanged (f->path, garbage, 8192);
}

static void
test_foreign_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE accounts (x); INSERT INTO accounts VALUES (1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  f->store = voisins_store_open (f->path, &error);
  g_assert_null (f->store);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_CORRUPT);
  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  f->store = voisins_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = voisins_store_open (f->path, &error);
  g_assert_null (f->store);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_TOO_NEW);
}

static void
test_not_a_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->path, 0700), ==, 0);
  f->store = voisins_store_open (f->path, &error);
  g_assert_null (f->store);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_ACCESS);
}

static void
rowids_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = voisins_store_query_post_rowids_finish (VOISINS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async_query (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = NULL;
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;

  f->store = voisins_store_open (f->path, &error);
  seed_association_and_member (f->store);
  g_free (create (f->store, "Garde d'enfants le mercredi", "", 48.846, 2.372));
  g_free (create (f->store, "Prêt d'un appareil à raclette", "", 48.846, 2.372));

  q.search = "raclette";
  voisins_store_query_post_rowids_async (f->store, &q, NULL, rowids_cb, &rowids);
  while (rowids == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (rowids->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/migrate/empty", test_migrate_empty);
  ADD ("/store/migrate/from-each-version", test_migrate_from_each_version);
  ADD ("/store/posts/lifecycle", test_posts_lifecycle);
  ADD ("/store/search/accents", test_fts_accents);
  ADD ("/store/query/bbox-and-filters", test_bbox_and_filters);
  ADD ("/store/posts/expire", test_expire);
  ADD ("/store/open/corrupt-file", test_corrupt_file);
  ADD ("/store/open/foreign-database", test_foreign_database);
  ADD ("/store/open/too-new", test_too_new);
  ADD ("/store/open/not-a-file", test_not_a_file);
  ADD ("/store/query/async", test_async_query);
#undef ADD

  return g_test_run ();
}
