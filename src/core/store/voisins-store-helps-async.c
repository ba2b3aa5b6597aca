/* voisins-store-helps-async.c
 *
 * One task data struct for the five pairs (they take the same few strings); each pair has
 * its own worker and source tag, so that each _finish checks its result came from its own
 * _async.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include "voisins-holiday-match.h"
#include "voisins-store-helps-async.h"
#include "voisins-store-holiday-private.h"

typedef struct
{
  char     *post_id;
  char     *other_id;  /* helper, help or association */
  char     *state;
  guint     number;    /* max_results or days */
  gboolean  flag;
} Data;

static void
data_free (Data *data)
{
  g_free (data->post_id);
  g_free (data->other_id);
  g_free (data->state);
  g_free (data);
}

static void
run_in_worker (VoisinsStore        *self,
               gpointer             source_tag,
               Data                *data,
               GTaskThreadFunc      worker,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) data_free);
  g_task_run_in_thread (task, worker);
}

static gboolean
check_result (VoisinsStore *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

static void
describe_member (VoisinsStore  *self,
                 const char    *member_id,
                 char         **name,
                 char         **street,
                 char         **phone)
{
  g_autoptr(VoisinsMember) m = NULL;
  const char *p;

  if (member_id != NULL)
    m = voisins_store_get_member (self, member_id, NULL);
  if (m == NULL)
    return;
  *name = _voisins_store_holiday_short_name (voisins_member_get_first_name (m),
                                             voisins_member_get_last_name (m));
  if (street != NULL)
    *street = voisins_holiday_street_of (voisins_member_get_address (m));
  p = voisins_member_get_phone (m);
  if (phone != NULL && p != NULL && *p != '\0')
    *phone = g_strdup (p);
}

void
voisins_help_candidate_free (VoisinsHelpCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_clear_pointer (&candidate->suggestion, voisins_help_suggestion_free);
  g_free (candidate->name);
  g_free (candidate->street);
  g_free (candidate);
}

void
voisins_help_view_free (VoisinsHelpView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->help, voisins_help_free);
  g_free (view->helper_name);
  g_free (view->helper_phone);
  g_free (view->helped_name);
  g_free (view->helped_phone);
  g_free (view);
}

/* {{{ suggest */

static void
suggest_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  GPtrArray *out;

  suggestions = voisins_store_suggest_helpers (source_object, data->post_id,
                                               g_get_real_time () / G_USEC_PER_SEC,
                                               data->number, &error);
  if (suggestions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_help_candidate_free);
  for (guint i = 0; i < suggestions->len; i++)
    {
      VoisinsHelpCandidate *c = g_new0 (VoisinsHelpCandidate, 1);

      c->suggestion = suggestions->pdata[i];
      suggestions->pdata[i] = NULL;
      describe_member (source_object, c->suggestion->helper_id, &c->name, &c->street, NULL);
      if (c->name == NULL)
        c->name = g_strdup ("");
      g_ptr_array_add (out, c);
    }
  g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_suggest_helpers_async (VoisinsStore        *self,
                                     const char          *post_id,
                                     guint                max_results,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Data *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (post_id != NULL);

  data = g_new0 (Data, 1);
  data->post_id = g_strdup (post_id);
  data->number = max_results;
  run_in_worker (self, voisins_store_suggest_helpers_async, data, suggest_worker, cancellable,
                 callback, user_data);
}

GPtrArray *
voisins_store_suggest_helpers_finish (VoisinsStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_suggest_helpers_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
/* {{{ list */

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  GPtrArray *out;

  helps = voisins_store_list_helps (source_object, data->post_id, &error);
  if (helps == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_help_view_free);
  for (guint i = 0; i < helps->len; i++)
    {
      VoisinsHelpView *v = g_new0 (VoisinsHelpView, 1);

      v->help = helps->pdata[i];
      helps->pdata[i] = NULL;
      describe_member (source_object, v->help->helper_id, &v->helper_name, NULL,
                       &v->helper_phone);
      describe_member (source_object, v->help->member_id, &v->helped_name, NULL,
                       &v->helped_phone);
      if (v->helper_name == NULL)
        v->helper_name = g_strdup ("");
      if (v->helped_name == NULL)
        v->helped_name = g_strdup ("");
      g_ptr_array_add (out, v);
    }
  g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_list_help_views_async (VoisinsStore        *self,
                                     const char          *post_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Data *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (post_id != NULL);

  data = g_new0 (Data, 1);
  data->post_id = g_strdup (post_id);
  run_in_worker (self, voisins_store_list_help_views_async, data, list_worker, cancellable,
                 callback, user_data);
}

GPtrArray *
voisins_store_list_help_views_finish (VoisinsStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_list_help_views_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
/* {{{ propose, set state */

static void
propose_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;
  char *id;

  id = voisins_store_propose_help (source_object, data->post_id, data->other_id, &error);
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

void
voisins_store_propose_help_async (VoisinsStore        *self,
                                  const char          *post_id,
                                  const char          *helper_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Data *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (post_id != NULL && helper_id != NULL);

  data = g_new0 (Data, 1);
  data->post_id = g_strdup (post_id);
  data->other_id = g_strdup (helper_id);
  run_in_worker (self, voisins_store_propose_help_async, data, propose_worker, cancellable,
                 callback, user_data);
}

char *
voisins_store_propose_help_finish (VoisinsStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_propose_help_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_state_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;

  if (voisins_store_set_help_state (source_object, data->other_id, data->state, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_set_help_state_async (VoisinsStore        *self,
                                    const char          *help_id,
                                    const char          *state,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Data *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (help_id != NULL && state != NULL);

  data = g_new0 (Data, 1);
  data->other_id = g_strdup (help_id);
  data->state = g_strdup (state);
  run_in_worker (self, voisins_store_set_help_state_async, data, set_state_worker, cancellable,
                 callback, user_data);
}

gboolean
voisins_store_set_help_state_finish (VoisinsStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_set_help_state_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
/* {{{ stale requests */

static void
stale_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;
  GPtrArray *posts;

  posts = voisins_store_list_stale_requests (source_object, data->other_id, data->number,
                                             g_get_real_time () / G_USEC_PER_SEC, data->flag,
                                             &error);
  if (posts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, posts, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_list_stale_requests_async (VoisinsStore        *self,
                                         const char          *association_id,
                                         guint                days,
                                         gboolean             only_unmatched,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Data *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (association_id != NULL);

  data = g_new0 (Data, 1);
  data->other_id = g_strdup (association_id);
  data->number = days;
  data->flag = !!only_unmatched;
  run_in_worker (self, voisins_store_list_stale_requests_async, data, stale_worker, cancellable,
                 callback, user_data);
}

GPtrArray *
voisins_store_list_stale_requests_finish (VoisinsStore  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_list_stale_requests_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
