#include "rules/tuition.h"

#include <math.h>
#include <string.h>

/* One row per ground, in enum order: CLI name and help text (USN's tuition fee page, rulebook 6). */
static const struct {
  const char *name;
  const char *description;
} tuition_grounds[STP_EXEMPTION_COUNT] = {
    [STP_EXEMPT_NONE] = {"none", "no exemption: a non-EEA student pays tuition"},
    [STP_EXEMPT_EEA] = {"eea", "citizen of an EU/EEA country or Switzerland"},
    [STP_EXEMPT_EXCHANGE] = {"exchange", "exchange student from a partner institution"},
    [STP_EXEMPT_PHD] = {"phd", "PhD candidate"},
    [STP_EXEMPT_ADMITTED_BEFORE_2023] = {"admitted-before-2023",
                                         "admitted to the programme before autumn 2023"},
    [STP_EXEMPT_SCHOLARSHIP] = {"scholarship",
                                "scholarship holder: NORPART, NORHED, Students at Risk, "
                                "Erasmus Mundus or Nordic joint master"},
    [STP_EXEMPT_PERMANENT_RESIDENCE] = {"permanent-residence",
                                        "permanent residence permit in Norway"},
    [STP_EXEMPT_PROTECTION] = {"protection",
                               "residence for protection (asylum), strong humanitarian "
                               "grounds or a special connection to Norway"},
    [STP_EXEMPT_EU_FAMILY] = {"eu-family",
                              "residence permit as family member of an EU/EEA citizen "
                              "living in Norway other than as a student"},
    [STP_EXEMPT_MARRIED_NORWEGIAN] = {"married-norwegian",
                                      "married to a Norwegian citizen, both living in Norway"},
    [STP_EXEMPT_COHABITING_NORWEGIAN] = {"cohabiting-norwegian",
                                         "cohabiting with a Norwegian citizen with joint "
                                         "children, both living in Norway"},
    [STP_EXEMPT_WORK_2Y] = {"work-2y",
                            "at least 24 months' continuous full-time work in Norway just "
                            "before the studies"},
    [STP_EXEMPT_UK_PRE_2021] = {"uk-pre-2021",
                                "UK citizen entitled to reside in Norway before 1 January 2021"},
    [STP_EXEMPT_STUDY_3Y] = {"study-3y",
                             "three years' full-time education passed in Norway over at "
                             "least 36 months, without Lånekassen support"},
    [STP_EXEMPT_FAMILY_IMMIGRATION] = {"family-immigration",
                                       "residence permit by family immigration (or an "
                                       "independent permit under Immigration Act s. 53)"},
};

static bool tuition_ground_valid(stp_exemption e) {
  return (int)e >= 0 && (int)e < STP_EXEMPTION_COUNT;
}

const char *stp_exemption_name(stp_exemption e) {
  return tuition_ground_valid(e) ? tuition_grounds[e].name : NULL;
}

const char *stp_exemption_description(stp_exemption e) {
  return tuition_ground_valid(e) ? tuition_grounds[e].description : NULL;
}

int stp_exemption_parse(const char *name, stp_exemption *out) {
  if (!name || !out) return STP_EINVAL;
  for (int i = 0; i < STP_EXEMPTION_COUNT; i++) {
    if (strcmp(name, tuition_grounds[i].name) == 0) {
      *out = (stp_exemption)i;
      return STP_OK;
    }
  }
  return STP_EINVAL;
}

bool stp_exemption_residence_based(stp_exemption e) {
  switch (e) {
  case STP_EXEMPT_PERMANENT_RESIDENCE:
  case STP_EXEMPT_PROTECTION:
  case STP_EXEMPT_EU_FAMILY:
  case STP_EXEMPT_MARRIED_NORWEGIAN:
  case STP_EXEMPT_COHABITING_NORWEGIAN:
  case STP_EXEMPT_WORK_2Y:
  case STP_EXEMPT_UK_PRE_2021:
  case STP_EXEMPT_STUDY_3Y:
  case STP_EXEMPT_FAMILY_IMMIGRATION: return true;
  default: return false;
  }
}

bool stp_exemption_pays_tuition(stp_exemption e, bool non_eea) {
  return non_eea && e == STP_EXEMPT_NONE;
}

bool stp_exemption_study_permit(stp_exemption e, bool non_eea) {
  return non_eea && (e == STP_EXEMPT_NONE || e == STP_EXEMPT_ADMITTED_BEFORE_2023);
}

bool stp_exemption_support_eligible(stp_exemption e, bool non_eea, bool non_eea_support) {
  if (stp_exemption_residence_based(e)) return true; /* rulebook 9i */
  switch (e) {
  case STP_EXEMPT_EEA: return true;
  case STP_EXEMPT_EXCHANGE:
  case STP_EXEMPT_SCHOLARSHIP: return false; /* rulebook 9i */
  case STP_EXEMPT_PHD: return false;         /* model choice: salaried, not Lånekassen */
  case STP_EXEMPT_NONE:
  case STP_EXEMPT_ADMITTED_BEFORE_2023: return !non_eea || non_eea_support;
  default: return false;
  }
}

