/* voisins-server-sqlite.h: the SQLite storage backend of voisins-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-address.h"
#include "voisins-demo.h"
#include "voisins-server-storage.h"

G_BEGIN_DECLS

/* The schema this build writes (PRAGMA user_version). */
#define VOISINS_SERVER_SCHEMA_VERSION 5

/* 4 MiB of rows per pull answer: a first sync still takes few pages, and four parallel
 * pulls hold tens of megabytes, not hundreds. */
#define VOISINS_SERVER_PULL_PAGE_BYTES (4 * 1024 * 1024)

#define VOISINS_TYPE_SERVER_SQLITE (voisins_server_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsServerSqlite, voisins_server_sqlite, VOISINS, SERVER_SQLITE, GObject)

/* Opens (creating with mode 0600) and migrates. WAL, synchronous=FULL. */
VoisinsServerSqlite *voisins_server_sqlite_open              (const char           *path,
                                                              int                   busy_timeout_ms,
                                                              GError              **error);
void                 voisins_server_sqlite_close             (VoisinsServerSqlite  *self);

/* Administration (the CLI subcommands). */
char                *voisins_server_sqlite_create_association (VoisinsServerSqlite *self,
                                                               const char          *id,
                                                               const char          *name,
                                                               const char          *boundary_geojson,
                                                               GError             **error);
char                *voisins_server_sqlite_add_user          (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              const char           *username,
                                                              VoisinsRole           role,
                                                              const char           *password_hash,
                                                              GError              **error);
gboolean             voisins_server_sqlite_set_password      (VoisinsServerSqlite  *self,
                                                              const char           *username,
                                                              const char           *password_hash,
                                                              GError              **error);
gboolean             voisins_server_sqlite_import_demo       (VoisinsServerSqlite  *self,
                                                              VoisinsDemo          *demo,
                                                              GError              **error);
/* Online copy with the SQLite backup API. */
gboolean             voisins_server_sqlite_backup            (VoisinsServerSqlite  *self,
                                                              const char           *to,
                                                              GError              **error);
/* Replaces the database at @path (server stopped) with @from, and gives every association a
 * new epoch, so that clients' cursors answer `reset`. */
gboolean             voisins_server_sqlite_restore           (const char           *path,
                                                              const char           *from,
                                                              GError              **error);
/* Makes the next @n push transactions fail as busy (tests). */
void                 voisins_server_sqlite_set_test_busy     (VoisinsServerSqlite  *self,
                                                              int                   n);
/* The rows of one pull answer take at most @bytes of JSON (a single bigger row still
 * goes, alone); default VOISINS_SERVER_PULL_PAGE_BYTES. Call before serving. */
void                 voisins_server_sqlite_set_pull_page_bytes (VoisinsServerSqlite *self,
                                                                gsize                bytes);

/* The address base (voisins-server-sqlite-addresses.c) */
gboolean             voisins_server_sqlite_replace_addresses (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              GPtrArray            *addresses,
                                                              GError              **error);
VoisinsAddress      *voisins_server_sqlite_match_address     (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              const char           *text,
                                                              GError              **error);
/* Contact details printed on letters (voisins-server-sqlite-addresses.c): NULL leaves a
 * detail as it is, "" clears it (never the name). */
gboolean             voisins_server_sqlite_check_association_details (const char *name,
                                                                      const char *phone,
                                                                      const char *email,
                                                                      const char *address,
                                                                      GError    **error);
gboolean             voisins_server_sqlite_set_association_details (VoisinsServerSqlite *self,
                                                                    const char          *association_id,
                                                                    const char          *name,
                                                                    const char          *phone,
                                                                    const char          *email,
                                                                    const char          *address,
                                                                    GError             **error);
/* The boundary of @association_id (NULL with no error: none), for import-addresses. */
VoisinsPolygon      *voisins_server_sqlite_get_boundary      (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              GError              **error);

G_END_DECLS
