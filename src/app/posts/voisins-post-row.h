/* voisins-post-row.h: one post in the posts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST_ROW (voisins_post_row_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostRow, voisins_post_row, VOISINS, POST_ROW, GtkWidget)

GtkWidget   *voisins_post_row_new      (void);
VoisinsPost *voisins_post_row_get_post (VoisinsPostRow *self);
/* What a screen reader says for the row (title, kind, for whom, when, status). */
const char  *voisins_post_row_get_accessible_label (VoisinsPostRow *self);
void         voisins_post_row_set_post (VoisinsPostRow *self,
                                        VoisinsPost    *post,
                                        gboolean        show_distance);

G_END_DECLS
