/* voisins-server-sqlite.c: the SQLite storage backend
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
#include <sqlite3.h>
#include <sodium.h>

#include "voisins-codec.h"
#include "voisins-geo.h"
#include "voisins-holiday-match.h"
#include "voisins-uuid.h"

#include "voisins-server-sqlite.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define MAX_READERS 8
#define APPROX_RADIUS_M 150.0

struct _VoisinsServerSqlite
{
  GObject parent_instance;

  char        *path;
  int          busy_timeout_ms;
  GMutex       writer_lock;
  sqlite3     *writer;
  GAsyncQueue *readers;
  int          test_busy;
};

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
};

/* {{{ helpers */

static gboolean
sql_error (sqlite3  *db,
           int       rc,
           GError  **error)
{
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The database is busy, retry later");
  else
    {
      /* Logged for the operator; the client only gets "internal". */
      g_warning ("SQLite error %d: %s", rc, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Database error (%s)", sqlite3_errstr (rc));
    }
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return sql_error (db, rc, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sql_error (db, rc, error);
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
random_hex (gsize n_bytes)
{
  g_autofree guchar *buf = g_malloc (n_bytes);
  char *hex = g_malloc (n_bytes * 2 + 1);

  randombytes_buf (buf, n_bytes);
  sodium_bin2hex (hex, n_bytes * 2 + 1, buf, n_bytes);
  return hex;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static sqlite3 *
open_connection (const char  *path,
                 int          busy_timeout_ms,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open the database: %s", sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, busy_timeout_ms);
  sqlite3_extended_result_codes (db, 0);
  if (!exec_sql (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static sqlite3 *
take_reader (VoisinsServerSqlite  *self,
             GError              **error)
{
  sqlite3 *db = g_async_queue_try_pop (self->readers);

  if (db)
    return db;
  return open_connection (self->path, self->busy_timeout_ms, error);
}

static void
give_reader (VoisinsServerSqlite *self,
             sqlite3             *db)
{
  if (g_async_queue_length (self->readers) >= MAX_READERS)
    sqlite3_close (db);
  else
    g_async_queue_push (self->readers, db);
}

static gboolean
check_keys (JsonObject         *object,
            const char * const *allowed,
            const char         *what,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                       "Unknown field “%.40s” in %s", (const char *) l->data, what);
          return FALSE;
        }
    }
  return TRUE;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return voisins_json_to_string (node);
}

/* }}} */
/* {{{ lifecycle */

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  if (!(stmt = prepare (db, "PRAGMA user_version", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sql_error (db, sqlite3_errcode (db), error);
  version = sqlite3_column_int (stmt, 0);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "The database was written by a newer voisins-server (schema %d)", version);
      return FALSE;
    }

  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, migrations[v], error) || !exec_sql (db, bump, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec_sql (db, "COMMIT", error))
        return FALSE;
      g_debug ("Migrated the database to schema %d", v + 1);
    }
  return TRUE;
}

VoisinsServerSqlite *
voisins_server_sqlite_open (const char  *path,
                            int          busy_timeout_ms,
                            GError     **error)
{
  g_autoptr(VoisinsServerSqlite) self = NULL;
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  g_return_val_if_fail (path != NULL, NULL);

  if (!exists)
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
  self->writer = open_connection (path, self->busy_timeout_ms, error);
  if (self->writer == NULL)
    return NULL;
  if (!migrate (self->writer, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
voisins_server_sqlite_close (VoisinsServerSqlite *self)
{
  sqlite3 *db;

  g_return_if_fail (VOISINS_IS_SERVER_SQLITE (self));

  g_mutex_lock (&self->writer_lock);
  if (self->writer)
    {
      sqlite3_exec (self->writer, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (self->writer);
      self->writer = NULL;
    }
  g_mutex_unlock (&self->writer_lock);

  while ((db = g_async_queue_try_pop (self->readers)))
    sqlite3_close (db);
}

void
voisins_server_sqlite_set_test_busy (VoisinsServerSqlite *self,
                                     int                  n)
{
  g_atomic_int_set (&self->test_busy, n);
}

static void
voisins_server_sqlite_finalize (GObject *object)
{
  VoisinsServerSqlite *self = (VoisinsServerSqlite *) object;

  voisins_server_sqlite_close (self);
  g_async_queue_unref (self->readers);
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
  self->readers = g_async_queue_new ();
}

/* }}} */
/* {{{ association context */

typedef struct
{
  char           *id;
  char           *secret;
  char           *epoch;
  VoisinsPolygon *boundary;
  gint64          next_seq;
  gint64          min_seq;
} Assoc;

static void
assoc_free (Assoc *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->secret);
  g_free (a->epoch);
  g_clear_pointer (&a->boundary, voisins_polygon_unref);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Assoc, assoc_free)

static Assoc *
load_assoc (sqlite3     *db,
            const char  *id,
            gboolean     with_boundary,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Assoc *a;
  int rc;

  if (!(stmt = prepare (db, "SELECT secret, epoch, next_seq, min_seq, boundary "
                            "FROM associations WHERE id = ?", error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such association");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sql_error (db, rc, error);
      return NULL;
    }
  a = g_new0 (Assoc, 1);
  a->id = g_strdup (id);
  a->secret = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  a->epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  a->next_seq = sqlite3_column_int64 (stmt, 2);
  a->min_seq = sqlite3_column_int64 (stmt, 3);
  if (with_boundary && sqlite3_column_text (stmt, 4))
    a->boundary = voisins_polygon_new_from_geojson ((const char *) sqlite3_column_text (stmt, 4),
                                                    NULL);
  return a;
}

static gboolean
take_seq (sqlite3     *db,
          const char  *association_id,
          gint64      *seq,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "UPDATE associations SET next_seq = next_seq + 1 WHERE id = ? "
                            "RETURNING next_seq - 1", error)))
    return FALSE;
  bind_text (stmt, 1, association_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
          return FALSE;
        }
      return sql_error (db, rc, error);
    }
  *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_step (stmt);
  return TRUE;
}

/* }}} */
/* {{{ records */

typedef struct
{
  char       *id;
  char       *type;
  char       *association_id;
  JsonObject *data;
  JsonObject *field_versions;
  gint64      version;
  gint64      server_seq;
  gboolean    deleted;
} Record;

static void
record_free (Record *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->type);
  g_free (r->association_id);
  g_clear_pointer (&r->data, json_object_unref);
  g_clear_pointer (&r->field_versions, json_object_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Record, record_free)

/* NULL with no error when absent. */
static Record *
load_record (sqlite3     *db,
             const char  *id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Record *r;
  int rc;

  if (!(stmt = prepare (db, "SELECT type, association_id, data, field_versions, version, "
                            "server_seq, deleted FROM records WHERE id = ?", error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      sql_error (db, rc, error);
      return NULL;
    }
  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  r->association_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  r->data = parse_object ((const char *) sqlite3_column_text (stmt, 2));
  r->field_versions = parse_object ((const char *) sqlite3_column_text (stmt, 3));
  r->version = sqlite3_column_int64 (stmt, 4);
  r->server_seq = sqlite3_column_int64 (stmt, 5);
  r->deleted = sqlite3_column_int (stmt, 6);
  return r;
}

/* Takes a new server_seq, stamps version/server_seq/deleted into the data and writes. */
static gboolean
store_record (sqlite3     *db,
              Record      *r,
              gint64       deleted_at,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *data = NULL;
  g_autofree char *fv = NULL;
  int rc;

  if (!take_seq (db, r->association_id, &r->server_seq, error))
    return FALSE;

  json_object_set_int_member (r->data, "version", r->version);
  json_object_set_int_member (r->data, "server_seq", r->server_seq);
  if (r->deleted)
    json_object_set_boolean_member (r->data, "deleted", TRUE);

  data = object_to_string (r->data);
  fv = object_to_string (r->field_versions);

  if (!(stmt = prepare (db, "INSERT INTO records (id, type, association_id, data, field_versions,"
                            " version, server_seq, deleted, deleted_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                            " ON CONFLICT (id) DO UPDATE SET data = ?4, field_versions = ?5,"
                            " version = ?6, server_seq = ?7, deleted = ?8, deleted_at = ?9",
                        error)))
    return FALSE;
  bind_text (stmt, 1, r->id);
  bind_text (stmt, 2, r->type);
  bind_text (stmt, 3, r->association_id);
  bind_text (stmt, 4, data);
  bind_text (stmt, 5, fv);
  sqlite3_bind_int64 (stmt, 6, r->version);
  sqlite3_bind_int64 (stmt, 7, r->server_seq);
  sqlite3_bind_int (stmt, 8, r->deleted);
  if (r->deleted)
    sqlite3_bind_int64 (stmt, 9, deleted_at);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (db, rc, error);
  return TRUE;
}

/* }}} */
/* {{{ codec glue: which keys exist, which are personal */

static GStrv post_keys;
static GStrv member_keys;
static GStrv member_public_keys;

static GStrv
keys_of (JsonNode *node)
{
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
  GPtrArray *arr = g_ptr_array_new ();

  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (arr, g_strdup (l->data));
  g_ptr_array_add (arr, g_strdup ("version"));
  g_ptr_array_add (arr, g_strdup ("server_seq"));
  g_ptr_array_add (arr, g_strdup ("deleted"));
  g_ptr_array_add (arr, NULL);
  json_node_unref (node);
  return (GStrv) g_ptr_array_free (arr, FALSE);
}

static void
init_codec_keys (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      g_autoptr(VoisinsMember) member = voisins_member_new ();

      post_keys = keys_of (voisins_post_to_json (post));
      member_keys = keys_of (voisins_member_to_json (member, TRUE));
      member_public_keys = keys_of (voisins_member_to_json (member, FALSE));
      g_once_init_leave (&once, 1);
    }
}

static gboolean
is_personal_member_key (const char *key)
{
  /* The public view has "last_name" too, but only as an initial. */
  if (g_str_equal (key, "last_name"))
    return TRUE;
  return g_strv_contains ((const char * const *) member_keys, key) &&
         !g_strv_contains ((const char * const *) member_public_keys, key);
}

/* A volunteer's view of a member: first name and the initial of the last name, the
 * approximate position, nothing that reaches the person. */
static JsonNode *
member_public_view (JsonObject *data)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);
  g_autoptr(VoisinsMember) member = voisins_member_from_json (node, NULL);
  JsonNode *out;
  JsonObject *obj;
  g_autofree char *initial = NULL;
  const char *last;

  if (member == NULL)
    return NULL;

  last = voisins_member_get_last_name (member);
  if (last && *last)
    {
      gunichar c = g_unichar_toupper (g_utf8_get_char (last));
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      initial = g_strconcat (buf, ".", NULL);
    }
  voisins_member_set_last_name (member, initial);
  voisins_member_set_address (member, NULL);
  voisins_member_set_phone (member, NULL);
  voisins_member_set_email (member, NULL);
  voisins_member_set_latitude (member, voisins_member_get_approx_latitude (member));
  voisins_member_set_longitude (member, voisins_member_get_approx_longitude (member));

  out = voisins_member_to_json (member, FALSE);
  obj = json_node_get_object (out);
  /* Whatever the codec considers public, never these. */
  json_object_remove_member (obj, "address");
  json_object_remove_member (obj, "phone");
  json_object_remove_member (obj, "email");
  if (initial)
    json_object_set_string_member (obj, "last_name", initial);
  json_object_set_int_member (obj, "version", voisins_member_get_version (member));
  json_object_set_int_member (obj, "server_seq", voisins_member_get_server_seq (member));
  return out;
}

/* The guest's member record, read in the caller's transaction. NULL when absent. */
static JsonObject *
load_member_data (sqlite3    *db,
                  const char *member_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (member_id == NULL ||
      !(stmt = prepare (db, "SELECT data FROM records WHERE id = ? AND type = 'member'"
                            " AND deleted = 0", NULL)))
    return NULL;
  bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return parse_object ((const char *) sqlite3_column_text (stmt, 0));
}

/* What a volunteer may know of a guest before following one of their matches: the needs,
 * the street without number and the approximate position; never who or where exactly. */
static JsonNode *
guest_anonymous_view (sqlite3    *db,
                      JsonObject *data)
{
  static const char * const keys[] = {
    "id", "association_id", "slots", "no_stairs", "diets", "languages", "pet_allergy",
    "needs_fetch", "wants_quiet", "version", "server_seq",
  };
  g_autoptr(JsonObject) member = NULL;
  JsonObject *copy = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (data, keys[i]))
      json_object_set_member (copy, keys[i],
                              json_node_copy (json_object_get_member (data, keys[i])));

  member = load_member_data (db, json_object_get_string_member_with_default (data, "member_id",
                                                                             NULL));
  if (member)
    {
      g_autofree char *street =
        voisins_holiday_street_of (json_object_get_string_member_with_default (member, "address",
                                                                               NULL));

      if (street)
        json_object_set_string_member (copy, "street", street);
      if (json_object_has_member (member, "approx_lat") &&
          json_object_has_member (member, "approx_lon"))
        {
          json_object_set_double_member (copy, "approx_lat",
                                         json_object_get_double_member (member, "approx_lat"));
          json_object_set_double_member (copy, "approx_lon",
                                         json_object_get_double_member (member, "approx_lon"));
        }
    }
  return json_node_init_object (json_node_alloc (), copy);
}

/* A followed host's or guest's row, with the phone of the person the follower calls. */
static JsonNode *
with_member_phone (sqlite3    *db,
                   JsonObject *data)
{
  g_autoptr(JsonObject) member =
    load_member_data (db, json_object_get_string_member_with_default (data, "member_id", NULL));
  JsonNode *out = json_node_init_object (json_node_alloc (), data);
  const char *phone;

  phone = member ? json_object_get_string_member_with_default (member, "phone", NULL) : NULL;
  if (phone && *phone)
    {
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (data);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (copy, l->data,
                                json_node_copy (json_object_get_member (data, l->data)));
      json_object_set_string_member (copy, "phone", phone);
      json_node_take_object (out, copy);
    }
  return out;
}

/* The row as the caller may see it. NULL: skip the row. @followed holds the ids of the
 * hosts and guests of the caller's matches. */
static JsonNode *
visible_data (sqlite3    *db,
              const char *type,
              JsonObject *data,
              int         role,
              GHashTable *followed)
{
  gboolean follows;

  if (g_str_equal (type, "member") && role < VOISINS_ROLE_COORDINATOR)
    return member_public_view (data);

  if (role >= VOISINS_ROLE_COORDINATOR ||
      (!g_str_equal (type, "holiday_guest") && !g_str_equal (type, "holiday_host")))
    return json_node_init_object (json_node_alloc (), data);

  follows = g_hash_table_contains (followed,
                                   json_object_get_string_member_with_default (data, "id", ""));
  if (g_str_equal (type, "holiday_guest") && !follows)
    return guest_anonymous_view (db, data);
  if (follows)
    return with_member_phone (db, data);
  return json_node_init_object (json_node_alloc (), data);
}

static GHashTable *
followed_guests (sqlite3     *db,
                 const char  *association_id,
                 const char  *user_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (!(stmt = prepare (db, "SELECT json_extract (data, '$.guest_id'),"
                            " json_extract (data, '$.host_id') FROM records"
                            " WHERE association_id = ? AND type = 'holiday_match' AND deleted = 0"
                            " AND json_extract (data, '$.follower_id') = ?", error)))
    {
      g_hash_table_unref (set);
      return NULL;
    }
  bind_text (stmt, 1, association_id);
  bind_text (stmt, 2, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int i = 0; i < 2; i++)
      if (sqlite3_column_text (stmt, i))
        g_hash_table_add (set, g_strdup ((const char *) sqlite3_column_text (stmt, i)));
  if (rc != SQLITE_DONE)
    {
      sql_error (db, rc, error);
      g_hash_table_unref (set);
      return NULL;
    }
  return set;
}

/* }}} */
/* {{{ mutations */

typedef struct
{
  VoisinsServerSqlite *self;
  sqlite3             *db;
  VoisinsServerAuth   *auth;
  gint64               now;
} Ctx;

typedef enum
{
  OUTCOME_APPLIED,
  OUTCOME_REJECTED,
  OUTCOME_CONFLICT,
  OUTCOME_ERROR,     /* internal or transient: abort the batch */
} Outcome;

static Outcome
reject (JsonObject *result,
        const char *code,
        const char *message)
{
  json_object_set_string_member (result, "status", "rejected");
  json_object_set_string_member (result, "code", code);
  if (message)
    json_object_set_string_member (result, "message", message);
  return OUTCOME_REJECTED;
}

static Outcome
reject_error (JsonObject *result,
              GError     *error)
{
  const char *code = "invalid";

  if (error->domain == VOISINS_SERVER_ERROR)
    voisins_server_error_to_http (error, &code);
  return reject (result, code, error->message);
}

static Outcome
applied (JsonObject *result,
         gint64      version)
{
  json_object_set_string_member (result, "status", "applied");
  json_object_set_int_member (result, "version", version);
  return OUTCOME_APPLIED;
}

/* Loads a record the caller may write: absent, of another type, or in an association the
 * caller has no role in all give not_found (never tell what exists elsewhere). */
static Record *
load_writable (Ctx         *ctx,
               const char  *id,
               const char  *type,
               JsonObject  *result,
               Outcome     *outcome,
               GError     **error)
{
  g_autoptr(Record) r = NULL;
  g_autoptr(GError) local_error = NULL;

  if (id == NULL || !voisins_uuid_is_valid (id))
    {
      *outcome = reject (result, "invalid", "“id” must be a UUID");
      return NULL;
    }
  r = load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      *outcome = OUTCOME_ERROR;
      return NULL;
    }
  if (r == NULL || !g_str_equal (r->type, type) ||
      voisins_server_auth_get_role (ctx->auth, r->association_id) < 0)
    {
      *outcome = reject (result, "not_found", "No such record");
      return NULL;
    }
  return g_steal_pointer (&r);
}

