/* voisins-store-holiday-async.c
 *
 * Every pair below has its own task data and worker; they share only run_in_worker(),
 * which sets the source tag so that each _finish can check its result came from its own
 * _async.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>

#include "voisins-holiday-match.h"
#include "voisins-store-holiday-async.h"

static void
run_in_worker (VoisinsStore        *self,
               gpointer             source_tag,
               gpointer             data,
               GDestroyNotify       data_free,
               GTaskThreadFunc      worker,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, data_free);
  g_task_run_in_thread (task, worker);
}

static gboolean
check_result (VoisinsStore *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

/* {{{ suggest */

typedef struct
{
  char  *guest_id;
  guint  max_results;
} SuggestData;

static void
suggest_data_free (SuggestData *data)
{
  g_free (data->guest_id);
  g_free (data);
}

static void
suggest_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SuggestData *data = task_data;
  GError *error = NULL;
  GPtrArray *result;

  result = voisins_store_suggest_holiday_hosts (source_object, data->guest_id,
                                                data->max_results, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_suggest_holiday_hosts_async (VoisinsStore        *self,
                                           const char          *guest_id,
                                           guint                max_results,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  SuggestData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (guest_id != NULL);

  data = g_new0 (SuggestData, 1);
  data->guest_id = g_strdup (guest_id);
  data->max_results = max_results;
  run_in_worker (self, voisins_store_suggest_holiday_hosts_async, data,
                 (GDestroyNotify) suggest_data_free, suggest_worker,
                 cancellable, callback, user_data);
}

GPtrArray *
voisins_store_suggest_holiday_hosts_finish (VoisinsStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_suggest_holiday_hosts_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
/* {{{ propose one, propose many */

typedef struct
{
  char  *host_id;
  char  *guest_id;
  guint  slot;
} ProposeData;

static void
propose_data_free (ProposeData *data)
{
  g_free (data->host_id);
  g_free (data->guest_id);
  g_free (data);
}

static void
propose_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProposeData *data = task_data;
  GError *error = NULL;
  char *id;

  id = voisins_store_propose_holiday_match (source_object, data->host_id, data->guest_id,
                                            data->slot, &error);
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

void
voisins_store_propose_holiday_match_async (VoisinsStore        *self,
                                           const char          *host_id,
                                           const char          *guest_id,
                                           guint                slot,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ProposeData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));

  data = g_new0 (ProposeData, 1);
  data->host_id = g_strdup (host_id);
  data->guest_id = g_strdup (guest_id);
  data->slot = slot;
  run_in_worker (self, voisins_store_propose_holiday_match_async, data,
                 (GDestroyNotify) propose_data_free, propose_worker,
                 cancellable, callback, user_data);
}

