/* meanstest.h: the means test (behovsprøving) of one calendar year's grants against income
   and assets (rulebook section 4 and 9a). Only the grant is reduced; the loan is never cut. */
#ifndef STP_MEANSTEST_H
#define STP_MEANSTEST_H

#include <stdbool.h>

#include "params.h"
#include "rules/support.h"

typedef struct stp_means_input {
  stp_money income;             /* øre, personal + capital income in the calendar year */
  stp_money assets;             /* øre, net assets (joint assets when joint) */
  bool joint;                   /* married/cohabiting with joint children: joint limit, 1 % */
  int months;                   /* months with support in the calendar year */
  stp_money potential[STP_NPARTS]; /* øre, the year's grants before the test, by part */
} stp_means_input;

typedef struct stp_means_result {
  bool short_limit;             /* months <= short_months: the higher income limit applied */
  stp_money income_limit;       /* øre, the limit applied */
  stp_money asset_limit;        /* øre */
  double asset_rate;            /* per month */
  stp_money income_reduction;   /* øre: rate × excess income × months */
  stp_money asset_reduction;    /* øre: rate × excess assets × months */
  stp_money reduction[STP_NPARTS]; /* øre taken from each part, in order */
  stp_money remaining[STP_NPARTS]; /* øre left of each part */
} stp_means_result;

/* Reduce the parts in order (disability, child, exam, degree) by the income and asset
   reductions, which are computed in øre and rounded to the nearest øre. */
void stp_means_test(const stp_cal_params *cp, const stp_means_input *in, stp_means_result *out);

/* Split a part's reduction over the months it came from, in proportion to each month's
   potential (exact: the øre left over by rounding down go to the last months). */
void stp_split_reduction(stp_money reduction, const stp_money *potential, int n, stp_money *out);

#endif