static gboolean
get_base (JsonObject  *args,
          const char * const *allowed,
          const char **id,
          gint64      *base_version,
          gboolean     base_required,
          GError     **error)
{
  if (!check_keys (args, allowed, "args", error))
    return FALSE;
  if (!voisins_json_get_string (args, "id", TRUE, id, error))
    return FALSE;
  if (base_version && !voisins_json_get_int (args, "base_version", base_required, base_version,
                                             error))
    return FALSE;
  return TRUE;
}

static Outcome
create_record (Ctx        *ctx,
               const char *type,
               JsonNode   *normalised,
               JsonObject *result,
               GError    **error)
{
  JsonObject *obj = json_node_get_object (normalised);
  const char *id = json_object_get_string_member_with_default (obj, "id", NULL);
  const char *association_id = json_object_get_string_member_with_default (obj, "association_id",
                                                                           NULL);
  g_autoptr(Record) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(GList) members = NULL;

  if (id == NULL || !voisins_uuid_is_valid (id))
    return reject (result, "invalid", "“id” must be a UUID");
  if (association_id == NULL || voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");

  existing = load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;

      if (!g_str_equal (existing->association_id, association_id) ||
          voisins_server_auth_get_role (ctx->auth, existing->association_id) < 0)
        return reject (result, "exists", "This id is already taken");

      /* Same content again (a retried create): a no-op. */
      json_object_remove_member (existing->data, "version");
      json_object_remove_member (existing->data, "server_seq");
      json_object_remove_member (existing->data, "deleted");
      json_object_remove_member (obj, "version");
      json_object_remove_member (obj, "server_seq");
      json_object_remove_member (obj, "deleted");
      a = json_node_init_object (json_node_alloc (), existing->data);
      b = json_node_init_object (json_node_alloc (), obj);
      if (!existing->deleted && g_str_equal (existing->type, type) && json_node_equal (a, b))
        return applied (result, existing->version);
      json_object_set_string_member (result, "status", "conflict");
      json_object_set_string_member (result, "code", "exists");
      json_object_set_string_member (result, "message", "A different record has this id");
      json_object_set_int_member (result, "version", existing->version);
      return OUTCOME_CONFLICT;
    }

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup (type);
  r->association_id = g_strdup (association_id);
  r->data = json_object_ref (obj);
  r->field_versions = json_object_new ();
  r->version = 1;
  if (!store_record (ctx->db, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

/* Per-field merge. A field changed on the server after @base_version keeps the server's
 * value, and the losing value is reported in result.conflicts. */
static guint
merge_fields (Record     *r,
              JsonObject *fields,
              gint64      base_version,
              JsonArray  *conflicts,
              GPtrArray  *changed)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l; l = l->next)
    {
      const char *field = l->data;
      JsonNode *yours = json_object_get_member (fields, field);
      JsonNode *theirs = json_object_get_member (r->data, field);
      gint64 field_version;

      if (theirs && json_node_equal (yours, theirs))
        continue;
      if (theirs == NULL && JSON_NODE_HOLDS_NULL (yours))
        continue;

      field_version = json_object_get_int_member_with_default (r->field_versions, field, 1);
      if (field_version > base_version)
        {
          JsonObject *c = json_object_new ();

          json_object_set_string_member (c, "field", field);
          json_object_set_member (c, "yours", json_node_copy (yours));
          json_object_set_member (c, "theirs",
                                  theirs ? json_node_copy (theirs) : json_node_new (JSON_NODE_NULL));
          json_array_add_object_element (conflicts, c);
          continue;
        }
      json_object_set_member (r->data, field, json_node_copy (yours));
      g_ptr_array_add (changed, (gpointer) field);
    }
  return changed->len;
}

static Outcome
finish_update (Ctx        *ctx,
               Record     *r,
               GPtrArray  *changed,
               JsonArray  *conflicts,
               JsonObject *result,
               GError    **error)
{
  if (changed->len > 0)
    {
      r->version++;
      for (guint i = 0; i < changed->len; i++)
        json_object_set_int_member (r->field_versions, changed->pdata[i], r->version);
      if (!store_record (ctx->db, r, 0, error))
        return OUTCOME_ERROR;
    }
  json_object_set_int_member (result, "version", r->version);
  if (json_array_get_length (conflicts) > 0)
    {
      json_object_set_string_member (result, "status", "conflict");
      json_object_set_array_member (result, "conflicts", json_array_ref (conflicts));
      return OUTCOME_CONFLICT;
    }
  json_object_set_string_member (result, "status", "applied");
  return OUTCOME_APPLIED;
}

static Outcome
apply_post_create (Ctx        *ctx,
                   JsonObject *args,
                   JsonObject *result,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args);
  g_autoptr(JsonNode) normalised = NULL;

  if (!check_keys (args, (const char * const *) post_keys, "post", &local_error))
    return reject_error (result, local_error);
  if (!(post = voisins_post_from_json (node, &local_error)) ||
      !voisins_post_validate (post, &local_error))
    return reject (result, "invalid", local_error->message);

  voisins_post_set_version (post, 1);
  voisins_post_set_server_seq (post, 0);
  voisins_post_set_deleted (post, FALSE);
  voisins_post_set_updated_at (post, ctx->now);
  normalised = voisins_post_to_json (post);
  json_object_remove_member (json_node_get_object (normalised), "updated_at");
  return create_record (ctx, "post", normalised, result, error);
}

