/* test-map-sources.c: which street map the window shows, and switching it live (issue 13)
 *
 * A real window on a demo store; the association's basemap is a small MBTiles drawn here
 * with cairo (TMS rows, the metadata the server writes) and installed with
 * voisins_store_install_basemap (), as the sync does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "ui-helpers.h"
#include "voisins-cluster-layer.h"
#include "voisins-map.h"
#include "voisins-preferences-window.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static VoisinsApplication *app;

typedef VtDemoWindow Fixture;

#define BASEMAP_ATTRIBUTION "© Ville de Paris, ODbL"
#define FILE_ATTRIBUTION    "Test file tiles"

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.voisins.Voisins");

  g_settings_reset (settings, "map-source");
  g_settings_reset (settings, "mbtiles-path");
  g_settings_reset (settings, "tile-url");
  vt_demo_window_open (fixture, app, 20, 30, 780);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.view", "s", "map"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  vt_demo_window_close (fixture);
}

/* Tiles */

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A tile a person can read as a street map: a coloured ground, two named streets. */
static GBytes *
draw_tile (const double rgb[3],
           int          z,
           int          x,
           int          y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  g_autofree char *name = g_strdup_printf ("rue %d-%d (z%d)", x % 100, y % 100, z);

  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 170, 256, 22);
  cairo_rectangle (cr, 60, 0, 16, 256);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_select_font_face (cr, "Cantarell", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, 90, 186);
  cairo_show_text (cr, name);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_bytes, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
lat_lon_to_tile (double  lat,
                 double  lon,
                 int     z,
                 int    *x,
                 int    *y)
{
  double n = pow (2.0, z);
  double phi = lat * G_PI / 180.0;

  *x = (int) floor ((lon + 180.0) / 360.0 * n);
  *y = (int) floor ((1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * n);
}

/* Zooms 13 to 18 over the quartier (at most 16 x 16 tiles a zoom, around its centre). */
static char *
make_basemap (const char         *dir,
              const char         *file_name,
              const char         *attribution,
              const double        rgb[3],
              VoisinsAssociation *association)
{
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  VoisinsPolygon *boundary = voisins_association_get_boundary (association);
  VoisinsBBox bbox;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *bounds = NULL;

  g_assert_nonnull (boundary);
  voisins_polygon_get_bbox (boundary, &bbox);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db,
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB);"
            "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");
  bounds = g_strdup_printf ("%f,%f,%f,%f", bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO metadata VALUES (?, ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  {
    const char *rows[][2] = {
      { "name", "Test quartier" }, { "format", "png" }, { "bounds", bounds },
      { "minzoom", "13" }, { "maxzoom", "18" }, { "attribution", attribution },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        sqlite3_reset (stmt);
        sqlite3_bind_text (stmt, 1, rows[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, rows[i][1], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      }
  }
  sqlite3_finalize (stmt);

  exec_sql (db, "BEGIN");
  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==,
      SQLITE_OK);
  for (int z = 13; z <= 18; z++)
    {
      int x0, y0, x1, y1, cx, cy;

      lat_lon_to_tile (bbox.max_lat, bbox.min_lon, z, &x0, &y0);
      lat_lon_to_tile (bbox.min_lat, bbox.max_lon, z, &x1, &y1);
      cx = (x0 + x1) / 2;
      cy = (y0 + y1) / 2;
      for (int x = MAX (x0 - 1, cx - 8); x <= MIN (x1 + 1, cx + 8); x++)
        for (int y = MAX (y0 - 1, cy - 8); y <= MIN (y1 + 1, cy + 8); y++)
          {
            g_autoptr(GBytes) tile = draw_tile (rgb, z, x, y);
            gsize len;
            gconstpointer data = g_bytes_get_data (tile, &len);

            sqlite3_reset (stmt);
            sqlite3_bind_int (stmt, 1, z);
            sqlite3_bind_int (stmt, 2, x);
            sqlite3_bind_int (stmt, 3, (1 << z) - 1 - y);   /* TMS */
            sqlite3_bind_blob (stmt, 4, data, len, SQLITE_TRANSIENT);
            g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          }
    }
  sqlite3_finalize (stmt);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);

  return g_steal_pointer (&path);
}

/* What is on screen */

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The share of the map's pixels close to @rgb (the boundary's light tint allowed). */
static double
share_of_colour (GtkWidget    *map,
                 const double  rgb[3])
{
  g_autoptr(GdkTexture) texture = render (map);
  g_autofree guint32 *data = NULL;
  int width, height;
  guint near = 0;

  if (texture == NULL)
    return 0.0;

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  data = g_new (guint32, width * height);
  gdk_texture_download (texture, (guchar *) data, width * 4);

  for (int i = 0; i < width * height; i++)
    {
      int r = (data[i] >> 16) & 0xff, g = (data[i] >> 8) & 0xff, b = data[i] & 0xff;

      if (abs (r - (int) (rgb[0] * 255)) < 24 && abs (g - (int) (rgb[1] * 255)) < 24
          && abs (b - (int) (rgb[2] * 255)) < 30)
        near++;
    }

  return (double) near / (width * height);
}

