/* cmd_cohort.c: `stipend cohort`: the scenario's synthetic cohort exported in the microdata
   format (stp_prepared_export_cohort, prepared.h). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"

static const cli_opt cohort_opts[] = {
    {"out", "FILE", "microdata CSV to write (required)"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    CLI_OPT_SEED,
    CLI_OPT_SET,
    {"threads", "N", "OpenMP threads"},
    {"quiet", NULL, "no progress line"},
    CLI_OPT_DATASETS,
    CLI_OPT_FOLLOW,
    {NULL, NULL, NULL}};

static int cmd_cohort(const cli_command *cmd, const cli_args *a) {
  const char *out = cli_get(cmd, a, "out");
  if (!out) return cli_usage_error(cmd, "--out FILE is required");
  stp_prepared *x;
  stp_prepare_opts po = {.check_only = true};
  int threads = 0, rc = cli_prepare_threads(cmd, a, a->positional[0], &po, &x, &threads);
  if (rc) return rc;
  stp_error err = {0};
  long students;
  rc = stp_prepared_export_cohort(x, out, cli_out_flags(cmd, a), threads, cli_progress(cmd, a),
                                  &students, &err);
  if (rc == STP_OK) printf("%s: %ld students written to %s\n", x->sc.name, students, out);
  stp_prepared_close(x);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
}

const cli_command cli_cmd_cohort = {
    "cohort", "SCENARIO.ini --out FILE [OPTIONS]",
    "export the scenario's synthetic cohort as a microdata CSV (docs/microdata.md)",
    "Writes the students `stipend run` would draw for the scenario, one row per student, in\n"
    "the documented microdata format; `stipend run SCENARIO --cohort FILE` replays them with\n"
    "identical results.",
    cohort_opts, 1, 1, cmd_cohort};

