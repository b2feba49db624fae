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
#include "cli/prepare.h"
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
  cli_prepared x;
  int rc = cli_prepare(cmd, a, a->positional[0], &x);
  if (rc) {
    cli_prepared_free(&x);
    return rc;
  }
  int threads;
  if ((rc = cli_threads_opt(cmd, a, &threads))) {
    cli_prepared_free(&x);
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
    cli_prepared_free(&x);
    return cli_usage_error(cmd, "--cohort: cannot read '%s'", micro);
  }
  if ((rc = cli_make_dirs(out, &err))) {
    cli_prepared_free(&x);
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
  cli_prepared_free(&x);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
}

static int cohort_cmd(const cli_command *cmd, const cli_args *a) {
  const char *out = cli_get(cmd, a, "out");
  if (!out) return cli_usage_error(cmd, "--out FILE is required");
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
  stp_run_opts ro = {.size = x.sc.size, .entry_first = x.sc.entry_first,
                     .entry_last = x.sc.entry_last, .seed = x.sc.seed, .threads = threads,
                     .progress = !cli_flag(cmd, a, "quiet") && isatty(2), .cohort_out = out,
                     .simulate = false};
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  rc = agg ? stp_run(&ctx, &ro, agg, &st, &err) : stp_fail(&err, STP_ENOMEM, "out of memory");
  stp_agg_free(agg);
  cli_prepared_free(&x);
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

