/* test_account.c: one academic year settled across its two calendar years (rulebook 4, 9a,
   9b), against cases worked by hand with awkward values: the calendar-year means test with
   the rates of the neighbouring academic years, a first and a last year of study (at most 7
   months in a calendar year: the higher income limit), the spouse-income test of the child
   grant by calendar year, the 2016-19 June weeks, errors, and the per-student identity
   paid out = grant + loan to the øre over many profiles. The hand arithmetic is in øre; a
   month's potential is that month's basic support × share rounded to the øre, a calendar
   year's reduction is shared over its months in proportion to their potential, rounded
   down, with the øre left over given to the last months (rulebook 9a, docs/model.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "account.h"
#include "params.h"

#include "params_fixture.h"

static stp_student_profile student(int year) {
  stp_student_profile s = {.spouse_income = -1};
  s.sy = (stp_study_year){.year = year, .credits = 60, .age = 23, .eligible = true,
                          .living_away = true, .higher_education = true, .in_degree = true,
                          .take_up = 1.0};
  s.credits_passed = 60;
  return s;
}

static void settle(const stp_student_profile *s, stp_year_account *a) {
  stp_error err = {0};
  assert_int_equal(stp_account_year(P, s, a, &err), STP_OK);
  assert_int_equal(a->paid_out, a->grant + a->loan);
}

/* 2024-25, income 233 333 in both calendar years, 45 of 60 credits passed.
   Calendar 2024: 6 months of 2023-24 (12 537 × 25 % = 3 134.25 a month) + 5 of 2024-25
   (13 790 × 25 % = 3 447.50): exam potential 36 043.00. Reduction (233 333 − 214 213) × 5 %
   × 11 = 10 516.00, all from the exam part; the autumn months' share: 5 × 1 005.85 (rounded
   down) + the 5 øre left over = 5 029.30.
   Calendar 2025: 6 months of 2024-25 (3 447.50) + 5 of 2025-26 (15 169 × 25 % = 3 792.25):
   39 646.25. Reduction (233 333 − 224 709) × 5 % × 11 = 4 743.20; the spring months' share:
   6 × 412.45 (4 743.20 × 3 447.50 / 39 646.25 = 412.4539, rounded down) = 2 474.70.
   Exam part left: 37 922.50 − 5 029.30 − 2 474.70 = 30 418.50; × 45 / 60 = 22 813.875 →
   22 813.87 converted. Degree part 22 753.50 untouched and banked. Loan 151 690 − 22 813.87. */
static void hand_calendar_years(void **state) {
  (void)state;
  stp_student_profile s = student(2024);
  s.income = STP_NOK(233333);
  s.credits_passed = 45;
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.cal[0].year, 2024);
  assert_int_equal(a.cal[0].in.months, 11);
  assert_int_equal(a.cal[0].months_this, 5);
  assert_int_equal(a.cal[0].in.potential[STP_PART_EXAM], 3604300);
  assert_int_equal(a.cal[0].res.income_reduction, 1051600);
  assert_int_equal(a.cal[0].reduction_this[STP_PART_EXAM], 502930);
  assert_int_equal(a.cal[1].year, 2025);
  assert_int_equal(a.cal[1].months_this, 6);
  assert_int_equal(a.cal[1].in.potential[STP_PART_EXAM], 3964625);
  assert_int_equal(a.cal[1].res.income_reduction, 474320);
  assert_int_equal(a.cal[1].reduction_this[STP_PART_EXAM], 247470);
  assert_int_equal(a.surviving[STP_PART_EXAM], 3041850);
  assert_int_equal(a.converted_exam, 2281387);
  assert_int_equal(a.unconverted_exam, 3041850 - 2281387);
  assert_int_equal(a.banked_degree, 2275350);
  assert_int_equal(a.converted_degree, 0);
  assert_int_equal(a.grant, 2281387);
  assert_int_equal(a.loan, STP_NOK(151690) - 2281387);
}

