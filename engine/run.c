#include "run.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dist.h"
#include "microdata.h"
#include "output.h"
#include "loanbook.h"
#include "population.h"
#include "progress.h"
#include "rng.h"

/* Students are handled in chunks: only one chunk is in memory, whatever the cohort size.
   Within a chunk, blocks of BLOCK students are the unit of parallel work and of ordered
   output, so students.csv comes out in id order on any number of threads.

   Over R > 1 MPI ranks (dist.h) the same units are split by fixed rules, so each student is
   simulated exactly as on one rank (its draws depend on (seed, id) alone) and the integer
   aggregates add up to the same bytes:
   - nothing written per student: the cohort's blocks in R contiguous ranges (stp_dist_range);
   - rows written (students.csv, a cohort export): chunk c belongs to rank c mod R; the R
     chunks of a round are simulated at once, and their rows sent to rank 0 in rank order,
     which is chunk order, so the file is the same bytes; each rank holds one chunk's rows;
   - a microdata file: every rank reads it, and keeps the chunks that are its own (c mod R);
   every rank stops together when one fails (stp_dist_agree at the end of each round and of
   the run); rank 0 opens and commits the files. */
#define CHUNK 32768
#define BLOCK 512

bool stp_outcome_check(const stp_outcome *o) {
  return o->paid_out == o->grant + o->loan &&
         o->loan + o->prior_debt + o->interest ==
             o->repaid + o->written_off + o->outstanding + o->transferred;
}

typedef struct block_out {
  char *buf;
  size_t len;
} block_out;

typedef struct driver {
  const stp_cohort_model *m;  /* draws the synthetic students */
  const stp_run_opts *o;
  const stp_visitor *v;       /* NULL: draw (and export) only */
  int nthreads;
  stp_student *students;      /* the current chunk */
  int n;                      /* students in it */
  /* Microdata: two chunks, so that the file is parsed into one while the other is being
     simulated (OpenMP tasks). */
  stp_student *micro[2];      /* the chunks */
  block_out *micro_blocks[2]; /* their per-block rows */
  int micro_n[2];             /* students in each; pending while > 0 and handed to tasks */
  int micro_cur;              /* the chunk being filled */
  long micro_bad;             /* invariant failures of the tasks (atomic) */
  void **state;               /* the visitor's state of each thread */
  double *life_s;             /* per thread: seconds inside visit_block */
  gsl_rng **rng;              /* one generator per thread */
  block_out *blocks;          /* per-block student rows */
  stp_csv_writer *students_w; /* students.csv, or NULL (R > 1: on rank 0 only) */
  stp_microdata_writer *cohort_w;
  int rank, ranks;            /* dist.h; ranks > 1: rows go through round buffers */
  bool want_rows;             /* students.csv asked for (true on every rank) */
  bool want_cohort;           /* a cohort export asked for (true on every rank) */
  stp_csv_writer *rows_w;     /* where this rank's student rows go: students_w or a round's */
  stp_csv_writer *crow_w;     /* R > 1: this rank's cohort rows in the round */
  FILE *round_ms[2];          /* R > 1: the round's rows and cohort rows, in memory */
  char *round_buf[2];
  size_t round_len[2];
  bool agreed_failure;        /* R > 1: the ranks stopped together; no more collectives */
  long seen;                  /* microdata: students read so far (every rank reads all) */
  long done;
  long bad;                   /* invariant failures */
  stp_progress prog;          /* the progress line */
  int status;
  stp_error *err;
} driver;

static void progress(driver *d, bool final) { stp_progress_update(&d->prog, d->done, final); }

/* The cohort export's rows: into the file (one rank) or the round's buffer. */
static void cohort_rows(driver *d, const stp_student *s, int n) {
  for (int i = 0; i < n; i++)
    if (d->cohort_w) stp_microdata_write(d->cohort_w, &s[i]);
    else if (d->crow_w) stp_microdata_row(d->crow_w, &s[i]);
}

/* ---- rounds (R > 1 with rows): each rank's rows of the round in memory, then to rank 0 ---- */

