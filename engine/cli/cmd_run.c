/* cmd_run.c: `stipend run`: a scenario on a cohort, results as CSV (stp_replicate_run,
   analytics/replicate.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/replicate.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"
#include "money.h"

static const cli_opt run_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    CLI_OPT_SEED,
    {"out", "DIR", "results folder (default: the scenario's [output] dir)"},
    {"students", NULL, "also write students.csv, one row per student"},
    {"cohort", "FILE", "replay a microdata cohort file instead of drawing students"},
    {"replications", "N", "independent runs (default: the scenario's [run] replications)"},
    CLI_OPT_SET,
    {"quiet", NULL, "no progress line"},
    CLI_OPT_DATASETS,
    {"lang", "nb|en", "language of report.html, written with --replications (default en)"},
    {"no-report", NULL, "with --replications: do not write report.html"},
    CLI_OPT_FOLLOW,
    {NULL, NULL, NULL}};

static void print_summary(const char *name, const stp_agg *agg, const stp_run_stats *st,
                          const char *dir, bool students) {
  const stp_group_acc *g = &agg->g[STP_GROUP_ALL];
  char b1[32], b2[32];
  printf("%s: %ld students in %.1f s (%.0f per second)\n", name, st->students, st->seconds,
         st->seconds > 0 ? (double)st->students / st->seconds : 0.0);
  if (st->lifecycle_seconds > 0)
    printf("  lifecycles alone: %.0f per second on %d thread%s (the cohort's drawing or reading "
           "left out)\n",
           (double)st->students * st->threads / st->lifecycle_seconds, st->threads,
           st->threads == 1 ? "" : "s");
  /* the numbers as every command prints them (money.h): totals in NOK million, a
     student's amount in NOK with thousands grouped, the øre as summary.csv has them */
  printf("  borrowers %lld (%.1f %%), paid out NOK %s million, of which grants NOK %s million\n",
         (long long)g->borrowers, g->students ? 100.0 * (double)g->borrowers / (double)g->students : 0,
         stp_money_million(g->paid_out, b1, sizeof b1), stp_money_million(g->grant, b2, sizeof b2));
  printf("  debt at end of study: mean NOK %s, median NOK %s\n",
         stp_money_grouped(g->borrowers ? stp_div_round(g->debt_end_study, g->borrowers) : 0, b1,
                    sizeof b1),
         stp_money_grouped(stp_agg_debt_quantile(g, 0.5), b2, sizeof b2));
  printf("  results: %s/summary.csv, cashflow.csv, groups.csv, distribution.csv%s%s\n", dir,
         students ? ", students.csv" : "", st->students ? "" : " (empty cohort)");
}

/* "mean NOK x (95 % interval a to b)" of a money figure over the replications. */
/* A total in NOK million, a mean per student in NOK (money.h). */
static void print_interval(const stp_repl_stats *s, const char *label, const char *name,
                           bool million) {
  stp_repl_summary m;
  char b1[48], b2[48], b3[48];
  stp_repl_get(s, stp_figure_find(name), &m);
  if (m.n < 2) return;
  const char *(*f)(stp_money, char *, size_t) = million ? stp_money_million : stp_money_grouped;
  printf("  %s: mean NOK %s%s, 95 %% interval NOK %s to %s%s\n", label,
         f((stp_money)llround(m.mean), b1, sizeof b1), million ? " million" : "",
         f((stp_money)llround(m.lo), b2, sizeof b2), f((stp_money)llround(m.hi), b3, sizeof b3),
         million ? " million" : "");
}