typedef struct
{
  GtkWidget    *map;
  const double *rgb;
} ColourWait;

static gboolean
shows_colour (gpointer data)
{
  ColourWait *wait = data;

  /* Rendering the window is slow: give the tiles' loading a moment between looks. */
  vt_spin (100);
  return share_of_colour (wait->map, wait->rgb) > 0.25;
}

static const char *
source_id (GtkWidget *map)
{
  ShumateSimpleMap *simple = voisins_map_get_simple_map (VOISINS_MAP (map));

  return shumate_map_source_get_id (shumate_simple_map_get_map_source (simple));
}

static gboolean
shows_mbtiles (gpointer data)
{
  return g_str_has_prefix (source_id (data), "voisins-mbtiles");
}

/* The attribution the license overlay shows (what a person reads), not only the source's. */
static gboolean
license_shows (GtkWidget  *map,
               const char *text)
{
  ShumateSimpleMap *simple = voisins_map_get_simple_map (VOISINS_MAP (map));
  ShumateLicense *license = shumate_simple_map_get_license (simple);
  GtkWidget *stack[64];
  guint n = 0;

  stack[n++] = GTK_WIDGET (license);
  while (n > 0)
    {
      GtkWidget *widget = stack[--n];

      if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget)
          && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
        return TRUE;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL && n < G_N_ELEMENTS (stack);
           child = gtk_widget_get_next_sibling (child))
        stack[n++] = child;
    }

  return FALSE;
}

static void
set_zoom (GtkWidget *map,
          double     zoom)
{
  ShumateSimpleMap *simple = voisins_map_get_simple_map (VOISINS_MAP (map));

  shumate_map_stop_go_to (shumate_simple_map_get_map (simple));
  shumate_viewport_set_zoom_level (voisins_map_get_viewport (VOISINS_MAP (map)), zoom);
  vt_spin (200);
}

