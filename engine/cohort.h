/* cohort.h: synthetic students: a distribution model loaded from datasets/cohort/<set>/ and a
   draw that turns (seed, student id) into one student, plus the behavioural parameters, the
   earnings profile and the mortality table the lifecycle needs after study. */
#ifndef STP_COHORT_H
#define STP_COHORT_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "error.h"
#include "money.h"
#include "student.h"

/* Behavioural parameters of the lifecycle after study (datasets/cohort/<set>/parameters.csv). */
typedef struct stp_behaviour {
  double employed[STP_EARN_GROUPS];  /* probability of being employed in a year after study */
  double low_income_prob;            /* per year: an employed year is a low-income year (leave,
                                        part-time work): interest relief and deferral territory */
  double defer_year_share;           /* target: share of repayers deferring >= 1 bill in a
                                        year (1 in 4, 2023) */
  double defer_sigma;                /* sd of ln defer_propensity (log-normal, mean 1) */
  double defer_bill_prob;            /* per bill for propensity 1, solved at load so that
                                        E[1 - (1 - p X)^12] = defer_year_share */
  double defer_low_income_factor;    /* multiplies the deferral probability in a low-income
                                        year (the lifecycle's choice to apply) */
  double relief_take_up;             /* probability an eligible low-income repayer gets interest
                                        relief for the year */
  double default_hazard;             /* per year: a repayer's loan is terminated (collection),
                                        in the year of the first bill */
  double default_hazard_decay;       /* factor per whole year since the first bill: the hazard
                                        in year d of repayment is default_hazard * decay^d
                                        (0 < decay <= 1; 1: constant) */
  double default_low_income_factor;  /* multiplies the hazard in a low-income or jobless year */
  double default_ability_mid;        /* x = ln(monthly earnings in work / instalment) at
                                        which the ability to pay halves the hazard */
  double default_ability_slope;      /* per unit of x: the hazard is multiplied by
                                        1 / (1 + exp(slope (x - mid))) */
  double default_instalment_weight;  /* w: x = ln earnings - w ln instalment (1: the ratio) */
  double default_abroad_factor;      /* multiplies the hazard of a borrower living abroad */
  double reinstate_share;            /* of terminations: the borrower pays the arrears and the
                                        loan returns to ordinary repayment */
  double collection_years;           /* years a terminated loan that is not reinstated stays
                                        with Statens innkrevingssentral, bearing interest and
                                        paying the recovery share in yearly parts, before
                                        the rest is written off (0: at once) */
  double settle_hazard;              /* per year: a borrower in work whose debt is at most
                                        settle_earnings_ratio x a year's earnings pays it off */
  double settle_hazard_book;         /* per year: the same for a borrower of the initial loan
                                        book (loanbook.h), the survivors of years of
                                        settlement before the run starts */
  double settle_earnings_ratio;      /* factor: that debt limit, in years of gross earnings */
  double extra_repay_prob;           /* per year: a borrower in work pays extra (else) */
  double extra_repay_share;          /* share of a year's gross earnings paid extra */
  double wage_growth;                /* per year: G and earnings after the last G in datasets */
  double loan_30plus_take_up;        /* share of borrowers entitled to the 30+ loan who take it
                                        (one choice per student, the lifecycle's study stream) */
  double parent_loan_take_up;        /* share of borrowing parents who take the parent loan */
} stp_behaviour;

typedef struct stp_cohort_model stp_cohort_model;

/* Load datasets_dir/cohort/<set>/ (datasets_dir NULL: $STIPEND_DATASETS, else the built-in
   path; set NULL: "default"). G, the income limits and the basic support are read from
   datasets_dir/policy (baseline values: scenario overrides do not move the cohort).
   Every parameter must be present once and in range, every share table must add up to 1;
   errors name file, line and parameter. */
int stp_cohort_model_load(const char *datasets_dir, const char *set, stp_cohort_model **out,
                          stp_error *err);
void stp_cohort_model_free(stp_cohort_model *m);

/* Set one parameter of parameters.csv by its name ("default_hazard", "full_loan_share",
   ...), checked against the range a file value must lie in, and everything derived from it
   recomputed (the draw of each student stays a pure function of (model, seed, id)). Refused:
   wage_growth and the reference years, which are built into the G tables at load. */
int stp_cohort_model_set(stp_cohort_model *m, const char *name, double value, stp_error *err);

/* Draw student `id` of a cohort: a pure function of (model, seed, id), using only r after
   stp_rng_seek(r, seed, id, STP_STREAM_COHORT) (r must come from stp_rng_alloc). Entry years
   are spread evenly by id over [entry_first, entry_last] (id modulo the number of years;
   entry_last < entry_first counts as entry_first). No allocation. */
void stp_cohort_draw(const stp_cohort_model *m, gsl_rng *r, uint64_t seed, uint64_t id,
                     int entry_first, int entry_last, stp_student *out);

/* The same for a given entry year and level (stp_level) in an age group at entry (0 under
   30, 1 30+; population.h): the population mode's draw, where the stratum of a student is
   fixed and only the rest is random. The age is drawn among the level's bands of that group
   by their shares (the whole table if the group has none). A level or group out of range is
   drawn as by stp_cohort_draw. */
void stp_cohort_draw_slot(const stp_cohort_model *m, gsl_rng *r, uint64_t seed, uint64_t id,
                          int entry_year, int level, int age_group, stp_student *out);

/* The debt a student ran up in her first `years` academic years (from s->entry_year), the
   years the population clips off when she entered before the first parameter year
   (stp_population_clip): each year's full-time basic support (the model's basic support of
   the year, extended back by wage growth before the policy datasets' first year) times her
   share of a full-time year (credits, at most 60) and her take-up, less the part that
   converts on average (40 % × prior_full_conversion_share, the same expectation as a
   master's bachelor debt), plus the tuition-fee loan of a year at a fee-charging private
   college (her fee, at most the year's cap). 0 for a student who does not borrow. */
stp_money stp_cohort_years_debt(const stp_cohort_model *m, const stp_student *s, int years);

/* NOK still owed for a folk-high-school year in academic year `year`: ten months of its
   full-time basic support (the monthly rate; extended back by wage growth before the policy
   datasets) less the 40 % that converts for a pupil living at the school who completes it. */
double stp_cohort_folk_high_school_debt(const stp_cohort_model *m, int year);

/* Annual death probability at `age` (completed years) for sex 0 female / 1 male; ages
   below 18 use 18, above 100 use 100. */
double stp_cohort_mortality(const stp_cohort_model *m, int age, int sex);

/* Earnings multiplier at `age` relative to age 30 (= 1) for an earnings group (a level, or
   STP_EARN_NO_DEGREE); ages are clamped to 16..80. Monthly gross earnings in calendar year Y
   at age a: exp(earn_log_level + shocks) * profile(group, a) * G(Y) / G(entry_year). */
double stp_cohort_earnings_profile(const stp_cohort_model *m, int level, int age);

/* G (grunnbeløp, NOK per year) of a calendar year: the policy datasets' values, extended
   before and after them by wage_growth. The wage index of the cohort. */
double stp_cohort_g(const stp_cohort_model *m, int year);

const stp_behaviour *stp_cohort_behaviour(const stp_cohort_model *m);

/* The directory the model was loaded from (datasets_dir/cohort/<set>). */
const char *stp_cohort_model_dir(const stp_cohort_model *m);

#endif
