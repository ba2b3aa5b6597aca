/* voisins-sync-client.c
 *
 * One sync at a time. A run happens in a worker thread with a SoupSession of its own,
 * so its blocking requests and SQLite work never hold the main loop; what the UI
 * watches (state, pending changes, last error) is updated on the main context when the
 * run ends. See DESIGN.md §4 for the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include <string.h>

#include "voisins-codec.h"
#include "voisins-sync-client.h"
#include "voisins-sync-client-private.h"
#include "voisins-sync-writable.h"
#include "voisins-uuid.h"
#include "voisins-json.h"

#define PUSH_MAX_MUTATIONS 100
#define PUSH_MAX_BYTES (900 * 1024)   /* the server takes 1 MiB with the envelope */
#define PULL_LIMIT 2000                /* each page is one local transaction: few, big ones */
#define MAX_PULL_PAGES 10000         /* 20 million rows: past that, a server that never ends */
#define MAX_ROUNDS 5                  /* syncs again while edits arrived meanwhile */
#define DEFAULT_INTERVAL 60           /* seconds between automatic syncs */
#define DEBOUNCE_MS 2000              /* after a local edit */
#define MAX_BACKOFF 300

G_DEFINE_QUARK (voisins-sync-error-quark, voisins_sync_error)

struct _VoisinsSyncClient
{
  GObject             parent_instance;

  VoisinsStore       *store;
  GCancellable       *cancellable;
  GNetworkMonitor    *monitor;

  /* Read by the worker: copied into RunData when a run starts. */
  char               *server_url;
  char               *token;
  guint               timeout;

  VoisinsSyncState    state;
  guint               pending;
  gint64              last_synced;
  char               *last_error;
  char               *downloading;
  double              download_progress;

  gboolean            running;
  GCancellable       *run_cancellable;   /* the run in flight */
  GTask              *pending_logout;    /* waits for that run to stop */
  GPtrArray          *current_waiters;   /* GTask, answered when this run ends */
  GPtrArray          *next_waiters;      /* GTask, for the run after it */

  gboolean            started;
  guint               timer_id;
  guint               debounce_id;
  guint               failures;
  guint               retry_after;
  gulong              changed_handler;
  gulong              network_handler;
};

G_DEFINE_FINAL_TYPE (VoisinsSyncClient, voisins_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_CHANGES,
  PROP_LAST_SYNCED,
  PROP_LAST_ERROR,
  PROP_SERVER_URL,
  PROP_DOWNLOADING,
  PROP_DOWNLOAD_PROGRESS,
  N_PROPS
};

enum {
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void schedule (VoisinsSyncClient *self, guint seconds);
static void start_run (VoisinsSyncClient *self);
static void logout_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable);


static void
run_data_free (RunData *rd)
{
  g_clear_object (&rd->store);
  g_free (rd->url);
  if (rd->token)
    memset (rd->token, 0, strlen (rd->token));
  g_free (rd->token);
  g_free (rd->client_id);
  g_clear_pointer (&rd->basemaps, g_ptr_array_unref);
  g_clear_object (&rd->client);
  g_clear_pointer (&rd->context, g_main_context_unref);
  g_free (rd);
}

static RunData *
run_data_new (VoisinsSyncClient *self)
{
  RunData *rd = g_new0 (RunData, 1);

  rd->store = g_object_ref (self->store);
  rd->url = g_strdup (self->server_url);
  rd->token = g_strdup (self->token);
  rd->client_id = g_strdup (voisins_store_get_client_id (self->store));
  rd->timeout = self->timeout;
  rd->basemaps = g_ptr_array_new_with_free_func (g_free);
  rd->client = g_object_ref (self);
  rd->context = g_main_context_ref_thread_default ();

  return rd;
}

RunData *
_voisins_sync_client_new_run_data (VoisinsSyncClient *self)
{
  return run_data_new (self);
}

