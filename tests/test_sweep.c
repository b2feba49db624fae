/* test_sweep.c: the values of a sweep range, worked by hand from the published G (1 May 2025
   130 160, 1 May 2026 136 549, published figures) and the 11-month support
   year; the errors of a bad range; sweep.csv rows from hand-built students; stp_sweep_run. */
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
#include "analytics/sweep.h"
#include "params.h"

#include "params_fixture.h"

static stp_sweep S; /* large: not on the stack */


static void parse_ok(const char *spec, int base_year) {
  stp_error err = {0};
  if (stp_sweep_parse(spec, P, base_year, &S, &err) != STP_OK) fail_msg("%s: %s", spec, err.msg);
}

static void parse_fails(const char *spec, int code, const char *words) {
  stp_error err = {0};
  int rc = stp_sweep_parse(spec, P, 2025, &S, &err);
  if (rc != code) fail_msg("%s: code %d, expected %d (%s)", spec, rc, code, err.msg);
  if (!strstr(err.msg, words)) fail_msg("%s: message '%s' lacks '%s'", spec, err.msg, words);
  if (strncmp(err.msg, "--vary", 6) != 0)
    fail_msg("%s: message '%s' does not start --vary", spec, err.msg);
}

static int64_t nok(long long kr) { return (int64_t)kr * STP_SWEEP_MICRO; }

/* Today's 2024-25 rate to 1.5 G in steps of NOK 5 000, base year 2025-26: 1.5 G is
   11 × round(1.5 × 130 160 / 11) = 11 × 17 749 = 195 239 (docs/scenarios.md); 151 690 + 8 ×
   5 000 = 191 690 is the last full step, so 195 239 comes as a shorter last step. */
static void mixed_units_to_g(void **state) {
  (void)state;
  parse_ok("policy.basic_support=151690:1.5G:5000", 2025);
  assert_false(S.in_g);
  assert_int_equal(S.n, 10);
  for (int k = 0; k < 9; k++) assert_true(S.value[k] == nok(151690 + 5000LL * k));
  assert_true(S.value[9] == nok(195239));
  char buf[80];
  assert_string_equal(stp_sweep_value_text(&S, 9, buf, sizeof buf), "195239");
  assert_string_equal(stp_sweep_assignment(&S, 0, buf, sizeof buf), "policy.basic_support=151690");
}

/* Base year 2026-27: 1.5 G = 11 × round(1.5 × 136 549 / 11) = 11 × 18 620 = 204 820; from the
   proposed 170 368: 170 368 + 6 × 5 000 = 200 368, then 204 820. */
static void mixed_units_2026(void **state) {
  (void)state;
  parse_ok("policy.basic_support=170368:1.5G:5000", 2026);
  assert_int_equal(S.n, 8);
  assert_true(S.value[0] == nok(170368));
  assert_true(S.value[6] == nok(200368));
  assert_true(S.value[7] == nok(204820));
}

/* A step in G between NOK ends is round(x·G) kroner: 0.01 × 130 160 = 1 301.6 → 1 302;
   160 000 + 7 × 1 302 = 169 114, then 170 000. */
static void step_in_g(void **state) {
  (void)state;
  parse_ok("policy.basic_support=160000:170000:0.01G", 2025);
  assert_int_equal(S.n, 9);
  assert_true(S.value[1] == nok(161302));
  assert_true(S.value[7] == nok(169114));
  assert_true(S.value[8] == nok(170000));
}

/* All in G: multiples of G, kept as such (exact decimals, no binary drift). */
static void all_in_g(void **state) {
  (void)state;
  parse_ok("policy.basic_support=1.25G:1.5G:0.05G", 2025);
  assert_true(S.in_g);
  assert_int_equal(S.n, 6);
  char buf[80];
  assert_string_equal(stp_sweep_value_text(&S, 0, buf, sizeof buf), "1.25G");
  assert_string_equal(stp_sweep_value_text(&S, 1, buf, sizeof buf), "1.3G");
  assert_string_equal(stp_sweep_value_text(&S, 5, buf, sizeof buf), "1.5G");
  assert_string_equal(stp_sweep_assignment(&S, 2, buf, sizeof buf), "policy.basic_support=1.35G");
  /* 1.1 + 0.1 + 0.1 + 0.1 lands on 1.4 exactly: no tail from rounding. */
  parse_ok("policy.basic_support=1.1G:1.4G:0.1G", 2025);
  assert_int_equal(S.n, 4);
}

static void shares_and_counts(void **state) {
  (void)state;
  char buf[80];
  parse_ok("policy.conversion_max_share=40%:50%:2.5%", 2025);
  assert_int_equal(S.n, 5);
  assert_string_equal(stp_sweep_value_text(&S, 1, buf, sizeof buf), "0.425");
  assert_string_equal(stp_sweep_value_text(&S, 4, buf, sizeof buf), "0.5");
  parse_ok("policy.conversion_max_share=0.4:0.5:0.03", 2025);
  assert_int_equal(S.n, 5); /* 0.40 0.43 0.46 0.49, then 0.5 */
  assert_string_equal(stp_sweep_value_text(&S, 3, buf, sizeof buf), "0.49");
  parse_ok("policy.support_months=10:12:1", 2025);
  assert_int_equal(S.n, 3);
  assert_string_equal(stp_sweep_value_text(&S, 2, buf, sizeof buf), "12");
  parse_ok("policy.basic_support=180_000:180_000:1", 2025); /* one value */
  assert_int_equal(S.n, 1);
}

