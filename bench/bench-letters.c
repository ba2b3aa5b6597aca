/* bench-letters.c: benchmark #11 of issue 15, verification letters to PDF
 *
 *   bench-letters N PDF
 *       N letters (one page each, the app's own VoisinsMemberLetters, exported through
 *       GtkPrintOperation as the "Print Letters…" action does) into PDF; then, as the
 *       reference, N blank pages through the same GtkPrintOperation export. Prints
 *       "letters pages=N seconds=S" and "blank pages=N seconds=S".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-bench"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "voisins-member-letters.h"

static const char *const first_names[] = { "Maria", "Jean", "Khadija", "Louis", "Mei", "Paul" };
static const char *const streets[] = { "rue de Charenton", "avenue Ledru-Rollin",
                                       "rue Traversière", "rue de Lyon", "rue Crozatier" };

static void
draw_blank_cb (GtkPrintOperation *op,
               GtkPrintContext   *context,
               int                page,
               gpointer           user_data)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_move_to (cr, 10, 10);
  cairo_line_to (cr, 20, 20);
  cairo_stroke (cr);
}

static double
export_blank (guint       n,
              const char *path)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  gtk_print_operation_set_n_pages (op, (int) n);
  gtk_print_operation_set_export_filename (op, path);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_blank_cb), NULL);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      fprintf (stderr, "bench-letters: %s\n", error->message);
      exit (1);
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VoisinsAssociation) association = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonArray) letters = json_array_new ();
  g_autoptr(VoisinsMemberLetters) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *blank_path = NULL;
  guint n;
  gint64 t0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-letters N PDF\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  gtk_init ();
  adw_init ();

  association = voisins_association_new ("01941f29-7c00-7c4f-9c06-6f9631632a42",
                                         "Voisins du Faubourg", NULL);
  voisins_association_set_phone (association, "01 43 43 00 00");
  voisins_association_set_address (association, "4 rue Traversière, 75012 Paris");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VoisinsMember) m = voisins_member_new ();
      g_autofree char *id = g_strdup_printf ("0194%04x-0000-7000-8000-%012x", i, i);
      g_autofree char *last = g_strdup_printf ("Voisin %u", i);
      g_autofree char *address = g_strdup_printf ("%u %s", 1 + i % 90,
                                                  streets[i % G_N_ELEMENTS (streets)]);
      g_autofree char *code = g_strdup_printf ("%06u", (i * 7919) % 1000000);
      JsonObject *letter = json_object_new ();

      voisins_member_set_id (m, id);
      voisins_member_set_first_name (m, first_names[i % G_N_ELEMENTS (first_names)]);
      voisins_member_set_last_name (m, last);
      voisins_member_set_address (m, address);
      voisins_member_set_postcode (m, "75012");
      voisins_member_set_city (m, "Paris");
      json_object_set_string_member (letter, "member_id", id);
      json_object_set_string_member (letter, "code", code);
      json_object_set_int_member (letter, "expires_at", 1798761600);
      json_array_add_object_element (letters, letter);
      g_ptr_array_add (members, g_steal_pointer (&m));
    }

  doc = voisins_member_letters_new (association, members, letters);
  t0 = g_get_monotonic_time ();
  if (!voisins_member_letters_print (doc, NULL, argv[2], &error))
    {
      fprintf (stderr, "bench-letters: %s\n", error->message);
      return 1;
    }
  printf ("letters pages=%u seconds=%.3f\n", voisins_member_letters_get_n_pages (doc),
          (g_get_monotonic_time () - t0) / 1e6);

  blank_path = g_strconcat (argv[2], ".blank.pdf", NULL);
  printf ("blank pages=%u seconds=%.3f\n", n, export_blank (n, blank_path));
  return 0;
}
