/* voisins-member.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-core"

#include "voisins-member.h"

struct _VoisinsMember
{
  GObject parent_instance;

  char *id;
  char *association_id;
  char *first_name;
  char *last_name;
  char *address;
  char *postcode;
  char *city;
  char *phone;
  char *email;
  double latitude;
  double longitude;
  double approx_latitude;
  double approx_longitude;
  VoisinsVerification verification;
  char *verified_how;
  char *verified_by;
  gint64 verified_at;
  gint64 consent_at;
  char *consent_by;
  char *consent_scope;
  char *languages;
  char *needs;
  char *contact_channel;
  char *address_override;
  gboolean no_internet;
  gint64 erased_at;
  gint64 created_at;
  gint64 updated_at;
  gint64 version;
  gint64 server_seq;
  gboolean deleted;
};

G_DEFINE_FINAL_TYPE (VoisinsMember, voisins_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ASSOCIATION_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_ADDRESS,
  PROP_POSTCODE,
  PROP_CITY,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_APPROX_LATITUDE,
  PROP_APPROX_LONGITUDE,
  PROP_VERIFICATION,
  PROP_VERIFIED_HOW,
  PROP_VERIFIED_BY,
  PROP_VERIFIED_AT,
  PROP_CONSENT_AT,
  PROP_CONSENT_BY,
  PROP_CONSENT_SCOPE,
  PROP_LANGUAGES,
  PROP_NEEDS,
  PROP_CONTACT_CHANNEL,
  PROP_ADDRESS_OVERRIDE,
  PROP_NO_INTERNET,
  PROP_ERASED_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_VERSION,
  PROP_SERVER_SEQ,
  PROP_DELETED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
voisins_member_finalize (GObject *object)
{
  VoisinsMember *self = (VoisinsMember *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->association_id, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->postcode, g_free);
  g_clear_pointer (&self->city, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->verified_how, g_free);
  g_clear_pointer (&self->verified_by, g_free);
  g_clear_pointer (&self->consent_by, g_free);
  g_clear_pointer (&self->consent_scope, g_free);
  g_clear_pointer (&self->languages, g_free);
  g_clear_pointer (&self->needs, g_free);
  g_clear_pointer (&self->contact_channel, g_free);
  g_clear_pointer (&self->address_override, g_free);

  G_OBJECT_CLASS (voisins_member_parent_class)->finalize (object);
}

static void
voisins_member_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VoisinsMember *self = VOISINS_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ASSOCIATION_ID:
      g_value_set_string (value, self->association_id);
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_POSTCODE:
      g_value_set_string (value, self->postcode);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;

    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;

    case PROP_APPROX_LATITUDE:
      g_value_set_double (value, self->approx_latitude);
      break;

    case PROP_APPROX_LONGITUDE:
      g_value_set_double (value, self->approx_longitude);
      break;

    case PROP_VERIFICATION:
      g_value_set_enum (value, self->verification);
      break;

    case PROP_VERIFIED_HOW:
      g_value_set_string (value, self->verified_how);
      break;

    case PROP_VERIFIED_BY:
      g_value_set_string (value, self->verified_by);
      break;

    case PROP_VERIFIED_AT:
      g_value_set_int64 (value, self->verified_at);
      break;

    case PROP_CONSENT_AT:
      g_value_set_int64 (value, self->consent_at);
      break;

    case PROP_CONSENT_BY:
      g_value_set_string (value, self->consent_by);
      break;

    case PROP_CONSENT_SCOPE:
      g_value_set_string (value, self->consent_scope);
      break;

    case PROP_LANGUAGES:
      g_value_set_string (value, self->languages);
      break;

    case PROP_NEEDS:
      g_value_set_string (value, self->needs);
      break;

    case PROP_CONTACT_CHANNEL:
      g_value_set_string (value, self->contact_channel);
      break;

    case PROP_ADDRESS_OVERRIDE:
      g_value_set_string (value, self->address_override);
      break;

    case PROP_NO_INTERNET:
      g_value_set_boolean (value, self->no_internet);
      break;

    case PROP_ERASED_AT:
      g_value_set_int64 (value, self->erased_at);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_member_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VoisinsMember *self = VOISINS_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      voisins_member_set_id (self, g_value_get_string (value));
      break;

    case PROP_ASSOCIATION_ID:
      voisins_member_set_association_id (self, g_value_get_string (value));
      break;

    case PROP_FIRST_NAME:
      voisins_member_set_first_name (self, g_value_get_string (value));
      break;

    case PROP_LAST_NAME:
      voisins_member_set_last_name (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS:
      voisins_member_set_address (self, g_value_get_string (value));
      break;

    case PROP_POSTCODE:
      voisins_member_set_postcode (self, g_value_get_string (value));
      break;

    case PROP_CITY:
      voisins_member_set_city (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      voisins_member_set_phone (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      voisins_member_set_email (self, g_value_get_string (value));
      break;

    case PROP_LATITUDE:
      voisins_member_set_latitude (self, g_value_get_double (value));
      break;

    case PROP_LONGITUDE:
      voisins_member_set_longitude (self, g_value_get_double (value));
      break;

    case PROP_APPROX_LATITUDE:
      voisins_member_set_approx_latitude (self, g_value_get_double (value));
      break;

    case PROP_APPROX_LONGITUDE:
      voisins_member_set_approx_longitude (self, g_value_get_double (value));
      break;

    case PROP_VERIFICATION:
      voisins_member_set_verification (self, g_value_get_enum (value));
      break;

    case PROP_VERIFIED_HOW:
      voisins_member_set_verified_how (self, g_value_get_string (value));
      break;

    case PROP_VERIFIED_BY:
      voisins_member_set_verified_by (self, g_value_get_string (value));
      break;

    case PROP_VERIFIED_AT:
      voisins_member_set_verified_at (self, g_value_get_int64 (value));
      break;

    case PROP_CONSENT_AT:
      voisins_member_set_consent_at (self, g_value_get_int64 (value));
      break;

    case PROP_CONSENT_BY:
      voisins_member_set_consent_by (self, g_value_get_string (value));
      break;

    case PROP_CONSENT_SCOPE:
      voisins_member_set_consent_scope (self, g_value_get_string (value));
      break;

    case PROP_LANGUAGES:
      voisins_member_set_languages (self, g_value_get_string (value));
      break;

    case PROP_NEEDS:
      voisins_member_set_needs (self, g_value_get_string (value));
      break;

    case PROP_CONTACT_CHANNEL:
      voisins_member_set_contact_channel (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS_OVERRIDE:
      voisins_member_set_address_override (self, g_value_get_string (value));
      break;

    case PROP_NO_INTERNET:
      voisins_member_set_no_internet (self, g_value_get_boolean (value));
      break;

    case PROP_ERASED_AT:
      voisins_member_set_erased_at (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      voisins_member_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      voisins_member_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_VERSION:
      voisins_member_set_version (self, g_value_get_int64 (value));
      break;

    case PROP_SERVER_SEQ:
      voisins_member_set_server_seq (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED:
      voisins_member_set_deleted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
voisins_member_class_init (VoisinsMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = voisins_member_finalize;
  object_class->get_property = voisins_member_get_property;
  object_class->set_property = voisins_member_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ASSOCIATION_ID] =
    g_param_spec_string ("association-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_POSTCODE] =
    g_param_spec_string ("postcode", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LATITUDE] =
    g_param_spec_double ("latitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LONGITUDE] =
    g_param_spec_double ("longitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_APPROX_LATITUDE] =
    g_param_spec_double ("approx-latitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_APPROX_LONGITUDE] =
    g_param_spec_double ("approx-longitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VERIFICATION] =
    g_param_spec_enum ("verification", NULL, NULL, VOISINS_TYPE_VERIFICATION, VOISINS_VERIFICATION_UNVERIFIED,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VERIFIED_HOW] =
    g_param_spec_string ("verified-how", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VERIFIED_BY] =
    g_param_spec_string ("verified-by", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VERIFIED_AT] =
    g_param_spec_int64 ("verified-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONSENT_AT] =
    g_param_spec_int64 ("consent-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONSENT_BY] =
    g_param_spec_string ("consent-by", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONSENT_SCOPE] =
    g_param_spec_string ("consent-scope", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LANGUAGES] =
    g_param_spec_string ("languages", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_NEEDS] =
    g_param_spec_string ("needs", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONTACT_CHANNEL] =
    g_param_spec_string ("contact-channel", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ADDRESS_OVERRIDE] =
    g_param_spec_string ("address-override", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_NO_INTERNET] =
    g_param_spec_boolean ("no-internet", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ERASED_AT] =
    g_param_spec_int64 ("erased-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
voisins_member_init (VoisinsMember *self)
{
}

VoisinsMember *
voisins_member_new (void)
{
  return g_object_new (VOISINS_TYPE_MEMBER, NULL);
}

/**
 * voisins_member_copy:
 *
 * Returns: (transfer full): a new object with the same values, detached from
 *   any list or store that holds @self.
 */
