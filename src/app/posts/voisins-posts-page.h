/* voisins-posts-page.h: the "Posts" view, filters and list beside the selected post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POSTS_PAGE (voisins_posts_page_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostsPage, voisins_posts_page, VOISINS, POSTS_PAGE, GtkWidget)

GtkWidget       *voisins_posts_page_new               (void);
void             voisins_posts_page_set_store         (VoisinsPostsPage   *self,
                                                       VoisinsStore       *store,
                                                       VoisinsAssociation *association);
/* The members to sort by distance from (a GListModel of VoisinsMember). */
void             voisins_posts_page_set_members       (VoisinsPostsPage   *self,
                                                       GListModel         *members);
VoisinsPostList *voisins_posts_page_get_list          (VoisinsPostsPage   *self);
void             voisins_posts_page_set_search        (VoisinsPostsPage   *self,
                                                       const char         *search);
/* Selects the post with @id, now or when the list has it after its next refresh. */
void             voisins_posts_page_select_post       (VoisinsPostsPage   *self,
                                                       const char         *id);
/* The same, then the keyboard's focus on its row (on the pane's actions when the filters
 * hide it): where a volunteer is after saving a post. */
void             voisins_posts_page_focus_post        (VoisinsPostsPage   *self,
                                                       const char         *id);
VoisinsPost     *voisins_posts_page_get_selected_post (VoisinsPostsPage   *self);
/* Moves the keyboard focus into the post shown (after opening it from the map). */
gboolean         voisins_posts_page_focus_detail      (VoisinsPostsPage   *self);

G_END_DECLS
