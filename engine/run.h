/* run.h: THE parallel driver, the only place that owns threads: students in chunks over
   OpenMP threads, each student handed to a visitor with its thread's own state, the states
   merged in thread order at the end; the per-student file streamed in id order. A run
   (stp_run), a comparison of N scenarios, the calibration counts and the earnings-decile
   sample are visitors. Memory does not grow with the cohort: only one chunk of students is
   held at a time. */
#ifndef STP_RUN_H
#define STP_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "cohort.h"
#include "csvio.h"
#include "lifecycle.h"

typedef struct stp_run_opts {
  long size;                 /* students (synthetic); ignored for microdata */
  int scenarios;             /* each student lives through this many (progress rate; 0: 1) */
  int entry_first, entry_last;/* entry years of synthetic students */
  uint64_t seed;
  int threads;               /* 0: OpenMP's default */
  bool progress;             /* a progress line on stderr */
  const char *microdata;     /* NULL: synthetic students */
  const char *students_path; /* NULL: no per-student file */
  const char *cohort_out;    /* NULL: no cohort export (stipend cohort) */
  bool simulate;             /* false: only draw (and export) the cohort */
  bool local;                /* this MPI rank alone runs the whole cohort (a task of
                                stp_run_tasks); false: the ranks share the students */
  const struct stp_pop_sample *population; /* not NULL: Norway's students (population.h):
                                              size = the sample's size, entry years and
                                              weights from it; totals are national */
  const struct stp_book_sample *book; /* not NULL: the initial loan book's borrowers
                                         (loanbook.h) instead of students: size = the book
                                         sample's size; each has `book` set and a weight */
} stp_run_opts;

typedef struct stp_run_stats {
  long students;             /* simulated */
  double seconds;            /* wall time */
  int threads;               /* OpenMP threads used */
  /* Seconds the threads spent in the lifecycles themselves (study, repayment, aggregation,
     per-student rows), summed over threads: without drawing or reading the cohort, so that
     students / (lifecycle_seconds / threads) compares with a lifecycle timed on its own. */
  double lifecycle_seconds;
  bool invariants_ok;        /* every student's identities held to the øre */
  long invariant_failures;
} stp_run_stats;

/* What the driver does with each student. thread_alloc (NULL: no per-thread state) makes a
   thread's state, NULL when out of memory; visit is called on that thread for each of its
   students with its state, the thread's generator (after the cohort draw) and, when a
   per-student file is written, the writer of the student's block; it returns the student's
   failed accounting identities (0 when all hold). merge is called once per state, in thread
   order, on one thread, after the last student; thread_free last. */
typedef struct stp_visitor {
  void *user;
  void *(*thread_alloc)(void *user);
  void (*thread_free)(void *user, void *state);
  long (*visit)(void *user, void *state, gsl_rng *r, const stp_student *s, stp_csv_writer *rows);
  void (*merge)(void *user, void *state);
} stp_visitor;

/* Draw (seed, id) from m or read o->microdata, and hand every student to v (NULL: draw and
   export only). Honours o's threads, progress, cohort_out and students_path (rows written by
   v->visit into its block's writer, with this header row first: NULL for none). st (may be
   NULL) gets the counts and times. STP_ENOMEM if out of memory, anywhere. Over MPI ranks
   (o->local false) the students are split over the ranks and merge sees this rank's states
   only: the caller sums what they hold over the ranks (stp_run does for its totals); a
   visitor with other state runs with o->local, every rank the whole cohort. */
int stp_drive(const stp_cohort_model *m, const stp_run_opts *o, const stp_visitor *v,
              void (*rows_header)(stp_csv_writer *w), stp_run_stats *st, stp_error *err);

/* Simulate every student into agg (which the caller allocated and reset). */
int stp_run(const stp_life_ctx *ctx, const stp_run_opts *o, stp_agg *agg, stp_run_stats *st,
            stp_error *err);

/* Tasks over MPI ranks (runs of a design, each on the whole cohort with stp_run_opts.local):
   rank r runs tasks [r·n/R, (r+1)·n/R) one after the other, each with all its threads, and
   task t writes nout doubles to out[t·nout ..]. Afterwards every rank holds every task's
   values, bit for bit as the rank that ran it computed them; a failure of any rank is
   returned on every rank (naming the rank). Without MPI: the tasks in order. */
typedef int (*stp_task_fn)(void *user, long task, double *out, stp_error *err);
int stp_run_tasks(long ntasks, size_t nout, stp_task_fn fn, void *user, double *out,
                  stp_error *err);

/* The two identities of one student, to the øre:
   paid out = grant + loan; loan + interest = repaid + written off + outstanding. */
bool stp_outcome_check(const stp_outcome *o);


#endif
