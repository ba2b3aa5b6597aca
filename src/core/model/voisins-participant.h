/* voisins-participant.h: who comes to an event or belongs to a group, and the occurrences of
 * a repeating one that were cancelled or moved (issue 12, item 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A member listed on an event or a group, as synced (type "participant"), with what the
 * store adds for the list: her name as a volunteer sees it and whether she is offline. */
typedef struct
{
  char     *id;
  char     *association_id;
  char     *post_id;
  char     *member_id;
  char     *answer;        /* coming, maybe, no; member (of a group) */
  char     *added_by;      /* the user id of the volunteer who added her */
  char     *display_name;  /* "Odette M." */
  gboolean  no_internet;
  gint64    created_at;
  gint64    updated_at;
  gint64    version;       /* 0: not on the server yet */
} VoisinsParticipant;

void      voisins_participant_free              (VoisinsParticipant *p);
gboolean  voisins_participant_answer_is_valid   (const char         *answer);
/* Coming to an event, or a member of a group: what a capacity counts. */
gboolean  voisins_participant_answer_takes_seat (const char         *answer);

/* One occurrence of an event: as the rule gives it (@id NULL, state "scheduled"), or
 * cancelled or moved (type "occurrence", @id its record). */
typedef struct
{
  char   *id;
  char   *post_id;
  gint64  original_start;  /* the start the rule gives it */
  char   *state;           /* scheduled, cancelled, moved */
  gint64  starts_at;       /* where it is now (moved), else original_start */
  gint64  ends_at;
} VoisinsOccurrence;

void      voisins_occurrence_free               (VoisinsOccurrence  *o);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsParticipant, voisins_participant_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsOccurrence, voisins_occurrence_free)

G_END_DECLS