/* A first year (no support in 2023-24), income 300 000. Calendar 2024 has only August-
   December: 5 months <= 7, so the higher limit 535 532 (Lånekassen 2024): no reduction.
   Calendar 2025 has 11 months: (300 000 − 224 709) × 5 % × 11 = 41 410.05, more than the
   whole exam potential 39 646.25, so 1 763.80 falls on the degree part (6 × 2 068.50 +
   5 × 2 275.35 = 23 787.75); the spring months lose their exam part entirely (6 × 3 447.50
   = 20 685.00) and 1 763.80 × 2 068.50 / 23 787.75 = 153.37 each of the degree part
   (6 × 153.37 = 920.22). Exam left: the autumn's 17 237.50; degree left 22 753.50 − 920.22. */
static void hand_first_year(void **state) {
  (void)state;
  stp_student_profile s = student(2024);
  s.income = STP_NOK(300000);
  s.first_year = true;
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.cal[0].in.months, 5);
  assert_true(a.cal[0].res.short_limit);
  assert_int_equal(a.cal[0].res.income_limit, STP_NOK(535532));
  assert_int_equal(a.cal[0].res.income_reduction, 0);
  assert_int_equal(a.cal[1].in.months, 11);
  assert_false(a.cal[1].res.short_limit);
  assert_int_equal(a.cal[1].res.income_reduction, 4141005);
  assert_int_equal(a.cal[1].res.reduction[STP_PART_EXAM], 3964625);
  assert_int_equal(a.cal[1].res.reduction[STP_PART_DEGREE], 176380);
  assert_int_equal(a.cal[1].reduction_this[STP_PART_EXAM], 2068500);
  assert_int_equal(a.cal[1].reduction_this[STP_PART_DEGREE], 92022);
  assert_int_equal(a.surviving[STP_PART_EXAM], 1723750);
  assert_int_equal(a.surviving[STP_PART_DEGREE], 2275350 - 92022);
  assert_int_equal(a.converted_exam, 1723750);
  /* The same student continuing from 2023-24 has 11 months in 2024: the ordinary limit. */
  s.first_year = false;
  settle(&s, &a);
  assert_false(a.cal[0].res.short_limit);
  assert_int_equal(a.cal[0].res.income_reduction, stp_mul_rate((STP_NOK(300000) -
                                                                STP_NOK(214213)) * 11, 0.05));
}

/* A last year (no support in 2025-26), degree completed, income 230 000. Calendar 2025 has
   only January-June: 6 months, the higher limit 561 773: nothing. Calendar 2024 (11 months):
   (230 000 − 214 213) × 5 % × 11 = 8 682.85 from the exam part, the autumn months' share
   4 152.61: exam left 33 769.89, all converted (60 passed), and the degree part 22 753.50
   converts: grant 56 523.39. */
static void hand_last_year(void **state) {
  (void)state;
  stp_student_profile s = student(2024);
  s.income = STP_NOK(230000);
  s.last_year = true;
  s.degree_completed = true;
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.cal[1].in.months, 6);
  assert_true(a.cal[1].res.short_limit);
  assert_int_equal(a.cal[1].res.income_limit, STP_NOK(561773));
  assert_int_equal(a.cal[1].res.income_reduction, 0);
  assert_int_equal(a.cal[0].res.income_reduction, 868285);
  assert_int_equal(a.cal[0].reduction_this[STP_PART_EXAM], 415261);
  assert_int_equal(a.surviving[STP_PART_EXAM], 3376989);
  assert_int_equal(a.converted_exam, 3376989);
  assert_int_equal(a.converted_degree, 2275350);
  assert_int_equal(a.grant, 3376989 + 2275350);
  /* First and last year at once (a one-year programme): both calendar years short. */
  s.first_year = true;
  s.income = STP_NOK(500000);
  settle(&s, &a);
  assert_true(a.cal[0].res.short_limit && a.cal[1].res.short_limit);
  assert_int_equal(a.reduction[STP_PART_EXAM] + a.reduction[STP_PART_DEGREE], 0);
  assert_int_equal(a.grant, STP_NOK(60676)); /* the published 2024-25 maximum */
}

