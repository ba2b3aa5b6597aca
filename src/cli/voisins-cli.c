/* voisins-cli.c: the command-line client, over the same core as the app
 *
 *   voisins-cli [-d DIR] [--token-file FILE] COMMAND [ARGS] [OPTIONS]
 *
 * The commands, their options and the exit codes are in voisins-cli-usage.c, which
 * --help prints. The CLI is for scripts and tests: it keeps the login token only where it
 * is told, in $VOISINS_TOKEN or in the --token-file FILE it writes with mode 0600. The app
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

#include "voisins-cli-usage.h"
#include "voisins-core.h"
#include "voisins-store-notices.h"

typedef struct
{
  const CliCommand *command;
  GHashTable       *opts;   /* long name -> value ("" for a flag) */
  GPtrArray        *args;   /* the positional arguments after the command's words */
  VoisinsStore     *store;
} Cli;

static const char *data_dir;
static const char *token_file;

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

static const char *
opt (Cli        *cli,
     const char *name)
{
  return g_hash_table_lookup (cli->opts, name);
}

static const char *
arg (Cli   *cli,
     guint  i)
{
  return i < cli->args->len ? cli->args->pdata[i] : NULL;
}

/* What a store error means to a script. */
static int
exit_code_for (const GError *error)
{
  if (error->domain == VOISINS_SYNC_ERROR)
    {
      switch (error->code)
        {
        case VOISINS_SYNC_ERROR_OFFLINE:
        case VOISINS_SYNC_ERROR_BUSY:
          return CLI_EXIT_OFFLINE;
        case VOISINS_SYNC_ERROR_UNAUTHORIZED:
        case VOISINS_SYNC_ERROR_NOT_CONFIGURED:
          return CLI_EXIT_LOGIN;
        default:
          return CLI_EXIT_SERVER;
        }
    }
  if (error->domain == VOISINS_STORE_ERROR)
    {
      switch (error->code)
        {
        case VOISINS_STORE_ERROR_NOT_FOUND:
          return CLI_EXIT_NOT_FOUND;
        case VOISINS_STORE_ERROR_INVALID:
          return CLI_EXIT_INVALID;
        case VOISINS_STORE_ERROR_BUSY:
          return CLI_EXIT_LOCKED;
        default:
          return CLI_EXIT_FAILED;
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    return CLI_EXIT_LOCKED;

  return CLI_EXIT_FAILED;
}

/* During a sync the store judges what the server sent: its "invalid" is the server's. */
static int
sync_exit_code_for (const GError *error)
{
  if (g_error_matches (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID) ||
      error->domain == VOISINS_CODEC_ERROR)
    return CLI_EXIT_SERVER;

  return exit_code_for (error);
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

/* Before logging in: a session whose token cannot be kept must not be opened. */
static gboolean
check_token_destination (GError **error)
{
  g_autofree char *dir = NULL;

  if (token_file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "login needs --token-file FILE: voisins-cli has no secret store, "
                           "and a token it cannot keep would leave a session open on the "
                           "server (nothing was sent to the server)");
      return FALSE;
    }

  dir = g_path_get_dirname (token_file);
  if (g_file_test (token_file, G_FILE_TEST_IS_DIR) ||
      !g_file_test (dir, G_FILE_TEST_IS_DIR) || g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "cannot write the token to %s (no such folder, not writable, or a "
                   "folder); nothing was sent to the server", token_file);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_token (const char  *token,
             GError     **error)
{
  int fd;
  gsize len = strlen (token);

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

/* printf, not g_print: a script's locale may not be UTF-8, and the output is UTF-8. */
static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = voisins_json_to_string (root);

  printf ("%s\n", text);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
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

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  voisins_sync_client_logout_finish (VOISINS_SYNC_CLIENT (object), result, NULL);
  g_main_loop_quit (user_data);
}

static void
end_session (VoisinsSyncClient *client)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  voisins_sync_client_logout_async (client, NULL, logout_cb, loop);
  g_main_loop_run (loop);
}

static int
cmd_login (Cli *cli)
{
  g_autoptr(VoisinsSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  char password[1024] = { 0 };
  LoginWait w = { loop, NULL, NULL };
  int code;

  if (!check_token_destination (&error))
    return fail (token_file == NULL ? CLI_EXIT_USAGE : CLI_EXIT_FAILED, "%s", error->message);

  if (fgets (password, sizeof password, stdin) == NULL)
    return fail (CLI_EXIT_USAGE, "no password on standard input");
  password[strcspn (password, "\r\n")] = '\0';

  client = new_client (cli->store);
  voisins_sync_client_login_async (client, arg (cli, 0), arg (cli, 1), password, "voisins-cli",
                                   NULL, login_cb, &w);
  memset (password, 0, sizeof password);
  g_main_loop_run (loop);

  if (w.token == NULL)
    {
      code = exit_code_for (w.error);
      fail (code, "%s", w.error->message);
      g_clear_error (&w.error);
      return code;
    }

  if (!write_token (w.token, &error))
    {
      /* Checked beforehand, but the disk may still refuse: close the session again. */
      voisins_sync_client_set_token (client, w.token);
      end_session (client);
      memset (w.token, 0, strlen (w.token));
      g_free (w.token);
      return fail (CLI_EXIT_FAILED, "%s; the new session was closed on the server",
                   error->message);
    }

  memset (w.token, 0, strlen (w.token));
  g_free (w.token);
  printf ("Logged in to %s as %s\n", arg (cli, 0), arg (cli, 1));

  return CLI_EXIT_OK;
}

static guint
count_notices (VoisinsStore *store)
{
  g_autoptr(GPtrArray) notices = voisins_store_list_notices (store, NULL);

  return notices != NULL ? notices->len : 0;
}

static int
cmd_sync (Cli *cli)
{
  g_autoptr(VoisinsSyncClient) client = new_client (cli->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  VoisinsSyncSummary summary = { 0 };
  gboolean json = opt (cli, "json") != NULL;
  guint pending;
  int code;

  if (!voisins_sync_client_sync (client, NULL, &summary, &error))
    {
      code = sync_exit_code_for (error);
      pending = voisins_sync_client_get_pending_changes (client);
      if (json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ok");
          json_builder_add_boolean_value (b, FALSE);
          json_builder_set_member_name (b, "error");
          json_builder_begin_object (b);
          add_string (b, "code", cli_exit_name (code));
          add_int (b, "exit", code);
          add_string (b, "message", error->message);
          json_builder_end_object (b);
          add_int (b, "pending", pending);
          json_builder_end_object (b);
          print_json (b);
        }
      return fail (code, "sync failed: %s (%u changes kept for later)", error->message,
                   pending);
    }

  pending = voisins_sync_client_get_pending_changes (client);
  code = summary.new_notices > 0 ? CLI_EXIT_NOTICES : CLI_EXIT_OK;

  if (json)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, TRUE);
      add_int (b, "new_requests", summary.new_requests);
      add_int (b, "new_offers", summary.new_offers);
      add_int (b, "updated", summary.updated);
      add_int (b, "deleted", summary.deleted);
      add_int (b, "resets", summary.resets);
      add_int (b, "new_notices", summary.new_notices);
      add_int (b, "notices", count_notices (cli->store));
      add_int (b, "pending", pending);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    printf ("Synced: %u new requests, %u new offers, %u updated, %u deleted, %u notices, "
             "%u pending\n",
             summary.new_requests, summary.new_offers, summary.updated, summary.deleted,
             summary.new_notices, pending);

  if (code == CLI_EXIT_NOTICES)
    fail (code, "the server reported %u conflicts or refusals: see voisins-cli conflicts",
          summary.new_notices);

  return code;
}

static int
cmd_status (Cli *cli)
{
  VoisinsStore *store = cli->store;
  g_autoptr(GHashTable) cursors = voisins_store_get_cursors (store, NULL);
  g_autofree char *url = voisins_store_get_meta (store, "server_url");
  g_autofree char *user = voisins_store_get_meta (store, "username");
  g_autofree char *token = read_token ();
  g_autoptr(GList) names = NULL;
  gboolean logged_in = url != NULL && *url != '\0' && token != NULL && *token != '\0';
  guint pending = voisins_store_count_pending (store, NULL);
  guint notices = count_notices (store);
  gint64 last = voisins_store_get_last_synced (store);

  /* Sorted, so that two runs print the same thing. */
  if (cursors != NULL)
    names = g_list_sort (g_hash_table_get_keys (cursors), (GCompareFunc) strcmp);

  if (opt (cli, "json") != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "logged_in");
      json_builder_add_boolean_value (b, logged_in);
      add_string (b, "server", url);
      add_string (b, "user", user);
      add_int (b, "pending", pending);
      add_int (b, "notices", notices);
      json_builder_set_member_name (b, "last_sync");
      if (last > 0)
        json_builder_add_int_value (b, last);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "cursors");
      json_builder_begin_object (b);
      for (GList *l = names; l != NULL; l = l->next)
        add_string (b, l->data, g_hash_table_lookup (cursors, l->data));
      json_builder_end_object (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      printf ("server: %s\nuser: %s\n", url ? url : "(none)", user ? user : "(none)");
      printf ("logged in: %s\n", logged_in ? "yes" : "no");
      printf ("pending changes: %u\n", pending);
      printf ("conflicts and refusals: %u\n", notices);
      if (last > 0)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (last);
          g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
          printf ("last sync: %s\n", when);
        }
      else
        printf ("last sync: never\n");

      for (GList *l = names; l != NULL; l = l->next)
        printf ("cursor %s: %s\n", (char *) l->data,
                 (char *) g_hash_table_lookup (cursors, l->data));
    }

  if (!logged_in)
    return fail (CLI_EXIT_LOGIN, "not logged in: voisins-cli login SERVER USER");

  return CLI_EXIT_OK;
}

static int
cmd_posts_list (Cli *cli)
{
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  q.search = opt (cli, "search");
  q.sort = VOISINS_POST_SORT_OLDEST;
  if (opt (cli, "all") == NULL)
    q.status_mask = 1 << VOISINS_POST_STATUS_OPEN | 1 << VOISINS_POST_STATUS_MATCHED;

  posts = voisins_store_query_posts (cli->store, &q, &error);
  if (posts == NULL)
    return fail (exit_code_for (error), "%s", error->message);

  if (opt (cli, "json") != NULL)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < posts->len; i++)
        json_array_add_element (array, voisins_post_to_json (posts->pdata[i]));
      root = json_node_init_array (json_node_alloc (), array);
      text = voisins_json_to_string (root);
      printf ("%s\n", text);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < posts->len; i++)
    {
      VoisinsPost *p = posts->pdata[i];

      printf ("%s  %-8s %-11s %-9s %s\n", voisins_post_get_id (p),
               voisins_post_kind_to_string (voisins_post_get_kind (p)),
               voisins_category_to_string (voisins_post_get_category (p)),
               voisins_post_status_to_string (voisins_post_get_status (p)),
               voisins_post_get_title (p));
    }

  return CLI_EXIT_OK;
}

