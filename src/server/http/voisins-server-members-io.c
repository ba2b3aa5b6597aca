/* voisins-server-members-io.c: the members' spreadsheet routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body of an import is the CSV file itself, as the spreadsheet program saved it (any
 * encoding the core reader knows), bounded by max-body like every body; who may import or
 * export is the rules table's (member import / export), checked by the storage.
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-uuid.h"

#include "voisins-server-members-io.h"

VoisinsServerMembersIo
voisins_server_members_io_match (const char  *method,
                                 char       **parts,
                                 gboolean    *bad_method)
{
  guint n = g_strv_length (parts);

  if (n != 4 || !g_str_equal (parts[0], "associations") || !voisins_uuid_is_valid (parts[1]) ||
      !g_str_equal (parts[2], "members"))
    return 0;
  if (g_str_equal (parts[3], "import"))
    {
      *bad_method = !g_str_equal (method, "POST");
      return *bad_method ? 0 : VOISINS_SERVER_MEMBERS_IMPORT;
    }
  if (g_str_equal (parts[3], "export"))
    {
      *bad_method = !g_str_equal (method, "GET");
      return *bad_method ? 0 : VOISINS_SERVER_MEMBERS_EXPORT;
    }
  return 0;
}

gboolean
voisins_server_members_io_handle (VoisinsServerStorage    *storage,
                                  VoisinsServerAuth       *auth,
                                  VoisinsServerMembersIo   which,
                                  const char              *association_id,
                                  gboolean                 dry_run,
                                  GBytes                  *body,
                                  JsonNode               **response,
                                  char                   **response_text,
                                  const char             **content_type,
                                  GError                 **error)
{
  switch (which)
    {
    case VOISINS_SERVER_MEMBERS_IMPORT:
      if (body == NULL || g_bytes_get_size (body) == 0)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                               "The request needs the CSV file as its body");
          return FALSE;
        }
      *response = voisins_server_storage_import_members (storage, auth, association_id, body,
                                                         dry_run, error);
      return *response != NULL;

    case VOISINS_SERVER_MEMBERS_EXPORT:
      *response_text = voisins_server_storage_export_members (storage, auth, association_id,
                                                              NULL, error);
      *content_type = "text/csv; charset=utf-8";
      return *response_text != NULL;

    default:
      g_assert_not_reached ();
    }
}
