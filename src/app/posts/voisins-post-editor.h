/* voisins-post-editor.h: the dialog to write a new post or edit one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST_EDITOR (voisins_post_editor_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostEditor, voisins_post_editor, VOISINS, POST_EDITOR, AdwWindow)

/* @members: a GListModel of VoisinsMember to choose the author from.
 * @post: the post to edit, or NULL for a new one.
 * Emits "saved" (VoisinsPost *post, gboolean created) after a successful save, then closes. */
VoisinsPostEditor *voisins_post_editor_new   (GtkWindow    *parent,
                                              VoisinsStore *store,
                                              const char   *association_id,
                                              GListModel   *members,
                                              VoisinsPost  *post);
/* Validates and starts saving (the dialog closes and "saved" is emitted when written);
 * FALSE (with the message shown in the dialog) if refused. */
gboolean           voisins_post_editor_save  (VoisinsPostEditor *self);
/* "For whom": @member_id now, or as soon as the list of neighbours has her. */
void               voisins_post_editor_select_member (VoisinsPostEditor *self,
                                                      const char        *member_id);

G_END_DECLS
