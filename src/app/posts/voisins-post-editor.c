/* voisins-post-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-post-editor.h"
#include "voisins-store-async.h"
#include "voisins-ui-util.h"

struct _VoisinsPostEditor
{
  AdwWindow      parent_instance;

  VoisinsStore  *store;
  char          *association_id;
  GListModel    *members;
  VoisinsPost   *post;          /* NULL for a new post */
  gint64         starts_at;
  gint64         ends_at;
  gboolean       show_errors;
  gboolean       saving;
  VoisinsPost   *saving_post;   /* what the worker is writing */
  GCancellable  *cancellable;

  /* template children */
  GtkLabel      *body_error;
  GtkTextView   *body_view;
  GtkSpinButton *capacity_spin;
  AdwPreferencesGroup *event_group;
  AdwEntryRow   *place_row;
  AdwComboRow   *repeat_row;
  char          *other_rrule;   /* a rule the repeat choices do not say, kept as it was */
  AdwComboRow   *category_row;
  GtkLabel      *error_label;
  GtkCalendar   *ends_calendar;
  GtkMenuButton *ends_button;
  GtkSpinButton *ends_hour;
  GtkSpinButton *ends_minute;
  AdwActionRow  *ends_row;
  AdwComboRow   *kind_row;
  GtkDropDown   *member_dropdown;
  GtkLabel      *member_error;
  AdwActionRow  *member_row;
  GtkButton     *save_button;
  GtkCalendar   *starts_calendar;
  GtkMenuButton *starts_button;
  GtkSpinButton *starts_hour;
  GtkSpinButton *starts_minute;
  GtkLabel      *title_error;
  AdwEntryRow   *title_row;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (VoisinsPostEditor, voisins_post_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  ADD_MEMBER,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* {{{ repetition: a few choices a person says, as RRULE values */

#define N_REPEATS 7 /* none, weekly, the 1st..4th and the last weekday of the month */

/* The RRULE of choice @i for an event starting at @starts_at (NULL: none). */
static char *
repeat_rrule (guint  i,
              gint64 starts_at)
{
  static const char *days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
  static const int nth[] = { 1, 2, 3, 4, -1 };
  g_autoptr(GDateTime) dt = NULL;
  const char *day;

  if (i == 0 || i >= N_REPEATS || starts_at <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (starts_at);
  day = days[g_date_time_get_day_of_week (dt) - 1];
  if (i == 1)
    return g_strdup_printf ("FREQ=WEEKLY;BYDAY=%s", day);
  return g_strdup_printf ("FREQ=MONTHLY;BYDAY=%d%s", nth[i - 2], day);
}

/* The choices, in the words of the start's weekday ("Every week on Sunday"). */
static void
update_repeat_choices (VoisinsPostEditor *self)
{
  static const char *ordinals[] = { N_("first"), N_("second"), N_("third"), N_("fourth"),
                                    N_("last") };
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *weekday = NULL;
  guint selected = adw_combo_row_get_selected (self->repeat_row);

  if (self->starts_at > 0)
    {
      dt = g_date_time_new_from_unix_local (self->starts_at);
      weekday = g_date_time_format (dt, "%A");
    }
  gtk_string_list_append (choices, _("Does not repeat"));
  if (weekday == NULL)
    {
      gtk_string_list_append (choices, _("Every week (choose the first date above)"));
      for (guint i = 0; i < G_N_ELEMENTS (ordinals); i++)
        gtk_string_list_append (choices, _("Once a month (choose the first date above)"));
    }
  else
    {
      g_autofree char *weekly = NULL;

      /* TRANSLATORS: a repetition, "Every week on Sunday" */
      weekly = g_strdup_printf (_("Every week on %s"), weekday);
      gtk_string_list_append (choices, weekly);
      for (guint i = 0; i < G_N_ELEMENTS (ordinals); i++)
        {
          /* TRANSLATORS: a repetition, "The first Tuesday of the month" */
          g_autofree char *monthly = g_strdup_printf (_("The %s %s of the month"),
                                                      _(ordinals[i]), weekday);

          gtk_string_list_append (choices, monthly);
        }
    }
  if (self->other_rrule != NULL)
    gtk_string_list_append (choices, self->other_rrule);
  adw_combo_row_set_model (self->repeat_row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (self->repeat_row,
                              selected < g_list_model_get_n_items (G_LIST_MODEL (choices))
                                ? selected : 0);
}

static void
update_event_group (VoisinsPostEditor *self)
{
  guint category = adw_combo_row_get_selected (self->category_row);

  gtk_widget_set_visible (GTK_WIDGET (self->event_group),
                          category == VOISINS_CATEGORY_EVENT || category == VOISINS_CATEGORY_GROUP);
}

/* The post's place, capacity and rule into the form. */
static void
load_event_fields (VoisinsPostEditor *self,
                   VoisinsPost       *post)
{
  const char *rrule = voisins_post_get_rrule (post);
  guint selected = 0;

  gtk_editable_set_text (GTK_EDITABLE (self->place_row),
                         voisins_post_get_place (post) ? voisins_post_get_place (post) : "");
  gtk_spin_button_set_value (self->capacity_spin, voisins_post_get_capacity (post));
  for (guint i = 1; rrule && i < N_REPEATS; i++)
    {
      g_autofree char *candidate = repeat_rrule (i, voisins_post_get_starts_at (post));

      if (g_strcmp0 (candidate, rrule) == 0)
        selected = i;
    }
  if (rrule && *rrule && selected == 0)
    {
      self->other_rrule = g_strdup (rrule);
      selected = N_REPEATS;
    }
  update_repeat_choices (self);
  adw_combo_row_set_selected (self->repeat_row, selected);
}

static void
build_event_fields (VoisinsPostEditor *self,
                    VoisinsPost       *post)
{
  guint category = adw_combo_row_get_selected (self->category_row);
  guint choice = adw_combo_row_get_selected (self->repeat_row);
  g_autofree char *place = NULL;
  g_autofree char *rrule = NULL;

  if (category != VOISINS_CATEGORY_EVENT && category != VOISINS_CATEGORY_GROUP)
    {
      voisins_post_set_place (post, NULL);
      voisins_post_set_capacity (post, 0);
      voisins_post_set_rrule (post, NULL);
      return;
    }
  place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place_row))));
  voisins_post_set_place (post, *place ? place : NULL);
  voisins_post_set_capacity (post, gtk_spin_button_get_value_as_int (self->capacity_spin));
  rrule = choice == N_REPEATS ? g_strdup (self->other_rrule)
                              : repeat_rrule (choice, self->starts_at);
  /* A repetition chosen before a date: said by the codec ("choose the first date"). */
  if (rrule == NULL && choice != 0 && choice < N_REPEATS)
    rrule = g_strdup ("FREQ=WEEKLY");
  voisins_post_set_rrule (post, rrule);
}

/* }}} */

static void
update_date_buttons (VoisinsPostEditor *self)
{
  g_autofree char *starts = voisins_ui_long_date_time (self->starts_at);
  g_autofree char *ends = voisins_ui_long_date_time (self->ends_at);

  gtk_menu_button_set_label (self->starts_button, *starts ? starts : _("No date"));
  gtk_menu_button_set_label (self->ends_button, *ends ? ends : _("No date"));
  update_repeat_choices (self);
}

static VoisinsMember *
get_selected_member (VoisinsPostEditor *self)
{
  return gtk_drop_down_get_selected_item (self->member_dropdown);
}

/* The post as the form has it now: a copy of the edited post, or a new one. */
static VoisinsPost *
build_post (VoisinsPostEditor *self)
{
  g_autoptr(VoisinsPost) post = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;
  VoisinsMember *member;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  post = self->post ? voisins_post_copy (self->post) : voisins_post_new ();

  if (self->post == NULL)
    voisins_post_set_association_id (post, self->association_id);

  member = get_selected_member (self);
  if (member != NULL)
    {
      g_autofree char *short_name = voisins_ui_member_short_name (member);

      voisins_post_set_author_id (post, voisins_member_get_id (member));
      voisins_post_set_author_name (post, short_name);
      voisins_post_set_latitude (post, voisins_member_get_approx_latitude (member));
      voisins_post_set_longitude (post, voisins_member_get_approx_longitude (member));
    }

  voisins_post_set_kind (post, adw_combo_row_get_selected (self->kind_row) == 1
                               ? VOISINS_POST_KIND_OFFER : VOISINS_POST_KIND_REQUEST);
  voisins_post_set_category (post, MIN (adw_combo_row_get_selected (self->category_row),
                                        VOISINS_N_CATEGORIES - 1));

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  voisins_post_set_title (post, title);

  buffer = gtk_text_view_get_buffer (self->body_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  voisins_post_set_body (post, body);

  voisins_post_set_starts_at (post, self->starts_at);
  voisins_post_set_ends_at (post, self->ends_at);
  build_event_fields (self, post);

  return g_steal_pointer (&post);
}

static void
show_error (VoisinsPostEditor *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Each message is a row of its own under its field (as in the member editor), or a line
 * under the description's frame. */
static void
field_error (GtkLabel   *label,
             GtkWidget  *field,
             const char *message)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (label));

  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (ADW_IS_PREFERENCES_ROW (parent) ? parent : GTK_WIDGET (label),
                          message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

/* The messages below spell the limits out for the translators. */
G_STATIC_ASSERT (VOISINS_TITLE_MAX == 120);
G_STATIC_ASSERT (VOISINS_BODY_MAX == 4000);

/* Every problem of the form, each beside its field; returns the widget to focus for the first
 * one, or NULL when the post can be saved. */
static GtkWidget *
check_form (VoisinsPostEditor *self,
            VoisinsPost       *post)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *first = NULL;
  const char *title = voisins_post_get_title (post);
  const char *body = voisins_post_get_body (post);
  glong title_len = title ? g_utf8_strlen (title, -1) : 0;
  const char *message;

#define PROBLEM(label, row, focus, message)                    \
  G_STMT_START {                                               \
    const char *msg_ = (message);                              \
    field_error (label, GTK_WIDGET (row), msg_);               \
    if (msg_ != NULL && first == NULL)                         \
      first = GTK_WIDGET (focus);                              \
  } G_STMT_END

  PROBLEM (self->member_error, self->member_row, self->member_dropdown,
           get_selected_member (self) == NULL
             ? _("Choose the neighbour this post is for.") : NULL);

  if (title == NULL || title_len == 0)
    message = _("Give the post a title.");
  else if (title_len < 3)
    message = _("The title is too short: write at least 3 characters.");
  else if (title_len > VOISINS_TITLE_MAX)
    message = _("The title is too long: at most 120 characters.");
  else
    message = NULL;
  PROBLEM (self->title_error, self->title_row, self->title_row, message);

  PROBLEM (self->body_error, self->body_view, self->body_view,
           body != NULL && g_utf8_strlen (body, -1) > VOISINS_BODY_MAX
               ? _("The description is too long: at most 4000 characters.")
               : NULL);

#undef PROBLEM

  /* In the row itself, under "Ends": a row below would sit out of sight beside the focus. */
  message = self->ends_at != 0 && self->starts_at != 0 && self->ends_at < self->starts_at
                ? _("The end is before the start.")
                : NULL;
  adw_action_row_set_subtitle (self->ends_row, message);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ends_row), "error");
      if (first == NULL)
        first = GTK_WIDGET (self->ends_button);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->ends_row), "error");

  /* Anything else the shared checks refuse (characters not allowed...): under the title. */
  if (first == NULL && !voisins_post_validate (post, &error))
    {
      field_error (self->title_error, GTK_WIDGET (self->title_row), error->message);
      first = GTK_WIDGET (self->title_row);
    }

  return first;
}

