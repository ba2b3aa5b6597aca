/* test-server-members.c: verification letters and codes, in-person checks, consent, the audit
 * trail, the data report, erasure and inactive members, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>
#include <string.h>

#include "server-fixture.h"

typedef struct
{
  VsWorld *w;
  char    *client;
  gint64   seq;
} Fixture;

static Fixture *
fixture_new (const char *extra_config)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->w = vs_world_new (extra_config);
  f->client = vs_uuid ();
  f->seq = 1;
  return f;
}

static void
fixture_free (Fixture *f)
{
  vs_world_free (f->w);
  g_free (f->client);
  g_free (f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static const char *
push_status (Fixture *f, const char *token, const char *name, const char *args)
{
  static char status[32];
  /* A client of its own each time: a client id belongs to one login. */
  g_autofree char *client = vs_uuid ();
  g_autoptr(JsonNode) r = vs_push1 (f->w->server, token, client, 1, name, args, NULL);

  g_assert_nonnull (r);
  if (g_getenv ("VS_DEBUG"))
    {
      g_autofree char *text = vs_to_string (r);

      g_printerr ("%s %s -> %s\n", name, args, text);
    }
  g_strlcpy (status, json_object_get_string_member (vs_result (r, 0), "status"), sizeof status);
  return status;
}

static char *
new_member (Fixture *f, const char *first_name)
{
  char            *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"%s\","
                       "\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\","
                       "\"phone\":\"0143000000\",\"lat\":48.848,\"lon\":2.378,"
                       "\"needs\":\"Courses\",\"consent_scope\":\"posts,holiday\"}",
                       id, f->w->a, first_name);

  g_assert_cmpstr (push_status (f, f->w->coord, "member.create", args), ==, "applied");
  return id;
}

static JsonObject *
member_row (Fixture *f, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/members", f->w->a);
  g_autoptr(JsonNode) list = vs_get (f->w->server, path, f->w->coord, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (o, "id"), id))
        return json_object_ref (o);
    }
  return NULL;
}

static JsonNode *
call (Fixture    *f,
      const char *method,
      const char *token,
      const char *tail,
      const char *body,
      guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/%s", f->w->a, tail);

  return vs_request (f->w->server, method, path, token, body, body ? strlen (body) : 0, status,
                     NULL);
}

static const char *
error_message (JsonNode *answer)
{
  return json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (answer), "error"), "message");
}

/* The code of a new letter for @member (printed in two groups). */
static char *
send_letter (Fixture *f, const char *member)
{
  g_autofree char *body = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", member);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray  *letters;
  const char *code;
  guint       status = 0;

  answer = call (f, "POST", f->w->coord, "members/letters", body, &status);
  g_assert_cmpuint (status, ==, 200);
  letters = json_object_get_array_member (json_node_get_object (answer), "letters");
  g_assert_cmpuint (json_array_get_length (letters), ==, 1);
  code = json_object_get_string_member (json_array_get_object_element (letters, 0), "code");
  g_assert_cmpuint (strlen (code), ==, 11);
  g_assert_cmpint (code[5], ==, '-');
  return g_strdup (code);
}

static JsonNode *
enter_code (Fixture *f, const char *token, const char *member, const char *code, guint *status)
{
  g_autofree char *tail = g_strdup_printf ("members/%s/code", member);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", code);

  return call (f, "POST", token, tail, body, status);
}

/* {{{ consent and verification through the push */

