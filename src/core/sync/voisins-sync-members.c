/* voisins-sync-members.c: the members' requests to voisins-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call is one request in a worker thread, on a copy of what the sync client knows (the
 * server address, the token), through the same bounded request as the sync itself.
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-sync-client-private.h"
#include "voisins-sync-members.h"

const char *const voisins_sync_proof_kinds[] = { "identity-card+proof-of-address",
                                                 "tax-notice",
                                                 "rent-receipt",
                                                 "utility-bill",
                                                 "known-personally",
                                                 NULL };

const char *
voisins_sync_proof_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "identity-card+proof-of-address") == 0)
    return _ ("Identity card and proof of address");
  if (g_strcmp0 (kind, "tax-notice") == 0)
    return _ ("Tax notice");
  if (g_strcmp0 (kind, "rent-receipt") == 0)
    return _ ("Rent receipt");
  if (g_strcmp0 (kind, "utility-bill") == 0)
    return _ ("Utility bill (electricity, gas, water)");
  if (g_strcmp0 (kind, "known-personally") == 0)
    return _ ("Known personally to the association");
  return NULL;
}

typedef enum
{
  CALL_LETTERS,
  CALL_CODE,
  CALL_IN_PERSON,
  CALL_AUDIT,
  CALL_REPORT,
  CALL_ERASE,
  CALL_INACTIVE,
} Call;

typedef struct
{
  RunData  *rd;
  Call      call;
  char     *method;
  char     *path;
  JsonNode *body;
} Request;

static void
request_free (Request *r)
{
  _voisins_sync_run_data_free (r->rd);
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

/* A refusal the volunteer can act on, translated; the server's own words otherwise. */
static void
refused (Call call, guint status, const char *server_message, GError **error)
{
  const char *message = NULL;

  if (call == CALL_CODE && status == 422)
    message = _ ("This code is not right. Check it on the letter and try again.");
  else if (call == CALL_CODE && status == 403)
    message = _ ("Too many wrong codes: this letter no longer works. A coordinator must send "
                 "a new one.");
  else if (call == CALL_CODE && status == 409 && server_message &&
           strstr (server_message, "expired"))
    message = _ ("This code has expired. A coordinator must send a new letter.");
  else if (call == CALL_CODE && status == 409 && server_message && strstr (server_message, "used"))
    message = _ ("This code was already used: the neighbour is verified.");
  else if (call == CALL_CODE && status == 409)
    message = _ ("No letter was sent to this neighbour yet.");
  else if (status == 403)
    message = _ ("Only coordinators can do this.");
  else if (status == 404)
    message = _ ("The server does not know this neighbour (yet): sync first.");

  if (message)
    g_set_error_literal (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED, message);
  else
    g_set_error (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED,
                 _ ("The server refused the request (HTTP %u)%s%s"), status,
                 server_message ? ": " : "", server_message ? server_message : "");
}

