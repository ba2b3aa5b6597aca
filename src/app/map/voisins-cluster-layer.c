/* voisins-cluster-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <math.h>

#include "voisins-cluster-layer-private.h"
#include "voisins-post-list.h"

G_DEFINE_FINAL_TYPE (VoisinsClusterLayer, voisins_cluster_layer, SHUMATE_TYPE_LAYER)

enum {
  POST_ACTIVATED,
  CLUSTER_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const GdkRGBA selected_color = { 0.141, 0.122, 0.192, 1.0 }; /* #241f31 */
static const GdkRGBA focus_color = { 0.102, 0.373, 0.706, 1.0 };    /* #1a5fb4 */

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_object (&e->post);
}

static VoisinsStore *
get_store (VoisinsClusterLayer *self)
{
  if (self->model != NULL && VOISINS_IS_POST_LIST (self->model))
    return voisins_post_list_get_store (VOISINS_POST_LIST (self->model));
  return NULL;
}

/* Full ref to the post behind an entry, read from the store when needed. */
static VoisinsPost *
entry_get_post (VoisinsClusterLayer *self,
                guint                index)
{
  const Entry *e = &g_array_index (self->entries, Entry, index);
  VoisinsStore *store;

  if (e->post != NULL)
    return g_object_ref (e->post);

  store = get_store (self);
  return store ? voisins_store_get_post_by_rowid (store, e->rowid, NULL) : NULL;
}

static gboolean
entry_is_selected (VoisinsClusterLayer *self,
                   const Entry         *e)
{
  if (self->selected_id == NULL)
    return FALSE;
  if (e->post != NULL)
    return g_strcmp0 (voisins_post_get_id (e->post), self->selected_id) == 0;
  return e->rowid != 0 && e->rowid == self->selected_rowid;
}

static void
add_entry (VoisinsClusterLayer *self,
           Entry               *e)
{
  Point p;

  if (!isfinite (e->latitude) || !isfinite (e->longitude) ||
      (e->latitude == 0.0 && e->longitude == 0.0) ||
      e->latitude < -90 || e->latitude > 90 || e->longitude < -180 || e->longitude > 180)
    {
      g_clear_object (&e->post);
      return;
    }

  p.mx = lon_to_mx (e->longitude);
  p.my = lat_to_my (e->latitude);
  p.post = self->entries->len;
  p.cell = 0;
  g_array_append_val (self->entries, *e);
  g_array_append_val (self->points, p);
}

static void
points_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VoisinsClusterLayer *self = user_data;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  points = voisins_store_query_post_points_finish (VOISINS_STORE (object), result, &error);
  if (points == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the map's posts: %s", error->message);
      g_object_unref (self);
      return;
    }

  g_array_set_size (self->entries, 0);
  g_array_set_size (self->points, 0);
  for (guint i = 0; i < points->len; i++)
    {
      const VoisinsPostPoint *pt = &g_array_index (points, VoisinsPostPoint, i);
      Entry e = { pt->rowid, pt->latitude, pt->longitude, pt->kind, pt->category, NULL };

      add_entry (self, &e);
    }

  self->clusters_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _voisins_cluster_layer_schedule_sync (self);
  g_object_unref (self);
}

