/* voisins-sync-client.h: keeps the local store in step with voisins-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "voisins-enums.h"
#include "voisins-store.h"

G_BEGIN_DECLS

#define VOISINS_SYNC_ERROR (voisins_sync_error_quark ())

typedef enum
{
  VOISINS_SYNC_ERROR_FAILED,
  VOISINS_SYNC_ERROR_OFFLINE,       /* cannot reach the server */
  VOISINS_SYNC_ERROR_UNAUTHORIZED,  /* log in again; nothing was lost */
  VOISINS_SYNC_ERROR_BUSY,          /* 503/429: try again after a while */
  VOISINS_SYNC_ERROR_SERVER,        /* 5xx, or an answer that is not what the protocol says */
  VOISINS_SYNC_ERROR_REFUSED,       /* 4xx: the request itself was refused */
  VOISINS_SYNC_ERROR_NOT_CONFIGURED,/* no server address */
} VoisinsSyncError;

GQuark voisins_sync_error_quark (void);

#define VOISINS_TYPE_SYNC_CLIENT (voisins_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsSyncClient, voisins_sync_client, VOISINS, SYNC_CLIENT, GObject)

/* The server address comes from the store ("server_url" meta); the token is never
 * stored by this object: the caller keeps it (libsecret in the app). */
VoisinsSyncClient *voisins_sync_client_new              (VoisinsStore        *store);
VoisinsStore      *voisins_sync_client_get_store        (VoisinsSyncClient   *self);
const char        *voisins_sync_client_get_server_url   (VoisinsSyncClient   *self);
void               voisins_sync_client_set_server_url   (VoisinsSyncClient   *self,
                                                         const char          *url);
void               voisins_sync_client_set_token        (VoisinsSyncClient   *self,
                                                         const char          *token);
gboolean           voisins_sync_client_has_token        (VoisinsSyncClient   *self);
/* Seconds before a request with no answer counts as failed (default 30). */
void               voisins_sync_client_set_timeout      (VoisinsSyncClient   *self,
                                                         guint                seconds);
VoisinsSyncState   voisins_sync_client_get_state        (VoisinsSyncClient   *self);
guint              voisins_sync_client_get_pending_changes (VoisinsSyncClient *self);
gint64             voisins_sync_client_get_last_synced  (VoisinsSyncClient   *self);
const char        *voisins_sync_client_get_last_error   (VoisinsSyncClient   *self);
/* What the sync is downloading ("basemap": the map of the quartier; NULL: nothing) and how
 * far, 0..1 (properties downloading and download-progress). */
const char        *voisins_sync_client_get_downloading  (VoisinsSyncClient   *self);
double             voisins_sync_client_get_download_progress (VoisinsSyncClient *self);

/* Logs in; the token comes back from _finish (the caller stores it). Also records the
 * server address and the user's associations in the store. */
void               voisins_sync_client_login_async      (VoisinsSyncClient   *self,
                                                         const char          *server_url,
                                                         const char          *username,
                                                         const char          *password,
                                                         const char          *device,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char              *voisins_sync_client_login_finish     (VoisinsSyncClient   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* Ends this device's session on the server (best effort) and forgets the token. */
void               voisins_sync_client_logout_async     (VoisinsSyncClient   *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean           voisins_sync_client_logout_finish    (VoisinsSyncClient   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* One full sync: push everything pending, pull until there is no more, again while
 * edits arrived meanwhile. A call while one runs waits for a fresh run. */
void               voisins_sync_client_sync_async       (VoisinsSyncClient   *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean           voisins_sync_client_sync_finish      (VoisinsSyncClient   *self,
                                                         GAsyncResult        *result,
                                                         VoisinsSyncSummary  *summary,
                                                         GError             **error);
/* Same, blocking: for the command-line client. */
gboolean           voisins_sync_client_sync             (VoisinsSyncClient   *self,
                                                         GCancellable        *cancellable,
                                                         VoisinsSyncSummary  *summary,
                                                         GError             **error);

/* Automatic syncs: soon after a local edit, on a timer with jitter, when the network
 * comes back (a hint only), with exponential backoff after a failure that honours
 * Retry-After. "synced" is emitted after each successful run with its summary. */
void               voisins_sync_client_start            (VoisinsSyncClient   *self);
void               voisins_sync_client_stop             (VoisinsSyncClient   *self);
/* "Sync now": a run as soon as possible, backoff forgotten. */
void               voisins_sync_client_sync_now         (VoisinsSyncClient   *self);

G_END_DECLS
