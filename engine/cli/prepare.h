/* prepare.h: what the cohort commands (run, cohort, calibrate, compare, sweep) share: their
   options turned into a prepared scenario (prepared.h), the --threads option, and creating
   the results folder. */
#ifndef STP_CLI_PREPARE_H
#define STP_CLI_PREPARE_H

#include "cli/cli.h"
#include "prepared.h"
#include "resultset.h"

/* The command's --set, --size, --seed and --datasets as preparation options (o->sets points
   into a). Returns 0, or the exit status after printing the one-line error. */
int cli_prepare_opts(const cli_command *cmd, const cli_args *a, stp_prepare_opts *o);

/* stp_prepared_open on scenario_path with the command's options (o_extra: further options,
   NULL for none; its sets etc. are replaced by the command's). Returns 0, or the exit
   status after printing the one-line error (*x NULL). */
int cli_prepare(const cli_command *cmd, const cli_args *a, const char *scenario_path,
                const stp_prepare_opts *o_extra, stp_prepared **x);

/* --threads N into *threads (0 when absent: OpenMP's default); 0 or an exit status. */
int cli_threads_opt(const cli_command *cmd, const cli_args *a, int *threads);

/* Start a result set at target (resultset.h) with the command's --follow-symlinks; 0 or the
   exit status after printing the one-line error (2 for a target that cannot be one). */
int cli_result_begin(const cli_command *cmd, const cli_args *a, const char *target,
                     stp_result_kind kind, stp_resultset **rs);

/* Whether dir can be a results folder, for validate: 0 or the exit status after printing. */
int cli_check_out_dir(const cli_command *cmd, const char *dir);

#endif
