/* voisins-server-sqlite-members-io.c: the members' spreadsheet, imported in one
 * transaction against the address base, and exported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-member-csv.h"

#include "voisins-server-sqlite-private.h"

/* A member's duplicate key: her name and her address, both in their comparison form. */
static char *
member_key (const char *first_name,
            const char *last_name,
            const char *address)
{
  g_autofree char *name = voisins_member_csv_name_key (first_name, last_name);
  g_autofree char *where = voisins_address_normalize (address);

  return g_strconcat (name, "|", where, NULL);
}

/* The association's live members (not deleted, not erased), decoded, in name order. */
static GPtrArray *
load_members (VoisinsDb *db, const char *association_id, GError **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_prepare (db,
                                   "SELECT data FROM records WHERE association_id = ?"
                                   " AND type = 'member' AND deleted = 0"
                                   " ORDER BY json_extract (data, '$.last_name') NULLS FIRST,"
                                   " json_extract (data, '$.first_name') NULLS FIRST",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      const char *data = voisins_db_column_text (stmt, 0);
      g_autoptr(JsonNode) node = voisins_json_parse (data, -1, NULL);
      VoisinsMember *m;

      if (node == NULL || !(m = voisins_member_from_json (node, NULL)))
        continue;
      if (voisins_member_get_erased_at (m) != 0)
        {
          g_object_unref (m);
          continue;
        }
      g_ptr_array_add (members, m);
    }
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  return g_steal_pointer (&members);
}

static JsonObject *
report_row (JsonArray                 *rows,
            const VoisinsMemberCsvRow *row,
            const char                *status,
            const char                *code,
            const char                *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "line", row->line);
  json_object_set_string_member (o, "status", status);
  if (row->member)
    {
      json_object_set_string_member (o, "first_name", voisins_member_get_first_name (row->member));
      if (voisins_member_get_last_name (row->member))
        json_object_set_string_member (o, "last_name", voisins_member_get_last_name (row->member));
      if (voisins_member_get_address (row->member))
        json_object_set_string_member (o, "address", voisins_member_get_address (row->member));
    }
  else
    {
      /* A refused row: what it says, as written, so that the coordinator finds it. */
      if (row->name)
        json_object_set_string_member (o, "name", row->name);
      if (row->address)
        json_object_set_string_member (o, "address", row->address);
      if (row->text)
        json_object_set_string_member (o, "text", row->text);
    }
  if (code)
    json_object_set_string_member (o, "code", code);
  if (reason)
    json_object_set_string_member (o, "reason", reason);
  json_array_add_object_element (rows, o);
  return o;
}

static gboolean
store_member (Ctx            *ctx,
              VoisinsMember  *member,
              guint           line,
              const char     *user_id,
              GError        **error)
{
  g_autoptr(Record) r = g_new0 (Record, 1);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *detail = g_strdup_printf ("{\"line\":%u}", line);

  _voisins_server_sqlite_set_approx (ctx, member, NULL);
  node = voisins_member_to_json (member, TRUE);
  r->id = g_strdup (voisins_member_get_id (member));
  r->type = g_strdup ("member");
  r->association_id = g_strdup (voisins_member_get_association_id (member));
  r->data = json_object_ref (json_node_get_object (node));
  r->field_versions = json_object_new ();
  r->version = 1;
  r->recorded_by = g_strdup (user_id);
  return _voisins_server_sqlite_store_record (ctx, r, 0, error) &&
         _voisins_server_sqlite_audit (ctx->db, r->association_id, r->id, "imported", detail,
                                       user_id, error);
}