static gboolean
fetch_points_cb (gpointer data)
{
  VoisinsClusterLayer *self = data;
  VoisinsStore *store = get_store (self);

  self->points_source = 0;
  if (store == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->points_cancellable);
  g_clear_object (&self->points_cancellable);
  self->points_cancellable = g_cancellable_new ();
  voisins_store_query_post_points_async (store,
                                         voisins_post_list_get_query (VOISINS_POST_LIST (self->model)),
                                         self->points_cancellable, points_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

/* The store-backed list: read positions in a worker, only while the map is on screen,
 * and not on every keystroke of a search. */
static void
schedule_points (VoisinsClusterLayer *self)
{
  g_clear_handle_id (&self->points_source, g_source_remove);
  self->points_source = g_timeout_add (150, fetch_points_cb, self);
}

static void
ensure_points (VoisinsClusterLayer *self)
{
  guint n;

  if (!self->points_dirty)
    return;

  if (get_store (self) != NULL)
    {
      /* Read when the map is on screen; "map" brings us back here. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        {
          self->points_dirty = FALSE;
          schedule_points (self);
        }
      return;
    }

  self->points_dirty = FALSE;
  self->clusters_dirty = TRUE;

  g_array_set_size (self->entries, 0);
  g_array_set_size (self->points, 0);

  if (self->model == NULL)
    return;

  n = g_list_model_get_n_items (self->model);
  for (guint i = 0; i < n; i++)
    {
      VoisinsPost *post = g_list_model_get_item (self->model, i);
      Entry e = {
        0, voisins_post_get_latitude (post), voisins_post_get_longitude (post),
        voisins_post_get_kind (post), voisins_post_get_category (post), post
      };

      add_entry (self, &e);
    }
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a;
  const Point *pb = b;

  return (pa->cell > pb->cell) - (pa->cell < pb->cell);
}

static double
cluster_radius (guint count)
{
  if (count <= 1)
    return SINGLE_RADIUS;

  return 15.0 + 4.0 * log10 ((double) count);
}

static void
ensure_clusters (VoisinsClusterLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int zoom;
  double cells;
  Cluster *current = NULL;
  gint64 current_cell = -1;

  ensure_points (self);

  zoom = (int) floor (shumate_viewport_get_zoom_level (viewport) + 1e-6);
  if (!self->clusters_dirty && zoom == self->cluster_zoom)
    return;

  self->clusters_dirty = FALSE;
  self->cluster_zoom = zoom;
  self->generation++;
  g_array_set_size (self->clusters, 0);

  /* Grid clustering in pixel space at the integer zoom level: one cluster per cell,
   * drawn at the mean position of its posts. Recomputed only on zoom or data changes. */
  cells = get_tile_size (self) * pow (2.0, zoom) / CELL_SIZE;
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);
      gint64 cx = (gint64) floor (p->mx * cells);
      gint64 cy = (gint64) floor (p->my * cells);

      p->cell = (cy << 31) | (cx & 0x7fffffff);
    }
  g_array_sort (self->points, compare_points);

  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);
      const Entry *e = &g_array_index (self->entries, Entry, p->post);

      if (current == NULL || p->cell != current_cell)
        {
          Cluster c = { 0 };

          c.post = p->post;
          c.first_point = i;
          g_array_append_val (self->clusters, c);
          current = &g_array_index (self->clusters, Cluster, self->clusters->len - 1);
          current_cell = p->cell;
        }

      current->mx += p->mx;
      current->my += p->my;
      current->count++;
      if (e->kind == VOISINS_POST_KIND_REQUEST)
        current->n_requests++;
      if (entry_is_selected (self, e))
        current->selected = TRUE;
    }

  for (guint i = 0; i < self->clusters->len; i++)
    {
      Cluster *c = &g_array_index (self->clusters, Cluster, i);

      c->mx /= c->count;
      c->my /= c->count;
      c->latitude = my_to_lat (c->my);
      c->longitude = mx_to_lon (c->mx);
      c->radius = cluster_radius (c->count);
    }

  g_debug ("%u posts in %u clusters at zoom %d",
           self->points->len, self->clusters->len, zoom);
}

/* The street nearest to a cluster, from the address base (never a number: positions are
 * approximate, and a street is what a neighbour would say). */
static const char *
cluster_street (VoisinsClusterLayer *self,
                const Cluster       *c)
{
  g_autofree char *key = NULL;
  const char *street;

  if (self->place_store == NULL || self->place_association == NULL)
    return NULL;

  key = g_strdup_printf ("%.4f,%.4f", c->latitude, c->longitude);
  street = g_hash_table_lookup (self->streets, key);
  if (street == NULL)
    {
      char *found = voisins_store_dup_nearest_street (self->place_store, self->place_association,
                                                      c->latitude, c->longitude, 250.0);

      street = found ? found : g_strdup ("");
      g_hash_table_insert (self->streets, g_steal_pointer (&key), (char *) street);
    }

  return *street != '\0' ? street : NULL;
}

