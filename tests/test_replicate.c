/* test_replicate.c: replication seeds; the mean, standard deviation and 95 % t-interval
   over replications worked by hand (t quantiles from the published Student t table);
   replications.csv; and the driver: replication 1 is the plain run on the scenario's seed,
   the others run on their own seeds, one after the other in one accumulator; one measure's
   accumulator; stp_replicate_run's files. */
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
#include "figures.h"
#include "analytics/replicate.h"
#include "cohort.h"
#include "lifecycle.h"
#include "params.h"
#include "prepared.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

static void seeds(void **state) {
  (void)state;
  assert_true(stp_replication_seed(20251, 1) == 20251);
  enum { N = 2000 };
  static uint64_t s[N + 1];
  for (int k = 1; k <= N; k++) {
    s[k] = stp_replication_seed(20251, k);
    if (k > 1) assert_true(s[k] == stp_hash64(20251, (uint64_t)k) >> 1);
    assert_true(s[k] <= (uint64_t)INT64_MAX);
  }
  for (int i = 1; i <= N; i++)
    for (int j = i + 1; j <= N; j++)
      if (s[i] == s[j]) fail_msg("replications %d and %d share a seed", i, j);
}

/* Two-sided 95 % points of Student's t (any printed table): 12.706, 4.303, 2.776, 2.262,
   2.045, 1.980. */
static void t_quantiles(void **state) {
  (void)state;
  assert_float_equal(stp_t975(1), 12.706, 0.0005);
  assert_float_equal(stp_t975(2), 4.303, 0.0005);
  assert_float_equal(stp_t975(4), 2.776, 0.0005);
  assert_float_equal(stp_t975(9), 2.262, 0.0005);
  assert_float_equal(stp_t975(29), 2.045, 0.0005);
  assert_float_equal(stp_t975(120), 1.980, 0.0005);
}

static void money(stp_figures *h, int i, int64_t ore) {
  h->f[i] = (stp_figure){.exact = ore, .real = (double)ore, .empty = false};
}

static void share(stp_figures *h, int i, double x) {
  h->f[i] = (stp_figure){.exact = 0, .real = x, .empty = isnan(x)};
}

/* paid out NOK 10, 12, 14 over three replications: mean 12, sd 2, half-width
   4.303 × 2 / √3 = 4.968: interval 7.03 to 16.97 (to the øre). A share that is empty in one
   replication counts over the other two: 0.2 and 0.3, mean 0.25, sd 0.0707107, half-width
   12.706 × 0.0707107 / √2 = 0.635. */
static void interval_by_hand(void **state) {
  (void)state;
  stp_repl_stats *s = stp_repl_alloc();
  assert_non_null(s);
  int paid = stp_figure_find("paid_out_nok"), rep = stp_figure_find("repaid_full_share");
  assert_true(paid >= 0 && rep >= 0);
  const int64_t ore[] = {1000, 1200, 1400};
  const double sh[] = {0.2, NAN, 0.3};
  for (int k = 0; k < 3; k++) {
    stp_figures h;
    for (int i = 0; i < STP_FIGURES; i++) share(&h, i, NAN);
    money(&h, paid, ore[k]);
    share(&h, rep, sh[k]);
    stp_repl_add(s, &h);
  }
  stp_repl_summary m;
  stp_repl_get(s, paid, &m);
  assert_int_equal(m.n, 3);
  assert_float_equal(m.mean, 1200, 0);
  assert_float_equal(m.sd, 200, 1e-9);
  assert_float_equal(m.lo, 1200 - 496.8276, 0.001);
  assert_float_equal(m.hi, 1200 + 496.8276, 0.001);
  assert_float_equal(m.min, 1000, 0);
  assert_float_equal(m.max, 1400, 0);
  stp_repl_get(s, rep, &m);
  assert_int_equal(m.n, 2);
  assert_float_equal(m.mean, 0.25, 1e-12);
  assert_float_equal(m.sd, 0.0707107, 1e-7);
  assert_float_equal(m.hi - m.mean, 0.63531, 0.00005);
  stp_repl_get(s, stp_figure_find("students"), &m);
  assert_int_equal(m.n, 0);
  assert_true(isnan(m.mean));

  char path[] = "/tmp/stp_test_replXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  stp_error err = {0};
  assert_int_equal(stp_repl_write(path, "s", s, &err), STP_OK);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  unlink(path);
  assert_non_null(
      strstr(text, "scenario,measure,replications,mean,sd,ci95_low,ci95_high,min,max\n"));
  assert_non_null(strstr(text, "\ns,paid_out_nok,3,12.00,2.00,7.03,16.97,10.00,14.00\n"));
  assert_non_null(strstr(text, "\ns,repaid_full_share,2,0.250000,0.070711,-0.385310,0.885310,"
                               "0.200000,0.300000\n"));
  assert_non_null(strstr(text, "\ns,students,0,,,,,,\n"));
  stp_repl_free(s);
}

