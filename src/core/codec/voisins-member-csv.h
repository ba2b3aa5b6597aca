/* voisins-member-csv.h: the members' spreadsheet, as spreadsheet programs write it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "voisins-json.h"
#include "voisins-member.h"

G_BEGIN_DECLS

/* At most this many data rows in one file: a quartier's association has hundreds. */
#define VOISINS_MEMBER_CSV_MAX_ROWS 5000

/* Why a row of the file cannot become a member (the wire codes of the import report). */
typedef enum
{
  VOISINS_MEMBER_CSV_OK,
  VOISINS_MEMBER_CSV_NO_NAME,       /* "no_name" */
  VOISINS_MEMBER_CSV_MALFORMED,     /* "malformed": an unclosed quote, stray characters */
  VOISINS_MEMBER_CSV_FIELD_COUNT,   /* "field_count": too many or too few fields */
  VOISINS_MEMBER_CSV_TOO_LONG,      /* "too_long": a field over the codec's limit */
  VOISINS_MEMBER_CSV_INVALID,       /* "invalid": another rule of voisins_member_validate */
} VoisinsMemberCsvProblem;

/* One data row of the file. */
typedef struct
{
  guint                    line;      /* where the row starts in the file, from 1 */
  VoisinsMember           *member;    /* NULL when @problem is not OK; no id nor association */
  VoisinsMemberCsvProblem  problem;
  char                    *reason;    /* for a person (translated), NULL when OK */
  char                    *name;      /* first and last name as written, for the report */
  char                    *address;   /* the address as written, for the report */
  char                    *text;      /* a malformed row: its first line as written (cut) */
  gboolean                 has_position;  /* the file had latitude and longitude */
  double                   lat;
  double                   lon;
} VoisinsMemberCsvRow;

typedef struct
{
  GPtrArray  *rows;         /* VoisinsMemberCsvRow */
  GPtrArray  *warnings;     /* char *, for a person: "Column “Remarques” ignored." */
  GPtrArray  *ignored;      /* char *: the ignored columns' headers as written */
  const char *encoding;     /* "UTF-8" or "WINDOWS-1252" */
  char        separator;    /* ';' or ',' */
  gboolean    has_position; /* the header has latitude and longitude columns */
} VoisinsMemberCsv;

const char       *voisins_member_csv_problem_to_string (VoisinsMemberCsvProblem problem);

/* Reads @data (the file's bytes): UTF-8 with or without a BOM, else Windows-1252; `;` or `,`
 * as the header line uses; headers in French or English, in any case, with or without
 * accents. Fails only when the file as a whole is unusable (empty, no name column, too many
 * rows); a bad row is a row with a problem. */
VoisinsMemberCsv *voisins_member_csv_read   (const char        *data,
                                             gsize              len,
                                             GError           **error);
void              voisins_member_csv_free   (VoisinsMemberCsv  *csv);

/* The members as a spreadsheet: UTF-8 with a BOM (so that spreadsheet programs see UTF-8),
 * `;`, CRLF, the French headers voisins_member_csv_read reads back. */
char             *voisins_member_csv_write  (GPtrArray         *members,
                                             gsize             *len);

/* The comparison form of a name, for duplicates: "Jeanne  DUPONT" = "jeanne dupont". */
char             *voisins_member_csv_name_key (const char      *first_name,
                                               const char      *last_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsMemberCsv, voisins_member_csv_free)

G_END_DECLS
