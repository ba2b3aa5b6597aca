/* voisins-sync-feed.c: the user's secret calendar feed URL, made and revoked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <glib/gi18n.h>

#include "voisins-sync-client-private.h"
#include "voisins-sync-feed.h"
#include "voisins-json.h"

typedef struct
{
  RunData  *rd;
  char     *association_id;
  gboolean  revoke;
} FeedTask;

static void
feed_task_free (FeedTask *ft)
{
  _voisins_sync_run_data_free (ft->rd);
  g_free (ft->association_id);
  g_free (ft);
}

static void
feed_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FeedTask *ft = task_data;
  g_autoptr(SoupSession) session = _voisins_sync_new_session (ft->rd->timeout);
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/feed%s", ft->association_id,
                                           ft->revoke ? "/revoke" : "");
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  const char *feed_path;

  answer = _voisins_sync_request (session, ft->rd, "POST", path, body, NULL, cancellable, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (ft->revoke)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  feed_path = JSON_NODE_HOLDS_OBJECT (answer)
                  ? voisins_json_read_string_or (json_node_get_object (answer), "path", NULL)
                  : NULL;
  if (feed_path == NULL || !g_str_has_prefix (feed_path, "/api/v1/feeds/"))
    {
      _voisins_sync_protocol_error (&error, "feed");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         g_strconcat (ft->rd->url,
                                      g_str_has_suffix (ft->rd->url, "/") ? feed_path + 1 : feed_path,
                                      NULL),
                         g_free);
}

static void
start (VoisinsSyncClient   *self,
       const char          *association_id,
       gboolean             revoke,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FeedTask *ft;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  ft = g_new0 (FeedTask, 1);
  ft->rd = _voisins_sync_client_new_run_data (self);
  ft->association_id = g_strdup (association_id);
  ft->revoke = revoke;
  g_task_set_task_data (task, ft, (GDestroyNotify) feed_task_free);
  if (ft->rd->token == NULL)
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED,
                               _("Please log in to sync"));
      return;
    }
  g_task_run_in_thread (task, feed_thread);
}

void
voisins_sync_client_new_calendar_feed_async (VoisinsSyncClient   *self,
                                             const char          *association_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));
  g_return_if_fail (association_id != NULL);

  start (self, association_id, FALSE, voisins_sync_client_new_calendar_feed_async, cancellable,
         callback, user_data);
}

char *
voisins_sync_client_new_calendar_feed_finish (VoisinsSyncClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_sync_client_revoke_calendar_feed_async (VoisinsSyncClient   *self,
                                                const char          *association_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));
  g_return_if_fail (association_id != NULL);

  start (self, association_id, TRUE, voisins_sync_client_revoke_calendar_feed_async, cancellable,
         callback, user_data);
}

gboolean
voisins_sync_client_revoke_calendar_feed_finish (VoisinsSyncClient  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