static void
test_push_rules (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *id = vs_uuid ();
  g_autofree char *no_consent = g_strdup_printf (
      "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Rose\","
      "\"lat\":48.848,\"lon\":2.378}", id, f->w->a);
  g_autofree char *bad_scope =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Rose\","
                       "\"lat\":48.848,\"lon\":2.378,"
                       "\"consent_scope\":\"posts,selling\"}",
                       id, f->w->a);
  g_autofree char *claims =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Rose\","
                       "\"lat\":48.848,\"lon\":2.378,"
                       "\"consent_scope\":\"posts,phone\",\"consent_by\":\"someone-else\"}",
                       id, f->w->a);
  g_autofree char *verified =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"Rose\","
                       "\"lat\":48.848,\"lon\":2.378,"
                       "\"consent_scope\":\"posts\",\"verification\":\"verified\"}",
                       id, f->w->a);
  g_autoptr(JsonObject) row = NULL;
  const char *fields[] = {
    "\"verification\":\"verified\"", "\"verified_how\":\"letter\"", "\"verified_at\":1700000000",
    "\"consent_scope\":\"holiday\"", "\"consent_at\":1700000000",   "\"consent_by\":\"coord\"",
    "\"erased_at\":1700000000",
  };

  /* At intake, consent is required, whoever records her; what for is a known list. */
  g_assert_cmpstr (push_status (f, f->w->vol, "member.create", no_consent), ==, "rejected");
  g_assert_cmpstr (push_status (f, f->w->coord, "member.create", no_consent), ==, "rejected");
  g_assert_cmpstr (push_status (f, f->w->vol, "member.create", bad_scope), ==, "rejected");
  /* Nobody vouches for her through a push, not even a coordinator. */
  g_assert_cmpstr (push_status (f, f->w->coord, "member.create", verified), ==, "rejected");
  /* The volunteer who takes her in records her consent: the server says who and when. */
  g_assert_cmpstr (push_status (f, f->w->vol, "member.create", claims), ==, "applied");
  row = member_row (f, id);
  g_assert_cmpstr (json_object_get_string_member (row, "consent_by"), ==, "vol");
  g_assert_cmpstr (json_object_get_string_member (row, "consent_scope"), ==, "posts,phone");
  g_assert_cmpint (json_object_get_int_member (row, "consent_at"), >, 1700000000);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "unverified");

  /* After intake: a volunteer changes neither verification nor consent; a coordinator
   * changes consent (audited), never verification nor erasure. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1000,"
                                               "\"fields\":{%s}}",
                                               id, fields[i]);
      gboolean         consent = strstr (fields[i], "consent") != NULL;

      g_assert_cmpstr (push_status (f, f->w->vol, "member.update", args), ==, "rejected");
      g_assert_cmpstr (push_status (f, f->w->coord, "member.update", args), ==,
                       consent ? "applied" : "rejected");
    }
  g_clear_pointer (&row, json_object_unref);
  row = member_row (f, id);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "unverified");
  g_assert_cmpstr (json_object_get_string_member (row, "consent_scope"), ==, "holiday");
  g_assert_cmpint (json_object_get_int_member (row, "erased_at"), ==, 0);
  g_assert_cmpint (vs_db_count (f->w->server, "SELECT count(*) FROM member_audit"
                                              " WHERE action = 'consent-changed'"),
                   ==, 3);
}

/* }}} */
/* {{{ letters */

