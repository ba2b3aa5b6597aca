/* voisins-event-ics.h: "Add to my calendar", one event saved as an .ics file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "voisins-core.h"

G_BEGIN_DECLS

/* A file name from the event's title ("Apéro de la cour.ics"), without / or leading dots. */
char     *voisins_event_ics_file_name    (VoisinsPost  *post);
/* Writes @post as iCalendar (the core's writer, as the server's feed) to @file. */
gboolean  voisins_event_ics_save_to_file (VoisinsPost  *post,
                                          GFile        *file,
                                          GError      **error);
/* Asks where to save it, saves, and says so in a toast of @widget's window. */
void      voisins_event_ics_save         (GtkWidget    *widget,
                                          VoisinsPost  *post);

G_END_DECLS
