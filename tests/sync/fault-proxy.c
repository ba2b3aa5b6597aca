/* fault-proxy.c
 *
 * One request per connection: the request goes upstream with "Connection: close", the
 * whole answer comes back, and the fault (if any) decides what the client gets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "fault-proxy.h"

struct _FaultProxy
{
  GSocketListener *listener;
  GThread         *thread;
  GCancellable    *cancellable;
  int              upstream_port;
  char            *url;

  GMutex           mutex;
  FaultMode        mode;
  guint            pass;
  guint            count;
  guint            random_percent;
  GRand           *rand;
  guint            seen;
};

static FaultMode
next_fault (FaultProxy *self)
{
  FaultMode mode = FAULT_NONE;

  g_mutex_lock (&self->mutex);
  self->seen++;
  if (self->pass > 0)
    self->pass--;
  else if (self->count > 0)
    {
      mode = self->mode;
      self->count--;
    }
  else if (self->random_percent > 0 &&
           g_rand_int_range (self->rand, 0, 100) < (gint32) self->random_percent)
    mode = (FaultMode) g_rand_int_range (self->rand, FAULT_DROP_REPLY, FAULT_503 + 1);
  g_mutex_unlock (&self->mutex);

  /* A random stall would only wait for the client's timeout: make it a refusal. */
  if (mode == FAULT_STALL && self->random_percent > 0 && self->count == 0)
    mode = FAULT_REFUSE;

  return mode;
}

/* Reads one HTTP request (headers and Content-Length body). */
static GByteArray *
read_request (GInputStream  *in,
              gsize         *header_len)
{
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[4096];
  gssize n;
  char *end = NULL;
  gsize content_length = 0;

  while (end == NULL)
    {
      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);
      if (n <= 0)
        {
          g_byte_array_unref (buf);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
      g_byte_array_append (buf, (const guint8 *) "", 1);
      end = strstr ((char *) buf->data, "\r\n\r\n");
      g_byte_array_set_size (buf, buf->len - 1);
    }

  *header_len = (end - (char *) buf->data) + 4;
  {
    g_autofree char *headers = g_ascii_strdown ((char *) buf->data, *header_len);
    char *cl = strstr (headers, "content-length:");

    if (cl != NULL)
      content_length = g_ascii_strtoull (cl + strlen ("content-length:"), NULL, 10);
  }

  while (buf->len < *header_len + content_length)
    {
      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);
      if (n <= 0)
        break;
      g_byte_array_append (buf, chunk, n);
    }

  return buf;
}

static GByteArray *
forward (FaultProxy *self,
         GByteArray *request,
         gsize       header_len)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GString) headers = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = g_strndup ((char *) request->data, header_len - 4);
  GOutputStream *out;
  GInputStream *in;
  GByteArray *answer = g_byte_array_new ();
  guint8 chunk[8192];
  gssize n;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", self->upstream_port, NULL, NULL);
  if (conn == NULL)
    return answer;

  /* Same request, but ask the server to close after answering. */
  lines = g_strsplit (head, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_ascii_strncasecmp (lines[i], "connection:", 11) != 0)
      g_string_append_printf (headers, "%s\r\n", lines[i]);
  g_string_append (headers, "Connection: close\r\n\r\n");

  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_output_stream_write_all (out, headers->str, headers->len, NULL, NULL, NULL);
  g_output_stream_write_all (out, request->data + header_len, request->len - header_len,
                             NULL, NULL, NULL);

  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  while ((n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL)) > 0)
    g_byte_array_append (answer, chunk, n);

  return answer;
}

static void
send_text (GOutputStream *out,
           const char    *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static gpointer
handle_connection (gpointer data)
{
  gpointer *args = data;
  FaultProxy *self = args[0];
  g_autoptr(GSocketConnection) conn = args[1];
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_autoptr(GByteArray) request = NULL;
  g_autoptr(GByteArray) answer = NULL;
  gsize header_len = 0;
  FaultMode mode;

  g_free (args);

  request = read_request (in, &header_len);
  if (request == NULL)
    return NULL;

  mode = next_fault (self);
  switch (mode)
    {
    case FAULT_NONE:
      answer = forward (self, request, header_len);
      g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);
      break;
    case FAULT_DROP_REPLY:
      answer = forward (self, request, header_len);
      break;
    case FAULT_REFUSE:
      break;
    case FAULT_STALL:
      /* Hold the connection until the client gives up. */
      {
        guint8 byte;
        g_input_stream_read (in, &byte, 1, self->cancellable, NULL);
      }
      break;
    case FAULT_500:
      send_text (out, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n"
                      "Content-Length: 38\r\nConnection: close\r\n\r\n"
                      "<html><body>Server error</body></html>");
      break;
    case FAULT_GARBAGE:
      send_text (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Content-Length: 16\r\nConnection: close\r\n\r\n"
                      "{\"results\": [1, ");
      break;
    case FAULT_TRUNCATED:
      answer = forward (self, request, header_len);
      g_output_stream_write_all (out, answer->data, answer->len * 3 / 4, NULL, NULL, NULL);
      break;
    case FAULT_503:
      send_text (out, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\n"
                      "Content-Type: application/json\r\nContent-Length: 58\r\n"
                      "Connection: close\r\n\r\n"
                      "{\"error\":{\"code\":\"busy\",\"message\":\"Busy, come back later\"}}");
      break;
    default:
      break;
    }

  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  FaultProxy *self = data;

  for (;;)
    {
      GSocketConnection *conn;
      gpointer *args;

      conn = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      if (conn == NULL)
        break;

      args = g_new (gpointer, 2);
      args[0] = self;
      args[1] = conn;
      g_thread_unref (g_thread_new ("fault-proxy-conn", handle_connection, args));
    }

  return NULL;
}

FaultProxy *
fault_proxy_new (int upstream_port)
{
  FaultProxy *self = g_new0 (FaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->mutex);
  self->upstream_port = upstream_port;
  self->cancellable = g_cancellable_new ();
  self->listener = g_socket_listener_new ();
  self->rand = g_rand_new_with_seed (1);

  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->thread = g_thread_new ("fault-proxy", accept_thread, self);

  return self;
}

const char *
fault_proxy_get_url (FaultProxy *self)
{
  return self->url;
}

void
fault_proxy_set_fault (FaultProxy *self,
                       FaultMode   mode,
                       guint       count)
{
  fault_proxy_set_fault_after (self, 0, mode, count);
}

void
fault_proxy_set_fault_after (FaultProxy *self,
                             guint       pass,
                             FaultMode   mode,
                             guint       count)
{
  g_mutex_lock (&self->mutex);
  self->pass = pass;
  self->mode = mode;
  self->count = count;
  g_mutex_unlock (&self->mutex);
}

void
fault_proxy_set_random (FaultProxy *self,
                        guint       percent,
                        guint32     seed)
{
  g_mutex_lock (&self->mutex);
  self->random_percent = percent;
  g_rand_set_seed (self->rand, seed);
  g_mutex_unlock (&self->mutex);
}

guint
fault_proxy_get_count (FaultProxy *self)
{
  guint seen;

  g_mutex_lock (&self->mutex);
  seen = self->seen;
  g_mutex_unlock (&self->mutex);

  return seen;
}

void
fault_proxy_free (FaultProxy *self)
{
  g_cancellable_cancel (self->cancellable);
  g_socket_listener_close (self->listener);
  g_thread_join (self->thread);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_rand_free (self->rand);
  g_mutex_clear (&self->mutex);
  g_free (self->url);
  g_free (self);
}
