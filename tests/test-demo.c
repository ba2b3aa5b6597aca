/* test-demo.c: the demo quartier generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <glib/gstdio.h>
#include <string.h>

#include "voisins-core.h"
#include "voisins-demo.h"

/* Friday 2026-11-20 10:00 UTC, the generator's default */
#define NOW G_GINT64_CONSTANT (1795168800)
#define DAY (24 * 60 * 60)

static char *
make_empty_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("voisins-demo-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static VoisinsDemo *
generate (guint32     seed,
          const char *data_dir,
          guint       n_members,
          guint       n_posts)
{
  VoisinsDemoOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  VoisinsDemo *demo;

  options.seed = seed;
  options.data_dir = data_dir;
  options.n_members = n_members;
  options.n_posts = n_posts;

  demo = voisins_demo_generate (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (demo);

  return demo;
}

/* Open data when this machine has it, else the fallback (and say so). */
static char *
data_dir_or_skip_note (void)
{
  char *dir = voisins_demo_find_data_dir ();

  if (dir == NULL)
    g_test_message ("No open data here: testing the fallback quartier only");

  return dir;
}

static gboolean
objects_equal (GObject *a,
               GObject *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_READABLE) == 0)
        continue;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);

      if (G_VALUE_HOLDS_DOUBLE (&va))
        {
          /* Byte-identical, not merely close. */
          double da = g_value_get_double (&va), db = g_value_get_double (&vb);

          if (memcmp (&da, &db, sizeof da) != 0)
            {
              g_test_message ("%s differs", pspecs[i]->name);
              return FALSE;
            }
        }
      else if (g_param_values_cmp (pspecs[i], &va, &vb) != 0)
        {
          g_test_message ("%s differs", pspecs[i]->name);
          return FALSE;
        }
    }

  return TRUE;
}

static void
assert_hosts_equal (const VoisinsHolidayHost *a,
                    const VoisinsHolidayHost *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->association_id, ==, b->association_id);
  g_assert_cmpstr (a->member_id, ==, b->member_id);
  g_assert_cmpuint (a->slots, ==, b->slots);
  g_assert_cmpuint (a->seats, ==, b->seats);
  g_assert_cmpint (a->step_free, ==, b->step_free);
  g_assert_cmpint (a->pets, ==, b->pets);
  g_assert_cmpuint (a->diets, ==, b->diets);
  g_assert_cmpstr (a->languages, ==, b->languages);
  g_assert_cmpint (a->alcohol_free, ==, b->alcohol_free);
  g_assert_cmpint (a->children, ==, b->children);
  g_assert_cmpint (a->can_fetch, ==, b->can_fetch);
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->server_seq, ==, b->server_seq);
}

static void
assert_guests_equal (const VoisinsHolidayGuest *a,
                     const VoisinsHolidayGuest *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->association_id, ==, b->association_id);
  g_assert_cmpstr (a->member_id, ==, b->member_id);
  g_assert_cmpuint (a->slots, ==, b->slots);
  g_assert_cmpint (a->no_stairs, ==, b->no_stairs);
  g_assert_cmpuint (a->diets, ==, b->diets);
  g_assert_cmpstr (a->languages, ==, b->languages);
  g_assert_cmpint (a->pet_allergy, ==, b->pet_allergy);
  g_assert_cmpint (a->needs_fetch, ==, b->needs_fetch);
  g_assert_cmpint (a->wants_quiet, ==, b->wants_quiet);
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->server_seq, ==, b->server_seq);
}

