/* test-server-help.c: a request matched to a helper, through the server, with two laptops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>

#include "server-fixture.h"

typedef struct
{
  const char *token;
  char       *client;
  gint64      seq;
  char       *cursor;
} Laptop;

static JsonObject *
push (VsWorld    *w,
      Laptop     *l,
      const char *name,
      const char *args,
      JsonNode  **keep)
{
  *keep = vs_push1 (w->server, l->token, l->client, l->seq++, name, args, NULL);
  g_assert_nonnull (*keep);
  return vs_result (*keep, 0);
}

static void
push_ok (VsWorld    *w,
         Laptop     *l,
         const char *name,
         const char *args)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *result = push (w, l, name, args, &answer);

  if (g_strcmp0 (json_object_get_string_member (result, "status"), "applied") != 0)
    {
      g_autofree char *text = vs_to_string (answer);

      g_error ("%s %s not applied: %s", name, args, text);
    }
}

/* The mutation is refused with @code. */
static void
push_refused (VsWorld    *w,
              Laptop     *l,
              const char *name,
              const char *args,
              const char *code)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *result = push (w, l, name, args, &answer);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
}

/* The changes since the laptop's last pull, by id (the last of each). */
static GHashTable *
pull (VsWorld *w,
      Laptop  *l)
{
  g_autoptr(GPtrArray) changes = NULL;
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_object_unref);
  char *cursor = NULL;
  gboolean reset = FALSE;

  changes = vs_pull_all (w->server, l->token, l->client, w->a, l->cursor, 100, &cursor, &reset);
  g_assert_false (reset);
  g_free (l->cursor);
  l->cursor = cursor;
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *change = changes->pdata[i];

      g_hash_table_replace (by_id, g_strdup (json_object_get_string_member (change, "id")),
                            json_object_ref (json_object_get_object_member (change, "data")));
    }
  return by_id;
}

static char *
new_member (VsWorld    *w,
            Laptop     *desk,
            const char *first_name,
            const char *phone)
{
  char *id = vs_uuid ();
  g_autofree char *args =
    g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"first_name\":\"%s\","
                     "\"last_name\":\"Martin\",\"phone\":\"%s\",\"consent_scope\":\"posts,phone\","
                     "\"lat\":48.848,\"lon\":2.378,\"languages\":\"fr\"}",
                     id, w->a, first_name, phone);

  push_ok (w, desk, "member.create", args);
  return id;
}

static char *
help_args (const char *id,
           const char *post,
           const char *helper)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\",\"helper_id\":\"%s\"}", id, post,
                          helper);
}

static char *
state_args (const char *id,
            const char *state)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"state\":\"%s\"}", id, state);
}

static const char *
phone_of (GHashTable *changes,
          const char *member)
{
  JsonObject *data = g_hash_table_lookup (changes, member);

  g_assert_nonnull (data);
  return json_object_get_string_member_with_default (data, "phone", NULL);
}

/* Khadija needs her shelf put up. Léa's laptop asks Ana, who says no; Hugo's laptop then
 * asks Bruno, who says yes and comes. Each follower sees the phones while the help is live,
 * the other laptop never does; both end up seeing who helped. */
