/* voisins-posts-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-post-detail.h"
#include "voisins-post-row.h"
#include "voisins-posts-page.h"
#include "voisins-ui-a11y.h"
#include "voisins-ui-util.h"

struct _VoisinsPostsPage
{
  GtkWidget           parent_instance;

  VoisinsStore       *store;
  VoisinsAssociation *association;
  VoisinsPostList    *list;
  GtkSingleSelection *selection;
  GListModel         *members;
  char               *pending_select_id;
  char               *selected_id;
  gulong              posts_changed_id;
  gboolean            by_distance;
  /* The keyboard's focus after an action: the row of this post once it is drawn, and the
   * next action once the pane shows this status (-1: none). */
  char               *focus_id;
  guint               focus_tick;
  guint               focus_frames;
  int                 refocus_status;

  /* template children */
  GtkDropDown        *category_dropdown;
  GtkLabel           *count_label;
  GtkDropDown        *date_dropdown;
  VoisinsPostDetail  *detail;
  AdwStatusPage      *empty_page;
  GtkDropDown        *kind_dropdown;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkDropDown        *near_dropdown;
  GtkButton          *reset_button;
  GtkDropDown        *sort_dropdown;
  GtkDropDown        *status_dropdown;
};

G_DEFINE_FINAL_TYPE (VoisinsPostsPage, voisins_posts_page, GTK_TYPE_WIDGET)

/* Positions of status_dropdown's items. */
static const int status_filter[] = {
  VOISINS_POST_STATUS_OPEN,
  VOISINS_POST_STATUS_MATCHED,
  VOISINS_POST_STATUS_DONE,
  VOISINS_POST_STATUS_CANCELLED,
  VOISINS_POST_STATUS_EXPIRED,
  -1,
};
/* "Any status": what "Reset Filters" chooses, so that a search finds closed posts too. */
#define STATUS_ANY (G_N_ELEMENTS (status_filter) - 1)

static const char *
place_name (VoisinsPostsPage *self)
{
  if (self->association == NULL)
    return NULL;

  return voisins_association_get_quartier (self->association);
}

/* Whether the user is a coordinator, or at a desk with no login (a local store, where whoever
 * runs the app has every record already). */
static gboolean
is_coordinator (VoisinsPostsPage *self)
{
  VoisinsRole role;

  if (self->store == NULL || self->association == NULL ||
      !voisins_store_get_role (self->store, voisins_association_get_id (self->association),
                               &role))
    return TRUE;
  return role >= VOISINS_ROLE_COORDINATOR;
}

/* The server's rule (docs/api.md, "Who may do what"): a volunteer edits, closes or deletes
 * only the posts they recorded; coordinators any. A post the server has not said who
 * recorded (not synced yet, or a local store with no login) is left to the server. */
static gboolean
may_change_post (VoisinsPostsPage *self,
                 VoisinsPost      *post)
{
  g_autofree char *user_id = NULL;
  const char *recorded_by;

  if (post == NULL || self->store == NULL || self->association == NULL)
    return post != NULL;
  recorded_by = voisins_post_get_recorded_by (post);
  if (recorded_by == NULL || *recorded_by == '\0' || is_coordinator (self))
    return TRUE;
  user_id = voisins_store_get_user_id (self->store);
  return g_strcmp0 (user_id, recorded_by) == 0;
}

/* "Posted by" links to the neighbour's record; her phone is shown to a coordinator only,
 * from the store's member record (a volunteer's copy has no phone anyway). */
static void
update_author (VoisinsPostsPage *self,
               VoisinsPost      *post)
{
  g_autoptr(VoisinsMember) member = NULL;
  const char *author_id = post ? voisins_post_get_author_id (post) : NULL;
  const char *phone = NULL;

  if (self->store != NULL && author_id != NULL && *author_id != '\0')
    member = voisins_store_get_member (self->store, author_id, NULL);
  if (member != NULL && is_coordinator (self))
    phone = voisins_member_get_phone (member);

  voisins_post_detail_set_author (self->detail,
                                  member ? voisins_member_get_id (member) : NULL,
                                  phone);
}

