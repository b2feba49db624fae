/* test_prepared.c: a scenario prepared in one call: the file's values, then --set, size and
   seed; parameters projected and overridden; deciles shared or drawn; per-run tables; and
   every error path named (scenario file and line, --set, datasets folder); the cohort
   exported and replayed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "population.h"
#include "prepared.h"
#include "rng.h"
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

/* The population mode: --sample turns it on; the horizon's entry cohorts (eight years before
   the base year to its tenth budget year) replace entry_years, the sample's students the
   size; a reform shares the baseline's sample. A run's national student count is the sum of
   the weights of the students simulated (those who had not left before 2016-17), and its
   totals are the same bytes on one thread and on three. */
static void population_mode(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *b, *r;
  const char *sets[] = {"run.base_year=2018-19"};
  stp_prepare_opts o = {.sample = 0.002, .sets = sets, .nsets = 1};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &o, &b, &err), STP_OK);
  assert_true(b->sc.population && b->sc.sample == 0.002);
  assert_non_null(b->sample);
  assert_int_equal(b->sc.entry_first, 2010);
  assert_int_equal(b->sc.entry_last, 2027);
  assert_int_equal(b->sc.size, (long)stp_pop_sample_size(b->sample));
  stp_run_opts ro = stp_prepared_run_opts(b);
  assert_ptr_equal(ro.population, b->sample);
  assert_int_equal(ro.size, b->sc.size);

  const char *rsets[] = {"run.base_year=2018-19", "policy.basic_support=170000"};
  stp_prepare_opts ropt = {.sample = 0.002, .sets = rsets, .nsets = 2, .cohort_of = b,
                           .deciles = b->ctx.earn_deciles};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &ropt, &r, &err), STP_OK);
  assert_ptr_equal(r->sample, b->sample);
  assert_int_equal(r->sc.size, b->sc.size);
  stp_prepared_close(r);

  /* the national count: the weights of those simulated */
  int64_t national = 0;
  gsl_rng *g = stp_rng_alloc();
  for (long i = 0; i < b->sc.size; i++) {
    stp_student s;
    stp_pop_sample_draw(b->sample, b->model, g, b->sc.seed, (uint64_t)i, &s);
    assert_true(s.weight >= 1);
    assert_true(s.absent || s.entry_year >= STP_FIRST_YEAR);
    if (!s.absent) national += s.weight;
  }
  stp_rng_free(g);
  assert_true(national > 0 && national <= stp_pop_sample_national(b->sample));
  stp_agg *a1 = stp_agg_alloc(), *a3 = stp_agg_alloc();
  ro.threads = 1;
  assert_int_equal(stp_run(&b->ctx, &ro, a1, NULL, &err), STP_OK);
  ro.threads = 3;
  assert_int_equal(stp_run(&b->ctx, &ro, a3, NULL, &err), STP_OK);
  assert_int_equal(a1->g[STP_GROUP_ALL].students, national);
  assert_memory_equal(a1->g, a3->g, sizeof a1->g);
  assert_memory_equal(&a1->cf, &a3->cf, sizeof a1->cf);
  stp_agg_free(a1);
  stp_agg_free(a3);
  stp_prepared_close(b);

  /* the population cannot replay a microdata file */
  stp_prepare_opts m = {.sample = 0.01, .microdata = STP_TEST_DATA "/microdata/hand.csv"};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &m, &b, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "population"));
}

/* The cohort exported in the microdata format replays with the synthetic run's totals
   (docs/microdata.md: `stipend run --cohort FILE` gives identical results). */
static void cohort_export(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_cohort_export_XXXXXX", path[80];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/cohort.csv", dir);
  stp_error err = {0};
  stp_prepared *x, *y;
  stp_prepare_opts po = {.size = 200, .check_only = true};
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &po, &x, &err), STP_OK);
  long n = 0;
  if (stp_prepared_export_cohort(x, path, 0, 2, false, &n, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(n, 200);
  stp_prepared_close(x);
  po.check_only = false;
  assert_int_equal(stp_prepared_open(BASELINE, NULL, &po, &x, &err), STP_OK);
  stp_prepare_opts pm = {.size = 200, .microdata = path};
  if (stp_prepared_open(BASELINE, NULL, &pm, &y, &err) != STP_OK) fail_msg("%s", err.msg);
  stp_agg *a = stp_agg_alloc(), *b = stp_agg_alloc();
  stp_run_stats st = {0};
  stp_run_opts ox = stp_prepared_run_opts(x), oy = stp_prepared_run_opts(y);
  assert_int_equal(stp_run(&x->ctx, &ox, a, &st, &err), STP_OK);
  assert_int_equal(stp_run(&y->ctx, &oy, b, &st, &err), STP_OK);
  assert_int_equal(st.students, 200);
  assert_true(a->g[STP_GROUP_ALL].paid_out == b->g[STP_GROUP_ALL].paid_out);
  assert_true(a->g[STP_GROUP_ALL].grant == b->g[STP_GROUP_ALL].grant);
  stp_agg_free(a);
  stp_agg_free(b);
  stp_prepared_close(x);
  stp_prepared_close(y);
  remove(path);
  remove(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(opens_the_baseline),
      cmocka_unit_test(overrides_and_shared_deciles),
      cmocka_unit_test(errors),
      cmocka_unit_test(population_mode),
      cmocka_unit_test(cohort_export),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
