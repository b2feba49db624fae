#include "analytics/uncertainty.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "csvio.h"
#include "dist.h"
#include "figures.h"
#include "resultset.h"
#include "rng.h"
#include "run.h"

/* The design's own stream of the counter generator (rng.h: any number not used for
   students): row j of the design is "student" j of it. */
#define DESIGN_STREAM 0x756e63u
static bool number(const char *s, const char **end, double *v) {
  char *e;
  *v = strtod(s, &e);
  if (e == s || isnan(*v)) return false;
  *end = e;
  return true;
}

int stp_unc_parse(const char *text, stp_unc_input *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  const char *eq = strchr(text, '=');
  if (!eq || eq == text)
    return stp_fail(err, STP_EINVAL, "'%s': expected KEY=DIST (e.g. economy.wage_growth="
                    "normal:0.035:0.005)", text);
  if ((size_t)(eq - text) >= sizeof out->key)
    return stp_fail(err, STP_EINVAL, "'%s': key too long", text);
  memcpy(out->key, text, (size_t)(eq - text));
  const char *d = eq + 1;
  static const struct {
    const char *name;
    stp_unc_kind kind;
    int nargs;
  } kinds[] = {{"uniform:", STP_UNC_UNIFORM, 2},
               {"normal:", STP_UNC_NORMAL, 2},
               {"triangular:", STP_UNC_TRIANGULAR, 3}};
  int which = -1;
  for (int i = 0; i < 3; i++)
    if (strncmp(d, kinds[i].name, strlen(kinds[i].name)) == 0) which = i;
  if (which < 0)
    return stp_fail(err, STP_EINVAL, "%s: '%s': the distribution is uniform:LO:HI, "
                    "normal:MEAN:SD or triangular:LO:MODE:HI", out->key, d);
  out->kind = kinds[which].kind;
  const char *p = d + strlen(kinds[which].name);
  double v[3] = {0, 0, 0};
  for (int i = 0; i < kinds[which].nargs; i++) {
    const char *end;
    if (!number(p, &end, &v[i]) || (i + 1 < kinds[which].nargs ? *end != ':' : *end != '\0'))
      return stp_fail(err, STP_EINVAL, "%s: '%s': expected %d numbers separated by ':'",
                      out->key, d, kinds[which].nargs);
    if (isinf(v[i])) /* 1e999: beyond a double, never taken as infinity */
      return stp_fail(err, STP_EINVAL, "%s: '%s': %.*s is beyond the largest number, %g",
                      out->key, d, (int)(end - p), p, DBL_MAX);
    p = end + 1;
  }
  out->a = v[0];
  out->b = v[1];
  out->c = v[2];
  switch (out->kind) {
  case STP_UNC_UNIFORM:
    if (!(out->a < out->b))
      return stp_fail(err, STP_EINVAL, "%s: '%s': LO must be below HI", out->key, d);
    break;
  case STP_UNC_NORMAL:
    if (!(out->b > 0)) return stp_fail(err, STP_EINVAL, "%s: '%s': SD must be above 0", out->key, d);
    break;
  case STP_UNC_TRIANGULAR:
    if (!(out->a < out->c && out->a <= out->b && out->b <= out->c))
      return stp_fail(err, STP_EINVAL, "%s: '%s': need LO <= MODE <= HI and LO < HI", out->key, d);
    break;
  }
  return STP_OK;
}

double stp_unc_quantile(const stp_unc_input *in, double u) {
  switch (in->kind) {
  case STP_UNC_UNIFORM:
    return in->a + u * (in->b - in->a);
  case STP_UNC_NORMAL:
    return in->a + in->b * gsl_cdf_ugaussian_Pinv(u);
  case STP_UNC_TRIANGULAR: {
    double lo = in->a, mode = in->b, hi = in->c, f = (mode - lo) / (hi - lo);
    return u < f ? lo + sqrt(u * (hi - lo) * (mode - lo))
                 : hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
  }
  }
  return NAN;
}

void stp_unc_design_free(stp_unc_design *d) {
  free(d->a);
  free(d->b);
  d->a = d->b = NULL;
}

