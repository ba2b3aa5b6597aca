/* voisins-server-sqlite-pull-cache.c: the pull's pages, kept once built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under load most pulls ask for a page another pull has just built (the laptops of one
 * association catching up from the same cursors): building one re-reads and re-splices 200
 * rows (perf: 58% of the server's time). A page is kept under what decides its bytes: the
 * association, the cursor's seq, reset or not, the limit and byte budget, the caller's role
 * and, for the roles whose view of a row depends on their relation to it (the followed
 * guests, the rows they recorded), the caller's user id.
 *
 * Every write to an association's records takes a new server_seq from its counter
 * (`associations.next_seq`); a purge raises `min_seq`, a restore changes `epoch`. A kept page
 * carries the three as read in the transaction that built it, and is served only if the
 * pull's own transaction reads the same three: a page is never older than the database, in
 * this process or after another worker process's write, and no message between processes
 * is needed. A page that no longer matches is dropped when met; the least recently used go
 * first past the byte budget.
 */
#define G_LOG_DOMAIN "voisins-server"

#include "voisins-server-sqlite-private.h"

struct _PullCache
{
  GMutex      lock;
  GHashTable *entries;   /* key -> Entry, under lock */
  GQueue      lru;       /* Entry, most recent first */
  gsize       bytes;
  gsize       max_bytes;
};

typedef struct
{
  char   *key;
  char   *epoch;
  gint64  next_seq;
  gint64  min_seq;
  GBytes *block;
  gsize   used;
  gboolean has_more;
  GList   link;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->key);
  g_free (e->epoch);
  g_bytes_unref (e->block);
  g_free (e);
}

/* Under the lock. */
static void
drop (PullCache *cache,
      Entry     *e)
{
  g_queue_unlink (&cache->lru, &e->link);
  cache->bytes -= g_bytes_get_size (e->block);
  g_hash_table_remove (cache->entries, e->key);
}

PullCache *
_voisins_server_sqlite_pull_cache_new (gsize max_bytes)
{
  PullCache *cache = g_new0 (PullCache, 1);

  g_mutex_init (&cache->lock);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) entry_free);
  g_queue_init (&cache->lru);
  cache->max_bytes = max_bytes;
  return cache;
}

void
_voisins_server_sqlite_pull_cache_free (PullCache *cache)
{
  if (cache == NULL)
    return;
  g_queue_init (&cache->lru); /* its links live in the entries */
  g_hash_table_unref (cache->entries);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

char *
_voisins_server_sqlite_pull_cache_key (const char        *association_id,
                                       gint64             seq,
                                       gboolean           reset,
                                       gint64             limit,
                                       gsize              page_bytes,
                                       int                role,
                                       VoisinsServerAuth *auth)
{
  /* The user only where the rules make the view depend on the relation. */
  return g_strdup_printf ("%s %" G_GINT64_FORMAT " %d %" G_GINT64_FORMAT " %" G_GSIZE_FORMAT
                          " %d %s", association_id, seq, reset ? 1 : 0, limit, page_bytes, role,
                          voisins_server_rules_needs_relation (role) ? auth->user_id : "-");
}

GBytes *
_voisins_server_sqlite_pull_cache_lookup (PullCache   *cache,
                                          const char  *key,
                                          const Assoc *a,
                                          gsize       *used,
                                          gboolean    *has_more)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->lock);
  Entry *e = g_hash_table_lookup (cache->entries, key);

  if (e == NULL)
    return NULL;
  if (e->next_seq != a->next_seq || e->min_seq != a->min_seq || g_strcmp0 (e->epoch, a->epoch))
    {
      /* written since: the page may be stale */
      drop (cache, e);
      return NULL;
    }
  g_queue_unlink (&cache->lru, &e->link);
  g_queue_push_head_link (&cache->lru, &e->link);
  *used = e->used;
  *has_more = e->has_more;
  return g_bytes_ref (e->block);
}

void
_voisins_server_sqlite_pull_cache_store (PullCache   *cache,
                                         const char  *key,
                                         const Assoc *a,
                                         GBytes      *block,
                                         gsize        used,
                                         gboolean     has_more)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Entry *e, *old;

  /* One page does not push out every other. */
  if (g_bytes_get_size (block) > cache->max_bytes / 8)
    return;

  e = g_new0 (Entry, 1);
  e->key = g_strdup (key);
  e->epoch = g_strdup (a->epoch);
  e->next_seq = a->next_seq;
  e->min_seq = a->min_seq;
  e->block = g_bytes_ref (block);
  e->used = used;
  e->has_more = has_more;
  e->link.data = e;

  locker = g_mutex_locker_new (&cache->lock);
  if ((old = g_hash_table_lookup (cache->entries, key)))
    drop (cache, old);
  g_hash_table_insert (cache->entries, e->key, e);
  g_queue_push_head_link (&cache->lru, &e->link);
  cache->bytes += g_bytes_get_size (block);
  while (cache->bytes > cache->max_bytes && cache->lru.tail)
    drop (cache, cache->lru.tail->data);
}
