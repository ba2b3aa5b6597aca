/* voisins-db-schema.h: the storage backend's schema on PostgreSQL, as migrations of the
 * SQL layer (voisins_db_migrate ())
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Append-only, as the SQLite backend's. */
extern const char *const voisins_db_schema_postgresql[];
extern const int         voisins_db_schema_postgresql_version;

/* The tables keyed by something else than their association: users and what hangs on a
 * login or a laptop (tokens, clients, their mutation results) span associations. For
 * sharding they are reference tables or sharded by client (docs/storage.md). */
extern const char *const voisins_db_schema_postgresql_global_tables[];

G_END_DECLS
