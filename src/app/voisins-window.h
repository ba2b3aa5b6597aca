/* voisins-window.h: the main window, its three views and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"
#include "voisins-sync-manager.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_WINDOW (voisins_window_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsWindow, voisins_window, VOISINS, WINDOW, AdwApplicationWindow)

/* @store may be NULL: the window shows that it is opening, until set_store() or
 * show_error(). */
VoisinsWindow *voisins_window_new             (AdwApplication *app,
                                               VoisinsStore   *store);
void           voisins_window_set_store       (VoisinsWindow  *self,
                                               VoisinsStore   *store);
VoisinsStore  *voisins_window_get_store       (VoisinsWindow  *self);
/* Shows why the store could not be opened, with its path, instead of the views. */
void           voisins_window_show_error      (VoisinsWindow  *self,
                                               const GError   *error,
                                               const char     *path);
void           voisins_window_show_status     (VoisinsWindow  *self,
                                               const char     *title,
                                               const char     *description);
/* The editor opened by win.new-post / win.edit-post, while it is open (for tests). */
GtkWindow     *voisins_window_get_editor      (VoisinsWindow  *self);
/* Opens the preferences (app.preferences) over this window and returns them. */
GtkWindow     *voisins_window_show_preferences (VoisinsWindow *self);
/* The quartier's map (tests). */
GtkWidget     *voisins_window_get_map         (VoisinsWindow  *self);
/* The member editor while it is open (for tests). */
GtkWindow          *voisins_window_get_member_editor (VoisinsWindow      *self);
/* Shows the sync state in the header bar and the banners (NULL: none). */
void           voisins_window_set_sync_manager (VoisinsWindow      *self,
                                                VoisinsSyncManager *manager);
/* win.print-poster: the stairwell poster of this week; with @pdf_path, exported there without
 * a dialog (for tests). */
gboolean       voisins_window_print_poster    (VoisinsWindow      *self,
                                               const char         *pdf_path,
                                               GError            **error);

G_END_DECLS
