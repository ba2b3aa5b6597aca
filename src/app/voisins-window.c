/* voisins-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-association-dialog.h"
#include "voisins-calendar-feed-dialog.h"
#include "voisins-event-ics.h"
#include "voisins-follow-up-dialog.h"
#include "voisins-holiday-page.h"
#include "voisins-map.h"
#include "voisins-member-editor.h"
#include "voisins-members-io.h"
#include "voisins-members-page.h"
#include "voisins-post-editor.h"
#include "voisins-posts-page.h"
#include "voisins-preferences-window.h"
#include "voisins-poster.h"
#include "voisins-sync-banner.h"
#include "voisins-sync-indicator.h"
#include "voisins-ui-util.h"
#include "voisins-window.h"

struct _VoisinsWindow
{
  AdwApplicationWindow  parent_instance;

  VoisinsStore         *store;
  VoisinsAssociation   *association;
  GSettings            *settings;
  GListStore           *all_members;
  GCancellable         *cancellable;
  GtkWindow            *editor;
  GtkWindow            *member_editor;
  GSignalGroup         *manager_signals;
  /* view name -> its own search text: what is typed in Neighbours does not filter Posts */
  GHashTable           *search_texts;
  char                 *focus_post_id;
  guint                 focus_post_source;
  guint                 focus_post_tries;

  /* template children */
  AdwStatusPage        *error_page;
  GtkBox               *map_box;
  VoisinsHolidayPage   *holiday_page;
  GtkStack             *main_stack;
  VoisinsMembersPage   *members_page;
  VoisinsPostsPage     *posts_page;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  VoisinsSyncBanner    *sync_banner;
  VoisinsSyncIndicator *sync_indicator;
  VoisinsMap           *map;
};

G_DEFINE_FINAL_TYPE (VoisinsWindow, voisins_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_map_source  (VoisinsWindow *self);
static void on_network_changed (VoisinsWindow *self,
                                gboolean       available);

static void
load_members_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsWindow *self;

  members = voisins_store_list_members_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VOISINS_WINDOW (user_data);
  if (members == NULL)
    {
      g_warning ("Could not list members: %s", error->message);
      return;
    }

  g_list_store_splice (self->all_members, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->all_members)),
                       members->pdata, members->len);
}

static void
reload_members (VoisinsWindow *self)
{
  if (self->store == NULL || self->cancellable == NULL)
    return;

  voisins_store_list_members_async (self->store,
                                    self->association
                                      ? voisins_association_get_id (self->association) : NULL,
                                    NULL, self->cancellable, load_members_cb, self);
}

/* A local edit or a sync: every list of neighbours reads the store again (before, a sync
 * that brought neighbours left "0 neighbours" until a restart). */
static void
on_members_changed (VoisinsWindow *self,
                    const char    *id)
{
  reload_members (self);
  voisins_members_page_reload (self->members_page);
}

static void
on_search_changed (VoisinsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name == NULL)
    return;

  g_hash_table_replace (self->search_texts, g_strdup (name), g_strdup (text));
  if (g_str_equal (name, "posts"))
    voisins_posts_page_set_search (self->posts_page, text);
  else if (g_str_equal (name, "members"))
    voisins_members_page_set_search (self->members_page, text);
}

static void ensure_map (VoisinsWindow *self);
static void on_holiday_show_on_map (VoisinsWindow *self);

