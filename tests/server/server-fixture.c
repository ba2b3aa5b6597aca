/* server-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "voisins-address.h"
#include "voisins-geo.h"
#include "voisins-geojson.h"
#include "voisins-uuid.h"

#include "voisins-db.h"

#include "pg-fixture.h"
#include "server-fixture.h"

/* A square around Quinze-Vingts (Paris 12e). */
static const char boundary[] =
  "{\"type\":\"Polygon\",\"coordinates\":[[[2.360,48.838],[2.385,48.838],[2.385,48.852],"
  "[2.360,48.852],[2.360,48.838]]]}";

static const char *
server_binary (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *build = g_getenv ("VOISINS_BUILD_DIR");

      g_assert_nonnull (build);
      path = g_build_filename (build, "src", "server", "voisins-server", NULL);
    }
  return path;
}

/* {{{ the backend: VOISINS_TEST_DATABASE */

static VsPg *cluster;

static void
stop_cluster (void)
{
  g_clear_pointer (&cluster, vs_pg_stop);
}

gboolean
vs_backend_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("VOISINS_TEST_DATABASE"), "postgresql") == 0;
}

const char *
vs_backend_name (void)
{
  return vs_backend_is_postgresql () ? "postgresql" : "sqlite";
}

gboolean
vs_backend_skip_unless_sqlite (const char *why)
{
  if (!vs_backend_is_postgresql ())
    return FALSE;
  g_test_skip_printf ("SQLite only: %s", why);
  return TRUE;
}

/* A fresh database for one server: a file in its folder, or a new database of the test
 * process's one cluster (started at the first server, stopped at exit). */
static char *
new_database (const char *dir)
{
  if (!vs_backend_is_postgresql ())
    return g_build_filename (dir, "server.db", NULL);
  if (cluster == NULL)
    {
      g_autofree char *why = NULL;

      /* Not a failure where PostgreSQL is not installed (CI installs it): the whole test
       * program is skipped, as meson reads exit status 77. */
      if (!vs_pg_available (&why))
        exit (vs_pg_skip (why));
      cluster = vs_pg_start ();
      atexit (stop_cluster);
    }
  return vs_pg_new_database (cluster);
}

/* }}} */

