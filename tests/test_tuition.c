/* test_tuition.c: tuition, exemption grounds, extra time and the semester fee against the
   published figures of USN's tuition fee page (USN tuition) and USN's semester fee page (USN semester fee). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/tuition.h"

/* USN fees for students starting August 2024 (USN's tuition fee page), øre per 60 credits. */
#define FEE_EF STP_NOK(120000)
#define FEE_D STP_NOK(170000)
#define FEE_C STP_NOK(240000)

/* USN semester fee (USN's semester fee page), øre per term, SAIH included. */
#define SEM_CAMPUS STP_NOK(822)
#define SEM_ONLINE STP_NOK(662)
#define SAIH STP_SAIH_TERM_DEFAULT

/* ---- exemption grounds: names, parsing, descriptions ---- */

static void test_names_round_trip(void **state) {
  (void)state;
  static const char *expected[STP_EXEMPTION_COUNT] = {
      "none", "eea", "exchange", "phd", "admitted-before-2023", "scholarship",
      "permanent-residence", "protection", "eu-family", "married-norwegian",
      "cohabiting-norwegian", "work-2y", "uk-pre-2021", "study-3y", "family-immigration"};
  assert_int_equal(STP_EXEMPTION_COUNT, 15);
  for (int i = 0; i < STP_EXEMPTION_COUNT; i++) {
    const char *name = stp_exemption_name((stp_exemption)i);
    assert_non_null(name);
    assert_string_equal(name, expected[i]);
    stp_exemption back = STP_EXEMPTION_COUNT;
    assert_int_equal(stp_exemption_parse(name, &back), STP_OK);
    assert_int_equal(back, i);
    const char *d = stp_exemption_description((stp_exemption)i);
    assert_non_null(d);
    assert_true(strlen(d) > 10);
    for (int j = 0; j < i; j++) /* every ground has its own help line */
      assert_string_not_equal(d, stp_exemption_description((stp_exemption)j));
  }
  assert_null(stp_exemption_name(STP_EXEMPTION_COUNT));
  assert_null(stp_exemption_name((stp_exemption)-1));
  assert_null(stp_exemption_description(STP_EXEMPTION_COUNT));
}

static void test_parse_errors(void **state) {
  (void)state;
  const char *bad[] = {"asylum", "EEA", "Eea", "", "married_norwegian", "phd ", "work-3y",
                       "norpart"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    stp_exemption out = STP_EXEMPT_WORK_2Y;
    assert_int_equal(stp_exemption_parse(bad[i], &out), STP_EINVAL);
    assert_int_equal(out, STP_EXEMPT_WORK_2Y); /* untouched on failure */
  }
  stp_exemption out = STP_EXEMPT_PHD;
  assert_int_equal(stp_exemption_parse(NULL, &out), STP_EINVAL);
  assert_int_equal(out, STP_EXEMPT_PHD);
  assert_int_equal(stp_exemption_parse("eea", NULL), STP_EINVAL);
}

/* ---- who pays, who may have support (rulebook 6 and 9i) ---- */

typedef struct ground_case {
  stp_exemption e;
  bool pays;            /* non-EEA student with this ground pays tuition */
  bool residence;       /* a residence-based ground */
  bool support_off;     /* support-eligible, non-EEA, switch non_eea_support off */
  bool support_on;      /* support-eligible, non-EEA, switch on */
} ground_case;

static const ground_case grounds[] = {
    {STP_EXEMPT_NONE, true, false, false, true},
    {STP_EXEMPT_EEA, false, false, true, true},
    {STP_EXEMPT_EXCHANGE, false, false, false, false},
    {STP_EXEMPT_PHD, false, false, false, false},
    {STP_EXEMPT_ADMITTED_BEFORE_2023, false, false, false, true},
    {STP_EXEMPT_SCHOLARSHIP, false, false, false, false},
    {STP_EXEMPT_PERMANENT_RESIDENCE, false, true, true, true},
    {STP_EXEMPT_PROTECTION, false, true, true, true},
    {STP_EXEMPT_EU_FAMILY, false, true, true, true},
    {STP_EXEMPT_MARRIED_NORWEGIAN, false, true, true, true},
    {STP_EXEMPT_COHABITING_NORWEGIAN, false, true, true, true},
    {STP_EXEMPT_WORK_2Y, false, true, true, true},
    {STP_EXEMPT_UK_PRE_2021, false, true, true, true},
    {STP_EXEMPT_STUDY_3Y, false, true, true, true},
    {STP_EXEMPT_FAMILY_IMMIGRATION, false, true, true, true},
};

