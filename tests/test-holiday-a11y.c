/* test-holiday-a11y.c: the holiday page as a screen reader and a keyboard meet it (issue 17),
 * and at 1.5x text, in the real window under Xvfb (GTK_A11Y=test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-match.h"
#include "voisins-holiday-page.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

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
has_dialog (gpointer data)
{
  return voisins_holiday_page_get_dialog (data) != NULL;
}

static void
refresh_and_wait (VoisinsHolidayPage *page)
{
  voisins_holiday_page_refresh (page);
  vt_spin (50);
  g_assert_true (vt_wait_until (page_loaded, page, 10000));
  vt_spin (100);
}

/* The demo's campaign with matches at every step: the plan proposed, then one host said
 * yes, one guest said yes, one meal done, one declined. Returns the proposed matches' ids. */
static GPtrArray *
campaign_at_every_step (Fixture *fixture)
{
  const char *association_id = voisins_association_get_id (fixture->association);
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  plan = voisins_store_plan_holiday (fixture->store, association_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->len, >=, 6);
  for (guint i = 0; i < 6; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (plan, i);
      char *id = voisins_store_propose_holiday_match (fixture->store, sg->host_id, sg->guest_id,
                                                      sg->slot, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  g_assert_true (voisins_store_set_holiday_match_state (fixture->store, ids->pdata[1],
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
  for (guint i = 2; i < 4; i++)
    {
      g_assert_true (voisins_store_set_holiday_match_state (
          fixture->store, ids->pdata[i], VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
      g_assert_true (voisins_store_set_holiday_match_state (
          fixture->store, ids->pdata[i], VOISINS_HOLIDAY_MATCH_CONFIRMED, &error));
    }
  g_assert_true (voisins_store_set_holiday_match_state (fixture->store, ids->pdata[3],
                                                        VOISINS_HOLIDAY_MATCH_DONE, &error));
  g_assert_true (voisins_store_set_holiday_match_state (fixture->store, ids->pdata[4],
                                                        VOISINS_HOLIDAY_MATCH_DECLINED, &error));
  g_assert_no_error (error);
  return ids;
}

static VoisinsHolidayPage *
open_page (Fixture *fixture)
{
  VoisinsWindow *window = fixture->window;
  VoisinsHolidayPage *page;

  page = VOISINS_HOLIDAY_PAGE (vt_child (window, VOISINS_TYPE_WINDOW, "holiday_page"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "holiday"));
  refresh_and_wait (page);
  return page;
}

static void
show_tab (VoisinsHolidayPage *page,
          const char         *name)
{
  GtkStack *tabs = GTK_STACK (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "tabs_stack"));

  gtk_stack_set_visible_child_name (tabs, name);
  vt_spin (100);
}

static void
assert_tree_named (GtkWidget  *root,
                   const char *what)
{
  guint n = 0;
  g_autofree char *problems = vt_a11y_check_tree (root, &n);

  g_test_message ("%s: %u interactive elements checked", what, n);
  if (problems != NULL)
    g_error ("%s: the accessible tree has problems:\n%s", what, problems);
  g_assert_cmpuint (n, >, 5);
}

/* The accessible label of @widget (GTK 4.8 has no getter: see ui-helpers.c). */
static char *
label_of (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "\x01");
}

/* ", host said yes": a state as a row's name ends, in the UI's language. */
static char *
state_suffix (VoisinsHolidayMatchState state)
{
  g_autofree char *lower = g_utf8_strdown (voisins_holiday_match_state_label (state), -1);

  return g_strconcat (", ", lower, NULL);
}

/* A button's name: its label in the UI's language, without the underscore. */
static char *
button_name (const char *msgid)
{
  GString *out = g_string_new (NULL);

  for (const char *p = g_dgettext (GETTEXT_PACKAGE, msgid); *p; p++)
    if (*p != '_')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* The holiday rows are flat: a list item holds no list. */
static void
assert_flat (GtkWidget *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_ROLE_LIST_ITEM);
      g_assert_false (ADW_IS_EXPANDER_ROW (row));
    }
}

static GtkListBoxRow *
row_of (GtkListBox *list,
        const char *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "voisins-id"), id) == 0)
      return row;
  return NULL;
}

