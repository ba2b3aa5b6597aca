/* test-member-csv.c: the members' spreadsheet reader and writer (libcsv)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "voisins-member-csv.h"

static const VoisinsMemberCsvRow *
row (VoisinsMemberCsv *csv,
     guint             i)
{
  g_assert_cmpuint (i, <, csv->rows->len);
  return g_ptr_array_index (csv->rows, i);
}

/* What LibreOffice writes on Windows for a French sheet: Windows-1252, `;`, CRLF, and
 * headers with accents and capitals. */
static void
test_windows_1252_french (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsMemberCsv) csv = NULL;
  g_autofree char *latin = NULL;
  const char *utf8 =
    "Prénom;NOM;Adresse;Code postal;Ville;Téléphone;Courriel;Langues;Besoins;Remarques\r\n"
    "Hélène;Lefèvre;14 bd de la Bastille;75012;Paris;01 43 00 00 01;;français;courses;gentille\r\n"
    "Zoé;Martin;\"6, rue Michel Chasles\";75012;Paris;;zoe@example.org;;;\r\n";
  gsize len;

  latin = g_convert (utf8, -1, "WINDOWS-1252", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  csv = voisins_member_csv_read (latin, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csv->encoding, ==, "WINDOWS-1252");
  g_assert_cmpint (csv->separator, ==, ';');
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpuint (row (csv, 0)->line, ==, 2);
  g_assert_cmpstr (voisins_member_get_first_name (row (csv, 0)->member), ==, "Hélène");
  g_assert_cmpstr (voisins_member_get_last_name (row (csv, 0)->member), ==, "Lefèvre");
  g_assert_cmpstr (voisins_member_get_address (row (csv, 0)->member), ==, "14 bd de la Bastille");
  g_assert_cmpstr (voisins_member_get_phone (row (csv, 0)->member), ==, "01 43 00 00 01");
  g_assert_cmpstr (voisins_member_get_languages (row (csv, 0)->member), ==, "français");
  g_assert_null (voisins_member_get_email (row (csv, 0)->member));
  g_assert_cmpstr (voisins_member_get_address (row (csv, 1)->member), ==, "6, rue Michel Chasles");
  g_assert_cmpstr (voisins_member_get_email (row (csv, 1)->member), ==, "zoe@example.org");
  /* The column it does not know is named in a warning. */
  g_assert_cmpuint (csv->ignored->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (csv->ignored, 0), ==, "Remarques");
  g_assert_cmpuint (csv->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (csv->warnings, 0), "Remarques"));
}

/* A UTF-8 file with a BOM, `,` and English headers, some with other spellings. */
static void
test_utf8_english (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsMemberCsv) csv = NULL;
  const char *text =
    "\xEF\xBB\xBF" "First name,Surname,Address,Zip,City,Phone,E-mail,No internet,Contact\n"
    "Ann,Smith,149 Rue de Charenton,75012,Paris,0600000000,,yes,Phone\n"
    "Bob,,\"17 rue de Prague\",75012,Paris,,bob@example.org,,online\n";

  csv = voisins_member_csv_read (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csv->encoding, ==, "UTF-8");
  g_assert_cmpint (csv->separator, ==, ',');
  g_assert_cmpuint (csv->ignored->len, ==, 0);
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (voisins_member_get_first_name (row (csv, 0)->member), ==, "Ann");
  g_assert_cmpstr (voisins_member_get_postcode (row (csv, 0)->member), ==, "75012");
  g_assert_true (voisins_member_get_no_internet (row (csv, 0)->member));
  g_assert_cmpstr (voisins_member_get_contact_channel (row (csv, 0)->member), ==, "phone");
  g_assert_false (voisins_member_get_no_internet (row (csv, 1)->member));
  g_assert_cmpstr (voisins_member_get_contact_channel (row (csv, 1)->member), ==, "online");
  g_assert_null (voisins_member_get_last_name (row (csv, 1)->member));
}

/* Each refused row by the line a person sees in the file, a quoted field with two newlines
 * in it counting for its three lines. */
