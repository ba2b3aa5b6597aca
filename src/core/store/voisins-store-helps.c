/* voisins-store-helps.c: helps (a request matched to a helper) as synced, and the helpers
 * to suggest for a request, from what this laptop holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>

#include "voisins-help-match.h"
#include "voisins-json.h"
#include "voisins-sqlite.h"
#include "voisins-store-private.h"
#include "voisins-uuid.h"

gboolean
_voisins_store_put_help_row (VoisinsStore  *self,
                             const char    *id,
                             JsonObject    *data,
                             const char    *association_id,
                             GError       **error)
{
  const char *post_id = voisins_json_read_string (data, "post_id");
  const char *helper_id = voisins_json_read_string (data, "helper_id");
  const char *state = voisins_json_read_string (data, "state");
  sqlite3_stmt *stmt;

  /* A row this laptop cannot use (a newer server's shape): not kept. */
  if (post_id == NULL || helper_id == NULL)
    return _voisins_store_delete_row (self, "help", id, error);

  stmt = _voisins_store_stmt (self,
                              "INSERT OR REPLACE INTO helps (id, association_id, post_id,"
                              " helper_id, member_id, follower_id, state, created_at, updated_at,"
                              " version, server_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  voisins_sqlite_bind_text (stmt, 3, post_id);
  voisins_sqlite_bind_text (stmt, 4, helper_id);
  voisins_sqlite_bind_text (stmt, 5, voisins_json_read_string (data, "member_id"));
  voisins_sqlite_bind_text (stmt, 6, voisins_json_read_string (data, "follower_id"));
  voisins_sqlite_bind_text (stmt, 7, state ? state : "proposed");
  sqlite3_bind_int64 (stmt, 8, voisins_json_read_int (data, "created_at"));
  sqlite3_bind_int64 (stmt, 9, voisins_json_read_int (data, "updated_at"));
  sqlite3_bind_int64 (stmt, 10, voisins_json_read_int (data, "version"));
  sqlite3_bind_int64 (stmt, 11, voisins_json_read_int (data, "server_seq"));
  return _voisins_store_step (self, stmt, error);
}

static GPtrArray *
list_helps_locked (VoisinsStore  *self,
                   const char    *post_id,
                   GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_help_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL, NULL);

  stmt = _voisins_store_stmt (self,
                              "SELECT id, association_id, post_id, helper_id, member_id,"
                              " follower_id, state, created_at, updated_at FROM helps"
                              " WHERE post_id = ? ORDER BY created_at, id",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsHelp *h = g_new0 (VoisinsHelp, 1);

      h->id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      h->association_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
      h->post_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
      h->helper_id = g_strdup (voisins_sqlite_column_text (stmt, 3));
      h->member_id = g_strdup (voisins_sqlite_column_text (stmt, 4));
      h->follower_id = g_strdup (voisins_sqlite_column_text (stmt, 5));
      h->state = g_strdup (voisins_sqlite_column_text (stmt, 6));
      h->created_at = sqlite3_column_int64 (stmt, 7);
      h->updated_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (out, h);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "list helps");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
