/* voisins-store-holiday.c: the holiday table campaign in the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holiday rows get no shadow: the pull writes them as the server sends them, and seats
 * are the server's to grant (a refused proposal comes back as a "table_full" notice).
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-holiday-codec.h"
#include "voisins-holiday-match.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

#define LIVE "state <> 'declined'"


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
                   " notes, version, server_seq, phone)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
  return _voisins_store_count (self, "SELECT count(*) FROM holiday_hosts WHERE deleted = 0", error);
}

guint
voisins_store_count_holiday_guests (VoisinsStore  *self,
                                    GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  return _voisins_store_count (self, "SELECT count(*) FROM holiday_guests WHERE deleted = 0", error);
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

static char *
short_name (const char *first,
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
static char *
anonymous_guest_name (const char *street)
{
  if (street == NULL || *street == '\0')
    return g_strdup (_("Guest"));
  /* TRANSLATORS: a holiday guest whose name is not shown yet; %s is the street without
   * number, "rue de Charenton" */
  return g_strdup_printf (_("Guest, %s"), street);
}

static gboolean
lock_open (VoisinsStore  *self,
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

static gboolean
step_done (VoisinsStore  *self,
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

#define HOST_COLS "h.id, h.association_id, h.member_id, h.slots, h.seats, h.step_free, h.pets," \
  " h.diets, h.languages, h.alcohol_free, h.children, h.can_fetch, h.notes, h.version," \
  " h.server_seq, h.phone"
#define GUEST_COLS "g.id, g.association_id, g.member_id, g.slots, g.no_stairs, g.diets," \
  " g.languages, g.pet_allergy, g.needs_fetch, g.wants_quiet, g.notes, g.version, g.server_seq," \
  " g.street, g.approx_lat, g.approx_lon, g.phone"
#define N_HOST_COLS 16
#define N_GUEST_COLS 17

static VoisinsHolidayHost *
host_from_row (sqlite3_stmt *stmt)
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
  return h;
}

static VoisinsHolidayGuest *
guest_from_row (sqlite3_stmt *stmt)
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
    h = host_from_row (stmt);
  sqlite3_reset (stmt);
  return h;
}

static VoisinsHolidayGuest *
load_guest (VoisinsStore *self,
            const char   *id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT " GUEST_COLS " FROM holiday_guests g"
                                                  " WHERE g.id = ? AND g.deleted = 0", NULL);
  VoisinsHolidayGuest *g = NULL;

  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g = guest_from_row (stmt);
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
                                      " feedback FROM holiday_matches"
                                      " WHERE id = ? AND version > 0", NULL);
  else
    return NULL;

  if (stmt == NULL)
    return NULL;

  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_str_equal (entity, "holiday_host"))
        {
          g_autoptr(VoisinsHolidayHost) h = host_from_row (stmt);
          node = voisins_holiday_host_to_pull_json (h);
        }
      else if (g_str_equal (entity, "holiday_guest"))
        {
          g_autoptr(VoisinsHolidayGuest) g = guest_from_row (stmt);
          node = voisins_holiday_guest_to_pull_json (g);
        }
      else
        {
          int state = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 5));
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

static gboolean
save_host_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  VoisinsHolidayHost *h = user_data;
  g_autoptr(JsonNode) args = voisins_holiday_host_to_json (h);

  return _voisins_store_save_shadow (self, "holiday_host", h->id, snapshot_holiday, error) &&
         _voisins_store_put_host_row (self, h, error) &&
         _voisins_store_append_outbox (self, "holiday.host.put", "holiday_host", h->id, args,
                                       error);
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

  return voisins_store_transaction (self, save_host_txn, host, error);
}

static gboolean
save_guest_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  VoisinsHolidayGuest *g = user_data;
  g_autoptr(JsonNode) args = voisins_holiday_guest_to_json (g);

  return _voisins_store_save_shadow (self, "holiday_guest", g->id, snapshot_holiday, error) &&
         _voisins_store_put_guest_row (self, g, error) &&
         _voisins_store_append_outbox (self, "holiday.guest.put", "holiday_guest", g->id, args,
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
                              " server_seq, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
  return _voisins_store_step (self, stmt, error);
}

