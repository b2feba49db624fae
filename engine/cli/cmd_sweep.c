/* cmd_sweep.c: `stipend sweep`: a scenario run once for each value of one policy parameter,
   on the same students, one row of headline figures per value (sweep.csv). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "analytics/compare.h"
#include "analytics/sweep.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "money.h"
#include "lifecycle.h"
#include "run.h"
#include "analytics/report.h"
#include "scenario.h"

static const cli_opt sweep_opts[] = {
    {"vary", "policy.NAME=FROM:TO:STEP", "the parameter and its range, in NOK or G (required)"},
    {"out", "DIR", "results folder for sweep.csv (default: the scenario's [output] dir)"},
    {"follow-symlinks", NULL, "DIR/sweep.csv may be a symbolic link: replace what it points to"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenario's [run] seed); every value uses it"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"quiet", NULL, "no line per value"},
    {"datasets", "DIR", "parameter datasets directory"},
    {"lang", "nb|en", "language of report.html (default en)"},
    {"no-report", NULL, "do not write report.html"},
    {NULL, NULL, NULL}};

/* The scenario with value i of the sweep: the command's own --set, then the sweep's. */
static int prepare_value(const cli_command *cmd, const cli_args *a, const stp_sweep *sw, int i,
                         const stp_prepare_opts *po, stp_prepared **x) {
  char assign[160];
  cli_args b = *a;
  b.sets[b.nsets++] = stp_sweep_assignment(sw, i, assign, sizeof assign);
  return cli_prepare(cmd, &b, a->positional[0], po, x);
}

/* What every batch shares. */
typedef struct sweep_job {
  const cli_command *cmd;
  const cli_args *a;
  const stp_sweep *sw;
  stp_sweep_writer *w;
  const stp_budget_params *bp;
  int threads;
  bool quiet;
  char yb[16];             /* the base year, "2026-27" */
  bool have_first;         /* the first value's results are below */
  stp_money first_pv, first_paid;
  bool changed;            /* some value's results differ from the first's */
} sweep_job;

/* The parameter that holds a swept one in place, where one is known: the conversion shares
   are capped by conversion_max_share (rules/support.c). */
static const char *binding_parameter(const char *name) {
  if (!strcmp(name, "conversion_exam_share") || !strcmp(name, "conversion_degree_share"))
    return "conversion_max_share (the exam and degree shares together cannot exceed it)";
  if (!strcmp(name, "conversion_max_share"))
    return "conversion_exam_share + conversion_degree_share (what converts is their sum)";
  return NULL;
}

static void print_row(const sweep_job *j, const char *text, double vb, double g,
                      const stp_agg *agg, const stp_budget *b, int full_year) {
  const stp_group_acc *t = &agg->g[STP_GROUP_ALL];
  char b1[32], b2[32], b3[32];
  if (j->sw->def->kind == STP_UNIT_NOK)
    printf("  %-10s = NOK %s in %s (%.4f G): ", text,
           stp_money_grouped((stp_money)llround(vb * 100.0), b1, sizeof b1), j->yb, g > 0 ? vb / g : 0.0);
  else
    printf("  %-10s: ", text);
  printf("paid out NOK %s million; net cost to the state %d NOK %s million, over the "
         "cohort's life NOK %s million (PV)\n",
         stp_money_million(t->paid_out, b1, sizeof b1), full_year,
         stp_money_million(stp_budget_net_cost(b, full_year), b2, sizeof b2),
         stp_money_million(b->pv[STP_BI_NET_COST], b3, sizeof b3));
  fflush(stdout);
}

/* Values first..last-1 in one comparison: each student is drawn once and lives through every
   value's rules. A batch of one value runs it twice (a comparison needs two scenarios).
   Returns an STP code, or 1 with *status the exit status when a value could not be prepared
   (the message is printed). */
