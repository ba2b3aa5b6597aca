/* test-map.c: the quartier's map, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "voisins-cluster-layer.h"
#include "voisins-geo.h"
#include "voisins-geojson.h"
#include "voisins-map.h"
#include "voisins-mbtiles-source.h"
#include "voisins-post.h"
#include "voisins-tile-downloader.h"

#include <libsoup/soup.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* Quinze-Vingts (Paris 12e), simplified from the open data boundary. */
static const char quinze_vingts[] =
  "{\"type\":\"Polygon\",\"coordinates\":[["
  "[2.3732,48.84057],[2.36484,48.84584],[2.36556,48.84681],[2.36597,48.84705],"
  "[2.36731,48.84918],[2.3686,48.852],[2.3688,48.85244],[2.36914,48.85316],"
  "[2.37035,48.85325],[2.3713,48.85268],[2.37185,48.85244],[2.37851,48.85071],"
  "[2.38398,48.84816],[2.37853,48.84315],[2.3771,48.84251],[2.37378,48.84086],"
  "[2.3732,48.84057]]]}";

#define WIDTH  900
#define HEIGHT 640

typedef struct
{
  GtkWidget      *window;
  VoisinsMap     *map;
  VoisinsPolygon *boundary;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GPtrArray *mime_dirs;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Each test's isolated data dirs hide the MIME database, and gdk-pixbuf needs it
   * to recognise the SVG icons: point it back at the system's. */
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);

  fixture->boundary = voisins_polygon_new_from_geojson (quinze_vingts, &error);
  g_assert_no_error (error);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  fixture->map = VOISINS_MAP (voisins_map_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->map));
  gtk_window_present (GTK_WINDOW (fixture->window));

  for (guint i = 0; i < 200 && gtk_widget_get_width (GTK_WIDGET (fixture->map)) == 0; i++)
    wait_ms (10);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->map)), >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->boundary, voisins_polygon_unref);
  wait_ms (10);
}

static GListStore *
make_posts (VoisinsPolygon *boundary,
            guint           n)
{
  GListStore *store = g_list_store_new (VOISINS_TYPE_POST);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  VoisinsBBox bbox;

  voisins_polygon_get_bbox (boundary, &bbox);

  while (posts->len < n)
    {
      double lat = g_rand_double_range (rand, bbox.min_lat, bbox.max_lat);
      double lon = g_rand_double_range (rand, bbox.min_lon, bbox.max_lon);
      VoisinsPost *post;
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;

      if (!voisins_polygon_contains (boundary, lat, lon))
        continue;

      id = g_strdup_printf ("post-%05u", posts->len);
      title = g_strdup_printf ("Post number %u", posts->len);
      post = voisins_post_new ();
      voisins_post_set_id (post, id);
      voisins_post_set_title (post, title);
      voisins_post_set_kind (post, posts->len % 3 == 0 ? VOISINS_POST_KIND_OFFER : VOISINS_POST_KIND_REQUEST);
      voisins_post_set_category (post, posts->len % VOISINS_N_CATEGORIES);
      voisins_post_set_latitude (post, lat);
      voisins_post_set_longitude (post, lon);
      g_ptr_array_add (posts, post);
    }

  g_list_store_splice (store, 0, 0, posts->pdata, posts->len);

  return store;
}

static VoisinsPost *
make_post (const char      *id,
           const char      *title,
           VoisinsPostKind  kind,
           VoisinsCategory  category,
           double           lat,
           double           lon)
{
  VoisinsPost *post = voisins_post_new ();

  voisins_post_set_id (post, id);
  voisins_post_set_title (post, title);
  voisins_post_set_kind (post, kind);
  voisins_post_set_category (post, category);
  voisins_post_set_latitude (post, lat);
  voisins_post_set_longitude (post, lon);

  return post;
}

static void
append_post (GListStore  *store,
             VoisinsPost *post)
{
  g_list_store_append (store, post);
  g_object_unref (post);
}

