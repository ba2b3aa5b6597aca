/* test-events-ui.c: an event with its participants and its capacity, a group with its
 * members and next meetings, in the real window (issue 12, item 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <time.h>

#include "ui-helpers.h"
#include "voisins-event-people.h"
#include "voisins-post-detail.h"
#include "voisins-post-editor.h"
#include "voisins-posts-page.h"
#include "voisins-ui-util.h"

static VoisinsApplication *app;

typedef struct
{
  VtDemoWindow      w;
  VoisinsPostsPage *page;
  GtkWidget        *detail;
  GtkWidget        *people;
  GPtrArray        *members;
  char             *post_id;
} Fixture;

static gboolean
list_loaded (gpointer data)
{
  return !voisins_post_list_get_loading (data);
}

static gboolean
shows_post (gpointer data)
{
  Fixture     *f = data;
  VoisinsPost *post = voisins_post_detail_get_post (VOISINS_POST_DETAIL (f->detail));

  return post != NULL && g_strcmp0 (voisins_post_get_id (post), f->post_id) == 0;
}

/* Next Sunday (or Tuesday...) at @hour, local time, at least a day from now. */
static gint64
next_weekday (int weekday, int hour)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) day = g_date_time_add_days (now, 1);

  while (g_date_time_get_day_of_week (day) != weekday)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  {
    g_autoptr (GDateTime) at =
        g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), hour, 0, 0);

    return g_date_time_to_unix (at);
  }
}

static VoisinsMember *
member (Fixture *f, guint i)
{
  return g_ptr_array_index (f->members, i);
}

/* A demo neighbour with no internet, as the desk records her. */
static void
make_offline (Fixture *f, guint i)
{
  g_autoptr (GError) error = NULL;

  voisins_member_set_no_internet (member (f, i), TRUE);
  g_assert_true (voisins_store_put_member (f->w.store, member (f, i), &error));
  g_assert_no_error (error);
}

static void
open_post (Fixture        *f,
           VoisinsCategory category,
           const char     *title,
           gint64          starts_at,
           int             capacity,
           const char     *rrule)
{
  g_autoptr (VoisinsPost) post = voisins_post_new ();
  g_autoptr (GError) error = NULL;

  voisins_post_set_association_id (post, voisins_association_get_id (f->w.association));
  voisins_post_set_kind (post, VOISINS_POST_KIND_OFFER);
  voisins_post_set_category (post, category);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, "Chacun apporte quelque chose à partager.");
  voisins_post_set_author_id (post, voisins_member_get_id (member (f, 5)));
  voisins_post_set_author_name (post, voisins_member_get_first_name (member (f, 5)));
  voisins_post_set_latitude (post, voisins_member_get_approx_latitude (member (f, 0)));
  voisins_post_set_longitude (post, voisins_member_get_approx_longitude (member (f, 0)));
  voisins_post_set_starts_at (post, starts_at);
  voisins_post_set_ends_at (post, starts_at + 2 * 3600);
  voisins_post_set_place (post, "Cour du 12, rue de Cotte");
  voisins_post_set_capacity (post, capacity);
  voisins_post_set_rrule (post, rrule);
  g_assert_true (voisins_store_create_post (f->w.store, post, &error));
  g_assert_no_error (error);
  f->post_id = g_strdup (voisins_post_get_id (post));
}

static void
show_post (Fixture *f)
{
  g_assert_true (vt_wait_until (list_loaded, voisins_posts_page_get_list (f->page), 10000));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.view", "s", "posts");
  voisins_posts_page_select_post (f->page, f->post_id);
  g_assert_true (vt_wait_until (shows_post, f, 5000));
}

static void
add (Fixture *f, guint i, const char *answer)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = voisins_store_add_participant (
      f->w.store, f->post_id, voisins_member_get_id (member (f, i)), answer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  vt_demo_window_open (&f->w, app, 40, 60, 1000);
  f->page = VOISINS_POSTS_PAGE (vt_child (f->w.window, VOISINS_TYPE_WINDOW, "posts_page"));
  f->detail = vt_child (f->page, VOISINS_TYPE_POSTS_PAGE, "detail");
  f->people = vt_child (f->detail, VOISINS_TYPE_POST_DETAIL, "event_people");
  f->members = voisins_store_list_members (
      f->w.store, voisins_association_get_id (f->w.association), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->members->len, >=, 6);
  make_offline (f, 0);
  make_offline (f, 2);
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_clear_pointer (&f->members, g_ptr_array_unref);
  g_free (f->post_id);
  vt_demo_window_close (&f->w);
}