VsServer *
vs_server_new (const char *extra_config)
{
  VsServer *server = g_new0 (VsServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  server->dir = g_dir_make_tmp ("voisins-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = new_database (server->dir);
  server->config_path = g_build_filename (server->dir, "server.conf", NULL);
  server->boundary_path = g_build_filename (server->dir, "boundary.geojson", NULL);

  config = g_strdup_printf ("[server]\n"
                            "database=%s\n"
                            /* Where the SQLite backend puts them by default, on both. */
                            "basemap-dir=%s/basemaps\n"
                            "port=0\n"
                            "password-hash=min\n"
                            "busy-timeout-ms=300\n"
                            "login-attempts-per-address=100000\n"
                            /* Tests push thousands in seconds; @extra_config may lower it
                             * (a key given twice: the last one counts). */
                            "push-mutations-per-minute=100000000\n"
                            "%s\n",
                            server->db_path, server->dir, extra_config ? extra_config : "");
  g_file_set_contents (server->config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (server->boundary_path, boundary, -1, &error);
  g_assert_no_error (error);

  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

static void
die_with_parent (gpointer user_data)
{
  VsServer *server = user_data;

  /* A crashed test must not leave its server running. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (server->fd_limit)
    {
      struct rlimit rl = { server->fd_limit, server->fd_limit };

      setrlimit (RLIMIT_NOFILE, &rl);
    }
}

void
vs_server_setenv (VsServer   *server,
                  const char *name,
                  const char *value)
{
  server->env = g_environ_setenv (server->env, name, value, TRUE);
}

void
vs_server_start (VsServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *size = NULL;
  const char *colon;

  g_assert_null (server->process);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, server, NULL);
  for (guint i = 0; server->env && server->env[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (server->env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1] ? kv[1] : "", TRUE);
    }
  if (server->disk_bytes > 0)
    {
      /* Its own mount namespace (as root of a user namespace): the folder, with what the
       * set-up wrote in it, copied onto a tmpfs of disk_bytes mounted over it. */
      size = g_strdup_printf ("size=%" G_GUINT64_FORMAT, server->disk_bytes);
      g_ptr_array_add (argv, "unshare");
      g_ptr_array_add (argv, "-rm");
      g_ptr_array_add (argv, "sh");
      g_ptr_array_add (argv, "-c");
      g_ptr_array_add (argv,
                       "set -e; d=$1; size=$2; shift 2; keep=$(mktemp -d); cp -a \"$d\"/. \"$keep\"/;"
                       "mount -t tmpfs -o \"$size\" voisins-test \"$d\"; cp -a \"$keep\"/. \"$d\"/;"
                       "rm -rf \"$keep\"; exec \"$@\"");
      g_ptr_array_add (argv, "sh");
      g_ptr_array_add (argv, server->dir);
      g_ptr_array_add (argv, size);
    }
  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, server->config_path);
  for (guint i = 0; server->args && server->args[i]; i++)
    g_ptr_array_add (argv, server->args[i]);
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  colon = strrchr (line, ':');
  server->port = atoi (colon + 1);
  g_assert_cmpint (server->port, >, 0);
  g_free (server->base_url);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%d", server->port);
}

gboolean
vs_server_can_limit_disk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("voisins-mount-XXXXXX", NULL);
  g_autofree char *script = g_strdup_printf ("mount -t tmpfs -o size=65536 t '%s'", dir);
  const char      *argv[] = { "unshare", "-rm", "sh", "-c", script, NULL };
  int              status = -1;

  if (dir == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    status = -1;
  if (dir)
    g_rmdir (dir);
  return status == 0;
}

char *
vs_server_path (VsServer *server, const char *name)
{
  g_assert_nonnull (server->process);
  return g_strdup_printf ("/proc/%s/root%s/%s", g_subprocess_get_identifier (server->process),
                          server->dir, name);
}

void
vs_server_stop (VsServer *server,
                gboolean  hard)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  if (hard)
    g_subprocess_force_exit (server->process);
  else
    g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  if (!hard && !g_subprocess_get_successful (server->process))
    {
      if (g_subprocess_get_if_signaled (server->process))
        g_error ("voisins-server died of signal %d on SIGTERM",
                 g_subprocess_get_term_sig (server->process));
      g_error ("voisins-server exited with status %d on SIGTERM",
               g_subprocess_get_exit_status (server->process));
    }
  g_clear_object (&server->process);
  /* Forget kept-alive connections to the old process. */
  g_clear_object (&server->session);
  server->session = soup_session_new_with_options ("timeout", 60, NULL);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
vs_server_free (VsServer *server)
{
  if (server == NULL)
    return;
  vs_server_stop (server, FALSE);
  g_clear_object (&server->session);
  if (g_getenv ("VOISINS_KEEP_TMP") == NULL)
    rm_rf (server->dir);
  g_free (server->dir);
  g_free (server->db_path);
  g_free (server->config_path);
  g_free (server->boundary_path);
  g_free (server->base_url);
  g_strfreev (server->env);
  g_strfreev (server->args);
  g_free (server);
}

char *
vs_server_cli (VsServer   *server,
               const char *input,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, server->config_path);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("voisins-server %s failed: %s", (char *) argv->pdata[3], err);
  return g_strdup (g_strchomp (out));
}

char *
vs_server_add_association (VsServer   *server,
                           const char *name)
{
  return vs_server_cli (server, NULL, "create-association", "--name", name,
                        "--boundary", server->boundary_path, NULL);
}

char *
vs_server_add_user (VsServer   *server,
                    const char *association_id,
                    const char *username,
                    const char *role)
{
  return vs_server_cli (server, VS_PASSWORD "\n", "add-user", "--association", association_id,
                        "--username", username, "--role", role, "--password-stdin", NULL);
}

char *
vs_server_login (VsServer   *server,
                 const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\","
                                           "\"device\":\"test\"}", username, VS_PASSWORD);
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = vs_post (server, "/api/v1/login", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

JsonNode *
vs_request (VsServer    *server,
            const char  *method,
            const char  *path,
            const char  *token,
            const char  *body,
            gsize        body_len,
            guint       *status,
            char       **retry_after)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  g_assert_nonnull (msg);
  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len == 0 ? strlen (body) : body_len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (status)
    *status = soup_message_get_status (msg);
  if (retry_after)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Retry-After"));
  data = g_bytes_get_data (answer, &len);
  if (len == 0)
    return NULL;
  {
    g_autofree char *text = g_strndup (data, len);
    JsonNode *node = json_from_string (text, &error);

    if (node == NULL)
      g_test_message ("not JSON (%s): %.200s", error->message, text);
    return node;
  }
}

JsonNode *
vs_post (VsServer   *server,
         const char *path,
         const char *token,
         const char *body,
         guint      *status)
{
  return vs_request (server, "POST", path, token, body, 0, status, NULL);
}

JsonNode *
vs_get (VsServer   *server,
        const char *path,
        const char *token,
        guint      *status)
{
  return vs_request (server, "GET", path, token, NULL, 0, status, NULL);
}

char *
vs_uuid (void)
{
  return voisins_uuid_new ();
}

char *
vs_post_json (const char *id,
              const char *association_id,
              const char *title)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                          "\"category\":\"diy\",\"status\":\"open\",\"title\":\"%s\","
                          "\"body\":\"A few words about it\",\"lat\":48.845,\"lon\":2.372,"
                          "\"created_at\":1700000000}",
                          id, association_id, title);
}

