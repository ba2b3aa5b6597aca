/* voisins-event-people.h: who comes to an event or belongs to a group, and its next meetings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_EVENT_PEOPLE (voisins_event_people_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsEventPeople, voisins_event_people, VOISINS, EVENT_PEOPLE, GtkWidget)

GtkWidget *voisins_event_people_new       (void);
void       voisins_event_people_set_store (VoisinsEventPeople *self,
                                           VoisinsStore       *store);
/* Shows @post's people and next meetings when it is an event or a group; hides itself
 * otherwise (and for NULL). */
void       voisins_event_people_set_post  (VoisinsEventPeople *self,
                                           VoisinsPost        *post);

G_END_DECLS
