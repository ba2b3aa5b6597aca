/* bench-load.c: many laptops syncing at once against voisins-server (issue 16, item 4)
 *
 *   bench-load URL USER PASSWORD ASSOC CLIENTS SECONDS [INTERVAL_MS]
 *
 * Simulates CLIENTS laptops, each with its own client id, on one thread: every INTERVAL_MS
 * (default 3000, with ±20 % jitter so they do not beat in step) a laptop pushes one change
 * (a new post, or an update of the last one it made) and then pulls from its own cursor, as
 * the app's sync does. Runs for SECONDS, then prints one line:
 *
 *   load clients=N seconds=S requests=R errors=E p50_ms=… p99_ms=… max_ms=… rps=…
 *
 * An error is any failed request: a network error, a status other than 200, an answer that
 * is not JSON, or a pushed change the server did not apply. The exit status is 1 when there
 * was one. Loopback only; the count and the time are bounded by the arguments. The tokens
 * are shared by ten laptops each (a login hashes a password: 500 of them would measure
 * argon2id, not the sync).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

#include "voisins-uuid.h"
#include "bench-rows.h"

#define CLIENTS_PER_TOKEN 10

typedef struct _Load Load;

typedef struct
{
  Load   *load;
  char   *client_id;
  char   *token;
  char   *cursor;     /* NULL: from the start */
  char   *last_post;  /* the id of the post this laptop made last */
  gint64  last_version;
  guint   seq;
  guint   n;
  gint64  started;    /* of the request in flight (monotonic µs) */
} Client;

struct _Load
{
  SoupSession *session;
  GMainLoop   *loop;
  char        *push_uri;
  char        *pull_uri;
  const char  *association;
  guint        interval_ms;
  gint64       deadline;
  guint        in_flight;
  guint        errors;
  guint        requests;
  GArray      *latencies;  /* double, ms */
  GRand       *rand;
};

static void client_push (Client *c);

static void
load_error (Load       *load,
            const char *what)
{
  /* The first few only: a broken run should not print 10,000 lines. */
  if (load->errors++ < 5)
    fprintf (stderr, "bench-load: %s\n", what);
}

static SoupMessage *
new_post (Load       *load,
          const char *uri,
          const char *token,
          const char *body)
{
  SoupMessage *msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  return msg;
}

/* The answer's JSON, or NULL after counting an error. Records the latency. */
static JsonNode *
finish (Client       *c,
        GAsyncResult *result,
        const char   *what)
{
  Load *load = c->load;
  SoupMessage *msg = soup_session_get_async_result_message (load->session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (load->session, result, &error);
  double ms = (g_get_monotonic_time () - c->started) / 1000.0;
  JsonNode *node;

  load->in_flight--;
  load->requests++;
  g_array_append_val (load->latencies, ms);
  if (bytes == NULL)
    {
      g_autofree char *m = g_strdup_printf ("%s: %s", what, error->message);
      load_error (load, m);
      return NULL;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_autofree char *m = g_strdup_printf ("%s: HTTP %u", what, soup_message_get_status (msg));
      load_error (load, m);
      return NULL;
    }
  {
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autofree char *text = g_strndup (data, len);

    node = json_from_string (text, NULL);
  }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *m = g_strdup_printf ("%s: the answer is not a JSON object", what);
      g_clear_pointer (&node, json_node_unref);
      load_error (load, m);
    }
  return node;
}

static void
client_done (Client *c)
{
  Load *load = c->load;

  if (g_get_monotonic_time () >= load->deadline)
    {
      if (load->in_flight == 0)
        g_main_loop_quit (load->loop);
      return;
    }
  {
    double jitter = g_rand_double_range (load->rand, 0.8, 1.2);
    guint delay = (guint) (load->interval_ms * jitter);

    g_timeout_add_once (delay, (GSourceOnceFunc) client_push, c);
  }
}

static void
pulled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(JsonNode) node = finish (c, result, "pull");

  if (node != NULL)
    {
      JsonObject *assocs = json_object_get_object_member (json_node_get_object (node),
                                                          "associations");
      JsonObject *mine = assocs ? json_object_get_object_member (assocs, c->load->association)
                                : NULL;

      if (mine != NULL && json_object_has_member (mine, "cursor"))
        {
          g_free (c->cursor);
          c->cursor = g_strdup (json_object_get_string_member (mine, "cursor"));
        }
      else
        load_error (c->load, "pull: no cursor for the association");
    }
  client_done (c);
}

static void
client_pull (Client *c)
{
  Load *load = c->load;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cursor = c->cursor ? g_strdup_printf ("\"%s\"", c->cursor) : g_strdup ("null");

  body = g_strdup_printf ("{\"client_id\":\"%s\",\"cursors\":{\"%s\":%s},\"limit\":200}",
                          c->client_id, load->association, cursor);
  msg = new_post (load, load->pull_uri, c->token, body);
  c->started = g_get_monotonic_time ();
  load->in_flight++;
  soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, pulled_cb, c);
}

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(JsonNode) node = finish (c, result, "push");

  if (node != NULL)
    {
      JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
      JsonObject *r = results && json_array_get_length (results) == 1
                        ? json_array_get_object_element (results, 0)
                        : NULL;
      const char *status = r ? json_object_get_string_member_with_default (r, "status", "") : "";

      if (g_str_equal (status, "applied") || g_str_equal (status, "ok"))
        c->last_version = r ? json_object_get_int_member_with_default (r, "version",
                                                                       c->last_version + 1)
                            : c->last_version + 1;
      else
        {
          g_autofree char *m = g_strdup_printf ("push: the change was %s",
                                                *status ? status : "not answered");
          load_error (c->load, m);
          /* Start again from a new post: the old one's version is unknown. */
          g_clear_pointer (&c->last_post, g_free);
        }
    }
  client_pull (c);
}

