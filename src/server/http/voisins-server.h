/* voisins-server.h: the HTTP front of voisins-server (routes, auth, workers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "voisins-server-config.h"
#include "voisins-server-storage.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_SERVER (voisins_server_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsServer, voisins_server, VOISINS, SERVER, GObject)

/* @config is borrowed and must outlive the server. */
VoisinsServer *voisins_server_new          (const VoisinsServerConfig  *config,
                                            VoisinsServerStorage       *storage);
/* Listens; *uri is the first URI listened on. */
gboolean       voisins_server_start        (VoisinsServer              *self,
                                            char                      **uri,
                                            GError                    **error);
/* Stops accepting requests and calls @callback once the requests in flight are answered
 * (or after a few seconds). */
void           voisins_server_shutdown     (VoisinsServer              *self,
                                            GCallback                   callback,
                                            gpointer                    user_data);
/* Purges tombstones older than the horizon (in a worker). */
void           voisins_server_purge        (VoisinsServer              *self);

G_END_DECLS
