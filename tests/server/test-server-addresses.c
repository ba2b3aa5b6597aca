/* test-server-addresses.c: setting up an association from the official quartier file, its
 * address base, and the server's check of every member's address (issue 11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "voisins-geojson.h"

#include "server-fixture.h"
#include "voisins-db.h"

static char *
data_file (const char *name)
{
  const char *source = g_getenv ("VOISINS_SOURCE_DIR");
  g_autofree char *dir = g_canonicalize_filename ("../shared/data/paris", source);
  char *path = g_build_filename (dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      return NULL;
    }
  return path;
}

#define DATA_OR_SKIP(var, name)                                   \
  g_autofree char *var = data_file (name);                        \
  if (var == NULL)                                                \
    {                                                             \
      g_test_skip ("../shared/data/paris is not there");          \
      return;                                                     \
    }

/* Runs voisins-server with @server's config; returns its exit status. */
static int
cli (VsServer  *server,
     char     **out,
     char     **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("VOISINS_BUILD_DIR"), "src", "server",
                                           "voisins-server", NULL));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_strdup (server->config_path));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static char *
db_text (VsServer   *server,
         const char *sql,
         const char *param)
{
  g_autoptr (GError) error = NULL;
  VoisinsDb     *db = vs_server_db (server);
  VoisinsDbStmt *stmt = voisins_db_prepare (db, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  if (param)
    voisins_db_bind_text (stmt, 1, param);
  if (voisins_db_stmt_step (stmt, &error) == VOISINS_DB_ROW && !voisins_db_column_is_null (stmt, 0))
    text = voisins_db_column_dup (stmt, 0);
  g_assert_no_error (error);
  voisins_db_stmt_free (stmt);
  voisins_db_close (db);
  return text;
}

/* {{{ commands */

static void
test_unknown_command (void)
{
  VsServer *server = vs_server_new (NULL);
  const char *names[] = { "help", "foo", "create-associations" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (cli (server, &out, &err, names[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "unknown command"));
      /* The list of commands, to find the right one. */
      g_assert_nonnull (strstr (err, "create-association"));
      g_assert_nonnull (strstr (err, "import-addresses"));
      g_assert_false (g_file_test (server->db_path, G_FILE_TEST_EXISTS));
    }
  vs_server_free (server);
}

static void
test_create_with_feature (void)
{
  DATA_OR_SKIP (quartiers, "quartier_paris.geojson");
  VsServer *server = vs_server_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *boundary = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;
  g_autoptr(VoisinsPolygon) polygon = NULL;

  g_assert_cmpint (cli (server, &out, &err, "create-association", "--name", "Voisins de "
                        "Sainte-Marguerite", "--boundary", quartiers, "--feature",
                        "l_qu=Sainte-Marguerite", "--phone", "01 43 79 00 00", "--address",
                        "10 rue Titon, 75011 Paris", NULL), ==, 0);
  g_strchomp (out);
  boundary = db_text (server, "SELECT boundary FROM associations WHERE id = ?", out);
  polygon = voisins_polygon_new_from_geojson (boundary, NULL);
  g_assert_nonnull (polygon);
  /* Sainte-Marguerite (11e: rue Titon), not the file's first feature (Monnaie, 6e). */
  g_assert_true (voisins_polygon_contains (polygon, 48.8530, 2.3860));
  g_assert_false (voisins_polygon_contains (polygon, 48.8544, 2.3400));
  phone = db_text (server, "SELECT phone FROM associations WHERE id = ?", out);
  address = db_text (server, "SELECT address FROM associations WHERE id = ?", out);
  g_assert_cmpstr (phone, ==, "01 43 79 00 00");
  g_assert_cmpstr (address, ==, "10 rue Titon, 75011 Paris");

  /* The details change later, and "" clears one. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (server, NULL, &err, "set-association", "--association", out,
                        "--phone", "01 43 79 11 11", "--address", "", NULL), ==, 0);
  g_clear_pointer (&phone, g_free);
  g_clear_pointer (&address, g_free);
  phone = db_text (server, "SELECT phone FROM associations WHERE id = ?", out);
  address = db_text (server, "SELECT address FROM associations WHERE id = ?", out);
  g_assert_cmpstr (phone, ==, "01 43 79 11 11");
  g_assert_null (address);
  vs_server_free (server);
}

static void
test_create_refusals (void)
{
  DATA_OR_SKIP (quartiers, "quartier_paris.geojson");
  VsServer *server = vs_server_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* 80 quartiers and no --feature: refused, with their names. */
  g_assert_cmpint (cli (server, &out, &err, "create-association", "--name", "V", "--boundary",
                        quartiers, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--feature"));
  g_assert_nonnull (strstr (err, "l_qu="));
  g_assert_nonnull (strstr (err, "Sainte-Marguerite"));
  g_assert_nonnull (strstr (err, "Monnaie"));
  g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM associations"), ==, 0);

  /* A --feature that matches nothing: refused, with the names. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (server, &out, &err, "create-association", "--name", "V", "--boundary",
                        quartiers, "--feature", "l_qu=Sainte-Marguerit", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No feature has l_qu=Sainte-Marguerit"));
  g_assert_nonnull (strstr (err, "Sainte-Marguerite"));

  /* No boundary: refused. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (server, &out, &err, "create-association", "--name", "V", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--boundary"));

  /* A bad phone number: refused before anything is written. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (server, &out, &err, "create-association", "--name", "V", "--boundary",
                        server->boundary_path, "--phone", "call me", NULL), ==, 1);
  g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM associations"), ==, 0);
  vs_server_free (server);
}

/* }}} */
/* {{{ import-addresses */

static guint
parse_kept (const char *out,
            guint      *outside,
            guint      *malformed)
{
  guint kept = 0;

  g_assert_cmpint (sscanf (out, "kept %u addresses inside the quartier; dropped %u outside, "
                           "%u malformed", &kept, outside, malformed), ==, 3);
  return kept;
}

static void
test_import_csv_and_geojson (void)
{
  DATA_OR_SKIP (quartiers, "quartier_paris.geojson");
  DATA_OR_SKIP (csv, "ban_adresses_fbg_saint_antoine.csv");
  DATA_OR_SKIP (qv_boundary, "quartier_quinze_vingts.geojson");
  DATA_OR_SKIP (qv_addresses, "ban_adresses_quinze_vingts.geojson");
  VsServer *server = vs_server_new (NULL);
  g_autofree char *sm = vs_server_cli (server, NULL, "create-association", "--name", "SM",
                                       "--boundary", quartiers, "--feature",
                                       "l_qu=Sainte-Marguerite", NULL);
  g_autofree char *qv = vs_server_cli (server, NULL, "create-association", "--name", "QV",
                                       "--boundary", qv_boundary, NULL);
  g_autofree char *small = g_build_filename (server->dir, "small.csv", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint kept, outside, malformed, kept2, outside2, malformed2;

  /* The faubourg's CSV straddles several quartiers: only Sainte-Marguerite's are kept. */
  g_free (out);
  out = vs_server_cli (server, NULL, "import-addresses", "--association", sm, csv, NULL);
  kept = parse_kept (out, &outside, &malformed);
  g_assert_cmpuint (kept, >, 100);
  g_assert_cmpuint (outside, >, 100);
  sql = g_strdup_printf ("SELECT count(*) FROM addresses WHERE association_id = '%s'", sm);
  g_assert_cmpint (vs_db_count (server, sql), ==, kept);

  /* Again: the same base, not twice as many. */
  g_free (out);
  out = vs_server_cli (server, NULL, "import-addresses", "--association", sm, csv, NULL);
  kept2 = parse_kept (out, &outside2, &malformed2);
  g_assert_cmpuint (kept2, ==, kept);
  g_assert_cmpuint (outside2, ==, outside);
  g_assert_cmpuint (malformed2, ==, malformed);
  g_assert_cmpint (vs_db_count (server, sql), ==, kept);

  /* Two inside, one outside, one with no number, one with no position: the base is
   * replaced by the two. */
  g_assert_true (g_file_set_contents (small,
      "id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat\n"
      "a1;12;;Rue Titon;75011;Paris 11e Arrondissement;2.3862;48.8527\n"
      "a2;14;b;Rue Titon;75011;Paris 11e Arrondissement;2.3863;48.8528\n"
      "a3;1;;Rue de Rivoli;75004;Paris 4e Arrondissement;2.3570;48.8550\n"
      "a4;;;Rue Titon;75011;Paris 11e Arrondissement;2.3862;48.8527\n"
      "a5;16;;Rue Titon;75011;Paris 11e Arrondissement;;\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (server, &out, &err, "import-addresses", "--association", sm, small,
                        NULL), ==, 0);
  g_assert_cmpuint (parse_kept (out, &outside, &malformed), ==, 2);
  g_assert_cmpuint (outside, ==, 1);
  g_assert_cmpuint (malformed, ==, 2);
  /* Both malformed rows are named, by their line in the file (the header is line 1). */
  g_assert_nonnull (strstr (err, "at lines 5, 6."));
  g_assert_cmpint (vs_db_count (server, sql), ==, 2);
  g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM addresses WHERE street = "
                                        "'rue Titon' AND number = 14 AND rep = 'bis'"), ==, 1);

  /* GeoJSON points, Quinze-Vingts's base in its own association. */
  g_free (out);
  out = vs_server_cli (server, NULL, "import-addresses", "--association", qv, qv_addresses, NULL);
  kept = parse_kept (out, &outside, &malformed);
  g_assert_cmpuint (kept, >, 1000);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM addresses WHERE association_id = '%s'", qv);
  g_assert_cmpint (vs_db_count (server, sql), ==, kept);

  /* ...which has nothing inside Sainte-Marguerite: refused, the base left as it was. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (server, &out, &err, "import-addresses", "--association", sm,
                        qv_addresses, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No address"));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM addresses WHERE association_id = '%s'", sm);
  g_assert_cmpint (vs_db_count (server, sql), ==, 2);
  vs_server_free (server);
}

/* }}} */
/* {{{ the members' addresses */

/* The fixture's square quartier, with three addresses of which one is outside it. */
static void
load_base (VsWorld *w)
{
  g_autofree char *path = g_build_filename (w->server->dir, "base.csv", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path,
      "id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat\n"
      "t12;12;;Rue Traversière;75012;Paris 12e Arrondissement;2.3731;48.8478\n"
      "t14;14;b;Rue Traversière;75012;Paris 12e Arrondissement;2.3733;48.8479\n"
      "far;3;;Rue de Lagny;75020;Paris 20e Arrondissement;2.4050;48.8480\n", -1, NULL));
  out = vs_server_cli (w->server, NULL, "import-addresses", "--association", w->a, path, NULL);
  g_assert_true (g_str_has_prefix (out, "kept 2 "));
}

static JsonObject *
create_member (VsWorld    *w,
               const char *token,
               const char *assoc,
               const char *extra,
               char      **id_out)
{
  static gint64 seq = 0;
  g_autofree char *id = vs_uuid ();
  g_autofree char *client = vs_uuid ();
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                           "\"first_name\":\"Jeanne\","
                                           "\"consent_scope\":\"posts\"%s%s}",
                                           id, assoc, extra[0] ? "," : "", extra);
  g_autoptr(JsonNode) answer = vs_push1 (w->server, token, client, ++seq, "member.create", args,
                                         NULL);
  JsonObject *result = json_object_ref (vs_result (answer, 0));

  if (id_out)
    *id_out = g_steal_pointer (&id);
  return result;
}

static void
assert_result (JsonObject *result,
               const char *status,
               const char *code)
{
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, status);
  if (code)
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  json_object_unref (result);
}

static void
test_member_checks (void)
{
  VsWorld *w = vs_world_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;

  load_base (w);

  /* In the base, typed as people type it: the server takes the position and the rest. */
  assert_result (create_member (w, w->coord, w->a, "\"address\":\"12, r. traversiere\","
                                "\"lat\":48.9,\"lon\":2.5", &id), "applied", NULL);
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s' AND"
                         " CAST (json_extract (data, '$.lat') AS DOUBLE PRECISION) = 48.8478 AND"
                         " CAST (json_extract (data, '$.lon') AS DOUBLE PRECISION) = 2.3731 AND"
                         " json_extract (data, '$.postcode') = '75012' AND"
                         " CAST (json_extract (data, '$.approx_lat') AS DOUBLE PRECISION) != 0",
                         id);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  /* ...and a volunteer at the desk records a neighbour the same way. */
  assert_result (create_member (w, w->vol, w->a, "\"address\":\"14 bis rue Traversière\"", NULL),
                 "applied", NULL);

  /* Not in the base; the base's address outside the square was never imported. */
  assert_result (create_member (w, w->coord, w->a, "\"address\":\"99 rue Traversière\"", NULL),
                 "rejected", "address_not_found");
  assert_result (create_member (w, w->vol, w->a, "\"address\":\"3 rue de Lagny\"", NULL),
                 "rejected", "address_not_found");
  /* Neither address nor position. */
  assert_result (create_member (w, w->coord, w->a, "", NULL), "rejected", "no_address");

  /* Association B has no base: a position inside its quartier is required. */
  assert_result (create_member (w, w->other, w->b, "\"lat\":48.848,\"lon\":2.405", NULL),
                 "rejected", "outside_quartier");
  assert_result (create_member (w, w->other, w->b, "", NULL), "rejected", "no_address");
  assert_result (create_member (w, w->other, w->b, "\"lat\":48.845,\"lon\":2.372", NULL),
                 "applied", NULL);

  /* A coordinator accepts an address the base lacks (a new building), with a reason: logged. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM member_audit"), ==, 0);
  g_clear_pointer (&id, g_free);
  assert_result (create_member (w, w->coord, w->a, "\"address\":\"99 rue Traversière\","
                                "\"lat\":48.8470,\"lon\":2.3720,"
                                "\"address_override\":\"New building, seen by the coordinator\"",
                                &id), "applied", NULL);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM member_audit WHERE member_id = '%s' AND"
                         " action = 'address-override' AND user_id = '%s' AND"
                         " json_extract (detail, '$.check') = 'address_not_found'",
                         id, w->coord_id);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  /* ...a volunteer may not. */
  assert_result (create_member (w, w->vol, w->a, "\"address\":\"99 rue Traversière\","
                                "\"address_override\":\"She says so\"", NULL),
                 "rejected", "forbidden");
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM member_audit"), ==, 1);

  /* An update that moves her to an unknown address is checked too. */
  {
    g_autofree char *mid = NULL;
    g_autofree char *client = vs_uuid ();
    g_autofree char *args = NULL;
    g_autoptr(JsonNode) answer = NULL;

    assert_result (create_member (w, w->coord, w->a, "\"address\":\"12 rue Traversière\"", &mid),
                   "applied", NULL);
    args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,"
                            "\"fields\":{\"address\":\"98 rue Traversière\"}}", mid);
    answer = vs_push1 (w->server, w->coord, client, 1, "member.update", args, NULL);
    g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "code"), ==,
                     "address_not_found");
    g_clear_pointer (&answer, json_node_unref);
    g_free (args);
    args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,"
                            "\"fields\":{\"address\":\"14b rue Traversiere\"}}", mid);
    answer = vs_push1 (w->server, w->coord, client, 2, "member.update", args, NULL);
    g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==,
                     "applied");
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s' AND"
                           " CAST (json_extract (data, '$.lat') AS DOUBLE PRECISION) = 48.8479",
                           mid);
    g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);
  }
  vs_world_free (w);
}

