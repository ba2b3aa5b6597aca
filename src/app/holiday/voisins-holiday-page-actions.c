/* voisins-holiday-page-actions.c: the holiday.* actions, and the worker they run in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-match.h"
#include "voisins-holiday-page-private.h"
#include "voisins-holiday-print.h"
#include "voisins-ui-util.h"

/* {{{ commands in a thread */

typedef enum
{
  CMD_SUGGEST,
  CMD_PROPOSE,
  CMD_SET_STATE,
  CMD_PLAN,
  CMD_PROPOSE_ALL,
  CMD_REVEAL,
  CMD_LETTER,
  CMD_CALLS,
  CMD_PREVIEW_CLEAR,
  CMD_CLEAR,
  CMD_FEEDBACK,
} CmdKind;

typedef struct
{
  CmdKind              kind;
  VoisinsStore        *store;
  VoisinsAssociation  *association;
  char                *a;         /* guest id, host id, match id */
  char                *b;
  guint                n;         /* slot, state, letter kind */
  char                *viewer;
  char                *path;      /* PDF export, or NULL to print */
  GPtrArray           *items;     /* CMD_PROPOSE_ALL input (suggestions) */
  /* results */
  GPtrArray           *result;
  VoisinsHolidayContact *host;
  VoisinsHolidayContact *guest;
  guint                done;
  char                *first_error;
  VoisinsHolidayPurgeCounts counts;
} Cmd;

static void
cmd_free (Cmd *c)
{
  g_clear_object (&c->store);
  g_clear_object (&c->association);
  g_free (c->a);
  g_free (c->b);
  g_free (c->viewer);
  g_free (c->path);
  g_free (c->first_error);
  g_clear_pointer (&c->items, g_ptr_array_unref);
  g_clear_pointer (&c->result, g_ptr_array_unref);
  g_clear_pointer (&c->host, voisins_holiday_contact_free);
  g_clear_pointer (&c->guest, voisins_holiday_contact_free);
  g_free (c);
}

static gboolean
find_match_members (Cmd          *c,
                    char        **host_member,
                    char        **guest_member,
                    GError      **error)
{
  const char *association_id = voisins_association_get_id (c->association);
  g_autoptr(GPtrArray) matches = voisins_store_list_holiday_matches (c->store, association_id,
                                                                      0, error);
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  VoisinsHolidayMatch *m = NULL;

  if (matches == NULL ||
      !(hosts = voisins_store_list_holiday_hosts (c->store, association_id, error)) ||
      !(guests = voisins_store_list_holiday_guests (c->store, association_id, error)))
    return FALSE;
  for (guint i = 0; i < matches->len && m == NULL; i++)
    if (g_strcmp0 (((VoisinsHolidayMatch *) g_ptr_array_index (matches, i))->id, c->a) == 0)
      m = g_ptr_array_index (matches, i);
  for (guint i = 0; m != NULL && i < hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (hosts, i);

      if (g_strcmp0 (p->host->id, m->host_id) == 0)
        *host_member = g_strdup (p->host->member_id);
    }
  for (guint i = 0; m != NULL && i < guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);

      if (g_strcmp0 (p->guest->id, m->guest_id) == 0)
        *guest_member = g_strdup (p->guest->member_id);
    }
  if (*host_member == NULL || *guest_member == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return FALSE;
    }
  return TRUE;
}

