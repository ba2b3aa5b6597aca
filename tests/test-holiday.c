/* test-holiday.c: the holiday table's matching and campaign store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include <glib/gstdio.h>
#include <string.h>

#include "voisins-demo.h"
#include "voisins-holiday-match.h"
#include "voisins-store.h"
#include "voisins-uuid.h"

/* {{{ random instances */

typedef struct
{
  GPtrArray *hosts;    /* VoisinsHolidayHost */
  GPtrArray *guests;   /* VoisinsHolidayGuest */
  GArray    *taken;    /* Taken */
  double    *host_pos;
  double    *guest_pos;
} Instance;

typedef struct
{
  guint host;
  guint guest;
  guint slot;
} Taken;

static const char *streets[] = { "rue de Charenton", "rue Crozatier", "avenue Ledru-Rollin" };

static char *
random_languages (GRand *r)
{
  static const char *codes[] = { "pt", "ar", "en", "zh" };
  g_autoptr(GString) s = g_string_new (NULL);

  if (g_rand_double (r) < 0.75)
    g_string_append (s, "fr");
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_rand_double (r) < 0.25)
      g_string_append_printf (s, "%s%s", s->len ? "," : "", codes[i]);
  if (s->len == 0)
    g_string_append (s, codes[g_rand_int_range (r, 0, G_N_ELEMENTS (codes))]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static guint
random_slots (GRand *r)
{
  guint slots = 0;

  while (slots == 0)
    for (guint b = 0; b < 4; b++)
      if (g_rand_double (r) < 0.4)
        slots |= 1u << b;
  return slots;
}

static void
instance_free (Instance *inst)
{
  g_ptr_array_unref (inst->hosts);
  g_ptr_array_unref (inst->guests);
  g_array_unref (inst->taken);
  g_free (inst->host_pos);
  g_free (inst->guest_pos);
  g_free (inst);
}

static Instance *
random_instance (GRand *r,
                 guint  n_hosts,
                 guint  n_guests)
{
  Instance *inst = g_new0 (Instance, 1);

  inst->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_host_free);
  inst->guests = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_guest_free);
  inst->taken = g_array_new (FALSE, FALSE, sizeof (Taken));
  inst->host_pos = g_new (double, 2 * n_hosts);
  inst->guest_pos = g_new (double, 2 * n_guests);

  for (guint i = 0; i < n_hosts; i++)
    {
      VoisinsHolidayHost *h = g_new0 (VoisinsHolidayHost, 1);

      h->id = g_strdup_printf ("h%04u-%08x", i, g_rand_int (r));
      h->member_id = g_strdup_printf ("mh%u", i);
      h->slots = random_slots (r);
      h->seats = g_rand_int_range (r, 1, 4);
      h->step_free = g_rand_double (r) < 0.5;
      h->pets = g_rand_double (r) < 0.3;
      h->diets = g_rand_int_range (r, 0, 32) & g_rand_int_range (r, 0, 32);
      h->languages = random_languages (r);
      h->alcohol_free = g_rand_boolean (r);
      h->children = g_rand_boolean (r);
      h->can_fetch = g_rand_boolean (r);
      inst->host_pos[2 * i] = 48.845 + g_rand_double (r) * 0.01;
      inst->host_pos[2 * i + 1] = 2.37 + g_rand_double (r) * 0.015;
      g_ptr_array_add (inst->hosts, h);
    }
  for (guint j = 0; j < n_guests; j++)
    {
      VoisinsHolidayGuest *g = g_new0 (VoisinsHolidayGuest, 1);

      g->id = g_strdup_printf ("g%04u-%08x", j, g_rand_int (r));
      g->member_id = g_strdup_printf ("mg%u", j);
      g->slots = random_slots (r);
      g->no_stairs = g_rand_double (r) < 0.3;
      g->diets = g_rand_double (r) < 0.3 ? 1u << g_rand_int_range (r, 0, 5) : 0;
      g->languages = random_languages (r);
      g->pet_allergy = g_rand_double (r) < 0.2;
      g->needs_fetch = g_rand_boolean (r);
      g->wants_quiet = g_rand_boolean (r);
      inst->guest_pos[2 * j] = 48.845 + g_rand_double (r) * 0.01;
      inst->guest_pos[2 * j + 1] = 2.37 + g_rand_double (r) * 0.015;
      g_ptr_array_add (inst->guests, g);
    }
  /* A few seats already taken by live matches. */
  for (guint k = 0; k < 3 && n_hosts && n_guests; k++)
    if (g_rand_double (r) < 0.5)
      {
        Taken t = { g_rand_int_range (r, 0, n_hosts), g_rand_int_range (r, 0, n_guests), 0 };
        VoisinsHolidayHost *h = g_ptr_array_index (inst->hosts, t.host);

        t.slot = 1u << g_bit_nth_lsf (h->slots, -1);
        g_array_append_val (inst->taken, t);
      }
  return inst;
}

