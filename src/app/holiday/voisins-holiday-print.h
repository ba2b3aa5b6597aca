/* voisins-holiday-print.h: the holiday table's letters and call sheet, on paper or in PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

typedef enum
{
  VOISINS_HOLIDAY_LETTER_GUEST,
  VOISINS_HOLIDAY_LETTER_HOST,
} VoisinsHolidayLetterKind;

/* Everything one confirmation letter says; plain strings, already revealed. */
typedef struct
{
  VoisinsHolidayLetterKind  kind;
  char                     *recipient;        /* first name of the reader */
  char                     *other;            /* first name of the other person */
  char                     *date;             /* "Tuesday 24 December 2024" */
  char                     *time;             /* "19:00" */
  char                     *address;          /* where the meal is (the host's) */
  char                     *fetch_address;    /* host letter, fetch agreed: the guest's */
  char                     *association;
  char                     *phone;            /* the association's */
  char                     *association_address;  /* the association's postal address */
  char                     *association_email;
  GPtrArray                *agreed;           /* char *, one line each */
} VoisinsHolidayLetter;

void                  voisins_holiday_letter_free      (VoisinsHolidayLetter      *letter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayLetter, voisins_holiday_letter_free)

/* Builds the letter of a confirmed (or done) match from the store: reveals (and so logs
 * for @viewer) the host's address. Blocking: call it from a thread. */
VoisinsHolidayLetter *voisins_holiday_letter_new_for_match (VoisinsStore              *store,
                                                            VoisinsAssociation        *association,
                                                            const char                *match_id,
                                                            VoisinsHolidayLetterKind   kind,
                                                            const char                *viewer,
                                                            GError                   **error);

/* One line of the volunteer's call sheet. */
typedef struct
{
  char *match_id;
  int   state;      /* VoisinsHolidayMatchState of the match */
  char *when;       /* the meal */
  char *who;        /* "Call Jeanne M. (host)" */
  char *phone;      /* NULL when the store does not reveal it */
  char *about;      /* "to propose Karim B. at her table" */
  gboolean waiting; /* a volunteer's proposal no coordinator approved yet */
} VoisinsHolidayCall;

void                  voisins_holiday_call_free        (VoisinsHolidayCall        *call);

/* The calls of today (VoisinsHolidayCall), from the store. Blocking. */
GPtrArray            *voisins_holiday_calls_from_store (VoisinsStore              *store,
                                                        VoisinsAssociation        *association,
                                                        const char                *viewer,
                                                        GError                   **error);

/* What can be printed: letters (one page each) or a call sheet. */
typedef struct _VoisinsHolidayDocument VoisinsHolidayDocument;

/* Takes @letters (VoisinsHolidayLetter) or @calls (VoisinsHolidayCall). */
VoisinsHolidayDocument *voisins_holiday_document_new_letters    (GPtrArray               *letters);
VoisinsHolidayDocument *voisins_holiday_document_new_call_sheet (GPtrArray               *calls,
                                                                 const char              *association);
void                    voisins_holiday_document_free           (VoisinsHolidayDocument  *doc);
guint                   voisins_holiday_document_get_n_pages    (VoisinsHolidayDocument  *doc);
/* Draws page @page on @cr, in points, on a @width x @height page. */
void                    voisins_holiday_document_draw_page      (VoisinsHolidayDocument  *doc,
                                                                 cairo_t                 *cr,
                                                                 double                   width,
                                                                 double                   height,
                                                                 guint                    page);
/* A4 PDF at @path, with no printer. */
gboolean                voisins_holiday_document_write_pdf      (VoisinsHolidayDocument  *doc,
                                                                 const char              *path,
                                                                 GError                 **error);
/* In a worker: the letter of @match_id for @kind's side, or with @match_id NULL the call
 * sheet; written to @pdf_path as well when it is not NULL. */
void                    voisins_holiday_document_new_async      (VoisinsStore             *store,
                                                                 VoisinsAssociation       *association,
                                                                 const char               *match_id,
                                                                 VoisinsHolidayLetterKind  kind,
                                                                 const char               *viewer,
                                                                 const char               *pdf_path,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
VoisinsHolidayDocument *voisins_holiday_document_new_finish     (VoisinsStore             *store,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
/* The print dialog (GtkPrintOperation); takes @doc. */
void                    voisins_holiday_document_print          (VoisinsHolidayDocument  *doc,
                                                                 GtkWindow               *parent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayDocument, voisins_holiday_document_free)

/* Convenience for tests and "Export as PDF": one letter to @path. */
gboolean              voisins_holiday_letter_write_pdf (const VoisinsHolidayLetter *letter,
                                                        const char                 *path,
                                                        GError                    **error);

/* Shared by the page and the letters. */
int                   voisins_holiday_campaign_year    (gint64                      now);
char                 *voisins_holiday_diets_text       (guint                       diets);

G_END_DECLS
