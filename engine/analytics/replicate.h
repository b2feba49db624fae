/* replicate.h: independent replications of a run (replications = N, --replications N): the
   seed of each, the runs one after the other, and the mean and 95 % t-interval of every
   headline figure over them (replications.csv, replication_runs.csv). */
#ifndef STP_REPLICATE_H
#define STP_REPLICATE_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "analytics/report.h"
#include "figures.h"
#include "error.h"
#include "lifecycle.h"
#include "prepared.h"
#include "run.h"

#define STP_REPL_MAX 10000 /* as [run] replications */

/* The seed of replication k (1..n) of a scenario with seed `seed`: replication 1 runs on the
   scenario's own seed (so its files are those of a plain run), replication k >= 2 on
   stp_hash64(seed, k) >> 1, below 2^63 like every seed a result file holds. stp_hash64 is a
   bijection of k for a fixed seed, so two seeds of a run coincide only if they differ in
   the dropped bit alone (about n^2 / 2^64). */
uint64_t stp_replication_seed(uint64_t seed, int k);

/* Called after replication k (1..n) ran into agg on seed `seed`; a non-zero return stops. */
typedef int (*stp_repl_fn)(void *user, int k, uint64_t seed, const stp_agg *agg,
                           const stp_run_stats *st, stp_error *err);

/* Run n replications one after the other into agg (reset before each: memory does not grow
   with n). The cohort and the behaviour draws of replication k use its seed; o->students_path
   and o->cohort_out are honoured for replication 1 only. ctx->seed and o->seed are ignored. */
int stp_replicate(const stp_life_ctx *ctx, const stp_run_opts *o, int n, stp_agg *agg,
                  stp_repl_fn each, void *user, stp_error *err);

/* Running statistics of the headline figures over replications: exact sums for the means of
   counts and money, Welford's update for the standard deviation. A few kB whatever n is. */
typedef struct stp_repl_stats stp_repl_stats;

/* One measure's running statistics (what stp_repl_stats keeps per figure, and a comparison
   per difference): Welford's mean and sum of squared deviations, the exact sum of whole
   values (counts, øre) while it fits, the extremes. Zero it to start. */
typedef struct stp_repl_acc {
  long n;
  long double mean, m2;
  int64_t sum;   /* exact sum of the whole values */
  bool overflow; /* no exact sum (overflowed, or a value without one): the mean is Welford's */
  double min, max;
} stp_repl_acc;

/* Add x; exact: the same value as a whole number (counts, øre), NULL for none. */
void stp_repl_acc_add(stp_repl_acc *a, double x, const int64_t *exact);

stp_repl_stats *stp_repl_alloc(void);
void stp_repl_free(stp_repl_stats *s);
void stp_repl_add(stp_repl_stats *s, const stp_figures *h);

/* The statistics of figure i over the replications in which it was not empty (n of them).
   mean: for counts and money the exact mean (money rounded to the øre); sd: the sample
   standard deviation (n - 1); [lo, hi]: mean ± t(0.975, n - 1) · sd / √n, the two-sided 95 %
   Student t-interval of the mean over replications (NaN when n < 2). Units: students, øre,
   share or years, as the figure. */
typedef struct stp_repl_summary {
  long n;                /* replications with a value */
  double mean, sd, lo, hi, min, max;
} stp_repl_summary;

void stp_repl_get(const stp_repl_stats *s, int i, stp_repl_summary *out);
/* The same for one accumulator of a measure of kind k (the exact mean for counts and money
   when every value had its whole number). */
void stp_repl_acc_get(const stp_repl_acc *a, stp_fig_kind k, stp_repl_summary *out);

/* t(0.975, df): the 97.5 % quantile of Student's t with df degrees of freedom (df >= 1). */
double stp_t975(long df);

/* replications.csv: one row per headline figure, columns
   scenario,measure,replications,mean,sd,ci95_low,ci95_high,min,max, each in the measure's unit
   (its name says which). */
int stp_repl_write(const char *path, const char *scenario, const stp_repl_stats *s,
                   stp_error *err);

/* replication_runs.csv: one row per replication (scenario, replication, seed, then the
   headline figures), streamed as the replications finish. */
typedef struct stp_repl_runs stp_repl_runs;
int stp_repl_runs_open(const char *path, stp_repl_runs **out, stp_error *err);
void stp_repl_runs_add(stp_repl_runs *w, const char *scenario, int k, uint64_t seed,
                       const stp_figures *h);
int stp_repl_runs_commit(stp_repl_runs *w, stp_error *err);
void stp_repl_runs_abort(stp_repl_runs *w);

/* ---- stipend run: a scenario (with its replications) into its results folder ---- */

typedef struct stp_replicate_job {
  stp_prepared *x;     /* the scenario */
  const char *file;    /* its file, as given (about.csv) */
  const char *out;     /* the results folder; NULL: the scenario's [output] dir */
  unsigned out_flags;  /* resultset.h's flags */
  long replications;   /* 0: the scenario's [run] replications */
  bool students;       /* students.csv (replication 1) */
  int threads;         /* 0: OpenMP's default */
  bool progress;       /* a progress line (one run) or a line per replication on stderr */
  bool report;         /* with replications: about.csv, parameters.csv and report.html */
  stp_lang lang;
  const char *command; /* the command line that reproduces the results (about.csv) */
} stp_replicate_job;

typedef struct stp_replicate_result {
  long replications;
  stp_run_stats first;    /* replication 1 */
  int64_t national;       /* replication 1's students as the totals count them (the national
                             count in the population mode: the weights' sum) */
  stp_agg *agg;           /* the last replication's totals (the run's with one) */
  stp_repl_stats *stats;  /* the headline figures over the replications (more than one) */
  const char *out;        /* the folder written */
} stp_replicate_result;

/* The run of j as one result set (resultset.h) in j->out: summary.csv, cashflow.csv,
   groups.csv, distribution.csv (and students.csv) of replication 1; with more than one
   replication replications.csv and replication_runs.csv, and with j->report about.csv,
   parameters.csv and report.html; made current in one step, or the previous set left as it
   was. A student whose accounting identities fail is an error (STP_ERANGE). Free r with
   stp_replicate_result_free (also after a failure). */
int stp_replicate_run(const stp_replicate_job *j, stp_replicate_result *r, stp_error *err);
void stp_replicate_result_free(stp_replicate_result *r);

#endif
