/* voisins-cluster-layer-targets.c
 *
 * The cluster layer draws its posts itself; these are the widgets over them that the
 * keyboard and screen readers use: a button per visible cluster, named with its place,
 * all of them ONE tab stop with the arrow keys between them (issue 17), and the list of
 * a group's posts when the group cannot split.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>

#include "voisins-cluster-layer-private.h"

/* Keyboard targets */

static int
nearest_cluster (VoisinsClusterLayer *self,
                 double               mx,
                 double               my)
{
  double best = G_MAXDOUBLE;
  int found = -1;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double d = (c->mx - mx) * (c->mx - mx) + (c->my - my) * (c->my - my);

      if (d < best)
        {
          best = d;
          found = i;
        }
    }

  return found;
}

static void
on_target_clicked (VoisinsClusterLayer *self,
                   GtkButton           *button)
{
  guint i;

  if (!g_ptr_array_find (self->targets, button, &i))
    return;

  if (self->targets_generation != self->generation)
    return;

  if (g_array_index (self->target_cluster, int, i) >= 0)
    voisins_cluster_layer_activate_cluster (self, g_array_index (self->target_cluster, int, i));
}

static GtkWidget *
create_target (VoisinsClusterLayer *self)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (button, "voisins-map-target");
  /* The pointer goes through to the layer, which hit-tests the drawn circles; a
   * button under the pointer would stop the map from being dragged. */
  gtk_widget_set_can_target (button, FALSE);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_target_clicked), self,
                           G_CONNECT_SWAPPED);

  return button;
}

static void
set_target (VoisinsClusterLayer *self,
            guint                target,
            int                  index)
{
  GtkWidget *button = g_ptr_array_index (self->targets, target);

  g_array_index (self->target_cluster, int, target) = index;

  if (index < 0)
    {
      gtk_widget_set_visible (button, FALSE);
      return;
    }
  else
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, index);
      g_autofree char *label = _voisins_cluster_layer_describe (self, c);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      gtk_widget_set_tooltip_text (button, label);
      gtk_widget_set_visible (button, TRUE);
    }
}

void
voisins_cluster_layer_sync_targets (VoisinsClusterLayer *self)
{
  Projection proj;
  g_autofree gboolean *has_target = NULL;
  guint next_free = 0;

  g_return_if_fail (VOISINS_IS_CLUSTER_LAYER (self));

  g_clear_handle_id (&self->sync_source, g_source_remove);

  _voisins_cluster_layer_ensure_clusters (self);
  projection_init (self, &proj);

  if (self->targets_generation != self->generation)
    {
      GtkWidget *focused = gtk_widget_get_focus_child (GTK_WIDGET (self));
      guint focused_target;

      for (guint i = 0; i < self->targets->len; i++)
        g_array_index (self->target_cluster, int, i) = -1;
      self->targets_generation = self->generation;

      /* After a zoom the keyboard stays on the posts: on the cluster nearest to where
       * it was, rather than falling out of the map. */
      if (focused != NULL && g_ptr_array_find (self->targets, focused, &focused_target))
        {
          int nearest = nearest_cluster (self, self->focus_mx, self->focus_my);

          if (nearest >= 0)
            set_target (self, focused_target, nearest);
        }
    }

  /* Keep the targets whose cluster is still on screen (so that focus stays put while
   * panning), free the others, then give free ones to newly visible clusters. */
  has_target = g_new0 (gboolean, self->clusters->len + 1);
  for (guint i = 0; i < self->targets->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->targets, i);
      int index = g_array_index (self->target_cluster, int, i);
      const Cluster *c;
      double x, y;

      if (index < 0)
        {
          set_target (self, i, -1);
          continue;
        }

      c = &g_array_index (self->clusters, Cluster, index);
      project (&proj, c->mx, c->my, &x, &y);
      if (is_on_screen (&proj, x, y, 0) || gtk_widget_has_focus (button))
        has_target[index] = TRUE;
      else
        set_target (self, i, -1);
    }

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      if (has_target[i])
        continue;

      project (&proj, c->mx, c->my, &x, &y);
      if (!is_on_screen (&proj, x, y, 0))
        continue;

      while (next_free < self->targets->len
             && g_array_index (self->target_cluster, int, next_free) >= 0)
        next_free++;

      if (next_free == self->targets->len)
        {
          int unused = -1;

          if (self->targets->len >= MAX_TARGETS)
            break;

          g_ptr_array_add (self->targets, create_target (self));
          g_array_append_val (self->target_cluster, unused);
        }

      set_target (self, next_free, i);
      has_target[i] = TRUE;
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
sync_targets_cb (gpointer user_data)
{
  VoisinsClusterLayer *self = user_data;

  self->sync_source = 0;
  voisins_cluster_layer_sync_targets (self);

  return G_SOURCE_REMOVE;
}

