/* voisins-post-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>

#include "voisins-event-people.h"
#include "voisins-post-detail.h"
#include "voisins-post-help.h"
#include "voisins-ui-util.h"

struct _VoisinsPostDetail
{
  GtkWidget    parent_instance;

  VoisinsPost *post;
  gboolean     may_change;

  /* template children */
  GtkWidget   *actions_box;
  GtkLabel    *author_label;
  GtkWidget   *author_link_icon;
  AdwActionRow *author_row;
  GtkLabel    *body_label;
  GtkWidget   *calendar_row;
  GtkButton   *cancel_button;
  GtkLabel    *category_label;
  GtkLabel    *created_label;
  GtkButton   *done_button;
  GtkLabel    *dates_label;
  GtkWidget   *dates_row;
  GtkButton   *edit_button;
  VoisinsEventPeople *event_people;
  GtkLabel    *kind_label;
  GtkLabel    *locked_label;
  GtkButton   *matched_button;
  GtkLabel    *place_label;
  GtkButton   *reopen_button;
  GtkStack    *stack;
  GtkLabel    *status_hint_label;
  GtkLabel    *status_label;
  GtkLabel    *title_label;
  VoisinsPostHelp *help_box;
};

G_DEFINE_FINAL_TYPE (VoisinsPostDetail, voisins_post_detail, GTK_TYPE_WIDGET)

static void
voisins_post_detail_dispose (GObject *object)
{
  VoisinsPostDetail *self = (VoisinsPostDetail *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_POST_DETAIL);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->post);

  G_OBJECT_CLASS (voisins_post_detail_parent_class)->dispose (object);
}

static void
voisins_post_detail_class_init (VoisinsPostDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_post_detail_dispose;

  g_type_ensure (VOISINS_TYPE_EVENT_PEOPLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-post-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, author_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, author_link_icon);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, author_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, body_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, calendar_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, category_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, created_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, dates_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, dates_row);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, done_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, event_people);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, locked_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, matched_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, place_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, status_hint_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsPostDetail, help_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_post_detail_init (VoisinsPostDetail *self)
{
  g_type_ensure (VOISINS_TYPE_POST_HELP);
  self->may_change = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
voisins_post_detail_new (void)
{
  return g_object_new (VOISINS_TYPE_POST_DETAIL, NULL);
}

VoisinsPost *
voisins_post_detail_get_post (VoisinsPostDetail *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_DETAIL (self), NULL);

  return self->post;
}

static char *
format_dates (VoisinsPost *post)
{
  g_autofree char *starts = voisins_ui_long_date_time (voisins_post_get_starts_at (post));
  g_autofree char *ends = voisins_ui_long_date_time (voisins_post_get_ends_at (post));

  if (*starts && *ends)
    /* TRANSLATORS: "From <date> to <date>" */
    return g_strdup_printf (_("From %s to %s"), starts, ends);
  if (*starts)
    /* TRANSLATORS: "From <date>" */
    return g_strdup_printf (_("From %s"), starts);
  if (*ends)
    /* TRANSLATORS: "Until <date>" */
    return g_strdup_printf (_("Until %s"), ends);

  return NULL;
}

/* What the status means and what the buttons beside it do, in the words of the buttons. */
static const char *
status_hint (VoisinsPostStatus status)
{
  switch (status)
    {
    case VOISINS_POST_STATUS_OPEN:
      return _("“Matched”: a helper has been found, the help is still to come. "
               "“Done”: the help has happened, the post is closed.");
    case VOISINS_POST_STATUS_MATCHED:
      return _("A helper has been found. “Done” once the help has happened; "
               "“Reopen” if it fell through.");
    case VOISINS_POST_STATUS_DONE:
      return _("The help has happened. “Reopen” if it is needed again.");
    case VOISINS_POST_STATUS_CANCELLED:
      return _("Cancelled. “Reopen” if it is needed after all.");
    case VOISINS_POST_STATUS_EXPIRED:
      return _("Its dates have passed. “Reopen” if it is still needed, then edit its dates.");
    case VOISINS_N_POST_STATUSES:
    default:
      return "";
    }
}