static void
set_zoom (Fixture *fixture,
          double   zoom)
{
  shumate_viewport_set_zoom_level (voisins_map_get_viewport (fixture->map), zoom);
  wait_ms (100);
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* The map may not have drawn its first frame yet (tiles arrive asynchronously): give
   * it up to 3 s rather than judging an empty snapshot. */
  for (guint tries = 0; ; tries++)
    {
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL || tries >= 30)
        break;
      snapshot = gtk_snapshot_new ();
      wait_ms (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
save_artifact (GtkWidget  *widget,
               const char *name)
{
  const char *dir = g_getenv ("VOISINS_ARTIFACTS_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  texture = render_widget (widget);
  if (dir == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* The pixel at (x, y), as 0xAARRGGBB. */
static guint32
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_new (guint32, width * height);

  gdk_texture_download (texture, (guchar *) data, width * 4);

  return data[y * width + x];
}

static GtkWidget *
find_by_css_class (GtkWidget  *widget,
                   const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
check_legend_clear (Fixture        *fixture,
                    VoisinsPolygon *boundary)
{
  ShumateViewport *viewport = voisins_map_get_viewport (fixture->map);
  GtkWidget *legend = find_by_css_class (GTK_WIDGET (fixture->map), "voisins-map-legend");
  graphene_rect_t bounds;
  guint n_points = 0;
  const double *points = voisins_polygon_get_ring (boundary, 0, &n_points);

  g_assert_nonnull (legend);
  g_assert_true (gtk_widget_compute_bounds (legend, GTK_WIDGET (fixture->map), &bounds));
  for (guint i = 0; i < n_points; i++)
    {
      double x, y;

      shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (fixture->map),
                                                  points[2 * i + 1], points[2 * i], &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (x, <=, WIDTH);
      g_assert_cmpfloat (y, <=, HEIGHT);
      g_assert_false (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)));
    }
}

static void
test_boundary (Fixture       *fixture,
               gconstpointer  data)
{
  ShumateViewport *viewport = voisins_map_get_viewport (fixture->map);
  double lat, lon, zoom;

  voisins_map_set_boundary (fixture->map, fixture->boundary);
  wait_ms (200);

  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  zoom = shumate_viewport_get_zoom_level (viewport);
  g_test_message ("centre %f,%f zoom %f", lat, lon, zoom);

  g_assert_true (voisins_polygon_contains (fixture->boundary, lat, lon));
  g_assert_cmpfloat (zoom, >=, 14.0);
  g_assert_cmpfloat (zoom, <=, 17.0);
  g_assert_true (voisins_map_get_boundary (fixture->map) == fixture->boundary);

  /* The legend never covers the quartier's outline, even for a quartier as wide as the
   * window (whose south-east corner the legend used to hide). */
  {
    g_autoptr(VoisinsPolygon) wide = NULL;
    g_autoptr(GError) error = NULL;

    wide = voisins_polygon_new_from_geojson ("{\"type\":\"Polygon\",\"coordinates\":[["
                                             "[2.362,48.8423],[2.382,48.8423],[2.382,48.8517],"
                                             "[2.362,48.8517],[2.362,48.8423]]]}", &error);
    g_assert_no_error (error);
    voisins_map_set_boundary (fixture->map, wide);
    wait_ms (200);
    check_legend_clear (fixture, wide);
    voisins_map_set_boundary (fixture->map, fixture->boundary);
    wait_ms (200);
    check_legend_clear (fixture, fixture->boundary);
    save_artifact (GTK_WIDGET (fixture->map), "map-boundary-legend.png");
  }

  /* Panning away and back through the "centre" action. */
  shumate_map_center_on (shumate_simple_map_get_map (voisins_map_get_simple_map (fixture->map)), 48.86, 2.30);
  voisins_map_center_on_boundary (fixture->map);
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  g_assert_true (voisins_polygon_contains (fixture->boundary, lat, lon));
}

static guint
sum_counts (VoisinsClusterLayer *layer)
{
  guint sum = 0;

  for (guint i = 0; i < voisins_cluster_layer_get_n_clusters (layer); i++)
    {
      guint count = 0;

      g_assert_true (voisins_cluster_layer_get_cluster (layer, i, NULL, NULL, &count));
      g_assert_cmpuint (count, >, 0);
      sum += count;
    }

  return sum;
}

static void
test_clusters (Fixture       *fixture,
               gconstpointer  data)
{
  VoisinsClusterLayer *layer = VOISINS_CLUSTER_LAYER (voisins_map_get_post_layer (fixture->map));
  g_autoptr(GListStore) posts = make_posts (fixture->boundary, 10000);
  g_autoptr(VoisinsPost) extra = NULL;
  guint n14, n17;
  gint64 start;
  double ms;

  voisins_map_set_boundary (fixture->map, fixture->boundary);
  voisins_map_set_model (fixture->map, G_LIST_MODEL (posts));
  wait_ms (100);

  set_zoom (fixture, 14.0);
  n14 = voisins_cluster_layer_get_n_clusters (layer);
  g_test_message ("zoom 14: %u clusters, %u visible", n14, voisins_cluster_layer_get_n_visible_clusters (layer));
  g_assert_cmpuint (n14, >, 1);
  g_assert_cmpuint (n14, <, 200);
  g_assert_cmpuint (voisins_cluster_layer_get_n_visible_clusters (layer), <=, n14);
  g_assert_cmpuint (sum_counts (layer), ==, 10000);

  set_zoom (fixture, 17.0);
  n17 = voisins_cluster_layer_get_n_clusters (layer);
  g_test_message ("zoom 17: %u clusters, %u visible", n17, voisins_cluster_layer_get_n_visible_clusters (layer));
  g_assert_cmpuint (n17, >, n14);
  g_assert_cmpuint (sum_counts (layer), ==, 10000);

  /* Drawing 10,000 posts stays cheap: only clusters are drawn. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GdkTexture) texture = render_widget (GTK_WIDGET (fixture->map));
    }
  ms = (g_get_monotonic_time () - start) / 5000.0;
  g_test_message ("render at zoom 17 with 10,000 posts: %.1f ms a frame", ms);

  /* The model is watched. */
  extra = make_post ("extra", "One more", VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_DIY, 48.847, 2.374);
  g_list_store_append (posts, extra);
  g_assert_cmpuint (sum_counts (layer), ==, 10001);
  g_list_store_remove (posts, 0);
  g_list_store_remove (posts, 0);
  g_assert_cmpuint (sum_counts (layer), ==, 9999);

  set_zoom (fixture, 15.0);
  voisins_map_center_on_boundary (fixture->map);
  wait_ms (300);
  save_artifact (GTK_WIDGET (fixture->map), "map-10000-posts.png");
}

static void
on_post_activated (VoisinsMap *map,
                   const char *id,
                   char      **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static GtkWidget *
find_target (GtkWidget  *layer,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (layer);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_get_visible (child)
          && g_strcmp0 (gtk_widget_get_tooltip_text (child), label) == 0)
        return child;
    }

  return NULL;
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  VoisinsClusterLayer *layer = VOISINS_CLUSTER_LAYER (voisins_map_get_post_layer (fixture->map));
  ShumateViewport *viewport = voisins_map_get_viewport (fixture->map);
  g_autoptr(GListStore) posts = g_list_store_new (VOISINS_TYPE_POST);
  g_autofree char *activated = NULL;
  GtkWidget *target;
  GtkWidget *focus;
  double x, y, zoom;
  int index;
  guint count;

  append_post (posts, make_post ("raclette", "Prêt d'un appareil à raclette",
                                 VOISINS_POST_KIND_REQUEST, VOISINS_CATEGORY_LENDING,
                                 48.8470, 2.3720));
  append_post (posts, make_post ("courses", "Courses pour Mme R.",
                                 VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_SERVICE,
                                 48.8490, 2.3770));
  /* Three close together: a cluster until zoomed in a lot. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("near-%u", i);

      append_post (posts, make_post (id, "Jardinage", VOISINS_POST_KIND_OFFER,
                                     VOISINS_CATEGORY_ACTIVITY,
                                     48.8445 + i * 0.00002, 2.3750));
    }

  g_signal_connect (fixture->map, "post-activated", G_CALLBACK (on_post_activated), &activated);

  voisins_map_set_boundary (fixture->map, fixture->boundary);
  voisins_map_set_model (fixture->map, G_LIST_MODEL (posts));
  set_zoom (fixture, 16.0);
  voisins_map_center_on_boundary (fixture->map);
  set_zoom (fixture, 16.0);
  voisins_cluster_layer_sync_targets (layer);
  wait_ms (100);

  /* Keyboard: one labelled, focusable button per visible cluster. */
  target = find_target (GTK_WIDGET (layer), "Request: Prêt d'un appareil à raclette");
  g_assert_nonnull (target);
  g_assert_true (gtk_widget_get_focusable (target));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Request: Prêt d'un appareil à raclette");
  g_assert_nonnull (find_target (GTK_WIDGET (layer), "Offer: Courses pour Mme R."));
  g_assert_nonnull (find_target (GTK_WIDGET (layer), "3 posts here"));

  /* Tab reaches the posts. */
  focus = NULL;
  for (guint i = 0; i < 30; i++)
    {
      gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      if (focus != NULL && gtk_widget_get_parent (focus) == GTK_WIDGET (layer))
        break;
    }
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_parent (focus) == GTK_WIDGET (layer));

  /* Enter on the button. */
  g_assert_true (gtk_widget_activate (target));
  wait_ms (400);  /* a button activated from the keyboard clicks after its animation */
  g_assert_cmpstr (activated, ==, "raclette");
  g_clear_pointer (&activated, g_free);

  /* A click where the post is drawn. */
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), 48.8490, 2.3770, &x,
                                              &y);
  index = voisins_cluster_layer_cluster_at (layer, x + 3, y - 3);
  g_assert_cmpint (index, >=, 0);
  g_assert_true (voisins_cluster_layer_get_cluster (layer, index, NULL, NULL, &count));
  g_assert_cmpuint (count, ==, 1);
  voisins_cluster_layer_activate_cluster (layer, index);
  g_assert_cmpstr (activated, ==, "courses");
  g_clear_pointer (&activated, g_free);

  /* Nothing there. */
  g_assert_cmpint (voisins_cluster_layer_cluster_at (layer, 2, 2), ==, -1);

  /* Activating a cluster zooms in on it. */
  zoom = shumate_viewport_get_zoom_level (viewport);
  target = find_target (GTK_WIDGET (layer), "3 posts here");
  g_assert_true (gtk_widget_activate (target));
  wait_ms (400);
  g_assert_null (activated);
  /* The map animates towards zoom + 2; under Xvfb frames are slow, so only look
   * at the start of it. */
  for (guint i = 0; i < 100 && shumate_viewport_get_zoom_level (viewport) < zoom + 0.1; i++)
    wait_ms (20);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >, zoom + 0.1);

  /* Selecting a post centres on it. */
  voisins_map_select_post (fixture->map, "raclette");
  wait_ms (100);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 48.8470), <, 1e-4);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - 2.3720), <, 1e-4);
  wait_ms (200);
  save_artifact (GTK_WIDGET (fixture->map), "map-selected.png");
}

