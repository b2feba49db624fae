/* othered.h: other education Lånekassen finances beside higher education, as group models
   beside the simulated population: the vocational colleges (fagskole, higher vocational
   education) and the folk high schools (folkehøgskole). Their students take the basic loan
   of the same monthly rate as higher education, and kap. 2410 posts 50 and 90 pay for them
   (Prop. 1 S: post 90 is every customer's new loans, post 50 the conversion provided for
   them). They are counted, not drawn, as abroad.h counts the degree students abroad:
   published counts of students by academic year (datasets/population/other_education.csv)
   times the share of them supported at full time (and, for the vocational colleges, the
   full-time equivalents of part-time support), times the year's monthly basic-support rate
   for the group's months (docs/population.md). */
#ifndef STP_OTHERED_H
#define STP_OTHERED_H

#include <stdint.h>

#include "error.h"
#include "outcome.h"
#include "params.h"

#define STP_OTHER_MAX_YEARS 64

typedef enum { STP_OTHER_VOCATIONAL, STP_OTHER_FOLK_HIGH_SCHOOL, STP_OTHER_GROUPS } stp_other_group;

typedef struct stp_other_group_data {
  int first, last;                            /* academic years with a count (0: none) */
  int64_t students[STP_OTHER_MAX_YEARS];      /* students of the group (autumn count) */
  stp_status status[STP_OTHER_MAX_YEARS];
  double fulltime_share; /* recipients at full time, per student */
  double parttime_fte;   /* full-time equivalents of part-time support per student (ten
                            months, no June weeks) */
  int months;            /* months of a full-time year: 0 = higher education's (the year's
                            support_months and June weeks), else that many (no June) */
  double away_share;     /* share of the support whose 40 % could convert (living away) */
} stp_other_group_data;

typedef struct stp_other {
  stp_other_group_data g[STP_OTHER_GROUPS];
} stp_other;

/* The group's name in the file ("vocational", "folk_high_school"). */
const char *stp_other_group_name(int g);

/* Read dir/population/other_education.csv; errors name file, line and field. */
int stp_other_load(const char *dir, stp_other *out, stp_error *err);

/* Students of group g in academic year `year`: the row's count, the last row's beyond it
   (status projected), the first row's before it (status carried back: derived). */
int64_t stp_other_students(const stp_other *o, int g, int year, stp_status *status);

/* Recipients at full time of group g in academic year `year` (whole persons). */
int64_t stp_other_recipients(const stp_other *o, int g, int year);

/* The groups' flows by calendar year (index year - STP_CF_FIRST), added to the arrays: the
   basic support paid as loan (autumn: five months of academic year y's monthly rate in y;
   the rest of the group's months in y + 1) and the most of it that could convert
   (conversion_max_share of the part paid to students living away). Years whose parameters
   p does not hold are left out. */
void stp_other_flows(const stp_other *o, const stp_params *p, stp_money loans[STP_CF_YEARS],
                     stp_money convertible[STP_CF_YEARS]);

/* The basic support of academic year `year` to both groups (the same amounts as
   stp_other_flows, by academic year; 0 when p does not hold the year): their basic loan
   awarded. */
stp_money stp_other_year_basic(const stp_other *o, const stp_params *p, int year);

#endif