static void
revalidate (VoisinsPostEditor *self)
{
  g_autoptr(VoisinsPost) post = NULL;

  if (!self->show_errors)
    return;

  post = build_post (self);
  check_form (self, post);
}

static void
on_field_changed (VoisinsPostEditor *self)
{
  revalidate (self);
}

static void
on_add_member_clicked (VoisinsPostEditor *self)
{
  g_signal_emit (self, signals [ADD_MEMBER], 0, self->member_dropdown);
}

static gint64
calendar_get_unix (GtkCalendar   *calendar,
                   GtkSpinButton *hour,
                   GtkSpinButton *minute)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) at = NULL;

  at = g_date_time_new_local (g_date_time_get_year (date),
                              g_date_time_get_month (date),
                              g_date_time_get_day_of_month (date),
                              gtk_spin_button_get_value_as_int (hour),
                              gtk_spin_button_get_value_as_int (minute), 0);
  return g_date_time_to_unix (at);
}

static void
set_time_spins (GtkSpinButton *hour,
                GtkSpinButton *minute,
                gint64         unix_time,
                int            default_hour)
{
  g_autoptr(GDateTime) dt = unix_time > 0 ? g_date_time_new_from_unix_local (unix_time) : NULL;

  gtk_spin_button_set_value (hour, dt ? g_date_time_get_hour (dt) : default_hour);
  gtk_spin_button_set_value (minute, dt ? g_date_time_get_minute (dt) : 0);
}

