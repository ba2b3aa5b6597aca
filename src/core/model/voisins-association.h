/* voisins-association.h: a neighbourhood association and its quartier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "voisins-geo.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_ASSOCIATION (voisins_association_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsAssociation, voisins_association, VOISINS, ASSOCIATION, GObject)

VoisinsAssociation *voisins_association_new          (const char         *id,
                                                      const char         *name,
                                                      VoisinsPolygon     *boundary);
const char         *voisins_association_get_id       (VoisinsAssociation *self);
const char         *voisins_association_get_name     (VoisinsAssociation *self);
void                voisins_association_set_name     (VoisinsAssociation *self,
                                                      const char         *name);
/* The quartier's name as people say it ("Quinze-Vingts"), and its postal town line. */
const char         *voisins_association_get_quartier (VoisinsAssociation *self);
void                voisins_association_set_quartier (VoisinsAssociation *self,
                                                      const char         *quartier);
VoisinsPolygon     *voisins_association_get_boundary (VoisinsAssociation *self);
void                voisins_association_set_boundary (VoisinsAssociation *self,
                                                      VoisinsPolygon     *boundary);
/* Phone number volunteers give out (letters, call sheets). */
const char         *voisins_association_get_phone    (VoisinsAssociation *self);
void                voisins_association_set_phone    (VoisinsAssociation *self,
                                                      const char         *phone);
/* The email and postal address printed on letters beside the phone (issue 11). */
const char         *voisins_association_get_email    (VoisinsAssociation *self);
void                voisins_association_set_email    (VoisinsAssociation *self,
                                                      const char         *email);
const char         *voisins_association_get_address  (VoisinsAssociation *self);
void                voisins_association_set_address  (VoisinsAssociation *self,
                                                      const char         *address);

G_END_DECLS
