/* voisins-help-match.c: ranked helpers for an open request, with their reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A helper is a member with an open offer of the request's category: that is the one hard
 * rule, so that "no suggestion" means "nobody offers this", something a coordinator can act
 * on. Everything else is soft and said in the reason, because a volunteer on the phone
 * decides: a helper 2 km away who speaks the person's language may be the right call.
 *   nearness          0 .. 35  (35 within 300 m, then 1 point less per 100 m; 10 unknown)
 *   language shared   20       (French counts; a rarer one is named in the reason)
 *   dates             20 when an offer covers the request's dates, 10 when either has none
 *   offer             25       (every candidate has it)
 *   this month        -8 per help already asked of her (declined ones are not counted),
 *                     so that the same generous neighbour is not asked every time
 */
#define G_LOG_DOMAIN "voisins-help"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-geo.h"
#include "voisins-help-match.h"
#include "voisins-holiday-match.h"

void
voisins_help_suggestion_free (VoisinsHelpSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->helper_id);
  g_free (suggestion->reason);
  g_free (suggestion);
}

void
voisins_help_free (VoisinsHelp *help)
{
  if (help == NULL)
    return;
  g_free (help->id);
  g_free (help->association_id);
  g_free (help->post_id);
  g_free (help->helper_id);
  g_free (help->member_id);
  g_free (help->follower_id);
  g_free (help->state);
  g_free (help);
}

static int
state_rank (const char *state)
{
  static const char *order[] = { "proposed", "accepted", "done", "declined" };

  for (guint i = 0; state && i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (state, order[i]))
      return (int) i;
  return -1;
}

gboolean
voisins_help_state_is_valid (const char *state)
{
  return state_rank (state) >= 0;
}

gboolean
voisins_help_state_is_live (const char *state)
{
  int rank = state_rank (state);

  return rank == 0 || rank == 1;
}

gboolean
voisins_help_state_can_move (const char *from,
                             const char *to)
{
  int f = state_rank (from), t = state_rank (to);

  if (f < 0 || t < 0 || !voisins_help_state_is_live (from))
    return FALSE;
  return t == 3 || t == f + 1;
}

typedef struct
{
  char   *id;
  char   *languages;
  double  lat;
  double  lon;
} Member;

typedef struct
{
  char            *member_id;
  VoisinsCategory  category;
  gint64           starts_at;
  gint64           ends_at;
} Offer;

typedef struct
{
  char   *post_id;
  char   *helper_id;
  gint64  created_at;
} Help;

struct _VoisinsHelpMatcher
{
  GHashTable *members;  /* id -> Member */
  GArray     *offers;   /* Offer */
  GArray     *helps;    /* Help */
};

static void
member_free (gpointer data)
{
  Member *m = data;

  g_free (m->id);
  g_free (m->languages);
  g_free (m);
}

static void
offer_clear (gpointer data)
{
  Offer *o = data;

  g_free (o->member_id);
}

static void
help_clear (gpointer data)
{
  Help *h = data;

  g_free (h->post_id);
  g_free (h->helper_id);
}

VoisinsHelpMatcher *
voisins_help_matcher_new (void)
{
  VoisinsHelpMatcher *self = g_new0 (VoisinsHelpMatcher, 1);

  self->members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, member_free);
  self->offers = g_array_new (FALSE, TRUE, sizeof (Offer));
  g_array_set_clear_func (self->offers, offer_clear);
  self->helps = g_array_new (FALSE, TRUE, sizeof (Help));
  g_array_set_clear_func (self->helps, help_clear);
  return self;
}

void
voisins_help_matcher_free (VoisinsHelpMatcher *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->members);
  g_array_unref (self->offers);
  g_array_unref (self->helps);
  g_free (self);
}

void
voisins_help_matcher_add_member (VoisinsHelpMatcher *self,
                                 const char         *member_id,
                                 const char         *languages,
                                 double              lat,
                                 double              lon)
{
  Member *m;

  g_return_if_fail (self != NULL);
  g_return_if_fail (member_id != NULL);

  m = g_new0 (Member, 1);
  m->id = g_strdup (member_id);
  m->languages = g_strdup (languages);
  m->lat = lat;
  m->lon = lon;
  /* The key is the member's own id string, so replace (not insert) keeps them together. */
  g_hash_table_replace (self->members, m->id, m);
}

