/* lifecycle.h: one student's months from the first term to the end of the loan: support and
   the means test by the student's actual years, conversion, interest, repayment, deferral,
   interest relief, write-offs, death and the age limit. */
#ifndef STP_LIFECYCLE_H
#define STP_LIFECYCLE_H

#include <gsl/gsl_rng.h>

#include "cohort.h"
#include "outcome.h"
#include "params.h"

/* The economy of a run: Lånekassen's floating rate by month, and wage growth. */
typedef struct stp_economy {
  double rate[STP_CF_YEARS * 12]; /* per year, month index t - STP_MONTH(STP_FIRST_YEAR, 1) */
  double wage_growth;             /* per year: nominal growth of earnings after study */
} stp_economy;

/* Fill rate[] from the published path (rulebook 9e), then the scenario's path: points
   (month, rate per year) in force from that month on; rate_after (NaN: hold) after the last
   published reset when no point is given. */
void stp_economy_rates(stp_economy *e, const stp_params *p, int npoints, const int *months,
                       const double *rates, double rate_after);
/* Move the rate by shift (per year) in every month from `from` on: a change of the rule
   that sets it (the deduction from the base rate), not of the market. Negative rates are
   held at 0. */
void stp_economy_shift(stp_economy *e, int from, double shift);

/* Lookups a lifecycle repeats for every student (fees by year and category, G by year,
   mortality and the earnings profile by age), made once per run: lifecycle.c. */
typedef struct stp_life_tables stp_life_tables;

/* What a lifecycle needs besides the student: read-only, shared by all threads. */
typedef struct stp_life_ctx {
  const stp_params *p;            /* projected far enough (stp_params_project) */
  const stp_cohort_model *cohort; /* earnings profile, mortality, behaviour */
  const stp_economy *econ;
  uint64_t seed;                  /* the run's seed: behaviour draws use (seed, id) alone */
  double earn_deciles[9];         /* thresholds of ln(earnings at 30 / G at entry) */
  stp_life_tables *tables;        /* per-run lookups from p, cohort and econ
                                     (stp_life_ctx_init); NULL: every lookup is made where it
                                     is needed (the same results, slower); stp_run makes its
                                     own when NULL */
} stp_life_ctx;

/* Make c->tables from c->p, c->cohort and c->econ, which must be set (and stay unchanged
   while c is used); a ctx built with designated initialisers works without it (tables NULL).
   STP_ENOMEM if out of memory. Release with stp_life_ctx_release. */
int stp_life_ctx_init(stp_life_ctx *c, stp_error *err);
void stp_life_ctx_release(stp_life_ctx *c);

/* ln(earnings at 30 / G at entry) of s: what the earnings-decile groups rank students by
   (thresholds: stp_earnings_deciles, prepared.h). */
double stp_earnings_index(const stp_cohort_model *m, const stp_student *s);

/* A student's study years year by year, as stp_lifecycle works them out: for measuring what
   a publisher counts in one year (calibration.c). */
enum { STP_MEANS_NONE, STP_MEANS_TESTED, STP_MEANS_REDUCED, STP_MEANS_LOAN_ONLY };
typedef struct stp_study_record {
  stp_money paid[STP_MAX_STUDY_YEARS];  /* øre paid in academic year entry_year + k */
  stp_money basic[STP_MAX_STUDY_YEARS]; /* of it: øre of basic loan */
  stp_money loan_30plus[STP_MAX_STUDY_YEARS]; /* of it: øre of the 30+ loan */
  stp_money parent_loan[STP_MAX_STUDY_YEARS]; /* of it: øre of the parent loan */
  stp_money covid_loan[STP_MAX_STUDY_YEARS]; /* of paid[k]: øre of the COVID extra loan paid
                                                in the spring of academic year k */
  stp_money covid_convertible[STP_MAX_STUDY_YEARS]; /* of it: øre convertible on documentation
                                                      (the budget's provision at payout) */
  stp_money covid_converted[STP_MAX_STUDY_YEARS]; /* of it: øre converted (documented) */
  uint8_t means[STP_MAX_STUDY_YEARS + 1]; /* calendar year entry_year + j: STP_MEANS_NONE (no
                                           grant to test), _TESTED (not reduced), _REDUCED
                                           (reduced, not to 0) or _LOAN_ONLY (all lost) */
  stp_month interest_start;             /* the month after the last supported month */
  stp_money conversion_pending;         /* øre, of what she was paid: the conversions still
                                           to come when she becomes a repayer (the degree
                                           part, and the exam part of the payments of the
                                           calendar year her support ended in: Lånekassen
                                           converts a calendar year's loans after its tax
                                           assessment, in the summer and autumn of the year
                                           after, and the degree part the year after the
                                           degree) */
  stp_money book;                       /* øre: the debt at the end of each December before
                                           interest starts, summed over those years (the
                                           loan book's years, as budget.csv's loan_book; a
                                           master's prior debt not included) */
} stp_study_record;

