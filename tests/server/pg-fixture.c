/* pg-fixture.c: a real PostgreSQL cluster in a temporary folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * initdb and the server run as the test when it is not root, as `nobody` when it is (CI
 * runs as root, and PostgreSQL refuses to): the child drops its privileges itself before
 * exec, which is what `runuser -u nobody --` would do, and sets a parent-death signal
 * after that (a change of user clears it), so that the postmaster is stopped (SIGQUIT,
 * immediate shutdown) even when the test aborts. postgres runs in the foreground, not
 * through pg_ctl, which would detach it from the test.
 */
#define G_LOG_DOMAIN "voisins-test"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "pg-fixture.h"

static const char *
bindir (void)
{
  const char *dir = g_getenv ("VOISINS_PG_BINDIR");

  return dir && *dir ? dir : VS_PG_DEFAULT_BINDIR;
}

gboolean
vs_pg_available (char **why)
{
  const char *const needed[] = { "initdb", "postgres", NULL };

  for (guint i = 0; needed[i]; i++)
    {
      g_autofree char *path = g_build_filename (bindir (), needed[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        {
          if (why)
            *why = g_strdup_printf ("PostgreSQL is not installed: no %s (apt-get install "
                                    "postgresql, or set VOISINS_PG_BINDIR)", path);
          return FALSE;
        }
    }
  return TRUE;
}

int
vs_pg_skip (const char *why)
{
  g_printerr ("SKIP: %s\n", why);
  return VS_PG_SKIP;
}

typedef struct
{
  uid_t uid;
  gid_t gid;
  gboolean drop;
} Who;

static void
child_setup (gpointer user_data)
{
  Who *who = user_data;

  if (who->drop &&
      (setgroups (0, NULL) != 0 || setgid (who->gid) != 0 || setuid (who->uid) != 0))
    _exit (127);
  prctl (PR_SET_PDEATHSIG, SIGQUIT);
  if (getppid () == 1)
    _exit (127);
}

static Who
whom (void)
{
  Who who = { getuid (), getgid (), FALSE };

  if (getuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      g_assert_nonnull (pw);
      who.uid = pw->pw_uid;
      who.gid = pw->pw_gid;
      who.drop = TRUE;
    }
  return who;
}

static char *
read_log (VsPg *pg)
{
  g_autofree char *path = g_build_filename (pg->dir, "log", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(no log)");
  return text;
}

/* postmaster.pid's last line says "ready" once the server accepts connections. */
static gboolean
is_ready (VsPg *pg)
{
  g_autofree char *path = g_build_filename (pg->dir, "data", "postmaster.pid", NULL);
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, "ready") != NULL;
}

VsPg *
vs_pg_start (void)
{
  return vs_pg_start_full (FALSE);
}

VsPg *
vs_pg_start_full (gboolean durable)
{
  VsPg *pg = g_new0 (VsPg, 1);
  Who who = whom ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *postgres = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  int fd;
  gint64 deadline;

  pg->bindir = g_strdup (bindir ());
  /* In /tmp, whatever $TMPDIR says: the socket's path must stay under 108 bytes, and
   * nobody must be able to reach the folder. */
  pg->dir = g_strdup ("/tmp/voisins-pg-XXXXXX");
  g_assert_nonnull (g_mkdtemp (pg->dir));
  if (who.drop)
    g_assert_cmpint (chown (pg->dir, who.uid, who.gid), ==, 0);
  data = g_build_filename (pg->dir, "data", NULL);
  log = g_build_filename (pg->dir, "log", NULL);
  initdb = g_build_filename (pg->bindir, "initdb", NULL);
  postgres = g_build_filename (pg->bindir, "postgres", NULL);

  {
    const char *argv[] = { initdb, "-D", data, "-A", "trust", "-U", "voisins", "-E", "UTF8",
                           "--locale=C", "--no-sync", "--no-instructions", NULL };

    if (!g_spawn_sync (pg->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, child_setup, &who,
                       &out, &err, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("initdb failed: %s\n%s", error->message, err ? err : "");
  }

  /* The server's output goes to DIR/log, which it may write. */
  fd = g_open (log, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  if (who.drop)
    g_assert_cmpint (fchown (fd, who.uid, who.gid), ==, 0);

  {
    /* No TCP, a socket in DIR; fsync off unless @durable: a test cluster, thrown away. */
    const char *argv[] = { postgres, "-D", data, "-k", pg->dir, "-c", "listen_addresses=",
                           "-c", "max_connections=40", "-c", "shared_buffers=16MB",
                           "-c", "fsync=off", "-c", "synchronous_commit=off",
                           "-c", "full_page_writes=off", NULL };
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL;

    if (durable)
      argv[11] = NULL;  /* the settings from fsync=off on are the test cluster's */

    if (!g_spawn_async_with_fds (pg->dir, (char **) argv, NULL, flags, child_setup, &who,
                                 &pg->pid, -1, fd, fd, &error))
      g_error ("Cannot start postgres: %s", error->message);
  }
  close (fd);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!is_ready (pg))
    {
      g_autofree char *text = NULL;

      if (waitpid (pg->pid, &status, WNOHANG) == pg->pid)
        g_error ("postgres exited at start: %s", (text = read_log (pg)));
      if (g_get_monotonic_time () > deadline)
        g_error ("postgres did not start within 60 s: %s", (text = read_log (pg)));
      g_usleep (20 * 1000);
    }

  pg->uri = g_strdup_printf ("postgresql:///postgres?host=%s&user=voisins", pg->dir);
  return pg;
}

char *
vs_pg_new_database (VsPg *pg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *psql = NULL;
  g_autofree char *name = g_strdup_printf ("test_%u", ++pg->next_db);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { NULL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg->uri, "-c", sql,
                         NULL };

  psql = g_build_filename (pg->bindir, "psql", NULL);
  if (!g_file_test (psql, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (psql);
      psql = g_find_program_in_path ("psql");
    }
  g_assert_nonnull (psql);
  argv[0] = psql;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("CREATE DATABASE failed: %s %s", error->message, err ? err : "");
  return g_strdup_printf ("postgresql:///%s?host=%s&user=voisins", name, pg->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
vs_pg_stop (VsPg *pg)
{
  int status;

  if (pg == NULL)
    return;
  /* Fast shutdown: the sessions are ended, the server exits. */
  kill (pg->pid, SIGINT);
  while (waitpid (pg->pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pg->pid);
  remove_tree (pg->dir);
  g_free (pg->dir);
  g_free (pg->bindir);
  g_free (pg->uri);
  g_free (pg);
}
