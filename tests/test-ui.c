/* test-ui.c: the real window under Xvfb, driven through its actions and widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-map.h"
#include "voisins-post-detail.h"
#include "voisins-post-editor.h"
#include "voisins-post-row.h"
#include "voisins-posts-page.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

static gboolean
list_loaded (gpointer data)
{
  VoisinsPostList *list = data;

  return !voisins_post_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  vt_demo_window_open (fixture, app, 80, 150, 780);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  vt_demo_window_close (fixture);
}

static guint
count_titled (VoisinsStore *store,
              const char   *word)
{
  VoisinsPostQuery query = VOISINS_POST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  guint n;

  query.search = word;
  n = voisins_store_count_posts (store, &query, &error);
  g_assert_no_error (error);

  return n;
}

static gboolean
editor_closed (gpointer data)
{
  return voisins_window_get_editor (data) == NULL;
}

typedef struct
{
  VoisinsPostList *list;
  guint            n;
} ListCount;

static gboolean
list_has_n (gpointer data)
{
  ListCount *lc = data;

  return !voisins_post_list_get_loading (lc->list)
         && g_list_model_get_n_items (G_LIST_MODEL (lc->list)) == lc->n;
}

static gboolean
model_has_post (GListModel *model,
                const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VoisinsPost) post = g_list_model_get_item (model, i);

      if (post != NULL && g_strcmp0 (voisins_post_get_id (post), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_window (Fixture       *fixture,
             gconstpointer  user_data)
{
  VoisinsWindow *window = fixture->window;
  AdwViewStack *view_stack;
  VoisinsPostsPage *posts_page;
  VoisinsPostList *list;
  GtkWidget *map_box;
  VoisinsMap *map;
  GtkWindow *editor;
  GtkWidget *error_label;
  GtkWidget *member_error;
  GtkWidget *title_row;
  GtkWidget *search_entry;
  GtkDropDown *member_dropdown;
  g_autoptr(VoisinsPost) stored = NULL;
  g_autoptr(GError) error = NULL;
  ListCount lc;
  VoisinsPost *selected;
  const char *views[] = { "posts", "map", "members" };
  const char *word = "Perceuse";
  guint before;

  view_stack = ADW_VIEW_STACK (vt_child (window, VOISINS_TYPE_WINDOW, "view_stack"));
  posts_page = VOISINS_POSTS_PAGE (vt_child (window, VOISINS_TYPE_WINDOW, "posts_page"));
  map_box = vt_child (window, VOISINS_TYPE_WINDOW, "map_box");
  /* Built when first shown or asked for: not at start-up. */
  g_assert_null (gtk_widget_get_first_child (map_box));
  map = VOISINS_MAP (voisins_window_get_map (window));
  g_assert_true (gtk_widget_get_first_child (map_box) == GTK_WIDGET (map));
  list = voisins_posts_page_get_list (posts_page);
  g_assert_nonnull (list);
  g_assert_true (vt_wait_until (list_loaded, list, 10000));

  /* The three views, through win.view (what Ctrl+1/2/3 activate). */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *png = g_strdup_printf ("ui-%s.png", views[i]);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", views[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, views[i]);
      vt_save_png (GTK_WIDGET (window), png);
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "posts");

  /* A new post through the dialog's real widgets. */
  before = count_titled (fixture->store, word);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-post", NULL));
  editor = voisins_window_get_editor (window);
  g_assert_nonnull (editor);
  vt_spin (100);

  member_dropdown = GTK_DROP_DOWN (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "member_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (member_dropdown)), >, 0);
  gtk_drop_down_set_selected (member_dropdown, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "kind_row")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (vt_child (editor, VOISINS_TYPE_POST_EDITOR,
                                                    "category_row")), VOISINS_CATEGORY_LENDING);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              vt_child (editor, VOISINS_TYPE_POST_EDITOR, "body_view"))),
                            "Une perceuse à percussion, à rendre dans la semaine.", -1);

  /* Empty title: refused, with the message under the title and the focus there, nothing
   * stored. */
  error_label = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_error");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_nonnull (voisins_window_get_editor (window));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (error_label)));
  g_assert_cmpuint (strlen (gtk_label_get_label (GTK_LABEL (error_label))), >, 0);
  title_row = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_row");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), title_row));
  member_error = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "member_error");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (member_error)));
  g_test_message ("refused with: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_cmpuint (count_titled (fixture->store, word), ==, before);
  vt_save_png (GTK_WIDGET (editor), "ui-editor-invalid.png");

  gtk_editable_set_text (GTK_EDITABLE (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_row")),
                         "Perceuse à prêter");
  vt_spin (50);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (error_label)));
  vt_save_png (GTK_WIDGET (editor), "ui-editor.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (vt_wait_until (editor_closed, window, 2000));
  g_assert_cmpuint (count_titled (fixture->store, word), ==, before + 1);

  /* Searching a word of its title finds it. */
  search_entry = vt_child (window, VOISINS_TYPE_WINDOW, "search_entry");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "perceuse");
  lc.list = list;
  lc.n = before + 1;
  g_assert_true (vt_wait_until (list_has_n, &lc, 5000));
  vt_spin (200);

  selected = voisins_posts_page_get_selected_post (posts_page);
  g_assert_nonnull (selected);
  g_assert_cmpstr (voisins_post_get_title (selected), ==, "Perceuse à prêter");
  stored = voisins_store_get_post (fixture->store, voisins_post_get_id (selected), &error);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_post_get_kind (stored), ==, VOISINS_POST_KIND_OFFER);
  g_assert_cmpint (voisins_post_get_category (stored), ==, VOISINS_CATEGORY_LENDING);
  vt_save_png (GTK_WIDGET (window), "ui-search.png");

  /* On the map: the map's model has it, and "Show on map" switches to it. */
  g_assert_true (model_has_post (voisins_map_get_model (map), voisins_post_get_id (stored)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (posts_page), "posts.show-on-map", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "map");
  vt_save_png (GTK_WIDGET (window), "ui-map-post.png");

  /* Marked as matched from the detail's action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "posts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (posts_page), "posts.set-status",
                                             "s", "matched"));
  g_clear_object (&stored);
  stored = voisins_store_get_post (fixture->store, voisins_post_get_id (selected), &error);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_post_get_status (stored), ==, VOISINS_POST_STATUS_MATCHED);
}

static gboolean
post_selected (gpointer data)
{
  gpointer *a = data;
  VoisinsPost *post = voisins_posts_page_get_selected_post (a[0]);

  return post != NULL && g_strcmp0 (voisins_post_get_id (post), a[1]) == 0;
}

/* A post as the server sends it, recorded by @recorder. */
static void
pull_post (Fixture    *fixture,
           const char *id,
           const char *title,
           const char *recorder)
{
  const char *assoc = voisins_association_get_id (fixture->association);
  g_autofree char *json = g_strdup_printf (
      "{\"associations\":{\"%s\":{\"cursor\":\"e1:%s:900\",\"reset\":false,\"has_more\":false,"
      "\"changes\":[{\"type\":\"post\",\"id\":\"%s\",\"version\":1,\"server_seq\":900,"
      "\"deleted\":false,\"data\":{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
      "\"category\":\"service\",\"status\":\"open\",\"title\":\"%s\",\"body\":\"\","
      "\"created_at\":%" G_GINT64_FORMAT ",\"recorded_by\":\"%s\"}}]}},\"has_more\":false}",
      assoc, assoc, id, id, assoc, title, g_get_real_time () / G_USEC_PER_SEC, recorder);
  g_autoptr(JsonNode) node = voisins_json_parse (json, -1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (voisins_store_apply_pull (fixture->store, json_node_get_object (node), NULL,
                                           &error));
  g_assert_no_error (error);
}

/* Issue 10: a volunteer does not get Edit or the status buttons on a post someone else
 * recorded (the server would refuse them), but a line saying who can change it. */
static void
test_post_not_yours (Fixture       *fixture,
                     gconstpointer  user_data)
{
  VoisinsWindow *window = fixture->window;
  VoisinsPostsPage *posts_page;
  const char *me = "01900000-0000-7000-8000-00000000a001";
  const char *other = "01900000-0000-7000-8000-00000000a002";
  const char *theirs = "01900000-0000-7000-8000-00000000b001";
  const char *mine = "01900000-0000-7000-8000-00000000b002";
  g_autoptr(GError) error = NULL;
  GtkWidget *detail;
  gpointer a[2];

  posts_page = VOISINS_POSTS_PAGE (vt_child (window, VOISINS_TYPE_WINDOW, "posts_page"));
  g_assert_true (vt_wait_until (list_loaded, voisins_posts_page_get_list (posts_page), 10000));
  g_assert_true (voisins_store_set_role (fixture->store,
                                         voisins_association_get_id (fixture->association),
                                         "volunteer", &error));
  g_assert_true (voisins_store_set_user_id (fixture->store, me, &error));
  g_assert_no_error (error);
  pull_post (fixture, theirs, "Aide aux courses du mardi", other);
  pull_post (fixture, mine, "Arrosage des plantes", me);
  detail = vt_child (posts_page, VOISINS_TYPE_POSTS_PAGE, "detail");

  a[0] = posts_page;
  a[1] = (gpointer) theirs;
  voisins_posts_page_select_post (posts_page, theirs);
  g_assert_true (vt_wait_until (post_selected, a, 5000));
  vt_spin (100);
  g_assert_true (gtk_widget_get_visible (vt_child (detail, VOISINS_TYPE_POST_DETAIL,
                                                   "locked_label")));
  g_assert_false (gtk_widget_get_visible (vt_child (detail, VOISINS_TYPE_POST_DETAIL,
                                                    "edit_button")));
  g_assert_false (gtk_widget_get_visible (vt_child (detail, VOISINS_TYPE_POST_DETAIL,
                                                    "done_button")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (posts_page), "posts.edit", NULL) &&
                  voisins_window_get_editor (window) != NULL);
  vt_save_png (GTK_WIDGET (window), "ui-post-not-yours.png");

  a[1] = (gpointer) mine;
  voisins_posts_page_select_post (posts_page, mine);
  g_assert_true (vt_wait_until (post_selected, a, 5000));
  vt_spin (100);
  g_assert_false (gtk_widget_get_visible (vt_child (detail, VOISINS_TYPE_POST_DETAIL,
                                                    "locked_label")));
  g_assert_true (gtk_widget_get_visible (vt_child (detail, VOISINS_TYPE_POST_DETAIL,
                                                   "edit_button")));
  vt_save_png (GTK_WIDGET (window), "ui-post-yours.png");
}

static void
test_store_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.db", NULL);
  g_autofree char *contents = NULL;
  VoisinsWindow *window;
  VoisinsStore *store;
  AdwStatusPage *page;

  g_assert_true (g_file_set_contents (path, "this is not a database, just text\n", -1, NULL));
  store = voisins_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);

  window = voisins_window_new (ADW_APPLICATION (app), NULL);
  gtk_window_present (GTK_WINDOW (window));
  voisins_window_show_error (window, error, path);
  page = ADW_STATUS_PAGE (vt_child (window, VOISINS_TYPE_WINDOW, "error_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "broken.db"));
  vt_save_png (GTK_WIDGET (window), "ui-error.png");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "this is not a database, just text\n");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
list_complete_n (gpointer data)
{
  ListCount *lc = data;

  return list_has_n (lc) && voisins_post_list_get_complete (lc->list);
}

typedef struct
{
  GtkWidget  *root;
  const char *id;
} RowFind;

static GtkWidget *
find_post_row (GtkWidget  *widget,
               const char *id)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (VOISINS_IS_POST_ROW (c))
        {
          VoisinsPost *post = voisins_post_row_get_post (VOISINS_POST_ROW (c));

          if (post != NULL && g_strcmp0 (voisins_post_get_id (post), id) == 0 &&
              gtk_widget_get_mapped (c))
            return c;
          continue;
        }
      if ((found = find_post_row (c, id)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
row_shown (gpointer data)
{
  RowFind *rf = data;

  return find_post_row (rf->root, rf->id) != NULL;
}

/* A search with more matches than the list's first answer (a screenful): every match ends
 * up in the list, the count says how many, and the last one can be scrolled to. */
static void
test_search_many (Fixture       *fixture,
                  gconstpointer  user_data)
{
  VoisinsWindow *window = fixture->window;
  VoisinsPostsPage *posts_page = VOISINS_POSTS_PAGE (vt_child (window, VOISINS_TYPE_WINDOW,
                                                               "posts_page"));
  VoisinsPostList *list = voisins_posts_page_get_list (posts_page);
  GtkWidget *search_entry = vt_child (window, VOISINS_TYPE_WINDOW, "search_entry");
  GtkLabel *count_label = GTK_LABEL (vt_child (posts_page, VOISINS_TYPE_POSTS_PAGE, "count_label"));
  GtkWidget *list_view = vt_child (posts_page, VOISINS_TYPE_POSTS_PAGE, "list_view");
  VoisinsPostQuery query = *voisins_post_list_get_query (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) last = NULL;
  g_autofree char *count = NULL;
  ListCount lc;
  RowFind rf;
  guint n;

  g_assert_true (vt_wait_until (list_loaded, list, 10000));

  /* What the list shows (its association, the "Open" filter) with the word. */
  query.search = "de";
  n = voisins_store_count_posts (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 24);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "de");
  lc.list = list;
  lc.n = n;
  g_assert_true (vt_wait_until (list_complete_n, &lc, 5000));
  count = g_strdup_printf ("%u posts", n);
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, count);
  vt_save_png (GTK_WIDGET (window), "ui-search-many.png");

  /* Scrolled to the end: the last match is there and drawn. */
  last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  g_assert_nonnull (last);
  g_assert_true (gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", n - 1));
  rf.root = list_view;
  rf.id = voisins_post_get_id (last);
  g_assert_true (vt_wait_until (row_shown, &rf, 5000));
  vt_save_png (GTK_WIDGET (window), "ui-search-many-end.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/ui/window", Fixture, NULL, fixture_setup, test_window, fixture_teardown);
  g_test_add ("/ui/search-many", Fixture, NULL, fixture_setup, test_search_many,
              fixture_teardown);
  g_test_add ("/ui/post-not-yours", Fixture, NULL, fixture_setup, test_post_not_yours,
              fixture_teardown);
  g_test_add_func ("/ui/store-error", test_store_error);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
