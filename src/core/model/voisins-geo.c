/* voisins-geo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-geo.h"

#define EARTH_RADIUS_M 6371008.8
#define METRES_PER_DEGREE_LAT 111320.0

typedef struct
{
  double *points;  /* lon, lat, lon, lat... */
  guint   n_points;
} Ring;

struct _VoisinsPolygon
{
  gatomicrefcount  ref_count;
  GArray          *rings;   /* Ring */
  GArray          *outer;   /* gboolean per ring: TRUE for an outer ring */
  VoisinsBBox      bbox;
};

G_DEFINE_BOXED_TYPE (VoisinsPolygon, voisins_polygon, voisins_polygon_ref, voisins_polygon_unref)

static void
ring_clear (gpointer data)
{
  Ring *ring = data;

  g_clear_pointer (&ring->points, g_free);
}

VoisinsPolygon *
voisins_polygon_new (void)
{
  VoisinsPolygon *self = g_new0 (VoisinsPolygon, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->rings = g_array_new (FALSE, TRUE, sizeof (Ring));
  g_array_set_clear_func (self->rings, ring_clear);
  self->outer = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->bbox.min_lat = self->bbox.min_lon = G_MAXDOUBLE;
  self->bbox.max_lat = self->bbox.max_lon = -G_MAXDOUBLE;

  return self;
}

VoisinsPolygon *
voisins_polygon_ref (VoisinsPolygon *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
voisins_polygon_unref (VoisinsPolygon *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->rings);
      g_array_unref (self->outer);
      g_free (self);
    }
}

/* The one way in for the codecs: the ring is copied; an outer ring starts a new polygon and
 * widens the bounding box, the rings after it are its holes. */
void
voisins_polygon_add_ring (VoisinsPolygon *self,
                          const double   *points,
                          guint           n_points,
                          gboolean        outer)
{
  Ring ring;

  g_return_if_fail (self != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  ring.n_points = n_points;
  ring.points = g_memdup2 (points, sizeof (double) * 2 * n_points);

  if (outer)
    {
      for (guint i = 0; i < n_points; i++)
        {
          double lon = points[2 * i];
          double lat = points[2 * i + 1];

          self->bbox.min_lat = MIN (self->bbox.min_lat, lat);
          self->bbox.max_lat = MAX (self->bbox.max_lat, lat);
          self->bbox.min_lon = MIN (self->bbox.min_lon, lon);
          self->bbox.max_lon = MAX (self->bbox.max_lon, lon);
        }
    }

  g_array_append_val (self->rings, ring);
  g_array_append_val (self->outer, outer);
}

gboolean
voisins_polygon_ring_is_outer (VoisinsPolygon *self,
                               guint           ring)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ring < self->outer->len, FALSE);

  return g_array_index (self->outer, gboolean, ring);
}

gboolean
voisins_polygon_contains (VoisinsPolygon *self,
                          double          lat,
                          double          lon)
{
  gboolean inside = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (lat < self->bbox.min_lat || lat > self->bbox.max_lat ||
      lon < self->bbox.min_lon || lon > self->bbox.max_lon)
    return FALSE;

  /* Even-odd over every ring: holes and separate parts come out right. */
  for (guint r = 0; r < self->rings->len; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);

      for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
        {
          double xi = ring->points[2 * i], yi = ring->points[2 * i + 1];
          double xj = ring->points[2 * j], yj = ring->points[2 * j + 1];

          if (((yi > lat) != (yj > lat)) &&
              (lon < (xj - xi) * (lat - yi) / (yj - yi) + xi))
            inside = !inside;
        }
    }

  return inside;
}

void
voisins_polygon_get_bbox (VoisinsPolygon *self,
                          VoisinsBBox    *bbox)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (bbox != NULL);

  *bbox = self->bbox;
}

