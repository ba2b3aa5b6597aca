/* voisins-server-cmd-members.c: the members' admin commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <stdio.h>

#include "voisins-uuid.h"

#include "voisins-server-cmd-members.h"
#include "voisins-json.h"

static int opt_years;

static const GOptionEntry entries[] = {
  { "years", 0, 0, G_OPTION_ARG_INT, &opt_years,
    "list-inactive-members: no activity for N years (member-review-years)", "N" },
  { NULL }
};

GOptionGroup *
voisins_server_cmd_members_options (void)
{
  GOptionGroup *group = g_option_group_new (
      "members", "Members' commands:", "Show the members' commands' options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

int
voisins_server_cmd_list_inactive_members (VoisinsServerConfig *config,
                                          VoisinsServerSqlite *storage,
                                          const char          *association_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  int        years = opt_years > 0 ? opt_years : config->member_review_years;
  JsonArray *items;

  if (association_id == NULL || !voisins_uuid_is_valid (association_id))
    {
      g_printerr ("voisins-server: list-inactive-members needs --association ID [--years N]\n");
      return 2;
    }
  if (!(answer =
            voisins_server_sqlite_list_inactive_members (storage, association_id, years, &error)))
    {
      g_printerr ("voisins-server: cannot list the inactive members: %s\n", error->message);
      return 1;
    }
  items = voisins_json_read_array (json_node_get_object (answer), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = voisins_json_element_object (items, i);
      gint64      last = voisins_json_read_int (item, "last_activity");
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (last);
      g_autofree char *date = when ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("-");

      /* The operator's terminal, not a log: the names are what the review is for. */
      printf ("%s\t%s\t%s %s\n", voisins_json_read_string (item, "id"), date,
              voisins_json_read_string_or (item, "first_name", ""),
              voisins_json_read_string_or (item, "last_name", ""));
    }
  g_printerr ("%u members with no activity for %d years\n", json_array_get_length (items), years);
  return 0;
}
