/* voisins-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"


G_DEFINE_QUARK (voisins-store-error-quark, voisins_store_error)

/* 'VOIS': marks our files, so we never adopt somebody else's database. */
#define VOISINS_APPLICATION_ID 0x564f4953


G_DEFINE_FINAL_TYPE (VoisinsStore, voisins_store, G_TYPE_OBJECT)

enum {
  POSTS_CHANGED,
  NOTICES_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Each entry moves the schema from version i to i + 1. Never edit a shipped entry:
 * add a new one. */
static const char *migrations[] = {
  /* 1: the base tables */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE associations ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  quartier TEXT,"
  "  phone TEXT,"
  "  boundary TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE members ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  association_id TEXT NOT NULL,"
  "  first_name TEXT NOT NULL DEFAULT '',"
  "  last_name TEXT NOT NULL DEFAULT '',"
  "  address TEXT,"
  "  postcode TEXT,"
  "  city TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  lat REAL NOT NULL DEFAULT 0,"
  "  lon REAL NOT NULL DEFAULT 0,"
  "  approx_lat REAL NOT NULL DEFAULT 0,"
  "  approx_lon REAL NOT NULL DEFAULT 0,"
  "  verification TEXT NOT NULL DEFAULT 'unverified',"
  "  verified_how TEXT,"
  "  verified_by TEXT,"
  "  verified_at INTEGER NOT NULL DEFAULT 0,"
  "  consent_at INTEGER NOT NULL DEFAULT 0,"
  "  consent_by TEXT,"
  "  consent_scope TEXT,"
  "  languages TEXT,"
  "  needs TEXT,"
  "  search_key TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX members_by_name ON members (association_id, last_name, first_name);"
  "CREATE TABLE posts ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  association_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('request', 'offer')),"
  "  category TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('open', 'matched', 'done', 'cancelled', 'expired')),"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  author_id TEXT,"
  "  lat REAL NOT NULL DEFAULT 0,"
  "  lon REAL NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  starts_at INTEGER NOT NULL DEFAULT 0,"
  "  ends_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX posts_by_status ON posts (status, created_at);"
  "CREATE INDEX posts_by_date ON posts (created_at);"
  "CREATE INDEX posts_by_author ON posts (author_id);"
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name TEXT NOT NULL,"
  "  args TEXT NOT NULL,"
  "  schema INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_state ("
  "  association_id TEXT PRIMARY KEY,"
  "  cursor TEXT,"
  "  last_mutation_seq INTEGER NOT NULL DEFAULT 0"
  ");",

  /* 2: full-text search (accents ignored) and the spatial index */
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  title, body, content='posts', content_rowid='rowid',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO posts_fts (rowid, title, body) SELECT rowid, title, body FROM posts;"
  "CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN"
  "  INSERT INTO posts_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);"
  "END;"
  "CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, title, body)"
  "    VALUES ('delete', old.rowid, old.title, old.body);"
  "END;"
  "CREATE TRIGGER posts_fts_au AFTER UPDATE OF title, body ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, title, body)"
  "    VALUES ('delete', old.rowid, old.title, old.body);"
  "  INSERT INTO posts_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);"
  "END;"
  "CREATE VIRTUAL TABLE posts_rtree USING rtree (id, min_lat, max_lat, min_lon, max_lon);"
  "INSERT INTO posts_rtree SELECT rowid, lat, lat, lon, lon FROM posts;"
  "CREATE TRIGGER posts_rtree_ai AFTER INSERT ON posts BEGIN"
  "  INSERT INTO posts_rtree VALUES (new.rowid, new.lat, new.lat, new.lon, new.lon);"
  "END;"
  "CREATE TRIGGER posts_rtree_ad AFTER DELETE ON posts BEGIN"
  "  DELETE FROM posts_rtree WHERE id = old.rowid;"
  "END;"
  "CREATE TRIGGER posts_rtree_au AFTER UPDATE OF lat, lon ON posts BEGIN"
  "  UPDATE posts_rtree SET min_lat = new.lat, max_lat = new.lat,"
  "    min_lon = new.lon, max_lon = new.lon WHERE id = new.rowid;"
  "END;",

  /* 3: the holiday table */
  "CREATE TABLE holiday_hosts ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  slots INTEGER NOT NULL DEFAULT 0,"
  "  seats INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),"
  "  step_free INTEGER NOT NULL DEFAULT 0,"
  "  pets INTEGER NOT NULL DEFAULT 0,"
  "  diets INTEGER NOT NULL DEFAULT 0,"
  "  languages TEXT,"
  "  alcohol_free INTEGER NOT NULL DEFAULT 0,"
  "  children INTEGER NOT NULL DEFAULT 0,"
  "  can_fetch INTEGER NOT NULL DEFAULT 0,"
  "  notes TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE holiday_guests ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  slots INTEGER NOT NULL DEFAULT 0,"
  "  no_stairs INTEGER NOT NULL DEFAULT 0,"
  "  diets INTEGER NOT NULL DEFAULT 0,"
  "  languages TEXT,"
  "  pet_allergy INTEGER NOT NULL DEFAULT 0,"
  "  needs_fetch INTEGER NOT NULL DEFAULT 0,"
  "  wants_quiet INTEGER NOT NULL DEFAULT 0,"
  "  notes TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE holiday_matches ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  host_id TEXT NOT NULL,"
  "  guest_id TEXT NOT NULL,"
  "  slot INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN"
  "    ('proposed', 'host-called', 'guest-called', 'confirmed', 'done', 'declined')),"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX holiday_matches_by_guest ON holiday_matches (guest_id);",

  /* 4: sync bookkeeping. A shadow is the server's copy of a row that has local edits
   * waiting (data NULL: the server has no such row yet), so that the row can be rebuilt
   * as "server + what is still pending" when the server answers. */
  "ALTER TABLE outbox ADD COLUMN entity TEXT NOT NULL DEFAULT 'post';"
  "ALTER TABLE outbox ADD COLUMN entity_id TEXT;"
  "UPDATE outbox SET entity_id = json_extract (args, '$.id');"
  "ALTER TABLE outbox ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX outbox_by_entity ON outbox (entity_id);"
  "CREATE TABLE shadows ("
  "  id TEXT PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  data TEXT"
  ");"
  "CREATE TABLE sync_notices ("
  "  rowid INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),"
  "  mutation_seq INTEGER NOT NULL,"
  "  entity TEXT,"
  "  entity_id TEXT,"
  "  title TEXT,"
  "  field TEXT,"
  "  yours TEXT,"
  "  theirs TEXT,"
  "  code TEXT,"
  "  message TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  resolved INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (mutation_seq, field)"
  ");",

  /* 5: who saw a holiday host's or guest's full address, when, for which match */
  "CREATE TABLE holiday_reveals ("
  "  rowid INTEGER PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  match_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  viewer TEXT,"
  "  revealed_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX holiday_matches_by_host ON holiday_matches (host_id, slot);",

  /* 6: the list's queries answered from an index alone: checking "deleted" in the table
   * cost one random row read per post (62,000 for the open posts of a 100,000-post file). */
  "DROP INDEX IF EXISTS posts_by_status;"
  "DROP INDEX IF EXISTS posts_by_date;"
  "CREATE INDEX posts_live_by_status ON posts (status, created_at, kind, category)"
  "  WHERE deleted = 0;"
  "CREATE INDEX posts_live_by_date ON posts (created_at, status, kind, category)"
  "  WHERE deleted = 0;",

  /* 7: the search index and the spatial index are brought up to date once per
   * transaction (see index_changed_posts), not by a trigger per row: a row trigger into
   * FTS5 made it flush a segment for every row, 5 s of a 100,000-post first sync. The
   * search index keeps its own copy of the text, so a row leaves it by rowid alone. */
  "DROP TRIGGER IF EXISTS posts_fts_ai;"
  "DROP TRIGGER IF EXISTS posts_fts_ad;"
  "DROP TRIGGER IF EXISTS posts_fts_au;"
  "DROP TRIGGER IF EXISTS posts_rtree_ai;"
  "DROP TRIGGER IF EXISTS posts_rtree_ad;"
  "DROP TRIGGER IF EXISTS posts_rtree_au;"
  "DROP TABLE IF EXISTS posts_fts;"
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  title, body, tokenize='unicode61 remove_diacritics 2', detail=none"
  ");"
  "INSERT INTO posts_fts (rowid, title, body) SELECT rowid, title, body FROM posts"
  "  WHERE deleted = 0;",

  /* 8: a volunteer's copy of a guest before following one of their matches: no member
   * (member_id ''), the street without number and the approximate position; and the
   * phone the server sends the follower of a match (see voisins_store_get_holiday_contact). */
  "ALTER TABLE holiday_guests ADD COLUMN street TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN approx_lat REAL;"
  "ALTER TABLE holiday_guests ADD COLUMN approx_lon REAL;"
  "ALTER TABLE holiday_guests ADD COLUMN phone TEXT;"
  "ALTER TABLE holiday_hosts ADD COLUMN phone TEXT;",

  /* 9: how a holiday meal went, said by the volunteer afterwards */
  "ALTER TABLE holiday_matches ADD COLUMN feedback TEXT;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VOISINS_STORE_SCHEMA_VERSION);


gboolean
_voisins_store_set_error (VoisinsStore  *self,
                  GError       **error,
                  int            rc,
                  const char    *what)
{
  int code = VOISINS_STORE_ERROR_FAILED;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = VOISINS_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
      code = VOISINS_STORE_ERROR_ACCESS;
      break;
    case SQLITE_FULL:
      code = VOISINS_STORE_ERROR_FULL;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = VOISINS_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      code = VOISINS_STORE_ERROR_INVALID;
      break;
    default:
      break;
    }

  g_debug ("%s failed: %s (%d)", what, detail, rc);

  switch (code)
    {
    case VOISINS_STORE_ERROR_CORRUPT:
      g_set_error (error, VOISINS_STORE_ERROR, code,
                   _("The local data file is damaged or is not a Voisins file: %s"), detail);
      break;
    case VOISINS_STORE_ERROR_FULL:
      g_set_error (error, VOISINS_STORE_ERROR, code,
                   _("The disk is full: nothing was saved. Free some space and try again."));
      break;
    case VOISINS_STORE_ERROR_ACCESS:
      g_set_error (error, VOISINS_STORE_ERROR, code,
                   _("Cannot read or write the local data file: %s"), detail);
      break;
    default:
      g_set_error (error, VOISINS_STORE_ERROR, code,
                   _("The local data could not be read or saved: %s"), detail);
      break;
    }

  return FALSE;
}

sqlite3_stmt *
_voisins_store_stmt (VoisinsStore  *self,
          const char    *sql,
          GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _voisins_store_set_error (self, error, rc, "prepare");
      return NULL;
    }

