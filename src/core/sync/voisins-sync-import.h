/* voisins-sync-import.h: the members' spreadsheet through the association's server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-sync-client.h"

G_BEGIN_DECLS

/* Sends the spreadsheet's bytes to the server (coordinators). With @dry_run, the preview:
 * nothing is written. The answer is the server's report (docs/api.md, "members/import"):
 * {dry_run, imported | to_import, duplicates, refused, warnings, rows: [{line, status,
 * first_name, last_name, address, code, reason}]}. Needs the server: offline is an error
 * VOISINS_SYNC_ERROR_OFFLINE. */
void       voisins_sync_import_members_async   (VoisinsSyncClient    *client,
                                                const char           *association_id,
                                                GBytes               *csv,
                                                gboolean              dry_run,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
JsonNode  *voisins_sync_import_members_finish  (VoisinsSyncClient    *client,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The members as the server exports them: CSV bytes (UTF-8 with a BOM, `;`). */
void       voisins_sync_export_members_async   (VoisinsSyncClient    *client,
                                                const char           *association_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GBytes    *voisins_sync_export_members_finish  (VoisinsSyncClient    *client,
                                                GAsyncResult         *result,
                                                GError              **error);

/* A report row's problem for a person (translated), from its code. */
const char *voisins_sync_import_reason         (const char           *code);

G_END_DECLS
