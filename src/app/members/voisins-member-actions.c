/* voisins-member-actions.c: verification and her data, on a member's record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each action is one request to the server (voisins-sync-members.h), online only; what it
 * changes comes back to this laptop, and every other, with the next sync, started at once.
 * The server decides who may do what; the rows a volunteer may not use are hidden here so
 * that nobody is offered a refusal.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "voisins-member-actions.h"
#include "voisins-member-letters.h"
#include "voisins-member-report.h"
#include "voisins-sync-members.h"
#include "voisins-ui-util.h"
#include "voisins-json.h"

struct _VoisinsMemberActions
{
  GtkWidget parent_instance;

  VoisinsSyncClient  *client;
  VoisinsStore       *store;
  VoisinsAssociation *association;
  VoisinsMember      *member;
  GCancellable       *cancellable;

  /* template children */
  AdwActionRow        *code_row;
  AdwActionRow        *erase_row;
  AdwPreferencesGroup *group;
  AdwActionRow        *history_row;
  AdwActionRow        *in_person_row;
  AdwActionRow        *letter_row;
  AdwActionRow        *report_row;
  GtkLabel            *volunteer_note;
};

G_DEFINE_FINAL_TYPE (VoisinsMemberActions, voisins_member_actions, GTK_TYPE_WIDGET)

/* {{{ helpers */

static gboolean
is_coordinator (VoisinsStore *store, VoisinsAssociation *association)
{
  VoisinsRole role;

  return store && association &&
         voisins_store_get_role (store, voisins_association_get_id (association), &role) &&
         role >= VOISINS_ROLE_COORDINATOR;
}

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (GtkWidget *widget, const char *message)
{
  voisins_ui_add_toast (widget, adw_toast_new (message));
}

/* The server changed her record: bring it here now rather than at the next timer. */
static void
resync (VoisinsSyncClient *client)
{
  if (client && voisins_sync_client_has_token (client))
    voisins_sync_client_sync_now (client);
}

static AdwMessageDialog *
message_dialog (GtkWidget *widget, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (widget), heading, body);

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return ADW_MESSAGE_DIALOG (dialog);
}

/* }}} */
/* {{{ letters */

typedef struct
{
  GtkWidget          *widget; /* for the toasts and the parent window */
  VoisinsSyncClient  *client;
  VoisinsAssociation *association;
  GPtrArray          *members;
} LettersData;

static void
letters_data_free (LettersData *d)
{
  g_clear_object (&d->widget);
  g_clear_object (&d->client);
  g_clear_object (&d->association);
  g_clear_pointer (&d->members, g_ptr_array_unref);
  g_free (d);
}

static void
on_letters_file (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  VoisinsMemberLetters *letters = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *widget = g_object_get_data (G_OBJECT (chooser), "voisins-widget");

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)))
    {
      if (voisins_member_letters_print (letters, parent_window (widget), path, &error))
        toast (widget, _ ("Letters saved as PDF"));
      else
        toast (widget, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_letters_ready_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VoisinsMemberLetters *letters = user_data;
  GtkWidget            *widget = g_object_get_data (G_OBJECT (dialog), "voisins-widget");
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "print"))
    {
      if (!voisins_member_letters_print (letters, parent_window (widget), NULL, &error))
        toast (widget, error->message);
    }
  else if (g_str_equal (response, "pdf"))
    {
      GtkFileChooserNative *chooser =
          gtk_file_chooser_native_new (_ ("Save the Letters"), parent_window (widget),
                                       GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                         _ ("verification-letters.pdf"));
      g_object_set_data_full (G_OBJECT (chooser), "voisins-widget", g_object_ref (widget),
                              g_object_unref);
      /* The letters live as long as the chooser: the codes exist nowhere else. */
      g_object_set_data_full (G_OBJECT (chooser), "voisins-letters", g_steal_pointer (&letters),
                              (GDestroyNotify) voisins_member_letters_free);
      g_object_steal_data (G_OBJECT (dialog), "voisins-letters");
      g_signal_connect (chooser, "response", G_CALLBACK (on_letters_file),
                        g_object_get_data (G_OBJECT (chooser), "voisins-letters"));
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
    }
}

