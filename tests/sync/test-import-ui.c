/* test-import-ui.c: the spreadsheet import's preview under Xvfb, against a real server with
 * the Quinze-Vingts address base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "server-fixture.h"
#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-import-dialog.h"
#include "voisins-members-page.h"
#include "voisins-window.h"

static VoisinsApplication *app;

/* A coordinator's sheet: good lines, refused ones (outside the quartier, unknown address, no
 * name, a malformed line) and duplicates; the needs of line 3 span two lines. */
static const char sheet[] =
  "Prénom;Nom;Adresse;Code postal;Ville;Téléphone;Besoins\n"                  /* 1 */
  "Hélène;Lefèvre;14 bd de la Bastille;75012;Paris;01 43 00 00 01;courses\n"  /* 2 duplicate */
  "Zoé;Martin;6 r. Michel Chasles;75012;Paris;;\"courses\npharmacie\"\n"      /* 3-4 ok */
  "Jean;Roux;1 rue du Faubourg Saint-Antoine;75011;Paris;;\n"                /* 5 outside */
  "Marie;Blanc;999 rue de Lyon;75012;Paris;;\n"                              /* 6 not found */
  ";;45 rue de Lyon;75012;Paris;;\n"                                         /* 7 no name */
  "Paul;Durand;\"8 place Louis Armand\"x;75012;Paris;;\n"                    /* 8 malformed */
  "Lucie;Petit;6 bis rue de Lyon;75012;Paris;;\n"                            /* 9 ok */
  "Hélène;LEFEVRE;14 Boulevard de la Bastille;75012;Paris;;\n";              /* 10 duplicate */

static gboolean
not_loading (gpointer data)
{
  return !voisins_import_dialog_is_loading (data);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
has_members (gpointer data)
{
  return g_list_model_get_n_items (voisins_members_page_get_model (data)) > 0;
}

typedef struct
{
  char              *dir;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
} Laptop;

static void
laptop_open (Laptop     *l,
             const char *url,
             const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  l->dir = g_dir_make_tmp ("voisins-import-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (l->dir, "store.sqlite", NULL);
  l->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  l->client = voisins_sync_client_new (l->store);
  voisins_sync_client_set_server_url (l->client, url);
  voisins_sync_client_set_token (l->client, token);
}

static void
laptop_close (Laptop *l)
{
  g_clear_object (&l->client);
  g_clear_object (&l->store);
  g_free (l->dir);
}

static GtkWindow *
parent_window (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_application_window_new (GTK_APPLICATION (app)));

  gtk_window_set_child (window, adw_toast_overlay_new ());
  gtk_window_set_default_size (window, 800, 640);
  gtk_window_present (window);
  return window;
}

/* The row's line, title and status as a person reads them. */
static void
assert_row (GtkWidget  *list,
            guint       i,
            const char *line,
            const char *title,
            const char *status,
            gboolean    refused)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (row), "import-refused"), ==, refused);
  /* Every label in the row: the line number (prefix) and the status (suffix). */
  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w))
        g_string_append_printf (labels, "[%s]", gtk_label_get_label (GTK_LABEL (w)));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_test_message ("row %u: %s", i, labels->str);
  g_assert_nonnull (strstr (labels->str, line));
  g_assert_nonnull (strstr (labels->str, status));
}

