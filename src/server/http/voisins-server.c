/* voisins-server.c: routes, authentication, and workers off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each request is checked for size on the main loop, then paused and handed to a GTask
 * thread (JSON parsing, password hashing and SQLite all happen there); the answer is set
 * and the message unpaused back on the main context.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "voisins-codec.h"
#include "voisins-uuid.h"

#include "voisins-server.h"
#include "voisins-server-addresses.h"
#include "voisins-server-tiles.h"
#include "voisins-server-auth.h"
#include "voisins-server-feeds.h"
#include "voisins-server-listener.h"
#include "voisins-server-members.h"
#include "voisins-server-members-io.h"
#include "voisins-server-rules.h"
#include "voisins-json.h"

#define MAX_MUTATIONS 100
/* A declared body up to this many times max-body is read (and dropped) before its 413 */
#define DRAIN_FACTOR  8

struct _VoisinsServer
{
  GObject parent_instance;

  const VoisinsServerConfig *config;
  VoisinsServerStorage      *storage;
  SoupServer                *soup;
  VoisinsServerListener     *listener;
  VoisinsServerRateLimit    *rate_limit;
  guint                      in_flight;
  gboolean                   shutting_down;
  GCallback                  shutdown_cb;
  gpointer                   shutdown_data;
  guint                      shutdown_timeout;
  guint                      test_login_delay_ms;
};

G_DEFINE_FINAL_TYPE (VoisinsServer, voisins_server, G_TYPE_OBJECT)

typedef enum
{
  ROUTE_HEALTH,
  ROUTE_LOGIN,
  ROUTE_LOGOUT,
  ROUTE_ME,
  ROUTE_REVOKE_ALL,
  ROUTE_PUSH,
  ROUTE_PULL,
  ROUTE_LIST,
  ROUTE_MEMBERS, /* voisins-server-members.c, with a login */
  ROUTE_VERIFY,  /* the neighbour's own letter code, no login */
  ROUTE_MEMBERS_IO, /* voisins-server-members-io.c: the spreadsheet */
  ROUTE_ADDRESSES,
  ROUTE_DETAILS,
  ROUTE_FEEDS,       /* voisins-server-feeds.c, with a login */
  ROUTE_FEED_SECRET, /* a secret calendar feed: the secret in the path, no header */
  ROUTE_TILES,       /* voisins-server-tiles.c: the basemap, a tile or whole */
} Route;

static const char *route_names[] = {
  "health", "login", "logout", "me", "revoke-all", "push", "pull", "list", "members", "verify",
  "members-io", "addresses", "details", "feeds", "feed-secret", "tiles",
};

typedef struct
{
  VoisinsServer         *self;
  SoupServerMessage     *msg;
  Route                  route;
  VoisinsServerListKind  list_kind;
  gint64                   list_after; /* ?after= of a list route */
  guint                    list_limit; /* ?limit= */
  VoisinsServerMembersOp members_op;
  char                  *path_id;
  char                  *member_id;
  VoisinsServerMembersIo members_io;
  VoisinsServerFeedOp    feed_op;
  VoisinsServerTileRequest tile;
  gboolean               dry_run;
  char                  *token;
  char                  *address;
  GBytes                *body;
  char                  *if_none_match;
  gint64                 started;

  /* the answer */
  guint                  status;
  JsonNode              *response;
  char                  *response_text;   /* already serialised */
  GPtrArray             *response_pieces; /* GBytes, serialised JSON (pull) */
  const char            *content_type;    /* of response_text; NULL: JSON */
  GBytes                *response_bytes;  /* binary (tiles), of content_type */
  const char            *cache_control;   /* NULL: no-store */
  char                  *etag;
  guint                  retry_after;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->msg);
  g_free (job->path_id);
  g_free (job->member_id);
  if (job->token)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job->address);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->if_none_match);
  g_free (job->etag);
  g_clear_pointer (&job->response, json_node_unref);
  g_free (job->response_text);
  g_clear_pointer (&job->response_pieces, g_ptr_array_unref);
  g_clear_pointer (&job->response_bytes, g_bytes_unref);
  g_free (job);
}

static JsonNode *
error_node (const char *code,
            const char *message)
{
  JsonObject *root = json_object_new ();
  JsonObject *err = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (err, "code", code);
  json_object_set_string_member (err, "message", message);
  json_object_set_object_member (root, "error", err);
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return node;
}

