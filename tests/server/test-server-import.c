/* test-server-import.c: import-members and export-members, the commands and the routes,
 * against a real server with the Quinze-Vingts address base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "voisins-server-rules.h"

#include "server-fixture.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared", "data", "paris",
                           name, NULL);
}

/* Runs voisins-server with @args; returns its exit status, stdout in *out. */
static int
run_cli (VsServer    *server,
         char       **out,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *build = g_build_filename (g_getenv ("VOISINS_BUILD_DIR"), "src", "server",
                                             "voisins-server", NULL);
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, build);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, server->config_path);
  va_start (ap, out);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
import (VsServer   *server,
        const char *assoc,
        const char *token,
        const char *csv,
        gsize       len,
        gboolean    dry_run,
        guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/members/import%s", assoc,
                                           dry_run ? "?dry_run=true" : "");

  return vs_request (server, "POST", path, token, csv, len, status, NULL);
}

static char *
export (VsServer   *server,
        const char *assoc,
        const char *token,
        guint      *status,
        gsize      *len)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/associations/%s/members/export",
                                          server->base_url, assoc);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (*status == 200)
    g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL), ==, "text/csv");
  data = g_bytes_get_data (body, len);
  return g_strndup (data, *len);
}

static JsonObject *
report_row (JsonNode *report,
            guint     i)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (report), "rows");

  g_assert_cmpuint (i, <, json_array_get_length (rows));
  return json_array_get_object_element (rows, i);
}

static void
assert_row (JsonNode   *report,
            guint       i,
            gint64      line,
            const char *status,
            const char *code)
{
  JsonObject *row = report_row (report, i);

  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, line);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member_with_default (row, "code", NULL), ==, code);
}

static gint64
count (JsonNode   *report,
       const char *name)
{
  return json_object_get_int_member (json_node_get_object (report), name);
}

/* What a coordinator's French spreadsheet program saves: Windows-1252, `;`, CRLF. The needs
 * of line 3 span lines 3 and 4. */
static const char french_sheet[] =
  "Prénom;Nom;Adresse;Code postal;Ville;Téléphone;Besoins;Remarques\r\n"        /* 1 */
  "Hélène;Lefèvre;14 bd de la Bastille;75012;Paris;01 43 00 00 01;courses;\r\n" /* 2 ok */
  "Zoé;Martin;6 r. Michel Chasles;75012;Paris;;\"courses\r\npharmacie\";\r\n"   /* 3-4 ok */
  "Jean;Roux;1 rue du Faubourg Saint-Antoine;75011;Paris;;;\r\n"               /* 5 outside */
  "Marie;Blanc;999 rue de Lyon;75012;Paris;;;\r\n"                             /* 6 not found */
  ";;45 rue de Lyon;75012;Paris;;;\r\n"                                        /* 7 no name */
  "Paul;Durand;\"8 place Louis Armand\"x;75012;Paris;;;\r\n"                   /* 8 malformed */
  "Lucie;Petit;6 BIS RUE DE LYON;75012;Paris;;;voisine du 2e\r\n"              /* 9 ok (bis) */
  "hélène;LEFEVRE;14 Boulevard de la Bastille;75012;Paris;;;\r\n";             /* 10 duplicate */

static char *
french_sheet_1252 (gsize *len)
{
  g_autoptr(GError) error = NULL;
  char *text = g_convert (french_sheet, -1, "WINDOWS-1252", "UTF-8", NULL, len, &error);

  g_assert_no_error (error);
  return text;
}

