/* voisins-store-holiday.c: the holiday table's rows in the local store, and the commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All holiday rows are written here: as the server sends them (put_*_row, put_holiday_*)
 * and as a volunteer edits them (save, propose, set state, feedback: outbox and shadow in
 * the same transaction). Seats are the server's to grant (a refused proposal comes back
 * as a "table_full" notice). The campaign's reading is in -holiday-campaign.c.
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-holiday-codec.h"
#include "voisins-holiday-match.h"
#include "voisins-store-holiday-private.h"
#include "voisins-uuid.h"

/* {{{ rows */

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
                   " notes, version, server_seq, phone, first_name, last_name, address, postcode,"
                   " city)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, h->id);
  voisins_sqlite_bind_text (stmt, 2, h->association_id);
  voisins_sqlite_bind_text (stmt, 3, h->member_id);
  sqlite3_bind_int (stmt, 4, h->slots);
  sqlite3_bind_int (stmt, 5, h->seats);
  sqlite3_bind_int (stmt, 6, h->step_free);
  sqlite3_bind_int (stmt, 7, h->pets);
  sqlite3_bind_int (stmt, 8, h->diets);
  voisins_sqlite_bind_text (stmt, 9, h->languages);
  sqlite3_bind_int (stmt, 10, h->alcohol_free);
  sqlite3_bind_int (stmt, 11, h->children);
  sqlite3_bind_int (stmt, 12, h->can_fetch);
  voisins_sqlite_bind_text (stmt, 13, h->notes);
  sqlite3_bind_int64 (stmt, 14, h->version);
  sqlite3_bind_int64 (stmt, 15, h->server_seq);
  voisins_sqlite_bind_text (stmt, 16, h->phone);
  voisins_sqlite_bind_text (stmt, 17, h->first_name);
  voisins_sqlite_bind_text (stmt, 18, h->last_name);
  voisins_sqlite_bind_text (stmt, 19, h->address);
  voisins_sqlite_bind_text (stmt, 20, h->postcode);
  voisins_sqlite_bind_text (stmt, 21, h->city);

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
                   " version, server_seq, street, approx_lat, approx_lon, phone, first_name,"
                   " last_name, address, postcode, city)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   error);
  if (stmt == NULL)
    return FALSE;

  voisins_sqlite_bind_text (stmt, 1, g->id);
  voisins_sqlite_bind_text (stmt, 2, g->association_id);
  voisins_sqlite_bind_text (stmt, 3, g->member_id);
  sqlite3_bind_int (stmt, 4, g->slots);
  sqlite3_bind_int (stmt, 5, g->no_stairs);
  sqlite3_bind_int (stmt, 6, g->diets);
  voisins_sqlite_bind_text (stmt, 7, g->languages);
  sqlite3_bind_int (stmt, 8, g->pet_allergy);
  sqlite3_bind_int (stmt, 9, g->needs_fetch);
  sqlite3_bind_int (stmt, 10, g->wants_quiet);
  voisins_sqlite_bind_text (stmt, 11, g->notes);
  sqlite3_bind_int64 (stmt, 12, g->version);
  sqlite3_bind_int64 (stmt, 13, g->server_seq);
  voisins_sqlite_bind_text (stmt, 14, g->street);
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
  voisins_sqlite_bind_text (stmt, 17, g->phone);
  voisins_sqlite_bind_text (stmt, 18, g->first_name);
  voisins_sqlite_bind_text (stmt, 19, g->last_name);
  voisins_sqlite_bind_text (stmt, 20, g->address);
  voisins_sqlite_bind_text (stmt, 21, g->postcode);
  voisins_sqlite_bind_text (stmt, 22, g->city);

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

guint
voisins_store_count_holiday_hosts (VoisinsStore  *self,
                                   GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return _voisins_store_count (self, "SELECT count(*) FROM holiday_hosts WHERE deleted = 0",
                               error);
}

guint
voisins_store_count_holiday_guests (VoisinsStore  *self,
                                    GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return _voisins_store_count (self, "SELECT count(*) FROM holiday_guests WHERE deleted = 0",
                               error);
}

