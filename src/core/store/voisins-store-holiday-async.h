/* voisins-store-holiday-async.h: the holiday table's commands, as GTask pairs
 *
 * The holiday page used to run these through a private runner (one struct with untyped
 * fields for eleven kinds of command). Each is now a typed pair over the store's
 * blocking call, run in a worker thread; results come back as the store returns them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-store.h"

G_BEGIN_DECLS

/* Up to @max_results VoisinsHolidaySuggestion for @guest_id. */
void       voisins_store_suggest_holiday_hosts_async   (VoisinsStore          *self,
                                                        const char            *guest_id,
                                                        guint                  max_results,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GPtrArray *voisins_store_suggest_holiday_hosts_finish  (VoisinsStore          *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* Returns the new match's id. */
void       voisins_store_propose_holiday_match_async   (VoisinsStore          *self,
                                                        const char            *host_id,
                                                        const char            *guest_id,
                                                        guint                  slot,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
char      *voisins_store_propose_holiday_match_finish  (VoisinsStore          *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* Proposes every VoisinsHolidaySuggestion of @suggestions (a reference is kept); one
 * refused does not stop the others. Returns how many were proposed. */
void       voisins_store_propose_holiday_matches_async  (VoisinsStore          *self,
                                                         GPtrArray             *suggestions,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
guint      voisins_store_propose_holiday_matches_finish (VoisinsStore          *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

void       voisins_store_set_holiday_match_state_async  (VoisinsStore             *self,
                                                         const char               *match_id,
                                                         VoisinsHolidayMatchState  state,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
gboolean   voisins_store_set_holiday_match_state_finish (VoisinsStore             *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);
/* The Undo of a step's toast (voisins_store_undo_holiday_match_state). */
void       voisins_store_undo_holiday_match_state_async  (VoisinsStore             *self,
                                                          const char               *match_id,
                                                          VoisinsHolidayMatchState  state,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean   voisins_store_undo_holiday_match_state_finish (VoisinsStore             *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);

void       voisins_store_set_holiday_match_feedback_async  (VoisinsStore          *self,
                                                            const char            *match_id,
                                                            const char            *feedback,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
/* A coordinator approves a volunteer's proposal (the proposer follows it). */
void       voisins_store_approve_holiday_match_async  (VoisinsStore          *self,
                                                       const char            *match_id,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
gboolean   voisins_store_approve_holiday_match_finish (VoisinsStore          *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);
gboolean   voisins_store_set_holiday_match_feedback_finish (VoisinsStore          *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

/* VoisinsHolidaySuggestion for every waiting guest that can be placed. */
void       voisins_store_plan_holiday_async            (VoisinsStore          *self,
                                                        const char            *association_id,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GPtrArray *voisins_store_plan_holiday_finish           (VoisinsStore          *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* Both sides' contacts for @match_id, revealed (and the reveal logged for @viewer) when the
 * match is confirmed; NOT_FOUND when the match no longer exists. */
void       voisins_store_reveal_holiday_match_async    (VoisinsStore           *self,
                                                        const char             *association_id,
                                                        const char             *match_id,
                                                        const char             *viewer,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
gboolean   voisins_store_reveal_holiday_match_finish   (VoisinsStore           *self,
                                                        GAsyncResult           *result,
                                                        VoisinsHolidayContact **host,
                                                        VoisinsHolidayContact **guest,
                                                        GError                **error);

/* voisins_store_preview_holiday_purge() when @preview, else
 * voisins_store_clear_holiday_campaign(); @counts says what is (or was) removed. */
void       voisins_store_clear_holiday_campaign_async  (VoisinsStore              *self,
                                                        const char                *association_id,
                                                        gboolean                   preview,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean   voisins_store_clear_holiday_campaign_finish (VoisinsStore              *self,
                                                        GAsyncResult              *result,
                                                        VoisinsHolidayPurgeCounts *counts,
                                                        GError                   **error);

G_END_DECLS
