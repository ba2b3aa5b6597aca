/* voisins-association.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-association.h"
#include "voisins-types.h"

struct _VoisinsAssociation
{
  GObject         parent_instance;

  char           *id;
  char           *name;
  char           *quartier;
  char           *phone;
  char           *email;
  char           *address;
  VoisinsPolygon *boundary;
};

G_DEFINE_FINAL_TYPE (VoisinsAssociation, voisins_association, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_QUARTIER,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_ADDRESS,
  PROP_BOUNDARY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
voisins_association_finalize (GObject *object)
{
  VoisinsAssociation *self = (VoisinsAssociation *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->quartier, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->boundary, voisins_polygon_unref);

  G_OBJECT_CLASS (voisins_association_parent_class)->finalize (object);
}

static void
voisins_association_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VoisinsAssociation *self = VOISINS_ASSOCIATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_QUARTIER:
      g_value_set_string (value, self->quartier);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_BOUNDARY:
      g_value_set_boxed (value, self->boundary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_association_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VoisinsAssociation *self = VOISINS_ASSOCIATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      voisins_association_set_name (self, g_value_get_string (value));
      break;
    case PROP_QUARTIER:
      voisins_association_set_quartier (self, g_value_get_string (value));
      break;
    case PROP_PHONE:
      voisins_association_set_phone (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      voisins_association_set_email (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS:
      voisins_association_set_address (self, g_value_get_string (value));
      break;
    case PROP_BOUNDARY:
      voisins_association_set_boundary (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_association_class_init (VoisinsAssociationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = voisins_association_finalize;
  object_class->get_property = voisins_association_get_property;
  object_class->set_property = voisins_association_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_QUARTIER] =
    g_param_spec_string ("quartier", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BOUNDARY] =
    g_param_spec_boxed ("boundary", NULL, NULL, VOISINS_TYPE_POLYGON,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
voisins_association_init (VoisinsAssociation *self)
{
}

VoisinsAssociation *
voisins_association_new (const char     *id,
                         const char     *name,
                         VoisinsPolygon *boundary)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (VOISINS_TYPE_ASSOCIATION,
                       "id", id,
                       "name", name,
                       "boundary", boundary,
                       NULL);
}

const char *
voisins_association_get_id (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->id;
}

const char *
voisins_association_get_name (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->name;
}

void
voisins_association_set_name (VoisinsAssociation *self,
                              const char         *name)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (voisins_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

const char *
voisins_association_get_quartier (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->quartier;
}

void
voisins_association_set_quartier (VoisinsAssociation *self,
                                  const char         *quartier)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (voisins_set_str (&self->quartier, quartier))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUARTIER]);
}

const char *
voisins_association_get_phone (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->phone;
}

void
voisins_association_set_phone (VoisinsAssociation *self,
                               const char         *phone)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (voisins_set_str (&self->phone, phone))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHONE]);
}

const char *
voisins_association_get_email (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->email;
}

void
voisins_association_set_email (VoisinsAssociation *self,
                               const char         *email)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (voisins_set_str (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMAIL]);
}

const char *
voisins_association_get_address (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->address;
}

void
voisins_association_set_address (VoisinsAssociation *self,
                                 const char         *address)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (voisins_set_str (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

VoisinsPolygon *
voisins_association_get_boundary (VoisinsAssociation *self)
{
  g_return_val_if_fail (VOISINS_IS_ASSOCIATION (self), NULL);
  return self->boundary;
}

void
voisins_association_set_boundary (VoisinsAssociation *self,
                                  VoisinsPolygon     *boundary)
{
  g_return_if_fail (VOISINS_IS_ASSOCIATION (self));

  if (self->boundary == boundary)
    return;

  g_clear_pointer (&self->boundary, voisins_polygon_unref);
  if (boundary != NULL)
    self->boundary = voisins_polygon_ref (boundary);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BOUNDARY]);
}
