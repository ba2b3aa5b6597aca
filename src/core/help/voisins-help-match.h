/* voisins-help-match.h: ranked helpers for an open request, with their reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "voisins-types.h"

G_BEGIN_DECLS

/* Score of one helper for one request: an integer in 0 .. VOISINS_HELP_MAX_SCORE. */
#define VOISINS_HELP_MAX_SCORE 100

/**
 * VoisinsHelpRequest:
 * What the matcher needs of an open request. Dates of 0 mean none given; a position of
 * 0, 0 means unknown (give the approximate one: nothing returned holds a coordinate).
 */
typedef struct
{
  const char      *post_id;
  const char      *member_id;   /* the person helped; never suggested to herself */
  VoisinsCategory  category;
  gint64           starts_at;   /* unix seconds */
  gint64           ends_at;
  double           lat;
  double           lon;
  const char      *languages;   /* "fr,pt"; empty or NULL is French */
} VoisinsHelpRequest;

/**
 * VoisinsHelpSuggestion:
 * A member who could help: she has an open offer of the request's category.
 */
typedef struct
{
  char  *helper_id;
  int    score;             /* 0 .. VOISINS_HELP_MAX_SCORE, higher is better */
  guint  distance_m;        /* rounded to 50 m; G_MAXUINT when a position is unknown */
  guint  helped_this_month; /* helps proposed to her this month, declined ones left out */
  char  *reason;            /* translated, "offers this kind of help; 250 m away; ..." */
} VoisinsHelpSuggestion;

void voisins_help_suggestion_free (VoisinsHelpSuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHelpSuggestion, voisins_help_suggestion_free)

/**
 * VoisinsHelp:
 * A help record as the store keeps it (synced, type "help"): a request matched to a helper,
 * followed by a volunteer. @state: "proposed", "accepted", "done" or "declined".
 */
typedef struct
{
  char   *id;
  char   *association_id;
  char   *post_id;
  char   *helper_id;    /* a member */
  char   *member_id;    /* the person helped (the request's author) */
  char   *follower_id;  /* the volunteer's user id */
  char   *state;
  gint64  created_at;
  gint64  updated_at;
} VoisinsHelp;

void voisins_help_free (VoisinsHelp *help);

/* The follow-up, as the server checks it: proposed -> accepted -> done, one step at a time;
 * a live help (proposed or accepted) may be declined. */
gboolean voisins_help_state_is_valid (const char *state);
gboolean voisins_help_state_can_move (const char *from,
                                      const char *to);
/* Proposed or accepted: the follower may call the helper and the person helped. */
gboolean voisins_help_state_is_live  (const char *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHelp, voisins_help_free)

/**
 * VoisinsHelpMatcher:
 * Holds the members who may help, their open offers and the helps already given, then
 * ranks the helpers of one request. Pure: no store, no clock (the caller gives "now").
 */
typedef struct _VoisinsHelpMatcher VoisinsHelpMatcher;

VoisinsHelpMatcher *voisins_help_matcher_new        (void);
void                voisins_help_matcher_free       (VoisinsHelpMatcher       *self);
/* A member who may help. Positions of 0, 0 mean unknown. Adding her twice replaces her. */
void                voisins_help_matcher_add_member (VoisinsHelpMatcher       *self,
                                                     const char               *member_id,
                                                     const char               *languages,
                                                     double                    lat,
                                                     double                    lon);
/* An OPEN offer of @member_id (only open offers make a helper). Dates of 0: none given. */
void                voisins_help_matcher_add_offer  (VoisinsHelpMatcher       *self,
                                                     const char               *member_id,
                                                     VoisinsCategory           category,
                                                     gint64                    starts_at,
                                                     gint64                    ends_at);
/* A help record that is not declined: @helper_id was asked for @post_id at @created_at.
 * It counts in "helped this month" and she is not suggested again for that request. */
void                voisins_help_matcher_add_help   (VoisinsHelpMatcher       *self,
                                                     const char               *post_id,
                                                     const char               *helper_id,
                                                     gint64                    created_at);
/* The helpers of @request, best first (score, then distance, then member id).
 * @now (unix seconds) fixes "this month" in local time. @max_results 0 = all. */
GPtrArray          *voisins_help_matcher_suggest    (VoisinsHelpMatcher       *self,
                                                     const VoisinsHelpRequest *request,
                                                     gint64                    now,
                                                     guint                     max_results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHelpMatcher, voisins_help_matcher_free)

G_END_DECLS
