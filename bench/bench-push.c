/* bench-push.c: benchmark #7 of issue 6, durable pushes to voisins-server
 *
 *   bench-push URL USER PASSWORD ASSOC N
 *       logs in, then pushes N post.create mutations in batches of 50, one request
 *       after the other as a client does; prints "push rows=N seconds=S"
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

static JsonNode *
post_json (SoupSession *session,
           const char  *uri,
           const char  *token,
           const char  *body,
           guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      fprintf (stderr, "bench-push: %s\n", error->message);
      exit (1);
    }
  *status = soup_message_get_status (msg);
  {
    gsize len;
    const char *data = g_bytes_get_data (answer, &len);
    g_autofree char *text = g_strndup (data, len);
    return json_from_string (text, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 600, NULL);
  g_autofree char *login_uri = NULL, *push_uri = NULL, *login_body = NULL;
  g_autofree char *client_id = voisins_uuid_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;
  const char *assoc;
  guint status, n, applied = 0;
  gint64 t0;

  if (argc != 6)
    {
      fprintf (stderr, "usage: bench-push URL USER PASSWORD ASSOC N\n");
      return 2;
    }
  login_uri = g_strconcat (argv[1], "/api/v1/login", NULL);
  push_uri = g_strconcat (argv[1], "/api/v1/sync/push", NULL);
  assoc = argv[4];
  n = (guint) atoi (argv[5]);

  login_body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\",\"device\":\"bench\"}",
                                argv[2], argv[3]);
  answer = post_json (session, login_uri, NULL, login_body, &status);
  if (status != 200 || answer == NULL)
    {
      fprintf (stderr, "bench-push: login failed (%u)\n", status);
      return 1;
    }
  token = g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
  g_clear_pointer (&answer, json_node_unref);

  /* The request bodies are made before the clock starts. */
  for (guint first = 0; first < n; first += 50)
    {
      GString *s = g_string_new (NULL);

      g_string_append_printf (s, "{\"client_id\":\"%s\",\"schema\":1,\"mutations\":[", client_id);
      for (guint i = first; i < MIN (first + 50, n); i++)
        {
          g_autofree char *id = voisins_uuid_new ();
          g_autofree char *args = bench_post_json (id, assoc, i);

          g_string_append_printf (s, "%s{\"seq\":%u,\"name\":\"post.create\",\"args\":%s}",
                                  i > first ? "," : "", i + 1, args);
        }
      g_string_append (s, "]}");
      g_ptr_array_add (bodies, g_string_free (s, FALSE));
    }

  t0 = g_get_monotonic_time ();
  for (guint b = 0; b < bodies->len; b++)
    {
      JsonArray *results;

      answer = post_json (session, push_uri, token, g_ptr_array_index (bodies, b), &status);
      if (status != 200 || answer == NULL)
        {
          fprintf (stderr, "bench-push: push failed (%u)\n", status);
          return 1;
        }
      results = json_object_get_array_member (json_node_get_object (answer), "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *r = json_array_get_object_element (results, i);
          const char *st = json_object_get_string_member_with_default (r, "status", "");

          if (g_str_equal (st, "applied") || g_str_equal (st, "ok"))
            applied++;
          else if (b == 0 && i == 0)
            fprintf (stderr, "bench-push: first result: %s\n", st);
        }
      g_clear_pointer (&answer, json_node_unref);
    }
  printf ("push rows=%u applied=%u seconds=%.3f\n", n, applied,
          (g_get_monotonic_time () - t0) / 1e6);
  return applied == n ? 0 : 1;
}