  /* Keyed by the literal's address: callers pass string constants. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_voisins_store_exec (VoisinsStore  *self,
      const char    *sql,
      GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _voisins_store_set_error (self, error, rc, "exec");

  return TRUE;
}

gboolean
_voisins_store_step (VoisinsStore  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _voisins_store_set_error (self, error, rc, "write");

  return TRUE;
}

void
_voisins_store_bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

const char *
_voisins_store_column_text (sqlite3_stmt *stmt,
             int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

static void
voisins_store_finalize (GObject *object)
{
  VoisinsStore *self = (VoisinsStore *) object;

  voisins_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (voisins_store_parent_class)->finalize (object);
}

static void
voisins_store_class_init (VoisinsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = voisins_store_finalize;

  /**
   * VoisinsStore::posts-changed:
   * @id: (nullable): the post that changed, or %NULL when many did
   *
   * Emitted on the main context the store was opened from, after a write.
   */
  signals [POSTS_CHANGED] =
    g_signal_new ("posts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VoisinsStore::notices-changed:
   *
   * Emitted on the caller's thread after a conflict or a refusal was resolved.
   */
  signals [NOTICES_CHANGED] =
    g_signal_new ("notices-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

void
voisins_store_emit_notices_changed (VoisinsStore *self)
{
  g_return_if_fail (VOISINS_IS_STORE (self));

  g_signal_emit (self, signals [NOTICES_CHANGED], 0);
}

static void
voisins_store_init (VoisinsStore *self)
{
  g_rec_mutex_init (&self->mutex);
  self->statements = g_hash_table_new_full (NULL, NULL, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

typedef struct
{
  VoisinsStore *store;
  char         *id;
} ChangedData;

static gboolean
emit_posts_changed_cb (gpointer user_data)
{
  ChangedData *data = user_data;

  g_signal_emit (data->store, signals [POSTS_CHANGED], 0, data->id);
  g_object_unref (data->store);
  g_free (data->id);
  g_free (data);

  return G_SOURCE_REMOVE;
}

void
_voisins_store_posts_changed (VoisinsStore *self,
               const char   *id)
{
  ChangedData *data = g_new0 (ChangedData, 1);

  data->store = g_object_ref (self);
  data->id = g_strdup (id);
  g_main_context_invoke (self->context, emit_posts_changed_cb, data);
}

void
voisins_store_close (VoisinsStore *self)
{
  g_return_if_fail (VOISINS_IS_STORE (self));

  g_rec_mutex_lock (&self->mutex);
  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      /* Keeps the planner's statistics fresh, cheaply (SQLite's advice for long-lived
       * connections). */
      sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close (self->db);
      self->db = NULL;
    }
  g_rec_mutex_unlock (&self->mutex);
}

static int
read_int_pragma (VoisinsStore *self,
                 const char   *sql,
                 int          *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      return SQLITE_OK;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
check_and_migrate (VoisinsStore  *self,
                   int            target,
                   GError       **error)
{
  int version = 0, app_id = 0, n_tables = 0, rc;

  /* The first real read: a file that is not SQLite fails here with NOTADB. */
  if ((rc = read_int_pragma (self, "SELECT count(*) FROM sqlite_master", &n_tables)) ||
      (rc = read_int_pragma (self, "PRAGMA user_version", &version)) ||
      (rc = read_int_pragma (self, "PRAGMA application_id", &app_id)))
    return _voisins_store_set_error (self, error, rc, "read");

  if ((app_id != 0 && app_id != VOISINS_APPLICATION_ID) ||
      (app_id == 0 && n_tables > 0))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_CORRUPT,
                   _("“%s” is a database, but not a Voisins one: it was left untouched."),
                   self->path);
      return FALSE;
    }

  if (version > VOISINS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_TOO_NEW,
                   _("This data was written by a newer version of Voisins (format %d). "
                     "Update Voisins to open it."), version);
      return FALSE;
    }

  if (!_voisins_store_exec (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  while (version < target)
    {
      g_autofree char *bump = NULL;

      g_debug ("Migrating %s from version %d", self->path, version);

      if (!_voisins_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                              version + 1, VOISINS_APPLICATION_ID);
      if (!_voisins_store_exec (self, migrations[version], error) || !_voisins_store_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (version == 0)
        {
          g_autofree char *client_id = voisins_uuid_new ();
          sqlite3_stmt *stmt;

          stmt = _voisins_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('client_id', ?)", error);
          if (stmt == NULL)
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return FALSE;
            }
          _voisins_store_bind_text (stmt, 1, client_id);
          if (!_voisins_store_step (self, stmt, error))
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return FALSE;
            }
        }

      if (!_voisins_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      version++;
    }

  self->schema_version = version;
  return TRUE;
}

static gboolean
prepare_file (const char  *path,
              gboolean    *created,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_ACCESS,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (g_stat (path, &st) == 0)
    {
      *created = FALSE;

      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_ACCESS,
                       _("“%s” is not a file."), path);
          return FALSE;
        }

      /* Neighbours' personal data: readable by this user only. */
      if ((st.st_mode & 077) != 0)
        g_chmod (path, 0600);

      return TRUE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_ACCESS,
                   _("Cannot create “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  *created = TRUE;

  return TRUE;
}

static VoisinsStore *
open_internal (const char  *path,
               int          target,
               GError     **error)
{
  g_autoptr(VoisinsStore) self = NULL;
  gboolean created = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!prepare_file (path, &created, error))
    return NULL;

  self = g_object_new (VOISINS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->context = g_main_context_ref_thread_default ();

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _voisins_store_set_error (self, error, rc, "open");
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!check_and_migrate (self, target, error))
    {
      /* An empty file we just made is ours to remove; anything else stays as it was. */
      voisins_store_close (self);
      if (created)
        g_unlink (path);
      return NULL;
    }

  /* A 32 MiB page cache (an upper bound, not an allocation): with the default 2 MiB, a
   * 100,000-post file with its search index re-reads and re-writes the same pages during
   * a sync or a long list query. */
  if (!_voisins_store_exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                                  "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;"
                                  /* Checkpoint every 32 MiB of log rather than 4: a first
                                   * sync writes the same index pages page after page. */
                                  "PRAGMA wal_autocheckpoint = 8192;",
                            error))
    return NULL;

  /* Rows changed in this connection's transaction, for index_changed_posts. Temporary:
   * nothing of it is ever written to the file. */
  if (self->schema_version >= 7 &&
      !_voisins_store_exec (self,
                            "CREATE TEMP TABLE IF NOT EXISTS changed_posts (id INTEGER PRIMARY KEY);"
                            /* Not INSERT OR IGNORE: an upsert's own conflict clause
                             * would override it inside the trigger. */
                            "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_ai AFTER INSERT ON main.posts"
                            " BEGIN INSERT INTO changed_posts SELECT new.rowid WHERE NOT EXISTS"
                            "  (SELECT 1 FROM changed_posts WHERE id = new.rowid); END;"
                            "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_au"
                            " AFTER UPDATE OF title, body, lat, lon, deleted ON main.posts"
                            " BEGIN INSERT INTO changed_posts SELECT new.rowid WHERE NOT EXISTS"
                            "  (SELECT 1 FROM changed_posts WHERE id = new.rowid); END;"
                            "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_ad AFTER DELETE ON main.posts"
                            " BEGIN INSERT INTO changed_posts SELECT old.rowid WHERE NOT EXISTS"
                            "  (SELECT 1 FROM changed_posts WHERE id = old.rowid); END;",
                            error))
    return NULL;

  stmt = _voisins_store_stmt (self, "SELECT value FROM meta WHERE key = 'client_id'", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->client_id = column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return g_steal_pointer (&self);
}

VoisinsStore *
voisins_store_open (const char  *path,
                    GError     **error)
{
  return open_internal (path, VOISINS_STORE_SCHEMA_VERSION, error);
}

VoisinsStore *
voisins_store_open_at_version (const char  *path,
                               int          version,
                               GError     **error)
{
  g_return_val_if_fail (version >= 1 && version <= VOISINS_STORE_SCHEMA_VERSION, NULL);

  return open_internal (path, version, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  VoisinsStore *store;

  store = voisins_store_open (task_data, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
voisins_store_open_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

VoisinsStore *
voisins_store_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  VoisinsStore *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store != NULL)
    {
      /* Signals go to the caller's context, not the worker's. */
      g_clear_pointer (&store->context, g_main_context_unref);
      store->context = g_main_context_ref_thread_default ();
    }

  return store;
}

const char *
voisins_store_get_path (VoisinsStore *self)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  return self->path;
}

int
voisins_store_get_schema_version (VoisinsStore *self)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return self->schema_version;
}

const char *
voisins_store_get_client_id (VoisinsStore *self)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  return self->client_id;
}

gboolean
_voisins_store_check_open (VoisinsStore  *self,
            GError       **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_FAILED,
                   _("The local data file is closed"));
      return FALSE;
    }
  return TRUE;
}

