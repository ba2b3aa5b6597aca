/* voisins-server-sqlite-addresses.c: the association's address base (what
 * `import-addresses` loads), replaced whole, matched exactly; and the members' audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <string.h>

#include "voisins-server-sqlite-private.h"

#define ADDRESS_COLUMNS "id, number, rep, street, postcode, city, lat, lon FROM addresses "

/* Replaces the address base of @association_id with @addresses (VoisinsAddress), in one
 * transaction. The caller has kept only the addresses inside the boundary. */
gboolean
voisins_server_sqlite_replace_addresses (VoisinsServerSqlite  *self,
                                         const char           *association_id,
                                         GPtrArray            *addresses,
                                         GError              **error)
{
  g_autoptr(VoisinsDbStmt) del = NULL;
  g_autoptr(VoisinsDbStmt) ins = NULL;
  gboolean ok;
  VoisinsDb *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), FALSE);

  g_mutex_lock (&self->writer_lock);
  db = self->writer;
  ok = db != NULL && voisins_db_begin (db, VOISINS_DB_WRITE, error) &&
       (del = voisins_db_prepare (db, "DELETE FROM addresses WHERE association_id = ?", error)) &&
       (ins = voisins_db_prepare (db,
                                  "INSERT INTO addresses (id, association_id, number, rep,"
                                  " street, postcode, city, lat, lon, norm, street_norm)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                  " ON CONFLICT (association_id, id) DO UPDATE SET"
                                  " number = excluded.number, rep = excluded.rep,"
                                  " street = excluded.street, postcode = excluded.postcode,"
                                  " city = excluded.city, lat = excluded.lat, lon = excluded.lon,"
                                  " norm = excluded.norm, street_norm = excluded.street_norm",
                                  error));
  if (ok)
    {
      voisins_db_bind_text (del, 1, association_id);
      ok = voisins_db_stmt_step (del, error) == VOISINS_DB_DONE;
    }
  for (guint i = 0; ok && i < addresses->len; i++)
    {
      const VoisinsAddress *a = g_ptr_array_index (addresses, i);
      g_autofree char *norm = voisins_address_key (a);
      g_autofree char *street_norm = voisins_address_normalize (a->street);

      voisins_db_stmt_reset (ins);
      voisins_db_bind_text (ins, 1, a->id);
      voisins_db_bind_text (ins, 2, association_id);
      voisins_db_bind_int64 (ins, 3, a->number);
      voisins_db_bind_text (ins, 4, a->rep ? a->rep : "");
      voisins_db_bind_text (ins, 5, a->street);
      voisins_db_bind_text (ins, 6, a->postcode ? a->postcode : "");
      voisins_db_bind_text (ins, 7, a->city ? a->city : "");
      voisins_db_bind_double (ins, 8, a->lat);
      voisins_db_bind_double (ins, 9, a->lon);
      voisins_db_bind_text (ins, 10, norm);
      voisins_db_bind_text (ins, 11, street_norm);
      ok = voisins_db_stmt_step (ins, error) == VOISINS_DB_DONE;
    }
  if (ok)
    {
      g_autoptr(VoisinsDbStmt) bump = NULL;

      ok = (bump = voisins_db_prepare (
                db,
                "UPDATE associations SET addresses_version = addresses_version + 1"
                " WHERE id = ?",
                error)) != NULL;
      if (ok)
        {
          voisins_db_bind_text (bump, 1, association_id);
          ok = voisins_db_stmt_step (bump, error) == VOISINS_DB_DONE;
        }
      if (ok && voisins_db_changes (db) == 0)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
          ok = FALSE;
        }
    }
  if (ok)
    ok = voisins_db_commit (db, error);
  else if (db)
    voisins_db_rollback (db);
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

VoisinsPolygon *
voisins_server_sqlite_get_boundary (VoisinsServerSqlite  *self,
                                    const char           *association_id,
                                    GError              **error)
{
  g_autoptr(Assoc) a = NULL;
  g_autoptr(GError) local_error = NULL;
  VoisinsDb *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  a = _voisins_server_sqlite_load_assoc (db, association_id, TRUE, &local_error);
  _voisins_server_sqlite_give_reader (self, db);
  if (a == NULL)
    {
      if (local_error)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                             "No such association");
      return NULL;
    }
  return a->boundary ? voisins_polygon_ref (a->boundary) : NULL;
}

static VoisinsAddress *
address_from_row (VoisinsDbStmt *stmt)
{
  VoisinsAddress *a = voisins_address_new ();

  a->id = g_strdup (voisins_db_column_text (stmt, 0));
  a->number = voisins_db_column_int64 (stmt, 1);
  g_free (a->rep);
  a->rep = g_strdup (voisins_db_column_text (stmt, 2) ? voisins_db_column_text (stmt, 2) : "");
  a->street = g_strdup (voisins_db_column_text (stmt, 3));
  a->postcode = g_strdup (voisins_db_column_text (stmt, 4));
  a->city = g_strdup (voisins_db_column_text (stmt, 5));
  a->lat = voisins_db_column_double (stmt, 6);
  a->lon = voisins_db_column_double (stmt, 7);
  return a;
}

