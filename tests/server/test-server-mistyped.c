/* test-server-mistyped.c: every JSON body the server takes, with each of its members, at any
 * depth, replaced in turn by a value of every JSON type or taken away, is answered with a
 * 4xx or with per-mutation results, never a 500 or a dead server (the server runs under
 * G_DEBUG=fatal-criticals, so a json-glib critical on a mistyped member kills it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <string.h>

#include "server-fixture.h"
#include "voisins-json.h"
#include "voisins-server-rules.h"

/* What a hostile or broken client puts where something else is expected. */
static const char *const replacements[] = {
  "null",
  "true",
  "false",
  "0",
  "-1",
  "9223372036854775807",
  "-9223372036854775808",
  "1e308",
  "-0.5",
  "\"\"",
  "\"x\"",
  "\"2026-12-24\"",
  "[]",
  "[1]",
  "[\"x\",null]",
  "{}",
  "{\"a\":1}",
  "{\"id\":null}",
};

typedef struct
{
  VsServer   *server;
  const char *token;
  guint       sent;
  char       *last; /* what was sent last, to name the body that killed the server */
} Sender;

/* One step of a path into a body: a member's name, or an element's index (name NULL). */
typedef struct
{
  const char *name;
  guint       index;
} Step;

static void
collect_paths (JsonNode *node, GArray *prefix, GPtrArray *paths)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          Step step = { l->data, 0 };

          g_array_append_val (prefix, step);
          g_ptr_array_add (paths, g_array_copy (prefix));
          collect_paths (json_object_get_member (obj, l->data), prefix, paths);
          g_array_set_size (prefix, prefix->len - 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          Step step = { NULL, i };

          g_array_append_val (prefix, step);
          g_ptr_array_add (paths, g_array_copy (prefix));
          collect_paths (json_array_get_element (array, i), prefix, paths);
          g_array_set_size (prefix, prefix->len - 1);
        }
    }
}

/* JsonArray has no setter: the elements from @index on are taken out and put back. */
static void
array_replace (JsonArray *array, guint index, JsonNode *with)
{
  g_autoptr(GPtrArray) tail = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  while (json_array_get_length (array) > index)
    {
      g_ptr_array_add (tail, json_node_copy (json_array_get_element (array, index)));
      json_array_remove_element (array, index);
    }
  if (with != NULL)
    json_array_add_element (array, with);
  for (guint k = 1; k < tail->len; k++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (tail, k)));
}

/* @body with the member at @path replaced by @with (owned), or removed when NULL. */
static char *
mutated (JsonNode *body, GArray *path, JsonNode *with)
{
  g_autofree char *text = vs_to_string (body);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL); /* json_node_copy shares children */
  JsonNode *parent = copy;
  Step     *last = &g_array_index (path, Step, path->len - 1);

  for (guint i = 0; i + 1 < path->len; i++)
    {
      Step *s = &g_array_index (path, Step, i);

      parent = s->name != NULL ? json_object_get_member (json_node_get_object (parent), s->name)
                               : json_array_get_element (json_node_get_array (parent), s->index);
    }
  if (last->name != NULL)
    {
      if (with != NULL)
        json_object_set_member (json_node_get_object (parent), last->name, with);
      else
        json_object_remove_member (json_node_get_object (parent), last->name);
    }
  else
    array_replace (json_node_get_array (parent), last->index, with);

  return vs_to_string (copy);
}

static char *
path_to_string (GArray *path)
{
  GString *s = g_string_new ("");

  for (guint i = 0; i < path->len; i++)
    {
      Step *step = &g_array_index (path, Step, i);

      if (step->name != NULL)
        g_string_append_printf (s, ".%s", step->name);
      else
        g_string_append_printf (s, "[%u]", step->index);
    }

  return g_string_free (s, FALSE);
}