VoisinsMember *
voisins_member_copy (VoisinsMember *self)
{
  VoisinsMember *copy;

  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  copy = voisins_member_new ();
  copy->id = g_strdup (self->id);
  copy->association_id = g_strdup (self->association_id);
  copy->first_name = g_strdup (self->first_name);
  copy->last_name = g_strdup (self->last_name);
  copy->address = g_strdup (self->address);
  copy->postcode = g_strdup (self->postcode);
  copy->city = g_strdup (self->city);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->latitude = self->latitude;
  copy->longitude = self->longitude;
  copy->approx_latitude = self->approx_latitude;
  copy->approx_longitude = self->approx_longitude;
  copy->verification = self->verification;
  copy->verified_how = g_strdup (self->verified_how);
  copy->verified_by = g_strdup (self->verified_by);
  copy->verified_at = self->verified_at;
  copy->consent_at = self->consent_at;
  copy->consent_by = g_strdup (self->consent_by);
  copy->consent_scope = g_strdup (self->consent_scope);
  copy->languages = g_strdup (self->languages);
  copy->needs = g_strdup (self->needs);
  copy->contact_channel = g_strdup (self->contact_channel);
  copy->address_override = g_strdup (self->address_override);
  copy->no_internet = self->no_internet;
  copy->erased_at = self->erased_at;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->version = self->version;
  copy->server_seq = self->server_seq;
  copy->deleted = self->deleted;

  return copy;
}

