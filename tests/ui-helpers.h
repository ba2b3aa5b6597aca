/* ui-helpers.h: what the tests that drive a real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-application.h"

G_BEGIN_DECLS

typedef gboolean (*VtCondFunc) (gpointer data);

/* Runs the main loop until @cond holds; FALSE after @timeout_ms. */
gboolean            vt_wait_until (VtCondFunc   cond,
                                   gpointer     data,
                                   guint        timeout_ms);
void                vt_spin       (guint        ms);
/* A template child that must exist. */
GtkWidget          *vt_child      (gpointer     widget,
                                   GType        type,
                                   const char  *name);
/* Renders @widget to $VOISINS_ARTIFACTS_DIR/@name (nothing when the variable is unset). */
void                vt_save_png   (GtkWidget   *widget,
                                   const char  *name);
/* A test process with a real display: isolated folders, a private session bus (no
 * secret service), GTK and libadwaita, no network tiles, and a registered application. */
VoisinsApplication *vt_ui_init    (int         *argc,
                                   char      ***argv,
                                   GTestDBus  **bus);

G_END_DECLS
