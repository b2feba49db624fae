#include "cli/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *report_nok(stp_money ore, char *buf, int n) {
  char raw[32];
  stp_money_format(ore, raw, sizeof raw);
  const char *dot = strchr(raw, '.');
  int neg = raw[0] == '-';
  int digits = (int)(dot - raw) - neg;
  int o = 0;
  if (neg && o < n - 1) buf[o++] = '-';
  for (int i = 0; i < digits && o < n - 1; i++) {
    if (i > 0 && (digits - i) % 3 == 0 && o < n - 1) buf[o++] = ' ';
    if (o < n - 1) buf[o++] = raw[neg + i];
  }
  for (const char *p = dot; *p && o < n - 1; p++) buf[o++] = *p;
  buf[o] = '\0';
  return buf;
}

const char *report_million(stp_money ore, char *buf, int n) {
  /* to NOK 100 000 (10^7 øre), halves away from zero, then printed as øre with two decimals
     shifted: the grouping of report_nok, the last decimal dropped */
  stp_money q = ore / 10000000, r = ore % 10000000;
  if (2 * (r < 0 ? -r : r) >= 10000000) q += ore < 0 ? -1 : 1;
  char tmp[48];
  report_nok(q * 10, tmp, sizeof tmp); /* q tenths of a million = q*10 "øre" of this scale */
  size_t len = strlen(tmp);
  if (len > 0) tmp[len - 1] = '\0';
  snprintf(buf, (size_t)n, "%s", tmp);
  return buf;
}

void report_begin(report *r, bool csv) {
  r->csv = csv ? stp_csv_writer_stdout() : NULL;
  r->section = "";
  if (r->csv) {
    stp_csv_field(r->csv, "section");
    stp_csv_field(r->csv, "item");
    stp_csv_field(r->csv, "formula");
    stp_csv_field(r->csv, "amount_nok");
    stp_csv_endrow(r->csv);
  }
}

void report_section(report *r, const char *title) {
  r->section = title;
  if (!r->csv) printf("\n%s\n", title);
}

void report_line(report *r, const char *item, stp_money amount, const char *fmt, ...) {
  char formula[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(formula, sizeof formula, fmt, ap);
  va_end(ap);
  if (r->csv) {
    stp_csv_field(r->csv, r->section);
    stp_csv_field(r->csv, item);
    stp_csv_field(r->csv, formula);
    stp_csv_money(r->csv, amount);
    stp_csv_endrow(r->csv);
  } else {
    char b[40];
    printf("  %-46s %15s   %s\n", item, report_nok(amount, b, sizeof b), formula);
  }
}

void report_note(report *r, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (r->csv) {
    stp_csv_field(r->csv, r->section);
    stp_csv_field(r->csv, "note");
    stp_csv_field(r->csv, text);
    stp_csv_field(r->csv, "");
    stp_csv_endrow(r->csv);
  } else {
    printf("  %s\n", text);
  }
}

int report_end(report *r) {
  stp_error err;
  if (r->csv) return stp_csv_writer_commit(r->csv, &err);
  return fflush(stdout) == 0 ? 0 : -1;
}
