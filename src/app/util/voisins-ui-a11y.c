/* voisins-ui-a11y.c
 *
 * GTK 4.8 names a button with a mnemonic "_Save Save" (its raw label as the label property,
 * then the label widget it is labelled by), leaves the toggle button inside a GtkDropDown
 * named "GtkToggleButton", and makes every row of a list a tab stop. These
 * fixes apply to every widget of the kind, wherever it is built (templates, dialogs, toasts),
 * rather than one call per button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-ui-a11y.h"

/* "_Title" says "Title"; "__" is an underscore. In place. */
static void
strip_mnemonic (char *text)
{
  char *to = text;

  for (const char *from = text; *from != '\0'; from++)
    {
      if (*from == '_' && from[1] != '_')
        continue;
      if (*from == '_')
        from++;
      *to++ = *from;
    }
  *to = '\0';
}

/* One name, without the underscore: GTK 4.8 sets the raw label ("_Save") as the label
 * property, then names the button by its label widget too ("_Save Save"). The label property
 * gets the text without the underscore, each time the label changes, and the relation goes. */
static void
button_label_changed (GtkButton *button)
{
  g_autofree char *name = NULL;

  if (!gtk_button_get_use_underline (button) || gtk_button_get_label (button) == NULL)
    return;
  name = g_strdup (gtk_button_get_label (button));
  strip_mnemonic (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static char *
drop_down_item_text (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);
  GtkExpression *expression = gtk_drop_down_get_expression (dropdown);
  GValue value = G_VALUE_INIT;
  char *text = NULL;

  if (item == NULL)
    return NULL;
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  if (expression != NULL && gtk_expression_evaluate (expression, item, &value))
    {
      if (G_VALUE_HOLDS_STRING (&value))
        text = g_value_dup_string (&value);
      g_value_unset (&value);
    }
  return text;
}

/* "Status: Open": what the drop-down asks (its tooltip, which says it to the pointer) and
 * what it holds, on the button that opens it. */
static void
inner_button_update (GtkWidget *owner)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (owner), "voisins-a11y-button");
  const char *question = gtk_widget_get_tooltip_text (owner);
  g_autofree char *answer = NULL;
  g_autofree char *name = NULL;

  if (button == NULL || question == NULL)
    return;
  if (GTK_IS_DROP_DOWN (owner))
    answer = drop_down_item_text (GTK_DROP_DOWN (owner));
  if (answer != NULL && *answer != '\0')
    /* TRANSLATORS: a drop-down's accessible name: what it chooses, then its choice
     * ("Status: Open") */
    name = g_strdup_printf (_("%s: %s"), question, answer);
  else
    name = g_strdup (question);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
name_inner_button (GtkWidget *button,
                   GtkWidget *owner)
{
  if (g_object_get_data (G_OBJECT (owner), "voisins-a11y-button") != NULL)
    return;
  g_object_set_data (G_OBJECT (owner), "voisins-a11y-button", button);
  g_signal_connect (owner, "notify::tooltip-text", G_CALLBACK (inner_button_update), NULL);
  if (GTK_IS_DROP_DOWN (owner))
    g_signal_connect (owner, "notify::selected-item", G_CALLBACK (inner_button_update), NULL);
  inner_button_update (owner);
}

