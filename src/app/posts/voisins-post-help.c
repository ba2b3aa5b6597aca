/* voisins-post-help.c
 *
 * Its own box in the post detail, so that the detail's other sections merge apart. It
 * reads the request's helps in a worker and writes through the core's _async calls. The
 * phones are those this laptop holds: the server sends them to whoever may see them (the
 * follower of a live help, a coordinator), nothing here decides it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-help-dialog.h"
#include "voisins-post-help.h"
#include "voisins-store-helps-async.h"
#include "voisins-ui-util.h"

struct _VoisinsPostHelp
{
  GtkWidget     parent_instance;

  /* template children */
  GtkWidget    *box;
  GtkButton    *find_button;
  GtkWidget    *helped_by_box;
  GtkLabel     *helped_by_label;
  GtkBox       *helps_box;
  GtkLabel     *hint_label;

  /* owned */
  VoisinsStore *store;
  VoisinsPost  *post;
  GCancellable *cancellable;        /* the reads, replaced at each reload */
  GCancellable *write_cancellable;  /* the steps, cancelled in dispose only */
  GPtrArray    *views;        /* VoisinsHelpView, oldest first */

  /* plain state */
  gulong        posts_changed_id;
  int           has_suggestion;  /* -1: not known (yet) */
};

G_DEFINE_FINAL_TYPE (VoisinsPostHelp, voisins_post_help, GTK_TYPE_WIDGET)

static void reload (VoisinsPostHelp *self);

static const char *
state_text (const char *state)
{
  if (g_strcmp0 (state, "proposed") == 0)
    return _("Asked: waiting for the answer");
  if (g_strcmp0 (state, "accepted") == 0)
    return _("Said yes: the help is still to come");
  if (g_strcmp0 (state, "done") == 0)
    return _("Came and helped");
  if (g_strcmp0 (state, "declined") == 0)
    return _("Said no, or could not come");
  return "";
}

/* The step buttons for whoever may take them: the follower, a coordinator, or anyone at a
 * desk with no login. The server checks it again. */
static gboolean
may_move (VoisinsPostHelp *self,
          VoisinsHelp     *help)
{
  g_autofree char *user_id = voisins_store_get_user_id (self->store);
  VoisinsRole role;

  if (user_id == NULL || help->follower_id == NULL || g_str_equal (user_id, help->follower_id))
    return TRUE;
  if (!voisins_store_get_role (self->store, help->association_id, &role))
    return TRUE;
  return role >= VOISINS_ROLE_COORDINATOR;
}

static GtkWidget *
phone_row (const char *title,
           const char *phone)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (phone);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("call-start-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
step_button (VoisinsHelp *help,
             const char  *label,
             const char  *state,
             const char  *tooltip,
             const char  *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "help.set-state");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", help->id, state);
  gtk_widget_set_tooltip_text (button, tooltip);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  return button;
}

/* One live help: who, its step, the phones, the next step's buttons. */
static GtkWidget *
live_card (VoisinsPostHelp *self,
           VoisinsHelpView *v)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *list_name = NULL;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* TRANSLATORS: the accessible name of one helper's box: "Help by Ana M." */
  list_name = g_strdup_printf (_("Help by %s"), v->helper_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  list_name, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), v->helper_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state_text (v->help->state));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("avatar-default-symbolic"));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  if (v->helper_phone != NULL)
    {
      /* TRANSLATORS: "Ana M. (helper)", above her phone number */
      g_autofree char *title = g_strdup_printf (_("%s (helper)"), v->helper_name);

      gtk_list_box_append (GTK_LIST_BOX (list), phone_row (title, v->helper_phone));
    }
  if (v->helped_phone != NULL)
    {
      /* TRANSLATORS: "Khadija H. (asked for help)", above her phone number */
      g_autofree char *title = g_strdup_printf (_("%s (asked for help)"), v->helped_name);

      gtk_list_box_append (GTK_LIST_BOX (list), phone_row (title, v->helped_phone));
    }
  gtk_box_append (GTK_BOX (card), list);

  if (may_move (self, v->help))
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      if (g_str_equal (v->help->state, "proposed"))
        gtk_box_append (GTK_BOX (buttons),
                        step_button (v->help, _("The Helper _Said Yes"), "accepted",
                                     _("The request becomes matched"), "suggested-action"));
      else
        gtk_box_append (GTK_BOX (buttons),
                        step_button (v->help, _("_Done"), "done",
                                     _("The help has happened: the request is done"),
                                     "suggested-action"));
      gtk_box_append (GTK_BOX (buttons),
                      step_button (v->help, _("D_eclined"), "declined",
                                   _("Said no or could not come: the request is open again "
                                     "if nobody else is on it"),
                                   NULL));
      gtk_box_append (GTK_BOX (card), buttons);
    }
  else
    {
      GtkWidget *label = gtk_label_new (_("Followed by another volunteer: only they or a "
                                          "coordinator note the next step"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (card), label);
    }
  return card;
}

