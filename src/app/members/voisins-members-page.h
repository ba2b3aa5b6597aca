/* voisins-members-page.h: the "Neighbours" view, list and record side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_MEMBERS_PAGE (voisins_members_page_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMembersPage, voisins_members_page, VOISINS, MEMBERS_PAGE, GtkWidget)

GtkWidget  *voisins_members_page_new        (void);
void        voisins_members_page_set_store  (VoisinsMembersPage *self,
                                             VoisinsStore       *store,
                                             const char         *association_id);
void        voisins_members_page_set_search (VoisinsMembersPage *self,
                                             const char         *search);
/* Reads the list again (now if shown, else when it is). */
void                voisins_members_page_reload       (VoisinsMembersPage *self);
/* Reads the list again and selects @id in it. */
void                voisins_members_page_select_member (VoisinsMembersPage *self,
                                                        const char         *id);
GListModel *voisins_members_page_get_model  (VoisinsMembersPage *self);

/* The server the members' actions talk to (letters, codes...); NULL: offline. */
void voisins_members_page_set_sync_client (VoisinsMembersPage *self, VoisinsSyncClient *client);

G_END_DECLS