/* Every holiday screen, walked as a screen reader would: each interactive element named in
 * words, no underscore, flat rows, a row saying the person and the step. */
static void
test_tree (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) ids = campaign_at_every_step (fixture);
  VoisinsHolidayPage *page = open_page (fixture);
  GtkListBox *matches = GTK_LIST_BOX (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "matches_list"));
  GtkListBox *calls = GTK_LIST_BOX (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "calls_list"));
  GtkListBox *waiting = GTK_LIST_BOX (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "waiting_list"));
  const char *tabs[] = { "waiting", "matches", "calls" };
  GtkWindow *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      g_autofree char *png = g_strdup_printf ("holiday-a11y-%s.png", tabs[i]);

      show_tab (page, tabs[i]);
      assert_tree_named (GTK_WIDGET (page), tabs[i]);
      vt_save_png (GTK_WIDGET (fixture->window), png);
    }
  assert_flat (GTK_WIDGET (waiting));
  assert_flat (GTK_WIDGET (matches));
  assert_flat (GTK_WIDGET (calls));

  /* A row says who and which step, in words: "… , host said yes". */
  {
    g_autofree char *proposed = label_of (GTK_WIDGET (row_of (matches, ids->pdata[0])));
    g_autofree char *host_yes = label_of (GTK_WIDGET (row_of (matches, ids->pdata[1])));
    g_autofree char *call = label_of (GTK_WIDGET (row_of (calls, ids->pdata[1])));

    g_test_message ("rows: “%s”, “%s”, “%s”", proposed, host_yes, call);
    g_autofree char *s_proposed = state_suffix (VOISINS_HOLIDAY_MATCH_PROPOSED);
    g_autofree char *s_host_yes = state_suffix (VOISINS_HOLIDAY_MATCH_HOST_CALLED);

    g_assert_nonnull (proposed);
    g_assert_true (g_str_has_suffix (proposed, s_proposed));
    g_assert_true (g_str_has_suffix (host_yes, s_host_yes));
    g_assert_true (g_str_has_suffix (call, s_host_yes));
    g_assert_null (strchr (host_yes, '_'));
  }

  /* The intake dialogs start on their first field and are named too. */
  for (guint k = 0; k < 2; k++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page),
                                                 k == 0 ? "holiday.add-host" : "holiday.add-guest",
                                                 NULL));
      dialog = voisins_holiday_page_get_dialog (page);
      g_assert_nonnull (dialog);
      vt_spin (200);
      g_assert_true (gtk_window_get_focus (dialog) ==
                         vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "member_dropdown") ||
                     gtk_widget_is_ancestor (
                         gtk_window_get_focus (dialog),
                         vt_child (dialog, VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG, "member_dropdown")));
      assert_tree_named (GTK_WIDGET (dialog), k == 0 ? "host dialog" : "guest dialog");
      vt_save_png (GTK_WIDGET (dialog), k == 0 ? "holiday-a11y-host-dialog.png"
                                               : "holiday-a11y-guest-dialog.png");
      gtk_window_destroy (dialog);
      vt_spin (100);
    }

  /* The questions the page asks: propose for everyone, how the meal went, clear the table;
   * "How did it go?" starts in its field. */
  {
    struct { const char *action; const char *target; const char *what; } asks[] = {
      { "holiday.plan", NULL, "plan dialog" },
      { "holiday.feedback", ids->pdata[3], "feedback dialog" },
      { "holiday.clear", NULL, "clear dialog" },
    };

    for (guint k = 0; k < G_N_ELEMENTS (asks); k++)
      {
        guint n = 0;
        g_autofree char *problems = NULL;

        if (asks[k].target != NULL)
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), asks[k].action, "s",
                                                     asks[k].target));
        else
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), asks[k].action, NULL));
        g_assert_true (vt_wait_until (has_dialog, page, 5000));
        dialog = voisins_holiday_page_get_dialog (page);
        vt_spin (200);
        problems = vt_a11y_check_tree (GTK_WIDGET (dialog), &n);
        g_test_message ("%s: %u interactive elements checked", asks[k].what, n);
        if (problems != NULL)
          g_error ("%s: the accessible tree has problems:\n%s", asks[k].what, problems);
        g_assert_cmpuint (n, >=, 2);
        if (k == 1)
          g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (dialog)) ||
                         GTK_IS_ENTRY (gtk_window_get_focus (dialog)));
        gtk_window_destroy (dialog);
        vt_spin (100);
      }
  }
}

