/* test_aggregate.c: accumulators (sums, groups, exact merging in any order), the histogram
   quantiles, and the summary, groups and cash-flow writers read back through csvio. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate.h"
#include "csvio.h"
#include "output.h"

/* ---- building outcomes by hand ---- */

static stp_outcome student(int level, int category, int non_eea, int at_home, int decile) {
  return (stp_outcome){.level = (uint8_t)level, .category = (uint8_t)category,
                       .non_eea = (uint8_t)non_eea, .at_home = (uint8_t)at_home,
                       .earnings_decile = (uint8_t)decile, .supported = true,
                       .means_tested = true, .means_reduced = true, .completed = true,
                       .study_years = 3, .end_study_year = 2027,
                       .paid_out = 38597713,      /* 385 977.13 */
                       .grant = 15439085,         /* 154 390.85 */
                       .loan = 23158628,          /* 231 586.28 */
                       .tuition = 1,              /* 0.01 */
                       .semester_fees = 493299,   /* 4 932.99 */
                       .debt_end_study = 23158628,
                       .interest = 9876543,
                       .relief = 12347,
                       .repaid = 33022824,
                       .written_off = 0,
                       .defaulted = 0,
                       .outstanding = 0,
                       .repay_months = 239,
                       .deferred_first_year = true,
                       .end = STP_END_REPAID};
}

/* A deterministic stream of varied outcomes touching every field (xorshift). */
static uint64_t rng_state;
static uint64_t next_u64(void) {
  uint64_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return rng_state = x;
}
static int64_t below(int64_t n) { return (int64_t)(next_u64() % (uint64_t)n); }

static stp_outcome random_outcome(void) {
  stp_outcome o = student((int)below(4), (int)below(6), (int)below(2), (int)below(2),
                          (int)below(10));
  o.supported = below(10) != 0;
  o.means_tested = below(3) != 0;
  o.means_reduced = o.means_tested && below(4) == 0;
  o.means_loan_only = o.means_tested && !o.means_reduced && below(9) == 0;
  o.completed = below(5) != 0;
  o.paid_out = below(STP_NOK(900000)) + 1;
  o.grant = below(o.paid_out);
  o.loan = o.paid_out - o.grant;
  o.tuition = below(7) == 0 ? below(STP_NOK(1200000)) : 0;
  o.semester_fees = below(STP_NOK(9000));
  /* some without debt, most with, a few above the open bin's start */
  int64_t kind = below(20);
  o.debt_end_study = kind == 0 ? 0 : kind == 1 ? STP_NOK(5000000) + below(STP_NOK(900000))
                                               : o.loan;
  o.interest = below(STP_NOK(300000));
  o.relief = below(STP_NOK(20000));
  o.repaid = below(STP_NOK(700000));
  o.written_off = below(6) == 0 ? below(STP_NOK(200000)) : 0;
  o.defaulted = below(11) == 0 ? below(STP_NOK(150000)) : 0;
  o.outstanding = below(4) == 0 ? below(STP_NOK(400000)) : 0;
  o.deferred_first_year = below(8) == 0;
  o.end = (stp_end)below(STP_END_OPEN + 1);
  o.repay_months = o.end == STP_END_REPAID ? (int)(below(50) == 0 ? 1200 + below(30) : below(400))
                                           : -1;
  return o;
}

static void random_cashflow(stp_cashflow *cf) {
  int y = (int)below(STP_CF_YEARS);
  cf->paid_out[y] += below(STP_NOK(100000));
  cf->converted[y] += below(STP_NOK(40000));
  cf->interest[y] += below(STP_NOK(9000));
  cf->repaid[y] += below(STP_NOK(20000));
  cf->written_off[y] += below(3);
  cf->relief[y] += below(STP_NOK(300));
  cf->tuition[y] += below(STP_NOK(5000));
  cf->outstanding[y] += below(STP_NOK(500000));
}

/* ---- groups ---- */

static void test_group_names(void **state) {
  (void)state;
  assert_string_equal(stp_group_dimension(STP_GROUP_ALL), "all");
  assert_string_equal(stp_group_name(STP_GROUP_ALL), "all");
  assert_string_equal(stp_group_dimension(STP_GROUP_LEVEL0), "level");
  assert_string_equal(stp_group_name(STP_GROUP_LEVEL0), "bachelor");
  assert_string_equal(stp_group_name(STP_GROUP_LEVEL0 + 3), "oneyear");
  assert_string_equal(stp_group_dimension(STP_GROUP_CAT0 + 5), "category");
  assert_string_equal(stp_group_name(STP_GROUP_CAT0 + 5), "F");
  assert_string_equal(stp_group_dimension(STP_GROUP_CIT0 + 1), "citizenship");
  assert_string_equal(stp_group_name(STP_GROUP_CIT0 + 1), "non-eea");
  assert_string_equal(stp_group_dimension(STP_GROUP_HOME0), "home");
  assert_string_equal(stp_group_name(STP_GROUP_HOME0), "away");
  assert_string_equal(stp_group_name(STP_GROUP_HOME0 + 1), "at-home");
  assert_string_equal(stp_group_dimension(STP_GROUP_DEC0 + 9), "earnings_decile");
  assert_string_equal(stp_group_name(STP_GROUP_DEC0), "1");
  assert_string_equal(stp_group_name(STP_GROUP_DEC0 + 9), "10");
  assert_null(stp_group_name(STP_NGROUPS));
  assert_null(stp_group_name(-1));
  assert_null(stp_group_dimension(STP_NGROUPS));
  /* every (dimension, group) pair is distinct */
  for (int i = 0; i < STP_NGROUPS; i++)
    for (int j = 0; j < i; j++)
      assert_false(strcmp(stp_group_dimension(i), stp_group_dimension(j)) == 0 &&
                   strcmp(stp_group_name(i), stp_group_name(j)) == 0);
}

