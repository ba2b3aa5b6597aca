/* voisins-geojson.c: boundary polygons from and to GeoJSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "voisins-geojson.h"
#include "voisins-json.h"

static gboolean
add_ring (VoisinsPolygon  *self,
          JsonArray       *coords,
          gboolean         outer,
          GError         **error)
{
  guint n = json_array_get_length (coords);
  g_autofree double *points = NULL;

  if (n < 4)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("A boundary ring needs at least four points"));
      return FALSE;
    }

  points = g_new (double, 2 * n);

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
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("A boundary point is not a pair of numbers"));
          return FALSE;
        }

      lon = voisins_json_element_double (pt, 0, 0);
      lat = voisins_json_element_double (pt, 1, 0);
      if (!isfinite (lon) || !isfinite (lat) || fabs (lat) > 90 || fabs (lon) > 180)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("A boundary point is outside the valid range of coordinates"));
          return FALSE;
        }

      points[2 * i] = lon;
      points[2 * i + 1] = lat;
    }

  voisins_polygon_add_ring (self, points, n, outer);

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
  type = voisins_json_read_string_or (obj, "type", "");

  if (g_str_equal (type, "FeatureCollection"))
    {
      JsonArray *features = voisins_json_read_array (obj, "features");

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

  self = voisins_polygon_new ();

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

  if (voisins_polygon_get_n_rings (self) == 0)
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

  for (guint r = 0; r < voisins_polygon_get_n_rings (self); r++)
    {
      guint n_points;
      const double *points = voisins_polygon_get_ring (self, r, &n_points);

      if (voisins_polygon_ring_is_outer (self, r))
        {
          if (in_polygon)
            json_builder_end_array (builder);
          json_builder_begin_array (builder);
          in_polygon = TRUE;
        }

      json_builder_begin_array (builder);
      for (guint i = 0; i < n_points; i++)
        {
          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, points[2 * i]);
          json_builder_add_double_value (builder, points[2 * i + 1]);
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

