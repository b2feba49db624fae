/* cmd_explain.c: `stipend explain`: one student's academic year step by step, every figure
   with its formula and source. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "cli/cli.h"
#include "cli/report.h"
#include "rules/tuition.h"

static const cli_opt opts[] = {
    {"year", "YYYY-YY", "academic year (default 2025-26)"},
    {"credits", "N", "credits taken this year, 30-60 supported (default 60)"},
    {"credits-passed", "N", "credits passed of those (default: all)"},
    {"at-home", NULL, "lives with their parents (no conversion to grant)"},
    {"income", "NOK", "personal + capital income per calendar year (default 0)"},
    {"assets", "NOK", "net assets (default 0)"},
    {"joint-assets", NULL, "married/cohabiting with joint children: joint asset limit, 1 %"},
    {"children", "N", "children under 16 living with the student (default 0)"},
    {"spouse-income", "NOK", "income of a spouse/partner with joint children (child-grant test)"},
    {"disability", NULL, "cannot work because of a disability (disability grant)"},
    {"age", "N", "age reached in the calendar year the academic year starts (default 22)"},
    {"credits-before", "N", "credits supported in earlier years (480-credit limit; default 0)"},
    {"credits-behind", "N", "delay: credits supported so far less passed (no support over 60; default 0)"},
    {"private-tuition", "NOK", "tuition a private institution charges a year (tuition-fee loan)"},
    {"degree-completed", NULL, "this year completes the degree (15 % part converts)"},
    {"not-in-degree", NULL, "a year outside a degree programme (no 15 % part)"},
    {"first-year", NULL, "no support the academic year before (autumn: <= 7 months, higher limit)"},
    {"last-year", NULL, "no support the academic year after (spring: <= 7 months, higher limit)"},
    {"citizenship", "eea|non-eea", "default eea (Norwegian, EU/EEA/Swiss)"},
    {"exemption", "GROUND", "tuition exemption ground of a non-EEA student (default none)"},
    {"institution", "NAME", "institution (tuition and semester fee tables), e.g. USN"},
    {"category", "C", "funding category or programme group at the institution, e.g. C"},
    {"online", NULL, "online student (lower semester fee)"},
    {"csv", NULL, "CSV on stdout: section,item,formula,amount_nok"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

typedef struct explain_in {
  stp_student_profile prof;
  bool non_eea;
  stp_exemption exemption;
  const char *institution, *category;
  bool online;
} explain_in;

static const char *year_name(int y, char *b) {
  snprintf(b, 16, "%d-%02d", y, (y + 1) % 100);
  return b;
}

static void source_note(report *r, const stp_params *p, const char *name, int year) {
  const stp_param_def *d = stp_param_find(name);
  const stp_param_meta *m;
  if (!d || stp_param_get(p, d, year, NULL, &m) != STP_OK) return;
  report_note(r, "%s: %s%s%s (%s)", name, stp_status_name(m->status),
              m->status >= STP_STATUS_DERIVED ? ", " : "",
              m->status >= STP_STATUS_DERIVED ? m->note : "", m->source);
}

/* The child grant, and with a spouse or partner with joint children the spouse-income test of
   each calendar year: 5 % of the spouse's yearly income above the limit, truncated to whole
   kroner (Lånekassen's examples), off the family's monthly total. */
