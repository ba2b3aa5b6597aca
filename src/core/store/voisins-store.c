/* voisins-store.c: open, migrations, transactions, cached statements, errors
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
  MEMBERS_CHANGED,
  NOTICES_CHANGED,
  BASEMAP_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Each entry moves the schema from version i to i + 1. Never edit a shipped entry:
 * add a new one. */
static const char *const migrations[] = {
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

  /* 10: the server's permission rules (issue 10). A match's follower and its approval (a
   * volunteer's proposal opens nothing before a coordinator approves it); what the server
   * sends the follower of a match on the host's and guest's rows (a volunteer's member
   * records have no name, phone or address: the calls and letters read them here); and
   * who recorded a post (only they or a coordinator may change it). */
  "ALTER TABLE holiday_matches ADD COLUMN follower_id TEXT;"
  "ALTER TABLE holiday_matches ADD COLUMN approved_by TEXT;"
  "ALTER TABLE holiday_matches ADD COLUMN approved_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE holiday_hosts ADD COLUMN first_name TEXT;"
  "ALTER TABLE holiday_hosts ADD COLUMN last_name TEXT;"
  "ALTER TABLE holiday_hosts ADD COLUMN address TEXT;"
  "ALTER TABLE holiday_hosts ADD COLUMN postcode TEXT;"
  "ALTER TABLE holiday_hosts ADD COLUMN city TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN first_name TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN last_name TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN address TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN postcode TEXT;"
  "ALTER TABLE holiday_guests ADD COLUMN city TEXT;"
  "ALTER TABLE posts ADD COLUMN recorded_by TEXT;",

  /* 11: neighbours taken in at the desk (issue 11): how she reaches the association,
   * whether she has no internet, and when her data was erased at her request; and the
   * quartier's address base, carried by every laptop so that an address is completed and
   * checked offline. "norm" is voisins_address_key (), "street_norm" the normalised street. */
  "ALTER TABLE members ADD COLUMN contact_channel TEXT;"
  "ALTER TABLE members ADD COLUMN no_internet INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE members ADD COLUMN erased_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE members ADD COLUMN address_override TEXT;"
  "CREATE TABLE addresses ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL,"
  "  association_id TEXT NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  rep TEXT NOT NULL DEFAULT '',"
  "  street TEXT NOT NULL,"
  "  postcode TEXT NOT NULL DEFAULT '',"
  "  city TEXT NOT NULL DEFAULT '',"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL,"
  "  norm TEXT NOT NULL,"
  "  street_norm TEXT NOT NULL,"
  "  UNIQUE (association_id, id)"
  ");"
  "CREATE INDEX addresses_by_norm ON addresses (association_id, norm);"
  "CREATE INDEX addresses_by_street ON addresses (association_id, street_norm, number);",

  /* 12: the association's email and postal address, printed on letters beside its phone;
   * and the version of the address base this laptop holds (the server's
   * addresses_version), so that a sync fetches the base again only when it changed. */
  "ALTER TABLE associations ADD COLUMN email TEXT;"
  "ALTER TABLE associations ADD COLUMN address TEXT;"
  "ALTER TABLE associations ADD COLUMN addresses_version INTEGER NOT NULL DEFAULT 0;",

  /* 13: a request matched to a helper (issue 12), as the server sends it (type "help"). */
  "CREATE TABLE helps ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  post_id TEXT NOT NULL,"
  "  helper_id TEXT NOT NULL,"
  "  member_id TEXT,"
  "  follower_id TEXT,"
  "  state TEXT NOT NULL DEFAULT 'proposed',"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX helps_by_post ON helps (post_id);"
  "CREATE INDEX helps_by_helper ON helps (helper_id, created_at);",

  /* 14: the version of the association's basemap this laptop holds (issue 13), the
   * server's basemap_version; the MBTiles file itself lives beside the store
   * (voisins_store_dup_basemap_path ()). */
  "ALTER TABLE associations ADD COLUMN basemap_version INTEGER NOT NULL DEFAULT 0;",

  /* 15: events and groups with their people (issue 12, item 3): a post's place, capacity
   * and repetition (an RRULE value); who comes (type "participant": coming, maybe, no, or
   * "member" of a group), and the occurrences of a repeating one cancelled or moved (type
   * "occurrence", keyed by the start it had). */
  "ALTER TABLE posts ADD COLUMN place TEXT;"
  "ALTER TABLE posts ADD COLUMN capacity INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE posts ADD COLUMN rrule TEXT;"
  "CREATE TABLE participants ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  post_id TEXT NOT NULL,"
  "  member_id TEXT NOT NULL,"
  "  answer TEXT NOT NULL DEFAULT 'coming',"
  "  added_by TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX participants_by_post ON participants (post_id);"
  "CREATE TABLE occurrences ("
  "  id TEXT PRIMARY KEY,"
  "  association_id TEXT NOT NULL,"
  "  post_id TEXT NOT NULL,"
  "  original_start INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'cancelled',"
  "  starts_at INTEGER NOT NULL DEFAULT 0,"
  "  ends_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  server_seq INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX occurrences_by_post ON occurrences (post_id, original_start);",

  /* 16: prefix indexes for the first letters of a word (issue 15, #4): "v" or "de" as
   * typed matched half the posts by merging the doclists of every term they begin,
   * 17 ms of FTS5 alone at 100,000 posts; with the prefix index, one doclist (5 ms).
   * Filled again here unless a first sync has left the index behind (it is filled at
   * the sync's end then). */
  "DROP TABLE IF EXISTS posts_fts;"
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  title, body, tokenize='unicode61 remove_diacritics 2', detail=none, prefix='1 2 3'"
  ");"
  "INSERT INTO posts_fts (rowid, title, body) SELECT rowid, title, body FROM posts"
  "  WHERE deleted = 0 AND NOT EXISTS"
  "  (SELECT 1 FROM meta WHERE key = '" POSTS_INDEX_STALE_KEY "');",
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
  /**
   * VoisinsStore::members-changed:
   * @id: (nullable): the member that changed, or %NULL when many did (a sync)
   *
   * Emitted on the main context the store was opened from, after a local edit of a
   * member or a sync that may have brought some.
   */
  signals [MEMBERS_CHANGED] =
    g_signal_new ("members-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  signals [NOTICES_CHANGED] =
    g_signal_new ("notices-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * VoisinsStore::basemap-changed:
   * @association_id: the association whose basemap was installed or replaced
   *
   * Emitted on the main context the store was opened from, after
   * voisins_store_install_basemap ().
   */
  signals [BASEMAP_CHANGED] =
    g_signal_new ("basemap-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
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

static gboolean
emit_members_changed_cb (gpointer user_data)
{
  ChangedData *data = user_data;

  g_signal_emit (data->store, signals [MEMBERS_CHANGED], 0, data->id);
  g_object_unref (data->store);
  g_free (data->id);
  g_free (data);

  return G_SOURCE_REMOVE;
}

void
_voisins_store_members_changed (VoisinsStore *self,
                                const char   *id)
{
  ChangedData *data = g_new0 (ChangedData, 1);

  data->store = g_object_ref (self);
  data->id = g_strdup (id);
  g_main_context_invoke (self->context, emit_members_changed_cb, data);
}

static gboolean
emit_basemap_changed_cb (gpointer user_data)
{
  ChangedData *data = user_data;

  g_signal_emit (data->store, signals [BASEMAP_CHANGED], 0, data->id);
  g_object_unref (data->store);
  g_free (data->id);
  g_free (data);

  return G_SOURCE_REMOVE;
}

void
_voisins_store_basemap_changed (VoisinsStore *self,
                                const char   *association_id)
{
  ChangedData *data = g_new0 (ChangedData, 1);

  data->store = g_object_ref (self);
  data->id = g_strdup (association_id);
  g_main_context_invoke (self->context, emit_basemap_changed_cb, data);
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

/* The triggers that note, per connection, which posts a transaction changed, for
 * index_changed_posts. Not INSERT OR IGNORE: an upsert's own conflict clause would
 * override it inside the trigger. */
#define CHANGED_POSTS_TRIGGERS                                                               \
  "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_ai AFTER INSERT ON main.posts"             \
  " BEGIN INSERT INTO changed_posts SELECT new.rowid WHERE NOT EXISTS"                        \
  "  (SELECT 1 FROM changed_posts WHERE id = new.rowid); END;"                                \
  "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_au"                                        \
  " AFTER UPDATE OF title, body, lat, lon, deleted ON main.posts"                             \
  " BEGIN INSERT INTO changed_posts SELECT new.rowid WHERE NOT EXISTS"                        \
  "  (SELECT 1 FROM changed_posts WHERE id = new.rowid); END;"                                \
  "CREATE TEMP TRIGGER IF NOT EXISTS changed_posts_ad AFTER DELETE ON main.posts"             \
  " BEGIN INSERT INTO changed_posts SELECT old.rowid WHERE NOT EXISTS"                        \
  "  (SELECT 1 FROM changed_posts WHERE id = old.rowid); END;"

/* While a first sync fills an empty store, the search and spatial indexes are left alone
 * (meta POSTS_INDEX_STALE_KEY, in the same transactions as the rows), then filled in one
 * pass at its end: per page, FTS5 wrote and merged a segment and the R-tree was
 * rebalanced row by row, about a third of the sync (perf). Searches and the map read
 * the table itself meanwhile (voisins-store-post-query.c). */
gboolean
_voisins_store_defer_posts_index (VoisinsStore  *self,
                                  GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  if (self->posts_index_stale || self->schema_version < 7)
    return TRUE;

  stmt = _voisins_store_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('"
                                    POSTS_INDEX_STALE_KEY "', '1')", error);
  if (stmt == NULL || !_voisins_store_step (self, stmt, error))
    return FALSE;
  /* Temporary schema: a rollback brings the triggers back (voisins_store_transaction then
   * restores the flag too). */
  if (!_voisins_store_exec (self,
                            "DROP TRIGGER IF EXISTS temp.changed_posts_ai;"
                            "DROP TRIGGER IF EXISTS temp.changed_posts_au;"
                            "DROP TRIGGER IF EXISTS temp.changed_posts_ad;"
                            "DELETE FROM temp.changed_posts;",
                            error))
    return FALSE;

  self->posts_index_stale = TRUE;
  return TRUE;
}

gboolean
_voisins_store_fill_posts_index (VoisinsStore  *self,
                                 GError       **error)
{
  static const char *sql[] = {
    "DELETE FROM posts_fts",
    "INSERT INTO posts_fts (rowid, title, body) SELECT rowid, title, body FROM posts"
    " WHERE deleted = 0",
    "DELETE FROM posts_rtree",
    "INSERT INTO posts_rtree SELECT rowid, lat, lat, lon, lon FROM posts WHERE deleted = 0",
    "DELETE FROM meta WHERE key = '" POSTS_INDEX_STALE_KEY "'",
  };

  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  if (!self->posts_index_stale)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, sql[i], error);

      if (stmt == NULL || !_voisins_store_step (self, stmt, error))
        return FALSE;
    }
  if (!_voisins_store_exec (self, CHANGED_POSTS_TRIGGERS, error))
    return FALSE;

  self->posts_index_stale = FALSE;
  return TRUE;
}

static gboolean
fill_posts_index_txn (VoisinsStore  *self,
                      gpointer       user_data,
                      GError       **error)
{
  return _voisins_store_fill_posts_index (self, error);
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
migrate_exec (const char  *sql,
              gpointer     user_data,
              GError     **error)
{
  return _voisins_store_exec (user_data, sql, error);
}

/* The first migration also gives this file its client id, in the same transaction. */
static gboolean
migrate_step (int       version,
              gpointer  user_data,
              GError  **error)
{
  VoisinsStore *self = user_data;
  g_autofree char *client_id = NULL;
  sqlite3_stmt *stmt;

  if (version != 0)
    return TRUE;

  client_id = voisins_uuid_new ();
  stmt = _voisins_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('client_id', ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, client_id);

  return _voisins_store_step (self, stmt, error);
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

  if (!voisins_sqlite_run_migrations (self->db, migrations, version, target,
                                      VOISINS_APPLICATION_ID, migrate_exec, migrate_step,
                                      self, error))
    return FALSE;
  version = MAX (version, target);

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
      !_voisins_store_exec (self, "CREATE TEMP TABLE IF NOT EXISTS changed_posts"
                                  " (id INTEGER PRIMARY KEY);", error))
    return NULL;

  /* A first sync killed before its end left the indexes behind: they are filled now,
   * before anybody searches. */
  if (self->schema_version >= 7)
    {
      stmt = _voisins_store_stmt (self, "SELECT EXISTS (SELECT 1 FROM meta WHERE key = '"
                                        POSTS_INDEX_STALE_KEY "')", error);
      if (stmt == NULL)
        return NULL;
      self->posts_index_stale = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);

      if (self->posts_index_stale)
        {
          g_debug ("Indexes left behind by an unfinished first sync: filling them");
          if (!voisins_store_transaction (self, fill_posts_index_txn, NULL, error))
            return NULL;
        }
      else if (!_voisins_store_exec (self, CHANGED_POSTS_TRIGGERS, error))
        return NULL;
    }

  stmt = _voisins_store_stmt (self, "SELECT value FROM meta WHERE key = 'client_id'", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->client_id = voisins_sqlite_column_dup (stmt, 0);
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

  if (self->schema_version < 7 || self->posts_index_stale)
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
  gboolean ok, stale_before;

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

  stale_before = self->posts_index_stale;
  self->txn_depth++;
  ok = func (self, user_data, error);
  self->txn_depth--;

  if (ok)
    ok = index_changed_posts (self, error);
  if (ok)
    ok = _voisins_store_exec (self, "COMMIT", error);
  if (!ok)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      /* The meta row and the temporary triggers went back with the rest. */
      self->posts_index_stale = stale_before;
    }

  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

guint
_voisins_store_count (VoisinsStore  *self,
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
