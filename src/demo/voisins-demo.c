/* voisins-demo.c: a realistic demo quartier (Quinze-Vingts, Paris 12e) from open data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-demo"

#include <math.h>
#include <string.h>

#include "voisins-demo.h"
#include "voisins-demo-private.h"
#include "voisins-geojson.h"
#include "voisins-uuid.h"
#include "voisins-json.h"

#define BOUNDARY_FILE  "quartier_quinze_vingts.geojson"
#define ADDRESSES_FILE "ban_adresses_quinze_vingts.geojson"

#define DEFAULT_MEMBERS 300
#define DEFAULT_POSTS   400
#define DEFAULT_HOSTS   25
#define DEFAULT_GUESTS  40

/* The real centre of Quinze-Vingts, for the generated fallback quartier. */
#define CENTER_LAT 48.8485
#define CENTER_LON 2.3725


#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

typedef struct
{
  char   *street;    /* "rue de Lyon" */
  char   *address;   /* "12 bis rue de Lyon" */
  char   *postcode;
  double  lat;
  double  lon;
} DemoAddress;

/* What the generator knows about a member beyond the VoisinsMember fields. */
typedef struct
{
  VoisinsMember     *member;       /* owned by demo->members */
  const DemoAddress *address;
  guint              group;
  gboolean           female;
  gboolean           elderly;
  gboolean           taken;        /* already a holiday host or guest */
  char              *author_name;  /* "Prénom N." */
} DemoPerson;

typedef struct
{
  GRand          *rand;
  gint64          now;
  VoisinsPolygon *boundary;
  const char     *association_id;
  char           *secret;
  GTimeZone      *tz;
  GArray         *addresses;     /* DemoAddress */
  GArray         *people;        /* DemoPerson */
  GArray         *elderly;       /* guint indexes into people */
} DemoBuilder;

static void
demo_address_clear (gpointer data)
{
  DemoAddress *address = data;

  g_free (address->street);
  g_free (address->address);
  g_free (address->postcode);
}

static void
demo_person_clear (gpointer data)
{
  DemoPerson *person = data;

  g_free (person->author_name);
}

static void
demo_builder_clear (DemoBuilder *b)
{
  g_clear_pointer (&b->rand, g_rand_free);
  g_clear_pointer (&b->boundary, voisins_polygon_unref);
  g_clear_pointer (&b->secret, g_free);
  g_clear_pointer (&b->tz, g_time_zone_unref);
  g_clear_pointer (&b->addresses, g_array_unref);
  g_clear_pointer (&b->people, g_array_unref);
  g_clear_pointer (&b->elderly, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoBuilder, demo_builder_clear)

/* Random helpers: everything goes through b->rand, so one seed gives one quartier. */

static inline gboolean
chance (DemoBuilder *b,
        double       p)
{
  return g_rand_double (b->rand) < p;
}

static inline guint
pick (DemoBuilder *b,
      guint        n)
{
  g_assert (n > 0);
  return (guint) g_rand_int_range (b->rand, 0, (gint32) n);
}

static inline const char *
pick_str (DemoBuilder        *b,
          const char * const *strv,
          guint               n)
{
  return strv[pick (b, n)];
}

static gint64
default_now (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);

  return g_date_time_to_unix (dt);
}

/* Quartier */

static char *
street_from_ban (const char *nom_voie)
{
  char *street = g_strdup (nom_voie);

  /* "Rue de Lyon" reads "12 bis rue de Lyon" in an address. */
  if (g_ascii_isupper (street[0]))
    street[0] = g_ascii_tolower (street[0]);

  return street;
}

/* BAN's short "rep" suffixes; NULL for one we would rather not print. */
static const char *
rep_to_suffix (const char *rep)
{
  if (rep == NULL || rep[0] == '\0')
    return "";
  if (g_str_equal (rep, "b"))
    return " bis";
  if (g_str_equal (rep, "t"))
    return " ter";
  if (g_str_equal (rep, "q"))
    return " quater";
  if (g_str_equal (rep, "a"))
    return " A";
  if (g_str_equal (rep, "c"))
    return " C";

  return NULL;
}

