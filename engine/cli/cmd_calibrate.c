/* cmd_calibrate.c: `stipend calibrate`: a calibration scenario's results beside the
   statistics Lånekassen and SSB published (docs/calibration.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "cohort.h"
#include "rng.h"
#include "run.h"


static const cli_opt calibrate_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"threads", "N", "OpenMP threads"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"csv", NULL, "CSV on stdout"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

typedef struct calib_row {
  const char *statistic;
  double published;
  const char *unit;
  const char *source;
  double simulated;
  const char *how;
} calib_row;

static int calibrate_cmd(const cli_command *cmd, const cli_args *a) {
  cli_prepared x;
  int rc = cli_prepare(cmd, a, a->positional[0], &x);
  int threads = 0;
  if (!rc) rc = cli_threads_opt(cmd, a, &threads);
  if (rc) {
    cli_prepared_free(&x);
    return rc;
  }
  stp_error err = {0};
  stp_life_ctx ctx = {.p = x.p, .cohort = x.model, .econ = x.econ, .seed = x.sc.seed};
  stp_earnings_deciles(x.model, x.sc.entry_first, x.sc.entry_last, ctx.earn_deciles);
  stp_run_opts ro = {.size = x.sc.size, .entry_first = x.sc.entry_first,
                     .entry_last = x.sc.entry_last, .seed = x.sc.seed, .threads = threads,
                     .progress = !cli_flag(cmd, a, "quiet") && isatty(2), .simulate = true};
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  rc = agg ? stp_run(&ctx, &ro, agg, &st, &err) : stp_fail(&err, STP_ENOMEM, "out of memory");
  if (rc) {
    stp_agg_free(agg);
    cli_prepared_free(&x);
    return cli_error(cmd, &err);
  }
  /* Completion of bachelor entrants, straight from the cohort draws (SSB's measure). */
  long bach = 0, in3 = 0, in5 = 0;
  gsl_rng *r = stp_rng_alloc();
  for (long i = 0; i < x.sc.size && i < 200000; i++) {
    stp_student s;
    stp_cohort_draw(x.model, r, x.sc.seed, (uint64_t)i, x.sc.entry_first, x.sc.entry_last, &s);
    if (s.level != STP_LEVEL_BACHELOR) continue;
    bach++;
    if (s.completed && s.years <= 3) in3++;
    if (s.completed && s.years <= 5) in5++;
  }
  stp_rng_free(r);
  const stp_group_acc *g = &agg->g[STP_GROUP_ALL];
  double n = (double)g->students;
  calib_row rows[] = {
      {"average debt at end of higher education (Norway)", 434000, "NOK",
       "finansavisen.no 12.06.2025 citing Lånekassen (2024)",
       g->borrowers ? (double)g->debt_end_study / (double)g->borrowers / 100.0 : NAN,
       "mean debt when interest starts, borrowers"},
      {"means-tested students with a reduced grant or loan only", 0.27, "share",
       "dagsavisen.no 11.04.2025 citing Lånekassen (2023)",
       g->means_tested ? (double)(g->means_reduced + g->means_loan_only) / (double)g->means_tested
                       : NAN,
       "students with a grant potential reduced in some calendar year"},
      {"students with Lånekassen support", 0.64, "share",
       "lanekassen.no utdanningsstøtten 2022 (2021-22)", n ? (double)g->supported / n : NAN,
       "students supported in some year"},
      {"students living with their parents", 0.10, "share",
       "EUROSTUDENT VII via ssb.no (2019)",
       n ? (double)agg->g[STP_GROUP_HOME0 + 1].students / n : NAN, "at-home students"},
      {"bachelor entrants completing within 3 years", 0.564, "share",
       "ssb.no gjennomføring (2018 cohort)", bach ? (double)in3 / (double)bach : NAN,
       "cohort draws, bachelor entrants"},
      {"bachelor entrants completing within 5 years", 0.72, "share",
       "ssb.no gjennomføring (2018 cohort)", bach ? (double)in5 / (double)bach : NAN,
       "cohort draws, bachelor entrants"},
      {"repayers deferring a bill within a year", 0.25, "share",
       "lanekassen.no 10 ting om tilbakebetaling (2023)",
       g->borrowers ? (double)g->deferred_first_year / (double)g->borrowers : NAN,
       "borrowers deferring one of their first 12 bills"},
      {"loans terminated for non-payment", 0.029, "share",
       "finansavisen.no 12.06.2025 (2024, share of loans)",
       g->borrowers ? (double)g->ended[STP_END_DEFAULT] / (double)g->borrowers : NAN,
       "borrowers whose loan is terminated at some point"},
  };
  bool csv = cli_flag(cmd, a, "csv");
  if (csv)
    printf("statistic,unit,published,simulated,gap_share,source,simulated_as\n");
  else
    printf("%s: %ld students, seed %llu\n%-56s %12s %12s %8s\n", x.sc.name, st.students,
           (unsigned long long)x.sc.seed, "statistic", "published", "simulated", "gap");
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    calib_row *c = &rows[i];
    double gap = c->simulated / c->published - 1.0;
    if (csv)
      printf("\"%s\",%s,%.6g,%.6g,%.4f,\"%s\",\"%s\"\n", c->statistic, c->unit, c->published,
             c->simulated, gap, c->source, c->how);
    else if (!strcmp(c->unit, "NOK"))
      printf("%-56s %12.0f %12.0f %+7.1f%%\n", c->statistic, c->published, c->simulated,
             100 * gap);
    else
      printf("%-56s %11.1f%% %11.1f%% %+7.1f%%\n", c->statistic, 100 * c->published,
             100 * c->simulated, 100 * gap);
  }
  stp_agg_free(agg);
  cli_prepared_free(&x);
  return 0;
}

const cli_command cli_cmd_calibrate = {
    "calibrate", "SCENARIO.ini [OPTIONS]",
    "run a calibration scenario and set its results beside the published statistics",
    "Runs the scenario (typically scenarios/calibration-2024.ini) and prints, for each\n"
    "statistic Lånekassen or SSB published (domain/calibration.md), the published figure, the\n"
    "simulated one and the gap. docs/calibration.md records a run and explains the gaps.",
    calibrate_opts, 1, 1, calibrate_cmd};