static char *
describe_cluster (VoisinsClusterLayer *self,
                  const Cluster       *c)
{
  const char *street = cluster_street (self, c);

  if (c->count == 1)
    {
      g_autoptr(VoisinsPost) post = entry_get_post (self, c->post);
      const char *title = post ? voisins_post_get_title (post) : NULL;
      gboolean request =
          g_array_index (self->entries, Entry, c->post).kind == VOISINS_POST_KIND_REQUEST;

      if (street != NULL)
        /* TRANSLATORS: a post on the map, for screen readers: its title, then a street
         * ("Request: Lend a drill, near rue de Lyon") */
        return g_strdup_printf (request ? _("Request: %s, near %s") : _("Offer: %s, near %s"),
                                title ? title : "", street);

      return g_strdup_printf (request ? _("Request: %s") : _("Offer: %s"), title ? title : "");
    }

  if (street != NULL)
    /* TRANSLATORS: a group of posts on the map, then a street ("6 posts near rue de Lyon") */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post near %s", "%u posts near %s",
                                         c->count),
                            c->count, street);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post here", "%u posts here", c->count),
                          c->count);
}

/* The first zoom level at which the cluster's posts fall in more than one cell: a click
 * goes just as deep as needed to split the group, one step when one is enough. */
static double
split_zoom (VoisinsClusterLayer *self,
            const Cluster       *c)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int max_zoom = (int) shumate_viewport_get_max_zoom_level (viewport);

  for (int zoom = self->cluster_zoom + 1; zoom < max_zoom; zoom++)
    {
      double cells = get_tile_size (self) * pow (2.0, zoom) / CELL_SIZE;
      const Point *first = &g_array_index (self->points, Point, c->first_point);
      gint64 x0 = (gint64) floor (first->mx * cells);
      gint64 y0 = (gint64) floor (first->my * cells);

      for (guint i = c->first_point + 1; i < c->first_point + c->count && i < self->points->len;
           i++)
        {
          const Point *p = &g_array_index (self->points, Point, i);

          if ((gint64) floor (p->mx * cells) != x0 || (gint64) floor (p->my * cells) != y0)
            return zoom;
        }
    }

  return max_zoom;
}

/* Drawing */

static void
append_ring (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         radius,
             double         width,
             const GdkRGBA *color)
{
  GskRoundedRect rect;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius);
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rect, &bounds, radius);
  gtk_snapshot_append_border (snapshot, &rect, widths, colors);
}

