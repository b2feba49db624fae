/* cmd_explain.c: `stipend explain`: one student's academic year step by step (explain.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "explain.h"

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

/* The whole-number options: name, range, where the value goes. */
typedef struct int_opt {
  const char *name;
  long lo, hi;
  int *to;
} int_opt;

static int parse(const cli_command *cmd, const cli_args *a, stp_explain_in *in) {
  stp_study_year *sy = &in->prof.sy;
  const char *s;
  long v;
  if ((s = cli_get(cmd, a, "year")) && !cli_year(cmd, "year", s, &sy->year)) return 2;
  const int_opt ints[] = {{"credits", 0, 60, &sy->credits},
                          {"children", 0, 12, &sy->children},
                          {"age", 15, 80, &sy->age},
                          {"credits-before", 0, 1000, &sy->credits_used_before},
                          {"credits-behind", 0, 480, &sy->credits_behind}};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    if (!(s = cli_get(cmd, a, ints[i].name))) continue;
    if (!cli_int(cmd, ints[i].name, s, ints[i].lo, ints[i].hi, &v)) return 2;
    *ints[i].to = (int)v;
  }
  in->prof.credits_passed = sy->credits;
  if ((s = cli_get(cmd, a, "credits-passed"))) {
    if (!cli_int(cmd, "credits-passed", s, 0, 60, &v)) return 2;
    if (v > sy->credits)
      return cli_usage_error(cmd, "--credits-passed: %ld is more than the %d credits taken", v,
                             sy->credits);
    in->prof.credits_passed = (int)v;
  }
  const struct {
    const char *name;
    stp_money *to;
  } money[] = {{"income", &in->prof.income},
               {"assets", &in->prof.assets},
               {"spouse-income", &in->prof.spouse_income},
               {"private-tuition", &sy->tuition_charged}};
  for (size_t i = 0; i < sizeof money / sizeof money[0]; i++)
    if ((s = cli_get(cmd, a, money[i].name)) &&
        !cli_money(cmd, money[i].name, s, false, money[i].to))
      return 2;
  sy->private_institution = cli_get(cmd, a, "private-tuition") != NULL;
  sy->living_away = !cli_flag(cmd, a, "at-home");
  in->prof.joint_assets = cli_flag(cmd, a, "joint-assets");
  sy->disability = cli_flag(cmd, a, "disability");
  in->prof.degree_completed = cli_flag(cmd, a, "degree-completed");
  sy->in_degree = !cli_flag(cmd, a, "not-in-degree");
  in->prof.first_year = cli_flag(cmd, a, "first-year");
  in->prof.last_year = cli_flag(cmd, a, "last-year");
  in->online = cli_flag(cmd, a, "online");
  if ((s = cli_get(cmd, a, "citizenship"))) {
    if (!strcmp(s, "non-eea")) in->non_eea = true;
    else if (strcmp(s, "eea") != 0)
      return cli_usage_error(cmd, "--citizenship: '%s' is not eea or non-eea", s);
  }
  if ((s = cli_get(cmd, a, "exemption")) && stp_exemption_parse(s, &in->exemption) != STP_OK) {
    char list[1024] = "";
    for (int e = 0; e < STP_EXEMPTION_COUNT; e++) {
      strncat(list, e ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, stp_exemption_name((stp_exemption)e), sizeof list - strlen(list) - 1);
    }
    return cli_usage_error(cmd, "--exemption: unknown ground '%s' (one of: %s)", s, list);
  }
  in->institution = cli_get(cmd, a, "institution");
  in->category = cli_get(cmd, a, "category");
  return 0;
}

static int cmd_explain(const cli_command *cmd, const cli_args *a) {
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  stp_explain_in in;
  stp_explain_defaults(&in);
  stp_error err = {0};
  if (!(rc = parse(cmd, a, &in)) && stp_explain_check(p, &in, &err) != STP_OK)
    rc = cli_usage_error(cmd, "%s", err.msg);
  if (!rc && stp_explain_write(p, &in, stdout, cli_flag(cmd, a, "csv"), &err) != STP_OK)
    rc = cli_error(cmd, &err);
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
