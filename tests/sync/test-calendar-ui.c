/* test-calendar-ui.c: the events outside the app (issue 12, items 4 and 5) under Xvfb:
 * "Add to my calendar" on an event's detail, the calendar feed's address against a real
 * server, and the stairwell poster read back from its PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <libical/ical.h>
#include <string.h>

#include "server-fixture.h"
#include "ui-helpers.h"
#include "voisins-calendar-feed-dialog.h"
#include "voisins-event-ics.h"
#include "voisins-post-detail.h"
#include "voisins-poster.h"
#include "voisins-posts-page.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  vt_demo_window_open (fixture, app, 10, 0, 780);
  voisins_association_set_phone (fixture->association, "01 43 00 12 34");
  voisins_association_set_address (fixture->association, "4 rue Traversière, 75012 Paris");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  vt_demo_window_close (fixture);
}

/* Today at @hour, Paris time, plus @days. */
static gint64
paris_at (int days,
          int hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_new (tz, g_date_time_get_year (now),
                                              g_date_time_get_month (now),
                                              g_date_time_get_day_of_month (now), hour, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_days (day, days);

  return g_date_time_to_unix (then);
}

static char *
add_post (Fixture           *fixture,
          VoisinsPostKind    kind,
          VoisinsCategory    category,
          const char        *title,
          gint64             starts_at,
          VoisinsPostStatus  status)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;

  voisins_post_set_association_id (post, voisins_association_get_id (fixture->association));
  voisins_post_set_kind (post, kind);
  voisins_post_set_category (post, category);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, "Dans la cour du 12, chacun apporte quelque chose.");
  voisins_post_set_latitude (post, 48.845);
  voisins_post_set_longitude (post, 2.372);
  voisins_post_set_starts_at (post, starts_at);
  voisins_post_set_ends_at (post, starts_at ? starts_at + 2 * 3600 : 0);
  g_assert_true (voisins_store_create_post (fixture->store, post, &error));
  g_assert_no_error (error);
  if (status != VOISINS_POST_STATUS_OPEN)
    {
      g_assert_true (voisins_store_set_post_status (fixture->store, voisins_post_get_id (post),
                                                    status, &error));
      g_assert_no_error (error);
    }
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

  /* The list reloads after the store changed: ask again until it has the row. */
  for (int i = 0; i < 50 && !post_selected (a); i++)
    {
      voisins_posts_page_select_post (page, id);
      vt_spin (100);
    }
  g_assert_true (post_selected (a));
  vt_spin (100);
}

/* An event's detail offers "Add to my calendar"; an offer's does not; the saved file is
 * the event, read back with libical. */
