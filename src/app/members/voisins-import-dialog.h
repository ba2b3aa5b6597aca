/* voisins-import-dialog.h: the preview of a members' spreadsheet, every line and its
 * problem, before anything is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_IMPORT_DIALOG (voisins_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsImportDialog, voisins_import_dialog, VOISINS, IMPORT_DIALOG, AdwWindow)

/* Asks the server for the preview at once (a dry run); "Import N members" then imports,
 * toasts the result on @parent, starts a sync (so the list shows them) and closes. */
VoisinsImportDialog *voisins_import_dialog_new         (GtkWindow           *parent,
                                                        VoisinsSyncClient   *client,
                                                        const char          *association_id,
                                                        GBytes              *csv);
/* For the tests: whether the preview (or an error) is shown, and its rows. */
gboolean             voisins_import_dialog_is_loading  (VoisinsImportDialog *self);
guint                voisins_import_dialog_get_n_rows  (VoisinsImportDialog *self);

G_END_DECLS
