/* voisins-server-sqlite-members.c: verification letters and their codes, the in-person
 * check, the members' audit trail, the data report, erasure and inactive members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation runs on the writer, in one BEGIN IMMEDIATE: each writes the audit trail
 * (even a data report is recorded), and the member's record changes through the same record
 * write as a push, so that every laptop gets the change at its next pull. A letter's code is
 * never stored: only its keyed hash (BLAKE2b keyed with the association's secret), so that a
 * copy of the database does not verify anyone. Who may call which operation is asked of the
 * rules table.
 */
#define G_LOG_DOMAIN "voisins-server"

#include <sodium.h>
#include <string.h>

#include "voisins-server-sqlite-private.h"
#include "voisins-json.h"

/* No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code is read on paper by someone who may see poorly. */
static const char code_alphabet[] = "34679ACDEFGHJKMNPQRTUVWXY";
#define CODE_LENGTH 10
#define CODE_GROUP  5
#define MAX_LETTERS 500

/* {{{ helpers */

static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static gboolean
fail (GError **error, int code, const char *message)
{
  g_set_error_literal (error, VOISINS_SERVER_ERROR, code, message);
  return FALSE;
}

static gboolean
may (VoisinsServerAuth  *auth,
     const char         *association_id,
     VoisinsServerAction action,
     GError            **error)
{
  int role = voisins_server_auth_get_role (auth, association_id);

  if (role < 0)
    return fail (error, VOISINS_SERVER_ERROR_NOT_FOUND, "No such association");
  if (!voisins_server_rules_allows (role, VOISINS_SERVER_RECORD_MEMBER, action,
                                    VOISINS_SERVER_RELATION_ANY, NULL))
    return fail (error, VOISINS_SERVER_ERROR_FORBIDDEN,
                 action == VOISINS_SERVER_ACTION_VERIFY_IN_PERSON
                     ? "Only coordinators may record an in-person verification"
                     : "Only coordinators may do this");
  return TRUE;
}

/* The code as typed (any case, spaces, dashes) in its canonical form, or NULL. */
static char *
canonical_code (const char *typed)
{
  GString *out = g_string_new (NULL);

  for (const char *p = typed; p && *p; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '.')
        continue;
      if (strchr (code_alphabet, c) == NULL || c == '\0')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, c);
    }
  if (out->len != CODE_LENGTH)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
hash_code (const char *secret, const char *code)
{
  guchar out[32];
  char   hex[sizeof out * 2 + 1];
  gsize  key_len = MIN (strlen (secret), (gsize) crypto_generichash_KEYBYTES_MAX);

  crypto_generichash (out, sizeof out, (const guchar *) code, strlen (code),
                      (const guchar *) secret, key_len);
  sodium_bin2hex (hex, sizeof hex, out, sizeof out);
  return g_strdup (hex);
}

/* A new code, printed in groups ("ACD3F-9KMNP"); *canonical gets it without the dash. */
static char *
new_code (char **canonical)
{
  GString *printed = g_string_new (NULL);
  GString *plain = g_string_new (NULL);

  for (guint i = 0; i < CODE_LENGTH; i++)
    {
      char c = code_alphabet[randombytes_uniform (sizeof code_alphabet - 1)];

      if (i > 0 && i % CODE_GROUP == 0)
        g_string_append_c (printed, '-');
      g_string_append_c (printed, c);
      g_string_append_c (plain, c);
    }
  *canonical = g_string_free (plain, FALSE);
  return g_string_free (printed, FALSE);
}

static gboolean
audit (Ctx        *ctx,
       const char *association_id,
       const char *member_id,
       const char *action,
       JsonObject *detail,
       GError    **error)
{
  g_autofree char *text = detail ? object_to_string (detail) : NULL;

  return _voisins_server_sqlite_audit (ctx->db, association_id, member_id, action, text,
                                       ctx->auth ? ctx->auth->user_id : NULL, error);
}

/* The member @member_id of @association_id, live; not_found otherwise. */
static Record *
load_member (Ctx *ctx, const char *association_id, const char *member_id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Record) r = NULL;

  if (member_id == NULL || !voisins_uuid_is_valid (member_id))
    {
      fail (error, VOISINS_SERVER_ERROR_NOT_FOUND, "No such member");
      return NULL;
    }
  r = _voisins_server_sqlite_load_record (ctx->db, member_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (r == NULL || r->deleted || !g_str_equal (r->type, "member") ||
      !g_str_equal (r->association_id, association_id))
    {
      fail (error, VOISINS_SERVER_ERROR_NOT_FOUND, "No such member");
      return NULL;
    }
  return g_steal_pointer (&r);
}

static gboolean
is_erased (Record *r)
{
  return voisins_json_read_int_or (r->data, "erased_at", 0) != 0;
}

static const char *
verification_of (Record *r)
{
  return voisins_json_read_string_or (r->data, "verification", "unverified");
}

/* Writes @fields (name -> value; a null node clears) into the member's record as a push
 * would: the fields that change get the new version, the record a new server_seq. */