/* Real pointer events: xdotool drives the X server's XTest extension, so the click goes
 * through the X server, GDK and every gesture of the widget tree like a mouse's. */
static gboolean
xdotool_click (GtkWidget *widget,
               double     x,
               double     y)
{
#ifdef GDK_WINDOWING_X11
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  g_autofree char *xid = NULL;
  g_autofree char *sx_text = NULL;
  g_autofree char *sy_text = NULL;
  double wx, wy, tx, ty;
  int status = -1;

  if (!GDK_IS_X11_SURFACE (surface) || g_find_program_in_path ("xdotool") == NULL)
    return FALSE;

  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &wx, &wy));
  gtk_native_get_surface_transform (native, &tx, &ty);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  sx_text = g_strdup_printf ("%d", (int) round (wx + tx));
  sy_text = g_strdup_printf ("%d", (int) round (wy + ty));

  {
    const char *move[] = { "xdotool", "mousemove", "--window", xid, sx_text, sy_text, NULL };
    const char *click[] = { "xdotool", "click", "1", NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) move, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    /* Let GDK see the pointer arrive, as a hand would, before the button. */
    wait_ms (150);
    g_assert_true (g_spawn_sync (NULL, (char **) click, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  return TRUE;
#else
  return FALSE;
#endif
}

static void
test_pointer (Fixture       *fixture,
              gconstpointer  data)
{
  VoisinsClusterLayer *layer = VOISINS_CLUSTER_LAYER (voisins_map_get_post_layer (fixture->map));
  ShumateViewport *viewport = voisins_map_get_viewport (fixture->map);
  g_autoptr(GListStore) posts = g_list_store_new (VOISINS_TYPE_POST);
  g_autofree char *activated = NULL;
  double x, y, zoom, lat, lon;
  guint count = 0;
  int index = -1;

  append_post (posts, make_post ("courses", "Courses pour Mme R.",
                                 VOISINS_POST_KIND_OFFER, VOISINS_CATEGORY_SERVICE,
                                 48.8490, 2.3770));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("near-%u", i);

      append_post (posts, make_post (id, "Jardinage", VOISINS_POST_KIND_OFFER,
                                     VOISINS_CATEGORY_ACTIVITY,
                                     48.8445 + i * 0.00003, 2.3750));
    }

  g_signal_connect (fixture->map, "post-activated", G_CALLBACK (on_post_activated), &activated);
  voisins_map_set_boundary (fixture->map, fixture->boundary);
  voisins_map_set_model (fixture->map, G_LIST_MODEL (posts));
  voisins_map_center_on_boundary (fixture->map);
  set_zoom (fixture, 15.0);
  wait_ms (300);

  /* A click on the single post opens it. */
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), 48.8490, 2.3770, &x,
                                              &y);
  g_assert_cmpint (voisins_cluster_layer_cluster_at (layer, x, y), >=, 0);
  if (!xdotool_click (GTK_WIDGET (layer), x + 2, y - 2))
    {
      g_test_skip ("no X11 display or no xdotool: no real pointer");
      return;
    }
  for (guint i = 0; i < 100 && activated == NULL; i++)
    wait_ms (20);
  g_assert_cmpstr (activated, ==, "courses");
  g_clear_pointer (&activated, g_free);

  /* A click on the group of three zooms in on it, and opens nothing. */
  for (guint i = 0; i < voisins_cluster_layer_get_n_clusters (layer); i++)
    {
      g_assert_true (voisins_cluster_layer_get_cluster (layer, i, &lat, &lon, &count));
      if (count == 3)
        {
          index = i;
          break;
        }
    }
  g_assert_cmpint (index, >=, 0);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), lat, lon, &x, &y);
  zoom = shumate_viewport_get_zoom_level (viewport);
  g_assert_true (xdotool_click (GTK_WIDGET (layer), x, y));
  for (guint i = 0; i < 100 && shumate_viewport_get_zoom_level (viewport) < zoom + 0.1; i++)
    wait_ms (20);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >, zoom + 0.1);
  g_assert_null (activated);

  /* A click on the empty map opens nothing either. */
  wait_ms (600);
  g_assert_true (
      xdotool_click (GTK_WIDGET (layer), 5, gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0));
  wait_ms (200);
  g_assert_null (activated);

  /* Two posts of one neighbour share one approximate position: zooming in would never
   * split them, so a click lists them to choose from. */
  append_post (posts, make_post ("same-1", "Cours de tricot", VOISINS_POST_KIND_OFFER,
                                 VOISINS_CATEGORY_ACTIVITY, 48.8470, 2.3720));
  append_post (posts, make_post ("same-2", "Arrosage des plantes", VOISINS_POST_KIND_REQUEST,
                                 VOISINS_CATEGORY_SERVICE, 48.8470, 2.3720));
  shumate_map_stop_go_to (shumate_simple_map_get_map (voisins_map_get_simple_map (fixture->map)));
  shumate_map_center_on (shumate_simple_map_get_map (voisins_map_get_simple_map (fixture->map)),
                         48.8470, 2.3720);
  set_zoom (fixture, 15.0);
  wait_ms (300);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), 48.8470, 2.3720, &x,
                                              &y);
  index = voisins_cluster_layer_cluster_at (layer, x, y);
  g_assert_cmpint (index, >=, 0);
  g_assert_true (voisins_cluster_layer_get_cluster (layer, index, NULL, NULL, &count));
  g_assert_cmpuint (count, ==, 2);
  zoom = shumate_viewport_get_zoom_level (viewport);
  g_assert_true (xdotool_click (GTK_WIDGET (layer), x, y));
  for (guint i = 0; i < 100 && voisins_cluster_layer_get_popover (layer) == NULL; i++)
    wait_ms (20);
  g_assert_nonnull (voisins_cluster_layer_get_popover (layer));
  g_assert_cmpfloat (fabs (shumate_viewport_get_zoom_level (viewport) - zoom), <, 0.01);
  save_artifact (voisins_cluster_layer_get_popover (layer), "map-group-list.png");
  {
    GtkWidget *box =
        gtk_popover_get_child (GTK_POPOVER (voisins_cluster_layer_get_popover (layer)));
    GtkWidget *button = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
    GtkWidget *second = gtk_widget_get_next_sibling (button);

    g_assert_true (GTK_IS_BUTTON (button));
    g_assert_true (GTK_IS_BUTTON (second));
    g_assert_null (gtk_widget_get_next_sibling (second));
    g_assert_true (gtk_widget_activate (second));
  }
  for (guint i = 0; i < 100 && activated == NULL; i++)
    wait_ms (20);
  g_assert_true (g_strcmp0 (activated, "same-1") == 0 || g_strcmp0 (activated, "same-2") == 0);
}

