/* test_plot.c: the charts of a results folder: where the gnuplot scripts are found, what
   counts as something to plot, the reform-minus-baseline numbers written beside a chart
   (computed by hand from a hand-written distribution), the listing, and the failures that
   leave the previous charts current (no gnuplot, a file that is not stipend's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plot.h"

#define SCRIPTS STP_TEST_DATA "/../../plots"

static void write_file(const char *dir, const char *name, const char *text) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
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

static void scripts_found(void **state) {
  (void)state;
  char buf[1100];
  stp_error err = {0};
  assert_int_equal(stp_plot_scripts(SCRIPTS, NULL, buf, sizeof buf, &err), STP_OK);
  assert_string_equal(buf, SCRIPTS);
  /* beside the datasets folder: <repo>/datasets -> <repo>/plots */
  unsetenv("STIPEND_PLOTS");
  assert_int_equal(stp_plot_scripts(NULL, STP_DATADIR, buf, sizeof buf, &err), STP_OK);
  size_t n = strlen(buf);
  assert_true(n > 6 && strcmp(buf + n - 6, "/plots") == 0);
  /* a folder without common.gp is bad input, naming the folder */
  assert_int_equal(stp_plot_scripts(STP_TEST_DATA, NULL, buf, sizeof buf, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, STP_TEST_DATA));
  /* none beside a datasets folder that has no plots/ next to it */
  assert_int_equal(stp_plot_scripts(NULL, STP_TEST_DATA "/plots/compare", buf, sizeof buf, &err),
                   STP_EIO);
  assert_non_null(strstr(err.msg, "common.gp"));
}

/* Two scenarios' debt at end of study in NOK 25 000 bands (the chart's bands are 50 000 wide,
   so two rows fall in each): the baseline 0.10 + 0.25 | 0.40 + 0.25, the reform 0.05 + 0.10 |
   0.35 + 0.50. Reform minus baseline in percentage points: 15 - 35 = -20 in NOK 0-50 000 and
   85 - 65 = +20 in 50 000-100 000; the changes of two complete distributions add up to 0. */
static const char *const distribution =
    "scenario,measure,from,to,students,share\n"
    "base,debt_end_study_nok,0.00,25000.00,10,0.100000\n"
    "base,debt_end_study_nok,25000.00,50000.00,25,0.250000\n"
    "base,debt_end_study_nok,50000.00,75000.00,40,0.400000\n"
    "base,debt_end_study_nok,75000.00,100000.00,25,0.250000\n"
    "reform,debt_end_study_nok,0.00,25000.00,5,0.050000\n"
    "reform,debt_end_study_nok,25000.00,50000.00,10,0.100000\n"
    "reform,debt_end_study_nok,50000.00,75000.00,35,0.350000\n"
    "reform,debt_end_study_nok,75000.00,100000.00,50,0.500000\n";

static void comparison_drawn(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_plot_XXXXXX";
  assert_non_null(mkdtemp(dir));
  assert_false(stp_plot_has_input(dir));
  write_file(dir, "distribution.csv", distribution);
  assert_true(stp_plot_has_input(dir));
  unsetenv("STIPEND_GNUPLOT");
  char out[1200], listing_path[1200];
  snprintf(out, sizeof out, "%s/charts", dir);
  snprintf(listing_path, sizeof listing_path, "%s/listing.txt", dir);
  FILE *listing = fopen(listing_path, "w");
  assert_non_null(listing);
  stp_plot_opts o = {.scripts = SCRIPTS, .out = out, .svg = true, .listing = listing};
  stp_error err = {0};
  int written = -1;
  int rc = stp_plot_draw(dir, &o, &written, &err);
  fclose(listing);
  if (rc != STP_OK) fail_msg("%s", err.msg);
  /* one chart (svg only; the count is of charts), its numbers beside it */
  assert_int_equal(written, 1);
  char path[1300];
  snprintf(path, sizeof path, "%s/debt-end-study-change.csv", out);
  const char *csv = slurp(path);
  assert_non_null(csv);
  assert_non_null(strstr(csv, "reform,0.000000,50000.000000,-20.000000\n"));
  assert_non_null(strstr(csv, "reform,50000.000000,100000.000000,20.000000\n"));
  assert_null(strstr(csv, "\nbase,")); /* the baseline is the zero line, not a series */
  snprintf(path, sizeof path, "%s/debt-end-study-change.svg", out);
  assert_int_equal(access(path, R_OK), 0);
  snprintf(path, sizeof path, "%s/debt-end-study-change.png", out);
  assert_int_not_equal(access(path, F_OK), 0);
  /* the listing names the folder the files became current in */
  const char *l = slurp(listing_path);
  char line[1400];
  snprintf(line, sizeof line, "charts of %s:\n  %s/debt-end-study-change.csv\n", dir, out);
  assert_non_null(strstr(l, line));

  /* without gnuplot: an error naming the cause, the charts drawn before stay */
  setenv("STIPEND_GNUPLOT", "/nonexistent/gnuplot", 1);
  o.listing = NULL;
  o.png = true;
  assert_int_equal(stp_plot_draw(dir, &o, &written, &err), STP_EIO);
  assert_non_null(strstr(err.msg, "gnuplot not found"));
  snprintf(path, sizeof path, "%s/debt-end-study-change.svg", out);
  assert_int_equal(access(path, R_OK), 0);
  snprintf(path, sizeof path, "%s/debt-end-study-change.png", out);
  assert_int_not_equal(access(path, F_OK), 0);
  unsetenv("STIPEND_GNUPLOT");

  /* a distribution.csv that is not stipend's: bad input naming the file and line */
  write_file(dir, "distribution.csv", "scenario,what\nbase,1\n");
  assert_int_equal(stp_plot_draw(dir, &o, &written, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "distribution.csv:1: no column 'measure'"));
  char cmd[1300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scripts_found),
      cmocka_unit_test(comparison_drawn),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
