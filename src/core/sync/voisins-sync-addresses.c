/* voisins-sync-addresses.c: the association's description and its address base, kept on
 * the laptop, so that letters print the association's details and an address is completed
 * and checked offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "voisins-address.h"
#include "voisins-codec.h"
#include "voisins-uuid.h"

#include "voisins-sync-addresses.h"
#include "voisins-sync-client-private.h"

/* A quartier has about 2,000 addresses; a server sending far more is not to be believed. */
#define MAX_ADDRESSES 200000

static const char *
text_member (JsonObject *obj,
             const char *key,
             gsize       max_len)
{
  JsonNode *node = json_object_get_member (obj, key);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return strlen (text) <= max_len ? text : NULL;
}

static gboolean
double_member (JsonObject *obj,
               const char *key,
               double      min,
               double      max,
               double     *out)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else
    return FALSE;
  return isfinite (*out) && *out >= min && *out <= max;
}

/* An item of GET .../addresses, or NULL for one this laptop would not trust. */
static VoisinsAddress *
address_from_item (JsonNode *node)
{
  g_autoptr(VoisinsAddress) a = NULL;
  JsonObject *obj;
  const char *id, *street, *rep;
  JsonNode *number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  id = text_member (obj, "id", 100);
  street = text_member (obj, "street", 200);
  rep = text_member (obj, "rep", 20);
  number = json_object_get_member (obj, "number");
  if (id == NULL || id[0] == '\0' || street == NULL || street[0] == '\0' || number == NULL ||
      !JSON_NODE_HOLDS_VALUE (number) || json_node_get_value_type (number) != G_TYPE_INT64 ||
      json_node_get_int (number) < 1 || json_node_get_int (number) > 99999)
    return NULL;

  a = voisins_address_new ();
  if (!double_member (obj, "lat", -90, 90, &a->lat) ||
      !double_member (obj, "lon", -180, 180, &a->lon))
    return NULL;
  a->id = g_strdup (id);
  a->number = (int) json_node_get_int (number);
  g_free (a->rep);
  a->rep = g_strdup (rep ? rep : "");
  a->street = g_strdup (street);
  a->postcode = g_strdup (text_member (obj, "postcode", 20));
  a->city = g_strdup (text_member (obj, "city", 200));
  return g_steal_pointer (&a);
}

static gboolean
fetch_addresses (SoupSession   *session,
                 RunData       *rd,
                 const char    *association_id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/addresses", association_id);
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *obj;
  JsonNode *items;
  gint64 version;
  guint n, dropped = 0;

  answer = _voisins_sync_request (session, rd, "GET", path, NULL, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;
  obj = json_node_get_object (answer);
  items = json_object_get_member (obj, "items");
  version = voisins_json_read_int (obj, "version");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) || version < 0 ||
      (n = json_array_get_length (json_node_get_array (items))) > MAX_ADDRESSES)
    return _voisins_sync_protocol_error (error, "addresses");

  addresses = g_ptr_array_new_full (n, (GDestroyNotify) voisins_address_free);
  for (guint i = 0; i < n; i++)
    {
      VoisinsAddress *a = address_from_item (json_array_get_element (json_node_get_array (items),
                                                                     i));

      if (a)
        g_ptr_array_add (addresses, a);
      else
        dropped++;
    }
  if (dropped > 0)
    g_debug ("Address base: %u malformed rows skipped", dropped);

  return voisins_store_replace_addresses (rd->store, association_id, addresses, error) &&
         voisins_store_set_addresses_version (rd->store, association_id, version, error);
}

