#include "run.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microdata.h"
#include "progress.h"
#include "rng.h"
#include "rules/tuition.h"

/* Students are handled in chunks: only one chunk is in memory, whatever the cohort size.
   Within a chunk, blocks of BLOCK students are the unit of parallel work and of ordered
   output, so students.csv comes out in id order on any number of threads. */
#define CHUNK 32768
#define BLOCK 512

bool stp_outcome_check(const stp_outcome *o) {
  return o->paid_out == o->grant + o->loan &&
         o->loan + o->prior_debt + o->interest ==
             o->repaid + o->written_off + o->outstanding + o->transferred;
}

void stp_students_header(stp_csv_writer *w) {
  static const char *h[] = {
      "id", "entry_year", "birth_year", "sex", "level", "funding_category", "non_eea",
      "exemption", "at_home", "children", "disability", "region", "years_enrolled",
      "completed", "earnings_decile", "paid_out_nok", "grant_nok", "loan_nok", "tuition_nok",
      "semester_fees_nok", "debt_end_study_nok", "interest_nok", "interest_relief_nok",
      "repaid_nok", "written_off_nok", "defaulted_nok", "outstanding_nok", "repay_months",
      "deferred_first_year", "means_reduced", "means_loan_only", "end"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
}

/* The row field by field through the CSV writer: the definition of the format. */
static void students_row_fields(stp_csv_writer *w, const stp_student *s, const stp_outcome *o,
                                const char *const text[5]) {
  stp_csv_int(w, (long long)s->id);
  stp_csv_int(w, s->entry_year);
  stp_csv_int(w, s->birth_year);
  stp_csv_field(w, text[0]);
  stp_csv_field(w, text[1]);
  stp_csv_field(w, text[2]);
  stp_csv_int(w, s->non_eea);
  stp_csv_field(w, text[3]);
  stp_csv_int(w, s->at_home);
  stp_csv_int(w, s->children);
  stp_csv_int(w, s->disability);
  stp_csv_int(w, s->region);
  stp_csv_int(w, s->years);
  stp_csv_int(w, s->completed);
  stp_csv_int(w, o->earnings_decile + 1);
  stp_csv_money(w, o->paid_out);
  stp_csv_money(w, o->grant);
  stp_csv_money(w, o->loan);
  stp_csv_money(w, o->tuition);
  stp_csv_money(w, o->semester_fees);
  stp_csv_money(w, o->debt_end_study);
  stp_csv_money(w, o->interest);
  stp_csv_money(w, o->relief);
  stp_csv_money(w, o->repaid);
  stp_csv_money(w, o->written_off);
  stp_csv_money(w, o->defaulted);
  stp_csv_money(w, o->outstanding);
  stp_csv_int(w, o->repay_months);
  stp_csv_int(w, o->deferred_first_year);
  stp_csv_int(w, o->means_reduced);
  stp_csv_int(w, o->means_loan_only);
  stp_csv_field(w, text[4]);
  stp_csv_endrow(w);
}

/* The same bytes formatted here: "%lld" for integers, stp_money_format's "[-]NOK.øø" for
   money, bare text (students_row_fields falls back where a text would need quotes). A row
   through the writer's printf and stdio calls cost several microseconds, more than the
   student's whole lifecycle. */
static char *put_uint(char *p, unsigned long long v) {
  char d[20];
  int n = 0;
  do d[n++] = (char)('0' + v % 10);
  while (v /= 10);
  while (n) *p++ = d[--n];
  return p;
}

static char *put_int(char *p, long long v) {
  if (v < 0) {
    *p++ = '-';
    return put_uint(p, 0ULL - (unsigned long long)v);
  }
  return put_uint(p, (unsigned long long)v);
}

static char *put_money(char *p, long long ore) {
  unsigned long long a = (unsigned long long)ore;
  if (ore < 0) {
    *p++ = '-';
    a = (unsigned long long)(-(ore + 1)) + 1;
  }
  p = put_uint(p, a / 100);
  *p++ = '.';
  *p++ = (char)('0' + a % 100 / 10);
  *p++ = (char)('0' + a % 10);
  return p;
}

static char *put_text(char *p, const char *t) {
  while (*t) *p++ = *t++;
  return p;
}

/* stp_csv_field writes these bare (no quotes). */
static bool bare(const char *t) { return !strpbrk(t, ",\"\r\n") && t[0] != ' '; }

void stp_students_row(stp_csv_writer *w, const stp_student *s, const stp_outcome *o) {
  static const char *levels[] = {"bachelor", "master2", "master5", "one-year"};
  static const char *cats = "ABCDEF";
  char cat[2] = {cats[s->funding_category < 6 ? s->funding_category : 5], 0};
  const char *ex = stp_exemption_name((stp_exemption)s->exemption);
  const char *text[5] = {s->sex ? "male" : "female", levels[s->level < 4 ? s->level : 0], cat,
                         ex ? ex : "", stp_end_name(o->end)};
  size_t len = 0;
  for (int i = 0; i < 5; i++) {
    if (!bare(text[i])) {
      students_row_fields(w, s, o, text);
      return;
    }
    len += strlen(text[i]);
  }
  /* 26 numbers of at most 21 characters, 32 separators, the texts */
  char buf[26 * 21 + 32 + 256];
  if (len > 256) {
    students_row_fields(w, s, o, text);
    return;
  }
  char *p = buf;
  p = put_int(p, (long long)s->id);
  *p++ = ',';
  p = put_int(p, s->entry_year);
  *p++ = ',';
  p = put_int(p, s->birth_year);
  for (int i = 0; i < 3; i++) {
    *p++ = ',';
    p = put_text(p, text[i]);
  }
  *p++ = ',';
  p = put_int(p, s->non_eea);
  *p++ = ',';
  p = put_text(p, text[3]);
  const long long ints[] = {s->at_home, s->children, s->disability, s->region, s->years,
                            s->completed, o->earnings_decile + 1};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    *p++ = ',';
    p = put_int(p, ints[i]);
  }
  const stp_money money[] = {o->paid_out,  o->grant,    o->loan,        o->tuition,
                             o->semester_fees, o->debt_end_study, o->interest, o->relief,
                             o->repaid,    o->written_off, o->defaulted, o->outstanding};
  for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
    *p++ = ',';
    p = put_money(p, money[i]);
  }
  const long long tail[] = {o->repay_months, o->deferred_first_year, o->means_reduced,
                            o->means_loan_only};
  for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) {
    *p++ = ',';
    p = put_int(p, tail[i]);
  }
  *p++ = ',';
  p = put_text(p, text[4]);
  *p++ = '\n';
  stp_csv_raw(w, buf, (size_t)(p - buf));
}

