/* voisins-follow-up-dialog.h: the coordinator's follow-up, requests still open after some
 * days (oldest first) and those nobody can be suggested for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_FOLLOW_UP_DIALOG (voisins_follow_up_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsFollowUpDialog, voisins_follow_up_dialog, VOISINS,
                      FOLLOW_UP_DIALOG, AdwWindow)

/* A row opens its post through @parent's win.show-post, then the dialog closes. */
VoisinsFollowUpDialog *
voisins_follow_up_dialog_new (GtkWindow *parent, VoisinsStore *store, const char *association_id);

G_END_DECLS
