/* voisins-event-people.c: who comes to an event or belongs to a group, and its next meetings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own widget inside the post's detail, so that the detail stays about the post. A
 * volunteer adds neighbours (those with no internet too: she is the one who tells them),
 * records each answer as they give it on the phone, and cancels or moves one meeting of a
 * repeating event. Every change goes through the store's async calls and the outbox; what
 * the server refuses comes back as a sync notice, like any other change.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "voisins-event-people.h"
#include "voisins-ui-util.h"

struct _VoisinsEventPeople
{
  GtkWidget parent_instance;

  /* template children */
  GtkMenuButton  *add_button;
  GtkPopover     *add_popover;
  GtkLabel       *full_label;
  GtkLabel       *heading_label;
  GtkListBox     *members_list;
  GtkLabel       *next_heading;
  GtkListBox     *next_list;
  GtkListBox     *people_list;
  GtkLabel       *repeat_label;
  GtkSearchEntry *search_entry;
  GtkLabel       *summary_label;

  /* owned */
  VoisinsStore *store;
  VoisinsPost  *post;
  GCancellable *cancellable;
  GCancellable *search_cancellable;
  GHashTable   *listed; /* member ids on the list */

  /* plain state */
  gboolean full;
};

G_DEFINE_FINAL_TYPE (VoisinsEventPeople, voisins_event_people, GTK_TYPE_WIDGET)

static void reload (VoisinsEventPeople *self);

/* {{{ helpers */

static gboolean
is_group (VoisinsEventPeople *self)
{
  return self->post && voisins_post_get_category (self->post) == VOISINS_CATEGORY_GROUP;
}

/* The answers offered for an event, or for a group (its members first). */
static const char *const *
answers (VoisinsEventPeople *self)
{
  static const char *const event_answers[] = { "coming", "maybe", "no", NULL };
  static const char *const group_answers[] = { "member", "coming", "maybe", "no", NULL };

  return is_group (self) ? group_answers : event_answers;
}

static const char *
answer_label (const char *answer)
{
  if (g_strcmp0 (answer, "coming") == 0)
    return _ ("Coming");
  if (g_strcmp0 (answer, "maybe") == 0)
    return _ ("Maybe");
  if (g_strcmp0 (answer, "member") == 0)
    return _ ("Member");
  return _ ("Not coming");
}

static void
toast (VoisinsEventPeople *self, const char *message)
{
  voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static void
remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "Every week on Sunday", "The first Tuesday of the month", or the rule itself. */
static char *
describe_rrule (const char *rrule, gint64 starts_at)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (starts_at);
  g_autofree char *weekday = dt ? g_date_time_format (dt, "%A") : g_strdup ("");
  g_autofree char *time = dt ? g_date_time_format (dt, "%H:%M") : g_strdup ("");

  if (rrule == NULL || *rrule == '\0')
    return NULL;
  if (g_str_has_prefix (rrule, "FREQ=WEEKLY"))
    /* TRANSLATORS: "Every week on Sunday, at 10:00" */
    return g_strdup_printf (_ ("Every week on %s, at %s"), weekday, time);
  if (g_str_has_prefix (rrule, "FREQ=MONTHLY;BYDAY="))
    {
      static const char *ordinals[] = { N_ ("first"), N_ ("second"), N_ ("third"), N_ ("fourth") };
      int                n = atoi (rrule + strlen ("FREQ=MONTHLY;BYDAY="));

      if (n == -1)
        /* TRANSLATORS: "The last Tuesday of the month, at 18:30" */
        return g_strdup_printf (_ ("The last %s of the month, at %s"), weekday, time);
      if (n >= 1 && n <= 4)
        /* TRANSLATORS: "The first Tuesday of the month, at 18:30" */
        return g_strdup_printf (_ ("The %s %s of the month, at %s"), _ (ordinals[n - 1]), weekday,
                                time);
    }
  return g_strdup (rrule);
}

/* }}} */
/* {{{ changes */

static void
change_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsEventPeople) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!voisins_store_change_event_finish (VOISINS_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
    }
  reload (self);
}

static void
change (VoisinsEventPeople *self, const VoisinsEventChange *c)
{
  if (self->store == NULL)
    return;
  voisins_store_change_event_async (self->store, c, self->cancellable, change_done_cb,
                                    g_object_ref (self));
}

static void
answer_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, VoisinsEventPeople *self)
{
  const char *const *list = answers (self);
  guint              selected = gtk_drop_down_get_selected (dropdown);
  VoisinsEventChange c = { VOISINS_EVENT_CHANGE_ANSWER };

  if (selected >= g_strv_length ((char **) list))
    return;
  c.participant_id = g_object_get_data (G_OBJECT (dropdown), "participant-id");
  c.answer = (char *) list[selected];
  change (self, &c);
}

