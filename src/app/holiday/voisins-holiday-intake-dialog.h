/* voisins-holiday-intake-dialog.h: a volunteer records a host or a guest of the holiday table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG (voisins_holiday_intake_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsHolidayIntakeDialog, voisins_holiday_intake_dialog,
                      VOISINS, HOLIDAY_INTAKE_DIALOG, AdwWindow)

/* @host: TRUE for a host household, FALSE for a guest. @members: VoisinsMember. */
VoisinsHolidayIntakeDialog *voisins_holiday_intake_dialog_new (GtkWindow    *parent,
                                                               VoisinsStore *store,
                                                               const char   *association_id,
                                                               GListModel   *members,
                                                               gboolean      host);
/* The check button of a slot or a diet bit (for tests and keyboard users alike). */
GtkCheckButton *voisins_holiday_intake_dialog_get_slot_check (VoisinsHolidayIntakeDialog *self,
                                                              guint                       slot);
GtkCheckButton *voisins_holiday_intake_dialog_get_diet_check (VoisinsHolidayIntakeDialog *self,
                                                              guint                       diet);
/* Validates, then saves in a worker thread; "saved" and closing follow on success. */
void            voisins_holiday_intake_dialog_save           (VoisinsHolidayIntakeDialog *self);

G_END_DECLS
