/* test-cli.c: voisins-cli as a script author finds it (issue 14), the real binary against a
 * real voisins-server on loopback, sometimes through the fault proxy
 *
 * Every run puts -d and --token-file after the command: options in any position. Every run
 * has XDG_DATA_HOME in a folder of its own, which must stay empty: no command falls back to
 * the default data folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fault-proxy.h"
#include "server-fixture.h"
#include "voisins-core.h"

/* The table of the README and of --help. */
enum {
  OK = 0,
  FAILED = 1,
  USAGE = 2,
  OFFLINE = 3,
  LOGIN = 4,
  SERVER = 5,
  LOCKED = 6,
  NOT_FOUND = 7,
  INVALID = 8,
  TRANSITION = 9,
  NOTICES = 10,
};

static char *xdg_home;

typedef struct
{
  char *dir;
  char *token_file;
} Folder;

static Folder *
folder_new (void)
{
  Folder *f = g_new0 (Folder, 1);
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("voisins-cli-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->token_file = g_build_filename (f->dir, "token", NULL);
  return f;
}

static void
folder_free (Folder *f)
{
  g_free (f->dir);
  g_free (f->token_file);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Folder, folder_free)

static const char *
cli_binary (void)
{
  static char *path;

  if (path == NULL)
    path = g_build_filename (g_getenv ("VOISINS_BUILD_DIR"), "src", "cli", "voisins-cli", NULL);
  return path;
}

/* Runs voisins-cli with @argv (NULL-terminated, without the program), @input on stdin;
 * returns the exit status, stdout and stderr. */
static int
run_argv (const char * const  *argv,
          const char          *input,
          const char          *timeout,
          char               **out,
          char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;

  g_ptr_array_add (full, (gpointer) cli_binary ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "VOISINS_SYNC_TIMEOUT", timeout ? timeout : "3", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "VOISINS_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &o, &e, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  g_test_message ("voisins-cli %s %s: exit %d\n%s%s", argv[0], argv[1] ? argv[1] : "",
                  g_subprocess_get_exit_status (proc), o, e);
  /* Nothing ever lands in the default folder. */
  {
    g_autofree char *def = g_build_filename (xdg_home, "voisins", NULL);
    g_assert_false (g_file_test (def, G_FILE_TEST_EXISTS));
  }

  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);

  return g_subprocess_get_exit_status (proc);
}

/* voisins-cli ARGS... -d DIR --token-file FILE */
static int
run (Folder      *f,
     const char  *input,
     char       **out,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
run (Folder      *f,
     const char  *input,
     char       **out,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) "-d");
  g_ptr_array_add (argv, f->dir);
  g_ptr_array_add (argv, (gpointer) "--token-file");
  g_ptr_array_add (argv, f->token_file);
  g_ptr_array_add (argv, NULL);

  return run_argv ((const char * const *) argv->pdata, input, NULL, out, NULL);
}

static JsonNode *
parse_one (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* The whole of stdout is one document: nothing before or after it. */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
login (Folder     *f,
       const char *url,
       const char *user)
{
  g_assert_cmpint (run (f, VS_PASSWORD "\n", NULL, "login", url, user, NULL), ==, OK);
}

static char *
add_post (Folder     *f,
          const char *title,
          const char *body)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run (f, NULL, &out, "post", "add", "--title", title, "--body", body, NULL),
                   ==, OK);
  g_strstrip (out);
  g_assert_true (voisins_uuid_is_valid (out));
  return g_steal_pointer (&out);
}

static int
sync_json (Folder      *f,
           JsonObject **summary)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  int code = run (f, NULL, &out, "sync", "--json", NULL);

  node = parse_one (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  if (summary != NULL)
    *summary = json_object_ref (json_node_get_object (node));
  return code;
}

static JsonArray *
conflicts_json (Folder *f)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (run (f, NULL, &out, "conflicts", "--json", NULL), ==, OK);
  node = parse_one (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static JsonObject *
local_post (Folder     *f,
            const char *id)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *posts;

  g_assert_cmpint (run (f, NULL, &out, "posts", "list", "--all", "--json", NULL), ==, OK);
  node = parse_one (out);
  posts = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonObject *p = json_array_get_object_element (posts, i);

      if (g_str_equal (json_object_get_string_member (p, "id"), id))
        return json_object_ref (p);
    }
  return NULL;
}

static guint
count_posts (Folder *f)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (run (f, NULL, &out, "post", "list", "--all", "--json", NULL), ==, OK);
  node = parse_one (out);
  return json_array_get_length (json_node_get_array (node));
}

