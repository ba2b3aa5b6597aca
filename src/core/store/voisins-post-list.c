/* voisins-post-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-post-list"

#include "voisins-post-list.h"

/* Rows are fetched by pages of this size when a view asks for them, and at most
 * MAX_PAGES pages stay cached: 100,000 posts never become 100,000 objects. */
#define PAGE_SIZE 24
#define MAX_PAGES 160
/* After a refresh, the most recently read pages are checked for rows that changed in
 * place (a pull, an edit): what the view shows is redrawn, nothing else is read. */
#define RECHECK_PAGES 16
/* A new filter or search is answered first with its first rows (a screenful, read in the
 * worker with the posts they show), then with all of them: "v" matches half of 100,000
 * posts, and ordering them all took 120 ms before the list could change; and a GTK 4.8
 * list view builds and measures a row for up to 200 items at each change, ~1 ms each
 * here. The rest comes when typing pauses (a newer query cancels it). A multiple of
 * PAGE_SIZE, so the first pages stay valid when the rest arrives. */
#define FIRST_ROWS PAGE_SIZE
/* The rest is read once typing pauses: a next letter within this delay cancels it before
 * it costs anything, and a selective word's rest, read in 5 ms, does not land in the
 * frame that shows the first rows (it took the list view 170 ms to build its rows). */
#define REST_DELAY_MS 120

struct _VoisinsPostList
{
  GObject           parent_instance;

  VoisinsStore     *store;
  GCancellable     *cancellable;
  GArray           *rowids;       /* gint64, in display order */
  GHashTable       *pages;        /* page index -> GPtrArray of VoisinsPost */
  GQueue            page_order;   /* page indices, oldest first, for eviction */

  VoisinsPostQuery  query;        /* strings below are owned copies */
  char             *association_id;
  char             *search;

  gulong            changed_handler;
  guint             rest_source;
  guint             loading : 1;
  guint             complete : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VoisinsPostList, voisins_post_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_COMPLETE,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
voisins_post_list_get_item_type (GListModel *model)
{
  return VOISINS_TYPE_POST;
}

static guint
voisins_post_list_get_n_items (GListModel *model)
{
  VoisinsPostList *self = VOISINS_POST_LIST (model);

  return self->rowids->len;
}

static GPtrArray *
load_page (VoisinsPostList *self,
           guint            page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->rowids->len - start);

  items = voisins_store_get_posts_by_rowid (self->store,
                                            &g_array_index (self->rowids, gint64, start),
                                            n, &error);
  if (items == NULL)
    {
      g_warning ("Could not read posts: %s", error->message);
      items = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, NULL);
    }

  while (g_queue_get_length (&self->page_order) >= MAX_PAGES)
    {
      guint old = GPOINTER_TO_UINT (g_queue_pop_head (&self->page_order));
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (old));
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));

  return items;
}

static gpointer
voisins_post_list_get_item (GListModel *model,
                            guint       position)
{
  VoisinsPostList *self = VOISINS_POST_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;
  VoisinsPost *post;

  if (position >= self->rowids->len)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);

  post = g_ptr_array_index (items, position % PAGE_SIZE);
  if (post == NULL)
    {
      /* Deleted between the query and this read: a blank row until the refresh
       * that the deletion triggers. */
      post = voisins_post_new ();
      g_ptr_array_index (items, position % PAGE_SIZE) = post;
    }

  if (self->query.sort == VOISINS_POST_SORT_DISTANCE && voisins_post_get_distance (post) < 0)
    voisins_post_set_distance (post, voisins_geo_distance (self->query.ref_lat,
                                                           self->query.ref_lon,
                                                           voisins_post_get_latitude (post),
                                                           voisins_post_get_longitude (post)));

  return g_object_ref (post);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = voisins_post_list_get_item_type;
  iface->get_n_items = voisins_post_list_get_n_items;
  iface->get_item = voisins_post_list_get_item;
}