void
_voisins_sync_run_data_free (RunData *rd)
{
  run_data_free (rd);
}

/* Associations this user belongs to: their ids (and names, boundaries when the server
 * sends them), so that the first pull knows what to ask for. */
static gboolean
fetch_me (SoupSession   *session,
          RunData       *rd,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *assocs;

  answer = _voisins_sync_request (session, rd, "GET", "/api/v1/me", NULL, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;

  assocs = json_object_get_member (json_node_get_object (answer), "associations");
  if (assocs == NULL || !JSON_NODE_HOLDS_ARRAY (assocs))
    return _voisins_sync_protocol_error (error, "me");

  /* The server's id of this login: what a match's follower_id and a post's recorded_by
   * name, so that the app knows which are the user's own. */
  {
    const char *user_id = voisins_json_read_string (json_node_get_object (answer), "user_id");

    if (user_id != NULL && !voisins_store_set_user_id (rd->store, user_id, error))
      return FALSE;
  }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (assocs)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (assocs), i);
      g_autoptr(VoisinsAssociation) existing = NULL;
      g_autoptr(VoisinsAssociation) assoc = NULL;
      g_autoptr(VoisinsPolygon) boundary = NULL;
      JsonObject *obj;
      const char *id, *name, *role;
      JsonNode *boundary_node;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      obj = json_node_get_object (node);
      id = voisins_json_read_string_or (obj, "id", NULL);
      if (id == NULL || !voisins_uuid_is_valid (id))
        continue;

      name = voisins_json_read_string_or (obj, "name", NULL);
      role = voisins_json_read_string_or (obj, "role", NULL);
      boundary_node = json_object_get_member (obj, "boundary");
      if (boundary_node != NULL && JSON_NODE_HOLDS_OBJECT (boundary_node))
        boundary = voisins_polygon_new_from_node (boundary_node, NULL);

      existing = voisins_store_get_association (rd->store, id, NULL);
      assoc = voisins_association_new (id,
                                       name ? name : existing ? voisins_association_get_name (existing)
                                                              : _("Association"),
                                       boundary ? boundary
                                                : existing ? voisins_association_get_boundary (existing)
                                                           : NULL);
      voisins_association_set_quartier (
          assoc,
          voisins_json_read_string_or (
              obj, "quartier", existing ? voisins_association_get_quartier (existing) : NULL));
      voisins_association_set_phone (
          assoc, voisins_json_read_string_or (
                     obj, "phone", existing ? voisins_association_get_phone (existing) : NULL));
      /* The details printed on letters (the pull's description keeps them current). */
      voisins_association_set_email (
          assoc, voisins_json_read_string_or (
                     obj, "email", existing ? voisins_association_get_email (existing) : NULL));
      voisins_association_set_address (
          assoc, voisins_json_read_string_or (
                     obj, "address", existing ? voisins_association_get_address (existing) : NULL));
      if (!voisins_store_put_association (rd->store, assoc, error))
        return FALSE;

      if (role != NULL && !voisins_store_set_role (rd->store, id, role, error))
        return FALSE;
      if (!_voisins_sync_store_member_writable (rd->store, id, obj, error))
        return FALSE;
      if (!_voisins_sync_store_follow_up (rd->store, id, obj, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
push_all (SoupSession   *session,
          RunData       *rd,
          GCancellable  *cancellable,
          GError       **error)
{
  gint64 last_first_seq = -1;
  gint64 answered_first_seq = -1;

  for (;;)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *obj;
      JsonNode *results;
      guint status = 0;
      gint64 first_seq;

      entries = voisins_store_peek_outbox (rd->store, PUSH_MAX_MUTATIONS, PUSH_MAX_BYTES, error);
      if (entries == NULL)
        return FALSE;
      if (entries->len == 0)
        return TRUE;

      first_seq = ((VoisinsOutboxEntry *) entries->pdata[0])->seq;
      /* A server that answers 200 without taking anything would be asked forever. */
      if (first_seq == answered_first_seq)
        return _voisins_sync_protocol_error (error, "push took none of the changes");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "client_id");
      json_builder_add_string_value (b, rd->client_id);
      json_builder_set_member_name (b, "schema");
      json_builder_add_int_value (b, VOISINS_STORE_SCHEMA_VERSION);
      /* What we believe the server has: a server that lost it answers with a GAP. */
      json_builder_set_member_name (b, "known_seq");
      json_builder_add_int_value (b, voisins_store_get_pushed_seq (rd->store));
      json_builder_set_member_name (b, "mutations");
      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          VoisinsOutboxEntry *e = entries->pdata[i];
          g_autoptr(JsonNode) args = voisins_json_parse (e->args, -1, NULL);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "seq");
          json_builder_add_int_value (b, e->seq);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, e->name);
          json_builder_set_member_name (b, "args");
          json_builder_add_value (b, args ? json_node_ref (args)
                                          : json_node_init_object (json_node_alloc (),
                                                                   json_object_new ()));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      body = json_builder_get_root (b);

      /* From here on these entries may be applied even if no answer comes back. */
      if (!voisins_store_mark_sent (rd->store,
                                    ((VoisinsOutboxEntry *) entries->pdata[entries->len - 1])->seq,
                                    error))
        return FALSE;

      answer = _voisins_sync_request (session, rd, "POST", "/api/v1/sync/push", body, &status,
                                      cancellable, error);
      if (answer == NULL)
        return FALSE;

      obj = json_node_get_object (answer);
      if (!json_object_has_member (obj, "last_mutation_seq") ||
          !JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "last_mutation_seq")) ||
          json_node_get_value_type (json_object_get_member (obj, "last_mutation_seq")) != G_TYPE_INT64)
        {
          if (status == 409)
            {
              g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED,
                           _("The server refused the changes: %s"),
                           _voisins_sync_server_message (answer)
                               ? _voisins_sync_server_message (answer)
                               : "409");
              return FALSE;
            }
          return _voisins_sync_protocol_error (error, "push");
        }

      results = json_object_get_member (obj, "results");
      if (!voisins_store_record_push (
              rd->store, voisins_json_read_int (obj, "last_mutation_seq"),
              results && JSON_NODE_HOLDS_ARRAY (results) ? json_node_get_array (results) : NULL,
              &rd->summary, error))
        return FALSE;

      /* The server was restored and has not got back a record this change is about: its
       * creator has not sent it again yet. The change stays queued, in order, and goes
       * again at the next sync, after the pull. */
      if (status == 200 && json_object_has_member (obj, "retry_after"))
        {
          g_debug ("Push deferred by the server after a restore");
          rd->deferred = TRUE;
          return TRUE;
        }

      /* A gap the server cannot fill from what this device still has. */
      if (status == 409)
        {
          if (first_seq == last_first_seq)
            {
              g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER,
                           _("The server lost changes this computer no longer has; "
                             "ask the association’s administrator"));
              return FALSE;
            }
          last_first_seq = first_seq;
        }
      else
        answered_first_seq = first_seq;
    }
}

