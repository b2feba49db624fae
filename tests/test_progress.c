/* test_progress.c: the progress line: silent when off, the final line with the students done, the scenarios each is simulated under and a newline; and the
   monotonic clock the drivers time themselves with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "progress.h"

/* What fn writes on stderr. */
static char *captured(void (*fn)(void)) {
  static char buf[4096];
  char path[] = "/tmp/stp_progress_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  fflush(stderr);
  int saved = dup(2);
  dup2(fd, 2);
  fn();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  lseek(fd, 0, SEEK_SET);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  close(fd);
  unlink(path);
  return buf;
}

static void off(void) {
  stp_progress p;
  stp_progress_start(&p, false, 1000, 1);
  stp_progress_update(&p, 500, false);
  stp_progress_update(&p, 1000, true);
}

static void on(void) {
  stp_progress p;
  stp_progress_start(&p, true, 2385, 3);
  stp_progress_update(&p, 2385, true);
}

static void unknown_total(void) {
  stp_progress p;
  stp_progress_start(&p, true, 0, 0);
  stp_progress_update(&p, 417, true);
}

static void lines(void **state) {
  (void)state;
  assert_string_equal(captured(off), "");
  const char *t = captured(on);
  assert_true(strncmp(t, "\r  2385 / 2385 students × 3 scenarios, ", 40) == 0);
  assert_non_null(strstr(t, " 0 s left"));
  assert_int_equal(t[strlen(t) - 1], '\n');
  t = captured(unknown_total);
  assert_true(strncmp(t, "\r  417 students, ", 17) == 0); /* no scenarios: one, not shown */
  assert_null(strstr(t, "left"));
}

static void clock_moves_forward(void **state) {
  (void)state;
  double a = stp_now();
  nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
  double b = stp_now();
  assert_true(b - a >= 0.019);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lines),
      cmocka_unit_test(clock_moves_forward),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
