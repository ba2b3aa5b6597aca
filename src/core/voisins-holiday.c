/* voisins-holiday.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

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
  g_free (guest);
}