static void test_sums_and_groups(void **state) {
  (void)state;
  stp_agg *a = stp_agg_alloc();
  assert_non_null(a);
  /* bachelor, category C, non-EEA, at home, decile 7 (key 6) */
  stp_outcome s = student(0, 2, 1, 1, 6);
  stp_agg_add(a, &s);
  const int in[] = {STP_GROUP_ALL, STP_GROUP_LEVEL0 + 0, STP_GROUP_CAT0 + 2,
                    STP_GROUP_CIT0 + 1, STP_GROUP_HOME0 + 1, STP_GROUP_DEC0 + 6};
  for (int g = 0; g < STP_NGROUPS; g++) {
    bool member = false;
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) member |= in[k] == g;
    assert_int_equal(a->g[g].students, member ? 1 : 0);
    assert_int_equal(a->g[g].paid_out, member ? 38597713 : 0);
  }
  assert_string_equal(stp_group_name(STP_GROUP_DEC0 + 6), "7");
  assert_string_equal(stp_group_name(STP_GROUP_HOME0 + 1), "at-home");

  /* two more: a master5 EEA student living away, decile 1, without debt; and one that
     defaulted */
  stp_outcome t = student(2, 5, 0, 0, 0);
  t.debt_end_study = 0;
  t.loan = 0;
  t.grant = t.paid_out;
  t.repaid = 0;
  t.repay_months = -1;
  t.deferred_first_year = false;
  t.end = STP_END_NO_DEBT;
  t.means_reduced = false;
  t.means_loan_only = true;
  stp_agg_add(a, &t);
  stp_outcome u = student(0, 2, 1, 0, 6);
  u.end = STP_END_DEFAULT;
  u.repay_months = -1;
  u.defaulted = 11111111;
  u.written_off = 2222222;
  u.outstanding = 7;
  u.completed = false;
  stp_agg_add(a, &u);

  const stp_group_acc *all = &a->g[STP_GROUP_ALL];
  assert_int_equal(all->students, 3);
  assert_int_equal(all->supported, 3);
  assert_int_equal(all->borrowers, 2);
  assert_int_equal(all->means_tested, 3);
  assert_int_equal(all->means_reduced, 2);
  assert_int_equal(all->means_loan_only, 1);
  assert_int_equal(all->completed, 2);
  assert_int_equal(all->repaid_full, 1);
  assert_int_equal(all->repay_count, 1);
  assert_int_equal(all->repay_months_sum, 239);
  assert_int_equal(all->repay_months_max, 239);
  assert_int_equal(all->deferred_first_year, 2);
  assert_int_equal(all->ended[STP_END_REPAID], 1);
  assert_int_equal(all->ended[STP_END_NO_DEBT], 1);
  assert_int_equal(all->ended[STP_END_DEFAULT], 1);
  assert_int_equal(all->paid_out, 3 * 38597713LL);
  assert_int_equal(all->grant, 2 * 15439085LL + 38597713LL);
  assert_int_equal(all->loan, 2 * 23158628LL);
  assert_int_equal(all->debt_end_study, 2 * 23158628LL);
  assert_int_equal(all->debt_max, 23158628LL);
  assert_int_equal(all->interest, 3 * 9876543LL);
  assert_int_equal(all->relief, 3 * 12347LL);
  assert_int_equal(all->repaid, 2 * 33022824LL);
  assert_int_equal(all->written_off, 2222222);
  assert_int_equal(all->defaulted, 11111111);
  assert_int_equal(all->outstanding, 7);
  assert_int_equal(all->tuition, 3);
  assert_int_equal(all->semester_fees, 3 * 493299LL);
  assert_int_equal(all->debt_hist[23158628 / STP_DEBT_BIN_WIDTH], 2); /* NOK 231 500-232 000 */
  assert_int_equal(all->repay_hist[239], 1);
  assert_int_equal(a->invalid_keys, 0);

  /* each dimension partitions ALL */
  const int first[] = {STP_GROUP_LEVEL0, STP_GROUP_CAT0, STP_GROUP_CIT0, STP_GROUP_HOME0,
                       STP_GROUP_DEC0, STP_NGROUPS};
  for (int d = 0; d < 5; d++) {
    int64_t n = 0, debt = 0, fees = 0;
    for (int g = first[d]; g < first[d + 1]; g++) {
      assert_string_equal(stp_group_dimension(g), stp_group_dimension(first[d]));
      n += a->g[g].students;
      debt += a->g[g].debt_end_study;
      fees += a->g[g].semester_fees;
    }
    assert_int_equal(n, all->students);
    assert_int_equal(debt, all->debt_end_study);
    assert_int_equal(fees, all->semester_fees);
  }
  assert_int_equal(a->g[STP_GROUP_LEVEL0 + 0].students, 2);
  assert_int_equal(a->g[STP_GROUP_LEVEL0 + 2].students, 1);
  assert_int_equal(a->g[STP_GROUP_CIT0 + 1].defaulted, 11111111);
  assert_int_equal(a->g[STP_GROUP_HOME0 + 0].students, 2);

  /* a key out of range: counted in ALL and the valid dimensions, and flagged */
  stp_outcome bad = student(9, 2, 0, 0, 10);
  stp_agg_add(a, &bad);
  assert_int_equal(a->invalid_keys, 1);
  assert_int_equal(all->students, 4);
  int64_t levels = 0, decs = 0;
  for (int g = STP_GROUP_LEVEL0; g < STP_GROUP_CAT0; g++) levels += a->g[g].students;
  for (int g = STP_GROUP_DEC0; g < STP_NGROUPS; g++) decs += a->g[g].students;
  assert_int_equal(levels, 3);
  assert_int_equal(decs, 3);
  assert_int_equal(a->g[STP_GROUP_CAT0 + 2].students, 3);

  stp_agg_reset(a);
  assert_int_equal(a->g[STP_GROUP_ALL].students, 0);
  assert_int_equal(a->invalid_keys, 0);
  stp_agg_free(a);
}