int stp_unc_design_make(const stp_unc_input *in, int k, int n, uint64_t seed,
                        stp_unc_design *d, stp_error *err) {
  memset(d, 0, sizeof *d);
  if (k < 1 || k > STP_UNC_MAX_INPUTS)
    return stp_fail(err, STP_EINVAL, "between 1 and %d uncertain assumptions (--vary), not %d",
                    STP_UNC_MAX_INPUTS, k);
  if (n < 2 || n > STP_UNC_MAX_DRAWS)
    return stp_fail(err, STP_EINVAL, "--draws: between 2 and %d, not %d", STP_UNC_MAX_DRAWS, n);
  d->n = n;
  d->k = k;
  memcpy(d->in, in, (size_t)k * sizeof *in);
  d->a = malloc((size_t)n * (size_t)k * sizeof *d->a);
  d->b = malloc((size_t)n * (size_t)k * sizeof *d->b);
  gsl_rng *r = stp_rng_alloc();
  if (!d->a || !d->b || !r) {
    if (r) stp_rng_free(r);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  /* Row j from the stream of (seed, j) alone: A's k uniforms, then B's; open (0, 1), so
     the inverse normal stays finite. */
  for (int j = 0; j < n; j++) {
    stp_rng_seek(r, seed, (uint64_t)j, DESIGN_STREAM);
    for (int i = 0; i < k; i++) d->a[(size_t)j * k + i] = stp_unc_quantile(&in[i], gsl_rng_uniform_pos(r));
    for (int i = 0; i < k; i++) d->b[(size_t)j * k + i] = stp_unc_quantile(&in[i], gsl_rng_uniform_pos(r));
  }
  stp_rng_free(r);
  return STP_OK;
}

long stp_unc_runs(const stp_unc_design *d) { return (long)d->n * (d->k + 2); }

void stp_unc_point(const stp_unc_design *d, long r, double *x, char *name, size_t size) {
  int m = (int)(r / d->n), j = (int)(r % d->n);
  for (int i = 0; i < d->k; i++) {
    bool from_b = m == 1 || m == 2 + i;
    x[i] = (from_b ? d->b : d->a)[(size_t)j * d->k + i];
  }
  if (name) {
    if (m < 2) snprintf(name, size, "%s", m == 0 ? "A" : "B");
    else snprintf(name, size, "AB%d", m - 1);
  }
}

int stp_unc_analyse(const stp_unc_design *d, const double *y, stp_unc_stats *out,
                    stp_error *err) {
  memset(out, 0, sizeof *out);
  long runs = stp_unc_runs(d);
  int n = d->n, k = d->k;
  for (long r = 0; r < runs; r++)
    if (isnan(y[r])) {
      out->empty = true;
      return STP_OK;
    }
  double *ab = malloc(2 * (size_t)n * sizeof *ab);
  if (!ab) return stp_fail(err, STP_ENOMEM, "out of memory");
  memcpy(ab, y, 2 * (size_t)n * sizeof *ab); /* the A runs, then the B runs */
  out->mean = gsl_stats_mean(ab, 1, 2 * (size_t)n);
  out->sd = gsl_stats_sd_m(ab, 1, 2 * (size_t)n, out->mean);
  gsl_sort(ab, 1, 2 * (size_t)n);
  out->p5 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.05);
  out->p50 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.50);
  out->p95 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.95);
  free(ab);
  /* Centred values; V over A and B with divisor 2n (the estimators' own normalisation). */
  const double c = out->mean;
  const double *fa = y, *fb = y + n;
  double v = 0;
  for (int j = 0; j < n; j++) v += (fa[j] - c) * (fa[j] - c) + (fb[j] - c) * (fb[j] - c);
  v /= 2.0 * n;
  out->variance = v;
  /* Relative to the scale of the figure: below this the spread is rounding, not variance. */
  if (!(v > 1e-24 * (c * c + 1))) {
    out->constant = true;
    return STP_OK;
  }
  double sum = 0;
  for (int i = 0; i < k; i++) {
    const double *fab = y + (size_t)(2 + i) * n;
    double vi = 0, vti = 0;
    for (int j = 0; j < n; j++) {
      vi += (fb[j] - c) * (fab[j] - fa[j]);       /* Saltelli 2010, table 2 (b) */
      vti += (fa[j] - fab[j]) * (fa[j] - fab[j]); /* Jansen 1999, table 2 (f) */
    }
    out->first[i] = vi / n / v;
    out->total[i] = vti / (2.0 * n) / v;
    out->share[i] = out->first[i] < 0 ? 0 : out->first[i] > 1 ? 1 : out->first[i];
    sum += out->share[i];
  }
  if (sum > 1)
    for (int i = 0; i < k; i++) out->share[i] /= sum;
  double kept = 0;
  for (int i = 0; i < k; i++) kept += out->share[i];
  out->remainder = kept >= 1 ? 0 : 1 - kept;
  return STP_OK;
}

