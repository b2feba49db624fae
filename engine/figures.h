/* figures.h: every summary figure once: its name (the column of summary.csv and groups.csv,
   of sweep.csv and replications.csv, the row of difference.csv), its kind (unit, and how it
   is written) and how it is computed from a group's totals. A new figure is one row of the
   table below, its test and its line in docs/outputs.md. */
#ifndef STP_FIGURES_H
#define STP_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "csvio.h"

typedef enum {
  STP_FIG_COUNT, /* students: exact integer */
  STP_FIG_MONEY, /* øre: exact integer, written as NOK with two decimals */
  STP_FIG_SHARE, /* a fraction, written with 6 decimals */
  STP_FIG_YEARS  /* years, written with 3 decimals */
} stp_fig_kind;

/* The table: every figure once, in the order of summary.csv's columns. A row
     X({"name", kind, summary, op, a, b, c, q})
   gives the column name; its kind (STP_FIG_*); whether it is a column of summary.csv and
   groups.csv; and how figures.c computes it from a group's totals (stp_group_acc): OP_SUM adds
   the fields a, b, c (NONE: none), OP_MEAN (to the nearest øre) and OP_SHARE divide a by b
   (empty when b is 0), OP_YEARS_MEAN divides months a by b and 12, OP_DEBT_Q and OP_YEARS_Q
   take the percentile q of the debt and years-to-repay histograms; F(field) names a field.
   A new figure is a row here, its test (tests/test_figures.c) and its line in
   docs/outputs.md: every writer loops over the table. */
#define STP_FIGURE_TABLE(X) \
  X({"students", STP_FIG_COUNT, true, OP_SUM, F(students), NONE, NONE, 0}) \
  X({"supported", STP_FIG_COUNT, true, OP_SUM, F(supported), NONE, NONE, 0}) \
  X({"borrowers", STP_FIG_COUNT, true, OP_SUM, F(borrowers), NONE, NONE, 0}) \
  X({"paid_out_nok", STP_FIG_MONEY, true, OP_SUM, F(paid_out), NONE, NONE, 0}) \
  X({"grants_nok", STP_FIG_MONEY, true, OP_SUM, F(grant), NONE, NONE, 0}) \
  X({"loans_nok", STP_FIG_MONEY, true, OP_SUM, F(loan), NONE, NONE, 0}) \
  X({"debt_end_study_mean_nok", STP_FIG_MONEY, true, OP_MEAN, \
      F(debt_end_study), F(borrowers), NONE, 0}) \
  X({"debt_end_study_p10_nok", STP_FIG_MONEY, true, OP_DEBT_Q, NONE, NONE, NONE, 0.10}) \
  X({"debt_end_study_p25_nok", STP_FIG_MONEY, true, OP_DEBT_Q, NONE, NONE, NONE, 0.25}) \
  X({"debt_end_study_p50_nok", STP_FIG_MONEY, true, OP_DEBT_Q, NONE, NONE, NONE, 0.50}) \
  X({"debt_end_study_p75_nok", STP_FIG_MONEY, true, OP_DEBT_Q, NONE, NONE, NONE, 0.75}) \
  X({"debt_end_study_p90_nok", STP_FIG_MONEY, true, OP_DEBT_Q, NONE, NONE, NONE, 0.90}) \
  X({"years_to_repay_mean_years", STP_FIG_YEARS, true, OP_YEARS_MEAN, \
      F(repay_months_sum), F(repay_count), NONE, 0}) \
  X({"years_to_repay_p50_years", STP_FIG_YEARS, true, OP_YEARS_Q, NONE, NONE, NONE, 0.50}) \
  X({"repaid_full_share", STP_FIG_SHARE, true, OP_SHARE, F(repaid_full), F(borrowers), NONE, 0}) \
  X({"written_off_nok", STP_FIG_MONEY, true, OP_SUM, F(written_off), NONE, NONE, 0}) \
  X({"defaulted_nok", STP_FIG_MONEY, true, OP_SUM, F(defaulted), NONE, NONE, 0}) \
  X({"interest_charged_nok", STP_FIG_MONEY, true, OP_SUM, F(interest), NONE, NONE, 0}) \
  X({"interest_relief_nok", STP_FIG_MONEY, true, OP_SUM, F(relief), NONE, NONE, 0}) \
  X({"repaid_nok", STP_FIG_MONEY, true, OP_SUM, F(repaid), NONE, NONE, 0}) \
  X({"outstanding_nok", STP_FIG_MONEY, true, OP_SUM, F(outstanding), NONE, NONE, 0}) \
  X({"tuition_paid_nok", STP_FIG_MONEY, true, OP_SUM, F(tuition), NONE, NONE, 0}) \
  X({"semester_fees_nok", STP_FIG_MONEY, true, OP_SUM, F(semester_fees), NONE, NONE, 0}) \
  X({"means_reduced_share", STP_FIG_SHARE, true, OP_SHARE, \
      F(means_reduced), F(means_tested), NONE, 0}) \
  X({"means_loan_only_share", STP_FIG_SHARE, true, OP_SHARE, \
      F(means_loan_only), F(means_tested), NONE, 0}) \
  X({"completed_share", STP_FIG_SHARE, true, OP_SHARE, F(completed), F(students), NONE, 0}) \
  X({"deferred_first_year_share", STP_FIG_SHARE, true, OP_SHARE, \
      F(deferred_first_year), F(borrowers), NONE, 0}) \
  X({"terminated_share", STP_FIG_SHARE, true, OP_SHARE, \
      F(ended[STP_END_DEFAULT]), F(borrowers), NONE, 0}) \
  X({"state_cost_nok", STP_FIG_MONEY, false, OP_SUM, F(grant), F(relief), F(written_off), 0})

#define STP__FIGURE_ONE(...) +1
#define STP_FIGURES (0 STP_FIGURE_TABLE(STP__FIGURE_ONE)) /* rows of the table */

/* One figure. For COUNT and MONEY, exact holds the integer (students, øre) and real the same
   number as a double; for SHARE and YEARS only real. empty: the denominator was 0 (no
   borrowers, nobody repaid), written as an empty cell. */
typedef struct stp_figure {
  int64_t exact;
  double real;
  bool empty;
} stp_figure;

typedef struct stp_figures {
  stp_figure f[STP_FIGURES];
} stp_figures;

/* Name of figure i ("paid_out_nok", ...; the unit is in the name), its kind, and whether it
   is a column of summary.csv and groups.csv (state_cost_nok, grants + interest relief +
   written off, nominal and undiscounted, is not: sweeps and replications report it as a
   stand-in for the present-value net cost). */
const char *stp_figure_name(int i);
stp_fig_kind stp_figure_kind(int i);
bool stp_figure_in_summary(int i);
/* Index of a name, -1 if none. */
int stp_figure_find(const char *name);

/* Every figure of group g: means to the nearest øre, halves away from zero (stp_div_round);
   percentiles from the histograms. */
void stp_figures_of(const stp_group_acc *g, stp_figures *h);

/* The figure as the result files write it ("" when empty; buf needs 32 bytes). */
const char *stp_figure_text(stp_fig_kind kind, const stp_figure *f, char *buf, size_t n);
/* One cell in the figure's format (empty when f->empty). */
void stp_figure_csv(stp_csv_writer *w, stp_fig_kind kind, const stp_figure *f);

#endif