/* ---- merging ---- */

#define NPARTS 3
#define NSTUDENTS 6000

/* Fill parts[i] with every NPARTS-th student and `whole` with all of them. */
static void fill(stp_agg *parts[NPARTS], stp_agg *whole) {
  rng_state = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < NSTUDENTS; i++) {
    stp_outcome o = random_outcome();
    stp_agg_add(parts[i % NPARTS], &o);
    stp_agg_add(whole, &o);
    uint64_t saved = rng_state;
    random_cashflow(&parts[i % NPARTS]->cf);
    rng_state = saved;
    random_cashflow(&whole->cf);
  }
  /* one invalid key, to see that its count merges too */
  stp_outcome bad = student(1, 7, 0, 0, 3);
  stp_agg_add(parts[1], &bad);
  stp_agg_add(whole, &bad);
}

static void test_merge_equals_single(void **state) {
  (void)state;
  stp_agg *parts[NPARTS], *whole = stp_agg_alloc(), *m = stp_agg_alloc();
  assert_non_null(whole);
  assert_non_null(m);
  for (int i = 0; i < NPARTS; i++) assert_non_null(parts[i] = stp_agg_alloc());
  fill(parts, whole);
  /* the data touch the open bins and every end state */
  assert_true(whole->g[STP_GROUP_ALL].debt_hist[STP_DEBT_OPEN_BIN] > 0);
  assert_true(whole->g[STP_GROUP_ALL].repay_hist[STP_REPAY_OPEN_BIN] > 0);
  for (int e = 0; e <= STP_END_OPEN; e++) assert_true(whole->g[STP_GROUP_ALL].ended[e] > 0);
  assert_int_equal(whole->g[STP_GROUP_ALL].students, NSTUDENTS + 1);

  for (int i = 0; i < NPARTS; i++) stp_agg_merge(m, parts[i]);
  assert_memory_equal(m, whole, sizeof *m);

  /* merging into a non-empty accumulator: parts[2] += parts[0] + parts[1] */
  stp_agg_merge(parts[2], parts[0]);
  stp_agg_merge(parts[2], parts[1]);
  assert_memory_equal(parts[2], whole, sizeof *m);
  for (int i = 0; i < NPARTS; i++) stp_agg_free(parts[i]);
  stp_agg_free(whole);
  stp_agg_free(m);
}

static void test_merge_order(void **state) {
  (void)state;
  stp_agg *parts[NPARTS], *whole = stp_agg_alloc();
  for (int i = 0; i < NPARTS; i++) assert_non_null(parts[i] = stp_agg_alloc());
  fill(parts, whole);
  /* every order of three merges, and a tree (0 + (1 + 2)) */
  const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int k = 0; k < 6; k++) {
    stp_agg *m = stp_agg_alloc();
    for (int i = 0; i < 3; i++) stp_agg_merge(m, parts[orders[k][i]]);
    assert_memory_equal(m, whole, sizeof *m);
    stp_agg_free(m);
  }
  stp_agg *left = stp_agg_alloc(), *right = stp_agg_alloc();
  stp_agg_merge(right, parts[2]);
  stp_agg_merge(right, parts[1]);
  stp_agg_merge(left, parts[0]);
  stp_agg_merge(left, right);
  assert_memory_equal(left, whole, sizeof *left);
  /* merging an empty accumulator changes nothing */
  stp_agg *empty = stp_agg_alloc();
  stp_agg_merge(left, empty);
  assert_memory_equal(left, whole, sizeof *left);
  stp_agg_free(empty);
  stp_agg_free(left);
  stp_agg_free(right);
  for (int i = 0; i < NPARTS; i++) stp_agg_free(parts[i]);
  stp_agg_free(whole);
}

