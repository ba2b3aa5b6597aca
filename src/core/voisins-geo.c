/* voisins-geo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-codec.h"
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

static VoisinsPolygon *
polygon_new (void)
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

static gboolean
add_ring (VoisinsPolygon  *self,
          JsonArray       *coords,
          gboolean         outer,
          GError         **error)
{
  guint n = json_array_get_length (coords);
  Ring ring;

  if (n < 4)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("A boundary ring needs at least four points"));
      return FALSE;
    }

  ring.n_points = n;
  ring.points = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *pt_node = json_array_get_element (coords, i);
      JsonArray *pt;
      double lon, lat;

      if (!JSON_NODE_HOLDS_ARRAY (pt_node) ||
          json_array_get_length (pt = json_node_get_array (pt_node)) < 2 ||
          json_node_get_value_type (json_array_get_element (pt, 0)) == G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (pt, 1)) == G_TYPE_STRING)
        {
          g_free (ring.points);
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("A boundary point is not a pair of numbers"));
          return FALSE;
        }

      lon = json_array_get_double_element (pt, 0);
      lat = json_array_get_double_element (pt, 1);
      if (!isfinite (lon) || !isfinite (lat) || fabs (lat) > 90 || fabs (lon) > 180)
        {
          g_free (ring.points);
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("A boundary point is outside the valid range of coordinates"));
          return FALSE;
        }

      ring.points[2 * i] = lon;
      ring.points[2 * i + 1] = lat;

      if (outer)
        {
          self->bbox.min_lat = MIN (self->bbox.min_lat, lat);
          self->bbox.max_lat = MAX (self->bbox.max_lat, lat);
          self->bbox.min_lon = MIN (self->bbox.min_lon, lon);
          self->bbox.max_lon = MAX (self->bbox.max_lon, lon);
        }
    }

  g_array_append_val (self->rings, ring);
  g_array_append_val (self->outer, outer);

  return TRUE;
}

static gboolean
add_polygon (VoisinsPolygon  *self,
             JsonArray       *rings,
             GError         **error)
{
  guint n = json_array_get_length (rings);

  if (n == 0)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("A boundary polygon has no ring"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *ring = json_array_get_element (rings, i);

      if (!JSON_NODE_HOLDS_ARRAY (ring))
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("A boundary ring is not a list of points"));
          return FALSE;
        }

      if (!add_ring (self, json_node_get_array (ring), i == 0, error))
        return FALSE;
    }

  return TRUE;
}

VoisinsPolygon *
voisins_polygon_new_from_node (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(VoisinsPolygon) self = NULL;
  JsonObject *obj;
  const char *type;
  JsonNode *coords;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("The boundary is not a GeoJSON object"));
      return NULL;
    }

  obj = json_node_get_object (node);
  type = json_object_get_string_member_with_default (obj, "type", "");

  if (g_str_equal (type, "FeatureCollection"))
    {
      JsonArray *features = json_object_get_array_member (obj, "features");

      if (features == NULL || json_array_get_length (features) == 0)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("The boundary file has no feature"));
          return NULL;
        }
      return voisins_polygon_new_from_node (json_array_get_element (features, 0), error);
    }

  if (g_str_equal (type, "Feature"))
    return voisins_polygon_new_from_node (json_object_get_member (obj, "geometry"), error);

  coords = json_object_get_member (obj, "coordinates");
  if (coords == NULL || !JSON_NODE_HOLDS_ARRAY (coords))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("The boundary has no coordinates"));
      return NULL;
    }

  self = polygon_new ();

  if (g_str_equal (type, "Polygon"))
    {
      if (!add_polygon (self, json_node_get_array (coords), error))
        return NULL;
    }
  else if (g_str_equal (type, "MultiPolygon"))
    {
      JsonArray *polys = json_node_get_array (coords);

      for (guint i = 0; i < json_array_get_length (polys); i++)
        {
          JsonNode *poly = json_array_get_element (polys, i);

          if (!JSON_NODE_HOLDS_ARRAY (poly))
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                           _("A boundary polygon is not a list of rings"));
              return NULL;
            }
          if (!add_polygon (self, json_node_get_array (poly), error))
            return NULL;
        }
    }
  else
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("The boundary must be a Polygon or a MultiPolygon"));
      return NULL;
    }

  if (self->rings->len == 0)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("The boundary is empty"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

VoisinsPolygon *
voisins_polygon_new_from_geojson (const char  *geojson,
                                  GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (geojson != NULL, NULL);

  node = voisins_json_parse (geojson, -1, error);
  if (node == NULL)
    return NULL;

  return voisins_polygon_new_from_node (node, error);
}

char *
voisins_polygon_to_geojson (VoisinsPolygon *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean in_polygon = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "MultiPolygon");
  json_builder_set_member_name (builder, "coordinates");
  json_builder_begin_array (builder);

  for (guint r = 0; r < self->rings->len; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);

      if (g_array_index (self->outer, gboolean, r))
        {
          if (in_polygon)
            json_builder_end_array (builder);
          json_builder_begin_array (builder);
          in_polygon = TRUE;
        }

      json_builder_begin_array (builder);
      for (guint i = 0; i < ring->n_points; i++)
        {
          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, ring->points[2 * i]);
          json_builder_add_double_value (builder, ring->points[2 * i + 1]);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }

  if (in_polygon)
    json_builder_end_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return voisins_json_to_string (root);
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
      *out_lat = clat;
      *out_lon = clon;
    }
}
