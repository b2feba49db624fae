#include "cohort.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "csvio.h"
#include "datasets.h"
#include "params.h"
#include "rng.h"
#include "rules/tuition.h"

/* ---- scalar parameters (parameters.csv) ----
   One list: enum index, name, unit, allowed range. Groups that vary by level or earnings
   group are consecutive in enum order, so P_X_BACHELOR + level picks the level's value. */
#define COHORT_PARAMS(X)                                                 \
  X(ENTRANTS_BACHELOR, "entrants_bachelor", "count", 0, 1e7)             \
  X(ENTRANTS_MASTER2, "entrants_master2", "count", 0, 1e7)               \
  X(ENTRANTS_MASTER5, "entrants_master5", "count", 0, 1e7)               \
  X(ENTRANTS_ONEYEAR, "entrants_oneyear", "count", 0, 1e7)               \
  X(FEMALE_BACHELOR, "female_share_bachelor", "share", 0, 1)             \
  X(FEMALE_MASTER2, "female_share_master2", "share", 0, 1)               \
  X(FEMALE_MASTER5, "female_share_master5", "share", 0, 1)               \
  X(FEMALE_ONEYEAR, "female_share_oneyear", "share", 0, 1)               \
  X(PERMIT_PRE_BACHELOR, "permit_share_pre2023_bachelor", "share", 0, 1) \
  X(PERMIT_PRE_MASTER2, "permit_share_pre2023_master2", "share", 0, 1)   \
  X(PERMIT_PRE_MASTER5, "permit_share_pre2023_master5", "share", 0, 1)   \
  X(PERMIT_PRE_ONEYEAR, "permit_share_pre2023_oneyear", "share", 0, 1)   \
  X(PERMIT_FROM_BACHELOR, "permit_share_from2023_bachelor", "share", 0, 1) \
  X(PERMIT_FROM_MASTER2, "permit_share_from2023_master2", "share", 0, 1) \
  X(PERMIT_FROM_MASTER5, "permit_share_from2023_master5", "share", 0, 1) \
  X(PERMIT_FROM_ONEYEAR, "permit_share_from2023_oneyear", "share", 0, 1) \
  X(NON_EEA_RESIDENT, "non_eea_resident_share", "share", 0, 1)           \
  X(TUITION_BACHELOR, "private_tuition_bachelor", "NOK/year", 0, 2e6)    \
  X(TUITION_MASTER2, "private_tuition_master2", "NOK/year", 0, 2e6)      \
  X(TUITION_MASTER5, "private_tuition_master5", "NOK/year", 0, 2e6)      \
  X(TUITION_ONEYEAR, "private_tuition_oneyear", "NOK/year", 0, 2e6)      \
  X(TUITION_REF_YEAR, "private_tuition_reference_year", "year", 1990, 2100) \
  X(TUITION_SIGMA, "private_tuition_sigma", "log", 0, 3)                 \
  X(PRIVATE_NO_TUITION, "private_no_tuition_share", "share", 0, 1)       \
  X(AT_HOME_UNDER22, "at_home_under22", "share", 0, 1)                   \
  X(AT_HOME_22_29, "at_home_22_29", "share", 0, 1)                       \
  X(AT_HOME_30PLUS, "at_home_30plus", "share", 0, 1)                     \
  X(CHILDREN_UNDER25, "children_under25", "share", 0, 1)                 \
  X(CHILDREN_25_29, "children_25_29", "share", 0, 1)                     \
  X(CHILDREN_30_34, "children_30_34", "share", 0, 1)                     \
  X(CHILDREN_35PLUS, "children_35plus", "share", 0, 1)                   \
  X(CHILDREN_TWO, "children_two_share", "share", 0, 1)                   \
  X(CHILDREN_THREE, "children_three_share", "share", 0, 1)               \
  X(MARRIED_WITH_CHILDREN, "married_with_children", "share", 0, 1)       \
  X(DISABILITY, "disability_share", "share", 0, 1)                       \
  X(REGION_FINNMARK, "region_finnmark_share", "share", 0, 1)             \
  X(REGION_DISTRICT, "region_district_share", "share", 0, 1)             \
  X(WORKS, "works_share", "share", 0, 1)                                 \
  X(WORKS_30PLUS, "works_share_30plus", "share", 0, 1)                   \
  X(WORKS_PART_TIME, "works_share_part_time", "share", 0, 1)             \
  X(INCOME_PART_TIME_FACTOR, "income_part_time_factor", "factor", 0, 10) \
  X(INCOME_WORK_MEDIAN, "income_work_median_g", "G", 0, 20)              \
  X(INCOME_WORK_SIGMA_P, "income_work_sigma_persistent", "log", 0, 3)    \
  X(INCOME_WORK_SIGMA_T, "income_work_sigma_transitory", "log", 0, 3)    \
  X(INCOME_SUMMER_SHARE, "income_summer_share", "share", 0, 1)           \
  X(INCOME_SUMMER_MEDIAN, "income_summer_median_g", "G", 0, 20)          \
  X(INCOME_SUMMER_SIGMA, "income_summer_sigma", "log", 0, 3)             \
  X(INCOME_30PLUS_FACTOR, "income_30plus_factor", "factor", 0, 10)       \
  X(INCOME_GAP_MEDIAN, "income_gap_median_g", "G", 0, 20)                \
  X(INCOME_GAP_SIGMA, "income_gap_sigma", "log", 0, 3)                   \
  X(POST_STUDY_MONTHS, "post_study_months", "months", 0, 5)              \
  X(ASSETS_ZERO, "assets_zero_share", "share", 0, 1)                     \
  X(ASSETS_MEDIAN, "assets_median_g", "G", 0, 100)                       \
  X(ASSETS_SIGMA, "assets_sigma", "log", 0, 4)                           \
  X(ASSETS_30PLUS_FACTOR, "assets_30plus_factor", "factor", 0, 100)      \
  X(BORROW_AWAY_UNDER30, "borrow_away_under30", "share", 0, 1)           \
  X(BORROW_HOME, "borrow_home", "share", 0, 1)                           \
  X(BORROW_30PLUS, "borrow_30plus", "share", 0, 1)                       \
  X(FULL_LOAN, "full_loan_share", "share", 0, 1)                         \
  X(LOAN_30PLUS_TAKE_UP, "loan_30plus_take_up", "share", 0, 1)           \
  X(PARENT_LOAN_TAKE_UP, "parent_loan_take_up", "share", 0, 1)           \
  X(PARTIAL_MIN, "partial_take_up_min", "share", 0.01, 1)                \
  X(DELAYED_PART_TIME, "delayed_part_time_share", "share", 0, 1)         \
  X(DELAYED_YEAR_OFF, "delayed_year_off_share", "share", 0, 1)           \
  X(LEAVER_PART_TIME, "leaver_part_time_share", "share", 0, 1)           \
  X(CONTINUES, "continues_to_master_share", "share", 0, 1)               \
  X(PRIOR_DEBT, "prior_debt_share", "share", 0, 1)                       \
  X(PRIOR_EXTRA_YEAR, "prior_extra_year_share", "share", 0, 1)           \
  X(PRIOR_FULL_CONVERSION, "prior_full_conversion_share", "share", 0, 1) \
  X(PRIOR_HE, "prior_he_share", "share", 0, 1)                           \
  X(PRIOR_HE_KEPT, "prior_he_kept_share", "share", 0, 1)                 \
  X(FOLK_HIGH_SCHOOL, "folk_high_school_share", "share", 0, 1)           \
  X(EMIGRATE_EEA, "emigrate_eea_share", "share", 0, 1)                   \
  X(EMIGRATE_RESIDENT, "emigrate_resident_share", "share", 0, 1)         \
  X(EMIGRATE_PERMIT, "emigrate_permit_share", "share", 0, 1)             \
  X(EARN_MEAN_MONTHLY, "earn_mean_monthly", "NOK/month", 1000, 1e6)      \
  X(EARN_REF_YEAR, "earn_reference_year", "year", 1990, 2100)            \
  X(EARN_RATIO_BACHELOR, "earn_ratio_bachelor", "factor", 0.05, 10)      \
  X(EARN_RATIO_MASTER2, "earn_ratio_master2", "factor", 0.05, 10)        \
  X(EARN_RATIO_MASTER5, "earn_ratio_master5", "factor", 0.05, 10)        \
  X(EARN_RATIO_ONEYEAR, "earn_ratio_oneyear", "factor", 0.05, 10)        \
  X(EARN_RATIO_NO_DEGREE, "earn_ratio_no_degree", "factor", 0.05, 10)    \
  X(EARN_SIGMA_BACHELOR, "earn_sigma_bachelor", "log", 0, 3)             \
  X(EARN_SIGMA_MASTER2, "earn_sigma_master2", "log", 0, 3)               \
  X(EARN_SIGMA_MASTER5, "earn_sigma_master5", "log", 0, 3)               \
  X(EARN_SIGMA_ONEYEAR, "earn_sigma_oneyear", "log", 0, 3)               \
  X(EARN_SIGMA_NO_DEGREE, "earn_sigma_no_degree", "log", 0, 3)           \
  X(EARN_SHOCK_BACHELOR, "earn_shock_sd_bachelor", "log", 0, 1)          \
  X(EARN_SHOCK_MASTER2, "earn_shock_sd_master2", "log", 0, 1)            \
  X(EARN_SHOCK_MASTER5, "earn_shock_sd_master5", "log", 0, 1)            \
  X(EARN_SHOCK_ONEYEAR, "earn_shock_sd_oneyear", "log", 0, 1)            \
  X(EARN_SHOCK_NO_DEGREE, "earn_shock_sd_no_degree", "log", 0, 1)        \
  X(EARN_FEMALE_RATIO, "earn_female_ratio", "factor", 0.1, 10)           \
  X(EARN_OFFSET_A, "earn_offset_A", "log", -2, 2)                        \
  X(EARN_OFFSET_B, "earn_offset_B", "log", -2, 2)                        \
  X(EARN_OFFSET_C, "earn_offset_C", "log", -2, 2)                        \
  X(EARN_OFFSET_D, "earn_offset_D", "log", -2, 2)                        \
  X(EARN_OFFSET_E, "earn_offset_E", "log", -2, 2)                        \
  X(EARN_OFFSET_F, "earn_offset_F", "log", -2, 2)                        \
  X(EMPLOYED_BACHELOR, "employed_bachelor", "share", 0, 1)               \
  X(EMPLOYED_MASTER2, "employed_master2", "share", 0, 1)                 \
  X(EMPLOYED_MASTER5, "employed_master5", "share", 0, 1)                 \
  X(EMPLOYED_ONEYEAR, "employed_oneyear", "share", 0, 1)                 \
  X(EMPLOYED_NO_DEGREE, "employed_no_degree", "share", 0, 1)             \
  X(LOW_INCOME_PROB, "low_income_prob", "share", 0, 1)                   \
  X(DEFER_YEAR_SHARE, "defer_year_share", "share", 0, 0.99)              \
  X(DEFER_SIGMA, "defer_sigma", "log", 0, 3)                             \
  X(DEFER_LOW_INCOME_FACTOR, "defer_low_income_factor", "factor", 0, 100) \
  X(RELIEF_TAKE_UP, "relief_take_up", "share", 0, 1)                     \
  X(DEFAULT_HAZARD, "default_hazard", "per-year", 0, 1)                  \
  X(DEFAULT_HAZARD_DECAY, "default_hazard_decay", "factor", 0, 1)        \
  X(DEFAULT_LOW_INCOME_FACTOR, "default_low_income_factor", "factor", 0, 100) \
  X(DEFAULT_ABILITY_MID, "default_ability_mid", "log", -10, 10)          \
  X(DEFAULT_ABILITY_SLOPE, "default_ability_slope", "factor", 0, 50)     \
  X(DEFAULT_INSTALMENT_WEIGHT, "default_instalment_weight", "factor", 0, 1) \
  X(DEFAULT_ABROAD_FACTOR, "default_abroad_factor", "factor", 0, 100)    \
  X(REINSTATE_SHARE, "reinstate_share", "share", 0, 1)                   \
  X(COLLECTION_YEARS, "collection_years", "years", 0, 10)                \
  X(SETTLE_HAZARD, "settle_hazard", "per-year", 0, 1)                    \
  X(SETTLE_HAZARD_BOOK, "settle_hazard_book", "per-year", 0, 1)          \
  X(SETTLE_EARNINGS_RATIO, "settle_earnings_ratio", "factor", 0, 100)    \
  X(EXTRA_REPAY_PROB, "extra_repay_prob", "per-year", 0, 1)              \
  X(EXTRA_REPAY_SHARE, "extra_repay_share", "share", 0, 1)               \
  X(WAGE_GROWTH, "wage_growth", "per-year", -0.2, 0.5)

