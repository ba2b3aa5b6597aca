/* voisins-db-pg.c: the SQL layer's PostgreSQL driver (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parameters are sent as text, typed by what the first execution bound (bigint, double
 * precision, bytea; text and NULL left for the server to infer from the statement), so
 * that `? + 1` with a 64-bit value is not read as an int4. Results come as text; a
 * bytea column is unescaped when read as a blob. A cached statement is prepared on the
 * server under a generated name at its first step; an owned one is sent unnamed.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "voisins-db-private.h"

#define HANDLE(db) ((PGconn *) (db)->handle)
#define PG(s)      ((PgStmt *) (s)->driver_data)

/* From PostgreSQL's catalog (pg_type.dat): libpq does not export them. */
#define BOOLOID   16
#define BYTEAOID  17
#define INT8OID   20
#define FLOAT8OID 701
#define TEXTOID   25

typedef struct
{
  char      *sql;       /* with $N */
  int        n_params;
  char      *name;      /* cached and prepared on the server */
  char     **values;
  int       *lengths;
  int       *formats;
  Oid       *types;
  PGresult  *result;
  int        row;
  guchar   **unescaped; /* per column of the current row */
  gsize     *unescaped_len;
  int        n_unescaped;
} PgStmt;

/* {{{ errors */

static gboolean
sqlstate_is_busy (const char *state)
{
  static const char *const busy[] = {
    "40001", /* serialization_failure */
    "40P01", /* deadlock_detected */
    "55P03", /* lock_not_available: lock_timeout */
    "57014", /* query_canceled: statement_timeout */
    "57P01", /* admin_shutdown */
    "57P03", /* cannot_connect_now: starting up */
    NULL,
  };

  return g_str_has_prefix (state, "08") ||  /* connection exceptions */
         g_str_has_prefix (state, "53") ||  /* insufficient resources: too many connections */
         g_strv_contains (busy, state);
}

/* @result may be NULL (out of memory, connection lost). */
static gboolean
pg_error (VoisinsDb       *db,
          const PGresult  *result,
          const char      *sql,
          GError         **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  if (state == NULL && PQstatus (HANDLE (db)) == CONNECTION_BAD)
    state = "08006";
  if (state == NULL)
    state = "XX000";

  if (sqlstate_is_busy (state))
    {
      g_debug ("PostgreSQL busy (%s)", state);
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_BUSY,
                           "The database is busy, retry later");
    }
  else if (g_str_has_prefix (state, "23"))
    {
      /* The constraint's name, never the detail, which quotes the values. */
      const char *constraint = PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME);

      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_CONFLICT,
                   "Constraint violated (%s %s)", state, constraint ? constraint : "");
    }
  else
    {
      /* A data exception's message quotes the value: not logged. The statement is (its
       * values are bound apart), so that a mistake in the SQL is found from the log. */
      if (g_str_has_prefix (state, "22") || primary == NULL)
        g_warning ("PostgreSQL error %s in “%.160s”", state, sql ? sql : "");
      else
        g_warning ("PostgreSQL error %s: %s in “%.160s”", state, primary, sql ? sql : "");
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Database error (%s)", state);
    }
  return FALSE;
}

/* Whether @result ran; the error set if not. */
static gboolean
pg_check (VoisinsDb  *db,
          PGresult   *result,
          const char *sql,
          GError    **error)
{
  ExecStatusType status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  return pg_error (db, result, sql, error);
}

