/* voisins-server-sqlite-addresses.c: the association's address base (what
 * `import-addresses` loads), replaced whole, matched exactly; and the members' audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

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
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), FALSE);

  g_mutex_lock (&self->writer_lock);
  db = self->writer;
  ok = db != NULL && exec_sql (db, "BEGIN IMMEDIATE", error) &&
       (del = prepare (db, "DELETE FROM addresses WHERE association_id = ?", error)) &&
       (ins = prepare (db, "INSERT OR REPLACE INTO addresses (id, association_id, number, rep,"
                           " street, postcode, city, lat, lon, norm, street_norm)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error));
  if (ok)
    {
      voisins_sqlite_bind_text (del, 1, association_id);
      ok = sqlite3_step (del) == SQLITE_DONE || sql_error (db, sqlite3_errcode (db), error);
    }
  for (guint i = 0; ok && i < addresses->len; i++)
    {
      const VoisinsAddress *a = g_ptr_array_index (addresses, i);
      g_autofree char *norm = voisins_address_key (a);
      g_autofree char *street_norm = voisins_address_normalize (a->street);

      sqlite3_reset (ins);
      voisins_sqlite_bind_text (ins, 1, a->id);
      voisins_sqlite_bind_text (ins, 2, association_id);
      sqlite3_bind_int (ins, 3, a->number);
      voisins_sqlite_bind_text (ins, 4, a->rep ? a->rep : "");
      voisins_sqlite_bind_text (ins, 5, a->street);
      voisins_sqlite_bind_text (ins, 6, a->postcode ? a->postcode : "");
      voisins_sqlite_bind_text (ins, 7, a->city ? a->city : "");
      sqlite3_bind_double (ins, 8, a->lat);
      sqlite3_bind_double (ins, 9, a->lon);
      voisins_sqlite_bind_text (ins, 10, norm);
      voisins_sqlite_bind_text (ins, 11, street_norm);
      ok = sqlite3_step (ins) == SQLITE_DONE || sql_error (db, sqlite3_errcode (db), error);
    }
  if (ok)
    ok = exec_sql (db, "COMMIT", error);
  else if (db)
    exec_sql (db, "ROLLBACK", NULL);
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

static VoisinsAddress *
address_from_row (sqlite3_stmt *stmt)
{
  VoisinsAddress *a = voisins_address_new ();

  a->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  a->number = sqlite3_column_int (stmt, 1);
  g_free (a->rep);
  a->rep = g_strdup (sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2) : "");
  a->street = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  a->postcode = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  a->city = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  a->lat = sqlite3_column_double (stmt, 6);
  a->lon = sqlite3_column_double (stmt, 7);
  return a;
}

/* Reads on @db (a reader, or the writer inside its transaction). */
VoisinsAddress *
_voisins_server_sqlite_match_address (sqlite3     *db,
                                      const char  *association_id,
                                      const char  *text,
                                      GError     **error)
{
  g_autofree char *norm = voisins_address_normalize (text);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT " ADDRESS_COLUMNS
                            "WHERE association_id = ? AND norm = ? LIMIT 1", error)))
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  voisins_sqlite_bind_text (stmt, 2, norm);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return address_from_row (stmt);
  if (rc != SQLITE_DONE)
    sql_error (db, rc, error);
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
  sqlite3 *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  found = _voisins_server_sqlite_match_address (db, association_id, text, error);
  _voisins_server_sqlite_give_reader (self, db);
  return found;
}

/* Number of addresses in the base of @association_id (-1 on error). */
gint64
_voisins_server_sqlite_count_addresses (sqlite3     *db,
                                        const char  *association_id,
                                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (db, "SELECT count(*) FROM addresses WHERE association_id = ?", error)))
    return -1;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sql_error (db, sqlite3_errcode (db), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Appends to the members' audit trail, on the writer inside the caller's transaction.
 * @action: "letter-sent", "verified-code", "verified-in-person", "consent-changed",
 * "address-override", "imported", "report", "erased"...; @detail_json: NULL or a JSON
 * object with no personal data beyond ids and kinds; @user_id: who did it (NULL: the
 * neighbour herself, or an admin command). */
gboolean
_voisins_server_sqlite_audit (sqlite3     *db,
                              const char  *association_id,
                              const char  *member_id,
                              const char  *action,
                              const char  *detail_json,
                              const char  *user_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "INSERT INTO member_audit (association_id, member_id, action,"
                            " detail, user_id, at) VALUES (?, ?, ?, ?, ?, ?)", error)))
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  voisins_sqlite_bind_text (stmt, 2, member_id);
  voisins_sqlite_bind_text (stmt, 3, action);
  voisins_sqlite_bind_text (stmt, 4, detail_json ? detail_json : "{}");
  voisins_sqlite_bind_text (stmt, 5, user_id);
  sqlite3_bind_int64 (stmt, 6, now_s ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (db, rc, error);
  return TRUE;
}
