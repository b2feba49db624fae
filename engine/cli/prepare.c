/* prepare.c: a scenario made ready to simulate, shared by the cohort commands. */
#include "cli/prepare.h"

#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "params.h"

/* mkdir -p */
int cli_make_dirs(const char *path, stp_error *err) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
    *p = '/';
  }
  if (mkdir(buf, 0777) != 0 && errno != EEXIST)
    return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
  return STP_OK;
}

void cli_prepared_free(cli_prepared *x) {
  stp_cohort_model_free(x->model);
  stp_params_free(x->p);
  free(x->econ);
}

/* Parameters, scenario (+ --set and flags), projection, overrides, cohort model, economy. */
int cli_prepare(const cli_command *cmd, const cli_args *a, const char *scenario_path,
                cli_prepared *x) {
  memset(x, 0, sizeof *x);
  stp_error err = {0};
  int rc = cli_load_params(cmd, a, &x->p);
  if (rc) return rc;
  if (stp_scenario_load(scenario_path, &x->sc, &err) != STP_OK) return cli_error(cmd, &err);
  for (int i = 0; i < a->nsets; i++)
    if (stp_scenario_set(&x->sc, a->sets[i], &err) != STP_OK) return cli_error(cmd, &err);
  const char *s;
  long v;
  if ((s = cli_get(cmd, a, "size"))) {
    if (!cli_int(cmd, "size", s, 1, 2000000000L, &v)) return 2;
    x->sc.size = v;
  }
  if ((s = cli_get(cmd, a, "seed"))) {
    char *end;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-')
      return cli_usage_error(cmd, "--seed: '%s' is not a whole number >= 0", s);
    x->sc.seed = u;
  }
  if (stp_params_project(x->p, STP_MAX_YEAR, x->sc.price_growth, x->sc.wage_growth, &err) ||
      stp_scenario_apply(&x->sc, x->p, &err))
    return cli_error(cmd, &err);
  const char *dir = cli_get(cmd, a, "datasets");
  if (!dir || !*dir) dir = getenv("STIPEND_DATASETS");
  if (!dir || !*dir) dir = STP_DATADIR;
  if (stp_cohort_model_load(dir, x->sc.calibration, &x->model, &err) != STP_OK)
    return cli_error(cmd, &err);
  x->econ = malloc(sizeof *x->econ);
  if (!x->econ) return 1;
  int months[STP_SCEN_MAX_RATE_POINTS];
  for (int i = 0; i < x->sc.rate_npoints; i++) months[i] = x->sc.rate_month[i];
  stp_economy_rates(x->econ, x->p, x->sc.rate_npoints, months, x->sc.rate, x->sc.rate_after);
  x->econ->wage_growth = x->sc.wage_growth;
  return 0;
}

int cli_threads_opt(const cli_command *cmd, const cli_args *a, int *threads) {
  const char *s = cli_get(cmd, a, "threads");
  long v;
  *threads = 0;
  if (s) {
    if (!cli_int(cmd, "threads", s, 1, 1024, &v)) return 2;
    *threads = (int)v;
    omp_set_num_threads(*threads); /* every parallel part of the command, set-up included */
  }
  return 0;
}