static void
test_add_to_calendar (Fixture       *fixture,
                      gconstpointer  user_data)
{
  VoisinsPostsPage *page =
    VOISINS_POSTS_PAGE (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "posts_page"));
  GtkWidget *detail = vt_child (page, VOISINS_TYPE_POSTS_PAGE, "detail");
  GtkWidget *row = vt_child (detail, VOISINS_TYPE_POST_DETAIL, "calendar_row");
  gint64 starts = paris_at (3, 19);
  g_autofree char *event = add_post (fixture, VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_EVENT,
                                     "Apéro de la cour", starts, VOISINS_POST_STATUS_OPEN);
  g_autofree char *offer = add_post (fixture, VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_DIY,
                                     "Perceuse à prêter", 0, VOISINS_POST_STATUS_OPEN);
  g_autofree char *path = vt_artifact ("Apéro de la cour.ics");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *cal, *vevent;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 780);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (vt_child (fixture->window,
                                                                   VOISINS_TYPE_WINDOW,
                                                                   "view_stack")), "posts");
  select_post (page, event);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                   "win.add-to-calendar");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)),
                                         NULL), ==, event);
  vt_save_png (GTK_WIDGET (fixture->window), "calendar-event-detail.png");

  select_post (page, offer);
  g_assert_false (gtk_widget_get_visible (row));

  post = voisins_store_get_post (fixture->store, event, &error);
  g_assert_no_error (error);
  name = voisins_event_ics_file_name (post);
  g_assert_cmpstr (name, ==, "Apéro de la cour.ics");
  g_assert_true (voisins_event_ics_save_to_file (post, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  cal = icalparser_parse_string (text);
  g_assert_nonnull (cal);
  vevent = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (vevent);
  uid = voisins_ical_uid_for_post (event);
  g_assert_cmpstr (icalcomponent_get_uid (vevent), ==, uid);
  g_assert_cmpstr (icalcomponent_get_summary (vevent), ==, "Apéro de la cour");
  g_assert_cmpint (icaltime_as_timet_with_zone (icalcomponent_get_dtstart (vevent),
                                                icalcomponent_get_timezone (cal, "Europe/Paris")),
                   ==, starts);
  icalcomponent_free (cal);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static void
pdf_to_png (const char *pdf,
            const char *name)
{
  g_autofree char *png = vt_artifact (name);
  g_autofree char *prefix = g_strndup (png, strlen (png) - strlen (".png"));
  const char *argv[] = { "pdftoppm", "-png", "-r", "60", "-singlefile", pdf, prefix, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

/* This week's events (not the cancelled one, not next month's) and the open offers (not a
 * done one), with the association's name, phone and address and the tear-off strips. */
static void
test_poster (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *pdf = vt_artifact ("stairwell-poster.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(VoisinsPoster) poster = NULL;
  const char *p;
  guint strips = 0;

  /* Only these posts: the demo quartier has its own, on dates of its own. */
  const struct { VoisinsPostKind kind; VoisinsCategory category; const char *title; int days;
                 int hour; VoisinsPostStatus status; } mine[] = {
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_EVENT, "Apéro de la cour", 2, 19,
      VOISINS_POST_STATUS_OPEN },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_EVENT, "Réunion du bureau", 0, 23,
      VOISINS_POST_STATUS_OPEN },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_EVENT, "Vide-grenier annulé", 3, 10,
      VOISINS_POST_STATUS_CANCELLED },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_EVENT, "Galette des rois", 30, 16,
      VOISINS_POST_STATUS_OPEN },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_DIY, "Perceuse à prêter", -1, 0,
      VOISINS_POST_STATUS_OPEN },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_BABYSITTING, "Garde d’enfants le mercredi", -1, 0,
      VOISINS_POST_STATUS_OPEN },
    { VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_LENDING, "Escabeau prêté", -1, 0,
      VOISINS_POST_STATUS_DONE },
    { VOISINS_POST_KIND_REQUEST, VOISINS_CATEGORY_DIY, "Besoin d’une perceuse", -1, 0,
      VOISINS_POST_STATUS_OPEN },
  };
  g_autofree char *from_window = vt_artifact ("stairwell-poster-window.pdf");
  g_autofree char *window_text = NULL;

  posts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    {
      g_autofree char *id = add_post (fixture, mine[i].kind, mine[i].category, mine[i].title,
                                      mine[i].days < 0 ? 0 : paris_at (mine[i].days, mine[i].hour),
                                      mine[i].status);

      g_ptr_array_add (posts, voisins_store_get_post (fixture->store, id, &error));
      g_assert_no_error (error);
    }
  poster = voisins_poster_new (fixture->association, posts, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (voisins_poster_get_n_events (poster), ==, 2);
  g_assert_cmpuint (voisins_poster_get_n_offers (poster), ==, 2);
  g_assert_true (voisins_poster_print (poster, GTK_WINDOW (fixture->window), pdf, &error));
  g_assert_no_error (error);

  /* The main menu's action prints the store's posts, the demo's with these. */
  g_assert_true (voisins_window_print_poster (fixture->window, from_window, &error));
  g_assert_no_error (error);
  window_text = pdf_text (from_window);
  g_assert_nonnull (strstr (window_text, voisins_association_get_name (fixture->association)));
  g_assert_nonnull (strstr (window_text, "Perceuse à prêter"));
  pdf_to_png (from_window, "stairwell-poster-window.png");

  text = pdf_text (pdf);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, voisins_association_get_name (fixture->association)));
  g_assert_nonnull (strstr (text, "Apéro de la cour"));
  g_assert_nonnull (strstr (text, "Réunion du bureau"));
  g_assert_nonnull (strstr (text, "19:00"));
  g_assert_null (strstr (text, "Vide-grenier"));
  g_assert_null (strstr (text, "Galette"));
  g_assert_nonnull (strstr (text, "Perceuse à prêter"));
  g_assert_nonnull (strstr (text, "Garde d’enfants le mercredi"));
  g_assert_null (strstr (text, "Escabeau"));
  g_assert_null (strstr (text, "Besoin d’une perceuse"));
  g_assert_nonnull (strstr (text, "4 rue Traversière, 75012 Paris"));
  /* The phone: once above the strips, then on each of the eight strips. */
  for (p = text; (p = strstr (p, "01 43 00 12 34")); p++)
    strips++;
  g_assert_cmpuint (strips, >=, 9);
  pdf_to_png (pdf, "stairwell-poster.png");
}