static void
remove_clicked_cb (GtkButton *button, VoisinsEventPeople *self)
{
  VoisinsEventChange c = { VOISINS_EVENT_CHANGE_REMOVE };

  c.participant_id = g_object_get_data (G_OBJECT (button), "participant-id");
  change (self, &c);
}

static void
occurrence_clicked_cb (GtkButton *button, VoisinsEventPeople *self)
{
  VoisinsEventChange c = { VOISINS_EVENT_CHANGE_OCCURRENCE };

  c.post_id = (char *) voisins_post_get_id (self->post);
  c.original_start = *(gint64 *) g_object_get_data (G_OBJECT (button), "original-start");
  c.state = g_object_get_data (G_OBJECT (button), "state");
  change (self, &c);
}

typedef struct
{
  VoisinsEventPeople *self;
  gint64              original_start;
  gint64              duration;
  GtkCalendar        *calendar;
  GtkSpinButton      *hour;
  GtkSpinButton      *minute;
} MoveDialog;

static void
move_dialog_free (MoveDialog *m)
{
  g_object_unref (m->self);
  g_free (m);
}

static void
move_response_cb (AdwMessageDialog *dialog, const char *response, MoveDialog *m)
{
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) when = NULL;
  VoisinsEventChange c = { VOISINS_EVENT_CHANGE_OCCURRENCE };

  if (g_str_equal (response, "move") && m->self->post != NULL)
    {
      day = gtk_calendar_get_date (m->calendar);
      when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                    g_date_time_get_day_of_month (day),
                                    gtk_spin_button_get_value_as_int (m->hour),
                                    gtk_spin_button_get_value_as_int (m->minute), 0);
      c.post_id = (char *) voisins_post_get_id (m->self->post);
      c.original_start = m->original_start;
      c.state = (char *) "moved";
      c.starts_at = g_date_time_to_unix (when);
      c.ends_at = m->duration > 0 ? c.starts_at + m->duration : 0;
      change (m->self, &c);
    }
}

static void
move_clicked_cb (GtkButton *button, VoisinsEventPeople *self)
{
  gint64 original = *(gint64 *) g_object_get_data (G_OBJECT (button), "original-start");
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (original);
  g_autofree char *date = voisins_ui_long_date_time (original);
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget       *time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  MoveDialog      *m = g_new0 (MoveDialog, 1);
  GtkWidget       *dialog;

  m->self = g_object_ref (self);
  m->original_start = original;
  m->duration =
      voisins_post_get_ends_at (self->post) > voisins_post_get_starts_at (self->post)
          ? voisins_post_get_ends_at (self->post) - voisins_post_get_starts_at (self->post)
          : 0;
  m->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_calendar_select_day (m->calendar, dt);
  m->hour = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 23, 1));
  m->minute = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 55, 5));
  gtk_spin_button_set_value (m->hour, g_date_time_get_hour (dt));
  gtk_spin_button_set_value (m->minute, g_date_time_get_minute (dt));
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->hour), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Hour"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->minute), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Minutes"), -1);
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (_ ("At")));
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (m->hour));
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (m->minute));
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (m->calendar));
  gtk_box_append (GTK_BOX (box), time_box);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _ ("Move This Meeting"), NULL);
  /* TRANSLATORS: the body of "Move This Meeting"; %s is its date */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _ ("Only the meeting of %s moves; the others stay as they are."),
                                  date);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Keep It"), "move",
                                    _ ("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  g_signal_connect_data (dialog, "response", G_CALLBACK (move_response_cb), m,
                         (GClosureNotify) move_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* }}} */
/* {{{ filling the lists */

