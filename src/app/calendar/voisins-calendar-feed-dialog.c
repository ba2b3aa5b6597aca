/* voisins-calendar-feed-dialog.c: the user's secret calendar feed address, to copy or revoke
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server keeps only a hash of the secret, so the address can be shown only when it is
 * made: the dialog says so rather than pretending to remember it.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-calendar-feed-dialog.h"

struct _VoisinsCalendarFeedDialog
{
  AdwWindow          parent_instance;

  VoisinsSyncClient *client;
  char              *association_id;
  char              *url;
  GCancellable      *cancellable;

  /* template children */
  GtkButton         *copy_button;
  GtkButton         *new_button;
  GtkButton         *revoke_button;
  GtkSpinner        *spinner;
  GtkLabel          *status_label;
  AdwActionRow      *url_row;
};

G_DEFINE_FINAL_TYPE (VoisinsCalendarFeedDialog, voisins_calendar_feed_dialog, ADW_TYPE_WINDOW)

static void
set_busy (VoisinsCalendarFeedDialog *self,
          gboolean                   busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.new", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.revoke", !busy);
}

static void
set_status (VoisinsCalendarFeedDialog *self,
            const char                *message,
            gboolean                   is_error)
{
  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
show_url (VoisinsCalendarFeedDialog *self,
          const char                *url)
{
  g_free (self->url);
  self->url = g_strdup (url);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), url != NULL);
  adw_action_row_set_subtitle (self->url_row, url ? url
    : _("Not shown: the server keeps only a fingerprint of it. Make a new one to see it; "
        "the old one then stops working."));
}

static const char *
error_message (const GError *error)
{
  if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE))
    return _("The server cannot be reached: try again when connected.");
  return error->message;
}

static void
new_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(VoisinsCalendarFeedDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = voisins_sync_client_new_calendar_feed_finish (VOISINS_SYNC_CLIENT (source), result,
                                                      &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (url == NULL)
    {
      set_status (self, error_message (error), TRUE);
      return;
    }
  show_url (self, url);
  set_status (self, _("New address made: copy it into your calendar app now, it is shown only "
                      "once. Any address made before no longer works."), FALSE);
}

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VoisinsCalendarFeedDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = voisins_sync_client_revoke_calendar_feed_finish (VOISINS_SYNC_CLIENT (source), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!ok)
    {
      set_status (self, error_message (error), TRUE);
      return;
    }
  show_url (self, NULL);
  set_status (self, _("Revoked: calendar apps get no more events from your address."), FALSE);
}

void
voisins_calendar_feed_dialog_make_new (VoisinsCalendarFeedDialog *self)
{
  g_return_if_fail (VOISINS_IS_CALENDAR_FEED_DIALOG (self));

  if (self->cancellable != NULL)
    return;
  set_busy (self, TRUE);
  set_status (self, NULL, FALSE);
  self->cancellable = g_cancellable_new ();
  voisins_sync_client_new_calendar_feed_async (self->client, self->association_id,
                                               self->cancellable, new_cb, g_object_ref (self));
}

void
voisins_calendar_feed_dialog_revoke (VoisinsCalendarFeedDialog *self)
{
  g_return_if_fail (VOISINS_IS_CALENDAR_FEED_DIALOG (self));

  if (self->cancellable != NULL)
    return;
  set_busy (self, TRUE);
  set_status (self, NULL, FALSE);
  self->cancellable = g_cancellable_new ();
  voisins_sync_client_revoke_calendar_feed_async (self->client, self->association_id,
                                                  self->cancellable, revoke_cb,
                                                  g_object_ref (self));
}

const char *
voisins_calendar_feed_dialog_get_url (VoisinsCalendarFeedDialog *self)
{
  g_return_val_if_fail (VOISINS_IS_CALENDAR_FEED_DIALOG (self), NULL);
  return self->url;
}

gboolean
voisins_calendar_feed_dialog_is_busy (VoisinsCalendarFeedDialog *self)
{
  g_return_val_if_fail (VOISINS_IS_CALENDAR_FEED_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const char *
voisins_calendar_feed_dialog_get_status (VoisinsCalendarFeedDialog *self)
{
  g_return_val_if_fail (VOISINS_IS_CALENDAR_FEED_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->status_label))
    ? gtk_label_get_text (self->status_label) : NULL;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  voisins_calendar_feed_dialog_make_new (VOISINS_CALENDAR_FEED_DIALOG (widget));
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  voisins_calendar_feed_dialog_revoke (VOISINS_CALENDAR_FEED_DIALOG (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VoisinsCalendarFeedDialog *self = VOISINS_CALENDAR_FEED_DIALOG (widget);

  if (self->url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->url);
  set_status (self, _("Address copied: paste it where your calendar app adds a calendar "
                      "“from the web” or “by URL”."), FALSE);
}

static void
voisins_calendar_feed_dialog_dispose (GObject *object)
{
  VoisinsCalendarFeedDialog *self = (VoisinsCalendarFeedDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_CALENDAR_FEED_DIALOG);

  G_OBJECT_CLASS (voisins_calendar_feed_dialog_parent_class)->dispose (object);
}

static void
voisins_calendar_feed_dialog_finalize (GObject *object)
{
  VoisinsCalendarFeedDialog *self = (VoisinsCalendarFeedDialog *) object;

  g_clear_object (&self->client);
  g_free (self->association_id);
  g_free (self->url);

  G_OBJECT_CLASS (voisins_calendar_feed_dialog_parent_class)->finalize (object);
}

static void
voisins_calendar_feed_dialog_class_init (VoisinsCalendarFeedDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_calendar_feed_dialog_dispose;
  object_class->finalize = voisins_calendar_feed_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-calendar-feed-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, new_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, revoke_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsCalendarFeedDialog, url_row);
  gtk_widget_class_install_action (widget_class, "feed.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "feed.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "feed.revoke", NULL, revoke_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_calendar_feed_dialog_init (VoisinsCalendarFeedDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VoisinsCalendarFeedDialog *
voisins_calendar_feed_dialog_new (GtkWindow         *parent,
                                  VoisinsSyncClient *client,
                                  const char        *association_id)
{
  VoisinsCalendarFeedDialog *self;

  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  self = g_object_new (VOISINS_TYPE_CALENDAR_FEED_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->association_id = g_strdup (association_id);
  return self;
}
