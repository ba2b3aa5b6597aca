/* test-help.c: the helpers suggested for an open request, with their reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <glib/gstdio.h>
#include <string.h>

#include "voisins-help-match.h"
#include "voisins-json.h"
#include "voisins-store.h"

/* Place de la Nation; a degree of latitude is about 111.2 km. */
#define LAT 48.8483
#define LON 2.3958
#define M_TO_LAT(m) ((m) / 111195.0)

static gint64
local_time (int year,
            int month,
            int day,
            int hour)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (t);
}

static const VoisinsHelpSuggestion *
find (GPtrArray  *suggestions,
      const char *helper_id,
      guint      *rank)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      const VoisinsHelpSuggestion *s = suggestions->pdata[i];

      if (g_str_equal (s->helper_id, helper_id))
        {
          if (rank)
            *rank = i;
          return s;
        }
    }
  return NULL;
}

/* Mme Ferreira (pt) needs someone to watch her son on Saturday afternoon. */
static void
request_babysitting (VoisinsHelpRequest *r)
{
  *r = (VoisinsHelpRequest){
    .post_id = "post-1",
    .member_id = "ferreira",
    .category = VOISINS_CATEGORY_BABYSITTING,
    .starts_at = local_time (2026, 12, 12, 14),
    .ends_at = local_time (2026, 12, 12, 18),
    .lat = LAT,
    .lon = LON,
    .languages = "fr,pt",
  };
}

static void
test_help_ranked (void)
{
  g_autoptr(VoisinsHelpMatcher) m = voisins_help_matcher_new ();
  g_autoptr(GPtrArray) out = NULL;
  VoisinsHelpRequest r;
  gint64 now = local_time (2026, 12, 10, 10);
  const VoisinsHelpSuggestion *s;
  guint rank = G_MAXUINT;

  request_babysitting (&r);

  /* Ana: 200 m, speaks Portuguese, offers Saturdays. The obvious call. */
  voisins_help_matcher_add_member (m, "ana", "fr,pt", LAT + M_TO_LAT (200), LON);
  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_BABYSITTING,
                                  local_time (2026, 12, 12, 9), local_time (2026, 12, 12, 19));
  /* Bernard: 1.5 km, French, an offer with no dates. */
  voisins_help_matcher_add_member (m, "bernard", "fr", LAT + M_TO_LAT (1500), LON);
  voisins_help_matcher_add_offer (m, "bernard", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  /* Chloé: next door, Portuguese, Saturday, but already asked twice this month. */
  voisins_help_matcher_add_member (m, "chloe", "pt,fr", LAT + M_TO_LAT (100), LON);
  voisins_help_matcher_add_offer (m, "chloe", VOISINS_CATEGORY_BABYSITTING,
                                  local_time (2026, 12, 12, 8), 0);
  voisins_help_matcher_add_help (m, "post-a", "chloe", local_time (2026, 12, 2, 10));
  voisins_help_matcher_add_help (m, "post-b", "chloe", local_time (2026, 12, 5, 10));
  /* ... and once last month, which does not count. */
  voisins_help_matcher_add_help (m, "post-c", "chloe", local_time (2026, 11, 28, 10));
  /* Driss: close, but offers DIY, not babysitting: not a helper here. */
  voisins_help_matcher_add_member (m, "driss", "fr", LAT + M_TO_LAT (50), LON);
  voisins_help_matcher_add_offer (m, "driss", VOISINS_CATEGORY_DIY, 0, 0);
  /* Mme Ferreira's own babysitting offer: she is not suggested to herself. */
  voisins_help_matcher_add_member (m, "ferreira", "fr,pt", LAT, LON);
  voisins_help_matcher_add_offer (m, "ferreira", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  /* An offer of someone who is not a member (erased): nobody to call. */
  voisins_help_matcher_add_offer (m, "gone", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  /* Émile: speaks only English, no position known, offers another weekend. */
  voisins_help_matcher_add_member (m, "emile", "en", 0, 0);
  voisins_help_matcher_add_offer (m, "emile", VOISINS_CATEGORY_BABYSITTING,
                                  local_time (2026, 12, 19, 9), local_time (2026, 12, 19, 18));

  out = voisins_help_matcher_suggest (m, &r, now, 0);
  g_assert_cmpuint (out->len, ==, 4);
  g_assert_null (find (out, "driss", NULL));
  g_assert_null (find (out, "ferreira", NULL));
  g_assert_null (find (out, "gone", NULL));

  s = out->pdata[0];
  g_assert_cmpstr (s->helper_id, ==, "ana");
  g_assert_cmpuint (s->distance_m, ==, 200);
  g_assert_cmpuint (s->helped_this_month, ==, 0);
  g_assert_cmpstr (s->reason, ==,
                   "offers this kind of help; 200 m away; speaks Portuguese, French; "
                   "available on those dates; not asked yet this month");

  /* Chloé is nearer than Ana and as free, but asked twice: she comes second. */
  s = find (out, "chloe", &rank);
  g_assert_cmpuint (rank, ==, 1);
  g_assert_cmpuint (s->helped_this_month, ==, 2);
  g_assert_nonnull (strstr (s->reason, "already asked 2 times this month"));
  g_assert_cmpint (s->score, <, ((VoisinsHelpSuggestion *) out->pdata[0])->score);

  s = find (out, "bernard", &rank);
  g_assert_cmpuint (rank, ==, 2);
  g_assert_cmpstr (s->reason, ==,
                   "offers this kind of help; 1.5 km away; speaks French; "
                   "not asked yet this month");

  s = find (out, "emile", &rank);
  g_assert_cmpuint (rank, ==, 3);
  g_assert_cmpuint (s->distance_m, ==, G_MAXUINT);
  g_assert_cmpstr (s->reason, ==,
                   "offers this kind of help; distance unknown; no language in common; "
                   "offers other dates only; not asked yet this month");

  for (guint i = 0; i < out->len; i++)
    {
      s = out->pdata[i];
      g_assert_cmpint (s->score, >=, 0);
      g_assert_cmpint (s->score, <=, VOISINS_HELP_MAX_SCORE);
    }

  /* max_results keeps the best. */
  g_clear_pointer (&out, g_ptr_array_unref);
  out = voisins_help_matcher_suggest (m, &r, now, 2);
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[0])->helper_id, ==, "ana");
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[1])->helper_id, ==, "chloe");

  /* In January, Chloé's December helps no longer count: she is first (nearest). */
  g_clear_pointer (&out, g_ptr_array_unref);
  out = voisins_help_matcher_suggest (m, &r, local_time (2027, 1, 3, 10), 0);
  s = out->pdata[0];
  g_assert_cmpstr (s->helper_id, ==, "chloe");
  g_assert_cmpuint (s->helped_this_month, ==, 0);
}