static gboolean
write_fields (Ctx *ctx, Record *r, JsonObject *fields, GError **error)
{
  g_autoptr(GList) names = json_object_get_members (fields);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  for (GList *l = names; l; l = l->next)
    {
      JsonNode *value = json_object_get_member (fields, l->data);
      JsonNode *old = json_object_get_member (r->data, l->data);

      if (old != NULL && json_node_equal (old, value))
        continue;
      json_object_set_member (r->data, l->data, json_node_copy (value));
      g_ptr_array_add (changed, l->data);
    }
  if (changed->len == 0)
    return TRUE;
  r->version++;
  for (guint i = 0; i < changed->len; i++)
    json_object_set_int_member (r->field_versions, changed->pdata[i], r->version);
  return _voisins_server_sqlite_store_record (ctx, r, 0, error);
}

static gboolean
set_member_state (Ctx        *ctx,
                  Record     *r,
                  const char *verification,
                  const char *how,
                  const char *by,
                  GError    **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "verification", verification);
  if (g_str_equal (verification, "verified"))
    {
      json_object_set_string_member (fields, "verified_how", how);
      if (by)
        json_object_set_string_member (fields, "verified_by", by);
      else
        json_object_set_null_member (fields, "verified_by");
      json_object_set_int_member (fields, "verified_at", ctx->now);
    }
  return write_fields (ctx, r, fields, error);
}

/* The member as the caller may see her. */
static JsonNode *
member_view (Ctx *ctx, Record *r)
{
  int               role = voisins_server_auth_get_role (ctx->auth, r->association_id);
  VoisinsServerView view =
      voisins_server_rules_view (role, VOISINS_SERVER_RECORD_MEMBER, VOISINS_SERVER_RELATION_ANY);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (r->data);

  for (GList *l = names; l; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (r->data, l->data)));
  return voisins_server_rules_apply_view (view, copy, NULL);
}

/* Letters whose code ran out unused: the member goes to "expired" (a new letter is due). */
static gboolean
sweep_expired (Ctx *ctx, const char *association_id, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!(stmt = voisins_db_prepare (ctx->db,
                                   "UPDATE member_letters SET state = 'expired'"
                                   " WHERE association_id = ? AND state = 'live'"
                                   " AND expires_at <= ? RETURNING member_id",
                                   error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_int64 (stmt, 2, ctx->now);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    g_ptr_array_add (members, g_strdup (voisins_db_column_text (stmt, 0)));
  if (rc != VOISINS_DB_DONE)
    return FALSE;
  g_clear_pointer (&stmt, voisins_db_stmt_free);

  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Record) r = load_member (ctx, association_id, members->pdata[i], &local_error);

      if (r == NULL)
        {
          if (g_error_matches (local_error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!g_str_equal (verification_of (r), "letter-sent"))
        continue;
      if (!set_member_state (ctx, r, "expired", NULL, NULL, error) ||
          !audit (ctx, association_id, r->id, "letter-expired", NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* }}} */
/* {{{ letters and codes */

static JsonNode *
do_letters (Ctx                              *ctx,
            const VoisinsServerMembersParams *params,
            const char                       *association_id,
            JsonObject                       *args,
            GError                          **error)
{
  g_autoptr(Assoc) a = NULL;
  JsonObject *answer;
  JsonArray  *letters, *skipped;
  JsonNode   *ids_node = args ? json_object_get_member (args, "member_ids") : NULL;
  JsonArray  *ids;
  g_autoptr(GList) keys = args ? json_object_get_members (args) : NULL;

  if (!may (ctx->auth, association_id, VOISINS_SERVER_ACTION_SEND_LETTER, error))
    return NULL;
  for (GList *l = keys; l; l = l->next)
    if (!g_str_equal (l->data, "member_ids"))
      {
        fail (error, VOISINS_SERVER_ERROR_BAD_REQUEST, "Unknown field in the request");
        return NULL;
      }
  if (ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node) ||
      json_array_get_length (json_node_get_array (ids_node)) == 0)
    {
      fail (error, VOISINS_SERVER_ERROR_INVALID, "“member_ids” must be a non-empty array of ids");
      return NULL;
    }
  ids = json_node_get_array (ids_node);
  if (json_array_get_length (ids) > MAX_LETTERS)
    {
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_TOO_LARGE,
                   "At most %d letters at a time", MAX_LETTERS);
      return NULL;
    }
  if (!(a = _voisins_server_sqlite_load_assoc (ctx->db, association_id, FALSE, error)) ||
      !sweep_expired (ctx, association_id, error))
    return NULL;

  answer = json_object_new ();
  letters = json_array_new ();
  skipped = json_array_new ();
  json_object_set_array_member (answer, "letters", letters);
  json_object_set_array_member (answer, "skipped", skipped);

  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode   *n = json_array_get_element (ids, i);
      const char *id = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
                           ? json_node_get_string (n)
                           : NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Record) r = NULL;
      g_autoptr(VoisinsDbStmt) stmt = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *hash = NULL;
      g_autoptr(JsonObject) detail = json_object_new ();
      const char *state;
      const char *reason = NULL;
      gint64      expires = ctx->now + params->code_lifetime;
      JsonObject *letter;
      int         rc;

      r = id ? load_member (ctx, association_id, id, &local_error) : NULL;
      if (local_error &&
          !g_error_matches (local_error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          json_object_unref (answer);
          return NULL;
        }
      state = r ? verification_of (r) : NULL;
      if (r == NULL)
        reason = "not_found";
      else if (is_erased (r))
        reason = "erased";
      else if (!g_str_equal (state, "unverified") && !g_str_equal (state, "expired"))
        reason = state;
      if (reason)
        {
          JsonObject *s = json_object_new ();

          json_object_set_string_member (s, "member_id", id ? id : "");
          json_object_set_string_member (s, "reason", reason);
          json_array_add_object_element (skipped, s);
          continue;
        }

      printed = new_code (&canonical);
      hash = hash_code (a->secret, canonical);
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "UPDATE member_letters SET state = 'replaced'"
                                       " WHERE association_id = ? AND member_id = ?"
                                       " AND state = 'live'",
                                       error)))
        {
          json_object_unref (answer);
          return NULL;
        }
      voisins_db_bind_text (stmt, 1, association_id);
      voisins_db_bind_text (stmt, 2, r->id);
      if ((rc = voisins_db_stmt_step (stmt, error)) != VOISINS_DB_DONE)
        {
          json_object_unref (answer);
          return NULL;
        }
      g_clear_pointer (&stmt, voisins_db_stmt_free);
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "INSERT INTO member_letters (association_id, member_id,"
                                       " code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                                       error)))
        {
          json_object_unref (answer);
          return NULL;
        }
      voisins_db_bind_text (stmt, 1, association_id);
      voisins_db_bind_text (stmt, 2, r->id);
      voisins_db_bind_text (stmt, 3, hash);
      voisins_db_bind_int64 (stmt, 4, ctx->now);
      voisins_db_bind_int64 (stmt, 5, expires);
      if ((rc = voisins_db_stmt_step (stmt, error)) != VOISINS_DB_DONE)
        {
          json_object_unref (answer);
          return NULL;
        }
      json_object_set_int_member (detail, "expires_at", expires);
      if (!set_member_state (ctx, r, "letter-sent", NULL, NULL, error) ||
          !audit (ctx, association_id, r->id, "letter-sent", detail, error))
        {
          json_object_unref (answer);
          return NULL;
        }
      letter = json_object_new ();
      json_object_set_string_member (letter, "member_id", r->id);
      json_object_set_string_member (letter, "code", printed);
      json_object_set_int_member (letter, "expires_at", expires);
      json_array_add_object_element (letters, letter);
    }
  return take_object (answer);
}

