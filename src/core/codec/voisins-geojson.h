/* voisins-geojson.h: boundary polygons from and to GeoJSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-geo.h"

G_BEGIN_DECLS

/* Accepts a FeatureCollection (first feature), a Feature, a Polygon or a MultiPolygon. */
VoisinsPolygon  *voisins_polygon_new_from_geojson (const char        *geojson,
                                                   GError           **error);
VoisinsPolygon  *voisins_polygon_new_from_node   (JsonNode           *node,
                                                  GError            **error);
/* A GeoJSON Polygon/MultiPolygon geometry (not a Feature). */
char            *voisins_polygon_to_geojson      (VoisinsPolygon     *self);

G_END_DECLS
