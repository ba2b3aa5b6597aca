/* test-sync-members.c: a neighbour taken in at the desk, offline, synced to a real
 * voisins-server: what reaches a coordinator's laptop, and what the volunteer's keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "server-fixture.h"
#include "voisins-core.h"
#include "voisins-store-member-edits.h"

typedef struct
{
  char              *dir;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
} Client;

static Client *
client_new (const char *url,
            const char *token)
{
  Client *c = g_new0 (Client, 1);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  c->dir = g_dir_make_tmp ("voisins-sync-members-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (c->dir, "voisins.db", NULL);
  c->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  c->client = voisins_sync_client_new (c->store);
  voisins_sync_client_set_server_url (c->client, url);
  voisins_sync_client_set_token (c->client, token);
  voisins_sync_client_set_timeout (c->client, 3);

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
}

static void
on_members_changed (VoisinsStore *store,
                    const char   *id,
                    guint        *count)
{
  (*count)++;
}

/* A volunteer records Mme Dupont at the desk with the laptop offline, then syncs. */
static void
test_intake_volunteer (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) v = client_new (w->server->base_url, w->vol);
  g_autoptr(Client) c = client_new (w->server->base_url, w->coord);
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  g_autoptr(VoisinsMember) mine = NULL;
  g_autoptr(VoisinsMember) theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint changed = 0;

  sync_ok (v);
  sync_ok (c);
  g_assert_cmpuint (voisins_store_count_members (c->store, w->a, NULL), ==, 0);

  /* What each may change on an existing record is the server's rules table's word. */
  {
    g_auto(GStrv) vw = voisins_store_get_member_writable_fields (v->store, w->a);
    g_auto(GStrv) cw = voisins_store_get_member_writable_fields (c->store, w->a);

    g_assert_nonnull (vw);
    g_assert_nonnull (cw);
    g_assert_true (g_strv_contains ((const char * const *) vw, "languages"));
    g_assert_false (g_strv_contains ((const char * const *) vw, "phone"));
    g_assert_false (g_strv_contains ((const char * const *) vw, "verification"));
    g_assert_true (g_strv_contains ((const char * const *) cw, "phone"));
    g_assert_true (g_strv_contains ((const char * const *) cw, "address"));
  }

  voisins_member_set_first_name (m, "Jeanne");
  voisins_member_set_last_name (m, "Dupont");
  voisins_member_set_address (m, "12 rue Traversière");
  voisins_member_set_postcode (m, "75012");
  voisins_member_set_city (m, "Paris");
  voisins_member_set_phone (m, "01 43 43 12 12");
  voisins_member_set_latitude (m, 48.8475);
  voisins_member_set_longitude (m, 2.3712);
  voisins_member_set_languages (m, "fr");
  voisins_member_set_needs (m, "Shopping, once a week");
  voisins_member_set_contact_channel (m, "phone");
  voisins_member_set_no_internet (m, TRUE);
  voisins_member_set_consent_at (m, 1764547200);
  voisins_member_set_consent_by (m, "vol");
  voisins_member_set_consent_scope (m, "posts,phone");
  g_assert_true (voisins_store_create_member (v->store, m, &error));
  g_assert_no_error (error);
  id = g_strdup (voisins_member_get_id (m));

  /* Offline: the laptop shows her whole at once, and the change is queued. */
  mine = voisins_store_get_member (v->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_member_get_last_name (mine), ==, "Dupont");
  g_assert_cmpuint (voisins_store_count_pending (v->store, NULL), ==, 1);
  g_clear_object (&mine);

  /* After the sync the volunteer's laptop keeps only what the server lets them see. */
  sync_ok (v);
  sync_ok (v);
  g_assert_cmpuint (voisins_store_count_pending (v->store, NULL), ==, 0);
  mine = voisins_store_get_member (v->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_member_get_first_name (mine), ==, "Jeanne");
  g_assert_cmpstr (voisins_member_get_last_name (mine), ==, "D.");
  g_assert_null (voisins_member_get_address (mine));
  g_assert_null (voisins_member_get_phone (mine));
  g_assert_null (voisins_member_get_needs (mine));
  g_assert_null (voisins_member_get_consent_scope (mine));
  g_assert_cmpstr (voisins_member_get_contact_channel (mine), ==, "phone");
  g_assert_true (voisins_member_get_no_internet (mine));
  g_assert_cmpint (voisins_member_get_version (mine), ==, 1);
  /* Her exact position is not on the laptop: only the server's approximation of it. */
  g_assert_cmpfloat (voisins_member_get_latitude (mine), !=, 48.8475);
  g_assert_cmpfloat (voisins_member_get_approx_latitude (mine), !=, 0.0);
  g_clear_object (&mine);

  /* Nothing of her is left in the file but that view: no shadow, no outbox row. */
  {
    g_autoptr(GPtrArray) all = voisins_store_list_members (v->store, w->a, "Dupont", NULL);

    g_assert_cmpuint (all->len, ==, 0);
  }

  /* A coordinator's laptop gets her whole, and its lists hear of it. */
  g_signal_connect (c->store, "members-changed", G_CALLBACK (on_members_changed), &changed);
  sync_ok (c);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, >=, 1);
  theirs = voisins_store_get_member (c->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_member_get_last_name (theirs), ==, "Dupont");
  g_assert_cmpstr (voisins_member_get_address (theirs), ==, "12 rue Traversière");
  g_assert_cmpstr (voisins_member_get_phone (theirs), ==, "01 43 43 12 12");
  g_assert_cmpstr (voisins_member_get_needs (theirs), ==, "Shopping, once a week");
  g_assert_cmpstr (voisins_member_get_consent_scope (theirs), ==, "posts,phone");
  g_assert_cmpint (voisins_member_get_consent_at (theirs), ==, 1764547200);
  g_assert_cmpfloat_with_epsilon (voisins_member_get_latitude (theirs), 48.8475, 1e-9);
  g_assert_cmpint (voisins_member_get_verification (theirs), ==, VOISINS_VERIFICATION_UNVERIFIED);
  g_clear_object (&theirs);

  /* The volunteer changes what is theirs to change (her languages); the coordinator sees
   * it, and her phone number is untouched by the volunteer's partial view. */
  mine = voisins_store_get_member (v->store, id, &error);
  voisins_member_set_languages (mine, "fr,pt");
  g_assert_true (voisins_store_update_member (v->store, mine, &error));
  g_assert_no_error (error);
  sync_ok (v);
  sync_ok (c);
  theirs = voisins_store_get_member (c->store, id, &error);
  g_assert_cmpstr (voisins_member_get_languages (theirs), ==, "fr,pt");
  g_assert_cmpstr (voisins_member_get_phone (theirs), ==, "01 43 43 12 12");
  g_assert_cmpstr (voisins_member_get_last_name (theirs), ==, "Dupont");
  g_assert_cmpuint (voisins_store_count_pending (v->store, NULL), ==, 0);
}