static gboolean
cursors_moved (VoisinsStore  *store,
               GHashTable    *before,
               GError       **error)
{
  g_autoptr(GHashTable) after = voisins_store_get_cursors (store, error);
  GHashTableIter iter;
  gpointer key, value;

  if (after == NULL)
    return FALSE;
  if (g_hash_table_size (after) != g_hash_table_size (before))
    return TRUE;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (before, key)) != 0)
      return TRUE;

  return _voisins_sync_protocol_error (error, "pull made no progress");
}

static gboolean
pull_all (SoupSession   *session,
          RunData       *rd,
          GCancellable  *cancellable,
          GError       **error)
{
  for (guint page = 0; ; page++)
    {
      g_autoptr(GHashTable) cursors = NULL;
      g_autoptr(GPtrArray) assocs = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *obj;

      cursors = voisins_store_get_cursors (rd->store, error);
      assocs = voisins_store_list_associations (rd->store, error);
      if (cursors == NULL || assocs == NULL)
        return FALSE;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "client_id");
      json_builder_add_string_value (b, rd->client_id);
      json_builder_set_member_name (b, "limit");
      json_builder_add_int_value (b, PULL_LIMIT);
      if (assocs->len > 0)
        {
          json_builder_set_member_name (b, "cursors");
          json_builder_begin_object (b);
          for (guint i = 0; i < assocs->len; i++)
            {
              const char *id = voisins_association_get_id (assocs->pdata[i]);
              const char *cursor = g_hash_table_lookup (cursors, id);

              json_builder_set_member_name (b, id);
              if (cursor != NULL)
                json_builder_add_string_value (b, cursor);
              else
                json_builder_add_null_value (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      body = json_builder_get_root (b);

      answer = _voisins_sync_request (session, rd, "POST", "/api/v1/sync/pull", body, NULL,
                                      cancellable, error);
      if (answer == NULL)
        return FALSE;

      obj = json_node_get_object (answer);
      if (!json_object_has_member (obj, "associations") ||
          !json_object_has_member (obj, "has_more"))
        return _voisins_sync_protocol_error (error, "pull");

      if (!voisins_store_apply_pull (rd->store, obj, &rd->summary, error) ||
          !_voisins_sync_apply_descriptions (session, rd, obj, cancellable, error))
        return FALSE;

      if (!voisins_json_read_bool_or (obj, "has_more", FALSE))
        return TRUE;

      /* More pages, yet no position moved: a server doing that would be asked forever. */
      if (!cursors_moved (rd->store, cursors, error))
        return FALSE;
      if (page + 1 >= MAX_PULL_PAGES)
        return _voisins_sync_protocol_error (error, "pull never ends");

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
}

static gboolean
run_sync (RunData       *rd,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(SoupSession) session = _voisins_sync_new_session (rd->timeout);
  g_autoptr(GPtrArray) assocs = NULL;

  if (rd->token == NULL)
    {
      g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED,
                   _("Please log in to sync"));
      return FALSE;
    }

  assocs = voisins_store_list_associations (rd->store, error);
  if (assocs == NULL)
    return FALSE;
  if (assocs->len == 0 && !fetch_me (session, rd, cancellable, error))
    return FALSE;

  for (guint round = 0; round < MAX_ROUNDS; round++)
    {
      g_autoptr(GPtrArray) left = NULL;

      if (!push_all (session, rd, cancellable, error) ||
          !pull_all (session, rd, cancellable, error))
        return FALSE;

      /* Edits made while this run was on the wire go out now, not a minute later. */
      left = voisins_store_peek_outbox (rd->store, 1, 1, error);
      if (left == NULL)
        return FALSE;
      /* What the server deferred waits for the next sync: the other computers need time
       * to send again what the restore lost. */
      if (left->len == 0 || rd->deferred)
        break;
    }

  /* Last, once everything else is through; its failure is not the run's. */
  _voisins_sync_fetch_basemaps (session, rd, cancellable);
  return voisins_store_set_last_synced (rd->store, g_get_real_time () / G_USEC_PER_SEC, error);
}

/* Properties */

void
_voisins_sync_client_set_download (VoisinsSyncClient *self,
                                   const char        *what,
                                   double             progress)
{
  progress = CLAMP (progress, 0, 1);
  g_object_freeze_notify (G_OBJECT (self));
  if (voisins_set_str (&self->downloading, what))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DOWNLOADING]);
  if (self->download_progress != progress)
    {
      self->download_progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DOWNLOAD_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
voisins_sync_client_get_downloading (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), NULL);

  return self->downloading;
}

