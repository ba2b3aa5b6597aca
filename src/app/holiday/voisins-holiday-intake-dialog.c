/* voisins-holiday-intake-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-print.h"
#include "voisins-json.h"
#include "voisins-store-async.h"
#include "voisins-ui-util.h"

#define N_SLOTS 4
#define N_DIETS 5

struct _VoisinsHolidayIntakeDialog
{
  AdwWindow             parent_instance;

  VoisinsStore         *store;
  char                 *association_id;
  GListModel           *members;
  GCancellable         *cancellable;
  gboolean              host;
  gboolean              show_errors;
  gboolean              saving;
  GtkCheckButton       *slot_checks[N_SLOTS];
  GtkCheckButton       *diet_checks[N_DIETS];

  /* template children */
  GtkCheckButton       *alcohol_free_check;
  GtkCheckButton       *can_fetch_check;
  GtkCheckButton       *children_check;
  GtkCheckButton       *consent_check;
  AdwPreferencesGroup  *consent_group;
  AdwPreferencesGroup  *diets_group;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *guest_group;
  AdwPreferencesGroup  *host_group;
  AdwEntryRow          *languages_row;
  GtkDropDown          *member_dropdown;
  GtkCheckButton       *needs_fetch_check;
  GtkCheckButton       *no_stairs_check;
  GtkTextView          *notes_view;
  GtkCheckButton       *pet_allergy_check;
  GtkCheckButton       *pets_check;
  GtkButton            *save_button;
  GtkSpinButton        *seats_spin;
  AdwPreferencesGroup  *slots_group;
  GtkCheckButton       *step_free_check;
  GtkCheckButton       *wants_quiet_check;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (VoisinsHolidayIntakeDialog, voisins_holiday_intake_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  ADD_MEMBER,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const struct { guint bit; const char *label; } diet_labels[N_DIETS] = {
  { VOISINS_DIET_VEGETARIAN, N_("Vegetarian") },
  { VOISINS_DIET_HALAL, N_("Halal") },
  { VOISINS_DIET_NO_PORK, N_("No pork") },
  { VOISINS_DIET_DIABETIC, N_("Diabetic") },
  { VOISINS_DIET_GLUTEN_FREE, N_("Gluten-free") },
};

static guint
checked_bits (GtkCheckButton **checks,
              guint            n)
{
  guint bits = 0;

  for (guint i = 0; i < n; i++)
    if (checks[i] != NULL && gtk_check_button_get_active (checks[i]))
      bits |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (checks[i]), "voisins-bit"));
  return bits;
}

/* "fr, PT ; ar" -> "fr,pt,ar" */
static char *
normalize_languages (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",; ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *code = g_ascii_strdown (g_strstrip (parts[i]), -1);

      if (*code == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, code);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
get_notes (VoisinsHolidayIntakeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *notes = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  /* Members' consent fields cannot be changed from the app yet: the phone consent for the
   * holiday table is kept in the entry's notes, dated. */
  if (!self->host && gtk_check_button_get_active (self->consent_check))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *line = NULL;

      /* TRANSLATORS: written in a guest's notes; %s is the date, 2024-12-10 */
      line = g_strdup_printf (_("Consent given by phone on %s."), date);
      if (*notes == '\0')
        return g_steal_pointer (&line);
      return g_strdup_printf ("%s\n%s", notes, line);
    }
  return g_steal_pointer (&notes);
}

static VoisinsMember *
get_member (VoisinsHolidayIntakeDialog *self)
{
  return gtk_drop_down_get_selected_item (self->member_dropdown);
}

/* The same rules (and words) as the store, before a round trip. */
static gboolean
validate (VoisinsHolidayIntakeDialog  *self,
          GError                     **error)
{
  if (get_member (self) == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           self->host ? _("Choose the neighbour who hosts the meal.")
                                      : _("Choose the neighbour who would like a table."));
      return FALSE;
    }
  if (checked_bits (self->slot_checks, N_SLOTS) == 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Choose at least one meal"));
      return FALSE;
    }
  if (!self->host && !gtk_check_button_get_active (self->consent_check))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Ask the neighbour’s consent first, then tick “Consent given by phone”."));
      return FALSE;
    }

  /* The codec's limits (docs/api.md), said here before the store refuses them. */
  {
    g_autofree char *languages = NULL;
    g_autofree char *notes = NULL;

    languages = normalize_languages (gtk_editable_get_text (GTK_EDITABLE (self->languages_row)));
    if (g_utf8_strlen (languages, -1) > VOISINS_LANGUAGES_MAX)
      {
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                     _("The languages are too long: at most %d characters."),
                     VOISINS_LANGUAGES_MAX);
        return FALSE;
      }
    notes = get_notes (self);
    if (g_utf8_strlen (notes, -1) > VOISINS_NOTES_MAX)
      {
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                     _("The notes are too long: at most %d characters."), VOISINS_NOTES_MAX);
        return FALSE;
      }
  }
  return TRUE;
}

