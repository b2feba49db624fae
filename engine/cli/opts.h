/* opts.h: options several commands share, parsed in one place: --lang, --replications,
   --follow-symlinks, --quiet (the progress line), the population mode a command forces, and
   the command line that reproduces a result (about.csv, evidence). */
#ifndef STP_CLI_OPTS_H
#define STP_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "analytics/report.h"
#include "cli/cli.h"
#include "prepared.h"

/* Options whose help reads the same in every command that has them. */
#define CLI_OPT_SEED {"seed", "N", "seed (default: the scenario's [run] seed)"}
#define CLI_OPT_SET {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"}
#define CLI_OPT_DATASETS {"datasets", "DIR", "parameter datasets directory"}
#define CLI_OPT_FOLLOW                                                                     \
  {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"}

/* --lang nb|en into *lang (English when absent); 0 or the exit status after the message. */
int cli_lang_opt(const cli_command *cmd, const cli_args *a, stp_lang *lang);

/* --replications N into *n (left as it is when absent); 0 or the exit status. */
int cli_replications_opt(const cli_command *cmd, const cli_args *a, long *n);

/* The result set's flags (resultset.h): --follow-symlinks. */
unsigned cli_out_flags(const cli_command *cmd, const cli_args *a);

/* A progress line on stderr: not --quiet, and stderr a terminal. */
bool cli_progress(const cli_command *cmd, const cli_args *a);

/* cli_prepare (prepare.h) of the scenario at path, then --threads into *threads; 0, or the
   exit status after the message (*x NULL). */
int cli_prepare_threads(const cli_command *cmd, const cli_args *a, const char *path,
                        const stp_prepare_opts *po, stp_prepared **x, int *threads);

/* a with "cohort.population=norway" before the command's own --set (a command that always
   runs Norway's students); 0 or the exit status when there is no room for it. */
int cli_population_args(const cli_command *cmd, const cli_args *a, cli_args *b);

/* "stipend NAME POSITIONAL... --OPT VALUE... --set ..." into buf: the options of keep that
   were given, in keep's order, then every --set (in quotes: always with quote_sets, else
   when it holds a blank). */
void cli_command_line(const cli_command *cmd, const cli_args *a, const char *const *keep,
                      size_t nkeep, bool quote_sets, char *buf, size_t n);

#endif