/* Decides each row, then writes the good ones, all in the writer's one transaction. */
static JsonNode *
import_locked (VoisinsServerSqlite  *self,
               const char           *association_id,
               VoisinsMemberCsv     *csv,
               gboolean              dry_run,
               const char           *user_id,
               GError              **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(Assoc) assoc = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autoptr(JsonArray) warnings = json_array_new ();
  g_autoptr(JsonObject) report = json_object_new ();
  Ctx ctx = { self, self->writer, NULL, now_s () };
  guint n_ok = 0, n_duplicates = 0, n_refused = 0;
  gint64 n_addresses;

  if (!(assoc = _voisins_server_sqlite_load_assoc (ctx.db, association_id, TRUE, error)) ||
      (n_addresses = _voisins_server_sqlite_count_addresses (ctx.db, association_id, error)) < 0 ||
      !(existing = load_members (ctx.db, association_id, error)))
    return NULL;
  for (guint i = 0; i < existing->len; i++)
    {
      VoisinsMember *m = g_ptr_array_index (existing, i);

      g_hash_table_add (keys, member_key (voisins_member_get_first_name (m),
                                          voisins_member_get_last_name (m),
                                          voisins_member_get_address (m)));
    }

  for (guint i = 0; i < csv->rows->len; i++)
    {
      const VoisinsMemberCsvRow *row = g_ptr_array_index (csv->rows, i);
      g_autoptr(VoisinsAddress) found = NULL;
      g_autofree char *key = NULL;
      g_autofree char *id = NULL;
      VoisinsMember *m = row->member;
      const char *address = m ? voisins_member_get_address (m) : NULL;
      double lat, lon;
      JsonObject *o;

      if (row->problem != VOISINS_MEMBER_CSV_OK)
        {
          report_row (rows, row, "refused", voisins_member_csv_problem_to_string (row->problem),
                      row->reason);
          n_refused++;
          continue;
        }
      if (address == NULL || *address == '\0')
        {
          report_row (rows, row, "refused", "no_address", "No address on this line");
          n_refused++;
          continue;
        }
      if (n_addresses > 0)
        {
          g_autoptr(GError) local_error = NULL;

          found = _voisins_server_sqlite_match_address (ctx.db, association_id, address,
                                                        &local_error);
          if (local_error)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (found == NULL)
            {
              report_row (rows, row, "refused", "address_not_found",
                          "Address not found in the quartier's address base");
              n_refused++;
              continue;
            }
          lat = found->lat;
          lon = found->lon;
          /* The address as the base writes it (in the report too), so that the member list
           * reads the same for all. */
          {
            g_autofree char *formatted = voisins_address_format (found);

            voisins_member_set_address (m, formatted);
            if (voisins_member_get_postcode (m) == NULL && found->postcode && *found->postcode)
              voisins_member_set_postcode (m, found->postcode);
            if (voisins_member_get_city (m) == NULL && found->city && *found->city)
              voisins_member_set_city (m, found->city);
          }
        }
      else if (row->has_position)
        {
          lat = row->lat;
          lon = row->lon;
        }
      else
        {
          report_row (rows, row, "refused", "no_address_base",
                      "The association has no address base yet: load it with "
                      "`voisins-server import-addresses` first (or give latitude and "
                      "longitude columns)");
          n_refused++;
          continue;
        }
      if (assoc->boundary && !voisins_polygon_contains (assoc->boundary, lat, lon))
        {
          report_row (rows, row, "refused", "outside_quartier", "Outside the quartier");
          n_refused++;
          continue;
        }

      key = member_key (voisins_member_get_first_name (m), voisins_member_get_last_name (m),
                        voisins_member_get_address (m));
      if (g_hash_table_contains (keys, key))
        {
          o = report_row (rows, row, "duplicate", "duplicate",
                          "Already a member (same name and address)");
          n_duplicates++;
          continue;
        }
      g_hash_table_add (keys, g_steal_pointer (&key));

      o = report_row (rows, row, "ok", NULL, NULL);
      n_ok++;
      if (dry_run)
        continue;

      id = voisins_uuid_new ();
      voisins_member_set_id (m, id);
      voisins_member_set_association_id (m, association_id);
      voisins_member_set_latitude (m, lat);
      voisins_member_set_longitude (m, lon);
      voisins_member_set_verification (m, VOISINS_VERIFICATION_UNVERIFIED);
      voisins_member_set_created_at (m, ctx.now);
      voisins_member_set_updated_at (m, ctx.now);
      voisins_member_set_version (m, 1);
      if (!store_member (&ctx, m, row->line, user_id, error))
        return NULL;
      json_object_set_string_member (o, "member_id", id);
    }

  for (guint i = 0; i < csv->warnings->len; i++)
    json_array_add_string_element (warnings, g_ptr_array_index (csv->warnings, i));
  json_object_set_boolean_member (report, "dry_run", dry_run);
  json_object_set_string_member (report, "encoding", csv->encoding);
  json_object_set_int_member (report, dry_run ? "to_import" : "imported", n_ok);
  json_object_set_int_member (report, "duplicates", n_duplicates);
  json_object_set_int_member (report, "refused", n_refused);
  json_object_set_array_member (report, "warnings", g_steal_pointer (&warnings));
  json_object_set_array_member (report, "rows", g_steal_pointer (&rows));
  return json_node_init_object (json_node_alloc (), report);
}

