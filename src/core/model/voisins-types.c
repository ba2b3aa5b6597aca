/* voisins-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <string.h>

#include "voisins-types.h"

static const char *kind_names[] = { "request", "offer" };
static const char *category_names[] = {
  "service", "babysitting", "diy", "lending", "activity", "group", "event"
};
static const char *status_names[] = { "open", "matched", "done", "cancelled", "expired" };
static const char *verification_names[] = { "unverified", "letter-sent", "verified", "expired" };
static const char *role_names[] = { "volunteer", "coordinator", "admin" };

static gboolean
lookup (const char  *str,
        const char **names,
        guint        n_names,
        int         *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (str, names[i]))
        {
          *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, names)                          \
  const char *                                                            \
  prefix##_to_string (Type value)                                         \
  {                                                                       \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);    \
    return names[value];                                                  \
  }                                                                       \
  gboolean                                                                \
  prefix##_from_string (const char *str,                                  \
                        Type       *out)                                  \
  {                                                                       \
    int v;                                                                \
    if (!lookup (str, names, G_N_ELEMENTS (names), &v))                   \
      return FALSE;                                                       \
    *out = (Type) v;                                                      \
    return TRUE;                                                          \
  }

DEFINE_ENUM_STRINGS (voisins_post_kind, VoisinsPostKind, kind_names)
DEFINE_ENUM_STRINGS (voisins_category, VoisinsCategory, category_names)
DEFINE_ENUM_STRINGS (voisins_post_status, VoisinsPostStatus, status_names)
DEFINE_ENUM_STRINGS (voisins_verification, VoisinsVerification, verification_names)
DEFINE_ENUM_STRINGS (voisins_role, VoisinsRole, role_names)

gboolean
voisins_post_status_can_move (VoisinsPostStatus from,
                              VoisinsPostStatus to)
{
  if (from == to)
    return TRUE;

  /* Expired is the clock's doing: only an open post runs out. */
  if (to == VOISINS_POST_STATUS_EXPIRED)
    return from == VOISINS_POST_STATUS_OPEN;

  switch (from)
    {
    case VOISINS_POST_STATUS_OPEN:
    case VOISINS_POST_STATUS_MATCHED:
      return (guint) to < VOISINS_N_POST_STATUSES;
    case VOISINS_POST_STATUS_DONE:
    case VOISINS_POST_STATUS_CANCELLED:
      /* Reopened (the help fell through, closed by mistake), or back to matched: the undo of
       * closing a matched post. Done and cancelled do not swap: reopen first. */
      return to == VOISINS_POST_STATUS_OPEN || to == VOISINS_POST_STATUS_MATCHED;
    case VOISINS_POST_STATUS_EXPIRED:
      /* Still needed after its date: reopened (its dates edited afterwards). */
      return to == VOISINS_POST_STATUS_OPEN;
    case VOISINS_N_POST_STATUSES:
    default:
      return FALSE;
    }
}

char *
voisins_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
          type == G_UNICODE_SPACING_MARK)
        continue;
      if (c == 0x0153) /* œ */
        {
          g_string_append (out, "oe");
          continue;
        }
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
