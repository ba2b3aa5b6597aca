/* test-server-rules.c: the permission table of the rules layer, walked against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row of voisins_server_rules_get_table () is checked against what the running server
 * does: for each role, record type and relation, the fields a GET list and a pull return are
 * exactly the fields the table allows; for each mutation and role (and each written field
 * the table names), the push is applied or rejected as the table says. The rows are read
 * from the table, so a rule added there is tested here without touching this file.
 */
#define G_LOG_DOMAIN "voisins-test"

#include "voisins-server-rules.h"

#include "server-fixture.h"

typedef struct
{
  VoisinsRole  role;
  const char  *token;
  const char  *user_id;
  char        *client;
  gint64       seq;
} Caller;

typedef struct
{
  VsWorld    *w;
  Caller      callers[3];
  /* ids of the hosts and guests of the match each caller follows */
  GHashTable *followed[3];
  /* ids of the hosts and guests each caller recorded */
  GHashTable *recorded[3];
  /* a member, the author of the posts */
  char       *author;
} Fixture;

/* {{{ helpers */

static const char *
status_of (JsonNode *answer)
{
  return json_object_get_string_member (vs_result (answer, 0), "status");
}

static JsonNode *
push (Fixture    *f,
      Caller     *c,
      const char *name,
      const char *args)
{
  JsonNode *answer = vs_push1 (f->w->server, c->token, c->client, c->seq++, name, args, NULL);

  g_assert_nonnull (answer);
  return answer;
}

static void
push_ok (Fixture    *f,
         Caller     *c,
         const char *name,
         const char *args)
{
  g_autoptr(JsonNode) answer = push (f, c, name, args);

  if (g_strcmp0 (status_of (answer), "applied") != 0)
    {
      g_autofree char *text = vs_to_string (answer);

      g_error ("%s not applied: %s", name, text);
    }
}

static Caller *
coordinator (Fixture *f)
{
  return &f->callers[1];
}

/* Someone in the association who is not @c (for rows @c did not record). */
static Caller *
other_than (Fixture *f,
            Caller  *c)
{
  return c == coordinator (f) ? &f->callers[0] : coordinator (f);
}

static char *
new_member (Fixture *f)
{
  char *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
                       "\"first_name\":\"Jeanne\","
                       "\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\","
                       "\"postcode\":\"75012\",\"city\":\"Paris\",\"phone\":\"0601020304\","
                       "\"email\":\"jeanne@example.org\",\"lat\":48.848,\"lon\":2.378,"
                       "\"consent_at\":1700000000,\"consent_by\":\"coord\","
                       "\"consent_scope\":\"holiday\",\"languages\":\"fr,en\","
                       "\"needs\":\"Calls in the morning\",\"created_at\":1700000000}",
                       id, f->w->a);

  push_ok (f, coordinator (f), "member.create", args);
  return id;
}

static char *
new_host_by (Fixture    *f,
             Caller     *c,
             const char *member)
{
  char *id = vs_uuid ();
  g_autofree char *args =
    g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                     "\"slots\":3,\"seats\":2,\"step_free\":true,\"pets\":false,\"diets\":1,"
                     "\"languages\":\"fr\",\"alcohol_free\":true,\"children\":false,"
                     "\"can_fetch\":true,\"notes\":\"Second floor\"}",
                     id, f->w->a, member);

  push_ok (f, c, "holiday.host.put", args);
  g_hash_table_add (f->recorded[c - f->callers], g_strdup (id));
  return id;
}

static char *
new_host (Fixture    *f,
          const char *member)
{
  return new_host_by (f, coordinator (f), member);
}

static char *
new_guest_by (Fixture    *f,
              Caller     *c,
              const char *member)
{
  char *id = vs_uuid ();
  g_autofree char *args =
    g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                     "\"slots\":3,\"no_stairs\":true,\"diets\":1,\"languages\":\"fr\","
                     "\"pet_allergy\":false,\"needs_fetch\":true,\"wants_quiet\":false,"
                     "\"notes\":\"Lives alone\"}",
                     id, f->w->a, member);

  push_ok (f, c, "holiday.guest.put", args);
  g_hash_table_add (f->recorded[c - f->callers], g_strdup (id));
  return id;
}

static char *
new_guest (Fixture    *f,
           const char *member)
{
  return new_guest_by (f, coordinator (f), member);
}

/* A post recorded by @c, on behalf of the fixture's author. */
static char *
new_post_by (Fixture *f,
             Caller  *c)
{
  char *id = vs_uuid ();
  g_autofree char *args =
    g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                     "\"category\":\"diy\",\"status\":\"open\",\"title\":\"A shelf\","
                     "\"body\":\"A few words\",\"author_id\":\"%s\",\"author_name\":\"Jeanne\","
                     "\"lat\":48.845,\"lon\":2.372,\"created_at\":1700000000,"
                     "\"starts_at\":1700000000,\"ends_at\":1700003600}",
                     id, f->w->a, f->author);

  push_ok (f, c, "post.create", args);
  return id;
}

static char *
new_post (Fixture *f)
{
  return new_post_by (f, coordinator (f));
}

/* A match between a fresh host and a fresh guest, proposed by @c; with @approve, approved by
 * a coordinator (so followed by @c). */
static char *
new_match_full (Fixture  *f,
                Caller   *c,
                gboolean  approve,
                char    **host_out,
                char    **guest_out)
{
  g_autofree char *hm = new_member (f);
  g_autofree char *gm = new_member (f);
  g_autofree char *host = new_host (f, hm);
  g_autofree char *guest = new_guest (f, gm);
  char *id = vs_uuid ();
  g_autofree char *args =
    g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\",\"slot\":1}",
                     id, host, guest);

  push_ok (f, c, "holiday.match.propose", args);
  if (approve && c->role < VOISINS_ROLE_COORDINATOR)
    {
      g_autofree char *approve_args = g_strdup_printf ("{\"id\":\"%s\"}", id);

      push_ok (f, coordinator (f), "holiday.match.approve", approve_args);
    }
  if (host_out)
    *host_out = g_steal_pointer (&host);
  if (guest_out)
    *guest_out = g_steal_pointer (&guest);
  return id;
}

/* A help proposed by @c for a fresh request of the fixture's author, with a fresh helper;
 * moved on to @state (by @c, one step at a time). While it is live, @c follows the helper
 * and the author (their member rows show the phone). */
