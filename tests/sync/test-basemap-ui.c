/* test-basemap-ui.c: the quartier's own map, end to end (issue 13), under Xvfb
 *
 * A real voisins-server builds the demo quartier's basemap from the open data; a laptop
 * syncs once and downloads it; the server is stopped; the app's map then shows the
 * quartier's streets with their names at zoom 16 and 18, credited to the Ville de Paris,
 * with no network at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "server-fixture.h"
#include "ui-helpers.h"
#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-map.h"
#include "voisins-window.h"

static VoisinsApplication *app;

/* The blue of the boundary (src/server/basemap/voisins-basemap-render.c). */
static const int boundary_rgb[3] = { 28, 113, 216 };

typedef struct
{
  guint  n;
  double white;     /* street surfaces: light grey, bluish inside the quartier */
  double text;      /* street names */
  double boundary;
} Shares;

static gboolean
near (guint32    pixel,
      const int  rgb[3],
      int        tolerance)
{
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return abs (r - rgb[0]) <= tolerance && abs (g - rgb[1]) <= tolerance &&
         abs (b - rgb[2]) <= tolerance;
}

/* What a person sees of the map widget, counted by colour. */
static Shares
look_at (GtkWidget *map)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (map);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint32 *data = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (map));
  int width = gtk_widget_get_width (map), height = gtk_widget_get_height (map);
  Shares s = { 0 };

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return s;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_new (guint32, width * height);
  gdk_texture_download (texture, (guchar *) data, width * 4);
  /* The middle of the map: away from the buttons and the legend, which are not tiles. */
  for (int y = height / 5; y < height * 4 / 5; y++)
    for (int x = width / 5; x < width * 4 / 5; x++)
      {
        guint32 p = data[y * width + x];
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        /* Street surfaces are the lightest thing drawn (the boundary tints them bluish);
         * names the darkest (grey, antialiased). */
        s.white += MIN (r, MIN (g, b)) >= 234;
        s.text += MAX (r, MAX (g, b)) < 150;
        s.boundary += near (p, boundary_rgb, 40);
        s.n++;
      }
  s.white /= s.n;
  s.text /= s.n;
  s.boundary /= s.n;
  return s;
}

static const char *
source_id (GtkWidget *map)
{
  ShumateSimpleMap *simple = voisins_map_get_simple_map (VOISINS_MAP (map));

  return shumate_map_source_get_id (shumate_simple_map_get_map_source (simple));
}

static gboolean
shows_basemap (gpointer data)
{
  return g_str_has_prefix (source_id (data), "voisins-mbtiles");
}

/* Streets and their names drawn, and the picture steady between two looks: every tile of
 * the view is loaded (while one loads, libshumate shows a neighbouring zoom's in its place). */
static gboolean
shows_streets (gpointer data)
{
  static Shares last;
  Shares s;
  gboolean steady;

  vt_spin (300);
  s = look_at (data);
  steady = G_APPROX_VALUE (s.white, last.white, 1e-4) && G_APPROX_VALUE (s.text, last.text, 1e-5);
  last = s;
  /* Names on 0.2 % of the middle of the map or more: 0.3 % here with every tile of the
   * zoom drawn, 0.09 % when the previous zoom's tiles covered part of it. */
  return steady && s.white > 0.05 && s.text > 0.002;
}

static void
go_to (GtkWidget *map,
       double     lat,
       double     lon,
       double     zoom)
{
  ShumateSimpleMap *simple = voisins_map_get_simple_map (VOISINS_MAP (map));
  ShumateViewport *viewport = voisins_map_get_viewport (VOISINS_MAP (map));

  /* The window frames the quartier when the map is first shown: after that. */
  for (int i = 0; i < 20; i++)
    {
      shumate_map_stop_go_to (shumate_simple_map_get_map (simple));
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
      vt_spin (200);
      if (G_APPROX_VALUE (shumate_viewport_get_zoom_level (viewport), zoom, 0.01))
        break;
    }
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), zoom, 0.01);
}

static void
test_offline_basemap (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *streets = NULL;
  g_autofree char *built = NULL;
  g_autofree char *dir = g_dir_make_tmp ("voisins-basemap-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "voisins.db", NULL);
  g_autofree char *basemap = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(VoisinsSyncClient) client = NULL;
  const char *data_dir = g_getenv ("VOISINS_DATA_DIR");
  g_autofree char *default_dir = NULL;
  VoisinsWindow *window;
  GtkWidget *map;
  Shares s16, s18;

  if (data_dir == NULL)
    data_dir = default_dir = g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared",
                                               "data", "paris", NULL);
  streets = g_build_filename (data_dir, "voies_emprises_fbg_saint_antoine.geojson", NULL);
  if (!g_file_test (streets, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no open data (../shared/data/paris)");
      return;
    }
  g_assert_no_error (error);

  /* The server: the Quinze-Vingts quartier and its streets, drawn at 13-18. */
  vs_server_load_quinze_vingts (w->server, w->a);
  built = vs_server_cli (w->server, NULL, "basemap", "--association", w->a, "--streets", streets,
                         NULL);
  g_assert_nonnull (built);

  /* A laptop's first sync brings the basemap along. */
  store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  client = voisins_sync_client_new (store);
  voisins_sync_client_set_server_url (client, w->server->base_url);
  voisins_sync_client_set_token (client, w->vol);
  g_assert_true (voisins_sync_client_sync (client, NULL, NULL, &error));
  g_assert_no_error (error);
  basemap = voisins_store_dup_basemap_path (store, w->a);
  g_assert_nonnull (basemap);
  g_assert_cmpint (voisins_store_get_basemap_version (store, w->a), >, 0);
  g_clear_object (&client);

  /* No server any more: the office with no network. */
  vs_server_stop (w->server, FALSE);

  window = voisins_window_new (ADW_APPLICATION (app), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "map"));
  map = voisins_window_get_map (window);
  g_assert_true (vt_wait_until (shows_basemap, map, 10000));
  vt_spin (1000);

  /* Zoom 16 over rue de Charenton, then 18: streets and names, every time. */
  go_to (map, 48.8490, 2.3770, 16);
  if (!vt_wait_until (shows_streets, map, 20000))
    {
      s16 = look_at (map);
      vt_save_png (GTK_WIDGET (window), "basemap-offline-z16-failed.png");
      g_error ("no streets at zoom 16: white %.3f, text %.4f", s16.white, s16.text);
    }
  s16 = look_at (map);
  vt_save_png (GTK_WIDGET (window), "basemap-offline-z16.png");

  go_to (map, 48.8490, 2.3770, 18);
  g_assert_true (vt_wait_until (shows_streets, map, 20000));
  s18 = look_at (map);
  vt_save_png (GTK_WIDGET (window), "basemap-offline-z18.png");
  g_test_message ("z16: streets %.1f %%, names %.2f %%; z18: streets %.1f %%, names %.2f %%",
                  100 * s16.white, 100 * s16.text, 100 * s18.white, 100 * s18.text);

  /* Wider streets at 18 than at 16 over the same place. */
  g_assert_cmpfloat (s18.white, >, s16.white);

  gtk_window_destroy (GTK_WINDOW (window));
  vt_spin (100);
  voisins_store_close (store);
  g_unlink (basemap);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);
  g_test_add_func ("/basemap-ui/offline", test_offline_basemap);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);
  return ret;
}
