/* voisins-mbtiles-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "voisins-mbtiles-source.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _VoisinsMbtilesSource
{
  ShumateDataSource parent_instance;

  char *path;
  char *name;
  char *attribution;
  guint min_zoom;
  guint max_zoom;

  /* Lookups run in worker threads, one at a time. */
  GMutex mutex;
  sqlite3 *db;
  sqlite3_stmt *tile_stmt;
  sqlite3_stmt *tile_2x_stmt; /* the same tiles drawn at twice the size, when the file has them */
  int           scale;        /* 2: tiles from tile_2x_stmt (under the mutex) */
  gboolean      has_2x;       /* metadata voisins_hidpi = tiles_2x */
  GBytes *blank;  /* under the mutex */
};

typedef struct
{
  int x;
  int y;
  int z;
} TileRequest;

G_DEFINE_QUARK (voisins-mbtiles-error-quark, voisins_mbtiles_error)

G_DEFINE_FINAL_TYPE (VoisinsMbtilesSource, voisins_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

static GBytes *
voisins_mbtiles_source_lookup (VoisinsMbtilesSource  *self,
                               int                    x,
                               int                    y,
                               int                    z,
                               GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GBytes *bytes = NULL;
  gint64 tms_row;
  int rc;

  g_assert (VOISINS_IS_MBTILES_SOURCE (self));

  if (z < 0 || z > 30 || x < 0 || y < 0 || x >= (1 << z) || y >= (1 << z))
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_NO_TILE,
                   "No tile %d/%d/%d: outside the map", z, x, y);
      return NULL;
    }

  /* MBTiles rows count from the south (TMS); Shumate's from the north. */
  tms_row = ((gint64) 1 << z) - 1 - y;

  locker = g_mutex_locker_new (&self->mutex);

  /* At scale 2 the tile drawn at twice the size, else (none there) the plain one. */
  for (int pass = self->scale == 2 && self->tile_2x_stmt ? 0 : 1; pass < 2 && !bytes; pass++)
    {
      sqlite3_stmt *stmt = pass == 0 ? self->tile_2x_stmt : self->tile_stmt;

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, z);
      sqlite3_bind_int (stmt, 2, x);
      sqlite3_bind_int64 (stmt, 3, tms_row);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const void *blob = sqlite3_column_blob (stmt, 0);
          int         len = sqlite3_column_bytes (stmt, 0);

          if (blob != NULL && len > 0)
            bytes = g_bytes_new (blob, len);
        }
      else if (rc != SQLITE_DONE)
        {
          g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_FAILED,
                       "Could not read tile %d/%d/%d: %s", z, x, y, sqlite3_errmsg (self->db));
          sqlite3_reset (stmt);
          return NULL;
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  if (bytes == NULL)
    g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_NO_TILE,
                 "No tile %d/%d/%d in the offline map", z, x, y);

  return bytes;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* What a place the file does not cover shows: the plain ground. Without a tile there,
 * libshumate 1.0 never counts the view as filled, and keeps the previous zoom's tiles
 * drawn over parts of it (names cut in half at zoom 16). */
static GBytes *
blank_tile (VoisinsMbtilesSource *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (self->blank == NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
      cairo_t *cr = cairo_create (surface);
      GByteArray *png = g_byte_array_new ();

      cairo_set_source_rgb (cr, 0.965, 0.961, 0.957);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_write_to_png_stream (surface, append_png, png);
      cairo_surface_destroy (surface);
      self->blank = g_byte_array_free_to_bytes (png);
    }
  return g_bytes_ref (self->blank);
}

static void
lookup_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VoisinsMbtilesSource *self = source_object;
  TileRequest *req = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = voisins_mbtiles_source_lookup (self, req->x, req->y, req->z, &error);
  if (bytes == NULL &&
      g_error_matches (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_NO_TILE))
    {
      g_clear_error (&error);
      bytes = blank_tile (self);
    }
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
lookup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VoisinsMbtilesSource *self = VOISINS_MBTILES_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  TileRequest *req = g_task_get_task_data (task);

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* libshumate 1.0's raster renderer only draws what comes through this signal. */
  g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, bytes);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
voisins_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                            int                  x,
                                            int                  y,
                                            int                  zoom_level,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  VoisinsMbtilesSource *self = VOISINS_MBTILES_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  TileRequest *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_mbtiles_source_get_tile_data_async);

  req = g_new0 (TileRequest, 1);
  req->x = x;
  req->y = y;
  req->z = zoom_level;
  g_task_set_task_data (task, req, g_free);

  worker = g_task_new (self, cancellable, lookup_done, g_steal_pointer (&task));
  g_task_set_source_tag (worker, lookup_in_thread);
  g_task_set_task_data (worker, g_memdup2 (req, sizeof *req), g_free);
  g_task_run_in_thread (worker, lookup_in_thread);
}

