/* voisins-post-detail.h: the selected post, in full, with what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST_DETAIL (voisins_post_detail_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostDetail, voisins_post_detail, VOISINS, POST_DETAIL, GtkWidget)

GtkWidget   *voisins_post_detail_new          (void);
VoisinsPost *voisins_post_detail_get_post     (VoisinsPostDetail *self);
/* @place: where the post is, as people say it ("Quinze-Vingts"), or NULL. */
void         voisins_post_detail_set_post     (VoisinsPostDetail *self,
                                               VoisinsPost       *post,
                                               const char        *place);

void         voisins_post_detail_set_may_change (VoisinsPostDetail *self,
                                                 gboolean           may_change);
void         voisins_post_detail_set_author     (VoisinsPostDetail *self,
                                                 const char        *member_id,
                                                 const char        *phone);

/* Moves the focus to the action a volunteer most likely takes next. */
gboolean     voisins_post_detail_focus_next_action (VoisinsPostDetail *self);

void         voisins_post_detail_set_store      (VoisinsPostDetail *self,
                                                 VoisinsStore      *store);

G_END_DECLS
