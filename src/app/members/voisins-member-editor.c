/* voisins-member-editor.c: "Add a neighbour" and "Edit" of a member's record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works offline: the address is completed and checked against the quartier's address base
 * kept on the laptop, the record is written to the store and queued for the server. The
 * server decides what is accepted and what this laptop keeps afterwards (its rules table):
 * the form only shows it, and takes the fields this role may write from the server's word
 * when the laptop has it (voisins_store_get_member_writable_fields ()).
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <string.h>

#include "voisins-member-editor.h"
#include "voisins-store-member-edits.h"
#include "voisins-ui-util.h"

#define N_COMPLETIONS 8

struct _VoisinsMemberEditor
{
  AdwWindow       parent_instance;

  VoisinsStore   *store;
  char           *association_id;
  VoisinsMember  *member;          /* NULL for a new neighbour */
  char           *username;
  gboolean        role_known;
  VoisinsRole     role;
  GStrv           writable;        /* NULL: not known here, the server decides */
  guint           n_addresses;
  VoisinsAddress *picked;          /* the base's address chosen in the list */
  GPtrArray      *completions;     /* VoisinsAddress, as listed */
  gint64          consent_at;
  gboolean        show_errors;
  gboolean        saving;
  gboolean        setting_address;
  gboolean        duplicate_ok;
  VoisinsMember  *saving_member;
  GCancellable   *cancellable;
  GCancellable   *complete_cancellable;
  GtkPopover     *completion;
  GtkListBox     *completion_list;
  GtkWindow      *duplicate_dialog;

  /* template children */
  GtkLabel       *address_status;
  AdwEntryRow    *address_row;
  AdwComboRow    *channel_row;
  AdwActionRow   *consent_by_row;
  GtkCalendar    *consent_calendar;
  GtkMenuButton  *consent_date_button;
  GtkLabel       *consent_error;
  AdwPreferencesGroup *consent_group;
  GtkCheckButton *consent_holiday;
  GtkCheckButton *consent_phone;
  GtkCheckButton *consent_posts;
  GtkLabel       *email_error;
  AdwEntryRow    *email_row;
  GtkLabel       *first_name_error;
  AdwEntryRow    *first_name_row;
  AdwEntryRow    *languages_row;
  GtkLabel       *last_name_error;
  AdwEntryRow    *last_name_row;
  AdwEntryRow    *needs_row;
  GtkSwitch      *no_internet_switch;
  AdwActionRow   *no_internet_row;
  AdwEntryRow    *override_row;
  GtkLabel       *phone_error;
  AdwEntryRow    *phone_row;
  GtkButton      *save_button;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (VoisinsMemberEditor, voisins_member_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  OPEN_EXISTING,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char *channels[] = { NULL, "phone", "visit", "online" };

static gboolean
is_coordinator (VoisinsMemberEditor *self)
{
  return self->role_known && self->role >= VOISINS_ROLE_COORDINATOR;
}

/* Whether this login may write @field: at create, anything the desk takes down; on an
 * existing record, what the server said this role may change (everything when the laptop
 * does not know yet: the server decides at sync). */
static gboolean
may_write (VoisinsMemberEditor *self,
           const char          *field)
{
  if (self->member == NULL || self->writable == NULL)
    return TRUE;

  return g_strv_contains ((const char * const *) self->writable, field);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* "fr, PT; es" -> "fr,pt,es": the codes as stored. */
static char *
normalize_languages (const char *text)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,;]+", text ? text : "", 0, 0);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (codes, g_ascii_strdown (parts[i], -1));
  g_ptr_array_add (codes, NULL);

  return g_strjoinv (",", (char **) codes->pdata);
}

static void
update_consent_date (VoisinsMemberEditor *self)
{
  g_autofree char *when = voisins_ui_long_date (self->consent_at);

  gtk_menu_button_set_label (self->consent_date_button, *when ? when : _("No date"));
}

static char *
consent_scope (VoisinsMemberEditor *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (gtk_check_button_get_active (self->consent_posts))
    g_ptr_array_add (parts, (gpointer) "posts");
  if (gtk_check_button_get_active (self->consent_holiday))
    g_ptr_array_add (parts, (gpointer) "holiday");
  if (gtk_check_button_get_active (self->consent_phone))
    g_ptr_array_add (parts, (gpointer) "phone");
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (",", (char **) parts->pdata);
}