static char *
new_help (Fixture    *f,
          Caller     *c,
          const char *state)
{
  static const char *steps[] = { "accepted", "done" };
  g_autofree char *post = new_post (f);
  g_autofree char *helper = new_member (f);
  char *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", id, post,
                       helper);

  push_ok (f, c, "help.propose", args);
  for (guint i = 0; state && i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *step = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\"}", id,
                                               steps[i]);

      push_ok (f, c, "help.set_state", step);
      if (g_str_equal (state, steps[i]))
        break;
    }
  if (voisins_server_rules_help_opens_access (state ? state : "proposed"))
    {
      g_hash_table_add (f->followed[c - f->callers], g_strdup (helper));
      g_hash_table_add (f->followed[c - f->callers], g_strdup (f->author));
    }
  return id;
}

/* An event every week from 1700000000, recorded by @c. */
#define EVENT_START 1700000000
#define EVENT_WEEK  604800

static char *
new_event_by (Fixture *f, Caller *c)
{
  char            *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                       "\"category\":\"event\",\"status\":\"open\",\"title\":\"Apéro\","
                       "\"lat\":48.845,\"lon\":2.372,\"created_at\":1700000000,"
                       "\"starts_at\":%d,\"ends_at\":%d,\"place\":\"Cour du 12\","
                       "\"capacity\":20,\"rrule\":\"FREQ=WEEKLY\"}",
                       id, f->w->a, EVENT_START, EVENT_START + 7200);

  push_ok (f, c, "post.create", args);
  return id;
}

/* A fresh member added by @c to a fresh event, coming. */
static char *
new_participant_by (Fixture *f, Caller *c)
{
  g_autofree char *event = new_event_by (f, coordinator (f));
  g_autofree char *member = new_member (f);
  char            *id = vs_uuid ();
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\","
                                           "\"answer\":\"coming\"}",
                                           id, event, member);

  push_ok (f, c, "participant.put", args);
  return id;
}

/* The second occurrence of a fresh event recorded by @c, moved an hour later by @c. */
static char *
new_occurrence_by (Fixture *f, Caller *c)
{
  g_autofree char *event = new_event_by (f, c);
  char            *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":%d,"
                       "\"state\":\"moved\",\"starts_at\":%d,\"ends_at\":%d}",
                       id, event, EVENT_START + EVENT_WEEK, EVENT_START + EVENT_WEEK + 3600,
                       EVENT_START + EVENT_WEEK + 7200);

  push_ok (f, c, "occurrence.set", args);
  return id;
}

static char *
new_match (Fixture *f,
           Caller  *c,
           char   **host_out,
           char   **guest_out)
{
  return new_match_full (f, c, TRUE, host_out, guest_out);
}

static void
set_state (Fixture    *f,
           Caller     *c,
           const char *match,
           const char *state,
           const char *feedback)
{
  g_autofree char *args = NULL;

  if (feedback)
    args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\",\"feedback\":\"%s\"}",
                            match, state, feedback);
  else
    args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\"}", match, state);
  push_ok (f, c, "holiday.match.set_state", args);
}

static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->w = vs_world_new (NULL);
  f->callers[0] = (Caller) { VOISINS_ROLE_VOLUNTEER, f->w->vol, f->w->vol_id, vs_uuid (), 1 };
  f->callers[1] = (Caller) { VOISINS_ROLE_COORDINATOR, f->w->coord, f->w->coord_id, vs_uuid (),
                             1 };
  f->callers[2] = (Caller) { VOISINS_ROLE_ADMIN, f->w->admin, f->w->admin_id, vs_uuid (), 1 };
  for (guint i = 0; i < G_N_ELEMENTS (f->callers); i++)
    {
      f->followed[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      f->recorded[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  f->author = new_member (f);
  return f;
}

static void
fixture_free (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->callers); i++)
    {
      g_free (f->callers[i].client);
      g_hash_table_unref (f->followed[i]);
      g_hash_table_unref (f->recorded[i]);
    }
  vs_world_free (f->w);
  g_free (f->author);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_sorted (GPtrArray *fields)
{
  g_ptr_array_sort (fields, compare_strings);
  g_ptr_array_add (fields, NULL);
  return g_strjoinv (",", (char **) fields->pdata);
}

static char *
table_fields (VoisinsRole           role,
              VoisinsServerRecord   record,
              VoisinsServerRelation relation)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  const VoisinsServerRule *rules;
  guint n;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    if (rules[i].role == role && rules[i].record == record &&
        rules[i].action == VOISINS_SERVER_ACTION_SEE && rules[i].relation == relation &&
        rules[i].field != NULL && rules[i].allowed)
      g_ptr_array_add (fields, (gpointer) rules[i].field);
  return join_sorted (fields);
}

static char *
object_fields (JsonObject *obj)
{
  g_autoptr(GList) members = json_object_get_members (obj);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (fields, l->data);
  return join_sorted (fields);
}

static VoisinsServerRelation
relation_of (Fixture             *f,
             guint                caller,
             VoisinsServerRecord  record,
             JsonObject          *data)
{
  const char *id = json_object_get_string_member (data, "id");

  if (record == VOISINS_SERVER_RECORD_HOLIDAY_MATCH)
    return g_strcmp0 (json_object_get_string_member_with_default (data, "follower_id", NULL),
                      f->callers[caller].user_id) == 0 &&
           voisins_server_rules_match_opens_access (
             json_object_get_string_member_with_default (data, "state", NULL),
             json_object_get_string_member_with_default (data, "approved_by", NULL)) ?
           VOISINS_SERVER_RELATION_FOLLOWER : VOISINS_SERVER_RELATION_ANY;
  /* The helper and the person helped of a live help the caller follows. */
  if (record == VOISINS_SERVER_RECORD_MEMBER)
    return g_hash_table_contains (f->followed[caller], id) ? VOISINS_SERVER_RELATION_FOLLOWER
                                                           : VOISINS_SERVER_RELATION_ANY;
  if (record == VOISINS_SERVER_RECORD_HOLIDAY_HOST || record == VOISINS_SERVER_RECORD_HOLIDAY_GUEST)
    return g_hash_table_contains (f->followed[caller], id) ? VOISINS_SERVER_RELATION_FOLLOWER :
           g_hash_table_contains (f->recorded[caller], id) ? VOISINS_SERVER_RELATION_RECORDER :
           VOISINS_SERVER_RELATION_ANY;
  return VOISINS_SERVER_RELATION_ANY;
}

/* Checks one row as seen by @caller: every field it has, the table allows for that relation
 * (a row may lack a field it has no value for, e.g. feedback before the meal); the fields of
 * every row of a record are gathered in @got, which must end up as the table's fields. */
