/* test_money.c: exact NOK parsing and formatting, and the rounding policy (docs/model.md):
   øre × rate to the nearest øre with halves away from zero, as llround does. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"

/* Halves go away from zero; the published 40 % of 151 690 is 60 676 exactly. */
static void test_mul_rate_values(void **state) {
  (void)state;
  assert_int_equal(stp_mul_rate(5, 0.5), 3);
  assert_int_equal(stp_mul_rate(-5, 0.5), -3);
  assert_int_equal(stp_mul_rate(7, 0.5), 4);
  assert_int_equal(stp_mul_rate(4, 0.5), 2);
  assert_int_equal(stp_mul_rate(STP_NOK(151690), 0.40), STP_NOK(60676));
  assert_int_equal(stp_mul_rate(STP_NOK(103950), 0.40), STP_NOK(41580));
  /* 5 % of NOK 38 227 over 6 months: 11 468.10 (a hand-worked means-test reduction) */
  assert_int_equal(stp_mul_rate(STP_NOK(38227) * 6, 0.05), 1146810);
  assert_int_equal(stp_mul_rate(0, 0.3), 0);
  assert_int_equal(stp_mul_rate(123456789, 0), 0);
  assert_int_equal(stp_mul_rate(123, -1.0), -123);
}

/* The same results as llround over many awkward products, near halves included, and on
   the huge values where the fast path hands over to llround. */
static void test_mul_rate_matches_llround(void **state) {
  (void)state;
  uint64_t z = 0x9e3779b97f4a7c15u;
  for (int i = 0; i < 2000000; i++) {
    z ^= z << 13;
    z ^= z >> 7;
    z ^= z << 17;
    stp_money ore = (stp_money)(z % 2000000000000u) - 1000000000000;
    double rate = (double)((z >> 20) % 100000) / 1000.0 - 20.0;
    if (i % 4 == 0) rate = 0.5;       /* exact halves */
    if (i % 4 == 1) rate = 0.025;     /* the means-test and interest rates */
    stp_money want = (stp_money)llround((double)ore * rate);
    if (stp_mul_rate(ore, rate) != want)
      fail_msg("%lld x %.17g: %lld, llround %lld", (long long)ore, rate,
               (long long)stp_mul_rate(ore, rate), (long long)want);
  }
  /* beyond 2^62 the fast path hands over to llround */
  assert_int_equal(stp_mul_rate(INT64_C(5000000000000000000), 1.0),
                   (stp_money)llround(5e18));
}

static void test_parse_format(void **state) {
  (void)state;
  stp_money m;
  char buf[32];
  assert_true(stp_money_parse("151 690", &m));
  assert_int_equal(m, STP_NOK(151690));
  assert_true(stp_money_parse("1_000_000.5", &m));
  assert_int_equal(m, 100000050);
  assert_true(stp_money_parse("-12.34", &m));
  assert_int_equal(m, -1234);
  assert_false(stp_money_parse("1.234", &m));
  assert_false(stp_money_parse("1e3", &m));
  assert_false(stp_money_parse("", &m));
  assert_string_equal(stp_money_format(-1234, buf, sizeof buf), "-12.34");
  assert_string_equal(stp_money_format(STP_NOK(60676), buf, sizeof buf), "60676.00");
  assert_int_equal(stp_trunc_kr(40160), 40100);
  assert_int_equal(stp_round_kr(40150), 40200);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mul_rate_values),
      cmocka_unit_test(test_mul_rate_matches_llround),
      cmocka_unit_test(test_parse_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
