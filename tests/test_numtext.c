/* test_numtext.c: the fast number parsers give what the C library gives, or decline.
   - stp_plain_float against strtof: every float of a wide sample written as the microdata
     writer writes it (%.9g), random decimals of 1 to 21 digits with and without exponents,
     and decimals that are exactly halfway between two floats (which must be declined, or
     round as strtof rounds them);
   - stp_plain_int against strtol on the forms it takes, and it declines the rest. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "numtext.h"

static uint64_t next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* If stp_plain_float takes t, it must give strtof's float, bit for bit. */
static int check_float(const char *t) {
  float got;
  if (!stp_plain_float(t, &got)) return 0;
  errno = 0;
  char *end;
  float want = strtof(t, &end);
  if (*end || errno) fail_msg("'%s': taken, but strtof says it is not a plain float", t);
  if (memcmp(&got, &want, sizeof got) != 0)
    fail_msg("'%s': %a, strtof gives %a", t, (double)got, (double)want);
  return 1;
}

static void test_floats_as_written(void **state) {
  (void)state;
  uint64_t s = 42;
  char buf[64];
  long taken = 0, n = 0;
  for (int i = 0; i < 2000000; i++) {
    uint32_t bits = (uint32_t)next(&s);
    float f;
    memcpy(&f, &bits, sizeof f);
    if (!isfinite(f)) continue;
    if (i % 2) f = (float)((double)(next(&s) >> 11) * 0x1.0p-53 * 20.0); /* the columns' range */
    snprintf(buf, sizeof buf, "%.9g", (double)f);
    taken += check_float(buf);
    n++;
  }
  /* most of what the writer writes takes the fast path */
  assert_true(taken > n / 2);
}

static void test_random_decimals(void **state) {
  (void)state;
  uint64_t s = 7;
  char buf[80];
  long taken = 0;
  for (int i = 0; i < 1000000; i++) {
    int nd = 1 + (int)(next(&s) % 21), point = (int)(next(&s) % (unsigned)(nd + 1));
    char *p = buf;
    if (next(&s) & 1) *p++ = '-';
    for (int k = 0; k < nd; k++) {
      if (k == point && k > 0) *p++ = '.';
      *p++ = (char)('0' + next(&s) % 10);
    }
    if (next(&s) % 3 == 0) p += sprintf(p, "e%d", (int)(next(&s) % 61) - 30);
    *p = '\0';
    taken += check_float(buf);
  }
  assert_true(taken > 100000);
}

/* Decimals exactly halfway between two floats: the double is the tie itself, and only
   strtof knows which way the rest of the decimal would have gone (here there is no rest:
   round half to even). */
static void test_halfway(void **state) {
  (void)state;
  char buf[64];
  for (long k = 0; k < 20000; k++) {
    /* 2^24 + 1 + 2k lies halfway between two floats (their spacing is 2 there) */
    long v = (1L << 24) + 1 + 2 * k;
    snprintf(buf, sizeof buf, "%ld", v);
    check_float(buf);
    snprintf(buf, sizeof buf, "%ld.0", v);
    check_float(buf);
    /* and the same scaled: v × 2^3 = (v × 8), spacing 16 */
    snprintf(buf, sizeof buf, "%ld", v * 8);
    check_float(buf);
  }
  /* decimals a little below and above the midpoint 8 + 3 × 2^-21 whose double is the
     midpoint itself: rounding the double would go to even (8 + 2^-19) both times, strtof
     goes down for the first */
  check_float("8.000001430511474");
  check_float("-8.000001430511474");
  check_float("8.000001430511475");
  float f;
  assert_false(stp_plain_float("16777217", &f)); /* a tie: declined */
}

static void test_declined_forms(void **state) {
  (void)state;
  static const char *no[] = {"",       "-",        ".",     "e5",    "1e",    "1e+",
                             " 1",     "1 ",       "+1",    "0x1p3", "inf",   "nan",
                             "1,5",    "1.2.3",    "1e400", "1e-50", "1e999", "12345678901234567890",
                             "1e-45",  "3.5e38"};
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    float f;
    if (stp_plain_float(no[i], &f)) fail_msg("'%s' taken as %a", no[i], (double)f);
  }
  float f;
  assert_true(stp_plain_float("-0", &f));
  assert_true(signbit(f) && f == 0);
  assert_true(stp_plain_float("0.000", &f) && f == 0 && !signbit(f));
}

static void test_ints(void **state) {
  (void)state;
  static const char *yes[] = {"0", "7", "-7", "2024", "999999999", "-999999999", "0012",
                              "2024-25"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    long x;
    const char *end;
    assert_true(stp_plain_int(yes[i], &x, &end));
    char *e2;
    long want = strtol(yes[i], &e2, 10);
    assert_int_equal(x, want);
    assert_ptr_equal(end, e2);
  }
  static const char *no[] = {"", "-", "+1", " 1", "1234567890", "x1", "-x"};
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    long x;
    const char *end;
    assert_false(stp_plain_int(no[i], &x, &end));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_floats_as_written), cmocka_unit_test(test_random_decimals),
      cmocka_unit_test(test_halfway),           cmocka_unit_test(test_declined_forms),
      cmocka_unit_test(test_ints),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
