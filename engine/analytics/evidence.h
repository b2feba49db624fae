/* evidence.h: the evidence of a comparison for a budget note: for each reform one short
   table (cost to the state by year and in present value, what a student gets a month and
   leaves owing, who is better off) with the run's seed, sizes and parameter sources, as
   evidence.md (also printed) and evidence.csv (the same figures, exact). */
#ifndef STP_EVIDENCE_H
#define STP_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "analytics/compare.h"
#include "error.h"
#include "scenario.h"

/* The measures of one reform in evidence.csv (at most). */
#define STP_EVIDENCE_MEASURES 24

/* What one scenario contributes. */
typedef struct stp_evidence_scenario {
  const char *name;        /* scenario name */
  const char *file;        /* the scenario file, as given */
  const char *description; /* [run] description ("" if none) */
  int base_year;           /* academic year (start) its policy applies from */
  int noverrides;          /* [policy] overrides (file and --set) */
  const stp_override *overrides; /* them (scenario.h) */
  const stp_agg *agg;      /* its totals */
  const stp_budget *budget;/* its budget */
} stp_evidence_scenario;

/* Support of one reform against the baseline in the reform's base year (academic year). */
typedef struct stp_evidence_support {
  int year;                /* academic year (start) compared */
  stp_money base_month;    /* øre per month of full-time basic support, baseline */
  stp_money reform_month;  /* the same, reform */
  double base_grant_share; /* share of the basic loan that can become a grant, baseline */
  double reform_grant_share;
} stp_evidence_support;

typedef struct stp_evidence {
  const char *version;     /* "stipend 0.1.0" */
  const char *command;     /* the command line that reproduces the run */
  const char *datasets;    /* the datasets folder as the run found it ("datasets" when built
                              in) */
  const char *calibration; /* datasets/cohort/<calibration> */
  const char *microdata;   /* the microdata file, or NULL for synthetic students */
  uint64_t seed;
  long students;           /* national students in the population mode (the sum of weights) */
  double sample;           /* population mode: the share of Norway's students simulated; 0:
                              the students are the cohort itself */
  long simulated;          /* population mode: the students simulated */
  long book_borrowers;     /* the initial loan book's borrowers in the budget figures
                              (national; 0: no book, docs/loanbook.md) */
  long book_simulated;     /* of them simulated */
  long book_pipeline;      /* of book_borrowers, the pipeline: left education, first bill
                              after January 2016 */
  int entry_first, entry_last; /* academic years (start) */
  double tax_rate;         /* of the interest deduction (datasets/budget) */
  int nscen;               /* baseline first */
  stp_evidence_scenario sc[STP_COMPARE_MAX_SCENARIOS];
  stp_evidence_support support[STP_COMPARE_MAX_SCENARIOS]; /* [k] for reform k; [0] unused */
  const stp_compare *cmp;  /* winners and losers */
  /* Replications (compare --replications N): replications > 1 gives each reform's change in
     each measure (stp_evidence_changes, evidence.csv's order and units) a mean and a 95 %
     t-interval over the N comparisons; NaN where a replication had none. */
  int replications;
  double mean[STP_COMPARE_MAX_SCENARIOS][STP_EVIDENCE_MEASURES];
  double lo[STP_COMPARE_MAX_SCENARIOS][STP_EVIDENCE_MEASURES];
  double hi[STP_COMPARE_MAX_SCENARIOS][STP_EVIDENCE_MEASURES];
} stp_evidence;

/* Reform k's change in each measure, in evidence.csv's order and units (NOK, NOK/month,
   share; NaN where undefined, as an empty cell); returns how many. What one replication
   adds to the intervals. */
int stp_evidence_changes(const stp_evidence *e, int k, double out[STP_EVIDENCE_MEASURES]);

/* The tables as Markdown on f: full adds the run's facts and sources (evidence.md); without
   it, the reforms' tables and one line of run facts (what stipend compare prints). */
void stp_evidence_print(FILE *f, const stp_evidence *e, bool full);

/* evidence.md and evidence.csv in dir (each written whole, then renamed). evidence.csv:
   reform,baseline,measure,unit,first_budget_year,full_budget_year,prices_year,academic_year,
   baseline_value,reform_value,difference,difference_mean,difference_ci95_low,
   difference_ci95_high,label (money exact in NOK, shares 6 decimals; the three replication
   columns empty without replications). */
int stp_evidence_write(const char *dir, const stp_evidence *e, stp_error *err);

#endif
