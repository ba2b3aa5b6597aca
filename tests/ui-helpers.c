/* ui-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#ifdef VT_HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif
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

void
vt_ui_bus_down (GTestDBus **bus)
{
  g_test_dbus_stop (*bus);
  /* Left to the end of the process on purpose, see the header. */
  *bus = NULL;
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

/* {{{ accessibility */
/* GTK 4.8 gives no getter for an accessible's name; its test context does compare a value
 * with the one set and answers with the one set when they differ: ask with a value no
 * widget carries. */
#define VT_A11Y_SENTINEL "\x01vt-sentinel\x01"

static char *
a11y_label_property (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, VT_A11Y_SENTINEL);
}

static gboolean
is_structural_role (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_FORM:
    case GTK_ACCESSIBLE_ROLE_GROUP:
    case GTK_ACCESSIBLE_ROLE_GENERIC:
    case GTK_ACCESSIBLE_ROLE_LANDMARK:
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_REGION:
    case GTK_ACCESSIBLE_ROLE_SEARCH:
    case GTK_ACCESSIBLE_ROLE_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *out)
{
  g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_widgets (c, out);
}

/* The widgets @widget is labelled by: its mnemonic labels when they are the relation, else
 * the one widget of its window the relation names. */
static GPtrArray *
a11y_labelled_by (GtkWidget *widget)
{
  GPtrArray *found = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GList *mnemonic;

  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return found;

  mnemonic = gtk_widget_list_mnemonic_labels (widget);
  if (mnemonic != NULL && mnemonic->next == NULL)
    {
      g_autofree char *diff = gtk_test_accessible_check_relation (
          GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, mnemonic->data, NULL);

      if (diff == NULL)
        g_ptr_array_add (found, mnemonic->data);
    }
  g_list_free (mnemonic);
  if (found->len > 0)
    return found;

  collect_widgets (GTK_WIDGET (gtk_widget_get_root (widget)), all);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *diff = gtk_test_accessible_check_relation (
          GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, all->pdata[i], NULL);

      if (diff == NULL)
        {
          g_ptr_array_add (found, all->pdata[i]);
          break;
        }
    }
  return found;
}

static void
a11y_name_accumulate (GtkWidget *widget,
                      GPtrArray *names,
                      gboolean   recurse)
{
  char *label = a11y_label_property (widget);
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  if (label != NULL)
    g_ptr_array_add (names, label);

  if (recurse)
    {
      g_autoptr(GPtrArray) by = a11y_labelled_by (widget);

      for (guint i = 0; i < by->len; i++)
        a11y_name_accumulate (by->pdata[i], names, FALSE);
      if (by->len == 0 &&
          gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        g_ptr_array_add (names, g_strdup ("(labelled by several widgets)"));
    }

  if (names->len == 0 && !is_structural_role (role))
    g_ptr_array_add (names, g_strdup (G_OBJECT_TYPE_NAME (widget)));
}

char *
vt_a11y_name (GtkWidget *widget)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  a11y_name_accumulate (widget, names, TRUE);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* What a keyboard or a screen reader user lands on: a widget that takes the focus, or the
 * editable that a focused GtkText works for. */
static GtkWidget *
a11y_interactive (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_focusable (widget) ||
      !gtk_widget_get_sensitive (widget))
    return NULL;
  /* An entry's text: the entry is what is named. */
  if (GTK_IS_TEXT (widget) && parent != NULL && GTK_IS_EDITABLE (parent) &&
      gtk_editable_get_delegate (GTK_EDITABLE (parent)) == GTK_EDITABLE (widget))
    return parent;
  if (GTK_IS_TEXT (widget) && parent != NULL && GTK_IS_EDITABLE (gtk_widget_get_parent (parent)))
    return NULL;
  /* A list or grid is one stop and named; its rows are checked as rows. */
  if (GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget))
    return NULL;
  /* A label that can be selected is text, not a control. */
  if (GTK_IS_LABEL (widget))
    return NULL;
  return widget;
}

static gboolean
name_repeats (const char *name)
{
  size_t len = strlen (name);

  /* "Save Save": the same words twice, what a label property and the label itself give. */
  return len >= 3 && len % 2 == 1 && name[len / 2] == ' ' &&
         strncmp (name, name + len / 2 + 1, len / 2) == 0;
}

static gboolean
is_button_role (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  return role == GTK_ACCESSIBLE_ROLE_BUTTON;
}

/* A screen reader cannot say what a button inside a button does. */
static gboolean
inside_button (GtkWidget *widget)
{
  if (!is_button_role (widget))
    return FALSE;
  for (GtkWidget *p = gtk_widget_get_parent (widget); p != NULL; p = gtk_widget_get_parent (p))
    if (is_button_role (p))
      return TRUE;
  return FALSE;
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *p = gtk_widget_get_parent (widget); p != NULL; p = gtk_widget_get_parent (p))
    {
      const char *name = gtk_buildable_get_buildable_id (GTK_BUILDABLE (p));

      if (name != NULL || !g_str_has_prefix (G_OBJECT_TYPE_NAME (p), "Gtk"))
        {
          g_string_append_printf (path, " in %s", name ? name : G_OBJECT_TYPE_NAME (p));
          break;
        }
    }
  return g_string_free (path, FALSE);
}

guint
vt_a11y_check_names (GtkWidget *root,
                     GString   *failures)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint checked = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  collect_widgets (root, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *widget = a11y_interactive (all->pdata[i]);
      g_autofree char *name = NULL;
      g_autofree char *where = NULL;
      const char *problem = NULL;

      if (widget == NULL || !g_hash_table_add (seen, widget))
        continue;
      checked++;
      name = vt_a11y_name (widget);
      if (*name == '\0')
        problem = "no name";
      else if (g_type_from_name (name) != 0)
        problem = "named after its class";
      else if (strchr (name, '_') != NULL)
        problem = "a mnemonic underscore";
      else if (name_repeats (name))
        problem = "its text twice";
      else if (inside_button (widget))
        problem = "a button inside a button";
      if (problem == NULL)
        continue;
      where = describe (widget);
      g_string_append_printf (failures, "  %s: %s (\"%s\")\n", where, problem, name);
    }
  return checked;
}

#ifdef VT_HAVE_XTEST
static void
fake_key (Display *dpy,
          KeySym   keysym,
          gboolean down)
{
  XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, keysym), down, CurrentTime);
}
#endif

gboolean
vt_key_press (GtkWindow       *window,
              guint            keyval,
              GdkModifierType  mods)
{
#ifdef VT_HAVE_XTEST
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface;
  Display *dpy;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  g_assert_true (vt_wait_until ((VtCondFunc) gtk_widget_get_mapped, window, 5000));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  dpy = gdk_x11_display_get_xdisplay (display);

  /* No window manager under Xvfb: give the window the X focus ourselves. */
  XSetInputFocus (dpy, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (dpy, False);
  vt_spin (30);

  if (mods & GDK_CONTROL_MASK)
    fake_key (dpy, XK_Control_L, TRUE);
  if (mods & GDK_SHIFT_MASK)
    fake_key (dpy, XK_Shift_L, TRUE);
  fake_key (dpy, keyval, TRUE);
  fake_key (dpy, keyval, FALSE);
  if (mods & GDK_SHIFT_MASK)
    fake_key (dpy, XK_Shift_L, FALSE);
  if (mods & GDK_CONTROL_MASK)
    fake_key (dpy, XK_Control_L, FALSE);
  XSync (dpy, False);
  vt_spin (150);
  return TRUE;
#else
  return FALSE;
#endif
}
/* }}} */