static gboolean
focus_in_row_of (gpointer data)
{
  gpointer *args = data;
  GtkListBox *list = args[0];
  GtkListBoxRow *row = row_of (list, args[1]);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (list)));

  return row != NULL && focus != NULL &&
         (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));
}

typedef struct
{
  VoisinsStore             *store;
  const char               *association_id;
  const char               *id;
  VoisinsHolidayMatchState  state;
} MatchState;

static gboolean
match_in_state (gpointer data)
{
  MatchState *ms = data;
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (ms->store, ms->association_id,
                                                                      1u << ms->state, NULL);

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    if (g_str_equal (((VoisinsHolidayMatch *) matches->pdata[i])->id, ms->id))
      return TRUE;
  return FALSE;
}

/* The focus on a button of that row: the step's callback has put it back. */
static gboolean
focus_on_button_of (gpointer data)
{
  gpointer *args = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (args[0])));

  return focus_in_row_of (data) && GTK_IS_BUTTON (focus);
}

static gboolean
key (GtkWidget *list,
     guint      keyval,
     GdkModifierType state)
{
  gboolean handled = FALSE;

  /* The list's own key controller, as a key press reaches it. */
  for (guint i = 0; i < g_list_model_get_n_items (gtk_widget_observe_controllers (list)); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (gtk_widget_observe_controllers (list), i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
      if (handled)
        break;
    }
  return handled;
}

/* A holiday step by keyboard alone: Enter on the call's row says the host said yes, the
 * focus lands on the same row's next step ("Guest Said Yes"), Tab leaves the list in one
 * stop; and the step's toast has an Undo. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) ids = campaign_at_every_step (fixture);
  VoisinsHolidayPage *page = open_page (fixture);
  GtkListBox *calls = GTK_LIST_BOX (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "calls_list"));
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GtkListBoxRow *row;
  GtkWidget *focus;
  gpointer args[2] = { calls, ids->pdata[0] };
  MatchState state = { fixture->store, voisins_association_get_id (fixture->association),
                       ids->pdata[0], VOISINS_HOLIDAY_MATCH_PROPOSED };
  g_autofree char *png = NULL;

  show_tab (page, "calls");
  row = row_of (calls, ids->pdata[0]);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (row));
  /* As after a key press: the focus ring is drawn (the pointer is nowhere near). */
  gtk_window_set_focus_visible (window, TRUE);
  vt_spin (100);
  vt_save_png (GTK_WIDGET (window), "holiday-a11y-focus-row.png");

  /* Enter: the row's main action. */
  g_assert_true (key (GTK_WIDGET (calls), GDK_KEY_Return, 0));
  state.state = VOISINS_HOLIDAY_MATCH_HOST_CALLED;
  g_assert_true (vt_wait_until (match_in_state, &state, 5000));
  g_assert_true (vt_wait_until (page_loaded, page, 10000));
  /* The focus is on the same match's next step, not lost. */
  g_assert_true (vt_wait_until (focus_on_button_of, args, 5000));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_test_message ("focus after the step: %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==,
                   "holiday.set-state");
  {
    g_autofree char *name = label_of (focus);
    g_autofree char *target = g_variant_dup_string (
        gtk_actionable_get_action_target_value (GTK_ACTIONABLE (focus)), NULL);

    g_autofree char *expected = button_name ("Guest Said _Yes");

    g_assert_cmpstr (name, ==, expected);
    g_assert_true (g_str_has_suffix (target, "|confirmed|host-called"));
  }
  png = g_strdup ("holiday-a11y-after-step.png");
  vt_save_png (GTK_WIDGET (window), png);

  /* The toast's Undo takes the step back, and the focus stays on that match. */
  {
    GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_TOAST_OVERLAY);
    GtkWidget *undo = NULL;

    g_assert_nonnull (overlay);
    for (GtkWidget *w = gtk_widget_get_first_child (overlay); w && !undo;
         w = gtk_widget_get_next_sibling (w))
      {
        /* The toast widget: its button says Undo. */
        GtkWidget *stack[64];
        guint n = 0;

        stack[n++] = w;
        while (n > 0 && !undo)
          {
            GtkWidget *x = stack[--n];

            if (GTK_IS_BUTTON (x) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (x)),
                                                g_dgettext (GETTEXT_PACKAGE, "_Undo")) == 0)
              undo = x;
            for (GtkWidget *c = gtk_widget_get_first_child (x); c && n < G_N_ELEMENTS (stack);
                 c = gtk_widget_get_next_sibling (c))
              stack[n++] = c;
          }
      }
    g_assert_nonnull (undo);
    g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row_of (calls, ids->pdata[0]))));
    g_signal_emit_by_name (undo, "clicked");
    vt_spin (300);
    g_assert_true (vt_wait_until (page_loaded, page, 10000));
    state.state = VOISINS_HOLIDAY_MATCH_PROPOSED;
    g_assert_true (vt_wait_until (match_in_state, &state, 5000));
    /* Back on the step's button: "Host Said Yes" again. */
    g_assert_true (vt_wait_until (focus_on_button_of, args, 5000));
    {
      g_autofree char *name = label_of (gtk_root_get_focus (GTK_ROOT (window)));
      g_autofree char *expected = button_name ("Host Said _Yes");

      g_assert_cmpstr (name, ==, expected);
    }
    g_assert_true (vt_wait_until (focus_in_row_of, args, 5000));
  }

  /* Tab leaves the list at once: one tab stop for the whole list. */
  row = row_of (calls, ids->pdata[0]);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (key (GTK_WIDGET (calls), GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (calls)));
  /* And Shift+Tab, backwards, from a row further down. */
  row = gtk_list_box_get_row_at_index (calls, 1);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (key (GTK_WIDGET (calls), GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (calls)));
}

