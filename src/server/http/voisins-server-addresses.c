/* voisins-server-addresses.c: the association's routes, its address base (what laptops
 * check and complete addresses against, offline) and its contact details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <stdlib.h>
#include <string.h>

#include "voisins-server-rules.h"

#include "voisins-server-addresses.h"

static gboolean
check_role (VoisinsServerAuth  *auth,
            const char         *association_id,
            GError            **error)
{
  if (voisins_server_auth_get_role (auth, association_id) < 0)
    {
      /* As for the lists: an association one is not in does not exist. */
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return FALSE;
    }
  return TRUE;
}

/* The version an If-None-Match names ("\"3\"", W/"3"), or -1. */
static gint64
etag_version (const char *header)
{
  const char *p = header;
  char *end = NULL;
  gint64 v;

  if (p == NULL)
    return -1;
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "W/"))
    p += 2;
  if (*p++ != '"')
    return -1;
  v = g_ascii_strtoll (p, &end, 10);
  if (end == p || *end != '"' || v < 0)
    return -1;
  return v;
}

gboolean
voisins_server_addresses_get (VoisinsServerStorage  *storage,
                              VoisinsServerAuth     *auth,
                              const char            *association_id,
                              const char            *if_none_match,
                              guint                 *status,
                              JsonNode             **response,
                              char                 **etag,
                              GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 version = -1;

  if (!check_role (auth, association_id, error))
    return FALSE;
  *response = voisins_server_storage_list_addresses (storage, association_id,
                                                     etag_version (if_none_match), &version,
                                                     &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  *status = *response ? 200 : 304;
  return TRUE;
}

static gboolean
get_detail (JsonObject  *body,
            const char  *key,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (body, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = "";
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                   "“%s” must be a string", key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

JsonNode *
voisins_server_addresses_set_details (VoisinsServerStorage  *storage,
                                      VoisinsServerAuth     *auth,
                                      const char            *association_id,
                                      JsonObject            *body,
                                      GError               **error)
{
  static const char *const keys[] = { "name", "phone", "email", "address", NULL };
  g_autoptr(GList) members = NULL;
  const char *name, *phone, *email, *address;

  if (!check_role (auth, association_id, error))
    return NULL;
  if (!voisins_server_rules_allows (voisins_server_auth_get_role (auth, association_id),
                                    VOISINS_SERVER_RECORD_ASSOCIATION,
                                    VOISINS_SERVER_ACTION_UPDATE, VOISINS_SERVER_RELATION_ANY,
                                    NULL))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Only coordinators may change the association's details");
      return NULL;
    }
  members = json_object_get_members (body);
  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (keys, l->data))
      {
        g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                     "Unknown field “%.40s”", (const char *) l->data);
        return NULL;
      }
  if (!get_detail (body, "name", &name, error) || !get_detail (body, "phone", &phone, error) ||
      !get_detail (body, "email", &email, error) ||
      !get_detail (body, "address", &address, error))
    return NULL;
  if (!voisins_server_storage_set_association_details (storage, association_id, name, phone,
                                                       email, address, error))
    return NULL;
  return voisins_server_storage_describe_association (storage, association_id, error);
}