static GtkWidget *
participant_row (VoisinsEventPeople *self, const VoisinsParticipant *p)
{
  const char *const *list = answers (self);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dropdown, *remove;
  guint      selected = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->display_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (p->no_internet)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("No internet: tell them by phone"));
  for (guint i = 0; list[i]; i++)
    {
      gtk_string_list_append (labels, answer_label (list[i]));
      if (g_strcmp0 (list[i], p->answer) == 0)
        selected = i;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  /* The same width on every row, whatever the answer: the column reads at a glance. */
  gtk_widget_set_size_request (dropdown, 140, -1);
  gtk_widget_set_tooltip_text (dropdown, _ ("Her answer"));
  g_object_set_data_full (G_OBJECT (dropdown), "participant-id", g_strdup (p->id), g_free);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (answer_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

  remove = gtk_button_new_with_mnemonic (_ ("_Remove"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Take her off the list"));
  g_object_set_data_full (G_OBJECT (remove), "participant-id", g_strdup (p->id), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static GtkWidget *
occurrence_button (VoisinsEventPeople      *self,
                   const VoisinsOccurrence *o,
                   const char              *label,
                   const char              *state,
                   GCallback                callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "original-start",
                          g_memdup2 (&o->original_start, sizeof (gint64)), g_free);
  g_object_set_data (G_OBJECT (button), "state", (gpointer) state);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
occurrence_row (VoisinsEventPeople *self, const VoisinsOccurrence *o)
{
  g_autofree char *date = voisins_ui_long_date_time (o->starts_at);
  GtkWidget       *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), date);
  if (g_str_equal (o->state, "scheduled"))
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 occurrence_button (self, o, _ ("_Cancel This One"), "cancelled",
                                                    G_CALLBACK (occurrence_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 occurrence_button (self, o, _ ("_Move This One…"), "moved",
                                                    G_CALLBACK (move_clicked_cb)));
      return row;
    }
  if (g_str_equal (o->state, "cancelled"))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _ ("Cancelled: this one will not take place"));
      gtk_widget_add_css_class (row, "occurrence-cancelled");
    }
  else
    {
      g_autofree char *was = voisins_ui_long_date_time (o->original_start);
      /* TRANSLATORS: a meeting moved from its usual date, %s the date it had */
      g_autofree char *subtitle = g_strdup_printf (_ ("Moved, instead of %s"), was);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  adw_action_row_add_suffix (
      ADW_ACTION_ROW (row),
      occurrence_button (self, o, _ ("_Put Back"), NULL, G_CALLBACK (occurrence_clicked_cb)));
  return row;
}

static void
fill (VoisinsEventPeople *self, VoisinsEventRoster *roster)
{
  gint64      capacity = voisins_post_get_capacity (self->post);
  const char *rrule = voisins_post_get_rrule (self->post);
  guint       coming = 0, maybe = 0, seats = 0;
  g_autoptr (GString) summary = g_string_new (NULL);

  remove_all (self->people_list);
  remove_all (self->next_list);
  g_hash_table_remove_all (self->listed);
  for (guint i = 0; i < roster->participants->len; i++)
    {
      const VoisinsParticipant *p = roster->participants->pdata[i];

      g_hash_table_add (self->listed, g_strdup (p->member_id));
      coming += g_str_equal (p->answer, "coming");
      maybe += g_str_equal (p->answer, "maybe");
      seats += voisins_participant_answer_takes_seat (p->answer);
      gtk_list_box_append (self->people_list, participant_row (self, p));
    }
  if (roster->participants->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     is_group (self) ? _ ("No members yet")
                                                     : _ ("Nobody has said yes yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->people_list, row);
    }

  if (is_group (self))
    g_string_append_printf (
        summary, g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", seats - coming),
        seats - coming);
  if (!is_group (self) || coming > 0)
    {
      if (summary->len)
        g_string_append (summary, " · ");
      g_string_append_printf (
          summary, g_dngettext (GETTEXT_PACKAGE, "%u coming", "%u coming", coming), coming);
    }
  if (maybe > 0 || !is_group (self))
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u maybe", "%u maybe", maybe),
                              maybe);
    }
  if (capacity > 0)
    {
      g_string_append (summary, " · ");
      /* TRANSLATORS: how many people the event takes, "capacity 20" */
      g_string_append_printf (summary, _ ("capacity %d"), (int) capacity);
    }
  gtk_label_set_label (self->summary_label, summary->str);
  self->full = capacity > 0 && seats >= capacity;
  gtk_widget_set_visible (GTK_WIDGET (self->full_label), self->full);

  gtk_widget_set_visible (GTK_WIDGET (self->next_heading), rrule != NULL && *rrule != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_label), rrule != NULL && *rrule != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->next_list), rrule != NULL && *rrule != '\0');
  if (rrule != NULL && *rrule != '\0')
    {
      g_autofree char *repeat = describe_rrule (rrule, voisins_post_get_starts_at (self->post));

      gtk_label_set_label (self->repeat_label, repeat);
      for (guint i = 0; i < roster->next->len; i++)
        gtk_list_box_append (self->next_list, occurrence_row (self, roster->next->pdata[i]));
    }
}

static void
load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsEventPeople) self = user_data;
  g_autoptr (VoisinsEventRoster) roster = NULL;
  g_autoptr (GError) error = NULL;

  roster = voisins_store_load_event_roster_finish (VOISINS_STORE (source), result, &error);
  if (roster == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (self->post != NULL)
    fill (self, roster);
}

static void
reload (VoisinsEventPeople *self)
{
  if (self->store == NULL || self->post == NULL)
    return;
  voisins_store_load_event_roster_async (self->store, voisins_post_get_id (self->post),
                                         self->cancellable, load_cb, g_object_ref (self));
}

/* }}} */
/* {{{ adding someone */

