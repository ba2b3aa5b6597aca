/* voisins-server-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <sodium.h>
#include <string.h>

#include "voisins-server-auth.h"
#include "voisins-server-storage.h"

gboolean
voisins_server_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                           "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

char *
voisins_server_hash_password (const char  *password,
                              gboolean     fast,
                              GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (out, password, strlen (password),
                             fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                           "Out of memory while hashing the password");
      return NULL;
    }
  return g_strdup (out);
}

gboolean
voisins_server_verify_password (const char *hash,
                                const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

void
voisins_server_verify_dummy (const char *password,
                             gboolean    fast)
{
  static char *dummy[2];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      dummy[0] = voisins_server_hash_password ("not a password", FALSE, NULL);
      dummy[1] = voisins_server_hash_password ("not a password", TRUE, NULL);
      g_once_init_leave (&once, 1);
    }
  voisins_server_verify_password (dummy[fast ? 1 : 0], password);
}

char *
voisins_server_new_token (void)
{
  guchar raw[32];
  char out[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (out);
}

char *
voisins_server_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

gboolean
voisins_server_token_is_wellformed (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;
  len = strlen (token);
  if (len < 16 || len > 128)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The policy; the counts are the storage's (login_attempts in SQLite), shared by every
 * process serving it. */
struct _VoisinsServerRateLimit
{
  VoisinsServerStorage *storage;
  guint                 max_failures;
  guint                 max_attempts;
  guint                 window;
  guint                 max_keys;
};

VoisinsServerRateLimit *
voisins_server_rate_limit_new (VoisinsServerStorage *storage,
                               guint                 max_failures_per_account,
                               guint                 max_attempts_per_address,
                               guint                 window_seconds,
                               guint                 max_keys)
{
  VoisinsServerRateLimit *self = g_new0 (VoisinsServerRateLimit, 1);

  self->storage = g_object_ref (storage);
  self->max_failures = max_failures_per_account;
  self->max_attempts = max_attempts_per_address;
  self->window = MAX (window_seconds, 1);
  self->max_keys = MAX (max_keys, 10);
  return self;
}

void
voisins_server_rate_limit_free (VoisinsServerRateLimit *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->storage);
  g_free (self);
}

guint
voisins_server_rate_limit_check (VoisinsServerRateLimit *self,
                                 const char             *username,
                                 const char             *address)
{
  g_autoptr(GError) error = NULL;
  guint wait = 0;

  /* A failure is counted on the account now, before the password is hashed, so that
   * parallel attempts cannot all read the same count; a success clears it. */
  if (!voisins_server_storage_count_attempt (self->storage, VOISINS_SERVER_ATTEMPTS_ADDRESS,
                                             address ? address : "", self->max_attempts,
                                             self->window, self->max_keys, &wait, &error) ||
      (wait == 0 && username &&
       !voisins_server_storage_count_attempt (self->storage, VOISINS_SERVER_ATTEMPTS_ACCOUNT,
                                              username, self->max_failures, self->window,
                                              self->max_keys, &wait, &error)))
    {
      /* Not counted is not allowed: the client is told to come back in a moment. */
      g_debug ("rate limit not counted: %s", error->message);
      return 1;
    }
  return wait;
}

void
voisins_server_rate_limit_record (VoisinsServerRateLimit *self,
                                  const char             *username,
                                  gboolean                success)
{
  g_autoptr(GError) error = NULL;

  /* A failure was counted by voisins_server_rate_limit_check() already. */
  if (!success)
    return;
  if (!voisins_server_storage_clear_attempts (self->storage, VOISINS_SERVER_ATTEMPTS_ACCOUNT,
                                              username, &error))
    g_warning ("A login's failures could not be cleared: %s", error->message);
}