static gint64
sessions (VsServer *server)
{
  return vs_db_count (server, "SELECT count(*) FROM tokens WHERE revoked_at IS NULL");
}

/* --- help ------------------------------------------------------------------------------ */

static const char * const commands[] = {
  "login", "sync", "status", "posts list", "post add", "post edit", "post close",
  "conflicts", "conflicts resolve", "logout", "help",
};

static void
test_help_pages (void)
{
  g_autofree char *main_help = NULL;

  g_assert_cmpint (run_argv ((const char *[]) { "--help", NULL }, NULL, NULL, &main_help, NULL),
                   ==, OK);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (main_help, commands[i]));
  g_assert_nonnull (strstr (main_help, "VOISINS_SYNC_TIMEOUT"));
  /* The whole exit table. */
  for (guint code = 0; code <= NOTICES; code++)
    {
      g_autofree char *row = g_strdup_printf ("\n%*s%2u  ", 7, "", code);
      g_assert_nonnull (strstr (main_help, row));
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(GStrv) words = g_strsplit (commands[i], " ", -1);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GPtrArray) help_argv = g_ptr_array_new ();
      g_autofree char *out = NULL, *out2 = NULL;

      for (guint w = 0; words[w]; w++)
        g_ptr_array_add (argv, words[w]);
      g_ptr_array_add (argv, (gpointer) "--help");
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (run_argv ((const char * const *) argv->pdata, NULL, NULL, &out, NULL),
                       ==, OK);
      g_assert_true (g_str_has_prefix (out, "NAME\n"));
      g_assert_nonnull (strstr (out, "\nSYNOPSIS\n"));
      g_assert_nonnull (strstr (out, "\nDESCRIPTION\n"));
      g_assert_nonnull (strstr (out, "\nEXIT STATUS\n"));
      if (!g_str_equal (commands[i], "help"))
        g_assert_nonnull (strstr (out, "\nOPTIONS\n"));

      /* "help COMMAND" says the same. */
      g_ptr_array_add (help_argv, (gpointer) "help");
      for (guint w = 0; words[w]; w++)
        g_ptr_array_add (help_argv, words[w]);
      g_ptr_array_add (help_argv, NULL);
      g_assert_cmpint (run_argv ((const char * const *) help_argv->pdata, NULL, NULL, &out2,
                                 NULL), ==, OK);
      g_assert_cmpstr (out, ==, out2);
    }

  /* Every option that post add takes is documented, --id included. */
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (run_argv ((const char *[]) { "post", "add", "-h", NULL }, NULL, NULL, &out,
                               NULL), ==, OK);
    for (const char * const *o = (const char *[]) { "--title", "--body", "--kind", "--category",
                                                    "--author", "--id", NULL }; *o; o++)
      g_assert_nonnull (strstr (out, *o));
    g_assert_null (strstr (out, "Give the post a title"));
  }
}

static void
test_help_never_acts (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Folder) f = folder_new ();
  g_autofree char *db = g_build_filename (f->dir, "voisins.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  guint requests;
  gint64 n_sessions;

  login (f, fault_proxy_get_url (proxy), "vol");
  id = add_post (f, "Courses du mardi", "Deux sacs");
  requests = fault_proxy_get_count (proxy);
  n_sessions = sessions (w->server);

  /* logout --help logs nobody out and erases nothing. */
  g_assert_cmpint (run (f, NULL, &out, "logout", "--help", NULL), ==, OK);
  g_assert_nonnull (strstr (out, "SYNOPSIS"));
  g_assert_cmpint (run (f, NULL, NULL, "logout", "--force", "--help", NULL), ==, OK);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->token_file, G_FILE_TEST_EXISTS));
  g_assert_nonnull (local_post (f, id));
  g_assert_cmpint (sessions (w->server), ==, n_sessions);

  /* sync --help sends nothing. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, NULL, &out, "sync", "--help", NULL), ==, OK);
  g_assert_null (strstr (out, "Synced"));
  g_assert_cmpint (run (f, NULL, NULL, "help", "sync", NULL), ==, OK);
  g_assert_cmpuint (fault_proxy_get_count (proxy), ==, requests);

  /* post add --help adds nothing, even where --help looks like a title. */
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--help", NULL), ==, OK);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "--help", NULL), ==, OK);
  g_assert_cmpint (run (f, NULL, NULL, "post", "close", id, "done", "--help", NULL), ==, OK);
  g_assert_cmpint (run (f, NULL, NULL, "login", "http://127.0.0.1:9", "vol", "--help", NULL),
                   ==, OK);
  g_assert_cmpuint (count_posts (f), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (local_post (f, id), "status"), ==, "open");
  g_assert_cmpuint (fault_proxy_get_count (proxy), ==, requests);
  g_assert_cmpint (sessions (w->server), ==, n_sessions);

  /* And the data is still there to sync. */
  g_assert_cmpint (sync_json (f, NULL), ==, OK);
  g_assert_cmpuint (fault_proxy_get_count (proxy), >, requests);
}