static void
test_sources (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const double basemap_rgb[3] = { 0.96, 0.87, 0.70 };   /* a sandy ground */
  static const double file_rgb[3] = { 0.70, 0.86, 0.96 };      /* a pale blue one */
  GtkWidget *map = voisins_window_get_map (fixture->window);
  const char *association_id = voisins_association_get_id (fixture->association);
  g_autoptr(GSettings) settings = g_settings_new ("org.voisins.Voisins");
  g_autoptr(GError) error = NULL;
  g_autofree char *basemap = NULL;
  g_autofree char *file = NULL;
  GtkWindow *preferences;
  GtkWidget *check;
  ColourWait wait = { map, basemap_rgb };

  /* Nothing offline yet: a plain field that says so, and credits nobody. */
  vt_spin (300);
  g_assert_cmpstr (source_id (map), ==, "voisins-plain");
  g_assert_null (voisins_map_get_attribution (VOISINS_MAP (map)));
  g_assert_false (license_shows (map, "OpenStreetMap"));
  g_assert_cmpstr (voisins_map_get_note (VOISINS_MAP (map)), ==,
                   "No street map on this laptop yet: it is downloaded at the next sync");
  vt_save_png (GTK_WIDGET (fixture->window), "map-sources-none.png");

  /* The preferences say why the association's map cannot be chosen yet. */
  preferences = voisins_window_show_preferences (fixture->window);
  check = vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "association_check");
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                       vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "association_row"))),
                   ==, "Not on this laptop yet: it is downloaded at the next sync");

  /* The sync installs the basemap: it shows at once, with its attribution. */
  basemap = make_basemap (fixture->dir, "download.mbtiles", BASEMAP_ATTRIBUTION, basemap_rgb,
                          fixture->association);
  g_assert_true (
      voisins_store_install_basemap (fixture->store, association_id, 3, basemap, &error));
  g_assert_no_error (error);
  g_assert_true (vt_wait_until (shows_mbtiles, map, 5000));
  g_assert_cmpstr (voisins_map_get_attribution (VOISINS_MAP (map)), ==, BASEMAP_ATTRIBUTION);
  g_assert_null (voisins_map_get_note (VOISINS_MAP (map)));
  g_assert_true (gtk_widget_get_sensitive (check));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_window_close (preferences);

  voisins_map_center_on_boundary (VOISINS_MAP (map));
  set_zoom (map, 16.0);
  g_assert_true (vt_wait_until (shows_colour, &wait, 10000));
  g_assert_true (license_shows (map, BASEMAP_ATTRIBUTION));
  vt_save_png (GTK_WIDGET (fixture->window), "map-basemap-z16.png");
  set_zoom (map, 18.0);
  g_assert_true (vt_wait_until (shows_colour, &wait, 10000));
  vt_save_png (GTK_WIDGET (fixture->window), "map-basemap-z18.png");
  set_zoom (map, 16.0);

  /* An MBTiles file, chosen in the preferences: its tiles and its own attribution. */
  file = make_basemap (fixture->dir, "file.mbtiles", FILE_ATTRIBUTION, file_rgb,
                       fixture->association);
  g_settings_set_string (settings, "mbtiles-path", file);
  preferences = voisins_window_show_preferences (fixture->window);
  check = vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "file_check");
  g_assert_true (gtk_widget_get_sensitive (check));
  g_assert_true (
      gtk_widget_activate (vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "file_row")));
  g_assert_cmpint (g_settings_get_enum (settings, "map-source"), ==, VOISINS_MAP_SOURCE_FILE);
  g_assert_cmpstr (voisins_map_get_attribution (VOISINS_MAP (map)), ==, FILE_ATTRIBUTION);
  wait.rgb = file_rgb;
  g_assert_true (vt_wait_until (shows_colour, &wait, 10000));
  g_assert_true (license_shows (map, FILE_ATTRIBUTION));
  g_assert_false (license_shows (map, BASEMAP_ATTRIBUTION));
  vt_save_png (GTK_WIDGET (preferences), "preferences-map.png");

  /* OpenStreetMap: out of reach here (tests never reach a tile server), so the map keeps
   * the best street map this laptop has, the association's, credited as such. */
  check = vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "osm_check");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_cmpint (g_settings_get_enum (settings, "map-source"), ==,
                   VOISINS_MAP_SOURCE_OPENSTREETMAP);
  g_assert_true (g_str_has_prefix (source_id (map), "voisins-mbtiles"));
  g_assert_cmpstr (voisins_map_get_attribution (VOISINS_MAP (map)), ==, BASEMAP_ATTRIBUTION);
  wait.rgb = basemap_rgb;
  g_assert_true (vt_wait_until (shows_colour, &wait, 10000));

  /* Online (a tile server that cannot answer: nothing leaves this machine), the map
   * credits OpenStreetMap's contributors and nobody else. */
  g_unsetenv ("VOISINS_TILE_SOURCE");
  g_settings_set_string (settings, "tile-url", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  if (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      g_assert_cmpstr (source_id (map), ==, "voisins-tiles");
      g_assert_cmpstr (voisins_map_get_attribution (VOISINS_MAP (map)), ==,
                       "© OpenStreetMap contributors");
      vt_spin (200);
      g_assert_true (license_shows (map, "OpenStreetMap contributors"));
      g_assert_false (license_shows (map, BASEMAP_ATTRIBUTION));
    }
  else
    g_test_message ("no network here: OpenStreetMap's attribution not checked");
  g_setenv ("VOISINS_TILE_SOURCE", "test", TRUE);

  /* Back to the association's map. */
  check = vt_child (preferences, VOISINS_TYPE_PREFERENCES_WINDOW, "association_check");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (g_str_has_prefix (source_id (map), "voisins-mbtiles"));
  g_assert_cmpstr (voisins_map_get_attribution (VOISINS_MAP (map)), ==, BASEMAP_ATTRIBUTION);
  gtk_window_destroy (preferences);
}


