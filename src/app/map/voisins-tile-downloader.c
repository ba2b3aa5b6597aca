/* voisins-tile-downloader.c
 *
 * libshumate 1.0.3's own downloader sends "libshumate/1.0.3" as its User-Agent with
 * libsoup 3 (shumate_set_user_agent () is ignored there), which OpenStreetMap's tile policy
 * asks applications not to do. This one names Voisins, keeps libshumate's file cache
 * (fresh tiles never go back to the server, stale ones are revalidated with their ETag and
 * shown meanwhile, and offline) and fetches only what the map asks for: the tiles in view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <libsoup/soup.h>

#include "voisins-tile-downloader.h"

/* A tile cached less than this long ago is used without asking the server. */
#define FRESH_SECONDS (7 * 24 * 3600)
#define CACHE_BYTES   (100 * 1000 * 1000)
#define MAX_CONNS     2

struct _VoisinsTileDownloader
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  char              *user_agent;
  SoupSession       *session;
  ShumateFileCache  *cache;
};

G_DEFINE_FINAL_TYPE (VoisinsTileDownloader, voisins_tile_downloader, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  int         x;
  int         y;
  int         z;
  GBytes     *cached;
  char       *etag;
} Request;

static void
request_free (gpointer data)
{
  Request *req = data;

  g_clear_pointer (&req->cached, g_bytes_unref);
  g_clear_pointer (&req->etag, g_free);
  g_free (req);
}

static char *
tile_url (VoisinsTileDownloader *self,
          int                    x,
          int                    y,
          int                    z)
{
  g_autofree char *xs = g_strdup_printf ("%d", x);
  g_autofree char *ys = g_strdup_printf ("%d", y);
  g_autofree char *zs = g_strdup_printf ("%d", z);
  g_autoptr(GString) url = g_string_new (self->url_template);

  g_string_replace (url, "{x}", xs, 0);
  g_string_replace (url, "{y}", ys, 0);
  g_string_replace (url, "{z}", zs, 0);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
return_tile (GTask  *task,
             GBytes *bytes)
{
  VoisinsTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, bytes);
  g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not cache a tile: %s", error->message);
}

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VoisinsTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  status = msg ? soup_message_get_status (msg) : 0;

  if (bytes != NULL && status == SOUP_STATUS_NOT_MODIFIED && req->cached != NULL)
    {
      shumate_file_cache_mark_up_to_date (self->cache, req->x, req->y, req->z);
      return_tile (task, req->cached);
      return;
    }

  if (bytes != NULL && SOUP_STATUS_IS_SUCCESSFUL (status) && g_bytes_get_size (bytes) > 0)
    {
      const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "ETag");

      shumate_file_cache_store_tile_async (self->cache, req->x, req->y, req->z, bytes, etag,
                                           NULL, stored_cb, NULL);
      return_tile (task, bytes);
      return;
    }

  /* Out of reach: the tile from the cache, however old, rather than nothing. */
  if (req->cached != NULL)
    {
      return_tile (task, req->cached);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "The tile server answered %u", status);
}

static void
cached_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VoisinsTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GDateTime) modtime = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  req->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object), &req->etag,
                                                    &modtime, result, NULL);

  if (req->cached != NULL && modtime != NULL
      && g_date_time_difference (now, modtime) < (GTimeSpan) FRESH_SECONDS * G_TIME_SPAN_SECOND)
    {
      return_tile (task, req->cached);
      return;
    }

  /* Stale: show it now, then ask whether it changed. */
  if (req->cached != NULL)
    g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, req->cached);

  url = tile_url (self, req->x, req->y, req->z);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Not a tile URL template");
      return;
    }
  if (req->cached != NULL && req->etag != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "If-None-Match",
                                 req->etag);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), downloaded_cb,
                                    g_object_ref (task));
}

static void
voisins_tile_downloader_get_tile_data_async (ShumateDataSource   *source,
                                             int                  x,
                                             int                  y,
                                             int                  zoom_level,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  VoisinsTileDownloader *self = VOISINS_TILE_DOWNLOADER (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, voisins_tile_downloader_get_tile_data_async);
  req->x = x;
  req->y = y;
  req->z = zoom_level;
  g_task_set_task_data (task, req, request_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable, cached_cb,
                                     g_steal_pointer (&task));
}

static GBytes *
voisins_tile_downloader_get_tile_data_finish (ShumateDataSource  *source,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
voisins_tile_downloader_finalize (GObject *object)
{
  VoisinsTileDownloader *self = (VoisinsTileDownloader *) object;

  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (voisins_tile_downloader_parent_class)->finalize (object);
}

static void
voisins_tile_downloader_class_init (VoisinsTileDownloaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = voisins_tile_downloader_finalize;

  source_class->get_tile_data_async = voisins_tile_downloader_get_tile_data_async;
  source_class->get_tile_data_finish = voisins_tile_downloader_get_tile_data_finish;
}

static void
voisins_tile_downloader_init (VoisinsTileDownloader *self)
{
  self->user_agent = g_strdup ("Voisins/" PACKAGE_VERSION " (+https://voisins.example.org/)");
  self->session = soup_session_new_with_options ("user-agent", self->user_agent,
                                                 "max-conns-per-host", MAX_CONNS,
                                                 "max-conns", MAX_CONNS,
                                                 NULL);
}

VoisinsTileDownloader *
voisins_tile_downloader_new (const char *url_template,
                             const char *cache_key)
{
  VoisinsTileDownloader *self;

  g_return_val_if_fail (url_template != NULL, NULL);
  g_return_val_if_fail (cache_key != NULL, NULL);

  self = g_object_new (VOISINS_TYPE_TILE_DOWNLOADER, NULL);
  self->url_template = g_strdup (url_template);
  self->cache = shumate_file_cache_new_full (CACHE_BYTES, cache_key, NULL);

  return self;
}

const char *
voisins_tile_downloader_get_user_agent (VoisinsTileDownloader *self)
{
  g_return_val_if_fail (VOISINS_IS_TILE_DOWNLOADER (self), NULL);

  return self->user_agent;
}
