/* test_budget.c: the state budget of a cohort from its cash flows, against cases worked by
   hand: a loan of NOK 123 456.78 paid out in 2025, part converted, repaid and written off at
   death over four years, with the cost of funds on the average loan book, the tax
   expenditure of interest deductions, present values at 4 % real and 2.5 % price growth
   (1.066 a year nominal) and the subsidy rate; one student's flows split
   into losses, interest paid, tuition to the state and debt moved between degrees; the
   datasets (the 22 % tax rate, the posts) and their errors; one prepared scenario's budget. The default convention
   discounts at the state's cost of funds (3.7 % here): the hand loan's present values again,
   and a loan that the repayment rules repay in full and on time at a loan rate equal to the
   cost of funds has a subsidy rate near zero (21 % at the social 6.6 %).

   The hand-worked figures were computed with exact decimal arithmetic, not by the engine. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analytics/budget.h"
#include "prepared.h"
#include "rules/repayment.h"
#include "scenario.h"

#define Y(year) ((year) - STP_CF_FIRST)
#define ORE(nok_times_100) ((stp_money)(nok_times_100))

/* the social convention ([economy] discount = social): 4 % real, 2.5 % price growth */
static const stp_budget_rates rates = {.social = true, .discount_rate = 0.04, .price_growth = 0.025,
                                       .cost_of_funds = 0.037, .tax_rate = 0.22,
                                       .pv_year = 2025};

/* The nominal factor is 1.04 × 1.025 = 1.066 a year: 1 in 2025, 1.066 a year earlier,
   1 / 1.066² = 1 / 1.136356 two years later. */
static void test_discount(void **state) {
  (void)state;
  assert_true(fabs(stp_budget_discount(&rates, 2025) - 1.0) < 1e-15);
  assert_true(fabs(stp_budget_discount(&rates, 2024) - 1.066) < 1e-12);
  assert_true(fabs(stp_budget_discount(&rates, 2027) * 1.136356 - 1.0) < 1e-12);
  double t[STP_CF_YEARS];
  stp_budget_discount_table(&rates, t);
  assert_true(fabs(t[Y(2028)] * 1.211355496 - 1.0) < 1e-9);
}

/* The hand-worked loan (NOK, øre exact):
     2025 paid out 123 456.78, owed at the end 123 456.78
     2026 converted to grant 23 456.78, owed 100 000.00 (interest-free: still studying)
     2027 interest 5 175.00 (all of it paid), repaid 55 175.00, owed 50 000.00
     2028 interest 2 587.50 (all paid), repaid 30 000.00, written off at death 22 587.50
   (100 000 + 7 762.50 interest = 85 175 repaid + 22 587.50 written off). */
static void hand_loan(stp_budget_flows *f) {
  memset(f, 0, sizeof *f);
  f->cf.paid_out[Y(2025)] = ORE(12345678);
  f->cf.outstanding[Y(2025)] = ORE(12345678);
  f->cf.converted[Y(2026)] = ORE(2345678);
  f->cf.outstanding[Y(2026)] = ORE(10000000);
  f->cf.interest[Y(2027)] = ORE(517500);
  f->interest_paid[Y(2027)] = ORE(517500);
  f->cf.repaid[Y(2027)] = ORE(5517500);
  f->cf.outstanding[Y(2027)] = ORE(5000000);
  f->cf.interest[Y(2028)] = ORE(258750);
  f->interest_paid[Y(2028)] = ORE(258750);
  f->cf.repaid[Y(2028)] = ORE(3000000);
  f->cf.written_off[Y(2028)] = ORE(2258750);
}

/* Post 50 as the budget books it: the conversion the 2025 payment will earn (23 456.78) is
   provided for in 2025, when it is paid out, not in 2026 when it converts; post 90 is the
   loan paid out plus the interest added to the debt instead of paid (a grace month's or a
   deferred month's: Prop. 1 S (2016-2017)'s "ubetalte renter"). Over the loan's life
   both conventions cost the same. */