static VoisinsHolidayMatcher *
matcher_for (Instance *inst,
             guint    *order)
{
  VoisinsHolidayMatcher *m = voisins_holiday_matcher_new ();

  for (guint k = 0; k < inst->hosts->len; k++)
    {
      guint i = order ? order[k] % inst->hosts->len : k;
      voisins_holiday_matcher_add_host (m, g_ptr_array_index (inst->hosts, i),
                                        inst->host_pos[2 * i], inst->host_pos[2 * i + 1],
                                        streets[i % 3]);
    }
  for (guint j = 0; j < inst->guests->len; j++)
    {
      guint jj = inst->guests->len - 1 - j;
      voisins_holiday_matcher_add_guest (m, g_ptr_array_index (inst->guests, order ? jj : j),
                                         inst->guest_pos[2 * (order ? jj : j)],
                                         inst->guest_pos[2 * (order ? jj : j) + 1],
                                         streets[(order ? jj : j) % 3]);
    }
  for (guint k = 0; k < inst->taken->len; k++)
    {
      Taken *t = &g_array_index (inst->taken, Taken, k);
      voisins_holiday_matcher_add_taken (m, ((VoisinsHolidayHost *) g_ptr_array_index (inst->hosts, t->host))->id,
                                         ((VoisinsHolidayGuest *) g_ptr_array_index (inst->guests, t->guest))->id,
                                         t->slot);
    }
  return m;
}

static int
host_index (Instance   *inst,
            const char *id)
{
  for (guint i = 0; i < inst->hosts->len; i++)
    if (g_str_equal (((VoisinsHolidayHost *) g_ptr_array_index (inst->hosts, i))->id, id))
      return (int) i;
  return -1;
}

static int
guest_index (Instance   *inst,
             const char *id)
{
  for (guint j = 0; j < inst->guests->len; j++)
    if (g_str_equal (((VoisinsHolidayGuest *) g_ptr_array_index (inst->guests, j))->id, id))
      return (int) j;
  return -1;
}

static int
seats_left (Instance *inst,
            guint     i,
            guint     slot)
{
  VoisinsHolidayHost *h = g_ptr_array_index (inst->hosts, i);
  int left = (h->slots & slot) ? (int) h->seats : 0;

  for (guint k = 0; k < inst->taken->len; k++)
    {
      Taken *t = &g_array_index (inst->taken, Taken, k);
      if (t->host == i && t->slot == slot)
        left--;
    }
  return left;
}

static gboolean
guest_has_taken (Instance *inst,
                 guint     j)
{
  for (guint k = 0; k < inst->taken->len; k++)
    if (g_array_index (inst->taken, Taken, k).guest == j)
      return TRUE;
  return FALSE;
}

/* Exhaustive: the best (placed, score) over every assignment, memoised on the seats left. */
typedef struct
{
  guint n_guests;
  GPtrArray **options;   /* per guest: VoisinsHolidaySuggestion (cell index in distance_m) */
  GHashTable *memo;
} Brute;