/* A mean of whole øre is rounded to the øre, halves away from zero: 1 and 2 øre give 2. */
static void mean_rounding(void **state) {
  (void)state;
  stp_repl_stats *s = stp_repl_alloc();
  int paid = stp_figure_find("paid_out_nok");
  for (int k = 1; k <= 2; k++) {
    stp_figures h;
    for (int i = 0; i < STP_FIGURES; i++) share(&h, i, NAN);
    money(&h, paid, k);
    stp_repl_add(s, &h);
  }
  stp_repl_summary m;
  stp_repl_get(s, paid, &m);
  assert_float_equal(m.mean, 2, 0);
  stp_repl_free(s);
}

/* ---- the driver on a small cohort ---- */

typedef struct seen {
  int calls;
  uint64_t seed[4];
  stp_money paid[4];
  stp_agg *first;
} seen;

static int record(void *user, int k, uint64_t seed, const stp_agg *agg, const stp_run_stats *st,
                  stp_error *err) {
  (void)err;
  seen *s = user;
  assert_true(st->invariants_ok);
  assert_int_equal(k, s->calls + 1);
  s->seed[s->calls] = seed;
  s->paid[s->calls] = agg->g[STP_GROUP_ALL].paid_out;
  if (k == 1) memcpy(s->first, agg, sizeof *agg);
  s->calls++;
  return STP_OK;
}

static void driver(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *w;
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, NULL, &w, &err))
    fail_msg("setup: %s", err.msg);
  w->ctx.seed = 99;
  stp_run_opts o = {.size = 3000, .entry_first = w->sc.entry_first,
                    .entry_last = w->sc.entry_last, .seed = w->sc.seed, .threads = 2,
                    .simulate = true};
  stp_agg *agg = stp_agg_alloc(), *plain = stp_agg_alloc();
  seen s = {.first = stp_agg_alloc()};
  assert_true(agg && plain && s.first);
  assert_int_equal(stp_replicate(&w->ctx, &o, 3, agg, record, &s, &err), STP_OK);
  assert_int_equal(s.calls, 3);
  for (int k = 1; k <= 3; k++) assert_true(s.seed[k - 1] == stp_replication_seed(w->sc.seed, k));
  /* Replication 1 is the plain run on the scenario's seed (ctx.seed 99 is ignored). */
  stp_life_ctx c = w->ctx;
  c.seed = w->sc.seed;
  stp_run_stats st = {0};
  assert_int_equal(stp_run(&c, &o, plain, &st, &err), STP_OK);
  assert_memory_equal(plain, s.first, sizeof *plain);
  /* Other seeds, other students: the totals differ. */
  assert_true(s.paid[1] != s.paid[0] && s.paid[2] != s.paid[0] && s.paid[2] != s.paid[1]);
  /* Bad counts are refused. */
  assert_int_equal(stp_replicate(&w->ctx, &o, 0, agg, record, &s, &err), STP_ERANGE);
  stp_agg_free(agg);
  stp_agg_free(plain);
  stp_agg_free(s.first);
  stp_prepared_close(w);
}