static void
assert_demos_equal (VoisinsDemo *a,
                    VoisinsDemo *b)
{
  g_autofree char *boundary_a = NULL;
  g_autofree char *boundary_b = NULL;

  g_assert_cmpint (a->from_open_data, ==, b->from_open_data);
  g_assert_cmpstr (voisins_association_get_id (a->association), ==,
                   voisins_association_get_id (b->association));
  g_assert_cmpstr (voisins_association_get_name (a->association), ==,
                   voisins_association_get_name (b->association));
  g_assert_cmpstr (voisins_association_get_quartier (a->association), ==,
                   voisins_association_get_quartier (b->association));
  g_assert_cmpstr (voisins_association_get_phone (a->association), ==,
                   voisins_association_get_phone (b->association));
  boundary_a = voisins_polygon_to_geojson (voisins_association_get_boundary (a->association));
  boundary_b = voisins_polygon_to_geojson (voisins_association_get_boundary (b->association));
  g_assert_cmpstr (boundary_a, ==, boundary_b);

  g_assert_cmpuint (a->members->len, ==, b->members->len);
  for (guint i = 0; i < a->members->len; i++)
    g_assert_true (objects_equal (g_ptr_array_index (a->members, i),
                                  g_ptr_array_index (b->members, i)));

  g_assert_cmpuint (a->posts->len, ==, b->posts->len);
  for (guint i = 0; i < a->posts->len; i++)
    g_assert_true (objects_equal (g_ptr_array_index (a->posts, i),
                                  g_ptr_array_index (b->posts, i)));

  g_assert_cmpuint (a->hosts->len, ==, b->hosts->len);
  for (guint i = 0; i < a->hosts->len; i++)
    assert_hosts_equal (g_ptr_array_index (a->hosts, i), g_ptr_array_index (b->hosts, i));

  g_assert_cmpuint (a->guests->len, ==, b->guests->len);
  for (guint i = 0; i < a->guests->len; i++)
    assert_guests_equal (g_ptr_array_index (a->guests, i), g_ptr_array_index (b->guests, i));
}

static void
test_deterministic (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autofree char *empty_dir = make_empty_dir ();
  const char *dirs[] = { data_dir, empty_dir };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(VoisinsDemo) a = NULL;
      g_autoptr(VoisinsDemo) b = NULL;
      g_autoptr(VoisinsDemo) c = NULL;
      guint same_names = 0, same_titles = 0;

      if (dirs[d] == NULL)
        continue;

      a = generate (42, dirs[d], 0, 0);
      b = generate (42, dirs[d], 0, 0);
      assert_demos_equal (a, b);

      /* Another seed, another quartier (same association). */
      c = generate (43, dirs[d], 0, 0);
      g_assert_cmpstr (voisins_association_get_id (a->association), ==,
                       voisins_association_get_id (c->association));
      g_assert_cmpuint (a->members->len, ==, c->members->len);
      for (guint i = 0; i < a->members->len; i++)
        {
          VoisinsMember *ma = g_ptr_array_index (a->members, i);
          VoisinsMember *mc = g_ptr_array_index (c->members, i);

          g_assert_cmpstr (voisins_member_get_id (ma), !=, voisins_member_get_id (mc));
          if (g_strcmp0 (voisins_member_get_last_name (ma),
                         voisins_member_get_last_name (mc)) == 0)
            same_names++;
        }
      g_assert_cmpuint (same_names, <, a->members->len / 4);

      for (guint i = 0; i < a->posts->len; i++)
        {
          VoisinsPost *pa = g_ptr_array_index (a->posts, i);
          VoisinsPost *pc = g_ptr_array_index (c->posts, i);

          if (g_strcmp0 (voisins_post_get_title (pa), voisins_post_get_title (pc)) == 0)
            same_titles++;
        }
      g_assert_cmpuint (same_titles, <, a->posts->len / 4);
    }

  g_rmdir (empty_dir);
}

static void
assert_members_inside (VoisinsDemo *demo)
{
  VoisinsPolygon *boundary = voisins_association_get_boundary (demo->association);

  g_assert_nonnull (boundary);

  for (guint i = 0; i < demo->members->len; i++)
    {
      VoisinsMember *member = g_ptr_array_index (demo->members, i);
      const char *address = voisins_member_get_address (member);

      g_assert_true (voisins_polygon_contains (boundary, voisins_member_get_latitude (member),
                                               voisins_member_get_longitude (member)));
      g_assert_nonnull (address);
      g_assert_true (g_ascii_isdigit (address[0]));
      g_assert_nonnull (strchr (address, ' '));
      g_assert_cmpstr (voisins_member_get_postcode (member), ==, "75012");
      g_assert_cmpstr (voisins_member_get_city (member), ==, "Paris");
    }
}

