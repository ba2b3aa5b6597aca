/* voisins-server-sqlite-pull.c: the cursor pull, the GET lists and the association description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored rows a caller may see whole are spliced into the answer as stored; only the rows
 * whose view differs (voisins_server_rules_view) are decoded and re-encoded.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <errno.h>

#include "voisins-geo.h"
#include "voisins-uuid.h"

#include "voisins-cursor.h"
#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

/* {{{ views: the rules decide, the storage reads */

/* The guest's member record, read in the caller's transaction. NULL when absent. */
static JsonObject *
load_member_data (VoisinsDb *db, const char *member_id)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  if (member_id == NULL ||
      !(stmt = voisins_db_prepare (db,
                                   "SELECT data FROM records WHERE id = ? AND type = 'member'"
                                   " AND deleted = 0",
                                   NULL)))
    return NULL;
  voisins_db_bind_text (stmt, 1, member_id);
  if (voisins_db_stmt_step (stmt, NULL) != VOISINS_DB_ROW)
    return NULL;
  return parse_object (voisins_db_column_text (stmt, 0));
}

/* The row as the caller may see it (voisins_server_rules_view). NULL: skip the row.
 * @followed holds the ids of the hosts and guests of the caller's matches; @recorded_by is
 * the row's recorder (may be NULL). */
static JsonNode *
visible_data (VoisinsDb         *db,
              const char        *type,
              JsonObject        *data,
              const char        *recorded_by,
              VoisinsServerAuth *auth,
              int                role,
              GHashTable        *followed)
{
  VoisinsServerRecord record = VOISINS_SERVER_RECORD_POST;
  VoisinsServerRelation relation = VOISINS_SERVER_RELATION_ANY;
  VoisinsServerView view;
  g_autoptr(JsonObject) member = NULL;

  voisins_server_record_from_string (type, &record);
  if (followed != NULL &&
      g_hash_table_contains (followed, voisins_json_read_string_or (data, "id", "")))
    relation = VOISINS_SERVER_RELATION_FOLLOWER;
  else if (recorded_by != NULL && g_strcmp0 (recorded_by, auth->user_id) == 0)
    relation = VOISINS_SERVER_RELATION_RECORDER;
  view = voisins_server_rules_view (role, record, relation);
  /* Every role sees who recorded a post (docs/api.md, "Fields each role sees"). */
  if (record == VOISINS_SERVER_RECORD_POST && recorded_by != NULL)
    json_object_set_string_member (data, "recorded_by", recorded_by);
  if (voisins_server_rules_view_needs_member (view))
    member = load_member_data (db, voisins_json_read_string_or (data, "member_id", NULL));
  return voisins_server_rules_apply_view (view, data, member);
}

static GHashTable *
followed_guests (VoisinsDb *db, const char *association_id, const char *user_id, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  /* Only the matches that give access (voisins_server_rules_match_opens_access): approved
   * by a coordinator, neither declined nor done. */
  if (!(stmt = voisins_db_prepare (
            db,
            "SELECT json_extract (data, '$.guest_id'),"
            " json_extract (data, '$.host_id'), json_extract (data, '$.state'),"
            " json_extract (data, '$.approved_by') FROM records"
            " WHERE association_id = ? AND type = 'holiday_match' AND deleted = 0"
            " AND json_extract (data, '$.follower_id') = ?",
            error)))
    {
      g_hash_table_unref (set);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, user_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      if (!voisins_server_rules_match_opens_access (voisins_db_column_text (stmt, 2),
                                                    voisins_db_column_text (stmt, 3)))
        continue;
      for (int i = 0; i < 2; i++)
        if (voisins_db_column_text (stmt, i))
          g_hash_table_add (set, g_strdup (voisins_db_column_text (stmt, i)));
    }
  if (rc != VOISINS_DB_DONE)
    {
      g_hash_table_unref (set);
      return NULL;
    }

  /* And the members of the live helps the caller follows: the helper and the person helped
   * (voisins_server_rules_help_opens_access), whose phones the follower calls. */
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  if (!(stmt = voisins_db_prepare (
            db,
            "SELECT json_extract (data, '$.helper_id'),"
            " json_extract (data, '$.member_id'), json_extract (data, '$.state')"
            " FROM records WHERE association_id = ? AND type = 'help'"
            " AND deleted = 0 AND json_extract (data, '$.follower_id') = ?",
            error)))
    {
      g_hash_table_unref (set);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, user_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      if (!voisins_server_rules_help_opens_access (voisins_db_column_text (stmt, 2)))
        continue;
      for (int i = 0; i < 2; i++)
        if (voisins_db_column_text (stmt, i))
          g_hash_table_add (set, g_strdup (voisins_db_column_text (stmt, i)));
    }
  if (rc != VOISINS_DB_DONE)
    {
      g_hash_table_unref (set);
      return NULL;
    }
  return set;
}