/* --- options --------------------------------------------------------------------------- */

static void
test_options_anywhere (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) f = folder_new ();
  g_autofree char *data_dir_eq = NULL, *out = NULL, *id = NULL;
  g_autoptr(JsonObject) post = NULL;

  login (f, w->server->base_url, "vol");

  /* status -d DIR reads DIR (run_argv checks the default folder stays empty). */
  g_assert_cmpint (run_argv ((const char *[]) { "status", "-d", f->dir, "--token-file",
                                                f->token_file, NULL }, NULL, NULL, &out, NULL),
                   ==, OK);
  g_assert_nonnull (strstr (out, w->server->base_url));

  /* Before, between and after; --name=VALUE and -dDIR. */
  data_dir_eq = g_strconcat ("--data-dir=", f->dir, NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_argv ((const char *[]) { data_dir_eq, "post", "--kind", "offer", "add",
                                                "--title=Perceuse", "--category", "lending",
                                                NULL }, NULL, NULL, &out, NULL), ==, OK);
  id = g_strstrip (g_steal_pointer (&out));
  post = local_post (f, id);
  g_assert_cmpstr (json_object_get_string_member (post, "title"), ==, "Perceuse");
  g_assert_cmpstr (json_object_get_string_member (post, "kind"), ==, "offer");
  g_assert_cmpstr (json_object_get_string_member (post, "category"), ==, "lending");

  {
    g_autofree char *short_d = g_strconcat ("-d", f->dir, NULL);

    g_assert_cmpint (run_argv ((const char *[]) { "post", "edit", id, short_d, "--body",
                                                  "Avec forets", NULL }, NULL, NULL, NULL,
                               NULL), ==, OK);
  }
  g_clear_pointer (&post, json_object_unref);
  post = local_post (f, id);
  g_assert_cmpstr (json_object_get_string_member (post, "body"), ==, "Avec forets");

  /* A value may start with a dash when it is not one of the options; "--" ends them. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_argv ((const char *[]) { "-d", f->dir, "post", "add", "--title",
                                                "-5 € le kilo", NULL }, NULL, NULL, &out,
                             NULL), ==, OK);
  g_assert_cmpint (run_argv ((const char *[]) { "-d", f->dir, "post", "list", "--", "extra",
                                                NULL }, NULL, NULL, NULL, NULL), ==, USAGE);
}

static void
test_options_refused (void)
{
  g_autoptr(Folder) f = folder_new ();
  g_autofree char *id = NULL;
  const char * const *bad[] = {
    (const char *[]) { "post", "add", "--title", NULL },             /* trailing, no value */
    (const char *[]) { "post", "add", "--title", "T", "--body", NULL },
    (const char *[]) { "post", "add", "--body", "--title", "T", NULL },
    (const char *[]) { "post", "add", "--title", "T", "--bogus", NULL },
    (const char *[]) { "post", "add", "--title", "T", "-x", NULL },
    (const char *[]) { "post", "add", "--body", "B", NULL },        /* no title */
    (const char *[]) { "post", "add", "--title", "T", "stray", NULL },
    (const char *[]) { "posts", "list", "--title", "T", NULL },     /* not its option */
    (const char *[]) { "posts", "list", "--json=yes", NULL },
    (const char *[]) { "status", "extra", NULL },
    (const char *[]) { "post", "edit", NULL },
    (const char *[]) { "post", "close", "x", NULL },
    (const char *[]) { "post", NULL },
    (const char *[]) { "conflicts", "resolve", "1", NULL },         /* no --keep */
    (const char *[]) { "frobnicate", NULL },
    (const char *[]) { NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL, *err = NULL;

      for (guint j = 0; bad[i][j]; j++)
        g_ptr_array_add (argv, (gpointer) bad[i][j]);
      g_ptr_array_add (argv, (gpointer) "-d");
      g_ptr_array_add (argv, f->dir);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (run_argv ((const char * const *) argv->pdata, NULL, NULL, &out, &err),
                       ==, USAGE);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "voisins-cli: "));
    }

  /* None of them acted. */
  g_assert_cmpuint (count_posts (f), ==, 0);
  g_assert_false (g_file_test (f->token_file, G_FILE_TEST_EXISTS));
}