static gboolean
has_targets (gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (data);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      return TRUE;

  return FALSE;
}

static GtkWidget *
focus_widget (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
in_layer (GtkWidget *widget,
          GtkWidget *layer)
{
  return widget != NULL && gtk_widget_get_parent (widget) == layer;
}

static gboolean
focus_in_detail (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *focus = focus_widget (fixture);

  return focus != NULL &&
         gtk_widget_get_ancestor (focus, g_type_from_name ("VoisinsPostDetail")) != NULL;
}


/* Real key presses through the X server (XTest), as from a keyboard: the pointer rests on
 * the window so that, with no window manager, the X input focus is there. */
static gboolean
xdotool_keys (Fixture    *fixture,
              const char *keys)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = NULL;
  g_autofree char *program = g_find_program_in_path ("xdotool");
  int status = -1;

  if (!GDK_IS_X11_SURFACE (surface) || program == NULL)
    return FALSE;

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  {
    const char *move[] = { "xdotool", "mousemove", "--window", xid, "600", "20", NULL };
    g_auto(GStrv) keyv = g_strsplit (keys, " ", -1);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) argv = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) move, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    vt_spin (100);
    g_strv_builder_add_many (builder, "xdotool", "key", "--delay", "80", NULL);
    g_strv_builder_addv (builder, (const char **) keyv);
    argv = g_strv_builder_end (builder);
    g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  vt_spin (300);

  return TRUE;
#else
  return FALSE;