static int run_batch(sweep_job *j, int first, int last, int *status, stp_error *err) {
  enum { MAXB = STP_COMPARE_MAX_SCENARIOS };
  stp_prepared *x[MAXB] = {0};
  stp_compare_scenario sc[MAXB];
  char text[64];
  int n = last - first, nrun = n < 2 ? 2 : n, rc = 0;
  for (int k = 0; k < n && rc == 0; k++) {
    /* one set of decile thresholds: the first value's */
    stp_prepare_opts po = {.deciles = k ? x[0]->ctx.earn_deciles : NULL,
                           .cohort_of = k ? x[0] : NULL};
    rc = prepare_value(j->cmd, j->a, j->sw, first + k, &po, &x[k]);
  }
  if (rc) {
    for (int k = 0; k < n; k++) stp_prepared_close(x[k]);
    *status = rc;
    return 1;
  }
  const stp_scenario *s0 = &x[0]->sc;
  int erc = STP_OK;
  for (int k = 0; k < nrun; k++) {
    const stp_prepared *xk = x[k < n ? k : 0];
    sc[k] = (stp_compare_scenario){
        .ctx = &xk->ctx, .recovery_share = stp_params_repay(xk->p)->default_recovery_share};
  }
  stp_compare_opts o = {
      .cohort = x[0]->model,
      .size = s0->size,
      .entry_first = s0->entry_first,
      .entry_last = s0->entry_last,
      .seed = s0->seed,
      .microdata = x[0]->microdata,
      .population = x[0]->sample,
      .threads = j->threads,
      .value_rates = stp_budget_value_rates(s0)};
  stp_compare cmp = {0};
  stp_budget *b = malloc(sizeof *b);
  if (erc == STP_OK)
    erc = b ? stp_compare_simulate(sc, nrun, &o, &cmp, err) : stp_fail(err, STP_ENOMEM, "out of memory");
  if (erc == STP_OK && cmp.invariant_failures > 0)
    erc = stp_fail(err, STP_ERANGE, "%ld student-scenarios broke an accounting identity (a bug)",
                   cmp.invariant_failures);
  for (int k = 0; k < n && erc == STP_OK; k++) {
    const stp_scenario *sk = &x[k]->sc;
    stp_budget_rates r = stp_budget_rates_of(sk, j->bp->tax_rate, stp_scenario_pv_year(s0));
    stp_budget_compute(cmp.flows[k], &r, sk->entry_last - sk->entry_first + 1, b);
    double vb = 0, g = 0;
    erc = stp_param_get(x[k]->p, j->sw->def, sk->base_year, &vb, NULL);
    if (erc) break;
    const stp_cal_params *cal = stp_params_cal(x[k]->p, sk->base_year);
    if (cal) g = (double)cal->g / 100.0;
    int by = sk->base_year + 1;
    stp_sweep_row row = {.scenario = sk->name, .seed = sk->seed, .base_year = sk->base_year,
                         .value = stp_sweep_value_text(j->sw, first + k, text, sizeof text),
                         .value_base = vb, .g_base = g, .has_budget = true,
                         .net_cost_pv = b->pv[STP_BI_NET_COST], .full_year = by,
                         .full_year_cost = stp_budget_net_cost(b, by),
                         .steady_state = b->steady_state,
                         .subsidy_rate = b->subsidy_rate,
                         .pv_year = stp_scenario_pv_year(s0)};
    stp_money paid = cmp.agg[k]->g[STP_GROUP_ALL].paid_out;
    if (!j->have_first) {
      j->have_first = true;
      j->first_pv = row.net_cost_pv;
      j->first_paid = paid;
    } else if (row.net_cost_pv != j->first_pv || paid != j->first_paid) {
      j->changed = true;
    }
    erc = stp_sweep_add(j->w, &row, cmp.agg[k], err);
    if (erc == STP_OK && !j->quiet) print_row(j, text, vb, g, cmp.agg[k], b, by);
  }
  stp_compare_free(&cmp);
  free(b);
  for (int k = 0; k < n; k++) stp_prepared_close(x[k]);
  return erc;
}