/* The helps that are over: who came, who could not. */
static GtkWidget *
past_list (GPtrArray *past)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Asked before"), -1);
  for (guint i = 0; i < past->len; i++)
    {
      VoisinsHelpView *v = past->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), v->helper_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state_text (v->help->state));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return list;
}

static void
update (VoisinsPostHelp *self)
{
  g_autoptr(GPtrArray) past = g_ptr_array_new ();
  VoisinsHelpView *done = NULL, *live = NULL;
  VoisinsPostStatus status = voisins_post_get_status (self->post);
  gboolean searchable;
  GtkWidget *child;
  const char *hint = NULL;
  g_autofree char *hint_text = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->helps_box))) != NULL)
    gtk_box_remove (self->helps_box, child);

  for (guint i = 0; self->views && i < self->views->len; i++)
    {
      VoisinsHelpView *v = self->views->pdata[i];

      if (voisins_help_state_is_live (v->help->state))
        {
          live = v;
          gtk_box_append (self->helps_box, live_card (self, v));
        }
      else
        {
          if (g_str_equal (v->help->state, "done"))
            done = v;
          g_ptr_array_add (past, v);
        }
    }
  if (past->len > 0)
    {
      GtkWidget *heading = gtk_label_new (_("Asked before"));

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_widget_add_css_class (heading, "caption-heading");
      gtk_box_append (self->helps_box, heading);
      gtk_box_append (self->helps_box, past_list (past));
    }

  gtk_widget_set_visible (self->helped_by_box, done != NULL);
  if (done != NULL)
    {
      /* TRANSLATORS: on a done request: "Helped by Ana M." */
      g_autofree char *text = g_strdup_printf (_("Helped by %s"), done->helper_name);

      gtk_label_set_label (self->helped_by_label, text);
    }

  searchable = done == NULL &&
               (status == VOISINS_POST_STATUS_OPEN || status == VOISINS_POST_STATUS_MATCHED);
  gtk_widget_set_visible (GTK_WIDGET (self->find_button), searchable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), self->has_suggestion != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->helps_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->helps_box)) != NULL);

  if (searchable && self->has_suggestion == 0 && live == NULL)
    hint_text =
        g_strdup_printf (_("No helper to suggest: nobody has an open offer of “%s” "
                            "help, or everyone who has was already asked."),
                         voisins_ui_category_label (voisins_post_get_category (self->post)));
  else if (live != NULL && g_str_equal (live->help->state, "proposed"))
    hint = _("Once the helper has answered, note it here: “Said yes” makes the request "
             "matched.");
  else if (live != NULL)
    hint = _("Once the help has happened, press “Done”: the request is done, and shows who "
             "helped.");
  else if (searchable)
    hint = _("Suggests members who offer this kind of help, with why: nearness, languages, "
             "their dates, how often they were asked this month.");
  else if (done == NULL && (self->views == NULL || self->views->len == 0))
    hint = _("Closed without a helper noted here.");
  gtk_label_set_label (self->hint_label, hint_text ? hint_text : hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          hint_text != NULL || (hint != NULL && *hint != '\0'));
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VoisinsPostHelp) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = NULL;

  candidates = voisins_store_suggest_helpers_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->post == NULL)
    return;
  self->has_suggestion = candidates == NULL ? -1 : candidates->len > 0;
  update (self);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VoisinsPostHelp) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *views;
  VoisinsPostStatus status;

  views = voisins_store_list_help_views_finish (VOISINS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->post == NULL)
    {
      g_clear_pointer (&views, g_ptr_array_unref);
      return;
    }
  if (views == NULL)
    g_warning ("Could not read the helps of a request: %s", error->message);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  self->views = views;
  update (self);

  status = voisins_post_get_status (self->post);
  if (status == VOISINS_POST_STATUS_OPEN || status == VOISINS_POST_STATUS_MATCHED)
    voisins_store_suggest_helpers_async (self->store, voisins_post_get_id (self->post), 1,
                                         self->cancellable, on_checked, g_object_ref (self));
}