static void
check_seen (Fixture             *f,
            guint                caller,
            VoisinsServerRecord  record,
            JsonObject          *data,
            const char          *where,
            gboolean             seen[][VOISINS_SERVER_N_RELATIONS],
            GHashTable          *got)
{
  VoisinsServerRelation relation = relation_of (f, caller, record, data);
  g_autoptr(GList) members = json_object_get_members (data);

  for (GList *l = members; l; l = l->next)
    {
      if (!voisins_server_rules_allows (f->callers[caller].role, record,
                                        VOISINS_SERVER_ACTION_SEE, relation, l->data))
        {
          g_autofree char *want = table_fields (f->callers[caller].role, record, relation);
          g_autofree char *shown = object_fields (data);

          g_error ("%s: %s as %s (%s) shows [%s], the table allows [%s]", where,
                   voisins_server_record_to_string (record),
                   voisins_role_to_string (f->callers[caller].role),
                   voisins_server_relation_to_string (relation), shown, want);
        }
      g_hash_table_add (got, g_strdup (l->data));
    }
  seen[record][relation] = TRUE;
}

/* Every field the table lets @role see of @record, in any relation, was in some row of
 * @got (per row, check_seen holds each field to its relation). */
static void
check_all_seen (Fixture             *f,
                guint                caller,
                VoisinsServerRecord  record,
                const char          *where,
                GHashTable          *got)
{
  const VoisinsServerRule *rules;
  guint n;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = NULL;

      if (rules[i].role != f->callers[caller].role || rules[i].record != record ||
          rules[i].action != VOISINS_SERVER_ACTION_SEE || rules[i].field == NULL ||
          !rules[i].allowed)
        continue;
      key = g_strdup (rules[i].field);
      if (!g_hash_table_contains (got, key))
        g_error ("%s: %s as %s (%s): the table allows “%s”, no row had it", where,
                 voisins_server_record_to_string (record),
                 voisins_role_to_string (f->callers[caller].role),
                 voisins_server_relation_to_string (rules[i].relation), rules[i].field);
    }
}

/* }}} */
/* {{{ what each role sees */

static void
test_visibility (void)
{
  static const char *paths[] = {
    [VOISINS_SERVER_RECORD_POST] = "posts",
    [VOISINS_SERVER_RECORD_MEMBER] = "members",
    [VOISINS_SERVER_RECORD_HOLIDAY_HOST] = "holiday/hosts",
    [VOISINS_SERVER_RECORD_HOLIDAY_GUEST] = "holiday/guests",
    [VOISINS_SERVER_RECORD_HOLIDAY_MATCH] = "holiday/matches",
    [VOISINS_SERVER_RECORD_HELP] = "helps",
  };
  g_autoptr(Fixture) f = fixture_new ();
  /* A post, and a host and a guest nobody follows; only their rows matter. */
  g_autofree char *post = new_post (f);
  g_autofree char *m1 = new_member (f);
  g_autofree char *m2 = new_member (f);
  g_autofree char *lone_host = new_host (f, m1);
  g_autofree char *lone_guest = new_guest (f, m2);
  const VoisinsServerRule *rules;
  guint n;

  /* Each caller follows one live match (approved, confirmed), and followed one that is
   * done with feedback (the access ended with it), so every field of every row is there to
   * be shown or hidden. */
  for (guint c = 0; c < G_N_ELEMENTS (f->callers); c++)
    {
      char *host = NULL, *guest = NULL;
      g_autofree char *live = new_match (f, &f->callers[c], &host, &guest);
      g_autofree char *done = new_match (f, &f->callers[c], NULL, NULL);

      g_hash_table_add (f->followed[c], host);
      g_hash_table_add (f->followed[c], guest);

      /* And took in a host and a guest nobody follows. */
      {
        g_autofree char *hm = new_member (f);
        g_autofree char *gm = new_member (f);

        g_free (new_host_by (f, &f->callers[c], hm));
        g_free (new_guest_by (f, &f->callers[c], gm));
      }
      set_state (f, &f->callers[c], live, "confirmed", NULL);
      set_state (f, &f->callers[c], done, "done", "A lovely evening");

      /* And a help the helper said yes to (live), and one done (the access ended). */
      g_free (new_help (f, &f->callers[c], "accepted"));
      g_free (new_help (f, &f->callers[c], "done"));
      /* And a neighbour added to an event, and an occurrence moved. */
      g_free (new_participant_by (f, &f->callers[c]));
      g_free (new_occurrence_by (f, &f->callers[c]));
    }

  for (guint c = 0; c < G_N_ELEMENTS (f->callers); c++)
    {
      gboolean seen_list[VOISINS_SERVER_N_RECORDS][VOISINS_SERVER_N_RELATIONS] = { { FALSE } };
      gboolean seen_pull[VOISINS_SERVER_N_RECORDS][VOISINS_SERVER_N_RELATIONS] = { { FALSE } };
      g_autofree char *client = vs_uuid ();
      g_autofree char *cursor = NULL;
      g_autoptr(GPtrArray) changes = NULL;
      gboolean reset = FALSE;

      for (VoisinsServerRecord r = 0; r < VOISINS_SERVER_N_RECORDS; r++)
        {
          g_autofree char *path = NULL;
          g_autoptr(JsonNode) list = NULL;
          g_autoptr(GHashTable) got = NULL;
          JsonArray *items;

          /* The records with a list route (the others are not rows: tables, logs). */
          if (r >= G_N_ELEMENTS (paths) || paths[r] == NULL)
            continue;
          path = g_strdup_printf ("/api/v1/associations/%s/%s", f->w->a, paths[r]);
          list = vs_get (f->w->server, path, f->callers[c].token, NULL);
          got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_assert_nonnull (list);
          items = json_object_get_array_member (json_node_get_object (list), "items");
          for (guint i = 0; i < json_array_get_length (items); i++)
            check_seen (f, c, r, json_array_get_object_element (items, i), paths[r], seen_list,
                        got);
          check_all_seen (f, c, r, paths[r], got);
        }

      changes = vs_pull_all (f->w->server, f->callers[c].token, client, f->w->a, NULL, 500,
                             &cursor, &reset);
      for (VoisinsServerRecord r = 0; r < VOISINS_SERVER_N_RECORDS; r++)
        {
          g_autoptr(GHashTable) got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);

          if (r >= VOISINS_SERVER_RECORD_HOLIDAY_TABLE && r != VOISINS_SERVER_RECORD_HELP &&
              r != VOISINS_SERVER_RECORD_PARTICIPANT && r != VOISINS_SERVER_RECORD_OCCURRENCE)
            continue;

          for (guint i = 0; i < changes->len; i++)
            {
              JsonObject *change = changes->pdata[i];
              VoisinsServerRecord type;

              g_assert_true (voisins_server_record_from_string (
                               json_object_get_string_member (change, "type"), &type));
              if (type == r)
                check_seen (f, c, r, json_object_get_object_member (change, "data"), "pull",
                            seen_pull, got);
            }
          check_all_seen (f, c, r, "pull", got);
        }

      /* Every SEE row of the table was checked by at least one row of each answer (the
       * reveals log below). */
      rules = voisins_server_rules_get_table (&n);
      for (guint i = 0; i < n; i++)
        if (rules[i].role == f->callers[c].role && rules[i].action == VOISINS_SERVER_ACTION_SEE &&
            rules[i].record != VOISINS_SERVER_RECORD_HOLIDAY_REVEAL &&
            rules[i].record != VOISINS_SERVER_RECORD_HELP_REVEAL)
          {
            if (rules[i].record < VOISINS_SERVER_RECORD_HOLIDAY_TABLE ||
                rules[i].record == VOISINS_SERVER_RECORD_HELP)
              g_assert_true (seen_list[rules[i].record][rules[i].relation]);
            g_assert_true (seen_pull[rules[i].record][rules[i].relation]);
          }

      /* The logs of reveals: coordinators read them, whole; nobody else. */
      for (guint log = 0; log < 2; log++)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/%s", f->w->a,
                                                   log == 0 ? "holiday/reveals" : "helps/reveals");
          g_autoptr(JsonNode) list = NULL;
          guint status = 0;
          VoisinsServerRecord r = log == 0 ? VOISINS_SERVER_RECORD_HOLIDAY_REVEAL
                                           : VOISINS_SERVER_RECORD_HELP_REVEAL;

          list = vs_get (f->w->server, path, f->callers[c].token, &status);
          if (!voisins_server_rules_allows (f->callers[c].role, r, VOISINS_SERVER_ACTION_SEE,
                                            VOISINS_SERVER_RELATION_ANY, NULL))
            g_assert_cmpuint (status, ==, 403);
          else
            {
              JsonArray *items = json_object_get_array_member (json_node_get_object (list),
                                                               "items");

              g_assert_cmpuint (status, ==, 200);
              /* The volunteer's two approved matches, or two helps: two people each. */
              g_assert_cmpuint (json_array_get_length (items), ==, 4);
              for (guint i = 0; i < json_array_get_length (items); i++)
                {
                  g_autofree char *want = table_fields (f->callers[c].role, r,
                                                        VOISINS_SERVER_RELATION_ANY);
                  g_autofree char *got = object_fields (json_array_get_object_element (items, i));

                  g_assert_cmpstr (got, ==, want);
                }
            }
        }
    }

  (void) post;
  (void) lone_host;
  (void) lone_guest;
}

