/* cmd_compare.c: `stipend compare BASELINE REFORM...`: every scenario on the same students,
   the standard tables for each, the differences, winners and losers, the state budget and
   the evidence table (stp_compare_run, analytics/compare.h; docs/analytics.md). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analytics/compare.h"
#include "analytics/evidence.h"
#include "analytics/replicate.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "datasets.h"
#include "resultset.h"

static const cli_opt compare_opts[] = {
    {"out", "DIR", "results folder (default: results/compare-<baseline name>)"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {"size", "N", "students (default: the scenarios' [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenarios' [run] seed)"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"replications", "N", "independent comparisons (default: the baseline's [run] replications)"},
    {"set", "SECTION.KEY=VALUE", "override a value of every reform, not the baseline (repeatable)"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {"lang", "nb|en", "language of report.html (default en)"},
    {"no-report", NULL, "do not write report.html"},
    {NULL, NULL, NULL}};

#define MAXS STP_COMPARE_MAX_SCENARIOS

/* The command line that reproduces the results (without --out, --threads, --quiet). */
static void command_line(const cli_command *cmd, const cli_args *a, char *buf, size_t n) {
  size_t o = (size_t)snprintf(buf, n, "stipend %s", cmd->name);
  const char *opt[] = {"size", "sample", "seed", "replications", "datasets", "lang"};
  for (int i = 0; i < a->npositional && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o, " %s", a->positional[i]);
  for (int i = 0; i < 6 && o < n; i++) {
    const char *v = cli_get(cmd, a, opt[i]);
    if (v) o += (size_t)snprintf(buf + o, n - o, " --%s %s", opt[i], v);
  }
  for (int i = 0; i < a->nsets && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o, strchr(a->sets[i], ' ') ? " --set '%s'" : " --set %s",
                          a->sets[i]);
}

static int cmd_compare(const cli_command *cmd, const cli_args *a) {
  int n = a->npositional;
  if (n > MAXS)
    return cli_usage_error(cmd, "at most %d scenarios (a baseline and %d reforms)", MAXS, MAXS - 1);
  stp_compare_job j = {.n = n, .files = a->positional, .out = cli_get(cmd, a, "out"),
                       .report = !cli_flag(cmd, a, "no-report"),
                       .progress = !cli_flag(cmd, a, "quiet") && isatty(2),
                       .datasets = stp_datasets_chosen(cli_get(cmd, a, "datasets"))};
  const char *lang_text = cli_get(cmd, a, "lang");
  if (lang_text && stp_lang_parse(lang_text, &j.lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", lang_text);
  stp_prepared *x[MAXS] = {0};
  int rc = 0;
  for (int k = 0; k < n && rc == 0; k++) {
    cli_args ak = *a;
    if (k == 0) ak.nsets = 0; /* --set makes reforms; the baseline is its file */
    /* Each scenario's rules on the baseline's students: one set of decile thresholds. */
    stp_prepare_opts po = {.deciles = k ? x[0]->ctx.earn_deciles : NULL,
                           .cohort_of = k ? x[0] : NULL};
    rc = cli_prepare(cmd, &ak, a->positional[k], &po, &x[k]);
  }
  const char *rs = cli_get(cmd, a, "replications");
  if (!rc) rc = cli_threads_opt(cmd, a, &j.threads);
  if (!rc && rs && !cli_int(cmd, "replications", rs, 1, STP_REPL_MAX, &j.replications)) rc = 2;
  char command[4096];
  command_line(cmd, a, command, sizeof command);
  j.command = command;
  j.x = x;
  j.out_flags = cli_flag(cmd, a, "follow-symlinks") ? STP_RESULT_FOLLOW_SYMLINKS : 0;
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
