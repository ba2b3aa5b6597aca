/* voisins-address.h: one postal address of the quartier's address base, and the one
 * normalisation every part uses to compare addresses typed by people with the base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_ADDRESS (voisins_address_get_type ())

/* An address of the Base Adresse Nationale (or any address base) inside the quartier. The
 * position is the exact one: it is never shown on a map, only used to compute a member's
 * approximate position and distances. */
typedef struct
{
  char   *id;        /* stable id (BAN's "id" when there is one) */
  int     number;    /* 12 */
  char   *rep;       /* "bis", "ter", "quater", "A"... or "" */
  char   *street;    /* "rue Traversière", as it reads in an address */
  char   *postcode;  /* "75012" */
  char   *city;      /* "Paris" */
  double  lat;
  double  lon;
} VoisinsAddress;

GType           voisins_address_get_type   (void) G_GNUC_CONST;
VoisinsAddress *voisins_address_new        (void);
VoisinsAddress *voisins_address_copy       (const VoisinsAddress *self);
void            voisins_address_free       (VoisinsAddress       *self);

/* "12 bis rue Traversière" */
char           *voisins_address_format     (const VoisinsAddress *self);

/* The comparison form of a whole address: "12 bis rue traversiere". Same as
 * voisins_address_normalize() of voisins_address_format(). */
char           *voisins_address_key        (const VoisinsAddress *self);

/* Lower case, no accents, punctuation as spaces, one space between words, the usual
 * abbreviations spelled out ("r." "bd" "av." "fbg" "st" ...), "12bis" / "12 b" / "12 B" as
 * "12 bis", a letter suffix ("12a") as "12 a". "12, Bd. Diderot" -> "12 boulevard diderot".
 * Never NULL (an empty string for NULL or blank text). */
char           *voisins_address_normalize  (const char           *text);

/* Splits typed text ("12 bis, r. Traversière") into its number, its repetition word
 * ("bis", "" when none) and the normalised street ("rue traversiere"). FALSE when the text
 * does not start with a house number or has no street after it. */
gboolean        voisins_address_parse      (const char           *text,
                                            int                  *number,
                                            char                **rep,
                                            char                **street_key);

/* BAN's short repetition index ("b", "t", "q", "a", "c"...) as it is written in an address
 * ("bis", "ter", "quater", "A", "C"); NULL for one that is not written (BAN's odd "s1",
 * "z2"...). "" for none. */
const char     *voisins_address_rep_from_ban (const char         *ban_rep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsAddress, voisins_address_free)

G_END_DECLS
