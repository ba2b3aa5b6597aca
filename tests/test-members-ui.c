/* test-members-ui.c: a member's verification and data actions, the list's filters, and the
 * verification letter printed to PDF, in the real window under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ui-helpers.h"
#include "voisins-member-actions.h"
#include "voisins-member-detail.h"
#include "voisins-member-letters.h"
#include "voisins-member-report.h"
#include "voisins-members-page.h"
#include "voisins-ui-util.h"

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  vt_demo_window_open (fixture, app, 40, 20, 780);
  voisins_association_set_phone (fixture->association, "01 43 00 12 34");
  voisins_association_set_address (fixture->association, "4 rue Traversière, 75012 Paris");
  g_assert_true (voisins_store_set_role (
      fixture->store, voisins_association_get_id (fixture->association), "coordinator", &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer user_data)
{
  vt_demo_window_close (fixture);
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) > 0;
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = find_descendant (c, type)))
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
open_dialog (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return open_dialog () != NULL;
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int         status = 0;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static void
pdf_to_png (const char *pdf, const char *name)
{
  g_autofree char *png = vt_artifact (name);
  g_autofree char *prefix = g_strndup (png, strlen (png) - strlen (".png"));
  const char      *argv[] = { "pdftoppm", "-png", "-r", "60", "-singlefile", pdf, prefix, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

/* The record as a coordinator sees it, with its actions; each dialog; the filters. */
static void
test_member_actions (Fixture *fixture, gconstpointer user_data)
{
  VoisinsMembersPage *page =
      VOISINS_MEMBERS_PAGE (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "members_page"));
  VoisinsMemberDetail *detail =
      VOISINS_MEMBER_DETAIL (vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "detail"));
  GtkDropDown *filter =
      GTK_DROP_DOWN (vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "filter_dropdown"));
  GtkListView       *list = GTK_LIST_VIEW (vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "list_view"));
  GtkSelectionModel *selection = gtk_list_view_get_model (list);
  g_autoptr (VoisinsSyncClient) client = voisins_sync_client_new (fixture->store);
  GtkWidget        *actions;
  AdwMessageDialog *dialog;
  VoisinsMember    *member;
  guint             all, unverified, verified;

  /* A client not logged in: the dialogs open; their requests would ask to log in. */
  voisins_members_page_set_sync_client (page, client);
  adw_view_stack_set_visible_child_name (
      ADW_VIEW_STACK (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "view_stack")), "members");
  g_assert_true (vt_wait_until (has_items, selection, 5000));

  /* The filters: each state, and all of them together. */
  all = g_list_model_get_n_items (G_LIST_MODEL (selection));
  gtk_drop_down_set_selected (filter, 1);
  unverified = g_list_model_get_n_items (G_LIST_MODEL (selection));
  for (guint i = 0; i < unverified; i++)
    {
      g_autoptr (VoisinsMember) m = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_assert_cmpint (voisins_member_get_verification (m), ==, VOISINS_VERIFICATION_UNVERIFIED);
    }
  gtk_drop_down_set_selected (filter, 4);
  verified = g_list_model_get_n_items (G_LIST_MODEL (selection));
  g_assert_cmpuint (unverified + verified, <=, all);
  gtk_drop_down_set_selected (filter, 5);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr (VoisinsMember) m = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_assert_nonnull (voisins_member_get_needs (m));
    }
  gtk_drop_down_set_selected (filter, 1);
  vt_spin (100);
  vt_save_png (GTK_WIDGET (fixture->window), "members-filter-unverified.png");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >, 0);

  /* An unverified neighbour's record: a coordinator sees every action. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), 0);
  member = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection));
  g_assert_nonnull (member);
  actions = find_descendant (GTK_WIDGET (detail), VOISINS_TYPE_MEMBER_ACTIONS);
  g_assert_nonnull (actions);
  g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (vt_child (actions, VOISINS_TYPE_MEMBER_ACTIONS, "erase_row"))));
  g_assert_false (gtk_widget_get_visible (
      GTK_WIDGET (vt_child (actions, VOISINS_TYPE_MEMBER_ACTIONS, "volunteer_note"))));
  {
    /* Scrolled down to the actions, as a coordinator would. */
    GtkWidget     *scrolled = gtk_widget_get_ancestor (actions, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj;

    g_assert_nonnull (scrolled);
    vt_spin (100);
    adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  vt_spin (200);
  vt_save_png (GTK_WIDGET (fixture->window), "member-actions.png");

  /* The dialogs (their requests need the server: see the server and sync tests). The code
   * is entered once a letter was sent. */
  g_assert_false (gtk_widget_activate_action (actions, "member.enter-code", NULL) &&
                  dialog_shown (NULL));
  voisins_member_set_verification (member, VOISINS_VERIFICATION_LETTER_SENT);
  voisins_member_actions_set_member (VOISINS_MEMBER_ACTIONS (actions), client, fixture->store,
                                     member);
  gtk_widget_activate_action (actions, "member.enter-code", NULL);
  g_assert_true (vt_wait_until (dialog_shown, NULL, 3000));
  dialog = open_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "verify"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "acd3f 9kmnp");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "verify"));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "member-code-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_spin (50);

  gtk_widget_activate_action (actions, "member.verify-in-person", NULL);
  g_assert_true (vt_wait_until (dialog_shown, NULL, 3000));
  dialog = open_dialog ();
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "member-in-person-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_spin (50);

  gtk_widget_activate_action (actions, "member.erase", NULL);
  g_assert_true (vt_wait_until (dialog_shown, NULL, 3000));
  dialog = open_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "every laptop"));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "member-erase-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_spin (50);

  /* The multi-select of letters, from the list. */
  gtk_widget_activate_action (GTK_WIDGET (page), "members.letters", NULL);
  g_assert_true (vt_wait_until (dialog_shown, NULL, 3000));
  dialog = open_dialog ();
  g_assert_true (adw_message_dialog_has_response (dialog, "send"));
  vt_spin (100);
  vt_save_png (GTK_WIDGET (dialog), "members-letters-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A volunteer sees only the code entry, and says who does the rest. */
  g_assert_true (voisins_store_set_role (
      fixture->store, voisins_association_get_id (fixture->association), "volunteer", NULL));
  voisins_member_actions_set_member (VOISINS_MEMBER_ACTIONS (actions), NULL, fixture->store,
                                     member);
  g_assert_false (gtk_widget_get_visible (
      GTK_WIDGET (vt_child (actions, VOISINS_TYPE_MEMBER_ACTIONS, "erase_row"))));
  g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (vt_child (actions, VOISINS_TYPE_MEMBER_ACTIONS, "code_row"))));
  g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (vt_child (actions, VOISINS_TYPE_MEMBER_ACTIONS, "volunteer_note"))));
}