/* Someone already asked for this request (proposed, accepted or done) is not suggested
 * again; once her help is declined (the caller leaves declined helps out), she is. */
static void
test_help_already_asked (void)
{
  g_autoptr(VoisinsHelpMatcher) m = voisins_help_matcher_new ();
  g_autoptr(VoisinsHelpMatcher) m2 = voisins_help_matcher_new ();
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) out2 = NULL;
  VoisinsHelpRequest r;
  gint64 now = local_time (2026, 12, 10, 10);

  request_babysitting (&r);
  voisins_help_matcher_add_member (m, "ana", "fr", LAT, LON + 0.001);
  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  voisins_help_matcher_add_member (m, "bernard", "fr", LAT, LON + 0.01);
  voisins_help_matcher_add_offer (m, "bernard", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  voisins_help_matcher_add_help (m, "post-1", "ana", now - 3600);

  out = voisins_help_matcher_suggest (m, &r, now, 0);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[0])->helper_id, ==, "bernard");

  voisins_help_matcher_add_member (m2, "ana", "fr", LAT, LON + 0.001);
  voisins_help_matcher_add_offer (m2, "ana", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  out2 = voisins_help_matcher_suggest (m2, &r, now, 0);
  g_assert_cmpuint (out2->len, ==, 1);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out2->pdata[0])->helper_id, ==, "ana");
}

/* Nobody offers it: no suggestion at all (what the coordinator's view lists). Two offers
 * of one member give one suggestion, with the better dates. */
static void
test_help_none_and_duplicates (void)
{
  g_autoptr(VoisinsHelpMatcher) m = voisins_help_matcher_new ();
  g_autoptr(GPtrArray) out = NULL;
  VoisinsHelpRequest r;
  gint64 now = local_time (2026, 12, 10, 10);

  request_babysitting (&r);
  voisins_help_matcher_add_member (m, "ana", "fr", LAT, LON);
  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_LENDING, 0, 0);
  out = voisins_help_matcher_suggest (m, &r, now, 0);
  g_assert_cmpuint (out->len, ==, 0);
  g_clear_pointer (&out, g_ptr_array_unref);

  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_BABYSITTING,
                                  local_time (2026, 12, 20, 9), 0);
  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_BABYSITTING,
                                  local_time (2026, 12, 12, 9), 0);
  voisins_help_matcher_add_offer (m, "ana", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  out = voisins_help_matcher_suggest (m, &r, now, 0);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_nonnull (strstr (((VoisinsHelpSuggestion *) out->pdata[0])->reason,
                            "available on those dates"));
  g_assert_cmpuint (((VoisinsHelpSuggestion *) out->pdata[0])->distance_m, ==, 0);
}

