/* test_student.c: the student record's codes and the names microdata and datasets use for
   them (docs/microdata.md): every name reads back to its code, unknown names are bad input,
   out-of-range codes have no name; the normed years of each level (3-year bachelor, 2-year
   master, 5-year integrated master, one-year programme); the earnings group and the weight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "student.h"

typedef struct coding {
  const char *(*name)(int);
  int (*parse)(const char *, int *);
  int count;
} coding;

static void names_round_trip(void **state) {
  (void)state;
  const coding all[] = {{stp_level_name, stp_level_parse, STP_LEVEL_COUNT},
                        {stp_sex_name, stp_sex_parse, 2},
                        {stp_institution_name, stp_institution_parse, STP_INST_COUNT},
                        {stp_region_name, stp_region_parse, STP_REGION_COUNT},
                        {stp_category_name, stp_category_parse, STP_CATEGORY_COUNT}};
  for (size_t c = 0; c < sizeof all / sizeof all[0]; c++) {
    for (int i = 0; i < all[c].count; i++) {
      const char *n = all[c].name(i);
      assert_non_null(n);
      int back = -1;
      assert_int_equal(all[c].parse(n, &back), STP_OK);
      assert_int_equal(back, i);
    }
    assert_null(all[c].name(all[c].count));
    assert_null(all[c].name(-1));
    int x;
    assert_int_equal(all[c].parse("no-such-name", &x), STP_EINVAL);
  }
  int x;
  assert_int_equal(stp_category_parse("C", &x), STP_OK);
  assert_int_equal(x, 2);
  assert_int_equal(stp_region_parse("finnmark", &x), STP_OK);
  assert_int_equal(x, STP_REGION_FINNMARK);
  assert_int_equal(stp_name_index(NULL, 0, NULL, &x), STP_EINVAL);
}

static void levels_and_groups(void **state) {
  (void)state;
  assert_int_equal(stp_level_normed_years(STP_LEVEL_BACHELOR), 3);
  assert_int_equal(stp_level_normed_years(STP_LEVEL_MASTER2), 2);
  assert_int_equal(stp_level_normed_years(STP_LEVEL_MASTER5), 5);
  assert_int_equal(stp_level_normed_years(STP_LEVEL_ONEYEAR), 1);
  assert_int_equal(stp_level_normed_years(STP_LEVEL_COUNT), 0);
  assert_string_equal(stp_earn_group_name(STP_EARN_NO_DEGREE), "no_degree");
  stp_student s = {.level = STP_LEVEL_MASTER5, .completed = 1};
  assert_int_equal(stp_student_earn_group(&s), STP_LEVEL_MASTER5);
  s.completed = 0;
  assert_int_equal(stp_student_earn_group(&s), STP_EARN_NO_DEGREE);
  assert_int_equal(stp_student_weight(&s), 1); /* no population weight: herself */
  s.weight = 2385;
  assert_int_equal(stp_student_weight(&s), 2385);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names_round_trip),
      cmocka_unit_test(levels_and_groups),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
