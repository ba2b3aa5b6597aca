/* voisins-sync-basemap.h: the association's basemap, downloaded whole by the sync so that
 * the map works with no network (the run calls _voisins_sync_fetch_basemaps (), declared
 * with the run's other steps in voisins-sync-client-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A basemap is a few MB for a quartier; a server sending more is not believed. */
#define VOISINS_SYNC_MAX_BASEMAP_BYTES (256 * 1024 * 1024)

G_END_DECLS
