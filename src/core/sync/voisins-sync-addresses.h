/* voisins-sync-addresses.h: the association's description and its address base, kept
 * on the laptop by the sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-sync-client-private.h"

G_BEGIN_DECLS

/* After a pull page @answer: each association's description (its name and contact
 * details) into the store, and its address base fetched again (GET .../addresses) when the
 * description names another version than the laptop holds. */
gboolean _voisins_sync_apply_descriptions (SoupSession   *session,
                                           RunData       *rd,
                                           JsonObject    *answer,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
