/* output.h: the result files summary.csv, groups.csv and cashflow.csv (docs/outputs.md), each
   written under a temporary name and renamed only when complete. */
#ifndef STP_OUTPUT_H
#define STP_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "csvio.h"
#include "error.h"
#include "figures.h"
#include "outcome.h"
#include "student.h"

/* What a reader needs besides the totals. Nothing that varies with the machine (threads,
   timing) belongs here: outputs are byte-identical for any thread count. */
typedef struct stp_summary_meta {
  uint64_t seed;    /* the run's random seed */
  int horizon_year; /* last calendar year simulated: outstanding_nok is owed at its end */
} stp_summary_meta;

typedef enum {
  STP_TABLE_SUMMARY,  /* one row per scenario: the ALL group */
  STP_TABLE_GROUPS,   /* one row per scenario and group (STP_NGROUPS rows each) */
  STP_TABLE_CASHFLOW, /* one row per scenario and calendar year with any non-zero amount */
  STP_TABLE_DISTRIBUTION /* per scenario: debt at end of study (NOK 10 000 bins) and years
                            to repay (1-year bins), bins with students only */
} stp_table_kind;

/* The header of a table into cols (room for STP_TABLE_MAX_COLUMNS); returns the number of
   columns, 0 for an unknown kind. summary.csv and groups.csv: their keys, then the summary
   figures of figures.h. */
#define STP_TABLE_MAX_COLUMNS (5 + STP_FIGURES)
int stp_table_columns(stp_table_kind kind, const char **cols);

/* The money columns of cashflow.csv's row for year index y (calendar year STP_CF_FIRST + y;
   the columns after scenario and year, in order); false when they are all 0: no row. */
#define STP_CASHFLOW_VALUES 8
bool stp_cashflow_row(const stp_cashflow *f, int y, stp_money v[STP_CASHFLOW_VALUES]);

/* A table being written, for several scenarios in one file (compare: baseline and reforms).
   open writes the header; add writes one scenario's rows; commit renames the file into place;
   abort removes it. A path of "-" writes to stdout. After a failed add nothing of that
   scenario was written: the caller may go on or abort. Money is NOK with two decimals, exact
   from øre; a share or mean whose denominator is 0 is left empty (NaN in pandas, NA in R). */
typedef struct stp_table_writer stp_table_writer;

int stp_table_open(const char *path, stp_table_kind kind, stp_table_writer **out,
                   stp_error *err);
/* scenario: a non-empty name (quoted in the file if it needs it); meta: required for the
   summary and groups tables, ignored (may be NULL) for the cash flow and distribution. */
int stp_table_add(stp_table_writer *w, const char *scenario, const stp_agg *a,
                  const stp_summary_meta *meta, stp_error *err);
int stp_table_commit(stp_table_writer *w, stp_error *err);
void stp_table_abort(stp_table_writer *w);

/* One scenario per file: open, add, commit; on any failure nothing is left at path. */
int stp_write_summary(const char *path, const char *scenario_name, const stp_agg *a,
                      const stp_summary_meta *meta, stp_error *err);
int stp_write_groups(const char *path, const char *scenario, const stp_agg *a,
                     const stp_summary_meta *meta, stp_error *err);
int stp_write_cashflow(const char *path, const char *scenario, const stp_agg *a, stp_error *err);
int stp_write_distribution(const char *path, const char *scenario, const stp_agg *a,
                           stp_error *err);

/* Columns of students.csv, and one student's row (docs/outputs.md). */
void stp_students_header(stp_csv_writer *w);
void stp_students_row(stp_csv_writer *w, const stp_student *s, const stp_outcome *o);

#endif