char *
vs_push_body (const char         *client_id,
              gint64              first_seq,
              guint               n,
              const char * const *names,
              const char * const *args)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "{\"client_id\":\"%s\",\"schema\":1,\"mutations\":[", client_id);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"seq\":%" G_GINT64_FORMAT ",\"name\":\"%s\",\"args\":%s}",
                            i ? "," : "", first_seq + i, names[i], args[i]);
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

const char *
vs_error_code (JsonNode *answer)
{
  JsonObject *obj;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  obj = json_node_get_object (answer);
  if (!json_object_has_member (obj, "error"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (obj, "error"), "code");
}

char *
vs_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

gpointer
vs_server_open_db (VsServer *server)
{
  sqlite3 *db = NULL;

  g_assert_false (vs_backend_is_postgresql ());
  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

VoisinsDb *
vs_server_db (VsServer *server)
{
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = voisins_db_open (server->db_path, 5000, &error);

  g_assert_no_error (error);
  return db;
}

void
vs_db_exec (VsServer   *server,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = vs_server_db (server);

  voisins_db_exec (db, sql, &error);
  g_assert_no_error (error);
  voisins_db_close (db);
}

gint64
vs_db_count (VsServer   *server,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = vs_server_db (server);
  VoisinsDbStmt *stmt = voisins_db_prepare (db, sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_ROW);
  n = voisins_db_column_int64 (stmt, 0);
  voisins_db_stmt_free (stmt);
  voisins_db_close (db);
  return n;
}

VsWorld *
vs_world_new (const char *extra_config)
{
  VsWorld *w = g_new0 (VsWorld, 1);

  w->server = vs_server_new (extra_config);
  w->a = vs_server_add_association (w->server, "Voisins de Quinze-Vingts");
  w->b = vs_server_add_association (w->server, "Voisins de Folie-Méricourt");
  w->vol_id = vs_server_add_user (w->server, w->a, "vol", "volunteer");
  w->coord_id = vs_server_add_user (w->server, w->a, "coord", "coordinator");
  w->admin_id = vs_server_add_user (w->server, w->a, "adm", "admin");
  w->other_id = vs_server_add_user (w->server, w->b, "other", "volunteer");
  vs_server_start (w->server);
  w->vol = vs_server_login (w->server, "vol");
  w->coord = vs_server_login (w->server, "coord");
  w->admin = vs_server_login (w->server, "adm");
  w->other = vs_server_login (w->server, "other");
  return w;
}

void
vs_world_free (VsWorld *w)
{
  if (w == NULL)
    return;
  vs_server_free (w->server);
  g_free (w->a);
  g_free (w->b);
  g_free (w->vol_id);
  g_free (w->coord_id);
  g_free (w->admin_id);
  g_free (w->other_id);
  g_free (w->vol);
  g_free (w->coord);
  g_free (w->admin);
  g_free (w->other);
  g_free (w);
}

JsonNode *
vs_push1 (VsServer   *server,
          const char *token,
          const char *client_id,
          gint64      seq,
          const char *name,
          const char *args,
          guint      *status)
{
  const char *names[] = { name };
  const char *argv[] = { args };
  g_autofree char *body = vs_push_body (client_id, seq, 1, names, argv);

  return vs_post (server, "/api/v1/sync/push", token, body, status);
}

JsonObject *
vs_result (JsonNode *answer,
           guint     i)
{
  JsonArray *results;

  g_assert_nonnull (answer);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_nonnull (results);
  g_assert_cmpuint (i, <, json_array_get_length (results));
  return json_array_get_object_element (results, i);
}

GPtrArray *
vs_pull_all (VsServer    *server,
             const char  *token,
             const char  *client_id,
             const char  *assoc,
             const char  *cursor,
             guint        limit,
             char       **cursor_out,
             gboolean    *reset)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *current = g_strdup (cursor);
  gboolean more = TRUE;
  gboolean first = TRUE;

  if (reset)
    *reset = FALSE;
  while (more)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *body = NULL;
      g_autofree char *quoted = NULL;
      JsonObject *page;
      JsonArray *arr;
      guint status = 0;

      quoted = current ? g_strdup_printf ("\"%s\"", current) : g_strdup ("null");
      body = g_strdup_printf ("{\"client_id\":\"%s\",\"cursors\":{\"%s\":%s},\"limit\":%u}",
                              client_id, assoc, quoted, limit);
      answer = vs_post (server, "/api/v1/sync/pull", token, body, &status);
      g_assert_cmpuint (status, ==, 200);
      page = json_object_get_object_member (json_object_get_object_member (
                                              json_node_get_object (answer), "associations"),
                                            assoc);
      g_assert_nonnull (page);
      if (first && reset)
        *reset = json_object_get_boolean_member (page, "reset");
      else
        g_assert_false (json_object_get_boolean_member (page, "reset"));
      first = FALSE;
      arr = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (arr); i++)
        g_ptr_array_add (changes, json_object_ref (json_array_get_object_element (arr, i)));
      more = json_object_get_boolean_member (page, "has_more");
      g_free (current);
      current = g_strdup (json_object_get_string_member (page, "cursor"));
    }
  if (cursor_out)
    *cursor_out = g_steal_pointer (&current);
  return changes;
}