/* A coordinator's edit of a member she has: only the changed field travels, and a second
 * coordinator's laptop follows. */
static void
test_edit_coordinator (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autoptr(Client) c = client_new (w->server->base_url, w->coord);
  g_autoptr(Client) a = client_new (w->server->base_url, w->admin);
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  g_autoptr(VoisinsMember) got = NULL;
  g_autoptr(GError) error = NULL;

  sync_ok (c);
  voisins_member_set_first_name (m, "Paul");
  voisins_member_set_last_name (m, "Martin");
  voisins_member_set_address (m, "3 rue de Cotte");
  voisins_member_set_latitude (m, 48.849);
  voisins_member_set_longitude (m, 2.377);
  voisins_member_set_consent_scope (m, "posts");
  g_assert_true (voisins_store_create_member (c->store, m, &error));
  /* Edited again before the sync: folded into the create. */
  voisins_member_set_phone (m, "06 00 00 00 01");
  g_assert_true (voisins_store_update_member (c->store, m, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (c->store, NULL), ==, 1);
  sync_ok (c);
  sync_ok (a);
  got = voisins_store_get_member (a->store, voisins_member_get_id (m), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_member_get_phone (got), ==, "06 00 00 00 01");
  g_clear_object (&got);

  got = voisins_store_get_member (c->store, voisins_member_get_id (m), &error);
  voisins_member_set_address (got, "5 rue de Cotte");
  g_assert_true (voisins_store_update_member (c->store, got, &error));
  g_assert_no_error (error);
  sync_ok (c);
  sync_ok (a);
  g_clear_object (&got);
  got = voisins_store_get_member (a->store, voisins_member_get_id (m), &error);
  g_assert_cmpstr (voisins_member_get_address (got), ==, "5 rue de Cotte");
  g_assert_cmpstr (voisins_member_get_phone (got), ==, "06 00 00 00 01");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-members/intake-volunteer", test_intake_volunteer);
  g_test_add_func ("/sync-members/edit-coordinator", test_edit_coordinator);

  return g_test_run ();
}
