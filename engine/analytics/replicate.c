#include "analytics/replicate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "csvio.h"
#include "output.h"
#include "resultset.h"
#include "rng.h"

uint64_t stp_replication_seed(uint64_t seed, int k) {
  /* the top bit dropped: seeds stay below 2^63, as the scenario's own (scenario.c) */
  return k <= 1 ? seed : stp_hash64(seed, (uint64_t)k) >> 1;
}

int stp_replicate(const stp_life_ctx *ctx, const stp_run_opts *o, int n, stp_agg *agg,
                  stp_repl_fn each, void *user, stp_error *err) {
  if (n < 1 || n > STP_REPL_MAX)
    return stp_fail(err, STP_ERANGE, "replications: %d is outside 1 to %d", n, STP_REPL_MAX);
  for (int k = 1; k <= n; k++) {
    stp_life_ctx c = *ctx;
    stp_run_opts ro = *o;
    c.seed = ro.seed = stp_replication_seed(o->seed, k);
    if (k > 1) {
      ro.students_path = NULL;
      ro.cohort_out = NULL;
    }
    stp_agg_reset(agg);
    stp_run_stats st = {0};
    int rc = stp_run(&c, &ro, agg, &st, err);
    if (rc == STP_OK && each) rc = each(user, k, ro.seed, agg, &st, err);
    if (rc != STP_OK) return rc;
  }
  return STP_OK;
}

/* ---- statistics ---- */

struct stp_repl_stats {
  stp_repl_acc a[STP_FIGURES];
};

stp_repl_stats *stp_repl_alloc(void) { return calloc(1, sizeof(stp_repl_stats)); }

void stp_repl_free(stp_repl_stats *s) { free(s); }

void stp_repl_acc_add(stp_repl_acc *a, double x, const int64_t *exact) {
  a->n++;
  long double d = (long double)x - a->mean;
  a->mean += d / (long double)a->n;
  a->m2 += d * ((long double)x - a->mean);
  if (!exact) a->overflow = true; /* no exact sum: the mean is Welford's */
  else if (!a->overflow && __builtin_add_overflow(a->sum, *exact, &a->sum)) a->overflow = true;
  if (a->n == 1 || x < a->min) a->min = x;
  if (a->n == 1 || x > a->max) a->max = x;
}

void stp_repl_add(stp_repl_stats *s, const stp_figures *h) {
  for (int i = 0; i < STP_FIGURES; i++) {
    const stp_figure *f = &h->f[i];
    if (f->empty) continue;
    stp_fig_kind k = stp_figure_kind(i);
    bool whole = k == STP_FIG_COUNT || k == STP_FIG_MONEY;
    stp_repl_acc_add(&s->a[i], f->real, whole ? &f->exact : NULL);
  }
}

double stp_t975(long df) { return df >= 1 ? gsl_cdf_tdist_Pinv(0.975, (double)df) : NAN; }

void stp_repl_acc_get(const stp_repl_acc *a, stp_fig_kind k, stp_repl_summary *out) {
  memset(out, 0, sizeof *out);
  out->n = a->n;
  out->mean = out->sd = out->lo = out->hi = out->min = out->max = NAN;
  if (a->n == 0) return;
  if (k == STP_FIG_MONEY && !a->overflow) out->mean = (double)stp_div_round(a->sum, a->n);
  else if (k == STP_FIG_COUNT && !a->overflow) out->mean = (double)a->sum / (double)a->n;
  else out->mean = (double)a->mean;
  out->min = a->min;
  out->max = a->max;
  if (a->n < 2) return;
  out->sd = sqrt((double)(a->m2 / (long double)(a->n - 1)));
  double half = stp_t975(a->n - 1) * out->sd / sqrt((double)a->n);
  out->lo = out->mean - half;
  out->hi = out->mean + half;
}

void stp_repl_get(const stp_repl_stats *s, int i, stp_repl_summary *out) {
  stp_repl_acc_get(&s->a[i], stp_figure_kind(i), out);
}

/* A statistic in the figure's unit and format: money from øre to NOK with two decimals,
   counts with two decimals (a mean of counts is not whole), shares 6, years 3. */
static void stat_cell(stp_csv_writer *w, stp_fig_kind k, double v) {
  if (isnan(v)) {
    stp_csv_field(w, "");
    return;
  }
  switch (k) {
  case STP_FIG_MONEY: stp_csv_money(w, (long long)llround(v)); break;
  case STP_FIG_COUNT: stp_csv_real(w, v, 2); break;
  case STP_FIG_SHARE: stp_csv_real(w, v, 6); break;
  case STP_FIG_YEARS: stp_csv_real(w, v, 3); break;
  }
}

