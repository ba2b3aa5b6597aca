/* voisins-sync-indicator.h: the header bar's sync state button and its popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-sync-manager.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_SYNC_INDICATOR (voisins_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsSyncIndicator, voisins_sync_indicator, VOISINS, SYNC_INDICATOR,
                      GtkWidget)

void                voisins_sync_indicator_set_manager (VoisinsSyncIndicator *self,
                                                        VoisinsSyncManager   *manager);
VoisinsSyncManager *voisins_sync_indicator_get_manager (VoisinsSyncIndicator *self);
/* The button's short text ("Synced at 14:32"), for tests. */
const char         *voisins_sync_indicator_get_label   (VoisinsSyncIndicator *self);

G_END_DECLS
