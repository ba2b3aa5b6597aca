/* voisins-member-csv.c: reading and writing the members' spreadsheet with libcsv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcsv does the splitting (quotes, doubled quotes, separators and newlines inside quoted
 * fields). It does not say where in the input a row starts, and the import report must name
 * the line a volunteer sees in her spreadsheet program: so the input is handed to it one
 * physical line at a time, and a row starts on the line fed while the parser had no row
 * begun. A quoted field with newlines in it thus keeps the line of its row's start.
 */
#define G_LOG_DOMAIN "voisins-codec"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-member-csv.h"

/* libcsv's "no row begun" parser state (ROW_NOT_BEGUN in its libcsv.c). */
#define CSV_ROW_NOT_BEGUN 0

typedef enum
{
  COL_IGNORED,
  COL_FIRST_NAME,
  COL_LAST_NAME,
  COL_ADDRESS,
  COL_POSTCODE,
  COL_CITY,
  COL_PHONE,
  COL_EMAIL,
  COL_LANGUAGES,
  COL_NEEDS,
  COL_NO_INTERNET,
  COL_CONTACT,
  COL_CONSENT,
  COL_LAT,
  COL_LON,
  N_COLS,
} Column;

/* The wire name of each column (its limit in voisins_member_text_limits). */
static const char *column_wire[N_COLS] = {
  [COL_FIRST_NAME] = "first_name",
  [COL_LAST_NAME] = "last_name",
  [COL_ADDRESS] = "address",
  [COL_POSTCODE] = "postcode",
  [COL_CITY] = "city",
  [COL_PHONE] = "phone",
  [COL_EMAIL] = "email",
  [COL_LANGUAGES] = "languages",
  [COL_NEEDS] = "needs",
  [COL_CONSENT] = "consent_scope",
};

/* Headers as people write them, in their comparison form (header_key). */
static const struct { const char *key; Column column; } header_names[] = {
  { "prenom", COL_FIRST_NAME }, { "first name", COL_FIRST_NAME },
  { "firstname", COL_FIRST_NAME }, { "given name", COL_FIRST_NAME },
  { "nom", COL_LAST_NAME }, { "nom de famille", COL_LAST_NAME }, { "last name", COL_LAST_NAME },
  { "lastname", COL_LAST_NAME }, { "surname", COL_LAST_NAME }, { "family name", COL_LAST_NAME },
  { "adresse", COL_ADDRESS }, { "adresse postale", COL_ADDRESS }, { "address", COL_ADDRESS },
  { "street address", COL_ADDRESS }, { "rue", COL_ADDRESS },
  { "code postal", COL_POSTCODE }, { "cp", COL_POSTCODE }, { "postcode", COL_POSTCODE },
  { "post code", COL_POSTCODE }, { "postal code", COL_POSTCODE }, { "zip", COL_POSTCODE },
  { "zip code", COL_POSTCODE }, { "zipcode", COL_POSTCODE },
  { "ville", COL_CITY }, { "commune", COL_CITY }, { "city", COL_CITY }, { "town", COL_CITY },
  { "telephone", COL_PHONE }, { "tel", COL_PHONE }, { "phone", COL_PHONE },
  { "portable", COL_PHONE }, { "mobile", COL_PHONE }, { "phone number", COL_PHONE },
  { "email", COL_EMAIL }, { "e mail", COL_EMAIL }, { "mail", COL_EMAIL },
  { "courriel", COL_EMAIL }, { "adresse email", COL_EMAIL }, { "adresse e mail", COL_EMAIL },
  { "langues", COL_LANGUAGES }, { "langue", COL_LANGUAGES }, { "languages", COL_LANGUAGES },
  { "language", COL_LANGUAGES }, { "langues parlees", COL_LANGUAGES },
  { "besoins", COL_NEEDS }, { "besoin", COL_NEEDS }, { "needs", COL_NEEDS },
  { "sans internet", COL_NO_INTERNET }, { "pas d internet", COL_NO_INTERNET },
  { "no internet", COL_NO_INTERNET }, { "without internet", COL_NO_INTERNET },
  { "contact", COL_CONTACT }, { "joignable par", COL_CONTACT }, { "canal", COL_CONTACT },
  { "contact channel", COL_CONTACT }, { "how to contact", COL_CONTACT },
  { "consentement", COL_CONSENT }, { "consent", COL_CONSENT }, { "consent scope", COL_CONSENT },
  { "latitude", COL_LAT }, { "lat", COL_LAT },
  { "longitude", COL_LON }, { "lon", COL_LON }, { "lng", COL_LON }, { "long", COL_LON },
};