void
voisins_polygon_get_center (VoisinsPolygon *self,
                            double         *lat,
                            double         *lon)
{
  double area = 0, cx = 0, cy = 0;

  g_return_if_fail (self != NULL);

  /* Area-weighted centroid of the outer rings; the bbox centre if that falls outside
   * (a crescent-shaped quartier). */
  for (guint r = 0; r < self->rings->len; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);
      double sign = g_array_index (self->outer, gboolean, r) ? 1 : -1;

      for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
        {
          double xi = ring->points[2 * i], yi = ring->points[2 * i + 1];
          double xj = ring->points[2 * j], yj = ring->points[2 * j + 1];
          double cross = (xj * yi - xi * yj);

          area += sign * cross;
          cx += sign * (xj + xi) * cross;
          cy += sign * (yj + yi) * cross;
        }
    }

  if (fabs (area) > 1e-12)
    {
      cx /= 3 * area;
      cy /= 3 * area;
    }

  if (fabs (area) <= 1e-12 || !voisins_polygon_contains (self, cy, cx))
    {
      cx = (self->bbox.min_lon + self->bbox.max_lon) / 2;
      cy = (self->bbox.min_lat + self->bbox.max_lat) / 2;
    }

  if (lat)
    *lat = cy;
  if (lon)
    *lon = cx;
}

guint
voisins_polygon_get_n_rings (VoisinsPolygon *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rings->len;
}

const double *
voisins_polygon_get_ring (VoisinsPolygon *self,
                          guint           ring,
                          guint          *n_points)
{
  const Ring *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ring < self->rings->len, NULL);

  r = &g_array_index (self->rings, Ring, ring);
  if (n_points)
    *n_points = r->n_points;

  return r->points;
}

double
voisins_geo_distance (double lat1,
                      double lon1,
                      double lat2,
                      double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * EARTH_RADIUS_M * atan2 (sqrt (a), sqrt (1 - a));
}

static void
offset_point (double  lat,
              double  lon,
              double  distance_m,
              double  angle,
              double *out_lat,
              double *out_lon)
{
  *out_lat = lat + distance_m * cos (angle) / METRES_PER_DEGREE_LAT;
  *out_lon = lon + distance_m * sin (angle) / (METRES_PER_DEGREE_LAT * cos (lat * G_PI / 180));
}

#define MIN_OFFSET_M 40.0

void
voisins_geo_approximate (double          lat,
                         double          lon,
                         const char     *key,
                         const char     *secret,
                         double          radius_m,
                         VoisinsPolygon *boundary,
                         double         *out_lat,
                         double         *out_lon)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_if_fail (key != NULL);
  g_return_if_fail (out_lat != NULL && out_lon != NULL);

  radius_m = MAX (radius_m, MIN_OFFSET_M + 10);

  /* A keyed hash, so that the offset is stable for a member but cannot be undone by
   * someone who knows the member id and not the association's secret. */
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) (secret ? secret : ""),
                     secret ? strlen (secret) : 0);
  g_hmac_update (hmac, (const guchar *) key, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);

  /* Up to eight tries from the digest's bytes, each 4 bytes: angle then distance. */
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      const guint8 *b = digest + 4 * attempt;
      double angle = ((b[0] << 8) | b[1]) / 65536.0 * 2 * G_PI;
      double frac = ((b[2] << 8) | b[3]) / 65536.0;
      /* sqrt spreads points evenly over the ring's area */
      double dist = MIN_OFFSET_M + sqrt (frac) * (radius_m - MIN_OFFSET_M);

      offset_point (lat, lon, dist, angle, out_lat, out_lon);
      if (boundary == NULL || voisins_polygon_contains (boundary, *out_lat, *out_lon))
        return;
    }

  /* Near an edge: step towards the middle of the quartier, still at least 40 m away. */
  if (boundary != NULL)
    {
      double clat, clon, angle;

      voisins_polygon_get_center (boundary, &clat, &clon);
      angle = atan2 ((clon - lon) * cos (lat * G_PI / 180), clat - lat);
      for (double dist = MIN_OFFSET_M; dist <= radius_m * 3; dist += 20)
        {
          offset_point (lat, lon, dist, angle, out_lat, out_lon);
          if (voisins_polygon_contains (boundary, *out_lat, *out_lon))
            return;
        }
      /* Far outside (a coordinator accepted her address outside the quartier): near where
       * she lives, never the quartier's centre, where every such member would be stacked on
       * one point (issue 11). */
      offset_point (lat, lon, MIN_OFFSET_M + (digest[2] / 256.0) * (radius_m - MIN_OFFSET_M),
                    ((digest[0] << 8) | digest[1]) / 65536.0 * 2 * G_PI, out_lat, out_lon);
    }
}
