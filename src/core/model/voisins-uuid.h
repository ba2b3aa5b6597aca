/* voisins-uuid.h: time-ordered UUIDs (RFC 9562 version 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUIDv7, lower case, 36 characters. */
char     *voisins_uuid_new       (void);
/* Same, from a caller's clock (ms since the epoch) and random source (deterministic demos). */
char     *voisins_uuid_new_full  (gint64  unix_ms,
                                  GRand  *rand);
/* Any RFC 9562 UUID in its canonical 8-4-4-4-12 form. */
gboolean  voisins_uuid_is_valid  (const char *str);

G_END_DECLS
