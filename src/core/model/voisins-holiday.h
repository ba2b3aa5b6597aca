/* voisins-holiday.h: the holiday table's hosts and guests (plain records for now)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VOISINS_HOLIDAY_SLOT_DEC24_EVENING = 1 << 0,
  VOISINS_HOLIDAY_SLOT_DEC25_LUNCH   = 1 << 1,
  VOISINS_HOLIDAY_SLOT_DEC31_EVENING = 1 << 2,
  VOISINS_HOLIDAY_SLOT_JAN01_LUNCH   = 1 << 3,
} VoisinsHolidaySlot;

typedef enum
{
  VOISINS_DIET_VEGETARIAN  = 1 << 0,
  VOISINS_DIET_HALAL       = 1 << 1,
  VOISINS_DIET_NO_PORK     = 1 << 2,
  VOISINS_DIET_DIABETIC    = 1 << 3,
  VOISINS_DIET_GLUTEN_FREE = 1 << 4,
} VoisinsDiet;

typedef struct
{
  char    *id;
  char    *association_id;
  char    *member_id;
  guint    slots;          /* VoisinsHolidaySlot bits */
  guint    seats;          /* per slot */
  gboolean step_free;
  gboolean pets;
  guint    diets;          /* VoisinsDiet bits the household can cook */
  char    *languages;      /* comma-separated ISO 639-1 codes, "fr,pt" */
  gboolean alcohol_free;
  gboolean children;
  gboolean can_fetch;
  char    *notes;
  gint64   version;
  gint64   server_seq;
  /* From the server, for the volunteer following one of the host's matches (NULL
   * otherwise): the number to call, and whom to call and where to go (the server's
   * followed view: the member record a volunteer's copy lacks). */
  char    *phone;
  char    *first_name;
  char    *last_name;
  char    *address;
  char    *postcode;
  char    *city;
} VoisinsHolidayHost;

typedef struct
{
  char    *id;
  char    *association_id;
  char    *member_id;
  guint    slots;
  gboolean no_stairs;
  guint    diets;          /* VoisinsDiet bits needed */
  char    *languages;
  gboolean pet_allergy;
  gboolean needs_fetch;
  gboolean wants_quiet;
  char    *notes;
  gint64   version;
  gint64   server_seq;
  /* What a volunteer's copy holds of a guest before following one of their matches
   * (member_id is then ""): the street without number and the approximate position. */
  char    *street;
  double   approx_lat;
  double   approx_lon;
  /* From the server, for the volunteer following one of the guest's matches. */
  char    *phone;
  char    *first_name;
  char    *last_name;
  char    *address;
  char    *postcode;
  char    *city;
} VoisinsHolidayGuest;

void voisins_holiday_host_free  (VoisinsHolidayHost  *host);
void voisins_holiday_guest_free (VoisinsHolidayGuest *guest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayHost, voisins_holiday_host_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayGuest, voisins_holiday_guest_free)

/* The holiday campaign: match states and slots. The wire shape is in
 * voisins-holiday-codec.h, the matcher in voisins-holiday-match.h. */

typedef enum
{
  VOISINS_HOLIDAY_MATCH_PROPOSED,
  VOISINS_HOLIDAY_MATCH_HOST_CALLED,   /* "Host said yes" (spelt "host-called") */
  VOISINS_HOLIDAY_MATCH_CONFIRMED,     /* "Guest said yes": both did, the guest has a table */
  VOISINS_HOLIDAY_MATCH_DONE,
  VOISINS_HOLIDAY_MATCH_DECLINED,
  VOISINS_HOLIDAY_MATCH_N_STATES
} VoisinsHolidayMatchState;

/* "proposed", "host-called", ... (the store's and the server's spelling); -1 if unknown.
 * Each state is named after the button that leads to it: Propose, Host Said Yes, Guest Said
 * Yes (confirmed), Done, Declined. "guest-called", an older step with no button of its own
 * (the guest had said yes, before a separate "Confirmed"), reads as confirmed. */