/* ---- quantiles ---- */

static stp_group_acc *acc_of(stp_agg *a) { return &a->g[STP_GROUP_ALL]; }

static void test_debt_quantiles_known(void **state) {
  (void)state;
  stp_agg *a = stp_agg_alloc();
  /* debts NOK 1 000, 2 000, ..., 1 000 000, and 37 students without debt (not counted) */
  for (int k = 1000; k >= 1; k--) {
    stp_outcome o = student(k % 4, k % 6, k % 2, 0, k % 10);
    o.debt_end_study = STP_NOK(1000) * k;
    stp_agg_add(a, &o);
  }
  for (int k = 0; k < 37; k++) {
    stp_outcome o = student(1, 1, 0, 1, 1);
    o.debt_end_study = 0;
    stp_agg_add(a, &o);
  }
  const stp_group_acc *g = acc_of(a);
  assert_int_equal(g->borrowers, 1000);
  /* exact median 500 500 (between 500 000 and 501 000); within a bin (NOK 500) */
  stp_money p50 = stp_agg_debt_quantile(g, 0.5);
  assert_true(llabs(p50 - STP_NOK(500500)) <= STP_NOK(500));
  assert_int_equal(p50, STP_NOK(500500)); /* 500 000 + a full NOK 500 bin of one */
  /* each quantile within NOK 500 of the sample quantile x(ceil(q n)) = 1000 ceil(1000 q) */
  const double qs[] = {0.0, 0.001, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.999, 1.0};
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    double k = ceil(qs[i] * 1000);
    if (k < 1) k = 1;
    stp_money truth = STP_NOK(1000) * (stp_money)k;
    stp_money est = stp_agg_debt_quantile(g, qs[i]);
    assert_true(llabs(est - truth) <= STP_NOK(500));
  }
  assert_int_equal(stp_agg_debt_quantile(g, 0.0), STP_NOK(1000));      /* lower edge */
  assert_int_equal(stp_agg_debt_quantile(g, 1.0), STP_NOK(1000500));   /* upper edge */
  assert_int_equal(stp_agg_debt_quantile(g, -3.0), STP_NOK(1000));     /* clamped */
  assert_int_equal(stp_agg_debt_quantile(g, 7.0), STP_NOK(1000500));
  assert_int_equal(stp_agg_debt_quantile(g, NAN), STP_NOK(1000));
  /* monotone in q */
  stp_money prev = 0;
  for (int i = 0; i <= 1000; i++) {
    stp_money v = stp_agg_debt_quantile(g, i / 1000.0);
    assert_true(v >= prev);
    prev = v;
  }
  /* a group without borrowers */
  assert_int_equal(stp_agg_debt_quantile(&a->g[STP_GROUP_HOME0 + 1], 0.5) , 0);
  assert_int_equal(a->g[STP_GROUP_HOME0 + 1].borrowers, 0);
  stp_agg_free(a);
}

static int cmp_money(const void *x, const void *y) {
  stp_money a = *(const stp_money *)x, b = *(const stp_money *)y;
  return (a > b) - (a < b);
}

static void test_debt_quantiles_random(void **state) {
  (void)state;
  enum { N = 4999 };
  stp_agg *a = stp_agg_alloc();
  stp_money *d = malloc(N * sizeof *d);
  rng_state = 0x2545f4914f6cdd1dULL;
  for (int i = 0; i < N; i++) {
    stp_outcome o = student(0, 0, 0, 0, 0);
    /* skewed, awkward øre, clustered around NOK 350 000 with a long tail */
    d[i] = o.debt_end_study = 1 + below(STP_NOK(350000)) + below(3) * below(STP_NOK(1500000));
    stp_agg_add(a, &o);
  }
  qsort(d, N, sizeof *d, cmp_money);
  for (int i = 1; i < 100; i++) {
    double q = i / 100.0;
    size_t k = (size_t)ceil(q * N);
    stp_money est = stp_agg_debt_quantile(acc_of(a), q);
    assert_true(llabs(est - d[k - 1]) <= STP_NOK(500));
  }
  free(d);
  stp_agg_free(a);
}