static void
on_starts_day_selected (VoisinsPostEditor *self)
{
  self->starts_at = calendar_get_unix (self->starts_calendar, self->starts_hour,
                                       self->starts_minute);
  update_date_buttons (self);
  revalidate (self);
}

static void
on_ends_day_selected (VoisinsPostEditor *self)
{
  self->ends_at = calendar_get_unix (self->ends_calendar, self->ends_hour, self->ends_minute);
  update_date_buttons (self);
  revalidate (self);
}

/* The time of day, under the calendar: changes a date already chosen, and picks today's
 * when none was. */
static void
on_time_changed (VoisinsPostEditor *self,
                 GtkSpinButton     *spin)
{
  if (spin == self->starts_hour || spin == self->starts_minute)
    on_starts_day_selected (self);
  else
    on_ends_day_selected (self);
}

static void
on_starts_clear (VoisinsPostEditor *self)
{
  self->starts_at = 0;
  update_date_buttons (self);
  gtk_menu_button_popdown (self->starts_button);
  revalidate (self);
}

static void
on_ends_clear (VoisinsPostEditor *self)
{
  self->ends_at = 0;
  update_date_buttons (self);
  gtk_menu_button_popdown (self->ends_button);
  revalidate (self);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VoisinsPostEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean created = self->post == NULL;

  if (!voisins_store_save_post_finish (VOISINS_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->saving = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      /* TRANSLATORS: %s is the reason, from the database */
      message = g_strdup_printf (_("The post could not be saved: %s"), error->message);
      show_error (self, message);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, self->saving_post, created);
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
voisins_post_editor_save (VoisinsPostEditor *self)
{
  g_autoptr(VoisinsPost) post = NULL;
  GtkWidget *problem;

  g_return_val_if_fail (VOISINS_IS_POST_EDITOR (self), FALSE);

  if (self->saving)
    return TRUE;

  self->show_errors = TRUE;
  post = build_post (self);

  problem = check_form (self, post);
  if (problem != NULL)
    {
      gtk_widget_grab_focus (problem);
      return FALSE;
    }

  /* Written in the core's worker, never on the main thread; "saved" follows. */
  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  g_set_object (&self->saving_post, post);
  voisins_store_save_post_async (self->store, post, self->post == NULL, self->cancellable,
                                 save_cb, g_object_ref (self));

  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  voisins_post_editor_save (VOISINS_POST_EDITOR (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
voisins_post_editor_dispose (GObject *object)
{
  VoisinsPostEditor *self = (VoisinsPostEditor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_POST_EDITOR);

  G_OBJECT_CLASS (voisins_post_editor_parent_class)->dispose (object);
}

static void
voisins_post_editor_finalize (GObject *object)
{
  VoisinsPostEditor *self = (VoisinsPostEditor *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->members);
  g_clear_object (&self->post);
  g_clear_object (&self->saving_post);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->other_rrule, g_free);

  G_OBJECT_CLASS (voisins_post_editor_parent_class)->finalize (object);
}

static void
voisins_post_editor_class_init (VoisinsPostEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_post_editor_dispose;
  object_class->finalize = voisins_post_editor_finalize;

  signals [SAVED] = g_signal_new ("saved",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, VOISINS_TYPE_POST, G_TYPE_BOOLEAN);
  /* "Add a neighbour…" beside "for whom": the window opens the member editor, then
   * chooses her here (voisins_ui_member_drop_down_select ()). */
  signals [ADD_MEMBER] = g_signal_new ("add-member",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, GTK_TYPE_DROP_DOWN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-post-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, event_group);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, place_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, ends_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, ends_calendar);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, starts_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, starts_calendar);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, body_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, ends_hour);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, ends_minute);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, ends_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, member_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, member_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, starts_hour);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, starts_minute);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, title_error);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostEditor, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_add_member_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ends_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_ends_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_starts_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_starts_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_time_changed);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