suggest_helpers_locked (VoisinsStore  *self,
                        const char    *post_id,
                        gint64         now,
                        guint          max_results,
                        GError       **error)
{
  g_autoptr(VoisinsHelpMatcher) matcher = voisins_help_matcher_new ();
  g_autofree char *association_id = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *languages = NULL;
  VoisinsHelpRequest request = { 0 };
  VoisinsCategory category = VOISINS_CATEGORY_SERVICE;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL, NULL);

  /* The request, its author's languages and, when the post has no pin, her approximate
   * position (never the exact one: the matcher gives distances in words). */
  stmt = _voisins_store_stmt (self,
                              "SELECT p.association_id, p.category, p.author_id, p.starts_at,"
                              " p.ends_at, p.lat, p.lon, m.languages, m.approx_lat, m.approx_lon"
                              " FROM posts p LEFT JOIN members m ON m.id = p.author_id"
                              " WHERE p.id = ? AND p.kind = 'request' AND p.deleted = 0",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, post_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _voisins_store_set_error (self, error, rc, "suggest helpers");
          return NULL;
        }
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This request is not on this computer"));
      return NULL;
    }
  association_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  voisins_category_from_string (voisins_sqlite_column_text (stmt, 1), &category);
  member_id = g_strdup (voisins_sqlite_column_text (stmt, 2));
  request.starts_at = sqlite3_column_int64 (stmt, 3);
  request.ends_at = sqlite3_column_int64 (stmt, 4);
  request.lat = sqlite3_column_double (stmt, 5);
  request.lon = sqlite3_column_double (stmt, 6);
  languages = g_strdup (voisins_sqlite_column_text (stmt, 7));
  if (request.lat == 0 && request.lon == 0)
    {
      request.lat = sqlite3_column_double (stmt, 8);
      request.lon = sqlite3_column_double (stmt, 9);
    }
  sqlite3_reset (stmt);
  request.post_id = post_id;
  request.member_id = member_id;
  request.category = category;
  request.languages = languages;

  stmt = _voisins_store_stmt (self,
                              "SELECT id, languages, approx_lat, approx_lon FROM members"
                              " WHERE association_id = ? AND deleted = 0 AND erased_at = 0",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    voisins_help_matcher_add_member (matcher, voisins_sqlite_column_text (stmt, 0),
                                     voisins_sqlite_column_text (stmt, 1),
                                     sqlite3_column_double (stmt, 2),
                                     sqlite3_column_double (stmt, 3));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "suggest helpers");
      return NULL;
    }

  stmt = _voisins_store_stmt (self,
                              "SELECT author_id, category, starts_at, ends_at FROM posts"
                              " WHERE association_id = ? AND kind = 'offer' AND status = 'open'"
                              " AND deleted = 0 AND author_id IS NOT NULL",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VoisinsCategory c;

      if (voisins_category_from_string (voisins_sqlite_column_text (stmt, 1), &c))
        voisins_help_matcher_add_offer (matcher, voisins_sqlite_column_text (stmt, 0), c,
                                        sqlite3_column_int64 (stmt, 2),
                                        sqlite3_column_int64 (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "suggest helpers");
      return NULL;
    }

  stmt = _voisins_store_stmt (self,
                              "SELECT post_id, helper_id, created_at FROM helps"
                              " WHERE association_id = ? AND state != 'declined'",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    voisins_help_matcher_add_help (matcher, voisins_sqlite_column_text (stmt, 0),
                                   voisins_sqlite_column_text (stmt, 1),
                                   sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "suggest helpers");
      return NULL;
    }

  return voisins_help_matcher_suggest (matcher, &request, now, max_results);
}

/* The server's copy of help @id, for the shadow kept before a local step. */
static char *
snapshot_help (VoisinsStore *self,
               const char   *entity,
               const char   *id)
{
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *stmt;
  JsonObject *o;

  stmt = _voisins_store_stmt (self,
                              "SELECT id, association_id, post_id, helper_id, member_id,"
                              " follower_id, state, created_at, updated_at, version, server_seq"
                              " FROM helps WHERE id = ? AND version > 0",
                              NULL);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      static const char *text_keys[] = { "id", "association_id", "post_id", "helper_id",
                                         "member_id", "follower_id", "state" };
      static const char *int_keys[] = { "created_at", "updated_at", "version", "server_seq" };

      node = json_node_init_object (json_node_alloc (), json_object_new ());
      o = json_node_get_object (node);
      json_object_unref (o);
      for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++)
        if (voisins_sqlite_column_text (stmt, i))
          json_object_set_string_member (o, text_keys[i], voisins_sqlite_column_text (stmt, i));
      for (guint i = 0; i < G_N_ELEMENTS (int_keys); i++)
        json_object_set_int_member (o, int_keys[i],
                                    sqlite3_column_int64 (stmt, G_N_ELEMENTS (text_keys) + i));
    }
  sqlite3_reset (stmt);
  return node != NULL ? voisins_json_to_string (node) : NULL;
}

