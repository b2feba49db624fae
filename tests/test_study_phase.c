/* test_study_phase.c: the lifecycle's study years for minimal students, each figure worked
   out by hand from the published rule (docs/model.md, "Study-phase readings"):
   - the delay rule (forsinkelse): credits supported less credits passed since the first
     support, made up by passing without support; part-time years and years off are no
     delay;
   - interest during study: none while supported, on the earlier programme's debt in a
     part-time year, on everything in a gap (from the month after support ends), never on
     what converts to grant; simple, added when interest starts.
   The world is the bundled parameters (every year used, 2022-23 to 2025-26, is published:
   monthly full-time 11 717, 12 537, 13 790, 15 169) and, so that new rate data cannot move
   the figures, a flat 4.8 % a year: 0.4 % a month. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cohort.h"
#include "lifecycle.h"
#include "rules/tuition.h"

static stp_params *P;
static stp_cohort_model *M;
static stp_economy *E;
static stp_life_ctx C;

static int setup(void **state) {
  (void)state;
  stp_error err = {0};
  if (stp_params_load(NULL, &P, &err) != STP_OK ||
      stp_params_project(P, STP_MAX_YEAR, 0.025, 0.035, &err) != STP_OK ||
      stp_cohort_model_load(NULL, NULL, &M, &err) != STP_OK)
    return -1;
  E = malloc(sizeof *E);
  if (!E) return -1;
  const int from[] = {STP_MONTH(2016, 1)};
  const double rate[] = {0.048};
  stp_economy_rates(E, P, 1, from, rate, NAN);
  E->wage_growth = 0.035;
  C = (stp_life_ctx){.p = P, .cohort = M, .econ = E, .seed = 11};
  return stp_life_ctx_init(&C, &err) == STP_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  stp_life_ctx_release(&C);
  free(E);
  stp_cohort_model_free(M);
  stp_params_free(P);
  return 0;
}

/* A Norwegian student borrowing the whole basic loan, born 20 years before entry, no
   income, assets, children or tuition; credits[k] taken and passed[k] passed each year. */
static stp_student student(int entry, int level, int years, const int *credits,
                           const int *passed, bool at_home) {
  stp_student s;
  memset(&s, 0, sizeof s);
  s.id = 7;
  s.entry_year = entry;
  s.birth_year = entry - 20;
  s.level = (uint8_t)level;
  s.normed_years = (uint8_t)stp_level_normed_years(level);
  s.funding_category = 3;
  s.exemption = STP_EXEMPT_EEA;
  s.at_home = at_home;
  s.years = (uint8_t)years;
  for (int k = 0; k < years; k++) {
    s.credits[k] = (uint8_t)credits[k];
    s.passed[k] = (uint8_t)passed[k];
  }
  s.completed = 1;
  s.borrows = 1;
  s.take_up = 1.0f;
  s.earn_log_level = 10.5f;
  s.earn_shock_sd = 0.1f;
  s.defer_propensity = 1.0f;
  return s;
}

static stp_outcome run(const stp_student *s) {
  stp_outcome o;
  stp_lifecycle(&C, s, NULL, &o, NULL);
  assert_int_equal(o.paid_out, o.grant + o.loan);
  return o;
}

/* Item 1. Lånekassen: "Du er forsinket hvis du består mindre utdanning enn du har fått støtte
   til"; the delay is made up by passing exams without support.
   A bachelor from 2022-23 at home taking and passing 30 credits a year for four years is
   never behind what was supported: every year is paid at 50 %, 10 months, the monthly rate
   × 0.5 to the nearest krone:
     2022-23 11 717 / 2 = 5 858.50 → 5 859 × 10 = 58 590
     2023-24 12 537 / 2 = 6 268.50 → 6 269 × 10 = 62 690
     2024-25 13 790 / 2 = 6 895 × 10 = 68 950
     2025-26 15 169 / 2 = 7 584.50 → 7 585 × 10 = 75 850
   in all 266 080 (the old reading, 60 a year of normal progression, stopped the fourth year:
   190 230; the example from 2024-25: 301 620 against 222 240). */
static void delay_part_time_is_no_delay(void **state) {
  (void)state;
  const int cr[] = {30, 30, 30, 30};
  stp_student s = student(2022, STP_LEVEL_BACHELOR, 4, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(266080));
}

/* Item 1. A master from 2022-23 at home taking 60 / 0 / 0 / 60 credits, all passed: no delay
   after the years off, so the fourth year is paid: 128 887 + 166 859 = 295 746 (the old
   reading paid 128 887). */
static void delay_years_off_are_no_delay(void **state) {
  (void)state;
  const int cr[] = {60, 0, 0, 60};
  stp_student s = student(2022, STP_LEVEL_MASTER2, 4, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(295746));
}

/* Item 1. Still a limit: 60 credits a year from 2022-23, none passed in the first two years.
   Year 1 supported (0 behind), year 2 supported (60 behind, the limit), year 3 not (120
   behind); 60 passed in year 3 without support bring the delay back to 60, so year 4 is
   supported: 128 887 + 137 907 + 0 + 166 859 = 433 653. */
