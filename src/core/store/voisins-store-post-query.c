/* voisins-store-post-query.c: post queries (search, filters, map points) and their async forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-codec.h"
#include "voisins-store-private.h"

/* Builds an FTS5 query from what a person typed: every word must match, as a prefix,
 * accents and case ignored by the tokenizer. Words are quoted, so FTS5 syntax typed
 * by the user (AND, NEAR, column filters, quotes) is taken as plain text. */
static char *
fts_query (const char *search)
{
  g_autofree char *folded = voisins_text_fold (search);
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);
  const char *p = folded;

  for (;;)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  g_string_free (word, TRUE);

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}

/* The words fts_query () would look for, as LIKE patterns: while a first sync has left
 * the search index behind, the text itself is searched (slower, accents not folded in the
 * text). Folded words are letters and digits only: nothing to escape. */
#define MAX_LIKE_WORDS 8

static GPtrArray *
like_words (const char *search)
{
  g_autofree char *folded = voisins_text_fold (search);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          if (words->len < MAX_LIKE_WORDS)
            g_ptr_array_add (words, g_strdup_printf ("%%%s%%", word->str));
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  return words;
}

/* Below this many posts matching the words, a search reads its matches and sorts them;
 * above, it walks the posts newest first and stops at the limit (the first rows of a
 * search for "v"). Walking for a rare word read the whole table to find a few posts
 * (106 ms for "perceuse" at 100,000 posts, 3 ms from its matches). */
#define FEW_MATCHES 4096

static gboolean
few_matches (VoisinsStore *self,
             const char   *match)
{
  sqlite3_stmt *stmt;
  gboolean few = FALSE;

  stmt = _voisins_store_stmt (self, "SELECT count(*) FROM (SELECT rowid FROM posts_fts"
                                    " WHERE posts_fts MATCH ? LIMIT " G_STRINGIFY (FEW_MATCHES) ")",
                              NULL);
  if (stmt == NULL)
    return FALSE;
  voisins_sqlite_bind_text (stmt, 1, match);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    few = sqlite3_column_int (stmt, 0) < FEW_MATCHES;
  sqlite3_reset (stmt);
  return few;
}

typedef enum
{
  SELECT_ROWIDS,
  SELECT_POSTS,
  SELECT_COUNT,
  SELECT_POINTS,
} SelectWhat;