static void
test_letter_codes (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *rose = new_member (f, "Rose");
  g_autofree char *code = NULL;
  g_autofree char *rose_code = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *lowered = NULL;
  guint            status = 0;

  /* A volunteer does not send letters. */
  {
    g_autofree char *body = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", jeanne);
    g_autoptr(JsonNode) refused = call (f, "POST", f->w->vol, "members/letters", body, &status);

    g_assert_cmpuint (status, ==, 403);
  }

  code = send_letter (f, jeanne);
  row = member_row (f, jeanne);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "letter-sent");
  /* Only its hash is kept. */
  {
    g_autofree char *plain = g_strdup (code);
    g_autofree char *sql = NULL;

    memmove (plain + 5, plain + 6, strlen (plain + 6) + 1);
    sql = g_strdup_printf ("SELECT count(*) FROM member_letters WHERE code_hash LIKE '%%%s%%'",
                           plain);
    g_assert_cmpint (vs_db_count (f->w->server, sql), ==, 0);
  }
  /* A letter already sent is not sent again. */
  {
    g_autofree char *body = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", jeanne);
    g_autoptr(JsonNode) again = call (f, "POST", f->w->coord, "members/letters", body, &status);
    JsonArray *skipped = json_object_get_array_member (json_node_get_object (again), "skipped");

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (skipped), ==, 1);
  }

  /* Wrong: counted, with what is left. */
  answer = enter_code (f, f->w->vol, jeanne, "AAAAA-AAAAA", &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_nonnull (strstr (error_message (answer), "4 more"));
  g_clear_pointer (&answer, json_node_unref);

  /* Right, typed by a volunteer on the phone in lower case without the dash. */
  lowered = g_ascii_strdown (code, -1);
  memmove (lowered + 5, lowered + 6, strlen (lowered + 6) + 1);
  answer = enter_code (f, f->w->vol, jeanne, lowered, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&row, json_object_unref);
  row = member_row (f, jeanne);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "verified");
  g_assert_cmpstr (json_object_get_string_member (row, "verified_how"), ==, "letter");
  g_assert_cmpstr (json_object_get_string_member (row, "verified_by"), ==, "vol");
  g_assert_cmpint (json_object_get_int_member (row, "verified_at"), >, 0);

  /* Used once. */
  answer = enter_code (f, f->w->vol, jeanne, code, &status);
  g_assert_cmpuint (status, ==, 409);
  g_clear_pointer (&answer, json_node_unref);

  /* Too many attempts: the fifth wrong code locks the letter, the right one no longer works. */
  rose_code = send_letter (f, rose);
  for (guint i = 0; i < 5; i++)
    {
      answer = enter_code (f, f->w->vol, rose, "CCCCC-CCCCC", &status);
      g_assert_cmpuint (status, ==, i < 4 ? 422 : 403);
      g_clear_pointer (&answer, json_node_unref);
    }
  answer = enter_code (f, f->w->vol, rose, rose_code, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (error_message (answer), "new one"));
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&row, json_object_unref);
  row = member_row (f, rose);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "letter-sent");

  /* Each step is in her trail. */
  g_assert_cmpint (vs_db_count (f->w->server, "SELECT count(*) FROM member_audit"
                                              " WHERE action IN ('letter-sent', 'verified-code',"
                                              " 'code-locked')"),
                   ==, 4);
}

