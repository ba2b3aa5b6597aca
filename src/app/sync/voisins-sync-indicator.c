/* voisins-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync-ui"

#include <glib/gi18n.h>

#include "voisins-sync-indicator.h"

struct _VoisinsSyncIndicator
{
  GtkWidget           parent_instance;

  VoisinsSyncManager *manager;
  VoisinsSyncClient  *client;
  GSignalGroup       *client_signals;
  GSignalGroup       *manager_signals;

  /* template children */
  GtkMenuButton      *button;
  GtkButton          *conflicts_button;
  GtkLabel           *details_label;
  GtkLabel           *error_label;
  GtkLabel           *headline_label;
  GtkImage           *icon;
  GtkStack           *icon_stack;
  GtkLabel           *label;
  GtkButton          *login_button;
  GtkButton          *logout_button;
  GtkPopover         *popover;
  GtkSpinner         *spinner;
  GtkButton          *sync_now_button;
};

G_DEFINE_FINAL_TYPE (VoisinsSyncIndicator, voisins_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
format_last_synced (gint64 when,
                    gboolean short_form)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;

  if (when <= 0)
    return NULL;

  then = g_date_time_new_from_unix_local (when);
  if (g_date_time_get_year (then) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (now))
    {
      time = g_date_time_format (then, "%H:%M");
      /* TRANSLATORS: %s is a time of day, "14:32" */
      return g_strdup_printf (short_form ? _("Synced at %s") : _("Last synced at %s"), time);
    }

  /* TRANSLATORS: a day and a month, as in "3 May" (strftime format) */
  time = g_date_time_format (then, _("%e %B"));
  g_strstrip (time);
  /* TRANSLATORS: %s is a date, "3 May" */
  return g_strdup_printf (short_form ? _("Synced on %s") : _("Last synced on %s"), time);
}

/* The role the server gave this login in the association on this laptop (there is one). */
static const char *
role_label (VoisinsStore *store)
{
  g_autoptr(GPtrArray) associations = voisins_store_list_associations (store, NULL);
  VoisinsRole role;

  if (associations == NULL || associations->len == 0 ||
      !voisins_store_get_role (store,
                               voisins_association_get_id (g_ptr_array_index (associations, 0)),
                               &role))
    return NULL;

  switch (role)
    {
    case VOISINS_ROLE_VOLUNTEER:
      return _("volunteer");
    case VOISINS_ROLE_COORDINATOR:
      return _("coordinator");
    case VOISINS_ROLE_ADMIN:
      return _("administrator");
    default:
      return NULL;
    }
}

