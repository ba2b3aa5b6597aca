/* voisins-server-members-io.h: the members' spreadsheet routes, for coordinators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-server-storage.h"

G_BEGIN_DECLS

typedef enum
{
  VOISINS_SERVER_MEMBERS_IMPORT = 1,   /* POST /associations/ID/members/import[?dry_run=true] */
  VOISINS_SERVER_MEMBERS_EXPORT,       /* GET  /associations/ID/members/export */
} VoisinsServerMembersIo;

/* @parts: the path after /api/v1/, split on '/'. 0 when it is not one of these routes;
 * *bad_method when it is, with another method. */
VoisinsServerMembersIo voisins_server_members_io_match  (const char              *method,
                                                         char                   **parts,
                                                         gboolean                *bad_method);

/* In a worker thread. The import answers JSON (*response), the export CSV text
 * (*response_text, of type *content_type). */
gboolean               voisins_server_members_io_handle (VoisinsServerStorage    *storage,
                                                         VoisinsServerAuth       *auth,
                                                         VoisinsServerMembersIo   which,
                                                         const char              *association_id,
                                                         gboolean                 dry_run,
                                                         GBytes                  *body,
                                                         JsonNode               **response,
                                                         char                   **response_text,
                                                         const char             **content_type,
                                                         GError                 **error);

G_END_DECLS
