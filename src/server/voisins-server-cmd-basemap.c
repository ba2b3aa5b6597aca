/* voisins-server-cmd-basemap.c: basemap, the quartier's street map built from open data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "voisins-json.h"
#include "voisins-uuid.h"

#include "voisins-basemap-mbtiles.h"
#include "voisins-basemap-render.h"
#include "voisins-server-cmd.h"
#include "voisins-server-cmd-basemap.h"

#define DEMO_STREETS_FILE "voies_emprises_fbg_saint_antoine.geojson"

static char *opt_streets;
static char **opt_extras;
static char *opt_zoom;
static char *opt_attribution;

static const GOptionEntry entries[] = {
  { "streets", 0, 0, G_OPTION_ARG_FILENAME, &opt_streets,
    "Street surfaces or centrelines with their names (GeoJSON, GeoPackage, Shapefile, OSM PBF...)",
    "FILE" },
  { "extra", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_extras,
    "More layers: parks, water, buildings (repeat for several files)", "FILE" },
  { "zoom", 0, 0, G_OPTION_ARG_STRING, &opt_zoom, "The zoom levels (13-18)", "MIN-MAX" },
  { "attribution", 0, 0, G_OPTION_ARG_STRING, &opt_attribution,
    "The data's credit, shown under the map (“© Ville de Paris, ODbL”)", "TEXT" },
  { NULL }
};

GOptionGroup *
voisins_server_cmd_basemap_options (void)
{
  GOptionGroup *group = g_option_group_new ("basemap", "basemap:",
                                            "Show the options of the basemap's build", NULL,
                                            NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

static gboolean
parse_zoom (const char *text,
            int        *minzoom,
            int        *maxzoom)
{
  g_auto(GStrv) parts = NULL;
  gint64 a, b;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, "-", 2);
  if (!g_ascii_string_to_signed (parts[0], 10, 0, 20, &a, NULL))
    return FALSE;
  if (parts[1] == NULL)
    b = a;
  else if (!g_ascii_string_to_signed (parts[1], 10, 0, 20, &b, NULL))
    return FALSE;
  if (a > b)
    return FALSE;
  *minzoom = a;
  *maxzoom = b;
  return TRUE;
}

gint64
voisins_server_cmd_build_basemap (VoisinsServerConfig *config,
                                  VoisinsServerSqlite *storage,
                                  const char          *association_id,
                                  const char          *streets,
                                  const char *const   *extras,
                                  int                  minzoom,
                                  int                  maxzoom,
                                  const char          *attribution,
                                  GError             **error)
{
  g_autoptr(VoisinsPolygon) boundary = NULL;
  g_autoptr(JsonNode) described = NULL;
  g_autofree char *path =
      voisins_basemap_path (config->database, config->basemap_dir, association_id);
  g_autofree char *dir = NULL;
  VoisinsBasemapOptions options = { 0 };
  VoisinsBasemapStats stats;
  gint64 version, started = g_get_monotonic_time ();

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Not an association id");
      return -1;
    }
  if ((version = voisins_server_sqlite_get_basemap_version (storage, association_id, error)) < 0)
    return -1;
  if (!(boundary = voisins_server_sqlite_get_boundary (storage, association_id, error)))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "The association has no boundary: set one first");
      return -1;
    }
  described = voisins_server_storage_describe_association (VOISINS_SERVER_STORAGE (storage),
                                                           association_id, NULL);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   dir, g_strerror (saved));
      return -1;
    }

  /* Above the file's own too: a database restored from an older backup never hands out a
   * version the laptops already hold for other tiles. */
  version = MAX (version, voisins_basemap_read_version (path)) + 1;
  options.streets = streets;
  options.extras = extras;
  options.boundary = boundary;
  options.minzoom = minzoom;
  options.maxzoom = maxzoom;
  options.margin = VOISINS_BASEMAP_MARGIN_METRES;
  options.name = described ? voisins_json_read_string (json_node_get_object (described), "name")
                           : NULL;
  options.attribution = attribution;
  options.version = version;
  if (!voisins_basemap_build (&options, path, &stats, error))
    return -1;
  if (!voisins_server_sqlite_set_basemap_version (storage, association_id, version, error))
    return -1;
  g_printerr ("Basemap version %" G_GINT64_FORMAT ": %u features, %u street names, %u tiles "
              "(and as many at 2x), %.1f MB, %.1f s\n", version, stats.n_features,
              stats.n_labels, stats.n_tiles, stats.bytes / 1e6,
              (g_get_monotonic_time () - started) / 1e6);
  return version;
}

int
voisins_server_cmd_basemap (VoisinsServerConfig *config,
                            VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  const char *association = voisins_server_cmd_association;
  int minzoom = 13, maxzoom = 18;

  if (!association || !voisins_uuid_is_valid (association) || !opt_streets ||
      !parse_zoom (opt_zoom, &minzoom, &maxzoom))
    {
      g_printerr ("voisins-server: basemap needs --association ID --streets FILE "
                  "[--extra FILE...] [--zoom 13-18] [--attribution TEXT]\n");
      return 2;
    }
  if (voisins_server_cmd_build_basemap (config, storage, association, opt_streets,
                                        (const char *const *) opt_extras, minzoom, maxzoom,
                                        opt_attribution, &error) < 0)
    {
      g_printerr ("voisins-server: cannot build the basemap: %s\n", error->message);
      return 1;
    }
  return 0;
}

gint64
voisins_server_cmd_build_demo_basemap (VoisinsServerConfig *config,
                                       VoisinsServerSqlite *storage,
                                       const char          *association_id,
                                       const char          *data_dir,
                                       GError             **error)
{
  g_autofree char *streets = g_build_filename (data_dir, DEMO_STREETS_FILE, NULL);

  if (!g_file_test (streets, G_FILE_TEST_IS_REGULAR))
    return 0;
  return voisins_server_cmd_build_basemap (config, storage, association_id, streets, NULL, 13,
                                           18, NULL, error);
}
