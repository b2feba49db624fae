/* tuition.h: tuition for non-EEA students (exemption grounds, the yearly fee, extra time) and
   the semester fee every student pays (rulebook section 6 and 9i; seeds 002 and 004). */
#ifndef STP_TUITION_H
#define STP_TUITION_H

#include <stdbool.h>

#include "error.h"
#include "money.h"

/* Why a student does or does not pay tuition: the ground the cohort carries (rulebook 6).
   STP_EXEMPT_NONE is a fee-payer when the student is a non-EEA citizen; for a Norwegian or
   EEA student it simply means "no ground needed". The order is the CLI/help order. */
typedef enum stp_exemption {
  STP_EXEMPT_NONE = 0,             /* "none": no exemption, fee-paying if non-EEA */
  STP_EXEMPT_EEA,                  /* "eea": EU/EEA/Swiss citizen */
  STP_EXEMPT_EXCHANGE,             /* "exchange": incoming exchange student (partner institution) */
  STP_EXEMPT_PHD,                  /* "phd": PhD candidate */
  STP_EXEMPT_ADMITTED_BEFORE_2023, /* "admitted-before-2023": admitted before autumn 2023 */
  STP_EXEMPT_SCHOLARSHIP,          /* "scholarship": NORPART, NORHED, Students at Risk,
                                      Erasmus Mundus, Nordic joint master */
  STP_EXEMPT_PERMANENT_RESIDENCE,  /* "permanent-residence": permanent residence permit */
  STP_EXEMPT_PROTECTION,           /* "protection": asylum, strong humanitarian grounds,
                                      special connection to Norway */
  STP_EXEMPT_EU_FAMILY,            /* "eu-family": family member of an EU/EEA citizen */
  STP_EXEMPT_MARRIED_NORWEGIAN,    /* "married-norwegian": married to a Norwegian citizen */
  STP_EXEMPT_COHABITING_NORWEGIAN, /* "cohabiting-norwegian": cohabiting with joint children */
  STP_EXEMPT_WORK_2Y,              /* "work-2y": 24 months' full-time work in Norway */
  STP_EXEMPT_UK_PRE_2021,          /* "uk-pre-2021": UK citizen resident before 1 Jan 2021 */
  STP_EXEMPT_STUDY_3Y,             /* "study-3y": three years' full-time study in Norway */
  STP_EXEMPT_FAMILY_IMMIGRATION,   /* "family-immigration": family immigration permit (or
                                      independent permit under the Immigration Act § 53) */
  STP_EXEMPTION_COUNT              /* number of grounds, not a ground */
} stp_exemption;

/* CLI name ("married-norwegian"); NULL for a value outside the enum. */
const char *stp_exemption_name(stp_exemption e);
/* One line for help text; NULL for a value outside the enum. */
const char *stp_exemption_description(stp_exemption e);
/* Name (exact, lower-case, as stp_exemption_name gives it) to ground. STP_EINVAL for an
   unknown name or a NULL argument; *out is left untouched then. */
int stp_exemption_parse(const char *name, stp_exemption *out);

/* A ground that rests on the student's residence or ties to Norway (USN's tuition fee page's "you may be
   exempt if" list, EU/EEA citizenship excluded): permanent-residence to family-immigration. */
bool stp_exemption_residence_based(stp_exemption e);

/* Does the student pay tuition? Only a non-EEA citizen (non_eea: a citizen of a country
   outside the EU/EEA and Switzerland) with no exemption ground. A ground always wins, even
   "eea" for a student flagged non_eea (a dual citizen). Out-of-range grounds: false. */
bool stp_exemption_pays_tuition(stp_exemption e, bool non_eea);

/* A study-permit student: a non-EEA citizen with no residence ground, a fee-payer or admitted
   before 2023 (exchange, scholarship and PhD students are permit students too, but never get
   support). The students whom non_eea_support makes eligible, and whom the quota-scheme switch
   permit_home_writeoff concerns. */
bool stp_exemption_study_permit(stp_exemption e, bool non_eea);

/* Does the tuition status let the student have Lånekassen support (rulebook 9i)? This is the
   tuition gate only; age, credits and the other conditions are in rules/support.
   - exchange, scholarship: never (they are funded by their home institution or scholarship);
   - phd: never (PhD candidates are salaried; Lånekassen does not fund doctoral education);
   - residence-based grounds and eea: always;
   - none: yes for a student who is not non-EEA; for a non-EEA fee-payer only when the
     scenario switch non_eea_support (stp_year_params.non_eea_support) is on;
   - admitted-before-2023: like a fee-payer (a study-permit student): follows the switch.
   Out-of-range grounds: false. */
bool stp_exemption_support_eligible(stp_exemption e, bool non_eea, bool non_eea_support);

/* Tuition for one academic year: fee_year (øre per 60 credits, the fee in force that year)
   × study_share (credits / 60, clamped to [0, 1]; NaN counts as 0), rounded to the øre; 0 if
   the student does not pay (stp_exemption_pays_tuition) or fee_year <= 0. A fee-payer's
   exchange semester abroad is charged like any other (USN's tuition fee page): there is no argument for it. */
