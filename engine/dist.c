/* dist.c: ranks over Open MPI, or one rank. Only integer data is combined across ranks
   (sums, minima, maxima of int64 and the integer aggregates), so the result of every
   reduction is the same bytes whatever the number of ranks and the order MPI combines them
   in; the only doubles that travel (stp_dist_share_f64) are set by one rank and added to
   zeros, which copies them exactly. */
#include "dist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef STP_MPI
#include <limits.h>
#include <mpi.h>

static int rank_, size_ = 1;
static bool started;
static bool agreed_failure;
static MPI_Datatype agg_type;
static MPI_Op agg_op;

static void agg_merge_op(void *in, void *inout, int *len, MPI_Datatype *type) {
  (void)type;
  const stp_agg *a = in;
  stp_agg *b = inout;
  for (int i = 0; i < *len; i++) stp_agg_merge(&b[i], &a[i]);
}

int stp_dist_init(int *argc, char ***argv) {
  int provided;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS ||
      provided < MPI_THREAD_SERIALIZED)
    return STP_EIO;
  started = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  /* An error inside MPI (a peer gone) ends the job rather than leaving ranks waiting. */
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  MPI_Type_contiguous((int)sizeof(stp_agg), MPI_BYTE, &agg_type);
  MPI_Type_commit(&agg_type);
  MPI_Op_create(agg_merge_op, 1, &agg_op);
  return STP_OK;
}

void stp_dist_finalize(void) {
  if (!started) return;
  MPI_Op_free(&agg_op);
  MPI_Type_free(&agg_type);
  MPI_Finalize();
  started = false;
}

int stp_dist_rank(void) { return rank_; }
int stp_dist_size(void) { return size_; }

int stp_dist_agree(int rc, stp_error *err) {
  if (size_ == 1) return rc;
  int mine = rc != STP_OK ? rank_ : size_, first;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == size_) return STP_OK;
  agreed_failure = true;
  struct {
    int code;
    char msg[sizeof err->msg];
  } m = {0};
  if (rank_ == first) {
    m.code = rc;
    snprintf(m.msg, sizeof m.msg, "%s", err ? err->msg : "failed");
  }
  MPI_Bcast(&m, (int)sizeof m, MPI_BYTE, first, MPI_COMM_WORLD);
  if (err) {
    err->code = m.code;
    snprintf(err->msg, sizeof err->msg, "rank %d: %.*s", first, (int)sizeof err->msg - 16, m.msg);
  }
  return m.code;
}

/* MPI counts are int: long arrays in pieces. */
static void reduce_i64(int64_t *v, size_t n, MPI_Op op) {
  if (size_ == 1) return;
  for (size_t at = 0; at < n;) {
    int k = n - at > (size_t)INT_MAX ? INT_MAX : (int)(n - at);
    MPI_Allreduce(MPI_IN_PLACE, v + at, k, MPI_INT64_T, op, MPI_COMM_WORLD);
    at += (size_t)k;
  }
}

void stp_dist_sum_i64(int64_t *v, size_t n) { reduce_i64(v, n, MPI_SUM); }
void stp_dist_max_i64(int64_t *v, size_t n) { reduce_i64(v, n, MPI_MAX); }
void stp_dist_min_i64(int64_t *v, size_t n) { reduce_i64(v, n, MPI_MIN); }

void stp_dist_sum_agg(stp_agg *a) {
  if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, a, 1, agg_type, agg_op, MPI_COMM_WORLD);
}

void stp_dist_share_f64(double *v, size_t n) {
  if (size_ == 1) return;
  for (size_t at = 0; at < n;) {
    int k = n - at > (size_t)INT_MAX ? INT_MAX : (int)(n - at);
    /* the bits, xor-ed with the zero bits of the other ranks: exact, -0 and NaN included */
    MPI_Allreduce(MPI_IN_PLACE, v + at, k, MPI_UINT64_T, MPI_BXOR, MPI_COMM_WORLD);
    at += (size_t)k;
  }
}

