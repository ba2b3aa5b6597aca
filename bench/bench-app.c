/* bench-app.c: the Voisins app (the same code as src/app/main.c) with what benchmarks #1,
 * #4, #5 and #8 of issue 6 need, driven through the real widgets and measured with GTK's
 * frame clock. Run as `bench-app --store FILE` with VOISINS_BENCH_SCRIPT set to:
 *
 *   first-frame  process start to the first painted frame showing rows of the list;
 *                prints "first-frame ms=M" and exits
 *   search       after the first frame, for each line of $VOISINS_BENCH_QUERIES, types it
 *                into the search entry (all but the last letter first, settled: the list
 *                shows all its matches), then the last letter as one keystroke; prints "search ms=M" from the entry's "search-changed" to
 *                the end of the first frame painted after the list was updated, and
 *                "search-delay ms=M" from the keystroke to "search-changed" (the entry's
 *                own typing delay, by design)
 *   pan          shows the map, waits for the posts to be drawn, then pans the view a
 *                little every frame for $VOISINS_BENCH_FRAMES frames (300); prints
 *                "frame ms=M", the time GTK spent on each frame (before-paint to
 *                after-paint)
 *   pan-plain    the same with the post layer hidden and one plain ShumateMarker per post
 *                instead (no clustering): #5's reference
 *   memory       shows the list, then the map, waits until the map has drawn the posts,
 *                prints "memory maxrss_kb=K" and exits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>
#include <unistd.h>

#include "voisins-application.h"
#include "voisins-map.h"
#include "voisins-post-row.h"
#include "voisins-posts-page.h"
#include "voisins-window.h"
#include "bench-gui.h"

static gint64 process_start;
static const char *script;
static GtkWidget *window;
static GdkFrameClock *frame_clock_;

/* search */
static GtkEditable *entry;
static VoisinsPostList *list;
static char **queries;
static guint query_index;
static gboolean measuring, waiting_paint, complete_unpainted;
static gint64 key_time, changed_time, updated_time, paint_start;

/* pan */
static ShumateViewport *viewport;
static double base_lat, base_lon;
static guint frame, n_frames = 300;
static gint64 frame_start;

static GtkWidget *
template_child (const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window, VOISINS_TYPE_WINDOW, name));
}

static gboolean
has_mapped_row (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (VOISINS_IS_POST_ROW (c) && gtk_widget_get_mapped (c) &&
          gtk_widget_get_width (c) > 0)
        return TRUE;
      if (has_mapped_row (c))
        return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------- search */

static void type_next (void);


static guint type_source;

static gboolean
type_next_idle (gpointer user_data)
{
  type_source = 0;
  type_next ();
  return G_SOURCE_REMOVE;
}

/* One pending keystroke at most: a paint and the wait for a settled list both ask. */
static void
schedule_type (guint delay_ms)
{
  if (type_source == 0)
    type_source = delay_ms ? g_timeout_add (delay_ms, type_next_idle, NULL)
                           : g_idle_add (type_next_idle, NULL);
}

static void
search_before_paint (GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  paint_start = g_get_monotonic_time ();
  if (waiting_paint && updated_time == 0 && !voisins_post_list_get_loading (list))
    updated_time = paint_start;
}

static void
search_loading_changed (void)
{
  if (waiting_paint && !voisins_post_list_get_loading (list))
    updated_time = g_get_monotonic_time ();
}

static void
search_complete_changed (void)
{
  /* The rest of a search came in: settled once it is drawn too. */
  if (voisins_post_list_get_complete (list))
    {
      complete_unpainted = TRUE;
      gtk_widget_queue_draw (window);
    }
}

static void
search_after_paint (GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  complete_unpainted = FALSE;

  if (!waiting_paint || updated_time == 0 || voisins_post_list_get_loading (list))
    return;
  waiting_paint = FALSE;
  if (measuring)
    {
      /* The work: the query until the model changed, then the frame that shows it;
       * not the wait for the frame clock's next slot (up to one frame at 60 Hz). */
      printf ("search ms=%.3f\n",
              ((updated_time - changed_time) + (now - MAX (paint_start, updated_time))) / 1000.0);
      printf ("search-painted ms=%.3f\n", (now - changed_time) / 1000.0);
      printf ("search-delay ms=%.3f\n", (changed_time - key_time) / 1000.0);
      measuring = FALSE;
      query_index++;
    }
  schedule_type (0);
}

static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_params,
                     const GValue          *params,
                     gpointer               user_data)
{
  changed_time = g_get_monotonic_time ();
  return TRUE;
}

