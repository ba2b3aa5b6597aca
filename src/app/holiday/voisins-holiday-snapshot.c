/* voisins-holiday-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include "voisins-holiday-print.h"
#include "voisins-holiday-snapshot.h"

void
voisins_holiday_snapshot_free (VoisinsHolidaySnapshot *s)
{
  g_clear_pointer (&s->waiting, g_ptr_array_unref);
  g_clear_pointer (&s->matches, g_ptr_array_unref);
  g_clear_pointer (&s->calls, g_ptr_array_unref);
  g_clear_pointer (&s->host_names, g_hash_table_unref);
  g_clear_pointer (&s->positions, g_hash_table_unref);
  g_clear_pointer (&s->hosts, g_ptr_array_unref);
  g_clear_pointer (&s->guests, g_ptr_array_unref);
  g_free (s);
}

typedef struct
{
  VoisinsStore       *store;
  VoisinsAssociation *association;
  char               *viewer;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_object (&d->store);
  g_clear_object (&d->association);
  g_free (d->viewer);
  g_free (d);
}

static void
add_position (VoisinsStore *store,
              GHashTable   *positions,
              const char   *id,
              const char   *member_id)
{
  g_autoptr(VoisinsHolidayContact) c = NULL;
  VoisinsHolidayPos *pos;

  /* Never revealed: the approximate position, as the map shows everyone. */
  c = voisins_store_get_holiday_contact (store, member_id, NULL, FALSE, NULL, NULL);
  if (c == NULL)
    return;
  pos = g_new (VoisinsHolidayPos, 1);
  pos->lat = c->lat;
  pos->lon = c->lon;
  g_hash_table_insert (positions, g_strdup (id), pos);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  const char *association_id = voisins_association_get_id (d->association);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) live = g_hash_table_new (g_str_hash, g_str_equal);
  VoisinsHolidaySnapshot *s = g_new0 (VoisinsHolidaySnapshot, 1);

  if (!voisins_store_get_holiday_dashboard (d->store, association_id, &s->dashboard, &error) ||
      !(s->hosts = voisins_store_list_holiday_hosts (d->store, association_id, &error)) ||
      !(s->guests = voisins_store_list_holiday_guests (d->store, association_id, &error)) ||
      !(s->matches = voisins_store_list_holiday_matches (d->store, association_id, 0, &error)) ||
      !(s->calls = voisins_holiday_calls_from_store (d->store, d->association, d->viewer,
                                                     &error)))
    {
      voisins_holiday_snapshot_free (s);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  s->host_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < s->hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->hosts, i);

      g_hash_table_insert (s->host_names, g_strdup (p->host->id), g_strdup (p->name));
      add_position (d->store, s->positions, p->host->id, p->host->member_id);
    }

  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);

      if (m->state != VOISINS_HOLIDAY_MATCH_DECLINED)
        g_hash_table_add (live, m->guest_id);
    }

  s->waiting = g_ptr_array_new ();
  for (guint i = 0; i < s->guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->guests, i);

      if (p->guest->member_id != NULL && *p->guest->member_id != '\0')
        add_position (d->store, s->positions, p->guest->id, p->guest->member_id);
      else if (p->guest->approx_lat != 0 || p->guest->approx_lon != 0)
        {
          /* A guest the volunteer may not identify yet: the server's approximate
           * position. */
          VoisinsHolidayPos *pos = g_new (VoisinsHolidayPos, 1);

          pos->lat = p->guest->approx_lat;
          pos->lon = p->guest->approx_lon;
          g_hash_table_insert (s->positions, g_strdup (p->guest->id), pos);
        }
      if (!g_hash_table_contains (live, p->guest->id))
        g_ptr_array_add (s->waiting, p);
    }

  g_task_return_pointer (task, s, (GDestroyNotify) voisins_holiday_snapshot_free);
}

void
voisins_holiday_snapshot_load_async (VoisinsStore        *store,
                                     VoisinsAssociation  *association,
                                     const char          *viewer,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  g_return_if_fail (VOISINS_IS_STORE (store));
  g_return_if_fail (VOISINS_IS_ASSOCIATION (association));

  d = g_new0 (LoadData, 1);
  d->store = g_object_ref (store);
  d->association = g_object_ref (association);
  d->viewer = g_strdup (viewer);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_holiday_snapshot_load_async);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_worker);
}

VoisinsHolidaySnapshot *
voisins_holiday_snapshot_load_finish (VoisinsStore  *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
