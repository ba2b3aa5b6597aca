/* test-server-events.c: who comes to an event, and one occurrence of a repeating one
 * cancelled or moved, through the server (issue 12, item 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <libical/ical.h>

#include "server-fixture.h"

/* Sunday 2026-12-06 10:00 in Paris, every Sunday; the next two, and one after the change to
 * summer time (still 10:00 on the wall clock, an hour earlier in UTC). */
#define SUNDAY_1     G_GINT64_CONSTANT (1796547600)
#define SUNDAY_2     G_GINT64_CONSTANT (1797152400)
#define SUNDAY_3     G_GINT64_CONSTANT (1797757200)
#define SUNDAY_3_11H G_GINT64_CONSTANT (1797760800)
#define APRIL_4      G_GINT64_CONSTANT (1806825600)
#define MONDAY_2     G_GINT64_CONSTANT (1797238800)

typedef struct
{
  const char *token;
  char       *client;
  gint64      seq;
} Laptop;

static void
laptop_clear (Laptop *l)
{
  g_free (l->client);
}

static JsonObject *
push (VsWorld *w, Laptop *l, const char *name, const char *args, JsonNode **keep)
{
  *keep = vs_push1 (w->server, l->token, l->client, l->seq++, name, args, NULL);
  g_assert_nonnull (*keep);
  return vs_result (*keep, 0);
}

static void
push_ok (VsWorld *w, Laptop *l, const char *name, const char *args)
{
  g_autoptr (JsonNode) answer = NULL;
  JsonObject *result = push (w, l, name, args, &answer);

  if (g_strcmp0 (json_object_get_string_member (result, "status"), "applied") != 0)
    {
      g_autofree char *text = vs_to_string (answer);

      g_error ("%s %s not applied: %s", name, args, text);
    }
}

/* Refused with @code; returns the reason given. */
static char *
push_refused (VsWorld *w, Laptop *l, const char *name, const char *args, const char *code)
{
  g_autoptr (JsonNode) answer = NULL;
  JsonObject *result = push (w, l, name, args, &answer);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  return g_strdup (json_object_get_string_member_with_default (result, "message", ""));
}

static char *
new_member (VsWorld    *w,
            Laptop     *desk,
            const char *association,
            const char *first_name,
            gboolean    offline)
{
  char            *id = vs_uuid ();
  g_autofree char *args = g_strdup_printf (
      "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"%s\","
      "\"last_name\":\"Martin\",\"consent_scope\":\"posts\","
      "\"lat\":48.848,\"lon\":2.378,\"no_internet\":%s,"
      "\"contact_channel\":\"%s\"}",
      id, association, first_name, offline ? "true" : "false", offline ? "phone" : "online");

  push_ok (w, desk, "member.create", args);
  return id;
}

static char *
new_event (VsWorld *w, Laptop *l, const char *category, int capacity, const char *rrule)
{
  char            *id = vs_uuid ();
  g_autofree char *rrule_json =
      rrule ? g_strdup_printf (",\"rrule\":\"%s\"", rrule) : g_strdup ("");
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                       "\"category\":\"%s\",\"status\":\"open\",\"title\":\"Apéro du dimanche\","
                       "\"lat\":48.845,\"lon\":2.372,\"created_at\":1796000000,"
                       "\"starts_at\":%" G_GINT64_FORMAT ",\"ends_at\":%" G_GINT64_FORMAT ","
                       "\"place\":\"Cour du 12\",\"capacity\":%d%s}",
                       id, w->a, category, SUNDAY_1, SUNDAY_1 + 7200, capacity, rrule_json);

  push_ok (w, l, "post.create", args);
  return id;
}

static char *
put_args (const char *id, const char *post, const char *member, const char *answer)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\","
                          "\"answer\":\"%s\"}",
                          id, post, member, answer);
}

static char *
answer_args (const char *id, const char *answer)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"answer\":\"%s\"}", id, answer);
}

static char *
id_args (const char *id)
{
  return g_strdup_printf ("{\"id\":\"%s\"}", id);
}

static gint64
count_coming (VsWorld *w, const char *post)
{
  g_autofree char *sql =
      g_strdup_printf ("SELECT count(*) FROM records WHERE type = 'participant' AND deleted = 0"
                       " AND json_extract (data, '$.post_id') = '%s'"
                       " AND json_extract (data, '$.answer') = 'coming'",
                       post);

  return vs_db_count (w->server, sql);
}

/* A volunteer lists neighbours who are not online; the third "coming" of a capacity of two
 * is refused with the count, a "maybe" is not; someone of another association cannot be
 * listed; the same neighbour is not listed twice; answers change, a seat frees up. */
