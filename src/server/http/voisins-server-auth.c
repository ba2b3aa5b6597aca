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

typedef struct
{
  gint64 window_start;
  guint  count;
} Bucket;

struct _VoisinsServerRateLimit
{
  GMutex      lock;
  GHashTable *accounts;    /* username -> Bucket of failures */
  GHashTable *addresses;   /* address -> Bucket of attempts */
  guint       max_failures;
  guint       max_attempts;
  guint       window;
  guint       max_keys;
};

VoisinsServerRateLimit *
voisins_server_rate_limit_new (guint max_failures_per_account,
                               guint max_attempts_per_address,
                               guint window_seconds,
                               guint max_keys)
{
  VoisinsServerRateLimit *self = g_new0 (VoisinsServerRateLimit, 1);

  g_mutex_init (&self->lock);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  g_hash_table_unref (self->accounts);
  g_hash_table_unref (self->addresses);
  g_mutex_clear (&self->lock);
  g_free (self);
}

typedef struct
{
  const char *key;
  gint64      window_start;
} Candidate;

static int
by_age (gconstpointer a,
        gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  return (ca->window_start > cb->window_start) - (ca->window_start < cb->window_start);
}

/* Makes room in a full table. Emptying it (as before) would let anyone unlock everyone by
 * filling it with made-up names; so expired entries go first, then the oldest entries
 * that are not locked out, down to 90%. Locked-out entries stay until their window ends. */
static void
evict (GHashTable *table,
       gint64      now,
       guint       window,
       guint       limit,
       guint       max_keys)
{
  g_autoptr(GArray) candidates = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint target = max_keys - max_keys / 10;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (now - ((Bucket *) value)->window_start >= window)
      g_hash_table_iter_remove (&iter);
  if (g_hash_table_size (table) < target)
    return;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Bucket *) value)->count < limit)
      {
        Candidate c = { key, ((Bucket *) value)->window_start };

        g_array_append_val (candidates, c);
      }
  g_array_sort (candidates, by_age);
  for (guint i = 0; i < candidates->len && g_hash_table_size (table) >= target; i++)
    g_hash_table_remove (table, g_array_index (candidates, Candidate, i).key);
}

/* NULL when the table is full of locked-out entries: the key is then not counted (memory
 * stays bounded; the ones locked out stay locked). */
static Bucket *
bucket (GHashTable *table,
        const char *key,
        gint64      now,
        guint       window,
        guint       limit,
        guint       max_keys)
{
  Bucket *b = g_hash_table_lookup (table, key);

  if (b == NULL)
    {
      if (g_hash_table_size (table) >= max_keys)
        evict (table, now, window, limit, max_keys);
      if (g_hash_table_size (table) >= max_keys)
        return NULL;
      b = g_new0 (Bucket, 1);
      b->window_start = now;
      g_hash_table_insert (table, g_strdup (key), b);
    }
  if (now - b->window_start >= window)
    {
      b->window_start = now;
      b->count = 0;
    }
  return b;
}

guint
voisins_server_rate_limit_check (VoisinsServerRateLimit *self,
                                 const char             *username,
                                 const char             *address)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  guint wait = 0;
  Bucket *b;

  g_mutex_lock (&self->lock);
  b = bucket (self->addresses, address ? address : "", now, self->window, self->max_attempts,
              self->max_keys);
  if (b && b->count >= self->max_attempts)
    wait = MAX (1, self->window - (now - b->window_start));
  else if (b)
    b->count++;
  if (wait == 0 && username)
    {
      /* Counted as a failure now, under the lock and before the password is hashed, so that
       * parallel attempts cannot all read the same count; a success clears it. */
      b = bucket (self->accounts, username, now, self->window, self->max_failures,
                  self->max_keys);
      if (b && b->count >= self->max_failures)
        wait = MAX (1, self->window - (now - b->window_start));
      else if (b)
        b->count++;
    }
  g_mutex_unlock (&self->lock);
  return wait;
}

void
voisins_server_rate_limit_record (VoisinsServerRateLimit *self,
                                  const char             *username,
                                  gboolean                success)
{
  /* A failure was counted by voisins_server_rate_limit_check() already. */
  if (!success)
    return;
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->accounts, username);
  g_mutex_unlock (&self->lock);
}