static void
clear_pages (VoisinsPostList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

static void
set_loading (VoisinsPostList *self,
             gboolean         loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static gboolean
same_content (VoisinsPost *a,
              VoisinsPost *b)
{
  return voisins_post_get_version (a) == voisins_post_get_version (b) &&
         voisins_post_get_updated_at (a) == voisins_post_get_updated_at (b) &&
         voisins_post_get_server_seq (a) == voisins_post_get_server_seq (b) &&
         voisins_post_get_status (a) == voisins_post_get_status (b) &&
         g_strcmp0 (voisins_post_get_title (a), voisins_post_get_title (b)) == 0 &&
         g_strcmp0 (voisins_post_get_body (a), voisins_post_get_body (b)) == 0 &&
         g_strcmp0 (voisins_post_get_author_name (a), voisins_post_get_author_name (b)) == 0;
}

static void
set_complete (VoisinsPostList *self,
              gboolean         complete)
{
  if (self->complete == !!complete)
    return;

  self->complete = !!complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPLETE]);
}

/* What a worker reads for the list: the strings of the query are its own copies. */
typedef struct
{
  VoisinsStore     *store;
  VoisinsPostQuery  query;
  char             *association_id;
  char             *search;
  gboolean          first;     /* the first rows and their posts, or every row */
  gboolean          rest;      /* every row, just after the first ones */
} ListQuery;

typedef struct
{
  GArray    *rowids;
  GPtrArray *posts;            /* of the first rows (first query only), or NULL */
} ListAnswer;

static void
list_query_free (gpointer data)
{
  ListQuery *lq = data;

  g_clear_object (&lq->store);
  g_free (lq->association_id);
  g_free (lq->search);
  g_free (lq);
}

