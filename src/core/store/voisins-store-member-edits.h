/* voisins-store-member-edits.h: the member editor's store calls, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-store.h"

G_BEGIN_DECLS

/* voisins_store_create_member () when @create, else voisins_store_update_member (); the
 * worker owns a reference to @member until the callback (create fills in its id). */
void            voisins_store_save_member_async        (VoisinsStore         *self,
                                                        VoisinsMember        *member,
                                                        gboolean              create,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean        voisins_store_save_member_finish       (VoisinsStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* voisins_store_complete_addresses () in a worker; a GPtrArray of VoisinsAddress. */
void            voisins_store_complete_addresses_async (VoisinsStore         *self,
                                                        const char           *association_id,
                                                        const char           *text,
                                                        guint                 limit,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray      *voisins_store_complete_addresses_finish (VoisinsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* What the editor checks before it saves a member. */
typedef struct
{
  guint           n_addresses;  /* the size of the laptop's address base (0: none yet) */
  VoisinsAddress *address;      /* the base's address the member's is, or NULL */
  GPtrArray      *duplicates;   /* VoisinsMember: same name and address */
} VoisinsMemberCheck;

void            voisins_member_check_free              (VoisinsMemberCheck   *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsMemberCheck, voisins_member_check_free)

void            voisins_store_check_member_async       (VoisinsStore         *self,
                                                        VoisinsMember        *member,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
VoisinsMemberCheck *voisins_store_check_member_finish  (VoisinsStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* The fields the server lets this login change on an existing member of @association_id
 * (its rules table, as the server sent it), or NULL when the laptop has not heard yet:
 * the form then lets everything be typed and the server decides at sync. */
GStrv           voisins_store_get_member_writable_fields (VoisinsStore       *self,
                                                        const char           *association_id);
gboolean        voisins_store_set_member_writable_fields (VoisinsStore       *self,
                                                        const char           *association_id,
                                                        const char * const   *fields,
                                                        GError              **error);

G_END_DECLS
