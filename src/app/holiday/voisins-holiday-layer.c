/* voisins-holiday-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "voisins-holiday-layer.h"

typedef struct
{
  double lat;
  double lon;
} Point;

typedef struct
{
  Point a;
  Point b;
} Link;

struct _VoisinsHolidayLayer
{
  ShumateLayer  parent_instance;

  GArray       *hosts;   /* Point */
  GArray       *guests;  /* Point */
  GArray       *links;   /* Link */
};

G_DEFINE_FINAL_TYPE (VoisinsHolidayLayer, voisins_holiday_layer, SHUMATE_TYPE_LAYER)

#define HOST_R   0.75, 0.11, 0.16
#define GUEST_R  0.51, 0.24, 0.63

static gboolean
to_widget (VoisinsHolidayLayer *self,
           const Point         *p,
           double              *x,
           double              *y)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  if (p->lat == 0 && p->lon == 0)
    return FALSE;
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), p->lat, p->lon, x, y);
  return TRUE;
}

/* A house: hosts open their home. */
static void
draw_host (cairo_t *cr,
           double   x,
           double   y)
{
  cairo_move_to (cr, x, y - 11);
  cairo_line_to (cr, x + 10, y - 2);
  cairo_line_to (cr, x + 7, y - 2);
  cairo_line_to (cr, x + 7, y + 8);
  cairo_line_to (cr, x - 7, y + 8);
  cairo_line_to (cr, x - 7, y - 2);
  cairo_line_to (cr, x - 10, y - 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, HOST_R);
  cairo_fill (cr);
}

/* A person: guests come to a table. */
static void
draw_guest (cairo_t *cr,
            double   x,
            double   y)
{
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_new_path (cr);
      cairo_arc (cr, x, y - 5, 4.5, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y + 8, 8, G_PI, 2 * G_PI);
      cairo_close_path (cr);
      if (pass == 0)
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
        }
      else
        {
          cairo_set_source_rgb (cr, GUEST_R);
          cairo_fill (cr);
        }
    }
}

/* A small legend at the top left, under the map's own buttons. */
static void
draw_legend (GtkWidget *widget,
             cairo_t   *cr)
{
  const char *labels[] = { _("Host household"), _("Guest"), _("Guest and host matched") };
  double x = 12, y = 56, row = 22, width = 0;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int w, h;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      width = MAX (width, w);
    }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_rectangle (cr, x, y, width + 46, row * 3 + 12);
  cairo_fill (cr);

  draw_host (cr, x + 18, y + 6 + row / 2);
  draw_guest (cr, x + 18, y + 6 + row * 1.5 - 2);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, x + 6, y + 6 + row * 2.5);
  cairo_line_to (cr, x + 30, y + 6 + row * 2.5);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, x + 38, y + 6 + row * i + (row - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
voisins_holiday_layer_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  VoisinsHolidayLayer *self = VOISINS_HOLIDAY_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  double x, y, x2, y2;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  cairo_set_line_width (cr, 2.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->links->len; i++)
    {
      Link *l = &g_array_index (self->links, Link, i);
      double dashes[] = { 6, 4 };

      if (!to_widget (self, &l->a, &x, &y) || !to_widget (self, &l->b, &x2, &y2))
        continue;
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_source_rgba (cr, 0.3, 0.3, 0.3, 0.9);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x2, y2);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint i = 0; i < self->guests->len; i++)
    if (to_widget (self, &g_array_index (self->guests, Point, i), &x, &y))
      draw_guest (cr, x, y);
  for (guint i = 0; i < self->hosts->len; i++)
    if (to_widget (self, &g_array_index (self->hosts, Point, i), &x, &y))
      draw_host (cr, x, y);

  draw_legend (widget, cr);
  cairo_destroy (cr);
}

static void
voisins_holiday_layer_finalize (GObject *object)
{
  VoisinsHolidayLayer *self = (VoisinsHolidayLayer *) object;

  g_clear_pointer (&self->hosts, g_array_unref);
  g_clear_pointer (&self->guests, g_array_unref);
  g_clear_pointer (&self->links, g_array_unref);

  G_OBJECT_CLASS (voisins_holiday_layer_parent_class)->finalize (object);
}

static void
voisins_holiday_layer_constructed (GObject *object)
{
  VoisinsHolidayLayer *self = (VoisinsHolidayLayer *) object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (voisins_holiday_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
}

static void
voisins_holiday_layer_class_init (VoisinsHolidayLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = voisins_holiday_layer_constructed;
  object_class->finalize = voisins_holiday_layer_finalize;
  widget_class->snapshot = voisins_holiday_layer_snapshot;
}

static void
voisins_holiday_layer_init (VoisinsHolidayLayer *self)
{
  self->hosts = g_array_new (FALSE, FALSE, sizeof (Point));
  self->guests = g_array_new (FALSE, FALSE, sizeof (Point));
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

VoisinsHolidayLayer *
voisins_holiday_layer_new (ShumateViewport *viewport)
{
  return g_object_new (VOISINS_TYPE_HOLIDAY_LAYER, "viewport", viewport, NULL);
}

void
voisins_holiday_layer_clear (VoisinsHolidayLayer *self)
{
  g_return_if_fail (VOISINS_IS_HOLIDAY_LAYER (self));

  g_array_set_size (self->hosts, 0);
  g_array_set_size (self->guests, 0);
  g_array_set_size (self->links, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
voisins_holiday_layer_add_host (VoisinsHolidayLayer *self,
                                double               latitude,
                                double               longitude)
{
  Point p = { latitude, longitude };

  g_return_if_fail (VOISINS_IS_HOLIDAY_LAYER (self));
  g_array_append_val (self->hosts, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
voisins_holiday_layer_add_guest (VoisinsHolidayLayer *self,
                                 double               latitude,
                                 double               longitude)
{
  Point p = { latitude, longitude };

  g_return_if_fail (VOISINS_IS_HOLIDAY_LAYER (self));
  g_array_append_val (self->guests, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
voisins_holiday_layer_add_link (VoisinsHolidayLayer *self,
                                double               host_latitude,
                                double               host_longitude,
                                double               guest_latitude,
                                double               guest_longitude)
{
  Link l = { { host_latitude, host_longitude }, { guest_latitude, guest_longitude } };

  g_return_if_fail (VOISINS_IS_HOLIDAY_LAYER (self));
  g_array_append_val (self->links, l);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
voisins_holiday_layer_get_n_hosts (VoisinsHolidayLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_LAYER (self), 0);
  return self->hosts->len;
}

guint
voisins_holiday_layer_get_n_guests (VoisinsHolidayLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_LAYER (self), 0);
  return self->guests->len;
}

guint
voisins_holiday_layer_get_n_links (VoisinsHolidayLayer *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_LAYER (self), 0);
  return self->links->len;
}
