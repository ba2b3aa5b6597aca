/* voisins-tile-downloader.h: online raster tiles, asked for as OpenStreetMap's tile policy
 * says (an application that names itself, a file cache, revalidation with ETags)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_TILE_DOWNLOADER (voisins_tile_downloader_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsTileDownloader, voisins_tile_downloader, VOISINS, TILE_DOWNLOADER,
                      ShumateDataSource)

/* @url_template with {z}, {x} and {y}. Tiles are cached under @cache_key in the user's
 * cache folder and shown from there offline. */
VoisinsTileDownloader *voisins_tile_downloader_new            (const char            *url_template,
                                                               const char            *cache_key);
/* The User-Agent its requests carry: "Voisins/<version> (+<home page>)". */
const char            *voisins_tile_downloader_get_user_agent (VoisinsTileDownloader *self);

G_END_DECLS
