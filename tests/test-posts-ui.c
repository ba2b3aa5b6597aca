/* test-posts-ui.c: a post's life in the real window (undo, reopen, the editor's errors) and
 * what a new volunteer tripped over in the list (issue 12, items 2 and 6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>

#include "ui-helpers.h"
#include "voisins-members-page.h"
#include "voisins-post-detail.h"
#include "voisins-post-editor.h"
#include "voisins-posts-page.h"

static VoisinsApplication *app;

typedef struct
{
  VtDemoWindow       w;
  VoisinsPostsPage  *page;
  GtkWidget         *detail;
  char              *post_id;
  char              *author_id;
} Fixture;

static gboolean
list_loaded (gpointer data)
{
  VoisinsPostList *list = data;

  return !voisins_post_list_get_loading (list);
}

static gboolean
shows_post (gpointer data)
{
  Fixture *f = data;
  VoisinsPost *post = voisins_post_detail_get_post (VOISINS_POST_DETAIL (f->detail));

  return post != NULL && g_strcmp0 (voisins_post_get_id (post), f->post_id) == 0;
}

/* A post of a demo neighbour's, with a title that names nobody. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;
  VoisinsMember *author;

  vt_demo_window_open (&f->w, app, 40, 60, 820);
  f->page = VOISINS_POSTS_PAGE (vt_child (f->w.window, VOISINS_TYPE_WINDOW, "posts_page"));
  f->detail = vt_child (f->page, VOISINS_TYPE_POSTS_PAGE, "detail");

  members = voisins_store_list_members (f->w.store, voisins_association_get_id (f->w.association),
                                        NULL, &error);
  g_assert_no_error (error);
  author = g_ptr_array_index (members, 0);
  f->author_id = g_strdup (voisins_member_get_id (author));
  voisins_post_set_association_id (post, voisins_association_get_id (f->w.association));
  voisins_post_set_author_id (post, f->author_id);
  voisins_post_set_author_name (post, voisins_member_get_first_name (author));
  voisins_post_set_title (post, "Raclette du quartier à préparer");
  voisins_post_set_latitude (post, voisins_member_get_approx_latitude (author));
  voisins_post_set_longitude (post, voisins_member_get_approx_longitude (author));
  g_assert_true (voisins_store_create_post (f->w.store, post, &error));
  g_assert_no_error (error);
  f->post_id = g_strdup (voisins_post_get_id (post));

  g_assert_true (vt_wait_until (list_loaded, voisins_posts_page_get_list (f->page), 10000));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "posts");
  voisins_posts_page_select_post (f->page, f->post_id);
  g_assert_true (vt_wait_until (shows_post, f, 5000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_free (f->post_id);
  g_free (f->author_id);
  vt_demo_window_close (&f->w);
}

static VoisinsPostStatus
stored_status (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) post = voisins_store_get_post (f->w.store, f->post_id, &error);

  g_assert_no_error (error);
  return voisins_post_get_status (post);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
undo_shown (gpointer data)
{
  return find_button (data, "_Undo") != NULL;
}

static gboolean
undo_gone (gpointer data)
{
  return find_button (data, "_Undo") == NULL;
}

/* A status change from the detail, then "Undo" clicked on its toast, as a volunteer does. */
static void
change_and_undo (Fixture           *f,
                 VoisinsPostStatus  to,
                 VoisinsPostStatus  back,
                 const char        *png)
{
  GtkWidget *window = GTK_WIDGET (f->w.window);
  guint pending;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.set-status", "s",
                                             voisins_post_status_to_string (to)));
  g_assert_cmpint (stored_status (f), ==, to);
  g_assert_true (vt_wait_until (undo_shown, window, 3000));
  /* The post stays in the pane, though "Open" hides it from the list now. */
  vt_spin (150);
  g_assert_true (shows_post (f));
  if (png != NULL)
    vt_save_png (window, png);

  pending = voisins_store_count_pending (f->w.store, NULL);
  g_signal_emit_by_name (find_button (window, "_Undo"), "clicked");
  g_assert_cmpint (stored_status (f), ==, back);
  /* Queued like any change: the server hears of the undo too. */
  g_assert_cmpuint (voisins_store_count_pending (f->w.store, NULL), >=, pending);
  g_assert_true (vt_wait_until (undo_gone, window, 3000));
  vt_spin (150);
  g_assert_true (shows_post (f));
}

