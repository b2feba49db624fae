/* cmd_compare.c: `stipend compare BASELINE REFORM...`: every scenario on the same students,
   the standard tables for each, the differences, winners and losers, the state budget and
   the evidence table (stp_compare_run, analytics/compare.h; docs/analytics.md). */
#include <stdio.h>

#include "analytics/compare.h"
#include "analytics/evidence.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"
#include "datasets.h"

static const cli_opt compare_opts[] = {
    {"out", "DIR", "results folder (default: results/compare-<baseline name>)"},
    CLI_OPT_FOLLOW,
    {"size", "N", "students (default: the scenarios' [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenarios' [run] seed)"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"replications", "N", "independent comparisons (default: the baseline's [run] replications)"},
    {"set", "SECTION.KEY=VALUE", "override a value of every reform, not the baseline (repeatable)"},
    {"quiet", NULL, "no progress line"},
    CLI_OPT_DATASETS,
    {"lang", "nb|en", "language of report.html (default en)"},
    {"no-report", NULL, "do not write report.html"},
    {NULL, NULL, NULL}};

#define MAXS STP_COMPARE_MAX_SCENARIOS

static int cmd_compare(const cli_command *cmd, const cli_args *a) {
  int n = a->npositional;
  if (n > MAXS)
    return cli_usage_error(cmd, "at most %d scenarios (a baseline and %d reforms)", MAXS, MAXS - 1);
  stp_compare_job j = {.n = n, .files = a->positional, .out = cli_get(cmd, a, "out"),
                       .report = !cli_flag(cmd, a, "no-report"),
                       .progress = cli_progress(cmd, a), .out_flags = cli_out_flags(cmd, a),
                       .datasets = stp_datasets_chosen(cli_get(cmd, a, "datasets"))};
  stp_prepared *x[MAXS] = {0};
  int rc = cli_lang_opt(cmd, a, &j.lang);
  for (int k = 0; k < n && rc == 0; k++) {
    cli_args ak = *a;
    if (k == 0) ak.nsets = 0; /* --set makes reforms; the baseline is its file */
    /* Each scenario's rules on the baseline's students: one set of decile thresholds. */
    stp_prepare_opts po = {.deciles = k ? x[0]->ctx.earn_deciles : NULL,
                           .cohort_of = k ? x[0] : NULL, .loan_book = true};
    rc = cli_prepare(cmd, &ak, a->positional[k], &po, &x[k]);
  }
  if (!rc) rc = cli_threads_opt(cmd, a, &j.threads);
  if (!rc) rc = cli_replications_opt(cmd, a, &j.replications);
  /* the command line that reproduces the results (without --out, --threads, --quiet) */
  static const char *const keep[] = {"size", "sample", "seed", "replications", "datasets", "lang"};
  char command[4096];
  cli_command_line(cmd, a, keep, sizeof keep / sizeof keep[0], false, command, sizeof command);
  j.command = command;
  j.x = x;
  stp_error err = {0};
  stp_compare_results r = {0};
  if (!rc && stp_compare_run(&j, &r, &err) != STP_OK) rc = cli_error(cmd, &err);
  if (!rc) {
    stp_evidence_print(stdout, r.evidence, false);
    printf("\nresults: %s/ (evidence.md, evidence.csv, summary.csv, groups.csv, cashflow.csv, "
           "distribution.csv, difference.csv, difference_by_year.csv, winners.csv, budget.csv, "
           "budget_totals.csv, budget_summary.csv, budget_posts.csv, about.csv, scenarios.csv, "
           "parameters.csv%s%s)\n",
           r.out, r.replications > 1 ? ", replications.csv" : "", j.report ? ", report.html" : "");
    if (r.replications > 1)
      printf("replications: %ld independent comparisons (seeds derived from %llu); "
             "replications.csv gives each reform's difference from the baseline, mean and 95 %% "
             "t-interval\n",
             r.replications, (unsigned long long)x[0]->sc.seed);
    if (!cli_flag(cmd, a, "quiet"))
      fprintf(stderr, "compared %ld students in %d scenarios in %.1f s\n", r.cmp.students, n,
              r.cmp.seconds);
  }
  stp_compare_results_free(&r);
  for (int k = 0; k < n; k++) stp_prepared_close(x[k]);
  return rc;
}

const cli_command cli_cmd_compare = {
    "compare", "BASELINE.ini REFORM.ini... [OPTIONS]",
    "baseline against reforms on the same students: differences, winners, budget, evidence",
    "Simulates every scenario on the same synthetic students (common random numbers: each\n"
    "student is drawn once, from the baseline's cohort, which every scenario must share), and\n"
    "writes into DIR: summary.csv, groups.csv, cashflow.csv, distribution.csv (baseline then\n"
    "each reform), difference.csv and difference_by_year.csv (reform minus baseline),\n"
    "winners.csv (who gains, by group), budget.csv (by year), budget_totals.csv,\n"
    "budget_summary.csv and budget_posts.csv (the state's side: kap. 2410, 5310,\n"
    "5617), evidence.md and evidence.csv; the evidence table is printed. --set changes the\n"
    "reforms only: `compare base.ini base.ini --set run.name=more --set\n"
    "policy.basic_support=1.5G` compares the baseline with one change. See docs/analytics.md.",
    compare_opts, 2, 16, cmd_compare};
