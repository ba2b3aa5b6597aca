/* voisins-json-guard.c
 *
 * Runs before json-glib on every byte that comes from the network or the outbox, so a
 * hostile peer cannot make the recursive parser overflow the stack (issue 10, finding 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "voisins-json-guard.h"

GQuark
voisins_json_guard_error_quark (void)
{
  return g_quark_from_static_string ("voisins-json-guard-error-quark");
}

static gboolean
refuse (GError     **error,
        gsize        offset,
        const char  *what)
{
  g_set_error (error, VOISINS_JSON_GUARD_ERROR, VOISINS_JSON_GUARD_ERROR_REFUSED,
               _("Malformed JSON at byte %lu: %s"), (unsigned long) offset, what);
  return FALSE;
}

/* json-glib reads 1e400 as infinity, which it would then write as `inf`. */
static gboolean
number_is_finite (const char *token,
                  gsize       len)
{
  char buf[64];
  g_autofree char *copy = NULL;
  const char *text = buf;

  if (len < sizeof buf)
    {
      memcpy (buf, token, len);
      buf[len] = '\0';
    }
  else
    text = copy = g_strndup (token, len);

  return isfinite (g_ascii_strtod (text, NULL));
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int k = 0; k < 4; k++)
    {
      int d = g_ascii_xdigit_value (p[k]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }

  return v;
}

/* The bytes one escape takes at @p (a backslash), or 0 when JSON does not allow it. json-glib
 * takes `\6` as an octal escape and makes invalid UTF-8 of it; a lone surrogate `\ud800`
 * would be invalid UTF-8 too. (`\u0000` is left to the codec's text checks.) */
static gsize
escape_length (const char *p,
               gsize       left)
{
  int u;

  if (left < 2)
    return 0;
  if (strchr ("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0')
    return 2;
  if (p[1] != 'u' || left < 6 || (u = hex4 (p + 2)) < 0)
    return 0;
  if (u >= 0xdc00 && u <= 0xdfff)
    return 0;
  if (u >= 0xd800 && u <= 0xdbff)
    {
      int low;

      if (left < 12 || p[6] != '\\' || p[7] != 'u' || (low = hex4 (p + 8)) < 0 ||
          low < 0xdc00 || low > 0xdfff)
        return 0;
      return 12;
    }

  return 6;
}

gboolean
voisins_json_guard_check (const char  *data,
                          gssize       length,
                          guint        max_depth,
                          GError     **error)
{
  const char *end;
  gsize len;
  gsize i = 0;
  guint depth = 0;
  gboolean in_string = FALSE;

  if (data == NULL)
    return refuse (error, 0, _("no data"));

  len = length < 0 ? strlen (data) : (gsize) length;
  /* Also rejects a NUL inside the bytes, which json-glib would take as the end. */
  if (!g_utf8_validate_len (data, len, &end))
    return refuse (error, (gsize) (end - data),
                   *end == '\0' ? _("a NUL byte") : _("invalid UTF-8"));

  while (i < len)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize used = escape_length (data + i, len - i);

              if (used == 0)
                return refuse (error, i, _("an invalid escape in a string"));
              i += used;
              continue;
            }
          /* JSON wants them escaped; json-glib would keep them. */
          if ((guchar) c < 0x20)
            return refuse (error, i, _("a control character in a string"));
          if (c == '"')
            in_string = FALSE;
          i++;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '-':
        case '0' ... '9':
          {
            gsize start = i;

            while (i + 1 < len && (g_ascii_isdigit (data[i + 1]) || data[i + 1] == '.' ||
                                   data[i + 1] == 'e' || data[i + 1] == 'E' ||
                                   data[i + 1] == '+' || data[i + 1] == '-'))
              i++;
            if (!number_is_finite (data + start, i + 1 - start))
              return refuse (error, start, _("a number out of range"));
          }
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ',':
        case ':':
        case 'a':
        case 'e':
        case 'f':
        case 'l':
        case 'n':
        case 'r':
        case 's':
        case 't':
        case 'u':
          /* Whitespace, separators and the letters of true, false and null. */
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return refuse (error, i, _("nested too deeply"));
          break;
        case ']':
        case '}':
          if (depth == 0)
            return refuse (error, i, _("unbalanced brackets"));
          depth--;
          break;
        default:
          /* json-glib also takes 'single quotes', comments and bare words, which JSON does
           * not have: what they hold would not be written back as it came. */
          return refuse (error, i, _("a character JSON does not allow here"));
        }
      i++;
    }

  if (in_string)
    return refuse (error, len, _("unterminated string"));
  if (depth != 0)
    return refuse (error, len, _("truncated document"));

  return TRUE;
}

void
voisins_json_guard_fix_numbers (char *text)
{
  char *in, *out;
  gboolean in_string = FALSE;
  gboolean in_exponent = FALSE;

  g_return_if_fail (text != NULL);

  for (in = out = text; *in != '\0'; )
    {
      char c = *in;

      if (in_string)
        {
          *out++ = *in++;
          if (c == '\\' && *in != '\0')
            *out++ = *in++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if ((c == 'e' || c == 'E') && out > text && g_ascii_isdigit (out[-1]))
        in_exponent = TRUE;
      else if (in_exponent && c == '.' && in[1] == '0' && !g_ascii_isdigit (in[2]))
        {
          /* The `.0` json-glib appends after an exponent: drop it. */
          in += 2;
          in_exponent = FALSE;
          continue;
        }
      else if (!g_ascii_isdigit (c) &&
               !((c == '+' || c == '-') && out > text && (out[-1] == 'e' || out[-1] == 'E')))
        in_exponent = FALSE;

      *out++ = *in++;
    }
  *out = '\0';
}

char *
voisins_json_guard_escape_controls (char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean in_string = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string && *p == '\\' && p[1] != '\0')
        {
          if (out)
            g_string_append_len (out, p, 2);
          p++;
          continue;
        }
      if (*p == '"')
        in_string = !in_string;
      if (in_string && (guchar) *p < 0x20)
        {
          if (out == NULL)
            out = g_string_new_len (text, p - text);
          g_string_append_printf (out, "\\u%04x", (guchar) *p);
          continue;
        }
      if (out)
        g_string_append_c (out, *p);
    }

  if (out == NULL)
    return text;

  g_free (text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
