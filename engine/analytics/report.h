/* report.h: report.html, one self-contained page (no network, no scripts, charts as inline
   SVG) built from the result files of a comparison, a sweep or a run with replications, and
   the two small files that give it what the tables do not hold (about.csv, parameters.csv). */
#ifndef STP_ANALYTICS_REPORT_H
#define STP_ANALYTICS_REPORT_H

#include <stdint.h>

#include "error.h"
#include "scenario.h"

typedef enum { STP_LANG_EN, STP_LANG_NB } stp_lang;

/* "en" or "nb" (also "no"); STP_EINVAL otherwise. */
int stp_lang_parse(const char *text, stp_lang *out);

/* What a run was: written as about.csv (key,value; one row per fact) for the report. */
typedef struct stp_report_about {
  const char *kind;       /* "compare", "sweep", "replications" */
  const char *version;    /* "stipend 0.1.0" */
  const char *command;    /* the command line that reproduces the run */
  const char *cohort;     /* "synthetic (datasets/cohort/default)" or the microdata file */
  const char *population; /* what the figures are of: "" or "simulated" (the simulated
                             students only), "norway" (national totals: each simulated
                             student weighted to the students she stands for) */
  uint64_t seed;
  long long students;     /* simulated, per scenario */
  long long population_students; /* the students the figures are of (national in the
                             "norway" population); 0: students */
  double sample_share;    /* the share of the population simulated; 0: 1 (all of it) */
  int entry_first, entry_last; /* academic years (start) */
  int replications;       /* 1 if none */
} stp_report_about;

/* One scenario of the run, with its overrides: parameters.csv gives, per override, the
   baseline's value and source (from the parameters) and the scenario's value. */
typedef struct stp_report_scenario {
  const char *name;
  const char *file;        /* as given */
  const stp_scenario *sc;  /* its overrides, description, base year */
  const void *params;      /* its stp_params (const stp_params *) */
} stp_report_scenario;

/* about.csv and parameters.csv in dir (sc[0] the baseline). */
int stp_report_about_write(const char *dir, const stp_report_about *a,
                           const stp_report_scenario *sc, int nscen, stp_error *err);

/* report.html in dir, from the files there. Files that are missing leave their section out
   (a run has no evidence.csv); a malformed file is an error naming it. */
int stp_report_write(const char *dir, stp_lang lang, stp_error *err);

/* report.html added to the results folder dir (`stipend report`): made from the files there
   into a new version of the folder (resultset.h), current in one step, so a failed report
   leaves the folder as it was. STP_EINVAL when dir has none of evidence.csv, sweep.csv or
   summary.csv. */
int stp_report_add(const char *dir, stp_lang lang, stp_error *err);

#endif