static GtkWidget *
find_zoom_button (GtkWidget  *widget,
                  const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *image = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;
      GtkWidget *found;

      if (GTK_IS_IMAGE (image) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon_name) == 0)
        return child;
      if ((found = find_zoom_button (child, icon_name)) != NULL)
        return found;
    }

  return NULL;
}

/* Zoom buttons a screen reader can name; another room's layer under the posts. */
static void
test_controls (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *zoom_in = find_zoom_button (GTK_WIDGET (fixture->map), "zoom-in-symbolic");
  GtkWidget *zoom_out = find_zoom_button (GTK_WIDGET (fixture->map), "zoom-out-symbolic");
  ShumateLayer *post_layer = voisins_map_get_post_layer (fixture->map);
  g_autoptr(ShumatePathLayer) other = NULL;
  gboolean below = FALSE;

  g_assert_nonnull (zoom_in);
  g_assert_nonnull (zoom_out);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (zoom_in), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Zoom in");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (zoom_out), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Zoom out");

  other = g_object_ref_sink (shumate_path_layer_new (voisins_map_get_viewport (fixture->map)));
  voisins_map_add_layer (fixture->map, SHUMATE_LAYER (other));
  for (GtkWidget *w = GTK_WIDGET (other); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (w == GTK_WIDGET (post_layer))
      below = TRUE;
  g_assert_true (below);
  voisins_map_remove_layer (fixture->map, SHUMATE_LAYER (other));
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (other)));
}

