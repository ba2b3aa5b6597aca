/* voisins-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <locale.h>

#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-demo.h"
#include "voisins-demo-async.h"
#include "voisins-sync-manager.h"
#include "voisins-ui-a11y.h"
#include "voisins-ui-util.h"
#include "voisins-window.h"

struct _VoisinsApplication
{
  AdwApplication  parent_instance;

  char           *store_path;
  gboolean        demo;
  VoisinsStore   *store;
  GError         *store_error;
  gboolean        opening;
  char           *server_url;
  char           *username;
  VoisinsSyncManager *sync_manager;
};

G_DEFINE_FINAL_TYPE (VoisinsApplication, voisins_application, ADW_TYPE_APPLICATION)

void
voisins_application_init_i18n (void)
{
  const char *localedir = g_getenv ("VOISINS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static VoisinsWindow *
get_window (VoisinsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return VOISINS_IS_WINDOW (window) ? VOISINS_WINDOW (window) : NULL;
}

static void
show_store (VoisinsApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  gboolean new_manager = FALSE;

  if (self->store != NULL && self->sync_manager == NULL)
    {
      self->sync_manager = voisins_sync_manager_new (GTK_APPLICATION (self), self->store,
                                                     self->server_url, self->username);
      new_manager = TRUE;
    }

  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (!VOISINS_IS_WINDOW (l->data))
        continue;

      if (self->store_error != NULL)
        voisins_window_show_error (l->data, self->store_error, self->store_path);
      else if (self->store != NULL && voisins_window_get_store (l->data) != self->store)
        voisins_window_set_store (l->data, self->store);
      if (self->sync_manager != NULL)
        voisins_window_set_sync_manager (l->data, self->sync_manager);
    }

  if (new_manager)
    voisins_sync_manager_start (self->sync_manager);
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  VoisinsApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!voisins_demo_fill_store_finish (VOISINS_STORE (source), result, &error))
    {
      VoisinsWindow *window = get_window (self);

      g_warning ("Could not create the demo quartier: %s", error->message);
      if (window != NULL)
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is the reason */
          message = g_strdup_printf (_("The demo quartier could not be created: %s"),
                                     error->message);
          voisins_ui_add_toast (GTK_WIDGET (window), adw_toast_new (message));
        }
    }

  self->opening = FALSE;
  show_store (self);
  g_application_release (G_APPLICATION (self));
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VoisinsApplication) self = user_data;
  g_autoptr(GPtrArray) associations = NULL;

  self->store = voisins_store_open_finish (result, &self->store_error);

  if (self->store != NULL && self->demo)
    {
      associations = voisins_store_list_associations (self->store, NULL);
      if (associations == NULL || associations->len == 0)
        {
          /* Held until demo_done_cb, which releases it: the application outlives the
           * worker. Built around today, so that dates in the demo read naturally. */
          g_application_hold (G_APPLICATION (self));
          voisins_demo_fill_store_async (self->store, 42, g_get_real_time () / G_USEC_PER_SEC,
                                         NULL, demo_done_cb, self);
          return;
        }
    }

  self->opening = FALSE;
  show_store (self);
}

static void
open_store (VoisinsApplication *self)
{
  g_autofree char *dir = NULL;

  if (self->store != NULL || self->store_error != NULL || self->opening)
    return;

  if (self->store_path == NULL)
    self->store_path = g_build_filename (g_get_user_data_dir (), "voisins", "voisins.db", NULL);

  dir = g_path_get_dirname (self->store_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not create %s: %s", dir, g_strerror (errno));

  self->opening = TRUE;
  voisins_store_open_async (self->store_path, NULL, store_opened_cb, g_object_ref (self));
}

static void
voisins_application_activate (GApplication *app)
{
  VoisinsApplication *self = VOISINS_APPLICATION (app);
  VoisinsWindow *window = get_window (self);

  if (window == NULL)
    window = voisins_window_new (ADW_APPLICATION (self), NULL);

  gtk_window_present (GTK_WINDOW (window));

  open_store (self);
  show_store (self);
}

static int
voisins_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  VoisinsApplication *self = VOISINS_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "store", "^&ay", &path))
    {
      g_free (self->store_path);
      self->store_path = g_canonicalize_filename (path, NULL);
    }
  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;
  g_variant_dict_lookup (options, "server", "s", &self->server_url);
  g_variant_dict_lookup (options, "user", "s", &self->username);

  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  VoisinsApplication *self = user_data;
  static const char *developers[] = { "The Voisins contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Voisins"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Voisins contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Mutual aid between neighbours, for associations "
                                      "of a quartier"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Quartier boundaries"),
                                      _("© Ville de Paris, Open Data Paris"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Open Database License (ODbL) 1.0"));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Addresses"),
                                      _("Base Adresse Nationale (BAN)"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Licence Ouverte / Open Licence 2.0 (Etalab)"));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Map"),
                                      _("© OpenStreetMap contributors"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Map data available under the Open Database "
                                        "License (ODbL)"));
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Open Data"),
                                                (const char *[]) {
                                                  "Ville de Paris https://opendata.paris.fr",
                                                  "Base Adresse Nationale https://adresse.data.gouv.fr",
                                                  "OpenStreetMap https://www.openstreetmap.org/copyright",
                                                  NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Close rather than quit, so that windows save their size. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (VOISINS_IS_WINDOW (window))
    voisins_window_show_preferences (VOISINS_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
voisins_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (voisins_application_parent_class)->startup (app);
  voisins_ui_a11y_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-post", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
voisins_application_finalize (GObject *object)
{
  VoisinsApplication *self = (VoisinsApplication *) object;

  g_clear_pointer (&self->store_path, g_free);
  g_clear_object (&self->sync_manager);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->username, g_free);

  G_OBJECT_CLASS (voisins_application_parent_class)->finalize (object);
}

static void
voisins_application_class_init (VoisinsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = voisins_application_finalize;
  app_class->activate = voisins_application_activate;
  app_class->startup = voisins_application_startup;
  app_class->handle_local_options = voisins_application_handle_local_options;
}

static void
voisins_application_init (VoisinsApplication *self)
{
  static const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The database to open (default: ~/.local/share/voisins/voisins.db)"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Fill an empty database with a demo quartier"), NULL },
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Sync with the voisins-server at this address"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Log in with this user name. For a demo only, the environment variable "
         "VOISINS_DEMO_PASSWORD logs in without asking"), N_("NAME") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

VoisinsApplication *
voisins_application_new (void)
{
  return g_object_new (VOISINS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/org/voisins/Voisins",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
