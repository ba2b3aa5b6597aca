/* test-sync-ui.c: the app's sync UI (login, indicator, toasts, conflicts) under Xvfb,
 * against a real voisins-server on loopback, with no secret service on the bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "server-fixture.h"
#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-association-dialog.h"
#include "voisins-conflicts-dialog.h"
#include "voisins-core.h"
#include "voisins-login-dialog.h"
#include "voisins-sync-banner.h"
#include "voisins-sync-client-private.h"
#include "voisins-sync-indicator.h"
#include "voisins-sync-manager.h"
#include "voisins-window.h"

static VoisinsApplication *app;

typedef struct
{
  VoisinsSyncManager   *manager;
  VoisinsSyncIndicator *indicator;
  const char           *prefix;
  VoisinsSyncState      state;
} Wait;

static gboolean
label_has_prefix (gpointer data)
{
  Wait *w = data;

  return g_str_has_prefix (voisins_sync_indicator_get_label (w->indicator), w->prefix);
}

static gboolean
state_is (gpointer data)
{
  Wait *w = data;

  return voisins_sync_client_get_state (voisins_sync_manager_get_client (w->manager)) == w->state;
}

static gboolean
login_dialog_open (gpointer data)
{
  return voisins_sync_manager_get_login_dialog (data) != NULL;
}

static gboolean
login_done (gpointer data)
{
  return voisins_sync_manager_get_login_dialog (data) == NULL &&
         voisins_sync_manager_get_memory_only (data);
}

static gboolean
has_notices (gpointer data)
{
  return voisins_sync_manager_get_n_notices (data) > 0;
}

static gboolean
has_conflicts_dialog (gpointer data)
{
  return voisins_sync_manager_get_conflicts_dialog (data) != NULL;
}

/* Depth-first search for a widget: a label with @text, or a button with label @text. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *t = NULL;

      if (GTK_IS_LABEL (root))
        t = gtk_label_get_text (GTK_LABEL (root));
      else if (GTK_IS_BUTTON (root))
        t = gtk_button_get_label (GTK_BUTTON (root));
      if (g_strcmp0 (t, text) == 0)
        return root;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_toast_containing (GtkWidget  *root,
                      const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL &&
      gtk_widget_get_ancestor (root, g_type_from_name ("AdwToastWidget")) != NULL)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (has_toast_containing (c, needle))
      return TRUE;

  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *t = data;

  return has_toast_containing (t->root, t->needle);
}

static void
screenshot_state (VoisinsWindow *window,
                  GtkWidget     *indicator,
                  const char    *name)
{
  g_autofree char *header = g_strdup_printf ("sync-indicator-%s.png", name);
  g_autofree char *popover = g_strdup_printf ("sync-popover-%s.png", name);
  GtkWidget *button = vt_child (indicator, VOISINS_TYPE_SYNC_INDICATOR, "button");
  GtkWidget *pop = vt_child (indicator, VOISINS_TYPE_SYNC_INDICATOR, "popover");

  vt_save_png (GTK_WIDGET (window), header);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  vt_spin (300);
  vt_save_png (pop, popover);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  vt_spin (100);
}

static void
test_sync_ui (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-sync-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "voisins.db", NULL);
  g_autofree char *other_dir = g_dir_make_tmp ("voisins-sync-ui-other-XXXXXX", NULL);
  g_autofree char *other_path = g_build_filename (other_dir, "voisins.db", NULL);
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(VoisinsStore) other_store = NULL;
  g_autoptr(VoisinsSyncClient) other = NULL;
  g_autoptr(VoisinsSyncManager) manager = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  VoisinsSyncNotice *notice;
  VoisinsSyncClient *client;
  VoisinsWindow *window;
  GtkWidget *indicator, *banner, *dialog, *button;
  Wait wait = { 0 };
  ToastWait toast = { 0 };
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  store = voisins_store_open (path, &error);
  g_assert_no_error (error);

  window = voisins_window_new (ADW_APPLICATION (app), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));

  manager = voisins_sync_manager_new (GTK_APPLICATION (app), store, w->server->base_url, "vol");
  client = voisins_sync_manager_get_client (manager);
  voisins_sync_client_set_timeout (client, 3);
  voisins_window_set_sync_manager (window, manager);
  indicator = vt_child (window, VOISINS_TYPE_WINDOW, "sync_indicator");
  banner = vt_child (window, VOISINS_TYPE_WINDOW, "sync_banner");
  wait.manager = manager;
  wait.indicator = VOISINS_SYNC_INDICATOR (indicator);

  g_assert_cmpstr (voisins_sync_indicator_get_label (wait.indicator), ==, "Not logged in");
  screenshot_state (window, indicator, "not-logged-in");

  /* No token in the (absent) secret service: the login dialog opens by itself. */
  voisins_sync_manager_start (manager);
  g_assert_true (vt_wait_until (login_dialog_open, manager, 10000));
  dialog = GTK_WIDGET (voisins_sync_manager_get_login_dialog (manager));
  vt_spin (200);

  /* A wrong password first: the error shows inline. */
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_LOGIN_DIALOG,
                                              "password_entry")), "wrong-password");
  vt_save_png (dialog, "login-dialog.png");
  gtk_widget_activate_action (dialog, "login.submit", NULL);
  {
    GtkWidget *error_label = vt_child (dialog, VOISINS_TYPE_LOGIN_DIALOG, "error_label");

    g_assert_true (vt_wait_until ((VtCondFunc) gtk_widget_get_visible, error_label, 10000));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                     "Wrong user name or password");
    vt_save_png (dialog, "login-dialog-wrong-password.png");
  }

  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_LOGIN_DIALOG,
                                              "password_entry")), VS_PASSWORD);
  gtk_widget_activate_action (dialog, "login.submit", NULL);
  g_assert_true (vt_wait_until (login_done, manager, 10000));

  /* Kept in memory only, and the banner says so. */
  g_assert_true (voisins_sync_client_has_token (client));
  g_assert_true (voisins_sync_banner_get_revealed (VOISINS_SYNC_BANNER (banner)));

  wait.prefix = "Synced at";
  g_assert_true (vt_wait_until (label_has_prefix, &wait, 15000));
  screenshot_state (window, indicator, "synced");

  /* Offline: the edit is kept and counted. */
  vs_server_stop (w->server, FALSE);
  post = voisins_post_new ();
  voisins_post_set_title (post, "Arroser les plantes du 3e étage");
  voisins_post_set_association_id (post, w->a);
  g_assert_true (voisins_store_create_post (store, post, &error));
  g_assert_no_error (error);
  id = g_strdup (voisins_post_get_id (post));
  g_clear_object (&post);
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (client), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait.state = VOISINS_SYNC_STATE_OFFLINE;
  g_assert_true (vt_wait_until (state_is, &wait, 15000));
  vt_spin (100);
  g_assert_cmpstr (voisins_sync_indicator_get_label (wait.indicator), ==,
                   "Offline – changes kept");
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (client), ==, 1);
  screenshot_state (window, indicator, "offline");

  /* Back: the edit goes out. */
  vs_server_start (w->server);
  voisins_sync_client_set_server_url (client, w->server->base_url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait.state = VOISINS_SYNC_STATE_IDLE;
  g_assert_true (vt_wait_until (state_is, &wait, 15000));
  g_assert_true (vt_wait_until (label_has_prefix, &wait, 15000));
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (client), ==, 0);

  /* A coordinator on another computer edits the same title first. */
  voisins_sync_client_stop (client);
  other_store = voisins_store_open (other_path, &error);
  g_assert_no_error (error);
  other = voisins_sync_client_new (other_store);
  voisins_sync_client_set_server_url (other, w->server->base_url);
  voisins_sync_client_set_token (other, w->coord);
  g_assert_true (voisins_sync_client_sync (other, NULL, NULL, &error));
  g_assert_no_error (error);
  post = voisins_store_get_post (other_store, id, &error);
  g_assert_no_error (error);
  voisins_post_set_title (post, "Arroser les plantes (3e étage, côté cour)");
  g_assert_true (voisins_store_update_post (other_store, post, &error));
  g_clear_object (&post);
  g_assert_true (voisins_sync_client_sync (other, NULL, NULL, &error));
  g_assert_no_error (error);

  post = voisins_store_get_post (store, id, &error);
  g_assert_no_error (error);
  voisins_post_set_title (post, "Arroser les plantes, le week-end seulement");
  g_assert_true (voisins_store_update_post (store, post, &error));
  g_clear_object (&post);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  g_assert_true (vt_wait_until (has_notices, manager, 15000));
  toast.root = GTK_WIDGET (window);
  toast.needle = "1 conflict to review";
  g_assert_true (vt_wait_until (toast_shown, &toast, 5000));
  vt_spin (300);
  vt_save_png (GTK_WIDGET (window), "sync-conflict-toast.png");
  wait.prefix = "1 conflict";
  g_assert_true (vt_wait_until (label_has_prefix, &wait, 5000));
  screenshot_state (window, indicator, "conflict");

  /* The conflicts view, from the toast's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.review-conflicts", NULL));
  g_assert_true (vt_wait_until (has_conflicts_dialog, manager, 5000));
  dialog = GTK_WIDGET (voisins_sync_manager_get_conflicts_dialog (manager));
  vt_spin (300);
  g_assert_nonnull (find_widget (dialog, GTK_TYPE_LABEL,
                                 "Arroser les plantes, le week-end seulement"));
  g_assert_nonnull (find_widget (dialog, GTK_TYPE_LABEL,
                                 "Arroser les plantes (3e étage, côté cour)"));
  vt_save_png (dialog, "conflicts-dialog.png");

  notices = voisins_store_list_notices (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_cmpstr (notice->kind, ==, "conflict");
  g_assert_cmpstr (notice->field, ==, "title");

  /* "Keep Mine" queues a new edit with my title. */
  button = find_widget (dialog, GTK_TYPE_BUTTON, "Keep _Mine");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  vt_spin (200);
  g_assert_cmpuint (voisins_sync_manager_get_n_notices (manager), ==, 0);
  g_assert_cmpuint (voisins_sync_client_get_pending_changes (client), ==, 1);
  post = voisins_store_get_post (store, id, &error);
  g_assert_cmpstr (voisins_post_get_title (post), ==, "Arroser les plantes, le week-end seulement");
  g_clear_object (&post);
  vt_save_png (dialog, "conflicts-dialog-empty.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_spin (100);
  screenshot_state (window, indicator, "waiting");

  voisins_sync_client_stop (client);
  voisins_window_set_sync_manager (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&manager);
  vt_spin (100);
  voisins_store_close (store);
  voisins_store_close (other_store);
  g_unlink (path);
  g_unlink (other_path);
}

