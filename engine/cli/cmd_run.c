/* cmd_run.c: `stipend run` (a scenario on a cohort, results as CSV) and `stipend cohort`
   (export the synthetic cohort in the microdata format). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregate.h"
#include "cli/cli.h"
#include "cohort.h"
#include "lifecycle.h"
#include "output.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

static const cli_opt run_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"out", "DIR", "results folder (default: the scenario's [output] dir)"},
    {"students", NULL, "also write students.csv, one row per student"},
    {"cohort", "FILE", "replay a microdata cohort file instead of drawing students"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

static const cli_opt cohort_opts[] = {
    {"out", "FILE", "microdata CSV to write (required)"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"threads", "N", "OpenMP threads"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

/* mkdir -p */
static int make_dirs(const char *path, stp_error *err) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
    *p = '/';
  }
  if (mkdir(buf, 0777) != 0 && errno != EEXIST)
    return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
  return STP_OK;
}

typedef struct prepared {
  stp_params *p;
  stp_scenario sc;
  stp_cohort_model *model;
  stp_economy *econ;
} prepared;

static void prepared_free(prepared *x) {
  stp_cohort_model_free(x->model);
  stp_params_free(x->p);
  free(x->econ);
}

/* Parameters, scenario (+ --set and flags), projection, overrides, cohort model, economy. */
static int prepare(const cli_command *cmd, const cli_args *a, prepared *x) {
  memset(x, 0, sizeof *x);
  stp_error err = {0};
  int rc = cli_load_params(cmd, a, &x->p);
  if (rc) return rc;
  if (stp_scenario_load(a->positional[0], &x->sc, &err) != STP_OK) return cli_error(cmd, &err);
  for (int i = 0; i < a->nsets; i++)
    if (stp_scenario_set(&x->sc, a->sets[i], &err) != STP_OK) return cli_error(cmd, &err);
  const char *s;
  long v;
  if ((s = cli_get(cmd, a, "size"))) {
    if (!cli_int(cmd, "size", s, 1, 2000000000L, &v)) return 2;
    x->sc.size = v;
  }
  if ((s = cli_get(cmd, a, "seed"))) {
    char *end;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-')
      return cli_usage_error(cmd, "--seed: '%s' is not a whole number >= 0", s);
    x->sc.seed = u;
  }
  if (stp_params_project(x->p, STP_MAX_YEAR, x->sc.price_growth, x->sc.wage_growth, &err) ||
      stp_scenario_apply(&x->sc, x->p, &err))
    return cli_error(cmd, &err);
  const char *dir = cli_get(cmd, a, "datasets");
  if (!dir || !*dir) dir = getenv("STIPEND_DATASETS");
  if (!dir || !*dir) dir = STP_DATADIR;
  if (stp_cohort_model_load(dir, x->sc.calibration, &x->model, &err) != STP_OK)
    return cli_error(cmd, &err);
  x->econ = malloc(sizeof *x->econ);
  if (!x->econ) return 1;
  int months[STP_SCEN_MAX_RATE_POINTS];
  for (int i = 0; i < x->sc.rate_npoints; i++) months[i] = x->sc.rate_month[i];
  stp_economy_rates(x->econ, x->p, x->sc.rate_npoints, months, x->sc.rate, x->sc.rate_after);
  x->econ->wage_growth = x->sc.wage_growth;
  return 0;
}

static int threads_opt(const cli_command *cmd, const cli_args *a, int *threads) {
  const char *s = cli_get(cmd, a, "threads");
  long v;
  *threads = 0;
  if (s) {
    if (!cli_int(cmd, "threads", s, 1, 1024, &v)) return 2;
    *threads = (int)v;
  }
  return 0;
}

static void print_summary(const char *name, const stp_agg *agg, const stp_run_stats *st,
                          const char *dir) {
  const stp_group_acc *g = &agg->g[STP_GROUP_ALL];
  char b1[32], b2[32];
  printf("%s: %ld students in %.1f s (%.0f per second)\n", name, st->students, st->seconds,
         st->seconds > 0 ? (double)st->students / st->seconds : 0.0);
  printf("  borrowers %lld (%.1f %%), paid out NOK %s, of which grants NOK %s\n",
         (long long)g->borrowers, g->students ? 100.0 * (double)g->borrowers / (double)g->students : 0,
         stp_money_format(g->paid_out, b1, sizeof b1), stp_money_format(g->grant, b2, sizeof b2));
  printf("  debt at end of study: mean NOK %s, median NOK %s\n",
         stp_money_format(g->borrowers ? g->debt_end_study / g->borrowers : 0, b1, sizeof b1),
         stp_money_format(stp_agg_debt_quantile(g, 0.5), b2, sizeof b2));
  printf("  results: %s/summary.csv, cashflow.csv, groups.csv, distribution.csv%s\n", dir,
         st->students ? "" : " (empty cohort)");
}

