/* voisins-store-helps-async.h: a request's helps for the UI, as GTask pairs
 *
 * Each pair runs the store's blocking call (voisins-store.h, "Helps") in a worker thread,
 * and adds what a screen shows of the people: a short name ("Ana M."), a street, and a
 * phone only when this laptop holds one (the server sends it to those who may see it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-store.h"

G_BEGIN_DECLS

/* A helper to suggest, as the dialog lists her. */
typedef struct
{
  VoisinsHelpSuggestion *suggestion;
  char                  *name;   /* "Ana M." */
  char                  *street; /* "rue de Cotte", or NULL */
} VoisinsHelpCandidate;

void voisins_help_candidate_free (VoisinsHelpCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHelpCandidate, voisins_help_candidate_free)

/* A help of a request, as its detail shows it. */
typedef struct
{
  VoisinsHelp *help;
  char        *helper_name;
  char        *helper_phone; /* NULL unless this laptop holds it */
  char        *helped_name;
  char        *helped_phone;
} VoisinsHelpView;

void voisins_help_view_free (VoisinsHelpView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHelpView, voisins_help_view_free)

/* VoisinsHelpCandidate for the open request @post_id, best first, ranked at the time of
 * the call (voisins_store_suggest_helpers). */
void voisins_store_suggest_helpers_async (VoisinsStore       *self,
                                          const char         *post_id,
                                          guint               max_results,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *
voisins_store_suggest_helpers_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

/* VoisinsHelpView of @post_id, oldest first. */
void voisins_store_list_help_views_async (VoisinsStore       *self,
                                          const char         *post_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *
voisins_store_list_help_views_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

/* Returns the new help's id. */
void  voisins_store_propose_help_async (VoisinsStore       *self,
                                        const char         *post_id,
                                        const char         *helper_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
char *voisins_store_propose_help_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

void voisins_store_set_help_state_async (VoisinsStore       *self,
                                         const char         *help_id,
                                         const char         *state,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean
voisins_store_set_help_state_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

/* VoisinsPost: voisins_store_list_stale_requests at the time of the call. */
void voisins_store_list_stale_requests_async (VoisinsStore       *self,
                                              const char         *association_id,
                                              guint               days,
                                              gboolean            only_unmatched,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GPtrArray *
voisins_store_list_stale_requests_finish (VoisinsStore *self, GAsyncResult *result, GError **error);

G_END_DECLS
