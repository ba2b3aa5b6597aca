/* voisins-secret.h: the login token in the desktop's secret store (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every call fails with an error when there is no secret service (no keyring running,
 * no session bus): the caller then keeps the token in memory for the session. A lookup
 * that finds nothing is not an error: it returns NULL. */
void      voisins_secret_lookup_async  (const char           *server_url,
                                        const char           *username,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *voisins_secret_lookup_finish (GAsyncResult         *result,
                                        GError              **error);
void      voisins_secret_store_async   (const char           *server_url,
                                        const char           *username,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  voisins_secret_store_finish  (GAsyncResult         *result,
                                        GError              **error);
/* Forgets every token of @server_url (all users when @username is NULL). */
void      voisins_secret_clear_async   (const char           *server_url,
                                        const char           *username,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  voisins_secret_clear_finish  (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
