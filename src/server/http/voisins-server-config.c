/* voisins-server-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-server"

#include <gio/gio.h>

#include "voisins-server-config.h"

#define GROUP "server"

VoisinsServerConfig *
voisins_server_config_new (void)
{
  VoisinsServerConfig *config = g_new0 (VoisinsServerConfig, 1);

  config->listen = g_strdup ("127.0.0.1");
  config->port = 8080;
  config->database = g_strdup ("voisins-server.db");
  config->token_lifetime = 30 * 24 * 3600;
  config->tombstone_horizon = 180 * 24 * 3600;
  config->purge_interval = 3600;
  config->busy_timeout_ms = 5000;
  config->idle_timeout = 60;
  config->request_timeout = 60;
  config->max_body = 1024 * 1024;
  config->login_failures = 5;
  config->login_attempts = 30;
  config->login_window = 900;
  config->rate_limit_keys = 100000;
  /* Well under the descriptor limit (raised to the hard limit at start-up), leaving room
   * for SQLite, the main loop and the refusals themselves. */
  config->max_connections = 512;
  config->workers = 1;
  config->pull_page_bytes = 4 * 1024 * 1024;
  config->restore_grace = 3 * 24 * 3600;
  config->push_quota = 6000;
  /* Weak hashing only where a config file asks for it (tests): never from the environment. */
  config->fast_password_hash = FALSE;
  config->letter_code_lifetime = 60 * 86400;
  config->member_review_years = 3;
  return config;
}

static gboolean
read_int (GKeyFile    *kf,
          const char  *key,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 v;

  if (!g_key_file_has_key (kf, GROUP, key, NULL))
    return TRUE;
  v = g_key_file_get_int64 (kf, GROUP, key, &local_error);
  if (local_error || v < min || v > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "“%s” must be an integer between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                   key, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static void
read_string (GKeyFile    *kf,
             const char  *key,
             char       **out)
{
  char *v = g_key_file_get_string (kf, GROUP, key, NULL);

  if (v)
    {
      g_free (*out);
      *out = g_strstrip (v);
    }
}

gboolean
voisins_server_config_load (VoisinsServerConfig  *config,
                            const char           *path,
                            GError              **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  gint64 v;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return FALSE;

  read_string (kf, "listen", &config->listen);
  read_string (kf, "database", &config->database);
  read_string (kf, "basemap-dir", &config->basemap_dir);
  read_string (kf, "tls-certificate", &config->tls_certificate);
  read_string (kf, "tls-key", &config->tls_key);

#define INT_KEY(key, min, max, field) \
  v = config->field; \
  if (!read_int (kf, key, min, max, &v, error)) \
    return FALSE; \
  config->field = v;

  INT_KEY ("port", 0, 65535, port);
  INT_KEY ("busy-timeout-ms", 1, 600000, busy_timeout_ms);
  INT_KEY ("idle-timeout-seconds", 1, 3600, idle_timeout);
  INT_KEY ("request-timeout-seconds", 1, 3600, request_timeout);
  INT_KEY ("max-body-bytes", 1024, 64 * 1024 * 1024, max_body);
  INT_KEY ("login-failures-per-account", 1, 1000000, login_failures);
  INT_KEY ("login-attempts-per-address", 1, 1000000, login_attempts);
  INT_KEY ("login-window-seconds", 1, 86400, login_window);
  INT_KEY ("purge-interval-seconds", 1, 7 * 86400, purge_interval);
  INT_KEY ("rate-limit-table-size", 10, 10000000, rate_limit_keys);
  INT_KEY ("max-connections", 1, 1000000, max_connections);
  INT_KEY ("pull-page-bytes", 1024, 256 * 1024 * 1024, pull_page_bytes);
  INT_KEY ("push-mutations-per-minute", 1, 100000000, push_quota);
  INT_KEY ("restore-grace-seconds", 0, 30 * 86400, restore_grace);

  v = config->token_lifetime / 86400;
  if (!read_int (kf, "token-lifetime-days", 1, 3650, &v, error))
    return FALSE;
  config->token_lifetime = v * 86400;
  v = config->token_lifetime;
  if (!read_int (kf, "token-lifetime-seconds", 1, G_MAXINT32, &v, error))
    return FALSE;
  config->token_lifetime = v;

  v = config->tombstone_horizon / 86400;
  if (!read_int (kf, "tombstone-horizon-days", 0, 36500, &v, error))
    return FALSE;
  config->tombstone_horizon = v * 86400;
  v = config->tombstone_horizon;
  if (!read_int (kf, "tombstone-horizon-seconds", 0, G_MAXINT32, &v, error))
    return FALSE;
  config->tombstone_horizon = v;

  INT_KEY ("member-review-years", 1, 100, member_review_years);
  v = config->letter_code_lifetime / 86400;
  if (!read_int (kf, "letter-code-lifetime-days", 1, 3650, &v, error))
    return FALSE;
  config->letter_code_lifetime = v * 86400;
  /* Tests only: a code that expires in a second. */
  v = config->letter_code_lifetime;
  if (!read_int (kf, "letter-code-lifetime-seconds", 1, G_MAXINT32, &v, error))
    return FALSE;
  config->letter_code_lifetime = v;
#undef INT_KEY

  if (g_key_file_has_key (kf, GROUP, "trusted-proxy", NULL))
    {
      g_autofree char *text = g_key_file_get_string (kf, GROUP, "trusted-proxy", NULL);
      g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ", ;", -1);
      g_autoptr(GPtrArray) proxies = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i]; i++)
        {
          g_autoptr(GInetAddress) inet = NULL;

          if (*parts[i] == '\0')
            continue;
          /* Compared as text with the peer's address: store the canonical form. */
          if (!(inet = g_inet_address_new_from_string (parts[i])))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "“trusted-proxy”: “%s” is not an IP address", parts[i]);
              return FALSE;
            }
          g_ptr_array_add (proxies, g_inet_address_to_string (inet));
        }
      g_ptr_array_add (proxies, NULL);
      g_strfreev (config->trusted_proxies);
      config->trusted_proxies = (char **) g_ptr_array_free (g_steal_pointer (&proxies), FALSE);
    }

  if (g_key_file_has_key (kf, GROUP, "workers", NULL))
    {
      g_autofree char *text = g_key_file_get_string (kf, GROUP, "workers", NULL);

      if (!voisins_server_config_parse_workers (text, &config->workers, error))
        return FALSE;
    }

  if (g_key_file_has_key (kf, GROUP, "password-hash", NULL))
    {
      g_autofree char *mode = g_key_file_get_string (kf, GROUP, "password-hash", NULL);

      if (g_strcmp0 (mode, "min") == 0)
        config->fast_password_hash = TRUE;
      else if (g_strcmp0 (mode, "interactive") == 0)
        config->fast_password_hash = FALSE;
      else
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "“password-hash” must be “interactive” or “min”");
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
voisins_server_config_parse_workers (const char  *text,
                                     guint       *workers,
                                     GError     **error)
{
  g_autofree char *word = g_strstrip (g_strdup (text ? text : ""));
  guint64 n = 0;

  if (g_str_equal (word, "auto"))
    {
      *workers = CLAMP (g_get_num_processors (), 1, 64);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (word, 10, 1, 64, &n, NULL))
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "“workers” must be “auto” or a number from 1 to 64");
      return FALSE;
    }
  *workers = n;
  return TRUE;
}

void
voisins_server_config_free (VoisinsServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->database);
  g_free (config->basemap_dir);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_strfreev (config->trusted_proxies);
  g_free (config);
}
