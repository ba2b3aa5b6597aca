/* voisins-login-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync-ui"

#include <glib/gi18n.h>
#include <string.h>

#include "voisins-login-dialog.h"

struct _VoisinsLoginDialog
{
  AdwWindow          parent_instance;

  VoisinsSyncClient *client;
  GCancellable      *cancellable;

  /* template children */
  GtkLabel          *error_label;
  GtkButton         *login_button;
  GtkPasswordEntry  *password_entry;
  GtkEntry          *server_entry;
  GtkSpinner        *spinner;
  GtkEntry          *username_entry;
};

G_DEFINE_FINAL_TYPE (VoisinsLoginDialog, voisins_login_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char *
entry_text (gpointer entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
update_submit (VoisinsLoginDialog *self)
{
  gboolean busy = self->cancellable != NULL;
  gboolean filled = *entry_text (self->server_entry) != '\0' &&
                    *entry_text (self->username_entry) != '\0' &&
                    *entry_text (self->password_entry) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", filled && !busy);
}

static void
on_entry_changed (VoisinsLoginDialog *self)
{
  update_submit (self);
}

static void
set_busy (VoisinsLoginDialog *self,
          gboolean            busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), !busy);
  update_submit (self);
}

static void
show_error (VoisinsLoginDialog *self,
            const GError       *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE))
    /* TRANSLATORS: %s is the reason from the network ("The server cannot be reached") */
    text = g_strdup_printf (_("%s. Check the address and your internet connection."),
                            error->message);
  else
    text = g_strdup (error->message);

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);

  if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
    }
  else if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED) ||
           g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VoisinsLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = voisins_sync_client_login_finish (VOISINS_SYNC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (token == NULL)
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals [LOGGED_IN], 0, token);
  memset (token, 0, strlen (token));
  gtk_window_destroy (GTK_WINDOW (self));
}

static char *
normalize_url (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (strstr (stripped, "://") == NULL)
    return g_strconcat ("https://", stripped, NULL);

  return g_steal_pointer (&stripped);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VoisinsLoginDialog *self = VOISINS_LOGIN_DIALOG (widget);
  g_autofree char *url = normalize_url (entry_text (self->server_entry));
  g_autofree char *username = g_strstrip (g_strdup (entry_text (self->username_entry)));

  if (self->cancellable != NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  voisins_sync_client_login_async (self->client, url, username,
                                   entry_text (self->password_entry),
                                   g_get_host_name (), self->cancellable,
                                   login_cb, g_object_ref (self));
}

static void
voisins_login_dialog_dispose (GObject *object)
{
  VoisinsLoginDialog *self = (VoisinsLoginDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_LOGIN_DIALOG);

  G_OBJECT_CLASS (voisins_login_dialog_parent_class)->dispose (object);
}

static void
voisins_login_dialog_class_init (VoisinsLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_login_dialog_dispose;

  /**
   * VoisinsLoginDialog::logged-in:
   * @token: the session token, to keep in the secret store
   */
  signals [LOGGED_IN] =
    g_signal_new ("logged-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, server_entry);
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VoisinsLoginDialog, username_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, submit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_login_dialog_init (VoisinsLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_submit (self);
}

VoisinsLoginDialog *
voisins_login_dialog_new (GtkWindow         *parent,
                          VoisinsSyncClient *client,
                          const char        *server_url,
                          const char        *username)
{
  VoisinsLoginDialog *self;

  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (VOISINS_TYPE_LOGIN_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);

  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server_url);
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_entry), username);

  if (server_url == NULL || *server_url == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
  else if (username == NULL || *username == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));

  return self;
}

void
voisins_login_dialog_submit (VoisinsLoginDialog *self,
                             const char         *password)
{
  g_return_if_fail (VOISINS_IS_LOGIN_DIALOG (self));

  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
}
