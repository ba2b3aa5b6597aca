/* voisins-holiday-rows.c: the rows of the holiday page's three lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-match.h"
#include "voisins-holiday-page-private.h"
#include "voisins-holiday-print.h"

/* "Déjeuner du 25 décembre" -> "déjeuner du 25 décembre": a label mid-sentence. */
static char *
lower_first (const char *text)
{
  char buf[8] = { 0 };

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_tolower (g_utf8_get_char (text)), buf);
  return g_strconcat (buf, g_utf8_next_char (text), NULL);
}

/* The meals of @slots, mid-sentence ("would like: 24 December, evening or …"). */
char *
_voisins_holiday_page_slots_text (VoisinsHolidayPage *self,
                                  guint               slots)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->campaign->slots->len; i++)
    {
      VoisinsHolidaySlotInfo *info = &g_array_index (self->campaign->slots, VoisinsHolidaySlotInfo, i);

      if (!(slots & info->slot))
        continue;
      g_autofree char *label = lower_first (info->label);

      if (text->len > 0)
        /* TRANSLATORS: between two meals, "24 December, evening or 25 December, lunch" */
        g_string_append (text, _(" or "));
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_voisins_holiday_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (out, *p++);
      else if (*p != '_')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* What a screen reader says of a row: its words, once, in the UI's language. */
static void
name_row (GtkWidget  *row,
          const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* gtk_list_box_remove_all() is GTK 4.12. */
void
_voisins_holiday_list_box_clear (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))) != NULL)
    gtk_list_box_remove (list, row);
}

GtkWidget *
_voisins_holiday_action_button (const char *label,
                                const char *action,
                                const char *target,
                                const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *name = _voisins_holiday_strip_mnemonic (label);

  /* Named without the underscore (GTK 4.8 would say "Host Said _Yes Host Said Yes"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
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
    g_ptr_array_add (facts, g_strdup (_("step-free access")));
  if (g->needs_fetch)
    g_ptr_array_add (facts, g_strdup (_("to be fetched")));
  if (g->pet_allergy)
    g_ptr_array_add (facts, g_strdup (_("no pets (allergy)")));
  if (g->wants_quiet)
    g_ptr_array_add (facts, g_strdup (_("quiet table")));
  if (g->languages != NULL && *g->languages != '\0' && g_strcmp0 (g->languages, "fr") != 0)
    {
      g_auto(GStrv) codes = g_strsplit (g->languages, ",", -1);
      g_autoptr(GString) names = g_string_new (NULL);

      /* "French, Arabic and English": the needs are a list with commas already. */
      for (guint i = 0; codes[i] != NULL; i++)
        {
          if (names->len > 0)
            g_string_append (names, codes[i + 1] == NULL ? _(" and ") : _(", "));
          g_string_append (names, voisins_holiday_language_name (g_strstrip (codes[i])));
        }
      /* TRANSLATORS: %s is a list of languages */
      g_ptr_array_add (facts, g_strdup_printf (_("speaks %s"), names->str));
    }
  g_ptr_array_add (facts, NULL);
  return g_strjoinv (_(", "), (char **) facts->pdata);
}

void
_voisins_holiday_page_fill_waiting (VoisinsHolidayPage     *self,
                                    VoisinsHolidaySnapshot *s)
{
  _voisins_holiday_list_box_clear (self->waiting_list);
  for (guint i = 0; i < s->waiting->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->waiting, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *find;
      g_autofree char *slots = _voisins_holiday_page_slots_text (self, p->guest->slots);
      g_autofree char *needs = guest_needs (p->guest);
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *name = NULL;
      const char *title;

      /* TRANSLATORS: a waiting guest: street, then the meals wanted, then needs */
      subtitle = *needs ? g_strdup_printf (_("%s — would like: %s\nNeeds: %s"),
                                           p->street ? p->street : "", slots, needs)
                        : g_strdup_printf (_("%s — would like: %s"),
                                           p->street ? p->street : "", slots);
      escaped = g_markup_escape_text (subtitle, -1);
      /* A guest shown without identity already has the street below: say only what is
       * hidden, not the street twice. */
      title = p->guest->member_id == NULL || *p->guest->member_id == '\0'
                  ? _("Guest (name shown once you follow them)")
                  : p->name;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      /* A flat row (it was an expander holding an empty list): the button is its main
       * action, Enter on the row presses it. */
      find = _voisins_holiday_action_button (_("_Find a Table"), "holiday.find-table",
                                             p->guest->id, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), find);
      g_object_set_data (G_OBJECT (row), "voisins-main-button", find);
      /* TRANSLATORS: a waiting guest's row, for a screen reader: who, then the street and
       * the meals they would like */
      name = g_strdup_printf (_("%s, %s, waiting for a table: %s"), title,
                              p->street ? p->street : "", slots);
      name_row (row, name);
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
      return _("Host Said _Yes");
    case VOISINS_HOLIDAY_MATCH_HOST_CALLED:
      return _("Guest Said _Yes");
    case VOISINS_HOLIDAY_MATCH_CONFIRMED:
      return _("_Done");
    case VOISINS_HOLIDAY_MATCH_DONE:
    case VOISINS_HOLIDAY_MATCH_DECLINED:
    case VOISINS_HOLIDAY_MATCH_N_STATES:
    default:
      return NULL;
    }
}

