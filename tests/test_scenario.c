/* Tests of scenario files: the defaults, the shipped scenarios, every kind of value, --set,
   applying overrides (1.5 G against the published G), and every error path, each provoked by
   a fixture in tests/data/scenarios/ whose message must name the file, the line and the key. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "params.h"
#include "scenario.h"

#define FIXTURES STP_TEST_DATA "/scenarios/"
#define SHIPPED STP_TEST_DATA "/../../scenarios/"

static stp_scenario S; /* large: not on the stack */

static void load_ok(const char *path) {
  stp_error err = {0};
  int rc = stp_scenario_load(path, &S, &err);
  if (rc != STP_OK) fail_msg("%s: %s", path, err.msg);
}

static stp_params *params(void) {
  stp_params *p = NULL;
  stp_error err = {0};
  if (stp_params_load(NULL, &p, &err) != STP_OK) fail_msg("datasets: %s", err.msg);
  return p;
}

static double value(const stp_params *p, const char *name, int year) {
  double v;
  assert_int_equal(stp_param_get(p, stp_param_find(name), year, &v, NULL), STP_OK);
  return v;
}

static double g_of(const stp_params *p, int year) { return value(p, "g", year); }

/* ---- defaults and shipped scenarios ---- */

static void defaults(void **state) {
  (void)state;
  assert_int_equal(stp_scenario_defaults(&S), STP_OK);
  assert_int_equal(S.base_year, 2025);
  assert_true(S.seed == 1);
  assert_int_equal(S.entry_first, 2025);
  assert_int_equal(S.entry_last, 2025);
  assert_int_equal(S.replications, 1);
  assert_int_equal(S.size, 100000);
  assert_int_equal(S.source, STP_COHORT_SYNTHETIC);
  assert_string_equal(S.microdata, "");
  assert_string_equal(S.calibration, "default");
  assert_int_equal(S.noverrides, 0);
  assert_int_equal(S.rate_npoints, 0);
  assert_true(isnan(S.rate_after));
  assert_float_equal(S.wage_growth, 0.035, 1e-12);
  assert_float_equal(S.price_growth, 0.025, 1e-12);
  assert_float_equal(S.discount_rate, 0.04, 1e-12);
  assert_float_equal(S.cost_of_funds, 0.04, 1e-12);
  assert_false(S.discount_social); /* present values at the cost of funds */
  assert_false(S.students);
}

/* A file with nothing set: defaults, named after the file, output under results/<name>. */
static void minimal_file(void **state) {
  (void)state;
  load_ok(FIXTURES "good-minimal.ini");
  assert_string_equal(S.name, "good-minimal");
  assert_string_equal(S.out_dir, "results/good-minimal");
  assert_int_equal(S.entry_first, 2025);
  assert_int_equal(S.size, 100000);
  assert_string_equal(S.path, FIXTURES "good-minimal.ini");
}

static void shipped_baseline(void **state) {
  (void)state;
  load_ok(SHIPPED "baseline-2025-26.ini");
  assert_string_equal(S.name, "baseline-2025-26");
  assert_int_equal(S.base_year, 2025);
  assert_true(S.seed == 20251);
  assert_int_equal(S.entry_first, 2021);
  assert_int_equal(S.entry_last, 2025);
  assert_int_equal(S.size, 1000000);
  assert_int_equal(S.source, STP_COHORT_SYNTHETIC);
  assert_string_equal(S.calibration, "default");
  assert_int_equal(S.noverrides, 0);
  assert_int_equal(S.rate_npoints, 0);
  assert_true(isnan(S.rate_after));
  assert_float_equal(S.wage_growth, 0.035, 1e-12);
  assert_float_equal(S.price_growth, 0.025, 1e-12);
  assert_float_equal(S.discount_rate, 0.04, 1e-12);
  assert_float_equal(S.cost_of_funds, 0.04, 1e-12);
  assert_string_equal(S.out_dir, "results/baseline-2025-26");
  assert_false(S.students);
  assert_non_null(strstr(S.description, "no policy change; five entry cohorts"));
}

