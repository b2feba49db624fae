/* figures.c: the summary figures of figures.h's table computed from a group's integer totals
   (a sum of fields, a mean or a share of two fields, or a percentile of a histogram) and
   written. */
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef enum {
  OP_SUM,        /* the fields added (counts, øre) */
  OP_MEAN,       /* num / den to the nearest øre; empty when den is 0 */
  OP_DEBT_Q,     /* percentile q of debt at end of study; empty without borrowers */
  OP_YEARS_MEAN, /* num months / den / 12; empty when den is 0 */
  OP_YEARS_Q,    /* percentile q of years to repay */
  OP_SHARE       /* num / den; empty when den is 0 */
} fig_op;

#define NONE ((size_t)-1)
#define F(field) offsetof(stp_group_acc, field)

static const struct {
  const char *name;
  stp_fig_kind kind;
  bool summary;       /* a column of summary.csv and groups.csv */
  fig_op op;
  size_t a, b, c;     /* fields: OP_SUM adds a, b, c; others: a / b */
  double q;           /* OP_*_Q */
} table[] = {
#define ROW(...) __VA_ARGS__,
    STP_FIGURE_TABLE(ROW)
#undef ROW
};

const char *stp_figure_name(int i) { return i >= 0 && i < STP_FIGURES ? table[i].name : NULL; }

stp_fig_kind stp_figure_kind(int i) {
  return i >= 0 && i < STP_FIGURES ? table[i].kind : STP_FIG_COUNT;
}

bool stp_figure_in_summary(int i) { return i >= 0 && i < STP_FIGURES && table[i].summary; }

int stp_figure_find(const char *name) {
  for (int i = 0; i < STP_FIGURES; i++)
    if (strcmp(table[i].name, name) == 0) return i;
  return -1;
}

static int64_t field(const stp_group_acc *g, size_t off) {
  int64_t v;
  memcpy(&v, (const char *)g + off, sizeof v);
  return v;
}

static void exact(stp_figure *f, int64_t v) { *f = (stp_figure){.exact = v, .real = (double)v}; }

static void real(stp_figure *f, double v) {
  *f = (stp_figure){.real = v, .empty = isnan(v)};
}

static void figure_of(const stp_group_acc *g, int i, stp_figure *f) {
  size_t a = table[i].a, b = table[i].b, c = table[i].c;
  switch (table[i].op) {
  case OP_SUM:
    exact(f, field(g, a) + (b != NONE ? field(g, b) : 0) + (c != NONE ? field(g, c) : 0));
    break;
  case OP_MEAN:
    if (field(g, b) > 0) exact(f, stp_div_round(field(g, a), field(g, b)));
    else real(f, NAN);
    break;
  case OP_DEBT_Q:
    if (g->borrowers > 0) exact(f, stp_agg_debt_quantile(g, table[i].q));
    else real(f, NAN);
    break;
  case OP_YEARS_MEAN:
    real(f, field(g, b) > 0 ? (double)field(g, a) / (double)field(g, b) / 12.0 : NAN);
    break;
  case OP_YEARS_Q: real(f, stp_agg_repay_years_quantile(g, table[i].q)); break;
  case OP_SHARE:
    real(f, field(g, b) > 0 ? (double)field(g, a) / (double)field(g, b) : NAN);
    break;
  }
}

void stp_figures_of(const stp_group_acc *g, stp_figures *h) {
  for (int i = 0; i < STP_FIGURES; i++) figure_of(g, i, &h->f[i]);
}

const char *stp_figure_text(stp_fig_kind kind, const stp_figure *f, char *buf, size_t n) {
  if (f->empty) {
    if (n) buf[0] = '\0';
    return buf;
  }
  switch (kind) {
  case STP_FIG_COUNT: snprintf(buf, n, "%lld", (long long)f->exact); break;
  case STP_FIG_MONEY: stp_money_format(f->exact, buf, n); break;
  case STP_FIG_SHARE: snprintf(buf, n, "%.6f", f->real); break;
  case STP_FIG_YEARS: snprintf(buf, n, "%.3f", f->real); break;
  }
  return buf;
}

void stp_figure_csv(stp_csv_writer *w, stp_fig_kind kind, const stp_figure *f) {
  char buf[32];
  stp_csv_field(w, stp_figure_text(kind, f, buf, sizeof buf));
}