/* What the export writes, and the import reads back. */
static const char *export_headers[] = {
  "Prénom", "Nom", "Adresse", "Code postal", "Ville", "Téléphone", "Email", "Langues",
  "Besoins", "Sans internet", "Contact", "Consentement",
};

/* Words of the contact and consent columns; the wire word first. */
static const struct { const char *key; const char *wire; const char *french; } channel_words[] = {
  { "phone", "phone", "téléphone" }, { "telephone", "phone", NULL }, { "tel", "phone", NULL },
  { "visit", "visit", "visite" }, { "visite", "visit", NULL }, { "en personne", "visit", NULL },
  { "online", "online", "en ligne" }, { "en ligne", "online", NULL },
  { "internet", "online", NULL }, { "email", "online", NULL },
};

static const struct { const char *key; const char *wire; const char *french; } consent_words[] = {
  { "posts", "posts", "annonces" }, { "annonces", "posts", NULL }, { "annonce", "posts", NULL },
  { "holiday", "holiday", "vacances" }, { "vacances", "holiday", NULL },
  { "table", "holiday", NULL },
  { "phone", "phone", "téléphone" }, { "telephone", "phone", NULL }, { "tel", "phone", NULL },
};

static const char *problem_names[] = {
  [VOISINS_MEMBER_CSV_OK] = "ok",
  [VOISINS_MEMBER_CSV_NO_NAME] = "no_name",
  [VOISINS_MEMBER_CSV_MALFORMED] = "malformed",
  [VOISINS_MEMBER_CSV_FIELD_COUNT] = "field_count",
  [VOISINS_MEMBER_CSV_TOO_LONG] = "too_long",
  [VOISINS_MEMBER_CSV_INVALID] = "invalid",
};

const char *
voisins_member_csv_problem_to_string (VoisinsMemberCsvProblem problem)
{
  g_return_val_if_fail (problem <= VOISINS_MEMBER_CSV_INVALID, NULL);
  return problem_names[problem];
}

/* Lower case ASCII words: "Téléphone " -> "telephone", "E-mail" -> "e mail". */
static char *
word_key (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text ? text : "", "C");
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, g_ascii_tolower (*p));
          space = FALSE;
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

char *
voisins_member_csv_name_key (const char *first_name,
                             const char *last_name)
{
  g_autofree char *both = g_strconcat (first_name ? first_name : "", " ",
                                       last_name ? last_name : "", NULL);

  return word_key (both);
}

static void
row_free (VoisinsMemberCsvRow *row)
{
  g_clear_object (&row->member);
  g_free (row->reason);
  g_free (row->name);
  g_free (row->address);
  g_free (row->text);
  g_free (row);
}

void
voisins_member_csv_free (VoisinsMemberCsv *csv)
{
  if (csv == NULL)
    return;
  g_clear_pointer (&csv->rows, g_ptr_array_unref);
  g_clear_pointer (&csv->warnings, g_ptr_array_unref);
  g_clear_pointer (&csv->ignored, g_ptr_array_unref);
  g_free (csv);
}

typedef struct
{
  VoisinsMemberCsv *csv;
  GPtrArray        *fields;      /* char *: the row being read */
  GArray           *columns;     /* Column, one per header; NULL until the header is read */
  guint             row_line;    /* where the row being read started */
  const char      **values;      /* the row's values by column, while read_row reads it */
  gboolean          too_many;
} Reader;

/* What the report shows of a row, even a refused one: the name and address as written. */
static void
set_shown (VoisinsMemberCsvRow  *row,
           const char          **values)
{
  const char *first = values[COL_FIRST_NAME] ? values[COL_FIRST_NAME] : "";
  const char *last = values[COL_LAST_NAME] ? values[COL_LAST_NAME] : "";
  g_autofree char *name = g_strstrip (g_strjoin (" ", first, last, NULL));

  if (*name)
    row->name = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 2 * VOISINS_NAME_MAX));
  if (values[COL_ADDRESS] && *values[COL_ADDRESS])
    row->address = g_utf8_substring (values[COL_ADDRESS], 0,
                                     MIN (g_utf8_strlen (values[COL_ADDRESS], -1),
                                          VOISINS_ADDRESS_MAX));
}

