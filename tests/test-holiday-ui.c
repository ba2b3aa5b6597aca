/* test-holiday-ui.c: the holiday table page, its dialogs, letters and map layer, in the real
 * window under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-demo.h"
#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-layer.h"
#include "voisins-holiday-match.h"
#include "voisins-holiday-page.h"
#include "voisins-holiday-print.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

typedef gboolean (*CondFunc) (gpointer data);

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  vt_demo_window_open (fixture, app, 200, 50, 860);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  vt_demo_window_close (fixture);
}

static gboolean
page_loaded (gpointer data)
{
  return !voisins_holiday_page_get_loading (data);
}

static gboolean
dialog_closed (gpointer data)
{
  return voisins_holiday_page_get_dialog (data) == NULL;
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* A member who is neither a host nor a guest yet, at @skip or after. */
static guint
free_member (VoisinsStore *store,
             const char   *association_id,
             GListModel   *members,
             guint         skip)
{
  g_autoptr(GPtrArray) hosts = voisins_store_list_holiday_hosts (store, association_id, NULL);
  g_autoptr(GPtrArray) guests = voisins_store_list_holiday_guests (store, association_id, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (members);

  for (guint i = 0; i < hosts->len; i++)
    g_hash_table_add (taken, ((VoisinsHolidayPerson *) g_ptr_array_index (hosts, i))->host->member_id);
  for (guint i = 0; i < guests->len; i++)
    g_hash_table_add (taken, ((VoisinsHolidayPerson *) g_ptr_array_index (guests, i))->guest->member_id);

  for (guint i = skip; i < n; i++)
    {
      g_autoptr(VoisinsMember) m = g_list_model_get_item (members, i);

      if (!g_hash_table_contains (taken, voisins_member_get_id (m)))
        return i;
    }
  g_assert_not_reached ();
}

typedef struct
{
  VoisinsHolidayPage       *page;
  VoisinsHolidayMatchState  state;
  guint                     count;
} StateCount;

/* The page has reloaded after a change: its dashboard counts @count matches in @state. */
static gboolean
dashboard_has (gpointer data)
{
  StateCount *sc = data;
  VoisinsHolidayDashboard d;

  if (voisins_holiday_page_get_loading (sc->page))
    return FALSE;
  voisins_holiday_page_get_dashboard (sc->page, &d);
  return d.by_state[sc->state] == sc->count;
}

static void
refresh_and_wait (VoisinsHolidayPage *page)
{
  vt_spin (50);
  g_assert_true (vt_wait_until (page_loaded, page, 10000));
}

/* The first widget under @root that is a row whose subtitle contains @text. */
static GtkWidget *
find_row_with_subtitle (GtkWidget  *root,
                        const char *text)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (w) && !ADW_IS_COMBO_ROW (w))
        {
          const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (w));

          if (subtitle != NULL && strstr (subtitle, text) != NULL)
            return w;
        }
      if ((found = find_row_with_subtitle (w, text)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)),
                                          action) == 0)
        return w;
      if ((found = find_button_with_action (w, action)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} FindData;

static gboolean
row_shown (gpointer data)
{
  FindData *fd = data;

  return find_row_with_subtitle (fd->root, fd->text) != NULL;
}

typedef struct
{
  VoisinsStore             *store;
  const char               *association_id;
  const char               *guest_id;
  VoisinsHolidayMatchState  state;
  char                     *match_id;
} MatchWait;

static gboolean
match_in_state (gpointer data)
{
  MatchWait *mw = data;
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (mw->store, mw->association_id,
                                                                      1u << mw->state, NULL);

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (matches, i);

      if (g_strcmp0 (m->guest_id, mw->guest_id) == 0)
        {
          g_free (mw->match_id);
          mw->match_id = g_strdup (m->id);
          return TRUE;
        }
    }
  return FALSE;
}

static char *
normalize_space (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (re, text, -1, 0, " ", 0, NULL);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return normalize_space (out);
}

