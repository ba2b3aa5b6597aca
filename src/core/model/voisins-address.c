/* voisins-address.c: an address of the quartier's address base, and its normalisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <string.h>

#include "voisins-address.h"

G_DEFINE_BOXED_TYPE (VoisinsAddress, voisins_address, voisins_address_copy, voisins_address_free)

VoisinsAddress *
voisins_address_new (void)
{
  VoisinsAddress *self = g_new0 (VoisinsAddress, 1);

  self->rep = g_strdup ("");
  return self;
}

VoisinsAddress *
voisins_address_copy (const VoisinsAddress *self)
{
  VoisinsAddress *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VoisinsAddress, 1);
  copy->id = g_strdup (self->id);
  copy->number = self->number;
  copy->rep = g_strdup (self->rep ? self->rep : "");
  copy->street = g_strdup (self->street);
  copy->postcode = g_strdup (self->postcode);
  copy->city = g_strdup (self->city);
  copy->lat = self->lat;
  copy->lon = self->lon;
  return copy;
}

void
voisins_address_free (VoisinsAddress *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->rep);
  g_free (self->street);
  g_free (self->postcode);
  g_free (self->city);
  g_free (self);
}

char *
voisins_address_format (const VoisinsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->rep && self->rep[0])
    return g_strdup_printf ("%d %s %s", self->number, self->rep, self->street ? self->street : "");
  return g_strdup_printf ("%d %s", self->number, self->street ? self->street : "");
}

char *
voisins_address_key (const VoisinsAddress *self)
{
  g_autofree char *text = voisins_address_format (self);

  return voisins_address_normalize (text);
}

/* The abbreviations people (and spreadsheets) write for street types and common words. */
static const struct { const char *abbrev; const char *word; } abbreviations[] = {
  { "r", "rue" }, { "bd", "boulevard" }, { "bld", "boulevard" }, { "blvd", "boulevard" },
  { "boul", "boulevard" }, { "av", "avenue" }, { "ave", "avenue" }, { "pl", "place" },
  { "imp", "impasse" }, { "pass", "passage" }, { "psg", "passage" }, { "sq", "square" },
  { "crs", "cours" }, { "all", "allee" }, { "ch", "chemin" }, { "chem", "chemin" },
  { "fg", "faubourg" }, { "fbg", "faubourg" }, { "faub", "faubourg" }, { "st", "saint" },
  { "ste", "sainte" }, { "gal", "general" }, { "mal", "marechal" }, { "pte", "porte" },
  { "prom", "promenade" }, { "esp", "esplanade" }, { "rte", "route" }, { "vla", "villa" },
};

/* After a house number: the repetition index. */
static const struct { const char *abbrev; const char *word; } repetitions[] = {
  { "b", "bis" }, { "bis", "bis" }, { "t", "ter" }, { "ter", "ter" },
  { "q", "quater" }, { "qua", "quater" }, { "quater", "quater" },
};

static gboolean
is_number (const char *token)
{
  if (token[0] == '\0')
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Lower-case ASCII letters and digits, everything else a space; a space also between a
 * number and the letters glued to it ("12bis"). */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);
  gboolean last_digit = FALSE;

  if (decomposed == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      c = g_unichar_tolower (c);
      if (c == 0x0153) /* œ */
        {
          g_string_append (out, "oe");
          last_digit = FALSE;
        }
      else if (c == 0x00e6) /* æ */
        {
          g_string_append (out, "ae");
          last_digit = FALSE;
        }
      else if (c < 0x80 && g_ascii_isalnum ((char) c))
        {
          gboolean digit = g_ascii_isdigit ((char) c);

          if (out->len > 0 && out->str[out->len - 1] != ' ' && digit != last_digit)
            g_string_append_c (out, ' ');
          g_string_append_c (out, (char) c);
          last_digit = digit;
        }
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  g_strchomp (out->str);
  out->len = strlen (out->str);
  return g_string_free (out, FALSE);
}

static const char *
lookup (const char *token,
        gboolean    after_number)
{
  if (after_number)
    for (guint i = 0; i < G_N_ELEMENTS (repetitions); i++)
      if (g_str_equal (token, repetitions[i].abbrev))
        return repetitions[i].word;
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (g_str_equal (token, abbreviations[i].abbrev))
      return abbreviations[i].word;
  return token;
}

char *
voisins_address_normalize (const char *text)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) tokens = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  folded = fold (text);
  tokens = g_strsplit (folded, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; tokens[i]; i++)
    {
      if (tokens[i][0] == '\0')
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, lookup (tokens[i], i > 0 && is_number (tokens[i - 1])));
    }
  return g_string_free (out, FALSE);
}

gboolean
voisins_address_parse (const char  *text,
                       int         *number,
                       char       **rep,
                       char       **street_key)
{
  g_autofree char *normal = voisins_address_normalize (text);
  g_auto(GStrv) tokens = g_strsplit (normal, " ", -1);
  guint i = 1;
  gint64 n;
  const char *r = "";

  if (tokens[0] == NULL || !is_number (tokens[0]) || strlen (tokens[0]) > 5)
    return FALSE;
  n = g_ascii_strtoll (tokens[0], NULL, 10);
  if (n <= 0)
    return FALSE;
  if (tokens[1] && tokens[2] &&
      (g_str_equal (tokens[1], "bis") || g_str_equal (tokens[1], "ter") ||
       g_str_equal (tokens[1], "quater") ||
       (strlen (tokens[1]) == 1 && g_ascii_isalpha (tokens[1][0]))))
    {
      r = tokens[1];
      i = 2;
    }
  if (tokens[i] == NULL)
    return FALSE;

  if (number)
    *number = (int) n;
  if (rep)
    *rep = g_strdup (r);
  if (street_key)
    {
      g_autofree char *joined = g_strjoinv (" ", tokens + i);

      *street_key = g_steal_pointer (&joined);
    }
  return TRUE;
}

const char *
voisins_address_rep_from_ban (const char *ban_rep)
{
  static const char * const letters[] = {
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
    "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
  };

  if (ban_rep == NULL || ban_rep[0] == '\0')
    return "";
  if (g_ascii_strcasecmp (ban_rep, "b") == 0 || g_ascii_strcasecmp (ban_rep, "bis") == 0)
    return "bis";
  if (g_ascii_strcasecmp (ban_rep, "t") == 0 || g_ascii_strcasecmp (ban_rep, "ter") == 0)
    return "ter";
  if (g_ascii_strcasecmp (ban_rep, "q") == 0 || g_ascii_strcasecmp (ban_rep, "quater") == 0)
    return "quater";
  if (ban_rep[1] == '\0' && g_ascii_isalpha (ban_rep[0]))
    return letters[g_ascii_toupper (ban_rep[0]) - 'A'];
  return NULL;
}
