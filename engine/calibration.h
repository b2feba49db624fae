/* calibration.h: the statistics Lånekassen and SSB publish, measured on a simulated cohort the
   way each publisher measured them: a calendar year's leavers, a calendar or academic year's
   students, a year's repayers (docs/calibration.md). */
#ifndef STP_CALIBRATION_H
#define STP_CALIBRATION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "lifecycle.h"
#include "money.h"
#include "scenario.h"

/* Who ends higher education with a debt: the completed degree, or none. */
enum {
  STP_LEAVER_BACHELOR,  /* completed a bachelor and did not go straight on to a master */
  STP_LEAVER_MASTER2,   /* completed a 2-year master (bachelor debt included) */
  STP_LEAVER_MASTER5,   /* completed an integrated master */
  STP_LEAVER_ONEYEAR,   /* completed a one-year programme */
  STP_LEAVER_NO_DEGREE, /* left any programme without the degree */
  STP_LEAVER_KINDS
};
const char *stp_leaver_kind_name(int kind); /* "bachelor" .. "no-degree"; NULL outside */

/* The reference year of each statistic (stp_calib_years_published: the published ones). */
typedef struct stp_calib_years {
  int debt;      /* calendar year interest starts: that year's leavers (2024) */
  int means;     /* calendar year of the means-test cross-section (2023) */
  int support;   /* academic year (start) of the support cross-section (2021 = 2021-22) */
  int home;      /* academic year (start) of the living-with-parents cross-section */
  int defer;     /* calendar year of the deferral cross-section (2023) */
  int terminate; /* calendar year of the 2024 cross-section of terminations (--detail) */
} stp_calib_years;

void stp_calib_years_published(stp_calib_years *y);

/* Years in repayment the termination counts are kept by: d = whole years since the first
   bill, the last bucket holds every later year. */
#define STP_CALIB_DURATIONS 64

/* Years of the national totals: 2016 .. 2045. */
#define STP_CALIB_NYEARS 30

/* Counts over the simulated students: exact integers, so any number of threads gives the same
   result. Shares are a count over its population count. */
