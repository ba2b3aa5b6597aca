/* voisins-server-storage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-storage.h"

G_DEFINE_QUARK (voisins-server-error-quark, voisins_server_error)

G_DEFINE_INTERFACE (VoisinsServerStorage, voisins_server_storage, G_TYPE_OBJECT)

static void
voisins_server_storage_default_init (VoisinsServerStorageInterface *iface)
{
}

guint
voisins_server_error_to_http (const GError  *error,
                              const char   **wire_code)
{
  static const struct { guint status; const char *code; } map[] = {
    [VOISINS_SERVER_ERROR_FAILED] = { 500, "internal" },
    [VOISINS_SERVER_ERROR_BAD_REQUEST] = { 400, "bad_request" },
    [VOISINS_SERVER_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
    [VOISINS_SERVER_ERROR_FORBIDDEN] = { 403, "forbidden" },
    [VOISINS_SERVER_ERROR_NOT_FOUND] = { 404, "not_found" },
    [VOISINS_SERVER_ERROR_GAP] = { 409, "gap" },
    [VOISINS_SERVER_ERROR_CONFLICT] = { 409, "conflict" },
    [VOISINS_SERVER_ERROR_TOO_LARGE] = { 413, "too_large" },
    [VOISINS_SERVER_ERROR_INVALID] = { 422, "invalid" },
    [VOISINS_SERVER_ERROR_RATE_LIMITED] = { 429, "rate_limited" },
    [VOISINS_SERVER_ERROR_BUSY] = { 503, "busy" },
  };

  if (error == NULL || error->domain != VOISINS_SERVER_ERROR ||
      error->code < 0 || error->code >= (int) G_N_ELEMENTS (map))
    {
      if (wire_code)
        *wire_code = "internal";
      return 500;
    }

  if (wire_code)
    *wire_code = map[error->code].code;
  return map[error->code].status;
}

VoisinsServerAuth *
voisins_server_auth_new (void)
{
  VoisinsServerAuth *auth = g_new0 (VoisinsServerAuth, 1);

  auth->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return auth;
}

void
voisins_server_auth_free (VoisinsServerAuth *auth)
{
  if (auth == NULL)
    return;
  g_free (auth->user_id);
  g_free (auth->username);
  g_clear_pointer (&auth->roles, g_hash_table_unref);
  g_free (auth);
}

int
voisins_server_auth_get_role (VoisinsServerAuth *auth,
                              const char        *association_id)
{
  gpointer value;

  if (auth == NULL || association_id == NULL ||
      !g_hash_table_lookup_extended (auth->roles, association_id, NULL, &value))
    return -1;
  return GPOINTER_TO_INT (value) - 1;
}

#define IFACE(self) VOISINS_SERVER_STORAGE_GET_IFACE (self)

gboolean
voisins_server_storage_check_health (VoisinsServerStorage  *self,
                                     GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->check_health (self, error);
}

gboolean
voisins_server_storage_get_credentials (VoisinsServerStorage  *self,
                                        const char            *username,
                                        char                 **user_id,
                                        char                 **password_hash,
                                        GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->get_credentials (self, username, user_id, password_hash, error);
}

gboolean
voisins_server_storage_add_token (VoisinsServerStorage  *self,
                                  const char            *user_id,
                                  const char            *token_hash,
                                  const char            *device,
                                  gint64                 expires_at,
                                  GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->add_token (self, user_id, token_hash, device, expires_at, error);
}

VoisinsServerAuth *
voisins_server_storage_authenticate (VoisinsServerStorage  *self,
                                     const char            *token_hash,
                                     gint64                 now,
                                     GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->authenticate (self, token_hash, now, error);
}

gboolean
voisins_server_storage_revoke_token (VoisinsServerStorage  *self,
                                     const char            *token_hash,
                                     GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->revoke_token (self, token_hash, error);
}

gboolean
voisins_server_storage_revoke_all (VoisinsServerStorage  *self,
                                   VoisinsServerAuth     *auth,
                                   const char            *user_id,
                                   GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->revoke_all (self, auth, user_id, error);
}

JsonNode *
voisins_server_storage_push (VoisinsServerStorage *self,
                             VoisinsServerAuth    *auth,
                             JsonObject           *request,
                             JsonNode            **partial,
                             guint                *retry_after,
                             GError              **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->push (self, auth, request, partial, retry_after, error);
}

gboolean
voisins_server_storage_set_feed_secret (VoisinsServerStorage  *self,
                                        VoisinsServerAuth     *auth,
                                        const char            *association_id,
                                        const char            *secret_hash,
                                        GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (auth != NULL, FALSE);
  return IFACE (self)->set_feed_secret (self, auth, association_id, secret_hash, error);
}

VoisinsServerAuth *
voisins_server_storage_authenticate_feed (VoisinsServerStorage  *self,
                                          const char            *secret_hash,
                                          char                 **association_id,
                                          GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (secret_hash != NULL && association_id != NULL, NULL);
  return IFACE (self)->authenticate_feed (self, secret_hash, association_id, error);
}

char *
voisins_server_storage_pull (VoisinsServerStorage  *self,
                             VoisinsServerAuth     *auth,
                             JsonObject            *request,
                             GError               **error)
{
  g_autoptr(GPtrArray) pieces = NULL;
  GString *text;

  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  if (!(pieces = IFACE (self)->pull (self, auth, request, error)))
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < pieces->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (pieces, i), &len);

      g_string_append_len (text, data, len);
    }
  return g_string_free (text, FALSE);
}

GPtrArray *
voisins_server_storage_pull_pieces (VoisinsServerStorage  *self,
                                    VoisinsServerAuth     *auth,
                                    JsonObject            *request,
                                    GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->pull (self, auth, request, error);
}

JsonNode *
voisins_server_storage_list (VoisinsServerStorage *self,
                             VoisinsServerAuth    *auth,
                             const char           *association_id,
                             VoisinsServerListKind kind,
                             gint64                after,
                             guint                 limit,
                             GError              **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->list (self, auth, association_id, kind, after, limit, error);
}

gboolean
voisins_server_storage_purge (VoisinsServerStorage  *self,
                              gint64                 before,
                              GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->purge (self, before, error);
}

JsonNode *
voisins_server_storage_describe_association (VoisinsServerStorage  *self,
                                             const char            *association_id,
                                             GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->describe_association (self, association_id, error);
}

JsonNode *
voisins_server_storage_members (VoisinsServerStorage             *self,
                                VoisinsServerAuth                *auth,
                                VoisinsServerMembersOp            op,
                                const VoisinsServerMembersParams *params,
                                const char                       *association_id,
                                const char                       *member_id,
                                JsonObject                       *args,
                                GError                          **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (auth != NULL || op == VOISINS_SERVER_MEMBERS_SELF_CODE, NULL);
  return IFACE (self)->members (self, auth, op, params, association_id, member_id, args, error);
}

JsonNode *
voisins_server_storage_import_members (VoisinsServerStorage  *self,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       GBytes                *csv,
                                       gboolean               dry_run,
                                       GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->import_members (self, auth, association_id, csv, dry_run, error);
}

char *
voisins_server_storage_export_members (VoisinsServerStorage  *self,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       gsize                 *len,
                                       GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->export_members (self, auth, association_id, len, error);
}

JsonNode *
voisins_server_storage_list_addresses (VoisinsServerStorage  *self,
                                       const char            *association_id,
                                       gint64                 known_version,
                                       gint64                *version,
                                       GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), NULL);
  return IFACE (self)->list_addresses (self, association_id, known_version, version, error);
}

gboolean
voisins_server_storage_set_association_details (VoisinsServerStorage  *self,
                                                const char            *association_id,
                                                const char            *name,
                                                const char            *phone,
                                                const char            *email,
                                                const char            *address,
                                                GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  return IFACE (self)->set_association_details (self, association_id, name, phone, email,
                                                address, error);
}

gboolean
voisins_server_storage_count_attempt (VoisinsServerStorage  *self,
                                      VoisinsServerAttempts  table,
                                      const char            *key,
                                      guint                  limit,
                                      guint                  window,
                                      guint                  max_keys,
                                      guint                 *wait,
                                      GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL && wait != NULL, FALSE);
  return IFACE (self)->count_attempt (self, table, key, limit, window, max_keys, wait, error);
}

gboolean
voisins_server_storage_clear_attempts (VoisinsServerStorage  *self,
                                       VoisinsServerAttempts  table,
                                       const char            *key,
                                       GError               **error)
{
  g_return_val_if_fail (VOISINS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  return IFACE (self)->clear_attempts (self, table, key, error);
}
