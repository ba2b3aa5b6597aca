/* voisins-holiday-codec.c: holiday hosts, guests and matches on the wire
 *
 * Written once here: the field specs (which the server validates commands with), the
 * encoders of the commands' args, and the lenient readers of what a pull brings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-holiday-codec.h"
#include "voisins-uuid.h"

const VoisinsFieldSpec voisins_holiday_host_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "association_id", G_TYPE_STRING, TRUE, 36 },
  { "member_id", G_TYPE_STRING, TRUE, 36 },
  { "slots", G_TYPE_INT64, TRUE, 15 },
  { "seats", G_TYPE_INT64, TRUE, VOISINS_SEATS_MAX, VOISINS_SEATS_MIN },
  { "step_free", G_TYPE_BOOLEAN, FALSE, 0 },
  { "pets", G_TYPE_BOOLEAN, FALSE, 0 },
  { "diets", G_TYPE_INT64, FALSE, 31 },
  { "languages", G_TYPE_STRING, FALSE, VOISINS_LANGUAGES_MAX },
  { "alcohol_free", G_TYPE_BOOLEAN, FALSE, 0 },
  { "children", G_TYPE_BOOLEAN, FALSE, 0 },
  { "can_fetch", G_TYPE_BOOLEAN, FALSE, 0 },
  { "notes", G_TYPE_STRING, FALSE, VOISINS_NOTES_MAX },
  { "version", G_TYPE_INT64, FALSE, G_MAXINT },
  { "server_seq", G_TYPE_INT64, FALSE, G_MAXINT },
  /* sent with a put that changes an existing row: the version the edit was made on */
  { "base_version", G_TYPE_INT64, FALSE, G_MAXINT },
  { NULL }
};

const VoisinsFieldSpec voisins_holiday_guest_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "association_id", G_TYPE_STRING, TRUE, 36 },
  { "member_id", G_TYPE_STRING, TRUE, 36 },
  { "slots", G_TYPE_INT64, TRUE, 15 },
  { "no_stairs", G_TYPE_BOOLEAN, FALSE, 0 },
  { "diets", G_TYPE_INT64, FALSE, 31 },
  { "languages", G_TYPE_STRING, FALSE, VOISINS_LANGUAGES_MAX },
  { "pet_allergy", G_TYPE_BOOLEAN, FALSE, 0 },
  { "needs_fetch", G_TYPE_BOOLEAN, FALSE, 0 },
  { "wants_quiet", G_TYPE_BOOLEAN, FALSE, 0 },
  { "notes", G_TYPE_STRING, FALSE, VOISINS_NOTES_MAX },
  { "version", G_TYPE_INT64, FALSE, G_MAXINT },
  { "server_seq", G_TYPE_INT64, FALSE, G_MAXINT },
  /* sent with a put that changes an existing row: the version the edit was made on */
  { "base_version", G_TYPE_INT64, FALSE, G_MAXINT },
  { NULL }
};

const VoisinsFieldSpec voisins_holiday_match_state_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "state", G_TYPE_STRING, TRUE, 16 },
  { "base_version", G_TYPE_INT64, FALSE, 20 },
  { "feedback", G_TYPE_STRING, FALSE, VOISINS_NOTES_MAX },
  { NULL }
};

/* holiday.match.undo_state: back to @state from @from, the state the client saw. */
const VoisinsFieldSpec voisins_holiday_match_undo_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "state", G_TYPE_STRING, TRUE, 16 },
  { "from", G_TYPE_STRING, TRUE, 16 },
  { NULL }
};

const VoisinsFieldSpec voisins_holiday_match_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "host_id", G_TYPE_STRING, TRUE, 36 },
  { "guest_id", G_TYPE_STRING, TRUE, 36 },
  { "slot", G_TYPE_INT64, TRUE, 8 },
  { NULL }
};

/* A coordinator approves a match, and may hand it to another follower (a user id). */
const VoisinsFieldSpec voisins_holiday_match_approve_spec[] = {
  { "id", G_TYPE_STRING, TRUE, 36 },
  { "follower_id", G_TYPE_STRING, FALSE, 36 },
  { NULL }
};