voisins_post_editor_init (VoisinsPostEditor *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
    gtk_string_list_append (categories, voisins_ui_category_label (i));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  g_signal_connect_swapped (self->category_row, "notify::selected",
                            G_CALLBACK (update_event_group), self);

  expression = voisins_ui_member_name_expression ();
  gtk_drop_down_set_expression (self->member_dropdown, expression);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (on_field_changed), self);
}

static guint
find_member (GListModel *members,
             const char *id)
{
  guint n = g_list_model_get_n_items (members);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(VoisinsMember) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (voisins_member_get_id (member), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

VoisinsPostEditor *
voisins_post_editor_new (GtkWindow    *parent,
                         VoisinsStore *store,
                         const char   *association_id,
                         GListModel   *members,
                         VoisinsPost  *post)
{
  VoisinsPostEditor *self;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (members), NULL);

  self = g_object_new (VOISINS_TYPE_POST_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  self->association_id = g_strdup (association_id);
  self->members = g_object_ref (members);
  self->post = post ? g_object_ref (post) : NULL;

  voisins_ui_member_drop_down_track (self->member_dropdown, members);

  if (post != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Post"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Post"));
      gtk_drop_down_set_selected (self->member_dropdown,
                                  find_member (members, voisins_post_get_author_id (post)));
      adw_combo_row_set_selected (self->kind_row,
                                  voisins_post_get_kind (post) == VOISINS_POST_KIND_OFFER);
      adw_combo_row_set_selected (self->category_row, voisins_post_get_category (post));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), voisins_post_get_title (post));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                                voisins_post_get_body (post) ? voisins_post_get_body (post) : "",
                                -1);
      self->starts_at = voisins_post_get_starts_at (post);
      self->ends_at = voisins_post_get_ends_at (post);
      load_event_fields (self, post);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Post"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Post"));
    }

  /* Before a date is chosen: the morning for a start, the evening for an end. */
  g_signal_handlers_block_by_func (self->starts_hour, on_time_changed, self);
  g_signal_handlers_block_by_func (self->starts_minute, on_time_changed, self);
  g_signal_handlers_block_by_func (self->ends_hour, on_time_changed, self);
  g_signal_handlers_block_by_func (self->ends_minute, on_time_changed, self);
  set_time_spins (self->starts_hour, self->starts_minute, self->starts_at, 9);
  set_time_spins (self->ends_hour, self->ends_minute, self->ends_at, 20);
  g_signal_handlers_unblock_by_func (self->starts_hour, on_time_changed, self);
  g_signal_handlers_unblock_by_func (self->starts_minute, on_time_changed, self);
  g_signal_handlers_unblock_by_func (self->ends_hour, on_time_changed, self);
  g_signal_handlers_unblock_by_func (self->ends_minute, on_time_changed, self);
  update_date_buttons (self);
  update_event_group (self);

  return self;
}

void
voisins_post_editor_select_member (VoisinsPostEditor *self,
                                   const char        *member_id)
{
  g_return_if_fail (VOISINS_IS_POST_EDITOR (self));

  voisins_ui_member_drop_down_select (self->member_dropdown, member_id);
}
