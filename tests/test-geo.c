/* test-geo.c: boundaries, distances, approximate positions, ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "voisins-core.h"
#include "voisins-demo.h"

static VoisinsPolygon *
load_quinze_vingts (void)
{
  g_autofree char *dir = voisins_demo_find_data_dir ();
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsPolygon *polygon;

  if (dir == NULL)
    return NULL;

  path = g_build_filename (dir, "quartier_quinze_vingts.geojson", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  polygon = voisins_polygon_new_from_geojson (contents, &error);
  g_assert_no_error (error);
  return polygon;
}

static void
test_contains (void)
{
  g_autoptr(VoisinsPolygon) qv = load_quinze_vingts ();
  g_autoptr(VoisinsPolygon) holed = NULL;
  g_autoptr(GError) error = NULL;
  double lat, lon;

  if (qv == NULL)
    {
      g_test_skip ("the Quinze-Vingts boundary (shared open data) is not on this machine");
      return;
    }

  /* Gare de Lyon's hall is in Quinze-Vingts; Place de la Bastille and the Bercy park
   * are not. */
  g_assert_true (voisins_polygon_contains (qv, 48.8443, 2.3740));
  g_assert_false (voisins_polygon_contains (qv, 48.8532, 2.3691));
  g_assert_false (voisins_polygon_contains (qv, 48.8355, 2.3840));
  voisins_polygon_get_center (qv, &lat, &lon);
  g_assert_true (voisins_polygon_contains (qv, lat, lon));

  holed = voisins_polygon_new_from_geojson (
      "{\"type\":\"Polygon\",\"coordinates\":["
      "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
      "[[4,4],[6,4],[6,6],[4,6],[4,4]]]}", &error);
  g_assert_no_error (error);
  g_assert_true (voisins_polygon_contains (holed, 2, 2));
  g_assert_false (voisins_polygon_contains (holed, 5, 5));
  g_assert_false (voisins_polygon_contains (holed, 11, 5));

  /* Round trip through GeoJSON. */
  {
    g_autofree char *json = voisins_polygon_to_geojson (holed);
    g_autoptr(VoisinsPolygon) again = voisins_polygon_new_from_geojson (json, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (voisins_polygon_get_n_rings (again), ==, 2);
    g_assert_false (voisins_polygon_contains (again, 5, 5));
  }
}

static void
test_bad_geojson (void)
{
  const char *bad[] = {
    "",
    "{",
    "[]",
    "{\"type\":\"Point\",\"coordinates\":[2,48]}",
    "{\"type\":\"Polygon\",\"coordinates\":[]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"a\"],[1,0],[0,0]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,500],[1,0],[0,0]]]}",
    "{\"type\":\"FeatureCollection\",\"features\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VoisinsPolygon) p = voisins_polygon_new_from_geojson (bad[i], &error);

      g_assert_null (p);
      g_assert_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED);
    }
}

static void
test_distance (void)
{
  /* Gare de Lyon to Place de la Bastille: about 1.0 km as the crow flies. */
  double d = voisins_geo_distance (48.8443, 2.3740, 48.8532, 2.3691);

  g_assert_cmpfloat (d, >, 950);
  g_assert_cmpfloat (d, <, 1150);
  g_assert_cmpfloat (voisins_geo_distance (48.85, 2.37, 48.85, 2.37), ==, 0);
}