enum {
#define X(id, name, unit, lo, hi) P_##id,
  COHORT_PARAMS(X)
#undef X
  P_COUNT
};

typedef struct param_def {
  const char *name, *unit;
  double lo, hi;
} param_def;

static const param_def param_defs[P_COUNT] = {
#define X(id, name, unit, lo, hi) {name, unit, lo, hi},
    COHORT_PARAMS(X)
#undef X
};

/* ---- the model ---- */

#define MAX_BANDS 16
#define PROFILE_MIN_AGE 16
#define PROFILE_MAX_AGE 80
#define MORT_MIN_AGE 18
#define MORT_MAX_AGE 100
#define YEAR_MIN 1950 /* range of the G and basic-support arrays */
#define YEAR_MAX 2160
#define NYEARS (YEAR_MAX - YEAR_MIN + 1)
#define NQUANT 256    /* points of the quantile tables (log-normal draws without exp) */
#define OUTCOME_LEAVE STP_MAX_STUDY_YEARS /* outcome index: 0..7 complete in year k+1 */

static inline int year_index(int year) {
  return year < YEAR_MIN ? 0 : year > YEAR_MAX ? NYEARS - 1 : year - YEAR_MIN;
}

enum { GROUP_EEA = 0, GROUP_RESIDENT, GROUP_PERMIT_PRE, GROUP_PERMIT_FROM, GROUP_COUNT };
static const char *const exemption_groups[GROUP_COUNT] = {"eea", "resident", "permit_pre2023",
                                                          "permit_from2023"};

/* A log-normal drawn by inverting its quantile function, tabulated at the probabilities
   (i + 1/2)/NQUANT and interpolated linearly: one uniform and no exp per draw. The tails
   beyond 2.9 sd are cut (the end points carry their half-bins); the tests check the moments. */
typedef struct qtab {
  double v[NQUANT];
} qtab;

static inline double qdraw(const qtab *t, gsl_rng *r) {
  double x = stp_rng_uniform(r) * NQUANT - 0.5;
  if (x <= 0) return t->v[0];
  if (x >= NQUANT - 1) return t->v[NQUANT - 1];
  int i = (int)x;
  return t->v[i] + (x - i) * (t->v[i + 1] - t->v[i]);
}

/* Mean of the distribution qdraw samples. */
static double qmean(const qtab *t) {
  double acc = 0.5 * (t->v[0] + t->v[NQUANT - 1]);
  for (int i = 0; i + 1 < NQUANT; i++) acc += 0.5 * (t->v[i] + t->v[i + 1]);
  return acc / NQUANT;
}

static void qlognormal(qtab *t, double median, double sigma) {
  for (int i = 0; i < NQUANT; i++)
    t->v[i] = median * exp(sigma * gsl_cdf_ugaussian_Pinv((i + 0.5) / NQUANT));
}

/* The files of a set, for their last lines. */
enum { F_PARAMS, F_AGE, F_CATEGORY, F_INST, F_PROGRESSION, F_LEAVE, F_LEAVER, F_EXEMPTION,
       F_PROFILE, F_MORTALITY, F_COUNT };

struct stp_cohort_model {
  char *dir;
  double p[P_COUNT];
  bool seen[P_COUNT];
  stp_behaviour behaviour;

  gsl_ran_discrete_t *level_tab;
  int nbands[STP_LEVEL_COUNT];
  int band_from[STP_LEVEL_COUNT][MAX_BANDS], band_to[STP_LEVEL_COUNT][MAX_BANDS];
  double band_share[STP_LEVEL_COUNT][MAX_BANDS];
  gsl_ran_discrete_t *age_tab[STP_LEVEL_COUNT];
  /* the bands of one age group (under 30, 30+) for the population mode: their count, their
     indices in the level's bands and the table drawing among them by share (NULL: none) */
  int ngroup_bands[STP_LEVEL_COUNT][2];
  int group_band[STP_LEVEL_COUNT][2][MAX_BANDS];
  gsl_ran_discrete_t *age_group_tab[STP_LEVEL_COUNT][2];

  double category_share[STP_LEVEL_COUNT][STP_CATEGORY_COUNT];
  bool category_seen[STP_LEVEL_COUNT][STP_CATEGORY_COUNT];
  gsl_ran_discrete_t *category_tab[STP_LEVEL_COUNT];

  double inst_share[STP_LEVEL_COUNT][STP_INST_COUNT];
  bool inst_seen[STP_LEVEL_COUNT][STP_INST_COUNT];
  gsl_ran_discrete_t *inst_tab[STP_LEVEL_COUNT];

  /* completion by year (index year-1) for [level][sex]; sexdef: 0 none, 1 "all", 2 by sex */
  double complete[STP_LEVEL_COUNT][2][STP_MAX_STUDY_YEARS];
  bool complete_seen[STP_LEVEL_COUNT][2][STP_MAX_STUDY_YEARS];
  int sexdef[STP_LEVEL_COUNT];
  gsl_ran_discrete_t *outcome_tab[STP_LEVEL_COUNT][2];

  double leave[STP_LEVEL_COUNT][STP_MAX_STUDY_YEARS];
  bool leave_seen[STP_LEVEL_COUNT][STP_MAX_STUDY_YEARS];
  gsl_ran_discrete_t *leave_tab[STP_LEVEL_COUNT];

  int nleaver[2];
  int leaver_credits[2][STP_FULL_TIME_CREDITS + 1];
  double leaver_share[2][STP_FULL_TIME_CREDITS + 1];
  gsl_ran_discrete_t *leaver_tab[2];

  int nexempt[GROUP_COUNT];
  uint8_t exempt_value[GROUP_COUNT][STP_EXEMPTION_COUNT];
  double exempt_share[GROUP_COUNT][STP_EXEMPTION_COUNT];
  gsl_ran_discrete_t *exempt_tab[GROUP_COUNT];

  int nanchors;
  int anchor_age[PROFILE_MAX_AGE - PROFILE_MIN_AGE + 1];
  double anchor_value[PROFILE_MAX_AGE - PROFILE_MIN_AGE + 1][STP_EARN_GROUPS];
  double profile[STP_EARN_GROUPS][PROFILE_MAX_AGE - PROFILE_MIN_AGE + 1];

  /* Lines for messages about a whole table or group (a share table not adding to 1, a missing
     row): the last row of the group, or the file's last line when the group has none. */
  int last_line[F_COUNT];
  int param_line[P_COUNT];
  int band_line[STP_LEVEL_COUNT], category_line[STP_LEVEL_COUNT], inst_line[STP_LEVEL_COUNT];
  int progression_line[STP_LEVEL_COUNT], leave_line[STP_LEVEL_COUNT];
  int leaver_line[2], exempt_line[GROUP_COUNT];

  double mortality[2][MORT_MAX_AGE - MORT_MIN_AGE + 1];
  bool mortality_seen[MORT_MAX_AGE - MORT_MIN_AGE + 1];