typedef struct stp_calib_counts {
  int64_t students;                    /* students drawn and simulated */
  /* debt at the end of higher education: borrowers whose interest starts in years.debt and
     who do not go straight on to a further degree */
  int64_t leavers[STP_LEAVER_KINDS];   /* borrowers, by kind */
  stp_money debt[STP_LEAVER_KINDS];    /* øre, their debt when interest starts, summed */
  int64_t debt_sq[STP_LEAVER_KINDS];   /* (NOK 100)², squared debts in hundreds of kroner,
                                          summed (for the standard error) */
  int64_t leavers_prior;               /* master2 leavers who brought bachelor debt */
  stp_money debt_interest_start;       /* øre: the same leavers' debt when interest starts
                                          (debt[] adds the grace months' interest) */
  /* the same for the two years before: [0] years.debt - 2, [1] years.debt - 1 (the run's
     first entry year is the same, so these miss more of the long paths) */
  int64_t leavers_before[2];
  stp_money debt_before[2];            /* øre, summed */
  int64_t debt_sq_before[2];           /* (NOK 100)², summed */
  /* the distribution of years.debt - 1's leavers (the 106 000 new repayers of 2023): debt
     when interest starts under NOK 400 000, over 600 000, over 1 000 000 */
  int64_t debt_under_400k, debt_over_600k, debt_over_1m;
  /* the means test of calendar year years.means */
  int64_t means_tested;                /* students with a grant potential that year */
  int64_t means_reduced;               /* of them: the year's grant reduced, not to 0 */
  int64_t means_loan_only;             /* of them: the whole year's grant lost */
  /* academic-year cross-sections of students taking credits */
  int64_t enrolled_support;            /* students taking credits in years.support */
  int64_t supported;                   /* of them: paid support that year */
  int64_t enrolled_home;               /* students taking credits in years.home */
  int64_t at_home;                     /* of them: living with their parents */
  int64_t enrolled_home_age[3];        /* the same by age that year: under 22, 22-29, 30+
                                          (EUROSTUDENT's groups) */
  int64_t at_home_age[3];
  int64_t enrolled_children;           /* of the students taking credits in years.home: with
                                          children under 16 */
  int64_t enrolled_age_ssb[4];         /* the same by age that year: under 25, 25-29, 30-34,
                                          35+ (SSB's students by age) */
  int64_t children_age_ssb[4];         /* of them: with children under 16 */
  /* SSB's completion of an entry cohort */
  int64_t bachelor_entrants;           /* bachelor entrants (all entry years of the run) */
  int64_t bachelor_normed;             /* of them: completed within 3 years */
  int64_t bachelor_normed2;            /* of them: completed within 5 years */
  /* repayers */
  int64_t repayers_defer;              /* loans with a bill due in years.defer */
  int64_t deferred;                    /* of them: at least one bill deferred that year */
  int64_t repayers_terminate;          /* loans with a bill due in years.terminate, or
                                          terminated in its January */
  int64_t terminated;                  /* of them: terminated for non-payment that year */
  /* terminations over the whole life of the run's loans, by d = whole years since the first
     bill (0 in the year of the first bill): with a constant inflow of new repayers the
     yearly rate of the whole portfolio is sum T_d / sum N_d */
  int64_t in_repayment[STP_CALIB_DURATIONS]; /* N_d: loans with a bill due in year d of
                                                repayment, or terminated in it */
  int64_t terminated_d[STP_CALIB_DURATIONS]; /* T_d: loans terminated for non-payment in
                                                year d of repayment */
  int64_t repayers_life;               /* loans counted in some N_d (a bill due, or
                                          terminated): repayers */
  int64_t terminated_life;             /* their terminations for non-payment (a reinstated
                                          loan may be terminated again) */
  /* who is terminated (Lånekassen 27.01.2022: low income, abroad, small debts): repayers
     and their terminations by decile of earnings after study (0-9), living abroad (1) or
     not (0), and debt when interest starts (under 100 000, 100-300 000, 300-500 000, more) */
  int64_t repayers_decile[10], terminated_decile[10];
  int64_t repayers_abroad[2], terminated_abroad[2];
  int64_t repayers_debt[4], terminated_debt[4];
  /* voluntary payments (issue 12): repayers who settle the loan early, and who make at least
     one extra payment, by earnings decile and debt band as above; loan-years with an extra
     payment (over sum N_d, the loan-years in repayment) */
  int64_t settled_decile[10], settled_debt[4];
  int64_t extra_decile[10], extra_debt[4];
  int64_t extra_years;
  /* loans left with Statens innkrevingssentral (terminated, not reinstated): the loans and
     the debt sent to collection, by living in Norway (0) or abroad (1) */
  int64_t collected_loans[2];
  stp_money collected_debt[2];                 /* øre */
  /* the loan book over the run's loans' whole life: the year-end debt of every year, study
     and repayment (a master's prior debt in her study years included), and the debt owed at
     each termination for non-payment (reinstated ones included); in a steady state their
     ratio is the yearly share of the book terminated */
  stp_money book_years, terminated_owed;       /* øre */
  /* National totals (the population mode: each student weighs her weight; 1 otherwise), by
     year y - STP_FIRST_YEAR: */
  int64_t nat_recipients[STP_CALIB_NYEARS]; /* students paid support in academic year y */
  stp_money nat_paid[STP_CALIB_NYEARS];     /* øre of support paid in academic year y */
  int64_t nat_leavers[STP_CALIB_NYEARS];    /* borrowers whose interest starts in calendar
                                               year y, not going straight on (as leavers) */
  stp_money nat_debt[STP_CALIB_NYEARS];     /* øre, their debt when interest starts */
  stp_money nat_basic[STP_CALIB_NYEARS];    /* øre of basic loan paid in academic year y */
  int64_t nat_loan_30plus[STP_CALIB_NYEARS]; /* students paid the 30+ loan in academic year y */
  int64_t nat_parent_loan[STP_CALIB_NYEARS]; /* students paid the parent loan in year y */
  int64_t nat_enrolled[STP_CALIB_NYEARS];   /* students taking credits in academic year y */
  int64_t nat_enrolled_30plus[STP_CALIB_NYEARS]; /* of them: aged 30 or more in calendar
                                                    year y */
  int64_t nat_enrolled_children[STP_CALIB_NYEARS]; /* of them: with children under 16 */
  int64_t nat_covid_users[STP_CALIB_NYEARS];  /* students paid the COVID extra loan in the
                                                 spring of academic year y */
  stp_money nat_covid_loan[STP_CALIB_NYEARS]; /* øre of it */
  stp_money nat_covid_convertible[STP_CALIB_NYEARS]; /* øre convertible on documentation */
  stp_money nat_covid_converted[STP_CALIB_NYEARS];   /* øre converted (documented) */
} stp_calib_counts;