static void
voisins_cluster_layer_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  VoisinsClusterLayer *self = VOISINS_CLUSTER_LAYER (widget);
  Projection proj;
  int selected = -1;
  double sel_x = 0, sel_y = 0;
  GtkWidget *focused;
  GtkRoot *root;
  guint focused_target;

  ensure_clusters (self);
  projection_init (self, &proj);

  _voisins_cluster_layer_snapshot_clusters (self, snapshot, &proj);

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      if (!c->selected)
        continue;

      project (&proj, c->mx, c->my, &x, &y);
      if (is_on_screen (&proj, x, y, c->radius + 4))
        {
          selected = i;
          sel_x = x;
          sel_y = y;
        }
    }

  if (selected >= 0)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, selected);

      append_ring (snapshot, sel_x, sel_y, c->radius + 5, 3.0, &selected_color);
      append_ring (snapshot, sel_x, sel_y, c->radius + 7, 2.0, &halo);
    }

  focused = gtk_widget_get_focus_child (widget);
  root = gtk_widget_get_root (widget);
  if (focused != NULL && GTK_IS_WINDOW (root) && gtk_window_get_focus_visible (GTK_WINDOW (root))
      && g_ptr_array_find (self->targets, focused, &focused_target)
      && self->targets_generation == self->generation)
    {
      int index = g_array_index (self->target_cluster, int, focused_target);

      /* A ring that shows on any basemap: dark inside, white outside. */
      if (index >= 0 && index < (int) self->clusters->len)
        {
          const Cluster *c = &g_array_index (self->clusters, Cluster, index);
          double x, y;

          project (&proj, c->mx, c->my, &x, &y);
          append_ring (snapshot, x, y, c->radius + 7, 2.0, &white);
          append_ring (snapshot, x, y, c->radius + 5, 3.0, &focus_color);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* ShumateLayer's contains() is always FALSE, so that the pointer falls through a layer
 * to the map: with it, no pointer event ever reached this layer's click gesture, and a
 * click on a post or a cluster did nothing (issue 13) while the keyboard worked. The
 * drawn circles are ours; the rest of the layer still lets the map be dragged. */
static gboolean
voisins_cluster_layer_contains (GtkWidget *widget,
                                double     x,
                                double     y)
{
  return voisins_cluster_layer_cluster_at (VOISINS_CLUSTER_LAYER (widget), x, y) >= 0;
}

static void
voisins_cluster_layer_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = *natural = 0;
}

static void
voisins_cluster_layer_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  VoisinsClusterLayer *self = VOISINS_CLUSTER_LAYER (widget);
  Projection proj;

  ensure_clusters (self);
  projection_init (self, &proj);
  proj.half_w = width / 2.0;
  proj.half_h = height / 2.0;

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));

  for (guint i = 0; i < self->targets->len; i++)
    {
      GtkWidget *target = g_ptr_array_index (self->targets, i);
      int index = g_array_index (self->target_cluster, int, i);
      const Cluster *c;
      double x, y;
      int min;

      if (!gtk_widget_get_visible (target))
        continue;

      gtk_widget_measure (target, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      gtk_widget_measure (target, GTK_ORIENTATION_VERTICAL, -1, &min, NULL, NULL, NULL);

      if (index < 0 || index >= (int) self->clusters->len
          || self->targets_generation != self->generation)
        {
          gtk_widget_size_allocate (target, &(GtkAllocation) { -100, -100, 1, 1 }, -1);
          continue;
        }

      c = &g_array_index (self->clusters, Cluster, index);
      project (&proj, c->mx, c->my, &x, &y);
      gtk_widget_size_allocate (target,
                                &(GtkAllocation) {
                                  (int) floor (x - c->radius), (int) floor (y - c->radius),
                                  (int) ceil (2 * c->radius), (int) ceil (2 * c->radius)
                                },
                                -1);
    }
}

/* Events */

static void
on_viewport_changed (VoisinsClusterLayer *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _voisins_cluster_layer_schedule_sync (self);
}

/* The press over a post is ours: claiming it denies the sequence to the map's drag and
 * double-click gestures (on the ShumateMap, our parent), so a click that wobbles a pixel
 * still opens the post rather than panning. */
static void
on_click_pressed (GtkGestureClick     *gesture,
                  int                  n_press,
                  double               x,
                  double               y,
                  VoisinsClusterLayer *self)
{
  if (voisins_cluster_layer_cluster_at (self, x, y) >= 0)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_click_released (GtkGestureClick     *gesture,
                   int                  n_press,
                   double               x,
                   double               y,
                   VoisinsClusterLayer *self)
{
  int index;

  if (n_press != 1)
    return;

  index = voisins_cluster_layer_cluster_at (self, x, y);
  if (index >= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      voisins_cluster_layer_activate_cluster (self, index);
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VoisinsClusterLayer      *self)
{
  gboolean over = voisins_cluster_layer_cluster_at (self, x, y) >= 0;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), over ? "pointer" : NULL);
}

static void
on_map (VoisinsClusterLayer *self)
{
  ensure_points (self);
}

static void
on_items_changed (VoisinsClusterLayer *self)
{
  self->points_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _voisins_cluster_layer_schedule_sync (self);
}

static void
voisins_cluster_layer_constructed (GObject *object)
{
  VoisinsClusterLayer *self = (VoisinsClusterLayer *) object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (voisins_cluster_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
voisins_cluster_layer_dispose (GObject *object)
{
  VoisinsClusterLayer *self = (VoisinsClusterLayer *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->points_source, g_source_remove);
  g_cancellable_cancel (self->points_cancellable);
  g_clear_object (&self->points_cancellable);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);

  self->last_focus = NULL;
  self->popover = NULL;
  g_clear_object (&self->place_store);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->targets != NULL)
    g_ptr_array_set_size (self->targets, 0);

  for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
    g_clear_object (&self->icons[i]);
  g_clear_pointer (&self->sprites, g_hash_table_unref);

  G_OBJECT_CLASS (voisins_cluster_layer_parent_class)->dispose (object);
}