/* A letter as the server's codes make it, printed through GtkPrintOperation to PDF: her
 * name and address, the association's name and phone, the code, how to answer. */
static void
test_letter_pdf (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (JsonArray) answer = json_array_new ();
  g_autoptr (VoisinsMemberLetters) letters = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = vt_artifact ("verification-letter.pdf");
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  JsonObject      *letter = json_object_new ();
  VoisinsMember   *member;

  members = voisins_store_list_members (
      fixture->store, voisins_association_get_id (fixture->association), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, >, 0);
  member = g_ptr_array_index (members, 0);
  json_object_set_string_member (letter, "member_id", voisins_member_get_id (member));
  json_object_set_string_member (letter, "code", "ACD3F-9KMNP");
  json_object_set_int_member (letter, "expires_at",
                              g_get_real_time () / G_USEC_PER_SEC + 60 * 86400);
  json_array_add_object_element (answer, letter);

  letters = voisins_member_letters_new (fixture->association, members, answer);
  g_assert_cmpuint (voisins_member_letters_get_n_pages (letters), ==, 1);
  g_assert_true (voisins_member_letters_print (letters, GTK_WINDOW (fixture->window), pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (pdf);
  name = voisins_ui_member_full_name (member);
  g_assert_nonnull (strstr (text, "ACD3F-9KMNP"));
  g_assert_nonnull (strstr (text, voisins_association_get_name (fixture->association)));
  g_assert_nonnull (strstr (text, "01 43 00 12 34"));
  /* Where the association's desk is, in the heading and in how to answer. */
  g_assert_nonnull (strstr (text, "4 rue Traversière"));
  g_assert_nonnull (strstr (text, "association’s desk, 4 rue"));
  g_assert_nonnull (strstr (text, voisins_member_get_first_name (member)));
  g_assert_nonnull (strstr (text, "How to answer"));
  g_assert_nonnull (strstr (text, "works once"));
  pdf_to_png (pdf, "verification-letter.png");

  /* And a data report, JSON and PDF, for an access request. */
  {
    g_autoptr (JsonObject) report = json_object_new ();
    g_autoptr (JsonNode) node = voisins_member_to_json (member, TRUE);
    g_autofree char *json = vt_artifact ("data-report.json");
    g_autofree char *report_pdf = vt_artifact ("data-report.pdf");
    g_autofree char *report_text = NULL;

    json_object_set_object_member (report, "member", json_object_ref (json_node_get_object (node)));
    json_object_set_array_member (report, "posts", json_array_new ());
    json_object_set_int_member (report, "generated_at", 1700000000);
    g_assert_true (voisins_member_report_write (report, json, report_pdf, &error));
    g_assert_no_error (error);
    report_text = pdf_text (report_pdf);
    g_assert_nonnull (strstr (report_text, voisins_member_get_first_name (member)));
    g_assert_true (g_file_test (json, G_FILE_TEST_EXISTS));
    pdf_to_png (report_pdf, "data-report.png");
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/members-ui/actions", Fixture, NULL, fixture_setup, test_member_actions,
              fixture_teardown);
  g_test_add ("/members-ui/letter-pdf", Fixture, NULL, fixture_setup, test_letter_pdf,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