/* The member as the form has it now: a copy of the edited one, or a new one. */
static VoisinsMember *
build_member (VoisinsMemberEditor *self)
{
  g_autoptr(VoisinsMember) m = NULL;
  g_autofree char *first = entry_text (self->first_name_row);
  g_autofree char *last = entry_text (self->last_name_row);
  g_autofree char *address = entry_text (self->address_row);
  g_autofree char *phone = entry_text (self->phone_row);
  g_autofree char *email = entry_text (self->email_row);
  g_autofree char *languages_text = entry_text (self->languages_row);
  g_autofree char *languages = normalize_languages (languages_text);
  g_autofree char *needs = entry_text (self->needs_row);
  g_autofree char *reason = entry_text (self->override_row);
  guint channel = adw_combo_row_get_selected (self->channel_row);

  m = self->member ? voisins_member_copy (self->member) : voisins_member_new ();
  if (self->member == NULL)
    voisins_member_set_association_id (m, self->association_id);

#define SET_TEXT(field, setter, value)                      \
  if (may_write (self, field))                              \
    setter (m, *value ? value : NULL)

  SET_TEXT ("first_name", voisins_member_set_first_name, first);
  SET_TEXT ("last_name", voisins_member_set_last_name, last);
  SET_TEXT ("phone", voisins_member_set_phone, phone);
  SET_TEXT ("email", voisins_member_set_email, email);
  SET_TEXT ("languages", voisins_member_set_languages, languages);
  SET_TEXT ("needs", voisins_member_set_needs, needs);
#undef SET_TEXT

  if (may_write (self, "address"))
    {
      g_autofree char *picked_text = self->picked ? voisins_address_format (self->picked) : NULL;

      voisins_member_set_address (m, *address ? address : NULL);
      if (self->picked != NULL && g_strcmp0 (picked_text, address) == 0)
        {
          voisins_member_set_postcode (m, self->picked->postcode);
          voisins_member_set_city (m, self->picked->city);
          voisins_member_set_latitude (m, self->picked->lat);
          voisins_member_set_longitude (m, self->picked->lon);
        }
      else if (self->member == NULL ||
               g_strcmp0 (*address ? address : NULL,
                          voisins_member_get_address (self->member)) != 0)
        {
          /* Typed, not picked: the check before saving finds it in the base. */
          voisins_member_set_latitude (m, 0.0);
          voisins_member_set_longitude (m, 0.0);
        }
      if (is_coordinator (self) && gtk_widget_get_visible (GTK_WIDGET (self->override_row)))
        voisins_member_set_address_override (m, *reason ? reason : NULL);
    }

  if (may_write (self, "contact_channel"))
    voisins_member_set_contact_channel (m, channels[MIN (channel, G_N_ELEMENTS (channels) - 1)]);
  if (may_write (self, "no_internet"))
    voisins_member_set_no_internet (m, gtk_switch_get_active (self->no_internet_switch));

  if (self->member == NULL || may_write (self, "consent_scope"))
    {
      g_autofree char *scope = consent_scope (self);

      if (self->member == NULL ||
          g_strcmp0 (scope, voisins_member_get_consent_scope (self->member)) != 0 ||
          self->consent_at != voisins_member_get_consent_at (self->member))
        {
          voisins_member_set_consent_scope (m, scope);
          voisins_member_set_consent_at (m, scope ? self->consent_at : 0);
          voisins_member_set_consent_by (m, scope ? self->username : NULL);
        }
    }

  return g_steal_pointer (&m);
}

static void
field_error (GtkLabel   *label,
             GtkWidget  *row,
             const char *message)
{
  /* Each message is a row of its own under its field, in the same list. */
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (label)), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
set_address_status (VoisinsMemberEditor *self,
                    const char          *message,
                    gboolean             is_error)
{
  field_error (self->address_status, GTK_WIDGET (self->address_row), NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_status), "dim-label");
  if (message == NULL)
    return;

  gtk_label_set_label (self->address_status, message);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->address_status)), TRUE);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->address_status), "dim-label");
}