static void
test_help_life (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *vol2_id = vs_server_add_user (w->server, w->a, "vol2", "volunteer");
  g_autofree char *vol2 = vs_server_login (w->server, "vol2");
  Laptop desk = { w->coord, vs_uuid (), 1, NULL };
  Laptop lea = { w->vol, vs_uuid (), 1, NULL };
  Laptop hugo = { vol2, vs_uuid (), 1, NULL };
  Laptop stranger = { w->other, vs_uuid (), 1, NULL };
  g_autofree char *khadija = new_member (w, &desk, "Khadija", "0611111111");
  g_autofree char *ana = new_member (w, &desk, "Ana", "0622222222");
  g_autofree char *bruno = new_member (w, &desk, "Bruno", "0633333333");
  g_autofree char *post = vs_uuid ();
  g_autofree char *offer = vs_uuid ();
  g_autofree char *h1 = vs_uuid ();
  g_autofree char *h2 = vs_uuid ();
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *row;

  {
    g_autofree char *args =
        g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                         "\"category\":\"diy\",\"status\":\"open\",\"title\":\"A shelf\","
                         "\"body\":\"In the kitchen\",\"author_id\":\"%s\","
                         "\"author_name\":\"Khadija\",\"lat\":48.845,\"lon\":2.372,"
                         "\"created_at\":1700000000}",
                         post, w->a, khadija);
    g_autofree char *offer_args =
        g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"offer\","
                         "\"category\":\"diy\",\"status\":\"open\",\"title\":\"DIY\","
                         "\"body\":\"I have a drill\",\"author_id\":\"%s\","
                         "\"author_name\":\"Ana\",\"lat\":48.845,\"lon\":2.372,"
                         "\"created_at\":1700000000}",
                         offer, w->a, ana);

    push_ok (w, &desk, "post.create", args);
    push_ok (w, &desk, "post.create", offer_args);
  }
  g_hash_table_unref (pull (w, &lea));
  g_hash_table_unref (pull (w, &hugo));

  /* What is refused, with a reason a laptop can show. */
  {
    g_autofree char *self_help = help_args (h1, post, khadija);
    g_autofree char *on_offer = help_args (h1, offer, bruno);
    g_autofree char *no_post = help_args (h1, h2, ana);
    g_autofree char *bad_id = help_args ("not-a-uuid", post, ana);
    g_autofree char *extra = g_strdup_printf ("{\"id\":\"%s\",\"post_id\":\"%s\","
                                              "\"helper_id\":\"%s\",\"state\":\"done\"}",
                                              h1, post, ana);
    g_autofree char *ok = help_args (h1, post, ana);

    push_refused (w, &lea, "help.propose", self_help, "invalid");
    push_refused (w, &lea, "help.propose", on_offer, "invalid");
    push_refused (w, &lea, "help.propose", no_post, "not_found");
    push_refused (w, &lea, "help.propose", bad_id, "invalid");
    push_refused (w, &lea, "help.propose", extra, "invalid");
    /* Someone of another association sees no such request. */
    push_refused (w, &stranger, "help.propose", ok, "not_found");
  }

  /* Léa proposes Ana: she follows the help and may call both. */
  {
    g_autofree char *args = help_args (h1, post, ana);

    push_ok (w, &lea, "help.propose", args);
    /* The same command again (a lost answer) is applied once. */
    push_ok (w, &lea, "help.propose", args);
  }
  seen = pull (w, &lea);
  row = g_hash_table_lookup (seen, h1);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "proposed");
  g_assert_cmpstr (json_object_get_string_member (row, "follower_id"), ==, w->vol_id);
  g_assert_cmpstr (json_object_get_string_member (row, "helper_id"), ==, ana);
  g_assert_cmpstr (json_object_get_string_member (row, "member_id"), ==, khadija);
  g_assert_cmpstr (phone_of (seen, ana), ==, "0622222222");
  g_assert_cmpstr (phone_of (seen, khadija), ==, "0611111111");
  g_assert_false (g_hash_table_contains (seen, bruno));
  g_clear_pointer (&seen, g_hash_table_unref);

  /* Hugo's laptop sees the help, not the phones; it may not move Léa's help on, nor ask
   * Ana again for the same request. */
  seen = pull (w, &hugo);
  row = g_hash_table_lookup (seen, h1);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "proposed");
  if (g_hash_table_contains (seen, ana))
    g_assert_null (phone_of (seen, ana));
  g_clear_pointer (&seen, g_hash_table_unref);
  {
    g_autofree char *accept = state_args (h1, "accepted");
    g_autofree char *again = help_args (h2, post, ana);

    push_refused (w, &hugo, "help.set_state", accept, "forbidden");
    push_refused (w, &hugo, "help.propose", again, "help_taken");
  }

  /* Ana cannot: "done" is not the next step, "declined" closes the help. */
  {
    g_autofree char *done = state_args (h1, "done");
    g_autofree char *declined = state_args (h1, "declined");
    g_autofree char *accepted = state_args (h1, "accepted");
    g_autofree char *nonsense = state_args (h1, "host-called");

    push_refused (w, &lea, "help.set_state", nonsense, "invalid");
    push_refused (w, &lea, "help.set_state", done, "status_moved");
    push_ok (w, &lea, "help.set_state", declined);
    push_refused (w, &lea, "help.set_state", accepted, "status_moved");
  }
  /* Léa's access ended: the next pull sends Ana and Khadija again, without their phones. */
  seen = pull (w, &lea);
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (seen, h1), "state"), ==,
                   "declined");
  g_assert_null (phone_of (seen, ana));
  g_assert_null (phone_of (seen, khadija));
  g_clear_pointer (&seen, g_hash_table_unref);

  /* Hugo asks Bruno, who says yes, and comes. */
  {
    g_autofree char *args = help_args (h2, post, bruno);
    g_autofree char *accepted = state_args (h2, "accepted");
    g_autofree char *done = state_args (h2, "done");
    g_autofree char *declined = state_args (h2, "declined");

    push_ok (w, &hugo, "help.propose", args);
    seen = pull (w, &hugo);
    g_assert_cmpstr (phone_of (seen, bruno), ==, "0633333333");
    g_assert_cmpstr (phone_of (seen, khadija), ==, "0611111111");
    g_clear_pointer (&seen, g_hash_table_unref);

    push_ok (w, &hugo, "help.set_state", accepted);
    push_ok (w, &hugo, "help.set_state", done);
    push_refused (w, &hugo, "help.set_state", declined, "status_moved");
    seen = pull (w, &hugo);
    g_assert_null (phone_of (seen, bruno));
    g_assert_null (phone_of (seen, khadija));
    g_clear_pointer (&seen, g_hash_table_unref);
  }

  /* Léa's laptop learns who helped, and never saw Bruno's phone. */
  seen = pull (w, &lea);
  row = g_hash_table_lookup (seen, h2);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (row, "helper_id"), ==, bruno);
  g_assert_cmpstr (json_object_get_string_member (row, "follower_id"), ==, vol2_id);
  if (g_hash_table_contains (seen, bruno))
    g_assert_null (phone_of (seen, bruno));
  g_clear_pointer (&seen, g_hash_table_unref);

  /* Each reveal was logged in the helps' own log: Ana and Khadija to Léa, Bruno and
   * Khadija to Hugo; the holiday log has none of them. Volunteers do not read it. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/helps/reveals", w->a);
    g_autofree char *holiday = g_strdup_printf ("/api/v1/associations/%s/holiday/reveals", w->a);
    g_autoptr(JsonNode) list = vs_get (w->server, path, w->coord, NULL);
    g_autoptr(JsonNode) holiday_list = vs_get (w->server, holiday, w->coord, NULL);
    g_autoptr(JsonNode) refused = NULL;
    JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");
    guint status = 0, to_lea = 0, to_hugo = 0;

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_node_get_object (holiday_list), "items")), ==, 0);
    refused = vs_get (w->server, path, w->vol, &status);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpuint (json_array_get_length (items), ==, 4);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *reveal = json_array_get_object_element (items, i);
        const char *user = json_object_get_string_member (reveal, "user_id");
        const char *member = json_object_get_string_member (reveal, "member_id");

        g_assert_cmpstr (json_object_get_string_member (reveal, "fields"), ==, "phone");
        g_assert_true (g_str_equal (json_object_get_string_member (reveal, "help_id"), h1) ||
                       g_str_equal (json_object_get_string_member (reveal, "help_id"), h2));
        if (g_str_equal (user, w->vol_id))
          {
            g_assert_true (g_str_equal (member, ana) || g_str_equal (member, khadija));
            to_lea++;
          }
        else
          {
            g_assert_cmpstr (user, ==, vol2_id);
            g_assert_true (g_str_equal (member, bruno) || g_str_equal (member, khadija));
            to_hugo++;
          }
      }
    g_assert_cmpuint (to_lea, ==, 2);
    g_assert_cmpuint (to_hugo, ==, 2);
  }

  /* Bruno's help done, the request is done: nobody is asked for it any more, Ana neither
   * though her "no" would let her be asked again for an open one. */
  {
    g_autofree char *h3 = vs_uuid ();
    g_autofree char *args = help_args (h3, post, ana);

    push_refused (w, &lea, "help.propose", args, "status_moved");
  }

  g_free (desk.client);
  g_free (lea.client);
  g_free (hugo.client);
  g_free (stranger.client);
  g_free (lea.cursor);
  g_free (hugo.cursor);
}