/* }}} */
void
voisins_holiday_person_free (VoisinsHolidayPerson *person)
{
  if (person == NULL)
    return;
  voisins_holiday_host_free (person->host);
  voisins_holiday_guest_free (person->guest);
  g_free (person->name);
  g_free (person->street);
  g_free (person);
}

char *
_voisins_store_holiday_short_name (const char *first,
                                   const char *last)
{
  if (last != NULL && last[0] != '\0')
    {
      gunichar c = g_utf8_get_char (last);
      char initial[8] = { 0 };

      g_unichar_to_utf8 (g_unichar_toupper (c), initial);
      return g_strdup_printf ("%s %s.", first ? first : "", initial);
    }
  return g_strdup (first ? first : "");
}

/* How a list names a guest whose identity the volunteer may not see yet. */
char *
_voisins_store_holiday_anonymous_guest_name (const char *street)
{
  if (street == NULL || *street == '\0')
    return g_strdup (_("Guest"));
  /* TRANSLATORS: a holiday guest whose name is not shown yet; %s is the street without
   * number, "rue de Charenton" */
  return g_strdup_printf (_("Guest, %s"), street);
}

gboolean
_voisins_store_holiday_lock_open (VoisinsStore  *self,
                                  GError       **error)
{
  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }
  return TRUE;
}

gboolean
_voisins_store_holiday_step_done (VoisinsStore  *self,
                                  sqlite3_stmt  *stmt,
                                  int            rc,
                                  GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _voisins_store_set_error (self, error, rc, "holiday");
  return TRUE;
}

/* {{{ reading rows */


VoisinsHolidayHost *
_voisins_store_holiday_host_from_row (sqlite3_stmt *stmt)
{
  VoisinsHolidayHost *h = g_new0 (VoisinsHolidayHost, 1);

  h->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  h->association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
  h->member_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
  h->slots = sqlite3_column_int (stmt, 3);
  h->seats = sqlite3_column_int (stmt, 4);
  h->step_free = sqlite3_column_int (stmt, 5);
  h->pets = sqlite3_column_int (stmt, 6);
  h->diets = sqlite3_column_int (stmt, 7);
  h->languages = g_strdup (voisins_sqlite_column_text (stmt, 8));
  h->alcohol_free = sqlite3_column_int (stmt, 9);
  h->children = sqlite3_column_int (stmt, 10);
  h->can_fetch = sqlite3_column_int (stmt, 11);
  h->notes = g_strdup (voisins_sqlite_column_text (stmt, 12));
  h->version = sqlite3_column_int64 (stmt, 13);
  h->server_seq = sqlite3_column_int64 (stmt, 14);
  h->phone = g_strdup (voisins_sqlite_column_text (stmt, 15));
  h->first_name = g_strdup (voisins_sqlite_column_text (stmt, 16));
  h->last_name = g_strdup (voisins_sqlite_column_text (stmt, 17));
  h->address = g_strdup (voisins_sqlite_column_text (stmt, 18));
  h->postcode = g_strdup (voisins_sqlite_column_text (stmt, 19));
  h->city = g_strdup (voisins_sqlite_column_text (stmt, 20));
  return h;
}

VoisinsHolidayGuest *
_voisins_store_holiday_guest_from_row (sqlite3_stmt *stmt)
{
  VoisinsHolidayGuest *g = g_new0 (VoisinsHolidayGuest, 1);

  g->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  g->association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
  g->member_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
  g->slots = sqlite3_column_int (stmt, 3);
  g->no_stairs = sqlite3_column_int (stmt, 4);
  g->diets = sqlite3_column_int (stmt, 5);
  g->languages = g_strdup (voisins_sqlite_column_text (stmt, 6));
  g->pet_allergy = sqlite3_column_int (stmt, 7);
  g->needs_fetch = sqlite3_column_int (stmt, 8);
  g->wants_quiet = sqlite3_column_int (stmt, 9);
  g->notes = g_strdup (voisins_sqlite_column_text (stmt, 10));
  g->version = sqlite3_column_int64 (stmt, 11);
  g->server_seq = sqlite3_column_int64 (stmt, 12);
  g->street = g_strdup (voisins_sqlite_column_text (stmt, 13));
  g->approx_lat = sqlite3_column_double (stmt, 14);
  g->approx_lon = sqlite3_column_double (stmt, 15);
  g->phone = g_strdup (voisins_sqlite_column_text (stmt, 16));
  g->first_name = g_strdup (voisins_sqlite_column_text (stmt, 17));
  g->last_name = g_strdup (voisins_sqlite_column_text (stmt, 18));
  g->address = g_strdup (voisins_sqlite_column_text (stmt, 19));
  g->postcode = g_strdup (voisins_sqlite_column_text (stmt, 20));
  g->city = g_strdup (voisins_sqlite_column_text (stmt, 21));
  return g;
}