  /* from the policy datasets, extended by wage_growth */
  double g[NYEARS];            /* NOK per year */
  double log_g[NYEARS];
  double basic[NYEARS];        /* NOK per academic year (basic support, full-time) */
  double tuition_loan[NYEARS]; /* NOK per academic year, the tuition-fee loan's cap */
  double monthly[NYEARS];      /* NOK a month of full-time basic support */
  double bachelor_20plus;      /* share of bachelor entrants aged 20 or more */
  int policy_first, policy_last;

  /* precomputed for the draw: log-normal quantile tables (see qdraw) */
  qtab work, summer, gap, assets, shock, defer;
  double log_g_earn_ref;       /* ln G of earn_reference_year */
  double g_tuition_ref;        /* G of private_tuition_reference_year */
  double earn_log_base[STP_EARN_GROUPS][2]; /* ln mean at 30 in reference-year NOK - sigma^2/2,
                                               by sex */
};

void stp_cohort_model_free(stp_cohort_model *m) {
  if (!m) return;
  gsl_ran_discrete_t **tabs[] = {&m->level_tab, &m->leaver_tab[0], &m->leaver_tab[1]};
  for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
    if (*tabs[i]) gsl_ran_discrete_free(*tabs[i]);
  for (int l = 0; l < STP_LEVEL_COUNT; l++) {
    if (m->age_tab[l]) gsl_ran_discrete_free(m->age_tab[l]);
    for (int a = 0; a < 2; a++)
      if (m->age_group_tab[l][a]) gsl_ran_discrete_free(m->age_group_tab[l][a]);
    if (m->category_tab[l]) gsl_ran_discrete_free(m->category_tab[l]);
    if (m->inst_tab[l]) gsl_ran_discrete_free(m->inst_tab[l]);
    if (m->leave_tab[l]) gsl_ran_discrete_free(m->leave_tab[l]);
    for (int s = 0; s < 2; s++)
      if (m->outcome_tab[l][s]) gsl_ran_discrete_free(m->outcome_tab[l][s]);
  }
  for (int g = 0; g < GROUP_COUNT; g++)
    if (m->exempt_tab[g]) gsl_ran_discrete_free(m->exempt_tab[g]);
  free(m->dir);
  free(m);
}

const char *stp_cohort_model_dir(const stp_cohort_model *m) { return m->dir; }
const stp_behaviour *stp_cohort_behaviour(const stp_cohort_model *m) { return &m->behaviour; }

/* ---- reading the files ---- */

typedef struct load_ctx {
  stp_cohort_model *m;
  const char *path;
  const char *const *header; /* expected column names */
  int ncols;
  bool header_seen;
  int last_line;             /* the last line read */
  int (*row)(struct load_ctx *c, int line, char **f, stp_error *err);
} load_ctx;

static int on_row(void *vc, int line, int nfields, char **f, stp_error *err) {
  load_ctx *c = vc;
  c->last_line = line;
  int rc = stp_csv_fixed_row(&c->header_seen, c->path, line, nfields, f, c->header, c->ncols,
                             err);
  if (rc) return rc > 0 ? STP_OK : rc;
  return c->row(c, line, f, err);
}

static int read_table(stp_cohort_model *m, int kind, const char *file,
                      const char *const *header, int ncols,
                      int (*row)(load_ctx *, int, char **, stp_error *), stp_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", m->dir, file);
  load_ctx c = {.m = m, .path = path, .header = header, .ncols = ncols, .row = row};
  int rc = stp_csv_read_file(path, on_row, &c, err);
  if (rc == STP_OK && !c.header_seen)
    rc = stp_fail(err, STP_EINVAL, "%s: empty file (no header)", path);
  m->last_line[kind] = c.last_line;
  return rc;
}

/* The group's last row, else the file's last line. */
static int group_line(const stp_cohort_model *m, int kind, int line) {
  return line > 0 ? line : m->last_line[kind];
}

static bool parse_real(const char *s, double *out) {
  if (!s || !*s) return false;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || *end != '\0' || !isfinite(v)) return false;
  *out = v;
  return true;
}

static bool parse_int(const char *s, int lo, int hi, int *out) {
  double v;
  if (!parse_real(s, &v) || v != floor(v) || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

/* calibrated: tuned so that a statistic of the calibration run (stipend calibrate) matches its
   published figure; the note names the statistic. */
static const char *const status_names[] = {"official", "news", "derived", "stand-in",
                                           "calibrated"};

static int check_status(load_ctx *c, int line, const char *status, const char *source,
                        stp_error *err) {
  int i;
  if (stp_name_index(status_names, 5, status, &i) != STP_OK)
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: column status: '%s' is not official, news, derived, stand-in or "
                    "calibrated",
                    c->path, line, status);
  if (!*source)
    return stp_fail(err, STP_EINVAL, "%s:%d: column source: empty (give the address)", c->path,
                    line);
  return STP_OK;
}

static int bad(load_ctx *c, int line, const char *col, const char *value, const char *why,
               stp_error *err) {
  return stp_fail(err, STP_EINVAL, "%s:%d: column %s: '%s' %s", c->path, line, col, value, why);
}

/* a share in [0, 1] */
static int share_field(load_ctx *c, int line, const char *col, const char *s, double *out,
                       stp_error *err) {
  if (!parse_real(s, out) || *out < 0 || *out > 1)
    return bad(c, line, col, s, "is not a share between 0 and 1", err);
  return STP_OK;
}

static int level_field(load_ctx *c, int line, const char *s, int *out, stp_error *err) {
  if (stp_level_parse(s, out) != STP_OK)
    return bad(c, line, "level", s, "is not bachelor, master2, master5 or oneyear", err);
  return STP_OK;
}

static const char *const h_params[] = {"parameter", "value", "unit", "status", "source", "note"};
static int row_param(load_ctx *c, int line, char **f, stp_error *err) {
  int i;
  for (i = 0; i < P_COUNT; i++)
    if (strcmp(param_defs[i].name, f[0]) == 0) break;
  if (i == P_COUNT)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: unknown parameter", c->path, line,
                    f[0]);
  const param_def *d = &param_defs[i];
  if (c->m->seen[i])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: given twice", c->path, line, f[0]);
  double v;
  if (!parse_real(f[1], &v))
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: value '%s' is not a number", c->path,
                    line, f[0], f[1]);
  if (v < d->lo || v > d->hi)
    return stp_fail(err, STP_ERANGE, "%s:%d: parameter %s: value %g is outside %g..%g", c->path,
                    line, f[0], v, d->lo, d->hi);
  /* a decay of 0 would make every loan immune after its first year of repayment */
  if (i == P_DEFAULT_HAZARD_DECAY && v <= 0)
    return stp_fail(err, STP_ERANGE, "%s:%d: parameter %s: value %g should be above 0", c->path,
                    line, f[0], v);
  if (strcmp(f[2], d->unit) != 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: unit '%s' should be '%s'", c->path,
                    line, f[0], f[2], d->unit);
  int rc = check_status(c, line, f[3], f[4], err);
  if (rc) return rc;
  c->m->p[i] = v;
  c->m->seen[i] = true;
  c->m->param_line[i] = line;
  return STP_OK;
}

static const char *const h_age[] = {"level", "age_from", "age_to", "share", "status", "source",
                                    "note"};
static int row_age(load_ctx *c, int line, char **f, stp_error *err) {
  stp_cohort_model *m = c->m;
  int l = 0, from, to, rc;
  double share;
  if ((rc = level_field(c, line, f[0], &l, err))) return rc;
  if (!parse_int(f[1], 15, 70, &from)) return bad(c, line, "age_from", f[1], "is not an age 15-70", err);
  if (!parse_int(f[2], from, 70, &to))
    return bad(c, line, "age_to", f[2], "is not an age from age_from to 70", err);
  if ((rc = share_field(c, line, "share", f[3], &share, err))) return rc;
  if ((rc = check_status(c, line, f[4], f[5], err))) return rc;
  if (m->nbands[l] >= MAX_BANDS)
    return stp_fail(err, STP_EINVAL, "%s:%d: column level: more than %d bands for %s", c->path,
                    line, MAX_BANDS, f[0]);
  for (int b = 0; b < m->nbands[l]; b++)
    if (from <= m->band_to[l][b] && to >= m->band_from[l][b])
      return stp_fail(err, STP_EINVAL, "%s:%d: column age_from: band %d-%d overlaps %d-%d",
                      c->path, line, from, to, m->band_from[l][b], m->band_to[l][b]);
  int b = m->nbands[l]++;
  m->band_line[l] = line;
  m->band_from[l][b] = from;
  m->band_to[l][b] = to;
  m->band_share[l][b] = share;
  return STP_OK;
}

static const char *const h_category[] = {"level", "category", "share", "status", "source",
                                         "note"};