/* }}} */
/* {{{ pull and lists */

static const char *const pull_keys[] = { "client_id", "cursors", "limit", NULL };

/* Parses "epoch:association:seq"; FALSE if it is not one of ours (reset). */
static gboolean
parse_cursor (const char *cursor,
              Assoc      *a,
              gint64     *seq)
{
  g_autofree char *epoch = NULL;
  g_autofree char *association_id = NULL;
  gint64 v;

  if (cursor == NULL || *cursor == '\0')
    {
      *seq = 0;
      return TRUE;
    }
  /* The cursor's shape is the core's; its meaning (this epoch, this association, a seq the
   * association has reached and not purged) is the server's. */
  if (!voisins_cursor_parse (cursor, &epoch, &association_id, &v) ||
      !g_str_equal (epoch, a->epoch) || !g_str_equal (association_id, a->id) ||
      v >= a->next_seq || v < a->min_seq)
    return FALSE;
  *seq = v;
  return TRUE;
}

static JsonNode *
describe_on (VoisinsDb *db, const char *association_id, gboolean with_boundary, GError **error);

/* Appends `"assoc":{"cursor":…,"reset":…,"has_more":…,"changes":[…],"description":{…}}` to
 * @out (the description: the association's name, contact details and address base
 * version, so that a change of them reaches every laptop at its next sync). Stored rows
 * the caller may see whole are spliced as they are; only rows whose view may differ
 * (voisins_server_rules_view_may_differ) are re-encoded.
 *
 * @used counts the bytes of rows already in the answer (all associations): a row that
 * would take it over @page_bytes ends the page (has_more, the cursor at the last row
 * sent), unless it would be the answer's first, which goes alone whatever its size. A
 * row is never cut. Without the cap, 5,000 rows of 13 KB made a 66 MB page.
 *
 * The part from the cursor to the changes is kept in @cache (when it starts the answer:
 * @used is 0) and served again while the association has had no write. */
/* Appends `,"description":{…}}`, read now (never kept with a page). */
static gboolean
append_description (VoisinsDb *db, const char *association_id, GString *out, GError **error)
{
  g_autoptr(JsonNode) description = describe_on (db, association_id, FALSE, error);
  g_autofree char *text = NULL;

  if (description == NULL)
    return FALSE;
  text = voisins_json_to_string (description);
  g_string_append_printf (out, ",\"description\":%s}", text);
  return TRUE;
}

/* Moves what @out holds to the end of @pieces. */
static void
flush_piece (GPtrArray *pieces,
             GString   *out)
{
  gsize len = out->len;

  if (len == 0)
    return;
  g_ptr_array_add (pieces, g_bytes_new (out->str, len));
  g_string_truncate (out, 0);
}