/* GET with If-None-Match; returns the status, sets *etag and *answer (200 only). */
static guint
get_addresses (VsWorld     *w,
               const char  *assoc,
               const char  *token,
               const char  *if_none_match,
               char       **etag,
               JsonNode   **answer)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/associations/%s/addresses",
                                          w->server->base_url, assoc);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (if_none_match)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  if_none_match);
  body = soup_session_send_and_read (w->server->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (etag)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "ETag"));
  if (answer && soup_message_get_status (msg) == 200)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 g_bytes_get_size (body), NULL));
      *answer = json_node_copy (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
}

static void
test_routes (void)
{
  VsWorld *w = vs_world_new (NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;
  JsonObject *first;
  guint status = 0;

  /* No base yet: an empty one, version 0. */
  g_assert_cmpuint (get_addresses (w, w->a, w->vol, NULL, &etag, &answer), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "version"), ==, 0);
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&etag, g_free);

  load_base (w);
  /* Any role of the association reads it... */
  g_assert_cmpuint (get_addresses (w, w->a, w->vol, "\"0\"", &etag, &answer), ==, 200);
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "street"), ==, "rue Traversière");
  g_assert_cmpint (json_object_get_int_member (first, "number"), ==, 12);
  g_assert_cmpfloat (json_object_get_double_member (first, "lat"), ==, 48.8478);
  g_assert_cmpstr (etag, ==, "\"1\"");
  /* ...not again while it has not changed... */
  g_assert_cmpuint (get_addresses (w, w->a, w->vol, etag, &etag2, NULL), ==, 304);
  g_assert_cmpstr (etag2, ==, etag);
  /* ...and nobody of another association. */
  g_assert_cmpuint (get_addresses (w, w->a, w->other, NULL, NULL, NULL), ==, 403);

  /* The details: coordinators only; every laptop reads them in /me. */
  path = g_strdup_printf ("/api/v1/associations/%s/details", w->a);
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_post (w->server, path, w->vol, "{\"phone\":\"01 02 03 04 05\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_post (w->server, path, w->coord, "{\"phone\":\"letters\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_post (w->server, path, w->coord, "{\"phone\":\"01 43 43 00 00\","
                    "\"email\":\"contact@voisins.example\",\"address\":\"4 rue Traversière\"}",
                    &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "phone"), ==,
                   "01 43 43 00 00");
  me = vs_get (w->server, "/api/v1/me", w->vol, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *assocs = json_object_get_array_member (json_node_get_object (me), "associations");
    JsonObject *a = json_array_get_object_element (assocs, 0);

    g_assert_cmpstr (json_object_get_string_member (a, "email"), ==, "contact@voisins.example");
    g_assert_cmpstr (json_object_get_string_member (a, "address"), ==, "4 rue Traversière");
    g_assert_cmpint (json_object_get_int_member (a, "addresses_version"), ==, 1);
  }
  vs_world_free (w);
}