static void
request_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Request *r = task_data;
  g_autoptr (SoupSession) session = _voisins_sync_new_session (r->rd->timeout);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  if (r->rd->token == NULL)
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _ ("Please log in again"));
      return;
    }
  answer = _voisins_sync_request (session, r->rd, r->method, r->path, r->body, &status, cancellable,
                                  &error);
  if (answer == NULL)
    {
      /* Refusals are worded for this call; the rest (offline, busy, log in) as a sync's. */
      if (g_error_matches (error, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED))
        {
          g_clear_error (&error);
          refused (r->call, status, NULL, &error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status == 409)
    {
      refused (r->call, status, _voisins_sync_server_message (answer), &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (answer)),
                         (GDestroyNotify) json_object_unref);
}

static void
start (VoisinsSyncClient  *client,
       Call                call,
       gpointer            source_tag,
       const char         *method,
       char               *path,
       JsonNode           *body,
       GCancellable       *cancellable,
       GAsyncReadyCallback callback,
       gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (client, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  r->rd = _voisins_sync_client_new_run_data (client);
  r->call = call;
  r->method = g_strdup (method);
  r->path = path;
  r->body = body;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, request_thread);
}

static JsonObject *
finish (VoisinsSyncClient *client, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_ok (VoisinsSyncClient *client, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_autoptr (JsonObject) answer = finish (client, result, source_tag, error);

  return answer != NULL;
}

static char *
member_path (const char *association_id, const char *member_id, const char *what)
{
  return g_strdup_printf ("/api/v1/associations/%s/members/%s/%s", association_id, member_id, what);
}

void
voisins_sync_members_send_letters_async (VoisinsSyncClient  *client,
                                         const char         *association_id,
                                         const char *const  *member_ids,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL && member_ids != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "member_ids");
  json_builder_begin_array (b);
  for (guint i = 0; member_ids[i]; i++)
    json_builder_add_string_value (b, member_ids[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  start (client, CALL_LETTERS, voisins_sync_members_send_letters_async, "POST",
         g_strdup_printf ("/api/v1/associations/%s/members/letters", association_id),
         json_builder_get_root (b), cancellable, callback, user_data);
}

JsonObject *
voisins_sync_members_send_letters_finish (VoisinsSyncClient *client,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return finish (client, result, voisins_sync_members_send_letters_async, error);
}

void
voisins_sync_members_enter_code_async (VoisinsSyncClient  *client,
                                       const char         *association_id,
                                       const char         *member_id,
                                       const char         *code,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL && member_id != NULL && code != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_end_object (b);
  start (client, CALL_CODE, voisins_sync_members_enter_code_async, "POST",
         member_path (association_id, member_id, "code"), json_builder_get_root (b), cancellable,
         callback, user_data);
}

gboolean
voisins_sync_members_enter_code_finish (VoisinsSyncClient *client,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return finish_ok (client, result, voisins_sync_members_enter_code_async, error);
}

void
voisins_sync_members_verify_in_person_async (VoisinsSyncClient  *client,
                                             const char         *association_id,
                                             const char         *member_id,
                                             const char         *proof,
                                             const char         *witness,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL && member_id != NULL && proof != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "proof");
  json_builder_add_string_value (b, proof);
  if (witness && *witness)
    {
      json_builder_set_member_name (b, "witness");
      json_builder_add_string_value (b, witness);
    }
  json_builder_end_object (b);
  start (client, CALL_IN_PERSON, voisins_sync_members_verify_in_person_async, "POST",
         member_path (association_id, member_id, "verify-in-person"), json_builder_get_root (b),
         cancellable, callback, user_data);
}

gboolean
voisins_sync_members_verify_in_person_finish (VoisinsSyncClient *client,
                                              GAsyncResult      *result,
                                              GError           **error)
{
  return finish_ok (client, result, voisins_sync_members_verify_in_person_async, error);
}

void
voisins_sync_members_audit_async (VoisinsSyncClient  *client,
                                  const char         *association_id,
                                  const char         *member_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));

  start (client, CALL_AUDIT, voisins_sync_members_audit_async, "GET",
         member_path (association_id, member_id, "audit"), NULL, cancellable, callback, user_data);
}

JsonObject *
voisins_sync_members_audit_finish (VoisinsSyncClient *client, GAsyncResult *result, GError **error)
{
  return finish (client, result, voisins_sync_members_audit_async, error);
}

void
voisins_sync_members_report_async (VoisinsSyncClient  *client,
                                   const char         *association_id,
                                   const char         *member_id,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));

  start (client, CALL_REPORT, voisins_sync_members_report_async, "GET",
         member_path (association_id, member_id, "report"), NULL, cancellable, callback, user_data);
}

JsonObject *
voisins_sync_members_report_finish (VoisinsSyncClient *client, GAsyncResult *result, GError **error)
{
  return finish (client, result, voisins_sync_members_report_async, error);
}

void
voisins_sync_members_erase_async (VoisinsSyncClient  *client,
                                  const char         *association_id,
                                  const char         *member_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));

  start (client, CALL_ERASE, voisins_sync_members_erase_async, "POST",
         member_path (association_id, member_id, "erase"), NULL, cancellable, callback, user_data);
}

gboolean
voisins_sync_members_erase_finish (VoisinsSyncClient *client, GAsyncResult *result, GError **error)
{
  return finish_ok (client, result, voisins_sync_members_erase_async, error);
}

void
voisins_sync_members_inactive_async (VoisinsSyncClient  *client,
                                     const char         *association_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));

  start (client, CALL_INACTIVE, voisins_sync_members_inactive_async, "GET",
         g_strdup_printf ("/api/v1/associations/%s/members/inactive", association_id), NULL,
         cancellable, callback, user_data);
}

JsonObject *
voisins_sync_members_inactive_finish (VoisinsSyncClient *client,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return finish (client, result, voisins_sync_members_inactive_async, error);
}
