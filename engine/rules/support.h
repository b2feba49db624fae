/* support.h: what Lånekassen pays a student in one academic year, month by month: the basic
   loan, the grants paid directly (disability, child) and the extra loans, and how much of the
   basic loan could later become a grant (rulebook sections 2 and 3). */
#ifndef STP_SUPPORT_H
#define STP_SUPPORT_H

#include <stdbool.h>

#include "params.h"

/* Months of an academic year: index 0 is August, 10 is June, 11 is July. */
#define STP_YEAR_MONTHS 12
static inline stp_month stp_year_month(int year, int i) { return STP_MONTH(year, 8) + i; }

/* One student's academic year as the rules see it. */
typedef struct stp_study_year {
  int year;                   /* academic year start: 2024 for 2024-25 */
  int credits;                /* credits taken this year (60 = full-time) */
  int credits_used_before;    /* credits supported in earlier years (480-credit limit) */
  int credits_behind;         /* delay at the start of the year: credits supported so far less
                                 credits passed since the first support */
  int age;                    /* age reached in the calendar year the academic year starts */
  bool eligible;              /* Norwegian or treated alike, or a non-EEA student the rules cover */
  bool living_away;           /* borteboer; married or living with own children counts */
  bool higher_education;      /* 25/15 split from 2019-20; other education 40 % per credits */
  bool in_degree;             /* the year belongs to a degree: its 15 % part is banked */
  int children;               /* children under the age limit living with the student */
  bool disability;            /* cannot work because of a disability: disability grant */
  bool private_institution;   /* tuition-fee loan (skolepengelån) available */
  stp_money tuition_charged;  /* øre charged by a private institution for this year's study
                                 (part-time: for the credits taken) */
  stp_money loan_30plus_used; /* øre of the 30+ loan already taken (lifetime cap) */
  stp_money parent_loan_used; /* øre of the parent loan already taken (lifetime cap) */
  double take_up;             /* share of the basic loan the student takes (1.0 = all) */
  bool declines_loan_30plus;  /* does not take the 30+ loan she is entitled to */
  bool declines_parent_loan;  /* does not take the parent loan she is entitled to */
} stp_study_year;

/* Why a student gets no (or less) support. */
typedef enum {
  STP_SUPPORT_FULL,           /* full support for the credits taken */
  STP_SUPPORT_PART_LIMIT,     /* only the credits left under the 480-credit limit */
  STP_SUPPORT_NONE_INELIGIBLE,
  STP_SUPPORT_NONE_TOO_LITTLE,/* study share below part_time_min_share */
  STP_SUPPORT_NONE_LIMIT,     /* 480 credits used */
  STP_SUPPORT_NONE_BEHIND,    /* more than max_credits_behind behind */
  STP_SUPPORT_NONE_AGE        /* from the year one turns no_support_age */
} stp_support_status;

const char *stp_support_status_text(stp_support_status s);

/* Grant parts in the order the means test takes them (rulebook section 4). */
enum { STP_PART_DISABILITY, STP_PART_CHILD, STP_PART_EXAM, STP_PART_DEGREE, STP_NPARTS };
const char *stp_part_name(int part);

typedef struct stp_support_month {
  stp_money basic;            /* øre of basic loan paid (convertible) */
  stp_money extra_loan;       /* øre of 30+, parent and tuition loans (never converted) */
  stp_money grant[STP_NPARTS];/* øre: disability and child grants paid; exam and degree parts
                                 = potential conversion of this month's basic loan */
} stp_support_month;

typedef struct stp_year_support {
  stp_support_status status;
  double study_share;         /* supported credits / 60, capped at 1 */
  int credits_supported;      /* credits counted against the 480 limit */
  int months;                 /* months with support */
  bool full_time;             /* interest-free on earlier debt */
  stp_money monthly_basic;    /* øre, full-time monthly rate (basic_support / support_months) */
  stp_support_month m[STP_YEAR_MONTHS];
  stp_money basic;            /* øre, totals of the months */
  stp_money extra_june;       /* øre of basic paid for the June phase-in weeks (2016-19) */
  stp_money loan_30plus, parent_loan, tuition_loan; /* øre, extra loans this year */
  stp_money grant[STP_NPARTS];
} stp_year_support;

/* The one home of the basic-support rounding (rulebook 9f): Lånekassen pays whole kroner a
   month, and a year is a whole number of monthly payments.
   - stp_basic_monthly: the monthly full-time rate of a year, basic_support / support_months
     to the nearest krone (halves up); what the lifecycle pays, explain shows and the
     evidence table reports.
   - stp_basic_year_of_g: a yearly amount given as x G (NOK g_nok) in whole kroner: the
     monthly payment round(x·G / months), times months; scenarios and sweeps set "1.5G" so.
   - stp_basic_year_whole_months: a yearly amount (øre, whole kroner) made a whole number
     of monthly payments; projected years. */
stp_money stp_basic_monthly(const stp_year_params *yp);
long long stp_basic_year_of_g(double x, double g_nok, int months);
stp_money stp_basic_year_whole_months(stp_money year, int months);

/* The standard year: full-time (60 credits) in higher education with the whole basic loan,
   eligible, within the age, progress and credit limits, below the 30+ loan's age, without
   children, disability or a private institution. Its amounts depend on the year's rules,
   living away and being in a degree alone, so stp_support_standard_year(yp, living_away,
   in_degree) is what stp_support_year gives any year for which stp_support_standard is
   true: a lifecycle looks it up instead of working it out. */
bool stp_support_standard(const stp_year_params *yp, const stp_study_year *s);
void stp_support_standard_year(const stp_year_params *yp, bool living_away, bool in_degree,
                               stp_year_support *out);

/* Fill out for one academic year. Pure: no allocation or I/O. */
void stp_support_year(const stp_year_params *yp, const stp_study_year *s, stp_year_support *out);

/* Child grant per month for n children before any means test. */
stp_money stp_child_grant_month(const stp_year_params *yp, int children);

/* Child grant per month after the spouse-income test (5 % a month of the spouse's yearly
   income above the limit, truncated to whole kroner as in Lånekassen's examples, taken from
   the family's total). spouse_income < 0: no spouse with joint children, no test. */
stp_money stp_child_grant_after_spouse(const stp_year_params *yp, const stp_cal_params *cp,
                                       int children, stp_money spouse_income);

#endif
