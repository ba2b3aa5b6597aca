/* voisins-holiday-match.h: suggestions and the "propose for everyone" plan of the holiday table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "voisins-holiday.h"

G_BEGIN_DECLS

/* Soft score of one (host, guest) pair: an integer in 0 .. VOISINS_HOLIDAY_MAX_SCORE. */
#define VOISINS_HOLIDAY_MAX_SCORE 100

/**
 * VoisinsHolidaySuggestion:
 * A host table a guest could join: every hard constraint holds and a seat is left.
 * Carries no position: only the rounded walking distance, in words, inside @reason.
 */
typedef struct
{
  char  *host_id;
  char  *guest_id;
  guint  slot;        /* one VoisinsHolidaySlot bit */
  int    score;       /* 0 .. VOISINS_HOLIDAY_MAX_SCORE, higher is better */
  guint  distance_m;  /* rounded to 50 m; G_MAXUINT when a position is unknown */
  char  *reason;      /* translated, "same street, 250 m; speaks Portuguese; step-free" */
} VoisinsHolidaySuggestion;

void voisins_holiday_suggestion_free (VoisinsHolidaySuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidaySuggestion, voisins_holiday_suggestion_free)

/**
 * VoisinsHolidayMatcher:
 * Holds one campaign's hosts, guests and already taken seats, then answers suggestions
 * and plans. Positions given here (exact ones are fine) stay inside: nothing it returns
 * holds a coordinate.
 *
 * The plan's unit is the guest: a guest gets at most ONE table in the plan, in any of the
 * slots they asked for (a scarce seat goes to as many different people as possible); a
 * volunteer may still propose a second meal by hand from the suggestions. A guest who
 * already has a live match (not declined) is not planned again.
 */
typedef struct _VoisinsHolidayMatcher VoisinsHolidayMatcher;

VoisinsHolidayMatcher *voisins_holiday_matcher_new        (void);
void                   voisins_holiday_matcher_free       (VoisinsHolidayMatcher     *self);
/* @street: the street without number (same-street bonus), may be NULL. Positions of 0, 0
 * mean unknown. The records are copied. */
void                   voisins_holiday_matcher_add_host   (VoisinsHolidayMatcher     *self,
                                                           const VoisinsHolidayHost  *host,
                                                           double                     lat,
                                                           double                     lon,
                                                           const char                *street);
void                   voisins_holiday_matcher_add_guest  (VoisinsHolidayMatcher     *self,
                                                           const VoisinsHolidayGuest *guest,
                                                           double                     lat,
                                                           double                     lon,
                                                           const char                *street);
/* A seat already taken by a match that is not declined (proposed ... done). */
void                   voisins_holiday_matcher_add_taken  (VoisinsHolidayMatcher     *self,
                                                           const char                *host_id,
                                                           const char                *guest_id,
                                                           guint                      slot);
/* Every feasible (host, slot) for @guest_id, best first (score, then host id, then slot).
 * @max_results 0 = all. */
GPtrArray             *voisins_holiday_matcher_suggest    (VoisinsHolidayMatcher     *self,
                                                           const char                *guest_id,
                                                           guint                      max_results);
/* The plan: VoisinsHolidaySuggestion items (one per placed guest), placing as many guests
 * as possible, then with the greatest total score; deterministic. Sorted by guest id. */
GPtrArray             *voisins_holiday_matcher_plan       (VoisinsHolidayMatcher     *self);

/* Rules shared with the tests and the store. */
gboolean               voisins_holiday_is_feasible        (const VoisinsHolidayHost  *host,
                                                           const VoisinsHolidayGuest *guest,
                                                           guint                      slot);
gboolean               voisins_holiday_languages_intersect (const char               *a,
                                                            const char               *b);
/* "12bis rue de Charenton" -> "rue de Charenton" (newly allocated; NULL for NULL). */
char                  *voisins_holiday_street_of          (const char                *address);
/* The English name of a language code, translated ("pt" -> "Portuguese"). */
const char            *voisins_holiday_language_name      (const char                *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayMatcher, voisins_holiday_matcher_free)

G_END_DECLS
