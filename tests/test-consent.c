/* test-consent.c: who gave a neighbour's consent, stored as a code and said in words (issue
 * 12: "recorded by Elle-même" in the English UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#include "voisins-core.h"
#include "voisins-demo.h"

static void
test_codes (void)
{
  for (int i = 0; i < VOISINS_CONSENT_BY_N_CODES; i++)
    g_assert_cmpint (voisins_consent_by_from_text (voisins_consent_by_to_code (i)), ==, i);

  /* What was stored in French reads as its code, however it was typed. */
  g_assert_cmpint (voisins_consent_by_from_text ("Elle-même"), ==, VOISINS_CONSENT_BY_SELF);
  g_assert_cmpint (voisins_consent_by_from_text ("Lui-même"), ==, VOISINS_CONSENT_BY_SELF);
  g_assert_cmpint (voisins_consent_by_from_text (" sa tutrice "), ==, VOISINS_CONSENT_BY_GUARDIAN);
  g_assert_cmpint (voisins_consent_by_from_text ("Son neveu"), ==, VOISINS_CONSENT_BY_FAMILY);
  /* A volunteer's login is not a code. */
  g_assert_cmpint (voisins_consent_by_from_text ("claire"), ==, -1);
  g_assert_cmpint (voisins_consent_by_from_text (NULL), ==, -1);
}

static void
test_labels (void)
{
  g_autofree char *self = voisins_consent_by_label ("Elle-même");
  g_autofree char *guardian = voisins_consent_by_label ("Sa tutrice");
  g_autofree char *login = voisins_consent_by_label ("claire");

  /* In the UI's language (the tests run in English), lower-case for mid-sentence. */
  g_assert_cmpstr (self, ==, "the neighbour in person");
  g_assert_cmpstr (guardian, ==, "a legal guardian");
  g_assert_cmpstr (login, ==, "claire");
  g_assert_null (voisins_consent_by_label (""));
}

/* The demo quartier stores codes, never French text. */
static void
test_demo (void)
{
  g_autoptr(VoisinsDemo) demo = NULL;
  g_autoptr(GError) error = NULL;
  VoisinsDemoOptions options = { 0 };

  options.seed = 42;
  options.n_members = 120;
  options.n_posts = 10;
  demo = voisins_demo_generate (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (demo->members->len, >, 0);
  for (guint i = 0; i < demo->members->len; i++)
    {
      const char *by = voisins_member_get_consent_by (g_ptr_array_index (demo->members, i));

      g_assert_nonnull (by);
      g_assert_cmpint (voisins_consent_by_from_text (by), >=, 0);
      g_assert_cmpstr (voisins_consent_by_to_code (voisins_consent_by_from_text (by)), ==, by);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consent/codes", test_codes);
  g_test_add_func ("/consent/labels", test_labels);
  g_test_add_func ("/consent/demo", test_demo);

  return g_test_run ();
}
