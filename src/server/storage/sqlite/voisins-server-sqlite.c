/* voisins-server-sqlite.c: the SQLite storage backend: connections, schema, records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every synced row (post, member, holiday host, guest, match) lives in one `records` table,
 * keyed by its UUID, with the association, the row's JSON (the core codec's shape), the
 * version at which each field last changed, the row version and the association's
 * server_seq. One table makes the cursor pull a single indexed range scan on
 * (association_id, server_seq). server_seq comes from associations.next_seq inside the
 * write transaction (never a global sequence), as on the future PostgreSQL backend.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "voisins-geo.h"

#include "voisins-db-schema.h"
#include "voisins-server-sqlite-private.h"

#define MAX_READERS 8

static void storage_iface_init (VoisinsServerStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VoisinsServerSqlite, voisins_server_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VOISINS_TYPE_SERVER_STORAGE,
                                                      storage_iface_init))

static const char *migrations[] = {
  /* 1 */
  "CREATE TABLE associations ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  boundary TEXT,"
  "  secret TEXT NOT NULL,"
  "  epoch TEXT NOT NULL,"
  "  next_seq INTEGER NOT NULL DEFAULT 1,"
  "  min_seq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE roles ("
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  role TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, association_id));"
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  device TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);"
  "CREATE INDEX tokens_user ON tokens (user_id);"
  "CREATE TABLE clients ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  last_mutation_seq INTEGER NOT NULL,"
  "  schema INTEGER NOT NULL DEFAULT 1,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE mutation_results ("
  "  client_id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  result TEXT NOT NULL,"
  "  PRIMARY KEY (client_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE records ("
  "  id TEXT PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  data TEXT NOT NULL,"
  "  field_versions TEXT NOT NULL DEFAULT '{}',"
  "  version INTEGER NOT NULL,"
  "  server_seq INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  deleted_at INTEGER);"
  "CREATE UNIQUE INDEX records_seq ON records (association_id, server_seq);"
  "CREATE INDEX records_type ON records (association_id, type, deleted);",
  /* 2: who recorded a row (the login, from the token: posts, hosts, guests), and the log of
   * who was shown whose personal details through a holiday match (issue 10). */
  "ALTER TABLE records ADD COLUMN recorded_by TEXT;"
  "CREATE TABLE holiday_reveals ("
  "  id INTEGER PRIMARY KEY,"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  match_id TEXT NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX holiday_reveals_assoc ON holiday_reveals (association_id, id);",
  /* 3: nothing unreadable is stored. One row json-glib wrote as `1e+22.0` once made every
   * coordinator's pull unreadable; the codec now refuses such numbers, and these triggers
   * make sure no other path (an import, a future bug, a hand edit) stores what a client
   * cannot parse. Triggers, not CHECK, since SQLite cannot add a CHECK to a table. */
  "CREATE TRIGGER records_json_insert BEFORE INSERT ON records"
  " WHEN NOT json_valid (NEW.data) OR NOT json_valid (NEW.field_versions)"
  " BEGIN SELECT RAISE (ABORT, 'records: data must be valid JSON'); END;"
  "CREATE TRIGGER records_json_update BEFORE UPDATE OF data, field_versions ON records"
  " WHEN NOT json_valid (NEW.data) OR NOT json_valid (NEW.field_versions)"
  " BEGIN SELECT RAISE (ABORT, 'records: data must be valid JSON'); END;"
  "CREATE TRIGGER mutation_results_json_insert BEFORE INSERT ON mutation_results"
  " WHEN NOT json_valid (NEW.result)"
  " BEGIN SELECT RAISE (ABORT, 'mutation_results: result must be valid JSON'); END;",
  /* 4: neighbours (issue 11): the association's contact details, printed on every letter,
   * and its address base (import-addresses), against which members' addresses are checked
   * and completed. "norm" is voisins_address_key (), "street_norm" the normalised street. */
  "ALTER TABLE associations ADD COLUMN phone TEXT;"
  "ALTER TABLE associations ADD COLUMN email TEXT;"
  "ALTER TABLE associations ADD COLUMN address TEXT;"
  "CREATE TABLE addresses ("
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  id TEXT NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  rep TEXT NOT NULL DEFAULT '',"
  "  street TEXT NOT NULL,"
  "  postcode TEXT NOT NULL DEFAULT '',"
  "  city TEXT NOT NULL DEFAULT '',"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL,"
  "  norm TEXT NOT NULL,"
  "  street_norm TEXT NOT NULL,"
  "  PRIMARY KEY (association_id, id));"
  "CREATE INDEX addresses_by_norm ON addresses (association_id, norm);"
  /* The members' audit trail, readable by coordinators: verification (letter, code,
   * in person), consent changes, address overrides, imports, data reports, erasure. Who
   * (user_id), when, and a small JSON detail that names no personal data beyond ids. */
  "CREATE TABLE member_audit ("
  "  id INTEGER PRIMARY KEY,"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  member_id TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (detail)),"
  "  user_id TEXT,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX member_audit_by_member ON member_audit (association_id, member_id, id);",
  /* 5: verification letters (issue 11): one-time codes, stored as a keyed hash with the
   * association's secret, expiring, with a count of wrong attempts; state live, used,
   * expired, locked (too many attempts) or replaced (a new letter). And when a record last
   * changed on the server, for the review of inactive members. */
  "CREATE TABLE member_letters ("
  "  id INTEGER PRIMARY KEY,"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  member_id TEXT NOT NULL,"
  "  code_hash TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL DEFAULT 'live');"
  "CREATE INDEX member_letters_by_member ON member_letters (association_id, member_id);"
  "CREATE INDEX member_letters_by_code ON member_letters (association_id, code_hash);"
  "ALTER TABLE records ADD COLUMN changed_at INTEGER;",
  /* 6: when the association was last restored from a backup, and its next server_seq then
   * (issue 14). For a while after that, a change of a record the server does not have, or
   * made on a version the restore lost, is answered "retry later": its creator or the
   * authors of those versions may not have sent them again yet. */
  "ALTER TABLE associations ADD COLUMN restored_at INTEGER;"
  "ALTER TABLE associations ADD COLUMN restored_seq INTEGER NOT NULL DEFAULT 0;",
  /* 7: the version of the address base, raised at each import-addresses: the ETag of
   * GET .../addresses, and in the association's description, so that laptops fetch the base
   * again only when it changed. */
  "ALTER TABLE associations ADD COLUMN addresses_version INTEGER NOT NULL DEFAULT 0;",
  /* 8: the secret calendar feeds (issue 12): one per user and association, for calendar
   * apps that cannot send a header. Only the hash of the secret is kept, like a token's;
   * a new secret replaces the old one, revoking deletes it. */
  "CREATE TABLE feed_secrets ("
  "  hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (user_id, association_id));",
  /* 9: the version of the association's basemap (issue 13), raised at each build by
   * `voisins-server basemap`: the ETag of the tiles and of the whole file, and in the
   * association's description, so that laptops fetch it again only when it changed. */
  "ALTER TABLE associations ADD COLUMN basemap_version INTEGER NOT NULL DEFAULT 0;",
  /* 10: events and groups with their people (issue 12, item 3): participants and
   * occurrence exceptions are records like the others; the server counts an event's
   * participants (its capacity) and finds an occurrence's exception by post (helps are
   * found by post too). */
  "CREATE INDEX records_by_post ON records (association_id, type,"
  " json_extract (data, '$.post_id'));",
  /* 11: the helps' reveals get their own log (they were in holiday_reveals, the help's id
   * where a match's would be): moved, so that each log names what opened the details. */
  "CREATE TABLE help_reveals ("
  "  id INTEGER PRIMARY KEY,"
  "  association_id TEXT NOT NULL REFERENCES associations (id),"
  "  help_id TEXT NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX help_reveals_assoc ON help_reveals (association_id, id);"
  "CREATE INDEX help_reveals_member ON help_reveals (association_id, member_id);"
  "INSERT INTO help_reveals (association_id, help_id, user_id, member_id, fields, at)"
  " SELECT association_id, match_id, user_id, member_id, fields, at FROM holiday_reveals"
  " WHERE match_id IN (SELECT id FROM records WHERE type = 'help') ORDER BY id;"
  "DELETE FROM holiday_reveals WHERE match_id IN (SELECT id FROM records WHERE type = 'help');",
  /* 12: the login rate limits' counts (they were in each process's memory): with several
   * processes on one database (`workers`), a limit holds whichever process answers. kind:
   * VoisinsServerAttempts. */
  "CREATE TABLE login_attempts ("
  "  kind INTEGER NOT NULL,"
  "  key TEXT NOT NULL,"
  "  window_start INTEGER NOT NULL,"
  "  count INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, key)) WITHOUT ROWID;"
  "CREATE INDEX login_attempts_age ON login_attempts (kind, window_start);",
  /* 13: records keyed as on PostgreSQL, (association_id, id), so that store_record's
   * upsert names the same conflict target on both (docs/storage.md). id stays the
   * primary key: an id is unique across associations. */
  "CREATE UNIQUE INDEX records_association_id ON records (association_id, id);",
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VOISINS_SERVER_SCHEMA_VERSION);