const char *
voisins_member_get_id (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->id;
}

const char *
voisins_member_get_association_id (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->association_id;
}

const char *
voisins_member_get_first_name (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->first_name;
}

const char *
voisins_member_get_last_name (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->last_name;
}

const char *
voisins_member_get_address (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->address;
}

const char *
voisins_member_get_postcode (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->postcode;
}

const char *
voisins_member_get_city (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->city;
}

const char *
voisins_member_get_phone (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->phone;
}

const char *
voisins_member_get_email (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->email;
}

double
voisins_member_get_latitude (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->latitude;
}

double
voisins_member_get_longitude (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->longitude;
}

double
voisins_member_get_approx_latitude (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->approx_latitude;
}

double
voisins_member_get_approx_longitude (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->approx_longitude;
}

VoisinsVerification
voisins_member_get_verification (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->verification;
}

const char *
voisins_member_get_verified_how (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->verified_how;
}

const char *
voisins_member_get_verified_by (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->verified_by;
}

gint64
voisins_member_get_verified_at (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->verified_at;
}

gint64
voisins_member_get_consent_at (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->consent_at;
}

const char *
voisins_member_get_consent_by (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->consent_by;
}

const char *
voisins_member_get_consent_scope (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->consent_scope;
}

const char *
voisins_member_get_languages (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->languages;
}

const char *
voisins_member_get_needs (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->needs;
}

gint64
voisins_member_get_created_at (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->created_at;
}

gint64
voisins_member_get_updated_at (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->updated_at;
}

gint64
voisins_member_get_version (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->version;
}

gint64
voisins_member_get_server_seq (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->server_seq;
}

gboolean
voisins_member_get_deleted (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->deleted;
}

void
voisins_member_set_id (VoisinsMember *self,
                       const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

void
voisins_member_set_association_id (VoisinsMember *self,
                                   const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->association_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ASSOCIATION_ID]);
}

void
voisins_member_set_first_name (VoisinsMember *self,
                               const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->first_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FIRST_NAME]);
}

void
voisins_member_set_last_name (VoisinsMember *self,
                              const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->last_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_NAME]);
}

void
voisins_member_set_address (VoisinsMember *self,
                            const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->address, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

void
voisins_member_set_postcode (VoisinsMember *self,
                             const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->postcode, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_POSTCODE]);
}

void
voisins_member_set_city (VoisinsMember *self,
                         const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->city, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CITY]);
}

void
voisins_member_set_phone (VoisinsMember *self,
                          const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->phone, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHONE]);
}

void
voisins_member_set_email (VoisinsMember *self,
                          const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->email, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMAIL]);
}

void
voisins_member_set_latitude (VoisinsMember *self,
                             double value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->latitude == value)
    return;

  self->latitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LATITUDE]);
}

