/* test_compare.c: comparisons on common random numbers. A student's value worked by hand; the
   winners-and-losers accumulator; a baseline against itself (prepared twice) gives identical
   totals and no winner or loser; raising basic support leaves nobody worse off on a cohort
   supported through every year of study; results are byte-identical on 1 and 2 threads;
   stp_compare_run's checks, its files and replications. */
#include <math.h>
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
#include "analytics/compare.h"
#include "cohort.h"
#include "lifecycle.h"
#include "microdata.h"
#include "params.h"
#include "prepared.h"
#include "rng.h"
#include "scenario.h"

#define Y(year) ((year) - STP_CF_FIRST)

/* One scenario made ready to simulate, as stipend compare does. */
typedef stp_prepared world;

/* deciles: thresholds to share (NULL: computed, from 50 000 draws). */
static world *world_new(const char *set, const world *deciles) {
  stp_error err = {0};
  const char *sets[] = {set};
  stp_prepare_opts o = {.sets = sets, .nsets = set ? 1 : 0,
                        .deciles = deciles ? deciles->ctx.earn_deciles : NULL};
  world *w;
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, &o, &w, &err)) {
    fprintf(stderr, "setup: %s\n", err.msg);
    return NULL;
  }
  return w;
}

static void world_free(world *w) { stp_prepared_close(w); }

typedef struct fixture {
  world *base, *same, *more; /* the baseline, prepared twice; basic support NOK 200 000 */
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  /* As stipend compare does: one set of decile thresholds for every scenario. */
  f->base = world_new(NULL, NULL);
  f->same = f->base ? world_new(NULL, f->base) : NULL;
  f->more = f->base ? world_new("policy.basic_support=200000", f->base) : NULL;
  *state = f;
  return f->base && f->same && f->more ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  world_free(f->base);
  world_free(f->same);
  world_free(f->more);
  free(f);
  return 0;
}

static stp_compare_scenario scen(world *w) {
  return (stp_compare_scenario){.ctx = &w->ctx};
}

static stp_compare_opts opts(world *b, long size, int threads, const char *microdata) {
  return (stp_compare_opts){.cohort = b->model,
                            .size = size,
                            .entry_first = b->sc.entry_first,
                            .entry_last = b->sc.entry_last,
                            .seed = b->sc.seed,
                            .microdata = microdata,
                            .threads = threads,
                            .value_rates = stp_budget_value_rates(&b->sc)};
}

/* Value = PV of support paid − repaid − tuition, at 1.066 a year nominal back to 2025:
   100 000 paid and 10 000 tuition in 2025, 60 000 repaid in 2027 and 50 000 in 2028:
   100 000 − 10 000 − 60 000 / 1.066² − 50 000 / 1.066³ = −4 076.4296 -> −4 076.43.
   Debt of
   80 000 carried on to a master when study ends in 2028 instead: 90 000 − 80 000 / 1.066³
   = 23 958.28. */
static void test_student_value(void **state) {
  (void)state;
  stp_budget_rates r = {.social = true, .discount_rate = 0.04, .price_growth = 0.025,
                        .pv_year = 2025};
  double d[STP_CF_YEARS];
  stp_budget_discount_table(&r, d);
  stp_cashflow *cf = calloc(1, sizeof *cf);
  assert_non_null(cf);
  stp_student s = {.entry_year = 2025};
  stp_outcome o = {.end_study_year = 2028};
  cf->paid_out[Y(2025)] = STP_NOK(100000);
  cf->tuition[Y(2025)] = STP_NOK(10000);
  cf->repaid[Y(2027)] = STP_NOK(60000);
  cf->repaid[Y(2028)] = STP_NOK(50000);
  cf->interest[Y(2027)] = STP_NOK(9999); /* interest is paid through repayments only */
  assert_int_equal(stp_student_value(&s, &o, cf, d), -407643);
  cf->repaid[Y(2027)] = cf->repaid[Y(2028)] = 0;
  o.transferred = STP_NOK(80000);
  assert_int_equal(stp_student_value(&s, &o, cf, d), 2395828);
  free(cf);
}

static void test_gain_add(void **state) {
  (void)state;
  stp_gain_acc g[STP_NGROUPS];
  memset(g, 0, sizeof g);
  stp_outcome a = {.level = 1, .category = 2, .non_eea = 0, .at_home = 1, .earnings_decile = 9};
  stp_outcome b = {.level = 0, .category = 0, .non_eea = 1, .at_home = 0, .earnings_decile = 0};
  stp_gain_add(g, &a, 500);
  stp_gain_add(g, &a, -250);
  stp_gain_add(g, &b, 0);
  stp_gain_add(g, &b, 1);
  const stp_gain_acc *all = &g[STP_GROUP_ALL];
  assert_int_equal(all->students, 4);
  assert_int_equal(all->winners, 2);
  assert_int_equal(all->losers, 1);
  assert_int_equal(all->unchanged, 1);
  assert_int_equal(all->gains, 501);
  assert_int_equal(all->losses, 250);
  assert_int_equal(all->change, 251);
  assert_int_equal(g[STP_GROUP_LEVEL0 + 1].students, 2);
  assert_int_equal(g[STP_GROUP_LEVEL0 + 1].losers, 1);
  assert_int_equal(g[STP_GROUP_DEC0 + 9].change, 250);
  assert_int_equal(g[STP_GROUP_HOME0 + 0].unchanged, 1);
  assert_int_equal(g[STP_GROUP_CIT0 + 1].winners, 1);
  assert_int_equal(g[STP_GROUP_CAT0 + 2].students, 2);
}

