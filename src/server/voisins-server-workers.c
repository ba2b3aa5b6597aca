/* voisins-server-workers.c: `workers` > 1, one serving process per core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process of its own per worker, each with its SoupServer, its listening socket on the
 * same port (SO_REUSEPORT: the kernel spreads the connections between them) and its own
 * connections to the one SQLite database (WAL). What must hold across them is in the
 * database (the login rate limits) or is correct whoever built it (the pull's kept pages,
 * keyed by epoch, next_seq and min_seq).
 *
 * The workers are this program run again (not fork () alone: GLib's main context, its
 * worker threads and SQLite must not be copied into a child). A worker that stops by itself
 * is reported and the parent stops the others and exits 1: the service manager restarts
 * the whole (Restart=always in deploy/systemd), rather than a worker that dies on a request
 * being started again and again behind a parent that looks healthy.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <glib-unix.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "voisins-server-listener.h"
#include "voisins-server-workers.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *children;   /* GSubprocess, NULL once reaped */
  guint      running;
  gboolean   stopping;
  gboolean   failed;
} Workers;

static void
stop_all (Workers *w)
{
  w->stopping = TRUE;
  for (guint i = 0; i < w->children->len; i++)
    if (g_ptr_array_index (w->children, i))
      g_subprocess_send_signal (g_ptr_array_index (w->children, i), SIGTERM);
}

static void
worker_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Workers *w = user_data;
  GSubprocess *child = G_SUBPROCESS (source);
  const char *pid = g_object_get_data (source, "pid");
  gboolean clean;

  g_subprocess_wait_finish (child, result, NULL);
  clean = g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 0;
  if (!w->stopping || !clean)
    {
      if (g_subprocess_get_if_signaled (child))
        g_warning ("Worker %s was killed by signal %d%s", pid ? pid : "?",
                   g_subprocess_get_term_sig (child), w->stopping ? "" : ": stopping the others");
      else
        g_warning ("Worker %s exited with status %d%s", pid ? pid : "?",
                   g_subprocess_get_exit_status (child),
                   w->stopping ? "" : ": stopping the others");
      w->failed = TRUE;
    }
  for (guint i = 0; i < w->children->len; i++)
    if (g_ptr_array_index (w->children, i) == (gpointer) child)
      g_ptr_array_index (w->children, i) = NULL;
  g_object_unref (child);
  if (!w->stopping)
    stop_all (w);
  if (--w->running == 0)
    g_main_loop_quit (w->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Workers *w = user_data;

  if (!w->stopping)
    {
      g_message ("Stopping %u workers", w->running);
      stop_all (w);
    }
  return G_SOURCE_CONTINUE;
}

static void
child_setup (gpointer user_data)
{
  /* A worker whose parent has gone (killed) stops too: nothing would stop it later. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Holds the port for the workers while they start (with port=0, picks it): bound with
 * SO_REUSEPORT and never listening, so the kernel gives it no connection. */
static GSocket *
reserve_port (VoisinsServerConfig  *config,
              GError              **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (config->listen);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an IP address",
                   config->listen);
      return NULL;
    }
  address = g_inet_socket_address_new (inet, config->port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !voisins_server_bind_reuse_port (socket, address, error) ||
      !(bound = g_socket_get_local_address (socket, error)))
    return NULL;
  config->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

/* Its first line, "listening on URI", once it listens; NULL if it stopped first. */
static char *
wait_listening (GSubprocess *child)
{
  g_autoptr(GDataInputStream) lines = NULL;
  char *line;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
  if (line && !g_str_has_prefix (line, "listening on "))
    g_clear_pointer (&line, g_free);
  return line;
}

int
voisins_server_workers_run (VoisinsServerConfig *config,
                            const char *const   *argv)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  g_autoptr(GSocket) reserved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *port = NULL;
  g_autofree char *listening = NULL;
  g_auto(GStrv) args = g_strdupv ((char **) argv);
  Workers w = { loop, children, 0, FALSE, FALSE };
  guint sigterm, sigint;

  if (!(reserved = reserve_port (config, &error)))
    {
      g_printerr ("voisins-server: cannot listen: %s\n", error->message);
      return 1;
    }
  port = g_strdup_printf ("%d", config->port);
  if (exe)
    {
      g_free (args[0]);
      args[0] = g_steal_pointer (&exe);
    }

  /* Before the workers: a SIGTERM while they start stops them too. */
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &w);
  sigint = g_unix_signal_add (SIGINT, on_signal, &w);

  for (guint i = 0; i < config->workers && !w.stopping; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autofree char *line = NULL;
      GSubprocess *child;

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_subprocess_launcher_setenv (launcher, VOISINS_SERVER_WORKER_ENV, port, TRUE);
      g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
      if (!(child = g_subprocess_launcher_spawnv (launcher, (const char *const *) args, &error)))
        {
          g_warning ("Cannot start a worker: %s", error->message);
          w.failed = TRUE;
          stop_all (&w);
          break;
        }
      g_object_set_data_full (G_OBJECT (child), "pid",
                              g_strdup (g_subprocess_get_identifier (child)), g_free);
      g_ptr_array_add (children, child);
      w.running++;
      g_subprocess_wait_async (child, NULL, worker_exited, &w);
      if (!(line = wait_listening (child)))
        {
          g_warning ("Worker %s did not start",
                     (char *) g_object_get_data (G_OBJECT (child), "pid"));
          w.failed = TRUE;
          stop_all (&w);
          break;
        }
      if (listening == NULL)
        listening = g_steal_pointer (&line);
    }

  if (!w.stopping)
    {
      g_message ("%u workers on port %s", config->workers, port);
      /* Tests and scripts parse this line. */
      printf ("%s\n", listening);
      fflush (stdout);
    }
  if (w.running > 0)
    g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_socket_close (reserved, NULL);
  g_message ("Stopped");
  return w.failed ? 1 : 0;
}
