/* voisins-help-dialog.h: the helpers suggested for an open request, one to propose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_HELP_DIALOG (voisins_help_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsHelpDialog, voisins_help_dialog, VOISINS, HELP_DIALOG, AdwWindow)

/* Emits "proposed" (help id, helper's short name) once a helper is proposed, then closes. */
VoisinsHelpDialog *voisins_help_dialog_new (VoisinsStore *store,
                                            VoisinsPost  *post);

G_END_DECLS
