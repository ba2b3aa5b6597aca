/* voisins-sync-basemap.h: the association's basemap, downloaded whole by the sync so that
 * the map works with no network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "voisins-sync-client-private.h"

G_BEGIN_DECLS

/* A basemap is a few MB for a quartier; a server sending more is not believed. */
#define VOISINS_SYNC_MAX_BASEMAP_BYTES (256 * 1024 * 1024)

/* After the push and the pull of a run: for each association whose description named a
 * basemap_version the laptop does not hold (rd->basemaps), GET .../basemap.mbtiles into a
 * temporary file beside the store, check it is an MBTiles file, and install it
 * (voisins_store_install_basemap ()). Never fails the run: a failure keeps the old map and
 * the next sync tries again. Reports progress through the client's download-progress. */
void _voisins_sync_fetch_basemaps (SoupSession  *session,
                                   RunData      *rd,
                                   GCancellable *cancellable);

G_END_DECLS
