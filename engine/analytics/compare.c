/* compare.c: a comparison as a visitor of the driver (run.h): every student lives through
   every scenario on the thread that drew her, into that thread's accumulators (totals,
   budget flows, gains), which are merged by exact integer addition at the end. No array of
   all students or of their values is kept.

   Each student's value is computed from her own cash flows in floating point and rounded to
   the øre on the thread that ran her; the same operations in the same order give the same
   øre on any thread, so the integer sums do not depend on the number of threads. Over MPI
   ranks each rank runs its share of the students (the driver's split, fixed by the student
   ids and the rank count) and the ranks' integer sums are added up (sum_over_ranks): the
   same bytes at any number of ranks. */
#include "analytics/compare.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/evidence.h"
#include "analytics/replicate.h"
#include "csvio.h"
#include "dist.h"
#include "figures.h"
#include "loanbook.h"
#include "output.h"
#include "microdata.h"
#include "population.h"
#include "progress.h"
#include "resultset.h"
#include "rng.h"
#include "rules/support.h"
#include "run.h"

/* ---- values and gains ---- */

static int year_index(int year) {
  int i = year - STP_CF_FIRST;
  return i < 0 ? 0 : i >= STP_CF_YEARS ? STP_CF_YEARS - 1 : i;
}

stp_money stp_student_value(const stp_student *s, const stp_outcome *o, const stp_cashflow *cf,
                            const double *discount) {
  double v = 0;
  for (int y = year_index(s->entry_year); y < STP_CF_YEARS; y++) {
    stp_money net = cf->paid_out[y] - cf->repaid[y] - cf->tuition[y];
    if (net != 0) v += (double)net * discount[y];
  }
  if (o->transferred != 0) v -= (double)o->transferred * discount[year_index(o->end_study_year)];
  return (stp_money)llround(v);
}

static void gain_one(stp_gain_acc *g, stp_money change, int64_t w) {
  g->students += w;
  g->change += w * change;
  if (change > 0) {
    g->winners += w;
    g->gains += w * change;
  } else if (change < 0) {
    g->losers += w;
    g->losses -= w * change;
  } else {
    g->unchanged += w;
  }
}

void stp_gain_add(stp_gain_acc g[STP_NGROUPS], const stp_outcome *k, stp_money change) {
  stp_gain_add_weighted(g, k, change, 1);
}

void stp_gain_add_weighted(stp_gain_acc g[STP_NGROUPS], const stp_outcome *k, stp_money change,
                           int64_t w) {
  gain_one(&g[STP_GROUP_ALL], change, w);
  if (k->level < 4) gain_one(&g[STP_GROUP_LEVEL0 + k->level], change, w);
  if (k->category < 6) gain_one(&g[STP_GROUP_CAT0 + k->category], change, w);
  if (k->non_eea < 2) gain_one(&g[STP_GROUP_CIT0 + k->non_eea], change, w);
  if (k->at_home < 2) gain_one(&g[STP_GROUP_HOME0 + k->at_home], change, w);
  if (k->earnings_decile < 10) gain_one(&g[STP_GROUP_DEC0 + k->earnings_decile], change, w);
}

static void gain_merge(stp_gain_acc *into, const stp_gain_acc *from) {
  into->students += from->students;
  into->winners += from->winners;
  into->losers += from->losers;
  into->unchanged += from->unchanged;
  into->gains += from->gains;
  into->losses += from->losses;
  into->change += from->change;
}

/* ---- the comparison, a visitor of the driver ---- */

typedef struct thread_acc {
  stp_agg *agg[STP_COMPARE_MAX_SCENARIOS];
  stp_budget_flows *flows[STP_COMPARE_MAX_SCENARIOS];
  stp_gain_acc gain[STP_COMPARE_MAX_SCENARIOS][STP_NGROUPS];
  stp_cashflow cf;                             /* one student's flows in one scenario */
  int entry_first, entry_last;                 /* of the students seen */
  long seen;                                   /* students simulated (not the absent) */
} thread_acc;

typedef struct comparison {
  const stp_compare_scenario *sc;
  int nscen;
  double discount[STP_CF_YEARS]; /* of each student's value (opts' value_rates) */
  stp_compare *out;
} comparison;

/* Zero the student's flows from her entry year on (nothing is ever booked before it). */
static void clear_flows(stp_cashflow *cf, int from) {
  size_t n = (size_t)(STP_CF_YEARS - from) * sizeof(stp_money);
  memset(cf->paid_out + from, 0, n);
  memset(cf->converted + from, 0, n);
  memset(cf->other_grants + from, 0, n);
  memset(cf->provision + from, 0, n);
  memset(cf->convertible + from, 0, n);
  memset(cf->interest + from, 0, n);
  memset(cf->repaid + from, 0, n);
  memset(cf->written_off + from, 0, n);
  memset(cf->relief + from, 0, n);
  memset(cf->tuition + from, 0, n);
  memset(cf->outstanding + from, 0, n);
  memset(cf->capitalised + from, 0, n);
}