static GtkWidget *
find_association_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (VOISINS_IS_ASSOCIATION_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
association_dialog_opens (gpointer window)
{
  if (find_association_dialog () == NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.association-details", NULL);
  vt_spin (50);
  return find_association_dialog () != NULL;
}

static gboolean
association_dialog_closed (gpointer data)
{
  return find_association_dialog () == NULL;
}

/* A coordinator changes the association's details from the main menu; the server keeps
 * them, for every laptop and every letter (issue 11). */
static void
test_association_details (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-sync-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "voisins.db", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(VoisinsSyncManager) manager = NULL;
  g_autoptr(VoisinsAssociation) stored = NULL;
  VoisinsSyncClient *client;
  VoisinsWindow *window;
  GtkWidget *dialog, *indicator;
  Wait wait = { 0 };

  store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  window = voisins_window_new (ADW_APPLICATION (app), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  manager = voisins_sync_manager_new (GTK_APPLICATION (app), store, w->server->base_url, "coord");
  client = voisins_sync_manager_get_client (manager);
  voisins_sync_client_set_timeout (client, 3);
  voisins_window_set_sync_manager (window, manager);
  indicator = vt_child (window, VOISINS_TYPE_WINDOW, "sync_indicator");
  wait.manager = manager;
  wait.indicator = VOISINS_SYNC_INDICATOR (indicator);

  voisins_sync_manager_start (manager);
  g_assert_true (vt_wait_until (login_dialog_open, manager, 10000));
  dialog = GTK_WIDGET (voisins_sync_manager_get_login_dialog (manager));
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_LOGIN_DIALOG,
                                              "password_entry")), VS_PASSWORD);
  gtk_widget_activate_action (dialog, "login.submit", NULL);
  g_assert_true (vt_wait_until (login_done, manager, 10000));
  wait.prefix = "Synced at";
  g_assert_true (vt_wait_until (label_has_prefix, &wait, 15000));

  g_assert_true (vt_wait_until (association_dialog_opens, window, 10000));
  dialog = find_association_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG,
                                              "phone_row")), "01 43 43 00 00");
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG,
                                              "email_row")), "contact@voisins.example");
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG,
                                              "address_row")), "4 rue Traversière, 75012 Paris");
  vt_spin (200);
  vt_save_png (dialog, "association-dialog.png");

  /* A phone number that is not one: the server's reason, inline. */
  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG,
                                              "phone_row")), "call us");
  gtk_widget_activate_action (dialog, "association.save", NULL);
  {
    GtkWidget *error_label = vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG, "error_label");

    g_assert_true (vt_wait_until ((VtCondFunc) gtk_widget_get_visible, error_label, 10000));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "phone"));
    vt_save_png (dialog, "association-dialog-error.png");
  }

  gtk_editable_set_text (GTK_EDITABLE (vt_child (dialog, VOISINS_TYPE_ASSOCIATION_DIALOG,
                                              "phone_row")), "01 43 43 00 00");
  gtk_widget_activate_action (dialog, "association.save", NULL);
  g_assert_true (vt_wait_until (association_dialog_closed, NULL, 10000));
  sql = g_strdup_printf ("SELECT count(*) FROM associations WHERE id = '%s' AND"
                         " phone = '01 43 43 00 00' AND email = 'contact@voisins.example' AND"
                         " address = '4 rue Traversière, 75012 Paris'", w->a);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  stored = voisins_store_get_association (store, w->a, NULL);
  g_assert_cmpstr (voisins_association_get_phone (stored), ==, "01 43 43 00 00");
  vt_spin (100);
  vt_save_png (GTK_WIDGET (window), "association-details-saved.png");

  voisins_sync_client_stop (client);
  voisins_window_set_sync_manager (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&manager);
  vt_spin (100);
  voisins_store_close (store);
  g_unlink (path);
}