static gint64
brute (Brute   *b,
       guint    j,
       guint8  *caps,
       guint    n_cells)
{
  g_autofree char *key = NULL;
  gpointer found;
  gint64 best;

  if (j == b->n_guests)
    return 0;
  key = g_strdup_printf ("%u:%.*s", j, (int) n_cells, (char *) caps);
  if (g_hash_table_lookup_extended (b->memo, key, NULL, &found))
    return *(gint64 *) found;

  best = brute (b, j + 1, caps, n_cells);
  for (guint k = 0; k < b->options[j]->len; k++)
    {
      VoisinsHolidaySuggestion *s = g_ptr_array_index (b->options[j], k);
      guint cell = s->distance_m;

      if (caps[cell] > 'A')
        {
          gint64 v;

          caps[cell]--;
          v = 100000 + s->score + brute (b, j + 1, caps, n_cells);
          caps[cell]++;
          best = MAX (best, v);
        }
    }
  g_hash_table_insert (b->memo, g_steal_pointer (&key), g_memdup2 (&best, sizeof best));
  return best;
}

static gint64
brute_force (Instance              *inst,
             VoisinsHolidayMatcher *m)
{
  guint n_cells = inst->hosts->len * 4;
  g_autofree guint8 *caps = g_new0 (guint8, n_cells + 1);
  Brute b = { inst->guests->len, g_new0 (GPtrArray *, inst->guests->len),
              g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  gint64 best;

  for (guint i = 0; i < inst->hosts->len; i++)
    for (guint s = 0; s < 4; s++)
      caps[i * 4 + s] = 'A' + MAX (0, seats_left (inst, i, 1u << s));
  for (guint j = 0; j < inst->guests->len; j++)
    {
      VoisinsHolidayGuest *g = g_ptr_array_index (inst->guests, j);

      b.options[j] = voisins_holiday_matcher_suggest (m, g->id, 0);
      if (guest_has_taken (inst, j))
        g_ptr_array_set_size (b.options[j], 0);
      for (guint k = 0; k < b.options[j]->len; k++)
        {
          VoisinsHolidaySuggestion *s = g_ptr_array_index (b.options[j], k);
          s->distance_m = host_index (inst, s->host_id) * 4 + g_bit_nth_lsf (s->slot, -1);
        }
    }
  best = brute (&b, 0, caps, n_cells);
  for (guint j = 0; j < inst->guests->len; j++)
    g_ptr_array_unref (b.options[j]);
  g_free (b.options);
  g_hash_table_unref (b.memo);
  return best;
}

static char *
plan_text (GPtrArray *plan)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < plan->len; k++)
    {
      VoisinsHolidaySuggestion *p = g_ptr_array_index (plan, k);
      g_string_append_printf (s, "%s>%s@%u:%d;", p->guest_id, p->host_id, p->slot, p->score);
    }
  return g_string_free (s, FALSE);
}

/* Every hard constraint and every seat, for a plan or a suggestion list. */
static void
check_valid (Instance  *inst,
             GPtrArray *items,
             gboolean   is_plan)
{
  g_autofree int *used = g_new0 (int, inst->hosts->len * 4 + 1);
  g_autofree gboolean *guest_seen = g_new0 (gboolean, inst->guests->len + 1);

  for (guint k = 0; k < items->len; k++)
    {
      VoisinsHolidaySuggestion *s = g_ptr_array_index (items, k);
      int i = host_index (inst, s->host_id), j = guest_index (inst, s->guest_id);
      VoisinsHolidayHost *h;
      VoisinsHolidayGuest *g;

      g_assert_cmpint (i, >=, 0);
      g_assert_cmpint (j, >=, 0);
      h = g_ptr_array_index (inst->hosts, i);
      g = g_ptr_array_index (inst->guests, j);
      g_assert_true (voisins_holiday_is_feasible (h, g, s->slot));
      g_assert_true (s->slot & h->slots & g->slots);
      g_assert_true (!g->no_stairs || h->step_free);
      g_assert_true ((g->diets & ~h->diets) == 0);
      g_assert_true (!g->pet_allergy || !h->pets);
      g_assert_cmpint (seats_left (inst, i, s->slot), >, 0);
      if (is_plan)
        {
          g_assert_false (guest_seen[j]);
          g_assert_false (guest_has_taken (inst, j));
          guest_seen[j] = TRUE;
          used[i * 4 + g_bit_nth_lsf (s->slot, -1)]++;
          g_assert_cmpint (used[i * 4 + g_bit_nth_lsf (s->slot, -1)], <=,
                           seats_left (inst, i, s->slot));
        }
      g_assert_cmpint (s->score, >=, 0);
      g_assert_cmpint (s->score, <=, VOISINS_HOLIDAY_MAX_SCORE);
    }
}

