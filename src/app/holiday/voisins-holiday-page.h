/* voisins-holiday-page.h: the holiday table campaign ("Table des fêtes")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"
#include "voisins-map.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_HOLIDAY_PAGE (voisins_holiday_page_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsHolidayPage, voisins_holiday_page, VOISINS, HOLIDAY_PAGE, GtkWidget)

/* @members: VoisinsMember (the intake dialogs' chooser). @map may be NULL: then no layer. */
void        voisins_holiday_page_set_store     (VoisinsHolidayPage  *self,
                                                VoisinsStore        *store,
                                                VoisinsAssociation  *association,
                                                GListModel          *members,
                                                VoisinsMap          *map);
/* The map's layer, when the window builds its map after the store is set. */
void        voisins_holiday_page_set_map       (VoisinsHolidayPage  *self,
                                                VoisinsMap          *map);
/* Reloads everything from the store, in a worker thread. */
void        voisins_holiday_page_refresh       (VoisinsHolidayPage  *self);
gboolean    voisins_holiday_page_get_loading   (VoisinsHolidayPage  *self);
/* The counts shown at the top, as last loaded. */
void        voisins_holiday_page_get_dashboard (VoisinsHolidayPage       *self,
                                                VoisinsHolidayDashboard  *dashboard);
/* The intake dialog or the plan dialog open now, or NULL. */
GtkWindow  *voisins_holiday_page_get_dialog    (VoisinsHolidayPage  *self);
/* The map layer (NULL without a map). */
gpointer    voisins_holiday_page_get_layer     (VoisinsHolidayPage  *self);

G_END_DECLS
