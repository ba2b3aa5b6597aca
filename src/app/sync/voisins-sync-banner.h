/* voisins-sync-banner.h: says when the login cannot be remembered on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-sync-manager.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_SYNC_BANNER (voisins_sync_banner_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsSyncBanner, voisins_sync_banner, VOISINS, SYNC_BANNER, GtkWidget)

void     voisins_sync_banner_set_manager  (VoisinsSyncBanner  *self,
                                           VoisinsSyncManager *manager);
/* Whether the banner is shown (for tests). */
gboolean voisins_sync_banner_get_revealed (VoisinsSyncBanner  *self);

G_END_DECLS