static void
pdf_to_png (const char *pdf,
            const char *name)
{
  g_autofree char *prefix = vt_artifact (name);
  const char *argv[] = { "pdftoppm", "-png", "-r", "60", "-singlefile", pdf, prefix, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("letter image: %s.png", prefix);
}

static VoisinsStore *clear_store;
static VoisinsStore *feedback_store;
static const char *feedback_id;

static gboolean
no_dialog (gpointer data)
{
  return voisins_holiday_page_get_dialog (data) == NULL;
}

static gboolean
feedback_saved (gpointer data)
{
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (feedback_store, NULL, 0, NULL);

  for (guint i = 0; matches && i < matches->len; i++)
    {
      VoisinsHolidayMatch *m = matches->pdata[i];

      if (g_strcmp0 (m->id, feedback_id) == 0)
        return g_strcmp0 (m->feedback, "A lovely evening; they will meet again in January.") == 0;
    }
  return FALSE;
}

static gboolean
campaign_smaller (gpointer data)
{
  const VoisinsHolidayDashboard *before = data;

  return voisins_store_count_holiday_hosts (clear_store, NULL) < before->hosts &&
         voisins_store_count_holiday_guests (clear_store, NULL) < before->guests;
}

/* What the steps of a campaign leave for the next ones. */
typedef struct
{
  VoisinsHolidayPage      *page;
  VoisinsHolidayDashboard  before;
  VoisinsHolidayDashboard  after_intake;
  VoisinsHolidayDashboard  after;
  VoisinsMember           *host_member;
  VoisinsMember           *guest_member;
  char                    *guest_id;
  MatchWait                mw;
} Campaign;

static void
campaign_clear (Campaign *c)
{
  g_clear_object (&c->host_member);
  g_clear_object (&c->guest_member);
  g_clear_pointer (&c->guest_id, g_free);
  g_clear_pointer (&c->mw.match_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Campaign, campaign_clear)

/* Ctrl+4's action shows the page and its dashboard. */
static void
open_page (Fixture  *fixture,
           Campaign *c)
{
  VoisinsWindow *window = fixture->window;
  VoisinsHolidayPage *page;
  AdwViewStack *view_stack;

  view_stack = ADW_VIEW_STACK (vt_child (window, VOISINS_TYPE_WINDOW, "view_stack"));
  c->page = page = VOISINS_HOLIDAY_PAGE (vt_child (window, VOISINS_TYPE_WINDOW, "holiday_page"));

  /* Ctrl+4's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "holiday"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "holiday");
  refresh_and_wait (page);
  voisins_holiday_page_get_dashboard (page, &c->before);
  g_assert_cmpuint (c->before.hosts, >, 0);
  g_assert_cmpuint (c->before.guests, >, 0);
  vt_save_png (GTK_WIDGET (window), "holiday-dashboard.png");
}

/* A host and a guest through the intake dialogs' real widgets, with their refusals. */
static void
record_host_and_guest (Fixture  *fixture,
                       Campaign *c)
{
  const char *association_id = voisins_association_get_id (fixture->association);
  VoisinsHolidayPage *page = c->page;
  VoisinsHolidayIntakeDialog *dialog;
  GtkWidget *error_label;
  GtkDropDown *dropdown;
  GListModel *members;
  g_autoptr(GPtrArray) guests = NULL;
  g_autoptr(GError) error = NULL;
  guint host_index, guest_index;

  /* A host, through the dialog's real widgets. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.add-host", NULL));
  dialog = VOISINS_HOLIDAY_INTAKE_DIALOG (voisins_holiday_page_get_dialog (page));
  g_assert_nonnull (dialog);
  dropdown =
      GTK_DROP_DOWN (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "member_dropdown"));
  members = gtk_drop_down_get_model (dropdown);
  g_assert_true (vt_wait_until (has_items, members, 5000));

  /* Nothing chosen: refused, with a message in the dialog. */
  error_label = vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "error_label");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  vt_spin (50);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("refused with: %s", gtk_label_get_label (GTK_LABEL (error_label)));

  host_index = free_member (fixture->store, association_id, members, 0);
  c->host_member = g_list_model_get_item (members, host_index);
  gtk_drop_down_set_selected (dropdown, host_index);
  vt_spin (50);
  /* Still no meal: the store's own words. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, "Choose at least one meal");
  gtk_check_button_set_active (voisins_holiday_intake_dialog_get_slot_check (dialog, VOISINS_HOLIDAY_SLOT_DEC24_EVENING), TRUE);
  gtk_spin_button_set_value (
      GTK_SPIN_BUTTON (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "seats_spin")), 3);
  gtk_check_button_set_active (
      voisins_holiday_intake_dialog_get_diet_check (dialog, VOISINS_DIET_VEGETARIAN), TRUE);
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "step_free_check")),
      TRUE);
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "can_fetch_check")),
      TRUE);
  gtk_editable_set_text (
      GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "languages_row")),
      "fr, PT");
  vt_spin (50);
  g_assert_false (gtk_widget_get_visible (error_label));
  vt_save_png (GTK_WIDGET (dialog), "holiday-host-dialog.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  g_assert_true (vt_wait_until (dialog_closed, page, 5000));
  refresh_and_wait (page);

  /* A guest: needs a vegetarian meal, to be fetched, speaks Portuguese; consent by phone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.add-guest", NULL));
  dialog = VOISINS_HOLIDAY_INTAKE_DIALOG (voisins_holiday_page_get_dialog (page));
  dropdown =
      GTK_DROP_DOWN (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "member_dropdown"));
  error_label = vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "error_label");
  guest_index = free_member (fixture->store, association_id, members, host_index + 1);
  c->guest_member = g_list_model_get_item (members, guest_index);
  gtk_drop_down_set_selected (dropdown, guest_index);
  gtk_check_button_set_active (voisins_holiday_intake_dialog_get_slot_check (dialog, VOISINS_HOLIDAY_SLOT_DEC24_EVENING), TRUE);
  gtk_check_button_set_active (voisins_holiday_intake_dialog_get_diet_check (dialog, VOISINS_DIET_VEGETARIAN), TRUE);
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "needs_fetch_check")),
      TRUE);
  gtk_editable_set_text (
      GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "languages_row")), "pt");
  /* Without consent: refused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  vt_spin (50);
  g_assert_true (gtk_widget_get_visible (error_label));
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "consent_check")),
      TRUE);
  vt_spin (50);
  g_assert_false (gtk_widget_get_visible (error_label));
  vt_save_png (GTK_WIDGET (dialog), "holiday-guest-dialog.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  g_assert_true (vt_wait_until (dialog_closed, page, 5000));
  refresh_and_wait (page);

  voisins_holiday_page_get_dashboard (page, &c->after_intake);
  g_assert_cmpuint (c->after_intake.hosts, ==, c->before.hosts + 1);
  g_assert_cmpuint (c->after_intake.guests, ==, c->before.guests + 1);
  g_assert_cmpuint (c->after_intake.guests_waiting, ==, c->before.guests_waiting + 1);

  guests = voisins_store_list_holiday_guests (fixture->store, association_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);

      if (g_strcmp0 (p->guest->member_id, voisins_member_get_id (c->guest_member)) == 0)
        {
          c->guest_id = g_strdup (p->guest->id);
          g_assert_true (g_str_equal (p->guest->languages, "pt"));
          g_assert_true (p->guest->needs_fetch);
          g_assert_nonnull (strstr (p->guest->notes, "Consent given by phone"));
        }
    }
  g_assert_nonnull (c->guest_id);
}

/* "Find a table", propose with the row's button, then the calls up to the confirmation. */
static void
propose_and_confirm (Fixture  *fixture,
                     Campaign *c)
{
  VoisinsWindow *window = fixture->window;
  const char *association_id = voisins_association_get_id (fixture->association);
  VoisinsHolidayPage *page = c->page;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsHolidaySuggestion *best;
  GtkWidget *row, *button;
  FindData fd;

  /* "Find a table": the ranked suggestions, with the reason in words. */
  suggestions = voisins_store_suggest_holiday_hosts (fixture->store, c->guest_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >, 0);
  best = g_ptr_array_index (suggestions, 0);
  g_test_message ("best reason: %s", best->reason);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (page), "holiday.find-table", "s", c->guest_id));
  fd.root = GTK_WIDGET (page);
  fd.text = best->reason;
  g_assert_true (vt_wait_until (row_shown, &fd, 5000));
  row = find_row_with_subtitle (GTK_WIDGET (page), best->reason);
  button = find_button_with_action (row, "holiday.propose");
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  vt_save_png (GTK_WIDGET (window), "holiday-suggestions.png");

  /* Propose with the row's real button, then the calls and the confirmation. */
  g_signal_emit_by_name (button, "clicked");
  c->mw.store = fixture->store;
  c->mw.association_id = association_id;
  c->mw.guest_id = c->guest_id;
  c->mw.state = VOISINS_HOLIDAY_MATCH_PROPOSED;
  g_assert_true (vt_wait_until (match_in_state, &c->mw, 5000));
  {
    StateCount sc = { page, VOISINS_HOLIDAY_MATCH_PROPOSED,
                      c->after_intake.by_state[VOISINS_HOLIDAY_MATCH_PROPOSED] + 1 };

    g_assert_true (vt_wait_until (dashboard_has, &sc, 5000));
  }

  for (VoisinsHolidayMatchState s = VOISINS_HOLIDAY_MATCH_HOST_CALLED;
       s <= VOISINS_HOLIDAY_MATCH_CONFIRMED; s++)
    {
      g_autofree char *target = g_strdup_printf ("%s|%s|%s", c->mw.match_id,
                                                 voisins_holiday_match_state_to_string (s),
                                                 voisins_holiday_match_state_to_string (s - 1));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.set-state", "s", target));
      StateCount sc = { page, s, c->after_intake.by_state[s] + 1 };

      c->mw.state = s;
      g_assert_true (vt_wait_until (match_in_state, &c->mw, 5000));
      g_assert_true (vt_wait_until (dashboard_has, &sc, 5000));
    }

  voisins_holiday_page_get_dashboard (page, &c->after);
  g_assert_cmpuint (c->after.by_state[VOISINS_HOLIDAY_MATCH_CONFIRMED], ==,
                    c->after_intake.by_state[VOISINS_HOLIDAY_MATCH_CONFIRMED] + 1);
  g_assert_cmpuint (c->after.guests_placed, ==, c->after_intake.guests_placed + 1);
  g_assert_cmpuint (c->after.guests_confirmed, ==, c->after_intake.guests_confirmed + 1);
  g_assert_cmpuint (c->after.guests_waiting, ==, c->after_intake.guests_waiting - 1);
  g_assert_cmpuint (c->after.seats_left, ==, c->after_intake.seats_left - 1);
  gtk_stack_set_visible_child_name (
      GTK_STACK (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "tabs_stack")), "matches");
  vt_save_png (GTK_WIDGET (window), "holiday-matches.png");
  gtk_stack_set_visible_child_name (
      GTK_STACK (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "tabs_stack")), "calls");
  vt_save_png (GTK_WIDGET (window), "holiday-calls.png");
}