/* Equal scores: the nearer first, then the member id, so two volunteers see one order. */
static void
test_help_ties (void)
{
  g_autoptr(VoisinsHelpMatcher) m = voisins_help_matcher_new ();
  g_autoptr(GPtrArray) out = NULL;
  VoisinsHelpRequest r;

  request_babysitting (&r);
  r.starts_at = r.ends_at = 0;
  voisins_help_matcher_add_member (m, "zoe", "fr", LAT + M_TO_LAT (100), LON);
  voisins_help_matcher_add_member (m, "yann", "fr", LAT + M_TO_LAT (250), LON);
  voisins_help_matcher_add_member (m, "xavier", "fr", LAT + M_TO_LAT (250), LON);
  voisins_help_matcher_add_offer (m, "zoe", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  voisins_help_matcher_add_offer (m, "yann", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  voisins_help_matcher_add_offer (m, "xavier", VOISINS_CATEGORY_BABYSITTING, 0, 0);
  out = voisins_help_matcher_suggest (m, &r, local_time (2026, 12, 10, 10), 0);
  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[0])->helper_id, ==, "zoe");
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[1])->helper_id, ==, "xavier");
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[2])->helper_id, ==, "yann");
  g_assert_cmpint (((VoisinsHelpSuggestion *) out->pdata[0])->score, ==,
                   ((VoisinsHelpSuggestion *) out->pdata[2])->score);
}

#define ASSOC "a0000000-0000-4000-8000-000000000001"
#define KHADIJA "b0000000-0000-4000-8000-000000000001"
#define ANA "b0000000-0000-4000-8000-000000000002"
#define BRUNO "b0000000-0000-4000-8000-000000000003"
#define CARLA "b0000000-0000-4000-8000-000000000004"
#define REQUEST "c0000000-0000-4000-8000-000000000001"
#define NOBODY "c0000000-0000-4000-8000-000000000009"
#define H_DECLINED "d0000000-0000-4000-8000-000000000001"
#define H_OTHER "d0000000-0000-4000-8000-000000000002"

static char *
member_change (const char *id,
               const char *name,
               const char *languages,
               double      lat)
{
  return g_strdup_printf ("{\"type\":\"member\",\"id\":\"%s\",\"version\":1,\"server_seq\":1,"
                          "\"deleted\":false,\"data\":{\"id\":\"%s\",\"association_id\":\""
                          ASSOC "\",\"first_name\":\"%s\",\"last_name\":\"M.\","
                          "\"languages\":\"%s\",\"approx_lat\":%.6f,\"approx_lon\":%.6f}}",
                          id, id, name, languages, lat, LON);
}

static char *
post_change (const char *id,
             const char *kind,
             const char *category,
             const char *status,
             const char *author)
{
  return g_strdup_printf ("{\"type\":\"post\",\"id\":\"%s\",\"version\":1,\"server_seq\":2,"
                          "\"deleted\":false,\"data\":{\"id\":\"%s\",\"association_id\":\""
                          ASSOC "\",\"kind\":\"%s\",\"category\":\"%s\",\"status\":\"%s\","
                          "\"title\":\"A title\",\"body\":\"Some words\",\"author_id\":\"%s\","
                          "\"author_name\":\"Someone\",\"lat\":%.6f,\"lon\":%.6f,"
                          "\"created_at\":1700000000}}",
                          id, id, kind, category, status, author, LAT, LON);
}

static char *
help_change (const char *id,
             const char *post,
             const char *helper,
             const char *state,
             gint64      created_at)
{
  return g_strdup_printf ("{\"type\":\"help\",\"id\":\"%s\",\"version\":1,\"server_seq\":3,"
                          "\"deleted\":false,\"data\":{\"id\":\"%s\",\"association_id\":\""
                          ASSOC "\",\"post_id\":\"%s\",\"helper_id\":\"%s\",\"member_id\":\""
                          KHADIJA "\",\"follower_id\":\"u1\",\"state\":\"%s\","
                          "\"created_at\":%" G_GINT64_FORMAT "}}",
                          id, id, post, helper, state, created_at);
}