static gboolean
propose_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  VoisinsHolidayMatch *m = user_data;
  g_autoptr(VoisinsHolidayHost) host = load_host (self, m->host_id);
  g_autoptr(VoisinsHolidayGuest) guest = load_guest (self, m->guest_id);
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
  if (!voisins_holiday_match_state_can_move (from, st->state))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("A match cannot go back to an earlier step"));
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
  json_object_set_int_member (o, "base_version", version);
  return _voisins_store_append_outbox (self, "holiday.match.set_state", "holiday_match", st->id,
                                       args, error);
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
  SetState st = { id, state };

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
/* {{{ reading */

static GPtrArray *
list_people (VoisinsStore  *self,
             const char    *sql,
             const char    *association_id,
             gboolean       hosts,
             GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_person_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!lock_open (self, error))
    return NULL;
  if (!(stmt = _voisins_store_stmt (self, sql, error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsHolidayPerson *p = g_new0 (VoisinsHolidayPerson, 1);
      int base = hosts ? N_HOST_COLS : N_GUEST_COLS;

      if (hosts)
        p->host = host_from_row (stmt);
      else
        p->guest = guest_from_row (stmt);
      if (!hosts && sqlite3_column_type (stmt, base) == SQLITE_NULL)
        {
          /* A volunteer's anonymous copy: no name before following one of its matches. */
          p->street = g_strdup (p->guest->street);
          p->name = anonymous_guest_name (p->street);
        }
      else
        {
          p->name = short_name (voisins_sqlite_column_text (stmt, base),
                                voisins_sqlite_column_text (stmt, base + 1));
          p->street = voisins_holiday_street_of (voisins_sqlite_column_text (stmt, base + 2));
        }
      g_ptr_array_add (out, p);
    }
  if (!step_done (self, stmt, rc, error))
    g_clear_pointer (&out, g_ptr_array_unref);
  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&out);
}

GPtrArray *
voisins_store_list_holiday_hosts (VoisinsStore  *self,
                                  const char    *association_id,
                                  GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  return list_people (self, "SELECT " HOST_COLS ", m.first_name, m.last_name, m.address"
                            " FROM holiday_hosts h LEFT JOIN members m ON m.id = h.member_id"
                            " WHERE h.deleted = 0 AND (?1 IS NULL OR h.association_id = ?1)"
                            " ORDER BY m.last_name, m.first_name, h.id",
                      association_id, TRUE, error);
}

GPtrArray *
voisins_store_list_holiday_guests (VoisinsStore  *self,
                                   const char    *association_id,
                                   GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  return list_people (self, "SELECT " GUEST_COLS ", m.first_name, m.last_name, m.address"
                            " FROM holiday_guests g LEFT JOIN members m ON m.id = g.member_id"
                            " WHERE g.deleted = 0 AND (?1 IS NULL OR g.association_id = ?1)"
                            " ORDER BY m.last_name IS NULL, m.last_name, m.first_name, g.street,"
                            " g.id",
                      association_id, FALSE, error);
}

#define MATCH_SELECT                                                                    \
  "SELECT x.id, x.association_id, x.host_id, x.guest_id, x.slot, x.state, x.created_at,"  \
  " x.updated_at, x.version, x.server_seq, hm.first_name, hm.last_name, gm.first_name,"   \
  " gm.last_name, g.street, x.feedback FROM holiday_matches x"                          \
  " LEFT JOIN holiday_hosts h ON h.id = x.host_id LEFT JOIN members hm ON hm.id = h.member_id" \
  " LEFT JOIN holiday_guests g ON g.id = x.guest_id LEFT JOIN members gm ON gm.id = g.member_id" \
  " WHERE x.deleted = 0 AND (?1 IS NULL OR x.association_id = ?1)"