static int run_cmd(const cli_command *cmd, const cli_args *a) {
  prepared x;
  int rc = prepare(cmd, a, &x);
  if (rc) {
    prepared_free(&x);
    return rc;
  }
  int threads;
  if ((rc = threads_opt(cmd, a, &threads))) {
    prepared_free(&x);
    return rc;
  }
  stp_error err = {0};
  const char *out = cli_get(cmd, a, "out");
  if (!out) out = x.sc.out_dir;
  char students_path[1200], path[1200];
  bool students = cli_flag(cmd, a, "students") || x.sc.students;
  const char *micro = cli_get(cmd, a, "cohort");
  if (!micro && x.sc.microdata[0]) micro = x.sc.microdata;
  if (micro && access(micro, R_OK) != 0) {
    prepared_free(&x);
    return cli_usage_error(cmd, "--cohort: cannot read '%s'", micro);
  }
  if ((rc = make_dirs(out, &err))) {
    prepared_free(&x);
    return cli_error(cmd, &err);
  }
  snprintf(students_path, sizeof students_path, "%s/students.csv", out);
  stp_life_ctx ctx = {.p = x.p, .cohort = x.model, .econ = x.econ, .seed = x.sc.seed};
  stp_earnings_deciles(x.model, x.sc.entry_first, x.sc.entry_last, ctx.earn_deciles);
  stp_run_opts ro = {.size = x.sc.size, .entry_first = x.sc.entry_first,
                     .entry_last = x.sc.entry_last, .seed = x.sc.seed, .threads = threads,
                     .progress = !cli_flag(cmd, a, "quiet") && isatty(2), .microdata = micro,
                     .students_path = students ? students_path : NULL, .simulate = true};
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  if (!agg) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
  else rc = stp_run(&ctx, &ro, agg, &st, &err);
  stp_summary_meta meta = {.seed = x.sc.seed, .horizon_year = STP_MAX_YEAR};
  if (rc == STP_OK && !st.invariants_ok)
    rc = stp_fail(&err, STP_ERANGE, "%ld students broke an accounting identity (a bug)",
                  st.invariant_failures);
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/summary.csv", out);
    rc = stp_write_summary(path, x.sc.name, agg, &meta, &err);
  }
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/cashflow.csv", out);
    rc = stp_write_cashflow(path, x.sc.name, agg, &err);
  }
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/groups.csv", out);
    rc = stp_write_groups(path, x.sc.name, agg, &meta, &err);
  }
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/distribution.csv", out);
    rc = stp_write_distribution(path, x.sc.name, agg, &err);
  }
  if (rc == STP_OK) print_summary(x.sc.name, agg, &st, out);
  stp_agg_free(agg);
  prepared_free(&x);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
}

static int cohort_cmd(const cli_command *cmd, const cli_args *a) {
  const char *out = cli_get(cmd, a, "out");
  if (!out) return cli_usage_error(cmd, "--out FILE is required");
  prepared x;
  int rc = prepare(cmd, a, &x);
  int threads = 0;
  if (!rc) rc = threads_opt(cmd, a, &threads);
  if (rc) {
    prepared_free(&x);
    return rc;
  }
  stp_error err = {0};
  stp_life_ctx ctx = {.p = x.p, .cohort = x.model, .econ = x.econ, .seed = x.sc.seed};
  stp_run_opts ro = {.size = x.sc.size, .entry_first = x.sc.entry_first,
                     .entry_last = x.sc.entry_last, .seed = x.sc.seed, .threads = threads,
                     .progress = !cli_flag(cmd, a, "quiet") && isatty(2), .cohort_out = out,
                     .simulate = false};
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  rc = agg ? stp_run(&ctx, &ro, agg, &st, &err) : stp_fail(&err, STP_ENOMEM, "out of memory");
  stp_agg_free(agg);
  prepared_free(&x);
  if (rc) return cli_error(cmd, &err);
  printf("%s: %ld students written to %s\n", x.sc.name, st.students, out);
  return 0;
}

const cli_command cli_cmd_run = {
    "run", "SCENARIO.ini [OPTIONS]",
    "simulate a scenario on a cohort: summary.csv, cashflow.csv, groups.csv (students.csv)",
    "Draws the scenario's synthetic cohort (or replays a microdata file), simulates every\n"
    "student month by month from the first term to the end of the loan with the rules of\n"
    "each year the student lives through, and writes the results as CSV (docs/outputs.md).\n"
    "The same scenario and seed give byte-identical files on any number of threads; each\n"
    "student's random draws depend on (seed, student id) alone.",
    run_opts, 1, 1, run_cmd};

const cli_command cli_cmd_cohort = {
    "cohort", "SCENARIO.ini --out FILE [OPTIONS]",
    "export the scenario's synthetic cohort as a microdata CSV (docs/microdata.md)",
    "Writes the students `stipend run` would draw for the scenario, one row per student, in\n"
    "the documented microdata format; `stipend run SCENARIO --cohort FILE` replays them with\n"
    "identical results.",
    cohort_opts, 1, 1, cohort_cmd};

/* ---- stipend calibrate ---- */

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
  prepared x;
  int rc = prepare(cmd, a, &x);
  int threads = 0;
  if (!rc) rc = threads_opt(cmd, a, &threads);
  if (rc) {
    prepared_free(&x);
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
    prepared_free(&x);
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
  prepared_free(&x);
  return 0;
}

const cli_command cli_cmd_calibrate = {
    "calibrate", "SCENARIO.ini [OPTIONS]",
    "run a calibration scenario and set its results beside the published statistics",
    "Runs the scenario (typically scenarios/calibration-2024.ini) and prints, for each\n"
    "statistic Lånekassen or SSB published (domain/calibration.md), the published figure, the\n"
    "simulated one and the gap. docs/calibration.md records a run and explains the gaps.",
    calibrate_opts, 1, 1, calibrate_cmd};
