/* voisins-consent.h: who gave a neighbour's consent, stored as a code, said in words
 *
 * The member's consent_by once held French text ("Elle-même", "Sa tutrice") that the
 * English UI showed as it was ("recorded by Elle-même"). It now holds a code, translated
 * when shown; the old French values read as their code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VOISINS_CONSENT_BY_SELF,            /* "self": the neighbour herself */
  VOISINS_CONSENT_BY_FAMILY,          /* "family": a daughter, a son, a niece... */
  VOISINS_CONSENT_BY_GUARDIAN,        /* "guardian": her legal guardian */
  VOISINS_CONSENT_BY_NEIGHBOUR,       /* "neighbour" */
  VOISINS_CONSENT_BY_SOCIAL_WORKER,   /* "social-worker" */
  VOISINS_CONSENT_BY_N_CODES
} VoisinsConsentBy;

/* "self", "family"... */
const char *voisins_consent_by_to_code   (VoisinsConsentBy  by);
/* A code, or an older stored French value ("Elle-même", "Lui-même", "Sa fille", "Son fils",
 * "Sa nièce", "Son neveu", "Sa tutrice", "Son tuteur", case and accents as typed): the code;
 * -1 for anything else (a volunteer's login, free text). */
int         voisins_consent_by_from_text (const char       *text);
/* What to show mid-sentence, translated and lower-case ("the neighbour in person", "a legal
 * guardian": no gender is stored); for a value that is no code, @text itself; NULL for NULL
 * or "". Newly allocated. */
char       *voisins_consent_by_label     (const char       *text);

G_END_DECLS
