/* voisins-basemap-layers.c: reading the basemap's inputs with GDAL/OGR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any vector format OGR reads. Each feature gets a class from its properties (OSM's
 * building, natural, waterway, leisure, landuse, highway), else from its layer's or file's
 * name (espaces_verts, hydrographie, batiments...); the --streets file's untagged features
 * are streets. Everything is reprojected to WGS84 and then to Web Mercator here.
 */
#define G_LOG_DOMAIN "voisins-basemap"

#include <cpl_conv.h>
#include <gdal.h>
#include <gio/gio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "voisins-basemap-layers.h"

/* The properties that name a street, in the files associations get (OSM: name; Paris:
 * "Dénomination complète minuscule", l_longmin; IGN BD TOPO: nom_1_gauche...). */
static const char *const name_fields[] = {
  "name", "Dénomination complète minuscule", "l_longmin", "nom_voie", "nom", "libelle",
  "nom_1_gauche", "denomination", NULL,
};

/* Typical widths (metres) of OSM's highway classes, drawn as lines. */
static const struct { const char *highway; double width; } highway_widths[] = {
  { "motorway", 20 }, { "trunk", 18 }, { "primary", 16 }, { "secondary", 14 },
  { "tertiary", 12 }, { "unclassified", 9 }, { "residential", 9 }, { "living_street", 7 },
  { "pedestrian", 8 }, { "service", 5 }, { "footway", 3 }, { "path", 2.5 },
  { "cycleway", 3 }, { "steps", 3 }, { "track", 3 },
};

