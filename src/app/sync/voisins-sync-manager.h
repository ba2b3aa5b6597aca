/* voisins-sync-manager.h: the app's side of sync: login, the token, toasts, log out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_SYNC_MANAGER (voisins_sync_manager_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsSyncManager, voisins_sync_manager, VOISINS, SYNC_MANAGER, GObject)

/* Adds app.login, app.logout, app.sync-now and app.review-conflicts to @app.
 * @server_url and @username (may be NULL) override what the store remembers.
 * It never sees the window: it emits "toast" (an AdwToast to show) and "store-reset"
 * (the store, to show again from the start), which voisins_window_set_sync_manager()
 * connects to. */
VoisinsSyncManager *voisins_sync_manager_new              (GtkApplication     *app,
                                                           VoisinsStore       *store,
                                                           const char         *server_url,
                                                           const char         *username);
/* Looks the token up in the secret store, then starts syncing, or asks to log in. */
void                voisins_sync_manager_start            (VoisinsSyncManager *self);
VoisinsSyncClient  *voisins_sync_manager_get_client       (VoisinsSyncManager *self);
VoisinsStore       *voisins_sync_manager_get_store        (VoisinsSyncManager *self);
/* The login could not be kept in a secret store: it lasts for this session only. */
gboolean            voisins_sync_manager_get_memory_only  (VoisinsSyncManager *self);
/* Conflicts and refusals not yet reviewed. */
guint               voisins_sync_manager_get_n_notices    (VoisinsSyncManager *self);
void                voisins_sync_manager_refresh_notices  (VoisinsSyncManager *self);
/* The dialogs while they are open (for tests). */
GtkWindow          *voisins_sync_manager_get_login_dialog (VoisinsSyncManager *self);
GtkWindow          *voisins_sync_manager_get_conflicts_dialog (VoisinsSyncManager *self);
void                voisins_sync_manager_show_login       (VoisinsSyncManager *self);
void                voisins_sync_manager_show_conflicts   (VoisinsSyncManager *self);

G_END_DECLS
