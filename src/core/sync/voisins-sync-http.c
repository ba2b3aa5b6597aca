/* voisins-sync-http.c: one request to the association's server, as the sync client makes it
 *
 * A hostile or broken server must not hang or crash a volunteer's laptop: every answer is
 * read within a deadline and a size cap before the codec parses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-sync-client-private.h"
#include "voisins-json.h"

gboolean
_voisins_sync_is_network_error (const GError *error)
{
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR;
}

SoupSession *
_voisins_sync_new_session (guint timeout)
{
  return soup_session_new_with_options ("timeout", timeout,
                                        "idle-timeout", 30,
                                        "user-agent", "Voisins/" PACKAGE_VERSION,
                                        NULL);
}

const char *
_voisins_sync_server_message (JsonNode *body)
{
  JsonObject *obj, *err;
  JsonNode *err_node;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  obj = json_node_get_object (body);
  err_node = json_object_get_member (obj, "error");
  if (err_node == NULL || !JSON_NODE_HOLDS_OBJECT (err_node))
    return NULL;
  err = json_node_get_object (err_node);

  return voisins_json_read_string_or (err, "message", NULL);
}

/* soup_session_send_and_read() with two bounds: the session's "timeout" is per read, so a
 * server dripping a byte at a time would hold the run forever, and it would read an answer
 * of any size into memory. */
static GBytes *
send_and_read (SoupSession   *session,
               SoupMessage   *msg,
               guint          timeout,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) buf = NULL;
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) timeout * DEADLINE_FACTOR * G_USEC_PER_SEC;
  guint8 chunk[16384];

  stream = soup_session_send (session, msg, cancellable, error);
  if (stream == NULL)
    return NULL;

  buf = g_byte_array_new ();
  for (;;)
    {
      gssize n;

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Answer too slow");
          return NULL;
        }
      n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (buf->len + (gsize) n > MAX_RESPONSE_BYTES)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "Answer too large");
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) n);
    }
  g_input_stream_close (stream, NULL, NULL);

  /* libsoup can end a Content-Length body early without an error when the peer closes:
   * that is a cut connection, not an unreadable answer. */
  {
    SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

    if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
        (goffset) buf->len < soup_message_headers_get_content_length (headers))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "Answer cut short");
        return NULL;
      }
  }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

JsonNode *
_voisins_sync_request (SoupSession   *session,
                       RunData       *rd,
                       const char    *method,
                       const char    *path,
                       JsonNode      *body,
                       guint         *status_out,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  SoupMessageHeaders *headers;
  const char *message;
  guint status;
  gsize len = 0;
  const char *data;

  if (rd->url == NULL || *rd->url == '\0')
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED,
                   _("No server is set up on this computer"));
      return NULL;
    }

  uri = g_strconcat (rd->url, g_str_has_suffix (rd->url, "/") ? path + 1 : path, NULL);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED,
                   _("The server address “%s” is not valid"), rd->url);
      return NULL;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_append (headers, "Accept", "application/json");
  if (rd->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", rd->token, NULL);
      soup_message_headers_append (headers, "Authorization", auth);
    }

  if (body != NULL)
    {
      g_autofree char *json = voisins_json_to_string (body);
      gsize json_len = strlen (json);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&json), json_len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = send_and_read (session, msg, rd->timeout, cancellable, &local_error);
  if (reply == NULL)
    {
      g_debug ("%s %s: %s", method, path, local_error->message);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE,
                     _("The server did not answer in time"));
      /* A connection cut in the middle of the headers reads as a parse error: a script
       * that retries when offline must retry then too. */
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
               g_error_matches (local_error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
               g_error_matches (local_error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
        g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE,
                     _("The connection to the server was cut off"));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                     _("The server’s answer is too large"));
      else if (_voisins_sync_is_network_error (local_error))
        g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE,
                     _("The server cannot be reached"));
      else
        g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                     _("The server’s answer could not be read"));
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status_out)
    *status_out = status;

  data = g_bytes_get_data (reply, &len);
  if (len > 0)
    answer = voisins_json_parse (data, len, NULL);

  g_debug ("%s %s: HTTP %u, %" G_GSIZE_FORMAT " bytes", method, path, status, len);

  if (status == 401)
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED,
                   _("Please log in again"));
      return NULL;
    }

  if (status == 503 || status == 429)
    {
      const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Retry-After");
      guint64 seconds = retry ? g_ascii_strtoull (retry, NULL, 10) : 0;

      rd->retry_after = (guint) CLAMP (seconds, 1, 3600);
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_BUSY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server is busy; trying again in %u second",
                                "The server is busy; trying again in %u seconds",
                                rd->retry_after),
                   rd->retry_after);
      return NULL;
    }

  if (answer == NULL && (status < 300 || status == 409))
    {
      /* No length and no chunks: the body ends where the connection did, and a body that
       * does not parse most likely ended early (also headers cut after the status line). */
      if (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)) ==
          SOUP_ENCODING_EOF)
        {
          g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE,
                       _("The connection to the server was cut off"));
          return NULL;
        }
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                   _("The server sent an unreadable answer (HTTP %u)"), status);
      return NULL;
    }

  if (status >= 500 || status < 200)
    {
      message = _voisins_sync_server_message (answer);
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                   _("The server had a problem (HTTP %u)%s%s"), status,
                   message ? ": " : "", message ? message : "");
      return NULL;
    }

  if (status >= 300 && status != 409)
    {
      message = _voisins_sync_server_message (answer);
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED,
                   _("The server refused the request (HTTP %u)%s%s"), status,
                   message ? ": " : "", message ? message : "");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                   _("The server sent an unreadable answer (HTTP %u)"), status);
      return NULL;
    }

  return g_steal_pointer (&answer);
}

gboolean
_voisins_sync_protocol_error (GError     **error,
                              const char  *what)
{
  g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
               _("The server’s answer does not follow the protocol (%s)"), what);
  return FALSE;
}
