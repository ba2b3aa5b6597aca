/* test-db-backup.c: backup and restore on PostgreSQL (voisins-db-backup.c) on a real
 * cluster (pg-fixture.c; exit 77 when PostgreSQL is not installed): the rows come back,
 * every epoch is new, restored_seq = next_seq, the dump is 0600, errors change nothing,
 * a restore is refused while a server holds the serving lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "pg-fixture.h"
#include "voisins-db.h"
#include "voisins-db-backup.h"
#include "voisins-db-schema.h"

static VsPg *cluster;
static char *tmp_dir;

static void
exec_ok (VoisinsDb  *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (voisins_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static char *
query_text (VoisinsDb  *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDbStmt) stmt = voisins_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
  g_assert_no_error (error);
  return voisins_db_column_dup (stmt, 0);
}

static gint64
query_int (VoisinsDb  *db,
           const char *sql)
{
  g_autofree char *text = query_text (db, sql);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* A migrated database with two associations, records, a user and a client. */
static char *
new_database (void)
{
  char *uri = vs_pg_new_database (cluster);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDb) db = voisins_db_open (uri, 0, &error);
  g_autoptr(VoisinsDbStmt) rec = NULL;

  g_assert_no_error (error);
  g_assert_true (voisins_db_migrate (db, voisins_db_schema_postgresql,
                                     voisins_db_schema_postgresql_version, &error));
  g_assert_no_error (error);
  exec_ok (db, "INSERT INTO associations (id, name, secret, epoch, next_seq, created_at)"
               " VALUES ('a1', 'Quartier', 's', 'epoch-a1', 4, 1), "
               "        ('a2', 'Autre', 's', 'epoch-a2', 1, 1);"
               "INSERT INTO users (id, username, password_hash, created_at)"
               " VALUES ('u1', 'benevole', 'h', 1);"
               "INSERT INTO clients (id, user_id, last_mutation_seq, updated_at)"
               " VALUES ('c1', 'u1', 3, 1)");
  rec = voisins_db_prepare (db, "INSERT INTO records (association_id, id, type, data, version,"
                                " server_seq) VALUES ('a1', ?, 'post', ?, 1, ?)", &error);
  g_assert_no_error (error);
  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%d", i);
      g_autofree char *data = g_strdup_printf ("{\"title\": \"Épicerie %d\"}", i);

      voisins_db_stmt_reset (rec);
      voisins_db_bind_text (rec, 1, id);
      voisins_db_bind_text (rec, 2, data);
      voisins_db_bind_int64 (rec, 3, i);
      g_assert_cmpint (voisins_db_stmt_step (rec, &error), ==, VOISINS_DB_DONE);
      g_assert_no_error (error);
    }
  return uri;
}

/* What a server does after the backup: rows changed, deleted, added, counters moved. */
static void
change_rows (VoisinsDb *db)
{
  exec_ok (db, "UPDATE records SET data = '{\"title\": \"changed\"}', server_seq = 4"
               " WHERE id = 'r1';"
               "DELETE FROM records WHERE id = 'r2';"
               "INSERT INTO records (association_id, id, type, data, version, server_seq)"
               " VALUES ('a1', 'r9', 'post', '{}', 1, 5);"
               "UPDATE associations SET next_seq = 6 WHERE id = 'a1';"
               "UPDATE clients SET last_mutation_seq = 7");
}

static VoisinsDb *
open_ok (const char *uri)
{
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = voisins_db_open (uri, 0, &error);

  g_assert_no_error (error);
  return db;
}

/* A closed connection's backend ends, and drops its advisory locks, a moment after
 * PQfinish returns (as when a server process dies): wait for it. */
static void
close_and_wait (VoisinsDb **holder,
                VoisinsDb  *db)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_clear_pointer (holder, voisins_db_close);
  while (query_int (db, "SELECT count (*) FROM pg_locks WHERE locktype = 'advisory'"
                        " AND objid = " G_STRINGIFY (VOISINS_DB_SERVING_LOCK_KEY)) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
}