static void shipped_example(void **state) {
  (void)state;
  load_ok(SHIPPED "example-documented.ini");
  assert_int_equal(S.base_year, 2026);
  assert_int_equal(S.noverrides, 4);
  assert_true(S.overrides[0].in_g);
  assert_float_equal(S.overrides[0].value, 1.5, 0);
  assert_string_equal(S.overrides[0].def->name, "basic_support");
  assert_false(S.discount_social);
  assert_int_equal(S.rate_npoints, 3);
  assert_float_equal(S.rate_after, 0.035, 1e-12);
}

/* Both shipped scenarios apply cleanly to the bundled parameters (what `stipend validate` does). */
static void shipped_apply(void **state) {
  (void)state;
  const char *files[] = {SHIPPED "baseline-2025-26.ini", SHIPPED "example-documented.ini"};
  for (int i = 0; i < 2; i++) {
    load_ok(files[i]);
    stp_params *p = params();
    stp_error err = {0};
    if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s: %s", files[i], err.msg);
    stp_params_free(p);
  }
}

/* ---- every kind of value ---- */

static void kinds_of_value(void **state) {
  (void)state;
  load_ok(FIXTURES "good-reform.ini");
  assert_string_equal(S.description, "a G reform, on two lines");
  assert_int_equal(S.noverrides, 6);
  const stp_override *o = S.overrides;
  assert_string_equal(o[0].def->name, "basic_support");
  assert_true(o[0].in_g);
  assert_float_equal(o[0].value, 1.5, 0);
  assert_int_equal(o[0].line, 7);
  assert_true(o[1].in_g); /* "2 G" */
  assert_float_equal(o[1].value, 2, 0);
  assert_float_equal(o[2].value, 0.01, 1e-15);
  assert_false(o[3].in_g); /* non_eea_support = on */
  assert_float_equal(o[3].value, 1, 0);
  assert_float_equal(o[4].value, 0.30, 1e-15); /* 30% */
  assert_float_equal(o[5].value, 80000, 0);    /* "80 000" */
  assert_int_equal(S.rate_npoints, 2);
  assert_int_equal(S.rate_month[0], STP_MONTH(2026, 1));
  assert_int_equal(S.rate_month[1], STP_MONTH(2027, 1));
  assert_float_equal(S.rate[0], 0.045, 1e-12);
  assert_float_equal(S.rate[1], 0.040, 1e-12); /* "2027-01 : 4.0%" */
  assert_float_equal(S.rate_after, 0.035, 1e-12);
  assert_float_equal(S.wage_growth, 0.03, 1e-12);
  assert_float_equal(S.price_growth, 0.02, 1e-12);
  assert_float_equal(S.cost_of_funds, 0.041, 1e-12);
  assert_int_equal(S.rate_shift_from, STP_MONTH(2017, 1)); /* "2017-01 : +0.35" points */
  assert_float_equal(S.rate_shift, 0.0035, 1e-15);
  assert_true(S.students);
}

static void microdata_path(void **state) {
  (void)state;
  load_ok(FIXTURES "good-microdata.ini");
  assert_int_equal(S.source, STP_COHORT_MICRODATA);
  /* Resolved against the scenario file's folder. */
  assert_string_equal(S.microdata, FIXTURES "good-microdata.csv");
  assert_int_equal(S.size, 2);
}

/* ---- --set ---- */