static void delay_made_up_without_support(void **state) {
  (void)state;
  const int cr[] = {60, 60, 60, 60}, pa[] = {0, 0, 60, 60};
  stp_student s = student(2022, STP_LEVEL_MASTER5, 4, cr, pa, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(433653));
}

/* Items 3 and 7. Forskrift om tilbakebetaling av utdanningslån § 2-1: with support for
   part-time study, debt from earlier education bears interest. Prior debt 100 000 and one
   part-time year (45 credits) in 2024-25, at home: the loan is 13 790 × 0.75 = 10 342.50 →
   10 343 × 10 = 103 430; interest on the 100 000 in the ten supported months, simple:
   100 000 × 0.004 = 400.00 a month, 4 000.00. Interest starts for good in June 2025 with
   103 430 + 100 000 + 4 000 = 207 430.00 (the old reading: 203 430.00; compounded monthly
   it would be 4 072.78). On the published rate path the same rule gives 4 299.97 and
   207 729.97, the independent recomputation's figure. */
static void prior_debt_bears_interest_part_time(void **state) {
  (void)state;
  const int cr[] = {45};
  stp_student s = student(2024, STP_LEVEL_ONEYEAR, 1, cr, cr, true);
  s.prior_debt = STP_NOK(100000);
  stp_outcome o = run(&s);
  assert_int_equal(o.loan, STP_NOK(103430));
  assert_int_equal(o.debt_end_study, STP_NOK(207430));
}

/* Items 4, 5 and 7. A 2-year master from 2022-23 living away, 60 / 0 / 60 credits,
   completed. 2022-23: 128 887 paid; 25 % converts at the end of the year (2 929.25 × 11 =
   32 221.75) and the 15 % degree part (1 757.55 × 11 = 19 333.05) at completion, and
   Lånekassen deletes the interest that ran on what converts: what bears interest in the gap
   is 128 887 − 32 221.75 − 19 333.05 = 77 332.20. Interest from the month after support ends
   (July 2023) to the month before it starts again (July 2024, no summer off: the year before
   had no support), 13 months: 77 332.20 × 0.004 = 309.3288 → 309.33 a month, simple:
   13 × 309.33 = 4 021.29. 2024-25: 151 690 paid, 37 922.50 and 22 753.50 convert. Loan
   280 577 − 112 230.80 = 168 346.20; debt when interest starts (July 2025) 168 346.20 +
   4 021.29 = 172 367.49. */
static void gap_interest_on_what_stays_loan(void **state) {
  (void)state;
  const int cr[] = {60, 0, 60};
  stp_student s = student(2022, STP_LEVEL_MASTER2, 3, cr, cr, false);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(280577));
  assert_int_equal(o.grant, 11223080);
  assert_int_equal(o.debt_end_study, 17236749);
}

/* Full-time to part-time in the same programme starts neither interest nor bills on the
   programme's debt (forskrift § 2-1 second paragraph names only debt from earlier education;
   Lånekassen, Utdanning på deltid 2018-19: "Går du frå fulltid til deltid på same
   utdanning, vil du ikkje få renter eller rekningar på lånet ditt"). A bachelor from 2022-23
   at home, 60 / 45 / 60 credits: 128 887 + (12 537 × 0.75 = 9 402.75 → 9 403) × 10 +
   151 690 = 374 607, and no interest: the debt when interest starts is 374 607.00. With
   prior debt 100 000 it bears interest in the part-time year's ten months and the summer
   before the next supported year (item 5: the summer continues the year before), August
   2023 - July 2024: 12 × 400.00 = 4 800.00: 374 607 + 100 000 + 4 800 = 479 407.00. */
static void full_to_part_time_same_programme(void **state) {
  (void)state;
  const int cr[] = {60, 45, 60};
  stp_student s = student(2022, STP_LEVEL_BACHELOR, 3, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.debt_end_study, STP_NOK(374607));
  s.prior_debt = STP_NOK(100000);
  o = run(&s);
  assert_int_equal(o.debt_end_study, STP_NOK(479407));
}

/* Issue 10, item 5: the COVID extra loan of spring 2021 (Lånekassen, Tilleggslån korona
   våren 2021: a fixed 26 000 for students with support that spring, 10 400 converted to a
   grant for those who document the loss of income, living away or at home; Prop. 22 S
   (2021-2022): 40 % convertible, provided for in post 50 at payout). A bachelor from 2019-20
   at home, 60 credits a year; 2020-21's take-up and documentation set to 1 or 0 and 2019-20's
   to 0, so the run differs from the one without the loan by it alone. */
