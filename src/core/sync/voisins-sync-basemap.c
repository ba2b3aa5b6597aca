/* voisins-sync-basemap.c: the quartier's map, carried by every laptop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Modelled on the address base (voisins-sync-addresses.c): the association's description
 * names the server's basemap_version; when it differs from the laptop's, the whole MBTiles
 * file is downloaded, streamed to a temporary file in the store's folder (never in memory,
 * never over the installed one), checked, then renamed into place by the store. A cut or a
 * bad file leaves the old map and nothing half-written.
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "voisins-sync-basemap.h"
#include "voisins-sync-client-private.h"

/* The version an ETag names ("\"3\""), or -1. */
static gint64
etag_version (const char *etag)
{
  char *end = NULL;
  gint64 v;

  if (etag == NULL || etag[0] != '"')
    return -1;
  v = g_ascii_strtoll (etag + 1, &end, 10);
  if (end == etag + 1 || *end != '"' || end[1] != '\0' || v <= 0)
    return -1;
  return v;
}

/* An SQLite database with the MBTiles tables, intact. */
static gboolean
check_mbtiles (const char  *path,
               GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db,
                          "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                          " name IN ('tiles', 'metadata')) = 2 AND"
                          " (SELECT quick_check FROM pragma_quick_check) = 'ok' AND"
                          " EXISTS (SELECT 1 FROM tiles)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (!ok)
    g_set_error_literal (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                         _("The server sent a map of the quartier that cannot be read"));
  return ok;
}

typedef struct
{
  VoisinsSyncClient *client;
  char              *what;
  double             progress;
} Progress;

static gboolean
progress_cb (gpointer user_data)
{
  Progress *p = user_data;

  _voisins_sync_client_set_download (p->client, p->what, p->progress);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->client);
  g_free (p->what);
  g_free (p);
}

/* On the client's main context: what is downloading (NULL: nothing) and how far. */
static void
report (RunData    *rd,
        const char *what,
        double      progress)
{
  Progress *p;

  if (rd->client == NULL)
    return;
  p = g_new0 (Progress, 1);
  p->client = g_object_ref (rd->client);
  p->what = g_strdup (what);
  p->progress = progress;
  g_main_context_invoke_full (rd->context, G_PRIORITY_DEFAULT, progress_cb, p, progress_free);
}

/* Streams the answer to @fd; the version from the ETag. */
static gboolean
download (SoupSession   *session,
          RunData       *rd,
          const char    *association_id,
          int            fd,
          gint64        *version,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/basemap.mbtiles",
                                           association_id);
  g_autofree char *uri = g_strconcat (rd->url, g_str_has_suffix (rd->url, "/") ? path + 1 : path,
                                      NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", rd->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GInputStream) stream = NULL;
  guint8 chunk[65536];
  goffset length, received = 0;
  double shown = -1;

  if (msg == NULL)
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED,
                   _("The server address “%s” is not valid"), rd->url);
      return FALSE;
    }
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  if (!(stream = soup_session_send (session, msg, cancellable, error)))
    return FALSE;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                   "The map of the quartier: HTTP %u", soup_message_get_status (msg));
      return FALSE;
    }
  *version = etag_version (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "ETag"));
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (*version <= 0 || length <= 0 || length > VOISINS_SYNC_MAX_BASEMAP_BYTES)
    return _voisins_sync_protocol_error (error, "basemap");

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, error);
      gssize written = 0;
      double progress;

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (received + n > length)
        return _voisins_sync_protocol_error (error, "basemap longer than announced");
      while (written < n)
        {
          gssize w = write (fd, chunk + written, n - written);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved = errno;

              g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                           _("Could not save the map of the quartier: %s"), g_strerror (saved));
              return FALSE;
            }
          written += w;
        }
      received += n;
      progress = (double) received / length;
      /* every percent, not every chunk, and the end */
      if (progress - shown >= 0.01 || received == length)
        {
          report (rd, "basemap", progress);
          shown = progress;
        }
    }
  if (received != length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "The map of the quartier was cut");
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      g_set_error_literal (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                           _("Could not save the map of the quartier"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
fetch_basemap (SoupSession   *session,
               RunData       *rd,
               const char    *association_id,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (voisins_store_get_path (rd->store));
  g_autofree char *tmp = g_build_filename (dir, ".basemap-download-XXXXXX", NULL);
  gint64 version = 0;
  gboolean ok;
  int fd;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                   _("Could not save the map of the quartier: %s"), g_strerror (saved));
      return FALSE;
    }
  report (rd, "basemap", 0);
  ok = download (session, rd, association_id, fd, &version, cancellable, error);
  close (fd);
  ok = ok && check_mbtiles (tmp, error) &&
       voisins_store_install_basemap (rd->store, association_id, version, tmp, error);
  if (!ok)
    g_unlink (tmp);
  return ok;
}

void
_voisins_sync_fetch_basemaps (SoupSession  *session,
                              RunData      *rd,
                              GCancellable *cancellable)
{
  if (rd->basemaps == NULL || voisins_store_get_path (rd->store) == NULL)
    return;
  for (guint i = 0; i < rd->basemaps->len; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *id = rd->basemaps->pdata[i];

      if (!fetch_basemap (session, rd, id, cancellable, &error))
        {
          /* the old map stays; the next sync tries again */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_message ("The map of the quartier was not downloaded: %s", error->message);
        }
    }
  if (rd->basemaps->len > 0)
    report (rd, NULL, 0);
  g_ptr_array_set_size (rd->basemaps, 0);
}
