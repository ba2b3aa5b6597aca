/* voisins-holiday-page-actions.c: the holiday.* actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-match.h"
#include "voisins-holiday-page-private.h"
#include "voisins-holiday-print.h"
#include "voisins-store-holiday-async.h"
#include "voisins-ui-util.h"

/* {{{ replies */

/* What an action's callback needs besides the result: the page (a reference, so that it
 * outlives the worker) and the action's own target. */
typedef struct
{
  VoisinsHolidayPage *page;
  char               *id;
  guint               n;
  char               *path;
  int                 from;   /* the state a step left, for its Undo; -1: none */
} Reply;

static Reply *
reply_new (VoisinsHolidayPage *self,
           const char         *id,
           guint               n)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->page = g_object_ref (self);
  reply->id = g_strdup (id);
  reply->n = n;
  reply->from = -1;
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_clear_object (&reply->page);
  g_free (reply->id);
  g_free (reply->path);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* TRUE when the command failed: says why in a toast, unless the page went away. */
static gboolean
reply_failed (Reply  *reply,
              GError *error)
{
  if (error == NULL)
    return FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _voisins_holiday_page_toast (reply->page, error->message);
  return TRUE;
}

static const char *
association_id (VoisinsHolidayPage *self)
{
  return voisins_association_get_id (self->association);
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
  g_signal_connect_swapped (dialog, "add-member", G_CALLBACK (_voisins_holiday_page_add_member),
                            self);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkListBoxRow *
find_waiting_row (VoisinsHolidayPage *self,
                  const char         *guest_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->waiting_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "voisins-id"), guest_id) == 0)
      return row;
  return NULL;
}

/* The suggestions go right below the guest's row, as rows of the same list (a list inside
 * a row read as "list item, list, one item" to a screen reader). */
static void
suggest_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row, *next;
  GtkWidget *first_button = NULL;
  int at;

  suggestions = voisins_store_suggest_holiday_hosts_finish (VOISINS_STORE (source), result,
                                                            &error);
  if (reply_failed (reply, error) || (row = find_waiting_row (self, reply->id)) == NULL)
    return;

  at = gtk_list_box_row_get_index (row) + 1;
  while ((next = gtk_list_box_get_row_at_index (self->waiting_list, at)) != NULL &&
         g_strcmp0 (g_object_get_data (G_OBJECT (next), "voisins-suggestion-for"), reply->id) == 0)
    gtk_list_box_remove (self->waiting_list, GTK_WIDGET (next));

  if (suggestions->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No table suits this guest yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (none),
                                   _("Every table is full for these meals, or none meets the "
                                     "guest’s needs. Add a host, or ask the guest about "
                                     "another meal."));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (none), 0);
      gtk_widget_add_css_class (none, "voisins-holiday-suggestion");
      g_object_set_data_full (G_OBJECT (none), "voisins-suggestion-for", g_strdup (reply->id),
                              g_free);
      gtk_list_box_insert (self->waiting_list, none, at);
      gtk_widget_grab_focus (none);
      return;
    }

  for (guint i = 0; i < suggestions->len; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (suggestions, i);
      GtkWidget *child = adw_action_row_new ();
      GtkWidget *button;
      const char *host_name = self->host_names ? g_hash_table_lookup (self->host_names, sg->host_id) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *name = NULL;
      g_autofree char *target = g_strdup_printf ("%s|%s|%u", sg->host_id, sg->guest_id, sg->slot);
      g_autofree char *reason = g_markup_escape_text (sg->reason ? sg->reason : "", -1);

      /* TRANSLATORS: a suggestion: the host's name, then the meal */
      title = g_strdup_printf (_("At %s’s table — %s"), host_name ? host_name : "?",
                               _voisins_holiday_page_slot_label (self, sg->slot));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 0);
      gtk_widget_add_css_class (child, "voisins-holiday-suggestion");
      button = _voisins_holiday_action_button (_("_Propose"), "holiday.propose", target,
                                               i == 0 ? "suggested-action" : NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (child), button);
      g_object_set_data (G_OBJECT (child), "voisins-main-button", button);
      g_object_set_data_full (G_OBJECT (child), "voisins-suggestion-for", g_strdup (reply->id),
                              g_free);
      /* TRANSLATORS: a suggestion's row, for a screen reader: "Suggestion: at Paul D.’s
       * table — 24 December, evening; same street, 250 m" */
      name = g_strdup_printf (_("Suggestion: %s; %s"), title, sg->reason ? sg->reason : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_list_box_insert (self->waiting_list, child, at + (int) i);
      if (first_button == NULL)
        first_button = button;
    }
  /* Where the volunteer looks next: the best suggestion's Propose. */
  gtk_widget_grab_focus (first_button);
}