static void
show_letters_ready (GtkWidget *widget, VoisinsMemberLetters *letters, guint n_skipped)
{
  guint            n = voisins_member_letters_get_n_pages (letters);
  g_autofree char *heading =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Letter Ready", "%u Letters Ready", n), n);
  g_autofree char  *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf ("%s%s%s",
                          _ ("Print the letters or save them as a PDF now: their codes are "
                             "shown only this once, and a new letter would make new codes."),
                          n_skipped ? "\n\n" : "",
                          n_skipped ? _ ("Some neighbours got no letter: they are verified "
                                         "already, or a letter is already on its way.")
                                    : "");
  dialog = message_dialog (widget, heading, body);
  adw_message_dialog_add_responses (dialog, "close", _ ("_Close"), "pdf", _ ("Save as _PDF…"),
                                    "print", _ ("_Print…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "print");
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "voisins-widget", g_object_ref (widget),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "voisins-letters", letters,
                          (GDestroyNotify) voisins_member_letters_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_letters_ready_response), letters);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_letters_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LettersData *d = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = NULL;
  JsonArray *letters, *skipped;

  answer = voisins_sync_members_send_letters_finish (VOISINS_SYNC_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      toast (d->widget, error->message);
      letters_data_free (d);
      return;
    }
  letters = voisins_json_read_array (answer, "letters");
  skipped = voisins_json_read_array (answer, "skipped");
  if (letters == NULL || json_array_get_length (letters) == 0)
    toast (d->widget, _ ("No letter to send: they are verified already, or a letter is on its "
                         "way."));
  else
    show_letters_ready (d->widget, voisins_member_letters_new (d->association, d->members, letters),
                        skipped ? json_array_get_length (skipped) : 0);
  resync (d->client);
  letters_data_free (d);
}

void
voisins_member_actions_send_letters (GtkWidget          *widget,
                                     VoisinsSyncClient  *client,
                                     VoisinsAssociation *association,
                                     GPtrArray          *members)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  LettersData *d;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (members != NULL && members->len > 0);

  if (client == NULL || association == NULL)
    {
      toast (widget, _ ("Letters need the association’s server: log in first."));
      return;
    }
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (ids, (gpointer) voisins_member_get_id (g_ptr_array_index (members, i)));
  g_ptr_array_add (ids, NULL);

  d = g_new0 (LettersData, 1);
  d->widget = g_object_ref (widget);
  d->client = g_object_ref (client);
  d->association = g_object_ref (association);
  d->members = g_ptr_array_ref (members);
  voisins_sync_members_send_letters_async (client, voisins_association_get_id (association),
                                           (const char *const *) ids->pdata, NULL, on_letters_sent,
                                           d);
}

static void
send_letter_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMemberActions *self = VOISINS_MEMBER_ACTIONS (widget);
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->member == NULL)
    return;
  g_ptr_array_add (members, g_object_ref (self->member));
  voisins_member_actions_send_letters (widget, self->client, self->association, members);
}

/* }}} */
/* {{{ the code */

static void show_code_dialog (VoisinsMemberActions *self, const char *problem, const char *code);

typedef struct
{
  VoisinsMemberActions *self;
  char                 *code;
} CodeData;

static void
on_code_entered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CodeData *d = user_data;
  g_autoptr (GError) error = NULL;

  if (voisins_sync_members_enter_code_finish (VOISINS_SYNC_CLIENT (source), result, &error))
    {
      toast (GTK_WIDGET (d->self), _ ("Verified: the code was right"));
      resync (d->self->client);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Asked again with what went wrong, and what was typed, so it can be corrected. */
    show_code_dialog (d->self, error->message, d->code);
  g_object_unref (d->self);
  g_free (d->code);
  g_free (d);
}