static void
test_participants (void)
{
  g_autoptr (VsWorld) w = vs_world_new (NULL);
  g_autofree char *vol2_id = vs_server_add_user (w->server, w->a, "vol2", "volunteer");
  g_autofree char *vol2 = vs_server_login (w->server, "vol2");
  Laptop           desk = { w->coord, vs_uuid (), 1 };
  Laptop           lea = { w->vol, vs_uuid (), 1 };
  Laptop           sam = { vol2, vs_uuid (), 1 };
  Laptop           stranger = { w->other, vs_uuid (), 1 };
  g_autofree char *event = new_event (w, &desk, "event", 2, NULL);
  g_autofree char *odette = new_member (w, &desk, w->a, "Odette", TRUE);
  g_autofree char *marcel = new_member (w, &desk, w->a, "Marcel", TRUE);
  g_autofree char *ana = new_member (w, &desk, w->a, "Ana", FALSE);
  g_autofree char *elsewhere = new_member (w, &stranger, w->b, "Lise", FALSE);
  g_autofree char *p1 = vs_uuid ();
  g_autofree char *p2 = vs_uuid ();
  g_autofree char *p3 = vs_uuid ();
  g_autofree char *p4 = vs_uuid ();
  g_autofree char *args = NULL;
  g_autofree char *reason = NULL;

  /* Odette and Marcel, who have no internet, said yes on the phone to Léa. */
  g_clear_pointer (&args, g_free);
  args = put_args (p1, event, odette, "coming");
  push_ok (w, &lea, "participant.put", args);
  g_clear_pointer (&args, g_free);
  args = put_args (p2, event, marcel, "coming");
  push_ok (w, &lea, "participant.put", args);
  g_assert_cmpint (count_coming (w, event), ==, 2);

  /* Full: Ana cannot come, and is told why; she may still say maybe. */
  g_clear_pointer (&args, g_free);
  args = put_args (p3, event, ana, "coming");
  reason = push_refused (w, &sam, "participant.put", args, "full");
  g_assert_nonnull (strstr (reason, "2 of 2"));
  g_clear_pointer (&args, g_free);
  args = put_args (p3, event, ana, "maybe");
  push_ok (w, &sam, "participant.put", args);
  g_clear_pointer (&args, g_free);
  args = answer_args (p3, "coming");
  g_free (push_refused (w, &sam, "participant.set_answer", args, "full"));

  /* The same neighbour twice, an answer that is no answer, a member only a group has. */
  g_clear_pointer (&args, g_free);
  args = put_args (p4, event, odette, "maybe");
  g_free (push_refused (w, &sam, "participant.put", args, "participant_taken"));
  g_clear_pointer (&args, g_free);
  args = answer_args (p1, "perhaps");
  g_free (push_refused (w, &sam, "participant.set_answer", args, "invalid"));
  g_clear_pointer (&args, g_free);
  args = answer_args (p1, "member");
  g_free (push_refused (w, &sam, "participant.set_answer", args, "invalid"));

  /* Someone of another association, by a volunteer here: no such member. And a volunteer of
   * the other association sees no such event. */
  g_clear_pointer (&args, g_free);
  args = put_args (p4, event, elsewhere, "coming");
  g_free (push_refused (w, &lea, "participant.put", args, "not_found"));
  g_clear_pointer (&args, g_free);
  args = put_args (p4, event, elsewhere, "maybe");
  g_free (push_refused (w, &stranger, "participant.put", args, "not_found"));

  /* Marcel cannot come after all (Sam took the call): a seat frees up, Ana takes it. */
  g_clear_pointer (&args, g_free);
  args = answer_args (p2, "no");
  push_ok (w, &sam, "participant.set_answer", args);
  g_clear_pointer (&args, g_free);
  args = answer_args (p3, "coming");
  push_ok (w, &sam, "participant.set_answer", args);
  g_assert_cmpint (count_coming (w, event), ==, 2);

  /* Only whoever added her, or a coordinator, takes her off the list. */
  g_clear_pointer (&args, g_free);
  args = id_args (p1);
  g_free (push_refused (w, &sam, "participant.remove", args, "forbidden"));
  push_ok (w, &lea, "participant.remove", args);
  g_clear_pointer (&args, g_free);
  args = id_args (p3);
  push_ok (w, &desk, "participant.remove", args);
  g_assert_cmpint (count_coming (w, event), ==, 0);
  /* Removed, she may be listed again. */
  g_clear_pointer (&args, g_free);
  args = put_args (p4, event, odette, "coming");
  push_ok (w, &lea, "participant.put", args);

  /* A request has no participants. */
  {
    g_autofree char *request = vs_uuid ();
    g_autofree char *post = vs_post_json (request, w->a, "A shelf to put up");
    g_autofree char *p5 = vs_uuid ();

    push_ok (w, &desk, "post.create", post);
    g_clear_pointer (&args, g_free);
    args = put_args (p5, request, ana, "coming");
    g_free (push_refused (w, &lea, "participant.put", args, "invalid"));
  }

  /* A group's members take the seats too. */
  {
    g_autofree char *group = new_event (w, &desk, "group", 1, "FREQ=WEEKLY;BYDAY=SU");
    g_autofree char *g1 = vs_uuid ();
    g_autofree char *g2 = vs_uuid ();

    g_clear_pointer (&args, g_free);
    args = put_args (g1, group, odette, "member");
    push_ok (w, &lea, "participant.put", args);
    g_clear_pointer (&args, g_free);
    args = put_args (g2, group, ana, "member");
    g_free (push_refused (w, &lea, "participant.put", args, "full"));
  }

  laptop_clear (&desk);
  laptop_clear (&lea);
  laptop_clear (&sam);
  laptop_clear (&stranger);
  (void) vol2_id;
}

