#include "rules/support.h"

#include <math.h>

const char *stp_support_status_text(stp_support_status s) {
  switch (s) {
  case STP_SUPPORT_FULL: return "supported";
  case STP_SUPPORT_PART_LIMIT: return "supported for the credits left under the total limit";
  case STP_SUPPORT_NONE_INELIGIBLE: return "not eligible (citizenship or residence)";
  case STP_SUPPORT_NONE_TOO_LITTLE: return "study share below the part-time minimum";
  case STP_SUPPORT_NONE_LIMIT: return "total support limit (credits) used up";
  case STP_SUPPORT_NONE_BEHIND: return "too far behind in credits";
  case STP_SUPPORT_NONE_AGE: return "over the age limit for support";
  }
  return "?";
}

const char *stp_part_name(int part) {
  static const char *names[] = {"disability grant", "child grant", "conversion (credits passed)",
                                "conversion (degree completed)"};
  return part >= 0 && part < STP_NPARTS ? names[part] : "?";
}

static stp_money month_of(stp_money year, int months) {
  /* Whole kroner: every published year divides exactly (151 690 = 11 × 13 790). */
  stp_money kr = year / 100;
  stp_money q = kr / months, r = kr % months;
  if (2 * r >= months) q++;
  return q * 100;
}

stp_money stp_basic_monthly(const stp_year_params *yp) {
  return month_of(yp->basic_support, yp->support_months);
}

stp_money stp_basic_year_whole_months(stp_money year, int months) {
  return month_of(year, months) * months;
}

long long stp_basic_year_of_g(double x, double g_nok, int months) {
  return llround(x * g_nok / months) * months;
}

stp_money stp_child_grant_month(const stp_year_params *yp, int children) {
  if (children <= 0) return 0;
  int first = children < 2 ? children : 2;
  return first * yp->child_grant_month + (children - first) * yp->child_grant_month_3plus;
}

stp_money stp_child_grant_after_spouse(const stp_year_params *yp, const stp_cal_params *cp,
                                       int children, stp_money spouse_income) {
  stp_money full = stp_child_grant_month(yp, children);
  if (spouse_income < 0 || spouse_income <= cp->spouse_income_limit) return full;
  stp_money cut = stp_trunc_kr(stp_mul_rate(spouse_income - cp->spouse_income_limit,
                                            cp->spouse_reduction_rate));
  return cut >= full ? 0 : full - cut;
}

static stp_support_status eligibility(const stp_year_params *yp, const stp_study_year *s,
                                      int *credits) {
  if (!s->eligible) return STP_SUPPORT_NONE_INELIGIBLE;
  if (s->age >= yp->no_support_age) return STP_SUPPORT_NONE_AGE;
  if (s->credits_behind > yp->max_credits_behind) return STP_SUPPORT_NONE_BEHIND;
  int left = yp->support_limit_credits - s->credits_used_before;
  if (left <= 0) return STP_SUPPORT_NONE_LIMIT;
  *credits = s->credits < left ? s->credits : left;
  if ((double)*credits / 60.0 + 1e-9 < yp->part_time_min_share) {
    return *credits < s->credits ? STP_SUPPORT_NONE_LIMIT : STP_SUPPORT_NONE_TOO_LITTLE;
  }
  return *credits < s->credits ? STP_SUPPORT_PART_LIMIT : STP_SUPPORT_FULL;
}

bool stp_support_standard(const stp_year_params *yp, const stp_study_year *s) {
  return s->eligible && s->credits == 60 && s->higher_education &&
         s->age < yp->no_support_age &&
         !(s->age >= yp->loan_30plus_age && yp->loan_30plus_year > 0) &&
         s->credits_behind <= yp->max_credits_behind &&
         yp->support_limit_credits - s->credits_used_before >= 60 &&
         s->children == 0 && !s->disability && !s->private_institution &&
         !(s->take_up > 0 && s->take_up < 1);
}

