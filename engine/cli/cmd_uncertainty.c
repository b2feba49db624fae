/* cmd_uncertainty.c: `stipend uncertainty`: the scenario (and a reform on the same draws)
   run on the same students for every point of a Saltelli design of the uncertain
   assumptions; each headline figure's distribution and variance shares
   (stp_uncertainty_run, analytics/uncertainty.h). */
#include <stdio.h>
#include <string.h>

#include "analytics/uncertainty.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"

static const cli_opt unc_opts[] = {
    {"draws", "N", "base sample N of the design (runs: N x (assumptions + 2) per scenario)"},
    {"vary", "KEY=DIST...", "an uncertain assumption and its distribution (repeatable, required)"},
    {"reform", "REFORM.ini", "also a reform, on the same draws and students; adds the difference"},
    {"out", "DIR", "results folder (default: results/uncertainty-<scenario name>)"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"seed", "N", "seed of the students (default: the scenario's [run] seed)"},
    {"threads", "N", "OpenMP threads per rank; results do not depend on it"},
    {"set", "SECTION.KEY=VALUE", "override a value of every scenario (repeatable)"},
    {"quiet", NULL, "no progress line"},
    CLI_OPT_DATASETS,
    CLI_OPT_FOLLOW,
    {NULL, NULL, NULL}};

static int cmd_uncertainty(const cli_command *cmd, const cli_args *a) {
  stp_unc_job j = {.scenario = a->positional[0], .reform = cli_get(cmd, a, "reform"),
                   .out = cli_get(cmd, a, "out"), .k = a->nlist,
                   .progress = cli_progress(cmd, a), .out_flags = cli_out_flags(cmd, a)};
  stp_error err = {0};
  long draws = 8;
  const char *s = cli_get(cmd, a, "draws");
  if (s && !cli_int(cmd, "draws", s, 2, STP_UNC_MAX_DRAWS, &draws)) return 2;
  if (a->nlist == 0) return cli_usage_error(cmd, "--vary KEY=DIST is required");
  if (a->nlist > STP_UNC_MAX_INPUTS)
    return cli_usage_error(cmd, "--vary: at most %d assumptions", STP_UNC_MAX_INPUTS);
  stp_unc_input in[STP_UNC_MAX_INPUTS];
  for (int i = 0; i < a->nlist; i++) {
    if (stp_unc_parse(a->list[i], &in[i], &err) != STP_OK)
      return cli_usage_error(cmd, "--vary: %s", err.msg);
    for (int m = 0; m < i; m++)
      if (strcmp(in[m].key, in[i].key) == 0)
        return cli_usage_error(cmd, "--vary: %s given twice", in[i].key);
  }
  for (int i = 0; i < a->nlist; i++)
    if (!stp_unc_key_known(in[i].key))
      return cli_usage_error(cmd, "--vary: %s: not an uncertain assumption (economy.wage_growth,"
                             " economy.price_growth, economy.discount_rate, economy.cost_of_funds,"
                             " economy.rate_after, or cohort.NAME of parameters.csv)", in[i].key);
  stp_prepare_opts po = {0};
  int rc = cli_threads_opt(cmd, a, &j.threads);
  if (rc || (rc = cli_prepare_opts(cmd, a, &po))) return rc;
  j.in = in;
  j.draws = (int)draws;
  j.prep = &po;
  stp_unc_result r;
  if (stp_uncertainty_run(&j, &r, &err) != STP_OK) return cli_error(cmd, &err);
  printf("%s: %ld runs (%d draws x %d assumptions + 2%s) on the same students: "
         "%s/uncertainty.csv, uncertainty_shares.csv, uncertainty_runs.csv\n",
         r.name[0], r.runs, r.draws, r.k, r.nscen == 2 ? ", baseline and reform" : "", r.out);
  return 0;
}

const cli_command cli_cmd_uncertainty = {
    "uncertainty", "SCENARIO.ini --vary KEY=DIST [--vary ...] [OPTIONS]",
    "parameter uncertainty: each figure's distribution and the share of its variance per "
    "assumption",
    "Draws the uncertain assumptions from the stated distributions by Saltelli's design\n"
    "(N draws: N x (k + 2) runs for k assumptions), runs the scenario (and --reform, on the\n"
    "same draws) on the same students for every draw, and writes for every headline figure\n"
    "its mean, sd and 5/50/95 % quantiles (uncertainty.csv), the share of its variance each\n"
    "assumption explains alone (first order, Saltelli et al. 2010) with the remainder due to\n"
    "interactions (uncertainty_shares.csv), and every run (uncertainty_runs.csv).\n"
    "KEY: economy.wage_growth, economy.price_growth, economy.discount_rate,\n"
    "economy.cost_of_funds (fractions per year), economy.rate_after (percent: the loan rate\n"
    "from the first January after the path), or cohort.NAME (a parameter of the cohort's\n"
    "parameters.csv, in its unit: cohort.default_hazard, cohort.full_loan_share, ...).\n"
    "DIST: uniform:LO:HI, normal:MEAN:SD or triangular:LO:MODE:HI. Deterministic in\n"
    "(seed, draws); under mpirun the runs are spread over the ranks with the same results.\n"
    "See docs/distributed.md.",
    unc_opts, 1, 1, cmd_uncertainty};