static void test_budget_convention(void **state) {
  (void)state;
  stp_budget_flows f;
  hand_loan(&f);
  f.cf.provision[Y(2025)] = ORE(2345678);
  /* Post 50 as Prop. 1 S (2016-2017) sets it: 19.6 % below the most the year's payments could
     convert (NSO quoting the proposition, datasets/budget/parameters.csv): 50 000.00 -> 40
     200.00, in the year they are paid out. */
  f.cf.convertible[Y(2025)] = ORE(5000000);
  f.cf.interest[Y(2026)] = ORE(10000); /* 100.00 of interest, added to the debt */
  f.cf.capitalised[Y(2026)] = ORE(10000);
  f.cf.interest[Y(2027)] += ORE(5000); /* 50.00 more, unpaid in the year but not capitalised */
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(b);
  stp_budget_compute(&f, &rates, 1, b);
  assert_int_equal(b->year[Y(2025)][STP_BI_PROVISION], 2345678);
  assert_int_equal(b->year[Y(2025)][STP_BI_NET_COST_BUDGET],
                   b->year[Y(2025)][STP_BI_NET_COST] + 2345678);
  assert_int_equal(b->year[Y(2026)][STP_BI_NET_COST_BUDGET],
                   b->year[Y(2026)][STP_BI_NET_COST] - 2345678);
  assert_int_equal(b->year[Y(2026)][STP_BI_INTEREST_UNPAID], 10000);
  assert_int_equal(b->year[Y(2027)][STP_BI_INTEREST_UNPAID], 0);
  assert_int_equal(b->year[Y(2025)][STP_BI_CONVERTIBLE], 5000000);
  assert_int_equal(b->year[Y(2025)][STP_BI_PROVISION_PROP1S], 4020000);
  assert_int_equal(b->year[Y(2026)][STP_BI_PROVISION_PROP1S], 0);
  /* the year's cost as the Ministry costs it: the Prop. 1 S provision in place of the model's */
  assert_int_equal(b->year[Y(2025)][STP_BI_NET_COST_PROP1S],
                   b->year[Y(2025)][STP_BI_NET_COST_BUDGET] - 2345678 + 4020000);
  assert_int_equal(b->total[STP_BI_NET_COST_BUDGET], b->total[STP_BI_NET_COST]);
  stp_budget_params bp;
  stp_error err = {0};
  assert_int_equal(stp_budget_params_load(NULL, &bp, &err), STP_OK);
  for (int i = 0; i < bp.nposts; i++) {
    bool known;
    stp_money v = stp_budget_post_amount(&bp.posts[i], b->year[Y(2025)], &known);
    if (bp.posts[i].chapter == 2410 && bp.posts[i].post == 50) assert_int_equal(v, 4020000);
    if (bp.posts[i].chapter == 2410 && bp.posts[i].post == 90) assert_int_equal(v, 12345678);
    v = stp_budget_post_amount(&bp.posts[i], b->year[Y(2026)], &known);
    if (bp.posts[i].chapter == 2410 && bp.posts[i].post == 50) assert_int_equal(v, 0);
    if (bp.posts[i].chapter == 2410 && bp.posts[i].post == 90) assert_int_equal(v, 10000);
    if (bp.posts[i].chapter == 5310 && bp.posts[i].post == 93) assert_int_equal(v, 2345678);
  }
  free(b);
}

