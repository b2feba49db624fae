/* compare.h: a baseline against reforms on the same students (common random numbers): each
   student is drawn once and lives through every scenario's rules; each scenario's totals and
   budget flows, and each student's gain from each reform, merged exactly across threads and
   MPI ranks (the students split over the ranks by the driver, run.h). */
#ifndef STP_COMPARE_H
#define STP_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "analytics/report.h"
#include "cohort.h"
#include "error.h"
#include "lifecycle.h"
#include "prepared.h"

#define STP_COMPARE_MAX_SCENARIOS 16

/* One scenario of a comparison. */
typedef struct stp_compare_scenario {
  const stp_life_ctx *ctx; /* its rules and economy (read-only, shared by threads) */
} stp_compare_scenario;

typedef struct stp_compare_opts {
  const stp_cohort_model *cohort; /* draws the students: the cohort every scenario shares */
  long size;                      /* synthetic students; ignored for microdata */
  int entry_first, entry_last;    /* entry years of synthetic students */
  uint64_t seed;                  /* the shared seed */
  const char *microdata;          /* NULL: synthetic students */
  int threads;                    /* 0: OpenMP's default */
  bool progress;                  /* a progress line on stderr */
  const struct stp_pop_sample *population; /* not NULL: Norway's students (population.h),
                                     size = the sample's size; every total is national */
  stp_budget_rates value_rates;   /* discounting of each student's value: the baseline's
                                     stp_budget_value_rates */
  const struct stp_book_sample *book; /* not NULL: the initial loan book (loanbook.h), run
                                     through every scenario after the students, into the
                                     budget flows only (not the totals by group, not the
                                     gains) */
} stp_compare_opts;

/* Winners and losers of one reform in one group. A student's gain is the change of her value
   (stp_student_value) from the baseline to the reform, in whole øre. */
typedef struct stp_gain_acc {
  int64_t students;  /* students in the group */
  int64_t winners;   /* gain > 0 */
  int64_t losers;    /* gain < 0 */
  int64_t unchanged; /* gain == 0 to the øre */
  stp_money gains;   /* øre, summed over winners */
  stp_money losses;  /* øre, summed over losers, as a positive amount */
  stp_money change;  /* øre, summed over all students of the group */
} stp_gain_acc;

/* What a comparison produced, merged over threads and ranks. Index 0 is the baseline. */
typedef struct stp_compare {
  int nscen;
  stp_agg *agg[STP_COMPARE_MAX_SCENARIOS];            /* totals by group; agg->cf holds the
                                                          cash flows */
  stp_budget_flows *flows[STP_COMPARE_MAX_SCENARIOS]; /* the budget's flows */
  stp_gain_acc gain[STP_COMPARE_MAX_SCENARIOS][STP_NGROUPS]; /* [0] unused */
  long students;              /* simulated (each in every scenario; not the population's
                                 students who had left before 2016-17, who are drawn and
                                 skipped) */
  long book_loans;            /* the initial loan book's borrowers simulated (0: none) */
  int entry_first, entry_last;/* academic years (start): the earliest and latest entry year
                                 among the students (microdata: as the file has them) */
  long invariant_failures;    /* student-scenarios whose accounting identities failed */
  double seconds;             /* wall time */
} stp_compare;

/* Simulate every student of the shared cohort in each of the nscen scenarios (1 ..
   STP_COMPARE_MAX_SCENARIOS, the baseline first; one: its totals and budget, no gains). out is filled (free it with
   stp_compare_free, also after a failure). Memory does not grow with the cohort. */
int stp_compare_simulate(const stp_compare_scenario *sc, int nscen, const stp_compare_opts *o,
                    stp_compare *out, stp_error *err);
void stp_compare_free(stp_compare *c);

/* stp_compare_simulate of the prepared scenarios x[0..n-1] on x[0]'s cohort (its model, size,
   entry years, seed ctx.seed, microdata or population sample, value rates); a student whose
   accounting identities fail is an error (STP_ERANGE). */
int stp_compare_prepared(stp_prepared *const *x, int n, int threads, bool progress,
                         stp_compare *out, stp_error *err);

/* ---- stipend compare: a comparison into its results folder ---- */