static void
on_visible_view_changed (VoisinsWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  g_autofree char *text = NULL;

  if (name == NULL)
    return;

  if (g_str_equal (name, "map"))
    ensure_map (self);

  if (self->store != NULL)
    g_settings_set_string (self->settings, "last-view", name);

  /* Each view keeps its own search: the entry shows the one of the view now visible. */
  /* A copy: emptying the entry on the way reports "search-changed" at once, which replaces
   * the table's string. */
  text = g_strdup (g_hash_table_lookup (self->search_texts, name));
  if (g_strcmp0 (text ? text : "", gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
}

static gboolean
focus_opened_post_cb (gpointer user_data)
{
  VoisinsWindow *self = user_data;
  VoisinsPost *post = voisins_posts_page_get_selected_post (self->posts_page);

  if (self->focus_post_id == NULL)
    return G_SOURCE_REMOVE;

  /* The list may still be loading the post: look again shortly, for a while. */
  if ((post == NULL || g_strcmp0 (voisins_post_get_id (post), self->focus_post_id) != 0)
      && ++self->focus_post_tries < 40)
    return G_SOURCE_CONTINUE;

  if (post != NULL && g_strcmp0 (voisins_post_get_id (post), self->focus_post_id) == 0)
    voisins_posts_page_focus_detail (self->posts_page);

  g_clear_pointer (&self->focus_post_id, g_free);
  self->focus_post_source = 0;

  return G_SOURCE_REMOVE;
}

/* One view switcher for a screen reader too: the one shown, not its hidden twin (the header's
 * when it is squeezed to the title, the bottom bar when it is not revealed). */
static void
on_switcher_placement (VoisinsWindow *self)
{
  gboolean at_bottom = adw_view_switcher_title_get_title_visible (self->switcher_title);

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->switcher_bar), GTK_ACCESSIBLE_STATE_HIDDEN,
                               !at_bottom, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->switcher_title),
                               GTK_ACCESSIBLE_STATE_HIDDEN, at_bottom, -1);
}

/* A post opened from the map: the keyboard goes with it, not to the first filter. */
static void
on_post_activated (VoisinsWindow *self,
                   const char    *id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  voisins_posts_page_select_post (self->posts_page, id);

  g_free (self->focus_post_id);
  self->focus_post_id = g_strdup (id);
  self->focus_post_tries = 0;
  if (self->focus_post_source == 0)
    self->focus_post_source = g_timeout_add (50, focus_opened_post_cb, self);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
}

static void on_add_member_for (VoisinsWindow *self,
                               GtkDropDown   *dropdown);

static void
on_editor_saved (VoisinsWindow *self,
                 VoisinsPost   *post,
                 gboolean       created)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  voisins_posts_page_focus_post (self->posts_page, voisins_post_get_id (post));
  voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (created ? _("Post published")
                                                         : _("Changes saved")));

  /* Without the store's signal, refresh here. */
  if (g_signal_lookup ("posts-changed", VOISINS_TYPE_STORE) == 0)
    voisins_post_list_refresh (voisins_posts_page_get_list (self->posts_page));
}

static void
open_editor (VoisinsWindow *self,
             VoisinsPost   *post)
{
  VoisinsPostEditor *editor;

  if (self->store == NULL)
    return;

  if (self->editor != NULL)
    {
      gtk_window_present (self->editor);
      return;
    }

  editor = voisins_post_editor_new (GTK_WINDOW (self), self->store,
                                    self->association
                                      ? voisins_association_get_id (self->association) : NULL,
                                    G_LIST_MODEL (self->all_members), post);
  g_signal_connect_swapped (editor, "saved", G_CALLBACK (on_editor_saved), self);
  g_signal_connect_object (editor, "add-member", G_CALLBACK (on_add_member_for), self,
                           G_CONNECT_SWAPPED);
  self->editor = GTK_WINDOW (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &self->editor);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_member_saved (VoisinsWindow *self,
                 VoisinsMember *member,
                 gboolean       created)
{
  voisins_ui_add_toast (GTK_WIDGET (self),
                        adw_toast_new (created ? _("Neighbour recorded. She will be sent to the "
                                                   "association’s server at the next sync.")
                                               : _("Changes saved")));
  voisins_members_page_select_member (self->members_page, voisins_member_get_id (member));
}

static void
on_open_existing (VoisinsWindow *self,
                  const char    *id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "members");
  voisins_members_page_select_member (self->members_page, id);
}

static void
choose_in_dropdown (GtkDropDown   *dropdown,
                    VoisinsMember *member,
                    gboolean       created)
{
  voisins_ui_member_drop_down_select (dropdown, voisins_member_get_id (member));
}

