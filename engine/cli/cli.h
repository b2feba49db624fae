/* cli.h: the stipend command line: option parsing shared by the commands, and the commands. */
#ifndef STP_CLI_H
#define STP_CLI_H

#include <stdbool.h>

#include "error.h"
#include "money.h"
#include "params.h"

/* An option of a command: "--name ARG" (arg != NULL) or a flag "--name". */
typedef struct cli_opt {
  const char *name;   /* without the dashes */
  const char *arg;    /* metavariable, NULL for a flag */
  const char *help;
} cli_opt;

/* A parsed command line: values[i] is the value of opts[i] (NULL if absent, "" for a set flag);
   positional arguments in order. */
typedef struct cli_args {
  const char *values[64];
  const char *positional[16];
  int npositional;
  const char *sets[32];       /* every --set, in order */
  int nsets;
  const char *list[32];       /* every value of the command's other repeatable option (its
                                 metavariable ends in "...": --vary KEY=DIST...), in order */
  int nlist;
} cli_args;

typedef struct cli_command {
  const char *name;
  const char *usage;       /* after "stipend NAME " */
  const char *summary;     /* one line for `stipend --help` */
  const char *description; /* paragraph for `stipend NAME --help` */
  const cli_opt *opts;     /* terminated by {NULL} */
  int min_positional, max_positional;
  int (*run)(const struct cli_command *cmd, const cli_args *args);
} cli_command;

/* Whether an option may be given more than once (its metavariable ends in "..."). */
bool cli_opt_repeats(const cli_opt *o);

/* Parse argv (after the command name). Prints one line on stderr and returns 2 on a bad
   flag; returns 1 when --help was asked and printed; 0 when ready to run. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *out);
void cli_print_help(const cli_command *cmd);

/* Value of option `name` (NULL if absent). */
const char *cli_get(const cli_command *cmd, const cli_args *a, const char *name);
bool cli_flag(const cli_command *cmd, const cli_args *a, const char *name);

/* Parse helpers: on failure print "stipend CMD: --opt: reason" and return false. */
bool cli_money(const cli_command *cmd, const char *opt, const char *text, bool allow_negative,
               stp_money *out);
bool cli_int(const cli_command *cmd, const char *opt, const char *text, long lo, long hi,
             long *out);
bool cli_double(const cli_command *cmd, const char *opt, const char *text, double lo, double hi,
                double *out);
bool cli_year(const cli_command *cmd, const char *opt, const char *text, int *year);

/* Print an error for cmd and return the exit status for its code (2 for bad input). */
int cli_error(const cli_command *cmd, const stp_error *err);
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Load the parameter sets (--datasets or $STIPEND_DATASETS or the built-in path). */
int cli_load_params(const cli_command *cmd, const cli_args *a, stp_params **out);

extern const cli_command cli_cmd_params, cli_cmd_explain, cli_cmd_repay, cli_cmd_validate,
    cli_cmd_run, cli_cmd_cohort, cli_cmd_calibrate, cli_cmd_compare, cli_cmd_sweep,
    cli_cmd_uncertainty, cli_cmd_plot, cli_cmd_report, cli_cmd_budget;

#endif