const char *voisins_holiday_match_state_to_string   (VoisinsHolidayMatchState state);
int         voisins_holiday_match_state_from_string (const char              *str);
/* Translated, for the UI ("Host said yes"). */
const char *voisins_holiday_match_state_label       (VoisinsHolidayMatchState state);
/* proposed -> host-called -> confirmed -> done; any live state -> declined.
 * Staying in the same state is allowed (idempotent). */
gboolean    voisins_holiday_match_state_can_move    (VoisinsHolidayMatchState from,
                                                     VoisinsHolidayMatchState to);
/* The Undo of a step: back from @from to the state it left, @to (an earlier live state;
 * from declined, any live state). */
gboolean    voisins_holiday_match_state_can_undo    (VoisinsHolidayMatchState from,
                                                     VoisinsHolidayMatchState to);

typedef struct
{
  char                     *id;
  char                     *association_id;
  char                     *host_id;
  char                     *guest_id;
  guint                     slot;            /* one VoisinsHolidaySlot bit */
  VoisinsHolidayMatchState  state;
  gint64                    created_at;
  gint64                    updated_at;
  gint64                    version;
  gint64                    server_seq;
  char                     *feedback;        /* how it went, once done; NULL before */
  /* Who follows the match (the proposer, or whom a coordinator handed it to) and who
   * approved it when: a volunteer's proposal opens nothing before a coordinator does. */
  char                     *follower_id;
  char                     *approved_by;     /* NULL: waiting for a coordinator */
  gint64                    approved_at;
  /* Filled by the store's list functions: display names (first name + initial). */
  char                     *host_name;
  char                     *guest_name;
} VoisinsHolidayMatch;

void voisins_holiday_match_free (VoisinsHolidayMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayMatch, voisins_holiday_match_free)

typedef struct
{
  guint   slot;       /* one bit */
  char   *label;      /* translated, "24 December, evening" */
  gint64  starts_at;  /* unix seconds (Europe/Paris) */
} VoisinsHolidaySlotInfo;

/* One association's campaign for one year: its slots. */
typedef struct
{
  int     year;       /* the December of the campaign */
  GArray *slots;      /* VoisinsHolidaySlotInfo, in time order */
} VoisinsHolidayCampaign;

/* The four usual slots of @year's campaign (24 Dec evening ... 1 Jan lunch). */
VoisinsHolidayCampaign *voisins_holiday_campaign_new_default (int                           year);
/* An empty campaign to fill with add_slot (a slot bit the server does not know yet
 * cannot be synced: today's server takes 1, 2, 4 and 8). */
VoisinsHolidayCampaign *voisins_holiday_campaign_new         (int                           year);
void                    voisins_holiday_campaign_add_slot    (VoisinsHolidayCampaign       *self,
                                                              guint                         slot,
                                                              const char                   *label,
                                                              gint64                        starts_at);
const VoisinsHolidaySlotInfo *
                        voisins_holiday_campaign_get_slot    (const VoisinsHolidayCampaign *self,
                                                              guint                         slot);
/* Default purge date: 15 January after the campaign, 00:00 Paris time. */
gint64                  voisins_holiday_campaign_purge_date  (const VoisinsHolidayCampaign *self);
void                    voisins_holiday_campaign_free        (VoisinsHolidayCampaign       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayCampaign, voisins_holiday_campaign_free)

/* What the UI may show of a host or a guest. Without @reveal: the first name and the last
 * name's initial, the street without number, the approximate position; with @reveal (a
 * confirmed match the viewer follows): full name, address, phone, exact position. */
typedef struct
{
  char     *member_id;
  char     *name;
  char     *street;    /* always: "rue de Charenton" */
  char     *address;   /* NULL unless revealed */
  char     *phone;     /* NULL unless revealed */
  double    lat;
  double    lon;
  gboolean  revealed;
} VoisinsHolidayContact;

/* A volunteer's proposal no coordinator approved yet: its follower sees nobody and may not
 * move it on. A match without a follower (made before the server kept one, or offline
 * only) never waits. */
gboolean voisins_holiday_match_is_waiting (const VoisinsHolidayMatch *match);

void voisins_holiday_contact_free (VoisinsHolidayContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsHolidayContact, voisins_holiday_contact_free)

G_END_DECLS
