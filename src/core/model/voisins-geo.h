/* voisins-geo.h: polygons, distances and approximate positions (WGS84)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  double min_lat;
  double min_lon;
  double max_lat;
  double max_lon;
} VoisinsBBox;

/* A polygon (or multipolygon) in lon/lat, outer rings and holes, as GeoJSON has it. */
typedef struct _VoisinsPolygon VoisinsPolygon;

#define VOISINS_TYPE_POLYGON (voisins_polygon_get_type ())

GType            voisins_polygon_get_type        (void) G_GNUC_CONST;
VoisinsPolygon  *voisins_polygon_ref             (VoisinsPolygon     *self);
void             voisins_polygon_unref           (VoisinsPolygon     *self);
/* An empty polygon for the codecs to fill (see voisins-geojson.h). */
VoisinsPolygon  *voisins_polygon_new             (void);
void             voisins_polygon_add_ring        (VoisinsPolygon     *self,
                                                  const double       *points,
                                                  guint               n_points,
                                                  gboolean            outer);
gboolean         voisins_polygon_ring_is_outer   (VoisinsPolygon     *self,
                                                  guint               ring);
gboolean         voisins_polygon_contains        (VoisinsPolygon     *self,
                                                  double              lat,
                                                  double              lon);
void             voisins_polygon_get_bbox        (VoisinsPolygon     *self,
                                                  VoisinsBBox        *bbox);
void             voisins_polygon_get_center      (VoisinsPolygon     *self,
                                                  double             *lat,
                                                  double             *lon);
guint            voisins_polygon_get_n_rings     (VoisinsPolygon     *self);
/* Points of ring @ring as lon/lat pairs: points[2*i] = lon, points[2*i+1] = lat. */
const double    *voisins_polygon_get_ring        (VoisinsPolygon     *self,
                                                  guint               ring,
                                                  guint              *n_points);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsPolygon, voisins_polygon_unref)

/* Radius of the approximate positions shown to neighbours, in metres: the demo generator
 * and the server blur exact addresses by this much, so both must agree. */
#define VOISINS_APPROX_RADIUS_M 150.0

/* Great-circle distance in metres. */
double           voisins_geo_distance            (double              lat1,
                                                  double              lon1,
                                                  double              lat2,
                                                  double              lon2);

/* A position near (lat, lon), between 40 m and @radius_m away, stable for a given
 * @key (a member id) and @secret (the association's), never the exact point, and inside
 * @boundary when one is given (falls back to a smaller offset, then to the nearest
 * retry, so a point near the edge stays in). */
void             voisins_geo_approximate         (double              lat,
                                                  double              lon,
                                                  const char         *key,
                                                  const char         *secret,
                                                  double              radius_m,
                                                  VoisinsPolygon     *boundary,
                                                  double             *out_lat,
                                                  double             *out_lon);

G_END_DECLS
