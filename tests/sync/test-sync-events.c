/* test-sync-events.c: an event's participants and a cancelled occurrence made offline on one
 * laptop reach the other, through a real voisins-server (issue 12, item 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "server-fixture.h"
#include "voisins-core.h"

/* Sunday 2026-12-06 10:00 in Paris, then every Sunday. */
#define SUNDAY_1 G_GINT64_CONSTANT (1796547600)
#define SUNDAY_2 G_GINT64_CONSTANT (1797152400)
#define SUNDAY_3 G_GINT64_CONSTANT (1797757200)
/* 2026-12-01: "now" for the next occurrences. */
#define DEC_1 G_GINT64_CONSTANT (1796119200)

typedef struct
{
  char              *dir;
  VoisinsStore      *store;
  VoisinsSyncClient *client;
} Laptop;

static Laptop *
laptop_new (const char *url, const char *token)
{
  Laptop *l = g_new0 (Laptop, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  l->dir = g_dir_make_tmp ("voisins-sync-events-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (l->dir, "voisins.db", NULL);
  l->store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  l->client = voisins_sync_client_new (l->store);
  voisins_sync_client_set_server_url (l->client, url);
  voisins_sync_client_set_token (l->client, token);
  voisins_sync_client_set_timeout (l->client, 3);
  return l;
}

static void
laptop_free (Laptop *l)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", l->dir);

  g_clear_object (&l->client);
  g_clear_object (&l->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (l->dir);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Laptop, laptop_free)

static void
sync_ok (Laptop *l)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (voisins_sync_client_sync (l->client, NULL, NULL, &error));
  g_assert_no_error (error);
}

static const VoisinsParticipant *
find (GPtrArray *participants, const char *member_id)
{
  for (guint i = 0; i < participants->len; i++)
    {
      const VoisinsParticipant *p = participants->pdata[i];

      if (g_str_equal (p->member_id, member_id))
        return p;
    }
  return NULL;
}

static guint
count_answer (GPtrArray *participants, const char *answer)
{
  guint n = 0;

  for (guint i = 0; i < participants->len; i++)
    n += g_str_equal (((VoisinsParticipant *) participants->pdata[i])->answer, answer);
  return n;
}

/* The state of the occurrence that had @start in the next ones from December 1st. */
static const char *
state_of (GPtrArray *next, gint64 start)
{
  for (guint i = 0; i < next->len; i++)
    {
      const VoisinsOccurrence *o = next->pdata[i];

      if (o->original_start == start)
        return o->state;
    }
  return NULL;
}

/* Léa (a volunteer) records an apéro every Sunday for 2 people, then, offline, lists Odette
 * and Marcel (neither is online: they called), is told at once that Ana cannot come, and
 * cancels the second Sunday. The desk, offline too and not knowing, says Ana is coming: the
 * server refuses it (she is listed already, and the event is full), the desk is told and
 * its row rolled back; Ana stays a maybe.
 * Both laptops end up with the same list and the same Sundays. */
static void
test_event_two_laptops (void)
{
  g_autoptr (VsWorld) w = vs_world_new (NULL);
  g_autoptr (Laptop) lea = laptop_new (w->server->base_url, w->vol);
  g_autoptr (Laptop) desk = laptop_new (w->server->base_url, w->coord);
  g_autoptr (VoisinsPost) event = voisins_post_new ();
  g_autoptr (VoisinsPost) seen = NULL;
  g_autoptr (GPtrArray) people = NULL;
  g_autoptr (GPtrArray) next = NULL;
  g_autoptr (GPtrArray) notices = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *c0 = vs_uuid ();
  g_autofree char *odette = vs_uuid (), *marcel = vs_uuid (), *ana = vs_uuid ();
  g_autofree char *p_odette = NULL, *p_marcel = NULL, *p_ana = NULL, *p_ana_desk = NULL;
  g_autofree char *cancelled = NULL, *moved = NULL;
  const char      *members[] = { odette, marcel, ana };
  const char      *names[] = { "Odette", "Marcel", "Ana" };
  gint64           seq = 1;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      gboolean         offline = i < 2;
      g_autofree char *args = g_strdup_printf (
          "{\"id\":\"%s\",\"association_id\":\"%s\",\"consent_scope\":\"posts\","
          "\"first_name\":\"%s\",\"last_name\":\"Martin\",\"lat\":48.848,"
          "\"lon\":2.378,\"no_internet\":%s,\"contact_channel\":\"%s\"}",
          members[i], w->a, names[i], offline ? "true" : "false", offline ? "phone" : "online");
      g_autoptr (JsonNode) r =
          vs_push1 (w->server, w->coord, c0, seq++, "member.create", args, NULL);

      g_assert_cmpstr (json_object_get_string_member (vs_result (r, 0), "status"), ==, "applied");
    }
  sync_ok (lea);
  sync_ok (desk);

  voisins_post_set_title (event, "Apéro du dimanche");
  voisins_post_set_kind (event, VOISINS_POST_KIND_OFFER);
  voisins_post_set_category (event, VOISINS_CATEGORY_EVENT);
  voisins_post_set_starts_at (event, SUNDAY_1);
  voisins_post_set_ends_at (event, SUNDAY_1 + 7200);
  voisins_post_set_place (event, "Cour du 12");
  voisins_post_set_capacity (event, 2);
  voisins_post_set_rrule (event, "FREQ=WEEKLY;BYDAY=SU");
  g_assert_true (voisins_store_create_post (lea->store, event, &error));
  g_assert_no_error (error);
  sync_ok (lea);
  sync_ok (desk);
  seen = voisins_store_get_post (desk->store, voisins_post_get_id (event), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_place (seen), ==, "Cour du 12");
  g_assert_cmpint (voisins_post_get_capacity (seen), ==, 2);
  g_assert_cmpstr (voisins_post_get_rrule (seen), ==, "FREQ=WEEKLY;BYDAY=SU");

  /* Offline, both. Léa lists the two who called her; the third "coming" is refused here. */
  p_odette = voisins_store_add_participant (lea->store, voisins_post_get_id (event), odette,
                                            "coming", &error);
  g_assert_no_error (error);
  p_marcel = voisins_store_add_participant (lea->store, voisins_post_get_id (event), marcel,
                                            "coming", &error);
  g_assert_no_error (error);
  g_assert_null (voisins_store_add_participant (lea->store, voisins_post_get_id (event), ana,
                                                "coming", &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Full"));
  g_clear_error (&error);
  p_ana =
      voisins_store_add_participant (lea->store, voisins_post_get_id (event), ana, "maybe", &error);
  g_assert_no_error (error);
  cancelled = voisins_store_set_occurrence (lea->store, voisins_post_get_id (event), SUNDAY_2,
                                            "cancelled", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cancelled);
  /* A Monday the rule never gives. */
  g_assert_null (voisins_store_set_occurrence (lea->store, voisins_post_get_id (event),
                                               SUNDAY_2 + 86400, "cancelled", 0, 0, &error));
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The desk, which knows nothing of it yet, says Ana is coming. */
  p_ana_desk = voisins_store_add_participant (desk->store, voisins_post_get_id (event), ana,
                                              "coming", &error);
  g_assert_no_error (error);

  sync_ok (lea);
  sync_ok (desk);
  sync_ok (lea);
  g_assert_cmpint (vs_db_count (w->server, "SELECT count(*) FROM records"
                                           " WHERE type = 'participant' AND deleted = 0"),
                   ==, 3);

  /* The desk was told why Ana is not listed as coming, and now sees Léa's list. */
  notices = voisins_store_list_notices (desk->store, NULL);
  g_assert_cmpuint (notices->len, >=, 1);
  {
    gboolean told = FALSE;

    for (guint i = 0; i < notices->len; i++)
      told |=
          g_strcmp0 (((VoisinsSyncNotice *) notices->pdata[i])->code, "participant_taken") == 0 ||
          g_strcmp0 (((VoisinsSyncNotice *) notices->pdata[i])->code, "full") == 0;
    g_assert_true (told);
  }
  for (guint k = 0; k < 2; k++)
    {
      VoisinsStore             *store = k == 0 ? lea->store : desk->store;
      const VoisinsParticipant *p;

      people = voisins_store_list_participants (store, voisins_post_get_id (event), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (people->len, ==, 3);
      g_assert_cmpuint (count_answer (people, "coming"), ==, 2);
      g_assert_cmpuint (count_answer (people, "maybe"), ==, 1);
      p = find (people, odette);
      g_assert_nonnull (p);
      g_assert_true (p->no_internet);
      g_assert_cmpstr (p->display_name, ==, "Odette M.");
      g_assert_cmpstr (p->answer, ==, "coming");
      g_assert_cmpint (p->version, ==, 1);
      g_assert_cmpstr (find (people, ana)->answer, ==, "maybe");
      g_assert_cmpstr (find (people, ana)->id, ==, p_ana);
      g_clear_pointer (&people, g_ptr_array_unref);

      next = voisins_store_list_next_occurrences (store, voisins_post_get_id (event), DEC_1, 3,
                                                  &error);
      g_assert_no_error (error);
      g_assert_cmpuint (next->len, ==, 3);
      g_assert_cmpstr (state_of (next, SUNDAY_1), ==, "scheduled");
      g_assert_cmpstr (state_of (next, SUNDAY_2), ==, "cancelled");
      g_assert_cmpstr (state_of (next, SUNDAY_3), ==, "scheduled");
      g_clear_pointer (&next, g_ptr_array_unref);
    }

  /* Marcel cannot come after all (he called the desk): a seat frees up, Ana takes it from
   * Léa's laptop; the desk moves the third Sunday an hour later. */
  g_assert_true (voisins_store_set_participant_answer (desk->store, p_marcel, "no", &error));
  g_assert_no_error (error);
  moved = voisins_store_set_occurrence (desk->store, voisins_post_get_id (event), SUNDAY_3, "moved",
                                        SUNDAY_3 + 3600, SUNDAY_3 + 3 * 3600, &error);
  g_assert_no_error (error);
  sync_ok (desk);
  sync_ok (lea);
  g_assert_true (voisins_store_set_participant_answer (lea->store, p_ana, "coming", &error));
  g_assert_no_error (error);
  /* Léa takes Odette off the list: she added her. */
  g_assert_true (voisins_store_remove_participant (lea->store, p_odette, &error));
  g_assert_no_error (error);
  sync_ok (lea);
  sync_ok (desk);

  people = voisins_store_list_participants (desk->store, voisins_post_get_id (event), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 2);
  g_assert_null (find (people, odette));
  g_assert_cmpstr (find (people, ana)->answer, ==, "coming");
  g_assert_cmpstr (find (people, marcel)->answer, ==, "no");
  next = voisins_store_list_next_occurrences (lea->store, voisins_post_get_id (event), DEC_1, 3,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (next, SUNDAY_3), ==, "moved");
  g_assert_cmpint (((VoisinsOccurrence *) next->pdata[2])->starts_at, ==, SUNDAY_3 + 3600);

  /* The last seat, from both laptops offline: Léa puts Odette back as coming, the desk says
   * Marcel comes after all. The server keeps Léa's (first), refuses the desk's as full, and
   * the desk's Marcel goes back to "not coming". */
  g_clear_pointer (&people, g_ptr_array_unref);
  g_clear_pointer (&notices, g_ptr_array_unref);
  g_free (p_odette);
  p_odette = voisins_store_add_participant (lea->store, voisins_post_get_id (event), odette,
                                            "coming", &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_set_participant_answer (desk->store, p_marcel, "coming", &error));
  g_assert_no_error (error);
  sync_ok (lea);
  sync_ok (desk);
  people = voisins_store_list_participants (desk->store, voisins_post_get_id (event), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find (people, marcel)->answer, ==, "no");
  g_assert_cmpstr (find (people, odette)->answer, ==, "coming");
  notices = voisins_store_list_notices (desk->store, NULL);
  {
    gboolean full = FALSE;

    for (guint i = 0; i < notices->len; i++)
      full |= g_strcmp0 (((VoisinsSyncNotice *) notices->pdata[i])->code, "full") == 0;
    g_assert_true (full);
  }

  (void) p_ana_desk;
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/events/two-laptops", test_event_two_laptops);

  return g_test_run ();
}
