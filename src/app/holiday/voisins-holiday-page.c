/* voisins-holiday-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-intake-dialog.h"
#include "voisins-holiday-layer.h"
#include "voisins-holiday-match.h"
#include "voisins-holiday-page.h"
#include "voisins-holiday-print.h"
#include "voisins-ui-util.h"

struct _VoisinsHolidayPage
{
  GtkWidget               parent_instance;

  gboolean                refresh_when_shown;

  VoisinsStore           *store;
  VoisinsAssociation     *association;
  GListModel             *members;
  VoisinsMap             *map;
  VoisinsHolidayLayer    *layer;
  GCancellable           *cancellable;    /* the page's life */
  GCancellable           *refresh_cancellable;
  VoisinsHolidayCampaign *campaign;
  GHashTable             *host_names;     /* host id -> "Jeanne M." */
  GtkWindow              *dialog;
  VoisinsHolidayDashboard dashboard;
  gboolean                loading;
  gboolean                show_on_map;

  /* template children */
  GtkLabel               *calls_label;
  GtkLabel               *calls_caption;
  GtkLabel               *placed_caption;
  GtkLabel               *seats_caption;
  GtkLabel               *waiting_caption;
  AdwStatusPage          *calls_empty;
  GtkListBox             *calls_list;
  AdwStatusPage          *matches_empty;
  GtkListBox             *matches_list;
  GtkLabel               *placed_label;
  GtkLabel               *seats_label;
  GtkLabel               *states_label;
  GtkStack               *tabs_stack;
  GtkLabel               *title_label;
  AdwStatusPage          *waiting_empty;
  GtkLabel               *waiting_label;
  GtkListBox             *waiting_list;
};

G_DEFINE_FINAL_TYPE (VoisinsHolidayPage, voisins_holiday_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SHOW_ON_MAP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
toast (VoisinsHolidayPage *self,
       const char         *message)
{
  voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static char *
get_viewer (VoisinsHolidayPage *self)
{
  char *user = voisins_store_get_meta (self->store, "username");

  if (user == NULL || *user == '\0')
    {
      g_free (user);
      return g_strdup ("local");
    }
  return user;
}

static const char *
slot_label (VoisinsHolidayPage *self,
            guint               slot)
{
  const VoisinsHolidaySlotInfo *info = voisins_holiday_campaign_get_slot (self->campaign, slot);

  return info ? info->label : "";
}

static char *
slots_text (VoisinsHolidayPage *self,
            guint               slots)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->campaign->slots->len; i++)
    {
      VoisinsHolidaySlotInfo *info = &g_array_index (self->campaign->slots, VoisinsHolidaySlotInfo, i);

      if (!(slots & info->slot))
        continue;
      if (text->len > 0)
        /* TRANSLATORS: between two meals, "24 December, evening or 25 December, lunch" */
        g_string_append (text, _(" or "));
      g_string_append (text, info->label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* gtk_list_box_remove_all() is GTK 4.12. */
static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))) != NULL)
    gtk_list_box_remove (list, row);
}

/* {{{ loading */

typedef struct
{
  double lat;
  double lon;
} Pos;

typedef struct
{
  VoisinsHolidayDashboard  dashboard;
  GPtrArray               *waiting;   /* VoisinsHolidayPerson */
  GPtrArray               *matches;   /* VoisinsHolidayMatch */
  GPtrArray               *calls;     /* VoisinsHolidayCall */
  GHashTable              *host_names;
  GHashTable              *positions; /* host or guest id -> Pos (approximate) */
  GPtrArray               *hosts;     /* VoisinsHolidayPerson */
  GPtrArray               *guests;
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  g_clear_pointer (&s->waiting, g_ptr_array_unref);
  g_clear_pointer (&s->matches, g_ptr_array_unref);
  g_clear_pointer (&s->calls, g_ptr_array_unref);
  g_clear_pointer (&s->host_names, g_hash_table_unref);
  g_clear_pointer (&s->positions, g_hash_table_unref);
  g_clear_pointer (&s->hosts, g_ptr_array_unref);
  g_clear_pointer (&s->guests, g_ptr_array_unref);
  g_free (s);
}

typedef struct
{
  VoisinsStore       *store;
  VoisinsAssociation *association;
  char               *viewer;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_object (&d->store);
  g_clear_object (&d->association);
  g_free (d->viewer);
  g_free (d);
}