static long one_student(void *user, void *state, gsl_rng *r, const stp_student *s,
                        stp_csv_writer *rows) {
  (void)rows;
  const comparison *d = user;
  thread_acc *t = state;
  stp_outcome out[STP_COMPARE_MAX_SCENARIOS];
  stp_money value[STP_COMPARE_MAX_SCENARIOS];
  long bad = 0;
  const int64_t w = stp_student_weight(s);
  int from = year_index(s->entry_year);
  t->seen++;
  if (s->entry_year < t->entry_first) t->entry_first = s->entry_year;
  if (s->entry_year > t->entry_last) t->entry_last = s->entry_year;
  for (int k = 0; k < d->nscen; k++) {
    clear_flows(&t->cf, from);
    stp_lifecycle(d->sc[k].ctx, s, r, &out[k], &t->cf);
    if (!stp_outcome_check(&out[k])) bad++;
    stp_agg_add_weighted(t->agg[k], &out[k], w);
    stp_budget_add_student(t->flows[k], s, &out[k], &t->cf, w);
    value[k] = stp_student_value(s, &out[k], &t->cf, d->discount);
  }
  for (int k = 1; k < d->nscen; k++)
    stp_gain_add_weighted(t->gain[k], &out[0], value[k] - value[0], w);
  return bad;
}

/* A borrower of the initial loan book: her loan in every scenario, into the budget flows
   only (she is not a student of the totals by group, and has no gain). */
static long one_book_loan(void *user, void *state, gsl_rng *r, const stp_student *s,
                          stp_csv_writer *rows) {
  (void)rows;
  const comparison *d = user;
  thread_acc *t = state;
  stp_outcome out;
  long bad = 0;
  const int64_t w = stp_student_weight(s);
  int from = year_index(s->entry_year);
  for (int k = 0; k < d->nscen; k++) {
    clear_flows(&t->cf, from);
    stp_lifecycle(d->sc[k].ctx, s, r, &out, &t->cf);
    if (!stp_outcome_check(&out)) bad++;
    stp_budget_add_book_loan(t->flows[k], s, &out, &t->cf, w);
  }
  return bad;
}

static void acc_free(void *user, void *state) {
  const comparison *d = user;
  thread_acc *t = state;
  for (int k = 0; k < d->nscen; k++) {
    stp_agg_free(t->agg[k]);
    free(t->flows[k]);
  }
  free(t);
}

static void *acc_alloc(void *user) {
  const comparison *d = user;
  thread_acc *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->entry_first = 99999;
  t->entry_last = -1;
  bool ok = true;
  for (int k = 0; k < d->nscen && ok; k++) {
    t->agg[k] = stp_agg_alloc();
    t->flows[k] = calloc(1, sizeof *t->flows[k]);
    ok = t->agg[k] && t->flows[k];
  }
  if (!ok) {
    acc_free(user, t);
    return NULL;
  }
  return t;
}

static void acc_merge(void *user, void *state) {
  const comparison *d = user;
  const thread_acc *a = state;
  stp_compare *out = d->out;
  out->students += a->seen;
  if (a->entry_first < out->entry_first) out->entry_first = a->entry_first;
  if (a->entry_last > out->entry_last) out->entry_last = a->entry_last;
  for (int k = 0; k < d->nscen; k++) {
    stp_agg_merge(out->agg[k], a->agg[k]);
    stp_budget_flows_merge(out->flows[k], a->flows[k]);
    for (int g = 0; g < STP_NGROUPS; g++) gain_merge(&out->gain[k][g], &a->gain[k][g]);
  }
}

/* What this rank's threads merged, summed over the ranks (dist.h; nothing with one rank):
   integers only (counts, øre), so the sums are the bytes of one process running every
   student. The entry years seen are a minimum and a maximum (a rank without students has
   99999 and -1). */
static void sum_over_ranks(stp_compare *out) {
  _Static_assert(sizeof(stp_budget_flows) % sizeof(int64_t) == 0, "flows are int64_t only");
  _Static_assert(sizeof(stp_gain_acc) == 7 * sizeof(int64_t), "gains are int64_t only");
  int64_t n = out->students, first = out->entry_first, last = out->entry_last;
  stp_dist_sum_i64(&n, 1);
  stp_dist_min_i64(&first, 1);
  stp_dist_max_i64(&last, 1);
  out->students = (long)n;
  out->entry_first = (int)first;
  out->entry_last = (int)last;
  for (int k = 0; k < out->nscen; k++) {
    stp_dist_sum_agg(out->agg[k]);
    stp_dist_sum_i64((int64_t *)out->flows[k], sizeof *out->flows[k] / sizeof(int64_t));
  }
  stp_dist_sum_i64((int64_t *)out->gain, (size_t)out->nscen * STP_NGROUPS * 7);
}

void stp_compare_free(stp_compare *c) {
  for (int k = 0; k < c->nscen; k++) {
    stp_agg_free(c->agg[k]);
    free(c->flows[k]);
    c->agg[k] = NULL;
    c->flows[k] = NULL;
  }
  c->nscen = 0;
}

