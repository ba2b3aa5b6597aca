/* voisins-holiday-layer.h: the holiday table on the map (hosts, guests, matched pairs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_HOLIDAY_LAYER (voisins_holiday_layer_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsHolidayLayer, voisins_holiday_layer, VOISINS, HOLIDAY_LAYER, ShumateLayer)

/* Positions given here must be the members' approximate ones: the layer draws what it gets. */
VoisinsHolidayLayer *voisins_holiday_layer_new        (ShumateViewport     *viewport);
void                 voisins_holiday_layer_clear      (VoisinsHolidayLayer *self);
void                 voisins_holiday_layer_add_host   (VoisinsHolidayLayer *self,
                                                       double               latitude,
                                                       double               longitude);
void                 voisins_holiday_layer_add_guest  (VoisinsHolidayLayer *self,
                                                       double               latitude,
                                                       double               longitude);
/* A line from a host to a guest they welcome. */
void                 voisins_holiday_layer_add_link   (VoisinsHolidayLayer *self,
                                                       double               host_latitude,
                                                       double               host_longitude,
                                                       double               guest_latitude,
                                                       double               guest_longitude);
guint                voisins_holiday_layer_get_n_hosts  (VoisinsHolidayLayer *self);
guint                voisins_holiday_layer_get_n_guests (VoisinsHolidayLayer *self);
guint                voisins_holiday_layer_get_n_links  (VoisinsHolidayLayer *self);

G_END_DECLS