/* Brings the search and spatial indexes up to date with the posts this transaction
 * changed: four statements per transaction, whatever the number of rows. */
static gboolean
index_changed_posts (VoisinsStore  *self,
                     GError       **error)
{
  static const char *sql[] = {
    "DELETE FROM posts_fts WHERE rowid IN (SELECT id FROM temp.changed_posts)",
    "INSERT INTO posts_fts (rowid, title, body) SELECT p.rowid, p.title, p.body"
    " FROM temp.changed_posts c JOIN posts p ON p.rowid = c.id WHERE p.deleted = 0",
    "DELETE FROM posts_rtree WHERE id IN (SELECT id FROM temp.changed_posts)",
    "INSERT INTO posts_rtree SELECT p.rowid, p.lat, p.lat, p.lon, p.lon"
    " FROM temp.changed_posts c JOIN posts p ON p.rowid = c.id WHERE p.deleted = 0",
    "DELETE FROM temp.changed_posts",
  };
  sqlite3_stmt *stmt;
  gboolean any;

  if (self->schema_version < 7)
    return TRUE;

  stmt = _voisins_store_stmt (self, "SELECT EXISTS (SELECT 1 FROM temp.changed_posts)", error);
  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (!any)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      stmt = _voisins_store_stmt (self, sql[i], error);
      if (stmt == NULL || !_voisins_store_step (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
voisins_store_transaction (VoisinsStore         *self,
                           VoisinsStoreTxnFunc   func,
                           gpointer              user_data,
                           GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  /* A nested call joins the outer transaction: its failure fails the whole, since
   * every caller propagates it (and bulk imports avoid a savepoint per row). */
  if (self->txn_depth > 0)
    {
      self->txn_depth++;
      ok = func (self, user_data, error);
      self->txn_depth--;
      g_rec_mutex_unlock (&self->mutex);
      return ok;
    }

  if (!_voisins_store_exec (self, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  self->txn_depth++;
  ok = func (self, user_data, error);
  self->txn_depth--;

  if (ok)
    ok = index_changed_posts (self, error);
  if (ok)
    ok = _voisins_store_exec (self, "COMMIT", error);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

/* Associations */

typedef struct
{
  gconstpointer object;
  gconstpointer extra;
} TxnArgs;

static gboolean
put_association_txn (VoisinsStore  *self,
                     gpointer       user_data,
                     GError       **error)
{
  VoisinsAssociation *association = user_data;
  VoisinsPolygon *boundary = voisins_association_get_boundary (association);
  g_autofree char *geojson = boundary ? voisins_polygon_to_geojson (boundary) : NULL;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "INSERT INTO associations (id, name, quartier, phone, boundary)"
                   " VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                   "  quartier = excluded.quartier, phone = excluded.phone,"
                   "  boundary = excluded.boundary",
                   error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, voisins_association_get_id (association));
  _voisins_store_bind_text (stmt, 2, voisins_association_get_name (association));
  _voisins_store_bind_text (stmt, 3, voisins_association_get_quartier (association));
  _voisins_store_bind_text (stmt, 4, voisins_association_get_phone (association));
  _voisins_store_bind_text (stmt, 5, geojson);

  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_put_association (VoisinsStore        *self,
                               VoisinsAssociation  *association,
                               GError             **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (association), FALSE);

  return voisins_store_transaction (self, put_association_txn, association, error);
}

static VoisinsAssociation *
association_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(VoisinsPolygon) boundary = NULL;
  const char *geojson = _voisins_store_column_text (stmt, 4);
  VoisinsAssociation *association;

  if (geojson != NULL)
    boundary = voisins_polygon_new_from_geojson (geojson, NULL);

  association = voisins_association_new (_voisins_store_column_text (stmt, 0), _voisins_store_column_text (stmt, 1), boundary);
  voisins_association_set_quartier (association, _voisins_store_column_text (stmt, 2));
  voisins_association_set_phone (association, _voisins_store_column_text (stmt, 3));

  return association;
}

GPtrArray *
voisins_store_list_associations (VoisinsStore  *self,
                                 GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self, "SELECT id, name, quartier, phone, boundary FROM associations"
                               " ORDER BY name", error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, association_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "read");
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&result);
}

VoisinsAssociation *
voisins_store_get_association (VoisinsStore  *self,
                               const char    *id,
                               GError       **error)
{
  VoisinsAssociation *association = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT id, name, quartier, phone, boundary FROM associations"
                              " WHERE id = ?", error)))
    {
      _voisins_store_bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        association = association_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("No such association"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return association;
}

/* Members */

gboolean
_voisins_store_write_member (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  VoisinsMember *m = user_data;
  g_autofree char *key_src = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  key_src = g_strjoin (" ",
                       voisins_member_get_first_name (m) ? voisins_member_get_first_name (m) : "",
                       voisins_member_get_last_name (m) ? voisins_member_get_last_name (m) : "",
                       voisins_member_get_address (m) ? voisins_member_get_address (m) : "",
                       NULL);
  key = voisins_text_fold (key_src);

  stmt = _voisins_store_stmt (self,
                   "INSERT INTO members (id, association_id, first_name, last_name, address,"
                   " postcode, city, phone, email, lat, lon, approx_lat, approx_lon,"
                   " verification, verified_how, verified_by, verified_at, consent_at,"
                   " consent_by, consent_scope, languages, needs, created_at, updated_at,"
                   " version, server_seq, deleted, search_key)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   "  ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)"
                   " ON CONFLICT (id) DO UPDATE SET association_id = ?2, first_name = ?3,"
                   "  last_name = ?4, address = ?5, postcode = ?6, city = ?7, phone = ?8,"
                   "  email = ?9, lat = ?10, lon = ?11, approx_lat = ?12, approx_lon = ?13,"
                   "  verification = ?14, verified_how = ?15, verified_by = ?16,"
                   "  verified_at = ?17, consent_at = ?18, consent_by = ?19,"
                   "  consent_scope = ?20, languages = ?21, needs = ?22, created_at = ?23,"
                   "  updated_at = ?24, version = ?25, server_seq = ?26, deleted = ?27,"
                   "  search_key = ?28",
                   error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, voisins_member_get_id (m));
  _voisins_store_bind_text (stmt, 2, voisins_member_get_association_id (m));
  _voisins_store_bind_text (stmt, 3, voisins_member_get_first_name (m) ? voisins_member_get_first_name (m) : "");
  _voisins_store_bind_text (stmt, 4, voisins_member_get_last_name (m) ? voisins_member_get_last_name (m) : "");
  _voisins_store_bind_text (stmt, 5, voisins_member_get_address (m));
  _voisins_store_bind_text (stmt, 6, voisins_member_get_postcode (m));
  _voisins_store_bind_text (stmt, 7, voisins_member_get_city (m));
  _voisins_store_bind_text (stmt, 8, voisins_member_get_phone (m));
  _voisins_store_bind_text (stmt, 9, voisins_member_get_email (m));
  sqlite3_bind_double (stmt, 10, voisins_member_get_latitude (m));
  sqlite3_bind_double (stmt, 11, voisins_member_get_longitude (m));
  sqlite3_bind_double (stmt, 12, voisins_member_get_approx_latitude (m));
  sqlite3_bind_double (stmt, 13, voisins_member_get_approx_longitude (m));
  _voisins_store_bind_text (stmt, 14, voisins_verification_to_string (voisins_member_get_verification (m)));
  _voisins_store_bind_text (stmt, 15, voisins_member_get_verified_how (m));
  _voisins_store_bind_text (stmt, 16, voisins_member_get_verified_by (m));
  sqlite3_bind_int64 (stmt, 17, voisins_member_get_verified_at (m));
  sqlite3_bind_int64 (stmt, 18, voisins_member_get_consent_at (m));
  _voisins_store_bind_text (stmt, 19, voisins_member_get_consent_by (m));
  _voisins_store_bind_text (stmt, 20, voisins_member_get_consent_scope (m));
  _voisins_store_bind_text (stmt, 21, voisins_member_get_languages (m));
  _voisins_store_bind_text (stmt, 22, voisins_member_get_needs (m));
  sqlite3_bind_int64 (stmt, 23, voisins_member_get_created_at (m));
  sqlite3_bind_int64 (stmt, 24, voisins_member_get_updated_at (m));
  sqlite3_bind_int64 (stmt, 25, voisins_member_get_version (m));
  sqlite3_bind_int64 (stmt, 26, voisins_member_get_server_seq (m));
  sqlite3_bind_int (stmt, 27, voisins_member_get_deleted (m));
  _voisins_store_bind_text (stmt, 28, key);

  return _voisins_store_step (self, stmt, error);
}

