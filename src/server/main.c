/* main.c: voisins-server, the association's central server, and its admin subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "voisins-demo.h"
#include "voisins-uuid.h"

#include "voisins-server-cmd.h"
#include "voisins-server-cmd-addresses.h"
#include "voisins-server-cmd-basemap.h"
#include "voisins-server-rules.h"
#include "voisins-server.h"
#include "voisins-server-auth.h"
#include "voisins-server-cmd-members.h"
#include "voisins-server-cmd-spreadsheet.h"
#include "voisins-db-backup.h"
#include "voisins-server-config.h"
#include "voisins-server-listener.h"
#include "voisins-server-sqlite.h"
#include "voisins-server-workers.h"

#define DEMO_PASSWORD "voisins-demo"

char *voisins_server_cmd_association;
const char *const *voisins_server_cmd_args;

static char *opt_config;
static char *opt_database;
/* PostgreSQL: the connection holding the serving lock (voisins-db-backup.h), open until
 * exit. */
static VoisinsDb *serving_lock;
static char *opt_listen;
static int opt_port = -1;
static char *opt_username;
static char *opt_role;
static char *opt_password_file;
static gboolean opt_password_stdin;
static int opt_seed = 42;
static int opt_posts;
static int opt_members;
static char *opt_to;
static char *opt_from;
static char *opt_workers;
static char **original_argv;

static const GOptionEntry entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config, "Key file with a [server] group", "FILE" },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database,
    "SQLite database FILE or postgresql:// URI", "FILE|URI" },
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen, "Address to listen on (127.0.0.1)", "ADDR" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, "Port (0: any free port)", "PORT" },
  { "association", 0, 0, G_OPTION_ARG_STRING, &voisins_server_cmd_association,
    "add-user, set-association, import-addresses: association id", "ID" },
  { "username", 0, 0, G_OPTION_ARG_STRING, &opt_username, "add-user, reset-password: user name",
    "NAME" },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, "add-user: volunteer, coordinator or admin",
    "ROLE" },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file, "Read the password from FILE",
    "FILE" },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_password_stdin,
    "Read the password from standard input", NULL },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "import-demo: random seed", "N" },
  { "posts", 0, 0, G_OPTION_ARG_INT, &opt_posts, "import-demo: number of posts", "N" },
  { "members", 0, 0, G_OPTION_ARG_INT, &opt_members, "import-demo: number of members", "N" },
  { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to, "backup, export-members: destination file",
    "FILE" },
  { "from", 0, 0, G_OPTION_ARG_FILENAME, &opt_from, "restore: backup file", "FILE" },
  { "workers", 0, 0, G_OPTION_ARG_STRING, &opt_workers,
    "serve: processes serving the port and database (1; auto: one per core)", "N" },
  { NULL }
};

static int
fail (const char *what,
      GError     *error)
{
  g_printerr ("voisins-server: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

static char *
read_password (GError **error)
{
  g_autofree char *text = NULL;

  if (opt_password_file)
    {
      if (!g_file_get_contents (opt_password_file, &text, NULL, error))
        return NULL;
    }
  else if (opt_password_stdin)
    {
      char buf[1100];

      if (fgets (buf, sizeof buf, stdin) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No password on stdin");
          return NULL;
        }
      text = g_strdup (buf);
    }
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Give --password-file FILE or --password-stdin");
      return NULL;
    }

  g_strchomp (text);
  if (strlen (text) < 8 || strlen (text) > 1024)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The password must have 8 to 1024 characters");
      return NULL;
    }
  return g_steal_pointer (&text);
}

typedef struct
{
  GMainLoop     *loop;
  VoisinsServer *server;
  gboolean       stopping;
} ServeState;

