/* cmd_params.c: `stipend params`: every parameter with its value, unit, status and source. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "csvio.h"

static const cli_opt opts[] = {
    {"year", "YYYY-YY", "one academic year (with the calendar years it spans); default: all"},
    {"csv", NULL, "CSV on stdout (set,year,parameter,value,unit,status,flag,source,note)"},
    {"datasets", "DIR", "parameter datasets directory (default: the bundled datasets/)"},
    {NULL, NULL, NULL}};

/* The flag column: what an analyst must know before quoting the value. */
static const char *flag_of(stp_status s) {
  switch (s) {
  case STP_STATUS_PROJECTED: return "projected";
  case STP_STATUS_CARRIED: return "carried-forward";
  case STP_STATUS_DERIVED: return "derived";
  default: return "";
  }
}

static const char *set_name(stp_param_setkind s) {
  return s == STP_SET_YEAR ? "academic" : s == STP_SET_CAL ? "calendar" : "repayment";
}

static void format_value(const stp_param_def *d, double v, char *buf, size_t n) {
  if (d->kind == STP_UNIT_NOK) snprintf(buf, n, "%.2f", v);
  else if (d->kind == STP_UNIT_SHARE) snprintf(buf, n, "%g", v);
  else snprintf(buf, n, "%.0f", v);
}

static void emit(stp_csv_writer *w, const char *set, const char *year, const char *name,
                 const char *value, const char *unit, stp_status st, const char *source,
                 const char *note) {
  if (w) {
    stp_csv_field(w, set);
    stp_csv_field(w, year);
    stp_csv_field(w, name);
    stp_csv_field(w, value);
    stp_csv_field(w, unit);
    stp_csv_field(w, stp_status_name(st));
    stp_csv_field(w, flag_of(st));
    stp_csv_field(w, source);
    stp_csv_field(w, note);
    stp_csv_endrow(w);
  } else {
    printf("%-9s %-7s %-34s %14s %-9s %-9s %-15s %s", set, year, name, value, unit,
           stp_status_name(st), flag_of(st), source);
    if (note && *note) printf("  [%s]", note);
    printf("\n");
  }
}

static void list_set(const stp_params *p, stp_csv_writer *w, stp_param_setkind set, int year) {
  char ybuf[16], vbuf[64];
  if (set == STP_SET_YEAR) snprintf(ybuf, sizeof ybuf, "%d-%02d", year, (year + 1) % 100);
  else if (set == STP_SET_CAL) snprintf(ybuf, sizeof ybuf, "%d", year);
  else snprintf(ybuf, sizeof ybuf, "all");
  for (int i = 0; i < stp_param_count(); i++) {
    const stp_param_def *d = stp_param_def_at(i);
    if (d->set != set) continue;
    double v;
    const stp_param_meta *m;
    if (stp_param_get(p, d, year, &v, &m) != STP_OK) continue;
    format_value(d, v, vbuf, sizeof vbuf);
    emit(w, set_name(set), ybuf, d->name, vbuf, d->unit, m->status, m->source, m->note);
  }
}

static int cmd_params(const cli_command *cmd, const cli_args *a) {
  int year = 0;
  const char *y = cli_get(cmd, a, "year");
  if (y && !cli_year(cmd, "year", y, &year)) return 2;
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  stp_csv_writer *w = NULL;
  if (cli_flag(cmd, a, "csv")) {
    w = stp_csv_writer_stdout();
    const char *h[] = {"set", "year", "parameter", "value", "unit", "status", "flag", "source",
                       "note"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
  } else {
    printf("%-9s %-7s %-34s %14s %-9s %-9s %-15s %s\n", "set", "year", "parameter", "value",
           "unit", "status", "flag", "source [note]");
  }
  int from = year ? year : STP_FIRST_YEAR, to = year ? year : STP_LAST_PROJECTED_YEAR;
  for (int yy = from; yy <= to; yy++) list_set(p, w, STP_SET_YEAR, yy);
  for (int yy = from; yy <= (year ? year + 1 : to); yy++)
    if (stp_params_cal(p, yy)) list_set(p, w, STP_SET_CAL, yy);
  list_set(p, w, STP_SET_REPAY, 0);

  char vbuf[64], ybuf[16], name[96];
  const stp_rate_point *rp;
  int nr = stp_params_rate_points(p, &rp);
  for (int i = 0; i < nr; i++) {
    snprintf(ybuf, sizeof ybuf, "%04d-%02d", stp_month_year(rp[i].from),
             stp_month_of_year(rp[i].from));
    snprintf(vbuf, sizeof vbuf, "%.3f", rp[i].rate * 100);
    emit(w, "rate", ybuf, "floating_rate", vbuf, "percent", rp[i].status, rp[i].source,
         "gaps between published resets are interpolated (rulebook 9e)");
  }
  const stp_tuition_fee *tf;
  int nt = stp_params_tuition_table(p, &tf);
  for (int i = 0; i < nt; i++) {
    if (year && tf[i].year != year) continue;
    snprintf(ybuf, sizeof ybuf, "%d-%02d", tf[i].year, (tf[i].year + 1) % 100);
    snprintf(name, sizeof name, "tuition_fee.%s.%s", tf[i].institution, tf[i].category);
    char b[32];
    emit(w, "tuition", ybuf, name, stp_money_format(tf[i].fee_year, b, sizeof b), "NOK/year",
         tf[i].status, tf[i].source, "");
  }
  const stp_semester_fee *sf;
  int ns = stp_params_semester_table(p, &sf);
  for (int i = 0; i < ns; i++) {
    if (year && sf[i].year != year) continue;
    char b[32];
    snprintf(ybuf, sizeof ybuf, "%d-%02d", sf[i].year, (sf[i].year + 1) % 100);
    snprintf(name, sizeof name, "semester_fee.%s", sf[i].institution);
    emit(w, "semester", ybuf, name, stp_money_format(sf[i].fee, b, sizeof b), "NOK/term",
         sf[i].status, sf[i].source, "");
    snprintf(name, sizeof name, "semester_fee_online.%s", sf[i].institution);
    emit(w, "semester", ybuf, name, stp_money_format(sf[i].fee_online, b, sizeof b), "NOK/term",
         sf[i].status, sf[i].source, "");
  }
  stp_error err = {0};
  rc = w ? stp_csv_writer_commit(w, &err) : 0;
  stp_params_free(p);
  return rc ? cli_error(cmd, &err) : 0;
}

const cli_command cli_cmd_params = {
    "params", "[--year YYYY-YY] [--csv]",
    "every policy parameter with its value, unit, source and status",
    "Lists the parameter sets the engine uses: academic-year rules (support, conversion, extra\n"
    "support), calendar-year rules (means test, G, write-offs), repayment rules, Lånekassen's\n"
    "floating rate, and the tuition and semester fee tables. Every value carries its unit, the\n"
    "address it was found at, and a flag: 'projected' (a future year), 'carried-forward' (not\n"
    "found; the last known value uprated by the method in the note) or 'derived' (computed\n"
    "from sourced figures).",
    opts, 0, 0, cmd_params};