static void
assert_alive (Sender *sender)
{
  g_autoptr(JsonNode) r = NULL;
  guint status = 0;

  r = vs_get (sender->server, "/api/v1/health", NULL, &status);
  if (status != 200)
    g_error ("the server stopped answering (HTTP %u) after %s", status, sender->last);
}

/* A push's answer: every result a known status. Returns how many were applied. */
static guint
assert_results (Sender *sender, JsonNode *answer, const char *what)
{
  JsonArray *results = NULL;
  guint      applied = 0;

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    results = voisins_json_read_array (json_node_get_object (answer), "results");
  if (results == NULL)
    g_error ("%s: HTTP 200 without results", what);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *res = voisins_json_element_object (results, i);
      const char *status = voisins_json_read_string_or (res, "status", "");

      if (!g_str_equal (status, "applied") && !g_str_equal (status, "rejected") &&
          !g_str_equal (status, "conflict") && !g_str_equal (status, "deferred"))
        g_error ("%s: result %u has status “%s”", what, i, status);
      applied += g_str_equal (status, "applied");
    }

  return applied;
}

/* Returns how many mutations were applied. */
static guint
send (Sender *sender, const char *path, const char *body, const char *what)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;
  guint applied = 0;

  answer =
      vs_request (sender->server, "POST", path, sender->token, body, strlen (body), &status, NULL);
  if (status == 0)
    g_error ("no answer to %s (the server died on it, or on %s)", what,
             sender->last ? sender->last : "nothing before");
  if (status >= 500)
    g_error ("%s: HTTP %u (%s)", what, status, body);
  if (status == 200 && g_str_equal (path, "/api/v1/sync/push"))
    applied = assert_results (sender, answer, what);
  g_free (sender->last);
  sender->last = g_strdup (what);
  if (++sender->sent % 200 == 0)
    assert_alive (sender);

  return applied;
}

/* @text with each "@client@" and "@new@" a fresh id. */
static char *
fresh_ids (const char *text)
{
  GString         *s = g_string_new (text);
  g_autofree char *client = vs_uuid ();
  g_autofree char *id = vs_uuid ();

  g_string_replace (s, "@client@", client, 0);
  g_string_replace (s, "@new@", id, 0);

  return g_string_free (s, FALSE);
}

/* Sends @body to @path with each member replaced by each replacement and taken away; returns
 * how many mutations were applied. Each "@client@" and "@new@" left in a variant becomes a
 * fresh id, so that no variant of a push is taken for a resend of another (the same seq from
 * the same client), nor meets the record another one made. */
static guint
send_mutations (Sender *sender, const char *path, const char *label, const char *body_text)
{
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) prefix = g_array_new (FALSE, FALSE, sizeof (Step));
  guint applied = 0;

  g_assert_nonnull (body);
  collect_paths (body, prefix, paths);
  g_assert_cmpuint (paths->len, >, 0);
  for (guint p = 0; p < paths->len; p++)
    {
      g_autofree char *where = path_to_string (g_ptr_array_index (paths, p));

      for (gsize r = 0; r <= G_N_ELEMENTS (replacements); r++)
        {
          JsonNode *with =
              r < G_N_ELEMENTS (replacements) ? json_from_string (replacements[r], NULL) : NULL;
          g_autofree char *text = mutated (body, g_ptr_array_index (paths, p), with);
          g_autofree char *fresh = fresh_ids (text);
          g_autofree char *what =
              g_strdup_printf ("%s %s := %s", label, where,
                               r < G_N_ELEMENTS (replacements) ? replacements[r] : "(absent)");

          applied += send (sender, path, fresh, what);
        }
    }

  return applied;
}

static char *
push_body (const char *name, const char *args)
{
  return g_strdup_printf ("{\"client_id\":\"@client@\",\"schema\":1,\"known_seq\":0,"
                          "\"mutations\":[{\"seq\":1,\"name\":\"%s\",\"args\":%s}]}",
                          name, args);
}