/* {{{ helpers */

char *
_voisins_server_sqlite_random_hex (gsize n_bytes)
{
  g_autofree guchar *buf = g_malloc (n_bytes);
  char *hex = g_malloc (n_bytes * 2 + 1);

  randombytes_buf (buf, n_bytes);
  sodium_bin2hex (hex, n_bytes * 2 + 1, buf, n_bytes);
  return hex;
}

/* The pull's kept pages (voisins-server-sqlite-pull-cache.c), per process. */
#define PULL_CACHE_BYTES (32 * 1024 * 1024)

VoisinsDb *
_voisins_server_sqlite_take_reader (VoisinsServerSqlite *self, GError **error)
{
  if (self->readers == NULL)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The database is closed");
      return NULL;
    }
  return voisins_db_pool_take (self->readers, error);
}

void
_voisins_server_sqlite_give_reader (VoisinsServerSqlite *self, VoisinsDb *db)
{
  if (self->readers == NULL)
    voisins_db_close (db);
  else
    voisins_db_pool_give (self->readers, db);
}

/* }}} */
/* {{{ lifecycle */

/* A database written before the SQL layer kept its schema version in PRAGMA
 * user_version: taken over once into voisins_db_migrate ()'s schema_migrations, in one
 * write transaction, so that the migrations it has are not run again. */