static void test_debt_quantile_open_bin(void **state) {
  (void)state;
  stp_agg *a = stp_agg_alloc();
  stp_outcome o = student(0, 0, 0, 0, 0);
  o.debt_end_study = STP_NOK(6000000);
  stp_agg_add(a, &o);
  o.debt_end_study = 800000001; /* NOK 8 000 000.01 */
  stp_agg_add(a, &o);
  const stp_group_acc *g = acc_of(a);
  assert_int_equal(g->debt_hist[STP_DEBT_OPEN_BIN], 2);
  assert_int_equal(stp_agg_debt_quantile(g, 0.0), STP_NOK(5000000));
  assert_int_equal(stp_agg_debt_quantile(g, 1.0), 800000001);
  stp_money mid = stp_agg_debt_quantile(g, 0.5);
  assert_true(mid > STP_NOK(5000000) && mid < 800000001);
  /* just below the open bin */
  stp_agg_reset(a);
  o.debt_end_study = STP_NOK(5000000) - 1;
  stp_agg_add(a, &o);
  assert_int_equal(acc_of(a)->debt_hist[STP_DEBT_OPEN_BIN - 1], 1);
  assert_int_equal(stp_agg_debt_quantile(acc_of(a), 1.0), STP_NOK(5000000));
  stp_agg_free(a);
}

static void test_repay_quantiles(void **state) {
  (void)state;
  stp_agg *a = stp_agg_alloc();
  const stp_group_acc *g = acc_of(a);
  assert_true(isnan(stp_agg_repay_years_quantile(g, 0.5)));
  stp_outcome o = student(0, 0, 0, 0, 0);
  for (int i = 0; i < 7; i++) {
    o.repay_months = 120;
    stp_agg_add(a, &o);
  }
  /* equal durations give that duration exactly */
  assert_true(fabs(stp_agg_repay_years_quantile(g, 0.5) - 10.0) < 1e-12);
  assert_true(fabs(stp_agg_repay_years_quantile(g, 0.1) - 10.0) < 1.0 / 24 + 1e-12);
  /* 1..240 months: within half a month of x(ceil(q n)) */
  stp_agg_reset(a);
  for (int m = 240; m >= 1; m--) {
    o.repay_months = m;
    stp_agg_add(a, &o);
  }
  o.repay_months = -1; /* not repaid: not counted */
  stp_agg_add(a, &o);
  assert_int_equal(g->repay_count, 240);
  for (int i = 1; i < 100; i++) {
    double q = i / 100.0, truth = ceil(q * 240) / 12.0;
    assert_true(fabs(stp_agg_repay_years_quantile(g, q) - truth) <= 0.5 / 12 + 1e-12);
  }
  /* repaid at once: never negative */
  stp_agg_reset(a);
  o.repay_months = 0;
  stp_agg_add(a, &o);
  assert_true(stp_agg_repay_years_quantile(g, 0.0) >= 0.0);
  assert_true(stp_agg_repay_years_quantile(g, 1.0) <= 0.5 / 12 + 1e-12);
  /* the open bin ends at the longest */
  stp_agg_reset(a);
  o.repay_months = 1300;
  stp_agg_add(a, &o);
  assert_true(fabs(stp_agg_repay_years_quantile(g, 1.0) - 1300.5 / 12) < 1e-9);
  stp_agg_free(a);
}

/* ---- writers ---- */

typedef struct table {
  int nrows;
  int nfields[64];
  char *cell[64][STP_CSV_MAX_FIELDS];
} table;

static int collect(void *ctx, int line, int nfields, char **fields, stp_error *err) {
  (void)line;
  (void)err;
  table *t = ctx;
  if (t->nrows >= 64) return STP_ERANGE;
  t->nfields[t->nrows] = nfields;
  for (int i = 0; i < nfields; i++) t->cell[t->nrows][i] = strdup(fields[i]);
  t->nrows++;
  return STP_OK;
}

static table *read_table(const char *path) {
  table *t = calloc(1, sizeof *t);
  stp_error err = {0};
  int rc = stp_csv_read_file(path, collect, t, &err);
  if (rc != STP_OK) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, STP_OK);
  return t;
}

static void free_table(table *t) {
  for (int r = 0; r < t->nrows; r++)
    for (int i = 0; i < t->nfields[r]; i++) free(t->cell[r][i]);
  free(t);
}

static int column(const table *t, const char *name) {
  for (int i = 0; i < t->nfields[0]; i++)
    if (strcmp(t->cell[0][i], name) == 0) return i;
  fail_msg("no column %s", name);
  return -1;
}

static const char *cell(const table *t, int row, const char *name) {
  return t->cell[row][column(t, name)];
}

static char dir[64];

static int make_dir(void **state) {
  (void)state;
  strcpy(dir, "/tmp/stp-agg-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
  (void)state;
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *e;
  char p[512];
  while ((e = readdir(d)))
    if (e->d_name[0] != '.') {
      snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
      remove(p);
    }
  closedir(d);
  rmdir(dir);
  return 0;
}

/* Entries in the test directory; fails on any leftover temporary file. */
static int count_entries(void) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    assert_null(strstr(e->d_name, ".tmp-"));
    n++;
  }
  closedir(d);
  return n;
}

