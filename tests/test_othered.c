/* test_othered.c: the vocational colleges and folk high schools as group models: SSB's
   published counts read back (held after the last row), calendar year 2017 from the
   published monthly rates (a folk-high-school year of 2017-18 is Lånekassen's 106 340
   kroner, ten months), the convertible 40 % of what is paid to students living away, and
   the loader's errors on edited copies. */
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
#include <math.h>

#include "othered.h"
#include "params.h"

static const char *datasets(void) {
  const char *d = getenv("STIPEND_DATASETS");
  return d && *d ? d : STP_DATADIR;
}

static void load(stp_other *o) {
  stp_error err = {0};
  int rc = stp_other_load(datasets(), o, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, STP_OK);
}

static stp_params *params(void) {
  stp_params *p = NULL;
  stp_error err = {0};
  if (stp_params_load(NULL, &p, &err) != STP_OK) fail_msg("datasets: %s", err.msg);
  return p;
}

/* SSB: 14 748 vocational-college students in autumn 2016, 15 300 in 2017, 16 300 in 2018,
   29 500 in 2023 (held after it). */
static void test_published_counts(void **state) {
  (void)state;
  stp_other o;
  load(&o);
  stp_status st;
  assert_int_equal(stp_other_students(&o, STP_OTHER_VOCATIONAL, 2016, &st), 14748);
  assert_int_equal(st, STP_STATUS_OFFICIAL);
  assert_int_equal(stp_other_students(&o, STP_OTHER_VOCATIONAL, 2017, NULL), 15300);
  assert_int_equal(stp_other_students(&o, STP_OTHER_VOCATIONAL, 2018, NULL), 16300);
  assert_int_equal(stp_other_students(&o, STP_OTHER_VOCATIONAL, 2023, NULL), 29500);
  assert_int_equal(stp_other_students(&o, STP_OTHER_VOCATIONAL, 2030, &st), 29500);
  assert_int_equal(st, STP_STATUS_PROJECTED);
  assert_int_equal(stp_other_students(&o, STP_OTHER_FOLK_HIGH_SCHOOL, 2016, NULL), 6737);
  assert_string_equal(stp_other_group_name(STP_OTHER_FOLK_HIGH_SCHOOL), "folk_high_school");
}

/* Calendar year 2017, each group alone: the spring of 2016-17 (10 395 a month, and for the
   vocational colleges' full-time students higher education's first phase-in week in June
   2017, 2 599: regjeringen.no, Endringer fra studieåret 2016-17) to 2016-17's students and
   the autumn of 2017-18 (10 634 a month) to 2017-18's. A folk-high-school pupil's ten months
   of 2017-18 are Lånekassen's published 106 340 kroner (Folkehøgskole 2017-2018), 5 x 10 634
   of it in the autumn; 40 % of what is paid to students living away could convert. */