double
voisins_sync_client_get_download_progress (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), 0);

  return self->download_progress;
}

static void
set_state (VoisinsSyncClient *self,
           VoisinsSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
set_last_error (VoisinsSyncClient *self,
                const char        *message)
{
  if (voisins_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
}

static void
update_pending (VoisinsSyncClient *self)
{
  guint pending = voisins_store_count_pending (self->store, NULL);

  if (pending == self->pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_CHANGES]);
}

static void
update_last_synced (VoisinsSyncClient *self)
{
  gint64 when = voisins_store_get_last_synced (self->store);

  if (when == self->last_synced)
    return;

  self->last_synced = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_SYNCED]);
}

/* Called on the main context (or the CLI's thread) when a run ends. */
static void
finish_run (VoisinsSyncClient *self,
            RunData           *rd,
            const GError      *error)
{
  update_pending (self);
  update_last_synced (self);

  if (error == NULL)
    {
      self->failures = 0;
      self->retry_after = 0;
      set_last_error (self, NULL);
      set_state (self, VOISINS_SYNC_STATE_IDLE);
      g_signal_emit (self, signals [SYNCED], 0, &rd->summary);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_state (self, VOISINS_SYNC_STATE_IDLE);
      return;
    }

  self->failures++;
  self->retry_after = rd->retry_after;
  set_last_error (self, error->message);

  if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED))
    set_state (self, VOISINS_SYNC_STATE_NEEDS_LOGIN);
  else if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE))
    set_state (self, VOISINS_SYNC_STATE_OFFLINE);
  else
    set_state (self, VOISINS_SYNC_STATE_ERROR);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_sync (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
answer_waiters (GPtrArray          *waiters,
                const GError       *error,
                VoisinsSyncSummary *summary)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        {
          g_task_set_task_data (task, g_memdup2 (summary, sizeof *summary), g_free);
          g_task_return_boolean (task, TRUE);
        }
    }
  g_ptr_array_set_size (waiters, 0);
}