static void
on_code_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VoisinsMemberActions *self = user_data;
  GtkEditable          *entry = g_object_get_data (G_OBJECT (dialog), "voisins-entry");
  const char           *code = gtk_editable_get_text (entry);
  CodeData             *d;

  if (!g_str_equal (response, "verify") || self->member == NULL || self->client == NULL)
    return;
  d = g_new0 (CodeData, 1);
  d->self = g_object_ref (self);
  d->code = g_strdup (code);
  voisins_sync_members_enter_code_async (
      self->client, voisins_member_get_association_id (self->member),
      voisins_member_get_id (self->member), code, self->cancellable, on_code_entered, d);
}

static void
on_code_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);
  guint       n = 0;

  for (const char *p = text; *p; p++)
    if (g_ascii_isalnum (*p))
      n++;
  adw_message_dialog_set_response_enabled (dialog, "verify", n == 10);
}

static void
show_code_dialog (VoisinsMemberActions *self, const char *problem, const char *code)
{
  g_autofree char  *name = self->member ? voisins_ui_member_full_name (self->member) : NULL;
  g_autofree char  *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *entry = gtk_entry_new ();

  /* TRANSLATORS: %s is the neighbour's name */
  body = g_strdup_printf (_ ("Ask %s to read the code printed in the box of the letter: ten "
                             "letters and digits. Capitals, spaces and dashes do not matter."),
                          name ? name : "");
  if (problem)
    {
      g_autofree char *with = g_strdup_printf ("%s\n\n%s", problem, body);

      g_free (body);
      body = g_steal_pointer (&with);
    }
  dialog = message_dialog (GTK_WIDGET (self), _ ("Enter the Letter’s Code"), body);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "XXXXX-XXXXX");
  gtk_entry_set_max_length (GTK_ENTRY (entry), 20);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_add_css_class (entry, "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("The letter’s code"), -1);
  if (code)
    gtk_editable_set_text (GTK_EDITABLE (entry), code);
  if (problem)
    gtk_widget_add_css_class (entry, "error");
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "verify", _ ("_Verify"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "verify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "verify");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "voisins-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_code_changed), dialog);
  on_code_changed (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_code_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
enter_code_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_code_dialog (VOISINS_MEMBER_ACTIONS (widget), NULL, NULL);
}

/* }}} */
/* {{{ in person */

static void
on_verified_in_person (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsMemberActions) self = user_data;
  g_autoptr (GError) error = NULL;

  if (voisins_sync_members_verify_in_person_finish (VOISINS_SYNC_CLIENT (source), result, &error))
    {
      toast (GTK_WIDGET (self), _ ("Verified in person"));
      resync (self->client);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (GTK_WIDGET (self), error->message);
}

static void
on_in_person_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VoisinsMemberActions *self = user_data;
  GtkDropDown          *proofs = g_object_get_data (G_OBJECT (dialog), "voisins-proofs");
  GtkEditable          *witness = g_object_get_data (G_OBJECT (dialog), "voisins-witness");
  guint                 i = gtk_drop_down_get_selected (proofs);

  if (!g_str_equal (response, "verify") || self->member == NULL || self->client == NULL ||
      i >= g_strv_length ((char **) voisins_sync_proof_kinds))
    return;
  voisins_sync_members_verify_in_person_async (
      self->client, voisins_member_get_association_id (self->member),
      voisins_member_get_id (self->member), voisins_sync_proof_kinds[i],
      gtk_editable_get_text (witness), self->cancellable, on_verified_in_person,
      g_object_ref (self));
}

