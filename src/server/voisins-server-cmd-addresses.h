/* voisins-server-cmd-addresses.h: setting up an association and its address base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-config.h"
#include "voisins-server-sqlite.h"

G_BEGIN_DECLS

/* --name, --boundary, --feature, --phone, --email, --address */
GOptionGroup *voisins_server_cmd_addresses_options     (void);

int           voisins_server_cmd_create_association    (VoisinsServerConfig *config,
                                                        VoisinsServerSqlite *storage);
int           voisins_server_cmd_set_association       (VoisinsServerConfig *config,
                                                        VoisinsServerSqlite *storage);
int           voisins_server_cmd_import_addresses      (VoisinsServerConfig *config,
                                                        VoisinsServerSqlite *storage);
/* import-demo: the demo quartier's BAN addresses as the association's base. The number
 * kept, or -1 with @error set. */
int           voisins_server_cmd_load_demo_addresses   (VoisinsServerSqlite *storage,
                                                        const char          *association_id,
                                                        const char          *data_dir,
                                                        GError             **error);

G_END_DECLS