static int
cmd_post_add (Cli *cli)
{
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(GError) error = NULL;
  const char *value;

  if (opt (cli, "title") == NULL)
    return fail (CLI_EXIT_USAGE, "post add needs --title TITLE");
  voisins_post_set_title (post, opt (cli, "title"));

  if ((value = opt (cli, "body")) != NULL)
    voisins_post_set_body (post, value);
  if ((value = opt (cli, "author")) != NULL)
    voisins_post_set_author_id (post, value);

  if ((value = opt (cli, "kind")) != NULL)
    {
      VoisinsPostKind kind;

      if (!voisins_post_kind_from_string (value, &kind))
        return fail (CLI_EXIT_INVALID, "--kind takes request or offer, not “%s”", value);
      voisins_post_set_kind (post, kind);
    }

  if ((value = opt (cli, "category")) != NULL)
    {
      VoisinsCategory category;

      if (!voisins_category_from_string (value, &category))
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", voisins_category_to_string (i));
          return fail (CLI_EXIT_INVALID, "--category takes one of %s, not “%s”", names->str,
                       value);
        }
      voisins_post_set_category (post, category);
    }

  if ((value = opt (cli, "id")) != NULL)
    {
      g_autoptr(VoisinsPost) existing = NULL;

      if (!voisins_uuid_is_valid (value))
        return fail (CLI_EXIT_INVALID, "--id takes a UUID, not “%s”", value);
      /* The store would write over it: a second run of the same script must not. */
      existing = voisins_store_get_post (cli->store, value, NULL);
      if (existing != NULL)
        return fail (CLI_EXIT_INVALID, "a post with the id %s already exists", value);
      voisins_post_set_id (post, value);
    }

  if (!voisins_store_create_post (cli->store, post, &error))
    return fail (exit_code_for (error), "%s", error->message);

  printf ("%s\n", voisins_post_get_id (post));
  return CLI_EXIT_OK;
}