static void child_grant_lines(report *r, const stp_params *p, const explain_in *in,
                              const stp_year_support *s) {
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  int n = in->prof.sy.children;
  char b1[40], b2[40], b3[40], b4[40];
  stp_money full = stp_child_grant_month(yp, n);
  int months = s->months;
  bool test = in->prof.spouse_income >= 0;
  report_line(r, test ? "child grant before the spouse-income test" : "child grant",
              test ? full * months : s->grant[STP_PART_CHILD],
              "%d %s x %d months: %s a month for each of the first two, %s from the third",
              n, n == 1 ? "child" : "children", months,
              report_nok(yp->child_grant_month, b1, sizeof b1),
              report_nok(yp->child_grant_month_3plus, b2, sizeof b2));
  source_note(r, p, "child_grant_month", yp->year);
  if (!test) return;
  for (int half = 0; half < 2; half++) {
    /* Months 0-4 (August-December) are in the first calendar year, 5 on in the second. */
    int cal = in->prof.sy.year + half;
    int m = half ? (months > 5 ? months - 5 : 0) : (months < 5 ? months : 5);
    if (m == 0) continue;
    const stp_cal_params *cp = stp_params_cal(p, cal < STP_FIRST_YEAR   ? STP_FIRST_YEAR
                                                 : cal > stp_params_last_year(p) ? stp_params_last_year(p)
                                                                        : cal);
    stp_money after = stp_child_grant_after_spouse(yp, cp, n, in->prof.spouse_income);
    stp_money excess = stp_max(0, in->prof.spouse_income - cp->spouse_income_limit);
    char item[80];
    snprintf(item, sizeof item, "- spouse-income test %d (%d months)", cal, m);
    report_line(r, item, (full - after) * m,
                "%g %% x max(0, %s - %s) = %s, to whole kroner and at most the grant: %s a "
                "month",
                100 * cp->spouse_reduction_rate, report_nok(in->prof.spouse_income, b1, sizeof b1),
                report_nok(cp->spouse_income_limit, b2, sizeof b2),
                report_nok(stp_mul_rate(excess, cp->spouse_reduction_rate), b3, sizeof b3),
                report_nok(full - after, b4, sizeof b4));
    source_note(r, p, "spouse_income_limit", cp->year);
  }
  report_line(r, "child grant", s->grant[STP_PART_CHILD], "after the spouse-income test");
}

static void support_section(report *r, const stp_params *p, const explain_in *in,
                            const stp_year_account *a) {
  const stp_year_support *s = &a->sup;
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  char b1[40], b2[40];
  report_section(r, "Support paid (all as loan first)");
  report_note(r, "status: %s", stp_support_status_text(s->status));
  if (s->status >= STP_SUPPORT_NONE_INELIGIBLE) return;
  stp_money regular = s->basic - s->extra_june;
  report_line(r, "basic support", regular, "%d months x %s%s (basic_support %s / %d months)",
              s->months, report_nok(regular / s->months, b1, sizeof b1),
              s->full_time ? "" : " (part-time share of the monthly rate)",
              report_nok(yp->basic_support, b2, sizeof b2), yp->support_months);
  source_note(r, p, "basic_support", yp->year);
  if (s->extra_june)
    report_line(r, "extra June weeks", s->extra_june,
                "%d week%s x %s / 4, nearest krone (phase-in to 11 months)",
                yp->extra_june_weeks, yp->extra_june_weeks == 1 ? "" : "s",
                report_nok(s->monthly_basic, b1, sizeof b1));
  if (s->grant[STP_PART_DISABILITY]) {
    report_line(r, "disability grant", s->grant[STP_PART_DISABILITY], "%s a month",
                report_nok(yp->disability_grant_month, b1, sizeof b1));
    source_note(r, p, "disability_grant_month", yp->year);
  }
  if (s->grant[STP_PART_CHILD] || (in->prof.sy.children > 0 && in->prof.spouse_income >= 0))
    child_grant_lines(r, p, in, s);
  if (s->loan_30plus) {
    report_line(r, "additional loan (30+)", s->loan_30plus,
                "loan_30plus_year %s x study share, within %s in all: pure loan",
                report_nok(yp->loan_30plus_year, b1, sizeof b1),
                report_nok(yp->loan_30plus_total, b2, sizeof b2));
    source_note(r, p, "loan_30plus_year", yp->year);
  }
  if (s->parent_loan) {
    report_line(r, "additional loan (parents)", s->parent_loan,
                "parent_loan_year %s x study share, within %s in all: pure loan (not with the "
                "30+ loan)",
                report_nok(yp->parent_loan_year, b1, sizeof b1),
                report_nok(yp->parent_loan_total, b2, sizeof b2));
    source_note(r, p, "parent_loan_year", yp->year);
  }
  if (s->tuition_loan) {
    report_line(r, "tuition-fee loan", s->tuition_loan,
                "min(tuition charged %s, tuition_loan_year %s x study share): pure loan",
                report_nok(in->prof.sy.tuition_charged, b1, sizeof b1),
                report_nok(yp->tuition_loan_year, b2, sizeof b2));
    source_note(r, p, "tuition_loan_year", yp->year);
  }
  report_line(r, "paid out", a->paid_out,
              "basic support + grants paid (after any spouse-income test) + extra loans");
}