/* The mutation @name with @args, pushed with each member of the envelope and of the args
 * mistyped, then as it is: some of it must apply, or the variants were of an invalid body
 * and reached none of the code behind the first check. */
static void
push_mutations (Sender *sender, const char *name, const char *args)
{
  g_autofree char *body = push_body (name, args);
  g_autofree char *plain = fresh_ids (body);
  guint            applied = send_mutations (sender, "/api/v1/sync/push", name, body);

  if (applied + send (sender, "/api/v1/sync/push", plain, name) == 0)
    g_error ("no variant of %s was applied, nor %s itself", name, plain);
}

static char *push_ok (VsWorld *w, const char *name, const char *args_format, ...)
    G_GNUC_PRINTF (3, 4);

/* Pushes a valid mutation as the coordinator; returns its args. */
static char *
push_ok (VsWorld *w, const char *name, const char *args_format, ...)
{
  g_autofree char *client = vs_uuid ();
  g_autoptr(JsonNode) answer = NULL;
  va_list ap;
  char   *args;
  guint   status = 0;

  va_start (ap, args_format);
  args = g_strdup_vprintf (args_format, ap);
  va_end (ap);
  answer = vs_push1 (w->server, w->coord, client, 1, name, args, &status);
  g_assert_cmpuint (status, ==, 200);
  if (!g_str_equal (voisins_json_read_string_or (vs_result (answer, 0), "status", ""), "applied"))
    g_error ("%s %s: %s", name, args, vs_to_string (answer));

  return args;
}

#define MEMBER_ARGS                                                                          \
  "{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"%s\",\"last_name\":\"Martin\"," \
  "\"phone\":\"0143000001\",\"consent_scope\":\"posts,holiday,phone\",\"lat\":48.848,"       \
  "\"lon\":2.378,\"languages\":\"fr\",\"needs\":\"visits\"}"

#define POST_ARGS                                                                        \
  "{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"%s\",\"category\":\"%s\","        \
  "\"status\":\"open\",\"title\":\"Perceuse\",\"body\":\"Pour un soir\",\"lat\":48.845," \
  "\"lon\":2.372,\"created_at\":1796000000%s}"

#define EVENT_EXTRA                                                                           \
  ",\"starts_at\":1796547600,\"ends_at\":1796554800,\"place\":\"Cour du 12\",\"capacity\":8," \
  "\"rrule\":\"FREQ=WEEKLY;BYDAY=SU\""

typedef struct
{
  const char *name;
  char       *args;
} Kind;

/* Each mutation of the protocol, valid as the coordinator sends it, over records made first
 * (three members, a request, an event, a host, a guest, a match, a help, a participant, an
 * occurrence), then mistyped everywhere. The destructive ones come last. */
static void
test_push_mistyped (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Sender           sender = { w->server, w->coord, 0, NULL };
  g_autofree char *m1 = vs_uuid (), *m2 = vs_uuid (), *m3 = vs_uuid ();
  g_autofree char *post = vs_uuid (), *event = vs_uuid ();
  g_autofree char *host = vs_uuid (), *guest = vs_uuid (), *match = vs_uuid ();
  g_autofree char *help = vs_uuid (), *part = vs_uuid (), *occ = vs_uuid ();
  g_autofree char *author = NULL;
  gint64           before;
  Kind             kinds[21];
  guint            n = 0;

  g_free (push_ok (w, "member.create", MEMBER_ARGS, m1, w->a, "Odile"));
  g_free (push_ok (w, "member.create", MEMBER_ARGS, m2, w->a, "Marcel"));
  g_free (push_ok (w, "member.create", MEMBER_ARGS, m3, w->a, "Yvette"));
  author = g_strdup_printf (",\"author_id\":\"%s\"", m1);
  g_free (push_ok (w, "post.create", POST_ARGS, post, w->a, "request", "diy", author));
  g_free (push_ok (w, "post.create", POST_ARGS, event, w->a, "offer", "event", EVENT_EXTRA));
  g_free (push_ok (w, "holiday.host.put",
                   "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1,"
                   "\"seats\":3}",
                   host, w->a, m1));
  g_free (push_ok (w, "holiday.guest.put",
                   "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":1}",
                   guest, w->a, m2));
  g_free (push_ok (w, "holiday.match.propose",
                   "{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}", match, host,
                   guest));
  g_free (push_ok (w, "help.propose", "{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}",
                   help, post, m2));
  g_free (push_ok (w, "participant.put",
                   "{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\",\"answer\":\"coming\"}",
                   part, event, m1));
  g_free (push_ok (w, "occurrence.set",
                   "{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":1797152400,"
                   "\"state\":\"moved\",\"starts_at\":1797156000,\"ends_at\":1797163200}",
                   occ, event));

