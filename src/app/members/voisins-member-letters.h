/* voisins-member-letters.h: the verification letters, printed or saved as PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

typedef struct _VoisinsMemberLetters VoisinsMemberLetters;

/* @members: the VoisinsMember the server made codes for; @letters: the server's answer,
 * [{member_id, code, expires_at}] (docs/api.md). One page per letter, large print, with the
 * association's name, phone and address (what the association has of them). */
VoisinsMemberLetters *voisins_member_letters_new (VoisinsAssociation *association,
                                                  GPtrArray          *members,
                                                  JsonArray          *letters);
void                  voisins_member_letters_free (VoisinsMemberLetters *self);
guint                 voisins_member_letters_get_n_pages (VoisinsMemberLetters *self);
void                  voisins_member_letters_draw_page (VoisinsMemberLetters *self,
                                                        cairo_t              *cr,
                                                        double                width,
                                                        double                height,
                                                        guint                 page);
/* Through GtkPrintOperation: @pdf_path NULL opens the print dialog (a printer, or "Print to
 * File"); otherwise exports to that PDF at once, no printer needed. */
gboolean voisins_member_letters_print (VoisinsMemberLetters *self,
                                       GtkWindow            *parent,
                                       const char           *pdf_path,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsMemberLetters, voisins_member_letters_free)

G_END_DECLS