/* {{{ the Quinze-Vingts address base */

/* Two addresses of the faubourg, north of the quartier: in a base loaded from a wider file
 * (the arrondissements' BAN), outside the boundary. */
static const struct { const char *id; int number; const char *street; double lat, lon; } outside[] = {
  { "75111_3514_00001", 1, "Rue du Faubourg Saint-Antoine", 48.853277, 2.37053 },
  { "75103_9382_00031", 31, "Rue des Tournelles", 48.856059, 2.367234 },
};

static char *
paris_data_path (const char *name)
{
  return g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared", "data", "paris",
                           name, NULL);
}

static void
insert_address (VoisinsDbStmt *ins,
                const char    *assoc,
                const char    *id,
                int            number,
                const char    *rep,
                const char    *street,
                const char    *postcode,
                double         lat,
                double         lon)
{
  g_autoptr(VoisinsAddress) a = voisins_address_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *street_norm = NULL;

  a->number = number;
  g_free (a->rep);
  a->rep = g_strdup (rep);
  a->street = g_strdup (street);
  norm = voisins_address_key (a);
  street_norm = voisins_address_normalize (street);
  voisins_db_stmt_reset (ins);
  voisins_db_bind_text (ins, 1, id);
  voisins_db_bind_text (ins, 2, assoc);
  voisins_db_bind_int64 (ins, 3, number);
  voisins_db_bind_text (ins, 4, rep);
  voisins_db_bind_text (ins, 5, street);
  voisins_db_bind_text (ins, 6, postcode);
  voisins_db_bind_text (ins, 7, "Paris");
  voisins_db_bind_double (ins, 8, lat);
  voisins_db_bind_double (ins, 9, lon);
  voisins_db_bind_text (ins, 10, norm);
  voisins_db_bind_text (ins, 11, street_norm);
  g_assert_cmpint (voisins_db_stmt_step (ins, &error), ==, VOISINS_DB_DONE);
}