int stp_repl_write(const char *path, const char *scenario, const stp_repl_stats *s,
                   stp_error *err) {
  static const char *const cols[] = {"scenario", "measure", "replications", "mean", "sd",
                                     "ci95_low", "ci95_high", "min", "max"};
  stp_csv_writer *w;
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc != STP_OK) return rc;
  for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) stp_csv_field(w, cols[c]);
  stp_csv_endrow(w);
  for (int i = 0; i < STP_FIGURES; i++) {
    stp_repl_summary r;
    stp_repl_get(s, i, &r);
    stp_fig_kind k = stp_figure_kind(i);
    stp_csv_field(w, scenario);
    stp_csv_field(w, stp_figure_name(i));
    stp_csv_int(w, r.n);
    stat_cell(w, k, r.mean);
    stat_cell(w, k, r.sd);
    stat_cell(w, k, r.lo);
    stat_cell(w, k, r.hi);
    stat_cell(w, k, r.min);
    stat_cell(w, k, r.max);
    stp_csv_endrow(w);
  }
  return stp_csv_writer_commit(w, err);
}

/* ---- one row per replication ---- */

struct stp_repl_runs {
  stp_csv_writer *csv;
};

int stp_repl_runs_open(const char *path, stp_repl_runs **out, stp_error *err) {
  stp_repl_runs *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  int rc = stp_csv_writer_open(path, &w->csv, err);
  if (rc != STP_OK) {
    free(w);
    return rc;
  }
  stp_csv_field(w->csv, "scenario");
  stp_csv_field(w->csv, "replication");
  stp_csv_field(w->csv, "seed");
  for (int i = 0; i < STP_FIGURES; i++) stp_csv_field(w->csv, stp_figure_name(i));
  stp_csv_endrow(w->csv);
  *out = w;
  return STP_OK;
}

void stp_repl_runs_add(stp_repl_runs *w, const char *scenario, int k, uint64_t seed,
                       const stp_figures *h) {
  stp_csv_field(w->csv, scenario);
  stp_csv_int(w->csv, k);
  stp_csv_fieldf(w->csv, "%llu", (unsigned long long)seed);
  for (int i = 0; i < STP_FIGURES; i++) stp_figure_csv(w->csv, stp_figure_kind(i), &h->f[i]);
  stp_csv_endrow(w->csv);
}

int stp_repl_runs_commit(stp_repl_runs *w, stp_error *err) {
  int rc = stp_csv_writer_commit(w->csv, err);
  free(w);
  return rc;
}

void stp_repl_runs_abort(stp_repl_runs *w) {
  if (!w) return;
  stp_csv_writer_abort(w->csv);
  free(w);
}

/* ---- stipend run ---- */

/* What the replications share: the usual files come from replication 1, every replication
   adds its headline figures to the statistics and to replication_runs.csv. */
typedef struct run_state {
  const char *name, *out;
  stp_replicate_result *r;
  stp_repl_runs *runs;      /* more than one replication only */
  bool progress;
} run_state;

static int write_results(const run_state *s, uint64_t seed, const stp_agg *agg, stp_error *err) {
  char path[1200];
  stp_summary_meta meta = {.seed = seed, .horizon_year = STP_MAX_YEAR};
  int rc;
  snprintf(path, sizeof path, "%s/summary.csv", s->out);
  if ((rc = stp_write_summary(path, s->name, agg, &meta, err))) return rc;
  snprintf(path, sizeof path, "%s/cashflow.csv", s->out);
  if ((rc = stp_write_cashflow(path, s->name, agg, err))) return rc;
  snprintf(path, sizeof path, "%s/groups.csv", s->out);
  if ((rc = stp_write_groups(path, s->name, agg, &meta, err))) return rc;
  snprintf(path, sizeof path, "%s/distribution.csv", s->out);
  return stp_write_distribution(path, s->name, agg, err);
}