static void test_year_2017(void **state) {
  (void)state;
  stp_other o;
  load(&o);
  stp_params *p = params();
  int i = 2017 - STP_CF_FIRST;
  stp_money loans[STP_CF_YEARS] = {0}, conv[STP_CF_YEARS] = {0};
  stp_other one = o;
  one.g[STP_OTHER_VOCATIONAL].first = 0; /* the folk high schools alone */
  stp_other_flows(&one, p, loans, conv);
  int64_t pupils = stp_other_recipients(&o, STP_OTHER_FOLK_HIGH_SCHOOL, 2017);
  assert_int_equal(pupils, 5390); /* 6 737 x 0.8 */
  assert_int_equal(stp_other_recipients(&o, STP_OTHER_FOLK_HIGH_SCHOOL, 2016), pupils);
  assert_int_equal(10 * 10634, 106340);
  assert_int_equal(loans[i], pupils * STP_NOK(5 * 10395 + 5 * 10634));
  assert_int_equal(conv[i], stp_mul_rate(pupils * STP_NOK(5 * 10395), 0.4) +
                                stp_mul_rate(pupils * STP_NOK(5 * 10634), 0.4));

  one = o;
  one.g[STP_OTHER_FOLK_HIGH_SCHOOL].first = 0; /* the vocational colleges alone */
  memset(loans, 0, sizeof loans);
  memset(conv, 0, sizeof conv);
  stp_other_flows(&one, p, loans, conv);
  int64_t full16 = stp_other_recipients(&o, STP_OTHER_VOCATIONAL, 2016);
  int64_t full17 = stp_other_recipients(&o, STP_OTHER_VOCATIONAL, 2017);
  int64_t part16 = llround(14748 * o.g[STP_OTHER_VOCATIONAL].parttime_fte);
  int64_t part17 = llround(15300 * o.g[STP_OTHER_VOCATIONAL].parttime_fte);
  assert_int_equal(full17, 5585); /* 15 300 x 0.365 */
  stp_money spring = full16 * STP_NOK(5 * 10395 + 2599) + part16 * STP_NOK(5 * 10395);
  stp_money autumn = (full17 + part17) * STP_NOK(5 * 10634);
  assert_int_equal(loans[i], spring + autumn);
  assert_int_equal(conv[i], stp_mul_rate(stp_mul_rate(spring, 0.9), 0.4) +
                                stp_mul_rate(stp_mul_rate(autumn, 0.9), 0.4));
  /* the basic loan awarded in 2017-18: a full-time year of higher education (111 657) to the
     vocational colleges' full-time recipients, ten months (106 340) to their part-time
     equivalents and to the folk high schools' pupils */
  assert_int_equal(stp_other_year_basic(&o, p, 2017),
                   full17 * STP_NOK(111657) + (part17 + pupils) * STP_NOK(106340));
  stp_params_free(p);
}

static char tmp[64];

static void expect_error(const char *text, const char *needle) {
  char dir[128], path[256];
  snprintf(tmp, sizeof tmp, "/tmp/stp_othered_XXXXXX");
  assert_non_null(mkdtemp(tmp));
  snprintf(dir, sizeof dir, "%s/population", tmp);
  assert_int_equal(mkdir(dir, 0700), 0);
  snprintf(path, sizeof path, "%s/other_education.csv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  stp_other o;
  stp_error err = {0};
  assert_int_not_equal(stp_other_load(tmp, &o, &err), STP_OK);
  if (!strstr(err.msg, needle)) fprintf(stderr, "message: %s\n", err.msg);
  assert_non_null(strstr(err.msg, needle));
  assert_non_null(strstr(err.msg, "other_education.csv"));
  unlink(path);
  rmdir(dir);
  rmdir(tmp);
}

#define HEAD "item,group,year,value,unit,status,source,note\n"
#define V "students,vocational,2017-18,15300,students,official,https://ssb.no,\n"

static void test_loader_errors(void **state) {
  (void)state;
  expect_error(HEAD V "students,vocational,2019-20,17869,students,official,https://ssb.no,\n",
               ":3: year: 2019-20 does not follow");
  expect_error(HEAD "students,vocational,2017-18,-5,students,official,https://ssb.no,\n",
               ":2: value: '-5' is not a count");
  expect_error(HEAD "students,adult_pupils,2017-18,100,students,official,https://ssb.no,\n",
               ":2: group: unknown 'adult_pupils'");
  expect_error(HEAD V "fulltime_share,vocational,,1.5,share,derived,https://ssb.no,x\n",
               ":3: value: 1.5 is outside [0, 1]");
  expect_error(HEAD V "months,vocational,,13,months,official,https://lanekassen.no,\n",
               ":3: value: 13 is not 0");
  expect_error(HEAD V "away_share,vocational,,0.9,share,derived,https://ssb.no,\n",
               ":3: note: a derived value needs its method");
  expect_error(HEAD V, "fulltime_share of vocational: missing");
  expect_error("item,group,year,count,unit,status,source,note\n", ":1: header: column 4 is 'count'");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_published_counts),
                                     cmocka_unit_test(test_year_2017),
                                     cmocka_unit_test(test_loader_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
