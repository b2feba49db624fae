/* prepared.c: parameters, scenario, overrides, projection, cohort model, economy, deciles and
   per-run tables, in the order their errors are reported. */
#include "prepared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasets.h"

void stp_prepared_close(stp_prepared *x) {
  if (!x) return;
  stp_life_ctx_release(&x->ctx);
  stp_cohort_model_free(x->model);
  stp_params_free(x->p);
  free(x);
}

static int prepare(stp_prepared *x, const char *path, const stp_scenario *parsed,
                   const stp_prepare_opts *o, stp_error *err) {
  snprintf(x->datasets_buf, sizeof x->datasets_buf, "%s", stp_datasets_dir(o->datasets));
  x->datasets = x->datasets_buf;
  int rc = stp_params_load(x->datasets, &x->p, err);
  if (rc) return rc;
  if (parsed) x->sc = *parsed;
  else if ((rc = stp_scenario_load(path, &x->sc, err))) return rc;
  for (int i = 0; i < o->nsets; i++)
    if ((rc = stp_scenario_set(&x->sc, o->sets[i], err))) return rc;
  if (o->size > 0) x->sc.size = o->size;
  if (o->has_seed) x->sc.seed = o->seed;
  if ((rc = stp_params_project(x->p, STP_MAX_YEAR, x->sc.price_growth, x->sc.wage_growth,
                               err)) ||
      (rc = stp_scenario_apply(&x->sc, x->p, err)))
    return rc;
  if ((rc = stp_cohort_model_load(x->datasets, x->sc.calibration, &x->model, err))) return rc;
  int months[STP_SCEN_MAX_RATE_POINTS];
  for (int i = 0; i < x->sc.rate_npoints; i++) months[i] = x->sc.rate_month[i];
  stp_economy_rates(&x->econ, x->p, x->sc.rate_npoints, months, x->sc.rate, x->sc.rate_after);
  x->econ.wage_growth = x->sc.wage_growth;
  x->microdata = o->microdata               ? o->microdata
                 : x->sc.source == STP_COHORT_MICRODATA ? x->sc.microdata
                                                        : NULL;
  x->ctx = (stp_life_ctx){.p = x->p, .cohort = x->model, .econ = &x->econ, .seed = x->sc.seed};
  if (o->check_only) return STP_OK;
  if (o->deciles) memcpy(x->ctx.earn_deciles, o->deciles, sizeof x->ctx.earn_deciles);
  else stp_earnings_deciles(x->model, x->sc.entry_first, x->sc.entry_last, x->ctx.earn_deciles);
  return stp_life_ctx_init(&x->ctx, err);
}

int stp_prepared_open(const char *path, const stp_scenario *parsed, const stp_prepare_opts *o,
                      stp_prepared **out, stp_error *err) {
  static const stp_prepare_opts none = {0};
  *out = NULL;
  stp_prepared *x = calloc(1, sizeof *x);
  if (!x) return stp_fail(err, STP_ENOMEM, "out of memory");
  int rc = prepare(x, path, parsed, o ? o : &none, err);
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  *out = x;
  return STP_OK;
}

stp_run_opts stp_prepared_run_opts(const stp_prepared *x) {
  return (stp_run_opts){.size = x->sc.size, .entry_first = x->sc.entry_first,
                        .entry_last = x->sc.entry_last, .seed = x->sc.seed,
                        .microdata = x->microdata, .simulate = true};
}
