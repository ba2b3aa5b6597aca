/* voisins-member.h: a neighbour registered with the association
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "voisins-enums.h"
#include "voisins-types.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_MEMBER (voisins_member_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsMember, voisins_member, VOISINS, MEMBER, GObject)

VoisinsMember *voisins_member_new (void);
VoisinsMember *voisins_member_copy (VoisinsMember *self);

const char *        voisins_member_get_id (VoisinsMember *self);
const char *        voisins_member_get_association_id (VoisinsMember *self);
const char *        voisins_member_get_first_name (VoisinsMember *self);
const char *        voisins_member_get_last_name (VoisinsMember *self);
const char *        voisins_member_get_address (VoisinsMember *self);
const char *        voisins_member_get_postcode (VoisinsMember *self);
const char *        voisins_member_get_city (VoisinsMember *self);
const char *        voisins_member_get_phone (VoisinsMember *self);
const char *        voisins_member_get_email (VoisinsMember *self);
double              voisins_member_get_latitude (VoisinsMember *self);
double              voisins_member_get_longitude (VoisinsMember *self);
double              voisins_member_get_approx_latitude (VoisinsMember *self);
double              voisins_member_get_approx_longitude (VoisinsMember *self);
VoisinsVerification voisins_member_get_verification (VoisinsMember *self);
const char *        voisins_member_get_verified_how (VoisinsMember *self);
const char *        voisins_member_get_verified_by (VoisinsMember *self);
gint64              voisins_member_get_verified_at (VoisinsMember *self);
gint64              voisins_member_get_consent_at (VoisinsMember *self);
const char *        voisins_member_get_consent_by (VoisinsMember *self);
const char *        voisins_member_get_consent_scope (VoisinsMember *self);
const char *        voisins_member_get_languages (VoisinsMember *self);
const char *        voisins_member_get_needs (VoisinsMember *self);
const char *        voisins_member_get_contact_channel (VoisinsMember *self);
const char *        voisins_member_get_address_override (VoisinsMember *self);
gboolean            voisins_member_get_no_internet (VoisinsMember *self);
gint64              voisins_member_get_erased_at (VoisinsMember *self);
gint64              voisins_member_get_created_at (VoisinsMember *self);
gint64              voisins_member_get_updated_at (VoisinsMember *self);
gint64              voisins_member_get_version (VoisinsMember *self);
gint64              voisins_member_get_server_seq (VoisinsMember *self);
gboolean            voisins_member_get_deleted (VoisinsMember *self);

void                voisins_member_set_id (VoisinsMember *self,
                                           const char *value);
void                voisins_member_set_association_id (VoisinsMember *self,
                                                       const char *value);
void                voisins_member_set_first_name (VoisinsMember *self,
                                                   const char *value);
void                voisins_member_set_last_name (VoisinsMember *self,
                                                  const char *value);
void                voisins_member_set_address (VoisinsMember *self,
                                                const char *value);
void                voisins_member_set_postcode (VoisinsMember *self,
                                                 const char *value);
void                voisins_member_set_city (VoisinsMember *self,
                                             const char *value);
void                voisins_member_set_phone (VoisinsMember *self,
                                              const char *value);
void                voisins_member_set_email (VoisinsMember *self,
                                              const char *value);
void                voisins_member_set_latitude (VoisinsMember *self,
                                                 double value);
void                voisins_member_set_longitude (VoisinsMember *self,
                                                  double value);
void                voisins_member_set_approx_latitude (VoisinsMember *self,
                                                        double value);
void                voisins_member_set_approx_longitude (VoisinsMember *self,
                                                         double value);
void                voisins_member_set_verification (VoisinsMember *self,
                                                     VoisinsVerification value);
void                voisins_member_set_verified_how (VoisinsMember *self,
                                                     const char *value);
void                voisins_member_set_verified_by (VoisinsMember *self,
                                                    const char *value);
void                voisins_member_set_verified_at (VoisinsMember *self,
                                                    gint64 value);
void                voisins_member_set_consent_at (VoisinsMember *self,
                                                   gint64 value);
void                voisins_member_set_consent_by (VoisinsMember *self,
                                                   const char *value);
void                voisins_member_set_consent_scope (VoisinsMember *self,
                                                      const char *value);
void                voisins_member_set_languages (VoisinsMember *self,
                                                  const char *value);
void                voisins_member_set_needs (VoisinsMember *self,
                                              const char *value);
void                voisins_member_set_contact_channel (VoisinsMember *self,
                                                        const char    *value);
void                voisins_member_set_address_override (VoisinsMember *self,
                                                         const char    *value);
void                voisins_member_set_no_internet (VoisinsMember *self,
                                                    gboolean       value);
void                voisins_member_set_erased_at (VoisinsMember *self,
                                                  gint64         value);
void                voisins_member_set_created_at (VoisinsMember *self,
                                                   gint64 value);
void                voisins_member_set_updated_at (VoisinsMember *self,
                                                   gint64 value);
void                voisins_member_set_version (VoisinsMember *self,
                                                gint64 value);
void                voisins_member_set_server_seq (VoisinsMember *self,
                                                   gint64 value);
void                voisins_member_set_deleted (VoisinsMember *self,
                                                gboolean value);

/* NULL (not asked) or one of "phone", "visit", "online". */
gboolean            voisins_member_contact_channel_is_valid (const char *channel);

G_END_DECLS