void
_voisins_cluster_layer_schedule_sync (VoisinsClusterLayer *self)
{
  if (self->sync_source == 0)
    self->sync_source = g_timeout_add_full (G_PRIORITY_LOW, 50, sync_targets_cb, self, NULL);
}

/* One tab stop for all the posts (issue 17): Tab enters on the last target the keyboard
 * was on (or the westernmost), the arrow keys go between the targets on screen (Left and
 * Right west to east, Up and Down north to south), Home and End to the ends, Enter
 * opens, and Tab leaves. */

typedef struct
{
  GtkWidget *target;
  double     x;
  double     y;
} Stop;

static int
compare_west_east (gconstpointer a,
                   gconstpointer b)
{
  const Stop *sa = a, *sb = b;

  if (sa->x != sb->x)
    return sa->x < sb->x ? -1 : 1;
  return (sa->y > sb->y) - (sa->y < sb->y);
}

static int
compare_north_south (gconstpointer a,
                     gconstpointer b)
{
  const Stop *sa = a, *sb = b;

  if (sa->y != sb->y)
    return sa->y < sb->y ? -1 : 1;
  return (sa->x > sb->x) - (sa->x < sb->x);
}

static GArray *
list_stops (VoisinsClusterLayer *self)
{
  GArray *stops = g_array_new (FALSE, FALSE, sizeof (Stop));
  Projection proj;

  if (self->targets_generation != self->generation)
    return stops;

  projection_init (self, &proj);
  for (guint i = 0; i < self->targets->len; i++)
    {
      GtkWidget *target = g_ptr_array_index (self->targets, i);
      int index = g_array_index (self->target_cluster, int, i);
      const Cluster *c;
      Stop stop = { target, 0, 0 };

      if (index < 0 || index >= (int) self->clusters->len || !gtk_widget_get_visible (target))
        continue;

      c = &g_array_index (self->clusters, Cluster, index);
      project (&proj, c->mx, c->my, &stop.x, &stop.y);
      g_array_append_val (stops, stop);
    }

  return stops;
}

static void
remember_focus (VoisinsClusterLayer *self,
                GtkWidget           *target)
{
  guint i;

  self->last_focus = target;
  if (target != NULL && g_ptr_array_find (self->targets, target, &i)
      && self->targets_generation == self->generation)
    {
      int index = g_array_index (self->target_cluster, int, i);

      if (index >= 0 && index < (int) self->clusters->len)
        {
          self->focus_mx = g_array_index (self->clusters, Cluster, index).mx;
          self->focus_my = g_array_index (self->clusters, Cluster, index).my;
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
focus_stop (VoisinsClusterLayer *self,
            GtkWidget           *target)
{
  if (target == NULL || !gtk_widget_grab_focus (target))
    return FALSE;

  remember_focus (self, target);
  return TRUE;
}

/* The target to go to from @from (NULL: entering) in @direction. */
static GtkWidget *
find_stop (VoisinsClusterLayer *self,
           GtkWidget           *from,
           GtkDirectionType     direction,
           gboolean             to_end)
{
  g_autoptr(GArray) stops = list_stops (self);
  gboolean vertical = direction == GTK_DIR_UP || direction == GTK_DIR_DOWN;
  gboolean forward = direction == GTK_DIR_RIGHT || direction == GTK_DIR_DOWN
                     || direction == GTK_DIR_TAB_FORWARD;
  int at = -1;

  if (stops->len == 0)
    return NULL;

  g_array_sort (stops, vertical ? compare_north_south : compare_west_east);
  if (to_end)
    return g_array_index (stops, Stop, forward ? stops->len - 1 : 0).target;

  for (guint i = 0; i < stops->len; i++)
    if (g_array_index (stops, Stop, i).target == from)
      at = i;

  if (at < 0)
    return g_array_index (stops, Stop, 0).target;

  at = CLAMP (at + (forward ? 1 : -1), 0, (int) stops->len - 1);

  return g_array_index (stops, Stop, at).target;
}

gboolean
_voisins_cluster_layer_focus (GtkWidget        *widget,
                              GtkDirectionType  direction)
{
  VoisinsClusterLayer *self = VOISINS_CLUSTER_LAYER (widget);
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  GtkWidget *target;

  /* Inside the list of a group's posts, the usual focus chain. */
  if (focus_child != NULL && focus_child == self->popover)
    return GTK_WIDGET_CLASS (g_type_class_peek (SHUMATE_TYPE_LAYER))->focus (widget, direction);

  if (focus_child != NULL)
    {
      /* Tab leaves the posts: they are one stop. */
      if (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
        return FALSE;

      target = find_stop (self, focus_child, direction, FALSE);
      if (target != NULL && target != focus_child)
        focus_stop (self, target);
      return TRUE;
    }

  if (self->sync_source != 0)
    voisins_cluster_layer_sync_targets (self);

  target = self->last_focus;
  if (target == NULL || !gtk_widget_get_visible (target) ||
      gtk_widget_get_parent (target) != widget)
    target = find_stop (self, NULL, GTK_DIR_RIGHT, FALSE);

  return focus_stop (self, target);
}

gboolean
_voisins_cluster_layer_key_pressed (GtkEventControllerKey *controller,
                                    guint                  keyval,
                                    guint                  keycode,
                                    GdkModifierType        state,
                                    VoisinsClusterLayer   *self)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));
  GtkDirectionType direction;
  gboolean to_end = FALSE;
  GtkWidget *target;

  if (focus_child == NULL || focus_child == self->popover
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      direction = GTK_DIR_LEFT;
      break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
      direction = GTK_DIR_RIGHT;
      break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      direction = GTK_DIR_UP;
      break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      direction = GTK_DIR_DOWN;
      break;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      direction = GTK_DIR_LEFT;
      to_end = TRUE;
      break;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      direction = GTK_DIR_RIGHT;
      to_end = TRUE;
      break;
    default:
      return FALSE;
    }

  target = find_stop (self, focus_child, direction, to_end);
  if (target != NULL && target != focus_child)
    focus_stop (self, target);

  return TRUE;
}

void
_voisins_cluster_layer_focus_changed (VoisinsClusterLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A group that cannot split */

static void
on_listed_post_clicked (GtkButton           *button,
                        VoisinsClusterLayer *self)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "voisins-post-id"));

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (id != NULL)
    _voisins_cluster_layer_emit_post_activated (self, id);
}

