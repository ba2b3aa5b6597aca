/* voisins-holiday-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n.h>

#include "voisins-holiday-match.h"
#include "voisins-holiday-page-private.h"
#include "voisins-holiday-print.h"
#include "voisins-ui-util.h"

G_DEFINE_FINAL_TYPE (VoisinsHolidayPage, voisins_holiday_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SHOW_ON_MAP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  ADD_MEMBER,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

void
_voisins_holiday_page_add_member (VoisinsHolidayPage *self,
                                  GtkDropDown        *dropdown)
{
  g_signal_emit (self, signals [ADD_MEMBER], 0, dropdown);
}

void
_voisins_holiday_page_toast (VoisinsHolidayPage *self,
                             const char         *message)
{
  voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

char *
_voisins_holiday_page_get_viewer (VoisinsHolidayPage *self)
{
  char *user = voisins_store_get_meta (self->store, "username");

  if (user == NULL || *user == '\0')
    {
      g_free (user);
      return g_strdup ("local");
    }
  return user;
}

gboolean
_voisins_holiday_page_is_coordinator (VoisinsHolidayPage *self)
{
  VoisinsRole role;

  if (self->store == NULL || self->association == NULL ||
      !voisins_store_get_role (self->store, voisins_association_get_id (self->association), &role))
    return TRUE;
  return role >= VOISINS_ROLE_COORDINATOR;
}

const char *
_voisins_holiday_page_slot_label (VoisinsHolidayPage *self,
                                  guint               slot)
{
  const VoisinsHolidaySlotInfo *info = voisins_holiday_campaign_get_slot (self->campaign, slot);

  return info ? info->label : "";
}


/* {{{ keyboard */

/* The row's main action (the next step's button), or NULL. */
static GtkWidget *
main_button (GtkListBoxRow *row)
{
  return row ? g_object_get_data (G_OBJECT (row), "voisins-main-button") : NULL;
}

static GtkListBoxRow *
focused_row (GtkListBox *list)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != GTK_WIDGET (list); focus = gtk_widget_get_parent (focus))
    if (GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_get_parent (focus) == GTK_WIDGET (list))
      return GTK_LIST_BOX_ROW (focus);
  return NULL;
}

/* Each list is one tab stop: Tab and Shift+Tab leave it (arrows move between the rows and,
 * left and right, to a row's buttons); Enter on a row presses its main button. */
static gboolean
on_list_key (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             VoisinsHolidayPage    *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      GtkDirectionType dir = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK)
                                 ? GTK_DIR_TAB_BACKWARD
                                 : GTK_DIR_TAB_FORWARD;
      gboolean moved;

      gtk_widget_set_can_focus (list, FALSE);
      moved = gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (list)), dir);
      gtk_widget_set_can_focus (list, TRUE);
      return moved;
    }
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      GTK_IS_LIST_BOX_ROW (focus))
    {
      GtkWidget *button = main_button (GTK_LIST_BOX_ROW (focus));

      if (button != NULL && gtk_widget_is_sensitive (button))
        return gtk_widget_activate (button);
    }
  return FALSE;
}

static void
watch_list_keys (VoisinsHolidayPage *self,
                 GtkListBox         *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key), self);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}

void
_voisins_holiday_page_focus_after (VoisinsHolidayPage *self,
                                   const char         *id)
{
  GtkListBox *lists[] = { self->calls_list, self->matches_list, self->waiting_list };

  g_clear_pointer (&self->focus_id, g_free);
  self->focus_list = NULL;
  self->focus_index = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GtkListBoxRow *row = focused_row (lists[i]);

      if (row != NULL)
        {
          self->focus_list = lists[i];
          self->focus_index = gtk_list_box_row_get_index (row);
        }
    }
  if (self->focus_list == NULL)
    return;
  self->focus_id = g_strdup (id);
}

/* After the lists are filled again: the step's match, in the list it was in, gets the focus
 * on its next button (or on its row); gone from that list, the row now in its place; an
 * empty list, the tab switcher's page. */
