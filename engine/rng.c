#include "rng.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The generator is counter-based (in the spirit of Random123's Philox and of SplitMix64):
   output k of a stream is
       h   = mix(key + GOLDEN)                      (once per seek)
       out = mix(h XOR (k * ODD))
   where mix is the SplitMix64 finaliser (Stafford's variant 13), a bijection of 64-bit
   words. For a fixed key the map k -> out is a bijection (no value repeats within 2^64
   draws). SplitMix64 itself is mix(seed + k * GAMMA), whose streams for two seeds are shifted
   copies of one sequence; here the key is a hash and enters by XOR, so streams of different
   keys are not shifts of each other. A stream's key is a two-round hash (stp_hash64) of
   (seed, student id, stream, substream): seeking costs three such hashes and no table set-up
   (Mersenne Twister needs 624 words). One round per draw keeps a draw at a few nanoseconds,
   which matters: a student takes about 40 of them. The statistics are checked in
   tests/test_cohort.c (moments, serial and cross-stream correlations, chi-square). */

#define GOLDEN STP__RNG_GOLDEN
#define ODD STP__RNG_ODD
#define DOMAIN_SEEK UINT64_C(0x5354502d7365656b)  /* "STP-seek" */
#define DOMAIN_AT UINT64_C(0x5354502d61742d2d)    /* "STP-at--" */
#define DOMAIN_SET UINT64_C(0x5354502d7365742d)   /* "STP-set-" */

#define mix64 stp__mix64
#define CACHE_LINE 64 /* bytes; a multiple of sizeof(rng_state) */

static inline uint64_t round2(uint64_t h, uint64_t k) {
  uint64_t x = mix64(h ^ (k * ODD));
  return mix64(x + h);
}

uint64_t stp_hash64(uint64_t a, uint64_t b) { return round2(mix64(a + GOLDEN), b); }

/* The state (rng.h): the first-round key and the next counter. */
typedef stp__rng_state rng_state;

static inline uint64_t next64(rng_state *s) { return mix64(s->h ^ (s->ctr++ * ODD)); }

static void counter_set(void *vs, unsigned long int seed) {
  rng_state *s = vs;
  s->h = mix64(stp_hash64((uint64_t)seed, DOMAIN_SET) + GOLDEN);
  s->ctr = 0;
}

static unsigned long int counter_get(void *vs) {
  return (unsigned long int)(next64(vs) >> 32);
}

static double counter_get_double(void *vs) {
  return (double)(next64(vs) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type counter_type = {
    "stp_counter",         /* name */
    UINT32_C(0xffffffff),  /* max */
    0,                     /* min */
    sizeof(rng_state),     /* size */
    counter_set,
    counter_get,
    counter_get_double};

const gsl_rng_type *const stp_rng_counter = &counter_type;

gsl_rng *stp_rng_alloc(void) {
  /* gsl_rng_alloc reports failure through the GSL error handler (which aborts by default);
     build it by hand so that running out of memory is a NULL, as the rest of stipend does. */
  gsl_rng *r = malloc(sizeof *r);
  if (!r) return NULL;
  /* The state on a cache line of its own: each thread's generator is written at every draw,
     and two states side by side in one line would pass it between the cores. */
  r->state = aligned_alloc(CACHE_LINE, CACHE_LINE);
  if (!r->state) {
    free(r);
    return NULL;
  }
  memset(r->state, 0, CACHE_LINE);
  r->type = stp_rng_counter;
  counter_set(r->state, 0);
  return r;
}

void stp_rng_free(gsl_rng *r) {
  if (!r) return;
  free(r->state);
  free(r);
}

static inline uint64_t stream_key(uint64_t seed, uint64_t id, uint64_t domain, uint32_t stream,
                                  uint32_t sub) {
  return stp_hash64(stp_hash64(seed, id) ^ domain, ((uint64_t)stream << 32) | sub);
}

uint64_t stp_rng_student_key(uint64_t seed, uint64_t student_id) {
  /* stream_key's outer hash, up to its second argument: round2(K, stream << 32 | sub) with
     K = mix64((hash(seed, id) ^ DOMAIN_SEEK) + GOLDEN). */
  return mix64((stp_hash64(seed, student_id) ^ DOMAIN_SEEK) + GOLDEN);
}

void stp_rng_seek_sub(gsl_rng *r, uint64_t seed, uint64_t student_id, uint32_t stream,
                      uint32_t sub) {
  assert(r->type == stp_rng_counter);
  rng_state *s = r->state;
  s->h = mix64(stream_key(seed, student_id, DOMAIN_SEEK, stream, sub) + GOLDEN);
  s->ctr = 0;
}

void stp_rng_seek(gsl_rng *r, uint64_t seed, uint64_t student_id, uint32_t stream) {
  stp_rng_seek_sub(r, seed, student_id, stream, 0);
}

double stp_uniform_at(uint64_t seed, uint64_t id, uint32_t stream, uint64_t index) {
  uint64_t h = mix64(stream_key(seed, id, DOMAIN_AT, stream, 0) + GOLDEN);
  return (double)(round2(h, index) >> 11) * 0x1.0p-53;
}

const double stp_normal_nodes[STP_NORMAL_CELLS - 2 * STP_NORMAL_EDGE + 1] = {
#include "normal_table.inc"
};
