/* voisins-cluster-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <math.h>

#include "voisins-post-list.h"
#include "voisins-post.h"
#include "voisins-cluster-layer.h"

/* Side of a clustering cell, in pixels at the integer zoom level. */
#define CELL_SIZE      64.0
#define SINGLE_RADIUS  13.0
#define ICON_SIZE      16
/* Keyboard targets: at most one per visible cluster, never more than this. */
#define MAX_TARGETS    400

typedef struct
{
  double mx;              /* normalised Web Mercator, 0..1 */
  double my;
  guint  post;            /* index in self->entries */
  gint64 cell;
} Point;

typedef struct
{
  double mx;
  double my;
  double latitude;
  double longitude;
  double radius;
  guint  count;
  guint  n_requests;
  guint  post;            /* one of its posts */
  guint  selected : 1;
} Cluster;

/* One post on the map. From the store-backed list only its position, kind and category
 * are read (one light SQL row each); title and id are fetched by rowid when a label or a
 * click needs them. Any other GListModel (tests) keeps its objects. */
typedef struct
{
  gint64       rowid;
  double       latitude;
  double       longitude;
  guint8       kind;
  guint8       category;
  VoisinsPost *post;       /* owned; NULL for the store-backed list */
} Entry;

struct _VoisinsClusterLayer
{
  ShumateLayer parent_instance;

  GListModel *model;
  GArray     *entries;      /* Entry, those with a position */
  GCancellable *points_cancellable;
  guint       points_source;
  gint64      selected_rowid;
  GArray     *points;       /* Point */
  GArray     *clusters;     /* Cluster */
  char       *selected_id;

  int         cluster_zoom;
  guint       generation;   /* bumped whenever clusters are recomputed */
  guint       points_dirty : 1;
  guint       clusters_dirty : 1;

  /* Focusable buttons over the visible clusters, for the keyboard and screen readers. */
  GPtrArray  *targets;
  GArray     *target_cluster; /* int per target, -1 when unused */
  guint       targets_generation;
  guint       sync_source;

  GtkIconPaintable *icons[VOISINS_N_CATEGORIES];

  /* The address base that names places ("near rue de Lyon"); NULL: no names. */
  VoisinsStore *place_store;
  char         *place_association;
  GHashTable   *streets;      /* "lat,lon" rounded -> street, "" for none */
  /* The last target the keyboard was on, to come back to it with Tab. */
  GtkWidget    *last_focus;
  double        focus_mx;     /* where the focused target's cluster was, to follow it */
  double        focus_my;     /* across a zoom */
};

G_DEFINE_FINAL_TYPE (VoisinsClusterLayer, voisins_cluster_layer, SHUMATE_TYPE_LAYER)

enum {
  POST_ACTIVATED,
  CLUSTER_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char * const category_icons[VOISINS_N_CATEGORIES] = {
  [VOISINS_CATEGORY_SERVICE] = "emblem-favorite-symbolic",
  [VOISINS_CATEGORY_BABYSITTING] = "face-smile-big-symbolic",
  [VOISINS_CATEGORY_DIY] = "applications-engineering-symbolic",
  [VOISINS_CATEGORY_LENDING] = "emblem-shared-symbolic",
  [VOISINS_CATEGORY_ACTIVITY] = "applications-games-symbolic",
  [VOISINS_CATEGORY_GROUP] = "system-users-symbolic",
  [VOISINS_CATEGORY_EVENT] = "x-office-calendar-symbolic",
};

/* Adwaita palette: orange for requests, green for offers, blue for groups. */
static const GdkRGBA request_color = { 0.776, 0.275, 0.0, 1.0 };   /* #c64600 */
static const GdkRGBA offer_color = { 0.149, 0.635, 0.412, 1.0 };   /* #26a269 */
static const GdkRGBA cluster_color = { 0.110, 0.443, 0.847, 1.0 }; /* #1c71d8 */
static const GdkRGBA white = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA halo = { 1.0, 1.0, 1.0, 0.85 };
static const GdkRGBA selected_color = { 0.141, 0.122, 0.192, 1.0 }; /* #241f31 */
static const GdkRGBA focus_color = { 0.102, 0.373, 0.706, 1.0 };    /* #1a5fb4 */

static void schedule_sync   (VoisinsClusterLayer *self);
static int  nearest_cluster (VoisinsClusterLayer *self,
                             double               mx,
                             double               my);

static inline double
lon_to_mx (double lon)
{
  return (lon + 180.0) / 360.0;
}

static inline double
lat_to_my (double lat)
{
  double phi;

  lat = CLAMP (lat, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE);
  phi = lat * G_PI / 180.0;
  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

static inline double
mx_to_lon (double mx)
{
  return mx * 360.0 - 180.0;
}

static inline double
my_to_lat (double my)
{
  return atan (sinh (G_PI * (1.0 - 2.0 * my))) * 180.0 / G_PI;
}

static double
get_tile_size (VoisinsClusterLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = viewport ? shumate_viewport_get_reference_map_source (viewport) : NULL;

  return source ? shumate_map_source_get_tile_size (source) : 256.0;
}

/* Projection from normalised mercator to widget coordinates, for the current viewport. */
typedef struct
{
  double world;   /* size of the world in pixels at the current zoom */
  double cx;      /* viewport centre, in world pixels */
  double cy;
  double half_w;
  double half_h;
  double cos_r;
  double sin_r;
} Projection;

static void
projection_init (VoisinsClusterLayer *self,
                 Projection          *proj)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double rotation = shumate_viewport_get_rotation (viewport);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));

  proj->world = get_tile_size (self) * pow (2.0, zoom);
  proj->cx = lon_to_mx (lon) * proj->world;
  proj->cy = lat_to_my (lat) * proj->world;
  proj->half_w = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  proj->half_h = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  proj->cos_r = cos (rotation);
  proj->sin_r = sin (rotation);
}