gboolean
voisins_field_spec_check (JsonObject              *obj,
                          const VoisinsFieldSpec  *spec,
                          GError                 **error)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (obj != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    {
      const VoisinsFieldSpec *f;

      for (f = spec; f->name; f++)
        if (g_str_equal (f->name, l->data))
          break;
      if (f->name == NULL)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       "Unknown field “%.40s”", (const char *) l->data);
          return FALSE;
        }
    }

  for (const VoisinsFieldSpec *f = spec; f->name; f++)
    {
      JsonNode *n = json_object_get_member (obj, f->name);

      if (n == NULL || JSON_NODE_HOLDS_NULL (n))
        {
          if (f->required)
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“%s” is required", f->name);
              return FALSE;
            }
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != f->type)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                       "“%s” has the wrong type", f->name);
          return FALSE;
        }
      if (f->type == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (n);
          glong n_chars;

          if (!voisins_json_check_text (s, TRUE, &n_chars))
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“%s” contains characters that are not allowed", f->name);
              return FALSE;
            }
          if (n_chars > (glong) f->max)
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“%s” is too long", f->name);
              return FALSE;
            }
          if (g_str_has_suffix (f->name, "id") && !voisins_uuid_is_valid (s))
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“%s” must be a UUID", f->name);
              return FALSE;
            }
        }
      else if (f->type == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (n);

          if (v < (gint64) f->min || v > (gint64) f->max)
            {
              g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                           "“%s” is out of range", f->name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

JsonNode *
voisins_holiday_host_to_json (const VoisinsHolidayHost *h)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (h != NULL, NULL);

  /* Exactly the server's host_spec (unknown fields are refused). */
  json_object_set_string_member (o, "id", h->id);
  json_object_set_string_member (o, "association_id", h->association_id);
  json_object_set_string_member (o, "member_id", h->member_id);
  json_object_set_int_member (o, "slots", h->slots);
  json_object_set_int_member (o, "seats", h->seats);
  json_object_set_boolean_member (o, "step_free", h->step_free);
  json_object_set_boolean_member (o, "pets", h->pets);
  json_object_set_int_member (o, "diets", h->diets);
  json_object_set_string_member (o, "languages", h->languages ? h->languages : "");
  json_object_set_boolean_member (o, "alcohol_free", h->alcohol_free);
  json_object_set_boolean_member (o, "children", h->children);
  json_object_set_boolean_member (o, "can_fetch", h->can_fetch);
  json_object_set_string_member (o, "notes", h->notes ? h->notes : "");
  json_object_unref (o);  /* held by the node */

  return node;
}

JsonNode *
voisins_holiday_guest_to_json (const VoisinsHolidayGuest *g)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (g != NULL, NULL);

  /* Exactly the server's guest_spec. */
  json_object_set_string_member (o, "id", g->id);
  json_object_set_string_member (o, "association_id", g->association_id);
  json_object_set_string_member (o, "member_id", g->member_id);
  json_object_set_int_member (o, "slots", g->slots);
  json_object_set_boolean_member (o, "no_stairs", g->no_stairs);
  json_object_set_int_member (o, "diets", g->diets);
  json_object_set_string_member (o, "languages", g->languages ? g->languages : "");
  json_object_set_boolean_member (o, "pet_allergy", g->pet_allergy);
  json_object_set_boolean_member (o, "needs_fetch", g->needs_fetch);
  json_object_set_boolean_member (o, "wants_quiet", g->wants_quiet);
  json_object_set_string_member (o, "notes", g->notes ? g->notes : "");
  json_object_unref (o);

  return node;
}

static void
set_nullable_string (JsonObject *o,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

JsonNode *
voisins_holiday_host_to_pull_json (const VoisinsHolidayHost *h)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (h != NULL, NULL);

  set_nullable_string (o, "id", h->id);
  set_nullable_string (o, "association_id", h->association_id);
  set_nullable_string (o, "member_id", h->member_id);
  json_object_set_int_member (o, "slots", h->slots);
  json_object_set_int_member (o, "seats", h->seats);
  json_object_set_boolean_member (o, "step_free", h->step_free);
  json_object_set_boolean_member (o, "pets", h->pets);
  json_object_set_int_member (o, "diets", h->diets);
  set_nullable_string (o, "languages", h->languages);
  json_object_set_boolean_member (o, "alcohol_free", h->alcohol_free);
  json_object_set_boolean_member (o, "children", h->children);
  json_object_set_boolean_member (o, "can_fetch", h->can_fetch);
  set_nullable_string (o, "notes", h->notes);
  json_object_set_int_member (o, "version", h->version);
  json_object_set_int_member (o, "server_seq", h->server_seq);
  set_nullable_string (o, "phone", h->phone);
  set_nullable_string (o, "first_name", h->first_name);
  set_nullable_string (o, "last_name", h->last_name);
  set_nullable_string (o, "address", h->address);
  set_nullable_string (o, "postcode", h->postcode);
  set_nullable_string (o, "city", h->city);
  json_object_unref (o);

  return node;
}

