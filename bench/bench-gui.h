/* bench-gui.h: what the GUI benchmarks share (issue 6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* Wall-clock µs at process start: $VOISINS_BENCH_T0 (µs or s.µs, set by bench/run just
 * before exec, e.g. from bash's $EPOCHREALTIME), else the kernel's start time of the
 * process (10 ms resolution). */
static inline gint64
bench_process_start (void)
{
  const char *t0 = g_getenv ("VOISINS_BENCH_T0");
  g_autofree char *stat = NULL;
  const char *p;
  unsigned long long ticks = 0;
  double uptime = 0;
  g_autofree char *up = NULL;

  if (t0 != NULL && *t0 != '\0')
    {
      if (strchr (t0, '.') || strchr (t0, ','))
        {
          g_autofree char *copy = g_strdup (t0);
          g_strdelimit (copy, ",", '.');
          return (gint64) (g_ascii_strtod (copy, NULL) * 1e6);
        }
      return g_ascii_strtoll (t0, NULL, 10);
    }

  /* Field 22 of /proc/self/stat, after the command name in parentheses. */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &up, NULL, NULL) ||
      (p = strrchr (stat, ')')) == NULL)
    return g_get_real_time ();
  p += 2;
  for (int field = 3; field < 22 && p != NULL; field++)
    p = strchr (p, ' ') ? strchr (p, ' ') + 1 : NULL;
  if (p != NULL)
    ticks = g_ascii_strtoull (p, NULL, 10);
  uptime = g_ascii_strtod (up, NULL);
  return g_get_real_time () - (gint64) ((uptime - (double) ticks / sysconf (_SC_CLK_TCK)) * 1e6);
}

static inline long
bench_maxrss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static inline void
bench_exit (int code)
{
  fflush (stdout);
  fflush (stderr);
  _exit (code);
}