static gboolean
quit_cb (gpointer user_data)
{
  ServeState *state = user_data;

  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

static void
shutdown_done (gpointer user_data)
{
  /* The last answers were just unpaused: give the main loop a moment to write them. */
  g_timeout_add (250, quit_cb, user_data);
}

static gboolean
on_signal (gpointer user_data)
{
  ServeState *state = user_data;

  if (!state->stopping)
    {
      state->stopping = TRUE;
      g_message ("Stopping: finishing the requests in flight");
      voisins_server_shutdown (state->server, G_CALLBACK (shutdown_done), state);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_purge (gpointer user_data)
{
  voisins_server_purge (VOISINS_SERVER (user_data));
  return G_SOURCE_CONTINUE;
}

static int
serve (VoisinsServerConfig *config,
       VoisinsServerSqlite *storage)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VoisinsServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  ServeState state = { loop, NULL, FALSE };
  guint sigterm, sigint, purge;
  const char *busy = g_getenv ("VOISINS_SERVER_TEST_BUSY");

  if (config->workers > 1)
    {
      /* The workers open the database (migrated above) themselves. */
      voisins_server_sqlite_close (storage);
      return voisins_server_workers_run (config, (const char *const *) original_argv);
    }
  if (busy)
    voisins_server_sqlite_set_test_busy (storage, atoi (busy));
  voisins_server_sqlite_set_pull_page_bytes (storage, config->pull_page_bytes);
  voisins_server_sqlite_set_restore_grace (storage, config->restore_grace);
  voisins_server_sqlite_set_push_quota (storage, config->push_quota);

  /* Descriptors are the one resource a flood of connections exhausts: take all we may. */
  if (voisins_server_raise_fd_limit () < (guint64) config->max_connections + 64)
    g_warning ("The file descriptor limit is low for max-connections=%u: raise LimitNOFILE",
               config->max_connections);

  server = voisins_server_new (config, VOISINS_SERVER_STORAGE (storage));
  if (!voisins_server_start (server, &uri, &error))
    return fail ("cannot listen", error);

  /* Before the line below: whoever reads it may stop the server at once, and a SIGTERM
   * before the handler is in place would kill it without a clean shutdown. */
  state.server = server;
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &state);
  sigint = g_unix_signal_add (SIGINT, on_signal, &state);

  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  /* Tests and scripts parse this line. */
  printf ("listening on %s\n", uri);
  fflush (stdout);

  voisins_server_purge (server);
  purge = g_timeout_add_seconds (config->purge_interval, on_purge, server);

  g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_source_remove (purge);
  g_clear_object (&server);
  voisins_server_sqlite_close (storage);
  g_message ("Stopped");
  return 0;
}

static int
import_demo (VoisinsServerConfig *config,
             VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = voisins_demo_find_data_dir ();
  g_autofree char *hash = NULL;
  g_autoptr(VoisinsDemo) demo = NULL;
  VoisinsDemoOptions options = { 0 };
  static const struct { const char *name; VoisinsRole role; } users[] = {
    { "benevole", VOISINS_ROLE_VOLUNTEER },
    { "coordinatrice", VOISINS_ROLE_COORDINATOR },
    { "admin", VOISINS_ROLE_ADMIN },
  };
  const char *association_id;

  options.seed = opt_seed;
  options.data_dir = data_dir;
  /* Built around today, so that the demo's dates read naturally. */
  options.now = g_get_real_time () / G_USEC_PER_SEC;
  options.n_posts = MAX (opt_posts, 0);
  options.n_members = MAX (opt_members, 0);
  if (!(demo = voisins_demo_generate (&options, &error)))
    return fail ("cannot generate the demo", error);
  if (!voisins_server_sqlite_import_demo (storage, demo, &error))
    return fail ("cannot import the demo", error);

  association_id = voisins_association_get_id (demo->association);
  /* The demo members' addresses are BAN's: with the base loaded, the server checks every
   * address typed afterwards, as for a real association. */
  if (voisins_server_cmd_load_demo_addresses (storage, association_id, data_dir, &error) < 0)
    return fail ("cannot import the demo's address base", error);
  /* The demo quartier's street map, from the same open data, when it is there. */
  if (data_dir && voisins_server_cmd_build_demo_basemap (config, storage, association_id, data_dir,
                                                         &error) < 0)
    return fail ("cannot build the demo's basemap", error);
  if (!(hash = voisins_server_hash_password (DEMO_PASSWORD, config->fast_password_hash, &error)))
    return fail ("cannot hash", error);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *id = voisins_server_sqlite_add_user (storage, association_id, users[i].name,
                                                            users[i].role, hash, &error);
      if (id == NULL)
        return fail ("cannot add the demo users", error);
    }

  printf ("%s\n", association_id);
  g_printerr ("Demo association “%s”: %u members, %u posts. Users benevole, coordinatrice and "
              "admin, password “%s”.\n", voisins_association_get_name (demo->association),
              demo->members->len, demo->posts->len, DEMO_PASSWORD);
  return 0;
}

static int
cmd_add_user (VoisinsServerConfig *config,
              VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *id = NULL;
  const char *association = voisins_server_cmd_association;
  VoisinsRole role;

  if (!association || !opt_username || !opt_role ||
      !voisins_role_from_string (opt_role, &role) || !voisins_uuid_is_valid (association))
    {
      g_printerr ("voisins-server: add-user needs --association ID --username U "
                  "--role volunteer|coordinator|admin\n");
      return 2;
    }
  if (opt_password_file || opt_password_stdin)
    {
      if (!(password = read_password (&error)) ||
          !(hash = voisins_server_hash_password (password, config->fast_password_hash, &error)))
        return fail ("bad password", error);
    }
  if (!(id = voisins_server_sqlite_add_user (storage, association, opt_username, role, hash,
                                             &error)))
    return fail ("cannot add the user", error);
  printf ("%s\n", id);
  return 0;
}

