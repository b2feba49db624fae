/* test_datasets.c: where the datasets are read from, decided in one place: --datasets first,
   then $STIPEND_DATASETS, then the folder the build put them in (an installation: next to
   itself); an empty value counts as none. What a result names as its datasets is only what
   the user chose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "datasets.h"

static void precedence(void **state) {
  (void)state;
  setenv("STIPEND_DATASETS", "/from/env", 1);
  assert_string_equal(stp_datasets_dir("/given"), "/given");
  assert_string_equal(stp_datasets_dir(NULL), "/from/env");
  assert_string_equal(stp_datasets_dir(""), "/from/env");
  assert_string_equal(stp_datasets_chosen(NULL), "/from/env");
  assert_string_equal(stp_datasets_chosen("/given"), "/given");
  /* neither: the built-in folder, which holds the policy datasets; nothing chosen */
  setenv("STIPEND_DATASETS", "", 1);
  const char *built = stp_datasets_dir(NULL);
  assert_non_null(built);
  char probe[4200];
  snprintf(probe, sizeof probe, "%s/policy/repayment.csv", built);
  assert_int_equal(access(probe, R_OK), 0);
  assert_null(stp_datasets_chosen(NULL));
  unsetenv("STIPEND_DATASETS");
  assert_string_equal(stp_datasets_dir(NULL), built);
  assert_null(stp_datasets_chosen(""));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(precedence)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
