/* voisins-preferences-window.c
 *
 * The map's source (issue 13): the association's own basemap, OpenStreetMap online or an
 * MBTiles file. The window only writes the settings; VoisinsWindow follows them at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-map.h"
#include "voisins-preferences-window.h"

struct _VoisinsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template children */
  AdwActionRow         *association_row;
  GtkCheckButton       *association_check;
  GtkButton            *choose_button;
  GtkCheckButton       *file_check;
  AdwActionRow         *file_row;
  GtkCheckButton       *osm_check;
  AdwActionRow         *osm_row;

  /* owned */
  GSettings            *settings;
  VoisinsStore         *store;
  char                 *association_id;
  GtkNativeDialog      *chooser;

  /* plain state */
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (VoisinsPreferencesWindow, voisins_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
update_rows (VoisinsPreferencesWindow *self)
{
  g_autofree char *basemap = NULL;
  g_autofree char *file = g_settings_get_string (self->settings, "mbtiles-path");
  int choice = g_settings_get_enum (self->settings, "map-source");

  if (self->store != NULL && self->association_id != NULL)
    basemap = voisins_store_dup_basemap_path (self->store, self->association_id);

  self->updating = TRUE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->association_check), basemap != NULL);
  adw_action_row_set_subtitle (self->association_row,
                               basemap != NULL
                               ? _("Works with no network. Kept up to date at each sync.")
                               : _("Not on this laptop yet: it is downloaded at the next sync"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->file_check), *file != '\0');
  if (*file != '\0')
    {
      g_autofree char *name = g_path_get_basename (file);

      adw_action_row_set_subtitle (self->file_row, name);
    }
  else
    adw_action_row_set_subtitle (self->file_row, _("No file chosen yet"));

  switch (choice)
    {
    case VOISINS_MAP_SOURCE_OPENSTREETMAP:
      gtk_check_button_set_active (self->osm_check, TRUE);
      break;
    case VOISINS_MAP_SOURCE_FILE:
      gtk_check_button_set_active (self->file_check, TRUE);
      break;
    case VOISINS_MAP_SOURCE_ASSOCIATION:
    default:
      gtk_check_button_set_active (self->association_check, TRUE);
      break;
    }

  self->updating = FALSE;
}

static void
on_basemap_changed (VoisinsPreferencesWindow *self,
                    const char               *association_id)
{
  if (g_strcmp0 (association_id, self->association_id) == 0)
    update_rows (self);
}

static void
on_check_toggled (VoisinsPreferencesWindow *self,
                  GtkCheckButton           *check)
{
  int choice;

  if (self->updating || !gtk_check_button_get_active (check))
    return;

  if (check == self->osm_check)
    choice = VOISINS_MAP_SOURCE_OPENSTREETMAP;
  else if (check == self->file_check)
    choice = VOISINS_MAP_SOURCE_FILE;
  else
    choice = VOISINS_MAP_SOURCE_ASSOCIATION;

  g_settings_set_enum (self->settings, "map-source", choice);
}

static void
on_chooser_response (VoisinsPreferencesWindow *self,
                     int                       response,
                     GtkNativeDialog          *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_settings_delay (self->settings);
          g_settings_set_string (self->settings, "mbtiles-path", path);
          g_settings_set_enum (self->settings, "map-source", VOISINS_MAP_SOURCE_FILE);
          g_settings_apply (self->settings);
        }
    }

  g_clear_object (&self->chooser);
}

static void
on_choose_clicked (VoisinsPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  /* A portal-friendly chooser: GtkFileChooserNative (GtkFileDialog is GTK 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a Map File"),
                                                                  GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Use This Map"),
                                                                  _("_Cancel")));
  /* TRANSLATORS: a file type in the file chooser */
  gtk_file_filter_set_name (filter, _("Map files (MBTiles)"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
voisins_preferences_window_dispose (GObject *object)
{
  VoisinsPreferencesWindow *self = (VoisinsPreferencesWindow *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (voisins_preferences_window_parent_class)->dispose (object);
}

static void
voisins_preferences_window_finalize (GObject *object)
{
  VoisinsPreferencesWindow *self = (VoisinsPreferencesWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->association_id, g_free);

  G_OBJECT_CLASS (voisins_preferences_window_parent_class)->finalize (object);
}

static void
voisins_preferences_window_class_init (VoisinsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_preferences_window_dispose;
  object_class->finalize = voisins_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/voisins/Voisins/ui/voisins-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, association_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, association_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, file_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, osm_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPreferencesWindow, osm_row);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
}

static void
voisins_preferences_window_init (VoisinsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("org.voisins.Voisins");
  g_signal_connect_object (self->settings, "changed::map-source", G_CALLBACK (update_rows), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-path", G_CALLBACK (update_rows),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
voisins_preferences_window_new (GtkWindow    *parent,
                                VoisinsStore *store,
                                const char   *association_id)
{
  VoisinsPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  g_set_object (&self->store, store);
  self->association_id = g_strdup (association_id);
  if (store != NULL)
    g_signal_connect_object (store, "basemap-changed", G_CALLBACK (on_basemap_changed), self,
                             G_CONNECT_SWAPPED);
  update_rows (self);

  return GTK_WIDGET (self);
}
