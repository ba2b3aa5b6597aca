/* ui-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "ui-helpers.h"
#include "voisins-demo.h"

gboolean
vt_wait_until (VtCondFunc cond,
               gpointer   data,
               guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }

  return TRUE;
}

static gboolean
always_false (gpointer data)
{
  return FALSE;
}

void
vt_spin (guint ms)
{
  vt_wait_until (always_false, NULL, ms);
}

GtkWidget *
vt_child (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
widget_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) &&
         gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

char *
vt_artifact (const char *name)
{
  const char *dir = g_getenv ("VOISINS_ARTIFACTS_DIR");

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

void
vt_demo_window_open (VtDemoWindow       *self,
                     VoisinsApplication *app,
                     guint               n_members,
                     guint               n_posts,
                     int                 height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data_dir = voisins_demo_find_data_dir ();
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(GPtrArray) associations = NULL;
  VoisinsDemoOptions options = { 0 };

  self->dir = g_dir_make_tmp ("voisins-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (self->dir, "voisins.db", NULL);
  self->store = voisins_store_open (path, &error);
  g_assert_no_error (error);

  options.seed = 42;
  options.data_dir = data_dir;
  options.n_members = n_members;
  options.n_posts = n_posts;
  demo = voisins_demo_generate (&options, &error);
  g_assert_no_error (error);
  voisins_demo_import (demo, self->store, &error);
  g_assert_no_error (error);

  associations = voisins_store_list_associations (self->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (associations->len, >, 0);
  self->association = g_object_ref (g_ptr_array_index (associations, 0));

  self->window = voisins_window_new (ADW_APPLICATION (app), self->store);
  gtk_window_set_default_size (GTK_WINDOW (self->window), 1200, height);
  gtk_window_present (GTK_WINDOW (self->window));
}

void
vt_demo_window_close (VtDemoWindow *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (self->window));
  vt_spin (50);
  voisins_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->association);

  /* The store, its WAL and lock files. */
  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (self->dir);
  g_clear_pointer (&self->dir, g_free);
}

void
vt_save_png (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("VOISINS_ARTIFACTS_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  vt_spin (300);

  /* On a loaded machine a window just presented may not be mapped and drawn yet, and an
   * undrawn widget snapshots to nothing: wait for a drawn frame, not for a fixed time. */
  g_assert_true (vt_wait_until (widget_drawn, widget, 10000));
  paintable = gtk_widget_paintable_new (widget);
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      if (tries > 0)
        vt_spin (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = vt_artifact (name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

VoisinsApplication *
vt_ui_init (int          *argc,
            char       ***argv,
            GTestDBus   **bus)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *system_dirs = g_get_system_data_dirs ();
  VoisinsApplication *app;

  g_setenv ("VOISINS_TILE_SOURCE", "test", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);  /* the tests read English source strings */
  g_unsetenv ("VOISINS_DEMO_PASSWORD");

  /* Read before g_test_init() hides the system data dirs. */
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (system_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The isolated XDG_DATA_DIRS hides the MIME database too, and without it gdk-pixbuf
   * recognises no image (SVG icons, map tiles): give it back, read-only. */
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);
  /* Criticals stay fatal; warnings from the environment (no accessibility bus) do not
   * fail a UI test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  /* A private session bus (GtkApplication registers on it), with no secret service. */
  *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (*bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);  /* g_test_dbus_up() unsets it */

  voisins_application_init_i18n ();
  gtk_init ();
  adw_init ();
  /* The isolated XDG_DATA_DIRS hides the system icon theme. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");

  app = voisins_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  return app;
}
