/* test_explain.c: one student explained, against Lånekassen's published figures (the sources
   beside each figure in datasets/policy): the rows of the CSV explanation, the checks made
   before anything is printed, and the repayment plan of a debt worked by hand from the
   published rules (7 months' grace, plan months ceil(debt / 950), at most 240). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "explain.h"
#include "params_fixture.h"

/* The explanation of in as CSV, in a buffer the caller frees. */
static char *explained(const stp_explain_in *in, bool csv) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  stp_error err = {0};
  int rc = stp_explain_write(P, in, f, csv, &err);
  fclose(f);
  if (rc != STP_OK) fail_msg("%s", err.msg);
  return buf;
}

static void has_line(const char *text, const char *line) {
  if (!strstr(text, line)) fail_msg("no line '%s' in:\n%s", line, text);
}

/* 2024-25: basic support 151 690 paid out as loan; 40 % of it can convert, 25 % on credits
   passed (37 922.50) and 15 % on the degree (22 753.50): 60 676.00 in all. */
static void published_year(void **state) {
  (void)state;
  stp_explain_in in;
  stp_explain_defaults(&in);
  in.prof.sy.year = 2024;
  in.prof.degree_completed = true;
  assert_int_equal(stp_explain_check(P, &in, &(stp_error){0}), STP_OK);
  char *t = explained(&in, true);
  assert_true(strncmp(t, "section,item,formula,amount_nok\n", 32) == 0);
  has_line(t, ",151690.00\n");
  has_line(t, "Result for the academic year,grant,grants kept + conversions,60676.00\n");
  has_line(t, "Result for the academic year,stays loan,paid out 151 690.00 - grant 60 676.00,"
              "91014.00\n");
  free(t);
  /* the same as text: the amounts grouped, a heading for the year */
  t = explained(&in, false);
  assert_true(strncmp(t, "Academic year 2024-25: 60 credits (60 passed)", 45) == 0);
  assert_non_null(strstr(t, "60 676.00"));
  free(t);
}

/* Lånekassen's 2019 child-grant example: a partner earning 420 000 against the limit 411 968
   takes 5 % of 8 032 = 401.60 -> 401 kroner a month off the grant of 1 717 in autumn 2019
   (5 months: 2 005.00); 2020's limit 425 357 is above 420 000. */
static void published_spouse_test(void **state) {
  (void)state;
  stp_explain_in in;
  stp_explain_defaults(&in);
  in.prof.sy.year = 2019;
  in.prof.sy.children = 1;
  in.prof.spouse_income = STP_NOK(420000);
  assert_int_equal(stp_explain_check(P, &in, &(stp_error){0}), STP_OK);
  char *t = explained(&in, true);
  assert_non_null(strstr(t, "- spouse-income test 2019 (5 months)"));
  assert_non_null(strstr(t, "401.00 a month\",2005.00\n"));
  assert_non_null(strstr(t, "- spouse-income test 2020 (6 months)"));
  free(t);
}

/* Every check names what is wrong before a line is printed; a residence ground gets support,
   a scholarship holder does not (rulebook: non-EEA students). */
static void checks(void **state) {
  (void)state;
  stp_explain_in in;
  stp_error err = {0};
  stp_explain_defaults(&in);
  in.prof.degree_completed = true;
  in.prof.sy.in_degree = false;
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "contradict"));
  stp_explain_defaults(&in);
  in.exemption = STP_EXEMPT_PHD;
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "--citizenship non-eea"));
  stp_explain_defaults(&in);
  in.institution = "Hogwarts";
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "'Hogwarts'"));
  stp_explain_defaults(&in);
  in.category = "C";
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  stp_explain_defaults(&in);
  in.prof.sy.year = 2024;
  in.non_eea = true;
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "needs --institution and --category"));
  in.institution = "USN";
  in.category = "Z";
  assert_int_equal(stp_explain_check(P, &in, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "USN category 'Z'"));
  /* USN's category C: 240 000 a year (USN's tuition fee page) */
  in.category = "C";
  assert_int_equal(stp_explain_check(P, &in, &err), STP_OK);
  assert_false(in.prof.sy.eligible);
  char *t = explained(&in, true);
  has_line(t, "USN C: 240 000.00 per 60 credits");
  free(t);
  in.exemption = STP_EXEMPT_PROTECTION;
  assert_int_equal(stp_explain_check(P, &in, &err), STP_OK);
  assert_true(in.prof.sy.eligible);
  in.exemption = STP_EXEMPT_SCHOLARSHIP;
  assert_int_equal(stp_explain_check(P, &in, &err), STP_OK);
  assert_false(in.prof.sy.eligible);
}

static char *planned(const stp_explain_debt *d, stp_explain_form form) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  stp_error err = {0};
  int rc = stp_explain_repay(d, form, f, &err);
  fclose(f);
  if (rc != STP_OK) fail_msg("%s", err.msg);
  return buf;
}

/* 20 000 at 5 % from 2026-07, by hand: 83.33 of interest a month for 7 months of grace,
   583.31 added before the first bill in 2027-02; ceil(20 000 / 950) = 22 plan months, so 15
   instalments to 2028-04, the annuity of 20 583.31 over 15 months 1 418.41. A debt of
   434 000: the 240-month cap, 233 instalments, the last in 2046-06; 3 deferrals move the end
   3 months. */
static void repayment_plan(void **state) {
  (void)state;
  stp_explain_debt d = {.rp = *stp_params_repay(P), .debt = STP_NOK(20000), .rate_percent = 5,
                        .start = STP_MONTH(2026, 7)};
  char *t = planned(&d, STP_EXPLAIN_SCHEDULE);
  has_line(t, "\n2027-01,grace,5.000,83.33,0.00,0.00,20583.31\n");
  has_line(t, "\n2027-02,pay,5.000,85.76,1418.41,1332.65,19250.66\n");
  free(t);
  t = planned(&d, STP_EXPLAIN_CSV);
  assert_non_null(strstr(t, "\n20000.00,5.000,7,0,2026-07,2027-02,15,1418.41,"));
  assert_non_null(strstr(t, ",2028-04\n"));
  free(t);
  d.debt = STP_NOK(434000);
  d.rate_percent = 5.175;
  t = planned(&d, STP_EXPLAIN_TEXT);
  has_line(t, "  instalments               233\n");
  has_line(t, "  last instalment           2046-06\n");
  free(t);
  d.deferrals = 3;
  t = planned(&d, STP_EXPLAIN_CSV);
  assert_non_null(strstr(t, ",3,2026-07,2027-02,233,"));
  assert_non_null(strstr(t, ",2046-09\n"));
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(published_year),
      cmocka_unit_test(published_spouse_test),
      cmocka_unit_test(checks),
      cmocka_unit_test(repayment_plan),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