static void
job_fail (Job    *job,
          GError *error)
{
  const char *code = "internal";
  const char *message = error->message;

  if (error->domain == VOISINS_CODEC_ERROR)
    {
      job->status = error->code == VOISINS_CODEC_ERROR_INVALID ? 422 : 400;
      code = error->code == VOISINS_CODEC_ERROR_INVALID ? "invalid" : "bad_request";
    }
  else
    job->status = voisins_server_error_to_http (error, &code);

  if (job->status == 500)
    message = "Internal error";
  if (job->status == 503 && job->retry_after == 0)
    job->retry_after = 1;

  g_clear_pointer (&job->response, json_node_unref);
  job->response = error_node (code, message);
}

static JsonObject *
parse_body (Job     *job,
            GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  const char *data = job->body ? g_bytes_get_data (job->body, &len) : NULL;

  if (data == NULL || len == 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                           "The request needs a JSON body");
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                           "The body is not UTF-8");
      return NULL;
    }
  root = voisins_json_parse (data, len, NULL);
  if (root == NULL)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                           "The body is not valid JSON");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                           "The body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
only_keys (JsonObject         *object,
           const char * const *allowed,
           GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                     "Unknown field “%.40s”", (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static JsonNode *
ok_node (void)
{
  JsonObject *root = json_object_new ();
  JsonNode *node;

  json_object_set_boolean_member (root, "ok", TRUE);
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return node;
}

/* {{{ handlers (worker thread) */

static gboolean
do_login (Job     *job,
          GError **error)
{
  static const char * const keys[] = { "username", "password", "device", NULL };
  VoisinsServer *self = job->self;
  g_autoptr(JsonObject) req = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *username = NULL, *password = NULL, *device = NULL;
  JsonObject *root;
  gint64 expires;
  gboolean ok;
  guint wait;

  if (!(req = parse_body (job, error)) || !only_keys (req, keys, error) ||
      !voisins_json_get_string (req, "username", TRUE, &username, error) ||
      !voisins_json_get_string (req, "password", TRUE, &password, error) ||
      !voisins_json_get_string (req, "device", TRUE, &device, error))
    return FALSE;
  if (strlen (username) > 64 || strlen (password) > 1024 || strlen (device) > 100 ||
      !g_utf8_validate (device, -1, NULL))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "A field is too long");
      return FALSE;
    }

  wait = voisins_server_rate_limit_check (self->rate_limit, username, job->address);
  if (wait > 0)
    {
      job->retry_after = wait;
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_RATE_LIMITED,
                           "Too many login attempts, try again later");
      return FALSE;
    }
  /* Tests only: stands for the cost of a real (interactive) hash, so that parallel logins
   * overlap as they do in production. */
  if (self->test_login_delay_ms)
    g_usleep (self->test_login_delay_ms * 1000);

  if (!voisins_server_storage_get_credentials (self->storage, username, &user_id, &hash,
                                               &local_error))
    {
      if (!g_error_matches (local_error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      voisins_server_verify_dummy (password, self->config->fast_password_hash);
      ok = FALSE;
    }
  else
    ok = voisins_server_verify_password (hash, password);

  voisins_server_rate_limit_record (self->rate_limit, username, ok);
  if (!ok)
    {
      g_message ("login failed");
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "Wrong username or password");
      return FALSE;
    }

  token = voisins_server_new_token ();
  token_hash = voisins_server_hash_token (token);
  expires = g_get_real_time () / G_USEC_PER_SEC + self->config->token_lifetime;
  if (!voisins_server_storage_add_token (self->storage, user_id, token_hash, device, expires,
                                         error))
    return FALSE;

  root = json_object_new ();
  json_object_set_string_member (root, "token", token);
  json_object_set_string_member (root, "user_id", user_id);
  json_object_set_int_member (root, "expires_at", expires);
  job->response = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return TRUE;
}

