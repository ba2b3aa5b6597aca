/* voisins-members-io.h: "Import a Spreadsheet…" and "Export to a Spreadsheet…"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

/* Whether this laptop's login is a coordinator (or admin) of @association_id: the menu
 * items show only then (the server decides anyway, from its rules table). */
gboolean voisins_members_io_allowed (VoisinsStore      *store,
                                     const char        *association_id);

/* A file chooser, then the preview dialog (voisins-import-dialog.h). */
void     voisins_members_io_import  (GtkWindow         *parent,
                                     VoisinsSyncClient *client,
                                     const char        *association_id);
/* A file chooser, then the server's CSV saved there, and a toast. */
void     voisins_members_io_export  (GtkWindow         *parent,
                                     VoisinsSyncClient *client,
                                     const char        *association_id);

G_END_DECLS
