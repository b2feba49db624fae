/* test_dist.c: the work split over ranks (every unit to exactly one rank, in order, shares
   differing by at most one, never overflowing), and the one-rank behaviour of the
   collective calls: an MPI-free build or a rank started alone behaves as one rank. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dist.h"

static void test_range_partitions(void **state) {
  (void)state;
  const long ns[] = {0, 1, 2, 7, 63, 64, 65, 1000, 1953125, LONG_MAX / 3, LONG_MAX};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
    for (int size = 1; size <= 17; size++) {
      long next = 0, q = ns[i] / size;
      for (int r = 0; r < size; r++) {
        long lo, hi;
        stp_dist_range_of(ns[i], r, size, &lo, &hi);
        assert_int_equal(lo, next); /* contiguous, in rank order */
        assert_true(hi >= lo);
        assert_true(hi - lo == q || hi - lo == q + 1);
        next = hi;
      }
      assert_int_equal(next, ns[i]); /* every unit, once */
    }
}

static void test_range_is_fixed(void **state) {
  (void)state;
  long lo, hi;
  /* 10 blocks over 4 ranks: 2, 3, 2, 3 by the rule r·n/R */
  stp_dist_range_of(10, 0, 4, &lo, &hi);
  assert_int_equal(lo, 0);
  assert_int_equal(hi, 2);
  stp_dist_range_of(10, 1, 4, &lo, &hi);
  assert_int_equal(lo, 2);
  assert_int_equal(hi, 5);
  stp_dist_range_of(10, 3, 4, &lo, &hi);
  assert_int_equal(lo, 7);
  assert_int_equal(hi, 10);
}

static int sink_calls;
static char sunk[32];
static void sink(void *ctx, const char *bytes, size_t len) {
  (void)ctx;
  sink_calls++;
  memcpy(sunk, bytes, len < sizeof sunk ? len : sizeof sunk);
}

static void test_one_rank(void **state) {
  (void)state;
  assert_int_equal(stp_dist_rank(), 0);
  assert_int_equal(stp_dist_size(), 1);
  assert_true(stp_dist_root());
  long lo, hi;
  stp_dist_range(12345, &lo, &hi);
  assert_int_equal(lo, 0);
  assert_int_equal(hi, 12345);
  stp_error err = {.code = STP_EIO};
  snprintf(err.msg, sizeof err.msg, "disk full");
  /* alone, a failure is passed on unchanged (no rank prefix) */
  assert_int_equal(stp_dist_agree(STP_EIO, &err), STP_EIO);
  assert_string_equal(err.msg, "disk full");
  assert_int_equal(stp_dist_agree(STP_OK, &err), STP_OK);
  int64_t v[2] = {-7, 1234567890123};
  stp_dist_sum_i64(v, 2);
  assert_true(v[0] == -7 && v[1] == 1234567890123);
  double f[1] = {2.385};
  stp_dist_share_f64(f, 1);
  assert_true(f[0] == 2.385);
  assert_int_equal(stp_dist_gather_bytes("rows\n", 5, sink, NULL, &err), STP_OK);
  assert_int_equal(sink_calls, 1);
  assert_memory_equal(sunk, "rows\n", 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_range_partitions),
      cmocka_unit_test(test_range_is_fixed),
      cmocka_unit_test(test_one_rank),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
