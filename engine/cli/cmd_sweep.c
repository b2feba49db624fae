/* cmd_sweep.c: `stipend sweep`: a scenario run once for each value of one policy parameter,
   on the same students, one row of headline figures per value (sweep.csv). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "analytics/sweep.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "cli/report.h"
#include "lifecycle.h"
#include "run.h"
#include "scenario.h"

static const cli_opt sweep_opts[] = {
    {"vary", "policy.NAME=FROM:TO:STEP", "the parameter and its range, in NOK or G (required)"},
    {"out", "DIR", "results folder for sweep.csv (default: the scenario's [output] dir)"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"seed", "N", "seed (default: the scenario's [run] seed); every value uses it"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"quiet", NULL, "no line per value"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

/* The scenario with value i of the sweep: the command's own --set, then the sweep's. */
static int prepare_value(const cli_command *cmd, const cli_args *a, const stp_sweep *sw, int i,
                         char *assign, size_t n, cli_prepared *x) {
  cli_args b = *a;
  b.sets[b.nsets++] = stp_sweep_assignment(sw, i, assign, n);
  return cli_prepare(cmd, &b, a->positional[0], x);
}

static int sweep_cmd(const cli_command *cmd, const cli_args *a) {
  const char *vary = cli_get(cmd, a, "vary");
  if (!vary) return cli_usage_error(cmd, "--vary policy.NAME=FROM:TO:STEP is required");
  if (a->nsets >= (int)(sizeof a->sets / sizeof a->sets[0]))
    return cli_usage_error(cmd, "too many --set (the sweep needs one more)");
  int threads;
  int rc = cli_threads_opt(cmd, a, &threads);
  if (rc) return rc;
  cli_prepared base;
  if ((rc = cli_prepare(cmd, a, a->positional[0], &base))) {
    cli_prepared_free(&base);
    return rc;
  }
  stp_error err = {0};
  stp_sweep *sw = malloc(sizeof *sw);
  if (!sw) {
    cli_prepared_free(&base);
    return 1;
  }
  if (stp_sweep_parse(vary, base.p, base.sc.base_year, sw, &err) != STP_OK) {
    free(sw);
    cli_prepared_free(&base);
    return cli_error(cmd, &err);
  }
  char out[600], path[700], assign[160], text[64], yb[16];
  snprintf(out, sizeof out, "%s", cli_get(cmd, a, "out") ? cli_get(cmd, a, "out") : base.sc.out_dir);
  stp_scenario_year_name(base.sc.base_year, yb, sizeof yb);
  if (base.sc.replications > 1)
    fprintf(stderr,
            "stipend sweep: note: replications = %d is not used: each value runs once, on "
            "the seed %llu\n",
            base.sc.replications, (unsigned long long)base.sc.seed);
  cli_prepared_free(&base);

  /* Every value is checked before any runs: a bad one fails in a moment, not after hours. */
  for (int i = 0; i < sw->n; i++) {
    cli_prepared x;
    rc = prepare_value(cmd, a, sw, i, assign, sizeof assign, &x);
    cli_prepared_free(&x);
    if (rc) {
      free(sw);
      return rc;
    }
  }
  if (cli_make_dirs(out, &err) != STP_OK) {
    free(sw);
    return cli_error(cmd, &err);
  }
  snprintf(path, sizeof path, "%s/sweep.csv", out);
  stp_sweep_writer *w = NULL;
  stp_agg *agg = stp_agg_alloc();
  if (!agg) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
  else rc = stp_sweep_open(path, sw->def, false, &w, &err);
  bool quiet = cli_flag(cmd, a, "quiet");
  if (rc == STP_OK && !quiet)
    printf("sweep of %s over %d values (base year %s, %s):\n", sw->def->name, sw->n, yb,
           sw->in_g ? "multiples of G, each year its own G" : sw->def->unit);
  for (int i = 0; rc == STP_OK && i < sw->n; i++) {
    cli_prepared x;
    int prc = prepare_value(cmd, a, sw, i, assign, sizeof assign, &x);
    if (prc) {
      cli_prepared_free(&x);
      stp_sweep_abort(w);
      stp_agg_free(agg);
      free(sw);
      return prc;
    }
    stp_life_ctx ctx = {.p = x.p, .cohort = x.model, .econ = x.econ, .seed = x.sc.seed};
    stp_earnings_deciles(x.model, x.sc.entry_first, x.sc.entry_last, ctx.earn_deciles);
    const char *micro = x.sc.microdata[0] ? x.sc.microdata : NULL;
    stp_run_opts ro = {.size = x.sc.size, .entry_first = x.sc.entry_first,
                       .entry_last = x.sc.entry_last, .seed = x.sc.seed, .threads = threads,
                       .microdata = micro, .simulate = true};
    stp_agg_reset(agg);
    stp_run_stats st = {0};
    rc = stp_run(&ctx, &ro, agg, &st, &err);
    if (rc == STP_OK && !st.invariants_ok)
      rc = stp_fail(&err, STP_ERANGE, "%ld students broke an accounting identity (a bug)",
                    st.invariant_failures);
    double vb = 0, g = 0;
    if (rc == STP_OK) rc = stp_param_get(x.p, sw->def, x.sc.base_year, &vb, NULL);
    const stp_cal_params *cal = stp_params_cal(x.p, x.sc.base_year);
    if (cal) g = (double)cal->g / 100.0;
    stp_sweep_row row = {.scenario = x.sc.name, .seed = x.sc.seed, .base_year = x.sc.base_year,
                         .value = stp_sweep_value_text(sw, i, text, sizeof text),
                         .value_base = vb, .g_base = g};
    if (rc == STP_OK) rc = stp_sweep_add(w, &row, agg, &err);
    if (rc == STP_OK && !quiet) {
      const stp_group_acc *t = &agg->g[STP_GROUP_ALL];
      char b1[32], b2[32], b3[32];
      if (sw->def->kind == STP_UNIT_NOK)
        printf("  %-10s = NOK %s in %s (%.4f G): ", text,
               report_nok((stp_money)llround(vb * 100.0), b1, sizeof b1), yb,
               g > 0 ? vb / g : 0.0);
      else
        printf("  %-10s: ", text);
      printf("paid out NOK %s, grants NOK %s, state cost NOK %s\n",
             report_nok(t->paid_out, b1, sizeof b1), report_nok(t->grant, b2, sizeof b2),
             report_nok(t->grant + t->relief + t->written_off, b3, sizeof b3));
      fflush(stdout);
    }
    cli_prepared_free(&x);
  }
  if (rc == STP_OK) {
    rc = stp_sweep_commit(w, &err);
    w = NULL;
  }
  stp_sweep_abort(w);
  stp_agg_free(agg);
  int n = sw->n;
  free(sw);
  if (rc != STP_OK) return cli_error(cmd, &err);
  if (!quiet) printf("results: %s (%d rows, every value on the same students)\n", path, n);
  return 0;
}

const cli_command cli_cmd_sweep = {
    "sweep", "SCENARIO.ini --vary policy.NAME=FROM:TO:STEP [OPTIONS]",
    "run a scenario for each value of one policy parameter: sweep.csv (a cost curve)",
    "Runs the scenario once for every value of one [policy] parameter, from FROM to TO in\n"
    "steps of STEP, every value on the same students (the scenario's seed), and writes one\n"
    "row per value to DIR/sweep.csv: the value, its NOK amount in the base year, and the\n"
    "headline figures of summary.csv with the state's cost (grants + interest relief +\n"
    "write-offs). FROM, TO and STEP are in the parameter's unit (NOK for money, 40% for a\n"
    "share) or, for money, in G (1.5G). All three in G: the values are multiples of G, each\n"
    "year with its own G. Otherwise G parts are turned into NOK at the base year's G and the\n"
    "values are NOK. TO is always run: if the steps do not land on it, the last step is\n"
    "shorter. Example: --vary policy.basic_support=170368:1.5G:5000 (docs/plots-and-sweeps.md).",
    sweep_opts, 1, 1, sweep_cmd};
