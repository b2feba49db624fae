/* explain.h: one student explained. Her academic year the way Lånekassen settles it, step by
   step (support paid, the conversion potential, the means test of each calendar year, what
   converts and what stays loan, tuition and semester fees), every figure with its formula
   and the source of each parameter (`stipend explain`); and the repayment plan Lånekassen
   would set for her debt, month by month (`stipend repay`). */
#ifndef STP_EXPLAIN_H
#define STP_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "account.h"
#include "error.h"
#include "params.h"
#include "rules/repayment.h"
#include "rules/tuition.h"

typedef struct stp_explain_in {
  stp_student_profile prof;  /* the student and the academic year (account.h) */
  bool non_eea;              /* a citizen of a country outside the EU/EEA and Switzerland */
  stp_exemption exemption;   /* a non-EEA student's tuition exemption ground */
  const char *institution;   /* tuition and semester fee tables; NULL: none given */
  const char *category;      /* funding category at the institution; NULL: none given */
  bool online;               /* an online student (lower semester fee) */
} stp_explain_in;

/* The student explained when nothing else is said: 2025-26, 60 credits all passed, age 22,
   living away from parents, in a degree programme, an EEA citizen, no income or assets. */
void stp_explain_defaults(stp_explain_in *in);

/* Whether the student can be explained, checked before anything is printed (one clear
   error, no half report): the degree and exemption flags agree, the institution is known, a
   fee-paying student has an institution and category with a tuition fee. Sets the year's
   eligibility from the exemption ground. STP_EINVAL naming the option of `stipend explain`
   that is wrong. */
int stp_explain_check(const stp_params *p, stp_explain_in *in, stp_error *err);

/* The explanation on out: text, or CSV (section,item,formula,amount_nok) when csv. */
int stp_explain_write(const stp_params *p, const stp_explain_in *in, FILE *out, bool csv,
                      stp_error *err);

/* A debt to repay and the plan's rules. */
typedef struct stp_explain_debt {
  stp_repay_params rp;   /* the repayment rules (stp_params_repay), with any changes */
  stp_money debt;        /* øre when interest starts, after conversions */
  double rate_percent;   /* interest rate, percent per year, held over the plan */
  int deferrals;         /* the first bills deferred (at most rp.max_deferrals) */
  stp_month start;       /* the month interest starts */
} stp_explain_debt;

typedef enum {
  STP_EXPLAIN_TEXT,      /* the plan's summary as text */
  STP_EXPLAIN_CSV,       /* the summary as CSV: a header row and one row */
  STP_EXPLAIN_SCHEDULE   /* every month as CSV (month,action,rate,interest,paid,...) */
} stp_explain_form;

/* The plan of d on out, run to its end. STP_EIO if the plan did not close or an øre was lost
   (the loan's invariant, repayment.h). */
int stp_explain_repay(const stp_explain_debt *d, stp_explain_form form, FILE *out,
                      stp_error *err);

#endif
