/* compare.c: a comparison as a visitor of the driver (run.h): every student lives through
   every scenario on the thread that drew her, into that thread's accumulators (totals,
   budget flows, gains), which are merged by exact integer addition at the end. No array of
   all students or of their values is kept.

   Each student's value is computed from her own cash flows in floating point and rounded to
   the øre on the thread that ran her; the same operations in the same order give the same
   øre on any thread, so the integer sums do not depend on the number of threads. */
#include "analytics/compare.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "figures.h"
#include "output.h"
#include "microdata.h"
#include "population.h"
#include "progress.h"
#include "rng.h"
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
  if (s->entry_year < t->entry_first) t->entry_first = s->entry_year;
  if (s->entry_year > t->entry_last) t->entry_last = s->entry_year;
  for (int k = 0; k < d->nscen; k++) {
    clear_flows(&t->cf, from);
    stp_lifecycle(d->sc[k].ctx, s, r, &out[k], &t->cf);
    if (!stp_outcome_check(&out[k])) bad++;
    stp_agg_add_weighted(t->agg[k], &out[k], w);
    stp_budget_add_student(t->flows[k], s, &out[k], &t->cf, d->sc[k].recovery_share, w);
    value[k] = stp_student_value(s, &out[k], &t->cf, d->discount);
  }
  for (int k = 1; k < d->nscen; k++)
    stp_gain_add_weighted(t->gain[k], &out[0], value[k] - value[0], w);
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
  if (a->entry_first < out->entry_first) out->entry_first = a->entry_first;
  if (a->entry_last > out->entry_last) out->entry_last = a->entry_last;
  for (int k = 0; k < d->nscen; k++) {
    stp_agg_merge(out->agg[k], a->agg[k]);
    stp_budget_flows_merge(out->flows[k], a->flows[k]);
    for (int g = 0; g < STP_NGROUPS; g++) gain_merge(&out->gain[k][g], &a->gain[k][g]);
  }
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

int stp_compare_run(const stp_compare_scenario *sc, int nscen, const stp_compare_opts *o,
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
  stp_run_opts ro = {.size = o->size, .scenarios = nscen, .entry_first = o->entry_first,
                     .entry_last = o->entry_last, .seed = o->seed, .threads = o->threads,
                     .progress = o->progress, .microdata = o->microdata, .simulate = true,
                     .population = o->population,
                     .local = true /* each rank all students: the gains are not summed */};
  stp_run_stats st = {0};
  int rc = stp_drive(o->cohort, &ro, &v, NULL, &st, err);
  if (rc != STP_OK) return rc;
  for (int k = 0; k < nscen; k++) out->agg[k]->cf = out->flows[k]->cf;
  /* Norway's degree students abroad: counted beside the sample, under each scenario's rules
     (abroad.h); not in cf, which holds the simulated students. */
  if (o->population)
    for (int k = 0; k < nscen; k++)
      stp_abroad_flows(stp_pop_sample_abroad(o->population), sc[k].ctx->p,
                       out->flows[k]->abroad_loans, out->flows[k]->abroad_convertible,
                       out->flows[k]->abroad_grants);
  out->students = st.students;
  out->invariant_failures = st.invariant_failures;
  if (out->entry_last < 0) out->entry_first = out->entry_last = o->entry_first;
  out->seconds = st.seconds;
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