static VoisinsMemberCsvRow *
add_problem (Reader                  *r,
             guint                    line,
             VoisinsMemberCsvProblem  problem,
             char                    *reason)
{
  VoisinsMemberCsvRow *row = g_new0 (VoisinsMemberCsvRow, 1);

  row->line = line;
  row->problem = problem;
  row->reason = reason;
  g_ptr_array_add (r->csv->rows, row);
  if (r->values)
    set_shown (row, r->values);
  return row;
}


static void
on_field (void   *s,
          size_t  len,
          void   *data)
{
  Reader *r = data;
  GString *field = g_string_new_len (s ? s : "", s ? len : 0);

  /* A cell's own line breaks, whatever the file's: one \n each. */
  g_string_replace (field, "\r\n", "\n", 0);
  g_ptr_array_add (r->fields, g_string_free (field, FALSE));
}

static const char *
lookup_word (const char *text,
             gboolean    consent,
             gboolean   *known)
{
  g_autofree char *key = word_key (text);

  *known = TRUE;
  if (consent)
    {
      for (guint i = 0; i < G_N_ELEMENTS (consent_words); i++)
        if (g_str_equal (key, consent_words[i].key))
          return consent_words[i].wire;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (channel_words); i++)
        if (g_str_equal (key, channel_words[i].key))
          return channel_words[i].wire;
    }
  *known = FALSE;
  return NULL;
}

static gboolean
parse_yes (const char *text)
{
  g_autofree char *key = word_key (text);
  static const char *yes[] = { "oui", "yes", "x", "1", "vrai", "true", "o", "y", NULL };

  return g_strv_contains (yes, key);
}

static gboolean
parse_coordinate (const char *text,
                  double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  g_strdelimit (copy, ",", '.');
  if (*copy == '\0')
    return FALSE;
  *out = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && *out >= -180.0 && *out <= 180.0;
}

/* A spreadsheet program runs a cell that starts with = or @ as a formula: the export
 * writes it after a ', which is read back off. */
static const char *
unescape_formula (const char *value)
{
  if (value[0] == '\'' && (value[1] == '=' || value[1] == '@'))
    return value + 1;
  return value;
}

static guint
text_limit (const char *wire)
{
  for (guint i = 0; voisins_member_text_limits[i].name; i++)
    if (g_str_equal (voisins_member_text_limits[i].name, wire))
      return voisins_member_text_limits[i].max;
  return G_MAXUINT;
}

static void
read_header (Reader *r)
{
  gboolean lat = FALSE, lon = FALSE;

  r->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  for (guint i = 0; i < r->fields->len; i++)
    {
      const char *raw = g_ptr_array_index (r->fields, i);
      g_autofree char *key = word_key (raw);
      Column column = COL_IGNORED;

      for (guint k = 0; k < G_N_ELEMENTS (header_names); k++)
        if (g_str_equal (key, header_names[k].key))
          column = header_names[k].column;
      /* The first column of a kind counts; a second one is ignored, and said. */
      for (guint k = 0; column != COL_IGNORED && k < r->columns->len; k++)
        if (g_array_index (r->columns, Column, k) == column)
          column = COL_IGNORED;
      g_array_append_val (r->columns, column);
      lat |= column == COL_LAT;
      lon |= column == COL_LON;
      if (column == COL_IGNORED && *key != '\0')
        {
          g_autofree char *shown = g_utf8_make_valid (g_strstrip (g_strdup (raw)), -1);

          g_ptr_array_add (r->csv->ignored, g_strdup (shown));
          g_ptr_array_add (r->csv->warnings,
                           g_strdup_printf (_("Column “%s” is not a member field: ignored."),
                                            shown));
        }
    }
  r->csv->has_position = lat && lon;
}