int stp_compare_simulate(const stp_compare_scenario *sc, int nscen, const stp_compare_opts *o,
                    stp_compare *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  if (nscen < 1 || nscen > STP_COMPARE_MAX_SCENARIOS)
    return stp_fail(err, STP_EINVAL, "a comparison needs 1 to %d scenarios, not %d",
                    STP_COMPARE_MAX_SCENARIOS, nscen);
  out->nscen = nscen;
  for (int k = 0; k < nscen; k++) {
    out->agg[k] = stp_agg_alloc();
    out->flows[k] = calloc(1, sizeof *out->flows[k]);
    if (!out->agg[k] || !out->flows[k]) return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  out->entry_first = 99999;
  out->entry_last = -1;
  comparison d = {.sc = sc, .nscen = nscen, .out = out};
  stp_budget_discount_table(&o->value_rates, d.discount);
  stp_visitor v = {.user = &d, .thread_alloc = acc_alloc, .thread_free = acc_free,
                   .visit = one_student, .merge = acc_merge};
  /* Over MPI ranks the students are split (run.c: each rank its range of blocks, or its
     chunks of a microdata file); each rank merges its own, and sum_over_ranks adds them up. */
  stp_run_opts ro = {.size = o->size, .scenarios = nscen, .entry_first = o->entry_first,
                     .entry_last = o->entry_last, .seed = o->seed, .threads = o->threads,
                     .progress = o->progress, .microdata = o->microdata, .simulate = true,
                     .population = o->population};
  stp_run_stats st = {0};
  int rc = stp_drive(o->cohort, &ro, &v, NULL, &st, err);
  if (rc != STP_OK) return rc;
  /* out->students: those who lived through the scenarios (acc_merge); a population student
     who had left before 2016-17 (absent) is drawn but not simulated */
  out->invariant_failures = st.invariant_failures; /* the driver's, over every rank */
  double seconds = st.seconds;
  if (o->book) {
    /* the entry years seen are the students' (a book loan's is only its wage reference) */
    int ef = out->entry_first, el = out->entry_last;
    v.visit = one_book_loan;
    ro.book = o->book;
    ro.population = NULL;
    ro.size = (long)stp_book_sample_size(o->book);
    stp_run_stats bs = {0};
    if ((rc = stp_drive(o->cohort, &ro, &v, NULL, &bs, err)) != STP_OK) return rc;
    out->entry_first = ef;
    out->entry_last = el;
    out->book_loans = bs.students;
    out->invariant_failures += bs.invariant_failures;
    seconds += bs.seconds;
  }
  sum_over_ranks(out);
  /* Norway's degree students abroad: counted beside the sample, under each scenario's rules
     (abroad.h), once, after the ranks' sums; not in cf, which holds the simulated students. */
  if (o->population)
    for (int k = 0; k < nscen; k++) {
      stp_abroad_flows(stp_pop_sample_abroad(o->population), sc[k].ctx->p,
                       out->flows[k]->abroad_loans, out->flows[k]->abroad_convertible,
                       out->flows[k]->abroad_grants);
      /* the vocational colleges and folk high schools, likewise (othered.h) */
      stp_other_flows(stp_pop_sample_other(o->population), sc[k].ctx->p,
                      out->flows[k]->other_loans, out->flows[k]->other_convertible);
    }
  for (int k = 0; k < nscen; k++) out->agg[k]->cf = out->flows[k]->cf;
  if (out->entry_last < 0) out->entry_first = out->entry_last = o->entry_first;
  out->seconds = seconds;
  return STP_OK;
}

/* ---- winners.csv ---- */

static void mean(stp_csv_writer *w, stp_money sum, int64_t n) {
  if (n > 0) stp_csv_money(w, stp_div_round(sum, n));
  else stp_csv_field(w, "");
}

int stp_compare_write_winners(const char *path, const char *const *names, const stp_compare *c,
                              stp_error *err) {
  static const char *const header[] = {
      "reform",    "dimension", "group",     "students",
      "winners",   "losers",    "unchanged", "winners_mean_gain_nok",
      "losers_mean_loss_nok",   "mean_change_nok"};
  /* The dimensions of the issue, in its order: each a range of group indices. */
  static const int ranges[][2] = {{STP_GROUP_ALL, STP_GROUP_ALL + 1},
                                  {STP_GROUP_DEC0, STP_GROUP_DEC0 + 10},
                                  {STP_GROUP_LEVEL0, STP_GROUP_LEVEL0 + 4},
                                  {STP_GROUP_CIT0, STP_GROUP_CIT0 + 2},
                                  {STP_GROUP_HOME0, STP_GROUP_HOME0 + 2}};
  stp_csv_writer *w;
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc) return rc;
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++) stp_csv_field(w, header[i]);
  stp_csv_endrow(w);
  for (int k = 1; k < c->nscen; k++)
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
      for (int g = ranges[r][0]; g < ranges[r][1]; g++) {
        const stp_gain_acc *a = &c->gain[k][g];
        stp_csv_field(w, names[k]);
        stp_csv_field(w, stp_group_dimension(g));
        stp_csv_field(w, stp_group_name(g));
        stp_csv_int(w, a->students);
        stp_csv_int(w, a->winners);
        stp_csv_int(w, a->losers);
        stp_csv_int(w, a->unchanged);
        mean(w, a->gains, a->winners);
        mean(w, a->losses, a->losers);
        mean(w, a->change, a->students);
        stp_csv_endrow(w);
      }
  return stp_csv_writer_commit(w, err);
}

/* ---- difference.csv ---- */

/* A decimal as written ("-12.345", "7"): mantissa and number of decimals. */
typedef struct decimal {
  long long m;
  int dec;
} decimal;

static bool parse_decimal(const char *s, decimal *out) {
  const char *p = s;
  bool neg = *p == '-';
  if (neg || *p == '+') p++;
  if (!*p) return false;
  long long m = 0;
  int dec = -1;
  for (; *p; p++) {
    if (*p == '.' && dec < 0) {
      dec = 0;
      continue;
    }
    if (*p < '0' || *p > '9' || m > (LLONG_MAX - 9) / 10) return false;
    m = m * 10 + (*p - '0');
    if (dec >= 0) dec++;
  }
  if (dec > 9) return false; /* the tables write at most 6 decimals */
  out->m = neg ? -m : m;
  out->dec = dec < 0 ? 0 : dec;
  return true;
}