/* What a comparison is asked for. */
typedef struct stp_compare_job {
  stp_prepared *const *x;   /* the scenarios, the baseline first; each reform prepared with
                               the baseline's deciles and cohort (stp_prepare_opts.deciles,
                               cohort_of). Their ctx.seed changes with the replications. */
  const char *const *files; /* their files, as given */
  int n;                    /* 1 .. STP_COMPARE_MAX_SCENARIOS */
  const char *out;          /* the results folder; NULL: results/compare-<baseline name> */
  unsigned out_flags;       /* resultset.h's flags */
  long replications;        /* 0: the baseline's [run] replications */
  int threads;              /* 0: OpenMP's default */
  bool progress;            /* a progress line on stderr */
  bool report;              /* report.html */
  stp_lang lang;            /* its language */
  const char *command;      /* the command line that reproduces the results */
  const char *datasets;     /* the datasets folder as chosen (stp_datasets_chosen), NULL:
                               the built-in one */
} stp_compare_job;

/* What it gave: the first comparison, its budgets and its evidence. */
typedef struct stp_compare_results {
  stp_compare cmp;
  stp_budget *budget[STP_COMPARE_MAX_SCENARIOS];
  struct stp_evidence *evidence; /* evidence.h: what `stipend compare` prints */
  long replications;
  const char *out;               /* the results folder written */
  char version[64], out_buf[700];
} stp_compare_results;

/* The comparison of j as one result set (resultset.h) in j->out: the scenarios must share
   the cohort and have distinct names (STP_EINVAL naming the file and the key), then
   summary.csv, groups.csv, cashflow.csv, distribution.csv, difference.csv,
   difference_by_year.csv, winners.csv, the budget files, evidence.md and evidence.csv,
   about.csv, scenarios.csv, parameters.csv, with replications > 1 replications.csv (each
   reform's difference from the baseline, mean and 95 % t-interval, replicate.h) and
   report.html; made current in one step, or the previous set left as it was. Free r with
   stp_compare_results_free (also after a failure). */
int stp_compare_run(const stp_compare_job *j, stp_compare_results *r, stp_error *err);
void stp_compare_results_free(stp_compare_results *r);

/* One student's value of a scenario, in øre (rounded once, to the nearest øre): the present
   value of what she receives minus what she pays, by calendar year of her own cash flows cf:
     Σ_y d(y) × (support paid out(y) − repaid(y) − tuition(y)) − d(end) × transferred,
   end being the calendar year her study ended (debt carried on to a further degree is a
   liability she keeps); d = discount, by year index (stp_budget_discount_table). */
stp_money stp_student_value(const stp_student *s, const stp_outcome *o, const stp_cashflow *cf,
                            const double *discount);

/* Count one student of group keys `keys` (an outcome) with gain `change` (øre) into the
   ALL group and her level, category, citizenship, home and earnings-decile groups. */
void stp_gain_add(stp_gain_acc g[STP_NGROUPS], const stp_outcome *keys, stp_money change);
/* The same for a student who stands for w students (population mode). */
void stp_gain_add_weighted(stp_gain_acc g[STP_NGROUPS], const stp_outcome *keys,
                           stp_money change, int64_t w);

/* winners.csv: reform,dimension,group,students,winners,losers,unchanged,
   winners_mean_gain_nok,losers_mean_loss_nok,mean_change_nok: for each reform (names[1..]),
   the groups all, earnings_decile 1-10, level, citizenship, home; means to the nearest øre,
   empty when no student is counted in their denominator. */
int stp_compare_write_winners(const char *path, const char *const *names, const stp_compare *c,
                              stp_error *err);

/* difference.csv and difference_by_year.csv in dir, for each reform (names[1..]):
   difference.csv is reform,column,baseline_value,reform_value,difference for every summary
   figure (figures.h); difference_by_year.csv is reform,year,column,... for every cash-flow
   column of every calendar year either scenario has a cashflow.csv row for. The values as
   summary.csv and cashflow.csv write them, the difference exact in decimal; empty when either
   is empty. */
int stp_compare_write_difference(const char *dir, const char *const *names,
                                 const stp_compare *c, stp_error *err);

#endif