static void bad_ranges(void **state) {
  (void)state;
  parse_fails("run.seed=1:5:1", STP_EINVAL, "policy.NAME=FROM:TO:STEP");
  parse_fails("policy.basic_suport=1:2:1", STP_ENOTFOUND, "unknown parameter");
  parse_fails("policy.basic_support=151690:1.5G", STP_EINVAL, "FROM:TO:STEP");
  parse_fails("policy.basic_support=151690:1.5G:0", STP_EINVAL, "STEP must be above 0");
  parse_fails("policy.basic_support=200000:151690:5000", STP_EINVAL, "FROM is above TO");
  parse_fails("policy.basic_support=abc:200000:5000", STP_EINVAL, "not a number");
  parse_fails("policy.conversion_max_share=0.4G:0.5G:0.1G", STP_EINVAL, "only money");
  parse_fails("policy.basic_support=40%:50%:1%", STP_EINVAL, "only a share");
  parse_fails("policy.support_months=10:12:0.5", STP_EINVAL, "whole numbers");
  parse_fails("policy.basic_support=150000.005:160000:1000", STP_EINVAL, "two decimals");
  parse_fails("policy.basic_support=10000:1000000:1", STP_ERANGE, "at most 1000");
  parse_fails("policy.basic_support=5000:20000:5000", STP_ERANGE, "outside [10000, 1e+06]");
  parse_fails("policy.basic_support=7G:8G:0.5G", STP_ERANGE, "outside");
}

/* sweep.csv from two runs of hand-built students: the totals, the state cost (grants +
   relief + written off), cost per student and the change against the first row. */
