/* voisins-sync-members.h: the members' requests to voisins-server (verification letters and
 * codes, the in-person check, the audit trail, the data report, erasure, inactive members)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Online only: each is one request, not a queued edit. What they change on the server comes
 * back to every laptop through the next pull (call voisins_sync_client_sync_now () after).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-sync-client.h"

G_BEGIN_DECLS

/* The kinds of proof seen in person (the server's list), NULL-terminated. */
extern const char *const voisins_sync_proof_kinds[];
/* A proof kind as a volunteer reads it (translated), or NULL. */
const char *voisins_sync_proof_kind_label (const char *kind);

/* {letters: [{member_id, code, expires_at}], skipped: [{member_id, reason}]}: the codes are
 * in this answer only (print them now). */
void        voisins_sync_members_send_letters_async (VoisinsSyncClient  *client,
                                                     const char         *association_id,
                                                     const char *const  *member_ids,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
JsonObject *voisins_sync_members_send_letters_finish (VoisinsSyncClient *client,
                                                      GAsyncResult      *result,
                                                      GError           **error);

/* A letter's code read out by the neighbour on the phone. The errors say, translated, a
 * wrong code, an expired or used letter, or one locked by too many attempts. */
void     voisins_sync_members_enter_code_async (VoisinsSyncClient  *client,
                                                const char         *association_id,
                                                const char         *member_id,
                                                const char         *code,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean voisins_sync_members_enter_code_finish (VoisinsSyncClient *client,
                                                 GAsyncResult      *result,
                                                 GError           **error);

/* @proof: one of voisins_sync_proof_kinds; @witness: a login of the association, or NULL. */
void     voisins_sync_members_verify_in_person_async (VoisinsSyncClient  *client,
                                                      const char         *association_id,
                                                      const char         *member_id,
                                                      const char         *proof,
                                                      const char         *witness,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean voisins_sync_members_verify_in_person_finish (VoisinsSyncClient *client,
                                                       GAsyncResult      *result,
                                                       GError           **error);

/* {member_id, items: [{action, detail, user_id, username, at}]} */
void voisins_sync_members_audit_async (VoisinsSyncClient  *client,
                                       const char         *association_id,
                                       const char         *member_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
JsonObject *
voisins_sync_members_audit_finish (VoisinsSyncClient *client, GAsyncResult *result, GError **error);

/* Everything the server holds about her (docs/api.md). */
void        voisins_sync_members_report_async (VoisinsSyncClient  *client,
                                               const char         *association_id,
                                               const char         *member_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonObject *voisins_sync_members_report_finish (VoisinsSyncClient *client,
                                                GAsyncResult      *result,
                                                GError           **error);

void voisins_sync_members_erase_async (VoisinsSyncClient  *client,
                                       const char         *association_id,
                                       const char         *member_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean
voisins_sync_members_erase_finish (VoisinsSyncClient *client, GAsyncResult *result, GError **error);

/* {years, items: [{id, first_name, last_name, last_activity}]} */
void        voisins_sync_members_inactive_async (VoisinsSyncClient  *client,
                                                 const char         *association_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
JsonObject *voisins_sync_members_inactive_finish (VoisinsSyncClient *client,
                                                  GAsyncResult      *result,
                                                  GError           **error);

G_END_DECLS
