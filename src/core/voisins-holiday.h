/* voisins-holiday.h: the holiday table's hosts and guests (plain records for now)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VOISINS_HOLIDAY_SLOT_DEC24_EVENING = 1 << 0,
  VOISINS_HOLIDAY_SLOT_DEC25_LUNCH   = 1 << 1,
  VOISINS_HOLIDAY_SLOT_DEC31_EVENING = 1 << 2,
  VOISINS_HOLIDAY_SLOT_JAN01_LUNCH   = 1 << 3,
} VoisinsHolidaySlot;

typedef enum
{
  VOISINS_DIET_VEGETARIAN  = 1 << 0,
  VOISINS_DIET_HALAL       = 1 << 1,
  VOISINS_DIET_NO_PORK     = 1 << 2,
  VOISINS_DIET_DIABETIC    = 1 << 3,
  VOISINS_DIET_GLUTEN_FREE = 1 << 4,
} VoisinsDiet;

typedef struct
{
  char    *id;
  char    *association_id;
  char    *member_id;
  guint    slots;          /* VoisinsHolidaySlot bits */
  guint    seats;          /* per slot */
  gboolean step_free;
  gboolean pets;
  guint    diets;          /* VoisinsDiet bits the household can cook */
  char    *languages;      /* comma-separated ISO 639-1 codes, "fr,pt" */
  gboolean alcohol_free;
  gboolean children;
  gboolean can_fetch;
  char    *notes;
  gint64   version;
  gint64   server_seq;
} VoisinsHolidayHost;

typedef struct
{
  char    *id;
  char    *association_id;
  char    *member_id;
  guint    slots;
  gboolean no_stairs;
  guint    diets;          /* VoisinsDiet bits needed */
  char    *languages;
  gboolean pet_allergy;
  gboolean needs_fetch;
  gboolean wants_quiet;
  char    *notes;
  gint64   version;
  gint64   server_seq;
} VoisinsHolidayGuest;

void voisins_holiday_host_free  (VoisinsHolidayHost  *host);
void voisins_holiday_guest_free (VoisinsHolidayGuest *guest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayHost, voisins_holiday_host_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayGuest, voisins_holiday_guest_free)

G_END_DECLS
