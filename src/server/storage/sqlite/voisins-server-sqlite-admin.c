/* voisins-server-sqlite-admin.c: tombstone purge, associations, the demo import, backup and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sodium.h>

#include "voisins-geo.h"
#include "voisins-holiday.h"

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

/* {{{ tombstones */

gboolean
_voisins_server_sqlite_purge (VoisinsServerStorage  *storage,
                              gint64                 before,
                              GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean ok;
  VoisinsDb           *db;

  g_mutex_lock (&self->writer_lock);
  db = self->writer;
  ok = db != NULL && voisins_db_begin (db, VOISINS_DB_WRITE, error);
  if (ok)
    {
      g_autoptr(VoisinsDbStmt) raise = NULL;
      g_autoptr(VoisinsDbStmt) del = NULL;

      ok = (raise =
                voisins_db_prepare (db,
                                    "UPDATE associations SET min_seq = greatest (min_seq,"
                                    " (SELECT max (server_seq) FROM records r"
                                    "  WHERE r.association_id = associations.id AND r.deleted = 1"
                                    "  AND r.deleted_at < ?1))"
                                    " WHERE EXISTS (SELECT 1 FROM records r"
                                    "  WHERE r.association_id = associations.id AND r.deleted = 1"
                                    "  AND r.deleted_at < ?1)",
                                    error)) != NULL;
      if (ok)
        {
          voisins_db_bind_int64 (raise, 1, before);
          ok = voisins_db_stmt_step (raise, error) == VOISINS_DB_DONE;
        }
      if (ok)
        ok = (del = voisins_db_prepare (
                  db, "DELETE FROM records WHERE deleted = 1 AND deleted_at < ?", error)) != NULL;
      if (ok)
        {
          voisins_db_bind_int64 (del, 1, before);
          ok = voisins_db_stmt_step (del, error) == VOISINS_DB_DONE;
          if (ok && voisins_db_changes (db) > 0)
            g_message ("Purged %" G_GINT64_FORMAT " tombstones", voisins_db_changes (db));
        }
      if (ok)
        ok = voisins_db_commit (db, error);
      if (!ok)
        voisins_db_rollback (db);
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

/* }}} */
/* {{{ administration */

char *
voisins_server_sqlite_create_association (VoisinsServerSqlite  *self,
                                          const char           *id,
                                          const char           *name,
                                          const char           *boundary_geojson,
                                          GError              **error)
{
  g_autofree char *new_id = id ? g_strdup (id) : voisins_uuid_new ();
  g_autofree char *secret = _voisins_server_sqlite_random_hex (32);
  g_autofree char *epoch = _voisins_server_sqlite_random_hex (8);
  g_autofree char *boundary = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (boundary_geojson)
    {
      g_autoptr(VoisinsPolygon) polygon = voisins_polygon_new_from_geojson (boundary_geojson, error);

      if (polygon == NULL)
        return NULL;
      boundary = voisins_polygon_to_geojson (polygon);
    }

  if (!(stmt = voisins_db_prepare (self->writer,
                                   "INSERT INTO associations (id, name, boundary, secret, epoch,"
                                   " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, new_id);
  voisins_db_bind_text (stmt, 2, name);
  voisins_db_bind_text (stmt, 3, boundary);
  voisins_db_bind_text (stmt, 4, secret);
  voisins_db_bind_text (stmt, 5, epoch);
  voisins_db_bind_int64 (stmt, 6, now_s ());
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  return g_steal_pointer (&new_id);
}

static gboolean
import_record (Ctx         *ctx,
               const char  *type,
               const char  *association_id,
               JsonNode    *node,
               GError     **error)
{
  g_autoptr(Record) r = g_new0 (Record, 1);
  JsonObject *obj = json_node_get_object (node);

  r->id = g_strdup (voisins_json_read_string (obj, "id"));
  r->type = g_strdup (type);
  r->association_id = g_strdup (association_id);
  json_object_set_string_member (obj, "association_id", association_id);
  r->data = json_object_ref (obj);
  r->field_versions = json_object_new ();
  r->version = 1;
  return _voisins_server_sqlite_store_record (ctx, r, 0, error);
}

gboolean
voisins_server_sqlite_import_demo (VoisinsServerSqlite  *self,
                                   VoisinsDemo          *demo,
                                   GError              **error)
{
  VoisinsAssociation *assoc = demo->association;
  const char *association_id = voisins_association_get_id (assoc);
  g_autofree char *boundary = NULL;
  g_autofree char *created = NULL;
  Ctx ctx = { self, self->writer, NULL, now_s () };
  gboolean ok = TRUE;

  if (voisins_association_get_boundary (assoc))
    boundary = voisins_polygon_to_geojson (voisins_association_get_boundary (assoc));
  created = voisins_server_sqlite_create_association (self, association_id,
                                                      voisins_association_get_name (assoc),
                                                      boundary, error);
  if (created == NULL)
    return FALSE;
  /* The demo's contact details, printed on its letters. */
  if (!voisins_server_sqlite_set_association_details (self, association_id, NULL,
                                                      voisins_association_get_phone (assoc),
                                                      voisins_association_get_email (assoc),
                                                      voisins_association_get_address (assoc),
                                                      error))
    return FALSE;

  if (!voisins_db_begin (self->writer, VOISINS_DB_WRITE, error))
    return FALSE;

  for (guint i = 0; ok && i < demo->members->len; i++)
    {
      VoisinsMember *m = g_ptr_array_index (demo->members, i);
      g_autoptr(JsonNode) node = NULL;

      voisins_member_set_association_id (m, association_id);
      _voisins_server_sqlite_set_approx (&ctx, m, NULL);
      node = voisins_member_to_json (m, TRUE);
      ok = import_record (&ctx, "member", association_id, node, error);
    }
  for (guint i = 0; ok && i < demo->posts->len; i++)
    {
      g_autoptr(JsonNode) node = voisins_post_to_json (g_ptr_array_index (demo->posts, i));

      ok = import_record (&ctx, "post", association_id, node, error);
    }
  for (guint i = 0; ok && demo->hosts && i < demo->hosts->len; i++)
    {
      g_autoptr(JsonNode) node = voisins_holiday_host_to_json (g_ptr_array_index (demo->hosts, i));

      ok = import_record (&ctx, "holiday_host", association_id, node, error);
    }
  for (guint i = 0; ok && demo->guests && i < demo->guests->len; i++)
    {
      g_autoptr(JsonNode) node = voisins_holiday_guest_to_json (g_ptr_array_index (demo->guests, i));

      ok = import_record (&ctx, "holiday_guest", association_id, node, error);
    }

  if (ok)
    ok = voisins_db_commit (self->writer, error);
  if (!ok)
    voisins_db_rollback (self->writer);
  return ok;
}

/* sqlite3_backup: the one thing of this file the SQL layer does not offer (SQLite only;
 * PostgreSQL's is pg_dump/pg_restore), on the writer's own handle. */
static gboolean
copy_database (sqlite3 *from, sqlite3 *to, GError **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot copy the database: %s", sqlite3_errmsg (to));
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_FULL)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                             "The disk is full: the copy was not made");
      else
        g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                     "Cannot copy the database (%s)", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

gboolean
voisins_server_sqlite_backup (VoisinsServerSqlite  *self,
                              const char           *to,
                              GError              **error)
{
  sqlite3 *dest = NULL;
  gboolean ok;
  int fd;

  fd = g_open (to, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot create %s: %s", to, g_strerror (errno));
      return FALSE;
    }
  close (fd);
  if (sqlite3_open (to, &dest) != SQLITE_OK)
    {
      sqlite3_close (dest);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open %s", to);
      return FALSE;
    }
  g_mutex_lock (&self->writer_lock);
  ok = copy_database (voisins_db_get_sqlite_handle (self->writer), dest, error);
  g_mutex_unlock (&self->writer_lock);
  sqlite3_close (dest);
  return ok;
}

int
voisins_server_sqlite_lock (const char  *path,
                            gboolean     exclusive,
                            GError     **error)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  struct flock fl = { 0 };
  int fd;

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open %s: %s", lock_path, g_strerror (errno));
      return -1;
    }
  /* fcntl, not flock: the kernel drops it when the process dies, however it dies, so a
   * crashed server never blocks a restore. */
  fl.l_type = exclusive ? F_WRLCK : F_RDLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl (fd, F_SETLK, &fl) < 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EACCES || saved == EAGAIN)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                             exclusive ? "A voisins-server is running on this database: "
                                         "stop it first (nothing was changed)"
                                       : "This database is being restored: start the server "
                                         "when the restore has finished");
      else
        g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                     "Cannot lock %s: %s", lock_path, g_strerror (saved));
      return -1;
    }
  return fd;
}

