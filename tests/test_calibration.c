/* test_calibration.c: a calibration scenario measured in one call (stp_calibration_run):
   every published statistic beside its simulated value, the first row Lånekassen's mean debt
   of NOK 434 000 at the end of higher education in 2024 (Lånekassen via Finansavisen
   12.06.2025) over that year's leavers; its printed table and CSV (the gap is simulated /
   published - 1, the source quoted as one field); the publisher's part of a source. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calibration.h"
#include "prepared.h"

#define CALIBRATION STP_TEST_DATA "/../../scenarios/calibration-2024.ini"

static void source_and_quotes(void **state) {
  (void)state;
  assert_int_equal(stp_calib_source_name("SSB, table 1 (https://ssb.no/x)"), 12);
  assert_int_equal(stp_calib_source_name("Lånekassen, https://lanekassen.no/"),
                   (int)strlen("Lånekassen"));
  assert_int_equal(stp_calib_source_name("a report"), 8);
  char buf[64] = {0};
  FILE *f = fmemopen(buf, sizeof buf - 1, "w");
  assert_non_null(f);
  stp_calib_quoted(f, "the \"2024\" leavers, all");
  fclose(f);
  assert_string_equal(buf, "\"the \"\"2024\"\" leavers, all\"");
}

static void measured(void **state) {
  (void)state;
  stp_error err = {0};
  stp_prepared *x;
  stp_prepare_opts po = {.size = 3000};
  if (stp_prepared_open(CALIBRATION, NULL, &po, &x, &err) != STP_OK) fail_msg("%s", err.msg);
  stp_calibration *c = malloc(sizeof *c);
  assert_non_null(c);
  if (stp_calibration_run(x, 2, c, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_int_equal(c->n, STP_CALIB_NSTATS);
  assert_int_equal(c->k.students, 3000);
  assert_int_equal(c->o.years.debt, 2024);
  assert_string_equal(c->st[0].key, "debt_end_he");
  assert_float_equal(c->st[0].published, 434000, 0);
  /* the first row is the year's leavers: the simulated mean is their debt over their count */
  int64_t leavers = 0;
  stp_money debt = 0;
  for (int i = 0; i < STP_LEAVER_KINDS; i++) {
    leavers += c->k.leavers[i];
    debt += c->k.debt[i];
  }
  assert_true(leavers > 0);
  assert_int_equal(c->st[0].population, leavers);
  assert_float_equal(c->st[0].simulated, (double)debt / (double)leavers / 100.0, 0.01);
  /* the CSV: a header, one line per statistic, the gap as simulated / published - 1 */
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&text, &size);
  assert_non_null(f);
  stp_calibration_print(f, c, &x->sc, true, false);
  fclose(f);
  int lines = 0;
  for (const char *p = text; *p; p++) lines += *p == '\n';
  assert_int_equal(lines, 1 + STP_CALIB_NSTATS);
  const char *row = strstr(text, "\ndebt_end_he,");
  assert_non_null(row);
  char gap[32];
  snprintf(gap, sizeof gap, ",%.4f,", c->st[0].simulated / 434000.0 - 1);
  assert_non_null(strstr(row, gap));
  free(text);
  free(c);
  stp_prepared_close(x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(source_and_quotes),
      cmocka_unit_test(measured),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