static inline void
project (const Projection *proj,
         double            mx,
         double            my,
         double           *x,
         double           *y)
{
  double dx = mx * proj->world - proj->cx;
  double dy = my * proj->world - proj->cy;

  *x = proj->half_w + dx * proj->cos_r - dy * proj->sin_r;
  *y = proj->half_h + dx * proj->sin_r + dy * proj->cos_r;
}

static inline gboolean
is_on_screen (const Projection *proj,
              double            x,
              double            y,
              double            margin)
{
  return x >= -margin && y >= -margin
         && x <= 2 * proj->half_w + margin && y <= 2 * proj->half_h + margin;
}

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
  schedule_sync (self);
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
      gboolean request = g_array_index (self->entries, Entry, c->post).kind == VOISINS_POST_KIND_REQUEST;

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

/* Drawing */

static void
append_circle (GtkSnapshot   *snapshot,
               double         x,
               double         y,
               double         radius,
               const GdkRGBA *color)
{
  GskRoundedRect rect;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius);

  gsk_rounded_rect_init_from_rect (&rect, &bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

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

static GtkIconPaintable *
get_icon (VoisinsClusterLayer *self,
          VoisinsCategory      category)
{
  if ((guint) category >= VOISINS_N_CATEGORIES)
    category = VOISINS_CATEGORY_SERVICE;

  if (self->icons[category] == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      self->icons[category] = gtk_icon_theme_lookup_icon (theme, category_icons[category], NULL,
                                                          ICON_SIZE,
                                                          gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                          gtk_widget_get_direction (GTK_WIDGET (self)),
                                                          0);
    }

  return self->icons[category];
}

static void
draw_single (VoisinsClusterLayer *self,
             GtkSnapshot         *snapshot,
             const Cluster       *c,
             double               x,
             double               y)
{
  const Entry *e = &g_array_index (self->entries, Entry, c->post);
  gboolean request = e->kind == VOISINS_POST_KIND_REQUEST;
  GtkIconPaintable *icon = get_icon (self, e->category);
  const GdkRGBA icon_colors[4] = { white, white, white, white };

  append_circle (snapshot, x, y, c->radius + 2, &halo);
  append_circle (snapshot, x, y, c->radius, request ? &request_color : &offer_color);

  if (icon != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - ICON_SIZE / 2.0, y - ICON_SIZE / 2.0));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, icon_colors, 4);
      gtk_snapshot_restore (snapshot);
    }
}

static void
draw_group (VoisinsClusterLayer *self,
            GtkSnapshot         *snapshot,
            const Cluster       *c,
            double               x,
            double               y)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  int width, height;

  append_circle (snapshot, x, y, c->radius + 2, &halo);
  append_circle (snapshot, x, y, c->radius, &cluster_color);

  text = g_strdup_printf ("%u", c->count);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (layout, "", -1);
  {
    g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_layout_set_attributes (layout, attrs);
  }
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - width / 2.0, y - height / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
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

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      project (&proj, c->mx, c->my, &x, &y);
      if (!is_on_screen (&proj, x, y, c->radius + 4))
        continue;

      if (c->count == 1)
        draw_single (self, snapshot, c, x, y);
      else
        draw_group (self, snapshot, c, x, y);

      if (c->selected)
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

/* Keyboard targets */

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
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_target_clicked), self, G_CONNECT_SWAPPED);

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
      g_autofree char *label = describe_cluster (self, c);

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

  ensure_clusters (self);
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

static void
schedule_sync (VoisinsClusterLayer *self)
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

static gboolean
voisins_cluster_layer_focus (GtkWidget        *widget,
                             GtkDirectionType  direction)
{
  VoisinsClusterLayer *self = VOISINS_CLUSTER_LAYER (widget);
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  GtkWidget *target;

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
  if (target == NULL || !gtk_widget_get_visible (target) || gtk_widget_get_parent (target) != widget)
    target = find_stop (self, NULL, GTK_DIR_RIGHT, FALSE);

  return focus_stop (self, target);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VoisinsClusterLayer   *self)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));
  GtkDirectionType direction;
  gboolean to_end = FALSE;
  GtkWidget *target;

  if (focus_child == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
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

static void
on_focus_changed (VoisinsClusterLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

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

/* Events */

static void
on_viewport_changed (VoisinsClusterLayer *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_sync (self);
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
  schedule_sync (self);
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
  g_clear_object (&self->place_store);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->targets != NULL)
    g_ptr_array_set_size (self->targets, 0);

  for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
    g_clear_object (&self->icons[i]);

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
  widget_class->focus = voisins_cluster_layer_focus;
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
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_focus_changed), self);
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
  else
    {
      g_signal_emit (self, signals [CLUSTER_ACTIVATED], 0,
                     c->latitude, c->longitude, (double) self->cluster_zoom + 2.0);
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
  schedule_sync (self);
}
