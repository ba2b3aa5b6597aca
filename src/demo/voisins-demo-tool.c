/* voisins-demo-tool.c: fills a store with the demo quartier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-demo"

#include <locale.h>
#include <stdlib.h>

#include "voisins-core.h"
#include "voisins-demo.h"

/* A developer tool: messages stay in English, untranslated. */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *store_path = NULL;
  g_autofree char *data_dir = NULL;
  int seed = 1520;
  int n_members = 0;
  int n_posts = 0;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
      "Store file to create or open", "PATH" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (same seed, same data)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT, &n_members, "Number of members (default 300)", "N" },
    { "posts", 0, 0, G_OPTION_ARG_INT, &n_posts, "Number of posts (default 400)", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Folder with the Quinze-Vingts open data (default: found automatically)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(GTimer) timer = NULL;
  VoisinsDemoOptions options = { 0 };
  double generate_s;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- fill a Voisins store with a demo quartier");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("voisins-demo: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (store_path == NULL)
    {
      g_printerr ("voisins-demo: --store PATH is required\n");
      return EXIT_FAILURE;
    }
  if (n_members < 0 || n_posts < 0)
    {
      g_printerr ("voisins-demo: --members and --posts must be positive\n");
      return EXIT_FAILURE;
    }

  if (data_dir == NULL)
    data_dir = voisins_demo_find_data_dir ();

  options.seed = (guint32) seed;
  options.data_dir = data_dir;
  options.n_members = (guint) n_members;
  options.n_posts = (guint) n_posts;

  timer = g_timer_new ();
  demo = voisins_demo_generate (&options, &error);
  if (demo == NULL)
    {
      g_printerr ("voisins-demo: cannot build the demo: %s\n", error->message);
      return EXIT_FAILURE;
    }
  generate_s = g_timer_elapsed (timer, NULL);

  store = voisins_store_open (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("voisins-demo: cannot open %s: %s\n", store_path, error->message);
      return EXIT_FAILURE;
    }

  g_timer_start (timer);
  if (!voisins_demo_import (demo, store, &error))
    {
      g_printerr ("voisins-demo: cannot import into %s: %s\n", store_path, error->message);
      return EXIT_FAILURE;
    }
  voisins_store_close (store);

  g_print ("%s: %u members, %u posts, %u holiday hosts, %u holiday guests from %s "
           "(seed %u; generated in %.2f s, imported in %.2f s) into %s\n",
           voisins_association_get_name (demo->association),
           demo->members->len, demo->posts->len, demo->hosts->len, demo->guests->len,
           demo->from_open_data ? "open data" : "a generated fallback quartier",
           options.seed, generate_s, g_timer_elapsed (timer, NULL), store_path);

  return EXIT_SUCCESS;
}
