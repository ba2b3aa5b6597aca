/* voisins-sync-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync-ui"

#include <glib/gi18n.h>
#include <string.h>

#include "voisins-conflicts-dialog.h"
#include "voisins-login-dialog.h"
#include "voisins-secret.h"
#include "voisins-sync-manager.h"

struct _VoisinsSyncManager
{
  GObject             parent_instance;

  GtkApplication     *app;   /* weak: the application owns us */
  VoisinsStore       *store;
  VoisinsSyncClient  *client;
  GCancellable       *cancellable;
  GtkWindow          *login_dialog;      /* weak */
  GtkWindow          *conflicts_dialog;  /* weak */

  guint               n_notices;
  guint               n_conflicts;
  guint               n_associations;
  guint               memory_only : 1;
  guint               asked_login : 1;
};

G_DEFINE_FINAL_TYPE (VoisinsSyncManager, voisins_sync_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MEMORY_ONLY,
  PROP_N_NOTICES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  TOAST,
  STORE_RESET,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char * const action_names[] = { "login", "logout", "sync-now", "review-conflicts" };

/* The window dialogs are transient for: the active one, or the one it is a dialog of. */
static GtkWindow *
get_main_window (VoisinsSyncManager *self)
{
  GtkWindow *window;

  if (self->app == NULL)
    return NULL;

  window = gtk_application_get_active_window (self->app);
  while (window != NULL && gtk_window_get_transient_for (window) != NULL)
    window = gtk_window_get_transient_for (window);
  if (window != NULL)
    return window;

  for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == NULL)
      return l->data;

  return NULL;
}

/* Whoever shows toasts (the application, into its window) listens to "toast". */
static void
add_toast (VoisinsSyncManager *self,
           AdwToast           *toast)
{
  g_object_ref_sink (toast);
  g_signal_emit (self, signals [TOAST], 0, toast);
  g_object_unref (toast);
}

static void
set_memory_only (VoisinsSyncManager *self,
                 gboolean            memory_only)
{
  if (self->memory_only == !!memory_only)
    return;

  self->memory_only = !!memory_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MEMORY_ONLY]);
}

static void
update_actions (VoisinsSyncManager *self)
{
  GAction *logout;
  g_autofree char *url = NULL;

  if (self->app == NULL)
    return;

  url = voisins_store_get_meta (self->store, "server_url");
  logout = g_action_map_lookup_action (G_ACTION_MAP (self->app), "logout");
  if (logout != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (logout), url != NULL && *url != '\0');
}

void
voisins_sync_manager_refresh_notices (VoisinsSyncManager *self)
{
  g_autoptr(GPtrArray) notices = NULL;
  guint n_conflicts = 0;

  g_return_if_fail (VOISINS_IS_SYNC_MANAGER (self));

  notices = voisins_store_list_notices (self->store, NULL);
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    {
      VoisinsSyncNotice *notice = g_ptr_array_index (notices, i);

      if (g_strcmp0 (notice->kind, "conflict") == 0)
        n_conflicts++;
    }

  self->n_conflicts = n_conflicts;
  if (notices != NULL && notices->len != self->n_notices)
    {
      self->n_notices = notices->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_NOTICES]);
    }
}

/* The window shows "No Association Yet" until the first sync brings one, and must drop
 * everything after a log out: whoever shows the store reloads it on "store-reset". */
static void
reload_window_if_needed (VoisinsSyncManager *self,
                         gboolean            force)
{
  g_autoptr(GPtrArray) associations = voisins_store_list_associations (self->store, NULL);
  guint n = associations ? associations->len : 0;

  if (force || (self->n_associations == 0 && n > 0))
    g_signal_emit (self, signals [STORE_RESET], 0, self->store);

  self->n_associations = n;
}

