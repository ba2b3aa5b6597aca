/* voisins-cli-usage.h: voisins-cli's commands, options, exit codes and man-style help
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes a script can rely on: the table is printed by --help and kept in the README. */
typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILED = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_OFFLINE = 3,
  CLI_EXIT_LOGIN = 4,
  CLI_EXIT_SERVER = 5,
  CLI_EXIT_LOCKED = 6,
  CLI_EXIT_NOT_FOUND = 7,
  CLI_EXIT_INVALID = 8,
  CLI_EXIT_TRANSITION = 9,
  CLI_EXIT_NOTICES = 10,
  CLI_N_EXITS
} CliExit;

typedef struct
{
  const char *name;       /* long name, without the dashes */
  char        short_name; /* or 0 */
  const char *arg;        /* the value's placeholder, NULL for a flag */
  const char *help;
} CliOption;

typedef struct
{
  const char         *name;          /* one or two words: "post add" */
  const char         *summary;       /* the NAME line */
  const char         *synopsis;
  const char         *description;
  const char * const *options;       /* the options it takes beyond the global ones */
  guint               min_args;      /* positional arguments after the command's words */
  guint               max_args;
  guint               exits;         /* bit 1 << code of each exit code it can return */
  gboolean            network;       /* talks to the server: ENVIRONMENT applies */
} CliCommand;

/* "offline", "not_found"...: the code in --json error objects. */
const char       *cli_exit_name            (CliExit           code);
const CliOption  *cli_option_lookup        (const char       *long_name);
const CliOption  *cli_option_lookup_short  (char              short_name);
gboolean          cli_option_is_global     (const CliOption  *option);
gboolean          cli_command_takes        (const CliCommand *command,
                                            const CliOption  *option);

/* The command named by the first words of @words (NULL-terminated); sets *n_words to how
 * many it used. "post list" and "conflicts list" are other names of "posts list" and
 * "conflicts". */
const CliCommand *cli_command_lookup       (const char * const *words,
                                            guint              *n_words);
/* "post" and "conflicts": the words that start several commands. */
gboolean          cli_is_group             (const char       *word);

void              cli_print_main_help      (void);
void              cli_print_command_help   (const CliCommand *command);
void              cli_print_group_help     (const char       *group);

G_END_DECLS
