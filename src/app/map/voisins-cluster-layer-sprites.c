/* voisins-cluster-layer-sprites.c
 *
 * How the cluster layer draws its posts: each kind of marker (a single post of one kind
 * and category, a group of one count) is drawn once into an image, its sprite, which each
 * frame then places at the marker's position. Drawing each marker from its parts on
 * every frame (two rounded clips, a recoloured symbolic icon or a text layout) was most
 * of the layer's cost while panning (bench #5, perf): with GTK 4.8's cairo renderer a
 * symbolic icon is an offscreen group per marker, and a group's count a new PangoLayout.
 *
 * With the cairo renderer the sprites are cairo surfaces painted by one cairo node for
 * the whole layer (a texture node would be downloaded into a new surface on each frame);
 * with the GL renderer they are textures, uploaded once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include "voisins-cluster-layer-private.h"

/* Sprites kept at most; a zoom out and in again makes new counts. */
#define MAX_SPRITES 1024

static const char *const category_icons[VOISINS_N_CATEGORIES] = {
  [VOISINS_CATEGORY_SERVICE] = "emblem-favorite-symbolic",
  [VOISINS_CATEGORY_BABYSITTING] = "face-smile-big-symbolic",
  [VOISINS_CATEGORY_DIY] = "applications-engineering-symbolic",
  [VOISINS_CATEGORY_LENDING] = "emblem-shared-symbolic",
  [VOISINS_CATEGORY_ACTIVITY] = "applications-games-symbolic",
  [VOISINS_CATEGORY_GROUP] = "system-users-symbolic",
  [VOISINS_CATEGORY_EVENT] = "x-office-calendar-symbolic",
};

/* Adwaita palette: orange for requests, green for offers, blue for groups. */
static const GdkRGBA request_color = { 0.776, 0.275, 0.0, 1.0 };   /* #c64600 */
static const GdkRGBA offer_color = { 0.149, 0.635, 0.412, 1.0 };   /* #26a269 */
static const GdkRGBA cluster_color = { 0.110, 0.443, 0.847, 1.0 }; /* #1c71d8 */

struct _Sprite
{
  cairo_surface_t *surface; /* at the layer's scale factor */
  GdkTexture      *texture; /* made when a GL renderer asks */
  double           size;    /* side, in layer pixels */
};

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  cairo_surface_destroy (sprite->surface);
  g_clear_object (&sprite->texture);
  g_free (sprite);
}

static void
append_circle (GtkSnapshot *snapshot, double x, double y, double radius, const GdkRGBA *color)
{
  GskRoundedRect  rect;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius);

  gsk_rounded_rect_init_from_rect (&rect, &bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static GtkIconPaintable *
get_icon (VoisinsClusterLayer *self, VoisinsCategory category)
{
  if ((guint) category >= VOISINS_N_CATEGORIES)
    category = VOISINS_CATEGORY_SERVICE;

  if (self->icons[category] == NULL)
    {
      GtkIconTheme *theme =
          gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      self->icons[category] =
          gtk_icon_theme_lookup_icon (theme, category_icons[category], NULL, ICON_SIZE,
                                      gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                      gtk_widget_get_direction (GTK_WIDGET (self)), 0);
    }

  return self->icons[category];
}

/* A single post: its colour by kind, the icon of its category. */
static void
snapshot_single (VoisinsClusterLayer *self,
                 GtkSnapshot         *snapshot,
                 const Entry         *e,
                 double               x,
                 double               y)
{
  gboolean          request = e->kind == VOISINS_POST_KIND_REQUEST;
  GtkIconPaintable *icon = get_icon (self, e->category);
  const GdkRGBA     icon_colors[4] = { white, white, white, white };

  append_circle (snapshot, x, y, SINGLE_RADIUS + 2, &halo);
  append_circle (snapshot, x, y, SINGLE_RADIUS, request ? &request_color : &offer_color);

  if (icon != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (x - ICON_SIZE / 2.0, y - ICON_SIZE / 2.0));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE,
                                                ICON_SIZE, icon_colors, 4);
      gtk_snapshot_restore (snapshot);
    }
}

/* A group: blue, its count in bold. */
static void
snapshot_group (VoisinsClusterLayer *self,
                GtkSnapshot         *snapshot,
                guint                count,
                double               radius,
                double               x,
                double               y)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  char text[16];
  int  width, height;

  append_circle (snapshot, x, y, radius + 2, &halo);
  append_circle (snapshot, x, y, radius, &cluster_color);

  g_snprintf (text, sizeof text, "%u", count);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &width, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - width / 2.0, y - height / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

static guint
sprite_key (VoisinsClusterLayer *self, const Cluster *c)
{
  if (c->count == 1)
    {
      const Entry *e = &g_array_index (self->entries, Entry, c->post);

      return 0x80000000u | (e->kind == VOISINS_POST_KIND_REQUEST ? 0x100u : 0u) | e->category;
    }

  return MIN (c->count, 0x7fffffffu);
}