void
_voisins_basemap_project (double  lon,
                          double  lat,
                          double *x,
                          double *y)
{
  double phi = CLAMP (lat, -85.05112878, 85.05112878) * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0;
  *y = (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

void
_voisins_basemap_unproject (double  x,
                            double  y,
                            double *lon,
                            double *lat)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

void
_voisins_basemap_feature_free (BasemapFeature *feature)
{
  if (feature == NULL)
    return;
  g_free (feature->name);
  g_clear_pointer (&feature->rings, g_array_unref);
  g_free (feature);
}

static void
ring_free (gpointer data)
{
  g_array_unref (*(GArray **) data);
}

typedef struct
{
  const char                  *file_hint;  /* the file's base name, lower case */
  gboolean                     is_streets;
  int                          name_field;
  int                          tag_fields[6]; /* building natural waterway leisure landuse highway */
  char                        *layer_hint;
  OGRCoordinateTransformationH ct;         /* NULL: already WGS84 lon/lat */
} LayerInfo;

static const char *const tag_names[] = {
  "building", "natural", "waterway", "leisure", "landuse", "highway",
};
enum { TAG_BUILDING, TAG_NATURAL, TAG_WATERWAY, TAG_LEISURE, TAG_LANDUSE, TAG_HIGHWAY };

static void
layer_info_free (gpointer data)
{
  LayerInfo *info = data;

  if (info->ct)
    OCTDestroyCoordinateTransformation (info->ct);
  g_free (info->layer_hint);
  g_free (info);
}

static gboolean
hint_has (const char        *hint,
          const char *const *words)
{
  for (guint i = 0; hint && words[i]; i++)
    if (strstr (hint, words[i]))
      return TRUE;
  return FALSE;
}

static const char *const water_words[] = { "water", "eau", "hydro", "seine", "canal", "river",
                                           "riviere", "lac", NULL };
static const char *const park_words[] = { "park", "parc", "jardin", "espace", "vert", "green",
                                          "square", "bois", NULL };
static const char *const building_words[] = { "build", "bati", "bâti", "immeuble", NULL };

static int
class_from_hint (const char *hint)
{
  if (hint_has (hint, water_words))
    return BASEMAP_WATER;
  if (hint_has (hint, park_words))
    return BASEMAP_PARK;
  if (hint_has (hint, building_words))
    return BASEMAP_BUILDING;
  return -1;
}

static const char *
tag (OGRFeatureH  feature,
     LayerInfo   *info,
     int          which)
{
  int i = info->tag_fields[which];
  const char *value;

  if (i < 0 || !OGR_F_IsFieldSetAndNotNull (feature, i))
    return NULL;
  value = OGR_F_GetFieldAsString (feature, i);
  return value && value[0] ? value : NULL;
}

static gboolean
in_list (const char        *value,
         const char *const *list)
{
  return value && g_strv_contains (list, value);
}

/* The class of @feature, or -1: not drawn. *@width: a street line's width. */
static int
classify (OGRFeatureH  feature,
          LayerInfo   *info,
          double      *width)
{
  static const char *const water_natural[] = { "water", "bay", "wetland", NULL };
  static const char *const water_landuse[] = { "reservoir", "basin", NULL };
  static const char *const park_leisure[] = { "park", "garden", "playground", "pitch",
                                              "common", "nature_reserve", NULL };
  static const char *const park_landuse[] = { "grass", "forest", "recreation_ground", "meadow",
                                              "cemetery", "village_green", "allotments", NULL };
  static const char *const park_natural[] = { "wood", "scrub", "grassland", "heath", NULL };
  const char *building = tag (feature, info, TAG_BUILDING);
  const char *natural = tag (feature, info, TAG_NATURAL);
  const char *landuse = tag (feature, info, TAG_LANDUSE);
  const char *highway = tag (feature, info, TAG_HIGHWAY);
  int klass;

  *width = 8;
  if (building && g_strcmp0 (building, "no") != 0)
    return BASEMAP_BUILDING;
  if (in_list (natural, water_natural) || tag (feature, info, TAG_WATERWAY) ||
      in_list (landuse, water_landuse))
    return BASEMAP_WATER;
  if (in_list (tag (feature, info, TAG_LEISURE), park_leisure) ||
      in_list (landuse, park_landuse) || in_list (natural, park_natural))
    return BASEMAP_PARK;
  if (highway)
    {
      for (guint i = 0; i < G_N_ELEMENTS (highway_widths); i++)
        if (g_str_has_prefix (highway, highway_widths[i].highway))
          {
            *width = highway_widths[i].width;
            return BASEMAP_STREET;
          }
      return -1;  /* construction, proposed, bus_stop... */
    }
  /* An OSM layer (it has the tags): untagged means something else (railways, borders). */
  if (info->tag_fields[TAG_HIGHWAY] >= 0 || info->tag_fields[TAG_BUILDING] >= 0)
    return -1;
  if ((klass = class_from_hint (info->layer_hint)) >= 0)
    return klass;
  if (info->is_streets)
    return BASEMAP_STREET;
  return class_from_hint (info->file_hint);
}

static LayerInfo *
layer_info_new (OGRLayerH           layer,
                const char         *file_hint,
                gboolean            is_streets,
                OGRSpatialReferenceH wgs84)
{
  LayerInfo *info = g_new0 (LayerInfo, 1);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef (layer);

  info->file_hint = file_hint;
  info->is_streets = is_streets;
  info->layer_hint = g_utf8_strdown (OGR_L_GetName (layer), -1);
  info->name_field = -1;
  for (guint i = 0; info->name_field < 0 && name_fields[i]; i++)
    for (int f = 0; f < OGR_FD_GetFieldCount (defn); f++)
      if (g_ascii_strcasecmp (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, f)),
                              name_fields[i]) == 0)
        {
          info->name_field = f;
          break;
        }
  for (guint t = 0; t < G_N_ELEMENTS (tag_names); t++)
    info->tag_fields[t] = OGR_FD_GetFieldIndex (defn, tag_names[t]);

  if (srs && !OSRIsSame (srs, wgs84))
    {
      OGRSpatialReferenceH source = OSRClone (srs);

      OSRSetAxisMappingStrategy (source, OAMS_TRADITIONAL_GIS_ORDER);
      info->ct = OCTNewCoordinateTransformation (source, wgs84);
      OSRDestroySpatialReference (source);
    }
  return info;
}