static void
read_row (Reader *r)
{
  g_autoptr(VoisinsMember) member = voisins_member_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) consent = g_string_new (NULL);
  VoisinsMemberCsvRow *row;
  const char *values[N_COLS] = { NULL };
  double lat = 0.0, lon = 0.0;
  gboolean has_lat = FALSE, has_lon = FALSE;
  guint n_cols = r->columns->len;
  guint line = r->row_line;
  gboolean blank = TRUE;

  r->values = NULL;

  for (guint i = 0; i < r->fields->len; i++)
    blank &= *g_strstrip ((char *) g_ptr_array_index (r->fields, i)) == '\0';
  if (blank)
    return;

  if (r->csv->rows->len >= VOISINS_MEMBER_CSV_MAX_ROWS)
    {
      r->too_many = TRUE;
      return;
    }

  /* A trailing separator (empty fields past the last column) is the usual slip, not an
   * error; a value beyond the header is. */
  if (r->fields->len > n_cols)
    {
      for (guint i = n_cols; i < r->fields->len; i++)
        if (*(const char *) g_ptr_array_index (r->fields, i) != '\0')
          {
            add_problem (r, line, VOISINS_MEMBER_CSV_FIELD_COUNT,
                         g_strdup_printf (_("This line has %u fields, the header %u."),
                                          r->fields->len, n_cols));
            return;
          }
    }
  else if (r->fields->len < n_cols)
    {
      add_problem (r, line, VOISINS_MEMBER_CSV_FIELD_COUNT,
                   g_strdup_printf (_("This line has %u fields, the header %u."),
                                    r->fields->len, n_cols));
      return;
    }

  r->values = values;
  for (guint i = 0; i < n_cols; i++)
    {
      Column column = g_array_index (r->columns, Column, i);
      const char *value = unescape_formula (g_ptr_array_index (r->fields, i));

      if (column == COL_IGNORED)
        continue;
      values[column] = value;
      if (column_wire[column] && (guint) g_utf8_strlen (value, -1) > text_limit (column_wire[column]))
        {
          add_problem (r, line, VOISINS_MEMBER_CSV_TOO_LONG,
                       g_strdup_printf (_("The field “%s” is too long: at most %u characters."),
                                        export_headers[column - COL_FIRST_NAME],
                                        text_limit (column_wire[column])));
          return;
        }
    }

  if ((values[COL_FIRST_NAME] == NULL || *values[COL_FIRST_NAME] == '\0') &&
      (values[COL_LAST_NAME] == NULL || *values[COL_LAST_NAME] == '\0'))
    {
      add_problem (r, line, VOISINS_MEMBER_CSV_NO_NAME, g_strdup (_("No name on this line.")));
      return;
    }
  if (values[COL_FIRST_NAME] == NULL || *values[COL_FIRST_NAME] == '\0')
    {
      add_problem (r, line, VOISINS_MEMBER_CSV_NO_NAME,
                   g_strdup (_("No first name on this line.")));
      return;
    }

  voisins_member_set_first_name (member, values[COL_FIRST_NAME]);
  for (Column c = COL_LAST_NAME; c <= COL_NEEDS; c++)
    {
      const char *v = values[c] && *values[c] ? values[c] : NULL;

      switch (c)
        {
        case COL_LAST_NAME: voisins_member_set_last_name (member, v); break;
        case COL_ADDRESS: voisins_member_set_address (member, v); break;
        case COL_POSTCODE: voisins_member_set_postcode (member, v); break;
        case COL_CITY: voisins_member_set_city (member, v); break;
        case COL_PHONE: voisins_member_set_phone (member, v); break;
        case COL_EMAIL: voisins_member_set_email (member, v); break;
        case COL_LANGUAGES: voisins_member_set_languages (member, v); break;
        case COL_NEEDS: voisins_member_set_needs (member, v); break;
        default: break;
        }
    }
  if (values[COL_NO_INTERNET])
    voisins_member_set_no_internet (member, parse_yes (values[COL_NO_INTERNET]));
  if (values[COL_CONTACT] && *values[COL_CONTACT])
    {
      gboolean known;
      const char *wire = lookup_word (values[COL_CONTACT], FALSE, &known);

      if (!known)
        {
          add_problem (r, line, VOISINS_MEMBER_CSV_INVALID,
                       g_strdup (_("Contact: write “téléphone”, “visite” or “en ligne”.")));
          return;
        }
      voisins_member_set_contact_channel (member, wire);
    }
  if (values[COL_CONSENT] && *values[COL_CONSENT])
    {
      g_auto(GStrv) words = g_strsplit_set (values[COL_CONSENT], ",;/+", -1);

      for (guint i = 0; words[i]; i++)
        {
          gboolean known;
          const char *wire;

          if (*g_strstrip (words[i]) == '\0')
            continue;
          wire = lookup_word (words[i], TRUE, &known);
          if (!known)
            {
              add_problem (r, line, VOISINS_MEMBER_CSV_INVALID,
                           g_strdup (_("Consent: write “annonces”, “vacances” or “téléphone”, "
                                       "separated by commas.")));
              return;
            }
          if (strstr (consent->str, wire) == NULL)
            g_string_append_printf (consent, "%s%s", consent->len ? "," : "", wire);
        }
      voisins_member_set_consent_scope (member, consent->len ? consent->str : NULL);
    }
  if (values[COL_LAT] && *values[COL_LAT])
    has_lat = parse_coordinate (values[COL_LAT], &lat);
  if (values[COL_LON] && *values[COL_LON])
    has_lon = parse_coordinate (values[COL_LON], &lon);
  if ((values[COL_LAT] && *values[COL_LAT] && !has_lat) ||
      (values[COL_LON] && *values[COL_LON] && !has_lon))
    {
      add_problem (r, line, VOISINS_MEMBER_CSV_INVALID,
                   g_strdup (_("The latitude or longitude is not a number in degrees.")));
      return;
    }

  if (!voisins_member_validate (member, &error))
    {
      add_problem (r, line, VOISINS_MEMBER_CSV_INVALID, g_strdup (error->message));
      return;
    }

  row = g_new0 (VoisinsMemberCsvRow, 1);
  row->line = line;
  set_shown (row, values);
  row->member = g_steal_pointer (&member);
  row->has_position = has_lat && has_lon;
  row->lat = lat;
  row->lon = lon;
  g_ptr_array_add (r->csv->rows, row);
}

