/* voisins-holiday-page-private.h: what the page's three files share
 *
 * voisins-holiday-page.c loads and owns the page, voisins-holiday-rows.c builds its rows,
 * voisins-holiday-page-actions.c runs the holiday.* actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-holiday-layer.h"
#include "voisins-holiday-page.h"
#include "voisins-holiday-snapshot.h"

G_BEGIN_DECLS

struct _VoisinsHolidayPage
{
  GtkWidget               parent_instance;

  gboolean                refresh_when_shown;

  VoisinsStore           *store;
  VoisinsAssociation     *association;
  GListModel             *members;
  VoisinsMap             *map;
  VoisinsHolidayLayer    *layer;
  GCancellable           *cancellable;    /* the page's life */
  GCancellable           *refresh_cancellable;
  VoisinsHolidayCampaign *campaign;
  GHashTable             *host_names;     /* host id -> "Jeanne M." */
  GtkWindow              *dialog;
  VoisinsHolidayDashboard dashboard;
  gboolean                loading;
  gboolean                show_on_map;
  char                   *focus_id;       /* the match whose row gets the focus back */
  GtkListBox             *focus_list;     /* the list it was in */
  int                     focus_index;

  /* template children */
  GtkLabel               *calls_label;
  GtkLabel               *calls_caption;
  GtkLabel               *placed_caption;
  GtkLabel               *seats_caption;
  GtkLabel               *waiting_caption;
  AdwStatusPage          *calls_empty;
  GtkListBox             *calls_list;
  AdwStatusPage          *matches_empty;
  GtkListBox             *matches_list;
  GtkLabel               *placed_label;
  GtkLabel               *seats_label;
  GtkLabel               *states_label;
  GtkStack               *tabs_stack;
  GtkLabel               *title_label;
  AdwStatusPage          *waiting_empty;
  GtkLabel               *waiting_label;
  GtkListBox             *waiting_list;
};


/* voisins-holiday-page.c */
/* After a step on match @id: once the lists are filled again, the focus goes to that
 * match's next button (or its row, or the row now in its place), never lost. */
void        _voisins_holiday_page_focus_after    (VoisinsHolidayPage     *self,
                                                  const char             *id);
void        _voisins_holiday_page_add_member     (VoisinsHolidayPage     *self,
                                                  GtkDropDown            *dropdown);
void        _voisins_holiday_page_toast          (VoisinsHolidayPage     *self,
                                                  const char             *message);
char       *_voisins_holiday_page_get_viewer     (VoisinsHolidayPage     *self);
/* FALSE for a volunteer (TRUE when the role is not known: a local or demo store). */
gboolean    _voisins_holiday_page_is_coordinator (VoisinsHolidayPage     *self);
const char *_voisins_holiday_page_slot_label     (VoisinsHolidayPage     *self,
                                                  guint                   slot);

/* voisins-holiday-rows.c */
/* "Host Said _Yes" -> "Host Said Yes" (a "__" stays one "_"). */
char       *_voisins_holiday_strip_mnemonic      (const char             *label);
char       *_voisins_holiday_page_slots_text     (VoisinsHolidayPage     *self,
                                                  guint                   slots);
void        _voisins_holiday_list_box_clear      (GtkListBox             *list);
GtkWidget  *_voisins_holiday_action_button       (const char             *label,
                                                  const char             *action,
                                                  const char             *target,
                                                  const char             *css_class);
void        _voisins_holiday_page_fill_waiting   (VoisinsHolidayPage     *self,
                                                  VoisinsHolidaySnapshot *s);
void        _voisins_holiday_page_fill_matches   (VoisinsHolidayPage     *self,
                                                  VoisinsHolidaySnapshot *s);
void        _voisins_holiday_page_fill_calls     (VoisinsHolidayPage     *self,
                                                  VoisinsHolidaySnapshot *s);

/* voisins-holiday-page-actions.c */
void        _voisins_holiday_page_install_actions (GtkWidgetClass         *widget_class);

G_END_DECLS
