/* figures.h: every summary figure once: its name (the column of summary.csv and groups.csv,
   of sweep.csv and replications.csv, the row of difference.csv), its kind (unit, and how it
   is written) and how it is computed from a group's totals. A new figure is one row of the
   table in figures.c, its test and its line in docs/outputs.md. */
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

#define STP_FIGURES 29 /* rows of the table (figures.c checks it) */

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