void stp_study_record_of(const stp_life_ctx *c, const stp_student *s, stp_study_record *rec);

/* What one calendar year of repayment brings a borrower, drawn before the loan is looked
   at (none of it depends on the loan but the instalment its plan set at the start). */
typedef struct stp_year_events {
  int year;
  double shock;          /* the persistent log-earnings shock as of shock_year */
  int shock_year;        /* the last year (up to this one) the walk moved: this one */
  double log_earn;       /* ln of monthly gross earnings (NOK) in work this year (the
                            persistent level with its shock, also in a year out of work) */
  bool dies;             /* dies this year: the debt is written off */
  bool employed, low;    /* in work; a low-income year (leave, part-time work) */
  bool relief;           /* interest relief for low income in work, if applied for */
  bool relief_other;     /* relief on other grounds (no work), if applied for */
  bool defaults;         /* the yearly termination hazard strikes (after the first bill, not
                            in a relief year): it falls with the years since the first bill
                            and with the ability to pay (earnings in work against the
                            instalment), and is higher out of work and abroad */
  uint32_t defer;        /* bit i: the bill of month from + i is deferred (months from the
                            first bill on; none under relief) */
} stp_year_events;

/* ln (NOK) of the monthly instalment the plan sets for `debt` (the balance when interest
   starts) at the rate in force at the first bill: the yardstick of the ability to pay. */
double stp_repay_log_instalment(const stp_life_ctx *c, stp_money debt, stp_month interest_start);

/* The events of calendar year y for borrower s, whose months that year run from `from`
   (January, or the month interest starts) to December and whose first bill is first_bill;
   log_inst is stp_repay_log_instalment of the loan; prev holds the year before's events
   (NULL in the first year of repayment). The very draws stp_lifecycle makes: for replaying
   a loan year by year (calibration.c). */
void stp_repay_year(const stp_life_ctx *c, const stp_student *s, int y, stp_month from,
                    stp_month first_bill, double log_inst, const stp_year_events *prev,
                    stp_year_events *ev);

/* What a student's loan did, calendar year by calendar year, as stp_lifecycle works it out:
   for measuring what a publisher counts in one year of repayment (calibration.c). */
enum {
  STP_REPAY_BILLED = 1,     /* a bill was due (paid, deferred or under interest relief) */
  STP_REPAY_DEFERRED = 2,   /* a bill was deferred */
  STP_REPAY_TERMINATED = 4, /* the loan was terminated for non-payment (to collection;
                               it may be reinstated and go on) */
  STP_REPAY_SETTLED = 8,    /* paid off early at the start of the year, before its bills */
  STP_REPAY_EXTRA = 16      /* an extra payment at the start of the year (not settling) */
};
typedef struct stp_repay_record {
  stp_month first_bill;         /* the loan's first bill; 0 when no loan was repaid */
  uint8_t year[STP_CF_YEARS];   /* calendar year STP_CF_FIRST + i: STP_REPAY_ flags */
  stp_money book;               /* øre: the debt at the end of each December in repayment,
                                   summed over those years */
  stp_money terminated_debt;    /* øre: what was owed at each termination for non-payment
                                   (reinstated ones included), summed */
} stp_repay_record;

/* The interest a debt of `debt` øre accrues from interest_start to the first bill (the grace
   months, repayment.csv's grace_months), which the plan adds to the balance at the first bill
   (interest relief in those months aside): with it, the debt the borrower has when she
   becomes a repayer, as Lånekassen reports the debt at the end of higher education. */
stp_money stp_grace_interest(const stp_life_ctx *c, stp_money debt, stp_month interest_start);

/* stp_lifecycle that also writes the study and repayment records (either may be NULL). */
void stp_lifecycle_record(const stp_life_ctx *c, const stp_student *s, stp_outcome *o,
                          stp_cashflow *cf, stp_study_record *study, stp_repay_record *repay);

/* Simulate s. r is the calling thread's generator (re-seeked per stream); cf (may be NULL)
   receives the student's cash flows by calendar year. */
void stp_lifecycle(const stp_life_ctx *c, const stp_student *s, gsl_rng *r, stp_outcome *o,
                   stp_cashflow *cf);

#endif