static void
verify_in_person_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMemberActions *self = VOISINS_MEMBER_ACTIONS (widget);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char  *name = self->member ? voisins_ui_member_full_name (self->member) : NULL;
  g_autofree char  *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget        *proof_label = gtk_label_new (_ ("Proof you saw"));
  GtkWidget        *witness_label = gtk_label_new (_ ("Second volunteer present (optional)"));
  GtkWidget        *proofs;
  GtkWidget        *witness = gtk_entry_new ();

  for (guint i = 0; voisins_sync_proof_kinds[i]; i++)
    gtk_string_list_append (labels, voisins_sync_proof_kind_label (voisins_sync_proof_kinds[i]));
  proofs = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_label_set_xalign (GTK_LABEL (proof_label), 0);
  gtk_label_set_xalign (GTK_LABEL (witness_label), 0);
  gtk_widget_add_css_class (proof_label, "heading");
  gtk_widget_add_css_class (witness_label, "heading");
  gtk_widget_set_margin_top (witness_label, 6);
  gtk_entry_set_placeholder_text (GTK_ENTRY (witness), _ ("Their login in Voisins"));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (proofs), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  proof_label, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (witness), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  witness_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), proof_label);
  gtk_box_append (GTK_BOX (box), proofs);
  gtk_box_append (GTK_BOX (box), witness_label);
  gtk_box_append (GTK_BOX (box), witness);

  /* TRANSLATORS: %s is the neighbour's name */
  body =
      g_strdup_printf (_ ("Record that you saw, with %s in front of you, a document with "
                          "their name and address. Only the kind of document is kept: never take "
                          "a copy or a photo of it."),
                       name ? name : "");
  dialog = message_dialog (widget, _ ("Verified in Person"), body);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "verify",
                                    _ ("_Mark as Verified"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "verify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "voisins-proofs", proofs);
  g_object_set_data (G_OBJECT (dialog), "voisins-witness", witness);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_in_person_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* }}} */
/* {{{ history */

/* One line of the trail as a volunteer reads it. */
static char *
audit_line (JsonObject *item)
{
  const char      *action = voisins_json_read_string_or (item, "action", "");
  const char      *who = voisins_json_read_string_or (item, "username", NULL);
  JsonObject      *detail = voisins_json_read_object (item, "detail");
  g_autofree char *when = voisins_ui_long_date (voisins_json_read_int_or (item, "at", 0));
  g_autofree char *what = NULL;

  if (g_str_equal (action, "letter-sent"))
    what = g_strdup (_ ("Verification letter sent"));
  else if (g_str_equal (action, "letter-expired"))
    what = g_strdup (_ ("The letter’s code expired unused"));
  else if (g_str_equal (action, "code-locked"))
    what = g_strdup (_ ("Too many wrong codes: the letter stopped working"));
  else if (g_str_equal (action, "verified-code"))
    what = g_strdup (detail && g_strcmp0 (voisins_json_read_string_or (detail, "entered_by", NULL),
                                          "herself") == 0
                         ? _ ("Verified by letter: the neighbour entered the code")
                         : _ ("Verified by letter: code read on the phone"));
  else if (g_str_equal (action, "verified-in-person"))
    {
      const char *proof = detail ? voisins_json_read_string_or (detail, "proof", NULL) : NULL;
      const char *witness = detail ? voisins_json_read_string_or (detail, "witness", NULL) : NULL;
      const char *label = voisins_sync_proof_kind_label (proof);

      /* TRANSLATORS: "Verified in person (Tax notice)" */
      what = g_strdup_printf (_ ("Verified in person (%s)"), label ? label : proof ? proof : "?");
      if (witness)
        {
          /* TRANSLATORS: appended to "Verified in person", %s is a login */
          g_autofree char *with = g_strdup_printf (_ ("%s, with %s present"), what, witness);

          g_free (what);
          what = g_steal_pointer (&with);
        }
    }
  else if (g_str_equal (action, "consent-changed"))
    what = g_strdup (_ ("Consent changed"));
  else if (g_str_equal (action, "report"))
    what = g_strdup (_ ("Data report made"));
  else if (g_str_equal (action, "erased"))
    what = g_strdup (_ ("Personal data erased"));
  else
    what = g_strdup (action);

  /* TRANSLATORS: "<date> — <what happened> — by <login>" */
  return g_strdup_printf (_ ("%s — %s — by %s"), when, what, who ? who : _ ("the neighbour"));
}