/* }}} */
/* {{{ what each role may do */

/* A value the codec accepts for a member field, as JSON text; NULL: not walked. */
static const char *
member_value (const char *field)
{
  static const struct { const char *field; const char *value;
  } values[] = {
    { "first_name", "\"Paul\"" },
    { "last_name", "\"Durand\"" },
    { "address", "\"3 rue Crozatier\"" },
    { "postcode", "\"75012\"" },
    { "city", "\"Paris\"" },
    { "phone", "\"0611223344\"" },
    { "email", "\"paul@example.org\"" },
    { "lat", "48.85" },
    { "lon", "2.37" },
    { "approx_lat", "48.85" },
    { "approx_lon", "2.37" },
    /* Unlike new_member's: a field sent with the value it has is no change. */
    { "verification", "\"letter-sent\"" },
    { "verified_how", "\"in person\"" },
    { "verified_by", "\"someone\"" },
    { "verified_at", "1700000001" },
    { "consent_at", "1700000001" },
    { "consent_by", "\"someone\"" },
    { "consent_scope", "\"posts\"" },
    { "languages", "\"fr\"" },
    { "needs", "\"Shopping\"" },
    { "contact_channel", "\"visit\"" },
    { "no_internet", "true" },
    { "erased_at", "1700000001" },
    { "address_override", "\"Known to the association\"" },
    { "created_at", "1700000001" },
    { "updated_at", "1700000001" },
    { "version", "1" },
    { "server_seq", "1" },
    { "deleted", "false" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].field, field))
      return values[i].value;
  return NULL;
}