#define KIND(n_, ...) kinds[n++] = (Kind){ n_, g_strdup_printf (__VA_ARGS__) }
  KIND ("post.create", POST_ARGS, "@new@", w->a, "offer", "lending", author);
  KIND ("post.update",
        "{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"title\":\"Perceuse et mèches\","
        "\"starts_at\":1796547600},\"base\":{\"title\":\"Perceuse\"}}",
        post);
  KIND ("member.create", MEMBER_ARGS, "@new@", w->a, "Jeanne");
  KIND ("member.update",
        "{\"id\":\"%s\",\"base_version\":1,\"fields\":{\"phone\":\"0143000002\","
        "\"needs\":\"shopping\"},\"base\":{\"phone\":\"0143000001\"}}",
        m2);
  KIND ("holiday.host.put",
        "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":3,\"seats\":4,"
        "\"diets\":1,\"languages\":\"fr\",\"notes\":\"Rez-de-chaussée\",\"base_version\":1,"
        "\"base\":{\"slots\":1,\"seats\":3}}",
        host, w->a, m1);
  KIND ("holiday.guest.put",
        "{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\",\"slots\":3,"
        "\"no_stairs\":true,\"base_version\":1,\"base\":{\"slots\":1}}",
        guest, w->a, m2);
  KIND ("holiday.match.approve", "{\"id\":\"%s\",\"follower_id\":\"%s\"}", match, w->vol_id);
  KIND ("holiday.match.set_state",
        "{\"id\":\"%s\",\"state\":\"host-called\",\"base_version\":2,\"feedback\":\"\"}", match);
  KIND ("holiday.match.undo_state",
        "{\"id\":\"%s\",\"state\":\"proposed\",\"from\":\"host-called\"}", match);
  KIND ("holiday.match.propose",
        "{\"id\":\"@new@\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":2}", host, guest);
  KIND ("help.set_state", "{\"id\":\"%s\",\"state\":\"accepted\"}", help);
  KIND ("help.propose", "{\"id\":\"@new@\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", post, m3);
  KIND ("participant.set_answer", "{\"id\":\"%s\",\"answer\":\"maybe\"}", part);
  KIND ("participant.put",
        "{\"id\":\"@new@\",\"post_id\":\"%s\",\"member_id\":\"%s\",\"answer\":\"coming\"}", event,
        m2);
  KIND ("occurrence.set",
        "{\"id\":\"@new@\",\"post_id\":\"%s\",\"original_start\":1797757200,"
        "\"state\":\"cancelled\"}",
        event);
  KIND ("post.set_status",
        "{\"id\":\"%s\",\"status\":\"cancelled\",\"from\":\"open\","
        "\"base_version\":1}",
        event);
  KIND ("occurrence.clear", "{\"id\":\"%s\"}", occ);
  KIND ("participant.remove", "{\"id\":\"%s\"}", part);
  KIND ("holiday.purge", "{\"association_id\":\"%s\"}", w->a);
  KIND ("post.delete", "{\"id\":\"%s\",\"base_version\":2}", post);
  KIND ("member.delete", "{\"id\":\"%s\"}", m3);
