/* voisins-holiday-match.c: campaign description, suggestions and the min-cost max-flow plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan is a min-cost max-flow over
 *   source -> guest (1) -> (host, slot) (1, cost MAX_SCORE - score) -> sink (seats left)
 * solved by the primal-dual method: Dijkstra with potentials (all reduced costs stay
 * non-negative) gives the shortest augmenting distance, then a Dinic blocking flow pushes
 * every unit along the zero-reduced-cost edges at once. The flow value (guests placed) is
 * maximal, and among maximal flows the cost is minimal, i.e. the total score is maximal,
 * because every placement costs MAX_SCORE - score. Costs are integers and the graph is
 * built from hosts and guests sorted by id, so the same input gives the same plan.
 * Complexity: O(P * (E log V + E sqrt V)) for P phases (distinct shortest-path lengths,
 * a few dozen in practice), E ~ feasible (guest, host, slot) triples.
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-geo.h"
#include "voisins-holiday-match.h"

/* {{{ records */

void
voisins_holiday_suggestion_free (VoisinsHolidaySuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->host_id);
  g_free (suggestion->guest_id);
  g_free (suggestion->reason);
  g_free (suggestion);
}

/* }}} */
/* {{{ rules */

/* Empty or missing languages: French, the quartier's common language. */
static gboolean
language_list_has (const char *list,
                   const char *code,
                   gsize       len)
{
  const char *p = (list == NULL || list[0] == '\0') ? "fr" : list;

  while (*p)
    {
      const char *end = strchr (p, ',');
      gsize n = end ? (gsize) (end - p) : strlen (p);

      while (n > 0 && *p == ' ')
        p++, n--;
      while (n > 0 && p[n - 1] == ' ')
        n--;
      if (n == len && g_ascii_strncasecmp (p, code, len) == 0)
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }
  return FALSE;
}

gboolean
voisins_holiday_languages_intersect (const char *a,
                                     const char *b)
{
  const char *p = (a == NULL || a[0] == '\0') ? "fr" : a;

  while (*p)
    {
      const char *end = strchr (p, ',');
      gsize n = end ? (gsize) (end - p) : strlen (p);

      while (n > 0 && *p == ' ')
        p++, n--;
      while (n > 0 && p[n - 1] == ' ')
        n--;
      if (n > 0 && language_list_has (b, p, n))
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }
  return FALSE;
}

gboolean
voisins_holiday_is_feasible (const VoisinsHolidayHost  *host,
                             const VoisinsHolidayGuest *guest,
                             guint                      slot)
{
  g_return_val_if_fail (host != NULL && guest != NULL, FALSE);

  if (slot == 0 || !(host->slots & guest->slots & slot) || host->seats == 0)
    return FALSE;
  if (host->member_id && guest->member_id && g_str_equal (host->member_id, guest->member_id))
    return FALSE;
  if (guest->no_stairs && !host->step_free)
    return FALSE;
  if ((guest->diets & ~host->diets) != 0)
    return FALSE;
  if (guest->pet_allergy && host->pets)
    return FALSE;
  return voisins_holiday_languages_intersect (host->languages, guest->languages);
}

char *
voisins_holiday_street_of (const char *address)
{
  const char *p = address;

  if (address == NULL)
    return NULL;
  while (*p == ' ')
    p++;
  if (g_ascii_isdigit (*p))
    {
      static const char *indexes[] = { "bis", "ter", "quater", "quinquies", NULL };

      while (*p && *p != ' ' && *p != ',')
        p++;
      while (*p == ' ' || *p == ',')
        p++;

      /* The number's repetition index goes with it: "12 bis rue …", "7 b rue …". */
      for (guint i = 0; indexes[i]; i++)
        {
          gsize len = strlen (indexes[i]);

          if (g_ascii_strncasecmp (p, indexes[i], len) == 0 && (p[len] == ' ' || p[len] == ','))
            {
              p += len;
              break;
            }
        }
      if (g_ascii_isalpha (p[0]) && (p[1] == ' ' || p[1] == ','))
        p += 1;
      while (*p == ' ' || *p == ',')
        p++;
    }
  return g_strdup (*p ? p : address);
}

