/* test_abroad.c: Norway's degree students abroad as a group model: Lånekassen's published
   counts read back (held after the last row), the basic support they are paid in a calendar
   year from the published monthly rates, the tuition support of 2017-18 against Diku's
   published total, and the loader's errors on edited copies. */
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

#include "abroad.h"
#include "params.h"

static const char *datasets(void) {
  const char *d = getenv("STIPEND_DATASETS");
  return d && *d ? d : STP_DATADIR;
}

static void load(stp_abroad *a) {
  stp_error err = {0};
  int rc = stp_abroad_load(datasets(), a, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, STP_OK);
}

static stp_params *params(void) {
  stp_params *p = NULL;
  stp_error err = {0};
  if (stp_params_load(NULL, &p, &err) != STP_OK) fail_msg("datasets: %s", err.msg);
  return p;
}

/* Lånekassen 10.09.2018: 16 635 degree students abroad in 2017-18; 13.09.2019: 15 941 in
   2018-19; 14.06.2024: 13 500 in 2023-24, held after it. */
static void test_published_counts(void **state) {
  (void)state;
  stp_abroad a;
  load(&a);
  stp_status st;
  assert_int_equal(stp_abroad_students(&a, 2017, &st), 16635);
  assert_int_equal(st, STP_STATUS_OFFICIAL);
  assert_int_equal(stp_abroad_students(&a, 2018, &st), 15941);
  assert_int_equal(stp_abroad_students(&a, 2023, &st), 13500);
  assert_int_equal(stp_abroad_students(&a, 2030, &st), 13500);
  assert_int_equal(st, STP_STATUS_PROJECTED);
  assert_int_equal(stp_abroad_students(&a, 2000, NULL), 0);
}

/* Calendar year 2017: the spring of 2016-17 (Lånekassen's 10 395 a month for 5 months, and
   the first phase-in week in June 2017, 2 599: regjeringen.no, Endringer fra studieåret
   2016-17) to 2016-17's students, and the autumn of 2017-18 (10 634 a month, Lånekassen,
   Endringer i Lånekassens regler fra 2017-2018 for studenter i utlandet) to 2017-18's. Only
   the basic support converts, up to 40 %. */
static void test_basic_support_2017(void **state) {
  (void)state;
  stp_abroad a;
  load(&a);
  a.tuition_per_student = 0;
  stp_params *p = params();
  stp_money loans[STP_CF_YEARS] = {0}, conv[STP_CF_YEARS] = {0}, grants[STP_CF_YEARS] = {0};
  stp_abroad_flows(&a, p, loans, conv, grants);
  int i = 2017 - STP_CF_FIRST;
  int64_t n1617 = stp_abroad_students(&a, 2016, NULL), n1718 = stp_abroad_students(&a, 2017, NULL);
  assert_int_equal(loans[i], STP_NOK(n1617 * (5 * 10395 + 2599) + n1718 * 5 * 10634));
  assert_int_equal(conv[i], n1617 * stp_mul_rate(STP_NOK(5 * 10395 + 2599), 0.4) +
                               n1718 * stp_mul_rate(STP_NOK(5 * 10634), 0.4));
  assert_int_equal(grants[i], 0);
  stp_params_free(p);
}

/* 2017-18 alone: Lånekassen's full-time year abroad (53 170 in the autumn, 58 487 in the
   spring: 10 months and 2 weeks of 10 634) and Diku's NOK 1 419 million of tuition loans and
   grants for degree study abroad in 2017-18, 30 % of it paid as grant (the stand-in split). */
static void test_year_2017_18(void **state) {
  (void)state;
  stp_abroad a;
  load(&a);
  int64_t n = stp_abroad_students(&a, 2017, NULL);
  memset(a.students, 0, sizeof a.students); /* every other year, and those held after, 0 */
  a.students[2017 - a.first] = n;
  stp_params *p = params();
  stp_money loans[STP_CF_YEARS] = {0}, conv[STP_CF_YEARS] = {0}, grants[STP_CF_YEARS] = {0};
  stp_abroad_flows(&a, p, loans, conv, grants);
  int i = 2017 - STP_CF_FIRST;
  for (int y = 0; y < STP_CF_YEARS; y++)
    if (y != i && y != i + 1) assert_true(loans[y] == 0 && conv[y] == 0 && grants[y] == 0);
  stp_money basic = STP_NOK(n * (53170 + 58487));
  stp_money tuition = loans[i] + loans[i + 1] + grants[i] + grants[i + 1] - basic;
  assert_true(llabs(tuition - STP_NOK(1419000000)) < STP_NOK(100000)); /* within 0.01 % */
  assert_int_equal(grants[i] + grants[i + 1], n * stp_mul_rate(STP_NOK(85301), 0.3));
  assert_int_equal(conv[i] + conv[i + 1], n * (stp_mul_rate(STP_NOK(53170), 0.4) +
                                               stp_mul_rate(STP_NOK(58487), 0.4)));
  /* their basic loan awarded in 2017-18: 111 657 each */
  assert_int_equal(stp_abroad_year_basic(&a, p, 2017), n * STP_NOK(111657));
  stp_params_free(p);
}

static char tmp[64];

static void expect_error(const char *text, const char *needle) {
  char dir[128], path[256];
  snprintf(tmp, sizeof tmp, "/tmp/stp_abroad_XXXXXX");
  assert_non_null(mkdtemp(tmp));
  snprintf(dir, sizeof dir, "%s/population", tmp);
  assert_int_equal(mkdir(dir, 0700), 0);
  snprintf(path, sizeof path, "%s/abroad.csv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  stp_abroad a;
  stp_error err = {0};
  assert_int_not_equal(stp_abroad_load(tmp, &a, &err), STP_OK);
  if (!strstr(err.msg, needle)) fprintf(stderr, "message: %s\n", err.msg);
  assert_non_null(strstr(err.msg, needle));
  assert_non_null(strstr(err.msg, "abroad.csv"));
  unlink(path);
  rmdir(dir);
  rmdir(tmp);
}

#define HEAD "item,year,value,unit,status,source,note\n"
#define T "tuition_per_student,,85301,NOK,derived,https://diku.no,x\n" \
          "tuition_grant_share,,0.3,share,stand-in,https://lanekassen.no,x\n"

static void test_loader_errors(void **state) {
  (void)state;
  expect_error(HEAD T "degree_students,2017-18,16635,students,official,https://lanekassen.no,\n"
                      "degree_students,2019-20,15000,students,official,https://lanekassen.no,\n",
               ":5: year: 2019-20 does not follow");
  expect_error(HEAD T "degree_students,2017-18,-1,students,official,https://lanekassen.no,\n",
               ":4: value: '-1' is not a count");
  expect_error(HEAD T "degree_students,2017-18,16635,students,official,,\n", ":4: source: empty");
  expect_error(HEAD T "exchange_students,2017-18,8312,students,official,https://lanekassen.no,\n",
               ":4: item: unknown 'exchange_students'");
  expect_error(HEAD "tuition_grant_share,,1.3,share,stand-in,https://lanekassen.no,x\n",
               ":2: value: 1.3 is outside [0, 1]");
  expect_error(HEAD T, "no degree_students rows");
  expect_error("item,year,count,unit,status,source,note\n", ":1: header: column 3 is 'count'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_published_counts), cmocka_unit_test(test_basic_support_2017),
      cmocka_unit_test(test_year_2017_18), cmocka_unit_test(test_loader_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
