/* voisins-store-notices.c
 *
 * Keep Mine used to live in the conflicts dialog; it is a store rule (which fields can be
 * written back, and that the write is an ordinary outbox edit), so it lives here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-store"

#include "voisins-post.h"
#include "voisins-store-notices.h"

static gboolean
set_field (GObject     *object,
           const char  *field,
           const char  *text,
           GError     **error)
{
  g_autofree char *name = g_strdelimit (g_strdup (field), "_", '-');
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);

  if (pspec != NULL && text != NULL)
    {
      GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

      if (type == G_TYPE_STRING)
        {
          g_object_set (object, name, text, NULL);
          return TRUE;
        }
      if (type == G_TYPE_INT64)
        {
          g_object_set (object, name, (gint64) g_ascii_strtoll (text, NULL, 10), NULL);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          g_object_set (object, name, g_ascii_strtod (text, NULL), NULL);
          return TRUE;
        }
      if (G_TYPE_IS_ENUM (type))
        {
          g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);
          GEnumValue *value = g_enum_get_value_by_nick (enum_class, text);

          if (value != NULL)
            {
              g_object_set (object, name, value->value, NULL);
              return TRUE;
            }
        }
    }

  /* The UI words this for people (it knows the field's name in their language). */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "The field %s cannot be written back", field);
  return FALSE;
}

gboolean
voisins_store_settle_notice (VoisinsStore            *self,
                             const VoisinsSyncNotice *notice,
                             gboolean                 keep_mine,
                             GError                 **error)
{
  g_return_val_if_fail (VOISINS_IS_STORE (self), FALSE);
  g_return_val_if_fail (notice != NULL, FALSE);

  if (keep_mine && g_strcmp0 (notice->kind, "conflict") == 0)
    {
      g_autoptr(VoisinsPost) post = voisins_store_get_post (self, notice->entity_id, error);

      if (post == NULL ||
          !set_field (G_OBJECT (post), notice->field, notice->yours, error) ||
          !voisins_store_update_post (self, post, error))
        return FALSE;
    }

  if (!voisins_store_resolve_notice (self, notice->id, error))
    return FALSE;

  voisins_store_emit_notices_changed (self);

  return TRUE;
}
