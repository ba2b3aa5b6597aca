/* test-server-auth.c: the authorization matrix, tokens, revocation, login rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <sqlite3.h>
#include <string.h>

#include "server-fixture.h"

typedef enum
{
  WHO_NONE,
  WHO_GARBAGE,
  WHO_EXPIRED,
  WHO_REVOKED,
  WHO_VOLUNTEER,
  WHO_COORDINATOR,
  WHO_ADMIN,
  WHO_OTHER,
  N_WHO
} Who;

static const char *who_names[] = {
  "none", "garbage", "expired", "revoked", "volunteer", "coordinator", "admin", "other",
};

typedef enum
{
  EP_ME,
  EP_PULL,
  EP_PUSH,
  EP_POSTS,
  EP_MEMBERS,
  EP_HOSTS,
  EP_GUESTS,
  EP_MATCHES,
  EP_REVOKE_SELF,
  EP_LOGOUT,
  N_EP
} Endpoint;

static const char *
token_for (VsWorld *w, Who who)
{
  static char *expired, *revoked;

  switch (who)
    {
    case WHO_NONE: return NULL;
    case WHO_GARBAGE: return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    case WHO_EXPIRED:
      {
        g_autofree char *sql = NULL;
        g_autofree char *hash = NULL;

        g_free (expired);
        expired = vs_server_login (w->server, "vol");
        /* That very token (the server keeps its SHA-256), on either backend. */
        hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expired, -1);
        sql = g_strdup_printf ("UPDATE tokens SET expires_at = 1 WHERE hash = '%s'", hash);
        vs_db_exec (w->server, sql);
        return expired;
      }
    case WHO_REVOKED:
      {
        g_autoptr(JsonNode) r = NULL;
        guint status;

        g_free (revoked);
        revoked = vs_server_login (w->server, "coord");
        r = vs_post (w->server, "/api/v1/logout", revoked, "{}", &status);
        g_assert_cmpuint (status, ==, 200);
        return revoked;
      }
    case WHO_VOLUNTEER: return w->vol;
    case WHO_COORDINATOR: return w->coord;
    case WHO_ADMIN: return w->admin;
    case WHO_OTHER: return w->other;
    case N_WHO:
    default: g_assert_not_reached ();
    }
}

static void
assert_no_personal (JsonNode *node, Who who)
{
  g_autofree char *text = vs_to_string (node);

  /* The coordinator's member carries these; nobody else may see them. */
  if (who != WHO_COORDINATOR && who != WHO_ADMIN)
    {
      g_assert_null (strstr (text, "Martin"));
      g_assert_null (strstr (text, "rue de Cotte"));
      g_assert_null (strstr (text, "0143000000"));
    }
  if (who == WHO_OTHER)
    g_assert_null (strstr (text, "Jeanne"));
}