static gboolean
load_open_data (DemoBuilder  *b,
                const char   *data_dir,
                GError      **error)
{
  g_autofree char *boundary_path = g_build_filename (data_dir, BOUNDARY_FILE, NULL);
  g_autofree char *addresses_path = g_build_filename (data_dir, ADDRESSES_FILE, NULL);
  g_autofree char *geojson = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *features;

  if (!g_file_get_contents (boundary_path, &geojson, NULL, error))
    return FALSE;

  b->boundary = voisins_polygon_new_from_geojson (geojson, error);
  if (b->boundary == NULL)
    {
      g_prefix_error (error, "%s: ", BOUNDARY_FILE);
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_mapped_file (parser, addresses_path, error))
    {
      g_prefix_error (error, "%s: ", ADDRESSES_FILE);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "features") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "features")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a GeoJSON FeatureCollection", ADDRESSES_FILE);
      return FALSE;
    }

  features = voisins_json_read_array (json_node_get_object (root), "features");

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *feature, *geometry, *properties;
      JsonArray *coordinates;
      const char *nom_voie, *rep, *postcode, *suffix;
      gint64 numero;
      double lat, lon;
      DemoAddress address;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      feature = json_node_get_object (node);
      geometry = voisins_json_read_object (feature, "geometry");
      properties = voisins_json_read_object (feature, "properties");
      if (geometry == NULL || properties == NULL ||
          g_strcmp0 (voisins_json_read_string_or (geometry, "type", ""), "Point") != 0)
        continue;

      coordinates = voisins_json_read_array (geometry, "coordinates");
      if (coordinates == NULL || json_array_get_length (coordinates) < 2)
        continue;

      lon = voisins_json_element_double (coordinates, 0, 0);
      lat = voisins_json_element_double (coordinates, 1, 0);
      numero = voisins_json_read_int_or (properties, "numero", 0);
      rep = voisins_json_read_string_or (properties, "rep", "");
      nom_voie = voisins_json_read_string_or (properties, "nom_voie", NULL);
      postcode = voisins_json_read_string_or (properties, "code_postal", "75012");

      /* Skip the odd row BAN has ("2S1 Passage Gatbois"), and numbers we cannot print. */
      if (numero <= 0 || numero > 9999 || nom_voie == NULL || !g_ascii_isalpha (nom_voie[0]))
        continue;
      suffix = rep_to_suffix (rep);
      if (suffix == NULL)
        continue;
      if (!voisins_polygon_contains (b->boundary, lat, lon))
        continue;

      address.street = street_from_ban (nom_voie);
      address.address = g_strdup_printf ("%d%s %s", (int) numero, suffix, address.street);
      address.postcode = g_strdup (postcode);
      address.lat = lat;
      address.lon = lon;
      g_array_append_val (b->addresses, address);
    }

  if (b->addresses->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no address inside the quartier", ADDRESSES_FILE);
      return FALSE;
    }

  return TRUE;
}

static void
offset_to_latlon (double  east_m,
                  double  north_m,
                  double *lat,
                  double *lon)
{
  const double m_per_deg = 111320.0;

  *lat = CENTER_LAT + north_m / m_per_deg;
  *lon = CENTER_LON + east_m / (m_per_deg * cos (CENTER_LAT * G_PI / 180.0));
}

/* A plausible quartier where the open data is missing: a fixed heptagon around the real
 * centre of Quinze-Vingts, and a grid of invented streets with numbers on both sides. */
static gboolean
generate_fallback (DemoBuilder  *b,
                   GError      **error)
{
  static const double ring[][2] = {
    { -750, 100 }, { -350, 520 }, { 300, 600 }, { 780, 250 },
    { 700, -350 }, { 150, -620 }, { -500, -400 },
  };
  const double angle = 25.0 * G_PI / 180.0;
  const double ca = cos (angle), sa = sin (angle);
  const char * const *streets;
  guint n_streets;
  g_autoptr(GString) geojson = g_string_new ("{\"type\": \"Polygon\", \"coordinates\": [[");

  for (guint i = 0; i <= G_N_ELEMENTS (ring); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double lat, lon;

      offset_to_latlon (ring[i % G_N_ELEMENTS (ring)][0], ring[i % G_N_ELEMENTS (ring)][1],
                        &lat, &lon);
      g_string_append_printf (geojson, "%s[", i > 0 ? ", " : "");
      g_string_append (geojson, g_ascii_formatd (buf, sizeof buf, "%.6f", lon));
      g_string_append (geojson, ", ");
      g_string_append (geojson, g_ascii_formatd (buf, sizeof buf, "%.6f", lat));
      g_string_append (geojson, "]");
    }
  g_string_append (geojson, "]]}");

  b->boundary = voisins_polygon_new_from_geojson (geojson->str, error);
  if (b->boundary == NULL)
    return FALSE;

  streets = _voisins_demo_get_fallback_streets (&n_streets);

  /* Eight streets one way, seven across, 150 m and 240 m apart. */
  for (guint s = 0; s < n_streets; s++)
    {
      gboolean along = s < 8;
      double offset = along ? -525.0 + 150.0 * s : -720.0 + 240.0 * (s - 8);
      guint number = 0;

      for (double t = -1000.0; t <= 1000.0; t += 14.0)
        {
          for (int side = 0; side < 2; side++)
            {
              double u, v, east, north, lat, lon;
              gboolean bis;

              /* (u, v): along the street and across it, 8 m either side of its axis. */
              u = along ? t : offset + (side ? -8.0 : 8.0);
              v = along ? offset + (side ? -8.0 : 8.0) : t;
              east = u * ca - v * sa;
              north = u * sa + v * ca;
              offset_to_latlon (east, north, &lat, &lon);

              if (!voisins_polygon_contains (b->boundary, lat, lon))
                continue;

              /* Odd numbers on one side, even on the other, from where the street enters. */
              if (number == 0)
                number = 1;

              bis = chance (b, 0.04);
              for (int k = 0; k < (bis ? 2 : 1); k++)
                {
                  DemoAddress address;

                  address.street = g_strdup (streets[s]);
                  address.address = g_strdup_printf ("%u%s %s", number + side,
                                                     k == 1 ? " bis" : "", streets[s]);
                  address.postcode = g_strdup ("75012");
                  offset_to_latlon (east + k * 5.0 * ca, north + k * 5.0 * sa,
                                    &address.lat, &address.lon);
                  if (k == 1 && !voisins_polygon_contains (b->boundary, address.lat,
                                                           address.lon))
                    {
                      demo_address_clear (&address);
                      continue;
                    }
                  g_array_append_val (b->addresses, address);
                }
            }

          if (number > 0)
            number += 2;
        }
    }

  if (b->addresses->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The generated quartier has no address");
      return FALSE;
    }

  return TRUE;
}