static int round_open(driver *d) {
  bool want[2] = {d->want_rows && d->v, d->want_cohort};
  stp_csv_writer **w[2] = {&d->rows_w, &d->crow_w};
  for (int k = 0; k < 2; k++) {
    if (!want[k]) continue;
    d->round_buf[k] = NULL;
    d->round_len[k] = 0;
    d->round_ms[k] = open_memstream(&d->round_buf[k], &d->round_len[k]);
    *w[k] = d->round_ms[k] ? stp_csv_writer_file(d->round_ms[k]) : NULL;
    if (!*w[k]) return stp_fail(d->err, STP_ENOMEM, "out of memory");
  }
  return STP_OK;
}

static void sink_rows(void *ctx, const char *bytes, size_t len) {
  stp_csv_raw(((driver *)ctx)->students_w, bytes, len);
}

static void sink_cohort(void *ctx, const char *bytes, size_t len) {
  stp_microdata_raw(((driver *)ctx)->cohort_w, bytes, len);
}

/* End the round: agree on failure, then the rows of every rank to rank 0 in rank order. */
static int round_close(driver *d, int rc) {
  stp_csv_writer **w[2] = {&d->rows_w, &d->crow_w};
  for (int k = 0; k < 2; k++) {
    if (*w[k]) stp_csv_writer_commit(*w[k], NULL);
    *w[k] = NULL;
    if (d->round_ms[k] && fclose(d->round_ms[k]) != 0 && rc == STP_OK)
      rc = stp_fail(d->err, STP_ENOMEM, "out of memory");
    d->round_ms[k] = NULL;
  }
  rc = stp_dist_agree(rc, d->err);
  if (rc != STP_OK) d->agreed_failure = true;
  stp_dist_sink sinks[2] = {sink_rows, sink_cohort};
  bool want[2] = {d->want_rows && d->v, d->want_cohort};
  for (int k = 0; k < 2; k++) {
    if (rc == STP_OK && want[k])
      rc = stp_dist_gather_bytes(d->round_buf[k], d->round_len[k], sinks[k], d, d->err);
    free(d->round_buf[k]);
    d->round_buf[k] = NULL;
  }
  return rc;
}

/* Draw students first .. first+n-1 of the synthetic cohort into out. */
static void draw_block(driver *d, gsl_rng *r, long first, int n, stp_student *out) {
  const stp_run_opts *o = d->o;
  for (int i = 0; i < n; i++)
    if (o->book)
      stp_book_sample_draw(o->book, d->m, r, o->seed, (uint64_t)(first + i), &out[i]);
    else if (o->population)
      stp_pop_sample_draw(o->population, d->m, r, o->seed, (uint64_t)(first + i), &out[i]);
    else
      stp_cohort_draw(d->m, r, o->seed, (uint64_t)(first + i), o->entry_first,
                      o->entry_last, &out[i]);
}

/* Hand n students to the visitor on thread tid (rows into w); returns the invariant
   failures. A population student who had left before the first parameter year (absent) is
   no one's: she is skipped. */
static long visit_block(driver *d, int tid, const stp_student *s, int n, stp_csv_writer *w) {
  const stp_visitor *v = d->v;
  long bad = 0;
  double t0 = stp_now();
  for (int i = 0; i < n; i++)
    if (!s[i].absent) bad += v->visit(v->user, d->state[tid], d->rng[tid], &s[i], w);
  d->life_s[tid] += stp_now() - t0;
  return bad;
}

/* Simulate the chunk of synthetic students first .. first+n-1: blocks in parallel, each
   drawn by the thread that simulates it (one parallel pass, the block still in cache), rows
   kept per block, then written in order. (first < 0: the chunk is already in d->students.) */
