/* test_population.c: the national population: SSB's published starting cohorts read back,
   the loader's errors (file, line, field) on edited copies, whole-number weights that add up
   to the national count exactly at any sample share, the horizon's entry years, the draw of a
   stratum's student (level and age group kept) and the clipping of a student who entered
   before 2016-17, with the debt of the years clipped. */
#include <math.h>
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

#include "cohort.h"
#include "population.h"
#include "rng.h"

static const char *datasets(void) {
  const char *d = getenv("STIPEND_DATASETS");
  return d && *d ? d : STP_DATADIR;
}

static stp_population *load(void) {
  stp_population *p = NULL;
  stp_error err = {0};
  int rc = stp_population_load(datasets(), &p, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, STP_OK);
  return p;
}

/* SSB's starting cohorts (gjennomføring ved universiteter og høgskoler): 36 248 bachelor
   entrants in 2018, 16 413 two-year master entrants in 2019, 5 813 integrated master entrants
   in 2016; each the official row of its year. */
static void test_published_cohorts(void **state) {
  (void)state;
  stp_population *p = load();
  stp_status st;
  assert_int_equal(stp_population_row(p, 2018, STP_LEVEL_BACHELOR, &st), 36248);
  assert_int_equal(st, STP_STATUS_OFFICIAL);
  assert_int_equal(stp_population_row(p, 2019, STP_LEVEL_MASTER2, &st), 16413);
  assert_int_equal(st, STP_STATUS_OFFICIAL);
  assert_int_equal(stp_population_row(p, 2016, STP_LEVEL_MASTER5, &st), 5813);
  assert_int_equal(st, STP_STATUS_OFFICIAL);
  /* every year from 2008-09 (eight years before 2016-17) to 2035-36 has rows */
  assert_true(stp_population_first_year(p) <= 2008);
  assert_true(stp_population_last_year(p) >= 2035);
  /* the two age groups add up to the level, and years after the last row are held */
  int last = stp_population_last_year(p);
  for (int l = 0; l < STP_LEVEL_COUNT; l++) {
    int64_t a = stp_population_entrants(p, last + 7, l, STP_AGE_UNDER30, &st);
    int64_t b = stp_population_entrants(p, last + 7, l, STP_AGE_30PLUS, NULL);
    assert_int_equal(st, STP_STATUS_PROJECTED);
    assert_int_equal(a, stp_population_entrants(p, last, l, STP_AGE_UNDER30, NULL));
    assert_int_equal(b, stp_population_entrants(p, last, l, STP_AGE_30PLUS, NULL));
    assert_true(a > 0 && b > 0);
  }
  assert_int_equal(stp_population_entrants(p, 1990, 0, 0, NULL), -1);
  assert_int_equal(stp_population_entrants(p, 2020, 4, 0, NULL), -1);
  assert_int_equal(stp_population_entrants(p, 2020, 0, 2, NULL), -1);
  stp_population_free(p);
}

/* The weights of every stratum add up to its national count, whatever the share: the
   national total of a sample is exact. */
static void test_weights_exact(void **state) {
  (void)state;
  stp_population *p = load();
  const double shares[] = {1.0, 0.05, 0.013, 0.37, 0.0001};
  for (size_t k = 0; k < sizeof shares / sizeof shares[0]; k++) {
    stp_pop_sample *s = NULL;
    stp_error err = {0};
    assert_int_equal(stp_pop_sample_make(p, 2017, 2035, shares[k], &s, &err), STP_OK);
    int64_t national = 0;
    for (int y = 2017; y <= 2035; y++)
      for (int l = 0; l < STP_LEVEL_COUNT; l++)
        for (int a = 0; a < STP_AGE_GROUPS; a++)
          national += stp_population_entrants(p, y, l, a, NULL);
    assert_int_equal(stp_pop_sample_national(s), national);
    int64_t sum = 0, by_year[2036 - 2017] = {0}, expect_year[2036 - 2017] = {0};
    for (int y = 2017; y <= 2035; y++)
      for (int l = 0; l < STP_LEVEL_COUNT; l++)
        for (int a = 0; a < STP_AGE_GROUPS; a++)
          expect_year[y - 2017] += stp_population_entrants(p, y, l, a, NULL);
    int64_t wmin = INT64_MAX, wmax = 0;
    for (uint64_t id = 0; id < stp_pop_sample_size(s); id++) {
      stp_pop_slot slot;
      stp_pop_sample_slot(s, id, &slot);
      assert_true(slot.weight >= 1);
      assert_in_range(slot.entry_year, 2017, 2035);
      sum += slot.weight;
      by_year[slot.entry_year - 2017] += slot.weight;
      if (slot.weight < wmin) wmin = slot.weight;
      if (slot.weight > wmax) wmax = slot.weight;
    }
    assert_int_equal(sum, national);
    for (int y = 0; y < 2036 - 2017; y++) assert_int_equal(by_year[y], expect_year[y]);
    /* the sample is the share of the country, and the weights are about 1 / share */
    double size = (double)stp_pop_sample_size(s);
    assert_true(size >= shares[k] * (double)national * 0.99 - 160);
    assert_true(size <= shares[k] * (double)national * 1.01 + 160);
    if (shares[k] == 1.0) assert_true(wmin == 1 && wmax == 1);
    if (shares[k] == 0.05) assert_true(wmin >= 17 && wmax <= 23); /* 92 entrants: 5 of 18-19 */
    stp_pop_sample_free(s);
  }
  stp_pop_sample *s = NULL;
  stp_error err = {0};
  assert_int_equal(stp_pop_sample_make(p, 2017, 2020, 0, &s, &err), STP_ERANGE);
  assert_int_equal(stp_pop_sample_make(p, 2017, 2020, 1.5, &s, &err), STP_ERANGE);
  assert_int_equal(stp_pop_sample_make(p, 1990, 2020, 0.1, &s, &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "entrants.csv"));
  stp_population_free(p);
}