static void
test_random_vs_brute (void)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (20241224);
  guint total_placed = 0;

  for (guint n = 0; n < 300; n++)
    {
      Instance *inst = random_instance (r, g_rand_int_range (r, 1, 9), g_rand_int_range (r, 1, 13));
      g_autoptr(VoisinsHolidayMatcher) m = matcher_for (inst, NULL);
      g_autoptr(GPtrArray) plan = voisins_holiday_matcher_plan (m);
      gint64 best = brute_force (inst, m);
      gint64 got = 0;
      guint order[8] = { 7, 3, 5, 1, 0, 2, 6, 4 };

      check_valid (inst, plan, TRUE);
      for (guint j = 0; j < inst->guests->len; j++)
        {
          VoisinsHolidayGuest *g = g_ptr_array_index (inst->guests, j);
          g_autoptr(GPtrArray) sugg = voisins_holiday_matcher_suggest (m, g->id, 0);

          check_valid (inst, sugg, FALSE);
        }
      for (guint k = 0; k < plan->len; k++)
        got += 100000 + ((VoisinsHolidaySuggestion *) g_ptr_array_index (plan, k))->score;
      g_assert_cmpint (got / 100000, ==, best / 100000);
      g_assert_cmpint (got % 100000, ==, best % 100000);
      total_placed += plan->len;

      /* Deterministic, whatever the input order. */
      if (inst->hosts->len == 8)
        {
          g_autoptr(VoisinsHolidayMatcher) m2 = matcher_for (inst, order);
          g_autoptr(GPtrArray) plan2 = voisins_holiday_matcher_plan (m2);
          g_autoptr(GPtrArray) plan3 = voisins_holiday_matcher_plan (m);
          g_autofree char *a = plan_text (plan);
          g_autofree char *b = plan_text (plan2);
          g_autofree char *c = plan_text (plan3);

          g_assert_cmpstr (a, ==, b);
          g_assert_cmpstr (a, ==, c);
        }
      instance_free (inst);
    }
  g_test_message ("placed %u guests over 300 instances", total_placed);
  g_assert_cmpuint (total_placed, >, 300);
}