typedef struct
{
  gint64 id;
  char  *member_id;
  char  *hash;
  gint64 expires_at;
  int    attempts;
  char  *state;
} Letter;

static void
letter_free (Letter *l)
{
  g_free (l->member_id);
  g_free (l->hash);
  g_free (l->state);
  g_free (l);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Letter, letter_free)

/* The newest letter of @member_id, or the letter with @hash; NULL if none. */
static Letter *
find_letter (Ctx        *ctx,
             const char *association_id,
             const char *member_id,
             const char *hash,
             GError    **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  Letter *l;
  int     rc;

  stmt = voisins_db_prepare (ctx->db,
                             member_id
                                 ? "SELECT id, member_id, code_hash, expires_at, attempts, state"
                                   " FROM member_letters WHERE association_id = ? AND member_id = ?"
                                   " AND state != 'replaced' ORDER BY id DESC LIMIT 1"
                                 : "SELECT id, member_id, code_hash, expires_at, attempts, state"
                                   " FROM member_letters WHERE association_id = ? AND code_hash = ?"
                                   " ORDER BY id DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id ? member_id : hash);
  rc = voisins_db_stmt_step (stmt, error);
  if (rc == VOISINS_DB_DONE)
    return NULL;
  if (rc != VOISINS_DB_ROW)
    {
      return NULL;
    }
  l = g_new0 (Letter, 1);
  l->id = voisins_db_column_int64 (stmt, 0);
  l->member_id = g_strdup (voisins_db_column_text (stmt, 1));
  l->hash = g_strdup (voisins_db_column_text (stmt, 2));
  l->expires_at = voisins_db_column_int64 (stmt, 3);
  l->attempts = voisins_db_column_int64 (stmt, 4);
  l->state = g_strdup (voisins_db_column_text (stmt, 5));
  return l;
}

static gboolean
update_letter (Ctx *ctx, Letter *l, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = voisins_db_prepare (
            ctx->db, "UPDATE member_letters SET attempts = ?, state = ? WHERE id = ?", error)))
    return FALSE;
  voisins_db_bind_int64 (stmt, 1, l->attempts);
  voisins_db_bind_text (stmt, 2, l->state);
  voisins_db_bind_int64 (stmt, 3, l->id);
  if ((rc = voisins_db_stmt_step (stmt, error)) != VOISINS_DB_DONE)
    return FALSE;
  return TRUE;
}

