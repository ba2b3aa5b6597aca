/* voisins-post-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-post-list"

#include "voisins-post-list.h"

/* Rows are fetched by pages of this size when a view asks for them, and at most
 * MAX_PAGES pages stay cached: 100,000 posts never become 100,000 objects. */
#define PAGE_SIZE 64
#define MAX_PAGES 64
/* After a refresh, the most recently read pages are checked for rows that changed in
 * place (a pull, an edit): what the view shows is redrawn, nothing else is read. */
#define RECHECK_PAGES 8

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
  guint             loading : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VoisinsPostList, voisins_post_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
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
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VoisinsPostList) self = user_data;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) old_pages = NULL;
  g_autoptr(GArray) recheck = g_array_new (FALSE, FALSE, sizeof (guint));
  guint old_len, new_len, prefix = 0, suffix = 0;

  rowids = voisins_store_query_post_rowids_finish (VOISINS_STORE (object), result, &error);
  if (rowids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not query posts: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

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

  /* Keep the recently read pages aside to compare with what the store has now. */
  for (GList *l = g_queue_peek_tail_link (&self->page_order); l && recheck->len < RECHECK_PAGES;
       l = l->prev)
    {
      guint page = GPOINTER_TO_UINT (l->data);
      g_array_append_val (recheck, page);
    }
  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_clear (&self->page_order);

  g_array_unref (self->rowids);
  self->rowids = g_steal_pointer (&rowids);

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

  set_loading (self, FALSE);
}

static void
requery (VoisinsPostList *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  voisins_store_query_post_rowids_async (self->store, &self->query, self->cancellable,
                                         query_cb, g_object_ref (self));
}

static void
posts_changed_cb (VoisinsPostList *self,
                  const char      *id,
                  VoisinsStore    *store)
{
  requery (self);
}

static void
voisins_post_list_dispose (GObject *object)
{
  VoisinsPostList *self = (VoisinsPostList *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  requery (self);

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

  requery (self);
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
  requery (self);
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
  requery (self);
}

void
voisins_post_list_set_category (VoisinsPostList *self,
                                int              category)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.category == category)
    return;
  self->query.category = category;
  requery (self);
}

void
voisins_post_list_set_status_mask (VoisinsPostList *self,
                                   guint            mask)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.status_mask == mask)
    return;
  self->query.status_mask = mask;
  requery (self);
}

void
voisins_post_list_set_since (VoisinsPostList *self,
                             gint64           since)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  if (self->query.since == since)
    return;
  self->query.since = since;
  requery (self);
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
  requery (self);
}

gboolean
voisins_post_list_get_loading (VoisinsPostList *self)
{
  g_return_val_if_fail (VOISINS_IS_POST_LIST (self), FALSE);
  return self->loading;
}

void
voisins_post_list_refresh (VoisinsPostList *self)
{
  g_return_if_fail (VOISINS_IS_POST_LIST (self));

  requery (self);
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
