/* backcast.h: Norway's figures of past years set beside the published ones (stipend calibrate
   --backcasts, docs/backcasts.md): the scenario in the population mode from eight years
   before the 2017 budget, the budget of 2017 post by post, the recipients, the basic
   support awarded, the mean debt at the end of higher education, and past decisions costed
   as the Ministry costed them. */
#ifndef STP_BACKCAST_H
#define STP_BACKCAST_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "prepared.h"

/* The first budget year set beside a published one. */
#define STP_FIRST_BACKCAST_BUDGET 2017
#define STP_BACKCASTS 22 /* 18 figures and 4 past decisions */

typedef struct stp_backcast {
  const char *key, *figure;
  char year[16];
  double published; /* NOK, or students */
  double model;     /* NaN: not modelled */
  double tol;       /* the gap (share, either way) the row aims within; outside it the gap is
                       measured and explained in docs/backcasts.md */
  const char *source;
} stp_backcast;

typedef struct stp_backcasts {
  stp_backcast row[STP_BACKCASTS];
  int n;
  long simulated; /* students simulated */
} stp_backcasts;

/* x, the scenario file path prepared with prep (the population mode, horizon_from =
   STP_FIRST_BACKCAST_BUDGET): measured (calibration.h), and simulated on `threads` together
   with each past decision undone (path prepared again with prep, the decision's sets, x's
   deciles and cohort) for the budgets. */
int stp_backcasts_run(stp_prepared *x, const char *path, const stp_prepare_opts *prep,
                      int threads, stp_backcasts *out, stp_error *err);

/* The table on f (csv: key,figure,year_kind,calendar_year,academic_year,published,model,
   tolerance_share,gap_share,source); the text marks a gap outside its tolerance with '*'. */
void stp_backcasts_print(FILE *f, const stp_backcasts *b, const stp_scenario *sc, bool csv);

#endif
