/* voisins-post-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-post-row.h"
#include "voisins-ui-util.h"

struct _VoisinsPostRow
{
  GtkWidget    parent_instance;

  VoisinsPost *post;
  char        *accessible_label;
  int          category;       /* the icon's, or -1 */

  /* template children */
  GtkLabel    *distance_label;
  GtkImage    *icon;
  GtkLabel    *kind_label;
  GtkLabel    *status_label;
  GtkLabel    *subtitle_label;
  GtkLabel    *title_label;
};

G_DEFINE_FINAL_TYPE (VoisinsPostRow, voisins_post_row, GTK_TYPE_WIDGET)

static void
voisins_post_row_dispose (GObject *object)
{
  VoisinsPostRow *self = (VoisinsPostRow *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_POST_ROW);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->post);
  g_clear_pointer (&self->accessible_label, g_free);

  G_OBJECT_CLASS (voisins_post_row_parent_class)->dispose (object);
}

static void
voisins_post_row_class_init (VoisinsPostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_post_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, distance_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostRow, title_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* The category's name over its icon, asked for when the pointer rests on it: setting a
 * tooltip on every bind made GTK query the pointer's position from the X server, for each
 * of the ~200 rows a GTK 4.8 list view rebinds when the list changes (perf: 8% of a search). */
static gboolean
icon_query_tooltip (VoisinsPostRow *self,
                    int             x,
                    int             y,
                    gboolean        keyboard,
                    GtkTooltip     *tooltip)
{
  if (self->post == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip,
                        voisins_ui_category_label (voisins_post_get_category (self->post)));
  return TRUE;
}

static void
voisins_post_row_init (VoisinsPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->category = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->icon), TRUE);
  g_signal_connect_swapped (self->icon, "query-tooltip", G_CALLBACK (icon_query_tooltip), self);
}

GtkWidget *
voisins_post_row_new (void)
{
  return g_object_new (VOISINS_TYPE_POST_ROW, NULL);
}

VoisinsPost *
voisins_post_row_get_post (VoisinsPostRow *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_ROW (self), NULL);

  return self->post;
}

const char *
voisins_post_row_get_accessible_label (VoisinsPostRow *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_ROW (self), NULL);

  return self->accessible_label;
}

/* What a screen reader says for the row: title, kind and category, for whom, when, status
 * ("Courses pour Mme Leroy, Request, Small service, for Jeanne M., 3 days ago, Open"). */
static char *
describe_post (VoisinsPost *post,
               const char  *when,
               const char  *starts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *author = voisins_post_get_author_name (post);

  g_ptr_array_add (parts, g_strdup (voisins_post_get_title (post)));
  g_ptr_array_add (parts, g_strdup (voisins_ui_kind_label (voisins_post_get_kind (post))));
  g_ptr_array_add (parts,
                   g_strdup (voisins_ui_category_label (voisins_post_get_category (post))));
  if (author != NULL && *author != '\0')
    /* TRANSLATORS: in a post's accessible name, the neighbour it is for ("for Jeanne M.") */
    g_ptr_array_add (parts, g_strdup_printf (_("for %s"), author));
  /* TRANSLATORS: in a post's accessible name, when it was posted ("posted 3 days ago") */
  g_ptr_array_add (parts, g_strdup_printf (_("posted %s"), when));
  if (starts != NULL)
    /* TRANSLATORS: in a post's accessible name, when the help takes place */
    g_ptr_array_add (parts, g_strdup_printf (_("on %s"), starts));
  g_ptr_array_add (parts,
                   g_strdup (voisins_ui_status_label (voisins_post_get_status (post))));
  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: what separates the parts of a post's accessible name */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

void
voisins_post_row_set_post (VoisinsPostRow *self,
                           VoisinsPost    *post,
                           gboolean        show_distance)
{
  g_autofree char *when = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *subtitle = NULL;
  VoisinsPostStatus status;
  VoisinsPostKind kind;

  g_return_if_fail (VOISINS_IS_POST_ROW (self));

  g_set_object (&self->post, post);

  if (post == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->distance_label), FALSE);
      g_clear_pointer (&self->accessible_label, g_free);
      return;
    }

  kind = voisins_post_get_kind (post);
  status = voisins_post_get_status (post);

  if (self->category != (int) voisins_post_get_category (post))
    {
      self->category = voisins_post_get_category (post);
      gtk_image_set_from_icon_name (self->icon, voisins_ui_category_icon (self->category));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      voisins_ui_category_label (self->category), -1);
    }
  gtk_label_set_label (self->title_label, voisins_post_get_title (post));

  when = voisins_ui_relative_date (voisins_post_get_created_at (post),
                                   g_get_real_time () / G_USEC_PER_SEC);
  /* TRANSLATORS: "Jeanne M. · 3 days ago" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              voisins_post_get_author_name (post)
                                ? voisins_post_get_author_name (post) : "",
                              when);
  if (voisins_post_get_starts_at (post) > 0)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (voisins_post_get_starts_at (post));
      char *with_date;

      /* TRANSLATORS: when the post's help takes place, short, see g_date_time_format();
       * French: "%a %-d %b à %H:%M" */
      starts = g_date_time_format (at, _("%a %b %-d, %H:%M"));
      /* TRANSLATORS: "Jeanne M. · 3 days ago" then when it takes place: "· Tue Dec 3, 14:30" */
      with_date = g_strdup_printf (_("%s · %s"), subtitle, starts);
      g_free (subtitle);
      subtitle = with_date;
    }
  gtk_label_set_label (self->subtitle_label, subtitle);
  g_free (self->accessible_label);
  self->accessible_label = describe_post (post, when, starts);

  gtk_label_set_label (self->kind_label, voisins_ui_kind_label (kind));
  gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "request");
  gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "offer");
  gtk_widget_add_css_class (GTK_WIDGET (self->kind_label),
                            kind == VOISINS_POST_KIND_REQUEST ? "request" : "offer");

  gtk_label_set_label (self->status_label, voisins_ui_status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label),
                          status != VOISINS_POST_STATUS_OPEN);

  if (show_distance && voisins_post_get_distance (post) >= 0)
    {
      g_autofree char *distance = voisins_ui_distance (voisins_post_get_distance (post));

      gtk_label_set_label (self->distance_label, distance);
      gtk_widget_set_visible (GTK_WIDGET (self->distance_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->distance_label), FALSE);
    }
}