static gboolean
import_user_version (VoisinsDb *db, GError **error)
{
  g_autoptr(VoisinsDbStmt) has = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(VoisinsDbStmt) mark = NULL;
  gint64 now = now_s ();
  int version;

  if (!voisins_db_begin (db, VOISINS_DB_WRITE, error))
    return FALSE;
  if (!(has = voisins_db_prepare (db,
                                  "SELECT count(*) FROM sqlite_master"
                                  " WHERE type = 'table' AND name = 'schema_migrations'",
                                  error)) ||
      voisins_db_stmt_step (has, error) != VOISINS_DB_ROW)
    goto fail;
  if (voisins_db_column_int64 (has, 0) > 0)
    return voisins_db_commit (db, error);
  if (!(stmt = voisins_db_prepare (db, "PRAGMA user_version", error)) ||
      voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    goto fail;
  version = (int) voisins_db_column_int64 (stmt, 0);
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "The database was written by a newer voisins-server (schema %d)", version);
      goto fail;
    }
  if (version > 0)
    {
      g_message ("Taking over the database's schema version %d", version);
      if (!voisins_db_exec (db,
                            "CREATE TABLE schema_migrations ("
                            "  version BIGINT PRIMARY KEY,"
                            "  applied_at BIGINT NOT NULL)",
                            error) ||
          !(mark = voisins_db_prepare (db,
                                       "INSERT INTO schema_migrations (version, applied_at)"
                                       " VALUES (?, ?)",
                                       error)))
        goto fail;
      for (int v = 1; v <= version; v++)
        {
          voisins_db_stmt_reset (mark);
          voisins_db_bind_int64 (mark, 1, v);
          voisins_db_bind_int64 (mark, 2, now);
          if (voisins_db_stmt_step (mark, error) != VOISINS_DB_DONE)
            goto fail;
        }
    }
  return voisins_db_commit (db, error);

