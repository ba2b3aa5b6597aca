/* voisins-cursor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <errno.h>

#include "voisins-cursor.h"

char *
voisins_cursor_format (const char *epoch,
                       const char *association_id,
                       gint64      seq)
{
  g_return_val_if_fail (epoch != NULL, NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  return g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT, epoch, association_id, seq);
}

gboolean
voisins_cursor_parse (const char  *cursor,
                      char       **epoch,
                      char       **association_id,
                      gint64      *seq)
{
  g_auto(GStrv) parts = NULL;
  char *end = NULL;
  gint64 v;

  if (cursor == NULL)
    return FALSE;

  /* Four pieces so that "a:b:c:d" counts as four, not as a seq of "c:d". */
  parts = g_strsplit (cursor, ":", 4);
  if (g_strv_length (parts) != 3)
    return FALSE;

  errno = 0;
  v = g_ascii_strtoll (parts[2], &end, 10);
  if (errno != 0 || end == parts[2] || *end != '\0' || v < 0)
    return FALSE;

  if (epoch != NULL)
    *epoch = g_strdup (parts[0]);
  if (association_id != NULL)
    *association_id = g_strdup (parts[1]);
  if (seq != NULL)
    *seq = v;

  return TRUE;
}