static void potential_section(report *r, const stp_params *p, const explain_in *in,
                              const stp_year_account *a) {
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  char b1[40];
  report_section(r, "Conversion potential (loan that can become grant)");
  if (!in->prof.sy.living_away) {
    report_note(r, "lives with parents: no conversion (only students living away convert)");
    return;
  }
  report_line(r, "exam part", a->potential[STP_PART_EXAM],
              "%g %% of %s basic support, converts per credits passed",
              100 * (a->potential[STP_PART_DEGREE] || yp->conversion_degree_share > 0
                         ? yp->conversion_exam_share
                         : yp->conversion_max_share),
              report_nok(a->sup.basic, b1, sizeof b1));
  report_line(r, "degree part", a->potential[STP_PART_DEGREE],
              "%g %% of basic support, converts when the degree is completed%s",
              100 * yp->conversion_degree_share,
              a->potential[STP_PART_DEGREE] ? "" : " (none this year)");
  source_note(r, p, "conversion_exam_share", yp->year);
}

static void means_section(report *r, const stp_params *p, const stp_calendar_test *t) {
  char b1[40], b2[40], b3[40], title[160];
  const stp_cal_params *cp = stp_params_cal(p, t->year < STP_FIRST_YEAR   ? STP_FIRST_YEAR
                                               : t->year > stp_params_last_year(p) ? stp_params_last_year(p)
                                                                          : t->year);
  snprintf(title, sizeof title,
           "Means test, calendar year %d (%d months with support, %d of them in this academic "
           "year)",
           t->year, t->in.months, t->months_this);
  report_section(r, title);
  report_line(r, "income reduction", t->res.income_reduction,
              "%g %% x max(0, %s - %s%s) x %d months", 100 * cp->income_reduction_rate,
              report_nok(t->in.income, b1, sizeof b1), report_nok(t->res.income_limit, b2, sizeof b2),
              t->res.short_limit ? ", the higher limit for <= 7 months" : "", t->in.months);
  source_note(r, p, t->res.short_limit ? "income_limit_short" : "income_limit", cp->year);
  report_line(r, "asset reduction", t->res.asset_reduction, "%g %% x max(0, %s - %s) x %d months",
              100 * t->res.asset_rate, report_nok(t->in.assets, b1, sizeof b1),
              report_nok(t->res.asset_limit, b3, sizeof b3), t->in.months);
  source_note(r, p, t->in.joint ? "asset_limit_joint" : "asset_limit", cp->year);
  for (int k = 0; k < STP_NPARTS; k++) {
    if (t->in.potential[k] == 0) continue;
    char item[80];
    snprintf(item, sizeof item, "- from %s", stp_part_name(k));
    report_line(r, item, t->res.reduction[k],
                "of %s in the calendar year; %s of it on this academic year's months",
                report_nok(t->in.potential[k], b1, sizeof b1),
                report_nok(t->reduction_this[k], b2, sizeof b2));
  }
}

static void result_section(report *r, const explain_in *in, const stp_year_account *a) {
  char b1[40], b2[40];
  report_section(r, "Result for the academic year");
  for (int k = 0; k < STP_NPARTS; k++) {
    if (a->potential[k] == 0) continue;
    char item[80];
    snprintf(item, sizeof item, "%s after means test", stp_part_name(k));
    report_line(r, item, a->surviving[k], "%s - %s", report_nok(a->potential[k], b1, sizeof b1),
                report_nok(a->reduction[k], b2, sizeof b2));
  }
  if (a->potential[STP_PART_EXAM])
    report_line(r, "converted for credits passed", a->converted_exam, "%s x %d / %d credits",
                report_nok(a->surviving[STP_PART_EXAM], b1, sizeof b1), in->prof.credits_passed,
                a->sup.credits_supported);
  if (a->potential[STP_PART_DEGREE])
    report_line(r, in->prof.degree_completed ? "converted on degree completion"
                                             : "banked until the degree is completed",
                in->prof.degree_completed ? a->converted_degree : a->banked_degree,
                "this year's degree part after the means test");
  report_line(r, "grant", a->grant, "grants kept + conversions");
  report_line(r, "stays loan", a->loan, "paid out %s - grant %s",
              report_nok(a->paid_out, b1, sizeof b1), report_nok(a->grant, b2, sizeof b2));
}