static guint
next_delay (VoisinsSyncClient *self)
{
  double jitter = g_random_double_range (0.75, 1.25);
  const char *interval_env = g_getenv ("VOISINS_SYNC_INTERVAL");
  guint interval = interval_env ? (guint) MAX (1, g_ascii_strtoull (interval_env, NULL, 10))
                                : DEFAULT_INTERVAL;
  guint delay;

  if (self->failures == 0)
    return (guint) (interval * jitter);

  /* Exponential backoff with jitter, never sooner than the server asked. */
  delay = MIN (MAX_BACKOFF, 2u << MIN (self->failures, 8u));
  delay = (guint) (delay * jitter);
  return MAX (delay, self->retry_after);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VoisinsSyncClient *self = VOISINS_SYNC_CLIENT (object);
  RunData *rd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  self->running = FALSE;
  finish_run (self, rd, error);

  waiters = g_steal_pointer (&self->current_waiters);
  self->current_waiters = g_steal_pointer (&self->next_waiters);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  answer_waiters (waiters, error, &rd->summary);

  /* A logout was waiting for this run to stop writing. */
  if (self->pending_logout != NULL)
    {
      g_autoptr(GTask) logout = g_steal_pointer (&self->pending_logout);
      g_autoptr(GError) logged_out = g_error_new_literal (VOISINS_SYNC_ERROR,
                                                          VOISINS_SYNC_ERROR_UNAUTHORIZED,
                                                          _("Logged out"));

      answer_waiters (self->current_waiters, logged_out, NULL);
      set_state (self, VOISINS_SYNC_STATE_NEEDS_LOGIN);
      g_task_run_in_thread (logout, logout_thread);
      return;
    }

  if (self->current_waiters->len > 0)
    start_run (self);
  else if (self->started && self->state != VOISINS_SYNC_STATE_NEEDS_LOGIN)
    schedule (self, next_delay (self));
}

