/* voisins-conflicts-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync-ui"

#include <glib/gi18n.h>

#include "voisins-conflicts-dialog.h"
#include "voisins-store-notices.h"

struct _VoisinsConflictsDialog
{
  AdwWindow           parent_instance;

  VoisinsStore       *store;
  GPtrArray          *notices;

  /* template children */
  GtkBox             *notices_box;
  GtkStack           *stack;
};

G_DEFINE_FINAL_TYPE (VoisinsConflictsDialog, voisins_conflicts_dialog, ADW_TYPE_WINDOW)

const char *
voisins_conflicts_describe_refusal (const char *code)
{
  static const struct {
    const char *code;
    const char *text;
  } sentences[] = {
    { "table_full", N_("This table is already full: every seat has been taken.") },
    { "forbidden", N_("Your account is not allowed to make this change. Ask your "
                      "association’s coordinator if you need to.") },
    { "not_found", N_("This post no longer exists on the server.") },
    { "deleted", N_("This post was deleted on the server in the meantime.") },
    { "invalid_transition", N_("The post’s status had already changed, so this step no "
                               "longer applies.") },
    { "guest_taken", N_("This guest already has a table at that time.") },
    { "help_taken", N_("Another volunteer had already asked this helper for this request: "
                       "their follow-up is the one kept.") },
    { "full", N_("The event was already full: the places were taken from another computer. "
                 "Put her down as “maybe”.") },
    { "participant_taken", N_("This neighbour was already on the list, added from another "
                              "computer: that answer is the one kept.") },
    { "occurrence_taken", N_("This meeting had already been cancelled or moved from another "
                             "computer: that change is the one kept.") },
    { "invalid", N_("Some of the details were not accepted. Check them and try again.") },
    { "too_large", N_("The change is too large to be sent.") },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (sentences); i++)
    if (g_str_equal (code, sentences[i].code))
      return _(sentences[i].text);

  return NULL;
}

static const char *
describe_field (const char *field)
{
  if (g_strcmp0 (field, "title") == 0)
    return _("title");
  if (g_strcmp0 (field, "body") == 0)
    return _("description");
  if (g_strcmp0 (field, "category") == 0)
    return _("category");
  if (g_strcmp0 (field, "status") == 0)
    return _("status");
  if (g_strcmp0 (field, "starts_at") == 0)
    return _("start date");
  if (g_strcmp0 (field, "ends_at") == 0)
    return _("end date");
  if (g_strcmp0 (field, "latitude") == 0 || g_strcmp0 (field, "longitude") == 0)
    return _("place");

  return field;
}

static VoisinsSyncNotice *
find_notice (VoisinsConflictsDialog *self,
             gint64                  id)
{
  for (guint i = 0; self->notices != NULL && i < self->notices->len; i++)
    {
      VoisinsSyncNotice *notice = g_ptr_array_index (self->notices, i);

      if (notice->id == id)
        return notice;
    }

  return NULL;
}

gboolean
voisins_conflicts_dialog_resolve (VoisinsConflictsDialog  *self,
                                  gint64                   id,
                                  gboolean                 keep_mine,
                                  GError                 **error)
{
  VoisinsSyncNotice *notice;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VOISINS_IS_CONFLICTS_DIALOG (self), FALSE);

  notice = find_notice (self, id);
  g_return_val_if_fail (notice != NULL, FALSE);

  /* The store emits notices-changed on success, which reloads this dialog. */
  if (voisins_store_settle_notice (self->store, notice, keep_mine, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    /* TRANSLATORS: %s is a field name such as "title" */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("Your version of the %s cannot be applied again"),
                 describe_field (notice->field));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static void
on_button_clicked (GtkButton              *button,
                   VoisinsConflictsDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "notice-id"));
  gboolean keep_mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "keep-mine"));
  g_autoptr(GError) error = NULL;

  if (!voisins_conflicts_dialog_resolve (self, id, keep_mine, &error))
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Conflict Could Not Be Resolved"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
make_version (const char *heading,
              const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading_label = make_label (heading, "heading");
  GtkWidget *text_label = make_label (text != NULL && *text != '\0' ? text : _("(empty)"), NULL);

  gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);
  gtk_widget_set_margin_top (text_label, 9);
  gtk_widget_set_margin_bottom (text_label, 9);
  gtk_widget_set_margin_start (text_label, 12);
  gtk_widget_set_margin_end (text_label, 12);
  gtk_widget_set_valign (text_label, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading_label, NULL, -1);

  gtk_widget_add_css_class (frame_box, "view");
  gtk_widget_add_css_class (frame_box, "frame");
  gtk_box_append (GTK_BOX (frame_box), text_label);

  gtk_box_append (GTK_BOX (box), heading_label);
  gtk_box_append (GTK_BOX (box), frame_box);
  gtk_widget_set_hexpand (box, TRUE);

  return box;
}

