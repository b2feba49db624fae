/* params.h: policy parameters by academic and calendar year, the interest-rate path and the
   tuition tables, loaded from datasets/ with the unit, status and source of every value. */
#ifndef STP_PARAMS_H
#define STP_PARAMS_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "money.h"

/* Months are counted as year*12 + (month-1): January 2025 is 2025*12. */
typedef int stp_month;
#define STP_MONTH(y, m) ((y) * 12 + (m) - 1)
static inline int stp_month_year(stp_month t) { return t / 12; }
static inline int stp_month_of_year(stp_month t) { return t % 12 + 1; } /* 1-12 */

/* An academic year is named by the calendar year it starts in: 2024 is 2024-25 (Aug-Jun). */
#define STP_FIRST_YEAR 2016
#define STP_LAST_YEAR 2026
#define STP_NYEARS (STP_LAST_YEAR - STP_FIRST_YEAR + 1)
/* Scenarios may start in any academic year to 2035-36: the years after STP_LAST_YEAR are
   projected (stp_params_project, the rules in datasets/README.md, status projected). */
#define STP_LAST_PROJECTED_YEAR 2035
/* Runs reach decades past the last parameter year; stp_params_project extends the sets. */
#define STP_MAX_YEAR 2110

typedef enum {
  STP_UNIT_NOK,       /* money, stored in øre */
  STP_UNIT_SHARE,     /* a fraction: 0.40 */
  STP_UNIT_COUNT      /* months, weeks, credits, years, a 0/1 switch */
} stp_unit_kind;

/* How sure a value is (from published figures). */
typedef enum {
  STP_STATUS_OFFICIAL,  /* stated by Lånekassen, SSB, regjeringen, UDI or the institution */
  STP_STATUS_NEWS,      /* reputable news or an organisation quoting an official source */
  STP_STATUS_DERIVED,   /* computed from sourced figures by a stated method */
  STP_STATUS_CARRIED,   /* not found: last known value carried forward by a stated method */
  STP_STATUS_PROJECTED  /* a future year: a proposal or projection */
} stp_status;

const char *stp_status_name(stp_status s);

/* A status word of a dataset file into *out: one of the names above; with stand_in also
   "stand-in" and "calibrated" (a figure standing in for an unpublished one, or fitted to
   published ones), counted as derived. false for any other word. */
bool stp_status_parse(const char *word, bool stand_in, stp_status *out);

/* The rules of one academic year (support, conversion, extra support). */
typedef struct stp_year_params {
  int year;                          /* academic year start: 2024 for 2024-25 */
  stp_money basic_support;           /* øre per full-time year over support_months */
  int support_months;                /* months of full-time support (10, 11 from 2019-20) */
  int extra_june_weeks;              /* phase-in weeks paid in June 2016-19 (1-3), 0 after */
  int part_time_months;              /* months of support for part-time study */
  double part_time_min_share;        /* least study share that gets support (0.5) */
  double conversion_max_share;       /* share of basic loan that can become grant (0.40) */
  double conversion_exam_share;      /* share converted per credits passed (0.25; 0.40 before 2019-20) */
  double conversion_degree_share;    /* share converted on degree completion (0.15; 0 before) */
  int support_limit_credits;         /* total credits that can be supported (480) */
  int max_credits_behind;            /* no new support while more credits behind (60) */
  stp_money disability_grant_month;  /* øre per month, tilleggsstipend */
  int disability_grant_months;       /* months per year the disability grant is paid (11) */
  stp_money child_grant_month;       /* øre per month for each of the first two children */
  stp_money child_grant_month_3plus; /* øre per month for the third child on */
  int child_age_limit;               /* children up to and including the year they turn this */
  stp_money loan_30plus_year;        /* øre per year, additional loan from age 30 */
  stp_money loan_30plus_total;       /* øre, lifetime cap of that loan */
  int loan_30plus_age;               /* age from which it is available (30) */
  stp_money parent_loan_year;        /* øre per year, additional loan for parents */
  stp_money parent_loan_total;       /* øre, lifetime cap */
  stp_money tuition_loan_year;       /* øre per year, skolepengelån (private institutions) */
  int full_support_age;              /* full support up to this age (50) */
  int no_support_age;                /* no support from the year one turns this (65) */
  int non_eea_support;               /* 1: non-EEA fee-paying students get support (a reform switch) */
  int non_eea_tuition;               /* 1: public institutions charge non-EEA students tuition
                                        (0 before 2023-24; 0 is the free-education reform) */
  /* The COVID extra loan (tilleggslån korona) of the spring term, 0 in other years: offered to
     every student with support that spring, a fixed amount, part of it converted to a grant
     for those who document the drop in income (datasets/policy/academic/2019-20.csv, 2020-21) */
  stp_money covid_loan;              /* øre, the loan */
  stp_money covid_loan_convertible;  /* øre of it converted on documentation */
  int covid_loan_month;              /* calendar month of the spring term it is paid in */
  double covid_loan_take_up;         /* share of the students offered it who took it */
  double covid_loan_documented;      /* share of the takers whose part was converted */
} stp_year_params;

