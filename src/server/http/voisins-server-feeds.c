/* voisins-server-feeds.c: the events' calendar feeds (iCalendar)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A feed is the posts list by another road: the storage's list of posts as the caller may
 * see them (the rules table's views), of which the event posts with a start are written by
 * the core's iCalendar writer. The secret feed is for calendar apps, which subscribe to a
 * URL and send no header: the secret in the path (random, 32 bytes from libsodium) stands
 * for the user who made it, with her role of the day; only its hash is stored.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <string.h>

#include "voisins-codec.h"
#include "voisins-ical.h"
#include "voisins-uuid.h"

#include "voisins-server-auth.h"
#include "voisins-server-feeds.h"
#include "voisins-server-rules.h"
#include "voisins-json.h"

#define ICS_SUFFIX ".ics"

VoisinsServerFeedOp
voisins_server_feeds_match (const char  *method,
                            char       **parts,
                            char       **path_id,
                            gboolean    *bad_method)
{
  guint n = g_strv_length (parts);
  gboolean is_get = g_str_equal (method, "GET");
  gboolean is_post = g_str_equal (method, "POST");

  if (n == 2 && g_str_equal (parts[0], "feeds") && g_str_has_suffix (parts[1], ICS_SUFFIX))
    {
      g_autofree char *secret = g_strndup (parts[1], strlen (parts[1]) - strlen (ICS_SUFFIX));

      if (!voisins_server_token_is_wellformed (secret))
        return VOISINS_SERVER_FEED_NONE;
      *bad_method = !is_get;
      if (*bad_method)
        return VOISINS_SERVER_FEED_NONE;
      *path_id = g_steal_pointer (&secret);
      return VOISINS_SERVER_FEED_SECRET;
    }

  if (n < 3 || !g_str_equal (parts[0], "associations") || !voisins_uuid_is_valid (parts[1]))
    return VOISINS_SERVER_FEED_NONE;
  if (n == 3 && g_str_equal (parts[2], "events.ics"))
    {
      *bad_method = !is_get;
      if (*bad_method)
        return VOISINS_SERVER_FEED_NONE;
      *path_id = g_strdup (parts[1]);
      return VOISINS_SERVER_FEED_EVENTS;
    }
  if ((n == 3 && g_str_equal (parts[2], "feed")) ||
      (n == 4 && g_str_equal (parts[2], "feed") && g_str_equal (parts[3], "revoke")))
    {
      *bad_method = !is_post;
      if (*bad_method)
        return VOISINS_SERVER_FEED_NONE;
      *path_id = g_strdup (parts[1]);
      return n == 3 ? VOISINS_SERVER_FEED_NEW_SECRET : VOISINS_SERVER_FEED_REVOKE;
    }
  return VOISINS_SERVER_FEED_NONE;
}

/* The row without what the server adds to it (recorded_by): what the core codec reads. */
static JsonNode *
post_codec_view (JsonNode *row)
{
  const char * const *keys = voisins_server_rules_record_keys (VOISINS_SERVER_RECORD_POST);
  JsonObject *obj, *copy;
  JsonNode *node;

  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row))
    return NULL;
  obj = json_node_get_object (row);
  copy = json_object_new ();
  for (guint k = 0; keys[k]; k++)
    if (json_object_has_member (obj, keys[k]))
      json_object_set_member (copy, keys[k], json_node_copy (json_object_get_member (obj,
                                                                                      keys[k])));
  node = json_node_init_object (json_node_alloc (), copy);
  json_object_unref (copy);
  return node;
}

/* A repeating event's exceptions, gathered from the list of occurrences. */
typedef struct
{
  GArray *exdates; /* gint64 */
  GArray *moved;   /* VoisinsIcalMoved */
} Exceptions;

static void
exceptions_free (gpointer data)
{
  Exceptions *e = data;

  g_array_unref (e->exdates);
  g_array_unref (e->moved);
  g_free (e);
}

/* post id -> Exceptions */
static GHashTable *
exceptions_by_post (JsonNode *list)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, exceptions_free);
  JsonArray  *items;

  if (list == NULL || !JSON_NODE_HOLDS_OBJECT (list))
    return out;
  items = voisins_json_read_array (json_node_get_object (list), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *o = voisins_json_element_object (items, i);
      const char *post_id = voisins_json_read_string_or (o, "post_id", NULL);
      const char *state = voisins_json_read_string_or (o, "state", "");
      gint64      original = voisins_json_read_int_or (o, "original_start", 0);
      Exceptions *e;

      if (post_id == NULL || original <= 0)
        continue;
      if (!(e = g_hash_table_lookup (out, post_id)))
        {
          e = g_new0 (Exceptions, 1);
          e->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
          e->moved = g_array_new (FALSE, FALSE, sizeof (VoisinsIcalMoved));
          g_hash_table_insert (out, g_strdup (post_id), e);
        }
      if (g_str_equal (state, "cancelled"))
        g_array_append_val (e->exdates, original);
      else if (g_str_equal (state, "moved"))
        {
          VoisinsIcalMoved m = { original, voisins_json_read_int_or (o, "starts_at", 0),
                                 voisins_json_read_int_or (o, "ends_at", 0) };

          g_array_append_val (e->moved, m);
        }
    }
  return out;
}

