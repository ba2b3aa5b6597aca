/* voisins-server-auth.h: passwords, tokens and login rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "voisins-server-storage.h"

G_BEGIN_DECLS

gboolean  voisins_server_auth_init            (GError     **error);
/* argon2id (crypto_pwhash_str); @fast uses the minimum limits (tests only). */
char     *voisins_server_hash_password        (const char  *password,
                                               gboolean     fast,
                                               GError     **error);
gboolean  voisins_server_verify_password      (const char  *hash,
                                               const char  *password);
/* Runs a verification against a fixed hash, so an unknown user costs the same time. */
void      voisins_server_verify_dummy         (const char  *password,
                                               gboolean     fast);
/* 32 random bytes, base64url without padding (43 characters). */
char     *voisins_server_new_token            (void);
/* What the database stores: hex SHA-256 of the token. */
char     *voisins_server_hash_token           (const char  *token);
gboolean  voisins_server_token_is_wellformed  (const char  *token);

typedef struct _VoisinsServerRateLimit VoisinsServerRateLimit;

/* The login rate limits over @storage's counts (shared by every process serving it). */
VoisinsServerRateLimit *voisins_server_rate_limit_new   (VoisinsServerStorage   *storage,
                                                         guint                   max_failures_per_account,
                                                         guint                   max_attempts_per_address,
                                                         guint                   window_seconds,
                                                         guint                   max_keys);
void                    voisins_server_rate_limit_free  (VoisinsServerRateLimit *self);
/* Counts an attempt (on the address, and as a failure on the account until
 * voisins_server_rate_limit_record() says it succeeded). 0 if allowed, else the seconds
 * to wait. */
guint                   voisins_server_rate_limit_check (VoisinsServerRateLimit *self,
                                                         const char             *username,
                                                         const char             *address);
void                    voisins_server_rate_limit_record (VoisinsServerRateLimit *self,
                                                          const char             *username,
                                                          gboolean                success);

G_END_DECLS