typedef struct stp_calib_opts {
  long size;                   /* students */
  int entry_first, entry_last; /* entry years (academic year start) */
  int threads;                 /* 0: OpenMP's default */
  const struct stp_pop_sample *population; /* not NULL: Norway's students, weighted */
  stp_calib_years years;
} stp_calib_opts;

/* Draw and simulate students 0..size-1 of c's cohort on c->seed (the driver, run.h) and
   count what happened in the reference years from each student's year-by-year study and
   repayment records (stp_lifecycle_record). STP_ENOMEM if out of memory. */
int stp_calibration_measure(const stp_life_ctx *c, const stp_calib_opts *o,
                            stp_calib_counts *out, stp_error *err);

/* One published statistic beside its simulated value. */
typedef struct stp_calib_stat {
  const char *key;         /* short name for CSV: "debt_end_he" */
  const char *statistic;   /* what is compared */
  const char *unit;        /* "NOK" or "share" */
  const char *year;        /* the published figure's reference year */
  double published;        /* NOK or share */
  const char *source;      /* publisher and address */
  const char *measured_as; /* how the run measures it */
  double simulated;        /* NOK or share; NaN when the population is empty */
  double std_error;        /* sampling standard error of simulated (NOK or share) */
  int64_t population;      /* students or loans the statistic is over */
  double tolerance;        /* the gap (simulated / published - 1) the calibration aims within,
                              either way (docs/calibration.md) */
} stp_calib_stat;

#define STP_CALIB_NSTATS 20

/* The published statistics (docs/calibration.md) with the values measured in c; returns the
   number of rows written (STP_CALIB_NSTATS). */
int stp_calibration_stats(const stp_calib_counts *c, stp_calib_stat out[STP_CALIB_NSTATS]);

/* ---- stipend calibrate ---- */

struct stp_prepared;

/* A calibration scenario measured: the options (the published reference years), the counts
   and the statistics beside the published ones. */
typedef struct stp_calibration {
  stp_calib_opts o;
  stp_calib_counts k;
  stp_calib_stat st[STP_CALIB_NSTATS];
  int n;
} stp_calibration;

/* Draw and simulate the prepared scenario x's students on `threads` (0: OpenMP's default)
   and set every published statistic beside its simulated value. */
int stp_calibration_run(const struct stp_prepared *x, int threads, stp_calibration *out,
                        stp_error *err);

/* The statistics on f for the scenario sc: a table (with detail: the leavers by kind,
   terminations by year of repayment and who is terminated, living with parents by age) or,
   with csv, CSV: key,statistic,unit,year_kind,calendar_year,academic_year,published,
   simulated,std_error,gap_share,population,source,measured_as. */
void stp_calibration_print(FILE *f, const stp_calibration *c, const stp_scenario *sc, bool csv,
                           bool detail);

/* The publisher's part of a source: its length up to the address. */
int stp_calib_source_name(const char *source);
/* s as one quoted CSV field on f ('"' doubled). */
void stp_calib_quoted(FILE *f, const char *s);
/* The reference period y ("2024", "2021-22", "cohort 2018") as three CSV fields on f, so that
   none mixes forms: year_kind (calendar_year, academic_year, entry_year), calendar_year (the
   calendar year it starts in, always) and academic_year (text, empty for a calendar year). */
void stp_calib_year_columns(FILE *f, const char *y);

#endif
