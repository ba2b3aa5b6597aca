/* voisins-server-config.h: voisins-server's settings (key file + command line)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *listen;                 /* address, default 127.0.0.1 */
  int     port;                   /* default 8080; 0 = ephemeral */
  char    *database;               /* SQLite file or postgresql:// URI */
  char    *basemap_dir;            /* the basemaps' MBTiles (NULL: voisins_basemap_path ()) */
  char   *tls_certificate;        /* PEM files: TLS straight from the server when both set */
  char   *tls_key;
  gint64  token_lifetime;         /* seconds, default 30 days */
  gint64  tombstone_horizon;      /* seconds, default 180 days */
  int     purge_interval;         /* seconds between purges, default 3600 */
  int     busy_timeout_ms;        /* SQLite busy timeout, default 5000 */
  int     idle_timeout;           /* socket idle timeout in seconds, default 60 */
  int     request_timeout;        /* seconds to receive a whole request, default 60 */
  gsize   max_body;               /* bytes, default 1 MiB */
  guint   login_failures;         /* per account per window, default 5 */
  guint   login_attempts;         /* per address per window, default 30 */
  guint   login_window;           /* seconds, default 900 */
  guint   rate_limit_keys;        /* entries per rate-limit table, default 100000 */
  guint   max_connections;        /* open at once, default 512; more get 503 */
  gsize   pull_page_bytes;        /* JSON rows per pull answer, default 4 MiB */
  gint64  restore_grace;          /* seconds after a restore an edit of a missing record waits */
  guint   push_quota;             /* mutations per user per minute, default 6000; more get 429 */
  char  **trusted_proxies;        /* peers whose X-Forwarded-For is believed; default none */
  gboolean fast_password_hash;    /* minimum argon2id limits: tests only */
  gint64   letter_code_lifetime;  /* seconds a verification letter's code works, default 60 days */
  int      member_review_years;   /* members with no activity for this long are listed, default 3 */
  guint    workers;               /* serving processes on one port and database, default 1 */
  gboolean reuse_port;            /* not a key: set in each worker (SO_REUSEPORT) */
} VoisinsServerConfig;

VoisinsServerConfig *voisins_server_config_new   (void);
/* Reads [server] from a key file over the defaults. */
gboolean             voisins_server_config_load  (VoisinsServerConfig  *config,
                                                  const char           *path,
                                                  GError              **error);
void                 voisins_server_config_free  (VoisinsServerConfig  *config);
/* "auto" (one per core) or 1 to 64; FALSE with @error otherwise. */
gboolean             voisins_server_config_parse_workers (const char  *text,
                                                          guint       *workers,
                                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VoisinsServerConfig, voisins_server_config_free)

G_END_DECLS