static char *
describe_summary (const VoisinsSyncSummary *summary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (summary->new_requests > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u new request", "%u new requests",
                                                       summary->new_requests),
                                             summary->new_requests));
  if (summary->new_offers > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u new offer", "%u new offers",
                                                       summary->new_offers),
                                             summary->new_offers));
  if (summary->updated > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u post updated", "%u posts updated",
                                                       summary->updated),
                                             summary->updated));
  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: separates "3 new requests", "1 new offer" in a toast */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
on_synced (VoisinsSyncManager *self,
           gpointer            data)
{
  const VoisinsSyncSummary *summary = data;
  g_autofree char *news = NULL;

  voisins_sync_manager_refresh_notices (self);
  reload_window_if_needed (self, FALSE);

  news = describe_summary (summary);
  if (news != NULL)
    add_toast (self, adw_toast_new (news));

  if (summary->new_notices > 0 && self->n_notices > 0)
    {
      g_autofree char *title = NULL;
      AdwToast *toast;

      if (self->n_conflicts == self->n_notices)
        title = g_strdup_printf (ngettext ("%u conflict to review", "%u conflicts to review",
                                           self->n_notices),
                                 self->n_notices);
      else
        title = g_strdup_printf (ngettext ("%u change needs your review",
                                           "%u changes need your review", self->n_notices),
                                 self->n_notices);

      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Review"));
      adw_toast_set_action_name (toast, "app.review-conflicts");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
      add_toast (self, toast);
    }
}

static void
begin_syncing (VoisinsSyncManager *self)
{
  voisins_sync_client_start (self->client);
  voisins_sync_client_sync_now (self->client);
}

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VoisinsSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!voisins_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* No keyring: the client keeps the token for this session; say so. */
      g_message ("The login cannot be remembered: %s", error->message);
      set_memory_only (self, TRUE);
    }
  else
    set_memory_only (self, FALSE);
}

static void
on_logged_in (VoisinsSyncManager *self,
              const char         *token)
{
  g_autofree char *url = voisins_store_get_meta (self->store, "server_url");
  g_autofree char *username = voisins_store_get_meta (self->store, "username");

  update_actions (self);
  begin_syncing (self);

  if (url != NULL && username != NULL)
    voisins_secret_store_async (url, username, token, self->cancellable,
                                secret_stored_cb, g_object_ref (self));
}

void
voisins_sync_manager_show_login (VoisinsSyncManager *self)
{
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;
  VoisinsLoginDialog *dialog;

  g_return_if_fail (VOISINS_IS_SYNC_MANAGER (self));

  if (self->login_dialog != NULL)
    {
      gtk_window_present (self->login_dialog);
      return;
    }

  url = voisins_store_get_meta (self->store, "server_url");
  username = voisins_store_get_meta (self->store, "username");
  dialog = voisins_login_dialog_new (get_main_window (self), self->client,
                                     url, username);
  g_signal_connect_object (dialog, "logged-in", G_CALLBACK (on_logged_in), self,
                           G_CONNECT_SWAPPED);
  self->login_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->login_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_login (VoisinsSyncManager *self)
{
  const char *demo_password = g_getenv ("VOISINS_DEMO_PASSWORD");

  self->asked_login = TRUE;
  voisins_sync_manager_show_login (self);

  /* For the README's demo command only: never a password on a real computer. */
  if (demo_password != NULL && *demo_password != '\0' && self->login_dialog != NULL)
    voisins_login_dialog_submit (VOISINS_LOGIN_DIALOG (self->login_dialog), demo_password);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VoisinsSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = voisins_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token != NULL)
    {
      voisins_sync_client_set_token (self->client, token);
      memset (token, 0, strlen (token));
      begin_syncing (self);
      return;
    }

  if (error != NULL)
    g_debug ("No secret service, the login will last for this session: %s", error->message);

  ask_login (self);
}