static const char *
status_of (GHashTable *changes,
           const char *post)
{
  JsonObject *data = g_hash_table_lookup (changes, post);

  g_assert_nonnull (data);
  return json_object_get_string_member (data, "status");
}

static char *
new_request (VsWorld    *w,
             Laptop     *desk,
             const char *author,
             const char *category)
{
  char *id = vs_uuid ();
  g_autofree char *args =
      g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                       "\"category\":\"%s\",\"status\":\"open\",\"title\":\"Help\","
                       "\"body\":\"Please\",\"author_id\":\"%s\",\"author_name\":\"K\","
                       "\"lat\":48.845,\"lon\":2.372,\"created_at\":1700000000}",
                       id, w->a, category, author);

  push_ok (w, desk, "post.create", args);
  return id;
}

static char *
status_args (const char *id,
             const char *status,
             const char *from)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\",\"from\":\"%s\"}", id, status,
                          from);
}

/* The request's status follows its helps, decided by the server in the help's transaction
 * and synced to the other laptop: "yes" makes it matched, "done" done, the last "no" open
 * again. A status someone else chose meanwhile is never overwritten, and a laptop's stale
 * status change on top of a help's is a conflict it is told of: neither change is lost. */
static void
test_help_moves_post (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Laptop desk = { w->coord, vs_uuid (), 1, NULL };
  Laptop lea = { w->vol, vs_uuid (), 1, NULL };
  g_autofree char *khadija = new_member (w, &desk, "Khadija", "0611111111");
  g_autofree char *ana = new_member (w, &desk, "Ana", "0622222222");
  g_autofree char *bruno = new_member (w, &desk, "Bruno", "0633333333");
  g_autofree char *shelf = new_request (w, &desk, khadija, "diy");
  g_autofree char *shopping = new_request (w, &desk, khadija, "service");
  g_autofree char *walk = new_request (w, &desk, khadija, "activity");
  g_autofree char *h_ana = vs_uuid ();
  g_autofree char *h_bruno = vs_uuid ();
  g_autoptr(GHashTable) seen = NULL;
  gint64 version;

  g_hash_table_unref (pull (w, &desk));
  g_hash_table_unref (pull (w, &lea));

  /* Léa asks Ana and Bruno for the shelf: asking moves nothing. */
  {
    g_autofree char *a1 = help_args (h_ana, shelf, ana);
    g_autofree char *a2 = help_args (h_bruno, shelf, bruno);

    push_ok (w, &lea, "help.propose", a1);
    push_ok (w, &lea, "help.propose", a2);
  }
  seen = pull (w, &desk);
  g_assert_false (g_hash_table_contains (seen, shelf));
  g_clear_pointer (&seen, g_hash_table_unref);

  /* Ana says yes: the coordinator's laptop sees the shelf matched, with a new version. */
  {
    g_autofree char *yes = state_args (h_ana, "accepted");

    push_ok (w, &lea, "help.set_state", yes);
  }
  seen = pull (w, &desk);
  g_assert_cmpstr (status_of (seen, shelf), ==, "matched");
  version = json_object_get_int_member (g_hash_table_lookup (seen, shelf), "version");
  g_assert_cmpint (version, >, 1);
  g_clear_pointer (&seen, g_hash_table_unref);

  /* Ana says no after all, Bruno is still asked: the shelf stays matched. Then Bruno says
   * no too: nobody left, the shelf is open again. */
  {
    g_autofree char *no_ana = state_args (h_ana, "declined");
    g_autofree char *no_bruno = state_args (h_bruno, "declined");

    push_ok (w, &lea, "help.set_state", no_ana);
    seen = pull (w, &desk);
    g_assert_false (g_hash_table_contains (seen, shelf));
    g_clear_pointer (&seen, g_hash_table_unref);

    push_ok (w, &lea, "help.set_state", no_bruno);
    seen = pull (w, &desk);
    g_assert_cmpstr (status_of (seen, shelf), ==, "open");
    g_clear_pointer (&seen, g_hash_table_unref);
  }

  /* The shopping: Ana says yes and comes, the request is done on both laptops. */
  {
    g_autofree char *h = vs_uuid ();
    g_autofree char *ask = help_args (h, shopping, ana);
    g_autofree char *yes = state_args (h, "accepted");
    g_autofree char *done = state_args (h, "done");

    push_ok (w, &lea, "help.propose", ask);
    push_ok (w, &lea, "help.set_state", yes);
    push_ok (w, &lea, "help.set_state", done);
    seen = pull (w, &desk);
    g_assert_cmpstr (status_of (seen, shopping), ==, "done");
    g_clear_pointer (&seen, g_hash_table_unref);
    seen = pull (w, &lea);
    g_assert_cmpstr (status_of (seen, shopping), ==, "done");
    g_clear_pointer (&seen, g_hash_table_unref);
  }

  /* The walk, two laptops at once. The desk, offline, cancels it (it saw it open) while
   * Ana says yes on Léa's laptop, which reaches the server first: the desk's cancel is a
   * conflict it is told of (its "cancelled" against the server's "matched"), the help's
   * step stays. */
  {
    g_autofree char *h = vs_uuid ();
    g_autofree char *ask = help_args (h, walk, ana);
    g_autofree char *yes = state_args (h, "accepted");
    g_autofree char *done = state_args (h, "done");
    g_autofree char *cancel = status_args (walk, "cancelled", "open");
    g_autofree char *reopen = status_args (walk, "open", "cancelled");
    g_autoptr(JsonNode) answer = NULL;
    JsonObject *result, *conflict;

    push_ok (w, &lea, "help.propose", ask);
    push_ok (w, &lea, "help.set_state", yes);
    result = push (w, &desk, "post.set_status", cancel, &answer);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "conflict");
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "status_moved");
    conflict = json_array_get_object_element (json_object_get_array_member (result, "conflicts"),
                                              0);
    g_assert_cmpstr (json_object_get_string_member (conflict, "yours"), ==, "cancelled");
    g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "matched");
    seen = pull (w, &desk);
    g_assert_cmpstr (status_of (seen, walk), ==, "matched");
    g_clear_pointer (&seen, g_hash_table_unref);

    /* The desk, told, cancels it knowingly (from "matched"): then Ana's "done" arrives from
     * Léa's laptop. The help is done, the walk stays cancelled: the coordinator's choice
     * is not overwritten by a help's step. */
    {
      g_autofree char *knowingly = status_args (walk, "cancelled", "matched");

      push_ok (w, &desk, "post.set_status", knowingly);
    }
    push_ok (w, &lea, "help.set_state", done);
    seen = pull (w, &lea);
    g_assert_cmpstr (status_of (seen, walk), ==, "cancelled");
    g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (seen, h), "state"), ==,
                     "done");
    g_clear_pointer (&seen, g_hash_table_unref);

    /* And reopened by hand, it is open: the done help did not make it done behind her. */
    push_ok (w, &desk, "post.set_status", reopen);
    seen = pull (w, &lea);
    g_assert_cmpstr (status_of (seen, walk), ==, "open");
    g_clear_pointer (&seen, g_hash_table_unref);
  }

  g_free (desk.client);
  g_free (lea.client);
  g_free (desk.cursor);
  g_free (lea.cursor);
}

