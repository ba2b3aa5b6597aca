/* voisins-json.c: strict reading and writing of JSON, shared by every codec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "voisins-json.h"
#include "voisins-json-guard.h"

G_DEFINE_QUARK (voisins-codec-error-quark, voisins_codec_error)

JsonNode *
voisins_json_parse (const char  *data,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  /* Before json-glib sees the bytes: its parser recurses (deep nesting overflows the stack)
   * and accepts more than JSON. */
  if (!voisins_json_guard_check (data, length, VOISINS_JSON_MAX_DEPTH, &local_error))
    {
      g_set_error_literal (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                           local_error->message);
      return NULL;
    }
  if (data == NULL || !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Malformed JSON: %s"),
                   local_error ? local_error->message : _("no data"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Malformed JSON: empty document"));
      return NULL;
    }

  return json_node_ref (root);
}

static void
write_string (GString    *out,
              const char *s)
{
  const char *run = s;
  const char *p;

  g_string_append_c (out, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_string (out, name);
            g_string_append_c (out, ':');
            write_node (out, member);
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          {
            /* Digits from the right, without printf: a record has a dozen numbers. */
            gint64 v = json_node_get_int (node);
            guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;
            char buf[24];
            char *p = buf + sizeof buf;

            do
              *--p = (char) ('0' + u % 10);
            while ((u /= 10) != 0);
            if (v < 0)
              *--p = '-';
            g_string_append_len (out, p, buf + sizeof buf - p);
            break;
          }
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node));
            g_string_append (out, buf);
            /* A double stays one when read back; an exponent is enough for that. */
            if (strpbrk (buf, ".eE") == NULL)
              g_string_append (out, ".0");
            break;
          }
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* What json-glib's generator writes, without its two faults (it writes 1e22 as "1e+22.0"
 * and U+001F raw, neither of which is JSON), in one pass: the generator and the passes
 * mending its output were a quarter of a push's time on the server (callgrind). */
char *
voisins_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  write_node (out, node);
  return g_string_free (out, FALSE);
}

static gboolean
member_node (JsonObject  *object,
             const char  *member,
             gboolean     required,
             JsonNode   **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                       _("Missing field “%s”"), member);
          return FALSE;
        }
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” has the wrong type"), member);
      return FALSE;
    }

  *out = node;
  return TRUE;
}

gboolean
voisins_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” must be a string"), member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
voisins_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gint64      *out,
                      GError     **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” must be an integer"), member);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
voisins_json_get_double (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         double      *out,
                         GError     **error)
{
  JsonNode *node;
  GType type;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” must be a number"), member);
      return FALSE;
    }

  *out = json_node_get_double (node);
  if (!isfinite (*out))
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” must be a finite number"), member);
      return FALSE;
    }

  return TRUE;
}

gboolean
voisins_json_get_bool (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_MALFORMED,
                   _("Field “%s” must be true or false"), member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Counts characters and refuses control characters other than newline and tab. */
gboolean
voisins_json_check_text (const char *text,
                         gboolean    multiline,
                         glong      *n_chars)
{
  if (text == NULL)
    {
      *n_chars = 0;
      return TRUE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  *n_chars = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
        return FALSE;
      (*n_chars)++;
    }

  return TRUE;
}

/* Lenient reading, for what the server sent, the store kept or a client pushed: never a
 * critical, whatever the type of the member (json-glib's own getters warn, and abort under
 * G_DEBUG=fatal-criticals, when a member holds an object where a value was expected). */

/* The member @name of @obj, or the element @index of @array: NULL when absent. */
static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  return obj != NULL ? json_object_get_member (obj, name) : NULL;
}

static JsonNode *
element (JsonArray *array,
         guint      index)
{
  return array != NULL && index < json_array_get_length (array)
             ? json_array_get_element (array, index)
             : NULL;
}

/* What a node holds, read as each type, never with a critical: one conversion per type,
 * shared by the member and element readers. */