static void
test_undo_every_status (Fixture       *f,
                        gconstpointer  user_data)
{
  change_and_undo (f, VOISINS_POST_STATUS_MATCHED, VOISINS_POST_STATUS_OPEN,
                   "posts-undo-matched.png");
  change_and_undo (f, VOISINS_POST_STATUS_DONE, VOISINS_POST_STATUS_OPEN, "posts-undo-done.png");
  change_and_undo (f, VOISINS_POST_STATUS_CANCELLED, VOISINS_POST_STATUS_OPEN, NULL);

  g_assert_true (voisins_store_set_post_status (f->w.store, f->post_id,
                                                VOISINS_POST_STATUS_MATCHED, NULL));
  g_assert_true (vt_wait_until (shows_post, f, 3000));
  change_and_undo (f, VOISINS_POST_STATUS_DONE, VOISINS_POST_STATUS_MATCHED, NULL);
  change_and_undo (f, VOISINS_POST_STATUS_CANCELLED, VOISINS_POST_STATUS_MATCHED, NULL);
  change_and_undo (f, VOISINS_POST_STATUS_OPEN, VOISINS_POST_STATUS_MATCHED, NULL);
}

static void
test_reopen_every_status (Fixture       *f,
                          gconstpointer  user_data)
{
  const VoisinsPostStatus closed[] = {
    VOISINS_POST_STATUS_MATCHED, VOISINS_POST_STATUS_DONE,
    VOISINS_POST_STATUS_CANCELLED, VOISINS_POST_STATUS_EXPIRED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (closed); i++)
    {
      GtkWidget *reopen = vt_child (f->detail, VOISINS_TYPE_POST_DETAIL, "reopen_button");
      GtkWidget *done = vt_child (f->detail, VOISINS_TYPE_POST_DETAIL, "done_button");
      GtkWidget *hint = vt_child (f->detail, VOISINS_TYPE_POST_DETAIL, "status_hint_label");

      g_assert_true (voisins_store_set_post_status (f->w.store, f->post_id, closed[i], NULL));
      vt_spin (300);
      g_assert_true (shows_post (f));
      g_assert_true (gtk_widget_get_mapped (reopen));
      /* A closed post only reopens; a matched one may still be done. */
      g_assert_cmpint (gtk_widget_get_mapped (done), ==, closed[i] == VOISINS_POST_STATUS_MATCHED);
      g_assert_cmpuint (strlen (gtk_label_get_label (GTK_LABEL (hint))), >, 0);
      if (closed[i] == VOISINS_POST_STATUS_DONE)
        vt_save_png (GTK_WIDGET (f->w.window), "posts-reopen-done.png");

      g_signal_emit_by_name (reopen, "clicked");
      g_assert_cmpint (stored_status (f), ==, VOISINS_POST_STATUS_OPEN);
      vt_spin (300);
      g_assert_true (shows_post (f));
      g_assert_false (gtk_widget_get_mapped (reopen));
      /* What "matched" and "done" mean, where the buttons are. */
      g_assert_nonnull (gtk_widget_get_tooltip_text (done));
    }
}

static gboolean
has_subtitle (GtkWidget *row)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL && *subtitle != '\0';
}

static void
select_day (GtkWindow  *editor,
            const char *calendar,
            int         year,
            int         month,
            int         day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, 0, 0, 0);

  gtk_calendar_select_day (GTK_CALENDAR (vt_child (editor, VOISINS_TYPE_POST_EDITOR, calendar)),
                           dt);
}

static gboolean
editor_closed (gpointer data)
{
  return voisins_window_get_editor (data) == NULL;
}

/* The editor's errors sit under their fields and the focus goes to the first; the post stays
 * in the pane after the edit and after the sync that follows. */
