/* voisins-cursor.h: the sync cursor, "epoch:association:seq"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The API calls the cursor opaque: clients store it and send it back. Only the server's
 * pull (which writes it) and the store (which never lowers it within one epoch) look
 * inside, both through these two functions. */
char          *voisins_cursor_format       (const char     *epoch,
                                            const char     *association_id,
                                            gint64          seq);
/* FALSE unless @cursor is exactly three fields with a non-negative decimal seq; the
 * out-parameters (each may be NULL) are only set on success. */
gboolean       voisins_cursor_parse        (const char     *cursor,
                                            char          **epoch,
                                            char          **association_id,
                                            gint64         *seq);

G_END_DECLS
