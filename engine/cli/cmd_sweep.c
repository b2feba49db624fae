/* cmd_sweep.c: `stipend sweep`: a scenario run once for each value of one policy parameter,
   on the same students, one row of headline figures per value (sweep.csv; stp_sweep_run,
   analytics/sweep.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analytics/sweep.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"
#include "money.h"

static const cli_opt sweep_opts[] = {
    {"vary", "policy.NAME=FROM:TO:STEP", "the parameter and its range, in NOK or G (required)"},
    {"out", "DIR", "results folder for sweep.csv (default: the scenario's [output] dir)"},
    {"follow-symlinks", NULL, "DIR/sweep.csv may be a symbolic link: replace what it points to"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenario's [run] seed); every value uses it"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    CLI_OPT_SET,
    {"quiet", NULL, "no line per value"},
    CLI_OPT_DATASETS,
    {"lang", "nb|en", "language of report.html (default en)"},
    {"no-report", NULL, "do not write report.html"},
    {NULL, NULL, NULL}};

static void parsed(void *user, const stp_scenario *base, const stp_sweep *sw) {
  (void)user;
  (void)sw;
  if (base->replications > 1)
    fprintf(stderr,
            "stipend sweep: note: replications = %d is not used: each value runs once, on "
            "the seed %llu\n",
            base->replications, (unsigned long long)base->seed);
}

static void begun(void *user, const stp_sweep *sw, const char *yb) {
  (void)user;
  printf("sweep of %s over %d values (base year %s, %s; every value on the same students):\n",
         sw->def->name, sw->n, yb,
         sw->in_g ? "multiples of G, each year its own G" : sw->def->unit);
}

static void row(void *user, const stp_sweep_line *l) {
  (void)user;
  const stp_group_acc *t = &l->agg->g[STP_GROUP_ALL];
  char b1[32], b2[32], b3[32];
  double vb = l->value_base, g = l->g_base;
  if (l->sw->def->kind == STP_UNIT_NOK)
    printf("  %-10s = NOK %s in %s (%.4f G): ", l->text,
           stp_money_grouped((stp_money)llround(vb * 100.0), b1, sizeof b1), l->base_year,
           g > 0 ? vb / g : 0.0);
  else
    printf("  %-10s: ", l->text);
  printf("paid out NOK %s million; net cost to the state %d NOK %s million, over the "
         "cohort's life NOK %s million (PV)\n",
         stp_money_million(t->paid_out, b1, sizeof b1), l->full_year,
         stp_money_million(stp_budget_net_cost(l->budget, l->full_year), b2, sizeof b2),
         stp_money_million(l->budget->pv[STP_BI_NET_COST], b3, sizeof b3));
  fflush(stdout);
}

static int cmd_sweep(const cli_command *cmd, const cli_args *a) {
  stp_sweep_job j = {.scenario = a->positional[0], .vary = cli_get(cmd, a, "vary"),
                     .out = cli_get(cmd, a, "out"), .report = !cli_flag(cmd, a, "no-report"),
                     .parsed = parsed};
  if (!j.vary) return cli_usage_error(cmd, "--vary policy.NAME=FROM:TO:STEP is required");
  if (a->nsets >= (int)(sizeof a->sets / sizeof a->sets[0]))
    return cli_usage_error(cmd, "too many --set (the sweep needs one more)");
  int rc = cli_lang_opt(cmd, a, &j.lang);
  if (rc) return rc;
  bool quiet = cli_flag(cmd, a, "quiet");
  if (!quiet) {
    j.begun = begun;
    j.row = row;
  }
  rc = cli_threads_opt(cmd, a, &j.threads);
  stp_prepare_opts po = {.loan_book = true};
  if (rc || (rc = cli_prepare_opts(cmd, a, &po))) return rc;
  j.prep = &po;
  j.out_flags = cli_out_flags(cmd, a);
  stp_error err = {0};
  stp_sweep_result r;
  if (stp_sweep_run(&j, &r, &err) != STP_OK) return cli_error(cmd, &err);
  if (!quiet)
    printf("results: %s/sweep.csv (%d rows)%s\n", r.out, r.n, j.report ? ", report.html" : "");
  if (r.n > 1 && !r.changed) {
    const char *b = stp_sweep_binding(r.parameter);
    fprintf(stderr,
            "stipend sweep: warning: %s changed nothing (paid out and net cost are the same "
            "for every value): %s%s\n",
            r.parameter, b ? "what binds is " : "another parameter or rule binds it, or it "
            "does not apply to these students in the base year",
            b ? b : "");
  }
  return 0;
}

const cli_command cli_cmd_sweep = {
    "sweep", "SCENARIO.ini --vary policy.NAME=FROM:TO:STEP [OPTIONS]",
    "run a scenario for each value of one policy parameter: sweep.csv (a cost curve)",
    "Runs the scenario once for every value of one [policy] parameter, from FROM to TO in\n"
    "steps of STEP, every value on the same students (the scenario's seed), and writes one\n"
    "row per value to DIR/sweep.csv: the value, its NOK amount in the base year, and the\n"
    "headline figures of summary.csv, the state's cost (grants + interest relief +\n"
    "write-offs, nominal) and the state budget's net cost (present value over the cohort's\n"
    "life, and in the first whole year). FROM, TO and STEP are in the parameter's unit (NOK\n"
    "for money, 40% for a share) or, for money, in G (1.5G). All three in G: the values are\n"
    "multiples of G, each year with its own G. Otherwise G parts are turned into NOK at the\n"
    "base year's G and the values are NOK. TO is always run: if the steps do not land on it,\n"
    "the last step is shorter. Example: --vary policy.basic_support=170368:1.5G:5000\n"
    "(docs/plots-and-sweeps.md).",
    sweep_opts, 1, 1, cmd_sweep};
