/* voisins-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-import-dialog.h"
#include "voisins-sync-import.h"
#include "voisins-ui-util.h"
#include "voisins-json.h"

struct _VoisinsImportDialog
{
  AdwWindow          parent_instance;

  VoisinsSyncClient *client;
  GtkWindow         *parent;
  char              *association_id;
  GBytes            *csv;
  GCancellable      *cancellable;
  guint              n_rows;
  gboolean           loading;

  /* template children */
  GtkLabel          *counts_label;
  AdwStatusPage     *error_page;
  GtkButton         *import_button;
  AdwStatusPage     *loading_page;
  GtkListBox        *rows_list;
  GtkStack          *stack;
  GtkLabel          *summary_label;
  GtkLabel          *warnings_label;
};

G_DEFINE_FINAL_TYPE (VoisinsImportDialog, voisins_import_dialog, ADW_TYPE_WINDOW)

static void
show_error (VoisinsImportDialog *self,
            const GError        *error)
{
  gboolean offline = g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE) ||
                     g_error_matches (error, VOISINS_SYNC_ERROR,
                                      VOISINS_SYNC_ERROR_NOT_CONFIGURED);

  self->loading = FALSE;
  if (offline)
    {
      g_autofree char *description = NULL;

      adw_status_page_set_icon_name (self->error_page, "network-offline-symbolic");
      adw_status_page_set_title (self->error_page, _("The Server Is Needed"));
      /* TRANSLATORS: %s says why the server cannot be reached */
      description = g_strdup_printf (_("%s\n\nThe preview checks each address with the "
                                       "association’s server. Importing a spreadsheet is a "
                                       "coordinator’s desk task: connect this computer to the "
                                       "internet and try again. Nothing was written."),
                                     error->message);
      adw_status_page_set_description (self->error_page, description);
    }
  else
    {
      adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->error_page, _("The Spreadsheet Cannot Be Imported"));
      adw_status_page_set_description (self->error_page, error->message);
    }
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
}

