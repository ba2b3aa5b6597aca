/* fuzz-world.c
 *
 * The database lives on /dev/shm when there is one: synchronous=FULL costs an fsync per
 * push, which would otherwise bound the harnesses to a few hundred inputs a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-fuzz"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "voisins-core.h"
#include "fuzz-world.h"
#include "voisins-server-auth.h"

#define RENEW_EVERY 5000

static const char boundary[] =
  "{\"type\":\"Polygon\",\"coordinates\":[[[2.360,48.838],[2.385,48.838],[2.385,48.852],"
  "[2.360,48.852],[2.360,48.838]]]}";

const char * const fuzz_client_ids[4] = {
  "01900000-0000-7000-8000-00000000f020", "01900000-0000-7000-8000-00000000f021",
  "01900000-0000-7000-8000-00000000f022", "01900000-0000-7000-8000-00000000f023",
};

static FuzzWorld *world;
static char *password_hash;

static VoisinsServerAuth *
auth_for (const char  *user_id,
          const char  *username,
          const char  *assoc,
          VoisinsRole  role)
{
  VoisinsServerAuth *auth = voisins_server_auth_new ();

  auth->user_id = g_strdup (user_id);
  auth->username = g_strdup (username);
  g_hash_table_insert (auth->roles, g_strdup (assoc), GINT_TO_POINTER (role + 1));

  return auth;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
world_free (FuzzWorld *w)
{
  voisins_server_sqlite_close (VOISINS_SERVER_SQLITE (w->storage));
  g_object_unref (w->storage);
  for (guint i = 0; i < G_N_ELEMENTS (w->auth); i++)
    voisins_server_auth_free (w->auth[i]);
  remove_dir (w->dir);
  g_free (w->dir);
  g_free (w->assoc);
  g_free (w->other);
  g_free (w->epoch);
  g_free (w);
}

static void
seed (FuzzWorld *w)
{
  g_autoptr(JsonArray) mutations = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = voisins_uuid_new ();
      g_autofree char *args = NULL;
      g_autoptr(JsonNode) args_node = NULL;
      JsonObject *m = json_object_new ();

      if (i % 2 == 0)
        args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                                "\"category\":\"diy\",\"status\":\"open\",\"title\":\"Perceuse %u\","
                                "\"body\":\"Pour une étagère\",\"lat\":48.845,\"lon\":2.372,"
                                "\"created_at\":1700000000}", id, w->assoc, i);
      else
        args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Jeanne\","
                                "\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\","
                                "\"phone\":\"0143000000\",\"needs\":\"shopping\",\"lat\":48.848,"
                                "\"lon\":2.378}", id, w->assoc);
      args_node = voisins_json_parse (args, -1, NULL);
      g_assert (args_node != NULL);
      json_object_set_int_member (m, "seq", w->next_seq[1]++);
      json_object_set_string_member (m, "name", i % 2 == 0 ? "post.create" : "member.create");
      json_object_set_member (m, "args", g_steal_pointer (&args_node));
      json_array_add_object_element (mutations, m);
    }

  node = json_node_init_array (json_node_alloc (), mutations);
  request = fuzz_world_envelope (w, 1, node);
  answer = voisins_server_storage_push (w->storage, w->auth[1], request, NULL, NULL, &error);
  if (answer == NULL)
    g_error ("seeding the fuzz world: %s", error->message);
}

static FuzzWorld *
world_new (void)
{
  FuzzWorld *w = g_new0 (FuzzWorld, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm"
                                                                   : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "voisins-fuzz-XXXXXX", NULL);
  VoisinsServerSqlite *db;
  static const char *names[] = { "vol", "coord", "adm", "other" };
  static const VoisinsRole roles[] = {
    VOISINS_ROLE_VOLUNTEER, VOISINS_ROLE_COORDINATOR, VOISINS_ROLE_ADMIN, VOISINS_ROLE_VOLUNTEER,
  };

  w->dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert (w->dir != NULL);
  db_path = g_build_filename (w->dir, "server.db", NULL);
  db = voisins_server_sqlite_open (db_path, 1000, &error);
  if (db == NULL)
    g_error ("opening the fuzz database: %s", error->message);
  w->storage = VOISINS_SERVER_STORAGE (db);
  for (guint i = 0; i < G_N_ELEMENTS (w->next_seq); i++)
    w->next_seq[i] = 1;

  w->assoc = voisins_server_sqlite_create_association (db, NULL, "A", boundary, &error);
  g_assert (w->assoc != NULL);
  w->other = voisins_server_sqlite_create_association (db, NULL, "B", boundary, &error);
  g_assert (w->other != NULL);

  if (password_hash == NULL)
    password_hash = voisins_server_hash_password ("fuzz-password", TRUE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *assoc = i == 3 ? w->other : w->assoc;
      g_autofree char *user_id = voisins_server_sqlite_add_user (db, assoc, names[i], roles[i],
                                                                 password_hash, &error);

      if (user_id == NULL)
        g_error ("adding %s: %s", names[i], error->message);
      w->auth[i] = auth_for (user_id, names[i], assoc, roles[i]);
    }

  seed (w);

  {
    g_autoptr(JsonObject) pull = json_object_new ();
    JsonObject *cursors = json_object_new ();
    g_autofree char *text = NULL;
    g_autofree char *needle = g_strdup_printf ("\"cursor\":\"");
    const char *at;

    json_object_set_string_member (pull, "client_id", FUZZ_CLIENT_ID (1));
    json_object_set_null_member (cursors, w->assoc);
    json_object_set_object_member (pull, "cursors", cursors);
    text = voisins_server_storage_pull (w->storage, w->auth[1], pull, &error);
    g_assert (text != NULL);
    at = strstr (text, needle);
    g_assert (at != NULL);
    at += strlen (needle);
    w->epoch = g_strndup (at, strcspn (at, ":"));
  }

  return w;
}

FuzzWorld *
fuzz_world_get (void)
{
  if (world != NULL && ++world->uses >= RENEW_EVERY)
    g_clear_pointer (&world, world_free);
  if (world == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      world = world_new ();
    }

  return world;
}

JsonObject *
fuzz_world_envelope (FuzzWorld *w,
                     guint      user,
                     JsonNode  *mutations)
{
  JsonObject *request = json_object_new ();

  json_object_set_string_member (request, "client_id", FUZZ_CLIENT_ID (user));
  json_object_set_int_member (request, "schema", 1);
  json_object_set_member (request, "mutations", json_node_copy (mutations));

  return request;
}

gboolean
fuzz_world_is_internal (const GError *error)
{
  if (error != NULL && error->domain == VOISINS_CODEC_ERROR)
    return FALSE;

  return voisins_server_error_to_http (error, NULL) == 500;
}