static void
on_audit_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsMemberActions) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  JsonArray        *items;
  AdwMessageDialog *dialog;
  GtkWidget        *label, *scrolled;

  answer = voisins_sync_members_audit_finish (VOISINS_SYNC_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (GTK_WIDGET (self), error->message);
      return;
    }
  items = voisins_json_read_array (answer, "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autofree char *line = audit_line (voisins_json_element_object (items, i));

      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
    }
  dialog = message_dialog (GTK_WIDGET (self), _ ("History"),
                           text->len ? NULL : _ ("Nothing recorded yet."));
  label = gtk_label_new (text->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  if (text->len)
    adw_message_dialog_set_extra_child (dialog, scrolled);
  adw_message_dialog_add_responses (dialog, "close", _ ("_Close"), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
history_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMemberActions *self = VOISINS_MEMBER_ACTIONS (widget);

  if (self->member == NULL || self->client == NULL)
    return;
  voisins_sync_members_audit_async (self->client, voisins_member_get_association_id (self->member),
                                    voisins_member_get_id (self->member), self->cancellable,
                                    on_audit_ready, g_object_ref (self));
}

/* }}} */
/* {{{ report */

static void
on_report_file (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  VoisinsMemberActions *self = user_data;
  JsonObject           *report = g_object_get_data (G_OBJECT (chooser), "voisins-report");
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)))
    {
      /* Both files side by side: NAME.json for a machine, NAME.pdf for her. */
      char *dot = g_str_has_suffix (path, ".json") ? strrchr (path, '.') : NULL;

      if (dot)
        *dot = '\0';
      json = g_strconcat (path, ".json", NULL);
      pdf = g_strconcat (path, ".pdf", NULL);
      if (voisins_member_report_write (report, json, pdf, &error))
        toast (GTK_WIDGET (self), _ ("Data report saved, as JSON and PDF"));
      else
        toast (GTK_WIDGET (self), error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
on_report_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsMemberActions) self = user_data;
  g_autoptr (GError) error = NULL;
  JsonObject           *report;
  GtkFileChooserNative *chooser;

  report = voisins_sync_members_report_finish (VOISINS_SYNC_CLIENT (source), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (GTK_WIDGET (self), error->message);
      return;
    }
  chooser =
      gtk_file_chooser_native_new (_ ("Save the Data Report"), parent_window (GTK_WIDGET (self)),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _ ("data-report.json"));
  g_object_set_data_full (G_OBJECT (chooser), "voisins-report", report,
                          (GDestroyNotify) json_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_report_file), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
report_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMemberActions *self = VOISINS_MEMBER_ACTIONS (widget);

  if (self->member == NULL || self->client == NULL)
    return;
  voisins_sync_members_report_async (self->client, voisins_member_get_association_id (self->member),
                                     voisins_member_get_id (self->member), self->cancellable,
                                     on_report_ready, g_object_ref (self));
}

/* }}} */
/* {{{ erase */

static void
on_erased (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsMemberActions) self = user_data;
  g_autoptr (GError) error = NULL;

  if (voisins_sync_members_erase_finish (VOISINS_SYNC_CLIENT (source), result, &error))
    {
      toast (GTK_WIDGET (self), _ ("Personal data erased; every laptop drops it at its next sync"));
      resync (self->client);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (GTK_WIDGET (self), error->message);
}

