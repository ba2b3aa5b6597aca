/* voisins-sqlite.h: small SQLite helpers the store and the server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Binds NULL for a NULL @text; the text is copied. */
void           voisins_sqlite_bind_text    (sqlite3_stmt   *stmt,
                                            int             i,
                                            const char     *text);
const char    *voisins_sqlite_column_text  (sqlite3_stmt   *stmt,
                                            int             i);
char          *voisins_sqlite_column_dup   (sqlite3_stmt   *stmt,
                                            int             i);

/* Runs one statement (or several); the caller's own error mapping. */
typedef gboolean (*VoisinsSqliteExecFunc)  (const char     *sql,
                                            gpointer        user_data,
                                            GError        **error);
/* Called inside the transaction of the migration to @version, after its SQL. */
typedef gboolean (*VoisinsSqliteStepFunc)  (int             version,
                                            gpointer        user_data,
                                            GError        **error);

/* Brings a database from schema @from to @to: for each step, BEGIN IMMEDIATE,
 * migrations[version], @after (may be NULL), "PRAGMA user_version = version + 1" (and
 * application_id when not 0), COMMIT; a failed step is rolled back and stops the run, so
 * the file stays at the last version that completed. Migrations are append-only. */
gboolean       voisins_sqlite_run_migrations (sqlite3               *db,
                                              const char * const    *migrations,
                                              int                    from,
                                              int                    to,
                                              int                    application_id,
                                              VoisinsSqliteExecFunc  exec,
                                              VoisinsSqliteStepFunc  after,
                                              gpointer               user_data,
                                              GError               **error);

G_END_DECLS
