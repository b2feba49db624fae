/* headline.h: the headline figures of one run as numbers (the columns of summary.csv after
   scenario, seed and horizon, then the state-cost stand-in), shared by sweeps and
   replications so that both report exactly what summary.csv reports. */
#ifndef STP_HEADLINE_H
#define STP_HEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "csvio.h"

typedef enum {
  STP_FIG_COUNT, /* students: exact integer */
  STP_FIG_MONEY, /* øre: exact integer, written as NOK with two decimals */
  STP_FIG_SHARE, /* a fraction, written with 6 decimals */
  STP_FIG_YEARS  /* years, written with 3 decimals */
} stp_fig_kind;

#define STP_HEADLINES 29

/* One figure. For COUNT and MONEY, exact holds the integer (students, øre) and real the same
   number as a double; for SHARE and YEARS only real. empty: the denominator was 0 (no
   borrowers, nobody repaid), written as an empty cell. */
typedef struct stp_figure {
  int64_t exact;
  double real;
  bool empty;
} stp_figure;

typedef struct stp_headline {
  stp_figure f[STP_HEADLINES];
} stp_headline;

/* Column name ("paid_out_nok", ...; the unit is in the name) and kind of figure i. The last
   figure, state_cost_nok, is grants + interest relief + written off: what the state gives
   away, nominal and undiscounted (a stand-in for the present-value net cost). */
const char *stp_headline_name(int i);
stp_fig_kind stp_headline_kind(int i);
/* Index of a name, -1 if none. */
int stp_headline_find(const char *name);

/* The figures of group g, computed as output.c computes summary.csv (means to the nearest
   øre, halves away from zero; percentiles from the histograms). */
void stp_headline_of(const stp_group_acc *g, stp_headline *h);

/* One cell in the figure's format (empty when f->empty). */
void stp_figure_csv(stp_csv_writer *w, stp_fig_kind kind, const stp_figure *f);

#endif
