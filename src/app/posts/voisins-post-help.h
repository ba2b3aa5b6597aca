/* voisins-post-help.h: a request's helper, in its detail: the help's step, the next step's
 * buttons, the phones the server lets this laptop hold, "Helped by" once done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST_HELP (voisins_post_help_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPostHelp, voisins_post_help, VOISINS, POST_HELP, GtkWidget)

void voisins_post_help_set_store (VoisinsPostHelp *self,
                                  VoisinsStore    *store);
/* Shown for a request only; NULL hides it. */
void voisins_post_help_set_post  (VoisinsPostHelp *self,
                                  VoisinsPost     *post);

G_END_DECLS