void
voisins_sync_manager_start (VoisinsSyncManager *self)
{
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (VOISINS_IS_SYNC_MANAGER (self));

  voisins_sync_manager_refresh_notices (self);
  update_actions (self);

  if (voisins_sync_client_has_token (self->client))
    {
      begin_syncing (self);
      return;
    }

  url = voisins_store_get_meta (self->store, "server_url");
  username = voisins_store_get_meta (self->store, "username");
  if (url == NULL || *url == '\0')
    return;  /* never set up for a server: the indicator offers to log in */

  if (username == NULL || *username == '\0')
    {
      ask_login (self);
      return;
    }

  voisins_secret_lookup_async (url, username, self->cancellable, lookup_cb, g_object_ref (self));
}

static void
wipe_done (VoisinsSyncManager *self)
{
  g_autoptr(GError) error = NULL;

  if (!voisins_store_wipe (self->store, TRUE, &error))
    {
      g_autofree char *message = NULL;

      g_warning ("Could not remove the data: %s", error->message);
      /* TRANSLATORS: %s is the reason */
      message = g_strdup_printf (_("The data could not be removed from this computer: %s"),
                                 error->message);
      add_toast (self, adw_toast_new (message));
    }

  set_memory_only (self, FALSE);
  voisins_sync_manager_refresh_notices (self);
  reload_window_if_needed (self, TRUE);
  update_actions (self);
  add_toast (self, adw_toast_new (_("Logged out: this computer holds no neighbour’s data any more")));
  voisins_sync_manager_show_login (self);
}

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VoisinsSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!voisins_secret_clear_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not clear the secret: %s", error->message);
    }

  wipe_done (self);
}

static void
logged_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VoisinsSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* Best effort: the server may be out of reach; the token is forgotten anyway. */
  if (!voisins_sync_client_logout_finish (self->client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Logout on the server failed: %s", error->message);
    }

  url = voisins_store_get_meta (self->store, "server_url");
  if (url != NULL && *url != '\0')
    voisins_secret_clear_async (url, NULL, self->cancellable, secret_cleared_cb,
                                g_object_ref (self));
  else
    wipe_done (self);
}

static void
logout_response_cb (VoisinsSyncManager *self,
                    const char         *response)
{
  if (g_strcmp0 (response, "logout") != 0)
    return;

  voisins_sync_client_stop (self->client);
  voisins_sync_client_logout_async (self->client, self->cancellable, logged_out_cb,
                                    g_object_ref (self));
}

static void
logout_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  VoisinsSyncManager *self = user_data;
  guint pending = voisins_sync_client_get_pending_changes (self->client);
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  g_string_append (body, _("Your association’s posts and neighbours will be removed from "
                           "this computer. You can log in again at any time to get them back."));
  if (pending > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, ngettext ("%u change has not been sent to the server; "
                                              "it will be lost.",
                                              "%u changes have not been sent to the server; "
                                              "they will be lost.", pending),
                              pending);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_main_window (self),
                                                       _("Log Out of This Computer?"),
                                                       body->str));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "logout", _("_Log Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "logout", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (logout_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
login_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  voisins_sync_manager_show_login (VOISINS_SYNC_MANAGER (user_data));
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  VoisinsSyncManager *self = user_data;

  if (!voisins_sync_client_has_token (self->client))
    {
      voisins_sync_manager_show_login (self);
      return;
    }

  voisins_sync_client_start (self->client);
  voisins_sync_client_sync_now (self->client);
}

void
voisins_sync_manager_show_conflicts (VoisinsSyncManager *self)
{
  VoisinsConflictsDialog *dialog;

  g_return_if_fail (VOISINS_IS_SYNC_MANAGER (self));

  if (self->conflicts_dialog != NULL)
    {
      gtk_window_present (self->conflicts_dialog);
      return;
    }

  dialog = voisins_conflicts_dialog_new (get_main_window (self), self->store);
  self->conflicts_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->conflicts_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_conflicts_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  voisins_sync_manager_show_conflicts (VOISINS_SYNC_MANAGER (user_data));
}

static const GActionEntry actions[] = {
  { "login", login_action },
  { "logout", logout_action },
  { "sync-now", sync_now_action },
  { "review-conflicts", review_conflicts_action },
};

