/* server-fixture.h: start a real voisins-server on loopback and talk JSON to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VS_PASSWORD "password123"

typedef struct
{
  char        *dir;          /* a fresh temporary directory */
  char        *db_path;
  char        *config_path;
  char        *boundary_path;
  GSubprocess *process;
  int          port;
  char        *base_url;
  SoupSession *session;
  guint64      fd_limit;     /* when set, the server starts with RLIMIT_NOFILE at this (soft and hard) */
  GStrv        env;          /* extra NAME=VALUE for the server process */
  guint64      disk_bytes;   /* when set, the server's folder is a tmpfs of this size, in a
                              * mount namespace of its own (a small disk that fills up) */
  GStrv        args;         /* extra arguments before "serve" (--workers 2) */
} VsServer;

/* Writes a config ([server] keys in @extra_config, may be NULL) in a new temp dir. */
VsServer   *vs_server_new             (const char  *extra_config);
void        vs_server_start           (VsServer    *server);
void        vs_server_setenv          (VsServer    *server,
                                       const char  *name,
                                       const char  *value);
/* Whether vs_server_start can give the server a small disk (disk_bytes): user and mount
 * namespaces and tmpfs allowed here (unshare -rm). */
gboolean vs_server_can_limit_disk (void);
/* A path of the server's folder as the server sees it (/proc/PID/root/…): with disk_bytes,
 * the files on its small disk. */
char *vs_server_path (VsServer *server, const char *name);
/* SIGTERM and wait; with @hard, SIGKILL. */
void        vs_server_stop            (VsServer    *server,
                                       gboolean     hard);
void        vs_server_free            (VsServer    *server);

/* Runs `voisins-server --config … ARGS`, feeds @input on stdin, asserts success,
 * returns stdout without the trailing newline. */
char       *vs_server_cli             (VsServer    *server,
                                       const char  *input,
                                       ...) G_GNUC_NULL_TERMINATED;
char       *vs_server_add_association (VsServer    *server,
                                       const char  *name);
char       *vs_server_add_user        (VsServer    *server,
                                       const char  *association_id,
                                       const char  *username,
                                       const char  *role);
char       *vs_server_login           (VsServer    *server,
                                       const char  *username);

/* Sends a request (body may be NULL), returns the parsed JSON answer (NULL if not JSON). */
JsonNode   *vs_request                (VsServer    *server,
                                       const char  *method,
                                       const char  *path,
                                       const char  *token,
                                       const char  *body,
                                       gsize        body_len,
                                       guint       *status,
                                       char       **retry_after);
JsonNode   *vs_post                   (VsServer    *server,
                                       const char  *path,
                                       const char  *token,
                                       const char  *body,
                                       guint       *status);
JsonNode   *vs_get                    (VsServer    *server,
                                       const char  *path,
                                       const char  *token,
                                       guint       *status);

char       *vs_uuid                   (void);
/* A post.create args object as JSON text. */
char       *vs_post_json              (const char  *id,
                                       const char  *association_id,
                                       const char  *title);
/* {"client_id":…,"schema":1,"mutations":[…]} from "name", args-json pairs starting at @seq. */
char       *vs_push_body              (const char  *client_id,
                                       gint64       first_seq,
                                       guint        n,
                                       const char * const *names,
                                       const char * const *args);
/* Error code of an error answer, or NULL. */
const char *vs_error_code             (JsonNode    *answer);
char       *vs_to_string              (JsonNode    *node);
/* The backend the tests run on: $VOISINS_TEST_DATABASE, "sqlite" (the default, a file in
 * the server's folder) or "postgresql" (a database of a real cluster the test process starts
 * in a temporary folder, pg-fixture.h; the test program exits with meson's "skipped"
 * at its first server when PostgreSQL is asked for and not installed). */
gboolean    vs_backend_is_postgresql  (void);
const char *vs_backend_name           (void);
/* For a test of what only the SQLite file has (its bytes, its folder's disk): on
 * PostgreSQL, marks the test skipped with @why and returns TRUE. */
gboolean    vs_backend_skip_unless_sqlite (const char *why);

/* Opens the server's SQLite file directly (sqlite3 *); SQLite only. */
gpointer    vs_server_open_db         (VsServer    *server);
/* The server's database, either backend, through the server's own SQL layer
 * (voisins-db.h): voisins_db_close () it. */
typedef struct _VoisinsDb VoisinsDb;
VoisinsDb  *vs_server_db              (VsServer    *server);
/* Runs @sql (no parameters) on the server's database, either backend. */
void        vs_db_exec                (VsServer    *server,
                                       const char  *sql);
gint64      vs_db_count               (VsServer    *server,
                                       const char  *sql);

/* Two associations: A with a volunteer, a coordinator and an admin, B with one volunteer;
 * the server running and everyone logged in. */
typedef struct
{
  VsServer *server;
  char     *a;
  char     *b;
  char     *vol_id;
  char     *coord_id;
  char     *admin_id;
  char     *other_id;
  char     *vol;      /* tokens */
  char     *coord;
  char     *admin;
  char     *other;
} VsWorld;

VsWorld    *vs_world_new              (const char  *extra_config);
void        vs_world_free             (VsWorld     *world);
/* Pushes one mutation; returns the whole answer. */
JsonNode   *vs_push1                  (VsServer    *server,
                                       const char  *token,
                                       const char  *client_id,
                                       gint64       seq,
                                       const char  *name,
                                       const char  *args,
                                       guint       *status);
/* results[i] of a push answer */
JsonObject *vs_result                 (JsonNode    *answer,
                                       guint        i);
/* Pulls every page of association @assoc from @cursor (NULL: start); returns the changes
 * (JsonObject *, owned by the array) and sets *cursor_out, *reset. */
GPtrArray  *vs_pull_all               (VsServer    *server,
                                       const char  *token,
                                       const char  *client_id,
                                       const char  *assoc,
                                       const char  *cursor,
                                       guint        limit,
                                       char       **cursor_out,
                                       gboolean    *reset);

/* The address base of association @assoc: the BAN points of ../shared/data/paris's
 * Quinze-Vingts and two of the faubourg north of it (outside), straight into the server's
 * tables (import-addresses is another command's); its boundary becomes the real quartier's. */
void        vs_server_load_quinze_vingts (VsServer   *server,
                                          const char *assoc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsServer, vs_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsWorld, vs_world_free)

G_END_DECLS
