/* test-ical.c: the iCalendar writer, read back with libical
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libical/ical.h>
#include <string.h>

#include "voisins-core.h"

/* 2026-12-05 19:00 in Paris (CET, UTC+1) = 18:00 UTC; and 2027-07-04 10:00 CEST. */
#define WINTER_START 1796493600
#define SUMMER_START 1814688000

static VoisinsPost *
make_event (const char *id,
            const char *title,
            const char *body,
            gint64      starts_at,
            gint64      ends_at)
{
  VoisinsPost *post = voisins_post_new ();

  voisins_post_set_id (post, id);
  voisins_post_set_category (post, VOISINS_CATEGORY_EVENT);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, body);
  voisins_post_set_starts_at (post, starts_at);
  voisins_post_set_ends_at (post, ends_at);
  voisins_post_set_created_at (post, 1796000000);
  voisins_post_set_updated_at (post, 1796100000);
  return post;
}

static void
assert_folded (const char *text)
{
  g_auto(GStrv) lines = NULL;

  /* Every line ends in CRLF and is at most 75 octets without it (RFC 5545 3.1). */
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
}

static icalcomponent *
find_event (icalcomponent *cal,
            const char    *uid)
{
  for (icalcomponent *e = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    if (g_strcmp0 (icalcomponent_get_uid (e), uid) == 0)
      return e;
  return NULL;
}

static time_t
start_of (icalcomponent *cal,
          icalcomponent *event)
{
  icalproperty *p = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  icalparameter *tzid = icalproperty_get_first_parameter (p, ICAL_TZID_PARAMETER);
  icaltimezone *zone;

  g_assert_nonnull (tzid);
  g_assert_cmpstr (icalparameter_get_tzid (tzid), ==, "Europe/Paris");
  /* Resolved with the feed's own VTIMEZONE, as a calendar app does. */
  zone = icalcomponent_get_timezone (cal, "Europe/Paris");
  g_assert_nonnull (zone);
  return icaltime_as_timet_with_zone (icalproperty_get_dtstart (p), zone);
}

static void
test_ical_feed (void)
{
  g_autoptr(VoisinsIcalCalendar) cal = voisins_ical_calendar_new ("Voisins du 12e");
  g_autoptr(GString) long_body = g_string_new ("Apéro dans la cour : ");
  g_autoptr(VoisinsPost) winter = NULL;
  g_autoptr(VoisinsPost) summer = NULL;
  g_autoptr(VoisinsPost) offer = voisins_post_new ();
  g_autofree char *text = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *parsed, *e;
  const gint64 exdates[] = { SUMMER_START + 14 * 86400 };
  const VoisinsIcalRecurrence weekly = { "FREQ=WEEKLY;BYDAY=SU", exdates, 1 };

  for (int i = 0; i < 12; i++)
    g_string_append (long_body, "chacun apporte un plat, une boisson, ou rien du tout ; ");
  g_string_append (long_body, "merci !");
  winter = make_event ("0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a01", "Apéro de Noël", long_body->str,
                       WINTER_START, WINTER_START + 3 * 3600);
  summer = make_event ("0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a02", "Course sur la Coulée verte",
                       "Départ au métro", SUMMER_START, 0);
  voisins_post_set_id (offer, "0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a03");
  voisins_post_set_category (offer, VOISINS_CATEGORY_DIY);
  voisins_post_set_title (offer, "Perceuse");

  g_assert_true (voisins_ical_calendar_add_post (cal, winter, NULL));
  g_assert_true (voisins_ical_calendar_add_post (cal, summer, &weekly));
  g_assert_false (voisins_ical_post_is_event (offer));
  g_assert_cmpuint (voisins_ical_calendar_get_n_events (cal), ==, 2);
  text = voisins_ical_calendar_to_string (cal);
  assert_folded (text);

  parsed = icalparser_parse_string (text);
  g_assert_nonnull (parsed);
  g_assert_cmpint (icalcomponent_isa (parsed), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_components (parsed, ICAL_VEVENT_COMPONENT), ==, 2);
  g_assert_nonnull (icalcomponent_get_first_component (parsed, ICAL_VTIMEZONE_COMPONENT));
  g_assert_cmpint (icalcomponent_count_errors (parsed), ==, 0);

  uid = voisins_ical_uid_for_post (voisins_post_get_id (winter));
  e = find_event (parsed, uid);
  g_assert_nonnull (e);
  g_assert_cmpstr (icalcomponent_get_summary (e), ==, "Apéro de Noël");
  /* The long description comes back whole once unfolded. */
  g_assert_cmpstr (icalcomponent_get_description (e), ==, long_body->str);
  g_assert_cmpint (start_of (parsed, e), ==, WINTER_START);
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Paris:20261205T190000"));
  g_assert_nonnull (strstr (text, "DTEND;TZID=Europe/Paris:20261205T220000"));
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtstamp (e)), ==, 1796100000);

  /* Summer time: the same zone gives 10:00 local for 08:00 UTC. */
  g_autofree char *uid2 = voisins_ical_uid_for_post (voisins_post_get_id (summer));
  e = find_event (parsed, uid2);
  g_assert_nonnull (e);
  g_assert_cmpint (start_of (parsed, e), ==, SUMMER_START);
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Paris:20270704T100000"));
  {
    icalproperty *rrule = icalcomponent_get_first_property (e, ICAL_RRULE_PROPERTY);
    icalproperty *exdate = icalcomponent_get_first_property (e, ICAL_EXDATE_PROPERTY);

    g_assert_nonnull (rrule);
    g_assert_cmpint (icalproperty_get_rrule (rrule).freq, ==, ICAL_WEEKLY_RECURRENCE);
    g_assert_nonnull (exdate);
    g_assert_nonnull (strstr (text, "EXDATE;TZID=Europe/Paris:20270718T100000"));
  }
  icalcomponent_free (parsed);
}

