/* loanbook.h: the initial loan book: Lånekassen's borrowers already in repayment when a run
   starts (January of STP_CF_FIRST), synthesised from published stock figures
   (datasets/loanbook/) as strata by years in repayment, age and balance, and a weighted
   sample of it whose whole-number weights add up to the national count exactly. Each book
   borrower is a student record with `book` set (student.h); the lifecycle repays her loan by
   the repayment rules from the start of the run (docs/loanbook.md). Pure functions. */
#ifndef STP_LOANBOOK_H
#define STP_LOANBOOK_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cohort.h"
#include "error.h"
#include "money.h"
#include "params.h"

/* Book borrowers are numbered from here (their random streams never meet a student's). */
#define STP_BOOK_ID0 (UINT64_C(1) << 40)

typedef struct stp_loanbook stp_loanbook;

/* Read datasets_dir/loanbook/parameters.csv (NULL: stp_datasets_dir's choice) and synthesise
   the book with the repayment rules rp (plan length, grace months). Every parameter once, in
   range, with its unit, status and source; errors name file, line and field. */
int stp_loanbook_load(const char *datasets_dir, const stp_repay_params *rp, stp_loanbook **out,
                      stp_error *err);
void stp_loanbook_free(stp_loanbook *b);

/* One stratum of the book on the book date (the start of January of STP_CF_FIRST). */
typedef struct stp_book_stratum {
  int years;            /* whole years since the first bill (0: first bill in the year before;
                           -1, -2: the pipeline, first bill in the book year or the next) */
  int age;              /* age at the first bill */
  int band;             /* balance band 0 .. STP_BOOK_BANDS - 1 (of the debt at the first bill) */
  bool collection;      /* terminated, with Statens innkrevingssentral */
  int64_t borrowers;    /* national count */
  stp_money debt_start; /* øre per borrower at the first bill */
  stp_money balance;    /* øre per borrower owed on the book date */
  stp_month first_bill; /* month of the first bill (after the book date: the pipeline) */
  stp_month end;        /* month of the plan's last instalment */
} stp_book_stratum;

#define STP_BOOK_BANDS 5
#define STP_BOOK_AGES 3

/* The strata: the book's (in repayment on the book date) and then the pipeline's (left
   education, first bill after the book date: loanbook.c). */
int stp_loanbook_strata(const stp_loanbook *b);
void stp_loanbook_stratum(const stp_loanbook *b, int i, stp_book_stratum *out);
int64_t stp_loanbook_borrowers(const stp_loanbook *b);   /* in repayment, = parameter borrowers */
stp_money stp_loanbook_debt(const stp_loanbook *b);      /* øre they owe on the book date */
int64_t stp_loanbook_pipeline_borrowers(const stp_loanbook *b); /* the pipeline, national */
stp_money stp_loanbook_pipeline_debt(const stp_loanbook *b);    /* øre it owes on the book date */
/* Pupils with support (a count of Lånekassen's customers, no money: parameters.csv). */
int64_t stp_loanbook_pupils(const stp_loanbook *b);
/* The published targets the book was scaled to (parameters.csv): borrowers and debt (øre). */
int64_t stp_loanbook_target_borrowers(const stp_loanbook *b);
stp_money stp_loanbook_target_debt(const stp_loanbook *b);
/* Upper edge (NOK) of balance band k of the new repayers' debt (the published bands),
   INT64_MAX for the last; and the band's share of new repayers (parameters.csv). */
double stp_loanbook_band_share(const stp_loanbook *b, int band);
/* The mean debt at the first bill of the newest vintage (years 0), øre: the level the
   vintages were scaled to. */
stp_money stp_loanbook_level(const stp_loanbook *b);

/* A sample of the book at `share` (0 < share <= 1), as population.h samples entrants: a
   stratum of N borrowers holds n = max(1, round(share × N)) loans (0 if N = 0), weighing
   N / n or one more, adding up to N exactly. */
typedef struct stp_book_sample stp_book_sample;
int stp_book_sample_make(const stp_loanbook *b, double share, stp_book_sample **out,
                         stp_error *err);
void stp_book_sample_free(stp_book_sample *s);
uint64_t stp_book_sample_size(const stp_book_sample *s);
int64_t stp_book_sample_national(const stp_book_sample *s); /* book and pipeline */
int64_t stp_book_sample_pipeline(const stp_book_sample *s); /* of it the pipeline */
/* Loan `id` (< size) of the sample: a student record drawn from m as a pure function of
   (seed, STP_BOOK_ID0 + id) (earnings, sex, region, behaviour; entry year STP_FIRST_YEAR as
   the earnings' wage reference), with her stratum's birth year, book fields and weight. */
void stp_book_sample_draw(const stp_book_sample *s, const stp_cohort_model *m, gsl_rng *r,
                          uint64_t seed, uint64_t id, stp_student *out);

#endif