static void
update (VoisinsSyncIndicator *self)
{
  VoisinsSyncState state = VOISINS_SYNC_STATE_NEEDS_LOGIN;
  g_autofree char *label = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *synced_long = NULL;
  g_autofree char *username = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  const char *icon_name = "emblem-synchronizing-symbolic";
  const char *last_error = NULL;
  const char *server_url = NULL;
  const char *downloading = NULL;
  double download_progress = 0;
  guint pending = 0;
  guint n_notices = 0;
  gint64 last_synced = 0;

  if (self->client != NULL)
    {
      state = voisins_sync_client_get_state (self->client);
      pending = voisins_sync_client_get_pending_changes (self->client);
      last_synced = voisins_sync_client_get_last_synced (self->client);
      last_error = voisins_sync_client_get_last_error (self->client);
      server_url = voisins_sync_client_get_server_url (self->client);
      username = voisins_store_get_meta (voisins_sync_client_get_store (self->client), "username");
      n_notices = voisins_sync_manager_get_n_notices (self->manager);
      downloading = voisins_sync_client_get_downloading (self->client);
      download_progress = voisins_sync_client_get_download_progress (self->client);
    }

  synced = format_last_synced (last_synced, TRUE);
  synced_long = format_last_synced (last_synced, FALSE);

  switch (state)
    {
    case VOISINS_SYNC_STATE_SYNCING:
      label = g_strdup (_("Syncing…"));
      headline = g_strdup (_("Sending and receiving changes…"));
      break;

    case VOISINS_SYNC_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      label = g_strdup (pending > 0 ? _("Offline – changes kept") : _("Offline"));
      headline = g_strdup (_("The server cannot be reached. Your changes are kept on this "
                             "computer and will be sent when it can be reached again."));
      break;

    case VOISINS_SYNC_STATE_ERROR:
      icon_name = "dialog-warning-symbolic";
      label = g_strdup (_("Sync error"));
      headline = g_strdup (_("The last sync failed. Your changes are kept on this computer."));
      break;

    case VOISINS_SYNC_STATE_NEEDS_LOGIN:
      icon_name = "system-lock-screen-symbolic";
      label = g_strdup (_("Not logged in"));
      headline = g_strdup (_("Log in to share posts with the other volunteers of your "
                             "association."));
      break;

    case VOISINS_SYNC_STATE_IDLE:
    default:
      if (pending > 0)
        {
          icon_name = "document-send-symbolic";
          label = g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting", pending),
                                   pending);
          headline = g_strdup (_("Your changes will be sent in a moment."));
        }
      else if (synced != NULL)
        {
          icon_name = "emblem-ok-symbolic";
          label = g_strdup (synced);
          headline = g_strdup (_("Everything is up to date."));
        }
      else
        {
          label = g_strdup (_("Not synced yet"));
          headline = g_strdup (_("Nothing has been received from the server yet."));
        }
      break;
    }

  /* The map of the quartier, after the changes: a few MB, once per version. */
  if (g_strcmp0 (downloading, "basemap") == 0)
    {
      g_clear_pointer (&label, g_free);
      g_clear_pointer (&headline, g_free);
      int percent = (int) (download_progress * 100);

      /* TRANSLATORS: %d is a percentage; "%%" prints the percent sign, after a
       * no-break space */
      label = g_strdup_printf (_("Downloading the map… %d %%"), percent);
      /* TRANSLATORS: %d is a percentage; "%%" prints the percent sign */
      headline = g_strdup_printf (_("Downloading the map of the quartier… %d %%. It comes "
                                    "once, so that the map shows the streets even without "
                                    "the network."), percent);
    }

  if (n_notices > 0 && state != VOISINS_SYNC_STATE_SYNCING)
    {
      icon_name = "dialog-warning-symbolic";
      g_clear_pointer (&label, g_free);
      label = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", n_notices), n_notices);
      g_clear_pointer (&headline, g_free);
      headline = g_strdup (ngettext ("A change needs your review: the server kept another "
                                     "version.",
                                     "Some changes need your review: the server kept other "
                                     "versions.", n_notices));
    }

  gtk_label_set_text (self->label, label);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_stack_set_visible_child_name (self->icon_stack,
                                    state == VOISINS_SYNC_STATE_SYNCING || downloading
                                      ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, state == VOISINS_SYNC_STATE_SYNCING || downloading);

  /* TRANSLATORS: the sync button's accessible name; %s is its short state ("Synced at 14:32") */
  accessible = g_strdup_printf (_("Sync: %s"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), headline);

  gtk_label_set_text (self->headline_label, headline);

  gtk_label_set_text (self->error_label, last_error ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          last_error != NULL && *last_error != '\0' &&
                          (state == VOISINS_SYNC_STATE_ERROR ||
                           state == VOISINS_SYNC_STATE_NEEDS_LOGIN));

  if (server_url != NULL && *server_url != '\0')
    /* TRANSLATORS: %s is the server address */
    g_string_append_printf (details, _("Server: %s"), server_url);
  if (username != NULL && *username != '\0')
    {
      const char *role = role_label (voisins_sync_client_get_store (self->client));

      if (details->len > 0)
        g_string_append_c (details, '\n');
      if (role != NULL)
        /* TRANSLATORS: "Logged in as <login> (<role>)", the role being "volunteer",
         * "coordinator" or "administrator" */
        g_string_append_printf (details, _("Logged in as %s (%s)"), username, role);
      else
        /* TRANSLATORS: %s is the user name used to log in */
        g_string_append_printf (details, _("Logged in as %s"), username);
    }
  if (details->len > 0)
    g_string_append_c (details, '\n');
  if (pending > 0)
    g_string_append_printf (details, ngettext ("%u change waiting to be sent",
                                               "%u changes waiting to be sent", pending),
                            pending);
  else
    g_string_append (details, _("No change waiting to be sent"));
  if (synced_long != NULL)
    {
      g_string_append_c (details, '\n');
      g_string_append (details, synced_long);
    }
  gtk_label_set_text (self->details_label, details->str);

  /* TRANSLATORS: %u is how many conflicts and refusals there are */
  conflicts = g_strdup_printf (_("_Review Conflicts (%u)"), n_notices);
  gtk_button_set_label (self->conflicts_button, conflicts);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), n_notices > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->login_button),
                          state == VOISINS_SYNC_STATE_NEEDS_LOGIN);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_now_button),
                          state != VOISINS_SYNC_STATE_NEEDS_LOGIN);
  gtk_widget_set_visible (GTK_WIDGET (self->logout_button),
                          server_url != NULL && *server_url != '\0');
}

