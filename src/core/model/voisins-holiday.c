/* voisins-holiday.c: holiday records, match states and the campaign's slots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-holiday.h"

void
voisins_holiday_host_free (VoisinsHolidayHost *host)
{
  if (host == NULL)
    return;

  g_free (host->id);
  g_free (host->association_id);
  g_free (host->member_id);
  g_free (host->languages);
  g_free (host->notes);
  g_free (host->phone);
  g_free (host->first_name);
  g_free (host->last_name);
  g_free (host->address);
  g_free (host->postcode);
  g_free (host->city);
  g_free (host);
}

void
voisins_holiday_guest_free (VoisinsHolidayGuest *guest)
{
  if (guest == NULL)
    return;

  g_free (guest->id);
  g_free (guest->association_id);
  g_free (guest->member_id);
  g_free (guest->languages);
  g_free (guest->notes);
  g_free (guest->street);
  g_free (guest->phone);
  g_free (guest->first_name);
  g_free (guest->last_name);
  g_free (guest->address);
  g_free (guest->postcode);
  g_free (guest->city);
  g_free (guest);
}


static const char *state_names[] = {
  "proposed", "host-called", "confirmed", "done", "declined",
};

const char *
voisins_holiday_match_state_to_string (VoisinsHolidayMatchState state)
{
  g_return_val_if_fail (state < VOISINS_HOLIDAY_MATCH_N_STATES, NULL);
  return state_names[state];
}

int
voisins_holiday_match_state_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (str, state_names[i]))
      return (int) i;
  /* Stored before the step was merged into confirmed. */
  if (g_strcmp0 (str, "guest-called") == 0)
    return VOISINS_HOLIDAY_MATCH_CONFIRMED;
  return -1;
}

const char *
voisins_holiday_match_state_label (VoisinsHolidayMatchState state)
{
  switch (state)
    {
    case VOISINS_HOLIDAY_MATCH_PROPOSED:     return C_ ("holiday match state", "Proposed");
    case VOISINS_HOLIDAY_MATCH_HOST_CALLED:  return C_ ("holiday match state", "Host said yes");
    case VOISINS_HOLIDAY_MATCH_CONFIRMED:    return C_ ("holiday match state", "Guest said yes");
    case VOISINS_HOLIDAY_MATCH_DONE:         return C_ ("holiday match state", "Done");
    case VOISINS_HOLIDAY_MATCH_DECLINED:     return C_ ("holiday match state", "Declined");
    case VOISINS_HOLIDAY_MATCH_N_STATES:
    default:
      return NULL;
    }
}

gboolean
voisins_holiday_match_state_can_move (VoisinsHolidayMatchState from,
                                      VoisinsHolidayMatchState to)
{
  if (from >= VOISINS_HOLIDAY_MATCH_N_STATES || to >= VOISINS_HOLIDAY_MATCH_N_STATES)
    return FALSE;
  if (from == to)
    return TRUE;
  if (from == VOISINS_HOLIDAY_MATCH_DONE || from == VOISINS_HOLIDAY_MATCH_DECLINED)
    return FALSE;
  if (to == VOISINS_HOLIDAY_MATCH_DECLINED)
    return TRUE;
  return to == from + 1;
}

gboolean
voisins_holiday_match_state_can_undo (VoisinsHolidayMatchState from,
                                      VoisinsHolidayMatchState to)
{
  if (from >= VOISINS_HOLIDAY_MATCH_N_STATES || to >= VOISINS_HOLIDAY_MATCH_N_STATES)
    return FALSE;
  if (to == VOISINS_HOLIDAY_MATCH_DECLINED || to == VOISINS_HOLIDAY_MATCH_DONE)
    return FALSE;
  return from == VOISINS_HOLIDAY_MATCH_DECLINED || to < from;
}