fail:
  voisins_db_rollback (db);
  return FALSE;
}

gboolean
_voisins_server_sqlite_migrate (VoisinsDb *db, GError **error)
{
  /* The same tables on PostgreSQL, written for it (voisins-db-schema-postgresql.c): a
   * PostgreSQL database never had a user_version to take over. */
  if (voisins_db_get_kind (db) == VOISINS_DB_POSTGRESQL)
    return voisins_db_migrate (db, voisins_db_schema_postgresql,
                               voisins_db_schema_postgresql_version, error);
  return import_user_version (db, error) &&
         voisins_db_migrate (db, migrations, G_N_ELEMENTS (migrations), error);
}

VoisinsServerSqlite *
voisins_server_sqlite_open (const char  *path,
                            int          busy_timeout_ms,
                            GError     **error)
{
  g_autoptr(VoisinsServerSqlite) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* A file is created 0600 before SQLite opens it (SQLite would follow the umask); a
   * PostgreSQL database is the cluster's to keep. */
  if (!voisins_db_uri_is_postgresql (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_CREAT | O_WRONLY, 0600);

      if (fd < 0)
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                       "Cannot create the database: %s", g_strerror (errno));
          return NULL;
        }
      close (fd);
    }

  self = g_object_new (VOISINS_TYPE_SERVER_SQLITE, NULL);
  self->path = g_strdup (path);
  self->busy_timeout_ms = busy_timeout_ms > 0 ? busy_timeout_ms : 5000;
  self->writer = voisins_db_open (path, self->busy_timeout_ms, error);
  if (self->writer == NULL)
    return NULL;
  if (!_voisins_server_sqlite_migrate (self->writer, error))
    return NULL;
  self->readers = voisins_db_pool_new (path, self->busy_timeout_ms, MAX_READERS);

  return g_steal_pointer (&self);
}

void
voisins_server_sqlite_close (VoisinsServerSqlite *self)
{
  g_return_if_fail (VOISINS_IS_SERVER_SQLITE (self));

  g_mutex_lock (&self->writer_lock);
  if (self->writer)
    {
      /* Best effort: the WAL folded into the file, for a copy of it alone. */
      if (voisins_db_get_kind (self->writer) == VOISINS_DB_SQLITE)
        voisins_db_exec (self->writer, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
      voisins_db_close (self->writer);
      self->writer = NULL;
    }
  g_mutex_unlock (&self->writer_lock);

  g_clear_pointer (&self->readers, voisins_db_pool_free);
}

void
voisins_server_sqlite_set_test_busy (VoisinsServerSqlite *self,
                                     int                  n)
{
  g_atomic_int_set (&self->test_busy, n);
}

void
voisins_server_sqlite_set_pull_page_bytes (VoisinsServerSqlite *self,
                                           gsize                bytes)
{
  g_return_if_fail (VOISINS_IS_SERVER_SQLITE (self));
  g_return_if_fail (bytes > 0);

  /* Set before serving, from the config: read by the pull threads afterwards. */
  self->pull_page_bytes = bytes;
}

void
voisins_server_sqlite_set_restore_grace (VoisinsServerSqlite *self,
                                         gint64               seconds)
{
  g_return_if_fail (VOISINS_IS_SERVER_SQLITE (self));
  g_return_if_fail (seconds >= 0);

  self->restore_grace_seconds = seconds;
}

void
voisins_server_sqlite_set_push_quota (VoisinsServerSqlite *self, guint per_minute)
{
  g_return_if_fail (VOISINS_IS_SERVER_SQLITE (self));

  self->push_quota = per_minute;
}

static void
voisins_server_sqlite_finalize (GObject *object)
{
  VoisinsServerSqlite *self = (VoisinsServerSqlite *) object;

  voisins_server_sqlite_close (self);
  _voisins_server_sqlite_pull_cache_free (self->pull_cache);
  g_mutex_clear (&self->writer_lock);
  g_free (self->path);

  G_OBJECT_CLASS (voisins_server_sqlite_parent_class)->finalize (object);
}

static void
voisins_server_sqlite_class_init (VoisinsServerSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = voisins_server_sqlite_finalize;
}

static void
voisins_server_sqlite_init (VoisinsServerSqlite *self)
{
  g_mutex_init (&self->writer_lock);
  self->pull_page_bytes = VOISINS_SERVER_PULL_PAGE_BYTES;
  self->pull_cache = _voisins_server_sqlite_pull_cache_new (PULL_CACHE_BYTES);
  self->restore_grace_seconds = VOISINS_SERVER_RESTORE_GRACE_SECONDS;
}

/* }}} */
/* {{{ association context */

void
_voisins_server_sqlite_assoc_free (Assoc *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->secret);
  g_free (a->epoch);
  g_clear_pointer (&a->boundary, voisins_polygon_unref);
  g_free (a);
}


