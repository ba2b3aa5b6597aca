/* voisins-preferences-window.h: the app's preferences (for now, which map to show)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_PREFERENCES_WINDOW (voisins_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPreferencesWindow, voisins_preferences_window, VOISINS,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @store and @association_id (both may be NULL) say whether the association's map is on
 * this laptop; the window follows ::basemap-changed while it is open. */
GtkWidget *voisins_preferences_window_new (GtkWindow    *parent,
                                           VoisinsStore *store,
                                           const char   *association_id);

G_END_DECLS