static int row_category(load_ctx *c, int line, char **f, stp_error *err) {
  int l = 0, k, rc;
  double share;
  if ((rc = level_field(c, line, f[0], &l, err))) return rc;
  if (stp_category_parse(f[1], &k) != STP_OK)
    return bad(c, line, "category", f[1], "is not a funding category A-F", err);
  if ((rc = share_field(c, line, "share", f[2], &share, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  if (c->m->category_seen[l][k])
    return bad(c, line, "category", f[1], "is given twice for this level", err);
  c->m->category_seen[l][k] = true;
  c->m->category_share[l][k] = share;
  c->m->category_line[l] = line;
  return STP_OK;
}

static const char *const h_inst[] = {"level", "institution_type", "share", "status", "source",
                                     "note"};
static int row_inst(load_ctx *c, int line, char **f, stp_error *err) {
  int l = 0, k, rc;
  double share;
  if ((rc = level_field(c, line, f[0], &l, err))) return rc;
  if (stp_institution_parse(f[1], &k) != STP_OK)
    return bad(c, line, "institution_type", f[1],
               "is not university, university-college or private", err);
  if ((rc = share_field(c, line, "share", f[2], &share, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  if (c->m->inst_seen[l][k])
    return bad(c, line, "institution_type", f[1], "is given twice for this level", err);
  c->m->inst_seen[l][k] = true;
  c->m->inst_share[l][k] = share;
  c->m->inst_line[l] = line;
  return STP_OK;
}

static const char *const h_progression[] = {"level", "sex", "year", "complete_share", "status",
                                            "source", "note"};
static int row_progression(load_ctx *c, int line, char **f, stp_error *err) {
  stp_cohort_model *m = c->m;
  int l = 0, sex, year, rc;
  double share;
  if ((rc = level_field(c, line, f[0], &l, err))) return rc;
  int def;
  if (strcmp(f[1], "all") == 0) {
    def = 1;
    sex = -1;
  } else if (stp_sex_parse(f[1], &sex) == STP_OK) {
    def = 2;
  } else {
    return bad(c, line, "sex", f[1], "is not female, male or all", err);
  }
  if (m->sexdef[l] && m->sexdef[l] != def)
    return bad(c, line, "sex", f[1], "mixes 'all' with female/male rows for this level", err);
  m->sexdef[l] = def;
  if (!parse_int(f[2], stp_level_normed_years(l), STP_MAX_STUDY_YEARS, &year))
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: column year: '%s' is not a year from %d (normed time) to %d",
                    c->path, line, f[2], stp_level_normed_years(l), STP_MAX_STUDY_YEARS);
  if ((rc = share_field(c, line, "complete_share", f[3], &share, err))) return rc;
  if ((rc = check_status(c, line, f[4], f[5], err))) return rc;
  for (int s = 0; s < 2; s++) {
    if (sex >= 0 && s != sex) continue;
    if (m->complete_seen[l][s][year - 1])
      return bad(c, line, "year", f[2], "is given twice for this level and sex", err);
    m->complete_seen[l][s][year - 1] = true;
    m->complete[l][s][year - 1] = share;
  }
  m->progression_line[l] = line;
  return STP_OK;
}

static const char *const h_leave[] = {"level", "year", "share", "status", "source", "note"};
static int row_leave(load_ctx *c, int line, char **f, stp_error *err) {
  int l = 0, year, rc;
  double share;
  if ((rc = level_field(c, line, f[0], &l, err))) return rc;
  if (!parse_int(f[1], 1, STP_MAX_STUDY_YEARS, &year))
    return bad(c, line, "year", f[1], "is not a year of study 1-8", err);
  if ((rc = share_field(c, line, "share", f[2], &share, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  if (c->m->leave_seen[l][year - 1])
    return bad(c, line, "year", f[1], "is given twice for this level", err);
  c->m->leave_seen[l][year - 1] = true;
  c->m->leave[l][year - 1] = share;
  c->m->leave_line[l] = line;
  return STP_OK;
}

static const char *const h_leaver[] = {"when", "credits_passed", "share", "status", "source",
                                       "note"};
static int row_leaver(load_ctx *c, int line, char **f, stp_error *err) {
  static const char *const whens[] = {"earlier", "last"};
  int w, credits, rc;
  double share;
  if (stp_name_index(whens, 2, f[0], &w) != STP_OK)
    return bad(c, line, "when", f[0], "is not earlier or last", err);
  if (!parse_int(f[1], 0, STP_FULL_TIME_CREDITS, &credits))
    return bad(c, line, "credits_passed", f[1], "is not a number of credits 0-60", err);
  if ((rc = share_field(c, line, "share", f[2], &share, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  stp_cohort_model *m = c->m;
  for (int i = 0; i < m->nleaver[w]; i++)
    if (m->leaver_credits[w][i] == credits)
      return bad(c, line, "credits_passed", f[1], "is given twice", err);
  int i = m->nleaver[w]++;
  m->leaver_line[w] = line;
  m->leaver_credits[w][i] = credits;
  m->leaver_share[w][i] = share;
  return STP_OK;
}

static const char *const h_exemption[] = {"group", "exemption", "share", "status", "source",
                                          "note"};
static int row_exemption(load_ctx *c, int line, char **f, stp_error *err) {
  int g, rc;
  stp_exemption e;
  double share;
  if (stp_name_index(exemption_groups + 1, GROUP_COUNT - 1, f[0], &g) != STP_OK)
    return bad(c, line, "group", f[0], "is not resident, permit_pre2023 or permit_from2023", err);
  g += 1;
  if (stp_exemption_parse(f[1], &e) != STP_OK)
    return bad(c, line, "exemption", f[1], "is not an exemption ground (rules/tuition.h)", err);
  if ((rc = share_field(c, line, "share", f[2], &share, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  stp_cohort_model *m = c->m;
  for (int i = 0; i < m->nexempt[g]; i++)
    if (m->exempt_value[g][i] == (uint8_t)e)
      return bad(c, line, "exemption", f[1], "is given twice for this group", err);
  int i = m->nexempt[g]++;
  m->exempt_line[g] = line;
  m->exempt_value[g][i] = (uint8_t)e;
  m->exempt_share[g][i] = share;
  return STP_OK;
}

static const char *const h_profile[] = {"age",     "no_degree", "oneyear", "bachelor", "master2",
                                        "master5", "status",    "source",  "note"};
static int row_profile(load_ctx *c, int line, char **f, stp_error *err) {
  stp_cohort_model *m = c->m;
  int age, rc;
  if (!parse_int(f[0], PROFILE_MIN_AGE, PROFILE_MAX_AGE, &age))
    return bad(c, line, "age", f[0], "is not an age 16-80", err);
  if (m->nanchors > 0 && age <= m->anchor_age[m->nanchors - 1])
    return bad(c, line, "age", f[0], "does not follow the previous age (ages must increase)",
               err);
  /* file columns no_degree, oneyear, bachelor, master2, master5 -> group index */
  static const int group_of_col[5] = {STP_EARN_NO_DEGREE, STP_LEVEL_ONEYEAR,
                                      STP_LEVEL_BACHELOR, STP_LEVEL_MASTER2, STP_LEVEL_MASTER5};
  int a = m->nanchors;
  for (int k = 0; k < 5; k++) {
    double v;
    if (!parse_real(f[1 + k], &v) || v <= 0 || v > 10)
      return bad(c, line, h_profile[1 + k], f[1 + k], "is not a multiplier in (0, 10]", err);
    m->anchor_value[a][group_of_col[k]] = v;
  }
  if ((rc = check_status(c, line, f[6], f[7], err))) return rc;
  m->anchor_age[a] = age;
  m->nanchors++;
  return STP_OK;
}

static const char *const h_mortality[] = {"age", "q_female", "q_male", "status", "source",
                                          "note"};
static int row_mortality(load_ctx *c, int line, char **f, stp_error *err) {
  stp_cohort_model *m = c->m;
  int age, rc;
  double qf, qm;
  if (!parse_int(f[0], MORT_MIN_AGE, MORT_MAX_AGE, &age))
    return bad(c, line, "age", f[0], "is not an age 18-100", err);
  if (m->mortality_seen[age - MORT_MIN_AGE]) return bad(c, line, "age", f[0], "is given twice", err);
  if ((rc = share_field(c, line, "q_female", f[1], &qf, err))) return rc;
  if ((rc = share_field(c, line, "q_male", f[2], &qm, err))) return rc;
  if ((rc = check_status(c, line, f[3], f[4], err))) return rc;
  m->mortality_seen[age - MORT_MIN_AGE] = true;
  m->mortality[0][age - MORT_MIN_AGE] = qf;
  m->mortality[1][age - MORT_MIN_AGE] = qm;
  return STP_OK;
}

/* ---- checks across rows, and the precomputed tables ---- */

#define SUM_TOLERANCE 5e-4

static double sum(const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

static int discrete(gsl_ran_discrete_t **out, const double *w, int n, const char *path,
                    int line, const char *what, stp_error *err) {
  if (n <= 0 || sum(w, n) <= 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: no positive share", path, line, what);
  *out = gsl_ran_discrete_preproc((size_t)n, w);
  if (!*out) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  return STP_OK;
}

static int sums_to_one(const double *w, int n, const char *path, int line, const char *what,
                       stp_error *err) {
  double s = sum(w, n);
  if (fabs(s - 1) > SUM_TOLERANCE)
    return stp_fail(err, STP_EINVAL, "%s:%d: column share: %s: shares add up to %.6g, not 1",
                    path, line, what, s);
  return STP_OK;
}

static int build_tables(stp_cohort_model *m, stp_error *err) {
  char path[4096], what[128];
  int rc;
  const double *p = m->p;

  double entrants[STP_LEVEL_COUNT];
  for (int l = 0; l < STP_LEVEL_COUNT; l++) entrants[l] = p[P_ENTRANTS_BACHELOR + l];
  snprintf(path, sizeof path, "%s/parameters.csv", m->dir);
  const int *pl = m->param_line;
  if ((rc = discrete(&m->level_tab, entrants, STP_LEVEL_COUNT, path, pl[P_ENTRANTS_ONEYEAR],
                     "parameter entrants_*", err)))
    return rc;
  if (p[P_CHILDREN_TWO] + p[P_CHILDREN_THREE] > 1 + 1e-12)
    return stp_fail(err, STP_ERANGE,
                    "%s:%d: parameter children_three_share: children_two_share + "
                    "children_three_share exceed 1",
                    path, pl[P_CHILDREN_THREE]);
  if (p[P_REGION_FINNMARK] + p[P_REGION_DISTRICT] > 1 + 1e-12)
    return stp_fail(err, STP_ERANGE,
                    "%s:%d: parameter region_district_share: region_finnmark_share + "
                    "region_district_share exceed 1",
                    path, pl[P_REGION_DISTRICT]);
  for (int l = 0; l < STP_LEVEL_COUNT; l++) {
    int pre = P_PERMIT_PRE_BACHELOR + l, from = P_PERMIT_FROM_BACHELOR + l;
    int bad_id = p[pre] + p[P_NON_EEA_RESIDENT] > 1 + 1e-12    ? pre
                 : p[from] + p[P_NON_EEA_RESIDENT] > 1 + 1e-12 ? from
                                                               : -1;
    if (bad_id >= 0)
      return stp_fail(err, STP_ERANGE,
                      "%s:%d: parameter %s: with non_eea_resident_share it exceeds 1", path,
                      pl[bad_id], param_defs[bad_id].name);
  }

  for (int l = 0; l < STP_LEVEL_COUNT; l++) {
    const char *ln = stp_level_name(l);
    int line;
    snprintf(path, sizeof path, "%s/age_at_start.csv", m->dir);
    snprintf(what, sizeof what, "level %s", ln);
    line = group_line(m, F_AGE, m->band_line[l]);
    if ((rc = sums_to_one(m->band_share[l], m->nbands[l], path, line, what, err))) return rc;
    if ((rc = discrete(&m->age_tab[l], m->band_share[l], m->nbands[l], path, line, what, err)))
      return rc;
    /* The population mode draws the age within an age group (under 30, 30+): a band must lie
       on one side of 30. A group without bands or shares has no table (stp_cohort_draw_slot
       then draws from the level's whole table). */
    for (int a = 0; a < 2; a++) {
      double w[MAX_BANDS];
      int n = 0;
      for (int b = 0; b < m->nbands[l]; b++) {
        if (m->band_from[l][b] < 30 && m->band_to[l][b] >= 30)
          return stp_fail(err, STP_EINVAL, "%s:%d: ages %d-%d: %s: a band must not straddle "
                          "age 30 (the population's age groups)", path, line,
                          m->band_from[l][b], m->band_to[l][b], what);
        if ((m->band_from[l][b] >= 30) != (a == 1)) continue;
        m->group_band[l][a][n] = b;
        w[n++] = m->band_share[l][b];
      }
      m->ngroup_bands[l][a] = n;
      if (n > 0 && sum(w, n) > 0 &&
          (rc = discrete(&m->age_group_tab[l][a], w, n, path, line, what, err)))
        return rc;
    }

    snprintf(path, sizeof path, "%s/funding_category.csv", m->dir);
    line = group_line(m, F_CATEGORY, m->category_line[l]);
    for (int k = 0; k < STP_CATEGORY_COUNT; k++)
      if (!m->category_seen[l][k])
        return stp_fail(err, STP_EINVAL, "%s:%d: column category: level %s: no row for %s", path,
                        line, ln, stp_category_name(k));
    if ((rc = sums_to_one(m->category_share[l], STP_CATEGORY_COUNT, path, line, what, err)))
      return rc;
    if ((rc = discrete(&m->category_tab[l], m->category_share[l], STP_CATEGORY_COUNT, path, line,
                       what, err)))
      return rc;

    snprintf(path, sizeof path, "%s/institution.csv", m->dir);
    line = group_line(m, F_INST, m->inst_line[l]);
    for (int k = 0; k < STP_INST_COUNT; k++)
      if (!m->inst_seen[l][k])
        return stp_fail(err, STP_EINVAL, "%s:%d: column institution_type: level %s: no row for %s",
                        path, line, ln, stp_institution_name(k));
    if ((rc = sums_to_one(m->inst_share[l], STP_INST_COUNT, path, line, what, err))) return rc;
    if ((rc = discrete(&m->inst_tab[l], m->inst_share[l], STP_INST_COUNT, path, line, what, err)))
      return rc;

    snprintf(path, sizeof path, "%s/progression.csv", m->dir);
    line = group_line(m, F_PROGRESSION, m->progression_line[l]);
    if (!m->sexdef[l])
      return stp_fail(err, STP_EINVAL, "%s:%d: column level: no rows for %s", path, line, ln);
    double leave_total = 0;
    for (int s = 0; s < 2; s++) {
      double w[STP_MAX_STUDY_YEARS + 1];
      memcpy(w, m->complete[l][s], sizeof m->complete[l][s]);
      double total = sum(w, STP_MAX_STUDY_YEARS);
      if (total > 1 + SUM_TOLERANCE)
        return stp_fail(err, STP_EINVAL,
                        "%s:%d: column complete_share: level %s, %s: completion shares add up "
                        "to %.6g > 1",
                        path, line, ln, stp_sex_name(s), total);
      w[OUTCOME_LEAVE] = total < 1 ? 1 - total : 0;
      leave_total += w[OUTCOME_LEAVE];
      snprintf(what, sizeof what, "level %s, %s", ln, stp_sex_name(s));
      if ((rc = discrete(&m->outcome_tab[l][s], w, STP_MAX_STUDY_YEARS + 1, path, line, what,
                         err)))
        return rc;
    }
    snprintf(path, sizeof path, "%s/leave_timing.csv", m->dir);
    snprintf(what, sizeof what, "level %s", ln);
    line = group_line(m, F_LEAVE, m->leave_line[l]);
    if (leave_total > 0) {
      if ((rc = sums_to_one(m->leave[l], STP_MAX_STUDY_YEARS, path, line, what, err))) return rc;
      if ((rc = discrete(&m->leave_tab[l], m->leave[l], STP_MAX_STUDY_YEARS, path, line, what,
                         err)))
        return rc;
    }
  }

  snprintf(path, sizeof path, "%s/leaver_credits.csv", m->dir);
  for (int w = 0; w < 2; w++) {
    const char *wn = w ? "when last" : "when earlier";
    int line = group_line(m, F_LEAVER, m->leaver_line[w]);
    if ((rc = sums_to_one(m->leaver_share[w], m->nleaver[w], path, line, wn, err))) return rc;
    if ((rc = discrete(&m->leaver_tab[w], m->leaver_share[w], m->nleaver[w], path, line, wn,
                       err)))
      return rc;
  }

  snprintf(path, sizeof path, "%s/exemption.csv", m->dir);
  for (int g = 1; g < GROUP_COUNT; g++) {
    int line = group_line(m, F_EXEMPTION, m->exempt_line[g]);
    snprintf(what, sizeof what, "group %s", exemption_groups[g]);
    if ((rc = sums_to_one(m->exempt_share[g], m->nexempt[g], path, line, what, err))) return rc;
    if ((rc = discrete(&m->exempt_tab[g], m->exempt_share[g], m->nexempt[g], path, line, what,
                       err)))
      return rc;
  }

  /* Earnings profile: linear between anchors, flat outside them. */
  snprintf(path, sizeof path, "%s/earnings_profile.csv", m->dir);
  if (m->nanchors < 1)
    return stp_fail(err, STP_EINVAL, "%s:%d: column age: no anchor ages", path,
                    m->last_line[F_PROFILE]);
  for (int g = 0; g < STP_EARN_GROUPS; g++)
    for (int age = PROFILE_MIN_AGE; age <= PROFILE_MAX_AGE; age++) {
      double v;
      int k = 0;
      while (k < m->nanchors && m->anchor_age[k] < age) k++;
      if (k == 0) v = m->anchor_value[0][g];
      else if (k == m->nanchors) v = m->anchor_value[m->nanchors - 1][g];
      else {
        int a0 = m->anchor_age[k - 1], a1 = m->anchor_age[k];
        double t = (double)(age - a0) / (a1 - a0);
        v = (1 - t) * m->anchor_value[k - 1][g] + t * m->anchor_value[k][g];
      }
      m->profile[g][age - PROFILE_MIN_AGE] = v;
    }

  snprintf(path, sizeof path, "%s/mortality.csv", m->dir);
  for (int a = MORT_MIN_AGE; a <= MORT_MAX_AGE; a++)
    if (!m->mortality_seen[a - MORT_MIN_AGE])
      return stp_fail(err, STP_EINVAL,
                      "%s:%d: column age: no row for age %d (ages 18-100 are needed)", path,
                      m->last_line[F_MORTALITY], a);
  return STP_OK;
}

/* Solve for the per-bill deferral probability p at propensity 1 such that a repayer with a
   log-normal propensity X (mean 1, sd of ln X = sigma) defers at least one of 12 bills with
   probability `target`: E[1 - (1 - min(1, p X))^12] = target (Simpson's rule over z). */
static double defer_year_share(double p, double sigma) {
  const int n = 2000;
  const double lo = -8, hi = 8, h = (hi - lo) / n;
  double acc = 0;
  for (int i = 0; i <= n; i++) {
    double z = lo + i * h;
    double x = exp(sigma * z - sigma * sigma / 2);
    double q = p * x < 1 ? p * x : 1;
    double f = (1 - pow(1 - q, 12)) * exp(-z * z / 2) * 0.3989422804014327 /* 1/sqrt(2 pi) */;
    acc += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
  }
  return acc * h / 3;
}

static double solve_defer(double target, double sigma) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 100; i++) {
    double mid = (lo + hi) / 2;
    if (defer_year_share(mid, sigma) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

static int load_policy(stp_cohort_model *m, const char *datasets_dir, stp_error *err) {
  stp_params *pp;
  int rc = stp_params_load(datasets_dir, &pp, err);
  if (rc) return rc;
  int first = STP_FIRST_YEAR, last = stp_params_last_year(pp);
  double gw = 1 + m->p[P_WAGE_GROWTH];
  for (int y = first; y <= last; y++) {
    m->g[y - YEAR_MIN] = (double)stp_params_cal(pp, y)->g / 100.0;
    m->basic[y - YEAR_MIN] = (double)stp_params_year(pp, y)->basic_support / 100.0;
    m->monthly[y - YEAR_MIN] = m->basic[y - YEAR_MIN] / stp_params_year(pp, y)->support_months;
    m->tuition_loan[y - YEAR_MIN] = (double)stp_params_year(pp, y)->tuition_loan_year / 100.0;
  }
  stp_params_free(pp);
  for (int y = first - 1; y >= YEAR_MIN; y--) {
    m->g[y - YEAR_MIN] = m->g[y + 1 - YEAR_MIN] / gw;
    m->basic[y - YEAR_MIN] = m->basic[y + 1 - YEAR_MIN] / gw;
    m->monthly[y - YEAR_MIN] = m->monthly[y + 1 - YEAR_MIN] / gw;
    m->tuition_loan[y - YEAR_MIN] = m->tuition_loan[y + 1 - YEAR_MIN] / gw;
  }
  for (int y = last + 1; y <= YEAR_MAX; y++) {
    m->g[y - YEAR_MIN] = m->g[y - 1 - YEAR_MIN] * gw;
    m->basic[y - YEAR_MIN] = m->basic[y - 1 - YEAR_MIN] * gw;
    m->monthly[y - YEAR_MIN] = m->monthly[y - 1 - YEAR_MIN] * gw;
    m->tuition_loan[y - YEAR_MIN] = m->tuition_loan[y - 1 - YEAR_MIN] * gw;
  }
  for (int i = 0; i < NYEARS; i++) m->log_g[i] = log(m->g[i]);
  m->policy_first = first;
  m->policy_last = last;
  return STP_OK;
}

static void precompute(stp_cohort_model *m) {
  const double *p = m->p;
  /* ages are uniform within a band */
  m->bachelor_20plus = 0;
  for (int b = 0; b < m->nbands[STP_LEVEL_BACHELOR]; b++) {
    int from = m->band_from[STP_LEVEL_BACHELOR][b], to = m->band_to[STP_LEVEL_BACHELOR][b];
    int n20 = to < 20 ? 0 : to - (from > 20 ? from : 20) + 1;
    m->bachelor_20plus += m->band_share[STP_LEVEL_BACHELOR][b] * n20 / (to - from + 1);
  }
  qlognormal(&m->work, p[P_INCOME_WORK_MEDIAN], p[P_INCOME_WORK_SIGMA_P]);
  qlognormal(&m->summer, p[P_INCOME_SUMMER_MEDIAN], p[P_INCOME_SUMMER_SIGMA]);
  qlognormal(&m->gap, p[P_INCOME_GAP_MEDIAN], p[P_INCOME_GAP_SIGMA]);
  qlognormal(&m->assets, p[P_ASSETS_MEDIAN], p[P_ASSETS_SIGMA]);
  qlognormal(&m->shock, 1.0, p[P_INCOME_WORK_SIGMA_T]);
  /* defer_propensity: mean exactly 1 */
  qlognormal(&m->defer, 1.0, p[P_DEFER_SIGMA]);
  double dm = qmean(&m->defer);
  for (int i = 0; i < NQUANT; i++) m->defer.v[i] /= dm;

  /* Mean earnings at 30 in the reference year's NOK, by group; the sex factors keep the
     group mean for the female share of all students (0.608, SSB 2024): women ratio^(1-w),
     men ratio^(-w). A log-normal with mean M has mu = ln M - sigma^2/2. */
  const double w = 0.608;
  double lr = log(p[P_EARN_FEMALE_RATIO]);
  for (int g = 0; g < STP_EARN_GROUPS; g++) {
    double sig = p[P_EARN_SIGMA_BACHELOR + g];
    double base = log(p[P_EARN_MEAN_MONTHLY] * p[P_EARN_RATIO_BACHELOR + g]) - sig * sig / 2;
    m->earn_log_base[g][STP_SEX_FEMALE] = base + (1 - w) * lr;
    m->earn_log_base[g][STP_SEX_MALE] = base - w * lr;
  }

  m->log_g_earn_ref = m->log_g[year_index((int)p[P_EARN_REF_YEAR])];
  m->g_tuition_ref = m->g[year_index((int)p[P_TUITION_REF_YEAR])];

  stp_behaviour *b = &m->behaviour;
  for (int g = 0; g < STP_EARN_GROUPS; g++) b->employed[g] = p[P_EMPLOYED_BACHELOR + g];
  b->low_income_prob = p[P_LOW_INCOME_PROB];
  b->defer_year_share = p[P_DEFER_YEAR_SHARE];
  b->defer_sigma = p[P_DEFER_SIGMA];
  b->defer_bill_prob = solve_defer(p[P_DEFER_YEAR_SHARE], p[P_DEFER_SIGMA]);
  b->defer_low_income_factor = p[P_DEFER_LOW_INCOME_FACTOR];
  b->relief_take_up = p[P_RELIEF_TAKE_UP];
  b->default_hazard = p[P_DEFAULT_HAZARD];
  b->default_hazard_decay = p[P_DEFAULT_HAZARD_DECAY];
  b->default_low_income_factor = p[P_DEFAULT_LOW_INCOME_FACTOR];
  b->default_ability_mid = p[P_DEFAULT_ABILITY_MID];
  b->default_ability_slope = p[P_DEFAULT_ABILITY_SLOPE];
  b->default_instalment_weight = p[P_DEFAULT_INSTALMENT_WEIGHT];
  b->default_abroad_factor = p[P_DEFAULT_ABROAD_FACTOR];
  b->reinstate_share = p[P_REINSTATE_SHARE];
  b->collection_years = p[P_COLLECTION_YEARS];
  b->settle_hazard = p[P_SETTLE_HAZARD];
  b->settle_hazard_book = p[P_SETTLE_HAZARD_BOOK];
  b->settle_earnings_ratio = p[P_SETTLE_EARNINGS_RATIO];
  b->extra_repay_prob = p[P_EXTRA_REPAY_PROB];
  b->extra_repay_share = p[P_EXTRA_REPAY_SHARE];
  b->wage_growth = p[P_WAGE_GROWTH];
  b->loan_30plus_take_up = p[P_LOAN_30PLUS_TAKE_UP];
  b->parent_loan_take_up = p[P_PARENT_LOAN_TAKE_UP];
}

int stp_cohort_model_load(const char *datasets_dir, const char *set, stp_cohort_model **out,
                          stp_error *err) {
  const char *dir = stp_datasets_dir(datasets_dir);
  if (!set || !*set) set = "default";
  if (strchr(set, '/') || strcmp(set, "..") == 0 || strcmp(set, ".") == 0)
    return stp_fail(err, STP_EINVAL, "cohort set '%s': a set is a directory name under %s/cohort",
                    set, dir);
  stp_cohort_model *m = calloc(1, sizeof *m);
  if (!m) return stp_fail(err, STP_ENOMEM, "out of memory");
  size_t n = strlen(dir) + strlen(set) + 16;
  if (!(m->dir = malloc(n))) {
    free(m);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  snprintf(m->dir, n, "%s/cohort/%s", dir, set);

  int rc;
#define NCOLS(h) ((int)(sizeof h / sizeof h[0]))
  if ((rc = read_table(m, F_PARAMS, "parameters.csv", h_params, NCOLS(h_params), row_param,
                       err)))
    goto fail;
  for (int i = 0; i < P_COUNT; i++)
    if (!m->seen[i]) {
      rc = stp_fail(err, STP_EINVAL, "%s/parameters.csv:%d: parameter %s: missing (the file ends "
                    "without it)", m->dir, m->last_line[F_PARAMS], param_defs[i].name);
      goto fail;
    }
  /* The other tables, in the order F_AGE .. F_MORTALITY. */
  static const struct {
    const char *file;
    const char *const *header;
    int ncols;
    int (*row)(load_ctx *, int, char **, stp_error *);
  } tables[] = {
      {"age_at_start.csv", h_age, NCOLS(h_age), row_age},
      {"funding_category.csv", h_category, NCOLS(h_category), row_category},
      {"institution.csv", h_inst, NCOLS(h_inst), row_inst},
      {"progression.csv", h_progression, NCOLS(h_progression), row_progression},
      {"leave_timing.csv", h_leave, NCOLS(h_leave), row_leave},
      {"leaver_credits.csv", h_leaver, NCOLS(h_leaver), row_leaver},
      {"exemption.csv", h_exemption, NCOLS(h_exemption), row_exemption},
      {"earnings_profile.csv", h_profile, NCOLS(h_profile), row_profile},
      {"mortality.csv", h_mortality, NCOLS(h_mortality), row_mortality},
  };
  _Static_assert(sizeof tables / sizeof tables[0] == F_COUNT - F_AGE, "one entry per file");
  for (int t = F_AGE; t < F_COUNT; t++)
    if ((rc = read_table(m, t, tables[t - F_AGE].file, tables[t - F_AGE].header,
                         tables[t - F_AGE].ncols, tables[t - F_AGE].row, err)))
      goto fail;
#undef NCOLS
  if ((rc = build_tables(m, err))) goto fail;
  if ((rc = load_policy(m, dir, err))) goto fail;
  precompute(m);
  *out = m;
  return STP_OK;
fail:
  stp_cohort_model_free(m);
  return rc;
}

int stp_cohort_model_set(stp_cohort_model *m, const char *name, double value,
                         stp_error *err) {
  int i = 0;
  while (i < P_COUNT && strcmp(param_defs[i].name, name) != 0) i++;
  if (i == P_COUNT)
    return stp_fail(err, STP_ENOTFOUND, "cohort.%s: no such parameter in %s/parameters.csv", name,
                    m->dir);
  /* G and the reference years are built into tables at load: refused, not half-applied */
  if (i == P_WAGE_GROWTH || strcmp(param_defs[i].unit, "year") == 0)
    return stp_fail(err, STP_EINVAL, "cohort.%s: fixed when the model is loaded (set it in "
                    "parameters.csv, or [economy] wage_growth)", name);
  const param_def *d = &param_defs[i];
  if (!(value >= d->lo && value <= d->hi) || (i == P_DEFAULT_HAZARD_DECAY && value <= 0))
    return stp_fail(err, STP_ERANGE, "cohort.%s: %.17g is outside %g..%g%s", name, value, d->lo,
                    d->hi, i == P_DEFAULT_HAZARD_DECAY ? " (and above 0)" : "");
  m->p[i] = value;
  precompute(m);
  return STP_OK;
}

/* ---- lookups ---- */

double stp_cohort_mortality(const stp_cohort_model *m, int age, int sex) {
  if (age < MORT_MIN_AGE) age = MORT_MIN_AGE;
  if (age > MORT_MAX_AGE) age = MORT_MAX_AGE;
  return m->mortality[sex ? 1 : 0][age - MORT_MIN_AGE];
}

double stp_cohort_earnings_profile(const stp_cohort_model *m, int level, int age) {
  if (level < 0 || level >= STP_EARN_GROUPS) level = STP_EARN_NO_DEGREE;
  if (age < PROFILE_MIN_AGE) age = PROFILE_MIN_AGE;
  if (age > PROFILE_MAX_AGE) age = PROFILE_MAX_AGE;
  return m->profile[level][age - PROFILE_MIN_AGE];
}

double stp_cohort_g(const stp_cohort_model *m, int year) {
  if (year < YEAR_MIN) return m->g[0] * pow(1 + m->p[P_WAGE_GROWTH], year - YEAR_MIN);
  if (year > YEAR_MAX) return m->g[NYEARS - 1] * pow(1 + m->p[P_WAGE_GROWTH], year - YEAR_MAX);
  return m->g[year - YEAR_MIN];
}


/* ---- the draw ---- */

/* Uniform draws go through rng.h's inline fast paths (the same numbers as gsl_rng_uniform
   and gsl_ran_discrete on this generator). */
#define uniform stp_rng_uniform
#define discrete_draw stp_rng_discrete
static inline bool bernoulli(gsl_rng *r, double p) { return uniform(r) < p; }
static inline int uniform_int(gsl_rng *r, int n) { return (int)(uniform(r) * n); }

static inline double gauss(gsl_rng *r) { return gsl_ran_gaussian_ziggurat(r, 1.0); }

/* NOK (double) to øre, whole kroner. */
static inline stp_money to_money(double nok) {
  if (!(nok > 0)) return 0;
  return (stp_money)(nok + 0.5) * 100;
}

/* A degree completed at the end of year `y` (1-based) after normed years n: credits and
   passed for each year, adding up to 60 n passed. Delayed completers either study part-time
   throughout, or full-time with failed credits (in 10-credit pieces) and perhaps a year off. */
static void path_complete(const stp_cohort_model *m, gsl_rng *r, int n, int y, stp_student *s) {
  const int total = STP_FULL_TIME_CREDITS * n;
  if (y == n) {
    for (int k = 0; k < y; k++) s->credits[k] = s->passed[k] = STP_FULL_TIME_CREDITS;
    return;
  }
  if (bernoulli(r, m->p[P_DELAYED_PART_TIME])) {
    int base = total / y / 5 * 5, extra = total - base * y;
    for (int k = 0; k < y; k++) s->credits[k] = (uint8_t)base;
    for (int k = y - 1; extra > 0; k = (k + y - 1) % y, extra -= 5) s->credits[k] += 5;
    for (int k = 0; k < y; k++) s->passed[k] = s->credits[k];
    return;
  }
  for (int k = 0; k < y; k++) s->credits[k] = s->passed[k] = STP_FULL_TIME_CREDITS;
  int shortfall = STP_FULL_TIME_CREDITS * (y - n);
  if (y >= 3 && shortfall >= STP_FULL_TIME_CREDITS && bernoulli(r, m->p[P_DELAYED_YEAR_OFF])) {
    int off = 1 + uniform_int(r, (y - 2)); /* not first or last */
    s->credits[off] = s->passed[off] = 0;
    shortfall -= STP_FULL_TIME_CREDITS;
  }
  while (shortfall > 0) {
    /* a random year that can lose 10 more credits (the last year keeps at least 10) */
    int k0 = uniform_int(r, y);
    for (int i = 0; i < y; i++) {
      int k = (k0 + i) % y;
      int floor_k = k == y - 1 ? 10 : 0;
      if (s->credits[k] > 0 && s->passed[k] >= floor_k + 10) {
        s->passed[k] -= 10;
        shortfall -= 10;
        break;
      }
    }
  }
}

/* Leaving without the degree at the end of year `y`: passed credits from the leaver tables,
   capped so that the degree's credits are never all passed. */
static void path_leave(const stp_cohort_model *m, gsl_rng *r, int n, int y, stp_student *s) {
  const int total = STP_FULL_TIME_CREDITS * n;
  int credits = bernoulli(r, m->p[P_LEAVER_PART_TIME]) ? STP_FULL_TIME_CREDITS / 2
                                                      : STP_FULL_TIME_CREDITS;
  int sum_passed = 0;
  for (int k = 0; k < y; k++) {
    int w = k == y - 1;
    int v = m->leaver_credits[w][discrete_draw(r, m->leaver_tab[w])];
    int passed = credits * v / STP_FULL_TIME_CREDITS / 5 * 5;
    int room = total - 10 - sum_passed;
    if (passed > room) passed = room > 0 ? room : 0;
    s->credits[k] = (uint8_t)credits;
    s->passed[k] = (uint8_t)passed;
    sum_passed += passed;
  }
}

/* NOK still owed from a programme left without a degree in the academic year before `end`:
   its basic loans (the years a bachelor leaver studies, leave_timing.csv, at most max_years)
   at the student's take-up, less the little that converts (prior_he_kept_share). */
static double earlier_programme_loan(const stp_cohort_model *m, gsl_rng *r, int end,
                                     int max_years, double take_up) {
  const gsl_ran_discrete_t *t = m->leave_tab[STP_LEVEL_BACHELOR];
  int y = t ? 1 + (int)discrete_draw(r, t) : 1;
  if (y > max_years) y = max_years;
  double loans = 0;
  for (int k = 1; k <= y; k++) loans += m->basic[year_index(end - k)];
  return loans * take_up * m->p[P_PRIOR_HE_KEPT];
}

/* One student of entry year `entry`; level_given < 0: the level is drawn, else it is that
   level; age_group < 0: the age is drawn from the level's bands, else from the group's. */
static void draw_student(const stp_cohort_model *m, gsl_rng *r, uint64_t seed, uint64_t id,
                         int entry, int level_given, int age_group, stp_student *out) {
  /* Written to keep branches few: a mispredicted branch costs more than a uniform draw, so
     most characteristics are drawn unconditionally and combined arithmetically. */
  const double *p = m->p;
  stp_rng_seek(r, seed, id, STP_STREAM_COHORT);
  memset(out, 0, sizeof *out);
  stp_student *s = out;
  s->id = id;
  s->entry_year = entry;
  const int ey = year_index(entry);

  /* programme and person */
  const int level = level_given >= 0 ? level_given : (int)discrete_draw(r, m->level_tab);
  s->level = (uint8_t)level;
  s->normed_years = (uint8_t)stp_level_normed_years(level);
  s->sex = !bernoulli(r, p[P_FEMALE_BACHELOR + level]); /* 0 female, 1 male */
  const gsl_ran_discrete_t *gt = age_group >= 0 ? m->age_group_tab[level][age_group] : NULL;
  const int band = gt ? m->group_band[level][age_group][discrete_draw(r, gt)]
                      : (int)discrete_draw(r, m->age_tab[level]);
  const int from = m->band_from[level][band];
  const int age = from + uniform_int(r, m->band_to[level][band] - from + 1);
  s->birth_year = entry - age;
  s->funding_category = (uint8_t)discrete_draw(r, m->category_tab[level]);
  s->institution_type = (uint8_t)discrete_draw(r, m->inst_tab[level]);

  /* citizenship and tuition ground */
  const bool post2023 = entry >= 2023;
  const double permit = post2023 ? p[P_PERMIT_FROM_BACHELOR + level] : p[P_PERMIT_PRE_BACHELOR + level];
  double u = uniform(r);
  const bool permit_student = u < permit;
  const bool resident = !permit_student && u < permit + p[P_NON_EEA_RESIDENT];
  s->non_eea = permit_student | resident;
  if (s->non_eea) {
    int group = resident ? GROUP_RESIDENT : post2023 ? GROUP_PERMIT_FROM : GROUP_PERMIT_PRE;
    s->exemption = m->exempt_value[group][discrete_draw(r, m->exempt_tab[group])];
  } else {
    s->exemption = (uint8_t)STP_EXEMPT_EEA;
  }

  /* family and living */
  const double pchild = age < 25 ? p[P_CHILDREN_UNDER25] : age < 30 ? p[P_CHILDREN_25_29]
                        : age < 35 ? p[P_CHILDREN_30_34] : p[P_CHILDREN_35PLUS];
  const bool parent = bernoulli(r, pchild);
  u = uniform(r);
  s->children = (uint8_t)(parent * (1 + (u < p[P_CHILDREN_TWO] + p[P_CHILDREN_THREE]) +
                                    (u < p[P_CHILDREN_THREE])));
  s->married = parent & bernoulli(r, p[P_MARRIED_WITH_CHILDREN]);
  const double phome = age < 22 ? p[P_AT_HOME_UNDER22] : age < 30 ? p[P_AT_HOME_22_29]
                                                                  : p[P_AT_HOME_30PLUS];
  s->at_home = !parent & !permit_student & bernoulli(r, phome);
  s->disability = bernoulli(r, p[P_DISABILITY]);
  u = uniform(r);
  s->region = (uint8_t)((u < p[P_REGION_FINNMARK]) * STP_REGION_FINNMARK +
                        (u >= p[P_REGION_FINNMARK] &&
                         u < p[P_REGION_FINNMARK] + p[P_REGION_DISTRICT]) * STP_REGION_DISTRICT);

  /* study path */
  const int outcome = (int)discrete_draw(r, m->outcome_tab[level][s->sex]);
  if (outcome == OUTCOME_LEAVE) {
    int y = 1 + (int)discrete_draw(r, m->leave_tab[level]);
    s->years = (uint8_t)y;
    path_leave(m, r, s->normed_years, y, s);
  } else {
    int y = outcome + 1;
    s->years = (uint8_t)y;
    s->completed = 1;
    path_complete(m, r, s->normed_years, y, s);
  }
  s->continues = (level == STP_LEVEL_BACHELOR) & s->completed & bernoulli(r, p[P_CONTINUES]);
  const int years = s->years;
  bool part_time = false, year_off = false;
  for (int k = 0; k < years; k++) {
    part_time |= s->credits[k] > 0 && s->credits[k] < STP_FULL_TIME_CREDITS;
    year_off |= s->credits[k] == 0;
  }

  /* earnings after study: ln monthly at 30 in entry-year NOK */
  const int group_e = stp_student_earn_group(s);
  double log_level = m->earn_log_base[group_e][s->sex] + m->log_g[ey] - m->log_g_earn_ref +
                     p[P_EARN_SIGMA_BACHELOR + group_e] * gauss(r) +
                     s->completed * p[P_EARN_OFFSET_A + s->funding_category];
  s->earn_log_level = (float)log_level;
  s->earn_shock_sd = (float)p[P_EARN_SHOCK_BACHELOR + group_e];

  /* Income by calendar year, in G of that year, then NOK. A working student earns `work` a
     year (with a yearly shock; more in part-time years), others a summer job or nothing;
     entrants from 20 worked full time before study (`gap`), as does anyone in a year off;
     after study the employed earn post_study_months of their monthly earnings. */
  const bool older = age >= 30;
  double pw = older ? p[P_WORKS_30PLUS] : p[P_WORKS];
  if (part_time && pw < p[P_WORKS_PART_TIME]) pw = p[P_WORKS_PART_TIME];
  s->works = bernoulli(r, pw);
  const double work = s->works * qdraw(&m->work, r) * (older ? p[P_INCOME_30PLUS_FACTOR] : 1);
  const double summer = bernoulli(r, p[P_INCOME_SUMMER_SHARE]) * qdraw(&m->summer, r);
  const double gap = (age >= 20 || year_off) ? qdraw(&m->gap, r) : 0;
  const bool employed_after = bernoulli(r, m->behaviour.employed[group_e]);
  const double pt_factor = p[P_INCOME_PART_TIME_FACTOR];
  const double g_entry = m->g[ey];
  for (int j = 0; j <= years; j++) {
    const double g_cal = m->g[year_index(entry + j)];
    const double shock = qdraw(&m->shock, r);
    double in_g;
    /* January-July: academic year j-1 */
    if (j == 0) {
      in_g = age >= 20 ? gap * (7.0 / 12) : summer;
    } else {
      int c = s->credits[j - 1];
      double study = s->works ? work * shock * (c < STP_FULL_TIME_CREDITS ? pt_factor : 1) * (7.0 / 12)
                              : summer * shock;
      in_g = c == 0 ? gap * (7.0 / 12) : study;
    }
    /* August-December: academic year j */
    double nok_after = 0;
    if (j < years) {
      int c = s->credits[j];
      in_g += c == 0 ? gap * (5.0 / 12)
                     : work * shock * (c < STP_FULL_TIME_CREDITS ? pt_factor : 1) * (5.0 / 12);
    } else if (employed_after) {
      nok_after = p[P_POST_STUDY_MONTHS] * exp(log_level) *
                  stp_cohort_earnings_profile(m, group_e, entry + j - s->birth_year) * g_cal /
                  g_entry;
    }
    s->income[j] = to_money(in_g * g_cal + nok_after);
  }

  /* assets */
  s->assets = to_money(!bernoulli(r, p[P_ASSETS_ZERO]) * qdraw(&m->assets, r) *
                       (older ? p[P_ASSETS_30PLUS_FACTOR] : 1) * g_entry);

  /* borrowing: whether, and the share of the basic loan */
  const double pb = older ? p[P_BORROW_30PLUS] : s->at_home ? p[P_BORROW_HOME]
                                                            : p[P_BORROW_AWAY_UNDER30];
  s->borrows = bernoulli(r, pb);
  u = uniform(r);
  const double f = p[P_FULL_LOAN];
  s->take_up = (float)(s->borrows * (u < f ? 1.0 : p[P_PARTIAL_MIN] + (1 - p[P_PARTIAL_MIN]) *
                                                                         (u - f) / (1 - f)));

  /* tuition at a private college, in entry-year NOK */
  if (s->institution_type == STP_INST_PRIVATE && !bernoulli(r, p[P_PRIVATE_NO_TUITION]))
    s->tuition_private = to_money(p[P_TUITION_BACHELOR + level] * g_entry / m->g_tuition_ref *
                                  exp(p[P_TUITION_SIGMA] * gauss(r)));

  /* A master's earlier bachelor debt: the basic loans of its years less conversion, the
     tuition-fee loan (never converted) if that bachelor was at a fee-charging private college,
     and the debt of a programme left before the bachelor, each as likely as for the model's
     own bachelor entrants. */
  if (level == STP_LEVEL_MASTER2 && s->borrows && bernoulli(r, p[P_PRIOR_DEBT])) {
    int prior_years = 3 + bernoulli(r, p[P_PRIOR_EXTRA_YEAR]);
    double loans = 0, fees = 0;
    for (int k = 1; k <= prior_years; k++) loans += m->basic[year_index(entry - k)];
    double kept = bernoulli(r, p[P_PRIOR_FULL_CONVERSION]) ? 0.60 : 1.0;
    const double private_fee = m->inst_share[STP_LEVEL_BACHELOR][STP_INST_PRIVATE] *
                               (1 - p[P_PRIVATE_NO_TUITION]);
    if (bernoulli(r, private_fee))
      for (int k = 1; k <= prior_years; k++) {
        const int yk = year_index(entry - k);
        const double fee = p[P_TUITION_BACHELOR] * m->g[yk] / m->g_tuition_ref;
        fees += fee < m->tuition_loan[yk] ? fee : m->tuition_loan[yk];
      }
    double earlier = 0;
    const int room = age - 19 - prior_years;
    if (room > 0 && bernoulli(r, p[P_PRIOR_HE] * m->bachelor_20plus))
      earlier = earlier_programme_loan(m, r, entry - prior_years, room, s->take_up);
    s->prior_debt = to_money(loans * s->take_up * kept + fees + earlier);
  }

  /* after study */
  s->emigrates = bernoulli(r, permit_student ? p[P_EMIGRATE_PERMIT]
                              : resident     ? p[P_EMIGRATE_RESIDENT]
                                             : p[P_EMIGRATE_EEA]);
  s->defer_propensity = (float)qdraw(&m->defer, r);

  /* Debt from earlier higher education left without a degree: a returner (SSB: over half of
     those who drop out come back). Not for a bachelor who goes straight on to a master: the
     master student carries it (above). Drawn last, so that the draws above are the same with
     or without it. */
  if (level != STP_LEVEL_MASTER2 && !s->continues && s->borrows && age >= 20 &&
      bernoulli(r, p[P_PRIOR_HE]))
    s->prior_debt = to_money(earlier_programme_loan(m, r, entry, age - 19, s->take_up));

  /* A folk-high-school year before higher education (issue 12): an entrant of 21 or younger
     to a first programme (a master's of 24 or younger, for the bachelor behind her prior
     debt), with folk_high_school_share (Vox's 6 737 long-course pupils, 80 % of them
     borrowing, nine in ten going on to higher education, over the model's young entrants:
     datasets/cohort/default/parameters.csv), owes ten months of the year before's basic loan
     (Lånekassen: basic loan for up to ten months) less the 40 % that converts for a pupil who
     lives at the school and completes the year. Only for a borrower (Lånekassen's leavers from
     higher education are its customers there; a non-borrower's folk-high-school debt is left
     out), and not for a bachelor who goes straight on to a master (the master carries it).
     Drawn last: the draws above are the same without it. */
  const bool first_programme = s->borrows && (level != STP_LEVEL_MASTER2
                                                   ? age <= 21 && !s->continues
                                                   : age <= 24 && s->prior_debt > 0);
  if (first_programme && bernoulli(r, p[P_FOLK_HIGH_SCHOOL])) {
    const int before = level == STP_LEVEL_MASTER2 ? entry - 4 : entry - 1;
    s->prior_debt += to_money(stp_cohort_folk_high_school_debt(m, before));
  }
}

double stp_cohort_folk_high_school_debt(const stp_cohort_model *m, int year) {
  return 10 * m->monthly[year_index(year)] * 0.6;
}

stp_money stp_cohort_years_debt(const stp_cohort_model *m, const stp_student *s, int years) {
  if (!s->borrows || !(s->take_up > 0)) return 0;
  const double kept = 1 - 0.4 * m->p[P_PRIOR_FULL_CONVERSION];
  double nok = 0;
  stp_money fees = 0;
  for (int k = 0; k < years && k < s->years; k++) {
    int credits = s->credits[k] < STP_FULL_TIME_CREDITS ? s->credits[k] : STP_FULL_TIME_CREDITS;
    if (credits <= 0) continue;
    const int yk = year_index(s->entry_year + k);
    const double share = (double)credits / STP_FULL_TIME_CREDITS;
    nok += m->basic[yk] * share * s->take_up * kept;
    if (s->tuition_private > 0) {
      stp_money cap = to_money(m->tuition_loan[yk]);
      stp_money fee = s->tuition_private < cap ? s->tuition_private : cap;
      fees += stp_mul_rate(fee, share);
    }
  }
  return to_money(nok) + fees;
}

void stp_cohort_draw(const stp_cohort_model *m, gsl_rng *r, uint64_t seed, uint64_t id,
                     int entry_first, int entry_last, stp_student *out) {
  if (entry_last < entry_first) entry_last = entry_first;
  const int entry = entry_first + (int)(id % (uint64_t)(entry_last - entry_first + 1));
  draw_student(m, r, seed, id, entry, -1, -1, out);
}

void stp_cohort_draw_slot(const stp_cohort_model *m, gsl_rng *r, uint64_t seed, uint64_t id,
                          int entry_year, int level, int age_group, stp_student *out) {
  draw_student(m, r, seed, id, entry_year, level >= 0 && level < STP_LEVEL_COUNT ? level : -1,
               age_group >= 0 && age_group < 2 ? age_group : -1, out);
}