static void
note_changes (VoisinsDb *db,
              PGresult  *result)
{
  const char *status = PQcmdStatus (result);

  if (g_str_has_prefix (status, "INSERT ") || g_str_has_prefix (status, "UPDATE ") ||
      g_str_has_prefix (status, "DELETE ") || g_str_has_prefix (status, "MERGE "))
    db->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

/* PostgreSQL answers the COMMIT of an aborted transaction with "ROLLBACK", no error. */
static gboolean
check_commit (VoisinsDb   *db,
              const char  *sql,
              PGresult    *result,
              GError     **error)
{
  if (g_ascii_strncasecmp (sql, "COMMIT", 6) == 0 && g_str_equal (PQcmdStatus (result), "ROLLBACK"))
    {
      g_set_error_literal (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                           "The transaction failed earlier and was rolled back");
      return FALSE;
    }
  return TRUE;
}

/* }}} */
/* {{{ statements */

static void
clear_unescaped (PgStmt *pg)
{
  for (int i = 0; i < pg->n_unescaped; i++)
    g_clear_pointer (&pg->unescaped[i], PQfreemem);
}

static void
clear_result (PgStmt *pg)
{
  clear_unescaped (pg);
  g_clear_pointer (&pg->unescaped, g_free);
  g_clear_pointer (&pg->unescaped_len, g_free);
  pg->n_unescaped = 0;
  g_clear_pointer (&pg->result, PQclear);
  pg->row = -1;
}

static gboolean
pg_prepare (VoisinsDbStmt  *stmt,
            GError        **error)
{
  PgStmt *pg = g_new0 (PgStmt, 1);

  pg->sql = voisins_db_rewrite_placeholders (stmt->sql, &pg->n_params);
  pg->values = g_new0 (char *, pg->n_params + 1);
  pg->lengths = g_new0 (int, pg->n_params + 1);
  pg->formats = g_new0 (int, pg->n_params + 1);
  pg->types = g_new0 (Oid, pg->n_params + 1);
  /* A parameter the SQL does not use (`?4` alone: $1 to $3 unnamed) has nothing to infer
   * its type from, and PostgreSQL refuses an unknown one (42P18): typed text, whatever is
   * bound to it (SQLite ignores it). */
  for (int i = 1; i <= pg->n_params; i++)
    {
      g_autofree char *name = g_strdup_printf ("$%d", i);
      const char      *at = pg->sql;
      gboolean         used = FALSE;

      while (!used && (at = strstr (at, name)))
        {
          at += strlen (name);
          used = !g_ascii_isdigit (*at);
        }
      if (!used)
        pg->types[i - 1] = TEXTOID;
    }
  pg->row = -1;
  stmt->driver_data = pg;
  /* Prepared on the server at the first step, once the types are bound. */
  return TRUE;
}

static void
pg_clear_bindings (VoisinsDbStmt *stmt)
{
  PgStmt *pg = PG (stmt);

  for (int i = 0; i < pg->n_params; i++)
    {
      g_clear_pointer (&pg->values[i], g_free);
      pg->lengths[i] = 0;
      pg->formats[i] = 0;
    }
}

static void
pg_stmt_free (VoisinsDbStmt *stmt)
{
  PgStmt *pg = PG (stmt);

  /* A cached statement lives as long as its connection: closing drops it on the server. */
  clear_result (pg);
  pg_clear_bindings (stmt);
  g_free (pg->values);
  g_free (pg->lengths);
  g_free (pg->formats);
  g_free (pg->types);
  g_free (pg->name);
  g_free (pg->sql);
  g_free (pg);
}

static void
bind_value (VoisinsDbStmt *stmt,
            int            i,
            char          *value,
            int            length,
            int            format,
            Oid            type)
{
  PgStmt *pg = PG (stmt);

  if (i > pg->n_params)
    {
      /* As SQLite's SQLITE_RANGE, which the backend ignores. */
      g_free (value);
      return;
    }
  i--;
  g_free (pg->values[i]);
  pg->values[i] = value;
  pg->lengths[i] = length;
  pg->formats[i] = format;
  /* The type is fixed when the server prepares it: the first binding's. */
  if (pg->name == NULL && value != NULL && pg->types[i] != TEXTOID)
    pg->types[i] = type;
}

static void
pg_bind_int64 (VoisinsDbStmt *stmt,
               int            i,
               gint64         value)
{
  bind_value (stmt, i, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0, INT8OID);
}

static void
pg_bind_text (VoisinsDbStmt *stmt,
              int            i,
              const char    *text)
{
  bind_value (stmt, i, g_strdup (text), 0, 0, 0);
}

static void
pg_bind_double (VoisinsDbStmt *stmt,
                int            i,
                double         value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  bind_value (stmt, i, g_strdup (g_ascii_dtostr (buf, sizeof buf, value)), 0, 0, FLOAT8OID);
}

static void
pg_bind_null (VoisinsDbStmt *stmt,
              int            i)
{
  bind_value (stmt, i, NULL, 0, 0, 0);
}

static void
pg_bind_blob (VoisinsDbStmt *stmt,
              int            i,
              gconstpointer  data,
              gsize          len)
{
  /* Binary format; g_malloc, never NULL, so that an empty blob is not a NULL. */
  char *copy = g_malloc (MAX (len, 1));

  if (len > 0)
    memcpy (copy, data, len);
  bind_value (stmt, i, copy, (int) len, 1, BYTEAOID);
}

static PGresult *
run (VoisinsDbStmt *stmt)
{
  VoisinsDb *db = stmt->db;
  PgStmt *pg = PG (stmt);
  const char *const *values = (const char *const *) pg->values;

  if (!stmt->cached)
    return PQexecParams (HANDLE (db), pg->sql, pg->n_params, pg->types, values, pg->lengths,
                         pg->formats, 0);

  if (pg->name == NULL)
    {
      g_autofree char *name = g_strdup_printf ("voisins_%u", ++db->next_stmt_id);
      PGresult *prepared = PQprepare (HANDLE (db), name, pg->sql, pg->n_params, pg->types);

      if (prepared == NULL || PQresultStatus (prepared) != PGRES_COMMAND_OK)
        return prepared;
      PQclear (prepared);
      pg->name = g_steal_pointer (&name);
    }
  return PQexecPrepared (HANDLE (db), pg->name, pg->n_params, values, pg->lengths, pg->formats,
                         0);
}

static VoisinsDbStep
pg_step (VoisinsDbStmt  *stmt,
         GError        **error)
{
  PgStmt *pg = PG (stmt);

  if (pg->result == NULL)
    {
      PGresult *result = run (stmt);

      if (!pg_check (stmt->db, result, pg->sql, error))
        {
          g_clear_pointer (&result, PQclear);
          return VOISINS_DB_ERROR;
        }
      if (!check_commit (stmt->db, stmt->sql, result, error))
        {
          PQclear (result);
          return VOISINS_DB_ERROR;
        }
      note_changes (stmt->db, result);
      pg->result = result;
      pg->row = -1;
      pg->n_unescaped = PQnfields (result);
      pg->unescaped = g_new0 (guchar *, pg->n_unescaped + 1);
      pg->unescaped_len = g_new0 (gsize, pg->n_unescaped + 1);
    }

  clear_unescaped (pg);
  if (pg->row + 1 < PQntuples (pg->result))
    {
      pg->row++;
      return VOISINS_DB_ROW;
    }
  pg->row = PQntuples (pg->result);
  return VOISINS_DB_DONE;
}

static void
pg_reset (VoisinsDbStmt *stmt)
{
  clear_result (PG (stmt));
}

static gboolean
in_row (PgStmt *pg,
        int     i)
{
  return pg->result != NULL && pg->row >= 0 && pg->row < PQntuples (pg->result) &&
         i >= 0 && i < PQnfields (pg->result);
}

static int
pg_column_count (VoisinsDbStmt *stmt)
{
  PgStmt *pg = PG (stmt);

  return pg->result ? PQnfields (pg->result) : 0;
}

static gboolean
pg_column_is_null (VoisinsDbStmt *stmt,
                   int            i)
{
  PgStmt *pg = PG (stmt);

  return !in_row (pg, i) || PQgetisnull (pg->result, pg->row, i);
}

static const char *
pg_column_text (VoisinsDbStmt *stmt,
                int            i)
{
  PgStmt *pg = PG (stmt);

  if (pg_column_is_null (stmt, i))
    return NULL;
  return PQgetvalue (pg->result, pg->row, i);
}

static gconstpointer
pg_column_blob (VoisinsDbStmt *stmt,
                int            i,
                gsize         *len)
{
  PgStmt *pg = PG (stmt);

  *len = 0;
  if (pg_column_is_null (stmt, i))
    return NULL;
  if (PQftype (pg->result, i) != BYTEAOID)
    {
      *len = PQgetlength (pg->result, pg->row, i);
      return PQgetvalue (pg->result, pg->row, i);
    }
  if (pg->unescaped[i] == NULL)
    {
      size_t n = 0;

      pg->unescaped[i] = PQunescapeBytea ((const guchar *) PQgetvalue (pg->result, pg->row, i),
                                          &n);
      pg->unescaped_len[i] = n;
    }
  *len = pg->unescaped_len[i];
  /* Never NULL for a value: an empty blob is not a NULL. */
  return pg->unescaped[i] ? (gconstpointer) pg->unescaped[i] : (gconstpointer) "";
}

static gsize
pg_column_bytes (VoisinsDbStmt *stmt,
                 int            i)
{
  PgStmt *pg = PG (stmt);
  gsize len;

  if (pg_column_is_null (stmt, i))
    return 0;
  if (PQftype (pg->result, i) == BYTEAOID)
    {
      pg_column_blob (stmt, i, &len);
      return len;
    }
  return PQgetlength (pg->result, pg->row, i);
}

static gint64
pg_column_int64 (VoisinsDbStmt *stmt,
                 int            i)
{
  const char *text = pg_column_text (stmt, i);

  if (text == NULL)
    return 0;
  if (PQftype (PG (stmt)->result, i) == BOOLOID)
    return text[0] == 't';
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_column_double (VoisinsDbStmt *stmt,
                  int            i)
{
  const char *text = pg_column_text (stmt, i);

  if (text == NULL)
    return 0.0;
  return g_ascii_strtod (text, NULL);
}

/* }}} */
/* {{{ connections */

static gboolean
pg_exec (VoisinsDb   *db,
         const char  *sql,
         GError     **error)
{
  PGresult *result = PQexec (HANDLE (db), sql);
  gboolean ok = pg_check (db, result, sql, error) && check_commit (db, sql, result, error);

  if (ok)
    note_changes (db, result);
  g_clear_pointer (&result, PQclear);
  return ok;
}

static gboolean
pg_in_transaction (VoisinsDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (HANDLE (db));

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static gboolean
pg_is_broken (VoisinsDb *db)
{
  return PQstatus (HANDLE (db)) != CONNECTION_OK;
}

static void
pg_close (VoisinsDb *db)
{
  PQfinish (HANDLE (db));
}

static void
ignore_notice (void       *user_data,
               const char *message)
{
  /* "relation already exists, skipping" and the like: nothing for the operator. */
}

static const VoisinsDbDriver pg_driver = {
  .prepare = pg_prepare,
  .stmt_free = pg_stmt_free,
  .bind_int64 = pg_bind_int64,
  .bind_text = pg_bind_text,
  .bind_double = pg_bind_double,
  .bind_null = pg_bind_null,
  .bind_blob = pg_bind_blob,
  .step = pg_step,
  .reset = pg_reset,
  .clear_bindings = pg_clear_bindings,
  .column_count = pg_column_count,
  .column_is_null = pg_column_is_null,
  .column_text = pg_column_text,
  .column_bytes = pg_column_bytes,
  .column_blob = pg_column_blob,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .exec = pg_exec,
  .in_transaction = pg_in_transaction,
  .is_broken = pg_is_broken,
  .close = pg_close,
  /* A pull reads its page and the client's state in one snapshot, as SQLite's BEGIN. */
  .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  .begin_write = "BEGIN",
  .migration_lock = "SELECT pg_advisory_xact_lock (7346216)",
};

VoisinsDb *
_voisins_db_pg_open (const char  *uri,
                     int          busy_timeout_ms,
                     GError     **error)
{
  g_autoptr(VoisinsDb) db = NULL;
  g_autofree char *settings = NULL;
  PGconn *conn = PQconnectdb (uri);

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (conn ? PQerrorMessage (conn) : "out of memory");

      g_strchomp (message);
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_FAILED,
                   "Cannot connect to PostgreSQL: %s", message);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  db = _voisins_db_new (&pg_driver, VOISINS_DB_POSTGRESQL, conn);
  settings = g_strdup_printf ("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
                              " SET lock_timeout = %d;"
                              " SET application_name = 'voisins-server'",
                              busy_timeout_ms);
  if (!pg_exec (db, settings, error))
    return NULL;
  return g_steal_pointer (&db);
}

/* }}} */
