/* voisins-plain-tile-source.h: a network-free basemap drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_PLAIN_TILE_SOURCE (voisins_plain_tile_source_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPlainTileSource, voisins_plain_tile_source, VOISINS, PLAIN_TILE_SOURCE, ShumateDataSource)

/* Light tiles, with a grid when @grid is TRUE; every tile exists at every zoom level.
 * Used when no tile server may be reached: tests, screenshots, "VOISINS_TILE_SOURCE=test". */
VoisinsPlainTileSource *voisins_plain_tile_source_new               (gboolean                grid);
ShumateMapSource       *voisins_plain_tile_source_create_map_source (VoisinsPlainTileSource *self);

G_END_DECLS