static int after_replication(void *user, int k, uint64_t seed, const stp_agg *agg,
                             const stp_run_stats *st, stp_error *err) {
  run_state *s = user;
  stp_replicate_result *r = s->r;
  if (!st->invariants_ok)
    return stp_fail(err, STP_ERANGE, "%ld students broke an accounting identity (a bug)",
                    st->invariant_failures);
  if (k == 1) {
    r->first = *st;
    r->national = agg->g[STP_GROUP_ALL].students;
    int rc = write_results(s, seed, agg, err);
    if (rc) return rc;
  }
  if (r->replications > 1) {
    stp_figures h;
    stp_figures_of(&agg->g[STP_GROUP_ALL], &h);
    stp_repl_add(r->stats, &h);
    stp_repl_runs_add(s->runs, s->name, k, seed, &h);
    if (s->progress) fprintf(stderr, "\rreplication %d of %ld done ", k, r->replications);
    if (s->progress && k == r->replications) fputc('\n', stderr);
  }
  return STP_OK;
}

/* about.csv, parameters.csv and report.html. */
static int run_report(const stp_replicate_job *j, const char *stage,
                      const stp_replicate_result *r, stp_error *err) {
  const stp_prepared *x = j->x;
  char version[64], cohort[1200];
  snprintf(version, sizeof version, "stipend %s", STP_VERSION);
  if (x->microdata) snprintf(cohort, sizeof cohort, "the microdata file %s", x->microdata);
  else snprintf(cohort, sizeof cohort, "synthetic, drawn from the calibration %s",
                x->sc.calibration);
  stp_report_about about = {.kind = "replications", .version = version, .command = j->command,
                            .cohort = cohort,
                            .population = x->sc.population ? "norway" : "simulated",
                            .seed = x->sc.seed, .students = r->first.students,
                            .population_students = x->sc.population ? (long long)r->national : 0,
                            .sample_share = x->sc.population ? x->sc.sample : 0,
                            .entry_first = x->sc.entry_first, .entry_last = x->sc.entry_last,
                            .replications = (int)r->replications};
  stp_report_scenario rs = {.name = x->sc.name, .file = j->file, .sc = &x->sc, .params = x->p};
  int rc = stp_report_about_write(stage, &about, &rs, 1, err);
  if (rc == STP_OK) rc = stp_report_write(stage, j->lang, err);
  return rc;
}

int stp_replicate_run(const stp_replicate_job *j, stp_replicate_result *r, stp_error *err) {
  memset(r, 0, sizeof *r);
  stp_prepared *x = j->x;
  r->replications = j->replications > 0 ? j->replications : x->sc.replications;
  r->out = j->out ? j->out : x->sc.out_dir;
  /* Every file into a staging folder, made current at out in one step at the end. */
  stp_resultset *set;
  int rc = stp_resultset_begin(r->out, STP_RESULT_FOLDER, j->out_flags, "run", &set, err);
  if (rc != STP_OK) return rc;
  const char *stage = stp_resultset_staging(set);
  char students_path[1200], path[1200];
  snprintf(students_path, sizeof students_path, "%s/students.csv", stage);
  stp_run_opts ro = stp_prepared_run_opts(x);
  ro.threads = j->threads;
  ro.progress = j->progress && r->replications == 1;
  ro.students_path = j->students ? students_path : NULL;
  run_state s = {.name = x->sc.name, .out = stage, .r = r, .progress = j->progress};
  if (!(r->agg = stp_agg_alloc())) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK && r->replications > 1) {
    snprintf(path, sizeof path, "%s/replication_runs.csv", stage);
    r->stats = stp_repl_alloc();
    if (!r->stats) rc = stp_fail(err, STP_ENOMEM, "out of memory");
    else rc = stp_repl_runs_open(path, &s.runs, err);
  }
  if (rc == STP_OK)
    rc = stp_replicate(&x->ctx, &ro, (int)r->replications, r->agg, after_replication, &s, err);
  if (rc == STP_OK && r->replications > 1) {
    rc = stp_repl_runs_commit(s.runs, err);
    s.runs = NULL;
    snprintf(path, sizeof path, "%s/replications.csv", stage);
    if (rc == STP_OK) rc = stp_repl_write(path, x->sc.name, r->stats, err);
  }
  stp_repl_runs_abort(s.runs);
  if (rc == STP_OK && j->report && r->replications > 1) rc = run_report(j, stage, r, err);
  if (rc == STP_OK) return stp_resultset_commit(set, err);
  stp_resultset_abort(set);
  return rc;
}

void stp_replicate_result_free(stp_replicate_result *r) {
  stp_repl_free(r->stats);
  stp_agg_free(r->agg);
  r->stats = NULL;
  r->agg = NULL;
}
