/* voisins-server-members.c: the members' routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   POST /api/v1/associations/{a}/members/letters            {member_ids}  coordinators
 *   POST /api/v1/associations/{a}/members/{m}/code           {code}        any volunteer
 *   POST /api/v1/associations/{a}/members/{m}/verify-in-person {proof, witness?} coordinators
 *   GET  /api/v1/associations/{a}/members/{m}/audit                        coordinators
 *   GET  /api/v1/associations/{a}/members/{m}/report                       coordinators
 *   POST /api/v1/associations/{a}/members/{m}/erase                        coordinators
 *   GET  /api/v1/associations/{a}/members/inactive                         coordinators
 *   POST /api/v1/associations/{a}/verify                     {code}        no login
 *
 * Who may call which is the rules table's (the storage asks it); this file only routes,
 * and limits the neighbour's own code entry by address as the login is.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <string.h>

#include "voisins-uuid.h"

#include "voisins-server-members.h"

#define MAX_CODE_ATTEMPTS 5

gboolean
voisins_server_members_parse_route (char                  **parts,
                                    guint                   n,
                                    const char             *method,
                                    VoisinsServerMembersOp *op,
                                    char                  **association_id,
                                    char                  **member_id,
                                    gboolean *public,
                                    gboolean *bad_method)
{
  gboolean is_get = g_str_equal (method, "GET");
  gboolean is_post = g_str_equal (method, "POST");
  gboolean want_get = FALSE;

  *public = FALSE;
  if (n < 3 || !g_str_equal (parts[0], "associations") || !voisins_uuid_is_valid (parts[1]))
    return FALSE;

  if (n == 3 && g_str_equal (parts[2], "verify"))
    {
      *op = VOISINS_SERVER_MEMBERS_SELF_CODE;
      *public = TRUE;
    }
  else if (n == 4 && g_str_equal (parts[2], "members") && g_str_equal (parts[3], "letters"))
    *op = VOISINS_SERVER_MEMBERS_LETTERS;
  else if (n == 4 && g_str_equal (parts[2], "members") && g_str_equal (parts[3], "inactive"))
    {
      *op = VOISINS_SERVER_MEMBERS_INACTIVE;
      want_get = TRUE;
    }
  else if (n == 5 && g_str_equal (parts[2], "members") && voisins_uuid_is_valid (parts[3]))
    {
      if (g_str_equal (parts[4], "code"))
        *op = VOISINS_SERVER_MEMBERS_ENTER_CODE;
      else if (g_str_equal (parts[4], "verify-in-person"))
        *op = VOISINS_SERVER_MEMBERS_IN_PERSON;
      else if (g_str_equal (parts[4], "erase"))
        *op = VOISINS_SERVER_MEMBERS_ERASE;
      else if (g_str_equal (parts[4], "audit"))
        {
          *op = VOISINS_SERVER_MEMBERS_AUDIT;
          want_get = TRUE;
        }
      else if (g_str_equal (parts[4], "report"))
        {
          *op = VOISINS_SERVER_MEMBERS_REPORT;
          want_get = TRUE;
        }
      else
        return FALSE;
      *member_id = g_strdup (parts[3]);
    }
  else
    return FALSE;

  *bad_method = want_get ? !is_get : !is_post;
  *association_id = g_strdup (parts[1]);
  return TRUE;
}

JsonNode *
voisins_server_members_handle (VoisinsServerStorage      *storage,
                               const VoisinsServerConfig *config,
                               VoisinsServerRateLimit    *rate_limit,
                               VoisinsServerAuth         *auth,
                               VoisinsServerMembersOp     op,
                               const char                *association_id,
                               const char                *member_id,
                               JsonObject                *body,
                               const char                *address,
                               guint                     *retry_after,
                               GError                   **error)
{
  VoisinsServerMembersParams params = { config->letter_code_lifetime, MAX_CODE_ATTEMPTS,
                                        config->member_review_years };
  g_autofree char           *key = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *answer;
  guint     wait;

  if (op != VOISINS_SERVER_MEMBERS_SELF_CODE)
    return voisins_server_storage_members (storage, auth, op, &params, association_id, member_id,
                                           body, error);

  /* Whoever holds a letter may try its code, without a login: as many tries per address as
   * a login gets (a code has 25^10 values, and each letter also locks after 5 wrong ones). */
  key = g_strconcat ("letter-code@", address ? address : "", NULL);
  wait = voisins_server_rate_limit_check (rate_limit, key, address);
  if (wait > 0)
    {
      *retry_after = wait;
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_RATE_LIMITED,
                           "Too many codes tried, try again later");
      return NULL;
    }
  answer = voisins_server_storage_members (storage, NULL, op, &params, association_id, NULL, body,
                                           &local_error);
  voisins_server_rate_limit_record (rate_limit, key, answer != NULL);
  if (answer == NULL)
    {
      /* An unknown association says no more than a wrong code. */
      if (g_error_matches (local_error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND))
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                             "This code is not right: check it on the letter, or phone the "
                             "association");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return answer;
}
