/* voisins-db-private.h: what voisins-db.c shares with its two drivers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * voisins-db.c holds what the drivers have in common (the cached statements, the
 * transactions, the migrations, the pool); each driver fills a VoisinsDbDriver.
 */
#pragma once

#include "voisins-db.h"

G_BEGIN_DECLS

typedef struct
{
  /* @stmt is zeroed but for db, sql and cached. */
  gboolean        (*prepare)        (VoisinsDbStmt  *stmt,
                                     GError        **error);
  void            (*stmt_free)      (VoisinsDbStmt  *stmt);
  void            (*bind_int64)     (VoisinsDbStmt  *stmt,
                                     int             i,
                                     gint64          value);
  void            (*bind_text)      (VoisinsDbStmt  *stmt,
                                     int             i,
                                     const char     *text);
  void            (*bind_double)    (VoisinsDbStmt  *stmt,
                                     int             i,
                                     double          value);
  void            (*bind_null)      (VoisinsDbStmt  *stmt,
                                     int             i);
  void            (*bind_blob)      (VoisinsDbStmt  *stmt,
                                     int             i,
                                     gconstpointer   data,
                                     gsize           len);
  VoisinsDbStep   (*step)           (VoisinsDbStmt  *stmt,
                                     GError        **error);
  void            (*reset)          (VoisinsDbStmt  *stmt);
  void            (*clear_bindings) (VoisinsDbStmt  *stmt);
  int             (*column_count)   (VoisinsDbStmt  *stmt);
  gboolean        (*column_is_null) (VoisinsDbStmt  *stmt,
                                     int             i);
  const char     *(*column_text)    (VoisinsDbStmt  *stmt,
                                     int             i);
  gsize           (*column_bytes)   (VoisinsDbStmt  *stmt,
                                     int             i);
  gconstpointer   (*column_blob)    (VoisinsDbStmt  *stmt,
                                     int             i,
                                     gsize          *len);
  gint64          (*column_int64)   (VoisinsDbStmt  *stmt,
                                     int             i);
  double          (*column_double)  (VoisinsDbStmt  *stmt,
                                     int             i);
  gboolean        (*exec)           (VoisinsDb      *db,
                                     const char     *sql,
                                     GError        **error);
  gboolean        (*in_transaction) (VoisinsDb      *db);
  /* The connection cannot be used again (PostgreSQL: CONNECTION_BAD). */
  gboolean        (*is_broken)      (VoisinsDb      *db);
  void            (*close)          (VoisinsDb      *db);
  const char      *begin_read;
  const char      *begin_write;
  /* Run first in each migration's transaction, so that processes migrate one by one. */
  const char      *migration_lock;
} VoisinsDbDriver;

struct _VoisinsDb
{
  const VoisinsDbDriver *driver;
  VoisinsDbKind          kind;
  GHashTable            *cached;        /* SQL literal -> VoisinsDbStmt */
  gpointer               handle;        /* sqlite3 or PGconn */
  gint64                 changes;
  guint                  next_stmt_id;  /* PostgreSQL: names of the prepared statements */
};

struct _VoisinsDbStmt
{
  VoisinsDb  *db;
  const char *sql;      /* the caller's; copied for an owned statement */
  char       *sql_copy;
  gboolean    cached;
  gpointer    driver_data;
};

/* voisins-db-sqlite.c */
VoisinsDb *_voisins_db_sqlite_open (const char  *path,
                                    int          busy_timeout_ms,
                                    GError     **error);

/* voisins-db-pg.c */
VoisinsDb *_voisins_db_pg_open     (const char  *uri,
                                    int          busy_timeout_ms,
                                    GError     **error);

/* voisins-db.c: a new VoisinsDb for a driver's open. */
VoisinsDb *_voisins_db_new         (const VoisinsDbDriver *driver,
                                    VoisinsDbKind          kind,
                                    gpointer               handle);

G_END_DECLS