static void format_decimal(char *buf, size_t n, long long m, int dec) {
  long long p = 1;
  for (int i = 0; i < dec; i++) p *= 10;
  unsigned long long a = m < 0 ? (unsigned long long)(-(m + 1)) + 1 : (unsigned long long)m;
  if (dec == 0) {
    snprintf(buf, n, "%s%llu", m < 0 ? "-" : "", a);
    return;
  }
  char frac[24];
  unsigned long long r = a % (unsigned long long)p;
  for (int i = dec - 1; i >= 0; i--, r /= 10) frac[i] = (char)('0' + r % 10);
  frac[dec] = '\0';
  snprintf(buf, n, "%s%llu.%s", m < 0 ? "-" : "", a / (unsigned long long)p, frac);
}

/* reform − baseline of two written values; false (empty) if either is empty or not a number. */
static bool difference(const char *base, const char *reform, char *buf, size_t n) {
  decimal a, b;
  if (!parse_decimal(base, &a) || !parse_decimal(reform, &b)) return false;
  int dec = a.dec > b.dec ? a.dec : b.dec;
  for (; a.dec < dec; a.dec++) {
    if (llabs(a.m) > LLONG_MAX / 20) return false;
    a.m *= 10;
  }
  for (; b.dec < dec; b.dec++) {
    if (llabs(b.m) > LLONG_MAX / 20) return false;
    b.m *= 10;
  }
  if (llabs(a.m) > LLONG_MAX / 2 || llabs(b.m) > LLONG_MAX / 2) return false;
  format_decimal(buf, n, b.m - a.m, dec);
  return true;
}

/* One row of difference.csv (year NULL) or difference_by_year.csv. */
static void diff_row(stp_csv_writer *w, const char *reform, const char *year, const char *col,
                     const char *bv, const char *rv) {
  char buf[64];
  stp_csv_field(w, reform);
  if (year) stp_csv_field(w, year);
  stp_csv_field(w, col);
  stp_csv_field(w, bv);
  stp_csv_field(w, rv);
  stp_csv_field(w, difference(bv, rv, buf, sizeof buf) ? buf : "");
  stp_csv_endrow(w);
}

static void header_row(stp_csv_writer *w, bool by_year) {
  static const char *const header[] = {"reform", "year", "column", "baseline_value",
                                       "reform_value", "difference"};
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
    if (by_year || i != 1) stp_csv_field(w, header[i]);
  stp_csv_endrow(w);
}

int stp_compare_write_difference(const char *dir, const char *const *names,
                                 const stp_compare *c, stp_error *err) {
  char path[1200];
  stp_csv_writer *w = NULL, *wy = NULL; /* the whole run's figures; those by calendar year */
  snprintf(path, sizeof path, "%s/difference.csv", dir);
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/difference_by_year.csv", dir);
    rc = stp_csv_writer_open(path, &wy, err);
  }
  if (rc != STP_OK) {
    if (w) stp_csv_writer_abort(w);
    return rc;
  }
  header_row(w, false);
  header_row(wy, true);
  const char *cf_cols[STP_TABLE_MAX_COLUMNS];
  stp_table_columns(STP_TABLE_CASHFLOW, cf_cols);
  stp_figures hb;
  stp_figures_of(&c->agg[0]->g[STP_GROUP_ALL], &hb);
  for (int k = 1; k < c->nscen; k++) {
    stp_figures hr;
    stp_figures_of(&c->agg[k]->g[STP_GROUP_ALL], &hr);
    for (int i = 0; i < STP_FIGURES; i++) {
      if (!stp_figure_in_summary(i)) continue;
      char bv[32], rv[32];
      diff_row(w, names[k], NULL, stp_figure_name(i),
               stp_figure_text(stp_figure_kind(i), &hb.f[i], bv, sizeof bv),
               stp_figure_text(stp_figure_kind(i), &hr.f[i], rv, sizeof rv));
    }
    /* Every year either scenario has a cashflow.csv row for; a missing row is all zeros. */
    for (int y = 0; y < STP_CF_YEARS; y++) {
      stp_money vb[STP_CASHFLOW_VALUES], vr[STP_CASHFLOW_VALUES];
      bool has_b = stp_cashflow_row(&c->agg[0]->cf, y, vb);
      bool has_r = stp_cashflow_row(&c->agg[k]->cf, y, vr);
      if (!has_b && !has_r) continue;
      char year[16];
      snprintf(year, sizeof year, "%d", STP_CF_FIRST + y);
      for (int i = 0; i < STP_CASHFLOW_VALUES; i++) {
        char bv[32], rv[32];
        diff_row(wy, names[k], year, cf_cols[2 + i], stp_money_format(vb[i], bv, sizeof bv),
                 stp_money_format(vr[i], rv, sizeof rv));
      }
    }
  }
  rc = stp_csv_writer_commit(w, err);
  if (rc != STP_OK) {
    stp_csv_writer_abort(wy);
    return rc;
  }
  return stp_csv_writer_commit(wy, err);
}

/* ---- the prepared scenarios compared ---- */