static void
voisins_sync_manager_dispose (GObject *object)
{
  VoisinsSyncManager *self = (VoisinsSyncManager *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client != NULL)
    voisins_sync_client_stop (self->client);

  if (self->app != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
        g_action_map_remove_action (G_ACTION_MAP (self->app), action_names[i]);
      g_object_remove_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
      self->app = NULL;
    }

  if (self->login_dialog != NULL)
    gtk_window_destroy (self->login_dialog);
  if (self->conflicts_dialog != NULL)
    gtk_window_destroy (self->conflicts_dialog);

  G_OBJECT_CLASS (voisins_sync_manager_parent_class)->dispose (object);
}

static void
voisins_sync_manager_finalize (GObject *object)
{
  VoisinsSyncManager *self = (VoisinsSyncManager *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (voisins_sync_manager_parent_class)->finalize (object);
}

static void
voisins_sync_manager_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VoisinsSyncManager *self = VOISINS_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MEMORY_ONLY:
      g_value_set_boolean (value, self->memory_only);
      break;
    case PROP_N_NOTICES:
      g_value_set_uint (value, self->n_notices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_sync_manager_class_init (VoisinsSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = voisins_sync_manager_dispose;
  object_class->finalize = voisins_sync_manager_finalize;
  object_class->get_property = voisins_sync_manager_get_property;

  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, VOISINS_TYPE_SYNC_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_MEMORY_ONLY] =
    g_param_spec_boolean ("memory-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_NOTICES] =
    g_param_spec_uint ("n-notices", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VoisinsSyncManager::toast:
   * @toast: an AdwToast to show in the main window
   *
   * The manager never sees the window: the application shows its toasts.
   */
  signals [TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * VoisinsSyncManager::store-reset:
   * @store: the store, to show again from the start
   *
   * The first association arrived, or the data was wiped at log out.
   */
  signals [STORE_RESET] =
    g_signal_new ("store-reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VOISINS_TYPE_STORE);
}

static void
voisins_sync_manager_init (VoisinsSyncManager *self)
{
  self->cancellable = g_cancellable_new ();
}

VoisinsSyncManager *
voisins_sync_manager_new (GtkApplication *app,
                          VoisinsStore   *store,
                          const char     *server_url,
                          const char     *username)
{
  static const char *sync_accels[] = { "<Control>r", NULL };
  VoisinsSyncManager *self;
  g_autoptr(GPtrArray) associations = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_SYNC_MANAGER, NULL);
  self->app = app;
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->app);
  self->store = g_object_ref (store);

  if (server_url != NULL && !voisins_store_set_meta (store, "server_url", server_url, &error))
    g_warning ("Could not save the server address: %s", error->message);
  g_clear_error (&error);
  if (username != NULL && !voisins_store_set_meta (store, "username", username, &error))
    g_warning ("Could not save the user name: %s", error->message);

  g_signal_connect_object (store, "notices-changed",
                           G_CALLBACK (voisins_sync_manager_refresh_notices), self,
                           G_CONNECT_SWAPPED);

  self->client = voisins_sync_client_new (store);
  g_signal_connect_object (self->client, "synced", G_CALLBACK (on_synced), self,
                           G_CONNECT_SWAPPED);

  associations = voisins_store_list_associations (store, NULL);
  self->n_associations = associations ? associations->len : 0;

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (app, "app.sync-now", sync_accels);

  return self;
}

VoisinsSyncClient *
voisins_sync_manager_get_client (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), NULL);
  return self->client;
}

VoisinsStore *
voisins_sync_manager_get_store (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), NULL);
  return self->store;
}

gboolean
voisins_sync_manager_get_memory_only (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), FALSE);
  return self->memory_only;
}

guint
voisins_sync_manager_get_n_notices (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), 0);
  return self->n_notices;
}

GtkWindow *
voisins_sync_manager_get_login_dialog (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), NULL);
  return self->login_dialog;
}

GtkWindow *
voisins_sync_manager_get_conflicts_dialog (VoisinsSyncManager *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_MANAGER (self), NULL);
  return self->conflicts_dialog;
}
