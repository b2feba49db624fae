/* test_output.c: the result tables written from a hand-built aggregate, every number worked
   out by hand: summary.csv's keys and figures (money exact from øre, an empty cell where a
   share has no denominator), groups.csv's row per group, cashflow.csv's rows for the years
   with money only, distribution.csv's NOK 10 000 and one-year bins with their shares, several
   scenarios in one file, and a failure that leaves nothing at the path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"

static char dir[] = "/tmp/stp_output_XXXXXX";

static int make_dir(void **state) {
  (void)state;
  return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path) {
  static char buf[1 << 16];
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

/* The value of column `col` in data row `row` (1: the first after the header) of csv. */
static const char *cell(const char *csv, int row, const char *col) {
  static char out[128];
  const char *line = csv;
  char head[4096];
  size_t hl = strcspn(line, "\n");
  snprintf(head, sizeof head, "%.*s", (int)hl, line);
  int k = 0, idx = -1;
  for (char *tok = strtok(head, ","); tok; tok = strtok(NULL, ","), k++)
    if (!strcmp(tok, col)) idx = k;
  assert_true(idx >= 0);
  for (int r = 0; r < row; r++) {
    line = strchr(line, '\n');
    assert_non_null(line);
    line++;
  }
  for (int i = 0; i < idx; i++) line = strchr(line, ',') + 1;
  size_t n = strcspn(line, ",\n");
  snprintf(out, sizeof out, "%.*s", (int)n, line);
  return out;
}

static int rows(const char *csv) {
  int n = -1; /* the header */
  for (const char *c = csv; *c; c++) n += *c == '\n';
  return n;
}

/* Seven students, three borrowers owing 2 385.17 + 1 000.00 + 0.01 NOK (mean 1 128.39, the
   first two in the NOK 0-10 000 band, none elsewhere), 2 385.17 paid out, two who repaid in
   10 and 18.25 years (the 10-11 and 18-19 one-year bins); nobody means-tested. Cash flows:
   238 517 øre paid out in 2025, 100 000 repaid in 2040, nothing in any other year. */
static stp_agg *hand_built(void) {
  stp_agg *a = stp_agg_alloc();
  assert_non_null(a);
  stp_group_acc *g = &a->g[STP_GROUP_ALL];
  g->students = 7;
  g->supported = 5;
  g->borrowers = 3;
  g->paid_out = 238517;
  g->grant = 50000;
  g->debt_end_study = 338518;
  g->debt_hist[238517 / STP_DEBT_BIN_WIDTH] = 1;
  g->debt_hist[100000 / STP_DEBT_BIN_WIDTH] += 1;
  g->debt_hist[0] += 1;
  g->debt_max = 238517;
  g->repay_count = 2;
  g->repay_months_sum = 120 + 219;
  g->repay_hist[120] = 1;
  g->repay_hist[219] = 1;
  g->repay_months_max = 219;
  a->cf.paid_out[2025 - STP_CF_FIRST] = 238517;
  a->cf.outstanding[2025 - STP_CF_FIRST] = 238517;
  a->cf.repaid[2040 - STP_CF_FIRST] = 100000;
  return a;
}

static void summary(void **state) {
  (void)state;
  stp_agg *a = hand_built();
  stp_summary_meta m = {.seed = 2385, .horizon_year = 2075};
  char path[300];
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  stp_error err = {0};
  assert_int_equal(stp_write_summary(path, "base, with comma", a, &m, &err), STP_OK);
  const char *t = slurp(path);
  const char *cols[STP_TABLE_MAX_COLUMNS];
  int n = stp_table_columns(STP_TABLE_SUMMARY, cols);
  char head[4096] = "";
  for (int i = 0; i < n; i++) {
    strcat(head, i ? "," : "");
    strcat(head, cols[i]);
  }
  strcat(head, "\n");
  assert_true(strncmp(t, head, strlen(head)) == 0);
  assert_int_equal(rows(t), 1);
  assert_true(strncmp(t + strlen(head), "\"base, with comma\",2385,2075,", 29) == 0);
  /* the name's comma is quoted: the cells after it are read past the quotes */
  snprintf(path, sizeof path, "%s/plain.csv", dir);
  assert_int_equal(stp_write_summary(path, "base", a, &m, &err), STP_OK);
  t = slurp(path);
  assert_string_equal(cell(t, 1, "students"), "7");
  assert_string_equal(cell(t, 1, "paid_out_nok"), "2385.17");
  assert_string_equal(cell(t, 1, "debt_end_study_mean_nok"), "1128.39");
  assert_string_equal(cell(t, 1, "means_reduced_share"), "");

  /* groups.csv: one row per group, the ALL group first */
  snprintf(path, sizeof path, "%s/groups.csv", dir);
  assert_int_equal(stp_write_groups(path, "base", a, &m, &err), STP_OK);
  t = slurp(path);
  assert_int_equal(rows(t), STP_NGROUPS);
  assert_string_equal(cell(t, 1, "students"), "7");
  stp_agg_free(a);
}