static const char *path_in(const char *name) {
  static char p[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
  return p[k];
}

static const char *const expected_cashflow[] = {
    "scenario",    "year",       "paid_out_nok",    "converted_to_grant_nok",
    "interest_charged_nok", "repaid_nok", "written_off_nok", "interest_relief_nok",
    "tuition_revenue_nok", "outstanding_balance_nok"};
#define NCASHFLOW ((int)(sizeof expected_cashflow / sizeof expected_cashflow[0]))

/* Three students: two as in test_sums_and_groups, one that defaulted; cash flows in three
   years. */
static stp_agg *small_agg(void) {
  stp_agg *a = stp_agg_alloc();
  stp_outcome s = student(0, 2, 1, 1, 6);
  stp_agg_add(a, &s);
  s.debt_end_study = 10000001; /* NOK 100 000.01 */
  s.repay_months = 100;
  s.deferred_first_year = false;
  stp_agg_add(a, &s);
  s.end = STP_END_DEFAULT;
  s.repay_months = -1;
  s.completed = false;
  s.means_reduced = false;
  s.means_loan_only = true;
  stp_agg_add(a, &s);
  a->cf.paid_out[2020 - STP_CF_FIRST] = 12345678901;
  a->cf.converted[2021 - STP_CF_FIRST] = 1;
  a->cf.outstanding[2060 - STP_CF_FIRST] = -5; /* a credit balance, printed as it is */
  return a;
}

static void test_write_and_read_back(void **state) {
  (void)state;
  stp_agg *a = small_agg();
  stp_summary_meta meta = {.seed = 18446744073709551557ULL, .horizon_year = 2095};
  stp_error err = {0};
  /* the columns as the figure table gives them (test_figures checks them against
     docs/outputs.md) */
  const char *expected_summary[STP_TABLE_MAX_COLUMNS];
  const int NSUMMARY = stp_table_columns(STP_TABLE_SUMMARY, expected_summary);
  int before = count_entries();
  assert_int_equal(stp_write_summary(path_in("summary.csv"), "baseline", a, &meta, &err), STP_OK);
  assert_int_equal(stp_write_groups(path_in("groups.csv"), "baseline", a, &meta, &err), STP_OK);
  assert_int_equal(stp_write_cashflow(path_in("cashflow.csv"), "baseline", a, &err), STP_OK);
  assert_int_equal(count_entries(), before + 3);

  /* summary: header, one row */
  table *t = read_table(path_in("summary.csv"));
  assert_int_equal(t->nrows, 2);
  assert_int_equal(t->nfields[0], NSUMMARY);
  assert_int_equal(t->nfields[1], NSUMMARY);
  for (int i = 0; i < NSUMMARY; i++) assert_string_equal(t->cell[0][i], expected_summary[i]);
  assert_string_equal(cell(t, 1, "scenario"), "baseline");
  assert_string_equal(cell(t, 1, "seed"), "18446744073709551557");
  assert_string_equal(cell(t, 1, "horizon_year"), "2095");
  assert_string_equal(cell(t, 1, "students"), "3");
  assert_string_equal(cell(t, 1, "borrowers"), "3");
  assert_string_equal(cell(t, 1, "paid_out_nok"), "1157931.39");   /* 3 × 385 977.13 */
  assert_string_equal(cell(t, 1, "tuition_paid_nok"), "0.03");
  /* (231 586.28 + 2 × 100 000.01) / 3 = 143 862.10 exactly */
  assert_string_equal(cell(t, 1, "debt_end_study_mean_nok"), "143862.10");
  /* rank 0.3 of 3: 0.15 into the bin [100 000, 100 500) holding two; rank 2.7: 0.7 into
     [231 500, 232 000) holding one */
  assert_string_equal(cell(t, 1, "debt_end_study_p10_nok"), "100075.00");
  assert_string_equal(cell(t, 1, "debt_end_study_p90_nok"), "231850.00");
  assert_string_equal(cell(t, 1, "years_to_repay_mean_years"), "14.125"); /* 339 / 2 / 12 */
  assert_string_equal(cell(t, 1, "repaid_full_share"), "0.666667");
  assert_string_equal(cell(t, 1, "deferred_first_year_share"), "0.333333");
  assert_string_equal(cell(t, 1, "terminated_share"), "0.333333");
  assert_string_equal(cell(t, 1, "means_loan_only_share"), "0.333333");
  assert_string_equal(cell(t, 1, "completed_share"), "0.666667");
  assert_string_equal(cell(t, 1, "interest_charged_nok"), "296296.29");
  free_table(t);

  /* groups: header, one row per group, dimension and group first */
  t = read_table(path_in("groups.csv"));
  assert_int_equal(t->nrows, 1 + STP_NGROUPS);
  assert_string_equal(t->cell[0][0], "dimension");
  assert_string_equal(t->cell[0][1], "group");
  for (int i = 0; i < NSUMMARY; i++) assert_string_equal(t->cell[0][i + 2], expected_summary[i]);
  for (int g = 0; g < STP_NGROUPS; g++) {
    assert_int_equal(t->nfields[1 + g], NSUMMARY + 2);
    assert_string_equal(t->cell[1 + g][0], stp_group_dimension(g));
    assert_string_equal(t->cell[1 + g][1], stp_group_name(g));
  }
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 6, "paid_out_nok"), "1157931.39");
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 5, "paid_out_nok"), "0.00");
  /* an empty group: counts 0, shares and means left empty */
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 5, "students"), "0");
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 5, "completed_share"), "");
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 5, "debt_end_study_p50_nok"), "");
  assert_string_equal(cell(t, 1 + STP_GROUP_DEC0 + 5, "years_to_repay_mean_years"), "");
  free_table(t);

  /* cash flow: header, the three years with a non-zero amount */
  t = read_table(path_in("cashflow.csv"));
  assert_int_equal(t->nrows, 4);
  for (int i = 0; i < NCASHFLOW; i++) assert_string_equal(t->cell[0][i], expected_cashflow[i]);
  assert_string_equal(cell(t, 1, "year"), "2020");
  assert_string_equal(cell(t, 1, "paid_out_nok"), "123456789.01");
  assert_string_equal(cell(t, 1, "outstanding_balance_nok"), "0.00");
  assert_string_equal(cell(t, 2, "year"), "2021");
  assert_string_equal(cell(t, 2, "converted_to_grant_nok"), "0.01");
  assert_string_equal(cell(t, 3, "year"), "2060");
  assert_string_equal(cell(t, 3, "outstanding_balance_nok"), "-0.05");
  assert_string_equal(cell(t, 3, "scenario"), "baseline");
  free_table(t);
  count_entries();
  stp_agg_free(a);
}

