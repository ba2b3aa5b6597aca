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
#define VOISINS_SERVER_SCHEMA_VERSION 13

/* 4 MiB of rows per pull answer: a first sync still takes few pages, and four parallel
 * pulls hold tens of megabytes, not hundreds. */
#define VOISINS_SERVER_PULL_PAGE_BYTES (4 * 1024 * 1024)

/* After a restore, a change of a record the server does not have is answered "retry
 * later" for this long (its creator may not have sent it again yet), then refused. */
#define VOISINS_SERVER_RESTORE_GRACE_SECONDS (3 * 24 * 3600)

#define VOISINS_TYPE_SERVER_SQLITE (voisins_server_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsServerSqlite, voisins_server_sqlite, VOISINS, SERVER_SQLITE, GObject)

/* Opens (creating with mode 0600) and migrates. WAL, synchronous=FULL. */
VoisinsServerSqlite *voisins_server_sqlite_open              (const char           *path,
                                                              int                   busy_timeout_ms,
                                                              GError              **error);
void                 voisins_server_sqlite_close             (VoisinsServerSqlite  *self);

/* Members with no activity (record change, post on her behalf, holiday row) for @years:
 * {years, items: [{id, first_name, last_name, last_activity}]} (list-inactive-members). */
JsonNode *voisins_server_sqlite_list_inactive_members (VoisinsServerSqlite *self,
                                                       const char          *association_id,
                                                       int                  years,
                                                       GError             **error);

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
/* Replaces the database at @path with @from, and gives every association a new epoch, so
 * that clients' cursors answer `reset`. Refused while a server holds @path's lock. */
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
/* How long after a restore an edit of a missing record waits instead of being refused;
 * default VOISINS_SERVER_RESTORE_GRACE_SECONDS. Call before serving. */
void                 voisins_server_sqlite_set_restore_grace (VoisinsServerSqlite *self,
                                                              gint64               seconds);
/* Mutations one user may push a minute (push-mutations-per-minute), counted in the
 * database so that every process serving it counts the same; 0: no budget. Call before
 * serving. */
void voisins_server_sqlite_set_push_quota (VoisinsServerSqlite *self, guint per_minute);
/* The lock file beside the database (`DB.lock`): a serving process holds it shared for as
 * long as it runs, a restore exclusive. An fcntl lock, so a crashed process holds nothing.
 * Returns the descriptor to keep open, or -1 with @error set. */
int                  voisins_server_sqlite_lock              (const char           *path,
                                                              gboolean              exclusive,
                                                              GError              **error);

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

/* The basemap's version (voisins-server-sqlite-basemap.c): 0 before the first build, -1
 * with @error set. */
gint64               voisins_server_sqlite_get_basemap_version (VoisinsServerSqlite *self,
                                                                const char          *association_id,
                                                                GError             **error);
gboolean             voisins_server_sqlite_set_basemap_version (VoisinsServerSqlite *self,
                                                                const char          *association_id,
                                                                gint64               version,
                                                                GError             **error);

/* The members' spreadsheet (voisins-server-sqlite-members-io.c). @user_id NULL: an admin
 * command. */
JsonNode            *voisins_server_sqlite_import_members    (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              const char           *data,
                                                              gsize                 len,
                                                              gboolean              dry_run,
                                                              const char           *user_id,
                                                              GError              **error);
char                *voisins_server_sqlite_export_members    (VoisinsServerSqlite  *self,
                                                              const char           *association_id,
                                                              gsize                *len,
                                                              GError              **error);

G_END_DECLS
