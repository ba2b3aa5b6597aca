/* voisins-store-holiday-campaign.c: the holiday campaign read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists of hosts, guests and matches, the dashboard, suggestions and the plan from the
 * matcher, contacts revealed to a volunteer (and logged), and the purge after the
 * campaign. Rows are read through voisins-store-holiday.c.
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "voisins-holiday-codec.h"
#include "voisins-holiday-match.h"
#include "voisins-store-holiday-private.h"
#include "voisins-uuid.h"

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

  if (!_voisins_store_holiday_lock_open (self, error))
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
        p->host = _voisins_store_holiday_host_from_row (stmt);
      else
        p->guest = _voisins_store_holiday_guest_from_row (stmt);
      if (!hosts && sqlite3_column_type (stmt, base) == SQLITE_NULL)
        {
          /* A volunteer's anonymous copy: no name before following one of its matches. */
          p->street = g_strdup (p->guest->street);
          p->name = _voisins_store_holiday_anonymous_guest_name (p->street);
        }
      else
        {
          p->name = _voisins_store_holiday_short_name (voisins_sqlite_column_text (stmt, base),
                                voisins_sqlite_column_text (stmt, base + 1));
          p->street = voisins_holiday_street_of (voisins_sqlite_column_text (stmt, base + 2));
        }
      g_ptr_array_add (out, p);
    }
  if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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
  " gm.last_name, g.street, x.feedback, x.follower_id, x.approved_by, x.approved_at,"     \
  " h.first_name, h.last_name, g.first_name, g.last_name FROM holiday_matches x"          \
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

  if (!_voisins_store_holiday_lock_open (self, error))
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
      m->follower_id = g_strdup (voisins_sqlite_column_text (stmt, 16));
      m->approved_by = g_strdup (voisins_sqlite_column_text (stmt, 17));
      m->approved_at = sqlite3_column_int64 (stmt, 18);
      /* A volunteer's copy of a member has no last name beyond its initial: the short name
       * is the same either way. The followed row's names come when there is no member. */
      if (sqlite3_column_type (stmt, 10) == SQLITE_NULL)
        m->host_name = _voisins_store_holiday_short_name (voisins_sqlite_column_text (stmt, 19),
                                   voisins_sqlite_column_text (stmt, 20));
      else
        m->host_name = _voisins_store_holiday_short_name (voisins_sqlite_column_text (stmt, 10),
                                   voisins_sqlite_column_text (stmt, 11));
      if (sqlite3_column_type (stmt, 12) == SQLITE_NULL &&
          sqlite3_column_type (stmt, 21) != SQLITE_NULL)
        m->guest_name = _voisins_store_holiday_short_name (voisins_sqlite_column_text (stmt, 21),
                                    voisins_sqlite_column_text (stmt, 22));
      else if (sqlite3_column_type (stmt, 12) == SQLITE_NULL)
        m->guest_name =
          _voisins_store_holiday_anonymous_guest_name (voisins_sqlite_column_text (stmt, 14));
      else
        m->guest_name = _voisins_store_holiday_short_name (voisins_sqlite_column_text (stmt, 12),
                                    voisins_sqlite_column_text (stmt, 13));
      g_ptr_array_add (out, m);
    }
  if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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
  if (!_voisins_store_holiday_lock_open (self, error))
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
      ok = _voisins_store_holiday_step_done (self, stmt, rc, error);
    }
  else
    ok = FALSE;

  if (ok && (stmt = _voisins_store_stmt (self,
                   "SELECT count(*), (SELECT count(DISTINCT x.guest_id) FROM holiday_matches x"
                   "   JOIN holiday_guests g2 ON g2.id = x.guest_id AND g2.deleted = 0"
                   "   WHERE x.deleted = 0 AND x.state <> 'declined'"
                   "   AND (?1 IS NULL OR x.association_id = ?1)),"
                   " (SELECT count(DISTINCT x.guest_id) FROM holiday_matches x"
                   "   JOIN holiday_guests g2 ON g2.id = x.guest_id AND g2.deleted = 0"
                   "   WHERE x.deleted = 0 AND x.state IN ('confirmed', 'guest-called', 'done')"
                   "   AND (?1 IS NULL OR x.association_id = ?1))"
                   " FROM holiday_guests WHERE deleted = 0 AND (?1 IS NULL OR association_id = ?1)",
                   error)))
    {
      voisins_sqlite_bind_text (stmt, 1, association_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          d->guests = sqlite3_column_int (stmt, 0);
          d->guests_placed = sqlite3_column_int (stmt, 1);
          d->guests_confirmed = sqlite3_column_int (stmt, 2);
          rc = SQLITE_DONE;
        }
      ok = _voisins_store_holiday_step_done (self, stmt, rc, error);
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
            d->by_state[state] += sqlite3_column_int (stmt, 1);
          if (state >= 0 && state != VOISINS_HOLIDAY_MATCH_DECLINED)
            d->seats_taken += sqlite3_column_int (stmt, 1);
        }
      ok = _voisins_store_holiday_step_done (self, stmt, rc, error);
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
      g_autoptr(VoisinsHolidayHost) h = _voisins_store_holiday_host_from_row (stmt);
      g_autofree char *street =
        voisins_holiday_street_of (voisins_sqlite_column_text (stmt, N_HOST_COLS + 2));

      voisins_holiday_matcher_add_host (matcher, h, sqlite3_column_double (stmt, N_HOST_COLS),
                                        sqlite3_column_double (stmt, N_HOST_COLS + 1), street);
    }
  if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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
      g_autoptr(VoisinsHolidayGuest) g = _voisins_store_holiday_guest_from_row (stmt);
      g_autofree char *street =
        voisins_holiday_street_of (voisins_sqlite_column_text (stmt, N_GUEST_COLS + 2));

      voisins_holiday_matcher_add_guest (matcher, g, sqlite3_column_double (stmt, N_GUEST_COLS),
                                         sqlite3_column_double (stmt, N_GUEST_COLS + 1), street);
    }
  if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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
  if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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

  if (!_voisins_store_holiday_lock_open (self, error))
    return NULL;
  guest = _voisins_store_holiday_load_guest (self, guest_id);
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

  if (!_voisins_store_holiday_lock_open (self, error))
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
                              " AND x.state IN ('confirmed', 'guest-called', 'done')"
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

