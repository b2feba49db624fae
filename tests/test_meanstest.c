/* test_meanstest.c: the means test of one calendar year (rulebook 4) worked by hand with
   awkward values: income and asset reductions cascading through the four grant parts in
   order, the higher limit at exactly 7 months, the joint 1 % test, reductions larger than
   every grant, no months, and the exact split of a reduction over months. Limits are the
   published ones of datasets/policy/calendar (2023: 205 579, Lånekassen; 2024: 214 213 and
   535 532, Lånekassen; 2025: 224 709, 511 220 and 981 841, NTB quoting Lånekassen). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "params.h"
#include "rules/meanstest.h"

#include "params_fixture.h"

/* 2023, 9 months (> 7: the ordinary limit 205 579), income 271 828.18, assets 531 415.92
   against the 2023 asset limit 467 699 (derived, published figures):
   income (271 828.18 − 205 579) × 5 % × 9 = 66 249.18 × 0.45 = 29 812.131 → 29 812.13;
   assets (531 415.92 − 467 699) × 2 % × 9 = 63 716.92 × 0.18 = 11 469.0456 → 11 469.05;
   41 281.18 in all, taken in order: disability 3 851.99, child 12 345.67, exam 17 777.77
   (all three gone, 33 975.43), then 7 305.75 of the degree part 9 999.99, which keeps
   2 694.24. */
static void cascade_through_parts(void **state) {
  (void)state;
  const stp_cal_params *cp = stp_params_cal(P, 2023);
  assert_int_equal(cp->income_limit, STP_NOK(205579));
  assert_int_equal(cp->asset_limit, STP_NOK(467699));
  stp_means_input in = {.income = 27182818, .assets = 53141592, .months = 9};
  in.potential[STP_PART_DISABILITY] = 385199;
  in.potential[STP_PART_CHILD] = 1234567;
  in.potential[STP_PART_EXAM] = 1777777;
  in.potential[STP_PART_DEGREE] = 999999;
  stp_means_result r;
  stp_means_test(cp, &in, &r);
  assert_false(r.short_limit);
  assert_int_equal(r.income_limit, STP_NOK(205579));
  assert_int_equal(r.income_reduction, 2981213);
  assert_int_equal(r.asset_reduction, 1146905);
  assert_int_equal(r.reduction[STP_PART_DISABILITY], 385199);
  assert_int_equal(r.reduction[STP_PART_CHILD], 1234567);
  assert_int_equal(r.reduction[STP_PART_EXAM], 1777777);
  assert_int_equal(r.reduction[STP_PART_DEGREE], 730575);
  assert_int_equal(r.remaining[STP_PART_DEGREE], 269424);
  for (int k = 0; k < STP_PART_DEGREE; k++) assert_int_equal(r.remaining[k], 0);
}

/* The limit for at most 7 months (2024: 535 532, Lånekassen) applies at exactly 7 months:
   at the limit nothing, 1 krone above it 5 % × 100 øre × 7 = 35 øre. At 8 months the
   ordinary limit 214 213: (535 532 − 214 213) × 5 % × 8 = 128 527.60. */
static void seven_month_boundary(void **state) {
  (void)state;
  const stp_cal_params *cp = stp_params_cal(P, 2024);
  stp_means_input in = {.income = STP_NOK(535532), .months = 7};
  in.potential[STP_PART_EXAM] = STP_NOK(30000);
  stp_means_result r;
  stp_means_test(cp, &in, &r);
  assert_true(r.short_limit);
  assert_int_equal(r.income_limit, STP_NOK(535532));
  assert_int_equal(r.income_reduction, 0);
  in.income += STP_NOK(1);
  stp_means_test(cp, &in, &r);
  assert_int_equal(r.income_reduction, 35);
  assert_int_equal(r.remaining[STP_PART_EXAM], STP_NOK(30000) - 35);
  in.income = STP_NOK(535532);
  in.months = 8;
  stp_means_test(cp, &in, &r);
  assert_false(r.short_limit);
  assert_int_equal(r.income_limit, STP_NOK(214213));
  assert_int_equal(r.income_reduction, 12852760);
  assert_int_equal(r.reduction[STP_PART_EXAM], STP_NOK(30000)); /* capped at the part */
  assert_int_equal(r.remaining[STP_PART_EXAM], 0);
}

