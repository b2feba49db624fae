/* test_loanbook.c: the initial loan book (engine/loanbook.c) against the published figures it
   was drawn from: the number of borrowers and their debt (datasets/loanbook, derived from
   Lånekassen's counts), the distribution of new repayers' debt by band (Lånekassen
   06.06.2024: 61 % under NOK 400 000, 13 % over 600 000, 1.4 % over 1 million), the share
   with Statens innkrevingssentral (Lånekassen 27.01.2022: close to 6 % in 2010, under 3 % in
   2020); weights that add up to the national count at any share; and each book loan repaid
   by the repayment rules keeps loan + interest = repaid + written off + outstanding to the
   øre. */
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

#include "lifecycle.h"
#include "loanbook.h"
#include "outcome.h"
#include "prepared.h"
#include "rng.h"
#include "run.h"

#define BASELINE STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini"

static stp_prepared *prepared(void) {
  stp_prepared *x = NULL;
  stp_error err = {0};
  stp_prepare_opts o = {.size = 1000};
  if (stp_prepared_open(BASELINE, NULL, &o, &x, &err) != STP_OK) fail_msg("%s", err.msg);
  return x;
}

static stp_loanbook *book_of(const stp_prepared *x) {
  stp_loanbook *b = NULL;
  stp_error err = {0};
  if (stp_loanbook_load(x->datasets, stp_params_repay(x->p), &b, &err) != STP_OK)
    fail_msg("%s", err.msg);
  return b;
}

/* The totals it was scaled to: 640 000 borrowers exactly (whole-number counts by largest
   remainders), NOK 106.5 billion within NOK 1 (one rounding per stratum): the 60.1 billion
   owed by about 490 000 borrowers in repayment in 2005 (NTB via dinside.no) grown by the
   book's rules to 640 000 borrowers at the end of 2015. */
static void test_totals(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  stp_loanbook *b = book_of(x);
  assert_int_equal(stp_loanbook_borrowers(b), 640000);
  assert_int_equal(stp_loanbook_target_borrowers(b), 640000);
  stp_money d = stp_loanbook_debt(b), want = stp_loanbook_target_debt(b);
  assert_true(want == (stp_money)106500000000 * 100);
  assert_true(llabs(d - want) <= 100 * (stp_money)stp_loanbook_strata(b));
  /* the published anchor: NOK 60.1 billion owed by 490 000 borrowers in repayment in 2005,
     122 653 each, grown ten years at the mean debt's 3.1 % a year, times 640 000 */
  double mean = (double)d / 100.0 / 640000.0, anchor = 60.1e9 / 490000.0 * pow(1.031, 10);
  assert_true(mean / anchor > 0.995 && mean / anchor < 1.005);
  int64_t sum = 0;
  stp_money owed = 0;
  for (int i = 0; i < stp_loanbook_strata(b); i++) {
    stp_book_stratum s;
    stp_loanbook_stratum(b, i, &s);
    assert_true(s.borrowers >= 0);
    assert_true(s.balance > 0 && s.balance <= s.debt_start + s.debt_start / 2);
    if (s.years < 0) continue; /* the pipeline: test_pipeline */
    assert_true(s.first_bill < STP_MONTH(STP_CF_FIRST, 1));
    assert_true(s.end >= STP_MONTH(STP_CF_FIRST, 1));
    assert_true(STP_CF_FIRST - (stp_month_year(s.first_bill) - s.age) < 70);
    sum += s.borrowers;
    owed += s.borrowers * s.balance;
  }
  assert_int_equal(sum, 640000);
  assert_true(owed == d);
  stp_loanbook_free(b);
  stp_prepared_close(x);
}

/* The newest vintage (first bill in the year before the book date) has the published
   distribution of new repayers' debt by band: 61 % under NOK 400 000 (bands 1-2), 13 % over
   600 000 (bands 4-5), 1.4 % over 1 million (band 5), each within 0.5 points; and 4.5 %
   of every vintage with Statens innkrevingssentral (between the published 6 % of 2010 and
   3 % of 2020) within 0.2 points. */
static void test_bands_and_collection(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  stp_loanbook *b = book_of(x);
  int64_t band[STP_BOOK_BANDS] = {0}, newest = 0, coll = 0;
  for (int i = 0; i < stp_loanbook_strata(b); i++) {
    stp_book_stratum s;
    stp_loanbook_stratum(b, i, &s);
    if (s.collection) coll += s.borrowers;
    if (s.years != 0) continue;
    band[s.band] += s.borrowers;
    newest += s.borrowers;
  }
  assert_true(newest > 20000);
  double under400 = (double)(band[0] + band[1]) / newest;
  double over600 = (double)(band[3] + band[4]) / newest;
  double over1m = (double)band[4] / newest;
  assert_true(under400 > 0.605 && under400 < 0.615);
  assert_true(over600 > 0.125 && over600 < 0.135);
  assert_true(over1m > 0.009 && over1m < 0.019);
  double cs = (double)coll / 640000.0;
  assert_true(cs > 0.043 && cs < 0.047);
  /* the book's mean debt at the first bill in 2015 (the level it was scaled to) is of the
     order of the published mean debt at the end of higher education (246 000 in 2011,
     304 000 in 2018): between NOK 150 000 and 400 000 */
  stp_money level = stp_loanbook_level(b);
  assert_true(level > (stp_money)150000 * 100 && level < (stp_money)400000 * 100);
  stp_loanbook_free(b);
  stp_prepared_close(x);
}

