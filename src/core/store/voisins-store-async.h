/* voisins-store-async.h: the store's writes and queries the UI waits for, as GTask pairs
 *
 * The UI never starts a thread for the store, and never writes on the main thread: it
 * calls these. Each runs the store's blocking call in a worker thread; the store's own
 * lock makes that safe, and its signals still reach the thread that opened it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-holiday.h"
#include "voisins-post.h"
#include "voisins-store.h"

G_BEGIN_DECLS

/* voisins_store_create_post() when @create, else voisins_store_update_post(); the worker
 * owns a reference to @post until the callback (create fills in its id). */
void       voisins_store_save_post_async          (VoisinsStore         *self,
                                                   VoisinsPost          *post,
                                                   gboolean              create,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean   voisins_store_save_post_finish         (VoisinsStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* The posts @author_id wrote in @association_id, newest first (VoisinsPost). */
void       voisins_store_list_member_posts_async  (VoisinsStore         *self,
                                                   const char           *association_id,
                                                   const char           *author_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray *voisins_store_list_member_posts_finish (VoisinsStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Saves exactly one of @host or @guest (the other NULL); takes ownership of it. */
void       voisins_store_save_holiday_person_async  (VoisinsStore         *self,
                                                     VoisinsHolidayHost   *host,
                                                     VoisinsHolidayGuest  *guest,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean   voisins_store_save_holiday_person_finish (VoisinsStore         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