/* A participant.put sent again with the same seq (a lost answer) gets the stored answer,
 * and with a new seq (a laptop that lost its outbox bookkeeping) is applied once. */
static void
test_replay (void)
{
  g_autoptr (VsWorld) w = vs_world_new (NULL);
  Laptop           desk = { w->coord, vs_uuid (), 1 };
  g_autofree char *event = new_event (w, &desk, "event", 0, NULL);
  g_autofree char *odette = new_member (w, &desk, w->a, "Odette", TRUE);
  g_autofree char *p1 = vs_uuid ();
  g_autofree char *args = put_args (p1, event, odette, "coming");
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) again = NULL;
  gint64 seq = desk.seq;

  first = vs_push1 (w->server, desk.token, desk.client, seq, "participant.put", args, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (first, 0), "status"), ==, "applied");
  again = vs_push1 (w->server, desk.token, desk.client, seq, "participant.put", args, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (again, 0), "status"), ==, "applied");
  desk.seq = seq + 1;
  push_ok (w, &desk, "participant.put", args);
  g_assert_cmpint (count_coming (w, event), ==, 1);
  g_assert_cmpint (vs_db_count (w->server, "SELECT version FROM records"
                                           " WHERE type = 'participant'"),
                   ==, 1);
  laptop_clear (&desk);
}

static char *
occurrence_args (const char *id,
                 const char *post,
                 gint64      original,
                 const char *state,
                 gint64      starts_at)
{
  if (starts_at == 0)
    return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":%" G_GINT64_FORMAT
                            ",\"state\":\"%s\"}",
                            id, post, original, state);
  return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":%" G_GINT64_FORMAT
                          ",\"state\":\"%s\",\"starts_at\":%" G_GINT64_FORMAT
                          ",\"ends_at\":%" G_GINT64_FORMAT "}",
                          id, post, original, state, starts_at, starts_at + 7200);
}