/* Members */

static const VoisinsDemoNameGroup *
pick_group (DemoBuilder *b,
            guint       *index)
{
  const VoisinsDemoNameGroup *groups;
  guint n_groups, total = 0, r;

  groups = _voisins_demo_get_name_groups (&n_groups);
  for (guint i = 0; i < n_groups; i++)
    total += groups[i].weight;

  r = pick (b, total);
  for (guint i = 0; i < n_groups; i++)
    {
      if (r < groups[i].weight)
        {
          *index = i;
          return &groups[i];
        }
      r -= groups[i].weight;
    }

  g_assert_not_reached ();
}

/* "marie-helene.da-silva" from "Marie-Hélène" and "Da Silva". */
static char *
email_part (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if ((*p == ' ' || *p == '-') && out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}

static char *
author_name (const char *first,
             const char *last)
{
  gunichar initial = g_unichar_toupper (g_utf8_get_char (last));
  char buf[8] = { 0 };

  g_unichar_to_utf8 (initial, buf);

  return g_strdup_printf ("%s %s.", first, buf);
}

static void
generate_members (DemoBuilder *b,
                  VoisinsDemo *demo,
                  guint        n_members)
{
  const VoisinsDemoNameGroup *groups;
  const char * const *volunteers;
  guint n_groups, n_volunteers;

  groups = _voisins_demo_get_name_groups (&n_groups);
  volunteers = _voisins_demo_get_volunteers (&n_volunteers);

  for (guint i = 0; i < n_members; i++)
    {
      g_autoptr(VoisinsMember) member = voisins_member_new ();
      const VoisinsDemoNameGroup *group, *first_group;
      const char *first, *last;
      g_autofree char *id = NULL;
      g_autofree char *phone = NULL;
      g_autoptr(GString) languages = g_string_new ("fr");
      DemoPerson person = { 0 };
      gint64 created_at, updated_at;
      double alat, alon;
      double r;

      group = pick_group (b, &person.group);
      first_group = group;
      /* Couples and families mix: some first names come from elsewhere. */
      if (chance (b, 0.12))
        first_group = person.group == 0 ? &groups[pick (b, n_groups)] : &groups[0];

      person.female = g_rand_boolean (b->rand);
      person.elderly = chance (b, 0.2);
      if (person.elderly && person.female && first_group->old_female != NULL)
        first = pick_str (b, first_group->old_female, first_group->n_old_female);
      else if (person.elderly && !person.female && first_group->old_male != NULL)
        first = pick_str (b, first_group->old_male, first_group->n_old_male);
      else if (person.female)
        first = pick_str (b, first_group->female, first_group->n_female);
      else
        first = pick_str (b, first_group->male, first_group->n_male);
      last = pick_str (b, group->surnames, group->n_surnames);
      person.address = &g_array_index (b->addresses, DemoAddress, pick (b, b->addresses->len));
      person.author_name = author_name (first, last);

      /* Joined between a month and three years ago. */
      created_at = b->now - 30 * DAY - (gint64) g_rand_int_range (b->rand, 0, 1065 * DAY);
      updated_at = created_at;
      id = voisins_uuid_new_full (created_at * 1000 + g_rand_int_range (b->rand, 0, 1000),
                                  b->rand);

      voisins_member_set_id (member, id);
      voisins_member_set_association_id (member, b->association_id);
      voisins_member_set_first_name (member, first);
      voisins_member_set_last_name (member, last);
      voisins_member_set_address (member, person.address->address);
      voisins_member_set_postcode (member, person.address->postcode);
      voisins_member_set_city (member, "Paris");
      voisins_member_set_latitude (member, person.address->lat);
      voisins_member_set_longitude (member, person.address->lon);

      /* ARCEP keeps 06 39 98 xx xx for fiction: nobody real gets a demo call. */
      phone = g_strdup_printf ("06 39 98 %02d %02d", pick (b, 100), pick (b, 100));
      voisins_member_set_phone (member, phone);

      if (chance (b, person.elderly ? 0.15 : 0.5))
        {
          static const char * const domains[] = { "example.org", "example.net", "example.com" };
          g_autofree char *f = email_part (first);
          g_autofree char *l = email_part (last);
          g_autofree char *email = g_strdup_printf ("%s.%s@%s", f, l,
                                                    pick_str (b, domains, G_N_ELEMENTS (domains)));

          voisins_member_set_email (member, email);
        }

      r = g_rand_double (b->rand);
      if (r < 0.75)
        {
          static const char * const hows[] = {
            "justificatif de domicile", "justificatif de domicile", "visite", "visite",
            "courrier",
          };
          gint64 verified_at = MIN (b->now, created_at + g_rand_int_range (b->rand, HOUR,
                                                                           21 * DAY));

          voisins_member_set_verification (member, VOISINS_VERIFICATION_VERIFIED);
          voisins_member_set_verified_how (member, pick_str (b, hows, G_N_ELEMENTS (hows)));
          voisins_member_set_verified_by (member, pick_str (b, volunteers, n_volunteers));
          voisins_member_set_verified_at (member, verified_at);
          updated_at = verified_at;
        }
      else if (r < 0.87)
        {
          voisins_member_set_verification (member, VOISINS_VERIFICATION_LETTER_SENT);
        }
      else
        {
          voisins_member_set_verification (member, VOISINS_VERIFICATION_UNVERIFIED);
        }

      voisins_member_set_consent_at (member, created_at);
      if (person.elderly && chance (b, 0.25))
        {
          /* Who gave the consent, as a code (voisins-consent.h): a daughter, a son, a
           * niece, a nephew, a guardian. */
          static const char *const relatives[] = { "family", "family", "family", "family",
                                                   "guardian" };

          voisins_member_set_consent_by (member, pick_str (b, relatives,
                                                           G_N_ELEMENTS (relatives)));
        }
      else
        {
          voisins_member_set_consent_by (member, "self");
        }
      voisins_member_set_consent_scope (member, chance (b, 0.8) ? "phone,posts" : "phone");

      if (group->language != NULL && chance (b, person.elderly ? 0.85 : 0.6))
        g_string_append_printf (languages, ",%s", group->language);
      if (g_strcmp0 (group->language, "en") != 0 && chance (b, person.elderly ? 0.05 : 0.25))
        g_string_append (languages, ",en");
      voisins_member_set_languages (member, languages->str);

      if (chance (b, person.elderly ? 0.7 : 0.06))
        {
          const char * const *needs;
          guint n_needs;

          needs = _voisins_demo_get_needs (person.elderly, person.female, &n_needs);
          voisins_member_set_needs (member, pick_str (b, needs, n_needs));
        }

      voisins_member_set_created_at (member, created_at);
      voisins_member_set_updated_at (member, updated_at);
      voisins_member_set_version (member, 1);
      voisins_member_set_server_seq (member, 0);

      voisins_geo_approximate (person.address->lat, person.address->lon, id, b->secret,
                               VOISINS_APPROX_RADIUS_M, b->boundary, &alat, &alon);
      voisins_member_set_approx_latitude (member, alat);
      voisins_member_set_approx_longitude (member, alon);

      person.member = member;
      if (person.elderly)
        g_array_append_val (b->elderly, b->people->len);
      g_array_append_val (b->people, person);
      g_ptr_array_add (demo->members, g_steal_pointer (&member));
    }
}

/* Posts */

typedef struct
{
  const VoisinsDemoPostTemplate *templates;
  guint                          n_templates;
  guint                          total_weight;
  const VoisinsDemoWordList     *lists;
  guint                          n_lists;
  const char * const            *openings;
  guint                          n_openings;
  const char * const            *closings;
  guint                          n_closings;
  int                           *rows;       /* chosen row per list id, -1 = not yet */
  guint                          n_list_ids;
} PostTexts;

static void
expand (DemoBuilder      *b,
        PostTexts        *texts,
        const DemoPerson *author,
        const char       *text,
        GString          *out)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      gsize key_len;
      gboolean found = FALSE;

      if (open == NULL || (close = strchr (open, '}')) == NULL)
        {
          g_string_append (out, p);
          return;
        }

      g_string_append_len (out, p, open - p);
      key_len = close - open - 1;
      p = close + 1;

#define KEY_IS(k) (key_len == strlen (k) && strncmp (open + 1, k, key_len) == 0)
      if (KEY_IS ("rue"))
        {
          g_string_append (out, author->address->street);
          continue;
        }
      if (KEY_IS ("e"))
        {
          if (author->female)
            g_string_append_c (out, 'e');
          continue;
        }
      if (KEY_IS ("grand_parent"))
        {
          g_string_append (out, author->female ? "Grand-mère" : "Grand-père");
          continue;
        }

      for (guint i = 0; i < texts->n_lists && !found; i++)
        {
          const VoisinsDemoWordList *list = &texts->lists[i];

          if (!KEY_IS (list->key))
            continue;

          if (texts->rows[list->list] < 0)
            texts->rows[list->list] = (int) pick (b, list->n_rows);
          g_string_append (out, list->rows[texts->rows[list->list] * list->n_columns +
                                           list->column]);
          found = TRUE;
        }
#undef KEY_IS

      if (!found)
        {
          g_critical ("Unknown placeholder in demo text: %.*s", (int) key_len, open + 1);
          g_string_append_len (out, open, close - open + 1);
        }
    }
}

