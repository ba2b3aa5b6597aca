/* fuzz-pull.c: the server's pull handler in-process, over a temporary SQLite file
 *
 * The input is a pull request as a client sends it ({client_id, cursors, limit}); in
 * "cursors", the keys "A" and "B" stand for the two associations' real ids. The answer
 * must be JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include "voisins-core.h"
#include "fuzz-world.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzWorld *w = fuzz_world_get ();
  g_autoptr(JsonNode) node = voisins_json_parse ((const char *) data, (gssize) size, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *request;
  JsonNode *cursors;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  request = json_node_get_object (node);

  cursors = json_object_get_member (request, "cursors");
  if (cursors != NULL && JSON_NODE_HOLDS_OBJECT (cursors))
    {
      JsonObject *in = json_node_get_object (cursors);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (in);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *key = l->data;
          const char *real = g_str_equal (key, "A") ? w->assoc
                           : g_str_equal (key, "B") ? w->other : key;

          json_object_set_member (out, real, json_node_copy (json_object_get_member (in, key)));
        }
      json_object_set_object_member (request, "cursors", out);
    }

  text = voisins_server_storage_pull (w->storage, w->auth[size % 4], request, &error);
  if (text == NULL)
    {
      if (fuzz_world_is_internal (error))
        {
          g_printerr ("pull answered 500: %s\n", error->message);
          abort ();
        }
      return 0;
    }

  {
    g_autoptr(JsonNode) parsed = voisins_json_parse (text, -1, &error);

    if (parsed == NULL)
      {
        g_printerr ("pull answer is not JSON: %s\n%.300s\n", error->message, text);
        abort ();
      }
  }

  return 0;
}