static void
list_answer_free (gpointer data)
{
  ListAnswer *answer = data;

  g_clear_pointer (&answer->rowids, g_array_unref);
  g_clear_pointer (&answer->posts, g_ptr_array_unref);
  g_free (answer);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ListQuery *lq = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = NULL;
  ListAnswer *answer;

  if (g_task_return_error_if_cancelled (task))
    return;

  lq->query.limit = lq->first ? FIRST_ROWS : 0;
  rowids = voisins_store_query_post_rowids (lq->store, &lq->query, cancellable, &error);
  if (rowids == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = g_new0 (ListAnswer, 1);
  /* The rows the view shows first, read here rather than on the main thread, where they
   * would wait for the store's lock behind the query of the rest. A failure leaves them
   * to be read when shown. */
  if (lq->first && rowids->len > 0)
    answer->posts = voisins_store_get_posts_by_rowid (lq->store, (const gint64 *) rowids->data,
                                                      rowids->len, NULL);
  answer->rowids = g_steal_pointer (&rowids);
  g_task_return_pointer (task, answer, list_answer_free);
}

static void query_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
start_query (VoisinsPostList *self,
             gboolean         first,
             gboolean         rest)
{
  g_autoptr(GTask) task = NULL;
  ListQuery *lq = g_new0 (ListQuery, 1);

  lq->store = g_object_ref (self->store);
  lq->query = self->query;
  lq->association_id = g_strdup (self->query.association_id);
  lq->search = g_strdup (self->query.search);
  lq->query.association_id = lq->association_id;
  lq->query.search = lq->search;
  lq->first = first;
  lq->rest = rest;

  task = g_task_new (self, self->cancellable, query_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, lq, list_query_free);
  g_task_run_in_thread (task, query_thread);
}

static gboolean
start_rest_cb (gpointer data)
{
  VoisinsPostList *self = data;

  self->rest_source = 0;
  start_query (self, FALSE, TRUE);
  return G_SOURCE_REMOVE;
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VoisinsPostList *self = VOISINS_POST_LIST (object);
  ListQuery *lq = g_task_get_task_data (G_TASK (result));
  ListAnswer *answer;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) first_posts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) old_pages = NULL;
  g_autoptr(GArray) recheck = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean first = lq->first, rest = lq->rest;
  guint old_len, new_len, prefix = 0, suffix = 0;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not query posts: %s", error->message);
          set_loading (self, FALSE);
          set_complete (self, TRUE);
        }
      return;
    }
  rowids = g_steal_pointer (&answer->rowids);
  first_posts = g_steal_pointer (&answer->posts);
  list_answer_free (answer);

  /* The smallest change that turns the old list into the new one keeps the view's
   * scroll position and selection where nothing moved. */
  old_len = self->rowids->len;
  new_len = rowids->len;
  while (prefix < old_len && prefix < new_len &&
         g_array_index (self->rowids, gint64, prefix) == g_array_index (rowids, gint64, prefix))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_array_index (self->rowids, gint64, old_len - 1 - suffix) ==
         g_array_index (rowids, gint64, new_len - 1 - suffix))
    suffix++;

  /* Keep the recently read pages aside to compare with what the store has now. The rest
   * of a first answer is read just after it: any change in between starts a new query,
   * so its whole pages that kept their place are kept as they are. */
  if (!rest)
    for (GList *l = g_queue_peek_tail_link (&self->page_order); l && recheck->len < RECHECK_PAGES;
         l = l->prev)
      {
        guint page = GPOINTER_TO_UINT (l->data);
        g_array_append_val (recheck, page);
      }
  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  if (rest)
    {
      for (GList *l = self->page_order.head; l != NULL; l = l->next)
        {
          guint page = GPOINTER_TO_UINT (l->data);
          GPtrArray *items;

          if ((page + 1) * PAGE_SIZE > prefix ||
              !g_hash_table_steal_extended (old_pages, l->data, NULL, (gpointer *) &items))
            continue;
          g_hash_table_insert (self->pages, l->data, items);
        }
      g_queue_clear (&self->page_order);
      for (guint page = 0; page * PAGE_SIZE < prefix; page++)
        if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
          g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));
    }
  else
    g_queue_clear (&self->page_order);

  /* The posts of the first rows, read with them (moved into the pages). */
  if (first_posts != NULL && first_posts->len == new_len)
    g_ptr_array_set_free_func (first_posts, NULL);
  if (first_posts != NULL && first_posts->len == new_len)
    for (guint start = 0; start < new_len; start += PAGE_SIZE)
      {
        guint n = MIN (PAGE_SIZE, new_len - start);
        GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

        for (guint j = 0; j < n; j++)
          g_ptr_array_add (items, g_ptr_array_index (first_posts, start + j));
        g_hash_table_insert (self->pages, GUINT_TO_POINTER (start / PAGE_SIZE), items);
        g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (start / PAGE_SIZE));
      }

  g_array_unref (self->rowids);
  self->rowids = g_steal_pointer (&rowids);

  /* Counted as complete before the change is announced: whoever counts the rows on
   * items-changed reads the right word. */
  set_complete (self, !first || new_len < FIRST_ROWS);

  if (prefix + suffix < MAX (old_len, new_len))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix, new_len - prefix - suffix);

  /* Rows that kept their place but changed (a pull, an edit) are redrawn. */
  for (guint p = 0; p < recheck->len; p++)
    {
      guint page = g_array_index (recheck, guint, p);
      GPtrArray *old_items = g_hash_table_lookup (old_pages, GUINT_TO_POINTER (page));

      for (guint j = 0; old_items && j < old_items->len; j++)
        {
          guint old_pos = page * PAGE_SIZE + j;
          guint new_pos;
          VoisinsPost *old_post = g_ptr_array_index (old_items, j);
          g_autoptr(VoisinsPost) fresh = NULL;

          if (old_post == NULL)
            continue;
          if (old_pos < prefix)
            new_pos = old_pos;
          else if (old_pos >= old_len - suffix)
            new_pos = old_pos - old_len + new_len;
          else
            continue;  /* already replaced above */

          fresh = g_list_model_get_item (G_LIST_MODEL (self), new_pos);
          if (fresh != NULL && !same_content (old_post, fresh))
            g_list_model_items_changed (G_LIST_MODEL (self), new_pos, 1, 1);
        }
    }

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);

  /* The rest in the worker; the list is no longer loading: what it shows is right. */
  if (!self->complete)
    self->rest_source = g_timeout_add_full (G_PRIORITY_DEFAULT, REST_DELAY_MS, start_rest_cb,
                                            g_object_ref (self), g_object_unref);

  set_loading (self, FALSE);
}

/* @first: a new filter or search, answered with its first rows first; a refresh (an
 * edit, a pull) reads every row at once, so that a list scrolled far keeps its place. */
static void
requery (VoisinsPostList *self,
         gboolean         first)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->rest_source, g_source_remove);
  set_loading (self, TRUE);
  start_query (self, first, FALSE);
}

static void
posts_changed_cb (VoisinsPostList *self,
                  const char      *id,
                  VoisinsStore    *store)
{
  requery (self, FALSE);
}