static GPtrArray *
list_matches (VoisinsStore  *self,
              const char    *sql,
              const char    *association_id,
              guint          state_mask,
              GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_match_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!lock_open (self, error))
    return NULL;
  if (!(stmt = _voisins_store_stmt (self, sql, error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return NULL;
    }
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int state = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 5));
      VoisinsHolidayMatch *m;

      if (state < 0 || (state_mask != 0 && !(state_mask & (1u << state))))
        continue;
      m = g_new0 (VoisinsHolidayMatch, 1);
      m->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      m->association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
      m->host_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
      m->guest_id = g_strdup (voisins_sqlite_column_text (stmt, 3));
      m->slot = sqlite3_column_int (stmt, 4);
      m->state = state;
      m->created_at = sqlite3_column_int64 (stmt, 6);
      m->updated_at = sqlite3_column_int64 (stmt, 7);
      m->version = sqlite3_column_int64 (stmt, 8);
      m->server_seq = sqlite3_column_int64 (stmt, 9);
      m->feedback = g_strdup (voisins_sqlite_column_text (stmt, 15));
      m->host_name = short_name (voisins_sqlite_column_text (stmt, 10),
                                 voisins_sqlite_column_text (stmt, 11));
      if (sqlite3_column_type (stmt, 12) == SQLITE_NULL)
        m->guest_name = anonymous_guest_name (voisins_sqlite_column_text (stmt, 14));
      else
        m->guest_name = short_name (voisins_sqlite_column_text (stmt, 12),
                                    voisins_sqlite_column_text (stmt, 13));
      g_ptr_array_add (out, m);
    }
  if (!step_done (self, stmt, rc, error))
    g_clear_pointer (&out, g_ptr_array_unref);
  g_rec_mutex_unlock (&self->mutex);
  return g_steal_pointer (&out);
}

GPtrArray *
voisins_store_list_holiday_matches (VoisinsStore  *self,
                                    const char    *association_id,
                                    guint          state_mask,
                                    GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  return list_matches (self, MATCH_SELECT " ORDER BY x.slot, x.created_at, x.id",
                       association_id, state_mask, error);
}

GPtrArray *
voisins_store_list_holiday_calls (VoisinsStore  *self,
                                  const char    *association_id,
                                  GError       **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  /* Slot bits are in time order, so ordering by slot is ordering by date. */
  return list_matches (self, MATCH_SELECT " AND x.state IN ('proposed', 'host-called')"
                             " ORDER BY x.slot, x.created_at, x.id",
                       association_id,
                       (1u << VOISINS_HOLIDAY_MATCH_PROPOSED) |
                       (1u << VOISINS_HOLIDAY_MATCH_HOST_CALLED), error);
}