/* The pipeline: the leavers of 2015 (first bill in February 2016) and of spring 2016
   (February 2017), whom neither the book nor the population holds. Lånekassen sends the
   first bill about 7 months after support ends (its own page, datasets/policy/repayment.csv),
   so they are billed after the book date; none is in collection; a vintage's count is the
   book's newest times the published growth of repayers (2.5 % a year: 476 000 in 2004, 729 000
   in 2021), the spring leavers a stand-in 75 % of theirs; its debt at the first bill is the
   newest's mean times the published growth of the mean debt (3.1 %: 246 000 in 2011, 304 000
   in 2018), and on the book date it owes that less the grace months' interest still to come
   (at most seven months). */
static void test_pipeline(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  stp_loanbook *b = book_of(x);
  int64_t k1 = 0, k2 = 0, newest = 0, pipe = 0;
  double d1 = 0, dnew = 0;
  stp_money owed = 0;
  for (int i = 0; i < stp_loanbook_strata(b); i++) {
    stp_book_stratum s;
    stp_loanbook_stratum(b, i, &s);
    if (s.years == 0) {
      newest += s.borrowers;
      dnew += (double)s.borrowers * (double)s.debt_start;
    }
    if (s.years >= 0) continue;
    assert_false(s.collection);
    assert_true(s.first_bill == (s.years == -1 ? STP_MONTH(STP_CF_FIRST, 2)
                                                : STP_MONTH(STP_CF_FIRST + 1, 2)));
    assert_true(s.balance < s.debt_start);
    /* at most seven months of interest at the 3.5 % of history_rate */
    assert_true((double)s.balance > (double)s.debt_start / pow(1 + 0.035 / 12, 7) - 1);
    if (s.years == -1) {
      k1 += s.borrowers;
      d1 += (double)s.borrowers * (double)s.debt_start;
    } else {
      k2 += s.borrowers;
    }
    pipe += s.borrowers;
    owed += s.borrowers * s.balance;
  }
  assert_int_equal(pipe, stp_loanbook_pipeline_borrowers(b));
  assert_true(owed == stp_loanbook_pipeline_debt(b));
  assert_true(fabs((double)k1 / newest - 1.025) < 0.001);
  assert_true(fabs((double)k2 / newest - 0.75 * 1.025 * 1.025) < 0.001);
  assert_true(fabs((d1 / k1) / (dnew / newest) - 1.031) < 0.001);
  /* the customers' pupils: between the published 158 700 youth-right pupils paid the
     equipment grant (2020-21) and the 220 000 with support outside higher education
     (2021-22) */
  assert_true(stp_loanbook_pupils(b) >= 158700 && stp_loanbook_pupils(b) <= 220000);
  stp_loanbook_free(b);
  stp_prepared_close(x);
}

/* Whole-number weights add up to the national 640 000 and the pipeline at every share. */
static void test_sample_weights(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  stp_loanbook *b = book_of(x);
  const double shares[] = {0.001, 0.05, 0.3};
  for (size_t k = 0; k < sizeof shares / sizeof shares[0]; k++) {
    stp_book_sample *s = NULL;
    stp_error err = {0};
    assert_int_equal(stp_book_sample_make(b, shares[k], &s, &err), STP_OK);
    int64_t all = 640000 + stp_loanbook_pipeline_borrowers(b);
    assert_int_equal(stp_book_sample_national(s), all);
    assert_int_equal(stp_book_sample_pipeline(s), stp_loanbook_pipeline_borrowers(b));
    int64_t w = 0;
    stp_money owed = 0;
    gsl_rng *r = stp_rng_alloc();
    for (uint64_t id = 0; id < stp_book_sample_size(s); id++) {
      stp_student st;
      stp_book_sample_draw(s, x->model, r, 7, id, &st);
      assert_true(st.book && st.weight >= 1);
      assert_true(st.id >= STP_BOOK_ID0);
      w += st.weight;
      owed += (int64_t)st.weight * st.book_balance;
    }
    stp_rng_free(r);
    assert_int_equal(w, all);
    assert_true(owed == stp_loanbook_debt(b) + stp_loanbook_pipeline_debt(b));
    stp_book_sample_free(s);
  }
  stp_loanbook_free(b);
  stp_prepared_close(x);
}