static void
start_run (VoisinsSyncClient *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (!self->running);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);

  self->running = TRUE;
  set_state (self, VOISINS_SYNC_STATE_SYNCING);

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, run_data_new (self), (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

void
voisins_sync_client_sync_async (VoisinsSyncClient   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_sync_client_sync_async);

  /* A run already on the wire may have missed edits made since: wait for a new one. */
  if (self->running)
    {
      g_ptr_array_add (self->next_waiters, g_steal_pointer (&task));
      return;
    }

  g_ptr_array_add (self->current_waiters, g_steal_pointer (&task));
  start_run (self);
}

gboolean
voisins_sync_client_sync_finish (VoisinsSyncClient   *self,
                                 GAsyncResult        *result,
                                 VoisinsSyncSummary  *summary,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (summary != NULL)
    {
      VoisinsSyncSummary *s = g_task_get_task_data (G_TASK (result));
      *summary = s ? *s : (VoisinsSyncSummary) { 0 };
    }

  return TRUE;
}

gboolean
voisins_sync_client_sync (VoisinsSyncClient   *self,
                          GCancellable        *cancellable,
                          VoisinsSyncSummary  *summary,
                          GError             **error)
{
  g_autoptr(RunData) rd = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  rd = run_data_new (self);
  set_state (self, VOISINS_SYNC_STATE_SYNCING);
  ok = run_sync (rd, cancellable, &local_error);
  finish_run (self, rd, local_error);

  if (summary != NULL)
    *summary = rd->summary;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

/* Scheduling */

static gboolean
timer_cb (gpointer user_data)
{
  VoisinsSyncClient *self = user_data;

  self->timer_id = 0;
  if (!self->running && self->token != NULL)
    start_run (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (VoisinsSyncClient *self,
          guint              seconds)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_debug ("Next sync in %u s", seconds);
  self->timer_id = g_timeout_add_seconds (seconds, timer_cb, self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  VoisinsSyncClient *self = user_data;

  self->debounce_id = 0;
  if (!self->running && self->token != NULL &&
      self->state != VOISINS_SYNC_STATE_NEEDS_LOGIN && self->failures == 0)
    start_run (self);

  return G_SOURCE_REMOVE;
}

static void
posts_changed_cb (VoisinsSyncClient *self,
                  const char        *id,
                  VoisinsStore      *store)
{
  guint before = self->pending;

  update_pending (self);

  /* A local edit (pending went up): send it soon, once typing has settled. */
  if (self->started && self->pending > before)
    {
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
    }
}

static void
network_changed_cb (VoisinsSyncClient *self,
                    gboolean           available,
                    GNetworkMonitor   *monitor)
{
  /* A hint only: it lies under some VPNs and sandboxes, so "unavailable" never stops
   * a try, and "available" only makes the next one sooner. */
  if (available && self->started && !self->running &&
      self->state == VOISINS_SYNC_STATE_OFFLINE)
    {
      self->failures = 0;
      schedule (self, 1);
    }
}

void
voisins_sync_client_start (VoisinsSyncClient *self)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_handler = g_signal_connect_object (self->monitor, "network-changed",
                                                   G_CALLBACK (network_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  update_pending (self);
  if (self->token != NULL && !self->running)
    schedule (self, 0);
}

void
voisins_sync_client_stop (VoisinsSyncClient *self)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  self->started = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
}

void
voisins_sync_client_sync_now (VoisinsSyncClient *self)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  self->failures = 0;
  self->retry_after = 0;
  if (self->running)
    return;

  start_run (self);
}

/* Login */

typedef struct
{
  char *username;
  char *password;
  char *device;
  char *token;
} LoginData;

static void
login_data_free (LoginData *ld)
{
  g_free (ld->username);
  if (ld->password)
    memset (ld->password, 0, strlen (ld->password));
  g_free (ld->password);
  g_free (ld->device);
  if (ld->token)
    memset (ld->token, 0, strlen (ld->token));
  g_free (ld->token);
  g_free (ld);
}

typedef struct
{
  RunData   *rd;
  LoginData *ld;
} LoginTask;

static void
login_task_free (LoginTask *lt)
{
  run_data_free (lt->rd);
  login_data_free (lt->ld);
  g_free (lt);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginTask *lt = task_data;
  g_autoptr(SoupSession) session = _voisins_sync_new_session (lt->rd->timeout);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  const char *token;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, lt->ld->username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, lt->ld->password);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, lt->ld->device);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  answer = _voisins_sync_request (session, lt->rd, "POST", "/api/v1/login", body, NULL, cancellable,
                                  &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED))
        {
          g_clear_error (&error);
          g_set_error (&error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED,
                       _("Wrong user name or password"));
        }
      else if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_BUSY))
        {
          g_clear_error (&error);
          g_set_error (&error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_BUSY,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Too many attempts: wait %u second before trying again",
                                    "Too many attempts: wait %u seconds before trying again",
                                    lt->rd->retry_after),
                       lt->rd->retry_after);
        }
      g_task_return_error (task, error);
      return;
    }

  token = voisins_json_read_string_or (json_node_get_object (answer), "token", NULL);
  if (token == NULL || *token == '\0')
    {
      _voisins_sync_protocol_error (&error, "login");
      g_task_return_error (task, error);
      return;
    }

  lt->rd->token = g_strdup (token);
  if (!fetch_me (session, lt->rd, cancellable, &error) ||
      !voisins_store_set_meta (lt->rd->store, "server_url", lt->rd->url, &error) ||
      !voisins_store_set_meta (lt->rd->store, "username", lt->ld->username, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (token), g_free);
}

