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

/* Limits shared by the app's forms and the server (docs/api.md, "Limits"). Every text
 * field of every record has one: a 1 MB city once made a 5,000-row pull page 66 MB. */
#define VOISINS_TITLE_MAX     120   /* characters */
#define VOISINS_BODY_MAX      4000
#define VOISINS_NAME_MAX      80
#define VOISINS_ADDRESS_MAX   200
#define VOISINS_POSTCODE_MAX  10
#define VOISINS_CITY_MAX      80
#define VOISINS_PHONE_MAX     30
#define VOISINS_EMAIL_MAX     254
#define VOISINS_LANGUAGES_MAX 100
#define VOISINS_NEEDS_MAX     500
#define VOISINS_NOTES_MAX     2000  /* holiday notes and feedback */
#define VOISINS_REMARK_MAX    200   /* verification and consent texts */

/* Numbers: a stored 1e22 once broke every coordinator's pull. Times are unix seconds, 0
 * for "not set", otherwise within 2000-01-01..2100-01-01. Versions and sequence numbers
 * stay below 2^53, so that any JSON reader keeps them exact. */
#define VOISINS_TIME_MIN      G_GINT64_CONSTANT (946684800)
#define VOISINS_TIME_MAX      G_GINT64_CONSTANT (4102444800)
#define VOISINS_VERSION_MAX   G_GINT64_CONSTANT (9007199254740991)
#define VOISINS_SEATS_MIN     1
#define VOISINS_SEATS_MAX     20
#define VOISINS_PLACE_MAX     VOISINS_ADDRESS_MAX /* an event's place */
#define VOISINS_RRULE_MAX     200                 /* an RRULE value */
#define VOISINS_CAPACITY_MAX  10000               /* people at one event */

/* One text field of a record: at most @max characters; newlines and tabs only when
 * @multiline. Each table ends with a { NULL } row. */
typedef struct
{
  const char *name;
  guint       max;
  gboolean    multiline;
} VoisinsTextLimit;

/* One number field: within @min..@max (finite); 0 is also allowed when @zero_unset. */
typedef struct
{
  const char *name;
  double      min;
  double      max;
  gboolean    zero_unset;
} VoisinsNumberRange;

/* Checks the members of @object named in @texts and @numbers (either may be NULL); an
 * absent or null member passes, a mistyped one fails. VOISINS_CODEC_ERROR_INVALID, with a
 * translated message that names the field. */
gboolean       voisins_json_check_limits   (JsonObject               *object,
                                            const VoisinsTextLimit   *texts,
                                            const VoisinsNumberRange *numbers,
                                            GError                  **error);

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

/* Lenient reading of data this function did not check itself (a pull page, a shadow, a
 * pushed record): a missing, null or mistyped member reads as @fallback (0, FALSE or NULL
 * without _or), never with a critical; an int also reads a boolean or a double, a double
 * an int, a boolean an int. @object may be NULL. Use these rather than json-glib's
 * json_object_get_*_member(), which warn on a mistyped member (tests/check-json-reads.sh). */
gint64         voisins_json_read_int       (JsonObject     *object,
                                            const char     *member);
gint64         voisins_json_read_int_or (JsonObject *object, const char *member, gint64 fallback);
const char    *voisins_json_read_string    (JsonObject     *object,
                                            const char     *member);
const char *
voisins_json_read_string_or (JsonObject *object, const char *member, const char *fallback);
double         voisins_json_read_double    (JsonObject     *object,
                                            const char     *member);
double      voisins_json_read_double_or (JsonObject *object, const char *member, double fallback);
gboolean    voisins_json_read_bool (JsonObject *object, const char *member);
gboolean    voisins_json_read_bool_or (JsonObject *object, const char *member, gboolean fallback);
JsonObject *voisins_json_read_object (JsonObject *object, const char *member);
JsonArray  *voisins_json_read_array (JsonObject *object, const char *member);
/* The same for the elements of an array; @array may be NULL, @index out of range. */
JsonObject *voisins_json_element_object (JsonArray *array, guint index);
const char *voisins_json_element_string (JsonArray *array, guint index);
double      voisins_json_element_double (JsonArray *array, guint index, double fallback);

G_END_DECLS
