/* voisins-ical.h: events as iCalendar (RFC 5545), written with libical
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "voisins-post.h"

G_BEGIN_DECLS

/* The zone every event is written in: the associations are in France. */
#define VOISINS_ICAL_TZID "Europe/Paris"

/* A recurrence as an event carries it: an RRULE value ("FREQ=WEEKLY;BYDAY=SU", NULL: the
 * post's own), the starts (unix seconds) of the occurrences cancelled (EXDATE) and those
 * moved (an overriding VEVENT with RECURRENCE-ID). */
typedef struct
{
  gint64 original_start; /* the start the occurrence had: its RECURRENCE-ID */
  gint64 starts_at;
  gint64 ends_at;        /* 0: as long as the others */
} VoisinsIcalMoved;

/* @moved: the occurrences moved, written as VEVENTs of the same UID that override them. */
typedef struct
{
  const char             *rrule;
  const gint64           *exdates;
  guint                   n_exdates;
  const VoisinsIcalMoved *moved;
  guint                   n_moved;
} VoisinsIcalRecurrence;

typedef struct _VoisinsIcalCalendar VoisinsIcalCalendar;

/* @name: X-WR-CALNAME, the name calendar apps show for a subscribed feed (may be NULL). */
VoisinsIcalCalendar *voisins_ical_calendar_new      (const char                  *name);
void                 voisins_ical_calendar_free     (VoisinsIcalCalendar         *self);
/* Adds @post as a VEVENT (UID stable from its id, DTSTAMP its last change, DTSTART/DTEND
 * in Europe/Paris, SUMMARY, DESCRIPTION). FALSE, nothing added, when the post has no start
 * or is deleted. @recurrence may be NULL. */
gboolean             voisins_ical_calendar_add_post (VoisinsIcalCalendar         *self,
                                                     VoisinsPost                 *post,
                                                     const VoisinsIcalRecurrence *recurrence);
guint                voisins_ical_calendar_get_n_events (VoisinsIcalCalendar     *self);
/* The calendar as text, lines folded at 75 octets and ended by CRLF. */
char                *voisins_ical_calendar_to_string (VoisinsIcalCalendar        *self);

/* The UID of @post_id's event: the same in every feed and every saved file, so that a
 * calendar app updates the event rather than adding a copy. */
char                *voisins_ical_uid_for_post      (const char                  *post_id);

/* Whether @post belongs in a calendar: an event or a group (its meetings) with a start,
 * not deleted. */
gboolean             voisins_ical_post_is_event     (VoisinsPost                 *post);

/* One event alone, what "Add to my calendar" saves. NULL when it is not an event. */
char                *voisins_ical_post_to_string    (VoisinsPost                 *post);

/* The starts (unix seconds, ascending) of the occurrences of @rrule from @dtstart that fall
 * in [@from, @to), at most @max: the rule is read on the wall clock in Europe/Paris, so
 * that "every Sunday at 10:00" stays at 10:00 in summer. With no @rrule, @dtstart alone if
 * it falls in the range. */
GArray              *voisins_ical_expand            (const char                  *rrule,
                                                     gint64                       dtstart,
                                                     gint64                       from,
                                                     gint64                       to,
                                                     guint                        max);
/* Whether @when is the start of one of @rrule's occurrences from @dtstart. */
gboolean             voisins_ical_is_occurrence     (const char                  *rrule,
                                                     gint64                       dtstart,
                                                     gint64                       when);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsIcalCalendar, voisins_ical_calendar_free)

G_END_DECLS
