/* voisins-post-list.h: a GListModel of posts backed by the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "voisins-store.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST_LIST (voisins_post_list_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostList, voisins_post_list, VOISINS, POST_LIST, GObject)

/* Holds only the matching rowids; rows are fetched by pages when a view asks for them.
 * Setting a filter re-runs the query in a worker thread; a newer query cancels an older
 * one. A new filter or search is answered with its first rows (the posts of the first
 * screenfuls read with them), then the list grows to every match without moving what is
 * shown. "loading" is TRUE until the first rows are in; "complete" is FALSE while the
 * rest is being read (the count is then a lower bound); "n-items" follows items-changed. */
VoisinsPostList *voisins_post_list_new            (VoisinsStore      *store);
VoisinsStore    *voisins_post_list_get_store      (VoisinsPostList   *self);
void             voisins_post_list_set_query      (VoisinsPostList   *self,
                                                   const VoisinsPostQuery *query);
void             voisins_post_list_set_search     (VoisinsPostList   *self,
                                                   const char        *search);
const char      *voisins_post_list_get_search     (VoisinsPostList   *self);
void             voisins_post_list_set_kind       (VoisinsPostList   *self,
                                                   int                kind);
void             voisins_post_list_set_category   (VoisinsPostList   *self,
                                                   int                category);
void             voisins_post_list_set_status_mask (VoisinsPostList  *self,
                                                   guint              mask);
void             voisins_post_list_set_since      (VoisinsPostList   *self,
                                                   gint64             since);
void             voisins_post_list_set_sort       (VoisinsPostList   *self,
                                                   VoisinsPostSort    sort,
                                                   double             ref_lat,
                                                   double             ref_lon);
gboolean         voisins_post_list_get_loading    (VoisinsPostList   *self);
gboolean         voisins_post_list_get_complete   (VoisinsPostList   *self);
/* Re-runs the query now (after an edit); async, emits items-changed when done. */
void             voisins_post_list_refresh        (VoisinsPostList   *self);
/* The current query, for views that read the same posts differently (the map). */
const VoisinsPostQuery *voisins_post_list_get_query (VoisinsPostList *self);
/* Position of the post with @id, or G_MAXUINT. */
guint            voisins_post_list_find           (VoisinsPostList   *self,
                                                   const char        *id);

G_END_DECLS
