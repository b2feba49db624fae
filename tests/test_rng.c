/* test_rng.c: the inline fast paths of rng.h give exactly GSL's numbers on the counter
   generator (gsl_rng_uniform, gsl_rng_uniform_pos, gsl_ran_gaussian: GSL's own code is the
   reference), stp_stream_at is the seek it replaces, draws by index are the sequential
   draws, and the integer threshold tests (one by one or many at once) are u < p. Exact equality, bit for bit: the lifecycle's results must not move. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <gsl/gsl_cdf.h>

#include "rng.h"

enum { STREAM_OTHER = 7 }; /* a stream the engine does not use */

static void assert_same_double(double a, double b) {
  uint64_t x, y;
  memcpy(&x, &a, sizeof x);
  memcpy(&y, &b, sizeof y);
  assert_true(x == y);
}

/* Two generators on the same stream: one read through GSL's indirect calls, one through
   the inline fast paths. */
static void seek_both(gsl_rng *a, gsl_rng *b, uint64_t seed, uint64_t id, uint32_t stream,
                      uint32_t sub) {
  stp_rng_seek_sub(a, seed, id, stream, sub);
  stp_rng_seek_sub(b, seed, id, stream, sub);
}

static void test_uniform_and_uniform_pos(void **state) {
  (void)state;
  gsl_rng *a = stp_rng_alloc(), *b = stp_rng_alloc();
  assert_non_null(a);
  assert_non_null(b);
  for (uint64_t id = 0; id < 200; id++) {
    seek_both(a, b, 20251, id * 7919 + 3, (uint32_t)(id % 5), (uint32_t)(id % 95));
    for (int k = 0; k < 50; k++) {
      assert_same_double(gsl_rng_uniform(a), stp_rng_uniform(b));
      assert_same_double(gsl_rng_uniform_pos(a), stp_rng_uniform_pos(b));
    }
  }
  stp_rng_free(a);
  stp_rng_free(b);
}

/* gsl_ran_gaussian rejects about 21 % of its pairs: 10^6 draws cover many rejections, and
   every sigma the cohort uses (float earn_shock_sd promoted to double). */
static void test_gaussian_is_gsl(void **state) {
  (void)state;
  gsl_rng *a = stp_rng_alloc(), *b = stp_rng_alloc();
  assert_non_null(a);
  assert_non_null(b);
  static const double sigma[] = {1.0, 0.05, (double)0.0837f, 2.385, 1e-3};
  long n = 0;
  for (uint64_t id = 0; id < 20000; id++) {
    seek_both(a, b, 2024, id, STREAM_OTHER, (uint32_t)(id % 95));
    for (int k = 0; k < 10; k++, n++) {
      double s = sigma[(id + (uint64_t)k) % 5];
      assert_same_double(gsl_ran_gaussian(a, s), stp_rng_gaussian(b, s));
    }
    /* and the stream is left at the same place */
    assert_same_double(gsl_rng_uniform(a), stp_rng_uniform(b));
  }
  assert_true(n == 200000);
  /* a long run on one stream */
  seek_both(a, b, 1, 1, STREAM_OTHER, 0);
  for (int k = 0; k < 800000; k++)
    assert_same_double(gsl_ran_gaussian(a, 0.1), stp_rng_gaussian(b, 0.1));
  stp_rng_free(a);
  stp_rng_free(b);
}

/* stp_stream_at with the student key is the seek of stp_rng_seek_sub; a stp_stream read
   directly gives the generator's sequence; draws by index are the sequential draws. */
static void test_stream_at_is_seek(void **state) {
  (void)state;
  gsl_rng *a = stp_rng_alloc(), *b = stp_rng_alloc();
  assert_non_null(a);
  assert_non_null(b);
  static const uint64_t seeds[] = {0, 1, 2024, 20251, UINT64_MAX};
  for (int si = 0; si < 5; si++)
    for (uint64_t id = 0; id < 300; id += 7) {
      uint64_t key = stp_rng_student_key(seeds[si], id);
      for (uint32_t stream = 0; stream < 5; stream++)
        for (uint32_t sub = 0; sub < 100; sub += 11) {
          stp_rng_seek_sub(a, seeds[si], id, stream, sub);
          stp_rng_seek_key(b, key, stream, sub);
          stp_stream s = stp_stream_at(key, stream, sub);
          stp_stream idx = s;
          for (uint64_t k = 0; k < 16; k++) {
            double u = gsl_rng_uniform(a);
            assert_same_double(u, stp_rng_uniform(b));
            assert_same_double(u, stp_stream_uniform_index(&idx, k));
            assert_same_double(u, stp_stream_uniform(&s));
          }
        }
      /* substream 0 is the stream of stp_rng_seek */
      stp_rng_seek(a, seeds[si], id, STP_STREAM_REPAY);
      stp_stream s = stp_stream_at(key, STP_STREAM_REPAY, 0);
      assert_same_double(gsl_rng_uniform(a), stp_stream_uniform(&s));
    }
  stp_rng_free(a);
  stp_rng_free(b);
}

