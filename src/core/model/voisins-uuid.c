/* voisins-uuid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <string.h>

#include "voisins-uuid.h"

static char *
format_uuid (const guint8 b[16])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
voisins_uuid_new_full (gint64  unix_ms,
                       GRand  *rand)
{
  guint8 b[16];

  /* 48 bits of milliseconds first, so ids sort by creation time (index locality). */
  for (int i = 0; i < 6; i++)
    b[i] = (guint8) ((guint64) unix_ms >> (40 - 8 * i));

  for (int i = 6; i < 16; i += 2)
    {
      guint32 r = rand != NULL ? g_rand_int (rand) : g_random_int ();
      b[i] = (guint8) r;
      b[i + 1] = (guint8) (r >> 8);
    }

  b[6] = (b[6] & 0x0f) | 0x70;  /* version 7 */
  b[8] = (b[8] & 0x3f) | 0x80;  /* RFC 9562 variant */

  return format_uuid (b);
}

char *
voisins_uuid_new (void)
{
  return voisins_uuid_new_full (g_get_real_time () / 1000, NULL);
}

gboolean
voisins_uuid_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;

  for (int i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (str[i]))
        return FALSE;
    }

  return TRUE;
}