/* MBTiles */

static GBytes *
make_png_sized (int size, double r, double g, double b)
{
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  GBytes *bytes;
  g_autofree char *path = NULL;
  char *contents;
  gsize len;

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_destroy (cr);

  path = g_build_filename (g_get_user_cache_dir (), "tile.png", NULL);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0755), ==, 0);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (contents, len);

  return bytes;
}

static GBytes *
make_png (double r, double g, double b)
{
  return make_png_sized (256, r, g, b);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Every tile of zoom 0 to 3 is light green, except (z 3, x 2, y 1) which is red. */
static char *
make_mbtiles (GBytes **green_out,
              GBytes **red_out)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "quartier.mbtiles", NULL);
  g_autoptr(GBytes) green = make_png (0.75, 0.9, 0.75);
  g_autoptr(GBytes) red = make_png (0.9, 0.1, 0.1);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db,
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
            "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
            "INSERT INTO metadata VALUES ('name', 'Test quartier'), ('format', 'png'),"
            " ('minzoom', '0'), ('maxzoom', '3'), ('attribution', 'Test tiles');"
            "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (int z = 0; z <= 3; z++)
    for (int x = 0; x < (1 << z); x++)
      for (int y = 0; y < (1 << z); y++)
        {
          GBytes *tile = (z == 3 && x == 2 && y == 1) ? red : green;
          gsize len;
          gconstpointer tile_data = g_bytes_get_data (tile, &len);

          sqlite3_reset (stmt);
          sqlite3_bind_int (stmt, 1, z);
          sqlite3_bind_int (stmt, 2, x);
          sqlite3_bind_int (stmt, 3, (1 << z) - 1 - y);   /* TMS */
          sqlite3_bind_blob (stmt, 4, tile_data, len, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        }
  sqlite3_finalize (stmt);
  exec_sql (db, "DELETE FROM tiles WHERE zoom_level = 3 AND tile_column = 7; COMMIT");
  sqlite3_close (db);

  *green_out = g_steal_pointer (&green);
  *red_out = g_steal_pointer (&red);

  return g_steal_pointer (&path);
}

/* What the server's basemaps have: each tile drawn again at 512 pixels (blue here), named by
 * the metadata; all but the red one's. */
