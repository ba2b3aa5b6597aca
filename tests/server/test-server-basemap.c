/* test-server-basemap.c: `voisins-server basemap` renders the quartier's streets from the
 * Ville de Paris's street surfaces, and the server hands its tiles and the whole file to
 * the association's members only (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "server-fixture.h"
#include "voisins-geo.h"
#include "voisins-geojson.h"

/* On rue de Charenton, inside the Quinze-Vingts: its name is drawn there at z17. */
#define CHARENTON_LON 2.3806
#define CHARENTON_LAT 48.8461

typedef struct
{
  VsWorld *w;
  char    *mbtiles;
} Fixture;

static char *
paris_file (const char *name)
{
  return g_build_filename (g_getenv ("VOISINS_SOURCE_DIR"), "..", "shared", "data", "paris",
                           name, NULL);
}

static VoisinsBBox
quartier_bbox (void)
{
  g_autofree char *path = paris_file ("quartier_quinze_vingts.geojson");
  g_autofree char *text = NULL;
  g_autoptr(VoisinsPolygon) polygon = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsBBox bbox;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  polygon = voisins_polygon_new_from_geojson (text, &error);
  g_assert_no_error (error);
  voisins_polygon_get_bbox (polygon, &bbox);
  return bbox;
}

static void
tile_of (double lon,
         double lat,
         int    z,
         int   *x,
         int   *y)
{
  double n = (double) (1 << z), phi = lat * G_PI / 180.0;

  *x = (int) floor ((lon + 180.0) / 360.0 * n);
  *y = (int) floor ((1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * n);
}

static void
build (Fixture    *f,
       const char *zoom)
{
  g_autofree char *streets = paris_file ("voies_emprises_fbg_saint_antoine.geojson");
  g_autofree char *out = vs_server_cli (f->w->server, NULL, "basemap", "--association", f->w->a,
                                        "--streets", streets, "--zoom", zoom, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *file = NULL;

  f->w = vs_world_new (NULL);
  vs_server_load_quinze_vingts (f->w->server, f->w->a);
  file = g_strdup_printf ("%s.mbtiles", f->w->a);
  f->mbtiles = g_build_filename (f->w->server->dir, "basemaps", file, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vs_world_free (f->w);
  g_free (f->mbtiles);
}

/* GET @path, raw; the body, status and headers. */
static GBytes *
fetch (VsServer            *server,
       const char          *path,
       const char          *token,
       const char          *if_none_match,
       guint               *status,
       SoupMessageHeaders **headers)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  if (if_none_match)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  if_none_match);
  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (headers)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return body;
}

static char *
tile_path (const char *assoc,
           int         z,
           int         x,
           int         y,
           gboolean    hidpi)
{
  return g_strdup_printf ("/api/v1/associations/%s/tiles/%d/%d/%d%s.png", assoc, z, x, y,
                          hidpi ? "@2x" : "");
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} Reader;

static cairo_status_t
read_cb (void          *closure,
         unsigned char *data,
         unsigned int   length)
{
  Reader *r = closure;

  if (r->pos + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode (GBytes *png)
{
  Reader r = { g_bytes_get_data (png, &r.len), 0, 0 };
  cairo_surface_t *s;

  r.data = g_bytes_get_data (png, &r.len);
  s = cairo_image_surface_create_from_png_stream (read_cb, &r);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  return s;
}

/* Pixels of the street surfaces' white, and of the names' dark grey. */
static void
count_pixels (cairo_surface_t *s,
              guint           *street,
              guint           *text)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *data = cairo_image_surface_get_data (s);

  *street = *text = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
        guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (r == 255 && g == 255 && b == 255)
          (*street)++;
        else if (r < 100 && g < 100 && b < 100)
          (*text)++;
      }
}

static char *
read_metadata (const char *path,
               const char *key)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM metadata WHERE name = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
basemap_version_in_me (VsServer   *server,
                       const char *token,
                       const char *assoc)
{
  guint status;
  g_autoptr(JsonNode) me = vs_get (server, "/api/v1/me", token, &status);
  JsonArray *list = json_object_get_array_member (json_node_get_object (me), "associations");

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (a, "id"), assoc))
        return json_object_get_int_member_with_default (a, "basemap_version", -1);
    }
  g_assert_not_reached ();
}