/**
 * voisins_server_sqlite_import_members:
 * @user_id: (nullable): who imports (recorded_by and the audit trail); NULL: an admin command
 *
 * Reads the spreadsheet @data and makes a member of each good row, all in one transaction
 * (none with @dry_run). Returns the report: {dry_run, encoding, imported (to_import when
 * @dry_run), duplicates, refused, warnings: [text], rows: [{line, status: ok | refused |
 * duplicate, first_name, last_name, address (the base's spelling), code, reason,
 * member_id}]}. Fails only when the file as a whole is unusable or the database fails; then
 * nothing is written.
 */
JsonNode *
voisins_server_sqlite_import_members (VoisinsServerSqlite  *self,
                                      const char           *association_id,
                                      const char           *data,
                                      gsize                 len,
                                      gboolean              dry_run,
                                      const char           *user_id,
                                      GError              **error)
{
  g_autoptr(VoisinsMemberCsv) csv = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *report;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);

  if (!(csv = voisins_member_csv_read (data, len, &local_error)))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                           local_error->message);
      return NULL;
    }

  g_mutex_lock (&self->writer_lock);
  if (self->writer == NULL || !voisins_db_begin (self->writer, VOISINS_DB_WRITE, error))
    {
      g_mutex_unlock (&self->writer_lock);
      return NULL;
    }
  report = import_locked (self, association_id, csv, dry_run, user_id, error);
  if (report && !dry_run && !voisins_db_commit (self->writer, error))
    g_clear_pointer (&report, json_node_unref);
  if (report == NULL || dry_run)
    voisins_db_rollback (self->writer);
  g_mutex_unlock (&self->writer_lock);
  return report;
}

/* The association's members as a spreadsheet (voisins_member_csv_write). */
char *
voisins_server_sqlite_export_members (VoisinsServerSqlite  *self,
                                      const char           *association_id,
                                      gsize                *len,
                                      GError              **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(Assoc) assoc = NULL;
  VoisinsDb *db;

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);

  if (!(db = _voisins_server_sqlite_take_reader (self, error)))
    return NULL;
  if ((assoc = _voisins_server_sqlite_load_assoc (db, association_id, FALSE, error)))
    members = load_members (db, association_id, error);
  _voisins_server_sqlite_give_reader (self, db);
  if (members == NULL)
    return NULL;
  return voisins_member_csv_write (members, len);
}

static gboolean
may (VoisinsServerAuth    *auth,
     const char           *association_id,
     VoisinsServerAction   action,
     GError              **error)
{
  int role = voisins_server_auth_get_role (auth, association_id);

  if (role < 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Not a member of this association");
      return FALSE;
    }
  if (!voisins_server_rules_allows (role, VOISINS_SERVER_RECORD_MEMBER, action,
                                    VOISINS_SERVER_RELATION_ANY, NULL))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FORBIDDEN,
                           "Only coordinators may import or export the members' spreadsheet");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
_voisins_server_sqlite_import_members (VoisinsServerStorage  *storage,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       GBytes                *csv,
                                       gboolean               dry_run,
                                       GError               **error)
{
  gsize len = 0;
  const char *data = csv ? g_bytes_get_data (csv, &len) : NULL;

  if (!may (auth, association_id, VOISINS_SERVER_ACTION_IMPORT, error))
    return NULL;
  return voisins_server_sqlite_import_members (VOISINS_SERVER_SQLITE (storage), association_id,
                                               data ? data : "", len, dry_run, auth->user_id,
                                               error);
}

char *
_voisins_server_sqlite_export_members (VoisinsServerStorage  *storage,
                                       VoisinsServerAuth     *auth,
                                       const char            *association_id,
                                       gsize                 *len,
                                       GError               **error)
{
  if (!may (auth, association_id, VOISINS_SERVER_ACTION_EXPORT, error))
    return NULL;
  return voisins_server_sqlite_export_members (VOISINS_SERVER_SQLITE (storage), association_id,
                                               len, error);
}
