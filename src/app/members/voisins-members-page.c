/* voisins-members-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "voisins-member-actions.h"
#include "voisins-member-detail.h"
#include "voisins-members-io.h"
#include "voisins-members-page.h"
#include "voisins-ui-a11y.h"
#include "voisins-ui-util.h"

struct _VoisinsMembersPage
{
  GtkWidget           parent_instance;

  guint               deferred_load;
  gboolean            reload_when_shown;

  VoisinsStore       *store;
  char               *association_id;
  char               *search;
  char               *select_id;   /* to select once the list has it */
  GListStore         *members;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GHashTable         *in_campaign; /* member ids with a holiday host or guest row */
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  VoisinsSyncClient  *client;

  /* template children */
  GtkLabel            *count_label;
  VoisinsMemberDetail *detail;
  GtkDropDown         *filter_dropdown;
  GtkButton           *letters_button;
  GtkStack            *list_stack;
  GtkListView         *list_view;
  GtkMenuButton       *spreadsheet_button;
};

G_DEFINE_FINAL_TYPE (VoisinsMembersPage, voisins_members_page, GTK_TYPE_WIDGET)

static void
on_selection_changed (VoisinsMembersPage *self)
{
  VoisinsMember *member = gtk_single_selection_get_selected_item (self->selection);

  voisins_member_detail_set_member (self->detail, self->store, member);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *address = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (address), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  /* The verification state ends the line: wrap rather than cut it at large text. */
  gtk_label_set_wrap (GTK_LABEL (address), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (address), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (address), 3);
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (address, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), address);
  gtk_list_item_set_child (item, box);
}

/* The row's name for a screen reader: who, where, and whether it is checked, in full even
 * where the row's text is cut. */
static char *
row_accessible_label (VoisinsMember *member,
                      const char    *full_name)
{
  const char *street = voisins_member_get_address (member);
  const char *state = voisins_ui_verification_label (voisins_member_get_verification (member));

  if (street != NULL && *street != '\0')
    /* TRANSLATORS: a neighbour's row read aloud: "Jeanne Martin, 12 rue de Lyon, Verified" */
    return g_strdup_printf (_("%s, %s, %s"), full_name, street, state);
  /* TRANSLATORS: a neighbour's row read aloud: "Jeanne Martin, Not verified" */
  return g_strdup_printf (_("%s, %s"), full_name, state);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  VoisinsMember *member = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *address = gtk_widget_get_next_sibling (name);
  g_autofree char *full_name = voisins_ui_member_full_name (member);
  g_autofree char *line = NULL;
  g_autofree char *row_label = NULL;

  if (voisins_member_get_verification (member) == VOISINS_VERIFICATION_VERIFIED)
    line = g_strdup (voisins_member_get_address (member));
  else if (voisins_member_get_address (member) == NULL)
    /* A volunteer's laptop has no address: the state alone, not " · Not verified". */
    line = g_strdup (voisins_ui_verification_label (voisins_member_get_verification (member)));
  else
    /* TRANSLATORS: "<address> · Not verified" */
    line = g_strdup_printf (_("%s · %s"),
                            voisins_member_get_address (member)
                              ? voisins_member_get_address (member) : "",
                            voisins_ui_verification_label (
                              voisins_member_get_verification (member)));

  gtk_label_set_label (GTK_LABEL (name), full_name);
  gtk_label_set_label (GTK_LABEL (address), line);
  row_label = row_accessible_label (member, full_name);
  voisins_ui_a11y_set_list_item_label (item, row_label);
}

/* Enter on a row: her record is shown already (the arrows select), go to its actions. */
static void
on_row_activated (VoisinsMembersPage *self,
                  guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
  voisins_member_detail_focus_first_action (self->detail);
}

/* The list's filters, in the order of the drop-down. */
enum
{
  FILTER_ALL,
  FILTER_UNVERIFIED,
  FILTER_LETTER_SENT,
  FILTER_EXPIRED,
  FILTER_VERIFIED,
  FILTER_NEEDS,
  FILTER_HOLIDAY,
};

static gboolean
filter_member (gpointer item, gpointer user_data)
{
  VoisinsMembersPage *self = user_data;
  VoisinsMember      *member = item;
  VoisinsVerification v = voisins_member_get_verification (member);
  const char         *needs = voisins_member_get_needs (member);

  switch (gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case FILTER_UNVERIFIED:
      return v == VOISINS_VERIFICATION_UNVERIFIED;
    case FILTER_LETTER_SENT:
      return v == VOISINS_VERIFICATION_LETTER_SENT;
    case FILTER_EXPIRED:
      return v == VOISINS_VERIFICATION_EXPIRED;
    case FILTER_VERIFIED:
      return v == VOISINS_VERIFICATION_VERIFIED;
    case FILTER_NEEDS:
      return needs != NULL && *needs != '\0';
    case FILTER_HOLIDAY:
      return self->in_campaign &&
             g_hash_table_contains (self->in_campaign, voisins_member_get_id (member));
    case FILTER_ALL:
    default:
      return TRUE;
    }
}

