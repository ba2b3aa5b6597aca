/* voisins-sync-feed.h: the user's secret calendar feed URL, made and revoked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-sync-client.h"

G_BEGIN_DECLS

/**
 * voisins_sync_client_new_calendar_feed_async:
 *
 * Asks the server for a new secret feed URL of the association's events, for a calendar
 * app to subscribe to; it replaces the one the user had, which stops working. The server
 * keeps only a hash: the URL is shown once. Needs the network.
 */
void     voisins_sync_client_new_calendar_feed_async     (VoisinsSyncClient   *self,
                                                          const char          *association_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* The feed's whole URL (server address and path), or NULL with @error set. */
char    *voisins_sync_client_new_calendar_feed_finish    (VoisinsSyncClient   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Revokes the user's feed URL: calendar apps get nothing more from it. */
void     voisins_sync_client_revoke_calendar_feed_async  (VoisinsSyncClient   *self,
                                                          const char          *association_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean voisins_sync_client_revoke_calendar_feed_finish (VoisinsSyncClient   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
