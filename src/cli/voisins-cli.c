/* voisins-cli.c: the command-line client, over the same core as the app
 *
 *   voisins-cli [--data-dir DIR] login SERVER USER [--password-stdin]
 *   voisins-cli [--data-dir DIR] sync
 *   voisins-cli [--data-dir DIR] status
 *   voisins-cli [--data-dir DIR] posts list [--json] [--search TEXT] [--all]
 *   voisins-cli [--data-dir DIR] post add --title T [--body B] [--kind request|offer]
 *                                         [--category C] [--author ID]
 *   voisins-cli [--data-dir DIR] post edit ID [--title T] [--body B]
 *   voisins-cli [--data-dir DIR] post close ID (matched|done|cancelled)
 *   voisins-cli [--data-dir DIR] conflicts
 *   voisins-cli [--data-dir DIR] logout [--force]
 *
 * The CLI is for scripts and tests: it keeps the login token only where it is told,
 * in $VOISINS_TOKEN or in the --token-file FILE it writes with mode 0600. The app
 * keeps its token in the desktop's secret store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-cli"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "voisins-core.h"

/* Exit codes a script can rely on. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_OFFLINE = 3,
  EXIT_LOGIN = 4,
  EXIT_SERVER = 5,
  EXIT_LOCKED = 6,
};

static char *data_dir;
static char *token_file;

static int
fail (int         code,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static int
fail (int         code,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fputs ("voisins-cli: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);

  return code;
}

static int
exit_code_for (const GError *error)
{
  if (error->domain == VOISINS_SYNC_ERROR)
    {
      switch (error->code)
        {
        case VOISINS_SYNC_ERROR_OFFLINE:
          return EXIT_OFFLINE;
        case VOISINS_SYNC_ERROR_UNAUTHORIZED:
        case VOISINS_SYNC_ERROR_NOT_CONFIGURED:
          return EXIT_LOGIN;
        default:
          return EXIT_SERVER;
        }
    }
  return EXIT_FAILED;
}

/* One process at a time on a data folder: the app and the CLI alike. */
static int lock_fd = -1;

static gboolean
take_lock (GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, "voisins.lock", NULL);
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

  lock_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (fcntl (lock_fd, F_SETLK, &fl) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "%s is in use by another Voisins (the app or another voisins-cli); "
                   "close it and try again", data_dir);
      return FALSE;
    }

  return TRUE;
}

static VoisinsStore *
open_store (GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, "voisins.db", NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s",
                   data_dir, g_strerror (saved));
      return NULL;
    }

  if (!take_lock (error))
    return NULL;

  return voisins_store_open (path, error);
}

static char *
read_token (void)
{
  g_autofree char *contents = NULL;

  if (token_file == NULL)
    return g_strdup (g_getenv ("VOISINS_TOKEN"));

  if (!g_file_get_contents (token_file, &contents, NULL, NULL))
    return NULL;

  return g_strdup (g_strstrip (contents));
}

static gboolean
write_token (const char  *token,
             GError     **error)
{
  int fd;
  gsize len = strlen (token);

  if (token_file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "no secret store here: give --token-file FILE to keep the token "
                           "in a private file, or set VOISINS_TOKEN");
      return FALSE;
    }

  g_unlink (token_file);
  fd = g_open (token_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || write (fd, token, len) != (gssize) len)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot write %s: %s",
                   token_file, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static VoisinsSyncClient *
new_client (VoisinsStore *store)
{
  VoisinsSyncClient *client = voisins_sync_client_new (store);
  g_autofree char *token = read_token ();
  const char *timeout = g_getenv ("VOISINS_SYNC_TIMEOUT");

  voisins_sync_client_set_token (client, token);
  if (timeout != NULL)
    voisins_sync_client_set_timeout (client, (guint) g_ascii_strtoull (timeout, NULL, 10));

  return client;
}