static void test_every_ground(void **state) {
  (void)state;
  assert_int_equal(sizeof grounds / sizeof grounds[0], STP_EXEMPTION_COUNT);
  for (size_t i = 0; i < sizeof grounds / sizeof grounds[0]; i++) {
    const ground_case *g = &grounds[i];
    assert_int_equal(g->e, (stp_exemption)i); /* the table covers every ground in order */
    assert_int_equal(stp_exemption_pays_tuition(g->e, true), g->pays);
    assert_false(stp_exemption_pays_tuition(g->e, false)); /* EEA/Norwegian: never */
    assert_int_equal(stp_exemption_residence_based(g->e), g->residence);
    assert_int_equal(stp_exemption_support_eligible(g->e, true, false), g->support_off);
    assert_int_equal(stp_exemption_support_eligible(g->e, true, true), g->support_on);
    /* The tuition charged follows "pays": the full category C fee or nothing. */
    assert_int_equal(stp_tuition_year(FEE_C, 1.0, g->e, true), g->pays ? FEE_C : 0);
    assert_int_equal(stp_tuition_year(FEE_C, 1.0, g->e, false), 0);
  }
  /* A Norwegian or EEA student with no ground needs none: eligible, switch or not. */
  assert_true(stp_exemption_support_eligible(STP_EXEMPT_NONE, false, false));
  /* Exchange and scholarship students stay ineligible even if EEA-flagged. */
  assert_false(stp_exemption_support_eligible(STP_EXEMPT_EXCHANGE, false, true));
  assert_false(stp_exemption_support_eligible(STP_EXEMPT_SCHOLARSHIP, false, true));
  /* Out-of-range values neither pay nor get support. */
  assert_false(stp_exemption_pays_tuition(STP_EXEMPTION_COUNT, true));
  assert_false(stp_exemption_support_eligible(STP_EXEMPTION_COUNT, true, true));
  assert_false(stp_exemption_residence_based(STP_EXEMPTION_COUNT));
}

/* ---- the yearly fee ---- */

static void test_usn_categories(void **state) {
  (void)state;
  /* Seed 002: 120 000 (E+F), 170 000 (D), 240 000 (C) per year for a full-time fee-payer. */
  assert_int_equal(stp_tuition_year(FEE_EF, 1.0, STP_EXEMPT_NONE, true), STP_NOK(120000));
  assert_int_equal(stp_tuition_year(FEE_D, 1.0, STP_EXEMPT_NONE, true), STP_NOK(170000));
  assert_int_equal(stp_tuition_year(FEE_C, 1.0, STP_EXEMPT_NONE, true), STP_NOK(240000));
  /* Invoiced by semester, half each. */
  stp_money c = stp_tuition_year(FEE_C, 1.0, STP_EXEMPT_NONE, true);
  assert_int_equal(stp_tuition_term(c, STP_TERM_AUTUMN), STP_NOK(120000));
  assert_int_equal(stp_tuition_term(c, STP_TERM_SPRING), STP_NOK(120000));
  stp_money d = stp_tuition_year(FEE_D, 1.0, STP_EXEMPT_NONE, true);
  assert_int_equal(stp_tuition_term(d, STP_TERM_AUTUMN), STP_NOK(85000));
  /* An odd øre goes to spring, so the halves add up to the year. */
  assert_int_equal(stp_tuition_term(1000001, STP_TERM_AUTUMN), 500000);
  assert_int_equal(stp_tuition_term(1000001, STP_TERM_SPRING), 500001);
}

static void test_exchange_semester_abroad_pays(void **state) {
  (void)state;
  /* Seed 002: "Fees must be paid also if a student has an exchange semester abroad": a
     fee-paying category D student spending spring abroad is charged the spring half. */
  stp_money year = stp_tuition_year(FEE_D, 1.0, STP_EXEMPT_NONE, true);
  assert_int_equal(stp_tuition_term(year, STP_TERM_SPRING), STP_NOK(85000));
  /* ...whereas an incoming exchange student (the "exchange" ground) pays nothing. */
  assert_int_equal(stp_tuition_year(FEE_D, 1.0, STP_EXEMPT_EXCHANGE, true), 0);
}