typedef struct block_out {
  char *buf;
  size_t len;
} block_out;

typedef struct driver {
  const stp_life_ctx *ctx;
  const stp_run_opts *o;
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
  stp_agg **local;            /* one accumulator per thread */
  double *life_s;             /* per thread: seconds inside simulate_block */
  gsl_rng **rng;              /* one generator per thread */
  block_out *blocks;          /* per-block student rows */
  stp_csv_writer *students_w; /* students.csv, or NULL */
  stp_microdata_writer *cohort_w;
  long done;
  long bad;                   /* invariant failures */
  stp_progress prog;          /* the progress line */
  int status;
  stp_error *err;
} driver;

static void progress(driver *d, bool final) { stp_progress_update(&d->prog, d->done, final); }

/* Draw students first .. first+n-1 of the synthetic cohort into out. */
static void draw_block(driver *d, gsl_rng *r, long first, int n, stp_student *out) {
  const stp_run_opts *o = d->o;
  for (int i = 0; i < n; i++)
    stp_cohort_draw(d->ctx->cohort, r, o->seed, (uint64_t)(first + i), o->entry_first,
                    o->entry_last, &out[i]);
}

/* Simulate n students into the thread's accumulator (and rows into w); returns the
   invariant failures. */
static long simulate_block(driver *d, gsl_rng *r, stp_agg *a, const stp_student *s, int n,
                           stp_csv_writer *w) {
  long bad = 0;
  double t0 = stp_now();
  for (int i = 0; i < n; i++) {
    stp_outcome out;
    stp_lifecycle(d->ctx, &s[i], r, &out, &a->cf);
    if (!stp_outcome_check(&out)) bad++;
    stp_agg_add(a, &out);
    if (w) stp_students_row(w, &s[i], &out);
  }
  d->life_s[omp_get_thread_num()] += stp_now() - t0;
  return bad;
}

