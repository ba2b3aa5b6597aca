/* voisins-map.h: the quartier's map, with its posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "voisins-core.h"

G_BEGIN_DECLS

/* The "map-source" setting (org.voisins.Voisins.MapSource). */
typedef enum
{
  VOISINS_MAP_SOURCE_ASSOCIATION,
  VOISINS_MAP_SOURCE_OPENSTREETMAP,
  VOISINS_MAP_SOURCE_FILE,
} VoisinsMapSourceChoice;

#define VOISINS_TYPE_MAP (voisins_map_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMap, voisins_map, VOISINS, MAP, GtkWidget)

GtkWidget        *voisins_map_new                (void);

/* Draws the quartier's outline and frames the view on it. */
void              voisins_map_set_boundary       (VoisinsMap        *self,
                                                  VoisinsPolygon    *boundary);
VoisinsPolygon   *voisins_map_get_boundary       (VoisinsMap        *self);
/* Frames the view on the quartier again (what the "centre" button does). */
void              voisins_map_center_on_boundary (VoisinsMap        *self);

/* A GListModel of VoisinsPost, drawn in clusters at their approximate positions. */
void              voisins_map_set_model          (VoisinsMap        *self,
                                                  GListModel        *posts);
GListModel       *voisins_map_get_model          (VoisinsMap        *self);
/* The address base naming the posts' places for screen readers (NULL: none). */
void              voisins_map_set_address_base   (VoisinsMap        *self,
                                                  VoisinsStore      *store,
                                                  const char        *association_id);
/* Centres the view on the post @id and highlights it; NULL clears the highlight. */
void              voisins_map_select_post        (VoisinsMap        *self,
                                                  const char        *id);

/* Basemaps. voisins_map_new() starts with a plain, network-free basemap.
 *
 * Raster tiles from a URL template with {z}, {x} and {y}; an empty template or
 * VOISINS_TILE_SOURCE=none|test in the environment keeps the plain basemap
 * (tests and screenshots never reach a tile server). */
void              voisins_map_set_tile_url       (VoisinsMap        *self,
                                                  const char        *url_template,
                                                  const char        *attribution);
/* An MBTiles file (offline raster tiles). */
gboolean          voisins_map_set_mbtiles        (VoisinsMap        *self,
                                                  const char        *path,
                                                  GError           **error);
/* The cairo-drawn basemap, with a grid when @grid is TRUE. */
void              voisins_map_set_plain_tiles    (VoisinsMap        *self,
                                                  gboolean           grid);
/* Any other source. */
void              voisins_map_set_map_source     (VoisinsMap        *self,
                                                  ShumateMapSource  *source);

/* The one line over the map saying why it shows no streets (NULL hides it). */
void              voisins_map_set_note           (VoisinsMap        *self,
                                                  const char        *note);
const char       *voisins_map_get_note           (VoisinsMap        *self);
/* The basemap's attribution as the map shows it, NULL when it has none. */
const char       *voisins_map_get_attribution    (VoisinsMap        *self);

ShumateSimpleMap *voisins_map_get_simple_map     (VoisinsMap        *self);
ShumateViewport  *voisins_map_get_viewport       (VoisinsMap        *self);
/* Another room's layer below the posts (the holiday table's); the map holds a reference
 * until remove_layer() or its own end. */
void              voisins_map_add_layer          (VoisinsMap        *self,
                                                  ShumateLayer      *layer);
void              voisins_map_remove_layer       (VoisinsMap        *self,
                                                  ShumateLayer      *layer);
/* The layer that draws the posts (a VoisinsClusterLayer). */
ShumateLayer     *voisins_map_get_post_layer     (VoisinsMap        *self);

G_END_DECLS