/* The keys of @item, sorted and joined: "a,b,c". */
static char *
keys_of (JsonObject *item)
{
  g_autoptr(GList) names = json_object_get_members (item);
  g_autoptr(GString) out = g_string_new (NULL);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l; l = l->next)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", (const char *) l->data);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* GET .../helps: the association's helps with the fields the rules table gives each role
 * (every role the same: the help names members by id only, never a phone); no token is
 * 401, another association's coordinator 403. */
static void
test_help_list (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Laptop desk = { w->coord, vs_uuid (), 1, NULL };
  Laptop lea = { w->vol, vs_uuid (), 1, NULL };
  g_autofree char *khadija = new_member (w, &desk, "Khadija", "0611111111");
  g_autofree char *ana = new_member (w, &desk, "Ana", "0622222222");
  g_autofree char *shelf = new_request (w, &desk, khadija, "diy");
  g_autofree char *h = vs_uuid ();
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/helps", w->a);
  const char *expected = "association_id,created_at,follower_id,helper_id,id,member_id,"
                              "post_id,server_seq,state,updated_at,version";
  const char *tokens[] = { w->coord, w->vol };
  guint status = 0;

  {
    g_autofree char *ask = help_args (h, shelf, ana);
    g_autofree char *yes = state_args (h, "accepted");

    push_ok (w, &lea, "help.propose", ask);
    push_ok (w, &lea, "help.set_state", yes);
  }

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(JsonNode) list = vs_get (w->server, path, tokens[i], &status);
      JsonArray *items;
      JsonObject *item;
      g_autofree char *keys = NULL;

      g_assert_cmpuint (status, ==, 200);
      items = json_object_get_array_member (json_node_get_object (list), "items");
      g_assert_cmpuint (json_array_get_length (items), ==, 1);
      item = json_array_get_object_element (items, 0);
      keys = keys_of (item);
      g_assert_cmpstr (keys, ==, expected);
      g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, h);
      g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "accepted");
      g_assert_cmpstr (json_object_get_string_member (item, "follower_id"), ==, w->vol_id);
    }

  /* GET /me says who may follow up every request (the rules' help set_state, any). */
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(JsonNode) me = vs_get (w->server, "/api/v1/me", tokens[i], &status);
      JsonArray *assocs = json_object_get_array_member (json_node_get_object (me),
                                                        "associations");

      g_assert_cmpuint (status, ==, 200);
      for (guint j = 0; j < json_array_get_length (assocs); j++)
        {
          JsonObject *a = json_array_get_object_element (assocs, j);

          if (g_str_equal (json_object_get_string_member (a, "id"), w->a))
            g_assert_true (json_object_get_boolean_member (a, "follow_up") ==
                           (tokens[i] == w->coord));
        }
    }

  {
    g_autoptr(JsonNode) none = vs_get (w->server, path, NULL, &status);

    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) other = vs_get (w->server, path, w->other, &status);

    g_assert_cmpuint (status, ==, 403);
  }

  g_free (desk.client);
  g_free (lea.client);
}