gboolean
voisins_store_get_holiday_dashboard (VoisinsStore             *self,
                                     const char               *association_id,
                                     VoisinsHolidayDashboard  *d,
                                     GError                  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (d != NULL, FALSE);

  memset (d, 0, sizeof *d);
  if (!lock_open (self, error))
    return FALSE;

  if ((stmt = _voisins_store_stmt (self, "SELECT slots, seats FROM holiday_hosts"
                                         " WHERE deleted = 0 AND (?1 IS NULL OR association_id = ?1)",
                                   error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          d->hosts++;
          guint slots = (guint) sqlite3_column_int (stmt, 0), n_slots = 0;

          for (; slots; slots &= slots - 1)
            n_slots++;
          d->seats_total += (guint) sqlite3_column_int (stmt, 1) * n_slots;
        }
      ok = step_done (self, stmt, rc, error);
    }
  else
    ok = FALSE;

  if (ok && (stmt = _voisins_store_stmt (self,
                   "SELECT count(*), (SELECT count(DISTINCT x.guest_id) FROM holiday_matches x"
                   "   JOIN holiday_guests g2 ON g2.id = x.guest_id AND g2.deleted = 0"
                   "   WHERE x.deleted = 0 AND x.state <> 'declined'"
                   "   AND (?1 IS NULL OR x.association_id = ?1))"
                   " FROM holiday_guests WHERE deleted = 0 AND (?1 IS NULL OR association_id = ?1)",
                   error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          d->guests = sqlite3_column_int (stmt, 0);
          d->guests_placed = sqlite3_column_int (stmt, 1);
          rc = SQLITE_DONE;
        }
      ok = step_done (self, stmt, rc, error);
    }
  else
    ok = FALSE;

  if (ok && (stmt = _voisins_store_stmt (self, "SELECT state, count(*) FROM holiday_matches"
                                               " WHERE deleted = 0"
                                               " AND (?1 IS NULL OR association_id = ?1)"
                                               " GROUP BY state", error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int state = voisins_holiday_match_state_from_string (voisins_sqlite_column_text (stmt, 0));

          if (state >= 0)
            d->by_state[state] = sqlite3_column_int (stmt, 1);
          if (state >= 0 && state != VOISINS_HOLIDAY_MATCH_DECLINED)
            d->seats_taken += sqlite3_column_int (stmt, 1);
        }
      ok = step_done (self, stmt, rc, error);
    }
  else
    ok = FALSE;

  g_rec_mutex_unlock (&self->mutex);

  d->seats_left = d->seats_total > d->seats_taken ? d->seats_total - d->seats_taken : 0;
  d->guests_waiting = d->guests > d->guests_placed ? d->guests - d->guests_placed : 0;
  return ok;
}

/* }}} */
/* {{{ matching from the store */

static VoisinsHolidayMatcher *
load_matcher (VoisinsStore  *self,
              const char    *association_id,
              GError       **error)
{
  g_autoptr(VoisinsHolidayMatcher) matcher = voisins_holiday_matcher_new ();
  sqlite3_stmt *stmt;
  int rc;

  /* Exact positions are read here and stay inside the matcher. */
  /* A volunteer's copy of a member has only the approximate position. */
  if (!(stmt = _voisins_store_stmt (self, "SELECT " HOST_COLS ", coalesce (nullif (m.lat, 0),"
                                          " m.approx_lat), coalesce (nullif (m.lon, 0),"
                                          " m.approx_lon), m.address"
                                          " FROM holiday_hosts h"
                                          " LEFT JOIN members m ON m.id = h.member_id"
                                          " WHERE h.deleted = 0 AND h.association_id = ?",
                                    error)))
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(VoisinsHolidayHost) h = host_from_row (stmt);
      g_autofree char *street =
        voisins_holiday_street_of (voisins_sqlite_column_text (stmt, N_HOST_COLS + 2));

      voisins_holiday_matcher_add_host (matcher, h, sqlite3_column_double (stmt, N_HOST_COLS),
                                        sqlite3_column_double (stmt, N_HOST_COLS + 1), street);
    }
  if (!step_done (self, stmt, rc, error))
    return NULL;

  /* A guest the volunteer may not identify yet: its approximate position and street. */
  if (!(stmt = _voisins_store_stmt (self, "SELECT " GUEST_COLS ","
                                          " coalesce (nullif (m.lat, 0), nullif (m.approx_lat, 0),"
                                          "   g.approx_lat),"
                                          " coalesce (nullif (m.lon, 0), nullif (m.approx_lon, 0),"
                                          "   g.approx_lon),"
                                          " coalesce (m.address, g.street)"
                                          " FROM holiday_guests g"
                                          " LEFT JOIN members m ON m.id = g.member_id"
                                          " WHERE g.deleted = 0 AND g.association_id = ?",
                                    error)))
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(VoisinsHolidayGuest) g = guest_from_row (stmt);
      g_autofree char *street =
        voisins_holiday_street_of (voisins_sqlite_column_text (stmt, N_GUEST_COLS + 2));

      voisins_holiday_matcher_add_guest (matcher, g, sqlite3_column_double (stmt, N_GUEST_COLS),
                                         sqlite3_column_double (stmt, N_GUEST_COLS + 1), street);
    }
  if (!step_done (self, stmt, rc, error))
    return NULL;

  if (!(stmt = _voisins_store_stmt (self, "SELECT host_id, guest_id, slot FROM holiday_matches"
                                          " WHERE deleted = 0 AND " LIVE
                                          " AND association_id = ?", error)))
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    voisins_holiday_matcher_add_taken (matcher, voisins_sqlite_column_text (stmt, 0),
                                       voisins_sqlite_column_text (stmt, 1),
                                       sqlite3_column_int (stmt, 2));
  if (!step_done (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&matcher);
}

GPtrArray *
voisins_store_suggest_holiday_hosts (VoisinsStore  *self,
                                     const char    *guest_id,
                                     guint          max_results,
                                     GError       **error)
{
  g_autoptr(VoisinsHolidayMatcher) matcher = NULL;
  g_autoptr(VoisinsHolidayGuest) guest = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (guest_id != NULL, NULL);

  if (!lock_open (self, error))
    return NULL;
  guest = load_guest (self, guest_id);
  if (guest == NULL)
    {
      g_rec_mutex_unlock (&self->mutex);
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This guest is no longer in the campaign"));
      return NULL;
    }
  matcher = load_matcher (self, guest->association_id, error);
  g_rec_mutex_unlock (&self->mutex);
  if (matcher == NULL)
    return NULL;
  return voisins_holiday_matcher_suggest (matcher, guest_id, max_results);
}

GPtrArray *
voisins_store_plan_holiday (VoisinsStore  *self,
                            const char    *association_id,
                            GError       **error)
{
  g_autoptr(VoisinsHolidayMatcher) matcher = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  if (!lock_open (self, error))
    return NULL;
  matcher = load_matcher (self, association_id, error);
  g_rec_mutex_unlock (&self->mutex);
  if (matcher == NULL)
    return NULL;
  return voisins_holiday_matcher_plan (matcher);
}

/* }}} */
/* {{{ privacy */

static gboolean
log_reveal_txn (VoisinsStore  *self,
                gpointer       user_data,
                GError       **error)
{
  const char **a = user_data;
  sqlite3_stmt *stmt;

  stmt = _voisins_store_stmt (self, "INSERT INTO holiday_reveals (association_id, match_id,"
                                    " member_id, viewer, revealed_at)"
                                    " SELECT association_id, id, ?2, ?3, ?4 FROM holiday_matches"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, a[0]);
  voisins_sqlite_bind_text (stmt, 2, a[1]);
  voisins_sqlite_bind_text (stmt, 3, a[2]);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return FALSE;
    }
  return TRUE;
}

gboolean
voisins_store_log_holiday_reveal (VoisinsStore  *self,
                                  const char    *match_id,
                                  const char    *member_id,
                                  const char    *viewer,
                                  GError       **error)
{
  const char *a[] = { match_id, member_id, viewer };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (match_id != NULL && member_id != NULL, FALSE);

  return voisins_store_transaction (self, log_reveal_txn, a, error);
}

static gboolean
may_reveal (VoisinsStore *self,
            const char   *member_id,
            const char   *match_id)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (match_id == NULL)
    return FALSE;
  stmt = _voisins_store_stmt (self,
                              "SELECT 1 FROM holiday_matches x"
                              " LEFT JOIN holiday_hosts h ON h.id = x.host_id"
                              " LEFT JOIN holiday_guests g ON g.id = x.guest_id"
                              " WHERE x.id = ?1 AND x.deleted = 0"
                              " AND x.state IN ('confirmed', 'done')"
                              " AND (h.member_id = ?2 OR g.member_id = ?2)", NULL);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, match_id);
  voisins_sqlite_bind_text (stmt, 2, member_id);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return ok;
}