/* "id|to|from": the step and the state it leaves, for its Undo. */
static char *
state_target (const char               *id,
              VoisinsHolidayMatchState  state,
              VoisinsHolidayMatchState  from)
{
  return g_strdup_printf ("%s|%s|%s", id, voisins_holiday_match_state_to_string (state),
                          voisins_holiday_match_state_to_string (from));
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
      GtkWidget *address;
      /* Its own toggle button is the button: not one inside another. */
      GtkWidget *letters = g_object_new (GTK_TYPE_MENU_BUTTON,
                                         "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
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

      gtk_accessible_update_property (GTK_ACCESSIBLE (letters), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Letters"), -1);
      address = _voisins_holiday_action_button (_("Show _Address"), "holiday.show-address",
                                                match_id, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), address);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), letters);
      g_object_set_data (G_OBJECT (row), "voisins-main-button", address);
    }
  if (state == VOISINS_HOLIDAY_MATCH_DONE)
    {
      GtkWidget *button = _voisins_holiday_action_button (_("How Did It _Go?"), "holiday.feedback",
                                                          match_id, NULL);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), "voisins-main-button", button);
    }
  if (next != NULL)
    {
      g_autofree char *target = state_target (match_id, state + 1, state);
      GtkWidget *button = _voisins_holiday_action_button (next, "holiday.set-state", target,
                                                          "suggested-action");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), "voisins-main-button", button);
    }
  if (state < VOISINS_HOLIDAY_MATCH_DONE)
    {
      g_autofree char *target = state_target (match_id, VOISINS_HOLIDAY_MATCH_DECLINED, state);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _voisins_holiday_action_button (_("D_eclined"), "holiday.set-state", target,
                                                                 "flat"));
    }
}

/* A state mid-sentence: "host said yes" (French and English write states lower-case after a
 * comma). */
static char *
lower_label (VoisinsHolidayMatchState state)
{
  return lower_first (voisins_holiday_match_state_label (state));
}

