/* voisins-server-listener.c: our own accept loop in front of SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2's own listener drops its accept source after one failed accept (EMFILE), and
 * then the process lives on without ever accepting again. So the listening socket is ours:
 * a failed accept pauses for a moment and tries again, and the number of open connections
 * is capped well under the descriptor limit, past which a connection gets a canned 503.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <glib/gstdio.h>

#include <gio/gunixsocketaddress.h>

#include "voisins-server-listener.h"

#define ACCEPT_BATCH      64
#define BACKOFF_MS        100

static const char busy_answer[] =
  "HTTP/1.1 503 Service Unavailable\r\n"
  "Content-Type: application/json\r\n"
  "Retry-After: 1\r\n"
  "Cache-Control: no-store\r\n"
  "Connection: close\r\n"
  "Content-Length: 71\r\n"
  "\r\n"
  "{\"error\":{\"code\":\"busy\",\"message\":\"Too many connections, retry later\"}}";

struct _VoisinsServerListener
{
  GObject parent_instance;

  SoupServer      *soup;
  GTlsCertificate *certificate;
  GSocket         *socket;
  GSource         *accept_source;
  guint            backoff_id;
  guint            sweep_id;
  /* "address port" of the peer -> Connection, for each connection handed to soup; closed
   * ones are swept before each accept */
  GHashTable      *connections;
  guint            max_connections;
  guint            idle_timeout;
  guint            request_timeout;
  gboolean         reuse_port;
  gboolean         warned;
};

G_DEFINE_FINAL_TYPE (VoisinsServerListener, voisins_server_listener, G_TYPE_OBJECT)

/* Where a connection is in its life. Only a KEPT one (an answer sent, no byte of a next
 * request read) may be closed to make room or for being idle: closing any other one breaks
 * a request its client is sending or waiting for. soup says "request-started" for the first
 * request as soon as the connection is handed over, and for each next one when its first
 * bytes are read (soup-server-message-io-http1.c, io_read). */
typedef enum
{
  CONNECTION_READING,     /* handed over, or a request being read */
  CONNECTION_ANSWERING,   /* from its request read to its answer sent */
  CONNECTION_KEPT,        /* kept alive between two requests */
} ConnectionState;

typedef struct
{
  GWeakRef        socket;       /* GSocket, weak: soup owns the connection, and may drop
                                 * it in another thread (a GWeakRef, not a weak pointer) */
  guint           deadline_id;  /* while a request is being read */
  ConnectionState state;
  gint64          idle_since;   /* monotonic µs: its last answer sent */
} Connection;

/* A kept-alive connection with no request for this long is closed (as nginx's
 * keepalive_timeout does): idle descriptors are bounded in time as well as in number. */
#define KEEPALIVE_IDLE_USEC (60 * G_USEC_PER_SEC)

/* Past this many open connections an answer closes its connection (Connection: close), as
 * before keep-alive. GLib's main loop polls every source at each iteration: with the 500
 * connections of load-sqlite's laptops all kept, sock_poll, tcp_poll and
 * g_main_context_check were the top of the server's profile and p50 went from ~0.1 s to
 * ~1 s. Enough for a proxy's pool (nginx's upstream keepalive) or a benchmark's clients. */
#define KEEPALIVE_MAX 64

static void
connection_free (Connection *c)
{
  g_clear_handle_id (&c->deadline_id, g_source_remove);
  g_weak_ref_clear (&c->socket);
  g_free (c);
}

static gboolean accept_cb (GSocket      *socket,
                           GIOCondition  condition,
                           gpointer      user_data);

guint64
voisins_server_raise_fd_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0)
    return 0;
  if (rl.rlim_cur < rl.rlim_max)
    {
      rlim_t old = rl.rlim_cur;

      rl.rlim_cur = rl.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &rl) != 0)
        rl.rlim_cur = old;
    }
  return rl.rlim_cur;
}

static void
start_accepting (VoisinsServerListener *self)
{
  g_assert (self->accept_source == NULL);

  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
}

static void
stop_accepting (VoisinsServerListener *self)
{
  if (self->accept_source)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  g_clear_handle_id (&self->backoff_id, g_source_remove);
}