static void
voisins_sync_indicator_dispose (GObject *object)
{
  VoisinsSyncIndicator *self = (VoisinsSyncIndicator *) object;

  g_clear_object (&self->client_signals);
  g_clear_object (&self->manager_signals);
  g_clear_object (&self->client);
  g_clear_object (&self->manager);

  gtk_widget_dispose_template (GTK_WIDGET (self), VOISINS_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (voisins_sync_indicator_parent_class)->dispose (object);
}

static void
voisins_sync_indicator_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VoisinsSyncIndicator *self = VOISINS_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_sync_indicator_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VoisinsSyncIndicator *self = VOISINS_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      voisins_sync_indicator_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_sync_indicator_class_init (VoisinsSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_sync_indicator_dispose;
  object_class->get_property = voisins_sync_indicator_get_property;
  object_class->set_property = voisins_sync_indicator_set_property;

  properties [PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, VOISINS_TYPE_SYNC_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/voisins/Voisins/ui/voisins-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, details_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, headline_label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, login_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, logout_button);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, VoisinsSyncIndicator, sync_now_button);
}

static void
voisins_sync_indicator_init (VoisinsSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->client_signals = g_signal_group_new (VOISINS_TYPE_SYNC_CLIENT);
  g_signal_group_connect_swapped (self->client_signals, "notify::state",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::pending-changes",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::last-synced",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::last-error",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::server-url",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::downloading",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->client_signals, "notify::download-progress",
                                  G_CALLBACK (update), self);

  self->manager_signals = g_signal_group_new (VOISINS_TYPE_SYNC_MANAGER);
  g_signal_group_connect_swapped (self->manager_signals, "notify::n-notices",
                                  G_CALLBACK (update), self);

  update (self);
}

void
voisins_sync_indicator_set_manager (VoisinsSyncIndicator *self,
                                    VoisinsSyncManager   *manager)
{
  g_return_if_fail (VOISINS_IS_SYNC_INDICATOR (self));
  g_return_if_fail (manager == NULL || VOISINS_IS_SYNC_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  g_clear_object (&self->client);
  if (manager != NULL)
    self->client = g_object_ref (voisins_sync_manager_get_client (manager));
  g_signal_group_set_target (self->client_signals, self->client);
  g_signal_group_set_target (self->manager_signals, self->manager);
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MANAGER]);
}

VoisinsSyncManager *
voisins_sync_indicator_get_manager (VoisinsSyncIndicator *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_INDICATOR (self), NULL);
  return self->manager;
}

const char *
voisins_sync_indicator_get_label (VoisinsSyncIndicator *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