static int
cmd_reset_password (VoisinsServerConfig *config,
                    VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;

  if (!opt_username)
    {
      g_printerr ("voisins-server: reset-password needs --username\n");
      return 2;
    }
  if (!(password = read_password (&error)) ||
      !(hash = voisins_server_hash_password (password, config->fast_password_hash, &error)))
    return fail ("bad password", error);
  if (!voisins_server_sqlite_set_password (storage, opt_username, hash, &error))
    return fail ("cannot reset the password", error);
  return 0;
}

static int
cmd_backup (VoisinsServerConfig *config,
            VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;

  if (opt_to == NULL)
    {
      g_printerr ("voisins-server: backup needs --to FILE\n");
      return 2;
    }
  if (voisins_db_uri_is_postgresql (config->database)
          ? !voisins_db_backup_pg (config->database, opt_to, &error)
          : !voisins_server_sqlite_backup (storage, opt_to, &error))
    return fail ("cannot back up", error);
  return 0;
}

static int
cmd_restore (VoisinsServerConfig *config,
             VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;

  if (opt_from == NULL)
    {
      g_printerr ("voisins-server: restore needs --from FILE (stop the server first)\n");
      return 2;
    }
  if (voisins_db_uri_is_postgresql (config->database)
          ? !voisins_db_restore_pg (config->database, opt_from, &error)
          : !voisins_server_sqlite_restore (config->database, opt_from, &error))
    return fail ("cannot restore", error);
  g_printerr ("Restored; clients will resynchronise (new epoch).\n");
  return 0;
}

static int
cmd_purge (VoisinsServerConfig *config,
           VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC - config->tombstone_horizon;

  if (!voisins_server_storage_purge (VOISINS_SERVER_STORAGE (storage), before, &error))
    return fail ("cannot purge", error);
  return 0;
}

/* The permission table as docs/api.md shows it ("Who may do what"). */
static int
cmd_rules_table (VoisinsServerConfig *config,
                 VoisinsServerSqlite *storage)
{
  g_autofree char *table = voisins_server_rules_to_markdown ();

  g_print ("%s", table);
  return 0;
}

/* The members' commands (voisins-server-cmd-members.c, -cmd-spreadsheet.c) read the
 * shared --association and the file argument. */
static int
cmd_list_inactive_members (VoisinsServerConfig *config,
                           VoisinsServerSqlite *storage)
{
  return voisins_server_cmd_list_inactive_members (config, storage,
                                                   voisins_server_cmd_association);
}

static int
cmd_import_members (VoisinsServerConfig *config,
                    VoisinsServerSqlite *storage)
{
  voisins_server_cmd_spreadsheet_set_args (voisins_server_cmd_association, opt_to,
                                           voisins_server_cmd_args[0]);
  return voisins_server_cmd_import_members (config, storage);
}

static int
cmd_export_members (VoisinsServerConfig *config,
                    VoisinsServerSqlite *storage)
{
  voisins_server_cmd_spreadsheet_set_args (voisins_server_cmd_association, opt_to, NULL);
  return voisins_server_cmd_export_members (config, storage);
}

typedef enum
{
  NEEDS_NOTHING,   /* not even the configuration */
  NEEDS_CONFIG,    /* the configuration, not an open database (restore replaces the file) */
  NEEDS_DATABASE,
} CommandNeeds;

typedef struct
{
  const char   *name;
  CommandNeeds  needs;
  guint         max_args;  /* positional arguments after the command's name */
  int         (*run) (VoisinsServerConfig *config,
                      VoisinsServerSqlite *storage);
  const char   *summary;
} Command;