static guint
n_items (VsWorld    *w,
         const char *what)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/%s", w->a, what);
  g_autoptr(JsonNode) list = vs_get (w->server, path, w->coord, NULL);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                              "items"));
}

/* A server of before migration 11 kept the helps' reveals in holiday_reveals: the
 * migration moves them to the helps' log, and leaves the holiday log its own. */
static void
help_reveals_migrated (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  Laptop desk = { w->coord, vs_uuid (), 1, NULL };
  Laptop lea = { w->vol, vs_uuid (), 1, NULL };
  g_autofree char *khadija = new_member (w, &desk, "Khadija", "0611111111");
  g_autofree char *ana = new_member (w, &desk, "Ana", "0622222222");
  g_autofree char *shelf = new_request (w, &desk, khadija, "diy");
  g_autofree char *h = vs_uuid ();
  g_autofree char *ask = help_args (h, shelf, ana);
  sqlite3 *db;

  push_ok (w, &lea, "help.propose", ask);
  g_assert_cmpuint (n_items (w, "helps/reveals"), ==, 2);

  /* Back to schema 10: the rows in the holiday log, no helps' log (nor the tables of the
   * schemas after 11). */
  vs_server_stop (w->server, FALSE);
  db = vs_server_open_db (w->server);
  /* A holiday match's reveal stays where it is. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO holiday_reveals (association_id, match_id,"
                                 " user_id, member_id, fields, at) SELECT association_id,"
                                 " help_id, user_id, member_id, fields, at FROM help_reveals;"
                                 "INSERT INTO holiday_reveals (association_id, match_id,"
                                 " user_id, member_id, fields, at) SELECT association_id,"
                                 " 'a-match', user_id, member_id, fields, at"
                                 " FROM help_reveals LIMIT 1;"
                                 "DROP TABLE help_reveals; DROP TABLE login_attempts;"
                                 "DROP INDEX records_association_id;"
                                 "DELETE FROM schema_migrations WHERE version > 10;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  vs_server_start (w->server);

  g_assert_cmpuint (n_items (w, "helps/reveals"), ==, 2);
  g_assert_cmpuint (n_items (w, "holiday/reveals"), ==, 1);

  g_free (desk.client);
  g_free (lea.client);
}

static void
test_help_reveals_migrated (void)
{
  if (vs_backend_skip_unless_sqlite ("SQLite's migration 11 (PostgreSQL's schema began after it)"))
    return;
  help_reveals_migrated ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/help/life", test_help_life);
  g_test_add_func ("/server/help/moves-post", test_help_moves_post);
  g_test_add_func ("/server/help/list", test_help_list);
  g_test_add_func ("/server/help/reveals-migrated", test_help_reveals_migrated);
  return g_test_run ();
}
