/* rng.h: per-student random streams: a counter-based GSL generator that jumps to the stream of
   (seed, student, stream) in a few nanoseconds, and one-off uniforms drawn by index. */
#ifndef STP_RNG_H
#define STP_RNG_H

#include <math.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* The streams of one student. Each is independent of the others, so adding draws to one
   part of the model does not move the random numbers of another. Any other number is a
   stream too (the tests use some); 1 and 2 were the study and earnings streams of earlier
   versions. */
enum {
  STP_STREAM_COHORT = 0, /* the student's characteristics (stp_cohort_draw) */
  STP_STREAM_REPAY = 3,  /* the events of each repayment year: death, work, relief, the
                            earnings shock, default, deferrals (by index: lifecycle.c) */
  STP_STREAM_STUDY = 4   /* the study-phase choices: whether to take the 30+ and parent
                            loans, the COVID extra loans (by index: lifecycle.c) */
};

/* The generator type: state = (key, counter); output k of a stream is a keyed 64-bit hash of
   k. get() returns 32 bits (max 0xffffffff, as GSL's own generators), get_double() 53 bits
   in [0, 1). Every GSL distribution works on it. gsl_rng_set(r, s) selects the stream of
   seed s alone (not tied to any student). */
extern const gsl_rng_type *const stp_rng_counter;

/* A generator of type stp_rng_counter (NULL if out of memory); free with stp_rng_free. */
gsl_rng *stp_rng_alloc(void);
void stp_rng_free(gsl_rng *r);

/* Reset r (which must be of type stp_rng_counter) to the start of stream `stream` of student
   `student_id` under `seed`. Cheap: no allocation, a handful of multiplications. */
void stp_rng_seek(gsl_rng *r, uint64_t seed, uint64_t student_id, uint32_t stream);

/* Substream `sub` of a stream: the same, for draws that must not depend on how many came
   before (e.g. sub = calendar year: that year's shocks are the same in every policy
   scenario: common random numbers). Substream 0 is the stream stp_rng_seek starts. */
void stp_rng_seek_sub(gsl_rng *r, uint64_t seed, uint64_t student_id, uint32_t stream,
                      uint32_t sub);

/* Fast paths for hot loops (stp_cohort_draw, the lifecycle): the same numbers as
   gsl_rng_uniform, gsl_rng_uniform_pos, gsl_ran_gaussian and gsl_ran_discrete give on an
   stp_rng_counter generator, without the two indirect calls per draw.

   stp_stream is a position in one stream, by value: the generator's whole state (an
   stp_rng_counter's r->state points to one). A loop that keeps several streams at once, or
   wants its state in registers, holds stp_streams; the stp_rng_* inline functions are the
   same operations on a gsl_rng. Fields are public only for these inline functions: do not
   touch them. */
typedef struct stp_stream {
  uint64_t h;   /* first-round key of the stream */
  uint64_t ctr; /* index of the next draw */
} stp_stream;
typedef stp_stream stp__rng_state;

static inline uint64_t stp__mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

#define STP__RNG_ODD UINT64_C(0xd1b54a32d192ed03)
#define STP__RNG_GOLDEN UINT64_C(0x9e3779b97f4a7c15)

/* The part of every stream key that depends on (seed, student) alone. A lifecycle seeks
   dozens of substreams of one student: compute this once, then stp_stream_at costs three
   mixing rounds instead of seven. */
uint64_t stp_rng_student_key(uint64_t seed, uint64_t student_id);

/* The start of substream `sub` of stream `stream` of the student with key student_key:
   exactly where stp_rng_seek_sub(r, seed, id, stream, sub) puts r. */
static inline stp_stream stp_stream_at(uint64_t student_key, uint32_t stream, uint32_t sub) {
  uint64_t k = ((uint64_t)stream << 32) | sub;
  uint64_t x = stp__mix64(student_key ^ (k * STP__RNG_ODD));
  stp_stream s = {stp__mix64(stp__mix64(x + student_key) + STP__RNG_GOLDEN), 0};
  return s;
}

/* Draw number k (0 = the first after the seek) of the stream, by index: s does not move.
   The same number the k-th sequential uniform gives. */
static inline double stp_stream_uniform_index(const stp_stream *s, uint64_t k) {
  return (double)(stp__mix64(s->h ^ (k * STP__RNG_ODD)) >> 11) * 0x1.0p-53;
}