gboolean
_voisins_sync_apply_descriptions (SoupSession   *session,
                                  RunData       *rd,
                                  JsonObject    *answer,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  JsonNode *assocs = json_object_get_member (answer, "associations");
  g_autoptr(GList) ids = NULL;

  if (assocs == NULL || !JSON_NODE_HOLDS_OBJECT (assocs))
    return TRUE;
  ids = json_object_get_members (json_node_get_object (assocs));
  for (GList *l = ids; l; l = l->next)
    {
      JsonNode *page = json_object_get_member (json_node_get_object (assocs), l->data);
      g_autoptr(VoisinsAssociation) assoc = NULL;
      JsonNode *node;
      JsonObject *description;
      const char *name;
      gint64 version;

      if (!voisins_uuid_is_valid (l->data) || !JSON_NODE_HOLDS_OBJECT (page))
        continue;
      node = json_object_get_member (json_node_get_object (page), "description");
      /* An older server sends none: the details come with the login's /me. */
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      description = json_node_get_object (node);
      if (!(assoc = voisins_store_get_association (rd->store, l->data, NULL)))
        continue;

      name = text_member (description, "name", 200);
      if (name && name[0])
        voisins_association_set_name (assoc, name);
      /* Absent: cleared by a coordinator. */
      voisins_association_set_phone (assoc, text_member (description, "phone", 40));
      voisins_association_set_email (assoc, text_member (description, "email", 254));
      voisins_association_set_address (assoc, text_member (description, "address", 300));
      if (!voisins_store_put_association (rd->store, assoc, error))
        return FALSE;

      version = voisins_json_read_int (description, "addresses_version");
      if (version > 0 &&
          version != voisins_store_get_addresses_version (rd->store, l->data) &&
          !fetch_addresses (session, rd, l->data, cancellable, error))
        return FALSE;

      /* The map is downloaded after the push and the pull (voisins-sync-basemap.c): a few
       * MB that nothing else of the sync waits for. */
      version = voisins_json_read_int (description, "basemap_version");
      if (version > 0 && version != voisins_store_get_basemap_version (rd->store, l->data) &&
          rd->basemaps && !g_ptr_array_find_with_equal_func (rd->basemaps, l->data, g_str_equal,
                                                             NULL))
        g_ptr_array_add (rd->basemaps, g_strdup (l->data));
    }
  return TRUE;
}

/* {{{ the association's details */

typedef struct
{
  RunData *rd;
  char    *association_id;
  char    *details[4];  /* name, phone, email, address; NULL: unchanged */
} DetailsTask;

static const char *const detail_keys[] = { "name", "phone", "email", "address" };

static void
details_task_free (DetailsTask *dt)
{
  _voisins_sync_run_data_free (dt->rd);
  g_free (dt->association_id);
  for (guint i = 0; i < G_N_ELEMENTS (dt->details); i++)
    g_free (dt->details[i]);
  g_free (dt);
}

static void
details_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DetailsTask *dt = task_data;
  g_autoptr(SoupSession) session = _voisins_sync_new_session (dt->rd->timeout);
  g_autofree char *path = g_strdup_printf ("/api/v1/associations/%s/details",
                                           dt->association_id);
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(VoisinsAssociation) assoc = NULL;
  GError *error = NULL;
  JsonObject *described;

  for (guint i = 0; i < G_N_ELEMENTS (dt->details); i++)
    if (dt->details[i])
      json_object_set_string_member (obj, detail_keys[i], dt->details[i]);
  body = json_node_init_object (json_node_alloc (), obj);
  answer = _voisins_sync_request (session, dt->rd, "POST", path, body, NULL, cancellable, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      _voisins_sync_protocol_error (&error, "details");
      g_task_return_error (task, error);
      return;
    }
  /* What the server kept, as every laptop will have it. */
  described = json_node_get_object (answer);
  if ((assoc = voisins_store_get_association (dt->rd->store, dt->association_id, NULL)))
    {
      const char *name = text_member (described, "name", 200);

      if (name && name[0])
        voisins_association_set_name (assoc, name);
      voisins_association_set_phone (assoc, text_member (described, "phone", 40));
      voisins_association_set_email (assoc, text_member (described, "email", 254));
      voisins_association_set_address (assoc, text_member (described, "address", 300));
      if (!voisins_store_put_association (dt->rd->store, assoc, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
voisins_sync_client_set_association_details_async (VoisinsSyncClient   *self,
                                                   const char          *association_id,
                                                   const char          *name,
                                                   const char          *phone,
                                                   const char          *email,
                                                   const char          *address,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DetailsTask *dt;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));
  g_return_if_fail (association_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_sync_client_set_association_details_async);
  dt = g_new0 (DetailsTask, 1);
  dt->rd = _voisins_sync_client_new_run_data (self);
  dt->association_id = g_strdup (association_id);
  dt->details[0] = g_strdup (name);
  dt->details[1] = g_strdup (phone);
  dt->details[2] = g_strdup (email);
  dt->details[3] = g_strdup (address);
  g_task_set_task_data (task, dt, (GDestroyNotify) details_task_free);
  if (dt->rd->token == NULL)
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED,
                               _("Please log in to sync"));
      return;
    }
  g_task_run_in_thread (task, details_thread);
}

gboolean
voisins_sync_client_set_association_details_finish (VoisinsSyncClient  *self,
                                                    GAsyncResult       *result,
                                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
