/* voisins-server-sqlite-member-address.c: the server's check of a member's address and
 * position, on every member.create and every member.update that touches them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With an address base, the address must be one of it: the server then takes the exact
 * position, the postcode and the city from the base, whatever the client sent. Without a
 * base, the position the client sent must be inside the quartier. A coordinator may accept
 * an address the check refuses by giving a reason (address_override, coordinators only in
 * the rules table); the acceptance goes to the members' audit trail. Nothing here moves a
 * member anywhere she does not live.
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-sqlite-private.h"

/* The member fields this check reads: a member.update that writes none of them leaves the
 * address as it was checked. */
const char *const _voisins_server_sqlite_address_fields[] = {
  "address", "postcode", "city", "lat", "lon", "address_override", NULL
};

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Accepted through the coordinator's override: logged, with the check's code only (the
 * reason is the member's record, seen by coordinators; the audit names no personal data). */
static Outcome
accept_override (Ctx           *ctx,
                 VoisinsMember *member,
                 const char    *code,
                 GError       **error)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (detail, "check", code);
  text = object_to_string (detail);
  if (!_voisins_server_sqlite_audit (ctx->db, voisins_member_get_association_id (member),
                                     voisins_member_get_id (member), "address-override", text,
                                     ctx->auth->user_id, error))
    return OUTCOME_ERROR;
  return OUTCOME_APPLIED;
}

/* OUTCOME_APPLIED: go on (@member may have been completed from the base); otherwise
 * @result says why not. */
Outcome
_voisins_server_sqlite_check_member_address (Ctx           *ctx,
                                             VoisinsMember *member,
                                             JsonObject    *result,
                                             GError       **error)
{
  const char *association_id = voisins_member_get_association_id (member);
  const char *address = voisins_member_get_address (member);
  gboolean override = !is_blank (voisins_member_get_address_override (member));
  double lat = voisins_member_get_latitude (member);
  double lon = voisins_member_get_longitude (member);
  gboolean has_position = !(lat == 0.0 && lon == 0.0);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Assoc) a = NULL;
  gint64 n_addresses;

  a = _voisins_server_sqlite_load_assoc (ctx->db, association_id, TRUE, &local_error);
  if (a == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  n_addresses = _voisins_server_sqlite_count_addresses (ctx->db, association_id, error);
  if (n_addresses < 0)
    return OUTCOME_ERROR;

  if (is_blank (address) && !has_position)
    return reject (result, "no_address",
                   "A member needs an address in the quartier (or, without an address base, "
                   "a position)");

  if (n_addresses > 0 && !is_blank (address))
    {
      g_autoptr(VoisinsAddress) found = NULL;

      found = _voisins_server_sqlite_match_address (ctx->db, association_id, address,
                                                    &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OUTCOME_ERROR;
        }
      if (found == NULL)
        {
          if (override)
            return accept_override (ctx, member, "address_not_found", error);
          return reject (result, "address_not_found",
                         "This address is not in the quartier's address base: check the "
                         "number and the street (a coordinator may accept it with a reason)");
        }
      /* The base is the reference: the exact position and the rest of the address. */
      voisins_member_set_latitude (member, found->lat);
      voisins_member_set_longitude (member, found->lon);
      if (found->postcode && found->postcode[0])
        voisins_member_set_postcode (member, found->postcode);
      if (found->city && found->city[0])
        voisins_member_set_city (member, found->city);
      lat = found->lat;
      lon = found->lon;
      has_position = TRUE;
    }
  else if (n_addresses > 0 && !override)
    return reject (result, "address_not_found",
                   "The quartier has an address base: give her address (a coordinator may "
                   "accept a member without one, with a reason)");

  if (!has_position)
    {
      if (override)
        return accept_override (ctx, member, "no_position", error);
      return reject (result, "no_position",
                     "Without an address base, a member needs a position (lat, lon) inside the "
                     "quartier");
    }
  if (a->boundary && !voisins_polygon_contains (a->boundary, lat, lon))
    {
      if (override)
        return accept_override (ctx, member, "outside_quartier", error);
      return reject (result, "outside_quartier",
                     "This address is outside the quartier (a coordinator may accept it with a "
                     "reason)");
    }
  return OUTCOME_APPLIED;
}