static void
test_editor_errors_and_kept_post (Fixture       *f,
                                  gconstpointer  user_data)
{
  GtkWindow *editor;
  GtkWidget *title_row, *title_error, *ends_row, *ends_button;
  VoisinsPost *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.edit", NULL));
  editor = voisins_window_get_editor (f->w.window);
  g_assert_nonnull (editor);
  vt_spin (100);
  title_row = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_row");
  title_error = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_error");
  ends_row = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "ends_row");
  ends_button = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "ends_button");

  /* A date that ends before it starts: the message under "Ends", the focus there. */
  select_day (editor, "starts_calendar", 2030, 6, 12);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vt_child (editor, VOISINS_TYPE_POST_EDITOR,
                                                        "starts_hour")), 14);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vt_child (editor, VOISINS_TYPE_POST_EDITOR,
                                                        "starts_minute")), 30);
  select_day (editor, "ends_calendar", 2030, 6, 10);
  g_assert_false (voisins_post_editor_save (VOISINS_POST_EDITOR (editor)));
  g_assert_true (has_subtitle (ends_row));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), ends_button) ||
                 gtk_root_get_focus (GTK_ROOT (editor)) == ends_button);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (title_error)));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (editor), "posts-editor-ends-error.png");

  /* Then a short title too: both messages, the focus on the first (the title). */
  gtk_editable_set_text (GTK_EDITABLE (title_row), "R");
  g_assert_false (voisins_post_editor_save (VOISINS_POST_EDITOR (editor)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (title_error)));
  g_assert_true (has_subtitle (ends_row));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), title_row));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (editor), "posts-editor-errors.png");

  /* Fixed: saved with its time of day; the post stays in the pane. */
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Raclette du quartier, samedi");
  select_day (editor, "ends_calendar", 2030, 6, 12);
  g_assert_false (has_subtitle (ends_row));
  g_assert_true (voisins_post_editor_save (VOISINS_POST_EDITOR (editor)));
  g_assert_true (vt_wait_until (editor_closed, f->w.window, 3000));
  vt_spin (400);
  g_assert_true (shows_post (f));
  shown = voisins_post_detail_get_post (VOISINS_POST_DETAIL (f->detail));
  g_assert_cmpstr (voisins_post_get_title (shown), ==, "Raclette du quartier, samedi");
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (voisins_post_get_starts_at (shown));
    const char *dates = gtk_label_get_label (GTK_LABEL (vt_child (f->detail,
                                                                  VOISINS_TYPE_POST_DETAIL,
                                                                  "dates_label")));

    g_assert_cmpint (g_date_time_get_hour (at), ==, 14);
    g_assert_cmpint (g_date_time_get_minute (at), ==, 30);
    g_assert_nonnull (strstr (dates, "14:30"));
  }
  vt_save_png (GTK_WIDGET (f->w.window), "posts-after-edit.png");

  /* The sync that follows: the server's copy comes back and replaces the rows. */
  {
    const char *assoc = voisins_association_get_id (f->w.association);
    g_autofree char *json = g_strdup_printf (
        "{\"associations\":{\"%s\":{\"cursor\":\"e1:%s:900\",\"reset\":false,\"has_more\":false,"
        "\"changes\":[{\"type\":\"post\",\"id\":\"%s\",\"version\":3,\"server_seq\":900,"
        "\"deleted\":false,\"data\":{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
        "\"category\":\"service\",\"status\":\"done\",\"title\":\"Raclette du quartier, samedi\","
        "\"body\":\"\",\"author_id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT "}}]}},"
        "\"has_more\":false}",
        assoc, assoc, f->post_id, f->post_id, assoc, f->author_id,
        g_get_real_time () / G_USEC_PER_SEC);
    g_autoptr(JsonNode) node = voisins_json_parse (json, -1, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (node);
    g_assert_true (voisins_store_apply_pull (f->w.store, json_node_get_object (node), NULL,
                                             &error));
    g_assert_no_error (error);
  }
  vt_spin (400);
  /* (The local edit, not sent yet, keeps its fields: the pane shows the post as stored.) */
  g_assert_true (shows_post (f));
  g_assert_cmpstr (voisins_post_get_title (voisins_post_detail_get_post (
                     VOISINS_POST_DETAIL (f->detail))), ==, "Raclette du quartier, samedi");
  vt_save_png (GTK_WIDGET (f->w.window), "posts-after-sync.png");
}

static gboolean
list_settled (gpointer data)
{
  return !voisins_post_list_get_loading (data);
}

static void
search_in (Fixture    *f,
           const char *text)
{
  GtkWidget *entry = vt_child (f->w.window, VOISINS_TYPE_WINDOW, "search_entry");

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  vt_spin (300);
  g_assert_true (vt_wait_until (list_settled, voisins_posts_page_get_list (f->page), 5000));
  vt_spin (100);
}