const char *
voisins_holiday_language_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "fr", N_("French") }, { "en", N_("English") }, { "pt", N_("Portuguese") },
    { "es", N_("Spanish") }, { "it", N_("Italian") }, { "ar", N_("Arabic") },
    { "tr", N_("Turkish") }, { "zh", N_("Chinese") }, { "vi", N_("Vietnamese") },
    { "de", N_("German") }, { "pl", N_("Polish") }, { "ru", N_("Russian") },
    { "ro", N_("Romanian") }, { "wo", N_("Wolof") }, { "ta", N_("Tamil") },
    { "uk", N_("Ukrainian") },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (code, names[i].code) == 0)
      return _(names[i].name);
  return code;
}

/* }}} */
/* {{{ matcher */

#define RARE_LANGUAGE (G_GUINT64_CONSTANT (1) << 63)
#define FRENCH_BIT    (G_GUINT64_CONSTANT (1) << 0)

typedef struct
{
  VoisinsHolidayHost *h;
  double              lat;
  double              lon;
  char               *street;
  guint64             langs;
  guint               order;
} MHost;

typedef struct
{
  VoisinsHolidayGuest *g;
  double               lat;
  double               lon;
  char                *street;
  guint64              langs;
  guint                taken_slots;   /* slots where the guest already has a live match */
  guint                order;
} MGuest;

typedef struct
{
  char  *host_id;
  char  *guest_id;
  guint  slot;
} Taken;

struct _VoisinsHolidayMatcher
{
  GPtrArray  *hosts;        /* MHost */
  GPtrArray  *guests;       /* MGuest */
  GArray     *taken;        /* Taken */
  GHashTable *lang_bits;    /* code -> bit index + 1 */
  guint       n_lang_bits;

  /* Built by prepare () */
  gboolean    prepared;
  GHashTable *host_index;   /* id -> index + 1 */
  GHashTable *guest_index;
  int        *seats_left;   /* hosts->len * 32 */
};

static void
mhost_free (gpointer data)
{
  MHost *m = data;

  voisins_holiday_host_free (m->h);
  g_free (m->street);
  g_free (m);
}

static void
mguest_free (gpointer data)
{
  MGuest *m = data;

  voisins_holiday_guest_free (m->g);
  g_free (m->street);
  g_free (m);
}

static void
taken_clear (gpointer data)
{
  Taken *t = data;

  g_free (t->host_id);
  g_free (t->guest_id);
}

VoisinsHolidayMatcher *
voisins_holiday_matcher_new (void)
{
  VoisinsHolidayMatcher *self = g_new0 (VoisinsHolidayMatcher, 1);

  self->hosts = g_ptr_array_new_with_free_func (mhost_free);
  self->guests = g_ptr_array_new_with_free_func (mguest_free);
  self->taken = g_array_new (FALSE, TRUE, sizeof (Taken));
  g_array_set_clear_func (self->taken, taken_clear);
  self->lang_bits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->lang_bits, g_strdup ("fr"), GUINT_TO_POINTER (1));
  self->n_lang_bits = 1;
  return self;
}

static void
unprepare (VoisinsHolidayMatcher *self)
{
  self->prepared = FALSE;
  g_clear_pointer (&self->host_index, g_hash_table_unref);
  g_clear_pointer (&self->guest_index, g_hash_table_unref);
  g_clear_pointer (&self->seats_left, g_free);
}

void
voisins_holiday_matcher_free (VoisinsHolidayMatcher *self)
{
  if (self == NULL)
    return;
  unprepare (self);
  g_ptr_array_unref (self->hosts);
  g_ptr_array_unref (self->guests);
  g_array_unref (self->taken);
  g_hash_table_unref (self->lang_bits);
  g_free (self);
}