static void
test_reasons (void)
{
  g_autoptr(VoisinsHolidayMatcher) m = voisins_holiday_matcher_new ();
  VoisinsHolidayHost h = { .id = (char *) "host-1", .member_id = (char *) "a", .slots = 3,
                           .seats = 1, .step_free = TRUE, .diets = VOISINS_DIET_HALAL,
                           .languages = (char *) "fr,pt", .can_fetch = TRUE };
  VoisinsHolidayHost far = { .id = (char *) "host-2", .member_id = (char *) "b", .slots = 1,
                             .seats = 4, .step_free = TRUE, .diets = VOISINS_DIET_HALAL,
                             .languages = (char *) "fr" };
  VoisinsHolidayHost stairs = { .id = (char *) "host-3", .member_id = (char *) "c", .slots = 1,
                                .seats = 4, .diets = 31, .languages = (char *) "pt" };
  VoisinsHolidayGuest g = { .id = (char *) "guest-1", .member_id = (char *) "d", .slots = 1,
                            .no_stairs = TRUE, .diets = VOISINS_DIET_HALAL,
                            .languages = (char *) "pt", .needs_fetch = TRUE };
  g_autoptr(GPtrArray) s = NULL;
  VoisinsHolidaySuggestion *best;

  /* ~250 m apart on the same street. */
  voisins_holiday_matcher_add_host (m, &h, 48.8480, 2.3750, "rue de Charenton");
  voisins_holiday_matcher_add_host (m, &far, 48.8600, 2.3750, "rue Crozatier");
  voisins_holiday_matcher_add_host (m, &stairs, 48.8480, 2.3751, "rue de Charenton");
  voisins_holiday_matcher_add_guest (m, &g, 48.8480 + 250.0 / 111195.0, 2.3750, "rue de Charenton");
  s = voisins_holiday_matcher_suggest (m, "guest-1", 0);
  g_assert_cmpuint (s->len, ==, 1);  /* "far" has no common language, "stairs" has stairs */
  best = g_ptr_array_index (s, 0);
  g_assert_cmpstr (best->host_id, ==, "host-1");
  g_assert_cmpuint (best->distance_m, ==, 250);
  g_test_message ("%s", best->reason);
  g_assert_nonnull (strstr (best->reason, "same street, 250 m"));
  g_assert_nonnull (strstr (best->reason, "speaks Portuguese"));
  g_assert_nonnull (strstr (best->reason, "step-free"));
  g_assert_nonnull (strstr (best->reason, "halal"));
  g_assert_nonnull (strstr (best->reason, "can fetch the guest"));
  g_assert_null (strstr (best->reason, "48."));

  /* Taken seat: no suggestion left, no plan. */
  voisins_holiday_matcher_add_taken (m, "host-1", "someone", 1);
  g_clear_pointer (&s, g_ptr_array_unref);
  s = voisins_holiday_matcher_suggest (m, "guest-1", 0);
  g_assert_cmpuint (s->len, ==, 0);
  g_clear_pointer (&s, g_ptr_array_unref);
  s = voisins_holiday_matcher_plan (m);
  g_assert_cmpuint (s->len, ==, 0);

  g_assert_true (voisins_holiday_match_state_can_move (VOISINS_HOLIDAY_MATCH_PROPOSED,
                                                       VOISINS_HOLIDAY_MATCH_HOST_CALLED));
  g_assert_false (voisins_holiday_match_state_can_move (VOISINS_HOLIDAY_MATCH_CONFIRMED,
                                                        VOISINS_HOLIDAY_MATCH_PROPOSED));
  g_assert_true (voisins_holiday_match_state_can_move (VOISINS_HOLIDAY_MATCH_HOST_CALLED,
                                                       VOISINS_HOLIDAY_MATCH_DECLINED));
  /* The host said yes, then the guest: confirmed at once (no step without its button). */
  g_assert_true (voisins_holiday_match_state_can_move (VOISINS_HOLIDAY_MATCH_HOST_CALLED,
                                                       VOISINS_HOLIDAY_MATCH_CONFIRMED));
  g_assert_cmpint (voisins_holiday_match_state_from_string ("guest-called"), ==,
                   VOISINS_HOLIDAY_MATCH_CONFIRMED);
  g_assert_cmpstr (voisins_holiday_match_state_to_string (VOISINS_HOLIDAY_MATCH_CONFIRMED), ==,
                   "confirmed");
  /* Undo: back to where a step came from, a decline to any live step; never forward. */
  g_assert_true (voisins_holiday_match_state_can_undo (VOISINS_HOLIDAY_MATCH_HOST_CALLED,
                                                       VOISINS_HOLIDAY_MATCH_PROPOSED));
  g_assert_true (voisins_holiday_match_state_can_undo (VOISINS_HOLIDAY_MATCH_DECLINED,
                                                       VOISINS_HOLIDAY_MATCH_CONFIRMED));
  g_assert_true (voisins_holiday_match_state_can_undo (VOISINS_HOLIDAY_MATCH_DONE,
                                                       VOISINS_HOLIDAY_MATCH_CONFIRMED));
  g_assert_false (voisins_holiday_match_state_can_undo (VOISINS_HOLIDAY_MATCH_PROPOSED,
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED));
  g_assert_false (voisins_holiday_match_state_can_undo (VOISINS_HOLIDAY_MATCH_CONFIRMED,
                                                        VOISINS_HOLIDAY_MATCH_DECLINED));
  g_assert_false (voisins_holiday_match_state_can_move (VOISINS_HOLIDAY_MATCH_DECLINED,
                                                        VOISINS_HOLIDAY_MATCH_CONFIRMED));
  {
    g_autofree char *st = voisins_holiday_street_of ("12bis rue de Charenton");
    g_autoptr(VoisinsHolidayCampaign) c = voisins_holiday_campaign_new_default (2024);

    g_assert_cmpstr (st, ==, "rue de Charenton");
    g_assert_cmpuint (c->slots->len, ==, 4);
    g_assert_cmpint (voisins_holiday_campaign_purge_date (c), >,
                     voisins_holiday_campaign_get_slot (c, VOISINS_HOLIDAY_SLOT_JAN01_LUNCH)->starts_at);
  }
}

/* }}} */
/* {{{ store */

