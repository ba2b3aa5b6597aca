/* voisins-holiday-print.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-holiday"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "voisins-holiday-match.h"
#include "voisins-holiday-print.h"

/* Points (1/72 inch). A4, generous margins, large type for older readers. */
#define A4_WIDTH       595.0
#define A4_HEIGHT      842.0
#define MARGIN         56.0
#define BODY_SIZE      15
#define TITLE_SIZE     26
#define CALLS_PER_PAGE 7

struct _VoisinsHolidayDocument
{
  GPtrArray *letters;   /* VoisinsHolidayLetter, or NULL */
  GPtrArray *calls;     /* VoisinsHolidayCall, or NULL */
  char      *association;
};

int
voisins_holiday_campaign_year (gint64 now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (now);

  /* Until the purge in January, the campaign is last December's. */
  if (g_date_time_get_month (dt) == 1)
    return g_date_time_get_year (dt) - 1;
  return g_date_time_get_year (dt);
}

char *
voisins_holiday_diets_text (guint diets)
{
  static const struct { guint bit; const char *label; } names[] = {
    { VOISINS_DIET_VEGETARIAN, N_("vegetarian") },
    { VOISINS_DIET_HALAL, N_("halal") },
    { VOISINS_DIET_NO_PORK, N_("no pork") },
    { VOISINS_DIET_DIABETIC, N_("diabetic") },
    { VOISINS_DIET_GLUTEN_FREE, N_("gluten-free") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (diets & names[i].bit)
      {
        if (text->len > 0)
          /* TRANSLATORS: between two diets, "vegetarian, gluten-free" */
          g_string_append (text, _(", "));
        g_string_append (text, _(names[i].label));
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
voisins_holiday_letter_free (VoisinsHolidayLetter *letter)
{
  if (letter == NULL)
    return;
  g_free (letter->recipient);
  g_free (letter->other);
  g_free (letter->date);
  g_free (letter->time);
  g_free (letter->address);
  g_free (letter->fetch_address);
  g_free (letter->association);
  g_free (letter->phone);
  g_free (letter->association_address);
  g_free (letter->association_email);
  g_clear_pointer (&letter->agreed, g_ptr_array_unref);
  g_free (letter);
}

void
voisins_holiday_call_free (VoisinsHolidayCall *call)
{
  if (call == NULL)
    return;
  g_free (call->match_id);
  g_free (call->when);
  g_free (call->who);
  g_free (call->phone);
  g_free (call->about);
  g_free (call);
}

/* {{{ from the store */

static gpointer
find_person (GPtrArray  *people,
             const char *id,
             gboolean    host)
{
  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      VoisinsHolidayPerson *p = g_ptr_array_index (people, i);

      if (host && p->host != NULL && g_strcmp0 (p->host->id, id) == 0)
        return p->host;
      if (!host && p->guest != NULL && g_strcmp0 (p->guest->id, id) == 0)
        return p->guest;
    }
  return NULL;
}

static VoisinsHolidayMatch *
find_match (GPtrArray  *matches,
            const char *id)
{
  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (matches, i);

      if (g_strcmp0 (m->id, id) == 0)
        return m;
    }
  return NULL;
}

/* "Jeanne M." or "Jeanne Martin" -> "Jeanne" */
static char *
first_name (const char *name)
{
  const char *space;

  if (name == NULL)
    return g_strdup ("");
  space = strchr (name, ' ');
  return space ? g_strndup (name, space - name) : g_strdup (name);
}

static void
slot_when (guint   slot,
           char  **date,
           char  **time)
{
  g_autoptr(VoisinsHolidayCampaign) campaign = NULL;
  const VoisinsHolidaySlotInfo *info;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  campaign = voisins_holiday_campaign_new_default (
    voisins_holiday_campaign_year (g_get_real_time () / G_USEC_PER_SEC));
  info = voisins_holiday_campaign_get_slot (campaign, slot);
  if (info == NULL)
    {
      *date = g_strdup ("");
      *time = g_strdup ("");
      return;
    }
  /* The meal is in Paris, whatever this computer's time zone. */
  tz = g_time_zone_new_identifier ("Europe/Paris");
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  utc = g_date_time_new_from_unix_utc (info->starts_at);
  dt = g_date_time_to_timezone (utc, tz);
  /* TRANSLATORS: the meal's date in a letter, see g_date_time_format(); French: "%A %-d %B %Y" */
  *date = g_date_time_format (dt, _("%A %-d %B %Y"));
  /* TRANSLATORS: the meal's time in a letter; French: "%H h %M" */
  *time = g_date_time_format (dt, _("%H:%M"));
}

VoisinsHolidayLetter *
voisins_holiday_letter_new_for_match (VoisinsStore              *store,
                                      VoisinsAssociation        *association,
                                      const char                *match_id,
                                      VoisinsHolidayLetterKind   kind,
                                      const char                *viewer,
                                      GError                   **error)
{
  g_autoptr(VoisinsHolidayLetter) letter = g_new0 (VoisinsHolidayLetter, 1);
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  g_autoptr(VoisinsHolidayContact) host_contact = NULL;
  g_autoptr(VoisinsHolidayContact) guest_contact = NULL;
  const char *association_id;
  VoisinsHolidayMatch *m;
  VoisinsHolidayHost *host;
  VoisinsHolidayGuest *guest;
  gboolean fetch;
  g_autofree char *diets = NULL;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (association), NULL);

  association_id = voisins_association_get_id (association);
  if (!(matches = voisins_store_list_holiday_matches (store, association_id, 0, error)) ||
      !(hosts = voisins_store_list_holiday_hosts (store, association_id, error)) ||
      !(guests = voisins_store_list_holiday_guests (store, association_id, error)))
    return NULL;

  m = find_match (matches, match_id);
  host = m ? find_person (hosts, m->host_id, TRUE) : NULL;
  guest = m ? find_person (guests, m->guest_id, FALSE) : NULL;
  if (m == NULL || host == NULL || guest == NULL)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_NOT_FOUND,
                           _("This match no longer exists"));
      return NULL;
    }
  if (m->state != VOISINS_HOLIDAY_MATCH_CONFIRMED && m->state != VOISINS_HOLIDAY_MATCH_DONE)
    {
      g_set_error_literal (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_INVALID,
                           _("A letter can be printed once both sides have confirmed"));
      return NULL;
    }

  fetch = guest->needs_fetch && host->can_fetch;
  host_contact = voisins_store_get_holiday_contact (store, host->member_id, m->id,
                                                    kind == VOISINS_HOLIDAY_LETTER_GUEST,
                                                    viewer, error);
  if (host_contact == NULL)
    return NULL;
  guest_contact = voisins_store_get_holiday_contact (store, guest->member_id, m->id,
                                                     kind == VOISINS_HOLIDAY_LETTER_HOST && fetch,
                                                     viewer, error);
  if (guest_contact == NULL)
    return NULL;

  letter->kind = kind;
  if (kind == VOISINS_HOLIDAY_LETTER_GUEST)
    {
      letter->recipient = first_name (m->guest_name);
      letter->other = first_name (m->host_name);
    }
  else
    {
      letter->recipient = first_name (m->host_name);
      letter->other = first_name (m->guest_name);
    }
  slot_when (m->slot, &letter->date, &letter->time);
  if (host_contact->revealed)
    letter->address = g_strdup (host_contact->address);
  if (guest_contact->revealed)
    letter->fetch_address = g_strdup (guest_contact->address);
  letter->association = g_strdup (voisins_association_get_name (association));
  letter->phone = g_strdup (voisins_association_get_phone (association));
  letter->association_address = g_strdup (voisins_association_get_address (association));
  letter->association_email = g_strdup (voisins_association_get_email (association));

  letter->agreed = g_ptr_array_new_with_free_func (g_free);
  diets = voisins_holiday_diets_text (guest->diets);
  if (*diets != '\0')
    g_ptr_array_add (letter->agreed,
                     /* TRANSLATORS: what was agreed, %s is "vegetarian, no pork" */
                     g_strdup_printf (_("The meal will be %s."), diets));
  if (fetch && kind == VOISINS_HOLIDAY_LETTER_GUEST)
    g_ptr_array_add (letter->agreed,
                     /* TRANSLATORS: %s is the host's first name */
                     g_strdup_printf (_("%s will come to fetch you at home, and take you "
                                        "back after the meal."), letter->other));
  else if (fetch)
    g_ptr_array_add (letter->agreed,
                     /* TRANSLATORS: %s is the guest's first name */
                     g_strdup_printf (_("You will fetch %s at home, and take them back "
                                        "after the meal."), letter->other));
  if (guest->no_stairs)
    g_ptr_array_add (letter->agreed, g_strdup (_("No stairs to climb: step-free or with a lift.")));
  if (guest->pet_allergy)
    g_ptr_array_add (letter->agreed, g_strdup (_("No pets in the home.")));
  if (guest->wants_quiet)
    g_ptr_array_add (letter->agreed, g_strdup (_("A quiet table.")));

  return g_steal_pointer (&letter);
}