static void
client_push (Client *c)
{
  Load *load = c->load;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *mutation = NULL;
  g_autofree char *body = NULL;

  c->seq++;
  /* Two changes out of three edit the laptop's last post, one makes a new one. */
  if (c->last_post == NULL || c->n++ % 3 == 0)
    {
      g_autofree char *args = NULL;

      g_free (c->last_post);
      c->last_post = voisins_uuid_new ();
      c->last_version = 0;
      args = bench_post_json (c->last_post, load->association, c->seq);
      mutation = g_strdup_printf ("{\"seq\":%u,\"name\":\"post.create\",\"args\":%s}",
                                  c->seq, args);
    }
  else
    mutation = g_strdup_printf ("{\"seq\":%u,\"name\":\"post.update\",\"args\":{\"id\":\"%s\","
                                "\"base_version\":%" G_GINT64_FORMAT ",\"fields\":{\"title\":"
                                "\"Tondeuse à prêter (%u)\"}}}",
                                c->seq, c->last_post, c->last_version, c->seq);
  body = g_strdup_printf ("{\"client_id\":\"%s\",\"schema\":1,\"mutations\":[%s]}",
                          c->client_id, mutation);
  msg = new_post (load, load->push_uri, c->token, body);
  c->started = g_get_monotonic_time ();
  load->in_flight++;
  soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, pushed_cb, c);
}

static char *
login (SoupSession *session,
       const char  *url,
       const char  *user,
       const char  *password,
       guint        k)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/login", NULL);
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\","
                                           "\"device\":\"load-%u\"}", user, password, k);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      fprintf (stderr, "bench-load: login failed (%s)\n",
               error ? error->message : soup_message_get_reason_phrase (msg));
      return NULL;
    }
  {
    const char *data = g_bytes_get_data (answer, &len);
    g_autofree char *text = g_strndup (data, len);

    node = json_from_string (text, NULL);
  }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                               "token", ""));
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p * sorted->len + 0.999999);
  i = CLAMP (i, 1, sorted->len);
  return g_array_index (sorted, double, i - 1);
}

int
main (int   argc,
      char *argv[])
{
  Load load = { 0 };
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree Client *clients = NULL;
  guint n_clients, seconds;
  gint64 t0;

  if (argc < 7 || argc > 8)
    {
      fprintf (stderr, "usage: bench-load URL USER PASSWORD ASSOC CLIENTS SECONDS [INTERVAL_MS]\n");
      return 2;
    }
  n_clients = (guint) atoi (argv[5]);
  seconds = (guint) atoi (argv[6]);
  load.interval_ms = argc == 8 ? (guint) atoi (argv[7]) : 3000;
  if (n_clients == 0 || n_clients > 5000 || seconds == 0 || seconds > 3600 ||
      load.interval_ms < 10)
    {
      fprintf (stderr, "bench-load: CLIENTS 1..5000, SECONDS 1..3600, INTERVAL_MS >= 10\n");
      return 2;
    }

  load.session = soup_session_new_with_options ("timeout", 60,
                                                "max-conns", n_clients + 16,
                                                "max-conns-per-host", n_clients + 16,
                                                NULL);
  load.loop = g_main_loop_new (NULL, FALSE);
  load.push_uri = g_strconcat (argv[1], "/api/v1/sync/push", NULL);
  load.pull_uri = g_strconcat (argv[1], "/api/v1/sync/pull", NULL);
  load.association = argv[4];
  load.latencies = g_array_sized_new (FALSE, FALSE, sizeof (double), n_clients * seconds);
  load.rand = g_rand_new_with_seed (42);

  for (guint k = 0; k < (n_clients + CLIENTS_PER_TOKEN - 1) / CLIENTS_PER_TOKEN; k++)
    {
      char *token = login (load.session, argv[1], argv[2], argv[3], k);

      if (token == NULL || *token == '\0')
        return 1;
      g_ptr_array_add (tokens, token);
    }

  clients = g_new0 (Client, n_clients);
  t0 = g_get_monotonic_time ();
  load.deadline = t0 + (gint64) seconds * G_USEC_PER_SEC;
  for (guint i = 0; i < n_clients; i++)
    {
      Client *c = &clients[i];

      c->load = &load;
      c->client_id = voisins_uuid_new ();
      c->token = g_ptr_array_index (tokens, i / CLIENTS_PER_TOKEN);
      /* Spread the first syncs over one interval, as laptops opened at different times. */
      g_timeout_add_once (g_rand_int_range (load.rand, 0, (gint32) load.interval_ms),
                          (GSourceOnceFunc) client_push, c);
    }
  g_main_loop_run (load.loop);

  {
    double elapsed = (g_get_monotonic_time () - t0) / 1e6;

    g_array_sort (load.latencies, compare_double);
    printf ("load clients=%u seconds=%.1f requests=%u errors=%u p50_ms=%.2f p99_ms=%.2f "
            "max_ms=%.2f rps=%.1f\n",
            n_clients, elapsed, load.requests, load.errors,
            percentile (load.latencies, 0.50), percentile (load.latencies, 0.99),
            percentile (load.latencies, 1.0), load.requests / elapsed);
  }

  for (guint i = 0; i < n_clients; i++)
    {
      g_free (clients[i].client_id);
      g_free (clients[i].cursor);
      g_free (clients[i].last_post);
    }
  g_array_unref (load.latencies);
  g_rand_free (load.rand);
  g_free (load.push_uri);
  g_free (load.pull_uri);
  g_main_loop_unref (load.loop);
  g_object_unref (load.session);
  return load.errors > 0 || load.requests == 0 ? 1 : 0;
}