/* Appends the rings or lines of @geom (any type, collections walked) to @feature. */
static void
add_geometry (BasemapFeature *feature,
              OGRGeometryH    geom,
              gboolean        want_lines)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));
  int n_sub = OGR_G_GetGeometryCount (geom);

  if (type == wkbPolygon || type == wkbMultiLineString)
    {
      for (int i = 0; i < n_sub; i++)
        add_geometry (feature, OGR_G_GetGeometryRef (geom, i), want_lines);
      return;
    }
  if (type == wkbLineString || type == wkbLinearRing)
    {
      int n = OGR_G_GetPointCount (geom);
      GArray *ring;

      if (n < 2 || (want_lines && type == wkbLinearRing))
        return;
      ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
      for (int i = 0; i < n; i++)
        {
          double xy[2];

          _voisins_basemap_project (OGR_G_GetX (geom, i), OGR_G_GetY (geom, i), &xy[0], &xy[1]);
          g_array_append_vals (ring, xy, 2);
          feature->x0 = MIN (feature->x0, xy[0]);
          feature->y0 = MIN (feature->y0, xy[1]);
          feature->x1 = MAX (feature->x1, xy[0]);
          feature->y1 = MAX (feature->y1, xy[1]);
        }
      g_array_append_val (feature->rings, ring);
    }
}

static double
rings_area (GArray *rings)
{
  double area = 0;

  for (guint r = 0; r < rings->len; r++)
    {
      GArray *ring = g_array_index (rings, GArray *, r);
      const double *p = (const double *) ring->data;
      guint n = ring->len / 2;
      double a = 0;

      for (guint i = 0; i < n; i++)
        {
          guint j = (i + 1) % n;

          a += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
        }
      area += r == 0 ? fabs (a) / 2 : -fabs (a) / 2;
    }
  return area;
}

static BasemapFeature *
feature_new (BasemapClass  klass,
             gboolean      is_line,
             double        width,
             const char   *name)
{
  BasemapFeature *out = g_new0 (BasemapFeature, 1);

  out->klass = klass;
  out->width = width;
  out->is_line = is_line;
  out->name = g_strdup (name);
  out->rings = g_array_new (FALSE, FALSE, sizeof (GArray *));
  g_array_set_clear_func (out->rings, ring_free);
  out->x0 = out->y0 = G_MAXDOUBLE;
  out->x1 = out->y1 = -G_MAXDOUBLE;
  return out;
}

/* Appends to @out a feature per polygon of @geom (their labels and areas are their own),
 * or one for all its lines. */
static void
add_features (OGRGeometryH  geom,
              BasemapClass  klass,
              double        width,
              const char   *name,
              GPtrArray    *out)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));
  BasemapFeature *f;

  if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    {
      for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
        add_features (OGR_G_GetGeometryRef (geom, i), klass, width, name, out);
      return;
    }
  if (type == wkbPolygon)
    {
      f = feature_new (klass, FALSE, width, name);
      add_geometry (f, geom, FALSE);
      f->area = rings_area (f->rings);
    }
  else if (type == wkbLineString || type == wkbMultiLineString)
    {
      /* A line drawn as an area makes no sense (a waterway line is a river's centre):
       * lines are kept for streets only. */
      if (klass != BASEMAP_STREET)
        return;
      f = feature_new (klass, TRUE, width, name);
      add_geometry (f, geom, TRUE);
    }
  else
    return;
  if (f->rings->len == 0)
    _voisins_basemap_feature_free (f);
  else
    g_ptr_array_add (out, f);
}

static void
read_feature (OGRFeatureH  feature,
              LayerInfo   *info,
              GPtrArray   *out)
{
  OGRGeometryH geom = OGR_F_GetGeometryRef (feature);
  OGRGeometryH linear;
  const char *name = NULL;
  double width;
  int klass;

  if (geom == NULL || OGR_G_IsEmpty (geom) || (klass = classify (feature, info, &width)) < 0)
    return;
  linear = OGR_G_GetLinearGeometry (geom, 0, NULL);
  if (linear == NULL)
    return;
  if (info->ct && OGR_G_Transform (linear, info->ct) != OGRERR_NONE)
    {
      OGR_G_DestroyGeometry (linear);
      return;
    }
  if (klass == BASEMAP_STREET && info->name_field >= 0 &&
      OGR_F_IsFieldSetAndNotNull (feature, info->name_field))
    {
      name = OGR_F_GetFieldAsString (feature, info->name_field);
      if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
        name = NULL;
    }
  add_features (linear, klass, width, name, out);
  OGR_G_DestroyGeometry (linear);
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  const BasemapFeature *fa = *(BasemapFeature *const *) a;
  const BasemapFeature *fb = *(BasemapFeature *const *) b;

  if (fa->klass != fb->klass)
    return fa->klass < fb->klass ? -1 : 1;
  return fa->order < fb->order ? -1 : fa->order > fb->order;
}