/* --- exit codes ------------------------------------------------------------------------ */

static void
test_exit_local (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) f = folder_new ();
  g_autofree char *id = NULL, *fixed = vs_uuid (), *out = NULL, *lock_path = NULL;
  g_autofree char *unknown = vs_uuid ();
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  int fd;

  /* Not logged in: status says so in its exit code, sync too. */
  g_assert_cmpint (run (f, NULL, &out, "status", NULL), ==, LOGIN);
  g_assert_nonnull (strstr (out, "logged in: no"));
  g_assert_cmpint (run (f, NULL, NULL, "sync", NULL), ==, LOGIN);

  login (f, w->server->base_url, "vol");
  id = add_post (f, "Arrosage", "Pendant les vacances");

  g_assert_cmpint (run (f, NULL, NULL, "post", "edit", unknown, "--title", "X", NULL), ==,
                   NOT_FOUND);
  g_assert_cmpint (run (f, NULL, NULL, "post", "close", unknown, "done", NULL), ==, NOT_FOUND);
  g_assert_cmpint (run (f, NULL, NULL, "conflicts", "resolve", "999", "--keep", "theirs", NULL),
                   ==, NOT_FOUND);

  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "T", "--kind", "gift", NULL),
                   ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "T", "--category", "x", NULL),
                   ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "", NULL), ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "T", "--id", "nope", NULL),
                   ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "Tondeuse", "--id", fixed, NULL),
                   ==, OK);
  /* A script run twice does not make two posts, nor overwrite the first. */
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "Taille-haie", "--id", fixed, NULL),
                   ==, INVALID);
  g_assert_cmpstr (json_object_get_string_member (local_post (f, fixed), "title"), ==, "Tondeuse");
  g_assert_cmpint (run (f, NULL, NULL, "post", "close", id, "reopened", NULL), ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "conflicts", "resolve", "x", "--keep", "mine", NULL),
                   ==, INVALID);
  g_assert_cmpint (run (f, NULL, NULL, "conflicts", "resolve", "1", "--keep", "both", NULL),
                   ==, INVALID);

  g_assert_cmpint (run (f, NULL, NULL, "post", "close", id, "done", NULL), ==, OK);
  /* Done and cancelled do not swap (reopening is the way back); the exit code says so. */
  g_assert_cmpint (run (f, NULL, NULL, "post", "close", id, "cancelled", NULL), ==, TRANSITION);
  g_assert_cmpstr (json_object_get_string_member (local_post (f, id), "status"), ==, "done");

  /* Changes not sent: logout refuses and keeps everything. */
  g_assert_cmpint (run (f, NULL, NULL, "logout", NULL), ==, FAILED);
  g_assert_cmpuint (count_posts (f), ==, 2);

  /* Someone else has the folder. */
  lock_path = g_build_filename (f->dir, "voisins.lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fcntl (fd, F_SETLK, &fl), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, "status", NULL), ==, LOCKED);
  g_assert_cmpint (run (f, NULL, NULL, "post", "add", "--title", "T", NULL), ==, LOCKED);
  close (fd);
  g_assert_cmpuint (count_posts (f), ==, 2);
}

static void
assert_sync_fails (Folder     *f,
                   const char *timeout,
                   int         expected,
                   const char *code_name)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj, *error;
  const char *argv[] = { "sync", "--json", "-d", f->dir, "--token-file", f->token_file, NULL };

  g_assert_cmpint (run_argv (argv, NULL, timeout, &out, &err), ==, expected);
  node = parse_one (out);
  obj = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (obj, "ok"));
  error = json_object_get_object_member (obj, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code_name);
  g_assert_cmpint (json_object_get_int_member (error, "exit"), ==, expected);
  g_assert_cmpint (json_object_get_int_member (obj, "pending"), ==, 1);
  g_assert_nonnull (strstr (err, "sync failed"));
}

