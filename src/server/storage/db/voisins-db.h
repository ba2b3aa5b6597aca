/* voisins-db.h: one thin SQL layer under the server's storage backend, with two drivers,
 * SQLite (sqlite3) and PostgreSQL (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backend's files call sqlite3_* directly today; this API mirrors how they use it
 * (prepare or a statement cached per connection, bind, step row by row, column, reset,
 * changes, exec, transactions and savepoints) so that converting them is mechanical, and
 * the permissions, decided in rules/ and in the push, stay written once. SQL is written
 * once, SQLite-style, with `?` or `?N` placeholders; the PostgreSQL driver rewrites them to
 * `$N` outside quotes and comments. What the two dialects do differently, and the portable
 * forms to write instead, is in docs/storage.md.
 *
 * A VoisinsDb is a connection: one thread uses it at a time (the writer under its lock, a
 * reader while taken from a VoisinsDbPool), as a sqlite3 or a PGconn. It is a plain
 * struct, not a GObject: it sits on every statement of the hot paths, as sqlite3 does.
 * Errors are VOISINS_SERVER_ERROR: a constraint violation is _CONFLICT, a busy or locked
 * database (SQLITE_BUSY, a PostgreSQL lock timeout, deadlock or serialization failure, a
 * lost connection) is _BUSY (503, retry later), anything else _FAILED (logged without
 * the values, which may be personal).
 */
#pragma once

#include <glib.h>

#include "voisins-server-storage.h"

G_BEGIN_DECLS

typedef struct _VoisinsDb     VoisinsDb;
typedef struct _VoisinsDbStmt VoisinsDbStmt;
typedef struct _VoisinsDbPool VoisinsDbPool;

typedef enum
{
  VOISINS_DB_SQLITE,
  VOISINS_DB_POSTGRESQL,
} VoisinsDbKind;

/* What a step gave: as SQLITE_ROW / SQLITE_DONE, or an error (set). */
typedef enum
{
  VOISINS_DB_ERROR,
  VOISINS_DB_ROW,
  VOISINS_DB_DONE,
} VoisinsDbStep;

typedef enum
{
  VOISINS_DB_READ,   /* one snapshot for every statement (a pull reads its page and the
                      * client's last_mutation_seq in it) */
  VOISINS_DB_WRITE,  /* takes the write lock at once (SQLite BEGIN IMMEDIATE); on
                      * PostgreSQL rows are locked by the statements themselves: writers of
                      * one association queue on its counter row (docs/storage.md) */
} VoisinsDbTransaction;

/* {{{ connections */

/* `postgresql://…` or `postgres://…` (a libpq URI), else a file path (created if absent).
 * @busy_timeout_ms: how long a statement waits for a lock before failing with _BUSY
 * (SQLite busy timeout, PostgreSQL lock_timeout); 0: 5 s. */
VoisinsDb      *voisins_db_open              (const char            *uri,
                                              int                    busy_timeout_ms,
                                              GError               **error);
/* Finalizes the cached statements, closes. NULL is accepted. */
void            voisins_db_close             (VoisinsDb             *db);
VoisinsDbKind   voisins_db_get_kind          (VoisinsDb             *db);
gboolean        voisins_db_uri_is_postgresql (const char            *uri);

/* One or several statements without parameters (DDL, migrations, PRAGMA). */
gboolean        voisins_db_exec              (VoisinsDb             *db,
                                              const char            *sql,
                                              GError               **error);
/* Rows changed by the last INSERT, UPDATE or DELETE run on @db (sqlite3_changes ()). */
gint64          voisins_db_changes           (VoisinsDb             *db);

/* Transactions. On PostgreSQL a failed statement aborts the whole transaction: a
 * statement that may fail while the transaction goes on runs inside a savepoint (as the
 * push does per mutation). Commit reports an aborted transaction as an error (PostgreSQL
 * answers COMMIT with a silent rollback). */
gboolean        voisins_db_begin             (VoisinsDb             *db,
                                              VoisinsDbTransaction   kind,
                                              GError               **error);
gboolean        voisins_db_commit            (VoisinsDb             *db,
                                              GError               **error);
/* Never fails in a way the caller can act on: logged. */
void            voisins_db_rollback          (VoisinsDb             *db);
gboolean        voisins_db_in_transaction    (VoisinsDb             *db);
/* @name: an SQL identifier literal (SAVEPOINT m). */
gboolean        voisins_db_savepoint         (VoisinsDb             *db,
                                              const char            *name,
                                              GError               **error);
gboolean        voisins_db_release           (VoisinsDb             *db,
                                              const char            *name,
                                              GError               **error);
gboolean        voisins_db_rollback_to       (VoisinsDb             *db,
                                              const char            *name,
                                              GError               **error);

/* Brings @db to schema @n_migrations: a table `schema_migrations (version, applied_at)`
 * says which ran; each missing one runs in its own write transaction with its row, so a
 * failed step is rolled back and leaves the database at the last version that completed.
 * Several processes may migrate at once (PostgreSQL: an advisory lock; SQLite: BEGIN
 * IMMEDIATE). A database newer than @n_migrations is an error. Append-only. */
gboolean        voisins_db_migrate           (VoisinsDb             *db,
                                              const char *const    *migrations,
                                              int                    n_migrations,
                                              GError               **error);
/* The version reached, 0 for a fresh database, -1 with @error set. */
int             voisins_db_schema_version    (VoisinsDb             *db,
                                              GError               **error);