void stp_support_standard_year(const stp_year_params *yp, bool living_away, bool in_degree,
                               stp_year_support *out) {
  stp_study_year s = {.credits = 60,
                      .eligible = true,
                      .living_away = living_away,
                      .higher_education = true,
                      .in_degree = in_degree,
                      .take_up = 1.0};
  s.age = yp->no_support_age < yp->loan_30plus_age ? yp->no_support_age - 1
                                                    : yp->loan_30plus_age - 1;
  stp_support_year(yp, &s, out);
}

/* Extra loans for the year, paid in equal monthly parts over the supported months. */
static void extra_loans(const stp_year_params *yp, const stp_study_year *s, stp_year_support *o) {
  /* The 30+ loan and the parent loan cannot be combined; a student entitled to both gets the
     larger (Lånekassen: "not combinable with the 30+ loan"). */
  stp_money l30 = 0, lpar = 0;
  if (s->age >= yp->loan_30plus_age && yp->loan_30plus_year > 0 && !s->declines_loan_30plus) {
    stp_money room = yp->loan_30plus_total - s->loan_30plus_used;
    l30 = stp_max(0, stp_min(stp_mul_rate(yp->loan_30plus_year, o->study_share), room));
  }
  if (s->children > 0 && yp->parent_loan_year > 0 && !s->declines_parent_loan) {
    stp_money room = yp->parent_loan_total - s->parent_loan_used;
    lpar = stp_max(0, stp_min(stp_mul_rate(yp->parent_loan_year, o->study_share), room));
  }
  if (l30 >= lpar) lpar = 0;
  else l30 = 0;
  o->loan_30plus = stp_trunc_kr(l30);
  o->parent_loan = stp_trunc_kr(lpar);
  /* Part-time: every amount is scaled by the study share, the tuition-fee loan's maximum
     too (Lånekassen, Utdanning på deltid); never more than the tuition charged. */
  o->tuition_loan = s->private_institution
                        ? stp_trunc_kr(stp_min(s->tuition_charged,
                                               stp_mul_rate(yp->tuition_loan_year,
                                                            o->study_share)))
                        : 0;
}

/* Spread the year's extra loans over n months from index first, the remainder in the first
   month (Lånekassen pays more at the start of a term). */
static void spread_loans(stp_money total, int first, int n, stp_support_month *m) {
  if (n <= 0 || total == 0) return;
  stp_money each = stp_trunc_kr(total / n);
  for (int i = 0; i < n; i++) m[first + i].extra_loan += each + (i == 0 ? total - each * n : 0);
}