static guint64
language_mask (VoisinsHolidayMatcher *self,
               const char            *list)
{
  g_auto(GStrv) codes = NULL;
  guint64 mask = 0;

  if (list == NULL || list[0] == '\0')
    return FRENCH_BIT;

  codes = g_strsplit (list, ",", -1);
  for (guint i = 0; codes[i]; i++)
    {
      g_autofree char *code = g_ascii_strdown (g_strstrip (codes[i]), -1);
      guint bit;

      if (code[0] == '\0')
        continue;
      bit = GPOINTER_TO_UINT (g_hash_table_lookup (self->lang_bits, code));
      if (bit == 0 && self->n_lang_bits < 63)
        {
          bit = ++self->n_lang_bits;
          g_hash_table_insert (self->lang_bits, g_strdup (code), GUINT_TO_POINTER (bit));
        }
      mask |= bit ? (G_GUINT64_CONSTANT (1) << (bit - 1)) : RARE_LANGUAGE;
    }
  return mask ? mask : FRENCH_BIT;
}

void
voisins_holiday_matcher_add_host (VoisinsHolidayMatcher    *self,
                                  const VoisinsHolidayHost *host,
                                  double                    lat,
                                  double                    lon,
                                  const char               *street)
{
  MHost *m;

  g_return_if_fail (self != NULL && host != NULL && host->id != NULL);

  m = g_new0 (MHost, 1);
  m->h = g_memdup2 (host, sizeof *host);
  m->h->id = g_strdup (host->id);
  m->h->association_id = g_strdup (host->association_id);
  m->h->member_id = g_strdup (host->member_id);
  m->h->languages = g_strdup (host->languages);
  m->h->notes = NULL;
  m->h->phone = NULL;
  m->lat = lat;
  m->lon = lon;
  m->street = g_strdup (street);
  m->langs = language_mask (self, host->languages);
  m->order = self->hosts->len;
  g_ptr_array_add (self->hosts, m);
  unprepare (self);
}

void
voisins_holiday_matcher_add_guest (VoisinsHolidayMatcher     *self,
                                   const VoisinsHolidayGuest *guest,
                                   double                     lat,
                                   double                     lon,
                                   const char                *street)
{
  MGuest *m;

  g_return_if_fail (self != NULL && guest != NULL && guest->id != NULL);

  m = g_new0 (MGuest, 1);
  m->g = g_memdup2 (guest, sizeof *guest);
  m->g->id = g_strdup (guest->id);
  m->g->association_id = g_strdup (guest->association_id);
  m->g->member_id = g_strdup (guest->member_id);
  m->g->languages = g_strdup (guest->languages);
  m->g->notes = NULL;
  m->g->street = NULL;
  m->g->phone = NULL;
  m->lat = lat;
  m->lon = lon;
  m->street = g_strdup (street);
  m->langs = language_mask (self, guest->languages);
  m->order = self->guests->len;
  g_ptr_array_add (self->guests, m);
  unprepare (self);
}

void
voisins_holiday_matcher_add_taken (VoisinsHolidayMatcher *self,
                                   const char            *host_id,
                                   const char            *guest_id,
                                   guint                  slot)
{
  Taken t = { g_strdup (host_id), g_strdup (guest_id), slot };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->taken, t);
  unprepare (self);
}

