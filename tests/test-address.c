/* test-address.c: the address normalisation and the laptop's address base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "voisins-address.h"
#include "voisins-store.h"

#define ASSOC "5b7c0b2e-8a1c-4c39-9d1e-3f4a5b6c7d8e"

static void
test_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "12 bis, Rue Traversière", "12 bis rue traversiere" },
    { "12bis r. traversiere", "12 bis rue traversiere" },
    { "12 B RUE TRAVERSIÈRE", "12 bis rue traversiere" },
    { "12 t Bd. Diderot", "12 ter boulevard diderot" },
    { "3 av Ledru-Rollin", "3 avenue ledru rollin" },
    { "245 fbg St-Antoine", "245 faubourg saint antoine" },
    { "24A rue de Cîteaux", "24 a rue de citeaux" },
    { "  ", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = voisins_address_normalize (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_parse (void)
{
  g_autofree char *rep = NULL;
  g_autofree char *street = NULL;
  int number = 0;

  g_assert_true (voisins_address_parse ("12 bis, r. Traversière", &number, &rep, &street));
  g_assert_cmpint (number, ==, 12);
  g_assert_cmpstr (rep, ==, "bis");
  g_assert_cmpstr (street, ==, "rue traversiere");
  g_assert_false (voisins_address_parse ("rue Traversière", NULL, NULL, NULL));
  g_assert_false (voisins_address_parse ("12", NULL, NULL, NULL));
  g_assert_cmpstr (voisins_address_rep_from_ban ("b"), ==, "bis");
  g_assert_cmpstr (voisins_address_rep_from_ban ("a"), ==, "A");
  g_assert_cmpstr (voisins_address_rep_from_ban (""), ==, "");
  g_assert_null (voisins_address_rep_from_ban ("s1"));
}

static VoisinsAddress *
make (const char *id,
      int         number,
      const char *rep,
      const char *street)
{
  VoisinsAddress *a = voisins_address_new ();

  a->id = g_strdup (id);
  a->number = number;
  g_free (a->rep);
  a->rep = g_strdup (rep);
  a->street = g_strdup (street);
  a->postcode = g_strdup ("75012");
  a->city = g_strdup ("Paris");
  a->lat = 48.85;
  a->lon = 2.37;
  return a;
}

static void
test_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("voisins-address-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsStore) store = voisins_store_open (path, &error);
  g_autoptr(GPtrArray) base = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_address_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(VoisinsAddress) match = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (base, make ("a1", 12, "", "rue Traversière"));
  g_ptr_array_add (base, make ("a2", 12, "bis", "rue Traversière"));
  g_ptr_array_add (base, make ("a3", 120, "", "rue Traversière"));
  g_ptr_array_add (base, make ("a4", 3, "", "rue de Charenton"));
  g_assert_true (voisins_store_replace_addresses (store, ASSOC, base, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_addresses (store, ASSOC, NULL), ==, 4);

  /* "12 rue Tr…" completes to 12 first, never to a number that is not 12... */
  found = voisins_store_complete_addresses (store, ASSOC, "12 rue Tr", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  text = voisins_address_format (g_ptr_array_index (found, 0));
  g_assert_cmpstr (text, ==, "12 rue Traversière");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* ...and "12" alone to 12, 12 bis and 120. */
  found = voisins_store_complete_addresses (store, ASSOC, "12", 10, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = voisins_store_complete_addresses (store, ASSOC, "charen", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  match = voisins_store_match_address (store, ASSOC, "12B r. TRAVERSIERE", &error);
  g_assert_no_error (error);
  g_assert_nonnull (match);
  g_assert_cmpstr (match->id, ==, "a2");
  g_clear_pointer (&match, voisins_address_free);
  match = voisins_store_match_address (store, ASSOC, "14 rue Traversière", &error);
  g_assert_no_error (error);
  g_assert_null (match);

  /* Replaced whole. */
  g_ptr_array_set_size (base, 1);
  g_assert_true (voisins_store_replace_addresses (store, ASSOC, base, &error));
  g_assert_cmpuint (voisins_store_count_addresses (store, ASSOC, NULL), ==, 1);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/address/normalize", test_normalize);
  g_test_add_func ("/address/parse", test_parse);
  g_test_add_func ("/address/store", test_store);
  return g_test_run ();
}