void
_voisins_holiday_page_fill_matches (VoisinsHolidayPage     *self,
                                    VoisinsHolidaySnapshot *s)
{
  gboolean coordinator = _voisins_holiday_page_is_coordinator (self);

  _voisins_holiday_list_box_clear (self->matches_list);
  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *name = NULL;

      /* TRANSLATORS: a match: the guest's name, then the host's name */
      title = g_strdup_printf (_("%s at %s’s table"), m->guest_name, m->host_name);
      if (m->feedback != NULL && *m->feedback != '\0')
        /* TRANSLATORS: a done match: meal, state, then what the volunteer said of it */
        subtitle = g_markup_printf_escaped (_("%s — <b>%s</b>\nHow it went: %s"),
                                            _voisins_holiday_page_slot_label (self, m->slot),
                                            voisins_holiday_match_state_label (m->state),
                                            m->feedback);
      else
        subtitle = g_markup_printf_escaped ("%s — <b>%s</b>", _voisins_holiday_page_slot_label (self, m->slot),
                                            voisins_holiday_match_state_label (m->state));
      if (voisins_holiday_match_is_waiting (m))
        {
          /* A volunteer's proposal: nobody's name or phone reaches them, and they may not
           * move it on, until a coordinator approves it (the server's rule). */
          g_autofree char *waiting = g_steal_pointer (&subtitle);

          subtitle = g_strdup_printf ("%s\n%s", waiting,
                                      coordinator ? _("Proposed by a volunteer: approve it so "
                                                      "that they can make the calls")
                                                  : _("Waiting for a coordinator to approve "
                                                      "it before you can call"));
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (!voisins_holiday_match_is_waiting (m) || coordinator)
        add_state_buttons (row, m->id, m->state);
      if (voisins_holiday_match_is_waiting (m) && coordinator)
        {
          GtkWidget *approve = _voisins_holiday_action_button (_("A_pprove"), "holiday.approve",
                                                               m->id, "suggested-action");

          adw_action_row_add_suffix (ADW_ACTION_ROW (row), approve);
          g_object_set_data (G_OBJECT (row), "voisins-main-button", approve);
        }
      /* TRANSLATORS: a match's row, for a screen reader: "Jeanne M. at Paul D.’s table,
       * 24 December, evening, host said yes" */
      {
        g_autofree char *meal = lower_first (_voisins_holiday_page_slot_label (self, m->slot));
        g_autofree char *state = lower_label (m->state);

        name = g_strdup_printf (_("%s, %s, %s"), title, meal, state);
        name_row (row, name);
      }
      if (m->state == VOISINS_HOLIDAY_MATCH_DECLINED)
        gtk_widget_add_css_class (row, "dim-label");
      g_object_set_data_full (G_OBJECT (row), "voisins-id", g_strdup (m->id), g_free);
      gtk_list_box_append (self->matches_list, row);
    }
}

void
_voisins_holiday_page_fill_calls (VoisinsHolidayPage     *self,
                                  VoisinsHolidaySnapshot *s)
{
  gboolean coordinator = _voisins_holiday_page_is_coordinator (self);

  _voisins_holiday_list_box_clear (self->calls_list);
  for (guint i = 0; i < s->calls->len; i++)
    {
      VoisinsHolidayCall *c = g_ptr_array_index (s->calls, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *target = state_target (c->match_id, c->state + 1, c->state);
      g_autofree char *name = NULL;
      g_autofree char *state = lower_label (c->state);
      g_autofree char *meal = NULL;
      GtkWidget *yes;

      if (c->waiting)
        /* TRANSLATORS: a call a volunteer may not make yet: the meal, what to ask */
        subtitle = g_markup_printf_escaped (_("%s — %s\nWaiting for a coordinator to approve "
                                              "it before you can call"), c->when, c->about);
      else if (c->phone != NULL)
        /* TRANSLATORS: a call: the meal, what to ask, the phone number */
        subtitle = g_markup_printf_escaped (_("%s — %s\nPhone: <b>%s</b>"), c->when, c->about,
                                            c->phone);
      else
        subtitle = g_markup_printf_escaped (_("%s — %s\nPhone: on the neighbour’s card"),
                                            c->when, c->about);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->who);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      /* TRANSLATORS: a call's row, for a screen reader: whom to call, the meal, the step
       * ("Mme Martin, 24 December, evening, proposed") */
      meal = lower_first (c->when);
      name = g_strdup_printf (_("%s, %s, %s"), c->who, meal, state);
      name_row (row, name);
      g_object_set_data_full (G_OBJECT (row), "voisins-id", g_strdup (c->match_id), g_free);
      if (c->waiting && !coordinator)
        {
          gtk_list_box_append (self->calls_list, row);
          continue;
        }
      yes = _voisins_holiday_action_button (c->state == VOISINS_HOLIDAY_MATCH_PROPOSED
                                              ? _("Host Said _Yes") : _("Guest Said _Yes"),
                                            "holiday.set-state", target, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), yes);
      g_object_set_data (G_OBJECT (row), "voisins-main-button", yes);
      g_clear_pointer (&target, g_free);
      target = state_target (c->match_id, VOISINS_HOLIDAY_MATCH_DECLINED, c->state);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _voisins_holiday_action_button (_("D_eclined"), "holiday.set-state", target,
                                                                 "flat"));
      gtk_list_box_append (self->calls_list, row);
    }
}
