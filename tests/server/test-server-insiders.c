/* test-server-insiders.c: a volunteer's token opens only what a volunteer may see (issue 10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test replays one finding of the outside security test, as it was written, against a
 * real server holding the demo quartier; each failed before the permission model of
 * voisins-server-rules.c (recorder, approved follower, reveals log, coarse guest cells).
 */
#define G_LOG_DOMAIN "voisins-test"

#include "server-fixture.h"

typedef struct
{
  VsServer *server;
  char     *assoc;
  char     *vol_id;
  char     *vol;       /* tokens */
  char     *coord;
  char     *vol_client;
  char     *coord_client;
  gint64    vol_seq;
  gint64    coord_seq;
} Demo;

static Demo *
demo_new (void)
{
  Demo *d = g_new0 (Demo, 1);

  d->server = vs_server_new (NULL);
  d->assoc = vs_server_cli (d->server, NULL, "import-demo", "--seed", "7", NULL);
  d->vol_id = vs_server_add_user (d->server, d->assoc, "desk", "volunteer");
  g_free (vs_server_add_user (d->server, d->assoc, "coord", "coordinator"));
  vs_server_start (d->server);
  d->vol = vs_server_login (d->server, "desk");
  d->coord = vs_server_login (d->server, "coord");
  d->vol_client = vs_uuid ();
  d->coord_client = vs_uuid ();
  d->vol_seq = d->coord_seq = 1;
  return d;
}

static void
demo_free (Demo *d)
{
  vs_server_free (d->server);
  g_free (d->assoc);
  g_free (d->vol_id);
  g_free (d->vol);
  g_free (d->coord);
  g_free (d->vol_client);
  g_free (d->coord_client);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

/* {{{ helpers */

static JsonNode *
push_as (Demo       *d,
         gboolean    coordinator,
         const char *name,
         const char *args)
{
  JsonNode *answer;

  if (coordinator)
    answer = vs_push1 (d->server, d->coord, d->coord_client, d->coord_seq++, name, args, NULL);
  else
    answer = vs_push1 (d->server, d->vol, d->vol_client, d->vol_seq++, name, args, NULL);
  g_assert_nonnull (answer);
  return answer;
}

static const char *
status_of (JsonNode *answer)
{
  return json_object_get_string_member (vs_result (answer, 0), "status");
}

static void
assert_status (JsonNode   *answer,
               const char *want)
{
  if (g_strcmp0 (status_of (answer), want) != 0)
    {
      g_autofree char *text = vs_to_string (answer);

      g_error ("expected %s, got %s", want, text);
    }
}

/* GET …/{what} as @token: the items (owned by @holder). */
static JsonArray *
list (Demo        *d,
      const char  *token,
      const char  *what,
      JsonNode   **holder)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/%s", d->assoc, what);
  guint status = 0;

  *holder = vs_get (d->server, path, token, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_array_member (json_node_get_object (*holder), "items");
}

/* The coordinator's copy of every member: id -> JsonObject (owned by @holder). */
static GHashTable *
members_by_id (Demo      *d,
               JsonNode **holder)
{
  JsonArray *items = list (d, d->coord, "members", holder);
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *m = json_array_get_object_element (items, i);

      g_hash_table_insert (by_id, (gpointer) json_object_get_string_member (m, "id"), m);
    }
  return by_id;
}

/* Whether any change or list item @token can get carries @phone or @address, or names
 * @member_id as a guest's (@member_id NULL: not checked). */
static gboolean
leaks (Demo       *d,
       const char *token,
       const char *member_id,
       const char *phone,
       const char *address)
{
  static const char *lists[] = { "holiday/guests", "holiday/hosts", "members" };
  g_autofree char *client = vs_uuid ();
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gboolean reset = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(JsonNode) holder = NULL;
      JsonArray *items = list (d, token, lists[i], &holder);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), items);

      text = json_to_string (node, FALSE);
      if ((member_id && g_str_equal (lists[i], "holiday/guests") && strstr (text, member_id)) ||
          (phone && strstr (text, phone)) || (address && strstr (text, address)))
        return TRUE;
    }
  changes = vs_pull_all (d->server, token, client, d->assoc, NULL, 500, &cursor, &reset);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *change = changes->pdata[i];
      JsonObject *data;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      if (!json_object_has_member (change, "data"))
        continue;
      data = json_object_get_object_member (change, "data");
      node = json_node_init_object (json_node_alloc (), data);
      text = json_to_string (node, FALSE);
      if ((phone && strstr (text, phone)) || (address && strstr (text, address)))
        return TRUE;
      if (member_id && g_str_equal (json_object_get_string_member (change, "type"), "holiday_guest") &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "member_id", NULL),
                     member_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* }}} */
