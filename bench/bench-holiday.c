/* bench-holiday.c: the "propose for everyone" plan on 500 hosts x 1,000 guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the plan's time beside a reference measured in the same run: a greedy pass
 * (each guest in turn takes its best remaining suggestion), which is what a volunteer
 * clicking "best" for everyone would get.
 */
#define G_LOG_DOMAIN "voisins-bench"

#include "voisins-holiday-match.h"

static char *
languages (GRand *r)
{
  static const char *second[] = { "pt", "ar", "en", "zh", "es", "vi", "tr", "it" };

  if (g_rand_double (r) < 0.4)
    return g_strdup_printf ("fr,%s", second[g_rand_int_range (r, 0, G_N_ELEMENTS (second))]);
  return g_strdup ("fr");
}

static VoisinsHolidayMatcher *
build (guint32 seed,
       guint   n_hosts,
       guint   n_guests)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  VoisinsHolidayMatcher *m = voisins_holiday_matcher_new ();
  static const char *streets[] = { "rue de Charenton", "rue Crozatier", "avenue Daumesnil",
                                   "rue de Cotte", "rue Traversière", "rue d'Aligre" };

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autofree char *id = g_strdup_printf ("host-%06u", i);
      g_autofree char *member = g_strdup_printf ("member-h%06u", i);
      g_autofree char *langs = languages (r);
      VoisinsHolidayHost h = {
        .id = id, .member_id = member, .languages = langs,
        .slots = 1 + g_rand_int_range (r, 0, 15), .seats = 2 + g_rand_int_range (r, 0, 5),
        .step_free = g_rand_double (r) < 0.35, .pets = g_rand_double (r) < 0.3,
        .diets = (g_rand_double (r) < 0.45 ? VOISINS_DIET_VEGETARIAN : 0) |
                 (g_rand_double (r) < 0.15 ? VOISINS_DIET_HALAL | VOISINS_DIET_NO_PORK : 0) |
                 (g_rand_double (r) < 0.25 ? VOISINS_DIET_DIABETIC : 0),
        .alcohol_free = g_rand_double (r) < 0.2, .children = g_rand_double (r) < 0.35,
        .can_fetch = g_rand_double (r) < 0.4,
      };

      voisins_holiday_matcher_add_host (m, &h, 48.845 + g_rand_double (r) * 0.01,
                                        2.37 + g_rand_double (r) * 0.015,
                                        streets[g_rand_int_range (r, 0, G_N_ELEMENTS (streets))]);
    }
  for (guint j = 0; j < n_guests; j++)
    {
      g_autofree char *id = g_strdup_printf ("guest-%06u", j);
      g_autofree char *member = g_strdup_printf ("member-g%06u", j);
      g_autofree char *langs = languages (r);
      VoisinsHolidayGuest g = {
        .id = id, .member_id = member, .languages = langs,
        .slots = (g_rand_double (r) < 0.6 ? VOISINS_HOLIDAY_SLOT_DEC25_LUNCH
                                           : VOISINS_HOLIDAY_SLOT_DEC24_EVENING) |
                 (g_rand_double (r) < 0.5 ? VOISINS_HOLIDAY_SLOT_JAN01_LUNCH : 0),
        .no_stairs = g_rand_double (r) < 0.3,
        .diets = (g_rand_double (r) < 0.1 ? VOISINS_DIET_HALAL | VOISINS_DIET_NO_PORK : 0) |
                 (g_rand_double (r) < 0.15 ? VOISINS_DIET_DIABETIC : 0),
        .pet_allergy = g_rand_double (r) < 0.12, .needs_fetch = g_rand_double (r) < 0.5,
        .wants_quiet = g_rand_double (r) < 0.45,
      };

      voisins_holiday_matcher_add_guest (m, &g, 48.845 + g_rand_double (r) * 0.01,
                                         2.37 + g_rand_double (r) * 0.015,
                                         streets[g_rand_int_range (r, 0, G_N_ELEMENTS (streets))]);
    }
  return m;
}

static gint64
total_score (GPtrArray *plan)
{
  gint64 total = 0;

  for (guint k = 0; k < plan->len; k++)
    total += ((VoisinsHolidaySuggestion *) g_ptr_array_index (plan, k))->score;
  return total;
}

int
main (int   argc,
      char *argv[])
{
  guint n_hosts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 500;
  guint n_guests = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000;
  g_autoptr(VoisinsHolidayMatcher) m = build (1224, n_hosts, n_guests);
  g_autoptr(VoisinsHolidayMatcher) greedy = build (1224, n_hosts, n_guests);
  g_autoptr(GPtrArray) plan = NULL;
  guint greedy_placed = 0;
  gint64 greedy_score = 0;
  gint64 t0, t_plan, t_greedy;

  t0 = g_get_monotonic_time ();
  plan = voisins_holiday_matcher_plan (m);
  t_plan = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  for (guint j = 0; j < n_guests; j++)
    {
      g_autofree char *id = g_strdup_printf ("guest-%06u", j);
      g_autoptr(GPtrArray) s = voisins_holiday_matcher_suggest (greedy, id, 1);

      if (s->len > 0)
        {
          VoisinsHolidaySuggestion *best = g_ptr_array_index (s, 0);

          voisins_holiday_matcher_add_taken (greedy, best->host_id, best->guest_id, best->slot);
          greedy_placed++;
          greedy_score += best->score;
        }
    }
  t_greedy = g_get_monotonic_time () - t0;

  g_print ("holiday plan, %u hosts x %u guests: %.1f ms, %u placed, total score %" G_GINT64_FORMAT "\n",
           n_hosts, n_guests, t_plan / 1000.0, plan->len, total_score (plan));
  g_print ("reference, greedy best-suggestion pass: %.1f ms, %u placed, total score %" G_GINT64_FORMAT "\n",
           t_greedy / 1000.0, greedy_placed, greedy_score);
  return t_plan < G_USEC_PER_SEC ? 0 : 1;
}