GPtrArray *
voisins_holiday_calls_from_store (VoisinsStore        *store,
                                  VoisinsAssociation  *association,
                                  const char          *viewer,
                                  GError             **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_call_free);
  g_autoptr(VoisinsHolidayCampaign) campaign = NULL;
  const char *association_id;

  g_return_val_if_fail (VOISINS_IS_STORE (store), NULL);

  association_id = voisins_association_get_id (association);
  if (!(matches = voisins_store_list_holiday_calls (store, association_id, error)) ||
      !(hosts = voisins_store_list_holiday_hosts (store, association_id, error)) ||
      !(guests = voisins_store_list_holiday_guests (store, association_id, error)))
    return NULL;

  campaign = voisins_holiday_campaign_new_default (
    voisins_holiday_campaign_year (g_get_real_time () / G_USEC_PER_SEC));

  for (guint i = 0; i < matches->len; i++)
    {
      VoisinsHolidayMatch *m = g_ptr_array_index (matches, i);
      const VoisinsHolidaySlotInfo *info = voisins_holiday_campaign_get_slot (campaign, m->slot);
      gboolean call_host = m->state == VOISINS_HOLIDAY_MATCH_PROPOSED;
      VoisinsHolidayHost *host = find_person (hosts, m->host_id, TRUE);
      VoisinsHolidayGuest *guest = find_person (guests, m->guest_id, FALSE);
      g_autoptr(VoisinsHolidayContact) contact = NULL;
      VoisinsHolidayCall *call;
      const char *member_id;

      if (host == NULL || guest == NULL)
        continue;
      member_id = call_host ? host->member_id : guest->member_id;
      /* Only what the store allows: it reveals phones of confirmed matches only. */
      contact = voisins_store_get_holiday_contact (store, member_id, m->id, TRUE, viewer, NULL);

      call = g_new0 (VoisinsHolidayCall, 1);
      call->match_id = g_strdup (m->id);
      call->state = m->state;
      call->waiting = voisins_holiday_match_is_waiting (m);
      call->when = g_strdup (info ? info->label : "");
      if (call_host)
        {
          /* TRANSLATORS: %s is the host's name */
          call->who = g_strdup_printf (_("%s (host)"), m->host_name);
          /* TRANSLATORS: what to ask the host, %s is the guest's name */
          call->about = g_strdup_printf (_("Can they welcome %s?"), m->guest_name);
        }
      else
        {
          /* TRANSLATORS: %s is the guest's name */
          call->who = g_strdup_printf (_("%s (guest)"), m->guest_name);
          /* TRANSLATORS: what to tell the guest, %s is the host's name */
          call->about = g_strdup_printf (_("%s agreed: does the guest accept?"), m->host_name);
        }
      if (contact != NULL && contact->phone != NULL && *contact->phone != '\0')
        call->phone = g_strdup (contact->phone);
      g_ptr_array_add (calls, call);
    }

  return g_steal_pointer (&calls);
}