static void
test_import_report (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(JsonNode) preview = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *client = vs_uuid ();
  g_autofree char *sql = NULL;
  gboolean reset = FALSE;
  guint status = 0;
  gint64 seq_before;
  gsize len;
  guint n_members = 0;

  vs_server_load_quinze_vingts (w->server, w->a);
  csv = french_sheet_1252 (&len);

  /* The preview: every row and its problem, nothing written. */
  preview = import (w->server, w->a, w->coord, csv, len, TRUE, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (preview), "dry_run"));
  g_assert_cmpint (count (preview, "to_import"), ==, 3);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 0);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM member_audit"), ==, 0);

  report = import (w->server, w->a, w->coord, csv, len, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "encoding"), ==,
                   "WINDOWS-1252");
  g_assert_cmpint (count (report, "imported"), ==, 3);
  g_assert_cmpint (count (report, "duplicates"), ==, 1);
  g_assert_cmpint (count (report, "refused"), ==, 4);
  assert_row (report, 0, 2, "ok", NULL);
  assert_row (report, 1, 3, "ok", NULL);
  assert_row (report, 2, 5, "refused", "outside_quartier");
  assert_row (report, 3, 6, "refused", "address_not_found");
  assert_row (report, 4, 7, "refused", "no_name");
  assert_row (report, 5, 8, "refused", "malformed");
  assert_row (report, 6, 9, "ok", NULL);
  assert_row (report, 7, 10, "duplicate", "duplicate");
  /* The address as the base writes it, whatever the sheet's spelling. */
  g_assert_cmpstr (json_object_get_string_member (report_row (report, 0), "address"), ==,
                   "14 Boulevard de la Bastille");
  g_assert_cmpstr (json_object_get_string_member (report_row (report, 6), "address"), ==,
                   "6 bis Rue de Lyon");
  g_assert_cmpstr (json_object_get_string_member (report_row (report, 2), "reason"), ==,
                   "Outside the quartier");
  /* The column it does not know is said. */
  g_assert_nonnull (strstr (vs_to_string (json_object_get_member (json_node_get_object (report),
                                                                  "warnings")), "Remarques"));
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 3);

  /* Each one recorded by the coordinator, unverified, at the base's position, with the
   * server's approximate one, and audited as imported. */
  sql =
      g_strdup_printf ("SELECT count(*) FROM records WHERE type = 'member' AND recorded_by = '%s'"
                       " AND json_extract (data, '$.verification') = 'unverified'"
                       " AND CAST (json_extract (data, '$.lat') AS DOUBLE PRECISION) > 48.84"
                       " AND CAST (json_extract (data, '$.approx_lat') AS DOUBLE PRECISION) > 48.83"
                       " AND CAST (json_extract (data, '$.approx_lat') AS DOUBLE PRECISION)"
                       " != CAST (json_extract (data, '$.lat') AS DOUBLE PRECISION)"
                       " AND server_seq > 0 AND version = 1",
                       w->coord_id);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 3);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM member_audit WHERE action = 'imported'"
                         " AND user_id = '%s'", w->coord_id);
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 3);
  g_free (sql);
  /* A line feed in SQL: char () on SQLite, chr () on PostgreSQL. */
  sql =
      g_strdup_printf ("SELECT count(*) FROM records WHERE type = 'member'"
                       " AND json_extract (data, '$.needs') = 'courses' || %s (10) || 'pharmacie'",
                       vs_backend_is_postgresql () ? "chr" : "char");
  g_assert_cmpint (vs_db_count (w->server, sql), ==, 1);

  /* A laptop gets them at its next sync. */
  changes = vs_pull_all (w->server, w->coord, client, w->a, NULL, 100, &cursor, &reset);
  for (guint i = 0; i < changes->len; i++)
    n_members += g_strcmp0 (json_object_get_string_member_with_default (
                              g_ptr_array_index (changes, i), "type", NULL), "member") == 0;
  g_assert_cmpuint (n_members, ==, 3);

  /* The same file again: all duplicates, nothing written. */
  seq_before = vs_db_count (w->server, "SELECT max (server_seq) FROM records");
  again = import (w->server, w->a, w->coord, csv, len, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (count (again, "imported"), ==, 0);
  g_assert_cmpint (count (again, "duplicates"), ==, 4);
  g_assert_cmpint (count (again, "refused"), ==, 4);
  assert_row (again, 0, 2, "duplicate", "duplicate");
  assert_row (again, 6, 9, "duplicate", "duplicate");
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 3);
  g_assert_cmpint (vs_db_count (w->server, "SELECT max (server_seq) FROM records"), ==, seq_before);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM member_audit"), ==, 3);
}

/* The command, on a UTF-8 `,` file with English headers: --dry-run writes nothing, then the
 * import, then the report and the exit status. */
