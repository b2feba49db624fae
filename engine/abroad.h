/* abroad.h: Norway's degree students abroad, a group model beside the simulated population.
   The population mode simulates students at Norwegian institutions; Lånekassen also pays
   students who take a whole degree abroad, and kap. 2410 posts 50, 71 and 90 pay for them.
   They are counted, not drawn: published counts of recipients by academic year
   (datasets/population/abroad.csv) times the year's rates of basic support (the same as in
   Norway: the forskrift's part 3), with the tuition support's published average per
   student split into grant (paid as grant) and loan (docs/population.md). */
#ifndef STP_ABROAD_H
#define STP_ABROAD_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "outcome.h"
#include "params.h"

#define STP_ABROAD_MAX_YEARS 64

typedef struct stp_abroad {
  int first, last;                             /* academic years with a count (0: none) */
  int64_t students[STP_ABROAD_MAX_YEARS];      /* degree students abroad with support */
  stp_status status[STP_ABROAD_MAX_YEARS];
  stp_money tuition_per_student;               /* øre of tuition support per degree student
                                                  and academic year (grant + loan) */
  double tuition_grant_share;                  /* share of it paid as grant (post 71) */
} stp_abroad;

/* Read dir/population/abroad.csv (dir: a datasets folder). Counts in every year from the
   first to the last row, no gaps; errors name file, line and field. */
int stp_abroad_load(const char *dir, stp_abroad *out, stp_error *err);

/* Degree students abroad in academic year `year`: the row's count, the last row's beyond it
   (status projected), 0 before the first row. */
int64_t stp_abroad_students(const stp_abroad *a, int year, stp_status *status);

/* The group's flows by calendar year (index year - STP_CF_FIRST), added to the arrays: basic
   support paid as loan (autumn: 5 months of academic year y's monthly rate to y's students;
   spring: the rest of year y-1's months and its extra June weeks to y-1's students, as
   support.c pays a full-time year), the most of it that could convert (conversion_max_share),
   and the tuition support: its grant part to grants, the rest to loans. Years whose
   parameters p does not hold are left out. */
void stp_abroad_flows(const stp_abroad *a, const stp_params *p, stp_money loans[STP_CF_YEARS],
                      stp_money convertible[STP_CF_YEARS], stp_money grants[STP_CF_YEARS]);

/* The basic support of academic year `year` to its degree students abroad (a full-time year
   each, as stp_abroad_flows pays it; 0 when p does not hold the year): what Lånekassen counts
   as their basic loan awarded. */
stp_money stp_abroad_year_basic(const stp_abroad *a, const stp_params *p, int year);

#endif
