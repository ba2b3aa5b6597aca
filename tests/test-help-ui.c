/* test-help-ui.c: a request taken to "done, helped by X" in the real window (issue 12,
 * item 1): the suggestions and their reasons, propose, the helper's yes (the request
 * matched), done ("Helped by"), a decline and its undo, and a request nobody can help with
 *
 * Store-only, like test-posts-ui.c: the local store of a desk, whose member rows hold the
 * phones (the server's rules about who gets them are walked in test-server-help.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>

#include "ui-helpers.h"
#include "voisins-follow-up-dialog.h"
#include "voisins-help-dialog.h"
#include "voisins-post-detail.h"
#include "voisins-post-help.h"
#include "voisins-posts-page.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  vt_demo_window_open (fixture, app, 0, 0, 900);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 900);
}

/* One demo post only: a request of another category finds no open offer. */
static void
fixture_setup_quiet (Fixture       *fixture,
                     gconstpointer  user_data)
{
  vt_demo_window_open (fixture, app, 10, 1, 900);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 900);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  vt_demo_window_close (fixture);
}

static char *
add_member (Fixture    *fixture,
            const char *first,
            const char *last,
            const char *address,
            const char *phone,
            const char *languages,
            double      lat)
{
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  g_autoptr(GError) error = NULL;

  voisins_member_set_association_id (m, voisins_association_get_id (fixture->association));
  voisins_member_set_first_name (m, first);
  voisins_member_set_last_name (m, last);
  voisins_member_set_address (m, address);
  voisins_member_set_phone (m, phone);
  voisins_member_set_languages (m, languages);
  voisins_member_set_latitude (m, lat);
  voisins_member_set_longitude (m, 2.372);
  voisins_member_set_approx_latitude (m, lat);
  voisins_member_set_approx_longitude (m, 2.372);
  g_assert_true (voisins_store_create_member (fixture->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (voisins_member_get_id (m));
}

static char *
add_post (Fixture         *fixture,
          VoisinsPostKind  kind,
          VoisinsCategory  category,
          const char      *title,
          const char      *author_id,
          const char      *author_name)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;

  voisins_post_set_association_id (post, voisins_association_get_id (fixture->association));
  voisins_post_set_kind (post, kind);
  voisins_post_set_category (post, category);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, "Une étagère à fixer dans la cuisine, les chevilles sont là.");
  voisins_post_set_author_id (post, author_id);
  voisins_post_set_author_name (post, author_name);
  voisins_post_set_latitude (post, 48.845);
  voisins_post_set_longitude (post, 2.372);
  g_assert_true (voisins_store_create_post (fixture->store, post, &error));
  g_assert_no_error (error);
  return g_strdup (voisins_post_get_id (post));
}

static gboolean
post_selected (gpointer data)
{
  gpointer *a = data;
  VoisinsPost *post = voisins_posts_page_get_selected_post (a[0]);

  return post != NULL && g_strcmp0 (voisins_post_get_id (post), a[1]) == 0;
}

static void
select_post (VoisinsPostsPage *page,
             const char       *id)
{
  gpointer a[2] = { page, (gpointer) id };

  for (int i = 0; i < 50 && !post_selected (a); i++)
    {
      voisins_posts_page_select_post (page, id);
      vt_spin (100);
    }
  g_assert_true (post_selected (a));
  vt_spin (100);
}

/* The first widget under @root of @type whose label (a button's, a label's, a row's title)
 * contains @text, or NULL. Only visible ones. */
