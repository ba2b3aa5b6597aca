/* voisins-server-feeds.h: the events' calendar feeds (iCalendar)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-server-storage.h"

G_BEGIN_DECLS

typedef enum
{
  VOISINS_SERVER_FEED_NONE,
  VOISINS_SERVER_FEED_EVENTS,     /* GET associations/{id}/events.ics, with a login */
  VOISINS_SERVER_FEED_NEW_SECRET, /* POST associations/{id}/feed -> {secret, path} */
  VOISINS_SERVER_FEED_REVOKE,     /* POST associations/{id}/feed/revoke -> {ok} */
  VOISINS_SERVER_FEED_SECRET,     /* GET feeds/{secret}.ics, no header: the secret is the key */
} VoisinsServerFeedOp;

/* Whether @parts (the path after /api/v1/, split on '/') is a feed route; *path_id: the
 * association's id, or the secret for VOISINS_SERVER_FEED_SECRET. *bad_method when the path
 * matches with another method. */
VoisinsServerFeedOp voisins_server_feeds_match  (const char            *method,
                                                 char                 **parts,
                                                 char                 **path_id,
                                                 gboolean              *bad_method);

/* Runs @op (worker thread); @auth NULL for VOISINS_SERVER_FEED_SECRET. The calendar comes
 * back in *response_text (with *content_type), the other answers in *response. */
gboolean            voisins_server_feeds_handle (VoisinsServerStorage  *storage,
                                                 VoisinsServerAuth     *auth,
                                                 VoisinsServerFeedOp    op,
                                                 const char            *path_id,
                                                 JsonNode             **response,
                                                 char                 **response_text,
                                                 const char           **content_type,
                                                 GError               **error);

G_END_DECLS