static const VoisinsDemoPostTemplate *
pick_template (DemoBuilder *b,
               PostTexts   *texts)
{
  guint r = pick (b, texts->total_weight);

  for (guint i = 0; i < texts->n_templates; i++)
    {
      if (r < texts->templates[i].weight)
        return &texts->templates[i];
      r -= texts->templates[i].weight;
    }

  g_assert_not_reached ();
}

/* The first day of the week named in @text, 1 = Monday ... 7 = Sunday, or 0. */
static int
find_weekday (const char *text)
{
  static const char * const days[] = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
  };
  const char *first = NULL;
  int weekday = 0;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      const char *found = strstr (text, days[i]);

      if (found != NULL && (first == NULL || found < first))
        {
          first = found;
          weekday = (int) i + 1;
        }
    }

  return weekday;
}

/* Up to two times of day written the French way ("9 h", "18 h 30") in @text. */
static guint
find_times (const char *text,
            int         times[2][2])
{
  guint n = 0;

  for (const char *p = text; *p != '\0' && n < 2; p++)
    {
      int hour = 0, minute = 0;
      const char *q = p;

      if (!g_ascii_isdigit (*p) || (p > text && p[-1] != ' '))
        continue;

      while (g_ascii_isdigit (*q))
        hour = hour * 10 + (*q++ - '0');
      if (!g_str_has_prefix (q, " h") || g_ascii_isalpha (q[2]) || hour > 23 || q - p > 2)
        continue;

      q += 2;
      if (q[0] == ' ' && g_ascii_isdigit (q[1]) && g_ascii_isdigit (q[2]))
        minute = (q[1] - '0') * 10 + (q[2] - '0');

      times[n][0] = hour;
      times[n][1] = minute;
      n++;
      p = q;
    }

  return n;
}

