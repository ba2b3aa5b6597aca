/* voisins-members-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "voisins-member-detail.h"
#include "voisins-members-page.h"
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
  GtkSingleSelection *selection;
  GCancellable       *cancellable;

  /* template children */
  GtkLabel            *count_label;
  VoisinsMemberDetail *detail;
  GtkStack            *list_stack;
  GtkListView         *list_view;
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
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (address, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), address);
  gtk_list_item_set_child (item, box);
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
}

static void
on_members_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsMembersPage *self;
  g_autofree char *count = NULL;

  members = voisins_store_list_members_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VOISINS_MEMBERS_PAGE (user_data);

  if (members == NULL)
    {
      g_warning ("Could not list members: %s", error->message);
      return;
    }

  /* Read again after a sync or an edit: the record on screen stays on screen. */
  if (self->select_id == NULL)
    {
      VoisinsMember *shown = gtk_single_selection_get_selected_item (self->selection);

      self->select_id = shown ? g_strdup (voisins_member_get_id (shown)) : NULL;
    }

  g_list_store_splice (self->members, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       members->pdata, members->len);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u neighbour", "%u neighbours",
                                        members->len), members->len);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, members->len > 0 ? "list" : "empty");

  if (self->select_id != NULL)
    {
      for (guint i = 0; i < members->len; i++)
        if (g_strcmp0 (voisins_member_get_id (members->pdata[i]), self->select_id) == 0)
          {
            gtk_single_selection_set_selected (self->selection, i);
            /* GTK 4.8 has no gtk_list_view_scroll_to (). */
            gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                        "u", i);
            break;
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

static void
on_page_map (VoisinsMembersPage *self)
{
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
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_MEMBERS_PAGE);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->members);
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
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMembersPage, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_members_page_init (VoisinsMembersPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_page_map), NULL);

  self->members = g_list_store_new (VOISINS_TYPE_MEMBER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->members)));
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
