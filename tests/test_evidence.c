/* test_evidence.c: the evidence of a comparison for a budget note, on the baseline against
   the same scenario with basic support set to NOK 170 000 (300 students): what the evidence
   says a student gets a month is what the support rules pay her (170 000 / 11 months, to
   the whole krone as Lånekassen sets its monthly rates: 15 455.00, the figure stipend
   explain prints); every row of evidence.csv is its reform's value minus the baseline's;
   the changes stp_evidence_changes gives are evidence.csv's. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analytics/compare.h"
#include "analytics/evidence.h"
#include "explain.h"
#include "prepared.h"

#define BASELINE STP_TEST_DATA "/../../scenarios/baseline-2025-26.ini"

static stp_prepared *prepare(const char *set, const stp_prepared *base) {
  const char *sets[] = {set, "run.name=basic-170000"};
  stp_prepare_opts o = {.sets = sets, .nsets = set ? 2 : 0, .size = 300, .threads = 1,
                        .deciles = base ? base->ctx.earn_deciles : NULL, .cohort_of = base};
  stp_prepared *x = NULL;
  stp_error err = {0};
  if (stp_prepared_open(BASELINE, NULL, &o, &x, &err) != STP_OK) fail_msg("%s", err.msg);
  return x;
}

typedef struct rows {
  int n, col[6];
  char measure[32][48];
  double base[32], reform[32], diff[32];
  bool empty[32];
} rows;

static int on_row(void *ctx, int line, int n, char **f, stp_error *err) {
  (void)line;
  (void)err;
  rows *r = ctx;
  static const char *const want[] = {"measure", "baseline_value", "reform_value", "difference"};
  if (r->col[5]++ == 0) {
    for (int k = 0; k < 4; k++)
      for (int i = 0; i < n; i++)
        if (!strcmp(f[i], want[k])) r->col[k] = i;
    return STP_OK;
  }
  if (r->n == 32) return STP_OK;
  snprintf(r->measure[r->n], sizeof r->measure[0], "%s", f[r->col[0]]);
  r->empty[r->n] = !f[r->col[1]][0] || !f[r->col[2]][0] || !f[r->col[3]][0];
  r->base[r->n] = atof(f[r->col[1]]);
  r->reform[r->n] = atof(f[r->col[2]]);
  r->diff[r->n] = atof(f[r->col[3]]);
  r->n++;
  return STP_OK;
}

static void support_and_differences(void **state) {
  (void)state;
  stp_prepared *x[2];
  x[0] = prepare(NULL, NULL);
  x[1] = prepare("policy.basic_support=170000", x[0]);
  char dir[] = "/tmp/stp_evidence_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char out[64];
  snprintf(out, sizeof out, "%s/cmp", dir);
  const char *files[] = {BASELINE, BASELINE};
  stp_compare_job j = {.x = x, .files = files, .n = 2, .out = out, .replications = 1,
                       .threads = 1, .command = "test_evidence"};
  stp_compare_results r = {0};
  stp_error err = {0};
  if (stp_compare_run(&j, &r, &err) != STP_OK) fail_msg("%s", err.msg);
  const stp_evidence *e = r.evidence;
  assert_non_null(e);

  /* what a student gets a month: the evidence's figure is the one the rules pay */
  const stp_evidence_support *sp = &e->support[1];
  assert_int_equal(sp->reform_month, STP_NOK(15455));
  stp_explain_in in;
  stp_explain_defaults(&in);
  in.prof.sy.year = sp->year;
  stp_year_account acc;
  assert_int_equal(stp_account_year(x[1]->p, &in.prof, &acc, &err), STP_OK);
  assert_int_equal(acc.sup.monthly_basic, sp->reform_month);
  assert_int_equal(acc.sup.basic, 11 * STP_NOK(15455)); /* 170 005.00 paid over 11 months */
  in.prof.sy.year = sp->year;
  assert_int_equal(stp_account_year(x[0]->p, &in.prof, &acc, &err), STP_OK);
  assert_int_equal(acc.sup.monthly_basic, sp->base_month);

  /* evidence.csv: each row's difference is reform minus baseline; the changes are these */
  char path[128];
  snprintf(path, sizeof path, "%s/evidence.csv", out);
  rows t = {0};
  assert_int_equal(stp_csv_read_file(path, on_row, &t, &err), STP_OK);
  assert_true(t.n >= 10);
  double changes[STP_EVIDENCE_MEASURES];
  int nc = stp_evidence_changes(e, 1, changes);
  assert_int_equal(nc, t.n);
  int month_row = -1;
  for (int i = 0; i < t.n; i++) {
    if (!strcmp(t.measure[i], "basic_support_month")) month_row = i;
    if (t.empty[i]) continue;
    double scale = fabs(t.reform[i]) + fabs(t.base[i]) + 1;
    if (fabs(t.reform[i] - t.base[i] - t.diff[i]) > 0.005 + 1e-12 * scale)
      fail_msg("%s: %f - %f != %f", t.measure[i], t.reform[i], t.base[i], t.diff[i]);
    if (!isnan(changes[i]) && fabs(changes[i] - t.diff[i]) > 0.005 + 1e-9 * scale)
      fail_msg("%s: change %f, evidence.csv %f", t.measure[i], changes[i], t.diff[i]);
  }
  assert_true(month_row >= 0);
  assert_true(fabs(t.reform[month_row] - 15455.00) < 1e-9);

  stp_compare_results_free(&r);
  stp_prepared_close(x[1]);
  stp_prepared_close(x[0]);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(support_and_differences),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