static gboolean
list_has_post (Fixture *f)
{
  VoisinsPostList *list = voisins_posts_page_get_list (f->page);

  return voisins_post_list_find (list, f->post_id) != G_MAXUINT;
}

/* One search per view; a neighbour's name finds her posts; the empty state names the filters
 * really set and resets them. */
static void
test_search_and_filters (Fixture       *f,
                         gconstpointer  user_data)
{
  GtkWidget *entry = vt_child (f->w.window, VOISINS_TYPE_WINDOW, "search_entry");
  AdwStatusPage *empty;
  g_autoptr(VoisinsMember) author = voisins_store_get_member (f->w.store, f->author_id, NULL);
  const char *description;

  /* Typed in Neighbours, it does not filter Posts. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "members");
  search_in (f, "zzzz");
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "posts");
  vt_spin (300);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (vt_wait_until (list_settled, voisins_posts_page_get_list (f->page), 5000));
  g_assert_true (list_has_post (f));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "members");
  vt_spin (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "zzzz");
  vt_save_png (GTK_WIDGET (f->w.window), "posts-search-members-own.png");
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "posts");
  vt_spin (300);

  /* Her first name finds her post, whose title does not name her. */
  search_in (f, voisins_member_get_first_name (author));
  g_assert_true (list_has_post (f));
  vt_save_png (GTK_WIDGET (f->w.window), "posts-search-name.png");

  /* "raclette" on a done post: the default "Open" filter hides it, and says so. */
  g_assert_true (voisins_store_set_post_status (f->w.store, f->post_id,
                                                VOISINS_POST_STATUS_DONE, NULL));
  search_in (f, "raclette");
  g_assert_false (list_has_post (f));
  empty = ADW_STATUS_PAGE (vt_child (f->page, VOISINS_TYPE_POSTS_PAGE, "empty_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty)));
  description = adw_status_page_get_description (empty);
  g_test_message ("empty state: %s", description);
  g_assert_nonnull (strstr (description, "“Open”"));
  g_assert_nonnull (strstr (description, "raclette"));
  g_assert_nonnull (strstr (description, "1 post matches"));
  /* Only the filters really set: not the kind nor the date, left at "any". */
  g_assert_null (strstr (description, "All kinds"));
  g_assert_null (strstr (description, "Any date"));
  vt_save_png (GTK_WIDGET (f->w.window), "posts-empty-filters.png");

  g_signal_emit_by_name (vt_child (f->page, VOISINS_TYPE_POSTS_PAGE, "reset_button"), "clicked");
  vt_spin (300);
  g_assert_true (vt_wait_until (list_settled, voisins_posts_page_get_list (f->page), 5000));
  g_assert_true (list_has_post (f));
  vt_save_png (GTK_WIDGET (f->w.window), "posts-reset-filters.png");
}

/* "Posted by" opens her record, with her phone for a coordinator (a desk with no login). */
static void
test_author_link (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(VoisinsMember) author = voisins_store_get_member (f->w.store, f->author_id, NULL);
  AdwViewStack *views = ADW_VIEW_STACK (vt_child (f->w.window, VOISINS_TYPE_WINDOW, "view_stack"));
  GtkWidget *row = vt_child (f->detail, VOISINS_TYPE_POST_DETAIL, "author_row");

  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  if (voisins_member_get_phone (author) != NULL && *voisins_member_get_phone (author))
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     voisins_member_get_phone (author));
  vt_save_png (GTK_WIDGET (f->w.window), "posts-author-link.png");

  g_signal_emit_by_name (row, "activate");
  vt_spin (300);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (views), ==, "members");
  vt_save_png (GTK_WIDGET (f->w.window), "posts-author-record.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/posts-ui/undo-every-status", Fixture, NULL, fixture_setup,
              test_undo_every_status, fixture_teardown);
  g_test_add ("/posts-ui/reopen-every-status", Fixture, NULL, fixture_setup,
              test_reopen_every_status, fixture_teardown);
  g_test_add ("/posts-ui/editor-errors-and-kept-post", Fixture, NULL, fixture_setup,
              test_editor_errors_and_kept_post, fixture_teardown);
  g_test_add ("/posts-ui/search-and-filters", Fixture, NULL, fixture_setup,
              test_search_and_filters, fixture_teardown);
  g_test_add ("/posts-ui/author-link", Fixture, NULL, fixture_setup, test_author_link,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