static VoisinsHolidayHost *
load_host (VoisinsStore *self,
           const char   *id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT " HOST_COLS " FROM holiday_hosts h"
                                                  " WHERE h.id = ? AND h.deleted = 0", NULL);
  VoisinsHolidayHost *h = NULL;

  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    h = _voisins_store_holiday_host_from_row (stmt);
  sqlite3_reset (stmt);
  return h;
}

VoisinsHolidayGuest *
_voisins_store_holiday_load_guest (VoisinsStore *self,
                                   const char   *id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT " GUEST_COLS " FROM holiday_guests g"
                                                  " WHERE g.id = ? AND g.deleted = 0", NULL);
  VoisinsHolidayGuest *g = NULL;

  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g = _voisins_store_holiday_guest_from_row (stmt);
  sqlite3_reset (stmt);
  return g;
}

/* The server's copy of a holiday row as JSON (NULL when the server has not acknowledged
 * it, version 0), in the shape a pull brings it: the shadow before its first local edit.
 * Deleted rows included, as the server may still have them. */
static char *
snapshot_holiday (VoisinsStore *self,
                  const char   *entity,
                  const char   *id)
{
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *stmt;

  if (g_str_equal (entity, "holiday_host"))
    stmt = _voisins_store_stmt (self, "SELECT " HOST_COLS " FROM holiday_hosts h"
                                      " WHERE h.id = ? AND h.version > 0", NULL);
  else if (g_str_equal (entity, "holiday_guest"))
    stmt = _voisins_store_stmt (self, "SELECT " GUEST_COLS " FROM holiday_guests g"
                                      " WHERE g.id = ? AND g.version > 0", NULL);
  else if (g_str_equal (entity, "holiday_match"))
    stmt = _voisins_store_stmt (self, "SELECT id, association_id, host_id, guest_id, slot,"
                                      " state, created_at, updated_at, version, server_seq,"
                                      " feedback, follower_id, approved_by, approved_at"
                                      " FROM holiday_matches WHERE id = ? AND version > 0", NULL);
  else
    return NULL;

  if (stmt == NULL)
    return NULL;

  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_str_equal (entity, "holiday_host"))
        {
          g_autoptr(VoisinsHolidayHost) h = _voisins_store_holiday_host_from_row (stmt);
          node = voisins_holiday_host_to_pull_json (h);
        }
      else if (g_str_equal (entity, "holiday_guest"))
        {
          g_autoptr(VoisinsHolidayGuest) g = _voisins_store_holiday_guest_from_row (stmt);
          node = voisins_holiday_guest_to_pull_json (g);
        }
      else
        {
          const char *state_name = voisins_sqlite_column_text (stmt, 5);
          int state = voisins_holiday_match_state_from_string (state_name);
          VoisinsHolidayMatch m = {
            .id = (char *) voisins_sqlite_column_text (stmt, 0),
            .association_id = (char *) voisins_sqlite_column_text (stmt, 1),
            .host_id = (char *) voisins_sqlite_column_text (stmt, 2),
            .guest_id = (char *) voisins_sqlite_column_text (stmt, 3),
            .slot = sqlite3_column_int (stmt, 4),
            .state = state >= 0 ? state : VOISINS_HOLIDAY_MATCH_PROPOSED,
            .created_at = sqlite3_column_int64 (stmt, 6),
            .updated_at = sqlite3_column_int64 (stmt, 7),
            .version = sqlite3_column_int64 (stmt, 8),
            .server_seq = sqlite3_column_int64 (stmt, 9),
            .feedback = (char *) voisins_sqlite_column_text (stmt, 10),
            .follower_id = (char *) voisins_sqlite_column_text (stmt, 11),
            .approved_by = (char *) voisins_sqlite_column_text (stmt, 12),
            .approved_at = sqlite3_column_int64 (stmt, 13),
          };
          node = voisins_holiday_match_to_pull_json (&m);
        }
    }
  sqlite3_reset (stmt);

  return node != NULL ? voisins_json_to_string (node) : NULL;
}

