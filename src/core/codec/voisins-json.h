/* voisins-json.h: strict JSON helpers and the limits every codec and form shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VOISINS_CODEC_ERROR (voisins_codec_error_quark ())

typedef enum
{
  VOISINS_CODEC_ERROR_FAILED,
  VOISINS_CODEC_ERROR_MALFORMED,   /* not JSON, or not the expected shape */
  VOISINS_CODEC_ERROR_INVALID,     /* well-formed but breaks a rule; message names the field */
} VoisinsCodecError;

GQuark voisins_codec_error_quark (void);

/* Limits shared by the app's forms and the server. */
#define VOISINS_TITLE_MAX 120   /* characters */
#define VOISINS_BODY_MAX  4000
#define VOISINS_NAME_MAX  80
#define VOISINS_ADDRESS_MAX 200

/* Helpers for strict reading of a JsonObject: the field must be absent (then *out is left
 * alone, unless @required) or of the right type. */
gboolean       voisins_json_get_string     (JsonObject     *object,
                                            const char     *member,
                                            gboolean        required,
                                            const char    **out,
                                            GError        **error);
gboolean       voisins_json_get_int        (JsonObject     *object,
                                            const char     *member,
                                            gboolean        required,
                                            gint64         *out,
                                            GError        **error);
gboolean       voisins_json_get_double     (JsonObject     *object,
                                            const char     *member,
                                            gboolean        required,
                                            double         *out,
                                            GError        **error);
gboolean       voisins_json_get_bool       (JsonObject     *object,
                                            const char     *member,
                                            gboolean        required,
                                            gboolean       *out,
                                            GError        **error);
char          *voisins_json_to_string      (JsonNode       *node);
JsonNode      *voisins_json_parse          (const char     *data,
                                            gssize          length,
                                            GError        **error);

/* Counts the characters of @text (NULL counts as empty) and refuses invalid UTF-8 and
 * control characters other than newline, tab and carriage return when @multiline. */
gboolean       voisins_json_check_text     (const char     *text,
                                            gboolean        multiline,
                                            glong          *n_chars);

/* Lenient reading of data this client did not write itself (a pull page, a shadow): a
 * missing or mistyped member reads as 0 or NULL; an int also reads a boolean or a double,
 * a double an int. */
gint64         voisins_json_read_int       (JsonObject     *object,
                                            const char     *member);
const char    *voisins_json_read_string    (JsonObject     *object,
                                            const char     *member);
double         voisins_json_read_double    (JsonObject     *object,
                                            const char     *member);

G_END_DECLS
