/* voisins-calendar-feed-dialog.h: the user's secret calendar feed address, to copy or revoke
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_CALENDAR_FEED_DIALOG (voisins_calendar_feed_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsCalendarFeedDialog, voisins_calendar_feed_dialog, VOISINS,
                      CALENDAR_FEED_DIALOG, AdwWindow)

VoisinsCalendarFeedDialog *voisins_calendar_feed_dialog_new     (GtkWindow         *parent,
                                                                 VoisinsSyncClient *client,
                                                                 const char        *association_id);
/* What the buttons do (for tests), and the address shown (NULL when none is). */
void                       voisins_calendar_feed_dialog_make_new (VoisinsCalendarFeedDialog *self);
void                       voisins_calendar_feed_dialog_revoke   (VoisinsCalendarFeedDialog *self);
const char                *voisins_calendar_feed_dialog_get_url  (VoisinsCalendarFeedDialog *self);
gboolean                   voisins_calendar_feed_dialog_is_busy  (VoisinsCalendarFeedDialog *self);
/* The line under the buttons: what happened, or what went wrong. */
const char                *voisins_calendar_feed_dialog_get_status (VoisinsCalendarFeedDialog *self);

G_END_DECLS