/* What the server sent the follower of a match on the host's or guest's row of @member_id
 * (in @match_id when given): whom to call, at which number, where to go. A volunteer's copy
 * of a member has none of it; a coordinator's has it on the member. An anonymous guest
 * (member_id "") is found by the match alone, for its street. */
typedef struct
{
  char     *first_name;
  char     *last_name;
  char     *phone;
  char     *address;
  char     *street;
} RowPerson;

static void
row_person_clear (RowPerson *p)
{
  g_free (p->first_name);
  g_free (p->last_name);
  g_free (p->phone);
  g_free (p->address);
  g_free (p->street);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowPerson, row_person_clear)

static gboolean
row_person (VoisinsStore *self,
            const char   *member_id,
            const char   *match_id,
            RowPerson    *out)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (*member_id == '\0' && match_id == NULL)
    return FALSE;
  stmt = _voisins_store_stmt (self,
                              "SELECT first_name, last_name, phone, address, street FROM ("
                              " SELECT h.first_name, h.last_name, h.phone, h.address,"
                              "  NULL AS street FROM holiday_hosts h"
                              "  WHERE h.member_id = ?2 AND h.deleted = 0 AND (?1 IS NULL OR"
                              "  h.id IN (SELECT host_id FROM holiday_matches WHERE id = ?1))"
                              " UNION ALL"
                              " SELECT g.first_name, g.last_name, g.phone, g.address, g.street"
                              "  FROM holiday_guests g"
                              "  WHERE g.member_id = ?2 AND g.deleted = 0 AND (?1 IS NULL OR"
                              "  g.id IN (SELECT guest_id FROM holiday_matches WHERE id = ?1)))"
                              " ORDER BY first_name IS NULL LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, match_id);
  voisins_sqlite_bind_text (stmt, 2, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      out->first_name = g_strdup (voisins_sqlite_column_text (stmt, 0));
      out->last_name = g_strdup (voisins_sqlite_column_text (stmt, 1));
      out->phone = g_strdup (voisins_sqlite_column_text (stmt, 2));
      out->address = g_strdup (voisins_sqlite_column_text (stmt, 3));
      out->street = g_strdup (voisins_sqlite_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  return found;
}

static const char *
nonempty (const char *a,
          const char *b)
{
  return a != NULL && *a != '\0' ? a : b;
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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *phone = NULL;
  g_auto(RowPerson) row = { 0 };
  gboolean have_row;
  gboolean use_row;
  gboolean revealed;
  const char *first, *last, *address;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  /* An anonymous guest has no member to look up ("Ce voisin ne figure plus dans la liste"
   * came from asking for member ""): the row alone names it. */
  if (*member_id != '\0')
    member = voisins_store_get_member (self, member_id, &local_error);

  g_rec_mutex_lock (&self->mutex);
  have_row = row_person (self, member_id, match_id, &row);
  revealed = *member_id != '\0' && reveal && may_reveal (self, member_id, match_id);
  if (reveal && !revealed)
    phone = call_phone (self, member_id, match_id);
  g_rec_mutex_unlock (&self->mutex);

  if (member == NULL && !have_row)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                     "No such member");
      return NULL;
    }
  if ((revealed || phone != NULL) &&
      !voisins_store_log_holiday_reveal (self, match_id, member_id, viewer, error))
    return NULL;

  /* The followed row's person fields (the volunteer's) win over a member record without
   * them; a coordinator's member record has them all. */
  use_row = have_row && row.first_name != NULL &&
            (member == NULL || voisins_member_get_address (member) == NULL ||
             *voisins_member_get_address (member) == '\0');
  first = use_row ? row.first_name : member ? voisins_member_get_first_name (member) : NULL;
  last = use_row ? row.last_name : member ? voisins_member_get_last_name (member) : NULL;
  address = use_row ? row.address : member ? voisins_member_get_address (member) : NULL;

  c = g_new0 (VoisinsHolidayContact, 1);
  c->member_id = g_strdup (member_id);
  c->street = address != NULL && *address != '\0' ? voisins_holiday_street_of (address)
                                                  : g_strdup (row.street);
  c->revealed = revealed;
  if (first == NULL)
    c->name = _voisins_store_holiday_anonymous_guest_name (c->street);
  else if (revealed)
    c->name = g_strdup_printf ("%s %s", first, last ? last : "");
  else
    c->name = _voisins_store_holiday_short_name (first, last);
  if (revealed)
    {
      c->address = g_strdup (address);
      c->phone = g_strdup (use_row ? nonempty (row.phone, NULL)
                                   : nonempty (voisins_member_get_phone (member), row.phone));
    }
  else
    {
      /* Only the number to call, nothing else of the person. */
      c->phone = g_steal_pointer (&phone);
    }
  if (member != NULL)
    {
      c->lat = voisins_member_get_latitude (member);
      c->lon = voisins_member_get_longitude (member);
      if (!revealed || (c->lat == 0 && c->lon == 0))
        {
          c->lat = voisins_member_get_approx_latitude (member);
          c->lon = voisins_member_get_approx_longitude (member);
        }
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
      if (!_voisins_store_holiday_step_done (self, stmt, rc, error))
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
