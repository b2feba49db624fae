#include "account.h"

#include "rules/conversion.h"

/* Support of a neighbouring academic year for the same student; years outside the loaded
   sets take the nearest loaded year's rules. None before a first year or after a last one. */
static void neighbour_support(const stp_params *p, const stp_student_profile *s, int year,
                              stp_year_support *out) {
  if ((s->first_year && year < s->sy.year) || (s->last_year && year > s->sy.year)) {
    *out = (stp_year_support){0};
    return;
  }
  int y = year < STP_FIRST_YEAR ? STP_FIRST_YEAR : year > stp_params_last_year(p) ? stp_params_last_year(p) : year;
  /* A year older (younger) and the credits of the years between counted against the
     480-credit limit, so that an age or credit limit reached next year shows. */
  stp_study_year sy = s->sy;
  int step = year - s->sy.year;
  sy.year = year;
  sy.age += step;
  sy.credits_used_before += step * sy.credits;
  if (sy.credits_used_before < 0) sy.credits_used_before = 0;
  stp_support_year(stp_params_year(p, y), &sy, out);
}

static const stp_cal_params *cal_or_nearest(const stp_params *p, int year) {
  int y = year < STP_FIRST_YEAR ? STP_FIRST_YEAR : year > stp_params_last_year(p) ? stp_params_last_year(p) : year;
  return stp_params_cal(p, y);
}

static bool month_supported(const stp_support_month *m) {
  if (m->basic > 0 || m->extra_loan > 0) return true;
  for (int k = 0; k < STP_NPARTS; k++)
    if (m->grant[k] > 0) return true;
  return false;
}

/* The spouse-income test of the child grant, month by month with that month's calendar limit. */
static void apply_spouse_test(const stp_params *p, const stp_student_profile *s, int year,
                              stp_year_support *sup) {
  if (s->spouse_income < 0 || s->sy.children <= 0) return;
  int y = year < STP_FIRST_YEAR ? STP_FIRST_YEAR : year > stp_params_last_year(p) ? stp_params_last_year(p) : year;
  const stp_year_params *yp = stp_params_year(p, y);
  sup->grant[STP_PART_CHILD] = 0;
  for (int i = 0; i < STP_YEAR_MONTHS; i++) {
    stp_support_month *m = &sup->m[i];
    if (m->grant[STP_PART_CHILD] == 0) continue;
    const stp_cal_params *cp = cal_or_nearest(p, stp_month_year(stp_year_month(year, i)));
    stp_money full = stp_child_grant_month(yp, s->sy.children);
    stp_money after = stp_child_grant_after_spouse(yp, cp, s->sy.children, s->spouse_income);
    /* Part-time rates are scaled the same way as the full one. */
    m->grant[STP_PART_CHILD] = full > 0 ? stp_muldiv(m->grant[STP_PART_CHILD], after, full) : 0;
    sup->grant[STP_PART_CHILD] += m->grant[STP_PART_CHILD];
  }
}

/* Calendar year C: January-July from academic year C-1, August-December from C. */
static void calendar_test(const stp_params *p, const stp_student_profile *s, int cal,
                          const stp_year_support *spring, const stp_year_support *autumn,
                          int this_year, stp_calendar_test *o) {
  *o = (stp_calendar_test){.year = cal};
  stp_money pot[STP_NPARTS][STP_YEAR_MONTHS] = {{0}};
  bool from_this[STP_YEAR_MONTHS] = {0};
  int n = 0;
  for (int half = 0; half < 2; half++) {
    const stp_year_support *ys = half == 0 ? spring : autumn;
    int first = half == 0 ? 5 : 0, last = half == 0 ? 11 : 4; /* Jan-Jul, Aug-Dec */
    bool is_this = (half == 0 ? cal - 1 : cal) == this_year;
    for (int i = first; i <= last; i++) {
      const stp_support_month *m = &ys->m[i];
      if (!month_supported(m)) continue;
      for (int k = 0; k < STP_NPARTS; k++) {
        pot[k][n] = m->grant[k];
        o->in.potential[k] += m->grant[k];
        if (is_this) o->potential_this[k] += m->grant[k];
      }
      from_this[n] = is_this;
      if (is_this) o->months_this++;
      n++;
    }
  }
  o->in.months = n;
  o->in.income = s->income;
  o->in.assets = s->assets;
  o->in.joint = s->joint_assets;
  stp_means_test(cal_or_nearest(p, cal), &o->in, &o->res);
  for (int k = 0; k < STP_NPARTS; k++) {
    stp_money split[STP_YEAR_MONTHS];
    stp_split_reduction(o->res.reduction[k], pot[k], n, split);
    for (int i = 0; i < n; i++)
      if (from_this[i]) o->reduction_this[k] += split[i];
  }
}