/* Every value goes through a bound parameter; only fixed SQL fragments are joined. */
static sqlite3_stmt *
prepare_post_query (VoisinsStore            *self,
                    const VoisinsPostQuery  *q,
                    SelectWhat               what,
                    GError                 **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  g_autoptr(GPtrArray) words = NULL;
  sqlite3_stmt *stmt = NULL;
  double cos_lat = cos (q->ref_lat * G_PI / 180);
  gboolean from_matches = FALSE;
  int rc, i = 1;

  if (q->search != NULL)
    match = fts_query (q->search);

  /* From the matches (the words, or whoever the post is for) to the posts: every row of
   * a search (45 ms instead of 138 for "v" at 100,000 posts), or its first rows when the
   * words are rare. CROSS JOIN keeps that order of the loops. */
  if (match != NULL && !self->posts_index_stale &&
      (what == SELECT_ROWIDS || what == SELECT_COUNT) &&
      (q->limit == 0 || what == SELECT_COUNT || few_matches (self, match)))
    {
      g_string_append_printf (sql, "SELECT %s FROM (SELECT rowid AS r FROM posts_fts"
                                   " WHERE posts_fts MATCH :match UNION"
                                   " SELECT rowid FROM posts WHERE author_id IN"
                                   " (SELECT m.id FROM members m WHERE m.deleted = 0"
                                   " AND m.search_key LIKE :name ESCAPE '\\')) AS matches"
                                   " CROSS JOIN posts p ON p.rowid = matches.r"
                                   " WHERE p.deleted = 0",
                              what == SELECT_COUNT ? "count(*)" : "p.rowid");
      from_matches = TRUE;
    }
  else if (what == SELECT_ROWIDS)
    g_string_append (sql, "SELECT p.rowid FROM posts p WHERE p.deleted = 0");
  else if (what == SELECT_COUNT)
    g_string_append (sql, "SELECT count(*) FROM posts p WHERE p.deleted = 0");
  else if (what == SELECT_POINTS)
    g_string_append (sql, "SELECT p.rowid, p.lat, p.lon, p.kind, p.category FROM posts p"
                          " WHERE p.deleted = 0");
  else
    g_string_append (sql, "SELECT " POST_COLUMNS "WHERE p.deleted = 0");

  if (q->association_id != NULL)
    g_string_append (sql, " AND p.association_id = :assoc");
  /* The words in the title or text, or the name of whoever it is for: the search entry
   * promises "posts and neighbours", so "Khadija" finds Khadija's posts. */
  if (match != NULL && self->posts_index_stale)
    {
      words = like_words (q->search);
      g_string_append (sql, " AND ((1");
      for (guint w = 0; w < words->len; w++)
        g_string_append_printf (sql, " AND (p.title LIKE :w%u OR p.body LIKE :w%u)", w, w);
      g_string_append (sql, ") OR p.author_id IN (SELECT m.id FROM members m WHERE m.deleted = 0"
                            " AND m.search_key LIKE :name ESCAPE '\\'))");
    }
  else if (match != NULL && !from_matches)
    g_string_append (sql, " AND (p.rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :match)"
                          " OR p.author_id IN (SELECT m.id FROM members m WHERE m.deleted = 0"
                          " AND m.search_key LIKE :name ESCAPE '\\'))");
  if (q->author_id != NULL)
    g_string_append (sql, " AND p.author_id = :author");
  if (q->kind >= 0)
    g_string_append (sql, " AND p.kind = :kind");
  if (q->category >= 0)
    g_string_append (sql, " AND p.category = :category");
  if (q->status_mask != 0)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND p.status IN (");
      for (guint s = 0; s < VOISINS_N_POST_STATUSES; s++)
        {
          if (q->status_mask & (1u << s))
            {
              g_string_append_printf (sql, "%s:status%u", first ? "" : ", ", s);
              first = FALSE;
            }
        }
      g_string_append (sql, ")");
    }
  if (q->since > 0)
    g_string_append (sql, " AND p.created_at >= :since");
  /* The spatial index holds a point per live post; behind, the table says the same. */
  if (q->bbox != NULL && self->posts_index_stale)
    g_string_append (sql, " AND p.lat >= :min_lat AND p.lat <= :max_lat"
                          " AND p.lon >= :min_lon AND p.lon <= :max_lon");
  else if (q->bbox != NULL)
    g_string_append (sql, " AND p.rowid IN (SELECT id FROM posts_rtree WHERE"
                          " min_lat >= :min_lat AND max_lat <= :max_lat"
                          " AND min_lon >= :min_lon AND max_lon <= :max_lon)");

  if (what != SELECT_COUNT && what != SELECT_POINTS)
    {
      if (q->sort == VOISINS_POST_SORT_DISTANCE)
        g_string_append (sql, " ORDER BY (p.lat - :rlat) * (p.lat - :rlat)"
                              " + (p.lon - :rlon) * (p.lon - :rlon) * :coslat2, p.rowid");
      else if (q->sort == VOISINS_POST_SORT_OLDEST)
        g_string_append (sql, " ORDER BY p.created_at ASC, p.rowid ASC");
      else
        g_string_append (sql, " ORDER BY p.created_at DESC, p.rowid DESC");

      if (q->limit > 0)
        g_string_append (sql, " LIMIT :limit");
    }

  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _voisins_store_set_error (self, error, rc, "query");
      return NULL;
    }