static const char *
post_value (const char *field)
{
  static const struct { const char *field; const char *value;
  } values[] = {
    { "title", "\"Another title\"" },
    { "body", "\"Other words\"" },
    { "kind", "\"offer\"" },
    { "category", "\"diy\"" },
    { "starts_at", "1700000100" },
    { "ends_at", "1700007200" },
    /* The walked post is a request: it may have a place and a capacity, but no repetition. */
    { "place", "\"Cour du 12\"" },
    { "capacity", "20" },
    { "rrule", "\"\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].field, field))
      return values[i].value;
  return NULL;
}

/* The arguments of @m that make it valid for @c, on fresh records made by a coordinator. */
static char *
mutation_args (Fixture                     *f,
               Caller                      *c,
               const VoisinsServerMutation *m,
               VoisinsServerRelation        relation,
               const char                  *field)
{
  const char *assoc = f->w->a;

  switch (m->record)
    {
    case VOISINS_SERVER_RECORD_POST:
      {
        g_autofree char *id = NULL;

        if (m->action == VOISINS_SERVER_ACTION_CREATE)
          {
            id = vs_uuid ();
            return vs_post_json (id, assoc, "A new post");
          }
        /* Recorded by @c, or by someone else. */
        id = new_post_by (f, relation == VOISINS_SERVER_RELATION_RECORDER ? c : other_than (f, c));
        if (m->action == VOISINS_SERVER_ACTION_UPDATE)
          return g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1000000,"
                                  "\"fields\":{\"%s\":%s}}", id, field ? field : "title",
                                  post_value (field ? field : "title"));
        if (m->action == VOISINS_SERVER_ACTION_SET_STATUS)
          return g_strdup_printf ("{\"id\":\"%s\",\"status\":\"matched\"}", id);
        return g_strdup_printf ("{\"id\":\"%s\"}", id);
      }
    case VOISINS_SERVER_RECORD_MEMBER:
      {
        g_autofree char *id = NULL;

        if (m->action == VOISINS_SERVER_ACTION_CREATE)
          {
            id = vs_uuid ();
            /* Whoever records her says what she consented to (member.create needs it), and
             * the server refuses a member with neither address nor position in the quartier
             * (the world has no address base: a position then). */
            if (field == NULL || g_str_equal (field, "first_name"))
              return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                      "\"first_name\":\"Paul\",\"consent_scope\":\"holiday\","
                                      "\"lat\":48.845,\"lon\":2.372}", id, assoc);
            if (g_str_equal (field, "consent_scope"))
              return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                      "\"first_name\":\"Paul\",\"lat\":48.845,\"lon\":2.372,"
                                      "\"consent_scope\":%s}", id, assoc, member_value (field));
            if (g_str_equal (field, "lat") || g_str_equal (field, "lon"))
              return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                      "\"first_name\":\"Paul\",\"consent_scope\":\"holiday\","
                                      "\"%s\":%s,\"%s\":%s}", id,
                                      assoc, field, member_value (field),
                                      g_str_equal (field, "lat") ? "lon" : "lat",
                                      g_str_equal (field, "lat") ? "2.372" : "48.845");
            return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                    "\"first_name\":\"Paul\",\"consent_scope\":\"holiday\","
                                    "\"lat\":48.845,\"lon\":2.372,\"%s\":%s}",
                                    id, assoc, field, member_value (field));
          }
        id = new_member (f);
        if (m->action == VOISINS_SERVER_ACTION_UPDATE)
          return g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1000000,"
                                  "\"fields\":{\"%s\":%s}}", id, field ? field : "first_name",
                                  member_value (field ? field : "first_name"));
        return g_strdup_printf ("{\"id\":\"%s\"}", id);
      }
    case VOISINS_SERVER_RECORD_HOLIDAY_HOST:
    case VOISINS_SERVER_RECORD_HOLIDAY_GUEST:
      {
        g_autofree char *member = new_member (f);
        g_autofree char *id = NULL;
        Caller *recorder = relation == VOISINS_SERVER_RELATION_RECORDER ? c : other_than (f, c);

        /* An update: a put of an existing row, recorded by @c or by someone else, on the
         * version read. */
        if (m->action == VOISINS_SERVER_ACTION_UPDATE)
          {
            if (m->record == VOISINS_SERVER_RECORD_HOLIDAY_HOST)
              {
                id = new_host_by (f, recorder, member);
                return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                        "\"member_id\":\"%s\",\"slots\":1,\"seats\":4,"
                                        "\"base_version\":1}", id, assoc, member);
              }
            id = new_guest_by (f, recorder, member);
            return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                    "\"member_id\":\"%s\",\"slots\":1,\"base_version\":1}",
                                    id, assoc, member);
          }
        id = vs_uuid ();

        if (m->record == VOISINS_SERVER_RECORD_HOLIDAY_HOST)
          return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                  "\"member_id\":\"%s\",\"slots\":1,\"seats\":2}",
                                  id, assoc, member);
        return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                "\"member_id\":\"%s\",\"slots\":1}", id, assoc, member);
      }
    case VOISINS_SERVER_RECORD_HOLIDAY_MATCH:
      {
        g_autofree char *hm = NULL;
        g_autofree char *gm = NULL;
        g_autofree char *host = NULL;
        g_autofree char *guest = NULL;
        g_autofree char *id = NULL;

        if (m->action == VOISINS_SERVER_ACTION_PROPOSE)
          {
            hm = new_member (f);
            gm = new_member (f);
            host = new_host (f, hm);
            guest = new_guest (f, gm);
            id = vs_uuid ();
            return g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\","
                                    "\"slot\":1}", id, host, guest);
          }
        /* approve: a volunteer's proposal, nobody approved yet */
        if (m->action == VOISINS_SERVER_ACTION_APPROVE)
          {
            id = new_match_full (f, &f->callers[0], FALSE, NULL, NULL);
            return g_strdup_printf ("{\"id\":\"%s\"}", id);
          }
        /* undo_state: of a step @c made on a match @c follows, or someone else made */
        if (m->action == VOISINS_SERVER_ACTION_UNDO_STATE)
          {
            Caller *mover = relation == VOISINS_SERVER_RELATION_RECORDER ? c : other_than (f, c);
            g_autofree char *step = NULL;

            id = new_match (f, mover, NULL, NULL);
            step = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"host-called\"}", id);
            push_ok (f, mover, "holiday.match.set_state", step);
            return g_strdup_printf ("{\"id\":\"%s\",\"state\":\"proposed\","
                                    "\"from\":\"host-called\"}", id);
          }
        /* set_state: on a match @c follows, or one someone else follows */
        id = new_match (f, relation == VOISINS_SERVER_RELATION_FOLLOWER ? c : other_than (f, c),
                        NULL, NULL);
        return g_strdup_printf ("{\"id\":\"%s\",\"state\":\"host-called\"}", id);
      }
    case VOISINS_SERVER_RECORD_HELP:
      {
        g_autofree char *post = NULL;
        g_autofree char *helper = NULL;
        g_autofree char *id = NULL;

        if (m->action == VOISINS_SERVER_ACTION_PROPOSE)
          {
            post = new_post (f);
            helper = new_member (f);
            id = vs_uuid ();
            return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}",
                                    id, post, helper);
          }
        /* set_state: on a help @c follows, or one someone else follows */
        id = new_help (f, relation == VOISINS_SERVER_RELATION_FOLLOWER ? c : other_than (f, c),
                       NULL);
        return g_strdup_printf ("{\"id\":\"%s\",\"state\":\"accepted\"}", id);
      }
    case VOISINS_SERVER_RECORD_PARTICIPANT:
      {
        g_autofree char *event = NULL;
        g_autofree char *member = NULL;
        g_autofree char *id = NULL;

        if (m->action == VOISINS_SERVER_ACTION_PUT)
          {
            event = new_event_by (f, coordinator (f));
            member = new_member (f);
            id = vs_uuid ();
            return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"member_id\":\"%s\","
                                    "\"answer\":\"coming\"}",
                                    id, event, member);
          }
        /* set_answer, remove: of a neighbour @c added, or someone else did */
        id = new_participant_by (
            f, relation == VOISINS_SERVER_RELATION_RECORDER ? c : other_than (f, c));
        if (m->action == VOISINS_SERVER_ACTION_SET_STATE)
          return g_strdup_printf ("{\"id\":\"%s\",\"answer\":\"maybe\"}", id);
        return g_strdup_printf ("{\"id\":\"%s\"}", id);
      }
    case VOISINS_SERVER_RECORD_OCCURRENCE:
      {
        Caller *recorder = relation == VOISINS_SERVER_RELATION_RECORDER ? c : other_than (f, c);
        g_autofree char *event = NULL;
        g_autofree char *id = NULL;

        /* set: on an event @c recorded, or someone else did; clear: of such an event's
         * occurrence, moved by its recorder */
        if (m->action == VOISINS_SERVER_ACTION_PUT)
          {
            event = new_event_by (f, recorder);
            id = vs_uuid ();
            return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"original_start\":%d,"
                                    "\"state\":\"cancelled\"}",
                                    id, event, EVENT_START + 2 * EVENT_WEEK);
          }
        id = new_occurrence_by (f, recorder);
        return g_strdup_printf ("{\"id\":\"%s\"}", id);
      }
    case VOISINS_SERVER_RECORD_HOLIDAY_TABLE:
      return g_strdup_printf ("{\"association_id\":\"%s\"}", assoc);
    case VOISINS_SERVER_N_RECORDS:
    default:
      g_assert_not_reached ();
    }
}