static void
test_intake (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_auto(Campaign) c = { 0 };

  open_page (fixture, &c);
  record_host_and_guest (fixture, &c);
}

static void
test_follow_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(Campaign) c = { 0 };

  open_page (fixture, &c);
  record_host_and_guest (fixture, &c);
  propose_and_confirm (fixture, &c);
}

/* The letters and the call sheet, to PDF with no printer, read back. */
static void
test_letters (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(Campaign) c = { 0 };
  g_autoptr(GError) error = NULL;

  open_page (fixture, &c);
  record_host_and_guest (fixture, &c);
  propose_and_confirm (fixture, &c);
  /* Every letter says how to reach the association (issue 11). */
  voisins_association_set_phone (fixture->association, "01 43 43 00 00");
  voisins_association_set_address (fixture->association, "4 rue Traversière, 75012 Paris");
  voisins_association_set_email (fixture->association, "contact@voisins.example");

  /* The letters, to PDF, with no printer. */
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(VoisinsHolidayLetter) letter = NULL;
      g_autofree char *pdf =
          vt_artifact (k == 0 ? "holiday-letter-guest.pdf" : "holiday-letter-host.pdf");
      g_autofree char *text = NULL;
      g_autofree char *date = NULL;

      letter = voisins_holiday_letter_new_for_match (fixture->store, fixture->association,
                                                     c.mw.match_id, k, "test", &error);
      g_assert_no_error (error);
      g_assert_true (voisins_holiday_letter_write_pdf (letter, pdf, &error));
      g_assert_no_error (error);
      if (g_find_program_in_path ("pdftotext") == NULL)
        {
          g_test_message ("pdftotext missing: letter text not checked");
          continue;
        }
      text = pdf_text (pdf);
      date = normalize_space (letter->date);
      g_test_message ("letter: %s", text);
      g_assert_nonnull (
          strstr (text, voisins_member_get_first_name (k == 0 ? c.guest_member : c.host_member)));
      g_assert_nonnull (
          strstr (text, voisins_member_get_first_name (k == 0 ? c.host_member : c.guest_member)));
      g_assert_nonnull (strstr (text, date));
      g_assert_nonnull (strstr (text, "24"));
      g_assert_nonnull (strstr (text, "01 43 43 00 00"));
      g_assert_nonnull (strstr (text, "4 rue Traversière, 75012 Paris"));
      g_assert_nonnull (strstr (text, "contact@voisins.example"));
      if (k == 0)
        g_assert_nonnull (strstr (text, voisins_member_get_address (c.host_member)));
      else
        g_assert_nonnull (strstr (text, voisins_member_get_address (c.guest_member)));
      pdf_to_png (pdf, k == 0 ? "holiday-letter-guest" : "holiday-letter-host");
    }

  /* The call sheet, to PDF. */
  {
    g_autoptr(GPtrArray) calls = voisins_holiday_calls_from_store (fixture->store, fixture->association,
                                                                    "test", &error);
    g_autoptr(VoisinsHolidayDocument) doc = NULL;
    g_autofree char *pdf = vt_artifact ("holiday-calls.pdf");

    g_assert_no_error (error);
    doc = voisins_holiday_document_new_call_sheet (g_steal_pointer (&calls),
                                                   voisins_association_get_name (fixture->association));
    g_assert_true (voisins_holiday_document_write_pdf (doc, pdf, &error));
    g_assert_no_error (error);
    if (g_find_program_in_path ("pdftoppm") != NULL)
      pdf_to_png (pdf, "holiday-calls-sheet");
  }
}