/* At 1.5x text: the title fits (not four lines), the dashboard's captions are whole. */
static void
test_large_text (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr(GPtrArray) ids = campaign_at_every_step (fixture);
  VoisinsHolidayPage *page;
  GtkLabel *title;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (1.5 * 96 * 1024), NULL);
  page = open_page (fixture);
  show_tab (page, "matches");
  vt_spin (300);
  vt_save_png (GTK_WIDGET (fixture->window), "holiday-a11y-large-text.png");

  title = GTK_LABEL (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "title_label"));
  g_test_message ("title at 1.5x: %d lines",
                  pango_layout_get_line_count (gtk_label_get_layout (title)));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (title)), <=, 1);
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "placed_caption", "waiting_caption", "seats_caption",
                              "calls_caption" };
      GtkLabel *caption = GTK_LABEL (vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, names[i]));

      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (caption)));
    }
  g_object_set (settings, "gtk-xft-dpi", dpi > 0 ? dpi : 96 * 1024, NULL);
}

/* No call to make: a status page with room for its icon and words, not a squashed row. */
static void
test_empty_calls (Fixture       *fixture,
                  gconstpointer  user_data)
{
  VoisinsHolidayPage *page = open_page (fixture);
  GtkWidget *empty = vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "calls_empty");
  GtkWidget *list = vt_child (page, VOISINS_TYPE_HOLIDAY_PAGE, "calls_list");
  VoisinsHolidayDashboard d;

  voisins_holiday_page_get_dashboard (page, &d);
  g_assert_cmpuint (d.by_state[VOISINS_HOLIDAY_MATCH_PROPOSED] +
                        d.by_state[VOISINS_HOLIDAY_MATCH_HOST_CALLED],
                    ==, 0);
  show_tab (page, "calls");
  vt_spin (200);
  vt_save_png (GTK_WIDGET (fixture->window), "holiday-a11y-empty-calls.png");
  g_assert_false (gtk_widget_get_visible (list));
  g_assert_true (gtk_widget_get_mapped (empty));
  g_test_message ("empty state: %d x %d", gtk_widget_get_width (empty),
                  gtk_widget_get_height (empty));
  g_assert_cmpint (gtk_widget_get_height (empty), >=, 200);
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

  ADD ("/holiday-a11y/tree", test_tree);
  ADD ("/holiday-a11y/keyboard", test_keyboard);
  ADD ("/holiday-a11y/large-text", test_large_text);
  ADD ("/holiday-a11y/empty-calls", test_empty_calls);

#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
