/* voisins-follow-up-dialog.c
 *
 * Both lists come from the store in a worker (voisins_store_list_stale_requests_async):
 * the requests open for at least N days with nobody asked, and, whatever their age, those
 * no member has an open offer for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-follow-up-dialog.h"
#include "voisins-store-helps-async.h"
#include "voisins-ui-util.h"

struct _VoisinsFollowUpDialog
{
  AdwWindow      parent_instance;

  /* template children */
  GtkSpinButton *days_spin;
  GtkListBox    *stale_list;
  GtkListBox    *unmatched_list;

  /* owned */
  VoisinsStore  *store;
  char          *association_id;
  GCancellable  *cancellable;        /* the dialog's, cancelled in dispose */
  GCancellable  *stale_cancellable;  /* the first list's, replaced when the days change */
};

G_DEFINE_FINAL_TYPE (VoisinsFollowUpDialog, voisins_follow_up_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
request_row (VoisinsPost *post)
{
  GtkWidget *row = adw_action_row_new ();
  gint64 days = (g_get_real_time () / G_USEC_PER_SEC - voisins_post_get_created_at (post)) /
                (24 * 3600);
  g_autofree char *age = NULL;
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: how long a request has been open: "open for 12 days" */
  age = g_strdup_printf (g_dngettext (NULL, "open for %d day", "open for %d days", days),
                         (int) days);
  /* TRANSLATORS: "<who asked> · <category> · <open for 12 days>" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), voisins_post_get_author_name (post),
                              voisins_ui_category_label (voisins_post_get_category (post)), age);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), voisins_post_get_title (post));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open the request"));
  g_object_set_data_full (G_OBJECT (row), "post-id", g_strdup (voisins_post_get_id (post)),
                          g_free);
  return row;
}

static void
fill (GtkListBox *list,
      GPtrArray  *posts,
      const char *empty)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; posts && i < posts->len; i++)
    gtk_list_box_append (list, request_row (posts->pdata[i]));
  gtk_list_box_set_placeholder (list, placeholder (empty));
}

static void
on_stale (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VoisinsFollowUpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  posts = voisins_store_list_stale_requests_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  fill (self->stale_list, posts,
        error ? error->message : _("None: every older request has someone asked to help."));
}

static void
on_unmatched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VoisinsFollowUpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  posts = voisins_store_list_stale_requests_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  fill (self->unmatched_list, posts,
        error ? error->message : _("None: every open request has someone to suggest."));
}

/* The days change only the first list; the second (slower: it ranks helpers for each
 * request) is read once. */
static void
reload_stale (VoisinsFollowUpDialog *self)
{
  guint days = (guint) gtk_spin_button_get_value_as_int (self->days_spin);

  g_cancellable_cancel (self->stale_cancellable);
  g_clear_object (&self->stale_cancellable);
  self->stale_cancellable = g_cancellable_new ();
  voisins_store_list_stale_requests_async (self->store, self->association_id, days, FALSE,
                                           self->stale_cancellable, on_stale,
                                           g_object_ref (self));
}

static void
on_days_changed (VoisinsFollowUpDialog *self)
{
  if (self->store != NULL)
    reload_stale (self);
}

static void
on_row_activated (VoisinsFollowUpDialog *self,
                  GtkListBoxRow         *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "post-id");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (id == NULL || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-post", "s", id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
voisins_follow_up_dialog_dispose (GObject *object)
{
  VoisinsFollowUpDialog *self = (VoisinsFollowUpDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->stale_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_FOLLOW_UP_DIALOG);

  G_OBJECT_CLASS (voisins_follow_up_dialog_parent_class)->dispose (object);
}

static void
voisins_follow_up_dialog_finalize (GObject *object)
{
  VoisinsFollowUpDialog *self = (VoisinsFollowUpDialog *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->stale_cancellable);
  g_clear_object (&self->store);
  g_free (self->association_id);

  G_OBJECT_CLASS (voisins_follow_up_dialog_parent_class)->finalize (object);
}

static void
voisins_follow_up_dialog_class_init (VoisinsFollowUpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_follow_up_dialog_dispose;
  object_class->finalize = voisins_follow_up_dialog_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/voisins/Voisins/ui/voisins-follow-up-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsFollowUpDialog, days_spin);
  gtk_widget_class_bind_template_child (widget_class, VoisinsFollowUpDialog, stale_list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsFollowUpDialog, unmatched_list);
  gtk_widget_class_bind_template_callback (widget_class, on_days_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_follow_up_dialog_init (VoisinsFollowUpDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VoisinsFollowUpDialog *
voisins_follow_up_dialog_new (GtkWindow    *parent,
                              VoisinsStore *store,
                              const char   *association_id)
{
  VoisinsFollowUpDialog *self;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  self = g_object_new (VOISINS_TYPE_FOLLOW_UP_DIALOG, "transient-for", parent, "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  self->association_id = g_strdup (association_id);
  self->cancellable = g_cancellable_new ();
  reload_stale (self);
  voisins_store_list_stale_requests_async (store, association_id, 0, TRUE, self->cancellable,
                                           on_unmatched, g_object_ref (self));
  return self;
}
