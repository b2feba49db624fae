/* cmd_calibrate.c: `stipend calibrate`: a calibration scenario's results beside the
   statistics Lånekassen and SSB published, each measured as its publisher measured it
   (stp_calibration_run, engine/calibration.h; docs/calibration.md), or with --backcasts
   Norway's figures of past years beside the published ones (analytics/backcast.h). */
#include <stdio.h>
#include <string.h>

#include "analytics/backcast.h"
#include "calibration.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"

static const cli_opt calibrate_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    CLI_OPT_SEED,
    {"threads", "N", "OpenMP threads (the results do not depend on it)"},
    CLI_OPT_SET,
    {"detail", NULL,
     "also the 2024 leavers by kind, living with parents by age, terminations by year of repayment"},
    {"csv", NULL, "CSV on stdout"},
    {"backcasts", NULL,
     "Norway's figures beside the published ones (budget 2017, recipients, basic loan, "
     "mean debt): the population mode from 2017 (docs/backcasts.md)"},
    {"quiet", NULL, "no progress line (accepted; the run prints none)"},
    CLI_OPT_DATASETS,
    {NULL, NULL, NULL}};

static int backcasts(const cli_command *cmd, const cli_args *a) {
  /* Norway's students from eight years before the 2017 budget on */
  cli_args b;
  if (cli_population_args(cmd, a, &b)) return 2;
  stp_prepare_opts po = {.horizon_from = STP_FIRST_BACKCAST_BUDGET, .loan_book = true};
  stp_prepared *x = NULL;
  int threads = 0, rc = cli_prepare_opts(cmd, &b, &po);
  if (!rc) rc = cli_prepare_threads(cmd, &b, a->positional[0], &po, &x, &threads);
  stp_error err = {0};
  stp_backcasts t;
  if (!rc && stp_backcasts_run(x, a->positional[0], &po, threads, &t, &err) != STP_OK)
    rc = cli_error(cmd, &err);
  if (!rc) stp_backcasts_print(stdout, &t, &x->sc, cli_flag(cmd, a, "csv"));
  stp_prepared_close(x);
  return rc;
}

static int cmd_calibrate(const cli_command *cmd, const cli_args *a) {
  if (cli_flag(cmd, a, "backcasts")) return backcasts(cmd, a);
  stp_prepared *x;
  int threads = 0, rc = cli_prepare_threads(cmd, a, a->positional[0], NULL, &x, &threads);
  if (!rc && x->sc.source != STP_COHORT_SYNTHETIC)
    rc = cli_usage_error(cmd, "%s: [cohort] source must be synthetic for calibrate",
                         a->positional[0]);
  stp_error err = {0};
  stp_calibration c;
  if (!rc && stp_calibration_run(x, threads, &c, &err) != STP_OK) rc = cli_error(cmd, &err);
  /* A reference year's students, leavers and repayers are all in the run only when every
     entry year that can reach it is: eight years of study back from 2023-24. */
  int debt = rc ? 0 : c.o.years.debt;
  if (!rc && (x->sc.entry_first > STP_FIRST_YEAR || x->sc.entry_last < debt - 1))
    fprintf(stderr,
            "stipend calibrate: warning: entry years do not cover %d-%02d to %d-%02d: the "
            "reference years' students, leavers and repayers are incomplete\n",
            STP_FIRST_YEAR, (STP_FIRST_YEAR + 1) % 100, debt - 1, debt % 100);
  if (!rc)
    stp_calibration_print(stdout, &c, &x->sc, cli_flag(cmd, a, "csv"), cli_flag(cmd, a, "detail"));
  stp_prepared_close(x);
  return rc;
}

const cli_command cli_cmd_calibrate = {
    "calibrate", "SCENARIO.ini [OPTIONS]",
    "run a calibration scenario and set its results beside the published statistics",
    "Draws and simulates the scenario's synthetic cohort (typically\n"
    "scenarios/calibration-2024.ini) and prints, for each statistic Lånekassen or SSB\n"
    "published (sources in docs/calibration.md), the published figure, the simulated one measured on\n"
    "the publisher's population (a year's leavers, students or repayers), its sampling\n"
    "standard error, the gap and the source. docs/calibration.md records a run and explains\n"
    "the gaps.",
    calibrate_opts, 1, 1, cmd_calibrate};