void stp_support_year(const stp_year_params *yp, const stp_study_year *s, stp_year_support *o) {
  int credits = 0;
  stp_support_status status = eligibility(yp, s, &credits);
  if (status >= STP_SUPPORT_NONE_INELIGIBLE) {
    *o = (stp_year_support){0};
    o->status = status;
    o->monthly_basic = stp_basic_monthly(yp);
    return;
  }
  /* Every field is written below (the months in one pass, which is cheaper than clearing
     the struct first: it is called for every year of every student). */
  o->status = status;
  o->monthly_basic = stp_basic_monthly(yp);
  o->basic = o->extra_june = o->loan_30plus = o->parent_loan = o->tuition_loan = 0;
  for (int k = 0; k < STP_NPARTS; k++) o->grant[k] = 0;

  o->credits_supported = credits;
  o->study_share = credits >= 60 ? 1.0 : credits / 60.0;
  o->full_time = credits >= 60;
  o->months = o->full_time ? yp->support_months : yp->part_time_months;

  /* Basic loan: full-time monthly rate × study share, in whole kroner, times take-up. */
  double take = s->take_up > 0 && s->take_up < 1 ? s->take_up : 1.0;
  stp_money month_amount = o->full_time ? o->monthly_basic
                                        : stp_round_kr(stp_mul_rate(o->monthly_basic,
                                                                    o->study_share));
  /* Take-up: the exact product to the nearest krone, once (not via the øre: 8 793.497 is
     8 793, not 8 793.50 and then 8 794). */
  if (take < 1.0) month_amount = (stp_money)llround((double)month_amount * take / 100.0) * 100;

  /* Conversion shares: HE from 2019-20 splits 25/15, with the 15 % only inside a degree;
     before 2019-20 and outside HE, the whole 40 % converts per credits passed. */
  double exam_share = yp->conversion_exam_share, degree_share = yp->conversion_degree_share;
  if (!s->higher_education) {
    exam_share = yp->conversion_max_share;
    degree_share = 0;
  } else if (!s->in_degree) {
    degree_share = 0;
  }
  if (!s->living_away) exam_share = degree_share = 0;

  stp_money exam_month = stp_mul_rate(month_amount, exam_share);
  stp_money degree_month = stp_mul_rate(month_amount, degree_share);
  for (int i = 0; i < STP_YEAR_MONTHS; i++) {
    bool paid = i < o->months;
    stp_support_month *m = &o->m[i];
    m->basic = paid ? month_amount : 0;
    m->extra_loan = 0;
    m->grant[STP_PART_DISABILITY] = 0;
    m->grant[STP_PART_CHILD] = 0;
    m->grant[STP_PART_EXAM] = paid ? exam_month : 0;
    m->grant[STP_PART_DEGREE] = paid ? degree_month : 0;
  }
  /* 2016-19: 1-3 extra weeks in June (a quarter month each), loan that converts like the rest. */
  if (o->full_time && yp->extra_june_weeks > 0 && o->months < STP_YEAR_MONTHS - 1) {
    stp_support_month *june = &o->m[10];
    stp_money extra = stp_round_kr(month_amount * yp->extra_june_weeks / 4);
    june->basic += extra;
    june->grant[STP_PART_EXAM] += stp_mul_rate(extra, exam_share);
    june->grant[STP_PART_DEGREE] += stp_mul_rate(extra, degree_share);
    o->extra_june = extra;
  }

  /* The grants paid directly, each month the same (part-time: × study share, to the øre;
     Lånekassen, Utdanning på deltid: "reduserer vi alle beløp ... også ...
     forsørgerstipend"), so that each calendar year's means test gets exactly its months. */
  if (s->disability) {
    int n = yp->disability_grant_months < o->months ? yp->disability_grant_months : o->months;
    stp_money month = o->full_time ? yp->disability_grant_month
                                   : stp_mul_rate(yp->disability_grant_month, o->study_share);
    for (int i = 0; i < n; i++) o->m[i].grant[STP_PART_DISABILITY] += month;
  }
  if (s->children > 0) {
    stp_money month = o->full_time
                          ? stp_child_grant_month(yp, s->children)
                          : stp_mul_rate(stp_child_grant_month(yp, s->children), o->study_share);
    for (int i = 0; i < o->months; i++) o->m[i].grant[STP_PART_CHILD] += month;
  }
  /* 2016-19: the extra June weeks carry the other grants too, a quarter month a week
     ("Studenter med rett til andre ytelser i utdanningsstøtteordningen, som for eksempel
     forsørgerstipend, vil også få slike utbetalt i den utvidede støtteperioden",
     regjeringen.no, Studielån og stipend, endringer fra studieåret 2016-17). */
  if (o->extra_june > 0) {
    stp_support_month *june = &o->m[10];
    if (s->children > 0)
      june->grant[STP_PART_CHILD] +=
          stp_round_kr(stp_child_grant_month(yp, s->children) * yp->extra_june_weeks / 4);
    if (s->disability && yp->disability_grant_months >= o->months)
      june->grant[STP_PART_DISABILITY] +=
          stp_round_kr(yp->disability_grant_month * yp->extra_june_weeks / 4);
  }

  extra_loans(yp, s, o);
  spread_loans(o->loan_30plus + o->parent_loan + o->tuition_loan, 0, o->months, o->m);

  for (int i = 0; i < STP_YEAR_MONTHS; i++) {
    o->basic += o->m[i].basic;
    for (int k = 0; k < STP_NPARTS; k++) o->grant[k] += o->m[i].grant[k];
  }
}
