/* voisins-consent.c: who gave a neighbour's consent, as a code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>

#include "voisins-consent.h"

static const char *const codes[] = {
  "self", "family", "guardian", "neighbour", "social-worker",
};

/* What the demo and the first versions stored, in French. */
static const struct
{
  const char       *text;
  VoisinsConsentBy  by;
} old_values[] = {
  { "elle-même", VOISINS_CONSENT_BY_SELF },
  { "lui-même", VOISINS_CONSENT_BY_SELF },
  { "elle-meme", VOISINS_CONSENT_BY_SELF },
  { "lui-meme", VOISINS_CONSENT_BY_SELF },
  { "sa fille", VOISINS_CONSENT_BY_FAMILY },
  { "son fils", VOISINS_CONSENT_BY_FAMILY },
  { "sa nièce", VOISINS_CONSENT_BY_FAMILY },
  { "son neveu", VOISINS_CONSENT_BY_FAMILY },
  { "sa tutrice", VOISINS_CONSENT_BY_GUARDIAN },
  { "son tuteur", VOISINS_CONSENT_BY_GUARDIAN },
};

const char *
voisins_consent_by_to_code (VoisinsConsentBy by)
{
  g_return_val_if_fail (by < VOISINS_CONSENT_BY_N_CODES, NULL);
  return codes[by];
}

int
voisins_consent_by_from_text (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0')
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (text, codes[i]))
      return (int) i;
  folded = g_utf8_strdown (g_strstrip (g_strdup (text)), -1);
  for (guint i = 0; i < G_N_ELEMENTS (old_values); i++)
    if (g_str_equal (folded, old_values[i].text))
      return old_values[i].by;
  return -1;
}

char *
voisins_consent_by_label (const char *text)
{
  int by = voisins_consent_by_from_text (text);

  if (text == NULL || *text == '\0')
    return NULL;
  switch (by)
    {
    /* TRANSLATORS: who gave a neighbour's consent, mid-sentence ("given by the neighbour in
     * person"); no gender is stored */
    case VOISINS_CONSENT_BY_SELF:          return g_strdup (C_ ("consent by", "the neighbour in person"));
    case VOISINS_CONSENT_BY_FAMILY:        return g_strdup (C_ ("consent by", "a family member"));
    case VOISINS_CONSENT_BY_GUARDIAN:      return g_strdup (C_ ("consent by", "a legal guardian"));
    case VOISINS_CONSENT_BY_NEIGHBOUR:     return g_strdup (C_ ("consent by", "a neighbour"));
    case VOISINS_CONSENT_BY_SOCIAL_WORKER: return g_strdup (C_ ("consent by", "a social worker"));
    default:
      return g_strdup (text);
    }
}
