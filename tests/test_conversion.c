/* test_conversion.c: loan to grant after the year (rulebook section 3), against Lånekassen's
   published 2024-25 figures: of 151 690 basic support, 40 % can convert, 25 % on credits
   passed (37 922.50) and 15 % when the degree is completed (22 753.50), 60 676 in all; a
   student passing 45 of 60 credits converts three quarters of the exam part (28 441.87,
   rounded down to the øre); credits caught up convert what failed before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/conversion.h"

static void exam_part(void **state) {
  (void)state;
  stp_money exam = 3792250; /* 25 % of 151 690.00 */
  assert_int_equal(stp_conversion_exam(exam, 60, 60), exam);
  assert_int_equal(stp_conversion_exam(exam, 45, 60), 2844187); /* 28 441.875 -> .87 */
  assert_int_equal(stp_conversion_exam(exam, 0, 60), 0);
  assert_int_equal(stp_conversion_exam(exam, 70, 60), exam); /* passed capped at taken */
  assert_int_equal(stp_conversion_exam(exam, 30, 0), 0);      /* nothing supported */
}

static void degree_part(void **state) {
  (void)state;
  stp_money degree = 2275350; /* 15 % of 151 690.00 */
  assert_int_equal(stp_conversion_degree(degree, true), degree);
  assert_int_equal(stp_conversion_degree(degree, false), 0);
  assert_int_equal(stp_conversion_exam(3792250, 60, 60) + stp_conversion_degree(degree, true),
                   STP_NOK(60676));
}

static void catch_up(void **state) {
  (void)state;
  /* 15 credits failed left 9 480.63 unconverted; 10 of them caught up convert two thirds */
  stp_money failed_part = 948063;
  assert_int_equal(stp_conversion_catch_up(failed_part, 15, 15), failed_part);
  assert_int_equal(stp_conversion_catch_up(failed_part, 10, 15), 632042); /* 6 320.42 */
  assert_int_equal(stp_conversion_catch_up(failed_part, 0, 15), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(exam_part),
      cmocka_unit_test(degree_part),
      cmocka_unit_test(catch_up),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