/* A local date @days after @from, at @hour:@minute in Paris. */
static gint64
local_time (DemoBuilder *b,
            gint64       from,
            int          days,
            int          hour,
            int          minute,
            int          weekday)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, b->tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (local, days);
  g_autoptr(GDateTime) result = NULL;

  /* Move forward to the wanted day of the week (1 = Monday ... 7 = Sunday). */
  if (weekday > 0)
    {
      int delta = (weekday - g_date_time_get_day_of_week (day) + 7) % 7;
      GDateTime *moved = g_date_time_add_days (day, delta);

      g_date_time_unref (day);
      day = moved;
    }

  result = g_date_time_new (b->tz, g_date_time_get_year (day), g_date_time_get_month (day),
                            g_date_time_get_day_of_month (day), hour, minute, 0);

  return g_date_time_to_unix (result);
}

static void
generate_posts (DemoBuilder *b,
                VoisinsDemo *demo,
                guint        n_posts)
{
  PostTexts texts = { 0 };
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree int *rows = NULL;
  guint n_people = b->people->len;

  texts.templates = _voisins_demo_get_post_templates (&texts.n_templates);
  texts.lists = _voisins_demo_get_word_lists (&texts.n_lists);
  texts.openings = _voisins_demo_get_openings (&texts.n_openings);
  texts.closings = _voisins_demo_get_closings (&texts.n_closings);
  texts.n_list_ids = _voisins_demo_get_n_word_list_ids ();
  rows = g_new (int, texts.n_list_ids);
  texts.rows = rows;
  for (guint i = 0; i < texts.n_templates; i++)
    texts.total_weight += texts.templates[i].weight;

  for (guint i = 0; i < n_posts; i++)
    {
      g_autoptr(VoisinsPost) post = voisins_post_new ();
      const VoisinsDemoPostTemplate *template;
      const DemoPerson *author;
      const char *opening, *closing;
      g_autofree char *id = NULL;
      VoisinsPostStatus status = VOISINS_POST_STATUS_OPEN;
      gint64 age, created_at, updated_at, starts_at = 0, ends_at = 0;

      template = pick_template (b, &texts);

      /* A few neighbours post a lot; older ones write most of the "elderly" requests. */
      if ((template->flags & VOISINS_DEMO_TEMPLATE_ELDERLY) != 0 && b->elderly->len > 0 &&
          chance (b, 0.8))
        author = &g_array_index (b->people, DemoPerson,
                                 g_array_index (b->elderly, guint, pick (b, b->elderly->len)));
      else
        author = &g_array_index (b->people, DemoPerson,
                                 (guint) (n_people * pow (g_rand_double (b->rand), 1.6)));

      /* Spread over the last 60 days, more of them recent. */
      age = (gint64) (60.0 * DAY * pow (g_rand_double (b->rand), 1.3));
      created_at = b->now - age;
      id = voisins_uuid_new_full (created_at * 1000 + g_rand_int_range (b->rand, 0, 1000),
                                  b->rand);

      for (guint k = 0; k < texts.n_list_ids; k++)
        rows[k] = -1;
      g_string_truncate (title, 0);
      g_string_truncate (body, 0);
      expand (b, &texts, author, template->title, title);
      opening = pick_str (b, texts.openings, texts.n_openings);
      if (opening[0] != '\0')
        g_string_append_printf (body, "%s\n", opening);
      expand (b, &texts, author, template->body, body);
      closing = pick_str (b, texts.closings, texts.n_closings);
      if (closing[0] != '\0')
        g_string_append_printf (body, " %s", closing);

      if ((template->flags & VOISINS_DEMO_TEMPLATE_DATED) != 0)
        {
          static const int day_hours[] = { 9, 10, 14, 15, 16, 18 };
          int times[2][2];
          guint n_times;
          int weekday, hour, minute;

          /* The date agrees with the text: "le jeudi à 18 h 30", "de 13 h 30 à 18 h". */
          n_times = find_times (body->str, times);
          weekday = find_weekday (title->str);
          if (weekday == 0)
            weekday = find_weekday (body->str);
          if (weekday == 0 && (template->flags & VOISINS_DEMO_TEMPLATE_WEEKEND) != 0)
            weekday = 6 + (int) pick (b, 2);

          if (n_times > 0)
            {
              hour = times[0][0];
              minute = times[0][1];
            }
          else if ((template->flags & VOISINS_DEMO_TEMPLATE_EVENING) != 0)
            {
              hour = 19;
              minute = chance (b, 0.5) ? 30 : 0;
            }
          else
            {
              hour = day_hours[pick (b, G_N_ELEMENTS (day_hours))];
              minute = chance (b, 0.3) ? 30 : 0;
            }

          starts_at = local_time (b, created_at, 1 + (int) pick (b, 21), hour, minute, weekday);
          if (n_times > 1 && times[1][0] * 60 + times[1][1] > hour * 60 + minute)
            ends_at = starts_at + (times[1][0] - hour) * HOUR + (times[1][1] - minute) * MINUTE;
          else
            ends_at = starts_at + HOUR * (1 + (gint64) pick (b, 4));
        }

      if (ends_at != 0 && ends_at <= b->now)
        {
          double r = g_rand_double (b->rand);

          status = r < 0.55 ? VOISINS_POST_STATUS_DONE
                   : r < 0.85 ? VOISINS_POST_STATUS_EXPIRED
                   : VOISINS_POST_STATUS_CANCELLED;
        }
      else
        {
          double r = g_rand_double (b->rand);
          gboolean old = age > 30 * DAY;

          if (r < (old ? 0.10 : 0.09))
            status = VOISINS_POST_STATUS_MATCHED;
          else if (r < (old ? 0.30 : 0.12))
            status = VOISINS_POST_STATUS_DONE;
          else if (r < (old ? 0.37 : 0.15))
            status = VOISINS_POST_STATUS_CANCELLED;
          else if (old && r < 0.45 && ends_at == 0)
            {
              /* Nobody answered within a month. */
              status = VOISINS_POST_STATUS_EXPIRED;
              ends_at = created_at + 30 * DAY;
            }

          /* A date still to come cannot be over yet. */
          if (ends_at != 0 && status == VOISINS_POST_STATUS_DONE)
            status = VOISINS_POST_STATUS_MATCHED;
        }

      if (status == VOISINS_POST_STATUS_OPEN)
        updated_at = created_at;
      else if (status == VOISINS_POST_STATUS_EXPIRED && ends_at != 0)
        updated_at = MIN (b->now, MAX (created_at, ends_at));
      else
        updated_at = created_at + (gint64) (g_rand_double (b->rand) * MIN (age, 10 * DAY));

      voisins_post_set_id (post, id);
      voisins_post_set_association_id (post, b->association_id);
      voisins_post_set_kind (post, template->kind);
      voisins_post_set_category (post, template->category);
      voisins_post_set_status (post, status);
      voisins_post_set_title (post, title->str);
      voisins_post_set_body (post, body->str);
      voisins_post_set_author_id (post, voisins_member_get_id (author->member));
      voisins_post_set_author_name (post, author->author_name);
      voisins_post_set_latitude (post, voisins_member_get_approx_latitude (author->member));
      voisins_post_set_longitude (post, voisins_member_get_approx_longitude (author->member));
      voisins_post_set_created_at (post, created_at);
      voisins_post_set_updated_at (post, updated_at);
      voisins_post_set_starts_at (post, starts_at);
      voisins_post_set_ends_at (post, ends_at);
      voisins_post_set_version (post, 1);
      voisins_post_set_server_seq (post, 0);

      g_ptr_array_add (demo->posts, g_steal_pointer (&post));
    }
}