void
voisins_help_matcher_add_offer (VoisinsHelpMatcher *self,
                                const char         *member_id,
                                VoisinsCategory     category,
                                gint64              starts_at,
                                gint64              ends_at)
{
  Offer o = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (member_id != NULL);

  o.member_id = g_strdup (member_id);
  o.category = category;
  o.starts_at = starts_at;
  o.ends_at = ends_at;
  g_array_append_val (self->offers, o);
}

void
voisins_help_matcher_add_help (VoisinsHelpMatcher *self,
                               const char         *post_id,
                               const char         *helper_id,
                               gint64              created_at)
{
  Help h = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (helper_id != NULL);

  h.post_id = g_strdup (post_id);
  h.helper_id = g_strdup (helper_id);
  h.created_at = created_at;
  g_array_append_val (self->helps, h);
}

/* An open-ended range (an end of 0) lasts the day it starts: a request "on Saturday". */
static gboolean
ranges_overlap (gint64 a_start,
                gint64 a_end,
                gint64 b_start,
                gint64 b_end)
{
  if (a_end <= a_start)
    a_end = a_start + 24 * 3600;
  if (b_end <= b_start)
    b_end = b_start + 24 * 3600;
  return a_start < b_end && b_start < a_end;
}

typedef enum
{
  DATES_UNKNOWN,
  DATES_FREE,
  DATES_BUSY,
} Dates;

static guint
rounded_distance (const VoisinsHelpRequest *request,
                  const Member             *m)
{
  double d;

  if ((request->lat == 0 && request->lon == 0) || (m->lat == 0 && m->lon == 0))
    return G_MAXUINT;
  d = voisins_geo_distance (request->lat, request->lon, m->lat, m->lon);
  return (guint) (floor ((d + 25.0) / 50.0) * 50.0);
}

static char *
distance_text (guint distance)
{
  if (distance < 1000)
    return g_strdup_printf (_("%u m"), distance);
  return g_strdup_printf (_("%.1f km"), distance / 1000.0);
}

/* The languages of @request that @helper speaks, in the request's order, French last
 * (it goes without saying in the quartier; the others are worth a mention). */
static GPtrArray *
shared_languages (const char *request,
                  const char *helper)
{
  g_autoptr(GPtrArray) shared = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) codes = g_strsplit ((request && request[0]) ? request : "fr", ",", -1);
  gboolean french = FALSE;

  for (guint i = 0; codes[i]; i++)
    {
      char *code = g_strstrip (codes[i]);

      if (code[0] == '\0' || !voisins_holiday_languages_intersect (code, helper))
        continue;
      if (g_ascii_strcasecmp (code, "fr") == 0)
        french = TRUE;
      else
        g_ptr_array_add (shared, g_ascii_strdown (code, -1));
    }
  if (french)
    g_ptr_array_add (shared, g_strdup ("fr"));
  return g_steal_pointer (&shared);
}

static char *
month_text (guint helped)
{
  if (helped == 0)
    return g_strdup (_("not asked yet this month"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "already asked once this month",
                                       "already asked %u times this month", helped),
                          helped);
}