/* }}} */
/* {{{ drawing */

VoisinsHolidayDocument *
voisins_holiday_document_new_letters (GPtrArray *letters)
{
  VoisinsHolidayDocument *doc = g_new0 (VoisinsHolidayDocument, 1);

  doc->letters = letters;
  return doc;
}

VoisinsHolidayDocument *
voisins_holiday_document_new_call_sheet (GPtrArray  *calls,
                                         const char *association)
{
  VoisinsHolidayDocument *doc = g_new0 (VoisinsHolidayDocument, 1);

  doc->calls = calls;
  doc->association = g_strdup (association);
  return doc;
}

void
voisins_holiday_document_free (VoisinsHolidayDocument *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->letters, g_ptr_array_unref);
  g_clear_pointer (&doc->calls, g_ptr_array_unref);
  g_free (doc->association);
  g_free (doc);
}

guint
voisins_holiday_document_get_n_pages (VoisinsHolidayDocument *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  if (doc->letters != NULL)
    return doc->letters->len;
  return MAX (1, (doc->calls->len + CALLS_PER_PAGE - 1) / CALLS_PER_PAGE);
}

typedef struct
{
  cairo_t *cr;
  double   x;
  double   y;
  double   width;
} Pen;

/* Writes @markup at the pen, wrapped to its width, and moves the pen down. */
static void
pen_write (Pen        *pen,
           const char *markup,
           int         size,
           gboolean    bold,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (pen->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Cantarell");
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
  pango_layout_set_markup (layout, markup, -1);

  cairo_move_to (pen->cr, pen->x, pen->y);
  pango_cairo_show_layout (pen->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  pen->y += (double) h / PANGO_SCALE + space_after;
}

static void
pen_printf (Pen        *pen,
            int         size,
            gboolean    bold,
            double      space_after,
            const char *format,
            ...) G_GNUC_PRINTF (5, 6);

static void
pen_printf (Pen        *pen,
            int         size,
            gboolean    bold,
            double      space_after,
            const char *format,
            ...)
{
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  pen_write (pen, markup, size, bold, space_after);
}

static void
draw_letter (const VoisinsHolidayLetter *l,
             cairo_t                    *cr,
             double                      width,
             double                      height)
{
  Pen pen = { cr, MARGIN, MARGIN, width - 2 * MARGIN };
  gboolean guest = l->kind == VOISINS_HOLIDAY_LETTER_GUEST;

  cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  pen_printf (&pen, TITLE_SIZE, TRUE, 4, "%s",
              guest ? _("Your holiday meal") : _("Your holiday table"));
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  pen_printf (&pen, BODY_SIZE - 2, FALSE, 24, "%s", l->association ? l->association : "");
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* TRANSLATORS: the greeting of a letter, %s is a first name */
  pen_printf (&pen, BODY_SIZE, FALSE, 14, _("Dear %s,"), l->recipient);
  if (guest)
    pen_printf (&pen, BODY_SIZE, FALSE, 18,
                /* TRANSLATORS: %s is the host's first name */
                _("Good news: %s is looking forward to sharing a holiday meal with you."),
                l->other);
  else
    pen_printf (&pen, BODY_SIZE, FALSE, 18,
                /* TRANSLATORS: %s is the guest's first name */
                _("Thank you for opening your table. %s will be very happy to join you."),
                l->other);

  /* The essentials, bigger, in a light box. */
  {
    double top = pen.y;
    Pen box = { cr, MARGIN + 16, top + 14, pen.width - 32 };

    cairo_save (cr);
    cairo_set_source_rgb (cr, 0, 0, 0);
    /* TRANSLATORS: "When:" then a date and a time, "Tuesday 24 December 2024 at 19:00" */
    pen_printf (&box, BODY_SIZE + 3, TRUE, 8, _("When: %s at %s"), l->date, l->time);
    if (l->address != NULL)
      pen_printf (&box, BODY_SIZE + 3, TRUE, 8, _("Where: %s"), l->address);
    if (guest)
      pen_printf (&box, BODY_SIZE + 3, TRUE, 0, _("Your host: %s"), l->other);
    else
      pen_printf (&box, BODY_SIZE + 3, TRUE, 0, _("Your guest: %s"), l->other);
    if (l->fetch_address != NULL)
      {
        box.y += 8;
        pen_printf (&box, BODY_SIZE + 3, TRUE, 0, _("To fetch them: %s"), l->fetch_address);
      }
    cairo_restore (cr);

    cairo_save (cr);
    cairo_rectangle (cr, MARGIN, top, pen.width, box.y + 14 - top);
    cairo_set_line_width (cr, 2);
    cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
    cairo_stroke (cr);
    cairo_restore (cr);
    pen.y = box.y + 14 + 22;
  }

  if (l->agreed != NULL && l->agreed->len > 0)
    {
      pen_printf (&pen, BODY_SIZE, TRUE, 6, "%s", _("What we agreed:"));
      for (guint i = 0; i < l->agreed->len; i++)
        pen_printf (&pen, BODY_SIZE, FALSE, 4, "•  %s",
                    (const char *) g_ptr_array_index (l->agreed, i));
      pen.y += 14;
    }

  if (l->phone != NULL && *l->phone != '\0')
    pen_printf (&pen, BODY_SIZE, FALSE, 18,
                /* TRANSLATORS: %s is the association's phone number */
                _("If anything changes, or if you have a question, call us: %s. "
                  "We will be glad to help."), l->phone);
  else
    pen_printf (&pen, BODY_SIZE, FALSE, 18, "%s",
                _("If anything changes, or if you have a question, call the association. "
                  "We will be glad to help."));

  pen_printf (&pen, BODY_SIZE, FALSE, 6, "%s", _("We wish you a very happy holiday season."));
  /* TRANSLATORS: the letter's signature, %s is the association's name */
  pen_printf (&pen, BODY_SIZE, FALSE, 0, _("The volunteers of %s"),
              l->association ? l->association : "");

  /* How to reach the association, as on any letter a neighbour keeps by the phone. */
  if ((l->association_address && *l->association_address) || (l->phone && *l->phone) ||
      (l->association_email && *l->association_email))
    {
      pen.y += 24;
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, MARGIN, pen.y);
      cairo_line_to (cr, MARGIN + pen.width, pen.y);
      cairo_stroke (cr);
      cairo_restore (cr);
      pen.y += 10;
      pen_printf (&pen, BODY_SIZE, TRUE, 4, "%s", l->association ? l->association : "");
      if (l->association_address && *l->association_address)
        pen_printf (&pen, BODY_SIZE, FALSE, 4, "%s", l->association_address);
      if (l->phone && *l->phone)
        /* TRANSLATORS: in the association's contact block at the foot of a letter */
        pen_printf (&pen, BODY_SIZE, FALSE, 4, _("Phone: %s"), l->phone);
      if (l->association_email && *l->association_email)
        /* TRANSLATORS: in the association's contact block at the foot of a letter */
        pen_printf (&pen, BODY_SIZE, FALSE, 0, _("Email: %s"), l->association_email);
    }
}

static void
draw_call_sheet (VoisinsHolidayDocument *doc,
                 cairo_t                *cr,
                 double                  width,
                 double                  height,
                 guint                   page)
{
  Pen pen = { cr, MARGIN, MARGIN, width - 2 * MARGIN };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, _("%A %-d %B %Y"));
  guint first = page * CALLS_PER_PAGE;

  pen_printf (&pen, TITLE_SIZE - 4, TRUE, 4, "%s", _("Calls to make today"));
  /* TRANSLATORS: under the call sheet's title: the date, then the association */
  pen_printf (&pen, BODY_SIZE - 2, FALSE, 20, _("%s — %s"), today,
              doc->association ? doc->association : "");

  if (doc->calls->len == 0)
    {
      pen_printf (&pen, BODY_SIZE, FALSE, 0, "%s", _("No calls to make today."));
      return;
    }

  for (guint i = first; i < doc->calls->len && i < first + CALLS_PER_PAGE; i++)
    {
      VoisinsHolidayCall *c = g_ptr_array_index (doc->calls, i);
      double top = pen.y;

      pen_printf (&pen, BODY_SIZE + 1, TRUE, 2, "☐  %s", c->who);
      pen.x += 26;
      pen.width -= 26;
      if (c->phone != NULL)
        pen_printf (&pen, BODY_SIZE + 1, TRUE, 2, _("Phone: %s"), c->phone);
      else
        pen_printf (&pen, BODY_SIZE, FALSE, 2, "%s",
                    _("Phone: on the neighbour’s card in Voisins"));
      pen_printf (&pen, BODY_SIZE, FALSE, 2, "%s — %s", c->when, c->about);
      pen_printf (&pen, BODY_SIZE - 2, FALSE, 12, "%s",
                  _("Answer: ______________________________"));
      pen.x -= 26;
      pen.width += 26;

      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, MARGIN, pen.y - 6);
      cairo_line_to (cr, width - MARGIN, pen.y - 6);
      cairo_stroke (cr);
      cairo_restore (cr);
      (void) top;
      pen.y += 6;
    }
}