static void
on_row (int   c,
        void *data)
{
  Reader *r = data;

  if (r->columns == NULL)
    read_header (r);
  else if (!r->too_many)
    read_row (r);
  r->values = NULL;
  g_ptr_array_set_size (r->fields, 0);
}

static char *
to_utf8 (const char  *data,
         gsize        len,
         const char **encoding,
         GError     **error)
{
  char *text;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (g_utf8_validate_len (data, len, NULL))
    {
      *encoding = "UTF-8";
      return g_strndup (data, len);
    }
  /* What spreadsheet programs write on Windows when asked for "CSV" in French. */
  if ((text = g_convert (data, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL)))
    {
      *encoding = "WINDOWS-1252";
      return text;
    }
  g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("The file is neither UTF-8 nor Windows-1252 text: save it again as "
                         "“CSV UTF-8” from the spreadsheet program."));
  return NULL;
}

VoisinsMemberCsv *
voisins_member_csv_read (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(VoisinsMemberCsv) csv = g_new0 (VoisinsMemberCsv, 1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) columns = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  struct csv_parser parser;
  Reader r = { csv, fields, NULL, 0, FALSE };
  const char *first_end;
  guint n_semicolons = 0, n_commas = 0;
  guint n_lines;
  guint i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  csv->warnings = g_ptr_array_new_with_free_func (g_free);
  csv->ignored = g_ptr_array_new_with_free_func (g_free);
  if (!(text = to_utf8 (data ? data : "", len, &csv->encoding, error)))
    return NULL;
  /* The separator is the one the header line uses. */
  first_end = strchr (text, '\n');
  for (const char *p = text; *p && (first_end == NULL || p < first_end); p++)
    {
      n_semicolons += *p == ';';
      n_commas += *p == ',';
    }
  csv->separator = n_semicolons >= n_commas ? ';' : ',';

  /* Old Mac files end lines with CR alone. */
  if (first_end == NULL && strchr (text, '\r'))
    g_strdelimit (text, "\r", '\n');
  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);
  if (n_lines > 0 && *lines[n_lines - 1] == '\0')
    n_lines--;

  csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_delim (&parser, (unsigned char) csv->separator);
  while (i < n_lines && !r.too_many)
    {
      g_autofree char *line = g_strconcat (lines[i], "\n", NULL);
      gsize line_len = strlen (line);
      gboolean broken = FALSE;
      guint restart = i + 1;

      if (parser.pstate == CSV_ROW_NOT_BEGUN)
        r.row_line = i + 1;
      if (csv_parse (&parser, line, line_len, on_field, on_row, &r) != line_len)
        broken = TRUE;
      else if (i + 1 == n_lines && csv_fini (&parser, on_field, on_row, &r) != 0)
        {
          /* A quote opened and never closed ran to the end of the file: that row is
           * malformed, and the lines after its start are read again on their own. */
          broken = TRUE;
          restart = r.row_line;
        }
      if (broken)
        {
          if (r.columns == NULL)
            {
              csv_free (&parser);
              g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                                   _("The first line (the column names) is malformed."));
              return NULL;
            }
          VoisinsMemberCsvRow *row;
          g_autofree char *shown = g_utf8_make_valid (g_strchomp (g_strdup (lines[r.row_line - 1])),
                                                      -1);

          row = add_problem (&r, r.row_line, VOISINS_MEMBER_CSV_MALFORMED,
                             g_strdup (_("Malformed line: a quote is not closed, or characters "
                                         "follow a closing quote.")));
          /* So that a person finds it in the file. */
          row->text = g_utf8_substring (shown, 0, MIN (g_utf8_strlen (shown, -1), 120));
          g_ptr_array_set_size (fields, 0);
          csv_free (&parser);
          csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
          csv_set_delim (&parser, (unsigned char) csv->separator);
        }
      i = restart;
    }
  csv_free (&parser);
  columns = g_steal_pointer (&r.columns);

  if (columns == NULL)
    {
      g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                           _("The file is empty."));
      return NULL;
    }
  if (r.too_many)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                   _("The file has more than %d members: split it."),
                   VOISINS_MEMBER_CSV_MAX_ROWS);
      return NULL;
    }
  {
    gboolean has_name = FALSE;

    for (guint k = 0; k < columns->len; k++)
      has_name |= g_array_index (columns, Column, k) == COL_FIRST_NAME;
    if (!has_name)
      {
        g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                             _("No “Prénom” (first name) column in the first line: the first "
                               "line must name the columns."));
        return NULL;
      }
  }
  return g_steal_pointer (&csv);
}

