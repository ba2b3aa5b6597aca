/* fuzz-world.h: a server storage over a temporary SQLite file, for in-process harnesses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-sqlite.h"
#include "voisins-server-storage.h"

G_BEGIN_DECLS

#define FUZZ_CLIENT_ID "01900000-0000-7000-8000-00000000f022"

typedef struct
{
  VoisinsServerStorage *storage;
  char                 *dir;
  char                 *assoc;        /* association A, with a few posts and members */
  char                 *other;        /* association B */
  char                 *epoch;        /* of A's cursors, read from a first pull */
  VoisinsServerAuth    *auth[4];      /* volunteer, coordinator, admin of A; volunteer of B */
  gint64                next_seq;     /* for FUZZ_CLIENT_ID */
  guint                 uses;
} FuzzWorld;

/* The world, made anew every few thousand inputs so that the file stays small. */
FuzzWorld *fuzz_world_get  (void);
/* Valid push envelope around @mutations (a JSON array, owned by the caller). */
JsonObject *fuzz_world_envelope (FuzzWorld *world,
                                 JsonNode  *mutations);

G_END_DECLS