static void
test_ical_uid_stable (void)
{
  g_autoptr(VoisinsPost) post = make_event ("0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a01", "Réunion",
                                            "", WINTER_START, 0);
  g_autofree char *first = voisins_ical_post_to_string (post);
  g_autofree char *second = NULL;
  icalcomponent *a, *b;

  /* A change of title is the same event to a calendar app: same UID, later DTSTAMP. */
  voisins_post_set_title (post, "Réunion du bureau");
  voisins_post_set_updated_at (post, 1796200000);
  second = voisins_ical_post_to_string (post);
  a = icalparser_parse_string (first);
  b = icalparser_parse_string (second);
  g_assert_cmpstr (icalcomponent_get_uid (icalcomponent_get_first_component (a, ICAL_VEVENT_COMPONENT)),
                   ==,
                   icalcomponent_get_uid (icalcomponent_get_first_component (b, ICAL_VEVENT_COMPONENT)));
  g_assert_cmpstr (icalcomponent_get_summary (icalcomponent_get_first_component (b, ICAL_VEVENT_COMPONENT)),
                   ==, "Réunion du bureau");
  icalcomponent_free (a);
  icalcomponent_free (b);

  voisins_post_set_deleted (post, TRUE);
  g_assert_null (voisins_ical_post_to_string (post));
}

/* Every Saturday at 19:00 from 2026-12-05, the post's own rule: the next Saturday cancelled
 * (EXDATE), the one after moved to 20:00 (a VEVENT of the same UID with RECURRENCE-ID),
 * read back with libical as a calendar app would. */