#define PIECE (1 << 30)

int stp_dist_gather_bytes(const char *bytes, size_t len, stp_dist_sink sink, void *ctx,
                          stp_error *err) {
  if (rank_ != 0) {
    uint64_t n = len;
    MPI_Send(&n, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
    for (size_t at = 0; at < len; at += PIECE) {
      size_t k = len - at < PIECE ? len - at : PIECE;
      MPI_Send(bytes + at, (int)k, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
    }
    return STP_OK;
  }
  sink(ctx, bytes, len);
  int rc = STP_OK;
  for (int r = 1; r < size_; r++) {
    uint64_t n;
    MPI_Recv(&n, 1, MPI_UINT64_T, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char *buf = n ? malloc((size_t)n) : NULL;
    if (n && !buf) rc = stp_fail(err, STP_ENOMEM, "out of memory (rows of rank %d)", r);
    for (uint64_t at = 0; at < n; at += PIECE) {
      uint64_t k = n - at < PIECE ? n - at : PIECE;
      /* Without memory the bytes are still received (into a small buffer, dropped), so
         that the other ranks are not left waiting: the failure is agreed afterwards. */
      static char scratch[1 << 16];
      for (uint64_t got = 0; !buf && got < k; got += sizeof scratch) {
        uint64_t piece = k - got < sizeof scratch ? k - got : sizeof scratch;
        MPI_Recv(scratch, (int)piece, MPI_BYTE, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      }
      if (buf) MPI_Recv(buf + at, (int)k, MPI_BYTE, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    if (buf) sink(ctx, buf, (size_t)n);
    free(buf);
  }
  return rc;
}

#else /* one rank */

int stp_dist_init(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return STP_OK;
}
void stp_dist_finalize(void) {}
int stp_dist_rank(void) { return 0; }
int stp_dist_size(void) { return 1; }
int stp_dist_agree(int rc, stp_error *err) {
  (void)err;
  return rc;
}
void stp_dist_sum_i64(int64_t *v, size_t n) {
  (void)v;
  (void)n;
}
void stp_dist_max_i64(int64_t *v, size_t n) {
  (void)v;
  (void)n;
}
void stp_dist_min_i64(int64_t *v, size_t n) {
  (void)v;
  (void)n;
}
void stp_dist_sum_agg(stp_agg *a) { (void)a; }
void stp_dist_share_f64(double *v, size_t n) {
  (void)v;
  (void)n;
}
int stp_dist_gather_bytes(const char *bytes, size_t len, stp_dist_sink sink, void *ctx,
                          stp_error *err) {
  (void)err;
  sink(ctx, bytes, len);
  return STP_OK;
}

#endif

bool stp_dist_root(void) { return stp_dist_rank() == 0; }

#ifdef STP_MPI
bool stp_dist_failed_together(void) { return agreed_failure; }
#else
bool stp_dist_failed_together(void) { return false; }
#endif

void stp_dist_trace(const char *fmt, ...) {
  const char *on = getenv("STP_DIST_TRACE");
  if (!on || !*on) return;
  char line[512];
  int n = snprintf(line, sizeof line, "stipend: rank %d of %d: ", stp_dist_rank(), stp_dist_size());
  va_list ap;
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof line) vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
  va_end(ap);
  dprintf(2, "%s\n", line);
}

void stp_dist_range(long n, long *lo, long *hi) {
  stp_dist_range_of(n, stp_dist_rank(), stp_dist_size(), lo, hi);
}

void stp_dist_range_of(long n, int rank, int size, long *lo, long *hi) {
  long r = rank, R = size;
  /* r·n/R without overflow for any n a long holds: n = q·R + m */
  long q = n / R, m = n % R;
  *lo = r * q + (r * m) / R;
  *hi = (r + 1) * q + ((r + 1) * m) / R;
}
