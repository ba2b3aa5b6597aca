/* voisins-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <math.h>

#include "voisins-ui-util.h"

const char *
voisins_ui_kind_label (VoisinsPostKind kind)
{
  switch (kind)
    {
    case VOISINS_POST_KIND_REQUEST:
      return _("Request");
    case VOISINS_POST_KIND_OFFER:
      return _("Offer");
    default:
      return "";
    }
}

const char *
voisins_ui_category_label (VoisinsCategory category)
{
  switch (category)
    {
    case VOISINS_CATEGORY_SERVICE:
      return _("Small service");
    case VOISINS_CATEGORY_BABYSITTING:
      return _("Babysitting");
    case VOISINS_CATEGORY_DIY:
      return _("DIY");
    case VOISINS_CATEGORY_LENDING:
      return _("Lending");
    case VOISINS_CATEGORY_ACTIVITY:
      return _("Activity");
    case VOISINS_CATEGORY_GROUP:
      return _("Group");
    case VOISINS_CATEGORY_EVENT:
      return _("Event");
    case VOISINS_N_CATEGORIES:
    default:
      return "";
    }
}

const char *
voisins_ui_category_icon (VoisinsCategory category)
{
  switch (category)
    {
    case VOISINS_CATEGORY_SERVICE:
      return "emblem-favorite-symbolic";
    case VOISINS_CATEGORY_BABYSITTING:
      return "face-smile-symbolic";
    case VOISINS_CATEGORY_DIY:
      return "applications-engineering-symbolic";
    case VOISINS_CATEGORY_LENDING:
      return "send-to-symbolic";
    case VOISINS_CATEGORY_ACTIVITY:
      return "applications-games-symbolic";
    case VOISINS_CATEGORY_GROUP:
      return "system-users-symbolic";
    case VOISINS_CATEGORY_EVENT:
      return "x-office-calendar-symbolic";
    case VOISINS_N_CATEGORIES:
    default:
      return "dialog-question-symbolic";
    }
}

const char *
voisins_ui_status_label (VoisinsPostStatus status)
{
  switch (status)
    {
    case VOISINS_POST_STATUS_OPEN:
      return _("Open");
    case VOISINS_POST_STATUS_MATCHED:
      return _("Matched");
    case VOISINS_POST_STATUS_DONE:
      return _("Done");
    case VOISINS_POST_STATUS_CANCELLED:
      return _("Cancelled");
    case VOISINS_POST_STATUS_EXPIRED:
      return _("Expired");
    case VOISINS_N_POST_STATUSES:
    default:
      return "";
    }
}

const char *
voisins_ui_verification_label (VoisinsVerification verification)
{
  switch (verification)
    {
    case VOISINS_VERIFICATION_UNVERIFIED:
      return _("Not verified");
    case VOISINS_VERIFICATION_LETTER_SENT:
      return _("Letter sent");
    case VOISINS_VERIFICATION_VERIFIED:
      return _("Verified");
    default:
      return "";
    }
}

const char *
voisins_ui_role_label (VoisinsRole role)
{
  switch (role)
    {
    case VOISINS_ROLE_VOLUNTEER:
      return _("volunteer");
    case VOISINS_ROLE_COORDINATOR:
      return _("coordinator");
    case VOISINS_ROLE_ADMIN:
      return _("administrator");
    default:
      return "";
    }
}

char *
voisins_ui_member_short_name (VoisinsMember *member)
{
  const char *first = voisins_member_get_first_name (member);
  const char *last = voisins_member_get_last_name (member);
  g_autofree char *initial = NULL;

  if (last == NULL || *last == '\0')
    return g_strdup (first ? first : "");

  initial = g_utf8_substring (last, 0, 1);
  /* TRANSLATORS: a first name and the initial of a last name, "Jeanne M." */
  return g_strdup_printf (_("%s %s."), first ? first : "", initial);
}

char *
voisins_ui_member_full_name (VoisinsMember *member)
{
  const char *first = voisins_member_get_first_name (member);
  const char *last = voisins_member_get_last_name (member);

  return g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
}

char *
voisins_ui_relative_date (gint64 unix_time,
                          gint64 now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) then_day = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  int days;

  if (unix_time <= 0)
    return g_strdup ("");

  then = g_date_time_new_from_unix_local (unix_time);
  now_local = g_date_time_new_from_unix_local (now);
  today = g_date_time_new_local (g_date_time_get_year (now_local),
                                 g_date_time_get_month (now_local),
                                 g_date_time_get_day_of_month (now_local), 0, 0, 0);
  then_day = g_date_time_new_local (g_date_time_get_year (then),
                                    g_date_time_get_month (then),
                                    g_date_time_get_day_of_month (then), 0, 0, 0);
  days = (int) (g_date_time_difference (today, then_day) / G_TIME_SPAN_DAY);

  if (days <= 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            days);

  /* TRANSLATORS: a short date, see g_date_time_format(); French: "%-d %b %Y" */
  return g_date_time_format (then, _("%b %-d, %Y"));
}

char *
voisins_ui_long_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (unix_time);
  /* TRANSLATORS: a long date, see g_date_time_format(); French: "%A %-d %B %Y" */
  return g_date_time_format (dt, _("%A, %B %-d, %Y"));
}