/* stp_normal_pinv is gsl_cdf_ugaussian_Pinv to the bit: in the centre, the two tails' pieces
   and next to 0 and 1 (the lanes' extremes). */
static void test_normal_pinv_is_gsl(void **state) {
  (void)state;
  uint64_t key = stp_rng_student_key(99, 5);
  stp_stream s = stp_stream_at(key, STREAM_OTHER, 1);
  for (int i = 0; i < 400000; i++) {
    double p = ((double)(uint32_t)stp_stream_word(&s, (uint64_t)i) + 0.5) * 0x1.0p-32;
    if (i % 4 == 1) p = p * 1e-3;       /* the lower tail */
    if (i % 4 == 2) p = 1 - p * 1e-6;   /* the upper tail, beyond r = 5 too */
    assert_same_double(stp_normal_pinv(p), gsl_cdf_ugaussian_Pinv(p));
  }
  static const double edge[] = {0x1p-33, 1 - 0x1p-33, 0.075, 0.925, 0.5, 1e-300, 0.0746, 0.9254};
  for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
    assert_same_double(stp_normal_pinv(edge[i]), gsl_cdf_ugaussian_Pinv(edge[i]));
}

/* Lanes are the halves of a word (stp_stream_lane), and stp_stream_lanes16_below is the
   double comparison lane × 2^-16 < p on the four 16-bit quarters of each word, highest
   first. */
static uint32_t lane16(const stp_stream *s, uint64_t k0, int i) {
  return (uint32_t)(stp_stream_word(s, k0 + (uint64_t)(i / 4)) >> (48 - 16 * (i % 4)) & 0xffff);
}

static void test_lanes(void **state) {
  (void)state;
  static const double ps[] = {0.0, -1.0, 1e-300, 0x1p-17, 0x1p-16, 0.0237, 0.5, 1 - 0x1p-17,
                              1.0, 2.0, NAN};
  enum { NP = sizeof ps / sizeof ps[0] };
  uint64_t key = stp_rng_student_key(2385, 11);
  for (uint32_t sub = 0; sub < 400; sub++) {
    stp_stream s = stp_stream_at(key, STP_STREAM_REPAY, sub);
    double p = sub < NP ? ps[sub] : stp_stream_uniform_index(&s, 1000) * 0.2;
    for (uint64_t k = 0; k < 20; k++) {
      uint64_t w = stp_stream_word(&s, k);
      assert_same_double(stp_stream_lane(&s, k, 0), (double)(w >> 32) / 4294967296.0);
      assert_same_double(stp_stream_lane(&s, k, 1), (double)(w & 0xffffffffu) / 4294967296.0);
      assert_same_double(stp_stream_lane(&s, 0, (int)(2 * k + 1)), stp_stream_lane(&s, k, 1));
    }
    for (int n = 0; n <= 32; n++)
      for (uint64_t k0 = 0; k0 < 3; k0++) {
        uint32_t want = 0;
        for (int i = 0; i < n; i++) want |= (uint32_t)(lane16(&s, k0, i) / 65536.0 < p) << i;
        assert_int_equal(stp_stream_lanes16_below(&s, k0, n, p), want);
      }
  }
  /* at a lane's own value and just above it */
  stp_stream s = stp_stream_at(key, STREAM_OTHER, 3);
  for (int i = 0; i < 64; i++) {
    double u = lane16(&s, 0, i) / 65536.0;
    uint32_t bit = UINT32_C(1) << (i % 32);
    uint64_t k0 = (uint64_t)(i / 32) * 8;
    assert_int_equal(stp_stream_lanes16_below(&s, k0, 32, u) & bit, 0);
    assert_int_equal(stp_stream_lanes16_below(&s, k0, 32, nextafter(u, 2)) & bit, bit);
  }
  /* both 32-bit halves and the four 16-bit quarters are uniform: 16 cells each over 160 000
     lanes, chi-square with 15 degrees of freedom below 37.7 (p = 0.001); the halves of one
     word uncorrelated, and neighbouring quarters too */
  for (int half = 0; half < 6; half++) {
    long cell[16] = {0};
    double sxy = 0, sx = 0, sy = 0;
    enum { N = 160000 };
    for (int k = 0; k < N; k++) {
      double a, b;
      if (half < 2) {
        a = stp_stream_lane(&s, 0, 2 * k + half);
        b = stp_stream_lane(&s, 0, 2 * k + 1 - half);
      } else {
        a = lane16(&s, 0, 4 * k + half - 2) / 65536.0;
        b = lane16(&s, 0, 4 * k + (half - 1) % 4) / 65536.0;
      }
      cell[(int)(a * 16)]++;
      sx += a;
      sy += b;
      sxy += a * b;
    }
    double chi = 0, e = N / 16.0;
    for (int c = 0; c < 16; c++) chi += (cell[c] - e) * (cell[c] - e) / e;
    assert_true(chi < 37.7);
    double cov = sxy / N - (sx / N) * (sy / N);
    assert_true(fabs(cov / (1.0 / 12)) < 0.01); /* correlation; its sd is 1/sqrt(N) = 0.0025 */
  }
}