static int
cmd_post_edit (Cli *cli)
{
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (opt (cli, "title") == NULL && opt (cli, "body") == NULL)
    return fail (CLI_EXIT_USAGE, "post edit needs --title TITLE or --body TEXT");

  post = voisins_store_get_post (cli->store, arg (cli, 0), &error);
  if (post == NULL)
    return fail (exit_code_for (error), "%s", error->message);

  if (opt (cli, "title") != NULL)
    voisins_post_set_title (post, opt (cli, "title"));
  if (opt (cli, "body") != NULL)
    voisins_post_set_body (post, opt (cli, "body"));

  if (!voisins_store_update_post (cli->store, post, &error))
    return fail (exit_code_for (error), "%s", error->message);

  return CLI_EXIT_OK;
}

static int
cmd_post_close (Cli *cli)
{
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsPostStatus status, old;

  if (!voisins_post_status_from_string (arg (cli, 1), &status) ||
      status == VOISINS_POST_STATUS_OPEN)
    return fail (CLI_EXIT_INVALID, "close takes matched, done, cancelled or expired, not “%s”",
                 arg (cli, 1));

  post = voisins_store_get_post (cli->store, arg (cli, 0), &error);
  if (post == NULL)
    return fail (exit_code_for (error), "%s", error->message);

  /* The store says "invalid" for both; a script needs to tell a typo from a state. */
  old = voisins_post_get_status (post);
  if (!voisins_post_status_can_move (old, status))
    return fail (CLI_EXIT_TRANSITION, "the post is %s: it cannot become %s",
                 voisins_post_status_to_string (old), voisins_post_status_to_string (status));

  if (!voisins_store_set_post_status (cli->store, arg (cli, 0), status, &error))
    return fail (exit_code_for (error), "%s", error->message);

  return CLI_EXIT_OK;
}

