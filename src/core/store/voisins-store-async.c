/* voisins-store-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include "voisins-store-async.h"

/* {{{ posts */

typedef struct
{
  VoisinsPost *post;
  gboolean     create;
} SavePostData;

static void
save_post_data_free (SavePostData *data)
{
  g_clear_object (&data->post);
  g_free (data);
}

static void
save_post_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SavePostData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (data->create)
    ok = voisins_store_create_post (source_object, data->post, &error);
  else
    ok = voisins_store_update_post (source_object, data->post, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_save_post_async (VoisinsStore        *self,
                               VoisinsPost         *post,
                               gboolean             create,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SavePostData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (VOISINS_IS_POST (post));

  data = g_new0 (SavePostData, 1);
  data->post = g_object_ref (post);
  data->create = !!create;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_save_post_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_post_data_free);
  g_task_run_in_thread (task, save_post_thread);
}

gboolean
voisins_store_save_post_finish (VoisinsStore  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *association_id;
  char *author_id;
} MemberPostsData;

static void
member_posts_data_free (MemberPostsData *data)
{
  g_free (data->association_id);
  g_free (data->author_id);
  g_free (data);
}

static void
member_posts_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MemberPostsData *data = task_data;
  VoisinsPostQuery query = VOISINS_POST_QUERY_INIT;
  GError *error = NULL;
  GPtrArray *posts;

  if (g_task_return_error_if_cancelled (task))
    return;

  query.association_id = data->association_id;
  query.author_id = data->author_id;
  query.sort = VOISINS_POST_SORT_NEWEST;

  posts = voisins_store_query_posts (source_object, &query, &error);
  if (posts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, posts, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_list_member_posts_async (VoisinsStore        *self,
                                       const char          *association_id,
                                       const char          *author_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MemberPostsData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (author_id != NULL);

  data = g_new0 (MemberPostsData, 1);
  data->association_id = g_strdup (association_id);
  data->author_id = g_strdup (author_id);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_list_member_posts_async);
  g_task_set_task_data (task, data, (GDestroyNotify) member_posts_data_free);
  g_task_run_in_thread (task, member_posts_thread);
}

GPtrArray *
voisins_store_list_member_posts_finish (VoisinsStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
/* {{{ holiday intake */

typedef struct
{
  VoisinsHolidayHost  *host;
  VoisinsHolidayGuest *guest;
} SavePersonData;

static void
save_person_data_free (SavePersonData *data)
{
  g_clear_pointer (&data->host, voisins_holiday_host_free);
  g_clear_pointer (&data->guest, voisins_holiday_guest_free);
  g_free (data);
}

static void
save_person_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SavePersonData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (data->host != NULL)
    ok = voisins_store_save_holiday_host (source_object, data->host, &error);
  else
    ok = voisins_store_save_holiday_guest (source_object, data->guest, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_save_holiday_person_async (VoisinsStore        *self,
                                         VoisinsHolidayHost  *host,
                                         VoisinsHolidayGuest *guest,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SavePersonData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail ((host == NULL) != (guest == NULL));

  data = g_new0 (SavePersonData, 1);
  data->host = host;
  data->guest = guest;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_save_holiday_person_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_person_data_free);
  g_task_run_in_thread (task, save_person_thread);
}

gboolean
voisins_store_save_holiday_person_finish (VoisinsStore  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
