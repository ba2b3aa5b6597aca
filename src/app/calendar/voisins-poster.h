/* voisins-poster.h: the stairwell poster, this week's events and open offers on A4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

typedef struct _VoisinsPoster VoisinsPoster;

/* The week from @now's day (00:00 in Paris) to seven days later: the events of @posts that
 * start in it (not cancelled) and the open offers (of any date), each list in order and cut
 * to what the page holds. */
VoisinsPoster *voisins_poster_new         (VoisinsAssociation *association,
                                           GPtrArray          *posts,
                                           gint64              now);
void           voisins_poster_free        (VoisinsPoster      *self);
guint          voisins_poster_get_n_events (VoisinsPoster     *self);
guint          voisins_poster_get_n_offers (VoisinsPoster     *self);
void           voisins_poster_draw        (VoisinsPoster      *self,
                                           cairo_t            *cr,
                                           double              width,
                                           double              height);
/* With @pdf_path, exports the A4 page there without a dialog; else the print dialog (which
 * also saves as PDF). */
gboolean       voisins_poster_print       (VoisinsPoster      *self,
                                           GtkWindow          *parent,
                                           const char         *pdf_path,
                                           GError            **error);

/* The posts a poster of @association_id draws from (open and matched), read from @store. */
GPtrArray     *voisins_poster_query_posts (VoisinsStore       *store,
                                           const char         *association_id,
                                           GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsPoster, voisins_poster_free)

G_END_DECLS