/* A code typed by a volunteer on the phone (@member_id set) or by the neighbour herself
 * (@member_id NULL). What it changes (an attempt counted, a letter locked or expired) is
 * kept even when the answer is an error: *commit says so. */
static JsonNode *
do_enter_code (Ctx                              *ctx,
               const VoisinsServerMembersParams *params,
               const char                       *association_id,
               const char                       *member_id,
               JsonObject                       *args,
               gboolean                         *commit,
               GError                          **error)
{
  g_autoptr(Assoc) a = NULL;
  g_autoptr(Letter) letter = NULL;
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GList) keys = args ? json_object_get_members (args) : NULL;
  const char *typed = NULL;
  gboolean    self_entry = member_id == NULL;

  if (!self_entry && !may (ctx->auth, association_id, VOISINS_SERVER_ACTION_ENTER_CODE, error))
    return NULL;
  for (GList *l = keys; l; l = l->next)
    if (!g_str_equal (l->data, "code"))
      {
        fail (error, VOISINS_SERVER_ERROR_BAD_REQUEST, "Unknown field in the request");
        return NULL;
      }
  if (args == NULL || !voisins_json_get_string (args, "code", TRUE, &typed, error))
    return NULL;
  if (!(a = _voisins_server_sqlite_load_assoc (ctx->db, association_id, FALSE, error)))
    return NULL;
  if (!self_entry && !(r = load_member (ctx, association_id, member_id, error)))
    return NULL;
  if (!sweep_expired (ctx, association_id, error))
    return NULL;
  /* What the sweep wrote stays, whatever the code. */
  *commit = TRUE;

  canonical = canonical_code (typed);
  hash = canonical ? hash_code (a->secret, canonical) : NULL;
  if (self_entry)
    {
      if (hash == NULL || !(letter = find_letter (ctx, association_id, NULL, hash, error)))
        {
          if (error && *error)
            return NULL;
          fail (error, VOISINS_SERVER_ERROR_INVALID,
                "This code is not right: check it on the letter, or phone the association");
          return NULL;
        }
      if (!(r = load_member (ctx, association_id, letter->member_id, error)))
        return NULL;
    }
  else if (!(letter = find_letter (ctx, association_id, member_id, NULL, error)))
    {
      if (error && *error)
        return NULL;
      fail (error, VOISINS_SERVER_ERROR_CONFLICT,
            "No letter was sent to her: a coordinator sends one first");
      return NULL;
    }

  if (g_str_equal (letter->state, "used"))
    {
      fail (error, VOISINS_SERVER_ERROR_CONFLICT, "This code was already used: she is verified");
      return NULL;
    }
  if (g_str_equal (letter->state, "expired"))
    {
      fail (error, VOISINS_SERVER_ERROR_CONFLICT,
            "This code has expired: a coordinator sends her a new letter");
      return NULL;
    }
  if (g_str_equal (letter->state, "locked"))
    {
      fail (error, VOISINS_SERVER_ERROR_FORBIDDEN,
            "Too many wrong codes: this letter no longer works, a coordinator sends a new one");
      return NULL;
    }

  if (hash == NULL || !g_str_equal (hash, letter->hash))
    {
      letter->attempts++;
      if (letter->attempts >= params->max_attempts)
        {
          g_free (letter->state);
          letter->state = g_strdup ("locked");
          if (!update_letter (ctx, letter, error) ||
              !audit (ctx, association_id, letter->member_id, "code-locked", NULL, error))
            return NULL;
          fail (error, VOISINS_SERVER_ERROR_FORBIDDEN,
                "Too many wrong codes: this letter no longer works, a coordinator sends a new "
                "one");
          return NULL;
        }
      if (!update_letter (ctx, letter, error))
        return NULL;
      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                   "This code is not right (%d more tries before the letter stops working)",
                   params->max_attempts - letter->attempts);
      return NULL;
    }

  g_free (letter->state);
  letter->state = g_strdup ("used");
  json_object_set_string_member (detail, "how", "letter");
  json_object_set_string_member (detail, "entered_by", self_entry ? "herself" : "volunteer");
  if (!update_letter (ctx, letter, error) ||
      !set_member_state (ctx, r, "verified", "letter", self_entry ? NULL : ctx->auth->username,
                         error) ||
      !audit (ctx, association_id, r->id, "verified-code", detail, error))
    return NULL;

  if (self_entry)
    {
      /* Nothing about her to whoever holds the code: only that it worked. */
      JsonObject *ok = json_object_new ();

      json_object_set_boolean_member (ok, "ok", TRUE);
      return take_object (ok);
    }
  return member_view (ctx, r);
}