static Sprite *
sprite_new (VoisinsClusterLayer *self, const Cluster *c)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  Sprite  *sprite = g_new0 (Sprite, 1);
  int      scale = self->sprite_scale;
  int      pixels;
  cairo_t *cr;

  /* The halo's circle, with a pixel to spare for its antialiased edge. */
  sprite->size = ceil (2 * (c->radius + 2)) + 2;
  if (c->count == 1)
    snapshot_single (self, snapshot, &g_array_index (self->entries, Entry, c->post),
                     sprite->size / 2, sprite->size / 2);
  else
    snapshot_group (self, snapshot, c->count, c->radius, sprite->size / 2, sprite->size / 2);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  pixels = (int) sprite->size * scale;
  sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels);
  cr = cairo_create (sprite->surface);
  cairo_scale (cr, scale, scale);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (sprite->surface);
  cairo_surface_set_device_scale (sprite->surface, scale, scale);

  return sprite;
}

static Sprite *
get_sprite (VoisinsClusterLayer *self, const Cluster *c)
{
  guint   key = sprite_key (self, c);
  Sprite *sprite = g_hash_table_lookup (self->sprites, GUINT_TO_POINTER (key));

  if (sprite == NULL)
    {
      if (g_hash_table_size (self->sprites) >= MAX_SPRITES)
        g_hash_table_remove_all (self->sprites);
      sprite = sprite_new (self, c);
      g_hash_table_insert (self->sprites, GUINT_TO_POINTER (key), sprite);
    }

  return sprite;
}

static GdkTexture *
sprite_get_texture (Sprite *sprite)
{
  if (sprite->texture == NULL)
    {
      int width = cairo_image_surface_get_width (sprite->surface);
      int height = cairo_image_surface_get_height (sprite->surface);
      int stride = cairo_image_surface_get_stride (sprite->surface);
      g_autoptr(GBytes) bytes =
          g_bytes_new (cairo_image_surface_get_data (sprite->surface), (gsize) stride * height);

      /* Cairo's ARGB32 is GDK_MEMORY_DEFAULT. */
      sprite->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
    }

  return sprite->texture;
}

/* The sprite's corner for a marker centred at (x, y), on a device pixel. */
static void
sprite_origin (const Sprite *sprite, int scale, double x, double y, double *ox, double *oy)
{
  *ox = round ((x - sprite->size / 2) * scale) / scale;
  *oy = round ((y - sprite->size / 2) * scale) / scale;
}

void
_voisins_cluster_layer_snapshot_clusters (VoisinsClusterLayer *self,
                                          GtkSnapshot         *snapshot,
                                          const Projection    *proj)
{
  GtkWidget   *widget = GTK_WIDGET (self);
  GtkNative   *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  gboolean     with_cairo = renderer == NULL || GSK_IS_CAIRO_RENDERER (renderer);
  int          scale = gtk_widget_get_scale_factor (widget);
  cairo_t     *cr = NULL;

  if (self->sprites == NULL)
    self->sprites = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  if (scale != self->sprite_scale)
    {
      g_hash_table_remove_all (self->sprites);
      for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
        g_clear_object (&self->icons[i]);
      self->sprite_scale = scale;
    }

  /* The cairo renderer replays a cairo node through an image the size of its bounds:
   * only the part of the layer with markers, not the whole map. */
  if (with_cairo)
    {
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint i = 0; i < self->clusters->len; i++)
        {
          const Cluster *c = &g_array_index (self->clusters, Cluster, i);
          double         x, y, half = c->radius + 4;

          project (proj, c->mx, c->my, &x, &y);
          if (!is_on_screen (proj, x, y, c->radius + 4))
            continue;
          x0 = MIN (x0, x - half);
          y0 = MIN (y0, y - half);
          x1 = MAX (x1, x + half);
          y1 = MAX (y1, y + half);
        }
      if (x0 > x1)
        return;

      x0 = floor (MAX (x0, 0));
      y0 = floor (MAX (y0, 0));
      x1 = ceil (MIN (x1, gtk_widget_get_width (widget)));
      y1 = ceil (MIN (y1, gtk_widget_get_height (widget)));
      if (x0 >= x1 || y0 >= y1)
        return;
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
    }

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      Sprite        *sprite;
      double         x, y, ox, oy;

      project (proj, c->mx, c->my, &x, &y);
      if (!is_on_screen (proj, x, y, c->radius + 4))
        continue;

      sprite = get_sprite (self, c);
      sprite_origin (sprite, scale, x, y, &ox, &oy);
      if (with_cairo)
        {
          cairo_set_source_surface (cr, sprite->surface, ox, oy);
          cairo_paint (cr);
        }
      else
        {
          gtk_snapshot_append_texture (snapshot, sprite_get_texture (sprite),
                                       &GRAPHENE_RECT_INIT (ox, oy, sprite->size, sprite->size));
        }
    }

  g_clear_pointer (&cr, cairo_destroy);
}
