/* fuzz-push.c: the server's push handler in-process, over a temporary SQLite file
 *
 * The input is one mutation ({"name", "args"}) or an array of them; the harness numbers
 * them and wraps them in a valid envelope, as voisins-server's validate_push lets through,
 * and pushes as one of four users (volunteer, coordinator, admin of A; volunteer of B).
 * The literal association ids "A" and "B" in args stand for the real ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voisins-core.h"
#include "fuzz-world.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
take_mutation (FuzzWorld *w,
               guint      user,
               JsonNode  *node,
               JsonArray *out)
{
  JsonObject *in, *m, *args;
  JsonNode *name, *args_node;
  const char *assoc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  in = json_node_get_object (node);
  name = json_object_get_member (in, "name");
  args_node = json_object_get_member (in, "args");
  if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING ||
      strlen (json_node_get_string (name)) > 64 ||
      args_node == NULL || !JSON_NODE_HOLDS_OBJECT (args_node))
    return FALSE;

  args_node = json_node_copy (args_node);
  args = json_node_get_object (args_node);
  assoc = voisins_json_read_string_or (args, "association_id", NULL);
  if (g_strcmp0 (assoc, "A") == 0)
    json_object_set_string_member (args, "association_id", w->assoc);
  else if (g_strcmp0 (assoc, "B") == 0)
    json_object_set_string_member (args, "association_id", w->other);

  m = json_object_new ();
  json_object_set_int_member (m, "seq", w->next_seq[user]++);
  json_object_set_string_member (m, "name", json_node_get_string (name));
  json_object_set_member (m, "args", args_node);
  json_array_add_object_element (out, m);

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzWorld *w = fuzz_world_get ();
  g_autoptr(JsonNode) node = voisins_json_parse ((const char *) data, (gssize) size, NULL);
  g_autoptr(JsonArray) mutations = json_array_new ();
  g_autoptr(JsonNode) mutations_node = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonNode) partial = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint user = size % 4, reader = (size + 1) % 3;

  if (node == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) > 100)
        return 0;
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!take_mutation (w, user, json_array_get_element (array, i), mutations))
          return 0;
    }
  else if (!take_mutation (w, user, node, mutations))
    return 0;

  mutations_node = json_node_init_array (json_node_alloc (), mutations);
  request = fuzz_world_envelope (w, user, mutations_node);
  answer = voisins_server_storage_push (w->storage, w->auth[user], request, &partial, NULL, &error);
  if (answer == NULL)
    {
      /* A refusal, never an internal error: that would be a bug the client sees as 500. */
      if (fuzz_world_is_internal (error))
        {
          g_printerr ("push answered 500: %s\n", error->message);
          abort ();
        }
      return 0;
    }

  /* What the server stored, every role can pull back as JSON. */
  {
    g_autoptr(JsonObject) pull = json_object_new ();
    JsonObject *cursors = json_object_new ();
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) parsed = NULL;

    json_object_set_string_member (pull, "client_id", FUZZ_CLIENT_ID (reader));
    json_object_set_null_member (cursors, w->assoc);
    json_object_set_object_member (pull, "cursors", cursors);
    json_object_set_int_member (pull, "limit", 50);
    text = voisins_server_storage_pull (w->storage, w->auth[reader], pull, &error);
    if (text == NULL)
      {
        g_printerr ("pull after push failed: %s\n", error->message);
        abort ();
      }
    parsed = voisins_json_parse (text, -1, &error);
    if (parsed == NULL)
      {
        g_printerr ("pull answer is not JSON: %s\n%.300s\n", error->message, text);
        abort ();
      }
  }

  return 0;
}
