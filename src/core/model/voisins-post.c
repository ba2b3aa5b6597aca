/* voisins-post.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-post.h"

struct _VoisinsPost
{
  GObject parent_instance;

  char *id;
  char *association_id;
  VoisinsPostKind kind;
  VoisinsCategory category;
  VoisinsPostStatus status;
  char *title;
  char *body;
  char *author_id;
  char *recorded_by;  /* the server's: the user id of the login that recorded it */
  char *author_name;
  double latitude;
  double longitude;
  gint64 created_at;
  gint64 updated_at;
  gint64 starts_at;
  gint64 ends_at;
  gint64 version;
  gint64 server_seq;
  gboolean deleted;
  double distance;
  char             *place;    /* an event's or a group's: an address or "cour du 12" */
  gint64            capacity; /* 0: no limit */
  char             *rrule;    /* an RFC 5545 RRULE value, NULL: once */
};

G_DEFINE_FINAL_TYPE (VoisinsPost, voisins_post, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ASSOCIATION_ID,
  PROP_KIND,
  PROP_CATEGORY,
  PROP_STATUS,
  PROP_TITLE,
  PROP_BODY,
  PROP_AUTHOR_ID,
  PROP_AUTHOR_NAME,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_STARTS_AT,
  PROP_ENDS_AT,
  PROP_VERSION,
  PROP_SERVER_SEQ,
  PROP_DELETED,
  PROP_DISTANCE,
  PROP_RECORDED_BY,
  PROP_PLACE,
  PROP_CAPACITY,
  PROP_RRULE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
voisins_post_finalize (GObject *object)
{
  VoisinsPost *self = (VoisinsPost *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->author_id, g_free);
  g_clear_pointer (&self->recorded_by, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->place, g_free);
  g_clear_pointer (&self->rrule, g_free);

  G_OBJECT_CLASS (voisins_post_parent_class)->finalize (object);
}

static void
voisins_post_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VoisinsPost *self = VOISINS_POST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ASSOCIATION_ID:
      g_value_set_string (value, self->association_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_AUTHOR_ID:
      g_value_set_string (value, self->author_id);
      break;

    case PROP_RECORDED_BY:
      g_value_set_string (value, self->recorded_by);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_CAPACITY:
      g_value_set_int64 (value, self->capacity);
      break;

    case PROP_RRULE:
      g_value_set_string (value, self->rrule);
      break;

    case PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;

    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;

    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    case PROP_STARTS_AT:
      g_value_set_int64 (value, self->starts_at);
      break;

    case PROP_ENDS_AT:
      g_value_set_int64 (value, self->ends_at);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_SERVER_SEQ:
      g_value_set_int64 (value, self->server_seq);
      break;

    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;

    case PROP_DISTANCE:
      g_value_set_double (value, self->distance);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_post_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VoisinsPost *self = VOISINS_POST (object);

  switch (prop_id)
    {
    case PROP_ID:
      voisins_post_set_id (self, g_value_get_string (value));
      break;

    case PROP_ASSOCIATION_ID:
      voisins_post_set_association_id (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      voisins_post_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_CATEGORY:
      voisins_post_set_category (self, g_value_get_enum (value));
      break;

    case PROP_STATUS:
      voisins_post_set_status (self, g_value_get_enum (value));
      break;

    case PROP_TITLE:
      voisins_post_set_title (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      voisins_post_set_body (self, g_value_get_string (value));
      break;

    case PROP_AUTHOR_ID:
      voisins_post_set_author_id (self, g_value_get_string (value));
      break;

    case PROP_RECORDED_BY:
      voisins_post_set_recorded_by (self, g_value_get_string (value));
      break;

    case PROP_PLACE:
      voisins_post_set_place (self, g_value_get_string (value));
      break;

    case PROP_CAPACITY:
      voisins_post_set_capacity (self, g_value_get_int64 (value));
      break;

    case PROP_RRULE:
      voisins_post_set_rrule (self, g_value_get_string (value));
      break;

    case PROP_AUTHOR_NAME:
      voisins_post_set_author_name (self, g_value_get_string (value));
      break;

    case PROP_LATITUDE:
      voisins_post_set_latitude (self, g_value_get_double (value));
      break;

    case PROP_LONGITUDE:
      voisins_post_set_longitude (self, g_value_get_double (value));
      break;

    case PROP_CREATED_AT:
      voisins_post_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      voisins_post_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_STARTS_AT:
      voisins_post_set_starts_at (self, g_value_get_int64 (value));
      break;

    case PROP_ENDS_AT:
      voisins_post_set_ends_at (self, g_value_get_int64 (value));
      break;

    case PROP_VERSION:
      voisins_post_set_version (self, g_value_get_int64 (value));
      break;

    case PROP_SERVER_SEQ:
      voisins_post_set_server_seq (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED:
      voisins_post_set_deleted (self, g_value_get_boolean (value));
      break;

    case PROP_DISTANCE:
      voisins_post_set_distance (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_post_class_init (VoisinsPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = voisins_post_finalize;
  object_class->get_property = voisins_post_get_property;
  object_class->set_property = voisins_post_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ASSOCIATION_ID] =
    g_param_spec_string ("association-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, VOISINS_TYPE_POST_KIND, VOISINS_POST_KIND_REQUEST,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, VOISINS_TYPE_CATEGORY, VOISINS_CATEGORY_SERVICE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, VOISINS_TYPE_POST_STATUS, VOISINS_POST_STATUS_OPEN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_AUTHOR_ID] =
    g_param_spec_string ("author-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_RECORDED_BY] =
    g_param_spec_string ("recorded-by", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLACE] =
      g_param_spec_string ("place", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAPACITY] =
      g_param_spec_int64 ("capacity", NULL, NULL, 0, G_MAXINT64, 0,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RRULE] =
      g_param_spec_string ("rrule", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_AUTHOR_NAME] =
    g_param_spec_string ("author-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LATITUDE] =
    g_param_spec_double ("latitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LONGITUDE] =
    g_param_spec_double ("longitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STARTS_AT] =
    g_param_spec_int64 ("starts-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ENDS_AT] =
    g_param_spec_int64 ("ends-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SERVER_SEQ] =
    g_param_spec_int64 ("server-seq", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DELETED] =
    g_param_spec_boolean ("deleted", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DISTANCE] =
    g_param_spec_double ("distance", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, -1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
voisins_post_init (VoisinsPost *self)
{
  self->distance = -1.0;
}

VoisinsPost *
voisins_post_new (void)
{
  return g_object_new (VOISINS_TYPE_POST, NULL);
}

/**
 * voisins_post_copy:
 *
 * Returns: (transfer full): a new object with the same values, detached from
 *   any list or store that holds @self.
 */
VoisinsPost *
voisins_post_copy (VoisinsPost *self)
{
  VoisinsPost *copy;

  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  copy = voisins_post_new ();
  copy->id = g_strdup (self->id);
  copy->association_id = g_strdup (self->association_id);
  copy->kind = self->kind;
  copy->category = self->category;
  copy->status = self->status;
  copy->title = g_strdup (self->title);
  copy->body = g_strdup (self->body);
  copy->author_id = g_strdup (self->author_id);
  copy->recorded_by = g_strdup (self->recorded_by);
  copy->author_name = g_strdup (self->author_name);
  copy->latitude = self->latitude;
  copy->longitude = self->longitude;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->starts_at = self->starts_at;
  copy->ends_at = self->ends_at;
  copy->version = self->version;
  copy->server_seq = self->server_seq;
  copy->deleted = self->deleted;
  copy->distance = self->distance;
  copy->place = g_strdup (self->place);
  copy->capacity = self->capacity;
  copy->rrule = g_strdup (self->rrule);

  return copy;
}

const char *
voisins_post_get_id (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->id;
}

const char *
voisins_post_get_association_id (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->association_id;
}

VoisinsPostKind
voisins_post_get_kind (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->kind;
}

VoisinsCategory
voisins_post_get_category (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->category;
}

VoisinsPostStatus
voisins_post_get_status (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->status;
}

const char *
voisins_post_get_title (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->title;
}

const char *
voisins_post_get_body (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->body;
}

const char *
voisins_post_get_recorded_by (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->recorded_by;
}

const char *
voisins_post_get_author_id (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->author_id;
}

const char *
voisins_post_get_author_name (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->author_name;
}

double
voisins_post_get_latitude (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->latitude;
}

double
voisins_post_get_longitude (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->longitude;
}

gint64
voisins_post_get_created_at (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->created_at;
}

gint64
voisins_post_get_updated_at (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->updated_at;
}

gint64
voisins_post_get_starts_at (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->starts_at;
}

gint64
voisins_post_get_ends_at (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->ends_at;
}

gint64
voisins_post_get_version (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->version;
}

gint64
voisins_post_get_server_seq (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->server_seq;
}

gboolean
voisins_post_get_deleted (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->deleted;
}

double
voisins_post_get_distance (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->distance;
}

void
voisins_post_set_id (VoisinsPost *self,
                     const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

void
voisins_post_set_association_id (VoisinsPost *self,
                                 const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->association_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ASSOCIATION_ID]);
}

void
voisins_post_set_kind (VoisinsPost *self,
                       VoisinsPostKind value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->kind == value)
    return;

  self->kind = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_KIND]);
}

void
voisins_post_set_category (VoisinsPost *self,
                           VoisinsCategory value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->category == value)
    return;

  self->category = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CATEGORY]);
}

void
voisins_post_set_status (VoisinsPost *self,
                         VoisinsPostStatus value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->status == value)
    return;

  self->status = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

void
voisins_post_set_title (VoisinsPost *self,
                        const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->title, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

void
voisins_post_set_body (VoisinsPost *self,
                       const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->body, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BODY]);
}

void
voisins_post_set_recorded_by (VoisinsPost *self,
                              const char  *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->recorded_by, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECORDED_BY]);
}

void
voisins_post_set_author_id (VoisinsPost *self,
                            const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->author_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AUTHOR_ID]);
}

void
voisins_post_set_author_name (VoisinsPost *self,
                              const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->author_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AUTHOR_NAME]);
}

void
voisins_post_set_latitude (VoisinsPost *self,
                           double value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->latitude == value)
    return;

  self->latitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LATITUDE]);
}