static gboolean
phone_ok (const char *phone)
{
  guint digits = 0;

  if (phone == NULL || *phone == '\0')
    return TRUE;
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" .-+()/", *p))
        return FALSE;
    }
  return digits >= 4 && digits <= 15;
}

static gboolean
email_ok (const char *email)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return TRUE;
  at = strchr (email, '@');
  return at != NULL && at != email && strchr (at + 1, '.') != NULL && !strchr (email, ' ');
}

/* Every problem of the form itself, each beside its field; the first one's row. */
static GtkWidget *
check_form (VoisinsMemberEditor *self,
            VoisinsMember       *m)
{
  GtkWidget *first = NULL;
  g_autoptr(GError) error = NULL;
  const char *first_name = voisins_member_get_first_name (m);

#define PROBLEM(label, row, message)                           \
  G_STMT_START {                                               \
    const char *msg_ = (message);                              \
    field_error (label, GTK_WIDGET (row), msg_);               \
    if (msg_ != NULL && first == NULL)                         \
      first = GTK_WIDGET (row);                                \
  } G_STMT_END

  PROBLEM (self->first_name_error, self->first_name_row,
           first_name == NULL || *first_name == '\0' ? _("Enter her first name.") : NULL);
  PROBLEM (self->last_name_error, self->last_name_row,
           self->member == NULL && voisins_member_get_last_name (m) == NULL
             ? _("Enter her last name: the association knows each member by her full name.")
             : NULL);
  PROBLEM (self->phone_error, self->phone_row,
           !phone_ok (voisins_member_get_phone (m))
             ? _("This phone number does not look right: digits, spaces and + only.") : NULL);
  PROBLEM (self->email_error, self->email_row,
           !email_ok (voisins_member_get_email (m))
             ? _("This email address does not look right (name@example.org).") : NULL);
  if (self->member == NULL)
    PROBLEM (self->consent_error, self->consent_posts,
             voisins_member_get_consent_scope (m) == NULL
               ? _("Tick at least one thing she agrees to: without her consent, she cannot "
                   "be recorded.") : NULL);
#undef PROBLEM

  if (first == NULL && !voisins_member_validate (m, &error))
    {
      field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), error->message);
      first = GTK_WIDGET (self->first_name_row);
    }

  return first;
}

static void
revalidate (VoisinsMemberEditor *self)
{
  g_autoptr(VoisinsMember) m = NULL;

  if (!self->show_errors)
    return;

  m = build_member (self);
  check_form (self, m);
}

static void
on_field_changed (VoisinsMemberEditor *self)
{
  revalidate (self);
}

static void
on_consent_day_selected (VoisinsMemberEditor *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->consent_calendar);
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (date),
                                                   g_date_time_get_month (date),
                                                   g_date_time_get_day_of_month (date),
                                                   12, 0, 0);

  self->consent_at = g_date_time_to_unix (at);
  update_consent_date (self);
  gtk_menu_button_popdown (self->consent_date_button);
}

/* {{{ address completion */

static void
pick_address (VoisinsMemberEditor *self,
              guint                index)
{
  VoisinsAddress *address;
  g_autofree char *text = NULL;
  g_autofree char *status = NULL;

  if (self->completions == NULL || index >= self->completions->len)
    return;

  address = g_ptr_array_index (self->completions, index);
  g_clear_pointer (&self->picked, voisins_address_free);
  self->picked = voisins_address_copy (address);
  text = voisins_address_format (address);

  self->setting_address = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), text);
  gtk_editable_set_position (GTK_EDITABLE (self->address_row), -1);
  self->setting_address = FALSE;
  gtk_popover_popdown (self->completion);

  gtk_widget_set_visible (GTK_WIDGET (self->override_row), FALSE);
  /* TRANSLATORS: %s %s are the postcode and the city of the address picked */
  status = g_strdup_printf (_("In the quartier’s address list (%s %s): her position comes "
                              "from it."),
                            address->postcode ? address->postcode : "",
                            address->city ? address->city : "");
  set_address_status (self, status, FALSE);
}