static void
test_exit_network (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Folder) f = folder_new ();
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *id = NULL;

  login (f, fault_proxy_get_url (proxy), "vol");
  g_assert_cmpint (sync_json (f, NULL), ==, OK);
  id = add_post (f, "Promenade du chien", "Le matin");

  fault_proxy_set_fault (proxy, FAULT_REFUSE, 1);
  assert_sync_fails (f, NULL, OFFLINE, "offline");
  /* Cut in the middle of the answer: offline too, so that a script retries. */
  for (guint pass = 0; pass < 2; pass++)  /* the push, then the pull */
    {
      fault_proxy_set_fault_after (proxy, pass, FAULT_TRUNCATED, 1);
      assert_sync_fails (f, NULL, OFFLINE, "offline");
    }
  fault_proxy_set_fault (proxy, FAULT_STALL, 1);
  assert_sync_fails (f, "1", OFFLINE, "offline");
  fault_proxy_set_fault (proxy, FAULT_503, 1);
  assert_sync_fails (f, NULL, OFFLINE, "offline");
  fault_proxy_set_fault (proxy, FAULT_500, 1);
  assert_sync_fails (f, NULL, SERVER, "server");
  fault_proxy_set_fault (proxy, FAULT_GARBAGE, 1);
  assert_sync_fails (f, NULL, SERVER, "server");

  /* A token the server does not know: log in again. */
  g_assert_true (g_file_set_contents (f->token_file, "not-a-token", -1, NULL));
  assert_sync_fails (f, NULL, LOGIN, "login");
  g_assert_cmpint (run (f, "wrong password\n", NULL, "login", fault_proxy_get_url (proxy), "vol",
                        NULL), ==, LOGIN);

  /* Back in: the post that waited through all that goes out. */
  login (f, fault_proxy_get_url (proxy), "vol");
  g_assert_cmpint (sync_json (f, &summary), ==, OK);
  g_assert_true (json_object_get_boolean_member (summary, "ok"));
  g_assert_cmpint (json_object_get_int_member (summary, "pending"), ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"),
                   ==, 1);

  /* The server is gone. */
  vs_server_stop (w->server, FALSE);
  add_post (f, "Encore une", "");
  assert_sync_fails (f, NULL, OFFLINE, "offline");
}

/* A server whose answer stops after @cut bytes, once. */
typedef struct
{
  GSocketListener *listener;
  const char      *answer;
  gsize            cut;
} CutServer;

static gpointer
cut_server_thread (gpointer data)
{
  CutServer *cs = data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  GInputStream *in;
  char buf[4096];
  gssize n;

  conn = g_socket_listener_accept (cs->listener, NULL, NULL, NULL);
  if (conn == NULL)
    return NULL;
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  while (strstr (request->str, "\r\n\r\n") == NULL &&
         (n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (request, buf, n);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), cs->answer,
                             cs->cut, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

/* A connection cut anywhere in an answer, headers or body, with or without a length: exit 3
 * (offline), never 5, so that a script that retries on 3 retries. */
static void
test_exit_cut_anywhere (void)
{
  static const char body[] = "{\"token\":\"0123456789abcdef\",\"user\":{\"id\":\"x\"}}";
  g_autofree char *with_length = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: %zu\r\n"
                                                  "Connection: close\r\n\r\n%s",
                                                  strlen (body), body);
  g_autofree char *chunked = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Transfer-Encoding: chunked\r\n\r\n"
                                              "%zx\r\n%s\r\n0\r\n\r\n", strlen (body), body);
  g_autofree char *until_close = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Connection: close\r\n\r\n%s", body);
  const char *answers[] = { with_length, chunked, until_close };

  for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
    for (gsize cut = 0; cut < strlen (answers[a]); cut += 2)
      {
        g_autoptr(Folder) f = folder_new ();
        g_autoptr(GSocketListener) listener = g_socket_listener_new ();
        g_autoptr(GError) error = NULL;
        g_autofree char *url = NULL, *err = NULL;
        CutServer cs = { listener, answers[a], cut };
        GThread *thread;
        guint16 port;
        const char *argv[] = { "login", NULL, "vol", "-d", f->dir, "--token-file",
                               f->token_file, NULL };

        port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
        g_assert_no_error (error);
        url = g_strdup_printf ("http://127.0.0.1:%u", port);
        argv[1] = url;
        thread = g_thread_new ("cut-server", cut_server_thread, &cs);
        g_assert_cmpint (run_argv (argv, VS_PASSWORD "\n", NULL, NULL, &err), ==, OFFLINE);
        g_socket_listener_close (listener);
        g_thread_join (thread);
        g_assert_false (g_file_test (f->token_file, G_FILE_TEST_EXISTS));
      }
}

/* --- machine-readable output ----------------------------------------------------------- */

