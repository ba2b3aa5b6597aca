/* voisins-server-cmd-basemap.h: `voisins-server basemap`, the quartier's own street map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-config.h"
#include "voisins-server-sqlite.h"

G_BEGIN_DECLS

/* --streets, --extra, --zoom, --attribution */
GOptionGroup *voisins_server_cmd_basemap_options    (void);

int           voisins_server_cmd_basemap            (VoisinsServerConfig *config,
                                                     VoisinsServerSqlite *storage);
/* Builds the basemap of @association_id from @streets and @extras (NULL-terminated, may be
 * NULL) into <database folder>/basemaps/<id>.mbtiles and raises its version: the new
 * version, or -1 with @error set. */
gint64        voisins_server_cmd_build_basemap      (VoisinsServerConfig *config,
                                                     VoisinsServerSqlite *storage,
                                                     const char          *association_id,
                                                     const char          *streets,
                                                     const char *const   *extras,
                                                     int                  minzoom,
                                                     int                  maxzoom,
                                                     const char          *attribution,
                                                     GError             **error);
/* import-demo: the demo quartier's basemap from the street surfaces in @data_dir. */
gint64        voisins_server_cmd_build_demo_basemap (VoisinsServerConfig *config,
                                                     VoisinsServerSqlite *storage,
                                                     const char          *association_id,
                                                     const char          *data_dir,
                                                     GError             **error);

G_END_DECLS