void
voisins_member_set_longitude (VoisinsMember *self,
                              double value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->longitude == value)
    return;

  self->longitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LONGITUDE]);
}

void
voisins_member_set_approx_latitude (VoisinsMember *self,
                                    double value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->approx_latitude == value)
    return;

  self->approx_latitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_APPROX_LATITUDE]);
}

void
voisins_member_set_approx_longitude (VoisinsMember *self,
                                     double value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->approx_longitude == value)
    return;

  self->approx_longitude = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_APPROX_LONGITUDE]);
}

void
voisins_member_set_verification (VoisinsMember *self,
                                 VoisinsVerification value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->verification == value)
    return;

  self->verification = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERIFICATION]);
}

void
voisins_member_set_verified_how (VoisinsMember *self,
                                 const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->verified_how, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERIFIED_HOW]);
}

void
voisins_member_set_verified_by (VoisinsMember *self,
                                const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->verified_by, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERIFIED_BY]);
}

void
voisins_member_set_verified_at (VoisinsMember *self,
                                gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->verified_at == value)
    return;

  self->verified_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERIFIED_AT]);
}

void
voisins_member_set_consent_at (VoisinsMember *self,
                               gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->consent_at == value)
    return;

  self->consent_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONSENT_AT]);
}

void
voisins_member_set_consent_by (VoisinsMember *self,
                               const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->consent_by, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONSENT_BY]);
}

void
voisins_member_set_consent_scope (VoisinsMember *self,
                                  const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->consent_scope, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONSENT_SCOPE]);
}

void
voisins_member_set_languages (VoisinsMember *self,
                              const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->languages, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LANGUAGES]);
}

void
voisins_member_set_needs (VoisinsMember *self,
                          const char *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->needs, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NEEDS]);
}

void
voisins_member_set_created_at (VoisinsMember *self,
                               gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->created_at == value)
    return;

  self->created_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CREATED_AT]);
}

void
voisins_member_set_updated_at (VoisinsMember *self,
                               gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->updated_at == value)
    return;

  self->updated_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UPDATED_AT]);
}

void
voisins_member_set_version (VoisinsMember *self,
                            gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->version == value)
    return;

  self->version = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERSION]);
}

void
voisins_member_set_server_seq (VoisinsMember *self,
                               gint64 value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->server_seq == value)
    return;

  self->server_seq = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVER_SEQ]);
}

void
voisins_member_set_deleted (VoisinsMember *self,
                            gboolean value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  value = !!value;

  if (self->deleted == value)
    return;

  self->deleted = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DELETED]);
}

/* How she reaches the association: "phone", "visit", "online", or NULL when unknown. */
const char *
voisins_member_get_contact_channel (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->contact_channel;
}

void
voisins_member_set_contact_channel (VoisinsMember *self,
                                    const char    *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->contact_channel, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTACT_CHANNEL]);
}

gboolean
voisins_member_get_no_internet (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), FALSE);

  return self->no_internet;
}

void
voisins_member_set_no_internet (VoisinsMember *self,
                                gboolean       value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  value = !!value;
  if (self->no_internet == value)
    return;

  self->no_internet = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NO_INTERNET]);
}

/* When her personal data was erased at her request (0: never). An erased member keeps her
 * id (posts and holiday rows point at it) and nothing else. */
gint64
voisins_member_get_erased_at (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), 0);

  return self->erased_at;
}

void
voisins_member_set_erased_at (VoisinsMember *self,
                              gint64         value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (self->erased_at == value)
    return;

  self->erased_at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERASED_AT]);
}

gboolean
voisins_member_contact_channel_is_valid (const char *channel)
{
  return channel == NULL || g_str_equal (channel, "phone") || g_str_equal (channel, "visit") ||
         g_str_equal (channel, "online");
}

/* Why a coordinator accepted an address that is not in the quartier's address base (or
 * outside the boundary); NULL when the address was checked. Only coordinators may set it;
 * the server logs it in the members' audit trail. */
const char *
voisins_member_get_address_override (VoisinsMember *self)
{
  g_return_val_if_fail (VOISINS_IS_MEMBER (self), NULL);

  return self->address_override;
}

void
voisins_member_set_address_override (VoisinsMember *self,
                                     const char    *value)
{
  g_return_if_fail (VOISINS_IS_MEMBER (self));

  if (voisins_set_str (&self->address_override, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS_OVERRIDE]);
}