static void test_hand_loan_by_year(void **state) {
  (void)state;
  stp_budget_flows f;
  hand_loan(&f);
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(b);
  stp_budget_compute(&f, &rates, 1, b);
  /* Cost of funds: 3.7 % of the average of the book at the two year ends.
     2025: (0 + 123 456.78) / 2 × 0.037 = 2 283.95043 -> 2 283.95
     2026: (123 456.78 + 100 000) / 2 × 0.037 = 4 133.95043 -> 4 133.95
     2027: (100 000 + 50 000) / 2 × 0.037 = 2 775.00; 2028: 50 000 / 2 × 0.037 = 925.00 */
  assert_int_equal(b->year[Y(2025)][STP_BI_COST_OF_FUNDS], 228395);
  assert_int_equal(b->year[Y(2026)][STP_BI_COST_OF_FUNDS], 413395);
  assert_int_equal(b->year[Y(2027)][STP_BI_COST_OF_FUNDS], 277500);
  assert_int_equal(b->year[Y(2028)][STP_BI_COST_OF_FUNDS], 92500);
  assert_int_equal(b->year[Y(2029)][STP_BI_COST_OF_FUNDS], 0);
  /* Interest subsidy = cost of funds − interest charged − relief: the interest-free years
     cost the state its funding; after that the borrower's 5.175 % exceeds 3.7 %. */
  assert_int_equal(b->year[Y(2025)][STP_BI_INTEREST_SUBSIDY], 228395);
  assert_int_equal(b->year[Y(2026)][STP_BI_INTEREST_SUBSIDY], 413395);
  assert_int_equal(b->year[Y(2027)][STP_BI_INTEREST_SUBSIDY], -240000);
  assert_int_equal(b->year[Y(2028)][STP_BI_INTEREST_SUBSIDY], -166250);
  /* 22 % of interest paid: 1 138.50 and 569.25. */
  assert_int_equal(b->year[Y(2027)][STP_BI_TAX_EXPENDITURE], 113850);
  assert_int_equal(b->year[Y(2028)][STP_BI_TAX_EXPENDITURE], 56925);
  /* Net cost: 2 283.95; 23 456.78 + 4 133.95 = 27 590.73; −2 400 + 1 138.50 = −1 261.50;
     −1 662.50 + 22 587.50 + 569.25 = 21 494.25. */
  assert_int_equal(stp_budget_net_cost(b, 2025), 228395);
  assert_int_equal(stp_budget_net_cost(b, 2026), 2759073);
  assert_int_equal(stp_budget_net_cost(b, 2027), -126150);
  assert_int_equal(stp_budget_net_cost(b, 2028), 2149425);
  assert_int_equal(stp_budget_net_cost(b, 2029), 0);
  assert_int_equal(stp_budget_net_cost(b, 1990), 0);
  assert_int_equal(b->year[Y(2028)][STP_BI_WRITE_OFFS], 2258750);
  /* No provision booked: as the budget books it, the 2026 conversion is not a cost of 2026
     (net 27 590.73 − 23 456.78 = 4 133.95); all interest was paid, none added to the debt. */
  assert_int_equal(b->year[Y(2026)][STP_BI_NET_COST_BUDGET], 413395);
  assert_int_equal(b->year[Y(2027)][STP_BI_INTEREST_UNPAID], 0);
  assert_int_equal(b->year[Y(2027)][STP_BI_LOAN_BOOK], 5000000);
  /* Totals are plain sums: net cost 50 107.43. */
  assert_int_equal(b->total[STP_BI_NET_COST], 5010743);
  assert_int_equal(b->total[STP_BI_REPAID], 8517500);
  assert_int_equal(b->total[STP_BI_LOAN_BOOK], 0);
  free(b);
}