/* While the map of the quartier downloads, the indicator says so and how far (the download
 * itself: test-sync-basemap.c; here what the client reports, as it reports it). */
static void
test_download_progress (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-sync-ui-map-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "voisins.db", NULL);
  g_autoptr(VoisinsStore) store = voisins_store_open (path, &error);
  g_autoptr(VoisinsSyncManager) manager = NULL;
  VoisinsSyncClient *client;
  VoisinsWindow *window;
  GtkWidget *indicator;

  g_assert_no_error (error);
  window = voisins_window_new (ADW_APPLICATION (app), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  manager = voisins_sync_manager_new (GTK_APPLICATION (app), store, "http://127.0.0.1:9", "vol");
  client = voisins_sync_manager_get_client (manager);
  voisins_window_set_sync_manager (window, manager);
  indicator = vt_child (window, VOISINS_TYPE_WINDOW, "sync_indicator");

  _voisins_sync_client_set_download (client, "basemap", 0.4);
  vt_spin (200);
  g_assert_cmpstr (voisins_sync_indicator_get_label (VOISINS_SYNC_INDICATOR (indicator)), ==,
                   "Downloading the map… 40 %");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (vt_child (indicator, VOISINS_TYPE_SYNC_INDICATOR,
                                                             "headline_label"))),
                   ==, "Downloading the map of the quartier… 40 %. It comes once, so that the "
                   "map shows the streets even without the network.");
  screenshot_state (window, indicator, "downloading-map");

  _voisins_sync_client_set_download (client, NULL, 0);
  vt_spin (100);
  g_assert_cmpstr (voisins_sync_indicator_get_label (VOISINS_SYNC_INDICATOR (indicator)), ==,
                   "Not logged in");
  gtk_window_destroy (GTK_WINDOW (window));
  vt_spin (100);
}

static void
test_refusal_sentences (void)
{
  g_assert_nonnull (voisins_conflicts_describe_refusal ("table_full"));
  g_assert_nonnull (voisins_conflicts_describe_refusal ("forbidden"));
  g_assert_nonnull (voisins_conflicts_describe_refusal ("not_found"));
  g_assert_nonnull (voisins_conflicts_describe_refusal ("deleted"));
  g_assert_null (voisins_conflicts_describe_refusal ("something_new"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add_func ("/sync-ui/refusal-sentences", test_refusal_sentences);
  g_test_add_func ("/sync-ui/login-sync-offline-conflict", test_sync_ui);
  g_test_add_func ("/sync-ui/association-details", test_association_details);
  g_test_add_func ("/sync-ui/download-progress", test_download_progress);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