/* {{{ finding 2: a volunteer reads any member's phone */

static void
test_phone_harvest (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) holder = NULL;
  g_autoptr(GHashTable) members = members_by_id (d, &holder);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint status = 0;

  /* As the tester did, for 12 members in one push (4 mutations each). */
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, &value) && targets->len < 12)
    {
      JsonObject *m = value;
      g_autofree char *host = vs_uuid ();
      g_autofree char *guest = vs_uuid ();
      g_autofree char *match = vs_uuid ();

      if (json_object_get_string_member_with_default (m, "phone", NULL) == NULL)
        continue;
      g_ptr_array_add (targets, m);
      g_ptr_array_add (names, (gpointer) "holiday.host.put");
      g_ptr_array_add (args, g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                              "\"member_id\":\"%s\",\"slots\":15,\"seats\":20}",
                                              host, d->assoc, (const char *) key));
      g_ptr_array_add (names, (gpointer) "holiday.guest.put");
      g_ptr_array_add (args, g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\","
                                              "\"member_id\":\"%s\",\"slots\":1}",
                                              guest, d->assoc, (const char *) key));
      g_ptr_array_add (names, (gpointer) "holiday.match.propose");
      g_ptr_array_add (args, g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\","
                                              "\"guest_id\":\"%s\",\"slot\":1}",
                                              match, host, guest));
      g_ptr_array_add (names, (gpointer) "holiday.match.set_state");
      g_ptr_array_add (args, g_strdup_printf ("{\"id\":\"%s\",\"state\":\"declined\"}", match));
    }
  g_assert_cmpuint (targets->len, ==, 12);
  g_ptr_array_add (names, NULL);
  body = vs_push_body (d->vol_client, d->vol_seq, args->len,
                       (const char * const *) names->pdata,
                       (const char * const *) args->pdata);
  d->vol_seq += args->len;
  answer = vs_post (d->server, "/api/v1/sync/push", d->vol, body, &status);
  g_assert_cmpuint (status, ==, 200);

  for (guint i = 0; i < targets->len; i++)
    {
      JsonObject *m = targets->pdata[i];

      /* The guests the volunteer took in come back as recorded (the member they named), but
       * never with what reaches the person. */
      g_assert_false (leaks (d, d->vol, NULL, json_object_get_string_member (m, "phone"),
                             json_object_get_string_member_with_default (m, "address", NULL)));
    }
}

/* The way it is meant to work: a coordinator approves the volunteer's match, the volunteer
 * gets what the calls and letters need, on the rows the app reads; the reveal is logged;
 * the access ends with the match and the pull sends the rows again without it. */