static void test_hand_loan_present_values(void **state) {
  (void)state;
  stp_budget_flows f;
  hand_loan(&f);
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(b);
  stp_budget_compute(&f, &rates, 1, b);
  /* PV of net cost = 2 283.95 + 27 590.73 / 1.066 − 1 261.50 / 1.066² + 21 494.25 / 1.066³
     = 44 800.27386... */
  assert_int_equal(b->pv[STP_BI_NET_COST], 4480027);
  /* Repayments: 55 175 / 1.066² + 30 000 / 1.066³ = 73 319.97; the grant 23 456.78 / 1.066
     = 22 004.48. */
  assert_int_equal(b->pv[STP_BI_REPAID], 7331997);
  assert_int_equal(b->pv[STP_BI_GRANTS], 2200448);
  assert_int_equal(b->outlay_pv, 12345678);
  assert_int_equal(b->recovered_pv, 7331997);
  /* Subsidy rate 1 − 73 319.97 / 123 456.78 = 0.406108194...; of the part that stayed loan,
     1 − 73 319.97 / (123 456.78 − 22 004.48) = 0.277296128... */
  assert_true(fabs(b->subsidy_rate - 0.4061081943008719) < 1e-12);
  assert_true(fabs(b->loan_subsidy_rate - 0.2772961283282883) < 1e-12);
  stp_budget_compute(&f, &rates, 2, b);
  assert_int_equal(b->entry_years, 2);
  free(b);
}

/* The default convention: (1.037)^-(y - 2025). The hand loan's repayments are worth
   55 175 / 1.037² + 30 000 / 1.037³ = 78 209.995479... -> 78 210.00 and its subsidy rate is
   1 − 78 210.00 / 123 456.78 = 0.366498... (0.406 at the social 6.6 %, which the
   sensitivity keeps). */
static void test_cost_of_funds_convention(void **state) {
  (void)state;
  stp_budget_rates r = rates;
  r.social = false;
  assert_true(fabs(stp_budget_discount(&r, 2026) - 0.9643201542912247) < 1e-15);
  assert_true(fabs(stp_budget_discount(&r, 2028) - 0.8967341947659126) < 1e-15);
  assert_true(fabs(stp_budget_discount(&r, 2024) - 1.037) < 1e-15);
  stp_budget_flows f;
  hand_loan(&f);
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(b);
  stp_budget_compute(&f, &r, 1, b);
  assert_int_equal(b->pv[STP_BI_REPAID], 7821000);
  assert_true(fabs(b->subsidy_rate - (1.0 - 7821000.0 / 12345678.0)) < 1e-12);
  assert_true(fabs(b->subsidy_rate - 0.366499) < 1e-6);
  assert_true(fabs(b->sens_discount[STP_SENS_COST_OF_FUNDS] - 0.037) < 1e-15);
  assert_true(fabs(b->sens_discount[STP_SENS_LOW] - 0.027) < 1e-15);
  assert_true(fabs(b->sens_discount[STP_SENS_HIGH] - 0.047) < 1e-15);
  assert_true(fabs(b->sens_discount[STP_SENS_SOCIAL] - 0.066) < 1e-15);
  /* unrounded: within an øre's worth of the rounded figure */
  assert_true(fabs(b->sens_subsidy_rate[STP_SENS_COST_OF_FUNDS] - b->subsidy_rate) < 1e-7);
  assert_true(fabs(b->sens_subsidy_rate[STP_SENS_SOCIAL] - 0.4061081943008719) < 1e-7);
  /* cheaper money, smaller subsidy */
  assert_true(b->sens_subsidy_rate[STP_SENS_LOW] < b->subsidy_rate);
  assert_true(b->sens_subsidy_rate[STP_SENS_HIGH] > b->subsidy_rate);
  free(b);
}

/* A loan of NOK 434 000 (the published mean debt at the end of higher education, 2024),
   paid out in 2025, interest from July 2025, repaid in full and on time by the repayment
   rules (7 months' grace, 233 instalments) at a loan rate of 4 % that equals the state's
   cost of funds: the state gets back what it lent with the interest it pays itself, so the
   subsidy rate on the default convention is near zero (the annual buckets put the payout and
   the first instalments in the same year: a fraction of a point). At the social rate it was
   a fifth of the loan: the old figure measured the discount rate, not the loan. With a loan
   rate one point above the cost of funds (Lånekassen's margin) the state gains. */