static void
restore_focus (VoisinsHolidayPage *self)
{
  GtkListBox *list = self->focus_list;
  GtkListBoxRow *row = NULL;
  GtkWidget *button;

  if (list == NULL)
    return;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "voisins-id"), self->focus_id) == 0)
      break;
  if (row == NULL)
    {
      row = gtk_list_box_get_row_at_index (list, self->focus_index);
      if (row == NULL && self->focus_index > 0)
        row = gtk_list_box_get_row_at_index (list, self->focus_index - 1);
    }
  if (row != NULL)
    {
      button = main_button (row);
      if (button == NULL || !gtk_widget_grab_focus (button))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
  self->focus_list = NULL;
  g_clear_pointer (&self->focus_id, g_free);
}

/* Once the new rows are in the window (a button whose action is not looked up yet cannot
 * take the focus). */
static gboolean
restore_focus_idle (gpointer data)
{
  restore_focus (data);
  return G_SOURCE_REMOVE;
}

/* }}} */
/* {{{ loading */


static void
set_number (GtkLabel *label,
            guint     n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (label, text);
}

static void
fill_map (VoisinsHolidayPage     *self,
          VoisinsHolidaySnapshot *s)
{
  if (self->layer == NULL)
    return;

  voisins_holiday_layer_clear (self->layer);
  for (guint i = 0; i < s->hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->hosts, i);
      VoisinsHolidayPos *pos = g_hash_table_lookup (s->positions, p->host->id);

      if (pos != NULL)
        voisins_holiday_layer_add_host (self->layer, pos->lat, pos->lon);
    }
  for (guint i = 0; i < s->guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (s->guests, i);
      VoisinsHolidayPos *pos = g_hash_table_lookup (s->positions, p->guest->id);

      if (pos != NULL)
        voisins_holiday_layer_add_guest (self->layer, pos->lat, pos->lon);
    }
  for (guint i = 0; i < s->matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (s->matches, i);
      VoisinsHolidayPos *a = g_hash_table_lookup (s->positions, m->host_id);
      VoisinsHolidayPos *b = g_hash_table_lookup (s->positions, m->guest_id);

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
  g_autoptr(VoisinsHolidayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *states = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  VoisinsHolidaySnapshot *s;

  s = voisins_holiday_snapshot_load_finish (VOISINS_STORE (source), result, &error);
  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is the reason */
          message = g_strdup_printf (_("The holiday table could not be loaded: %s"),
                                     error->message);
          _voisins_holiday_page_toast (self, message);
          set_loading (self, FALSE);
        }
      return;
    }

  self->dashboard = s->dashboard;
  g_clear_pointer (&self->host_names, g_hash_table_unref);
  self->host_names = g_hash_table_ref (s->host_names);

  /* A guest "has a table" once she said yes; a proposal is only proposed. */
  set_number (self->placed_label, s->dashboard.guests_confirmed);
  set_number (self->waiting_label, s->dashboard.guests_waiting);
  set_number (self->seats_label, s->dashboard.seats_left);
  set_number (self->calls_label, s->calls->len);
  /* The caption under each big number agrees with it: "1 guest has a table". */
  {
    guint proposed = s->dashboard.guests_placed > s->dashboard.guests_confirmed
                               ? s->dashboard.guests_placed - s->dashboard.guests_confirmed
                               : 0;
    const char *has =
        ngettext ("guest has a table", "guests have a table", s->dashboard.guests_confirmed);
    g_autofree char *caption = NULL;

    if (proposed > 0)
      /* TRANSLATORS: under the number of guests with a table: "guests have a table", then
       * how many more were only proposed one */
      caption = g_strdup_printf (ngettext ("%s\n(%u more proposed)", "%s\n(%u more proposed)",
                                           proposed), has, proposed);
    gtk_label_set_label (self->placed_caption, caption ? caption : has);
  }
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

  _voisins_holiday_page_fill_waiting (self, s);
  _voisins_holiday_page_fill_matches (self, s);
  _voisins_holiday_page_fill_calls (self, s);
  /* An empty list shows its status page instead of a squashed boxed list. */
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_list), s->waiting->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_empty), s->waiting->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), s->matches->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_empty), s->matches->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_list), s->calls->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_empty), s->calls->len == 0);
  if (self->focus_list != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_focus_idle, g_object_ref (self),
                     g_object_unref);
  fill_map (self, s);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holiday.plan", s->waiting->len > 0);
  voisins_holiday_snapshot_free (s);
  set_loading (self, FALSE);
}

