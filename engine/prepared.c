/* prepared.c: parameters, scenario, overrides, projection, cohort model, economy, deciles and
   per-run tables, in the order their errors are reported. */
#include "prepared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasets.h"
#include "files.h"
#include "loanbook.h"
#include "population.h"
#include "resultset.h"

/* Put into v[r] (for every r of rank[0..nr-1], ascending, within [lo, hi]) the value it
   would hold were v[lo..hi] sorted: a three-way quickselect for several ranks at once,
   O(n) where the qsort it replaces was O(n log n). Order statistics are values, so any
   algorithm gives the same ones (the values are finite). */
static void select_ranks(double *v, long lo, long hi, const long *rank, int nr) {
  while (nr > 0 && hi - lo > 16) {
    double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
    double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
    long lt = lo, i = lo, gt = hi; /* v[lo..lt-1] < pivot, v[gt+1..hi] > pivot */
    while (i <= gt) {
      double x = v[i];
      if (x < pivot) {
        v[i++] = v[lt];
        v[lt++] = x;
      } else if (x > pivot) {
        v[i] = v[gt];
        v[gt--] = x;
      } else {
        i++;
      }
    }
    int left = 0;
    while (left < nr && rank[left] < lt) left++;
    int right = left;
    while (right < nr && rank[right] <= gt) right++;
    select_ranks(v, lo, lt - 1, rank, left);
    rank += right;
    nr -= right;
    lo = gt + 1;
  }
  if (nr > 0)
    for (long i = lo + 1; i <= hi; i++) {
      double x = v[i];
      long j = i;
      for (; j > lo && v[j - 1] > x; j--) v[j] = v[j - 1];
      v[j] = x;
    }
}

enum { DECILE_SAMPLE = 50000 };

typedef struct decile_sample {
  const stp_cohort_model *m;
  double *v;                     /* student id -> stp_earnings_index */
} decile_sample;

static long sample_student(void *user, void *state, gsl_rng *r, const stp_student *s,
                           stp_csv_writer *rows) {
  (void)state;
  (void)r;
  (void)rows;
  const decile_sample *u = user;
  u->v[s->id] = stp_earnings_index(u->m, s);
  return 0;
}

int stp_earnings_deciles(const stp_cohort_model *m, int entry_first, int entry_last,
                         int threads, double out[9], stp_error *err) {
  double *v = malloc(DECILE_SAMPLE * sizeof *v);
  if (!v) return stp_fail(err, STP_ENOMEM, "out of memory");
  /* v[i] depends on student i alone: drawn on any thread, the same sample */
  decile_sample u = {.m = m, .v = v};
  stp_visitor vis = {.user = &u, .visit = sample_student};
  stp_run_opts o = {.size = DECILE_SAMPLE, .entry_first = entry_first,
                    .entry_last = entry_last, .seed = 1, .threads = threads, .simulate = true,
                    .local = true /* every rank the whole sample */};
  int rc = stp_drive(m, &o, &vis, NULL, NULL, err);
  if (rc == STP_OK) {
    long rank[9];
    for (int d = 1; d <= 9; d++) rank[d - 1] = (long)d * DECILE_SAMPLE / 10;
    select_ranks(v, 0, DECILE_SAMPLE - 1, rank, 9);
    for (int d = 1; d <= 9; d++) out[d - 1] = v[rank[d - 1]];
  }
  free(v);
  return rc;
}

void stp_prepared_close(stp_prepared *x) {
  if (!x) return;
  stp_life_ctx_release(&x->ctx);
  if (!x->sample_shared) {
    stp_pop_sample_free(x->sample);
    stp_book_sample_free(x->book_sample);
    stp_loanbook_free(x->book);
  }
  stp_population_free(x->pop);
  stp_cohort_model_free(x->model);
  stp_params_free(x->p);
  free(x);
}

/* The population mode: the horizon's entry cohorts replace entry_years, and the sample's
   students the cohort size. */
static int population(stp_prepared *x, const stp_prepared *like, int from, bool book,
                      stp_error *err) {
  if (x->microdata)
    return stp_fail(err, STP_EINVAL,
                    "%s: [cohort] population = norway draws Norway's students; it cannot replay "
                    "the microdata file %s", x->sc.path[0] ? x->sc.path : "scenario",
                    x->microdata);
  if (like && like->sample) {
    x->sample = like->sample;
    x->book = like->book;
    x->book_sample = like->book_sample;
    x->sample_shared = true;
    x->sc.entry_first = like->sc.entry_first;
    x->sc.entry_last = like->sc.entry_last;
    x->sc.size = like->sc.size;
    return STP_OK;
  }
  int rc = stp_population_load(x->datasets, &x->pop, err);
  if (rc) return rc;
  /* The initial loan book holds the borrowers in repayment on 1 January 2016; every student
     enrolled from 2016-17 on is simulated, whatever the base year (docs/loanbook.md). */
  if (book) {
    if ((rc = stp_loanbook_load(x->datasets, stp_params_repay(x->p), &x->book, err)) ||
        (rc = stp_book_sample_make(x->book, x->sc.sample, &x->book_sample, err)))
      return rc;
    if (from <= 0 || from > STP_FIRST_YEAR + 1) from = STP_FIRST_YEAR + 1;
  }
  int first = x->sc.base_year, years = x->sc.budget_years;
  if (from > 0 && from < first) {
    years += first - from;
    first = from;
  }
  stp_population_horizon(first, years, &x->sc.entry_first, &x->sc.entry_last);
  if ((rc = stp_pop_sample_make(x->pop, x->sc.entry_first, x->sc.entry_last, x->sc.sample,
                                &x->sample, err)))
    return rc;
  x->sc.size = (long)stp_pop_sample_size(x->sample);
  return STP_OK;
}

