/* voisins-demo.h: a realistic demo quartier (Quinze-Vingts, Paris 12e) from open data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "voisins-association.h"
#include "voisins-holiday.h"
#include "voisins-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint32     seed;          /* same seed, same data */
  const char *data_dir;      /* folder with quartier_quinze_vingts.geojson etc.; NULL or
                              * missing: a plausible generated quartier */
  guint       n_members;     /* 0 = 300 */
  guint       n_posts;       /* 0 = 400 */
  gint64      now;           /* unix seconds the demo is built around; 0 = a fixed date */
} VoisinsDemoOptions;

typedef struct
{
  VoisinsAssociation *association;
  GPtrArray          *members;   /* VoisinsMember, with exact and approximate positions */
  GPtrArray          *posts;     /* VoisinsPost */
  GPtrArray          *hosts;     /* VoisinsHolidayHost */
  GPtrArray          *guests;    /* VoisinsHolidayGuest */
  gboolean            from_open_data;  /* FALSE when the fallback quartier was generated */
} VoisinsDemo;

VoisinsDemo *voisins_demo_generate (const VoisinsDemoOptions  *options,
                                    GError                   **error);
void         voisins_demo_free     (VoisinsDemo               *demo);
/* Writes everything into @store in one transaction. */
gboolean     voisins_demo_import   (VoisinsDemo               *demo,
                                    VoisinsStore              *store,
                                    GError                   **error);
/* The default data folder: $VOISINS_DATA_DIR, else ../shared/data/paris next to the
 * source tree, else NULL. */
char        *voisins_demo_find_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsDemo, voisins_demo_free)

G_END_DECLS
