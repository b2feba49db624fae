/* test_figures.c: the figure table: names in summary.csv's order, every figure computed from a
   hand-built group (counts, sums, means to the nearest øre, shares, empty cells), the text
   each is written as, and the columns of summary.csv built from the table. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "figures.h"
#include "output.h"

static const char *text(int i, const stp_figures *h) {
  static char buf[32];
  return stp_figure_text(stp_figure_kind(i), &h->f[i], buf, sizeof buf);
}

static const char *named(const char *name, const stp_figures *h) {
  int i = stp_figure_find(name);
  assert_true(i >= 0);
  return text(i, h);
}

/* Seven students, three borrowers owing 2 385.17 + 1 000.00 + 0.01 NOK: the mean debt is
   3 385.18 / 3 = 1 128.393... -> 1 128.39; two of three repaid in full (0.666667); state cost
   = grants 500.00 + relief 12.34 + written off 0.05 = 512.39. */
static void computed_and_written(void **state) {
  (void)state;
  stp_agg *a = stp_agg_alloc();
  assert_non_null(a);
  stp_group_acc *g = &a->g[STP_GROUP_ALL];
  g->students = 7;
  g->supported = 5;
  g->borrowers = 3;
  g->paid_out = 238517;
  g->grant = 50000;
  g->debt_end_study = 338518;
  g->repaid_full = 2;
  g->relief = 1234;
  g->written_off = 5;
  g->completed = 4;
  g->ended[STP_END_DEFAULT] = 1;
  g->repay_count = 2;
  g->repay_months_sum = 339;
  stp_figures h;
  stp_figures_of(g, &h);
  assert_string_equal(named("students", &h), "7");
  assert_string_equal(named("paid_out_nok", &h), "2385.17");
  assert_string_equal(named("debt_end_study_mean_nok", &h), "1128.39");
  assert_string_equal(named("repaid_full_share", &h), "0.666667");
  assert_string_equal(named("completed_share", &h), "0.571429");
  assert_string_equal(named("terminated_share", &h), "0.333333");
  assert_string_equal(named("years_to_repay_mean_years", &h), "14.125");
  assert_string_equal(named("state_cost_nok", &h), "512.39");
  /* nobody means-tested: an empty share, not 0 */
  assert_string_equal(named("means_reduced_share", &h), "");
  assert_true(h.f[stp_figure_find("means_reduced_share")].empty);
  /* no borrowers: the debt figures are empty */
  g->borrowers = 0;
  stp_figures_of(g, &h);
  assert_string_equal(named("debt_end_study_mean_nok", &h), "");
  assert_string_equal(named("debt_end_study_p50_nok", &h), "");
  stp_agg_free(a);
}

/* summary.csv's columns as docs/outputs.md lists them: the keys, then the summary figures in
   table order; state_cost_nok is not a column. */
static const char *const documented[] = {
    "scenario", "seed", "horizon_year", "students", "supported", "borrowers", "paid_out_nok",
    "grants_nok", "loans_nok", "debt_end_study_mean_nok", "debt_end_study_p10_nok",
    "debt_end_study_p25_nok", "debt_end_study_p50_nok", "debt_end_study_p75_nok",
    "debt_end_study_p90_nok", "years_to_repay_mean_years", "years_to_repay_p50_years",
    "repaid_full_share", "written_off_nok", "defaulted_nok", "interest_charged_nok",
    "interest_relief_nok", "repaid_nok", "outstanding_nok", "tuition_paid_nok",
    "semester_fees_nok", "means_reduced_share", "means_loan_only_share", "completed_share",
    "deferred_first_year_share", "terminated_share"};

static void summary_columns(void **state) {
  (void)state;
  const char *cols[STP_TABLE_MAX_COLUMNS];
  int n = stp_table_columns(STP_TABLE_SUMMARY, cols);
  assert_int_equal(n, (int)(sizeof documented / sizeof documented[0]));
  for (int i = 0; i < n; i++) assert_string_equal(cols[i], documented[i]);
  assert_string_equal(cols[0], "scenario");
  assert_string_equal(cols[2], "horizon_year");
  int k = 3;
  for (int i = 0; i < STP_FIGURES; i++) {
    assert_non_null(stp_figure_name(i));
    assert_int_equal(stp_figure_find(stp_figure_name(i)), i);
    if (stp_figure_in_summary(i)) assert_string_equal(cols[k++], stp_figure_name(i));
  }
  assert_int_equal(n, k);
  assert_false(stp_figure_in_summary(stp_figure_find("state_cost_nok")));
  assert_int_equal(stp_figure_find("no_such_figure"), -1);
  assert_null(stp_figure_name(STP_FIGURES));
  n = stp_table_columns(STP_TABLE_GROUPS, cols);
  assert_string_equal(cols[0], "dimension");
  assert_int_equal(n, k + 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(computed_and_written),
      cmocka_unit_test(summary_columns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
