/* test_report.c: report.html on its own. The language flag takes what the CLI documents; a
   folder with no result table is bad input; and a sweep's report is one self-contained page
   (no script, nothing loaded from the network, charts as inline SVG) that carries the sweep's
   figures and says so in the language asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analytics/report.h"

static void languages(void **state) {
  (void)state;
  stp_lang l;
  assert_int_equal(stp_lang_parse("en", &l), STP_OK);
  assert_int_equal(l, STP_LANG_EN);
  assert_int_equal(stp_lang_parse("nb", &l), STP_OK);
  assert_int_equal(l, STP_LANG_NB);
  assert_int_equal(stp_lang_parse("no", &l), STP_OK);
  assert_int_equal(l, STP_LANG_NB);
  assert_int_equal(stp_lang_parse("de", &l), STP_EINVAL);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (s) s[n] = '\0';
  fclose(f);
  return s;
}

static void sweep_page(void **state) {
  (void)state;
  char dir[] = "/tmp/stp_report_XXXXXX", cmd[512], path[128];
  assert_non_null(mkdtemp(dir));
  stp_error err = {0};
  /* nothing to report on */
  assert_int_equal(stp_report_add(dir, STP_LANG_EN, &err), STP_EINVAL);
  snprintf(cmd, sizeof cmd, "cp %s/plots/sweep/sweep.csv %s/", STP_TEST_DATA, dir);
  assert_int_equal(system(cmd), 0);
  for (int lang = 0; lang < 2; lang++) {
    assert_int_equal(stp_report_write(dir, lang ? STP_LANG_NB : STP_LANG_EN, &err), STP_OK);
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = slurp(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "<svg"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "<link"));
    assert_non_null(strstr(html, lang ? "lang=\"nb\"" : "lang=\"en\""));
    /* the sweep's first basic support, NOK 170 368 a year, is on the page with its
       thousands grouped */
    assert_non_null(strstr(html, "170\xe2\x80\x89" "368")); /* thin space, as the page groups */
    free(html);
  }
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(languages),
      cmocka_unit_test(sweep_page),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