static const char *
label_of (Fixture *f, const char *name)
{
  return gtk_label_get_label (GTK_LABEL (vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, name)));
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += ADW_IS_ACTION_ROW (c);
  return n;
}

typedef struct
{
  Fixture    *f;
  const char *summary;
} WaitSummary;

static gboolean
summary_is (gpointer data)
{
  WaitSummary *w = data;

  return g_strcmp0 (label_of (w->f, "summary_label"), w->summary) == 0;
}

static void
wait_summary (Fixture *f, const char *summary)
{
  WaitSummary w = { f, summary };

  if (!vt_wait_until (summary_is, &w, 5000))
    g_error ("the summary says “%s”, not “%s”", label_of (f, "summary_label"), summary);
}

/* The first button labelled @label in a row of @list, or NULL. */
static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) &&
      g_str_equal (gtk_button_get_label (GTK_BUTTON (widget)), label))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found)
        return found;
    }
  return NULL;
}

/* The first row of the list @data has a subtitle (a cancelled or moved meeting). */
static gboolean
has_subtitle (gpointer data)
{
  GtkWidget  *row = gtk_widget_get_first_child (data);
  const char *subtitle =
      ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && *subtitle != '\0';
}

typedef struct
{
  GtkWidget *list;
  char      *title;
} WaitTitle;

static gboolean
first_row_is (gpointer data)
{
  WaitTitle *w = data;
  GtkWidget *row = gtk_widget_get_first_child (w->list);

  return ADW_IS_ACTION_ROW (row) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), w->title) == 0;
}

static gboolean
popover_has_rows (gpointer data)
{
  return n_rows (data) > 0;
}

/* An apéro for 4 every Sunday: three neighbours coming (two of them with no internet, added
 * by the volunteer), one maybe; the fourth seat is taken from "Add a Participant…", and the
 * event is full; the next Sunday is cancelled from its row. */