static void outcome(stp_agg *a, long long paid, long long grant, long long relief, long long off) {
  stp_outcome o = {0};
  o.paid_out = STP_NOK(paid);
  o.grant = STP_NOK(grant);
  o.loan = o.paid_out - o.grant;
  o.debt_end_study = o.loan;
  o.relief = STP_NOK(relief);
  o.written_off = STP_NOK(off);
  o.repaid = o.loan - o.written_off;
  o.repay_months = 120;
  o.supported = true;
  o.end = STP_END_REPAID;
  stp_agg_add(a, &o);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static void csv_rows(void **state) {
  (void)state;
  char path[] = "/tmp/stp_test_sweepXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  stp_agg *a = stp_agg_alloc();
  assert_non_null(a);
  stp_error err = {0};
  stp_sweep_writer *w;
  const stp_param_def *d = stp_param_find("basic_support");
  assert_int_equal(stp_sweep_open(path, d, false, &w, &err), STP_OK);
  /* Two students: 100 000 + 60 000 paid, 40 000 + 0 grant, 1 000 relief, 2 500 written off:
     state cost 43 500, 21 750 per student. */
  outcome(a, 100000, 40000, 1000, 0);
  outcome(a, 60000, 0, 0, 2500);
  stp_sweep_row row = {.scenario = "s", .seed = 7, .base_year = 2025, .value = "151690",
                       .value_base = 151690, .g_base = 130160};
  assert_int_equal(stp_sweep_add(w, &row, a, &err), STP_OK);
  /* Second value: one more student with a 10 000 grant: cost 53 500, 17 833.33 each. */
  outcome(a, 50000, 10000, 0, 0);
  row.value = "1.5G";
  row.value_base = 195239;
  assert_int_equal(stp_sweep_add(w, &row, a, &err), STP_OK);
  assert_int_equal(stp_sweep_commit(w, &err), STP_OK);
  const char *text = slurp(path);
  assert_non_null(text);
  assert_non_null(strstr(text, "scenario,seed,base_year,parameter,unit,value,value_nok,value_g,"
                               "students,supported,borrowers,paid_out_nok,grants_nok,"));
  assert_non_null(
      strstr(text, ",state_cost_nok,state_cost_per_student_nok,state_cost_change_nok\n"));
  /* 151 690 / 130 160 = 1.16541; 195 239 / 130 160 = 1.50000 */
  assert_non_null(strstr(text, "\ns,7,2025-26,basic_support,NOK/year,151690,151690.00,1.1654,2,2,2,"
                               "160000.00,40000.00,120000.00,"));
  assert_non_null(strstr(text, ",43500.00,21750.00,0.00\n"));
  assert_non_null(strstr(text, "\ns,7,2025-26,basic_support,NOK/year,1.5G,195239.00,1.5000,3,3,3,"
                               "210000.00,50000.00,160000.00,"));
  assert_non_null(strstr(text, ",53500.00,17833.33,10000.00\n"));
  /* With the budget: the present value and its change against the first row, the budget
     year's net cost and the subsidy rate, after the other columns. */
  stp_agg_reset(a);
  outcome(a, 100000, 40000, 1000, 0);
  assert_int_equal(stp_sweep_open(path, d, true, &w, &err), STP_OK);
  row = (stp_sweep_row){.scenario = "s", .seed = 7, .base_year = 2026, .value = "170368",
                        .value_base = 170368, .g_base = 136549, .has_budget = true,
                        .net_cost_pv = STP_NOK(30000), .full_year = 2027,
                        .full_year_cost = STP_NOK(4000),
                        .subsidy_rate = 0.375, .pv_year = 2025};
  assert_int_equal(stp_sweep_add(w, &row, a, &err), STP_OK);
  row.value = "204820";
  row.value_base = 204820;
  row.net_cost_pv = 3123456; /* øre */
  assert_int_equal(stp_sweep_add(w, &row, a, &err), STP_OK);
  row.has_budget = false;
  assert_int_equal(stp_sweep_add(w, &row, a, &err), STP_EINVAL); /* nothing written */
  assert_int_equal(stp_sweep_commit(w, &err), STP_OK);
  text = slurp(path);
  assert_non_null(strstr(text, ",state_cost_change_nok,net_cost_pv_nok,net_cost_pv_change_nok,"
                               "full_year,full_year_cost_nok,subsidy_rate_share,pv_year\n"));
  assert_null(strstr(text, "steady_state"));
  /* 170 368 / 136 549 = 1.24767; 204 820 / 136 549 = 1.49998 */
  assert_non_null(strstr(text, "\ns,7,2026-27,basic_support,NOK/year,170368,170368.00,1.2477,1,"));
  assert_non_null(strstr(text, ",30000.00,0.00,2027,4000.00,0.375000,2025\n"));
  assert_non_null(strstr(text, "\ns,7,2026-27,basic_support,NOK/year,204820,204820.00,1.5000,1,"));
  assert_non_null(strstr(text, ",31234.56,1234.56,2027,4000.00,0.375000,2025\n"));
  int lines = 0;
  for (const char *t = text; *t; t++) lines += *t == '\n';
  assert_int_equal(lines, 3);
  unlink(path);
  stp_agg_free(a);
}

/* stp_sweep_run, the whole of stipend sweep on 300 students: basic support NOK 160 000,
   170 000 and 180 000 in the base year, one row each, paid out rising with it (the same
   students in every value), sweep.csv a result set of its own; a value the scenario refuses
   (a negative amount) fails before any folder is made. */
typedef struct seen {
  int n;
  double value[4];
  stp_money paid[4];
} seen;

static void seen_row(void *user, const stp_sweep_line *l) {
  seen *s = user;
  if (s->n < 4) {
    s->value[s->n] = l->value_base;
    s->paid[s->n] = l->agg->g[STP_GROUP_ALL].paid_out;
  }
  s->n++;
}

static void sweep_run(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_sweep_run_XXXXXX", out[64], path[128];
  assert_non_null(mkdtemp(dir));
  snprintf(out, sizeof out, "%s/s", dir);
  stp_prepare_opts po = {.size = 300};
  seen s = {0};
  stp_sweep_job j = {.scenario = STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini",
                     .prep = &po, .vary = "policy.basic_support=160000:180000:10000",
                     .out = out, .threads = 2, .user = &s, .row = seen_row};
  stp_sweep_result r;
  stp_error err = {0};
  if (stp_sweep_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(r.n, 3);
  assert_int_equal(s.n, 3);
  assert_string_equal(r.parameter, "basic_support");
  /* what holds a conversion share in place is their cap (rules/support.c) */
  assert_non_null(strstr(stp_sweep_binding("conversion_exam_share"), "conversion_max_share"));
  assert_null(stp_sweep_binding("basic_support"));
  assert_true(r.changed);
  for (int i = 0; i < 3; i++) assert_true(fabs(s.value[i] - (160000.0 + 10000.0 * i)) < 1e-6);
  assert_true(s.paid[0] < s.paid[1] && s.paid[1] < s.paid[2]);
  snprintf(path, sizeof path, "%s/sweep.csv", out);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  int lines = 0;
  for (int c; (c = fgetc(f)) != EOF;) lines += c == '\n';
  fclose(f);
  assert_int_equal(lines, 4);
  snprintf(path, sizeof path, "%s/manifest.csv", out);
  assert_int_equal(access(path, F_OK), 0);
  j.vary = "policy.basic_support=-20000:0:10000";
  snprintf(out, sizeof out, "%s/t", dir);
  assert_int_not_equal(stp_sweep_run(&j, &r, &err), STP_OK);
  assert_int_equal(access(out, F_OK), -1);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(mixed_units_to_g), cmocka_unit_test(mixed_units_2026),
      cmocka_unit_test(step_in_g),        cmocka_unit_test(all_in_g),
      cmocka_unit_test(shares_and_counts), cmocka_unit_test(bad_ranges),
      cmocka_unit_test(csv_rows),         cmocka_unit_test(sweep_run),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
