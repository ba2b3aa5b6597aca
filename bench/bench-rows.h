/* bench-rows.h: the rows benchmarks #7 and its reference both write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

static const char * const bench_titles[] = {
  "Besoin d'aide pour monter un meuble",
  "Je prête ma perceuse",
  "Cherche quelqu'un pour garder mon chat",
  "Courses pour une voisine âgée",
  "Atelier tricot au square Trousseau",
  "Accompagnement chez le médecin",
  "Donne des livres pour enfants",
  "Repas partagé rue de Charenton",
};

/* A post.create args object, as JSON text. */
static inline char *
bench_post_json (const char *id,
                 const char *association_id,
                 guint       i)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"association_id\":\"%s\",\"kind\":\"%s\","
                          "\"category\":\"service\",\"status\":\"open\",\"title\":\"%s (%u)\","
                          "\"body\":\"Bonjour, je cherche un coup de main cette semaine, "
                          "merci d'avance !\",\"lat\":%.6f,\"lon\":%.6f,"
                          "\"created_at\":%u}",
                          id, association_id, i % 3 ? "request" : "offer",
                          bench_titles[i % G_N_ELEMENTS (bench_titles)], i,
                          48.840 + (i % 97) * 0.0001, 2.365 + (i % 89) * 0.0002,
                          1700000000u + i);
}