static void
test_problems_and_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsMemberCsv) csv = NULL;
  g_autofree char *long_name = g_strnfill (81, 'a');
  g_autofree char *text = g_strdup_printf (
    "prénom;nom;adresse;besoins\n"                        /* 1 */
    "Jeanne;Dupont;3 rue Chaligny;\"courses\n"            /* 2 */
    "pharmacie\n"                                         /* 3 */
    "lecture du courrier\"\n"                             /* 4 */
    ";;45 rue de Lyon;\n"                                 /* 5: no name */
    "Paul;Durand;\"8 place Louis Armand\"x;\n"            /* 6: malformed */
    "Marc;Petit;79 avenue Ledru-Rollin\n"                 /* 7: too few fields */
    "\n"                                                  /* 8: blank, skipped */
    "%s;Long;1 passage de la Boule Blanche;\n"            /* 9: too long */
    "Luc;Roy;6 rue Michel Chasles;;en trop\n"             /* 10: too many */
    "Léa;Moreau;14 boulevard de la Bastille;;\n"          /* 11: a trailing ; is fine */
    "Eve;Noir;\"3 rue Chaligny\n",                        /* 12: never closed */
    long_name);

  csv = voisins_member_csv_read (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv->rows->len, ==, 8);

  g_assert_cmpuint (row (csv, 0)->line, ==, 2);
  g_assert_cmpint (row (csv, 0)->problem, ==, VOISINS_MEMBER_CSV_OK);
  g_assert_cmpstr (voisins_member_get_needs (row (csv, 0)->member), ==,
                   "courses\npharmacie\nlecture du courrier");
  g_assert_cmpuint (row (csv, 1)->line, ==, 5);
  g_assert_cmpint (row (csv, 1)->problem, ==, VOISINS_MEMBER_CSV_NO_NAME);
  g_assert_nonnull (row (csv, 1)->reason);
  g_assert_null (row (csv, 1)->member);
  g_assert_cmpuint (row (csv, 2)->line, ==, 6);
  g_assert_cmpint (row (csv, 2)->problem, ==, VOISINS_MEMBER_CSV_MALFORMED);
  g_assert_cmpuint (row (csv, 3)->line, ==, 7);
  g_assert_cmpint (row (csv, 3)->problem, ==, VOISINS_MEMBER_CSV_FIELD_COUNT);
  g_assert_cmpuint (row (csv, 4)->line, ==, 9);
  g_assert_cmpint (row (csv, 4)->problem, ==, VOISINS_MEMBER_CSV_TOO_LONG);
  g_assert_cmpuint (row (csv, 5)->line, ==, 10);
  g_assert_cmpint (row (csv, 5)->problem, ==, VOISINS_MEMBER_CSV_FIELD_COUNT);
  g_assert_cmpuint (row (csv, 6)->line, ==, 11);
  g_assert_cmpint (row (csv, 6)->problem, ==, VOISINS_MEMBER_CSV_OK);
  g_assert_cmpuint (row (csv, 7)->line, ==, 12);
  g_assert_cmpint (row (csv, 7)->problem, ==, VOISINS_MEMBER_CSV_MALFORMED);
  g_assert_cmpstr (voisins_member_csv_problem_to_string (row (csv, 7)->problem), ==, "malformed");
}

static void
test_unusable_files (void)
{
  g_autoptr(GError) error = NULL;
  VoisinsMemberCsv *csv;

  csv = voisins_member_csv_read ("", 0, &error);
  g_assert_null (csv);
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED);
  g_clear_error (&error);

  /* No column names: the first line is a person. */
  csv = voisins_member_csv_read ("Jeanne;Dupont;3 rue Chaligny\n", 29, &error);
  g_assert_null (csv);
  g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID);
}

/* What the export writes reads back as the same members. */
static void
test_write_read_back (void)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VoisinsMember) a = voisins_member_new ();
  g_autoptr(VoisinsMember) b = voisins_member_new ();
  g_autoptr(VoisinsMemberCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;
  VoisinsMember *back;

  voisins_member_set_first_name (a, "Hélène");
  voisins_member_set_last_name (a, "Lefèvre; dite \"Léna\"");
  voisins_member_set_address (a, "14 Boulevard de la Bastille");
  voisins_member_set_needs (a, "courses\npharmacie");
  voisins_member_set_no_internet (a, TRUE);
  voisins_member_set_contact_channel (a, "visit");
  voisins_member_set_consent_scope (a, "posts,phone");
  voisins_member_set_phone (a, "+33 1 43 00 00 01");
  voisins_member_set_first_name (b, "=Bob");
  g_ptr_array_add (members, g_object_ref (a));
  g_ptr_array_add (members, g_object_ref (b));

  text = voisins_member_csv_write (members, &len);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "Prénom;Nom;Adresse;"));
  /* A spreadsheet program would run "=Bob" as a formula. */
  g_assert_nonnull (strstr (text, "\r\n'=Bob;"));

  csv = voisins_member_csv_read (text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv->ignored->len, ==, 0);
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpuint (row (csv, 1)->line, ==, 4);
  back = row (csv, 0)->member;
  g_assert_cmpstr (voisins_member_get_first_name (back), ==, "Hélène");
  g_assert_cmpstr (voisins_member_get_last_name (back), ==, "Lefèvre; dite \"Léna\"");
  g_assert_cmpstr (voisins_member_get_needs (back), ==, "courses\npharmacie");
  g_assert_true (voisins_member_get_no_internet (back));
  g_assert_cmpstr (voisins_member_get_contact_channel (back), ==, "visit");
  g_assert_cmpstr (voisins_member_get_consent_scope (back), ==, "posts,phone");
  g_assert_cmpstr (voisins_member_get_phone (back), ==, "+33 1 43 00 00 01");
  g_assert_cmpstr (voisins_member_get_first_name (row (csv, 1)->member), ==, "=Bob");
}

static void
test_name_key (void)
{
  g_autofree char *a = voisins_member_csv_name_key ("Hélène ", "LEFÈVRE");
  g_autofree char *b = voisins_member_csv_name_key ("helene", "Lefevre");

  g_assert_cmpstr (a, ==, "helene lefevre");
  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/member-csv/windows-1252-french", test_windows_1252_french);
  g_test_add_func ("/member-csv/utf8-english", test_utf8_english);
  g_test_add_func ("/member-csv/problems-and-lines", test_problems_and_lines);
  g_test_add_func ("/member-csv/unusable", test_unusable_files);
  g_test_add_func ("/member-csv/write-read-back", test_write_read_back);
  g_test_add_func ("/member-csv/name-key", test_name_key);
  return g_test_run ();
}