static void test_several_scenarios(void **state) {
  (void)state;
  stp_agg *a = small_agg(), *b = stp_agg_alloc();
  stp_outcome o = student(3, 0, 0, 0, 9);
  o.paid_out = 1;
  stp_agg_add(b, &o);
  stp_summary_meta meta = {.seed = 42, .horizon_year = 2100};
  stp_error err = {0};
  const char *reform = "reform: free tuition, 2025";
  stp_table_writer *w;
  assert_int_equal(stp_table_open(path_in("compare.csv"), STP_TABLE_SUMMARY, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "baseline", a, &meta, &err), STP_OK);
  assert_int_equal(stp_table_add(w, reform, b, &meta, &err), STP_OK);
  /* a bad add writes nothing; the writer goes on */
  assert_int_equal(stp_table_add(w, "", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "no-meta", b, NULL, &err), STP_EINVAL);
  /* a name a spreadsheet would run as a formula, or not UTF-8, is never written (issue 14) */
  assert_int_equal(stp_table_add(w, "=1+2", b, &meta, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "starts with '='"));
  assert_int_equal(stp_table_add(w, "@SUM(A1)", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "=cmd|' /C calc'!A0", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "-2+3", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "+2", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "\tx", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "\rx", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_add(w, "bad\xff", b, &meta, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "not valid UTF-8"));
  assert_int_equal(stp_table_add(w, "say \"hi\"", b, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_table_commit(w, &err), STP_OK);
  table *t = read_table(path_in("compare.csv"));
  assert_int_equal(t->nrows, 3);
  assert_string_equal(cell(t, 1, "scenario"), "baseline");
  assert_string_equal(cell(t, 2, "scenario"), reform);
  assert_string_equal(cell(t, 2, "paid_out_nok"), "0.01");
  assert_string_equal(cell(t, 2, "seed"), "42");
  free_table(t);

  assert_int_equal(stp_table_open(path_in("cf2.csv"), STP_TABLE_CASHFLOW, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "baseline", a, NULL, &err), STP_OK);
  b->cf.repaid[2099 - STP_CF_FIRST] = 99;
  assert_int_equal(stp_table_add(w, "reform", b, NULL, &err), STP_OK);
  assert_int_equal(stp_table_commit(w, &err), STP_OK);
  t = read_table(path_in("cf2.csv"));
  assert_int_equal(t->nrows, 5);
  assert_string_equal(cell(t, 4, "scenario"), "reform");
  assert_string_equal(cell(t, 4, "year"), "2099");
  assert_string_equal(cell(t, 4, "repaid_nok"), "0.99");
  free_table(t);

  assert_int_equal(stp_table_open(path_in("g2.csv"), STP_TABLE_GROUPS, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "baseline", a, &meta, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "reform", b, &meta, &err), STP_OK);
  assert_int_equal(stp_table_commit(w, &err), STP_OK);
  t = read_table(path_in("g2.csv"));
  assert_int_equal(t->nrows, 1 + 2 * STP_NGROUPS);
  assert_string_equal(cell(t, 1 + STP_NGROUPS + STP_GROUP_LEVEL0 + 3, "group"), "oneyear");
  assert_string_equal(cell(t, 1 + STP_NGROUPS + STP_GROUP_LEVEL0 + 3, "students"), "1");
  free_table(t);

  /* an aborted table leaves nothing */
  int before = count_entries();
  assert_int_equal(stp_table_open(path_in("aborted.csv"), STP_TABLE_GROUPS, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "baseline", a, &meta, &err), STP_OK);
  stp_table_abort(w);
  assert_int_equal(count_entries(), before);
  stp_agg_free(a);
  stp_agg_free(b);
}

/* The same students split over threads give the same bytes. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *s = calloc(1, 1 << 20);
  size_t n = fread(s, 1, (1 << 20) - 1, f);
  s[n] = '\0';
  fclose(f);
  return s;
}

static void test_files_identical_after_merge(void **state) {
  (void)state;
  stp_agg *parts[NPARTS], *whole = stp_agg_alloc(), *m = stp_agg_alloc();
  for (int i = 0; i < NPARTS; i++) parts[i] = stp_agg_alloc();
  fill(parts, whole);
  for (int i = NPARTS - 1; i >= 0; i--) stp_agg_merge(m, parts[i]);
  stp_summary_meta meta = {.seed = 7, .horizon_year = 2110};
  stp_error err = {0};
  assert_int_equal(stp_write_groups(path_in("g-whole.csv"), "x", whole, &meta, &err), STP_OK);
  assert_int_equal(stp_write_groups(path_in("g-merged.csv"), "x", m, &meta, &err), STP_OK);
  assert_int_equal(stp_write_cashflow(path_in("c-whole.csv"), "x", whole, &err), STP_OK);
  assert_int_equal(stp_write_cashflow(path_in("c-merged.csv"), "x", m, &err), STP_OK);
  char *x = slurp(path_in("g-whole.csv")), *y = slurp(path_in("g-merged.csv"));
  assert_true(strlen(x) > 1000);
  assert_string_equal(x, y);
  free(x);
  free(y);
  x = slurp(path_in("c-whole.csv"));
  y = slurp(path_in("c-merged.csv"));
  assert_string_equal(x, y);
  free(x);
  free(y);
  /* plain numbers: no thousands separators, no quotes, no comment lines */
  x = slurp(path_in("g-whole.csv"));
  assert_null(strchr(x, '"'));
  assert_null(strchr(x, '#'));
  assert_null(strchr(x, ' '));
  free(x);
  for (int i = 0; i < NPARTS; i++) stp_agg_free(parts[i]);
  stp_agg_free(whole);
  stp_agg_free(m);
}

static void test_write_failures(void **state) {
  (void)state;
  stp_agg *a = small_agg();
  stp_summary_meta meta = {.seed = 1, .horizon_year = 2090};
  stp_error err = {0};
  int before = count_entries();
  /* a directory that does not exist */
  const char *missing = path_in("no-such-dir/summary.csv");
  assert_int_equal(stp_write_summary(missing, "baseline", a, &meta, &err), STP_EIO);
  assert_int_equal(err.code, STP_EIO);
  assert_non_null(strstr(err.msg, "no-such-dir/summary.csv"));
  assert_int_equal(stp_write_groups(missing, "baseline", a, &meta, &err), STP_EIO);
  assert_int_equal(stp_write_cashflow(missing, "baseline", a, &err), STP_EIO);
  assert_int_equal(count_entries(), before);
  /* a path that is a directory: refused before anything is written (bad input) */
  const char *subdir = path_in("a-directory");
  assert_int_equal(mkdir(subdir, 0700), 0);
  before = count_entries();
  err = (stp_error){0};
  assert_int_equal(stp_write_cashflow(subdir, "baseline", a, &err), STP_EINVAL);
  assert_int_equal(err.code, STP_EINVAL);
  assert_non_null(strstr(err.msg, "is a directory"));
  assert_int_equal(count_entries(), before);
  struct stat st;
  assert_int_equal(stat(subdir, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  rmdir(subdir);
  before = count_entries();
  /* bad input: nothing written */
  assert_int_equal(stp_write_summary(path_in("x.csv"), "", a, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_write_summary(path_in("x.csv"), NULL, a, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_write_summary(path_in("x.csv"), "s", NULL, &meta, &err), STP_EINVAL);
  assert_int_equal(stp_write_groups(path_in("x.csv"), "s", a, NULL, &err), STP_EINVAL);
  assert_int_equal(stp_write_summary("", "s", a, &meta, &err), STP_EINVAL);
  stp_table_writer *w = NULL;
  assert_int_equal(stp_table_open(path_in("x.csv"), (stp_table_kind)9, &w, &err), STP_EINVAL);
  assert_null(w);
  assert_int_equal(count_entries(), before);
  assert_int_equal(access(path_in("x.csv"), F_OK), -1);
  stp_agg_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_group_names),
      cmocka_unit_test(test_sums_and_groups),
      cmocka_unit_test(test_merge_equals_single),
      cmocka_unit_test(test_merge_order),
      cmocka_unit_test(test_debt_quantiles_known),
      cmocka_unit_test(test_debt_quantiles_random),
      cmocka_unit_test(test_debt_quantile_open_bin),
      cmocka_unit_test(test_repay_quantiles),
      cmocka_unit_test(test_write_and_read_back),
      cmocka_unit_test(test_several_scenarios),
      cmocka_unit_test(test_files_identical_after_merge),
      cmocka_unit_test(test_write_failures),
  };
  return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
