/* voisins-member-actions.h: verification and her data, on a member's record (letters, the
 * letter's code, in person, history, data report, erasure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_MEMBER_ACTIONS (voisins_member_actions_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMemberActions,
                      voisins_member_actions,
                      VOISINS,
                      MEMBER_ACTIONS,
                      GtkWidget)

GtkWidget *voisins_member_actions_new (void);
/* @client NULL: offline, nothing to do (the actions need the server). */
void voisins_member_actions_set_member (VoisinsMemberActions *self,
                                        VoisinsSyncClient    *client,
                                        VoisinsStore         *store,
                                        VoisinsMember        *member);
/* Asks the server for codes for @members (VoisinsMember) and offers to print the letters or
 * save them as PDF; toasts near @widget. */
void voisins_member_actions_send_letters (GtkWidget          *widget,
                                          VoisinsSyncClient  *client,
                                          VoisinsAssociation *association,
                                          GPtrArray          *members);

G_END_DECLS
