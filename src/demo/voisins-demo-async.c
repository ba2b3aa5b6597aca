/* voisins-demo-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-demo"

#include "voisins-demo.h"
#include "voisins-demo-async.h"

typedef struct
{
  guint32 seed;
  gint64  now;
} FillData;

static void
fill_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VoisinsStore *store = source_object;
  FillData *data = task_data;
  g_autofree char *data_dir = voisins_demo_find_data_dir ();
  VoisinsDemoOptions options = { 0 };
  VoisinsDemo *demo;
  GError *error = NULL;
  gboolean ok;

  options.seed = data->seed;
  options.data_dir = data_dir;
  options.now = data->now;

  demo = voisins_demo_generate (&options, &error);
  ok = demo != NULL && voisins_demo_import (demo, store, &error);
  g_clear_pointer (&demo, voisins_demo_free);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
voisins_demo_fill_store_async (VoisinsStore        *store,
                               guint32              seed,
                               gint64               now,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FillData *data;

  g_return_if_fail (VOISINS_IS_STORE (store));

  data = g_new0 (FillData, 1);
  data->seed = seed;
  data->now = now;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_demo_fill_store_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, fill_thread);
}

gboolean
voisins_demo_fill_store_finish (VoisinsStore  *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