static gboolean
validate_push (JsonObject  *req,
               GError     **error)
{
  static const char * const keys[] = { "client_id", "schema", "mutations", "known_seq", NULL };
  static const char * const mkeys[] = { "seq", "name", "args", NULL };
  const char *client_id = NULL;
  gint64 schema = 0, known_seq = 0;
  JsonNode *mutations;
  JsonArray *arr;
  gint64 prev = 0;

  if (!only_keys (req, keys, error) ||
      !voisins_json_get_string (req, "client_id", TRUE, &client_id, error) ||
      !voisins_json_get_int (req, "schema", TRUE, &schema, error) ||
      !voisins_json_get_int (req, "known_seq", FALSE, &known_seq, error))
    return FALSE;
  if (known_seq < 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“known_seq” cannot be negative");
      return FALSE;
    }
  if (!voisins_uuid_is_valid (client_id))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“client_id” must be a UUID");
      return FALSE;
    }
  if (schema < 1 || schema > 1000)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "Unsupported “schema”");
      return FALSE;
    }
  mutations = json_object_get_member (req, "mutations");
  if (mutations == NULL || !JSON_NODE_HOLDS_ARRAY (mutations))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                           "“mutations” must be an array");
      return FALSE;
    }
  arr = json_node_get_array (mutations);
  if (json_array_get_length (arr) > MAX_MUTATIONS)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_TOO_LARGE,
                   "At most %d mutations per push", MAX_MUTATIONS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *m = json_array_get_element (arr, i);
      JsonObject *mo;
      const char *name = NULL;
      gint64 seq = 0;
      JsonNode *args;

      if (!JSON_NODE_HOLDS_OBJECT (m))
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                               "A mutation must be an object");
          return FALSE;
        }
      mo = json_node_get_object (m);
      if (!only_keys (mo, mkeys, error) ||
          !voisins_json_get_int (mo, "seq", TRUE, &seq, error) ||
          !voisins_json_get_string (mo, "name", TRUE, &name, error))
        return FALSE;
      args = json_object_get_member (mo, "args");
      if (args == NULL || !JSON_NODE_HOLDS_OBJECT (args))
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                               "“args” must be an object");
          return FALSE;
        }
      if (seq < 1 || seq <= prev || strlen (name) > 64)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                               "Mutation seqs must be positive and increasing");
          return FALSE;
        }
      prev = seq;
    }
  return TRUE;
}