JsonNode *
voisins_holiday_guest_to_pull_json (const VoisinsHolidayGuest *g)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (g != NULL, NULL);

  set_nullable_string (o, "id", g->id);
  set_nullable_string (o, "association_id", g->association_id);
  /* A volunteer's anonymous copy is kept with member_id "": on the wire it has none. */
  set_nullable_string (o, "member_id",
                       g->member_id != NULL && *g->member_id != '\0' ? g->member_id : NULL);
  json_object_set_int_member (o, "slots", g->slots);
  json_object_set_boolean_member (o, "no_stairs", g->no_stairs);
  json_object_set_int_member (o, "diets", g->diets);
  set_nullable_string (o, "languages", g->languages);
  json_object_set_boolean_member (o, "pet_allergy", g->pet_allergy);
  json_object_set_boolean_member (o, "needs_fetch", g->needs_fetch);
  json_object_set_boolean_member (o, "wants_quiet", g->wants_quiet);
  set_nullable_string (o, "notes", g->notes);
  json_object_set_int_member (o, "version", g->version);
  json_object_set_int_member (o, "server_seq", g->server_seq);
  set_nullable_string (o, "street", g->street);
  json_object_set_double_member (o, "approx_lat", g->approx_lat);
  json_object_set_double_member (o, "approx_lon", g->approx_lon);
  set_nullable_string (o, "phone", g->phone);
  set_nullable_string (o, "first_name", g->first_name);
  set_nullable_string (o, "last_name", g->last_name);
  set_nullable_string (o, "address", g->address);
  set_nullable_string (o, "postcode", g->postcode);
  set_nullable_string (o, "city", g->city);
  json_object_unref (o);

  return node;
}

JsonNode *
voisins_holiday_match_to_pull_json (const VoisinsHolidayMatch *m)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  g_return_val_if_fail (m != NULL, NULL);

  set_nullable_string (o, "id", m->id);
  set_nullable_string (o, "association_id", m->association_id);
  set_nullable_string (o, "host_id", m->host_id);
  set_nullable_string (o, "guest_id", m->guest_id);
  json_object_set_int_member (o, "slot", m->slot);
  set_nullable_string (o, "state", voisins_holiday_match_state_to_string (m->state));
  json_object_set_int_member (o, "created_at", m->created_at);
  json_object_set_int_member (o, "updated_at", m->updated_at);
  json_object_set_int_member (o, "version", m->version);
  json_object_set_int_member (o, "server_seq", m->server_seq);
  set_nullable_string (o, "feedback", m->feedback);
  set_nullable_string (o, "follower_id", m->follower_id);
  set_nullable_string (o, "approved_by", m->approved_by);
  json_object_set_int_member (o, "approved_at", m->approved_at);
  json_object_unref (o);

  return node;
}

/* Slots as bits (the current server) or as names (an older one). */
static guint
slot_bits (JsonObject *obj,
           const char *name)
{
  static const char *slots[] = { "dec24-evening", "dec25-lunch", "dec31-evening", "jan01-lunch" };
  JsonNode *node = json_object_get_member (obj, name);
  guint bits = 0;

  if (node == NULL)
    return 0;
  if (JSON_NODE_HOLDS_VALUE (node))
    return (guint) voisins_json_read_int (obj, name);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return 0;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *el = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
        for (guint s = 0; s < G_N_ELEMENTS (slots); s++)
          if (g_str_equal (json_node_get_string (el), slots[s]))
            bits |= 1u << s;
    }

  return bits;
}