static void
update_count (VoisinsMembersPage *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u neighbour", "%u neighbours", n), n);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

/* Who is in this year's holiday campaign, as a host or a guest (this laptop's copy). */
static void
load_campaign (VoisinsMembersPage *self)
{
  g_autoptr (GPtrArray) hosts = NULL;
  g_autoptr (GPtrArray) guests = NULL;

  g_clear_pointer (&self->in_campaign, g_hash_table_unref);
  self->in_campaign = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (self->store == NULL)
    return;
  hosts = voisins_store_list_holiday_hosts (self->store, self->association_id, NULL);
  guests = voisins_store_list_holiday_guests (self->store, self->association_id, NULL);
  for (guint i = 0; hosts && i < hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (hosts, i);

      if (p->host && p->host->member_id && *p->host->member_id)
        g_hash_table_add (self->in_campaign, g_strdup (p->host->member_id));
    }
  for (guint i = 0; guests && i < guests->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (guests, i);

      if (p->guest && p->guest->member_id && *p->guest->member_id)
        g_hash_table_add (self->in_campaign, g_strdup (p->guest->member_id));
    }
}

static void
on_filter_changed (VoisinsMembersPage *self)
{
  if (gtk_drop_down_get_selected (self->filter_dropdown) == FILTER_HOLIDAY)
    load_campaign (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
update_letters_button (VoisinsMembersPage *self)
{
  VoisinsRole role;
  gboolean    coordinator = self->store && self->association_id &&
                         voisins_store_get_role (self->store, self->association_id, &role) &&
                         role >= VOISINS_ROLE_COORDINATOR;

  gtk_widget_set_visible (GTK_WIDGET (self->letters_button), coordinator);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.letters",
                                 coordinator && self->client != NULL);
}

/* {{{ letters for several members */

static void
on_letters_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VoisinsMembersPage *self = user_data;
  GPtrArray          *checks = g_object_get_data (G_OBJECT (dialog), "voisins-checks");
  g_autoptr (GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VoisinsAssociation) association = NULL;

  if (!g_str_equal (response, "send"))
    return;
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_ptr_array_add (chosen, g_object_ref (g_object_get_data (g_ptr_array_index (checks, i),
                                                                "voisins-member")));
  if (chosen->len == 0 || self->store == NULL)
    return;
  association = voisins_store_get_association (self->store, self->association_id, NULL);
  voisins_member_actions_send_letters (GTK_WIDGET (self), self->client, association, chosen);
}

static void
letters_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VoisinsMembersPage *self = VOISINS_MEMBERS_PAGE (widget);
  GPtrArray          *checks = g_ptr_array_new ();
  GtkWidget          *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget          *scrolled = gtk_scrolled_window_new ();
  GtkRoot            *root = gtk_widget_get_root (widget);
  GtkWidget          *dialog;
  guint               n = g_list_model_get_n_items (G_LIST_MODEL (self->members));

  /* Everyone a letter can go to: never verified, or whose code expired. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VoisinsMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);
      VoisinsVerification v = voisins_member_get_verification (member);
      g_autofree char    *name = NULL;
      g_autofree char    *label = NULL;
      GtkWidget          *check;

      if ((v != VOISINS_VERIFICATION_UNVERIFIED && v != VOISINS_VERIFICATION_EXPIRED) ||
          voisins_member_get_erased_at (member) != 0)
        continue;
      name = voisins_ui_member_full_name (member);
      /* TRANSLATORS: "<name> — <address>" in the list of letters to send */
      label = g_strdup_printf (
          _ ("%s — %s"), name,
          voisins_member_get_address (member) ? voisins_member_get_address (member) : "");
      check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data_full (G_OBJECT (check), "voisins-member", g_object_ref (member),
                              g_object_unref);
      gtk_box_append (GTK_BOX (box), check);
      g_ptr_array_add (checks, check);
    }

  dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Letters for Unverified Members"),
      checks->len ? _ ("The server makes a one-time code for each neighbour "
                       "ticked below; then print the letters or save them "
                       "as a PDF.")
                  : _ ("Every neighbour is verified, or has a letter on its "
                       "way."));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  if (checks->len)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), NULL);
  if (checks->len)
    {
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "send",
                                        _ ("_Make the Letters"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  g_object_set_data_full (G_OBJECT (dialog), "voisins-checks", checks,
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_letters_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* }}} */