static void
reload (VoisinsPostHelp *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->post == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  voisins_store_list_help_views_async (self->store, voisins_post_get_id (self->post),
                                       self->cancellable, on_listed, g_object_ref (self));
}

static void
on_posts_changed (VoisinsStore    *store,
                  const char      *id,
                  VoisinsPostHelp *self)
{
  g_autoptr(VoisinsPost) fresh = NULL;

  if (self->post == NULL || (id != NULL && !g_str_equal (id, voisins_post_get_id (self->post))))
    return;
  /* Its status may have followed a help: read it again before drawing. */
  fresh = voisins_store_get_post (store, voisins_post_get_id (self->post), NULL);
  if (fresh != NULL)
    g_set_object (&self->post, fresh);
  reload (self);
}

/* {{{ steps and their undo */

typedef struct
{
  VoisinsPostHelp *self;
  char            *post_id;
  char            *helper_id;
  char            *helper_name;
  char            *previous;  /* the step before "declined" */
  char            *state;
} Step;

static void
step_free (Step *step)
{
  g_clear_object (&step->self);
  g_free (step->post_id);
  g_free (step->helper_id);
  g_free (step->helper_name);
  g_free (step->previous);
  g_free (step->state);
  g_free (step);
}

static void
on_undo_accepted (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VoisinsPostHelp) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!voisins_store_set_help_state_finish (VOISINS_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
on_undo_proposed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = voisins_store_propose_help_finish (VOISINS_STORE (source), result, &error);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        voisins_ui_add_toast (GTK_WIDGET (step->self), adw_toast_new (error->message));
    }
  else if (g_strcmp0 (step->previous, "accepted") == 0)
    voisins_store_set_help_state_async (VOISINS_STORE (source), id, "accepted", NULL,
                                        on_undo_accepted, g_object_ref (step->self));
  step_free (step);
}

/* A declined help is closed for good on the server; its undo asks the same helper again
 * (a new help, with her "yes" again when she had given it), which the rules allow. */
static void
on_undo_clicked (AdwToast *toast,
                 Step     *step)
{
  Step *again;

  if (step->self->store == NULL)
    return;
  again = g_new0 (Step, 1);
  again->self = g_object_ref (step->self);
  again->previous = g_strdup (step->previous);
  voisins_store_propose_help_async (step->self->store, step->post_id, step->helper_id, NULL,
                                    on_undo_proposed, again);
}