static void
cmd_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Cmd *c = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (c->kind)
    {
    case CMD_SUGGEST:
      ok = (c->result = voisins_store_suggest_holiday_hosts (c->store, c->a, 5, &error)) != NULL;
      break;
    case CMD_PROPOSE:
      {
        g_autofree char *id = voisins_store_propose_holiday_match (c->store, c->a, c->b, c->n,
                                                                   &error);
        ok = id != NULL;
      }
      break;
    case CMD_SET_STATE:
      ok = voisins_store_set_holiday_match_state (c->store, c->a, c->n, &error);
      break;
    case CMD_PLAN:
      ok = (c->result = voisins_store_plan_holiday (c->store,
                                                    voisins_association_get_id (c->association),
                                                    &error)) != NULL;
      break;
    case CMD_PROPOSE_ALL:
      for (guint i = 0; i < c->items->len; i++)
        {
          VoisinsHolidaySuggestion *sg = g_ptr_array_index (c->items, i);
          g_autoptr(GError) one = NULL;
          g_autofree char *id = voisins_store_propose_holiday_match (c->store, sg->host_id,
                                                                     sg->guest_id, sg->slot,
                                                                     &one);
          if (id != NULL)
            c->done++;
          else if (c->first_error == NULL)
            c->first_error = g_strdup (one->message);
        }
      break;
    case CMD_REVEAL:
      {
        g_autofree char *host_member = NULL;
        g_autofree char *guest_member = NULL;

        ok = find_match_members (c, &host_member, &guest_member, &error) &&
             (c->host = voisins_store_get_holiday_contact (c->store, host_member, c->a, TRUE,
                                                           c->viewer, &error)) != NULL &&
             (c->guest = voisins_store_get_holiday_contact (c->store, guest_member, c->a, TRUE,
                                                            c->viewer, &error)) != NULL;
      }
      break;
    case CMD_LETTER:
      {
        VoisinsHolidayLetter *letter;

        letter = voisins_holiday_letter_new_for_match (c->store, c->association, c->a, c->n,
                                                       c->viewer, &error);
        ok = letter != NULL;
        if (ok)
          {
            c->result = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_letter_free);
            g_ptr_array_add (c->result, letter);
            if (c->path != NULL)
              ok = voisins_holiday_letter_write_pdf (letter, c->path, &error);
          }
      }
      break;
    case CMD_CALLS:
      ok = (c->result = voisins_holiday_calls_from_store (c->store, c->association, c->viewer,
                                                          &error)) != NULL;
      if (ok && c->path != NULL)
        {
          g_autoptr(VoisinsHolidayDocument) doc = NULL;

          doc = voisins_holiday_document_new_call_sheet (g_ptr_array_ref (c->result),
                                                         voisins_association_get_name (c->association));
          ok = voisins_holiday_document_write_pdf (doc, c->path, &error);
        }
      break;
    case CMD_FEEDBACK:
      ok = voisins_store_set_holiday_match_feedback (c->store, c->a, c->b, &error);
      break;
    case CMD_PREVIEW_CLEAR:
      ok = voisins_store_preview_holiday_purge (c->store, voisins_association_get_id (c->association),
                                                &c->counts, &error);
      break;
    case CMD_CLEAR:
      ok = voisins_store_clear_holiday_campaign (c->store,
                                                 voisins_association_get_id (c->association),
                                                 &c->counts, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static Cmd *
cmd_new (VoisinsHolidayPage *self,
         CmdKind             kind)
{
  Cmd *c = g_new0 (Cmd, 1);

  c->kind = kind;
  c->store = g_object_ref (self->store);
  c->association = g_object_ref (self->association);
  c->viewer = _voisins_holiday_page_get_viewer (self);
  return c;
}

static void
cmd_run (VoisinsHolidayPage  *self,
         Cmd                 *c,
         GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, NULL);

  g_task_set_source_tag (task, cmd_run);
  g_task_set_task_data (task, c, (GDestroyNotify) cmd_free);
  g_task_run_in_thread (task, cmd_thread);
}

/* The command's data when it worked; else NULL and a toast saying why. */
static Cmd *
cmd_finish (VoisinsHolidayPage *self,
            GAsyncResult       *result)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _voisins_holiday_page_toast (self, error->message);
      return NULL;
    }
  return g_task_get_task_data (G_TASK (result));
}

/* }}} */
/* {{{ actions */