typedef struct
{
  char       *id;
  const char *post_id;
  const char *helper_id;
} Propose;

static gboolean
propose_txn (VoisinsStore  *self,
             gpointer       user_data,
             GError       **error)
{
  Propose *p = user_data;
  g_autofree char *association_id = NULL;
  g_autofree char *author_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *follower_id = voisins_store_get_user_id (self);
  g_autoptr(JsonNode) args = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean helper_known = FALSE, asked = FALSE;
  sqlite3_stmt *stmt;
  JsonObject *o;

  stmt = _voisins_store_stmt (self,
                              "SELECT association_id, author_id, status FROM posts"
                              " WHERE id = ? AND kind = 'request' AND deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, p->post_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      association_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      author_id = g_strdup (voisins_sqlite_column_text (stmt, 1));
      status = g_strdup (voisins_sqlite_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (association_id == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This request is not on this computer"));
      return FALSE;
    }
  /* The server's rules, checked here first so that the volunteer hears it at once. */
  if (g_strcmp0 (status, "open") != 0 && g_strcmp0 (status, "matched") != 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("This request is closed: reopen it to find a helper"));
      return FALSE;
    }
  if (g_strcmp0 (author_id, p->helper_id) == 0)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Nobody can be their own helper"));
      return FALSE;
    }

  stmt = _voisins_store_stmt (self,
                              "SELECT 1 FROM members WHERE id = ? AND association_id = ?"
                              " AND deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, p->helper_id);
  voisins_sqlite_bind_text (stmt, 2, association_id);
  helper_known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!helper_known)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This member is not on this computer"));
      return FALSE;
    }

  stmt = _voisins_store_stmt (self,
                              "SELECT 1 FROM helps WHERE post_id = ? AND helper_id = ?"
                              " AND state != 'declined'",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, p->post_id);
  voisins_sqlite_bind_text (stmt, 2, p->helper_id);
  asked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (asked)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("This member was already asked for this request"));
      return FALSE;
    }

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  /* Exactly what help.propose takes; the row kept here has what the server will add. */
  json_object_set_string_member (o, "id", p->id);
  json_object_set_string_member (o, "post_id", p->post_id);
  json_object_set_string_member (o, "helper_id", p->helper_id);
  {
    g_autoptr(JsonObject) row = json_object_new ();

    json_object_set_string_member (row, "id", p->id);
    json_object_set_string_member (row, "post_id", p->post_id);
    json_object_set_string_member (row, "helper_id", p->helper_id);

    if (author_id)
      json_object_set_string_member (row, "member_id", author_id);
    if (follower_id)
      json_object_set_string_member (row, "follower_id", follower_id);
    json_object_set_string_member (row, "state", "proposed");
    json_object_set_int_member (row, "created_at", now);
    json_object_set_int_member (row, "updated_at", now);
    if (!_voisins_store_save_shadow (self, "help", p->id, NULL, error) ||
        !_voisins_store_put_help_row (self, p->id, row, association_id, error))
      return FALSE;
  }
  return _voisins_store_append_outbox (self, "help.propose", "help", p->id, args, error);
}

char *
voisins_store_propose_help (VoisinsStore  *self,
                            const char    *post_id,
                            const char    *helper_id,
                            GError       **error)
{
  Propose p = { NULL, post_id, helper_id };

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (post_id != NULL && helper_id != NULL, NULL);

  p.id = voisins_uuid_new ();
  if (!voisins_store_transaction (self, propose_txn, &p, error))
    {
      g_free (p.id);
      return NULL;
    }
  _voisins_store_posts_changed (self, post_id);
  return p.id;
}

static char *
help_post_id (VoisinsStore *self,
              const char   *help_id)
{
  sqlite3_stmt *stmt = _voisins_store_stmt (self, "SELECT post_id FROM helps WHERE id = ?",
                                            NULL);
  char *post_id = NULL;

  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, help_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    post_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return post_id;
}

