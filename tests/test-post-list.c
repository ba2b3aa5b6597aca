/* test-post-list.c: the GListModel over the store, at scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "voisins-core.h"

#define ASSOC_ID "01900000-0000-7000-8000-000000000001"
#define N_POSTS 20000

typedef struct
{
  char         *dir;
  VoisinsStore *store;
} Fixture;

static const char *words[] = {
  "perceuse", "raclette", "vélo", "courses", "anglais", "apéro", "Église", "garde",
};

static gboolean
fill_txn (VoisinsStore  *store,
          gpointer       user_data,
          GError       **error)
{
  GRand *rand = user_data;

  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      g_autofree char *id = voisins_uuid_new_full (1700000000000 + i, rand);
      g_autofree char *title = g_strdup_printf ("Annonce %u : %s", i,
                                                words[i % G_N_ELEMENTS (words)]);

      voisins_post_set_id (post, id);
      voisins_post_set_association_id (post, ASSOC_ID);
      voisins_post_set_title (post, title);
      voisins_post_set_kind (post, i % 2 ? VOISINS_POST_KIND_OFFER : VOISINS_POST_KIND_REQUEST);
      voisins_post_set_status (post, i % 10 == 0 ? VOISINS_POST_STATUS_DONE : VOISINS_POST_STATUS_OPEN);
      voisins_post_set_created_at (post, 1700000000 + i);
      voisins_post_set_latitude (post, 48.84 + (i % 100) * 0.0001);
      voisins_post_set_longitude (post, 2.37 + (i / 100 % 100) * 0.0001);
      if (!voisins_store_put_post (store, post, error))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("voisins-list-XXXXXX", &error);
  path = g_build_filename (f->dir, "voisins.db", NULL);
  f->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_transaction (f->store, fill_txn, rand, &error));
  g_assert_no_error (error);
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

static void
wait_loaded (VoisinsPostList *list)
{
  /* Let a query start and finish, its first rows and then the rest: the model updates
   * from the main loop. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (voisins_post_list_get_loading (list) || !voisins_post_list_get_complete (list))
    g_main_context_iteration (NULL, TRUE);
}

/* The first rows of an answer: what the list shows before the rest is read. */
#define FIRST_ROWS 24

typedef struct
{
  guint    position, removed, added;
  gboolean complete;
  guint    n_items;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change c = { position, removed, added,
               voisins_post_list_get_complete (VOISINS_POST_LIST (model)),
               g_list_model_get_n_items (model) };

  g_array_append_val (changes, c);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_scale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VoisinsPostList) list = voisins_post_list_new (f->store);
  g_autoptr(VoisinsPost) first = NULL;
  g_autoptr(VoisinsPost) last = NULL;
  guint n_signals = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &n_signals);
  wait_loaded (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS);
  /* The first rows, then the rest. */
  g_assert_cmpuint (n_signals, ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == VOISINS_TYPE_POST);

  /* Newest first. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), N_POSTS - 1);
  g_assert_cmpint (voisins_post_get_created_at (first), ==, 1700000000 + N_POSTS - 1);
  g_assert_cmpint (voisins_post_get_created_at (last), ==, 1700000000);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_POSTS));

  /* Search narrows the list in SQL. */
  voisins_post_list_set_search (list, "raclette");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 8);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(VoisinsPost) post = g_list_model_get_item (G_LIST_MODEL (list), i * 37);
      g_assert_nonnull (strstr (voisins_post_get_title (post), "raclette"));
    }

  voisins_post_list_set_search (list, "velo");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 8);

  /* Filters combine with the search. */
  voisins_post_list_set_search (list, NULL);
  voisins_post_list_set_status_mask (list, 1 << VOISINS_POST_STATUS_DONE);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 10);
  voisins_post_list_set_kind (list, VOISINS_POST_KIND_REQUEST);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 10);
  voisins_post_list_set_kind (list, VOISINS_POST_KIND_OFFER);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static void
test_follows_edits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VoisinsPostList) list = voisins_post_list_new (f->store);
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(VoisinsPost) top = NULL;
  g_autoptr(GError) error = NULL;
  guint n_signals = 0;

  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &n_signals);

  voisins_post_set_association_id (post, ASSOC_ID);
  voisins_post_set_title (post, "Cours de tricot le jeudi");
  g_assert_true (voisins_store_create_post (f->store, post, &error));
  g_assert_no_error (error);
  while (n_signals == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_loaded (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS + 1);
  g_assert_cmpuint (voisins_post_list_find (list, voisins_post_get_id (post)), ==, 0);
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (voisins_post_get_title (top), ==, "Cours de tricot le jeudi");

  /* An edit that keeps the post's place redraws just that row. */
  n_signals = 0;
  voisins_post_set_title (post, "Cours de tricot le vendredi");
  g_assert_true (voisins_store_update_post (f->store, post, &error));
  while (n_signals == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_loaded (list);
  g_clear_object (&top);
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (voisins_post_get_title (top), ==, "Cours de tricot le vendredi");
}

static void
test_bulk_change_in_place (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VoisinsPostList) list = voisins_post_list_new (f->store);
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(VoisinsPost) shown = NULL;
  g_autoptr(VoisinsPost) after = NULL;
  g_autoptr(GError) error = NULL;
  guint n_signals = 0;

  voisins_post_set_association_id (post, ASSOC_ID);
  voisins_post_set_title (post, "Apéro dans la cour");
  voisins_post_set_starts_at (post, 1700001000);
  voisins_post_set_ends_at (post, 1700002000);
  g_assert_true (voisins_store_create_post (f->store, post, &error));
  wait_loaded (list);

  /* The view has read the top row. */
  shown = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (voisins_post_get_status (shown), ==, VOISINS_POST_STATUS_OPEN);

  /* A change to many rows at once (as a pull makes) that moves nothing. */
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &n_signals);
  g_assert_cmpuint (voisins_store_expire_posts (f->store, 1700003000, &error), ==, 1);
  while (n_signals == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_loaded (list);

  after = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (voisins_post_get_id (after), ==, voisins_post_get_id (post));
  g_assert_cmpint (voisins_post_get_status (after), ==, VOISINS_POST_STATUS_EXPIRED);
  /* Only what changed was redrawn. */
  g_assert_cmpuint (n_signals, ==, 1);
}