void
voisins_holiday_document_draw_page (VoisinsHolidayDocument *doc,
                                    cairo_t                *cr,
                                    double                  width,
                                    double                  height,
                                    guint                   page)
{
  g_return_if_fail (doc != NULL);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (doc->letters != NULL)
    {
      if (page < doc->letters->len)
        draw_letter (g_ptr_array_index (doc->letters, page), cr, width, height);
    }
  else
    draw_call_sheet (doc, cr, width, height, page);
  cairo_restore (cr);
}

gboolean
voisins_holiday_document_write_pdf (VoisinsHolidayDocument  *doc,
                                    const char              *path,
                                    GError                 **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);
  n = voisins_holiday_document_get_n_pages (doc);
  for (guint i = 0; i < n; i++)
    {
      voisins_holiday_document_draw_page (doc, cr, A4_WIDTH, A4_HEIGHT, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* TRANSLATORS: %s is the reason, from the drawing library */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
voisins_holiday_letter_write_pdf (const VoisinsHolidayLetter  *letter,
                                  const char                  *path,
                                  GError                     **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (letter != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);
  draw_letter (letter, cr, A4_WIDTH, A4_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* }}} */
/* {{{ print dialog */

static void
begin_print_cb (GtkPrintOperation      *op,
                GtkPrintContext        *context,
                VoisinsHolidayDocument *doc)
{
  gtk_print_operation_set_n_pages (op, voisins_holiday_document_get_n_pages (doc));
}

static void
draw_page_cb (GtkPrintOperation      *op,
              GtkPrintContext        *context,
              int                     page,
              VoisinsHolidayDocument *doc)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  /* The full page, in points: the drawing keeps its own margins. */
  voisins_holiday_document_draw_page (doc, cr, width, height, page);
}

