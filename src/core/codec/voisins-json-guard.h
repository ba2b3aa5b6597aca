/* voisins-json-guard.h: checks untrusted JSON bytes before json-glib parses them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* json-glib parses recursively: some 74,000 nested brackets overflow the stack. Nothing
 * Voisins exchanges nests deeper than a handful of levels. */
#define VOISINS_JSON_MAX_DEPTH 64

/* Its own domain, so that the codec, which maps it to VOISINS_CODEC_ERROR_MALFORMED, is not
 * included here. */
#define VOISINS_JSON_GUARD_ERROR (voisins_json_guard_error_quark ())

typedef enum
{
  VOISINS_JSON_GUARD_ERROR_REFUSED,
} VoisinsJsonGuardError;

GQuark   voisins_json_guard_error_quark   (void);

/**
 * voisins_json_guard_check:
 * @data: the bytes as received
 * @length: their length, or -1 if @data ends with a NUL
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: a VOISINS_JSON_GUARD_ERROR_REFUSED naming what is wrong, and where
 *
 * One linear pass, no recursion: refuses nesting deeper than @max_depth, NUL bytes and
 * invalid UTF-8, unterminated strings, escapes JSON does not allow (json-glib reads `\6` as
 * octal, into invalid UTF-8), lone surrogates, control characters in strings,
 * unbalanced brackets and numbers out of double's range (json-glib would read them as
 * infinity and write `inf`), and outside strings anything but JSON's own characters
 * (json-glib also takes 'single quotes' and comments). It does not
 * validate the grammar otherwise; json-glib does that once this returns %TRUE.
 */
gboolean voisins_json_guard_check         (const char  *data,
                                           gssize       length,
                                           guint        max_depth,
                                           GError     **error);

/**
 * voisins_json_guard_fix_numbers:
 * @text: (inout): JSON written by json-glib, NUL-terminated
 *
 * json-glib 1.6 writes a double such as 1e22 as `1e+22.0`, which is not JSON. Removes the
 * `.0` after an exponent, outside strings, in place.
 */
void     voisins_json_guard_fix_numbers   (char        *text);

/**
 * voisins_json_guard_escape_controls:
 * @text: (transfer full): JSON written by json-glib
 *
 * json-glib 1.6 writes U+001F in a string as is, which is not JSON: escapes every control
 * character left in a string.
 *
 * Returns: (transfer full): @text, or a new string in its place
 */
char    *voisins_json_guard_escape_controls (char      *text);

G_END_DECLS