static gboolean
do_authenticated (Job     *job,
                  GError **error)
{
  VoisinsServer *self = job->self;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  g_autofree char *token_hash = NULL;

  if (!voisins_server_token_is_wellformed (job->token))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "A bearer token is needed");
      return FALSE;
    }
  token_hash = voisins_server_hash_token (job->token);
  if (!(auth = voisins_server_storage_authenticate (self->storage, token_hash,
                                                    g_get_real_time () / G_USEC_PER_SEC,
                                                    error)))
    return FALSE;

  switch (job->route)
    {
    case ROUTE_LOGOUT:
      if (!voisins_server_storage_revoke_token (self->storage, token_hash, error))
        return FALSE;
      job->response = ok_node ();
      return TRUE;

    case ROUTE_REVOKE_ALL:
      if (!voisins_server_storage_revoke_all (self->storage, auth, job->path_id, error))
        return FALSE;
      job->response = ok_node ();
      return TRUE;

    case ROUTE_ME:
      {
        JsonObject *root = json_object_new ();
        JsonArray *assocs = json_array_new ();
        GHashTableIter iter;
        gpointer key, value;

        json_object_set_string_member (root, "user_id", auth->user_id);
        json_object_set_string_member (root, "username", auth->username);
        g_hash_table_iter_init (&iter, auth->roles);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            g_autoptr(JsonNode) described = NULL;
            JsonObject *a;

            /* Name and quartier boundary, so that a new device can draw the map. */
            described = voisins_server_storage_describe_association (self->storage, key, NULL);
            a = described ? json_object_ref (json_node_get_object (described)) : json_object_new ();
            json_object_set_string_member (a, "id", key);
            json_object_set_string_member (a, "role",
                                           voisins_role_to_string (GPOINTER_TO_INT (value) - 1));
            {
              int role = GPOINTER_TO_INT (value) - 1;
              g_auto(GStrv) writable = voisins_server_rules_member_writable (role);
              JsonArray *fields = json_array_new ();

              /* What the app's member editor lets this role change (the rules table's). */
              for (guint k = 0; writable[k]; k++)
                json_array_add_string_element (fields, writable[k]);
              json_object_set_array_member (a, "member_writable", fields);
              /* Whether the app offers the follow-up of every request (Requests to Follow
               * Up…): the rules table's "moves any help on". */
              json_object_set_boolean_member (
                  a, "follow_up",
                  voisins_server_rules_allows (role, VOISINS_SERVER_RECORD_HELP,
                                               VOISINS_SERVER_ACTION_SET_STATE,
                                               VOISINS_SERVER_RELATION_ANY, NULL));
            }
            json_array_add_object_element (assocs, a);
          }
        json_object_set_array_member (root, "associations", assocs);
        job->response = json_node_init_object (json_node_alloc (), root);
        json_object_unref (root);
        return TRUE;
      }

    case ROUTE_PUSH:
      {
        g_autoptr(JsonObject) req = NULL;
        g_autoptr(JsonNode) partial = NULL;

        if (!(req = parse_body (job, error)) || !validate_push (req, error))
          return FALSE;
        /* The push budget (push-mutations-per-minute) is counted by the storage, in the
         * push's own transaction: every process serving the database counts the same. */
        job->response = voisins_server_storage_push (self->storage, auth, req, &partial,
                                                     &job->retry_after, error);
        if (job->response == NULL)
          {
            if (partial)
              {
                /* A GAP: say so, with what was applied before it. */
                job->response = g_steal_pointer (&partial);
              }
            return FALSE;
          }
        return TRUE;
      }

    case ROUTE_PULL:
      {
        g_autoptr(JsonObject) req = NULL;

        if (!(req = parse_body (job, error)))
          return FALSE;
        job->response_pieces = voisins_server_storage_pull_pieces (self->storage, auth, req,
                                                                   error);
        return job->response_pieces != NULL;
      }

    case ROUTE_LIST:
      job->response =
          voisins_server_storage_list (self->storage, auth, job->path_id, job->list_kind,
                                       job->list_after, job->list_limit, error);
      return job->response != NULL;

    case ROUTE_MEMBERS:
      {
        g_autoptr(JsonObject) req = NULL;

        if (job->body && !(req = parse_body (job, error)))
          return FALSE;
        job->response = voisins_server_members_handle (
            self->storage, self->config, self->rate_limit, auth, job->members_op, job->path_id,
            job->member_id, req, job->address, &job->retry_after, error);
        return job->response != NULL;
      }
    case ROUTE_MEMBERS_IO:
      return voisins_server_members_io_handle (self->storage, auth, job->members_io,
                                               job->path_id, job->dry_run, job->body,
                                               &job->response, &job->response_text,
                                               &job->content_type, error);
    case ROUTE_FEEDS:
      return voisins_server_feeds_handle (self->storage, auth, job->feed_op, job->path_id,
                                          &job->response, &job->response_text,
                                          &job->content_type, error);
    case ROUTE_ADDRESSES:
      return voisins_server_addresses_get (self->storage, auth, job->path_id, job->if_none_match,
                                           &job->status, &job->response, &job->etag, error);

    case ROUTE_TILES:
      return voisins_server_tiles_handle (self->config->database, self->config->basemap_dir, auth,
                                          job->path_id, &job->tile, job->if_none_match,
                                          &job->status, &job->response_bytes, &job->content_type,
                                          &job->cache_control, &job->etag, error);

    case ROUTE_DETAILS:
      {
        g_autoptr(JsonObject) req = NULL;

        if (!(req = parse_body (job, error)))
          return FALSE;
        job->response = voisins_server_addresses_set_details (self->storage, auth, job->path_id,
                                                              req, error);
        return job->response != NULL;
      }

    case ROUTE_HEALTH:
    case ROUTE_LOGIN:
    case ROUTE_FEED_SECRET:
    default:
      g_assert_not_reached ();
    }
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  switch (job->route)
    {
    case ROUTE_HEALTH:
      ok = voisins_server_storage_check_health (job->self->storage, &error);
      if (ok)
        {
          JsonObject *root = json_object_new ();

          json_object_set_string_member (root, "status", "ok");
          json_object_set_string_member (root, "version", PACKAGE_VERSION);
          job->response = json_node_init_object (json_node_alloc (), root);
          json_object_unref (root);
        }
      break;

    case ROUTE_LOGIN:
      ok = do_login (job, &error);
      break;

    case ROUTE_VERIFY:
      {
        g_autoptr(JsonObject) req = parse_body (job, &error);

        job->response = req ? voisins_server_members_handle (
                                  job->self->storage, job->self->config, job->self->rate_limit,
                                  NULL, job->members_op, job->path_id, NULL, req, job->address,
                                  &job->retry_after, &error)
                            : NULL;
        ok = job->response != NULL;
        break;
      }

    case ROUTE_FEED_SECRET:
      ok = voisins_server_feeds_handle (job->self->storage, NULL, job->feed_op, job->path_id,
                                        &job->response, &job->response_text,
                                        &job->content_type, &error);
      break;

    default:
      ok = do_authenticated (job, &error);
      break;
    }

  if (ok && job->status == 0)
    job->status = 200;
  else if (!ok)
    {
      g_autoptr(JsonNode) partial = g_steal_pointer (&job->response);

      job_fail (job, error);
      if (partial && JSON_NODE_HOLDS_OBJECT (partial))
        {
          JsonObject *p = json_node_get_object (partial);

          json_object_set_object_member (p, "error",
                                         json_object_ref (voisins_json_read_object (
                                             json_node_get_object (job->response), "error")));
          g_clear_pointer (&job->response, json_node_unref);
          job->response = g_steal_pointer (&partial);
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* }}} */
/* {{{ main loop side */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              char              *body,
              const char        *content_type,
              guint              retry_after)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (retry_after > 0)
    {
      char buf[16];

      g_snprintf (buf, sizeof buf, "%u", retry_after);
      soup_message_headers_replace (headers, "Retry-After", buf);
    }
  soup_server_message_set_response (msg, content_type ? content_type : "application/json",
                                    SOUP_MEMORY_TAKE, body,
                                    strlen (body));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         JsonNode          *response,
         guint              retry_after)
{
  respond_text (msg, status, response ? voisins_json_to_string (response) : g_strdup ("{}"),
                NULL, retry_after);
}