static void
test_json (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) f = folder_new ();
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) post = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out = NULL, *id = NULL;
  JsonObject *status;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  /* status --json when not logged in: still one document, and exit 4. */
  g_assert_cmpint (run (f, NULL, &out, "status", "--json", NULL), ==, LOGIN);
  node = parse_one (out);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (node), "logged_in"));
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "server"));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  login (f, w->server->base_url, "vol");
  id = add_post (f, "Cours de français", "Le jeudi\tsoir\nà la maison de quartier");

  /* A post created here has its time of change, before and after the sync. */
  post = local_post (f, id);
  g_assert_cmpint (json_object_get_int_member (post, "updated_at"), >=, before);
  g_clear_pointer (&post, json_object_unref);

  g_assert_cmpint (run (f, NULL, &out, "status", "--json", NULL), ==, OK);
  node = parse_one (out);
  status = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (status, "logged_in"));
  g_assert_cmpstr (json_object_get_string_member (status, "server"), ==, w->server->base_url);
  g_assert_cmpstr (json_object_get_string_member (status, "user"), ==, "vol");
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 1);
  g_assert_true (json_object_get_null_member (status, "last_sync"));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (sync_json (f, &summary), ==, OK);
  g_assert_true (json_object_get_boolean_member (summary, "ok"));
  for (const char * const *m = (const char *[]) { "new_requests", "new_offers", "updated",
                                                  "deleted", "resets", "new_notices", "notices",
                                                  "pending", NULL }; *m; m++)
    g_assert_true (json_object_has_member (summary, *m));
  g_assert_cmpint (json_object_get_int_member (summary, "pending"), ==, 0);

  post = local_post (f, id);
  g_assert_cmpint (json_object_get_int_member (post, "updated_at"), >=, before);
  g_assert_cmpint (json_object_get_int_member (post, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (post, "body"), ==,
                   "Le jeudi\tsoir\nà la maison de quartier");
  /* The server has it too. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"
                                           " AND json_extract (data, '$.updated_at') > 0"), ==, 1);

  g_assert_cmpint (run (f, NULL, &out, "status", "--json", NULL), ==, OK);
  node = parse_one (out);
  status = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (status, "last_sync"), >=, before);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (status, "cursors")),
                   ==, 1);

  g_assert_cmpuint (json_array_get_length (conflicts_json (f)), ==, 0);
}

/* --- conflicts ------------------------------------------------------------------------- */

static const char *
member_string (JsonObject *o,
               const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static void
test_conflicts_resolve (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) mine = folder_new ();
  g_autoptr(Folder) theirs = folder_new ();
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *id = NULL, *out = NULL, *notice_id = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *n;

  login (mine, w->server->base_url, "coord");
  login (theirs, w->server->base_url, "adm");
  id = add_post (mine, "Bricolage", "Une étagère");
  g_assert_cmpint (sync_json (mine, NULL), ==, OK);
  g_assert_cmpint (sync_json (theirs, NULL), ==, OK);

  /* Both change the text; theirs reaches the server first. */
  g_assert_cmpint (run (theirs, NULL, NULL, "post", "edit", id, "--body", "Deux étagères", NULL),
                   ==, OK);
  g_assert_cmpint (sync_json (theirs, NULL), ==, OK);
  g_assert_cmpint (run (mine, NULL, NULL, "post", "edit", id, "--body",
                        "Une étagère\net\tun cadre", NULL), ==, OK);
  g_assert_cmpint (sync_json (mine, &summary), ==, NOTICES);
  g_assert_cmpint (json_object_get_int_member (summary, "new_notices"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "notices"), ==, 1);

  /* The text output: one line per notice, the texts escaped. */
  g_assert_cmpint (run (mine, NULL, &out, "conflicts", NULL), ==, OK);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[1], ==, "");
  {
    g_auto(GStrv) fields = g_strsplit (lines[0], "\t", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 6);
    g_assert_cmpstr (fields[1], ==, "conflict");
    g_assert_cmpstr (fields[2], ==, id);
    g_assert_cmpstr (fields[3], ==, "body");
    g_assert_cmpstr (fields[4], ==, "yours=Une étagère\\net\\tun cadre");
    g_assert_cmpstr (fields[5], ==, "theirs=Deux étagères");
    notice_id = g_strdup (fields[0]);
  }

  notices = conflicts_json (mine);
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  n = json_array_get_object_element (notices, 0);
  g_assert_cmpint (json_object_get_int_member (n, "id"), ==, g_ascii_strtoll (notice_id, NULL, 10));
  g_assert_cmpstr (member_string (n, "kind"), ==, "conflict");
  g_assert_cmpstr (member_string (n, "entity_id"), ==, id);
  g_assert_cmpstr (member_string (n, "yours"), ==, "Une étagère\net\tun cadre");
  g_assert_cmpstr (member_string (n, "theirs"), ==, "Deux étagères");

  /* Keep mine: written back, sent, and the other side gets it. */
  g_assert_cmpint (run (mine, NULL, NULL, "conflicts", "resolve", notice_id, "--keep", "mine",
                        NULL), ==, OK);
  g_clear_pointer (&notices, json_array_unref);
  notices = conflicts_json (mine);
  g_assert_cmpuint (json_array_get_length (notices), ==, 0);
  g_assert_cmpint (run (mine, NULL, NULL, "conflicts", "resolve", notice_id, "--keep", "mine",
                        NULL), ==, NOT_FOUND);
  g_assert_cmpstr (member_string (local_post (mine, id), "body"), ==, "Une étagère\net\tun cadre");
  g_clear_pointer (&summary, json_object_unref);
  g_assert_cmpint (sync_json (mine, &summary), ==, OK);
  g_assert_cmpint (json_object_get_int_member (summary, "pending"), ==, 0);
  g_assert_cmpint (sync_json (theirs, NULL), ==, OK);
  g_assert_cmpstr (member_string (local_post (theirs, id), "body"), ==,
                   "Une étagère\net\tun cadre");

  /* Again, and this time keep theirs: nothing goes out. */
  g_assert_cmpint (run (theirs, NULL, NULL, "post", "edit", id, "--title", "Bricolage (fait)",
                        NULL), ==, OK);
  g_assert_cmpint (sync_json (theirs, NULL), ==, OK);
  g_assert_cmpint (run (mine, NULL, NULL, "post", "edit", id, "--title", "Bricolage samedi",
                        NULL), ==, OK);
  g_assert_cmpint (sync_json (mine, NULL), ==, NOTICES);
  g_clear_pointer (&notices, json_array_unref);
  notices = conflicts_json (mine);
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  n = json_array_get_object_element (notices, 0);
  g_assert_cmpstr (member_string (n, "field"), ==, "title");
  g_free (notice_id);
  notice_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (n, "id"));
  g_assert_cmpint (run (mine, NULL, NULL, "conflicts", "resolve", "--keep", "theirs", notice_id,
                        NULL), ==, OK);
  g_assert_cmpstr (member_string (local_post (mine, id), "title"), ==, "Bricolage (fait)");
  g_clear_pointer (&summary, json_object_unref);
  g_assert_cmpint (sync_json (mine, &summary), ==, OK);
  g_assert_cmpint (json_object_get_int_member (summary, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "notices"), ==, 0);
  g_assert_cmpint (sync_json (theirs, NULL), ==, OK);
  g_assert_cmpstr (member_string (local_post (theirs, id), "title"), ==, "Bricolage (fait)");
}

