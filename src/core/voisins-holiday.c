/* voisins-holiday.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-holiday.h"

void
voisins_holiday_host_free (VoisinsHolidayHost *host)
{
  if (host == NULL)
    return;

  g_free (host->id);
  g_free (host->association_id);
  g_free (host->member_id);
  g_free (host->languages);
  g_free (host->notes);
  g_free (host->phone);
  g_free (host);
}

void
voisins_holiday_guest_free (VoisinsHolidayGuest *guest)
{
  if (guest == NULL)
    return;

  g_free (guest->id);
  g_free (guest->association_id);
  g_free (guest->member_id);
  g_free (guest->languages);
  g_free (guest->notes);
  g_free (guest->street);
  g_free (guest->phone);
  g_free (guest);
}

JsonNode *
voisins_holiday_host_to_json (const VoisinsHolidayHost *h)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (h != NULL, NULL);

  /* Exactly the server's host_spec (unknown fields are refused). */
  json_object_set_string_member (o, "id", h->id);
  json_object_set_string_member (o, "association_id", h->association_id);
  json_object_set_string_member (o, "member_id", h->member_id);
  json_object_set_int_member (o, "slots", h->slots);
  json_object_set_int_member (o, "seats", h->seats);
  json_object_set_boolean_member (o, "step_free", h->step_free);
  json_object_set_boolean_member (o, "pets", h->pets);
  json_object_set_int_member (o, "diets", h->diets);
  json_object_set_string_member (o, "languages", h->languages ? h->languages : "");
  json_object_set_boolean_member (o, "alcohol_free", h->alcohol_free);
  json_object_set_boolean_member (o, "children", h->children);
  json_object_set_boolean_member (o, "can_fetch", h->can_fetch);
  json_object_set_string_member (o, "notes", h->notes ? h->notes : "");
  json_object_unref (o);  /* held by the node */

  return node;
}

JsonNode *
voisins_holiday_guest_to_json (const VoisinsHolidayGuest *g)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (g != NULL, NULL);

  /* Exactly the server's guest_spec. */
  json_object_set_string_member (o, "id", g->id);
  json_object_set_string_member (o, "association_id", g->association_id);
  json_object_set_string_member (o, "member_id", g->member_id);
  json_object_set_int_member (o, "slots", g->slots);
  json_object_set_boolean_member (o, "no_stairs", g->no_stairs);
  json_object_set_int_member (o, "diets", g->diets);
  json_object_set_string_member (o, "languages", g->languages ? g->languages : "");
  json_object_set_boolean_member (o, "pet_allergy", g->pet_allergy);
  json_object_set_boolean_member (o, "needs_fetch", g->needs_fetch);
  json_object_set_boolean_member (o, "wants_quiet", g->wants_quiet);
  json_object_set_string_member (o, "notes", g->notes ? g->notes : "");
  json_object_unref (o);

  return node;
}