static void
test_map_and_plan (Fixture       *fixture,
                   gconstpointer  user_data)
{
  VoisinsWindow *window = fixture->window;
  g_auto(Campaign) c = { 0 };
  VoisinsHolidayPage *page;

  open_page (fixture, &c);
  record_host_and_guest (fixture, &c);
  propose_and_confirm (fixture, &c);
  page = c.page;

  /* On the map: toggled, with its own icons and a line per live match. */
  g_object_set (page, "show-on-map", TRUE, NULL);
  {
    VoisinsHolidayLayer *layer = voisins_holiday_page_get_layer (page);

    /* The map is built when asked for, and the plan read again to draw it. */
    g_assert_nonnull (layer);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (layer)));
    g_assert_true (vt_wait_until (page_loaded, page, 10000));
    g_assert_cmpuint (voisins_holiday_layer_get_n_hosts (layer), ==, c.after.hosts);
    g_assert_cmpuint (voisins_holiday_layer_get_n_guests (layer), ==, c.after.guests);
    g_assert_cmpuint (voisins_holiday_layer_get_n_links (layer), >=, 1);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "map");
  vt_save_png (GTK_WIDGET (window), "holiday-map.png");

  /* "Propose for everyone": the plan, shown c.before anything is proposed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "holiday");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.plan", NULL));
  g_assert_true (vt_wait_until ((CondFunc) voisins_holiday_page_get_dialog, page, 10000));
  vt_save_png (GTK_WIDGET (voisins_holiday_page_get_dialog (page)), "holiday-plan.png");
  gtk_window_destroy (voisins_holiday_page_get_dialog (page));
}

/* How the meal went, then the campaign cleared by the coordinator. */
static void
test_after_the_meal (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto(Campaign) c = { 0 };
  g_autoptr(GError) error = NULL;
  VoisinsHolidayPage *page;

  open_page (fixture, &c);
  record_host_and_guest (fixture, &c);
  propose_and_confirm (fixture, &c);
  page = c.page;

  /* After the meal: how it went, through the page's own dialog. */
  g_assert_true (voisins_store_set_holiday_match_state (fixture->store, c.mw.match_id,
                                                        VOISINS_HOLIDAY_MATCH_DONE, &error));
  g_assert_no_error (error);
  refresh_and_wait (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.feedback", "s",
                                             c.mw.match_id));
  g_assert_true (vt_wait_until ((CondFunc) voisins_holiday_page_get_dialog, page, 10000));
  {
    AdwMessageDialog *ask = ADW_MESSAGE_DIALOG (voisins_holiday_page_get_dialog (page));
    GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (ask));

    gtk_editable_set_text (entry, "A lovely evening; they will meet again in January.");
    vt_save_png (GTK_WIDGET (ask), "holiday-feedback.png");
    adw_message_dialog_response (ask, "save");
    gtk_window_destroy (GTK_WINDOW (ask));  /* what the dialog's own button does */
  }
  feedback_store = fixture->store;
  feedback_id = c.mw.match_id;
  g_assert_true (vt_wait_until (feedback_saved, NULL, 10000));

  /* After the holidays: the coordinator clears the campaign, having seen what goes. */
  clear_store = fixture->store;
  g_assert_true (vt_wait_until (no_dialog, page, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "holiday.clear", NULL));
  g_assert_true (vt_wait_until ((CondFunc) voisins_holiday_page_get_dialog, page, 10000));
  {
    AdwMessageDialog *clear = ADW_MESSAGE_DIALOG (voisins_holiday_page_get_dialog (page));
    const char *body = adw_message_dialog_get_body (clear);

    g_test_message ("clear: %s", body);
    g_assert_nonnull (strstr (body, "hosts"));
    g_assert_nonnull (strstr (body, "guests"));
    g_assert_nonnull (strstr (body, "cannot be undone"));
    vt_save_png (GTK_WIDGET (clear), "holiday-clear.png");
    adw_message_dialog_response (clear, "clear");
    gtk_window_destroy (GTK_WINDOW (clear));
  }
  /* What was sent is gone here; what waits to be sent goes with the server's purge. */
  g_assert_true (vt_wait_until (campaign_smaller, &c.after, 10000));
  {
    g_autoptr(GPtrArray) outbox = voisins_store_peek_outbox (fixture->store, 1000, 1 << 24, NULL);
    VoisinsOutboxEntry *last = outbox->pdata[outbox->len - 1];

    g_assert_cmpstr (last->name, ==, "holiday.purge");
  }
}

