/* voisins-member-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "voisins-member-actions.h"
#include "voisins-member-detail.h"
#include "voisins-store-async.h"
#include "voisins-ui-util.h"

struct _VoisinsMemberDetail
{
  GtkWidget      parent_instance;

  VoisinsMember *member;
  VoisinsSyncClient *client;
  GCancellable  *cancellable;

  gboolean       hidden_from_me;  /* a volunteer: personal fields are coordinators' */

  /* template children */
  GtkButton     *edit_button;
  GtkBox        *groups_box;
  GtkButton     *new_post_button;
  GtkLabel      *name_label;
  AdwPreferencesGroup *posts_group;
  GtkStack      *stack;
  GtkLabel      *verification_label;
};

G_DEFINE_FINAL_TYPE (VoisinsMemberDetail, voisins_member_detail, GTK_TYPE_WIDGET)

static void
voisins_member_detail_dispose (GObject *object)
{
  VoisinsMemberDetail *self = (VoisinsMemberDetail *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_MEMBER_DETAIL);
  /* GTK 4.8 only clears bound children: unparent the template's root too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->member);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (voisins_member_detail_parent_class)->dispose (object);
}

static void
voisins_member_detail_class_init (VoisinsMemberDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_member_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-member-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, groups_box);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, new_post_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsMemberDetail, verification_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_member_detail_init (VoisinsMemberDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
voisins_member_detail_new (void)
{
  return g_object_new (VOISINS_TYPE_MEMBER_DETAIL, NULL);
}

static void
add_row_full (AdwPreferencesGroup *group,
              const char          *title,
              const char          *value,
              gboolean             hidden)
{
  GtkWidget *row;

  /* A volunteer's laptop never holds these (the server's rules): say who sees them rather
   * than suggest nobody gave them. */
  if ((value == NULL || *value == '\0') && hidden)
    value = _("Visible to coordinators");
  else if (value == NULL || *value == '\0')
    value = _("Not given");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  add_row_full (group, title, value, FALSE);
}

static AdwPreferencesGroup *
add_group (VoisinsMemberDetail *self,
           const char          *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->groups_box, group);

  return ADW_PREFERENCES_GROUP (group);
}

static char *
verification_text (VoisinsMember *member)
{
  VoisinsVerification v = voisins_member_get_verification (member);
  g_autofree char *when = voisins_ui_long_date (voisins_member_get_verified_at (member));
  const char *how = voisins_member_get_verified_how (member);
  const char *by = voisins_member_get_verified_by (member);

  if (v == VOISINS_VERIFICATION_VERIFIED)
    /* TRANSLATORS: "Verified: <how>, by <volunteer>, on <date>" */
    return g_strdup_printf (_("Verified: %s, by %s, on %s"),
                            how && *how ? how : _("how not recorded"),
                            by && *by ? by : _("unknown volunteer"),
                            *when ? when : _("unknown date"));
  if (v == VOISINS_VERIFICATION_LETTER_SENT && *when)
    /* TRANSLATORS: "Letter sent on <date>" */
    return g_strdup_printf (_("Letter sent on %s"), when);

  return g_strdup (voisins_ui_verification_label (v));
}

/* The scope is stored as a comma-separated list of keywords. */
static char *
consent_scope_text (const char *scope)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (scope == NULL || *scope == '\0')
    return NULL;

  parts = g_strsplit (scope, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (*part == '\0')
        continue;
      else if (g_str_equal (part, "posts"))
        g_ptr_array_add (labels, (gpointer) _("Posts on her behalf"));
      else if (g_str_equal (part, "phone"))
        g_ptr_array_add (labels, (gpointer) _("Being phoned"));
      else if (g_str_equal (part, "contact"))
        g_ptr_array_add (labels, (gpointer) _("Being contacted by the association"));
      else if (g_str_equal (part, "map"))
        g_ptr_array_add (labels, (gpointer) _("Posts shown on the map"));
      else if (g_str_equal (part, "posts"))
        g_ptr_array_add (labels, (gpointer) _ ("Posts made on the neighbour’s behalf"));
      else if (g_str_equal (part, "phone"))
        g_ptr_array_add (labels, (gpointer) _ ("Being phoned by the association"));
      else if (g_str_equal (part, "holiday"))
        g_ptr_array_add (labels, (gpointer) _("The holiday table campaign"));
      else
        g_ptr_array_add (labels, (gpointer) part);
    }
  g_ptr_array_add (labels, NULL);

  return g_strjoinv ("\n", (char **) labels->pdata);
}

