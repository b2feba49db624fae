/* population.h: Norway's students as a weighted sample: new entrants by academic year, level
   and age group (datasets/population/), the open entry cohorts of a budget horizon, and the
   whole-number weight each simulated student carries so that sums over the sample are
   national totals, exact in øre. */
#ifndef STP_POPULATION_H
#define STP_POPULATION_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "abroad.h"
#include "othered.h"
#include "cohort.h"
#include "error.h"
#include "params.h"

/* Age at entry, split where the 30+ loan starts. */
enum { STP_AGE_UNDER30 = 0, STP_AGE_30PLUS = 1, STP_AGE_GROUPS = 2 };

/* Budget years of a horizon when a scenario does not say (the "ten budget years"),
   and how many entry years before the first budget year are simulated: a student who entered
   eight years earlier is at most in her last supported year (STP_MAX_STUDY_YEARS). */
#define STP_POP_DEFAULT_BUDGET_YEARS 10
#define STP_POP_YEARS_BEFORE STP_MAX_STUDY_YEARS

typedef struct stp_population stp_population;

/* Load datasets_dir/population/ (NULL: $STIPEND_DATASETS, else the built-in path):
   entrants.csv, parameters.csv and abroad.csv (abroad.h). Every level in every year from the first row's year to the
   last, no gaps, no duplicates, counts >= 0, shares in [0, 1]; errors name file, line and
   field. */
int stp_population_load(const char *datasets_dir, stp_population **out, stp_error *err);
void stp_population_free(stp_population *p);

/* First and last academic year with rows; years after the last are held at it (projected). */
int stp_population_first_year(const stp_population *p);
int stp_population_last_year(const stp_population *p);

/* The row of entrants.csv for (year, level) as published, its status in *status (may be
   NULL); -1 for a year without a row or a level out of range. */
int64_t stp_population_row(const stp_population *p, int year, int level, stp_status *status);

/* National new entrants of one stratum (after entrants_scale and the 30+ share, rounded to a
   whole student: round(scale × entrants × share)); the row's status in *status (may be NULL),
   STP_STATUS_PROJECTED beyond the last row. -1 for a year before the first row or an
   out-of-range level or group. */
int64_t stp_population_entrants(const stp_population *p, int year, int level, int age_group,
                                stp_status *status);

/* The entry cohorts a budget horizon needs: eight years before the first budget year to its
   last (first + budget_years - 1), so that every student enrolled in any budget year of the
   horizon is simulated. */
void stp_population_horizon(int first_budget_year, int budget_years, int *entry_first,
                            int *entry_last);

/* A sample of the open cohorts entry_first..entry_last at `share` (0 < share <= 1).
   Students are numbered 0..size-1 stratum by stratum (year, then level, then age group).
   A stratum of N national entrants holds n = max(1, round(share × N)) students (0 if N = 0);
   with q = N / n and r = N mod n its first r students weigh q + 1 and the others q, so the
   weights are whole numbers and add up to N exactly: any sum of whole øre times a weight is
   exact, and merging partial sums in any order gives the same national total. */
typedef struct stp_pop_sample stp_pop_sample;

typedef struct stp_pop_slot {
  int entry_year;        /* academic year of entry */
  int level;             /* stp_level */
  int age_group;         /* STP_AGE_* */
  int64_t weight;        /* national students this one stands for (>= 1) */
} stp_pop_slot;

int stp_pop_sample_make(const stp_population *p, int entry_first, int entry_last, double share,
                        stp_pop_sample **out, stp_error *err);
void stp_pop_sample_free(stp_pop_sample *s);
uint64_t stp_pop_sample_size(const stp_pop_sample *s);    /* students simulated */
int64_t stp_pop_sample_national(const stp_pop_sample *s); /* sum of weights */
double stp_pop_sample_share(const stp_pop_sample *s);
/* Norway's degree students abroad (datasets/population/abroad.csv): a group model the
   budget adds beside the sample's students (abroad.h). */
const stp_abroad *stp_pop_sample_abroad(const stp_pop_sample *s);
/* The vocational colleges and folk high schools (datasets/population/other_education.csv):
   group models the budget adds beside the sample's students (othered.h). */
const stp_other *stp_pop_sample_other(const stp_pop_sample *s);
/* Student `id` (< size): its stratum and weight. O(log strata). */
void stp_pop_sample_slot(const stp_pop_sample *s, uint64_t id, stp_pop_slot *out);

/* Student `id` of the sample: her stratum's entry year, level and age group, the rest drawn
   from m as a pure function of (seed, id) (stp_cohort_draw_slot), clipped to the first
   parameter year (stp_population_clip; `absent` when she had left before it), and her weight. */
void stp_pop_sample_draw(const stp_pop_sample *s, const stp_cohort_model *m, gsl_rng *r,
                         uint64_t seed, uint64_t id, stp_student *out);

/* A student who entered before first_year (the first parameter year, 2016-17) enters the
   simulation with her path so far: the years before first_year are dropped (credits,
   credits passed, income), entry_year becomes first_year, and support is computed from then
   on; debt from the dropped years is not added (docs/population.md). Returns false when no
   study year is left (she had left before first_year): she is outside every budget year from
   first_year and is not simulated. A student entering in or after first_year is untouched. */
bool stp_population_clip(stp_student *s, int first_year);

#endif