static void
test_follower_access (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) mholder = NULL;
  g_autoptr(GHashTable) members = members_by_id (d, &mholder);
  g_autoptr(JsonNode) gholder = NULL;
  g_autoptr(JsonNode) hholder = NULL;
  JsonArray *guests = list (d, d->coord, "holiday/guests", &gholder);
  JsonArray *hosts = list (d, d->coord, "holiday/hosts", &hholder);
  JsonObject *guest = NULL, *host = NULL, *gm, *hm;
  g_autofree char *match = vs_uuid ();
  g_autofree char *args = NULL;
  g_autofree char *client = vs_uuid ();
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gboolean reset = FALSE, saw_guest = FALSE, saw_host = FALSE;
  guint64 slot = 0;

  /* A host and a guest free for the same slot, both with a phone. */
  for (guint i = 0; i < json_array_get_length (hosts) && guest == NULL; i++)
    for (guint j = 0; j < json_array_get_length (guests) && guest == NULL; j++)
      {
        JsonObject *h = json_array_get_object_element (hosts, i);
        JsonObject *g = json_array_get_object_element (guests, j);
        gint64 common = json_object_get_int_member (h, "slots") &
                        json_object_get_int_member (g, "slots");
        JsonObject *a = g_hash_table_lookup (members,
                                             json_object_get_string_member (h, "member_id"));
        JsonObject *b = g_hash_table_lookup (members,
                                             json_object_get_string_member (g, "member_id"));

        if (common == 0 || a == NULL || b == NULL ||
            !json_object_get_string_member_with_default (a, "phone", NULL) ||
            !json_object_get_string_member_with_default (b, "phone", NULL))
          continue;
        host = h;
        guest = g;
        slot = common & -common;
      }
  g_assert_nonnull (guest);
  hm = g_hash_table_lookup (members, json_object_get_string_member (host, "member_id"));
  gm = g_hash_table_lookup (members, json_object_get_string_member (guest, "member_id"));

  args = g_strdup_printf ("{\"id\":\"%s\",\"host_id\":\"%s\",\"guest_id\":\"%s\","
                          "\"slot\":%" G_GUINT64_FORMAT "}", match,
                          json_object_get_string_member (host, "id"),
                          json_object_get_string_member (guest, "id"), slot);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.match.propose", args);

    assert_status (a, "applied");
  }
  /* Proposed, not approved: nobody shown yet, and the volunteer cannot move it on. */
  g_assert_false (leaks (d, d->vol, json_object_get_string_member (gm, "id"),
                         json_object_get_string_member (gm, "phone"),
                         json_object_get_string_member_with_default (gm, "address", NULL)));
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"host-called\"}", match);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.match.set_state", args);

    assert_status (a, "rejected");
  }
  /* Only a coordinator approves. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\"}", match);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.match.approve", args);

    assert_status (a, "rejected");
  }
  /* Handed to a user of no role here: refused; to the proposer, by name: approved. */
  g_clear_pointer (&args, g_free);
  {
    g_autofree char *stranger = vs_uuid ();
    g_autoptr(JsonNode) a = NULL;

    args = g_strdup_printf ("{\"id\":\"%s\",\"follower_id\":\"%s\"}", match, stranger);
    a = push_as (d, TRUE, "holiday.match.approve", args);
    assert_status (a, "rejected");
  }
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"follower_id\":\"%s\"}", match, d->vol_id);
  {
    g_autoptr(JsonNode) a = push_as (d, TRUE, "holiday.match.approve", args);

    assert_status (a, "applied");
  }

  changes = vs_pull_all (d->server, d->vol, client, d->assoc, NULL, 500, &cursor, &reset);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *change = changes->pdata[i];
      JsonObject *data = json_object_get_object_member (change, "data");
      const char *id = json_object_get_string_member (change, "id");
      JsonObject *m = NULL;

      if (g_str_equal (id, json_object_get_string_member (guest, "id")))
        {
          m = gm;
          saw_guest = TRUE;
        }
      else if (g_str_equal (id, json_object_get_string_member (host, "id")))
        {
          m = hm;
          saw_host = TRUE;
        }
      else
        continue;
      g_assert_cmpstr (json_object_get_string_member (data, "member_id"), ==,
                       json_object_get_string_member (m, "id"));
      g_assert_cmpstr (json_object_get_string_member (data, "phone"), ==,
                       json_object_get_string_member (m, "phone"));
      g_assert_cmpstr (json_object_get_string_member (data, "last_name"), ==,
                       json_object_get_string_member (m, "last_name"));
      g_assert_cmpstr (json_object_get_string_member_with_default (data, "address", NULL), ==,
                       json_object_get_string_member_with_default (m, "address", NULL));
    }
  g_assert_true (saw_guest && saw_host);

  /* The follower moves it on now. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"host-called\"}", match);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.match.set_state", args);

    assert_status (a, "applied");
  }

  /* The reveal is in the coordinators' log, which a volunteer cannot read. */
  {
    g_autoptr(JsonNode) rholder = NULL;
    JsonArray *reveals = list (d, d->coord, "holiday/reveals", &rholder);
    g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/holiday/reveals",
                                             d->assoc);
    g_autoptr(JsonNode) denied = NULL;
    guint status = 0;
    guint found = 0;

    for (guint i = 0; i < json_array_get_length (reveals); i++)
      {
        JsonObject *r = json_array_get_object_element (reveals, i);

        if (g_str_equal (json_object_get_string_member (r, "match_id"), match) &&
            g_str_equal (json_object_get_string_member (r, "user_id"), d->vol_id))
          found++;
      }
    g_assert_cmpuint (found, ==, 2);
    denied = vs_get (d->server, path, d->vol, &status);
    g_assert_cmpuint (status, ==, 403);
  }

  /* Declined: the access ends, and the next pull takes the details back off the laptop. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"state\":\"declined\"}", match);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.match.set_state", args);

    assert_status (a, "applied");
  }
  g_clear_pointer (&changes, g_ptr_array_unref);
  saw_guest = FALSE;
  changes = vs_pull_all (d->server, d->vol, client, d->assoc, cursor, 500, &cursor, &reset);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *change = changes->pdata[i];
      JsonObject *data = json_object_get_object_member (change, "data");

      if (g_str_equal (json_object_get_string_member (change, "id"),
                       json_object_get_string_member (guest, "id")))
        {
          saw_guest = TRUE;
          g_assert_false (json_object_has_member (data, "member_id"));
          g_assert_false (json_object_has_member (data, "phone"));
        }
    }
  g_assert_true (saw_guest);
  g_assert_false (leaks (d, d->vol, json_object_get_string_member (gm, "id"),
                         json_object_get_string_member (gm, "phone"),
                         json_object_get_string_member_with_default (gm, "address", NULL)));
}

/* }}} */
/* {{{ finding 3: anonymous guests re-identified */