/* The member editor, for a new neighbour (@member NULL) or hers; over @parent (the post
 * editor or the holiday intake when "Add a neighbour…" was chosen there). */
static VoisinsMemberEditor *
open_member_editor (VoisinsWindow *self,
                    GtkWindow     *parent,
                    VoisinsMember *member)
{
  VoisinsMemberEditor *editor;

  if (self->store == NULL || self->association == NULL)
    return NULL;

  if (self->member_editor != NULL)
    {
      gtk_window_present (self->member_editor);
      return NULL;
    }

  editor = voisins_member_editor_new (parent ? parent : GTK_WINDOW (self), self->store,
                                      voisins_association_get_id (self->association), member);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_member_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "open-existing", G_CALLBACK (on_open_existing), self,
                           G_CONNECT_SWAPPED);
  self->member_editor = GTK_WINDOW (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &self->member_editor);
  gtk_window_present (GTK_WINDOW (editor));

  return editor;
}

static void
on_add_member_for (VoisinsWindow *self,
                   GtkDropDown   *dropdown)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (dropdown));
  VoisinsMemberEditor *editor;

  editor = open_member_editor (self, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL);
  if (editor != NULL)
    g_signal_connect_object (editor, "saved", G_CALLBACK (choose_in_dropdown), dropdown,
                             G_CONNECT_SWAPPED);
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  open_member_editor (VOISINS_WINDOW (widget), NULL, NULL);
}

static void
edit_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  member = voisins_store_get_member (self->store, g_variant_get_string (param, NULL), &error);
  if (member == NULL)
    {
      voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  open_member_editor (self, NULL, member);
}

static void
new_post_for_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);

  open_editor (self, NULL);
  if (self->editor != NULL)
    voisins_post_editor_select_member (VOISINS_POST_EDITOR (self->editor),
                                       g_variant_get_string (param, NULL));
}

/* win.show-member: a neighbour's record in the Neighbours view ("Posted by" of a post). */
static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "members");
  voisins_members_page_select_member (self->members_page, g_variant_get_string (param, NULL));
}

static void
show_post_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  on_post_activated (VOISINS_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
new_post_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  open_editor (VOISINS_WINDOW (widget), NULL);
}

/* win.import-members, win.export-members: the members' spreadsheet (voisins-members-io.c). */
static void
members_io_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsSyncManager) manager = NULL;
  const char *association_id = self->association ? voisins_association_get_id (self->association)
                                                 : NULL;

  if (self->manager_signals)
    manager = g_signal_group_dup_target (self->manager_signals);
  if (manager == NULL || !voisins_members_io_allowed (self->store, association_id))
    {
      voisins_ui_add_toast (widget, adw_toast_new (_("Only coordinators import and export the "
                                                     "members, logged in to the server.")));
      return;
    }
  if (g_str_equal (action_name, "win.import-members"))
    voisins_members_io_import (GTK_WINDOW (self), voisins_sync_manager_get_client (manager),
                               association_id);
  else
    voisins_members_io_export (GTK_WINDOW (self), voisins_sync_manager_get_client (manager),
                               association_id);
}

static void
edit_post_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  post = voisins_store_get_post (self->store, g_variant_get_string (param, NULL), &error);
  if (post == NULL)
    {
      voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  open_editor (self, post);
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "map");
  ensure_map (self);
  voisins_map_select_post (self->map, g_variant_get_string (param, NULL));
}

/* The coordinator's follow-up (voisins-follow-up-dialog.c): where the server's rules let
 * this login follow up every request (GET /me, kept by the sync client); at a desk with no
 * login, where whoever runs it has every record already; else, with an older server, for
 * coordinators. */
