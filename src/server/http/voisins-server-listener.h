/* voisins-server-listener.h: our own accept loop in front of SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_SERVER_LISTENER (voisins_server_listener_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsServerListener, voisins_server_listener, VOISINS, SERVER_LISTENER,
                      GObject)

/* Accepts connections for @soup (with soup_server_accept_iostream), at most
 * @max_connections at once; more are answered 503 and closed. A failed accept (out of file
 * descriptors) pauses accepting briefly instead of stopping it for good. A request (line,
 * headers and body) not read within @request_timeout seconds (0: no limit) ends its
 * connection. */
VoisinsServerListener *voisins_server_listener_new             (SoupServer            *soup,
                                                                GTlsCertificate       *certificate,
                                                                guint                  max_connections,
                                                                guint                  idle_timeout,
                                                                guint                  request_timeout);
gboolean               voisins_server_listener_listen          (VoisinsServerListener *self,
                                                                GSocketAddress        *address,
                                                                GError               **error);
/* Before listen: SO_REUSEPORT, for a socket per worker process on one port. */
void                   voisins_server_listener_set_reuse_port  (VoisinsServerListener *self,
                                                                gboolean               reuse_port);
/* Binds with SO_REUSEADDR and SO_REUSEPORT (which g_socket_bind () turns off for TCP). */
gboolean               voisins_server_bind_reuse_port          (GSocket               *socket,
                                                                GSocketAddress        *address,
                                                                GError               **error);
/* "http://127.0.0.1:PORT" (https with a certificate), once listening. */
char                  *voisins_server_listener_get_uri         (VoisinsServerListener *self);
guint                  voisins_server_listener_get_n_connections (VoisinsServerListener *self);
/* Answers @status with the @json body on the connection of the request from @remote (the
 * message's remote address), at once, and ends the connection: for requests refused
 * before their body (which soup would otherwise read whole first). FALSE if unknown. */
gboolean               voisins_server_listener_cut             (VoisinsServerListener *self,
                                                                GSocketAddress        *remote,
                                                                guint                  status,
                                                                const char            *json);
void                   voisins_server_listener_stop            (VoisinsServerListener *self);

/* Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the soft limit now in force. */
guint64                voisins_server_raise_fd_limit           (void);

G_END_DECLS