static void
on_members_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsMembersPage *self;

  members = voisins_store_list_members_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VOISINS_MEMBERS_PAGE (user_data);

  if (members == NULL)
    {
      g_warning ("Could not list members: %s", error->message);
      return;
    }

  if (gtk_drop_down_get_selected (self->filter_dropdown) == FILTER_HOLIDAY)
    load_campaign (self);

  /* Read again after a sync or an edit: the record on screen stays on screen. */
  if (self->select_id == NULL)
    {
      VoisinsMember *shown = gtk_single_selection_get_selected_item (self->selection);

      self->select_id = shown ? g_strdup (voisins_member_get_id (shown)) : NULL;
    }

  g_list_store_splice (self->members, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       members->pdata, members->len);
  update_count (self);
  update_letters_button (self);

  if (self->select_id != NULL)
    {
      /* Positions in the list as filtered, which is what the view shows. */
      GListModel *shown = gtk_single_selection_get_model (self->selection);
      guint n = g_list_model_get_n_items (shown);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VoisinsMember) m = g_list_model_get_item (shown, i);

          if (g_strcmp0 (voisins_member_get_id (m), self->select_id) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              /* GTK 4.8 has no gtk_list_view_scroll_to (). */
              gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                          "u", i);
              break;
            }
        }
      g_clear_pointer (&self->select_id, g_free);
      /* The record on the right follows what the store now says of her. */
      on_selection_changed (self);
    }
}

static void
reload (VoisinsMembersPage *self)
{
  if (self->store == NULL)
    return;

  g_clear_handle_id (&self->deferred_load, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The page outlives the query: a cancelled query never touches it. */
  voisins_store_list_members_async (self->store, self->association_id, self->search,
                                    self->cancellable, on_members_ready, self);
}

static void
deferred_load_cb (gpointer data)
{
  VoisinsMembersPage *self = data;

  self->deferred_load = 0;
  reload (self);
}

/* The role may come with a later sync: asked again each time the page shows or reloads. */
static void
update_spreadsheet_button (VoisinsMembersPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spreadsheet_button),
                          voisins_members_io_allowed (self->store, self->association_id));
}

static void
on_page_map (VoisinsMembersPage *self)
{
  update_spreadsheet_button (self);
  if (self->reload_when_shown)
    {
      self->reload_when_shown = FALSE;
      reload (self);
    }
}

static void
voisins_members_page_dispose (GObject *object)
{
  VoisinsMembersPage *self = (VoisinsMembersPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Its callback takes the page. */
  g_clear_handle_id (&self->deferred_load, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_MEMBERS_PAGE);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->members);
  g_clear_object (&self->client);
  g_clear_pointer (&self->in_campaign, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->select_id, g_free);

  G_OBJECT_CLASS (voisins_members_page_parent_class)->dispose (object);
}

static void
voisins_members_page_class_init (VoisinsMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_members_page_dispose;

  g_type_ensure (VOISINS_TYPE_MEMBER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, detail);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, letters_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, list_view);
  gtk_widget_class_install_action (widget_class, "members.letters", NULL, letters_action);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, spreadsheet_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_members_page_init (VoisinsMembersPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_page_map), NULL);

  self->members = g_list_store_new (VOISINS_TYPE_MEMBER);
  self->filter = gtk_custom_filter_new (filter_member, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->members)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  update_letters_button (self);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_row_activated), self);
  voisins_ui_a11y_list_one_tab_stop (GTK_WIDGET (self->list_view));
}

GtkWidget *
voisins_members_page_new (void)
{
  return g_object_new (VOISINS_TYPE_MEMBERS_PAGE, NULL);
}

void
voisins_members_page_set_store (VoisinsMembersPage *self,
                                VoisinsStore       *store,
                                const char         *association_id)
{
  g_return_if_fail (VOISINS_IS_MEMBERS_PAGE (self));

  g_set_object (&self->store, store);
  voisins_set_str (&self->association_id, association_id);
  update_spreadsheet_button (self);

  /* At start-up the posts list comes first: the members follow a moment later, unless
   * they are what is on screen. */
  g_clear_handle_id (&self->deferred_load, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->deferred_load = g_timeout_add_once (400, deferred_load_cb, self);
}

void
voisins_members_page_set_search (VoisinsMembersPage *self,
                                 const char         *search)
{
  g_return_if_fail (VOISINS_IS_MEMBERS_PAGE (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  if (!voisins_set_str (&self->search, search))
    return;

  /* Typing in the posts view does not re-read the members behind it: they follow when
   * their page is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->reload_when_shown = TRUE;
}

void
voisins_members_page_reload (VoisinsMembersPage *self)
{
  g_return_if_fail (VOISINS_IS_MEMBERS_PAGE (self));

  if (self->store == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->reload_when_shown = TRUE;
}

void
voisins_members_page_select_member (VoisinsMembersPage *self,
                                    const char         *id)
{
  g_return_if_fail (VOISINS_IS_MEMBERS_PAGE (self));

  voisins_set_str (&self->select_id, id);
  /* Read again, so that a neighbour just recorded is there to select. */
  reload (self);
}

GListModel *
voisins_members_page_get_model (VoisinsMembersPage *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->members);
}

void
voisins_members_page_set_sync_client (VoisinsMembersPage *self, VoisinsSyncClient *client)
{
  g_return_if_fail (VOISINS_IS_MEMBERS_PAGE (self));

  g_set_object (&self->client, client);
  voisins_member_detail_set_sync_client (self->detail, client);
  update_letters_button (self);
}