/* The smallest loader the test needs (import-addresses is another part's): the quartier's
 * BAN GeoJSON points and its real boundary, straight into the server's tables, on either
 * backend (through the server's SQL layer). */
void
vs_server_load_quinze_vingts (VsServer   *server,
                              const char *assoc)
{
  g_autofree char *ban_path = paris_data_path ("ban_adresses_quinze_vingts.geojson");
  g_autofree char *boundary_path = paris_data_path ("quartier_quinze_vingts.geojson");
  g_autofree char *boundary_text = NULL;
  g_autofree char *boundary_json = NULL;
  g_autoptr(VoisinsPolygon) polygon = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VoisinsDb *db = vs_server_db (server);
  VoisinsDbStmt *stmt = NULL;
  JsonArray *features;

  g_assert_true (g_file_get_contents (boundary_path, &boundary_text, NULL, &error));
  polygon = voisins_polygon_new_from_geojson (boundary_text, &error);
  g_assert_no_error (error);
  boundary_json = voisins_polygon_to_geojson (polygon);
  stmt = voisins_db_prepare (db, "UPDATE associations SET boundary = ? WHERE id = ?", &error);
  g_assert_no_error (error);
  voisins_db_bind_text (stmt, 1, boundary_json);
  voisins_db_bind_text (stmt, 2, assoc);
  g_assert_cmpint (voisins_db_stmt_step (stmt, &error), ==, VOISINS_DB_DONE);
  voisins_db_stmt_free (stmt);

  json_parser_load_from_file (parser, ban_path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "features");
  g_assert_true (voisins_db_begin (db, VOISINS_DB_WRITE, &error));
  stmt = voisins_db_prepare (db, "INSERT INTO addresses (id, association_id,"
                                 " number, rep, street, postcode, city, lat, lon, norm,"
                                 " street_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 " ON CONFLICT DO NOTHING",
                             &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *p = json_object_get_object_member (f, "properties");
      JsonArray *c = json_object_get_array_member (json_object_get_object_member (f, "geometry"),
                                                   "coordinates");
      const char *rep = voisins_address_rep_from_ban (json_object_get_string_member (p, "rep"));

      if (rep == NULL)
        continue;
      insert_address (stmt, assoc, json_object_get_string_member (p, "id"),
                      json_object_get_int_member (p, "numero"), rep,
                      json_object_get_string_member (p, "nom_voie"),
                      json_object_get_string_member (p, "code_postal"),
                      json_array_get_double_element (c, 1), json_array_get_double_element (c, 0));
    }
  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_assert_false (voisins_polygon_contains (polygon, outside[i].lat, outside[i].lon));
      insert_address (stmt, assoc, outside[i].id, outside[i].number, "", outside[i].street,
                      "75011", outside[i].lat, outside[i].lon);
    }
  voisins_db_stmt_free (stmt);
  g_assert_true (voisins_db_commit (db, &error));
  voisins_db_close (db);
}

/* }}} */