static void
update_follow_up_action (VoisinsWindow *self)
{
  VoisinsRole role;
  gboolean enabled = self->store != NULL && self->association != NULL;
  gboolean may;

  if (enabled && voisins_store_get_may_follow_up (
                     self->store, voisins_association_get_id (self->association), &may))
    enabled = may;
  else if (enabled && voisins_store_get_role (
                          self->store, voisins_association_get_id (self->association), &role))
    enabled = role >= VOISINS_ROLE_COORDINATOR;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.follow-up", enabled);
}

static void
follow_up_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);

  if (self->store == NULL || self->association == NULL)
    return;
  gtk_window_present (GTK_WINDOW (voisins_follow_up_dialog_new (
      GTK_WINDOW (self), self->store, voisins_association_get_id (self->association))));
}

/* Coordinators only: the rules table lets only them change what every letter prints. */
static void
update_association_action (VoisinsWindow *self)
{
  g_autoptr(VoisinsSyncManager) manager = NULL;
  VoisinsRole role = VOISINS_ROLE_VOLUNTEER;

  if (self->manager_signals)
    manager = g_signal_group_dup_target (self->manager_signals);
  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "win.association-details",
      manager != NULL && self->store != NULL && self->association != NULL &&
          voisins_store_get_role (self->store, voisins_association_get_id (self->association),
                                  &role) &&
          role >= VOISINS_ROLE_COORDINATOR);
  update_follow_up_action (self);
}

static void
on_association_saved (VoisinsWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), voisins_association_get_name (self->association));
  voisins_ui_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("Association details saved: the letters print them")));
}

static void
association_details_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsSyncManager) manager = NULL;
  VoisinsAssociationDialog *dialog;

  if (self->manager_signals)
    manager = g_signal_group_dup_target (self->manager_signals);
  if (manager == NULL || self->association == NULL)
    return;
  dialog = voisins_association_dialog_new (GTK_WINDOW (self),
                                           voisins_sync_manager_get_client (manager),
                                           self->association);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_association_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* {{{ the events outside the app: a calendar, a feed, a poster */

/* win.add-to-calendar (a post id): one event saved as .ics (voisins-event-ics.c). */
static void
add_to_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  post = voisins_store_get_post (self->store, g_variant_get_string (param, NULL), &error);
  if (post == NULL)
    {
      voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  voisins_event_ics_save (widget, post);
}

/* The feed is the user's own, from the server: it needs a login, and any role has one. */
static void
update_calendar_actions (VoisinsWindow *self)
{
  g_autoptr(VoisinsSyncManager) manager = NULL;

  if (self->manager_signals)
    manager = g_signal_group_dup_target (self->manager_signals);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.calendar-feed",
                                 manager != NULL && self->association != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-poster",
                                 self->store != NULL && self->association != NULL);
}

static void
calendar_feed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VoisinsWindow *self = VOISINS_WINDOW (widget);
  g_autoptr(VoisinsSyncManager) manager = NULL;
  VoisinsCalendarFeedDialog *dialog;

  if (self->manager_signals)
    manager = g_signal_group_dup_target (self->manager_signals);
  if (manager == NULL || self->association == NULL)
    return;
  dialog = voisins_calendar_feed_dialog_new (GTK_WINDOW (self),
                                             voisins_sync_manager_get_client (manager),
                                             voisins_association_get_id (self->association));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
voisins_window_print_poster (VoisinsWindow  *self,
                             const char     *pdf_path,
                             GError        **error)
{
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(VoisinsPoster) poster = NULL;

  g_return_val_if_fail (VOISINS_IS_WINDOW (self), FALSE);

  if (self->store == NULL || self->association == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("Open an association first."));
      return FALSE;
    }
  if (!(posts = voisins_poster_query_posts (self->store,
                                            voisins_association_get_id (self->association),
                                            error)))
    return FALSE;
  poster = voisins_poster_new (self->association, posts, g_get_real_time () / G_USEC_PER_SEC);
  return voisins_poster_print (poster, GTK_WINDOW (self), pdf_path, error);
}

static void
print_poster_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GError) error = NULL;

  if (!voisins_window_print_poster (VOISINS_WINDOW (widget), NULL, &error))
    voisins_ui_add_toast (widget, adw_toast_new (error->message));
}