/* One notice, one line: the texts come from post bodies. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static int
cmd_conflicts (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = voisins_store_list_notices (cli->store, &error);

  if (notices == NULL)
    return fail (exit_code_for (error), "%s", error->message);

  if (opt (cli, "json") != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < notices->len; i++)
        {
          VoisinsSyncNotice *n = notices->pdata[i];

          json_builder_begin_object (b);
          add_int (b, "id", n->id);
          add_string (b, "kind", n->kind);
          add_string (b, "entity", n->entity);
          add_string (b, "entity_id", n->entity_id);
          add_string (b, "title", n->title);
          add_string (b, "field", n->field);
          add_string (b, "yours", n->yours);
          add_string (b, "theirs", n->theirs);
          add_string (b, "code", n->code);
          add_string (b, "message", n->message);
          add_int (b, "created_at", n->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < notices->len; i++)
    {
      VoisinsSyncNotice *n = notices->pdata[i];
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "%" G_GINT64_FORMAT "\t%s\t", n->id, n->kind);
      append_escaped (line, n->entity_id);
      g_string_append_c (line, '\t');
      if (g_str_equal (n->kind, "conflict"))
        {
          append_escaped (line, n->field);
          g_string_append (line, "\tyours=");
          append_escaped (line, n->yours);
          g_string_append (line, "\ttheirs=");
          append_escaped (line, n->theirs);
        }
      else
        {
          append_escaped (line, n->code);
          g_string_append_c (line, '\t');
          append_escaped (line, n->message);
        }
      printf ("%s\n", line->str);
    }

  return CLI_EXIT_OK;
}

static int
cmd_conflicts_resolve (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  const char *keep = opt (cli, "keep");
  VoisinsSyncNotice *notice = NULL;
  gboolean keep_mine;
  gint64 id;
  char *end = NULL;

  if (keep == NULL)
    return fail (CLI_EXIT_USAGE, "conflicts resolve needs --keep mine or --keep theirs");
  if (!g_str_equal (keep, "mine") && !g_str_equal (keep, "theirs"))
    return fail (CLI_EXIT_INVALID, "--keep takes mine or theirs, not “%s”", keep);
  keep_mine = g_str_equal (keep, "mine");

  id = g_ascii_strtoll (arg (cli, 0), &end, 10);
  if (end == arg (cli, 0) || *end != '\0' || id <= 0)
    return fail (CLI_EXIT_INVALID, "a notice id is a number (the first column of conflicts), "
                 "not “%s”", arg (cli, 0));

  notices = voisins_store_list_notices (cli->store, &error);
  if (notices == NULL)
    return fail (exit_code_for (error), "%s", error->message);
  for (guint i = 0; i < notices->len && notice == NULL; i++)
    if (((VoisinsSyncNotice *) notices->pdata[i])->id == id)
      notice = notices->pdata[i];
  if (notice == NULL)
    return fail (CLI_EXIT_NOT_FOUND, "no unresolved conflict or refusal %" G_GINT64_FORMAT, id);

  if (keep_mine && !g_str_equal (notice->kind, "conflict"))
    return fail (CLI_EXIT_INVALID, "the server refused that change: there is no version of "
                 "yours to keep; settle it with --keep theirs");

  if (!voisins_store_settle_notice (cli->store, notice, keep_mine, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        return fail (CLI_EXIT_TRANSITION, "%s", error->message);
      return fail (exit_code_for (error), "%s", error->message);
    }

  return CLI_EXIT_OK;
}

static int
cmd_logout (Cli *cli)
{
  g_autoptr(VoisinsSyncClient) client = new_client (cli->store);
  g_autoptr(GError) error = NULL;
  gboolean force = opt (cli, "force") != NULL;
  guint pending = voisins_store_count_pending (cli->store, NULL);

  /* Refuse before anything is lost: unsynced changes need --force. */
  if (!force && pending > 0)
    return fail (CLI_EXIT_FAILED, "%u changes have not been sent yet: sync first, or --force",
                 pending);

  end_session (client);

  if (!voisins_store_wipe (cli->store, force, &error))
    return fail (exit_code_for (error), "%s", error->message);
  if (token_file != NULL)
    g_unlink (token_file);

  printf ("Logged out; this computer's copy of the neighbours' data is erased\n");
  return CLI_EXIT_OK;
}