static void cashflow_and_distribution(void **state) {
  (void)state;
  stp_agg *a = hand_built();
  char path[300];
  snprintf(path, sizeof path, "%s/cashflow.csv", dir);
  stp_error err = {0};
  stp_table_writer *w = NULL;
  assert_int_equal(stp_table_open(path, STP_TABLE_CASHFLOW, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "base", a, NULL, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "reform", a, NULL, &err), STP_OK);
  assert_int_equal(stp_table_commit(w, &err), STP_OK);
  const char *t = slurp(path);
  assert_int_equal(rows(t), 4); /* two years with money, two scenarios */
  assert_non_null(strstr(t, "\nbase,2025,2385.17,0.00,0.00,0.00,0.00,0.00,0.00,2385.17\n"));
  assert_non_null(strstr(t, "\nreform,2040,0.00,0.00,0.00,1000.00,0.00,0.00,0.00,0.00\n"));
  stp_money v[STP_CASHFLOW_VALUES];
  assert_false(stp_cashflow_row(&a->cf, 2030 - STP_CF_FIRST, v));
  assert_true(stp_cashflow_row(&a->cf, 2040 - STP_CF_FIRST, v));
  assert_int_equal(v[3], 100000);

  snprintf(path, sizeof path, "%s/distribution.csv", dir);
  assert_int_equal(stp_write_distribution(path, "base", a, &err), STP_OK);
  t = slurp(path);
  /* all three debts in NOK 0-10 000: 3 of 3 borrowers; 10 and 18.25 years: one each of 2 */
  assert_non_null(strstr(t, "\nbase,debt_end_study_nok,0.00,10000.00,3,1.000000\n"));
  assert_non_null(strstr(t, "\nbase,years_to_repay_years,10,11,1,0.500000\n"));
  assert_non_null(strstr(t, "\nbase,years_to_repay_years,18,19,1,0.500000\n"));
  assert_int_equal(rows(t), 3);
  stp_agg_free(a);
}

static void failures_leave_nothing(void **state) {
  (void)state;
  stp_agg *a = hand_built();
  stp_error err = {0};
  stp_summary_meta m = {.seed = 1, .horizon_year = 2075};
  /* a folder where the file is due: refused, the folder untouched */
  assert_int_equal(stp_write_summary(dir, "base", a, &m, &err), STP_EINVAL);
  assert_int_equal(access(dir, F_OK), 0);
  /* an aborted table: nothing at the path */
  char path[300];
  snprintf(path, sizeof path, "%s/aborted.csv", dir);
  stp_table_writer *w = NULL;
  assert_int_equal(stp_table_open(path, STP_TABLE_SUMMARY, &w, &err), STP_OK);
  assert_int_equal(stp_table_add(w, "base", a, &m, &err), STP_OK);
  stp_table_abort(w);
  assert_int_not_equal(access(path, F_OK), 0);
  assert_int_equal(stp_table_open("", STP_TABLE_SUMMARY, &w, &err), STP_EINVAL);
  stp_agg_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(summary),
      cmocka_unit_test(cashflow_and_distribution),
      cmocka_unit_test(failures_leave_nothing),
  };
  return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
