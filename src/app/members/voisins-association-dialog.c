/* voisins-association-dialog.c: a coordinator changes the association's contact details,
 * printed on every letter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <string.h>

#include "voisins-association-dialog.h"

struct _VoisinsAssociationDialog
{
  AdwWindow           parent_instance;

  VoisinsSyncClient  *client;
  VoisinsAssociation *association;
  GCancellable       *cancellable;

  /* template children */
  AdwEntryRow        *address_row;
  AdwEntryRow        *email_row;
  GtkLabel           *error_label;
  AdwEntryRow        *name_row;
  AdwEntryRow        *phone_row;
  GtkButton          *save_button;
  GtkSpinner         *spinner;
};

G_DEFINE_FINAL_TYPE (VoisinsAssociationDialog, voisins_association_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_busy (VoisinsAssociationDialog *self,
          gboolean                  busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->phone_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "association.save", !busy);
}

static void
show_error (VoisinsAssociationDialog *self,
            const char               *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VoisinsAssociationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *phone = NULL, *email = NULL, *address = NULL;

  if (!voisins_sync_client_set_association_details_finish (VOISINS_SYNC_CLIENT (source), result,
                                                           &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE))
        show_error (self, _("The server cannot be reached: the details are the association’s, "
                            "they change only once the server has them. Try again when "
                            "connected."));
      else
        show_error (self, error->message);
      return;
    }
  g_clear_object (&self->cancellable);

  /* The objects the pages print from, as the server now has them. */
  name = row_text (self->name_row);
  phone = row_text (self->phone_row);
  email = row_text (self->email_row);
  address = row_text (self->address_row);
  voisins_association_set_name (self->association, name);
  voisins_association_set_phone (self->association, *phone ? phone : NULL);
  voisins_association_set_email (self->association, *email ? email : NULL);
  voisins_association_set_address (self->association, *address ? address : NULL);
  g_signal_emit (self, signals [SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
voisins_association_dialog_save (VoisinsAssociationDialog *self)
{
  g_autofree char *name = NULL, *phone = NULL, *email = NULL, *address = NULL;

  g_return_if_fail (VOISINS_IS_ASSOCIATION_DIALOG (self));

  if (self->cancellable != NULL)
    return;
  name = row_text (self->name_row);
  if (*name == '\0')
    {
      show_error (self, _("The association needs a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  phone = row_text (self->phone_row);
  email = row_text (self->email_row);
  address = row_text (self->address_row);
  /* The server checks the same; said here in the volunteer's words, before the network. */
  for (const char *p = phone; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr (" +.-()", *p))
      {
        show_error (self, _("The phone number may have only digits, spaces and + . - ( )."));
        gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
        return;
      }
  if (*email != '\0' && (strchr (email, '@') == NULL || strchr (email, ' ') != NULL))
    {
      show_error (self, _("The email address must look like name@example.org."));
      gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  /* "" clears a detail on the server. */
  voisins_sync_client_set_association_details_async (self->client,
                                                     voisins_association_get_id (self->association),
                                                     name, phone, email, address,
                                                     self->cancellable, save_cb,
                                                     g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  voisins_association_dialog_save (VOISINS_ASSOCIATION_DIALOG (widget));
}

static void
voisins_association_dialog_dispose (GObject *object)
{
  VoisinsAssociationDialog *self = (VoisinsAssociationDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_ASSOCIATION_DIALOG);

  G_OBJECT_CLASS (voisins_association_dialog_parent_class)->dispose (object);
}

static void
voisins_association_dialog_finalize (GObject *object)
{
  VoisinsAssociationDialog *self = (VoisinsAssociationDialog *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->association);

  G_OBJECT_CLASS (voisins_association_dialog_parent_class)->finalize (object);
}

static void
voisins_association_dialog_class_init (VoisinsAssociationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_association_dialog_dispose;
  object_class->finalize = voisins_association_dialog_finalize;

  signals [SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-association-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsAssociationDialog, spinner);

  gtk_widget_class_install_action (widget_class, "association.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_association_dialog_init (VoisinsAssociationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_row (AdwEntryRow *row,
         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

VoisinsAssociationDialog *
voisins_association_dialog_new (GtkWindow          *parent,
                                VoisinsSyncClient  *client,
                                VoisinsAssociation *association)
{
  VoisinsAssociationDialog *self;

  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (association), NULL);

  self = g_object_new (VOISINS_TYPE_ASSOCIATION_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->association = g_object_ref (association);
  set_row (self->name_row, voisins_association_get_name (association));
  set_row (self->phone_row, voisins_association_get_phone (association));
  set_row (self->email_row, voisins_association_get_email (association));
  set_row (self->address_row, voisins_association_get_address (association));
  return self;
}
