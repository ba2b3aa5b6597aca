/* voisins-basemap-render.c: drawing the basemap's tiles and placing the street names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each zoom's street names are placed once, in world pixels (the whole quartier at that
 * zoom), and every tile draws every label that touches it: a name across a tile edge is
 * drawn half in each tile and never cut. A label goes along its street (the street's local
 * axis, from the polygon's outline), inside it, upright, and away from other labels. The
 * tiles of a zoom are drawn on every core and written in a fixed order.
 */
#define G_LOG_DOMAIN "voisins-basemap"

#include <cairo.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "voisins-basemap-mbtiles.h"
#include "voisins-basemap-layers.h"
#include "voisins-basemap-png.h"
#include "voisins-basemap-render.h"

#define TILE 256
#define EARTH_CIRCUMFERENCE 40075016.686
#define FONT_FAMILY "Cantarell, DejaVu Sans, Sans"
#define HALO 3.0

/* The style: a warm paper, white streets with a grey casing, the boundary in GNOME blue. */
static const double bg_color[] = { 0.945, 0.933, 0.906 };
static const double class_colors[BASEMAP_N_CLASSES][3] = {
  [BASEMAP_PARK] = { 0.792, 0.890, 0.741 },
  [BASEMAP_WATER] = { 0.667, 0.827, 0.875 },
  [BASEMAP_BUILDING] = { 0.863, 0.835, 0.796 },
  [BASEMAP_STREET] = { 1.0, 1.0, 1.0 },
};
static const double casing_color[] = { 0.765, 0.729, 0.675 };
static const double building_line_color[] = { 0.784, 0.749, 0.702 };
static const double text_color[] = { 0.2, 0.2, 0.22 };
static const double boundary_color[] = { 0.110, 0.443, 0.847 };

typedef struct
{
  char   *text;
  double  cx, cy;    /* world pixels at the label's zoom, 1x */
  double  angle;     /* radians, upright */
  double  w, h;      /* the text's size */
  double  x0, y0, x1, y1;  /* the box it covers, halo included */
} Label;

typedef struct
{
  const VoisinsBasemapOptions *options;
  GPtrArray                   *features;
  GArray                      *boundary;    /* of GArray* rings, normalised */
  PangoContext                *measure;     /* the main thread's, to place labels */
  cairo_font_options_t        *font_options;
  GArray                      *labels;      /* of the zoom being drawn */
  double                       lat;         /* the quartier's, for metres per pixel */
} Renderer;

static void
label_clear (gpointer data)
{
  g_free (((Label *) data)->text);
}

static void
ring_free (gpointer data)
{
  g_array_unref (*(GArray **) data);
}

/* {{{ geometry helpers */

static double
metres_per_pixel (Renderer *r,
                  int       z)
{
  return EARTH_CIRCUMFERENCE * cos (r->lat * G_PI / 180.0) / (TILE * (double) (1 << z));
}

static void
margin_bbox (VoisinsPolygon *boundary,
             double          margin,
             double         *x0,
             double         *y0,
             double         *x1,
             double         *y1)
{
  VoisinsBBox bbox;
  double lat, dx;

  voisins_polygon_get_bbox (boundary, &bbox);
  _voisins_basemap_project (bbox.min_lon, bbox.max_lat, x0, y0);
  _voisins_basemap_project (bbox.max_lon, bbox.min_lat, x1, y1);
  lat = (bbox.min_lat + bbox.max_lat) / 2;
  /* a metre on the ground is 1 / cos(lat) metres of Mercator */
  dx = margin / (EARTH_CIRCUMFERENCE * cos (lat * G_PI / 180.0));
  *x0 -= dx;
  *y0 -= dx;
  *x1 += dx;
  *y1 += dx;
}

void
voisins_basemap_tile_range (VoisinsPolygon *boundary,
                            double          margin,
                            int             z,
                            int            *x0,
                            int            *y0,
                            int            *x1,
                            int            *y1)
{
  double bx0, by0, bx1, by1;
  double n = (double) (1 << z);

  margin_bbox (boundary, margin, &bx0, &by0, &bx1, &by1);
  *x0 = CLAMP ((int) floor (bx0 * n), 0, (1 << z) - 1);
  *y0 = CLAMP ((int) floor (by0 * n), 0, (1 << z) - 1);
  *x1 = CLAMP ((int) floor (bx1 * n), 0, (1 << z) - 1);
  *y1 = CLAMP ((int) floor (by1 * n), 0, (1 << z) - 1);
}

