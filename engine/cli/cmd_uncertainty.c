/* cmd_uncertainty.c: `stipend uncertainty`: the scenario (and a reform on the same draws)
   run on the same students for every point of a Saltelli design of the uncertain
   assumptions (analytics/uncertainty.h); each headline figure's distribution and variance
   shares. The runs are tasks spread over MPI ranks by the driver (stp_run_tasks). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "figures.h"
#include "analytics/uncertainty.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "csvio.h"
#include "dist.h"
#include "lifecycle.h"
#include "run.h"

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
    {"datasets", "DIR", "parameter datasets directory"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {NULL, NULL, NULL}};

/* Keys of [economy] that may vary (scenario units: rates per year as fractions, rate_after
   in percent as Lånekassen publishes it). */
static const char *const economy_keys[] = {"economy.wage_growth", "economy.price_growth",
                                           "economy.discount_rate", "economy.cost_of_funds",
                                           "economy.rate_after"};
#define NECON (int)(sizeof economy_keys / sizeof economy_keys[0])

/* The figures of one run: the headline figures of summary.csv, then the state cost in
   present value. */
#define NFIG (STP_FIGURES + 1)

static const char *figure_name(int f) {
  return f < STP_FIGURES ? stp_figure_name(f) : "state_cost_pv_nok";
}
static stp_fig_kind figure_kind(int f) {
  return f < STP_FIGURES ? stp_figure_kind(f) : STP_FIG_MONEY;
}

typedef struct unc_job {
  const cli_command *cmd;
  const cli_args *a;
  const char *path[2]; /* baseline, reform */
  int nscen;
  stp_unc_design d;
  int threads;
  bool progress;
  long done;           /* runs finished on this rank (progress line) */
  long mine;           /* runs of this rank */
} unc_job;

static bool is_cohort_key(const char *key) { return strncmp(key, "cohort.", 7) == 0; }

/* Scenario `path` with the command's --set and the assumptions at values x. Returns 0, or
   the exit status of cli_prepare (which printed why). */
static int prepare_point(const unc_job *j, const char *path, const double *x, stp_prepared **p,
                         stp_error *err) {
  *p = NULL;
  cli_args b = *j->a;
  char assign[STP_UNC_MAX_INPUTS][160];
  for (int i = 0; i < j->d.k; i++) {
    if (is_cohort_key(j->d.in[i].key)) continue;
    if (b.nsets >= (int)(sizeof b.sets / sizeof b.sets[0])) {
      stp_fail(err, STP_EINVAL, "too many --set and --vary");
      return cli_error(j->cmd, err);
    }
    snprintf(assign[i], sizeof assign[i], "%s=%.17g", j->d.in[i].key, x[i]);
    b.sets[b.nsets++] = assign[i];
  }
  /* the deciles come after the cohort's assumptions are set (run_task) */
  stp_prepare_opts po = {.check_only = true};
  int rc = cli_prepare(j->cmd, &b, path, &po, p);
  if (rc) {
    stp_fail(err, STP_EINVAL, "%s: refused with the drawn values (see the line above)", path);
    return rc;
  }
  for (int i = 0; i < j->d.k; i++)
    if (is_cohort_key(j->d.in[i].key) &&
        stp_cohort_model_set((*p)->model, j->d.in[i].key + 7, x[i], err) != STP_OK)
      return cli_error(j->cmd, err);
  return 0;
}

/* Present value of grants + interest relief + write-offs at the scenario's discount rate
   and price growth, to its base year, in øre. */
static double state_cost_pv(const stp_agg *agg, const stp_scenario *sc) {
  stp_budget_rates r = stp_budget_rates_of(sc, 0, stp_scenario_pv_year(sc));
  double d[STP_CF_YEARS], pv = 0;
  stp_budget_discount_table(&r, d);
  for (int y = 0; y < STP_CF_YEARS; y++)
    pv += (double)(agg->cf.converted[y] + agg->cf.relief[y] + agg->cf.written_off[y]) * d[y];
  return (double)llround(pv);
}