static void
voisins_cluster_layer_finalize (GObject *object)
{
  VoisinsClusterLayer *self = (VoisinsClusterLayer *) object;

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->clusters, g_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->target_cluster, g_array_unref);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->place_association, g_free);
  g_clear_pointer (&self->streets, g_hash_table_unref);

  G_OBJECT_CLASS (voisins_cluster_layer_parent_class)->finalize (object);
}

static void
voisins_cluster_layer_class_init (VoisinsClusterLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = voisins_cluster_layer_constructed;
  object_class->dispose = voisins_cluster_layer_dispose;
  object_class->finalize = voisins_cluster_layer_finalize;

  widget_class->snapshot = voisins_cluster_layer_snapshot;
  widget_class->contains = voisins_cluster_layer_contains;
  widget_class->focus = _voisins_cluster_layer_focus;
  widget_class->measure = voisins_cluster_layer_measure;
  widget_class->size_allocate = voisins_cluster_layer_size_allocate;

  /**
   * VoisinsClusterLayer::post-activated:
   * @id: the post's id
   *
   * A single post was clicked or activated from the keyboard.
   */
  signals [POST_ACTIVATED] =
    g_signal_new ("post-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VoisinsClusterLayer::cluster-activated:
   * @latitude: the cluster's centre
   * @longitude: the cluster's centre
   * @zoom: a zoom level at which the cluster splits
   *
   * A group of posts was clicked or activated from the keyboard.
   */
  signals [CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "voisins-cluster-layer");
}

static void
voisins_cluster_layer_init (VoisinsClusterLayer *self)
{
  GtkEventController *controller;

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (Cluster));
  self->targets = g_ptr_array_new ();
  self->target_cluster = g_array_new (FALSE, FALSE, sizeof (int));
  self->streets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cluster_zoom = -1;
  self->points_dirty = TRUE;
  self->clusters_dirty = TRUE;

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  g_signal_connect (controller, "pressed", G_CALLBACK (on_click_pressed), self);
  g_signal_connect (controller, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (_voisins_cluster_layer_key_pressed),
                    self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (_voisins_cluster_layer_focus_changed),
                            self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (_voisins_cluster_layer_focus_changed),
                            self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

VoisinsClusterLayer *
voisins_cluster_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (VOISINS_TYPE_CLUSTER_LAYER,
                       "viewport", viewport,
                       NULL);
}

void
voisins_cluster_layer_set_model (VoisinsClusterLayer *self,
                                 GListModel          *posts)
{
  g_return_if_fail (VOISINS_IS_CLUSTER_LAYER (self));
  g_return_if_fail (posts == NULL || G_IS_LIST_MODEL (posts));

  if (self->model == posts)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);

  g_set_object (&self->model, posts);

  if (self->model != NULL)
    g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (on_items_changed), self);

  on_items_changed (self);
}

GListModel *
voisins_cluster_layer_get_model (VoisinsClusterLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), NULL);

  return self->model;
}

gboolean
voisins_cluster_layer_select_post (VoisinsClusterLayer *self,
                                   const char          *id,
                                   double              *latitude,
                                   double              *longitude)
{
  gboolean found = FALSE;

  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), FALSE);

  if (voisins_set_str (&self->selected_id, id))
    {
      self->clusters_dirty = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (id == NULL)
    return FALSE;

  if (get_store (self) != NULL)
    {
      /* Positions may still be loading: the store knows where the post is. */
      g_autoptr(VoisinsPost) post = voisins_store_get_post (get_store (self), id, NULL);

      self->selected_rowid = voisins_store_get_post_rowid (get_store (self), id);
      self->clusters_dirty = TRUE;
      if (post != NULL)
        {
          if (latitude)
            *latitude = voisins_post_get_latitude (post);
          if (longitude)
            *longitude = voisins_post_get_longitude (post);
          found = TRUE;
        }
      return found;
    }

  ensure_points (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);

      if (e->post != NULL && g_strcmp0 (voisins_post_get_id (e->post), id) == 0)
        {
          if (latitude)
            *latitude = e->latitude;
          if (longitude)
            *longitude = e->longitude;
          found = TRUE;
          break;
        }
    }

  return found;
}

