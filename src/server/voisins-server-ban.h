/* voisins-server-ban.h: reading an address base, the Base Adresse Nationale's CSV or
 * GeoJSON points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-address.h"
#include "voisins-geo.h"

G_BEGIN_DECLS

#define VOISINS_SERVER_BAN_MAX_LINES 10

typedef struct
{
  guint kept;
  guint outside;    /* outside the boundary */
  guint malformed;  /* a row with no number, no street, no position, or one not written */
  /* The first VOISINS_SERVER_BAN_MAX_LINES malformed rows: 1-based line (CSV) or feature
   * index + 1 (GeoJSON); the others are only counted. */
  guint malformed_lines[VOISINS_SERVER_BAN_MAX_LINES];
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