static void
find_table (VoisinsHolidayPage *self,
            GStrv               parts)
{
  voisins_store_suggest_holiday_hosts_async (self->store, parts[0], 5, self->cancellable,
                                             suggest_cb, reply_new (self, parts[0], 0));
}

/* After a state change, and after proposing every match of the plan (which reads as
 * "Marked as Proposed", the state the matches are now in). */
static const char *
state_message (VoisinsHolidayMatchState state)
{
  switch (state)
    {
    case VOISINS_HOLIDAY_MATCH_DECLINED:
      return _("Marked as declined. The guest is waiting again.");
    case VOISINS_HOLIDAY_MATCH_HOST_CALLED:
      return _("The host said yes. Now call the guest.");
    case VOISINS_HOLIDAY_MATCH_CONFIRMED:
      return _("The guest said yes: they have a table. You can print the letters now.");
    case VOISINS_HOLIDAY_MATCH_DONE:
      return _("Marked as done. You can say how it went.");
    case VOISINS_HOLIDAY_MATCH_PROPOSED:
      return _("Proposed. Now call the host to ask them.");
    case VOISINS_HOLIDAY_MATCH_N_STATES:
    default:
      return NULL;
    }
}

typedef struct
{
  VoisinsHolidayPage       *page;
  char                     *id;
  VoisinsHolidayMatchState  back_to;
} Undo;

static void
undo_free (gpointer data,
           GClosure *closure)
{
  Undo *undo = data;

  g_clear_object (&undo->page);
  g_free (undo->id);
  g_free (undo);
}

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  voisins_store_undo_holiday_match_state_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: after an Undo, %s is the step the match is back to */
      message = g_strdup_printf (_("Undone: back to “%s”."),
                                 voisins_holiday_match_state_label (reply->n));
      _voisins_holiday_page_toast (reply->page, message);
    }
  _voisins_holiday_page_focus_after (reply->page, reply->id);
  voisins_holiday_page_refresh (reply->page);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Undo     *undo)
{
  VoisinsHolidayPage *self = undo->page;

  if (self->store == NULL)
    return;
  voisins_store_undo_holiday_match_state_async (self->store, undo->id, undo->back_to,
                                                self->cancellable, undone_cb,
                                                reply_new (self, undo->id, undo->back_to));
}

/* After a step: what it did, with an Undo back to @from (-1: no Undo, the plan's many
 * proposals). */
static void
state_toast (VoisinsHolidayPage       *self,
             const char               *id,
             VoisinsHolidayMatchState  state,
             int                       from)
{
  AdwToast *toast = adw_toast_new (state_message (state));

  if (id != NULL && from >= 0 && voisins_holiday_match_state_can_undo (state, from))
    {
      Undo *undo = g_new0 (Undo, 1);

      undo->page = g_object_ref (self);
      undo->id = g_strdup (id);
      undo->back_to = from;
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo,
                             undo_free, 0);
    }
  voisins_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
proposed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = voisins_store_propose_holiday_match_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    _voisins_holiday_page_toast (reply->page, _("Proposed. Now call the host to ask them."));
  voisins_holiday_page_refresh (reply->page);
}

static void
proposed_all_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  voisins_store_propose_holiday_matches_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    _voisins_holiday_page_toast (reply->page, _("Proposed. Now call the hosts to ask them."));
  voisins_holiday_page_refresh (reply->page);
}

static void
state_set_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  voisins_store_set_holiday_match_state_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    state_toast (reply->page, reply->id, reply->n, reply->from);
  /* The focus goes to the next step's button of the same match, once the rows are back. */
  _voisins_holiday_page_focus_after (reply->page, reply->id);
  voisins_holiday_page_refresh (reply->page);
}