static void
test_letter_expired (void)
{
  g_autoptr(Fixture) f = fixture_new ("letter-code-lifetime-seconds=1\n");
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *code = send_letter (f, jeanne);
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) row = NULL;
  guint status = 0;

  g_usleep (2100 * 1000);
  answer = enter_code (f, f->w->vol, jeanne, code, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_nonnull (strstr (error_message (answer), "expired"));
  row = member_row (f, jeanne);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "expired");

  /* Expired: a new letter is due, and it works. */
  second = send_letter (f, jeanne);
  g_assert_cmpstr (second, !=, code);
  g_clear_pointer (&answer, json_node_unref);
  answer = enter_code (f, f->w->coord, jeanne, second, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* The neighbour herself, with the association's id and her code, no login. */
static void
test_self_entry (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *code = send_letter (f, jeanne);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *text = NULL;
  guint            status = 0;

  answer = call (f, "POST", NULL, "verify", "{\"code\":\"AAAAA-AAAAA\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_clear_pointer (&answer, json_node_unref);

  answer = call (f, "POST", NULL, "verify", body, &status);
  g_assert_cmpuint (status, ==, 200);
  /* Nothing about her to whoever holds the code. */
  text = vs_to_string (answer);
  g_assert_null (strstr (text, "Jeanne"));
  g_assert_null (strstr (text, jeanne));
  row = member_row (f, jeanne);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "verified");
  g_assert_true (json_object_get_null_member (row, "verified_by"));

  /* Rate-limited by address like the login. */
  for (guint i = 0; i < 10 && status != 429; i++)
    {
      g_clear_pointer (&answer, json_node_unref);
      answer = call (f, "POST", NULL, "verify", "{\"code\":\"AAAAA-AAAAA\"}", &status);
    }
  g_assert_cmpuint (status, ==, 429);
}

/* }}} */
/* {{{ in person */

static void
test_in_person (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *tail = g_strdup_printf ("members/%s/verify-in-person", jeanne);
  g_autofree char *audit_tail = g_strdup_printf ("members/%s/audit", jeanne);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) row = NULL;
  JsonArray  *items;
  JsonObject *last;
  guint       status = 0;

  /* A volunteer is refused. */
  answer = call (f, "POST", f->w->vol, tail, "{\"proof\":\"tax-notice\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  /* A proof kind from the list only, and never a copy. */
  answer = call (f, "POST", f->w->coord, tail, "{\"proof\":\"photo of her passport\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_clear_pointer (&answer, json_node_unref);
  answer = call (f, "POST", f->w->coord, tail,
                 "{\"proof\":\"tax-notice\",\"scan\":\"data:image/png;base64,AAAA\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&answer, json_node_unref);
  /* The second volunteer is a login of the association. */
  answer = call (f, "POST", f->w->coord, tail, "{\"proof\":\"tax-notice\",\"witness\":\"other\"}",
                 &status);
  g_assert_cmpuint (status, ==, 422);
  g_clear_pointer (&answer, json_node_unref);

  answer = call (f, "POST", f->w->coord, tail, "{\"proof\":\"rent-receipt\",\"witness\":\"vol\"}",
                 &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  row = member_row (f, jeanne);
  g_assert_cmpstr (json_object_get_string_member (row, "verification"), ==, "verified");
  g_assert_cmpstr (json_object_get_string_member (row, "verified_how"), ==, "in-person");
  g_assert_cmpstr (json_object_get_string_member (row, "verified_by"), ==, "coord");

  /* The trail: who, how, when; coordinators only. */
  answer = call (f, "GET", f->w->vol, audit_tail, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = call (f, "GET", f->w->coord, audit_tail, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  last = json_array_get_object_element (items, json_array_get_length (items) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "verified-in-person");
  g_assert_cmpstr (json_object_get_string_member (last, "username"), ==, "coord");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (last, "detail"), "proof"), ==,
      "rent-receipt");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (last, "detail"), "witness"), ==,
      "vol");
  g_assert_cmpint (json_object_get_int_member (last, "at"), >, 0);
}

/* }}} */
/* {{{ GDPR */

static char *
holiday_rows_for (Fixture *f, const char *host_member, const char *guest_member, char **guest_out)
{
  char            *host = vs_uuid ();
  g_autofree char *guest = vs_uuid ();
  g_autofree char *match = vs_uuid ();
  g_autofree char *h = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                        "\"member_id\":\"%s\",\"slots\":1,\"seats\":2,"
                                        "\"notes\":\"Digicode 1234\"}",
                                        host, f->w->a, host_member);
  g_autofree char *g = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                        "\"member_id\":\"%s\",\"slots\":1}",
                                        guest, f->w->a, guest_member);
  g_autofree char *m = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\","
                                        "\"slot\":1}",
                                        match, host, guest);
  g_autofree char *approve = g_strdup_printf ("{\"id\":\"%s\"}", match);

  g_assert_cmpstr (push_status (f, f->w->coord, "holiday.host.put", h), ==, "applied");
  g_assert_cmpstr (push_status (f, f->w->coord, "holiday.guest.put", g), ==, "applied");
  g_assert_cmpstr (push_status (f, f->w->vol, "holiday.match.propose", m), ==, "applied");
  g_assert_cmpstr (push_status (f, f->w->coord, "holiday.match.approve", approve), ==, "applied");
  if (guest_out)
    *guest_out = g_strdup (guest);
  return host;
}