/* Word k of the stream (by index; s does not move), all 64 bits: two uniforms of 32 bits,
   its upper and its lower half, for draws that need no more precision. A word costs one
   mixing round, as a 53-bit uniform does, so two lanes a word halve the hashing of a loop of
   yes/no draws. Lane i of words k0, k0 + 1, ... is the upper half of word k0 + i/2 for even
   i, the lower for odd i; as a uniform it is lane × 2^-32, in [0, 1). */
static inline uint64_t stp_stream_word(const stp_stream *s, uint64_t k) {
  return stp__mix64(s->h ^ (k * STP__RNG_ODD));
}

static inline double stp_stream_lane(const stp_stream *s, uint64_t k0, int i) {
  uint64_t w = stp_stream_word(s, k0 + (uint64_t)(i >> 1));
  return (double)(i & 1 ? (uint32_t)w : (uint32_t)(w >> 32)) * 0x1.0p-32;
}

/* Yes/no draws repeated many times, four a word: bit i (i < n <= 32) set when 16-bit lane i,
   as a uniform L 2^-16, is below p, tested in integers as L < ceil(p 2^16). Lane 4j + q is
   bits 48 - 16q .. 63 - 16q of word k0 + j (the highest first). For a probability that may be
   rounded up to the next multiple of 2^-16 (at most 1.5e-5 more): half the words of 32-bit
   lanes. */
static inline uint32_t stp_stream_lanes16_below(const stp_stream *s, uint64_t k0, int n,
                                                double p) {
  uint64_t t;
  if (!(p > 0)) return 0;
  if (p >= 1) {
    t = UINT64_C(1) << 16;
  } else {
    double x = p * 0x1.0p16; /* exact: a power of two */
    t = (uint64_t)x;
    t += (double)t < x;
  }
  if (n > 32) n = 32;
  uint32_t m = 0;
  for (int j = 0; 4 * j < n; j++) {
    uint64_t w = stp_stream_word(s, k0 + (uint64_t)j);
    for (int q = 0; q < 4 && 4 * j + q < n; q++)
      m |= (uint32_t)((w >> (48 - 16 * q) & 0xffff) < t) << (4 * j + q);
  }
  return m;
}

/* gsl_rng_uniform: [0, 1), 53 bits. */
static inline double stp_stream_uniform(stp_stream *s) {
  return stp_stream_uniform_index(s, s->ctr++);
}

/* gsl_rng_uniform_pos: (0, 1). */
static inline double stp_stream_uniform_pos(stp_stream *s) {
  double x;
  do x = stp_stream_uniform(s);
  while (x == 0);
  return x;
}

/* gsl_ran_gaussian(r, sigma): GSL's own algorithm (the polar Box-Muller method of
   randist/gauss.c, GSL 2.x), operation for operation, so the same numbers. */
static inline double stp_stream_gaussian(stp_stream *s, double sigma) {
  double x, y, r2;
  do {
    x = -1 + 2 * stp_stream_uniform_pos(s);
    y = -1 + 2 * stp_stream_uniform_pos(s);
    r2 = x * x + y * y;
  } while (r2 > 1.0 || r2 == 0);
  return sigma * y * sqrt(-2.0 * log(r2) / r2);
}

/* gsl_cdf_ugaussian_Pinv(p) for 0 < p < 1: GSL's own algorithm (Wichura's AS 241 in
   cdf/gaussinv.c, GSL 2.x: rational functions evaluated by Horner's rule, then one
   division), operation for operation, so the same numbers, inlined where a lifecycle draws
   normals by inversion. */
static inline double stp__rat_eval8(const double a[8], const double b[8], double x) {
  double u = a[7], v = b[7];
  for (int i = 7; i > 0; i--) u = x * u + a[i - 1];
  for (int j = 7; j > 0; j--) v = x * v + b[j - 1];
  return u / v;
}

