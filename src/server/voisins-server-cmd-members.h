/* voisins-server-cmd-members.h: the members' admin commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "voisins-server-config.h"
#include "voisins-server-sqlite.h"

G_BEGIN_DECLS

/* --years N (default: member-review-years of the configuration). */
GOptionGroup *voisins_server_cmd_members_options (void);

/* list-inactive-members --association ID [--years N]: the members with no activity for
 * that long, one a line (id, last activity, name), for the coordinators' review. */
int voisins_server_cmd_list_inactive_members (VoisinsServerConfig *config,
                                              VoisinsServerSqlite *storage,
                                              const char          *association_id);

G_END_DECLS