static void process_chunk(driver *d, long first) {
  int nblocks = (d->n + BLOCK - 1) / BLOCK;
  bool rows = d->want_rows;
  long bad = 0;
#pragma omp parallel num_threads(d->nthreads) reduction(+ : bad)
  {
    int tid = omp_get_thread_num();
    gsl_rng *r = d->rng[tid];
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < nblocks; b++) {
      int lo = b * BLOCK, n = (b + 1) * BLOCK < d->n ? BLOCK : d->n - b * BLOCK;
      if (first >= 0) draw_block(d, r, first + lo, n, &d->students[lo]);
      if (!d->v) continue;
      FILE *ms = NULL;
      stp_csv_writer *w = NULL;
      if (rows) {
        d->blocks[b].buf = NULL;
        d->blocks[b].len = 0;
        ms = open_memstream(&d->blocks[b].buf, &d->blocks[b].len);
        w = ms ? stp_csv_writer_file(ms) : NULL;
      }
      bad += visit_block(d, tid, &d->students[lo], n, w);
      if (w) {
        stp_error e;
        stp_csv_writer_commit(w, &e);
      }
      if (ms) fclose(ms);
    }
  }
  d->bad += bad;
  if (d->v && rows)
    for (int b = 0; b < nblocks; b++) {
      if (d->rows_w) stp_csv_raw(d->rows_w, d->blocks[b].buf, d->blocks[b].len);
      free(d->blocks[b].buf);
      d->blocks[b].buf = NULL;
    }
  cohort_rows(d, d->students, d->n);
  d->done += d->n;
  d->n = 0;
  progress(d, false);
}

/* One block of a microdata chunk, as a task on whichever thread takes it (tied: it stays
   on that thread, so the thread's accumulator and generator are its own). */
static void micro_block(driver *d, int k, int b) {
  int tid = omp_get_thread_num();
  int lo = b * BLOCK, n = (b + 1) * BLOCK < d->micro_n[k] ? BLOCK : d->micro_n[k] - lo;
  FILE *ms = NULL;
  stp_csv_writer *w = NULL;
  block_out *bo = &d->micro_blocks[k][b];
  if (d->want_rows) {
    bo->buf = NULL;
    bo->len = 0;
    ms = open_memstream(&bo->buf, &bo->len);
    w = ms ? stp_csv_writer_file(ms) : NULL;
  }
  long bad = visit_block(d, tid, &d->micro[k][lo], n, w);
  if (w) {
    stp_error e;
    stp_csv_writer_commit(w, &e);
  }
  if (ms) fclose(ms);
  if (bad) {
#pragma omp atomic
    d->micro_bad += bad;
  }
}

/* Wait for the chunk handed to tasks (there is at most one), then write its rows in order. */
static void micro_finish(driver *d) {
#pragma omp taskwait
  for (int k = 0; k < 2; k++) {
    if (d->micro_n[k] == 0 || k == d->micro_cur) continue;
    int nblocks = (d->micro_n[k] + BLOCK - 1) / BLOCK;
    for (int b = 0; b < nblocks && d->want_rows && d->v; b++) {
      if (d->rows_w) stp_csv_raw(d->rows_w, d->micro_blocks[k][b].buf, d->micro_blocks[k][b].len);
      free(d->micro_blocks[k][b].buf);
      d->micro_blocks[k][b].buf = NULL;
    }
    cohort_rows(d, d->micro[k], d->micro_n[k]);
    d->done += d->micro_n[k];
    d->micro_n[k] = 0;
    progress(d, false);
  }
}

/* The chunk being filled is complete: finish the one before, hand this one to tasks, and
   go on parsing into the other. */
static void micro_hand_over(driver *d) {
  micro_finish(d);
  int k = d->micro_cur, nblocks = (d->micro_n[k] + BLOCK - 1) / BLOCK;
  if (d->v)
    for (int b = 0; b < nblocks; b++) {
#pragma omp task firstprivate(k, b)
      micro_block(d, k, b);
    }
  d->micro_cur ^= 1;
}

static bool rounds(const driver *d) { return d->ranks > 1 && (d->want_rows || d->want_cohort); }

static int on_micro_student(void *ctx, const stp_student *s, stp_error *err) {
  (void)err;
  driver *d = ctx;
  long idx = d->seen++;
  if ((idx / CHUNK) % d->ranks == d->rank) {
    int k = d->micro_cur;
    d->micro[k][d->micro_n[k]++] = *s;
    if (d->micro_n[k] == CHUNK) micro_hand_over(d);
  }
  if (rounds(d) && (idx + 1) % ((long)d->ranks * CHUNK) == 0) {
    /* the round's last chunk is read: every rank's chunk of it is complete */
    micro_finish(d);
    int rc = round_close(d, STP_OK);
    if (rc == STP_OK) rc = round_open(d);
    if (rc != STP_OK) return rc;
  }
  return STP_OK;
}