typedef struct
{
  GMainLoop *loop;
  char      *token;
  GError    *error;
} LoginWait;

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LoginWait *w = user_data;

  w->token = voisins_sync_client_login_finish (VOISINS_SYNC_CLIENT (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

static int
cmd_login (VoisinsStore  *store,
           int            argc,
           char         **argv)
{
  g_autoptr(VoisinsSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  char password[1024] = { 0 };
  LoginWait w = { loop, NULL, NULL };

  if (argc < 3)
    return fail (EXIT_USAGE, "usage: login SERVER USER (the password is read on stdin)");

  if (fgets (password, sizeof password, stdin) == NULL)
    return fail (EXIT_USAGE, "no password on standard input");
  password[strcspn (password, "\r\n")] = '\0';

  client = new_client (store);
  voisins_sync_client_login_async (client, argv[1], argv[2], password, "voisins-cli", NULL,
                                   login_cb, &w);
  memset (password, 0, sizeof password);
  g_main_loop_run (loop);

  if (w.token == NULL)
    {
      int code = exit_code_for (w.error);
      fail (code, "%s", w.error->message);
      g_clear_error (&w.error);
      return code;
    }

  if (!write_token (w.token, &error))
    {
      memset (w.token, 0, strlen (w.token));
      g_free (w.token);
      return fail (EXIT_FAILED, "%s", error->message);
    }

  memset (w.token, 0, strlen (w.token));
  g_free (w.token);
  g_print ("Logged in to %s as %s\n", argv[1], argv[2]);

  return EXIT_OK;
}

static int
cmd_sync (VoisinsStore *store)
{
  g_autoptr(VoisinsSyncClient) client = new_client (store);
  g_autoptr(GError) error = NULL;
  VoisinsSyncSummary summary = { 0 };

  if (!voisins_sync_client_sync (client, NULL, &summary, &error))
    {
      int code = exit_code_for (error);
      fail (code, "sync failed: %s (%u changes kept for later)", error->message,
            voisins_sync_client_get_pending_changes (client));
      return code;
    }

  g_print ("Synced: %u new requests, %u new offers, %u updated, %u deleted, %u notices, "
           "%u pending\n",
           summary.new_requests, summary.new_offers, summary.updated, summary.deleted,
           summary.new_notices, voisins_sync_client_get_pending_changes (client));

  return EXIT_OK;
}

static int
cmd_status (VoisinsStore *store)
{
  g_autoptr(GHashTable) cursors = voisins_store_get_cursors (store, NULL);
  g_autofree char *url = voisins_store_get_meta (store, "server_url");
  g_autofree char *user = voisins_store_get_meta (store, "username");
  g_autoptr(GPtrArray) notices = voisins_store_list_notices (store, NULL);
  GHashTableIter iter;
  gpointer key, value;
  gint64 last = voisins_store_get_last_synced (store);

  g_print ("server: %s\nuser: %s\n", url ? url : "(none)", user ? user : "(none)");
  g_print ("pending changes: %u\n", voisins_store_count_pending (store, NULL));
  g_print ("conflicts and refusals: %u\n", notices ? notices->len : 0);
  if (last > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (last);
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
      g_print ("last sync: %s\n", when);
    }
  else
    g_print ("last sync: never\n");

  g_hash_table_iter_init (&iter, cursors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_print ("cursor %s: %s\n", (char *) key, (char *) value);

  return EXIT_OK;
}

static int
cmd_posts_list (VoisinsStore  *store,
                int            argc,
                char         **argv)
{
  gboolean json = FALSE, all = FALSE;
  const char *search = NULL;
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--all"))
        all = TRUE;
      else if (g_str_equal (argv[i], "--search") && i + 1 < argc)
        search = argv[++i];
      else
        return fail (EXIT_USAGE, "usage: posts list [--json] [--all] [--search TEXT]");
    }

  q.search = search;
  q.sort = VOISINS_POST_SORT_OLDEST;
  if (!all)
    q.status_mask = 1 << VOISINS_POST_STATUS_OPEN | 1 << VOISINS_POST_STATUS_MATCHED;

  posts = voisins_store_query_posts (store, &q, &error);
  if (posts == NULL)
    return fail (EXIT_FAILED, "%s", error->message);

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < posts->len; i++)
        json_array_add_element (array, voisins_post_to_json (posts->pdata[i]));
      root = json_node_init_array (json_node_alloc (), array);
      text = voisins_json_to_string (root);
      g_print ("%s\n", text);
      return EXIT_OK;
    }

  for (guint i = 0; i < posts->len; i++)
    {
      VoisinsPost *p = posts->pdata[i];

      g_print ("%s  %-8s %-11s %-9s %s\n", voisins_post_get_id (p),
               voisins_post_kind_to_string (voisins_post_get_kind (p)),
               voisins_category_to_string (voisins_post_get_category (p)),
               voisins_post_status_to_string (voisins_post_get_status (p)),
               voisins_post_get_title (p));
    }

  return EXIT_OK;
}

static int
cmd_post (VoisinsStore  *store,
          int            argc,
          char         **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    return fail (EXIT_USAGE, "usage: post add|edit|close ...");

  if (g_str_equal (argv[1], "add"))
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();

      for (int i = 2; i + 1 < argc; i += 2)
        {
          const char *opt = argv[i], *val = argv[i + 1];
          VoisinsPostKind kind;
          VoisinsCategory category;

          if (g_str_equal (opt, "--title"))
            voisins_post_set_title (post, val);
          else if (g_str_equal (opt, "--body"))
            voisins_post_set_body (post, val);
          else if (g_str_equal (opt, "--author"))
            voisins_post_set_author_id (post, val);
          else if (g_str_equal (opt, "--id"))
            voisins_post_set_id (post, val);
          else if (g_str_equal (opt, "--kind") && voisins_post_kind_from_string (val, &kind))
            voisins_post_set_kind (post, kind);
          else if (g_str_equal (opt, "--category") && voisins_category_from_string (val, &category))
            voisins_post_set_category (post, category);
          else
            return fail (EXIT_USAGE, "unknown option or value: %s %s", opt, val);
        }

      if (!voisins_store_create_post (store, post, &error))
        return fail (EXIT_FAILED, "%s", error->message);

      g_print ("%s\n", voisins_post_get_id (post));
      return EXIT_OK;
    }

  if (g_str_equal (argv[1], "edit") && argc >= 3)
    {
      g_autoptr(VoisinsPost) post = voisins_store_get_post (store, argv[2], &error);

      if (post == NULL)
        return fail (EXIT_FAILED, "%s", error->message);

      for (int i = 3; i + 1 < argc; i += 2)
        {
          if (g_str_equal (argv[i], "--title"))
            voisins_post_set_title (post, argv[i + 1]);
          else if (g_str_equal (argv[i], "--body"))
            voisins_post_set_body (post, argv[i + 1]);
          else
            return fail (EXIT_USAGE, "unknown option: %s", argv[i]);
        }

      if (!voisins_store_update_post (store, post, &error))
        return fail (EXIT_FAILED, "%s", error->message);

      return EXIT_OK;
    }

  if (g_str_equal (argv[1], "close") && argc >= 4)
    {
      VoisinsPostStatus status;

      if (!voisins_post_status_from_string (argv[3], &status) ||
          status == VOISINS_POST_STATUS_OPEN)
        return fail (EXIT_USAGE, "close takes matched, done, cancelled or expired");

      if (!voisins_store_set_post_status (store, argv[2], status, &error))
        return fail (EXIT_FAILED, "%s", error->message);

      return EXIT_OK;
    }

  return fail (EXIT_USAGE, "usage: post add|edit ID|close ID STATUS");
}

