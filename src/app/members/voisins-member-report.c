/* voisins-member-report.c: a member's data report (an access request), as JSON and PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON is the server's answer as it came, for whoever asks for her data in a machine
 * form; the PDF says the same for her to read: her record field by field, then the posts,
 * holiday rows, letters, reveals and the audit trail.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "voisins-core.h"
#include "voisins-member-report.h"
#include "voisins-ui-util.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0
#define MARGIN    56.0
#define BODY_SIZE 11

typedef struct
{
  cairo_t *cr;
  double   y;
} Pen;

static void
pen_line (Pen *pen, const char *text, int size, gboolean bold, double space_after)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (pen->cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Cantarell");
  int w, h;

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((A4_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  if (pen->y + (double) h / PANGO_SCALE > A4_HEIGHT - MARGIN)
    {
      cairo_show_page (pen->cr);
      pen->y = MARGIN;
    }
  cairo_move_to (pen->cr, MARGIN, pen->y);
  pango_cairo_show_layout (pen->cr, layout);
  pen->y += (double) h / PANGO_SCALE + space_after;
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return voisins_json_to_string (node);
}

static void
object_lines (Pen *pen, JsonObject *object)
{
  g_autoptr (GList) names = json_object_get_members (object);

  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *value = value_text (json_object_get_member (object, l->data));
      g_autofree char *line = g_strdup_printf ("%s: %s", (const char *) l->data, value);

      pen_line (pen, line, BODY_SIZE, FALSE, 1);
    }
}

static void
section (Pen *pen, JsonObject *report, const char *key, const char *title)
{
  JsonArray *rows =
      json_object_has_member (report, key) ? voisins_json_read_array (report, key) : NULL;
  guint n = rows ? json_array_get_length (rows) : 0;

  pen->y += 10;
  pen_line (pen, title, BODY_SIZE + 3, TRUE, 4);
  if (n == 0)
    pen_line (pen, _ ("None."), BODY_SIZE, FALSE, 2);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = voisins_json_element_object (rows, i);

      if (row)
        object_lines (pen, row);
      pen->y += 6;
    }
}

gboolean
voisins_member_report_write (JsonObject *report,
                             const char *json_path,
                             const char *pdf_path,
                             GError    **error)
{
  g_return_val_if_fail (report != NULL, FALSE);

  if (json_path)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), report);
      g_autoptr (JsonGenerator) gen = json_generator_new ();

      json_generator_set_root (gen, node);
      json_generator_set_pretty (gen, TRUE);
      if (!json_generator_to_file (gen, json_path, error))
        return FALSE;
    }

  if (pdf_path)
    {
      cairo_surface_t *surface = cairo_pdf_surface_create (pdf_path, A4_WIDTH, A4_HEIGHT);
      Pen              pen = { cairo_create (surface), MARGIN };
      JsonObject      *member = voisins_json_read_object (report, "member");
      g_autofree char *when =
          voisins_ui_long_date (voisins_json_read_int_or (report, "generated_at", 0));
      g_autofree char *subtitle = NULL;
      cairo_status_t   status;

      cairo_set_source_rgb (pen.cr, 0, 0, 0);
      pen_line (&pen, _ ("Data held about a member"), 22, TRUE, 4);
      /* TRANSLATORS: %s is a date */
      subtitle = g_strdup_printf (
          _ ("Everything the association’s server holds about this member, on %s."), when);
      pen_line (&pen, subtitle, BODY_SIZE + 1, FALSE, 12);
      pen_line (&pen, _ ("The member’s record"), BODY_SIZE + 3, TRUE, 4);
      if (member)
        object_lines (&pen, member);
      section (&pen, report, "posts", _ ("Posts made for this member"));
      section (&pen, report, "holiday_hosts", _ ("Holiday table: as a host"));
      section (&pen, report, "holiday_guests", _ ("Holiday table: as a guest"));
      section (&pen, report, "holiday_matches", _ ("Holiday table: matches"));
      section (&pen, report, "holiday_reveals", _ ("Who was shown these details"));
      section (&pen, report, "letters", _ ("Verification letters"));
      section (&pen, report, "audit", _ ("History: verification, consent, reports"));
      cairo_show_page (pen.cr);
      cairo_destroy (pen.cr);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The PDF could not be written: %s"),
                       cairo_status_to_string (status));
          return FALSE;
        }
    }
  return TRUE;
}
