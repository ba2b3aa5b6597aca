/* voisins-server-addresses.h: the association's routes, its address base and its details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-storage.h"

G_BEGIN_DECLS

/* GET /api/v1/associations/{id}/addresses: the address base, any role of the association;
 * ETag the base's version, 304 when If-None-Match has it (*status and *response NULL then).
 * @if_none_match: the header as sent, or NULL. Sets *etag. */
gboolean voisins_server_addresses_get          (VoisinsServerStorage  *storage,
                                                VoisinsServerAuth     *auth,
                                                const char            *association_id,
                                                const char            *if_none_match,
                                                guint                 *status,
                                                JsonNode             **response,
                                                char                 **etag,
                                                GError               **error);
/* POST /api/v1/associations/{id}/details {name?, phone?, email?, address?}: coordinators
 * (the rules table); answers the association's description as /me has it. */
JsonNode *voisins_server_addresses_set_details (VoisinsServerStorage  *storage,
                                                VoisinsServerAuth     *auth,
                                                const char            *association_id,
                                                JsonObject            *body,
                                                GError               **error);

G_END_DECLS