static void
add_position (VoisinsStore *store,
              GHashTable   *positions,
              const char   *id,
              const char   *member_id)
{
  g_autoptr(VoisinsHolidayContact) c = NULL;
  Pos *pos;

  /* Never revealed: the approximate position, as the map shows everyone. */
  c = voisins_store_get_holiday_contact (store, member_id, NULL, FALSE, NULL, NULL);
  if (c == NULL)
    return;
  pos = g_new (Pos, 1);
  pos->lat = c->lat;
  pos->lon = c->lon;
  g_hash_table_insert (positions, g_strdup (id), pos);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  const char *association_id = voisins_association_get_id (d->association);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) live = g_hash_table_new (g_str_hash, g_str_equal);
  Snapshot *s = g_new0 (Snapshot, 1);

  if (!voisins_store_get_holiday_dashboard (d->store, association_id, &s->dashboard, &error) ||
      !(s->hosts = voisins_store_list_holiday_hosts (d->store, association_id, &error)) ||
      !(s->guests = voisins_store_list_holiday_guests (d->store, association_id, &error)) ||
      !(s->matches = voisins_store_list_holiday_matches (d->store, association_id, 0, &error)) ||
      !(s->calls = voisins_holiday_calls_from_store (d->store, d->association, d->viewer,
                                                     &error)))
    {
      snapshot_free (s);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  s->host_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < s->hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->hosts, i);

      g_hash_table_insert (s->host_names, g_strdup (p->host->id), g_strdup (p->name));
      add_position (d->store, s->positions, p->host->id, p->host->member_id);
    }

  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);

      if (m->state != VOISINS_HOLIDAY_MATCH_DECLINED)
        g_hash_table_add (live, m->guest_id);
    }

  s->waiting = g_ptr_array_new ();
  for (guint i = 0; i < s->guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->guests, i);

      if (p->guest->member_id != NULL && *p->guest->member_id != '\0')
        add_position (d->store, s->positions, p->guest->id, p->guest->member_id);
      else if (p->guest->approx_lat != 0 || p->guest->approx_lon != 0)
        {
          /* A guest the volunteer may not identify yet: the server's approximate
           * position. */
          Pos *pos = g_new (Pos, 1);

          pos->lat = p->guest->approx_lat;
          pos->lon = p->guest->approx_lon;
          g_hash_table_insert (s->positions, g_strdup (p->guest->id), pos);
        }
      if (!g_hash_table_contains (live, p->guest->id))
        g_ptr_array_add (s->waiting, p);
    }

  g_task_return_pointer (task, s, (GDestroyNotify) snapshot_free);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *target,
               const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  return button;
}

static char *
guest_needs (VoisinsHolidayGuest *g)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *diets = voisins_holiday_diets_text (g->diets);

  if (*diets != '\0')
    g_ptr_array_add (facts, g_strdup (diets));
  if (g->no_stairs)
    g_ptr_array_add (facts, g_strdup (_("no stairs")));
  if (g->needs_fetch)
    g_ptr_array_add (facts, g_strdup (_("needs to be fetched")));
  if (g->pet_allergy)
    g_ptr_array_add (facts, g_strdup (_("allergic to pets")));
  if (g->wants_quiet)
    g_ptr_array_add (facts, g_strdup (_("quiet table")));
  if (g->languages != NULL && *g->languages != '\0' && g_strcmp0 (g->languages, "fr") != 0)
    {
      g_auto(GStrv) codes = g_strsplit (g->languages, ",", -1);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; codes[i] != NULL; i++)
        {
          if (names->len > 0)
            g_string_append (names, _(", "));
          g_string_append (names, voisins_holiday_language_name (g_strstrip (codes[i])));
        }
      /* TRANSLATORS: %s is a list of languages */
      g_ptr_array_add (facts, g_strdup_printf (_("speaks %s"), names->str));
    }
  g_ptr_array_add (facts, NULL);
  return g_strjoinv (_(", "), (char **) facts->pdata);
}