static void
feedback_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  voisins_store_set_holiday_match_feedback_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    _voisins_holiday_page_toast (reply->page,
                                 _("Thank you: it will be in the association’s report."));
  voisins_holiday_page_refresh (reply->page);
}

static void
propose (VoisinsHolidayPage *self,
         GStrv               parts)
{
  guint slot = (guint) g_ascii_strtoull (parts[2], NULL, 10);

  voisins_store_propose_holiday_match_async (self->store, parts[0], parts[1], slot,
                                             self->cancellable, proposed_cb,
                                             reply_new (self, NULL, 0));
}

/* The page shows one dialog at a time, and tests find it through get_dialog. */
/* A message dialog's response buttons are named after their label, underscore and all
 * ("_Cancel") in GTK 4.8: name them in words. */
static void
name_buttons (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      g_autofree char *name =
          _voisins_holiday_strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    name_buttons (c);
}

static void
present_dialog (VoisinsHolidayPage *self,
                GtkWindow          *dialog)
{
  name_buttons (GTK_WIDGET (dialog));
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

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL || *text == '\0')
    return;

  voisins_store_set_holiday_match_feedback_async (self->store,
                                                  g_object_get_data (G_OBJECT (dialog),
                                                                     "voisins-id"),
                                                  text, self->cancellable, feedback_set_cb,
                                                  reply_new (self, NULL, 0));
}

/* After the holidays: a sentence on how the meal went, for the annual report. */
static void
feedback (VoisinsHolidayPage *self,
          GStrv               parts)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("How Did It Go?"),
                                                       _("A few words from the guest and the host, "
                                                         "as they told you on the phone.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A lovely evening, they will meet again"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), VOISINS_NOTES_MAX);  /* the codec's limit */
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
                          g_strdup (parts[0]), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (feedback_response_cb), self, 0);
  /* The dialog starts in its field. */
  gtk_window_set_focus (GTK_WINDOW (dialog), entry);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
set_state (VoisinsHolidayPage *self,
           GStrv               parts)
{
  int state = voisins_holiday_match_state_from_string (parts[1]);
  Reply *reply;

  if (state < 0)
    return;
  reply = reply_new (self, parts[0], state);
  reply->from = voisins_holiday_match_state_from_string (parts[2]);
  voisins_store_set_holiday_match_state_async (self->store, parts[0], state, self->cancellable,
                                               state_set_cb, reply);
}

static void
approved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  voisins_store_approve_holiday_match_finish (VOISINS_STORE (source), result, &error);
  if (!reply_failed (reply, error))
    _voisins_holiday_page_toast (reply->page, _("Approved. The volunteer can make the calls "
                                                "once they sync."));
  voisins_holiday_page_refresh (reply->page);
}

/* A coordinator lets the volunteer who proposed a match call its host and guest. */
static void
approve (VoisinsHolidayPage *self,
         GStrv               parts)
{
  voisins_store_approve_holiday_match_async (self->store, parts[0], self->cancellable,
                                             approved_cb, reply_new (self, NULL, 0));
}

static void
reveal_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(VoisinsHolidayContact) host = NULL;
  g_autoptr(VoisinsHolidayContact) guest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  voisins_store_reveal_holiday_match_finish (VOISINS_STORE (source), result, &host, &guest,
                                             &error);
  if (reply_failed (reply, error))
    return;
  if (!host->revealed)
    {
      _voisins_holiday_page_toast (self, _("The address is shown once both sides have confirmed."));
      return;
    }

  /* TRANSLATORS: the addresses of a confirmed match: host name, address, phone, then guest */
  body = g_strdup_printf (_("Host: %s\n%s\nPhone: %s\n\nGuest: %s\n%s\nPhone: %s\n\n"
                            "Showing these is recorded, as the association promised its "
                            "members."),
                          host->name, host->address ? host->address : "",
                          host->phone ? host->phone : "—",
                          guest->name, guest->address ? guest->address : "",
                          guest->phone ? guest->phone : "—");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("Addresses"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_address (VoisinsHolidayPage *self,
              GStrv               parts)
{
  g_autofree char *viewer = _voisins_holiday_page_get_viewer (self);

  voisins_store_reveal_holiday_match_async (self->store, association_id (self), parts[0],
                                            viewer, self->cancellable, reveal_cb,
                                            reply_new (self, NULL, 0));
}

static void
document_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(GError) error = NULL;
  VoisinsHolidayDocument *doc;

  doc = voisins_holiday_document_new_finish (VOISINS_STORE (source), result, &error);
  if (reply_failed (reply, error))
    return;
  if (reply->path != NULL)
    {
      g_autofree char *name = g_path_get_basename (reply->path);
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is a file name */
      message = g_strdup_printf (_("Saved as “%s”"), name);
      _voisins_holiday_page_toast (self, message);
      voisins_holiday_document_free (doc);
      return;
    }

  voisins_holiday_document_print (doc, get_window (self));
}