typedef struct
{
  char         *dir;
  VoisinsStore *store;
  VoisinsDemo  *demo;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data_dir = voisins_demo_find_data_dir ();
  VoisinsDemoOptions options = { .seed = 42, .data_dir = data_dir };

  f->dir = g_dir_make_tmp ("voisins-holiday-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  f->demo = voisins_demo_generate (&options, &error);
  g_assert_no_error (error);
  voisins_demo_import (f->demo, f->store, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "store.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  voisins_store_close (f->store);
  g_clear_object (&f->store);
  voisins_demo_free (f->demo);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static const char *
assoc_id (Fixture *f)
{
  return voisins_association_get_id (f->demo->association);
}

static void
test_store_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  VoisinsHolidayDashboard d;
  gint64 t0;

  t0 = g_get_monotonic_time ();
  plan = voisins_store_plan_holiday (f->store, assoc_id (f), &error);
  g_assert_no_error (error);
  g_test_message ("demo: %u hosts, %u guests, plan places %u in %.1f ms",
                  f->demo->hosts->len, f->demo->guests->len, plan->len,
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (plan->len * 10, >=, f->demo->guests->len * 7);  /* most guests */

  /* Proposing the whole plan goes through the local capacity check without a refusal. */
  for (guint k = 0; k < plan->len; k++)
    {
      VoisinsHolidaySuggestion *s = g_ptr_array_index (plan, k);
      g_autofree char *id = voisins_store_propose_holiday_match (f->store, s->host_id, s->guest_id,
                                                                 s->slot, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  g_assert_true (voisins_store_get_holiday_dashboard (f->store, assoc_id (f), &d, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (d.guests, ==, f->demo->guests->len);
  g_assert_cmpuint (d.hosts, ==, f->demo->hosts->len);
  g_assert_cmpuint (d.guests_placed, ==, plan->len);
  g_assert_cmpuint (d.guests_waiting, ==, d.guests - plan->len);
  g_assert_cmpuint (d.seats_taken, ==, plan->len);
  g_assert_cmpuint (d.by_state[VOISINS_HOLIDAY_MATCH_PROPOSED], ==, plan->len);
  g_assert_cmpuint (d.seats_left, ==, d.seats_total - plan->len);

  /* A second plan only adds guests still waiting, never beyond the seats. */
  g_clear_pointer (&plan, g_ptr_array_unref);
  plan = voisins_store_plan_holiday (f->store, assoc_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->len, ==, 0);

  hosts = voisins_store_list_holiday_hosts (f->store, assoc_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hosts->len, ==, f->demo->hosts->len);
  for (guint i = 0; i < hosts->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (hosts, i);
      g_assert_nonnull (p->host);
      g_assert_nonnull (p->name);
      g_assert_true (p->street == NULL || !g_ascii_isdigit (p->street[0]));
    }
}

static void
test_store_commands (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VoisinsHolidayHost *demo_host = g_ptr_array_index (f->demo->hosts, 0);
  VoisinsHolidayGuest *demo_guest = NULL;
  g_autoptr(GPtrArray) sugg = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *match_id = NULL;
  g_autofree char *second = NULL;
  VoisinsHolidayHost host = *demo_host;
  VoisinsHolidaySuggestion *s;
  VoisinsHolidayDashboard d;
  VoisinsHolidayPurgeCounts preview, purged;
  guint pending;

  /* A guest with a suggestion. */
  for (guint j = 0; j < f->demo->guests->len && sugg == NULL; j++)
    {
      VoisinsHolidayGuest *g = g_ptr_array_index (f->demo->guests, j);
      g_autoptr(GPtrArray) list = voisins_store_suggest_holiday_hosts (f->store, g->id, 5, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (list->len, <=, 5);
      if (list->len > 0)
        {
          demo_guest = g;
          sugg = g_steal_pointer (&list);
        }
    }
  g_assert_nonnull (sugg);
  s = g_ptr_array_index (sugg, 0);

  /* Saving a host: row + outbox in one go, exact server args. */
  pending = voisins_store_count_pending (f->store, NULL);
  host.seats = 1;
  g_assert_true (voisins_store_save_holiday_host (f->store, &host, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 1);
  outbox = voisins_store_peek_outbox (f->store, 1000, 1 << 24, &error);
  g_assert_no_error (error);
  {
    VoisinsOutboxEntry *e = g_ptr_array_index (outbox, outbox->len - 1);
    g_assert_cmpstr (e->name, ==, "holiday.host.put");
    g_assert_cmpstr (e->entity_id, ==, host.id);
    g_assert_nonnull (strstr (e->args, "\"seats\":1"));
    g_assert_null (strstr (e->args, "\"version\""));
    /* An edit of a row the server has says which version it was made on. */
    if (demo_host->version > 0)
      {
        g_autofree char *base = g_strdup_printf ("\"base_version\":%" G_GINT64_FORMAT,
                                                 demo_host->version);

        g_assert_nonnull (strstr (e->args, base));
      }
    else
      g_assert_null (strstr (e->args, "base_version"));
  }
  /* A second edit before the sync folds into the first put (else the second would be stale
   * once the first is applied). */
  host.seats = 2;
  g_assert_true (voisins_store_save_holiday_host (f->store, &host, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 1);
  g_clear_pointer (&outbox, g_ptr_array_unref);
  outbox = voisins_store_peek_outbox (f->store, 1000, 1 << 24, &error);
  {
    VoisinsOutboxEntry *e = g_ptr_array_index (outbox, outbox->len - 1);
    g_assert_cmpstr (e->entity_id, ==, host.id);
    g_assert_nonnull (strstr (e->args, "\"seats\":2"));
  }
  host.seats = 1;
  g_assert_true (voisins_store_save_holiday_host (f->store, &host, &error));
  g_assert_no_error (error);

  /* An invalid one writes nothing. */
  host.seats = 0;
  g_assert_false (voisins_store_save_holiday_host (f->store, &host, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 1);

  /* Propose the best suggestion, then fill the table and see the refusal. */
  match_id = voisins_store_propose_holiday_match (f->store, s->host_id, s->guest_id, s->slot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 2);
  second = voisins_store_propose_holiday_match (f->store, s->host_id, s->guest_id, s->slot, &error);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_assert_null (second);
  g_clear_error (&error);
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 2);

  /* No suggestion for a slot the guest already has. */
  {
    guint taken_slot = s->slot;

    g_clear_pointer (&sugg, g_ptr_array_unref);
    s = NULL;
    sugg = voisins_store_suggest_holiday_hosts (f->store, demo_guest->id, 0, &error);
    for (guint k = 0; k < sugg->len; k++)
      g_assert_cmpuint (((VoisinsHolidaySuggestion *) g_ptr_array_index (sugg, k))->slot, !=, taken_slot);
  }

  calls = voisins_store_list_holiday_calls (f->store, assoc_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (((VoisinsHolidayMatch *) g_ptr_array_index (calls, 0))->id, ==, match_id);
  g_assert_nonnull (((VoisinsHolidayMatch *) g_ptr_array_index (calls, 0))->guest_name);

  /* Follow-up. */
  g_assert_true (voisins_store_set_holiday_match_state (f->store, match_id,
                                                        VOISINS_HOLIDAY_MATCH_HOST_CALLED, &error));
  g_assert_false (voisins_store_set_holiday_match_state (f->store, match_id,
                                                         VOISINS_HOLIDAY_MATCH_PROPOSED, &error));
  g_clear_error (&error);
  {
    g_autoptr(VoisinsMember) gm = voisins_store_get_member (f->store, demo_guest->member_id, NULL);
    VoisinsHolidayPurgeCounts before, after, after_hidden;
    g_autoptr(VoisinsHolidayContact) hidden = NULL;
    g_autoptr(VoisinsHolidayContact) c = NULL;

    /* The host said yes: whoever follows the match now calls the guest, and sees the
     * guest's phone alone, logged. */
    g_assert_true (voisins_store_preview_holiday_purge (f->store, assoc_id (f), &before, &error));
    c = voisins_store_get_holiday_contact (f->store, demo_guest->member_id, match_id, TRUE,
                                           "tester", &error);
    g_assert_no_error (error);
    g_assert_false (c->revealed);  /* not confirmed yet */
    g_assert_null (c->address);
    g_assert_true (voisins_store_preview_holiday_purge (f->store, assoc_id (f), &after, &error));
    g_assert_nonnull (gm);
    if (voisins_member_get_phone (gm) != NULL && *voisins_member_get_phone (gm) != '\0')
      {
        g_assert_cmpstr (c->phone, ==, voisins_member_get_phone (gm));
        g_assert_cmpuint (after.reveals, ==, before.reveals + 1);
      }
    /* Without asking to reveal: no phone, nothing logged. */
    hidden = voisins_store_get_holiday_contact (f->store, demo_guest->member_id, match_id, FALSE,
                                                "tester", &error);
    g_assert_no_error (error);
    g_assert_null (hidden->phone);
    g_assert_true (voisins_store_preview_holiday_purge (f->store, assoc_id (f), &after_hidden,
                                                        &error));
    g_assert_cmpuint (after_hidden.reveals, ==, after.reveals);
  }
  g_assert_true (voisins_store_set_holiday_match_state (f->store, match_id,
                                                        VOISINS_HOLIDAY_MATCH_CONFIRMED, &error));
  g_assert_no_error (error);
  {
    g_autoptr(VoisinsHolidayContact) c = voisins_store_get_holiday_contact (f->store, demo_guest->member_id,
                                                                            match_id, TRUE, "tester", &error);
    g_autoptr(VoisinsHolidayContact) c2 = voisins_store_get_holiday_contact (f->store, demo_guest->member_id,
                                                                             match_id, FALSE, "tester", &error);
    g_assert_no_error (error);
    g_assert_true (c->revealed);
    g_assert_nonnull (c->address);
    g_assert_false (c2->revealed);
    g_assert_null (c2->address);
  }
  g_assert_cmpuint (voisins_store_count_pending (f->store, NULL), ==, pending + 4);
  g_clear_pointer (&outbox, g_ptr_array_unref);
  outbox = voisins_store_peek_outbox (f->store, 1000, 1 << 24, &error);
  {
    VoisinsOutboxEntry *e = g_ptr_array_index (outbox, outbox->len - 1);
    g_assert_cmpstr (e->name, ==, "holiday.match.set_state");
    g_assert_nonnull (strstr (e->args, "\"confirmed\""));
  }

  g_assert_true (voisins_store_get_holiday_dashboard (f->store, assoc_id (f), &d, &error));
  g_assert_cmpuint (d.by_state[VOISINS_HOLIDAY_MATCH_CONFIRMED], ==, 1);
  g_assert_cmpuint (d.guests_placed, ==, 1);

  /* Declined: the guest is back in the pool. */
  g_assert_true (voisins_store_set_holiday_match_state (f->store, match_id,
                                                        VOISINS_HOLIDAY_MATCH_DECLINED, &error));
  g_assert_true (voisins_store_get_holiday_dashboard (f->store, assoc_id (f), &d, &error));
  g_assert_cmpuint (d.guests_placed, ==, 0);
  g_assert_cmpuint (d.seats_taken, ==, 0);

  /* Purge: the preview counts what goes; rows with pending edits stay. */
  g_assert_true (voisins_store_preview_holiday_purge (f->store, assoc_id (f), &preview, &error));
  g_assert_true (voisins_store_purge_holiday (f->store, assoc_id (f), &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&preview, sizeof preview, &purged, sizeof purged);
  g_assert_cmpuint (purged.hosts, ==, f->demo->hosts->len - 1);
  g_assert_cmpuint (purged.reveals, ==, 2);  /* the guest’s phone when host-called, the address */
  g_assert_cmpuint (voisins_store_count_holiday_hosts (f->store, NULL), ==, 1);
  g_assert_true (voisins_store_preview_holiday_purge (f->store, assoc_id (f), &preview, &error));
  g_assert_cmpuint (preview.hosts + preview.guests + preview.matches + preview.reveals, ==, 0);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/holiday/match/random-vs-brute-force", test_random_vs_brute);
  g_test_add_func ("/holiday/match/reasons", test_reasons);
  g_test_add ("/holiday/store/plan", Fixture, NULL, fixture_set_up, test_store_plan,
              fixture_tear_down);
  g_test_add ("/holiday/store/commands", Fixture, NULL, fixture_set_up, test_store_commands,
              fixture_tear_down);

  return g_test_run ();
}