/* Holiday table */

static guint
scaled (guint base,
        guint n_members)
{
  guint n = (guint) round (base * sqrt (n_members / (double) DEFAULT_MEMBERS));

  return MIN (n, n_members / 4);
}

static void
shuffle (DemoBuilder *b,
         GArray      *indexes)
{
  for (guint i = indexes->len; i > 1; i--)
    {
      guint j = pick (b, i);
      guint tmp = g_array_index (indexes, guint, i - 1);

      g_array_index (indexes, guint, i - 1) = g_array_index (indexes, guint, j);
      g_array_index (indexes, guint, j) = tmp;
    }
}

/* The next member not yet taken from @pool, or from anyone. */
static DemoPerson *
take_person (DemoBuilder *b,
             GArray      *pool,
             guint       *cursor)
{
  while (*cursor < pool->len)
    {
      DemoPerson *person = &g_array_index (b->people, DemoPerson,
                                           g_array_index (pool, guint, (*cursor)++));

      if (!person->taken)
        {
          person->taken = TRUE;
          return person;
        }
    }

  return NULL;
}

static void
add_holiday_scope (VoisinsMember *member)
{
  g_autofree char *scope = g_strdup_printf ("%s,holiday",
                                            voisins_member_get_consent_scope (member));

  voisins_member_set_consent_scope (member, scope);
}

static gboolean
person_speaks (const DemoPerson *person,
               const char       *language)
{
  return strstr (voisins_member_get_languages (person->member), language) != NULL;
}