static gboolean
ring_contains (const double *p,
               guint         n,
               double        x,
               double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if (((p[2 * i + 1] > y) != (p[2 * j + 1] > y)) &&
        x < (p[2 * j] - p[2 * i]) * (y - p[2 * i + 1]) / (p[2 * j + 1] - p[2 * i + 1]) + p[2 * i])
      inside = !inside;
  return inside;
}

/* @x, @y normalised. */
static gboolean
feature_contains (BasemapFeature *f,
                  double          x,
                  double          y)
{
  gboolean inside = FALSE;

  for (guint r = 0; r < f->rings->len; r++)
    {
      GArray *ring = g_array_index (f->rings, GArray *, r);

      if (ring_contains ((const double *) ring->data, ring->len / 2, x, y))
        inside = !inside;
    }
  return inside;
}

/* The ring in world pixels, a point every @step pixels at least. */
static GArray *
densify (GArray *ring,
         double  world,
         double  step)
{
  const double *p = (const double *) ring->data;
  guint n = ring->len / 2;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i + 1 < n; i++)
    {
      double ax = p[2 * i] * world, ay = p[2 * i + 1] * world;
      double bx = p[2 * i + 2] * world, by = p[2 * i + 3] * world;
      int k = MAX (1, (int) ceil (hypot (bx - ax, by - ay) / step));

      for (int j = 0; j < k; j++)
        {
          double xy[2] = { ax + (bx - ax) * j / k, ay + (by - ay) * j / k };

          g_array_append_vals (out, xy, 2);
        }
    }
  return out;
}