/* Simulate the chunk of synthetic students first .. first+n-1: blocks in parallel, each
   drawn by the thread that simulates it (one parallel pass, the block still in cache), rows
   kept per block, then written in order. (first < 0: the chunk is already in d->students.) */
static void process_chunk(driver *d, long first) {
  int nblocks = (d->n + BLOCK - 1) / BLOCK;
  bool rows = d->students_w != NULL;
  long bad = 0;
#pragma omp parallel num_threads(d->nthreads) reduction(+ : bad)
  {
    int tid = omp_get_thread_num();
    stp_agg *a = d->local[tid];
    gsl_rng *r = d->rng[tid];
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < nblocks; b++) {
      int lo = b * BLOCK, n = (b + 1) * BLOCK < d->n ? BLOCK : d->n - b * BLOCK;
      if (first >= 0) draw_block(d, r, first + lo, n, &d->students[lo]);
      if (!d->o->simulate) continue;
      FILE *ms = NULL;
      stp_csv_writer *w = NULL;
      if (rows) {
        d->blocks[b].buf = NULL;
        d->blocks[b].len = 0;
        ms = open_memstream(&d->blocks[b].buf, &d->blocks[b].len);
        w = ms ? stp_csv_writer_file(ms) : NULL;
      }
      bad += simulate_block(d, r, a, &d->students[lo], n, w);
      if (w) {
        stp_error e;
        stp_csv_writer_commit(w, &e);
      }
      if (ms) fclose(ms);
    }
  }
  d->bad += bad;
  if (d->o->simulate && rows)
    for (int b = 0; b < nblocks; b++) {
      stp_csv_raw(d->students_w, d->blocks[b].buf, d->blocks[b].len);
      free(d->blocks[b].buf);
      d->blocks[b].buf = NULL;
    }
  if (d->cohort_w)
    for (int i = 0; i < d->n; i++) stp_microdata_write(d->cohort_w, &d->students[i]);
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
  if (d->students_w) {
    bo->buf = NULL;
    bo->len = 0;
    ms = open_memstream(&bo->buf, &bo->len);
    w = ms ? stp_csv_writer_file(ms) : NULL;
  }
  long bad = simulate_block(d, d->rng[tid], d->local[tid], &d->micro[k][lo], n, w);
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
    for (int b = 0; b < nblocks && d->students_w; b++) {
      stp_csv_raw(d->students_w, d->micro_blocks[k][b].buf, d->micro_blocks[k][b].len);
      free(d->micro_blocks[k][b].buf);
      d->micro_blocks[k][b].buf = NULL;
    }
    if (d->cohort_w)
      for (int i = 0; i < d->micro_n[k]; i++) stp_microdata_write(d->cohort_w, &d->micro[k][i]);
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
  if (d->o->simulate)
    for (int b = 0; b < nblocks; b++) {
#pragma omp task firstprivate(k, b)
      micro_block(d, k, b);
    }
  d->micro_cur ^= 1;
}

static int on_micro_student(void *ctx, const stp_student *s, stp_error *err) {
  (void)err;
  driver *d = ctx;
  int k = d->micro_cur;
  d->micro[k][d->micro_n[k]++] = *s;
  if (d->micro_n[k] == CHUNK) micro_hand_over(d);
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
  }
  d->bad += d->micro_bad;
  return rc;
}

/* A synthetic cohort with nothing written per student: no chunks and no order to keep, so
   all blocks of the cohort in one parallel pass (one wait at the end instead of one per
   chunk), each drawn and simulated by its thread in a buffer of its own. */