static void
test_inside_boundary (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autoptr(VoisinsDemo) demo = NULL;

  if (data_dir == NULL)
    {
      g_test_skip ("No open data on this machine");
      return;
    }

  demo = generate (7, data_dir, 0, 0);
  g_assert_true (demo->from_open_data);
  assert_members_inside (demo);
}

static void
assert_approximate (VoisinsDemo *demo)
{
  VoisinsPolygon *boundary = voisins_association_get_boundary (demo->association);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < demo->members->len; i++)
    {
      VoisinsMember *member = g_ptr_array_index (demo->members, i);
      double lat = voisins_member_get_latitude (member);
      double lon = voisins_member_get_longitude (member);
      double alat = voisins_member_get_approx_latitude (member);
      double alon = voisins_member_get_approx_longitude (member);
      double d = voisins_geo_distance (lat, lon, alat, alon);

      g_assert_cmpfloat (d, >, 30.0);
      g_assert_cmpfloat (d, <, 200.0);
      g_assert_true (voisins_polygon_contains (boundary, alat, alon));
      g_hash_table_insert (by_id, (gpointer) voisins_member_get_id (member), member);
    }

  /* A post shows where its author roughly lives, never the door. */
  for (guint i = 0; i < demo->posts->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (demo->posts, i);
      VoisinsMember *author = g_hash_table_lookup (by_id, voisins_post_get_author_id (post));

      g_assert_nonnull (author);
      g_assert_cmpfloat (voisins_post_get_latitude (post), ==,
                         voisins_member_get_approx_latitude (author));
      g_assert_cmpfloat (voisins_post_get_longitude (post), ==,
                         voisins_member_get_approx_longitude (author));
    }
}

static void
test_approximate (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autofree char *empty_dir = make_empty_dir ();
  g_autoptr(VoisinsDemo) fallback = NULL;

  if (data_dir != NULL)
    {
      g_autoptr(VoisinsDemo) demo = generate (11, data_dir, 0, 0);

      assert_approximate (demo);
    }

  fallback = generate (11, empty_dir, 0, 0);
  assert_approximate (fallback);
  g_rmdir (empty_dir);
}