static void on_time_loan(stp_budget_flows *f, double loan_rate) {
  memset(f, 0, sizeof *f);
  const stp_repay_params rp = {.grace_months = 7, .plan_months_max = 240,
                               .plan_debt_per_month = STP_NOK(950), .max_deferrals = 36,
                               .max_relief_months = 36, .repay_age_limit = 70};
  stp_money debt = STP_NOK(434000);
  f->cf.paid_out[Y(2025)] = debt;
  stp_loan l;
  stp_month t0 = STP_MONTH(2025, 7);
  stp_loan_start(&l, &rp, debt, t0);
  for (stp_month t = t0; !l.closed; t++) {
    stp_loan_event ev;
    stp_loan_month(&l, &rp, t, loan_rate, STP_BILL_PAY, &ev);
    int y = Y(stp_month_year(t));
    f->cf.interest[y] += ev.interest;
    f->cf.repaid[y] += ev.paid;
    if (stp_month_of_year(t) == 12 || l.closed) f->cf.outstanding[y] = stp_loan_owed(&l);
  }
  assert_int_equal(l.end, STP_MONTH(2045, 6));
  assert_int_equal(l.repaid, debt + l.interest_charged);
}

static void test_on_time_loan_subsidy(void **state) {
  (void)state;
  stp_budget_rates r = {.discount_rate = 0.04, .price_growth = 0.025, .cost_of_funds = 0.04,
                        .tax_rate = 0.22, .pv_year = 2025};
  stp_budget_flows *f = malloc(sizeof *f);
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(f);
  assert_non_null(b);
  on_time_loan(f, 0.04);
  stp_budget_compute(f, &r, 1, b);
  print_message("on time at 4 %%: subsidy rate %.4f at the cost of funds, %.4f at the social "
                "rate\n", b->subsidy_rate, b->sens_subsidy_rate[STP_SENS_SOCIAL]);
  if (!(fabs(b->subsidy_rate) < 0.01)) fail_msg("subsidy rate %.4f at the cost of funds",
                                                b->subsidy_rate);
  if (!(b->sens_subsidy_rate[STP_SENS_SOCIAL] > 0.15))
    fail_msg("subsidy rate %.4f at the social rate", b->sens_subsidy_rate[STP_SENS_SOCIAL]);
  /* the social convention reproduces the old figure */
  r.social = true;
  stp_budget_compute(f, &r, 1, b);
  assert_true(fabs(b->subsidy_rate - b->sens_subsidy_rate[STP_SENS_SOCIAL]) < 1e-7);
  /* a loan rate one point above the cost of funds: the state gains (about 9 %: the PV at
     4 % of instalments set at 5 %) */
  r.social = false;
  on_time_loan(f, 0.05);
  stp_budget_compute(f, &r, 1, b);
  print_message("at 5 %%: %.4f at the cost of funds\n", b->subsidy_rate);
  if (!(b->subsidy_rate < -0.05 && b->subsidy_rate > -0.15))
    fail_msg("subsidy rate %.4f with a one-point margin", b->subsidy_rate);
  free(f);
  free(b);
}

static void test_no_outlay(void **state) {
  (void)state;
  stp_budget_flows *f = calloc(1, sizeof *f);
  stp_budget *b = malloc(sizeof *b);
  assert_non_null(f);
  assert_non_null(b);
  stp_budget_compute(f, &rates, 3, b);
  assert_true(isnan(b->subsidy_rate));
  assert_true(isnan(b->loan_subsidy_rate));
  assert_int_equal(b->pv[STP_BI_NET_COST], 0);
  free(f);
  free(b);
}

