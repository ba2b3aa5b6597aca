/* voisins-cluster-layer.h: posts on the map, clustered per zoom level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_CLUSTER_LAYER (voisins_cluster_layer_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsClusterLayer, voisins_cluster_layer, VOISINS, CLUSTER_LAYER, ShumateLayer)

VoisinsClusterLayer *voisins_cluster_layer_new               (ShumateViewport     *viewport);
/* A GListModel of VoisinsPost; their (approximate) positions are drawn. */
void                 voisins_cluster_layer_set_model         (VoisinsClusterLayer *self,
                                                              GListModel          *posts);
GListModel          *voisins_cluster_layer_get_model         (VoisinsClusterLayer *self);
/* Highlights the post @id (or nothing with NULL). Returns whether it has a position,
 * and that position. */
gboolean             voisins_cluster_layer_select_post       (VoisinsClusterLayer *self,
                                                              const char          *id,
                                                              double              *latitude,
                                                              double              *longitude);

/* The address base that names the places of the posts for screen readers ("6 posts near
 * rue de Lyon"); NULL for none. */
void                 voisins_cluster_layer_set_address_base  (VoisinsClusterLayer *self,
                                                              VoisinsStore        *store,
                                                              const char          *association_id);

/* Introspection, for the map widget and tests. Clusters are those of the current
 * integer zoom level, over all posts (not only the visible ones). */
guint                voisins_cluster_layer_get_n_clusters    (VoisinsClusterLayer *self);
gboolean             voisins_cluster_layer_get_cluster       (VoisinsClusterLayer *self,
                                                              guint                index,
                                                              double              *latitude,
                                                              double              *longitude,
                                                              guint               *count);
/* Clusters whose centre is inside the widget. */
guint                voisins_cluster_layer_get_n_visible_clusters (VoisinsClusterLayer *self);
/* The cluster drawn at (x, y) in the layer's coordinates, or -1. */
int                  voisins_cluster_layer_cluster_at        (VoisinsClusterLayer *self,
                                                              double               x,
                                                              double               y);
/* What a click on the cluster does: "post-activated" for one post,
 * "cluster-activated" for several, or a list of them (get_popover ()) when zooming in
 * would not split them. */
void                 voisins_cluster_layer_activate_cluster  (VoisinsClusterLayer *self,
                                                              guint                index);
/* The list of a group's posts, while it is open. */
GtkWidget           *voisins_cluster_layer_get_popover       (VoisinsClusterLayer *self);
/* Brings the keyboard targets up to date now rather than at the next idle. */
void                 voisins_cluster_layer_sync_targets      (VoisinsClusterLayer *self);

G_END_DECLS
