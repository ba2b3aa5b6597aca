/* voisins-store-private.h: what the store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's files are layered: a file calls only the files on the lines below its own
 * (never one above, never a neighbour on its line unless it is listed as reading it):
 *
 *   voisins-post-list.c              the GListModel of posts, over the public API
 *   voisins-store-sync.c             push results, acks, pulled pages, cursors, notices, wipe
 *   voisins-store-shadows.c          rows from the server's JSON; rebuilding from shadows
 *   voisins-store-post-query.c       search and filters (reads rows through -posts.c)
 *   voisins-store-holiday-campaign.c lists, matcher, contacts, purge (reads -holiday.c,
 *                                    -members.c)
 *   voisins-store-posts.c  -members.c  -holiday.c    the records and their local edits
 *   voisins-store-outbox.c           appending and rewriting the outbox, saving shadows
 *   voisins-store-meta.c  -associations.c  -addresses.c  -basemap.c
 *   voisins-store.c                  open, migrations, transactions, statements, errors
 *   voisins-sqlite.c                 helpers shared with the server
 *
 * A lower file that needs something of a higher one takes it as an argument (the outbox
 * takes the snapshot of a row as a VoisinsStoreSnapshotFunc), so the rule holds without
 * the hidden circle there was (store -> store-sync -> store-holiday -> store). The
 * declarations below follow the same order.
 */
#pragma once

#include "voisins-sqlite.h"
#include "voisins-store.h"

G_BEGIN_DECLS

struct _VoisinsStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  char         *client_id;
  GMainContext *context;
  GHashTable   *statements;   /* SQL text -> sqlite3_stmt, owned */

  GRecMutex     mutex;
  guint         txn_depth;
  int           schema_version;
  gboolean      posts_index_stale;  /* posts_fts and posts_rtree wait for the first sync's end */
};

/* The meta key saying the search and spatial indexes are behind the posts table. */
#define POSTS_INDEX_STALE_KEY "posts_index_stale"

#define POST_COLUMNS                                                              \
  "p.rowid, p.id, p.association_id, p.kind, p.category, p.status, p.title, p.body, " \
  "p.author_id, m.first_name, m.last_name, p.lat, p.lon, p.created_at, p.updated_at, " \
  "p.starts_at, p.ends_at, p.version, p.server_seq, p.deleted, p.recorded_by, "   \
  "p.place, p.capacity, p.rrule "                                                \
  "FROM posts p LEFT JOIN members m ON m.id = p.author_id "

#define MEMBER_COLUMNS                                                            \
  "id, association_id, first_name, last_name, address, postcode, city, phone, email, " \
  "lat, lon, approx_lat, approx_lon, verification, verified_how, verified_by, "    \
  "verified_at, consent_at, consent_by, consent_scope, languages, needs, created_at, " \
  "updated_at, version, server_seq, deleted, contact_channel, no_internet, erased_at, "    \
  "address_override FROM members "

/* voisins-store.c */
gboolean       _voisins_store_set_error        (VoisinsStore  *self,
                                                GError       **error,
                                                int            rc,
                                                const char    *what);
/* A cached statement for a string constant, reset and unbound. */
sqlite3_stmt  *_voisins_store_stmt             (VoisinsStore  *self,
                                                const char    *sql,
                                                GError       **error);
gboolean       _voisins_store_exec             (VoisinsStore  *self,
                                                const char    *sql,
                                                GError       **error);
gboolean       _voisins_store_step             (VoisinsStore  *self,
                                                sqlite3_stmt  *stmt,
                                                GError       **error);
gboolean       _voisins_store_check_open       (VoisinsStore  *self,
                                                GError       **error);
/* In a transaction: leave the search and spatial indexes behind from now on (a first sync
 * into an empty store), then fill them in one pass from the posts table. */
gboolean       _voisins_store_defer_posts_index (VoisinsStore  *self,
                                                 GError       **error);
gboolean       _voisins_store_fill_posts_index  (VoisinsStore  *self,
                                                 GError       **error);
/* The one integer of a "SELECT count(*) ..." constant; 0 on error. */
guint          _voisins_store_count            (VoisinsStore  *self,
                                                const char    *sql,
                                                GError       **error);
/* A LIKE pattern ('\\' escapes) over folded text (members.search_key) for what was typed. */
char          *_voisins_store_like_pattern     (const char    *search);
void           _voisins_store_posts_changed    (VoisinsStore  *self,
                                                const char    *id);
void           _voisins_store_members_changed  (VoisinsStore  *self,
                                                const char    *id);
void           _voisins_store_basemap_changed  (VoisinsStore  *self,
                                                const char    *association_id);

/* voisins-store-meta.c: raw values; callers outside the store use the typed getters of
 * voisins-store.h. */
char          *_voisins_store_meta_get         (VoisinsStore  *self,
                                                const char    *key);
gboolean       _voisins_store_meta_set         (VoisinsStore  *self,
                                                const char    *key,
                                                const char    *value,
                                                GError       **error);