static void
test_event (Fixture *f, gconstpointer user_data)
{
  GtkWidget *people_list = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "people_list");
  GtkWidget *next_list = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "next_list");
  GtkWidget *full = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "full_label");
  GtkWidget *members_list = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "members_list");
  GtkWidget *add_button = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "add_button");
  GtkWidget *first_next, *cancel;
  g_autoptr (GPtrArray) after = NULL;

  open_post (f, VOISINS_CATEGORY_EVENT, "Apéro du dimanche dans la cour", next_weekday (7, 11), 4,
             "FREQ=WEEKLY;BYDAY=SU");
  add (f, 0, "coming");
  add (f, 1, "coming");
  add (f, 2, "coming");
  add (f, 3, "maybe");
  show_post (f);
  g_assert_true (gtk_widget_get_visible (f->people));
  wait_summary (f, "3 coming · 1 maybe · capacity 4");
  g_assert_false (gtk_widget_get_visible (full));
  g_assert_cmpuint (n_rows (people_list), ==, 4);
  g_assert_cmpuint (n_rows (next_list), ==, 5);
  g_assert_cmpstr (label_of (f, "heading_label"), ==, "Who Is Coming");

  /* "Add a Participant…": a name typed, clicked; she takes the last seat. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (add_button));
  g_assert_true (vt_wait_until (popover_has_rows, members_list, 5000));
  gtk_editable_set_text (
      GTK_EDITABLE (vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "search_entry")),
      voisins_member_get_first_name (member (f, 4)));
  {
    WaitTitle wt = { members_list, NULL };

    wt.title = voisins_ui_member_short_name (member (f, 4));
    g_assert_true (vt_wait_until (first_row_is, &wt, 5000));
    g_free (wt.title);
  }
  vt_save_png (gtk_popover_get_child (
                   GTK_POPOVER (vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "add_popover"))),
               "events-add-participant.png");
  {
    GtkWidget *row = gtk_widget_get_first_child (members_list);

    g_assert_true (ADW_IS_ACTION_ROW (row));
    g_signal_emit_by_name (members_list, "row-activated", row);
  }
  wait_summary (f, "4 coming · 1 maybe · capacity 4");
  g_assert_true (gtk_widget_get_visible (full));
  vt_save_png (GTK_WIDGET (f->w.window), "events-event-full.png");

  /* Full: the store says so at once, and nothing is added. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (voisins_store_add_participant (
        f->w.store, f->post_id, voisins_member_get_id (member (f, 5)), "coming", &error));
    g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  }

  /* The next Sunday is cancelled from its row; the others stay. */
  first_next = gtk_widget_get_first_child (next_list);
  cancel = find_button (first_next, "_Cancel This One");
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (vt_wait_until (has_subtitle, next_list, 5000));
  after = voisins_store_list_next_occurrences (f->w.store, f->post_id,
                                               g_get_real_time () / G_USEC_PER_SEC, 3, NULL);
  g_assert_cmpstr (((VoisinsOccurrence *) after->pdata[0])->state, ==, "cancelled");
  g_assert_cmpstr (((VoisinsOccurrence *) after->pdata[1])->state, ==, "scheduled");
  g_assert_cmpuint (voisins_store_count_pending (f->w.store, NULL), >=, 7);
  vt_save_png (GTK_WIDGET (f->w.window), "events-event-cancelled.png");
  vt_save_png (f->people, "events-event-people.png");

  /* The editor shows the place, the capacity and the repetition. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.edit", NULL));
  {
    GtkWindow *editor = voisins_window_get_editor (f->w.window);

    g_assert_nonnull (editor);
    vt_spin (200);
    g_assert_true (
        gtk_widget_get_visible (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "event_group")));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (
                          vt_child (editor, VOISINS_TYPE_POST_EDITOR, "repeat_row"))),
                      ==, 1);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (
                         vt_child (editor, VOISINS_TYPE_POST_EDITOR, "capacity_spin"))),
                     ==, 4);
    gtk_widget_grab_focus (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "repeat_row"));
    vt_spin (300);
    vt_save_png (GTK_WIDGET (editor), "events-editor.png");
    gtk_window_close (editor);
  }
}

/* English conversation, the first Tuesday of the month: its members and next meetings, the
 * second one moved (from the store, as the move dialog does). */
static void
test_group (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GPtrArray) next = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *moved = NULL;
  GtkWidget       *next_list = vt_child (f->people, VOISINS_TYPE_EVENT_PEOPLE, "next_list");
  gint64           first = next_weekday (2, 18);
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (first);
  int              nth = (g_date_time_get_day_of_month (dt) - 1) / 7 + 1;
  g_autofree char *rrule = g_strdup_printf ("FREQ=MONTHLY;BYDAY=%dTU", MIN (nth, 4));

  open_post (f, VOISINS_CATEGORY_GROUP, "Conversation en anglais", first, 0, rrule);
  add (f, 0, "member");
  add (f, 1, "member");
  add (f, 2, "member");
  next = voisins_store_list_next_occurrences (f->w.store, f->post_id,
                                              g_get_real_time () / G_USEC_PER_SEC, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->len, ==, 5);
  moved = voisins_store_set_occurrence (
      f->w.store, f->post_id, ((VoisinsOccurrence *) next->pdata[1])->original_start, "moved",
      ((VoisinsOccurrence *) next->pdata[1])->original_start + 86400, 0, &error);
  g_assert_no_error (error);
  show_post (f);
  wait_summary (f, "3 members");
  g_assert_cmpstr (label_of (f, "heading_label"), ==, "Members");
  g_assert_cmpuint (n_rows (next_list), ==, 5);
  g_assert_nonnull (find_button (
      gtk_widget_get_next_sibling (gtk_widget_get_first_child (next_list)), "_Put Back"));
  vt_save_png (GTK_WIDGET (f->w.window), "events-group.png");
  vt_save_png (f->people, "events-group-people.png");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GTestDBus) bus = NULL;
  int ret;

  /* The rules are read on the wall clock in Paris: so are the dates shown, as in France. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  tzset ();
  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/events-ui/event", Fixture, NULL, fixture_setup, test_event, fixture_teardown);
  g_test_add ("/events-ui/group", Fixture, NULL, fixture_setup, test_group, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