static const char * const post_update_keys[] = { "id", "base_version", "fields", NULL };
static const char * const post_fields[] = { "title", "body", "kind", "category", "starts_at",
                                            "ends_at", NULL };

static Outcome
apply_post_update (Ctx        *ctx,
                   JsonObject *args,
                   JsonObject *result,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  JsonNode *fields_node;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;

  if (!get_base (args, post_update_keys, &id, &base_version, TRUE, &local_error))
    return reject_error (result, local_error);
  fields_node = json_object_get_member (args, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return reject (result, "invalid", "“fields” must be an object");
  if (!check_keys (json_node_get_object (fields_node), post_fields, "fields", &local_error))
    return reject_error (result, local_error);

  if (!(r = load_writable (ctx, id, "post", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The post was deleted");

  merge_fields (r, json_node_get_object (fields_node), base_version, conflicts, changed);

  /* The codec checks types and rules on the merged post. */
  node = json_node_init_object (json_node_alloc (), r->data);
  if (!(post = voisins_post_from_json (node, &local_error)) ||
      !voisins_post_validate (post, &local_error))
    return reject (result, "invalid", local_error->message);

  return finish_update (ctx, r, changed, conflicts, result, error);
}

static const char * const post_status_keys[] = { "id", "status", "base_version", NULL };

static Outcome
apply_post_set_status (Ctx        *ctx,
                       JsonObject *args,
                       JsonObject *result,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id = NULL;
  const char *status_str = NULL;
  const char *current_str;
  gint64 base_version = 0;
  VoisinsPostStatus status, current;
  Outcome outcome = OUTCOME_REJECTED;

  if (!get_base (args, post_status_keys, &id, &base_version, FALSE, &local_error) ||
      !voisins_json_get_string (args, "status", TRUE, &status_str, &local_error))
    return reject_error (result, local_error);
  if (!voisins_post_status_from_string (status_str, &status))
    return reject (result, "invalid", "Unknown status");

  if (!(r = load_writable (ctx, id, "post", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The post was deleted");

  current_str = json_object_get_string_member_with_default (r->data, "status", "open");
  if (!voisins_post_status_from_string (current_str, &current))
    current = VOISINS_POST_STATUS_OPEN;

  if (current == status)
    return applied (result, r->version);

  if (!voisins_post_status_can_move (current, status))
    {
      gint64 fv = json_object_get_int_member_with_default (r->field_versions, "status", 1);

      /* Someone moved it forward meanwhile (done/cancelled beat anything). */
      if (fv > base_version && json_object_has_member (args, "base_version"))
        {
          JsonArray *conflicts = json_array_new ();
          JsonObject *c = json_object_new ();

          json_object_set_string_member (c, "field", "status");
          json_object_set_string_member (c, "yours", status_str);
          json_object_set_string_member (c, "theirs", current_str);
          json_array_add_object_element (conflicts, c);
          json_object_set_string_member (result, "status", "conflict");
          json_object_set_string_member (result, "code", "status_moved");
          json_object_set_array_member (result, "conflicts", conflicts);
          json_object_set_int_member (result, "version", r->version);
          return OUTCOME_CONFLICT;
        }
      return reject (result, "invalid_transition", "This status change is not allowed");
    }

  json_object_set_string_member (r->data, "status", voisins_post_status_to_string (status));
  r->version++;
  json_object_set_int_member (r->field_versions, "status", r->version);
  if (!store_record (ctx->db, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

static const char * const delete_keys[] = { "id", "base_version", NULL };

/* A tombstone keeps nothing personal. */
static gboolean
tombstone_record (Ctx     *ctx,
                  Record  *r,
                  GError **error)
{
  JsonObject *tomb = json_object_new ();

  json_object_set_string_member (tomb, "id", r->id);
  json_object_set_string_member (tomb, "association_id", r->association_id);
  json_object_unref (r->data);
  r->data = tomb;
  r->deleted = TRUE;
  r->version++;

  return store_record (ctx->db, r, ctx->now, error);
}

static Outcome
apply_delete (Ctx        *ctx,
              const char *type,
              JsonObject *args,
              JsonObject *result,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;

  if (!get_base (args, delete_keys, &id, &base_version, FALSE, &local_error))
    return reject_error (result, local_error);
  if (!(r = load_writable (ctx, id, type, result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return applied (result, r->version);
  if (g_str_equal (type, "member") &&
      voisins_server_auth_get_role (ctx->auth, r->association_id) < VOISINS_ROLE_COORDINATOR)
    return reject (result, "forbidden", "Only coordinators may delete members");

  if (!tombstone_record (ctx, r, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

/* After the holidays a coordinator clears the campaign: every host, guest and match of
 * the association becomes a tombstone, which every laptop applies at its next pull. */
static Outcome
apply_holiday_purge (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  static const char * const keys[] = { "association_id", NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *assoc = NULL;
  int rc;

  if (!check_keys (args, keys, "args", &local_error) ||
      !voisins_json_get_string (args, "association_id", TRUE, &assoc, &local_error))
    return reject_error (result, local_error);
  if (!voisins_uuid_is_valid (assoc) || voisins_server_auth_get_role (ctx->auth, assoc) < 0)
    return reject (result, "not_found", "No such association");
  if (voisins_server_auth_get_role (ctx->auth, assoc) < VOISINS_ROLE_COORDINATOR)
    return reject (result, "forbidden", "Only coordinators may clear the holiday table");

  if (!(stmt = prepare (ctx->db, "SELECT id FROM records WHERE association_id = ? AND deleted = 0"
                                 " AND type IN ('holiday_host', 'holiday_guest', 'holiday_match')",
                        error)))
    return OUTCOME_ERROR;
  bind_text (stmt, 1, assoc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      sql_error (ctx->db, rc, error);
      return OUTCOME_ERROR;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) load_error = NULL;
      g_autoptr(Record) r = load_record (ctx->db, ids->pdata[i], &load_error);

      if (load_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&load_error));
          return OUTCOME_ERROR;
        }
      if (r != NULL && !tombstone_record (ctx, r, error))
        return OUTCOME_ERROR;
    }

  return applied (result, ids->len);
}

static void
set_approx (Ctx           *ctx,
            VoisinsMember *member,
            GError       **error)
{
  g_autoptr(Assoc) a = NULL;
  double lat = voisins_member_get_latitude (member);
  double lon = voisins_member_get_longitude (member);
  double alat, alon;

  if (lat == 0.0 && lon == 0.0)
    return;
  a = load_assoc (ctx->db, voisins_member_get_association_id (member), TRUE, NULL);
  if (a == NULL)
    return;
  voisins_geo_approximate (lat, lon, voisins_member_get_id (member), a->secret,
                           APPROX_RADIUS_M, a->boundary, &alat, &alon);
  voisins_member_set_approx_latitude (member, alat);
  voisins_member_set_approx_longitude (member, alon);
}

static gboolean
has_personal_fields (JsonObject *obj)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (obj, l->data);

      if (!is_personal_member_key (l->data) || JSON_NODE_HOLDS_NULL (n))
        continue;
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
          *json_node_get_string (n) == '\0')
        continue;
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE &&
          json_node_get_double (n) == 0.0)
        continue;
      return TRUE;
    }
  return FALSE;
}

static Outcome
apply_member_create (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args);
  g_autoptr(JsonNode) normalised = NULL;
  const char *association_id;

  if (!check_keys (args, (const char * const *) member_keys, "member", &local_error))
    return reject_error (result, local_error);
  if (!(member = voisins_member_from_json (node, &local_error)) ||
      !voisins_member_validate (member, &local_error))
    return reject (result, "invalid", local_error->message);

  association_id = voisins_member_get_association_id (member);
  if (voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");
  if (voisins_server_auth_get_role (ctx->auth, association_id) < VOISINS_ROLE_COORDINATOR &&
      has_personal_fields (args))
    return reject (result, "forbidden", "Only coordinators may record personal details");

  voisins_member_set_version (member, 1);
  voisins_member_set_server_seq (member, 0);
  voisins_member_set_deleted (member, FALSE);
  set_approx (ctx, member, NULL);
  normalised = voisins_member_to_json (member, TRUE);
  return create_record (ctx, "member", normalised, result, error);
}

static const char * const member_server_fields[] = {
  "id", "association_id", "version", "server_seq", "deleted", "created_at", "updated_at",
  "approx_latitude", "approx_longitude", "approx_lat", "approx_lon", NULL
};

static Outcome
apply_member_update (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(JsonNode) normalised = NULL;
  JsonNode *fields_node;
  JsonObject *fields;
  const char *id = NULL;
  gint64 base_version = 0;
  Outcome outcome = OUTCOME_REJECTED;
  g_autoptr(GList) names = NULL;

  if (!get_base (args, post_update_keys, &id, &base_version, TRUE, &local_error))
    return reject_error (result, local_error);
  fields_node = json_object_get_member (args, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return reject (result, "invalid", "“fields” must be an object");
  fields = json_node_get_object (fields_node);
  if (!check_keys (fields, (const char * const *) member_keys, "fields", &local_error))
    return reject_error (result, local_error);
  names = json_object_get_members (fields);
  for (GList *l = names; l; l = l->next)
    if (g_strv_contains (member_server_fields, l->data))
      return reject (result, "invalid", "This field is set by the server");

  if (!(r = load_writable (ctx, id, "member", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "The member was deleted");
  if (voisins_server_auth_get_role (ctx->auth, r->association_id) < VOISINS_ROLE_COORDINATOR)
    {
      for (GList *l = names; l; l = l->next)
        if (is_personal_member_key (l->data))
          return reject (result, "forbidden", "Only coordinators may change personal details");
    }

  merge_fields (r, fields, base_version, conflicts, changed);

  node = json_node_init_object (json_node_alloc (), r->data);
  if (!(member = voisins_member_from_json (node, &local_error)) ||
      !voisins_member_validate (member, &local_error))
    return reject (result, "invalid", local_error->message);
  set_approx (ctx, member, NULL);
  normalised = voisins_member_to_json (member, TRUE);
  json_object_unref (r->data);
  r->data = json_object_ref (json_node_get_object (normalised));

  return finish_update (ctx, r, changed, conflicts, result, error);
}

/* Holiday records: the core has plain structs and no codec for them yet, so the wire shape
 * is defined here (docs/api.md). */
typedef struct
{
  const char *name;
  GType       type;
  gboolean    required;
  guint       max;       /* string length in characters, or max int value */
} FieldSpec;

static const FieldSpec host_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "association_id", G_TYPE_STRING, TRUE, 36 },
  { "member_id", G_TYPE_STRING, TRUE, 36 },
  { "slots", G_TYPE_INT64, TRUE, 15 },
  { "seats", G_TYPE_INT64, TRUE, 20 },
  { "step_free", G_TYPE_BOOLEAN, FALSE, 0 },
  { "pets", G_TYPE_BOOLEAN, FALSE, 0 },
  { "diets", G_TYPE_INT64, FALSE, 31 },
  { "languages", G_TYPE_STRING, FALSE, 100 },
  { "alcohol_free", G_TYPE_BOOLEAN, FALSE, 0 },
  { "children", G_TYPE_BOOLEAN, FALSE, 0 },
  { "can_fetch", G_TYPE_BOOLEAN, FALSE, 0 },
  { "notes", G_TYPE_STRING, FALSE, 4000 },
  { "version", G_TYPE_INT64, FALSE, G_MAXINT },
  { "server_seq", G_TYPE_INT64, FALSE, G_MAXINT },
  { NULL }
};

static const FieldSpec guest_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "association_id", G_TYPE_STRING, TRUE, 36 },
  { "member_id", G_TYPE_STRING, TRUE, 36 },
  { "slots", G_TYPE_INT64, TRUE, 15 },
  { "no_stairs", G_TYPE_BOOLEAN, FALSE, 0 },
  { "diets", G_TYPE_INT64, FALSE, 31 },
  { "languages", G_TYPE_STRING, FALSE, 100 },
  { "pet_allergy", G_TYPE_BOOLEAN, FALSE, 0 },
  { "needs_fetch", G_TYPE_BOOLEAN, FALSE, 0 },
  { "wants_quiet", G_TYPE_BOOLEAN, FALSE, 0 },
  { "notes", G_TYPE_STRING, FALSE, 4000 },
  { "version", G_TYPE_INT64, FALSE, G_MAXINT },
  { "server_seq", G_TYPE_INT64, FALSE, G_MAXINT },
  { NULL }
};

static const FieldSpec match_state_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "state", G_TYPE_STRING, TRUE, 16 },
  { "base_version", G_TYPE_INT64, FALSE, 20 },
  { "feedback", G_TYPE_STRING, FALSE, 2000 },
  { NULL }
};

static const FieldSpec match_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "host_id", G_TYPE_STRING, TRUE, 36 },
  { "guest_id", G_TYPE_STRING, TRUE, 36 },
  { "slot", G_TYPE_INT64, TRUE, 8 },
  { NULL }
};

static gboolean
check_spec (JsonObject       *obj,
            const FieldSpec  *spec,
            GError          **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      const FieldSpec *f;

      for (f = spec; f->name; f++)
        if (g_str_equal (f->name, l->data))
          break;
      if (f->name == NULL)
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                       "Unknown field “%.40s”", (const char *) l->data);
          return FALSE;
        }
    }

  for (const FieldSpec *f = spec; f->name; f++)
    {
      JsonNode *n = json_object_get_member (obj, f->name);

      if (n == NULL || JSON_NODE_HOLDS_NULL (n))
        {
          if (f->required)
            {
              g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“%s” is required", f->name);
              return FALSE;
            }
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != f->type)
        {
          g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                       "“%s” has the wrong type", f->name);
          return FALSE;
        }
      if (f->type == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (n);

          if (!g_utf8_validate (s, -1, NULL) || g_utf8_strlen (s, -1) > f->max)
            {
              g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“%s” is too long", f->name);
              return FALSE;
            }
          if (g_str_has_suffix (f->name, "id") && !voisins_uuid_is_valid (s))
            {
              g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“%s” must be a UUID", f->name);
              return FALSE;
            }
        }
      else if (f->type == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (n);

          if (v < 0 || v > (gint64) f->max)
            {
              g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“%s” is out of range", f->name);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static Outcome
apply_holiday_put (Ctx             *ctx,
                   const char      *type,
                   const FieldSpec *spec,
                   JsonObject      *args,
                   JsonObject      *result,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(Record) member = NULL;
  const char *id, *association_id, *member_id;

  if (!check_spec (args, spec, &local_error))
    return reject_error (result, local_error);
  id = json_object_get_string_member (args, "id");
  association_id = json_object_get_string_member (args, "association_id");
  member_id = json_object_get_string_member (args, "member_id");
  if (voisins_server_auth_get_role (ctx->auth, association_id) < 0)
    return reject (result, "forbidden", "Not a member of this association");

  member = load_record (ctx->db, member_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (member == NULL || member->deleted || !g_str_equal (member->type, "member") ||
      !g_str_equal (member->association_id, association_id))
    return reject (result, "not_found", "No such member in this association");

  r = load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (r && (!g_str_equal (r->type, type) || !g_str_equal (r->association_id, association_id)))
    return reject (result, "exists", "This id is already taken");
  if (r && r->deleted)
    return reject (result, "deleted", "The record was deleted");

  if (r == NULL)
    {
      r = g_new0 (Record, 1);
      r->id = g_strdup (id);
      r->type = g_strdup (type);
      r->association_id = g_strdup (association_id);
      r->field_versions = json_object_new ();
    }
  g_clear_pointer (&r->data, json_object_unref);
  r->data = json_object_ref (args);
  json_object_remove_member (r->data, "version");
  json_object_remove_member (r->data, "server_seq");
  r->version++;
  if (!store_record (ctx->db, r, 0, error))
    return OUTCOME_ERROR;
  return applied (result, r->version);
}

static gint64
count_matches (sqlite3     *db,
               const char  *association_id,
               const char  *key,
               const char  *id,
               gint64       slot,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  /* @key is one of two constants, never data. */
  g_assert (g_str_equal (key, "host_id") || g_str_equal (key, "guest_id"));
  sql = g_strdup_printf ("SELECT count(*) FROM records WHERE association_id = ?"
                         " AND type = 'holiday_match' AND deleted = 0"
                         " AND json_extract (data, '$.%s') = ?"
                         " AND json_extract (data, '$.slot') = ?"
                         " AND json_extract (data, '$.state') <> 'declined'", key);
  if (!(stmt = prepare (db, sql, error)))
    return -1;
  bind_text (stmt, 1, association_id);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, slot);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sql_error (db, sqlite3_errcode (db), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* The follow-up of a match: proposed -> host-called -> guest-called -> confirmed -> done,
 * forward only; any live match may be declined (the guest goes back to the pool). */
static int
match_state_rank (const char *state)
{
  static const char *order[] = { "proposed", "host-called", "guest-called", "confirmed", "done" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (state, order[i]))
      return (int) i;
  return g_str_equal (state, "declined") ? 100 : -1;
}

static Outcome
apply_match_set_state (Ctx        *ctx,
                       JsonObject *args,
                       JsonObject *result,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *state, *current, *follower;
  Outcome outcome = OUTCOME_REJECTED;
  int from, to;

  if (!check_spec (args, match_state_spec, &local_error))
    return reject_error (result, local_error);
  id = json_object_get_string_member (args, "id");
  state = json_object_get_string_member (args, "state");
  to = match_state_rank (state);
  if (to < 0)
    return reject (result, "invalid", "Unknown match state");

  if (!(r = load_writable (ctx, id, "holiday_match", result, &outcome, error)))
    return outcome;
  if (r->deleted)
    return reject (result, "deleted", "This match was deleted");

  follower = json_object_get_string_member_with_default (r->data, "follower_id", "");
  if (g_strcmp0 (follower, ctx->auth->user_id) != 0 &&
      voisins_server_auth_get_role (ctx->auth, r->association_id) < VOISINS_ROLE_COORDINATOR)
    return reject (result, "forbidden", "Only the volunteer who follows this match, or a coordinator, can change it");

  current = json_object_get_string_member_with_default (r->data, "state", "proposed");
  from = match_state_rank (current);

  /* After the holidays: how it went, said once the meal is done (and corrected later). */
  if (json_object_has_member (args, "feedback"))
    {
      if (to != 4)
        return reject (result, "invalid", "How it went is said once the meal is done");
      if (from == 4)
        {
          json_object_set_string_member (r->data, "feedback",
                                         json_object_get_string_member (args, "feedback"));
          json_object_set_int_member (r->data, "updated_at", ctx->now);
          r->version++;
          if (!store_record (ctx->db, r, 0, error))
            return OUTCOME_ERROR;
          return applied (result, r->version);
        }
    }

  if (from == to)
    return applied (result, r->version);
  if (from == 100 || from == 4)
    return reject (result, "status_moved", "This match is already closed");
  if (to != 100 && to < from)
    return reject (result, "status_moved", "This match has already moved further");

  json_object_set_string_member (r->data, "state", state);
  if (json_object_has_member (args, "feedback"))
    json_object_set_string_member (r->data, "feedback",
                                   json_object_get_string_member (args, "feedback"));
  json_object_set_int_member (r->data, "updated_at", ctx->now);
  r->version++;
  if (!store_record (ctx->db, r, 0, error))
    return OUTCOME_ERROR;

  return applied (result, r->version);
}

static Outcome
apply_match_propose (Ctx        *ctx,
                     JsonObject *args,
                     JsonObject *result,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) host = NULL;
  g_autoptr(Record) guest = NULL;
  g_autoptr(Record) existing = NULL;
  g_autoptr(Record) r = NULL;
  const char *id, *host_id, *guest_id;
  gint64 slot, taken, seats;
  Outcome outcome = OUTCOME_REJECTED;

  if (!check_spec (args, match_spec, &local_error))
    return reject_error (result, local_error);
  id = json_object_get_string_member (args, "id");
  host_id = json_object_get_string_member (args, "host_id");
  guest_id = json_object_get_string_member (args, "guest_id");
  slot = json_object_get_int_member (args, "slot");
  if (slot != 1 && slot != 2 && slot != 4 && slot != 8)
    return reject (result, "invalid", "“slot” must be one slot");

  if (!(host = load_writable (ctx, host_id, "holiday_host", result, &outcome, error)))
    return outcome;
  if (!(guest = load_writable (ctx, guest_id, "holiday_guest", result, &outcome, error)))
    return outcome;
  if (!g_str_equal (host->association_id, guest->association_id) || host->deleted ||
      guest->deleted)
    return reject (result, "not_found", "No such host or guest");

  existing = load_record (ctx->db, id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OUTCOME_ERROR;
    }
  if (existing)
    {
      if (g_str_equal (existing->type, "holiday_match") &&
          g_strcmp0 (json_object_get_string_member_with_default (existing->data, "host_id", ""), host_id) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (existing->data, "guest_id", ""), guest_id) == 0 &&
          json_object_get_int_member_with_default (existing->data, "slot", 0) == slot)
        return applied (result, existing->version);
      return reject (result, "exists", "This id is already taken");
    }

  if (!(json_object_get_int_member (host->data, "slots") & slot) ||
      !(json_object_get_int_member (guest->data, "slots") & slot))
    return reject (result, "invalid", "The host or the guest is not available then");

  seats = json_object_get_int_member_with_default (host->data, "seats", 0);
  taken = count_matches (ctx->db, host->association_id, "host_id", host_id, slot, error);
  if (taken < 0)
    return OUTCOME_ERROR;
  if (taken >= seats)
    return reject (result, "table_full", "No seat left at this table");
  taken = count_matches (ctx->db, host->association_id, "guest_id", guest_id, slot, error);
  if (taken < 0)
    return OUTCOME_ERROR;
  if (taken > 0)
    return reject (result, "guest_taken", "The guest already has a table then");

  r = g_new0 (Record, 1);
  r->id = g_strdup (id);
  r->type = g_strdup ("holiday_match");
  r->association_id = g_strdup (host->association_id);
  r->field_versions = json_object_new ();
  r->data = json_object_new ();
  json_object_set_string_member (r->data, "id", id);
  json_object_set_string_member (r->data, "association_id", host->association_id);
  json_object_set_string_member (r->data, "host_id", host_id);
  json_object_set_string_member (r->data, "guest_id", guest_id);
  json_object_set_int_member (r->data, "slot", slot);
  json_object_set_string_member (r->data, "state", "proposed");
  json_object_set_string_member (r->data, "follower_id", ctx->auth->user_id);
  json_object_set_int_member (r->data, "created_at", ctx->now);
  r->version = 1;
  if (!store_record (ctx->db, r, 0, error))
    return OUTCOME_ERROR;

  /* The follower may now see the guest's identity and the host's phone: send both rows
   * again. */
  if (!store_record (ctx->db, guest, 0, error) || !store_record (ctx->db, host, 0, error))
    return OUTCOME_ERROR;

  return applied (result, r->version);
}

static Outcome
apply_mutation (Ctx        *ctx,
                const char *name,
                JsonObject *args,
                JsonObject *result,
                GError    **error)
{
  if (g_str_equal (name, "post.create"))
    return apply_post_create (ctx, args, result, error);
  if (g_str_equal (name, "post.update"))
    return apply_post_update (ctx, args, result, error);
  if (g_str_equal (name, "post.set_status"))
    return apply_post_set_status (ctx, args, result, error);
  if (g_str_equal (name, "post.delete"))
    return apply_delete (ctx, "post", args, result, error);
  if (g_str_equal (name, "member.create"))
    return apply_member_create (ctx, args, result, error);
  if (g_str_equal (name, "member.update"))
    return apply_member_update (ctx, args, result, error);
  if (g_str_equal (name, "member.delete"))
    return apply_delete (ctx, "member", args, result, error);
  if (g_str_equal (name, "holiday.host.put"))
    return apply_holiday_put (ctx, "holiday_host", host_spec, args, result, error);
  if (g_str_equal (name, "holiday.guest.put"))
    return apply_holiday_put (ctx, "holiday_guest", guest_spec, args, result, error);
  if (g_str_equal (name, "holiday.match.propose"))
    return apply_match_propose (ctx, args, result, error);
  if (g_str_equal (name, "holiday.match.set_state"))
    return apply_match_set_state (ctx, args, result, error);
  if (g_str_equal (name, "holiday.purge"))
    return apply_holiday_purge (ctx, args, result, error);
  return reject (result, "unknown_mutation", "Unknown mutation");
}

/* }}} */
/* {{{ push */

static gboolean
store_result (sqlite3     *db,
              const char  *client_id,
              gint64       seq,
              JsonObject  *result,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = object_to_string (result);
  int rc;

  if (!(stmt = prepare (db, "INSERT OR REPLACE INTO mutation_results (client_id, seq, result)"
                            " VALUES (?, ?, ?)", error)))
    return FALSE;
  bind_text (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  bind_text (stmt, 3, text);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (db, rc, error);
  return TRUE;
}

static JsonObject *
stored_result (sqlite3     *db,
               const char  *client_id,
               gint64       seq,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT result FROM mutation_results WHERE client_id = ? AND seq = ?",
                        error)))
    return NULL;
  bind_text (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return parse_object ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sql_error (db, rc, error);
      return NULL;
    }
  /* Pruned long ago: it was applied or rejected, and the client moved on. */
  {
    JsonObject *r = json_object_new ();

    json_object_set_int_member (r, "seq", seq);
    json_object_set_string_member (r, "status", "applied");
    json_object_set_string_member (r, "code", "already_seen");
    return r;
  }
}

/* Returns the client's last seq (-1 if unknown), or -2 on error. */
static gint64
client_last_seq (sqlite3            *db,
                 const char         *client_id,
                 VoisinsServerAuth  *auth,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT user_id, last_mutation_seq FROM clients WHERE id = ?", error)))
    return -2;
  bind_text (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return -1;
  if (rc != SQLITE_ROW)
    {
      sql_error (db, rc, error);
      return -2;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), auth->user_id) != 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "This client id belongs to another user");
      return -2;
    }
  return sqlite3_column_int64 (stmt, 1);
}

static JsonNode *
push_locked (VoisinsServerSqlite  *self,
             VoisinsServerAuth    *auth,
             JsonObject           *request,
             JsonNode            **partial,
             GError              **error)
{
  sqlite3 *db = self->writer;
  const char *client_id = json_object_get_string_member (request, "client_id");
  gint64 schema = json_object_get_int_member_with_default (request, "schema", 1);
  JsonArray *mutations = json_object_get_array_member (request, "mutations");
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) gap = NULL;
  JsonObject *response;
  Ctx ctx = { self, db, auth, now_s () };
  gint64 last;
  guint n = json_array_get_length (mutations);
  int rc;

  if (db == NULL)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The server is shutting down");
      return NULL;
    }

  if (g_atomic_int_get (&self->test_busy) > 0)
    {
      g_atomic_int_add (&self->test_busy, -1);
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The database is busy, retry later");
      return NULL;
    }

  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return NULL;

  last = client_last_seq (db, client_id, auth, error);
  if (last == -2)
    {
      exec_sql (db, "ROLLBACK", NULL);
      return NULL;
    }
  if (last == -1)
    {
      /* A new client starts where it is. One that says the server already had some of its
       * changes (known_seq) while the server has no trace of it (a restore from before its
       * first push) starts at zero: the GAP below makes it send them all again. */
      if (json_object_get_int_member_with_default (request, "known_seq", 0) > 0)
        last = 0;
      else
        last = n > 0 ? json_object_get_int_member (json_array_get_object_element (mutations, 0),
                                                   "seq") - 1 : 0;
      if (!(stmt = prepare (db, "INSERT INTO clients (id, user_id, last_mutation_seq, schema,"
                                " updated_at) VALUES (?, ?, ?, ?, ?)", error)))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return NULL;
        }
      bind_text (stmt, 1, client_id);
      bind_text (stmt, 2, auth->user_id);
      sqlite3_bind_int64 (stmt, 3, last);
      sqlite3_bind_int64 (stmt, 4, schema);
      sqlite3_bind_int64 (stmt, 5, ctx.now);
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE)
        {
          sql_error (db, rc, error);
          exec_sql (db, "ROLLBACK", NULL);
          return NULL;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (mutations, i);
      gint64 seq = json_object_get_int_member (m, "seq");
      const char *name = json_object_get_string_member (m, "name");
      JsonObject *args = json_object_get_object_member (m, "args");
      g_autoptr(JsonObject) result = NULL;
      Outcome outcome;

      if (seq <= last)
        {
          result = stored_result (db, client_id, seq, error);
          if (result == NULL)
            {
              exec_sql (db, "ROLLBACK", NULL);
              return NULL;
            }
          json_array_add_object_element (results, g_steal_pointer (&result));
          continue;
        }
      if (seq > last + 1)
        {
          g_set_error (&gap, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_GAP,
                       "Mutation %" G_GINT64_FORMAT " arrived before %" G_GINT64_FORMAT,
                       seq, last + 1);
          break;
        }

      result = json_object_new ();
      json_object_set_int_member (result, "seq", seq);

      if (!exec_sql (db, "SAVEPOINT m", error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return NULL;
        }
      outcome = apply_mutation (&ctx, name, args, result, error);
      if (outcome == OUTCOME_ERROR)
        {
          exec_sql (db, "ROLLBACK", NULL);
          return NULL;
        }
      if (outcome == OUTCOME_REJECTED)
        exec_sql (db, "ROLLBACK TO m", NULL);
      if (!exec_sql (db, "RELEASE m", error) ||
          !store_result (db, client_id, seq, result, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return NULL;
        }
      g_debug ("mutation %s: %s", name,
               json_object_get_string_member (result, "status"));
      json_array_add_object_element (results, g_steal_pointer (&result));
      last = seq;
    }

  if (!(stmt = prepare (db, "UPDATE clients SET last_mutation_seq = ?, schema = ?, updated_at = ?"
                            " WHERE id = ?", error)))
    {
      exec_sql (db, "ROLLBACK", NULL);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, last);
  sqlite3_bind_int64 (stmt, 2, schema);
  sqlite3_bind_int64 (stmt, 3, ctx.now);
  bind_text (stmt, 4, client_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (db, rc, error);
      exec_sql (db, "ROLLBACK", NULL);
      return NULL;
    }

  if (!exec_sql (db, "COMMIT", error))
    {
      exec_sql (db, "ROLLBACK", NULL);
      return NULL;
    }

  response = json_object_new ();
  json_object_set_array_member (response, "results", json_array_ref (results));
  json_object_set_int_member (response, "last_mutation_seq", last);

  if (gap)
    {
      *partial = json_node_init_object (json_node_alloc (), response);
      json_object_unref (response);
      g_propagate_error (error, g_steal_pointer (&gap));
      return NULL;
    }
  {
    JsonNode *node = json_node_init_object (json_node_alloc (), response);

    json_object_unref (response);
    return node;
  }
}

static JsonNode *
storage_push (VoisinsServerStorage  *storage,
              VoisinsServerAuth     *auth,
              JsonObject            *request,
              JsonNode             **partial,
              GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  JsonNode *ret;

  init_codec_keys ();
  g_mutex_lock (&self->writer_lock);
  ret = push_locked (self, auth, request, partial, error);
  g_mutex_unlock (&self->writer_lock);
  return ret;
}

/* }}} */
/* {{{ pull and lists */

static const char * const pull_keys[] = { "client_id", "cursors", "limit", NULL };

/* Parses "epoch:association:seq"; FALSE if it is not one of ours (reset). */
static gboolean
parse_cursor (const char *cursor,
              Assoc      *a,
              gint64     *seq)
{
  g_auto(GStrv) parts = NULL;
  char *end = NULL;
  gint64 v;

  if (cursor == NULL || *cursor == '\0')
    {
      *seq = 0;
      return TRUE;
    }
  parts = g_strsplit (cursor, ":", 4);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], a->epoch) ||
      !g_str_equal (parts[1], a->id))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoll (parts[2], &end, 10);
  if (errno || end == parts[2] || *end != '\0' || v < 0 || v >= a->next_seq)
    return FALSE;
  if (v < a->min_seq)
    return FALSE;
  *seq = v;
  return TRUE;
}