static void
add_hidpi_tiles (const char *path, GBytes **blue_out)
{
  g_autoptr(GBytes) blue = make_png_sized (512, 0.2, 0.3, 0.9);
  gsize         len;
  gconstpointer data = g_bytes_get_data (blue, &len);
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE tiles_2x (zoom_level INTEGER, tile_column INTEGER,"
                " tile_row INTEGER, tile_data BLOB);"
                "INSERT INTO metadata VALUES ('voisins_hidpi', 'tiles_2x')");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO tiles_2x SELECT zoom_level, tile_column,"
                                       " tile_row, ? FROM tiles"
                                       " WHERE NOT (zoom_level = 3 AND tile_column = 2"
                                       "            AND tile_row = 6)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, data, len, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  *blue_out = g_steal_pointer (&blue);
}

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  GBytes  *received;
  gboolean done;
} TileResult;

static void
on_received_data (ShumateDataSource *source,
                  int                x,
                  int                y,
                  int                z,
                  GBytes            *bytes,
                  TileResult        *result)
{
  g_clear_pointer (&result->received, g_bytes_unref);
  result->received = g_bytes_ref (bytes);
}

static void
tile_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  TileResult *result = user_data;

  result->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), res, &result->error);
  result->done = TRUE;
}

static void
get_tile (ShumateDataSource *source,
          int                x,
          int                y,
          int                z,
          TileResult        *result)
{
  gulong id;

  memset (result, 0, sizeof *result);
  id = g_signal_connect (source, "received-data", G_CALLBACK (on_received_data), result);
  shumate_data_source_get_tile_data_async (source, x, y, z, NULL, tile_done, result);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (source, id);
}

static void
tile_result_clear (TileResult *result)
{
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_pointer (&result->received, g_bytes_unref);
  g_clear_error (&result->error);
}


/* Online tiles, from a tile server on loopback */

typedef struct
{
  GBytes *tile;
  guint   requests;
  char   *user_agent;
  char   *path;
} TileServer;

static void
tile_server_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TileServer *ts = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  gsize len;
  gconstpointer data = g_bytes_get_data (ts->tile, &len);

  ts->requests++;
  g_free (ts->user_agent);
  ts->user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  g_free (ts->path);
  ts->path = g_strdup (path);

  if (!g_str_equal (path, "/3/2/1.png"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "ETag", "\"t1\"");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, data, len);
}

static void
test_tile_downloader (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsTileDownloader) downloader = NULL;
  g_autoptr(GBytes) green = make_png (0.75, 0.9, 0.75);
  g_autofree char *url = NULL;
  g_autofree char *key = g_strdup_printf ("test-%d", g_random_int ());
  TileServer ts = { green, 0, NULL, NULL };
  TileResult result;
  GSList *uris;

  soup_server_add_handler (server, NULL, tile_server_cb, &ts, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/{z}/{x}/{y}.png", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  downloader = voisins_tile_downloader_new (url, key);

  /* The tile, asked for by an application that names itself. */
  get_tile (SHUMATE_DATA_SOURCE (downloader), 2, 1, 3, &result);
  g_assert_no_error (result.error);
  g_assert_true (g_bytes_equal (result.bytes, green));
  g_assert_nonnull (result.received);
  tile_result_clear (&result);
  g_assert_cmpuint (ts.requests, ==, 1);
  g_assert_cmpstr (ts.path, ==, "/3/2/1.png");
  g_assert_true (g_str_has_prefix (ts.user_agent, "Voisins/"));
  g_assert_null (strstr (ts.user_agent, "libshumate"));

  /* Again: from the file cache, the server is not asked. */
  for (guint i = 0; i < 100; i++)
    {
      wait_ms (20);
      get_tile (SHUMATE_DATA_SOURCE (downloader), 2, 1, 3, &result);
      if (ts.requests == 1 && result.bytes != NULL)
        break;
      tile_result_clear (&result);
    }
  g_assert_no_error (result.error);
  g_assert_true (g_bytes_equal (result.bytes, green));
  tile_result_clear (&result);
  g_assert_cmpuint (ts.requests, ==, 1);

  /* A tile the server does not have is an error. */
  get_tile (SHUMATE_DATA_SOURCE (downloader), 0, 0, 1, &result);
  g_assert_nonnull (result.error);
  g_assert_null (result.bytes);
  tile_result_clear (&result);

  g_free (ts.user_agent);
  g_free (ts.path);
}