static void
test_guest_join (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) gholder = NULL;
  g_autoptr(JsonNode) mholder = NULL;
  JsonArray *guests = list (d, d->vol, "holiday/guests", &gholder);
  JsonArray *members = list (d, d->vol, "members", &mholder);
  static const char *hidden[] = {
    "consent_scope", "consent_at", "consent_by", "needs", "verified_how", "verified_by",
    "verified_at", "phone", "email", "address", "lat", "lon"
  };
  guint joined = 0, placed = 0;

  g_assert_cmpuint (json_array_get_length (guests), >, 0);
  for (guint i = 0; i < json_array_get_length (guests); i++)
    {
      JsonObject *g = json_array_get_object_element (guests, i);
      double glat = json_object_get_double_member_with_default (g, "approx_lat", 0.0);
      double glon = json_object_get_double_member_with_default (g, "approx_lon", 0.0);

      g_assert_false (json_object_has_member (g, "member_id"));
      if (glat == 0.0 && glon == 0.0)
        continue;
      placed++;
      for (guint k = 0; k < json_array_get_length (members); k++)
        {
          JsonObject *m = json_array_get_object_element (members, k);

          if (json_object_get_double_member_with_default (m, "approx_lat", 1.0) == glat &&
              json_object_get_double_member_with_default (m, "approx_lon", 1.0) == glon)
            joined++;
        }
    }
  g_assert_cmpuint (placed, >, 0);
  g_assert_cmpuint (joined, ==, 0);

  for (guint k = 0; k < json_array_get_length (members); k++)
    for (guint h = 0; h < G_N_ELEMENTS (hidden); h++)
      g_assert_false (json_object_has_member (json_array_get_object_element (members, k),
                                              hidden[h]));
}

/* }}} */
/* {{{ finding 9: volunteers overwrite and forge; finding 4: approximate positions */