/* The parsed boundaries, by association: parsing the GeoJSON was half of the time of a member's
 * creation (its approximate position is kept inside the boundary). A boundary is used
 * again while its text is the same. */
typedef struct
{
  char           *geojson;
  VoisinsPolygon *polygon;
} Boundary;

static void
boundary_free (Boundary *b)
{
  g_free (b->geojson);
  g_clear_pointer (&b->polygon, voisins_polygon_unref);
  g_free (b);
}

static GMutex boundaries_lock;
static GHashTable *boundaries;

static VoisinsPolygon *
parsed_boundary (const char *association_id,
                 const char *geojson)
{
  VoisinsPolygon *polygon = NULL;
  Boundary *b;

  g_mutex_lock (&boundaries_lock);
  if (boundaries == NULL)
    boundaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) boundary_free);
  b = g_hash_table_lookup (boundaries, association_id);
  if (b != NULL && g_str_equal (b->geojson, geojson))
    polygon = b->polygon ? voisins_polygon_ref (b->polygon) : NULL;
  g_mutex_unlock (&boundaries_lock);
  if (b != NULL && polygon != NULL)
    return polygon;

  polygon = voisins_polygon_new_from_geojson (geojson, NULL);
  b = g_new0 (Boundary, 1);
  b->geojson = g_strdup (geojson);
  b->polygon = polygon ? voisins_polygon_ref (polygon) : NULL;
  g_mutex_lock (&boundaries_lock);
  g_hash_table_replace (boundaries, g_strdup (association_id), b);
  g_mutex_unlock (&boundaries_lock);
  return polygon;
}

Assoc *
_voisins_server_sqlite_load_assoc (VoisinsDb  *db,
                                   const char *id,
                                   gboolean    with_boundary,
                                   GError    **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  Assoc *a;
  int rc;

  stmt = voisins_db_cached (db,
                            "SELECT secret, epoch, next_seq, min_seq, boundary"
                            " FROM associations WHERE id = ?",
                            error);
  if (stmt == NULL)
    return NULL;
  voisins_db_bind_text (stmt, 1, id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such association");
      return NULL;
    }
  if (rc != VOISINS_DB_ROW)
    {
      return NULL;
    }
  a = g_new0 (Assoc, 1);
  a->id = g_strdup (id);
  a->secret = g_strdup (voisins_db_column_text (stmt, 0));
  a->epoch = g_strdup (voisins_db_column_text (stmt, 1));
  a->next_seq = voisins_db_column_int64 (stmt, 2);
  a->min_seq = voisins_db_column_int64 (stmt, 3);
  if (with_boundary && voisins_db_column_text (stmt, 4))
    a->boundary = parsed_boundary (id, voisins_db_column_text (stmt, 4));
  return a;
}

static gboolean
take_seq_from_row (VoisinsDb *db, const char *association_id, gint64 *seq, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "UPDATE associations SET next_seq = next_seq + 1"
                                  " WHERE id = ? RETURNING next_seq - 1",
                                  error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, association_id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_ROW)
    {
      if (rc == VOISINS_DB_DONE)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
          return FALSE;
        }
      return FALSE;
    }
  *seq = voisins_db_column_int64 (stmt, 0);
  /* To its end: the row is written at the first step. */
  voisins_db_stmt_step (stmt, NULL);
  return TRUE;
}

