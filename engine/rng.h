/* rng.h: per-student random streams: a counter-based GSL generator that jumps to the stream of
   (seed, student, stream) in a few nanoseconds, and one-off uniforms drawn by index. */
#ifndef STP_RNG_H
#define STP_RNG_H

#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* The streams of one student. Each is independent of the others, so adding draws to one
   part of the model does not move the random numbers of another. */
enum {
  STP_STREAM_COHORT = 0,     /* the student's characteristics (stp_cohort_draw) */
  STP_STREAM_STUDY = 1,      /* study-time events of the lifecycle */
  STP_STREAM_EARNINGS = 2,   /* earnings shocks after study */
  STP_STREAM_REPAY = 3,      /* deferral, relief, default */
  STP_STREAM_DEMOGRAPHY = 4  /* death, emigration */
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

/* Fast paths for hot loops (stp_cohort_draw): the same numbers as gsl_rng_uniform and
   gsl_ran_discrete give on an stp_rng_counter generator, without the two indirect calls per
   draw. The state layout is public only for these inline functions: do not touch it. */
typedef struct stp__rng_state {
  uint64_t h;   /* first-round key of the stream */
  uint64_t ctr; /* index of the next draw */
} stp__rng_state;

static inline uint64_t stp__mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

#define STP__RNG_ODD UINT64_C(0xd1b54a32d192ed03)

/* gsl_rng_uniform(r) for r of type stp_rng_counter: [0, 1), 53 bits. */
static inline double stp_rng_uniform(gsl_rng *r) {
  stp__rng_state *s = (stp__rng_state *)r->state;
  return (double)(stp__mix64(s->h ^ (s->ctr++ * STP__RNG_ODD)) >> 11) * 0x1.0p-53;
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