/* The phone of the person to call next in @match_id, when @member_id is that person:
 * the host while the match is proposed, the guest once the host said yes. From the
 * member's card (a coordinator's copy) or else from the host's or guest's row (what the
 * server sends the volunteer following the match). NULL otherwise. */
static char *
call_phone (VoisinsStore *self,
            const char   *member_id,
            const char   *match_id)
{
  sqlite3_stmt *stmt;
  char *phone = NULL;

  if (match_id == NULL || member_id == NULL || *member_id == '\0')
    return NULL;
  stmt = _voisins_store_stmt (self,
                              "SELECT CASE x.state WHEN 'proposed' THEN coalesce (nullif (m.phone, ''),"
                              "   h.phone) ELSE coalesce (nullif (m.phone, ''), g.phone) END"
                              " FROM holiday_matches x"
                              " LEFT JOIN holiday_hosts h ON h.id = x.host_id"
                              " LEFT JOIN holiday_guests g ON g.id = x.guest_id"
                              " LEFT JOIN members m ON m.id = ?2"
                              " WHERE x.id = ?1 AND x.deleted = 0"
                              " AND ((x.state = 'proposed' AND h.member_id = ?2)"
                              "   OR (x.state = 'host-called' AND g.member_id = ?2))", NULL);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, match_id);
  voisins_sqlite_bind_text (stmt, 2, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && voisins_sqlite_column_text (stmt, 0) != NULL &&
      *voisins_sqlite_column_text (stmt, 0) != '\0')
    phone = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return phone;
}