void
voisins_post_set_longitude (VoisinsPost *self,
                            double value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->longitude == value)
    return;

  self->longitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LONGITUDE]);
}

void
voisins_post_set_created_at (VoisinsPost *self,
                             gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->created_at == value)
    return;

  self->created_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CREATED_AT]);
}

void
voisins_post_set_updated_at (VoisinsPost *self,
                             gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->updated_at == value)
    return;

  self->updated_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UPDATED_AT]);
}

void
voisins_post_set_starts_at (VoisinsPost *self,
                            gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->starts_at == value)
    return;

  self->starts_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STARTS_AT]);
}

void
voisins_post_set_ends_at (VoisinsPost *self,
                          gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->ends_at == value)
    return;

  self->ends_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENDS_AT]);
}

void
voisins_post_set_version (VoisinsPost *self,
                          gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->version == value)
    return;

  self->version = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERSION]);
}

void
voisins_post_set_server_seq (VoisinsPost *self,
                             gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->server_seq == value)
    return;

  self->server_seq = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVER_SEQ]);
}

void
voisins_post_set_deleted (VoisinsPost *self,
                          gboolean value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  value = !!value;

  if (self->deleted == value)
    return;

  self->deleted = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DELETED]);
}

void
voisins_post_set_distance (VoisinsPost *self,
                           double value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->distance == value)
    return;

  self->distance = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISTANCE]);
}

const char *
voisins_post_get_place (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->place;
}

gint64
voisins_post_get_capacity (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), 0);

  return self->capacity;
}

const char *
voisins_post_get_rrule (VoisinsPost *self)
{
  g_return_val_if_fail (VOISINS_IS_POST (self), NULL);

  return self->rrule;
}

void
voisins_post_set_place (VoisinsPost *self, const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->place, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
}

void
voisins_post_set_capacity (VoisinsPost *self, gint64 value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (self->capacity == value)
    return;

  self->capacity = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

void
voisins_post_set_rrule (VoisinsPost *self, const char *value)
{
  g_return_if_fail (VOISINS_IS_POST (self));

  if (voisins_set_str (&self->rrule, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RRULE]);
}
