/* voisins-holiday-snapshot.h: everything the holiday page shows, read in one go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-core.h"

G_BEGIN_DECLS

typedef struct
{
  double lat;
  double lon;
} VoisinsHolidayPos;

typedef struct
{
  VoisinsHolidayDashboard  dashboard;
  GPtrArray               *waiting;   /* VoisinsHolidayPerson */
  GPtrArray               *matches;   /* VoisinsHolidayMatch */
  GPtrArray               *calls;     /* VoisinsHolidayCall */
  GHashTable              *host_names;
  GHashTable              *positions; /* host or guest id -> VoisinsHolidayPos (approximate) */
  GPtrArray               *hosts;     /* VoisinsHolidayPerson */
  GPtrArray               *guests;
} VoisinsHolidaySnapshot;

void                    voisins_holiday_snapshot_free        (VoisinsHolidaySnapshot  *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidaySnapshot, voisins_holiday_snapshot_free)

/* Reads the dashboard, hosts, guests, matches, today's calls (as @viewer may see them)
 * and approximate positions of @association's campaign, in a worker thread. */
void                    voisins_holiday_snapshot_load_async  (VoisinsStore            *store,
                                                              VoisinsAssociation      *association,
                                                              const char              *viewer,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
VoisinsHolidaySnapshot *voisins_holiday_snapshot_load_finish (VoisinsStore            *store,
                                                              GAsyncResult            *result,
                                                              GError                 **error);

G_END_DECLS
