/* voisins-event-ics.c: "Add to my calendar", one event saved as an .ics file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file rather than a direct write to a calendar: every calendar app opens an .ics, and the
 * UID is the feed's, so an event saved here and also seen through the feed is one event.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <string.h>

#include "voisins-event-ics.h"
#include "voisins-ui-util.h"

char *
voisins_event_ics_file_name (VoisinsPost *post)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (VOISINS_IS_POST (post), NULL);

  title = g_strdup (voisins_post_get_title (post) ? voisins_post_get_title (post) : "");
  g_strdelimit (title, "/\\:*?\"<>|\n\r\t", ' ');
  g_strstrip (title);
  while (title[0] == '.')
    memmove (title, title + 1, strlen (title));
  if (*title == '\0')
    return g_strdup ("event.ics");
  return g_strconcat (title, ".ics", NULL);
}

gboolean
voisins_event_ics_save_to_file (VoisinsPost  *post,
                                GFile        *file,
                                GError      **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(text = voisins_ical_post_to_string (post)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Only an event with a date can go in a calendar."));
      return FALSE;
    }
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             gpointer         user_data)
{
  g_autoptr(VoisinsPost) post = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      if (voisins_event_ics_save_to_file (post, file, &error))
        voisins_ui_add_toast (GTK_WIDGET (parent),
                              adw_toast_new (_("Event saved: open the file to add it to your "
                                               "calendar")));
      else
        {
          /* TRANSLATORS: %s says why the file could not be written */
          g_autofree char *message = g_strdup_printf (_("The event could not be saved: %s"),
                                                      error->message);

          voisins_ui_add_toast (GTK_WIDGET (parent), adw_toast_new (message));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
voisins_event_ics_save (GtkWidget   *widget,
                        VoisinsPost *post)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (VOISINS_IS_POST (post));

  root = gtk_widget_get_root (widget);
  name = voisins_event_ics_file_name (post);
  chooser = gtk_file_chooser_native_new (_("Add to My Calendar"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), g_object_ref (post));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