static void
check_mutation (Fixture                 *f,
                const VoisinsServerRule *rule,
                guint                   *checked)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *args = NULL;
  const VoisinsServerMutation *mutations;
  const VoisinsServerMutation *m = NULL;
  Caller *c = NULL;
  const char *status;
  guint n;

  /* The members' routes are not mutations: walked by test_member_routes, and the
   * spreadsheet's (import, export) by test-server-import. */
  if (rule->action >= VOISINS_SERVER_ACTION_SEND_LETTER)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (f->callers); i++)
    if (f->callers[i].role == rule->role)
      c = &f->callers[i];
  /* The association's details are not a synced record: their own route. */
  if (rule->record == VOISINS_SERVER_RECORD_ASSOCIATION)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/details", f->w->a);
      g_autofree char *body = g_strdup_printf ("{\"phone\":\"01 43 00 00 %02u\"}", *checked % 100);
      guint http_status = 0;

      g_assert_nonnull (c);
      g_assert_cmpint (rule->action, ==, VOISINS_SERVER_ACTION_UPDATE);
      answer = vs_post (f->w->server, path, c->token, body, &http_status);
      g_assert_cmpuint (http_status, ==, rule->allowed ? 200 : 403);
      (*checked)++;
      return;
    }
  /* An update of a host or a guest is a put of an existing row. */
  mutations = voisins_server_rules_get_mutations (&n);
  for (guint i = 0; i < n; i++)
    if (mutations[i].record == rule->record &&
        (mutations[i].action == rule->action ||
         ((rule->record == VOISINS_SERVER_RECORD_HOLIDAY_HOST ||
           rule->record == VOISINS_SERVER_RECORD_HOLIDAY_GUEST) &&
          rule->action == VOISINS_SERVER_ACTION_UPDATE)))
      m = &mutations[i];
  g_assert_nonnull (c);
  g_assert_nonnull (m);

  if (rule->field != NULL)
    {
      /* The fields always sent, and those the codec rewrites on create, are not walked. */
      if (g_str_equal (rule->field, "id") || g_str_equal (rule->field, "association_id"))
        return;
      if (rule->record == VOISINS_SERVER_RECORD_MEMBER && member_value (rule->field) == NULL)
        g_error ("no test value for member field “%s”", rule->field);
      if (rule->record == VOISINS_SERVER_RECORD_POST && post_value (rule->field) == NULL)
        g_error ("no test value for post field “%s”", rule->field);
    }
  /* holiday.purge empties the table: walked last, by test_purge. */
  if (rule->action == VOISINS_SERVER_ACTION_PURGE)
    return;

  {
    /* mutation_args reads the action: an update of a host or a guest is that, not a put. */
    VoisinsServerMutation as_ruled = *m;

    as_ruled.action = rule->action;
    args = mutation_args (f, c, &as_ruled, rule->relation, rule->field);
  }
  answer = push (f, c, m->name, args);
  status = status_of (answer);
  if (rule->allowed ? g_strcmp0 (status, "applied") != 0 : g_strcmp0 (status, "rejected") != 0)
    {
      g_autofree char *text = vs_to_string (answer);

      g_error ("%s as %s (%s, field %s): the table says %s, the server answered %s",
               m->name, voisins_role_to_string (rule->role),
               voisins_server_relation_to_string (rule->relation),
               rule->field ? rule->field : "-", rule->allowed ? "allowed" : "rejected", text);
    }
  (*checked)++;
}

static void
test_mutations (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  const VoisinsServerRule *rules;
  guint n, checked = 0;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    if (rules[i].action != VOISINS_SERVER_ACTION_SEE)
      check_mutation (f, &rules[i], &checked);
  g_test_message ("%u mutation rules checked", checked);
  g_assert_cmpuint (checked, >, 0);
}

/* The Undo of a holiday step: whoever made the step takes it back, once, from the state
 * they saw; undoing a decline takes the seat again if it is still free. */
static const char *
undo_answer (Fixture    *f,
             Caller     *c,
             const char *match,
             const char *state,
             const char *from,
             const char **code)
{
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\",\"from\":\"%s\"}",
                                           match, state, from);
  g_autoptr(JsonNode) answer = push (f, c, "holiday.match.undo_state", args);
  JsonObject *res = vs_result (answer, 0);

  *code = g_intern_string (json_object_get_string_member_with_default (res, "code", ""));
  return g_intern_string (json_object_get_string_member (res, "status"));
}

static const char *
match_state (Fixture    *f,
             const char *match)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/holiday/matches", f->w->a);
  g_autoptr(JsonNode) list = vs_get (f->w->server, path, coordinator (f)->token, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), match) == 0)
        return g_intern_string (json_object_get_string_member (o, "state"));
    }
  return NULL;
}

