/* voisins-server-cmd-spreadsheet.c: import-members and export-members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <stdio.h>

#include "voisins-uuid.h"

#include "voisins-server-cmd-spreadsheet.h"
#include "voisins-json.h"

static gboolean opt_dry_run;
static const char *arg_association;
static const char *arg_to;
static const char *arg_file;

static const GOptionEntry members_entries[] = {
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run,
    "import-members: check every row, write nothing", NULL },
  { NULL }
};

GOptionGroup *
voisins_server_cmd_spreadsheet_options (void)
{
  GOptionGroup *group = g_option_group_new ("spreadsheet", "The members' spreadsheet:",
                                            "Show the import-members options", NULL, NULL);

  g_option_group_add_entries (group, members_entries);
  return group;
}

void
voisins_server_cmd_spreadsheet_set_args (const char *association_id,
                                     const char *to,
                                     const char *file)
{
  arg_association = association_id;
  arg_to = to;
  arg_file = file;
}

gboolean
voisins_server_cmd_spreadsheet_takes_file (const char *command)
{
  return g_strcmp0 (command, "import-members") == 0;
}

static int
fail (const char *what,
      GError     *error)
{
  g_printerr ("voisins-server: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

int
voisins_server_cmd_import_members (VoisinsServerConfig *config,
                                   VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *data = NULL;
  JsonObject *o;
  JsonArray *rows, *warnings;
  gint64 n_ok;
  gsize len;

  if (arg_association == NULL || !voisins_uuid_is_valid (arg_association) || arg_file == NULL)
    {
      g_printerr ("voisins-server: import-members needs --association ID FILE.csv "
                  "[--dry-run]\n");
      return 2;
    }
  if (!g_file_get_contents (arg_file, &data, &len, &error))
    return fail ("cannot read the spreadsheet", error);
  if (!(report = voisins_server_sqlite_import_members (storage, arg_association, data, len,
                                                       opt_dry_run, NULL, &error)))
    return fail ("nothing imported", error);

  o = json_node_get_object (report);
  warnings = voisins_json_read_array (o, "warnings");
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    g_printerr ("warning: %s\n", voisins_json_element_string (warnings, i));
  rows = voisins_json_read_array (o, "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = voisins_json_element_object (rows, i);
      const char *reason = voisins_json_read_string_or (row, "reason", NULL);

      const char      *first = voisins_json_read_string_or (row, "first_name", NULL);
      const char      *last = voisins_json_read_string_or (row, "last_name", NULL);
      const char      *address = voisins_json_read_string_or (row, "address", NULL);
      g_autofree char *who = g_strjoin (" ", first ? first : "", last ? last : "", NULL);

      /* A malformed line has no name nor address to show: its line and reason say it. */
      g_strstrip (who);
      printf ("line %" G_GINT64_FORMAT ": %s%s%s%s%s%s%s\n", voisins_json_read_int (row, "line"),
              voisins_json_read_string (row, "status"), *who ? ": " : "", who, address ? ", " : "",
              address ? address : "", reason ? ": " : "", reason ? reason : "");
    }
  n_ok = voisins_json_read_int (o, opt_dry_run ? "to_import" : "imported");
  printf ("%" G_GINT64_FORMAT " %s, %" G_GINT64_FORMAT " duplicates, %" G_GINT64_FORMAT
          " refused%s\n",
          n_ok, opt_dry_run ? "to import" : "imported", voisins_json_read_int (o, "duplicates"),
          voisins_json_read_int (o, "refused"), opt_dry_run ? " (dry run: nothing written)" : "");
  /* Every row refused: the file needs fixing before anything is in. */
  return n_ok == 0 && voisins_json_read_int (o, "refused") > 0 ? 1 : 0;
}

int
voisins_server_cmd_export_members (VoisinsServerConfig *config,
                                   VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  gsize len;

  if (arg_association == NULL || !voisins_uuid_is_valid (arg_association))
    {
      g_printerr ("voisins-server: export-members needs --association ID [--to FILE]\n");
      return 2;
    }
  if (!(csv = voisins_server_sqlite_export_members (storage, arg_association, &len, &error)))
    return fail ("cannot export the members", error);
  if (arg_to)
    {
      /* The spreadsheet holds everyone's address and phone: for its owner only. */
      if (!g_file_set_contents_full (arg_to, csv, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &error))
        return fail ("cannot write the spreadsheet", error);
      return 0;
    }
  if (fwrite (csv, 1, len, stdout) != len)
    return 1;
  return 0;
}