void
voisins_sync_client_login_async (VoisinsSyncClient   *self,
                                 const char          *server_url,
                                 const char          *username,
                                 const char          *password,
                                 const char          *device,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoginTask *lt;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));
  g_return_if_fail (server_url != NULL && username != NULL && password != NULL);

  lt = g_new0 (LoginTask, 1);
  lt->rd = run_data_new (self);
  g_free (lt->rd->url);
  lt->rd->url = g_strdup (server_url);
  g_clear_pointer (&lt->rd->token, g_free);
  lt->ld = g_new0 (LoginData, 1);
  lt->ld->username = g_strdup (username);
  lt->ld->password = g_strdup (password);
  lt->ld->device = g_strdup (device ? device : g_get_host_name ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_sync_client_login_async);
  g_task_set_task_data (task, lt, (GDestroyNotify) login_task_free);
  g_task_run_in_thread (task, login_thread);
}

char *
voisins_sync_client_login_finish (VoisinsSyncClient  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  LoginTask *lt;
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  token = g_task_propagate_pointer (G_TASK (result), error);
  if (token == NULL)
    return NULL;

  lt = g_task_get_task_data (G_TASK (result));
  voisins_sync_client_set_server_url (self, lt->rd->url);
  voisins_sync_client_set_token (self, token);
  self->failures = 0;
  set_last_error (self, NULL);
  set_state (self, VOISINS_SYNC_STATE_IDLE);

  return token;
}

static void
logout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RunData *rd = task_data;
  g_autoptr(SoupSession) session = _voisins_sync_new_session (MIN (rd->timeout, 10));
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  /* Best effort: offline, the token still expires on the server by itself. */
  answer =
      _voisins_sync_request (session, rd, "POST", "/api/v1/logout", body, NULL, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

void
voisins_sync_client_logout_async (VoisinsSyncClient   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_sync_client_logout_async);
  g_task_set_task_data (task, run_data_new (self), (GDestroyNotify) run_data_free);
  voisins_sync_client_set_token (self, NULL);
  voisins_sync_client_stop (self);

  /* The caller wipes the data next: no sync may still be writing then. */
  if (self->running)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->pending_logout);
      self->pending_logout = g_steal_pointer (&task);
      return;
    }

  set_state (self, VOISINS_SYNC_STATE_NEEDS_LOGIN);
  g_task_run_in_thread (task, logout_thread);
}