static void
fill_waiting (VoisinsHolidayPage *self,
              Snapshot           *s)
{
  list_box_clear (self->waiting_list);
  for (guint i = 0; i < s->waiting->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->waiting, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *slots = slots_text (self, p->guest->slots);
      g_autofree char *needs = guest_needs (p->guest);
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;

      /* TRANSLATORS: a waiting guest: street, then the meals wanted, then needs */
      subtitle = *needs ? g_strdup_printf (_("%s — would like: %s\nNeeds: %s"),
                                           p->street ? p->street : "", slots, needs)
                        : g_strdup_printf (_("%s — would like: %s"),
                                           p->street ? p->street : "", slots);
      escaped = g_markup_escape_text (subtitle, -1);
      /* A guest shown without identity already has the street below: say only what is
       * hidden, not the street twice. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     p->guest->member_id == NULL || *p->guest->member_id == '\0'
                                     ? _("Guest (name shown once you follow them)")
                                     : p->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   action_button (_("_Find a Table"), "holiday.find-table",
                                                  p->guest->id, NULL));
      g_object_set_data_full (G_OBJECT (row), "voisins-id", g_strdup (p->guest->id), g_free);
      gtk_list_box_append (self->waiting_list, row);
    }
}

static const char *
next_action_label (VoisinsHolidayMatchState state)
{
  switch (state)
    {
    case VOISINS_HOLIDAY_MATCH_PROPOSED:
      return _("Host _Called");
    case VOISINS_HOLIDAY_MATCH_HOST_CALLED:
      return _("Guest _Called");
    case VOISINS_HOLIDAY_MATCH_GUEST_CALLED:
      return _("_Confirmed");
    case VOISINS_HOLIDAY_MATCH_CONFIRMED:
      return _("_Done");
    case VOISINS_HOLIDAY_MATCH_DONE:
    case VOISINS_HOLIDAY_MATCH_DECLINED:
    case VOISINS_HOLIDAY_MATCH_N_STATES:
    default:
      return NULL;
    }
}

static char *
state_target (const char               *id,
              VoisinsHolidayMatchState  state)
{
  return g_strdup_printf ("%s|%s", id, voisins_holiday_match_state_to_string (state));
}

static void
add_state_buttons (GtkWidget                *row,
                   const char               *match_id,
                   VoisinsHolidayMatchState  state)
{
  const char *next = next_action_label (state);

  if (state == VOISINS_HOLIDAY_MATCH_CONFIRMED || state == VOISINS_HOLIDAY_MATCH_DONE)
    {
      GMenu *menu = g_menu_new ();
      GtkWidget *letters = gtk_menu_button_new ();
      g_autofree char *guest_t = g_strdup_printf ("%s|guest", match_id);
      g_autofree char *host_t = g_strdup_printf ("%s|host", match_id);

      g_menu_append_item (menu, g_menu_item_new (_("Print the Guest’s Letter…"),
                                                 g_action_print_detailed_name ("holiday.print-letter", g_variant_new_string (guest_t))));
      g_menu_append_item (menu, g_menu_item_new (_("Print the Host’s Letter…"),
                                                 g_action_print_detailed_name ("holiday.print-letter", g_variant_new_string (host_t))));
      g_menu_append_item (menu, g_menu_item_new (_("Save the Guest’s Letter as PDF…"),
                                                 g_action_print_detailed_name ("holiday.export-letter", g_variant_new_string (guest_t))));
      g_menu_append_item (menu, g_menu_item_new (_("Save the Host’s Letter as PDF…"),
                                                 g_action_print_detailed_name ("holiday.export-letter", g_variant_new_string (host_t))));
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (letters), G_MENU_MODEL (menu));
      gtk_menu_button_set_label (GTK_MENU_BUTTON (letters), _("_Letters"));
      gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (letters), TRUE);
      gtk_widget_set_tooltip_text (letters, _("Print or save the confirmation letters"));
      gtk_widget_set_valign (letters, GTK_ALIGN_CENTER);
      g_object_unref (menu);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("Show _Address"), "holiday.show-address",
                                                match_id, NULL));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), letters);
    }
  if (state == VOISINS_HOLIDAY_MATCH_DONE)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               action_button (_("How Did It _Go?"), "holiday.feedback",
                                              match_id, NULL));
  if (next != NULL)
    {
      g_autofree char *target = state_target (match_id, state + 1);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (next, "holiday.set-state", target,
                                                "suggested-action"));
    }
  if (state < VOISINS_HOLIDAY_MATCH_DONE)
    {
      g_autofree char *target = state_target (match_id, VOISINS_HOLIDAY_MATCH_DECLINED);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("D_eclined"), "holiday.set-state", target,
                                                "flat"));
    }
}

static void
fill_matches (VoisinsHolidayPage *self,
              Snapshot           *s)
{
  list_box_clear (self->matches_list);
  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* TRANSLATORS: a match: the guest's name, then the host's name */
      title = g_strdup_printf (_("%s at %s’s table"), m->guest_name, m->host_name);
      if (m->feedback != NULL && *m->feedback != '\0')
        /* TRANSLATORS: a done match: meal, state, then what the volunteer said of it */
        subtitle = g_markup_printf_escaped (_("%s — <b>%s</b>\nHow it went: %s"),
                                            slot_label (self, m->slot),
                                            voisins_holiday_match_state_label (m->state),
                                            m->feedback);
      else
        subtitle = g_markup_printf_escaped ("%s — <b>%s</b>", slot_label (self, m->slot),
                                            voisins_holiday_match_state_label (m->state));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      add_state_buttons (row, m->id, m->state);
      if (m->state == VOISINS_HOLIDAY_MATCH_DECLINED)
        gtk_widget_add_css_class (row, "dim-label");
      g_object_set_data_full (G_OBJECT (row), "voisins-id", g_strdup (m->id), g_free);
      gtk_list_box_append (self->matches_list, row);
    }
}

