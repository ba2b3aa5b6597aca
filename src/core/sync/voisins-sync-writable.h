/* voisins-sync-writable.h: what the sync client keeps of the server's word on members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-store.h"

G_BEGIN_DECLS

/* From one association of GET /me: the member fields this login may change there
 * ("member_writable"), kept for the member editor; an older server's answer without them
 * leaves the editor to let the server decide. */
gboolean _voisins_sync_store_member_writable (VoisinsStore  *store,
                                              const char    *association_id,
                                              JsonObject    *association,
                                              GError       **error);
/* From the same: whether the rules let this login follow up every request ("follow_up"),
 * kept for the app's Requests to Follow Up… entry. */
gboolean _voisins_sync_store_follow_up       (VoisinsStore  *store,
                                              const char    *association_id,
                                              JsonObject    *association,
                                              GError       **error);

G_END_DECLS