static void
generate_holiday (DemoBuilder *b,
                  VoisinsDemo *demo)
{
  g_autoptr(GArray) young = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) everyone = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_members = b->people->len;
  guint n_hosts = scaled (DEFAULT_HOSTS, n_members);
  guint n_guests = scaled (DEFAULT_GUESTS, n_members);
  guint young_cursor = 0, old_cursor = 0, everyone_cursor = 0;
  const char * const *host_notes;
  guint n_host_notes;

  host_notes = _voisins_demo_get_host_notes (&n_host_notes);

  for (guint i = 0; i < n_members; i++)
    {
      DemoPerson *person = &g_array_index (b->people, DemoPerson, i);

      g_array_append_val (person->elderly ? old : young, i);
      g_array_append_val (everyone, i);
    }
  shuffle (b, young);
  shuffle (b, old);
  shuffle (b, everyone);

  for (guint i = 0; i < n_hosts; i++)
    {
      VoisinsHolidayHost *host;
      DemoPerson *person;
      gboolean muslim;

      person = take_person (b, young, &young_cursor);
      if (person == NULL)
        person = take_person (b, everyone, &everyone_cursor);
      if (person == NULL)
        break;

      muslim = person_speaks (person, "ar") || person_speaks (person, "tr");

      host = g_new0 (VoisinsHolidayHost, 1);
      host->id = voisins_uuid_new_full ((b->now - g_rand_int_range (b->rand, 0, 20 * DAY)) *
                                        1000, b->rand);
      host->association_id = g_strdup (b->association_id);
      host->member_id = g_strdup (voisins_member_get_id (person->member));
      for (guint slot = 0; slot < 4; slot++)
        if (chance (b, 0.5))
          host->slots |= 1u << slot;
      if (host->slots == 0)
        host->slots = 1u << pick (b, 4);
      host->seats = 2 + pick (b, 5);
      host->step_free = chance (b, 0.35);
      host->pets = chance (b, 0.3);
      if (chance (b, 0.45))
        host->diets |= VOISINS_DIET_VEGETARIAN;
      if (chance (b, muslim ? 0.8 : 0.08))
        host->diets |= VOISINS_DIET_HALAL | VOISINS_DIET_NO_PORK;
      else if (chance (b, 0.3))
        host->diets |= VOISINS_DIET_NO_PORK;
      if (chance (b, 0.25))
        host->diets |= VOISINS_DIET_DIABETIC;
      if (chance (b, 0.1))
        host->diets |= VOISINS_DIET_GLUTEN_FREE;
      host->languages = g_strdup (voisins_member_get_languages (person->member));
      host->alcohol_free = chance (b, muslim ? 0.6 : 0.15);
      host->children = chance (b, 0.35);
      host->can_fetch = chance (b, 0.4);
      host->notes = g_strdup (pick_str (b, host_notes, n_host_notes));
      host->version = 1;
      host->server_seq = 0;

      add_holiday_scope (person->member);
      g_ptr_array_add (demo->hosts, host);
    }

  for (guint i = 0; i < n_guests; i++)
    {
      VoisinsHolidayGuest *guest;
      DemoPerson *person = NULL;
      const char * const *notes;
      const char *needs;
      guint n_notes;
      gboolean muslim;

      /* Mostly older people living alone. */
      if (chance (b, 0.85))
        person = take_person (b, old, &old_cursor);
      if (person == NULL)
        person = take_person (b, everyone, &everyone_cursor);
      if (person == NULL)
        break;

      muslim = person_speaks (person, "ar") || person_speaks (person, "tr");
      needs = voisins_member_get_needs (person->member);
      notes = _voisins_demo_get_guest_notes (person->female, &n_notes);

      guest = g_new0 (VoisinsHolidayGuest, 1);
      guest->id = voisins_uuid_new_full ((b->now - g_rand_int_range (b->rand, 0, 20 * DAY)) *
                                         1000, b->rand);
      guest->association_id = g_strdup (b->association_id);
      guest->member_id = g_strdup (voisins_member_get_id (person->member));
      /* Lunches suit people who go to bed early. */
      guest->slots = chance (b, 0.6) ? VOISINS_HOLIDAY_SLOT_DEC25_LUNCH
                                     : VOISINS_HOLIDAY_SLOT_DEC24_EVENING;
      if (chance (b, 0.5))
        guest->slots |= chance (b, 0.7) ? VOISINS_HOLIDAY_SLOT_JAN01_LUNCH
                                        : VOISINS_HOLIDAY_SLOT_DEC31_EVENING;
      guest->no_stairs = (needs != NULL && strstr (needs, "escalier") != NULL) ||
                         chance (b, person->elderly ? 0.35 : 0.05);
      if (muslim && chance (b, 0.8))
        guest->diets |= VOISINS_DIET_HALAL | VOISINS_DIET_NO_PORK;
      if ((needs != NULL && strstr (needs, "Diabétique") != NULL) || chance (b, 0.15))
        guest->diets |= VOISINS_DIET_DIABETIC;
      if (chance (b, 0.08))
        guest->diets |= VOISINS_DIET_VEGETARIAN;
      guest->languages = g_strdup (voisins_member_get_languages (person->member));
      guest->pet_allergy = chance (b, 0.12);
      guest->needs_fetch = person->elderly ? chance (b, 0.6) : chance (b, 0.1);
      guest->wants_quiet = chance (b, 0.45);
      guest->notes = g_strdup (pick_str (b, notes, n_notes));
      guest->version = 1;
      guest->server_seq = 0;

      add_holiday_scope (person->member);
      g_ptr_array_add (demo->guests, guest);
    }
}

/* Public API */

static gboolean
has_open_data (const char *data_dir)
{
  g_autofree char *boundary = NULL;
  g_autofree char *addresses = NULL;

  if (data_dir == NULL || data_dir[0] == '\0')
    return FALSE;

  boundary = g_build_filename (data_dir, BOUNDARY_FILE, NULL);
  addresses = g_build_filename (data_dir, ADDRESSES_FILE, NULL);

  return g_file_test (boundary, G_FILE_TEST_IS_REGULAR) &&
         g_file_test (addresses, G_FILE_TEST_IS_REGULAR);
}

/**
 * voisins_demo_generate:
 * @options: seed, sizes and data folder
 * @error: return location for an error
 *
 * Builds the association of Quinze-Vingts with its members, posts and holiday table.
 * The same options give the same data, byte for byte.
 *
 * Returns: (transfer full): the demo, or %NULL if the open data is there but unreadable
 */
