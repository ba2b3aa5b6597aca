/* voisins-sync-import.c: import and export of the members' spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not JSON either way (a CSV body in, CSV out for the export), so not through
 * _voisins_sync_request; the same bounds: the session's timeout, an answer size cap.
 */
#define G_LOG_DOMAIN "voisins-sync"

#include <glib/gi18n-lib.h>

#include "voisins-codec.h"
#include "voisins-sync-client-private.h"
#include "voisins-sync-import.h"

/* A preview of 5,000 rows is about 1 MB of JSON. */
#define MAX_ANSWER_BYTES (16 * 1024 * 1024)

typedef struct
{
  SoupSession *session;
  SoupMessage *msg;
  gboolean     export;
} Request;

static void
request_free (Request *req)
{
  g_clear_object (&req->session);
  g_clear_object (&req->msg);
  g_free (req);
}

const char *
voisins_sync_import_reason (const char *code)
{
  static const struct { const char *code; const char *reason; } reasons[] = {
    { "no_name", N_("No name") },
    { "malformed", N_("Malformed line (a quote not closed?)") },
    { "field_count", N_("Too many or too few columns") },
    { "too_long", N_("A field is too long") },
    { "invalid", N_("A field is not valid") },
    { "no_address", N_("No address") },
    { "address_not_found", N_("Address not found in the quartier") },
    { "outside_quartier", N_("Outside the quartier") },
    { "no_address_base", N_("No address base on the server yet") },
    { "duplicate", N_("Already a member") },
  };

  for (guint i = 0; code && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (code, reasons[i].code))
      return _(reasons[i].reason);
  return code ? _("Refused") : NULL;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *message = NULL;
  const char *data;
  gsize len = 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_OFFLINE, "%s",
                                 _("The server cannot be reached: importing and exporting the "
                                   "spreadsheet needs the connection."));
      return;
    }
  status = soup_message_get_status (req->msg);
  data = g_bytes_get_data (body, &len);
  if (len > MAX_ANSWER_BYTES)
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER, "%s",
                               _("The server’s answer is too large"));
      return;
    }
  if (status == 200 && req->export)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (len > 0)
    answer = voisins_json_parse (data, len, NULL);
  if (status == 200 && answer && JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
      return;
    }
  message = _voisins_sync_server_message (answer);
  g_debug ("members %s: HTTP %u", req->export ? "export" : "import", status);
  if (status == 401)
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_UNAUTHORIZED, "%s",
                             _("Please log in again"));
  else if (status == 403)
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED, "%s",
                             _("Only coordinators may import or export the members."));
  else if (status == 413)
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED, "%s",
                             _("The file is too large for the server: split it."));
  else if (status >= 400 && status < 500)
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_REFUSED,
                             _("The server refused the file: %s"),
                             message ? message : _("unknown reason"));
  else if (status == 503 || status == 429)
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_BUSY, "%s",
                             _("The server is busy: try again in a moment."));
  else
    g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_SERVER, "%s",
                             _("The server’s answer could not be read"));
}

static void
send_request (VoisinsSyncClient   *client,
              const char          *method,
              const char          *path,
              GBytes              *body,
              gboolean             export,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  g_autoptr(RunData) rd = _voisins_sync_client_new_run_data (client);
  g_autofree char *uri = NULL;
  Request *req;

  g_task_set_source_tag (task, source_tag);
  if (rd->url == NULL || *rd->url == '\0')
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED, "%s",
                               _("No server is set up on this computer: importing and exporting "
                                 "the spreadsheet needs the association’s server."));
      return;
    }
  uri = g_strconcat (rd->url, g_str_has_suffix (rd->url, "/") ? path + 1 : path, NULL);
  req = g_new0 (Request, 1);
  req->export = export;
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  if (!(req->msg = soup_message_new (method, uri)))
    {
      g_task_return_new_error (task, VOISINS_SYNC_ERROR, VOISINS_SYNC_ERROR_NOT_CONFIGURED,
                               _("The server address “%s” is not valid"), rd->url);
      return;
    }
  if (rd->token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", rd->token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (req->msg), "Authorization",
                                   auth);
    }
  if (body)
    soup_message_set_request_body_from_bytes (req->msg, "text/csv", body);
  req->session = _voisins_sync_new_session (rd->timeout);
  soup_session_send_and_read_async (req->session, req->msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

void
voisins_sync_import_members_async (VoisinsSyncClient   *client,
                                   const char          *association_id,
                                   GBytes              *csv,
                                   gboolean             dry_run,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL && csv != NULL);

  path = g_strdup_printf ("/api/v1/associations/%s/members/import%s", association_id,
                          dry_run ? "?dry_run=true" : "");
  send_request (client, "POST", path, csv, FALSE, voisins_sync_import_members_async,
                cancellable, callback, user_data);
}

JsonNode *
voisins_sync_import_members_finish (VoisinsSyncClient  *client,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_sync_export_members_async (VoisinsSyncClient   *client,
                                   const char          *association_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VOISINS_IS_SYNC_CLIENT (client));
  g_return_if_fail (association_id != NULL);

  path = g_strdup_printf ("/api/v1/associations/%s/members/export", association_id);
  send_request (client, "GET", path, NULL, TRUE, voisins_sync_export_members_async, cancellable,
                callback, user_data);
}

GBytes *
voisins_sync_export_members_finish (VoisinsSyncClient  *client,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