static void
test_undo (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  Caller *vol = &f->callers[0];
  Caller *coord = coordinator (f);
  g_autofree char *host = NULL;
  g_autofree char *guest = NULL;
  g_autofree char *match = NULL;
  const char *code;

  g_assert_cmpint (vol->role, ==, VOISINS_ROLE_VOLUNTEER);
  match = new_match (f, vol, &host, &guest);
  set_state (f, vol, match, "host-called", NULL);

  /* Nobody but who made the step, not even a coordinator. */
  g_assert_cmpstr (undo_answer (f, coord, match, "proposed", "host-called", &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "forbidden");
  /* Not from a state the match is no longer in, nor to one it did not come from. */
  g_assert_cmpstr (undo_answer (f, vol, match, "proposed", "confirmed", &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "status_moved");
  g_assert_cmpstr (undo_answer (f, vol, match, "done", "host-called", &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid");
  g_assert_cmpstr (undo_answer (f, vol, match, "proposed", "host-called", &code), ==, "applied");
  g_assert_cmpstr (match_state (f, match), ==, "proposed");
  /* Once: the step before that is not this undo's to take back. */
  set_state (f, vol, match, "host-called", NULL);
  set_state (f, vol, match, "guest-called", NULL);  /* an older client: read as confirmed */
  g_assert_cmpstr (match_state (f, match), ==, "confirmed");
  g_assert_cmpstr (undo_answer (f, vol, match, "host-called", "confirmed", &code), ==, "applied");
  g_assert_cmpstr (undo_answer (f, vol, match, "proposed", "host-called", &code), ==, "rejected");

  /* A decline undone takes the seat back, unless someone else has it now. */
  set_state (f, vol, match, "declined", NULL);
  g_assert_cmpstr (undo_answer (f, vol, match, "host-called", "declined", &code), ==, "applied");
  g_assert_cmpstr (match_state (f, match), ==, "host-called");
  set_state (f, vol, match, "declined", NULL);
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\","
                                             "\"guest_id\":\"%s\",\"slot\":1}", id, host, guest);

    /* The same guest, the same meal, at the same table: proposed again meanwhile. */
    push_ok (f, coord, "holiday.match.propose", args);
    g_assert_cmpstr (undo_answer (f, vol, match, "host-called", "declined", &code), ==, "rejected");
    g_assert_cmpstr (code, ==, "guest_taken");
    g_assert_cmpstr (match_state (f, match), ==, "declined");
  }
}

static void
test_purge (void)
{
  const VoisinsServerRule *rules;
  guint n;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(Fixture) f = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *args = NULL;
      g_autofree char *match = NULL;
      Caller *c = NULL;

      if (rules[i].action != VOISINS_SERVER_ACTION_PURGE)
        continue;
      f = fixture_new ();
      for (guint k = 0; k < G_N_ELEMENTS (f->callers); k++)
        if (f->callers[k].role == rules[i].role)
          c = &f->callers[k];
      match = new_match (f, coordinator (f), NULL, NULL);
      args = g_strdup_printf ("{\"association_id\":\"%s\"}", f->w->a);
      answer = push (f, c, "holiday.purge", args);
      g_assert_cmpstr (status_of (answer), ==, rules[i].allowed ? "applied" : "rejected");
      g_assert_cmpint (vs_db_count (f->w->server, "SELECT count(*) FROM records WHERE deleted = 0"
                                                  " AND type LIKE 'holiday_%'"),
                       ==, rules[i].allowed ? 0 : 3);
    }
}

/* Each members' route, as each role: refused with 403 exactly where the table says no. */
static void
test_member_routes (void)
{
  g_autoptr (Fixture) f = fixture_new ();
  const VoisinsServerRule *rules;
  guint                    n, checked = 0;

  rules = voisins_server_rules_get_table (&n);
  for (guint i = 0; i < n; i++)
    {
      const VoisinsServerRule *rule = &rules[i];
      g_autofree char         *member = NULL;
      g_autofree char         *path = NULL;
      g_autofree char         *body = NULL;
      g_autoptr (JsonNode) answer = NULL;
      const char *method = "POST";
      Caller     *c = NULL;
      guint       status = 0;

      /* The spreadsheet's routes (import, export) are test-server-import's walk. */
      if (rule->action < VOISINS_SERVER_ACTION_SEND_LETTER || rule->field != NULL ||
          rule->action == VOISINS_SERVER_ACTION_IMPORT ||
          rule->action == VOISINS_SERVER_ACTION_EXPORT)
        continue;
      g_assert_cmpint (rule->record, ==, VOISINS_SERVER_RECORD_MEMBER);
      for (guint k = 0; k < G_N_ELEMENTS (f->callers); k++)
        if (f->callers[k].role == rule->role)
          c = &f->callers[k];
      member = new_member (f);
      switch (rule->action)
        {
        case VOISINS_SERVER_ACTION_SEND_LETTER:
          path = g_strdup_printf ("/api/v1/associations/%s/members/letters", f->w->a);
          body = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", member);
          break;
        case VOISINS_SERVER_ACTION_ENTER_CODE:
          {
            /* A real letter, so that the right code is what is tried. */
            g_autofree char *lp =
                g_strdup_printf ("/api/v1/associations/%s/members/letters", f->w->a);
            g_autofree char *lb = g_strdup_printf ("{\"member_ids\":[\"%s\"]}", member);
            g_autoptr (JsonNode) letters =
                vs_post (f->w->server, lp, coordinator (f)->token, lb, &status);
            JsonObject *letter;

            g_assert_cmpuint (status, ==, 200);
            letter = json_array_get_object_element (
                json_object_get_array_member (json_node_get_object (letters), "letters"), 0);
            path = g_strdup_printf ("/api/v1/associations/%s/members/%s/code", f->w->a, member);
            body = g_strdup_printf ("{\"code\":\"%s\"}",
                                    json_object_get_string_member (letter, "code"));
            break;
          }
        case VOISINS_SERVER_ACTION_VERIFY_IN_PERSON:
          path = g_strdup_printf ("/api/v1/associations/%s/members/%s/verify-in-person", f->w->a,
                                  member);
          body = g_strdup ("{\"proof\":\"tax-notice\"}");
          break;
        case VOISINS_SERVER_ACTION_READ_AUDIT:
          method = "GET";
          path = g_strdup_printf ("/api/v1/associations/%s/members/%s/audit", f->w->a, member);
          break;
        case VOISINS_SERVER_ACTION_REPORT:
          method = "GET";
          path = g_strdup_printf ("/api/v1/associations/%s/members/%s/report", f->w->a, member);
          break;
        case VOISINS_SERVER_ACTION_ERASE:
          path = g_strdup_printf ("/api/v1/associations/%s/members/%s/erase", f->w->a, member);
          break;
        case VOISINS_SERVER_ACTION_LIST_INACTIVE:
          method = "GET";
          path = g_strdup_printf ("/api/v1/associations/%s/members/inactive", f->w->a);
          break;
        default:
          g_error ("no walk for the members' action %s",
                   voisins_server_action_to_string (rule->action));
        }
      answer = vs_request (f->w->server, method, path, c->token, body, body ? strlen (body) : 0,
                           &status, NULL);
      if (rule->allowed ? status != 200 : status != 403)
        {
          g_autofree char *text = answer ? vs_to_string (answer) : g_strdup ("(none)");

          g_error ("%s as %s: the table says %s, the server answered %u %s",
                   voisins_server_action_to_string (rule->action),
                   voisins_role_to_string (rule->role), rule->allowed ? "allowed" : "refused",
                   status, text);
        }
      checked++;
    }
  g_assert_cmpuint (checked, ==, 7 * 3);
}

/* }}} */
/* {{{ the table itself */

static void
test_table (void)
{
  const VoisinsServerRule *rules;
  const VoisinsServerMutation *mutations;
  guint n, n_mutations;

  rules = voisins_server_rules_get_table (&n);
  mutations = voisins_server_rules_get_mutations (&n_mutations);
  g_assert_cmpuint (n, >, 0);

  /* Every mutation has a record-level row for every role, and nothing else is allowed to a
   * caller with no role. */
  for (guint m = 0; m < n_mutations; m++)
    for (VoisinsRole role = VOISINS_ROLE_VOLUNTEER; role <= VOISINS_ROLE_ADMIN; role++)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < n; i++)
          if (rules[i].role == role && rules[i].record == mutations[m].record &&
              rules[i].action == mutations[m].action && rules[i].field == NULL)
            found = TRUE;
        g_assert_true (found);
        g_assert_false (voisins_server_rules_allows (-1, mutations[m].record, mutations[m].action,
                                                     VOISINS_SERVER_RELATION_ANY, NULL));
        g_assert_true (voisins_server_rules_lookup_mutation (mutations[m].name) == &mutations[m]);
      }
  g_assert_null (voisins_server_rules_lookup_mutation ("post.explode"));

  /* No field a volunteer sees of a member reaches the person; but the follower of a live
   * help sees the phone of its helper and of the person helped, and nothing else more. */
  for (guint i = 0; i < n; i++)
    if (rules[i].role == VOISINS_ROLE_VOLUNTEER &&
        rules[i].record == VOISINS_SERVER_RECORD_MEMBER &&
        rules[i].action == VOISINS_SERVER_ACTION_SEE && rules[i].field)
      {
        if (rules[i].relation != VOISINS_SERVER_RELATION_FOLLOWER)
          g_assert_cmpstr (rules[i].field, !=, "phone");
        g_assert_cmpstr (rules[i].field, !=, "email");
        g_assert_cmpstr (rules[i].field, !=, "address");
        g_assert_cmpstr (rules[i].field, !=, "lat");
      }

  /* Match states move forward only; declining closes. */
  g_assert_cmpint (voisins_server_rules_match_state_rank ("nonsense"), ==, -1);
  g_assert_cmpint (voisins_server_rules_match_transition (
                     voisins_server_rules_match_state_rank ("confirmed"),
                     voisins_server_rules_match_state_rank ("host-called")),
                   ==, VOISINS_SERVER_TRANSITION_BACKWARDS);
  g_assert_cmpint (voisins_server_rules_match_transition (
                     voisins_server_rules_match_state_rank ("declined"),
                     voisins_server_rules_match_state_rank ("proposed")),
                   ==, VOISINS_SERVER_TRANSITION_CLOSED);
  g_assert_cmpint (voisins_server_rules_match_transition (
                     voisins_server_rules_match_state_rank ("confirmed"),
                     voisins_server_rules_match_state_rank ("declined")),
                   ==, VOISINS_SERVER_TRANSITION_ALLOWED);

  /* A help goes one step at a time; declining closes it; only a live one opens phones. */
  g_assert_cmpint (voisins_server_rules_help_state_rank ("host-called"), ==, -1);
  g_assert_cmpint (voisins_server_rules_help_transition (
                     voisins_server_rules_help_state_rank ("proposed"),
                     voisins_server_rules_help_state_rank ("done")),
                   ==, VOISINS_SERVER_TRANSITION_BACKWARDS);
  g_assert_cmpint (voisins_server_rules_help_transition (
                     voisins_server_rules_help_state_rank ("accepted"),
                     voisins_server_rules_help_state_rank ("proposed")),
                   ==, VOISINS_SERVER_TRANSITION_BACKWARDS);
  g_assert_cmpint (voisins_server_rules_help_transition (
                     voisins_server_rules_help_state_rank ("accepted"),
                     voisins_server_rules_help_state_rank ("done")),
                   ==, VOISINS_SERVER_TRANSITION_ALLOWED);
  g_assert_cmpint (voisins_server_rules_help_transition (
                     voisins_server_rules_help_state_rank ("declined"),
                     voisins_server_rules_help_state_rank ("accepted")),
                   ==, VOISINS_SERVER_TRANSITION_CLOSED);
  g_assert_true (voisins_server_rules_help_opens_access ("accepted"));
  g_assert_false (voisins_server_rules_help_opens_access ("done"));
  g_assert_false (voisins_server_rules_help_opens_access ("declined"));
}

