/* test_resultset.c: results made current as one set or not at all: nothing at the target
   until the commit, then every file and manifest.csv (bytes and FNV-1a 64 checksums, checked
   against the published test vector of "foobar", 85944171f73967e8); an aborted set leaves the
   previous one as it was; a folder holding files stipend did not write is refused; a new
   version of a folder keeps its files; a single file replaced in one rename. */
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

#include "resultset.h"

static char dir[] = "/tmp/stp_resultset_XXXXXX";

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

static void put(const char *folder, const char *name, const char *text) {
  char path[600];
  snprintf(path, sizeof path, "%s/%s", folder, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *get(const char *folder, const char *name) {
  static char buf[4096];
  char path[600];
  snprintf(path, sizeof path, "%s/%s", folder, name);
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static void folder_set(void **state) {
  (void)state;
  char target[300];
  snprintf(target, sizeof target, "%s/deep/results", dir); /* parents created */
  stp_resultset *rs = NULL;
  stp_error err = {0};
  assert_int_equal(stp_resultset_begin(target, STP_RESULT_FOLDER, 0, "test", &rs, &err), STP_OK);
  const char *staging = stp_resultset_staging(rs);
  assert_string_not_equal(staging, target);
  put(staging, "b.txt", "foobar");
  put(staging, "a.txt", "");
  assert_int_not_equal(access(target, F_OK), 0); /* nothing current yet */
  assert_int_equal(stp_resultset_commit(rs, &err), STP_OK);
  assert_string_equal(get(target, "b.txt"), "foobar");
  const char *m = get(target, "manifest.csv");
  assert_non_null(m);
  /* in name order; FNV-1a 64 of "" is the offset basis cbf29ce484222325 */
  char want[400];
  snprintf(want, sizeof want,
           "file,bytes,fnv1a64,command,version\n"
           "a.txt,0,cbf29ce484222325,test,%s\n"
           "b.txt,6,85944171f73967e8,test,%s\n",
           STP_VERSION, STP_VERSION);
  assert_string_equal(m, want);

  /* a set that fails: the previous one stays, the staging goes */
  assert_int_equal(stp_resultset_begin(target, STP_RESULT_FOLDER, 0, "test", &rs, &err), STP_OK);
  char staging2[600];
  snprintf(staging2, sizeof staging2, "%s", stp_resultset_staging(rs));
  put(staging2, "b.txt", "half");
  stp_resultset_abort(rs);
  assert_string_equal(get(target, "b.txt"), "foobar");
  assert_int_not_equal(access(staging2, F_OK), 0);

  /* a new version that keeps the files: report.html added beside them */
  static const char *const drop[] = {"a.txt", NULL};
  assert_int_equal(stp_resultset_amend(target, 0, "report", drop, &rs, &err), STP_OK);
  put(stp_resultset_staging(rs), "report.html", "<html></html>");
  assert_int_equal(stp_resultset_commit(rs, &err), STP_OK);
  assert_string_equal(get(target, "b.txt"), "foobar");
  assert_non_null(get(target, "report.html"));
  assert_null(get(target, "a.txt"));
  assert_non_null(strstr(get(target, "manifest.csv"), "\nreport.html,13,"));
}

static void refused(void **state) {
  (void)state;
  char target[300];
  snprintf(target, sizeof target, "%s/mine", dir);
  assert_int_equal(mkdir(target, 0777), 0);
  put(target, "thesis.docx", "not stipend's");
  stp_error err = {0};
  stp_resultset *rs = NULL;
  assert_int_equal(stp_resultset_check(target, STP_RESULT_FOLDER, 0, &err), STP_EINVAL);
  assert_non_null(strstr(err.msg, "thesis.docx"));
  assert_int_equal(stp_resultset_begin(target, STP_RESULT_FOLDER, 0, "test", &rs, &err),
                   STP_EINVAL);
  assert_string_equal(get(target, "thesis.docx"), "not stipend's");
  /* a file where a folder is due, a symbolic link without the flag */
  char file[300], link[300];
  snprintf(file, sizeof file, "%s/mine/thesis.docx", dir);
  assert_int_equal(stp_resultset_check(file, STP_RESULT_FOLDER, 0, &err), STP_EINVAL);
  snprintf(link, sizeof link, "%s/link", dir);
  assert_int_equal(symlink(target, link), 0);
  assert_int_equal(stp_resultset_check(link, STP_RESULT_FOLDER, 0, &err), STP_EINVAL);
}

static void one_file(void **state) {
  (void)state;
  char target[300];
  snprintf(target, sizeof target, "%s/cohort.csv", dir);
  put(dir, "cohort.csv", "old\n");
  stp_error err = {0};
  stp_resultset *rs = NULL;
  assert_int_equal(stp_resultset_begin(target, STP_RESULT_FILE, 0, "cohort", &rs, &err), STP_OK);
  const char *staged = stp_resultset_staging(rs);
  assert_string_not_equal(staged, target);
  FILE *f = fopen(staged, "w");
  assert_non_null(f);
  fputs("new\n", f);
  fclose(f);
  assert_string_equal(get(dir, "cohort.csv"), "old\n");
  assert_int_equal(stp_resultset_commit(rs, &err), STP_OK);
  assert_string_equal(get(dir, "cohort.csv"), "new\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(folder_set),
      cmocka_unit_test(refused),
      cmocka_unit_test(one_file),
  };
  return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
