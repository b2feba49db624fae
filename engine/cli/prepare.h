/* prepare.h: what the cohort commands (run, cohort, calibrate, compare, sweep) share: a
   scenario made ready to simulate (parameters projected and overridden, cohort model,
   economy), the --threads option, and creating the results folder. */
#ifndef STP_CLI_PREPARE_H
#define STP_CLI_PREPARE_H

#include "cli/cli.h"
#include "cohort.h"
#include "lifecycle.h"
#include "scenario.h"

typedef struct cli_prepared {
  stp_params *p;              /* projected to STP_MAX_YEAR, scenario overrides applied */
  stp_scenario sc;            /* the file, then every --set, then --size and --seed */
  stp_cohort_model *model;    /* datasets/cohort/<calibration> */
  stp_economy *econ;          /* the scenario's rate path and wage growth */
} cli_prepared;

/* Load the scenario at scenario_path with the command's --set, --size, --seed and --datasets.
   Returns 0, or the exit status after printing the one-line error. Free x either way. */
int cli_prepare(const cli_command *cmd, const cli_args *a, const char *scenario_path,
                cli_prepared *x);
void cli_prepared_free(cli_prepared *x);

/* --threads N into *threads (0 when absent: OpenMP's default); 0 or an exit status. */
int cli_threads_opt(const cli_command *cmd, const cli_args *a, int *threads);

/* mkdir -p */
int cli_make_dirs(const char *path, stp_error *err);

#endif