/* }}} */
/* {{{ commands */

static gboolean
check_person (const char  *association_id,
              const char  *member_id,
              guint        slots,
              GError     **error)
{
  if (!voisins_uuid_is_valid (association_id) || !voisins_uuid_is_valid (member_id))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("A holiday table entry needs an association and a neighbour"));
      return FALSE;
    }
  if (slots == 0 || slots > 15)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Choose at least one meal"));
      return FALSE;
    }
  return TRUE;
}

/* The version of @id the server last sent (0: a row it has not got yet). Local edits keep
 * it, so it is the version an edit was made on. */
static gint64
synced_version (VoisinsStore *self,
                const char   *table_sql,
                const char   *id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, table_sql, NULL);
  gint64 version = 0;

  if (stmt == NULL)
    return 0;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

/* The "base" of the unsent put @seq (NULL if none), which a put folded into it keeps: the
 * row the server had when the first of them was made. */
static JsonNode *
unsent_base (VoisinsStore *self,
             gint64        seq)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT args FROM outbox WHERE seq = ?", NULL);
  g_autoptr(JsonNode) args = NULL;
  JsonNode *base = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    args = voisins_json_parse (voisins_sqlite_column_text (stmt, 0), -1, NULL);
  sqlite3_reset (stmt);
  if (args != NULL && JSON_NODE_HOLDS_OBJECT (args) &&
      json_object_has_member (json_node_get_object (args), "base"))
    base = json_node_copy (json_object_get_member (json_node_get_object (args), "base"));
  return base;
}

/* A put changes an existing row only on what its author saw (the server answers a stale
 * one with a conflict): send base_version and @base (taken), the row as the editor saw it
 * before this put, for a row the server has, and fold a put into the previous one not sent
 * yet, whose base is the same. The server judges on @base: after a restore versions repeat,
 * and base_version alone would let a put overwrite a row its author never saw (issue 14). */
static gboolean
queue_put (VoisinsStore  *self,
           const char    *name,
           const char    *entity,
           const char    *id,
           gint64         version,
           JsonNode      *args,
           JsonNode      *base,
           GError       **error)
{
  g_autoptr(JsonNode) owned_base = base;
  JsonObject *o = json_node_get_object (args);
  gint64 seq;

  seq = _voisins_store_unsent_entry (self, id, name);
  if (seq > 0)
    {
      g_autoptr(JsonNode) earlier = unsent_base (self, seq);

      if (earlier != NULL)
        {
          g_clear_pointer (&owned_base, json_node_unref);
          owned_base = g_steal_pointer (&earlier);
        }
    }
  if (version > 0)
    {
      json_object_set_int_member (o, "base_version", version);
      if (owned_base != NULL && JSON_NODE_HOLDS_OBJECT (owned_base))
        {
          JsonObject *b = json_node_get_object (owned_base);

          json_object_remove_member (b, "version");
          json_object_remove_member (b, "server_seq");
          json_object_set_member (o, "base", g_steal_pointer (&owned_base));
        }
    }
  if (seq > 0)
    return _voisins_store_rewrite_outbox (self, seq, args, error);
  return _voisins_store_append_outbox (self, name, entity, id, args, error);
}

/* What the server sent of the person on an existing row (the follower's phone and address,
 * an anonymous guest's street) is not the editor's to change: kept through a local edit. */
static void
keep_str (char       **dst,
          const char  *old)
{
  if (*dst == NULL && old != NULL)
    *dst = g_strdup (old);
}