/* The next server_seq of @association_id: from ctx->seqs when the push keeps them (the
 * row read once), else from the row. */
static gboolean
take_seq (Ctx         *ctx,
          const char  *association_id,
          gint64      *seq,
          GError     **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  gint64 *next;
  int rc;

  if (ctx->seqs == NULL)
    return take_seq_from_row (ctx->db, association_id, seq, error);
  next = g_hash_table_lookup (ctx->seqs, association_id);
  if (next == NULL)
    {
      /* An UPDATE, not a SELECT: it takes the counter row's lock until the push commits.
       * SQLite has one writer anyway; on PostgreSQL another process's push of the same
       * association waits here, then reads the next_seq this one wrote (READ COMMITTED
       * reads the row again after the wait), so that seqs are never handed out twice and
       * commit in their order (DESIGN §4). */
      if (!(stmt = voisins_db_cached (ctx->db,
                                      "UPDATE associations SET next_seq = next_seq"
                                      " WHERE id = ? RETURNING next_seq",
                                      error)))
        return FALSE;
      voisins_db_bind_text (stmt, 1, association_id);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_DONE)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
          return FALSE;
        }
      if (rc != VOISINS_DB_ROW)
        return FALSE;
      next = g_new (gint64, 1);
      *next = voisins_db_column_int64 (stmt, 0);
      /* To its end: RETURNING's statement. */
      voisins_db_stmt_step (stmt, NULL);
      g_hash_table_insert (ctx->seqs, g_strdup (association_id), next);
    }
  *seq = (*next)++;
  return TRUE;
}

/* Writes the seqs ctx->seqs handed out, before the push commits. */
gboolean
_voisins_server_sqlite_write_seqs (Ctx     *ctx,
                                   GError **error)
{
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (ctx->seqs == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, ctx->seqs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(VoisinsDbCachedStmt) stmt = NULL;

      if (!(stmt = voisins_db_cached (ctx->db,
                                      "UPDATE associations SET next_seq = ?"
                                      " WHERE id = ?",
                                      error)))
        return FALSE;
      voisins_db_bind_int64 (stmt, 1, *(gint64 *) value);
      voisins_db_bind_text (stmt, 2, key);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc != VOISINS_DB_DONE)
        return FALSE;
    }
  return TRUE;
}

/* }}} */
/* {{{ records */

void
_voisins_server_sqlite_record_free (Record *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->type);
  g_free (r->association_id);
  g_free (r->recorded_by);
  g_clear_pointer (&r->data, json_object_unref);
  g_clear_pointer (&r->field_versions, json_object_unref);
  g_free (r);
}


/* NULL with no error when absent. */
Record *
_voisins_server_sqlite_load_record (VoisinsDb *db, const char *id, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  Record *r;
  int rc;

  stmt = voisins_db_cached (
      db,
      "SELECT type, association_id, data, field_versions, version, server_seq, deleted,"
      " recorded_by FROM records WHERE id = ?",
      error);
  if (stmt == NULL)
    return NULL;
  voisins_db_bind_text (stmt, 1, id);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    return NULL;
  if (rc != VOISINS_DB_ROW)
    {
      return NULL;
    }
  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup (voisins_db_column_text (stmt, 0));
  r->association_id = g_strdup (voisins_db_column_text (stmt, 1));
  r->data = parse_object (voisins_db_column_text (stmt, 2));
  r->field_versions = parse_object (voisins_db_column_text (stmt, 3));
  r->version = voisins_db_column_int64 (stmt, 4);
  r->server_seq = voisins_db_column_int64 (stmt, 5);
  r->deleted = voisins_db_column_int64 (stmt, 6);
  r->recorded_by = g_strdup (voisins_db_column_text (stmt, 7));
  return r;
}

/* Whether a constraint violation is the JSON check of records (SQLite's trigger names it,
 * PostgreSQL's CHECK is SQLSTATE 23514), not another constraint such as a unique key. */
static gboolean
is_json_check (const GError *error)
{
  return strstr (error->message, "valid JSON") != NULL || strstr (error->message, "23514") != NULL;
}