/* A letter (@match_id and @kind) or the call sheet (@match_id NULL): printed, or saved
 * to @path. */
static void
make_document (VoisinsHolidayPage       *self,
               const char               *match_id,
               VoisinsHolidayLetterKind  kind,
               const char               *path)
{
  g_autofree char *viewer = _voisins_holiday_page_get_viewer (self);
  Reply *reply = reply_new (self, match_id, kind);

  reply->path = g_strdup (path);
  voisins_holiday_document_new_async (self->store, self->association, match_id, kind, viewer,
                                      path, self->cancellable, document_cb, reply);
}

static void
save_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  g_autoptr(Reply) reply = user_data;

  if (response == GTK_RESPONSE_ACCEPT && reply->page->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      make_document (reply->page, reply->id, reply->n, path);
    }
  g_object_unref (chooser);
}

/* Asks where to save, then makes the document there. */
static void
choose_pdf (VoisinsHolidayPage       *self,
            const char               *match_id,
            VoisinsHolidayLetterKind  kind,
            const char               *suggested_name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save as PDF"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chosen_cb),
                    reply_new (self, match_id, kind));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static VoisinsHolidayLetterKind
letter_kind (const char *side)
{
  return g_str_equal (side, "host") ? VOISINS_HOLIDAY_LETTER_HOST : VOISINS_HOLIDAY_LETTER_GUEST;
}

static void
print_letter (VoisinsHolidayPage *self,
              GStrv               parts)
{
  make_document (self, parts[0], letter_kind (parts[1]), NULL);
}

static void
export_letter (VoisinsHolidayPage *self,
               GStrv               parts)
{
  VoisinsHolidayLetterKind kind = letter_kind (parts[1]);

  choose_pdf (self, parts[0], kind, kind == VOISINS_HOLIDAY_LETTER_HOST ? _("letter-host.pdf")
                                                                        : _("letter-guest.pdf"));
}

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(GError) error = NULL;

  voisins_store_clear_holiday_campaign_finish (VOISINS_STORE (source), result, NULL, &error);
  if (reply_failed (reply, error))
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
    voisins_store_clear_holiday_campaign_async (self->store, association_id (self), FALSE,
                                                self->cancellable, clear_done_cb,
                                                reply_new (self, NULL, 0));
}

static void
preview_clear_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(GError) error = NULL;
  VoisinsHolidayPurgeCounts counts = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *hosts = NULL;
  g_autofree char *guests = NULL;
  g_autofree char *matches = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  voisins_store_clear_holiday_campaign_finish (VOISINS_STORE (source), result, &counts, &error);
  if (reply_failed (reply, error))
    return;

  hosts = g_strdup_printf (ngettext ("%u host", "%u hosts", counts.hosts), counts.hosts);
  guests = g_strdup_printf (ngettext ("%u guest", "%u guests", counts.guests), counts.guests);
  matches = g_strdup_printf (ngettext ("%u match", "%u matches", counts.matches),
                             counts.matches);
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
clear (VoisinsHolidayPage *self,
       GStrv               parts)
{
  voisins_store_clear_holiday_campaign_async (self->store, association_id (self), TRUE,
                                              self->cancellable, preview_clear_cb,
                                              reply_new (self, NULL, 0));
}

static void
print_calls (VoisinsHolidayPage *self,
             GStrv               parts)
{
  make_document (self, NULL, 0, NULL);
}

static void
export_calls (VoisinsHolidayPage *self,
              GStrv               parts)
{
  choose_pdf (self, NULL, 0, _("calls.pdf"));
}