static void
test_ical_exceptions (void)
{
  g_autoptr (VoisinsIcalCalendar) cal = voisins_ical_calendar_new (NULL);
  g_autoptr (VoisinsPost) post = make_event ("0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a04", "Apéro",
                                             "Dans la cour", WINTER_START, WINTER_START + 2 * 3600);
  const gint64           exdates[] = { WINTER_START + 7 * 86400 };
  const VoisinsIcalMoved moved[] = { { WINTER_START + 14 * 86400, WINTER_START + 14 * 86400 + 3600,
                                       0 } };
  const VoisinsIcalRecurrence exceptions = { NULL, exdates, 1, moved, 1 };
  g_autofree char            *text = NULL;
  icalcomponent              *parsed, *series = NULL, *override = NULL;
  guint                       n = 0;

  voisins_post_set_rrule (post, "FREQ=WEEKLY;BYDAY=SA");
  voisins_post_set_place (post, "Cour du 12");
  g_assert_true (voisins_ical_calendar_add_post (cal, post, &exceptions));
  text = voisins_ical_calendar_to_string (cal);
  assert_folded (text);
  parsed = icalparser_parse_string (text);
  g_assert_nonnull (parsed);
  g_assert_cmpint (icalcomponent_count_errors (parsed), ==, 0);
  for (icalcomponent *e = icalcomponent_get_first_component (parsed, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component (parsed, ICAL_VEVENT_COMPONENT))
    {
      g_assert_cmpstr (icalcomponent_get_uid (e), ==,
                       "0b6e4f1c-94d3-4c52-9a3b-1f6e3b1d2a04@voisins");
      if (icalcomponent_get_first_property (e, ICAL_RECURRENCEID_PROPERTY))
        override = e;
      else
        series = e;
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_nonnull (series);
  g_assert_nonnull (override);
  g_assert_cmpstr (icalcomponent_get_location (series), ==, "Cour du 12");
  g_assert_nonnull (icalcomponent_get_first_property (series, ICAL_RRULE_PROPERTY));
  g_assert_nonnull (strstr (text, "EXDATE;TZID=Europe/Paris:20261212T190000"));
  g_assert_nonnull (strstr (text, "RECURRENCE-ID;TZID=Europe/Paris:20261219T190000"));
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Paris:20261219T200000"));
  /* As long as the others. */
  g_assert_nonnull (strstr (text, "DTEND;TZID=Europe/Paris:20261219T220000"));
  {
    struct icaltimetype rid = icalcomponent_get_recurrenceid (override);

    g_assert_cmpint (rid.day, ==, 19);
    g_assert_cmpint (rid.hour, ==, 19);
  }
  icalcomponent_free (parsed);
}

/* The rule is read on the wall clock in Paris: 19:00 stays 19:00 after the change to summer
 * time (an hour earlier in UTC); a Monday is no Saturday. */
static void
test_ical_expand (void)
{
  g_autoptr (GArray) all = voisins_ical_expand ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, WINTER_START,
                                                WINTER_START + 18 * 7 * 86400, 100);
  g_autoptr (GArray) once = voisins_ical_expand (NULL, WINTER_START, 0, G_MAXINT64, 10);
  g_autoptr (GArray) later =
      voisins_ical_expand ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, 1806170400, G_MAXINT64, 2);

  /* 18 weeks of UTC hold 19 Saturdays: the last one, in summer time, is an hour earlier. */
  g_assert_cmpuint (all->len, ==, 19);
  g_assert_cmpint (g_array_index (all, gint64, 0), ==, WINTER_START);
  g_assert_cmpint (g_array_index (all, gint64, 1), ==, 1797098400);
  g_assert_cmpuint (once->len, ==, 1);
  g_assert_cmpuint (later->len, ==, 2);
  g_assert_cmpint (g_array_index (later, gint64, 0), ==, 1806170400); /* 27 March, CET */
  g_assert_cmpint (g_array_index (later, gint64, 1), ==, 1806771600); /* 3 April, CEST */
  g_assert_true (voisins_ical_is_occurrence ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, 1806771600));
  g_assert_false (
      voisins_ical_is_occurrence ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, 1806771600 + 3600));
  g_assert_false (
      voisins_ical_is_occurrence ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, WINTER_START + 2 * 86400));
  /* Times no post may have (a hostile original_start): nothing, and no overflow. */
  g_assert_false (voisins_ical_is_occurrence ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, G_MAXINT64));
  g_assert_false (voisins_ical_is_occurrence ("FREQ=WEEKLY;BYDAY=SA", WINTER_START, G_MININT64));
  g_assert_false (voisins_ical_is_occurrence (NULL, G_MAXINT64, G_MAXINT64));
  /* The first Tuesday of the month. */
  g_assert_true (voisins_post_rrule_is_valid ("FREQ=MONTHLY;BYDAY=1TU"));
  g_assert_false (voisins_post_rrule_is_valid ("every sunday"));
  g_assert_false (voisins_post_rrule_is_valid ("RRULE:FREQ=WEEKLY"));
  g_assert_false (voisins_post_rrule_is_valid ("FREQ=MINUTELY"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ical/feed", test_ical_feed);
  g_test_add_func ("/ical/uid-stable", test_ical_uid_stable);
  g_test_add_func ("/ical/exceptions", test_ical_exceptions);
  g_test_add_func ("/ical/expand", test_ical_expand);
  return g_test_run ();
}