/* A tile over rue de Charenton at z17 shows its surface and its name, at 1x and 2x. */
static void
test_street_tile (Fixture       *f,
                  gconstpointer  data)
{
  int x, y;

  build (f, "16-17");
  tile_of (CHARENTON_LON, CHARENTON_LAT, 17, &x, &y);
  for (int hidpi = 0; hidpi <= 1; hidpi++)
    {
      g_autofree char *path = tile_path (f->w->a, 17, x, y, hidpi);
      g_autoptr(SoupMessageHeaders) headers = NULL;
      g_autoptr(GBytes) png = NULL;
      cairo_surface_t *s;
      guint status, street, text, size = hidpi ? 512 : 256;

      png = fetch (f->w->server, path, f->w->vol, NULL, &status, &headers);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "image/png");
      s = decode (png);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, size);
      g_assert_cmpint (cairo_image_surface_get_height (s), ==, size);
      count_pixels (s, &street, &text);
      g_test_message ("z17 %s: %u street pixels, %u text pixels", hidpi ? "@2x" : "1x", street,
                      text);
      /* a good part of the tile is street; a name is some hundreds of dark pixels */
      g_assert_cmpuint (street, >, size * size / 8);
      g_assert_cmpuint (text, >, (hidpi ? 4 : 1) * 100);
      cairo_surface_destroy (s);
    }
}

/* The tiles cover the quartier's bounding box and 300 m around it, and nothing more. */
static void
test_margin (Fixture       *f,
             gconstpointer  data)
{
  VoisinsBBox bbox = quartier_bbox ();
  double dlon;
  int x_in, x_out, y, yc;
  guint status;

  build (f, "16-17");
  /* 250 m east of the quartier is inside the margin, 700 m is not */
  dlon = 1.0 / (111320.0 * cos (bbox.max_lat * G_PI / 180.0));
  tile_of (bbox.max_lon + 250 * dlon, (bbox.min_lat + bbox.max_lat) / 2, 17, &x_in, &y);
  tile_of (bbox.max_lon + 700 * dlon, (bbox.min_lat + bbox.max_lat) / 2, 17, &x_out, &yc);
  g_assert_cmpint (x_out, >, x_in);
  {
    g_autofree char *in = tile_path (f->w->a, 17, x_in, y, FALSE);
    g_autofree char *out = tile_path (f->w->a, 17, x_out, y, FALSE);
    g_autofree char *out2x = tile_path (f->w->a, 17, x_out, y, TRUE);
    g_autofree char *zoom = tile_path (f->w->a, 18, 2 * x_in, 2 * y, FALSE);
    g_autoptr(GBytes) a = fetch (f->w->server, in, f->w->vol, NULL, &status, NULL);

    g_assert_cmpuint (status, ==, 200);
    g_bytes_unref (fetch (f->w->server, out, f->w->vol, NULL, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
    g_bytes_unref (fetch (f->w->server, out2x, f->w->vol, NULL, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
    /* not built: --zoom 16-17 */
    g_bytes_unref (fetch (f->w->server, zoom, f->w->vol, NULL, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
  }
}

/* Same input, same bytes; the metadata says what the file holds. */
static void
test_deterministic_and_metadata (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *first = g_build_filename (f->w->server->dir, "first.mbtiles", NULL);
  g_autofree char *bounds = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *format = NULL, *minzoom = NULL, *maxzoom = NULL, *version = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *contents = NULL;
  VoisinsBBox bbox = quartier_bbox ();
  gsize len;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;

  g_assert_cmpint (basemap_version_in_me (f->w->server, f->w->vol, f->w->a), ==, 0);
  build (f, "15-16");
  g_assert_cmpint (g_stat (f->mbtiles, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (f->mbtiles, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (first, contents, len, NULL));
  build (f, "15-16");
  g_assert_cmpint (basemap_version_in_me (f->w->server, f->w->vol, f->w->a), ==, 2);

  /* every tile of the first build, byte for byte in the second */
  g_assert_cmpint (sqlite3_open_v2 (f->mbtiles, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  {
    g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS first", first);

    g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "SELECT (SELECT count(*) FROM tiles), (SELECT count(*) FROM tiles_2x),"
                          " (SELECT count(*) FROM tiles a JOIN first.tiles b USING"
                          " (zoom_level, tile_column, tile_row) WHERE a.tile_data = b.tile_data),"
                          " (SELECT count(*) FROM tiles_2x a JOIN first.tiles_2x b USING"
                          " (zoom_level, tile_column, tile_row) WHERE a.tile_data = b.tile_data),"
                          " (SELECT count(*) FROM first.tiles)",
                          -1, &stmt, NULL),
      ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >, 10);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, sqlite3_column_int (stmt, 0));
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, sqlite3_column_int (stmt, 0));
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, sqlite3_column_int (stmt, 0));
  g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  format = read_metadata (f->mbtiles, "format");
  minzoom = read_metadata (f->mbtiles, "minzoom");
  maxzoom = read_metadata (f->mbtiles, "maxzoom");
  version = read_metadata (f->mbtiles, "version");
  attribution = read_metadata (f->mbtiles, "attribution");
  bounds = read_metadata (f->mbtiles, "bounds");
  g_assert_cmpstr (format, ==, "png");
  g_assert_cmpstr (minzoom, ==, "15");
  g_assert_cmpstr (maxzoom, ==, "16");
  g_assert_cmpstr (version, ==, "2");
  g_assert_cmpstr (attribution, ==, "© Ville de Paris, ODbL");
  /* west, south, east, north: the Quinze-Vingts and 300 m around it (0.0041° of
   * longitude, 0.0027° of latitude there) */
  parts = g_strsplit (bounds, ",", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[0], NULL), bbox.min_lon - 0.0041, 0.0003);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[1], NULL), bbox.min_lat - 0.0027, 0.0003);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[2], NULL), bbox.max_lon + 0.0041, 0.0003);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[3], NULL), bbox.max_lat + 0.0027, 0.0003);
}