gint64         _voisins_store_meta_get_int     (VoisinsStore  *self,
                                                const char    *key);
gboolean       _voisins_store_meta_set_int     (VoisinsStore  *self,
                                                const char    *key,
                                                gint64         value,
                                                GError       **error);

/* voisins-store-outbox.c */

/* The server's copy of row @id as JSON, or NULL when the server has not got it. */
typedef char *(*VoisinsStoreSnapshotFunc)     (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id);

gboolean       _voisins_store_append_outbox    (VoisinsStore  *self,
                                                const char    *name,
                                                const char    *entity,
                                                const char    *entity_id,
                                                JsonNode      *args,
                                                GError       **error);
/* Before the first pending edit of @id: @snapshot (NULL for a row the server has not got)
 * gives the server's copy to keep. */
gboolean       _voisins_store_save_shadow      (VoisinsStore              *self,
                                                const char                *entity,
                                                const char                *id,
                                                VoisinsStoreSnapshotFunc   snapshot,
                                                GError                   **error);
/* The outbox seq of @id's create when it has not been sent yet (0 otherwise). */
gint64         _voisins_store_unsent_create    (VoisinsStore  *self,
                                                const char    *id);
/* The same for the last unsent entry of @id whose name is LIKE @name_like. */
gint64         _voisins_store_unsent_entry     (VoisinsStore  *self,
                                                const char    *id,
                                                const char    *name_like);
/* Replaces the arguments of an unsent outbox entry (an edit folded into its create). */
gboolean       _voisins_store_rewrite_outbox   (VoisinsStore  *self,
                                                gint64         seq,
                                                JsonNode      *args,
                                                GError       **error);

/* voisins-store-posts.c, voisins-store-members.c */
VoisinsPost   *_voisins_store_post_from_row    (sqlite3_stmt  *stmt);
VoisinsMember *_voisins_store_member_from_row  (sqlite3_stmt  *stmt);
gboolean       _voisins_store_write_post       (VoisinsStore  *self,
                                                VoisinsPost   *post,
                                                GError       **error);
gboolean       _voisins_store_write_member     (VoisinsStore  *self,
                                                gpointer       member,
                                                GError       **error);
/* A VoisinsStoreSnapshotFunc for posts (the helps take one when a step moves a request). */
char          *_voisins_store_snapshot_post    (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id);

/* voisins-store-holiday.c: rows as the server sends them, without outbox or shadow. */
gboolean       _voisins_store_put_host_row     (VoisinsStore  *self,
                                                gpointer       host,
                                                GError       **error);
gboolean       _voisins_store_put_guest_row    (VoisinsStore  *self,
                                                gpointer       guest,
                                                GError       **error);

/* voisins-store-shadows.c */

/* A shadow's data when the server deleted the row: delete wins over an edit. */
#define DELETED_MARK "{\"deleted\":true}"

typedef enum
{
  SHADOW_NONE,     /* no pending edit: the row is the server's */
  SHADOW_ABSENT,   /* the server has not got the row (yet) */
  SHADOW_DELETED,  /* the server deleted it */
  SHADOW_DATA,
} VoisinsStoreShadowState;

gboolean       _voisins_store_delete_row       (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id,
                                                GError       **error);
gboolean       _voisins_store_row_exists       (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id);
/* voisins-store-helps.c: a help row as the server sent it. */
gboolean       _voisins_store_put_help_row     (VoisinsStore  *self,
                                                const char    *id,
                                                JsonObject    *data,
                                                const char    *association_id,
                                                GError       **error);
/* voisins-store-events.c: a participant's and an occurrence's rows as the server sent them
 * (@association_id NULL: the post's). */
gboolean       _voisins_store_put_participant_row (VoisinsStore  *self,
                                                   const char    *id,
                                                   JsonObject    *data,
                                                   const char    *association_id,
                                                   GError       **error);
gboolean       _voisins_store_put_occurrence_row (VoisinsStore  *self,
                                                  const char    *id,
                                                  JsonObject    *data,
                                                  const char    *association_id,
                                                  GError       **error);
/* Writes a row from the server's JSON for it (unknown entity types are ignored). */
gboolean       _voisins_store_write_entity     (VoisinsStore  *self,
                                                const char    *type,
                                                const char    *id,
                                                JsonObject    *data,
                                                const char    *association_id,
                                                GError       **error);
VoisinsStoreShadowState
               _voisins_store_get_shadow       (VoisinsStore  *self,
                                                const char    *id,
                                                JsonObject   **data);
gboolean       _voisins_store_set_shadow       (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id,
                                                const char    *json,
                                                GError       **error);
JsonObject    *_voisins_store_copy_object      (JsonObject    *obj);
/* Row = shadow + what is still pending. Drops the shadow when nothing is pending. */
gboolean       _voisins_store_rebuild          (VoisinsStore  *self,
                                                const char    *entity,
                                                const char    *id,
                                                const char    *association_id,
                                                GError       **error);

G_END_DECLS
