/* voisins-association-dialog.h: a coordinator changes the association's contact details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_ASSOCIATION_DIALOG (voisins_association_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsAssociationDialog, voisins_association_dialog, VOISINS,
                      ASSOCIATION_DIALOG, AdwWindow)

/* Shows @association's name, phone, email and postal address; Save sends them through
 * @client and, once the server took them, updates @association and closes ("saved"). */
VoisinsAssociationDialog *voisins_association_dialog_new  (GtkWindow          *parent,
                                                           VoisinsSyncClient  *client,
                                                           VoisinsAssociation *association);
/* What Save does (for tests). */
void                      voisins_association_dialog_save (VoisinsAssociationDialog *self);

G_END_DECLS
