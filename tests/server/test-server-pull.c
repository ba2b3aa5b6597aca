/* test-server-pull.c: cursor paging, resets (restore, horizon), tombstones, scope
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include "server-fixture.h"

static void
push_posts (VsWorld    *w,
            const char *client,
            gint64     *seq,
            guint       n,
            GPtrArray  *ids)
{
  while (n > 0)
    {
      guint batch = MIN (n, 100);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      for (guint i = 0; i < batch; i++)
        {
          g_autofree char *id = vs_uuid ();

          g_ptr_array_add (names, (gpointer) "post.create");
          g_ptr_array_add (args, vs_post_json (id, w->a, "A post to page through"));
          if (ids)
            g_ptr_array_add (ids, g_steal_pointer (&id));
        }
      body = vs_push_body (client, *seq, batch, (const char * const *) names->pdata,
                           (const char * const *) args->pdata);
      answer = vs_post (w->server, "/api/v1/sync/push", w->vol, body, &status);
      g_assert_cmpuint (status, ==, 200);
      *seq += batch;
      n -= batch;
    }
}

static void
test_paging (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  gint64 seq = 1, prev = 0;
  gboolean reset;

  push_posts (w, client, &seq, 10000, NULL);

  /* An odd page size, so that pages do not line up with push batches. */
  changes = vs_pull_all (w->server, w->vol, client, w->a, NULL, 997, &cursor, &reset);
  g_assert_false (reset);
  g_assert_cmpuint (changes->len, ==, 10000);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *c = changes->pdata[i];
      gint64 s = json_object_get_int_member (c, "server_seq");
      const char *id = json_object_get_string_member (c, "id");

      g_assert_cmpint (s, >, prev);
      prev = s;
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_true (json_object_has_member (c, "version"));
    }

  /* From the last cursor: nothing new, and one more change comes alone. */
  {
    g_autoptr(GPtrArray) none = vs_pull_all (w->server, w->vol, client, w->a, cursor, 500, NULL, NULL);
    g_autoptr(GPtrArray) one = NULL;

    g_assert_cmpuint (none->len, ==, 0);
    push_posts (w, client, &seq, 1, NULL);
    one = vs_pull_all (w->server, w->vol, client, w->a, cursor, 500, NULL, NULL);
    g_assert_cmpuint (one->len, ==, 1);
  }

  /* last_mutation_seq comes with the page */
  {
    g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"limit\":1}", client);
    g_autoptr(JsonNode) answer = vs_post (w->server, "/api/v1/sync/pull", w->vol, body, NULL);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "last_mutation_seq"),
                     ==, 10001);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "has_more"));
  }
}

static void
test_reset_after_restore (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *backup = g_build_filename (w->server->dir, "backup.db", NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 seq = 1;
  gboolean reset = FALSE;

  push_posts (w, client, &seq, 5, NULL);
  /* online backup while the server runs */
  out = vs_server_cli (w->server, NULL, "backup", "--to", backup, NULL);
  push_posts (w, client, &seq, 3, NULL);
  before = vs_pull_all (w->server, w->vol, client, w->a, NULL, 100, &cursor, NULL);
  g_assert_cmpuint (before->len, ==, 8);

  vs_server_stop (w->server, FALSE);
  g_free (vs_server_cli (w->server, NULL, "restore", "--from", backup, NULL));
  vs_server_start (w->server);

  /* Old tokens were in the backup too; the old cursor is from another epoch. */
  after = vs_pull_all (w->server, w->vol, client, w->a, cursor, 100, NULL, &reset);
  g_assert_true (reset);
  g_assert_cmpuint (after->len, ==, 5);

  /* The server remembers this client as the backup had it: a push that goes on from the
   * client's own next seq gets a GAP saying what to send again. */
  {
    g_autofree char *id = vs_uuid ();
    g_autofree char *args = vs_post_json (id, w->a, "Sent after the restore");
    g_autoptr(JsonNode) answer = NULL;
    guint status = 0;

    answer = vs_push1 (w->server, w->vol, client, seq, "post.create", args, &status);
    g_assert_cmpuint (status, ==, 409);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer),
                                                 "last_mutation_seq"), ==, 5);
  }

  /* Sending again from there (what the restore lost, then the new one) applies them once. */
  seq = 6;
  push_posts (w, client, &seq, 4, NULL);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 9);
}