int stp_compare_prepared(stp_prepared *const *x, int n, int threads, bool progress,
                         stp_compare *out, stp_error *err) {
  stp_compare_scenario sc[STP_COMPARE_MAX_SCENARIOS];
  if (n < 1 || n > STP_COMPARE_MAX_SCENARIOS) {
    memset(out, 0, sizeof *out);
    return stp_fail(err, STP_EINVAL, "a comparison needs 1 to %d scenarios, not %d",
                    STP_COMPARE_MAX_SCENARIOS, n);
  }
  for (int k = 0; k < n; k++)
    sc[k] = (stp_compare_scenario){.ctx = &x[k]->ctx};
  const stp_scenario *b = &x[0]->sc;
  stp_compare_opts o = {.cohort = x[0]->model,
                        .size = b->size,
                        .entry_first = b->entry_first,
                        .entry_last = b->entry_last,
                        .seed = x[0]->ctx.seed,
                        .microdata = x[0]->microdata,
                        .population = x[0]->sample,
                        .book = x[0]->book_sample,
                        .threads = threads,
                        .progress = progress,
                        .value_rates = stp_budget_value_rates(b)};
  int rc = stp_compare_simulate(sc, n, &o, out, err);
  if (rc == STP_OK && out->invariant_failures > 0)
    rc = stp_fail(err, STP_ERANGE, "%ld %s broke an accounting identity (a bug)",
                  out->invariant_failures, n > 1 ? "student-scenarios" : "students");
  return rc;
}

/* ---- stipend compare ---- */

#define MAXS STP_COMPARE_MAX_SCENARIOS

/* Every scenario of a comparison lives on one cohort: the same students, drawn once. */
static int check_cohort(const char *bfile, const stp_scenario *b, const char *file,
                        const stp_scenario *s, stp_error *err) {
  const char *why = "every scenario of a comparison must share the cohort (size or population "
                    "and sample, seed, entry years, calibration, source)";
  char bv[640], sv[640];
  const char *key = NULL;
  if (s->source != b->source) {
    key = "[cohort] source";
    snprintf(sv, sizeof sv, "%s", s->source == STP_COHORT_MICRODATA ? "microdata" : "synthetic");
    snprintf(bv, sizeof bv, "%s", b->source == STP_COHORT_MICRODATA ? "microdata" : "synthetic");
  } else if (b->source == STP_COHORT_MICRODATA && strcmp(s->microdata, b->microdata) != 0) {
    key = "[cohort] microdata";
    snprintf(sv, sizeof sv, "%s", s->microdata);
    snprintf(bv, sizeof bv, "%s", b->microdata);
  } else if (s->population != b->population) {
    key = "[cohort] population";
    snprintf(sv, sizeof sv, "%s", s->population ? "norway" : "none");
    snprintf(bv, sizeof bv, "%s", b->population ? "norway" : "none");
  } else if (b->population && s->sample != b->sample) {
    key = "[cohort] sample";
    snprintf(sv, sizeof sv, "%g", s->sample);
    snprintf(bv, sizeof bv, "%g", b->sample);
  } else if (b->source == STP_COHORT_SYNTHETIC && s->size != b->size) {
    key = "[cohort] size";
    snprintf(sv, sizeof sv, "%ld students", s->size);
    snprintf(bv, sizeof bv, "%ld", b->size);
  } else if (s->seed != b->seed) {
    key = "[run] seed";
    snprintf(sv, sizeof sv, "%llu", (unsigned long long)s->seed);
    snprintf(bv, sizeof bv, "%llu", (unsigned long long)b->seed);
  } else if (s->entry_first != b->entry_first || s->entry_last != b->entry_last) {
    char a1[16], a2[16], b1[16], b2[16];
    key = "[run] entry_years";
    snprintf(sv, sizeof sv, "%s:%s", stp_scenario_year_name(s->entry_first, a1, sizeof a1),
             stp_scenario_year_name(s->entry_last, a2, sizeof a2));
    snprintf(bv, sizeof bv, "%s:%s", stp_scenario_year_name(b->entry_first, b1, sizeof b1),
             stp_scenario_year_name(b->entry_last, b2, sizeof b2));
  } else if (strcmp(s->calibration, b->calibration) != 0) {
    key = "[cohort] calibration";
    snprintf(sv, sizeof sv, "%s", s->calibration);
    snprintf(bv, sizeof bv, "%s", b->calibration);
  }
  if (!key) return STP_OK;
  return stp_fail(err, STP_EINVAL, "%s: %s: %s, but the baseline %s has %s: %s", file, key, sv,
                  bfile, bv, why);
}

static int check_job(const stp_compare_job *j, stp_error *err) {
  int rc = STP_OK;
  for (int k = 1; k < j->n && rc == STP_OK; k++)
    rc = check_cohort(j->files[0], &j->x[0]->sc, j->files[k], &j->x[k]->sc, err);
  for (int k = 0; k < j->n && rc == STP_OK; k++)
    for (int i = 0; i < k && rc == STP_OK; i++)
      if (strcmp(j->x[k]->sc.name, j->x[i]->sc.name) == 0)
        rc = stp_fail(err, STP_EINVAL,
                      "%s: [run] name: '%s' is also the name of %s: the scenarios of a "
                      "comparison need distinct names (give one with --set run.name=NAME)",
                      j->files[k], j->x[k]->sc.name, j->files[i]);
  return rc;
}

/* Basic support a month of full-time study in academic year y, to the øre. */
static stp_money support_month(const stp_params *p, int y) {
  const stp_year_params *yp = stp_params_year(p, y);
  return yp && yp->support_months > 0 ? stp_basic_monthly(yp) : 0;
}

