/* voisins-basemap-mbtiles.h: the association's basemap as an MBTiles file, written by
 * `voisins-server basemap` and read by the tile routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite only (no GDAL, no cairo): the HTTP layer links this and never the renderer.
 * The file follows MBTiles 1.3: `metadata (name, value)` and `tiles (zoom_level,
 * tile_column, tile_row, tile_data)` with rows in TMS order (row 0 at the south). The
 * 512 px tiles for HiDPI screens sit in a second table of the same shape, `tiles_2x`
 * (metadata `voisins_hidpi` = `tiles_2x`): one file carries both, so a laptop downloads one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* <@dir>/<association_id>.mbtiles, or NULL for an id that is not a UUID (it becomes part of
 * a file name). @dir NULL (the config's basemap-dir unset): <folder of @database>/basemaps
 * for a SQLite file; for a postgresql:// database, which has no folder,
 * <XDG data dir>/voisins-server/basemaps (every process serving one database must be given
 * the same folder: docs/operations.md). */
char *voisins_basemap_path (const char *database, const char *dir, const char *association_id);

typedef struct _VoisinsBasemapWriter VoisinsBasemapWriter;

/* Creates @path (removing what is there), mode 0600, with the MBTiles schema. */
VoisinsBasemapWriter *voisins_basemap_writer_new     (const char  *path,
                                                      GError     **error);
gboolean              voisins_basemap_writer_set     (VoisinsBasemapWriter *self,
                                                      const char  *key,
                                                      const char  *value,
                                                      GError     **error);
/* @y in the XYZ scheme (row 0 at the north): stored in TMS order. @scale 1 or 2. */
gboolean              voisins_basemap_writer_put     (VoisinsBasemapWriter *self,
                                                      int          z,
                                                      int          x,
                                                      int          y,
                                                      int          scale,
                                                      const guint8 *data,
                                                      gsize        len,
                                                      GError     **error);
/* Commits and closes; the writer is freed either way. */
gboolean              voisins_basemap_writer_finish  (VoisinsBasemapWriter *self,
                                                      GError     **error);
void                  voisins_basemap_writer_free    (VoisinsBasemapWriter *self);

/* The `version` metadata of the file at @path (0: no file, or none). */
gint64                voisins_basemap_read_version   (const char  *path);
/* One metadata value (NULL: none). */
char                 *voisins_basemap_read_metadata  (const char  *path,
                                                      const char  *key);
/* The PNG of tile @z/@x/@y (XYZ) at @scale, and the file's version in *@version; NULL with
 * no error when the file or the tile is not there. */
GBytes               *voisins_basemap_read_tile      (const char  *path,
                                                      int          z,
                                                      int          x,
                                                      int          y,
                                                      int          scale,
                                                      gint64      *version,
                                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsBasemapWriter, voisins_basemap_writer_free)

G_END_DECLS