/* One student's flows into the budget's: merging two halves equals adding both. */
static void test_add_student(void **state) {
  (void)state;
  stp_budget_flows *f = calloc(1, sizeof *f);
  stp_cashflow *scf = calloc(1, sizeof *scf);
  assert_non_null(f);
  assert_non_null(scf);
  /* A student at a public institution who defaults: owed NOK 40 000.00 when terminated in
     2029, 30 % recovered (12 000.00) and 28 000.00 lost; interest 3 000 charged and 1 000
     paid in 2028 (the rest added to the debt), 500 charged and 12 000 paid in 2029. */
  stp_student s = {.entry_year = 2025, .institution_type = STP_INST_UNIVERSITY};
  stp_outcome o = {.end = STP_END_DEFAULT, .defaulted = STP_NOK(40000), .end_study_year = 2027,
                   .lost = STP_NOK(28000), .lost_year = 2029};
  scf->paid_out[Y(2025)] = STP_NOK(70000);
  scf->tuition[Y(2025)] = STP_NOK(5000);
  scf->interest[Y(2028)] = STP_NOK(3000);
  scf->repaid[Y(2028)] = STP_NOK(1000);
  scf->interest[Y(2029)] = STP_NOK(500);
  scf->repaid[Y(2029)] = STP_NOK(12000);
  scf->written_off[Y(2029)] = STP_NOK(28000);
  stp_budget_add_student(f, &s, &o, scf, 1);
  assert_int_equal(f->cf.paid_out[Y(2025)], STP_NOK(70000));
  assert_int_equal(f->tuition_state[Y(2025)], STP_NOK(5000));
  assert_int_equal(f->interest_paid[Y(2028)], STP_NOK(1000));
  assert_int_equal(f->interest_paid[Y(2029)], STP_NOK(500));
  assert_int_equal(f->losses[Y(2029)], STP_NOK(28000));

  /* At a private college: tuition is not the state's. A master with NOK 55 555.55 of
     bachelor debt, studying 2025-2027: owed (interest-free) at the end of 2025 and 2026,
     joining her loan in 2027. */
  memset(scf, 0, sizeof *scf);
  s = (stp_student){.entry_year = 2025, .institution_type = STP_INST_PRIVATE};
  o = (stp_outcome){.end = STP_END_REPAID, .prior_debt = 5555555, .end_study_year = 2027};
  scf->tuition[Y(2026)] = STP_NOK(7000);
  stp_budget_add_student(f, &s, &o, scf, 1);
  assert_int_equal(f->cf.tuition[Y(2026)], STP_NOK(7000));
  assert_int_equal(f->tuition_state[Y(2026)], 0);
  assert_int_equal(f->prior_debt[Y(2027)], 5555555);
  assert_int_equal(f->book_extra[Y(2025)], 5555555);
  assert_int_equal(f->book_extra[Y(2026)], 5555555);
  assert_int_equal(f->book_extra[Y(2027)], 0);

  /* A bachelor who goes on to a master in 2028 carries NOK 33 333.33 with her. */
  memset(scf, 0, sizeof *scf);
  o = (stp_outcome){.end = STP_END_NO_DEBT, .transferred = 3333333, .end_study_year = 2028};
  stp_budget_add_student(f, &s, &o, scf, 1);
  assert_int_equal(f->transferred[Y(2028)], 3333333);

  /* Unpaid at the age limit in 2060 after a district write-off of NOK 10 000 the same year,
     written off by SI in 2062: the loss is the outcome's, in its year, not the write-offs. */
  memset(scf, 0, sizeof *scf);
  s = (stp_student){.entry_year = 2025};
  o = (stp_outcome){.end = STP_END_AGE_LIMIT, .defaulted = STP_NOK(20000), .end_study_year = 2028,
                    .lost = STP_NOK(14000), .lost_year = 2062};
  scf->written_off[Y(2040)] = STP_NOK(2500);
  scf->written_off[Y(2060)] = STP_NOK(10000);
  scf->written_off[Y(2062)] = STP_NOK(14000);
  stp_budget_add_student(f, &s, &o, scf, 1);
  assert_int_equal(f->losses[Y(2062)], STP_NOK(14000));
  assert_int_equal(f->losses[Y(2060)], 0);
  assert_int_equal(f->losses[Y(2040)], 0);

  stp_budget_flows *g = calloc(1, sizeof *g);
  assert_non_null(g);
  stp_budget_flows_merge(g, f);
  stp_budget_flows_merge(g, f);
  assert_int_equal(g->losses[Y(2029)], STP_NOK(56000));
  assert_int_equal(g->cf.written_off[Y(2060)], STP_NOK(20000));
  assert_int_equal(g->losses[Y(2062)], STP_NOK(28000));
  assert_int_equal(g->book_extra[Y(2026)], 2 * 5555555);
  free(g);
  free(f);
  free(scf);
}