static void
keep_host_person (VoisinsStore       *self,
                  VoisinsHolidayHost *dst)
{
  g_autoptr(VoisinsHolidayHost) old = load_host (self, dst->id);

  if (old == NULL)
    return;
  keep_str (&dst->phone, old->phone);
  keep_str (&dst->first_name, old->first_name);
  keep_str (&dst->last_name, old->last_name);
  keep_str (&dst->address, old->address);
  keep_str (&dst->postcode, old->postcode);
  keep_str (&dst->city, old->city);
}

static void
keep_guest_person (VoisinsStore        *self,
                   VoisinsHolidayGuest *dst)
{
  g_autoptr(VoisinsHolidayGuest) old = _voisins_store_holiday_load_guest (self, dst->id);

  if (old == NULL)
    return;
  keep_str (&dst->phone, old->phone);
  keep_str (&dst->first_name, old->first_name);
  keep_str (&dst->last_name, old->last_name);
  keep_str (&dst->address, old->address);
  keep_str (&dst->postcode, old->postcode);
  keep_str (&dst->city, old->city);
  keep_str (&dst->street, old->street);
  if (dst->approx_lat == 0 && dst->approx_lon == 0)
    {
      dst->approx_lat = old->approx_lat;
      dst->approx_lon = old->approx_lon;
    }
}

static gboolean
save_host_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  VoisinsHolidayHost *h = user_data;
  g_autoptr(JsonNode) args = voisins_holiday_host_to_json (h);
  g_autoptr(VoisinsHolidayHost) old = load_host (self, h->id);
  JsonNode *base = old ? voisins_holiday_host_to_json (old) : NULL;

  h->version = synced_version (self, "SELECT version FROM holiday_hosts WHERE id = ?", h->id);
  keep_host_person (self, h);
  return _voisins_store_save_shadow (self, "holiday_host", h->id, snapshot_holiday, error) &&
         _voisins_store_put_host_row (self, h, error) &&
         queue_put (self, "holiday.host.put", "holiday_host", h->id, h->version, args, base,
                    error);
}

/* The server's own check of the command (lengths, ranges), before it is queued: a
 * refusal here is a message in the form, not a rejection after a sync. Takes @args. */
static gboolean
check_spec (JsonNode                *args,
            const VoisinsFieldSpec  *spec,
            GError                 **error)
{
  g_autoptr(JsonNode) owned = args;
  g_autoptr(GError) local_error = NULL;

  if (voisins_field_spec_check (json_node_get_object (owned), spec, &local_error))
    return TRUE;
  g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                       local_error->message);
  return FALSE;
}

gboolean
voisins_store_save_holiday_host (VoisinsStore        *self,
                                 VoisinsHolidayHost  *host,
                                 GError             **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (!check_person (host->association_id, host->member_id, host->slots, error))
    return FALSE;
  if (host->seats == 0 || host->seats > 20)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("A table has between 1 and 20 seats"));
      return FALSE;
    }
  if (host->id == NULL)
    host->id = voisins_uuid_new ();
  if (!check_spec (voisins_holiday_host_to_json (host), voisins_holiday_host_spec, error))
    return FALSE;

  return voisins_store_transaction (self, save_host_txn, host, error);
}

static gboolean
save_guest_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  VoisinsHolidayGuest *g = user_data;
  g_autoptr(JsonNode) args = voisins_holiday_guest_to_json (g);
  g_autoptr(VoisinsHolidayGuest) old = _voisins_store_holiday_load_guest (self, g->id);
  JsonNode *base = old ? voisins_holiday_guest_to_json (old) : NULL;

  g->version = synced_version (self, "SELECT version FROM holiday_guests WHERE id = ?", g->id);
  keep_guest_person (self, g);
  return _voisins_store_save_shadow (self, "holiday_guest", g->id, snapshot_holiday, error) &&
         _voisins_store_put_guest_row (self, g, error) &&
         queue_put (self, "holiday.guest.put", "holiday_guest", g->id, g->version, args, base,
                    error);
}