static gboolean
backoff_done (gpointer user_data)
{
  VoisinsServerListener *self = user_data;

  self->backoff_id = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

/* A connection soup has let go of: its socket closed, or gone. Only weak references are
 * kept: once connections are kept alive, soup drops one whose client has left without
 * closing its socket, and a strong reference here kept every such descriptor open until
 * the cap refused everyone. */
static gboolean
connection_is_over (Connection *c)
{
  g_autoptr(GSocket) socket = g_weak_ref_get (&c->socket);

  return socket == NULL || g_socket_is_closed (socket);
}

/* libsoup 3.2 reads the end of a kept-alive connection whose client has gone (between two
 * requests) and then neither closes it nor drops it: the descriptor stayed open for good
 * (strace: recvfrom () = 0 and nothing after; the cap of connections was reached in a few
 * test runs). So an idle connection whose peer has closed is closed here. */
static gboolean
peer_has_left (Connection *c)
{
  g_autoptr(GSocket) socket = g_weak_ref_get (&c->socket);
  char byte;

  return socket != NULL && c->state != CONNECTION_ANSWERING &&
         recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* With @peek (once a second), also closes the idle connections whose client has left, and
 * the kept-alive ones that had no request for KEEPALIVE_IDLE_USEC (a request that is slow to
 * come or to be read is the business of idle-timeout-seconds and request-timeout-seconds). */
static void
sweep (VoisinsServerListener *self,
       gboolean               peek)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Connection *c = value;

      if (peek && !connection_is_over (c) &&
          (peer_has_left (c) ||
           (c->state == CONNECTION_KEPT && now - c->idle_since > KEEPALIVE_IDLE_USEC)))
        {
          g_autoptr(GSocket) socket = g_weak_ref_get (&c->socket);

          if (socket)
            g_socket_close (socket, NULL);
        }
      if (connection_is_over (c))
        g_hash_table_iter_remove (&iter);
    }
}

/* At the cap: the kept-alive connection idle for longest (its answer sent, waiting for a
 * next request that may never come) is closed to make room for a new client, rather than
 * the new client refused: an HTTP client reopens a kept-alive connection the server closed
 * (and retries its request on it). A connection still on its first request, or reading a
 * next one, is never chosen: its client would lose that request, and half-sent requests
 * holding every slot get the new clients a 503, not the slots. Returns FALSE when no
 * connection is kept alive idle. */
static gboolean
close_oldest_idle (VoisinsServerListener *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer oldest_key = NULL;
  Connection *oldest = NULL;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Connection *c = value;

      if (!connection_is_over (c) && c->state == CONNECTION_KEPT &&
          (oldest == NULL || c->idle_since < oldest->idle_since))
        {
          oldest = c;
          oldest_key = key;
        }
    }
  if (oldest == NULL)
    return FALSE;
  {
    g_autoptr(GSocket) socket = g_weak_ref_get (&oldest->socket);

    if (socket)
      g_socket_close (socket, NULL);
  }
  g_hash_table_remove (self->connections, oldest_key);
  return TRUE;
}

static gboolean
sweep_cb (gpointer user_data)
{
  sweep (user_data, TRUE);
  return G_SOURCE_CONTINUE;
}