/* One accumulator without whole numbers: 1, 2 and 4 have the mean 7/3, the sample standard
   deviation sqrt(7/3) and the interval 7/3 ± 4.303 · sqrt(7/3) / sqrt(3) (t(0.975, 2) from
   the table above). */
static void accumulator(void **state) {
  (void)state;
  stp_repl_acc a = {0};
  stp_repl_summary m;
  stp_repl_acc_get(&a, STP_FIG_SHARE, &m);
  assert_int_equal(m.n, 0);
  assert_true(isnan(m.mean));
  const double x[] = {1, 2, 4};
  for (int i = 0; i < 3; i++) stp_repl_acc_add(&a, x[i], NULL);
  stp_repl_acc_get(&a, STP_FIG_MONEY, &m);
  assert_int_equal(m.n, 3);
  assert_float_equal(m.mean, 7.0 / 3, 1e-12);
  assert_float_equal(m.sd, sqrt(7.0 / 3), 1e-12);
  assert_float_equal(m.hi - m.mean, 4.303 * sqrt(7.0 / 3) / sqrt(3.0), 0.001);
  assert_float_equal(m.min, 1, 0);
  assert_float_equal(m.max, 4, 0);
}

static long lines_of(const char *dir, const char *file) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long n = 0;
  for (int c; (c = fgetc(f)) != EOF;) n += c == '\n';
  fclose(f);
  return n;
}

/* stp_replicate_run, the whole of stipend run: one run's files, students.csv one row per
   student; three replications add replications.csv (a row per figure) and
   replication_runs.csv (a row per replication), their paid out counted three times, and
   replication 1's summary.csv is the plain run's, byte for byte. */
static void replicate_run(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_replicate_run_XXXXXX", one[64], three[64], cmd[200];
  assert_non_null(mkdtemp(dir));
  snprintf(one, sizeof one, "%s/one", dir);
  snprintf(three, sizeof three, "%s/three", dir);
  stp_error err = {0};
  stp_prepared *x;
  stp_prepare_opts po = {.size = 500};
  if (stp_prepared_open(STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini", NULL, &po, &x,
                        &err))
    fail_msg("setup: %s", err.msg);
  stp_replicate_job j = {.x = x, .file = "baseline.ini", .out = one, .students = true,
                         .threads = 2, .replications = 1};
  stp_replicate_result r;
  if (stp_replicate_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(r.first.students, 500);
  assert_int_equal(lines_of(one, "students.csv"), 501);
  assert_int_equal(lines_of(one, "replications.csv"), -1);
  stp_replicate_result_free(&r);
  j.out = three;
  j.students = false;
  j.replications = 3;
  if (stp_replicate_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(r.replications, 3);
  stp_repl_summary m;
  stp_repl_get(r.stats, stp_figure_find("paid_out_nok"), &m);
  assert_int_equal(m.n, 3);
  assert_int_equal(lines_of(three, "replications.csv"), 1 + STP_FIGURES);
  assert_int_equal(lines_of(three, "replication_runs.csv"), 4);
  assert_int_equal(lines_of(three, "students.csv"), -1);
  stp_replicate_result_free(&r);
  snprintf(cmd, sizeof cmd, "cmp -s '%s/summary.csv' '%s/summary.csv'", one, three);
  assert_int_equal(system(cmd), 0);
  stp_prepared_close(x);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seeds),         cmocka_unit_test(t_quantiles),
      cmocka_unit_test(interval_by_hand), cmocka_unit_test(mean_rounding),
      cmocka_unit_test(driver),        cmocka_unit_test(accumulator),
      cmocka_unit_test(replicate_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