/* A token, of the association; ETag and If-None-Match; the whole file for the laptops. */
static void
test_http (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *whole = g_strdup_printf ("/api/v1/associations/%s/basemap.mbtiles", f->w->a);
  g_autofree char *etag = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  int x, y;
  guint status;

  /* before any build: no map */
  g_bytes_unref (fetch (f->w->server, whole, f->w->vol, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 404);

  build (f, "16");
  tile_of (CHARENTON_LON, CHARENTON_LAT, 16, &x, &y);
  path = tile_path (f->w->a, 16, x, y, FALSE);

  g_bytes_unref (fetch (f->w->server, path, NULL, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 401);
  g_bytes_unref (fetch (f->w->server, path, "not-a-token", NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 401);
  /* a volunteer of the other association */
  g_bytes_unref (fetch (f->w->server, path, f->w->other, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 403);
  g_bytes_unref (fetch (f->w->server, whole, f->w->other, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 403);

  body = fetch (f->w->server, path, f->w->coord, NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (body), >, 100);
  etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  g_assert_nonnull (etag);
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Cache-Control"), "private"));
  g_clear_pointer (&headers, soup_message_headers_unref);
  g_clear_pointer (&body, g_bytes_unref);

  body = fetch (f->w->server, path, f->w->vol, etag, &status, &headers);
  g_assert_cmpuint (status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, etag);
  g_clear_pointer (&headers, soup_message_headers_unref);
  g_clear_pointer (&body, g_bytes_unref);

  /* the whole file: an SQLite database, its version the tag */
  body = fetch (f->w->server, whole, f->w->vol, NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (body), >, 1000);
  g_assert_cmpint (memcmp (g_bytes_get_data (body, NULL), "SQLite format 3", 16), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, "\"1\"");
  g_clear_pointer (&headers, soup_message_headers_unref);
  g_clear_pointer (&body, g_bytes_unref);
  g_bytes_unref (fetch (f->w->server, whole, f->w->vol, "\"1\"", &status, NULL));
  g_assert_cmpuint (status, ==, 304);

  /* rebuilt: new tags, the old ones no longer match */
  build (f, "16");
  g_bytes_unref (fetch (f->w->server, path, f->w->vol, etag, &status, &headers));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), !=, etag);
  g_bytes_unref (fetch (f->w->server, whole, f->w->vol, "\"1\"", &status, NULL));
  g_assert_cmpuint (status, ==, 200);

  /* malformed paths and methods */
  {
    g_autofree char *bad = g_strdup_printf ("/api/v1/associations/%s/tiles/16/-1/3.png", f->w->a);
    g_autofree char *huge = g_strdup_printf ("/api/v1/associations/%s/tiles/99/1/1.png", f->w->a);
    guint st;
    g_autoptr(JsonNode) post = vs_post (f->w->server, path, f->w->vol, "{}", &st);

    g_bytes_unref (fetch (f->w->server, bad, f->w->vol, NULL, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
    g_bytes_unref (fetch (f->w->server, huge, f->w->vol, NULL, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpuint (st, ==, 405);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/server/basemap/" name, Fixture, NULL, fixture_set_up, fn, \
                                  fixture_tear_down)
  ADD ("street-tile", test_street_tile);
  ADD ("margin", test_margin);
  ADD ("deterministic-metadata", test_deterministic_and_metadata);
  ADD ("http", test_http);
#undef ADD
  return g_test_run ();
}