/* Task t: scenario t / runs at run t % runs, on this rank's threads. */
static int run_task(void *user, long t, double *out, stp_error *err) {
  unc_job *j = user;
  long runs = stp_unc_runs(&j->d);
  int s = (int)(t / runs);
  double x[STP_UNC_MAX_INPUTS];
  stp_unc_point(&j->d, t % runs, x, NULL, 0);
  stp_prepared *p;
  int rc = prepare_point(j, j->path[s], x, &p, err);
  stp_agg *agg = rc == 0 ? stp_agg_alloc() : NULL;
  if (rc == 0 && !agg) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  stp_run_stats st = {0};
  if (rc == 0)
    rc = stp_earnings_deciles(p->model, p->sc.entry_first, p->sc.entry_last, j->threads,
                              p->ctx.earn_deciles, err);
  if (rc == 0) {
    stp_run_opts ro = stp_prepared_run_opts(p);
    ro.threads = j->threads;
    ro.local = true;
    rc = stp_run(&p->ctx, &ro, agg, &st, err);
    if (rc == STP_OK && !st.invariants_ok)
      rc = stp_fail(err, STP_ERANGE, "%ld students broke an accounting identity (a bug)",
                    st.invariant_failures);
  }
  if (rc == STP_OK) {
    stp_figures h;
    stp_figures_of(&agg->g[STP_GROUP_ALL], &h);
    for (int f = 0; f < STP_FIGURES; f++) {
      stp_fig_kind kind = stp_figure_kind(f);
      out[f] = h.f[f].empty ? NAN
               : kind == STP_FIG_COUNT || kind == STP_FIG_MONEY ? (double)h.f[f].exact
                                                                : h.f[f].real;
    }
    out[STP_FIGURES] = state_cost_pv(agg, &p->sc);
  } else if (rc > 0) {
    rc = STP_EINVAL; /* cli_prepare's exit status: the reason is in err */
  }
  stp_agg_free(agg);
  stp_prepared_close(p);
  if (j->progress && rc == STP_OK) {
    fprintf(stderr, "\rrun %ld of %ld ", ++j->done, j->mine);
    if (j->done == j->mine) fputc('\n', stderr);
  }
  return rc;
}

/* One value in its figure's unit: money as NOK with two decimals (rounded to the øre),
   counts with three decimals (means), shares and years with six. */
static void value_csv(stp_csv_writer *w, stp_fig_kind kind, double v) {
  if (isnan(v)) stp_csv_field(w, "");
  else if (kind == STP_FIG_MONEY) stp_csv_money(w, (long long)llround(v));
  else stp_csv_real(w, v, kind == STP_FIG_COUNT ? 3 : 6);
}

