/* bench-basemap.c: building the demo quartier's basemap (issue 13), beside a reference
 * measured in the same run: reading the same input with OGR and writing as many blank
 * tiles (256 and 512 px) with the same PNG encoder, i.e. the build's floor
 *
 *   bench-basemap STREETS BOUNDARY OUT.mbtiles
 *
 * prints "build seconds=S tiles=N bytes=B" and "reference seconds=S".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "voisins-basemap-png.h"
#include "voisins-basemap-render.h"
#include "voisins-geojson.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VoisinsPolygon) boundary = NULL;
  VoisinsBasemapOptions options = { 0 };
  VoisinsBasemapStats stats;
  g_autofree guint8 *blank = NULL;
  guint n_features = 0;
  gint64 t0;
  double build, reference;

  if (argc != 4)
    {
      g_printerr ("usage: bench-basemap STREETS BOUNDARY OUT.mbtiles\n");
      return 2;
    }
  if (!g_file_get_contents (argv[2], &text, NULL, &error) ||
      !(boundary = voisins_polygon_new_from_geojson (text, &error)))
    {
      g_printerr ("bench-basemap: %s\n", error->message);
      return 1;
    }
  options.streets = argv[1];
  options.boundary = boundary;
  options.minzoom = 13;
  options.maxzoom = 18;
  options.margin = VOISINS_BASEMAP_MARGIN_METRES;
  options.version = 1;

  t0 = g_get_monotonic_time ();
  if (!voisins_basemap_build (&options, argv[3], &stats, &error))
    {
      g_printerr ("bench-basemap: %s\n", error->message);
      return 1;
    }
  build = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  if (!voisins_basemap_read_only (&options, &n_features, &error))
    {
      g_printerr ("bench-basemap: %s\n", error->message);
      return 1;
    }
  blank = g_malloc (512 * 512 * 4);
  for (gsize i = 0; i < 512 * 512; i++)
    ((guint32 *) blank)[i] = 0xf1eee7;
  for (guint i = 0; i < stats.n_tiles; i++)
    for (int scale = 1; scale <= 2; scale++)
      g_bytes_unref (_voisins_basemap_png_encode (blank, 256 * scale, 256 * scale,
                                                  256 * scale * 4));
  reference = (g_get_monotonic_time () - t0) / 1e6;

  printf ("build seconds=%.3f tiles=%u bytes=%" G_GSIZE_FORMAT " features=%u\n", build,
          stats.n_tiles, stats.bytes, stats.n_features);
  printf ("reference seconds=%.3f\n", reference);
  return 0;
}
