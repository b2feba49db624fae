/* test_uncertainty.c: the distributions' inverse functions, the Saltelli design, and the
   estimators against the published indices of the Ishigami function (Ishigami and Homma
   1990; the analytic values as tabulated by Saltelli et al. 2008, "Global Sensitivity
   Analysis. The Primer", and in SALib's documentation: S1 = 0.3139, S2 = 0.4424, S3 = 0,
   ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437 for a = 7, b = 0.1, X ~ U(-pi, pi)); an additive
   model whose shares are known exactly; a pure interaction, all remainder. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PI 3.14159265358979323846

#include "analytics/uncertainty.h"
#include "figures.h"

static void test_parse(void **state) {
  (void)state;
  stp_unc_input in;
  stp_error err;
  assert_int_equal(stp_unc_parse("economy.wage_growth=normal:0.035:0.005", &in, &err), STP_OK);
  assert_string_equal(in.key, "economy.wage_growth");
  assert_int_equal(in.kind, STP_UNC_NORMAL);
  assert_true(in.a == 0.035 && in.b == 0.005);
  assert_int_equal(stp_unc_parse("cohort.default_hazard=triangular:0.002:0.004:0.008", &in, &err),
                   STP_OK);
  assert_true(in.a == 0.002 && in.b == 0.004 && in.c == 0.008);
  const char *bad[] = {"economy.wage_growth", "=uniform:0:1", "k=uniform:1:0", "k=normal:0:0",
                       "k=normal:0", "k=normal:0:1:2", "k=beta:1:2", "k=uniform:a:1",
                       "k=triangular:0:2:1", "k=uniform:0:inf"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err.msg[0] = 0;
    assert_int_equal(stp_unc_parse(bad[i], &in, &err), STP_EINVAL);
    assert_true(err.msg[0] != 0);
  }
}

static void test_quantiles(void **state) {
  (void)state;
  stp_unc_input u = {.kind = STP_UNC_UNIFORM, .a = 2.385, .b = 4.385};
  assert_true(fabs(stp_unc_quantile(&u, 0.25) - 2.885) < 1e-12);
  stp_unc_input n = {.kind = STP_UNC_NORMAL, .a = 0.035, .b = 0.005};
  assert_true(fabs(stp_unc_quantile(&n, 0.5) - 0.035) < 1e-15);
  /* the 97.5 % point of the standard normal: 1.959964 */
  assert_true(fabs(stp_unc_quantile(&n, 0.975) - (0.035 + 0.005 * 1.959963985)) < 1e-9);
  stp_unc_input t = {.kind = STP_UNC_TRIANGULAR, .a = 1, .b = 2, .c = 4};
  /* F(mode) = (mode - lo) / (hi - lo) = 1/3 */
  assert_true(fabs(stp_unc_quantile(&t, 1.0 / 3) - 2) < 1e-12);
  assert_true(fabs(stp_unc_quantile(&t, 0.5) - (4 - sqrt(0.5 * 3 * 2))) < 1e-12);
}

/* The design runs the model on every point. */
typedef double (*model_fn)(const double *x);

static double *run_design(const stp_unc_design *d, model_fn f) {
  long runs = stp_unc_runs(d);
  double *y = malloc((size_t)runs * sizeof *y), x[STP_UNC_MAX_INPUTS];
  for (long r = 0; r < runs; r++) {
    stp_unc_point(d, r, x, NULL, 0);
    y[r] = f(x);
  }
  return y;
}

