/* voisins-plain-tile-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <cairo.h>

#include "voisins-plain-tile-source.h"

#define TILE_SIZE 256

struct _VoisinsPlainTileSource
{
  ShumateDataSource parent_instance;

  gboolean grid;
  /* Every tile looks the same: encode it once. */
  GBytes *png;
};

G_DEFINE_FINAL_TYPE (VoisinsPlainTileSource, voisins_plain_tile_source, SHUMATE_TYPE_DATA_SOURCE)

static cairo_status_t
append_png_data (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
draw_tile (gboolean grid)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *buffer = g_byte_array_new ();

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_SIZE, TILE_SIZE);
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.965, 0.961, 0.957);
  cairo_paint (cr);

  if (grid)
    {
      cairo_set_line_width (cr, 1.0);
      cairo_set_source_rgb (cr, 0.89, 0.88, 0.87);
      for (int i = 64; i < TILE_SIZE; i += 64)
        {
          cairo_move_to (cr, i + 0.5, 0);
          cairo_line_to (cr, i + 0.5, TILE_SIZE);
          cairo_move_to (cr, 0, i + 0.5);
          cairo_line_to (cr, TILE_SIZE, i + 0.5);
        }
      cairo_stroke (cr);

      cairo_set_source_rgb (cr, 0.80, 0.79, 0.78);
      cairo_move_to (cr, 0.5, 0);
      cairo_line_to (cr, 0.5, TILE_SIZE);
      cairo_move_to (cr, 0, 0.5);
      cairo_line_to (cr, TILE_SIZE, 0.5);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png_data, buffer);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (buffer);
}

static void
voisins_plain_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                               int                  x,
                                               int                  y,
                                               int                  zoom_level,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  VoisinsPlainTileSource *self = VOISINS_PLAIN_TILE_SOURCE (source);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_plain_tile_source_get_tile_data_async);

  if (self->png == NULL)
    self->png = draw_tile (self->grid);

  /* libshumate 1.0's raster renderer only draws what comes through this signal. */
  g_signal_emit_by_name (self, "received-data", x, y, zoom_level, self->png);
  g_task_return_pointer (task, g_bytes_ref (self->png), (GDestroyNotify) g_bytes_unref);
}

static GBytes *
voisins_plain_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
voisins_plain_tile_source_finalize (GObject *object)
{
  VoisinsPlainTileSource *self = (VoisinsPlainTileSource *) object;

  g_clear_pointer (&self->png, g_bytes_unref);

  G_OBJECT_CLASS (voisins_plain_tile_source_parent_class)->finalize (object);
}

static void
voisins_plain_tile_source_class_init (VoisinsPlainTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = voisins_plain_tile_source_finalize;

  source_class->get_tile_data_async = voisins_plain_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = voisins_plain_tile_source_get_tile_data_finish;
}

static void
voisins_plain_tile_source_init (VoisinsPlainTileSource *self)
{
}

VoisinsPlainTileSource *
voisins_plain_tile_source_new (gboolean grid)
{
  VoisinsPlainTileSource *self = g_object_new (VOISINS_TYPE_PLAIN_TILE_SOURCE, NULL);

  self->grid = !!grid;

  return self;
}

ShumateMapSource *
voisins_plain_tile_source_create_map_source (VoisinsPlainTileSource *self)
{
  g_return_val_if_fail (VOISINS_IS_PLAIN_TILE_SOURCE (self), NULL);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("voisins-plain",
                                                               _("Plain map"),
                                                               NULL,
                                                               NULL,
                                                               0,
                                                               20,
                                                               TILE_SIZE,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