static void
test_round_trip (void)
{
  g_autofree char *uri = new_database ();
  g_autofree char *dump = g_build_filename (tmp_dir, "round-trip.dump", NULL);
  g_autoptr(VoisinsDb) db = open_ok (uri);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  GStatBuf st;

  g_assert_true (voisins_db_backup_pg (uri, dump, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dump, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 0);

  change_rows (db);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records"), ==, 3);

  g_assert_true (voisins_db_restore_pg (uri, dump, &error));
  g_assert_no_error (error);

  /* The rows as backed up: r1 unchanged, r2 back, r9 gone, the clients table restored. */
  {
    g_autofree char *title = query_text (db, "SELECT json_extract (data, '$.title') FROM records"
                                             " WHERE id = 'r1'");

    g_assert_cmpstr (title, ==, "Épicerie 1");
  }
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records WHERE id = 'r2'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records WHERE id = 'r9'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT max (server_seq) FROM records"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT last_mutation_seq FROM clients"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM users"), ==, 1);

  /* Every epoch new (and distinct), restored_seq = next_seq, restored_at now. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations WHERE epoch IN"
                                  " ('epoch-a1', 'epoch-a2')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT epoch) FROM associations"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT length (epoch) FROM associations WHERE id = 'a1'"),
                   ==, 16);
  g_assert_cmpint (query_int (db, "SELECT next_seq FROM associations WHERE id = 'a1'"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations"
                                  " WHERE restored_seq <> next_seq"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT min (restored_at) FROM associations"), >=, before);
  /* The schema is whole (the migrations' table came back) and no marker is left. */
  g_assert_cmpint (query_int (db, "SELECT max (version) FROM schema_migrations"), ==,
                   voisins_db_schema_postgresql_version);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM pg_tables"
                                  " WHERE tablename = 'restore_unfinished'"), ==, 0);

  /* A second restore of the same dump: new epochs again. */
  {
    g_autofree char *epoch = query_text (db, "SELECT epoch FROM associations WHERE id = 'a1'");
    g_autofree char *again = NULL;

    g_assert_true (voisins_db_restore_pg (uri, dump, &error));
    g_assert_no_error (error);
    again = query_text (db, "SELECT epoch FROM associations WHERE id = 'a1'");
    g_assert_cmpstr (again, !=, epoch);
  }
}