static void
test_report (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *paul = new_member (f, "Paul");
  g_autofree char *rose = new_member (f, "Rose");
  g_autofree char *post = vs_uuid ();
  g_autofree char *other_post = vs_uuid ();
  g_autofree char *host = NULL;
  g_autofree char *guest = NULL;
  g_autofree char *tail = g_strdup_printf ("members/%s/report", jeanne);
  g_autofree char *post_args = NULL;
  g_autofree char *other_args = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) pulled = NULL;
  g_autofree char *code = NULL;
  JsonObject      *report;
  guint            status = 0;

  post_args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                               "\"category\":\"service\",\"title\":\"Courses de Jeanne\","
                               "\"author_id\":\"%s\",\"author_name\":\"Jeanne M.\"}",
                               post, f->w->a, jeanne);
  other_args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                                "\"category\":\"diy\",\"title\":\"Bricolage de Paul\","
                                "\"author_id\":\"%s\",\"author_name\":\"Paul M.\"}",
                                other_post, f->w->a, paul);
  g_assert_cmpstr (push_status (f, f->w->vol, "post.create", post_args), ==, "applied");
  g_assert_cmpstr (push_status (f, f->w->vol, "post.create", other_args), ==, "applied");
  /* She hosts Rose: the volunteer following the match is shown her details (a reveal). */
  host = holiday_rows_for (f, jeanne, rose, &guest);
  pulled = vs_pull_all (f->w->server, f->w->vol, f->client, f->w->a, NULL, 1000, NULL, NULL);
  code = send_letter (f, jeanne);

  answer = call (f, "GET", f->w->vol, tail, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = call (f, "GET", f->w->coord, tail, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  report = json_node_get_object (answer);
  text = vs_to_string (answer);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report, "member"),
                                                  "first_name"),
                   ==, "Jeanne");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (report, "member"), "phone"), ==,
      "0143000000");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "posts")), ==, 1);
  g_assert_nonnull (strstr (text, "Courses de Jeanne"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "holiday_hosts")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "holiday_guests")),
                    ==, 0);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (report, "holiday_matches")), ==, 1);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (report, "holiday_reveals")), >=, 1);
  g_assert_nonnull (strstr (text, host));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "letters")), ==,
                    1);
  /* The letter's code is not in it, nor its hash. */
  g_assert_null (strstr (text, code));
  g_assert_null (strstr (text, "code_hash"));
  /* Her trail, and the report itself. */
  g_assert_nonnull (strstr (text, "\"letter-sent\""));
  g_assert_nonnull (strstr (text, "\"report\""));
  /* Nobody else's. */
  g_assert_null (strstr (text, "Bricolage de Paul"));
  g_assert_null (strstr (text, paul));
  /* Her match names the guest's row (an id), never the guest. */
  g_assert_nonnull (strstr (text, guest));
  g_assert_null (strstr (text, rose));
  g_assert_null (strstr (text, "Rose"));
}