static void
entry_row_title_changed (GtkWidget  *row,
                         GParamSpec *pspec,
                         GtkWidget  *text)
{
  g_autofree char *title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  if (title == NULL || *title == '\0')
    return;
  if (adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)))
    strip_mnemonic (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* libadwaita 1.2's view switcher buttons carry the page title raw, underscore included. */
static void
switcher_button_label_changed (GtkWidget *button)
{
  g_autofree char *label = NULL;
  gboolean use_underline = FALSE;

  g_object_get (button, "label", &label, "use-underline", &use_underline, NULL);
  if (label == NULL || !use_underline || strchr (label, '_') == NULL)
    return;
  strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static gboolean
on_realize (GSignalInvocationHint *hint,
            guint                  n_values,
            const GValue          *values,
            gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (GTK_IS_BUTTON (widget) &&
      g_object_get_data (G_OBJECT (widget), "voisins-a11y") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "voisins-a11y", GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (button_label_changed), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (button_label_changed),
                        NULL);
      button_label_changed (GTK_BUTTON (widget));
    }

  /* (A GtkMenuButton's own button is labelled by the menu button: named already.) */
  if (GTK_IS_TOGGLE_BUTTON (widget) && parent != NULL)
    {
      GtkWidget *owner = gtk_widget_get_ancestor (parent, GTK_TYPE_DROP_DOWN);

      if (owner != NULL)
        name_inner_button (widget, owner);
    }

  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton") &&
      g_object_get_data (G_OBJECT (widget), "voisins-a11y") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "voisins-a11y", GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (switcher_button_label_changed),
                        NULL);
      switcher_button_label_changed (widget);
    }

  /* A drop-down's button and a combo row show their choice in a list of their own: the
   * button or the row is what takes the focus, not that list (its popover's list does). */
  if ((GTK_IS_LIST_VIEW (widget) ||
       g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget")) &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL &&
      (gtk_widget_get_ancestor (widget, GTK_TYPE_TOGGLE_BUTTON) != NULL ||
       gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW) != NULL))
    gtk_widget_set_focusable (widget, FALSE);

  /* A preferences group's list is labelled by the group's title, even an empty one: its
   * name is then "GtkLabel". Without a title, the window's says what the list is about. */
  if (GTK_IS_LIST_BOX (widget))
    {
      GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
      const char *title = group ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group))
                                : NULL;
      GtkRoot *root = gtk_widget_get_root (widget);

      if (group != NULL && (title == NULL || *title == '\0') && GTK_IS_WINDOW (root) &&
          gtk_window_get_title (GTK_WINDOW (root)) != NULL)
        {
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          gtk_window_get_title (GTK_WINDOW (root)), -1);
        }
    }

  /* An entry row's text is what takes the focus: name it after the row. */
  if (GTK_IS_TEXT (widget))
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW);

      if (row != NULL && gtk_editable_get_delegate (GTK_EDITABLE (row)) == GTK_EDITABLE (widget))
        {
          g_signal_connect_object (row, "notify::title", G_CALLBACK (entry_row_title_changed),
                                   widget, 0);
          entry_row_title_changed (row, NULL, widget);
        }
    }

  return TRUE;
}

void
voisins_ui_a11y_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class does. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0, on_realize,
                                  NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

void
voisins_ui_a11y_set_list_item_label (GtkListItem *item,
                                     const char  *label)
{
  g_return_if_fail (GTK_IS_LIST_ITEM (item));

#if GTK_CHECK_VERSION(4, 12, 0)
  gtk_list_item_set_accessible_label (item, label);
#else
  {
    /* GTK 4.8 has no API for it: the row is the widget the item's child sits in. */
    GtkWidget *child = gtk_list_item_get_child (item);
    GtkWidget *row = child != NULL ? gtk_widget_get_parent (child) : NULL;

    if (row != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label != NULL ? label : "", -1);
  }
#endif
}

static gboolean
leave_on_tab (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              gpointer               user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkDirectionType direction;
  GtkRoot *root;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  root = gtk_widget_get_root (widget);
  if (root == NULL)
    return FALSE;

  direction = (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK))
                ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  /* Its parent then moves the focus on to the widget after (or before) it, as if the
   * widget and its rows were one stop. */
  gtk_widget_set_can_focus (widget, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (widget, TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  return TRUE;
}

void
voisins_ui_a11y_list_one_tab_stop (GtkWidget *view)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (view));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (leave_on_tab), NULL);
  gtk_widget_add_controller (view, keys);
}

void
voisins_ui_a11y_text_view_tab_leaves (GtkTextView *view)
{
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  /* GtkTextView then moves the focus on Tab, Shift+Tab and Ctrl+Tab alike. */
  gtk_text_view_set_accepts_tab (view, FALSE);
}

static void
setup_full_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_full_label (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       GTK_IS_STRING_OBJECT (string)
                           ? gtk_string_object_get_string (GTK_STRING_OBJECT (string))
                           : "");
}

void
voisins_ui_a11y_combo_row_show_whole_choice (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_full_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_full_label), NULL);
  adw_combo_row_set_factory (row, factory);
}