static void
update_detail (VoisinsPostsPage *self)
{
  VoisinsPost *post = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(VoisinsPost) kept = NULL;
  gboolean may_change;

  /* The post looked at stays in the pane when a refresh (an edit, a status change, a sync)
   * replaces the rows or when its new status hides it from the list: read it again. */
  if (post == NULL && self->selected_id != NULL && self->store != NULL)
    {
      kept = voisins_store_get_post (self->store, self->selected_id, NULL);
      if (kept != NULL && voisins_post_get_deleted (kept))
        g_clear_object (&kept);
      post = kept;
    }

  may_change = may_change_post (self, post);
  voisins_set_str (&self->selected_id, post ? voisins_post_get_id (post) : NULL);
  voisins_post_detail_set_may_change (self->detail, may_change);
  voisins_post_detail_set_post (self->detail, post, place_name (self));
  update_author (self, post);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.edit", may_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.set-status", may_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.show-on-map", post != NULL);

  /* The button pressed may have gone with the old status: not an empty pane, the next step. */
  if (self->refocus_status >= 0 && post != NULL &&
      (int) voisins_post_get_status (post) == self->refocus_status)
    {
      self->refocus_status = -1;
      voisins_post_detail_focus_next_action (self->detail);
    }
}

static GtkWidget *
find_row_widget (GtkWidget  *widget,
                 const char *id)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (VOISINS_IS_POST_ROW (c))
        {
          VoisinsPost *post = voisins_post_row_get_post (VOISINS_POST_ROW (c));

          if (post != NULL && g_strcmp0 (voisins_post_get_id (post), id) == 0 &&
              gtk_widget_get_mapped (c))
            return gtk_widget_get_parent (c);
          continue;
        }
      if ((found = find_row_widget (c, id)) != NULL)
        return found;
    }
  return NULL;
}

/* The row exists once the list has scrolled to it and drawn it: look at each frame, for a
 * second at most, then give the focus to the pane's actions (a post its filters hide). */
static gboolean
focus_row_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  VoisinsPostsPage *self = user_data;
  GtkWidget *row = self->focus_id ? find_row_widget (GTK_WIDGET (self->list_view),
                                                     self->focus_id)
                                  : NULL;

  if (row == NULL && self->focus_id != NULL && ++self->focus_frames < 60)
    return G_SOURCE_CONTINUE;

  if (row != NULL)
    gtk_widget_grab_focus (row);
  else if (self->focus_id != NULL)
    voisins_post_detail_focus_next_action (self->detail);
  g_clear_pointer (&self->focus_id, g_free);
  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
focus_row_later (VoisinsPostsPage *self)
{
  self->focus_frames = 0;
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                     focus_row_tick, self, NULL);
}

static void
on_selection_changed (VoisinsPostsPage *self)
{
  update_detail (self);
}

static gboolean
try_select (VoisinsPostsPage *self,
            const char       *id)
{
  guint pos;

  if (self->list == NULL || id == NULL)
    return FALSE;

  pos = voisins_post_list_find (self->list, id);
  if (pos == G_MAXUINT)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
  update_detail (self);
  if (g_strcmp0 (self->focus_id, id) == 0)
    focus_row_later (self);

  return TRUE;
}

static const char *
dropdown_text (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                     : "";
}

/* The filters that are not "any", by the words their drop-downs show: “Open”, “Requests”. */
static char *
active_filters (VoisinsPostsPage *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  struct { GtkDropDown *dropdown; guint any; } filters[] = {
    { self->status_dropdown, STATUS_ANY },
    { self->kind_dropdown, 0 },
    { self->category_dropdown, 0 },
    { self->date_dropdown, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      if (gtk_drop_down_get_selected (filters[i].dropdown) == filters[i].any)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      /* TRANSLATORS: a filter's value as shown in its drop-down, in quotes */
      g_string_append_printf (out, _("“%s”"), dropdown_text (filters[i].dropdown));
    }

  return out->len > 0 ? g_strdup (out->str) : NULL;
}

/* Says why nothing shows: only the filters really set, and how many posts the search finds
 * once they are reset ("raclette" hidden by the default "Open"). */
static void
update_empty_page (VoisinsPostsPage *self)
{
  g_autofree char *filters = active_filters (self);
  g_autofree char *text = NULL;
  const char *search = voisins_post_list_get_search (self->list);
  guint without = 0;

  if (search != NULL && filters != NULL && self->store != NULL)
    {
      VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;

      q.association_id = self->association ? voisins_association_get_id (self->association)
                                           : NULL;
      q.search = search;
      without = voisins_store_count_posts (self->store, &q, NULL);
    }

  if (search != NULL && filters != NULL && without > 0)
    /* TRANSLATORS: “raclette”, then the filters: “Open”, “Requests” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Nothing matches “%s” with the filters %s. "
                                         "%u post matches it once they are reset.",
                                         "Nothing matches “%s” with the filters %s. "
                                         "%u posts match it once they are reset.", without),
                            search, filters, without);
  else if (search != NULL && filters != NULL)
    text = g_strdup_printf (_("Nothing matches “%s”, even with no filter. Try another word "
                              "or a neighbour’s name."), search);
  else if (search != NULL)
    text = g_strdup_printf (_("Nothing matches “%s”. Try another word or a neighbour’s name."),
                            search);
  else if (filters != NULL)
    text = g_strdup_printf (_("No post with the filters %s."), filters);
  else
    text = g_strdup (_("No posts yet: publish the first one with the “+” button."));

  adw_status_page_set_description (self->empty_page, text);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_button), filters != NULL);
}

static void
update_state (VoisinsPostsPage *self)
{
  guint n;
  g_autofree char *count = NULL;
  gboolean loading;

  if (self->list == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  loading = voisins_post_list_get_loading (self->list);

  /* The first rows of a search are shown before the rest are counted. */
  if (voisins_post_list_get_complete (self->list))
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post", "%u posts", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %u post",
                                          "At least %u posts", n), n);
  gtk_label_set_label (self->count_label, count);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (loading)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else
    {
      update_empty_page (self);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
}