/* The spouse-income test by calendar year (published figures): 2019-20, one child, partner
   income 420 000. Autumn 2019 against the 2019 limit 411 968: 1 717 − 401 (8 032 × 5 % =
   401.60, whole kroner) = 1 316 a month, Lånekassen's example; spring 2020 against the 2020
   limit 425 357: no reduction, 1 717. Child grant 5 × 1 316 + 6 × 1 717 = 16 882. */
static void hand_spouse_by_calendar_year(void **state) {
  (void)state;
  stp_student_profile s = student(2019);
  s.sy.children = 1;
  s.spouse_income = STP_NOK(420000);
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.sup.m[0].grant[STP_PART_CHILD], STP_NOK(1316));
  assert_int_equal(a.sup.m[4].grant[STP_PART_CHILD], STP_NOK(1316));
  assert_int_equal(a.sup.m[5].grant[STP_PART_CHILD], STP_NOK(1717));
  assert_int_equal(a.sup.grant[STP_PART_CHILD], STP_NOK(16882));
  assert_int_equal(a.potential[STP_PART_CHILD], STP_NOK(16882));
  /* No income: the grant survives and is part of what is paid out and of the grant. */
  assert_int_equal(a.paid_out, STP_NOK(121220) + STP_NOK(16882));
  assert_int_equal(a.grant, STP_NOK(16882) + STP_NOK(121220) * 25 / 100);
}

/* 2016-17: ten months August-May of 10 395, and the June week (10 395 / 4 = 2 598.75, paid
   as 2 599, the published figure) in June 2017; it converts like the rest. Calendar 2017:
   5 months of 2016-17 at 10 395 × 40 % = 4 158, June's week 1 039.60, and 5 months of
   2017-18 at 10 634 × 40 % = 4 253.60: 43 097.60, with 11 months with support (June counts:
   support was paid in it). */
static void hand_june_weeks(void **state) {
  (void)state;
  stp_student_profile s = student(2016);
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.cal[1].year, 2017);
  assert_int_equal(a.cal[1].in.months, 11);
  assert_int_equal(a.cal[1].in.potential[STP_PART_EXAM], 4309760);
  assert_int_equal(a.sup.m[9].basic, STP_NOK(10395));
  assert_int_equal(a.sup.m[10].basic, STP_NOK(2599));
  /* No income: 40 % of 106 549 all converts (no degree part before 2019-20). */
  assert_int_equal(a.grant, stp_mul_rate(STP_NOK(103950 + 2599), 0.40));
  assert_int_equal(a.sup.grant[STP_PART_DEGREE], 0);
}

/* Part-time (45 credits, 2024-25): 10 months August-May of 13 790 × 0.75 → 10 343; the
   calendar year has 5 + 5 = 10 months, so the ordinary limit applies even though each
   academic year pays only 5 months into it. */
static void hand_part_time_calendar(void **state) {
  (void)state;
  stp_student_profile s = student(2024);
  s.sy.credits = 45;
  s.credits_passed = 30;
  s.income = STP_NOK(214213) + STP_NOK(1); /* 1 krone over the 2024 limit */
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.sup.months, 10);
  assert_int_equal(a.sup.basic, STP_NOK(103430));
  assert_int_equal(a.cal[0].in.months, 10);
  assert_false(a.cal[0].res.short_limit);
  assert_int_equal(a.cal[0].res.income_reduction, 50); /* 100 øre × 5 % × 10 months */
  /* Shared by potential: January-May 2 350.75 a month (9 403 × 25 %), August-December
     2 585.75: 4 and 5 øre a month rounded down (45), the 5 øre left go to the last month:
     30 øre on this academic year's months. */
  assert_int_equal(a.cal[0].reduction_this[STP_PART_EXAM], 30);
  assert_int_equal(a.converted_exam, stp_muldiv(a.surviving[STP_PART_EXAM], 30, 45));
}

