/* voisins-server-tiles.h: the association's basemap over HTTP, tile by tile (for any map
 * client) and whole (for the laptops, which carry it offline)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-storage.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean whole;   /* basemap.mbtiles; else the tile z/x/y at scale */
  int      z, x, y, scale;
} VoisinsServerTileRequest;

/* @parts: the path after /api/v1/, split on "/". TRUE for
 * associations/{id}/tiles/{z}/{x}/{y}.png (or {y}@2x.png) and associations/{id}/basemap.mbtiles,
 * with *@path_id set; *@bad_method when the path matches but the method is not GET. */
gboolean voisins_server_tiles_match  (const char                *method,
                                      char                     **parts,
                                      VoisinsServerTileRequest  *request,
                                      char                     **path_id,
                                      gboolean                  *bad_method);

/* Any role of the association; 404 when the basemap has no such tile (or no basemap).
 * @database: the server's database (the basemaps live beside it). 304 with no *@body
 * when @if_none_match has the ETag. Sets *@etag, *@cache_control, *@content_type. */
gboolean voisins_server_tiles_handle (const char                     *database,
                                      const char                     *basemap_dir,
                                      VoisinsServerAuth              *auth,
                                      const char                     *association_id,
                                      const VoisinsServerTileRequest *request,
                                      const char                     *if_none_match,
                                      guint                          *status,
                                      GBytes                        **body,
                                      const char                    **content_type,
                                      const char                    **cache_control,
                                      char                          **etag,
                                      GError                        **error);

G_END_DECLS