static void
on_items_changed (VoisinsPostsPage *self)
{
  update_state (self);

  if (voisins_post_list_get_loading (self->list))
    return;

  /* A refresh replaces the rows: keep the post the volunteer was looking at. */
  if (self->pending_select_id != NULL && try_select (self, self->pending_select_id))
    g_clear_pointer (&self->pending_select_id, g_free);
  else if (self->selected_id != NULL)
    {
      g_autofree char *id = g_strdup (self->selected_id);

      if (!try_select (self, id))
        update_detail (self);
    }
  else
    update_detail (self);
}

static void
on_loading_changed (VoisinsPostsPage *self)
{
  on_items_changed (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, voisins_post_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          VoisinsPostsPage         *self)
{
  VoisinsPostRow *row = VOISINS_POST_ROW (gtk_list_item_get_child (item));
  VoisinsPost *post = gtk_list_item_get_item (item);

  voisins_post_row_set_post (row, VOISINS_IS_POST (post) ? post : NULL, self->by_distance);
  voisins_ui_a11y_set_list_item_label (item, voisins_post_row_get_accessible_label (row));
}

/* Enter on a row: the post is shown already (the arrows select), go to what can be done
 * with it. */
static void
on_row_activated (VoisinsPostsPage *self,
                  guint             position)
{
  gtk_single_selection_set_selected (self->selection, position);
  update_detail (self);
  if (!voisins_post_detail_focus_next_action (self->detail))
    gtk_widget_child_focus (GTK_WIDGET (self->detail), GTK_DIR_TAB_FORWARD);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  voisins_post_row_set_post (VOISINS_POST_ROW (gtk_list_item_get_child (item)), NULL, FALSE);
}

static void
apply_filters (VoisinsPostsPage *self)
{
  guint kind, category, status, date, sort;
  VoisinsMember *near = NULL;

  if (self->list == NULL)
    return;

  kind = gtk_drop_down_get_selected (self->kind_dropdown);
  category = gtk_drop_down_get_selected (self->category_dropdown);
  status = gtk_drop_down_get_selected (self->status_dropdown);
  date = gtk_drop_down_get_selected (self->date_dropdown);
  sort = gtk_drop_down_get_selected (self->sort_dropdown);

  voisins_post_list_set_kind (self->list, kind == 1 ? VOISINS_POST_KIND_REQUEST
                                        : kind == 2 ? VOISINS_POST_KIND_OFFER : -1);
  voisins_post_list_set_category (self->list,
                                  category >= 1 && category <= VOISINS_N_CATEGORIES
                                    ? (int) category - 1 : -1);

  if (status < G_N_ELEMENTS (status_filter) && status_filter[status] >= 0)
    voisins_post_list_set_status_mask (self->list, 1u << status_filter[status]);
  else
    voisins_post_list_set_status_mask (self->list, 0);

  if (date == 1 || date == 2)
    voisins_post_list_set_since (self->list,
                                 g_get_real_time () / G_USEC_PER_SEC
                                 - (date == 1 ? 7 : 30) * 24 * 3600);
  else
    voisins_post_list_set_since (self->list, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->near_dropdown), sort == 1);
  if (sort == 1)
    near = gtk_drop_down_get_selected_item (self->near_dropdown);

  self->by_distance = near != NULL;
  if (near != NULL)
    voisins_post_list_set_sort (self->list, VOISINS_POST_SORT_DISTANCE,
                                voisins_member_get_approx_latitude (near),
                                voisins_member_get_approx_longitude (near));
  else
    voisins_post_list_set_sort (self->list, VOISINS_POST_SORT_NEWEST, 0, 0);
}