static int fees_section(report *r, const stp_params *p,
                        const explain_in *in, const stp_year_account *a) {
  char b1[40], yb[16];
  int year = in->prof.sy.year;
  report_section(r, "Tuition and fees");
  bool pays = stp_exemption_pays_tuition(in->exemption, in->non_eea);
  if (!in->non_eea) report_note(r, "EU/EEA/Swiss or Norwegian citizen: no tuition");
  else report_note(r, "non-EEA citizen, exemption ground: %s (%s)", stp_exemption_name(in->exemption),
                     stp_exemption_description(in->exemption));
  bool charged = stp_params_year(p, year)->non_eea_tuition;
  if (pays && !charged)
    report_note(r, "no tuition this year (non_eea_tuition = 0; no tuition before autumn 2023)");
  if (pays && charged) {
    const stp_tuition_fee *f = stp_params_tuition(p, in->institution, in->category, year);
    double share = a->sup.credits_supported ? a->sup.study_share : in->prof.sy.credits / 60.0;
    if (share > 1) share = 1;
    stp_money fee = stp_tuition_year(f->fee_year, share, in->exemption, in->non_eea);
    report_line(r, "tuition", fee, "%s %s: %s per 60 credits (%s table) x %g", f->institution,
                f->category, report_nok(f->fee_year, b1, sizeof b1), year_name(f->year, yb),
                share);
    report_note(r, "tuition fee source: %s (%s)", f->source, stp_status_name(f->status));
  }
  if (in->institution) {
    const stp_semester_fee *sf = stp_params_semester_fee(p, in->institution, year);
    /* Seed 004: incoming exchange students from partner institutions pay no semester fee. */
    stp_semester_student st = {.online = in->online,
                               .partner_exchange = in->non_eea &&
                                                   in->exemption == STP_EXEMPT_EXCHANGE};
    if (sf && st.partner_exchange) {
      report_line(r, "semester fee", 0,
                  "exchange student from a partner institution: no semester fee");
      report_note(r, "semester fee source: %s", sf->source);
    } else if (sf) {
      stp_money fee = 2 * stp_semester_fee_term(sf->fee, sf->fee_online, STP_SAIH_TERM_DEFAULT,
                                                &st);
      report_line(r, "semester fee", fee, "2 terms x %s (%s table, incl. voluntary SAIH 40)",
                  report_nok(in->online ? sf->fee_online : sf->fee, b1, sizeof b1),
                  year_name(sf->year, yb));
      report_note(r, "semester fee source: %s", sf->source);
    } else {
      report_note(r, "no semester fee for %s in datasets/tuition", in->institution);
    }
  } else {
    report_note(r, "semester fee: give --institution to include it");
  }
  return 0;
}