static int cmd_run(const cli_command *cmd, const cli_args *a) {
  stp_prepared *x;
  stp_prepare_opts po = {.microdata = cli_get(cmd, a, "cohort")};
  stp_replicate_job j = {.file = a->positional[0], .out = cli_get(cmd, a, "out"),
                         .progress = cli_progress(cmd, a), .out_flags = cli_out_flags(cmd, a),
                         .report = !cli_flag(cmd, a, "no-report")};
  int rc = cli_prepare(cmd, a, a->positional[0], &po, &x);
  if (!rc) rc = cli_threads_opt(cmd, a, &j.threads);
  if (!rc) rc = cli_replications_opt(cmd, a, &j.replications);
  if (!rc) rc = cli_lang_opt(cmd, a, &j.lang);
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  /* A run changed by --set is another scenario: its name says so (unless --set run.name
     gave one), so that files of several runs put together can be told apart. */
  bool named = false;
  for (int i = 0; i < a->nsets; i++) named |= strncmp(a->sets[i], "run.name=", 9) == 0;
  for (int i = 0; !named && i < a->nsets; i++) {
    const char *dot = strchr(a->sets[i], '.');
    if (strncmp(a->sets[i], "policy.", 7) && strncmp(a->sets[i], "economy.", 8)) continue;
    size_t len = strlen(x->sc.name);
    snprintf(x->sc.name + len, sizeof x->sc.name - len, "+%s", dot + 1);
  }
  static const char *const keep[] = {"size",         "sample", "seed",
                                     "replications", "cohort", "datasets"};
  char command[4096];
  cli_command_line(cmd, a, keep, sizeof keep / sizeof keep[0], true, command, sizeof command);
  j.x = x;
  j.command = command;
  j.students = cli_flag(cmd, a, "students") || x->sc.students;
  stp_error err = {0};
  stp_replicate_result r;
  rc = stp_replicate_run(&j, &r, &err);
  /* The usual lines are those of replication 1, whose totals agg no longer holds. */
  if (rc == STP_OK && r.replications == 1) {
    print_summary(x->sc.name, r.agg, &r.first, r.out, j.students);
  } else if (rc == STP_OK) {
    printf("%s: %ld replications of %ld students (replication 1 on seed %llu; the others on "
           "seeds derived from it)\n",
           x->sc.name, r.replications, r.first.students, (unsigned long long)x->sc.seed);
    print_interval(r.stats, "paid out", "paid_out_nok", true);
    print_interval(r.stats, "grants", "grants_nok", true);
    print_interval(r.stats, "debt at end of study (mean)", "debt_end_study_mean_nok", false);
    print_interval(r.stats, "debt at end of study (median)", "debt_end_study_p50_nok", false);
    print_interval(r.stats, "state cost (grants + relief + write-offs)", "state_cost_nok", true);
    printf("  results: %s/summary.csv, cashflow.csv, groups.csv, distribution.csv%s "
           "(replication 1), replications.csv (mean and 95 %% t-interval of every figure), "
           "replication_runs.csv%s\n",
           r.out, j.students ? ", students.csv" : "", j.report ? ", report.html" : "");
  }
  stp_replicate_result_free(&r);
  stp_prepared_close(x);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
}

const cli_command cli_cmd_run = {
    "run", "SCENARIO.ini [OPTIONS]",
    "simulate a scenario on a cohort: summary.csv, cashflow.csv, groups.csv (students.csv)",
    "Draws the scenario's synthetic cohort (or replays a microdata file), simulates every\n"
    "student month by month from the first term to the end of the loan with the rules of\n"
    "each year the student lives through, and writes the results as CSV (docs/outputs.md).\n"
    "The same scenario and seed give byte-identical files on any number of threads; each\n"
    "student's random draws depend on (seed, student id) alone. With N replications\n"
    "(--replications N or [run] replications = N) the scenario runs N times, one after the\n"
    "other, replication 1 on the scenario's seed and replication k on stp_hash64(seed, k):\n"
    "the usual files are those of replication 1, replications.csv gives the mean and the\n"
    "95 % t-interval over replications of every headline figure, replication_runs.csv each\n"
    "replication's seed and figures.",
    run_opts, 1, 1, cmd_run};

