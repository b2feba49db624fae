/* test_study_phase.c: the lifecycle's study years for minimal students, each figure worked
   out by hand from the published rule (docs/model.md, "Study-phase readings"):
   - the delay rule (forsinkelse): credits supported less credits passed since the first
     support, made up by passing without support; part-time years and years off are no
     delay;
   - interest during study: none while supported, on the earlier programme's debt in a
     part-time year, on everything in a gap (from the month after support ends), never on
     what converts to grant; simple, added when interest starts.
   The world is the bundled parameters projected at 2.5 % prices (2027-28: 170 368 × 1.025 =
   174 627.20 → 174 627, a whole number of months: 15 875 × 11 = 174 625) and the published
   rate path held after its last reset (5.175 % from March 2025). */
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
  stp_economy_rates(E, P, 0, NULL, NULL, NAN);
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
   A bachelor from 2024-25 at home taking and passing 30 credits a year for four years is
   never behind what was supported: every year is paid at 50 %, 10 months, the monthly rate
   × 0.5 to the nearest krone:
     2024-25 13 790 / 2 = 6 895 × 10 = 68 950
     2025-26 15 169 / 2 = 7 584.50 → 7 585 × 10 = 75 850
     2026-27 15 488 / 2 = 7 744 × 10 = 77 440
     2027-28 15 875 / 2 = 7 937.50 → 7 938 × 10 = 79 380
   in all 301 620 (the old reading, 60 a year of normal progression, stopped the fourth year:
   222 240). */
static void delay_part_time_is_no_delay(void **state) {
  (void)state;
  const int cr[] = {30, 30, 30, 30};
  stp_student s = student(2024, STP_LEVEL_BACHELOR, 4, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(301620));
}

/* Item 1. A master from 2024-25 at home taking 60 / 0 / 0 / 60 credits, all passed: no delay
   after the years off, so the fourth year is paid: 151 690 + 174 625 = 326 315 (the old
   reading paid 151 690). */
static void delay_years_off_are_no_delay(void **state) {
  (void)state;
  const int cr[] = {60, 0, 0, 60};
  stp_student s = student(2024, STP_LEVEL_MASTER2, 4, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(326315));
}

/* Item 1. Still a limit: 60 credits a year from 2024-25, none passed in the first two years.
   Year 1 supported (0 behind), year 2 supported (60 behind, the limit), year 3 not (120
   behind); 60 passed in year 3 without support bring the delay back to 60, so year 4 is
   supported: 151 690 + 166 859 + 0 + 174 625 = 493 174. */
static void delay_made_up_without_support(void **state) {
  (void)state;
  const int cr[] = {60, 60, 60, 60}, pa[] = {0, 0, 60, 60};
  stp_student s = student(2024, STP_LEVEL_MASTER5, 4, cr, pa, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(493174));
}

/* Items 3 and 7. Forskrift om tilbakebetaling av utdanningslån § 2-1: with support for
   part-time study, debt from earlier education bears interest. Prior debt 100 000 and one
   part-time year (45 credits) in 2024-25, at home: the loan is 13 790 × 0.75 = 10 342.50 →
   10 343 × 10 = 103 430; interest on the 100 000 in the ten supported months, simple, at the
   month's rate / 12 to the øre (the published path: 5.128 % from May 2024, 5.175 % from March
   2025, the resets between interpolated):
     Aug 2024 5.1374 % 428.12; Sep-Oct 5.1468 % 2 × 428.90; Nov-Dec 5.1562 % 2 × 429.68;
     Jan-Feb 2025 5.1656 % 2 × 430.47; Mar-May 5.175 % 3 × 431.25
   = 4 299.97. Interest starts for good in June 2025 with 103 430 + 100 000 + 4 299.97 =
   207 729.97 (the old reading: 203 430.00). */
static void prior_debt_bears_interest_part_time(void **state) {
  (void)state;
  const int cr[] = {45};
  stp_student s = student(2024, STP_LEVEL_ONEYEAR, 1, cr, cr, true);
  s.prior_debt = STP_NOK(100000);
  stp_outcome o = run(&s);
  assert_int_equal(o.loan, STP_NOK(103430));
  assert_int_equal(o.debt_end_study, 20772997);
}

/* Items 4, 5 and 7. A 2-year master from 2024-25 living away, 60 / 0 / 60 credits, completed.
   2024-25: 151 690 paid; 25 % converts at the end of the year (37 922.50) and the 15 %
   degree part (22 753.50) at completion, and Lånekassen deletes the interest that ran on what
   converts: what bears interest in the gap is 151 690 − 37 922.50 − 22 753.50 = 91 014.00.
   Interest from the month after support ends (July 2025) to the month before it starts
   again (July 2026, no summer off: the year before had no support), 13 months at 5.175 %:
   91 014 × 0.05175 / 12 = 392.4979 → 392.50 a month, simple: 13 × 392.50 = 5 102.50.
   2026-27: 170 368 paid, 42 592 and 25 555.20 convert. Loan 322 058 − 128 823.20 =
   193 234.80; debt when interest starts (July 2027) 193 234.80 + 5 102.50 = 198 337.30. */
static void gap_interest_on_what_stays_loan(void **state) {
  (void)state;
  const int cr[] = {60, 0, 60};
  stp_student s = student(2024, STP_LEVEL_MASTER2, 3, cr, cr, false);
  stp_outcome o = run(&s);
  assert_int_equal(o.paid_out, STP_NOK(322058));
  assert_int_equal(o.grant, 12882320);
  assert_int_equal(o.debt_end_study, 19833730);
}

/* Full-time to part-time in the same programme starts neither interest nor bills on the
   programme's debt (forskrift § 2-1 second paragraph names only debt from earlier education;
   Lånekassen, Utdanning på deltid 2018-19: "Går du frå fulltid til deltid på same
   utdanning, vil du ikkje få renter eller rekningar på lånet ditt"). A bachelor from 2024-25
   at home, 60 / 45 / 60 credits: 151 690 + (15 169 × 0.75 = 11 376.75 → 11 377) × 10 +
   170 368 = 435 828, and no interest: the debt when interest starts is 435 828.00. With
   prior debt 100 000 it bears interest in the part-time year's ten months and the summer
   before the next supported year (item 5: the summer continues the year before), August
   2025 - July 2026 at 5.175 %: 12 × 431.25 = 5 175.00: 435 828 + 100 000 + 5 175 =
   541 003.00. */
static void full_to_part_time_same_programme(void **state) {
  (void)state;
  const int cr[] = {60, 45, 60};
  stp_student s = student(2024, STP_LEVEL_BACHELOR, 3, cr, cr, true);
  stp_outcome o = run(&s);
  assert_int_equal(o.debt_end_study, STP_NOK(435828));
  s.prior_debt = STP_NOK(100000);
  o = run(&s);
  assert_int_equal(o.debt_end_study, STP_NOK(541003));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(delay_part_time_is_no_delay),
      cmocka_unit_test(delay_years_off_are_no_delay),
      cmocka_unit_test(delay_made_up_without_support),
      cmocka_unit_test(prior_debt_bears_interest_part_time),
      cmocka_unit_test(gap_interest_on_what_stays_loan),
      cmocka_unit_test(full_to_part_time_same_programme),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
