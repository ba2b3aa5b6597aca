/* voisins-ical.c: events as iCalendar (RFC 5545), written with libical
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libical writes, escapes and folds (75 octets, never inside a UTF-8 character); this file
 * only says what goes in. Times are written as the wall clock in Europe/Paris with its
 * VTIMEZONE, so that an event at 19:00 stays at 19:00 across the change to summer time and
 * on a phone set to another zone. The VTIMEZONE is the current EU rule only (since 1996):
 * libical's built-in one carries the zone's whole history since 1891, some 40 kB per feed.
 */
#define G_LOG_DOMAIN "voisins-codec"

#include <libical/ical.h>

#include "voisins-ical.h"
#include "voisins-json.h"

struct _VoisinsIcalCalendar
{
  icalcomponent *vcalendar;
  GTimeZone     *paris;
  guint          n_events;
};

static void
add_observance (icalcomponent *vtimezone,
                icalcomponent_kind kind,
                const char    *name,
                int            offset_from,
                int            offset_to,
                int            year,
                int            month,
                int            day,
                int            hour,
                const char    *rrule)
{
  icalcomponent *obs = icalcomponent_new (kind);
  struct icaltimetype start = icaltime_null_time ();

  start.year = year;
  start.month = month;
  start.day = day;
  start.hour = hour;
  icalcomponent_add_property (obs, icalproperty_new_tzname (name));
  icalcomponent_add_property (obs, icalproperty_new_tzoffsetfrom (offset_from));
  icalcomponent_add_property (obs, icalproperty_new_tzoffsetto (offset_to));
  icalcomponent_add_property (obs, icalproperty_new_dtstart (start));
  icalcomponent_add_property (obs, icalproperty_new_rrule (icalrecurrencetype_from_string (rrule)));
  icalcomponent_add_component (vtimezone, obs);
}