static void
on_completion_activated (VoisinsMemberEditor *self,
                         GtkListBoxRow       *row)
{
  pick_address (self, gtk_list_box_row_get_index (row));
}

static void
show_completions (VoisinsMemberEditor *self,
                  GPtrArray           *found)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->completion_list))))
    gtk_list_box_remove (self->completion_list, child);
  g_clear_pointer (&self->completions, g_ptr_array_unref);

  if (found == NULL || found->len == 0 || self->saving)
    {
      gtk_popover_popdown (self->completion);
      return;
    }

  self->completions = g_ptr_array_ref (found);
  for (guint i = 0; i < found->len; i++)
    {
      VoisinsAddress *a = g_ptr_array_index (found, i);
      g_autofree char *text = voisins_address_format (a);
      g_autofree char *line = g_strdup_printf ("%s, %s %s", text, a->postcode ? a->postcode : "",
                                               a->city ? a->city : "");
      GtkWidget *label = gtk_label_new (line);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (self->completion_list, label);
    }

  gtk_widget_set_size_request (GTK_WIDGET (self->completion),
                               gtk_widget_get_width (GTK_WIDGET (self->address_row)), -1);
  gtk_popover_popup (self->completion);
}

static void
complete_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsMemberEditor *self;

  found = voisins_store_complete_addresses_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VOISINS_MEMBER_EDITOR (user_data);
  if (error != NULL)
    g_warning ("Could not complete the address: %s", error->message);
  show_completions (self, found);
}

static void
on_address_changed (VoisinsMemberEditor *self)
{
  g_autofree char *text = NULL;

  if (self->setting_address)
    return;

  g_clear_pointer (&self->picked, voisins_address_free);
  set_address_status (self, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->override_row), FALSE);

  g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);

  text = entry_text (self->address_row);
  if (self->n_addresses == 0 || g_utf8_strlen (text, -1) < 2)
    {
      show_completions (self, NULL);
      if (self->n_addresses == 0 && *text)
        set_address_status (self, _("This laptop has no address list of the quartier yet: the "
                                    "server checks the address at the next sync."), FALSE);
      return;
    }

  /* The editor outlives the query: a cancelled one never touches it. */
  self->complete_cancellable = g_cancellable_new ();
  voisins_store_complete_addresses_async (self->store, self->association_id, text,
                                          N_COMPLETIONS, self->complete_cancellable,
                                          complete_cb, self);
}

static gboolean
on_address_key (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VoisinsMemberEditor   *self)
{
  GtkListBoxRow *selected;
  int index;
  int n;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->completion)) || self->completions == NULL)
    return FALSE;

  n = self->completions->len;
  selected = gtk_list_box_get_selected_row (self->completion_list);
  index = selected ? gtk_list_box_row_get_index (selected) : -1;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      index = MIN (index + 1, n - 1);
      gtk_list_box_select_row (self->completion_list,
                               gtk_list_box_get_row_at_index (self->completion_list, index));
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      index = MAX (index - 1, 0);
      gtk_list_box_select_row (self->completion_list,
                               gtk_list_box_get_row_at_index (self->completion_list, index));
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (index < 0)
        return FALSE;
      pick_address (self, index);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_popover_popdown (self->completion);
      return TRUE;
    default:
      return FALSE;
    }
}

/* }}} */
/* {{{ saving */

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VoisinsMemberEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean created = self->member == NULL;

  if (!voisins_store_save_member_finish (VOISINS_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->saving = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      /* TRANSLATORS: %s is the reason, from the database */
      message = g_strdup_printf (_("The record could not be saved: %s"), error->message);
      field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), message);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, self->saving_member, created);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
write_member (VoisinsMemberEditor *self)
{
  voisins_store_save_member_async (self->store, self->saving_member, self->member == NULL,
                                   self->cancellable, save_cb, g_object_ref (self));
}

static void
stop_saving (VoisinsMemberEditor *self)
{
  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  g_clear_object (&self->saving_member);
}

