/* voisins-cli-usage.c: voisins-cli's commands, options, exit codes and man-style help
 *
 * One table says what each command takes: the parser checks against it and --help prints
 * it, so that what is documented is what is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-cli"

#include <stdio.h>
#include <string.h>

#include "voisins-cli-usage.h"

#define INDENT "       "

static const CliOption options[] = {
  /* Global: valid with every command, before or after it. */
  { "data-dir", 'd', "DIR",
    "Use the local store in DIR (default: $XDG_DATA_HOME/voisins, that is\n"
    "~/.local/share/voisins). One process at a time uses a folder." },
  { "token-file", 0, "FILE",
    "Keep the login token in FILE, a private file (mode 0600) that login\n"
    "writes and the other commands read. Without it, the token comes from\n"
    "$VOISINS_TOKEN." },
  { "help", 'h', NULL, "Print this help and do nothing else." },
  /* Per command. */
  { "json", 0, NULL,
    "Print one JSON document on standard output and nothing else (messages go to\n"
    "standard error)." },
  { "password-stdin", 0, NULL,
    "Read the password from the first line of standard input (always the case;\n"
    "accepted for clarity in scripts)." },
  { "search", 0, "TEXT",
    "Only posts whose title or text contain words starting with TEXT (accents and\n"
    "case ignored)." },
  { "all", 0, NULL, "Also list posts that are done, cancelled or expired." },
  { "title", 0, "TITLE", "The post's title (required by post add, not empty)." },
  { "body", 0, "TEXT", "The post's text." },
  { "kind", 0, "KIND", "request (the default) or offer." },
  { "category", 0, "CATEGORY",
    "service (the default), babysitting, diy, lending, activity, group or\n"
    "event." },
  { "author", 0, "MEMBER_ID",
    "The member (an id from the association's members) the post is for, when a\n"
    "volunteer records it on their behalf." },
  { "id", 0, "UUID",
    "Give the new post this id instead of a fresh one, so that a script\n"
    "knows it in advance, and a second run with the same id is refused\n"
    "(exit 8) instead of creating a duplicate." },
  { "keep", 0, "mine|theirs",
    "mine: write your version back as a new edit, sent at the next sync;\n"
    "theirs: keep what the server has. A refusal can only be settled with\n"
    "theirs." },
  { "force", 0, NULL,
    "Log out even though some changes have not been sent (they are lost)." },
};

static const char * const no_options[] = { NULL };
static const char * const login_options[] = { "password-stdin", NULL };
static const char * const json_options[] = { "json", NULL };
static const char * const list_options[] = { "json", "search", "all", NULL };
static const char * const add_options[] = {
  "title", "body", "kind", "category", "author", "id", NULL
};
static const char * const edit_options[] = { "title", "body", NULL };
static const char * const resolve_options[] = { "keep", NULL };
static const char * const logout_options[] = { "force", NULL };

#define EXIT(code) (1u << (code))
#define EXITS_LOCAL (EXIT (CLI_EXIT_OK) | EXIT (CLI_EXIT_FAILED) | EXIT (CLI_EXIT_USAGE) | \
                     EXIT (CLI_EXIT_LOCKED))
#define EXITS_NETWORK (EXIT (CLI_EXIT_OFFLINE) | EXIT (CLI_EXIT_LOGIN) | EXIT (CLI_EXIT_SERVER))

