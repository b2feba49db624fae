/* test_csvio.c: the CSV reader and writer every data and result file goes through (RFC 4180
   quoting): records over several lines keep the line they start on, comments, blank lines and
   a byte-order mark are skipped, malformed input names the file and line; a dataset table's
   fixed header and row width; the writer quotes
   only what needs it, writes money exactly, never a negative zero share, and leaves nothing at
   the path until it commits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvio.h"

static char dir[] = "/tmp/stp_csvio_XXXXXX";

static int make_dir(void **state) {
  (void)state;
  return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static const char *file_with(const char *name, const char *text) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

typedef struct seen {
  int n, line[8], nfields[8];
  char first[8][64], last[8][64];
} seen;

static int row(void *ctx, int line, int n, char **f, stp_error *err) {
  (void)err;
  seen *s = ctx;
  if (s->n == 8) return STP_OK;
  s->line[s->n] = line;
  s->nfields[s->n] = n;
  snprintf(s->first[s->n], sizeof s->first[0], "%s", f[0]);
  snprintf(s->last[s->n], sizeof s->last[0], "%s", f[n - 1]);
  s->n++;
  return STP_OK;
}

static void reads_records(void **state) {
  (void)state;
  const char *p = file_with("in.csv", "\xEF\xBB\xBF"
                                      "name,note\n"
                                      "# a comment\n"
                                      "\n"
                                      "\"Oslo, Blindern\",\"two\n"
                                      "lines, and \"\"quotes\"\"\"\n"
                                      "Bergen,last\n");
  seen s = {0};
  stp_error err = {0};
  assert_int_equal(stp_csv_read_file(p, row, &s, &err), STP_OK);
  assert_int_equal(s.n, 3);
  assert_string_equal(s.first[0], "name"); /* the mark is not part of the first field */
  assert_int_equal(s.line[0], 1);
  assert_string_equal(s.first[1], "Oslo, Blindern");
  assert_string_equal(s.last[1], "two\nlines, and \"quotes\"");
  assert_int_equal(s.line[1], 4);
  assert_int_equal(s.line[2], 6); /* after a record of two lines */
  assert_int_equal(s.nfields[2], 2);
}

static void names_file_and_line(void **state) {
  (void)state;
  seen s = {0};
  stp_error err = {0};
  const char *p = file_with("quote.csv", "a,b\n1,\"open\n");
  assert_int_equal(stp_csv_read_file(p, row, &s, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "quote.csv:"));
  char wide[1024] = "";
  for (int i = 0; i <= STP_CSV_MAX_FIELDS; i++) strcat(wide, i ? ",x" : "x");
  strcat(wide, "\n");
  char text[1100];
  snprintf(text, sizeof text, "a\n%s", wide);
  p = file_with("wide.csv", text);
  memset(&s, 0, sizeof s);
  assert_int_equal(stp_csv_read_file(p, row, &s, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "wide.csv:2: more than 128 fields"));
  char missing[300];
  snprintf(missing, sizeof missing, "%s/none.csv", dir);
  assert_int_not_equal(stp_csv_read_file(missing, row, &s, &err), STP_OK);
  assert_non_null(strstr(err.msg, "none.csv"));
}

static void writes_atomically(void **state) {
  (void)state;
  char path[300];
  snprintf(path, sizeof path, "%s/out.csv", dir);
  stp_csv_writer *w = NULL;
  stp_error err = {0};
  assert_int_equal(stp_csv_writer_open(path, &w, &err), STP_OK);
  stp_csv_field(w, "Oslo, Blindern");
  stp_csv_field(w, "say \"hi\"");
  stp_csv_field(w, " lead");
  stp_csv_field(w, "plain");
  stp_csv_endrow(w);
  stp_csv_money(w, -1);             /* -0.01 NOK */
  stp_csv_money(w, 23851700);       /* 238 517.00 */
  stp_csv_share(w, -1e-9);          /* rounds to zero: never "-0.000000" */
  stp_csv_share(w, NAN);            /* undefined: an empty cell */
  stp_csv_share(w, 2.0 / 3.0);
  stp_csv_int(w, -2385);
  stp_csv_endrow(w);
  assert_int_not_equal(access(path, F_OK), 0); /* nothing at the path before the commit */
  assert_int_equal(stp_csv_writer_commit(w, &err), STP_OK);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  assert_string_equal(buf, "\"Oslo, Blindern\",\"say \"\"hi\"\"\",\" lead\",plain\n"
                           "-0.01,238517.00,0.000000,,0.666667,-2385\n");
  /* what it wrote, it reads back field for field */
  seen s = {0};
  assert_int_equal(stp_csv_read_file(path, row, &s, &err), STP_OK);
  assert_string_equal(s.first[0], "Oslo, Blindern");
  assert_int_equal(s.nfields[0], 4);
  assert_int_equal(s.nfields[1], 6);

  /* an aborted file leaves nothing, and the committed one stays */
  assert_int_equal(stp_csv_writer_open(path, &w, &err), STP_OK);
  stp_csv_field(w, "half");
  stp_csv_writer_abort(w);
  f = fopen(path, "rb");
  assert_non_null(f);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  assert_non_null(strstr(buf, "Oslo"));
  char cmd[400];
  snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q tmp", dir);
  assert_int_not_equal(system(cmd), 0);
  /* a folder at the path is refused, not replaced */
  char sub[320];
  snprintf(sub, sizeof sub, "%s/folder.csv", dir);
  assert_int_equal(mkdir(sub, 0777), 0);
  assert_int_equal(stp_csv_writer_open(sub, &w, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "folder.csv"));
}

/* A dataset table: the header exactly as given, then rows of as many fields. */
static void fixed_tables(void **state) {
  (void)state;
  static const char *const cols[] = {"parameter", "value", "unit"};
  char *good[] = {"parameter", "value", "unit"}, *bad[] = {"parameter", "amount", "unit"};
  char *short_row[] = {"x", "1"};
  bool seen = false;
  stp_error err = {0};
  assert_int_equal(stp_csv_fixed_row(&seen, "p.csv", 1, 3, good, cols, 3, &err), 1);
  assert_true(seen);
  assert_int_equal(stp_csv_fixed_row(&seen, "p.csv", 2, 3, good, cols, 3, &err), STP_OK);
  assert_int_equal(stp_csv_fixed_row(&seen, "p.csv", 3, 2, short_row, cols, 3, &err),
                   STP_EINVAL);
  assert_string_equal(err.msg, "p.csv:3: 2 fields, expected 3 (parameter,value,unit)");
  seen = false;
  assert_int_equal(stp_csv_fixed_row(&seen, "p.csv", 1, 3, bad, cols, 3, &err), STP_EINVAL);
  assert_string_equal(err.msg, "p.csv:1: header: column 2 is 'amount', expected 'value'");
  seen = false;
  assert_int_equal(stp_csv_fixed_row(&seen, "p.csv", 1, 2, good, cols, 3, &err), STP_EINVAL);
  assert_string_equal(err.msg, "p.csv:1: header has 2 columns, expected 3");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_records),
      cmocka_unit_test(names_file_and_line),
      cmocka_unit_test(writes_atomically),
      cmocka_unit_test(fixed_tables),
  };
  return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
