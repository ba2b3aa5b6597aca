/* voisins-participant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-participant.h"

void
voisins_participant_free (VoisinsParticipant *p)
{
  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->association_id);
  g_free (p->post_id);
  g_free (p->member_id);
  g_free (p->answer);
  g_free (p->added_by);
  g_free (p->display_name);
  g_free (p);
}

gboolean
voisins_participant_answer_is_valid (const char *answer)
{
  static const char *const answers[] = { "coming", "maybe", "no", "member", NULL };

  return answer != NULL && g_strv_contains (answers, answer);
}

gboolean
voisins_participant_answer_takes_seat (const char *answer)
{
  return g_strcmp0 (answer, "coming") == 0 || g_strcmp0 (answer, "member") == 0;
}

void
voisins_occurrence_free (VoisinsOccurrence *o)
{
  if (o == NULL)
    return;
  g_free (o->id);
  g_free (o->post_id);
  g_free (o->state);
  g_free (o);
}
