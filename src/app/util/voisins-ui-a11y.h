/* voisins-ui-a11y.h: what a screen reader and a keyboard need that GTK 4.8 does not give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Once, at startup: the fixes every widget of its kind needs (names without the mnemonic
 * underscore nor twice the text, the buttons inside drop-downs named). */
void voisins_ui_a11y_install              (void);
/* The name a screen reader says for the row showing @item ("list item" otherwise). */
void voisins_ui_a11y_set_list_item_label  (GtkListItem *item,
                                           const char  *label);
/* @view is one tab stop: the arrows move inside, Tab and Shift+Tab leave it. */
void voisins_ui_a11y_list_one_tab_stop    (GtkWidget   *view);
/* Tab and Shift+Tab leave @view (a multi-line field) instead of typing a tab. */
void voisins_ui_a11y_text_view_tab_leaves (GtkTextView *view);

/* @row (of a GtkStringList) shows its choice whole: its title and help text wrap instead
 * ("Kind  Req…" at large text). */
void voisins_ui_a11y_combo_row_show_whole_choice (AdwComboRow *row);

G_END_DECLS
