/* voisins-sync-writable.c: what the sync client keeps of the server's word on members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync"

#include "voisins-store-member-edits.h"
#include "voisins-sync-writable.h"

gboolean
_voisins_sync_store_member_writable (VoisinsStore  *store,
                                     const char    *association_id,
                                     JsonObject    *association,
                                     GError       **error)
{
  JsonNode *node = json_object_get_member (association, "member_writable");
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      /* Field names only: anything else from the server is not one. */
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING &&
          g_regex_match_simple ("^[a-z_]{1,40}$", json_node_get_string (e), 0, 0))
        g_ptr_array_add (fields, (gpointer) json_node_get_string (e));
    }
  g_ptr_array_add (fields, NULL);

  return voisins_store_set_member_writable_fields (store, association_id,
                                                   (const char * const *) fields->pdata, error);
}

gboolean
_voisins_sync_store_follow_up (VoisinsStore  *store,
                               const char    *association_id,
                               JsonObject    *association,
                               GError       **error)
{
  JsonNode *node = json_object_get_member (association, "follow_up");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return TRUE;
  return voisins_store_set_may_follow_up (store, association_id, json_node_get_boolean (node),
                                          error);
}
