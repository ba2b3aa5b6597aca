/* voisins-help-dialog.c
 *
 * The ranked suggestions come from the store in a worker (voisins-store-helps-async.h),
 * with their reasons already in words; "Propose" records the help, offline first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-help-dialog.h"
#include "voisins-store-helps-async.h"
#include "voisins-ui-util.h"

struct _VoisinsHelpDialog
{
  AdwWindow       parent_instance;

  /* template children */
  AdwStatusPage  *empty_page;
  GtkLabel       *error_label;
  GtkListBox     *list;
  GtkStack       *stack;
  AdwWindowTitle *window_title;

  /* owned */
  VoisinsStore   *store;
  VoisinsPost    *post;
  GCancellable   *cancellable;
  GPtrArray      *candidates;  /* VoisinsHelpCandidate */

  /* state */
  gboolean        proposing;
};

G_DEFINE_FINAL_TYPE (VoisinsHelpDialog, voisins_help_dialog, ADW_TYPE_WINDOW)

enum
{
  PROPOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "Offers this kind of help; 250 m away": the matcher's facts, as a sentence. */
static char *
capitalised (const char *text)
{
  g_autofree char *first = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  first = g_utf8_strup (text, g_utf8_next_char (text) - text);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

static void
set_busy (VoisinsHelpDialog *self,
          gboolean           busy)
{
  self->proposing = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->list), !busy);
}

static void
on_proposed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VoisinsHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  VoisinsHelpCandidate *chosen;

  id = voisins_store_propose_help_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (id == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  chosen = g_object_get_data (G_OBJECT (self), "chosen");
  g_signal_emit (self, signals[PROPOSED], 0, id, chosen ? chosen->name : "");
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_propose_clicked (GtkButton         *button,
                    VoisinsHelpDialog *self)
{
  VoisinsHelpCandidate *c = g_object_get_data (G_OBJECT (button), "candidate");

  if (c == NULL || self->proposing)
    return;
  set_busy (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_object_set_data (G_OBJECT (self), "chosen", c);
  voisins_store_propose_help_async (self->store, voisins_post_get_id (self->post),
                                    c->suggestion->helper_id, self->cancellable, on_proposed,
                                    g_object_ref (self));
}

static GtkWidget *
candidate_row (VoisinsHelpDialog    *self,
               VoisinsHelpCandidate *c,
               guint                 rank)
{
  g_autofree char *reasons = capitalised (c->suggestion->reason);
  g_autofree char *subtitle = NULL;
  g_autofree char *button_name = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *button;

  if (c->street != NULL && *c->street != '\0')
    /* TRANSLATORS: "<street> · <reasons>": "rue de Cotte · Offers this kind of help; 300 m
     * away" */
    subtitle = g_strdup_printf (_("%s · %s"), c->street, reasons);
  else
    subtitle = g_strdup (reasons);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 0);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (rank == 0)
    {
      GtkWidget *badge = gtk_label_new (_("Best"));

      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, "accent");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (row, badge);
    }

  button = gtk_button_new_with_mnemonic (_("_Propose"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* TRANSLATORS: the accessible name of the button of one helper: "Propose Ana M." */
  button_name = g_strdup_printf (_("Propose %s"), c->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  button_name, -1);
  gtk_widget_set_tooltip_text (button, _("Note that you asked this person: the request then "
                                         "follows the answer"));
  if (rank == 0)
    gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data (G_OBJECT (button), "candidate", c);
  g_signal_connect (button, "clicked", G_CALLBACK (on_propose_clicked), self);
  adw_action_row_add_suffix (row, button);
  adw_action_row_set_activatable_widget (row, button);
  return GTK_WIDGET (row);
}

/* Why nobody is suggested, in one line. */
static char *
why_nobody (VoisinsPost *post)
{
  return g_strdup_printf (_("Nobody has an open offer of “%s” help at the moment, or everyone "
                            "who has was already asked for this request. Ask around, or record "
                            "a neighbour’s offer first."),
                          voisins_ui_category_label (voisins_post_get_category (post)));
}

static void
on_suggested (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VoisinsHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = NULL;

  candidates = voisins_store_suggest_helpers_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (candidates == NULL)
    {
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (candidates->len == 0)
    {
      g_autofree char *why = why_nobody (self->post);

      adw_status_page_set_description (self->empty_page, why);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = g_steal_pointer (&candidates);
  for (guint i = 0; i < self->candidates->len; i++)
    gtk_list_box_append (self->list, candidate_row (self, self->candidates->pdata[i], i));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
voisins_help_dialog_dispose (GObject *object)
{
  VoisinsHelpDialog *self = (VoisinsHelpDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_HELP_DIALOG);

  G_OBJECT_CLASS (voisins_help_dialog_parent_class)->dispose (object);
}

static void
voisins_help_dialog_finalize (GObject *object)
{
  VoisinsHelpDialog *self = (VoisinsHelpDialog *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->post);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);

  G_OBJECT_CLASS (voisins_help_dialog_parent_class)->finalize (object);
}

static void
voisins_help_dialog_class_init (VoisinsHelpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_help_dialog_dispose;
  object_class->finalize = voisins_help_dialog_finalize;

  /**
   * VoisinsHelpDialog::proposed:
   * @help_id: the new help
   * @helper_name: the helper's short name ("Ana M.")
   */
  signals[PROPOSED] = g_signal_new ("proposed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                    G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-help-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsHelpDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHelpDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHelpDialog, list);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHelpDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsHelpDialog, window_title);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_help_dialog_init (VoisinsHelpDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

VoisinsHelpDialog *
voisins_help_dialog_new (VoisinsStore *store,
                         VoisinsPost  *post)
{
  VoisinsHelpDialog *self;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);
  g_return_val_if_fail (VOISINS_IS_POST (post), NULL);

  self = g_object_new (VOISINS_TYPE_HELP_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->post = g_object_ref (post);
  adw_window_title_set_subtitle (self->window_title, voisins_post_get_title (post));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  voisins_store_suggest_helpers_async (store, voisins_post_get_id (post), 0, self->cancellable,
                                       on_suggested, g_object_ref (self));
  return self;
}