/* A long date with its time of day: "Tuesday, December 3, 2026 at 14:30". */
char *
voisins_ui_long_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (unix_time);
  /* TRANSLATORS: a long date and time, see g_date_time_format(); French: "%A %-d %B %Y à %H:%M" */
  return g_date_time_format (dt, _("%A, %B %-d, %Y at %H:%M"));
}

char *
voisins_ui_distance (double metres)
{
  if (metres < 0)
    return g_strdup ("");
  if (metres < 1000)
    /* TRANSLATORS: a distance in metres */
    return g_strdup_printf (_("%d m"), (int) (round (metres / 10.0) * 10));

  /* TRANSLATORS: a distance in kilometres */
  return g_strdup_printf (_("%.1f km"), metres / 1000.0);
}

static const struct {
  const char *code;
  const char *name;
} language_names[] = {
  { "am", N_("Amharic") },
  { "ar", N_("Arabic") },
  { "bm", N_("Bambara") },
  { "bn", N_("Bengali") },
  { "de", N_("German") },
  { "en", N_("English") },
  { "es", N_("Spanish") },
  { "fa", N_("Persian") },
  { "fr", N_("French") },
  { "it", N_("Italian") },
  { "kab", N_("Kabyle") },
  { "ln", N_("Lingala") },
  { "pl", N_("Polish") },
  { "ps", N_("Pashto") },
  { "pt", N_("Portuguese") },
  { "ro", N_("Romanian") },
  { "ru", N_("Russian") },
  { "so", N_("Somali") },
  { "ta", N_("Tamil") },
  { "ti", N_("Tigrinya") },
  { "tr", N_("Turkish") },
  { "uk", N_("Ukrainian") },
  { "vi", N_("Vietnamese") },
  { "wo", N_("Wolof") },
  { "zh", N_("Chinese") },
};

/* Members' languages are stored as ISO 639 codes, "fr,ar": show their names. */
char *
voisins_ui_languages (const char *codes)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (codes == NULL || *codes == '\0')
    return NULL;

  parts = g_strsplit (codes, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *code = g_strstrip (parts[i]);
      const char *name = code;

      if (*code == '\0')
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (language_names); j++)
        if (g_ascii_strcasecmp (code, language_names[j].code) == 0)
          name = _(language_names[j].name);

      g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_add (names, NULL);

  /* TRANSLATORS: the separator between languages, "French, Arabic" */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

static char *
member_name_cb (VoisinsMember *member)
{
  if (member == NULL)
    return g_strdup ("");

  return voisins_ui_member_full_name (member);
}

GtkExpression *
voisins_ui_member_name_expression (void)
{
  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (member_name_cb), NULL, NULL);
}

static GtkWidget *
find_overlay_below (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_overlay_below (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
voisins_ui_add_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  while (overlay == NULL && widget != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      if (root == NULL)
        break;
      overlay = find_overlay_below (GTK_WIDGET (root));
      widget = GTK_IS_WINDOW (root)
                 ? (GtkWidget *) gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;
    }

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The member a drop-down of neighbours shows is kept by id: the list behind it is read
 * again from the store after each change (a sync, a neighbour just added), and while the
 * list changes the drop-down's own selection moves around: that is not a choice. */
static void
member_drop_down_selected (GtkDropDown *dropdown)
{
  VoisinsMember *member = gtk_drop_down_get_selected_item (dropdown);

  if (member != NULL && g_object_get_data (G_OBJECT (dropdown), "voisins-changing") == NULL)
    g_object_set_data_full (G_OBJECT (dropdown), "voisins-member-id",
                            g_strdup (voisins_member_get_id (member)), g_free);
}

static void
member_drop_down_reselect (GtkDropDown *dropdown)
{
  const char *id = g_object_get_data (G_OBJECT (dropdown), "voisins-member-id");
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n;

  if (id == NULL || model == NULL)
    return;

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VoisinsMember) member = g_list_model_get_item (model, i);

      if (g_strcmp0 (voisins_member_get_id (member), id) == 0)
        {
          if (gtk_drop_down_get_selected (dropdown) != i)
            gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
}

static void
member_drop_down_changing (GtkDropDown *dropdown)
{
  g_object_set_data (G_OBJECT (dropdown), "voisins-changing", GINT_TO_POINTER (TRUE));
}

static void
member_drop_down_changed (GtkDropDown *dropdown)
{
  g_object_set_data (G_OBJECT (dropdown), "voisins-changing", NULL);
  member_drop_down_reselect (dropdown);
}

void
voisins_ui_member_drop_down_track (GtkDropDown *dropdown,
                                   GListModel  *members)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (G_IS_LIST_MODEL (members));

  /* Before the drop-down's own handler, and after every handler. */
  g_signal_connect_object (members, "items-changed", G_CALLBACK (member_drop_down_changing),
                           dropdown, G_CONNECT_SWAPPED);
  gtk_drop_down_set_model (dropdown, members);
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (members, "items-changed", G_CALLBACK (member_drop_down_changed),
                           dropdown, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (member_drop_down_selected), NULL);
}

void
voisins_ui_member_drop_down_select (GtkDropDown *dropdown,
                                    const char  *id)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  g_object_set_data_full (G_OBJECT (dropdown), "voisins-member-id", g_strdup (id), g_free);
  member_drop_down_reselect (dropdown);
}