static int prepare(stp_prepared *x, const char *path, const stp_scenario *parsed,
                   const stp_prepare_opts *o, stp_error *err) {
  snprintf(x->datasets_buf, sizeof x->datasets_buf, "%s", stp_datasets_dir(o->datasets));
  x->datasets = x->datasets_buf;
  int rc = stp_params_load(x->datasets, &x->p, err);
  if (rc) return rc;
  if (parsed) x->sc = *parsed;
  else if ((rc = stp_scenario_load(path, &x->sc, err))) return rc;
  for (int i = 0; i < o->nsets; i++)
    if ((rc = stp_scenario_set(&x->sc, o->sets[i], err))) return rc;
  /* --size asks for a cohort of that many synthetic students, --cohort replays a file: the
     population mode is off for the run unless --sample is given too */
  if (o->size > 0) x->sc.size = o->size;
  if ((o->size > 0 || o->microdata) && !(o->sample > 0)) x->sc.population = false;
  if (o->sample > 0) {
    x->sc.population = true;
    x->sc.sample = o->sample;
  }
  if (o->has_seed) x->sc.seed = o->seed;
  if ((rc = stp_params_project(x->p, STP_MAX_YEAR, x->sc.price_growth, x->sc.wage_growth,
                               err)) ||
      (rc = stp_scenario_apply(&x->sc, x->p, err)))
    return rc;
  if ((rc = stp_cohort_model_load(x->datasets, x->sc.calibration, &x->model, err))) return rc;
  int months[STP_SCEN_MAX_RATE_POINTS];
  for (int i = 0; i < x->sc.rate_npoints; i++) months[i] = x->sc.rate_month[i];
  stp_economy_rates(&x->econ, x->p, x->sc.rate_npoints, months, x->sc.rate, x->sc.rate_after);
  stp_economy_shift(&x->econ, x->sc.rate_shift_from, x->sc.rate_shift);
  x->econ.wage_growth = x->sc.wage_growth;
  x->microdata = o->microdata               ? o->microdata
                 : x->sc.source == STP_COHORT_MICRODATA ? x->sc.microdata
                                                        : NULL;
  /* The microdata file is read only once the run starts: checked here, so that validate and
     every command refuse a directory, a FIFO or a missing file alike (exit status 2). */
  if (x->microdata && (rc = stp_input_check(x->microdata, err))) return rc;
  if (x->sc.population && (rc = population(x, o->cohort_of, o->horizon_from, o->loan_book, err))) return rc;
  x->ctx = (stp_life_ctx){.p = x->p, .cohort = x->model, .econ = &x->econ, .seed = x->sc.seed};
  if (o->check_only) return STP_OK;
  if (o->deciles) memcpy(x->ctx.earn_deciles, o->deciles, sizeof x->ctx.earn_deciles);
  else if ((rc = stp_earnings_deciles(x->model, x->sc.entry_first, x->sc.entry_last,
                                      o->threads, x->ctx.earn_deciles, err)))
    return rc;
  return stp_life_ctx_init(&x->ctx, err);
}

int stp_prepared_open(const char *path, const stp_scenario *parsed, const stp_prepare_opts *o,
                      stp_prepared **out, stp_error *err) {
  static const stp_prepare_opts none = {0};
  *out = NULL;
  stp_prepared *x = calloc(1, sizeof *x);
  if (!x) return stp_fail(err, STP_ENOMEM, "out of memory");
  int rc = prepare(x, path, parsed, o ? o : &none, err);
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  *out = x;
  return STP_OK;
}

stp_run_opts stp_prepared_run_opts(const stp_prepared *x) {
  return (stp_run_opts){.size = x->sc.size, .entry_first = x->sc.entry_first,
                        .entry_last = x->sc.entry_last, .seed = x->sc.seed,
                        .microdata = x->microdata, .simulate = true,
                        .population = x->sample};
}

int stp_prepared_export_cohort(const stp_prepared *x, const char *target, unsigned flags,
                               int threads, bool progress, long *students, stp_error *err) {
  *students = 0;
  stp_resultset *set;
  int rc = stp_resultset_begin(target, STP_RESULT_FILE, flags, "cohort", &set, err);
  if (rc != STP_OK) return rc;
  stp_run_opts ro = stp_prepared_run_opts(x);
  ro.microdata = NULL;
  ro.threads = threads;
  ro.progress = progress;
  ro.cohort_out = stp_resultset_staging(set);
  ro.simulate = false;
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  rc = agg ? stp_run(&x->ctx, &ro, agg, &st, err) : stp_fail(err, STP_ENOMEM, "out of memory");
  stp_agg_free(agg);
  if (rc == STP_OK) rc = stp_resultset_commit(set, err);
  else stp_resultset_abort(set);
  if (rc == STP_OK) *students = st.students;
  return rc;
}