static void
fill_calls (VoisinsHolidayPage *self,
            Snapshot           *s)
{
  list_box_clear (self->calls_list);
  for (guint i = 0; i < s->calls->len; i++)
    {
      VoisinsHolidayCall *c = g_ptr_array_index (s->calls, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *target = state_target (c->match_id, c->state + 1);

      if (c->phone != NULL)
        /* TRANSLATORS: a call: the meal, what to ask, the phone number */
        subtitle = g_markup_printf_escaped (_("%s — %s\nPhone: <b>%s</b>"), c->when, c->about,
                                            c->phone);
      else
        subtitle = g_markup_printf_escaped (_("%s — %s\nPhone: on the neighbour’s card"),
                                            c->when, c->about);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->who);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (c->state == VOISINS_HOLIDAY_MATCH_PROPOSED
                                                  ? _("Host Said _Yes") : _("Guest Said _Yes"),
                                                "holiday.set-state", target, "suggested-action"));
      g_clear_pointer (&target, g_free);
      target = state_target (c->match_id, VOISINS_HOLIDAY_MATCH_DECLINED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("D_eclined"), "holiday.set-state", target,
                                                "flat"));
      gtk_list_box_append (self->calls_list, row);
    }
}

static void
set_number (GtkLabel *label,
            guint     n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (label, text);
}

static void
fill_map (VoisinsHolidayPage *self,
          Snapshot           *s)
{
  if (self->layer == NULL)
    return;

  voisins_holiday_layer_clear (self->layer);
  for (guint i = 0; i < s->hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->hosts, i);
      Pos *pos = g_hash_table_lookup (s->positions, p->host->id);

      if (pos != NULL)
        voisins_holiday_layer_add_host (self->layer, pos->lat, pos->lon);
    }
  for (guint i = 0; i < s->guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->guests, i);
      Pos *pos = g_hash_table_lookup (s->positions, p->guest->id);

      if (pos != NULL)
        voisins_holiday_layer_add_guest (self->layer, pos->lat, pos->lon);
    }
  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);
      Pos *a = g_hash_table_lookup (s->positions, m->host_id);
      Pos *b = g_hash_table_lookup (s->positions, m->guest_id);

      if (a != NULL && b != NULL && m->state != VOISINS_HOLIDAY_MATCH_DECLINED)
        voisins_holiday_layer_add_link (self->layer, a->lat, a->lon, b->lat, b->lon);
    }
}

static void
set_loading (VoisinsHolidayPage *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *states = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  Snapshot *s;

  s = g_task_propagate_pointer (G_TASK (result), &error);
  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is the reason */
          message = g_strdup_printf (_("The holiday table could not be loaded: %s"),
                                     error->message);
          toast (self, message);
          set_loading (self, FALSE);
        }
      return;
    }

  self->dashboard = s->dashboard;
  g_clear_pointer (&self->host_names, g_hash_table_unref);
  self->host_names = g_hash_table_ref (s->host_names);

  set_number (self->placed_label, s->dashboard.guests_placed);
  set_number (self->waiting_label, s->dashboard.guests_waiting);
  set_number (self->seats_label, s->dashboard.seats_left);
  set_number (self->calls_label, s->calls->len);
  /* The caption under each big number agrees with it: "1 guest has a table". */
  gtk_label_set_label (self->placed_caption,
                       ngettext ("guest has a table", "guests have a table",
                                 s->dashboard.guests_placed));
  gtk_label_set_label (self->waiting_caption,
                       ngettext ("guest still waiting", "guests still waiting",
                                 s->dashboard.guests_waiting));
  gtk_label_set_label (self->seats_caption,
                       ngettext ("seat still free", "seats still free", s->dashboard.seats_left));
  gtk_label_set_label (self->calls_caption,
                       ngettext ("call to make today", "calls to make today", s->calls->len));
  for (guint i = 0; i < VOISINS_HOLIDAY_MATCH_N_STATES; i++)
    {
      if (text->len > 0)
        g_string_append (text, "   ·   ");
      /* TRANSLATORS: a state and how many matches are in it, "Confirmed: 3" */
      g_string_append_printf (text, _("%s: %u"), voisins_holiday_match_state_label (i),
                              s->dashboard.by_state[i]);
    }
  /* TRANSLATORS: before the counts per state */
  states = g_strdup_printf (_("%u hosts, %u guests. Matches — %s"), s->dashboard.hosts,
                            s->dashboard.guests, text->str);
  gtk_label_set_label (self->states_label, states);

  fill_waiting (self, s);
  fill_matches (self, s);
  fill_calls (self, s);
  fill_map (self, s);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holiday.plan", s->waiting->len > 0);
  snapshot_free (s);
  set_loading (self, FALSE);
}