/* The request's status follows the help's step, as the server decides it in the same
 * transaction (voisins-server-sqlite-help.c, follow_post): mirrored here so that the post
 * shows it at once. The post's server copy is kept as its shadow, so that a refused step
 * gives it back (the ack rebuilds the post of a help, voisins-store-sync.c). @changed:
 * whether the status moved. */
static gboolean
follow_post (VoisinsStore  *self,
             const char    *help_id,
             const char    *state,
             gboolean      *changed,
             GError       **error)
{
  g_autofree char *post_id = NULL;
  g_autofree char *status = NULL;
  const char *to = NULL;
  gint64 version = 0;
  sqlite3_stmt *stmt;

  *changed = FALSE;
  stmt = _voisins_store_stmt (self,
                              "SELECT p.id, p.status, p.version FROM helps h"
                              " JOIN posts p ON p.id = h.post_id"
                              " WHERE h.id = ? AND p.deleted = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, help_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      post_id = g_strdup (voisins_sqlite_column_text (stmt, 0));
      status = g_strdup (voisins_sqlite_column_text (stmt, 1));
      version = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (post_id == NULL)
    return TRUE;

  if (g_str_equal (state, "accepted") && g_strcmp0 (status, "open") == 0)
    to = "matched";
  else if (g_str_equal (state, "done") &&
           (g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "matched") == 0))
    to = "done";
  else if (g_str_equal (state, "declined") && g_strcmp0 (status, "matched") == 0)
    {
      gboolean other_live;

      stmt = _voisins_store_stmt (self,
                                  "SELECT 1 FROM helps WHERE post_id = ? AND id != ?"
                                  " AND state IN ('proposed', 'accepted')",
                                  error);
      if (stmt == NULL)
        return FALSE;
      voisins_sqlite_bind_text (stmt, 1, post_id);
      voisins_sqlite_bind_text (stmt, 2, help_id);
      other_live = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!other_live)
        to = "open";
    }
  if (to == NULL)
    return TRUE;

  /* A post the server has not got yet keeps no shadow: its create is still to go. */
  if (version > 0 &&
      !_voisins_store_save_shadow (self, "post", post_id, _voisins_store_snapshot_post, error))
    return FALSE;
  stmt = _voisins_store_stmt (self, "UPDATE posts SET status = ?, updated_at = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, to);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  voisins_sqlite_bind_text (stmt, 3, post_id);
  if (!_voisins_store_step (self, stmt, error))
    return FALSE;
  *changed = TRUE;
  return TRUE;
}

typedef struct
{
  const char *id;
  const char *state;
  char       *post_id;   /* the request, told of the change */
} SetState;

static gboolean
set_state_txn (VoisinsStore  *self,
               gpointer       user_data,
               GError       **error)
{
  SetState *st = user_data;
  g_autofree char *from = NULL;
  gboolean moved = FALSE;
  g_autoptr(JsonNode) args = NULL;
  sqlite3_stmt *stmt;
  JsonObject *o;

  stmt = _voisins_store_stmt (self, "SELECT state FROM helps WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, st->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    from = g_strdup (voisins_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (from == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This help no longer exists"));
      return FALSE;
    }
  if (g_str_equal (from, st->state))
    return TRUE;
  if (!voisins_help_state_can_move (from, st->state))
    {
      const char *message = _("This help is already closed");

      if (voisins_help_state_is_live (from))
        message = _("A help goes proposed, accepted, then done, one step at a time");
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID, message);
      return FALSE;
    }

  if (!_voisins_store_save_shadow (self, "help", st->id, snapshot_help, error))
    return FALSE;
  stmt = _voisins_store_stmt (self, "UPDATE helps SET state = ?, updated_at = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, st->state);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  voisins_sqlite_bind_text (stmt, 3, st->id);
  if (!_voisins_store_step (self, stmt, error) ||
      !follow_post (self, st->id, st->state, &moved, error))
    return FALSE;
  /* The post shows its helps: it changed even when its status did not. */
  st->post_id = help_post_id (self, st->id);

  args = json_node_init_object (json_node_alloc (), json_object_new ());
  o = json_node_get_object (args);
  json_object_unref (o);
  json_object_set_string_member (o, "id", st->id);
  json_object_set_string_member (o, "state", st->state);
  return _voisins_store_append_outbox (self, "help.set_state", "help", st->id, args, error);
}