static void
test_command (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *out = NULL;
  static const char sheet[] =
    "\xEF\xBB\xBF" "First name,Last name,Address,Postcode,City,Phone,Languages\n"
    "Ann,Smith,149 Rue de Charenton,75012,Paris,0600000000,english\n"
    "Bob,Jones,\"17, rue de Prague\",75012,Paris,,\n"
    "Carl,,12 Nowhere Street,75012,Paris,,\n";
  static const char bad_sheet[] =
    "First name;Address\n"
    "Dan;31 rue des Tournelles\n";

  vs_server_load_quinze_vingts (w->server, w->a);
  path = g_build_filename (w->server->dir, "members.csv", NULL);
  g_assert_true (g_file_set_contents (path, sheet, -1, NULL));

  g_assert_cmpint (run_cli (w->server, &out, "import-members", "--association", w->a, path,
                            "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "line 2: ok: Ann Smith, 149 Rue de Charenton"));
  g_assert_nonnull (strstr (out, "line 4: refused: Carl"));
  g_assert_nonnull (strstr (out, "2 to import, 0 duplicates, 1 refused (dry run: nothing written)"));
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (w->server, &out, "import-members", "--association", w->a, path, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "line 3: ok: Bob Jones, 17 Rue de Prague"));
  g_assert_nonnull (strstr (out, "line 4: refused: Carl, 12 Nowhere Street: Address not found"));
  g_assert_nonnull (strstr (out, "2 imported, 0 duplicates, 1 refused"));
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"
                                           " AND recorded_by IS NULL"), ==, 2);
  g_clear_pointer (&out, g_free);

  /* Nothing it could write: a failure for scripts. */
  bad_path = g_build_filename (w->server->dir, "bad.csv", NULL);
  g_assert_true (g_file_set_contents (bad_path, bad_sheet, -1, NULL));
  g_assert_cmpint (run_cli (w->server, &out, "import-members", "--association", w->a, bad_path,
                            NULL), ==, 1);
  g_assert_nonnull (strstr (out, "line 2: refused: Dan, 31 Rue des Tournelles: Outside"));
  g_clear_pointer (&out, g_free);
  /* No file at all. */
  g_assert_cmpint (run_cli (w->server, &out, "import-members", "--association", w->a, NULL), ==, 2);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 2);
}

/* Without an address base, a position column is the only way in. */
static void
test_no_address_base (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(JsonNode) report = NULL;
  guint status;
  static const char sheet[] =
    "prénom;nom;adresse;latitude;longitude\n"
    "Ann;Smith;3 rue Chaligny;48,8470;2,3800\n"
    "Bob;Jones;1 rue de Paris;48.90;2.30\n"
    "Carl;Roy;4 rue Crozatier;;\n";

  report = import (w->server, w->a, w->coord, sheet, strlen (sheet), FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_row (report, 0, 2, "ok", NULL);
  assert_row (report, 1, 3, "refused", "outside_quartier");
  assert_row (report, 2, 4, "refused", "no_address_base");
  g_assert_nonnull (strstr (json_object_get_string_member (report_row (report, 2), "reason"),
                            "import-addresses"));
  g_assert_cmpint (
      vs_db_count (w->server,
                   "SELECT count(*) FROM records WHERE type = 'member'"
                   " AND CAST (json_extract (data, '$.lat') AS DOUBLE PRECISION) = 48.847"),
      ==, 1);
}

/* The export reads back as the same members: all duplicates. */
static void
test_export_reimport (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from_cli = NULL;
  g_autofree char *out = NULL;
  guint status;
  gsize len, exported_len, cli_len;

  vs_server_load_quinze_vingts (w->server, w->a);
  csv = french_sheet_1252 (&len);
  report = import (w->server, w->a, w->coord, csv, len, FALSE, &status);
  g_assert_cmpint (count (report, "imported"), ==, 3);

  exported = export (w->server, w->a, w->coord, &status, &exported_len);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (exported, "\xEF\xBB\xBF" "Prénom;Nom;Adresse;Code postal;"));
  g_assert_nonnull (strstr (exported, "Hélène;Lefèvre;14 Boulevard de la Bastille;75012;Paris;"
                                      "01 43 00 00 01"));

  again = import (w->server, w->a, w->coord, exported, exported_len, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (count (again, "imported"), ==, 0);
  g_assert_cmpint (count (again, "duplicates"), ==, 3);
  g_assert_cmpint (count (again, "refused"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     json_node_get_object (again), "warnings")), ==, 0);
  /* Line 3 is Zoé, whose needs span two lines: the next row is on line 5. */
  assert_row (again, 2, 5, "duplicate", "duplicate");

  /* The command writes the same file. */
  to = g_build_filename (w->server->dir, "export.csv", NULL);
  g_assert_cmpint (run_cli (w->server, &out, "export-members", "--association", w->a, "--to", to,
                            NULL), ==, 0);
  g_assert_true (g_file_get_contents (to, &from_cli, &cli_len, NULL));
  g_assert_cmpmem (from_cli, cli_len, exported, exported_len);
}