/* What a laptop synced (members, offers, helps) gives the suggestions of a request. */
static void
test_help_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("voisins-help-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 now = local_time (2026, 12, 10, 10);
  const char *offer_ids[] = { "c0000000-0000-4000-8000-000000000002",
                              "c0000000-0000-4000-8000-000000000003",
                              "c0000000-0000-4000-8000-000000000004",
                              "c0000000-0000-4000-8000-000000000005" };

  store = voisins_store_open (path, &error);
  g_assert_no_error (error);

  g_ptr_array_add (changes, member_change (KHADIJA, "Khadija", "fr,ar", LAT));
  g_ptr_array_add (changes, member_change (ANA, "Ana", "fr", LAT + M_TO_LAT (300)));
  g_ptr_array_add (changes, member_change (BRUNO, "Bruno", "ar,fr", LAT + M_TO_LAT (800)));
  g_ptr_array_add (changes, member_change (CARLA, "Carla", "fr", LAT + M_TO_LAT (100)));
  g_ptr_array_add (changes, post_change (REQUEST, "request", "diy", "open", KHADIJA));
  /* Nobody offers babysitting. */
  g_ptr_array_add (changes, post_change (NOBODY, "request", "babysitting", "open", KHADIJA));
  g_ptr_array_add (changes, post_change (offer_ids[0], "offer", "diy", "open", ANA));
  g_ptr_array_add (changes, post_change (offer_ids[1], "offer", "diy", "open", BRUNO));
  /* Carla's DIY offer is closed, her open one is of another kind: not a helper. */
  g_ptr_array_add (changes, post_change (offer_ids[2], "offer", "diy", "done", CARLA));
  g_ptr_array_add (changes, post_change (offer_ids[3], "offer", "lending", "open", CARLA));
  /* Ana declined this request; Bruno was asked twice this month for other requests. */
  g_ptr_array_add (changes, help_change (H_DECLINED, REQUEST, ANA, "declined", now - 3600));
  g_ptr_array_add (changes, help_change (H_OTHER, offer_ids[3], BRUNO, "done", now - 7200));
  g_ptr_array_add (changes, help_change ("d0000000-0000-4000-8000-000000000003", offer_ids[2],
                                         BRUNO, "accepted", now - 7200));
  g_ptr_array_add (changes, NULL);
  joined = g_strjoinv (",", (char **) changes->pdata);
  json = g_strdup_printf ("{\"associations\":{\"" ASSOC "\":{\"cursor\":\"e1:" ASSOC ":3\","
                          "\"reset\":false,\"has_more\":false,\"changes\":[%s]}},"
                          "\"has_more\":false,\"last_mutation_seq\":0}", joined);
  node = voisins_json_parse (json, -1, &error);
  g_assert_no_error (error);
  voisins_store_apply_pull (store, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);

  helps = voisins_store_list_helps (store, REQUEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 1);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[0])->helper_id, ==, ANA);
  g_assert_cmpstr (((VoisinsHelp *) helps->pdata[0])->state, ==, "declined");

  out = voisins_store_suggest_helpers (store, REQUEST, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 2);
  /* Ana is nearer and was not asked this month (her no does not count against her);
   * Bruno speaks Arabic with Khadija but was asked twice. */
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[0])->helper_id, ==, ANA);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[1])->helper_id, ==, BRUNO);
  g_assert_cmpstr (((VoisinsHelpSuggestion *) out->pdata[1])->reason, ==,
                   "offers this kind of help; 800 m away; speaks Arabic, French; "
                   "already asked 2 times this month");
  g_assert_cmpuint (((VoisinsHelpSuggestion *) out->pdata[0])->distance_m, ==, 300);
  g_clear_pointer (&out, g_ptr_array_unref);

  /* The coordinator's view: Khadija's requests are open with no live help (Ana declined)
   * since 2023; only the babysitting one has nobody to suggest. */
  {
    g_autoptr(GPtrArray) stale = voisins_store_list_stale_requests (store, ASSOC, 7, now, FALSE,
                                                                    &error);
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GPtrArray) fresh = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (stale->len, ==, 2);
    g_assert_cmpstr (voisins_post_get_id (stale->pdata[0]), ==, REQUEST);
    g_assert_cmpstr (voisins_post_get_id (stale->pdata[1]), ==, NOBODY);
    none = voisins_store_list_stale_requests (store, ASSOC, 7, now, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 1);
    g_assert_cmpstr (voisins_post_get_id (none->pdata[0]), ==, NOBODY);
    /* Posted less than N days before: not stale yet. */
    fresh = voisins_store_list_stale_requests (store, ASSOC, 7, 1700000000 + 3600, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fresh->len, ==, 0);
  }

  /* An offer is not a request. */
  out = voisins_store_suggest_helpers (store, offer_ids[0], now, 0, &error);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND);
  g_assert_null (out);

  voisins_store_close (store);
  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help/ranked", test_help_ranked);
  g_test_add_func ("/help/already-asked", test_help_already_asked);
  g_test_add_func ("/help/none-and-duplicates", test_help_none_and_duplicates);
  g_test_add_func ("/help/ties", test_help_ties);
  g_test_add_func ("/help/store", test_help_store);
  return g_test_run ();
}