static void
voisins_post_list_dispose (GObject *object)
{
  VoisinsPostList *self = (VoisinsPostList *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->rest_source, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (voisins_post_list_parent_class)->dispose (object);
}

static void
voisins_post_list_finalize (GObject *object)
{
  VoisinsPostList *self = (VoisinsPostList *) object;

  clear_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (voisins_post_list_parent_class)->finalize (object);
}

static void
voisins_post_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VoisinsPostList *self = VOISINS_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_post_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VoisinsPostList *self = VOISINS_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      voisins_post_list_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_post_list_class_init (VoisinsPostListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = voisins_post_list_dispose;
  object_class->finalize = voisins_post_list_finalize;
  object_class->get_property = voisins_post_list_get_property;
  object_class->set_property = voisins_post_list_set_property;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_COMPLETE] =
      g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                            (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
voisins_post_list_init (VoisinsPostList *self)
{
  VoisinsPostQuery init = VOISINS_POST_QUERY_INIT;

  self->query = init;
  self->complete = TRUE;
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
}

/**
 * voisins_post_list_new:
 * @store: the store to read from
 *
 * Creates a list of the posts in @store, newest first. The first query starts at once,
 * in a worker thread; the list is empty until it returns.
 */
VoisinsPostList *
voisins_post_list_new (VoisinsStore *store)
{
  VoisinsPostList *self;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  self = g_object_new (VOISINS_TYPE_POST_LIST, NULL);
  self->store = g_object_ref (store);
  self->changed_handler = g_signal_connect_object (store, "posts-changed",
                                                   G_CALLBACK (posts_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  requery (self, TRUE);

  return self;
}

VoisinsStore *
voisins_post_list_get_store (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), NULL);
  return self->store;
}

void
voisins_post_list_set_query (VoisinsPostList        *self,
                             const VoisinsPostQuery *query)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));
  g_return_if_fail (query != NULL);

  g_free (self->association_id);
  self->association_id = g_strdup (query->association_id);
  if (voisins_set_str (&self->search, query->search))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH]);

  self->query = *query;
  self->query.association_id = self->association_id;
  self->query.search = self->search;
  self->query.bbox = NULL;  /* the map filters by viewport itself */
  self->query.author_id = NULL;

  requery (self, TRUE);
}

void
voisins_post_list_set_search (VoisinsPostList *self,
                              const char      *search)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  if (!voisins_set_str (&self->search, search))
    return;

  self->query.search = self->search;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH]);
  requery (self, TRUE);
}

const char *
voisins_post_list_get_search (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), NULL);
  return self->search;
}

void
voisins_post_list_set_kind (VoisinsPostList *self,
                            int              kind)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.kind == kind)
    return;
  self->query.kind = kind;
  requery (self, TRUE);
}

void
voisins_post_list_set_category (VoisinsPostList *self,
                                int              category)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.category == category)
    return;
  self->query.category = category;
  requery (self, TRUE);
}

void
voisins_post_list_set_status_mask (VoisinsPostList *self,
                                   guint            mask)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.status_mask == mask)
    return;
  self->query.status_mask = mask;
  requery (self, TRUE);
}

void
voisins_post_list_set_since (VoisinsPostList *self,
                             gint64           since)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.since == since)
    return;
  self->query.since = since;
  requery (self, TRUE);
}

void
voisins_post_list_set_sort (VoisinsPostList *self,
                            VoisinsPostSort  sort,
                            double           ref_lat,
                            double           ref_lon)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  self->query.sort = sort;
  self->query.ref_lat = ref_lat;
  self->query.ref_lon = ref_lon;
  requery (self, TRUE);
}

gboolean
voisins_post_list_get_loading (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), FALSE);
  return self->loading;
}

gboolean
voisins_post_list_get_complete (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), FALSE);
  return self->complete;
}

void
voisins_post_list_refresh (VoisinsPostList *self)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  requery (self, FALSE);
}

guint
voisins_post_list_find (VoisinsPostList *self,
                        const char      *id)
{
  gint64 rowid;

  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), G_MAXUINT);
  g_return_val_if_fail (id != NULL, G_MAXUINT);

  rowid = voisins_store_get_post_rowid (self->store, id);
  if (rowid == 0)
    return G_MAXUINT;

  for (guint i = 0; i < self->rowids->len; i++)
    if (g_array_index (self->rowids, gint64, i) == rowid)
      return i;

  return G_MAXUINT;
}

const VoisinsPostQuery *
voisins_post_list_get_query (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), NULL);
  return &self->query;
}