static void
on_posts_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VoisinsMemberDetail) self = user_data;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  posts = voisins_store_list_member_posts_finish (VOISINS_STORE (source), result, &error);
  if (posts == NULL || self->posts_group == NULL)
    return;

  if (posts->len == 0)
    {
      add_row (self->posts_group, _("No posts yet"),
               _("Use “New Post for Her” to write one for this neighbour."));
      return;
    }

  for (guint i = 0; i < posts->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (posts, i);
      g_autofree char *when = voisins_ui_long_date (voisins_post_get_created_at (post));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* TRANSLATORS: "Request · Open · <date>" */
      subtitle = g_strdup_printf (_("%s · %s · %s"),
                                  voisins_ui_kind_label (voisins_post_get_kind (post)),
                                  voisins_ui_status_label (voisins_post_get_status (post)),
                                  when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), voisins_post_get_title (post));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (
                                   voisins_ui_category_icon (voisins_post_get_category (post))));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      /* Opens the post in the posts view. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-post");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", voisins_post_get_id (post));
      adw_preferences_group_add (self->posts_group, row);
    }
}

void
voisins_member_detail_set_member (VoisinsMemberDetail *self,
                                  VoisinsStore        *store,
                                  VoisinsMember       *member)
{
  g_autofree char *full_name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *verification = NULL;
  g_autofree char *consent = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *languages = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *child;

  g_return_if_fail (VOISINS_IS_MEMBER_DETAIL (self));

  g_set_object (&self->member, member);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))))
    gtk_box_remove (self->groups_box, child);
  self->posts_group = NULL;

  if (member == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  full_name = voisins_ui_member_full_name (member);
  gtk_label_set_label (self->name_label, full_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    voisins_member_get_id (member));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->new_post_button), "s",
                                    voisins_member_get_id (member));
  {
    VoisinsRole role;

    self->hidden_from_me = store != NULL &&
                           voisins_store_get_role (store,
                                                   voisins_member_get_association_id (member),
                                                   &role) &&
                           role < VOISINS_ROLE_COORDINATOR;
  }

  verification = verification_text (member);
  gtk_label_set_label (self->verification_label, verification);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verification_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verification_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->verification_label),
                            voisins_member_get_verification (member)
                              == VOISINS_VERIFICATION_VERIFIED ? "success" : "warning");

  group = add_group (self, _("Contact"));
  address = g_strdup_printf ("%s\n%s %s",
                             voisins_member_get_address (member)
                               ? voisins_member_get_address (member) : "",
                             voisins_member_get_postcode (member)
                               ? voisins_member_get_postcode (member) : "",
                             voisins_member_get_city (member)
                               ? voisins_member_get_city (member) : "");
  add_row_full (group, _("Address"),
                voisins_member_get_address (member) || !self->hidden_from_me
                  ? g_strstrip (address) : NULL,
                self->hidden_from_me);
  add_row_full (group, _("Phone"), voisins_member_get_phone (member), self->hidden_from_me);
  add_row_full (group, _("Email"), voisins_member_get_email (member), self->hidden_from_me);

  group = add_group (self, _("About"));
  languages = voisins_ui_languages (voisins_member_get_languages (member));
  add_row (group, _("Languages"), languages);
  add_row_full (group, _("Needs"), voisins_member_get_needs (member), self->hidden_from_me);

  group = add_group (self, _("Consent"));
  if (voisins_member_get_consent_at (member) > 0)
    {
      g_autofree char *when = voisins_ui_long_date (voisins_member_get_consent_at (member));
      /* A code (the neighbour in person, a relative...) in words, or a volunteer's login. */
      g_autofree char *by = voisins_consent_by_label (voisins_member_get_consent_by (member));

      /* TRANSLATORS: "Given on <date>, recorded by <volunteer>" */
      consent = g_strdup_printf (_("Given on %s, recorded by %s"), when,
                                 by ? by : _("unknown volunteer"));
    }
  add_row_full (group, _("Consent"),
                consent ? consent : self->hidden_from_me ? NULL : _("Not recorded"),
                self->hidden_from_me);
  scope = consent_scope_text (voisins_member_get_consent_scope (member));
  /* TRANSLATORS: what the neighbour agreed to, one item a line */
  add_row_full (group, _("Agreed to"), scope, self->hidden_from_me);

  {
    /* Verification and her data: letters, codes, in person, history, report, erasure. */
    GtkWidget *actions = voisins_member_actions_new ();

    voisins_member_actions_set_member (VOISINS_MEMBER_ACTIONS (actions), self->client, store,
                                       member);
    gtk_box_append (self->groups_box, actions);
  }

  self->posts_group = add_group (self, _("Posts"));

  gtk_stack_set_visible_child_name (self->stack, "member");

  if (store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  voisins_store_list_member_posts_async (store, voisins_member_get_association_id (member),
                                         voisins_member_get_id (member), self->cancellable,
                                         on_posts_ready, g_object_ref (self));
}

void
voisins_member_detail_set_sync_client (VoisinsMemberDetail *self, VoisinsSyncClient *client)
{
  g_return_if_fail (VOISINS_IS_MEMBER_DETAIL (self));

  g_set_object (&self->client, client);
}