/* One scenario is a budget (stipend budget): its totals, no gains; none is an error. */
static void test_needs_two_scenarios(void **state) {
  fixture *f = *state;
  stp_compare_scenario sc[1] = {scen(f->base)};
  stp_compare_opts o = opts(f->base, 10, 1, NULL);
  stp_compare c;
  stp_error err = {0};
  assert_int_equal(stp_compare_simulate(sc, 0, &o, &c, &err), STP_EINVAL);
  stp_compare_free(&c);
  assert_int_equal(stp_compare_simulate(sc, 1, &o, &c, &err), STP_OK);
  assert_int_equal(c.agg[0]->g[STP_GROUP_ALL].students, 10);
  assert_int_equal(c.gain[0][STP_GROUP_ALL].students, 0);
  stp_compare_free(&c);
}

/* The baseline against itself, each prepared from the files on its own. */
static void test_identical(void **state) {
  fixture *f = *state;
  stp_compare_scenario sc[2] = {scen(f->base), scen(f->same)};
  stp_compare_opts o = opts(f->base, 3000, 2, NULL);
  stp_compare c;
  stp_error err = {0};
  if (stp_compare_simulate(sc, 2, &o, &c, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(c.students, 3000);
  assert_int_equal(c.invariant_failures, 0);
  assert_memory_equal(c.agg[0], c.agg[1], sizeof *c.agg[0]);
  assert_memory_equal(c.flows[0], c.flows[1], sizeof *c.flows[0]);
  for (int g = 0; g < STP_NGROUPS; g++) {
    const stp_gain_acc *a = &c.gain[1][g];
    assert_int_equal(a->winners, 0);
    assert_int_equal(a->losers, 0);
    assert_int_equal(a->unchanged, a->students);
    assert_int_equal(a->change, 0);
  }
  assert_int_equal(c.gain[1][STP_GROUP_ALL].students, 3000);
  assert_true(c.agg[0]->g[STP_GROUP_ALL].paid_out > 0);
  stp_compare_free(&c);
}

/* Students supported in every year they study: full time, every credit passed, the degree's
   normal length, done before support stops by age. (A student still enrolled after her
   support ended is charged interest by the lifecycle's study phase and by repayment at once;
   docs/analytics.md.) */
static bool supported_throughout(const stp_student *s) {
  if (s->years != s->normed_years || s->years > 5) return false;
  for (int k = 0; k < s->years; k++)
    if (s->credits[k] != STP_FULL_TIME_CREDITS || s->passed[k] != s->credits[k]) return false;
  return s->entry_year + s->years - s->birth_year < 50;
}

static void write_clean_cohort(world *w, const char *path, int want) {
  gsl_rng *r = stp_rng_alloc();
  stp_microdata_writer *mw;
  stp_error err = {0};
  assert_non_null(r);
  if (stp_microdata_writer_open(path, &mw, &err)) fail_msg("%s", err.msg);
  int n = 0;
  for (uint64_t id = 0; n < want && id < 100000; id++) {
    stp_student s;
    stp_cohort_draw(w->model, r, w->sc.seed, id, w->sc.entry_first, w->sc.entry_last, &s);
    if (!supported_throughout(&s)) continue;
    stp_microdata_write(mw, &s);
    n++;
  }
  assert_int_equal(n, want);
  if (stp_microdata_writer_commit(mw, &err)) fail_msg("%s", err.msg);
  stp_rng_free(r);
}

/* More basic support: more is paid out, and nobody is worse off: a student's gain is the
   extra support less what she repays of it, which at Lånekassen's rate (5.175 %) is worth
   less than it brings at the discount rate (6.6 % nominal). */
static void test_more_support_no_losers(void **state) {
  fixture *f = *state;
  char path[64];
  snprintf(path, sizeof path, "/tmp/stp_test_compare_%ld.csv", (long)getpid());
  write_clean_cohort(f->base, path, 2000);
  stp_compare_scenario sc[2] = {scen(f->base), scen(f->more)};
  stp_compare_opts o = opts(f->base, 0, 2, path);
  stp_compare c;
  stp_error err = {0};
  if (stp_compare_simulate(sc, 2, &o, &c, &err) != STP_OK) fail_msg("%s", err.msg);
  unlink(path);
  assert_int_equal(c.students, 2000);
  assert_int_equal(c.invariant_failures, 0);
  for (int g = 0; g < STP_NGROUPS; g++) {
    const stp_gain_acc *a = &c.gain[1][g];
    if (a->losers != 0)
      fail_msg("group %s %s: %lld worse off (mean loss %lld øre)", stp_group_dimension(g),
               stp_group_name(g), (long long)a->losers,
               (long long)(a->losses / (a->losers ? a->losers : 1)));
    assert_int_equal(a->winners + a->unchanged, a->students);
    assert_true(a->change >= 0);
  }
  const stp_gain_acc *all = &c.gain[1][STP_GROUP_ALL];
  assert_true(all->winners > 0);
  /* Only students with support can gain: the winners are among those supported. */
  assert_true(all->winners <= c.agg[1]->g[STP_GROUP_ALL].supported);
  assert_true(c.agg[1]->g[STP_GROUP_ALL].paid_out > c.agg[0]->g[STP_GROUP_ALL].paid_out);
  assert_int_equal(all->gains, all->change);
  stp_compare_free(&c);
}

static void test_threads_identical(void **state) {
  fixture *f = *state;
  stp_compare_scenario sc[3] = {scen(f->base), scen(f->more), scen(f->same)};
  stp_compare c1, c2;
  stp_error err = {0};
  stp_compare_opts o1 = opts(f->base, 2500, 1, NULL), o2 = opts(f->base, 2500, 2, NULL);
  if (stp_compare_simulate(sc, 3, &o1, &c1, &err) != STP_OK) fail_msg("%s", err.msg);
  if (stp_compare_simulate(sc, 3, &o2, &c2, &err) != STP_OK) fail_msg("%s", err.msg);
  for (int k = 0; k < 3; k++) {
    assert_memory_equal(c1.agg[k], c2.agg[k], sizeof *c1.agg[k]);
    assert_memory_equal(c1.flows[k], c2.flows[k], sizeof *c1.flows[k]);
  }
  assert_memory_equal(c1.gain, c2.gain, sizeof c1.gain);
  assert_true(c1.gain[1][STP_GROUP_ALL].winners > 0);
  stp_compare_free(&c1);
  stp_compare_free(&c2);
}

/* A small plain cohort of the baseline with the given --set (NULL: none). */
static world *small(const char *set, const world *base) {
  stp_error err = {0};
  const char *sets[] = {set};
  stp_prepare_opts o = {.sets = sets, .nsets = set ? 1 : 0, .size = 300,
                        .deciles = base ? base->ctx.earn_deciles : NULL, .cohort_of = base};
  world *w;
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, &o, &w,
                        &err) != STP_OK)
    fail_msg("%s", err.msg);
  return w;
}