static gboolean
open_existing_cb (gpointer user_data)
{
  VoisinsMemberEditor *self = user_data;
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (self), "open-existing"));

  g_signal_emit (self, signals [OPEN_EXISTING], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
duplicate_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    VoisinsMemberEditor *self)
{
  const char *existing = g_object_get_data (G_OBJECT (dialog), "existing-id");

  if (g_str_equal (response, "save"))
    {
      self->duplicate_ok = TRUE;
      write_member (self);
      return;
    }

  if (g_str_equal (response, "open") && existing != NULL)
    {
      stop_saving (self);
      /* Not from inside the dialog's own signal: closing the editor closes the dialog. */
      g_object_set_data_full (G_OBJECT (self), "open-existing", g_strdup (existing), g_free);
      g_idle_add_full (G_PRIORITY_DEFAULT, open_existing_cb, g_object_ref (self), g_object_unref);
      return;
    }

  stop_saving (self);
}

static void
warn_duplicate (VoisinsMemberEditor *self,
                VoisinsMember       *existing)
{
  g_autofree char *name = voisins_ui_member_full_name (existing);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* TRANSLATORS: %s is the full name, then the address, of the member already recorded */
  body = g_strdup_printf (_("%s, %s, is already in the list. Record her again only if this is "
                            "another person."),
                          name, voisins_member_get_address (existing)
                                  ? voisins_member_get_address (existing) : "");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Already Recorded?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open the Existing Record"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "open");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "existing-id",
                          g_strdup (voisins_member_get_id (existing)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (duplicate_response), self, 0);
  self->duplicate_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->duplicate_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VoisinsMemberEditor) self = user_data;
  g_autoptr(VoisinsMemberCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsMember *m = self->saving_member;
  const char *address = voisins_member_get_address (m);
  gboolean address_changed;

  check = voisins_store_check_member_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (check == NULL)
    {
      stop_saving (self);
      field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), error->message);
      return;
    }

  address_changed = self->member == NULL ||
                    g_strcmp0 (address, voisins_member_get_address (self->member)) != 0;
  if (check->n_addresses > 0 && address != NULL && address_changed)
    {
      if (check->address != NULL)
        {
          g_autofree char *text = voisins_address_format (check->address);

          /* The base's spelling and its exact position. */
          voisins_member_set_address (m, text);
          voisins_member_set_postcode (m, check->address->postcode);
          voisins_member_set_city (m, check->address->city);
          voisins_member_set_latitude (m, check->address->lat);
          voisins_member_set_longitude (m, check->address->lon);
          voisins_member_set_address_override (m, NULL);
        }
      else if (voisins_member_get_address_override (m) == NULL)
        {
          stop_saving (self);
          if (is_coordinator (self))
            {
              set_address_status (self, _("This address is not in the quartier’s address list. "
                                          "Check the number and the street, or pick one of "
                                          "the proposed addresses. As a coordinator, you may "
                                          "accept it with a reason, below."), TRUE);
              gtk_widget_set_visible (GTK_WIDGET (self->override_row), TRUE);
            }
          else
            set_address_status (self, _("This address is not in the quartier’s address list. "
                                        "Check the number and the street, or pick one of the "
                                        "proposed addresses; a coordinator can accept another "
                                        "one."), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
          return;
        }
    }

  if (!self->duplicate_ok && check->duplicates->len > 0)
    {
      warn_duplicate (self, g_ptr_array_index (check->duplicates, 0));
      return;
    }

  write_member (self);
}

gboolean
voisins_member_editor_save (VoisinsMemberEditor *self)
{
  g_autoptr(VoisinsMember) m = NULL;
  GtkWidget *problem;

  g_return_val_if_fail (VOISINS_IS_MEMBER_EDITOR (self), FALSE);

  if (self->saving)
    return TRUE;

  self->show_errors = TRUE;
  g_cancellable_cancel (self->complete_cancellable);
  gtk_popover_popdown (self->completion);
  m = build_member (self);
  problem = check_form (self, m);
  if (problem != NULL)
    {
      gtk_widget_grab_focus (problem);
      return FALSE;
    }

  /* Checked and written in the core's workers, never on the main thread. */
  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  g_set_object (&self->saving_member, m);
  voisins_store_check_member_async (self->store, m, self->cancellable, check_cb,
                                    g_object_ref (self));
  return TRUE;
}