static GtkWidget *
find_text (GtkWidget  *root,
           GType       type,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      const char *label = NULL;

      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          if (GTK_IS_BUTTON (child))
            {
              GtkWidget *inner = gtk_button_get_child (GTK_BUTTON (child));

              label = gtk_button_get_label (GTK_BUTTON (child));
              if (label == NULL && ADW_IS_BUTTON_CONTENT (inner))
                label = adw_button_content_get_label (ADW_BUTTON_CONTENT (inner));
            }
          else if (GTK_IS_LABEL (child))
            label = gtk_label_get_text (GTK_LABEL (child));
          else if (ADW_IS_ACTION_ROW (child))
            label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));
          if (label != NULL)
            {
              /* "D_eclined" is read "Declined". */
              g_autoptr(GString) plain = g_string_new (label);

              g_string_replace (plain, "_", "", 0);
              if (strstr (plain->str, text) != NULL)
                return child;
            }
        }
      if ((found = find_text (child, type, text)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *text;
} Find;

static gboolean
text_shown (gpointer data)
{
  Find *f = data;

  return find_text (f->root, f->type, f->text) != NULL;
}

static void
wait_for_text (GtkWidget  *root,
               GType       type,
               const char *text)
{
  Find f = { root, type, text };

  if (!vt_wait_until (text_shown, &f, 10000))
    g_error ("“%s” never shown", text);
}

static gboolean
text_gone (gpointer data)
{
  return !text_shown (data);
}

static VoisinsHelpDialog *
shown_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, j);

      if (VOISINS_IS_HELP_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return VOISINS_HELP_DIALOG (w);
    }
  return NULL;
}

static VoisinsHelpDialog *
open_dialog (GtkWidget *help_box)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_widget_activate_action (help_box, "help.find", NULL);
  for (int i = 0; i < 100; i++)
    {
      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (toplevels, j);

          if (VOISINS_IS_HELP_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            return VOISINS_HELP_DIALOG (w);
        }
      vt_spin (50);
    }
  g_error ("The dialog did not open");
}

static VoisinsPostStatus
stored_status (Fixture    *fixture,
               const char *id)
{
  g_autoptr(VoisinsPost) post = voisins_store_get_post (fixture->store, id, NULL);

  return voisins_post_get_status (post);
}

typedef struct
{
  Fixture           *fixture;
  const char        *id;
  VoisinsPostStatus  status;
} StatusIs;

static gboolean
status_is (gpointer data)
{
  StatusIs *s = data;

  return stored_status (s->fixture, s->id) == s->status;
}