guint
voisins_cluster_layer_get_n_clusters (VoisinsClusterLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), 0);

  ensure_clusters (self);

  return self->clusters->len;
}

gboolean
voisins_cluster_layer_get_cluster (VoisinsClusterLayer *self,
                                   guint                index,
                                   double              *latitude,
                                   double              *longitude,
                                   guint               *count)
{
  const Cluster *c;

  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), FALSE);

  ensure_clusters (self);
  if (index >= self->clusters->len)
    return FALSE;

  c = &g_array_index (self->clusters, Cluster, index);
  if (latitude)
    *latitude = c->latitude;
  if (longitude)
    *longitude = c->longitude;
  if (count)
    *count = c->count;

  return TRUE;
}

guint
voisins_cluster_layer_get_n_visible_clusters (VoisinsClusterLayer *self)
{
  Projection proj;
  guint n = 0;

  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), 0);

  ensure_clusters (self);
  projection_init (self, &proj);

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      project (&proj, c->mx, c->my, &x, &y);
      if (is_on_screen (&proj, x, y, 0))
        n++;
    }

  return n;
}

int
voisins_cluster_layer_cluster_at (VoisinsClusterLayer *self,
                                  double               x,
                                  double               y)
{
  Projection proj;
  int best = -1;
  double best_d2 = G_MAXDOUBLE;

  g_return_val_if_fail (VOISINS_IS_CLUSTER_LAYER (self), -1);

  ensure_clusters (self);
  projection_init (self, &proj);

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double cx, cy, d2;

      project (&proj, c->mx, c->my, &cx, &cy);
      d2 = (cx - x) * (cx - x) + (cy - y) * (cy - y);
      if (d2 <= (c->radius + 2) * (c->radius + 2) && d2 < best_d2)
        {
          best = i;
          best_d2 = d2;
        }
    }

  return best;
}

void
voisins_cluster_layer_activate_cluster (VoisinsClusterLayer *self,
                                        guint                index)
{
  const Cluster *c;

  g_return_if_fail (VOISINS_IS_CLUSTER_LAYER (self));

  ensure_clusters (self);
  g_return_if_fail (index < self->clusters->len);

  c = &g_array_index (self->clusters, Cluster, index);
  if (c->count == 1)
    {
      g_autoptr(VoisinsPost) post = entry_get_post (self, c->post);

      if (post != NULL)
        g_signal_emit (self, signals [POST_ACTIVATED], 0, voisins_post_get_id (post));
    }
  else if (!_voisins_cluster_layer_can_split (self, c))
    _voisins_cluster_layer_list_cluster (self, c);
  else
    {
      g_signal_emit (self, signals [CLUSTER_ACTIVATED], 0,
                     c->latitude, c->longitude, split_zoom (self, c));
    }
}

void
voisins_cluster_layer_set_address_base (VoisinsClusterLayer *self,
                                        VoisinsStore        *store,
                                        const char          *association_id)
{
  g_return_if_fail (VOISINS_IS_CLUSTER_LAYER (self));
  g_return_if_fail (store == NULL || VOISINS_IS_STORE (store));

  g_set_object (&self->place_store, store);
  g_free (self->place_association);
  self->place_association = g_strdup (association_id);
  g_hash_table_remove_all (self->streets);

  /* Name the targets again. */
  self->targets_generation = self->generation - 1;
  _voisins_cluster_layer_schedule_sync (self);
}

/* For voisins-cluster-layer-targets.c */

void
_voisins_cluster_layer_ensure_clusters (VoisinsClusterLayer *self)
{
  ensure_clusters (self);
}

char *
_voisins_cluster_layer_describe (VoisinsClusterLayer *self,
                                 const Cluster       *cluster)
{
  return describe_cluster (self, cluster);
}

VoisinsPost *
_voisins_cluster_layer_get_post (VoisinsClusterLayer *self,
                                 guint                entry)
{
  return entry_get_post (self, entry);
}

void
_voisins_cluster_layer_emit_post_activated (VoisinsClusterLayer *self,
                                            const char          *id)
{
  g_signal_emit (self, signals [POST_ACTIVATED], 0, id);
}
