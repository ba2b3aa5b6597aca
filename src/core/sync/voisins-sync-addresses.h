/* voisins-sync-addresses.h: the association's details, changed by a coordinator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-sync-client.h"

G_BEGIN_DECLS

/**
 * voisins_sync_client_set_association_details_async:
 * @name: (nullable): the new name, or %NULL to leave it
 * @phone: (nullable): the phone printed on letters; "" clears it, %NULL leaves it
 * @email: (nullable): likewise
 * @address: (nullable): likewise, the postal address
 *
 * Sends the association's contact details to the server (coordinators only: the server
 * refuses others: %VOISINS_SYNC_ERROR_REFUSED, with its message) and, once it accepted
 * them, stores them on this laptop; the other laptops get them at their next sync. Needs
 * the network: the details are the association's, not a local draft.
 */
void     voisins_sync_client_set_association_details_async  (VoisinsSyncClient   *self,
                                                             const char          *association_id,
                                                             const char          *name,
                                                             const char          *phone,
                                                             const char          *email,
                                                             const char          *address,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean voisins_sync_client_set_association_details_finish (VoisinsSyncClient   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
