#include "rules/meanstest.h"

void stp_means_test(const stp_cal_params *cp, const stp_means_input *in, stp_means_result *o) {
  *o = (stp_means_result){0};
  o->short_limit = in->months <= cp->short_months;
  o->income_limit = o->short_limit ? cp->income_limit_short : cp->income_limit;
  o->asset_limit = in->joint ? cp->asset_limit_joint : cp->asset_limit;
  o->asset_rate = in->joint ? cp->asset_reduction_rate_joint : cp->asset_reduction_rate;
  if (in->months > 0) {
    stp_money ex_inc = stp_max(0, in->income - o->income_limit);
    stp_money ex_ass = stp_max(0, in->assets - o->asset_limit);
    o->income_reduction = stp_mul_rate(ex_inc * in->months, cp->income_reduction_rate);
    o->asset_reduction = stp_mul_rate(ex_ass * in->months, o->asset_rate);
  }
  stp_money left = o->income_reduction + o->asset_reduction;
  for (int k = 0; k < STP_NPARTS; k++) {
    o->reduction[k] = stp_min(left, stp_max(0, in->potential[k]));
    o->remaining[k] = in->potential[k] - o->reduction[k];
    left -= o->reduction[k];
  }
}

void stp_split_reduction(stp_money reduction, const stp_money *potential, int n, stp_money *out) {
  stp_money total = 0;
  for (int i = 0; i < n; i++) total += potential[i];
  if (total <= 0 || reduction <= 0) {
    for (int i = 0; i < n; i++) out[i] = 0;
    return;
  }
  if (reduction >= total) {
    for (int i = 0; i < n; i++) out[i] = potential[i];
    return;
  }
  stp_money given = 0;
  for (int i = 0; i < n; i++) {
    out[i] = stp_muldiv(reduction, potential[i], total);
    given += out[i];
  }
  /* Hand out the øre lost to rounding down, from the last month backwards, never above
     a month's potential. */
  for (int i = n - 1; i >= 0 && given < reduction; i--) {
    stp_money room = potential[i] - out[i];
    stp_money add = stp_min(room, reduction - given);
    out[i] += add;
    given += add;
  }
}
