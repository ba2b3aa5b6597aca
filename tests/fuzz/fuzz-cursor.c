/* fuzz-cursor.c: the server's cursor parser, reached through a real pull
 *
 * The parser is static inside the server's SQLite storage, so the input goes where a client
 * puts it: as the cursor of association A in a well-formed pull request. A literal "A"
 * in the input stands for A's real id and "EPOCH" for its cursors' epoch, so that
 * "EPOCH:A:SEQ" seeds reach past the id checks.
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
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *text = NULL;
  JsonObject *cursors = json_object_new ();

  if (!g_utf8_validate_len ((const char *) data, size, NULL))
    {
      json_object_unref (cursors);
      return 0;
    }
  raw = g_strndup ((const char *) data, size);
  {
    g_auto(GStrv) epochs = g_strsplit (raw, "EPOCH", -1);
    g_autofree char *with_epoch = g_strjoinv (w->epoch, epochs);
    g_auto(GStrv) parts = g_strsplit (with_epoch, "A", -1);

    cursor = g_strjoinv (w->assoc, parts);
  }

  json_object_set_string_member (cursors, w->assoc, cursor);
  json_object_set_string_member (request, "client_id", FUZZ_CLIENT_ID (size % 3));
  json_object_set_object_member (request, "cursors", cursors);
  json_object_set_int_member (request, "limit", 20);

  text = voisins_server_storage_pull (w->storage, w->auth[size % 3], request, &error);
  if (text == NULL)
    {
      if (fuzz_world_is_internal (error))
        {
          g_printerr ("pull answered 500 for cursor %.100s: %s\n", cursor, error->message);
          abort ();
        }
      return 0;
    }

  {
    g_autoptr(JsonNode) parsed = voisins_json_parse (text, -1, &error);

    if (parsed == NULL)
      {
        g_printerr ("pull answer is not JSON: %s\n", error->message);
        abort ();
      }
  }

  return 0;
}