static void
request_done (VoisinsServer *self)
{
  g_assert (self->in_flight > 0);
  self->in_flight--;
  if (self->shutting_down && self->in_flight == 0 && self->shutdown_cb)
    {
      GCallback cb = g_steal_pointer (&self->shutdown_cb);

      g_clear_handle_id (&self->shutdown_timeout, g_source_remove);
      ((void (*) (gpointer)) cb) (self->shutdown_data);
    }
}

static void
log_request (Job *job)
{
  /* Route and status only: never a token, a body, an address or a person. Structured, so
   * the journal can filter on VOISINS_ROUTE / VOISINS_STATUS. */
  char status[8];
  char ms[32];

  g_snprintf (status, sizeof status, "%u", job->status);
  g_snprintf (ms, sizeof ms, "%.1f", (g_get_monotonic_time () - job->started) / 1000.0);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "VOISINS_METHOD", soup_server_message_get_method (job->msg),
                    "VOISINS_ROUTE", route_names[job->route],
                    "VOISINS_STATUS", status,
                    "VOISINS_DURATION_MS", ms,
                    "MESSAGE", "%s %s %s %s ms", soup_server_message_get_method (job->msg),
                    route_names[job->route], status, ms);
}

static void
job_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  VoisinsServer *self = job->self;

  if (job->etag)
    soup_message_headers_replace (soup_server_message_get_response_headers (job->msg), "ETag",
                                  job->etag);
  if (job->status == 304)
    soup_server_message_set_status (job->msg, 304, NULL);
  else if (job->status == 200 && job->response_bytes)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->msg);

      soup_server_message_set_status (job->msg, 200, NULL);
      soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
      soup_message_headers_set_content_type (headers, job->content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (job->msg),
                                      job->response_bytes);
    }
  else if (job->status == 200 && job->response_pieces)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (job->msg);

      /* Sent as they are: a kept page is not copied per request. */
      respond_text (job->msg, job->status, g_strdup (""), NULL, job->retry_after);
      for (guint i = 0; i < job->response_pieces->len; i++)
        soup_message_body_append_bytes (body, g_ptr_array_index (job->response_pieces, i));
    }
  else if (job->status == 200 && job->response_text)
    respond_text (job->msg, job->status, g_steal_pointer (&job->response_text), job->content_type,
                  job->retry_after);
  else
    respond (job->msg, job->status, job->response, job->retry_after);
  /* after respond (), which says no-store */
  if (job->cache_control && (job->status == 200 || job->status == 304))
    soup_message_headers_replace (soup_server_message_get_response_headers (job->msg),
                                  "Cache-Control", job->cache_control);
  soup_server_message_unpause (job->msg);
  log_request (job);
  request_done (self);
}

static gboolean
parse_route (const char             *method,
             const char             *path,
             Route                  *route,
             VoisinsServerListKind  *kind,
             VoisinsServerMembersOp *members_op,
             char                  **path_id,
             char                  **member_id,
             VoisinsServerMembersIo *members_io,
             VoisinsServerFeedOp    *feed_op,
             VoisinsServerTileRequest *tile,
             gboolean               *bad_method)
{
  gboolean public = FALSE;

  g_auto(GStrv) parts = NULL;
  guint n;
  gboolean is_get = g_str_equal (method, "GET");
  gboolean is_post = g_str_equal (method, "POST");

  *bad_method = FALSE;
  if (!g_str_has_prefix (path, "/api/v1/"))
    return FALSE;
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 6);
  n = g_strv_length (parts);