gboolean
voisins_store_put_member (VoisinsStore   *self,
                          VoisinsMember  *member,
                          GError        **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_MEMBER (member), FALSE);

  if (!voisins_uuid_is_valid (voisins_member_get_id (member)) ||
      voisins_member_get_association_id (member) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A member needs an id and an association"));
      return FALSE;
    }

  return voisins_store_transaction (self, _voisins_store_write_member, member, error);
}

VoisinsMember *
_voisins_store_member_from_row (sqlite3_stmt *stmt)
{
  VoisinsMember *m = voisins_member_new ();
  VoisinsVerification v = VOISINS_VERIFICATION_UNVERIFIED;

  voisins_member_set_id (m, _voisins_store_column_text (stmt, 0));
  voisins_member_set_association_id (m, _voisins_store_column_text (stmt, 1));
  voisins_member_set_first_name (m, _voisins_store_column_text (stmt, 2));
  voisins_member_set_last_name (m, _voisins_store_column_text (stmt, 3));
  voisins_member_set_address (m, _voisins_store_column_text (stmt, 4));
  voisins_member_set_postcode (m, _voisins_store_column_text (stmt, 5));
  voisins_member_set_city (m, _voisins_store_column_text (stmt, 6));
  voisins_member_set_phone (m, _voisins_store_column_text (stmt, 7));
  voisins_member_set_email (m, _voisins_store_column_text (stmt, 8));
  voisins_member_set_latitude (m, sqlite3_column_double (stmt, 9));
  voisins_member_set_longitude (m, sqlite3_column_double (stmt, 10));
  voisins_member_set_approx_latitude (m, sqlite3_column_double (stmt, 11));
  voisins_member_set_approx_longitude (m, sqlite3_column_double (stmt, 12));
  voisins_verification_from_string (_voisins_store_column_text (stmt, 13), &v);
  voisins_member_set_verification (m, v);
  voisins_member_set_verified_how (m, _voisins_store_column_text (stmt, 14));
  voisins_member_set_verified_by (m, _voisins_store_column_text (stmt, 15));
  voisins_member_set_verified_at (m, sqlite3_column_int64 (stmt, 16));
  voisins_member_set_consent_at (m, sqlite3_column_int64 (stmt, 17));
  voisins_member_set_consent_by (m, _voisins_store_column_text (stmt, 18));
  voisins_member_set_consent_scope (m, _voisins_store_column_text (stmt, 19));
  voisins_member_set_languages (m, _voisins_store_column_text (stmt, 20));
  voisins_member_set_needs (m, _voisins_store_column_text (stmt, 21));
  voisins_member_set_created_at (m, sqlite3_column_int64 (stmt, 22));
  voisins_member_set_updated_at (m, sqlite3_column_int64 (stmt, 23));
  voisins_member_set_version (m, sqlite3_column_int64 (stmt, 24));
  voisins_member_set_server_seq (m, sqlite3_column_int64 (stmt, 25));
  voisins_member_set_deleted (m, sqlite3_column_int (stmt, 26));

  return m;
}

VoisinsMember *
voisins_store_get_member (VoisinsStore  *self,
                          const char    *id,
                          GError       **error)
{
  VoisinsMember *member = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT " MEMBER_COLUMNS "WHERE id = ? AND deleted = 0", error)))
    {
      _voisins_store_bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        member = _voisins_store_member_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("This neighbour is no longer in the list"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return member;
}

/* Turns what a person typed into a LIKE pattern over folded text, with the LIKE
 * wildcards escaped. */
static char *
like_pattern (const char *search)
{
  g_autofree char *folded = voisins_text_fold (search);
  g_autofree char *stripped = g_strstrip (g_strdup (folded));
  GString *out = g_string_new ("%");

  for (const char *p = stripped; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');

  return g_string_free (out, FALSE);
}

GPtrArray *
voisins_store_list_members (VoisinsStore  *self,
                            const char    *association_id,
                            const char    *search,
                            GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  pattern = like_pattern (search ? search : "");

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self,
                         "SELECT " MEMBER_COLUMNS
                         "WHERE deleted = 0 AND (?1 IS NULL OR association_id = ?1)"
                         " AND search_key LIKE ?2 ESCAPE '\\'"
                         " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE",
                         error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  _voisins_store_bind_text (stmt, 1, association_id);
  _voisins_store_bind_text (stmt, 2, pattern);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, _voisins_store_member_from_row (stmt));
  sqlite3_reset (stmt);

  g_rec_mutex_unlock (&self->mutex);

  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "read");
      return NULL;
    }

  return g_steal_pointer (&result);
}

