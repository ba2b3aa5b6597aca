/* voisins-holiday-codec.h: the one wire shape of holiday hosts, guests and matches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "voisins-holiday.h"
#include "voisins-json.h"

G_BEGIN_DECLS

/* One field of a holiday record on the wire. The server and the store validate a
 * command's args with the spec (unknown fields refused, required present, right JSON type,
 * strings within @max characters and without control characters other than newline and
 * tab, ints within @min..@max, ids ending in "id" UUIDs); the encoders below write exactly
 * the fields of the spec. */
typedef struct
{
  const char *name;
  GType       type;      /* G_TYPE_STRING, G_TYPE_INT64 or G_TYPE_BOOLEAN */
  gboolean    required;
  guint       max;       /* string length in characters, or max int value */
  guint       min;       /* min int value (0 when not given) */
} VoisinsFieldSpec;

/* Each ends with a { NULL } row. */
extern const VoisinsFieldSpec voisins_holiday_host_spec[];        /* holiday.host.put */
extern const VoisinsFieldSpec voisins_holiday_guest_spec[];       /* holiday.guest.put */
extern const VoisinsFieldSpec voisins_holiday_match_spec[];       /* holiday.match.create */
extern const VoisinsFieldSpec voisins_holiday_match_state_spec[]; /* holiday.match.state */
extern const VoisinsFieldSpec voisins_holiday_match_undo_spec[];  /* holiday.match.undo_state */
extern const VoisinsFieldSpec voisins_holiday_match_approve_spec[]; /* holiday.match.approve */

/* VOISINS_CODEC_ERROR_MALFORMED for an unknown field, _INVALID for a field that breaks
 * the spec; the message (English, for a developer) names the field. */
gboolean   voisins_field_spec_check      (JsonObject                 *object,
                                          const VoisinsFieldSpec     *spec,
                                          GError                    **error);

/* The args of holiday.host.put / holiday.guest.put and the server's import: what a
 * volunteer recorded, never the server's bookkeeping. */
JsonNode  *voisins_holiday_host_to_json  (const VoisinsHolidayHost   *host);
JsonNode  *voisins_holiday_guest_to_json (const VoisinsHolidayGuest  *guest);

/* A whole record as a pull brings it, for the store's shadows: the args above plus
 * version, server_seq and phone; a guest's street and approximate position (member_id
 * null for a guest without identity); a match's state, times and feedback. A NULL
 * string is written as null. */
JsonNode  *voisins_holiday_host_to_pull_json  (const VoisinsHolidayHost  *host);
JsonNode  *voisins_holiday_guest_to_pull_json (const VoisinsHolidayGuest *guest);
JsonNode  *voisins_holiday_match_to_pull_json (const VoisinsHolidayMatch *match);

/* Reads a record as the server sends it in a pull (its spec's fields plus version,
 * server_seq, phone, and for a guest street and approximate position; slots as bits or as
 * a list of slot names) or as the store keeps it in a shadow. Lenient on purpose: a
 * missing or mistyped field reads as 0 / NULL, so a newer server's shape still loads.
 * The strings are borrowed from @object and must not be freed (nor the struct); @out's
 * id and association_id are left to the caller. */
void       voisins_holiday_host_read     (JsonObject                 *object,
                                          VoisinsHolidayHost         *out);
void       voisins_holiday_guest_read    (JsonObject                 *object,
                                          VoisinsHolidayGuest        *out);
/* The state is left to the caller (it may not be one this client knows). */
void       voisins_holiday_match_read    (JsonObject                 *object,
                                          VoisinsHolidayMatch        *out);

G_END_DECLS