static void test_part_time(void **state) {
  (void)state;
  /* 37.5 credits of a 170 000 programme: 170 000 × 37.5 / 60 = 106 250. */
  assert_int_equal(stp_tuition_year(FEE_D, 37.5 / 60.0, STP_EXEMPT_NONE, true),
                   STP_NOK(106250));
  /* 20 credits: 170 000 / 3 = 56 666.666... → 56 666.67 (rounded to the øre). */
  assert_int_equal(stp_tuition_year(FEE_D, 20.0 / 60.0, STP_EXEMPT_NONE, true), 5666667);
  /* 7.5 credits of category E+F: 15 000. */
  assert_int_equal(stp_tuition_year(FEE_EF, 7.5 / 60.0, STP_EXEMPT_NONE, true),
                   STP_NOK(15000));
  /* Share clamped to [0, 1]; NaN and negatives charge nothing; no fee, nothing. */
  assert_int_equal(stp_tuition_year(FEE_C, 70.0 / 60.0, STP_EXEMPT_NONE, true), FEE_C);
  assert_int_equal(stp_tuition_year(FEE_C, -0.25, STP_EXEMPT_NONE, true), 0);
  assert_int_equal(stp_tuition_year(FEE_C, NAN, STP_EXEMPT_NONE, true), 0);
  assert_int_equal(stp_tuition_year(0, 1.0, STP_EXEMPT_NONE, true), 0);
  assert_int_equal(stp_tuition_year(-FEE_C, 1.0, STP_EXEMPT_NONE, true), 0);
}

static void test_uprate(void **state) {
  (void)state;
  /* 240 000 × 1.035² = 257 094 exactly. */
  assert_int_equal(stp_tuition_uprate(FEE_C, 0.035, 2), STP_NOK(257094));
  /* 170 000 × 1.021 = 173 570; 120 000 / 1.2 = 100 000 (deflating a year back). */
  assert_int_equal(stp_tuition_uprate(FEE_D, 0.021, 1), STP_NOK(173570));
  assert_int_equal(stp_tuition_uprate(FEE_EF, 0.2, -1), STP_NOK(100000));
  /* Rounded to whole kroner: 170 000 × 1.02371 = 174 030.7 → 174 031. */
  assert_int_equal(stp_tuition_uprate(FEE_D, 0.02371, 1), STP_NOK(174031));
  assert_int_equal(stp_tuition_uprate(FEE_D, 0.05, 0), FEE_D);
  assert_int_equal(stp_tuition_uprate(FEE_D, NAN, 3), FEE_D);
  assert_int_equal(stp_tuition_uprate(FEE_D, -1.0, 3), FEE_D);
  assert_int_equal(stp_tuition_uprate(FEE_D, INFINITY, 3), FEE_D);
}

/* ---- extra time (USN's tuition fee page) ---- */

static stp_extra_time fee_payer(void) {
  return (stp_extra_time){.exemption = STP_EXEMPT_NONE, .non_eea = true};
}

static void test_extra_credits(void **state) {
  (void)state;
  stp_extra_reason why = STP_EXTRA_EXEMPT;
  stp_extra_time c = fee_payer();
  c.credits_missing = 15;
  /* "a fourth of the amount if 15 credits is lacking": 60 000 for category C. */
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), STP_NOK(60000));
  assert_int_equal(why, STP_EXTRA_CREDITS);
  assert_int_equal(stp_tuition_extra_time(FEE_EF, &c, &why), STP_NOK(30000));
  /* 10 credits of D: 170 000 / 6 = 28 333.33. */
  c.credits_missing = 10;
  assert_int_equal(stp_tuition_extra_time(FEE_D, &c, NULL), 2833333);
  /* Capped at a year's fee; NaN credits charge nothing. */
  c.credits_missing = 75;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, NULL), FEE_C);
  c.credits_missing = NAN;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_NOTHING_DUE);
}

static void test_extra_thesis(void **state) {
  (void)state;
  stp_extra_reason why = STP_EXTRA_EXEMPT;
  stp_extra_time c = fee_payer();
  c.thesis_extension = true;
  /* Half a semester's fee: category C 240 000 → semester 120 000 → 60 000. */
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), STP_NOK(60000));
  assert_int_equal(why, STP_EXTRA_THESIS);
  assert_int_equal(stp_tuition_extra_time(FEE_D, &c, NULL), STP_NOK(42500));
  /* Thesis plus 10 other credits of D: 42 500 + 28 333.33. */
  c.credits_missing = 10;
  assert_int_equal(stp_tuition_extra_time(FEE_D, &c, &why), STP_NOK(42500) + 2833333);
  assert_int_equal(why, STP_EXTRA_THESIS_AND_CREDITS);
}

