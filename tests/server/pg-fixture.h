/* pg-fixture.h: a real PostgreSQL cluster in a temporary folder, for the tests that run on
 * the PostgreSQL driver and backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where initdb and postgres are found: $VOISINS_PG_BINDIR, else Debian 12's. */
#define VS_PG_DEFAULT_BINDIR "/usr/lib/postgresql/15/bin"

typedef struct
{
  char  *dir;       /* the temporary folder: data/, the socket, log */
  char  *bindir;
  GPid   pid;       /* the postmaster */
  char  *uri;       /* postgresql:///postgres?host=DIR&user=voisins */
  guint  next_db;
} VsPg;

/* Whether PostgreSQL's server binaries are installed; if not, @why says what is missing
 * (for the skip message). */
gboolean  vs_pg_available       (char       **why);

/* initdb in a new temporary folder, then the server on a Unix socket in it, no TCP
 * (listen_addresses=''). As root, both run as `nobody` (PostgreSQL refuses root), and
 * the folder belongs to nobody. The server dies with the test process (a parent-death
 * signal), so that a failed assertion never leaves a cluster behind. Aborts on failure. */
VsPg     *vs_pg_start           (void);
/* With @durable, fsync and synchronous_commit stay on, as in production (benchmarks). */
VsPg     *vs_pg_start_full      (gboolean     durable);
/* A fast shutdown, then the folder removed. */
void      vs_pg_stop            (VsPg        *pg);
/* CREATE DATABASE with a fresh name; its URI. */
char     *vs_pg_new_database    (VsPg        *pg);

/* The exit status meson reads as "skipped", and the message saying why. */
#define VS_PG_SKIP 77
int       vs_pg_skip            (const char  *why);

G_END_DECLS