#define MATCH(want_method, r) \
  G_STMT_START { if (!want_method) { *bad_method = TRUE; return FALSE; } *route = r; return TRUE; } G_STMT_END

  if (n == 1 && g_str_equal (parts[0], "health"))
    MATCH (is_get, ROUTE_HEALTH);
  if (n == 1 && g_str_equal (parts[0], "login"))
    MATCH (is_post, ROUTE_LOGIN);
  if (n == 1 && g_str_equal (parts[0], "logout"))
    MATCH (is_post, ROUTE_LOGOUT);
  if (n == 1 && g_str_equal (parts[0], "me"))
    MATCH (is_get, ROUTE_ME);
  if (n == 2 && g_str_equal (parts[0], "sync") && g_str_equal (parts[1], "push"))
    MATCH (is_post, ROUTE_PUSH);
  if (n == 2 && g_str_equal (parts[0], "sync") && g_str_equal (parts[1], "pull"))
    MATCH (is_post, ROUTE_PULL);
  if (n == 3 && g_str_equal (parts[0], "users") && g_str_equal (parts[2], "revoke-all") &&
      voisins_uuid_is_valid (parts[1]))
    {
      *path_id = g_strdup (parts[1]);
      MATCH (is_post, ROUTE_REVOKE_ALL);
    }
  if ((*feed_op = voisins_server_feeds_match (method, parts, path_id, bad_method)) || *bad_method)
    {
      *route = *feed_op == VOISINS_SERVER_FEED_SECRET ? ROUTE_FEED_SECRET : ROUTE_FEEDS;
      return !*bad_method;
    }
  if ((*members_io = voisins_server_members_io_match (method, parts, bad_method)) || *bad_method)
    {
      *path_id = g_strdup (parts[1]);
      *route = ROUTE_MEMBERS_IO;
      return !*bad_method;
    }
  if (voisins_server_tiles_match (method, parts, tile, path_id, bad_method) || *bad_method)
    {
      *route = ROUTE_TILES;
      return !*bad_method;
    }
  if (n >= 3 && g_str_equal (parts[0], "associations") && voisins_uuid_is_valid (parts[1]))
    {
      gboolean found = TRUE;

      /* The address base and the contact details (voisins-server-addresses.c). */
      if (n == 3 && (g_str_equal (parts[2], "addresses") || g_str_equal (parts[2], "details")))
        {
          *path_id = g_strdup (parts[1]);
          if (g_str_equal (parts[2], "addresses"))
            MATCH (is_get, ROUTE_ADDRESSES);
          MATCH (is_post, ROUTE_DETAILS);
        }
      if (n == 3 && g_str_equal (parts[2], "posts"))
        *kind = VOISINS_SERVER_LIST_POSTS;
      else if (n == 3 && g_str_equal (parts[2], "members"))
        *kind = VOISINS_SERVER_LIST_MEMBERS;
      else if (n == 4 && g_str_equal (parts[2], "holiday") && g_str_equal (parts[3], "hosts"))
        *kind = VOISINS_SERVER_LIST_HOSTS;
      else if (n == 4 && g_str_equal (parts[2], "holiday") && g_str_equal (parts[3], "guests"))
        *kind = VOISINS_SERVER_LIST_GUESTS;
      else if (n == 4 && g_str_equal (parts[2], "holiday") && g_str_equal (parts[3], "matches"))
        *kind = VOISINS_SERVER_LIST_MATCHES;
      else if (n == 4 && g_str_equal (parts[2], "holiday") && g_str_equal (parts[3], "reveals"))
        *kind = VOISINS_SERVER_LIST_REVEALS;
      else if (n == 3 && g_str_equal (parts[2], "helps"))
        *kind = VOISINS_SERVER_LIST_HELPS;
      else if (n == 4 && g_str_equal (parts[2], "helps") && g_str_equal (parts[3], "reveals"))
        *kind = VOISINS_SERVER_LIST_HELP_REVEALS;
      else
        found = FALSE;
      if (found)
        {
          *path_id = g_strdup (parts[1]);
          MATCH (is_get, ROUTE_LIST);
        }
    }
  if (voisins_server_members_parse_route (parts, n, method, members_op, path_id, member_id, &public,
                                          bad_method))
    {
      *route = public ? ROUTE_VERIFY : ROUTE_MEMBERS;
      return !*bad_method;
    }
#undef MATCH
  return FALSE;
}

/* Refused before the body. libsoup 3.2 reads a body whole even when an early handler has
 * set the status (only Expect: 100-continue skips it), and a client that is still sending
 * when the connection ends sees a broken pipe rather than the answer. So: the body is never
 * kept; a body a little over the limit (a real client's too-large push) is read and thrown
 * away, then answered; beyond that, or chunked, the answer goes out at once on the socket
 * and the connection ends (@cut). */