static double ishigami(const double *x) {
  return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static void test_ishigami(void **state) {
  (void)state;
  stp_unc_input in[3];
  for (int i = 0; i < 3; i++) in[i] = (stp_unc_input){.kind = STP_UNC_UNIFORM, .a = -PI, .b = PI};
  stp_unc_design d;
  stp_error err;
  assert_int_equal(stp_unc_design_make(in, 3, 16384, 20251, &d, &err), STP_OK);
  double *y = run_design(&d, ishigami);
  stp_unc_stats st;
  assert_int_equal(stp_unc_analyse(&d, y, &st, &err), STP_OK);
  const double s[] = {0.3139, 0.4424, 0.0}, t[] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; i++) {
    assert_true(fabs(st.first[i] - s[i]) < 0.02);
    assert_true(fabs(st.total[i] - t[i]) < 0.02);
  }
  /* the remainder is the interaction of X1 and X3: 1 - 0.3139 - 0.4424 = 0.2437 */
  assert_true(fabs(st.remainder - 0.2437) < 0.03);
  double sum = st.remainder;
  for (int i = 0; i < 3; i++) sum += st.share[i];
  assert_true(fabs(sum - 1) < 1e-12);
  /* mean of the Ishigami function: a/2 = 3.5 */
  assert_true(fabs(st.mean - 3.5) < 0.05);
  free(y);
  stp_unc_design_free(&d);
}

/* Y = 3 X1 + X2, X1 ~ U(0, 1), X2 ~ U(0, 1): V1 = 9/12, V2 = 1/12, S1 = 0.9, S2 = 0.1, and
   money-sized values (around 1e12) to show the centring keeps precision. */
static double additive(const double *x) { return 1e12 + 3e6 * x[0] + 1e6 * x[1]; }

static void test_additive_and_determinism(void **state) {
  (void)state;
  stp_unc_input in[2] = {{.kind = STP_UNC_UNIFORM, .a = 0, .b = 1},
                         {.kind = STP_UNC_UNIFORM, .a = 0, .b = 1}};
  stp_unc_design d, e;
  stp_error err;
  assert_int_equal(stp_unc_design_make(in, 2, 16384, 7, &d, &err), STP_OK);
  assert_int_equal(stp_unc_design_make(in, 2, 16384, 7, &e, &err), STP_OK);
  assert_memory_equal(d.a, e.a, 16384 * 2 * sizeof *d.a); /* the same seed: the same design */
  assert_memory_equal(d.b, e.b, 16384 * 2 * sizeof *d.b);
  double *y = run_design(&d, additive);
  stp_unc_stats st;
  assert_int_equal(stp_unc_analyse(&d, y, &st, &err), STP_OK);
  assert_true(fabs(st.first[0] - 0.9) < 0.01);
  assert_true(fabs(st.first[1] - 0.1) < 0.01);
  assert_true(st.remainder < 0.01);
  assert_true(st.p5 < st.p50 && st.p50 < st.p95);
  free(y);
  stp_unc_design_free(&d);
  stp_unc_design_free(&e);
}

/* Y = X1 X2 with X ~ U(-1, 1): no first-order effect at all, everything interaction. */
static double product(const double *x) { return x[0] * x[1]; }

static void test_interaction_and_constant(void **state) {
  (void)state;
  stp_unc_input in[2] = {{.kind = STP_UNC_UNIFORM, .a = -1, .b = 1},
                         {.kind = STP_UNC_UNIFORM, .a = -1, .b = 1}};
  stp_unc_design d;
  stp_error err;
  assert_int_equal(stp_unc_design_make(in, 2, 4096, 3, &d, &err), STP_OK);
  double *y = run_design(&d, product);
  stp_unc_stats st;
  assert_int_equal(stp_unc_analyse(&d, y, &st, &err), STP_OK);
  assert_true(st.share[0] < 0.02 && st.share[1] < 0.02);
  assert_true(st.remainder > 0.96 && st.remainder <= 1);
  /* a figure that does not move: no shares, no remainder */
  long runs = stp_unc_runs(&d);
  for (long r = 0; r < runs; r++) y[r] = 2.385e11;
  assert_int_equal(stp_unc_analyse(&d, y, &st, &err), STP_OK);
  assert_true(st.constant && st.remainder == 0 && st.share[0] == 0 && st.mean == 2.385e11);
  /* a figure without a value in one run: left empty */
  y[3] = NAN;
  assert_int_equal(stp_unc_analyse(&d, y, &st, &err), STP_OK);
  assert_true(st.empty);
  free(y);
  stp_unc_design_free(&d);
  assert_int_equal(stp_unc_design_make(in, 2, 1, 3, &d, &err), STP_EINVAL);
  stp_unc_design_free(&d);
  assert_int_equal(stp_unc_design_make(in, 0, 8, 3, &d, &err), STP_EINVAL);
  stp_unc_design_free(&d);
}