void
voisins_post_detail_set_post (VoisinsPostDetail *self,
                              VoisinsPost       *post,
                              const char        *place)
{
  g_autofree char *created = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *place_text = NULL;
  VoisinsPostStatus status;
  const char *body;
  gboolean live;

  g_return_if_fail (VOISINS_IS_POST_DETAIL (self));

  g_set_object (&self->post, post);
  voisins_event_people_set_post (self->event_people, post);
  /* The request's helper: its own box (voisins-post-help.c). */
  voisins_post_help_set_post (self->help_box, post);

  if (post == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  status = voisins_post_get_status (post);

  gtk_label_set_label (self->title_label, voisins_post_get_title (post));
  gtk_label_set_label (self->kind_label, voisins_ui_kind_label (voisins_post_get_kind (post)));
  gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "request");
  gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "offer");
  gtk_widget_add_css_class (GTK_WIDGET (self->kind_label),
                            voisins_post_get_kind (post) == VOISINS_POST_KIND_REQUEST
                              ? "request" : "offer");
  gtk_label_set_label (self->category_label,
                       voisins_ui_category_label (voisins_post_get_category (post)));
  gtk_label_set_label (self->status_label, voisins_ui_status_label (status));
  gtk_label_set_label (self->author_label, voisins_post_get_author_name (post));

  created = voisins_ui_long_date (voisins_post_get_created_at (post));
  gtk_label_set_label (self->created_label, created);

  dates = format_dates (post);
  gtk_widget_set_visible (self->dates_row, dates != NULL);
  gtk_label_set_label (self->dates_label, dates ? dates : "");
  /* An event with a date: "Add to my calendar" (win.add-to-calendar saves its .ics). */
  gtk_widget_set_visible (self->calendar_row, voisins_ical_post_is_event (post));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->calendar_row), "s",
                                    voisins_post_get_id (post));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->calendar_row), "win.add-to-calendar");

  body = voisins_post_get_body (post);
  gtk_label_set_label (self->body_label, body && *body ? body : _("No description."));

  /* An event's own place ("cour du 12") is what people need to find it. */
  if (voisins_post_get_place (post) != NULL && *voisins_post_get_place (post) != '\0')
    place_text = g_strdup (voisins_post_get_place (post));
  else if (place != NULL && *place != '\0')
    /* TRANSLATORS: an approximate place, never the exact address: "Near Quinze-Vingts" */
    place_text = g_strdup_printf (_("Near %s (approximate place)"), place);
  else
    place_text = g_strdup (_("Approximate place, see the map"));
  gtk_label_set_label (self->place_label, place_text);

  /* A live post moves on (matched, done, cancelled); a closed one only reopens: going back
   * to matched is the toast's undo, not a button beside "Reopen". */
  live = status == VOISINS_POST_STATUS_OPEN || status == VOISINS_POST_STATUS_MATCHED;
  gtk_widget_set_visible (GTK_WIDGET (self->matched_button),
                          live && status != VOISINS_POST_STATUS_MATCHED);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), live);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), live);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_button),
                          status != VOISINS_POST_STATUS_OPEN
                          && voisins_post_status_can_move (status, VOISINS_POST_STATUS_OPEN));

  gtk_label_set_label (self->status_hint_label, status_hint (status));

  /* A volunteer changes only the posts they recorded (the server refuses the others): no
   * button that would only fail, and a line saying who can. */
  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), !self->may_change);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), self->may_change);
  if (!self->may_change)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->matched_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->done_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reopen_button), FALSE);
    }

  gtk_stack_set_visible_child_name (self->stack, "post");
}

/* Whether the user may edit, close or reopen the posts shown from now on (read by the next
 * voisins_post_detail_set_post()). */
void
voisins_post_detail_set_may_change (VoisinsPostDetail *self,
                                    gboolean           may_change)
{
  g_return_if_fail (VOISINS_IS_POST_DETAIL (self));

  self->may_change = !!may_change;
}

/* Links "Posted by" to the neighbour's record (win.show-member) when @member_id is known
 * here, with @phone under her name (NULL: not shown, for a volunteer). Called after
 * voisins_post_detail_set_post(). */
void
voisins_post_detail_set_author (VoisinsPostDetail *self,
                                const char        *member_id,
                                const char        *phone)
{
  g_return_if_fail (VOISINS_IS_POST_DETAIL (self));

  adw_action_row_set_subtitle (self->author_row, phone && *phone ? phone : NULL);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->author_row), member_id != NULL);
  gtk_widget_set_visible (self->author_link_icon, member_id != NULL);
  if (member_id != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->author_row), "s", member_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->author_row), "win.show-member");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_row), _("Open her record"));
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->author_row), NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_row), NULL);
    }
}

/* After a status change the button pressed may be gone: the next step's button, else the
 * first one left. Returns FALSE when no action is shown (a post the user may not change). */
gboolean
voisins_post_detail_focus_next_action (VoisinsPostDetail *self)
{
  GtkButton *order[] = {
    self->matched_button, self->done_button, self->reopen_button, self->edit_button,
    self->cancel_button,
  };

  g_return_val_if_fail (VOISINS_IS_POST_DETAIL (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (order[i])) &&
        gtk_widget_is_sensitive (GTK_WIDGET (order[i])) &&
        gtk_widget_grab_focus (GTK_WIDGET (order[i])))
      return TRUE;
  return FALSE;
}

/* Where an event's or a group's people (voisins-event-people.c) and a request's helper
 * (voisins-post-help.c) are read and changed, through their _async calls. */
void
voisins_post_detail_set_store (VoisinsPostDetail *self,
                               VoisinsStore      *store)
{
  g_return_if_fail (VOISINS_IS_POST_DETAIL (self));

  voisins_event_people_set_store (self->event_people, store);
  voisins_post_help_set_store (self->help_box, store);
}
