/* fuzz-world.h: a server storage over a temporary SQLite file, for in-process harnesses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-server-sqlite.h"
#include "voisins-server-storage.h"

G_BEGIN_DECLS

/* A client id is bound to the first user who pushes with it: one per user. */
#define FUZZ_CLIENT_ID(i) (fuzz_client_ids[(i)])
extern const char * const fuzz_client_ids[4];

typedef struct
{
  VoisinsServerStorage *storage;
  char                 *dir;
  char                 *assoc;        /* association A, with a few posts and members */
  char                 *other;        /* association B */
  char                 *epoch;        /* of A's cursors, read from a first pull */
  VoisinsServerAuth    *auth[4];      /* volunteer, coordinator, admin of A; volunteer of B */
  gint64                next_seq[4];  /* for FUZZ_CLIENT_ID (i) */
  guint                 uses;
} FuzzWorld;

/* The world, made anew every few thousand inputs so that the file stays small. */
FuzzWorld *fuzz_world_get  (void);
/* Valid push envelope around @mutations (a JSON array, owned by the caller). */
JsonObject *fuzz_world_envelope (FuzzWorld *world,
                                 guint      user,
                                 JsonNode  *mutations);

/* An error voisins-server would answer with 500: a finding. A codec error (a request field
 * of the wrong type) is answered 400 or 422 by the HTTP layer. */
gboolean    fuzz_world_is_internal (const GError *error);

G_END_DECLS