/* The rules of one calendar year (means test, G, write-offs, interest relief). */
typedef struct stp_cal_params {
  int year;                           /* calendar year */
  stp_money g;                        /* øre, grunnbeløp from 1 May */
  stp_money income_limit;             /* øre per year, support more than short_months */
  stp_money income_limit_short;       /* øre per year, support for at most short_months */
  int short_months;                   /* months of support at or below which the higher limit applies (7) */
  stp_money asset_limit;              /* øre, net assets, single */
  stp_money asset_limit_joint;        /* øre, joint assets, married/cohabiting with joint children */
  double income_reduction_rate;       /* per month of support, of income above the limit (0.05) */
  double asset_reduction_rate;        /* per month, of assets above the limit (0.02) */
  double asset_reduction_rate_joint;  /* per month, joint test (0.01) */
  stp_money spouse_income_limit;      /* øre per year, spouse income test of the child grant */
  double spouse_reduction_rate;       /* per month, of spouse income above that limit (0.05) */
  stp_money relief_income_month;      /* øre, interest relief for low income in full-time work */
  stp_money finnmark_writeoff_max;    /* øre per year, Finnmark/Nord-Troms write-off cap */
  double finnmark_writeoff_share;     /* share of the original loan per year (0 = fixed amount) */
  stp_money district_writeoff_year;   /* øre per year, district scheme (0 before 2025) */
  stp_money disability_writeoff_income_full;    /* øre, full write-off at or below this income */
  stp_money disability_writeoff_income_partial; /* øre, partial write-off up to this income */
} stp_cal_params;

/* Repayment rules that have not changed with the year (rulebook section 5). */
typedef struct stp_repay_params {
  int grace_months;          /* months of interest before the first bill (7) */
  int plan_months_max;       /* plan length counted from the start of interest (240) */
  stp_money plan_debt_per_month; /* øre of debt per plan month for small debts (950 NOK) */
  int max_deferrals;         /* deferred bills per borrower (36) */
  int max_relief_months;     /* months of low-income interest relief (36) */
  int repay_age_limit;       /* the loan must be repaid by this age (70) */
  double default_recovery_share; /* share of a defaulted balance later recovered */
  double interest_tax_deduction; /* tax value of deducted interest (0.22) */
  int permit_home_writeoff;  /* 1: a study-permit student who settles in her home country after
                                study has her debt written off a year later (the quota scheme,
                                kvoteordningen, a reform switch); 0 in the published rules */
} stp_repay_params;

/* A table entry of the parameter registry: its name in files, scenarios and `stipend params`. */
typedef enum { STP_SET_YEAR, STP_SET_CAL, STP_SET_REPAY } stp_param_setkind;
typedef struct stp_param_def {
  const char *name;          /* e.g. "basic_support" */
  stp_param_setkind set;
  stp_unit_kind kind;
  const char *unit;          /* as written in files: "NOK", "NOK/month", "share", "months" */
  double min, max;           /* allowed range, in NOK for money */
  const char *description;
} stp_param_def;

/* Provenance of one value. */
typedef struct stp_param_meta {
  stp_status status;
  const char *source;        /* address(es) where the figure was found */
  const char *note;          /* method for derived or carried values */
  int line;                  /* line in its file */
} stp_param_meta;

/* A Lånekassen floating rate: known reset points, filled monthly by interpolation. */
typedef struct stp_rate_point {
  stp_month from;
  double rate;               /* per year: 0.05128 */
  stp_status status;
  const char *source;
} stp_rate_point;