static void
members_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VoisinsEventPeople) self = user_data;
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GError) error = NULL;
  guint shown = 0;

  members = voisins_store_list_members_finish (VOISINS_STORE (source), result, &error);
  if (members == NULL)
    return;
  remove_all (self->members_list);
  for (guint i = 0; i < members->len && shown < 30; i++)
    {
      VoisinsMember   *member = members->pdata[i];
      g_autofree char *name = voisins_ui_member_short_name (member);
      gboolean   listed = g_hash_table_contains (self->listed, voisins_member_get_id (member));
      GtkWidget *row = adw_action_row_new ();

      if (voisins_member_get_erased_at (member) != 0)
        continue;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (listed)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Already on the list"));
      else if (voisins_member_get_no_internet (member))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("No internet"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !listed);
      gtk_widget_set_sensitive (row, !listed);
      g_object_set_data_full (G_OBJECT (row), "member-id",
                              g_strdup (voisins_member_get_id (member)), g_free);
      gtk_list_box_append (self->members_list, row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _ ("Nobody by that name: record her first in Neighbours"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->members_list, row);
    }
}

static void
search_changed_cb (VoisinsEventPeople *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->store == NULL || self->post == NULL)
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  voisins_store_list_members_async (self->store, voisins_post_get_association_id (self->post),
                                    text && *text ? text : NULL, self->search_cancellable,
                                    members_cb, g_object_ref (self));
}

static void
add_popover_show_cb (VoisinsEventPeople *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
member_activated_cb (VoisinsEventPeople *self, GtkListBoxRow *row)
{
  const char        *member_id = g_object_get_data (G_OBJECT (row), "member-id");
  VoisinsEventChange c = { VOISINS_EVENT_CHANGE_ADD };

  if (member_id == NULL || self->post == NULL || !gtk_list_box_row_get_activatable (row))
    return;
  c.post_id = (char *) voisins_post_get_id (self->post);
  c.member_id = (char *) member_id;
  /* Full: she is put down as a maybe, and told so. */
  c.answer = (char *) (self->full ? "maybe" : is_group (self) ? "member" : "coming");
  if (self->full)
    toast (self, _ ("The event is full: added as “maybe”"));
  gtk_popover_popdown (self->add_popover);
  change (self, &c);
}

/* }}} */
/* {{{ GObject */

static void
voisins_event_people_dispose (GObject *object)
{
  VoisinsEventPeople *self = (VoisinsEventPeople *) object;
  GtkWidget          *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_EVENT_PEOPLE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->post);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->listed, g_hash_table_unref);

  G_OBJECT_CLASS (voisins_event_people_parent_class)->dispose (object);
}

static void
voisins_event_people_class_init (VoisinsEventPeopleClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_event_people_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-event-people.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, add_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, add_popover);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, full_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, heading_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, members_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, next_heading);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, next_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, people_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, repeat_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VoisinsEventPeople, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventpeople");
}

static void
voisins_event_people_init (VoisinsEventPeople *self)
{
  self->cancellable = g_cancellable_new ();
  self->listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* }}} */
/* {{{ public */

GtkWidget *
voisins_event_people_new (void)
{
  return g_object_new (VOISINS_TYPE_EVENT_PEOPLE, NULL);
}

void
voisins_event_people_set_store (VoisinsEventPeople *self, VoisinsStore *store)
{
  g_return_if_fail (VOISINS_IS_EVENT_PEOPLE (self));
  g_return_if_fail (store == NULL || VOISINS_IS_STORE (store));

  g_set_object (&self->store, store);
  reload (self);
}

void
voisins_event_people_set_post (VoisinsEventPeople *self, VoisinsPost *post)
{
  gboolean shown;

  g_return_if_fail (VOISINS_IS_EVENT_PEOPLE (self));

  shown = post != NULL && (voisins_post_get_category (post) == VOISINS_CATEGORY_EVENT ||
                           voisins_post_get_category (post) == VOISINS_CATEGORY_GROUP);
  /* A new post: what was being loaded for the last one is not wanted any more. */
  if (self->post == NULL || post == NULL ||
      g_strcmp0 (voisins_post_get_id (self->post), voisins_post_get_id (post)) != 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  g_clear_object (&self->post);
  if (shown)
    self->post = g_object_ref (post);
  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  if (!shown)
    return;
  gtk_label_set_label (self->heading_label,
                       voisins_post_get_category (post) == VOISINS_CATEGORY_GROUP
                           ? _ ("Members")
                           : _ ("Who Is Coming"));
  adw_button_content_set_label (ADW_BUTTON_CONTENT (gtk_menu_button_get_child (self->add_button)),
                                voisins_post_get_category (post) == VOISINS_CATEGORY_GROUP
                                    ? _ ("_Add a Member…")
                                    : _ ("_Add a Participant…"));
  reload (self);
}

/* }}} */