static int write_results(const unc_job *j, const char *out, const char *const *names,
                         int nrows, const double *fig, stp_error *err) {
  long runs = stp_unc_runs(&j->d);
  int k = j->d.k;
  char path[1200];
  stp_csv_writer *ws = NULL, *wh = NULL, *wr = NULL;
  int rc;
  snprintf(path, sizeof path, "%s/uncertainty.csv", out);
  if ((rc = stp_csv_writer_open(path, &ws, err))) return rc;
  snprintf(path, sizeof path, "%s/uncertainty_shares.csv", out);
  if ((rc = stp_csv_writer_open(path, &wh, err))) goto fail;
  snprintf(path, sizeof path, "%s/uncertainty_runs.csv", out);
  if ((rc = stp_csv_writer_open(path, &wr, err))) goto fail;
  static const char *hs[] = {"scenario", "figure", "runs", "mean", "sd", "p5", "p50", "p95"};
  for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) stp_csv_field(ws, hs[i]);
  stp_csv_endrow(ws);
  static const char *hh[] = {"scenario", "figure", "assumption", "share", "first_order",
                             "total_order"};
  for (size_t i = 0; i < sizeof hh / sizeof hh[0]; i++) stp_csv_field(wh, hh[i]);
  stp_csv_endrow(wh);
  double *y = malloc((size_t)runs * sizeof *y);
  if (!y) {
    rc = stp_fail(err, STP_ENOMEM, "out of memory");
    goto fail;
  }
  for (int s = 0; s < nrows && rc == STP_OK; s++)
    for (int f = 0; f < NFIG && rc == STP_OK; f++) {
      for (long r = 0; r < runs; r++) y[r] = fig[((size_t)s * runs + r) * NFIG + f];
      stp_unc_stats st;
      if ((rc = stp_unc_analyse(&j->d, y, &st, err))) break;
      stp_fig_kind kind = figure_kind(f);
      stp_csv_field(ws, names[s]);
      stp_csv_field(ws, figure_name(f));
      stp_csv_int(ws, 2L * j->d.n);
      double v[] = {st.mean, st.sd, st.p5, st.p50, st.p95};
      for (int i = 0; i < 5; i++) value_csv(ws, kind, st.empty ? NAN : v[i]);
      stp_csv_endrow(ws);
      if (st.empty) continue;
      for (int i = 0; i <= k; i++) {
        stp_csv_field(wh, names[s]);
        stp_csv_field(wh, figure_name(f));
        stp_csv_field(wh, i < k ? j->d.in[i].key : "interactions");
        stp_csv_real(wh, i < k ? st.share[i] : st.remainder, 6);
        if (i < k && !st.constant) {
          stp_csv_real(wh, st.first[i], 6);
          stp_csv_real(wh, st.total[i], 6);
        } else {
          stp_csv_field(wh, "");
          stp_csv_field(wh, "");
        }
        stp_csv_endrow(wh);
      }
    }
  free(y);
  if (rc) goto fail;
  /* every run: its scenario, matrix, row, the drawn values and the figures */
  stp_csv_field(wr, "scenario");
  stp_csv_field(wr, "run");
  stp_csv_field(wr, "matrix");
  stp_csv_field(wr, "row");
  for (int i = 0; i < k; i++) stp_csv_field(wr, j->d.in[i].key);
  for (int f = 0; f < NFIG; f++) stp_csv_field(wr, figure_name(f));
  stp_csv_endrow(wr);
  for (int s = 0; s < nrows; s++)
    for (long r = 0; r < runs; r++) {
      double x[STP_UNC_MAX_INPUTS];
      char m[16];
      stp_unc_point(&j->d, r, x, m, sizeof m);
      stp_csv_field(wr, names[s]);
      stp_csv_int(wr, r + 1);
      stp_csv_field(wr, m);
      stp_csv_int(wr, r % j->d.n + 1);
      for (int i = 0; i < k; i++) stp_csv_fieldf(wr, "%.17g", x[i]);
      const double *v = &fig[((size_t)s * runs + r) * NFIG];
      for (int f = 0; f < NFIG; f++)
        if (figure_kind(f) == STP_FIG_COUNT && !isnan(v[f])) stp_csv_int(wr, llround(v[f]));
        else value_csv(wr, figure_kind(f), v[f]);
      stp_csv_endrow(wr);
    }
  if ((rc = stp_csv_writer_commit(ws, err)) == STP_OK) {
    ws = NULL;
    if ((rc = stp_csv_writer_commit(wh, err)) == STP_OK) {
      wh = NULL;
      rc = stp_csv_writer_commit(wr, err);
      wr = NULL;
    }
  }
  if (rc == STP_OK) return STP_OK;
fail:
  if (ws) stp_csv_writer_abort(ws);
  if (wh) stp_csv_writer_abort(wh);
  if (wr) stp_csv_writer_abort(wr);
  return rc;
}

/* Every key exists and every drawn value is accepted: the scenario prepared at each
   assumption's smallest and at its largest drawn values (each key's check is a range, so
   these two points stand for every point of the design), before any run. */
static int check_design(unc_job *j, stp_error *err) {
  for (int i = 0; i < j->d.k; i++) {
    const char *key = j->d.in[i].key;
    bool known = is_cohort_key(key);
    for (int e = 0; e < NECON && !known; e++) known = strcmp(key, economy_keys[e]) == 0;
    if (!known)
      return cli_usage_error(j->cmd, "--vary: %s: not an uncertain assumption (economy.wage_growth,"
                             " economy.price_growth, economy.discount_rate, economy.cost_of_funds,"
                             " economy.rate_after, or cohort.NAME of parameters.csv)", key);
  }
  double lo[STP_UNC_MAX_INPUTS], hi[STP_UNC_MAX_INPUTS];
  for (int i = 0; i < j->d.k; i++) {
    lo[i] = INFINITY;
    hi[i] = -INFINITY;
    for (int r = 0; r < j->d.n; r++) {
      double a = j->d.a[(size_t)r * j->d.k + i], b = j->d.b[(size_t)r * j->d.k + i];
      lo[i] = fmin(lo[i], fmin(a, b));
      hi[i] = fmax(hi[i], fmax(a, b));
    }
  }
  for (int s = 0; s < j->nscen; s++)
    for (int e = 0; e < 2; e++) {
      stp_prepared *p;
      int rc = prepare_point(j, j->path[s], e ? hi : lo, &p, err);
      stp_prepared_close(p);
      if (rc) return rc;
    }
  return 0;
}

