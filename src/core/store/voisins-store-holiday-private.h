/* voisins-store-holiday-private.h: what the two holiday files of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * voisins-store-holiday.c (rows and commands) is below voisins-store-holiday-campaign.c
 * (lists, dashboard, matching, contacts, purge), which reads rows through these.
 */
#pragma once

#include "voisins-store-private.h"

G_BEGIN_DECLS

#define LIVE "state <> 'declined'"

#define HOST_COLS "h.id, h.association_id, h.member_id, h.slots, h.seats, h.step_free, h.pets," \
  " h.diets, h.languages, h.alcohol_free, h.children, h.can_fetch, h.notes, h.version," \
  " h.server_seq, h.phone, h.first_name, h.last_name, h.address, h.postcode, h.city"
#define GUEST_COLS "g.id, g.association_id, g.member_id, g.slots, g.no_stairs, g.diets," \
  " g.languages, g.pet_allergy, g.needs_fetch, g.wants_quiet, g.notes, g.version, g.server_seq," \
  " g.street, g.approx_lat, g.approx_lon, g.phone, g.first_name, g.last_name, g.address," \
  " g.postcode, g.city"
#define N_HOST_COLS 21
#define N_GUEST_COLS 22

/* "Marie D." */
char                *_voisins_store_holiday_short_name           (const char    *first,
                                                                  const char    *last);
char                *_voisins_store_holiday_anonymous_guest_name (const char    *street);
/* Takes the store's lock and checks it is open; on FALSE the lock is released. */
gboolean             _voisins_store_holiday_lock_open            (VoisinsStore  *self,
                                                                  GError       **error);
gboolean             _voisins_store_holiday_step_done            (VoisinsStore  *self,
                                                                  sqlite3_stmt  *stmt,
                                                                  int            rc,
                                                                  GError       **error);
/* Rows selected with HOST_COLS / GUEST_COLS. */
VoisinsHolidayHost  *_voisins_store_holiday_host_from_row        (sqlite3_stmt  *stmt);
VoisinsHolidayGuest *_voisins_store_holiday_guest_from_row       (sqlite3_stmt  *stmt);
VoisinsHolidayGuest *_voisins_store_holiday_load_guest           (VoisinsStore  *self,
                                                                  const char    *id);

G_END_DECLS