static void
test_mbtiles_source (void)
{
  g_autoptr(GBytes) green = NULL;
  g_autoptr(GBytes) red = NULL;
  g_autofree char *path = make_mbtiles (&green, &red);
  g_autoptr(VoisinsMbtilesSource) source = NULL;
  g_autoptr(VoisinsMbtilesSource) missing = NULL;
  g_autoptr(GError) error = NULL;
  TileResult result;

  source = voisins_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_mbtiles_source_get_name (source), ==, "Test quartier");
  g_assert_cmpstr (voisins_mbtiles_source_get_attribution (source), ==, "Test tiles");
  g_assert_cmpuint (voisins_mbtiles_source_get_min_zoom (source), ==, 0);
  g_assert_cmpuint (voisins_mbtiles_source_get_max_zoom (source), ==, 3);

  /* XYZ (3, 2, 1) is TMS row 6: the red one. */
  get_tile (SHUMATE_DATA_SOURCE (source), 2, 1, 3, &result);
  g_assert_no_error (result.error);
  g_assert_true (g_bytes_equal (result.bytes, red));
  g_assert_nonnull (result.received);
  g_assert_true (g_bytes_equal (result.received, red));
  tile_result_clear (&result);

  /* Its TMS twin is green. */
  get_tile (SHUMATE_DATA_SOURCE (source), 2, 6, 3, &result);
  g_assert_no_error (result.error);
  g_assert_true (g_bytes_equal (result.bytes, green));
  tile_result_clear (&result);

  /* A place the file does not cover shows the plain ground, drawn like any tile: with no
   * tile there, libshumate 1.0 would keep the previous zoom's tiles over the view. */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guint32 *pixels = g_new0 (guint32, 256 * 256);

      get_tile (SHUMATE_DATA_SOURCE (source), i == 0 ? 7 : 0, 0, i == 0 ? 3 : 9, &result);
      g_assert_no_error (result.error);
      g_assert_nonnull (result.bytes);
      g_assert_nonnull (result.received);
      g_assert_false (g_bytes_equal (result.bytes, red));
      g_assert_false (g_bytes_equal (result.bytes, green));
      texture = gdk_texture_new_from_bytes (result.bytes, NULL);
      g_assert_nonnull (texture);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 256);
      gdk_texture_download (texture, (guchar *) pixels, 256 * 4);
      g_assert_cmpint ((pixels[0] >> 16) & 0xff, >, 230);  /* a pale ground, not red */
      g_assert_cmpint ((pixels[0] >> 8) & 0xff, >, 230);
      tile_result_clear (&result);
    }

  missing = voisins_mbtiles_source_new ("/nonexistent/quartier.mbtiles", &error);
  g_assert_null (missing);
  g_assert_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID);
  g_clear_error (&error);

  /* Not an MBTiles file. */
  g_assert_true (g_file_set_contents (path, "not sqlite at all", -1, NULL));
  missing = voisins_mbtiles_source_new (path, &error);
  g_assert_null (missing);
  g_assert_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID);
}

static int
texture_width (GBytes *png)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, NULL);

  g_assert_nonnull (texture);
  return gdk_texture_get_width (texture);
}

/* On a screen at scale 2, the server's basemap shows its tiles drawn at 512 pixels; a file
 * without them, or a tile it lacks, shows the plain one. */
static void
test_mbtiles_hidpi (void)
{
  g_autoptr(GBytes) green = NULL;
  g_autoptr(GBytes) red = NULL;
  g_autoptr(GBytes) blue = NULL;
  g_autofree char *path = make_mbtiles (&green, &red);
  g_autoptr(VoisinsMbtilesSource) plain = NULL;
  g_autoptr(VoisinsMbtilesSource) source = NULL;
  g_autoptr(ShumateMapSource) map_1x = NULL;
  g_autoptr(ShumateMapSource) map_2x = NULL;
  g_autoptr(GError) error = NULL;
  TileResult result;

  plain = voisins_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_mbtiles_source_set_scale (plain, 2), ==, 1);
  get_tile (SHUMATE_DATA_SOURCE (plain), 2, 6, 3, &result);
  g_assert_true (g_bytes_equal (result.bytes, green));
  tile_result_clear (&result);

  add_hidpi_tiles (path, &blue);
  source = voisins_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (voisins_mbtiles_source_set_scale (source, 1), ==, 1);
  map_1x = voisins_mbtiles_source_create_map_source (source);
  get_tile (SHUMATE_DATA_SOURCE (source), 2, 6, 3, &result);
  g_assert_true (g_bytes_equal (result.bytes, green));
  g_assert_cmpint (texture_width (result.bytes), ==, 256);
  tile_result_clear (&result);

  g_assert_cmpint (voisins_mbtiles_source_set_scale (source, 2), ==, 2);
  map_2x = voisins_mbtiles_source_create_map_source (source);
  get_tile (SHUMATE_DATA_SOURCE (source), 2, 6, 3, &result);
  g_assert_no_error (result.error);
  g_assert_true (g_bytes_equal (result.bytes, blue));
  g_assert_true (g_bytes_equal (result.received, blue));
  g_assert_cmpint (texture_width (result.bytes), ==, 512);
  tile_result_clear (&result);
  get_tile (SHUMATE_DATA_SOURCE (source), 2, 1, 3, &result);
  g_assert_true (g_bytes_equal (result.bytes, red));
  tile_result_clear (&result);

  /* Tiles drawn at one scale are never taken for the other's. */
  g_assert_cmpstr (shumate_map_source_get_id (map_1x), !=, shumate_map_source_get_id (map_2x));
  g_assert_true (g_str_has_suffix (shumate_map_source_get_id (map_2x), "@2x"));
}

/* The map in a window at scale 2 (GDK_SCALE=2, the test "map-hidpi") draws the 512-pixel
 * tiles. */
