/* voisins-server-cmd-addresses.c: create-association, set-association, import-addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <stdio.h>
#include <string.h>

#include "voisins-geojson.h"
#include "voisins-json.h"
#include "voisins-uuid.h"

#include "voisins-server-ban.h"
#include "voisins-server-cmd.h"
#include "voisins-server-cmd-addresses.h"

#define DEMO_ADDRESSES_FILE "ban_adresses_quinze_vingts.geojson"

static char *opt_name;
static char *opt_boundary;
static char *opt_feature;
static char *opt_phone;
static char *opt_email;
static char *opt_address;

static const GOptionEntry entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "The association's name", "NAME" },
  { "boundary", 0, 0, G_OPTION_ARG_FILENAME, &opt_boundary,
    "GeoJSON file of the quartier (a Feature, a Polygon, or a FeatureCollection with --feature)",
    "FILE" },
  { "feature", 0, 0, G_OPTION_ARG_STRING, &opt_feature,
    "Which feature of a FeatureCollection is the quartier (e.g. l_qu=Sainte-Marguerite)",
    "KEY=VALUE" },
  { "phone", 0, 0, G_OPTION_ARG_STRING, &opt_phone, "Phone number printed on letters", "PHONE" },
  { "email", 0, 0, G_OPTION_ARG_STRING, &opt_email, "Email address printed on letters", "EMAIL" },
  { "address", 0, 0, G_OPTION_ARG_STRING, &opt_address, "Postal address printed on letters",
    "ADDRESS" },
  { NULL }
};

GOptionGroup *
voisins_server_cmd_addresses_options (void)
{
  GOptionGroup *group = g_option_group_new ("association",
                                            "create-association, set-association:",
                                            "Show the options of the association's set-up",
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

static int
fail (const char *what,
      GError     *error)
{
  g_printerr ("voisins-server: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

/* {{{ the boundary */

/* The properties that name a feature in the files associations get (Paris's quartiers:
 * l_qu; IGN and OSM exports: nom, name...). */
static const char *const name_keys[] = { "l_qu", "nom", "name", "NOM", "Nom",
                                         "libelle", "l_ar", "nom_quartier", "NOM_IRIS", NULL };

static char *
property_text (JsonObject *properties,
               const char *key)
{
  JsonNode *node = properties ? json_object_get_member (properties, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static JsonObject *
feature_properties (JsonNode *feature)
{
  JsonObject *obj;
  JsonNode *p;

  if (!JSON_NODE_HOLDS_OBJECT (feature))
    return NULL;
  obj = json_node_get_object (feature);
  p = json_object_get_member (obj, "properties");
  return p && JSON_NODE_HOLDS_OBJECT (p) ? json_node_get_object (p) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

/* "KEY: a, b, c": the features' names, by @key if the features have it, else by the first
 * name-like property they have. */
static char *
feature_names (JsonArray  *features,
               const char *key)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonObject *first = feature_properties (json_array_get_element (features, 0));
  const char *by = NULL;
  GString *text;

  if (key && first && json_object_has_member (first, key))
    by = key;
  for (guint i = 0; by == NULL && name_keys[i]; i++)
    if (first && json_object_has_member (first, name_keys[i]))
      by = name_keys[i];
  if (by == NULL)
    return g_strdup ("(the features have no name property: give --feature KEY=VALUE with one "
                     "of their properties)");

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      char *name = property_text (feature_properties (json_array_get_element (features, i)), by);

      if (name)
        g_ptr_array_add (names, name);
    }
  g_ptr_array_sort (names, compare_names);
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s=", by);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
  return g_string_free (text, FALSE);
}

/* The quartier's polygon from @path: the one feature of a collection that --feature names
 * (or its only feature), a Feature or a geometry. */
static VoisinsPolygon *
read_boundary (const char  *path,
               const char  *feature,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *features;
  g_auto(GStrv) kv = NULL;
  JsonNode *found = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if (!(root = voisins_json_parse (text, -1, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a GeoJSON object");
      return NULL;
    }
  obj = json_node_get_object (root);
  if (g_strcmp0 (voisins_json_read_string_or (obj, "type", ""), "FeatureCollection") != 0)
    {
      if (feature)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "--feature picks a feature of a FeatureCollection; this file has "
                               "one boundary only: leave --feature out");
          return NULL;
        }
      return voisins_polygon_new_from_node (root, error);
    }

  if (!json_object_has_member (obj, "features") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "features")) ||
      json_array_get_length (features = voisins_json_read_array (obj, "features")) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The FeatureCollection has no feature");
      return NULL;
    }

  if (feature == NULL)
    {
      g_autofree char *names = NULL;

      if (json_array_get_length (features) == 1)
        return voisins_polygon_new_from_node (json_array_get_element (features, 0), error);
      names = feature_names (features, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The file has %u features: say which one is the quartier with "
                   "--feature KEY=VALUE. Features: %s", json_array_get_length (features), names);
      return NULL;
    }

  kv = g_strsplit (feature, "=", 2);
  if (kv[0] == NULL || kv[1] == NULL || kv[0][0] == '\0' || kv[1][0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--feature must be KEY=VALUE, e.g. l_qu=Sainte-Marguerite");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      g_autofree char *value = property_text (feature_properties (node), kv[0]);

      if (value && g_str_equal (value, kv[1]))
        {
          if (found)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Several features have %s=%s: choose a property that tells them "
                           "apart", kv[0], kv[1]);
              return NULL;
            }
          found = node;
        }
    }
  if (found == NULL)
    {
      g_autofree char *names = feature_names (features, kv[0]);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "No feature has %s=%s. Features: %s", kv[0], kv[1], names);
      return NULL;
    }
  return voisins_polygon_new_from_node (found, error);
}

