/* voisins-ui-util.h: labels, icons and dates as the app shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

const char *voisins_ui_kind_label         (VoisinsPostKind      kind);
const char *voisins_ui_category_label     (VoisinsCategory      category);
const char *voisins_ui_category_icon      (VoisinsCategory      category);
const char *voisins_ui_status_label       (VoisinsPostStatus    status);
const char *voisins_ui_verification_label (VoisinsVerification  verification);
/* "volunteer", "coordinator", "administrator", translated, lower case. */
const char *voisins_ui_role_label         (VoisinsRole          role);
/* "Jeanne M." */
char       *voisins_ui_member_short_name  (VoisinsMember       *member);
/* "Jeanne Martin" */
char       *voisins_ui_member_full_name   (VoisinsMember       *member);
/* "3 days ago", "today", "yesterday" */
char       *voisins_ui_relative_date      (gint64               unix_time,
                                           gint64               now);
/* "Monday 3 June 2024" (translatable format) */
char       *voisins_ui_long_date          (gint64               unix_time);
char       *voisins_ui_long_date_time     (gint64               unix_time);
/* "300 m", "1.2 km" */
char       *voisins_ui_distance           (double               metres);
char       *voisins_ui_languages          (const char          *codes);
/* A GtkExpression giving a member's full name (for searchable drop-downs). */
GtkExpression *voisins_ui_member_name_expression (void);

/* The one way the app shows a toast: in the AdwToastOverlay nearest @widget (an ancestor,
 * else the first one in its window, else in the window that one is a dialog of).
 * Takes @toast (transfer full); drops it when there is no overlay. */
void           voisins_ui_add_toast             (GtkWidget           *widget,
                                                 AdwToast            *toast);

/* Shows @members (VoisinsMember) in @dropdown, nothing chosen, and keeps the choice (by id)
 * when the list is read again; _select chooses @id now, or as soon as the list has it (a
 * neighbour just added). */
void           voisins_ui_member_drop_down_track  (GtkDropDown         *dropdown,
                                                   GListModel          *members);
void           voisins_ui_member_drop_down_select (GtkDropDown         *dropdown,
                                                   const char          *id);

G_END_DECLS
