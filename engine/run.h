/* run.h: the parallel driver: students in chunks over OpenMP threads, each thread with its
   own generator and accumulator, merged exactly; the per-student file streamed in id order.
   Memory does not grow with the cohort: only one chunk of students is held at a time. */
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

/* Columns of students.csv, and one row. */
void stp_students_header(stp_csv_writer *w);
void stp_students_row(stp_csv_writer *w, const stp_student *s, const stp_outcome *o);

#endif
