/* voisins-demo-private.h: word lists behind the demo quartier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "voisins-types.h"

G_BEGIN_DECLS

/* People whose families came from one part of the world, as in the 12e. */
typedef struct
{
  const char * const *female;
  guint               n_female;
  const char * const *male;
  guint               n_male;
  const char * const *surnames;
  guint               n_surnames;
  const char * const *old_female; /* for older members, or NULL to use @female */
  guint               n_old_female;
  const char * const *old_male;
  guint               n_old_male;
  const char         *language;   /* a second language besides French, or NULL */
  guint               weight;     /* relative share of members */
} VoisinsDemoNameGroup;

/* Where a placeholder's value fits in a post. */
typedef enum
{
  VOISINS_DEMO_TEMPLATE_DATED   = 1 << 0,  /* has starts_at/ends_at */
  VOISINS_DEMO_TEMPLATE_EVENING = 1 << 1,  /* starts in the evening */
  VOISINS_DEMO_TEMPLATE_WEEKEND = 1 << 2,  /* starts on a Saturday or Sunday */
  VOISINS_DEMO_TEMPLATE_ELDERLY = 1 << 3,  /* rather written for an older neighbour */
} VoisinsDemoTemplateFlags;

/* Title and body may hold {placeholders}, see _voisins_demo_get_word_list(). */
typedef struct
{
  VoisinsPostKind  kind;
  VoisinsCategory  category;
  guint            flags;
  guint            weight;
  const char      *title;
  const char      *body;
} VoisinsDemoPostTemplate;

/* A list of values for a placeholder: @n_columns strings per row; several placeholders
 * may name the columns of one list ({objet}, {un_objet}, {mon_objet}) and then share
 * the row chosen for a post. */
typedef struct
{
  const char         *key;
  guint               list;       /* lists sharing a row have the same number */
  guint               column;
  guint               n_columns;
  const char * const *rows;       /* n_rows * n_columns strings */
  guint               n_rows;
} VoisinsDemoWordList;

const VoisinsDemoNameGroup    *_voisins_demo_get_name_groups      (guint *n_groups);
const VoisinsDemoPostTemplate *_voisins_demo_get_post_templates   (guint *n_templates);
const VoisinsDemoWordList     *_voisins_demo_get_word_lists       (guint *n_lists);
/* Number of distinct list numbers used by the word lists. */
guint                          _voisins_demo_get_n_word_list_ids  (void);
const char * const            *_voisins_demo_get_openings         (guint *n_openings);
const char * const            *_voisins_demo_get_closings         (guint *n_closings);
/* Invented street names for the fallback quartier ("rue des Ébénistes"). */
const char * const            *_voisins_demo_get_fallback_streets (guint *n_streets);
const char * const            *_voisins_demo_get_needs            (gboolean  elderly,
                                                                   gboolean  female,
                                                                   guint    *n_needs);
const char * const            *_voisins_demo_get_host_notes       (guint *n_notes);
const char * const            *_voisins_demo_get_guest_notes      (gboolean  female,
                                                                   guint    *n_notes);
const char * const            *_voisins_demo_get_volunteers       (guint *n_volunteers);

G_END_DECLS