/* Reads on @db (a reader, or the writer inside its transaction). */
VoisinsAddress *
_voisins_server_sqlite_match_address (VoisinsDb  *db,
                                      const char *association_id,
                                      const char *text,
                                      GError    **error)
{
  g_autofree char *norm = voisins_address_normalize (text);
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (
            db, "SELECT " ADDRESS_COLUMNS "WHERE association_id = ? AND norm = ? LIMIT 1", error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, norm);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_ROW)
    return address_from_row (stmt);
  return NULL;
}

/* The address of the base that @text is, or NULL (no error) when there is none. */
VoisinsAddress *
voisins_server_sqlite_match_address (VoisinsServerSqlite  *self,
                                     const char           *association_id,
                                     const char           *text,
                                     GError              **error)
{
  VoisinsAddress *found;
  VoisinsDb      *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  found = _voisins_server_sqlite_match_address (db, association_id, text, error);
  _voisins_server_sqlite_give_reader (self, db);
  return found;
}

/* Number of addresses in the base of @association_id (-1 on error). */
gint64
_voisins_server_sqlite_count_addresses (VoisinsDb *db, const char *association_id, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;

  if (!(stmt = voisins_db_prepare (db, "SELECT count(*) FROM addresses WHERE association_id = ?",
                                   error)))
    return -1;
  voisins_db_bind_text (stmt, 1, association_id);
  if (voisins_db_stmt_step (stmt, error) != VOISINS_DB_ROW)
    {
      return -1;
    }
  return voisins_db_column_int64 (stmt, 0);
}

/* Appends to the members' audit trail, on the writer inside the caller's transaction.
 * @action: "letter-sent", "verified-code", "verified-in-person", "consent-changed",
 * "address-override", "imported", "report", "erased"...; @detail_json: NULL or a JSON
 * object with no personal data beyond ids and kinds; @user_id: who did it (NULL: the
 * neighbour herself, or an admin command). */
gboolean
_voisins_server_sqlite_audit (VoisinsDb  *db,
                              const char *association_id,
                              const char *member_id,
                              const char *action,
                              const char *detail_json,
                              const char *user_id,
                              GError    **error)
{
  g_autoptr(VoisinsDbCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_cached (db,
                                  "INSERT INTO member_audit (association_id,"
                                  " member_id, action, detail, user_id, at)"
                                  " VALUES (?, ?, ?, ?, ?, ?)",
                                  error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id);
  voisins_db_bind_text (stmt, 3, action);
  voisins_db_bind_text (stmt, 4, detail_json ? detail_json : "{}");
  voisins_db_bind_text (stmt, 5, user_id);
  voisins_db_bind_int64 (stmt, 6, now_s ());
  rc = voisins_db_stmt_step (stmt, error);
  if (rc != VOISINS_DB_DONE)
    return FALSE;
  return TRUE;
}

/* {{{ the association's contact details */

static gboolean
check_detail (const char  *what,
              const char  *value,
              gsize        max_len,
              GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL) || strlen (value) > max_len)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                   "The %s must be valid text of at most %" G_GSIZE_FORMAT " bytes", what, max_len);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20)
      {
        g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                     "The %s must be on one line", what);
        return FALSE;
      }
  return TRUE;
}

/* Checks the contact details printed on letters; NULL: not given. "" clears a detail (never
 * the name). */
gboolean
voisins_server_sqlite_check_association_details (const char  *name,
                                                 const char  *phone,
                                                 const char  *email,
                                                 const char  *address,
                                                 GError     **error)
{
  if (!check_detail ("name", name, 200, error) || !check_detail ("phone", phone, 40, error) ||
      !check_detail ("email", email, 254, error) || !check_detail ("address", address, 300, error))
    return FALSE;
  if (name != NULL)
    {
      g_autofree char *copy = g_strstrip (g_strdup (name));

      if (copy[0] == '\0')
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                               "The association needs a name");
          return FALSE;
        }
    }
  if (phone != NULL && phone[0] != '\0')
    {
      guint digits = 0;

      for (const char *p = phone; *p; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (!strchr (" +.-()", *p))
            {
              g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                                   "The phone number may have only digits, spaces and + . - ( )");
              return FALSE;
            }
        }
      if (digits < 4)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                               "The phone number is too short");
          return FALSE;
        }
    }
  if (email != NULL && email[0] != '\0' &&
      (strchr (email, '@') == NULL || strchr (email, ' ') != NULL ||
       email[0] == '@' || strchr (email, '@')[1] == '\0'))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           "The email address must look like name@example.org");
      return FALSE;
    }
  return TRUE;
}