void
voisins_holiday_page_refresh (VoisinsHolidayPage *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  g_return_if_fail (VOISINS_IS_HOLIDAY_PAGE (self));

  if (self->store == NULL || self->association == NULL)
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();

  d = g_new0 (LoadData, 1);
  d->store = g_object_ref (self->store);
  d->association = g_object_ref (self->association);
  d->viewer = get_viewer (self);

  set_loading (self, TRUE);
  task = g_task_new (self, self->refresh_cancellable, load_cb, NULL);
  g_task_set_source_tag (task, voisins_holiday_page_refresh);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* }}} */
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
  c->viewer = get_viewer (self);
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
        toast (self, error->message);
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
  toast (self, _("Saved. It will be sent to the association’s server at the next sync."));
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
                               slot_label (self, sg->slot));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (child),
                                 action_button (_("_Propose"), "holiday.propose", target,
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
        toast (self, _("Proposed. Now call the host to ask them."));
      else if (c->kind == CMD_FEEDBACK)
        toast (self, _("Thank you: it will be in the association’s report."));
      else if (c->n == VOISINS_HOLIDAY_MATCH_DECLINED)
        toast (self, _("Marked as declined. The guest is waiting again."));
      else if (c->n == VOISINS_HOLIDAY_MATCH_CONFIRMED)
        toast (self, _("Confirmed. You can print the letters now."));
      else
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is the new state of a match */
          message = g_strdup_printf (_("Marked as “%s”."), voisins_holiday_match_state_label (c->n));
          toast (self, message);
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
      toast (self, _("The address is shown once both sides have confirmed."));
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
      toast (self, message);
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

  toast (self, _("The holiday table is cleared. Every computer of the association will drop it at its next sync."));
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
      toast (self, _("No waiting guest can be placed now: add hosts or seats."));
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
      subtitle = g_markup_printf_escaped ("%s — %s", slot_label (self, sg->slot),
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

/* }}} */
/* {{{ GObject */

static void
voisins_holiday_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SHOW_ON_MAP:
      g_value_set_boolean (value, self->show_on_map);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_holiday_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VoisinsHolidayPage *self = VOISINS_HOLIDAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_ON_MAP:
      if (self->show_on_map == g_value_get_boolean (value))
        return;
      self->show_on_map = g_value_get_boolean (value);
      if (self->layer != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->layer), self->show_on_map);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_holiday_page_dispose (GObject *object)
{
  VoisinsHolidayPage *self = (VoisinsHolidayPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->refresh_cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  /* The layer belongs to the map, which the window tears down on its own. */
  g_clear_object (&self->layer);
  g_clear_object (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_HOLIDAY_PAGE);

  G_OBJECT_CLASS (voisins_holiday_page_parent_class)->dispose (object);
}

static void
voisins_holiday_page_finalize (GObject *object)
{
  VoisinsHolidayPage *self = (VoisinsHolidayPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->association);
  g_clear_object (&self->members);
  g_clear_pointer (&self->campaign, voisins_holiday_campaign_free);
  g_clear_pointer (&self->host_names, g_hash_table_unref);

  G_OBJECT_CLASS (voisins_holiday_page_parent_class)->finalize (object);
}

static void
voisins_holiday_page_class_init (VoisinsHolidayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = voisins_holiday_page_get_property;
  object_class->set_property = voisins_holiday_page_set_property;
  object_class->dispose = voisins_holiday_page_dispose;
  object_class->finalize = voisins_holiday_page_finalize;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_ON_MAP] =
    g_param_spec_boolean ("show-on-map", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-holiday-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, calls_empty);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, calls_caption);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, calls_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, calls_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, matches_empty);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, matches_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, placed_caption);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, placed_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, seats_caption);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, seats_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, states_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, tabs_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, waiting_empty);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, waiting_caption);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHolidayPage, waiting_list);

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

