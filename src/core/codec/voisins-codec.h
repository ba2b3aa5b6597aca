/* voisins-codec.h: JSON for the wire and the outbox, with the validation both sides share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

/* The other records' codecs, so that one include gives every wire shape. */
#include "voisins-geojson.h"
#include "voisins-holiday-codec.h"
#include "voisins-json.h"
#include "voisins-member.h"
#include "voisins-post.h"

G_BEGIN_DECLS

/* The limits of every text and number field of posts and members (the wire names), which
 * voisins_post_validate () and voisins_member_validate () enforce. */
extern const VoisinsTextLimit   voisins_post_text_limits[];
extern const VoisinsTextLimit   voisins_member_text_limits[];
extern const VoisinsNumberRange voisins_post_number_ranges[];
extern const VoisinsNumberRange voisins_member_number_ranges[];

/* Checks a post as a volunteer would enter it: title 3..120 characters of text, body at
 * most 4,000, ends_at after starts_at. The message is translated, for a person. */
gboolean       voisins_post_validate       (VoisinsPost    *post,
                                            GError        **error);
gboolean       voisins_member_validate     (VoisinsMember  *member,
                                            GError        **error);
/* Whether @rrule (an RFC 5545 RRULE value, "FREQ=WEEKLY;BYDAY=SU", no "RRULE:") is one
 * libical reads, daily to yearly; NULL or "" (no repetition) is. */
gboolean       voisins_post_rrule_is_valid (const char     *rrule);

/* @personal: include the fields only coordinators see (full last name, address, exact
 * position, phone, email). */
JsonNode      *voisins_post_to_json        (VoisinsPost    *post);
VoisinsPost   *voisins_post_from_json      (JsonNode       *node,
                                            GError        **error);
JsonNode      *voisins_member_to_json      (VoisinsMember  *member,
                                            gboolean        personal);
VoisinsMember *voisins_member_from_json    (JsonNode       *node,
                                            GError        **error);

G_END_DECLS