typedef struct
{
  VoisinsStore *store;
  const char   *association_id;
  const char   *match_id;
} ApproveWait;

static gboolean
match_approved (gpointer data)
{
  ApproveWait *aw = data;
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (aw->store, aw->association_id,
                                                                      0, NULL);

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (matches, i);

      if (g_strcmp0 (m->id, aw->match_id) == 0)
        return !voisins_holiday_match_is_waiting (m);
    }
  return FALSE;
}

/* A match a volunteer proposed, as a pull brings it: followed, not approved yet. */
static VoisinsHolidayMatch *
put_waiting_match (Fixture    *fixture,
                   const char *association_id)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsHolidayMatch *m;

  matches = voisins_store_list_holiday_matches (fixture->store, association_id,
                                                (1u << VOISINS_HOLIDAY_MATCH_PROPOSED) |
                                                (1u << VOISINS_HOLIDAY_MATCH_HOST_CALLED) |
                                                (1u << VOISINS_HOLIDAY_MATCH_CONFIRMED),
                                                &error);
  g_assert_no_error (error);
  if (matches->len == 0)
    {
      g_autoptr(GPtrArray) guests = voisins_store_list_holiday_guests (fixture->store,
                                                                        association_id, &error);

      for (guint i = 0; i < guests->len; i++)
        {
          VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);
          g_autoptr(GPtrArray) sugg = voisins_store_suggest_holiday_hosts (fixture->store,
                                                                            p->guest->id, 1, NULL);
          g_autofree char *id = NULL;

          if (sugg == NULL || sugg->len == 0)
            continue;
          id = voisins_store_propose_holiday_match (
              fixture->store, ((VoisinsHolidaySuggestion *) sugg->pdata[0])->host_id, p->guest->id,
              ((VoisinsHolidaySuggestion *) sugg->pdata[0])->slot, NULL);
          if (id != NULL)
            break;
        }
      g_clear_pointer (&matches, g_ptr_array_unref);
      matches = voisins_store_list_holiday_matches (fixture->store, association_id,
                                                    1u << VOISINS_HOLIDAY_MATCH_PROPOSED, &error);
    }
  g_assert_cmpuint (matches->len, >, 0);
  m = g_ptr_array_steal_index (matches, 0);
  m->state = VOISINS_HOLIDAY_MATCH_PROPOSED;
  g_free (m->follower_id);
  m->follower_id = g_strdup ("7f1d2a3b-0000-4000-8000-00000000beef");
  g_clear_pointer (&m->approved_by, g_free);
  m->approved_at = 0;
  g_assert_true (voisins_store_put_holiday_match (fixture->store, m, &error));
  g_assert_no_error (error);
  return m;
}