guint
voisins_store_count_members (VoisinsStore  *self,
                             const char    *association_id,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, error) &&
      (stmt = _voisins_store_stmt (self, "SELECT count(*) FROM members WHERE deleted = 0"
                              " AND (?1 IS NULL OR association_id = ?1)", error)))
    {
      _voisins_store_bind_text (stmt, 1, association_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return count;
}

/* Posts */

VoisinsPost *
_voisins_store_post_from_row (sqlite3_stmt *stmt)
{
  VoisinsPost *post = voisins_post_new ();
  VoisinsPostKind kind = VOISINS_POST_KIND_REQUEST;
  VoisinsCategory category = VOISINS_CATEGORY_SERVICE;
  VoisinsPostStatus status = VOISINS_POST_STATUS_OPEN;
  const char *first = _voisins_store_column_text (stmt, 9);
  const char *last = _voisins_store_column_text (stmt, 10);

  voisins_post_set_id (post, _voisins_store_column_text (stmt, 1));
  voisins_post_set_association_id (post, _voisins_store_column_text (stmt, 2));
  voisins_post_kind_from_string (_voisins_store_column_text (stmt, 3), &kind);
  voisins_category_from_string (_voisins_store_column_text (stmt, 4), &category);
  voisins_post_status_from_string (_voisins_store_column_text (stmt, 5), &status);
  voisins_post_set_kind (post, kind);
  voisins_post_set_category (post, category);
  voisins_post_set_status (post, status);
  voisins_post_set_title (post, _voisins_store_column_text (stmt, 6));
  voisins_post_set_body (post, _voisins_store_column_text (stmt, 7));
  voisins_post_set_author_id (post, _voisins_store_column_text (stmt, 8));

  /* Volunteers see "Jeanne M.", never the full name, next to a post. */
  if (first != NULL && *first != '\0')
    {
      g_autofree char *name = NULL;

      if (last != NULL && *last != '\0')
        {
          char initial[8] = { 0 };

          g_unichar_to_utf8 (g_unichar_toupper (g_utf8_get_char (last)), initial);
          name = g_strdup_printf ("%s %s.", first, initial);
        }
      else
        name = g_strdup (first);

      voisins_post_set_author_name (post, name);
    }

  voisins_post_set_latitude (post, sqlite3_column_double (stmt, 11));
  voisins_post_set_longitude (post, sqlite3_column_double (stmt, 12));
  voisins_post_set_created_at (post, sqlite3_column_int64 (stmt, 13));
  voisins_post_set_updated_at (post, sqlite3_column_int64 (stmt, 14));
  voisins_post_set_starts_at (post, sqlite3_column_int64 (stmt, 15));
  voisins_post_set_ends_at (post, sqlite3_column_int64 (stmt, 16));
  voisins_post_set_version (post, sqlite3_column_int64 (stmt, 17));
  voisins_post_set_server_seq (post, sqlite3_column_int64 (stmt, 18));
  voisins_post_set_deleted (post, sqlite3_column_int (stmt, 19));

  return post;
}

gboolean
_voisins_store_write_post (VoisinsStore  *self,
                VoisinsPost   *post,
                GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "INSERT INTO posts (id, association_id, kind, category, status, title, body,"
                   " author_id, lat, lon, created_at, updated_at, starts_at, ends_at, version,"
                   " server_seq, deleted)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   "  ?16, ?17)"
                   " ON CONFLICT (id) DO UPDATE SET association_id = ?2, kind = ?3,"
                   "  category = ?4, status = ?5, title = ?6, body = ?7, author_id = ?8,"
                   "  lat = ?9, lon = ?10, created_at = ?11, updated_at = ?12, starts_at = ?13,"
                   "  ends_at = ?14, version = ?15, server_seq = ?16, deleted = ?17",
                   error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, voisins_post_get_id (post));
  _voisins_store_bind_text (stmt, 2, voisins_post_get_association_id (post));
  _voisins_store_bind_text (stmt, 3, voisins_post_kind_to_string (voisins_post_get_kind (post)));
  _voisins_store_bind_text (stmt, 4, voisins_category_to_string (voisins_post_get_category (post)));
  _voisins_store_bind_text (stmt, 5, voisins_post_status_to_string (voisins_post_get_status (post)));
  _voisins_store_bind_text (stmt, 6, voisins_post_get_title (post) ? voisins_post_get_title (post) : "");
  _voisins_store_bind_text (stmt, 7, voisins_post_get_body (post) ? voisins_post_get_body (post) : "");
  _voisins_store_bind_text (stmt, 8, voisins_post_get_author_id (post));
  sqlite3_bind_double (stmt, 9, voisins_post_get_latitude (post));
  sqlite3_bind_double (stmt, 10, voisins_post_get_longitude (post));
  sqlite3_bind_int64 (stmt, 11, voisins_post_get_created_at (post));
  sqlite3_bind_int64 (stmt, 12, voisins_post_get_updated_at (post));
  sqlite3_bind_int64 (stmt, 13, voisins_post_get_starts_at (post));
  sqlite3_bind_int64 (stmt, 14, voisins_post_get_ends_at (post));
  sqlite3_bind_int64 (stmt, 15, voisins_post_get_version (post));
  sqlite3_bind_int64 (stmt, 16, voisins_post_get_server_seq (post));
  sqlite3_bind_int (stmt, 17, voisins_post_get_deleted (post));

  return _voisins_store_step (self, stmt, error);
}

static gboolean
put_post_txn (VoisinsStore  *self,
              gpointer       user_data,
              GError       **error)
{
  return _voisins_store_write_post (self, user_data, error);
}

gboolean
voisins_store_put_post (VoisinsStore  *self,
                        VoisinsPost   *post,
                        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  if (!voisins_uuid_is_valid (voisins_post_get_id (post)) ||
      voisins_post_get_association_id (post) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A post needs an id and an association"));
      return FALSE;
    }

  ok = voisins_store_transaction (self, put_post_txn, post, error);

  /* Bulk imports run inside an outer transaction: one signal at its end is the caller's. */
  if (ok && self->txn_depth == 0)
    _voisins_store_posts_changed (self, voisins_post_get_id (post));

  return ok;
}

static VoisinsPost *
get_post_where (VoisinsStore  *self,
                const char    *sql,
                const char    *id,
                gint64         rowid,
                GError       **error)
{
  VoisinsPost *post = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_rec_mutex_lock (&self->mutex);

  if (_voisins_store_check_open (self, error) && (stmt = _voisins_store_stmt (self, sql, error)))
    {
      if (id != NULL)
        _voisins_store_bind_text (stmt, 1, id);
      else
        sqlite3_bind_int64 (stmt, 1, rowid);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        post = _voisins_store_post_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     _("This post no longer exists"));
      else
        _voisins_store_set_error (self, error, rc, "read");
      sqlite3_reset (stmt);
    }

  g_rec_mutex_unlock (&self->mutex);
  return post;
}

VoisinsPost *
voisins_store_get_post (VoisinsStore  *self,
                        const char    *id,
                        GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                         id, 0, error);
}

gint64
voisins_store_get_post_rowid (VoisinsStore *self,
                              const char   *id)
{
  sqlite3_stmt *stmt;
  gint64 rowid = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, NULL) &&
      (stmt = _voisins_store_stmt (self, "SELECT rowid FROM posts WHERE id = ?", NULL)))
    {
      _voisins_store_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        rowid = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return rowid;
}

VoisinsPost *
voisins_store_get_post_by_rowid (VoisinsStore  *self,
                                 gint64         rowid,
                                 GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  return get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.rowid = ?", NULL, rowid, error);
}