/* Appends `"assoc":{"cursor":…,"reset":…,"has_more":…,"changes":[…]}` to @out. Stored rows
 * the caller may see whole are spliced as they are; only filtered rows are re-encoded. */
static gboolean
pull_association (sqlite3            *db,
                  VoisinsServerAuth  *auth,
                  const char         *association_id,
                  const char         *cursor,
                  gint64              limit,
                  GString            *out,
                  gboolean           *has_more,
                  GError            **error)
{
  g_autoptr(Assoc) a = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) followed = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  gint64 seq = 0, last;
  gboolean reset = FALSE;
  int role = voisins_server_auth_get_role (auth, association_id);
  gint64 n = 0;
  int rc;

  if (!(a = load_assoc (db, association_id, FALSE, error)))
    return FALSE;
  if (!parse_cursor (cursor, a, &seq))
    {
      reset = TRUE;
      seq = 0;
    }
  if (role < VOISINS_ROLE_COORDINATOR &&
      !(followed = followed_guests (db, association_id, auth->user_id, error)))
    return FALSE;

  if (!(stmt = prepare (db, "SELECT type, id, data, version, server_seq, deleted FROM records"
                            " WHERE association_id = ? AND server_seq > ?"
                            " ORDER BY server_seq LIMIT ?", error)))
    return FALSE;
  bind_text (stmt, 1, association_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_int64 (stmt, 3, limit + 1);

  last = seq;
  *has_more = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      gboolean deleted = sqlite3_column_int (stmt, 5);

      if (n == limit)
        {
          *has_more = TRUE;
          break;
        }
      last = sqlite3_column_int64 (stmt, 4);

      /* type is one of our constants, id a validated UUID: no escaping needed. */
      g_string_append_printf (changes, "%s{\"type\":\"%s\",\"id\":\"%s\",\"version\":%"
                              G_GINT64_FORMAT ",\"server_seq\":%" G_GINT64_FORMAT
                              ",\"deleted\":%s", n ? "," : "", type,
                              (const char *) sqlite3_column_text (stmt, 1),
                              (gint64) sqlite3_column_int64 (stmt, 3), last,
                              deleted ? "true" : "false");
      n++;
      if (!deleted)
        {
          gboolean filtered = role < VOISINS_ROLE_COORDINATOR &&
                              (g_str_equal (type, "member") || g_str_equal (type, "holiday_guest") ||
                               g_str_equal (type, "holiday_host"));

          if (!filtered)
            {
              g_string_append (changes, ",\"data\":");
              g_string_append_len (changes, (const char *) sqlite3_column_text (stmt, 2),
                                   sqlite3_column_bytes (stmt, 2));
            }
          else
            {
              g_autoptr(JsonObject) data = parse_object ((const char *) sqlite3_column_text (stmt, 2));
              g_autoptr(JsonNode) visible = visible_data (db, type, data, role, followed);

              if (visible)
                {
                  g_autofree char *text = voisins_json_to_string (visible);

                  g_string_append (changes, ",\"data\":");
                  g_string_append (changes, text);
                }
            }
        }
      g_string_append_c (changes, '}');
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (db, rc, error);

  g_string_append_printf (out, "\"%s\":{\"cursor\":\"%s:%s:%" G_GINT64_FORMAT "\","
                          "\"reset\":%s,\"has_more\":%s,\"changes\":[",
                          a->id, a->epoch, a->id, last, reset ? "true" : "false",
                          *has_more ? "true" : "false");
  g_string_append_len (out, changes->str, changes->len);
  g_string_append (out, "]}");
  return TRUE;
}

