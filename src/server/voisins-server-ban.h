/* voisins-server-ban.h: reading an address base, the Base Adresse Nationale's CSV or
 * GeoJSON points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-address.h"
#include "voisins-geo.h"

G_BEGIN_DECLS

typedef struct
{
  guint kept;
  guint outside;    /* outside the boundary */
  guint malformed;  /* a row with no number, no street, no position, or one not written */
  guint first_malformed_line;  /* 1-based line (CSV) or feature index + 1 (GeoJSON); 0: none */
} VoisinsServerBanCounts;

/* The addresses of @path inside @boundary (all of them when @boundary is NULL), as
 * VoisinsAddress. A file starting with "{" is GeoJSON (a FeatureCollection of Points with
 * BAN's properties), anything else CSV with a header row naming BAN's columns (numero, rep,
 * nom_voie, code_postal, nom_commune, lon, lat, id), `;` or `,` separated. */
GPtrArray *voisins_server_ban_read (const char              *path,
                                    VoisinsPolygon          *boundary,
                                    VoisinsServerBanCounts  *counts,
                                    GError                 **error);

G_END_DECLS