static void
refuse_early (VoisinsServer     *self,
              SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *message,
              gboolean           cut)
{
  g_autoptr(JsonNode) err = error_node (code, message);
  g_autofree char *text = voisins_json_to_string (err);

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_message ("%s (body) %u", soup_server_message_get_method (msg), status);
  if (cut && self->listener &&
      voisins_server_listener_cut (self->listener, soup_server_message_get_remote_address (msg),
                                   status, text))
    {
      /* so that whatever soup read before the cut never reaches a handler */
      soup_server_message_set_status (msg, status, NULL);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  respond (msg, status, err, 0);
}

/* Before the body is read: a declared body over the limit is refused without being kept
 * in memory (nginx limits it too in production). */
static void
handle_early (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  VoisinsServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* No client of this API sends a chunked body, and one would be read whole before its size
   * is known: refused before a byte of it is read. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    refuse_early (self, msg, 411, "length_required",
                  "A body needs a Content-Length (no chunked bodies)", TRUE);
  else if (length > (goffset) self->config->max_body)
    refuse_early (self, msg, 413, "too_large", "The body is larger than 1 MiB",
                  length > (goffset) self->config->max_body * DRAIN_FACTOR);
}

/* The peer's address; behind a configured proxy, the last hop of X-Forwarded-For (the
 * address the proxy itself saw: earlier hops are whatever the client wrote). From any
 * other peer the header is ignored, or anyone could pick the address they are counted as. */
static char *
client_address (VoisinsServer     *self,
                SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;
  const char *last;
  g_autofree char *hop = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  if (peer == NULL || self->config->trusted_proxies == NULL ||
      !g_strv_contains ((const char * const *) self->config->trusted_proxies, peer))
    return g_strdup (peer);
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (forwarded == NULL)
    return g_strdup (peer);
  last = strrchr (forwarded, ',');
  hop = g_strstrip (g_strdup (last ? last + 1 : forwarded));
  if (!(inet = g_inet_address_new_from_string (hop)))
    return g_strdup (peer);
  return g_inet_address_to_string (inet);
}

/* The page a list route asks for: `?after=` (a server_seq, 0 by default) and `?limit=`
 * (VOISINS_SERVER_LIST_LIMIT_DEFAULT rows by default); FALSE when one is not a number in
 * range. */
static gboolean
parse_page (GHashTable *query, gint64 *after, guint *limit)
{
  const char *a = query ? g_hash_table_lookup (query, "after") : NULL;
  const char *l = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64     v;

  *after = 0;
  *limit = VOISINS_SERVER_LIST_LIMIT_DEFAULT;
  if (a != NULL)
    {
      if (!g_ascii_string_to_unsigned (a, 10, 0, G_MAXINT64, &v, NULL))
        return FALSE;
      *after = (gint64) v;
    }
  if (l != NULL)
    {
      if (!g_ascii_string_to_unsigned (l, 10, 1, VOISINS_SERVER_LIST_LIMIT_MAX, &v, NULL))
        return FALSE;
      *limit = (guint) v;
    }

  return TRUE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  VoisinsServer *self = user_data;
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *req_body = soup_server_message_get_request_body (msg);
  g_autoptr(GTask) task = NULL;
  const char *authorization;
  gboolean bad_method = FALSE;
  Job *job;

  job = g_new0 (Job, 1);
  job->started = g_get_monotonic_time ();
  job->self = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->route = ROUTE_HEALTH;

  if (self->shutting_down)
    {
      g_autoptr(JsonNode) err = error_node ("busy", "The server is shutting down");

      respond (msg, 503, err, 5);
      job_free (job);
      return;
    }

  if (req_body->length > (goffset) self->config->max_body)
    {
      g_autoptr(JsonNode) err = error_node ("too_large", "The body is larger than 1 MiB");

      respond (msg, 413, err, 0);
      g_message ("%s (body) 413", soup_server_message_get_method (msg));
      job_free (job);
      return;
    }

  if (!parse_route (soup_server_message_get_method (msg), path, &job->route, &job->list_kind,
                    &job->members_op, &job->path_id, &job->member_id, &job->members_io,
                    &job->feed_op, &job->tile, &bad_method))
    {
      g_autoptr(JsonNode) err = bad_method
        ? error_node ("method_not_allowed", "Method not allowed here")
        : error_node ("not_found", "No such endpoint");

      respond (msg, bad_method ? 405 : 404, err, 0);
      job_free (job);
      return;
    }

  if (job->route == ROUTE_LIST && !parse_page (query, &job->list_after, &job->list_limit))
    {
      g_autoptr(JsonNode) err = error_node (
          "bad_request", "“after” must be a number ≥ 0 and “limit” one from 1 to " G_STRINGIFY (
                             VOISINS_SERVER_LIST_LIMIT_MAX));

      respond (msg, 400, err, 0);
      job_free (job);
      return;
    }

  authorization = soup_message_headers_get_one (req_headers, "Authorization");
  if (authorization && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    job->token = g_strstrip (g_strdup (authorization + 7));
  job->address = client_address (self, msg);
  job->dry_run = query && g_strcmp0 (g_hash_table_lookup (query, "dry_run"), "true") == 0;
  job->if_none_match = g_strdup (soup_message_headers_get_one (req_headers, "If-None-Match"));
  if (req_body->length > 0)
    job->body = soup_message_body_flatten (req_body);

  self->in_flight++;
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, job_done, NULL);
  g_task_set_source_tag (task, handle_request);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

/* }}} */

VoisinsServer *
voisins_server_new (const VoisinsServerConfig *config,
                    VoisinsServerStorage      *storage)
{
  VoisinsServer *self = g_object_new (VOISINS_TYPE_SERVER, NULL);

  self->config = config;
  self->storage = g_object_ref (storage);
  self->rate_limit = voisins_server_rate_limit_new (storage,
                                                    config->login_failures,
                                                    config->login_attempts,
                                                    config->login_window,
                                                    config->rate_limit_keys);
  if (g_getenv ("VOISINS_SERVER_TEST_LOGIN_DELAY_MS"))
    self->test_login_delay_ms = CLAMP (atoi (g_getenv ("VOISINS_SERVER_TEST_LOGIN_DELAY_MS")),
                                       0, 10000);
  return self;
}

static void
add_worker_header (SoupServer        *soup,
                   SoupServerMessage *msg,
                   gpointer           user_data)
{
  char pid[24];

  g_snprintf (pid, sizeof pid, "%d", (int) getpid ());
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Voisins-Worker", pid);
}

gboolean
voisins_server_start (VoisinsServer  *self,
                      char          **uri,
                      GError        **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (VOISINS_IS_SERVER (self), FALSE);

  if (self->config->tls_certificate && self->config->tls_key)
    {
      certificate = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                                      self->config->tls_key, error);
      if (certificate == NULL)
        return FALSE;
    }

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "voisins-server",
                             "tls-certificate", certificate,
                             NULL);
  soup_server_add_early_handler (self->soup, "/api/v1", handle_early, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1", handle_request, self, NULL);

  inet = g_inet_address_new_from_string (self->config->listen);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", self->config->listen);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, self->config->port);
  self->listener = voisins_server_listener_new (self->soup, certificate,
                                                self->config->max_connections,
                                                self->config->idle_timeout,
                                                self->config->request_timeout);
  voisins_server_listener_set_reuse_port (self->listener, self->config->reuse_port);
  /* Tests only: which process answered (workers) */
  if (g_getenv ("VOISINS_SERVER_TEST_WORKER_HEADER"))
    g_signal_connect (self->soup, "request-started", G_CALLBACK (add_worker_header), NULL);
  if (!voisins_server_listener_listen (self->listener, address, error))
    return FALSE;
  if (uri)
    *uri = voisins_server_listener_get_uri (self->listener);
  return TRUE;
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  VoisinsServer *self = user_data;
  GCallback cb = g_steal_pointer (&self->shutdown_cb);

  self->shutdown_timeout = 0;
  g_warning ("%u requests still running at shutdown", self->in_flight);
  if (cb)
    ((void (*) (gpointer)) cb) (self->shutdown_data);
  return G_SOURCE_REMOVE;
}

void
voisins_server_shutdown (VoisinsServer *self,
                         GCallback      callback,
                         gpointer       user_data)
{
  g_return_if_fail (VOISINS_IS_SERVER (self));

  self->shutting_down = TRUE;
  self->shutdown_cb = callback;
  self->shutdown_data = user_data;
  if (self->in_flight == 0)
    {
      self->shutdown_cb = NULL;
      ((void (*) (gpointer)) callback) (user_data);
      return;
    }
  self->shutdown_timeout = g_timeout_add_seconds (10, shutdown_timeout_cb, self);
}

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VoisinsServer *self = source_object;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC - self->config->tombstone_horizon;

  if (!voisins_server_storage_purge (self->storage, before, &error))
    g_warning ("Purge failed: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
voisins_server_purge (VoisinsServer *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

  g_task_set_source_tag (task, voisins_server_purge);
  g_task_run_in_thread (task, purge_thread);
}

static void
voisins_server_dispose (GObject *object)
{
  VoisinsServer *self = (VoisinsServer *) object;

  if (self->listener)
    voisins_server_listener_stop (self->listener);
  g_clear_object (&self->listener);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->storage);
  g_clear_handle_id (&self->shutdown_timeout, g_source_remove);
  g_clear_pointer (&self->rate_limit, voisins_server_rate_limit_free);

  G_OBJECT_CLASS (voisins_server_parent_class)->dispose (object);
}

static void
voisins_server_class_init (VoisinsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = voisins_server_dispose;
}

static void
voisins_server_init (VoisinsServer *self)
{
}