static void
on_state_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(VoisinsPostHelp) self = g_object_ref (step->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (!voisins_store_set_help_state_finish (VOISINS_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      step_free (step);
      return;
    }

  if (g_str_equal (step->state, "accepted"))
    /* TRANSLATORS: a toast: "Ana M. said yes: the request is matched" */
    text = g_strdup_printf (_("%s said yes: the request is matched"), step->helper_name);
  else if (g_str_equal (step->state, "done"))
    /* TRANSLATORS: a toast: "Done: helped by Ana M." */
    text = g_strdup_printf (_("Done: helped by %s"), step->helper_name);
  else
    /* TRANSLATORS: a toast: "Ana M. declined" */
    text = g_strdup_printf (_("%s declined"), step->helper_name);
  toast = adw_toast_new (text);
  if (g_str_equal (step->state, "declined"))
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      /* Its undo is worth nothing later: shown now, before any queued toast. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked), step,
                             (GClosureNotify) (void (*) (void)) step_free, 0);
    }
  else
    step_free (step);
  voisins_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
set_state_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VoisinsPostHelp *self = VOISINS_POST_HELP (widget);
  const char *id, *state;
  VoisinsHelpView *view = NULL;
  Step *step;

  g_variant_get (param, "(&s&s)", &id, &state);
  for (guint i = 0; self->views && i < self->views->len; i++)
    if (g_str_equal (((VoisinsHelpView *) self->views->pdata[i])->help->id, id))
      view = self->views->pdata[i];
  if (view == NULL || self->store == NULL)
    return;

  step = g_new0 (Step, 1);
  step->self = g_object_ref (self);
  step->post_id = g_strdup (view->help->post_id);
  step->helper_id = g_strdup (view->help->helper_id);
  step->helper_name = g_strdup (view->helper_name);
  step->previous = g_strdup (view->help->state);
  step->state = g_strdup (state);
  voisins_store_set_help_state_async (self->store, id, state, self->write_cancellable,
                                      on_state_set, step);
}

/* }}} */

static void
on_proposed (VoisinsHelpDialog *dialog,
             const char        *help_id,
             const char        *helper_name,
             VoisinsPostHelp   *self)
{
  /* TRANSLATORS: a toast: "Ana M. asked: note her answer on the request" */
  g_autofree char *text = g_strdup_printf (_("%s asked: note the answer on the request"),
                                           helper_name);

  voisins_ui_add_toast (GTK_WIDGET (self), adw_toast_new (text));
  reload (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VoisinsPostHelp *self = VOISINS_POST_HELP (widget);
  VoisinsHelpDialog *dialog;
  GtkRoot *root;

  if (self->store == NULL || self->post == NULL)
    return;
  dialog = voisins_help_dialog_new (self->store, self->post);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "proposed", G_CALLBACK (on_proposed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
voisins_post_help_dispose (GObject *object)
{
  VoisinsPostHelp *self = (VoisinsPostHelp *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->write_cancellable);
  g_clear_object (&self->write_cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->posts_changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_POST_HELP);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->post);
  g_clear_pointer (&self->views, g_ptr_array_unref);

  G_OBJECT_CLASS (voisins_post_help_parent_class)->dispose (object);
}

static void
voisins_post_help_class_init (VoisinsPostHelpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_post_help_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-post-help.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, find_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, helped_by_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, helped_by_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, helps_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostHelp, hint_label);
  gtk_widget_class_install_action (widget_class, "help.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "help.set-state", "(ss)", set_state_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
voisins_post_help_init (VoisinsPostHelp *self)
{
  self->has_suggestion = -1;
  self->write_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Helper"), -1);
}

void
voisins_post_help_set_store (VoisinsPostHelp *self,
                             VoisinsStore    *store)
{
  g_return_if_fail (VOISINS_IS_POST_HELP (self));
  g_return_if_fail (store == NULL || VOISINS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->posts_changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->posts_changed_id = g_signal_connect (store, "posts-changed",
                                               G_CALLBACK (on_posts_changed), self);
  reload (self);
}

void
voisins_post_help_set_post (VoisinsPostHelp *self,
                            VoisinsPost     *post)
{
  gboolean request;

  g_return_if_fail (VOISINS_IS_POST_HELP (self));

  request = post != NULL && voisins_post_get_kind (post) == VOISINS_POST_KIND_REQUEST;
  if (post == NULL || self->post == NULL ||
      !g_str_equal (voisins_post_get_id (post), voisins_post_get_id (self->post)))
    {
      g_clear_pointer (&self->views, g_ptr_array_unref);
      self->has_suggestion = -1;
    }
  if (request)
    g_set_object (&self->post, post);
  else
    g_clear_object (&self->post);
  gtk_widget_set_visible (GTK_WIDGET (self), request && self->store != NULL);
  if (request)
    update (self);
  reload (self);
}