static icalcomponent *
paris_vtimezone (void)
{
  icalcomponent *tz = icalcomponent_new (ICAL_VTIMEZONE_COMPONENT);

  icalcomponent_add_property (tz, icalproperty_new_tzid (VOISINS_ICAL_TZID));
  add_observance (tz, ICAL_XDAYLIGHT_COMPONENT, "CEST", 3600, 7200, 1981, 3, 29, 2,
                  "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
  add_observance (tz, ICAL_XSTANDARD_COMPONENT, "CET", 7200, 3600, 1996, 10, 27, 3,
                  "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
  return tz;
}

VoisinsIcalCalendar *
voisins_ical_calendar_new (const char *name)
{
  VoisinsIcalCalendar *self = g_new0 (VoisinsIcalCalendar, 1);

  self->paris = g_time_zone_new_identifier (VOISINS_ICAL_TZID);
  if (self->paris == NULL)
    self->paris = g_time_zone_new_utc ();
  self->vcalendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (self->vcalendar,
                              icalproperty_new_prodid ("-//Voisins//Voisins " PACKAGE_VERSION "//FR"));
  icalcomponent_add_property (self->vcalendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (self->vcalendar, icalproperty_new_calscale ("GREGORIAN"));
  if (name != NULL && *name != '\0')
    {
      icalproperty *p = icalproperty_new_x (name);

      icalproperty_set_x_name (p, "X-WR-CALNAME");
      icalcomponent_add_property (self->vcalendar, p);
    }
  icalcomponent_add_component (self->vcalendar, paris_vtimezone ());
  return self;
}

void
voisins_ical_calendar_free (VoisinsIcalCalendar *self)
{
  if (self == NULL)
    return;
  icalcomponent_free (self->vcalendar);
  g_time_zone_unref (self->paris);
  g_free (self);
}

guint
voisins_ical_calendar_get_n_events (VoisinsIcalCalendar *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_events;
}

/* The wall clock in @zone at @when, without a zone: the TZID parameter names it. */
static struct icaltimetype
wall_time (GTimeZone *zone, gint64 when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
  struct icaltimetype t = icaltime_null_time ();

  t.year = g_date_time_get_year (local);
  t.month = g_date_time_get_month (local);
  t.day = g_date_time_get_day_of_month (local);
  t.hour = g_date_time_get_hour (local);
  t.minute = g_date_time_get_minute (local);
  t.second = g_date_time_get_second (local);
  return t;
}

static struct icaltimetype
paris_time (VoisinsIcalCalendar *self, gint64 when)
{
  return wall_time (self->paris, when);
}

static GTimeZone *
paris_zone (void)
{
  GTimeZone *zone = g_time_zone_new_identifier (VOISINS_ICAL_TZID);

  return zone ? zone : g_time_zone_new_utc ();
}

GArray *
voisins_ical_expand (const char *rrule, gint64 dtstart, gint64 from, gint64 to, guint max)
{
  /* A century of weekly meetings; a rule that never reaches @from stops there. */
  const guint max_steps = 10000;
  GArray     *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GTimeZone) zone = NULL;
  struct icalrecurrencetype rule;
  icalrecur_iterator       *it;
  struct icaltimetype       t;

  if (rrule == NULL || *rrule == '\0')
    {
      if (dtstart >= from && dtstart < to && max > 0)
        g_array_append_val (out, dtstart);
      return out;
    }
  rule = icalrecurrencetype_from_string (rrule);
  icalerror_clear_errno ();
  if (rule.freq == ICAL_NO_RECURRENCE)
    return out;
  zone = paris_zone ();
  if (!(it = icalrecur_iterator_new (rule, wall_time (zone, dtstart))))
    {
      icalerror_clear_errno ();
      return out;
    }
  for (guint steps = 0; out->len < max && steps < max_steps; steps++)
    {
      g_autoptr (GDateTime) local = NULL;
      gint64 when;

      t = icalrecur_iterator_next (it);
      if (icaltime_is_null_time (t))
        break;
      local = g_date_time_new (zone, t.year, t.month, t.day, t.hour, t.minute, t.second);
      if (local == NULL)
        continue;
      when = g_date_time_to_unix (local);
      if (when >= to)
        break;
      if (when >= from)
        g_array_append_val (out, when);
    }
  icalrecur_iterator_free (it);
  return out;
}

gboolean
voisins_ical_is_occurrence (const char *rrule, gint64 dtstart, gint64 when)
{
  g_autoptr (GArray) hits = NULL;

  /* Outside the times a post may have, nothing occurs (and when + 1 stays an int64). */
  if (when < VOISINS_TIME_MIN || when > VOISINS_TIME_MAX)
    return FALSE;
  hits = voisins_ical_expand (rrule, dtstart, when, when + 1, 1);
  return hits->len == 1;
}

static icalproperty *
with_tzid (icalproperty *p)
{
  icalproperty_add_parameter (p, icalparameter_new_tzid (VOISINS_ICAL_TZID));
  return p;
}

char *
voisins_ical_uid_for_post (const char *post_id)
{
  g_return_val_if_fail (post_id != NULL, NULL);
  return g_strdup_printf ("%s@voisins", post_id);
}

gboolean
voisins_ical_post_is_event (VoisinsPost *post)
{
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);
  return (voisins_post_get_category (post) == VOISINS_CATEGORY_EVENT ||
          voisins_post_get_category (post) == VOISINS_CATEGORY_GROUP) &&
         voisins_post_get_starts_at (post) > 0 && !voisins_post_get_deleted (post);
}

gboolean
voisins_ical_calendar_add_post (VoisinsIcalCalendar         *self,
                                VoisinsPost                 *post,
                                const VoisinsIcalRecurrence *recurrence)
{
  icalcomponent *event;
  g_autofree char *uid = NULL;
  gint64 starts_at, ends_at, stamp;
  const char      *body, *rrule;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  starts_at = voisins_post_get_starts_at (post);
  ends_at = voisins_post_get_ends_at (post);
  if (starts_at <= 0 || voisins_post_get_deleted (post))
    return FALSE;

  event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  uid = voisins_ical_uid_for_post (voisins_post_get_id (post));
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  /* With no METHOD, DTSTAMP is when the event last changed (RFC 5545 3.8.7.2): stable from
   * one fetch of the feed to the next, so calendar apps see nothing new when nothing is. */
  stamp = MAX (voisins_post_get_updated_at (post), voisins_post_get_created_at (post));
  if (stamp <= 0)
    stamp = g_get_real_time () / G_USEC_PER_SEC;
  icalcomponent_add_property (event, icalproperty_new_dtstamp (
    icaltime_from_timet_with_zone ((time_t) stamp, 0, icaltimezone_get_utc_timezone ())));
  icalcomponent_add_property (event, with_tzid (icalproperty_new_dtstart (paris_time (self,
                                                                                      starts_at))));
  if (ends_at > starts_at)
    icalcomponent_add_property (event, with_tzid (icalproperty_new_dtend (paris_time (self,
                                                                                      ends_at))));
  icalcomponent_add_property (event, icalproperty_new_summary (voisins_post_get_title (post)));
  body = voisins_post_get_body (post);
  if (body != NULL && *body != '\0')
    icalcomponent_add_property (event, icalproperty_new_description (body));
  if (voisins_post_get_place (post) != NULL && *voisins_post_get_place (post) != '\0')
    icalcomponent_add_property (event, icalproperty_new_location (voisins_post_get_place (post)));
  icalcomponent_add_property (event, icalproperty_new_status (
    voisins_post_get_status (post) == VOISINS_POST_STATUS_CANCELLED ? ICAL_STATUS_CANCELLED
                                                                    : ICAL_STATUS_CONFIRMED));
  rrule = recurrence && recurrence->rrule ? recurrence->rrule : voisins_post_get_rrule (post);
  if (rrule != NULL && *rrule != '\0')
    {
      struct icalrecurrencetype rule = icalrecurrencetype_from_string (rrule);

      if (rule.freq != ICAL_NO_RECURRENCE)
        {
          icalcomponent_add_property (event, icalproperty_new_rrule (rule));
          for (guint i = 0; recurrence && i < recurrence->n_exdates; i++)
            icalcomponent_add_property (event, with_tzid (icalproperty_new_exdate (
              paris_time (self, recurrence->exdates[i]))));
        }
      else
        g_warning ("Recurrence rule not understood, written as a single event");
    }
  icalcomponent_add_component (self->vcalendar, event);
  self->n_events++;

  /* A moved occurrence: the same UID, its RECURRENCE-ID the start it had, and its own
   * times; the rest (summary, description) as the series says (RFC 5545 3.8.4.4). */
  for (guint i = 0; recurrence && rrule && *rrule && i < recurrence->n_moved; i++)
    {
      const VoisinsIcalMoved *m = &recurrence->moved[i];
      icalcomponent          *override;
      gint64                  m_ends = m->ends_at;

      if (m->starts_at <= 0)
        continue;
      if (m_ends <= m->starts_at && ends_at > starts_at)
        m_ends = m->starts_at + (ends_at - starts_at);
      override = icalcomponent_new (ICAL_VEVENT_COMPONENT);
      icalcomponent_add_property (override, icalproperty_new_uid (uid));
      icalcomponent_add_property (override,
                                  icalproperty_new_dtstamp (icaltime_from_timet_with_zone (
                                      (time_t) stamp, 0, icaltimezone_get_utc_timezone ())));
      icalcomponent_add_property (override, with_tzid (icalproperty_new_recurrenceid (
                                                paris_time (self, m->original_start))));
      icalcomponent_add_property (
          override, with_tzid (icalproperty_new_dtstart (paris_time (self, m->starts_at))));
      if (m_ends > m->starts_at)
        icalcomponent_add_property (override,
                                    with_tzid (icalproperty_new_dtend (paris_time (self, m_ends))));
      icalcomponent_add_property (override,
                                  icalproperty_new_summary (voisins_post_get_title (post)));
      if (body != NULL && *body != '\0')
        icalcomponent_add_property (override, icalproperty_new_description (body));
      icalcomponent_add_property (override, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
      icalcomponent_add_component (self->vcalendar, override);
    }
  return TRUE;
}

char *
voisins_ical_calendar_to_string (VoisinsIcalCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return icalcomponent_as_ical_string_r (self->vcalendar);
}

char *
voisins_ical_post_to_string (VoisinsPost *post)
{
  g_autoptr(VoisinsIcalCalendar) cal = NULL;

  g_return_val_if_fail (VOISINS_IS_POST (post), NULL);
  if (!voisins_ical_post_is_event (post))
    return NULL;
  cal = voisins_ical_calendar_new (NULL);
  voisins_ical_calendar_add_post (cal, post, NULL);
  return voisins_ical_calendar_to_string (cal);
}