static void
test_approximate (void)
{
  g_autoptr(VoisinsPolygon) qv = load_quinze_vingts ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  VoisinsBBox bbox;

  if (qv == NULL)
    qv = voisins_polygon_new_from_geojson (
        "{\"type\":\"Polygon\",\"coordinates\":[[[2.365,48.840],[2.380,48.840],"
        "[2.380,48.852],[2.365,48.852],[2.365,48.840]]]}", NULL);

  voisins_polygon_get_bbox (qv, &bbox);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *key = voisins_uuid_new_full (1700000000000 + i, rand);
      double lat = g_rand_double_range (rand, bbox.min_lat, bbox.max_lat);
      double lon = g_rand_double_range (rand, bbox.min_lon, bbox.max_lon);
      double alat, alon, alat2, alon2, d;

      if (!voisins_polygon_contains (qv, lat, lon))
        continue;

      voisins_geo_approximate (lat, lon, key, "secret", 150, qv, &alat, &alon);
      d = voisins_geo_distance (lat, lon, alat, alon);

      /* Never the exact point, never far, always in the quartier. */
      g_assert_cmpfloat (d, >=, 39);
      g_assert_cmpfloat (d, <=, 451);
      g_assert_true (voisins_polygon_contains (qv, alat, alon));

      /* Stable for the same member... */
      voisins_geo_approximate (lat, lon, key, "secret", 150, qv, &alat2, &alon2);
      g_assert_cmpfloat (alat, ==, alat2);
      g_assert_cmpfloat (alon, ==, alon2);

      /* ...and depends on the association's secret. */
      voisins_geo_approximate (lat, lon, key, "other", 150, NULL, &alat2, &alon2);
      g_assert_true (alat != alat2 || alon != alon2);
    }
}

/* A member a coordinator accepted outside the quartier stays near her home: she used to be
 * moved to the quartier's centre, every such member stacked on one point (issue 11). */
static void
test_approximate_outside (void)
{
  g_autoptr(VoisinsPolygon) square = voisins_polygon_new_from_geojson (
      "{\"type\":\"Polygon\",\"coordinates\":[[[2.365,48.840],[2.380,48.840],"
      "[2.380,48.852],[2.365,48.852],[2.365,48.840]]]}", NULL);
  double clat, clon, alat, alon, blat, blon;

  voisins_polygon_get_center (square, &clat, &clon);
  /* 2 km east of the square. */
  voisins_geo_approximate (48.846, 2.41, "member-a", "secret", 150, square, &alat, &alon);
  voisins_geo_approximate (48.846, 2.41, "member-b", "secret", 150, square, &blat, &blon);
  g_assert_cmpfloat (voisins_geo_distance (alat, alon, clat, clon), >, 1000);
  g_assert_cmpfloat (voisins_geo_distance (48.846, 2.41, alat, alon), >=, 39);
  g_assert_cmpfloat (voisins_geo_distance (48.846, 2.41, alat, alon), <=, 151);
  g_assert_true (alat != blat || alon != blon);
}

static void
test_uuid (void)
{
  g_autofree char *a = voisins_uuid_new_full (1700000000000, NULL);
  g_autofree char *b = voisins_uuid_new_full (1700000000001, NULL);
  g_autofree char *c = voisins_uuid_new ();

  g_assert_true (voisins_uuid_is_valid (a));
  g_assert_true (voisins_uuid_is_valid (c));
  g_assert_cmpint (a[14], ==, '7');
  g_assert_true (strchr ("89ab", a[19]) != NULL);
  /* Time-ordered: later ids sort after earlier ones. */
  g_assert_cmpint (strcmp (a, b), <, 0);
  g_assert_false (voisins_uuid_is_valid ("not-a-uuid"));
  g_assert_false (voisins_uuid_is_valid ("01900000-0000-7000-8000-00000000000g"));
  g_assert_false (voisins_uuid_is_valid (NULL));
}

static void
test_text_fold (void)
{
  g_autofree char *a = voisins_text_fold ("Église Saint-Éloi");
  g_autofree char *b = voisins_text_fold ("CŒUR");

  g_assert_cmpstr (a, ==, "eglise saint-eloi");
  g_assert_cmpstr (b, ==, "coeur");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/geo/polygon/contains", test_contains);
  g_test_add_func ("/geo/polygon/bad-geojson", test_bad_geojson);
  g_test_add_func ("/geo/distance", test_distance);
  g_test_add_func ("/geo/approximate", test_approximate);
  g_test_add_func ("/geo/approximate-outside", test_approximate_outside);
  g_test_add_func ("/geo/uuid", test_uuid);
  g_test_add_func ("/geo/text-fold", test_text_fold);

  return g_test_run ();
}