/* ---- stipend uncertainty: the design's runs ---- */

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

bool stp_unc_key_known(const char *key) {
  if (strncmp(key, "cohort.", 7) == 0) return true;
  for (int e = 0; e < NECON; e++)
    if (strcmp(key, economy_keys[e]) == 0) return true;
  return false;
}

typedef struct unc_job {
  const stp_unc_job *job;
  const char *path[2]; /* baseline, reform */
  int nscen;
  stp_unc_design d;
  long done;           /* runs finished on this rank (progress line) */
  long mine;           /* runs of this rank */
} unc_job;

static bool is_cohort_key(const char *key) { return strncmp(key, "cohort.", 7) == 0; }

/* Scenario `path` with the job's sets and the assumptions at values x. */
static int prepare_point(const unc_job *j, const char *path, const double *x, stp_prepared **p,
                         stp_error *err) {
  *p = NULL;
  enum { MAXSETS = 32 }; /* as the command line's --set */
  const char *sets[MAXSETS];
  char assign[STP_UNC_MAX_INPUTS][160];
  stp_prepare_opts o = *j->job->prep;
  int n = o.nsets;
  if (n > MAXSETS) return stp_fail(err, STP_EINVAL, "too many --set and --vary");
  for (int i = 0; i < n; i++) sets[i] = o.sets[i];
  for (int i = 0; i < j->d.k; i++) {
    if (is_cohort_key(j->d.in[i].key)) continue;
    if (n >= MAXSETS) return stp_fail(err, STP_EINVAL, "too many --set and --vary");
    snprintf(assign[i], sizeof assign[i], "%s=%.17g", j->d.in[i].key, x[i]);
    sets[n++] = assign[i];
  }
  o.sets = sets;
  o.nsets = n;
  o.check_only = true; /* the deciles come after the cohort's assumptions are set (run_task) */
  int rc = stp_prepared_open(path, NULL, &o, p, err);
  for (int i = 0; i < j->d.k && rc == STP_OK; i++)
    if (is_cohort_key(j->d.in[i].key))
      rc = stp_cohort_model_set((*p)->model, j->d.in[i].key + 7, x[i], err);
  return rc;
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
  if (rc != STP_OK) {
    stp_error why = *err;
    stp_fail(err, why.code, "%s: refused with the drawn values: %s", j->path[s], why.msg);
  }
  stp_agg *agg = rc == 0 ? stp_agg_alloc() : NULL;
  if (rc == 0 && !agg) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  stp_run_stats st = {0};
  if (rc == 0)
    rc = stp_earnings_deciles(p->model, p->sc.entry_first, p->sc.entry_last, j->job->threads,
                              p->ctx.earn_deciles, err);
  if (rc == 0) {
    stp_run_opts ro = stp_prepared_run_opts(p);
    ro.threads = j->job->threads;
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
  }
  stp_agg_free(agg);
  stp_prepared_close(p);
  if (j->job->progress && rc == STP_OK) {
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
      /* the shares in millionths, as printed: rounded, the largest trimmed so that they add
         up to at most 1 as written, and the remainder exactly what they leave of 1 (0 for a
         figure that does not move: nothing to share) */
      long long micro[STP_UNC_MAX_INPUTS + 1], kept = 0;
      int largest = 0;
      for (int i = 0; i < k; i++) {
        micro[i] = llround(st.share[i] * 1e6);
        kept += micro[i];
        if (micro[i] > micro[largest]) largest = i;
      }
      if (k > 0 && kept > 1000000) {
        micro[largest] -= kept - 1000000;
        kept = 1000000;
      }
      micro[k] = st.constant ? 0 : 1000000 - kept;
      for (int i = 0; i <= k; i++) {
        stp_csv_field(wh, names[s]);
        stp_csv_field(wh, figure_name(f));
        stp_csv_field(wh, i < k ? j->d.in[i].key : "interactions");
        stp_csv_fieldf(wh, "%lld.%06lld", micro[i] / 1000000, micro[i] % 1000000);
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
  for (int i = 0; i < j->d.k; i++)
    if (!stp_unc_key_known(j->d.in[i].key))
      return stp_fail(err, STP_EINVAL, "--vary: %s: not an uncertain assumption",
                      j->d.in[i].key);
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

int stp_uncertainty_run(const stp_unc_job *job, stp_unc_result *r, stp_error *err) {
  memset(r, 0, sizeof *r);
  unc_job j = {.job = job, .path = {job->scenario, job->reform}};
  j.nscen = j.path[1] ? 2 : 1;
  stp_prepared *base;
  stp_prepare_opts check = *job->prep;
  check.check_only = true;
  int rc = stp_prepared_open(j.path[0], NULL, &check, &base, err);
  if (rc != STP_OK) return rc;
  rc = stp_unc_design_make(job->in, job->k, job->draws, base->sc.seed, &j.d, err);
  snprintf(r->name[0], sizeof r->name[0], "%s", base->sc.name);
  snprintf(r->out_buf, sizeof r->out_buf, "results/uncertainty-%s", base->sc.name);
  stp_prepared_close(base);
  if (rc == STP_OK && j.nscen == 2) {
    stp_prepared *ref;
    rc = stp_prepared_open(j.path[1], NULL, &check, &ref, err);
    if (rc == STP_OK) snprintf(r->name[1], sizeof r->name[1], "%s", ref->sc.name);
    stp_prepared_close(ref);
  }
  if (rc == STP_OK) rc = check_design(&j, err);
  r->out = job->out ? job->out : r->out_buf;
  long runs = stp_unc_runs(&j.d), ntasks = runs * j.nscen;
  long lo, hi;
  stp_dist_range(ntasks, &lo, &hi);
  j.mine = hi - lo;
  int nrows = j.nscen == 2 ? 3 : 1;
  double *fig = NULL;
  if (rc == STP_OK && !(fig = malloc((size_t)(runs * nrows) * NFIG * sizeof *fig)))
    rc = stp_fail(err, STP_ENOMEM, "out of memory");
  /* The three files into a staging folder, made current at out in one step at the end
     (resultset.h): a failed or interrupted run leaves the previous set as it was. */
  stp_resultset *set = NULL;
  if (rc == STP_OK)
    rc = stp_resultset_begin(r->out, STP_RESULT_FOLDER, job->out_flags, "uncertainty", &set, err);
  if (rc == STP_OK) {
    rc = stp_run_tasks(ntasks, NFIG, run_task, &j, fig, err);
    if (rc == STP_OK && j.nscen == 2) /* the difference, run by run: the same draws */
      for (long i = 0; i < runs * NFIG; i++)
        fig[runs * 2 * NFIG + i] = fig[runs * NFIG + i] - fig[i];
    const char *names[3] = {r->name[0], r->name[1], "difference"};
    if (rc == STP_OK) rc = write_results(&j, stp_resultset_staging(set), names, nrows, fig, err);
    if (rc == STP_OK) rc = stp_resultset_commit(set, err);
    else stp_resultset_abort(set);
  }
  r->runs = ntasks;
  r->draws = j.d.n;
  r->k = j.d.k;
  r->nscen = j.nscen;
  free(fig);
  stp_unc_design_free(&j.d);
  return rc;
}