static void
search_changed_after (void)
{
  /* The window's handler ran: the list is querying (or had nothing to do). */
  waiting_paint = TRUE;
  updated_time = voisins_post_list_get_loading (list) ? 0 : g_get_monotonic_time ();
  gtk_widget_queue_draw (window);
}

static void
type_next (void)
{
  const char *q;
  g_autofree char *prefix = NULL;
  const char *text = gtk_editable_get_text (entry);

  if (queries[query_index] == NULL)
    bench_exit (0);

  q = queries[query_index];
  prefix = g_strndup (q, g_utf8_offset_to_pointer (q, g_utf8_strlen (q, -1) - 1) - q);
  if (!measuring && !g_str_equal (text, prefix))
    {
      gtk_editable_set_text (entry, prefix);
      return;
    }
  /* Settled: the list shows all of the prefix's matches, drawn (set_text reports the
   * emptied entry at once, then the prefix after the entry's delay). */
  if (!measuring &&
      (waiting_paint || complete_unpainted ||
       g_strcmp0 (voisins_post_list_get_search (list), *prefix ? prefix : NULL) != 0 ||
       voisins_post_list_get_loading (list) || !voisins_post_list_get_complete (list)))
    {
      schedule_type (20);
      return;
    }
  measuring = TRUE;
  key_time = g_get_monotonic_time ();
  /* One keystroke: the last letter added at the end, as typing does. Replacing the whole
   * text (set_text) first reports an empty entry, whose answer was measured instead
   * once it came before the word's. */
  {
    int pos = g_utf8_strlen (text, -1);
    const char *last = g_utf8_offset_to_pointer (q, g_utf8_strlen (q, -1) - 1);

    gtk_editable_set_position (entry, pos);
    gtk_editable_insert_text (entry, last, -1, &pos);
  }
}

static void
start_search (void)
{
  const char *path = g_getenv ("VOISINS_BENCH_QUERIES");
  g_autofree char *contents = NULL;
  GtkWidget *posts_page = template_child ("posts_page");
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) all = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    {
      fprintf (stderr, "bench-app: VOISINS_BENCH_QUERIES must name a file of queries\n");
      bench_exit (2);
    }
  all = g_strsplit (contents, "\n", -1);
  for (guint i = 0; all[i]; i++)
    if (*g_strstrip (all[i]) != '\0')
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);
  queries = (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);

  list = voisins_posts_page_get_list (VOISINS_POSTS_PAGE (posts_page));
  gtk_widget_activate_action (window, "win.search", NULL);
  entry = GTK_EDITABLE (template_child ("search_entry"));
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, NULL, NULL);
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (search_changed_after), NULL);
  g_signal_connect (frame_clock_, "before-paint", G_CALLBACK (search_before_paint), NULL);
  g_signal_connect_after (frame_clock_, "after-paint", G_CALLBACK (search_after_paint), NULL);
  g_signal_connect_swapped (list, "notify::loading", G_CALLBACK (search_loading_changed), NULL);
  g_signal_connect_swapped (list, "notify::complete", G_CALLBACK (search_complete_changed), NULL);
  type_next ();
}

/* ---------------------------------------------------------------- pan */

static void
pan_before_paint (GdkFrameClock *frame_clock)
{
  frame_start = g_get_monotonic_time ();
}

static void
pan_after_paint (GdkFrameClock *frame_clock)
{
  if (frame_start == 0)
    return;
  printf ("frame ms=%.3f\n", (g_get_monotonic_time () - frame_start) / 1000.0);
  frame_start = 0;
  if (++frame >= n_frames)
    bench_exit (0);
}