gboolean
voisins_sync_client_logout_finish (VoisinsSyncClient  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
voisins_sync_client_dispose (GObject *object)
{
  VoisinsSyncClient *self = (VoisinsSyncClient *) object;

  voisins_sync_client_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (voisins_sync_client_parent_class)->dispose (object);
}

static void
voisins_sync_client_finalize (GObject *object)
{
  VoisinsSyncClient *self = (VoisinsSyncClient *) object;

  g_clear_pointer (&self->server_url, g_free);
  voisins_sync_client_set_token (self, NULL);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->downloading, g_free);
  g_clear_pointer (&self->current_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->next_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (voisins_sync_client_parent_class)->finalize (object);
}

static void
voisins_sync_client_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VoisinsSyncClient *self = VOISINS_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_CHANGES:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_DOWNLOADING:
      g_value_set_string (value, self->downloading);
      break;
    case PROP_DOWNLOAD_PROGRESS:
      g_value_set_double (value, self->download_progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_sync_client_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VoisinsSyncClient *self = VOISINS_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      voisins_sync_client_set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_sync_client_class_init (VoisinsSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = voisins_sync_client_dispose;
  object_class->finalize = voisins_sync_client_finalize;
  object_class->get_property = voisins_sync_client_get_property;
  object_class->set_property = voisins_sync_client_set_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VOISINS_TYPE_SYNC_STATE,
                       VOISINS_SYNC_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PENDING_CHANGES] =
    g_param_spec_uint ("pending-changes", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "basemap" while the map of the quartier downloads, else NULL; and how far, 0..1. */
  properties [PROP_DOWNLOADING] =
      g_param_spec_string ("downloading", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DOWNLOAD_PROGRESS] =
      g_param_spec_double ("download-progress", NULL, NULL, 0, 1, 0,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VoisinsSyncClient::synced:
   * @summary: (type gpointer): a #VoisinsSyncSummary of what the run brought
   */
  signals [SYNCED] =
    g_signal_new ("synced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
voisins_sync_client_init (VoisinsSyncClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->timeout = 30;
  self->current_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

VoisinsSyncClient *
voisins_sync_client_new (VoisinsStore *store)
{
  VoisinsSyncClient *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->changed_handler = g_signal_connect_object (store, "posts-changed",
                                                   G_CALLBACK (posts_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  url = voisins_store_get_server_url (store);
  voisins_sync_client_set_server_url (self, url);
  self->pending = voisins_store_count_pending (store, NULL);
  self->last_synced = voisins_store_get_last_synced (store);
  self->state = VOISINS_SYNC_STATE_NEEDS_LOGIN;

  return self;
}

VoisinsStore *
voisins_sync_client_get_store (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), NULL);
  return self->store;
}

const char *
voisins_sync_client_get_server_url (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

void
voisins_sync_client_set_server_url (VoisinsSyncClient *self,
                                    const char        *url)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  if (voisins_set_str (&self->server_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVER_URL]);
}

void
voisins_sync_client_set_token (VoisinsSyncClient *self,
                               const char        *token)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);

  if (token != NULL && self->state == VOISINS_SYNC_STATE_NEEDS_LOGIN)
    set_state (self, VOISINS_SYNC_STATE_IDLE);
}

gboolean
voisins_sync_client_has_token (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), FALSE);
  return self->token != NULL;
}

void
voisins_sync_client_set_timeout (VoisinsSyncClient *self,
                                 guint              seconds)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (self));
  self->timeout = MAX (seconds, 1);
}

VoisinsSyncState
voisins_sync_client_get_state (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), VOISINS_SYNC_STATE_IDLE);
  return self->state;
}

guint
voisins_sync_client_get_pending_changes (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), 0);
  return self->pending;
}

gint64
voisins_sync_client_get_last_synced (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), 0);
  return self->last_synced;
}

const char *
voisins_sync_client_get_last_error (VoisinsSyncClient *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

