/* voisins-mbtiles-source.h: map tiles from an MBTiles file, for offline basemaps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define VOISINS_MBTILES_ERROR (voisins_mbtiles_error_quark ())

typedef enum
{
  VOISINS_MBTILES_ERROR_FAILED,
  VOISINS_MBTILES_ERROR_INVALID,
  VOISINS_MBTILES_ERROR_NO_TILE,
} VoisinsMbtilesError;

GQuark voisins_mbtiles_error_quark (void);

#define VOISINS_TYPE_MBTILES_SOURCE (voisins_mbtiles_source_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMbtilesSource, voisins_mbtiles_source, VOISINS, MBTILES_SOURCE, ShumateDataSource)

/**
 * voisins_mbtiles_source_new:
 * @path: an MBTiles file (SQLite with `metadata` and `tiles` tables, raster tiles)
 * @error: return location for a #GError
 *
 * Opens @path read-only. Tiles are looked up by (z, x, y) in XYZ numbering; the file
 * stores TMS rows, flipped here. A missing tile is a %VOISINS_MBTILES_ERROR_NO_TILE error.
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error set
 */
VoisinsMbtilesSource *voisins_mbtiles_source_new            (const char            *path,
                                                             GError               **error);
const char           *voisins_mbtiles_source_get_path       (VoisinsMbtilesSource  *self);
const char           *voisins_mbtiles_source_get_name       (VoisinsMbtilesSource  *self);
const char           *voisins_mbtiles_source_get_attribution (VoisinsMbtilesSource *self);
guint                 voisins_mbtiles_source_get_min_zoom   (VoisinsMbtilesSource  *self);
guint                 voisins_mbtiles_source_get_max_zoom   (VoisinsMbtilesSource  *self);
/* The tiles for a screen at @scale: at 2 and more, the file's tiles drawn at twice the size
 * (512 pixels, shown in the same 256 logical ones) where it has them. Returns the scale
 * the tiles are for: 2, or 1 (the file has none, or @scale is 1). */
int voisins_mbtiles_source_set_scale (VoisinsMbtilesSource *self, int scale);
/* A ShumateRasterRenderer drawing this source, with its name and attribution (its id says
 * the scale, so that tiles drawn at the other one are not reused). */
ShumateMapSource     *voisins_mbtiles_source_create_map_source (VoisinsMbtilesSource *self);

G_END_DECLS
