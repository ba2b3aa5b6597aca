/* voisins-db-backup.c: backup and restore on PostgreSQL through pg_dump and pg_restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tools run through GSubprocess, never a shell, with the URI as --dbname: a password
 * never appears on a command line (libpq reads PGPASSFILE, ~/.pgpass or the URI's
 * parameters). A restore leaves a marker table, restore_unfinished, from before
 * pg_restore until the transaction that gives the new epochs: a crash in between would
 * leave the backup's epochs with its lower next_seq, and a client whose cursor is past it
 * would never pull the rows numbered again (DESIGN §4), so the server refuses to start
 * on it and running the restore again finishes it.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "voisins-db-backup.h"
#include "voisins-db-schema.h"

#define MARKER_TABLE "restore_unfinished"

/* $VOISINS_PG_BINDIR/NAME (as the tests' cluster), else NAME from $PATH. */
static char *
find_tool (const char  *name,
           GError     **error)
{
  const char *dir = g_getenv ("VOISINS_PG_BINDIR");
  char *path = NULL;

  if (dir && *dir)
    path = g_build_filename (dir, name, NULL);
  else
    path = g_find_program_in_path (name);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (path);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "%s is not installed (apt-get install postgresql-client-15)", name);
      return NULL;
    }
  return path;
}

static gboolean
run_tool (const char *const  *argv,
          GError            **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED, "%s failed: %s",
                   argv[0], err && *err ? g_strstrip (err) : "no message");
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_bool (VoisinsDb   *db,
            const char  *sql,
            gboolean    *value,
            GError     **error)
{
  g_autoptr(VoisinsDbStmt) stmt = voisins_db_prepare (db, sql, error);

  if (stmt == NULL || voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    return FALSE;
  *value = voisins_db_column_int64 (stmt, 0) != 0;
  return TRUE;
}

static VoisinsDb *
open_pg (const char  *uri,
         GError     **error)
{
  if (!voisins_db_uri_is_postgresql (uri))
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Not a postgresql:// URI");
      return NULL;
    }
  return voisins_db_open (uri, 0, error);
}

VoisinsDb *
voisins_db_hold_serving_lock (const char  *uri,
                              GError     **error)
{
  g_autoptr(VoisinsDb) db = open_pg (uri, error);
  gboolean taken = FALSE;
  gboolean unfinished = FALSE;

  if (db == NULL ||
      !query_bool (db, "SELECT pg_try_advisory_lock_shared (" G_STRINGIFY (
                         VOISINS_DB_SERVING_LOCK_KEY) ")", &taken, error))
    return NULL;
  if (!taken)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "This database is being restored: start the server when the "
                           "restore has finished");
      return NULL;
    }
  if (!query_bool (db, "SELECT to_regclass ('" MARKER_TABLE "') IS NOT NULL", &unfinished,
                   error))
    return NULL;
  if (unfinished)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                           "A restore of this database did not finish: run the restore "
                           "again before serving");
      return NULL;
    }
  return g_steal_pointer (&db);
}

gboolean
voisins_db_backup_pg (const char  *uri,
                      const char  *to,
                      GError     **error)
{
  g_autofree char *pg_dump = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *file = NULL;
  int fd;

  if (!voisins_db_uri_is_postgresql (uri))
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Not a postgresql:// URI");
      return FALSE;
    }
  if (!(pg_dump = find_tool ("pg_dump", error)))
    return FALSE;

  /* Created 0600 before pg_dump writes into it (it keeps the mode of a file it opens). */
  tmp = g_strdup_printf ("%s.tmp-XXXXXX", to);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot create %s: %s", to, g_strerror (errno));
      return FALSE;
    }
  close (fd);

  dbname = g_strconcat ("--dbname=", uri, NULL);
  file = g_strconcat ("--file=", tmp, NULL);
  {
    const char *const argv[] = { pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                                 dbname, file, NULL };

    if (!run_tool (argv, error) || g_rename (tmp, to) != 0)
      {
        if (error && *error == NULL)
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                       "Cannot write %s: %s", to, g_strerror (errno));
        g_unlink (tmp);
        return FALSE;
      }
  }
  return TRUE;
}

/* New epochs for every association, the restore recorded, the marker dropped: one
 * transaction. The epoch: 16 hex digits, as on SQLite, from PostgreSQL's random UUIDs. */
static gboolean
new_epochs (VoisinsDb  *db,
            GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  if (!voisins_db_begin (db, VOISINS_DB_WRITE, error))
    return FALSE;
  stmt = voisins_db_prepare (db, "UPDATE associations SET"
                                 " epoch = substr (md5 (gen_random_uuid ()::text), 1, 16),"
                                 " restored_at = ?, restored_seq = next_seq", error);
  if (stmt == NULL)
    goto fail;
  voisins_db_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_DONE ||
      !voisins_db_exec (db, "DROP TABLE IF EXISTS " MARKER_TABLE, error) ||
      !voisins_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  voisins_db_rollback (db);
  return FALSE;
}

gboolean
voisins_db_restore_pg (const char  *uri,
                       const char  *from,
                       GError     **error)
{
  g_autoptr(VoisinsDb) lock = NULL;
  g_autofree char *pg_restore = NULL;
  g_autofree char *dbname = NULL;
  gboolean taken = FALSE;
  int fd;

  /* Everything that can be checked before a change: the file, the tool, the database. */
  fd = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot read %s: %s (nothing was changed)", from, g_strerror (errno));
      return FALSE;
    }
  close (fd);
  if (!(pg_restore = find_tool ("pg_restore", error)) || !(lock = open_pg (uri, error)))
    return FALSE;
  {
    const char *const argv[] = { pg_restore, "--list", from, NULL };

    if (!run_tool (argv, error))
      {
        g_prefix_error (error, "%s is not a pg_dump archive (nothing was changed): ", from);
        return FALSE;
      }
  }

  /* A server still running would go on with its connections over the restored tables. */
  if (!query_bool (lock, "SELECT pg_try_advisory_lock (" G_STRINGIFY (
                           VOISINS_DB_SERVING_LOCK_KEY) ")", &taken, error))
    return FALSE;
  if (!taken)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "A voisins-server is running on this database: stop it first "
                           "(nothing was changed)");
      return FALSE;
    }
  /* Not in the archive, so --clean leaves it. */
  if (!voisins_db_exec (lock, "CREATE TABLE IF NOT EXISTS " MARKER_TABLE " (at BIGINT)", error))
    return FALSE;

  dbname = g_strconcat ("--dbname=", uri, NULL);
  {
    const char *const argv[] = { pg_restore, "--clean", "--if-exists", "--single-transaction",
                                 "--exit-on-error", "--no-owner", "--no-privileges", dbname,
                                 from, NULL };

    if (!run_tool (argv, error))
      {
        /* Rolled back as a whole: the database is as it was, epochs included. */
        voisins_db_exec (lock, "DROP TABLE IF EXISTS " MARKER_TABLE, NULL);
        return FALSE;
      }
  }
  /* A backup from an older version of the server: its schema brought up to date. */
  if (!voisins_db_migrate (lock, voisins_db_schema_postgresql,
                           voisins_db_schema_postgresql_version, error))
    return FALSE;
  if (!new_epochs (lock, error))
    return FALSE;
  /* Released now, not when the backend notices the connection closed (asynchronous): a
   * server started right after the restore finds it free. */
  voisins_db_exec (lock, "SELECT pg_advisory_unlock (" G_STRINGIFY (
                           VOISINS_DB_SERVING_LOCK_KEY) ")", NULL);
  return TRUE;
}