static void set_overrides(void **state) {
  (void)state;
  stp_error err = {0};
  load_ok(SHIPPED "baseline-2025-26.ini");
  assert_int_equal(stp_scenario_set(&S, "run.seed=7", &err), STP_OK);
  assert_true(S.seed == 7);
  assert_int_equal(stp_scenario_set(&S, " cohort.size = 2_500 ", &err), STP_OK);
  assert_int_equal(S.size, 2500);
  assert_int_equal(stp_scenario_set(&S, "economy.rate_path=2026-01:4.5, 2027-01:4", &err), STP_OK);
  assert_int_equal(S.rate_npoints, 2);
  assert_int_equal(stp_scenario_set(&S, "economy.discount=social", &err), STP_OK);
  assert_true(S.discount_social);
  assert_int_equal(stp_scenario_set(&S, "economy.discount=cost-of-funds", &err), STP_OK);
  assert_false(S.discount_social);
  assert_int_equal(stp_scenario_set(&S, "policy.basic_support=1.5G", &err), STP_OK);
  assert_int_equal(S.noverrides, 1);
  assert_int_equal(S.overrides[0].line, STP_SCEN_FROM_SET);
  /* A second --set of the same parameter replaces it. */
  assert_int_equal(stp_scenario_set(&S, "policy.basic_support=180000", &err), STP_OK);
  assert_int_equal(S.noverrides, 1);
  assert_false(S.overrides[0].in_g);
  assert_float_equal(S.overrides[0].value, 180000, 0);
  /* The base year moves entry years that were not given ... */
  load_ok(FIXTURES "good-minimal.ini");
  assert_int_equal(stp_scenario_set(&S, "run.base_year=2024-25", &err), STP_OK);
  assert_int_equal(S.entry_first, 2024);
  assert_int_equal(S.entry_last, 2024);
  /* ... and the name moves the default output folder. */
  assert_int_equal(stp_scenario_set(&S, "run.name=reform", &err), STP_OK);
  assert_string_equal(S.out_dir, "results/reform");
  /* A file's policy line is replaced by --set, not refused as a duplicate. */
  load_ok(FIXTURES "good-reform.ini");
  assert_int_equal(stp_scenario_set(&S, "policy.basic_support=1.6G", &err), STP_OK);
  assert_int_equal(S.noverrides, 6);
  assert_float_equal(S.overrides[0].value, 1.6, 0);
}