static GtkWidget *
row_widget (JsonObject *row)
{
  const char      *status = voisins_json_read_string_or (row, "status", "refused");
  const char      *first = voisins_json_read_string_or (row, "first_name", NULL);
  const char      *last = voisins_json_read_string_or (row, "last_name", NULL);
  const char      *address = voisins_json_read_string_or (row, "address", NULL);
  const char      *code = voisins_json_read_string_or (row, "code", NULL);
  const char      *text = voisins_json_read_string_or (row, "text", NULL);
  g_autofree char *line =
      g_strdup_printf (_("Line %d"), (int) voisins_json_read_int_or (row, "line", 0));
  g_autofree char *name = g_strstrip (g_strjoin (" ", first ? first : "", last ? last : "", NULL));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *line_label = gtk_label_new (line);
  GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon;
  GtkWidget *status_label;
  const char *status_text;

  if (*name == '\0' && json_object_has_member (row, "name"))
    {
      g_free (name);
      name = g_strdup (voisins_json_read_string (row, "name"));
    }
  if (text)
    title = g_strdup (_("(unreadable line)"));
  else
    title = g_markup_escape_text (*name ? name : _("(no name)"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  if (text)
    subtitle = g_markup_escape_text (text, -1);
  else if (address)
    subtitle = g_markup_escape_text (address, -1);
  else
    subtitle = g_strdup (_("(no address)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);

  gtk_label_set_width_chars (GTK_LABEL (line_label), 8);
  gtk_label_set_xalign (GTK_LABEL (line_label), 0);
  gtk_widget_add_css_class (line_label, "numeric");
  gtk_widget_add_css_class (line_label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (action_row), line_label);

  if (g_str_equal (status, "ok"))
    {
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      status_text = _("Will be imported");
      gtk_widget_add_css_class (status_box, "success");
    }
  else if (g_str_equal (status, "duplicate"))
    {
      icon = gtk_image_new_from_icon_name ("edit-copy-symbolic");
      status_text = _("Already a member: skipped");
      gtk_widget_add_css_class (status_box, "dim-label");
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      status_text = voisins_sync_import_reason (code ? code : "refused");
      gtk_widget_add_css_class (status_box, "error");
      gtk_widget_add_css_class (action_row, "import-refused");
    }
  status_label = gtk_label_new (status_text);
  gtk_label_set_wrap (GTK_LABEL (status_label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (status_label), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (status_label), 30);
  gtk_label_set_xalign (GTK_LABEL (status_label), 0);
  gtk_box_append (GTK_BOX (status_box), icon);
  gtk_box_append (GTK_BOX (status_box), status_label);
  gtk_widget_set_valign (status_box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), status_box);
  if (!g_str_equal (status, "ok") && !g_str_equal (status, "duplicate"))
    {
      /* The server's own words on the problem (the field, the limit), for a tooltip. */
      const char *reason = voisins_json_read_string_or (row, "reason", NULL);

      if (reason)
        gtk_widget_set_tooltip_text (status_box, reason);
    }
  /* A screen reader reads the status with the row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (action_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status_text, -1);
  return action_row;
}

static void
show_preview (VoisinsImportDialog *self,
              JsonNode            *report)
{
  JsonObject *o = json_node_get_object (report);
  JsonArray       *rows = voisins_json_read_array (o, "rows");
  JsonArray       *warnings = voisins_json_read_array (o, "warnings");
  int              n_ok = voisins_json_read_int_or (o, "to_import", 0);
  int              n_duplicates = voisins_json_read_int_or (o, "duplicates", 0);
  int              n_refused = voisins_json_read_int_or (o, "refused", 0);
  g_autofree char *summary = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *button = NULL;
  g_autofree char *ok_part = NULL;
  g_autofree char *dup_part = NULL;
  g_autofree char *refused_part = NULL;
  GtkWidget *child;

  self->loading = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))))
    gtk_list_box_remove (self->rows_list, child);
  self->n_rows = rows ? json_array_get_length (rows) : 0;
  for (guint i = 0; i < self->n_rows; i++)
    gtk_list_box_append (self->rows_list, row_widget (voisins_json_element_object (rows, i)));

  summary = g_strdup_printf (ngettext ("%u line read", "%u lines read", self->n_rows),
                             self->n_rows);
  gtk_label_set_label (self->summary_label, summary);
  ok_part = g_strdup_printf (ngettext ("%d new member to import",
                                       "%d new members to import", n_ok), n_ok);
  dup_part = g_strdup_printf (ngettext ("%d already a member",
                                        "%d already members", n_duplicates),
                              n_duplicates);
  refused_part = g_strdup_printf (ngettext ("%d refused",
                                            "%d refused", n_refused), n_refused);
  /* TRANSLATORS: "3 new members to import · 1 already a member · 2 refused" */
  counts = g_strdup_printf (_("%s · %s · %s"), ok_part, dup_part, refused_part);
  gtk_label_set_label (self->counts_label, counts);

  if (warnings && json_array_get_length (warnings) > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (warnings); i++)
        g_string_append_printf (text, "%s%s", i ? "\n" : "",
                                voisins_json_element_string (warnings, i));
      gtk_label_set_label (self->warnings_label, text->str);
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), TRUE);
    }

  if (n_ok > 0)
    button = g_strdup_printf (ngettext ("_Import %d Member",
                                        "_Import %d Members", n_ok), n_ok);
  else
    button = g_strdup (_("_Nothing to Import"));
  gtk_button_set_label (self->import_button, button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", n_ok > 0);
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VoisinsImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;

  report = voisins_sync_import_members_finish (VOISINS_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    show_error (self, error);
  else
    show_preview (self, report);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VoisinsImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *message = NULL;
  JsonObject *o;
  int n_ok;

  report = voisins_sync_import_members_finish (VOISINS_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    {
      show_error (self, error);
      return;
    }
  o = json_node_get_object (report);
  n_ok = voisins_json_read_int_or (o, "imported", 0);
  message = g_strdup_printf (ngettext ("%d member imported; they appear "
                                       "after the sync",
                                       "%d members imported; they appear "
                                       "after the sync", n_ok), n_ok);
  if (self->parent)
    voisins_ui_add_toast (GTK_WIDGET (self->parent), adw_toast_new (message));
  /* The new members reach this laptop like any record: by the next pull. */
  voisins_sync_client_sync_now (self->client);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VoisinsImportDialog *self = VOISINS_IMPORT_DIALOG (widget);

  self->loading = TRUE;
  adw_status_page_set_title (self->loading_page, _("Importing…"));
  adw_status_page_set_description (self->loading_page,
                                   _("The new members are written in one go."));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_action_set_enabled (widget, "import.run", FALSE);
  voisins_sync_import_members_async (self->client, self->association_id, self->csv, FALSE,
                                     self->cancellable, imported_cb, g_object_ref (self));
}

static void
voisins_import_dialog_dispose (GObject *object)
{
  VoisinsImportDialog *self = VOISINS_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (voisins_import_dialog_parent_class)->dispose (object);
}

static void
voisins_import_dialog_finalize (GObject *object)
{
  VoisinsImportDialog *self = VOISINS_IMPORT_DIALOG (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->csv, g_bytes_unref);
  g_free (self->association_id);
  G_OBJECT_CLASS (voisins_import_dialog_parent_class)->finalize (object);
}

static void
voisins_import_dialog_class_init (VoisinsImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_import_dialog_dispose;
  object_class->finalize = voisins_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, loading_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, rows_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsImportDialog, warnings_label);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_import_dialog_init (VoisinsImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
}

VoisinsImportDialog *
voisins_import_dialog_new (GtkWindow         *parent,
                           VoisinsSyncClient *client,
                           const char        *association_id,
                           GBytes            *csv)
{
  VoisinsImportDialog *self;

  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (association_id != NULL && csv != NULL, NULL);

  self = g_object_new (VOISINS_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  g_set_weak_pointer (&self->parent, parent);
  self->client = g_object_ref (client);
  self->association_id = g_strdup (association_id);
  self->csv = g_bytes_ref (csv);
  self->loading = TRUE;
  voisins_sync_import_members_async (client, association_id, csv, TRUE, self->cancellable,
                                     preview_cb, g_object_ref (self));
  return self;
}

gboolean
voisins_import_dialog_is_loading (VoisinsImportDialog *self)
{
  g_return_val_if_fail (VOISINS_IS_IMPORT_DIALOG (self), FALSE);

  return self->loading;
}

guint
voisins_import_dialog_get_n_rows (VoisinsImportDialog *self)
{
  g_return_val_if_fail (VOISINS_IS_IMPORT_DIALOG (self), 0);

  return self->n_rows;
}