static JsonNode *
do_in_person (Ctx        *ctx,
              const char *association_id,
              const char *member_id,
              JsonObject *args,
              GError    **error)
{
  static const char *const keys[] = { "proof", "witness", NULL };
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  const char *proof = NULL, *witness = NULL;
  int         rc;

  if (!may (ctx->auth, association_id, VOISINS_SERVER_ACTION_VERIFY_IN_PERSON, error))
    return NULL;
  if (args == NULL || !check_keys (args, keys, "the request", error) ||
      !voisins_json_get_string (args, "proof", TRUE, &proof, error) ||
      !voisins_json_get_string (args, "witness", FALSE, &witness, error))
    return NULL;
  if (!g_strv_contains (voisins_server_proof_kinds, proof))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) voisins_server_proof_kinds);

      g_set_error (error, VOISINS_SERVER_ERROR, VOISINS_SERVER_ERROR_INVALID,
                   "“proof” must be one of: %s (never a copy of the document)", list);
      return NULL;
    }
  if (witness && *witness == '\0')
    witness = NULL;
  if (witness)
    {
      if (g_strcmp0 (witness, ctx->auth->username) == 0)
        {
          fail (error, VOISINS_SERVER_ERROR_INVALID,
                "The second volunteer must be someone else than you");
          return NULL;
        }
      if (!(stmt = voisins_db_prepare (ctx->db,
                                       "SELECT 1 FROM users u JOIN roles r ON r.user_id = u.id"
                                       " WHERE u.username = ? AND r.association_id = ?"
                                       " AND u.disabled = 0",
                                       error)))
        return NULL;
      voisins_db_bind_text (stmt, 1, witness);
      voisins_db_bind_text (stmt, 2, association_id);
      rc = voisins_db_stmt_step (stmt, error);
      if (rc == VOISINS_DB_DONE)
        {
          fail (error, VOISINS_SERVER_ERROR_INVALID,
                "The second volunteer must be a login of this association");
          return NULL;
        }
      if (rc != VOISINS_DB_ROW)
        {
          return NULL;
        }
      g_clear_pointer (&stmt, voisins_db_stmt_free);
    }
  if (!(r = load_member (ctx, association_id, member_id, error)))
    return NULL;
  if (is_erased (r))
    {
      fail (error, VOISINS_SERVER_ERROR_CONFLICT, "Her data was erased");
      return NULL;
    }
  if (!(stmt = voisins_db_prepare (ctx->db,
                                   "UPDATE member_letters SET state = 'replaced'"
                                   " WHERE association_id = ? AND member_id = ? AND state = 'live'",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, r->id);
  if ((rc = voisins_db_stmt_step (stmt, error)) != VOISINS_DB_DONE)
    {
      return NULL;
    }

  json_object_set_string_member (detail, "how", "in-person");
  json_object_set_string_member (detail, "proof", proof);
  if (witness)
    json_object_set_string_member (detail, "witness", witness);
  if (!set_member_state (ctx, r, "verified", "in-person", ctx->auth->username, error) ||
      !audit (ctx, association_id, r->id, "verified-in-person", detail, error))
    return NULL;
  return member_view (ctx, r);
}

/* }}} */
/* {{{ audit trail, report, erasure */

static JsonArray *
audit_items (Ctx *ctx, const char *association_id, const char *member_id, GError **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  int rc;

  if (!(stmt = voisins_db_prepare (ctx->db,
                                   "SELECT a.action, a.detail, a.user_id, u.username, a.at"
                                   " FROM member_audit a LEFT JOIN users u ON u.id = a.user_id"
                                   " WHERE a.association_id = ? AND a.member_id = ? ORDER BY a.id",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "action", voisins_db_column_text (stmt, 0));
      json_object_set_object_member (item, "detail",
                                     parse_object (voisins_db_column_text (stmt, 1)));
      if (!voisins_db_column_is_null (stmt, 2))
        json_object_set_string_member (item, "user_id", voisins_db_column_text (stmt, 2));
      else
        json_object_set_null_member (item, "user_id");
      if (!voisins_db_column_is_null (stmt, 3))
        json_object_set_string_member (item, "username", voisins_db_column_text (stmt, 3));
      else
        json_object_set_null_member (item, "username");
      json_object_set_int_member (item, "at", voisins_db_column_int64 (stmt, 4));
      json_array_add_object_element (items, item);
    }
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  return g_steal_pointer (&items);
}

static JsonNode *
do_audit (Ctx *ctx, const char *association_id, const char *member_id, GError **error)
{
  g_autoptr(Record) r = NULL;
  JsonArray  *items;
  JsonObject *answer;

  if (!may (ctx->auth, association_id, VOISINS_SERVER_ACTION_READ_AUDIT, error) ||
      !(r = load_member (ctx, association_id, member_id, error)) ||
      !(items = audit_items (ctx, association_id, member_id, error)))
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "member_id", member_id);
  json_object_set_array_member (answer, "items", items);
  return take_object (answer);
}

/* Rows of @sql (binding the association and the member, returning the data column). */
/* @keys NULL: each row is one column of JSON (a record's data). Else each row becomes an
 * object of its columns under @keys, in order; a key written "#name" holds an integer, any
 * other a string or null (built here, not in SQL: json_object () is SQLite's alone). */
static JsonArray *
rows_of (Ctx               *ctx,
         const char        *sql,
         const char *const *keys,
         const char        *association_id,
         const char        *member_id,
         GError           **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (!(stmt = voisins_db_prepare (ctx->db, sql, error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      JsonObject *row;

      if (keys == NULL)
        {
          json_array_add_object_element (rows, parse_object (voisins_db_column_text (stmt, 0)));
          continue;
        }
      row = json_object_new ();
      for (int i = 0; keys[i]; i++)
        {
          if (voisins_db_column_is_null (stmt, i))
            json_object_set_null_member (row, keys[i][0] == '#' ? keys[i] + 1 : keys[i]);
          else if (keys[i][0] == '#')
            json_object_set_int_member (row, keys[i] + 1, voisins_db_column_int64 (stmt, i));
          else
            json_object_set_string_member (row, keys[i], voisins_db_column_text (stmt, i));
        }
      json_array_add_object_element (rows, row);
    }
  if (rc != VOISINS_DB_DONE)
    {
      return NULL;
    }
  return g_steal_pointer (&rows);
}

#define POSTS_SQL                                                                        \
  "SELECT data FROM records WHERE association_id = ?1 AND type = 'post' AND deleted = 0" \
  " AND json_extract (data, '$.author_id') = ?2 ORDER BY server_seq"
#define HOLIDAY_SQL(type)                                                                    \
  "SELECT data FROM records WHERE association_id = ?1 AND type = '" type "' AND deleted = 0" \
  " AND json_extract (data, '$.member_id') = ?2 ORDER BY server_seq"

static JsonNode *
do_report (Ctx *ctx, const char *association_id, const char *member_id, GError **error)
{
  static const struct
  {
    const char *key;
    const char *sql;
    const char *keys[5];
  } parts[] = {
    { "posts", POSTS_SQL, { NULL } },
    { "holiday_hosts", HOLIDAY_SQL ("holiday_host"), { NULL } },
    { "holiday_guests", HOLIDAY_SQL ("holiday_guest"), { NULL } },
    /* The matches of her rows, by either side. */
    { "holiday_matches",
      "SELECT m.data FROM records m WHERE m.association_id = ?1 AND m.type = 'holiday_match'"
      " AND m.deleted = 0 AND EXISTS (SELECT 1 FROM records h WHERE h.association_id = ?1"
      " AND h.type IN ('holiday_host', 'holiday_guest')"
      " AND json_extract (h.data, '$.member_id') = ?2"
      " AND h.id IN (json_extract (m.data, '$.host_id'), json_extract (m.data, '$.guest_id')))"
      " ORDER BY m.server_seq",
      { NULL } },
    /* Who was shown her details, through which match. */
    { "holiday_reveals",
      "SELECT match_id, user_id, fields, at FROM holiday_reveals"
      " WHERE association_id = ?1 AND member_id = ?2 ORDER BY id",
      { "match_id", "user_id", "fields", "#at", NULL } },
    /* Who was given her phone, through which help. */
    { "help_reveals",
      "SELECT help_id, user_id, fields, at FROM help_reveals"
      " WHERE association_id = ?1 AND member_id = ?2 ORDER BY id",
      { "help_id", "user_id", "fields", "#at", NULL } },
    { "letters",
      "SELECT created_at, expires_at, attempts, state FROM member_letters"
      " WHERE association_id = ?1 AND member_id = ?2 ORDER BY id",
      { "#created_at", "#expires_at", "#attempts", "state", NULL } },
  };
  g_autoptr(Record) r = NULL;
  JsonObject *answer;
  JsonArray  *items;

  if (!may (ctx->auth, association_id, VOISINS_SERVER_ACTION_REPORT, error) ||
      !(r = load_member (ctx, association_id, member_id, error)))
    return NULL;
  /* The report itself is in the trail it contains. */
  if (!audit (ctx, association_id, member_id, "report", NULL, error))
    return NULL;

  answer = json_object_new ();
  json_object_set_int_member (answer, "generated_at", ctx->now);
  json_object_set_object_member (answer, "member", json_object_ref (r->data));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      JsonArray *rows = rows_of (ctx, parts[i].sql, parts[i].keys[0] ? parts[i].keys : NULL,
                                 association_id, member_id, error);

      if (rows == NULL)
        {
          json_object_unref (answer);
          return NULL;
        }
      json_object_set_array_member (answer, parts[i].key, rows);
    }
  if (!(items = audit_items (ctx, association_id, member_id, error)))
    {
      json_object_unref (answer);
      return NULL;
    }
  json_object_set_array_member (answer, "audit", items);
  return take_object (answer);
}

/* What erasure clears on her record: every field that says who she is, where she lives,
 * how to reach her, what she needs or agreed to. Ids, the verification state and the
 * server's bookkeeping stay, so that the laptops and the holiday rows still resolve her id. */
static const char *const erased_member_strings[] = { "first_name",
                                                     "last_name",
                                                     "address",
                                                     "postcode",
                                                     "city",
                                                     "phone",
                                                     "email",
                                                     "languages",
                                                     "needs",
                                                     "contact_channel",
                                                     "address_override",
                                                     "consent_by",
                                                     "consent_scope",
                                                     NULL };
static const char *const erased_member_numbers[] = { "lat",        "lon",        "approx_lat",
                                                     "approx_lon", "consent_at", NULL };
/* The personal copies on her hosts' and guests' rows. */
static const char *const erased_holiday_fields[] = { "first_name", "last_name", "address",
                                                     "postcode",   "city",      "phone",
                                                     "notes",      "languages", NULL };

static gboolean
erase_rows (Ctx               *ctx,
            const char        *sql,
            const char        *association_id,
            const char        *member_id,
            const char *const *fields,
            guint             *n_rows,
            GError           **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!(stmt = voisins_db_prepare (ctx->db, sql, error)))
    return FALSE;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    g_ptr_array_add (ids, g_strdup (voisins_db_column_text (stmt, 0)));
  if (rc != VOISINS_DB_DONE)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(Record) row = _voisins_server_sqlite_load_record (ctx->db, ids->pdata[i], error);
      g_autoptr(JsonObject) cleared = json_object_new ();

      if (row == NULL)
        return FALSE;
      for (guint k = 0; fields[k]; k++)
        if (json_object_has_member (row->data, fields[k]))
          json_object_set_null_member (cleared, fields[k]);
      if (!write_fields (ctx, row, cleared, error))
        return FALSE;
    }
  *n_rows += ids->len;
  return TRUE;
}