static void
test_errors (void)
{
  g_autofree char *uri = new_database ();
  g_autofree char *dump = g_build_filename (tmp_dir, "errors.dump", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.dump", NULL);
  g_autofree char *garbage = g_build_filename (tmp_dir, "garbage.dump", NULL);
  g_autofree char *wrong = g_strdup_printf ("postgresql:///no_such_db?host=%s&user=voisins",
                                            cluster->dir);
  g_autoptr(VoisinsDb) db = open_ok (uri);
  g_autoptr(GError) error = NULL;

  /* A wrong URI: a clear error, no file. */
  g_assert_false (voisins_db_backup_pg (wrong, dump, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no_such_db"));
  g_clear_error (&error);
  g_assert_false (g_file_test (dump, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)))
      g_assert_false (g_str_has_prefix (name, "errors.dump"));
  }

  g_assert_true (voisins_db_backup_pg (uri, dump, &error));
  g_assert_no_error (error);
  change_rows (db);

  g_assert_false (voisins_db_restore_pg (wrong, dump, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_clear_error (&error);

  /* A missing or broken file: refused before anything changes. */
  g_assert_false (voisins_db_restore_pg (uri, missing, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "missing.dump"));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (garbage, "not a dump", -1, NULL));
  g_assert_false (voisins_db_restore_pg (uri, garbage, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_clear_error (&error);

  /* Nothing changed: the changed rows and the old epochs stay. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records WHERE id = 'r9'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations WHERE epoch IN"
                                  " ('epoch-a1', 'epoch-a2')"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations"
                                  " WHERE restored_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM pg_tables"
                                  " WHERE tablename = 'restore_unfinished'"), ==, 0);
}

static void
test_refused_while_serving (void)
{
  g_autofree char *uri = new_database ();
  g_autofree char *dump = g_build_filename (tmp_dir, "serving.dump", NULL);
  g_autoptr(VoisinsDb) db = open_ok (uri);
  g_autoptr(VoisinsDb) server = NULL;
  g_autoptr(VoisinsDb) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (voisins_db_backup_pg (uri, dump, &error));
  g_assert_no_error (error);
  change_rows (db);

  /* Two serving processes hold it at once (shared). */
  server = voisins_db_hold_serving_lock (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  second = voisins_db_hold_serving_lock (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  /* A backup may run beside them; a restore may not. */
  g_assert_true (voisins_db_backup_pg (uri, dump, &error));
  g_assert_no_error (error);
  g_assert_true (voisins_db_backup_pg (uri, dump, &error));
  g_clear_pointer (&second, voisins_db_close);
  g_assert_false (voisins_db_restore_pg (uri, dump, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "stop it first"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations WHERE epoch IN"
                                  " ('epoch-a1', 'epoch-a2')"), ==, 2);

  /* The server gone (its connection closed), the restore goes through. */
  close_and_wait (&server, db);
  g_assert_true (voisins_db_restore_pg (uri, dump, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations WHERE epoch IN"
                                  " ('epoch-a1', 'epoch-a2')"), ==, 0);

  /* A server does not start while a restore holds the lock exclusive. */
  exec_ok (db, "SELECT pg_advisory_lock (" G_STRINGIFY (VOISINS_DB_SERVING_LOCK_KEY) ")");
  g_assert_null (voisins_db_hold_serving_lock (uri, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY);
  g_clear_error (&error);
  exec_ok (db, "SELECT pg_advisory_unlock (" G_STRINGIFY (VOISINS_DB_SERVING_LOCK_KEY) ")");

  /* Nor on a restore that did not finish (a crash before the new epochs). */
  exec_ok (db, "CREATE TABLE restore_unfinished (at BIGINT)");
  g_assert_null (voisins_db_hold_serving_lock (uri, &error));
  g_assert_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "did not finish"));
  g_clear_error (&error);
  g_assert_true (voisins_db_restore_pg (uri, dump, &error));
  g_assert_no_error (error);
  server = voisins_db_hold_serving_lock (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
}

/* voisins-server backup / restore on a postgresql:// --database. */
static int
run_server (const char *const *args,
            char             **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = g_build_filename (g_getenv ("VOISINS_BUILD_DIR"), "src", "server",
                                              "voisins-server", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, server);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *uri = new_database ();
  g_autofree char *dump = g_build_filename (tmp_dir, "cli.dump", NULL);
  g_autoptr(VoisinsDb) db = open_ok (uri);
  g_autoptr(VoisinsDb) server = NULL;
  g_autoptr(GError) error = NULL;
  const char *backup[] = { "backup", "--database", uri, "--to", dump, NULL };
  const char *restore[] = { "restore", "--database", uri, "--from", dump, NULL };
  GStatBuf st;

  if (g_getenv ("VOISINS_BUILD_DIR") == NULL)
    {
      g_test_skip ("VOISINS_BUILD_DIR is not set (run through meson test)");
      return;
    }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_server (backup, &err), ==, 0);
  }
  g_assert_cmpint (g_stat (dump, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  change_rows (db);

  server = voisins_db_hold_serving_lock (uri, &error);
  g_assert_no_error (error);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_server (restore, &err), ==, 1);
    g_assert_nonnull (strstr (err, "stop it first"));
  }
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records WHERE id = 'r9'"), ==, 1);
  close_and_wait (&server, db);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_server (restore, &err), ==, 0);
    g_assert_nonnull (strstr (err, "new epoch"));
  }
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM records WHERE id = 'r9'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM associations WHERE epoch IN"
                                  " ('epoch-a1', 'epoch-a2')"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!vs_pg_available (&why))
    return vs_pg_skip (why);
  cluster = vs_pg_start ();
  tmp_dir = g_dir_make_tmp ("voisins-db-backup-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/db-backup/round-trip", test_round_trip);
  g_test_add_func ("/db-backup/errors", test_errors);
  g_test_add_func ("/db-backup/refused-while-serving", test_refused_while_serving);
  g_test_add_func ("/db-backup/cli", test_cli);
  ret = g_test_run ();

  vs_pg_stop (cluster);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  return ret;
}