gboolean
voisins_store_save_holiday_guest (VoisinsStore         *self,
                                  VoisinsHolidayGuest  *guest,
                                  GError              **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (guest != NULL, FALSE);

  if (!check_person (guest->association_id, guest->member_id, guest->slots, error))
    return FALSE;
  if (guest->id == NULL)
    guest->id = voisins_uuid_new ();
  if (!check_spec (voisins_holiday_guest_to_json (guest), voisins_holiday_guest_spec, error))
    return FALSE;

  return voisins_store_transaction (self, save_guest_txn, guest, error);
}

static int
count_live (VoisinsStore *self,
            const char   *sql,
            const char   *id,
            guint         slot)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, sql, NULL);
  int n = -1;

  if (stmt == NULL)
    return -1;
  voisins_sqlite_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, slot);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
write_match_row (VoisinsStore              *self,
                 const VoisinsHolidayMatch *m,
                 GError                   **error)
{
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self,
                              "INSERT OR REPLACE INTO holiday_matches (id, association_id,"
                              " host_id, guest_id, slot, state, created_at, updated_at, version,"
                              " server_seq, feedback, follower_id, approved_by, approved_at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, m->id);
  voisins_sqlite_bind_text (stmt, 2, m->association_id);
  voisins_sqlite_bind_text (stmt, 3, m->host_id);
  voisins_sqlite_bind_text (stmt, 4, m->guest_id);
  sqlite3_bind_int (stmt, 5, m->slot);
  voisins_sqlite_bind_text (stmt, 6, voisins_holiday_match_state_to_string (m->state));
  sqlite3_bind_int64 (stmt, 7, m->created_at);
  sqlite3_bind_int64 (stmt, 8, m->updated_at);
  sqlite3_bind_int64 (stmt, 9, m->version);
  sqlite3_bind_int64 (stmt, 10, m->server_seq);
  voisins_sqlite_bind_text (stmt, 11, m->feedback);
  voisins_sqlite_bind_text (stmt, 12, m->follower_id);
  voisins_sqlite_bind_text (stmt, 13, m->approved_by);
  sqlite3_bind_int64 (stmt, 14, m->approved_at);
  return _voisins_store_step (self, stmt, error);
}

static gboolean
propose_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  VoisinsRole role;
  VoisinsHolidayMatch *m = user_data;
  g_autoptr(VoisinsHolidayHost) host = load_host (self, m->host_id);
  g_autoptr(VoisinsHolidayGuest) guest = _voisins_store_holiday_load_guest (self, m->guest_id);
  g_autoptr(JsonNode) args = NULL;
  JsonObject *o;
  int taken;

  if (host == NULL || guest == NULL || g_strcmp0 (host->association_id, guest->association_id) != 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This host or guest is no longer in the campaign"));
      return FALSE;
    }
  if (!voisins_holiday_is_feasible (host, guest, m->slot))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("This table does not suit this guest for that meal"));
      return FALSE;
    }
  taken = count_live (self, "SELECT count(*) FROM holiday_matches WHERE host_id = ? AND slot = ?"
                            " AND deleted = 0 AND " LIVE, m->host_id, m->slot);
  if (taken < 0 || taken >= (int) host->seats)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("No seat left at this table"));
      return FALSE;
    }
  if (count_live (self, "SELECT count(*) FROM holiday_matches WHERE guest_id = ? AND slot = ?"
                        " AND deleted = 0 AND " LIVE, m->guest_id, m->slot) != 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("The guest already has a table for that meal"));
      return FALSE;
    }

  m->association_id = g_strdup (host->association_id);
  /* As the server will: the proposer follows the match, approved at once when a
   * coordinator proposes it; a volunteer's waits for a coordinator. */
  m->follower_id = voisins_store_get_user_id (self);
  if (m->follower_id != NULL && voisins_store_get_role (self, m->association_id, &role) &&
      role >= VOISINS_ROLE_COORDINATOR)
    {
      m->approved_by = g_strdup (m->follower_id);
      m->approved_at = m->created_at;
    }
  if (!_voisins_store_save_shadow (self, "holiday_match", m->id, NULL, error) ||
      !write_match_row (self, m, error))
    return FALSE;

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  /* Exactly the server's match_spec. */
  json_object_set_string_member (o, "id", m->id);
  json_object_set_string_member (o, "host_id", m->host_id);
  json_object_set_string_member (o, "guest_id", m->guest_id);
  json_object_set_int_member (o, "slot", m->slot);
  return _voisins_store_append_outbox (self, "holiday.match.propose", "holiday_match", m->id,
                                       args, error);
}