static void
test_erase (void)
{
  g_autoptr(Fixture) f = fixture_new (NULL);
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *rose = new_member (f, "Rose");
  g_autofree char *post = vs_uuid ();
  g_autofree char *post_args = NULL;
  g_autofree char *tail = g_strdup_printf ("members/%s/erase", jeanne);
  g_autofree char *host = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *audit = NULL;
  guint            status = 0;

  post_args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                               "\"category\":\"service\",\"title\":\"Des courses\","
                               "\"author_id\":\"%s\",\"author_name\":\"Jeanne Martin\"}",
                               post, f->w->a, jeanne);
  g_assert_cmpstr (push_status (f, f->w->vol, "post.create", post_args), ==, "applied");
  host = holiday_rows_for (f, jeanne, rose, NULL);

  answer = call (f, "POST", f->w->vol, tail, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = call (f, "POST", f->w->coord, tail, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  row = member_row (f, jeanne);
  g_assert_cmpint (json_object_get_int_member (row, "erased_at"), >, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *fields[] = { "first_name", "last_name",       "address",       "phone",
                               "email",      "needs",           "consent_scope", "consent_by",
                               "languages",  "address_override" };

      for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
        g_assert_true (json_object_get_null_member (row, fields[k]));
      g_assert_cmpfloat (json_object_get_double_member (row, "lat"), ==, 0.0);
      g_assert_cmpfloat (json_object_get_double_member (row, "approx_lat"), ==, 0.0);
      g_assert_cmpint (json_object_get_int_member (row, "consent_at"), ==, 0);
      /* Erasing twice changes nothing. */
      g_clear_pointer (&answer, json_node_unref);
      answer = call (f, "POST", f->w->coord, tail, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  /* Her copies elsewhere: the post's author name, her host row's notes; nothing of her in
   * anything a coordinator pulls. */
  changes = vs_pull_all (f->w->server, f->w->coord, f->client, f->w->a, NULL, 1000, NULL, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(JsonNode) n = json_node_init_object (json_node_alloc (), changes->pdata[i]);
      g_autofree char *text = vs_to_string (n);

      g_assert_null (strstr (text, "Jeanne"));
      g_assert_null (strstr (text, "Digicode"));
      g_assert_null (strstr (text, "0143000000") && strstr (text, jeanne) ? text : NULL);
    }

  /* An offline laptop's late edit does not bring her back. */
  {
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,"
                                             "\"fields\":{\"first_name\":\"Jeanne\"}}",
                                             jeanne);

    g_assert_cmpstr (push_status (f, f->w->coord, "member.update", args), ==, "rejected");
  }
  /* Audited, with nothing personal in the entry. */
  audit = g_strdup_printf ("SELECT count(*) FROM member_audit WHERE action = 'erased'"
                           " AND member_id = '%s' AND detail NOT LIKE '%%Jeanne%%'",
                           jeanne);
  g_assert_cmpint (vs_db_count (f->w->server, audit), ==, 1);
}

static void
test_inactive (void)
{
  g_autoptr(Fixture) f = fixture_new ("member-review-years=2\n");
  g_autofree char *jeanne = new_member (f, "Jeanne");
  g_autofree char *paul = new_member (f, "Paul");
  g_autofree char *rose = new_member (f, "Rose");
  g_autofree char *post = vs_uuid ();
  g_autofree char *post_args = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray       *items;
  guint            status = 0;
  g_autofree char *listed = NULL;
  g_autofree char *output = NULL;

  /* Everyone's records last changed three years ago; Paul has a post since. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE records SET changed_at = %" G_GINT64_FORMAT,
                                            g_get_real_time () / G_USEC_PER_SEC - 3 * 366 * 86400);

    vs_db_exec (f->w->server, sql);
  }
  post_args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                               "\"category\":\"diy\",\"title\":\"Bricolage\","
                               "\"author_id\":\"%s\",\"author_name\":\"Paul M.\"}",
                               post, f->w->a, paul);
  g_assert_cmpstr (push_status (f, f->w->vol, "post.create", post_args), ==, "applied");

  answer = call (f, "GET", f->w->vol, "members/inactive", NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = call (f, "GET", f->w->coord, "members/inactive", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  listed = vs_to_string (answer);
  g_assert_nonnull (strstr (listed, jeanne));
  g_assert_nonnull (strstr (listed, rose));
  g_assert_null (strstr (listed, paul));

  /* The same from the admin command. */
  output =
      vs_server_cli (f->w->server, NULL, "list-inactive-members", "--association", f->w->a, NULL);
  g_assert_nonnull (strstr (output, jeanne));
  g_assert_nonnull (strstr (output, "Rose"));
  g_assert_null (strstr (output, paul));
}

/* }}} */

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/members/push-rules", test_push_rules);
  g_test_add_func ("/server/members/letter-codes", test_letter_codes);
  g_test_add_func ("/server/members/letter-expired", test_letter_expired);
  g_test_add_func ("/server/members/self-entry", test_self_entry);
  g_test_add_func ("/server/members/in-person", test_in_person);
  g_test_add_func ("/server/members/report", test_report);
  g_test_add_func ("/server/members/erase", test_erase);
  g_test_add_func ("/server/members/inactive", test_inactive);

  return g_test_run ();
}