static void stream_cohort(driver *d) {
  long size = d->o->size;
  long nblocks = (size + BLOCK - 1) / BLOCK;
  long bad = 0, done = 0;
#pragma omp parallel num_threads(d->nthreads) reduction(+ : bad)
  {
    int tid = omp_get_thread_num();
    stp_agg *a = d->local[tid];
    gsl_rng *r = d->rng[tid];
    stp_student *buf = d->students + (size_t)tid * BLOCK;
#pragma omp for schedule(dynamic, 1)
    for (long b = 0; b < nblocks; b++) {
      long lo = b * BLOCK;
      int n = (int)(size - lo < BLOCK ? size - lo : BLOCK);
      draw_block(d, r, lo, n, buf);
      bad += simulate_block(d, r, a, buf, n, NULL);
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
  d->done = size;
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
  driver d = {.ctx = ctx, .o = o, .err = err, .status = STP_OK};
  d.nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
  /* a chunk, or one block per thread (stream_cohort) */
  size_t nstudents = (size_t)d.nthreads * BLOCK > CHUNK ? (size_t)d.nthreads * BLOCK : CHUNK;
  d.students = malloc(nstudents * sizeof *d.students);
  d.local = calloc((size_t)d.nthreads, sizeof *d.local);
  d.rng = calloc((size_t)d.nthreads, sizeof *d.rng);
  d.life_s = calloc((size_t)d.nthreads, sizeof *d.life_s);
  d.blocks = calloc(CHUNK / BLOCK + 1, sizeof *d.blocks);
  int rc = STP_OK;
  if (!d.students || !d.local || !d.rng || !d.life_s || !d.blocks) {
    rc = stp_fail(err, STP_ENOMEM, "out of memory");
    goto done;
  }
  for (int t = 0; t < d.nthreads; t++) {
    d.local[t] = stp_agg_alloc();
    d.rng[t] = stp_rng_alloc();
    if (!d.local[t] || !d.rng[t]) {
      rc = stp_fail(err, STP_ENOMEM, "out of memory");
      goto done;
    }
  }
  if (o->students_path) {
    if ((rc = stp_csv_writer_open(o->students_path, &d.students_w, err))) goto done;
    stp_students_header(d.students_w);
  }
  if (o->cohort_out && (rc = stp_microdata_writer_open(o->cohort_out, &d.cohort_w, err)))
    goto done;
  stp_progress_start(&d.prog, o->progress, o->microdata ? 0 : o->size, 1);
  if (o->microdata) {
    for (int k = 0; k < 2; k++) {
      d.micro[k] = malloc(CHUNK * sizeof *d.micro[k]);
      d.micro_blocks[k] = calloc(CHUNK / BLOCK + 1, sizeof *d.micro_blocks[k]);
      if (!d.micro[k] || !d.micro_blocks[k]) {
        rc = stp_fail(err, STP_ENOMEM, "out of memory");
        goto done;
      }
    }
    rc = run_microdata(&d);
  } else if (o->simulate && !d.students_w && !d.cohort_w) {
    stream_cohort(&d);
  } else {
    for (long first = 0; first < o->size; first += CHUNK) {
      d.n = (int)(o->size - first < CHUNK ? o->size - first : CHUNK);
      process_chunk(&d, first);
    }
  }
  progress(&d, true);
  for (int t = 0; t < d.nthreads && rc == STP_OK; t++) stp_agg_merge(agg, d.local[t]);
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
    st->threads = d.nthreads;
    st->lifecycle_seconds = 0;
    for (int t = 0; t < d.nthreads; t++) st->lifecycle_seconds += d.life_s[t];
    st->invariant_failures = d.bad;
    st->invariants_ok = d.bad == 0;
  }
done:
  if (d.students_w) stp_csv_writer_abort(d.students_w);
  if (d.cohort_w) stp_microdata_writer_abort(d.cohort_w);
  for (int t = 0; d.local && t < d.nthreads; t++) {
    stp_agg_free(d.local[t]);
    if (d.rng[t]) stp_rng_free(d.rng[t]);
  }
  free(d.local);
  free(d.rng);
  free(d.life_s);
  free(d.blocks);
  free(d.students);
  for (int k = 0; k < 2; k++) {
    for (int b = 0; d.micro_blocks[k] && b < CHUNK / BLOCK + 1; b++) free(d.micro_blocks[k][b].buf);
    free(d.micro_blocks[k]);
    free(d.micro[k]);
  }
  stp_life_ctx_release(&own);
  return rc;
}