static int parse(const cli_command *cmd, const cli_args *a, const stp_params *p, explain_in *in) {
  long v;
  const char *s;
  stp_study_year *sy = &in->prof.sy;
  *sy = (stp_study_year){.year = 2025, .credits = 60, .age = 22, .eligible = true,
                         .living_away = true, .higher_education = true, .in_degree = true,
                         .take_up = 1.0};
  in->prof.spouse_income = -1;
  if ((s = cli_get(cmd, a, "year")) && !cli_year(cmd, "year", s, &sy->year)) return 2;
  if ((s = cli_get(cmd, a, "credits"))) {
    if (!cli_int(cmd, "credits", s, 0, 60, &v)) return 2;
    sy->credits = (int)v;
  }
  in->prof.credits_passed = sy->credits;
  if ((s = cli_get(cmd, a, "credits-passed"))) {
    if (!cli_int(cmd, "credits-passed", s, 0, 60, &v)) return 2;
    if (v > sy->credits)
      return cli_usage_error(cmd, "--credits-passed: %ld is more than the %d credits taken", v,
                             sy->credits);
    in->prof.credits_passed = (int)v;
  }
  sy->living_away = !cli_flag(cmd, a, "at-home");
  if ((s = cli_get(cmd, a, "income")) && !cli_money(cmd, "income", s, false, &in->prof.income))
    return 2;
  if ((s = cli_get(cmd, a, "assets")) && !cli_money(cmd, "assets", s, false, &in->prof.assets))
    return 2;
  in->prof.joint_assets = cli_flag(cmd, a, "joint-assets");
  if ((s = cli_get(cmd, a, "children"))) {
    if (!cli_int(cmd, "children", s, 0, 12, &v)) return 2;
    sy->children = (int)v;
  }
  if ((s = cli_get(cmd, a, "spouse-income")) &&
      !cli_money(cmd, "spouse-income", s, false, &in->prof.spouse_income))
    return 2;
  sy->disability = cli_flag(cmd, a, "disability");
  if ((s = cli_get(cmd, a, "age"))) {
    if (!cli_int(cmd, "age", s, 15, 80, &v)) return 2;
    sy->age = (int)v;
  }
  if ((s = cli_get(cmd, a, "credits-before"))) {
    if (!cli_int(cmd, "credits-before", s, 0, 1000, &v)) return 2;
    sy->credits_used_before = (int)v;
  }
  if ((s = cli_get(cmd, a, "credits-behind"))) {
    if (!cli_int(cmd, "credits-behind", s, 0, 480, &v)) return 2;
    sy->credits_behind = (int)v;
  }
  if ((s = cli_get(cmd, a, "private-tuition"))) {
    if (!cli_money(cmd, "private-tuition", s, false, &sy->tuition_charged)) return 2;
    sy->private_institution = true;
  }
  in->prof.degree_completed = cli_flag(cmd, a, "degree-completed");
  sy->in_degree = !cli_flag(cmd, a, "not-in-degree");
  in->prof.first_year = cli_flag(cmd, a, "first-year");
  in->prof.last_year = cli_flag(cmd, a, "last-year");
  if (in->prof.degree_completed && !sy->in_degree)
    return cli_usage_error(cmd, "--degree-completed and --not-in-degree contradict each other");
  if ((s = cli_get(cmd, a, "citizenship"))) {
    if (!strcmp(s, "non-eea")) in->non_eea = true;
    else if (strcmp(s, "eea") != 0)
      return cli_usage_error(cmd, "--citizenship: '%s' is not eea or non-eea", s);
  }
  in->exemption = STP_EXEMPT_NONE;
  if ((s = cli_get(cmd, a, "exemption"))) {
    if (stp_exemption_parse(s, &in->exemption) != STP_OK) {
      char list[1024] = "";
      for (int e = 0; e < STP_EXEMPTION_COUNT; e++) {
        strncat(list, e ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, stp_exemption_name((stp_exemption)e), sizeof list - strlen(list) - 1);
      }
      return cli_usage_error(cmd, "--exemption: unknown ground '%s' (one of: %s)", s, list);
    }
    if (!in->non_eea && in->exemption != STP_EXEMPT_NONE && in->exemption != STP_EXEMPT_EEA)
      return cli_usage_error(cmd, "--exemption applies to --citizenship non-eea");
  }
  in->institution = cli_get(cmd, a, "institution");
  in->category = cli_get(cmd, a, "category");
  if (in->institution && !stp_params_has_institution(p, in->institution))
    return cli_usage_error(cmd, "--institution: unknown institution '%s' (see 'stipend params')",
                           in->institution);
  if (in->category && !in->institution)
    return cli_usage_error(cmd, "--category needs --institution");
  in->online = cli_flag(cmd, a, "online");
  /* Checked before anything is printed: one clear error, no half report. */
  if (stp_exemption_pays_tuition(in->exemption, in->non_eea) && sy->year >= 2023) {
    if (!in->institution || !in->category)
      return cli_usage_error(cmd, "a fee-paying non-EEA student needs --institution and "
                                  "--category (see 'stipend params' for the tuition table)");
    if (!stp_params_tuition(p, in->institution, in->category, sy->year))
      return cli_usage_error(cmd, "--category: no tuition fee for %s category '%s' in "
                                  "datasets/tuition",
                             in->institution, in->category);
  }
  sy->eligible = stp_exemption_support_eligible(in->exemption, in->non_eea,
                                                stp_params_year(p, sy->year)->non_eea_support);
  return 0;
}