static void test_points(void **state) {
  (void)state;
  stp_unc_input in[3];
  for (int i = 0; i < 3; i++) in[i] = (stp_unc_input){.kind = STP_UNC_UNIFORM, .a = i, .b = i + 1};
  stp_unc_design d;
  stp_error err;
  assert_int_equal(stp_unc_design_make(in, 3, 5, 3, &d, &err), STP_OK);
  assert_int_equal(stp_unc_runs(&d), 25);
  double x[3];
  char name[8];
  stp_unc_point(&d, 7, x, name, sizeof name); /* B, row 2 (0-based) */
  assert_string_equal(name, "B");
  for (int i = 0; i < 3; i++) assert_true(x[i] == d.b[2 * 3 + i]);
  stp_unc_point(&d, 3 * 5 + 4, x, name, sizeof name); /* AB2 row 4: column 1 from B */
  assert_string_equal(name, "AB2");
  assert_true(x[0] == d.a[4 * 3 + 0] && x[1] == d.b[4 * 3 + 1] && x[2] == d.a[4 * 3 + 2]);
  stp_unc_design_free(&d);
}

static long file_lines(const char *dir, const char *file) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long n = 0;
  for (int c; (c = fgetc(f)) != EOF;) n += c == '\n';
  fclose(f);
  return n;
}

/* stp_uncertainty_run on 200 students: the keys it takes; the state's cost of funds (the rate
   present values are discounted at by default, analytics/budget.h) varied alone
   changes present values only, so what is paid out is the same in every run (its sd 0)
   while the state's cost in present value moves; the three files hold a row per figure and a
   row per run (2 draws x (1 + 2) runs). */
static void test_run(void **state) {
  (void)state;
  assert_true(stp_unc_key_known("economy.rate_after"));
  assert_true(stp_unc_key_known("cohort.default_hazard"));
  assert_false(stp_unc_key_known("economy.g"));
  assert_false(stp_unc_key_known("policy.basic_support"));
  char dir[] = "/tmp/stp_unc_run_XXXXXX", out[64];
  assert_non_null(mkdtemp(dir));
  snprintf(out, sizeof out, "%s/u", dir);
  stp_error err = {0};
  stp_unc_input in;
  assert_int_equal(stp_unc_parse("economy.cost_of_funds=uniform:0.02:0.06", &in, &err), STP_OK);
  stp_prepare_opts po = {.size = 200};
  stp_unc_job j = {.scenario = STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini",
                   .prep = &po, .in = &in, .k = 1, .draws = 2, .out = out, .threads = 2};
  stp_unc_result r;
  if (stp_uncertainty_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(r.runs, 6);
  assert_string_equal(r.name[0], "baseline-2025-26");
  assert_int_equal(file_lines(out, "uncertainty_runs.csv"), 1 + 6);
  assert_int_equal(file_lines(out, "uncertainty.csv"), 1 + STP_FIGURES + 1);
  char path[1200], line[1024];
  snprintf(path, sizeof path, "%s/uncertainty.csv", out);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  bool paid = false, pv = false;
  while (fgets(line, sizeof line, f)) {
    double mean, sd;
    if (sscanf(line, "baseline-2025-26,paid_out_nok,4,%lf,%lf", &mean, &sd) == 2) {
      paid = true;
      assert_true(mean > 0);
      assert_float_equal(sd, 0, 0);
    }
    if (sscanf(line, "baseline-2025-26,state_cost_pv_nok,4,%lf,%lf", &mean, &sd) == 2) {
      pv = true;
      assert_true(sd > 0);
    }
  }
  fclose(f);
  assert_true(paid && pv);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_quantiles),
      cmocka_unit_test(test_ishigami),
      cmocka_unit_test(test_additive_and_determinism),
      cmocka_unit_test(test_interaction_and_constant),
      cmocka_unit_test(test_points),
      cmocka_unit_test(test_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