static inline double stp_normal_pinv(double p) {
  static const double a1[8] = {3.387132872796366608, 133.14166789178437745,
                               1971.5909503065514427, 13731.693765509461125,
                               45921.953931549871457, 67265.770927008700853,
                               33430.575583588128105, 2509.0809287301226727};
  static const double b1[8] = {1.0, 42.313330701600911252, 687.1870074920579083,
                               5394.1960214247511077, 21213.794301586595867,
                               39307.89580009271061, 28729.085735721942674,
                               5226.495278852854561};
  static const double a2[8] = {1.42343711074968357734, 4.6303378461565452959,
                               5.7694972214606914055, 3.64784832476320460504,
                               1.27045825245236838258, 0.24178072517745061177,
                               0.0227238449892691845833, 7.7454501427834140764e-4};
  static const double b2[8] = {1.0, 2.05319162663775882187, 1.6763848301838038494,
                               0.68976733498510000455, 0.14810397642748007459,
                               0.0151986665636164571966, 5.475938084995344946e-4,
                               1.05075007164441684324e-9};
  static const double a3[8] = {6.6579046435011037772, 5.4637849111641143699,
                               1.7848265399172913358, 0.29656057182850489123,
                               0.026532189526576123093, 0.0012426609473880784386,
                               2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static const double b3[8] = {1.0, 0.59983220655588793769, 0.13692988092273580531,
                               0.0148753612908506148525, 7.868691311456132591e-4,
                               1.8463183175100546818e-5, 1.4215117583164458887e-7,
                               2.04426310338993978564e-15};
  double dp = p - 0.5;
  if (fabs(dp) <= 0.425) return dp * stp__rat_eval8(a1, b1, 0.180625 - dp * dp);
  double r = sqrt(-log(p < 0.5 ? p : 1.0 - p));
  double x = r <= 5.0 ? stp__rat_eval8(a2, b2, r - 1.6) : stp__rat_eval8(a3, b3, r - 5.0);
  return p < 0.5 ? -x : x;
}

/* The standard normal of a 32-bit lane L (stp_stream_word), at probability (L + 1/2) 2^-32:
   the quantile function tabulated at the probabilities i / STP_NORMAL_CELLS and interpolated
   linearly in the cell that L's upper bits select; in the STP_NORMAL_EDGE cells at each end,
   where the function curves, stp_normal_pinv itself. Monotone, continuous and within 2e-4
   of stp_normal_pinv (tests/test_rng.c), at a table lookup instead of a rational function
   with a division: the earnings shock of every repayment year. */
enum { STP_NORMAL_CELLS = 1024, STP_NORMAL_EDGE = 16 };
/* stp_normal_pinv(i / STP_NORMAL_CELLS) for i = STP_NORMAL_EDGE .. CELLS - EDGE, at index
   i - STP_NORMAL_EDGE (engine/normal_table.inc, checked entry by entry by the tests). */
extern const double stp_normal_nodes[STP_NORMAL_CELLS - 2 * STP_NORMAL_EDGE + 1];

static inline double stp_normal_lane(uint32_t lane) {
  uint32_t i = lane >> 22; /* 32 - log2(STP_NORMAL_CELLS) */
  if (i < STP_NORMAL_EDGE || i >= STP_NORMAL_CELLS - STP_NORMAL_EDGE)
    return stp_normal_pinv(((double)lane + 0.5) * 0x1.0p-32);
  const double *q = &stp_normal_nodes[i - STP_NORMAL_EDGE];
  double f = ((double)(lane & 0x3fffff) + 0.5) * 0x1.0p-22;
  return q[0] + f * (q[1] - q[0]);
}

/* The same on r of type stp_rng_counter. */
static inline double stp_rng_uniform(gsl_rng *r) {
  return stp_stream_uniform((stp_stream *)r->state);
}
static inline double stp_rng_uniform_pos(gsl_rng *r) {
  return stp_stream_uniform_pos((stp_stream *)r->state);
}
static inline double stp_rng_gaussian(gsl_rng *r, double sigma) {
  return stp_stream_gaussian((stp_stream *)r->state, sigma);
}
static inline void stp_rng_seek_key(gsl_rng *r, uint64_t student_key, uint32_t stream,
                                    uint32_t sub) {
  *(stp_stream *)r->state = stp_stream_at(student_key, stream, sub);
}

/* gsl_ran_discrete(r, g) (Walker's alias method, GSL's tables and comparison) for r of type
   stp_rng_counter. */
static inline size_t stp_rng_discrete(gsl_rng *r, const gsl_ran_discrete_t *g) {
  double u = stp_rng_uniform(r);
  size_t c = (size_t)(u * (double)g->K);
  size_t alias = g->A[c];          /* loaded either way: a conditional move, no branch */
  return u < g->F[c] ? c : alias;  /* GSL also tests F[c] == 1.0, implied by u < 1 */
}

/* A pure 64-bit hash of two words (two rounds of the SplitMix64 finaliser, keyed by a):
   for a fixed a it is a bijection of b, so a stream never repeats a value. */
uint64_t stp_hash64(uint64_t a, uint64_t b);

/* The uniform in [0, 1) number `index` of (seed, id, stream), by index rather than in
   sequence. These draws are independent of the sequential draws after stp_rng_seek on the
   same stream (a separate key), and of each other. 53 random bits. */
double stp_uniform_at(uint64_t seed, uint64_t id, uint32_t stream, uint64_t index);

#endif
