/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include "voisins-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VoisinsApplication) app = NULL;

  voisins_application_init_i18n ();

  app = voisins_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