static gboolean
pan_tick (GtkWidget     *widget,
          GdkFrameClock *frame_clock,
          gpointer       user_data)
{
  /* A slow circle around the quartier's centre, like a hand dragging the map about. */
  double a = frame * 2 * G_PI / 120.0;

  shumate_location_set_location (SHUMATE_LOCATION (viewport),
                                 base_lat + 0.002 * sin (a), base_lon + 0.003 * cos (a));
  return G_SOURCE_CONTINUE;
}

static gboolean
start_panning (gpointer user_data)
{
  VoisinsMap *map = user_data;
  const char *frames = g_getenv ("VOISINS_BENCH_FRAMES");

  if (frames != NULL)
    n_frames = (guint) atoi (frames);
  viewport = voisins_map_get_viewport (map);
  base_lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  base_lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  g_signal_connect (frame_clock_, "before-paint", G_CALLBACK (pan_before_paint), NULL);
  g_signal_connect_after (frame_clock_, "after-paint", G_CALLBACK (pan_after_paint), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (map), pan_tick, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
add_plain_markers (VoisinsMap *map)
{
  GListModel *posts = voisins_map_get_model (map);
  ShumateSimpleMap *simple = voisins_map_get_simple_map (map);
  ShumateMarkerLayer *layer;
  guint n = posts ? g_list_model_get_n_items (posts) : 0;

  gtk_widget_set_visible (GTK_WIDGET (voisins_map_get_post_layer (map)), FALSE);
  layer = shumate_marker_layer_new (shumate_simple_map_get_viewport (simple));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VoisinsPost) post = g_list_model_get_item (posts, i);
      ShumateMarker *marker = shumate_marker_new ();

      shumate_marker_set_child (marker, gtk_image_new_from_icon_name ("mark-location-symbolic"));
      shumate_location_set_location (SHUMATE_LOCATION (marker),
                                     voisins_post_get_latitude (post), voisins_post_get_longitude (post));
      shumate_marker_layer_add_marker (layer, marker);
    }
  shumate_simple_map_add_overlay_layer (simple, SHUMATE_LAYER (layer));
  fprintf (stderr, "bench-app: %u plain markers\n", n);
}

static gboolean
memory_done (gpointer user_data)
{
  printf ("memory maxrss_kb=%ld\n", bench_maxrss_kb ());
  bench_exit (0);
  return G_SOURCE_REMOVE;
}

static void
show_map (void)
{
  VoisinsMap *map;

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child ("view_stack")), "map");
  map = VOISINS_MAP (gtk_widget_get_first_child (template_child ("map_box")));

  if (g_str_equal (script, "pan-plain"))
    add_plain_markers (map);

  /* Let the map draw its posts (the layer reads the whole model) before measuring. */
  if (g_str_equal (script, "memory"))
    g_timeout_add (3000, memory_done, NULL);
  else
    g_timeout_add (2000, start_panning, map);
}

/* ---------------------------------------------------------------- first frame */

static void
first_after_paint (GdkFrameClock *frame_clock)
{
  if (!has_mapped_row (template_child ("posts_page")))
    return;

  g_signal_handlers_disconnect_by_func (frame_clock, first_after_paint, NULL);
  printf ("first-frame ms=%.1f\n", (g_get_real_time () - process_start) / 1000.0);
  fflush (stdout);

  if (g_str_equal (script, "first-frame"))
    bench_exit (0);
  else if (g_str_equal (script, "search"))
    start_search ();
  else if (g_str_equal (script, "pan") || g_str_equal (script, "pan-plain") ||
           g_str_equal (script, "memory"))
    show_map ();
}

static void
window_mapped (GtkWidget *widget)
{
  frame_clock_ = gtk_widget_get_frame_clock (widget);
  g_signal_connect_after (frame_clock_, "after-paint", G_CALLBACK (first_after_paint), NULL);
}

static void
window_added (GtkApplication *app,
              GtkWindow      *added)
{
  if (window != NULL || !VOISINS_IS_WINDOW (added))
    return;
  window = GTK_WIDGET (added);
  g_signal_connect (window, "map", G_CALLBACK (window_mapped), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VoisinsApplication) app = NULL;

  process_start = bench_process_start ();
  script = g_getenv ("VOISINS_BENCH_SCRIPT");
  if (script == NULL)
    script = "first-frame";

  voisins_application_init_i18n ();
  app = voisins_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
