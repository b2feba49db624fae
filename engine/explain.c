/* explain.c: one student's academic year explained step by step (support, conversion, the
   means tests, tuition and fees), every figure with its formula and source, as text or as
   CSV rows (section,item,formula,amount_nok). */
#include "explain.h"

#include <stdarg.h>
#include <string.h>

#include "csvio.h"

/* ---- the steps: a section title, then lines of item, amount and formula ---- */

typedef struct steps {
  FILE *out;
  stp_csv_writer *csv;   /* NULL: text */
  const char *section;
} steps;

static void step_section(steps *r, const char *title) {
  r->section = title;
  if (!r->csv) fprintf(r->out, "\n%s\n", title);
}

/* A row: item and text, with an amount (a line) or without (a note). */
static void step_row(steps *r, const char *item, const char *text, const stp_money *amount) {
  if (r->csv) {
    stp_csv_field(r->csv, r->section);
    stp_csv_field(r->csv, item);
    stp_csv_field(r->csv, text);
    if (amount) stp_csv_money(r->csv, *amount);
    else stp_csv_field(r->csv, "");
    stp_csv_endrow(r->csv);
  } else if (amount) {
    char b[40];
    fprintf(r->out, "  %-46s %15s   %s\n", item, stp_money_grouped(*amount, b, sizeof b), text);
  } else {
    fprintf(r->out, "  %s\n", text);
  }
}