GPtrArray *
voisins_store_get_posts_by_rowid (VoisinsStore  *self,
                                  const gint64  *rowids,
                                  guint          n_rowids,
                                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_full (n_rowids, g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);

  if (!_voisins_store_check_open (self, error) ||
      !(stmt = _voisins_store_stmt (self, "SELECT " POST_COLUMNS "WHERE p.rowid = ?", error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }

  for (guint i = 0; i < n_rowids; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, rowids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (result, _voisins_store_post_from_row (stmt));
      else if (rc == SQLITE_DONE)
        g_ptr_array_add (result, NULL);
      else
        {
          sqlite3_reset (stmt);
          g_rec_mutex_unlock (&self->mutex);
          _voisins_store_set_error (self, error, rc, "read");
          return NULL;
        }
    }
  sqlite3_reset (stmt);

  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&result);
}

gboolean
_voisins_store_append_outbox (VoisinsStore  *self,
                              const char    *name,
                              const char    *entity,
                              const char    *entity_id,
                              JsonNode      *args,
                              GError       **error)
{
  g_autofree char *json = voisins_json_to_string (args);
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                              "INSERT INTO outbox (name, args, schema, created_at, entity,"
                              " entity_id) VALUES (?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, name);
  _voisins_store_bind_text (stmt, 2, json);
  sqlite3_bind_int (stmt, 3, VOISINS_STORE_SCHEMA_VERSION);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  _voisins_store_bind_text (stmt, 5, entity);
  _voisins_store_bind_text (stmt, 6, entity_id);

  return _voisins_store_step (self, stmt, error);
}

static gboolean
fill_default_association (VoisinsStore  *self,
                          VoisinsPost   *post,
                          GError       **error)
{
  sqlite3_stmt *stmt;

  if (voisins_post_get_association_id (post) != NULL)
    return TRUE;

  stmt = _voisins_store_stmt (self, "SELECT id FROM associations", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    voisins_post_set_association_id (post, _voisins_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (voisins_post_get_association_id (post) == NULL)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("There is no association in this file yet"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_post_txn (VoisinsStore  *self,
                 gpointer       user_data,
                 GError       **error)
{
  VoisinsPost *post = user_data;
  g_autoptr(JsonNode) args = NULL;

  if (!fill_default_association (self, post, error) ||
      !_voisins_store_save_shadow (self, "post", voisins_post_get_id (post), FALSE, error) ||
      !_voisins_store_write_post (self, post, error))
    return FALSE;

  args = voisins_post_to_json (post);
  return _voisins_store_append_outbox (self, "post.create", "post", voisins_post_get_id (post),
                                       args, error);
}

static gboolean
validate_post (VoisinsPost  *post,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!voisins_post_validate (post, &local_error))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
voisins_store_create_post (VoisinsStore  *self,
                           VoisinsPost   *post,
                           GError       **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);

  if (voisins_post_get_id (post) == NULL)
    {
      g_autofree char *id = voisins_uuid_new ();
      voisins_post_set_id (post, id);
    }
  if (voisins_post_get_created_at (post) == 0)
    voisins_post_set_created_at (post, now);
  voisins_post_set_updated_at (post, now);
  voisins_post_set_status (post, VOISINS_POST_STATUS_OPEN);
  voisins_post_set_version (post, 0);
  voisins_post_set_server_seq (post, 0);
  voisins_post_set_deleted (post, FALSE);

  if (!validate_post (post, error))
    return FALSE;

  if (!voisins_store_transaction (self, create_post_txn, post, error))
    return FALSE;

  _voisins_store_posts_changed (self, voisins_post_get_id (post));
  return TRUE;
}

static gboolean
update_post_txn (VoisinsStore  *self,
                 gpointer       user_data,
                 GError       **error)
{
  VoisinsPost *post = user_data;
  g_autoptr(VoisinsPost) old = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) args = NULL;
  guint n_changed = 0;

  old = get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                        voisins_post_get_id (post), 0, error);
  if (old == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, voisins_post_get_id (post));
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, voisins_post_get_version (old));
  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);

#define CHANGED_STRING(getter, name)                                         \
  if (g_strcmp0 (getter (old), getter (post)) != 0)                          \
    {                                                                        \
      json_builder_set_member_name (b, name);                                \
      json_builder_add_string_value (b, getter (post) ? getter (post) : ""); \
      n_changed++;                                                           \
    }
#define CHANGED_INT(getter, name)                  \
  if (getter (old) != getter (post))               \
    {                                              \
      json_builder_set_member_name (b, name);      \
      json_builder_add_int_value (b, getter (post)); \
      n_changed++;                                 \
    }

  CHANGED_STRING (voisins_post_get_title, "title");
  CHANGED_STRING (voisins_post_get_body, "body");
  if (voisins_post_get_kind (old) != voisins_post_get_kind (post))
    {
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, voisins_post_kind_to_string (voisins_post_get_kind (post)));
      n_changed++;
    }
  if (voisins_post_get_category (old) != voisins_post_get_category (post))
    {
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, voisins_category_to_string (voisins_post_get_category (post)));
      n_changed++;
    }
  CHANGED_INT (voisins_post_get_starts_at, "starts_at");
  CHANGED_INT (voisins_post_get_ends_at, "ends_at");

#undef CHANGED_STRING
#undef CHANGED_INT

  json_builder_end_object (b);
  json_builder_end_object (b);

  if (n_changed == 0)
    return TRUE;

  /* What the volunteer may not change here stays as stored. */
  voisins_post_set_status (post, voisins_post_get_status (old));
  voisins_post_set_version (post, voisins_post_get_version (old));
  voisins_post_set_server_seq (post, voisins_post_get_server_seq (old));
  voisins_post_set_created_at (post, voisins_post_get_created_at (old));
  voisins_post_set_association_id (post, voisins_post_get_association_id (old));
  voisins_post_set_updated_at (post, g_get_real_time () / G_USEC_PER_SEC);

  if (!_voisins_store_save_shadow (self, "post", voisins_post_get_id (post), TRUE, error) ||
      !_voisins_store_write_post (self, post, error))
    return FALSE;

  args = json_builder_get_root (b);

  /* Not on the server yet: a typo fixed right after posting is part of the post, not an
   * edit of it (an edit based on version 0 would lose to the create). */
  if (voisins_post_get_version (old) == 0)
    {
      gint64 create_seq = _voisins_store_unsent_create (self, voisins_post_get_id (post));

      if (create_seq > 0)
        {
          g_autoptr(JsonNode) create_args = voisins_post_to_json (post);
          return _voisins_store_rewrite_outbox (self, create_seq, create_args, error);
        }

      /* Sent but not confirmed: it will be version 1 on the server. */
      json_object_set_int_member (json_node_get_object (args), "base_version", 1);
    }

  return _voisins_store_append_outbox (self, "post.update", "post", voisins_post_get_id (post),
                                       args, error);
}

gboolean
voisins_store_update_post (VoisinsStore  *self,
                           VoisinsPost   *post,
                           GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (VOISINS_IS_POST (post), FALSE);
  g_return_val_if_fail (voisins_post_get_id (post) != NULL, FALSE);

  if (!validate_post (post, error))
    return FALSE;

  if (!voisins_store_transaction (self, update_post_txn, post, error))
    return FALSE;

  _voisins_store_posts_changed (self, voisins_post_get_id (post));
  return TRUE;
}

typedef struct
{
  const char        *id;
  VoisinsPostStatus  status;
} StatusArgs;

static gboolean
set_status_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  StatusArgs *a = user_data;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) args = NULL;
  VoisinsPostStatus old_status;

  post = get_post_where (self, "SELECT " POST_COLUMNS "WHERE p.id = ? AND p.deleted = 0",
                         a->id, 0, error);
  if (post == NULL)
    return FALSE;

  old_status = voisins_post_get_status (post);
  if (old_status == a->status)
    return TRUE;

  if (!voisins_post_status_can_move (old_status, a->status))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A post that is %s cannot become %s"),
                   voisins_post_status_to_string (old_status),
                   voisins_post_status_to_string (a->status));
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "post", a->id, TRUE, error))
    return FALSE;
  voisins_post_set_status (post, a->status);
  voisins_post_set_updated_at (post, g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_write_post (self, post, error))
    return FALSE;

  if (voisins_post_get_version (post) == 0)
    {
      gint64 create_seq = _voisins_store_unsent_create (self, a->id);

      /* Not sent yet: the post goes out with its new status. */
      if (create_seq > 0)
        {
          g_autoptr(JsonNode) create_args = voisins_post_to_json (post);
          return _voisins_store_rewrite_outbox (self, create_seq, create_args, error);
        }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, a->id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, voisins_post_status_to_string (a->status));
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, MAX (voisins_post_get_version (post), 1));
  json_builder_end_object (b);
  args = json_builder_get_root (b);

  return _voisins_store_append_outbox (self, "post.set_status", "post", a->id, args, error);
}

gboolean
voisins_store_set_post_status (VoisinsStore       *self,
                               const char         *id,
                               VoisinsPostStatus   status,
                               GError            **error)
{
  StatusArgs args = { id, status };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail ((guint) status < VOISINS_N_POST_STATUSES, FALSE);

  if (!voisins_store_transaction (self, set_status_txn, &args, error))
    return FALSE;

  _voisins_store_posts_changed (self, id);
  return TRUE;
}

/* Builds an FTS5 query from what a person typed: every word must match, as a prefix,
 * accents and case ignored by the tokenizer. Words are quoted, so FTS5 syntax typed
 * by the user (AND, NEAR, column filters, quotes) is taken as plain text. */
static char *
fts_query (const char *search)
{
  g_autofree char *folded = voisins_text_fold (search);
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);
  const char *p = folded;

  for (;;)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  g_string_free (word, TRUE);

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}

typedef enum
{
  SELECT_ROWIDS,
  SELECT_POSTS,
  SELECT_COUNT,
  SELECT_POINTS,
} SelectWhat;

