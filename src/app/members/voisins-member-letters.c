/* voisins-member-letters.c: the verification letters, printed or saved as PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each letter asks the neighbour to confirm her address with a one-time code: by phoning
 * the association, or by entering it where the association says. Large print for older
 * readers; the code in big unambiguous characters (the server's alphabet has no 0/O, 1/I).
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "voisins-member-letters.h"
#include "voisins-ui-util.h"
#include "voisins-json.h"

#define MARGIN     60.0
#define BODY_SIZE  16
#define TITLE_SIZE 24
#define CODE_SIZE  34

typedef struct
{
  char  *name;
  char  *address;
  char  *code;
  gint64 expires_at;
} Letter;

struct _VoisinsMemberLetters
{
  char      *association;
  char      *phone;
  char      *address;
  char      *email;
  GPtrArray *letters;
};

static void
letter_free (Letter *l)
{
  g_free (l->name);
  g_free (l->address);
  g_free (l->code);
  g_free (l);
}

/* A contact detail of the association, NULL when it has none. */
static char *
detail_or_null (const char *value)
{
  return value && *value ? g_strdup (value) : NULL;
}

VoisinsMemberLetters *
voisins_member_letters_new (VoisinsAssociation *association, GPtrArray *members, JsonArray *letters)
{
  VoisinsMemberLetters *self = g_new0 (VoisinsMemberLetters, 1);

  self->association = g_strdup (association ? voisins_association_get_name (association) : NULL);
  if (association)
    {
      self->phone = detail_or_null (voisins_association_get_phone (association));
      self->address = detail_or_null (voisins_association_get_address (association));
      self->email = detail_or_null (voisins_association_get_email (association));
    }
  self->letters = g_ptr_array_new_with_free_func ((GDestroyNotify) letter_free);

  for (guint i = 0; letters && i < json_array_get_length (letters); i++)
    {
      JsonObject    *o = voisins_json_element_object (letters, i);
      const char    *id = o ? voisins_json_read_string_or (o, "member_id", NULL) : NULL;
      VoisinsMember *member = NULL;
      Letter        *l;

      for (guint k = 0; id && members && k < members->len; k++)
        if (g_strcmp0 (voisins_member_get_id (g_ptr_array_index (members, k)), id) == 0)
          member = g_ptr_array_index (members, k);
      if (member == NULL)
        continue;
      l = g_new0 (Letter, 1);
      l->name = voisins_ui_member_full_name (member);
      l->address = g_strdup_printf (
          "%s\n%s %s",
          voisins_member_get_address (member) ? voisins_member_get_address (member) : "",
          voisins_member_get_postcode (member) ? voisins_member_get_postcode (member) : "",
          voisins_member_get_city (member) ? voisins_member_get_city (member) : "");
      g_strstrip (l->address);
      l->code = g_strdup (voisins_json_read_string_or (o, "code", ""));
      l->expires_at = voisins_json_read_int_or (o, "expires_at", 0);
      g_ptr_array_add (self->letters, l);
    }
  return self;
}

void
voisins_member_letters_free (VoisinsMemberLetters *self)
{
  if (self == NULL)
    return;
  g_free (self->association);
  g_free (self->phone);
  g_free (self->address);
  g_free (self->email);
  g_ptr_array_unref (self->letters);
  g_free (self);
}

guint
voisins_member_letters_get_n_pages (VoisinsMemberLetters *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->letters->len;
}

/* {{{ drawing */

typedef struct
{
  cairo_t *cr;
  double   x;
  double   y;
  double   width;
} Pen;