/* Parse on one thread while the others (and the parser, whenever it waits) simulate. */
static int run_microdata(driver *d) {
  int rc = STP_OK;
#pragma omp parallel num_threads(d->nthreads)
#pragma omp single
  {
    rc = stp_microdata_read(d->o->microdata, on_micro_student, d, d->err);
    if (rc == STP_OK && d->micro_n[d->micro_cur] > 0) micro_hand_over(d);
    micro_finish(d);
    if (rounds(d) && !d->agreed_failure) rc = round_close(d, rc);
  }
  d->bad += d->micro_bad;
  return rc;
}

/* A synthetic cohort with nothing written per student: no chunks and no order to keep, so
   all blocks of the cohort in one parallel pass (one wait at the end instead of one per
   chunk), each drawn and simulated by its thread in a buffer of its own. */
static void stream_cohort(driver *d) {
  long size = d->o->size;
  long nblocks = (size + BLOCK - 1) / BLOCK, lo_block, hi_block;
  stp_dist_range_of(nblocks, d->rank, d->ranks, &lo_block, &hi_block);
  long bad = 0, done = 0;
#pragma omp parallel num_threads(d->nthreads) reduction(+ : bad)
  {
    int tid = omp_get_thread_num();
    gsl_rng *r = d->rng[tid];
    stp_student *buf = d->students + (size_t)tid * BLOCK;
#pragma omp for schedule(dynamic, 1)
    for (long b = lo_block; b < hi_block; b++) {
      long lo = b * BLOCK;
      int n = (int)(size - lo < BLOCK ? size - lo : BLOCK);
      draw_block(d, r, lo, n, buf);
      bad += visit_block(d, tid, buf, n, NULL);
      long now_done;
#pragma omp atomic capture
      now_done = done += n;
      if (tid == 0 && d->prog.on) {
        d->done = now_done;
        progress(d, false);
      }
    }
  }
  d->bad += bad;
  d->done = done;
}