/* stp_normal_lane: its nodes are GSL's inverse normal CDF at i / CELLS; it is GSL's function
   itself in the edge cells, within 2e-4 of it elsewhere (linear interpolation of a function
   whose curvature is small away from the tails), increasing across every cell boundary, and
   its distribution has mean 0 and variance 1. */
static void test_normal_lane(void **state) {
  (void)state;
  for (int i = STP_NORMAL_EDGE; i <= STP_NORMAL_CELLS - STP_NORMAL_EDGE; i++)
    assert_same_double(stp_normal_nodes[i - STP_NORMAL_EDGE],
                       gsl_cdf_ugaussian_Pinv((double)i / STP_NORMAL_CELLS));
  const int shift = 22; /* 2^32 / CELLS lanes a cell */
  for (uint64_t c = 1; c < STP_NORMAL_CELLS; c++) {
    uint32_t at = (uint32_t)(c << shift);
    assert_true(stp_normal_lane(at - 1) < stp_normal_lane(at));
    assert_true(fabs(stp_normal_lane(at) - stp_normal_lane(at - 1)) < 1e-6);
  }
  double s1 = 0, s2 = 0, worst = 0;
  long n = 0;
  for (uint64_t l = 0; l < (UINT64_C(1) << 32); l += 1021) {
    uint32_t lane = (uint32_t)l;
    double z = stp_normal_lane(lane), g = gsl_cdf_ugaussian_Pinv(((double)lane + 0.5) * 0x1p-32);
    uint32_t cell = lane >> shift;
    if (cell < STP_NORMAL_EDGE || cell >= STP_NORMAL_CELLS - STP_NORMAL_EDGE)
      assert_same_double(z, g);
    else if (fabs(z - g) > worst)
      worst = fabs(z - g);
    s1 += z;
    s2 += z * z;
    n++;
  }
  assert_true(worst < 2e-4);
  assert_true(worst > 0); /* interpolated, so not everywhere equal */
  assert_true(fabs(s1 / n) < 1e-4);
  assert_true(fabs(s2 / n - 1) < 1e-3);
  assert_same_double(stp_normal_lane(0), gsl_cdf_ugaussian_Pinv(0x1p-33));
  assert_same_double(stp_normal_lane(UINT32_MAX), gsl_cdf_ugaussian_Pinv(1 - 0x1p-33));
}

/* Different students, streams and substreams start different sequences. */
static void test_streams_differ(void **state) {
  (void)state;
  uint64_t k1 = stp_rng_student_key(7, 1), k2 = stp_rng_student_key(7, 2);
  uint64_t k3 = stp_rng_student_key(8, 1);
  assert_true(k1 != k2 && k1 != k3 && k2 != k3);
  stp_stream a = stp_stream_at(k1, STP_STREAM_REPAY, 9);
  stp_stream b = stp_stream_at(k1, STP_STREAM_REPAY, 10);
  stp_stream c = stp_stream_at(k1, STREAM_OTHER, 9);
  stp_stream d = stp_stream_at(k2, STP_STREAM_REPAY, 9);
  double ua = stp_stream_uniform(&a);
  assert_true(ua != stp_stream_uniform(&b));
  assert_true(ua != stp_stream_uniform(&c));
  assert_true(ua != stp_stream_uniform(&d));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_uniform_and_uniform_pos),
      cmocka_unit_test(test_gaussian_is_gsl),
      cmocka_unit_test(test_stream_at_is_seek),
      cmocka_unit_test(test_lanes),
      cmocka_unit_test(test_normal_pinv_is_gsl),
      cmocka_unit_test(test_normal_lane),
      cmocka_unit_test(test_streams_differ),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