/* The events of one page of posts, into @cal. */
static void
add_events (VoisinsIcalCalendar *cal, JsonArray *items, GHashTable *exceptions)
{
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(JsonNode) node = post_codec_view (json_array_get_element (items, i));
      g_autoptr(VoisinsPost) post = node ? voisins_post_from_json (node, NULL) : NULL;

      /* A row this build cannot read is left out rather than failing the whole feed. */
      if (post && voisins_ical_post_is_event (post))
        {
          Exceptions           *e = g_hash_table_lookup (exceptions, voisins_post_get_id (post));
          VoisinsIcalRecurrence recurrence = { 0 };

          if (e)
            {
              recurrence.exdates = (const gint64 *) (gpointer) e->exdates->data;
              recurrence.n_exdates = e->exdates->len;
              recurrence.moved = (const VoisinsIcalMoved *) (gpointer) e->moved->data;
              recurrence.n_moved = e->moved->len;
            }
          voisins_ical_calendar_add_post (cal, post, &recurrence);
        }
    }
}

static char *
write_feed (VoisinsServerStorage *storage,
            VoisinsServerAuth    *auth,
            const char           *association_id,
            GError              **error)
{
  g_autoptr(JsonNode) described = NULL;
  g_autoptr(JsonNode) occurrences = NULL;
  g_autoptr(GHashTable) exceptions = NULL;
  g_autoptr(VoisinsIcalCalendar) cal = NULL;
  const char *name = NULL;
  gint64      after = 0;
  gboolean    more = TRUE;

  described = voisins_server_storage_describe_association (storage, association_id, NULL);
  if (described && JSON_NODE_HOLDS_OBJECT (described))
    name = voisins_json_read_string_or (json_node_get_object (described), "name", NULL);
  occurrences = voisins_server_storage_list (storage, auth, association_id,
                                             VOISINS_SERVER_LIST_OCCURRENCES, 0, 0, NULL);
  exceptions = exceptions_by_post (occurrences);
  cal = voisins_ical_calendar_new (name);
  /* The posts page by page, so that a quartier's whole list is never in memory at once
   * (the first page also says whether the caller may see them). */
  while (more)
    {
      g_autoptr(JsonNode) page =
          voisins_server_storage_list (storage, auth, association_id, VOISINS_SERVER_LIST_POSTS,
                                       after, VOISINS_SERVER_LIST_LIMIT_MAX, error);
      JsonObject *obj;
      gint64      next;

      if (page == NULL)
        return NULL;
      obj = json_node_get_object (page);
      add_events (cal, voisins_json_read_array (obj, "items"), exceptions);
      next = voisins_json_read_int_or (obj, "next", after);
      more = voisins_json_read_bool_or (obj, "has_more", FALSE) && next > after;
      after = next;
    }
  return voisins_ical_calendar_to_string (cal);
}

gboolean
voisins_server_feeds_handle (VoisinsServerStorage  *storage,
                             VoisinsServerAuth     *auth,
                             VoisinsServerFeedOp    op,
                             const char            *path_id,
                             JsonNode             **response,
                             char                 **response_text,
                             const char           **content_type,
                             GError               **error)
{
  switch (op)
    {
    case VOISINS_SERVER_FEED_EVENTS:
      *response_text = write_feed (storage, auth, path_id, error);
      *content_type = "text/calendar; charset=utf-8";
      return *response_text != NULL;

    case VOISINS_SERVER_FEED_SECRET:
      {
        g_autofree char *hash = voisins_server_hash_token (path_id);
        g_autofree char *association_id = NULL;
        g_autoptr(VoisinsServerAuth) owner = NULL;

        if (!(owner = voisins_server_storage_authenticate_feed (storage, hash, &association_id,
                                                                error)))
          return FALSE;
        *response_text = write_feed (storage, owner, association_id, error);
        *content_type = "text/calendar; charset=utf-8";
        return *response_text != NULL;
      }

    case VOISINS_SERVER_FEED_NEW_SECRET:
      {
        g_autofree char *secret = voisins_server_new_token ();
        g_autofree char *hash = voisins_server_hash_token (secret);
        g_autofree char *path = NULL;
        JsonObject *root;

        if (!voisins_server_storage_set_feed_secret (storage, auth, path_id, hash, error))
          return FALSE;
        path = g_strdup_printf ("/api/v1/feeds/%s" ICS_SUFFIX, secret);
        root = json_object_new ();
        json_object_set_string_member (root, "secret", secret);
        json_object_set_string_member (root, "path", path);
        *response = json_node_init_object (json_node_alloc (), root);
        json_object_unref (root);
        return TRUE;
      }

    case VOISINS_SERVER_FEED_REVOKE:
      {
        JsonObject *root;

        if (!voisins_server_storage_set_feed_secret (storage, auth, path_id, NULL, error))
          return FALSE;
        root = json_object_new ();
        json_object_set_boolean_member (root, "ok", TRUE);
        *response = json_node_init_object (json_node_alloc (), root);
        json_object_unref (root);
        return TRUE;
      }

    case VOISINS_SERVER_FEED_NONE:
    default:
      g_assert_not_reached ();
    }
}
