/* voisins-server-ban.c: reading an address base, the Base Adresse Nationale's CSV (with
 * libcsv) or GeoJSON points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "voisins-server-ban.h"
#include "voisins-json.h"

/* BAN writes "Rue de Lyon"; an address reads "12 bis rue de Lyon". */
static char *
street_from_ban (const char *nom_voie)
{
  char *street = g_strstrip (g_strdup (nom_voie));

  if (g_ascii_isupper (street[0]) && g_ascii_islower (street[1]))
    street[0] = g_ascii_tolower (street[0]);
  return street;
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*out);
}

/* One row of BAN, as strings (NULL: the column is absent). Adds it to @out or counts why
 * not. */
static void
add_row (GPtrArray              *out,
         VoisinsPolygon         *boundary,
         VoisinsServerBanCounts *counts,
         guint                   line,
         const char             *id,
         const char             *numero,
         const char             *rep,
         const char             *nom_voie,
         const char             *code_postal,
         const char             *nom_commune,
         const char             *lon_text,
         const char             *lat_text)
{
  g_autoptr(VoisinsAddress) a = NULL;
  const char *written_rep = voisins_address_rep_from_ban (rep ? rep : "");
  gint64 number = 0;
  double lat, lon;
  char *end = NULL;

  if (numero)
    number = g_ascii_strtoll (numero, &end, 10);
  if (numero == NULL || end == numero || *end != '\0' || number <= 0 || number > 9999 ||
      nom_voie == NULL || !g_ascii_isalpha (g_strchug ((char *) nom_voie)[0]) ||
      written_rep == NULL || !parse_double (lat_text, &lat) || !parse_double (lon_text, &lon) ||
      lat < -90 || lat > 90 || lon < -180 || lon > 180)
    {
      if (counts->malformed < VOISINS_SERVER_BAN_MAX_LINES)
        counts->malformed_lines[counts->malformed] = line;
      counts->malformed++;
      return;
    }
  if (boundary && !voisins_polygon_contains (boundary, lat, lon))
    {
      counts->outside++;
      return;
    }

  a = voisins_address_new ();
  a->number = (int) number;
  g_free (a->rep);
  a->rep = g_strdup (written_rep);
  a->street = street_from_ban (nom_voie);
  a->postcode = g_strdup (code_postal ? code_postal : "");
  a->city = g_strdup (nom_commune ? nom_commune : "");
  a->lat = lat;
  a->lon = lon;
  /* BAN's id is stable across its releases; without one, the address itself is. */
  a->id = id && id[0] ? g_strdup (id) : voisins_address_key (a);
  g_ptr_array_add (out, g_steal_pointer (&a));
  counts->kept++;
}

/* {{{ CSV */

enum
{
  COL_ID,
  COL_NUMERO,
  COL_REP,
  COL_NOM_VOIE,
  COL_CODE_POSTAL,
  COL_NOM_COMMUNE,
  COL_LON,
  COL_LAT,
  N_COLS
};
static const char *const column_names[N_COLS] = { "id", "numero", "rep", "nom_voie",
                                                  "code_postal", "nom_commune", "lon", "lat" };

typedef struct
{
  GPtrArray              *out;
  VoisinsPolygon         *boundary;
  VoisinsServerBanCounts *counts;
  GPtrArray              *fields;     /* of the row being read */
  int                     columns[N_COLS];  /* index of each, -1: absent */
  guint                   line;
  gboolean                header_read;
  char                   *missing;    /* a required column the header lacks */
} CsvState;

static void
on_field (void   *field,
          size_t  len,
          void   *user_data)
{
  CsvState *state = user_data;

  g_ptr_array_add (state->fields, g_strndup (field, len));
}

static const char *
column (CsvState *state,
        int       col)
{
  int i = state->columns[col];

  if (i < 0 || (guint) i >= state->fields->len)
    return NULL;
  return g_ptr_array_index (state->fields, i);
}

static void
on_row (int   terminator,
        void *user_data)
{
  CsvState *state = user_data;

  state->line++;
  if (!state->header_read)
    {
      state->header_read = TRUE;
      for (guint c = 0; c < N_COLS; c++)
        {
          state->columns[c] = -1;
          for (guint i = 0; i < state->fields->len; i++)
            {
              const char *name = g_ptr_array_index (state->fields, i);

              /* A UTF-8 byte order mark before the first name, as some tools write it. */
              if (i == 0 && g_str_has_prefix (name, "\xef\xbb\xbf"))
                name += 3;
              if (g_ascii_strcasecmp (g_strstrip ((char *) name), column_names[c]) == 0)
                state->columns[c] = i;
            }
          if (state->columns[c] < 0 && state->missing == NULL &&
              (c == COL_NUMERO || c == COL_NOM_VOIE || c == COL_LON || c == COL_LAT))
            state->missing = g_strdup (column_names[c]);
        }
    }
  else if (state->missing == NULL &&
           !(state->fields->len == 1 && ((char *) state->fields->pdata[0])[0] == '\0'))
    add_row (state->out, state->boundary, state->counts, state->line, column (state, COL_ID),
             column (state, COL_NUMERO), column (state, COL_REP), column (state, COL_NOM_VOIE),
             column (state, COL_CODE_POSTAL), column (state, COL_NOM_COMMUNE),
             column (state, COL_LON), column (state, COL_LAT));
  g_ptr_array_set_size (state->fields, 0);
}