static const CliCommand commands[] = {
  { "login", "log in to the association's server",
    "voisins-cli [-d DIR] --token-file FILE login SERVER USER < password",
    "Logs in to SERVER (https://…) as USER, with the password read from the first\n"
    "line of standard input, and writes the session's token to the --token-file\n"
    "FILE (mode 0600). Without --token-file it refuses before contacting the\n"
    "server: voisins-cli has no secret store, and a session whose token cannot be\n"
    "kept would be left open on the server. The server's address, the user and\n"
    "their associations are recorded in the local store.",
    login_options, 2, 2, EXITS_LOCAL | EXITS_NETWORK, TRUE },
  { "sync", "send local changes and fetch the neighbours' news",
    "voisins-cli [-d DIR] [--token-file FILE] sync [--json]",
    "Sends every local change not yet sent, in order, then fetches what changed on\n"
    "the server, until there is nothing more. Prints a summary: new requests and\n"
    "offers (posts this computer did not have), updated, deleted, new notices\n"
    "(conflicts and refusals, see conflicts) and changes still pending. A failed\n"
    "sync loses nothing: the changes stay queued for the next one.\n"
    "\n"
    "With --json, one object; the codes are those of the EXIT STATUS table:\n"
    "  {\"ok\": true, \"new_requests\": N, \"new_offers\": N, \"updated\": N,\n"
    "   \"deleted\": N, \"resets\": N, \"new_notices\": N, \"notices\": N,\n"
    "   \"pending\": N}\n"
    "  {\"ok\": false, \"error\": {\"code\": \"offline\", \"exit\": 3,\n"
    "   \"message\": TEXT}, \"pending\": N}",
    json_options, 0, 0, EXITS_LOCAL | EXITS_NETWORK | EXIT (CLI_EXIT_NOTICES), TRUE },
  { "status", "say where this computer stands",
    "voisins-cli [-d DIR] [--token-file FILE] status [--json]",
    "Prints the server and the user this folder is logged in to, the changes not\n"
    "sent yet, the unresolved conflicts and refusals, the time of the last sync and\n"
    "the sync cursors. Does not contact the server. Exits 4 when not logged in\n"
    "(no server recorded, or no token in --token-file or $VOISINS_TOKEN).\n"
    "\n"
    "With --json, one object:\n"
    "  {\"logged_in\": BOOL, \"server\": URL|null, \"user\": NAME|null,\n"
    "   \"pending\": N, \"notices\": N, \"last_sync\": UNIX_TIME|null,\n"
    "   \"cursors\": {ASSOCIATION_ID: CURSOR, …}}",
    json_options, 0, 0, EXITS_LOCAL | EXIT (CLI_EXIT_LOGIN), FALSE },
  { "posts list", "list the posts of the local copy",
    "voisins-cli [-d DIR] posts list [--json] [--all] [--search TEXT]",
    "Lists the open and matched posts (with --all, every post), oldest first, one a\n"
    "line: ID, kind, category, status, title. \"post list\" is the same command.\n"
    "With --json, a JSON array of posts as the server's protocol writes them.",
    list_options, 0, 0, EXITS_LOCAL, FALSE },
  { "post add", "record a new request or offer",
    "voisins-cli [-d DIR] post add --title TITLE [--body TEXT] [--kind KIND]\n"
    "                [--category CATEGORY] [--author MEMBER_ID] [--id UUID]",
    "Records a post in the local store and queues it for the next sync; prints its\n"
    "id. Its creation and change times are set now.",
    add_options, 0, 0, EXITS_LOCAL | EXIT (CLI_EXIT_INVALID), FALSE },
  { "post edit", "change a post's title or text",
    "voisins-cli [-d DIR] post edit ID [--title TITLE] [--body TEXT]",
    "Changes the post ID locally and queues the change for the next sync. If\n"
    "someone changed the same field on the server meanwhile, the sync reports a\n"
    "conflict (see conflicts).",
    edit_options, 1, 1, EXITS_LOCAL | EXIT (CLI_EXIT_NOT_FOUND) | EXIT (CLI_EXIT_INVALID),
    FALSE },
  { "post close", "mark a post matched, done, cancelled or expired",
    "voisins-cli [-d DIR] post close ID matched|done|cancelled|expired",
    "Changes the status of the post ID and queues the change for the next sync. An\n"
    "open post can take any of these; a matched one any but expired; a done,\n"
    "cancelled or expired one none (exit 9).",
    no_options, 2, 2,
    EXITS_LOCAL | EXIT (CLI_EXIT_NOT_FOUND) | EXIT (CLI_EXIT_INVALID) |
    EXIT (CLI_EXIT_TRANSITION), FALSE },
  { "conflicts", "list the conflicts and refusals syncs reported",
    "voisins-cli [-d DIR] conflicts [--json]",
    "Lists the unresolved notices, one a line, fields separated by tabs:\n"
    "  ID  conflict  POST_ID  FIELD  yours=TEXT  theirs=TEXT\n"
    "  ID  rejected  POST_ID  CODE   MESSAGE\n"
    "In the texts, a backslash, a tab, a newline and a carriage return are written\n"
    "\\\\, \\t, \\n and \\r, so that each notice is one line. \"conflicts list\" is the\n"
    "same command. With --json, a JSON array of objects with the members id, kind,\n"
    "entity, entity_id, title, field, yours, theirs, code, message and created_at.",
    json_options, 0, 0, EXITS_LOCAL, FALSE },
  { "conflicts resolve", "settle a conflict or a refusal",
    "voisins-cli [-d DIR] conflicts resolve ID --keep mine|theirs",
    "Settles the notice ID (the first column of conflicts), as the app's Conflicts\n"
    "window does. --keep mine writes your text back as a new edit on top of what the\n"
    "server kept (sent at the next sync); --keep theirs leaves the server's text.\n"
    "Either way the notice is gone from conflicts.",
    resolve_options, 1, 1,
    EXITS_LOCAL | EXIT (CLI_EXIT_NOT_FOUND) | EXIT (CLI_EXIT_INVALID) |
    EXIT (CLI_EXIT_TRANSITION), FALSE },
  { "logout", "end the session and erase the local copy",
    "voisins-cli [-d DIR] [--token-file FILE] logout [--force]",
    "Ends this device's session on the server (if it can be reached), erases the\n"
    "local copy of the neighbours' data and the token file. Refuses (exit 1) while\n"
    "changes have not been sent, unless --force.",
    logout_options, 0, 0, EXITS_LOCAL, TRUE },
  { "help", "print the help of a command",
    "voisins-cli help [COMMAND]",
    "Prints the help of COMMAND (the same as voisins-cli COMMAND --help), or the\n"
    "list of commands.",
    no_options, 0, 2, EXIT (CLI_EXIT_OK) | EXIT (CLI_EXIT_USAGE), FALSE },
};

