/* aggregate.h: exact, mergeable totals of student outcomes by group, with histograms for the
   debt and repayment-time percentiles. */
#ifndef STP_AGGREGATE_H
#define STP_AGGREGATE_H

#include <stdint.h>

#include "money.h"
#include "outcome.h"

/* Groups: ALL, then one block per dimension. An outcome's keys pick one group in each block:
   level 0-3 (bachelor, master2, master5, oneyear), category 0-5 (A-F), non_eea 0-1
   (eea, non-eea), at_home 0-1 (away, at-home), earnings_decile 0-9 (deciles 1-10). */
enum {
  STP_GROUP_ALL = 0,
  STP_GROUP_LEVEL0 = 1, /* 4 levels */
  STP_GROUP_CAT0 = 5,   /* 6 funding categories */
  STP_GROUP_CIT0 = 11,  /* 2 citizenships */
  STP_GROUP_HOME0 = 13, /* 2 living situations */
  STP_GROUP_DEC0 = 15,  /* 10 earnings deciles */
  STP_NGROUPS = 25
};

/* "all", "level", "category", "citizenship", "home", "earnings_decile"; NULL outside 0..24. */
const char *stp_group_dimension(int g);
/* "all"; "bachelor", "master2", "master5", "oneyear"; "A".."F"; "eea", "non-eea";
   "away", "at-home"; "1".."10". NULL outside 0..24. */
const char *stp_group_name(int g);

/* Percentiles come from fixed histograms of exact integer counts, so merging is addition and
   the result never depends on the number of threads or the order of merging.

   Debt at end of study (borrowers only, debt_end_study > 0): bin i < STP_DEBT_OPEN_BIN holds
   [i, i+1) × STP_DEBT_BIN_WIDTH øre, i.e. NOK 500 bins up to NOK 5 000 000; the last bin is open
   (≥ NOK 5 000 000) and ends at the group's largest debt. A quantile q is the inverse of the
   histogram's piecewise-linear CDF (each bin's count spread evenly over the bin): with n
   borrowers, rank r = q·n falls in the bin b where the cumulative count first reaches r, and
   value = lower(b) + (r − count below b) / count(b) × width(b), rounded to the øre. The
   value lies in the same bin as the sample quantile x(⌈q·n⌉), so below NOK 5 000 000 it is
   within NOK 500 of it (resolution ±NOK 500).

   Bins are NOK 500 wide, not 1 000, so that ±NOK 500 is a bound and not a typical error.

   Years to repay (students with repay_months ≥ 0): the same method with one bin per whole
   month m, spanning [m − ½, m + ½) (bin 0: [0, ½)) so that equal durations give exactly that
   duration, for m = 0..STP_REPAY_OPEN_BIN−1, and an open last bin (≥ 100 years, beyond any
   horizon) ending at the longest; within half a month of the sample quantile.

   Memory: about 90 kB per group, 2.3 MB per stp_agg. */
#define STP_DEBT_BIN_WIDTH STP_NOK(500)
#define STP_DEBT_OPEN_BIN 10000 /* index of the open bin; it starts at 10 000 × NOK 500 */
#define STP_DEBT_BINS (STP_DEBT_OPEN_BIN + 1)
#define STP_REPAY_OPEN_BIN 1200 /* months: 100 years */
#define STP_REPAY_BINS (STP_REPAY_OPEN_BIN + 1)

/* Totals for one group. Counts are students; money is øre, summed over the group's students.
   Every field but the two maxima merges by addition; the maxima merge by max. */
typedef struct stp_group_acc {
  int64_t students;            /* students in the group */
  int64_t supported;           /* received any support */
  int64_t borrowers;           /* debt_end_study > 0 */
  int64_t means_tested;        /* had a grant the means test could reduce */
  int64_t means_reduced;       /* a grant reduced in some year, not to 0 */
  int64_t means_loan_only;     /* the whole grant lost in some year */
  int64_t completed;           /* completed the degree */
  int64_t repaid_full;         /* students whose loan ended STP_END_REPAID */
  int64_t repay_count;         /* students with repay_months >= 0 (the repayment histogram) */
  int64_t deferred_first_year; /* students who deferred a bill among their first 12 */
  int64_t ended[7];            /* students by stp_end */
  int64_t repay_months_sum;    /* months, summed over repay_count students */
  stp_money paid_out;          /* øre of support paid */
  stp_money grant;             /* øre of grant (conversions and grants kept) */
  stp_money loan;              /* øre of loan (paid_out - grant) */
  stp_money debt_end_study;    /* øre of debt when interest starts */
  stp_money interest;          /* øre of interest charged */
  stp_money relief;            /* øre of interest waived */
  stp_money repaid;            /* øre repaid */
  stp_money written_off;       /* øre written off */
  stp_money defaulted;         /* øre terminated for non-payment */
  stp_money outstanding;       /* øre still owed at the horizon */
  stp_money tuition;           /* øre of tuition paid */
  stp_money semester_fees;     /* øre of semester fees */
  stp_money debt_max;          /* øre, the largest debt_end_study (ends the open bin) */
  int64_t repay_months_max;    /* months, the longest repayment (ends the open bin) */
  int64_t debt_hist[STP_DEBT_BINS];   /* borrowers by debt_end_study bin */
  int64_t repay_hist[STP_REPAY_BINS]; /* repay_count students by repay_months */
} stp_group_acc;

/* One accumulator (a thread's, a rank's, or the merged total): about 2.3 MB. */
typedef struct stp_agg {
  stp_group_acc g[STP_NGROUPS];
  stp_cashflow cf;      /* by calendar year; the lifecycle adds to it directly */
  int64_t invalid_keys; /* outcomes with a group key out of range (a caller's bug): counted in
                           ALL and in the dimensions whose key was valid */
} stp_agg;

/* Zeroed accumulator; NULL when out of memory. */
stp_agg *stp_agg_alloc(void);
void stp_agg_free(stp_agg *a);
void stp_agg_reset(stp_agg *a);

/* Add one student to ALL and to its level, category, citizenship, home and decile groups.
   Cash flows are not touched (the lifecycle adds them into a->cf). */
void stp_agg_add(stp_agg *a, const stp_outcome *o);

/* The same for an outcome that stands for w students (a population weight, w >= 1): every
   count, sum and histogram bin grows by w times the student's, maxima as for one. Whole
   numbers times whole øre, so sums stay exact and merge in any order. */
void stp_agg_add_weighted(stp_agg *a, const stp_outcome *o, int64_t w);

/* into += w × from, year by year: a student's (or a block's) cash flows at a weight. */
void stp_cashflow_add_scaled(stp_cashflow *into, const stp_cashflow *from, int64_t w);

/* into += from, group by group and year by year. Exact: any order of merges gives the same
   bytes. */
void stp_agg_merge(stp_agg *into, const stp_agg *from);

/* The q-quantile (0 <= q <= 1, clamped) of debt_end_study among the group's borrowers, in øre,
   by the histogram method above; 0 when there are no borrowers. */
stp_money stp_agg_debt_quantile(const stp_group_acc *g, double q);

/* The q-quantile of years from the first bill to the last payment among those who repaid
   (repay_months >= 0), in years; NAN when there are none. */
double stp_agg_repay_years_quantile(const stp_group_acc *g, double q);

#endif