static double grant_share(const stp_params *p, int y) {
  const stp_year_params *yp = stp_params_year(p, y);
  return yp ? yp->conversion_max_share : 0;
}

static int write_tables(const char *dir, stp_prepared *const *x, int n, const stp_compare *c,
                        stp_error *err) {
  static const struct {
    stp_table_kind kind;
    const char *file;
  } tables[] = {{STP_TABLE_SUMMARY, "summary.csv"},
                {STP_TABLE_GROUPS, "groups.csv"},
                {STP_TABLE_CASHFLOW, "cashflow.csv"},
                {STP_TABLE_DISTRIBUTION, "distribution.csv"}};
  char path[1200];
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    stp_table_writer *w;
    snprintf(path, sizeof path, "%s/%s", dir, tables[t].file);
    int rc = stp_table_open(path, tables[t].kind, &w, err);
    for (int k = 0; rc == STP_OK && k < n; k++) {
      stp_summary_meta meta = {.seed = x[k]->sc.seed, .horizon_year = STP_MAX_YEAR};
      rc = stp_table_add(w, x[k]->sc.name, c->agg[k], &meta, err);
    }
    if (rc == STP_OK) rc = stp_table_commit(w, err);
    else stp_table_abort(w);
    if (rc) return rc;
  }
  return STP_OK;
}

/* Each scenario's budget: its flows at its rates, in the baseline's pv_year kroner. */
static int budgets_of(const stp_compare *c, stp_prepared *const *x, int n,
                      const stp_budget_params *bp, int entry_years, stp_budget *const *budget,
                      stp_error *err) {
  for (int k = 0; k < n; k++) {
    if (!budget[k]) return stp_fail(err, STP_ENOMEM, "out of memory");
    stp_budget_rates r =
        stp_budget_rates_of(&x[k]->sc, bp->tax_rate, stp_scenario_pv_year(&x[0]->sc));
    stp_budget_compute(c->flows[k], &r, entry_years, budget[k]);
  }
  return STP_OK;
}

/* ---- replications of a comparison ----
   Replication 1 is the comparison whose files were written; replication k >= 2 runs every
   scenario again on the cohort of seed stp_replication_seed(seed, k). For each reform, every
   headline figure's difference from the baseline (and the difference in net cost to the state
   in present value) gets a mean and a 95 % t-interval over the replications (replicate.h). */

/* Reform minus baseline, figure by figure (empty if either is). */
static void headline_difference(const stp_agg *base, const stp_agg *reform, stp_figures *d) {
  stp_figures hb, hr;
  stp_figures_of(&base->g[STP_GROUP_ALL], &hb);
  stp_figures_of(&reform->g[STP_GROUP_ALL], &hr);
  for (int i = 0; i < STP_FIGURES; i++) {
    d->f[i].empty = hb.f[i].empty || hr.f[i].empty;
    d->f[i].exact = hr.f[i].exact - hb.f[i].exact;
    d->f[i].real = hr.f[i].real - hb.f[i].real;
  }
}

/* One row: money in NOK (values in øre), the rest in the figure's own unit. */
static void repl_row(stp_csv_writer *w, const char *reform, const char *measure,
                     stp_fig_kind kind, const stp_repl_summary *r) {
  double scale = kind == STP_FIG_MONEY ? 0.01 : 1.0;
  int dec = kind == STP_FIG_MONEY ? 2 : kind == STP_FIG_SHARE ? 6 : 3;
  stp_csv_field(w, reform);
  stp_csv_field(w, measure);
  stp_csv_int(w, r->n);
  const double v[] = {r->mean, r->sd, r->lo, r->hi, r->min, r->max};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    if (r->n == 0 || isnan(v[i])) stp_csv_field(w, "");
    else stp_csv_real(w, v[i] * scale, dec);
  }
  stp_csv_endrow(w);
}

typedef struct repl_state {
  stp_repl_stats *fig[MAXS];                     /* per reform: headline differences */
  stp_repl_acc pv[MAXS];                         /* per reform: difference in net cost, PV, øre */
  stp_repl_acc ev[MAXS][STP_EVIDENCE_MEASURES];  /* per reform: each evidence.csv change */
  int nev;
} repl_state;

/* One comparison's differences; e is the first comparison's evidence, whose figures are
   taken again on this comparison's totals, budgets and gains. */
static void repl_add(repl_state *st, int n, const stp_compare *c, stp_budget *const *budget,
                     const stp_evidence *e) {
  stp_evidence er = *e;
  er.cmp = c;
  for (int k = 0; k < n; k++) {
    er.sc[k].agg = c->agg[k];
    er.sc[k].budget = budget[k];
  }
  for (int k = 1; k < n; k++) {
    stp_figures d;
    headline_difference(c->agg[0], c->agg[k], &d);
    stp_repl_add(st->fig[k], &d);
    stp_repl_acc_add(&st->pv[k],
                     (double)(budget[k]->pv[STP_BI_NET_COST] - budget[0]->pv[STP_BI_NET_COST]),
                     NULL);
    double ch[STP_EVIDENCE_MEASURES];
    st->nev = stp_evidence_changes(&er, k, ch);
    for (int i = 0; i < st->nev; i++)
      if (!isnan(ch[i])) stp_repl_acc_add(&st->ev[k][i], ch[i], NULL);
  }
}