static void covid_loan_spring_2021(void **state) {
  (void)state;
  stp_year_params *y19 = stp_params_year_mut(P, 2019), *y20 = stp_params_year_mut(P, 2020);
  const stp_year_params k19 = *y19, k20 = *y20;
  assert_int_equal(k20.covid_loan, STP_NOK(26000));
  assert_int_equal(k20.covid_loan_convertible, STP_NOK(10400));
  y19->covid_loan_take_up = 0;
  const int cr[] = {60, 60, 60};
  stp_student s = student(2019, STP_LEVEL_BACHELOR, 3, cr, cr, true);
  stp_cashflow *without = calloc(1, sizeof *without), *with = calloc(1, sizeof *with);
  assert_non_null(without);
  assert_non_null(with);
  y20->covid_loan_take_up = 0;
  stp_outcome o0;
  stp_lifecycle(&C, &s, NULL, &o0, without);
  y20->covid_loan_take_up = 1;
  y20->covid_loan_documented = 1;
  stp_outcome o1;
  stp_lifecycle(&C, &s, NULL, &o1, with);
  assert_int_equal(o1.paid_out - o0.paid_out, STP_NOK(26000));
  assert_int_equal(o1.grant - o0.grant, STP_NOK(10400)); /* at home, and converted all the same */
  assert_int_equal(o1.debt_end_study - o0.debt_end_study, STP_NOK(15600));
  const int i21 = 2021 - STP_CF_FIRST, i22 = 2022 - STP_CF_FIRST;
  assert_int_equal(with->paid_out[i21] - without->paid_out[i21], STP_NOK(26000));
  assert_int_equal(with->provision[i21] - without->provision[i21], STP_NOK(10400));
  assert_int_equal(with->converted[i22] - without->converted[i22], STP_NOK(10400));
  /* not documented: all of it stays loan */
  y20->covid_loan_documented = 0;
  stp_lifecycle(&C, &s, NULL, &o1, NULL);
  assert_int_equal(o1.loan - o0.loan, STP_NOK(26000));
  /* no support in spring 2021 (entered in 2021-22): not offered */
  stp_student t = student(2021, STP_LEVEL_BACHELOR, 3, cr, cr, true);
  stp_outcome a, b;
  y20->covid_loan_take_up = 0;
  stp_lifecycle(&C, &t, NULL, &a, NULL);
  y20->covid_loan_take_up = 1;
  stp_lifecycle(&C, &t, NULL, &b, NULL);
  assert_int_equal(a.paid_out, b.paid_out);
  *y19 = k19;
  *y20 = k20;
  free(without);
  free(with);
}

/* Issue 12, item 2: Lånekassen's debt at the end of higher education is the debt when the
   borrower "goes from being a student to paying back" (06.06.2024): the first bill, about
   seven months after support ends, adds the interest of those months. At this world's flat
   4.8 % (0.4 % a month) a debt of 400 000 accrues 7 x 1 600 = 11 200. */
static void debt_when_repaying(void **state) {
  (void)state;
  assert_int_equal(stp_params_repay(P)->grace_months, 7);
  assert_int_equal(stp_grace_interest(&C, STP_NOK(400000), STP_MONTH(2024, 7)), STP_NOK(11200));
  assert_int_equal(stp_grace_interest(&C, 0, STP_MONTH(2024, 7)), 0);
}

/* Issue 12, item 2: the first bill comes before the last conversion (Lånekassen, Du får
   rekningar før du får den siste omgjeringa, 2018: the conversion waits for the tax
   assessment of the autumn after; the degree part, 15 %, the year after the degree: Nå gjer
   vi om lån til stipend for 2019, 2020). A bachelor from 2021-22 living away, passing 60
   credits a year, no income, finishing in June 2024: still to convert when she becomes a
   repayer are the degree part of her three years, 15 % of 126 357 + 128 887 + 137 907 =
   58 972.65, and the exam part of spring 2024's six months, 25 % of 6 x 12 537 = 18 805.50:
   77 778.15, to the krone (each part is rounded to the øre month by month). */
static void conversion_pending_at_first_bill(void **state) {
  (void)state;
  const int cr[] = {60, 60, 60};
  stp_student s = student(2021, STP_LEVEL_BACHELOR, 3, cr, cr, false);
  stp_outcome o = run(&s);
  stp_study_record rec;
  stp_study_record_of(&C, &s, &rec);
  assert_int_equal(rec.interest_start, STP_MONTH(2024, 7));
  assert_true(llabs(rec.conversion_pending - 7777815) <= 100); /* øre */
  /* the rest of what converts was converted before: 40 % of the three years in all */
  assert_true(llabs(o.grant - 15726040) <= 300); /* 0.4 x 393 151 = 157 260.40, in øre */
  /* at home nothing converts, so nothing is pending */
  stp_student h = student(2021, STP_LEVEL_BACHELOR, 3, cr, cr, true);
  stp_study_record_of(&C, &h, &rec);
  assert_int_equal(rec.conversion_pending, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(conversion_pending_at_first_bill),
      cmocka_unit_test(delay_part_time_is_no_delay),
      cmocka_unit_test(delay_years_off_are_no_delay),
      cmocka_unit_test(delay_made_up_without_support),
      cmocka_unit_test(prior_debt_bears_interest_part_time),
      cmocka_unit_test(gap_interest_on_what_stays_loan),
      cmocka_unit_test(full_to_part_time_same_programme),
      cmocka_unit_test(covid_loan_spring_2021),
      cmocka_unit_test(debt_when_repaying),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
