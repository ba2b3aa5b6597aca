/* test-sync-basemap.c: a volunteer's laptop downloads the quartier's map at the sync after
 * it appears on the server, keeps it up to date by its version, and keeps the old one when
 * the download is cut (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "fault-proxy.h"
#include "server-fixture.h"
#include "voisins-store.h"
#include "voisins-sync-client.h"

typedef struct
{
  char              *dir;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
  guint              changed;      /* basemap-changed */
  double             max_progress;
  gboolean           saw_downloading;
} Client;

static void
basemap_changed_cb (VoisinsStore *store,
                    const char   *association_id,
                    Client       *c)
{
  c->changed++;
}

static void
progress_cb (VoisinsSyncClient *client,
             GParamSpec        *pspec,
             Client            *c)
{
  c->max_progress = MAX (c->max_progress, voisins_sync_client_get_download_progress (client));
  if (g_strcmp0 (voisins_sync_client_get_downloading (client), "basemap") == 0)
    c->saw_downloading = TRUE;
}

static Client *
client_new (const char *url,
            const char *token)
{
  Client *c = g_new0 (Client, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  c->dir = g_dir_make_tmp ("voisins-sync-basemap-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (c->dir, "voisins.db", NULL);
  c->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  c->client = voisins_sync_client_new (c->store);
  voisins_sync_client_set_server_url (c->client, url);
  voisins_sync_client_set_token (c->client, token);
  voisins_sync_client_set_timeout (c->client, 5);
  g_signal_connect (c->store, "basemap-changed", G_CALLBACK (basemap_changed_cb), c);
  g_signal_connect (c->client, "notify::download-progress", G_CALLBACK (progress_cb), c);
  g_signal_connect (c->client, "notify::downloading", G_CALLBACK (progress_cb), c);
  return c;
}

static void
client_free (Client *c)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", c->dir);

  g_clear_object (&c->client);
  g_clear_object (&c->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (c->dir);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
sync_ok (Client *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (voisins_sync_client_sync (c->client, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the store emits on its main context: let it */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
build (VsWorld *w)
{
  g_autofree char *streets = g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared",
                                               "data", "paris",
                                               "voies_emprises_fbg_saint_antoine.geojson", NULL);

  g_free (vs_server_cli (w->server, NULL, "basemap", "--association", w->a, "--streets", streets,
                         "--zoom", "16", NULL));
}

static char *
server_file (VsWorld *w)
{
  g_autofree char *name = g_strdup_printf ("%s.mbtiles", w->a);

  return g_build_filename (w->server->dir, "basemaps", name, NULL);
}

/* The same bytes on the laptop as on the server. */
static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpuint (la, ==, lb);
  g_assert_true (memcmp (da, db, la) == 0);
}

/* No temporary file left beside the store. */
static void
assert_no_leftovers (Client *c)
{
  g_autoptr(GDir) dir = g_dir_open (c->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_prefix (name, ".basemap-download"));
}

static void
test_download (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) c = client_new (w->server->base_url, w->vol);
  g_autofree char *on_server = server_file (w);
  g_autofree char *path = NULL;
  GStatBuf st;

  vs_server_load_quinze_vingts (w->server, w->a);
  /* no map on the server: nothing downloaded, the sync as before */
  sync_ok (c);
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 0);
  g_assert_null (voisins_store_dup_basemap_path (c->store, w->a));
  g_assert_cmpuint (c->changed, ==, 0);
  g_assert_false (c->saw_downloading);

  build (w);
  sync_ok (c);
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 1);
  path = voisins_store_dup_basemap_path (c->store, w->a);
  g_assert_nonnull (path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  assert_same_file (path, on_server);
  g_assert_cmpuint (c->changed, ==, 1);
  g_assert_true (c->saw_downloading);
  g_assert_cmpfloat (c->max_progress, ==, 1.0);
  g_assert_null (voisins_sync_client_get_downloading (c->client));
  assert_no_leftovers (c);

  /* the same version: not downloaded again */
  sync_ok (c);
  g_assert_cmpuint (c->changed, ==, 1);

  /* rebuilt on the server: the next sync brings the new one */
  build (w);
  sync_ok (c);
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 2);
  g_assert_cmpuint (c->changed, ==, 2);
  g_clear_pointer (&path, g_free);
  path = voisins_store_dup_basemap_path (c->store, w->a);
  assert_same_file (path, on_server);
}

/* The network cut in the middle of the file: the old map stays, whole, and nothing half
 * written is left; the sync itself went through, and the next one brings the map. */
static void
test_cut (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (w->server->port);
  g_autoptr(Client) c = client_new (fault_proxy_get_url (proxy), w->vol);
  g_autofree char *on_server = server_file (w);
  g_autofree char *v1 = g_build_filename (w->server->dir, "v1.mbtiles", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint before, per_sync;

  vs_server_load_quinze_vingts (w->server, w->a);
  sync_ok (c);
  build (w);
  before = fault_proxy_get_count (proxy);
  sync_ok (c);
  per_sync = fault_proxy_get_count (proxy) - before;
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 1);
  g_assert_true (g_file_get_contents (on_server, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (v1, contents, len, NULL));

  /* version 2, its download (the run's last request) cut at three quarters */
  build (w);
  fault_proxy_set_fault_after (proxy, per_sync - 1, FAULT_TRUNCATED, 1);
  sync_ok (c);
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 1);
  g_assert_cmpuint (c->changed, ==, 1);
  path = voisins_store_dup_basemap_path (c->store, w->a);
  g_assert_nonnull (path);
  assert_same_file (path, v1);
  assert_no_leftovers (c);
  g_assert_null (voisins_sync_client_get_downloading (c->client));

  sync_ok (c);
  g_assert_cmpint (voisins_store_get_basemap_version (c->store, w->a), ==, 2);
  g_assert_cmpuint (c->changed, ==, 2);
  assert_same_file (path, on_server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/basemap/download", test_download);
  g_test_add_func ("/sync/basemap/cut", test_cut);
  return g_test_run ();
}