/* The 30+ and parent loans and the tuition loan are paid out and stay loan; a reduced
   disability grant becomes loan. 2024-25, age 34 with a child, disability, private
   institution charging 80 000, income 600 000: the calendar reductions exceed every grant
   (2024: (600 000 − 214 213) × 5 % × 11 = 212 182.85 against 149 291.80 of grants in the
   calendar year; 2025: 206 410.05 against 158 158.00). */
static void extra_support_stays_loan(void **state) {
  (void)state;
  stp_student_profile s = student(2024);
  s.sy.age = 34;
  s.sy.children = 2;
  s.sy.disability = true;
  s.sy.private_institution = true;
  s.sy.tuition_charged = STP_NOK(80000);
  s.income = STP_NOK(600000);
  stp_year_account a;
  settle(&s, &a);
  assert_int_equal(a.sup.loan_30plus, STP_NOK(115880)); /* larger than the parent loan */
  assert_int_equal(a.sup.parent_loan, 0);
  assert_int_equal(a.sup.tuition_loan, STP_NOK(77192));
  assert_int_equal(a.paid_out, STP_NOK(151690 + 115880 + 77192 + 48873 + 2 * 11 * 2028));
  assert_int_equal(a.grant, 0);
  assert_int_equal(a.loan, a.paid_out);
}

static void errors_provoked(void **state) {
  (void)state;
  stp_year_account a, before;
  memset(&a, 0x5a, sizeof a);
  before = a;
  stp_calendar_test t;
  stp_error err = {0};
  stp_student_profile s = student(2024);
  s.sy.year = 2015;
  assert_int_equal(stp_account_year(P, &s, &a, &err), STP_ENOTFOUND);
  assert_non_null(strstr(err.msg, "2015-16"));
  assert_int_equal(stp_account_calendar(P, &s, 2016, &t, &err), STP_ENOTFOUND);
  s = student(2024);
  s.sy.credits = 121;
  assert_int_equal(stp_account_year(P, &s, &a, &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "credits 121"));
  s.sy.credits = -1;
  assert_int_equal(stp_account_year(P, &s, &a, &err), STP_ERANGE);
  s = student(2024);
  s.credits_passed = -3;
  assert_int_equal(stp_account_year(P, &s, &a, &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "credits passed -3 is negative"));
  s.credits_passed = 61;
  assert_int_equal(stp_account_calendar(P, &s, 2024, &t, &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "more than the 60 credits taken"));
  s = student(2024);
  s.assets = -STP_NOK(1);
  assert_int_equal(stp_account_year(P, &s, &a, &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "negative"));
  assert_memory_equal(&a, &before, sizeof a); /* untouched on error */
}

static uint64_t next(uint64_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  return *x;
}

/* The per-student identities, to the øre, over 4 000 random profiles of every year: paid
   out = grant + loan; paid out = the months' basic + extra loans + disability and child
   grants; each part's reduction between 0 and its potential; conversions within what
   survived; the loan at least the basic loan's non-convertible 60 % and the extra loans. */
