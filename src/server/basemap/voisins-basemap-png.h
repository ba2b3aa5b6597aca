/* voisins-basemap-png.h: a tile as an 8-bit palette PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* cairo RGB24 pixels as a palette PNG (the 256 most frequent colours, the others mapped to
 * the nearest); no time or text chunk. */
GBytes *_voisins_basemap_png_encode (const guint8 *pixels,
                                     int           width,
                                     int           height,
                                     int           stride);

G_END_DECLS
