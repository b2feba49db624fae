/* uncertainty.h: parameter uncertainty (stipend uncertainty): the uncertain assumptions
   drawn from stated distributions by Saltelli's design, and for each output figure its
   distribution (mean, 5/50/95 %) and the share of its variance each assumption explains,
   first order and total, by the estimators of Saltelli et al. (2010), "Variance based
   sensitivity analysis of model output. Design and estimator for the total sensitivity
   index", Computer Physics Communications 181(2):259-270, doi:10.1016/j.cpc.2009.09.018.

   The design (Saltelli 2010, section 3): two N × k matrices A and B of independent draws,
   each value the assumption's inverse distribution function at a uniform of the counter
   generator (rng.h) on the stream of (seed, row): row j depends on (seed, j) alone, so a
   larger N extends the design. A_B^(i) is A with its column i taken from B. The model runs
   on every row of A, B and the k matrices A_B^(i): N(k + 2) runs. Saltelli 2010 draws A and
   B from a quasi-random (Sobol') sequence, which converges faster for large N; with the few
   draws a single machine affords, the first Sobol' points repeat across dimensions (A and B
   nearly equal, the estimators void), so pseudo-random draws are used: the estimators are
   the same, their error shrinks as 1/sqrt(N). */
#ifndef STP_UNCERTAINTY_H
#define STP_UNCERTAINTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "prepared.h"

#define STP_UNC_MAX_INPUTS 20
#define STP_UNC_MAX_DRAWS 100000

typedef enum {
  STP_UNC_UNIFORM,    /* uniform:LO:HI */
  STP_UNC_NORMAL,     /* normal:MEAN:SD */
  STP_UNC_TRIANGULAR  /* triangular:LO:MODE:HI */
} stp_unc_kind;

/* One uncertain assumption, in the unit of its key (the scenario's or parameters.csv's). */
typedef struct stp_unc_input {
  char key[96];      /* "economy.wage_growth", "cohort.default_hazard", ... */
  stp_unc_kind kind;
  double a, b, c;    /* uniform: lo, hi; normal: mean, sd; triangular: lo, mode, hi */
} stp_unc_input;

/* "KEY=DIST" as above; numbers as C reads them ("0.035", "-1e-3"). Errors say which part is
   wrong (STP_EINVAL). Which keys exist is the caller's business. */
int stp_unc_parse(const char *text, stp_unc_input *out, stp_error *err);

/* The value at probability u (0 < u < 1) of the input's distribution. */
double stp_unc_quantile(const stp_unc_input *in, double u);

/* The design: n base rows of k inputs. */
typedef struct stp_unc_design {
  int n, k;
  stp_unc_input in[STP_UNC_MAX_INPUTS];
  double *a, *b; /* n × k values each, row-major */
} stp_unc_design;

/* Build the design (1 <= n <= STP_UNC_MAX_DRAWS, 1 <= k <= STP_UNC_MAX_INPUTS). Free with
   stp_unc_design_free (also after a failure). */
int stp_unc_design_make(const stp_unc_input *in, int k, int n, uint64_t seed,
                        stp_unc_design *d, stp_error *err);
void stp_unc_design_free(stp_unc_design *d);

/* Runs of the design: n(k + 2), in the order A rows, B rows, A_B^(1) rows, ..., A_B^(k)
   rows. Run r is row r mod n of matrix r / n (0 A, 1 B, 2 + i A_B^(i+1)). */
long stp_unc_runs(const stp_unc_design *d);
/* The k input values of run r into x; its matrix's name ("A", "B", "AB1", ...) into name. */
void stp_unc_point(const stp_unc_design *d, long r, double *x, char *name, size_t size);

/* One output figure over the design, y[r] for every run r (NAN: the figure had no value in
   that run; the statistics are then left empty). */
typedef struct stp_unc_stats {
  bool empty;                  /* some run had no value */
  double mean, sd;             /* over the 2n runs of A and B (sample sd) */
  double p5, p50, p95;         /* quantiles over the 2n runs of A and B (linear
                                  interpolation between order statistics, GSL's) */
  double variance;             /* V: variance over the 2n runs of A and B (divisor 2n) */
  double first[STP_UNC_MAX_INPUTS]; /* S_i, Saltelli 2010 table 2 (b), divided by V */
  double total[STP_UNC_MAX_INPUTS]; /* S_Ti, Jansen's estimator, table 2 (f), divided by V */
  double share[STP_UNC_MAX_INPUTS]; /* S_i as reported: clipped to [0, 1] and, if they add
                                       up to more than 1 (estimation error: for any model
                                       the true first-order indices add up to at most 1),
                                       scaled down to add up to 1 */
  double remainder;            /* 1 - sum of share: interactions between assumptions (and
                                  estimation error), >= 0 */
  bool constant;               /* V = 0: no shares (they are 0, remainder 0) */
} stp_unc_stats;

/* Statistics of one figure; y has stp_unc_runs(d) values. Each run's value is centred on
   the mean of the A and B runs first (as SALib does), so large money figures lose no
   precision. */
int stp_unc_analyse(const stp_unc_design *d, const double *y, stp_unc_stats *out,
                    stp_error *err);

/* ---- stipend uncertainty: the scenario (and a reform) at every point of the design ---- */

/* Whether key may vary: economy.wage_growth, economy.price_growth, economy.discount_rate,
   economy.cost_of_funds, economy.rate_after (the scenario's units), or cohort.NAME (a
   parameter of the cohort's parameters.csv). */
bool stp_unc_key_known(const char *key);

typedef struct stp_unc_job {
  const char *scenario;         /* the scenario file */
  const char *reform;           /* a reform on the same draws and students; NULL: none */
  const stp_prepare_opts *prep; /* the command's sets, size, seed, datasets */
  const stp_unc_input *in;      /* the k uncertain assumptions (keys stp_unc_key_known) */
  int k;
  int draws;                    /* N of the design */
  const char *out;              /* the results folder; NULL: results/uncertainty-<name> */
  unsigned out_flags;           /* resultset.h's flags */
  int threads;                  /* per rank; 0: OpenMP's default */
  bool progress;                /* "run i of n" on stderr */
} stp_unc_job;

typedef struct stp_unc_result {
  char name[2][128];            /* the scenario's and the reform's names */
  long runs;                    /* runs over all scenarios: N (k + 2) each */
  int draws, k, nscen;
  const char *out;              /* the folder written */
  char out_buf[300];
} stp_unc_result;

/* The design of j (stp_unc_design_make on the scenario's seed); every key checked and the
   scenarios prepared at each assumption's smallest and largest drawn values before any run;
   then every run as a task of the driver (stp_run_tasks: spread over MPI ranks) on the same
   students, and uncertainty.csv (each figure's mean, sd and 5/50/95 %),
   uncertainty_shares.csv (first-order shares and the interactions) and uncertainty_runs.csv
   (every run) written as one result set; with a reform also its difference, run by run. */
int stp_uncertainty_run(const stp_unc_job *j, stp_unc_result *r, stp_error *err);

#endif