static void set_errors(void **state) {
  (void)state;
  static const struct {
    const char *assignment, *words;
    int code;
  } cases[] = {
      {"seed=5", "is not section.key=value", STP_EINVAL},
      {"run.seed", "is not section.key=value", STP_EINVAL},
      {"runs.seed=5", "[runs] seed: unknown section", STP_EINVAL},
      {"run.sed=5", "[run] sed: unknown key; did you mean seed?", STP_EINVAL},
      {"run.seed=-5", "[run] seed: -5 is negative", STP_ERANGE},
      {"run.seed=18446744073709551616", "[run] seed: 18446744073709551616 is larger", STP_ERANGE},
      {"policy.support_months=1.5G", "[policy] support_months: '1.5G': only money", STP_EINVAL},
      {"policy.basic_support=5", "[policy] basic_support: 5 is outside [10000, 1000000] NOK/year",
       STP_ERANGE},
      {"cohort.source=microdata", "[cohort] source: microdata needs [cohort] microdata",
       STP_EINVAL},
      {"economy.cost_of_funds=21%", "[economy] cost_of_funds: 21% is outside [0 %, 20 %]",
       STP_ERANGE},
      {"economy.discount=4%", "[economy] discount: '4%' is not cost-of-funds or social",
       STP_EINVAL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    stp_error err = {0};
    load_ok(FIXTURES "good-minimal.ini");
    int rc = stp_scenario_set(&S, cases[i].assignment, &err);
    if (rc != cases[i].code)
      fail_msg("%s: code %d, expected %d (%s)", cases[i].assignment, rc, cases[i].code, err.msg);
    if (strncmp(err.msg, "--set: ", 7) != 0 || !strstr(err.msg, cases[i].words))
      fail_msg("%s: message '%s' lacks '--set: ... %s'", cases[i].assignment, err.msg,
               cases[i].words);
  }
  /* The largest seed fits: 2^63 - 1 (every CSV reader takes it as a signed 64-bit integer);
     one more does not. */
  stp_error err = {0};
  assert_int_equal(stp_scenario_set(&S, "run.seed=9223372036854775807", &err), STP_OK);
  assert_true(S.seed == (uint64_t)INT64_MAX);
  assert_int_equal(stp_scenario_set(&S, "run.seed=9223372036854775808", &err), STP_ERANGE);
  assert_non_null(strstr(err.msg, "larger than 9223372036854775807"));
}

/* ---- applying overrides ---- */

/* 1.5 G from 2025-26 at the published G. Rulebook 9f: the monthly amount is round(1.5 G / 11)
   with the G of 1 May of the year the academic year starts:
     2025-26: G(2025) = 130 160; 1.5 × 130 160 / 11 = 17 749.09 -> 17 749; × 11 = 195 239.
   NSO and Dagsavisen give 1.5 G ≈ 195 240 at G(2025) (published figures): the same within
   the 11 kroner that whole monthly payments can cost. */
static void apply_g_reform(void **state) {
  (void)state;
  load_ok(FIXTURES "good-reform.ini");
  stp_params *p = params();
  double g25 = g_of(p, 2025), g26 = g_of(p, 2026);
  assert_float_equal(g25, 130160, 0);
  double before = value(p, "basic_support", 2024), limit24 = value(p, "income_limit", 2024);
  double eea24 = value(p, "non_eea_support", 2024);
  stp_error err = {0};
  if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s", err.msg);

  assert_float_equal(value(p, "basic_support", 2025), 11 * round(1.5 * g25 / 11), 0);
  assert_float_equal(value(p, "basic_support", 2025), 195239, 0);
  assert_true(fabs(value(p, "basic_support", 2025) - 195240) <= 11);
  /* 2026-27 follows G(2026) (136 549 in the datasets: 11 × 18 620 = 204 820). */
  assert_float_equal(value(p, "basic_support", 2026), 11 * round(1.5 * g26 / 11), 0);
  /* Earlier years keep their rules. */
  assert_float_equal(value(p, "basic_support", 2024), before, 0);
  assert_float_equal(value(p, "income_limit", 2024), limit24, 0);
  assert_float_equal(value(p, "non_eea_support", 2024), eea24, 0);
  /* Other money in G: round(x·G) to the krone; calendar sets by calendar year. */
  assert_float_equal(value(p, "income_limit", 2025), 260320, 0); /* 2 × 130 160 */
  assert_float_equal(value(p, "income_limit", 2026), round(2 * g26), 0);
  /* Repayment rules: once, with G of the base year: 0.01 × 130 160 = 1 301.6 -> 1 302. */
  assert_float_equal(value(p, "plan_debt_per_month", 0), 1302, 0);
  assert_float_equal(value(p, "non_eea_support", 2025), 1, 0);
  assert_float_equal(value(p, "non_eea_support", 2026), 1, 0);
  assert_float_equal(value(p, "conversion_exam_share", 2026), 0.30, 1e-15);
  assert_float_equal(value(p, "tuition_loan_year", 2025), 80000, 0);
  stp_params_free(p);
}

/* G set in G after support_months changes divides by the new months. */
static void apply_g_after_months(void **state) {
  (void)state;
  stp_error err = {0};
  load_ok(FIXTURES "good-minimal.ini");
  assert_int_equal(stp_scenario_set(&S, "policy.basic_support=1.5G", &err), STP_OK);
  assert_int_equal(stp_scenario_set(&S, "policy.support_months=12", &err), STP_OK);
  stp_params *p = params();
  assert_int_equal(stp_scenario_apply(&S, p, &err), STP_OK);
  /* 1.5 × 130 160 / 12 = 16 270 exactly; × 12 = 195 240. */
  assert_float_equal(value(p, "basic_support", 2025), 195240, 0);
  stp_params_free(p);
}

/* policy_until: a past decision of one year. 2019-20 without the step to 11 months (the
   2018-19 rule: 10 months and 3 weeks of Lånekassen's 10-month amount, 110 200 in 2019-20);
   2020-21 keeps its published 123 519 over 11 months (Lånekassen, basisstøtte 2019-20 and
   2020-21: 110 200 + 11 020 in June; 112 290 + 11 229). Before base_year: refused. */
static void apply_policy_until(void **state) {
  (void)state;
  stp_error err = {0};
  load_ok(FIXTURES "good-minimal.ini");
  const char *sets[] = {"run.base_year=2019-20", "run.policy_until=2019-20",
                        "policy.basic_support=110200", "policy.support_months=10",
                        "policy.extra_june_weeks=3", "policy.basic_support=0.5G"};
  for (int i = 0; i < 5; i++)
    if (stp_scenario_set(&S, sets[i], &err) != STP_OK) fail_msg("%s: %s", sets[i], err.msg);
  stp_params *p = params();
  if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_float_equal(value(p, "basic_support", 2019), 110200, 0);
  assert_float_equal(value(p, "support_months", 2019), 10, 0);
  assert_float_equal(value(p, "extra_june_weeks", 2019), 3, 0);
  assert_float_equal(value(p, "basic_support", 2020), 123519, 0);
  assert_float_equal(value(p, "support_months", 2020), 11, 0);
  assert_float_equal(value(p, "extra_june_weeks", 2020), 0, 0);
  assert_float_equal(value(p, "basic_support", 2018), 108250, 0); /* before base_year */
  stp_params_free(p);
  /* in G: the years after policy_until are not written either */
  assert_int_equal(stp_scenario_set(&S, sets[5], &err), STP_OK);
  p = params();
  if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_float_equal(value(p, "basic_support", 2020), 123519, 0);
  stp_params_free(p);
  assert_int_not_equal(stp_scenario_set(&S, "run.policy_until=2018-19", &err), STP_OK);
  assert_non_null(strstr(err.msg, "policy_until: 2018-19 is before base_year 2019-20"));
}

/* After a projection: multiples of G follow the projected G; plain values are uprated. */
static void apply_projected(void **state) {
  (void)state;
  load_ok(FIXTURES "good-reform.ini"); /* price growth 2 %, wage growth 3 % */
  stp_params *p = params();
  stp_error err = {0};
  assert_int_equal(stp_params_project(p, STP_MAX_YEAR, 0.025, 0.035, &err), STP_OK);
  if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s", err.msg);
  /* Re-projected with the scenario's growth: G(2027) = round(G(2026) × 1.03). */
  assert_float_equal(g_of(p, 2027), round(g_of(p, 2026) * 1.03), 0);
  for (int y = 2027; y <= STP_MAX_YEAR; y++)
    assert_float_equal(value(p, "basic_support", y), 11 * round(1.5 * g_of(p, y) / 11), 0);
  /* Far years outgrow the registry's bounds (in today's kroner): 1.5 G > 1 000 000. */
  assert_true(value(p, "basic_support", STP_MAX_YEAR) > 1000000);
  assert_float_equal(value(p, "income_limit", STP_MAX_YEAR), round(2 * g_of(p, STP_MAX_YEAR)), 0);
  /* 80 000 from 2025-26, held to 2026-27, then uprated by prices: 81 600, 83 232. */
  assert_float_equal(value(p, "tuition_loan_year", 2026), 80000, 0);
  assert_float_equal(value(p, "tuition_loan_year", 2027), 81600, 0);
  assert_float_equal(value(p, "tuition_loan_year", 2028), 83232, 0);
  assert_float_equal(value(p, "non_eea_support", 2040), 1, 0);
  assert_float_equal(value(p, "income_limit", 2040), round(2 * g_of(p, 2040)), 0);
  stp_params_free(p);
}

/* Every money parameter of the academic and calendar sets can be set in G and follows the
   projected G to STP_MAX_YEAR, past its registry maximum. */
static void apply_every_money_parameter(void **state) {
  (void)state;
  stp_params *base = params();
  double g26 = g_of(base, 2026);
  stp_params_free(base);
  for (int i = 0; i < stp_param_count(); i++) {
    const stp_param_def *d = stp_param_def_at(i);
    if (d->kind != STP_UNIT_NOK || d->set == STP_SET_REPAY || strcmp(d->name, "g") == 0)
      continue;
    /* x·G near the maximum in 2026: above it once G has grown. */
    double x = floor(0.9 * d->max / g26 * 1000) / 1000;
    char set[128];
    snprintf(set, sizeof set, "policy.%s=%.3fG", d->name, x);
    stp_error err = {0};
    load_ok(FIXTURES "good-minimal.ini");
    assert_int_equal(stp_scenario_set(&S, "run.base_year=2026-27", &err), STP_OK);
    if (stp_scenario_set(&S, set, &err) != STP_OK) fail_msg("%s: %s", set, err.msg);
    stp_params *p = params();
    assert_int_equal(stp_params_project(p, STP_MAX_YEAR, 0.025, 0.035, &err), STP_OK);
    if (stp_scenario_apply(&S, p, &err) != STP_OK) fail_msg("%s: %s", set, err.msg);
    double months = d->set == STP_SET_YEAR && strcmp(d->name, "basic_support") == 0
                        ? value(p, "support_months", STP_MAX_YEAR) : 1;
    double want = months * round(x * g_of(p, STP_MAX_YEAR) / months);
    if (value(p, d->name, STP_MAX_YEAR) != want || want <= d->max)
      fail_msg("%s: %.2f in %d, expected %.2f (> %.0f)", set, value(p, d->name, STP_MAX_YEAR),
               STP_MAX_YEAR, want, d->max);
    stp_params_free(p);
  }
}

/* Errors found when applying name the scenario line. */
static void apply_errors(void **state) {
  (void)state;
  static const struct {
    const char *file, *where, *words;
    int code;
  } cases[] = {
      {"apply-g-range.ini", "apply-g-range.ini:5: [policy] basic_support:",
       "8G = 1041282 NOK in 2025-26 (G = 130160) is outside [10000, 1000000]", STP_ERANGE},
      {"apply-rate-history.ini", "apply-rate-history.ini:3: [economy] rate_path:",
       "is not after the last published rate", STP_EINVAL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, FIXTURES "%s", cases[i].file);
    load_ok(path);
    stp_params *p = params();
    stp_error err = {0};
    int rc = stp_scenario_apply(&S, p, &err);
    stp_params_free(p);
    if (rc != cases[i].code || !strstr(err.msg, cases[i].where) || !strstr(err.msg, cases[i].words))
      fail_msg("%s: code %d, message '%s'", cases[i].file, rc, err.msg);
  }
  /* From --set, the message says so. */
  stp_error err = {0};
  load_ok(FIXTURES "good-minimal.ini");
  assert_int_equal(stp_scenario_set(&S, "policy.basic_support=9G", &err), STP_OK);
  stp_params *p = params();
  assert_int_equal(stp_scenario_apply(&S, p, &err), STP_ERANGE);
  stp_params_free(p);
  assert_non_null(strstr(err.msg, "--set: [policy] basic_support: 9G"));
}

/* ---- every error in a file: the message names the file, the line and the key ---- */

static void file_errors(void **state) {
  (void)state;
  static const struct {
    const char *file;
    int line;
    const char *key, *words;
    int code;
  } cases[] = {
      {"bad-unknown-section.ini", 4, "[runn]", "unknown section", STP_EINVAL},
      {"bad-unknown-key.ini", 3, "[cohort] sise", "unknown key; did you mean size?", STP_EINVAL},
      {"bad-duplicate-key.ini", 5, "[run] seed", "given twice (first on line 3)", STP_EINVAL},
      {"bad-duplicate-policy.ini", 4, "[policy] basic_support", "given twice (first on line 3)",
       STP_EINVAL},
      {"bad-seed.ini", 3, "[run] seed", "'twelve' is not a number", STP_EINVAL},
      {"bad-size-negative.ini", 4, "[cohort] size", "-1000 is outside 1 to", STP_ERANGE},
      {"bad-size-float.ini", 3, "[cohort] size", "'1e6' is not a whole number", STP_EINVAL},
      {"bad-entry-reversed.ini", 4, "[run] entry_years", "is before the first", STP_ERANGE},
      {"bad-base-year.ini", 3, "[run] base_year", "2036-37 is outside 2016-17 to 2035-36",
       STP_ERANGE},
      {"bad-base-year-form.ini", 3, "[run] base_year", "not an academic year like 2025-26",
       STP_EINVAL},
      {"bad-rate-after.ini", 3, "[economy] rate_after", "25 % is outside [0 %, 20 %]", STP_ERANGE},
      {"bad-rate-shift.ini", 3, "[economy] rate_shift", "6 points is outside [-5, 5]", STP_ERANGE},
      {"bad-rate-shift-form.ini", 3, "[economy] rate_shift", "is not YYYY-MM:POINTS",
       STP_EINVAL},
      {"bad-rate-path.ini", 3, "[economy] rate_path", "is not after the previous point",
       STP_EINVAL},
      {"bad-rate-path-form.ini", 3, "[economy] rate_path", "is not a point YYYY-MM:RATE",
       STP_EINVAL},
      {"bad-wage-growth.ini", 4, "[economy] wage_growth", "write 0.035 or 3.5%", STP_ERANGE},
      {"bad-discount-negative.ini", 3, "[economy] discount_rate", "is outside [0 %, 20 %]",
       STP_ERANGE},
      {"bad-g-on-share.ini", 3, "[policy] conversion_max_share", "only money can be given in G",
       STP_EINVAL},
      {"bad-g-on-g.ini", 3, "[policy] g", "G itself cannot be given in G", STP_EINVAL},
      {"bad-policy-range.ini", 3, "[policy] support_months", "13 is outside [9, 12] months",
       STP_ERANGE},
      {"bad-policy-share.ini", 3, "[policy] conversion_max_share", "140% is outside [0, 1] share",
       STP_ERANGE},
      {"bad-policy-unknown.ini", 4, "[policy] basic_suport", "did you mean basic_support?",
       STP_EINVAL},
      {"bad-policy-money.ini", 3, "[policy] basic_support", "is not an amount in NOK", STP_EINVAL},
      {"bad-switch.ini", 3, "[policy] non_eea_support", "'maybe' is not a switch", STP_EINVAL},
      {"bad-count.ini", 3, "[policy] support_months", "'10.5' is not a whole number of months",
       STP_EINVAL},
      {"bad-outside-section.ini", 2, "seed", "a key outside a section", STP_EINVAL},
      {"bad-syntax.ini", 3, "", "not a [section] header or a key = value line", STP_EINVAL},
      {"bad-continuation.ini", 4, "[run] name", "an indented line continues the value of name",
       STP_EINVAL},
      {"bad-long-line.ini", 3, "[run] description", "line is longer than", STP_EINVAL},
      {"bad-microdata-missing.ini", 4, "[cohort] microdata", "cannot open", STP_EINVAL},
      {"bad-source-without-file.ini", 3, "[cohort] source", "microdata needs", STP_EINVAL},
      {"bad-source-conflict.ini", 5, "[cohort] microdata", "but source = synthetic", STP_EINVAL},
      {"bad-replications.ini", 3, "[run] replications", "0 is outside 1 to 10000", STP_ERANGE},
      {"bad-students.ini", 3, "[output] students", "'maybe' is not true or false", STP_EINVAL},
      {"bad-calibration.ini", 3, "[cohort] calibration", "is not a calibration set name",
       STP_EINVAL},
      {"bad-empty-name.ini", 3, "[run] name", "is empty", STP_EINVAL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[512], where[600];
    snprintf(path, sizeof path, FIXTURES "%s", cases[i].file);
    snprintf(where, sizeof where, "%s:%d: %s", path, cases[i].line, cases[i].key);
    stp_error err = {0};
    int rc = stp_scenario_load(path, &S, &err);
    if (rc != cases[i].code)
      fail_msg("%s: code %d, expected %d (%s)", cases[i].file, rc, cases[i].code, err.msg);
    if (strncmp(err.msg, where, strlen(where)) != 0 || !strstr(err.msg, cases[i].words))
      fail_msg("%s: message '%s' should start '%s' and say '%s'", cases[i].file, err.msg, where,
               cases[i].words);
  }
  /* An unreadable file: bad input, naming it. */
  stp_error err = {0};
  assert_int_equal(stp_scenario_load(FIXTURES "no-such-scenario.ini", &S, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "no-such-scenario.ini: cannot open"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(defaults),       cmocka_unit_test(minimal_file),
      cmocka_unit_test(shipped_baseline), cmocka_unit_test(shipped_example),
      cmocka_unit_test(shipped_apply),  cmocka_unit_test(kinds_of_value),
      cmocka_unit_test(microdata_path), cmocka_unit_test(set_overrides),
      cmocka_unit_test(set_errors),     cmocka_unit_test(apply_g_reform),
      cmocka_unit_test(apply_g_after_months), cmocka_unit_test(apply_projected),
      cmocka_unit_test(apply_policy_until),
      cmocka_unit_test(apply_every_money_parameter),
      cmocka_unit_test(apply_errors),   cmocka_unit_test(file_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