static void
test_mbtiles_map_hidpi (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GBytes) green = NULL;
  g_autoptr(GBytes) red = NULL;
  g_autoptr(GBytes) blue = NULL;
  g_autofree char *path = make_mbtiles (&green, &red);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 pixel;

  if (gtk_widget_get_scale_factor (GTK_WIDGET (fixture->map)) < 2)
    {
      g_test_skip ("the screen is at scale 1 (run with GDK_SCALE=2)");
      return;
    }
  add_hidpi_tiles (path, &blue);
  g_assert_true (voisins_map_set_mbtiles (fixture->map, path, &error));
  g_assert_no_error (error);
  shumate_map_center_on (shumate_simple_map_get_map (voisins_map_get_simple_map (fixture->map)),
                         48.85, 2.35);
  set_zoom (fixture, 2.0);
  wait_ms (500);

  /* Blue: the 512-pixel tiles, not the green plain ones. */
  texture = render_widget (GTK_WIDGET (fixture->map));
  pixel = texture_pixel (texture, WIDTH / 2 + 40, HEIGHT / 2 + 40);
  g_test_message ("pixel 0x%08x", pixel);
  g_assert_cmpint ((pixel >> 16) & 0xff, <, 100);
  g_assert_cmpint ((pixel >> 8) & 0xff, <, 100);
  g_assert_cmpint (pixel & 0xff, >, 200);
  save_artifact (GTK_WIDGET (fixture->map), "map-mbtiles-hidpi.png");
}

static void
test_mbtiles_map (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) green = NULL;
  g_autoptr(GBytes) red = NULL;
  g_autofree char *path = make_mbtiles (&green, &red);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  ShumateViewport *viewport = voisins_map_get_viewport (fixture->map);
  guint32 pixel;

  g_assert_false (voisins_map_set_mbtiles (fixture->map, "/nonexistent.mbtiles", &error));
  g_assert_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (voisins_map_set_mbtiles (fixture->map, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shumate_viewport_get_max_zoom_level (viewport), ==, 3);

  shumate_map_center_on (shumate_simple_map_get_map (voisins_map_get_simple_map (fixture->map)), 48.85, 2.35);
  set_zoom (fixture, 2.0);
  wait_ms (500);

  /* The tiles are drawn (libshumate 1.0 needs "received-data" for that). */
  texture = render_widget (GTK_WIDGET (fixture->map));
  pixel = texture_pixel (texture, WIDTH / 2 + 40, HEIGHT / 2 + 40);
  g_test_message ("pixel 0x%08x", pixel);
  g_assert_cmphex (pixel & 0xffffff, ==, 0xbfe6bf);
  save_artifact (GTK_WIDGET (fixture->map), "map-mbtiles.png");
}

static void
test_tile_url_offline (Fixture       *fixture,
                       gconstpointer  data)
{
  ShumateMapSource *source;

  /* The test environment never reaches a tile server. */
  g_setenv ("VOISINS_TILE_SOURCE", "test", TRUE);
  voisins_map_set_tile_url (fixture->map, "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors");
  source = shumate_simple_map_get_map_source (voisins_map_get_simple_map (fixture->map));
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "voisins-plain");
  g_unsetenv ("VOISINS_TILE_SOURCE");

  /* With the variable unset, a URL template gives a raster source with its
   * attribution; the map is not shown long enough to fetch anything. */
  voisins_map_set_tile_url (fixture->map, "http://127.0.0.1:9/{z}/{x}/{y}.png", "Test attribution");
  source = shumate_simple_map_get_map_source (voisins_map_get_simple_map (fixture->map));
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "voisins-tiles");
  g_assert_cmpstr (shumate_map_source_get_license (source), ==, "Test attribution");
  g_assert_cmpuint (shumate_viewport_get_max_zoom_level (voisins_map_get_viewport (fixture->map)), ==, 19);
  g_assert_cmpuint (shumate_viewport_get_min_zoom_level (voisins_map_get_viewport (fixture->map)), ==, 3);

  voisins_map_set_tile_url (fixture->map, "", NULL);
  source = shumate_simple_map_get_map_source (voisins_map_get_simple_map (fixture->map));
  g_assert_cmpstr (shumate_map_source_get_id (source), ==, "voisins-plain");
}

int
main (int   argc,
      char *argv[])
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) system_dirs = NULL;
  GtkIconTheme *theme;
  int ret;

  if (data_dirs == NULL || *data_dirs == '\0')
    data_dirs = "/usr/local/share:/usr/share";
  system_dirs = g_strsplit (data_dirs, ":", -1);
  mime_dirs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (system_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);

  /* No session bus under test: the test accessibility backend records properties. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();

  /* Isolated data dirs also hide the icon themes. */
  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_autofree char *icons = g_build_filename (system_dirs[i], "icons", NULL);

      gtk_icon_theme_add_search_path (theme, icons);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/map/boundary", test_boundary);
  ADD ("/map/clusters", test_clusters);
  ADD ("/map/activate", test_activate);
  ADD ("/map/pointer", test_pointer);
  ADD ("/map/controls", test_controls);
  ADD ("/map/mbtiles/map", test_mbtiles_map);
  ADD ("/map/tile-url", test_tile_url_offline);
  g_test_add_func ("/map/mbtiles/source", test_mbtiles_source);
  g_test_add_func ("/map/mbtiles/hidpi", test_mbtiles_hidpi);
  ADD ("/map/mbtiles/map-hidpi", test_mbtiles_map_hidpi);
  g_test_add_func ("/map/tile-downloader", test_tile_downloader);

#undef ADD

  ret = g_test_run ();
  g_ptr_array_unref (mime_dirs);

  return ret;
}