static int check_profile(const stp_params *p, const stp_student_profile *s, stp_error *err) {
  if (!stp_params_year(p, s->sy.year))
    return stp_fail(err, STP_ENOTFOUND, "no parameter set for academic year %d-%02d", s->sy.year,
                    (s->sy.year + 1) % 100);
  if (s->sy.credits < 0 || s->sy.credits > 120)
    return stp_fail(err, STP_ERANGE, "credits %d is outside 0-120", s->sy.credits);
  if (s->credits_passed < 0)
    return stp_fail(err, STP_ERANGE, "credits passed %d is negative", s->credits_passed);
  if (s->credits_passed > s->sy.credits)
    return stp_fail(err, STP_ERANGE, "credits passed %d is more than the %d credits taken",
                    s->credits_passed, s->sy.credits);
  if (s->income < 0 || s->assets < 0)
    return stp_fail(err, STP_ERANGE, "income and assets must not be negative");
  return STP_OK;
}

int stp_account_calendar(const stp_params *p, const stp_student_profile *s, int calendar_year,
                         stp_calendar_test *out, stp_error *err) {
  int rc = check_profile(p, s, err);
  if (rc) return rc;
  stp_year_support spring, autumn;
  neighbour_support(p, s, calendar_year - 1, &spring);
  neighbour_support(p, s, calendar_year, &autumn);
  apply_spouse_test(p, s, calendar_year - 1, &spring);
  apply_spouse_test(p, s, calendar_year, &autumn);
  calendar_test(p, s, calendar_year, &spring, &autumn, s->sy.year, out);
  return STP_OK;
}

int stp_account_year(const stp_params *p, const stp_student_profile *s, stp_year_account *o,
                     stp_error *err) {
  int rc = check_profile(p, s, err);
  if (rc) return rc;
  *o = (stp_year_account){0};
  int y = s->sy.year;
  stp_year_support prev, next;
  stp_support_year(stp_params_year(p, y), &s->sy, &o->sup);
  neighbour_support(p, s, y - 1, &prev);
  neighbour_support(p, s, y + 1, &next);
  apply_spouse_test(p, s, y, &o->sup);
  apply_spouse_test(p, s, y - 1, &prev);
  apply_spouse_test(p, s, y + 1, &next);
  calendar_test(p, s, y, &prev, &o->sup, y, &o->cal[0]);
  calendar_test(p, s, y + 1, &o->sup, &next, y, &o->cal[1]);

  for (int k = 0; k < STP_NPARTS; k++) {
    o->potential[k] = o->sup.grant[k];
    o->reduction[k] = o->cal[0].reduction_this[k] + o->cal[1].reduction_this[k];
    o->surviving[k] = o->potential[k] - o->reduction[k];
  }
  int supported = o->sup.credits_supported;
  int passed = s->credits_passed < supported ? s->credits_passed : supported;
  o->converted_exam = stp_conversion_exam(o->surviving[STP_PART_EXAM], passed, supported);
  o->unconverted_exam = o->surviving[STP_PART_EXAM] - o->converted_exam;
  o->banked_degree = o->surviving[STP_PART_DEGREE];
  o->converted_degree = stp_conversion_degree(o->banked_degree, s->degree_completed);

  o->paid_out = o->sup.basic + o->sup.loan_30plus + o->sup.parent_loan + o->sup.tuition_loan +
                o->sup.grant[STP_PART_DISABILITY] + o->sup.grant[STP_PART_CHILD];
  o->grant = o->surviving[STP_PART_DISABILITY] + o->surviving[STP_PART_CHILD] +
             o->converted_exam + o->converted_degree;
  o->loan = o->paid_out - o->grant;
  return STP_OK;
}