static const struct
{
  const char *name;
  int (*run) (Cli *cli);
} runners[] = {
  { "login", cmd_login },
  { "sync", cmd_sync },
  { "status", cmd_status },
  { "posts list", cmd_posts_list },
  { "post add", cmd_post_add },
  { "post edit", cmd_post_edit },
  { "post close", cmd_post_close },
  { "conflicts", cmd_conflicts },
  { "conflicts resolve", cmd_conflicts_resolve },
  { "logout", cmd_logout },
};

static int
usage_error (const char *command,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const char *command,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  fputs ("voisins-cli: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  fprintf (stderr, "Try “voisins-cli %s%s--help”.\n", command ? command : "",
           command ? " " : "");

  return CLI_EXIT_USAGE;
}

/* Splits argv into options (anywhere, GNU style: --name VALUE, --name=VALUE, -d DIR,
 * -dDIR, "--" ends them) and words. Sets *problem to the first thing that is wrong. */
static void
parse_args (int          argc,
            char       **argv,
            GHashTable  *opts,
            GPtrArray   *words,
            char       **problem)
{
  gboolean dashdash = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const CliOption *option = NULL;
      g_autofree char *name = NULL;
      const char *value = NULL;

      if (dashdash || a[0] != '-' || a[1] == '\0')
        {
          g_ptr_array_add (words, (gpointer) a);
          continue;
        }
      if (g_str_equal (a, "--"))
        {
          dashdash = TRUE;
          continue;
        }

      if (a[1] == '-')
        {
          const char *eq = strchr (a, '=');

          name = eq ? g_strndup (a + 2, eq - a - 2) : g_strdup (a + 2);
          value = eq ? eq + 1 : NULL;
          option = cli_option_lookup (name);
        }
      else
        {
          option = cli_option_lookup_short (a[1]);
          name = g_strdup (option ? option->name : a + 1);
          value = a[2] != '\0' ? a + 2 : NULL;
          if (option != NULL && option->arg == NULL && value != NULL)
            option = NULL;  /* "-hx" */
        }

      if (option == NULL)
        {
          if (*problem == NULL)
            *problem = g_strdup_printf ("unknown option “%s”", a);
          continue;
        }

      if (option->arg == NULL)
        {
          if (value != NULL && *problem == NULL)
            *problem = g_strdup_printf ("--%s takes no value", option->name);
          g_hash_table_replace (opts, (gpointer) option->name, (gpointer) "");
          continue;
        }

      if (value == NULL)
        {
          /* The next word, unless there is none or it is one of our options: a trailing
           * "--title" or "--title --help" is a mistake, never a title. */
          const char *next = i + 1 < argc ? argv[i + 1] : NULL;
          gboolean next_is_option = FALSE;

          if (next != NULL && next[0] == '-' && next[1] != '\0')
            {
              g_autofree char *next_name = NULL;

              if (next[1] == '-')
                next_name = g_strndup (next + 2, strcspn (next + 2, "="));
              next_is_option = g_str_equal (next, "--") ||
                               (next[1] == '-' && cli_option_lookup (next_name) != NULL) ||
                               (next[1] != '-' && cli_option_lookup_short (next[1]) != NULL);
            }

          if (next == NULL || next_is_option)
            {
              if (*problem == NULL)
                *problem = g_strdup_printf ("--%s needs a value (%s)", option->name,
                                            option->arg);
              continue;
            }
          value = next;
          i++;
        }

      g_hash_table_replace (opts, (gpointer) option->name, (gpointer) value);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) opts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *default_dir = NULL;
  const CliCommand *command;
  gboolean help;
  guint n_words = 0;
  Cli cli = { 0 };

  setlocale (LC_ALL, "");
  /* Standard output carries the results (one JSON document with --json): log lines, even
   * with G_MESSAGES_DEBUG set, go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  parse_args (argc, argv, opts, words, &problem);
  help = g_hash_table_contains (opts, "help");
  g_ptr_array_add (words, NULL);

  if (!help && words->len > 1 && g_str_equal (words->pdata[0], "help"))
    {
      /* "help COMMAND" is "COMMAND --help". */
      g_ptr_array_remove_index (words, 0);
      help = TRUE;
    }

  command = cli_command_lookup ((const char * const *) words->pdata, &n_words);

  if (help)
    {
      /* Whatever else is wrong on the line, --help only prints. */
      if (command != NULL)
        cli_print_command_help (command);
      else if (words->pdata[0] != NULL && cli_is_group (words->pdata[0]))
        cli_print_group_help (words->pdata[0]);
      else if (words->pdata[0] != NULL)
        return usage_error (NULL, "unknown command “%s”", (char *) words->pdata[0]);
      else
        cli_print_main_help ();
      return CLI_EXIT_OK;
    }

  if (command == NULL)
    {
      if (words->pdata[0] == NULL)
        return usage_error (NULL, "a command is needed (login, sync, status, posts list, "
                            "post add|edit|close, conflicts, logout)");
      if (cli_is_group (words->pdata[0]))
        return usage_error (words->pdata[0], "“%s” needs a subcommand",
                            (char *) words->pdata[0]);
      return usage_error (NULL, "unknown command “%s”", (char *) words->pdata[0]);
    }

  if (problem != NULL)
    return usage_error (command->name, "%s", problem);

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, opts);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!cli_command_takes (command, cli_option_lookup (key)))
        return usage_error (command->name, "%s takes no --%s", command->name, (char *) key);
  }

  /* The words after the command's own, less the NULL at the end. */
  for (guint i = n_words; i + 1 < words->len; i++)
    g_ptr_array_add (args, words->pdata[i]);
  if (args->len < command->min_args || args->len > command->max_args)
    return usage_error (command->name, "usage: %s", command->synopsis);
  cli.args = args;

  data_dir = g_hash_table_lookup (opts, "data-dir");
  token_file = g_hash_table_lookup (opts, "token-file");
  if (data_dir == NULL)
    data_dir = default_dir = g_build_filename (g_get_user_data_dir (), "voisins", NULL);

  cli.command = command;
  cli.opts = opts;
  store = open_store (&error);
  if (store == NULL)
    return fail (exit_code_for (error), "%s", error->message);
  cli.store = store;

  for (guint i = 0; i < G_N_ELEMENTS (runners); i++)
    if (g_str_equal (runners[i].name, command->name))
      return runners[i].run (&cli);

  g_assert_not_reached ();
}