static void
test_refusal_resolve (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) coord = folder_new ();
  g_autoptr(Folder) vol = folder_new ();
  g_autoptr(JsonArray) notices = NULL;
  g_autofree char *id = NULL, *notice_id = NULL;
  JsonObject *n;

  login (coord, w->server->base_url, "coord");
  login (vol, w->server->base_url, "vol");
  id = add_post (coord, "Garde d'enfants", "Mercredi");
  g_assert_cmpint (sync_json (coord, NULL), ==, OK);
  g_assert_cmpint (sync_json (vol, NULL), ==, OK);

  /* A volunteer may not change a post a coordinator recorded: the server refuses. */
  g_assert_cmpint (run (vol, NULL, NULL, "post", "edit", id, "--body", "Jeudi", NULL), ==, OK);
  g_assert_cmpint (sync_json (vol, NULL), ==, NOTICES);
  notices = conflicts_json (vol);
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  n = json_array_get_object_element (notices, 0);
  g_assert_cmpstr (member_string (n, "kind"), ==, "rejected");
  g_assert_nonnull (member_string (n, "code"));
  notice_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (n, "id"));

  /* There is no version of the volunteer's to keep. */
  g_assert_cmpint (run (vol, NULL, NULL, "conflicts", "resolve", notice_id, "--keep", "mine",
                        NULL), ==, INVALID);
  g_assert_cmpint (run (vol, NULL, NULL, "conflicts", "resolve", notice_id, "--keep", "theirs",
                        NULL), ==, OK);
  g_clear_pointer (&notices, json_array_unref);
  notices = conflicts_json (vol);
  g_assert_cmpuint (json_array_get_length (notices), ==, 0);
  g_assert_cmpint (sync_json (vol, NULL), ==, OK);
}

/* --- login ----------------------------------------------------------------------------- */