static void
test_reset_below_horizon (void)
{
  g_autoptr(VsWorld) w = vs_world_new ("tombstone-horizon-seconds=0");
  g_autofree char *client = vs_uuid ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *old_cursor = NULL;
  g_autofree char *new_cursor = NULL;
  g_autofree char *del = NULL;
  g_autoptr(JsonNode) r = NULL;
  gint64 seq = 1;
  gboolean reset = FALSE;

  push_posts (w, client, &seq, 3, ids);
  page = vs_pull_all (w->server, w->vol, client, w->a, NULL, 100, &old_cursor, NULL);
  del = g_strdup_printf ("{\"id\":\"%s\"}", (char *) ids->pdata[0]);
  r = vs_push1 (w->server, w->vol, client, seq++, "post.delete", del, NULL);
  g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  g_clear_pointer (&page, g_ptr_array_unref);
  page = vs_pull_all (w->server, w->vol, client, w->a, old_cursor, 100, &new_cursor, NULL);
  g_assert_cmpuint (page->len, ==, 1);

  /* Purge the tombstone (the horizon is 0 s here). */
  g_usleep (1100 * 1000);
  g_free (vs_server_cli (w->server, NULL, "purge", NULL));
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"), ==, 2);

  /* A client that never saw the tombstone must start over. */
  again = vs_pull_all (w->server, w->vol, client, w->a, old_cursor, 100, NULL, &reset);
  g_assert_true (reset);
  g_assert_cmpuint (again->len, ==, 2);
  /* One that saw it goes on. */
  g_clear_pointer (&again, g_ptr_array_unref);
  again = vs_pull_all (w->server, w->vol, client, w->a, new_cursor, 100, NULL, &reset);
  g_assert_false (reset);
  g_assert_cmpuint (again->len, ==, 0);

  /* Malformed cursors: reset too. */
  g_clear_pointer (&again, g_ptr_array_unref);
  again = vs_pull_all (w->server, w->vol, client, w->a, "garbage", 100, NULL, &reset);
  g_assert_true (reset);
}

static const char *personal[] = { "address", "phone", "email", "lat", "lon", "needs", NULL };

static void
test_tombstones_and_scope (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *m1 = vs_uuid ();
  g_autofree char *m2 = vs_uuid ();
  g_autoptr(GPtrArray) vol_view = NULL;
  g_autoptr(GPtrArray) coord_view = NULL;
  g_autoptr(GPtrArray) other_view = NULL;
  gint64 seq = 1;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *args = g_strdup_printf (
          "{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
          "\"first_name\":\"Jeanne\","
          "\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\",\"phone\":\"0143000000\","
          "\"email\":\"j@example.org\",\"needs\":\"shopping\",\"lat\":48.848,\"lon\":2.378}",
          i ? m2 : m1, w->a);
      g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, client, seq++, "member.create", args, NULL);

      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  {
    g_autofree char *del = g_strdup_printf ("{\"id\":\"%s\"}", m2);
    g_autoptr(JsonNode) r = vs_push1 (w->server, w->coord, client, seq++, "member.delete", del, NULL);

    g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
  }

  /* Nothing personal stays in the tombstone, in the database either. */
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records WHERE deleted = 1 AND"
                                " (data LIKE '%Martin%' OR data LIKE '%Cotte%' OR data LIKE '%0143%')"),
                   ==, 0);

  coord_view = vs_pull_all (w->server, w->coord, vs_uuid (), w->a, NULL, 100, NULL, NULL);
  vol_view = vs_pull_all (w->server, w->vol, vs_uuid (), w->a, NULL, 100, NULL, NULL);
  g_assert_cmpuint (coord_view->len, ==, 2);
  g_assert_cmpuint (vol_view->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *c = coord_view->pdata[i];
      JsonObject *v = vol_view->pdata[i];

      if (json_object_get_boolean_member (c, "deleted"))
        {
          g_assert_false (json_object_has_member (c, "data"));
          g_assert_false (json_object_has_member (v, "data"));
          continue;
        }
      {
        JsonObject *cd = json_object_get_object_member (c, "data");
        JsonObject *vd = json_object_get_object_member (v, "data");

        g_assert_cmpstr (json_object_get_string_member (cd, "last_name"), ==, "Martin");
        g_assert_cmpstr (json_object_get_string_member (cd, "address"), ==, "12 rue de Cotte");
        g_assert_cmpstr (json_object_get_string_member (vd, "first_name"), ==, "Jeanne");
        g_assert_cmpstr (json_object_get_string_member (vd, "last_name"), ==, "M.");
        for (guint k = 0; personal[k]; k++)
          g_assert_false (json_object_has_member (vd, personal[k]));
        /* The approximate position is the server's, inside the quartier and not exact. */
        g_assert_cmpfloat (json_object_get_double_member (vd, "approx_lat"), !=, 48.848);
        g_assert_cmpfloat (json_object_get_double_member (vd, "approx_lat"), >, 48.838);
        g_assert_cmpfloat (json_object_get_double_member (vd, "approx_lat"), <, 48.852);
      }
    }

  /* Another association's user sees nothing of it. */
  other_view = vs_pull_all (w->server, w->other, vs_uuid (), w->b, NULL, 100, NULL, NULL);
  g_assert_cmpuint (other_view->len, ==, 0);
}

