/* voisins-members-io.c: the members' spreadsheet, from the window's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkFileDialog is GTK 4.10: GtkFileChooserNative, which also goes through the portal.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "voisins-import-dialog.h"
#include "voisins-members-io.h"
#include "voisins-sync-import.h"
#include "voisins-ui-util.h"

/* A coordinator's spreadsheet of a few hundred members is far below this. */
#define MAX_FILE_BYTES (1024 * 1024)

typedef struct
{
  GtkWindow         *parent;
  VoisinsSyncClient *client;
  char              *association_id;
  GFile             *file;
} Job;

static void
job_free (Job *job)
{
  g_clear_weak_pointer (&job->parent);
  g_clear_object (&job->client);
  g_clear_object (&job->file);
  g_free (job->association_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (GtkWindow         *parent,
         VoisinsSyncClient *client,
         const char        *association_id)
{
  Job *job = g_new0 (Job, 1);

  g_set_weak_pointer (&job->parent, parent);
  job->client = g_object_ref (client);
  job->association_id = g_strdup (association_id);
  return job;
}

static void
toast (Job        *job,
       const char *message)
{
  if (job->parent)
    voisins_ui_add_toast (GTK_WIDGET (job->parent), adw_toast_new (message));
}

gboolean
voisins_members_io_allowed (VoisinsStore *store,
                            const char   *association_id)
{
  VoisinsRole role;

  return store != NULL && association_id != NULL &&
         voisins_store_get_role (store, association_id, &role) &&
         role >= VOISINS_ROLE_COORDINATOR;
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Spreadsheets (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  return filter;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  VoisinsImportDialog *dialog;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is why the file could not be read */
      message = g_strdup_printf (_("The file could not be read: %s"), error->message);
      toast (job, message);
      return;
    }
  if (g_bytes_get_size (bytes) > MAX_FILE_BYTES)
    {
      toast (job, _("The file is too large for one import (more than 1 MB): split it."));
      return;
    }
  if (job->parent == NULL)
    return;
  dialog = voisins_import_dialog_new (job->parent, job->client, job->association_id, bytes);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_response (GtkNativeDialog *chooser,
                 int              response,
                 gpointer         user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    g_file_load_bytes_async (file, NULL, loaded_cb, g_steal_pointer (&job));
  g_object_unref (chooser);
}

void
voisins_members_io_import (GtkWindow         *parent,
                           VoisinsSyncClient *client,
                           const char        *association_id)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL);

  chooser = gtk_file_chooser_native_new (_("Import a Spreadsheet of Members"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (import_response),
                    job_new (parent, client, association_id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      /* TRANSLATORS: %s is why the file could not be written */
      message = g_strdup_printf (_("The spreadsheet could not be saved: %s"), error->message);
      toast (job, message);
      return;
    }
  name = g_file_get_basename (G_FILE (object));
  /* TRANSLATORS: %s is the file name */
  message = g_strdup_printf (_("Members saved in “%s”. It holds their addresses and phone "
                               "numbers: keep it safe."), name);
  toast (job, message);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  GFile *file;

  csv = voisins_sync_export_members_finish (VOISINS_SYNC_CLIENT (object), result, &error);
  if (csv == NULL)
    {
      toast (job, error->message);
      return;
    }
  file = job->file;
  /* Addresses and phone numbers: readable by this user only. */
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       saved_cb, g_steal_pointer (&job));
}

static void
export_response (GtkNativeDialog *chooser,
                 int              response,
                 gpointer         user_data)
{
  g_autoptr(Job) job = user_data;

  if (response == GTK_RESPONSE_ACCEPT &&
      (job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      VoisinsSyncClient *client = job->client;
      const char *association_id = job->association_id;

      voisins_sync_export_members_async (client, association_id, NULL, exported_cb,
                                         g_steal_pointer (&job));
    }
  g_object_unref (chooser);
}

void
voisins_members_io_export (GtkWindow         *parent,
                           VoisinsSyncClient *client,
                           const char        *association_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL);

  chooser = gtk_file_chooser_native_new (_("Export the Members to a Spreadsheet"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv_filter ());
  /* TRANSLATORS: the suggested file name; %s is today's date */
  name = g_strdup_printf (_("members-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response),
                    job_new (parent, client, association_id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
