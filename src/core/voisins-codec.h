/* voisins-codec.h: JSON for the wire and the outbox, with the validation both sides share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-member.h"
#include "voisins-post.h"

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

/* Checks a post as a volunteer would enter it: title 3..120 characters of text, body at
 * most 4,000, ends_at after starts_at. The message is translated, for a person. */
gboolean       voisins_post_validate       (VoisinsPost    *post,
                                            GError        **error);
gboolean       voisins_member_validate     (VoisinsMember  *member,
                                            GError        **error);

/* @personal: include the fields only coordinators see (full last name, address, exact
 * position, phone, email). */
JsonNode      *voisins_post_to_json        (VoisinsPost    *post);
VoisinsPost   *voisins_post_from_json      (JsonNode       *node,
                                            GError        **error);
JsonNode      *voisins_member_to_json      (VoisinsMember  *member,
                                            gboolean        personal);
VoisinsMember *voisins_member_from_json    (JsonNode       *node,
                                            GError        **error);

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

G_END_DECLS