static void
on_filter_changed (VoisinsPostsPage *self)
{
  apply_filters (self);
  update_state (self);
}

static void
on_posts_changed (VoisinsPostsPage *self)
{
  if (self->list != NULL)
    voisins_post_list_refresh (self->list);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VoisinsPostsPage *self = VOISINS_POSTS_PAGE (widget);
  VoisinsPost *post = voisins_posts_page_get_selected_post (self);

  if (post != NULL)
    gtk_widget_activate_action (widget, "win.edit-post", "s", voisins_post_get_id (post));
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VoisinsPostsPage *self = VOISINS_POSTS_PAGE (widget);
  VoisinsPost *post = voisins_posts_page_get_selected_post (self);

  if (post != NULL)
    gtk_widget_activate_action (widget, "win.show-on-map", "s", voisins_post_get_id (post));
}

typedef struct
{
  VoisinsPostsPage  *page;
  char              *id;
  VoisinsPostStatus  previous;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *undo = data;

  g_object_unref (undo->page);
  g_free (undo->id);
  g_free (undo);
}

static void
on_undo_clicked (AdwToast *toast,
                 UndoData *undo)
{
  g_autoptr(GError) error = NULL;

  if (!voisins_store_set_post_status (undo->page->store, undo->id, undo->previous, &error))
    voisins_ui_add_toast (GTK_WIDGET (undo->page), adw_toast_new (error->message));
  else
    on_posts_changed (undo->page);
}

static const char *
status_toast (VoisinsPostStatus status)
{
  switch (status)
    {
    case VOISINS_POST_STATUS_MATCHED:
      return _("Post marked as matched");
    case VOISINS_POST_STATUS_DONE:
      return _("Post marked as done");
    case VOISINS_POST_STATUS_CANCELLED:
      return _("Post cancelled");
    case VOISINS_POST_STATUS_OPEN:
      return _("Post reopened");
    case VOISINS_POST_STATUS_EXPIRED:
    case VOISINS_N_POST_STATUSES:
    default:
      return _("Status changed");
    }
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VoisinsPostsPage *self = VOISINS_POSTS_PAGE (widget);
  VoisinsPost *post = voisins_posts_page_get_selected_post (self);
  g_autoptr(VoisinsPost) fresh = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsPostStatus status, previous;
  AdwToast *toast;

  if (post == NULL || self->store == NULL)
    return;

  if (!voisins_post_status_from_string (g_variant_get_string (param, NULL), &status))
    return;

  /* The undo goes back to the status stored now, which a sync may have moved since the pane
   * was drawn. */
  fresh = voisins_store_get_post (self->store, voisins_post_get_id (post), NULL);
  previous = voisins_post_get_status (fresh != NULL ? fresh : post);
  if (!voisins_post_status_can_move (previous, status))
    return;

  if (!voisins_store_set_post_status (self->store, voisins_post_get_id (post), status, &error))
    {
      voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  toast = adw_toast_new (status_toast (status));
  if (voisins_post_status_can_move (status, previous))
    {
      UndoData *undo = g_new0 (UndoData, 1);

      undo->page = g_object_ref (self);
      undo->id = g_strdup (voisins_post_get_id (post));
      undo->previous = previous;
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked),
                             undo, (GClosureNotify) (void (*) (void)) undo_data_free, 0);
    }
  voisins_ui_add_toast (GTK_WIDGET (self), toast);

  self->refocus_status = status;
  on_posts_changed (self);
}

static void
reset_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VoisinsPostsPage *self = VOISINS_POSTS_PAGE (widget);

  gtk_drop_down_set_selected (self->status_dropdown, STATUS_ANY);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, 0);
}

static void
voisins_posts_page_dispose (GObject *object)
{
  VoisinsPostsPage *self = (VoisinsPostsPage *) object;
  GtkWidget *child;

  if (self->store != NULL && self->posts_changed_id != 0)
    g_clear_signal_handler (&self->posts_changed_id, self->store);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->focus_tick);
  self->focus_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_POSTS_PAGE);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->members);
  g_clear_object (&self->association);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pending_select_id, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->focus_id, g_free);

  G_OBJECT_CLASS (voisins_posts_page_parent_class)->dispose (object);
}

