/* voisins-basemap-layers.h: what the basemap's reader (-layers.c) hands the renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BASEMAP_PARK,
  BASEMAP_WATER,
  BASEMAP_BUILDING,
  BASEMAP_STREET,
  BASEMAP_N_CLASSES,
} BasemapClass;

/* One feature, in normalised Web Mercator (0..1 west to east, north to south). */
typedef struct
{
  BasemapClass  klass;
  gboolean      is_line;     /* centrelines (OSM): stroked; else polygons: filled */
  double        width;       /* lines: the street's width in metres */
  char         *name;        /* streets: the label, or NULL */
  GArray       *rings;       /* of GArray* of double x, y pairs (polygons: outer and holes) */
  double        x0, y0, x1, y1;  /* bounding box */
  double        area;        /* polygons: the area (normalised units²), for label order */
  guint         order;       /* reading order, the last tie-break */
} BasemapFeature;

void       _voisins_basemap_feature_free (BasemapFeature *feature);

/* Reads every layer of @streets and of each of @extras (NULL-terminated, may be NULL), keeps
 * the features that touch [x0, x1] x [y0, y1] (normalised Mercator), sorted by class then
 * reading order. */
GPtrArray *_voisins_basemap_read         (const char                   *streets,
                                          const char *const            *extras,
                                          double                        x0,
                                          double                        y0,
                                          double                        x1,
                                          double                        y1,
                                          GError                      **error);

/* lon/lat to normalised Mercator and back. */
void       _voisins_basemap_project      (double  lon,
                                          double  lat,
                                          double *x,
                                          double *y);
void       _voisins_basemap_unproject    (double  x,
                                          double  y,
                                          double *lon,
                                          double *lat);

G_END_DECLS