/* Takes a new server_seq, stamps version/server_seq/deleted into the data and writes. */
gboolean
_voisins_server_sqlite_store_record (Ctx         *ctx,
                                     Record      *r,
                                     gint64       deleted_at,
                                     GError     **error)
{
  VoisinsDb *db = ctx->db;
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  g_autofree char *data = NULL;
  g_autofree char *fv = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  if (!take_seq (ctx, r->association_id, &r->server_seq, error))
    return FALSE;

  json_object_set_int_member (r->data, "version", r->version);
  json_object_set_int_member (r->data, "server_seq", r->server_seq);
  if (r->deleted)
    json_object_set_boolean_member (r->data, "deleted", TRUE);

  data = object_to_string (r->data);
  fv = object_to_string (r->field_versions);

  /* The recorder is set once, by the row's first write. */
  stmt = voisins_db_cached (
      db,
      "INSERT INTO records (id, type, association_id, data, field_versions, version, server_seq,"
      " deleted, deleted_at, recorded_by, changed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
      " ON CONFLICT (association_id, id) DO UPDATE SET data = ?4, field_versions = ?5,"
      " version = ?6, server_seq = ?7, deleted = ?8, deleted_at = ?9,"
      " recorded_by = coalesce (records.recorded_by, ?10), changed_at = ?11",
      error);
  if (stmt == NULL)
    return FALSE;
  voisins_db_bind_text (stmt, 1, r->id);
  voisins_db_bind_text (stmt, 2, r->type);
  voisins_db_bind_text (stmt, 3, r->association_id);
  voisins_db_bind_text (stmt, 4, data);
  voisins_db_bind_text (stmt, 5, fv);
  voisins_db_bind_int64 (stmt, 6, r->version);
  voisins_db_bind_int64 (stmt, 7, r->server_seq);
  voisins_db_bind_int64 (stmt, 8, r->deleted);
  if (r->deleted)
    voisins_db_bind_int64 (stmt, 9, deleted_at);
  voisins_db_bind_text (stmt, 10, r->recorded_by);
  voisins_db_bind_int64 (stmt, 11, now_s ());
  rc = voisins_db_stmt_step (stmt, &local_error);
  if (g_error_matches (local_error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT) &&
      is_json_check (local_error))
    {
      /* The schema 2 triggers: what json-glib wrote is not JSON (it once wrote 1e+22.0).
       * A fault of this record, not of the database: the push rejects the mutation. */
      g_warning ("Refused to store a %s that is not valid JSON", r->type);
      g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "The record cannot be stored: its JSON would not be valid");
      return FALSE;
    }
  if (rc != VOISINS_DB_DONE)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* }}} */
/* {{{ the storage interface */

static void
storage_iface_init (VoisinsServerStorageInterface *iface)
{
  iface->check_health = _voisins_server_sqlite_check_health;
  iface->get_credentials = _voisins_server_sqlite_get_credentials;
  iface->add_token = _voisins_server_sqlite_add_token;
  iface->authenticate = _voisins_server_sqlite_authenticate;
  iface->revoke_token = _voisins_server_sqlite_revoke_token;
  iface->revoke_all = _voisins_server_sqlite_revoke_all;
  iface->set_feed_secret = _voisins_server_sqlite_set_feed_secret;
  iface->authenticate_feed = _voisins_server_sqlite_authenticate_feed;
  iface->push = _voisins_server_sqlite_push;
  iface->pull = _voisins_server_sqlite_pull;
  iface->list = _voisins_server_sqlite_list;
  iface->describe_association = _voisins_server_sqlite_describe_association;
  iface->list_addresses = _voisins_server_sqlite_list_addresses;
  iface->set_association_details = _voisins_server_sqlite_set_association_details;
  iface->purge = _voisins_server_sqlite_purge;
  iface->count_attempt = _voisins_server_sqlite_count_attempt;
  iface->clear_attempts = _voisins_server_sqlite_clear_attempts;
  iface->members = _voisins_server_sqlite_members;
  iface->import_members = _voisins_server_sqlite_import_members;
  iface->export_members = _voisins_server_sqlite_export_members;
}

/* }}} */