static void
voisins_posts_page_class_init (VoisinsPostsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_posts_page_dispose;

  g_type_ensure (VOISINS_TYPE_POST_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-posts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, near_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostsPage, status_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_install_action (widget_class, "posts.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "posts.reset-filters", NULL,
                                   reset_filters_action);
  gtk_widget_class_install_action (widget_class, "posts.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "posts.show-on-map", NULL, show_on_map_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_posts_page_init (VoisinsPostsPage *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (categories, _("All categories"));
  for (guint i = 0; i < VOISINS_N_CATEGORIES; i++)
    gtk_string_list_append (categories, voisins_ui_category_label (i));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));

  expression = voisins_ui_member_name_expression ();
  gtk_drop_down_set_expression (self->near_dropdown, expression);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_row_activated), self);
  voisins_ui_a11y_list_one_tab_stop (GTK_WIDGET (self->list_view));
  self->refocus_status = -1;

  update_detail (self);
}

GtkWidget *
voisins_posts_page_new (void)
{
  return g_object_new (VOISINS_TYPE_POSTS_PAGE, NULL);
}

void
voisins_posts_page_set_store (VoisinsPostsPage   *self,
                              VoisinsStore       *store,
                              VoisinsAssociation *association)
{
  VoisinsPostQuery query = VOISINS_POST_QUERY_INIT;

  g_return_if_fail (VOISINS_IS_POSTS_PAGE (self));
  g_return_if_fail (VOISINS_IS_STORE (store));

  if (self->store != NULL && self->posts_changed_id != 0)
    g_clear_signal_handler (&self->posts_changed_id, self->store);

  g_set_object (&self->store, store);
  voisins_post_detail_set_store (self->detail, store);
  g_set_object (&self->association, association);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);

  self->list = voisins_post_list_new (store);
  query.association_id = association ? voisins_association_get_id (association) : NULL;
  query.status_mask = 1u << VOISINS_POST_STATUS_OPEN;
  voisins_post_list_set_query (self->list, &query);

  /* After the selection has followed the change, so that the post looked at is put back. */
  g_signal_connect_data (self->list, "items-changed", G_CALLBACK (on_items_changed), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (on_loading_changed), self);
  g_signal_connect_swapped (self->list, "notify::complete", G_CALLBACK (update_state), self);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));

  if (g_signal_lookup ("posts-changed", VOISINS_TYPE_STORE) != 0)
    self->posts_changed_id = g_signal_connect_swapped (store, "posts-changed",
                                                       G_CALLBACK (on_posts_changed), self);

  apply_filters (self);
  update_state (self);
}

void
voisins_posts_page_set_members (VoisinsPostsPage *self,
                                GListModel       *members)
{
  g_return_if_fail (VOISINS_IS_POSTS_PAGE (self));

  g_set_object (&self->members, members);
  gtk_drop_down_set_model (self->near_dropdown, members);
}

VoisinsPostList *
voisins_posts_page_get_list (VoisinsPostsPage *self)
{
  g_return_val_if_fail (VOISINS_IS_POSTS_PAGE (self), NULL);

  return self->list;
}

void
voisins_posts_page_set_search (VoisinsPostsPage *self,
                               const char       *search)
{
  g_return_if_fail (VOISINS_IS_POSTS_PAGE (self));

  if (self->list != NULL)
    {
      voisins_post_list_set_search (self->list, search);
      update_state (self);
    }
}

void
voisins_posts_page_select_post (VoisinsPostsPage *self,
                                const char       *id)
{
  g_return_if_fail (VOISINS_IS_POSTS_PAGE (self));

  if (try_select (self, id))
    return;

  voisins_set_str (&self->pending_select_id, id);
}

void
voisins_posts_page_focus_post (VoisinsPostsPage *self,
                               const char       *id)
{
  g_return_if_fail (VOISINS_IS_POSTS_PAGE (self));

  voisins_set_str (&self->focus_id, id);
  voisins_posts_page_select_post (self, id);
}

VoisinsPost *
voisins_posts_page_get_selected_post (VoisinsPostsPage *self)
{
  g_return_val_if_fail (VOISINS_IS_POSTS_PAGE (self), NULL);

  /* The post shown, even when its new status hides it from the list. */
  return voisins_post_detail_get_post (self->detail);
}

gboolean
voisins_posts_page_focus_detail (VoisinsPostsPage *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (VOISINS_IS_POSTS_PAGE (self), FALSE);

  if (voisins_post_detail_get_post (self->detail) == NULL
      || !gtk_widget_child_focus (GTK_WIDGET (self->detail), GTK_DIR_TAB_FORWARD))
    return FALSE;

  /* The title is a selectable label: focused, it would show all selected. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (GTK_IS_LABEL (focus) && gtk_label_get_selectable (GTK_LABEL (focus)))
    gtk_label_select_region (GTK_LABEL (focus), 0, 0);

  return TRUE;
}