static const struct
{
  const char *name;
  const char *meaning;
} exits[CLI_N_EXITS] = {
  { "ok", "success" },
  { "failed", "a failure not listed below (the local disk, the store;\n"
              "logout refused while changes are pending)" },
  { "usage", "unknown command or option, an option without its value,\n"
             "a missing or extra argument" },
  { "offline", "the server could not be reached, did not answer in time,\n"
               "cut the connection (even in the middle of an answer) or\n"
               "is busy: nothing is lost, try again later" },
  { "login", "not logged in, the login was refused or the session has\n"
             "ended: log in again" },
  { "server", "the server failed (HTTP 5xx), refused the request, or\n"
              "sent an answer that could not be read" },
  { "locked", "the data folder is in use by the app or another\n"
              "voisins-cli" },
  { "not_found", "no post or notice with that id" },
  { "invalid", "a value is not acceptable (empty title; unknown kind,\n"
               "category or status; an id already used)" },
  { "transition", "not possible from the current state (closing a done\n"
                  "post; a version that cannot be written back)" },
  { "notices", "the sync went through, but the server reported\n"
               "conflicts or refusals: see conflicts" },
};

const char *
cli_exit_name (CliExit code)
{
  g_return_val_if_fail (code < CLI_N_EXITS, "failed");

  return exits[code].name;
}

const CliOption *
cli_option_lookup (const char *long_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (g_str_equal (options[i].name, long_name))
      return &options[i];

  return NULL;
}

const CliOption *
cli_option_lookup_short (char short_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].short_name != 0 && options[i].short_name == short_name)
      return &options[i];

  return NULL;
}

gboolean
cli_option_is_global (const CliOption *option)
{
  return option == &options[0] || option == &options[1] || option == &options[2];
}

gboolean
cli_command_takes (const CliCommand *command,
                   const CliOption  *option)
{
  if (cli_option_is_global (option))
    return TRUE;

  for (guint i = 0; command->options[i] != NULL; i++)
    if (g_str_equal (command->options[i], option->name))
      return TRUE;

  return FALSE;
}

static const CliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

const CliCommand *
cli_command_lookup (const char * const *words,
                    guint              *n_words)
{
  const CliCommand *command = NULL;

  *n_words = 0;
  if (words[0] == NULL)
    return NULL;

  if (words[1] != NULL)
    {
      g_autofree char *two = g_strconcat (words[0], " ", words[1], NULL);

      if (g_str_equal (two, "post list"))
        command = find_command ("posts list");
      else if (g_str_equal (two, "conflicts list"))
        command = find_command ("conflicts");
      else
        command = find_command (two);
      if (command != NULL)
        {
          *n_words = 2;
          return command;
        }
    }

  /* "post" and "posts" alone are groups, not commands. */
  if (cli_is_group (words[0]) && !g_str_equal (words[0], "conflicts"))
    return NULL;

  command = find_command (words[0]);
  if (command != NULL)
    *n_words = 1;

  return command;
}

gboolean
cli_is_group (const char *word)
{
  return g_str_equal (word, "post") || g_str_equal (word, "posts") ||
         g_str_equal (word, "conflicts");
}

/* Prints @text indented by @indent and filled to 79 columns: the lines of a paragraph are
 * joined and wrapped again, so the texts above need not be wrapped by hand. A line that
 * starts with two spaces (an example) is printed as it is. */