char *
voisins_store_propose_holiday_match (VoisinsStore  *self,
                                     const char    *host_id,
                                     const char    *guest_id,
                                     guint          slot,
                                     GError       **error)
{
  g_autoptr(VoisinsHolidayMatch) m = g_new0 (VoisinsHolidayMatch, 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (host_id != NULL && guest_id != NULL, NULL);

  if (slot == 0 || (slot & (slot - 1)) != 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Choose one meal"));
      return NULL;
    }
  m->id = voisins_uuid_new ();
  m->host_id = g_strdup (host_id);
  m->guest_id = g_strdup (guest_id);
  m->slot = slot;
  m->state = VOISINS_HOLIDAY_MATCH_PROPOSED;
  m->created_at = m->updated_at = now;

  if (!voisins_store_transaction (self, propose_txn, m, error))
    return NULL;
  return g_steal_pointer (&m->id);
}

typedef struct
{
  const char               *id;
  VoisinsHolidayMatchState  state;
  gboolean                  undo;   /* holiday.match.undo_state: back to @state */
} SetState;

static gboolean
set_state_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  SetState *st = user_data;
  g_autoptr(JsonNode) args = NULL;
  JsonObject *o;
  sqlite3_stmt *stmt;
  gint64 version = 0;
  int from = -1;

  stmt = _voisins_store_stmt (self, "SELECT state, version FROM holiday_matches"
                                    " WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, st->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      from = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 0));
      version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (from < 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return FALSE;
    }
  if (st->undo ? !voisins_holiday_match_state_can_undo (from, st->state)
               : !voisins_holiday_match_state_can_move (from, st->state))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           st->undo ? _("This step can no longer be undone")
                                    : _("A match cannot go back to an earlier step"));
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "holiday_match", st->id, snapshot_holiday,
                                   error))
    return FALSE;

  stmt = _voisins_store_stmt (self, "UPDATE holiday_matches SET state = ?, updated_at = ?"
                                    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, voisins_holiday_match_state_to_string (st->state));
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  voisins_sqlite_bind_text (stmt, 3, st->id);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  json_object_set_string_member (o, "id", st->id);
  json_object_set_string_member (o, "state", voisins_holiday_match_state_to_string (st->state));
  if (st->undo)
    {
      /* The state this copy saw: the server refuses the undo if it moved since. */
      json_object_set_string_member (o, "from", voisins_holiday_match_state_to_string (from));
      return _voisins_store_append_outbox (self, "holiday.match.undo_state", "holiday_match",
                                           st->id, args, error);
    }
  json_object_set_int_member (o, "base_version", version);
  return _voisins_store_append_outbox (self, "holiday.match.set_state", "holiday_match", st->id,
                                       args, error);
}

typedef struct
{
  const char *id;
  const char *follower_id;
} Approve;

static gboolean
approve_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  Approve *a = user_data;
  g_autoptr(JsonNode) args = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (args);
  g_autofree char *association_id = NULL;
  g_autofree char *me = voisins_store_get_user_id (self);
  sqlite3_stmt *stmt;
  VoisinsRole role;
  int state = -1;

  json_object_unref (o);
  stmt = _voisins_store_stmt (self, "SELECT state, association_id FROM holiday_matches"
                                    " WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, a->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      state = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 0));
      association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (state < 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return FALSE;
    }
  /* The server refuses it too; saying so here spares a rejected push. */
  if (association_id == NULL || !voisins_store_get_role (self, association_id, &role) ||
      role < VOISINS_ROLE_COORDINATOR)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Only a coordinator can approve a match"));
      return FALSE;
    }
  if (state == VOISINS_HOLIDAY_MATCH_DECLINED || state == VOISINS_HOLIDAY_MATCH_DONE)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("This match is over"));
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "holiday_match", a->id, snapshot_holiday, error))
    return FALSE;
  stmt = _voisins_store_stmt (self, "UPDATE holiday_matches SET"
                                    " follower_id = coalesce (?2, follower_id),"
                                    " approved_by = coalesce (?3, ''), approved_at = ?4"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, a->id);
  voisins_sqlite_bind_text (stmt, 2, a->follower_id);
  voisins_sqlite_bind_text (stmt, 3, me);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  /* Exactly the server's match_approve_spec. */
  json_object_set_string_member (o, "id", a->id);
  if (a->follower_id != NULL)
    json_object_set_string_member (o, "follower_id", a->follower_id);
  return _voisins_store_append_outbox (self, "holiday.match.approve", "holiday_match", a->id,
                                       args, error);
}