/* Issue 10: a coordinator approves a volunteer's proposal from the matches list; the
 * volunteer sees it waits for a coordinator, with nothing to move on. */
static void
test_approve (Fixture       *fixture,
              gconstpointer  user_data)
{
  VoisinsWindow *window = fixture->window;
  const char *association_id = voisins_association_get_id (fixture->association);
  g_autofree char *role_key = g_strconcat ("role:", association_id, NULL);
  g_autoptr(VoisinsHolidayMatch) m = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Campaign) c = { 0 };
  GtkWidget *row, *button;
  GtkStack *tabs;
  FindData fd;

  g_assert_true (voisins_store_set_meta (fixture->store, role_key, "coordinator", &error));
  g_assert_true (voisins_store_set_user_id (fixture->store, "7f1d2a3b-0000-4000-8000-00000000c00d",
                                            &error));
  g_assert_no_error (error);
  m = put_waiting_match (fixture, association_id);
  open_page (fixture, &c);
  /* The window may have opened on this page (the last view is remembered) and read the
   * campaign before the match was put. */
  voisins_holiday_page_refresh (c.page);
  refresh_and_wait (c.page);
  tabs = GTK_STACK (vt_child (c.page, VOISINS_TYPE_HOLIDAY_PAGE, "tabs_stack"));
  gtk_stack_set_visible_child_name (tabs, "matches");
  fd.root = GTK_WIDGET (c.page);
  fd.text = "approve it so that they can make the calls";
  g_assert_true (vt_wait_until (row_shown, &fd, 5000));
  row = find_row_with_subtitle (GTK_WIDGET (c.page), fd.text);
  button = find_button_with_action (row, "holiday.approve");
  g_assert_nonnull (button);
  g_assert_nonnull (find_button_with_action (row, "holiday.set-state"));
  gtk_widget_grab_focus (button);
  vt_save_png (GTK_WIDGET (window), "holiday-approve.png");

  g_signal_emit_by_name (button, "clicked");
  {
    ApproveWait aw = { fixture->store, association_id, m->id };

    g_assert_true (vt_wait_until (match_approved, &aw, 5000));
  }
  {
    g_autoptr(GPtrArray) pending = voisins_store_peek_outbox (fixture->store, 100, G_MAXSIZE,
                                                              &error);
    VoisinsOutboxEntry *last;

    g_assert_no_error (error);
    last = g_ptr_array_index (pending, pending->len - 1);
    g_assert_cmpstr (last->name, ==, "holiday.match.approve");
    g_assert_cmpstr (last->entity_id, ==, m->id);
  }
  refresh_and_wait (c.page);
  g_assert_null (find_row_with_subtitle (GTK_WIDGET (c.page), fd.text));

  /* The volunteer's side: waiting, and no button to move it on. */
  g_assert_true (voisins_store_set_meta (fixture->store, role_key, "volunteer", &error));
  g_clear_pointer (&m, voisins_holiday_match_free);
  m = put_waiting_match (fixture, association_id);
  voisins_holiday_page_refresh (c.page);
  refresh_and_wait (c.page);
  fd.text = "Waiting for a coordinator to approve it";
  g_assert_true (vt_wait_until (row_shown, &fd, 5000));
  row = find_row_with_subtitle (gtk_stack_get_child_by_name (tabs, "matches"), fd.text);
  g_assert_nonnull (row);
  g_assert_null (find_button_with_action (row, "holiday.approve"));
  g_assert_null (find_button_with_action (row, "holiday.set-state"));
  vt_save_png (GTK_WIDGET (window), "holiday-waiting.png");
  gtk_stack_set_visible_child_name (tabs, "calls");
  row = find_row_with_subtitle (gtk_stack_get_child_by_name (tabs, "calls"), fd.text);
  g_assert_nonnull (row);
  g_assert_null (find_button_with_action (row, "holiday.set-state"));
  vt_save_png (GTK_WIDGET (window), "holiday-waiting-calls.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/holiday-ui/intake", test_intake);
  ADD ("/holiday-ui/follow-up", test_follow_up);
  ADD ("/holiday-ui/letters", test_letters);
  ADD ("/holiday-ui/map-and-plan", test_map_and_plan);
  ADD ("/holiday-ui/after-the-meal", test_after_the_meal);
  ADD ("/holiday-ui/approve", test_approve);

#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