/* The rules table's rows for import and export, walked for each role; and a caller of
 * another association is refused. */
static void
test_rules (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  const VoisinsServerRule *rules;
  static const char sheet[] = "prénom;nom;adresse\nAnn;Smith;3 rue Chaligny\n";
  guint n, checked = 0, status;

  vs_server_load_quinze_vingts (w->server, w->a);
  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    {
      const char *token;

      if (rules[i].action != VOISINS_SERVER_ACTION_IMPORT &&
          rules[i].action != VOISINS_SERVER_ACTION_EXPORT)
        continue;
      g_assert_cmpint (rules[i].record, ==, VOISINS_SERVER_RECORD_MEMBER);
      token = rules[i].role == VOISINS_ROLE_VOLUNTEER ? w->vol :
              rules[i].role == VOISINS_ROLE_COORDINATOR ? w->coord : w->admin;
      if (rules[i].action == VOISINS_SERVER_ACTION_IMPORT)
        {
          g_autoptr(JsonNode) answer = import (w->server, w->a, token, sheet, strlen (sheet), TRUE,
                                               &status);

          if (!rules[i].allowed)
            g_assert_cmpstr (vs_error_code (answer), ==, "forbidden");
        }
      else
        {
          g_autofree char *text = NULL;
          gsize len;

          text = export (w->server, w->a, token, &status, &len);
          if (!rules[i].allowed)
            g_assert_null (strstr (text, "Smith"));
        }
      g_assert_cmpuint (status, ==, rules[i].allowed ? 200 : 403);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 6);
  g_assert_false (voisins_server_rules_allows (VOISINS_ROLE_VOLUNTEER,
                                               VOISINS_SERVER_RECORD_MEMBER,
                                               VOISINS_SERVER_ACTION_IMPORT,
                                               VOISINS_SERVER_RELATION_ANY, NULL));

  {
    g_autoptr(JsonNode) answer = import (w->server, w->a, w->other, sheet, strlen (sheet), FALSE,
                                         &status);

    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) answer = import (w->server, w->a, NULL, sheet, strlen (sheet), FALSE,
                                         &status);

    g_assert_cmpuint (status, ==, 401);
  }
  {
    /* An empty body, and a file that is no spreadsheet. */
    g_autoptr(JsonNode) empty = import (w->server, w->a, w->coord, NULL, 0, FALSE, &status);
    g_autoptr(JsonNode) junk = NULL;

    g_assert_cmpuint (status, ==, 400);
    junk = import (w->server, w->a, w->coord, "\xff\xfe\x00", 3, FALSE, &status);
    g_assert_cmpuint (status, ==, 422);
  }
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'member'"),
                   ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ban = NULL;

  g_test_init (&argc, &argv, NULL);
  ban = data_path ("ban_adresses_quinze_vingts.geojson");
  if (!g_file_test (ban, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no ../shared/data/paris");
      return g_test_run ();
    }
  g_test_add_func ("/server/import/report", test_import_report);
  g_test_add_func ("/server/import/command", test_command);
  g_test_add_func ("/server/import/no-address-base", test_no_address_base);
  g_test_add_func ("/server/import/export-reimport", test_export_reimport);
  g_test_add_func ("/server/import/rules", test_rules);
  return g_test_run ();
}
