/* voisins-demo-async.h: filling a store with the demo quartier without blocking the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-store.h"

G_BEGIN_DECLS

/* Generates the demo quartier from @seed around @now (unix seconds), with the data folder
 * voisins_demo_find_data_dir() finds, and imports it into @store, in a worker thread. */
void     voisins_demo_fill_store_async  (VoisinsStore         *store,
                                         guint32               seed,
                                         gint64                now,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean voisins_demo_fill_store_finish (VoisinsStore         *store,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