static void test_extra_free_cases(void **state) {
  (void)state;
  stp_extra_reason why = STP_EXTRA_CREDITS;
  stp_extra_time c = fee_payer();

  /* Done before the next registration deadline: nothing, whatever is missing. */
  c.done_before_deadline = true;
  c.credits_missing = 15;
  c.thesis_extension = true;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_BEFORE_DEADLINE);

  /* A failed exam (or valid absence) retaken the following semester: nothing. */
  c = fee_payer();
  c.credits_retake = 10;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_RETAKE);
  /* ...but other missing credits beside it are charged, and only those. */
  c.credits_missing = 15;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), STP_NOK(60000));
  assert_int_equal(why, STP_EXTRA_CREDITS);

  /* Leave of absence: nothing... */
  c = fee_payer();
  c.leave_of_absence = true;
  c.credits_missing = 30;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_LEAVE);
  /* ...unless there is an exam during the leave: 7.5 credits of D = 21 250. */
  c.credits_exam_on_leave = 7.5;
  assert_int_equal(stp_tuition_extra_time(FEE_D, &c, &why), STP_NOK(21250));
  assert_int_equal(why, STP_EXTRA_LEAVE_EXAM);

  /* Exempt students owe nothing for extra time. */
  c = fee_payer();
  c.exemption = STP_EXEMPT_STUDY_3Y;
  c.credits_missing = 15;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_EXEMPT);
  c = fee_payer();
  c.non_eea = false;
  c.thesis_extension = true;
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_EXEMPT);

  /* Nothing missing; no circumstances; no fee. */
  c = fee_payer();
  assert_int_equal(stp_tuition_extra_time(FEE_C, &c, &why), 0);
  assert_int_equal(why, STP_EXTRA_NOTHING_DUE);
  why = STP_EXTRA_CREDITS;
  assert_int_equal(stp_tuition_extra_time(FEE_C, NULL, &why), 0);
  assert_int_equal(why, STP_EXTRA_NOTHING_DUE);
  c.credits_missing = 15;
  assert_int_equal(stp_tuition_extra_time(0, &c, NULL), 0);
}

static void test_extra_reason_text(void **state) {
  (void)state;
  for (int r = STP_EXTRA_EXEMPT; r <= STP_EXTRA_NOTHING_DUE; r++)
    assert_string_not_equal(stp_extra_reason_text((stp_extra_reason)r), "?");
  assert_string_equal(stp_extra_reason_text((stp_extra_reason)99), "?");
}

/* ---- semester fee (USN's semester fee page) ---- */

static void test_semester_fee_published(void **state) {
  (void)state;
  /* 822 campus, 662 online, both with the voluntary SAIH 40; 782 / 622 without it. */
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, false, 1, true),
                   STP_NOK(822));
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, true, 1, true),
                   STP_NOK(662));
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, false, 1, false),
                   STP_NOK(782));
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, true, 1, false),
                   STP_NOK(622));
  /* A year is two terms. */
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, false, 2, true),
                   STP_NOK(1644));
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, true, 2, false),
                   STP_NOK(1244));
  /* published figures: USN 875 (600 + 235 + SAIH 40) → 835 without SAIH. */
  assert_int_equal(stp_semester_fee_year(STP_NOK(875), SEM_ONLINE, SAIH, false, 1, false),
                   STP_NOK(835));
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, false, 0, true), 0);
  assert_int_equal(stp_semester_fee_year(SEM_CAMPUS, SEM_ONLINE, SAIH, false, -3, true), 0);
}

static void test_semester_fee_students(void **state) {
  (void)state;
  /* Zero-initialised (and NULL) = campus student paying SAIH: 822. */
  stp_semester_student s = {0};
  assert_int_equal(stp_semester_fee_term(SEM_CAMPUS, SEM_ONLINE, SAIH, &s), STP_NOK(822));
  assert_int_equal(stp_semester_fee_term(SEM_CAMPUS, SEM_ONLINE, SAIH, NULL), STP_NOK(822));
  s.online = true;
  s.skip_saih = true;
  assert_int_equal(stp_semester_fee_term(SEM_CAMPUS, SEM_ONLINE, SAIH, &s), STP_NOK(622));
  /* Seed 004's two exceptions: partner exchange and re-sit only pay nothing. */
  s = (stp_semester_student){.partner_exchange = true};
  assert_int_equal(stp_semester_fee_term(SEM_CAMPUS, SEM_ONLINE, SAIH, &s), 0);
  s = (stp_semester_student){.resit_only = true, .online = true};
  assert_int_equal(stp_semester_fee_term(SEM_CAMPUS, SEM_ONLINE, SAIH, &s), 0);
  /* Never below zero. */
  s = (stp_semester_student){.skip_saih = true};
  assert_int_equal(stp_semester_fee_term(STP_NOK(25), SEM_ONLINE, SAIH, &s), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names_round_trip),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_every_ground),
      cmocka_unit_test(test_usn_categories),
      cmocka_unit_test(test_exchange_semester_abroad_pays),
      cmocka_unit_test(test_part_time),
      cmocka_unit_test(test_uprate),
      cmocka_unit_test(test_extra_credits),
      cmocka_unit_test(test_extra_thesis),
      cmocka_unit_test(test_extra_free_cases),
      cmocka_unit_test(test_extra_reason_text),
      cmocka_unit_test(test_semester_fee_published),
      cmocka_unit_test(test_semester_fee_students),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