static int
cmd_conflicts (VoisinsStore *store)
{
  g_autoptr(GPtrArray) notices = voisins_store_list_notices (store, NULL);

  for (guint i = 0; notices && i < notices->len; i++)
    {
      VoisinsSyncNotice *n = notices->pdata[i];

      if (g_str_equal (n->kind, "conflict"))
        g_print ("conflict\t%s\t%s\tyours=%s\ttheirs=%s\n", n->entity_id, n->field,
                 n->yours ? n->yours : "", n->theirs ? n->theirs : "");
      else
        g_print ("rejected\t%s\t%s\t%s\n", n->entity_id ? n->entity_id : "",
                 n->code ? n->code : "", n->message ? n->message : "");
    }

  return EXIT_OK;
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  voisins_sync_client_logout_finish (VOISINS_SYNC_CLIENT (object), result, NULL);
  g_main_loop_quit (user_data);
}

static int
cmd_logout (VoisinsStore  *store,
            int            argc,
            char         **argv)
{
  g_autoptr(VoisinsSyncClient) client = new_client (store);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  gboolean force = argc > 1 && g_str_equal (argv[1], "--force");

  /* Refuse before anything is lost: unsynced changes need --force. */
  if (!force && voisins_store_count_pending (store, NULL) > 0)
    return fail (EXIT_FAILED, "%u changes have not been sent yet: sync first, or --force",
                 voisins_store_count_pending (store, NULL));

  voisins_sync_client_logout_async (client, NULL, logout_cb, loop);
  g_main_loop_run (loop);

  if (!voisins_store_wipe (store, force, &error))
    return fail (EXIT_FAILED, "%s", error->message);
  if (token_file != NULL)
    g_unlink (token_file);

  g_print ("Logged out; this computer's copy of the neighbours' data is erased\n");
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder of the local store", "DIR" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      "Keep the login token in this private file (where there is no secret store)", "FILE" },
    { NULL }
  };
  const char *cmd;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("COMMAND [ARGS] — login, sync, status, posts list, post add|edit|close, conflicts, logout");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (EXIT_USAGE, "%s", error->message);

  if (argc < 2)
    return fail (EXIT_USAGE, "a command is needed (login, sync, status, posts, post, conflicts, logout)");

  if (data_dir == NULL)
    data_dir = g_build_filename (g_get_user_data_dir (), "voisins", NULL);

  store = open_store (&error);
  if (store == NULL)
    return fail (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY) ? EXIT_LOCKED : EXIT_FAILED,
                 "%s", error->message);

  cmd = argv[1];
  if (g_str_equal (cmd, "login"))
    return cmd_login (store, argc - 1, argv + 1);
  if (g_str_equal (cmd, "sync"))
    return cmd_sync (store);
  if (g_str_equal (cmd, "status"))
    return cmd_status (store);
  if (g_str_equal (cmd, "posts") && argc >= 3 && g_str_equal (argv[2], "list"))
    return cmd_posts_list (store, argc - 2, argv + 2);
  if (g_str_equal (cmd, "post"))
    return cmd_post (store, argc - 1, argv + 1);
  if (g_str_equal (cmd, "conflicts"))
    return cmd_conflicts (store);
  if (g_str_equal (cmd, "logout"))
    return cmd_logout (store, argc - 1, argv + 1);

  return fail (EXIT_USAGE, "unknown command “%s”", cmd);
}