/* }}} */
/* {{{ commands */

int
voisins_server_cmd_create_association (VoisinsServerConfig *config,
                                       VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPolygon) polygon = NULL;
  g_autofree char *geojson = NULL;
  g_autofree char *id = NULL;

  if (opt_name == NULL || opt_boundary == NULL)
    {
      g_printerr ("voisins-server: create-association needs --name NAME and --boundary FILE "
                  "(the quartier: members are checked against it)\n");
      return 2;
    }
  if (!voisins_server_sqlite_check_association_details (opt_name, opt_phone, opt_email,
                                                        opt_address, &error))
    return fail ("cannot create the association", error);
  if (!(polygon = read_boundary (opt_boundary, opt_feature, &error)))
    return fail ("bad boundary", error);
  geojson = voisins_polygon_to_geojson (polygon);
  if (!(id = voisins_server_sqlite_create_association (storage, NULL, opt_name, geojson, &error)))
    return fail ("cannot create the association", error);
  if ((opt_phone || opt_email || opt_address) &&
      !voisins_server_sqlite_set_association_details (storage, id, NULL, opt_phone, opt_email,
                                                      opt_address, &error))
    return fail ("cannot set the association's details", error);
  printf ("%s\n", id);
  return 0;
}

int
voisins_server_cmd_set_association (VoisinsServerConfig *config,
                                    VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  const char *id = voisins_server_cmd_association;

  if (id == NULL || !voisins_uuid_is_valid (id) ||
      (!opt_name && !opt_phone && !opt_email && !opt_address))
    {
      g_printerr ("voisins-server: set-association needs --association ID and one of --name, "
                  "--phone, --email, --address (\"\" clears a detail)\n");
      return 2;
    }
  if (opt_boundary || opt_feature)
    {
      g_printerr ("voisins-server: set-association does not change the boundary\n");
      return 2;
    }
  if (!voisins_server_sqlite_set_association_details (storage, id, opt_name, opt_phone,
                                                      opt_email, opt_address, &error))
    return fail ("cannot change the association", error);
  return 0;
}

static gboolean
load_addresses (VoisinsServerSqlite     *storage,
                const char              *association_id,
                const char              *path,
                VoisinsServerBanCounts  *counts,
                GError                 **error)
{
  g_autoptr(VoisinsPolygon) boundary = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GError) local_error = NULL;

  boundary = voisins_server_sqlite_get_boundary (storage, association_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (boundary == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The association has no boundary to keep the addresses of");
      return FALSE;
    }
  if (!(addresses = voisins_server_ban_read (path, boundary, counts, error)))
    return FALSE;
  if (addresses->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "No address of the file is inside the quartier (%u outside, %u malformed): "
                   "the base is left as it was", counts->outside, counts->malformed);
      return FALSE;
    }
  return voisins_server_sqlite_replace_addresses (storage, association_id, addresses, error);
}

int
voisins_server_cmd_import_addresses (VoisinsServerConfig *config,
                                     VoisinsServerSqlite *storage)
{
  g_autoptr(GError) error = NULL;
  const char *id = voisins_server_cmd_association;
  const char *path = voisins_server_cmd_args[0];
  VoisinsServerBanCounts counts;

  if (id == NULL || !voisins_uuid_is_valid (id) || path == NULL)
    {
      g_printerr ("voisins-server: import-addresses needs --association ID and a FILE "
                  "(BAN CSV or GeoJSON points)\n");
      return 2;
    }
  if (!load_addresses (storage, id, path, &counts, &error))
    return fail ("cannot import the addresses", error);
  /* Scripts read the first number; people the rest. */
  printf ("kept %u addresses inside the quartier; dropped %u outside, %u malformed\n",
          counts.kept, counts.outside, counts.malformed);
  if (counts.malformed > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      guint shown = MIN (counts.malformed, VOISINS_SERVER_BAN_MAX_LINES);

      for (guint i = 0; i < shown; i++)
        g_string_append_printf (lines, "%s%u", i > 0 ? ", " : "", counts.malformed_lines[i]);
      g_printerr ("Malformed rows (no number, no street, no position, or a number BAN does not "
                  "write) at line%s %s%s.\n", shown > 1 ? "s" : "", lines->str,
                  counts.malformed > shown ? ", …" : "");
    }
  g_printerr ("The previous address base was replaced; laptops get the new one at their next "
              "sync.\n");
  return 0;
}

int
voisins_server_cmd_load_demo_addresses (VoisinsServerSqlite *storage,
                                        const char          *association_id,
                                        const char          *data_dir,
                                        GError             **error)
{
  g_autofree char *path = g_build_filename (data_dir, DEMO_ADDRESSES_FILE, NULL);
  VoisinsServerBanCounts counts;

  if (!load_addresses (storage, association_id, path, &counts, error))
    return -1;
  return (int) counts.kept;
}

/* }}} */
