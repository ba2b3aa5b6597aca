/* test-server-feeds.c: the events' calendar feed and the secret feed URL (issue 12),
 * read back with libical as a calendar app would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libical/ical.h>
#include <string.h>

#include "server-fixture.h"

/* 2026-12-05 19:00 in Paris (18:00 UTC) */
#define APERO_START 1796493600

static char *
fetch_ics (VsServer   *server,
           const char *path,
           const char *token,
           guint      *status)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (*status == 200)
    g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL), ==, "text/calendar");
  data = g_bytes_get_data (body, &len);
  return g_strndup (data, len);
}

static char *
events_path (const char *assoc)
{
  return g_strdup_printf ("/api/v1/associations/%s/events.ics", assoc);
}

static char *
long_body (void)
{
  g_autoptr(GString) s = g_string_new ("Apéro dans la cour du 12 :");

  for (int i = 0; i < 8; i++)
    g_string_append (s, " chacun apporte un plat, une boisson, ou simplement sa bonne humeur ;");
  g_string_append (s, " à samedi !");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
push_post (VsWorld    *w,
           const char *id,
           const char *category,
           const char *title,
           const char *body,
           gint64      starts_at,
           gint64      seq)
{
  static char *client_id = NULL;

  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *args = NULL;
  guint status = 0;

  args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                          "\"category\":\"%s\",\"status\":\"open\",\"title\":\"%s\","
                          "\"body\":\"%s\",\"lat\":48.845,\"lon\":2.372,"
                          "\"created_at\":1796000000,\"starts_at\":%" G_GINT64_FORMAT
                          ",\"ends_at\":%" G_GINT64_FORMAT "}",
                          id, w->a, category, title, body, starts_at,
                          starts_at ? starts_at + 3 * 3600 : 0);
  /* One client for the whole run: the world is new in each test, and seq starts at 1. */
  if (seq == 1)
    {
      g_free (client_id);
      client_id = vs_uuid ();
    }
  answer = vs_push1 (w->server, w->vol, client_id, seq, "post.create", args, &status);
  if (status != 200)
    g_printerr ("%s\n", vs_to_string (answer));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==, "applied");
}

static void
assert_folded (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
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

/* The two event posts of the world, checked in @text; the offer is not in it. */
static void
assert_feed (const char *text,
             const char *apero_id,
             const char *meeting_id,
             const char *drill_id)
{
  g_autofree char *body = long_body ();
  g_autofree char *apero_uid = g_strconcat (apero_id, "@voisins", NULL);
  g_autofree char *meeting_uid = g_strconcat (meeting_id, "@voisins", NULL);
  g_autofree char *drill_uid = g_strconcat (drill_id, "@voisins", NULL);
  icalcomponent *cal = icalparser_parse_string (text);
  icalcomponent *e;
  icalproperty *dtstart;
  icaltimezone *zone;

  assert_folded (text);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_count_errors (cal), ==, 0);
  g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 2);
  g_assert_null (find_event (cal, drill_uid));
  zone = icalcomponent_get_timezone (cal, "Europe/Paris");
  g_assert_nonnull (zone);

  e = find_event (cal, apero_uid);
  g_assert_nonnull (e);
  g_assert_cmpstr (icalcomponent_get_summary (e), ==, "Apéro de la cour");
  g_assert_cmpstr (icalcomponent_get_description (e), ==, body);
  dtstart = icalcomponent_get_first_property (e, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (icalparameter_get_tzid (icalproperty_get_first_parameter (dtstart,
                                                                             ICAL_TZID_PARAMETER)),
                   ==, "Europe/Paris");
  g_assert_cmpint (icaltime_as_timet_with_zone (icalproperty_get_dtstart (dtstart), zone), ==,
                   APERO_START);
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Paris:20261205T190000\r\n"));
  g_assert_nonnull (find_event (cal, meeting_uid));
  icalcomponent_free (cal);
}

