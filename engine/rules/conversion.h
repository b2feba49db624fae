/* conversion.h: loan-to-grant conversion (omgjøring) after the year: the exam part in
   proportion to credits passed, the degree part banked until the degree is completed
   (rulebook section 3 and 9b). */
#ifndef STP_CONVERSION_H
#define STP_CONVERSION_H

#include <stdbool.h>

#include "money.h"

/* The exam part that converts: what survived the means test × passed / supported credits,
   rounded down to the øre. passed is capped at credits. */
stp_money stp_conversion_exam(stp_money surviving, int credits_passed, int credits_supported);

/* Credits caught up within the next year convert the part that failed before (a model
   choice, rulebook 3): unconverted × caught_up / failed. */
stp_money stp_conversion_catch_up(stp_money unconverted, int credits_caught_up,
                                  int credits_failed);

/* The degree part: everything banked converts when the degree is completed, nothing
   otherwise. */
static inline stp_money stp_conversion_degree(stp_money banked, bool degree_completed) {
  return degree_completed ? banked : 0;
}

#endif