int stp_drive(const stp_cohort_model *m, const stp_run_opts *o, const stp_visitor *v,
              void (*rows_header)(stp_csv_writer *w), stp_run_stats *st, stp_error *err) {
  driver d = {.m = m, .o = o, .v = v, .err = err, .status = STP_OK};
  d.rank = o->local ? 0 : stp_dist_rank();
  d.ranks = o->local ? 1 : stp_dist_size();
  d.want_rows = o->students_path != NULL && v;
  d.want_cohort = o->cohort_out != NULL;
  bool root = stp_dist_root();
  d.nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
  /* a chunk, or one block per thread (stream_cohort) */
  size_t nstudents = (size_t)d.nthreads * BLOCK > CHUNK ? (size_t)d.nthreads * BLOCK : CHUNK;
  d.students = malloc(nstudents * sizeof *d.students);
  d.state = calloc((size_t)d.nthreads, sizeof *d.state);
  d.rng = calloc((size_t)d.nthreads, sizeof *d.rng);
  d.life_s = calloc((size_t)d.nthreads, sizeof *d.life_s);
  d.blocks = calloc(CHUNK / BLOCK + 1, sizeof *d.blocks);
  int rc = STP_OK;
  /* A failure here is not returned at once: with R > 1 the other ranks wait for this one at
     the next agreement (a failing rank skips the work and goes straight to it). */
  if (!d.students || !d.state || !d.rng || !d.life_s || !d.blocks)
    rc = stp_fail(err, STP_ENOMEM, "out of memory");
  for (int t = 0; t < d.nthreads && rc == STP_OK; t++) {
    d.rng[t] = stp_rng_alloc();
    if (v && v->thread_alloc) d.state[t] = v->thread_alloc(v->user);
    if (!d.rng[t] || (v && v->thread_alloc && !d.state[t]))
      rc = stp_fail(err, STP_ENOMEM, "out of memory");
  }
  if (rc == STP_OK && d.want_rows && root &&
      (rc = stp_csv_writer_open(o->students_path, &d.students_w, err)) == STP_OK && rows_header)
    rows_header(d.students_w);
  if (rc == STP_OK && o->cohort_out && root)
    rc = stp_microdata_writer_open(o->cohort_out, &d.cohort_w, err);
  d.rows_w = d.ranks == 1 ? d.students_w : NULL;
  long share = o->microdata ? 0 : o->size / d.ranks;
  stp_progress_start(&d.prog, o->progress && root, share, o->scenarios > 0 ? o->scenarios : 1);
  for (int k = 0; k < 2 && o->microdata && rc == STP_OK; k++) {
    d.micro[k] = malloc(CHUNK * sizeof *d.micro[k]);
    d.micro_blocks[k] = calloc(CHUNK / BLOCK + 1, sizeof *d.micro_blocks[k]);
    if (!d.micro[k] || !d.micro_blocks[k]) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  }
  if (rc == STP_OK && rounds(&d)) rc = round_open(&d);
  if (rc != STP_OK) {
    /* straight to the agreement */
  } else if (o->microdata) {
    rc = run_microdata(&d);
  } else if (v && !d.want_rows && !d.want_cohort) {
    stream_cohort(&d);
  } else if (!rounds(&d)) {
    for (long first = 0; first < o->size; first += CHUNK) {
      d.n = (int)(o->size - first < CHUNK ? o->size - first : CHUNK);
      process_chunk(&d, first);
    }
  } else {
    long nchunks = (o->size + CHUNK - 1) / CHUNK;
    for (long j = 0; j * d.ranks < nchunks && !d.agreed_failure; j++) {
      long c = j * d.ranks + d.rank;
      if (rc == STP_OK && j > 0) rc = round_open(&d);
      if (rc == STP_OK && c < nchunks) {
        d.n = (int)(o->size - c * CHUNK < CHUNK ? o->size - c * CHUNK : CHUNK);
        process_chunk(&d, c * CHUNK);
      }
      rc = round_close(&d, rc);
    }
  }
  progress(&d, true);
  stp_dist_trace("%ld students drawn%s, %ld by this rank (%s)", o->microdata ? d.seen : o->size,
                 o->microdata ? " or read" : "", d.done,
                 d.ranks > 1 ? "split over the ranks" : o->local ? "local: this rank runs all"
                                                                 : "one rank");
  if (!d.agreed_failure && d.ranks > 1) rc = stp_dist_agree(rc, err);
  if (rc == STP_OK) {
    /* this rank's states; the caller sums what the visitor merged over the ranks */
    for (int t = 0; v && v->merge && t < d.nthreads; t++) v->merge(v->user, d.state[t]);
    if (d.ranks > 1) {
      double life = 0;
      for (int t = 0; t < d.nthreads; t++) life += d.life_s[t];
      int64_t sums[3] = {d.done, d.bad, (int64_t)(life * 1e9)};
      stp_dist_sum_i64(sums, 3);
      d.done = sums[0];
      d.bad = sums[1];
      for (int t = 0; t < d.nthreads; t++) d.life_s[t] = t == 0 ? (double)sums[2] * 1e-9 : 0;
    }
  }
  if (rc == STP_OK && d.students_w) {
    rc = stp_csv_writer_commit(d.students_w, err);
    d.students_w = NULL;
  }
  if (rc == STP_OK && d.cohort_w) {
    rc = stp_microdata_writer_commit(d.cohort_w, err);
    d.cohort_w = NULL;
  }
  if (st) {
    st->students = d.done;
    st->seconds = stp_now() - d.prog.t0;
    st->threads = d.nthreads * d.ranks;
    st->lifecycle_seconds = 0;
    for (int t = 0; t < d.nthreads; t++) st->lifecycle_seconds += d.life_s[t];
    st->invariant_failures = d.bad;
    st->invariants_ok = d.bad == 0;
  }
  if (d.students_w) stp_csv_writer_abort(d.students_w);
  if (d.cohort_w) stp_microdata_writer_abort(d.cohort_w);
  for (int t = 0; d.state && t < d.nthreads; t++) {
    if (d.state[t] && v->thread_free) v->thread_free(v->user, d.state[t]);
    if (d.rng && d.rng[t]) stp_rng_free(d.rng[t]);
  }
  free(d.state);
  free(d.rng);
  free(d.life_s);
  free(d.blocks);
  free(d.students);
  for (int k = 0; k < 2; k++) {
    if (d.round_ms[k]) fclose(d.round_ms[k]);
    free(d.round_buf[k]);
  }
  for (int k = 0; k < 2; k++) {
    for (int b = 0; d.micro_blocks[k] && b < CHUNK / BLOCK + 1; b++) free(d.micro_blocks[k][b].buf);
    free(d.micro_blocks[k]);
    free(d.micro[k]);
  }
  return rc;
}