static int
compare_hosts (gconstpointer a,
               gconstpointer b)
{
  const MHost *x = *(MHost **) a, *y = *(MHost **) b;
  int c = strcmp (x->h->id, y->h->id);

  return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int
compare_guests (gconstpointer a,
                gconstpointer b)
{
  const MGuest *x = *(MGuest **) a, *y = *(MGuest **) b;
  int c = strcmp (x->g->id, y->g->id);

  return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void
prepare (VoisinsHolidayMatcher *self)
{
  if (self->prepared)
    return;

  /* Sorted by id: the same rows in any order give the same graph, the same plan. */
  g_ptr_array_sort (self->hosts, compare_hosts);
  g_ptr_array_sort (self->guests, compare_guests);

  self->host_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->guest_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->seats_left = g_new0 (int, (gsize) MAX (self->hosts->len, 1) * 32);

  for (guint i = 0; i < self->hosts->len; i++)
    {
      MHost *m = g_ptr_array_index (self->hosts, i);

      g_hash_table_insert (self->host_index, m->h->id, GUINT_TO_POINTER (i + 1));
      for (guint b = 0; b < 32; b++)
        self->seats_left[i * 32 + b] = (m->h->slots & (1u << b)) ? (int) m->h->seats : 0;
    }
  for (guint i = 0; i < self->guests->len; i++)
    {
      MGuest *m = g_ptr_array_index (self->guests, i);

      m->taken_slots = 0;
      g_hash_table_insert (self->guest_index, m->g->id, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < self->taken->len; i++)
    {
      Taken *t = &g_array_index (self->taken, Taken, i);
      guint hi = t->host_id ? GPOINTER_TO_UINT (g_hash_table_lookup (self->host_index, t->host_id)) : 0;
      guint gi = t->guest_id ? GPOINTER_TO_UINT (g_hash_table_lookup (self->guest_index, t->guest_id)) : 0;

      if (t->slot == 0 || (t->slot & (t->slot - 1)) != 0)
        continue;
      if (hi > 0)
        self->seats_left[(hi - 1) * 32 + g_bit_nth_lsf (t->slot, -1)]--;
      if (gi > 0)
        ((MGuest *) g_ptr_array_index (self->guests, gi - 1))->taken_slots |= t->slot;
    }

  self->prepared = TRUE;
}

static gboolean
pair_ok (VoisinsHolidayMatcher *self,
         const MHost           *mh,
         const MGuest          *mg)
{
  const VoisinsHolidayHost *h = mh->h;
  const VoisinsHolidayGuest *g = mg->g;

  (void) self;
  if (g->no_stairs && !h->step_free)
    return FALSE;
  if ((g->diets & ~h->diets) != 0)
    return FALSE;
  if (g->pet_allergy && h->pets)
    return FALSE;
  if (h->member_id && g->member_id && g_str_equal (h->member_id, g->member_id))
    return FALSE;
  if ((mh->langs & mg->langs & ~RARE_LANGUAGE) != 0)
    return TRUE;
  if ((mh->langs & mg->langs & RARE_LANGUAGE) != 0)
    return voisins_holiday_languages_intersect (h->languages, g->languages);
  return FALSE;
}

static guint
pair_distance (const MHost  *mh,
               const MGuest *mg)
{
  double d;

  if ((mh->lat == 0 && mh->lon == 0) || (mg->lat == 0 && mg->lon == 0))
    return G_MAXUINT;
  d = voisins_geo_distance (mh->lat, mh->lon, mg->lat, mg->lon);
  return (guint) (floor ((d + 25.0) / 50.0) * 50.0);
}

static gboolean
same_street (const MHost  *mh,
             const MGuest *mg)
{
  return mh->street && mg->street && g_ascii_strcasecmp (mh->street, mg->street) == 0;
}

/* The soft score; must only depend on the pair (never on the slot or seats). */
static int
pair_score (const MHost  *mh,
            const MGuest *mg,
            guint         distance)
{
  const VoisinsHolidayHost *h = mh->h;
  const VoisinsHolidayGuest *g = mg->g;
  int score = 0;

  if (distance == G_MAXUINT)
    score += 10;
  else
    score += MAX (0, 40 - (int) (distance / 50));
  if (same_street (mh, mg))
    score += 10;
  if ((mh->langs & mg->langs & ~FRENCH_BIT) != 0)
    score += 10;
  if (g->needs_fetch && h->can_fetch)
    score += 20;
  if (!g->wants_quiet || !h->children)
    score += 10;
  if ((g->diets & VOISINS_DIET_HALAL) && h->alcohol_free)
    score += 5;
  return CLAMP (score, 0, VOISINS_HOLIDAY_MAX_SCORE);
}

static char *
distance_text (guint distance)
{
  if (distance < 1000)
    return g_strdup_printf (_("%u m"), distance);
  return g_strdup_printf (_("%.1f km"), distance / 1000.0);
}

static char *
pair_reason (const MHost  *mh,
             const MGuest *mg,
             guint         distance)
{
  const VoisinsHolidayHost *h = mh->h;
  const VoisinsHolidayGuest *g = mg->g;
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) languages = g_string_new (NULL);
  g_auto(GStrv) codes = NULL;

  if (distance != G_MAXUINT)
    {
      g_autofree char *d = distance_text (distance);

      if (same_street (mh, mg))
        g_ptr_array_add (facts, g_strdup_printf (_("same street, %s"), d));
      else
        g_ptr_array_add (facts, g_strdup_printf (_("%s away"), d));
    }
  else if (same_street (mh, mg))
    g_ptr_array_add (facts, g_strdup (_("same street")));

  /* The languages they share, French last: the others are the news. */
  codes = g_strsplit (h->languages && h->languages[0] ? h->languages : "fr", ",", -1);
  for (guint i = 0; codes[i]; i++)
    {
      char *code = g_strstrip (codes[i]);

      if (code[0] == '\0' || g_ascii_strcasecmp (code, "fr") == 0 ||
          !language_list_has (g->languages, code, strlen (code)))
        continue;
      if (languages->len)
        g_string_append (languages, _(", "));
      g_string_append (languages, voisins_holiday_language_name (code));
    }
  if (languages->len == 0)
    g_string_append (languages, voisins_holiday_language_name ("fr"));
  g_ptr_array_add (facts, g_strdup_printf (_("speaks %s"), languages->str));

  if (g->no_stairs)
    g_ptr_array_add (facts, g_strdup (_("step-free")));
  if (g->diets)
    {
      static const struct { guint bit; const char *name; } diets[] = {
        { VOISINS_DIET_VEGETARIAN, N_("vegetarian") }, { VOISINS_DIET_HALAL, N_("halal") },
        { VOISINS_DIET_NO_PORK, N_("no pork") }, { VOISINS_DIET_DIABETIC, N_("diabetic") },
        { VOISINS_DIET_GLUTEN_FREE, N_("gluten-free") },
      };
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (diets); i++)
        if (g->diets & diets[i].bit)
          {
            if (list->len)
              g_string_append (list, _(", "));
            g_string_append (list, _(diets[i].name));
          }
      g_ptr_array_add (facts, g_strdup_printf (_("cooks %s"), list->str));
    }
  if (g->pet_allergy)
    g_ptr_array_add (facts, g_strdup (_("no pets")));
  if (g->needs_fetch)
    g_ptr_array_add (facts, g_strdup (h->can_fetch ? _("can fetch the guest")
                                                   : _("cannot fetch the guest")));
  if (g->wants_quiet)
    g_ptr_array_add (facts, g_strdup (h->children ? _("children at the table")
                                                  : _("quiet table")));
  if (h->alcohol_free)
    g_ptr_array_add (facts, g_strdup (_("alcohol-free")));

  g_ptr_array_add (facts, NULL);
  return g_strjoinv (_("; "), (char **) facts->pdata);
}

static VoisinsHolidaySuggestion *
make_suggestion (const MHost  *mh,
                 const MGuest *mg,
                 guint         slot)
{
  VoisinsHolidaySuggestion *s = g_new0 (VoisinsHolidaySuggestion, 1);

  s->host_id = g_strdup (mh->h->id);
  s->guest_id = g_strdup (mg->g->id);
  s->slot = slot;
  s->distance_m = pair_distance (mh, mg);
  s->score = pair_score (mh, mg, s->distance_m);
  s->reason = pair_reason (mh, mg, s->distance_m);
  return s;
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const VoisinsHolidaySuggestion *x = *(VoisinsHolidaySuggestion **) a;
  const VoisinsHolidaySuggestion *y = *(VoisinsHolidaySuggestion **) b;
  int c;

  if (x->score != y->score)
    return y->score - x->score;
  if ((c = strcmp (x->host_id, y->host_id)) != 0)
    return c;
  return (x->slot > y->slot) - (x->slot < y->slot);
}

GPtrArray *
voisins_holiday_matcher_suggest (VoisinsHolidayMatcher *self,
                                 const char            *guest_id,
                                 guint                  max_results)
{
  GPtrArray *out;
  MGuest *mg;
  guint gi;

  g_return_val_if_fail (self != NULL && guest_id != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_suggestion_free);
  prepare (self);
  gi = GPOINTER_TO_UINT (g_hash_table_lookup (self->guest_index, guest_id));
  if (gi == 0)
    return out;
  mg = g_ptr_array_index (self->guests, gi - 1);

  for (guint i = 0; i < self->hosts->len; i++)
    {
      MHost *mh = g_ptr_array_index (self->hosts, i);
      guint common = mh->h->slots & mg->g->slots & ~mg->taken_slots;

      if (common == 0 || !pair_ok (self, mh, mg))
        continue;
      for (guint b = 0; b < 32; b++)
        if ((common & (1u << b)) && self->seats_left[i * 32 + b] > 0)
          g_ptr_array_add (out, make_suggestion (mh, mg, 1u << b));
    }

  g_ptr_array_sort (out, compare_suggestions);
  if (max_results > 0 && out->len > max_results)
    g_ptr_array_set_size (out, max_results);
  return out;
}

/* Min-cost max-flow */

typedef struct
{
  int to;
  int next;
  int cap;
  int cost;
} Edge;

typedef struct
{
  GArray *edges;   /* Edge; edge e ^ 1 is its reverse */
  int    *head;
  int     n;
  gint64 *pot;
  gint64 *dist;
  int    *level;
  int    *iter;
} Flow;

static void
flow_add_edge (Flow *f,
               int   u,
               int   v,
               int   cap,
               int   cost)
{
  Edge e = { v, f->head[u], cap, cost };
  Edge r = { u, f->head[v], 0, -cost };

  f->head[u] = (int) f->edges->len;
  g_array_append_val (f->edges, e);
  f->head[v] = (int) f->edges->len;
  g_array_append_val (f->edges, r);
}

typedef struct
{
  gint64 d;
  int    v;
} HeapItem;

static void
heap_push (GArray   *heap,
           HeapItem  item)
{
  guint i;

  g_array_append_val (heap, item);
  i = heap->len - 1;
  while (i > 0)
    {
      guint p = (i - 1) / 2;
      HeapItem *a = &g_array_index (heap, HeapItem, p), *b = &g_array_index (heap, HeapItem, i);

      if (a->d < b->d || (a->d == b->d && a->v <= b->v))
        break;
      HeapItem t = *a; *a = *b; *b = t;
      i = p;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem top = g_array_index (heap, HeapItem, 0);
  guint i = 0, n;

  g_array_index (heap, HeapItem, 0) = g_array_index (heap, HeapItem, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      HeapItem *hm;

      if (l < n)
        {
          HeapItem *a = &g_array_index (heap, HeapItem, l), *b = &g_array_index (heap, HeapItem, m);
          if (a->d < b->d || (a->d == b->d && a->v < b->v))
            m = l;
        }
      if (r < n)
        {
          HeapItem *a = &g_array_index (heap, HeapItem, r), *b = &g_array_index (heap, HeapItem, m);
          if (a->d < b->d || (a->d == b->d && a->v < b->v))
            m = r;
        }
      if (m == i)
        break;
      hm = &g_array_index (heap, HeapItem, m);
      HeapItem t = *hm; *hm = g_array_index (heap, HeapItem, i); g_array_index (heap, HeapItem, i) = t;
      i = m;
    }
  return top;
}

#define INF G_MAXINT64

static gboolean
flow_dijkstra (Flow *f,
               int   s,
               int   t)
{
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  Edge *E = (Edge *) f->edges->data;

  for (int v = 0; v < f->n; v++)
    f->dist[v] = INF;
  f->dist[s] = 0;
  heap_push (heap, (HeapItem) { 0, s });
  while (heap->len > 0)
    {
      HeapItem it = heap_pop (heap);

      if (it.d > f->dist[it.v])
        continue;
      /* Every node closer than the sink is final now; the capped update below makes the
       * others' potentials valid without exploring them. */
      if (it.v == t)
        break;
      for (int e = f->head[it.v]; e >= 0; e = E[e].next)
        {
          gint64 nd;

          if (E[e].cap <= 0)
            continue;
          nd = it.d + E[e].cost + f->pot[it.v] - f->pot[E[e].to];
          if (nd < f->dist[E[e].to])
            {
              f->dist[E[e].to] = nd;
              heap_push (heap, (HeapItem) { nd, E[e].to });
            }
        }
    }

  if (f->dist[t] == INF)
    return FALSE;
  for (int v = 0; v < f->n; v++)
    f->pot[v] += MIN (f->dist[v], f->dist[t]);
  return TRUE;
}

static gboolean
admissible (Flow *f,
            int   u,
            int   e)
{
  Edge *E = (Edge *) f->edges->data;

  return E[e].cap > 0 && E[e].cost + f->pot[u] - f->pot[E[e].to] == 0;
}

static gboolean
flow_bfs (Flow *f,
          int   s,
          int   t)
{
  g_autofree int *queue = g_new (int, f->n);
  Edge *E = (Edge *) f->edges->data;
  int qh = 0, qt = 0;

  for (int v = 0; v < f->n; v++)
    f->level[v] = -1;
  f->level[s] = 0;
  queue[qt++] = s;
  while (qh < qt)
    {
      int u = queue[qh++];

      for (int e = f->head[u]; e >= 0; e = E[e].next)
        if (f->level[E[e].to] < 0 && admissible (f, u, e))
          {
            f->level[E[e].to] = f->level[u] + 1;
            queue[qt++] = E[e].to;
          }
    }
  return f->level[t] >= 0;
}

static int
flow_dfs (Flow *f,
          int   u,
          int   t,
          int   pushed)
{
  if (u == t)
    return pushed;

  for (; f->iter[u] >= 0; f->iter[u] = g_array_index (f->edges, Edge, f->iter[u]).next)
    {
      int e = f->iter[u];
      Edge *E = (Edge *) f->edges->data;
      int v = E[e].to, got;

      if (f->level[v] != f->level[u] + 1 || !admissible (f, u, e))
        continue;
      got = flow_dfs (f, v, t, MIN (pushed, E[e].cap));
      if (got > 0)
        {
          E = (Edge *) f->edges->data;
          E[e].cap -= got;
          E[e ^ 1].cap += got;
          return got;
        }
    }
  return 0;
}

static void
flow_run (Flow *f,
          int   s,
          int   t)
{
  f->pot = g_new0 (gint64, f->n);
  f->dist = g_new0 (gint64, f->n);
  f->level = g_new0 (int, f->n);
  f->iter = g_new0 (int, f->n);

  while (flow_dijkstra (f, s, t))
    {
      gboolean any = FALSE;

      while (flow_bfs (f, s, t))
        {
          int got;

          memcpy (f->iter, f->head, sizeof (int) * f->n);
          while ((got = flow_dfs (f, s, t, G_MAXINT)) > 0)
            any = TRUE;
        }
      if (!any)
        break;
    }

  g_clear_pointer (&f->pot, g_free);
  g_clear_pointer (&f->dist, g_free);
  g_clear_pointer (&f->level, g_free);
  g_clear_pointer (&f->iter, g_free);
}

GPtrArray *
voisins_holiday_matcher_plan (VoisinsHolidayMatcher *self)
{
  GPtrArray *out;
  g_autofree int *slot_node = NULL;
  g_autofree guint *node_cell = NULL;
  Flow f = { 0 };
  guint n_hosts, n_guests;
  int s, t, n_slot_nodes = 0;

  g_return_val_if_fail (self != NULL, NULL);

  prepare (self);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_suggestion_free);
  n_hosts = self->hosts->len;
  n_guests = self->guests->len;

  /* Node ids: 0 source, 1 .. G guests, then one per (host, slot) with a seat left, sink. */
  slot_node = g_new (int, (gsize) MAX (n_hosts, 1) * 32);
  node_cell = g_new (guint, (gsize) MAX (n_hosts, 1) * 32);
  for (guint i = 0; i < n_hosts; i++)
    for (guint b = 0; b < 32; b++)
      {
        slot_node[i * 32 + b] = -1;
        if (self->seats_left[i * 32 + b] > 0)
          {
            node_cell[n_slot_nodes] = i * 32 + b;
            slot_node[i * 32 + b] = (int) (1 + n_guests + n_slot_nodes++);
          }
      }
  s = 0;
  t = 1 + (int) n_guests + n_slot_nodes;
  f.n = t + 1;
  f.head = g_new (int, f.n);
  for (int v = 0; v < f.n; v++)
    f.head[v] = -1;
  f.edges = g_array_sized_new (FALSE, FALSE, sizeof (Edge), 4 * n_guests + 2 * n_slot_nodes);

  for (guint i = 0; i < n_hosts; i++)
    for (guint b = 0; b < 32; b++)
      if (slot_node[i * 32 + b] >= 0)
        flow_add_edge (&f, slot_node[i * 32 + b], t, self->seats_left[i * 32 + b], 0);

  for (guint j = 0; j < n_guests; j++)
    {
      MGuest *mg = g_ptr_array_index (self->guests, j);
      gboolean any = FALSE;

      if (mg->taken_slots != 0)
        continue;  /* already placed by a live match */
      for (guint i = 0; i < n_hosts; i++)
        {
          MHost *mh = g_ptr_array_index (self->hosts, i);
          guint common = mh->h->slots & mg->g->slots;
          int cost;

          if (common == 0 || !pair_ok (self, mh, mg))
            continue;
          cost = VOISINS_HOLIDAY_MAX_SCORE - pair_score (mh, mg, pair_distance (mh, mg));
          for (guint b = 0; b < 32; b++)
            if ((common & (1u << b)) && slot_node[i * 32 + b] >= 0)
              {
                flow_add_edge (&f, 1 + (int) j, slot_node[i * 32 + b], 1, cost);
                any = TRUE;
              }
        }
      if (any)
        flow_add_edge (&f, s, 1 + (int) j, 1, 0);
    }

  flow_run (&f, s, t);

  /* A saturated guest -> (host, slot) edge is a placement. */
  for (guint j = 0; j < n_guests; j++)
    {
      MGuest *mg = g_ptr_array_index (self->guests, j);

      for (int e = f.head[1 + j]; e >= 0; e = g_array_index (f.edges, Edge, e).next)
        {
          Edge *E = &g_array_index (f.edges, Edge, e);
          int node = E->to;

          if ((e & 1) || E->cap != 0 || node == s)
            continue;
          node -= 1 + (int) n_guests;
          g_ptr_array_add (out, make_suggestion (g_ptr_array_index (self->hosts, node_cell[node] / 32),
                                                 mg, 1u << (node_cell[node] % 32)));
        }
    }

  g_array_unref (f.edges);
  g_free (f.head);
  return out;
}

/* }}} */