/* Every value goes through a bound parameter; only fixed SQL fragments are joined. */
static sqlite3_stmt *
prepare_post_query (VoisinsStore            *self,
                    const VoisinsPostQuery  *q,
                    SelectWhat               what,
                    GError                 **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  double cos_lat = cos (q->ref_lat * G_PI / 180);
  int rc, i = 1;

  switch (what)
    {
    case SELECT_ROWIDS:
      g_string_append (sql, "SELECT p.rowid FROM posts p WHERE p.deleted = 0");
      break;
    case SELECT_COUNT:
      g_string_append (sql, "SELECT count(*) FROM posts p WHERE p.deleted = 0");
      break;
    case SELECT_POINTS:
      g_string_append (sql, "SELECT p.rowid, p.lat, p.lon, p.kind, p.category FROM posts p"
                            " WHERE p.deleted = 0");
      break;
    case SELECT_POSTS:
    default:
      g_string_append (sql, "SELECT " POST_COLUMNS "WHERE p.deleted = 0");
      break;
    }

  if (q->search != NULL)
    match = fts_query (q->search);

  if (q->association_id != NULL)
    g_string_append (sql, " AND p.association_id = :assoc");
  if (match != NULL)
    g_string_append (sql, " AND p.rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :match)");
  if (q->author_id != NULL)
    g_string_append (sql, " AND p.author_id = :author");
  if (q->kind >= 0)
    g_string_append (sql, " AND p.kind = :kind");
  if (q->category >= 0)
    g_string_append (sql, " AND p.category = :category");
  if (q->status_mask != 0)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND p.status IN (");
      for (guint s = 0; s < VOISINS_N_POST_STATUSES; s++)
        {
          if (q->status_mask & (1u << s))
            {
              g_string_append_printf (sql, "%s:status%u", first ? "" : ", ", s);
              first = FALSE;
            }
        }
      g_string_append (sql, ")");
    }
  if (q->since > 0)
    g_string_append (sql, " AND p.created_at >= :since");
  if (q->bbox != NULL)
    g_string_append (sql, " AND p.rowid IN (SELECT id FROM posts_rtree WHERE"
                          " min_lat >= :min_lat AND max_lat <= :max_lat"
                          " AND min_lon >= :min_lon AND max_lon <= :max_lon)");

  if (what != SELECT_COUNT && what != SELECT_POINTS)
    {
      if (q->sort == VOISINS_POST_SORT_DISTANCE)
        g_string_append (sql, " ORDER BY (p.lat - :rlat) * (p.lat - :rlat)"
                              " + (p.lon - :rlon) * (p.lon - :rlon) * :coslat2, p.rowid");
      else if (q->sort == VOISINS_POST_SORT_OLDEST)
        g_string_append (sql, " ORDER BY p.created_at ASC, p.rowid ASC");
      else
        g_string_append (sql, " ORDER BY p.created_at DESC, p.rowid DESC");

      if (q->limit > 0)
        g_string_append (sql, " LIMIT :limit");
    }

  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _voisins_store_set_error (self, error, rc, "query");
      return NULL;
    }

#define IDX(name) sqlite3_bind_parameter_index (stmt, name)
  if ((i = IDX (":assoc")))
    _voisins_store_bind_text (stmt, i, q->association_id);
  if ((i = IDX (":match")))
    _voisins_store_bind_text (stmt, i, match);
  if ((i = IDX (":author")))
    _voisins_store_bind_text (stmt, i, q->author_id);
  if ((i = IDX (":kind")))
    _voisins_store_bind_text (stmt, i, voisins_post_kind_to_string (q->kind));
  if ((i = IDX (":category")))
    _voisins_store_bind_text (stmt, i, voisins_category_to_string (q->category));
  for (guint s = 0; s < VOISINS_N_POST_STATUSES; s++)
    {
      char name[16];

      g_snprintf (name, sizeof name, ":status%u", s);
      if ((i = IDX (name)))
        _voisins_store_bind_text (stmt, i, voisins_post_status_to_string (s));
    }
  if ((i = IDX (":since")))
    sqlite3_bind_int64 (stmt, i, q->since);
  if (q->bbox != NULL)
    {
      sqlite3_bind_double (stmt, IDX (":min_lat"), q->bbox->min_lat);
      sqlite3_bind_double (stmt, IDX (":max_lat"), q->bbox->max_lat);
      sqlite3_bind_double (stmt, IDX (":min_lon"), q->bbox->min_lon);
      sqlite3_bind_double (stmt, IDX (":max_lon"), q->bbox->max_lon);
    }
  if ((i = IDX (":rlat")))
    sqlite3_bind_double (stmt, i, q->ref_lat);
  if ((i = IDX (":rlon")))
    sqlite3_bind_double (stmt, i, q->ref_lon);
  if ((i = IDX (":coslat2")))
    sqlite3_bind_double (stmt, i, cos_lat * cos_lat);
  if ((i = IDX (":limit")))
    sqlite3_bind_int64 (stmt, i, q->limit);
#undef IDX

  return stmt;
}

static gboolean
check_query (const VoisinsPostQuery  *q,
             GError                 **error)
{
  if (q->kind > VOISINS_POST_KIND_OFFER || q->category >= VOISINS_N_CATEGORIES)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("Unknown kind or category in the filter"));
      return FALSE;
    }
  return TRUE;
}

/* Runs a post query under the store's lock, calling @row for each result row. The
 * error, which reads the connection's last message, is set and the statement finalized
 * before the lock is released. */
typedef void (*PostRowFunc) (sqlite3_stmt *stmt,
                             gpointer      data);

