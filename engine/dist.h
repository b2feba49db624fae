/* dist.h: the ranks of a distributed job (Open MPI, built with -DSTP_MPI=ON; without it one
   rank and every call a no-op). The driver (run.c) splits work with these calls; nothing
   else needs to know how many ranks there are. Every call below but stp_dist_rank,
   stp_dist_size and stp_dist_root is collective: every rank makes the same calls in the same
   order, or the job hangs. */
#ifndef STP_DIST_H
#define STP_DIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "error.h"

/* Start and end the job (main only). MPI is initialised with MPI_THREAD_SERIALIZED: one
   thread at a time talks to other ranks (the driver's, from inside an OpenMP single when it
   reads microdata); the lifecycles never do. */
int stp_dist_init(int *argc, char ***argv);
void stp_dist_finalize(void);

int stp_dist_rank(void);  /* 0 .. size-1; 0 without MPI */
int stp_dist_size(void);  /* ranks in the job; 1 without MPI */
bool stp_dist_root(void); /* rank 0: the rank that prints and writes every file */

/* Work split by a fixed rule that does not depend on what any rank did: of n units (blocks
   of students, tasks), rank r takes [r·n/R, (r+1)·n/R) (the first units to the first
   ranks). */
void stp_dist_range(long n, long *lo, long *hi);
/* The same for any rank of any number of ranks (0 <= rank < size). */
void stp_dist_range_of(long n, int rank, int size, long *lo, long *hi);

/* Agreement on failure, at a point every rank reaches: returns STP_OK on every rank when
   every rank passes rc == STP_OK; otherwise, on every rank, the code of the lowest failing
   rank with its message prefixed "rank K: " in err (when R > 1). */
int stp_dist_agree(int rc, stp_error *err);
/* Whether an stp_dist_agree has returned a failure (so rank 0 has the message to print). */
bool stp_dist_failed_together(void);

/* Exact sums over ranks, the result on every rank: int64 arrays (money in øre, counts), and
   aggregates (stp_agg_merge: sums and maxima, integers only, so any order gives the same
   bytes). */
void stp_dist_sum_i64(int64_t *v, size_t n);
void stp_dist_max_i64(int64_t *v, size_t n);
void stp_dist_min_i64(int64_t *v, size_t n);
void stp_dist_sum_agg(stp_agg *a);

/* Doubles that exactly one rank set and every other rank left at +0 (all bits zero: a
   task's figures): after the call every rank holds each value bit for bit as its rank
   computed it. */
void stp_dist_share_f64(double *v, size_t n);

/* A line on the process's own standard error (file descriptor 2, also on ranks whose stderr
   is held back), "stipend: rank K of R: TEXT", when the environment variable
   STP_DIST_TRACE is set and not empty; nothing otherwise. For measuring the split (how many
   students each rank ran), not for results. */
void stp_dist_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bytes in rank order: rank 0 gets sink(ctx, bytes, len) for its own bytes, then for those
   of rank 1, 2, ...; other ranks send theirs (len may be 0). Memory: one rank's bytes. */
typedef void (*stp_dist_sink)(void *ctx, const char *bytes, size_t len);
int stp_dist_gather_bytes(const char *bytes, size_t len, stp_dist_sink sink, void *ctx,
                          stp_error *err);

#endif