static void
on_erase_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VoisinsMemberActions *self = user_data;

  if (!g_str_equal (response, "erase") || self->member == NULL || self->client == NULL)
    return;
  voisins_sync_members_erase_async (self->client, voisins_member_get_association_id (self->member),
                                    voisins_member_get_id (self->member), self->cancellable,
                                    on_erased, g_object_ref (self));
}

static void
erase_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMemberActions *self = VOISINS_MEMBER_ACTIONS (widget);
  g_autofree char      *name = self->member ? voisins_ui_member_full_name (self->member) : NULL;
  g_autofree char      *heading = NULL;
  AdwMessageDialog     *dialog;

  /* TRANSLATORS: %s is the neighbour's name */
  heading = g_strdup_printf (_ ("Erase the Personal Data of %s?"), name ? name : "");
  dialog = message_dialog (widget, heading,
                           _ ("Name, address, phone, email, needs, languages, position and "
                              "consent are erased from the server now, and from every laptop at "
                              "its next sync. The name is taken off the posts made for this "
                              "neighbour (the posts stay), and the details off the holiday "
                              "table.\n\nMake the data report first if it was asked for. This "
                              "cannot be undone."));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "erase", _ ("_Erase"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* }}} */

static void
update (VoisinsMemberActions *self)
{
  gboolean            coordinator = is_coordinator (self->store, self->association);
  gboolean            online = self->client != NULL;
  VoisinsVerification v = self->member ? voisins_member_get_verification (self->member)
                                       : VOISINS_VERIFICATION_UNVERIFIED;
  gboolean            erased = self->member && voisins_member_get_erased_at (self->member) != 0;

  gtk_widget_set_visible (GTK_WIDGET (self), self->member != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->letter_row), coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->in_person_row), coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->report_row), coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->erase_row), coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->volunteer_note), !coordinator);

  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "member.send-letter",
      online && !erased &&
          (v == VOISINS_VERIFICATION_UNVERIFIED || v == VOISINS_VERIFICATION_EXPIRED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.enter-code",
                                 online && !erased && v == VOISINS_VERIFICATION_LETTER_SENT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.verify-in-person",
                                 online && !erased && v != VOISINS_VERIFICATION_VERIFIED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.history", online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.report", online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.erase", online && !erased);
}

static void
voisins_member_actions_dispose (GObject *object)
{
  VoisinsMemberActions *self = (VoisinsMemberActions *) object;
  GtkWidget            *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_MEMBER_ACTIONS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->association);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (voisins_member_actions_parent_class)->dispose (object);
}

static void
voisins_member_actions_class_init (VoisinsMemberActionsClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_member_actions_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-member-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, code_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, erase_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, history_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, in_person_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, letter_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, report_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberActions, volunteer_note);
  gtk_widget_class_install_action (widget_class, "member.send-letter", NULL, send_letter_action);
  gtk_widget_class_install_action (widget_class, "member.enter-code", NULL, enter_code_action);
  gtk_widget_class_install_action (widget_class, "member.verify-in-person", NULL,
                                   verify_in_person_action);
  gtk_widget_class_install_action (widget_class, "member.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "member.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "member.erase", NULL, erase_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_member_actions_init (VoisinsMemberActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update (self);
}

GtkWidget *
voisins_member_actions_new (void)
{
  return g_object_new (VOISINS_TYPE_MEMBER_ACTIONS, NULL);
}

void
voisins_member_actions_set_member (VoisinsMemberActions *self,
                                   VoisinsSyncClient    *client,
                                   VoisinsStore         *store,
                                   VoisinsMember        *member)
{
  g_autoptr (VoisinsAssociation) association = NULL;

  g_return_if_fail (VOISINS_IS_MEMBER_ACTIONS (self));

  g_set_object (&self->client, client);
  g_set_object (&self->store, store);
  g_set_object (&self->member, member);
  if (store && member)
    association =
        voisins_store_get_association (store, voisins_member_get_association_id (member), NULL);
  g_set_object (&self->association, association);
  update (self);
}