#endif
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  GtkWidget *map = voisins_window_get_map (fixture->window);
  GtkWidget *layer = GTK_WIDGET (voisins_map_get_post_layer (VOISINS_MAP (map)));
  AdwViewStack *view_stack =
      ADW_VIEW_STACK (vt_child (fixture->window, VOISINS_TYPE_WINDOW, "view_stack"));
  guint n_visible, stops = 0, steps;
  GtkWidget *first, *focus, *single = NULL;
  graphene_rect_t a, b;
  gboolean real_keys = FALSE;
  const char *label;

  /* An address base: a grid of numbered addresses on three streets over the quartier. */
  {
    g_autoptr(GPtrArray) addresses =
        g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_address_free);
    const char *streets[] = { "rue de Lyon", "rue Traversière", "avenue Ledru-Rollin" };
    g_autoptr(GError) error = NULL;
    VoisinsBBox bbox;

    voisins_polygon_get_bbox (voisins_association_get_boundary (fixture->association), &bbox);
    for (guint i = 0; i < 30; i++)
      for (guint j = 0; j < 30; j++)
        {
          VoisinsAddress *address = voisins_address_new ();

          address->id = g_strdup_printf ("a-%u-%u", i, j);
          address->number = 1 + j;
          address->rep = g_strdup ("");
          address->street = g_strdup (streets[i * 3 / 30]);
          address->postcode = g_strdup ("75012");
          address->city = g_strdup ("Paris");
          address->lat = bbox.min_lat + (bbox.max_lat - bbox.min_lat) * i / 29.0;
          address->lon = bbox.min_lon + (bbox.max_lon - bbox.min_lon) * j / 29.0;
          g_ptr_array_add (addresses, address);
        }
    g_assert_true (voisins_store_replace_addresses (
        fixture->store, voisins_association_get_id (fixture->association), addresses, &error));
    g_assert_no_error (error);
    voisins_map_set_address_base (VOISINS_MAP (map), fixture->store,
                                  voisins_association_get_id (fixture->association));
  }

  voisins_map_center_on_boundary (VOISINS_MAP (map));
  g_assert_true (vt_wait_until (has_targets, layer, 5000));
  voisins_cluster_layer_sync_targets (VOISINS_CLUSTER_LAYER (layer));
  n_visible = voisins_cluster_layer_get_n_visible_clusters (VOISINS_CLUSTER_LAYER (layer));
  g_test_message ("%u clusters on screen", n_visible);
  g_assert_cmpuint (n_visible, >, 3);

  /* A whole round of Tab (back to where it started) stops once on the posts, however
   * many there are. */
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  first = focus_widget (fixture);
  steps = 0;
  do
    {
      if (in_layer (focus_widget (fixture), layer))
        stops++;
      if (!gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
      steps++;
    }
  while (focus_widget (fixture) != first && steps < 300);
  g_test_message ("%u tab stops in the window, %u on the posts", steps, stops);
  g_assert_cmpuint (steps, <, 300);
  g_assert_cmpuint (stops, ==, 1);

  /* Tab lands on the westernmost post, named with its place. */
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  for (steps = 0; steps < 80 && !in_layer (focus_widget (fixture), layer); steps++)
    gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
  first = focus_widget (fixture);
  g_assert_true (in_layer (first, layer));
  label = gtk_widget_get_tooltip_text (first);
  g_test_message ("first stop: %s", label);
  g_assert_true (g_str_has_suffix (label, " near rue de Lyon") ||
                 g_str_has_suffix (label, " near rue Traversière") ||
                 g_str_has_suffix (label, " near avenue Ledru-Rollin"));
  /* As after a key press: the ring shows. */
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  gtk_widget_queue_draw (layer);
  vt_save_png (GTK_WIDGET (fixture->window), "map-keyboard-focus.png");

  /* Right goes east, Left comes back. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_RIGHT));
  focus = focus_widget (fixture);
  g_assert_true (in_layer (focus, layer));
  g_assert_true (focus != first);
  g_assert_true (gtk_widget_compute_bounds (first, layer, &a));
  g_assert_true (gtk_widget_compute_bounds (focus, layer, &b));
  g_assert_cmpfloat (b.origin.x + b.size.width / 2, >=, a.origin.x + a.size.width / 2);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_LEFT));
  g_assert_true (focus_widget (fixture) == first);

  /* The same with real keys: Right moves as above, Left comes back. */
  if (xdotool_keys (fixture, "Right"))
    {
      GtkWidget *east = focus_widget (fixture);

      g_assert_true (in_layer (east, layer));
      if (east == first)
        g_test_message ("the X input focus is not on the window: real keys not checked");
      else
        {
          g_assert_true (gtk_widget_compute_bounds (east, layer, &b));
          g_assert_cmpfloat (b.origin.x + b.size.width / 2, >=, a.origin.x + a.size.width / 2);
          g_assert_true (xdotool_keys (fixture, "Left"));
          g_assert_true (focus_widget (fixture) == first);
          real_keys = TRUE;
        }
    }

  /* Down and Right reach every post on screen, one at a time, never leaving the map. */
  for (steps = 0; steps < n_visible + 2; steps++)
    {
      focus = focus_widget (fixture);
      g_assert_true (in_layer (focus, layer));
      label = gtk_widget_get_tooltip_text (focus);
      if (single == NULL && label != NULL
          && (g_str_has_prefix (label, "Request: ") || g_str_has_prefix (label, "Offer: ")))
        single = focus;
      gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_RIGHT);
    }
  g_assert_nonnull (single);

  /* Enter on a single post opens it, and the keyboard goes with it. */
  g_assert_true (gtk_widget_grab_focus (single));
  if (real_keys)
    g_assert_true (xdotool_keys (fixture, "Return"));
  else
    g_assert_true (gtk_widget_activate (single));
  g_assert_true (vt_wait_until (focus_in_detail, fixture, 5000));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "posts");
  g_test_message ("real keys: %s", real_keys ? "yes" : "no");
  vt_save_png (GTK_WIDGET (fixture->window), "map-enter-opens-post.png");
}

static void
test_preferences_action (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "app.preferences");
  GList *windows;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  vt_spin (200);

  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (VOISINS_IS_PREFERENCES_WINDOW (l->data))
      {
        g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (fixture->window));
        gtk_window_destroy (l->data);
        g_list_free (windows);
        return;
      }
  g_list_free (windows);
  g_assert_not_reached ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/map-sources/switch", test_sources);
  ADD ("/map-sources/preferences-action", test_preferences_action);
  ADD ("/map-sources/keyboard", test_keyboard);

#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