typedef struct
{
  VsWorld *w;
  char    *apero;
  char    *meeting;
  char    *drill;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = long_body ();

  /* Pages of about one post: the feed reads the posts page by page, and every page counts. */
  f->w = vs_world_new ("pull-page-bytes=1024");
  f->apero = vs_uuid ();
  f->meeting = vs_uuid ();
  f->drill = vs_uuid ();
  push_post (f->w, f->apero, "event", "Apéro de la cour", body, APERO_START, 1);
  push_post (f->w, f->meeting, "event", "Réunion du bureau", "Salle du 3", APERO_START + 86400,
             2);
  push_post (f->w, f->drill, "diy", "Perceuse à prêter", "Demandez", 0, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vs_world_free (f->w);
  g_free (f->apero);
  g_free (f->meeting);
  g_free (f->drill);
}

static void
test_feed_with_token (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = events_path (f->w->a);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *as_coord = NULL;
  g_autofree char *refused = NULL;
  guint status = 0;

  first = fetch_ics (f->w->server, path, f->w->vol, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_feed (first, f->apero, f->meeting, f->drill);

  /* Nothing changed, nothing new for the calendar app: same UIDs, same DTSTAMPs. */
  second = fetch_ics (f->w->server, path, f->w->vol, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first, ==, second);
  as_coord = fetch_ics (f->w->server, path, f->w->coord, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_feed (as_coord, f->apero, f->meeting, f->drill);

  /* No token, a wrong one, or someone of another association. */
  g_free (fetch_ics (f->w->server, path, NULL, &status));
  g_assert_cmpuint (status, ==, 401);
  g_free (fetch_ics (f->w->server, path, "not-a-real-token-at-all-0123456789", &status));
  g_assert_cmpuint (status, ==, 401);
  refused = fetch_ics (f->w->server, path, f->w->other, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_null (strstr (refused, "Apéro"));
}

static const char *
secret_path (JsonNode *answer)
{
  return json_object_get_string_member (json_node_get_object (answer), "path");
}

static void
test_feed_secret (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *feed_path = g_strdup_printf ("/api/v1/associations/%s/feed", f->w->a);
  g_autofree char *revoke_path = g_strdup_printf ("/api/v1/associations/%s/feed/revoke", f->w->a);
  g_autoptr(JsonNode) made = NULL;
  g_autoptr(JsonNode) remade = NULL;
  g_autoptr(JsonNode) revoked = NULL;
  g_autoptr(JsonNode) stranger = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  /* Making one needs a login. */
  g_clear_pointer (&made, json_node_unref);
  made = vs_post (f->w->server, feed_path, NULL, "{}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&made, json_node_unref);
  made = vs_post (f->w->server, feed_path, f->w->vol, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (secret_path (made), "/api/v1/feeds/"));
  g_assert_true (g_str_has_suffix (secret_path (made), ".ics"));
  /* Only its hash is kept. */
  g_assert_cmpint (vs_db_count (f->w->server, "SELECT count(*) FROM feed_secrets"), ==, 1);
  {
    const char *secret = json_object_get_string_member (json_node_get_object (made), "secret");
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM feed_secrets WHERE hash = '%s'",
                                            hash);

    g_assert_cmpint (strlen (secret), >=, 43);
    g_assert_cmpint (vs_db_count (f->w->server, sql), ==, 1);
  }

  /* A calendar app sends no header. */
  text = fetch_ics (f->w->server, secret_path (made), NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_feed (text, f->apero, f->meeting, f->drill);

  /* A new secret replaces the old one. */
  remade = vs_post (f->w->server, feed_path, f->w->vol, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (secret_path (made), !=, secret_path (remade));
  g_free (fetch_ics (f->w->server, secret_path (made), NULL, &status));
  g_assert_cmpuint (status, ==, 401);
  g_free (fetch_ics (f->w->server, secret_path (remade), NULL, &status));
  g_assert_cmpuint (status, ==, 200);

  /* Revoked: it stops. */
  revoked = vs_post (f->w->server, revoke_path, f->w->vol, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (fetch_ics (f->w->server, secret_path (remade), NULL, &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpint (vs_db_count (f->w->server, "SELECT count(*) FROM feed_secrets"), ==, 0);

  /* Someone of another association gets no feed of this one; a made-up secret, nothing. */
  stranger = vs_post (f->w->server, feed_path, f->w->other, "{}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_free (fetch_ics (f->w->server, "/api/v1/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
                     NULL, &status));
  g_assert_cmpuint (status, ==, 401);
  g_free (fetch_ics (f->w->server, "/api/v1/feeds/short.ics", NULL, &status));
  g_assert_cmpuint (status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/feeds/token", Fixture, NULL, fixture_set_up, test_feed_with_token,
              fixture_tear_down);
  g_test_add ("/server/feeds/secret", Fixture, NULL, fixture_set_up, test_feed_secret,
              fixture_tear_down);
  return g_test_run ();
}