/* Changes the details given (NULL: unchanged, "": cleared). */
gboolean
voisins_server_sqlite_set_association_details (VoisinsServerSqlite  *self,
                                               const char           *association_id,
                                               const char           *name,
                                               const char           *phone,
                                               const char           *email,
                                               const char           *address,
                                               GError              **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), FALSE);

  if (!voisins_server_sqlite_check_association_details (name, phone, email, address, error))
    return FALSE;

  g_mutex_lock (&self->writer_lock);
  /* One statement, one row: the change is atomic without a transaction of its own. */
  ok = self->writer != NULL &&
       (stmt = voisins_db_prepare (
            self->writer,
            "UPDATE associations SET"
            " name = coalesce (?2, name),"
            " phone = CASE WHEN CAST (?3 AS TEXT) IS NULL THEN phone ELSE nullif (?3, '') END,"
            " email = CASE WHEN CAST (?4 AS TEXT) IS NULL THEN email ELSE nullif (?4, '') END,"
            " address = CASE WHEN CAST (?5 AS TEXT) IS NULL THEN address ELSE nullif (?5, '') END"
            " WHERE id = ?1",
            error)) != NULL;
  if (ok)
    {
      g_autofree char *stripped = name ? g_strstrip (g_strdup (name)) : NULL;

      voisins_db_bind_text (stmt, 1, association_id);
      voisins_db_bind_text (stmt, 2, stripped);
      voisins_db_bind_text (stmt, 3, phone);
      voisins_db_bind_text (stmt, 4, email);
      voisins_db_bind_text (stmt, 5, address);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc != VOISINS_DB_DONE)
        ok = FALSE;
      else if (voisins_db_changes (self->writer) == 0)
        {
          g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND,
                               "No such association");
          ok = FALSE;
        }
    }
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

/* }}} */

/* {{{ the storage interface */

static JsonNode *
list_addresses_on (VoisinsDb  *db,
                   const char *association_id,
                   gint64      known_version,
                   gint64     *version,
                   GError    **error)
{
  g_autoptr(VoisinsDbStmt) ver = NULL;
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  JsonObject *root;
  JsonNode *node;
  int rc;

  if (!(ver = voisins_db_prepare (db, "SELECT addresses_version FROM associations WHERE id = ?",
                                  error)))
    return NULL;
  voisins_db_bind_text (ver, 1, association_id);
  rc = voisins_db_stmt_step (ver, error);
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
  *version = voisins_db_column_int64 (ver, 0);
  if (*version == known_version)
    return NULL;

  if (!(stmt = voisins_db_prepare (db,
                                   "SELECT " ADDRESS_COLUMNS "WHERE association_id = ?"
                                   " ORDER BY street_norm, number, rep",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      g_autoptr(VoisinsAddress) a = address_from_row (stmt);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", a->id);
      json_object_set_int_member (item, "number", a->number);
      json_object_set_string_member (item, "rep", a->rep ? a->rep : "");
      json_object_set_string_member (item, "street", a->street);
      json_object_set_string_member (item, "postcode", a->postcode ? a->postcode : "");
      json_object_set_string_member (item, "city", a->city ? a->city : "");
      json_object_set_double_member (item, "lat", a->lat);
      json_object_set_double_member (item, "lon", a->lon);
      json_array_add_object_element (items, item);
    }
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }

  root = json_object_new ();
  json_object_set_int_member (root, "version", *version);
  json_object_set_array_member (root, "items", g_steal_pointer (&items));
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return node;
}

JsonNode *
_voisins_server_sqlite_list_addresses (VoisinsServerStorage  *storage,
                                       const char            *association_id,
                                       gint64                 known_version,
                                       gint64                *version,
                                       GError               **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  JsonNode *node = NULL;
  VoisinsDb           *db;

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  /* One read transaction: the version and the rows it names. */
  if (voisins_db_begin (db, VOISINS_DB_READ, error))
    {
      node = list_addresses_on (db, association_id, known_version, version, error);
      voisins_db_commit (db, NULL);
    }
  _voisins_server_sqlite_give_reader (self, db);
  return node;
}

gboolean
_voisins_server_sqlite_set_association_details (VoisinsServerStorage  *storage,
                                                const char            *association_id,
                                                const char            *name,
                                                const char            *phone,
                                                const char            *email,
                                                const char            *address,
                                                GError               **error)
{
  return voisins_server_sqlite_set_association_details (VOISINS_SERVER_SQLITE (storage),
                                                        association_id, name, phone, email,
                                                        address, error);
}

/* }}} */
