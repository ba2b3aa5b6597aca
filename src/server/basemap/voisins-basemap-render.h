/* voisins-basemap-render.h: the association's basemap, raster tiles drawn from open data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads street surfaces or centrelines, parks, water and buildings with GDAL/OGR (GeoJSON,
 * GeoPackage, Shapefile, OpenStreetMap PBF...), draws them with cairo and pango in Web
 * Mercator on the XYZ grid, and writes the tiles (256 px and 512 px) into an MBTiles file
 * (voisins-basemap-mbtiles.h). Same input, same bytes.
 */
#pragma once

#include "voisins-geo.h"

G_BEGIN_DECLS

#define VOISINS_BASEMAP_MARGIN_METRES 300.0
#define VOISINS_BASEMAP_ATTRIBUTION "© Ville de Paris, ODbL"

typedef struct
{
  const char         *streets;       /* the street surfaces or centrelines, with names */
  const char *const  *extras;        /* NULL-terminated, may be NULL: parks, water, buildings */
  VoisinsPolygon     *boundary;      /* the quartier */
  int                 minzoom;       /* 13 */
  int                 maxzoom;       /* 18 */
  double              margin;        /* metres around the quartier's bounding box */
  const char         *name;          /* metadata name */
  const char         *attribution;   /* NULL: VOISINS_BASEMAP_ATTRIBUTION */
  gint64              version;       /* metadata version, > 0 */
} VoisinsBasemapOptions;

typedef struct
{
  guint   n_features;   /* read from the files and kept (inside the tiles' area) */
  guint   n_labels;     /* placed, all zooms */
  guint   n_tiles;      /* 256 px tiles (as many 512 px ones again) */
  gsize   bytes;        /* of the PNGs */
} VoisinsBasemapStats;

/* Renders into @path: written beside it as @path.tmp, then renamed (mode 0600). */
gboolean voisins_basemap_build         (const VoisinsBasemapOptions  *options,
                                        const char                   *path,
                                        VoisinsBasemapStats          *stats,
                                        GError                      **error);

/* The XYZ tiles of zoom @z the basemap covers (the quartier's bounding box and the margin):
 * x in [*x0, *x1], y in [*y0, *y1]. */
void     voisins_basemap_tile_range    (VoisinsPolygon               *boundary,
                                        double                        margin,
                                        int                           z,
                                        int                          *x0,
                                        int                          *y0,
                                        int                          *x1,
                                        int                          *y1);

/* Only reads the inputs with OGR (the bench's reference): the number of features kept. */
gboolean voisins_basemap_read_only     (const VoisinsBasemapOptions  *options,
                                        guint                        *n_features,
                                        GError                      **error);

G_END_DECLS