/* replications.csv, and each evidence figure's mean and interval into e. */
static int compare_replications(const stp_compare_job *j, const char *dir,
                                const stp_budget_params *bp, int entry_years,
                                stp_compare_results *res, stp_error *err) {
  stp_prepared *const *x = j->x;
  int n = j->n;
  stp_evidence *e = res->evidence;
  repl_state *st = calloc(1, sizeof *st);
  stp_budget *bud[MAXS] = {0};
  int rc = st ? STP_OK : stp_fail(err, STP_ENOMEM, "out of memory");
  for (int k = 1; k < n && rc == STP_OK; k++)
    if (!(st->fig[k] = stp_repl_alloc())) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  for (int k = 0; k < n && rc == STP_OK; k++)
    if (!(bud[k] = malloc(sizeof *bud[k]))) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) repl_add(st, n, &res->cmp, res->budget, e);
  uint64_t seed = x[0]->sc.seed;
  for (long r = 2; r <= res->replications && rc == STP_OK; r++) {
    for (int k = 0; k < n; k++) x[k]->ctx.seed = stp_replication_seed(seed, (int)r);
    stp_compare c;
    rc = stp_compare_prepared(x, n, j->threads, j->progress, &c, err);
    if (rc == STP_OK) rc = budgets_of(&c, x, n, bp, entry_years, bud, err);
    if (rc == STP_OK) repl_add(st, n, &c, bud, e);
    stp_compare_free(&c);
  }
  char path[1200];
  snprintf(path, sizeof path, "%s/replications.csv", dir);
  stp_csv_writer *w = NULL;
  if (rc == STP_OK && (rc = stp_csv_writer_open(path, &w, err)) == STP_OK) {
    const char *h[] = {"reform", "measure", "replications", "mean", "sd", "ci95_low",
                       "ci95_high", "min", "max"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
    for (int k = 1; k < n; k++) {
      stp_repl_summary s;
      stp_repl_acc_get(&st->pv[k], STP_FIG_MONEY, &s);
      repl_row(w, x[k]->sc.name, "net_cost_pv_nok", STP_FIG_MONEY, &s);
      for (int i = 0; i < STP_FIGURES; i++) {
        stp_repl_get(st->fig[k], i, &s);
        repl_row(w, x[k]->sc.name, stp_figure_name(i), stp_figure_kind(i), &s);
      }
    }
    rc = stp_csv_writer_commit(w, err);
  }
  if (rc == STP_OK) {
    e->replications = (int)res->replications;
    for (int k = 1; k < n; k++)
      for (int i = 0; i < st->nev; i++) {
        stp_repl_summary s;
        stp_repl_acc_get(&st->ev[k][i], STP_FIG_SHARE, &s);
        e->mean[k][i] = s.n < 2 ? NAN : s.mean;
        e->lo[k][i] = s.lo;
        e->hi[k][i] = s.hi;
      }
  }
  for (int k = 0; k < n; k++) {
    if (st) stp_repl_free(st->fig[k]);
    free(bud[k]);
  }
  free(st);
  return rc;
}

/* The evidence of the first comparison (without the replications' intervals). */
static void evidence_of(const stp_compare_job *j, stp_compare_results *r,
                        const stp_budget_params *bp, int entry_first, int entry_last) {
  stp_prepared *const *x = j->x;
  const stp_scenario *b = &x[0]->sc;
  stp_evidence *e = r->evidence;
  *e = (stp_evidence){.version = r->version,
                      .command = j->command,
                      .datasets = j->datasets ? j->datasets : "datasets",
                      .calibration = b->calibration,
                      .microdata = x[0]->microdata,
                      .seed = b->seed,
                      .students = (long)r->cmp.agg[0]->g[STP_GROUP_ALL].students,
                      .sample = b->population ? b->sample : 0,
                      .simulated = r->cmp.students,
                      .book_borrowers =
                          x[0]->book_sample ? (long)stp_book_sample_national(x[0]->book_sample)
                                            : 0,
                      .book_simulated = r->cmp.book_loans,
                      .book_pipeline =
                          x[0]->book_sample ? (long)stp_book_sample_pipeline(x[0]->book_sample)
                                            : 0,
                      .entry_first = entry_first,
                      .entry_last = entry_last,
                      .tax_rate = bp->tax_rate,
                      .nscen = j->n,
                      .cmp = &r->cmp};
  for (int k = 0; k < j->n; k++) {
    e->sc[k] = (stp_evidence_scenario){.name = x[k]->sc.name,
                                       .file = j->files[k],
                                       .description = x[k]->sc.description,
                                       .base_year = x[k]->sc.base_year,
                                       .noverrides = x[k]->sc.noverrides,
                                       .overrides = x[k]->sc.overrides,
                                       .agg = r->cmp.agg[k],
                                       .budget = r->budget[k]};
    int y = x[k]->sc.base_year;
    e->support[k] = (stp_evidence_support){.year = y,
                                           .base_month = support_month(x[0]->p, y),
                                           .reform_month = support_month(x[k]->p, y),
                                           .base_grant_share = grant_share(x[0]->p, y),
                                           .reform_grant_share = grant_share(x[k]->p, y)};
  }
}

