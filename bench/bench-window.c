/* bench-window.c: a minimal libadwaita window, the reference of benchmarks #1 and #8
 *
 *   VOISINS_BENCH_SCRIPT=first-frame bench-window   prints "first-frame ms=M"
 *   VOISINS_BENCH_SCRIPT=memory bench-window        prints "memory maxrss_kb=K" after 2 s
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <adwaita.h>
#include <unistd.h>

#include "bench-gui.h"

static gint64 process_start;
static gboolean memory_mode;

static gboolean
memory_done (gpointer user_data)
{
  printf ("memory maxrss_kb=%ld\n", bench_maxrss_kb ());
  bench_exit (0);
  return G_SOURCE_REMOVE;
}

static void
after_paint (GdkFrameClock *clock,
             GtkWidget     *window)
{
  printf ("first-frame ms=%.1f\n", (g_get_real_time () - process_start) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, after_paint, window);
  if (memory_mode)
    g_timeout_add (2000, memory_done, NULL);
  else
    bench_exit (0);
}

static void
on_map (GtkWidget *window)
{
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "after-paint",
                          G_CALLBACK (after_paint), window);
}

static void
activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Voisins");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  process_start = bench_process_start ();
  memory_mode = g_strcmp0 (g_getenv ("VOISINS_BENCH_SCRIPT"), "memory") == 0;
  app = adw_application_new ("org.voisins.BenchWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
