/* report.h: a step-by-step report (item, formula, amount) printed as text or CSV, shared by
   explain and repay. */
#ifndef STP_REPORT_H
#define STP_REPORT_H

#include <stdbool.h>

#include "csvio.h"
#include "money.h"

typedef struct report {
  stp_csv_writer *csv;   /* NULL: text on stdout */
  const char *section;
} report;

void report_begin(report *r, bool csv);
void report_section(report *r, const char *title);
/* One line: item, the formula with its figures, the amount in øre. */
void report_line(report *r, const char *item, stp_money amount, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A line of text without an amount (a note, a source). */
void report_note(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int report_end(report *r);

/* "151 690.00": øre as NOK with a thin grouping, for text output. */
const char *report_nok(stp_money ore, char *buf, int n);
/* "1 416.6": øre as NOK million with one decimal (to the nearest NOK 100 000), grouped, for
   totals of millions and billions, where øre are noise to a reader. */
const char *report_million(stp_money ore, char *buf, int n);

#endif