static gboolean
pull_association (VoisinsDb         *db,
                  PullCache         *cache,
                  GPtrArray         *pieces,
                  VoisinsServerAuth *auth,
                  const char        *association_id,
                  const char        *cursor,
                  gint64             limit,
                  gsize              page_bytes,
                  gsize             *used,
                  GString           *out,
                  gboolean          *has_more,
                  GError           **error)
{
  g_autoptr(Assoc) a = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GHashTable) followed = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autofree char *next_cursor = NULL;
  g_autoptr(GString) row = g_string_new (NULL);
  g_autoptr(GString) block = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autofree char *key = NULL;
  gint64 seq = 0, last;
  gboolean reset = FALSE;
  int role = voisins_server_auth_get_role (auth, association_id);
  gint64 n = 0;
  int rc;

  if (!(a = _voisins_server_sqlite_load_assoc (db, association_id, FALSE, error)))
    return FALSE;
  if (!parse_cursor (cursor, a, &seq))
    {
      reset = TRUE;
      seq = 0;
    }
  if (cache != NULL && *used == 0)
    {
      gsize kept_used = 0;

      key = _voisins_server_sqlite_pull_cache_key (association_id, seq, reset, limit, page_bytes,
                                                   role, auth);
      kept = _voisins_server_sqlite_pull_cache_lookup (cache, key, a, &kept_used, has_more);
      if (kept != NULL)
        {
          g_string_append_printf (out, "\"%s\":{", a->id);
          flush_piece (pieces, out);
          g_ptr_array_add (pieces, g_steal_pointer (&kept));
          *used += kept_used;
          return append_description (db, association_id, out, error);
        }
    }
  if (voisins_server_rules_needs_relation (role) &&
      !(followed = followed_guests (db, association_id, auth->user_id, error)))
    return FALSE;

  if (!(stmt =
            voisins_db_prepare (db,
                                "SELECT type, id, data, version, server_seq, deleted, recorded_by"
                                " FROM records"
                                " WHERE association_id = ? AND server_seq > ?"
                                " ORDER BY server_seq LIMIT ?",
                                error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_int64 (stmt, 2, seq);
  voisins_db_bind_int64 (stmt, 3, limit + 1);

  last = seq;
  *has_more = FALSE;
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      const char *type = voisins_db_column_text (stmt, 0);
      gboolean    deleted = voisins_db_column_int64 (stmt, 5);
      gint64      row_seq = voisins_db_column_int64 (stmt, 4);

      if (n == limit)
        {
          *has_more = TRUE;
          break;
        }

      /* type is one of our constants, id a validated UUID: no escaping needed. */
      g_string_truncate (row, 0);
      g_string_append_printf (row,
                              "%s{\"type\":\"%s\",\"id\":\"%s\",\"version\":%" G_GINT64_FORMAT
                              ",\"server_seq\":%" G_GINT64_FORMAT ",\"deleted\":%s",
                              n ? "," : "", type, voisins_db_column_text (stmt, 1),
                              (gint64) voisins_db_column_int64 (stmt, 3), row_seq,
                              deleted ? "true" : "false");
      if (!deleted)
        {
          VoisinsServerRecord record = VOISINS_SERVER_RECORD_POST;
          gboolean filtered;

          /* Rows whose view can differ from the stored row are re-encoded; the others are
           * spliced as stored. */
          voisins_server_record_from_string (type, &record);
          filtered = voisins_server_rules_view_may_differ (role, record);

          if (!filtered)
            {
              const char *text = voisins_db_column_text (stmt, 2);
              const char *recorder = voisins_db_column_text (stmt, 6);
              int         len = voisins_db_column_bytes (stmt, 2);

              g_string_append (row, ",\"data\":");
              /* A post says who recorded it (a user id, no escaping needed: a UUID), spliced
               * into the stored object rather than parsing every post. */
              if (record == VOISINS_SERVER_RECORD_POST && recorder != NULL &&
                  voisins_uuid_is_valid (recorder) && len > 2 && text[len - 1] == '}')
                {
                  g_string_append_len (row, text, len - 1);
                  g_string_append_printf (row, ",\"recorded_by\":\"%s\"}", recorder);
                }
              else
                g_string_append_len (row, text, len);
            }
          else
            {
              g_autoptr(JsonObject) data = parse_object (voisins_db_column_text (stmt, 2));
              g_autoptr(JsonNode) visible = visible_data (
                  db, type, data, voisins_db_column_text (stmt, 6), auth, role, followed);

              if (visible)
                {
                  g_autofree char *text = voisins_json_to_string (visible);

                  g_string_append (row, ",\"data\":");
                  g_string_append (row, text);
                }
            }
        }
      g_string_append_c (row, '}');

      if (*used > 0 && *used + row->len > page_bytes)
        {
          *has_more = TRUE;
          break;
        }
      g_string_append_len (changes, row->str, row->len);
      *used += row->len;
      last = row_seq;
      n++;
    }
  if (rc != VOISINS_DB_ROW && rc != VOISINS_DB_DONE)
    return FALSE;

  next_cursor = voisins_cursor_format (a->epoch, a->id, last);
  block = g_string_sized_new (changes->len + 256);
  g_string_append_printf (block, "\"cursor\":\"%s\",\"reset\":%s,\"has_more\":%s,\"changes\":[",
                          next_cursor, reset ? "true" : "false", *has_more ? "true" : "false");
  g_string_append_len (block, changes->str, changes->len);
  g_string_append_c (block, ']');
  g_string_append_printf (out, "\"%s\":{", a->id);
  flush_piece (pieces, out);
  {
    gsize len = block->len;
    GBytes *bytes = g_bytes_new_take (g_string_free (g_steal_pointer (&block), FALSE), len);

    if (key != NULL)
      _voisins_server_sqlite_pull_cache_store (cache, key, a, bytes, *used, *has_more);
    g_ptr_array_add (pieces, bytes);
  }
  return append_description (db, association_id, out, error);
}

GPtrArray *
_voisins_server_sqlite_pull (VoisinsServerStorage  *storage,
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
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean any_more = FALSE;
  gsize used = 0;
  gint64 last;
  VoisinsDb *db;

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

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;

  /* One read transaction: the pages and last_mutation_seq come from the same snapshot. */
  if (!voisins_db_begin (db, VOISINS_DB_READ, error))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }

  out = g_string_sized_new (4 * 1024);
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
      if (!pull_association (db, self->pull_cache, pieces, auth, l->data, cursor, limit,
                             self->pull_page_bytes, &used, out, &more, error))
        {
          voisins_db_rollback (db);
          _voisins_server_sqlite_give_reader (self, db);
          return NULL;
        }
      any_more |= more;
    }

  {
    g_autoptr(GError) local_error = NULL;

    last = _voisins_server_sqlite_client_last_seq (db, client_id, auth, &local_error);
    if (last == -2)
      {
        voisins_db_rollback (db);
        _voisins_server_sqlite_give_reader (self, db);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  voisins_db_commit (db, NULL);
  _voisins_server_sqlite_give_reader (self, db);

  g_string_append_printf (out, "},\"has_more\":%s,\"last_mutation_seq\":%" G_GINT64_FORMAT "}",
                          any_more ? "true" : "false", MAX (last, 0));
  flush_piece (pieces, out);
  return g_steal_pointer (&pieces);
}

/* {id, name, phone?, email?, address?, addresses_version, basemap_version,
 *  boundary? (@with_boundary)} */
static JsonNode *
describe_on (VoisinsDb *db, const char *association_id, gboolean with_boundary, GError **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  static const char *const details[] = { "phone", "email", "address" };
  const char *boundary;
  int rc;

  /* Every pull: prepared once per connection. */
  if (!(stmt = voisins_db_cached (db,
                                  "SELECT name, boundary, phone, email, address,"
                                  " addresses_version, basemap_version"
                                  " FROM associations WHERE id = ?",
                                  error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
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

  json_object_set_string_member (obj, "id", association_id);
  json_object_set_string_member (obj, "name", voisins_db_column_text (stmt, 0));
  /* Printed on every letter; every role of the association reads them. */
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    if (voisins_db_column_text (stmt, 2 + i) != NULL)
      json_object_set_string_member (obj, details[i], voisins_db_column_text (stmt, 2 + i));
  /* The laptops fetch the address base again when this changes (0: no base yet). */
  json_object_set_int_member (obj, "addresses_version", voisins_db_column_int64 (stmt, 5));
  /* ... and the basemap (GET .../basemap.mbtiles) when this changes (0: none built). */
  json_object_set_int_member (obj, "basemap_version", voisins_db_column_int64 (stmt, 6));
  boundary = voisins_db_column_text (stmt, 1);
  if (with_boundary && boundary != NULL)
    {
      JsonNode *node = voisins_json_parse (boundary, -1, NULL);

      if (node != NULL)
        json_object_set_member (obj, "boundary", node);
    }
  return json_node_init_object (json_node_alloc (), obj);
}

JsonNode *
_voisins_server_sqlite_describe_association (VoisinsServerStorage  *storage,
                                             const char            *association_id,
                                             GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  JsonNode *result;
  VoisinsDb           *db;

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  result = describe_on (db, association_id, TRUE, error);
  _voisins_server_sqlite_give_reader (self, db);
  return result;
}

/* {items, has_more, next}: one page of a list (the GET list routes). */
static JsonNode *
list_page (JsonArray *items, gboolean more, gint64 next)
{
  JsonObject *response = json_object_new ();

  json_object_set_array_member (response, "items", json_array_ref (items));
  json_object_set_boolean_member (response, "has_more", more);
  json_object_set_int_member (response, "next", next);

  return json_node_init_object (json_node_alloc (), response);
}

/* The log of reveals, newest last: who was shown whose details, through which match (or,
 * with @helps, which help: help_reveals, migration 11). */
static JsonNode *
list_reveals (VoisinsServerSqlite *self,
              int                  role,
              const char          *association_id,
              gboolean             helps,
              gint64               after,
              guint                limit,
              GError             **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  gboolean more = FALSE;
  gint64   next = after;
  VoisinsDb *db;
  int rc;

  if (!voisins_server_rules_allows (role, helps ? VOISINS_SERVER_RECORD_HELP_REVEAL
                                                : VOISINS_SERVER_RECORD_HOLIDAY_REVEAL,
                                    VOISINS_SERVER_ACTION_SEE, VOISINS_SERVER_RELATION_ANY, NULL))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Only coordinators may read the log of reveals");
      return NULL;
    }
  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  if (!(stmt =
            voisins_db_prepare (db,
                                helps ? "SELECT id, help_id, user_id, member_id, fields, at"
                                        " FROM help_reveals WHERE association_id = ? AND id > ?"
                                        " ORDER BY id LIMIT ?"
                                      : "SELECT id, match_id, user_id, member_id, fields, at"
                                        " FROM holiday_reveals WHERE association_id = ? AND id > ?"
                                        " ORDER BY id LIMIT ?",
                                error)))
    {
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_int64 (stmt, 2, after);
  /* One row more than the page tells whether there is a next one. */
  voisins_db_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit + 1 : G_MAXINT64);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      JsonObject *item;

      if (limit > 0 && json_array_get_length (items) == limit)
        {
          more = TRUE;
          rc = VOISINS_DB_DONE;
          break;
        }
      item = json_object_new ();
      next = voisins_db_column_int64 (stmt, 0);

      json_object_set_int_member (item, "id", voisins_db_column_int64 (stmt, 0));
      json_object_set_string_member (item, "association_id", association_id);
      json_object_set_string_member (item, helps ? "help_id" : "match_id",
                                     voisins_db_column_text (stmt, 1));
      json_object_set_string_member (item, "user_id", voisins_db_column_text (stmt, 2));
      json_object_set_string_member (item, "member_id", voisins_db_column_text (stmt, 3));
      json_object_set_string_member (item, "fields", voisins_db_column_text (stmt, 4));
      json_object_set_int_member (item, "at", voisins_db_column_int64 (stmt, 5));
      json_array_add_object_element (items, item);
    }
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }

  return list_page (items, more, next);
}

JsonNode *
_voisins_server_sqlite_list (VoisinsServerStorage *storage,
                             VoisinsServerAuth    *auth,
                             const char           *association_id,
                             VoisinsServerListKind kind,
                             gint64                after,
                             guint                 limit,
                             GError              **error)
{
  /* By VoisinsServerListKind; the reveals are not records (list_reveals). */
  static const char *types[] = { "post", "member", "holiday_host", "holiday_guest",
                                 "holiday_match", NULL, "occurrence", "help" };
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  int role = voisins_server_auth_get_role (auth, association_id);
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GHashTable) followed = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  gboolean more = FALSE;
  gint64   next = after;
  gsize    bytes = 0;
  VoisinsDb *db;
  int rc;

  if (role < 0)
    {
      /* Same answer whether it exists or not. */
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return NULL;
    }

  if (kind == VOISINS_SERVER_LIST_REVEALS || kind == VOISINS_SERVER_LIST_HELP_REVEALS)
    return list_reveals (self, role, association_id, kind == VOISINS_SERVER_LIST_HELP_REVEALS,
                         after, limit, error);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  voisins_db_begin (db, VOISINS_DB_READ, NULL);
  if (voisins_server_rules_needs_relation (role) &&
      !(followed = followed_guests (db, association_id, auth->user_id, error)))
    {
      voisins_db_rollback (db);
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  if (!(stmt =
            voisins_db_prepare (db,
                                "SELECT data, recorded_by, server_seq FROM records"
                                " WHERE association_id = ? AND type = ?"
                                " AND deleted = 0 AND server_seq > ? ORDER BY server_seq LIMIT ?",
                                error)))
    {
      voisins_db_rollback (db);
      _voisins_server_sqlite_give_reader (self, db);
      return NULL;
    }
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, types[kind]);
  voisins_db_bind_int64 (stmt, 3, after);
  /* One row more than the page tells whether there is a next one. */
  voisins_db_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit + 1 : G_MAXINT64);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      g_autoptr(JsonObject) data = NULL;
      JsonNode *visible;
      gsize     len = voisins_db_column_bytes (stmt, 0);

      /* A page holds @limit rows and about the pull's page bytes, never less than a row. */
      if (limit > 0 && (json_array_get_length (items) == limit ||
                        (bytes > 0 && bytes + len > self->pull_page_bytes)))
        {
          more = TRUE;
          rc = VOISINS_DB_DONE;
          break;
        }
      bytes += len;
      next = voisins_db_column_int64 (stmt, 2);
      data = parse_object (voisins_db_column_text (stmt, 0));
      visible = visible_data (db, types[kind], data, voisins_db_column_text (stmt, 1), auth, role,
                              followed);
      if (visible)
        json_array_add_element (items, visible);
    }
  g_clear_pointer (&stmt, voisins_db_stmt_free);
  voisins_db_commit (db, NULL);
  _voisins_server_sqlite_give_reader (self, db);
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }

  return list_page (items, more, next);
}

/* }}} */
