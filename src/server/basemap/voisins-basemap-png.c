/* voisins-basemap-png.c: a tile as an 8-bit palette PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A map tile is a few flat colours and their anti-aliased edges: with its 256 most
 * frequent colours as the palette (and every other pixel given the nearest of them), the
 * PNG is about a quarter of cairo's RGB one, which is what a laptop downloads. No time or
 * text chunk: the same pixels give the same bytes.
 */
#define G_LOG_DOMAIN "voisins-basemap"

#include <png.h>
#include <string.h>

#include "voisins-basemap-png.h"

#define TABLE_BITS 14
#define TABLE_SIZE (1u << TABLE_BITS)

typedef struct
{
  guint32 rgb;     /* 0xffRRGGBB, 0: empty */
  guint32 count;
  int     index;   /* in the palette */
} Slot;

static guint
slot_of (Slot    *table,
         guint32  rgb)
{
  guint h = (rgb * 2654435761u) >> (32 - TABLE_BITS);

  while (table[h].rgb != 0 && table[h].rgb != rgb)
    h = (h + 1) & (TABLE_SIZE - 1);
  return h;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const Slot *sa = *(Slot *const *) a;
  const Slot *sb = *(Slot *const *) b;

  if (sa->count != sb->count)
    return sa->count > sb->count ? -1 : 1;
  return sa->rgb < sb->rgb ? -1 : sa->rgb > sb->rgb;
}

static void
write_cb (png_structp  png,
          png_bytep    data,
          png_size_t   length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
flush_cb (png_structp png)
{
}

GBytes *
_voisins_basemap_png_encode (const guint8 *pixels,
                             int           width,
                             int           height,
                             int           stride)
{
  g_autofree Slot *table = g_new0 (Slot, TABLE_SIZE);
  g_autoptr(GPtrArray) colours = g_ptr_array_new ();
  g_autofree guint8 *indices = g_malloc ((gsize) width * height);
  png_color palette[256];
  guint n_palette, n_unique = 0;
  GByteArray *out = g_byte_array_new ();
  png_structp png;
  png_infop info;

  /* count the colours (cairo's RGB24: 0xXXRRGGBB in native order) */
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 rgb = (row[x] & 0xffffff) | 0xff000000u;
          guint h = slot_of (table, rgb);

          if (table[h].rgb == 0)
            {
              if (++n_unique > TABLE_SIZE / 2)
                break;  /* a photo, not a map: the nearest colours below still do */
              table[h].rgb = rgb;
              g_ptr_array_add (colours, &table[h]);
            }
          table[h].count++;
        }
    }
  g_ptr_array_sort (colours, compare_counts);
  n_palette = MIN (colours->len, 256);
  for (guint i = 0; i < colours->len; i++)
    {
      Slot *s = colours->pdata[i];

      if (i < n_palette)
        {
          s->index = i;
          palette[i].red = (s->rgb >> 16) & 0xff;
          palette[i].green = (s->rgb >> 8) & 0xff;
          palette[i].blue = s->rgb & 0xff;
        }
      else
        s->index = -1;
    }

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 rgb = (row[x] & 0xffffff) | 0xff000000u;
          guint h = slot_of (table, rgb);
          int index = table[h].rgb == rgb ? table[h].index : -1;

          if (index < 0)
            {
              int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
              int best = G_MAXINT;

              for (guint i = 0; i < n_palette; i++)
                {
                  int dr = r - palette[i].red, dg = g - palette[i].green, db = b - palette[i].blue;
                  int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;

                  if (d < best)
                    {
                      best = d;
                      index = i;
                    }
                }
              if (table[h].rgb == rgb)
                table[h].index = index;
            }
          indices[(gsize) y * width + x] = index;
        }
    }

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_byte_array_unref (out);
      return NULL;
    }
  png_set_write_fn (png, out, write_cb, flush_cb);
  /* palette rows compress best unfiltered; level 6 is nearly 9 at a fraction of the time */
  png_set_compression_level (png, 6);
  png_set_filter (png, 0, PNG_FILTER_NONE);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_PLTE (png, info, palette, n_palette);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    png_write_row (png, indices + (gsize) y * width);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return g_byte_array_free_to_bytes (out);
}