static char *
peer_key (GSocketAddress *address)
{
  g_autofree char *host = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  host = g_inet_address_to_string (g_inet_socket_address_get_address (
                                     G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s %u", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

static void
refuse (VoisinsServerListener *self,
        GSocket               *client)
{
  /* Best effort and never blocking: the socket is new, its send buffer empty. A TLS
   * client cannot read plain text, so it is only closed. */
  if (self->certificate == NULL)
    {
      g_socket_set_blocking (client, FALSE);
      g_socket_send (client, busy_answer, strlen (busy_answer), NULL, NULL);
      g_socket_shutdown (client, FALSE, TRUE, NULL);
    }
  g_socket_close (client, NULL);
}

static void
hand_over (VoisinsServerListener *self,
           GSocket               *client)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  Connection *c;

  local = g_socket_get_local_address (client, NULL);
  remote = g_socket_get_remote_address (client, NULL);
  if (local == NULL || remote == NULL)
    {
      g_socket_close (client, NULL);
      return;
    }

  /* An idle connection (slow client, half-sent request) does not hold a slot forever. */
  g_socket_set_timeout (client, self->idle_timeout);
  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  connection = g_socket_connection_factory_create_connection (client);
  if (self->certificate)
    {
      stream = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_warning ("TLS: %s", error->message);
          g_socket_close (client, NULL);
          return;
        }
      g_object_set (stream, "require-close-notify", FALSE, NULL);
    }
  else
    stream = G_IO_STREAM (g_object_ref (connection));

  /* Keyed by the peer, the way back from a request to its socket (for
   * voisins_server_listener_cut()); before soup starts, since it may read a request at once.
   * A key still held by a closing socket is replaced. */
  key = peer_key (remote);
  c = g_new0 (Connection, 1);
  g_weak_ref_init (&c->socket, client);
  c->state = CONNECTION_READING;
  g_hash_table_replace (self->connections, g_strdup (key), c);
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    {
      g_debug ("accept: %s", error->message);
      g_hash_table_remove (self->connections, key);
      g_socket_close (client, NULL);
    }
}

gboolean
voisins_server_listener_cut (VoisinsServerListener *self,
                             GSocketAddress        *remote,
                             guint                  status,
                             const char            *json)
{
  g_autofree char *answer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSocket) client = NULL;
  Connection *c;

  g_return_val_if_fail (VOISINS_IS_SERVER_LISTENER (self), FALSE);

  if (remote == NULL || !(key = peer_key (remote)) ||
      !(c = g_hash_table_lookup (self->connections, key)) || connection_is_over (c))
    return FALSE;
  if (!(client = g_weak_ref_get (&c->socket)))
    return FALSE;
  /* Written straight on the socket: soup is still reading the request and would only
   * answer after the whole body. Nothing else is being written on it at this point. */
  if (self->certificate == NULL)
    {
      answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                "Content-Type: application/json\r\n"
                                "Cache-Control: no-store\r\n"
                                "Connection: close\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "\r\n%s",
                                status, soup_status_get_phrase (status), strlen (json), json);
      g_socket_set_blocking (client, FALSE);
      g_socket_send (client, answer, strlen (answer), NULL, NULL);
    }
  /* soup's next read ends, and it drops the connection */
  g_socket_shutdown (client, TRUE, TRUE, NULL);
  return TRUE;
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  VoisinsServerListener *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GSocket) client = NULL;
      g_autoptr(GError) error = NULL;

      client = g_socket_accept (socket, NULL, &error);
      if (client == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
            continue;

          /* Out of descriptors (or memory): the pending connection stays in the backlog and
           * the socket stays readable, so wait a moment rather than spin, then go on. */
          if (!self->warned)
            g_warning ("Cannot accept (%s): pausing; check LimitNOFILE and max-connections",
                       error->message);
          self->warned = TRUE;
          g_clear_pointer (&self->accept_source, g_source_unref);
          self->backoff_id = g_timeout_add (BACKOFF_MS, backoff_done, self);
          return G_SOURCE_REMOVE;
        }

      self->warned = FALSE;
      sweep (self, FALSE);
      /* at the cap, the connections whose clients have left make room first */
      if (g_hash_table_size (self->connections) >= self->max_connections)
        sweep (self, TRUE);
      if (g_hash_table_size (self->connections) >= self->max_connections)
        close_oldest_idle (self);
      if (g_hash_table_size (self->connections) >= self->max_connections)
        refuse (self, client);
      else
        hand_over (self, client);
    }
  return G_SOURCE_CONTINUE;
}

static Connection *
lookup (VoisinsServerListener *self,
        SoupServerMessage     *msg)
{
  g_autofree char *key = peer_key (soup_server_message_get_remote_address (msg));

  return key ? g_hash_table_lookup (self->connections, key) : NULL;
}

static gboolean
deadline_cb (gpointer user_data)
{
  Connection *c = user_data;

  /* The idle timeout is per read: a request trickled a byte at a time would never end.
   * soup's next read sees the end and drops the connection. */
  c->deadline_id = 0;
  g_debug ("request not read in time: closing");
  {
    g_autoptr(GSocket) socket = g_weak_ref_get (&c->socket);

    if (socket)
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
  }
  return G_SOURCE_REMOVE;
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  VoisinsServerListener *self = user_data;
  Connection *c = lookup (self, msg);

  if (c == NULL)
    return;
  c->state = CONNECTION_READING;
  if (self->request_timeout == 0)
    return;
  g_clear_handle_id (&c->deadline_id, g_source_remove);
  c->deadline_id = g_timeout_add_seconds (self->request_timeout, deadline_cb, c);
}

static void
request_read (SoupServer        *soup,
              SoupServerMessage *msg,
              gpointer           user_data)
{
  VoisinsServerListener *self = user_data;
  Connection *c = lookup (self, msg);

  if (g_hash_table_size (self->connections) > KEEPALIVE_MAX)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                  "close");
  if (c)
    {
      g_clear_handle_id (&c->deadline_id, g_source_remove);
      c->state = CONNECTION_ANSWERING;
    }
}

static void
request_done (SoupServer        *soup,
              SoupServerMessage *msg,
              gpointer           user_data)
{
  Connection *c = lookup (user_data, msg);

  if (c)
    {
      c->state = CONNECTION_KEPT;
      c->idle_since = g_get_monotonic_time ();
    }
}