VoisinsDemo *
voisins_demo_generate (const VoisinsDemoOptions  *options,
                       GError                   **error)
{
  g_autoptr(VoisinsDemo) demo = NULL;
  g_auto(DemoBuilder) b = { 0 };
  g_autoptr(GRand) id_rand = NULL;
  g_autofree char *association_id = NULL;
  guint n_members, n_posts;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_members = options->n_members > 0 ? options->n_members : DEFAULT_MEMBERS;
  n_posts = options->n_posts > 0 ? options->n_posts : DEFAULT_POSTS;

  b.rand = g_rand_new_with_seed (options->seed);
  b.now = options->now != 0 ? options->now : default_now ();
  b.tz = g_time_zone_new_identifier ("Europe/Paris");
  if (b.tz == NULL)
    b.tz = g_time_zone_new_offset (HOUR);
  b.addresses = g_array_new (FALSE, FALSE, sizeof (DemoAddress));
  g_array_set_clear_func (b.addresses, demo_address_clear);
  b.people = g_array_sized_new (FALSE, FALSE, sizeof (DemoPerson), n_members);
  g_array_set_clear_func (b.people, demo_person_clear);
  b.elderly = g_array_new (FALSE, FALSE, sizeof (guint));

  demo = g_new0 (VoisinsDemo, 1);
  demo->members = g_ptr_array_new_full (n_members, g_object_unref);
  demo->posts = g_ptr_array_new_full (n_posts, g_object_unref);
  demo->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_host_free);
  demo->guests = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_guest_free);

  if (has_open_data (options->data_dir))
    {
      if (!load_open_data (&b, options->data_dir, error))
        return NULL;
      demo->from_open_data = TRUE;
    }
  else
    {
      if (!generate_fallback (&b, error))
        return NULL;
      demo->from_open_data = FALSE;
    }

  /* The same association whatever the seed, so a new demo replaces the old one. */
  id_rand = g_rand_new_with_seed (1520);
  association_id = voisins_uuid_new_full (G_GINT64_CONSTANT (1735689600000), id_rand);
  b.association_id = association_id;
  /* Only ever used to place approximate positions; the positions are stored. */
  b.secret = g_strdup_printf ("%08x%08x%08x%08x", g_rand_int (b.rand), g_rand_int (b.rand),
                              g_rand_int (b.rand), g_rand_int (b.rand));

  demo->association = voisins_association_new (association_id, "Voisins des Quinze-Vingts",
                                               b.boundary);
  voisins_association_set_quartier (demo->association, "Quinze-Vingts");
  voisins_association_set_phone (demo->association, "01 99 00 15 20");
  /* Fictitious, like the phone number: a street of the quartier. */
  voisins_association_set_address (demo->association, "4 rue Traversière, 75012 Paris");
  voisins_association_set_email (demo->association, "contact@voisins-quinze-vingts.example");

  generate_members (&b, demo, n_members);
  generate_posts (&b, demo, n_posts);
  generate_holiday (&b, demo);

  return g_steal_pointer (&demo);
}

void
voisins_demo_free (VoisinsDemo *demo)
{
  if (demo == NULL)
    return;

  g_clear_object (&demo->association);
  g_clear_pointer (&demo->members, g_ptr_array_unref);
  g_clear_pointer (&demo->posts, g_ptr_array_unref);
  g_clear_pointer (&demo->hosts, g_ptr_array_unref);
  g_clear_pointer (&demo->guests, g_ptr_array_unref);
  g_free (demo);
}

static gboolean
import_txn (VoisinsStore  *store,
            gpointer       user_data,
            GError       **error)
{
  VoisinsDemo *demo = user_data;

  if (!voisins_store_put_association (store, demo->association, error))
    return FALSE;

  for (guint i = 0; i < demo->members->len; i++)
    if (!voisins_store_put_member (store, g_ptr_array_index (demo->members, i), error))
      return FALSE;

  for (guint i = 0; i < demo->posts->len; i++)
    if (!voisins_store_put_post (store, g_ptr_array_index (demo->posts, i), error))
      return FALSE;

  for (guint i = 0; i < demo->hosts->len; i++)
    if (!voisins_store_put_holiday_host (store, g_ptr_array_index (demo->hosts, i), error))
      return FALSE;

  for (guint i = 0; i < demo->guests->len; i++)
    if (!voisins_store_put_holiday_guest (store, g_ptr_array_index (demo->guests, i), error))
      return FALSE;

  return TRUE;
}

/**
 * voisins_demo_import:
 * @demo: a generated demo
 * @store: an open store
 * @error: return location for an error
 *
 * Writes the association, its members, posts and holiday table into @store in one
 * transaction: all of it or nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
voisins_demo_import (VoisinsDemo   *demo,
                     VoisinsStore  *store,
                     GError       **error)
{
  g_return_val_if_fail (demo != NULL, FALSE);
  g_return_val_if_fail (VOISINS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return voisins_store_transaction (store, import_txn, demo, error);
}

/**
 * voisins_demo_find_data_dir:
 *
 * The folder with the Quinze-Vingts open data: $VOISINS_DATA_DIR when set, else
 * ../shared/data/paris beside the source tree.
 *
 * Returns: (transfer full) (nullable): the folder, or %NULL if the files are not there
 */
char *
voisins_demo_find_data_dir (void)
{
  const char *env = g_getenv ("VOISINS_DATA_DIR");
  g_autofree char *source = NULL;

  /* An explicit setting wins, even to say "no data here". */
  if (env != NULL && env[0] != '\0')
    return has_open_data (env) ? g_strdup (env) : NULL;

  source = g_canonicalize_filename (VOISINS_SOURCE_DIR "/../shared/data/paris", NULL);
  if (has_open_data (source))
    return g_steal_pointer (&source);

  return NULL;
}