static gboolean
new_epochs (VoisinsDb *db, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(VoisinsDbStmt) ids = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  gint64 now = now_s ();
  int    rc;

  if (!(stmt = voisins_db_prepare (db,
                                   "UPDATE associations SET epoch = ?, restored_at = ?,"
                                   " restored_seq = next_seq WHERE id = ?",
                                   error)) ||
      !(ids = voisins_db_prepare (db, "SELECT id FROM associations", error)))
    return FALSE;
  while ((rc = voisins_db_stmt_step (ids, error)) == VOISINS_DB_ROW)
    g_ptr_array_add (list, g_strdup (voisins_db_column_text (ids, 0)));
  if (rc != VOISINS_DB_DONE)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *epoch = _voisins_server_sqlite_random_hex (8);

      voisins_db_stmt_reset (stmt);
      voisins_db_bind_text (stmt, 1, epoch);
      voisins_db_bind_int64 (stmt, 2, now);
      voisins_db_bind_text (stmt, 3, list->pdata[i]);
      if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_DONE)
        return FALSE;
    }
  return TRUE;
}

gboolean
voisins_server_sqlite_restore (const char  *path,
                               const char  *from,
                               GError     **error)
{
  g_autoptr(VoisinsServerSqlite) self = NULL;
  sqlite3 *src = NULL;
  gboolean ok;
  int lock;

  /* A server still running on the file would go on with its own connections over the
   * restored pages: refuse before touching anything. */
  if ((lock = voisins_server_sqlite_lock (path, TRUE, error)) < 0)
    return FALSE;

  if (sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (src);
      close (lock);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open %s", from);
      return FALSE;
    }
  if (!(self = voisins_server_sqlite_open (path, 5000, error)))
    {
      sqlite3_close (src);
      close (lock);
      return FALSE;
    }
  ok = copy_database (src, voisins_db_get_sqlite_handle (self->writer), error);
  sqlite3_close (src);
  ok = ok && _voisins_server_sqlite_migrate (self->writer, error);

  /* New epochs: every client's cursor answers reset. The clients table is kept: it says
   * what the restored data holds of each client's changes, so a client that had more
   * gets a GAP at its next push and sends again what was lost. */
  ok = ok && voisins_db_begin (self->writer, VOISINS_DB_WRITE, error);
  if (ok)
    {
      ok = new_epochs (self->writer, error) && voisins_db_commit (self->writer, error);
      if (!ok)
        voisins_db_rollback (self->writer);
    }
  voisins_server_sqlite_close (self);
  close (lock);
  return ok;
}

/* }}} */
