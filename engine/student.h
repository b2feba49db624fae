/* student.h: the student record every consumer shares (drawn by cohort.c, read from microdata,
   lived through by lifecycle.c, written to students.csv), its codes and their names. */
#ifndef STP_STUDENT_H
#define STP_STUDENT_H

#include <stdint.h>

#include "money.h"

typedef enum {
  STP_LEVEL_BACHELOR, /* "bachelor": 3-year bachelor */
  STP_LEVEL_MASTER2,  /* "master2": 1.5-2-year master after a bachelor */
  STP_LEVEL_MASTER5,  /* "master5": 5-year integrated master */
  STP_LEVEL_ONEYEAR,  /* "oneyear": one-year programme (årsstudium) */
  STP_LEVEL_COUNT
} stp_level;

/* Earnings groups after study: the level of a completed degree, or no degree. */
#define STP_EARN_NO_DEGREE STP_LEVEL_COUNT
#define STP_EARN_GROUPS (STP_LEVEL_COUNT + 1)

enum { STP_SEX_FEMALE = 0, STP_SEX_MALE = 1 };
enum { STP_INST_UNIVERSITY = 0, STP_INST_UNIVERSITY_COLLEGE = 1, STP_INST_PRIVATE = 2,
       STP_INST_COUNT };
enum { STP_REGION_ELSEWHERE = 0, STP_REGION_FINNMARK = 1, STP_REGION_DISTRICT = 2,
       STP_REGION_COUNT };
#define STP_CATEGORY_COUNT 6 /* funding categories A..F */

#define STP_MAX_STUDY_YEARS 8
#define STP_FULL_TIME_CREDITS 60

typedef struct stp_student {
  uint64_t id;                 /* student number within the cohort */
  int entry_year;              /* academic year of entry (start year: 2024 for 2024-25) */
  int birth_year;              /* so age in a calendar year = year - birth_year */
  uint8_t sex;                 /* 0 female, 1 male */
  uint8_t level;               /* stp_level */
  uint8_t normed_years;        /* years of full-time study the degree takes: 3, 2, 5, 1 */
  uint8_t funding_category;    /* 0..5 = A..F (DBH funding category of the programme) */
  uint8_t institution_type;    /* 0 university, 1 university college, 2 private college
                                  (tuition, tuition loan) */
  uint8_t non_eea;             /* citizen outside EU/EEA/Switzerland */
  uint8_t exemption;           /* stp_exemption (rules/tuition.h); "eea" for EEA citizens */
  uint8_t at_home;             /* lives with parents (no conversion) */
  uint8_t children;            /* children under 16 at entry (count) */
  uint8_t disability;          /* cannot work: disability grant */
  uint8_t married;             /* married/cohabiting with joint children (joint asset test) */
  uint8_t region;              /* after study: 0 elsewhere, 1 Finnmark/Nord-Troms,
                                  2 district municipality */
  uint8_t years;               /* academic years from entry to leaving, 1..8 (years off
                                  included) */
  uint8_t credits[STP_MAX_STUDY_YEARS]; /* credits taken per year (60 full-time, 30-59
                                  part-time, 0 = a year off); 0 after `years` */
  uint8_t passed[STP_MAX_STUDY_YEARS];  /* credits passed per year (<= credits) */
  uint8_t completed;           /* the degree is completed at the end of the last year */
  uint8_t continues;           /* a completed bachelor who goes straight on to a 2-year
                                  master (that master is drawn as its own master2 student,
                                  with this debt as prior_debt): not a new repayer */
  uint8_t works;               /* has paid work during the semesters */
  uint8_t borrows;             /* takes Lånekassen support at all when eligible (about 64 %
                                  of students) */
  uint8_t emigrates;           /* emigrates after study (keeps repaying; no Norwegian
                                  write-off schemes) */
  float take_up;               /* share of the basic loan taken when borrowing (0..1];
                                  0 when not borrowing */
  stp_money income[STP_MAX_STUDY_YEARS + 1]; /* øre, income in calendar years entry_year ..
                                  entry_year+years (work, incl. before and after study in
                                  the first and last); 0 after */
  stp_money assets;            /* øre, net assets while studying */
  stp_money tuition_private;   /* øre per year charged by a private college (0 at public
                                  institutions) */
  stp_money prior_debt;        /* øre of study debt from earlier higher education at entry,
                                  after conversion: a master2 student's Norwegian bachelor,
                                  or a returner's programme left without a degree */
  float earn_log_level;        /* ln of monthly gross earnings (NOK) at age 30 at entry-year
                                  wages (log-normal around the earnings group's level) */
  float earn_shock_sd;         /* sd per year of the persistent (random-walk) log-earnings
                                  shock */
  float defer_propensity;      /* behavioural: multiplies the probability of deferring a bill
                                  (mean 1) */
  uint32_t weight;             /* population mode: the national students this one stands for
                                  (population.h); 0 elsewhere, counted as 1 */
  uint8_t absent;              /* population mode: left before the first parameter year, not
                                  simulated (stp_pop_sample_draw) */
  uint8_t book;                /* a borrower of the initial loan book (loanbook.h): no study
                                  in the run, in repayment from January of STP_CF_FIRST */
  uint8_t book_collection;     /* book: her loan was with Statens innkrevingssentral
                                  (terminated) when the run starts */
  int32_t book_first_bill;     /* book: the month (stp_month) of her first bill (after the
                                  start: the book's pipeline, not billed yet) */
  int32_t book_end;            /* book: the month of her plan's last instalment */
  stp_money book_balance;      /* book: øre owed at the start of January of STP_CF_FIRST */
} stp_student;

/* The students a student stands for in totals: her population weight, else 1. */
static inline int64_t stp_student_weight(const stp_student *s) {
  return s->weight ? (int64_t)s->weight : 1;
}

/* Names used in microdata and datasets; NULL for an out-of-range value. */
const char *stp_level_name(int level);        /* "bachelor", "master2", "master5", "oneyear" */
int stp_level_parse(const char *name, int *out); /* STP_EINVAL if unknown */
int stp_level_normed_years(int level);        /* 3, 2, 5, 1; 0 if out of range */
const char *stp_earn_group_name(int group);   /* levels, then "no_degree" */
const char *stp_sex_name(int sex);            /* "female", "male" */
int stp_sex_parse(const char *name, int *out);
const char *stp_institution_name(int type);   /* "university", "university-college", "private" */
int stp_institution_parse(const char *name, int *out);
const char *stp_region_name(int region);      /* "elsewhere", "finnmark", "district" */
int stp_region_parse(const char *name, int *out);
const char *stp_category_name(int category);  /* "A".."F" */
int stp_category_parse(const char *name, int *out);

/* The index of s in names[0..n-1] into *out; STP_EINVAL if it is none of them (or NULL). */
int stp_name_index(const char *const *names, int n, const char *s, int *out);

/* Earnings group of a student: its level if it completed the degree, else no degree. */
static inline int stp_student_earn_group(const stp_student *s) {
  return s->completed ? s->level : STP_EARN_NO_DEGREE;
}

#endif