/* }}} */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  voisins_member_editor_save (VOISINS_MEMBER_EDITOR (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
voisins_member_editor_dispose (GObject *object)
{
  VoisinsMemberEditor *self = (VoisinsMemberEditor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);
  if (self->completion != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->completion));
      self->completion = NULL;
      self->completion_list = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_MEMBER_EDITOR);

  G_OBJECT_CLASS (voisins_member_editor_parent_class)->dispose (object);
}

static void
voisins_member_editor_finalize (GObject *object)
{
  VoisinsMemberEditor *self = (VoisinsMemberEditor *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->member);
  g_clear_object (&self->saving_member);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->writable, g_strfreev);
  g_clear_pointer (&self->picked, voisins_address_free);
  g_clear_pointer (&self->completions, g_ptr_array_unref);

  G_OBJECT_CLASS (voisins_member_editor_parent_class)->finalize (object);
}

static void
voisins_member_editor_class_init (VoisinsMemberEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_member_editor_dispose;
  object_class->finalize = voisins_member_editor_finalize;

  signals [SAVED] = g_signal_new ("saved",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, VOISINS_TYPE_MEMBER, G_TYPE_BOOLEAN);
  signals [OPEN_EXISTING] = g_signal_new ("open-existing",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-member-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, address_status);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, channel_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_by_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_calendar);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_date_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_holiday);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_phone);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, consent_posts);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, email_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, first_name_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, languages_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, last_name_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, needs_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, no_internet_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, no_internet_switch);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, override_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, phone_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberEditor, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_consent_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_install_action (widget_class, "member-editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "member-editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "member-editor.save", NULL);
}

static void
voisins_member_editor_init (VoisinsMemberEditor *self)
{
  GtkEventController *keys;
  GtkWidget *scrolled;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* The list under the address: it never takes the focus, typing goes on in the entry;
   * the arrow keys and Enter pick from it (the key controller below). */
  self->completion_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->completion_list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->completion_list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->completion_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->completion_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Proposed addresses"), -1);
  g_signal_connect_swapped (self->completion_list, "row-activated",
                            G_CALLBACK (on_completion_activated), self);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->completion_list));
  self->completion = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->completion, scrolled);
  gtk_popover_set_autohide (self->completion, FALSE);
  gtk_popover_set_has_arrow (self->completion, FALSE);
  gtk_popover_set_position (self->completion, GTK_POS_BOTTOM);
  gtk_widget_set_can_focus (GTK_WIDGET (self->completion), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->completion), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->completion), GTK_WIDGET (self->address_row));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_address_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->address_row), keys);
}

static void
set_hidden (AdwEntryRow *row,
            const char  *title)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: a field's title, for a volunteer who may not see its value */
  text = g_strdup_printf (_("%s (visible to coordinators)"), title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
}

