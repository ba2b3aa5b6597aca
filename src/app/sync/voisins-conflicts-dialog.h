/* voisins-conflicts-dialog.h: conflicts and refusals from the server, to review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_CONFLICTS_DIALOG (voisins_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsConflictsDialog, voisins_conflicts_dialog, VOISINS, CONFLICTS_DIALOG,
                      AdwWindow)

/* Reloads itself when @store emits notices-changed. */
VoisinsConflictsDialog *voisins_conflicts_dialog_new        (GtkWindow              *parent,
                                                             VoisinsStore           *store);
void                    voisins_conflicts_dialog_reload     (VoisinsConflictsDialog *self);
/* "Keep Mine" (@keep_mine) or "Keep Theirs" / "OK" on notice @id, as the buttons do. */
gboolean                voisins_conflicts_dialog_resolve    (VoisinsConflictsDialog *self,
                                                             gint64                  id,
                                                             gboolean                keep_mine,
                                                             GError                **error);

/* A sentence for a refusal code from the server; NULL when the code is unknown. */
const char             *voisins_conflicts_describe_refusal  (const char             *code);

G_END_DECLS
