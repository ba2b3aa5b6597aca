/* voisins-server-members.h: the members' routes (verification letters and codes, the
 * in-person check, the audit trail, the data report, erasure, inactive members)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-server-auth.h"
#include "voisins-server-config.h"
#include "voisins-server-storage.h"

G_BEGIN_DECLS

/* Whether @parts (the path after /api/v1/, split on '/') is one of the members' routes:
 * sets *op, *association_id and *member_id (NULL when the route has none), and *public for
 * the neighbour's own code entry (no login). *bad_method when the path matches with
 * another method. */
gboolean voisins_server_members_parse_route (char                  **parts,
                                             guint                   n,
                                             const char             *method,
                                             VoisinsServerMembersOp *op,
                                             char                  **association_id,
                                             char                  **member_id,
                                             gboolean *public,
                                             gboolean *bad_method);

/* Runs @op (worker thread). @auth NULL for VOISINS_SERVER_MEMBERS_SELF_CODE, which is then
 * rate-limited by @address in @rate_limit like a login; *retry_after set when refused. */
JsonNode *voisins_server_members_handle (VoisinsServerStorage      *storage,
                                         const VoisinsServerConfig *config,
                                         VoisinsServerRateLimit    *rate_limit,
                                         VoisinsServerAuth         *auth,
                                         VoisinsServerMembersOp     op,
                                         const char                *association_id,
                                         const char                *member_id,
                                         JsonObject                *body,
                                         const char                *address,
                                         guint                     *retry_after,
                                         GError                   **error);

G_END_DECLS