static GtkWindow *
get_window (VoisinsHolidayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_intake_saved (VoisinsHolidayPage *self)
{
  _voisins_holiday_page_toast (self, _("Saved. It will be sent to the association’s server at the next sync."));
  voisins_holiday_page_refresh (self);
}

static void
open_intake (VoisinsHolidayPage *self,
             gboolean            host)
{
  VoisinsHolidayIntakeDialog *dialog;

  if (self->store == NULL || self->association == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }
  dialog = voisins_holiday_intake_dialog_new (get_window (self), self->store,
                                              voisins_association_get_id (self->association),
                                              self->members, host);
  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (on_intake_saved), self);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_host_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  open_intake (VOISINS_HOLIDAY_PAGE (widget), TRUE);
}

static void
add_guest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_intake (VOISINS_HOLIDAY_PAGE (widget), FALSE);
}

static AdwExpanderRow *
find_waiting_row (VoisinsHolidayPage *self,
                  const char         *guest_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->waiting_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (row), "voisins-id"), guest_id) == 0)
      return ADW_EXPANDER_ROW (row);
  return NULL;
}

static void
suggest_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  Cmd *c = cmd_finish (self, result);
  AdwExpanderRow *row;
  GPtrArray *old;

  if (c == NULL || (row = find_waiting_row (self, c->a)) == NULL)
    return;

  old = g_object_get_data (G_OBJECT (row), "voisins-children");
  for (guint i = 0; old != NULL && i < old->len; i++)
    adw_expander_row_remove (row, g_ptr_array_index (old, i));
  old = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (row), "voisins-children", old,
                          (GDestroyNotify) g_ptr_array_unref);

  if (c->result->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No table suits this guest yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (none),
                                   _("Every table is full for these meals, or none meets the "
                                     "guest’s needs. Add a host, or ask the guest about "
                                     "another meal."));
      adw_expander_row_add_row (row, none);
      g_ptr_array_add (old, none);
    }

  for (guint i = 0; i < c->result->len; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (c->result, i);
      GtkWidget *child = adw_action_row_new ();
      const char *host_name = self->host_names ? g_hash_table_lookup (self->host_names, sg->host_id) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *target = g_strdup_printf ("%s|%s|%u", sg->host_id, sg->guest_id, sg->slot);
      g_autofree char *reason = g_markup_escape_text (sg->reason ? sg->reason : "", -1);

      /* TRANSLATORS: a suggestion: the host's name, then the meal */
      title = g_strdup_printf (_("At %s’s table — %s"), host_name ? host_name : "?",
                               _voisins_holiday_page_slot_label (self, sg->slot));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (child),
                                 _voisins_holiday_action_button (_("_Propose"), "holiday.propose", target,
                                                                 i == 0 ? "suggested-action" : NULL));
      adw_expander_row_add_row (row, child);
      g_ptr_array_add (old, child);
    }
  adw_expander_row_set_expanded (row, TRUE);
}

static void
find_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  Cmd *c;

  if (self->store == NULL)
    return;
  c = cmd_new (self, CMD_SUGGEST);
  c->a = g_variant_dup_string (param, NULL);
  cmd_run (self, c, suggest_cb);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  Cmd *c = cmd_finish (self, result);

  if (c != NULL)
    {
      if (c->kind == CMD_PROPOSE)
        _voisins_holiday_page_toast (self, _("Proposed. Now call the host to ask them."));
      else if (c->kind == CMD_FEEDBACK)
        _voisins_holiday_page_toast (self, _("Thank you: it will be in the association’s report."));
      else if (c->n == VOISINS_HOLIDAY_MATCH_DECLINED)
        _voisins_holiday_page_toast (self, _("Marked as declined. The guest is waiting again."));
      else if (c->n == VOISINS_HOLIDAY_MATCH_CONFIRMED)
        _voisins_holiday_page_toast (self, _("Confirmed. You can print the letters now."));
      else
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is the new state of a match */
          message = g_strdup_printf (_("Marked as “%s”."), voisins_holiday_match_state_label (c->n));
          _voisins_holiday_page_toast (self, message);
        }
    }
  voisins_holiday_page_refresh (self);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), "|", 3);
  Cmd *c;

  if (self->store == NULL || g_strv_length (parts) != 3)
    return;
  c = cmd_new (self, CMD_PROPOSE);
  c->a = g_strdup (parts[0]);
  c->b = g_strdup (parts[1]);
  c->n = (guint) g_ascii_strtoull (parts[2], NULL, 10);
  cmd_run (self, c, changed_cb);
}