/* The server keeps the pages it built (voisins-server-sqlite-pull-cache.c): asked twice,
 * a page must still be the caller's role's view, and never older than the last write. */
static gboolean
has_address (GPtrArray  *changes,
             const char *member_id)
{
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *c = changes->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (c, "id"), member_id) == 0)
        return json_object_has_member (json_object_get_object_member (c, "data"), "address");
    }
  g_assert_not_reached ();
}

static void
test_kept_pages (void)
{
  g_autoptr(VsWorld) w = vs_world_new (NULL);
  g_autofree char *client = vs_uuid ();
  g_autofree char *m1 = vs_uuid ();
  g_autofree char *p1 = vs_uuid ();
  g_autofree char *member = g_strdup_printf (
      "{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
      "\"first_name\":\"Jeanne\",\"last_name\":\"Martin\",\"address\":\"12 rue de Cotte\","
      "\"phone\":\"0143000000\",\"lat\":48.848,\"lon\":2.378}", m1, w->a);
  g_autofree char *post = vs_post_json (p1, w->a, "Courses");
  g_autoptr(JsonNode) r1 = vs_push1 (w->server, w->coord, client, 1, "member.create", member, NULL);

  g_assert_cmpstr (json_object_get_string_member (vs_result (r1, 0), "status"), ==, "applied");

  /* The same cursor, in turn: each role gets its own view, the first time and the next. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) coord_view = vs_pull_all (w->server, w->coord, vs_uuid (), w->a, NULL,
                                                     100, NULL, NULL);
      g_autoptr(GPtrArray) vol_view = vs_pull_all (w->server, w->vol, vs_uuid (), w->a, NULL, 100,
                                                   NULL, NULL);

      g_assert_true (has_address (coord_view, m1));
      g_assert_false (has_address (vol_view, m1));
    }

  /* A write, and the page from the same cursor has it at once. */
  {
    g_autoptr(GPtrArray) before = vs_pull_all (w->server, w->vol, vs_uuid (), w->a, NULL, 100,
                                               NULL, NULL);
    g_autoptr(JsonNode) r2 = vs_push1 (w->server, w->coord, client, 2, "post.create", post, NULL);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_cmpstr (json_object_get_string_member (vs_result (r2, 0), "status"), ==, "applied");
    after = vs_pull_all (w->server, w->vol, vs_uuid (), w->a, NULL, 100, NULL, NULL);
    g_assert_cmpuint (after->len, ==, before->len + 1);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/pull/paging-10k", test_paging);
  g_test_add_func ("/server/pull/reset-after-restore", test_reset_after_restore);
  g_test_add_func ("/server/pull/reset-below-horizon", test_reset_below_horizon);
  g_test_add_func ("/server/pull/tombstones-and-scope", test_tombstones_and_scope);
  g_test_add_func ("/server/pull/kept-pages", test_kept_pages);

  return g_test_run ();
}
