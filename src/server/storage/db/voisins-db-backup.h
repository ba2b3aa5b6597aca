/* voisins-db-backup.h: `backup` and `restore` on PostgreSQL (pg_dump, pg_restore), with the
 * SQLite backend's epoch rules, and the lock that keeps a restore and a server apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As on SQLite (voisins-server-sqlite-admin.c): a restore refuses while a server holds
 * the database, gives every association a new epoch (every client's cursor answers
 * `reset`), records restored_at and restored_seq = next_seq, and keeps the restored
 * clients table (what the backup holds of each client's changes: a client that had more
 * gets a GAP at its next push and sends again what was lost, DESIGN §4).
 *
 * The lock: each serving process holds a session-level shared advisory lock on its
 * database (voisins_db_hold_serving_lock ()) for as long as it runs; a restore takes the
 * same key exclusive with pg_try_advisory_lock, so it is refused while any server runs,
 * and a server refuses to start during a restore. PostgreSQL drops a session's advisory
 * locks when its connection ends, however the process dies, as the kernel drops SQLite's
 * fcntl lock.
 */
#pragma once

#include "voisins-db.h"

G_BEGIN_DECLS

/* The advisory lock's key (migrations use 7346216, transaction-level). */
#define VOISINS_DB_SERVING_LOCK_KEY 7346217

/* A connection holding the shared serving lock: keep it open until exit. Fails with
 * _BUSY while a restore runs, and with _FAILED if a restore did not finish (a crash
 * between pg_restore and the new epochs: run the restore again). */
VoisinsDb *voisins_db_hold_serving_lock (const char  *uri,
                                         GError     **error);

/* pg_dump --format=custom of the database named by @uri into @to (mode 0600, written
 * beside it and renamed, so a failed backup leaves an older @to as it was). */
gboolean   voisins_db_backup_pg         (const char  *uri,
                                         const char  *to,
                                         GError     **error);

/* pg_restore --clean --if-exists --single-transaction of @from into @uri, then the
 * schema's missing migrations, then, in one transaction, new epochs, restored_at and
 * restored_seq. Refused (_BUSY, nothing changed) while a server holds the lock. */
gboolean   voisins_db_restore_pg        (const char  *uri,
                                         const char  *from,
                                         GError     **error);

G_END_DECLS