/* SQLite only: the driver's own handle, for what the layer does not offer
 * (sqlite3_backup, by the backend's backup and restore). Borrowed; NULL (and a critical)
 * on PostgreSQL. Nothing else may call sqlite3_* on a VoisinsDb. */
typedef struct sqlite3 sqlite3;
sqlite3               *voisins_db_get_sqlite_handle (VoisinsDb *db);

/* }}} */
/* {{{ statements */

/* Owned: voisins_db_stmt_free () (g_autoptr(VoisinsDbStmt)). On PostgreSQL an owned
 * statement is sent unnamed (PQexecParams), nothing stays on the server. */
VoisinsDbStmt  *voisins_db_prepare           (VoisinsDb             *db,
                                              const char            *sql,
                                              GError               **error);
void            voisins_db_stmt_free         (VoisinsDbStmt         *stmt);

/* Prepared once per connection and kept (SQLite SQLITE_PREPARE_PERSISTENT; PostgreSQL
 * PQprepare under a generated name, prepared at its first step with the types bound
 * then). @sql must be a string literal: its address is the key. Borrowed: declare it
 * g_autoptr(VoisinsDbCachedStmt), which resets it and clears its bindings at the end of
 * the scope. Never hold one across a call that may use the same SQL on the same db. */
typedef VoisinsDbStmt VoisinsDbCachedStmt;
VoisinsDbStmt  *voisins_db_cached            (VoisinsDb             *db,
                                              const char            *sql,
                                              GError               **error);
/* exec of a cached statement without results (SAVEPOINT m, RELEASE m). */
gboolean        voisins_db_exec_cached       (VoisinsDb             *db,
                                              const char            *sql,
                                              GError               **error);

/* Parameters count from 1, as in SQLite. Values are copied. */
void            voisins_db_bind_int64        (VoisinsDbStmt         *stmt,
                                              int                    i,
                                              gint64                 value);
/* NULL binds NULL. */
void            voisins_db_bind_text         (VoisinsDbStmt         *stmt,
                                              int                    i,
                                              const char            *text);
void            voisins_db_bind_double       (VoisinsDbStmt         *stmt,
                                              int                    i,
                                              double                 value);
void            voisins_db_bind_null         (VoisinsDbStmt         *stmt,
                                              int                    i);
void            voisins_db_bind_blob         (VoisinsDbStmt         *stmt,
                                              int                    i,
                                              gconstpointer          data,
                                              gsize                  len);

/* The first step runs the statement; a SELECT's rows are then stepped through one by
 * one. On PostgreSQL the whole result is fetched at the first step: page with LIMIT. */
VoisinsDbStep   voisins_db_stmt_step         (VoisinsDbStmt         *stmt,
                                              GError               **error);
/* Runs it again from the start; the bindings stay. */
void            voisins_db_stmt_reset        (VoisinsDbStmt         *stmt);
void            voisins_db_stmt_clear_bindings (VoisinsDbStmt       *stmt);

/* Columns count from 0, as in SQLite, and are read after a step gave VOISINS_DB_ROW.
 * Text and blobs stay valid until the next step or reset. A NULL reads as 0, 0.0 or
 * NULL; a PostgreSQL boolean as 1 or 0. */
int             voisins_db_column_count      (VoisinsDbStmt         *stmt);
gboolean        voisins_db_column_is_null    (VoisinsDbStmt         *stmt,
                                              int                    i);
gint64          voisins_db_column_int64      (VoisinsDbStmt         *stmt,
                                              int                    i);
double          voisins_db_column_double     (VoisinsDbStmt         *stmt,
                                              int                    i);
const char     *voisins_db_column_text       (VoisinsDbStmt         *stmt,
                                              int                    i);
char           *voisins_db_column_dup        (VoisinsDbStmt         *stmt,
                                              int                    i);
/* The length in bytes of a text or blob column. */
gsize           voisins_db_column_bytes      (VoisinsDbStmt         *stmt,
                                              int                    i);
gconstpointer   voisins_db_column_blob       (VoisinsDbStmt         *stmt,
                                              int                    i,
                                              gsize                 *len);

static inline void
voisins_db_cached_stmt_release (VoisinsDbCachedStmt *stmt)
{
  voisins_db_stmt_reset (stmt);
  voisins_db_stmt_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsDb, voisins_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsDbStmt, voisins_db_stmt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsDbCachedStmt, voisins_db_cached_stmt_release)

/* }}} */
/* {{{ the SQL itself */

/* @sql with `?` and `?N` rewritten to `$N` outside quotes, identifiers and comments, as
 * the PostgreSQL driver sends it; @n_params: the highest parameter number. */
char           *voisins_db_rewrite_placeholders (const char         *sql,
                                                 int                *n_params);

/* }}} */
/* {{{ the pool: connections for the readers (and, on PostgreSQL, for the writers:
 * a libpq connection is not shared between threads) */

VoisinsDbPool  *voisins_db_pool_new          (const char            *uri,
                                              int                    busy_timeout_ms,
                                              guint                  max_idle);
void            voisins_db_pool_free         (VoisinsDbPool         *pool);
/* An idle connection, or a new one. */
VoisinsDb      *voisins_db_pool_take         (VoisinsDbPool         *pool,
                                              GError               **error);
/* Back to the pool: a transaction left open is rolled back, a broken connection or one
 * beyond max_idle is closed. */
void            voisins_db_pool_give         (VoisinsDbPool         *pool,
                                              VoisinsDb             *db);
guint           voisins_db_pool_get_n_idle   (VoisinsDbPool         *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsDbPool, voisins_db_pool_free)

/* }}} */

G_END_DECLS
