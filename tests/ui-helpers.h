/* ui-helpers.h: what the tests that drive a real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-application.h"
#include "voisins-core.h"
#include "voisins-window.h"

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
/* $VOISINS_ARTIFACTS_DIR/@name (the temporary folder when unset), its folder made. */
char               *vt_artifact   (const char  *name);

/* A demo quartier (seed 42) in a fresh store, and a real window on it, presented. */
typedef struct
{
  char               *dir;
  VoisinsStore       *store;
  VoisinsAssociation *association;
  VoisinsWindow      *window;
} VtDemoWindow;

void                vt_demo_window_open  (VtDemoWindow       *self,
                                          VoisinsApplication *app,
                                          guint               n_members,
                                          guint               n_posts,
                                          int                 height);
void                vt_demo_window_close (VtDemoWindow       *self);

/* A test process with a real display: isolated folders, a private session bus (no
 * secret service), GTK and libadwaita, no network tiles, and a registered application. */
VoisinsApplication *vt_ui_init    (int         *argc,
                                   char      ***argv,
                                   GTestDBus  **bus);
/* Stops the bus of vt_ui_init() and forgets it (sets *@bus to NULL). Not
 * g_test_dbus_down(), nor its last unref (its dispose calls it): that waits up to 30 s for
 * the last reference to the session connection, which GTK keeps to the end of the
 * process, and made every UI test 30 s longer. */
void                vt_ui_bus_down (GTestDBus **bus);

/* Walks the accessible tree under @root (visible widgets) as a screen reader would meet it
 * (GTK_A11Y=test): every interactive element (buttons, fields, tabs, rows one can focus)
 * must have a name (its accessible label, labelled-by, or the text it shows) without a
 * mnemonic underscore, not said twice nor a GTK class name, and no button sits inside
 * another. Returns NULL when all is well, else one line per problem (free it);
 * @n_checked: how many interactive elements were checked. */
char               *vt_a11y_check_tree (GtkWidget *root,
                                        guint     *n_checked);

/* {{{ accessibility */
/* The accessible name of @widget as GTK's AT-SPI backend computes it (its label property,
 * then the names of what labels it, then its class name for a non-structural role). */
char               *vt_a11y_name       (GtkWidget   *widget);
/* (wt-a11y's walk, beside wt-holiday's vt_a11y_check_tree() above: the lead may keep one.)
 * Appends a line to @failures for each mapped interactive widget under @root (focusable:
 * buttons, rows, entries, switches, toggles) whose name is empty, a GTK class name, holds a
 * mnemonic underscore or repeats itself ("Save Save"), or that is a button inside a button.
 * Returns how many were checked. */
guint               vt_a11y_check_names (GtkWidget   *root,
                                         GString     *failures);
/* Presses @keyval with @mods on the real keyboard (XTest) into @window, made the window with
 * the X focus, and runs the main loop until GTK has handled it. FALSE without XTest. */
gboolean            vt_key_press       (GtkWindow       *window,
                                        guint            keyval,
                                        GdkModifierType  mods);
/* }}} */

G_END_DECLS