static void
test_login_needs_token_file (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Folder) f = folder_new ();
  g_autofree char *err = NULL, *nowhere = g_build_filename (f->dir, "no", "such", "token", NULL);
  gint64 n_sessions = sessions (w->server);
  guint requests = fault_proxy_get_count (proxy);
  const char *no_file[] = { "login", fault_proxy_get_url (proxy), "vol", "-d", f->dir, NULL };
  const char *bad_file[] = { "login", fault_proxy_get_url (proxy), "vol", "-d", f->dir,
                             "--token-file", nowhere, NULL };

  /* No secret store and no --token-file: refused before any request. */
  g_assert_cmpint (run_argv (no_file, VS_PASSWORD "\n", NULL, NULL, &err), ==, USAGE);
  g_assert_nonnull (strstr (err, "--token-file"));
  g_clear_pointer (&err, g_free);
  /* A token file that cannot be written: the same. */
  g_assert_cmpint (run_argv (bad_file, VS_PASSWORD "\n", NULL, NULL, &err), ==, FAILED);
  g_assert_nonnull (strstr (err, "nothing was sent"));
  g_assert_cmpuint (fault_proxy_get_count (proxy), ==, requests);
  g_assert_cmpint (sessions (w->server), ==, n_sessions);

  /* Where the token can go, one session. */
  login (f, fault_proxy_get_url (proxy), "vol");
  g_assert_cmpint (sessions (w->server), ==, n_sessions + 1);
  g_assert_cmpint (run (f, NULL, NULL, "status", NULL), ==, OK);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (f->token_file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* And logout ends it and erases the folder's data. */
  g_assert_cmpint (run (f, NULL, NULL, "logout", NULL), ==, OK);
  g_assert_false (g_file_test (f->token_file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sessions (w->server), ==, n_sessions);
  g_assert_cmpint (run (f, NULL, NULL, "status", NULL), ==, LOGIN);
}

/* --- after a restore ------------------------------------------------------------------- */

static void
set_server_url (Folder     *f,
                const char *url)
{
  g_autofree char *path = g_build_filename (f->dir, "voisins.db", NULL);
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_set_meta (store, "server_url", url, &error));
  g_assert_no_error (error);
}

static void
test_restore_summary (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Folder) f = folder_new ();
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *backup = g_build_filename (w->server->dir, "backup.db", NULL);
  g_autofree char *token = NULL;

  login (f, w->server->base_url, "vol");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Annonce %u", i);
      g_free (add_post (f, title, ""));
    }
  g_assert_cmpint (sync_json (f, &summary), ==, OK);
  g_clear_pointer (&summary, json_object_unref);
  g_free (vs_server_cli (w->server, NULL, "backup", "--to", backup, NULL));

  vs_server_stop (w->server, FALSE);
  g_free (vs_server_cli (w->server, NULL, "restore", "--from", backup, NULL));
  vs_server_start (w->server);
  set_server_url (f, w->server->base_url);

  /* Someone posts after the restore: the one new post. */
  token = vs_server_login (w->server, "coord");
  {
    g_autofree char *pid = vs_uuid ();
    g_autofree char *args = vs_post_json (pid, w->a, "Nouvelle après restauration");
    g_autofree char *client = vs_uuid ();
    guint status = 0;
    g_autoptr(JsonNode) answer = vs_push1 (w->server, token, client, 1, "post.create", args,
                                           &status);

    g_assert_cmpuint (status, ==, 200);
  }

  g_assert_cmpint (sync_json (f, &summary), ==, OK);
  g_assert_cmpint (json_object_get_int_member (summary, "resets"), >=, 1);
  /* The three it had are not news. */
  g_assert_cmpint (json_object_get_int_member (summary, "new_requests") +
                   json_object_get_int_member (summary, "new_offers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "updated"), ==, 0);
  g_assert_cmpuint (count_posts (f), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  xdg_home = g_dir_make_tmp ("voisins-cli-xdg-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/help/pages", test_help_pages);
  g_test_add_func ("/cli/help/never-acts", test_help_never_acts);
  g_test_add_func ("/cli/options/anywhere", test_options_anywhere);
  g_test_add_func ("/cli/options/refused", test_options_refused);
  g_test_add_func ("/cli/exit/local", test_exit_local);
  g_test_add_func ("/cli/exit/network", test_exit_network);
  g_test_add_func ("/cli/exit/cut-anywhere", test_exit_cut_anywhere);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/conflicts/resolve", test_conflicts_resolve);
  g_test_add_func ("/cli/conflicts/refusal", test_refusal_resolve);
  g_test_add_func ("/cli/login/needs-token-file", test_login_needs_token_file);
  g_test_add_func ("/cli/sync/restore-summary", test_restore_summary);

  ret = g_test_run ();
  g_free (xdg_home);
  return ret;
}