/* Joint assets (married or cohabiting with joint children): 1 % a month against the joint
   limit (2025: 981 841), so assets between the single limit 511 220 and the joint one cost
   nothing; 1 000 000.01 costs (1 000 000.01 − 981 841) × 1 % × 11 = 1 997.4911 → 1 997.49.
   The same assets for a single student: (1 000 000.01 − 511 220) × 2 % × 11 = 107 531.6022
   → 107 531.60. */
static void joint_assets(void **state) {
  (void)state;
  const stp_cal_params *cp = stp_params_cal(P, 2025);
  stp_means_input in = {.assets = STP_NOK(750000), .months = 11, .joint = true};
  in.potential[STP_PART_EXAM] = STP_NOK(39646);
  stp_means_result r;
  stp_means_test(cp, &in, &r);
  assert_int_equal(r.asset_limit, STP_NOK(981841));
  assert_true(r.asset_rate == 0.01);
  assert_int_equal(r.asset_reduction, 0);
  in.assets = STP_NOK(1000000) + 1;
  stp_means_test(cp, &in, &r);
  assert_int_equal(r.asset_reduction, 199749);
  in.joint = false;
  stp_means_test(cp, &in, &r);
  assert_int_equal(r.asset_limit, STP_NOK(511220));
  assert_int_equal(r.asset_reduction, 10753160);
  assert_int_equal(r.remaining[STP_PART_EXAM], 0);
}

/* No months with support: no reduction whatever the income; a reduction larger than all
   grants takes them all and no more (the loan is never cut). */
static void no_months_and_overflow(void **state) {
  (void)state;
  const stp_cal_params *cp = stp_params_cal(P, 2025);
  stp_means_input in = {.income = STP_NOK(9000000), .assets = STP_NOK(9000000), .months = 0};
  in.potential[STP_PART_CHILD] = STP_NOK(1000);
  stp_means_result r;
  stp_means_test(cp, &in, &r);
  assert_int_equal(r.income_reduction + r.asset_reduction, 0);
  assert_int_equal(r.remaining[STP_PART_CHILD], STP_NOK(1000));
  in.months = 1;
  stp_means_test(cp, &in, &r);
  stp_money total = 0;
  for (int k = 0; k < STP_NPARTS; k++) {
    assert_int_equal(r.reduction[k], in.potential[k]);
    assert_int_equal(r.remaining[k], 0);
    total += r.reduction[k];
  }
  assert_int_equal(total, STP_NOK(1000));
  assert_true(r.income_reduction > total);
}

/* A reduction shared over months in proportion to their potential, rounded down, the øre
   left given to the last months (rulebook 9a). Potentials 333.33, 0, 333.33, 333.34 (1 000.00
   in all); a reduction of 500.00: 500 × 333.33 / 1 000 = 166.665 → 166.66, 0, 166.66,
   500 × 333.34 / 1 000 = 166.67; 499.99 so far, the last øre to the last month: 166.68.
   A reduction of 1 000.01, more than the total, takes every month's whole potential. */
static void split_by_hand(void **state) {
  (void)state;
  const stp_money pot[4] = {33333, 0, 33333, 33334};
  stp_money out[4];
  stp_split_reduction(100001, pot, 4, out);
  for (int i = 0; i < 4; i++) assert_int_equal(out[i], pot[i]);
  stp_split_reduction(50000, pot, 4, out);
  assert_int_equal(out[0], 16666);
  assert_int_equal(out[1], 0);
  assert_int_equal(out[2], 16666);
  assert_int_equal(out[3], 16668);
  stp_split_reduction(0, pot, 4, out);
  for (int i = 0; i < 4; i++) assert_int_equal(out[i], 0);
  const stp_money none[3] = {0, 0, 0};
  stp_split_reduction(500, none, 3, out);
  for (int i = 0; i < 3; i++) assert_int_equal(out[i], 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(cascade_through_parts), cmocka_unit_test(seven_month_boundary),
      cmocka_unit_test(joint_assets),          cmocka_unit_test(no_months_and_overflow),
      cmocka_unit_test(split_by_hand),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