/* The page shows one dialog at a time, and tests find it through get_dialog. */
static void
present_dialog (VoisinsHolidayPage *self,
                GtkWindow          *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (dialog);
}

static void
feedback_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      VoisinsHolidayPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "voisins-entry");
  const char *text = gtk_editable_get_text (entry);
  Cmd *c;

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL || *text == '\0')
    return;

  c = cmd_new (self, CMD_FEEDBACK);
  c->a = g_strdup (g_object_get_data (G_OBJECT (dialog), "voisins-id"));
  c->b = g_strdup (text);
  cmd_run (self, c, changed_cb);
}

/* After the holidays: a sentence on how the meal went, for the annual report. */
static void
feedback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->store == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("How Did It Go?"),
                                                       _("A few words from the guest and the host, "
                                                         "as they told you on the phone.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A lovely evening, they will meet again"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 2000);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How it went"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "voisins-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "voisins-id",
                          g_strdup (g_variant_get_string (param, NULL)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (feedback_response_cb), self, 0);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
set_state_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), "|", 2);
  Cmd *c;
  int state;

  if (self->store == NULL || g_strv_length (parts) != 2)
    return;
  state = voisins_holiday_match_state_from_string (parts[1]);
  if (state < 0)
    return;
  c = cmd_new (self, CMD_SET_STATE);
  c->a = g_strdup (parts[0]);
  c->n = state;
  cmd_run (self, c, changed_cb);
}

static void
reveal_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  Cmd *c = cmd_finish (self, result);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (c == NULL)
    return;
  if (!c->host->revealed)
    {
      _voisins_holiday_page_toast (self, _("The address is shown once both sides have confirmed."));
      return;
    }

  /* TRANSLATORS: the addresses of a confirmed match: host name, address, phone, then guest */
  body = g_strdup_printf (_("Host: %s\n%s\nPhone: %s\n\nGuest: %s\n%s\nPhone: %s\n\n"
                            "Showing these is recorded, as the association promised its "
                            "members."),
                          c->host->name, c->host->address ? c->host->address : "",
                          c->host->phone ? c->host->phone : "—",
                          c->guest->name, c->guest->address ? c->guest->address : "",
                          c->guest->phone ? c->guest->phone : "—");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("Addresses"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  Cmd *c;

  if (self->store == NULL)
    return;
  c = cmd_new (self, CMD_REVEAL);
  c->a = g_variant_dup_string (param, NULL);
  cmd_run (self, c, reveal_cb);
}

static void
document_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  Cmd *c = cmd_finish (self, result);
  VoisinsHolidayDocument *doc;

  if (c == NULL)
    return;
  if (c->path != NULL)
    {
      g_autofree char *name = g_path_get_basename (c->path);
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is a file name */
      message = g_strdup_printf (_("Saved as “%s”"), name);
      _voisins_holiday_page_toast (self, message);
      return;
    }

  if (c->kind == CMD_CALLS)
    doc = voisins_holiday_document_new_call_sheet (g_steal_pointer (&c->result),
                                                   voisins_association_get_name (c->association));
  else
    doc = voisins_holiday_document_new_letters (g_steal_pointer (&c->result));
  voisins_holiday_document_print (doc, get_window (self));
}

static void
save_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (user_data);
  Cmd *c = g_object_steal_data (G_OBJECT (chooser), "voisins-cmd");

  if (response == GTK_RESPONSE_ACCEPT && c != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      c->path = g_file_get_path (file);
      cmd_run (self, c, document_cb);
    }
  else if (c != NULL)
    cmd_free (c);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* Asks where to save, then runs @c with its path. */