#define IDX(name) sqlite3_bind_parameter_index (stmt, name)
  if ((i = IDX (":assoc")))
    voisins_sqlite_bind_text (stmt, i, q->association_id);
  if ((i = IDX (":match")))
    voisins_sqlite_bind_text (stmt, i, match);
  for (guint w = 0; words != NULL && w < words->len; w++)
    {
      char name[16];

      g_snprintf (name, sizeof name, ":w%u", w);
      voisins_sqlite_bind_text (stmt, IDX (name), g_ptr_array_index (words, w));
    }
  if ((i = IDX (":name")))
    {
      g_autofree char *name = _voisins_store_like_pattern (q->search);

      voisins_sqlite_bind_text (stmt, i, name);
    }
  if ((i = IDX (":author")))
    voisins_sqlite_bind_text (stmt, i, q->author_id);
  if ((i = IDX (":kind")))
    voisins_sqlite_bind_text (stmt, i, voisins_post_kind_to_string (q->kind));
  if ((i = IDX (":category")))
    voisins_sqlite_bind_text (stmt, i, voisins_category_to_string (q->category));
  for (guint s = 0; s < VOISINS_N_POST_STATUSES; s++)
    {
      char name[16];

      g_snprintf (name, sizeof name, ":status%u", s);
      if ((i = IDX (name)))
        voisins_sqlite_bind_text (stmt, i, voisins_post_status_to_string (s));
    }
  if ((i = IDX (":since")))
    sqlite3_bind_int64 (stmt, i, q->since);
  if (q->bbox != NULL)
    {
      sqlite3_bind_double (stmt, IDX (":min_lat"), q->bbox->min_lat);
      sqlite3_bind_double (stmt, IDX (":max_lat"), q->bbox->max_lat);
      sqlite3_bind_double (stmt, IDX (":min_lon"), q->bbox->min_lon);
      sqlite3_bind_double (stmt, IDX (":max_lon"), q->bbox->max_lon);
    }
  if ((i = IDX (":rlat")))
    sqlite3_bind_double (stmt, i, q->ref_lat);
  if ((i = IDX (":rlon")))
    sqlite3_bind_double (stmt, i, q->ref_lon);
  if ((i = IDX (":coslat2")))
    sqlite3_bind_double (stmt, i, cos_lat * cos_lat);
  if ((i = IDX (":limit")))
    sqlite3_bind_int64 (stmt, i, q->limit);
#undef IDX

  return stmt;
}

static gboolean
check_query (const VoisinsPostQuery  *q,
             GError                 **error)
{
  if (q->kind > VOISINS_POST_KIND_OFFER || q->category >= VOISINS_N_CATEGORIES)
    {
      g_set_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                   _("Unknown kind or category in the filter"));
      return FALSE;
    }
  return TRUE;
}

/* Runs a post query under the store's lock, calling @row for each result row. The
 * error, which reads the connection's last message, is set and the statement finalized
 * before the lock is released. */
typedef void (*PostRowFunc) (sqlite3_stmt *stmt,
                             gpointer      data);

/* SQLite calls this every few thousand instructions of a query: a non-zero answer stops
 * it (SQLITE_INTERRUPT). A search typed further must not wait behind the last one's. */
static int
query_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static gboolean
run_post_query (VoisinsStore            *self,
                const VoisinsPostQuery  *query,
                SelectWhat               what,
                PostRowFunc              row,
                gpointer                 data,
                GCancellable            *cancellable,
                GError                 **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  if (!check_query (query, error))
    return FALSE;

  g_rec_mutex_lock (&self->mutex);
  if (!_voisins_store_check_open (self, error) ||
      !(stmt = prepare_post_query (self, query, what, error)))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, query_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (rc != SQLITE_DONE)
    ok = _voisins_store_set_error (self, error, rc, "query");
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 0, NULL, NULL);

  sqlite3_finalize (stmt);
  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

typedef struct
{
  GPtrArray              *posts;
  const VoisinsPostQuery *query;
} PostsData;

static void
add_post_row (sqlite3_stmt *stmt,
              gpointer      data)
{
  PostsData *d = data;
  VoisinsPost *post = _voisins_store_post_from_row (stmt);

  if (d->query->sort == VOISINS_POST_SORT_DISTANCE)
    voisins_post_set_distance (post, voisins_geo_distance (d->query->ref_lat, d->query->ref_lon,
                                                           voisins_post_get_latitude (post),
                                                           voisins_post_get_longitude (post)));
  g_ptr_array_add (d->posts, post);
}