#undef KIND
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (kinds));

  /* Every mutation the rules table knows is tried. */
  {
    guint                        n_rules = 0;
    const VoisinsServerMutation *rules = voisins_server_rules_get_mutations (&n_rules);

    for (guint i = 0; i < n_rules; i++)
      {
        gboolean tried = FALSE;

        for (guint k = 0; k < n && !tried; k++)
          tried = g_str_equal (kinds[k].name, rules[i].name);
        if (!tried)
          g_error ("mutation %s is not tried here", rules[i].name);
      }
  }

  before = vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'");
  for (guint k = 0; k < n; k++)
    {
      push_mutations (&sender, kinds[k].name, kinds[k].args);
      g_free (kinds[k].args);
    }
  assert_alive (&sender);
  g_test_message ("%u bodies sent", sender.sent);

  /* The server still takes a plain post. */
  {
    g_autofree char *id = vs_uuid ();

    g_free (push_ok (w, "post.create", POST_ARGS, id, w->a, "offer", "lending", ""));
    g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE type = 'post'"), >,
                     before);
  }
  g_free (sender.last);
}

/* The other bodies: login (no token), pull, the members' routes, the association's details. */
static void
test_routes_mistyped (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Sender           sender = { w->server, NULL, 0, NULL };
  g_autofree char *m1 = vs_uuid ();
  g_autofree char *path = NULL, *body = NULL;

  g_free (push_ok (w, "member.create", MEMBER_ARGS, m1, w->a, "Odile"));

  /* Anyone on the internet: wrong logins are refused (401, then 429), never a 500. */
  send_mutations (&sender, "/api/v1/login", "login",
                  "{\"username\":\"nobody\",\"password\":\"wrong\",\"device\":\"Laptop\"}");
  path = g_strdup_printf ("/api/v1/associations/%s/verify", w->a);
  send_mutations (&sender, path, "verify", "{\"code\":\"AAAAA-AAAAA\"}");
  g_clear_pointer (&path, g_free);

  sender.token = w->coord;
  body =
      g_strdup_printf ("{\"client_id\":\"@client@\",\"cursors\":{\"%s\":null},\"limit\":10}", w->a);
  send_mutations (&sender, "/api/v1/sync/pull", "pull", body);
  g_clear_pointer (&body, g_free);

  path = g_strdup_printf ("/api/v1/associations/%s/details", w->a);
  send_mutations (&sender, path, "details",
                  "{\"name\":\"Voisins\",\"phone\":\"01 43 00 00 00\",\"email\":\"a@b.fr\","
                  "\"address\":\"3 rue Crozatier\"}");
  g_clear_pointer (&path, g_free);

  path = g_strdup_printf ("/api/v1/associations/%s/members/%s/code", w->a, m1);
  send_mutations (&sender, path, "code", "{\"code\":\"AAAAA-AAAAA\"}");
  g_clear_pointer (&path, g_free);

  path = g_strdup_printf ("/api/v1/associations/%s/members/%s/verify-in-person", w->a, m1);
  body = g_strdup_printf ("{\"proof\":\"tax-notice\",\"witness\":\"%s\"}", "vol");
  send_mutations (&sender, path, "verify-in-person", body);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&body, g_free);

  path = g_strdup_printf ("/api/v1/associations/%s/members/letters", w->a);
  body = g_strdup_printf ("{\"member_ids\":[\"%s\",\"%s\"]}", m1, m1);
  send_mutations (&sender, path, "letters", body);
  g_clear_pointer (&path, g_free);

  assert_alive (&sender);
  g_test_message ("%u bodies sent", sender.sent);
  g_free (sender.last);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/mistyped/push", test_push_mistyped);
  g_test_add_func ("/server/mistyped/routes", test_routes_mistyped);

  return g_test_run ();
}