/* Principal axis of @n points: the centre, the unit direction and the spreads. */
static void
principal_axis (const double *p,
                guint         n,
                double       *cx,
                double       *cy,
                double       *dx,
                double       *dy,
                double       *ratio)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, a, l1, l2, d;

  for (guint i = 0; i < n; i++)
    {
      sx += p[2 * i];
      sy += p[2 * i + 1];
    }
  *cx = sx / n;
  *cy = sy / n;
  for (guint i = 0; i < n; i++)
    {
      double x = p[2 * i] - *cx, y = p[2 * i + 1] - *cy;

      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
  a = 0.5 * atan2 (2 * sxy, sxx - syy);
  *dx = cos (a);
  *dy = sin (a);
  d = sqrt ((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
  l1 = (sxx + syy) / 2 + d;
  l2 = (sxx + syy) / 2 - d;
  *ratio = l2 > 1e-9 ? sqrt (l1 / l2) : 1000;
}

/* }}} */
/* {{{ labels */

static double
label_size (int z)
{
  return z >= 18 ? 13 : z == 17 ? 12 : z == 16 ? 11 : 10;
}

static PangoLayout *
make_layout (PangoContext *context,
             const char   *text,
             int           z)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, label_size (z) * PANGO_SCALE);
  if (z >= 17)
    pango_font_description_set_weight (font, PANGO_WEIGHT_MEDIUM);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* "rue de Charenton" -> "Rue de Charenton", as street plates have it. */
static char *
label_text (const char *name)
{
  gunichar c = g_utf8_get_char (name);
  char first[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_toupper (c), first);
  return g_strconcat (first, g_utf8_next_char (name), NULL);
}

static gboolean
label_fits (Renderer *r,
            Label    *label,
            double    min_same_distance)
{
  double c = fabs (cos (label->angle)), s = fabs (sin (label->angle));
  double hw = (label->w * c + label->h * s) / 2 + HALO;
  double hh = (label->w * s + label->h * c) / 2 + HALO;

  label->x0 = label->cx - hw;
  label->x1 = label->cx + hw;
  label->y0 = label->cy - hh;
  label->y1 = label->cy + hh;
  for (guint i = 0; i < r->labels->len; i++)
    {
      Label *o = &g_array_index (r->labels, Label, i);

      if (label->x0 < o->x1 + 4 && label->x1 > o->x0 - 4 && label->y0 < o->y1 + 4 &&
          label->y1 > o->y0 - 4)
        return FALSE;
      if (g_str_equal (label->text, o->text) &&
          hypot (label->cx - o->cx, label->cy - o->cy) < min_same_distance)
        return FALSE;
    }
  return TRUE;
}

static void
try_label (Renderer   *r,
           const char *text,
           double      cx,
           double      cy,
           double      angle,
           double      w,
           double      h,
           double      spacing)
{
  Label label = { (char *) text, cx, cy, angle, w, h };

  /* upright: between -90° and 90° */
  while (label.angle > G_PI / 2 + 1e-9)
    label.angle -= G_PI;
  while (label.angle <= -G_PI / 2 + 1e-9)
    label.angle += G_PI;
  if (!label_fits (r, &label, spacing * 0.8))
    return;
  label.text = g_strdup (text);
  g_array_append_val (r->labels, label);
}

/* Along a street surface: windows of the text's length along the polygon's main axis,
 * from the middle outwards; each window's own axis (streets bend) and centre. */
static void
place_on_polygon (Renderer       *r,
                  BasemapFeature *f,
                  const char     *text,
                  double          world,
                  double          w,
                  double          h,
                  double          spacing)
{
  g_autoptr(GArray) pts = densify (g_array_index (f->rings, GArray *, 0), world, 3);
  g_autoptr(GArray) window = g_array_new (FALSE, FALSE, sizeof (double));
  const double *p = (const double *) pts->data;
  guint n = pts->len / 2;
  double cx, cy, dx, dy, ratio, tmin = G_MAXDOUBLE, tmax = -G_MAXDOUBLE, mid;
  int steps;

  if (n < 3)
    return;
  principal_axis (p, n, &cx, &cy, &dx, &dy, &ratio);
  for (guint i = 0; i < n; i++)
    {
      double t = (p[2 * i] - cx) * dx + (p[2 * i + 1] - cy) * dy;

      tmin = MIN (tmin, t);
      tmax = MAX (tmax, t);
    }

  /* A square or a place: its name flat, in its middle, if it is wide enough. */
  if (ratio < 2.5)
    {
      if (tmax - tmin >= w + 8 && feature_contains (f, cx / world, cy / world))
        try_label (r, text, cx, cy, 0, w, h, spacing);
      return;
    }
  if (tmax - tmin < w + 8)
    return;

  mid = (tmin + tmax) / 2;
  steps = (int) floor ((tmax - tmin - w) / 2 / spacing);
  for (int k = 0; k <= 2 * steps; k++)
    {
      /* 0, +1, -1, +2, -2... spacings from the middle */
      int j = (k + 1) / 2 * (k % 2 ? 1 : -1);
      double t0 = mid + j * spacing;
      double wcx, wcy, wdx, wdy, wratio, lmin = G_MAXDOUBLE, lmax = -G_MAXDOUBLE;

      g_array_set_size (window, 0);
      for (guint i = 0; i < n; i++)
        {
          double t = (p[2 * i] - cx) * dx + (p[2 * i + 1] - cy) * dy;

          if (fabs (t - t0) <= w / 2 + 6)
            g_array_append_vals (window, p + 2 * i, 2);
        }
      if (window->len < 8)
        continue;
      principal_axis ((const double *) window->data, window->len / 2, &wcx, &wcy, &wdx, &wdy,
                      &wratio);
      for (guint i = 0; i < window->len / 2; i++)
        {
          const double *q = (const double *) window->data + 2 * i;
          double t = (q[0] - wcx) * wdx + (q[1] - wcy) * wdy;

          lmin = MIN (lmin, t);
          lmax = MAX (lmax, t);
        }
      /* the window must run the text's whole length, its centre on the street */
      if (lmax - lmin < w * 0.95 || !feature_contains (f, wcx / world, wcy / world))
        continue;
      try_label (r, text, wcx, wcy, atan2 (wdy, wdx), w, h, spacing);
    }
}

/* Along a centreline: chords of the text's length, nearly straight. */
static void
place_on_line (Renderer   *r,
               GArray     *ring,
               const char *text,
               double      world,
               double      w,
               double      h,
               double      spacing)
{
  g_autoptr(GArray) pts = densify (ring, world, 2);
  const double *p;
  guint n;
  double length;
  int steps;

  {
    /* densify drops the last point: put it back */
    const double *q = (const double *) ring->data;
    double last[2] = { q[ring->len - 2] * world, q[ring->len - 1] * world };

    g_array_append_vals (pts, last, 2);
  }
  p = (const double *) pts->data;
  n = pts->len / 2;
  length = 0;
  for (guint i = 0; i + 1 < n; i++)
    length += hypot (p[2 * i + 2] - p[2 * i], p[2 * i + 3] - p[2 * i + 1]);
  if (length < w + 8)
    return;
  steps = (int) floor ((length - w) / 2 / spacing);
  for (int k = 0; k <= 2 * steps; k++)
    {
      int j = (k + 1) / 2 * (k % 2 ? 1 : -1);
      double s0 = length / 2 + j * spacing - w / 2, s1 = s0 + w, s = 0;
      double a[2] = { 0 }, b[2] = { 0 };
      gboolean have_a = FALSE, have_b = FALSE;

      for (guint i = 0; i + 1 < n && !have_b; i++)
        {
          double seg = hypot (p[2 * i + 2] - p[2 * i], p[2 * i + 3] - p[2 * i + 1]);

          if (!have_a && s + seg >= s0)
            {
              double u = seg > 0 ? (s0 - s) / seg : 0;

              a[0] = p[2 * i] + u * (p[2 * i + 2] - p[2 * i]);
              a[1] = p[2 * i + 1] + u * (p[2 * i + 3] - p[2 * i + 1]);
              have_a = TRUE;
            }
          if (have_a && s + seg >= s1)
            {
              double u = seg > 0 ? (s1 - s) / seg : 0;

              b[0] = p[2 * i] + u * (p[2 * i + 2] - p[2 * i]);
              b[1] = p[2 * i + 1] + u * (p[2 * i + 3] - p[2 * i + 1]);
              have_b = TRUE;
            }
          s += seg;
        }
      /* a bend under the text: no label there */
      if (!have_b || hypot (b[0] - a[0], b[1] - a[1]) < w * 0.92)
        continue;
      try_label (r, text, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, atan2 (b[1] - a[1], b[0] - a[0]),
                 w, h, spacing);
    }
}

static int
compare_for_labels (gconstpointer a,
                    gconstpointer b)
{
  const BasemapFeature *fa = *(BasemapFeature *const *) a;
  const BasemapFeature *fb = *(BasemapFeature *const *) b;
  double la = fa->is_line ? fa->width * 1e-12 : fa->area;
  double lb = fb->is_line ? fb->width * 1e-12 : fb->area;

  /* the widest streets name themselves first */
  if (la != lb)
    return la > lb ? -1 : 1;
  return fa->order < fb->order ? -1 : fa->order > fb->order;
}

static void
place_labels (Renderer *r,
              int       z)
{
  g_autoptr(GPtrArray) streets = g_ptr_array_new ();
  double world = TILE * (double) (1 << z);
  double spacing = z >= 18 ? 420 : z == 17 ? 380 : 340;

  g_array_set_size (r->labels, 0);
  if (z < 15)
    return;
  for (guint i = 0; i < r->features->len; i++)
    {
      BasemapFeature *f = r->features->pdata[i];

      if (f->klass == BASEMAP_STREET && f->name)
        g_ptr_array_add (streets, f);
    }
  g_ptr_array_sort (streets, compare_for_labels);
  for (guint i = 0; i < streets->len; i++)
    {
      BasemapFeature *f = streets->pdata[i];
      g_autofree char *text = label_text (f->name);
      g_autoptr(PangoLayout) layout = make_layout (r->measure, text, z);
      PangoRectangle ink, logical;
      double w, h;

      pango_layout_get_extents (layout, &ink, &logical);
      w = logical.width / (double) PANGO_SCALE;
      h = logical.height / (double) PANGO_SCALE;
      /* z15: only the big streets, whose names fit without crowding */
      if (z == 15 && !f->is_line && f->area * world * world < w * 40)
        continue;
      if (f->is_line)
        for (guint k = 0; k < f->rings->len; k++)
          place_on_line (r, g_array_index (f->rings, GArray *, k), text, world, w, h, spacing);
      else
        place_on_polygon (r, f, text, world, w, h, spacing);
    }
}

/* }}} */
/* {{{ drawing */

static void
path_rings (cairo_t *cr,
            GArray  *rings,
            double   world,
            double   ox,
            double   oy,
            gboolean close)
{
  for (guint k = 0; k < rings->len; k++)
    {
      GArray *ring = g_array_index (rings, GArray *, k);
      const double *p = (const double *) ring->data;

      cairo_move_to (cr, p[0] * world - ox, p[1] * world - oy);
      for (guint i = 1; i < ring->len / 2; i++)
        cairo_line_to (cr, p[2 * i] * world - ox, p[2 * i + 1] * world - oy);
      if (close)
        cairo_close_path (cr);
    }
}

static gboolean
touches (BasemapFeature *f,
         double          x0,
         double          y0,
         double          x1,
         double          y1)
{
  return !(f->x1 < x0 || f->x0 > x1 || f->y1 < y0 || f->y0 > y1);
}

static double
line_width_px (Renderer       *r,
               BasemapFeature *f,
               int             z)
{
  return MAX (f->width / metres_per_pixel (r, z), z >= 16 ? 2.5 : 1.2);
}

static void
draw_streets (Renderer *r,
              cairo_t  *cr,
              int       z,
              double    world,
              double    ox,
              double    oy,
              double    pad[4],
              gboolean  casing)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < r->features->len; i++)
    {
      BasemapFeature *f = r->features->pdata[i];

      if (f->klass != BASEMAP_STREET || !touches (f, pad[0], pad[1], pad[2], pad[3]))
        continue;
      cairo_new_path (cr);
      path_rings (cr, f->rings, world, ox, oy, !f->is_line);
      if (casing)
        {
          cairo_set_source_rgb (cr, casing_color[0], casing_color[1], casing_color[2]);
          cairo_set_line_width (cr, f->is_line ? line_width_px (r, f, z) + 2
                                               : (z >= 16 ? 3.0 : 2.4));
          cairo_stroke (cr);
        }
      else
        {
          const double *c = class_colors[BASEMAP_STREET];

          cairo_set_source_rgb (cr, c[0], c[1], c[2]);
          if (f->is_line)
            {
              cairo_set_line_width (cr, line_width_px (r, f, z));
              cairo_stroke (cr);
            }
          else
            {
              /* the stroke hides the seams between the surfaces of adjacent streets, and
               * below z16, where a street is a pixel or two wide, thickens it */
              cairo_fill_preserve (cr);
              cairo_set_line_width (cr, 1.0);
              cairo_stroke (cr);
            }
        }
    }
}

