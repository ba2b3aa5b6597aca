/* voisins-sync-client-private.h: what the sync client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "voisins-sync-client.h"

G_BEGIN_DECLS

#define MAX_RESPONSE_BYTES (64 * 1024 * 1024)   /* a pull page is a few MB at most */
#define DEADLINE_FACTOR 4             /* a whole answer within 4 × the I/O timeout */

/* What a run needs, copied so the worker shares nothing mutable with the main thread. */
typedef struct
{
  VoisinsStore       *store;
  char               *url;
  char               *token;
  char               *client_id;
  guint               timeout;
  VoisinsSyncSummary  summary;
  guint               retry_after;
  gboolean            deferred;      /* the server asked to send the rest later (a restore) */
  GPtrArray          *basemaps;      /* association ids whose basemap to download */
  VoisinsSyncClient  *client;        /* for the download's progress, on @context only */
  GMainContext       *context;
} RunData;

/* voisins-sync-client.c: a copy of what a request needs (voisins-sync-members.c). */
RunData *_voisins_sync_client_new_run_data (VoisinsSyncClient *self);
void     _voisins_sync_run_data_free (RunData *rd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, _voisins_sync_run_data_free)

/* voisins-sync-http.c: one request to the server, its answer bounded in size and time. */
gboolean           _voisins_sync_is_network_error (const GError   *error);
SoupSession       *_voisins_sync_new_session      (guint           timeout);
/* The message of an `{error: {message}}` body, or NULL. */
const char        *_voisins_sync_server_message   (JsonNode       *body);
/* Sends a JSON request and returns the JSON answer for 2xx (and 409, whose body the caller
 * reads). Every other outcome becomes a VOISINS_SYNC_ERROR a person can act on. */
JsonNode          *_voisins_sync_request          (SoupSession    *session,
                                                   RunData        *rd,
                                                   const char     *method,
                                                   const char     *path,
                                                   JsonNode       *body,
                                                   guint          *status_out,
                                                   GCancellable   *cancellable,
                                                   GError        **error);
gboolean           _voisins_sync_protocol_error   (GError        **error,
                                                   const char     *what);

/* voisins-sync-addresses.c: after a pull page @answer, each association's description
 * (its name and contact details) into the store, and its address base fetched again
 * (GET .../addresses) when the description names another version than the laptop holds. */
gboolean           _voisins_sync_apply_descriptions (SoupSession   *session,
                                                     RunData       *rd,
                                                     JsonObject    *answer,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

/* voisins-sync-basemap.c: after the push and the pull of a run, for each association in
 * rd->basemaps (its description named a basemap_version the laptop does not hold), GET
 * .../basemap.mbtiles into a temporary file beside the store, check it is an MBTiles file,
 * and install it (voisins_store_install_basemap ()). Never fails the run: a failure keeps
 * the old map and the next sync tries again. Reports through _voisins_sync_client_set_download. */
void               _voisins_sync_fetch_basemaps     (SoupSession   *session,
                                                     RunData       *rd,
                                                     GCancellable  *cancellable);

/* voisins-sync-client.c: on the client's context, what is downloading and how far. */
void               _voisins_sync_client_set_download (VoisinsSyncClient *self,
                                                      const char        *what,
                                                      double             progress);

G_END_DECLS