static void
choose_pdf (VoisinsHolidayPage *self,
            Cmd                *c,
            const char         *suggested_name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save as PDF"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "voisins-cmd", c);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static Cmd *
letter_cmd (VoisinsHolidayPage *self,
            GVariant           *param)
{
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), "|", 2);
  Cmd *c;

  if (self->store == NULL || g_strv_length (parts) != 2)
    return NULL;
  c = cmd_new (self, CMD_LETTER);
  c->a = g_strdup (parts[0]);
  c->n = g_str_equal (parts[1], "host") ? VOISINS_HOLIDAY_LETTER_HOST : VOISINS_HOLIDAY_LETTER_GUEST;
  return c;
}

static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  Cmd *c = letter_cmd (self, param);

  if (c != NULL)
    cmd_run (self, c, document_cb);
}

static void
export_letter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  Cmd *c = letter_cmd (self, param);

  if (c != NULL)
    choose_pdf (self, c, c->n == VOISINS_HOLIDAY_LETTER_HOST ? _("letter-host.pdf")
                                                             : _("letter-guest.pdf"));
}

static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (object);

  if (cmd_finish (self, result) == NULL)
    return;

  _voisins_holiday_page_toast (self, _("The holiday table is cleared. Every computer of the association will drop it at its next sync."));
  voisins_holiday_page_refresh (self);
}

static void
clear_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   VoisinsHolidayPage *self)
{
  if (g_strcmp0 (response, "clear") == 0 && self->store != NULL)
    cmd_run (self, cmd_new (self, CMD_CLEAR), clear_done_cb);
}

static void
preview_clear_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (object);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *hosts = NULL;
  g_autofree char *guests = NULL;
  g_autofree char *matches = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Cmd *c;

  if ((c = cmd_finish (self, result)) == NULL)
    return;

  hosts = g_strdup_printf (ngettext ("%u host", "%u hosts", c->counts.hosts), c->counts.hosts);
  guests = g_strdup_printf (ngettext ("%u guest", "%u guests", c->counts.guests), c->counts.guests);
  matches = g_strdup_printf (ngettext ("%u match", "%u matches", c->counts.matches),
                             c->counts.matches);
  /* TRANSLATORS: the three parts are "N hosts", "N guests", "N matches" */
  what = g_strdup_printf (_("%s, %s and %s"), hosts, guests, matches);
  body = g_strdup_printf (_("This deletes %s from this computer, from the association’s server and from every "
                            "volunteer’s computer at their next sync. It cannot be undone.\n\n"
                            "Do it once the holidays are over: the association’s rule is from 15 January."),
                          what);
  if (g_date_time_get_month (now) == 12 ||
      (g_date_time_get_month (now) == 1 && g_date_time_get_day_of_month (now) < 15))
    {
      g_autofree char *early = g_strconcat (body, "\n\n",
                                            _("The holidays are not over yet: the letters and "
                                              "call lists still need this data."), NULL);
      g_free (body);
      body = g_steal_pointer (&early);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self),
                                                       _("Clear the Holiday Table?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "clear", _("C_lear"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);

  if (self->store != NULL)
    cmd_run (self, cmd_new (self, CMD_PREVIEW_CLEAR), preview_clear_cb);
}

static void
print_calls_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);

  if (self->store != NULL)
    cmd_run (self, cmd_new (self, CMD_CALLS), document_cb);
}

static void
export_calls_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);

  if (self->store != NULL)
    choose_pdf (self, cmd_new (self, CMD_CALLS), _("calls.pdf"));
}