VoisinsServerListener *
voisins_server_listener_new (SoupServer      *soup,
                             GTlsCertificate *certificate,
                             guint            max_connections,
                             guint            idle_timeout,
                             guint            request_timeout)
{
  VoisinsServerListener *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);

  self = g_object_new (VOISINS_TYPE_SERVER_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  g_set_object (&self->certificate, certificate);
  self->max_connections = MAX (max_connections, 1);
  self->idle_timeout = idle_timeout;
  self->request_timeout = request_timeout;
  g_signal_connect_object (soup, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (soup, "request-read", G_CALLBACK (request_read), self, 0);
  g_signal_connect_object (soup, "request-finished", G_CALLBACK (request_done), self, 0);
  g_signal_connect_object (soup, "request-aborted", G_CALLBACK (request_done), self, 0);
  return self;
}

/* libsoup 3.2 keeps a connection alive after a response only while it has a listener of
 * its own (soup-server.c, request_finished: "... && priv->listeners"); with ours alone it
 * closed every connection after one request, and each request paid a new TCP connection
 * (and a TLS handshake). So soup is given a listener nobody can reach: a Unix socket whose
 * path is unlinked as soon as it listens. It never accepts anything. */
static gboolean
anchor_soup (VoisinsServerListener  *self,
             GError                **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  if (!(dir = g_dir_make_tmp ("voisins-server-XXXXXX", error)))
    return FALSE;
  path = g_build_filename (dir, "anchor", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         error);
  ok = socket != NULL && g_socket_bind (socket, address, FALSE, error) &&
       g_socket_listen (socket, error);
  g_unlink (path);
  g_rmdir (dir);
  return ok && soup_server_listen_socket (self->soup, socket, 0, error);
}

gboolean
voisins_server_listener_listen (VoisinsServerListener  *self,
                                GSocketAddress         *address,
                                GError                **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (VOISINS_IS_SERVER_LISTENER (self), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 128);
  /* One socket per worker process on the same port: the kernel spreads the connections */
  if (self->reuse_port ? !voisins_server_bind_reuse_port (socket, address, error)
                       : !g_socket_bind (socket, address, TRUE, error))
    return FALSE;
  if (!g_socket_listen (socket, error))
    return FALSE;
  g_socket_set_blocking (socket, FALSE);
  if (!anchor_soup (self, error))
    return FALSE;
  self->socket = g_steal_pointer (&socket);
  start_accepting (self);
  self->sweep_id = g_timeout_add_seconds (1, sweep_cb, self);
  return TRUE;
}

gboolean
voisins_server_bind_reuse_port (GSocket         *socket,
                                GSocketAddress  *address,
                                GError         **error)
{
  struct sockaddr_storage native;
  int fd = g_socket_get_fd (socket);
  int one = 1;

  /* Not g_socket_bind (): it sets SO_REUSEPORT back to 0 on a TCP socket (GLib 2.74). */
  if (!g_socket_address_to_native (address, &native, sizeof native, error))
    return FALSE;
  if (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
      bind (fd, (struct sockaddr *) &native, g_socket_address_get_native_size (address)) != 0)
    {
      int errsv = errno;
      g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Error binding to address %s: %s", where, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

void
voisins_server_listener_set_reuse_port (VoisinsServerListener *self,
                                        gboolean               reuse_port)
{
  g_return_if_fail (VOISINS_IS_SERVER_LISTENER (self));
  g_return_if_fail (self->socket == NULL);

  self->reuse_port = reuse_port;
}

char *
voisins_server_listener_get_uri (VoisinsServerListener *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;

  g_return_val_if_fail (VOISINS_IS_SERVER_LISTENER (self), NULL);

  if (self->socket == NULL ||
      !(address = g_socket_get_local_address (self->socket, NULL)) ||
      !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);
  return g_strdup_printf ("%s://%s%s%s:%u", self->certificate ? "https" : "http",
                          g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "[" : "",
                          host,
                          g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "]" : "",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

guint
voisins_server_listener_get_n_connections (VoisinsServerListener *self)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_LISTENER (self), 0);

  sweep (self, FALSE);
  return g_hash_table_size (self->connections);
}

void
voisins_server_listener_stop (VoisinsServerListener *self)
{
  g_return_if_fail (VOISINS_IS_SERVER_LISTENER (self));

  stop_accepting (self);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->socket)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
}

static void
voisins_server_listener_dispose (GObject *object)
{
  VoisinsServerListener *self = (VoisinsServerListener *) object;

  voisins_server_listener_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (voisins_server_listener_parent_class)->dispose (object);
}

static void
voisins_server_listener_finalize (GObject *object)
{
  VoisinsServerListener *self = (VoisinsServerListener *) object;

  g_hash_table_unref (self->connections);

  G_OBJECT_CLASS (voisins_server_listener_parent_class)->finalize (object);
}

static void
voisins_server_listener_class_init (VoisinsServerListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = voisins_server_listener_dispose;
  object_class->finalize = voisins_server_listener_finalize;
}

static void
voisins_server_listener_init (VoisinsServerListener *self)
{
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) connection_free);
}