/* Every book loan of a 5 % sample, repaid by the repayment rules from January 2016: the
   identity (book debt + interest = repaid + written off + outstanding) to the øre, nothing
   paid out, the collection loans written off within collection_years (by the end of 2018),
   and the cash flows add up to the outcome. */
static void test_invariants(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  stp_loanbook *b = book_of(x);
  stp_book_sample *s = NULL;
  stp_error err = {0};
  assert_int_equal(stp_book_sample_make(b, 0.05, &s, &err), STP_OK);
  gsl_rng *r = stp_rng_alloc();
  long n = 0, collection = 0, repaid_full = 0;
  for (uint64_t id = 0; id < stp_book_sample_size(s); id++) {
    stp_student st;
    stp_book_sample_draw(s, x->model, r, 20251, id, &st);
    stp_outcome o;
    stp_cashflow cf;
    memset(&cf, 0, sizeof cf);
    stp_lifecycle(&x->ctx, &st, r, &o, &cf);
    assert_true(stp_outcome_check(&o));
    assert_true(o.paid_out == 0 && o.loan == 0);
    assert_true(o.prior_debt == st.book_balance);
    assert_true(o.prior_debt + o.interest == o.repaid + o.written_off + o.outstanding);
    stp_money ci = 0, cr = 0, cw = 0;
    for (int y = 0; y < STP_CF_YEARS; y++) {
      ci += cf.interest[y];
      cr += cf.repaid[y];
      cw += cf.written_off[y];
      assert_true(cf.paid_out[y] == 0);
    }
    assert_true(ci == o.interest && cr == o.repaid && cw == o.written_off);
    if (st.book_collection) {
      collection++;
      assert_int_equal(o.end, STP_END_DEFAULT);
      assert_true(o.outstanding == 0);
      assert_true(o.lost_year >= STP_CF_FIRST && o.lost_year <= STP_CF_FIRST + 2);
      assert_true(cf.written_off[o.lost_year - STP_CF_FIRST] == o.lost);
    }
    if (o.end == STP_END_REPAID) repaid_full++;
    n++;
  }
  assert_true(n > 30000);
  assert_true(collection > 0);
  assert_true(repaid_full > n / 2); /* most of the book is repaid by the horizon */
  stp_rng_free(r);
  stp_book_sample_free(s);
  stp_loanbook_free(b);
  stp_prepared_close(x);
}

/* Bad input names file, line and field: a copy of parameters.csv with one line edited. */
static void expect_error(const stp_prepared *x, const char *from, const char *to,
                         const char *want) {
  char src[1024], dir[] = "/tmp/stp_loanbook_XXXXXX";
  snprintf(src, sizeof src, "%s/loanbook/parameters.csv", x->datasets);
  assert_non_null(mkdtemp(dir));
  char sub[64], dst[96];
  snprintf(sub, sizeof sub, "%s/loanbook", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(dst, sizeof dst, "%s/parameters.csv", sub);
  FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
  assert_non_null(in);
  assert_non_null(out);
  char line[4096];
  while (fgets(line, sizeof line, in)) {
    if (strncmp(line, from, strlen(from)) == 0) {
      if (to) fputs(to, out);
    } else {
      fputs(line, out);
    }
  }
  fclose(in);
  fclose(out);
  stp_loanbook *b = NULL;
  stp_error err = {0};
  assert_int_not_equal(stp_loanbook_load(dir, stp_params_repay(x->p), &b, &err), STP_OK);
  assert_null(b);
  if (!strstr(err.msg, want)) fail_msg("'%s' does not say '%s'", err.msg, want);
  assert_non_null(strstr(err.msg, "loanbook/parameters.csv"));
  unlink(dst);
  rmdir(sub);
  rmdir(dir);
}

static void test_errors(void **state) {
  (void)state;
  stp_prepared *x = prepared();
  expect_error(x, "borrowers,", "borrowers,640000,NOK,derived,x,y\n",
               ":6: parameter borrowers: unit 'NOK', expected 'count'");
  expect_error(x, "debt,", "debt,lots,NOK,derived,x,y\n", ":7: parameter debt: value 'lots'");
  expect_error(x, "exit_rate,", NULL, "parameter exit_rate: missing");
  expect_error(x, "history_rate,", "history_rate,0.03,share,stand-in,x,\n",
               "history_rate: note: a stand-in value needs its method");
  expect_error(x, "book_year,", "book_year,2017,year,derived,x,y\n",
               "book_year: 2017, but the run's cash flows start in 2016");
  expect_error(x, "years_max,", "years_max,25,years,derived,x,y\nyears_max,25,years,derived,x,y\n",
               "already given on line");
  stp_prepared_close(x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_totals),
      cmocka_unit_test(test_bands_and_collection),
      cmocka_unit_test(test_pipeline),
      cmocka_unit_test(test_sample_weights),
      cmocka_unit_test(test_invariants),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