static GtkWidget *
make_button (VoisinsConflictsDialog *self,
             const char             *label,
             gint64                  id,
             gboolean                keep_mine,
             gboolean                suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "notice-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (button), "keep-mine", GINT_TO_POINTER (keep_mine));
  g_signal_connect (button, "clicked", G_CALLBACK (on_button_clicked), self);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");

  return button;
}

static GtkWidget *
make_card (VoisinsConflictsDialog *self,
           VoisinsSyncNotice      *notice)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *explanation = NULL;
  const char *title = notice->title != NULL && *notice->title != '\0' ? notice->title
                                                                       : _("A post");

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);

  gtk_box_append (GTK_BOX (card), make_label (title, "title-4"));

  if (g_strcmp0 (notice->kind, "conflict") == 0)
    {
      GtkWidget *versions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      /* TRANSLATORS: %s is a field name such as "title" or "description" */
      explanation = g_strdup_printf (_("Someone else changed the %s on the server before your "
                                       "change arrived. The server kept their version."),
                                     describe_field (notice->field));
      gtk_box_append (GTK_BOX (card), make_label (explanation, NULL));

      gtk_box_set_homogeneous (GTK_BOX (versions), TRUE);
      gtk_box_append (GTK_BOX (versions), make_version (_("Your version"), notice->yours));
      gtk_box_append (GTK_BOX (versions), make_version (_("Kept on the server"), notice->theirs));
      gtk_box_append (GTK_BOX (card), versions);

      gtk_box_append (GTK_BOX (buttons), make_button (self, _("Keep _Theirs"), notice->id,
                                                      FALSE, FALSE));
      gtk_box_append (GTK_BOX (buttons), make_button (self, _("Keep _Mine"), notice->id,
                                                      TRUE, TRUE));
    }
  else
    {
      const char *reason = voisins_conflicts_describe_refusal (notice->code);

      if (reason == NULL && notice->message != NULL && *notice->message != '\0')
        reason = notice->message;
      if (reason == NULL)
        reason = _("The server did not say why.");

      /* TRANSLATORS: %s is the reason, a full sentence */
      explanation = g_strdup_printf (_("Your change was not accepted. %s"), reason);
      gtk_box_append (GTK_BOX (card), make_label (explanation, NULL));
      gtk_box_append (GTK_BOX (buttons), make_button (self, _("_OK"), notice->id, FALSE, TRUE));
    }

  gtk_box_append (GTK_BOX (card), buttons);

  /* The card's own padding */
  for (GtkWidget *w = gtk_widget_get_first_child (card); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      gtk_widget_set_margin_start (w, 18);
      gtk_widget_set_margin_end (w, 18);
    }
  gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 18);
  gtk_widget_set_margin_bottom (buttons, 18);

  return card;
}

void
voisins_conflicts_dialog_reload (VoisinsConflictsDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (VOISINS_IS_CONFLICTS_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notices_box))) != NULL)
    gtk_box_remove (self->notices_box, child);

  g_clear_pointer (&self->notices, g_ptr_array_unref);
  self->notices = voisins_store_list_notices (self->store, &error);
  if (self->notices == NULL)
    g_warning ("Could not list the conflicts: %s", error->message);

  for (guint i = 0; self->notices != NULL && i < self->notices->len; i++)
    gtk_box_append (self->notices_box, make_card (self, g_ptr_array_index (self->notices, i)));

  /* Not a selectable label: focusing one would select its whole text. */
  if (self->notices != NULL && self->notices->len > 0)
    {
      GtkWidget *card = gtk_widget_get_first_child (GTK_WIDGET (self->notices_box));
      GtkWidget *buttons = gtk_widget_get_last_child (card);

      gtk_window_set_focus (GTK_WINDOW (self), gtk_widget_get_last_child (buttons));
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    self->notices != NULL && self->notices->len > 0
                                      ? "list" : "empty");
}

static void
voisins_conflicts_dialog_dispose (GObject *object)
{
  VoisinsConflictsDialog *self = (VoisinsConflictsDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_CONFLICTS_DIALOG);

  G_OBJECT_CLASS (voisins_conflicts_dialog_parent_class)->dispose (object);
}

static void
voisins_conflicts_dialog_finalize (GObject *object)
{
  VoisinsConflictsDialog *self = (VoisinsConflictsDialog *) object;

  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (voisins_conflicts_dialog_parent_class)->finalize (object);
}

static void
voisins_conflicts_dialog_class_init (VoisinsConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_conflicts_dialog_dispose;
  object_class->finalize = voisins_conflicts_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsConflictsDialog, notices_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsConflictsDialog, stack);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
voisins_conflicts_dialog_init (VoisinsConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VoisinsConflictsDialog *
voisins_conflicts_dialog_new (GtkWindow    *parent,
                              VoisinsStore *store)
{
  VoisinsConflictsDialog *self;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "notices-changed",
                           G_CALLBACK (voisins_conflicts_dialog_reload), self,
                           G_CONNECT_SWAPPED);
  voisins_conflicts_dialog_reload (self);

  return self;
}
