/* voisins-poster.c: the stairwell poster, this week's events and open offers on A4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the neighbours who are not online: pinned in a stairwell or at the baker's, read from
 * two metres away, so large type and little of it; the association's name, phone and
 * address; and along the bottom a row of tear-off strips with the phone number, turned on
 * their side, to take away.
 */
#define G_LOG_DOMAIN "voisins-app"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "voisins-poster.h"
#include "voisins-ui-util.h"

#define MARGIN       42.0
#define NAME_SIZE    34
#define HEADING_SIZE 24
#define ITEM_SIZE    22
#define SMALL_SIZE   16
#define MAX_EVENTS   6
#define MAX_OFFERS   6
#define N_STRIPS     8
#define STRIP_HEIGHT 185.0
#define WEEK         (7 * 24 * 3600)

struct _VoisinsPoster
{
  char      *association;
  char      *phone;
  char      *address;
  gint64     week_start;
  GPtrArray *events;   /* VoisinsPost, by start */
  GPtrArray *offers;   /* VoisinsPost, newest first */
  guint      more_events;
  guint      more_offers;
};

static GTimeZone *
paris (void)
{
  GTimeZone *tz = g_time_zone_new_identifier (VOISINS_ICAL_TZID);

  return tz ? tz : g_time_zone_new_local ();
}

static int
by_start (gconstpointer a,
          gconstpointer b)
{
  gint64 sa = voisins_post_get_starts_at (*(VoisinsPost **) a);
  gint64 sb = voisins_post_get_starts_at (*(VoisinsPost **) b);

  return sa < sb ? -1 : sa > sb;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 ca = voisins_post_get_created_at (*(VoisinsPost **) a);
  gint64 cb = voisins_post_get_created_at (*(VoisinsPost **) b);

  return ca > cb ? -1 : ca < cb;
}

static char *
detail_or_null (const char *value)
{
  return value && *value ? g_strdup (value) : NULL;
}

VoisinsPoster *
voisins_poster_new (VoisinsAssociation *association,
                    GPtrArray          *posts,
                    gint64              now)
{
  VoisinsPoster *self = g_new0 (VoisinsPoster, 1);
  g_autoptr(GTimeZone) tz = paris ();
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (at, tz);
  g_autoptr(GDateTime) day = g_date_time_new (tz, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);

  if (association)
    {
      self->association = detail_or_null (voisins_association_get_name (association));
      self->phone = detail_or_null (voisins_association_get_phone (association));
      self->address = detail_or_null (voisins_association_get_address (association));
    }
  self->week_start = g_date_time_to_unix (day);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->offers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; posts && i < posts->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (posts, i);
      VoisinsPostStatus status = voisins_post_get_status (post);
      gint64 starts = voisins_post_get_starts_at (post);

      if (voisins_post_get_deleted (post))
        continue;
      if (voisins_post_get_category (post) == VOISINS_CATEGORY_EVENT)
        {
          if (starts >= self->week_start && starts < self->week_start + WEEK &&
              status != VOISINS_POST_STATUS_CANCELLED && status != VOISINS_POST_STATUS_EXPIRED)
            g_ptr_array_add (self->events, g_object_ref (post));
        }
      else if (voisins_post_get_kind (post) == VOISINS_POST_KIND_OFFER &&
               status == VOISINS_POST_STATUS_OPEN)
        g_ptr_array_add (self->offers, g_object_ref (post));
    }
  g_ptr_array_sort (self->events, by_start);
  g_ptr_array_sort (self->offers, newest_first);
  if (self->events->len > MAX_EVENTS)
    {
      self->more_events = self->events->len - MAX_EVENTS;
      g_ptr_array_set_size (self->events, MAX_EVENTS);
    }
  if (self->offers->len > MAX_OFFERS)
    {
      self->more_offers = self->offers->len - MAX_OFFERS;
      g_ptr_array_set_size (self->offers, MAX_OFFERS);
    }
  return self;
}

void
voisins_poster_free (VoisinsPoster *self)
{
  if (self == NULL)
    return;
  g_free (self->association);
  g_free (self->phone);
  g_free (self->address);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->offers);
  g_free (self);
}

guint
voisins_poster_get_n_events (VoisinsPoster *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->events->len;
}

guint
voisins_poster_get_n_offers (VoisinsPoster *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->offers->len;
}