static gint64
node_int (JsonNode *node,
          gint64    fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* A cast of a NaN or an out-of-range double is undefined behaviour. */
        if (!(d >= -9.2e18 && d <= 9.2e18))
          return fallback;
        return (gint64) d;
      }
    default:
      return fallback;
    }
}

static const char *
node_string (JsonNode   *node,
             const char *fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

static double
node_double (JsonNode *node,
             double    fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return fallback;
}

static gboolean
node_bool (JsonNode *node,
           gboolean  fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return fallback;
}

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gint64
voisins_json_read_int_or (JsonObject *obj,
                          const char *name,
                          gint64      fallback)
{
  return node_int (member (obj, name), fallback);
}

gint64
voisins_json_read_int (JsonObject *obj,
                       const char *name)
{
  return node_int (member (obj, name), 0);
}

const char *
voisins_json_read_string_or (JsonObject *obj,
                             const char *name,
                             const char *fallback)
{
  return node_string (member (obj, name), fallback);
}

const char *
voisins_json_read_string (JsonObject *obj,
                          const char *name)
{
  return node_string (member (obj, name), NULL);
}

double
voisins_json_read_double_or (JsonObject *obj,
                             const char *name,
                             double      fallback)
{
  return node_double (member (obj, name), fallback);
}

double
voisins_json_read_double (JsonObject *obj,
                          const char *name)
{
  return node_double (member (obj, name), 0);
}

gboolean
voisins_json_read_bool_or (JsonObject *obj,
                           const char *name,
                           gboolean    fallback)
{
  return node_bool (member (obj, name), fallback);
}

gboolean
voisins_json_read_bool (JsonObject *obj,
                        const char *name)
{
  return node_bool (member (obj, name), FALSE);
}

JsonObject *
voisins_json_read_object (JsonObject *obj,
                          const char *name)
{
  return node_object (member (obj, name));
}

JsonArray *
voisins_json_read_array (JsonObject *obj,
                         const char *name)
{
  JsonNode *node = member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
voisins_json_element_object (JsonArray *array,
                             guint      index)
{
  return node_object (element (array, index));
}

const char *
voisins_json_element_string (JsonArray *array,
                             guint      index)
{
  return node_string (element (array, index), NULL);
}

double
voisins_json_element_double (JsonArray *array,
                             guint      index,
                             double     fallback)
{
  return node_double (element (array, index), fallback);
}

gboolean
voisins_json_check_limits (JsonObject                *object,
                           const VoisinsTextLimit    *texts,
                           const VoisinsNumberRange  *numbers,
                           GError                   **error)
{
  g_return_val_if_fail (object != NULL, FALSE);

  for (const VoisinsTextLimit *t = texts; t && t->name; t++)
    {
      const char *value = NULL;
      glong n;

      if (!voisins_json_get_string (object, t->name, FALSE, &value, error))
        return FALSE;
      if (!voisins_json_check_text (value, t->multiline, &n))
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                       _("“%s” contains characters that are not allowed."), t->name);
          return FALSE;
        }
      if (n > (glong) t->max)
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                       _("“%s” is too long: at most %u characters."), t->name, t->max);
          return FALSE;
        }
    }

  for (const VoisinsNumberRange *r = numbers; r && r->name; r++)
    {
      JsonNode *node = json_object_get_member (object, r->name);
      GType type;
      double v;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      if (type == G_TYPE_INT64)
        v = (double) json_node_get_int (node);
      else if (type == G_TYPE_DOUBLE)
        v = json_node_get_double (node);
      else
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                       _("“%s” must be a number."), r->name);
          return FALSE;
        }
      if (r->zero_unset && v == 0)
        continue;
      /* Written so that NaN fails too. */
      if (!(v >= r->min && v <= r->max))
        {
          g_set_error (error, VOISINS_CODEC_ERROR, VOISINS_CODEC_ERROR_INVALID,
                       _("“%s” is out of range: between %.15g and %.15g."), r->name, r->min,
                       r->max);
          return FALSE;
        }
    }

  return TRUE;
}
