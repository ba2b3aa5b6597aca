/* ui-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

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
  /* The tests read English source strings; VOISINS_TEST_LANGUAGE=fr (with LANG=fr_FR.UTF-8
   * and VOISINS_LOCALEDIR=build/po) runs a language-neutral test in French, to look at it. */
  g_setenv ("LANGUAGE",
            g_getenv ("VOISINS_TEST_LANGUAGE") ? g_getenv ("VOISINS_TEST_LANGUAGE") : "C", TRUE);
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

/* {{{ the accessible tree (issue 17) */

/* The value of @widget's accessible label property, or NULL when unset. GTK 4.8 has no
 * getter: gtk_test_accessible_check_property() returns the actual value when it differs
 * from the one asked. */
static char *
a11y_label (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "\x01 never a label");
}

static gboolean
a11y_is_interactive (GtkWidget *widget)
{
  switch (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
      return TRUE;
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_ROW:
      /* A row a person lands on with the keyboard. */
      return gtk_widget_get_focusable (widget);
    default:
      return FALSE;
    }
}

static gboolean
a11y_is_button (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  /* GTK 4.8 has no toggle-button role: toggle buttons are buttons. */
  return role == GTK_ACCESSIBLE_ROLE_BUTTON;
}

/* The text of the first visible label under @widget (what a button shows), raw: with its
 * mnemonic underscore, as GTK 4.8 passes it on when nothing names the button. */
static const char *
a11y_shown_text (GtkWidget  *widget,
                 gboolean   *mnemonic)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      *mnemonic = gtk_label_get_use_underline (GTK_LABEL (widget));
      return gtk_label_get_label (GTK_LABEL (widget));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      const char *text = a11y_shown_text (c, mnemonic);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* "Save Save": a name that says its words twice. */
static gboolean
a11y_doubled (const char *name)
{
  gsize len = strlen (name);

  return len >= 3 && len % 2 == 1 && name[len / 2] == ' ' &&
         strncmp (name, name + len / 2 + 1, len / 2) == 0;
}

static void
a11y_walk (GtkWidget  *widget,
           gboolean    in_button,
           GString    *report,
           guint      *n_checked)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (a11y_is_interactive (widget))
    {
      g_autofree char *label = a11y_label (widget);
      const char *shown = NULL;
      gboolean mnemonic = FALSE;
      const char *type = G_OBJECT_TYPE_NAME (widget);

      (*n_checked)++;
      if (label == NULL &&
          !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        {
          shown = a11y_shown_text (widget, &mnemonic);
          if (shown == NULL || *shown == '\0')
            g_string_append_printf (report, "%s (%s) has no name\n", type,
                                    gtk_widget_get_name (widget));
          else if (mnemonic && strchr (shown, '_') != NULL)
            g_string_append_printf (report, "%s “%s” is named with its mnemonic underscore\n",
                                    type, shown);
        }
      else if (label != NULL && *label == '\0')
        g_string_append_printf (report, "%s has an empty name\n", type);
      else if (label != NULL && strchr (label, '_') != NULL)
        g_string_append_printf (report, "%s “%s”: an underscore in its name\n", type, label);
      else if (label != NULL && a11y_doubled (label))
        g_string_append_printf (report, "%s “%s”: its name says it twice\n", type, label);
      else if (label != NULL && g_str_has_prefix (label, "Gtk"))
        g_string_append_printf (report, "%s is named after a GTK class: “%s”\n", type, label);

      if (in_button && a11y_is_button (widget) && !GTK_IS_TOGGLE_BUTTON (widget))
        g_string_append_printf (report, "%s “%s” is a button inside a button\n", type,
                                label ? label : shown ? shown : "");
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    a11y_walk (c, in_button || a11y_is_button (widget), report, n_checked);
}

char *
vt_a11y_check_tree (GtkWidget *root,
                    guint     *n_checked)
{
  g_autoptr(GString) report = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  a11y_walk (root, FALSE, report, &n);
  if (n_checked != NULL)
    *n_checked = n;
  return report->len > 0 ? g_string_free (g_steal_pointer (&report), FALSE) : NULL;
}

/* }}} */