static void
print_done_cb (GtkPrintOperation       *op,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (op, &error);
  g_warning ("Printing failed: %s", error ? error->message : "?");
}

void
voisins_holiday_document_print (VoisinsHolidayDocument *doc,
                                GtkWindow              *parent)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (doc != NULL);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  gtk_print_operation_set_job_name (op, doc->letters ? _("Holiday table letters")
                                                     : _("Holiday table calls"));
  g_object_set_data_full (G_OBJECT (op), "voisins-document", doc,
                          (GDestroyNotify) voisins_holiday_document_free);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), doc);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), doc);
  g_signal_connect (op, "done", G_CALLBACK (print_done_cb), parent);

  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Printing failed: %s", error->message);
}

/* }}} */

typedef struct
{
  VoisinsAssociation       *association;
  char                     *match_id;
  VoisinsHolidayLetterKind  kind;
  char                     *viewer;
  char                     *pdf_path;
} DocumentData;

static void
document_data_free (DocumentData *data)
{
  g_clear_object (&data->association);
  g_free (data->match_id);
  g_free (data->viewer);
  g_free (data->pdf_path);
  g_free (data);
}

static void
document_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DocumentData *data = task_data;
  g_autoptr(VoisinsHolidayDocument) doc = NULL;
  GError *error = NULL;
  gboolean ok;

  if (data->match_id != NULL)
    {
      VoisinsHolidayLetter *letter;
      GPtrArray *letters;

      letter = voisins_holiday_letter_new_for_match (source_object, data->association,
                                                     data->match_id, data->kind, data->viewer,
                                                     &error);
      if (letter == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      letters = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_holiday_letter_free);
      g_ptr_array_add (letters, letter);
      doc = voisins_holiday_document_new_letters (letters);
      ok = data->pdf_path == NULL ||
           voisins_holiday_letter_write_pdf (letter, data->pdf_path, &error);
    }
  else
    {
      const char *name;
      GPtrArray *calls;

      calls = voisins_holiday_calls_from_store (source_object, data->association, data->viewer,
                                                &error);
      if (calls == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      name = voisins_association_get_name (data->association);
      doc = voisins_holiday_document_new_call_sheet (calls, name);
      ok = data->pdf_path == NULL ||
           voisins_holiday_document_write_pdf (doc, data->pdf_path, &error);
    }

  if (ok)
    g_task_return_pointer (task, g_steal_pointer (&doc),
                           (GDestroyNotify) voisins_holiday_document_free);
  else
    g_task_return_error (task, error);
}

void
voisins_holiday_document_new_async (VoisinsStore             *store,
                                    VoisinsAssociation       *association,
                                    const char               *match_id,
                                    VoisinsHolidayLetterKind  kind,
                                    const char               *viewer,
                                    const char               *pdf_path,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  DocumentData *data;

  g_return_if_fail (VOISINS_IS_STORE (store));
  g_return_if_fail (VOISINS_IS_ASSOCIATION (association));

  data = g_new0 (DocumentData, 1);
  data->association = g_object_ref (association);
  data->match_id = g_strdup (match_id);
  data->kind = kind;
  data->viewer = g_strdup (viewer);
  data->pdf_path = g_strdup (pdf_path);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, voisins_holiday_document_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) document_data_free);
  g_task_run_in_thread (task, document_worker);
}

VoisinsHolidayDocument *
voisins_holiday_document_new_finish (VoisinsStore  *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
