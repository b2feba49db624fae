/* account.h: one student's academic year settled: support paid month by month, the means
   test of the two calendar years the academic year spans, conversion, and what stays loan.
   This is what `stipend explain` prints and what the tests check against published figures. */
#ifndef STP_ACCOUNT_H
#define STP_ACCOUNT_H

#include <stdbool.h>

#include "params.h"
#include "rules/meanstest.h"
#include "rules/support.h"

typedef struct stp_student_profile {
  stp_study_year sy;          /* this academic year */
  int credits_passed;         /* of the credits supported */
  bool degree_completed;      /* this year completes the degree: banked 15 % parts convert */
  stp_money income;           /* øre per calendar year (assumed the same in both years) */
  stp_money assets;           /* øre, net assets at the end of each calendar year */
  bool joint_assets;          /* married/cohabiting with joint children */
  stp_money spouse_income;    /* øre per year; < 0: no spouse or partner with joint children */
  bool first_year;            /* no support in the academic year before: the autumn calendar
                                 year has only this year's months (higher limit if <= 7) */
  bool last_year;             /* no support in the academic year after: likewise for spring */
} stp_student_profile;

/* The means test of one calendar year, and this academic year's share of it. */
typedef struct stp_calendar_test {
  int year;                          /* calendar year */
  stp_means_input in;                /* months and potential of the whole calendar year */
  stp_means_result res;
  int months_this;                   /* of in.months, months from this academic year */
  stp_money potential_this[STP_NPARTS]; /* øre of the potential from this academic year */
  stp_money reduction_this[STP_NPARTS]; /* øre of the reduction falling on those months */
} stp_calendar_test;

typedef struct stp_year_account {
  stp_year_support sup;              /* this academic year's support */
  stp_calendar_test cal[2];          /* [0] autumn's calendar year, [1] spring's */
  stp_money potential[STP_NPARTS];   /* øre, this year's grants before the means test */
  stp_money reduction[STP_NPARTS];   /* øre, this year's share of the reductions */
  stp_money surviving[STP_NPARTS];   /* øre, potential - reduction */
  stp_money converted_exam;          /* øre, exam part converted for credits passed */
  stp_money unconverted_exam;        /* øre, exam part lost to failed credits (can catch up) */
  stp_money banked_degree;           /* øre, this year's degree part waiting for completion */
  stp_money converted_degree;        /* øre, this year's degree part converted now */
  stp_money paid_out;                /* øre: basic + extra loans + disability and child grants */
  stp_money grant;                   /* øre: grants kept + conversions */
  stp_money loan;                    /* øre: paid_out - grant */
} stp_year_account;

/* Settle s's academic year. The student is taken to be supported the same way in the
   neighbouring academic years (a continuing student), each with its own year's rates, so
   that the calendar years' means tests see whole years (rulebook 9a), unless first_year or
   last_year says there is no support before or after. Neighbouring years outside the loaded
   sets take the nearest loaded year's rules. Errors (STP_ENOTFOUND for an unknown year,
   STP_ERANGE for credits outside 0-120, more credits passed than taken, negative income or
   assets) leave *out untouched. */
int stp_account_year(const stp_params *p, const stp_student_profile *s, stp_year_account *out,
                     stp_error *err);

/* The means test of one calendar year for a continuing student as in s, for tests and
   reports: income and assets as given. */
int stp_account_calendar(const stp_params *p, const stp_student_profile *s, int calendar_year,
                         stp_calendar_test *out, stp_error *err);

#endif