static void
wait_status (Fixture           *fixture,
             const char        *id,
             VoisinsPostStatus  status)
{
  StatusIs s = { fixture, id, status };

  g_assert_true (vt_wait_until (status_is, &s, 10000));
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelIs;

static gboolean
label_is (gpointer data)
{
  LabelIs *l = data;

  return g_strcmp0 (gtk_label_get_text (l->label), l->text) == 0;
}

/* The post's own status line, as the posts page redraws it after the change. */
static void
wait_label (GtkWidget  *label,
            const char *text)
{
  LabelIs l = { GTK_LABEL (label), text };

  if (!vt_wait_until (label_is, &l, 10000))
    g_error ("The label says “%s”, not “%s”", gtk_label_get_text (l.label), text);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The toast overlay's newest toast's button ("Undo"), pressed as a person would. */
static gboolean
press_undo (gpointer root)
{
  GtkWidget *undo = find_text (root, GTK_TYPE_BUTTON, "Undo");

  if (undo == NULL)
    return FALSE;
  g_signal_emit_by_name (undo, "clicked");
  return TRUE;
}

/* Khadija's shelf: Ana (DIY offer, 100 m, speaks Arabic) comes first, then Bruno (DIY,
 * farther). Ana declines (undone, then declined again), Bruno says yes: matched; he comes:
 * done, "Helped by Bruno L.". */
static void
test_help_life (Fixture       *fixture,
                gconstpointer  user_data)
{
  VoisinsPostsPage *page =
      VOISINS_POSTS_PAGE (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "posts_page"));
  GtkWidget *detail = vt_child (page, VOISINS_TYPE_POSTS_PAGE, "detail");
  GtkWidget *help_box = vt_child (detail, VOISINS_TYPE_POST_DETAIL, "help_box");
  GtkWidget *status_label = vt_child (detail, VOISINS_TYPE_POST_DETAIL, "status_label");
  g_autofree char *khadija = add_member (fixture, "Khadija", "Haddad", "12 rue de Cotte",
                                         "06 11 11 11 11", "fr,ar", 48.845);
  g_autofree char *ana = add_member (fixture, "Ana", "Morel", "3 rue Crozatier",
                                     "06 22 22 22 22", "fr,ar", 48.8459);
  g_autofree char *bruno = add_member (fixture, "Bruno", "Lefort", "40 rue de Charenton",
                                       "06 33 33 33 33", "fr", 48.849);
  g_autofree char *shelf = add_post (fixture, VOISINS_POST_KIND_REQUEST, VOISINS_CATEGORY_DIY,
                                     "Fixer une étagère", khadija, "Khadija H.");
  g_autofree char *o1 = add_post (fixture, VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_DIY,
                                  "Petits travaux", ana, "Ana M.");
  g_autofree char *o2 = add_post (fixture, VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_DIY,
                                  "J’ai une perceuse", bruno, "Bruno L.");
  VoisinsHelpDialog *dialog;
  GtkWidget *list, *first, *row;

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (vt_child (fixture->window,
                                                                   VOISINS_TYPE_WINDOW,
                                                                   "view_stack")), "posts");
  select_post (page, shelf);
  g_assert_true (gtk_widget_get_visible (help_box));
  wait_for_text (help_box, GTK_TYPE_BUTTON, "Find a Helper");
  vt_save_png (GTK_WIDGET (fixture->window), "help-request-open.png");

  /* The suggestions, best first, with their reasons in words. */
  dialog = open_dialog (help_box);
  wait_for_text (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Ana M.");
  list = vt_child (dialog, VOISINS_TYPE_HELP_DIALOG, "list");
  first = gtk_widget_get_first_child (list);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Ana M.");
  g_assert_nonnull (find_text (list, ADW_TYPE_ACTION_ROW, "Bruno L."));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                            "rue Crozatier"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                            "Offers this kind of help"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), "m away"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), "speaks"));
  g_assert_null (find_text (list, ADW_TYPE_ACTION_ROW, "Khadija"));
  vt_save_png (GTK_WIDGET (dialog), "help-suggestions.png");

  /* Propose Ana: the dialog closes, the request shows her step, both phones, the buttons. */
  click (find_text (first, GTK_TYPE_BUTTON, "Propose"));
  wait_for_text (help_box, GTK_TYPE_LABEL, "Asked: waiting for the answer");
  g_assert_null (shown_dialog ());
  wait_for_text (help_box, ADW_TYPE_ACTION_ROW, "Ana M. (helper)");
  g_assert_nonnull (find_text (help_box, GTK_TYPE_LABEL, "06 22 22 22 22"));
  g_assert_nonnull (find_text (help_box, GTK_TYPE_LABEL, "06 11 11 11 11"));
  g_assert_nonnull (find_text (help_box, GTK_TYPE_BUTTON, "Said Yes"));
  g_assert_cmpint (stored_status (fixture, shelf), ==, VOISINS_POST_STATUS_OPEN);
  vt_save_png (GTK_WIDGET (fixture->window), "help-proposed.png");

  /* Ana declines; Undo asks her again; she declines again for good. */
  click (find_text (help_box, GTK_TYPE_BUTTON, "Declined"));
  wait_for_text (help_box, GTK_TYPE_LABEL, "Said no, or could not come");
  g_assert_null (find_text (help_box, GTK_TYPE_BUTTON, "Said Yes"));
  vt_save_png (GTK_WIDGET (fixture->window), "help-declined.png");
  g_assert_true (vt_wait_until (press_undo, fixture->window, 10000));
  wait_for_text (help_box, GTK_TYPE_BUTTON, "Said Yes");
  vt_save_png (GTK_WIDGET (fixture->window), "help-declined-undone.png");
  click (find_text (help_box, GTK_TYPE_BUTTON, "Declined"));
  {
    Find f = { help_box, GTK_TYPE_BUTTON, "Said Yes" };

    g_assert_true (vt_wait_until (text_gone, &f, 10000));
  }

  /* Bruno, proposed from the dialog, says yes: matched. */
  dialog = open_dialog (help_box);
  wait_for_text (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Bruno L.");
  row = find_text (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Bruno L.");
  click (find_text (row, GTK_TYPE_BUTTON, "Propose"));
  wait_for_text (help_box, GTK_TYPE_BUTTON, "Said Yes");
  click (find_text (help_box, GTK_TYPE_BUTTON, "Said Yes"));
  wait_status (fixture, shelf, VOISINS_POST_STATUS_MATCHED);
  wait_for_text (help_box, GTK_TYPE_LABEL, "Said yes: the help is still to come");
  wait_label (status_label, "Matched");
  vt_save_png (GTK_WIDGET (fixture->window), "help-accepted.png");

  /* He came: done, and the request says who helped. */
  click (find_text (help_box, GTK_TYPE_BUTTON, "Done"));
  wait_status (fixture, shelf, VOISINS_POST_STATUS_DONE);
  wait_for_text (help_box, GTK_TYPE_LABEL, "Helped by Bruno L.");
  wait_label (status_label, "Done");
  g_assert_null (find_text (help_box, GTK_TYPE_BUTTON, "Find a Helper"));
  /* Closed: nobody's phone stays on the screen. */
  g_assert_null (find_text (help_box, GTK_TYPE_LABEL, "06 33 33 33 33"));
  vt_save_png (GTK_WIDGET (fixture->window), "help-done.png");
}

/* A request nobody offers to help with says why, in one line, and offers no dialog. */
static void
test_no_suggestion (Fixture       *fixture,
                    gconstpointer  user_data)
{
  VoisinsPostsPage *page =
      VOISINS_POSTS_PAGE (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "posts_page"));
  GtkWidget *detail = vt_child (page, VOISINS_TYPE_POSTS_PAGE, "detail");
  GtkWidget *help_box = vt_child (detail, VOISINS_TYPE_POST_DETAIL, "help_box");
  g_autofree char *khadija = add_member (fixture, "Khadija", "Haddad", "12 rue de Cotte",
                                         "06 11 11 11 11", "fr", 48.845);
  VoisinsPostQuery q = { 0 };
  g_autofree char *sitting = NULL;
  GtkWidget *find;

  /* The one demo post is of one category at most: one of these two has no offer. */
  q.association_id = voisins_association_get_id (fixture->association);
  q.kind = VOISINS_POST_KIND_OFFER;
  q.category = VOISINS_CATEGORY_BABYSITTING;
  if (voisins_store_count_posts (fixture->store, &q, NULL) > 0)
    q.category = VOISINS_CATEGORY_LENDING;
  g_assert_cmpuint (voisins_store_count_posts (fixture->store, &q, NULL), ==, 0);
  sitting = add_post (fixture, VOISINS_POST_KIND_REQUEST, (VoisinsCategory) q.category,
                      "Garder Inès mardi", khadija, "Khadija H.");

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (vt_child (fixture->window,
                                                                   VOISINS_TYPE_WINDOW,
                                                                   "view_stack")), "posts");
  select_post (page, sitting);
  wait_for_text (help_box, GTK_TYPE_LABEL, "No helper to suggest");
  find = find_text (help_box, GTK_TYPE_BUTTON, "Find a Helper");
  g_assert_nonnull (find);
  g_assert_false (gtk_widget_is_sensitive (find));
  vt_save_png (GTK_WIDGET (fixture->window), "help-no-suggestion.png");
}