/* about.csv and parameters.csv for the report. */
static int about_write(const stp_compare_job *j, const char *dir, const stp_compare_results *r,
                       stp_error *err) {
  const stp_scenario *b = &j->x[0]->sc;
  const stp_evidence *e = r->evidence;
  char cohort[1200];
  if (e->microdata) snprintf(cohort, sizeof cohort, "the microdata file %s", e->microdata);
  else
    snprintf(cohort, sizeof cohort, "synthetic, drawn from %s/cohort/%s/",
             j->datasets && *j->datasets ? j->datasets : "datasets", b->calibration);
  /* the population mode: the figures are Norway's (the national count the weights add up
     to), the simulated students a sample of it at the scenario's share */
  stp_report_about about = {.kind = "compare", .version = r->version, .command = j->command,
                            .cohort = cohort,
                            .population = b->population ? "norway" : "simulated",
                            .seed = b->seed, .students = r->cmp.students,
                            .population_students = b->population ? (long long)e->students : 0,
                            .sample_share = b->population ? b->sample : 0,
                            .entry_first = e->entry_first, .entry_last = e->entry_last,
                            .replications = (int)r->replications};
  stp_report_scenario rs[MAXS];
  for (int k = 0; k < j->n; k++)
    rs[k] = (stp_report_scenario){.name = j->x[k]->sc.name, .file = j->files[k],
                                  .sc = &j->x[k]->sc, .params = j->x[k]->p};
  return stp_report_about_write(dir, &about, rs, j->n, err);
}

/* Every file of the comparison into dir (the staging folder). */
static int compare_files(const stp_compare_job *j, const char *dir, const stp_budget_params *bp,
                         stp_compare_results *r, stp_error *err) {
  stp_prepared *const *x = j->x;
  const char *names[MAXS];
  for (int k = 0; k < j->n; k++) names[k] = x[k]->sc.name;
  /* Synthetic students enter in the scenario's years; microdata in the file's. */
  const stp_scenario *b = &x[0]->sc;
  int entry_first = x[0]->microdata ? r->cmp.entry_first : b->entry_first;
  int entry_last = x[0]->microdata ? r->cmp.entry_last : b->entry_last;
  int entry_years = entry_last - entry_first + 1;
  int rc = write_tables(dir, x, j->n, &r->cmp, err);
  char path[1200];
  if (rc == STP_OK) rc = stp_compare_write_difference(dir, names, &r->cmp, err);
  snprintf(path, sizeof path, "%s/winners.csv", dir);
  if (rc == STP_OK) rc = stp_compare_write_winners(path, names, &r->cmp, err);
  for (int k = 0; k < j->n && rc == STP_OK; k++) r->budget[k] = malloc(sizeof *r->budget[k]);
  if (rc == STP_OK) rc = budgets_of(&r->cmp, x, j->n, bp, entry_years, r->budget, err);
  /* the students the totals are of: the national count in the population mode */
  const int64_t national = r->cmp.agg[0]->g[STP_GROUP_ALL].students;
  stp_budget_writer *bw = NULL;
  if (rc == STP_OK) rc = stp_budget_writer_open(dir, bp, &bw, err);
  for (int k = 0; k < j->n && rc == STP_OK; k++)
    rc = stp_budget_writer_add(bw, names[k], r->budget[k], x[k]->sc.base_year, national, err);
  if (rc == STP_OK) rc = stp_budget_writer_commit(bw, err);
  else if (bw) stp_budget_writer_abort(bw);
  if (rc != STP_OK) return rc;
  evidence_of(j, r, bp, entry_first, entry_last);
  if (r->replications > 1) rc = compare_replications(j, dir, bp, entry_years, r, err);
  if (rc == STP_OK) rc = stp_evidence_write(dir, r->evidence, err);
  if (rc == STP_OK) rc = about_write(j, dir, r, err);
  if (rc == STP_OK && j->report) rc = stp_report_write(dir, j->lang, err);
  return rc;
}

int stp_compare_run(const stp_compare_job *j, stp_compare_results *r, stp_error *err) {
  memset(r, 0, sizeof *r);
  if (j->n < 1 || j->n > MAXS)
    return stp_fail(err, STP_EINVAL, "at most %d scenarios (a baseline and %d reforms)", MAXS,
                    MAXS - 1);
  const stp_scenario *b = &j->x[0]->sc;
  r->replications = j->replications > 0 ? j->replications : b->replications;
  snprintf(r->version, sizeof r->version, "stipend %s", STP_VERSION);
  r->out = j->out;
  if (!r->out) {
    snprintf(r->out_buf, sizeof r->out_buf, "results/compare-%s", b->name);
    r->out = r->out_buf;
  }
  stp_budget_params bp;
  int rc = check_job(j, err);
  if (rc == STP_OK) rc = stp_budget_params_load(j->x[0]->datasets, &bp, err);
  if (rc != STP_OK) return rc;
  if (!(r->evidence = calloc(1, sizeof *r->evidence)))
    return stp_fail(err, STP_ENOMEM, "out of memory");
  /* Every file into a staging folder, made current at out in one step at the end. */
  stp_resultset *set;
  rc = stp_resultset_begin(r->out, STP_RESULT_FOLDER, j->out_flags, "compare", &set, err);
  if (rc != STP_OK) return rc;
  rc = stp_compare_prepared(j->x, j->n, j->threads, j->progress, &r->cmp, err);
  if (rc == STP_OK) rc = compare_files(j, stp_resultset_staging(set), &bp, r, err);
  if (rc == STP_OK) return stp_resultset_commit(set, err);
  stp_resultset_abort(set);
  return rc;
}

void stp_compare_results_free(stp_compare_results *r) {
  stp_compare_free(&r->cmp);
  for (int k = 0; k < MAXS; k++) {
    free(r->budget[k]);
    r->budget[k] = NULL;
  }
  free(r->evidence);
  r->evidence = NULL;
}