static void
draw_label (Renderer     *r,
            cairo_t      *cr,
            PangoContext *context,
            Label        *label,
            int           z,
            double        ox,
            double        oy)
{
  g_autoptr(PangoLayout) layout = make_layout (context, label->text, z);

  cairo_save (cr);
  cairo_translate (cr, label->cx - ox, label->cy - oy);
  cairo_rotate (cr, label->angle);
  cairo_move_to (cr, -label->w / 2, -label->h / 2);
  pango_cairo_layout_path (cr, layout);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, HALO);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, text_color[0], text_color[1], text_color[2]);
  cairo_fill (cr);
  cairo_restore (cr);
}

static GBytes *
render_tile (Renderer     *r,
             PangoContext *context,
             int           z,
             int           tx,
             int           ty,
             int           scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE * scale,
                                                         TILE * scale);
  cairo_t *cr = cairo_create (surface);
  GBytes *png;
  double world = TILE * (double) (1 << z);
  double ox = tx * (double) TILE, oy = ty * (double) TILE;
  /* what may reach into the tile: a casing, a wide line */
  double m = 24 / world;
  double pad[4] = { tx / (double) (1 << z) - m, ty / (double) (1 << z) - m,
                    (tx + 1) / (double) (1 << z) + m, (ty + 1) / (double) (1 << z) + m };

  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, bg_color[0], bg_color[1], bg_color[2]);
  cairo_paint (cr);

  /* parks, water, buildings (from z15) */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint i = 0; i < r->features->len; i++)
    {
      BasemapFeature *f = r->features->pdata[i];
      const double *c = class_colors[f->klass];

      if (f->klass == BASEMAP_STREET || f->is_line || (f->klass == BASEMAP_BUILDING && z < 15) ||
          !touches (f, pad[0], pad[1], pad[2], pad[3]))
        continue;
      cairo_new_path (cr);
      path_rings (cr, f->rings, world, ox, oy, TRUE);
      cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      if (f->klass == BASEMAP_BUILDING && z >= 17)
        {
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, building_line_color[0], building_line_color[1],
                                building_line_color[2]);
          cairo_set_line_width (cr, 0.8);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }

  /* the streets: every casing, then every surface, so that crossings read as one */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  draw_streets (r, cr, z, world, ox, oy, pad, TRUE);
  draw_streets (r, cr, z, world, ox, oy, pad, FALSE);

  /* outside the quartier, a light veil; then its boundary */
  cairo_new_path (cr);
  cairo_rectangle (cr, -8, -8, TILE + 16, TILE + 16);
  path_rings (cr, r->boundary, world, ox, oy, TRUE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, 0.30, 0.30, 0.38, 0.10);
  cairo_fill (cr);
  cairo_new_path (cr);
  path_rings (cr, r->boundary, world, ox, oy, TRUE);
  cairo_set_source_rgba (cr, boundary_color[0], boundary_color[1], boundary_color[2], 0.85);
  cairo_set_line_width (cr, z >= 16 ? 3.0 : 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* every label that touches the tile, whole */
  pango_cairo_update_context (cr, context);
  for (guint i = 0; i < r->labels->len; i++)
    {
      Label *l = &g_array_index (r->labels, Label, i);

      if (l->x1 < ox || l->x0 > ox + TILE || l->y1 < oy || l->y0 > oy + TILE)
        continue;
      draw_label (r, cr, context, l, z, ox, oy);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  png = _voisins_basemap_png_encode (cairo_image_surface_get_data (surface),
                                     cairo_image_surface_get_width (surface),
                                     cairo_image_surface_get_height (surface),
                                     cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return png;
}

/* }}} */

/* {{{ the tiles of a zoom, on every core */

/* A pango context per thread and scale: pango's default font map is per thread. */
static PangoContext *
new_context (const cairo_font_options_t *font_options)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  pango_cairo_context_set_font_options (context, font_options);
  pango_cairo_context_set_resolution (context, 96);
  return context;
}

static void
thread_contexts_free (gpointer data)
{
  PangoContext **contexts = data;

  g_clear_object (&contexts[0]);
  g_clear_object (&contexts[1]);
  g_free (contexts);
}

static GPrivate thread_contexts = G_PRIVATE_INIT (thread_contexts_free);

typedef struct
{
  int     x, y, scale;
  GBytes *png;
} TileJob;

static void
tile_job_clear (gpointer data)
{
  g_clear_pointer (&((TileJob *) data)->png, g_bytes_unref);
}

static void
render_job (gpointer data,
            gpointer user_data)
{
  TileJob *job = data;
  Renderer *r = ((gpointer *) user_data)[0];
  int z = GPOINTER_TO_INT (((gpointer *) user_data)[1]);
  PangoContext **contexts = g_private_get (&thread_contexts);

  if (contexts == NULL)
    {
      contexts = g_new0 (PangoContext *, 2);
      contexts[0] = new_context (r->font_options);
      contexts[1] = new_context (r->font_options);
      g_private_set (&thread_contexts, contexts);
    }
  job->png = render_tile (r, contexts[job->scale == 2 ? 1 : 0], z, job->x, job->y, job->scale);
}

/* Every tile of zoom @z (the labels placed), in parallel; written in x, y, scale order, so
 * the file is the same whatever the threads did. */
static gboolean
render_zoom (Renderer              *r,
             VoisinsBasemapWriter  *writer,
             int                    z,
             VoisinsBasemapStats   *stats,
             GError               **error)
{
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (TileJob));
  gpointer data[2] = { r, GINT_TO_POINTER (z) };
  GThreadPool *pool;
  int tx0, ty0, tx1, ty1;

  g_array_set_clear_func (jobs, tile_job_clear);
  voisins_basemap_tile_range (r->options->boundary, r->options->margin, z, &tx0, &ty0, &tx1,
                              &ty1);
  for (int x = tx0; x <= tx1; x++)
    for (int y = ty0; y <= ty1; y++)
      for (int scale = 1; scale <= 2; scale++)
        {
          TileJob job = { x, y, scale, NULL };

          g_array_append_val (jobs, job);
        }
  pool = g_thread_pool_new (render_job, data, CLAMP (g_get_num_processors (), 1, 8), FALSE,
                            NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push (pool, &g_array_index (jobs, TileJob, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < jobs->len; i++)
    {
      TileJob *job = &g_array_index (jobs, TileJob, i);
      gsize len;
      const guint8 *png = g_bytes_get_data (job->png, &len);

      if (!voisins_basemap_writer_put (writer, z, job->x, job->y, job->scale, png, len, error))
        return FALSE;
      stats->bytes += len;
      stats->n_tiles += job->scale == 1;
    }
  return TRUE;
}

/* }}} */

static void
renderer_init (Renderer                    *r,
               const VoisinsBasemapOptions *options)
{
  VoisinsBBox bbox;

  memset (r, 0, sizeof *r);
  r->options = options;
  r->labels = g_array_new (FALSE, TRUE, sizeof (Label));
  g_array_set_clear_func (r->labels, label_clear);
  /* No hinting: a label measures the same at 1x and 2x, and on every run. */
  r->font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (r->font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (r->font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (r->font_options, CAIRO_ANTIALIAS_GRAY);
  r->measure = new_context (r->font_options);

  r->boundary = g_array_new (FALSE, FALSE, sizeof (GArray *));
  g_array_set_clear_func (r->boundary, ring_free);
  for (guint k = 0; k < voisins_polygon_get_n_rings (options->boundary); k++)
    {
      guint n = 0;
      const double *p = voisins_polygon_get_ring (options->boundary, k, &n);
      GArray *ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);

      for (guint i = 0; i < n; i++)
        {
          double xy[2];

          _voisins_basemap_project (p[2 * i], p[2 * i + 1], &xy[0], &xy[1]);
          g_array_append_vals (ring, xy, 2);
        }
      g_array_append_val (r->boundary, ring);
    }
  voisins_polygon_get_bbox (options->boundary, &bbox);
  r->lat = (bbox.min_lat + bbox.max_lat) / 2;
}

static void
renderer_clear (Renderer *r)
{
  g_clear_pointer (&r->features, g_ptr_array_unref);
  g_clear_pointer (&r->boundary, g_array_unref);
  g_clear_pointer (&r->labels, g_array_unref);
  g_clear_object (&r->measure);
  g_clear_pointer (&r->font_options, cairo_font_options_destroy);
}

static gboolean
check_options (const VoisinsBasemapOptions  *options,
               GError                      **error)
{
  if (options->boundary == NULL || voisins_polygon_get_n_rings (options->boundary) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The association has no boundary: set one with create-association");
      return FALSE;
    }
  if (options->minzoom < 0 || options->maxzoom > 20 || options->minzoom > options->maxzoom)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The zooms must be within 0-20, the first not above the last");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_metadata (VoisinsBasemapWriter         *writer,
                const VoisinsBasemapOptions  *options,
                GError                      **error)
{
  double x0, y0, x1, y1, w, s, e, n, center[2];
  char bounds[160], centre[120];
  g_autofree char *minzoom = g_strdup_printf ("%d", options->minzoom);
  g_autofree char *maxzoom = g_strdup_printf ("%d", options->maxzoom);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, options->version);

  margin_bbox (options->boundary, options->margin, &x0, &y0, &x1, &y1);
  _voisins_basemap_unproject (x0, y1, &w, &s);
  _voisins_basemap_unproject (x1, y0, &e, &n);
  voisins_polygon_get_center (options->boundary, &center[1], &center[0]);
  /* C numbers, whatever the locale's decimal separator */
  {
    double values[] = { w, s, e, n, center[0], center[1] };
    char text[6][G_ASCII_DTOSTR_BUF_SIZE];

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      g_ascii_formatd (text[i], sizeof text[i], "%.6f", values[i]);
    g_snprintf (bounds, sizeof bounds, "%s,%s,%s,%s", text[0], text[1], text[2], text[3]);
    g_snprintf (centre, sizeof centre, "%s,%s,%d", text[4], text[5],
                CLAMP (16, options->minzoom, options->maxzoom));
  }
  return voisins_basemap_writer_set (writer, "name", options->name ? options->name : "Quartier",
                                     error) &&
         voisins_basemap_writer_set (writer, "format", "png", error) &&
         voisins_basemap_writer_set (writer, "type", "baselayer", error) &&
         voisins_basemap_writer_set (writer, "bounds", bounds, error) &&
         voisins_basemap_writer_set (writer, "center", centre, error) &&
         voisins_basemap_writer_set (writer, "minzoom", minzoom, error) &&
         voisins_basemap_writer_set (writer, "maxzoom", maxzoom, error) &&
         voisins_basemap_writer_set (writer, "attribution",
                                     options->attribution ? options->attribution
                                                          : VOISINS_BASEMAP_ATTRIBUTION,
                                     error) &&
         voisins_basemap_writer_set (writer, "version", version, error) &&
         voisins_basemap_writer_set (writer, "voisins_hidpi", "tiles_2x", error);
}

gboolean
voisins_basemap_read_only (const VoisinsBasemapOptions  *options,
                           guint                        *n_features,
                           GError                      **error)
{
  g_autoptr(GPtrArray) features = NULL;
  double x0, y0, x1, y1;

  if (!check_options (options, error))
    return FALSE;
  margin_bbox (options->boundary, options->margin, &x0, &y0, &x1, &y1);
  if (!(features = _voisins_basemap_read (options->streets, options->extras, x0, y0, x1, y1,
                                          error)))
    return FALSE;
  *n_features = features->len;
  return TRUE;
}

gboolean
voisins_basemap_build (const VoisinsBasemapOptions  *options,
                       const char                   *path,
                       VoisinsBasemapStats          *stats,
                       GError                      **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(VoisinsBasemapWriter) writer = NULL;
  VoisinsBasemapStats local = { 0 };
  Renderer r;
  double x0, y0, x1, y1;
  gboolean ok = TRUE;

  if (!check_options (options, error))
    return FALSE;
  stats = stats ? stats : &local;
  memset (stats, 0, sizeof *stats);
  renderer_init (&r, options);
  margin_bbox (options->boundary, options->margin, &x0, &y0, &x1, &y1);
  /* features a little beyond the tiles still show at their edges */
  r.features = _voisins_basemap_read (options->streets, options->extras,
                                      x0 - (x1 - x0) * 0.2, y0 - (y1 - y0) * 0.2,
                                      x1 + (x1 - x0) * 0.2, y1 + (y1 - y0) * 0.2, error);
  if (r.features == NULL || !(writer = voisins_basemap_writer_new (tmp, error)) ||
      !write_metadata (writer, options, error))
    {
      g_clear_pointer (&writer, voisins_basemap_writer_free);
      g_unlink (tmp);
      renderer_clear (&r);
      return FALSE;
    }
  stats->n_features = r.features->len;

  for (int z = options->minzoom; ok && z <= options->maxzoom; z++)
    {
      place_labels (&r, z);
      stats->n_labels += r.labels->len;
      ok = render_zoom (&r, writer, z, stats, error);
    }
  renderer_clear (&r);
  if (!ok || !voisins_basemap_writer_finish (g_steal_pointer (&writer), error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot rename %s: %s",
                   tmp, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