static bool exists(const char *dir, const char *file) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return access(path, F_OK) == 0;
}

/* stp_compare_run, the whole of stipend compare: scenarios on different cohorts or with one
   name are refused before anything is written; a comparison with replications writes its
   files as one set, and more basic support pays out more in every replication (the whole
   95 % interval of the difference above zero). */
static void test_compare_run(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_compare_run_XXXXXX", out[64];
  assert_non_null(mkdtemp(dir));
  snprintf(out, sizeof out, "%s/c", dir);
  world *x[2] = {small(NULL, NULL), NULL};
  x[1] = small("run.seed=7", x[0]);
  const char *files[] = {"base.ini", "reform.ini"};
  stp_compare_job j = {.x = x, .files = files, .n = 2, .out = out, .threads = 2,
                       .command = "stipend compare base.ini reform.ini"};
  stp_compare_results r;
  stp_error err = {0};
  assert_int_equal(stp_compare_run(&j, &r, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "reform.ini: [run] seed: 7, but the baseline base.ini"));
  stp_compare_results_free(&r);
  world_free(x[1]);
  x[1] = small(NULL, x[0]);
  assert_int_equal(stp_compare_run(&j, &r, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "need distinct names"));
  stp_compare_results_free(&r);
  assert_int_equal(access(out, F_OK), -1); /* nothing written */
  world_free(x[1]);
  x[1] = small("policy.basic_support=200000", x[0]);
  snprintf(x[1]->sc.name, sizeof x[1]->sc.name, "more");
  j.replications = 3;
  if (stp_compare_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(r.replications, 3);
  assert_int_equal(r.cmp.students, 300);
  static const char *const want[] = {"summary.csv", "difference.csv", "winners.csv",
                                     "budget.csv", "evidence.csv", "about.csv",
                                     "replications.csv", "manifest.csv"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) assert_true(exists(out, want[i]));
  assert_false(exists(out, "report.html"));
  char path[1200], line[4096];
  snprintf(path, sizeof path, "%s/replications.csv", out);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  bool seen = false;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "more,paid_out_nok,3,", 20) != 0) continue;
    double mean, sd, lo;
    assert_int_equal(sscanf(line + 20, "%lf,%lf,%lf", &mean, &sd, &lo), 3);
    assert_true(lo > 0 && mean > lo);
    seen = true;
  }
  fclose(f);
  assert_true(seen);
  stp_compare_results_free(&r);
  world_free(x[0]);
  world_free(x[1]);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_student_value),
      cmocka_unit_test(test_gain_add),
      cmocka_unit_test(test_needs_two_scenarios),
      cmocka_unit_test(test_identical),
      cmocka_unit_test(test_more_support_no_losers),
      cmocka_unit_test(test_threads_identical),
      cmocka_unit_test(test_compare_run),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