VoisinsHolidayContact *
voisins_store_get_holiday_contact (VoisinsStore  *self,
                                   const char    *member_id,
                                   const char    *match_id,
                                   gboolean       reveal,
                                   const char    *viewer,
                                   GError       **error)
{
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(VoisinsHolidayContact) c = NULL;
  g_autofree char *phone = NULL;
  gboolean revealed;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  member = voisins_store_get_member (self, member_id, error);
  if (member == NULL)
    return NULL;

  g_rec_mutex_lock (&self->mutex);
  revealed = reveal && may_reveal (self, member_id, match_id);
  if (reveal && !revealed)
    phone = call_phone (self, member_id, match_id);
  g_rec_mutex_unlock (&self->mutex);
  if ((revealed || phone != NULL) &&
      !voisins_store_log_holiday_reveal (self, match_id, member_id, viewer, error))
    return NULL;

  c = g_new0 (VoisinsHolidayContact, 1);
  c->member_id = g_strdup (member_id);
  c->street = voisins_holiday_street_of (voisins_member_get_address (member));
  c->revealed = revealed;
  if (revealed)
    {
      c->name = g_strdup_printf ("%s %s", voisins_member_get_first_name (member),
                                 voisins_member_get_last_name (member));
      c->address = g_strdup (voisins_member_get_address (member));
      c->phone = g_strdup (voisins_member_get_phone (member));
      c->lat = voisins_member_get_latitude (member);
      c->lon = voisins_member_get_longitude (member);
    }
  else
    {
      c->name = short_name (voisins_member_get_first_name (member),
                            voisins_member_get_last_name (member));
      c->lat = voisins_member_get_approx_latitude (member);
      c->lon = voisins_member_get_approx_longitude (member);
      /* Only the number to call, nothing else of the person. */
      c->phone = g_steal_pointer (&phone);
    }
  return g_steal_pointer (&c);
}

/* }}} */
/* {{{ purge */

/* The same WHERE for the preview and the purge: what it counts is what it deletes. */
#define KEEP_PENDING " AND id NOT IN (SELECT entity_id FROM outbox WHERE acked = 0" \
                     " AND entity_id IS NOT NULL)"

static const char *purge_counts[] = {
  "SELECT count(*) FROM holiday_hosts WHERE association_id = ?1" KEEP_PENDING,
  "SELECT count(*) FROM holiday_guests WHERE association_id = ?1" KEEP_PENDING,
  "SELECT count(*) FROM holiday_matches WHERE association_id = ?1" KEEP_PENDING,
  "SELECT count(*) FROM holiday_reveals WHERE association_id = ?1",
};

