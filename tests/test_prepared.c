/* test_prepared.c: a scenario prepared in one call: the file's values, then --set, size and
   seed; parameters projected and overridden; deciles shared or drawn; per-run tables; and
   every error path named (scenario file and line, --set, datasets folder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prepared.h"
#include "rules/support.h"

#define BASELINE STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini"

static void opens_the_baseline(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *x;
  assert_int_equal(stp_prepared_open(BASELINE, NULL, NULL, &x, &err), STP_OK);
  assert_string_equal(x->sc.name, "baseline-2025-26");
  assert_non_null(x->ctx.tables);
  assert_ptr_equal(x->ctx.p, x->p);
  assert_ptr_equal(x->ctx.econ, &x->econ);
  assert_null(x->microdata);
  /* projected to the last year the lifecycle can reach */
  assert_non_null(stp_params_year(x->p, STP_MAX_YEAR));
  /* the deciles are increasing thresholds */
  for (int i = 1; i < 9; i++) assert_true(x->ctx.earn_deciles[i] > x->ctx.earn_deciles[i - 1]);
  stp_run_opts ro = stp_prepared_run_opts(x);
  assert_int_equal(ro.size, x->sc.size);
  assert_true(ro.seed == x->sc.seed && ro.simulate);
  stp_prepared_close(x);
}

/* --set, size and seed on top of the file; a reform shares the baseline's deciles. */
static void overrides_and_shared_deciles(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *b, *r;
  assert_int_equal(stp_prepared_open(BASELINE, NULL, NULL, &b, &err), STP_OK);
  const char *sets[] = {"policy.basic_support=170000", "run.name=more"};
  double deciles[9];
  for (int i = 0; i < 9; i++) deciles[i] = 0.125 * i - 0.385;
  stp_prepare_opts o = {.sets = sets, .nsets = 2, .size = 2385, .has_seed = true, .seed = 77,
                        .deciles = deciles};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &o, &r, &err), STP_OK);
  assert_string_equal(r->sc.name, "more");
  assert_int_equal(r->sc.size, 2385);
  assert_true(r->sc.seed == 77 && r->ctx.seed == 77);
  assert_memory_equal(r->ctx.earn_deciles, deciles, sizeof deciles);
  const stp_year_params *yp = stp_params_year(r->p, r->sc.base_year);
  assert_int_equal(yp->basic_support, STP_NOK(170000));
  assert_int_equal(stp_basic_monthly(yp), STP_NOK(15455));
  assert_true(stp_params_year(b->p, b->sc.base_year)->basic_support != STP_NOK(170000));
  stp_prepared_close(r);
  /* a parsed scenario instead of a file */
  stp_prepare_opts chk = {.check_only = true};
  assert_int_equal(stp_prepared_open(NULL, &b->sc, &chk, &r, &err), STP_OK);
  assert_string_equal(r->sc.name, b->sc.name);
  assert_null(r->ctx.tables);
  stp_prepared_close(r);
  stp_prepared_close(b);
}

static void errors(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *x = (stp_prepared *)&err;
  assert_int_not_equal(stp_prepared_open(STP_TEST_DATA "/none.ini", NULL, NULL, &x, &err), STP_OK);
  assert_null(x);
  assert_non_null(strstr(err.msg, "none.ini"));
  const char *bad[] = {"policy.basic_suport=1"};
  stp_prepare_opts o = {.sets = bad, .nsets = 1};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &o, &x, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "basic_suport"));
  stp_prepare_opts d = {.datasets = STP_TEST_DATA "/no-such-datasets"};
  assert_int_not_equal(stp_prepared_open(BASELINE, NULL, &d, &x, &err), STP_OK);
  assert_non_null(strstr(err.msg, "no-such-datasets"));
  stp_prepared_close(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(opens_the_baseline),
      cmocka_unit_test(overrides_and_shared_deciles),
      cmocka_unit_test(errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