/* docs/api.md's "Who may do what" is the table, as voisins-server rules-table prints it. */
static void
test_docs (void)
{
  const char *source_dir = g_getenv ("VOISINS_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *want = voisins_server_rules_to_markdown ();
  g_autoptr(GError) error = NULL;
  const char *begin, *end;
  g_autofree char *got = NULL;

  g_assert_nonnull (source_dir);
  path = g_build_filename (source_dir, "docs", "api.md", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  begin = strstr (text, "<!-- rules-table begin -->\n");
  end = strstr (text, "<!-- rules-table end -->");
  g_assert_nonnull (begin);
  g_assert_nonnull (end);
  begin += strlen ("<!-- rules-table begin -->\n");
  g_assert_true (end >= begin);
  got = g_strndup (begin, end - begin);
  if (g_strcmp0 (got, want) != 0)
    g_error ("docs/api.md differs from the rules table: paste `voisins-server rules-table` "
             "between the rules-table markers");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/rules/table", test_table);
  g_test_add_func ("/server/rules/docs", test_docs);
  g_test_add_func ("/server/rules/visibility", test_visibility);
  g_test_add_func ("/server/rules/mutations", test_mutations);
  g_test_add_func ("/server/rules/purge", test_purge);
  g_test_add_func ("/server/rules/undo", test_undo);
  g_test_add_func ("/server/rules/member-routes", test_member_routes);

  return g_test_run ();
}