char *
voisins_store_propose_holiday_match_finish (VoisinsStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_propose_holiday_match_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
propose_many_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GPtrArray *suggestions = task_data;
  guint done = 0;

  for (guint i = 0; i < suggestions->len; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (suggestions, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      id = voisins_store_propose_holiday_match (source_object, sg->host_id, sg->guest_id,
                                                sg->slot, &error);
      if (id != NULL)
        done++;
      else
        g_debug ("A proposal of the plan was refused: %s", error->message);
    }

  g_task_return_int (task, done);
}

void
voisins_store_propose_holiday_matches_async (VoisinsStore        *self,
                                             GPtrArray           *suggestions,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (suggestions != NULL);

  run_in_worker (self, voisins_store_propose_holiday_matches_async,
                 g_ptr_array_ref (suggestions), (GDestroyNotify) g_ptr_array_unref,
                 propose_many_worker, cancellable, callback, user_data);
}

guint
voisins_store_propose_holiday_matches_finish (VoisinsStore  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  gssize done;

  g_return_val_if_fail (check_result (self, result, voisins_store_propose_holiday_matches_async),
                        0);

  done = g_task_propagate_int (G_TASK (result), error);
  return done < 0 ? 0 : (guint) done;
}

/* }}} */
/* {{{ state and feedback */

typedef struct
{
  char                     *match_id;
  VoisinsHolidayMatchState  state;
  char                     *feedback;  /* NULL: set the state */
  gboolean                  approve;   /* approve instead */
  gboolean                  undo;      /* back to @state */
} MatchData;

static void
match_data_free (MatchData *data)
{
  g_free (data->match_id);
  g_free (data->feedback);
  g_free (data);
}

static void
match_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MatchData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (data->approve)
    ok = voisins_store_approve_holiday_match (source_object, data->match_id, NULL, &error);
  else if (data->feedback != NULL)
    ok = voisins_store_set_holiday_match_feedback (source_object, data->match_id,
                                                   data->feedback, &error);
  else if (data->undo)
    ok = voisins_store_undo_holiday_match_state (source_object, data->match_id, data->state,
                                                 &error);
  else
    ok = voisins_store_set_holiday_match_state (source_object, data->match_id, data->state,
                                                &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_set_holiday_match_state_async (VoisinsStore             *self,
                                             const char               *match_id,
                                             VoisinsHolidayMatchState  state,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  MatchData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (match_id != NULL);

  data = g_new0 (MatchData, 1);
  data->match_id = g_strdup (match_id);
  data->state = state;
  run_in_worker (self, voisins_store_set_holiday_match_state_async, data,
                 (GDestroyNotify) match_data_free, match_worker,
                 cancellable, callback, user_data);
}

gboolean
voisins_store_set_holiday_match_state_finish (VoisinsStore  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_set_holiday_match_state_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
voisins_store_undo_holiday_match_state_async (VoisinsStore             *self,
                                              const char               *match_id,
                                              VoisinsHolidayMatchState  state,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  MatchData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (match_id != NULL);

  data = g_new0 (MatchData, 1);
  data->match_id = g_strdup (match_id);
  data->state = state;
  data->undo = TRUE;
  run_in_worker (self, voisins_store_undo_holiday_match_state_async, data,
                 (GDestroyNotify) match_data_free, match_worker,
                 cancellable, callback, user_data);
}

gboolean
voisins_store_undo_holiday_match_state_finish (VoisinsStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_undo_holiday_match_state_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
voisins_store_set_holiday_match_feedback_async (VoisinsStore        *self,
                                                const char          *match_id,
                                                const char          *feedback,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  MatchData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (match_id != NULL);
  g_return_if_fail (feedback != NULL);

  data = g_new0 (MatchData, 1);
  data->match_id = g_strdup (match_id);
  data->feedback = g_strdup (feedback);
  run_in_worker (self, voisins_store_set_holiday_match_feedback_async, data,
                 (GDestroyNotify) match_data_free, match_worker,
                 cancellable, callback, user_data);
}

void
voisins_store_approve_holiday_match_async (VoisinsStore        *self,
                                           const char          *match_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  MatchData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (match_id != NULL);

  data = g_new0 (MatchData, 1);
  data->match_id = g_strdup (match_id);
  data->approve = TRUE;
  run_in_worker (self, voisins_store_approve_holiday_match_async, data,
                 (GDestroyNotify) match_data_free, match_worker,
                 cancellable, callback, user_data);
}

gboolean
voisins_store_approve_holiday_match_finish (VoisinsStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_approve_holiday_match_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
voisins_store_set_holiday_match_feedback_finish (VoisinsStore  *self,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result,
                                      voisins_store_set_holiday_match_feedback_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
/* {{{ plan */

static void
plan_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *plan;

  plan = voisins_store_plan_holiday (source_object, task_data, &error);
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_plan_holiday_async (VoisinsStore        *self,
                                  const char          *association_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));

  run_in_worker (self, voisins_store_plan_holiday_async, g_strdup (association_id), g_free,
                 plan_worker, cancellable, callback, user_data);
}

GPtrArray *
voisins_store_plan_holiday_finish (VoisinsStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (check_result (self, result, voisins_store_plan_holiday_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
/* {{{ reveal */

typedef struct
{
  char                  *association_id;
  char                  *match_id;
  char                  *viewer;
  VoisinsHolidayContact *host;
  VoisinsHolidayContact *guest;
} RevealData;

static void
reveal_data_free (RevealData *data)
{
  g_free (data->association_id);
  g_free (data->match_id);
  g_free (data->viewer);
  g_clear_pointer (&data->host, voisins_holiday_contact_free);
  g_clear_pointer (&data->guest, voisins_holiday_contact_free);
  g_free (data);
}

static gboolean
find_match_members (VoisinsStore  *store,
                    RevealData    *data,
                    char         **host_member,
                    char         **guest_member,
                    GError       **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  VoisinsHolidayMatch *m = NULL;

  if (!(matches = voisins_store_list_holiday_matches (store, data->association_id, 0, error)) ||
      !(hosts = voisins_store_list_holiday_hosts (store, data->association_id, error)) ||
      !(guests = voisins_store_list_holiday_guests (store, data->association_id, error)))
    return FALSE;

  for (guint i = 0; i < matches->len && m == NULL; i++)
    if (g_strcmp0 (((VoisinsHolidayMatch *) g_ptr_array_index (matches, i))->id,
                   data->match_id) == 0)
      m = g_ptr_array_index (matches, i);
  for (guint i = 0; m != NULL && i < hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (hosts, i);

      if (g_strcmp0 (p->host->id, m->host_id) == 0)
        *host_member = g_strdup (p->host->member_id);
    }
  for (guint i = 0; m != NULL && i < guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);

      if (g_strcmp0 (p->guest->id, m->guest_id) == 0)
        *guest_member = g_strdup (p->guest->member_id);
    }
  if (*host_member == NULL || *guest_member == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return FALSE;
    }

  return TRUE;
}

static void
reveal_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RevealData *data = task_data;
  g_autofree char *host_member = NULL;
  g_autofree char *guest_member = NULL;
  GError *error = NULL;

  if (find_match_members (source_object, data, &host_member, &guest_member, &error) &&
      (data->host = voisins_store_get_holiday_contact (source_object, host_member,
                                                       data->match_id, TRUE, data->viewer,
                                                       &error)) != NULL &&
      (data->guest = voisins_store_get_holiday_contact (source_object, guest_member,
                                                        data->match_id, TRUE, data->viewer,
                                                        &error)) != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_reveal_holiday_match_async (VoisinsStore        *self,
                                          const char          *association_id,
                                          const char          *match_id,
                                          const char          *viewer,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RevealData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (match_id != NULL);

  data = g_new0 (RevealData, 1);
  data->association_id = g_strdup (association_id);
  data->match_id = g_strdup (match_id);
  data->viewer = g_strdup (viewer);
  run_in_worker (self, voisins_store_reveal_holiday_match_async, data,
                 (GDestroyNotify) reveal_data_free, reveal_worker,
                 cancellable, callback, user_data);
}

gboolean
voisins_store_reveal_holiday_match_finish (VoisinsStore           *self,
                                           GAsyncResult           *result,
                                           VoisinsHolidayContact **host,
                                           VoisinsHolidayContact **guest,
                                           GError                **error)
{
  RevealData *data;

  g_return_val_if_fail (check_result (self, result, voisins_store_reveal_holiday_match_async),
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (host != NULL)
    *host = g_steal_pointer (&data->host);
  if (guest != NULL)
    *guest = g_steal_pointer (&data->guest);

  return TRUE;
}

/* }}} */
/* {{{ clear */

typedef struct
{
  char                      *association_id;
  gboolean                   preview;
  VoisinsHolidayPurgeCounts  counts;
} ClearData;

static void
clear_data_free (ClearData *data)
{
  g_free (data->association_id);
  g_free (data);
}

static void
clear_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ClearData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (data->preview)
    ok = voisins_store_preview_holiday_purge (source_object, data->association_id,
                                              &data->counts, &error);
  else
    ok = voisins_store_clear_holiday_campaign (source_object, data->association_id,
                                               &data->counts, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_store_clear_holiday_campaign_async (VoisinsStore        *self,
                                            const char          *association_id,
                                            gboolean             preview,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ClearData *data;

  g_return_if_fail (VOISINS_IS_STORE (self));

  data = g_new0 (ClearData, 1);
  data->association_id = g_strdup (association_id);
  data->preview = !!preview;
  run_in_worker (self, voisins_store_clear_holiday_campaign_async, data,
                 (GDestroyNotify) clear_data_free, clear_worker,
                 cancellable, callback, user_data);
}

gboolean
voisins_store_clear_holiday_campaign_finish (VoisinsStore               *self,
                                             GAsyncResult               *result,
                                             VoisinsHolidayPurgeCounts  *counts,
                                             GError                    **error)
{
  ClearData *data;

  g_return_val_if_fail (check_result (self, result, voisins_store_clear_holiday_campaign_async),
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (counts != NULL)
    *counts = data->counts;

  return TRUE;
}

/* }}} */