/* Every command, looked up before anything is opened: a typo never creates a database. */
static const Command commands[] = {
  { "serve", NEEDS_DATABASE, 0, serve, "serve the API (the default)" },
  { "create-association", NEEDS_DATABASE, 0, voisins_server_cmd_create_association,
    "--name N --boundary FILE [--feature KEY=VALUE] [--phone P] [--email E] [--address A]" },
  { "set-association", NEEDS_DATABASE, 0, voisins_server_cmd_set_association,
    "--association ID [--name N] [--phone P] [--email E] [--address A]" },
  { "import-addresses", NEEDS_DATABASE, 1, voisins_server_cmd_import_addresses,
    "--association ID FILE (BAN CSV or GeoJSON points)" },
  { "add-user", NEEDS_DATABASE, 0, cmd_add_user,
    "--association ID --username U --role volunteer|coordinator|admin" },
  { "reset-password", NEEDS_DATABASE, 0, cmd_reset_password,
    "--username U (--password-file FILE | --password-stdin)" },
  { "basemap", NEEDS_DATABASE, 0, voisins_server_cmd_basemap,
    "--association ID --streets FILE [--extra FILE...] [--zoom 13-18] (the quartier's map)" },
  { "import-demo", NEEDS_DATABASE, 0, import_demo, "the demo quartier, its users and addresses" },
  { "backup", NEEDS_DATABASE, 0, cmd_backup, "--to FILE" },
  { "restore", NEEDS_CONFIG, 0, cmd_restore, "--from FILE (server stopped)" },
  { "purge", NEEDS_DATABASE, 0, cmd_purge, "remove old tombstones" },
  { "rules-table", NEEDS_NOTHING, 0, cmd_rules_table, "print the permission table (Markdown)" },
  { "import-members", NEEDS_DATABASE, 1, cmd_import_members,
    "--association ID FILE.csv [--dry-run] (the members' spreadsheet)" },
  { "export-members", NEEDS_DATABASE, 0, cmd_export_members,
    "--association ID [--to FILE] (as a spreadsheet)" },
  { "list-inactive-members", NEEDS_DATABASE, 0, cmd_list_inactive_members,
    "--association ID [--years N] (for the coordinators' review)" },
};

static char *
commands_help (void)
{
  GString *help = g_string_new ("Commands:\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %-20s %s\n", commands[i].name, commands[i].summary);
  return g_string_free (help, FALSE);
}

static const Command *
lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsServerConfig) config = voisins_server_config_new ();
  g_autoptr(VoisinsServerSqlite) storage = NULL;
  g_autofree char *help = commands_help ();
  const Command *command;
  const char *name = "serve";

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  /* as given: the workers are this program run again with the same arguments */
  original_argv = g_strdupv (argv);

  context = g_option_context_new ("[COMMAND] [FILE]");
  g_option_context_set_summary (context, "The Voisins association server.");
  g_option_context_set_description (context, help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, voisins_server_cmd_addresses_options ());
  g_option_context_add_group (context, voisins_server_cmd_basemap_options ());
  g_option_context_add_group (context, voisins_server_cmd_members_options ());
  g_option_context_add_group (context, voisins_server_cmd_spreadsheet_options ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("bad arguments", error);
  if (argc >= 2)
    name = argv[1];

  if (!(command = lookup_command (name)))
    {
      g_printerr ("voisins-server: unknown command “%s”\n%s", name, help);
      return 2;
    }
  if (argc > 2 + (int) command->max_args)
    {
      g_printerr ("voisins-server: %s: too many arguments (one command at a time)\n", name);
      return 2;
    }
  voisins_server_cmd_args = (const char *const *) (argc > 2 ? argv + 2 : argv + argc);

  if (command->needs == NEEDS_NOTHING)
    return command->run (config, NULL);

  if (opt_config && !voisins_server_config_load (config, opt_config, &error))
    return fail ("cannot read the configuration", error);
  if (opt_database)
    voisins_set_str (&config->database, opt_database);
  if (opt_listen)
    voisins_set_str (&config->listen, opt_listen);
  if (opt_port >= 0)
    config->port = opt_port;
  if (opt_port > 65535)
    {
      g_printerr ("voisins-server: bad port\n");
      return 2;
    }
  if (opt_workers && !voisins_server_config_parse_workers (opt_workers, &config->workers, &error))
    return fail ("bad arguments", error);
  if (g_getenv (VOISINS_SERVER_WORKER_ENV))
    {
      /* One of the parent's workers (voisins-server-workers.c): its port, shared. */
      config->port = atoi (g_getenv (VOISINS_SERVER_WORKER_ENV));
      config->reuse_port = TRUE;
      config->workers = 1;
    }

  if (!voisins_server_auth_init (&error))
    return fail ("cannot start", error);

  if (command->needs == NEEDS_CONFIG)
    return command->run (config, NULL);

  /* pg_dump needs no storage open (a running server may go on) */
  if (command->run == cmd_backup && voisins_db_uri_is_postgresql (config->database))
    return cmd_backup (config, NULL);
  /* Held (shared) until exit: a restore takes it exclusive, so neither runs under the
   * other. Kept open for the process's life on purpose. */
  if (voisins_db_uri_is_postgresql (config->database)
          ? (serving_lock = voisins_db_hold_serving_lock (config->database, &error)) == NULL
          : voisins_server_sqlite_lock (config->database, FALSE, &error) < 0)
    return fail ("cannot open the database", error);
  if (!(storage = voisins_server_sqlite_open (config->database, config->busy_timeout_ms, &error)))
    return fail ("cannot open the database", error);
  return command->run (config, storage);
}