static int cmd_sweep(const cli_command *cmd, const cli_args *a) {
  const char *vary = cli_get(cmd, a, "vary");
  if (!vary) return cli_usage_error(cmd, "--vary policy.NAME=FROM:TO:STEP is required");
  if (a->nsets >= (int)(sizeof a->sets / sizeof a->sets[0]))
    return cli_usage_error(cmd, "too many --set (the sweep needs one more)");
  stp_lang lang = STP_LANG_EN;
  const char *lang_text = cli_get(cmd, a, "lang");
  if (lang_text && stp_lang_parse(lang_text, &lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", lang_text);
  sweep_job j = {.cmd = cmd, .a = a, .quiet = cli_flag(cmd, a, "quiet")};
  int rc = cli_threads_opt(cmd, a, &j.threads);
  if (rc) return rc;
  stp_prepared *base;
  stp_prepare_opts check = {.check_only = true};
  if ((rc = cli_prepare(cmd, a, a->positional[0], &check, &base))) return rc;
  stp_error err = {0};
  stp_sweep *sw = malloc(sizeof *sw);
  stp_budget_params *bp = malloc(sizeof *bp);
  if (!sw || !bp) {
    free(sw);
    free(bp);
    stp_prepared_close(base);
    return 1;
  }
  j.sw = sw;
  j.bp = bp;
  char out[600], path[700];
  rc = stp_sweep_parse(vary, base->p, base->sc.base_year, sw, &err);
  if (rc == STP_OK) rc = stp_budget_params_load(base->datasets, bp, &err);
  if (rc != STP_OK) {
    free(sw);
    free(bp);
    stp_prepared_close(base);
    return cli_error(cmd, &err);
  }
  const char *o = cli_get(cmd, a, "out");
  snprintf(out, sizeof out, "%s", o ? o : base->sc.out_dir);
  stp_scenario_year_name(base->sc.base_year, j.yb, sizeof j.yb);
  if (base->sc.replications > 1)
    fprintf(stderr,
            "stipend sweep: note: replications = %d is not used: each value runs once, on "
            "the seed %llu\n",
            base->sc.replications, (unsigned long long)base->sc.seed);
  stp_prepared_close(base);

  /* Every value is checked before any runs: a bad one fails in a moment, not after hours. */
  for (int i = 0; i < sw->n; i++) {
    stp_prepared *x;
    rc = prepare_value(cmd, a, sw, i, &check, &x);
    stp_prepared_close(x);
    if (rc) {
      free(sw);
      free(bp);
      return rc;
    }
  }
  /* sweep.csv and its report.html join what `run` wrote into the same folder: a new version
     of the folder keeping the other files, current in one step (resultset.h); the charts
     and report of an earlier sweep go, as they would not match the new sweep.csv. */
  static const char *const drop[] = {"sweep.csv", "report.html", "plots", NULL};
  stp_resultset *set;
  {
    stp_error e = {0};
    unsigned fl = cli_flag(cmd, a, "follow-symlinks") ? STP_RESULT_FOLLOW_SYMLINKS : 0;
    if (stp_resultset_amend(out, fl, cmd->name, drop, &set, &e) != STP_OK) {
      free(sw);
      free(bp);
      return cli_error(cmd, &e);
    }
  }
  const char *stage = stp_resultset_staging(set);
  snprintf(path, sizeof path, "%s/sweep.csv", stage);
  rc = stp_sweep_open(path, sw->def, true, &j.w, &err);
  if (rc == STP_OK && !j.quiet)
    printf("sweep of %s over %d values (base year %s, %s; every value on the same students):\n",
           sw->def->name, sw->n, j.yb,
           sw->in_g ? "multiples of G, each year its own G" : sw->def->unit);
  int status = 0;
  for (int i = 0; rc == STP_OK && i < sw->n; i += STP_COMPARE_MAX_SCENARIOS) {
    int last = i + STP_COMPARE_MAX_SCENARIOS < sw->n ? i + STP_COMPARE_MAX_SCENARIOS : sw->n;
    rc = run_batch(&j, i, last, &status, &err);
  }
  if (rc == STP_OK) {
    rc = stp_sweep_commit(j.w, &err);
    j.w = NULL;
  }
  stp_sweep_abort(j.w);
  bool report = !cli_flag(cmd, a, "no-report");
  if (rc == STP_OK && report) rc = stp_report_write(stage, lang, &err);
  stp_resultset_name_target(set, &err);
  if (rc == STP_OK) rc = stp_resultset_commit(set, &err);
  else stp_resultset_abort(set);
  snprintf(path, sizeof path, "%s/sweep.csv", out);
  int n = sw->n;
  const char *pname = sw->def->name; /* the registry's: outlives sw */
  free(sw);
  free(bp);
  if (rc > 0) return status;
  if (rc != STP_OK) return cli_error(cmd, &err);
  if (!j.quiet) printf("results: %s (%d rows)%s\n", path, n, report ? ", report.html" : "");
  if (n > 1 && !j.changed) {
    const char *b = binding_parameter(pname);
    fprintf(stderr,
            "stipend sweep: warning: %s changed nothing (paid out and net cost are the same "
            "for every value): %s%s\n",
            pname, b ? "what binds is " : "another parameter or rule binds it, or it "
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