/* ---- a run: one scenario, its totals by group ---- */

typedef struct run_visit {
  const stp_life_ctx *ctx;
  stp_agg *total;             /* this rank's students, merged over its threads */
} run_visit;

/* A thread's totals. A weighted student (population mode) lives into `scratch`, which goes
   into the totals times the weight whenever the weight changes (a stratum's students carry
   one of two weights, in runs of ids) and at the merge: exact integers, and rarely. */
typedef struct run_thread {
  stp_agg *a;
  stp_cashflow *scratch;
  int64_t scratch_w;          /* the weight of what scratch holds; 0: nothing */
} run_thread;

static void run_thread_free(void *user, void *state) {
  (void)user;
  run_thread *t = state;
  if (!t) return;
  stp_agg_free(t->a);
  free(t->scratch);
  free(t);
}

/* No total: no thread state either, so that the driver fails on this rank, agreed with
   every other. */
static void *run_thread_alloc(void *user) {
  const run_visit *u = user;
  if (!u->total) return NULL;
  run_thread *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->a = stp_agg_alloc();
  t->scratch = calloc(1, sizeof *t->scratch);
  if (!t->a || !t->scratch) {
    run_thread_free(user, t);
    return NULL;
  }
  return t;
}

static void flush_scratch(run_thread *t) {
  if (t->scratch_w > 1) {
    stp_cashflow_add_scaled(&t->a->cf, t->scratch, t->scratch_w);
    memset(t->scratch, 0, sizeof *t->scratch);
  }
  t->scratch_w = 0;
}

static long run_student(void *user, void *state, gsl_rng *r, const stp_student *s,
                        stp_csv_writer *rows) {
  const run_visit *u = user;
  run_thread *t = state;
  stp_outcome out;
  const int64_t w = stp_student_weight(s);
  if (w != t->scratch_w) flush_scratch(t);
  t->scratch_w = w;
  stp_lifecycle(u->ctx, s, r, &out, w == 1 ? &t->a->cf : t->scratch);
  stp_agg_add_weighted(t->a, &out, w);
  if (rows) stp_students_row(rows, s, &out);
  return !stp_outcome_check(&out);
}

static void run_merge(void *user, void *state) {
  run_visit *u = user;
  run_thread *t = state;
  flush_scratch(t);
  stp_agg_merge(u->total, t->a);
}

int stp_run(const stp_life_ctx *ctx, const stp_run_opts *o, stp_agg *agg, stp_run_stats *st,
            stp_error *err) {
  /* A ctx without its per-run tables (built with designated initialisers): make them here. */
  stp_life_ctx own = *ctx;
  own.tables = NULL;
  if (!ctx->tables && o->simulate) {
    int trc = stp_life_ctx_init(&own, err);
    if (trc) return trc;
    ctx = &own;
  }
  run_visit u = {.ctx = ctx, .total = stp_agg_alloc()};
  stp_visitor v = {.user = &u, .thread_alloc = run_thread_alloc,
                   .thread_free = run_thread_free, .visit = run_student, .merge = run_merge};
  int rc = stp_drive(ctx->cohort, o, o->simulate ? &v : NULL, stp_students_header, st, err);
  if (rc == STP_OK && u.total) {
    if (!o->local && stp_dist_size() > 1) stp_dist_sum_agg(u.total);
    stp_agg_merge(agg, u.total);
  }
  stp_agg_free(u.total);
  stp_life_ctx_release(&own);
  return rc;
}

int stp_run_tasks(long ntasks, size_t nout, stp_task_fn fn, void *user, double *out,
                  stp_error *err) {
  memset(out, 0, (size_t)ntasks * nout * sizeof *out);
  long lo, hi;
  stp_dist_range(ntasks, &lo, &hi);
  int rc = STP_OK;
  for (long t = lo; t < hi && rc == STP_OK; t++) rc = fn(user, t, out + (size_t)t * nout, err);
  rc = stp_dist_agree(rc, err);
  if (rc == STP_OK) stp_dist_share_f64(out, (size_t)ntasks * nout);
  return rc;
}
