#include "analytics/headline.h"

#include <math.h>
#include <string.h>

static const struct {
  const char *name;
  stp_fig_kind kind;
} figures[STP_HEADLINES] = {
    {"students", STP_FIG_COUNT},
    {"supported", STP_FIG_COUNT},
    {"borrowers", STP_FIG_COUNT},
    {"paid_out_nok", STP_FIG_MONEY},
    {"grants_nok", STP_FIG_MONEY},
    {"loans_nok", STP_FIG_MONEY},
    {"debt_end_study_mean_nok", STP_FIG_MONEY},
    {"debt_end_study_p10_nok", STP_FIG_MONEY},
    {"debt_end_study_p25_nok", STP_FIG_MONEY},
    {"debt_end_study_p50_nok", STP_FIG_MONEY},
    {"debt_end_study_p75_nok", STP_FIG_MONEY},
    {"debt_end_study_p90_nok", STP_FIG_MONEY},
    {"years_to_repay_mean_years", STP_FIG_YEARS},
    {"years_to_repay_p50_years", STP_FIG_YEARS},
    {"repaid_full_share", STP_FIG_SHARE},
    {"written_off_nok", STP_FIG_MONEY},
    {"defaulted_nok", STP_FIG_MONEY},
    {"interest_charged_nok", STP_FIG_MONEY},
    {"interest_relief_nok", STP_FIG_MONEY},
    {"repaid_nok", STP_FIG_MONEY},
    {"outstanding_nok", STP_FIG_MONEY},
    {"tuition_paid_nok", STP_FIG_MONEY},
    {"semester_fees_nok", STP_FIG_MONEY},
    {"means_reduced_share", STP_FIG_SHARE},
    {"means_loan_only_share", STP_FIG_SHARE},
    {"completed_share", STP_FIG_SHARE},
    {"deferred_first_year_share", STP_FIG_SHARE},
    {"terminated_share", STP_FIG_SHARE},
    {"state_cost_nok", STP_FIG_MONEY},
};

const char *stp_headline_name(int i) {
  return i >= 0 && i < STP_HEADLINES ? figures[i].name : NULL;
}

stp_fig_kind stp_headline_kind(int i) {
  return i >= 0 && i < STP_HEADLINES ? figures[i].kind : STP_FIG_COUNT;
}

int stp_headline_find(const char *name) {
  for (int i = 0; i < STP_HEADLINES; i++)
    if (strcmp(figures[i].name, name) == 0) return i;
  return -1;
}

static void exact(stp_figure *f, int64_t v) {
  f->exact = v;
  f->real = (double)v;
  f->empty = false;
}

static void real(stp_figure *f, double v) {
  f->exact = 0;
  f->real = v;
  f->empty = isnan(v);
}

static void ratio(stp_figure *f, int64_t num, int64_t den) {
  real(f, den > 0 ? (double)num / (double)den : NAN);
}

static void none(stp_figure *f) {
  f->exact = 0;
  f->real = NAN;
  f->empty = true;
}

void stp_headline_of(const stp_group_acc *g, stp_headline *h) {
  static const double q[] = {0.10, 0.25, 0.50, 0.75, 0.90};
  stp_figure *f = h->f;
  int i = 0;
  exact(&f[i++], g->students);
  exact(&f[i++], g->supported);
  exact(&f[i++], g->borrowers);
  exact(&f[i++], g->paid_out);
  exact(&f[i++], g->grant);
  exact(&f[i++], g->loan);
  if (g->borrowers > 0) {
    exact(&f[i++], stp_div_round(g->debt_end_study, g->borrowers));
    for (int k = 0; k < 5; k++) exact(&f[i++], stp_agg_debt_quantile(g, q[k]));
  } else {
    for (int k = 0; k < 6; k++) none(&f[i++]);
  }
  real(&f[i++], g->repay_count > 0
                    ? (double)g->repay_months_sum / (double)g->repay_count / 12.0
                    : NAN);
  real(&f[i++], stp_agg_repay_years_quantile(g, 0.5));
  ratio(&f[i++], g->repaid_full, g->borrowers);
  exact(&f[i++], g->written_off);
  exact(&f[i++], g->defaulted);
  exact(&f[i++], g->interest);
  exact(&f[i++], g->relief);
  exact(&f[i++], g->repaid);
  exact(&f[i++], g->outstanding);
  exact(&f[i++], g->tuition);
  exact(&f[i++], g->semester_fees);
  ratio(&f[i++], g->means_reduced, g->means_tested);
  ratio(&f[i++], g->means_loan_only, g->means_tested);
  ratio(&f[i++], g->completed, g->students);
  ratio(&f[i++], g->deferred_first_year, g->borrowers);
  ratio(&f[i++], g->ended[STP_END_DEFAULT], g->borrowers);
  exact(&f[i++], g->grant + g->relief + g->written_off);
}

void stp_figure_csv(stp_csv_writer *w, stp_fig_kind kind, const stp_figure *f) {
  if (f->empty) {
    stp_csv_field(w, "");
    return;
  }
  switch (kind) {
  case STP_FIG_COUNT: stp_csv_int(w, f->exact); break;
  case STP_FIG_MONEY: stp_csv_money(w, f->exact); break;
  case STP_FIG_SHARE: stp_csv_real(w, f->real, 6); break;
  case STP_FIG_YEARS: stp_csv_real(w, f->real, 3); break;
  }
}