static gboolean
unparent_popover_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);

  return G_SOURCE_REMOVE;
}

static void
on_popover_closed (VoisinsClusterLayer *self,
                   GtkPopover          *popover)
{
  if (self->popover == GTK_WIDGET (popover))
    self->popover = NULL;

  /* The keyboard goes back to the group it came from. */
  if (self->last_focus != NULL && gtk_widget_get_visible (self->last_focus))
    gtk_widget_grab_focus (self->last_focus);

  /* Not from its own "closed" handler. */
  g_idle_add (unparent_popover_cb, g_object_ref (popover));
}

gboolean
_voisins_cluster_layer_can_split (VoisinsClusterLayer *self,
                                  const Cluster       *c)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double max_zoom = shumate_viewport_get_max_zoom_level (viewport);
  double world = get_tile_size (self) * pow (2.0, max_zoom);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  if (self->cluster_zoom >= (int) max_zoom)
    return FALSE;

  for (guint i = c->first_point; i < c->first_point + c->count && i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      min_x = MIN (min_x, p->mx);
      max_x = MAX (max_x, p->mx);
      min_y = MIN (min_y, p->my);
      max_y = MAX (max_y, p->my);
    }

  return MAX (max_x - min_x, max_y - min_y) * world > SPLIT_PIXELS;
}

/* Zooming in would never split these posts: a list of them to choose from. */
void
_voisins_cluster_layer_list_cluster (VoisinsClusterLayer *self,
                                     const Cluster       *c)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = _voisins_cluster_layer_describe (self, c);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *first = NULL;
  Projection proj;
  double x, y;

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  self->popover = gtk_popover_new ();
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (heading), 40);
  gtk_widget_set_margin_start (heading, 6);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_box_append (GTK_BOX (box), heading);

  for (guint i = c->first_point;
       i < c->first_point + MIN (c->count, MAX_LISTED) && i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);
      g_autoptr(VoisinsPost) post = _voisins_cluster_layer_get_post (self, p->post);
      gboolean request =
          g_array_index (self->entries, Entry, p->post).kind == VOISINS_POST_KIND_REQUEST;
      g_autofree char *label = NULL;
      GtkWidget *button;

      if (post == NULL)
        continue;

      label = g_strdup_printf (request ? _("Request: %s") : _("Offer: %s"),
                               voisins_post_get_title (post));
      button = gtk_button_new_with_label (label);
      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                               PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 40);
      gtk_widget_set_tooltip_text (button, label);
      g_object_set_data_full (G_OBJECT (button), "voisins-post-id",
                              g_strdup (voisins_post_get_id (post)), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_listed_post_clicked), self, 0);
      gtk_box_append (GTK_BOX (box), button);
      if (first == NULL)
        first = button;
    }

  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  projection_init (self, &proj);
  project (&proj, c->mx, c->my, &x, &y);
  gtk_popover_set_pointing_to (
      GTK_POPOVER (self->popover),
      &(GdkRectangle){ (int) floor (x - c->radius), (int) floor (y - c->radius),
                       (int) ceil (2 * c->radius), (int) ceil (2 * c->radius) });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

GtkWidget *
voisins_cluster_layer_get_popover (VoisinsClusterLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), NULL);

  return self->popover;
}