/* The plan: every suggestion with a check button, all ticked. */
static void
plan_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  VoisinsHolidayPage *self)
{
  GPtrArray *plan = g_object_get_data (G_OBJECT (dialog), "voisins-plan");
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "voisins-checks");
  Cmd *c;

  if (!g_str_equal (response, "propose") || plan == NULL)
    return;

  c = cmd_new (self, CMD_PROPOSE_ALL);
  c->items = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_suggestion_free);
  for (guint i = 0; i < plan->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      {
        VoisinsHolidaySuggestion *sg = g_ptr_array_index (plan, i);
        VoisinsHolidaySuggestion *copy = g_new0 (VoisinsHolidaySuggestion, 1);

        copy->host_id = g_strdup (sg->host_id);
        copy->guest_id = g_strdup (sg->guest_id);
        copy->slot = sg->slot;
        g_ptr_array_add (c->items, copy);
      }
  g_object_set_data (G_OBJECT (self), "voisins-propose-all", NULL);
  cmd_run (self, c, changed_cb);
}

static void
plan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  Cmd *c = cmd_finish (self, result);
  GHashTable *guest_names;
  AdwMessageDialog *dialog;
  GtkWidget *list, *scrolled;
  GPtrArray *checks;
  g_autofree char *body = NULL;

  if (c == NULL)
    return;
  if (c->result->len == 0)
    {
      _voisins_holiday_page_toast (self, _("No waiting guest can be placed now: add hosts or seats."));
      return;
    }

  /* Guest names: from the waiting list's rows. */
  guest_names = g_hash_table_new (g_str_hash, g_str_equal);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->waiting_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row))
      g_hash_table_insert (guest_names, g_object_get_data (G_OBJECT (row), "voisins-id"),
                           (gpointer) adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "One guest can be placed. Untick a line to leave it "
                                       "out, then propose: each host will still be called.",
                                       "%u guests can be placed. Untick a line to leave it "
                                       "out, then propose: each host will still be called.",
                                       c->result->len), c->result->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self),
                                                       _("Propose for Everyone"), body));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  checks = g_ptr_array_new ();
  for (guint i = 0; i < c->result->len; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (c->result, i);
      const char *guest = g_hash_table_lookup (guest_names, sg->guest_id);
      const char *host = self->host_names ? g_hash_table_lookup (self->host_names, sg->host_id) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* TRANSLATORS: a match: the guest's name, then the host's name */
      title = g_strdup_printf (_("%s at %s’s table"), guest ? guest : "?", host ? host : "?");
      subtitle = g_markup_printf_escaped ("%s — %s", _voisins_holiday_page_slot_label (self, sg->slot),
                                          sg->reason ? sg->reason : "");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (checks, check);
    }
  g_hash_table_unref (guest_names);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (dialog, scrolled);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "propose", _("_Propose These Matches"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "propose", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "propose");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "voisins-plan", g_steal_pointer (&c->result),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "voisins-checks", checks,
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (plan_response_cb), self);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);

  if (self->store != NULL)
    cmd_run (self, cmd_new (self, CMD_PLAN), plan_cb);
}

void
_voisins_holiday_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "holiday.add-host", NULL, add_host_action);
  gtk_widget_class_install_action (widget_class, "holiday.add-guest", NULL, add_guest_action);
  gtk_widget_class_install_action (widget_class, "holiday.plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "holiday.find-table", "s", find_table_action);
  gtk_widget_class_install_action (widget_class, "holiday.propose", "s", propose_action);
  gtk_widget_class_install_action (widget_class, "holiday.set-state", "s", set_state_action);
  gtk_widget_class_install_action (widget_class, "holiday.show-address", "s", show_address_action);
  gtk_widget_class_install_action (widget_class, "holiday.print-letter", "s", print_letter_action);
  gtk_widget_class_install_action (widget_class, "holiday.export-letter", "s", export_letter_action);
  gtk_widget_class_install_action (widget_class, "holiday.print-calls", NULL, print_calls_action);
  gtk_widget_class_install_action (widget_class, "holiday.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "holiday.feedback", "s", feedback_action);
  gtk_widget_class_install_action (widget_class, "holiday.export-calls", NULL, export_calls_action);
  gtk_widget_class_install_property_action (widget_class, "holiday.show-on-map", "show-on-map");
}