static JsonNode *
do_erase (Ctx *ctx, const char *association_id, const char *member_id, GError **error)
{
  static const char *const post_fields[] = { "author_name", NULL };
  g_autoptr(Record) r = NULL;
  g_autoptr(JsonObject) cleared = json_object_new ();
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  guint n_posts = 0, n_holiday = 0;
  int   rc;

  if (!may (ctx->auth, association_id, VOISINS_SERVER_ACTION_ERASE, error) ||
      !(r = load_member (ctx, association_id, member_id, error)))
    return NULL;
  if (is_erased (r))
    return member_view (ctx, r);

  for (guint i = 0; erased_member_strings[i]; i++)
    json_object_set_null_member (cleared, erased_member_strings[i]);
  for (guint i = 0; erased_member_numbers[i]; i++)
    if (g_str_equal (erased_member_numbers[i], "consent_at"))
      json_object_set_int_member (cleared, erased_member_numbers[i], 0);
    else
      json_object_set_double_member (cleared, erased_member_numbers[i], 0.0);
  json_object_set_boolean_member (cleared, "no_internet", FALSE);
  json_object_set_int_member (cleared, "erased_at", ctx->now);
  if (!write_fields (ctx, r, cleared, error))
    return NULL;

  if (!erase_rows (ctx,
                   "SELECT id FROM records WHERE association_id = ?1 AND type = 'post'"
                   " AND json_extract (data, '$.author_id') = ?2",
                   association_id, member_id, post_fields, &n_posts, error) ||
      !erase_rows (ctx,
                   "SELECT id FROM records WHERE association_id = ?1"
                   " AND type IN ('holiday_host', 'holiday_guest')"
                   " AND json_extract (data, '$.member_id') = ?2",
                   association_id, member_id, erased_holiday_fields, &n_holiday, error))
    return NULL;

  /* Her letters' codes are of no use any more. */
  if (!(stmt = voisins_db_prepare (ctx->db,
                                   "DELETE FROM member_letters WHERE association_id = ?"
                                   " AND member_id = ?",
                                   error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_text (stmt, 2, member_id);
  if ((rc = voisins_db_stmt_step (stmt, error)) != VOISINS_DB_DONE)
    {
      return NULL;
    }

  json_object_set_int_member (detail, "posts", n_posts);
  json_object_set_int_member (detail, "holiday_rows", n_holiday);
  if (!audit (ctx, association_id, member_id, "erased", detail, error))
    return NULL;
  return member_view (ctx, r);
}

/* }}} */
/* {{{ inactive members */

static JsonNode *
do_inactive (Ctx                              *ctx,
             const VoisinsServerMembersParams *params,
             const char                       *association_id,
             GError                          **error)
{
  g_autoptr(VoisinsDbStmt) stmt = NULL;
  JsonObject *answer;
  JsonArray  *items;
  gint64      before = ctx->now - (gint64) params->review_years * 365 * 86400;
  int         rc;

  if (ctx->auth && !may (ctx->auth, association_id, VOISINS_SERVER_ACTION_LIST_INACTIVE, error))
    return NULL;
  /* Her last activity: the last change of her record, of a post on her behalf, or of one of
   * her holiday rows (rows older than the server's clock of changes count from their
   * created_at). */
  if (!(stmt = voisins_db_prepare (
            ctx->db,
            "SELECT id, first_name, last_name, last FROM (SELECT m.id AS id,"
            " json_extract (m.data, '$.first_name') AS first_name,"
            " json_extract (m.data, '$.last_name') AS last_name,"
            " greatest (coalesce (m.changed_at,"
            "  CAST (json_extract (m.data, '$.created_at') AS BIGINT), 0),"
            "  coalesce ((SELECT max (coalesce (o.changed_at, 0)) FROM records o"
            "   WHERE o.association_id = ?1 AND ((o.type = 'post'"
            "   AND json_extract (o.data, '$.author_id') = m.id)"
            "   OR (o.type IN ('holiday_host', 'holiday_guest')"
            "   AND json_extract (o.data, '$.member_id') = m.id))), 0)) AS last"
            " FROM records m WHERE m.association_id = ?1 AND m.type = 'member'"
            " AND m.deleted = 0"
            " AND coalesce (CAST (json_extract (m.data, '$.erased_at') AS BIGINT), 0) = 0) AS "
            "inactive"
            " WHERE last < ?2 ORDER BY last, id",
            error)))
    return NULL;
  voisins_db_bind_text (stmt, 1, association_id);
  voisins_db_bind_int64 (stmt, 2, before);

  answer = json_object_new ();
  items = json_array_new ();
  json_object_set_int_member (answer, "years", params->review_years);
  json_object_set_array_member (answer, "items", items);
  while ((rc = voisins_db_stmt_step (stmt, error)) == VOISINS_DB_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", voisins_db_column_text (stmt, 0));
      json_object_set_string_member (item, "first_name", voisins_db_column_text (stmt, 1));
      json_object_set_string_member (item, "last_name", voisins_db_column_text (stmt, 2));
      json_object_set_int_member (item, "last_activity", voisins_db_column_int64 (stmt, 3));
      json_array_add_object_element (items, item);
    }
  if (rc != VOISINS_DB_DONE)
    {
      json_object_unref (answer);
      return NULL;
    }
  return take_object (answer);
}

/* }}} */

static JsonNode *
members_locked (VoisinsServerSqlite              *self,
                VoisinsServerAuth                *auth,
                VoisinsServerMembersOp            op,
                const VoisinsServerMembersParams *params,
                const char                       *association_id,
                const char                       *member_id,
                JsonObject                       *args,
                GError                          **error)
{
  Ctx ctx = { self, self->writer, auth, now_s () };
  g_autoptr(GError) local_error = NULL;
  gboolean  commit = FALSE;
  JsonNode *answer = NULL;

  if (!voisins_db_begin (ctx.db, VOISINS_DB_WRITE, error))
    return NULL;
  switch (op)
    {
    case VOISINS_SERVER_MEMBERS_LETTERS:
      answer = do_letters (&ctx, params, association_id, args, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_ENTER_CODE:
      answer = do_enter_code (&ctx, params, association_id, member_id, args, &commit, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_SELF_CODE:
      answer = do_enter_code (&ctx, params, association_id, NULL, args, &commit, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_IN_PERSON:
      answer = do_in_person (&ctx, association_id, member_id, args, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_AUDIT:
      answer = do_audit (&ctx, association_id, member_id, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_REPORT:
      answer = do_report (&ctx, association_id, member_id, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_ERASE:
      answer = do_erase (&ctx, association_id, member_id, &local_error);
      break;
    case VOISINS_SERVER_MEMBERS_INACTIVE:
      answer = do_inactive (&ctx, params, association_id, &local_error);
      break;
    default:
      g_assert_not_reached ();
    }

  /* An internal or busy error undoes everything; a refusal keeps what the refusal wrote
   * (an attempt counted, a letter locked or expired). */
  if (answer == NULL && (!commit || local_error->domain != VOISINS_SERVER_ERROR ||
                         local_error->code == VOISINS_SERVER_ERROR_FAILED ||
                         local_error->code == VOISINS_SERVER_ERROR_BUSY))
    {
      voisins_db_rollback (ctx.db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!voisins_db_commit (ctx.db, error))
    {
      voisins_db_rollback (ctx.db);
      g_clear_pointer (&answer, json_node_unref);
      return NULL;
    }
  if (answer == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return answer;
}

JsonNode *
_voisins_server_sqlite_members (VoisinsServerStorage             *storage,
                                VoisinsServerAuth                *auth,
                                VoisinsServerMembersOp            op,
                                const VoisinsServerMembersParams *params,
                                const char                       *association_id,
                                const char                       *member_id,
                                JsonObject                       *args,
                                GError                          **error)
{
  VoisinsServerSqlite *self = VOISINS_SERVER_SQLITE (storage);
  JsonNode            *ret;

  if (association_id == NULL || !voisins_uuid_is_valid (association_id))
    {
      fail (error, VOISINS_SERVER_ERROR_NOT_FOUND, "No such association");
      return NULL;
    }
  g_mutex_lock (&self->writer_lock);
  ret = members_locked (self, auth, op, params, association_id, member_id, args, error);
  g_mutex_unlock (&self->writer_lock);
  return ret;
}

JsonNode *
voisins_server_sqlite_list_inactive_members (VoisinsServerSqlite *self,
                                             const char          *association_id,
                                             int                  years,
                                             GError             **error)
{
  VoisinsServerMembersParams params = { 0, 0, years };

  g_return_val_if_fail (VOISINS_IS_SERVER_SQLITE (self), NULL);
  g_return_val_if_fail (years > 0, NULL);

  return _voisins_server_sqlite_members (VOISINS_SERVER_STORAGE (self), NULL,
                                         VOISINS_SERVER_MEMBERS_INACTIVE, &params, association_id,
                                         NULL, NULL, error);
}
