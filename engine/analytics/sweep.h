/* sweep.h: one policy parameter varied over a range (stipend sweep): the values the range
   gives, and sweep.csv with one row of headline figures per value (docs/plots-and-sweeps.md). */
#ifndef STP_SWEEP_H
#define STP_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "analytics/report.h"
#include "figures.h"
#include "error.h"
#include "params.h"
#include "prepared.h"

#define STP_SWEEP_MAX_VALUES 1000
#define STP_SWEEP_MICRO 1000000 /* values are kept in millionths of their unit */

/* The values of "policy.NAME=FROM:TO:STEP". FROM, TO and STEP are numbers in the parameter's
   unit (NOK for money; "40%" for a share) or, for money, multiples of G ("1.5G").
   - All three in G: the values are multiples of G, applied as a scenario applies "1.5G"
     (each year its own G).
   - All in NOK, or mixed: every G part is turned into NOK at the G of the base year (FROM
     and TO as the scenario turns them: basic_support = support_months × round(x·G /
     support_months), other money round(x·G); STEP round(x·G)), and the values are plain
     NOK.
   - The values are FROM, FROM + STEP, ... up to TO; when TO is not on that grid it is added
     as a last, shorter step, so both ends of the range are always run.
   FROM <= TO, STEP > 0, at most STP_SWEEP_MAX_VALUES values; counts (months, switches) must
   be whole and NOK have at most two decimals. */
typedef struct stp_sweep {
  const stp_param_def *def;              /* the parameter */
  bool in_g;                             /* values are multiples of G */
  int n;                                 /* number of values */
  int64_t value[STP_SWEEP_MAX_VALUES];   /* millionths of the unit (or of G), increasing */
} stp_sweep;

/* Parse spec against the parameter sets p (the scenario applied) and its base year (for G
   and support_months). Errors (STP_EINVAL, STP_ERANGE, STP_ENOTFOUND) begin "--vary". */
int stp_sweep_parse(const char *spec, const stp_params *p, int base_year, stp_sweep *out,
                    stp_error *err);

/* Value i as a scenario writes it ("175368", "1.25G", "0.45") into buf; returns buf. */
const char *stp_sweep_value_text(const stp_sweep *s, int i, char *buf, size_t n);
/* "policy.NAME=VALUE" for value i (for stp_scenario_set / --set). */
const char *stp_sweep_assignment(const stp_sweep *s, int i, char *buf, size_t n);

/* sweep.csv, one row per value. */
typedef struct stp_sweep_writer stp_sweep_writer;

/* What a row holds besides the run's totals. */
typedef struct stp_sweep_row {
  const char *scenario;      /* scenario name */
  uint64_t seed;             /* the seed every value ran on */
  int base_year;             /* academic year start of value_nok */
  const char *value;         /* as applied (stp_sweep_value_text) */
  double value_base;         /* the parameter in the base year after applying, in its unit
                                (NOK for money) */
  double g_base;             /* NOK, G of the base year's calendar year */
  bool has_budget;           /* the budget fields below are known */
  stp_money net_cost_pv;     /* øre: the state's net cost over the cohort's life, present
                                value in pv_year kroner (analytics/budget.h) */
  int full_year;             /* calendar year of full_year_cost: base_year + 1, the first
                                whole year of the rules (as budget_summary.csv) */
  stp_money full_year_cost;  /* øre, the state's net cost in full_year */
  double subsidy_rate;       /* share of the loan outlay not repaid in present value */
  int pv_year;               /* the kroner of net_cost_pv ([economy] pv_year, as compare) */
} stp_sweep_row;

/* Columns: scenario, seed, base_year ("2026-27"), parameter, unit (the registry's), value (as
   applied), value_nok and value_g (money only: the amount in the base year, and that over
   the base year's G), the figures of figures.h, state_cost_per_student_nok and
   state_cost_change_nok (against the first row); with_budget adds net_cost_pv_nok,
   net_cost_pv_change_nok (against the first row), full_year, full_year_cost_nok,
   subsidy_rate_share (the names of budget_summary.csv) and
   pv_year (the price base of net_cost_pv_nok). */
int stp_sweep_open(const char *path, const stp_param_def *def, bool with_budget,
                   stp_sweep_writer **out, stp_error *err);
/* One row: the row's fields, then the headline figures of the run's ALL group, then the cost
   per student and the change in state cost against the first row. */
int stp_sweep_add(stp_sweep_writer *w, const stp_sweep_row *row, const stp_agg *agg,
                  stp_error *err);
int stp_sweep_commit(stp_sweep_writer *w, stp_error *err);
void stp_sweep_abort(stp_sweep_writer *w);

/* ---- stipend sweep: the values in batches of one comparison each, into sweep.csv ---- */

/* One value's results, as a sweep reports them. */
typedef struct stp_sweep_line {
  const stp_sweep *sw;
  int i;                  /* the value's index */
  const char *text;       /* as applied (stp_sweep_value_text) */
  double value_base;      /* the parameter in the base year, in its unit (NOK for money) */
  double g_base;          /* NOK, G of the base year */
  const char *base_year;  /* "2026-27" */
  const stp_agg *agg;     /* the value's totals */
  const stp_budget *budget;
  int full_year;          /* the first whole year of the rules, base_year + 1 */
} stp_sweep_line;

typedef struct stp_sweep_job {
  const char *scenario;         /* the scenario file */
  const stp_prepare_opts *prep; /* the command's sets, size, sample, seed, datasets */
  const char *vary;             /* "policy.NAME=FROM:TO:STEP" */
  const char *out;              /* the results folder; NULL: the scenario's [output] dir */
  unsigned out_flags;           /* resultset.h's flags */
  int threads;                  /* 0: OpenMP's default */
  bool report;                  /* report.html */
  stp_lang lang;
  /* Told, when not NULL: the values once parsed (before any is checked), sweep.csv once
     begun, and each value's results as its batch ends. */
  void *user;
  void (*parsed)(void *user, const stp_scenario *base, const stp_sweep *sw);
  void (*begun)(void *user, const stp_sweep *sw, const char *base_year);
  void (*row)(void *user, const stp_sweep_line *line);
} stp_sweep_job;

typedef struct stp_sweep_result {
  int n;                 /* values */
  const char *parameter; /* the registry's name */
  bool changed;          /* some value's paid out or net cost differs from the first's */
  char out[600];         /* the results folder */
} stp_sweep_result;

/* The sweep of j: every value's scenario (the command's sets, then "policy.NAME=VALUE") is
   prepared and checked before any runs; then the values run in batches of
   STP_COMPARE_MAX_SCENARIOS, each batch one comparison on the same students (one value: run
   twice), one row each in sweep.csv, which with report.html joins the folder's other files
   as a new version of it in one step (stp_resultset_amend; an earlier sweep's charts go). */
int stp_sweep_run(const stp_sweep_job *j, stp_sweep_result *r, stp_error *err);

/* What holds parameter `name` in place where one is known (the conversion shares and their
   cap), NULL otherwise: for the warning when a sweep changed nothing. */
const char *stp_sweep_binding(const char *name);

#endif
