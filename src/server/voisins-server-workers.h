/* voisins-server-workers.h: `workers` > 1, one serving process per core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-config.h"

G_BEGIN_DECLS

/* Set in a worker's environment: the port it listens on (with SO_REUSEPORT). */
#define VOISINS_SERVER_WORKER_ENV "VOISINS_SERVER_WORKER_PORT"

/* The parent: runs @config->workers copies of this program (@argv as it was given), each
 * serving the same port and database, prints "listening on URI" once they all listen, and
 * returns when they have all stopped: 0 after SIGTERM or SIGINT (passed on to each), 1 if
 * one could not start or stopped by itself (the others are then stopped too). */
int voisins_server_workers_run (VoisinsServerConfig *config,
                                const char *const   *argv);

G_END_DECLS
