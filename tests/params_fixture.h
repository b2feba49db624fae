/* params_fixture.h: the bundled parameter sets ($STIPEND_DATASETS) as the cmocka group fixture
   of the rule tests: P is loaded once by setup and freed by teardown. Included by one test
   program each, so the static definitions are that program's own. */
#ifndef STP_TEST_PARAMS_FIXTURE_H
#define STP_TEST_PARAMS_FIXTURE_H

#include <stdio.h>

#include "params.h"

static stp_params *P;

static int setup(void **state) {
  (void)state;
  stp_error err = {0};
  if (stp_params_load(NULL, &P, &err) != STP_OK) {
    fprintf(stderr, "cannot load datasets: %s\n", err.msg);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  stp_params_free(P);
  return 0;
}

#endif