static char *
fetch_feed (VsWorld *w)
{
  g_autofree char *url =
      g_strdup_printf ("%s/api/v1/associations/%s/events.ics", w->server->base_url, w->a);
  g_autofree char *auth = g_strconcat ("Bearer ", w->vol, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  gsize       len;
  const char *data;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (w->server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  data = g_bytes_get_data (body, &len);
  return g_strndup (data, len);
}

/* The wall clock of @t in Paris, as "YYYYMMDDTHHMMSS". */
static char *
paris (struct icaltimetype t)
{
  return g_strdup_printf ("%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute,
                          t.second);
}

/* Every Sunday: the second one cancelled, the third moved an hour later, by the volunteer
 * who recorded it; a coordinator puts the second back and cancels it again; nobody else may.
 * The feed says so with EXDATE and an overriding VEVENT (RECURRENCE-ID), read by libical. */
static void
test_occurrences (void)
{
  g_autoptr (VsWorld) w = vs_world_new (NULL);
  g_autofree char *vol2_id = vs_server_add_user (w->server, w->a, "vol2", "volunteer");
  g_autofree char *vol2 = vs_server_login (w->server, "vol2");
  Laptop           lea = { w->vol, vs_uuid (), 1 };
  Laptop           sam = { vol2, vs_uuid (), 1 };
  Laptop           desk = { w->coord, vs_uuid (), 1 };
  g_autofree char *event = new_event (w, &lea, "event", 0, "FREQ=WEEKLY;BYDAY=SU");
  g_autofree char *once = new_event (w, &lea, "event", 0, NULL);
  g_autofree char *o1 = vs_uuid ();
  g_autofree char *o2 = vs_uuid ();
  g_autofree char *o3 = vs_uuid ();
  g_autofree char *args = NULL;
  g_autofree char *text = NULL;
  icalcomponent   *cal, *series = NULL, *moved = NULL;
  guint            n_exdates = 0;

  /* Léa, who recorded it, cancels the second Sunday and moves the third to 11:00. */
  args = occurrence_args (o1, event, SUNDAY_2, "cancelled", 0);
  g_free (push_refused (w, &sam, "occurrence.set", args, "forbidden"));
  push_ok (w, &lea, "occurrence.set", args);
  push_ok (w, &lea, "occurrence.set", args); /* the same again: nothing new */
  g_assert_cmpint (vs_db_count (w->server, "SELECT version FROM records"
                                           " WHERE type = 'occurrence'"),
                   ==, 1);
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o2, event, SUNDAY_3, "moved", SUNDAY_3_11H);
  push_ok (w, &lea, "occurrence.set", args);

  /* Someone else's exception for the same Sunday, a Monday the rule never gives, a date of
   * an event that does not repeat, a move with no new date. */
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o3, event, SUNDAY_2, "cancelled", 0);
  g_free (push_refused (w, &desk, "occurrence.set", args, "occurrence_taken"));
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o3, event, MONDAY_2, "cancelled", 0);
  g_free (push_refused (w, &desk, "occurrence.set", args, "invalid"));
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o3, once, SUNDAY_1, "cancelled", 0);
  g_free (push_refused (w, &lea, "occurrence.set", args, "invalid"));
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o3, event, SUNDAY_1, "moved", 0);
  g_free (push_refused (w, &lea, "occurrence.set", args, "invalid"));
  /* After the change to summer time, still 10:00 on the wall clock. */
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o3, event, APRIL_4, "cancelled", 0);
  push_ok (w, &desk, "occurrence.set", args);

  /* Put back by a coordinator (Sam may not), then cancelled again. */
  g_clear_pointer (&args, g_free);
  args = id_args (o3);
  g_free (push_refused (w, &sam, "occurrence.clear", args, "forbidden"));
  push_ok (w, &desk, "occurrence.clear", args);
  g_clear_pointer (&args, g_free);
  args = id_args (o1);
  push_ok (w, &desk, "occurrence.clear", args);
  g_clear_pointer (&args, g_free);
  args = occurrence_args (o1, event, SUNDAY_2, "cancelled", 0);
  push_ok (w, &lea, "occurrence.set", args);

  /* A repetition only for events and groups, and one libical reads. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *bad = g_strdup_printf (
        "{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\",\"category\":\"diy\","
        "\"title\":\"A shelf\",\"lat\":48.845,\"lon\":2.372,\"rrule\":\"FREQ=WEEKLY\"}",
        id, w->a);
    g_autofree char *gibberish = g_strdup_printf (
        "{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\",\"category\":\"event\","
        "\"title\":\"Apéro\",\"lat\":48.845,\"lon\":2.372,\"rrule\":\"EVERY SUNDAY\"}",
        id, w->a);

    g_free (push_refused (w, &lea, "post.create", bad, "invalid"));
    g_free (push_refused (w, &lea, "post.create", gibberish, "invalid"));
  }

  text = fetch_feed (w);
  cal = icalparser_parse_string (text);
  g_assert_nonnull (cal);
  for (icalcomponent *e = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      g_autofree char *uid = g_strdup_printf ("%s@voisins", event);

      if (!g_str_equal (icalcomponent_get_uid (e), uid))
        continue;
      if (icalcomponent_get_first_property (e, ICAL_RECURRENCEID_PROPERTY))
        moved = e;
      else
        series = e;
    }
  g_assert_nonnull (series);
  g_assert_nonnull (moved);
  g_assert_nonnull (icalcomponent_get_first_property (series, ICAL_RRULE_PROPERTY));
  g_assert_cmpstr (icalcomponent_get_location (series), ==, "Cour du 12");
  for (icalproperty *p = icalcomponent_get_first_property (series, ICAL_EXDATE_PROPERTY); p;
       p = icalcomponent_get_next_property (series, ICAL_EXDATE_PROPERTY))
    {
      g_autofree char *when = paris (icalproperty_get_exdate (p));

      g_assert_cmpstr (when, ==, "20261213T100000");
      g_assert_cmpstr (
          icalparameter_get_tzid (icalproperty_get_first_parameter (p, ICAL_TZID_PARAMETER)), ==,
          "Europe/Paris");
      n_exdates++;
    }
  /* The April one was put back. */
  g_assert_cmpuint (n_exdates, ==, 1);
  {
    g_autofree char *rid = paris (icalcomponent_get_recurrenceid (moved));
    g_autofree char *start = paris (icalcomponent_get_dtstart (moved));

    g_assert_cmpstr (rid, ==, "20261220T100000");
    g_assert_cmpstr (start, ==, "20261220T110000");
  }
  icalcomponent_free (cal);

  laptop_clear (&lea);
  laptop_clear (&sam);
  laptop_clear (&desk);
  (void) vol2_id;
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/events/participants", test_participants);
  g_test_add_func ("/server/events/replay", test_replay);
  g_test_add_func ("/server/events/occurrences", test_occurrences);

  return g_test_run ();
}