static void
fill_from (VoisinsMemberEditor *self,
           VoisinsMember       *m)
{
  const char *channel = voisins_member_get_contact_channel (m);
  g_autofree char *languages = NULL;
  const char *scope = voisins_member_get_consent_scope (m);
  g_auto(GStrv) scopes = g_strsplit (scope ? scope : "", ",", -1);

  set_entry_text (self->first_name_row, voisins_member_get_first_name (m));
  set_entry_text (self->last_name_row, voisins_member_get_last_name (m));
  self->setting_address = TRUE;
  set_entry_text (self->address_row, voisins_member_get_address (m));
  self->setting_address = FALSE;
  set_entry_text (self->phone_row, voisins_member_get_phone (m));
  set_entry_text (self->email_row, voisins_member_get_email (m));
  languages = g_strdelimit (g_strdup (voisins_member_get_languages (m)
                                        ? voisins_member_get_languages (m) : ""), ",", ' ');
  set_entry_text (self->languages_row, languages);
  set_entry_text (self->needs_row, voisins_member_get_needs (m));
  set_entry_text (self->override_row, voisins_member_get_address_override (m));
  gtk_widget_set_visible (GTK_WIDGET (self->override_row),
                          voisins_member_get_address_override (m) != NULL && is_coordinator (self));
  for (guint i = 1; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (channel, channels[i]) == 0)
      adw_combo_row_set_selected (self->channel_row, i);
  gtk_switch_set_active (self->no_internet_switch, voisins_member_get_no_internet (m));
  gtk_check_button_set_active (self->consent_posts,
                               g_strv_contains ((const char * const *) scopes, "posts"));
  gtk_check_button_set_active (self->consent_holiday,
                               g_strv_contains ((const char * const *) scopes, "holiday"));
  gtk_check_button_set_active (self->consent_phone,
                               g_strv_contains ((const char * const *) scopes, "phone"));
  self->consent_at = voisins_member_get_consent_at (m);
  adw_action_row_set_subtitle (self->consent_by_row,
                               voisins_member_get_consent_by (m)
                                 ? voisins_member_get_consent_by (m) : _("Not recorded"));

  /* What this login may not change shows, greyed; what it may not even see says who does. */
  if (!may_write (self, "last_name"))
    set_hidden (self->last_name_row, _("Last name"));
  if (!may_write (self, "address"))
    {
      set_hidden (self->address_row, _("Address"));
      adw_preferences_group_set_description (
        ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->address_row),
                                                        ADW_TYPE_PREFERENCES_GROUP)), NULL);
    }
  if (!may_write (self, "phone"))
    set_hidden (self->phone_row, _("Phone"));
  if (!may_write (self, "email"))
    set_hidden (self->email_row, _("Email"));
  if (!may_write (self, "needs"))
    set_hidden (self->needs_row, _("Needs"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->first_name_row), may_write (self, "first_name"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->languages_row), may_write (self, "languages"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->channel_row), may_write (self, "contact_channel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->no_internet_row), may_write (self, "no_internet"));
  if (!may_write (self, "consent_scope"))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->consent_group), FALSE);
      adw_preferences_group_set_description (self->consent_group,
                                             _("Recorded when she was taken in; only a "
                                               "coordinator changes it."));
    }
}

VoisinsMemberEditor *
voisins_member_editor_new (GtkWindow     *parent,
                           VoisinsStore  *store,
                           const char    *association_id,
                           VoisinsMember *member)
{
  VoisinsMemberEditor *self;
  g_autofree char *given_to = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_MEMBER_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  self->association_id = g_strdup (association_id);
  self->member = member ? g_object_ref (member) : NULL;
  self->username = voisins_store_get_username (store);
  self->role_known = association_id != NULL &&
                     voisins_store_get_role (store, association_id, &self->role);
  self->writable = voisins_store_get_member_writable_fields (store, association_id);
  /* One count on an indexed table: whether completion can help at all. */
  self->n_addresses = voisins_store_count_addresses (store, association_id, NULL);

  if (member != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Neighbour"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Neighbour"));
      fill_from (self, member);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Add a Neighbour"));
      gtk_window_set_title (GTK_WINDOW (self), _("Add a Neighbour"));
      self->consent_at = g_get_real_time () / G_USEC_PER_SEC;
      if (self->username != NULL && self->role_known)
        /* TRANSLATORS: "<login> (you, <role>)": who takes the consent down */
        given_to = g_strdup_printf (_("%s (you, %s)"), self->username,
                                    voisins_ui_role_label (self->role));
      else if (self->username != NULL)
        given_to = g_strdup_printf (_("%s (you)"), self->username);
      adw_action_row_set_subtitle (self->consent_by_row,
                                   given_to ? given_to : _("You (not signed in yet)"));
      if (self->n_addresses == 0)
        adw_preferences_group_set_description (
          ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->address_row),
                                                          ADW_TYPE_PREFERENCES_GROUP)),
          _("This laptop has no address list of the quartier yet: the server checks the "
            "address at the next sync."));
    }

  update_consent_date (self);
  /* The first field, not the header's "Cancel". */
  gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));

  return self;
}

GtkPopover *
voisins_member_editor_get_completion (VoisinsMemberEditor *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->completion)) ? self->completion : NULL;
}

GtkListBox *
voisins_member_editor_get_completion_list (VoisinsMemberEditor *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER_EDITOR (self), NULL);

  return self->completion_list;
}

GtkWindow *
voisins_member_editor_get_duplicate_dialog (VoisinsMemberEditor *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER_EDITOR (self), NULL);

  return self->duplicate_dialog;
}