static gboolean
dialog_idle (gpointer data)
{
  return !voisins_calendar_feed_dialog_is_busy (data);
}

static guint
fetch_status (VsServer   *server,
              const char *url,
              char      **body)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (body)
    *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

/* The feed's address made from the dialog works in a calendar app (no header), and stops
 * after Revoke. */
static void
test_feed_dialog (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(VoisinsSyncClient) client = voisins_sync_client_new (fixture->store);
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  VoisinsCalendarFeedDialog *dialog;

  voisins_sync_client_set_server_url (client, w->server->base_url);
  voisins_sync_client_set_token (client, w->vol);
  dialog = voisins_calendar_feed_dialog_new (GTK_WINDOW (fixture->window), client, w->a);
  gtk_window_present (GTK_WINDOW (dialog));
  vt_spin (200);
  g_assert_null (voisins_calendar_feed_dialog_get_url (dialog));
  g_assert_false (gtk_widget_get_visible (vt_child (dialog, VOISINS_TYPE_CALENDAR_FEED_DIALOG,
                                                    "copy_button")));
  vt_save_png (GTK_WIDGET (dialog), "calendar-feed-dialog.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "feed.new", NULL));
  g_assert_true (vt_wait_until (dialog_idle, dialog, 10000));
  url = g_strdup (voisins_calendar_feed_dialog_get_url (dialog));
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, w->server->base_url));
  g_assert_true (g_str_has_suffix (url, ".ics"));
  g_assert_true (gtk_widget_get_visible (vt_child (dialog, VOISINS_TYPE_CALENDAR_FEED_DIALOG,
                                                   "copy_button")));
  g_assert_nonnull (strstr (voisins_calendar_feed_dialog_get_status (dialog), "shown only once"));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "calendar-feed-made.png");
  g_assert_cmpuint (fetch_status (w->server, url, &body), ==, 200);
  g_assert_true (g_str_has_prefix (body, "BEGIN:VCALENDAR"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "feed.revoke", NULL));
  g_assert_true (vt_wait_until (dialog_idle, dialog, 10000));
  g_assert_null (voisins_calendar_feed_dialog_get_url (dialog));
  g_assert_nonnull (strstr (voisins_calendar_feed_dialog_get_status (dialog), "Revoked"));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "calendar-feed-revoked.png");
  g_assert_cmpuint (fetch_status (w->server, url, NULL), ==, 401);

  /* Someone of another association: the server's refusal, in the dialog. */
  voisins_sync_client_set_token (client, w->other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "feed.new", NULL));
  g_assert_true (vt_wait_until (dialog_idle, dialog, 10000));
  g_assert_null (voisins_calendar_feed_dialog_get_url (dialog));
  g_assert_nonnull (voisins_calendar_feed_dialog_get_status (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);
  g_test_add ("/calendar-ui/add-to-calendar", Fixture, NULL, fixture_setup,
              test_add_to_calendar, fixture_teardown);
  g_test_add ("/calendar-ui/poster", Fixture, NULL, fixture_setup, test_poster,
              fixture_teardown);
  g_test_add ("/calendar-ui/feed-dialog", Fixture, NULL, fixture_setup, test_feed_dialog,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);
  return ret;
}