static void
pen_write (Pen        *pen,
           const char *text,
           int         size,
           gboolean    bold,
           const char *family,
           double      space_after)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (pen->cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (family);
  int w, h;

  /* One Pango point is one cairo unit: the page is in points. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (pen->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (layout, size * PANGO_SCALE / 4);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (pen->cr, pen->x, pen->y);
  pango_cairo_show_layout (pen->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  pen->y += (double) h / PANGO_SCALE + space_after;
}

static void
draw_letter (VoisinsMemberLetters *self, Letter *l, cairo_t *cr, double width, double height)
{
  Pen              pen = { cr, MARGIN, MARGIN, width - 2 * MARGIN };
  g_autofree char *until = voisins_ui_long_date (l->expires_at);
  g_autofree char *today = voisins_ui_long_date (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *greeting = NULL;
  g_autofree char *why = NULL;
  g_autofree char *validity = NULL;
  g_autoptr (GString) contact = g_string_new (NULL);
  double box_top;

  /* The association, as it signs. */
  pen_write (&pen, self->association ? self->association : _ ("Your neighbourhood association"),
             BODY_SIZE + 2, TRUE, "Cantarell", 2);
  if (self->address)
    g_string_append_printf (contact, "%s\n", self->address);
  if (self->phone)
    /* TRANSLATORS: the association's phone number on a letter */
    g_string_append_printf (contact, _ ("Phone: %s"), self->phone);
  if (self->email)
    g_string_append_printf (contact, "%s%s", contact->len ? "\n" : "", self->email);
  if (contact->len)
    pen_write (&pen, contact->str, BODY_SIZE - 2, FALSE, "Cantarell", 0);
  pen.y += 24;

  /* The neighbour, where a window envelope shows her. */
  pen.x = width / 2;
  pen.width = width / 2 - MARGIN;
  pen_write (&pen, l->name, BODY_SIZE, TRUE, "Cantarell", 2);
  pen_write (&pen, l->address, BODY_SIZE, FALSE, "Cantarell", 8);
  pen_write (&pen, today, BODY_SIZE - 2, FALSE, "Cantarell", 28);
  pen.x = MARGIN;
  pen.width = width - 2 * MARGIN;

  pen_write (&pen, _ ("Please confirm your address"), TITLE_SIZE, TRUE, "Cantarell", 14);
  /* TRANSLATORS: the greeting of the verification letter, with her full name */
  greeting = g_strdup_printf (_ ("Dear %s,"), l->name);
  pen_write (&pen, greeting, BODY_SIZE, FALSE, "Cantarell", 8);
  /* TRANSLATORS: %s is the association's name */
  why = g_strdup_printf (_ ("%s checks that each of its members lives in the quartier, so that "
                            "everyone can trust who they help and who helps them. To confirm "
                            "that you live at the address above, give us this code:"),
                         self->association ? self->association : _ ("The association"));
  pen_write (&pen, why, BODY_SIZE, FALSE, "Cantarell", 14);

  /* The code, big, in a box. */
  box_top = pen.y;
  pen.x += 20;
  pen.y += 14;
  pen_write (&pen, l->code, CODE_SIZE, TRUE, "DejaVu Sans Mono", 14);
  pen.x -= 20;
  cairo_save (cr);
  cairo_set_line_width (cr, 2.0);
  cairo_rectangle (cr, MARGIN, box_top, pen.width, pen.y - box_top);
  cairo_stroke (cr);
  cairo_restore (cr);
  pen.y += 10;
  /* TRANSLATORS: %s is a date, "15 March 2027" */
  validity = g_strdup_printf (_ ("This code works once, until %s."), until);
  pen_write (&pen, validity, BODY_SIZE, FALSE, "Cantarell", 18);

  pen_write (&pen, _ ("How to answer"), BODY_SIZE + 2, TRUE, "Cantarell", 6);
  if (self->phone)
    {
      /* TRANSLATORS: %s is the association's phone number */
      g_autofree char *phone = g_strdup_printf (_ ("• Phone the association at %s and read the "
                                                   "code to the volunteer who answers."),
                                                self->phone);

      pen_write (&pen, phone, BODY_SIZE, FALSE, "Cantarell", 6);
    }
  else
    pen_write (&pen,
               _ ("• Phone the association and read the code to the volunteer who "
                  "answers."),
               BODY_SIZE, FALSE, "Cantarell", 6);
  if (self->address)
    {
      /* TRANSLATORS: %s is the association's address */
      g_autofree char *desk =
          g_strdup_printf (_ ("• Or come to the association’s desk, %s, with this letter."),
                           self->address);

      pen_write (&pen, desk, BODY_SIZE, FALSE, "Cantarell", 6);
    }
  else
    pen_write (&pen, _ ("• Or come to the association’s desk with this letter."), BODY_SIZE,
               FALSE, "Cantarell", 6);
  pen.y += 12;
  pen_write (&pen,
             _ ("If you did not ask to join the association, phone us too: we will not "
                "keep your details."),
             BODY_SIZE - 2, FALSE, "Cantarell", 6);
  (void) height;
}

void
voisins_member_letters_draw_page (VoisinsMemberLetters *self,
                                  cairo_t              *cr,
                                  double                width,
                                  double                height,
                                  guint                 page)
{
  g_return_if_fail (self != NULL);

  if (page >= self->letters->len)
    return;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_letter (self, g_ptr_array_index (self->letters, page), cr, width, height);
  cairo_restore (cr);
}

/* }}} */
/* {{{ print */

static void
begin_print_cb (GtkPrintOperation *op, GtkPrintContext *context, VoisinsMemberLetters *self)
{
  gtk_print_operation_set_n_pages (op, MAX (1, self->letters->len));
}

static void
draw_page_cb (GtkPrintOperation *op, GtkPrintContext *context, int page, VoisinsMemberLetters *self)
{
  voisins_member_letters_draw_page (self, gtk_print_context_get_cairo_context (context),
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context), page);
}

gboolean
voisins_member_letters_print (VoisinsMemberLetters *self,
                              GtkWindow            *parent,
                              const char           *pdf_path,
                              GError              **error)
{
  g_autoptr (GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperationResult result;

  g_return_val_if_fail (self != NULL, FALSE);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_job_name (op, _ ("Verification letters"));
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), self);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (pdf_path)
    gtk_print_operation_set_export_filename (op, pdf_path);

  result = gtk_print_operation_run (
      op, pdf_path ? GTK_PRINT_OPERATION_ACTION_EXPORT : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
      parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* }}} */