void
voisins_holiday_match_free (VoisinsHolidayMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->id);
  g_free (match->association_id);
  g_free (match->host_id);
  g_free (match->guest_id);
  g_free (match->feedback);
  g_free (match->follower_id);
  g_free (match->approved_by);
  g_free (match->host_name);
  g_free (match->guest_name);
  g_free (match);
}

gboolean
voisins_holiday_match_is_waiting (const VoisinsHolidayMatch *match)
{
  g_return_val_if_fail (match != NULL, FALSE);

  if (match->state == VOISINS_HOLIDAY_MATCH_DONE || match->state == VOISINS_HOLIDAY_MATCH_DECLINED)
    return FALSE;
  return match->follower_id != NULL && *match->follower_id != '\0' && match->approved_at == 0 &&
         (match->approved_by == NULL || *match->approved_by == '\0');
}

void
voisins_holiday_contact_free (VoisinsHolidayContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->member_id);
  g_free (contact->name);
  g_free (contact->street);
  g_free (contact->address);
  g_free (contact->phone);
  g_free (contact);
}

static void
clear_slot_info (gpointer data)
{
  VoisinsHolidaySlotInfo *info = data;

  g_free (info->label);
}

VoisinsHolidayCampaign *
voisins_holiday_campaign_new (int year)
{
  VoisinsHolidayCampaign *self = g_new0 (VoisinsHolidayCampaign, 1);

  self->year = year;
  self->slots = g_array_new (FALSE, TRUE, sizeof (VoisinsHolidaySlotInfo));
  g_array_set_clear_func (self->slots, clear_slot_info);
  return self;
}

static gint64
paris_time (int year,
            int month,
            int day,
            int hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) dt = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  dt = g_date_time_new (tz, year, month, day, hour, 0, 0);
  return dt ? g_date_time_to_unix (dt) : 0;
}

VoisinsHolidayCampaign *
voisins_holiday_campaign_new_default (int year)
{
  VoisinsHolidayCampaign *self = voisins_holiday_campaign_new (year);

  voisins_holiday_campaign_add_slot (self, VOISINS_HOLIDAY_SLOT_DEC24_EVENING,
                                     _("24 December, evening"), paris_time (year, 12, 24, 19));
  voisins_holiday_campaign_add_slot (self, VOISINS_HOLIDAY_SLOT_DEC25_LUNCH,
                                     _("25 December, lunch"), paris_time (year, 12, 25, 12));
  voisins_holiday_campaign_add_slot (self, VOISINS_HOLIDAY_SLOT_DEC31_EVENING,
                                     _("31 December, evening"), paris_time (year, 12, 31, 19));
  voisins_holiday_campaign_add_slot (self, VOISINS_HOLIDAY_SLOT_JAN01_LUNCH,
                                     _("1 January, lunch"), paris_time (year + 1, 1, 1, 12));
  return self;
}

void
voisins_holiday_campaign_add_slot (VoisinsHolidayCampaign *self,
                                   guint                   slot,
                                   const char             *label,
                                   gint64                  starts_at)
{
  VoisinsHolidaySlotInfo info = { slot, g_strdup (label), starts_at };
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (slot != 0 && (slot & (slot - 1)) == 0);

  for (i = 0; i < self->slots->len; i++)
    if (g_array_index (self->slots, VoisinsHolidaySlotInfo, i).starts_at > starts_at)
      break;
  g_array_insert_val (self->slots, i, info);
}

const VoisinsHolidaySlotInfo *
voisins_holiday_campaign_get_slot (const VoisinsHolidayCampaign *self,
                                   guint                         slot)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->slots->len; i++)
    if (g_array_index (self->slots, VoisinsHolidaySlotInfo, i).slot == slot)
      return &g_array_index (self->slots, VoisinsHolidaySlotInfo, i);
  return NULL;
}

gint64
voisins_holiday_campaign_purge_date (const VoisinsHolidayCampaign *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return paris_time (self->year + 1, 1, 15, 0);
}

void
voisins_holiday_campaign_free (VoisinsHolidayCampaign *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->slots);
  g_free (self);
}