void
voisins_holiday_page_refresh (VoisinsHolidayPage *self)
{
  g_autofree char *viewer = NULL;

  g_return_if_fail (VOISINS_IS_HOLIDAY_PAGE (self));

  if (self->store == NULL || self->association == NULL)
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();

  viewer = _voisins_holiday_page_get_viewer (self);
  set_loading (self, TRUE);
  voisins_holiday_snapshot_load_async (self->store, self->association, viewer,
                                       self->refresh_cancellable, load_cb,
                                       g_object_ref (self));
}

/* }}} */

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
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->refresh_cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  /* The layer belongs to the map, which the window tears down on its own. */
  g_clear_object (&self->layer);
  g_clear_object (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_HOLIDAY_PAGE);
  /* The template's top box has no id, so dispose_template leaves it: left parented, it
   * outlived the page and later touched it finalized (a critical at the next window). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (voisins_holiday_page_parent_class)->dispose (object);
}

static void
voisins_holiday_page_finalize (GObject *object)
{
  VoisinsHolidayPage *self = (VoisinsHolidayPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_pointer (&self->focus_id, g_free);
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

  /**
   * VoisinsHolidayPage::add-member:
   * @dropdown: the intake's "neighbour" choice, to choose her in once recorded
   *
   * "Add a neighbour…" in the intake: the window opens the member editor.
   */
  signals [ADD_MEMBER] = g_signal_new ("add-member",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, GTK_TYPE_DROP_DOWN);

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

  _voisins_holiday_page_install_actions (widget_class);

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
  watch_list_keys (self, self->waiting_list);
  watch_list_keys (self, self->matches_list);
  watch_list_keys (self, self->calls_list);
  self->cancellable = g_cancellable_new ();
  self->campaign = voisins_holiday_campaign_new_default (
    voisins_holiday_campaign_year (g_get_real_time () / G_USEC_PER_SEC));

  adw_status_page_set_title (self->waiting_empty, _("Nobody Is Waiting"));
  adw_status_page_set_description (self->waiting_empty,
                                   _("Every guest has been proposed a table. When a neighbour "
                                     "calls to ask for one, use “Add a Guest”."));
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

  if (map != NULL)
    voisins_holiday_page_set_map (self, map);

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

/* The window builds its map when first shown: the layer joins it then. */
void
voisins_holiday_page_set_map (VoisinsHolidayPage *self,
                              VoisinsMap         *map)
{
  g_return_if_fail (VOISINS_IS_HOLIDAY_PAGE (self));
  g_return_if_fail (VOISINS_IS_MAP (map));

  if (self->map == map)
    return;

  if (self->layer != NULL && self->map != NULL)
    voisins_map_remove_layer (self->map, SHUMATE_LAYER (self->layer));
  g_clear_object (&self->layer);
  g_set_object (&self->map, map);
  self->layer = g_object_ref_sink (voisins_holiday_layer_new (voisins_map_get_viewport (map)));
  gtk_widget_set_visible (GTK_WIDGET (self->layer), self->show_on_map);
  voisins_map_add_layer (map, SHUMATE_LAYER (self->layer));

  /* Read already: read again to draw it. */
  if (self->store != NULL && !self->refresh_when_shown)
    voisins_holiday_page_refresh (self);
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
