/* voisins-basemap-mbtiles.c: the MBTiles file of an association's basemap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-basemap"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "voisins-uuid.h"

#include "voisins-basemap-mbtiles.h"

struct _VoisinsBasemapWriter
{
  sqlite3      *db;
  sqlite3_stmt *put[2];  /* tiles, tiles_2x */
  sqlite3_stmt *set;
};

static const char *const schema =
    "PRAGMA journal_mode = OFF;"
    "PRAGMA synchronous = OFF;"
    "CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
    " tile_data BLOB, PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;"
    "CREATE TABLE tiles_2x (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
    " tile_data BLOB, PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;"
    "BEGIN;";

static gboolean
sql_error (sqlite3  *db,
           GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "MBTiles: %s",
               db ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

char *
voisins_basemap_path (const char *database, const char *dir, const char *association_id)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  if (database == NULL || !voisins_uuid_is_valid (association_id))
    return NULL;
  name = g_strdup_printf ("%s.mbtiles", association_id);
  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, name, NULL);
  if (g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://"))
    return g_build_filename (g_get_user_data_dir (), "voisins-server", "basemaps", name, NULL);
  folder = g_path_get_dirname (database);
  return g_build_filename (folder, "basemaps", name, NULL);
}

VoisinsBasemapWriter *
voisins_basemap_writer_new (const char  *path,
                            GError     **error)
{
  g_autoptr(VoisinsBasemapWriter) self = g_new0 (VoisinsBasemapWriter, 1);
  static const char *const put[] = {
    "INSERT INTO tiles VALUES (?, ?, ?, ?)",
    "INSERT INTO tiles_2x VALUES (?, ?, ?, ?)",
  };
  int fd;

  g_unlink (path);
  /* Created 0600 before SQLite opens it: the file never exists with wider rights. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (self->db, error);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (put); i++)
    if (sqlite3_prepare_v2 (self->db, put[i], -1, &self->put[i], NULL) != SQLITE_OK)
      {
        sql_error (self->db, error);
        return NULL;
      }
  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO metadata VALUES (?, ?)", -1,
                          &self->set, NULL) != SQLITE_OK)
    {
      sql_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
voisins_basemap_writer_set (VoisinsBasemapWriter  *self,
                            const char            *key,
                            const char            *value,
                            GError               **error)
{
  sqlite3_bind_text (self->set, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (self->set, 2, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (self->set) != SQLITE_DONE)
    {
      sqlite3_reset (self->set);
      return sql_error (self->db, error);
    }
  sqlite3_reset (self->set);
  return TRUE;
}

gboolean
voisins_basemap_writer_put (VoisinsBasemapWriter  *self,
                            int                    z,
                            int                    x,
                            int                    y,
                            int                    scale,
                            const guint8          *data,
                            gsize                  len,
                            GError               **error)
{
  sqlite3_stmt *stmt = self->put[scale == 2 ? 1 : 0];

  sqlite3_bind_int (stmt, 1, z);
  sqlite3_bind_int (stmt, 2, x);
  sqlite3_bind_int (stmt, 3, (1 << z) - 1 - y);
  sqlite3_bind_blob64 (stmt, 4, data, len, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return sql_error (self->db, error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
voisins_basemap_writer_free (VoisinsBasemapWriter *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->put); i++)
    sqlite3_finalize (self->put[i]);
  sqlite3_finalize (self->set);
  sqlite3_close (self->db);
  g_free (self);
}

gboolean
voisins_basemap_writer_finish (VoisinsBasemapWriter  *self,
                               GError               **error)
{
  gboolean ok = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;

  if (!ok)
    sql_error (self->db, error);
  voisins_basemap_writer_free (self);
  return ok;
}

static sqlite3 *
open_reader (const char *path)
{
  sqlite3 *db = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static char *
metadata_on (sqlite3    *db,
             const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM metadata WHERE name = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

char *
voisins_basemap_read_metadata (const char *path,
                               const char *key)
{
  sqlite3 *db = open_reader (path);
  char *value;

  if (db == NULL)
    return NULL;
  value = metadata_on (db, key);
  sqlite3_close (db);
  return value;
}

gint64
voisins_basemap_read_version (const char *path)
{
  g_autofree char *value = voisins_basemap_read_metadata (path, "version");

  return value ? MAX (g_ascii_strtoll (value, NULL, 10), 0) : 0;
}

GBytes *
voisins_basemap_read_tile (const char  *path,
                           int          z,
                           int          x,
                           int          y,
                           int          scale,
                           gint64      *version,
                           GError     **error)
{
  sqlite3 *db = open_reader (path);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *v = NULL;
  GBytes *tile = NULL;
  int rc;

  *version = 0;
  if (db == NULL)
    return NULL;
  if (z < 0 || z > 24 || x < 0 || y < 0 || x >= (1 << z) || y >= (1 << z))
    {
      sqlite3_close (db);
      return NULL;
    }
  v = metadata_on (db, "version");
  *version = v ? MAX (g_ascii_strtoll (v, NULL, 10), 0) : 0;
  rc = sqlite3_prepare_v2 (db, scale == 2
                               ? "SELECT tile_data FROM tiles_2x WHERE zoom_level = ? AND "
                                 "tile_column = ? AND tile_row = ?"
                               : "SELECT tile_data FROM tiles WHERE zoom_level = ? AND "
                                 "tile_column = ? AND tile_row = ?", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sql_error (db, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, z);
  sqlite3_bind_int (stmt, 2, x);
  sqlite3_bind_int (stmt, 3, (1 << z) - 1 - y);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    tile = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    sql_error (db, error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return tile;
}