static int cmd_explain(const cli_command *cmd, const cli_args *a) {
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  explain_in in = {0};
  if ((rc = parse(cmd, a, p, &in))) {
    stp_params_free(p);
    return rc;
  }
  stp_year_account acc;
  stp_error err = {0};
  if ((rc = stp_account_year(p, &in.prof, &acc, &err)) != STP_OK) {
    stp_params_free(p);
    return cli_error(cmd, &err);
  }
  report r;
  char yb[16];
  report_begin(&r, cli_flag(cmd, a, "csv"));
  if (!r.csv)
    printf("Academic year %s: %d credits (%d passed), %s%s. Income %s, assets %s a year.\n",
           year_name(in.prof.sy.year, yb), in.prof.sy.credits, in.prof.credits_passed,
           in.prof.sy.living_away ? "living away from parents" : "living with parents",
           in.non_eea ? ", non-EEA citizen" : "", report_nok(in.prof.income, (char[40]){0}, 40),
           report_nok(in.prof.assets, (char[40]){0}, 40));
  support_section(&r, p, &in, &acc);
  if (acc.sup.status < STP_SUPPORT_NONE_INELIGIBLE) {
    potential_section(&r, p, &in, &acc);
    means_section(&r, p, &acc.cal[0]);
    means_section(&r, p, &acc.cal[1]);
    if (!r.csv) {
      bool fy = in.prof.first_year, ly = in.prof.last_year;
      printf("  (a calendar year's reduction is shared over its months in proportion to each\n"
             "   month's grant; %s)\n",
             fy && ly ? "no support in the academic years before and after"
             : fy     ? "no support the academic year before; the year after is taken to be\n"
                        "   studied the same way, at its own rates"
             : ly     ? "no support the academic year after; the year before is taken to be\n"
                        "   studied the same way, at its own rates"
                      : "the academic years before and after are taken to be studied the\n"
                        "   same way, each at its own rates");
    }
    result_section(&r, &in, &acc);
  }
  rc = fees_section(&r, p, &in, &acc);
  if (report_end(&r) != 0 && !rc) rc = 1;
  stp_params_free(p);
  return rc;
}

const cli_command cli_cmd_explain = {
    "explain", "--year YYYY-YY [OPTIONS]",
    "one student's academic year step by step: support, conversion, means test, tuition",
    "Explains one academic year the way Lånekassen settles it: what is paid out month by month\n"
    "(all of it as loan), how much can become a grant (40 % for students living away: 25 % per\n"
    "credits passed and, from 2019-20, 15 % on degree completion), the means test of each\n"
    "calendar year the academic year touches (income and assets above the limits, 5 % / 2 %\n"
    "a month of support), what is converted, what stays loan, and tuition and semester fees.\n"
    "The neighbouring academic years are taken to be studied the same way unless --first-year\n"
    "or --last-year says otherwise (then that calendar year has at most 7 months of support\n"
    "and the higher income limit). Every parameter is shown with its source; see\n"
    "docs/model.md for the rules.\n\n"
    "Exemption grounds (--exemption with --citizenship non-eea, and the `exemption` column of a\n"
    "microdata cohort; the report prints what the ground means): none (pays tuition), eea,\n"
    "exchange, phd, admitted-before-2023, scholarship, permanent-residence, protection,\n"
    "eu-family, married-norwegian, cohabiting-norwegian, work-2y, uk-pre-2021, study-3y,\n"
    "family-immigration.",
    opts, 0, 0, cmd_explain};