/* The demo's members live at BAN addresses: with the demo's base loaded by import-demo,
 * each of them passes the server's check as she is. */
static void
test_demo_addresses (void)
{
  DATA_OR_SKIP (qv_addresses, "ban_adresses_quinze_vingts.geojson");
  VsServer *server = vs_server_new (NULL);
  g_autofree char *assoc = vs_server_cli (server, NULL, "import-demo", "--members", "40",
                                          "--posts", "0", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/members", assoc);
  g_autofree char *client = vs_uuid ();
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *items;
  guint status = 0, checked = 0;

  g_free (vs_server_add_user (server, assoc, "c2", "coordinator"));
  g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM addresses"), >, 1000);
  vs_server_start (server);
  token = vs_server_login (server, "c2");
  list = vs_get (server, path, token, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *m = json_array_get_object_element (items, i);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) args = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *text = NULL;

      if (!json_object_has_member (m, "address"))
        continue;
      json_object_set_string_member (fields, "address",
                                     json_object_get_string_member (m, "address"));
      json_object_set_string_member (args, "id", json_object_get_string_member (m, "id"));
      json_object_set_int_member (args, "base_version", json_object_get_int_member (m, "version"));
      json_object_set_object_member (args, "fields", json_object_ref (fields));
      node = json_node_init_object (json_node_alloc (), args);
      text = vs_to_string (node);
      answer = vs_push1 (server, token, client, ++checked, "member.update", text, NULL);
      g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==,
                       "applied");
    }
  g_assert_cmpuint (checked, ==, 40);
  vs_server_free (server);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/addresses/unknown-command", test_unknown_command);
  g_test_add_func ("/server/addresses/create-with-feature", test_create_with_feature);
  g_test_add_func ("/server/addresses/create-refusals", test_create_refusals);
  g_test_add_func ("/server/addresses/import", test_import_csv_and_geojson);
  g_test_add_func ("/server/addresses/member-checks", test_member_checks);
  g_test_add_func ("/server/addresses/routes", test_routes);
  g_test_add_func ("/server/addresses/demo", test_demo_addresses);
  return g_test_run ();
}