static void identities_random_profiles(void **state) {
  (void)state;
  uint64_t x = 0x2385;
  for (int n = 0; n < 4000; n++) {
    int year = STP_FIRST_YEAR + (int)(next(&x) % STP_NYEARS);
    stp_student_profile s = student(year);
    s.sy.credits = (int)(next(&x) % 61);
    s.credits_passed = s.sy.credits ? (int)(next(&x) % (uint64_t)(s.sy.credits + 1)) : 0;
    s.sy.credits_used_before = (int)(next(&x) % 500);
    s.sy.credits_behind = (int)(next(&x) % 70);
    s.sy.age = 18 + (int)(next(&x) % 50);
    s.sy.living_away = next(&x) % 10 != 0;
    s.sy.in_degree = next(&x) % 5 != 0;
    s.sy.higher_education = next(&x) % 8 != 0;
    s.sy.children = (int)(next(&x) % 4);
    s.sy.disability = next(&x) % 6 == 0;
    s.sy.private_institution = next(&x) % 7 == 0;
    s.sy.tuition_charged = (stp_money)(next(&x) % (uint64_t)STP_NOK(150000));
    s.sy.take_up = (double)(next(&x) % 101) / 100.0;
    s.sy.loan_30plus_used = (stp_money)(next(&x) % (uint64_t)STP_NOK(250000));
    s.income = (stp_money)(next(&x) % (uint64_t)STP_NOK(700000)) + (stp_money)(next(&x) % 100);
    s.assets = next(&x) % 3 ? 0 : (stp_money)(next(&x) % (uint64_t)STP_NOK(1200000));
    s.joint_assets = next(&x) % 4 == 0;
    s.spouse_income = next(&x) % 3 ? -1 : (stp_money)(next(&x) % (uint64_t)STP_NOK(600000));
    s.degree_completed = s.sy.in_degree && next(&x) % 3 == 0;
    s.first_year = next(&x) % 4 == 0;
    s.last_year = next(&x) % 4 == 0;
    stp_year_account a;
    settle(&s, &a);
    stp_money months = 0, grant_parts = 0;
    for (int i = 0; i < STP_YEAR_MONTHS; i++)
      months += a.sup.m[i].basic + a.sup.m[i].extra_loan +
                a.sup.m[i].grant[STP_PART_DISABILITY] + a.sup.m[i].grant[STP_PART_CHILD];
    assert_int_equal(a.paid_out, months);
    stp_money extra = a.sup.loan_30plus + a.sup.parent_loan + a.sup.tuition_loan;
    assert_int_equal(a.paid_out, a.sup.basic + extra + a.sup.grant[STP_PART_DISABILITY] +
                                     a.sup.grant[STP_PART_CHILD]);
    for (int k = 0; k < STP_NPARTS; k++) {
      assert_true(a.reduction[k] >= 0 && a.reduction[k] <= a.potential[k]);
      assert_int_equal(a.surviving[k], a.potential[k] - a.reduction[k]);
      assert_int_equal(a.reduction[k], a.cal[0].reduction_this[k] + a.cal[1].reduction_this[k]);
      grant_parts += a.surviving[k];
    }
    assert_true(a.converted_exam >= 0 && a.converted_exam <= a.surviving[STP_PART_EXAM]);
    assert_int_equal(a.converted_exam + a.unconverted_exam, a.surviving[STP_PART_EXAM]);
    assert_true(a.converted_degree == 0 || a.converted_degree == a.banked_degree);
    assert_true(a.grant <= grant_parts);
    assert_true(a.grant >= 0 && a.loan >= 0);
    /* At most 40 % of the basic loan (plus the øre of rounding each month) converts. */
    assert_true(a.converted_exam + a.converted_degree <=
                stp_mul_rate(a.sup.basic, 0.40) + 2 * STP_YEAR_MONTHS);
    assert_true(a.loan >= extra);
    if (a.sup.status >= STP_SUPPORT_NONE_INELIGIBLE) assert_int_equal(a.paid_out, 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(hand_calendar_years),       cmocka_unit_test(hand_first_year),
      cmocka_unit_test(hand_last_year),            cmocka_unit_test(hand_spouse_by_calendar_year),
      cmocka_unit_test(hand_june_weeks),           cmocka_unit_test(hand_part_time_calendar),
      cmocka_unit_test(extra_support_stays_loan),  cmocka_unit_test(errors_provoked),
      cmocka_unit_test(identities_random_profiles),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
