/* test_fault.c: the fault-injection hooks. In every build they are the plain calls (a write
   reaches the file, a rename moves it, an exchange swaps two files); in a build with
   STP_FAULT_INJECTION, STP_FAULT=write:2 (set here before the first hooked call, since the
   hooks read it once) makes the second buffer that reaches the kernel fail with the stream's
   error flag set, and leaves renames alone. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fault.h"

static char dir[] = "/tmp/stp_fault_XXXXXX";

static void slurp(const char *path, char *buf, size_t n) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t got = fread(buf, 1, n - 1, f);
  buf[got] = '\0';
  fclose(f);
}

static void writes_and_the_injected_failure(void **state) {
  (void)state;
  char path[128], text[64];
  snprintf(path, sizeof path, "%s/w.csv", dir);
  FILE *f = stp_fault_fopen_write(path);
  assert_non_null(f);
  assert_true(fputs("first\n", f) >= 0);
  assert_int_equal(fflush(f), 0); /* write 1 reaches the file in every build */
  assert_true(fputs("second\n", f) >= 0);
  int second = fflush(f);
  if (stp_fault_enabled()) {
    assert_int_equal(second, EOF); /* write 2 is the injected failure */
    assert_true(ferror(f));
  } else {
    assert_int_equal(second, 0);
    assert_false(ferror(f));
  }
  fclose(f);
  slurp(path, text, sizeof text);
  assert_string_equal(text, stp_fault_enabled() ? "first\n" : "first\nsecond\n");
  /* the fault was a write: fsync and rename are the plain calls */
  FILE *g = fopen(path, "rb");
  assert_non_null(g);
  assert_int_equal(stp_fault_fsync(fileno(g)), 0);
  fclose(g);
  char moved[128];
  snprintf(moved, sizeof moved, "%s/moved.csv", dir);
  assert_int_equal(stp_fault_rename(path, moved), 0);
  assert_int_equal(access(path, F_OK), -1);
  assert_int_equal(access(moved, F_OK), 0);
}

static void exchange_swaps_two_files(void **state) {
  (void)state;
  char a[128], b[128], text[64];
  snprintf(a, sizeof a, "%s/a", dir);
  snprintf(b, sizeof b, "%s/b", dir);
  FILE *f = fopen(a, "w");
  assert_non_null(f);
  fputs("A", f);
  fclose(f);
  f = fopen(b, "w");
  assert_non_null(f);
  fputs("B", f);
  fclose(f);
  if (stp_fault_exchange(a, b) != 0) {
    /* file systems and kernels without RENAME_EXCHANGE say so; the result set then renames */
    assert_true(errno == EINVAL || errno == ENOSYS);
    skip();
  }
  slurp(a, text, sizeof text);
  assert_string_equal(text, "B");
  slurp(b, text, sizeof text);
  assert_string_equal(text, "A");
}

int main(void) {
  setenv("STP_FAULT", "write:2", 1);
  if (!mkdtemp(dir)) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(writes_and_the_injected_failure),
      cmocka_unit_test(exchange_swaps_two_files),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) rc = rc ? rc : 1;
  return rc;
}