/* One line: item, the formula with its figures, the amount in øre. */
static void step_line(steps *r, const char *item, stp_money amount, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void step_line(steps *r, const char *item, stp_money amount, const char *fmt, ...) {
  char formula[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(formula, sizeof formula, fmt, ap);
  va_end(ap);
  step_row(r, item, formula, &amount);
}

/* A line of text without an amount (a note, a source). */
static void step_note(steps *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void step_note(steps *r, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  step_row(r, "note", text, NULL);
}

/* ---- the sections ---- */

static const char *year_name(int y, char *b) {
  snprintf(b, 16, "%d-%02d", y, (y + 1) % 100);
  return b;
}

static void source_note(steps *r, const stp_params *p, const char *name, int year) {
  const stp_param_def *d = stp_param_find(name);
  const stp_param_meta *m;
  if (!d || stp_param_get(p, d, year, NULL, &m) != STP_OK) return;
  step_note(r, "%s: %s%s%s (%s)", name, stp_status_name(m->status),
              m->status >= STP_STATUS_DERIVED ? ", " : "",
              m->status >= STP_STATUS_DERIVED ? m->note : "", m->source);
}

/* The child grant, and with a spouse or partner with joint children the spouse-income test of
   each calendar year: 5 % of the spouse's yearly income above the limit, truncated to whole
   kroner (Lånekassen's examples), off the family's monthly total. */
static void child_grant_lines(steps *r, const stp_params *p, const stp_explain_in *in,
                              const stp_year_support *s) {
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  int n = in->prof.sy.children;
  char b1[40], b2[40], b3[40], b4[40];
  stp_money full = stp_child_grant_month(yp, n);
  int months = s->months;
  bool test = in->prof.spouse_income >= 0;
  step_line(r, test ? "child grant before the spouse-income test" : "child grant",
              test ? full * months : s->grant[STP_PART_CHILD],
              "%d %s x %d months: %s a month for each of the first two, %s from the third",
              n, n == 1 ? "child" : "children", months,
              stp_money_grouped(yp->child_grant_month, b1, sizeof b1),
              stp_money_grouped(yp->child_grant_month_3plus, b2, sizeof b2));
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
    step_line(r, item, (full - after) * m,
                "%g %% x max(0, %s - %s) = %s, to whole kroner and at most the grant: %s a "
                "month",
                100 * cp->spouse_reduction_rate, stp_money_grouped(in->prof.spouse_income, b1, sizeof b1),
                stp_money_grouped(cp->spouse_income_limit, b2, sizeof b2),
                stp_money_grouped(stp_mul_rate(excess, cp->spouse_reduction_rate), b3, sizeof b3),
                stp_money_grouped(full - after, b4, sizeof b4));
    source_note(r, p, "spouse_income_limit", cp->year);
  }
  step_line(r, "child grant", s->grant[STP_PART_CHILD], "after the spouse-income test");
}

/* An extra loan (30+ or parents): the year's amount times the study share, within a total. */
static void extra_loan_line(steps *r, const stp_params *p, int year, const char *item,
                            stp_money paid, const char *param, stp_money per_year,
                            stp_money total, const char *tail) {
  char b1[40], b2[40];
  step_line(r, item, paid, "%s %s x study share, within %s in all: pure loan%s", param,
            stp_money_grouped(per_year, b1, sizeof b1), stp_money_grouped(total, b2, sizeof b2),
            tail);
  source_note(r, p, param, year);
}

static void support_section(steps *r, const stp_params *p, const stp_explain_in *in,
                            const stp_year_account *a) {
  const stp_year_support *s = &a->sup;
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  char b1[40], b2[40];
  step_section(r, "Support paid (all as loan first)");
  step_note(r, "status: %s", stp_support_status_text(s->status));
  if (s->status >= STP_SUPPORT_NONE_INELIGIBLE) return;
  stp_money regular = s->basic - s->extra_june;
  step_line(r, "basic support", regular, "%d months x %s%s (basic_support %s / %d months)",
              s->months, stp_money_grouped(regular / s->months, b1, sizeof b1),
              s->full_time ? "" : " (part-time share of the monthly rate)",
              stp_money_grouped(yp->basic_support, b2, sizeof b2), yp->support_months);
  source_note(r, p, "basic_support", yp->year);
  if (s->extra_june)
    step_line(r, "extra June weeks", s->extra_june,
                "%d week%s x %s / 4, nearest krone (phase-in to 11 months)",
                yp->extra_june_weeks, yp->extra_june_weeks == 1 ? "" : "s",
                stp_money_grouped(s->monthly_basic, b1, sizeof b1));
  if (s->grant[STP_PART_DISABILITY]) {
    step_line(r, "disability grant", s->grant[STP_PART_DISABILITY], "%s a month",
                stp_money_grouped(yp->disability_grant_month, b1, sizeof b1));
    source_note(r, p, "disability_grant_month", yp->year);
  }
  if (s->grant[STP_PART_CHILD] || (in->prof.sy.children > 0 && in->prof.spouse_income >= 0))
    child_grant_lines(r, p, in, s);
  if (s->loan_30plus)
    extra_loan_line(r, p, yp->year, "additional loan (30+)", s->loan_30plus, "loan_30plus_year",
                    yp->loan_30plus_year, yp->loan_30plus_total, "");
  if (s->parent_loan)
    extra_loan_line(r, p, yp->year, "additional loan (parents)", s->parent_loan,
                    "parent_loan_year", yp->parent_loan_year, yp->parent_loan_total,
                    " (not with the 30+ loan)");
  if (s->tuition_loan) {
    step_line(r, "tuition-fee loan", s->tuition_loan,
                "min(tuition charged %s, tuition_loan_year %s x study share): pure loan",
                stp_money_grouped(in->prof.sy.tuition_charged, b1, sizeof b1),
                stp_money_grouped(yp->tuition_loan_year, b2, sizeof b2));
    source_note(r, p, "tuition_loan_year", yp->year);
  }
  step_line(r, "paid out", a->paid_out,
              "basic support + grants paid (after any spouse-income test) + extra loans");
}

static void potential_section(steps *r, const stp_params *p, const stp_explain_in *in,
                              const stp_year_account *a) {
  const stp_year_params *yp = stp_params_year(p, in->prof.sy.year);
  char b1[40];
  step_section(r, "Conversion potential (loan that can become grant)");
  if (!in->prof.sy.living_away) {
    step_note(r, "lives with parents: no conversion (only students living away convert)");
    return;
  }
  step_line(r, "exam part", a->potential[STP_PART_EXAM],
              "%g %% of %s basic support, converts per credits passed",
              100 * (a->potential[STP_PART_DEGREE] || yp->conversion_degree_share > 0
                         ? yp->conversion_exam_share
                         : yp->conversion_max_share),
              stp_money_grouped(a->sup.basic, b1, sizeof b1));
  step_line(r, "degree part", a->potential[STP_PART_DEGREE],
              "%g %% of basic support, converts when the degree is completed%s",
              100 * yp->conversion_degree_share,
              a->potential[STP_PART_DEGREE] ? "" : " (none this year)");
  source_note(r, p, "conversion_exam_share", yp->year);
}

static void means_section(steps *r, const stp_params *p, const stp_calendar_test *t) {
  char b1[40], b2[40], b3[40], title[160];
  const stp_cal_params *cp = stp_params_cal(p, t->year < STP_FIRST_YEAR   ? STP_FIRST_YEAR
                                               : t->year > stp_params_last_year(p) ? stp_params_last_year(p)
                                                                          : t->year);
  snprintf(title, sizeof title,
           "Means test, calendar year %d (%d months with support, %d of them in this academic "
           "year)",
           t->year, t->in.months, t->months_this);
  step_section(r, title);
  step_line(r, "income reduction", t->res.income_reduction,
              "%g %% x max(0, %s - %s%s) x %d months", 100 * cp->income_reduction_rate,
              stp_money_grouped(t->in.income, b1, sizeof b1), stp_money_grouped(t->res.income_limit, b2, sizeof b2),
              t->res.short_limit ? ", the higher limit for <= 7 months" : "", t->in.months);
  source_note(r, p, t->res.short_limit ? "income_limit_short" : "income_limit", cp->year);
  step_line(r, "asset reduction", t->res.asset_reduction, "%g %% x max(0, %s - %s) x %d months",
              100 * t->res.asset_rate, stp_money_grouped(t->in.assets, b1, sizeof b1),
              stp_money_grouped(t->res.asset_limit, b3, sizeof b3), t->in.months);
  source_note(r, p, t->in.joint ? "asset_limit_joint" : "asset_limit", cp->year);
  for (int k = 0; k < STP_NPARTS; k++) {
    if (t->in.potential[k] == 0) continue;
    char item[80];
    snprintf(item, sizeof item, "- from %s", stp_part_name(k));
    step_line(r, item, t->res.reduction[k],
                "of %s in the calendar year; %s of it on this academic year's months",
                stp_money_grouped(t->in.potential[k], b1, sizeof b1),
                stp_money_grouped(t->reduction_this[k], b2, sizeof b2));
  }
}

static void result_section(steps *r, const stp_explain_in *in, const stp_year_account *a) {
  char b1[40], b2[40];
  step_section(r, "Result for the academic year");
  for (int k = 0; k < STP_NPARTS; k++) {
    if (a->potential[k] == 0) continue;
    char item[80];
    snprintf(item, sizeof item, "%s after means test", stp_part_name(k));
    step_line(r, item, a->surviving[k], "%s - %s", stp_money_grouped(a->potential[k], b1, sizeof b1),
                stp_money_grouped(a->reduction[k], b2, sizeof b2));
  }
  if (a->potential[STP_PART_EXAM])
    step_line(r, "converted for credits passed", a->converted_exam, "%s x %d / %d credits",
                stp_money_grouped(a->surviving[STP_PART_EXAM], b1, sizeof b1), in->prof.credits_passed,
                a->sup.credits_supported);
  if (a->potential[STP_PART_DEGREE])
    step_line(r, in->prof.degree_completed ? "converted on degree completion"
                                             : "banked until the degree is completed",
                in->prof.degree_completed ? a->converted_degree : a->banked_degree,
                "this year's degree part after the means test");
  step_line(r, "grant", a->grant, "grants kept + conversions");
  step_line(r, "stays loan", a->loan, "paid out %s - grant %s",
              stp_money_grouped(a->paid_out, b1, sizeof b1), stp_money_grouped(a->grant, b2, sizeof b2));
}

static void fees_section(steps *r, const stp_params *p, const stp_explain_in *in,
                         const stp_year_account *a) {
  char b1[40], yb[16];
  int year = in->prof.sy.year;
  step_section(r, "Tuition and fees");
  bool pays = stp_exemption_pays_tuition(in->exemption, in->non_eea);
  if (!in->non_eea) step_note(r, "EU/EEA/Swiss or Norwegian citizen: no tuition");
  else step_note(r, "non-EEA citizen, exemption ground: %s (%s)", stp_exemption_name(in->exemption),
                     stp_exemption_description(in->exemption));
  bool charged = stp_params_year(p, year)->non_eea_tuition;
  if (pays && !charged)
    step_note(r, "no tuition this year (non_eea_tuition = 0; no tuition before autumn 2023)");
  if (pays && charged) {
    const stp_tuition_fee *f = stp_params_tuition(p, in->institution, in->category, year);
    double share = a->sup.credits_supported ? a->sup.study_share : in->prof.sy.credits / 60.0;
    if (share > 1) share = 1;
    stp_money fee = stp_tuition_year(f->fee_year, share, in->exemption, in->non_eea);
    step_line(r, "tuition", fee, "%s %s: %s per 60 credits (%s table) x %g", f->institution,
                f->category, stp_money_grouped(f->fee_year, b1, sizeof b1), year_name(f->year, yb),
                share);
    step_note(r, "tuition fee source: %s (%s)", f->source, stp_status_name(f->status));
  }
  if (in->institution) {
    const stp_semester_fee *sf = stp_params_semester_fee(p, in->institution, year);
    /* Seed 004: incoming exchange students from partner institutions pay no semester fee. */
    stp_semester_student st = {.online = in->online,
                               .partner_exchange = in->non_eea &&
                                                   in->exemption == STP_EXEMPT_EXCHANGE};
    if (sf && st.partner_exchange) {
      step_line(r, "semester fee", 0,
                  "exchange student from a partner institution: no semester fee");
      step_note(r, "semester fee source: %s", sf->source);
    } else if (sf) {
      stp_money fee = 2 * stp_semester_fee_term(sf->fee, sf->fee_online, STP_SAIH_TERM_DEFAULT,
                                                &st);
      step_line(r, "semester fee", fee, "2 terms x %s (%s table, incl. voluntary SAIH 40)",
                  stp_money_grouped(in->online ? sf->fee_online : sf->fee, b1, sizeof b1),
                  year_name(sf->year, yb));
      step_note(r, "semester fee source: %s", sf->source);
    } else {
      step_note(r, "no semester fee for %s in datasets/tuition", in->institution);
    }
  } else {
    step_note(r, "semester fee: give --institution to include it");
  }
}

/* ---- the student ---- */

void stp_explain_defaults(stp_explain_in *in) {
  *in = (stp_explain_in){.exemption = STP_EXEMPT_NONE};
  in->prof.sy = (stp_study_year){.year = 2025, .credits = 60, .age = 22, .eligible = true,
                                 .living_away = true, .higher_education = true,
                                 .in_degree = true, .take_up = 1.0};
  in->prof.credits_passed = 60;
  in->prof.spouse_income = -1;
}

int stp_explain_check(const stp_params *p, stp_explain_in *in, stp_error *err) {
  stp_study_year *sy = &in->prof.sy;
  if (in->prof.degree_completed && !sy->in_degree)
    return stp_fail(err, STP_EINVAL,
                    "--degree-completed and --not-in-degree contradict each other");
  if (!in->non_eea && in->exemption != STP_EXEMPT_NONE && in->exemption != STP_EXEMPT_EEA)
    return stp_fail(err, STP_EINVAL, "--exemption applies to --citizenship non-eea");
  if (in->institution && !stp_params_has_institution(p, in->institution))
    return stp_fail(err, STP_EINVAL,
                    "--institution: unknown institution '%s' (see 'stipend params')",
                    in->institution);
  if (in->category && !in->institution)
    return stp_fail(err, STP_EINVAL, "--category needs --institution");
  if (stp_exemption_pays_tuition(in->exemption, in->non_eea) && sy->year >= 2023) {
    if (!in->institution || !in->category)
      return stp_fail(err, STP_EINVAL,
                      "a fee-paying non-EEA student needs --institution and --category (see "
                      "'stipend params' for the tuition table)");
    if (!stp_params_tuition(p, in->institution, in->category, sy->year))
      return stp_fail(err, STP_EINVAL,
                      "--category: no tuition fee for %s category '%s' in datasets/tuition",
                      in->institution, in->category);
  }
  sy->eligible = stp_exemption_support_eligible(in->exemption, in->non_eea,
                                                stp_params_year(p, sy->year)->non_eea_support);
  return STP_OK;
}

int stp_explain_write(const stp_params *p, const stp_explain_in *in, FILE *out, bool csv,
                      stp_error *err) {
  stp_year_account acc;
  int rc = stp_account_year(p, &in->prof, &acc, err);
  if (rc != STP_OK) return rc;
  steps r = {.out = out, .section = ""};
  if (csv) {
    if (!(r.csv = stp_csv_writer_file(out)))
      return stp_fail(err, STP_ENOMEM, "explain: out of memory");
    static const char *const head[] = {"section", "item", "formula", "amount_nok"};
    for (int i = 0; i < 4; i++) stp_csv_field(r.csv, head[i]);
    stp_csv_endrow(r.csv);
  }
  char yb[16], b1[40], b2[40];
  if (!csv)
    fprintf(out, "Academic year %s: %d credits (%d passed), %s%s. Income %s, assets %s a year.\n",
            year_name(in->prof.sy.year, yb), in->prof.sy.credits, in->prof.credits_passed,
            in->prof.sy.living_away ? "living away from parents" : "living with parents",
            in->non_eea ? ", non-EEA citizen" : "", stp_money_grouped(in->prof.income, b1, 40),
            stp_money_grouped(in->prof.assets, b2, 40));
  support_section(&r, p, in, &acc);
  if (acc.sup.status < STP_SUPPORT_NONE_INELIGIBLE) {
    potential_section(&r, p, in, &acc);
    means_section(&r, p, &acc.cal[0]);
    means_section(&r, p, &acc.cal[1]);
    if (!csv) {
      bool fy = in->prof.first_year, ly = in->prof.last_year;
      fprintf(out,
              "  (a calendar year's reduction is shared over its months in proportion to each\n"
              "   month's grant; %s)\n",
              fy && ly ? "no support in the academic years before and after"
              : fy     ? "no support the academic year before; the year after is taken to be\n"
                         "   studied the same way, at its own rates"
              : ly     ? "no support the academic year after; the year before is taken to be\n"
                         "   studied the same way, at its own rates"
                       : "the academic years before and after are taken to be studied the\n"
                         "   same way, each at its own rates");
    }
    result_section(&r, in, &acc);
  }
  fees_section(&r, p, in, &acc);
  if (r.csv) return stp_csv_writer_commit(r.csv, err);
  if (fflush(out) != 0) return stp_fail(err, STP_EIO, "explain: cannot write the report");
  return STP_OK;
}

/* ---- a debt's repayment plan ---- */

static const char *month_name(stp_month t, char *b) {
  snprintf(b, 16, "%04d-%02d", stp_month_year(t), stp_month_of_year(t));
  return b;
}

typedef struct plan_summary {
  stp_month interest_start, first_bill, end;
  int instalments;
  stp_money first_instalment, interest, paid, capitalised;
} plan_summary;


static void schedule_header(stp_csv_writer *w) {
  const char *h[] = {"month", "action", "rate_percent", "interest_nok", "paid_nok",
                     "principal_nok", "balance_nok"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
}

static const char *action_name(stp_bill_action a) {
  switch (a) {
  case STP_BILL_PAY: return "pay";
  case STP_BILL_DEFER: return "defer";
  case STP_BILL_RELIEF: return "relief";
  case STP_BILL_RELIEF_OTHER: return "relief";
  default: return "grace";
  }
}

/* Run the plan to its end; write each month to w if given. */
static int run_plan(const stp_repay_params *rp, stp_money debt, double rate, int deferrals,
                    stp_month start, stp_csv_writer *w, plan_summary *s) {
  stp_loan l;
  stp_loan_start(&l, rp, debt, start);
  *s = (plan_summary){.interest_start = start, .first_bill = l.first_bill};
  int deferred = 0;
  char mb[16];
  for (stp_month t = start; !l.closed && t < start + 12 * 100; t++) {
    stp_bill_action act = STP_BILL_PAY;
    if (t >= l.first_bill && deferred < deferrals) act = STP_BILL_DEFER;
    stp_loan_event ev;
    stp_loan_month(&l, rp, t, rate, act, &ev);
    if (ev.action == STP_BILL_DEFER) deferred++;
    if (ev.action == STP_BILL_PAY && ev.paid > 0) {
      if (s->instalments == 0) s->first_instalment = ev.paid;
      s->instalments++;
      s->end = t;
    }
    s->interest += ev.interest;
    s->paid += ev.paid;
    if (w) {
      stp_csv_field(w, month_name(t, mb));
      stp_csv_field(w, action_name(ev.action));
      stp_csv_real(w, rate * 100, 3);
      stp_csv_money(w, ev.interest);
      stp_csv_money(w, ev.paid);
      stp_csv_money(w, ev.paid_principal);
      stp_csv_money(w, stp_loan_owed(&l));
      stp_csv_endrow(w);
    }
    if (!stp_loan_check(&l)) return -1;
  }
  return l.closed ? 0 : -1;
}

int stp_explain_repay(const stp_explain_debt *d, stp_explain_form form, FILE *out,
                      stp_error *err) {
  const stp_repay_params *rp = &d->rp;
  double rate = d->rate_percent / 100.0;
  plan_summary sum;
  stp_csv_writer *w = NULL;
  if (form == STP_EXPLAIN_SCHEDULE) {
    if (!(w = stp_csv_writer_file(out))) return stp_fail(err, STP_ENOMEM, "repay: out of memory");
    schedule_header(w);
  }
  if (run_plan(rp, d->debt, rate, d->deferrals, d->start, w, &sum) != 0) {
    if (w) stp_csv_writer_abort(w);
    return stp_fail(err, STP_EIO, "internal error: the plan did not close or lost an øre");
  }
  if (w) return stp_csv_writer_commit(w, err);
  char b1[16], b2[16], b3[16];
  if (form == STP_EXPLAIN_CSV) {
    if (!(w = stp_csv_writer_file(out))) return stp_fail(err, STP_ENOMEM, "repay: out of memory");
    const char *h[] = {"debt_nok", "rate_percent", "grace_months", "deferrals",
                       "interest_start", "first_bill", "instalments", "monthly_instalment_nok",
                       "total_interest_nok", "total_paid_nok", "end_date"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
    stp_csv_money(w, d->debt);
    stp_csv_real(w, d->rate_percent, 3);
    stp_csv_int(w, rp->grace_months);
    stp_csv_int(w, d->deferrals);
    stp_csv_field(w, month_name(sum.interest_start, b1));
    stp_csv_field(w, month_name(sum.first_bill, b2));
    stp_csv_int(w, sum.instalments);
    stp_csv_money(w, sum.first_instalment);
    stp_csv_money(w, sum.interest);
    stp_csv_money(w, sum.paid);
    stp_csv_field(w, month_name(sum.end, b3));
    stp_csv_endrow(w);
    return stp_csv_writer_commit(w, err);
  }
  char n1[40];
  fprintf(out, "Repayment plan for a debt of NOK %s at %.3f %% a year\n",
          stp_money_grouped(d->debt, n1, 40), d->rate_percent);
  fprintf(out, "  interest starts           %s\n", month_name(sum.interest_start, b1));
  fprintf(out, "  first bill                %s (%d months of interest added first)\n",
          month_name(sum.first_bill, b2), rp->grace_months);
  if (d->deferrals)
    fprintf(out, "  bills deferred            %d (interest keeps running)\n", d->deferrals);
  fprintf(out, "  instalments               %d\n", sum.instalments);
  fprintf(out, "  monthly instalment        NOK %s\n",
          stp_money_grouped(sum.first_instalment, n1, 40));
  fprintf(out, "  total interest            NOK %s\n", stp_money_grouped(sum.interest, n1, 40));
  fprintf(out, "  total paid                NOK %s\n", stp_money_grouped(sum.paid, n1, 40));
  fprintf(out, "  last instalment           %s\n", month_name(sum.end, b3));
  fprintf(out,
          "  (plan: %d months from the start of interest = min(%d, ceil(debt / %lld)); annuity\n"
          "   recomputed at rate changes so the end date holds; see docs/model.md)\n",
          stp_plan_months(rp, d->debt), rp->plan_months_max,
          (long long)(rp->plan_debt_per_month / 100));
  if (fflush(out) != 0) return stp_fail(err, STP_EIO, "repay: cannot write the plan");
  return STP_OK;
}
