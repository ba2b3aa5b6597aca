/* voisins-types.h: enumerations shared by the app, the server and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VOISINS_POST_KIND_REQUEST,
  VOISINS_POST_KIND_OFFER,
} VoisinsPostKind;

typedef enum
{
  VOISINS_CATEGORY_SERVICE,
  VOISINS_CATEGORY_BABYSITTING,
  VOISINS_CATEGORY_DIY,
  VOISINS_CATEGORY_LENDING,
  VOISINS_CATEGORY_ACTIVITY,
  VOISINS_CATEGORY_GROUP,
  VOISINS_CATEGORY_EVENT,
  VOISINS_N_CATEGORIES
} VoisinsCategory;

typedef enum
{
  VOISINS_POST_STATUS_OPEN,
  VOISINS_POST_STATUS_MATCHED,
  VOISINS_POST_STATUS_DONE,
  VOISINS_POST_STATUS_CANCELLED,
  VOISINS_POST_STATUS_EXPIRED,
  VOISINS_N_POST_STATUSES
} VoisinsPostStatus;

typedef enum
{
  VOISINS_VERIFICATION_UNVERIFIED,
  VOISINS_VERIFICATION_LETTER_SENT,
  VOISINS_VERIFICATION_VERIFIED,
  VOISINS_VERIFICATION_EXPIRED,  /* the letter's code expired unused: a new letter is due */
} VoisinsVerification;

typedef enum
{
  VOISINS_ROLE_VOLUNTEER,
  VOISINS_ROLE_COORDINATOR,
  VOISINS_ROLE_ADMIN,
} VoisinsRole;

typedef enum
{
  VOISINS_SYNC_STATE_IDLE,
  VOISINS_SYNC_STATE_SYNCING,
  VOISINS_SYNC_STATE_OFFLINE,
  VOISINS_SYNC_STATE_ERROR,
  VOISINS_SYNC_STATE_NEEDS_LOGIN,
} VoisinsSyncState;

/* Stable wire/database names ("request", "diy", "open"...). The _from_string
 * functions return FALSE for an unknown name and leave *out untouched. */
const char *voisins_post_kind_to_string       (VoisinsPostKind      kind);
gboolean    voisins_post_kind_from_string     (const char          *str,
                                               VoisinsPostKind     *out);
const char *voisins_category_to_string        (VoisinsCategory      category);
gboolean    voisins_category_from_string      (const char          *str,
                                               VoisinsCategory     *out);
const char *voisins_post_status_to_string     (VoisinsPostStatus    status);
gboolean    voisins_post_status_from_string   (const char          *str,
                                               VoisinsPostStatus   *out);
const char *voisins_verification_to_string    (VoisinsVerification  v);
gboolean    voisins_verification_from_string  (const char          *str,
                                               VoisinsVerification *out);
const char *voisins_role_to_string            (VoisinsRole          role);
gboolean    voisins_role_from_string          (const char          *str,
                                               VoisinsRole         *out);

/* Whether a post may move from one status to another: open -> matched -> done,
 * open/matched -> cancelled, open -> expired, and back: every closed post reopens
 * (-> open), done/cancelled go back to matched (the undo of closing a matched post).
 * Shared by the app, the store and the server's push, so all three agree. */
gboolean    voisins_post_status_can_move      (VoisinsPostStatus    from,
                                               VoisinsPostStatus    to);

/* Lower case without accents, for matching what people type ("Église" -> "eglise"). */
char       *voisins_text_fold                 (const char          *text);

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static inline gboolean
voisins_set_str (char       **str_pointer,
                 const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

G_END_DECLS