static void
on_page_map (VoisinsHolidayPage *self)
{
  if (self->refresh_when_shown && self->store != NULL)
    {
      self->refresh_when_shown = FALSE;
      voisins_holiday_page_refresh (self);
    }
}

static void
voisins_holiday_page_init (VoisinsHolidayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_page_map), NULL);
  self->cancellable = g_cancellable_new ();
  self->campaign = voisins_holiday_campaign_new_default (
    voisins_holiday_campaign_year (g_get_real_time () / G_USEC_PER_SEC));

  adw_status_page_set_title (self->waiting_empty, _("Nobody Is Waiting"));
  adw_status_page_set_description (self->waiting_empty,
                                   _("Every guest has a table. When a neighbour calls to ask "
                                     "for one, use “Add a Guest”."));
  adw_status_page_set_title (self->matches_empty, _("No Matches Yet"));
  adw_status_page_set_description (self->matches_empty,
                                   _("Open “Guests Waiting” and press “Find a Table”, or "
                                     "“Propose for Everyone” to place all guests at once."));
  adw_status_page_set_title (self->calls_empty, _("No Calls Today"));
  adw_status_page_set_description (self->calls_empty,
                                   _("Calls appear here when a match is proposed: first the "
                                     "host, then the guest."));
}

/* }}} */

void
voisins_holiday_page_set_store (VoisinsHolidayPage *self,
                                VoisinsStore       *store,
                                VoisinsAssociation *association,
                                GListModel         *members,
                                VoisinsMap         *map)
{
  g_autofree char *title = NULL;

  g_return_if_fail (VOISINS_IS_HOLIDAY_PAGE (self));
  g_return_if_fail (VOISINS_IS_STORE (store));

  g_set_object (&self->store, store);
  g_set_object (&self->association, association);
  g_set_object (&self->members, members);

  /* TRANSLATORS: the page's title, %d is the year of the campaign */
  title = g_strdup_printf (_("Holiday Table %d"), self->campaign->year);
  gtk_label_set_label (self->title_label, title);

  if (map != NULL && self->map != map)
    {
      if (self->layer != NULL && self->map != NULL)
        voisins_map_remove_layer (self->map, SHUMATE_LAYER (self->layer));
      g_clear_object (&self->layer);
      g_set_object (&self->map, map);
      self->layer = g_object_ref_sink (voisins_holiday_layer_new (voisins_map_get_viewport (map)));
      gtk_widget_set_visible (GTK_WIDGET (self->layer), self->show_on_map);
      voisins_map_add_layer (map, SHUMATE_LAYER (self->layer));
    }

  /* Clearing the campaign is a coordinator's decision (the server checks it too). */
  if (association != NULL)
    {
      g_autofree char *key = g_strconcat ("role:", voisins_association_get_id (association), NULL);
      g_autofree char *role = voisins_store_get_meta (store, key);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), "holiday.clear",
                                     g_strcmp0 (role, "volunteer") != 0);
    }

  /* The campaign is read when its page is first shown, not while the volunteer waits for
   * the posts list at start-up. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    voisins_holiday_page_refresh (self);
  else
    self->refresh_when_shown = TRUE;
}

gboolean
voisins_holiday_page_get_loading (VoisinsHolidayPage *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_PAGE (self), FALSE);
  return self->loading;
}

void
voisins_holiday_page_get_dashboard (VoisinsHolidayPage      *self,
                                    VoisinsHolidayDashboard *dashboard)
{
  g_return_if_fail (VOISINS_IS_HOLIDAY_PAGE (self));
  *dashboard = self->dashboard;
}

GtkWindow *
voisins_holiday_page_get_dialog (VoisinsHolidayPage *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_PAGE (self), NULL);
  return self->dialog;
}

gpointer
voisins_holiday_page_get_layer (VoisinsHolidayPage *self)
{
  g_return_val_if_fail (VOISINS_IS_HOLIDAY_PAGE (self), NULL);
  return self->layer;
}