/* A search with more matches than the first rows shows them at once, marked incomplete,
 * then the rest after them: nothing shown moves (the view keeps its scroll and selection),
 * and the count is every match. */
static void
test_first_rows_then_rest (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VoisinsPostList) list = voisins_post_list_new (f->store);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(VoisinsPost) shown = NULL;
  g_autoptr(VoisinsPost) again = NULL;
  Change *c;

  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_change), changes);

  voisins_post_list_set_search (list, "raclette");
  while (voisins_post_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  /* The first answer: its first rows only, the rest still to come. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, FIRST_ROWS);
  g_assert_false (voisins_post_list_get_complete (list));
  shown = g_list_model_get_item (G_LIST_MODEL (list), FIRST_ROWS - 1);

  wait_loaded (list);
  g_assert_cmpuint (changes->len, ==, 2);
  c = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (c->position, ==, 0);
  g_assert_cmpuint (c->removed, ==, N_POSTS);
  g_assert_cmpuint (c->added, ==, FIRST_ROWS);
  g_assert_false (c->complete);
  c = &g_array_index (changes, Change, 1);
  g_assert_cmpuint (c->position, ==, FIRST_ROWS);
  g_assert_cmpuint (c->removed, ==, 0);
  g_assert_cmpuint (c->added, ==, N_POSTS / 8 - FIRST_ROWS);
  g_assert_true (c->complete);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 8);
  again = g_list_model_get_item (G_LIST_MODEL (list), FIRST_ROWS - 1);
  g_assert_cmpstr (voisins_post_get_id (again), ==, voisins_post_get_id (shown));
  /* Scrolled past the first rows: every one is there, in order, matching. */
  for (guint i = 0; i < N_POSTS / 8; i += 97)
    {
      g_autoptr(VoisinsPost) post = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(VoisinsPost) next = g_list_model_get_item (G_LIST_MODEL (list), i + 1);

      g_assert_nonnull (strstr (voisins_post_get_title (post), "raclette"));
      if (next != NULL)
        g_assert_cmpint (voisins_post_get_created_at (post), >, voisins_post_get_created_at (next));
    }
  g_clear_object (&shown);
  shown = g_list_model_get_item (G_LIST_MODEL (list), N_POSTS / 8 - 1);
  g_assert_nonnull (strstr (voisins_post_get_title (shown), "raclette"));

  /* Fewer matches than the first rows: one answer, complete at once. */
  g_array_set_size (changes, 0);
  voisins_post_list_set_search (list, "Annonce 1999");
  wait_loaded (list);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_true (g_array_index (changes, Change, 0).complete);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 11);
}

/* Typed fast: the list ends with the last query's matches, and the rest of an older one
 * that was still being read never reaches it. */
static void
test_typed_fast (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VoisinsPostList) list = voisins_post_list_new (f->store);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_change), changes);

  /* "a" matches every post ("Annonce"): its first rows are in, the rest is being read. */
  voisins_post_list_set_search (list, "a");
  while (voisins_post_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (voisins_post_list_get_complete (list));
  g_array_set_size (changes, 0);
  voisins_post_list_set_search (list, "ap");
  voisins_post_list_set_search (list, "apéro");
  wait_loaded (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_POSTS / 8);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpuint (g_array_index (changes, Change, i).n_items, <=, N_POSTS / 8);
  for (guint i = 0; i < N_POSTS / 8; i += 101)
    {
      g_autoptr(VoisinsPost) post = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (strstr (voisins_post_get_title (post), "apéro"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/post-list/scale", Fixture, NULL, fixture_setup, test_scale, fixture_teardown);
  g_test_add ("/post-list/follows-edits", Fixture, NULL, fixture_setup, test_follows_edits,
              fixture_teardown);
  g_test_add ("/post-list/bulk-change-in-place", Fixture, NULL, fixture_setup,
              test_bulk_change_in_place, fixture_teardown);
  g_test_add ("/post-list/first-rows-then-rest", Fixture, NULL, fixture_setup,
              test_first_rows_then_rest, fixture_teardown);
  g_test_add ("/post-list/typed-fast", Fixture, NULL, fixture_setup, test_typed_fast,
              fixture_teardown);

  return g_test_run ();
}