static void
test_overwrite (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) gholder = NULL;
  JsonArray *guests = list (d, d->coord, "holiday/guests", &gholder);
  JsonObject *g = json_array_get_object_element (guests, 0);
  const char *id = json_object_get_string_member (g, "id");
  g_autofree char *args = NULL;
  g_autofree char *before = NULL;
  g_autoptr(JsonNode) after_holder = NULL;
  JsonArray *after;

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), g);

    before = json_to_string (node, FALSE);
  }
  /* A volunteer replaces a coordinator's guest, dropping its needs. */
  args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                          "\"slots\":1}", id, d->assoc,
                          json_object_get_string_member (g, "member_id"));
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "holiday.guest.put", args);

    assert_status (a, "rejected");
  }
  /* A coordinator on a stale version: a conflict, not a silent overwrite. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                          "\"slots\":1,\"base_version\":%" G_GINT64_FORMAT "}", id, d->assoc,
                          json_object_get_string_member (g, "member_id"),
                          json_object_get_int_member (g, "version") - 1);
  {
    g_autoptr(JsonNode) a = push_as (d, TRUE, "holiday.guest.put", args);

    assert_status (a, "conflict");
    /* Each field that differs comes back, so the client shows what was not applied. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (vs_result (a, 0),
                                                                           "conflicts")), >, 0);
  }
  after = list (d, d->coord, "holiday/guests", &after_holder);
  for (guint i = 0; i < json_array_get_length (after); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (after, i),
                                                    "id"), id))
      {
        g_autoptr(JsonNode) node =
          json_node_init_object (json_node_alloc (), json_array_get_object_element (after, i));
        g_autofree char *now = json_to_string (node, FALSE);

        g_assert_cmpstr (now, ==, before);
      }

  /* On the version read: applied. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"member_id\":\"%s\","
                          "\"slots\":1,\"base_version\":%" G_GINT64_FORMAT "}", id, d->assoc,
                          json_object_get_string_member (g, "member_id"),
                          json_object_get_int_member (g, "version"));
  {
    g_autoptr(JsonNode) a = push_as (d, TRUE, "holiday.guest.put", args);

    assert_status (a, "applied");
  }
}

static void
test_posts (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) pholder = NULL;
  JsonArray *posts = list (d, d->coord, "posts", &pholder);
  const char *theirs = json_object_get_string_member (json_array_get_object_element (posts, 0),
                                                      "id");
  g_autofree char *mine = vs_uuid ();
  g_autofree char *forged = vs_uuid ();
  g_autofree char *args = NULL;
  const char *names[] = { "post.update", "post.set_status", "post.delete" };

  /* Someone else's post: neither edited, closed nor deleted by a volunteer. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) a = NULL;

      g_clear_pointer (&args, g_free);
      if (i == 0)
        args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1000,"
                                "\"fields\":{\"title\":\"Forged\"}}", theirs);
      else if (i == 1)
        args = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"cancelled\"}", theirs);
      else
        args = g_strdup_printf ("{\"id\":\"%s\"}", theirs);
      a = push_as (d, FALSE, names[i], args);
      assert_status (a, "rejected");
    }

  /* The author must be one of this association's members. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"request\","
                          "\"category\":\"diy\",\"status\":\"open\",\"title\":\"A shelf\","
                          "\"body\":\"A few words\",\"author_id\":\"%s\","
                          "\"created_at\":1700000000}", forged, d->assoc, forged);
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "post.create", args);

    assert_status (a, "rejected");
  }

  /* One's own post: all three. */
  g_clear_pointer (&args, g_free);
  args = vs_post_json (mine, d->assoc, "Mine");
  {
    g_autoptr(JsonNode) a = push_as (d, FALSE, "post.create", args);

    assert_status (a, "applied");
  }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) a = NULL;

      g_clear_pointer (&args, g_free);
      if (i == 0)
        args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1,"
                                "\"fields\":{\"title\":\"Mine, better\"}}", mine);
      else if (i == 1)
        args = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"cancelled\"}", mine);
      else
        args = g_strdup_printf ("{\"id\":\"%s\"}", mine);
      a = push_as (d, FALSE, names[i], args);
      assert_status (a, "applied");
    }
}

static void
test_member_fields (void)
{
  g_autoptr(Demo) d = demo_new ();
  g_autoptr(JsonNode) mholder = NULL;
  JsonArray *members = list (d, d->vol, "members", &mholder);
  const char *id = NULL;
  /* Values no demo member has, so that each is a change. */
  static const char *fields[] = {
    "\"verification\":\"verified\"", "\"verified_how\":\"forged at the desk\"",
    "\"verified_by\":\"forger\"", "\"verified_at\":1234567", "\"consent_at\":1234567",
    "\"consent_by\":\"forger\"", "\"consent_scope\":\"everything, forged\"",
  };

  for (guint k = 0; k < json_array_get_length (members) && id == NULL; k++)
    {
      JsonObject *m = json_array_get_object_element (members, k);

      if (g_strcmp0 (json_object_get_string_member_with_default (m, "verification", NULL),
                     "unverified") == 0)
        id = json_object_get_string_member (m, "id");
    }
  g_assert_nonnull (id);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"base_version\":1000,"
                                               "\"fields\":{%s}}", id, fields[i]);
      g_autoptr(JsonNode) a = push_as (d, FALSE, "member.update", args);

      assert_status (a, "rejected");
    }

  /* Approximate positions are the server's, for every role (finding 4). */
  for (guint coordinator = 0; coordinator < 2; coordinator++)
    {
      g_autofree char *mid = vs_uuid ();
      g_autofree char *args =
          g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
                           "\"first_name\":\"Paul\","
                           "\"approx_lat\":1e22,\"approx_lon\":2.37}",
                           mid, d->assoc);
      g_autoptr(JsonNode) a = push_as (d, coordinator, "member.create", args);

      assert_status (a, "rejected");
    }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/insiders/phone-harvest", test_phone_harvest);
  g_test_add_func ("/server/insiders/follower-access", test_follower_access);
  g_test_add_func ("/server/insiders/guest-join", test_guest_join);
  g_test_add_func ("/server/insiders/overwrite", test_overwrite);
  g_test_add_func ("/server/insiders/posts", test_posts);
  g_test_add_func ("/server/insiders/member-fields", test_member_fields);

  return g_test_run ();
}