/* }}} */

static gboolean
voisins_window_close_request (GtkWindow *window)
{
  VoisinsWindow *self = VOISINS_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (voisins_window_parent_class)->close_request (window);
}

static void
voisins_window_dispose (GObject *object)
{
  VoisinsWindow *self = (VoisinsWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->focus_post_source, g_source_remove);
  g_clear_pointer (&self->focus_post_id, g_free);
  g_clear_object (&self->manager_signals);
  if (self->editor != NULL)
    gtk_window_destroy (self->editor);
  if (self->member_editor != NULL)
    gtk_window_destroy (self->member_editor);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_WINDOW);

  G_OBJECT_CLASS (voisins_window_parent_class)->dispose (object);
}

static void
voisins_window_finalize (GObject *object)
{
  VoisinsWindow *self = (VoisinsWindow *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->association);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->search_texts, g_hash_table_unref);
  g_clear_object (&self->all_members);

  G_OBJECT_CLASS (voisins_window_parent_class)->finalize (object);
}

static void
voisins_window_class_init (VoisinsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = voisins_window_dispose;
  object_class->finalize = voisins_window_finalize;
  window_class->close_request = voisins_window_close_request;

  g_type_ensure (VOISINS_TYPE_HOLIDAY_PAGE);
  g_type_ensure (VOISINS_TYPE_MEMBERS_PAGE);
  g_type_ensure (VOISINS_TYPE_POSTS_PAGE);
  g_type_ensure (VOISINS_TYPE_SYNC_BANNER);
  g_type_ensure (VOISINS_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, holiday_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, map_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, posts_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, VoisinsWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_view_changed);

  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-post", NULL, new_post_action);
  gtk_widget_class_install_action (widget_class, "win.new-post-for", "s", new_post_for_action);
  gtk_widget_class_install_action (widget_class, "win.add-member", NULL, add_member_action);
  gtk_widget_class_install_action (widget_class, "win.edit-member", "s", edit_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-member", "s", show_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-post", "s", show_post_action);
  gtk_widget_class_install_action (widget_class, "win.edit-post", "s", edit_post_action);
  gtk_widget_class_install_action (widget_class, "win.show-on-map", "s", show_on_map_action);
  gtk_widget_class_install_action (widget_class, "win.import-members", NULL, members_io_action);
  gtk_widget_class_install_action (widget_class, "win.export-members", NULL, members_io_action);
  gtk_widget_class_install_action (widget_class, "win.association-details", NULL,
                                   association_details_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-calendar", "s",
                                   add_to_calendar_action);
  gtk_widget_class_install_action (widget_class, "win.calendar-feed", NULL, calendar_feed_action);
  gtk_widget_class_install_action (widget_class, "win.print-poster", NULL, print_poster_action);
  gtk_widget_class_install_action (widget_class, "win.follow-up", NULL, follow_up_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.view", "s", "posts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.view", "s", "map");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "win.view", "s", "members");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK,
                                       "win.view", "s", "holiday");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-post", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-member", NULL);
}

static void
voisins_window_init (VoisinsWindow *self)
{
  g_autofree char *last_view = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("org.voisins.Voisins");
  self->all_members = g_list_store_new (VOISINS_TYPE_MEMBER);
  self->cancellable = g_cancellable_new ();
  self->search_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (on_switcher_placement), self);
  on_switcher_placement (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  voisins_posts_page_set_members (self->posts_page, G_LIST_MODEL (self->all_members));
  g_signal_connect_object (self->settings, "changed::map-source",
                           G_CALLBACK (update_map_source), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-path",
                           G_CALLBACK (update_map_source), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::tile-url",
                           G_CALLBACK (update_map_source), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);

  last_view = g_settings_get_string (self->settings, "last-view");
  adw_view_stack_set_visible_child_name (self->view_stack, last_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.association-details", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.calendar-feed", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-poster", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.follow-up", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-post", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-member", FALSE);
  g_signal_connect_object (self->holiday_page, "add-member", G_CALLBACK (on_add_member_for), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->holiday_page, "notify::show-on-map",
                           G_CALLBACK (on_holiday_show_on_map), self, G_CONNECT_SWAPPED);
}