void
voisins_holiday_host_read (JsonObject         *obj,
                           VoisinsHolidayHost *out)
{
  g_return_if_fail (obj != NULL);
  g_return_if_fail (out != NULL);

  out->member_id = (char *) voisins_json_read_string (obj, "member_id");
  out->slots = slot_bits (obj, "slots");
  out->seats = (guint) voisins_json_read_int (obj, "seats");
  out->step_free = voisins_json_read_int (obj, "step_free");
  out->pets = voisins_json_read_int (obj, "pets");
  out->diets = (guint) voisins_json_read_int (obj, "diets");
  out->languages = (char *) voisins_json_read_string (obj, "languages");
  out->alcohol_free = voisins_json_read_int (obj, "alcohol_free");
  out->children = voisins_json_read_int (obj, "children");
  out->can_fetch = voisins_json_read_int (obj, "can_fetch");
  out->notes = (char *) voisins_json_read_string (obj, "notes");
  out->version = voisins_json_read_int (obj, "version");
  out->server_seq = voisins_json_read_int (obj, "server_seq");
  out->phone = (char *) voisins_json_read_string (obj, "phone");
  /* The followed view's person fields (absent otherwise). */
  out->first_name = (char *) voisins_json_read_string (obj, "first_name");
  out->last_name = (char *) voisins_json_read_string (obj, "last_name");
  out->address = (char *) voisins_json_read_string (obj, "address");
  out->postcode = (char *) voisins_json_read_string (obj, "postcode");
  out->city = (char *) voisins_json_read_string (obj, "city");
}

void
voisins_holiday_guest_read (JsonObject          *obj,
                            VoisinsHolidayGuest *out)
{
  g_return_if_fail (obj != NULL);
  g_return_if_fail (out != NULL);

  out->member_id = (char *) voisins_json_read_string (obj, "member_id");
  out->slots = slot_bits (obj, "slots");
  out->no_stairs = voisins_json_read_int (obj, "no_stairs");
  out->diets = (guint) voisins_json_read_int (obj, "diets");
  out->languages = (char *) voisins_json_read_string (obj, "languages");
  out->pet_allergy = voisins_json_read_int (obj, "pet_allergy");
  out->needs_fetch = voisins_json_read_int (obj, "needs_fetch");
  out->wants_quiet = voisins_json_read_int (obj, "wants_quiet");
  out->notes = (char *) voisins_json_read_string (obj, "notes");
  out->version = voisins_json_read_int (obj, "version");
  out->server_seq = voisins_json_read_int (obj, "server_seq");
  out->street = (char *) voisins_json_read_string (obj, "street");
  out->approx_lat = voisins_json_read_double (obj, "approx_lat");
  out->approx_lon = voisins_json_read_double (obj, "approx_lon");
  out->phone = (char *) voisins_json_read_string (obj, "phone");
  /* The followed view's person fields (absent otherwise). */
  out->first_name = (char *) voisins_json_read_string (obj, "first_name");
  out->last_name = (char *) voisins_json_read_string (obj, "last_name");
  out->address = (char *) voisins_json_read_string (obj, "address");
  out->postcode = (char *) voisins_json_read_string (obj, "postcode");
  out->city = (char *) voisins_json_read_string (obj, "city");
}

void
voisins_holiday_match_read (JsonObject          *obj,
                            VoisinsHolidayMatch *out)
{
  g_return_if_fail (obj != NULL);
  g_return_if_fail (out != NULL);

  out->host_id = (char *) voisins_json_read_string (obj, "host_id");
  out->guest_id = (char *) voisins_json_read_string (obj, "guest_id");
  out->slot = (guint) voisins_json_read_int (obj, "slot");
  out->created_at = voisins_json_read_int (obj, "created_at");
  out->updated_at = voisins_json_read_int (obj, "updated_at");
  out->version = voisins_json_read_int (obj, "version");
  out->server_seq = voisins_json_read_int (obj, "server_seq");
  out->feedback = (char *) voisins_json_read_string (obj, "feedback");
  out->follower_id = (char *) voisins_json_read_string (obj, "follower_id");
  out->approved_by = (char *) voisins_json_read_string (obj, "approved_by");
  out->approved_at = voisins_json_read_int (obj, "approved_at");
}
