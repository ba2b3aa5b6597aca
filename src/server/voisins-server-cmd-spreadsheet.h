/* voisins-server-cmd-spreadsheet.h: import-members and export-members, the members' spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-config.h"
#include "voisins-server-sqlite.h"

G_BEGIN_DECLS

/* --dry-run */
GOptionGroup *voisins_server_cmd_spreadsheet_options    (void);
/* What main.c parsed for every command: --association, --to, and the file argument. */
void          voisins_server_cmd_spreadsheet_set_args   (const char          *association_id,
                                                     const char          *to,
                                                     const char          *file);
/* Whether @command takes a file argument after it. */
gboolean      voisins_server_cmd_spreadsheet_takes_file (const char          *command);

/* import-members --association ID FILE.csv [--dry-run]: prints each row and a summary; 1
 * when nothing could be written (an unusable file, a database error, or every row refused). */
int           voisins_server_cmd_import_members     (VoisinsServerConfig *config,
                                                     VoisinsServerSqlite *storage);
/* export-members --association ID [--to FILE]: the CSV on stdout or in FILE. */
int           voisins_server_cmd_export_members     (VoisinsServerConfig *config,
                                                     VoisinsServerSqlite *storage);

G_END_DECLS
