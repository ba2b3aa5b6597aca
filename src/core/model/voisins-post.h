/* voisins-post.h: a request or an offer on the association's board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "voisins-enums.h"
#include "voisins-types.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_POST (voisins_post_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsPost, voisins_post, VOISINS, POST, GObject)

VoisinsPost *voisins_post_new (void);
VoisinsPost *voisins_post_copy (VoisinsPost *self);

const char *        voisins_post_get_id (VoisinsPost *self);
const char *        voisins_post_get_association_id (VoisinsPost *self);
VoisinsPostKind     voisins_post_get_kind (VoisinsPost *self);
VoisinsCategory     voisins_post_get_category (VoisinsPost *self);
VoisinsPostStatus   voisins_post_get_status (VoisinsPost *self);
const char *        voisins_post_get_title (VoisinsPost *self);
const char *        voisins_post_get_body (VoisinsPost *self);
const char *        voisins_post_get_author_id (VoisinsPost *self);
/* The user id of the login that recorded the post, as the server says (NULL before it has
 * said): only they and coordinators may change the post. */
const char *        voisins_post_get_recorded_by (VoisinsPost *self);
const char *        voisins_post_get_author_name (VoisinsPost *self);
double              voisins_post_get_latitude (VoisinsPost *self);
double              voisins_post_get_longitude (VoisinsPost *self);
gint64              voisins_post_get_created_at (VoisinsPost *self);
gint64              voisins_post_get_updated_at (VoisinsPost *self);
gint64              voisins_post_get_starts_at (VoisinsPost *self);
gint64              voisins_post_get_ends_at (VoisinsPost *self);
gint64              voisins_post_get_version (VoisinsPost *self);
gint64              voisins_post_get_server_seq (VoisinsPost *self);
gboolean            voisins_post_get_deleted (VoisinsPost *self);
double              voisins_post_get_distance (VoisinsPost *self);

void                voisins_post_set_id (VoisinsPost *self,
                                         const char *value);
void                voisins_post_set_association_id (VoisinsPost *self,
                                                     const char *value);
void                voisins_post_set_kind (VoisinsPost *self,
                                           VoisinsPostKind value);
void                voisins_post_set_category (VoisinsPost *self,
                                               VoisinsCategory value);
void                voisins_post_set_status (VoisinsPost *self,
                                             VoisinsPostStatus value);
void                voisins_post_set_title (VoisinsPost *self,
                                            const char *value);
void                voisins_post_set_body (VoisinsPost *self,
                                           const char *value);
void                voisins_post_set_author_id (VoisinsPost *self,
                                                const char *value);
void                voisins_post_set_recorded_by (VoisinsPost *self,
                                                  const char  *value);
void                voisins_post_set_author_name (VoisinsPost *self,
                                                  const char *value);
void                voisins_post_set_latitude (VoisinsPost *self,
                                               double value);
void                voisins_post_set_longitude (VoisinsPost *self,
                                                double value);
void                voisins_post_set_created_at (VoisinsPost *self,
                                                 gint64 value);
void                voisins_post_set_updated_at (VoisinsPost *self,
                                                 gint64 value);
void                voisins_post_set_starts_at (VoisinsPost *self,
                                                gint64 value);
void                voisins_post_set_ends_at (VoisinsPost *self,
                                              gint64 value);
void                voisins_post_set_version (VoisinsPost *self,
                                              gint64 value);
void                voisins_post_set_server_seq (VoisinsPost *self,
                                                 gint64 value);
void                voisins_post_set_deleted (VoisinsPost *self,
                                              gboolean value);
void                voisins_post_set_distance (VoisinsPost *self,
                                               double value);

/* An event's or a group's place (an address of the quartier or a free text), its capacity
 * (0: no limit) and its repetition (an RFC 5545 RRULE value, NULL: once). */
const char *voisins_post_get_place (VoisinsPost *self);
gint64      voisins_post_get_capacity (VoisinsPost *self);
const char *voisins_post_get_rrule (VoisinsPost *self);
void        voisins_post_set_place (VoisinsPost *self, const char *value);
void        voisins_post_set_capacity (VoisinsPost *self, gint64 value);
void        voisins_post_set_rrule (VoisinsPost *self, const char *value);

G_END_DECLS