gboolean
voisins_store_approve_holiday_match (VoisinsStore  *self,
                                     const char    *id,
                                     const char    *follower_id,
                                     GError       **error)
{
  Approve a = { id, follower_id };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (follower_id == NULL || voisins_uuid_is_valid (follower_id), FALSE);

  return voisins_store_transaction (self, approve_txn, &a, error);
}

typedef struct
{
  const char *id;
  const char *feedback;
} Feedback;

static gboolean
feedback_txn (VoisinsStore  *self,
              gpointer       user_data,
              GError       **error)
{
  Feedback *f = user_data;
  g_autoptr(JsonNode) args = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (args);
  sqlite3_stmt *stmt;
  gint64 version = -1;
  int state = -1;

  stmt = _voisins_store_stmt (self, "SELECT state, version FROM holiday_matches"
                                    " WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, f->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      state = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 0));
      version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (state != VOISINS_HOLIDAY_MATCH_DONE)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("How it went can be told once the meal is done"));
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "holiday_match", f->id, snapshot_holiday, error))
    return FALSE;

  stmt = _voisins_store_stmt (self, "UPDATE holiday_matches SET feedback = ?, updated_at = ?"
                                    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, f->feedback);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  voisins_sqlite_bind_text (stmt, 3, f->id);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;

  json_object_set_string_member (o, "id", f->id);
  json_object_set_string_member (o, "state", "done");
  json_object_set_string_member (o, "feedback", f->feedback);
  json_object_set_int_member (o, "base_version", version);
  return _voisins_store_append_outbox (self, "holiday.match.set_state", "holiday_match", f->id,
                                       args, error);
}

gboolean
voisins_store_set_holiday_match_feedback (VoisinsStore  *self,
                                          const char    *id,
                                          const char    *feedback,
                                          GError       **error)
{
  Feedback f = { id, feedback };
  glong n;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && feedback != NULL, FALSE);

  n = g_utf8_validate (feedback, -1, NULL) ? g_utf8_strlen (feedback, -1) : -1;
  if (n < 1 || n > 2000)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Write a few words, at most 2,000 characters"));
      return FALSE;
    }

  return voisins_store_transaction (self, feedback_txn, &f, error);
}

gboolean
voisins_store_set_holiday_match_state (VoisinsStore              *self,
                                       const char                *id,
                                       VoisinsHolidayMatchState   state,
                                       GError                   **error)
{
  SetState st = { id, state, FALSE };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (state < VOISINS_HOLIDAY_MATCH_N_STATES, FALSE);

  return voisins_store_transaction (self, set_state_txn, &st, error);
}

gboolean
voisins_store_undo_holiday_match_state (VoisinsStore              *self,
                                        const char                *id,
                                        VoisinsHolidayMatchState   state,
                                        GError                   **error)
{
  SetState st = { id, state, TRUE };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (state < VOISINS_HOLIDAY_MATCH_N_STATES, FALSE);

  return voisins_store_transaction (self, set_state_txn, &st, error);
}

static gboolean
put_match_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  return write_match_row (self, user_data, error);
}

gboolean
voisins_store_put_holiday_match (VoisinsStore               *self,
                                 const VoisinsHolidayMatch  *match,
                                 GError                    **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (match != NULL && match->id && match->host_id && match->guest_id, FALSE);

  return voisins_store_transaction (self, put_match_txn, (gpointer) match, error);
}

/* }}} */
