/* voisins-cluster-layer-private.h: what the cluster layer's files share
 *
 * voisins-cluster-layer.c clusters the posts; voisins-cluster-layer-sprites.c draws them;
 * voisins-cluster-layer-targets.c keeps the keyboard's and screen readers' targets over
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "voisins-cluster-layer.h"
#include "voisins-post.h"

G_BEGIN_DECLS

/* Side of a clustering cell, in pixels at the integer zoom level. */
#define CELL_SIZE      64.0
#define SINGLE_RADIUS  13.0
#define ICON_SIZE      16
/* A group whose posts all sit within this many pixels at the deepest zoom never splits
 * (the posts of one neighbour share one approximate position): it lists its posts. */
#define SPLIT_PIXELS   12.0
#define MAX_LISTED     30
/* Keyboard targets: at most one per visible cluster, never more than this. */
#define MAX_TARGETS    400

static const GdkRGBA white = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA halo = { 1.0, 1.0, 1.0, 0.85 };

/* A marker drawn once (voisins-cluster-layer-sprites.c). */
typedef struct _Sprite Sprite;

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
  guint  first_point;     /* its points are self->points[first_point, first_point + count) */
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
  GHashTable       *sprites;      /* sprite key -> Sprite */
  int               sprite_scale; /* the scale factor they were drawn at */

  /* The address base that names places ("near rue de Lyon"); NULL: no names. */
  VoisinsStore *place_store;
  char         *place_association;
  GHashTable   *streets;      /* "lat,lon" rounded -> street, "" for none */
  /* The last target the keyboard was on, to come back to it with Tab. */
  GtkWidget    *last_focus;
  double        focus_mx;     /* where the focused target's cluster was, to follow it */
  double        focus_my;     /* across a zoom */
  GtkWidget    *popover;      /* the posts of a group that cannot split */
};

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

static inline double
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

static inline void
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

/* voisins-cluster-layer.c */
void         _voisins_cluster_layer_ensure_clusters       (VoisinsClusterLayer *self);
char        *_voisins_cluster_layer_describe              (VoisinsClusterLayer *self,
                                                           const Cluster       *cluster);
VoisinsPost *_voisins_cluster_layer_get_post              (VoisinsClusterLayer *self,
                                                           guint                entry);
void         _voisins_cluster_layer_emit_post_activated   (VoisinsClusterLayer *self,
                                                           const char          *id);

/* voisins-cluster-layer-sprites.c */
void         _voisins_cluster_layer_snapshot_clusters     (VoisinsClusterLayer *self,
                                                           GtkSnapshot         *snapshot,
                                                           const Projection    *proj);

/* voisins-cluster-layer-targets.c */
void         _voisins_cluster_layer_schedule_sync         (VoisinsClusterLayer *self);
gboolean     _voisins_cluster_layer_focus                 (GtkWidget           *widget,
                                                           GtkDirectionType     direction);
gboolean     _voisins_cluster_layer_key_pressed           (GtkEventControllerKey *controller,
                                                           guint                  keyval,
                                                           guint                  keycode,
                                                           GdkModifierType        state,
                                                           VoisinsClusterLayer   *self);
void         _voisins_cluster_layer_focus_changed         (VoisinsClusterLayer *self);
gboolean     _voisins_cluster_layer_can_split             (VoisinsClusterLayer *self,
                                                           const Cluster       *cluster);
void         _voisins_cluster_layer_list_cluster          (VoisinsClusterLayer *self,
                                                           const Cluster       *cluster);

G_END_DECLS