/* A share of a year in [0, 1]; NaN and negatives count as 0. */
static double tuition_share(double share) {
  if (!(share > 0.0)) return 0.0;
  return share > 1.0 ? 1.0 : share;
}

stp_money stp_tuition_year(stp_money fee_year, double study_share, stp_exemption e,
                           bool non_eea) {
  if (fee_year <= 0 || !stp_exemption_pays_tuition(e, non_eea)) return 0;
  return stp_mul_rate(fee_year, tuition_share(study_share));
}

stp_money stp_tuition_term(stp_money year_amount, stp_term term) {
  stp_money autumn = year_amount / 2; /* towards zero; amounts are not negative in practice */
  return term == STP_TERM_AUTUMN ? autumn : year_amount - autumn;
}

stp_money stp_tuition_uprate(stp_money fee, double growth, int years) {
  if (!isfinite(growth) || growth <= -1.0) return fee;
  return stp_round_kr(stp_mul_rate(fee, pow(1.0 + growth, (double)years)));
}

const char *stp_extra_reason_text(stp_extra_reason r) {
  switch (r) {
  case STP_EXTRA_EXEMPT: return "exempt from tuition";
  case STP_EXTRA_BEFORE_DEADLINE: return "completed before the next registration deadline";
  case STP_EXTRA_LEAVE: return "leave of absence";
  case STP_EXTRA_LEAVE_EXAM: return "exam during leave of absence: fee for its credits";
  case STP_EXTRA_RETAKE: return "retake of a failed or missed exam the following semester";
  case STP_EXTRA_THESIS: return "later master-thesis deadline: half a semester's fee";
  case STP_EXTRA_CREDITS: return "fee for the credits missing";
  case STP_EXTRA_THESIS_AND_CREDITS: return "thesis extension and credits missing";
  case STP_EXTRA_NOTHING_DUE: return "nothing missing";
  }
  return "?";
}

/* fee_year × credits / 60, credits clamped to [0, 60]. */
static stp_money tuition_credits_fee(stp_money fee_year, double credits) {
  return stp_mul_rate(fee_year, tuition_share(credits / 60.0));
}

stp_money stp_tuition_extra_time(stp_money fee_year, const stp_extra_time *c,
                                 stp_extra_reason *reason) {
  stp_extra_reason why = STP_EXTRA_NOTHING_DUE;
  stp_money fee = 0;
  if (!c || fee_year <= 0) {
    /* nothing to charge */
  } else if (!stp_exemption_pays_tuition(c->exemption, c->non_eea)) {
    why = STP_EXTRA_EXEMPT;
  } else if (c->done_before_deadline) {
    why = STP_EXTRA_BEFORE_DEADLINE;
  } else if (c->leave_of_absence) {
    fee = tuition_credits_fee(fee_year, c->credits_exam_on_leave);
    why = fee > 0 ? STP_EXTRA_LEAVE_EXAM : STP_EXTRA_LEAVE;
  } else {
    /* Half a semester's fee: the semester is half the year, so a quarter of the year. */
    stp_money thesis = c->thesis_extension ? stp_muldiv(fee_year, 1, 4) : 0;
    stp_money credits = tuition_credits_fee(fee_year, c->credits_missing);
    fee = thesis + credits;
    if (thesis > 0 && credits > 0) why = STP_EXTRA_THESIS_AND_CREDITS;
    else if (thesis > 0) why = STP_EXTRA_THESIS;
    else if (credits > 0) why = STP_EXTRA_CREDITS;
    else if (c->credits_retake > 0) why = STP_EXTRA_RETAKE;
  }
  if (reason) *reason = why;
  return fee;
}

stp_money stp_semester_fee_term(stp_money fee_term, stp_money fee_online_term,
                                stp_money saih_term, const stp_semester_student *s) {
  static const stp_semester_student campus_default = {0};
  if (!s) s = &campus_default;
  if (s->partner_exchange || s->resit_only) return 0;
  stp_money fee = s->online ? fee_online_term : fee_term;
  if (s->skip_saih) fee -= saih_term;
  return stp_max(fee, 0);
}

stp_money stp_semester_fee_year(stp_money fee_term, stp_money fee_online_term,
                                stp_money saih_term, bool online, int terms, bool pays_saih) {
  if (terms <= 0) return 0;
  stp_semester_student s = {.online = online, .skip_saih = !pays_saih};
  return (stp_money)terms * stp_semester_fee_term(fee_term, fee_online_term, saih_term, &s);
}