static void test_horizon(void **state) {
  (void)state;
  int first, last;
  stp_population_horizon(2027, STP_POP_DEFAULT_BUDGET_YEARS, &first, &last);
  assert_int_equal(first, 2019);
  assert_int_equal(last, 2036);
  stp_population_horizon(2017, 1, &first, &last);
  assert_int_equal(first, 2009);
  assert_int_equal(last, 2017);
}

/* A stratum's student keeps its entry year, level and age group; the rest is random. */
static void test_draw_slot(void **state) {
  (void)state;
  stp_cohort_model *m = NULL;
  stp_error err = {0};
  assert_int_equal(stp_cohort_model_load(datasets(), NULL, &m, &err), STP_OK);
  gsl_rng *r = stp_rng_alloc();
  int older = 0;
  for (uint64_t id = 0; id < 4000; id++) {
    int level = (int)(id % STP_LEVEL_COUNT), group = (int)(id / 7 % 2);
    stp_student s;
    stp_cohort_draw_slot(m, r, 11, id, 2012, level, group, &s);
    assert_int_equal(s.entry_year, 2012);
    assert_int_equal(s.level, level);
    int age = 2012 - s.birth_year;
    if (group == STP_AGE_30PLUS) assert_true(age >= 30);
    else assert_true(age < 30);
    older += age >= 30;
    /* a pure function of (seed, id) */
    stp_student t;
    stp_cohort_draw_slot(m, r, 11, id, 2012, level, group, &t);
    assert_memory_equal(&s, &t, sizeof s);
  }
  assert_in_range(older, 1900, 2100);
  gsl_rng_free(r);
  stp_cohort_model_free(m);
}

/* A student who entered in 2013-14 with six years enters 2016-17 with her last three;
   one who left before 2016-17 is not simulated. */
static void test_clip(void **state) {
  (void)state;
  stp_student s;
  memset(&s, 0, sizeof s);
  s.entry_year = 2013;
  s.years = 6;
  for (int k = 0; k < 6; k++) {
    s.credits[k] = (uint8_t)(10 * k + 5);
    s.passed[k] = (uint8_t)(10 * k);
  }
  for (int j = 0; j <= 6; j++) s.income[j] = 1000 * (j + 1);
  assert_true(stp_population_clip(&s, 2016));
  assert_int_equal(s.entry_year, 2016);
  assert_int_equal(s.years, 3);
  assert_int_equal(s.credits[0], 35);
  assert_int_equal(s.passed[2], 50);
  assert_int_equal(s.credits[3], 0);
  assert_int_equal(s.income[0], 4000); /* calendar 2016 */
  assert_int_equal(s.income[3], 7000); /* calendar 2019 */
  assert_int_equal(s.income[4], 0);
  stp_student u = s;
  assert_true(stp_population_clip(&u, 2016)); /* in 2016: untouched */
  assert_memory_equal(&u, &s, sizeof s);
  s.entry_year = 2010;
  s.years = 5; /* 2010-11 .. 2014-15 */
  assert_false(stp_population_clip(&s, 2016));
}

/* The debt of the years the clip drops (stp_cohort_years_debt): each year's full-time basic
   support times the share of a full-time year taken and the take-up, less 40 % x
   prior_full_conversion_share (0.70) that converts on average. The model's basic support
   before 2016-17 is extended back by wage growth; it stays within 3 % of Lånekassen's
   published full-time years: 100 920 in 2015-16 (Lånekassen, forslag til statsbudsjett
   2016) and 94 400 in 2013-14 (studentnews.eu, Student grants and loans in Europe). */
