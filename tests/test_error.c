/* test_error.c: status codes and their messages: stp_fail records the code and one line and
   returns the code (also with no error to fill), a message too long for the buffer is cut and
   still terminated, every code has its own words, and the exit statuses docs/outputs.md
   promises (0 success, 2 bad input, 1 any other failure). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"

static void fail_records(void **state) {
  (void)state;
  stp_error err = {0};
  assert_int_equal(stp_fail(&err, STP_EINVAL, "%s:%d: %s", "cohort.csv", 17, "age"), STP_EINVAL);
  assert_int_equal(err.code, STP_EINVAL);
  assert_string_equal(err.msg, "cohort.csv:17: age");
  /* no error to fill: the code still comes back */
  assert_int_equal(stp_fail(NULL, STP_ENOMEM, "x"), STP_ENOMEM);
  /* a message longer than the buffer: cut, terminated */
  char long_text[2000];
  memset(long_text, 'a', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  assert_int_equal(stp_fail(&err, STP_EIO, "%s", long_text), STP_EIO);
  assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
}

static void words_and_exit_statuses(void **state) {
  (void)state;
  const int codes[] = {STP_OK, STP_EINVAL, STP_ENOMEM, STP_EIO, STP_ERANGE, STP_ENOTFOUND};
  const int status[] = {0, 2, 1, 1, 2, 2};
  for (int i = 0; i < 6; i++) {
    assert_int_equal(stp_exit_status(codes[i]), status[i]);
    assert_string_not_equal(stp_strerror(codes[i]), "unknown error");
    for (int j = 0; j < i; j++)
      assert_string_not_equal(stp_strerror(codes[i]), stp_strerror(codes[j]));
  }
  /* failures are negative; an unknown code is a failure, not bad input */
  assert_true(STP_EINVAL < 0 && STP_ENOTFOUND < 0);
  assert_string_equal(stp_strerror(-99), "unknown error");
  assert_int_equal(stp_exit_status(-99), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fail_records),
      cmocka_unit_test(words_and_exit_statuses),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
