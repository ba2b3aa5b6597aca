/* fuzz-json.c: the bytes every peer sends go through the guard, the parser and the codecs;
 * what the writer makes of a parsed document must parse again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include "voisins-core.h"
#include "voisins-json-guard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autofree char *text = NULL;

  if (!voisins_json_guard_check ((const char *) data, (gssize) size, VOISINS_JSON_MAX_DEPTH,
                                 NULL))
    {
      /* The guard alone refuses: so must the parser, without crashing. */
      node = voisins_json_parse ((const char *) data, (gssize) size, NULL);
      if (node != NULL)
        abort ();
      return 0;
    }

  node = voisins_json_parse ((const char *) data, (gssize) size, NULL);
  if (node == NULL)
    return 0;

  post = voisins_post_from_json (node, NULL);
  member = voisins_member_from_json (node, NULL);
  if (post != NULL)
    {
      g_autoptr(JsonNode) back = voisins_post_to_json (post);
      g_autofree char *post_text = voisins_json_to_string (back);
      g_autoptr(JsonNode) again = voisins_json_parse (post_text, -1, NULL);

      if (again == NULL)
        abort ();
    }
  if (member != NULL)
    {
      g_autoptr(JsonNode) back = voisins_member_to_json (member, TRUE);
      g_autofree char *member_text = voisins_json_to_string (back);
      g_autoptr(JsonNode) again = voisins_json_parse (member_text, -1, NULL);

      if (again == NULL)
        abort ();
    }

  /* Whatever parsed is written as JSON that parses again (1e22 once came out `1e+22.0`). */
  text = voisins_json_to_string (node);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) again = voisins_json_parse (text, -1, &error);

    if (again == NULL)
      {
        g_printerr ("written JSON does not parse: %s\n%.200s\n", error->message, text);
        abort ();
      }
  }

  return 0;
}