static void
print_indented (const char *indent,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) para = g_string_new (NULL);
  gsize width = 79 - strlen (indent);

  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];
      gboolean verbatim = line != NULL && g_str_has_prefix (line, "  ");

      if (line != NULL && *line != '\0' && !verbatim)
        {
          if (para->len > 0)
            g_string_append_c (para, ' ');
          g_string_append (para, line);
          continue;
        }

      /* Flush the paragraph, word by word (the texts are ASCII but for a few quotes). */
      if (para->len > 0)
        {
          g_auto(GStrv) words = g_strsplit (para->str, " ", -1);
          g_autoptr(GString) out = g_string_new (NULL);

          for (guint w = 0; words[w] != NULL; w++)
            {
              if (out->len > 0 &&
                  g_utf8_strlen (out->str, -1) + 1 + g_utf8_strlen (words[w], -1) > (glong) width)
                {
                  printf ("%s%s\n", indent, out->str);
                  g_string_truncate (out, 0);
                }
              if (out->len > 0)
                g_string_append_c (out, ' ');
              g_string_append (out, words[w]);
            }
          if (out->len > 0)
            printf ("%s%s\n", indent, out->str);
          g_string_truncate (para, 0);
        }

      if (line == NULL)
        break;
      if (verbatim)
        printf ("%s%s\n", indent, line);
      else
        fputc ('\n', stdout);
    }
}

static void
print_option (const CliOption *option)
{
  if (option->short_name != 0)
    printf (INDENT "-%c, --%s%s%s\n", option->short_name, option->name,
            option->arg ? " " : "", option->arg ? option->arg : "");
  else
    printf (INDENT "--%s%s%s\n", option->name, option->arg ? " " : "",
            option->arg ? option->arg : "");
  print_indented (INDENT "    ", option->help);
}

static void
print_exits (guint mask)
{
  for (guint code = 0; code < CLI_N_EXITS; code++)
    {
      g_auto(GStrv) lines = NULL;

      if ((mask & EXIT (code)) == 0)
        continue;
      lines = g_strsplit (exits[code].meaning, "\n", -1);
      printf (INDENT "%2u  %-10s  %s\n", code, exits[code].name, lines[0]);
      for (guint i = 1; lines[i] != NULL; i++)
        printf (INDENT "                %s\n", lines[i]);
    }
}

static void
print_environment (void)
{
  printf ("ENVIRONMENT\n");
  print_indented (INDENT,
                  "VOISINS_TOKEN\n"
                  "    The login token, when no --token-file is given.\n"
                  "VOISINS_SYNC_TIMEOUT\n"
                  "    Seconds to wait for the server before a request counts as failed\n"
                  "    (exit 3); default 30. An answer must also be complete within a few\n"
                  "    times that, however slowly it trickles in.");
}

void
cli_print_main_help (void)
{
  printf ("NAME\n" INDENT "voisins-cli - the Voisins client for scripts and terminals\n\n");
  printf ("SYNOPSIS\n" INDENT "voisins-cli [-d DIR] [--token-file FILE] COMMAND [ARGS] [OPTIONS]\n"
          INDENT "voisins-cli COMMAND --help\n\n");
  printf ("DESCRIPTION\n");
  print_indented (INDENT,
                  "Works on the same local store as the Voisins app and syncs it with the\n"
                  "association's server. Options may come before or after the command;\n"
                  "\"--\" ends the options (for a title that starts with a dash). Every\n"
                  "command prints its own help with --help, and then does nothing else.");
  printf ("\nCOMMANDS\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    printf (INDENT "%-18s %s\n", commands[i].name, commands[i].summary);
  printf ("\nGLOBAL OPTIONS\n");
  for (guint i = 0; i < 3; i++)
    print_option (&options[i]);
  fputc ('\n', stdout);
  print_environment ();
  printf ("\nEXIT STATUS\n");
  print_exits (~0u);
}

void
cli_print_command_help (const CliCommand *command)
{
  printf ("NAME\n" INDENT "voisins-cli %s - %s\n\n", command->name, command->summary);
  printf ("SYNOPSIS\n");
  print_indented (INDENT, command->synopsis);
  printf ("\nDESCRIPTION\n");
  print_indented (INDENT, command->description);
  printf ("\nOPTIONS\n");
  for (guint i = 0; command->options[i] != NULL; i++)
    print_option (cli_option_lookup (command->options[i]));
  for (guint i = 0; i < 3; i++)
    print_option (&options[i]);
  if (command->network)
    {
      fputc ('\n', stdout);
      print_environment ();
    }
  printf ("\nEXIT STATUS\n");
  print_exits (command->exits);
}

void
cli_print_group_help (const char *group)
{
  const char *prefix = g_str_equal (group, "posts") ? "posts " : group;

  printf ("NAME\n" INDENT "voisins-cli %s - one of these commands\n\n", group);
  printf ("SYNOPSIS\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_has_prefix (commands[i].name, prefix) ||
          (g_str_equal (group, "post") && g_str_equal (commands[i].name, "posts list")))
        print_indented (INDENT, commands[i].synopsis);
    }
  printf ("\nDESCRIPTION\n" INDENT "voisins-cli %s SUBCOMMAND --help says more about each.\n",
          group);
  printf ("\nEXIT STATUS\n");
  print_exits (EXIT (CLI_EXIT_OK) | EXIT (CLI_EXIT_USAGE));
}