static void
show_error (VoisinsHolidayIntakeDialog *self,
            const char                 *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
revalidate (VoisinsHolidayIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->show_errors)
    return;
  show_error (self, validate (self, &error) ? NULL : error->message);
}

static void
on_field_changed (VoisinsHolidayIntakeDialog *self)
{
  revalidate (self);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VoisinsHolidayIntakeDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (!voisins_store_save_holiday_person_finish (VOISINS_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s is the reason, from the database */
      message = g_strdup_printf (_("Could not save: %s"), error->message);
      show_error (self, message);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
voisins_holiday_intake_dialog_save (VoisinsHolidayIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  VoisinsHolidayHost *h = NULL;
  VoisinsHolidayGuest *g = NULL;
  VoisinsMember *member;
  g_autofree char *languages = NULL;

  g_return_if_fail (VOISINS_IS_HOLIDAY_INTAKE_DIALOG (self));

  if (self->saving)
    return;
  self->show_errors = TRUE;
  if (!validate (self, &error))
    {
      show_error (self, error->message);
      return;
    }

  member = get_member (self);
  languages = normalize_languages (gtk_editable_get_text (GTK_EDITABLE (self->languages_row)));
  if (self->host)
    {
      h = g_new0 (VoisinsHolidayHost, 1);

      h->association_id = g_strdup (self->association_id);
      h->member_id = g_strdup (voisins_member_get_id (member));
      h->slots = checked_bits (self->slot_checks, N_SLOTS);
      h->seats = gtk_spin_button_get_value_as_int (self->seats_spin);
      h->step_free = gtk_check_button_get_active (self->step_free_check);
      h->pets = gtk_check_button_get_active (self->pets_check);
      h->diets = checked_bits (self->diet_checks, N_DIETS);
      h->languages = g_steal_pointer (&languages);
      h->alcohol_free = gtk_check_button_get_active (self->alcohol_free_check);
      h->children = gtk_check_button_get_active (self->children_check);
      h->can_fetch = gtk_check_button_get_active (self->can_fetch_check);
      h->notes = get_notes (self);
    }
  else
    {
      g = g_new0 (VoisinsHolidayGuest, 1);

      g->association_id = g_strdup (self->association_id);
      g->member_id = g_strdup (voisins_member_get_id (member));
      g->slots = checked_bits (self->slot_checks, N_SLOTS);
      g->no_stairs = gtk_check_button_get_active (self->no_stairs_check);
      g->diets = checked_bits (self->diet_checks, N_DIETS);
      g->languages = g_steal_pointer (&languages);
      g->pet_allergy = gtk_check_button_get_active (self->pet_allergy_check);
      g->needs_fetch = gtk_check_button_get_active (self->needs_fetch_check);
      g->wants_quiet = gtk_check_button_get_active (self->wants_quiet_check);
      g->notes = get_notes (self);
    }

  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  voisins_store_save_holiday_person_async (self->store, h, g, self->cancellable, save_cb,
                                           g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  voisins_holiday_intake_dialog_save (VOISINS_HOLIDAY_INTAKE_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static GtkCheckButton *
add_check_row (AdwPreferencesGroup        *group,
               const char                 *title,
               guint                       bit,
               VoisinsHolidayIntakeDialog *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (check), "voisins-bit", GUINT_TO_POINTER (bit));
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (group, row);
  return GTK_CHECK_BUTTON (check);
}

static void
voisins_holiday_intake_dialog_dispose (GObject *object)
{
  VoisinsHolidayIntakeDialog *self = (VoisinsHolidayIntakeDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG);

  G_OBJECT_CLASS (voisins_holiday_intake_dialog_parent_class)->dispose (object);
}

static void
voisins_holiday_intake_dialog_finalize (GObject *object)
{
  VoisinsHolidayIntakeDialog *self = (VoisinsHolidayIntakeDialog *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->members);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->association_id, g_free);

  G_OBJECT_CLASS (voisins_holiday_intake_dialog_parent_class)->finalize (object);
}

static void
on_add_member_clicked (VoisinsHolidayIntakeDialog *self)
{
  g_signal_emit (self, signals [ADD_MEMBER], 0, self->member_dropdown);
}

static void
voisins_holiday_intake_dialog_class_init (VoisinsHolidayIntakeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_holiday_intake_dialog_dispose;
  object_class->finalize = voisins_holiday_intake_dialog_finalize;

  signals [SAVED] = g_signal_new ("saved",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  /* "Add a neighbour…" beside the neighbour: the window opens the member editor, then
   * chooses her in @dropdown (voisins_ui_member_drop_down_select ()). */
  signals [ADD_MEMBER] = g_signal_new ("add-member",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, GTK_TYPE_DROP_DOWN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-holiday-intake-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, alcohol_free_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, can_fetch_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, children_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, consent_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, consent_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, diets_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, guest_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, host_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, languages_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, needs_fetch_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, no_stairs_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, pet_allergy_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, pets_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, seats_spin);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, slots_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, step_free_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, wants_quiet_check);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayIntakeDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_add_member_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_install_action (widget_class, "intake.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "intake.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "intake.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "intake.save", NULL);
}

static void
voisins_holiday_intake_dialog_init (VoisinsHolidayIntakeDialog *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  expression = voisins_ui_member_name_expression ();
  gtk_drop_down_set_expression (self->member_dropdown, expression);
}

VoisinsHolidayIntakeDialog *
voisins_holiday_intake_dialog_new (GtkWindow    *parent,
                                   VoisinsStore *store,
                                   const char   *association_id,
                                   GListModel   *members,
                                   gboolean      host)
{
  VoisinsHolidayIntakeDialog *self;
  g_autoptr(VoisinsHolidayCampaign) campaign = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = NULL;
  g_autofree char *consent = NULL;
  const char *title;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (members), NULL);

  self = g_object_new (VOISINS_TYPE_HOLIDAY_INTAKE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  self->association_id = g_strdup (association_id);
  self->members = g_object_ref (members);
  self->host = host;

  voisins_ui_member_drop_down_track (self->member_dropdown, members);

  title = host ? _("New Host") : _("New Guest");
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, _("Holiday table"));
  gtk_window_set_title (GTK_WINDOW (self), title);

  adw_preferences_group_set_title (self->slots_group, host ? _("Meals They Can Host")
                                                           : _("Meals They Would Like"));
  campaign = voisins_holiday_campaign_new_default (
    voisins_holiday_campaign_year (g_get_real_time () / G_USEC_PER_SEC));
  for (guint i = 0; i < campaign->slots->len && i < N_SLOTS; i++)
    {
      VoisinsHolidaySlotInfo *info = &g_array_index (campaign->slots, VoisinsHolidaySlotInfo, i);

      self->slot_checks[i] = add_check_row (self->slots_group, info->label, info->slot, self);
    }

  adw_preferences_group_set_title (self->diets_group, host ? _("Diets They Can Cook")
                                                           : _("Diet"));
  for (guint i = 0; i < N_DIETS; i++)
    self->diet_checks[i] = add_check_row (self->diets_group, _(diet_labels[i].label),
                                          diet_labels[i].bit, self);

  gtk_widget_set_visible (GTK_WIDGET (self->host_group), host);
  gtk_widget_set_visible (GTK_WIDGET (self->guest_group), !host);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_group), !host);

  today = g_date_time_format (now, _("%A %-d %B %Y"));
  /* TRANSLATORS: a check button; %s is today's date */
  consent = g_strdup_printf (_("Consent given by phone on %s"), today);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (
                                   GTK_WIDGET (self->consent_check), ADW_TYPE_ACTION_ROW)),
                                 consent);

  /* The dialog starts on its first field, the neighbour (not on Cancel). */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->member_dropdown));

  return self;
}

GtkCheckButton *
voisins_holiday_intake_dialog_get_slot_check (VoisinsHolidayIntakeDialog *self,
                                              guint                       slot)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_INTAKE_DIALOG (self), NULL);

  for (guint i = 0; i < N_SLOTS; i++)
    if (self->slot_checks[i] != NULL &&
        GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self->slot_checks[i]), "voisins-bit")) == slot)
      return self->slot_checks[i];
  return NULL;
}

GtkCheckButton *
voisins_holiday_intake_dialog_get_diet_check (VoisinsHolidayIntakeDialog *self,
                                              guint                       diet)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_INTAKE_DIALOG (self), NULL);

  for (guint i = 0; i < N_DIETS; i++)
    if (diet_labels[i].bit == diet)
      return self->diet_checks[i];
  return NULL;
}
