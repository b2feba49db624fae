/* test_money.c: exact NOK parsing and formatting, and the rounding policy (docs/model.md):
   øre × rate to the nearest øre with halves away from zero, as llround does. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
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

/* stp_muldiv is floor(a × num / den) for a, num >= 0, den > 0: in 64 bits where the
   product fits and in 128 where it does not, the two meeting at the overflow boundary.
   Checked against long division by hand (schoolbook in base 2^32) on random operands. */
static uint64_t xs(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* floor(a b / d) for a, b < 2^63, d < 2^63, d > 0, by 32-bit limbs (no __int128) */
static int64_t muldiv_by_hand(uint64_t a, uint64_t b, uint64_t d) {
  uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  uint64_t lo = (p00 & 0xffffffffu) | (mid << 32);
  uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  /* (hi, lo) / d by shift-and-subtract: the quotient fits in 64 bits in every case here */
  uint64_t q = 0, r = hi % d;
  for (int i = 63; i >= 0; i--) {
    int top = (int)(r >> 63);
    r = (r << 1) | (lo >> i & 1);
    q <<= 1;
    if (top || r >= d) {
      r -= d;
      q |= 1;
    }
  }
  return (int64_t)q;
}

static void test_muldiv(void **state) {
  (void)state;
  uint64_t s = 88172645463325252u;
  for (int i = 0; i < 400000; i++) {
    int bits_a = 1 + (int)(xs(&s) % 62), bits_b = 1 + (int)(xs(&s) % 62);
    uint64_t a = xs(&s) >> (64 - bits_a), b = xs(&s) >> (64 - bits_b);
    uint64_t d = (xs(&s) >> (64 - (1 + (int)(xs(&s) % 62)))) | 1;
    /* keep the quotient below 2^63: d > a b / 2^62 */
    if ((bits_a + bits_b > 62) && (d >> (bits_a + bits_b - 62 > 62 ? 62 : bits_a + bits_b - 62)) == 0)
      d |= UINT64_C(1) << (bits_a + bits_b - 62 > 61 ? 61 : bits_a + bits_b - 62);
    assert_int_equal(stp_muldiv((stp_money)a, (stp_money)b, (stp_money)d),
                     muldiv_by_hand(a, b, d));
  }
  /* the 64-bit boundary and the split's typical sizes */
  assert_int_equal(stp_muldiv(INT64_C(3037000499), INT64_C(3037000499), 7),
                   muldiv_by_hand(3037000499u, 3037000499u, 7));
  assert_int_equal(stp_muldiv(INT64_C(3037000500), INT64_C(3037000500), 7),
                   muldiv_by_hand(3037000500u, 3037000500u, 7));
  assert_int_equal(stp_muldiv(1146810, 1379000, 15169000), 104255);
}

/* Means to the nearest øre, halves away from zero: 2 385 øre over 4 = 596.25 -> 596,
   over 2 = 1 192.5 -> 1 193, and -1 192.5 -> -1 193; 7 over 14 = 0.5 -> 1. */
static void test_div_round(void **state) {
  (void)state;
  assert_int_equal(stp_div_round(2385, 4), 596);
  assert_int_equal(stp_div_round(2385, 2), 1193);
  assert_int_equal(stp_div_round(-2385, 2), -1193);
  assert_int_equal(stp_div_round(-2385, 4), -596);
  assert_int_equal(stp_div_round(7, 14), 1);
  assert_int_equal(stp_div_round(6, 14), 0);
  assert_int_equal(stp_div_round(INT64_MAX, 1), INT64_MAX);
}

/* Text for a reader: thousands grouped by a space, and totals in NOK million to the nearest
   NOK 100 000 (halves away from zero): 1 416 650 000.00 NOK -> "1 416.7", -50 000 -> "-0.1". */
static void test_grouped(void **state) {
  (void)state;
  char b[48];
  assert_string_equal(stp_money_grouped(STP_NOK(151690), b, sizeof b), "151 690.00");
  assert_string_equal(stp_money_grouped(-238517, b, sizeof b), "-2 385.17");
  assert_string_equal(stp_money_grouped(99, b, sizeof b), "0.99");
  assert_string_equal(stp_money_grouped(INT64_MIN, b, sizeof b), "-92 233 720 368 547 758.08");
  assert_string_equal(stp_money_grouped(STP_NOK(1000000), b, 6), "1 000"); /* cut, terminated */
  assert_string_equal(stp_money_million(STP_NOK(1416650000), b, sizeof b), "1 416.7");
  assert_string_equal(stp_money_million(STP_NOK(1416649999), b, sizeof b), "1 416.6");
  assert_string_equal(stp_money_million(-STP_NOK(50000), b, sizeof b), "-0.1");
  assert_string_equal(stp_money_million(STP_NOK(49999), b, sizeof b), "0.0");
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
  /* the plain form digits.dd (the fast path) and its neighbours (the general loop) */
  assert_true(stp_money_parse("403841.07", &m));
  assert_int_equal(m, 40384107);
  assert_true(stp_money_parse("0.00", &m));
  assert_int_equal(m, 0);
  assert_true(stp_money_parse("123456789012345.67", &m)); /* 15 digits before the point */
  assert_int_equal(m, 12345678901234567);
  assert_true(stp_money_parse("1234567890123456.78", &m)); /* 16: the general loop */
  assert_int_equal(m, 123456789012345678);
  assert_true(stp_money_parse("12.50 ", &m));
  assert_int_equal(m, 1250);
  assert_false(stp_money_parse("12.50x", &m));
  assert_false(stp_money_parse(".50", &m));
  assert_false(stp_money_parse("5.", &m));
  assert_string_equal(stp_money_format(-1234, buf, sizeof buf), "-12.34");
  assert_string_equal(stp_money_format(STP_NOK(60676), buf, sizeof buf), "60676.00");
  assert_int_equal(stp_trunc_kr(40160), 40100);
  assert_int_equal(stp_round_kr(40150), 40200);
}

/* The edges of int64_t øre (NOK 92233720368547758.07 and -92233720368547758.08): each limit
   is read, one øre beyond is STP_ERANGE (it was signed overflow: undefined, and "negative"
   in a release build), with and without decimals; so are 20-digit amounts and more. */
static void test_scan_limits(void **state) {
  (void)state;
  stp_money m;
  assert_int_equal(stp_money_scan(STP_MONEY_MAX_TEXT, &m), STP_OK);
  assert_true(m == INT64_MAX);
  assert_int_equal(stp_money_scan(STP_MONEY_MIN_TEXT, &m), STP_OK);
  assert_true(m == INT64_MIN);
  assert_int_equal(stp_money_scan("92233720368547758.08", &m), STP_ERANGE);
  assert_int_equal(stp_money_scan("-92233720368547758.09", &m), STP_ERANGE);
  assert_int_equal(stp_money_scan("92233720368547758", &m), STP_OK); /* whole kroner */
  assert_true(m == INT64_C(9223372036854775800));
  assert_int_equal(stp_money_scan("92233720368547759", &m), STP_ERANGE);
  assert_int_equal(stp_money_scan("-92233720368547758", &m), STP_OK);
  assert_true(m == -INT64_C(9223372036854775800));
  assert_int_equal(stp_money_scan("-92233720368547759", &m), STP_ERANGE);
  assert_int_equal(stp_money_scan("92_233_720_368_547_758.1", &m), STP_ERANGE);
  assert_int_equal(stp_money_scan("18446744073709551616", &m), STP_ERANGE); /* 2^64 kroner */
  assert_int_equal(stp_money_scan("99999999999999999999999999999.99", &m), STP_ERANGE);
  /* beyond the range but malformed is malformed */
  assert_int_equal(stp_money_scan("99999999999999999999x", &m), STP_EINVAL);
  assert_int_equal(stp_money_scan("92233720368547758.071", &m), STP_EINVAL);
  assert_false(stp_money_parse("92233720368547758.08", &m));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mul_rate_values),
      cmocka_unit_test(test_div_round),
      cmocka_unit_test(test_mul_rate_matches_llround),
      cmocka_unit_test(test_parse_format),
      cmocka_unit_test(test_grouped),
      cmocka_unit_test(test_muldiv),
      cmocka_unit_test(test_scan_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