static VoisinsHelpSuggestion *
suggestion_new (VoisinsHelpMatcher       *self,
                const VoisinsHelpRequest *request,
                const Member             *m,
                Dates                     dates,
                gint64                    month_start)
{
  VoisinsHelpSuggestion *s = g_new0 (VoisinsHelpSuggestion, 1);
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shared = shared_languages (request->languages, m->languages);
  int score = 25;

  s->helper_id = g_strdup (m->id);
  s->distance_m = rounded_distance (request, m);
  for (guint i = 0; i < self->helps->len; i++)
    {
      const Help *h = &g_array_index (self->helps, Help, i);

      if (g_str_equal (h->helper_id, m->id) && h->created_at >= month_start)
        s->helped_this_month++;
    }

  g_ptr_array_add (facts, g_strdup (_("offers this kind of help")));

  if (s->distance_m == G_MAXUINT)
    {
      score += 10;
      g_ptr_array_add (facts, g_strdup (_("distance unknown")));
    }
  else
    {
      g_autofree char *d = distance_text (s->distance_m);

      score += CLAMP (35 - ((int) s->distance_m - 300) / 100, 0, 35);
      g_ptr_array_add (facts, g_strdup_printf (_("%s away"), d));
    }

  if (shared->len == 0)
    g_ptr_array_add (facts, g_strdup (_("no language in common")));
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);

      score += 20;
      for (guint i = 0; i < shared->len; i++)
        {
          if (i > 0)
            g_string_append (names, _(", "));
          g_string_append (names, voisins_holiday_language_name (shared->pdata[i]));
        }
      g_ptr_array_add (facts, g_strdup_printf (_("speaks %s"), names->str));
    }

  switch (dates)
    {
    case DATES_FREE:
      score += 20;
      g_ptr_array_add (facts, g_strdup (_("available on those dates")));
      break;
    case DATES_BUSY:
      g_ptr_array_add (facts, g_strdup (_("offers other dates only")));
      break;
    case DATES_UNKNOWN:
    default:
      score += 10;
      break;
    }

  score -= 8 * (int) MIN (s->helped_this_month, 10);
  g_ptr_array_add (facts, month_text (s->helped_this_month));

  s->score = CLAMP (score, 0, VOISINS_HELP_MAX_SCORE);
  g_ptr_array_add (facts, NULL);
  s->reason = g_strjoinv (_("; "), (char **) facts->pdata);
  return s;
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const VoisinsHelpSuggestion *sa = *(VoisinsHelpSuggestion *const *) a;
  const VoisinsHelpSuggestion *sb = *(VoisinsHelpSuggestion *const *) b;

  if (sa->score != sb->score)
    return sb->score - sa->score;
  if (sa->distance_m != sb->distance_m)
    return sa->distance_m < sb->distance_m ? -1 : 1;
  return strcmp (sa->helper_id, sb->helper_id);
}

static gint64
month_start_of (gint64 now)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) start = NULL;

  if (t == NULL)
    return 0;
  start = g_date_time_new_local (g_date_time_get_year (t), g_date_time_get_month (t), 1,
                                 0, 0, 0);
  return start ? g_date_time_to_unix (start) : 0;
}

GPtrArray *
voisins_help_matcher_suggest (VoisinsHelpMatcher       *self,
                              const VoisinsHelpRequest *request,
                              gint64                    now,
                              guint                     max_results)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func
    ((GDestroyNotify) voisins_help_suggestion_free);
  g_autoptr(GHashTable) dates = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 month_start = month_start_of (now);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  /* The best date answer of each member's open offers of this category. */
  for (guint i = 0; i < self->offers->len; i++)
    {
      const Offer *o = &g_array_index (self->offers, Offer, i);
      Dates d, best;

      if (o->category != request->category)
        continue;
      if (request->starts_at == 0 || o->starts_at == 0)
        d = DATES_UNKNOWN;
      else if (ranges_overlap (request->starts_at, request->ends_at, o->starts_at, o->ends_at))
        d = DATES_FREE;
      else
        d = DATES_BUSY;
      best = GPOINTER_TO_UINT (g_hash_table_lookup (dates, o->member_id));
      /* Stored + 1 so that 0 is "no offer"; FREE beats UNKNOWN beats BUSY. */
      if (best == 0 || d == DATES_FREE || (d == DATES_UNKNOWN && best - 1 == DATES_BUSY))
        g_hash_table_insert (dates, o->member_id, GUINT_TO_POINTER (d + 1));
    }

  g_hash_table_iter_init (&iter, dates);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Member *m = g_hash_table_lookup (self->members, key);
      gboolean already = FALSE;

      /* An offer of someone not (or no longer) a member: nobody to call. */
      if (m == NULL)
        continue;
      if (request->member_id && g_str_equal (request->member_id, m->id))
        continue;
      for (guint i = 0; i < self->helps->len && request->post_id; i++)
        {
          const Help *h = &g_array_index (self->helps, Help, i);

          if (h->post_id && g_str_equal (h->post_id, request->post_id)
              && g_str_equal (h->helper_id, m->id))
            already = TRUE;
        }
      if (already)
        continue;
      g_ptr_array_add (out, suggestion_new (self, request, m,
                                            GPOINTER_TO_UINT (value) - 1, month_start));
    }

  g_ptr_array_sort (out, compare_suggestions);
  if (max_results > 0 && out->len > max_results)
    g_ptr_array_set_size (out, max_results);
  return g_steal_pointer (&out);
}