VoisinsWindow *
voisins_window_new (AdwApplication *app,
                    VoisinsStore   *store)
{
  VoisinsWindow *self;

  self = g_object_new (VOISINS_TYPE_WINDOW, "application", app, NULL);
  if (store != NULL)
    voisins_window_set_store (self, store);

  return self;
}

static gboolean
show_association_basemap (VoisinsWindow *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->association == NULL)
    return FALSE;

  path =
      voisins_store_dup_basemap_path (self->store, voisins_association_get_id (self->association));
  if (path == NULL)
    return FALSE;

  if (voisins_map_set_mbtiles (self->map, path, &error))
    return TRUE;

  g_warning ("The association's basemap could not be opened: %s", error->message);
  return FALSE;
}

static gboolean
show_mbtiles_file (VoisinsWindow *self,
                   gboolean       chosen)
{
  g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-path");
  g_autoptr(GError) error = NULL;

  if (*path == '\0')
    return FALSE;

  if (voisins_map_set_mbtiles (self->map, path, &error))
    return TRUE;

  if (chosen)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is why the offline map file could not be read */
      message = g_strdup_printf (_("The offline map could not be opened: %s"), error->message);
      voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
    }

  return FALSE;
}

/* OpenStreetMap's tiles, when they can be reached. Tests and screenshots never reach a
 * tile server (VOISINS_TILE_SOURCE=none|test). */