static gboolean
read_csv (const char     *text,
          gsize           len,
          CsvState       *state,
          GError        **error)
{
  struct csv_parser parser;
  const char *eol = memchr (text, '\n', len);
  gsize header_len = eol ? (gsize) (eol - text) : len;
  gboolean ok = TRUE;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the CSV reader");
      return FALSE;
    }
  /* BAN publishes `;`; a spreadsheet may have written `,`. */
  csv_set_delim (&parser, memchr (text, ';', header_len) ? ';' : ',');
  if (csv_parse (&parser, text, len, on_field, on_row, state) != len ||
      csv_fini (&parser, on_field, on_row, state) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Line %u: %s", state->line + 1,
                   csv_strerror (csv_error (&parser)));
      ok = FALSE;
    }
  csv_free (&parser);
  if (ok && state->missing)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The header has no “%s” column (a BAN CSV has id;numero;rep;nom_voie;"
                   "code_postal;...;lon;lat)", state->missing);
      ok = FALSE;
    }
  return ok;
}

/* }}} */
/* {{{ GeoJSON */

/* A property as text, whether the file has it as a string or a number. */
static char *
property (JsonObject *properties,
          const char *name)
{
  JsonNode *node = json_object_get_member (properties, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
read_geojson (const char             *text,
              gsize                   len,
              GPtrArray              *out,
              VoisinsPolygon         *boundary,
              VoisinsServerBanCounts *counts,
              GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  JsonArray *features;

  if (!json_parser_load_from_data (parser, text, len, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      g_strcmp0 (voisins_json_read_string_or (root, "type", ""), "FeatureCollection") != 0 ||
      !json_object_has_member (root, "features") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "features")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Not a GeoJSON FeatureCollection");
      return FALSE;
    }
  features = voisins_json_read_array (root, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *feature, *geometry = NULL, *properties = NULL;
      JsonArray *coordinates = NULL;
      g_autofree char *id = NULL, *numero = NULL, *rep = NULL, *nom_voie = NULL;
      g_autofree char *code_postal = NULL, *nom_commune = NULL;
      char lon[G_ASCII_DTOSTR_BUF_SIZE] = "", lat[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *g, *p;

          feature = json_node_get_object (node);
          g = json_object_get_member (feature, "geometry");
          p = json_object_get_member (feature, "properties");
          geometry = g && JSON_NODE_HOLDS_OBJECT (g) ? json_node_get_object (g) : NULL;
          properties = p && JSON_NODE_HOLDS_OBJECT (p) ? json_node_get_object (p) : NULL;
        }
      if (geometry &&
          g_strcmp0 (voisins_json_read_string_or (geometry, "type", ""), "Point") == 0 &&
          json_object_has_member (geometry, "coordinates") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (geometry, "coordinates")))
        coordinates = voisins_json_read_array (geometry, "coordinates");
      if (coordinates && json_array_get_length (coordinates) >= 2 &&
          JSON_NODE_HOLDS_VALUE (json_array_get_element (coordinates, 0)) &&
          JSON_NODE_HOLDS_VALUE (json_array_get_element (coordinates, 1)))
        {
          g_ascii_dtostr (lon, sizeof lon, voisins_json_element_double (coordinates, 0, 0));
          g_ascii_dtostr (lat, sizeof lat, voisins_json_element_double (coordinates, 1, 0));
        }
      if (properties)
        {
          id = property (properties, "id");
          numero = property (properties, "numero");
          rep = property (properties, "rep");
          nom_voie = property (properties, "nom_voie");
          code_postal = property (properties, "code_postal");
          nom_commune = property (properties, "nom_commune");
        }
      add_row (out, boundary, counts, i + 1, id, numero, rep, nom_voie, code_postal,
               nom_commune, lon[0] ? lon : NULL, lat[0] ? lat : NULL);
    }
  return TRUE;
}

/* }}} */

GPtrArray *
voisins_server_ban_read (const char              *path,
                         VoisinsPolygon          *boundary,
                         VoisinsServerBanCounts  *counts,
                         GError                 **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_address_free);
  const char *text;
  gsize len, skip = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL && counts != NULL, NULL);

  memset (counts, 0, sizeof *counts);
  if (!(file = g_mapped_file_new (path, FALSE, error)))
    return NULL;
  text = g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  if (text == NULL || len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The file is empty");
      return NULL;
    }
  while (skip < len && g_ascii_isspace (text[skip]))
    skip++;

  if (skip < len && text[skip] == '{')
    ok = read_geojson (text, len, out, boundary, counts, error);
  else
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      CsvState state = { out, boundary, counts, fields, { 0 }, 0, FALSE, NULL };

      ok = read_csv (text, len, &state, error);
      g_free (state.missing);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&out);
}