/* One field as libcsv quotes it, only when it needs quotes. */
static void
append_field (GString    *out,
              const char *value)
{
  gsize len;
  gsize needed;
  char *dest;

  if (value == NULL)
    return;
  if (value[0] == '=' || value[0] == '@')
    g_string_append_c (out, '\'');
  len = strlen (value);
  if (strpbrk (value, ";\"\r\n") == NULL && (len == 0 || (value[0] != ' ' && value[len - 1] != ' ')))
    {
      g_string_append (out, value);
      return;
    }
  needed = csv_write (NULL, 0, value, len);
  dest = g_malloc (needed);
  csv_write (dest, needed, value, len);
  g_string_append_len (out, dest, needed);
  g_free (dest);
}

static const char *
french_word (const char *wire,
             gboolean    consent)
{
  if (consent)
    {
      for (guint i = 0; i < G_N_ELEMENTS (consent_words); i++)
        if (consent_words[i].french && g_str_equal (consent_words[i].wire, wire))
          return consent_words[i].french;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (channel_words); i++)
        if (channel_words[i].french && g_str_equal (channel_words[i].wire, wire))
          return channel_words[i].french;
    }
  return wire;
}

char *
voisins_member_csv_write (GPtrArray *members,
                          gsize     *len)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (members != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (export_headers); i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      append_field (out, export_headers[i]);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < members->len; i++)
    {
      VoisinsMember *m = g_ptr_array_index (members, i);
      g_autoptr(GString) consent = g_string_new (NULL);
      const char *scope = voisins_member_get_consent_scope (m);
      const char *channel = voisins_member_get_contact_channel (m);
      const char *values[] = {
        voisins_member_get_first_name (m), voisins_member_get_last_name (m),
        voisins_member_get_address (m), voisins_member_get_postcode (m),
        voisins_member_get_city (m), voisins_member_get_phone (m), voisins_member_get_email (m),
        voisins_member_get_languages (m), voisins_member_get_needs (m),
        voisins_member_get_no_internet (m) ? "oui" : NULL,
        channel ? french_word (channel, FALSE) : NULL,
        NULL,
      };

      if (scope && *scope)
        {
          g_auto(GStrv) words = g_strsplit (scope, ",", -1);

          for (guint k = 0; words[k]; k++)
            g_string_append_printf (consent, "%s%s", k ? "," : "", french_word (words[k], TRUE));
          values[11] = consent->str;
        }
      for (guint k = 0; k < G_N_ELEMENTS (values); k++)
        {
          if (k > 0)
            g_string_append_c (out, ';');
          append_field (out, values[k]);
        }
      g_string_append (out, "\r\n");
    }
  if (len)
    *len = out->len;
  return g_string_free (out, FALSE);
}