static gboolean
run_post_query (VoisinsStore            *self,
                const VoisinsPostQuery  *query,
                SelectWhat               what,
                PostRowFunc              row,
                gpointer                 data,
                GError                 **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  if (!check_query (query, error))
    return FALSE;

  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error) ||
      !(stmt = prepare_post_query (self, query, what, error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  if (rc != SQLITE_DONE)
    ok = _voisins_store_set_error (self, error, rc, "query");

  sqlite3_finalize (stmt);
  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

typedef struct
{
  GPtrArray              *posts;
  const VoisinsPostQuery *query;
} PostsData;

static void
add_post_row (sqlite3_stmt *stmt,
              gpointer      data)
{
  PostsData *d = data;
  VoisinsPost *post = _voisins_store_post_from_row (stmt);

  if (d->query->sort == VOISINS_POST_SORT_DISTANCE)
    voisins_post_set_distance (post, voisins_geo_distance (d->query->ref_lat, d->query->ref_lon,
                                                           voisins_post_get_latitude (post),
                                                           voisins_post_get_longitude (post)));
  g_ptr_array_add (d->posts, post);
}

GPtrArray *
voisins_store_query_posts (VoisinsStore            *self,
                           const VoisinsPostQuery  *query,
                           GError                 **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  PostsData d = { result, query };

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_POSTS, add_post_row, &d, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
add_rowid (sqlite3_stmt *stmt,
           gpointer      data)
{
  gint64 rowid = sqlite3_column_int64 (stmt, 0);

  g_array_append_val ((GArray *) data, rowid);
}

GArray *
voisins_store_query_post_rowids (VoisinsStore            *self,
                                 const VoisinsPostQuery  *query,
                                 GError                 **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_ROWIDS, add_rowid, result, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
add_point (sqlite3_stmt *stmt,
           gpointer      data)
{
  VoisinsPostPoint pt = { 0 };
  VoisinsPostKind kind = VOISINS_POST_KIND_REQUEST;
  VoisinsCategory category = VOISINS_CATEGORY_SERVICE;

  pt.rowid = sqlite3_column_int64 (stmt, 0);
  pt.latitude = sqlite3_column_double (stmt, 1);
  pt.longitude = sqlite3_column_double (stmt, 2);
  voisins_post_kind_from_string (_voisins_store_column_text (stmt, 3), &kind);
  voisins_category_from_string (_voisins_store_column_text (stmt, 4), &category);
  pt.kind = kind;
  pt.category = category;
  g_array_append_val ((GArray *) data, pt);
}

GArray *
voisins_store_query_post_points (VoisinsStore            *self,
                                 const VoisinsPostQuery  *query,
                                 GError                 **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (VoisinsPostPoint));

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_POINTS, add_point, result, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
read_count (sqlite3_stmt *stmt,
            gpointer      data)
{
  *(guint *) data = sqlite3_column_int (stmt, 0);
}

guint
voisins_store_count_posts (VoisinsStore            *self,
                           const VoisinsPostQuery  *query,
                           GError                 **error)
{
  guint count = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  g_return_val_if_fail (query != NULL, 0);

  run_post_query (self, query, SELECT_COUNT, read_count, &count, error);

  return count;
}

static gboolean
expire_txn (VoisinsStore  *self,
            gpointer       user_data,
            GError       **error)
{
  gint64 now = *(gint64 *) user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "UPDATE posts SET status = 'expired', updated_at = ?1"
                   " WHERE status = 'open' AND ends_at > 0 AND ends_at < ?1 AND deleted = 0",
                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  return _voisins_store_step (self, stmt, error);
}

guint
voisins_store_expire_posts (VoisinsStore  *self,
                            gint64         now,
                            GError       **error)
{
  guint changes;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);

  g_rec_mutex_lock (&self->mutex);
  if (!voisins_store_transaction (self, expire_txn, &now, error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return 0;
    }
  changes = sqlite3_changes (self->db);
  g_rec_mutex_unlock (&self->mutex);

  if (changes > 0)
    _voisins_store_posts_changed (self, NULL);

  return changes;
}

/* Holiday table */

gboolean
_voisins_store_put_host_row (VoisinsStore  *self,
                             gpointer       user_data,
                             GError       **error)
{
  const VoisinsHolidayHost *h = user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "INSERT OR REPLACE INTO holiday_hosts (id, association_id, member_id, slots,"
                   " seats, step_free, pets, diets, languages, alcohol_free, children, can_fetch,"
                   " notes, version, server_seq, phone)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, h->id);
  _voisins_store_bind_text (stmt, 2, h->association_id);
  _voisins_store_bind_text (stmt, 3, h->member_id);
  sqlite3_bind_int (stmt, 4, h->slots);
  sqlite3_bind_int (stmt, 5, h->seats);
  sqlite3_bind_int (stmt, 6, h->step_free);
  sqlite3_bind_int (stmt, 7, h->pets);
  sqlite3_bind_int (stmt, 8, h->diets);
  _voisins_store_bind_text (stmt, 9, h->languages);
  sqlite3_bind_int (stmt, 10, h->alcohol_free);
  sqlite3_bind_int (stmt, 11, h->children);
  sqlite3_bind_int (stmt, 12, h->can_fetch);
  _voisins_store_bind_text (stmt, 13, h->notes);
  sqlite3_bind_int64 (stmt, 14, h->version);
  sqlite3_bind_int64 (stmt, 15, h->server_seq);
  _voisins_store_bind_text (stmt, 16, h->phone);

  return _voisins_store_step (self, stmt, error);
}

gboolean
_voisins_store_put_guest_row (VoisinsStore  *self,
                              gpointer       user_data,
                              GError       **error)
{
  const VoisinsHolidayGuest *g = user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                   "INSERT OR REPLACE INTO holiday_guests (id, association_id, member_id, slots,"
                   " no_stairs, diets, languages, pet_allergy, needs_fetch, wants_quiet, notes,"
                   " version, server_seq, street, approx_lat, approx_lon, phone)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   error);
  if (stmt == NULL)
    return FALSE;

  _voisins_store_bind_text (stmt, 1, g->id);
  _voisins_store_bind_text (stmt, 2, g->association_id);
  _voisins_store_bind_text (stmt, 3, g->member_id);
  sqlite3_bind_int (stmt, 4, g->slots);
  sqlite3_bind_int (stmt, 5, g->no_stairs);
  sqlite3_bind_int (stmt, 6, g->diets);
  _voisins_store_bind_text (stmt, 7, g->languages);
  sqlite3_bind_int (stmt, 8, g->pet_allergy);
  sqlite3_bind_int (stmt, 9, g->needs_fetch);
  sqlite3_bind_int (stmt, 10, g->wants_quiet);
  _voisins_store_bind_text (stmt, 11, g->notes);
  sqlite3_bind_int64 (stmt, 12, g->version);
  sqlite3_bind_int64 (stmt, 13, g->server_seq);
  _voisins_store_bind_text (stmt, 14, g->street);
  if (g->approx_lat != 0 || g->approx_lon != 0)
    {
      sqlite3_bind_double (stmt, 15, g->approx_lat);
      sqlite3_bind_double (stmt, 16, g->approx_lon);
    }
  else
    {
      sqlite3_bind_null (stmt, 15);
      sqlite3_bind_null (stmt, 16);
    }
  _voisins_store_bind_text (stmt, 17, g->phone);

  return _voisins_store_step (self, stmt, error);
}

static gboolean
check_holiday_ids (const char  *id,
                   const char  *association_id,
                   const char  *member_id,
                   GError     **error)
{
  if (!voisins_uuid_is_valid (id) || association_id == NULL || !voisins_uuid_is_valid (member_id))
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("A holiday table entry needs an id, an association and a neighbour"));
      return FALSE;
    }
  return TRUE;
}

gboolean
voisins_store_put_holiday_host (VoisinsStore              *self,
                                const VoisinsHolidayHost  *host,
                                GError                   **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (!check_holiday_ids (host->id, host->association_id, host->member_id, error))
    return FALSE;

  return voisins_store_transaction (self, _voisins_store_put_host_row, (gpointer) host, error);
}

gboolean
voisins_store_put_holiday_guest (VoisinsStore               *self,
                                 const VoisinsHolidayGuest  *guest,
                                 GError                    **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (guest != NULL, FALSE);

  if (!check_holiday_ids (guest->id, guest->association_id, guest->member_id, error))
    return FALSE;

  return voisins_store_transaction (self, _voisins_store_put_guest_row, (gpointer) guest, error);
}

static guint
count_simple (VoisinsStore  *self,
              const char    *sql,
              GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  g_rec_mutex_lock (&self->mutex);
  if (_voisins_store_check_open (self, error) && (stmt = _voisins_store_stmt (self, sql, error)))
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      else
        _voisins_store_set_error (self, error, rc, "count");
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->mutex);

  return count;
}

guint
voisins_store_count_holiday_hosts (VoisinsStore  *self,
                                   GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return count_simple (self, "SELECT count(*) FROM holiday_hosts WHERE deleted = 0", error);
}

guint
voisins_store_count_holiday_guests (VoisinsStore  *self,
                                    GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return count_simple (self, "SELECT count(*) FROM holiday_guests WHERE deleted = 0", error);
}

guint
voisins_store_count_pending (VoisinsStore  *self,
                             GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return count_simple (self, "SELECT count(*) FROM outbox WHERE acked = 0", error);
}

/* Async */

typedef struct
{
  VoisinsPostQuery  query;
  VoisinsBBox       bbox;
  char             *association_id;
  char             *search;
  char             *author_id;
  gboolean          points;
} QueryData;

static void
query_data_free (gpointer data)
{
  QueryData *qd = data;

  g_free (qd->association_id);
  g_free (qd->search);
  g_free (qd->author_id);
  g_free (qd);
}

static QueryData *
query_data_new (const VoisinsPostQuery *query)
{
  QueryData *qd = g_new0 (QueryData, 1);

  qd->query = *query;
  qd->association_id = g_strdup (query->association_id);
  qd->search = g_strdup (query->search);
  qd->query.association_id = qd->association_id;
  qd->query.search = qd->search;
  qd->author_id = g_strdup (query->author_id);
  qd->query.author_id = qd->author_id;
  if (query->bbox != NULL)
    {
      qd->bbox = *query->bbox;
      qd->query.bbox = &qd->bbox;
    }

  return qd;
}

/* One worker for the list's two queries: rowids in order, or light points for the map. */
static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *qd = task_data;
  g_autoptr(GError) error = NULL;
  GArray *result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (qd->points)
    result = voisins_store_query_post_points (source_object, &qd->query, &error);
  else
    result = voisins_store_query_post_rowids (source_object, &qd->query, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
}

static void
start_query (VoisinsStore            *self,
             const VoisinsPostQuery  *query,
             gboolean                 points,
             gpointer                 source_tag,
             GCancellable            *cancellable,
             GAsyncReadyCallback      callback,
             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *qd = query_data_new (query);

  qd->points = points;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, qd, query_data_free);
  g_task_run_in_thread (task, query_thread);
}

void
voisins_store_query_post_rowids_async (VoisinsStore            *self,
                                       const VoisinsPostQuery  *query,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (query != NULL);

  start_query (self, query, FALSE, voisins_store_query_post_rowids_async, cancellable,
               callback, user_data);
}

GArray *
voisins_store_query_post_rowids_finish (VoisinsStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_store_query_post_points_async (VoisinsStore            *self,
                                       const VoisinsPostQuery  *query,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (query != NULL);

  start_query (self, query, TRUE, voisins_store_query_post_points_async, cancellable,
               callback, user_data);
}

GArray *
voisins_store_query_post_points_finish (VoisinsStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *association_id;
  char *search;
} MembersData;

static void
members_data_free (gpointer data)
{
  MembersData *md = data;

  g_free (md->association_id);
  g_free (md->search);
  g_free (md);
}

static void
list_members_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MembersData *md = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *members;

  if (g_task_return_error_if_cancelled (task))
    return;

  members = voisins_store_list_members (source_object, md->association_id, md->search, &error);
  if (members == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

void
voisins_store_list_members_async (VoisinsStore        *self,
                                  const char          *association_id,
                                  const char          *search,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MembersData *md;

  g_return_if_fail (VOISINS_IS_STORE (self));

  md = g_new0 (MembersData, 1);
  md->association_id = g_strdup (association_id);
  md->search = g_strdup (search);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_store_list_members_async);
  g_task_set_task_data (task, md, members_data_free);
  g_task_run_in_thread (task, list_members_thread);
}

GPtrArray *
voisins_store_list_members_finish (VoisinsStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