/* The shipped datasets: 22 % (the rate on ordinary income), a cost of funds that is the
   scenarios' documented default, and the posts of section 7 of the rulebook. */
/* The hand-worked loan with NOK 3 456.78 of its 2026 grant being a child grant kept after the
   means test: a grant from the start (post 71), so it is neither loan paid out (post 90) nor
   conversion (post 50); the net cost and the cash the state lays out are unchanged. */
static void test_other_grants(void **state) {
  (void)state;
  stp_budget_flows f;
  hand_loan(&f);
  f.cf.other_grants[Y(2026)] = ORE(345678);
  stp_budget_rates r = {.social = true, .discount_rate = 0.04, .price_growth = 0.025,
                        .cost_of_funds = 0.04, .tax_rate = 0.22, .pv_year = 2025};
  stp_budget *b = malloc(sizeof *b), *plain = malloc(sizeof *plain);
  stp_budget_compute(&f, &r, 1, b);
  f.cf.other_grants[Y(2026)] = 0;
  stp_budget_compute(&f, &r, 1, plain);
  assert_int_equal(b->year[Y(2026)][STP_BI_OTHER_GRANTS], ORE(345678));
  assert_int_equal(b->year[Y(2026)][STP_BI_GRANTS], ORE(2000000));
  assert_int_equal(b->total[STP_BI_LOANS_PAID_OUT], ORE(12345678) - ORE(345678));
  assert_int_equal(b->year[Y(2026)][STP_BI_NET_COST], plain->year[Y(2026)][STP_BI_NET_COST]);
  assert_int_equal(b->total[STP_BI_NET_COST], plain->total[STP_BI_NET_COST]);
  free(b);
  free(plain);
}