GPtrArray *
voisins_poster_query_posts (VoisinsStore  *store,
                            const char    *association_id,
                            GError       **error)
{
  VoisinsPostQuery query = VOISINS_POST_QUERY_INIT;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  query.association_id = association_id;
  query.status_mask = (1 << VOISINS_POST_STATUS_OPEN) | (1 << VOISINS_POST_STATUS_MATCHED);
  return voisins_store_query_posts (store, &query, error);
}

/* {{{ drawing */

static PangoLayout *
layout_for (cairo_t    *cr,
            const char *text,
            int         size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Cantarell");

  /* One Pango point is one cairo unit: the page is in points. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Writes @text at *y and moves *y below it. */
static void
write_at (cairo_t    *cr,
          double      x,
          double     *y,
          double      width,
          const char *text,
          int         size,
          gboolean    bold,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = layout_for (cr, text, size, bold, width);
  int w, h;

  cairo_move_to (cr, x, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  *y += (double) h / PANGO_SCALE + space_after;
}

static char *
format_time (gint64      when,
             const char *format)
{
  g_autoptr(GTimeZone) tz = paris ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, format);
}

static void
draw_tear_off (VoisinsPoster *self,
               cairo_t       *cr,
               double         width,
               double         top)
{
  const double dashes[] = { 6.0, 4.0 };
  double strip_width = width / N_STRIPS;
  g_autofree char *line = NULL;

  /* The phone first: it is what the strip is torn off for. */
  line = self->phone
    ? g_strdup_printf ("%s\n%s", self->phone, self->association ? self->association : "Voisins")
    : g_strdup (self->association ? self->association : "Voisins");

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, 0, top);
  cairo_line_to (cr, width, top);
  for (int i = 1; i < N_STRIPS; i++)
    {
      cairo_move_to (cr, i * strip_width, top);
      cairo_line_to (cr, i * strip_width, top + STRIP_HEIGHT);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  for (int i = 0; i < N_STRIPS; i++)
    {
      g_autoptr(PangoLayout) layout = layout_for (cr, line, SMALL_SIZE - 3, TRUE,
                                                  STRIP_HEIGHT - 16);
      int w, h;

      /* One line each, a long name shortened rather than wrapped onto a third line. */
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_size (layout, &w, &h);
      cairo_save (cr);
      /* Turned a quarter left: read from bottom to top, as tear-off strips are. */
      cairo_translate (cr, i * strip_width + (strip_width - (double) h / PANGO_SCALE) / 2,
                       top + STRIP_HEIGHT - 8);
      cairo_rotate (cr, -G_PI / 2);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
}

static double
text_height (cairo_t    *cr,
             const char *text,
             int         size,
             gboolean    bold,
             double      width)
{
  g_autoptr(PangoLayout) layout = layout_for (cr, text, size, bold, width);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* "And 3 more events: phone us.", when some did not fit. */
static void
write_more (cairo_t    *cr,
            double      x,
            double     *y,
            double      w,
            const char *format,
            guint       n)
{
  g_autofree char *more = NULL;

  if (n == 0)
    return;
  more = g_strdup_printf (format, n);
  write_at (cr, x, y, w, more, SMALL_SIZE, FALSE, 6);
}

/* The lines of @lines that fit above @limit (keeping room for the "more" line), written;
 * returns how many were not. */
static guint
write_items (cairo_t   *cr,
             double     x,
             double    *y,
             double     w,
             GPtrArray *lines,
             gboolean   bold,
             double     limit)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      double h = text_height (cr, line, ITEM_SIZE, bold, w);
      double room = i + 1 < lines->len ? SMALL_SIZE * 2 : 0;

      if (*y + h + room > limit)
        return lines->len - i;
      write_at (cr, x, y, w, line, ITEM_SIZE, bold, 8);
    }
  return 0;
}

void
voisins_poster_draw (VoisinsPoster *self,
                     cairo_t       *cr,
                     double         width,
                     double         height)
{
  double x = MARGIN, y = MARGIN, w = width - 2 * MARGIN;
  double strips_top = height - MARGIN / 2 - STRIP_HEIGHT;
  double contact_top, limit;
  g_autofree char *from = format_time (self->week_start, "%A %-d %B");
  g_autofree char *to = format_time (self->week_start + WEEK - 3600, "%A %-d %B");
  g_autofree char *week = NULL;
  g_autoptr(GString) contact = g_string_new (NULL);
  g_autoptr(GPtrArray) event_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) offer_lines = g_ptr_array_new_with_free_func (g_free);
  guint left_out;

  g_return_if_fail (self != NULL);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* How to reach the association, just above the strips: what the rest must leave room
   * for. */
  if (self->phone)
    /* TRANSLATORS: the association's phone on the poster */
    g_string_append_printf (contact, _("Phone: %s"), self->phone);
  if (self->address)
    g_string_append_printf (contact, "%s%s", contact->len ? "\n" : "", self->address);
  contact_top = strips_top - 18 - (contact->len ? text_height (cr, contact->str, ITEM_SIZE,
                                                                TRUE, w) : 0);
  limit = contact_top - 12;

  write_at (cr, x, &y, w, self->association ? self->association
                                            : _("Your neighbourhood association"),
            NAME_SIZE, TRUE, 4);
  /* TRANSLATORS: under the association's name on the poster: "From Monday 1 December to
   * Sunday 7 December" */
  week = g_strdup_printf (_("This week in the neighbourhood, from %s to %s"), g_strstrip (from),
                          g_strstrip (to));
  write_at (cr, x, &y, w, week, SMALL_SIZE, FALSE, 22);

  for (guint i = 0; i < self->events->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (self->events, i);
      /* TRANSLATORS: a day and a time on the poster, as strftime: "Saturday 5, 19:00"
       * (%-d: the day without padding) */
      g_autofree char *when = format_time (voisins_post_get_starts_at (post), _("%A %-d, %H:%M"));

      g_ptr_array_add (event_lines, g_strdup_printf ("%s — %s", g_strstrip (when),
                                                     voisins_post_get_title (post)));
    }
  for (guint i = 0; i < self->offers->len; i++)
    {
      VoisinsPost *post = g_ptr_array_index (self->offers, i);

      g_ptr_array_add (offer_lines, g_strdup_printf (
        "• %s (%s)", voisins_post_get_title (post),
        voisins_ui_category_label (voisins_post_get_category (post))));
    }

  write_at (cr, x, &y, w, _("Events"), HEADING_SIZE, TRUE, 8);
  if (self->events->len == 0)
    write_at (cr, x, &y, w, _("No event this week: phone us to start one."), ITEM_SIZE, FALSE, 6);
  /* The events first: half the room left, so that the offers get a place too. */
  left_out = write_items (cr, x, &y, w, event_lines, TRUE, y + (limit - y) * 0.55);
  /* TRANSLATORS: on the poster, after the events it has room for */
  left_out += self->more_events;
  write_more (cr, x, &y, w,
              g_dngettext (NULL, "And %u more event: phone us.", "And %u more events: phone us.",
                           left_out),
              left_out);
  y += 16;

  write_at (cr, x, &y, w, _("Neighbours offer"), HEADING_SIZE, TRUE, 8);
  if (self->offers->len == 0)
    write_at (cr, x, &y, w, _("No offer at the moment."), ITEM_SIZE, FALSE, 6);
  left_out = write_items (cr, x, &y, w, offer_lines, FALSE, limit);
  /* TRANSLATORS: on the poster, after the offers it has room for */
  left_out += self->more_offers;
  write_more (cr, x, &y, w,
              g_dngettext (NULL, "And %u more offer: phone us.", "And %u more offers: phone us.",
                           left_out),
              left_out);

  if (contact->len)
    {
      y = MAX (y + 12, contact_top);
      write_at (cr, x, &y, w, contact->str, ITEM_SIZE, TRUE, 0);
    }

  draw_tear_off (self, cr, width, strips_top);
  cairo_restore (cr);
}

/* }}} */
/* {{{ print */

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                VoisinsPoster     *self)
{
  gtk_print_operation_set_n_pages (op, 1);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              VoisinsPoster     *self)
{
  voisins_poster_draw (self, gtk_print_context_get_cairo_context (context),
                       gtk_print_context_get_width (context),
                       gtk_print_context_get_height (context));
}

gboolean
voisins_poster_print (VoisinsPoster  *self,
                      GtkWindow      *parent,
                      const char     *pdf_path,
                      GError        **error)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperationResult result;

  g_return_val_if_fail (self != NULL, FALSE);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_job_name (op, _("Stairwell poster"));
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
