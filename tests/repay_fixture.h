/* repay_fixture.h: the published repayment defaults (datasets/policy/repayment.csv,
   rulebook 5), built by hand so that the loan tests do not depend on the datasets: 7 grace
   months, a 240-month plan, 950 NOK of debt per plan month, 36 deferrals, 36 relief months,
   age 70, half recovered after a default, interest deducted at 22 %. Included by one test
   program each. */
#ifndef STP_TEST_REPAY_FIXTURE_H
#define STP_TEST_REPAY_FIXTURE_H

#include <string.h>

#include "params.h"

static stp_repay_params defaults(void) {
  stp_repay_params rp;
  memset(&rp, 0, sizeof rp);
  rp.grace_months = 7;
  rp.plan_months_max = 240;
  rp.plan_debt_per_month = STP_NOK(950);
  rp.max_deferrals = 36;
  rp.max_relief_months = 36;
  rp.repay_age_limit = 70;
  rp.default_recovery_share = 0.5;
  rp.interest_tax_deduction = 0.22;
  return rp;
}

#endif
