/* voisins-server-cmd.h: what the admin commands of voisins-server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * main.c parses the options and dispatches through its command table; each command is a
 * function int voisins_server_cmd_NAME (VoisinsServerConfig *, VoisinsServerSqlite *) in a
 * voisins-server-cmd-PART.c, with its own GOptionGroup. These are the options and arguments
 * several commands read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* --association ID */
extern char *voisins_server_cmd_association;
/* The positional arguments after the command's name (NULL-terminated, never NULL). */
extern const char *const *voisins_server_cmd_args;

G_END_DECLS