typedef struct stp_tuition_fee {
  const char *institution;   /* "USN" */
  const char *category;      /* funding category or programme group: "C", "D", "E+F" */
  int year;                  /* academic year start the fee applies to */
  stp_money fee_year;        /* øre per 60 credits */
  stp_status status;
  const char *source;
} stp_tuition_fee;

typedef struct stp_semester_fee {
  const char *institution;
  int year;                  /* academic year start */
  stp_money fee;             /* øre per term, campus students */
  stp_money fee_online;      /* øre per term, online students */
  stp_status status;
  const char *source;
} stp_semester_fee;

typedef struct stp_params stp_params;

/* Load every file under datasets_dir (NULL: $STIPEND_DATASETS, else the built-in path).
   Every set must be complete and every value in range; errors name file, line and parameter. */
int stp_params_load(const char *datasets_dir, stp_params **out, stp_error *err);
void stp_params_free(stp_params *p);
const char *stp_params_dir(const stp_params *p);

/* Lookups return NULL for a year outside the loaded range. */
const stp_year_params *stp_params_year(const stp_params *p, int year);
const stp_cal_params *stp_params_cal(const stp_params *p, int year);
const stp_repay_params *stp_params_repay(const stp_params *p);
/* Writable copies, for scenarios that override values. */
stp_year_params *stp_params_year_mut(stp_params *p, int year);
stp_cal_params *stp_params_cal_mut(stp_params *p, int year);
stp_repay_params *stp_params_repay_mut(stp_params *p);

/* Extend the academic and calendar sets from the last loaded year to to_year (at most
   STP_MAX_YEAR): money rules of an academic year are uprated by price_growth (Lånekassen's
   rates follow prices unless a budget decides otherwise), calendar-year amounts (limits, G,
   write-offs) by wage_growth (G and the income limit follow expected wages); whole kroner,
   status projected. Years already projected are recomputed. */
int stp_params_project(stp_params *p, int to_year, double price_growth, double wage_growth,
                       stp_error *err);
int stp_params_last_year(const stp_params *p);

/* Floating rate per year in force in month t: interpolated between known resets and held
   flat after the last one (rulebook 9e). *status (may be NULL) says how it was obtained:
   OFFICIAL/NEWS for a published reset, DERIVED when interpolated, CARRIED when held. */
double stp_params_rate(const stp_params *p, stp_month t, stp_status *status);
int stp_params_rate_points(const stp_params *p, const stp_rate_point **points);

/* Tuition and semester fees; the latest year at or before `year` is used (and reported). */
const stp_tuition_fee *stp_params_tuition(const stp_params *p, const char *institution,
                                          const char *category, int year);
const stp_semester_fee *stp_params_semester_fee(const stp_params *p, const char *institution,
                                                int year);
bool stp_params_has_institution(const stp_params *p, const char *institution);
int stp_params_tuition_table(const stp_params *p, const stp_tuition_fee **fees);
int stp_params_semester_table(const stp_params *p, const stp_semester_fee **fees);

/* The registry: every named parameter, for listing, overrides and validation. */
int stp_param_count(void);
const stp_param_def *stp_param_def_at(int i);
const stp_param_def *stp_param_find(const char *name);

/* A parameter's value as a double in its file unit (NOK for money) and its provenance,
   for a given year (academic or calendar, by set; ignored for repayment rules). */
int stp_param_get(const stp_params *p, const stp_param_def *d, int year, double *value,
                  const stp_param_meta **meta);
/* The øre field of money parameter d (a year or calendar-year set) in `year`, projected years
   included, for writing without the registry's bounds; NULL for other parameters or years. */
stp_money *stp_param_money_field(stp_params *p, const stp_param_def *d, int year);

/* Set a value (in file units: NOK for money) in every year from `from_year` on;
   checks the range. Used by scenario overrides. */
int stp_param_set(stp_params *p, const stp_param_def *d, int from_year, double value,
                  stp_error *err);

/* Every parameter on out with its value, unit, status, flag and source: the academic years
   (all loaded and projected, or `year` alone; 0: all) and the calendar years they span, the
   repayment rules, the floating rate's resets, the tuition and semester fee tables. Text
   columns, or CSV (set,period,parameter,value,unit,status,flag,source,note) when csv. */
int stp_params_list(const stp_params *p, int year, FILE *out, bool csv, stp_error *err);

/* "2024-25" -> 2024; false if not of that form. */
bool stp_parse_academic_year(const char *s, int *year);

#endif
