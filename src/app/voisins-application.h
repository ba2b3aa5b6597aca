/* voisins-application.h: the application, its options and its app.* actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VOISINS_TYPE_APPLICATION (voisins_application_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsApplication, voisins_application, VOISINS, APPLICATION, AdwApplication)

VoisinsApplication *voisins_application_new (void);
/* Sets up gettext: $VOISINS_LOCALEDIR (an uninstalled build) or LOCALEDIR. */
void                voisins_application_init_i18n (void);

G_END_DECLS
