/* voisins-member-editor.h: "Add a neighbour" and "Edit" of a member's record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_MEMBER_EDITOR (voisins_member_editor_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMemberEditor, voisins_member_editor, VOISINS, MEMBER_EDITOR, AdwWindow)

/* A new neighbour when @member is NULL. Emits "saved" (VoisinsMember *member, gboolean
 * created) after the record is written (offline: it syncs later), then closes; or
 * "open-existing" (const char *id) when the volunteer chose the record already there. */
VoisinsMemberEditor *voisins_member_editor_new      (GtkWindow           *parent,
                                                     VoisinsStore        *store,
                                                     const char          *association_id,
                                                     VoisinsMember       *member);
/* Checks, then starts saving; FALSE (with the problem shown beside its field, the focus
 * there) when something in the form itself is refused. */
gboolean             voisins_member_editor_save     (VoisinsMemberEditor *self);
/* For tests: the completion list under the address while it is open, and the duplicate
 * warning while it is shown (NULL otherwise). */
GtkPopover          *voisins_member_editor_get_completion     (VoisinsMemberEditor *self);
GtkListBox          *voisins_member_editor_get_completion_list (VoisinsMemberEditor *self);
GtkWindow           *voisins_member_editor_get_duplicate_dialog (VoisinsMemberEditor *self);

G_END_DECLS