static void test_clipped_years_debt(void **state) {
  (void)state;
  stp_cohort_model *m = NULL;
  stp_error err = {0};
  assert_int_equal(stp_cohort_model_load(datasets(), NULL, &m, &err), STP_OK);
  stp_student s;
  memset(&s, 0, sizeof s);
  s.entry_year = 2013;
  s.years = 5;
  s.borrows = 1;
  s.take_up = 1.0f;
  const int credits[] = {60, 0, 30, 60, 60};
  for (int k = 0; k < 5; k++) s.credits[k] = (uint8_t)credits[k];
  const double kept = 1 - 0.4 * 0.70;
  /* 2013-14 alone */
  double d13 = (double)stp_cohort_years_debt(m, &s, 1) / 100.0;
  assert_true(fabs(d13 / (94400 * kept) - 1) < 0.03);
  /* the first three years: 2014-15 off, 2015-16 at 30 credits */
  double d3 = (double)stp_cohort_years_debt(m, &s, 3) / 100.0;
  assert_true(fabs((d3 - d13) / (0.5 * 100920 * kept) - 1) < 0.03);
  /* half the take-up, half the debt (to the krone); none without borrowing */
  s.take_up = 0.5f;
  assert_true(llabs(stp_cohort_years_debt(m, &s, 3) * 2 - (stp_money)(d3 * 100)) <= 200);
  s.borrows = 0;
  assert_int_equal(stp_cohort_years_debt(m, &s, 3), 0);
  stp_cohort_model_free(m);
}

/* ---- the loader's errors, on edited copies ---- */

static char tmp[64];

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void copy_params(const char *dir) {
  char from[1024], to[1024], buf[4096];
  snprintf(from, sizeof from, "%s/population/parameters.csv", datasets());
  snprintf(to, sizeof to, "%s/population/parameters.csv", dir);
  FILE *in = fopen(from, "r"), *out = fopen(to, "w");
  assert_non_null(in);
  assert_non_null(out);
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
  fclose(in);
  fclose(out);
}

static void expect_error(const char *entrants, const char *needle) {
  char dir[128], path[256];
  snprintf(tmp, sizeof tmp, "/tmp/stp_pop_XXXXXX");
  assert_non_null(mkdtemp(tmp));
  snprintf(dir, sizeof dir, "%s/population", tmp);
  assert_int_equal(mkdir(dir, 0700), 0);
  copy_params(tmp);
  snprintf(path, sizeof path, "%s/entrants.csv", dir);
  write_file(path, entrants);
  stp_population *p = NULL;
  stp_error err = {0};
  int rc = stp_population_load(tmp, &p, &err);
  assert_int_not_equal(rc, STP_OK);
  assert_null(p);
  if (!strstr(err.msg, needle)) fprintf(stderr, "message: %s\n", err.msg);
  assert_non_null(strstr(err.msg, needle));
  assert_non_null(strstr(err.msg, "entrants.csv"));
  unlink(path);
  snprintf(path, sizeof path, "%s/parameters.csv", dir);
  unlink(path);
  rmdir(dir);
  rmdir(tmp);
}

#define HEAD "year,level,entrants,status,source,note\n"
#define ROWS2018 "2018-19,bachelor,36248,official,https://ssb.no,\n" \
                 "2018-19,master2,16000,derived,https://ssb.no,scaled\n" \
                 "2018-19,master5,5800,derived,https://ssb.no,scaled\n"

static void test_loader_errors(void **state) {
  (void)state;
  expect_error(HEAD ROWS2018, "no row for level oneyear");
  expect_error(HEAD ROWS2018 "2018-19,oneyear,9000,guess,https://ssb.no,x\n",
               ":5: status: unknown status 'guess'");
  expect_error(HEAD ROWS2018 "2018-19,oneyear,-3,stand-in,https://ssb.no,x\n", ":5: entrants:");
  expect_error(HEAD ROWS2018 "2018-19,oneyear,9000,stand-in,,x\n", ":5: source: empty");
  expect_error(HEAD ROWS2018 "2018-19,oneyear,9000,stand-in,https://ssb.no,\n",
               ":5: note: a stand-in count needs its method");
  expect_error(HEAD ROWS2018 "2018-19,bachelor,9000,official,https://ssb.no,\n",
               ":5: 2018-19 bachelor: already given on line 2");
  expect_error(HEAD ROWS2018 "2018-20,oneyear,9000,official,https://ssb.no,\n", ":5: year:");
  expect_error(HEAD ROWS2018 "2018-19,phd,9000,official,https://ssb.no,\n",
               ":5: level: unknown level 'phd'");
  expect_error("year,level,count,status,source,note\n", ":1: header: column 3 is 'count'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_published_cohorts), cmocka_unit_test(test_weights_exact),
      cmocka_unit_test(test_horizon),           cmocka_unit_test(test_draw_slot),
      cmocka_unit_test(test_clip),              cmocka_unit_test(test_clipped_years_debt),
      cmocka_unit_test(test_loader_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