static void
test_preview_and_import (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GBytes) csv = g_bytes_new_static (sheet, sizeof sheet - 1);
  static const char first_sheet[] = "prénom;nom;adresse\nHélène;Lefèvre;14 bd de la Bastille\n";
  g_autofree char *path = NULL;
  VoisinsImportDialog *dialog;
  GtkWindow *parent;
  GtkWidget *list;
  Laptop laptop = { 0 };
  guint status;

  vs_server_load_quinze_vingts (w->server, w->a);
  /* Hélène is already a member: lines 2 and 10 are her again. */
  path = g_strdup_printf ("/api/v1/associations/%s/members/import", w->a);
  first = vs_request (w->server, "POST", path, w->coord, first_sheet, strlen (first_sheet),
                      &status, NULL);
  g_assert_cmpuint (status, ==, 200);

  laptop_open (&laptop, w->server->base_url, w->coord);
  parent = parent_window ();
  dialog = voisins_import_dialog_new (parent, laptop.client, w->a, csv);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (vt_wait_until (not_loading, dialog, 10000));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG, "stack"))), ==,
                   "preview");
  g_assert_cmpuint (voisins_import_dialog_get_n_rows (dialog), ==, 8);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG,
                                                             "summary_label"))), ==,
                   "8 lines read");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG,
                                                             "counts_label"))), ==,
                   "2 new members to import · 2 already members · 4 refused");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG,
                                                               "import_button"))), ==,
                   "_Import 2 Members");

  list = vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG, "rows_list");
  assert_row (list, 0, "[Line 2]", "Hélène Lefèvre", "[Already a member: skipped]", FALSE);
  assert_row (list, 1, "[Line 3]", "Zoé Martin", "[Will be imported]", FALSE);
  assert_row (list, 2, "[Line 5]", "Jean Roux", "[Outside the quartier]", TRUE);
  assert_row (list, 3, "[Line 6]", "Marie Blanc", "[Address not found in the quartier]", TRUE);
  assert_row (list, 4, "[Line 7]", "(no name)", "[No name]", TRUE);
  assert_row (list, 5, "[Line 8]", "(unreadable line)", "[Malformed line (a quote not closed?)]",
              TRUE);
  /* What the refused lines say, so that the coordinator finds them in the file. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 4))), ==,
                   "45 rue de Lyon");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 5))), ==,
                   "Paul;Durand;\"8 place Louis Armand\"x;75012;Paris;;");
  assert_row (list, 6, "[Line 9]", "Lucie Petit", "[Will be imported]", FALSE);
  assert_row (list, 7, "[Line 10]", "Hélène LEFEVRE", "[Already a member: skipped]", FALSE);
  /* The base's spelling of the address, under the name. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 6))), ==,
                   "6 bis Rue de Lyon");
  vt_save_png (GTK_WIDGET (dialog), "import-preview.png");

  /* Nothing written by the preview. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 1);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  g_assert_true (vt_wait_until (is_null, &dialog, 10000));
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 3);

  gtk_window_destroy (parent);
  laptop_close (&laptop);
}

/* Offline, the preview says the server is needed, and nothing can be imported. */
static void
test_offline (void)
{
  g_autoptr(GBytes) csv = g_bytes_new_static (sheet, sizeof sheet - 1);
  g_autofree char *assoc = vs_uuid ();
  VoisinsImportDialog *dialog;
  GtkWindow *parent;
  Laptop laptop = { 0 };

  laptop_open (&laptop, "http://127.0.0.1:9", "token");
  parent = parent_window ();
  dialog = voisins_import_dialog_new (parent, laptop.client, assoc, csv);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (vt_wait_until (not_loading, dialog, 10000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG, "stack"))), ==,
                   "error");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (
                     vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG, "error_page"))), ==,
                   "The Server Is Needed");
  g_assert_false (gtk_widget_is_sensitive (vt_child (dialog, VOISINS_TYPE_IMPORT_DIALOG,
                                                     "import_button")));
  vt_save_png (GTK_WIDGET (dialog), "import-offline.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (parent);
  laptop_close (&laptop);
}

/* The members page shows the spreadsheet menu to coordinators only. */
static void
test_menu_for_coordinators (void)
{
  g_autofree char *assoc = vs_uuid ();
  g_autoptr(GError) error = NULL;
  GtkWidget *page = voisins_members_page_new ();
  GtkWidget *button = vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "spreadsheet_button");
  Laptop laptop = { 0 };

  g_object_ref_sink (page);
  laptop_open (&laptop, "http://127.0.0.1:9", "token");
  g_assert_true (voisins_store_set_role (laptop.store, assoc, "volunteer", &error));
  voisins_members_page_set_store (VOISINS_MEMBERS_PAGE (page), laptop.store, assoc);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (voisins_store_set_role (laptop.store, assoc, "coordinator", &error));
  voisins_members_page_set_store (VOISINS_MEMBERS_PAGE (page), laptop.store, assoc);
  g_assert_true (gtk_widget_get_visible (button));
  g_object_unref (page);
  laptop_close (&laptop);

  /* In the window, on the demo quartier, as a coordinator sees it. */
  {
    VtDemoWindow dw = { 0 };
    GtkWidget *members_page;

    vt_demo_window_open (&dw, app, 30, 10, 700);
    g_assert_true (voisins_store_set_role (dw.store, voisins_association_get_id (dw.association),
                                           "coordinator", &error));
    voisins_window_set_store (dw.window, dw.store);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dw.window), "win.view", "s",
                                               "members"));
    members_page = vt_child (dw.window, VOISINS_TYPE_WINDOW, "members_page");
    g_assert_true (gtk_widget_get_visible (vt_child (members_page, VOISINS_TYPE_MEMBERS_PAGE,
                                                     "spreadsheet_button")));
    /* (A popover is its own surface: the shot shows the ⋮ button, not its menu.) */
    g_assert_true (vt_wait_until (has_members, members_page, 10000));
    vt_save_png (GTK_WIDGET (dw.window), "members-spreadsheet-button.png");
    vt_demo_window_close (&dw);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *ban = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);
  ban = g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared", "data", "paris",
                          "ban_adresses_quinze_vingts.geojson", NULL);
  if (g_file_test (ban, G_FILE_TEST_EXISTS))
    g_test_add_func ("/import-ui/preview-and-import", test_preview_and_import);
  g_test_add_func ("/import-ui/offline", test_offline);
  g_test_add_func ("/import-ui/menu-for-coordinators", test_menu_for_coordinators);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);
  return ret;
}
