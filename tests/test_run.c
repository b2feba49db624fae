/* test_run.c: the cohort engine as a whole: every student of a 100 000-student run keeps the
   two accounting identities to the øre; the parallel driver gives the same totals, to the
   byte, on 1 and 2 threads, and the same as a plain serial loop (the microdata round trip:
   test_microdata.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate.h"
#include "cohort.h"
#include "lifecycle.h"
#include "params.h"
#include "prepared.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

/* The baseline scenario, prepared as stipend run prepares it. */
typedef stp_prepared world;

static int setup(void **state) {
  stp_error err = {0};
  world *w;
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, NULL, &w, &err)) {
    fprintf(stderr, "setup: %s\n", err.msg);
    return -1;
  }
  *state = w;
  return 0;
}

static int teardown(void **state) {
  stp_prepared_close(*state);
  return 0;
}

/* Every student of a 100 000-student cohort (five entry years, all the behaviour): paid out
   = grant + loan, and what was borrowed plus interest is accounted for as repaid, written off,
   still owed, or carried on to a further degree. Written out here rather than by calling
   stp_outcome_check, so that the driver's own check is tested too. */
static void test_invariants_every_student(void **state) {
  world *w = *state;
  gsl_rng *r = stp_rng_alloc();
  assert_non_null(r);
  long n = 100000, ends[7] = {0}, borrowers = 0;
  stp_money paid = 0, grant = 0;
  for (long id = 0; id < n; id++) {
    stp_student s;
    stp_outcome o;
    stp_cohort_draw(w->model, r, w->sc.seed, (uint64_t)id, w->sc.entry_first, w->sc.entry_last, &s);
    stp_lifecycle(&w->ctx, &s, r, &o, NULL);
    if (o.paid_out != o.grant + o.loan)
      fail_msg("student %ld: paid out %lld != grant %lld + loan %lld", id,
               (long long)o.paid_out, (long long)o.grant, (long long)o.loan);
    stp_money in = o.loan + o.prior_debt + o.interest;
    stp_money out = o.repaid + o.written_off + o.outstanding + o.transferred;
    if (in != out)
      fail_msg("student %ld: loan + prior debt + interest %lld != repaid + written off + "
               "outstanding + transferred %lld", id, (long long)in, (long long)out);
    if (o.grant < 0 || o.loan < 0 || o.repaid < 0 || o.written_off < 0 || o.outstanding < 0)
      fail_msg("student %ld: a negative amount", id);
    if (o.relief < 0 || o.relief > o.interest + o.relief)
      fail_msg("student %ld: relief out of range", id);
    assert_true(stp_outcome_check(&o));
    ends[o.end]++;
    borrowers += o.debt_end_study > 0;
    paid += o.paid_out;
    grant += o.grant;
  }
  stp_rng_free(r);
  /* The run is not degenerate: most endings occur and grants are a real share of support. */
  assert_true(borrowers > n / 3);
  assert_true(ends[STP_END_REPAID] > 0 && ends[STP_END_NO_DEBT] > 0 && ends[STP_END_DEATH] > 0);
  assert_true(grant > paid / 10 && grant < paid * 2 / 5);
}

/* The OpenMP driver: the same accumulator bytes on 1 and 2 threads, equal to a serial loop
   over the same students, with no invariant failure. */
static void test_threads_identical(void **state) {
  world *w = *state;
  long n = 30000;
  stp_run_opts o = {.size = n, .entry_first = w->sc.entry_first, .entry_last = w->sc.entry_last,
                    .seed = w->sc.seed, .simulate = true};
  stp_agg *a[2], *serial = stp_agg_alloc();
  stp_error err = {0};
  for (int t = 0; t < 2; t++) {
    a[t] = stp_agg_alloc();
    assert_non_null(a[t]);
    o.threads = t + 1;
    stp_run_stats st = {0};
    assert_int_equal(stp_run(&w->ctx, &o, a[t], &st, &err), STP_OK);
    assert_int_equal(st.students, n);
    assert_true(st.invariants_ok);
    assert_int_equal(st.invariant_failures, 0);
  }
  assert_int_equal(memcmp(a[0], a[1], sizeof *a[0]), 0);
  gsl_rng *r = stp_rng_alloc();
  for (long id = 0; id < n; id++) {
    stp_student s;
    stp_outcome out;
    stp_cohort_draw(w->model, r, w->sc.seed, (uint64_t)id, w->sc.entry_first, w->sc.entry_last, &s);
    stp_lifecycle(&w->ctx, &s, r, &out, &serial->cf);
    stp_agg_add(serial, &out);
  }
  stp_rng_free(r);
  assert_int_equal(memcmp(a[0], serial, sizeof *serial), 0);
  assert_int_equal(a[0]->g[STP_GROUP_ALL].students, n);
  stp_agg_free(a[0]);
  stp_agg_free(a[1]);
  stp_agg_free(serial);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invariants_every_student),
      cmocka_unit_test(test_threads_identical),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