GPtrArray *
voisins_store_query_posts (VoisinsStore            *self,
                           const VoisinsPostQuery  *query,
                           GError                 **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  PostsData d = { result, query };

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_POSTS, add_post_row, &d, NULL, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
add_rowid (sqlite3_stmt *stmt,
           gpointer      data)
{
  gint64 rowid = sqlite3_column_int64 (stmt, 0);

  g_array_append_val ((GArray *) data, rowid);
}

GArray *
voisins_store_query_post_rowids (VoisinsStore            *self,
                                 const VoisinsPostQuery  *query,
                                 GCancellable            *cancellable,
                                 GError                 **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_ROWIDS, add_rowid, result, cancellable, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
add_point (sqlite3_stmt *stmt,
           gpointer      data)
{
  VoisinsPostPoint pt = { 0 };
  VoisinsPostKind kind = VOISINS_POST_KIND_REQUEST;
  VoisinsCategory category = VOISINS_CATEGORY_SERVICE;

  pt.rowid = sqlite3_column_int64 (stmt, 0);
  pt.latitude = sqlite3_column_double (stmt, 1);
  pt.longitude = sqlite3_column_double (stmt, 2);
  voisins_post_kind_from_string (voisins_sqlite_column_text (stmt, 3), &kind);
  voisins_category_from_string (voisins_sqlite_column_text (stmt, 4), &category);
  pt.kind = kind;
  pt.category = category;
  g_array_append_val ((GArray *) data, pt);
}

GArray *
voisins_store_query_post_points (VoisinsStore            *self,
                                 const VoisinsPostQuery  *query,
                                 GError                 **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (VoisinsPostPoint));

  g_return_val_if_fail (VOISINS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!run_post_query (self, query, SELECT_POINTS, add_point, result, NULL, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
read_count (sqlite3_stmt *stmt,
            gpointer      data)
{
  *(guint *) data = sqlite3_column_int (stmt, 0);
}

guint
voisins_store_count_posts (VoisinsStore            *self,
                           const VoisinsPostQuery  *query,
                           GError                 **error)
{
  guint count = 0;

  g_return_val_if_fail (VOISINS_IS_STORE (self), 0);
  g_return_val_if_fail (query != NULL, 0);

  run_post_query (self, query, SELECT_COUNT, read_count, &count, NULL, error);

  return count;
}

/* Async */

typedef struct
{
  VoisinsPostQuery  query;
  VoisinsBBox       bbox;
  char             *association_id;
  char             *search;
  char             *author_id;
  gboolean          points;
} QueryData;

static void
query_data_free (gpointer data)
{
  QueryData *qd = data;

  g_free (qd->association_id);
  g_free (qd->search);
  g_free (qd->author_id);
  g_free (qd);
}

static QueryData *
query_data_new (const VoisinsPostQuery *query)
{
  QueryData *qd = g_new0 (QueryData, 1);

  qd->query = *query;
  qd->association_id = g_strdup (query->association_id);
  qd->search = g_strdup (query->search);
  qd->query.association_id = qd->association_id;
  qd->query.search = qd->search;
  qd->author_id = g_strdup (query->author_id);
  qd->query.author_id = qd->author_id;
  if (query->bbox != NULL)
    {
      qd->bbox = *query->bbox;
      qd->query.bbox = &qd->bbox;
    }

  return qd;
}

/* One worker for the list's two queries: rowids in order, or light points for the map. */
static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *qd = task_data;
  g_autoptr(GError) error = NULL;
  GArray *result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (qd->points)
    result = voisins_store_query_post_points (source_object, &qd->query, &error);
  else
    result = voisins_store_query_post_rowids (source_object, &qd->query, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
}

static void
start_query (VoisinsStore            *self,
             const VoisinsPostQuery  *query,
             gboolean                 points,
             gpointer                 source_tag,
             GCancellable            *cancellable,
             GAsyncReadyCallback      callback,
             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *qd = query_data_new (query);

  qd->points = points;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, qd, query_data_free);
  g_task_run_in_thread (task, query_thread);
}

void
voisins_store_query_post_rowids_async (VoisinsStore            *self,
                                       const VoisinsPostQuery  *query,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (query != NULL);

  start_query (self, query, FALSE, voisins_store_query_post_rowids_async, cancellable,
               callback, user_data);
}

GArray *
voisins_store_query_post_rowids_finish (VoisinsStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
voisins_store_query_post_points_async (VoisinsStore            *self,
                                       const VoisinsPostQuery  *query,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (VOISINS_IS_STORE (self));
  g_return_if_fail (query != NULL);

  start_query (self, query, TRUE, voisins_store_query_post_points_async, cancellable,
               callback, user_data);
}

GArray *
voisins_store_query_post_points_finish (VoisinsStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