static GBytes *
voisins_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
voisins_mbtiles_source_finalize (GObject *object)
{
  VoisinsMbtilesSource *self = (VoisinsMbtilesSource *) object;

  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->tile_2x_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->blank, g_bytes_unref);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->attribution, g_free);

  G_OBJECT_CLASS (voisins_mbtiles_source_parent_class)->finalize (object);
}

static void
voisins_mbtiles_source_class_init (VoisinsMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = voisins_mbtiles_source_finalize;

  source_class->get_tile_data_async = voisins_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = voisins_mbtiles_source_get_tile_data_finish;
}

static void
voisins_mbtiles_source_init (VoisinsMbtilesSource *self)
{
  g_mutex_init (&self->mutex);
  self->min_zoom = 0;
  self->max_zoom = 19;
}

static gboolean
read_metadata (VoisinsMbtilesSource  *self,
               GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: %s"), self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (key == NULL || value == NULL)
        continue;

      if (g_str_equal (key, "name"))
        {
          g_free (self->name);
          self->name = g_strdup (value);
        }
      else if (g_str_equal (key, "attribution"))
        {
          g_free (self->attribution);
          self->attribution = g_strdup (value);
        }
      else if (g_str_equal (key, "voisins_hidpi"))
        self->has_2x = g_str_equal (value, "tiles_2x");
      else if (g_str_equal (key, "minzoom"))
        self->min_zoom = MIN (g_ascii_strtoull (value, NULL, 10), 30);
      else if (g_str_equal (key, "maxzoom"))
        self->max_zoom = MIN (g_ascii_strtoull (value, NULL, 10), 30);
      else if (g_str_equal (key, "format")
               && !g_str_equal (value, "png") && !g_str_equal (value, "jpg")
               && !g_str_equal (value, "jpeg") && !g_str_equal (value, "webp"))
        {
          g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                       _("The offline map “%s” has “%s” tiles; only raster tiles (png, jpg) can be shown"),
                       self->path, value);
          return FALSE;
        }
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                   _("Could not read the offline map “%s”: %s"), self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  if (self->min_zoom > self->max_zoom)
    self->min_zoom = self->max_zoom;

  return TRUE;
}

VoisinsMbtilesSource *
voisins_mbtiles_source_new (const char  *path,
                            GError     **error)
{
  g_autoptr(VoisinsMbtilesSource) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VOISINS_TYPE_MBTILES_SOURCE, NULL);
  self->path = g_strdup (path);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                   _("The offline map “%s” does not exist"), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                   _("Could not open the offline map “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!read_metadata (self, error))
    return NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles"
                          " WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                          -1, &self->tile_stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VOISINS_MBTILES_ERROR, VOISINS_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: %s"), path, sqlite3_errmsg (self->db));
      return NULL;
    }

  /* The basemaps the server builds carry each tile drawn again at 512 pixels (metadata
   * voisins_hidpi names the table), for screens at scale 2; any other file has none. */
  if (self->has_2x &&
      sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles_2x"
                          " WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                          -1, &self->tile_2x_stmt, NULL) != SQLITE_OK)
    g_clear_pointer (&self->tile_2x_stmt, sqlite3_finalize);

  if (self->name == NULL)
    self->name = g_path_get_basename (path);

  return g_steal_pointer (&self);
}

const char *
voisins_mbtiles_source_get_path (VoisinsMbtilesSource *self)
{
  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), NULL);
  return self->path;
}

const char *
voisins_mbtiles_source_get_name (VoisinsMbtilesSource *self)
{
  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), NULL);
  return self->name;
}

const char *
voisins_mbtiles_source_get_attribution (VoisinsMbtilesSource *self)
{
  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), NULL);
  return self->attribution;
}

guint
voisins_mbtiles_source_get_min_zoom (VoisinsMbtilesSource *self)
{
  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), 0);
  return self->min_zoom;
}

guint
voisins_mbtiles_source_get_max_zoom (VoisinsMbtilesSource *self)
{
  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), 0);
  return self->max_zoom;
}

int
voisins_mbtiles_source_set_scale (VoisinsMbtilesSource *self, int scale)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), 1);

  locker = g_mutex_locker_new (&self->mutex);
  self->scale = scale >= 2 && self->tile_2x_stmt != NULL ? 2 : 1;
  return self->scale;
}

ShumateMapSource *
voisins_mbtiles_source_create_map_source (VoisinsMbtilesSource *self)
{
  GStatBuf st = { 0 };
  g_autofree char *id = NULL;

  g_return_val_if_fail (VOISINS_IS_MBTILES_SOURCE (self), NULL);

  /* libshumate keeps drawn tiles by source id: an id per file and per version of it, or
   * switching files (or the sync installing a new basemap) would show the old tiles. */
  g_stat (self->path, &st);
  id = g_strdup_printf ("voisins-mbtiles-%08x-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s",
                        g_str_hash (self->path), (gint64) st.st_mtime, (gint64) st.st_size,
                        self->scale == 2 ? "@2x" : "");

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id,
                                                               self->name,
                                                               self->attribution,
                                                               NULL,
                                                               self->min_zoom,
                                                               self->max_zoom,
                                                               256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
