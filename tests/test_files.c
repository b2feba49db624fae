/* test_files.c: inputs opened safely and the text checks: a regular file opens, a folder, a
   FIFO (without blocking) and a missing path are bad input naming the path; a result file may
   replace only a regular file; UTF-8 as RFC 3629 defines it (no overlong forms, no
   surrogates, nothing beyond U+10FFFF); names safe for a spreadsheet cell and a folder; the
   process tag of staging names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "files.h"

static void inputs(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_files_XXXXXX", path[128];
  assert_non_null(mkdtemp(dir));
  stp_error err = {0};
  FILE *f = NULL;
  snprintf(path, sizeof path, "%s/a.csv", dir);
  FILE *w = fopen(path, "w");
  assert_non_null(w);
  fputs("x\n", w);
  fclose(w);
  assert_int_equal(stp_input_open(path, &f, &err), STP_OK);
  assert_int_equal(fgetc(f), 'x');
  fclose(f);
  assert_int_equal(stp_output_file_check(path, &err), STP_OK); /* a regular file: replaced */
  /* a folder */
  assert_int_equal(stp_input_check(dir, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, dir));
  assert_int_equal(stp_output_file_check(dir, &err), STP_EINVAL);
  /* a FIFO with no writer: refused at once, not waited on */
  snprintf(path, sizeof path, "%s/fifo", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  assert_int_equal(stp_input_open(path, &f, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "fifo"));
  assert_int_equal(stp_output_file_check(path, &err), STP_EINVAL);
  /* a symbolic link is never written through */
  snprintf(path, sizeof path, "%s/link", dir);
  char target[128];
  snprintf(target, sizeof target, "%s/a.csv", dir);
  assert_int_equal(symlink(target, path), 0);
  assert_int_equal(stp_output_file_check(path, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "symbolic link"));
  /* missing: bad input for reading, fine for writing */
  snprintf(path, sizeof path, "%s/none.csv", dir);
  assert_int_equal(stp_input_check(path, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "none.csv"));
  assert_int_equal(stp_output_file_check(path, &err), STP_OK);
  /* a path longer than STP_PATH_MAX is refused, never cut */
  char longp[STP_PATH_MAX + 16];
  memset(longp, 'a', sizeof longp - 1);
  longp[sizeof longp - 1] = '\0';
  assert_int_equal(stp_output_file_check(longp, &err), STP_EINVAL);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void utf8(void **state) {
  (void)state;
  const char *good[] = {"plain", "Lånekassen", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                        "\xF4\x8F\xBF\xBF"}; /* U+10FFFF, the last code point */
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    assert_true(stp_utf8_valid(good[i], strlen(good[i])));
  const char *bad[] = {"\xC3",                 /* cut short */
                       "\xC0\xAF",             /* overlong '/' */
                       "\xE0\x80\xAF",         /* overlong, three bytes */
                       "\xED\xA0\x80",         /* a surrogate, U+D800 */
                       "\xF4\x90\x80\x80",     /* beyond U+10FFFF */
                       "\xFF", "a\x80"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_false(stp_utf8_valid(bad[i], strlen(bad[i])));
}

static void names(void **state) {
  (void)state;
  char why[160];
  const char *good[] = {"baseline-2025-26", "nso 1.5G (11 months)", "Ålesund", "2026",
                        "a+key=value", "50 %"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    assert_true(stp_safe_name(good[i], why, sizeof why));
  /* what a spreadsheet reads as a formula, a path, a quote, a control character */
  const char *bad[] = {"", "=SUM(A1)", "+1", "-x", "@x", "a/b", "a\\b", "say \"x\"", "tab\tx",
                       "bad \xC3"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    why[0] = '\0';
    assert_false(stp_safe_name(bad[i], why, sizeof why));
    assert_true(why[0] != '\0');
  }
}

static void process_tag(void **state) {
  (void)state;
  char tag[96];
  stp_process_tag(tag, sizeof tag);
  assert_int_equal(stp_process_tag_pid(tag), (long)getpid());
  char more[128];
  snprintf(more, sizeof more, "%s.csv", tag);
  assert_int_equal(stp_process_tag_pid(more), (long)getpid());
  assert_int_equal(stp_process_tag_pid("1234@another-machine.example"), 0);
  assert_int_equal(stp_process_tag_pid("1234"), 1234);
  assert_int_equal(stp_process_tag_pid("x"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(inputs),
      cmocka_unit_test(utf8),
      cmocka_unit_test(names),
      cmocka_unit_test(process_tag),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