static gboolean
read_file (const char           *path,
           gboolean              is_streets,
           OGRSpatialReferenceH  wgs84,
           double                lon0,
           double                lat0,
           double                lon1,
           double                lat1,
           double                x0,
           double                y0,
           double                x1,
           double                y1,
           GPtrArray            *out,
           GError              **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *hint = g_utf8_strdown (base, -1);
  g_autoptr(GHashTable) layers = NULL;
  GDALDatasetH ds;
  OGRFeatureH feature;
  OGRLayerH layer = NULL;

  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cannot read %s as geographic data: %s", base, CPLGetLastErrorMsg ());
      return FALSE;
    }
  layers = g_hash_table_new_full (NULL, NULL, NULL, layer_info_free);
  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    {
      OGRLayerH l = GDALDatasetGetLayer (ds, i);
      LayerInfo *info = layer_info_new (l, hint, is_streets, wgs84);

      /* Only what may show: a country's extract reads in the time of a quartier's. */
      if (info->ct == NULL)
        OGR_L_SetSpatialFilterRect (l, lon0, lat0, lon1, lat1);
      g_hash_table_insert (layers, l, info);
    }

  /* Dataset order, not layer by layer: OSM PBF reads in one pass so. */
  GDALDatasetResetReading (ds);
  while ((feature = GDALDatasetGetNextFeature (ds, &layer, NULL, NULL, NULL)))
    {
      LayerInfo *info = g_hash_table_lookup (layers, layer);
      guint first = out->len;

      if (info)
        read_feature (feature, info, out);
      OGR_F_Destroy (feature);
      for (guint i = out->len; i > first; i--)
        {
          BasemapFeature *f = out->pdata[i - 1];

          if (f->x1 < x0 || f->x0 > x1 || f->y1 < y0 || f->y0 > y1)
            g_ptr_array_remove_index (out, i - 1);
        }
    }
  g_clear_pointer (&layers, g_hash_table_unref);
  GDALClose (ds);
  return TRUE;
}

GPtrArray *
_voisins_basemap_read (const char                   *streets,
                       const char *const            *extras,
                       double                        x0,
                       double                        y0,
                       double                        x1,
                       double                        y1,
                       GError                      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (
      (GDestroyNotify) _voisins_basemap_feature_free);
  OGRSpatialReferenceH wgs84;
  double lon0, lat0, lon1, lat1;
  gboolean ok;

  GDALAllRegister ();
  CPLSetConfigOption ("OGR_INTERLEAVED_READING", "YES");
  _voisins_basemap_unproject (x0, y1, &lon0, &lat0);
  _voisins_basemap_unproject (x1, y0, &lon1, &lat1);
  wgs84 = OSRNewSpatialReference (NULL);
  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);

  ok = read_file (streets, TRUE, wgs84, lon0, lat0, lon1, lat1, x0, y0, x1, y1, out,
                  error);
  for (guint i = 0; ok && extras && extras[i]; i++)
    ok = read_file (extras[i], FALSE, wgs84, lon0, lat0, lon1, lat1, x0, y0, x1, y1,
                    out, error);
  OSRDestroySpatialReference (wgs84);
  if (!ok)
    return NULL;
  for (guint i = 0; i < out->len; i++)
    ((BasemapFeature *) out->pdata[i])->order = i;
  g_ptr_array_sort (out, compare_features);
  return g_steal_pointer (&out);
}
