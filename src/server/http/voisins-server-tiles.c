/* voisins-server-tiles.c: GET .../tiles/{z}/{x}/{y}.png and .../basemap.mbtiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in the server's thread pool like every handler: each request opens the MBTiles file
 * read-only. A rebuild renames a new file into place, so a request reads either the old
 * file or the new one, whole, and the ETag names the version it read.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <string.h>

#include "voisins-uuid.h"

#include "voisins-basemap-mbtiles.h"
#include "voisins-server-tiles.h"

static gboolean
parse_int (const char *text,
           int         max,
           int        *out)
{
  gint64 v;

  if (text == NULL || text[0] == '\0' || text[0] == '+' || text[0] == '-' ||
      !g_ascii_string_to_signed (text, 10, 0, max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

gboolean
voisins_server_tiles_match (const char                *method,
                            char                     **parts,
                            VoisinsServerTileRequest  *request,
                            char                     **path_id,
                            gboolean                  *bad_method)
{
  guint n = g_strv_length (parts);
  g_autofree char *y = NULL;

  memset (request, 0, sizeof *request);
  if (n < 3 || !g_str_equal (parts[0], "associations") || !voisins_uuid_is_valid (parts[1]))
    return FALSE;
  if (n == 3 && g_str_equal (parts[2], "basemap.mbtiles"))
    request->whole = TRUE;
  else if (n == 6 && g_str_equal (parts[2], "tiles") && g_str_has_suffix (parts[5], ".png"))
    {
      y = g_strndup (parts[5], strlen (parts[5]) - strlen (".png"));
      request->scale = 1;
      if (g_str_has_suffix (y, "@2x"))
        {
          y[strlen (y) - 3] = '\0';
          request->scale = 2;
        }
      if (!parse_int (parts[3], 24, &request->z) ||
          !parse_int (parts[4], (1 << request->z) - 1, &request->x) ||
          !parse_int (y, (1 << request->z) - 1, &request->y))
        return FALSE;
    }
  else
    return FALSE;
  if (!g_str_equal (method, "GET"))
    {
      *bad_method = TRUE;
      return FALSE;
    }
  *path_id = g_strdup (parts[1]);
  return TRUE;
}

/* If-None-Match: a list of tags, maybe weak, or "*". */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", 16);
  for (guint i = 0; tags[i]; i++)
    {
      const char *t = g_strstrip (tags[i]);

      if (g_str_has_prefix (t, "W/"))
        t += 2;
      if (g_str_equal (t, "*") || g_str_equal (t, etag))
        return TRUE;
    }
  return FALSE;
}

gboolean
voisins_server_tiles_handle (const char                     *database,
                             const char                     *basemap_dir,
                             VoisinsServerAuth              *auth,
                             const char                     *association_id,
                             const VoisinsServerTileRequest *request,
                             const char                     *if_none_match,
                             guint                          *status,
                             GBytes                        **body,
                             const char                    **content_type,
                             const char                    **cache_control,
                             char                          **etag,
                             GError                        **error)
{
  g_autofree char *path = voisins_basemap_path (database, basemap_dir, association_id);
  g_autoptr(GBytes) data = NULL;
  gint64 version = 0;

  /* Every role of the association reads its map, as its address base; one is not in
   * sees nothing of it. */
  if (voisins_server_auth_get_role (auth, association_id) < 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return FALSE;
    }

  if (request->whole)
    {
      g_autoptr(GMappedFile) file = NULL;

      /* Read the version first: a rebuild between the two reads gives an older tag on a
       * newer file, which the next sync corrects; never the reverse. */
      version = voisins_basemap_read_version (path);
      if (version > 0)
        file = g_mapped_file_new (path, FALSE, NULL);
      if (file)
        data = g_mapped_file_get_bytes (file);
      *content_type = "application/vnd.sqlite3";
      /* The laptops revalidate at each sync: a rebuilt map reaches them at once. */
      *cache_control = "private, no-cache";
      *etag = version > 0 ? g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version) : NULL;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      data = voisins_basemap_read_tile (path, request->z, request->x, request->y,
                                        request->scale, &version, &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *content_type = "image/png";
      *cache_control = "private, max-age=600";
      *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "-%d-%d-%d%s\"", version, request->z,
                               request->x, request->y, request->scale == 2 ? "@2x" : "");
    }

  if (data == NULL)
    {
      g_clear_pointer (etag, g_free);
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           request->whole ? "This association has no basemap yet"
                                          : "No such tile in the association's basemap");
      return FALSE;
    }
  if (etag_matches (if_none_match, *etag))
    {
      *status = 304;
      return TRUE;
    }
  *status = 200;
  *body = g_steal_pointer (&data);
  return TRUE;
}
