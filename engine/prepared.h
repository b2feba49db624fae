/* prepared.h: a scenario ready to run: its file (or a parsed scenario) with the command's
   overrides, the parameter sets projected and overridden, the cohort source, the economy,
   the earnings-decile thresholds and the per-run lookup tables, from one call. What the
   command line, the tests and a program using the library share. */
#ifndef STP_PREPARED_H
#define STP_PREPARED_H

#include <stdbool.h>
#include <stdint.h>

#include "cohort.h"
#include "error.h"
#include "lifecycle.h"
#include "params.h"
#include "run.h"
#include "scenario.h"

/* What the caller changes about the scenario; a zeroed struct changes nothing. */
struct stp_prepared;

typedef struct stp_prepare_opts {
  const char *datasets;          /* NULL or "": stp_datasets_dir's choice */
  const char *const *sets;       /* "section.key=value", applied in order after the file */
  int nsets;
  long size;                     /* > 0: replaces [cohort] size, and turns the population
                                    mode off (unless sample is given) */
  double sample;                 /* > 0: the population mode at this share (replaces
                                    [cohort] population and sample) */
  bool has_seed;                 /* seed replaces [run] seed */
  uint64_t seed;
  const char *microdata;         /* not NULL: replay this microdata file instead (the
                                    population mode off unless sample is given) */
  const double *deciles;         /* NULL: the thresholds of the scenario's own model; else
                                    these 9 (a comparison's baseline's, shared by its
                                    reforms) */
  int horizon_from;              /* > 0: in the population mode the horizon starts in this
                                    calendar year when it is before the base year (a past
                                    budget year: the entry cohorts extend back from it) */
  const struct stp_prepared *cohort_of; /* not NULL: in the population mode, share this
                                    prepared scenario's horizon and sample (a comparison's
                                    baseline's, shared by its reforms) */
  bool loan_book;                /* in the population mode: the initial loan book too
                                    (loanbook.h: stp_prepared.book, book_sample), and the
                                    horizon's entry cohorts from 2009-10, so that every
                                    student enrolled from 2016-17 on is simulated beside the
                                    book of January 2016 (docs/loanbook.md) */
  int threads;                   /* for the deciles' sample (0: OpenMP's default) */
  bool check_only;               /* validate only: no deciles, no per-run tables (ctx is
                                    then not ready to run) */
} stp_prepare_opts;

typedef struct stp_prepared {
  stp_scenario sc;               /* the file, then every set, size and seed */
  stp_params *p;                 /* projected to STP_MAX_YEAR, overrides applied */
  stp_cohort_model *model;       /* datasets/cohort/<calibration> */
  stp_economy econ;              /* the scenario's rate path and wage growth */
  const char *microdata;         /* the microdata file replayed, NULL: synthetic students */
  const char *datasets;          /* the datasets folder everything was read from */
  struct stp_population *pop;    /* population mode: Norway's entrants (population.h); NULL
                                    otherwise */
  struct stp_pop_sample *sample; /* population mode: the weighted sample of the horizon's
                                    entry cohorts (sc.entry_first..entry_last, sc.size its
                                    students); owned unless shared (stp_prepare_opts.cohort_of) */
  bool sample_shared;
  struct stp_loanbook *book;     /* population mode with stp_prepare_opts.loan_book: the
                                    initial loan book (loanbook.h); NULL otherwise */
  struct stp_book_sample *book_sample; /* its sample at the population's share (a
                                    comparison's reforms share the baseline's) */
  stp_life_ctx ctx;              /* p, model, econ, seed, deciles and per-run tables */
  char datasets_buf[1024];
} stp_prepared;

/* Prepare the scenario file at path (parsed NULL) or the parsed scenario (path NULL) with
   the options o (may be NULL). Parameters are read first, then the scenario and its
   overrides, then the cohort model. On failure *out is NULL and err says why (file, line,
   field); STP_ENOMEM if out of memory. */
int stp_prepared_open(const char *path, const stp_scenario *parsed, const stp_prepare_opts *o,
                      stp_prepared **out, stp_error *err);
void stp_prepared_close(stp_prepared *x);

/* Decile thresholds of earnings after study (stp_earnings_index) for the earnings-decile
   groups: from a fixed sample of 50 000 students of m (seed 1, the driver on `threads`, 0:
   OpenMP's default), so every run, thread count and scenario uses the same thresholds.
   STP_ENOMEM if out of memory. */
int stp_earnings_deciles(const stp_cohort_model *m, int entry_first, int entry_last,
                         int threads, double out[9], stp_error *err);

/* The driver's options for the prepared cohort: size, entry years, seed, microdata or the
   population sample, and simulating (threads 0, no progress line, no files). */
stp_run_opts stp_prepared_run_opts(const stp_prepared *x);

/* The prepared scenario's synthetic students (x prepared with check_only will do) written to
   target in the microdata format (docs/microdata.md), replaced in one step (resultset.h,
   flags its flags); *students the number written. What `stipend run --cohort` replays. */
int stp_prepared_export_cohort(const stp_prepared *x, const char *target, unsigned flags,
                               int threads, bool progress, long *students, stp_error *err);

#endif
