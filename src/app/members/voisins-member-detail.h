/* voisins-member-detail.h: a neighbour's record, for the volunteer at the office
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_MEMBER_DETAIL (voisins_member_detail_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMemberDetail, voisins_member_detail, VOISINS, MEMBER_DETAIL, GtkWidget)

GtkWidget *voisins_member_detail_new        (void);
void       voisins_member_detail_set_member (VoisinsMemberDetail *self,
                                             VoisinsStore        *store,
                                             VoisinsMember       *member);

/* The server the record's actions (letters, codes, erasure...) talk to; NULL: offline. */
void voisins_member_detail_set_sync_client (VoisinsMemberDetail *self, VoisinsSyncClient *client);

void        voisins_member_detail_focus_first_action (VoisinsMemberDetail *self);

G_END_DECLS