static void
test_matrix (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *member = vs_uuid ();
  g_autofree char *client = vs_uuid ();

  /* Some data in A */
  {
    g_autofree char *args = g_strdup_printf (
        "{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
        "\"first_name\":\"Jeanne\","
        "\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\",\"phone\":\"0143000000\","
        "\"lat\":48.848,\"lon\":2.378}",
        member, w->a);
    g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, client, 1, "member.create", args, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  }

  for (Who who = 0; who < N_WHO; who++)
    for (Endpoint ep = 0; ep < N_EP; ep++)
      {
        g_autoptr(JsonNode) answer = NULL;
        g_autofree char *path = NULL;
        g_autofree char *body = NULL;
        g_autofree char *own_token = NULL;
        const char *token = token_for (w, who);
        gboolean authenticated = who >= WHO_VOLUNTEER;
        guint expected = authenticated ? 200 : 401;
        guint status = 0;
        const char *user_id = NULL;

        switch (ep)
          {
          case EP_ME:
            answer = vs_get (w->server, "/api/v1/me", token, &status);
            break;
          case EP_PULL:
            body = g_strdup_printf ("{\"client_id\":\"%s\",\"cursors\":{\"%s\":null}}",
                                    client, w->a);
            answer = vs_post (w->server, "/api/v1/sync/pull", token, body, &status);
            if (who == WHO_OTHER)
              expected = 403;
            else if (who != WHO_COORDINATOR && authenticated)
              expected = 403;  /* the client id belongs to the coordinator */
            break;
          case EP_PUSH:
            {
              g_autofree char *pid = vs_uuid ();
              g_autofree char *args = vs_post_json (pid, w->a, "Matrix post");
              g_autofree char *c = vs_uuid ();

              answer = vs_push1 (w->server, token, c, 1, "post.create", args, &status);
              if (status == 200)
                g_assert_cmpstr (json_object_get_string_member (vs_result (answer, 0), "status"), ==,
                                 who == WHO_OTHER ? "rejected" : "applied");
            }
            break;
          case EP_POSTS:
          case EP_MEMBERS:
          case EP_HOSTS:
          case EP_GUESTS:
          case EP_MATCHES:
            {
              static const char *suffix[] = { "posts", "members", "holiday/hosts",
                                              "holiday/guests", "holiday/matches" };

              path = g_strdup_printf ("/api/v1/associations/%s/%s", w->a, suffix[ep - EP_POSTS]);
              answer = vs_get (w->server, path, token, &status);
              if (who == WHO_OTHER)
                expected = 403;
            }
            break;
          case EP_REVOKE_SELF:
            /* a fresh token of the same user, revoked by itself */
            if (who == WHO_VOLUNTEER || who == WHO_COORDINATOR || who == WHO_ADMIN ||
                who == WHO_OTHER)
              {
                static const char *names[] = { "vol", "coord", "adm", "other" };

                own_token = vs_server_login (w->server, names[who - WHO_VOLUNTEER]);
                token = own_token;
              }
            user_id = who == WHO_COORDINATOR ? w->coord_id : who == WHO_ADMIN ? w->admin_id :
                      who == WHO_OTHER ? w->other_id : w->vol_id;
            path = g_strdup_printf ("/api/v1/users/%s/revoke-all", user_id);
            answer = vs_post (w->server, path, token, "{}", &status);
            break;
          case EP_LOGOUT:
            if (authenticated)
              {
                static const char *names[] = { "vol", "coord", "adm", "other" };

                own_token = vs_server_login (w->server, names[who - WHO_VOLUNTEER]);
                token = own_token;
              }
            answer = vs_post (w->server, "/api/v1/logout", token, "{}", &status);
            break;
          case N_EP:
          default:
            g_assert_not_reached ();
          }

        if (status != expected)
          g_error ("endpoint %d as %s: %u, expected %u", ep, who_names[who], status, expected);
        if (expected != 200)
          g_assert_nonnull (vs_error_code (answer));
        if (answer)
          assert_no_personal (answer, who);

        /* The tokens of vol/coord/admin/other were revoked by EP_REVOKE_SELF: log in again. */
        if (ep == EP_REVOKE_SELF && authenticated)
          {
            char **slot = who == WHO_VOLUNTEER ? &w->vol : who == WHO_COORDINATOR ? &w->coord :
                          who == WHO_ADMIN ? &w->admin : &w->other;
            static const char *names[] = { "vol", "coord", "adm", "other" };
            g_autoptr(JsonNode) check = vs_get (w->server, "/api/v1/me", *slot, &status);

            g_assert_cmpuint (status, ==, 401);
            g_free (*slot);
            *slot = vs_server_login (w->server, names[who - WHO_VOLUNTEER]);
          }
      }
}