static const char *purge_deletes[] = {
  "DELETE FROM holiday_hosts WHERE association_id = ?1" KEEP_PENDING,
  "DELETE FROM holiday_guests WHERE association_id = ?1" KEEP_PENDING,
  "DELETE FROM holiday_matches WHERE association_id = ?1" KEEP_PENDING,
  "DELETE FROM holiday_reveals WHERE association_id = ?1",
};

static gboolean
preview_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  gpointer *a = user_data;
  guint *counts = a[1];

  for (guint i = 0; i < G_N_ELEMENTS (purge_counts); i++)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, purge_counts[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, a[0]);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          counts[i] = sqlite3_column_int (stmt, 0);
          rc = SQLITE_DONE;
        }
      if (!step_done (self, stmt, rc, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
purge_txn (VoisinsStore  *self,
           gpointer       user_data,
           GError       **error)
{
  gpointer *a = user_data;
  guint *counts = a[1];

  for (guint i = 0; i < G_N_ELEMENTS (purge_deletes); i++)
    {
      sqlite3_stmt *stmt = _voisins_store_stmt (self, purge_deletes[i], error);

      if (stmt == NULL)
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, a[0]);
      if (!_voisins_store_step (self, stmt, error))
        return FALSE;
      counts[i] = sqlite3_changes (self->db);
    }
  return TRUE;
}

gboolean
voisins_store_preview_holiday_purge (VoisinsStore               *self,
                                     const char                 *association_id,
                                     VoisinsHolidayPurgeCounts  *counts,
                                     GError                    **error)
{
  guint n[4] = { 0 };
  gpointer a[] = { (gpointer) association_id, n };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL && counts != NULL, FALSE);

  if (!voisins_store_transaction (self, preview_txn, a, error))
    return FALSE;
  *counts = (VoisinsHolidayPurgeCounts) { n[0], n[1], n[2], n[3] };
  return TRUE;
}

gboolean
voisins_store_purge_holiday (VoisinsStore               *self,
                             const char                 *association_id,
                             VoisinsHolidayPurgeCounts  *counts,
                             GError                    **error)
{
  guint n[4] = { 0 };
  gpointer a[] = { (gpointer) association_id, n };

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);

  if (!voisins_store_transaction (self, purge_txn, a, error))
    return FALSE;
  if (counts)
    *counts = (VoisinsHolidayPurgeCounts) { n[0], n[1], n[2], n[3] };
  return TRUE;
}

static gboolean
clear_campaign_txn (VoisinsStore  *self,
                    gpointer       user_data,
                    GError       **error)
{
  gpointer *a = user_data;
  g_autoptr(JsonNode) args = json_node_init_object (json_node_alloc (), json_object_new ());

  if (!purge_txn (self, user_data, error))
    return FALSE;

  json_object_set_string_member (json_node_get_object (args), "association_id", a[0]);
  return _voisins_store_append_outbox (self, "holiday.purge", "association", a[0], args, error);
}

gboolean
voisins_store_clear_holiday_campaign (VoisinsStore               *self,
                                      const char                 *association_id,
                                      VoisinsHolidayPurgeCounts  *counts,
                                      GError                    **error)
{
  guint n[4] = { 0 };
  gpointer a[] = { (gpointer) association_id, n };
  VoisinsRole role;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (association_id != NULL, FALSE);

  /* The server would refuse a volunteer, after this laptop had already dropped the list. */
  if (voisins_store_get_role (self, association_id, &role) && role == VOISINS_ROLE_VOLUNTEER)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Only a coordinator can clear the holiday table"));
      return FALSE;
    }

  if (!voisins_store_transaction (self, clear_campaign_txn, a, error))
    return FALSE;
  if (counts)
    *counts = (VoisinsHolidayPurgeCounts) { n[0], n[1], n[2], n[3] };
  return TRUE;
}

/* }}} */
