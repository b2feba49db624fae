/* scenario.h: scenario files (INI): the run, the cohort, policy overrides, the economy and the
   output, validated with file:line: [section] key messages, and applied to the parameter sets. */
#ifndef STP_SCENARIO_H
#define STP_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "params.h"

#define STP_SCEN_MAX_OVERRIDES 128
#define STP_SCEN_MAX_RATE_POINTS 64
#define STP_SCEN_MAX_KEYS 32         /* room for the fixed keys of [run] .. [output] */
/* Entry years run to 2056-57: a student entering at 19 then reaches the repayment age limit
   (70) by STP_MAX_YEAR. */
#define STP_SCEN_LAST_ENTRY_YEAR (STP_MAX_YEAR - 54)

/* Where a value came from, in the line fields below. */
#define STP_SCEN_DEFAULT 0           /* not given: the documented default */
#define STP_SCEN_FROM_SET (-1)       /* given by --set section.key=value */

typedef enum stp_cohort_source {
  STP_COHORT_SYNTHETIC,              /* students drawn from datasets/cohort/<calibration>/ */
  STP_COHORT_MICRODATA               /* students read from the microdata CSV file */
} stp_cohort_source;

/* One [policy] line: a registry parameter set from base_year on. */
typedef struct stp_override {
  const stp_param_def *def;          /* registry entry */
  double value;                      /* in file units (NOK for money, 0.4 for a share) unless in_g */
  bool in_g;                         /* value is a multiple of G ("1.5G"), money parameters only */
  int line;                          /* line in the scenario file; STP_SCEN_FROM_SET for --set */
} stp_override;

typedef struct stp_scenario {
  char path[512];                    /* the scenario file ("" when built from defaults only) */
  /* [run] */
  char name[128];                    /* short name (default: the file name without .ini) */
  char description[1024];            /* free text, may continue on indented lines */
  int base_year;                     /* academic year start; policy overrides apply from it on */
  int policy_until;                  /* 0, or the last academic year the overrides change (a
                                        past decision of one year: later years keep their
                                        published rules) */
  uint64_t seed;                     /* seed of the random streams */
  int entry_first, entry_last;       /* academic years (start) of the entry cohorts */
  int replications;                  /* independent runs with seeds derived from seed (1) */
  int budget_years;                  /* population mode: budget years of the horizon from the
                                        calendar year base_year starts in (10) */
  /* [cohort] */
  long size;                         /* students per run, across all entry years */
  stp_cohort_source source;          /* synthetic or microdata */
  char microdata[512];               /* microdata CSV, resolved against the scenario's folder;
                                        "" = synthetic */
  char calibration[128];             /* calibration set under datasets/cohort/ ("default") */
  bool population;                   /* [cohort] population = norway: Norway's students from
                                        datasets/population/, weighted (population.h); size
                                        and entry_years are then not used */
  double sample;                     /* population mode: share of Norway's students simulated
                                        (0.05), 0 < sample <= 1 */
  /* [policy] */
  stp_override overrides[STP_SCEN_MAX_OVERRIDES];
  int noverrides;
  /* [economy] */
  int rate_npoints;                  /* points of the floating-rate path after the history */
  stp_month rate_month[STP_SCEN_MAX_RATE_POINTS]; /* first month of each point, increasing */
  double rate[STP_SCEN_MAX_RATE_POINTS];          /* per year (0.045); written in percent */
                                     /* the last published rate holds until the first point */
  double rate_after;                 /* per year from the first January after the last point
                                        (path or history); NaN = hold the last rate (9e) */
  stp_month rate_shift_from;         /* [economy] rate_shift: from this month on, history and */
  double rate_shift;                 /* path alike, the floating rate moves by this much per
                                        year (0: none): a change of Lånekassen's deduction
                                        from its base rate, as of 1 January 2017 (+0.0035) */
  double wage_growth;                /* per year (0.035): G, income limits, earnings */
  double price_growth;               /* per year (0.025): support rates after the last
                                        parameter year; deflator of present values */
  bool discount_social;              /* [economy] discount: false (cost-of-funds, the default):
                                        present values at the nominal cost_of_funds; true
                                        (social): at discount_rate real, deflated by
                                        price_growth */
  double discount_rate;              /* per year, real (0.04, R-109): present values when
                                        discount is social, and students' gains */
  int pv_year;                       /* calendar year whose kroner present values are in; 0:
                                        the year base_year starts in (stp_scenario_pv_year) */
  double cost_of_funds;              /* per year, nominal: the state's borrowing rate */
  /* [output] */
  char out_dir[512];                 /* results folder, relative to the working directory */
  bool students;                     /* write the per-student file */
  /* Line of each [run]..[output] key (index: the key table in scenario.c): a file line,
     STP_SCEN_DEFAULT or STP_SCEN_FROM_SET. For messages; not for callers. */
  int key_line[STP_SCEN_MAX_KEYS];
} stp_scenario;

/* The documented defaults (docs/scenarios.md): base year 2025-26, seed 1, entry year = base
   year, one replication, 100 000 synthetic students, calibration "default", no overrides,
   rate held flat, wage growth 3.5 %, price growth 2.5 %, discount rate 4 % (real), cost of
   funds 4 %, output under results/<name>, no per-student file. */
int stp_scenario_defaults(stp_scenario *s);

/* Defaults, then the file. Unknown sections and keys, duplicates, wrong types and impossible
   values fail (STP_EINVAL, STP_ERANGE; STP_EIO for an unreadable file) with
   "FILE:LINE: [section] key: reason". */
int stp_scenario_load(const char *path, stp_scenario *s, stp_error *err);

/* One "section.key=value" from the command line, checked like a file line (errors begin
   "--set"). It replaces the file's value; a [policy] key replaces that override. */
int stp_scenario_set(stp_scenario *s, const char *assignment, stp_error *err);

/* Write the overrides into the parameter sets, every academic and calendar year from base_year
   to stp_params_last_year(p) (repayment rules: once). Plain values first, then multiples of
   G, each year with the G of the calendar year the academic year starts in (G from 1 May is in
   force on 1 August): basic_support = support_months × round(x·G / support_months), other
   money round(x·G), whole kroner. If p was projected beyond STP_LAST_YEAR, the projection is
   redone with the scenario's price and wage growth, so that plain overrides are uprated
   after the last parameter year while multiples of G follow G. Values are range-checked
   against the registry in the parameter years (to STP_LAST_YEAR; the bounds are in today's
   kroner, so projected multiples of G are not held to them); errors name the scenario line.
   Also checks that the rate path starts after the last published rate. Call it on freshly
   loaded (and, if wanted, projected) parameters: it does not undo an earlier scenario. */
int stp_scenario_apply(const stp_scenario *s, stp_params *p, stp_error *err);

/* "2025-26" for 2025 into buf (8 bytes or more). */
const char *stp_scenario_year_name(int year, char *buf, size_t n);

/* The price base of present values: [economy] pv_year, or the calendar year base_year starts
   in. compare takes the baseline's, sweep the scenario's. */
static inline int stp_scenario_pv_year(const stp_scenario *s) {
  return s->pv_year > 0 ? s->pv_year : s->base_year;
}

#endif