static gboolean
follow_up_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, j);

      if (VOISINS_IS_FOLLOW_UP_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(gpointer *) data = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* The coordinator's follow-up, from the main menu: the requests open for at least N days
 * with nobody asked, oldest first, and those nobody can be suggested for; a row opens the
 * post. A volunteer's login has no such entry. */
static void
test_follow_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  VoisinsPostsPage *page =
      VOISINS_POSTS_PAGE (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "posts_page"));
  const char *association_id = voisins_association_get_id (fixture->association);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *khadija = add_member (fixture, "Khadija", "Haddad", "12 rue de Cotte",
                                         "06 11 11 11 11", "fr", 48.845);
  g_autofree char *old_id = NULL, *older_id = NULL, *recent_id = NULL;
  VoisinsFollowUpDialog *dialog = NULL;
  GtkWidget *stale, *unmatched, *spin, *first;
  struct { const char *title; gint64 age; char **id; } requests[] = {
    { "Changer l’ampoule de Khadija", 10, &old_id },
    { "Monter le meuble de Khadija", 20, &older_id },
    { "Réparer le robinet de Khadija", 2, &recent_id },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      g_autoptr(GError) error = NULL;

      voisins_post_set_association_id (post, association_id);
      voisins_post_set_kind (post, VOISINS_POST_KIND_REQUEST);
      voisins_post_set_category (post, VOISINS_CATEGORY_DIY);
      voisins_post_set_title (post, requests[i].title);
      voisins_post_set_author_id (post, khadija);
      voisins_post_set_author_name (post, "Khadija H.");
      voisins_post_set_created_at (post, now - requests[i].age * 24 * 3600);
      g_assert_true (voisins_store_create_post (fixture->store, post, &error));
      g_assert_no_error (error);
      *requests[i].id = g_strdup (voisins_post_get_id (post));
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.follow-up", NULL);
  g_assert_true (vt_wait_until (follow_up_shown, &dialog, 5000));
  stale = vt_child (dialog, VOISINS_TYPE_FOLLOW_UP_DIALOG, "stale_list");
  unmatched = vt_child (dialog, VOISINS_TYPE_FOLLOW_UP_DIALOG, "unmatched_list");
  spin = vt_child (dialog, VOISINS_TYPE_FOLLOW_UP_DIALOG, "days_spin");
  wait_for_text (stale, ADW_TYPE_ACTION_ROW, "Monter le meuble de Khadija");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 7);
  /* Oldest first; the two-day-old one is not late yet. */
  first = gtk_widget_get_first_child (stale);
  g_assert_nonnull (find_text (stale, ADW_TYPE_ACTION_ROW, "Changer l’ampoule de Khadija"));
  g_assert_null (find_text (stale, ADW_TYPE_ACTION_ROW, "Réparer le robinet de Khadija"));
  {
    gboolean older_first = FALSE;

    /* The demo's own old requests come first or between: only the order of ours counts. */
    for (GtkWidget *row = first; row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        const char *title = ADW_IS_ACTION_ROW (row)
                                ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))
                                : "";

        if (g_str_equal (title, "Monter le meuble de Khadija"))
          older_first = TRUE;
        if (g_str_equal (title, "Changer l’ampoule de Khadija"))
          break;
      }
    g_assert_true (older_first);
  }
  /* The demo has DIY offers: ours are not among those nobody can be suggested for. */
  g_assert_null (find_text (unmatched, ADW_TYPE_ACTION_ROW, "Monter le meuble de Khadija"));
  vt_save_png (GTK_WIDGET (dialog), "help-follow-up.png");

  /* Fifteen days: only the twenty-day-old one is left of ours. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 15);
  {
    Find f = { stale, ADW_TYPE_ACTION_ROW, "Changer l’ampoule de Khadija" };

    g_assert_true (vt_wait_until (text_gone, &f, 10000));
  }
  g_assert_nonnull (find_text (stale, ADW_TYPE_ACTION_ROW, "Monter le meuble de Khadija"));

  /* A row opens its post. */
  g_signal_emit_by_name (stale, "row-activated",
                         find_text (stale, ADW_TYPE_ACTION_ROW, "Monter le meuble de Khadija"));
  select_post (page, older_id);
  g_assert_false (follow_up_shown (&dialog));

  /* A login the server's rules do not let follow up every request (a volunteer's, GET
   * /me): no entry, even where the role alone would allow it. */
  g_assert_true (voisins_store_set_role (fixture->store, association_id, "coordinator", NULL));
  g_assert_true (voisins_store_set_may_follow_up (fixture->store, association_id, FALSE, NULL));
  voisins_window_set_store (fixture->window, fixture->store);
  dialog = NULL;
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.follow-up", NULL);
  vt_spin (300);
  g_assert_false (follow_up_shown (&dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/help-ui/life", Fixture, NULL, fixture_setup, test_help_life, fixture_teardown);
  g_test_add ("/help-ui/follow-up", Fixture, NULL, fixture_setup, test_follow_up,
              fixture_teardown);
  g_test_add ("/help-ui/no-suggestion", Fixture, NULL, fixture_setup_quiet, test_no_suggestion,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
