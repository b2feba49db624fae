/* outcome.h: what one student's lifecycle produced, and the cash flows by calendar year it
   adds to. The lifecycle fills these; aggregates and writers read them. */
#ifndef STP_OUTCOME_H
#define STP_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "money.h"
#include "params.h"

/* How a loan ended (or not) by the end of the simulation. */
typedef enum {
  STP_END_NO_DEBT,    /* never owed anything after conversion */
  STP_END_REPAID,     /* repaid in full */
  STP_END_DEATH,      /* written off at death */
  STP_END_AGE_LIMIT,  /* unpaid at age 70: treated as default (rulebook 9g) */
  STP_END_DEFAULT,    /* terminated for non-payment, sent to collection */
  STP_END_WRITEOFF,   /* written off by a scheme (disability) */
  STP_END_OPEN        /* still being repaid at the simulation horizon */
} stp_end;

const char *stp_end_name(stp_end e);

typedef struct stp_outcome {
  /* group keys, copied from the student */
  uint8_t level, category, non_eea, at_home;
  uint8_t earnings_decile;     /* 0-9: decile of earnings after study (by the cohort model) */
  /* study */
  bool supported;              /* received any Lånekassen support */
  bool means_tested;           /* had a grant that the means test could reduce */
  bool means_reduced;          /* a grant was reduced in some calendar year, but not to 0 */
  bool means_loan_only;        /* in some calendar year the whole grant was lost */
  bool completed;              /* completed the degree */
  int study_years;             /* academic years enrolled */
  int end_study_year;          /* calendar year support ended */
  stp_money paid_out;          /* øre: basic + extra loans + grants paid */
  stp_money grant;             /* øre: conversions + grants kept after the means test */
  stp_money loan;              /* øre: paid_out - grant */
  stp_money tuition;           /* øre of tuition paid (non-EEA fee-payers, private colleges) */
  stp_money semester_fees;     /* øre of semester fees */
  /* repayment */
  stp_money prior_debt;        /* øre of debt from an earlier degree brought into this one */
  stp_money transferred;       /* øre of debt carried on to a further degree (a bachelor who
                                  goes straight on to a master: that student repays it) */
  stp_money debt_end_study;    /* øre: balance when interest starts (after conversions) */
  stp_money interest;          /* øre of interest charged */
  stp_money relief;            /* øre of interest waived (interest relief) */
  stp_money repaid;            /* øre repaid (instalments, prepayments, recoveries) */
  stp_money written_off;       /* øre written off (death, schemes, age limit, default losses) */
  stp_money defaulted;         /* øre terminated for non-payment (before recovery) */
  stp_money lost;              /* øre of a terminated loan written off when its time with
                                  Statens innkrevingssentral ends: the loss (post 74) */
  int lost_year;               /* calendar year of that write-off (0: none yet) */
  stp_money outstanding;       /* øre still owed at the horizon */
  int repay_months;            /* months from the first bill to the last payment; -1 if not repaid */
  bool deferred_first_year;    /* deferred a bill among the first 12 bills */
  uint8_t terminations;        /* times the loan was terminated for non-payment (Lånekassen's
                                  count: a reinstated loan counts, and may count again) */
  stp_end end;
} stp_outcome;

/* Cash flows by calendar year, summed over students: exact integers, so any order of
   addition (threads, MPI ranks) gives the same totals. */
#define STP_CF_FIRST STP_FIRST_YEAR
#define STP_CF_YEARS (STP_MAX_YEAR - STP_FIRST_YEAR + 1)
typedef struct stp_cashflow {
  stp_money paid_out[STP_CF_YEARS];    /* øre of support paid (loans and grants) */
  stp_money converted[STP_CF_YEARS];   /* øre converted from loan to grant (and grants kept) */
  stp_money other_grants[STP_CF_YEARS];/* øre, of converted: the child and disability grants
                                          kept after the means test (grants from the start,
                                          not loans that convert: kap. 2410 post 71) */
  stp_money provision[STP_CF_YEARS];   /* øre: the conversion each loan payment will earn
                                          (exam and degree parts, not other_grants), booked in
                                          the calendar year it is paid out: kap. 2410 post 50
                                          as the budget books it (analytics/budget.h); over a
                                          student's life it adds up to converted -
                                          other_grants */
  stp_money convertible[STP_CF_YEARS]; /* øre: the most each loan payment could convert (its
                                          exam and degree parts before the credit test and the
                                          means test; nothing for a student living with her
                                          parents), in the calendar year it is paid out: the
                                          "maximum" Prop. 1 S sets post 50 below */
  stp_money interest[STP_CF_YEARS];    /* øre of interest charged */
  stp_money repaid[STP_CF_YEARS];      /* øre repaid */
  stp_money written_off[STP_CF_YEARS]; /* øre written off */
  stp_money relief[STP_CF_YEARS];      /* øre of interest waived */
  stp_money tuition[STP_CF_YEARS];     /* øre of tuition paid to institutions */
  stp_money outstanding[STP_CF_YEARS]; /* øre owed at the end of the year */
  stp_money capitalised[STP_CF_YEARS]; /* øre, of interest: added to the debt instead of
                                          paid (the "rentegjeld" kap. 2410 post 90 books):
                                          the interest of study months with interest, of the
                                          grace months (at the first bill) and of each
                                          deferred month */
} stp_cashflow;

#endif
