/* voisins-store-notices.h: settling the conflicts and refusals a sync reported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-store.h"

G_BEGIN_DECLS

/**
 * voisins_store_settle_notice:
 * @self: the store
 * @notice: a notice from voisins_store_list_notices()
 * @keep_mine: for a conflict, write the text that lost back as a new local edit
 * @error: G_IO_ERROR_NOT_SUPPORTED when the field cannot be written back
 *
 * "Keep Mine" is a new edit on top of what the server kept: it goes out like any
 * other. Then the notice is resolved and VoisinsStore::notices-changed is emitted.
 */
gboolean voisins_store_settle_notice (VoisinsStore            *self,
                                      const VoisinsSyncNotice *notice,
                                      gboolean                 keep_mine,
                                      GError                 **error);

G_END_DECLS