static void
assert_counts (VoisinsDemo *demo,
               guint        n_members,
               guint        n_posts)
{
  guint categories[VOISINS_N_CATEGORIES] = { 0 };
  guint statuses[VOISINS_N_POST_STATUSES] = { 0 };
  guint kinds[2] = { 0 };
  guint verifications[3] = { 0 };
  guint dated = 0, with_needs = 0, multilingual = 0;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) bodies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) member_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) holiday_members = g_hash_table_new (g_str_hash, g_str_equal);
  const char *association_id = voisins_association_get_id (demo->association);

  g_assert_true (voisins_uuid_is_valid (association_id));
  g_assert_cmpstr (voisins_association_get_quartier (demo->association), ==, "Quinze-Vingts");
  g_assert_nonnull (voisins_association_get_name (demo->association));
  g_assert_nonnull (voisins_association_get_phone (demo->association));

  g_assert_cmpuint (demo->members->len, ==, n_members);
  for (guint i = 0; i < demo->members->len; i++)
    {
      VoisinsMember *member = g_ptr_array_index (demo->members, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (voisins_uuid_is_valid (voisins_member_get_id (member)));
      g_assert_true (g_hash_table_add (member_ids, (gpointer) voisins_member_get_id (member)));
      g_assert_cmpstr (voisins_member_get_association_id (member), ==, association_id);
      g_assert_true (g_str_has_prefix (voisins_member_get_phone (member), "06 "));
      g_assert_true (g_str_has_prefix (voisins_member_get_languages (member), "fr"));
      g_assert_cmpint (voisins_member_get_created_at (member), <, NOW);
      g_assert_cmpint (voisins_member_get_updated_at (member), <=, NOW);
      g_assert_cmpint (voisins_member_get_consent_at (member), >, 0);
      g_assert_nonnull (voisins_member_get_consent_by (member));
      g_assert_nonnull (voisins_member_get_consent_scope (member));
      verifications[voisins_member_get_verification (member)]++;
      if (voisins_member_get_verification (member) == VOISINS_VERIFICATION_VERIFIED)
        {
          g_assert_nonnull (voisins_member_get_verified_how (member));
          g_assert_nonnull (voisins_member_get_verified_by (member));
          g_assert_cmpint (voisins_member_get_verified_at (member), <=, NOW);
        }
      if (voisins_member_get_needs (member) != NULL)
        with_needs++;
      if (strchr (voisins_member_get_languages (member), ',') != NULL)
        multilingual++;

      voisins_member_validate (member, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (verifications[VOISINS_VERIFICATION_VERIFIED], >, n_members / 2);
  g_assert_cmpuint (verifications[VOISINS_VERIFICATION_LETTER_SENT], >, 0);
  g_assert_cmpuint (verifications[VOISINS_VERIFICATION_UNVERIFIED], >, 0);
  g_assert_cmpuint (with_needs, >, n_members / 20);
  g_assert_cmpuint (multilingual, >, n_members / 10);

  g_assert_cmpuint (demo->posts->len, ==, n_posts);
  for (guint i = 0; i < demo->posts->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (demo->posts, i);
      g_autoptr(GError) error = NULL;
      const char *author_name = voisins_post_get_author_name (post);
      gint64 created_at = voisins_post_get_created_at (post);

      g_assert_true (voisins_uuid_is_valid (voisins_post_get_id (post)));
      g_assert_cmpstr (voisins_post_get_association_id (post), ==, association_id);
      g_assert_true (g_hash_table_contains (member_ids, voisins_post_get_author_id (post)));
      g_assert_true (g_str_has_suffix (author_name, "."));
      g_assert_null (strchr (voisins_post_get_title (post), '{'));
      g_assert_null (strchr (voisins_post_get_body (post), '{'));
      g_assert_cmpint (created_at, <=, NOW);
      g_assert_cmpint (created_at, >=, NOW - 60 * DAY);
      g_assert_cmpint (voisins_post_get_updated_at (post), >=, created_at);
      g_assert_cmpint (voisins_post_get_updated_at (post), <=, NOW);
      g_assert_cmpint (voisins_post_get_version (post), ==, 1);
      g_assert_cmpint (voisins_post_get_server_seq (post), ==, 0);
      if (voisins_post_get_starts_at (post) != 0)
        {
          dated++;
          g_assert_cmpint (voisins_post_get_ends_at (post), >, voisins_post_get_starts_at (post));
        }
      /* The store's expiry must not find open posts already over. */
      if (voisins_post_get_status (post) == VOISINS_POST_STATUS_OPEN &&
          voisins_post_get_ends_at (post) != 0)
        g_assert_cmpint (voisins_post_get_ends_at (post), >, NOW);

      categories[voisins_post_get_category (post)]++;
      statuses[voisins_post_get_status (post)]++;
      kinds[voisins_post_get_kind (post)]++;
      g_hash_table_add (titles, (gpointer) voisins_post_get_title (post));
      g_hash_table_add (bodies, (gpointer) voisins_post_get_body (post));

      voisins_post_validate (post, &error);
      g_assert_no_error (error);
    }

  for (guint c = 0; c < VOISINS_N_CATEGORIES; c++)
    g_assert_cmpuint (categories[c], >, 0);
  for (guint s = 0; s < VOISINS_N_POST_STATUSES; s++)
    g_assert_cmpuint (statuses[s], >, 0);
  g_assert_cmpuint (statuses[VOISINS_POST_STATUS_OPEN], >, n_posts / 2);
  g_assert_cmpuint (kinds[VOISINS_POST_KIND_REQUEST], >, n_posts / 4);
  g_assert_cmpuint (kinds[VOISINS_POST_KIND_OFFER], >, n_posts / 4);
  g_assert_cmpuint (dated, >, n_posts / 20);
  g_assert_cmpuint (g_hash_table_size (titles), >, MIN (n_posts / 4, 100));
  g_assert_cmpuint (g_hash_table_size (bodies), >, n_posts / 3);

  for (guint i = 0; i < demo->hosts->len; i++)
    {
      VoisinsHolidayHost *host = g_ptr_array_index (demo->hosts, i);

      g_assert_true (g_hash_table_contains (member_ids, host->member_id));
      g_assert_true (g_hash_table_add (holiday_members, host->member_id));
      g_assert_cmpstr (host->association_id, ==, association_id);
      g_assert_cmpuint (host->slots, !=, 0);
      g_assert_cmpuint (host->slots, <, 1 << 4);
      g_assert_cmpuint (host->seats, >=, 1);
    }
  for (guint i = 0; i < demo->guests->len; i++)
    {
      VoisinsHolidayGuest *guest = g_ptr_array_index (demo->guests, i);

      g_assert_true (g_hash_table_contains (member_ids, guest->member_id));
      g_assert_true (g_hash_table_add (holiday_members, guest->member_id));
      g_assert_cmpstr (guest->association_id, ==, association_id);
      g_assert_cmpuint (guest->slots, !=, 0);
      g_assert_cmpuint (guest->slots, <, 1 << 4);
    }
}

static void
test_counts (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(VoisinsDemo) small = NULL;

  demo = generate (1, data_dir, 0, 0);
  g_assert_cmpint (demo->from_open_data, ==, data_dir != NULL);
  assert_counts (demo, 300, 400);
  g_assert_cmpuint (demo->hosts->len, >=, 20);
  g_assert_cmpuint (demo->hosts->len, <=, 30);
  g_assert_cmpuint (demo->guests->len, >=, 35);
  g_assert_cmpuint (demo->guests->len, <=, 45);

  small = generate (2, data_dir, 40, 150);
  assert_counts (small, 40, 150);
}

static void
test_fallback (void)
{
  g_autofree char *empty_dir = make_empty_dir ();
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(VoisinsDemo) no_dir = NULL;
  VoisinsPolygon *boundary;
  VoisinsBBox bbox;
  double lat, lon;

  demo = generate (5, empty_dir, 0, 0);
  g_assert_false (demo->from_open_data);

  boundary = voisins_association_get_boundary (demo->association);
  voisins_polygon_get_center (boundary, &lat, &lon);
  g_assert_cmpfloat (voisins_geo_distance (lat, lon, 48.8485, 2.3725), <, 300.0);
  voisins_polygon_get_bbox (boundary, &bbox);
  g_assert_cmpfloat (voisins_geo_distance (bbox.min_lat, bbox.min_lon,
                                           bbox.max_lat, bbox.max_lon), >, 800.0);
  g_assert_cmpfloat (voisins_geo_distance (bbox.min_lat, bbox.min_lon,
                                           bbox.max_lat, bbox.max_lon), <, 3000.0);

  assert_members_inside (demo);
  assert_counts (demo, 300, 400);

  /* No folder at all is the same as an empty one. */
  no_dir = generate (5, NULL, 0, 0);
  assert_demos_equal (demo, no_dir);
  g_rmdir (empty_dir);
}

static void
test_import (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autofree char *dir = make_empty_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(VoisinsStore) reopened = NULL;
  g_autoptr(VoisinsMember) member = NULL;
  g_autoptr(VoisinsPost) post = NULL;
  g_autoptr(VoisinsAssociation) association = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsPostQuery query = VOISINS_POST_QUERY_INIT;
  VoisinsMember *first_member;
  VoisinsPost *last_post;
  const char *association_id;

  demo = generate (3, data_dir, 0, 0);
  association_id = voisins_association_get_id (demo->association);

  store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_demo_import (demo, store, &error));
  g_assert_no_error (error);
  voisins_store_close (store);

  /* Read it back from the file. */
  reopened = voisins_store_open (path, &error);
  g_assert_no_error (error);

  association = voisins_store_get_association (reopened, association_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (association);
  g_assert_cmpstr (voisins_association_get_quartier (association), ==, "Quinze-Vingts");

  g_assert_cmpuint (voisins_store_count_members (reopened, association_id, &error), ==,
                    demo->members->len);
  g_assert_no_error (error);

  query.association_id = association_id;
  g_assert_cmpuint (voisins_store_count_posts (reopened, &query, &error), ==, demo->posts->len);
  g_assert_no_error (error);

  g_assert_cmpuint (voisins_store_count_holiday_hosts (reopened, &error), ==, demo->hosts->len);
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_holiday_guests (reopened, &error), ==,
                    demo->guests->len);
  g_assert_no_error (error);

  first_member = g_ptr_array_index (demo->members, 0);
  member = voisins_store_get_member (reopened, voisins_member_get_id (first_member), &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpstr (voisins_member_get_last_name (member), ==,
                   voisins_member_get_last_name (first_member));
  g_assert_cmpstr (voisins_member_get_address (member), ==,
                   voisins_member_get_address (first_member));
  g_assert_cmpfloat_with_epsilon (voisins_member_get_approx_latitude (member),
                                  voisins_member_get_approx_latitude (first_member), 1e-9);

  last_post = g_ptr_array_index (demo->posts, demo->posts->len - 1);
  post = voisins_store_get_post (reopened, voisins_post_get_id (last_post), &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  g_assert_cmpstr (voisins_post_get_title (post), ==, voisins_post_get_title (last_post));
  g_assert_cmpstr (voisins_post_get_body (post), ==, voisins_post_get_body (last_post));
  g_assert_cmpint (voisins_post_get_status (post), ==, voisins_post_get_status (last_post));

  /* A demo import writes rows as they come: nothing to push to a server. */
  g_assert_cmpuint (voisins_store_count_pending (reopened, &error), ==, 0);
  g_assert_no_error (error);

  voisins_store_close (reopened);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_scale (void)
{
  g_autofree char *data_dir = data_dir_or_skip_note ();
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  demo = generate (100, data_dir, 3000, 100000);
  g_test_message ("3,000 members and 100,000 posts in %.2f s", g_timer_elapsed (timer, NULL));
  /* A few seconds here; a quadratic step would take minutes. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 30.0);

  assert_counts (demo, 3000, 100000);
  g_assert_cmpuint (demo->hosts->len, >, 50);
  g_assert_cmpuint (demo->guests->len, >, 80);
}

static void
test_find_data_dir (void)
{
  g_autofree char *empty_dir = make_empty_dir ();
  g_autofree char *saved = g_strdup (g_getenv ("VOISINS_DATA_DIR"));
  g_autofree char *found = NULL;
  g_autofree char *none = NULL;

  g_unsetenv ("VOISINS_DATA_DIR");
  found = voisins_demo_find_data_dir ();

  if (found != NULL)
    {
      g_autofree char *again = NULL;
      g_autofree char *boundary = g_build_filename (found, "quartier_quinze_vingts.geojson",
                                                    NULL);

      g_assert_true (g_file_test (boundary, G_FILE_TEST_IS_REGULAR));

      g_setenv ("VOISINS_DATA_DIR", found, TRUE);
      again = voisins_demo_find_data_dir ();
      g_assert_cmpstr (again, ==, found);
    }

  /* An explicit folder without the files means "no open data". */
  g_setenv ("VOISINS_DATA_DIR", empty_dir, TRUE);
  none = voisins_demo_find_data_dir ();
  g_assert_null (none);

  if (saved != NULL)
    g_setenv ("VOISINS_DATA_DIR", saved, TRUE);
  else
    g_unsetenv ("VOISINS_DATA_DIR");
  g_rmdir (empty_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/inside-boundary", test_inside_boundary);
  g_test_add_func ("/demo/approximate", test_approximate);
  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/fallback", test_fallback);
  g_test_add_func ("/demo/import", test_import);
  g_test_add_func ("/demo/scale", test_scale);
  g_test_add_func ("/demo/find-data-dir", test_find_data_dir);

  return g_test_run ();
}