static void
test_revoke_others (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *path_vol = g_strdup_printf ("/api/v1/users/%s/revoke-all", w->vol_id);
  g_autofree char *path_coord = g_strdup_printf ("/api/v1/users/%s/revoke-all", w->coord_id);
  g_autoptr(JsonNode) r = NULL;
  guint status;

  /* a volunteer may not end a coordinator's sessions, nor may another association's admin */
  r = vs_post (w->server, path_coord, w->vol, "{}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&r, json_node_unref);
  r = vs_post (w->server, path_vol, w->other, "{}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&r, json_node_unref);

  /* the association's admin may */
  r = vs_post (w->server, path_vol, w->admin, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&r, json_node_unref);
  r = vs_get (w->server, "/api/v1/me", w->vol, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&r, json_node_unref);
  r = vs_get (w->server, "/api/v1/me", w->coord, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_login (void)
{
  g_autoptr(VsServer) server = vs_server_new ("login-failures-per-account=3\n"
                                              "login-attempts-per-address=20\n");
  g_autofree char *a = vs_server_add_association (server, "A");
  g_autofree char *u = vs_server_add_user (server, a, "vol", "volunteer");
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *retry = NULL;
  guint status;

  vs_server_start (server);

  /* the stored hash is argon2id, never the password */
  {
    g_autoptr(JsonNode) ok = NULL;

    g_assert_cmpint (vs_db_count (server, "SELECT count(*) FROM users WHERE password_hash LIKE"
                                          " '$argon2id$%'"), ==, 1);
    g_free (vs_server_login (server, "vol"));
    g_assert_cmpint (vs_db_count (server, "SELECT length (hash) FROM tokens"), ==, 64);
  }

  r = vs_post (server, "/api/v1/login", NULL,
               "{\"username\":\"nobody\",\"password\":\"whatever1\",\"device\":\"d\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&r, json_node_unref);

  for (int i = 0; i < 3; i++)
    {
      r = vs_post (server, "/api/v1/login", NULL,
                   "{\"username\":\"vol\",\"password\":\"wrong-password\",\"device\":\"d\"}", &status);
      g_assert_cmpuint (status, ==, 401);
      g_assert_cmpstr (vs_error_code (r), ==, "unauthorized");
      g_clear_pointer (&r, json_node_unref);
    }
  /* locked for a while, even with the right password */
  r = vs_request (server, "POST", "/api/v1/login", NULL,
                  "{\"username\":\"vol\",\"password\":\"" VS_PASSWORD "\",\"device\":\"d\"}", 0,
                  &status, &retry);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (vs_error_code (r), ==, "rate_limited");
  g_assert_nonnull (retry);
  g_assert_cmpint (atoi (retry), >, 0);
  g_clear_pointer (&r, json_node_unref);

  /* per address too: 20 attempts in the window */
  for (int i = 0; i < 20 && status != 429; i++)
    {
      r = vs_post (server, "/api/v1/login", NULL,
                   "{\"username\":\"someone\",\"password\":\"wrong-password\",\"device\":\"d\"}",
                   &status);
      g_clear_pointer (&r, json_node_unref);
    }
  g_assert_cmpuint (status, ==, 429);
}

static void
test_health_and_routes (void)
{
  g_autoptr(VsServer) server = vs_server_new (NULL);
  g_autoptr(JsonNode) r = NULL;
  guint status;

  vs_server_start (server);
  r = vs_get (server, "/api/v1/health", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "ok");
  g_clear_pointer (&r, json_node_unref);

  r = vs_get (server, "/api/v1/nothing-here", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (vs_error_code (r), ==, "not_found");
  g_clear_pointer (&r, json_node_unref);

  r = vs_get (server, "/api/v1/sync/push", NULL, &status);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&r, json_node_unref);

  r = vs_get (server, "/api/v1/associations/not-a-uuid/posts", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

/* `reset-password`, the administrator's command: the new password works, the old one no
 * longer does, every session of that user ends (and only hers), on either backend. */
static void
test_reset_password (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *wrong = g_strdup_printf ("{\"username\":\"vol\",\"password\":\"%s\","
                                            "\"device\":\"test\"}",
                                            VS_PASSWORD);
  g_autofree char *right = g_strdup ("{\"username\":\"vol\",\"password\":"
                                     "\"un-nouveau-mot-de-passe\",\"device\":\"test\"}");
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = vs_get (w->server, "/api/v1/me", w->vol, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);

  out = vs_server_cli (w->server, "un-nouveau-mot-de-passe\n", "reset-password", "--username",
                       "vol", "--password-stdin", NULL);

  /* her session ended; another user's did not */
  answer = vs_get (w->server, "/api/v1/me", w->vol, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_get (w->server, "/api/v1/me", w->coord, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);

  /* the old password is refused, the new one opens a session */
  answer = vs_post (w->server, "/api/v1/login", NULL, wrong, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&answer, json_node_unref);
  answer = vs_post (w->server, "/api/v1/login", NULL, right, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (answer), "token"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/auth/matrix", test_matrix);
  g_test_add_func ("/server/auth/revoke-others", test_revoke_others);
  g_test_add_func ("/server/auth/login", test_login);
  g_test_add_func ("/server/auth/reset-password", test_reset_password);
  g_test_add_func ("/server/auth/health-and-routes", test_health_and_routes);

  return g_test_run ();
}