static void test_datasets(void **state) {
  (void)state;
  stp_budget_params bp;
  stp_error err = {0};
  if (stp_budget_params_load(NULL, &bp, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_true(fabs(bp.tax_rate - 0.22) < 1e-12);
  stp_scenario sc;
  assert_int_equal(stp_scenario_defaults(&sc), STP_OK);
  assert_true(fabs(bp.cost_of_funds - sc.cost_of_funds) < 1e-12);
  /* Prop. 1 S (2016-2017)'s 19.6 % in the dataset is the engine's documented default */
  assert_true(fabs(bp.provision_reduction - STP_BUDGET_PROVISION_REDUCTION) < 1e-12);
  assert_true(fabs(stp_budget_rates_of(&sc, bp.tax_rate, 2025).provision_reduction - 0.196) <
              1e-12);
  static const int want[][2] = {{2410, 50}, {2410, 70}, {2410, 71}, {2410, 72}, {2410, 73},
                                {2410, 74}, {2410, 90}, {5310, 90}, {5310, 93}, {5617, 80}};
  assert_int_equal(bp.nposts, 10);
  for (int i = 0; i < 10; i++) {
    assert_int_equal(bp.posts[i].chapter, want[i][0]);
    assert_int_equal(bp.posts[i].post, want[i][1]);
    assert_true(strlen(bp.posts[i].source) > 10);
  }
  /* Post 73 adds write-offs and interest relief; post 71 is the other grants; post 70 has
     nothing of the model. */
  stp_money items[STP_BI_COUNT] = {0};
  items[STP_BI_WRITE_OFFS] = 123;
  items[STP_BI_INTEREST_RELIEF] = 4500;
  items[STP_BI_LOSSES] = 99999;
  items[STP_BI_OTHER_GRANTS] = 777;
  bool known;
  assert_int_equal(stp_budget_post_amount(&bp.posts[4], items, &known), 4623);
  assert_true(known);
  assert_int_equal(stp_budget_post_amount(&bp.posts[2], items, &known), 777);
  assert_true(known);
  stp_budget_post_amount(&bp.posts[1], items, &known);
  assert_false(known);
}

static void expect_load_error(const char *dir, const char *needle) {
  stp_budget_params bp;
  stp_error err = {0};
  assert_int_not_equal(stp_budget_params_load(dir, &bp, &err), STP_OK);
  if (!strstr(err.msg, needle)) fail_msg("'%s' does not contain '%s'", err.msg, needle);
}

static void test_dataset_errors(void **state) {
  (void)state;
  expect_load_error(STP_TEST_DATA "/compare/datasets-unknown-parameter",
                    "parameters.csv:3: parameter tax_rate: unknown");
  expect_load_error(STP_TEST_DATA "/compare/datasets-missing-parameter",
                    "parameter cost_of_funds: missing");
  expect_load_error(STP_TEST_DATA "/compare/datasets-bad-rate",
                    "parameters.csv:2: parameter tax_rate_interest_deduction: 22 is outside "
                    "[0, 1]");
  expect_load_error(STP_TEST_DATA "/compare/datasets-unknown-item",
                    "posts.csv:3: items: 'grants+writeoffs' names an unknown item");
  expect_load_error(STP_TEST_DATA "/compare/no-such-datasets", "budget/parameters.csv");
}

/* One scenario's budget in one call (stp_budget_of_prepared): the budget parameters of its
   datasets, every student counted once in a plain cohort, and post 90 of kap. 2410 ("Økt lån
   og rentegjeld": new loans and the interest added to the debt, Prop. 1 S (2016-2017) as NSO
   quotes it) the loans paid out plus the unpaid interest of its year. */
static void test_of_prepared(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *x;
  stp_prepare_opts po = {.size = 400};
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, &po, &x,
                        &err) != STP_OK)
    fail_msg("%s", err.msg);
  stp_budget_params *bp = malloc(sizeof *bp);
  stp_budget *b = malloc(sizeof *b);
  assert_true(bp && b);
  long simulated = 0;
  int64_t students = 0;
  if (stp_budget_of_prepared(x, 2, bp, b, &simulated, &students, &err) != STP_OK)
    fail_msg("%s", err.msg);
  assert_int_equal(simulated, 400);
  assert_int_equal(students, 400);
  const stp_budget_post *p90 = NULL;
  for (int i = 0; i < bp->nposts; i++)
    if (bp->posts[i].chapter == 2410 && bp->posts[i].post == 90) p90 = &bp->posts[i];
  assert_non_null(p90);
  int y = x->sc.base_year + 1 - STP_CF_FIRST;
  bool known;
  stp_money v = stp_budget_post_amount(p90, b->year[y], &known);
  assert_true(known);
  assert_true(v > 0);
  assert_true(v == b->year[y][STP_BI_LOANS_PAID_OUT] + b->year[y][STP_BI_INTEREST_UNPAID]);
  free(bp);
  free(b);
  stp_prepared_close(x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_discount),
      cmocka_unit_test(test_hand_loan_by_year),
      cmocka_unit_test(test_budget_convention),
      cmocka_unit_test(test_hand_loan_present_values),
      cmocka_unit_test(test_cost_of_funds_convention),
      cmocka_unit_test(test_on_time_loan_subsidy),
      cmocka_unit_test(test_no_outlay),
      cmocka_unit_test(test_add_student),
      cmocka_unit_test(test_other_grants),
      cmocka_unit_test(test_datasets),
      cmocka_unit_test(test_dataset_errors),
      cmocka_unit_test(test_of_prepared),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
