/* plot.h: the charts of a results folder (PNG and SVG), drawn by gnuplot with the scripts in
   plots/, one script per chart, committed as one result set (resultset.h). */
#ifndef STP_PLOT_H
#define STP_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef struct stp_plot_opts {
  const char *scripts;   /* the gnuplot scripts' folder (stp_plot_scripts) */
  const char *out;       /* the charts' folder; NULL: RESULTS_DIR/plots */
  bool png, svg;         /* the formats drawn */
  unsigned result_flags; /* resultset.h flags of the charts' folder (STP_RESULT_FOLLOW_SYMLINKS) */
  FILE *listing;         /* each file written is named on a line here; NULL: nowhere */
} stp_plot_opts;

/* The folder of the gnuplot scripts (holding common.gp) into buf: `given`, else
   $STIPEND_PLOTS, else plots/ beside the datasets folder (stp_datasets_dir(datasets)).
   STP_EINVAL when a given folder has no common.gp, STP_EIO when none is found. */
int stp_plot_scripts(const char *given, const char *datasets, char *buf, size_t n,
                     stp_error *err);

/* Whether dir holds a file a chart is drawn from (distribution.csv, cashflow.csv,
   winners.csv, sweep.csv). */
bool stp_plot_has_input(const char *dir);

/* Draw every chart the files in dir allow (docs/plots-and-sweeps.md): a run's debt, years
   to repay and cash flow; a comparison's reform-minus-baseline bars (with their numbers as
   CSV) and winners by decile; a replicated comparison's net cost with its intervals; a
   sweep's cost curve. gnuplot is $STIPEND_GNUPLOT, else gnuplot on PATH (STP_EIO when there
   is none or it fails: the previous charts stay current). *written: the files drawn. */
int stp_plot_draw(const char *dir, const stp_plot_opts *o, int *written, stp_error *err);

#endif