/* The plan: every suggestion with a check button, all ticked. */
static void
plan_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  VoisinsHolidayPage *self)
{
  GPtrArray *plan = g_object_get_data (G_OBJECT (dialog), "voisins-plan");
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "voisins-checks");
  g_autoptr(GPtrArray) chosen = NULL;

  if (!g_str_equal (response, "propose") || plan == NULL || self->store == NULL)
    return;

  chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_suggestion_free);
  for (guint i = 0; i < plan->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      {
        VoisinsHolidaySuggestion *sg = g_ptr_array_index (plan, i);
        VoisinsHolidaySuggestion *copy = g_new0 (VoisinsHolidaySuggestion, 1);

        copy->host_id = g_strdup (sg->host_id);
        copy->guest_id = g_strdup (sg->guest_id);
        copy->slot = sg->slot;
        g_ptr_array_add (chosen, copy);
      }
  voisins_store_propose_holiday_matches_async (self->store, chosen, self->cancellable,
                                               proposed_all_cb, reply_new (self, NULL, 0));
}

static void
plan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  VoisinsHolidayPage *self = reply->page;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *guest_names;
  AdwMessageDialog *dialog;
  GtkWidget *list, *scrolled;
  GPtrArray *checks;
  g_autofree char *body = NULL;

  plan = voisins_store_plan_holiday_finish (VOISINS_STORE (source), result, &error);
  if (reply_failed (reply, error))
    return;
  if (plan->len == 0)
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
                                       plan->len), plan->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self),
                                                       _("Propose for Everyone"), body));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  checks = g_ptr_array_new ();
  for (guint i = 0; i < plan->len; i++)
    {
      VoisinsHolidaySuggestion *sg = g_ptr_array_index (plan, i);
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
  g_object_set_data_full (G_OBJECT (dialog), "voisins-plan", g_steal_pointer (&plan),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "voisins-checks", checks,
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (plan_response_cb), self);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
plan (VoisinsHolidayPage *self,
      GStrv               parts)
{
  voisins_store_plan_holiday_async (self->store, association_id (self), self->cancellable,
                                    plan_cb, reply_new (self, NULL, 0));
}

/* }}} */
/* {{{ the table */

typedef void (*HolidayCommand) (VoisinsHolidayPage *self,
                                GStrv               parts);

/* Every holiday.* action: a target "a|b|c" is split into @n_parts before @run. */
typedef struct
{
  const char     *name;
  guint           n_parts;  /* 0: no target */
  HolidayCommand  run;
} HolidayAction;

static void add_host  (VoisinsHolidayPage *self, GStrv parts) { open_intake (self, TRUE); }
static void add_guest (VoisinsHolidayPage *self, GStrv parts) { open_intake (self, FALSE); }

static const HolidayAction holiday_actions[] = {
  { "holiday.add-host", 0, add_host },
  { "holiday.add-guest", 0, add_guest },
  { "holiday.plan", 0, plan },
  { "holiday.find-table", 1, find_table },
  { "holiday.propose", 3, propose },
  { "holiday.set-state", 3, set_state },
  { "holiday.approve", 1, approve },
  { "holiday.show-address", 1, show_address },
  { "holiday.print-letter", 2, print_letter },
  { "holiday.export-letter", 2, export_letter },
  { "holiday.print-calls", 0, print_calls },
  { "holiday.clear", 0, clear },
  { "holiday.feedback", 1, feedback },
  { "holiday.export-calls", 0, export_calls },
};

static void
holiday_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (widget);
  g_auto(GStrv) parts = NULL;
  const HolidayAction *action = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (holiday_actions) && action == NULL; i++)
    if (g_str_equal (holiday_actions[i].name, action_name))
      action = &holiday_actions[i];
  g_return_if_fail (action != NULL);

  if (self->store == NULL || self->association == NULL)
    return;
  if (action->n_parts > 0)
    {
      parts = g_strsplit (g_variant_get_string (param, NULL), "|", action->n_parts);
      if (g_strv_length (parts) != action->n_parts)
        return;
    }
  action->run (self, parts);
}

/* }}} */

void
_voisins_holiday_page_install_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (holiday_actions); i++)
    gtk_widget_class_install_action (widget_class, holiday_actions[i].name,
                                     holiday_actions[i].n_parts > 0 ? "s" : NULL,
                                     holiday_action);
  gtk_widget_class_install_property_action (widget_class, "holiday.show-on-map", "show-on-map");
}