stp_money stp_tuition_year(stp_money fee_year, double study_share, stp_exemption e,
                           bool non_eea);

/* Fees are invoiced per semester: a year's amount split in two. The autumn term gets half
   rounded down to the øre and spring the rest, so the two always add up to the year. */
typedef enum stp_term { STP_TERM_AUTUMN, STP_TERM_SPRING } stp_term;
stp_money stp_tuition_term(stp_money year_amount, stp_term term);

/* A fee carried to a later academic year when only an earlier table exists:
   fee × (1 + growth)^years, rounded to whole kroner (published fees are whole kroner).
   years may be negative (deflating). growth not finite or <= -1: fee returned unchanged. */
stp_money stp_tuition_uprate(stp_money fee, double growth, int years);

/* Extra time beyond the programme's normal length (USN's tuition fee page, "Additional fee when longer
   time is required"): the circumstances of the extra semester. Zero-initialised = a
   fee-payer with nothing missing. Credits are ECTS and may be fractional (7.5). */
typedef struct stp_extra_time {
  stp_exemption exemption;     /* the student's tuition ground */
  bool non_eea;                /* citizen of a country outside the EU/EEA and Switzerland */
  bool done_before_deadline;   /* completes before the next registration deadline
                                  (1 February or 1 September): no fee */
  bool leave_of_absence;       /* granted leave for the semester: no fee, except exams */
  double credits_exam_on_leave;/* credits of exams taken during that leave: charged */
  double credits_missing;      /* credits still to take and charged: courses not passed,
                                  retakes later than the following semester, grade
                                  improvements after the study period */
  double credits_retake;       /* credits of exams failed or missed with valid absence,
                                  retaken in the following semester: free */
  bool thesis_extension;       /* a later master-thesis deadline within the following
                                  semester: half a semester's fee */
} stp_extra_time;

/* The rule that decided the extra-time fee. */
typedef enum stp_extra_reason {
  STP_EXTRA_EXEMPT,            /* the student pays no tuition at all: 0 */
  STP_EXTRA_BEFORE_DEADLINE,   /* done before the next registration deadline: 0 */
  STP_EXTRA_LEAVE,             /* leave of absence, no exam: 0 */
  STP_EXTRA_LEAVE_EXAM,        /* exam during leave: fee for the exam credits */
  STP_EXTRA_RETAKE,            /* only free retakes (failed exam / valid absence): 0 */
  STP_EXTRA_THESIS,            /* delayed master thesis: half a semester's fee */
  STP_EXTRA_CREDITS,           /* fee for the credits missing */
  STP_EXTRA_THESIS_AND_CREDITS,/* both of the above, added */
  STP_EXTRA_NOTHING_DUE        /* nothing missing: 0 */
} stp_extra_reason;

const char *stp_extra_reason_text(stp_extra_reason r);

/* The tuition for one extra semester, in øre, and (if reason is not NULL) why. fee_year is
   the programme's annual fee in force in the extra semester ("at that time"). The rules, in
   order: not a fee-payer → 0; done before the deadline → 0; on leave → fee × exam credits /
   60; otherwise fee × credits_missing / 60 (credits capped at 60) plus, for a thesis
   extension, a quarter of the annual fee (half of a semester's half); free retakes add 0.
   c NULL or fee_year <= 0: 0 with STP_EXTRA_NOTHING_DUE. */
stp_money stp_tuition_extra_time(stp_money fee_year, const stp_extra_time *c,
                                 stp_extra_reason *reason);

/* The voluntary SAIH contribution included in USN's published semester fees (USN's semester fee page:
   40 NOK in both 822 and 662; published figures: 40 in 875). An argument, so it can change. */
#define STP_SAIH_TERM_DEFAULT STP_NOK(40)

/* One student's semester-fee circumstances in one term. Zero-initialised = a campus student
   who pays, SAIH included (paying it is the default, as on the invoice). */
typedef struct stp_semester_student {
  bool online;                 /* full-time online student: the online fee */
  bool partner_exchange;       /* incoming exchange student from a partner institution: 0 */
  bool resit_only;             /* registered only for re-sit exams (weeks 1 and 32): 0 */
  bool skip_saih;              /* deducts the voluntary SAIH contribution from the invoice */
} stp_semester_student;

/* Semester fee for one term: fee_term (campus) or fee_online_term, both øre as published
   (SAIH included), less saih_term if the student skips SAIH (never below 0). s NULL: the
   default student. */
stp_money stp_semester_fee_term(stp_money fee_term, stp_money fee_online_term,
                                stp_money saih_term, const stp_semester_student *s);

/* Semester fees over `terms` terms in which the fee is due (registered for exams; not a
   partner exchange or re-sit-only term): terms × the term fee. terms < 0 counts as 0.
   Pass pays_saih = true for the default. */
stp_money stp_semester_fee_year(stp_money fee_term, stp_money fee_online_term,
                                stp_money saih_term, bool online, int terms, bool pays_saih);

#endif