gboolean
voisins_store_set_help_state (VoisinsStore  *self,
                              const char    *id,
                              const char    *state,
                              GError       **error)
{
  SetState st = { id, state, NULL };
  g_autofree char *post_id = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!voisins_help_state_is_valid (state))
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("Unknown step for a help"));
      return FALSE;
    }
  if (!voisins_store_transaction (self, set_state_txn, &st, error))
    {
      g_free (st.post_id);
      return FALSE;
    }
  post_id = st.post_id;
  if (post_id != NULL)
    _voisins_store_posts_changed (self, post_id);
  return TRUE;
}

static GPtrArray *
list_stale_requests_locked (VoisinsStore  *self,
                            const char    *association_id,
                            guint          days,
                            gint64         now,
                            gboolean       only_unmatched,
                            GError       **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (association_id != NULL, NULL);

  stmt = _voisins_store_stmt (self,
                              "SELECT " POST_COLUMNS "WHERE p.association_id = ?"
                              " AND p.kind = 'request' AND p.status = 'open' AND p.deleted = 0"
                              " AND p.created_at <= ? AND NOT EXISTS (SELECT 1 FROM helps h"
                              " WHERE h.post_id = p.id AND h.state IN ('proposed', 'accepted'))"
                              " ORDER BY p.created_at, p.id",
                              error);
  if (stmt == NULL)
    return NULL;
  voisins_sqlite_bind_text (stmt, 1, association_id);
  sqlite3_bind_int64 (stmt, 2, now - (gint64) days * 24 * 3600);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (posts, _voisins_store_post_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _voisins_store_set_error (self, error, rc, "list stale requests");
      return NULL;
    }
  if (!only_unmatched)
    return g_steal_pointer (&posts);

  for (guint i = 0; i < posts->len; i++)
    {
      VoisinsPost *post = posts->pdata[i];
      g_autoptr(GPtrArray) suggestions =
          voisins_store_suggest_helpers (self, voisins_post_get_id (post), now, 1, error);

      if (suggestions == NULL)
        return NULL;
      if (suggestions->len == 0)
        g_ptr_array_add (out, g_object_ref (post));
    }
  return g_steal_pointer (&out);
}

/* The store's statements are shared: readers from worker threads take its lock. */
GPtrArray *
voisins_store_list_helps (VoisinsStore  *self,
                          const char    *post_id,
                          GError       **error)
{
  GPtrArray *out;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  out = list_helps_locked (self, post_id, error);
  g_rec_mutex_unlock (&self->mutex);
  return out;
}

/* The store's statements are shared: readers from worker threads take its lock. */
GPtrArray *
voisins_store_suggest_helpers (VoisinsStore  *self,
                               const char    *post_id,
                               gint64         now,
                               guint          max_results,
                               GError       **error)
{
  GPtrArray *out;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  out = suggest_helpers_locked (self, post_id, now, max_results, error);
  g_rec_mutex_unlock (&self->mutex);
  return out;
}

/* The store's statements are shared: readers from worker threads take its lock. */
GPtrArray *
voisins_store_list_stale_requests (VoisinsStore  *self,
                                   const char    *association_id,
                                   guint          days,
                                   gint64         now,
                                   gboolean       only_unmatched,
                                   GError       **error)
{
  GPtrArray *out;

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  out = list_stale_requests_locked (self, association_id, days, now, only_unmatched, error);
  g_rec_mutex_unlock (&self->mutex);
  return out;
}