static char *
storage_pull (VoisinsServerStorage  *storage,
              VoisinsServerAuth     *auth,
              JsonObject            *request,
              GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  const char *client_id = NULL;
  gint64 limit = 500;
  JsonNode *cursors_node;
  g_autoptr(GList) assocs = NULL;
  g_autoptr(GString) out = NULL;
  gboolean any_more = FALSE;
  gint64 last;
  sqlite3 *db;

  init_codec_keys ();
  if (!check_keys (request, pull_keys, "request", error) ||
      !voisins_json_get_string (request, "client_id", TRUE, &client_id, error) ||
      !voisins_json_get_int (request, "limit", FALSE, &limit, error))
    return NULL;
  if (!voisins_uuid_is_valid (client_id))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“client_id” must be a UUID");
      return NULL;
    }
  /* Large enough that a first sync commits few, big pages on the laptop. */
  if (limit < 1 || limit > 5000)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "“limit” must be between 1 and 5000");
      return NULL;
    }

  cursors_node = json_object_get_member (request, "cursors");
  if (cursors_node && !JSON_NODE_HOLDS_NULL (cursors_node))
    {
      JsonObject *cursors;
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (cursors_node))
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                               "“cursors” must be an object");
          return NULL;
        }
      cursors = json_node_get_object (cursors_node);
      names = json_object_get_members (cursors);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *c = json_object_get_member (cursors, l->data);

          if (voisins_server_auth_get_role (auth, l->data) < 0)
            {
              g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                                   "Not a member of this association");
              return NULL;
            }
          if (!JSON_NODE_HOLDS_NULL (c) &&
              (!JSON_NODE_HOLDS_VALUE (c) || json_node_get_value_type (c) != G_TYPE_STRING ||
               strlen (json_node_get_string (c)) > 200))
            {
              g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BAD_REQUEST,
                                   "A cursor must be a string or null");
              return NULL;
            }
        }
      assocs = g_steal_pointer (&names);
    }
  else
    assocs = g_hash_table_get_keys (auth->roles);

  if (!(db = take_reader (self, error)))
    return NULL;

  /* One read transaction: the pages and last_mutation_seq come from the same snapshot. */
  if (!exec_sql (db, "BEGIN", error))
    {
      give_reader (self, db);
      return NULL;
    }

  out = g_string_sized_new (64 * 1024);
  g_string_append (out, "{\"associations\":{");
  for (GList *l = assocs; l; l = l->next)
    {
      const char *cursor = NULL;
      gboolean more = FALSE;

      if (cursors_node && JSON_NODE_HOLDS_OBJECT (cursors_node))
        {
          JsonNode *c = json_object_get_member (json_node_get_object (cursors_node), l->data);

          if (!JSON_NODE_HOLDS_NULL (c))
            cursor = json_node_get_string (c);
        }
      if (l != assocs)
        g_string_append_c (out, ',');
      if (!pull_association (db, auth, l->data, cursor, limit, out, &more, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          give_reader (self, db);
          return NULL;
        }
      any_more |= more;
    }

  {
    g_autoptr(GError) local_error = NULL;

    last = client_last_seq (db, client_id, auth, &local_error);
    if (last == -2)
      {
        exec_sql (db, "ROLLBACK", NULL);
        give_reader (self, db);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  exec_sql (db, "COMMIT", NULL);
  give_reader (self, db);

  g_string_append_printf (out, "},\"has_more\":%s,\"last_mutation_seq\":%" G_GINT64_FORMAT "}",
                          any_more ? "true" : "false", MAX (last, 0));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonNode *
storage_describe_association (VoisinsServerStorage  *storage,
                              const char            *association_id,
                              GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonNode *result = NULL;
  sqlite3 *db;
  int rc;

  if (!(db = take_reader (self, error)))
    return NULL;

  if ((stmt = prepare (db, "SELECT name, boundary FROM associations WHERE id = ?", error)))
    {
      bind_text (stmt, 1, association_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *boundary = (const char *) sqlite3_column_text (stmt, 1);

          json_object_set_string_member (obj, "id", association_id);
          json_object_set_string_member (obj, "name", (const char *) sqlite3_column_text (stmt, 0));
          if (boundary != NULL)
            {
              JsonNode *node = voisins_json_parse (boundary, -1, NULL);

              if (node != NULL)
                json_object_set_member (obj, "boundary", node);
            }
          result = json_node_init_object (json_node_alloc (), obj);
        }
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                             "No such association");
      else
        sql_error (db, rc, error);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  give_reader (self, db);
  return result;
}

static JsonNode *
storage_list (VoisinsServerStorage  *storage,
              VoisinsServerAuth     *auth,
              const char            *association_id,
              VoisinsServerListKind  kind,
              GError               **error)
{
  static const char *types[] = { "post", "member", "holiday_host", "holiday_guest",
                                 "holiday_match" };
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  int role = voisins_server_auth_get_role (auth, association_id);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) followed = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  JsonObject *response;
  sqlite3 *db;
  int rc;

  init_codec_keys ();
  if (role < 0)
    {
      /* Same answer whether it exists or not. */
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return NULL;
    }

  if (!(db = take_reader (self, error)))
    return NULL;
  exec_sql (db, "BEGIN", NULL);
  if (role < VOISINS_ROLE_COORDINATOR &&
      !(followed = followed_guests (db, association_id, auth->user_id, error)))
    {
      exec_sql (db, "ROLLBACK", NULL);
      give_reader (self, db);
      return NULL;
    }
  if (!(stmt = prepare (db, "SELECT data FROM records WHERE association_id = ? AND type = ?"
                            " AND deleted = 0 ORDER BY server_seq", error)))
    {
      exec_sql (db, "ROLLBACK", NULL);
      give_reader (self, db);
      return NULL;
    }
  bind_text (stmt, 1, association_id);
  bind_text (stmt, 2, types[kind]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) data = parse_object ((const char *) sqlite3_column_text (stmt, 0));
      JsonNode *visible = visible_data (db, types[kind], data, role, followed);

      if (visible)
        json_array_add_element (items, visible);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  exec_sql (db, "COMMIT", NULL);
  give_reader (self, db);
  if (rc != SQLITE_DONE)
    {
      sql_error (NULL, rc, error);
      return NULL;
    }

  response = json_object_new ();
  json_object_set_array_member (response, "items", json_array_ref (items));
  return json_node_init_object (json_node_alloc (), response);
}

/* }}} */
/* {{{ accounts */

static gboolean
storage_check_health (VoisinsServerStorage  *storage,
                      GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  sqlite3 *db = take_reader (self, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = exec_sql (db, "SELECT count(*) FROM associations", error);
  give_reader (self, db);
  return ok;
}

static gboolean
storage_get_credentials (VoisinsServerStorage  *storage,
                         const char            *username,
                         char                 **user_id,
                         char                 **password_hash,
                         GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = take_reader (self, error);
  int rc;

  if (db == NULL)
    return FALSE;
  if (!(stmt = prepare (db, "SELECT id, password_hash FROM users WHERE username = ?"
                            " AND disabled = 0", error)))
    {
      give_reader (self, db);
      return FALSE;
    }
  bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  give_reader (self, db);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                           "Wrong username or password");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (NULL, rc, error);
  return TRUE;
}

static gboolean
write_simple (VoisinsServerSqlite  *self,
              const char           *sql,
              const char           *a,
              const char           *b,
              const char           *c,
              gint64                i4,
              gint64                i5,
              int                  *changes,
              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_mutex_lock (&self->writer_lock);
  if (self->writer && (stmt = prepare (self->writer, sql, error)))
    {
      int n = sqlite3_bind_parameter_count (stmt);

      if (n >= 1) bind_text (stmt, 1, a);
      if (n >= 2) bind_text (stmt, 2, b);
      if (n >= 3) bind_text (stmt, 3, c);
      if (n >= 4) sqlite3_bind_int64 (stmt, 4, i4);
      if (n >= 5) sqlite3_bind_int64 (stmt, 5, i5);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          ok = TRUE;
          if (changes)
            *changes = sqlite3_changes (self->writer);
        }
      else
        sql_error (self->writer, rc, error);
    }
  else if (self->writer == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                         "The server is shutting down");
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

static gboolean
storage_add_token (VoisinsServerStorage  *storage,
                   const char            *user_id,
                   const char            *token_hash,
                   const char            *device,
                   gint64                 expires_at,
                   GError               **error)
{
  return write_simple (VOISINS_SERVER_SQLITE (storage),
                       "INSERT INTO tokens (hash, user_id, device, created_at, expires_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                       token_hash, user_id, device, now_s (), expires_at, NULL, error);
}

static VoisinsServerAuth *
storage_authenticate (VoisinsServerStorage  *storage,
                      const char            *token_hash,
                      gint64                 now,
                      GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VoisinsServerAuth) auth = NULL;
  sqlite3 *db = take_reader (self, error);
  int rc;

  if (db == NULL)
    return NULL;
  if (!(stmt = prepare (db, "SELECT u.id, u.username, r.association_id, r.role"
                            " FROM tokens t JOIN users u ON u.id = t.user_id"
                            " LEFT JOIN roles r ON r.user_id = u.id"
                            " WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?"
                            " AND u.disabled = 0", error)))
    {
      give_reader (self, db);
      return NULL;
    }
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsRole role;

      if (auth == NULL)
        {
          auth = voisins_server_auth_new ();
          auth->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          auth->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      if (sqlite3_column_text (stmt, 2) &&
          voisins_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &role))
        g_hash_table_insert (auth->roles,
                             g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
                             GINT_TO_POINTER (role + 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  give_reader (self, db);
  if (rc != SQLITE_DONE)
    {
      sql_error (NULL, rc, error);
      return NULL;
    }
  if (auth == NULL)
    g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_UNAUTHORIZED,
                         "Invalid, expired or revoked token");
  return g_steal_pointer (&auth);
}

static gboolean
storage_revoke_token (VoisinsServerStorage  *storage,
                      const char            *token_hash,
                      GError               **error)
{
  return write_simple (VOISINS_SERVER_SQLITE (storage),
                       "UPDATE tokens SET revoked_at = ?4 WHERE hash = ?1 AND revoked_at IS NULL",
                       token_hash, NULL, NULL, now_s (), 0, NULL, error);
}

static gboolean
storage_revoke_all (VoisinsServerStorage  *storage,
                    VoisinsServerAuth     *auth,
                    const char            *user_id,
                    GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean allowed = g_strcmp0 (auth->user_id, user_id) == 0;

  if (!allowed)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      sqlite3 *db = take_reader (self, error);
      int rc;

      if (db == NULL)
        return FALSE;
      /* An admin of an association the user belongs to. */
      if ((stmt = prepare (db, "SELECT association_id FROM roles WHERE user_id = ?", error)))
        {
          bind_text (stmt, 1, user_id);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            if (voisins_server_auth_get_role (auth, (const char *) sqlite3_column_text (stmt, 0))
                == VOISINS_ROLE_ADMIN)
              allowed = TRUE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      give_reader (self, db);
      if (!allowed)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                               "Only the user or an admin may do this");
          return FALSE;
        }
    }

  return write_simple (self,
                       "UPDATE tokens SET revoked_at = ?4 WHERE user_id = ?1 AND revoked_at IS NULL",
                       user_id, NULL, NULL, now_s (), 0, NULL, error);
}

static gboolean
storage_purge (VoisinsServerStorage  *storage,
               gint64                 before,
               GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  gboolean ok;
  sqlite3 *db;

  g_mutex_lock (&self->writer_lock);
  db = self->writer;
  ok = db != NULL && exec_sql (db, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      g_autoptr(sqlite3_stmt) raise = NULL;
      g_autoptr(sqlite3_stmt) del = NULL;

      ok = (raise = prepare (db, "UPDATE associations SET min_seq = max (min_seq,"
                                 " (SELECT max (server_seq) FROM records r"
                                 "  WHERE r.association_id = associations.id AND r.deleted = 1"
                                 "  AND r.deleted_at < ?1))"
                                 " WHERE EXISTS (SELECT 1 FROM records r"
                                 "  WHERE r.association_id = associations.id AND r.deleted = 1"
                                 "  AND r.deleted_at < ?1)", error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (raise, 1, before);
          ok = sqlite3_step (raise) == SQLITE_DONE || sql_error (db, sqlite3_errcode (db), error);
        }
      if (ok)
        ok = (del = prepare (db, "DELETE FROM records WHERE deleted = 1 AND deleted_at < ?",
                             error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (del, 1, before);
          ok = sqlite3_step (del) == SQLITE_DONE || sql_error (db, sqlite3_errcode (db), error);
          if (ok && sqlite3_changes (db) > 0)
            g_message ("Purged %d tombstones", sqlite3_changes (db));
        }
      if (ok)
        ok = exec_sql (db, "COMMIT", error);
      if (!ok)
        exec_sql (db, "ROLLBACK", NULL);
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

static void
storage_iface_init (VoisinsServerStorageInterface *iface)
{
  iface->check_health = storage_check_health;
  iface->get_credentials = storage_get_credentials;
  iface->add_token = storage_add_token;
  iface->authenticate = storage_authenticate;
  iface->revoke_token = storage_revoke_token;
  iface->revoke_all = storage_revoke_all;
  iface->push = storage_push;
  iface->pull = storage_pull;
  iface->list = storage_list;
  iface->describe_association = storage_describe_association;
  iface->purge = storage_purge;
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
  g_autofree char *secret = random_hex (32);
  g_autofree char *epoch = random_hex (8);
  g_autofree char *boundary = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (boundary_geojson)
    {
      g_autoptr(VoisinsPolygon) polygon = voisins_polygon_new_from_geojson (boundary_geojson, error);

      if (polygon == NULL)
        return NULL;
      boundary = voisins_polygon_to_geojson (polygon);
    }

  if (!(stmt = prepare (self->writer, "INSERT INTO associations (id, name, boundary, secret, epoch,"
                                      " created_at) VALUES (?, ?, ?, ?, ?, ?)", error)))
    return NULL;
  bind_text (stmt, 1, new_id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, boundary);
  bind_text (stmt, 4, secret);
  bind_text (stmt, 5, epoch);
  sqlite3_bind_int64 (stmt, 6, now_s ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (self->writer, rc, error);
      return NULL;
    }
  return g_steal_pointer (&new_id);
}

char *
voisins_server_sqlite_add_user (VoisinsServerSqlite  *self,
                                const char           *association_id,
                                const char           *username,
                                VoisinsRole           role,
                                const char           *password_hash,
                                GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  int rc;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return NULL;

  if ((stmt = prepare (self->writer, "SELECT id FROM users WHERE username = ?", error)))
    {
      bind_text (stmt, 1, username);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (user_id == NULL)
    {
      if (password_hash == NULL)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                               "A new user needs a password");
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
      user_id = voisins_uuid_new ();
      if (!(stmt = prepare (self->writer, "INSERT INTO users (id, username, password_hash,"
                                          " created_at) VALUES (?, ?, ?, ?)", error)))
        {
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
      bind_text (stmt, 1, user_id);
      bind_text (stmt, 2, username);
      bind_text (stmt, 3, password_hash);
      sqlite3_bind_int64 (stmt, 4, now_s ());
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE)
        {
          sql_error (self->writer, rc, error);
          exec_sql (self->writer, "ROLLBACK", NULL);
          return NULL;
        }
    }

  if (!(stmt = prepare (self->writer, "INSERT OR REPLACE INTO roles (user_id, association_id, role)"
                                      " VALUES (?, ?, ?)", error)))
    {
      exec_sql (self->writer, "ROLLBACK", NULL);
      return NULL;
    }
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, association_id);
  bind_text (stmt, 3, voisins_role_to_string (role));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT)
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                             "No such association");
      else
        sql_error (self->writer, rc, error);
      exec_sql (self->writer, "ROLLBACK", NULL);
      return NULL;
    }
  if (!exec_sql (self->writer, "COMMIT", error))
    return NULL;
  return g_steal_pointer (&user_id);
}

gboolean
voisins_server_sqlite_set_password (VoisinsServerSqlite  *self,
                                    const char           *username,
                                    const char           *password_hash,
                                    GError              **error)
{
  int changes = 0;

  if (!write_simple (self, "UPDATE users SET password_hash = ?2 WHERE username = ?1",
                     username, password_hash, NULL, 0, 0, &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                           "No such user");
      return FALSE;
    }
  /* A new password ends every session. */
  return write_simple (self, "UPDATE tokens SET revoked_at = ?4 WHERE revoked_at IS NULL AND"
                             " user_id = (SELECT id FROM users WHERE username = ?1)",
                       username, NULL, NULL, now_s (), 0, NULL, error);
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

  r->id = g_strdup (json_object_get_string_member (obj, "id"));
  r->type = g_strdup (type);
  r->association_id = g_strdup (association_id);
  json_object_set_string_member (obj, "association_id", association_id);
  r->data = json_object_ref (obj);
  r->field_versions = json_object_new ();
  r->version = 1;
  return store_record (ctx->db, r, 0, error);
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

  init_codec_keys ();
  if (voisins_association_get_boundary (assoc))
    boundary = voisins_polygon_to_geojson (voisins_association_get_boundary (assoc));
  created = voisins_server_sqlite_create_association (self, association_id,
                                                      voisins_association_get_name (assoc),
                                                      boundary, error);
  if (created == NULL)
    return FALSE;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; ok && i < demo->members->len; i++)
    {
      VoisinsMember *m = g_ptr_array_index (demo->members, i);
      g_autoptr(JsonNode) node = NULL;

      voisins_member_set_association_id (m, association_id);
      set_approx (&ctx, m, NULL);
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
    ok = exec_sql (self->writer, "COMMIT", error);
  if (!ok)
    exec_sql (self->writer, "ROLLBACK", NULL);
  return ok;
}

static gboolean
copy_database (sqlite3     *from,
               sqlite3     *to,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    return sql_error (to, sqlite3_errcode (to), error);
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    return sql_error (to, rc, error);
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
  ok = copy_database (self->writer, dest, error);
  g_mutex_unlock (&self->writer_lock);
  sqlite3_close (dest);
  return ok;
}

gboolean
voisins_server_sqlite_restore (const char  *path,
                               const char  *from,
                               GError     **error)
{
  g_autoptr(VoisinsServerSqlite) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *src = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (src);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot open %s", from);
      return FALSE;
    }
  if (!(self = voisins_server_sqlite_open (path, 5000, error)))
    {
      sqlite3_close (src);
      return FALSE;
    }
  ok = copy_database (src, self->writer, error);
  sqlite3_close (src);
  if (!ok || !migrate (self->writer, error))
    return FALSE;

  /* New epochs: every client's cursor answers reset. The clients table is kept: it says
   * what the restored data holds of each client's changes, so a client that had more
   * gets a GAP at its next push and sends again what was lost. */
  if (!exec_sql (self->writer, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!(stmt = prepare (self->writer, "UPDATE associations SET epoch = ? WHERE id = ?", error)))
    return FALSE;
  {
    g_autoptr(sqlite3_stmt) ids = prepare (self->writer, "SELECT id FROM associations", error);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

    if (ids == NULL)
      return FALSE;
    while (sqlite3_step (ids) == SQLITE_ROW)
      g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (ids, 0)));
    for (guint i = 0; i < list->len; i++)
      {
        g_autofree char *epoch = random_hex (8);

        sqlite3_reset (stmt);
        bind_text (stmt, 1, epoch);
        bind_text (stmt, 2, list->pdata[i]);
        if (sqlite3_step (stmt) != SQLITE_DONE)
          {
            exec_sql (self->writer, "ROLLBACK", NULL);
            return sql_error (self->writer, sqlite3_errcode (self->writer), error);
          }
      }
  }
  return exec_sql (self->writer, "COMMIT", error);
}

/* }}} */