static gboolean
show_online_tiles (VoisinsWindow *self)
{
  const char *forced = g_getenv ("VOISINS_TILE_SOURCE");
  g_autofree char *url = g_settings_get_string (self->settings, "tile-url");
  g_autofree char *attribution = g_settings_get_string (self->settings, "tile-attribution");

  if (forced != NULL && (g_str_equal (forced, "none") || g_str_equal (forced, "test")))
    return FALSE;
  if (*url == '\0' || !g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    return FALSE;

  voisins_map_set_tile_url (self->map, url, attribution);

  return TRUE;
}

/* The basemap the "map-source" setting asks for, or the best one this laptop has; with
 * none, the plain background and one line saying why (issue 13). Called again when the
 * setting changes and when the sync installs the association's basemap: no restart. */
static void
update_map_source (VoisinsWindow *self)
{
  int choice = g_settings_get_enum (self->settings, "map-source");
  gboolean shown = FALSE;

  if (self->map == NULL)
    return;

  switch (choice)
    {
    case VOISINS_MAP_SOURCE_OPENSTREETMAP:
      shown = show_online_tiles (self);
      break;
    case VOISINS_MAP_SOURCE_FILE:
      shown = show_mbtiles_file (self, TRUE);
      break;
    case VOISINS_MAP_SOURCE_ASSOCIATION:
    default:
      break;
    }

  /* What the laptop holds comes next: a street map beats an empty field. */
  if (!shown)
    shown = show_association_basemap (self);
  if (!shown && choice != VOISINS_MAP_SOURCE_FILE)
    shown = show_mbtiles_file (self, FALSE);

  if (shown)
    {
      voisins_map_set_note (self->map, NULL);
      return;
    }

  voisins_map_set_plain_tiles (self->map, FALSE);
  if (choice == VOISINS_MAP_SOURCE_OPENSTREETMAP)
    voisins_map_set_note (self->map, _("OpenStreetMap cannot be reached and this laptop has no "
                                       "street map yet: it is downloaded at the next sync"));
  else
    voisins_map_set_note (self->map, _("No street map on this laptop yet: it is downloaded at "
                                       "the next sync"));
}

/* OpenStreetMap chosen, and the network comes or goes. */
static void
on_network_changed (VoisinsWindow *self,
                    gboolean       available)
{
  if (g_settings_get_enum (self->settings, "map-source") == VOISINS_MAP_SOURCE_OPENSTREETMAP)
    update_map_source (self);
}

static void
on_basemap_changed (VoisinsWindow *self,
                    const char    *association_id)
{
  if (self->association != NULL
      && g_strcmp0 (association_id, voisins_association_get_id (self->association)) == 0)
    update_map_source (self);
}

static void
setup_map (VoisinsWindow *self)
{
  if (self->map == NULL)
    return;

  if (self->association != NULL && voisins_association_get_boundary (self->association))
    {
      voisins_map_set_boundary (self->map, voisins_association_get_boundary (self->association));
      voisins_map_center_on_boundary (self->map);
    }

  voisins_map_set_model (self->map, G_LIST_MODEL (voisins_posts_page_get_list (self->posts_page)));
  voisins_map_set_address_base (self->map, self->store,
                                self->association ? voisins_association_get_id (self->association)
                                                  : NULL);

  update_map_source (self);
}

/* The map is built when first shown (or asked for): at start-up the list is what shows,
 * and libshumate's widgets, layers and tile source were on the first frame's path. */
static void
ensure_map (VoisinsWindow *self)
{
  if (self->map != NULL)
    return;

  self->map = VOISINS_MAP (voisins_map_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_box_append (self->map_box, GTK_WIDGET (self->map));
  if (g_signal_lookup ("post-activated", VOISINS_TYPE_MAP) != 0)
    g_signal_connect_swapped (self->map, "post-activated", G_CALLBACK (on_post_activated), self);

  if (self->store != NULL)
    {
      voisins_holiday_page_set_map (self->holiday_page, self->map);
      setup_map (self);
    }
}

/* The holiday plan asked to be drawn on the map: its layer needs the map. */
static void
on_holiday_show_on_map (VoisinsWindow *self)
{
  gboolean shown = FALSE;

  g_object_get (self->holiday_page, "show-on-map", &shown, NULL);
  if (shown)
    ensure_map (self);
}

void
voisins_window_set_store (VoisinsWindow *self,
                          VoisinsStore  *store)
{
  g_autoptr(GPtrArray) associations = NULL;
  g_autoptr(GError) error = NULL;
  const char *association_id = NULL;

  g_return_if_fail (VOISINS_IS_WINDOW (self));
  g_return_if_fail (VOISINS_IS_STORE (store));

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, on_members_changed, self);
      g_signal_handlers_disconnect_by_func (self->store, on_basemap_changed, self);
    }
  g_set_object (&self->store, store);
  g_clear_object (&self->association);
  g_signal_connect_object (store, "members-changed", G_CALLBACK (on_members_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "basemap-changed", G_CALLBACK (on_basemap_changed), self,
                           G_CONNECT_SWAPPED);

  associations = voisins_store_list_associations (store, &error);
  if (associations != NULL && associations->len > 0)
    {
      self->association = g_object_ref (g_ptr_array_index (associations, 0));
      association_id = voisins_association_get_id (self->association);
      gtk_window_set_title (GTK_WINDOW (self), voisins_association_get_name (self->association));
    }

  voisins_posts_page_set_store (self->posts_page, store, self->association);
  voisins_members_page_set_store (self->members_page, store, association_id);
  voisins_holiday_page_set_store (self->holiday_page, store, self->association,
                                  G_LIST_MODEL (self->all_members), self->map);
  setup_map (self);

  voisins_store_list_members_async (store, association_id, NULL, self->cancellable,
                                    load_members_cb, self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-post", self->association != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-member", self->association != NULL);
  update_association_action (self);
  update_calendar_actions (self);

  if (self->association == NULL)
    {
      voisins_window_show_status (self, _("No Association Yet"),
                                  _("This database holds no association. Sync with your "
                                    "association’s server, or start Voisins with --demo to "
                                    "try it with a demo quartier."));
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "views");
}

VoisinsStore *
voisins_window_get_store (VoisinsWindow *self)
{
  g_return_val_if_fail (VOISINS_IS_WINDOW (self), NULL);

  return self->store;
}

void
voisins_window_show_status (VoisinsWindow *self,
                            const char    *title,
                            const char    *description)
{
  g_return_if_fail (VOISINS_IS_WINDOW (self));

  adw_status_page_set_icon_name (self->error_page, "dialog-information-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

void
voisins_window_show_error (VoisinsWindow *self,
                           const GError  *error,
                           const char    *path)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped_message = NULL;
  g_autofree char *escaped_path = NULL;
  const char *title;

  g_return_if_fail (VOISINS_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_CORRUPT))
    title = _("The Database Is Damaged");
  else if (g_error_matches (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_TOO_NEW))
    title = _("The Database Is From a Newer Voisins");
  else
    title = _("The Database Could Not Be Opened");

  escaped_message = g_markup_escape_text (error->message, -1);
  escaped_path = g_markup_escape_text (path ? path : "", -1);
  /* TRANSLATORS: the reason, then the path of the database file */
  description = g_strdup_printf (_("%s\n\nFile: <tt>%s</tt>\n\nThe file was left untouched. "
                                   "Keep a copy and ask your association’s coordinator."),
                                 escaped_message, escaped_path);

  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-post", FALSE);
}

GtkWindow *
voisins_window_show_preferences (VoisinsWindow *self)
{
  GtkWidget *preferences;

  g_return_val_if_fail (VOISINS_IS_WINDOW (self), NULL);

  preferences = voisins_preferences_window_new (GTK_WINDOW (self), self->store,
                                                self->association
                                                ? voisins_association_get_id (self->association)
                                                : NULL);
  gtk_window_present (GTK_WINDOW (preferences));

  return GTK_WINDOW (preferences);
}

GtkWidget *
voisins_window_get_map (VoisinsWindow *self)
{
  g_return_val_if_fail (VOISINS_IS_WINDOW (self), NULL);

  ensure_map (self);
  return GTK_WIDGET (self->map);
}

GtkWindow *
voisins_window_get_member_editor (VoisinsWindow *self)
{
  g_return_val_if_fail (VOISINS_IS_WINDOW (self), NULL);

  return self->member_editor;
}

GtkWindow *
voisins_window_get_editor (VoisinsWindow *self)
{
  g_return_val_if_fail (VOISINS_IS_WINDOW (self), NULL);

  return self->editor;
}

static void
on_manager_toast (VoisinsWindow *self,
                  AdwToast      *toast)
{
  voisins_ui_add_toast (GTK_WIDGET (self), g_object_ref (toast));
}

void
voisins_window_set_sync_manager (VoisinsWindow      *self,
                                 VoisinsSyncManager *manager)
{
  g_return_if_fail (VOISINS_IS_WINDOW (self));

  /* The manager cannot see the window: it says what to show, the window shows it. */
  if (self->manager_signals == NULL)
    {
      self->manager_signals = g_signal_group_new (VOISINS_TYPE_SYNC_MANAGER);
      g_signal_group_connect_object (self->manager_signals, "toast",
                                     G_CALLBACK (on_manager_toast), self, G_CONNECT_SWAPPED);
      g_signal_group_connect_object (self->manager_signals, "store-reset",
                                     G_CALLBACK (voisins_window_set_store), self,
                                     G_CONNECT_SWAPPED);
    }
  g_signal_group_set_target (self->manager_signals, manager);
  /* The role arrives with the first sync after a login. */
  if (manager)
    g_signal_connect_object (voisins_sync_manager_get_client (manager), "notify::last-synced",
                             G_CALLBACK (update_association_action), self, G_CONNECT_SWAPPED);
  update_association_action (self);
  update_calendar_actions (self);

  voisins_sync_indicator_set_manager (self->sync_indicator, manager);
  voisins_sync_banner_set_manager (self->sync_banner, manager);
  voisins_members_page_set_sync_client (self->members_page,
                                        manager ? voisins_sync_manager_get_client (manager) : NULL);
}