static int cmd_uncertainty(const cli_command *cmd, const cli_args *a) {
  unc_job j = {.cmd = cmd, .a = a, .path = {a->positional[0], cli_get(cmd, a, "reform")}};
  j.nscen = j.path[1] ? 2 : 1;
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
  int rc = cli_threads_opt(cmd, a, &j.threads);
  if (rc) return rc;
  stp_prepared *base;
  stp_prepare_opts check = {.check_only = true};
  if ((rc = cli_prepare(cmd, a, j.path[0], &check, &base))) return rc;
  if (stp_unc_design_make(in, a->nlist, (int)draws, base->sc.seed, &j.d, &err) != STP_OK) {
    stp_prepared_close(base);
    stp_unc_design_free(&j.d);
    return cli_error(cmd, &err);
  }
  char name[2][128], defout[300];
  snprintf(name[0], sizeof name[0], "%s", base->sc.name);
  snprintf(defout, sizeof defout, "results/uncertainty-%s", base->sc.name);
  stp_prepared_close(base);
  if (j.nscen == 2) {
    stp_prepared *ref;
    rc = cli_prepare(cmd, a, j.path[1], &check, &ref);
    snprintf(name[1], sizeof name[1], "%s", rc ? "" : ref->sc.name);
    stp_prepared_close(ref);
    if (rc) {
      stp_unc_design_free(&j.d);
      return rc;
    }
  }
  if ((rc = check_design(&j, &err))) {
    stp_unc_design_free(&j.d);
    return rc;
  }
  const char *out = cli_get(cmd, a, "out");
  if (!out) out = defout;
  long runs = stp_unc_runs(&j.d), ntasks = runs * j.nscen;
  long lo, hi;
  stp_dist_range(ntasks, &lo, &hi);
  j.mine = hi - lo;
  j.progress = !cli_flag(cmd, a, "quiet") && isatty(2);
  int nrows = j.nscen == 2 ? 3 : 1;
  double *fig = malloc((size_t)(runs * nrows) * NFIG * sizeof *fig);
  if (!fig) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
  /* The three files into a staging folder, made current at out in one step at the end
     (resultset.h): a failed or interrupted run leaves the previous set as it was. */
  stp_resultset *set = NULL;
  if (rc == STP_OK && (rc = cli_result_begin(cmd, a, out, STP_RESULT_FOLDER, &set))) {
    free(fig);
    stp_unc_design_free(&j.d);
    return rc;
  }
  if (rc == STP_OK) rc = stp_run_tasks(ntasks, NFIG, run_task, &j, fig, &err);
  if (rc == STP_OK && j.nscen == 2) /* the difference, run by run: the same draws */
    for (long i = 0; i < runs * NFIG; i++) fig[runs * 2 * NFIG + i] = fig[runs * NFIG + i] - fig[i];
  const char *names[3] = {name[0], name[1], "difference"};
  if (rc == STP_OK) rc = write_results(&j, stp_resultset_staging(set), names, nrows, fig, &err);
  if (rc == STP_OK) rc = stp_resultset_commit(set, &err);
  else stp_resultset_abort(set);
  free(fig);
  if (rc == STP_OK)
    printf("%s: %ld runs (%d draws x %d assumptions + 2%s) on the same students: "
           "%s/uncertainty.csv, uncertainty_shares.csv, uncertainty_runs.csv\n",
           name[0], ntasks, j.d.n, j.d.k, j.nscen == 2 ? ", baseline and reform" : "", out);
  stp_unc_design_free(&j.d);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
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
