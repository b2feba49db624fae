/* test_cohort.c: the synthetic cohort: the loader's errors (each naming file, line and
   parameter, on edited copies of datasets/cohort/default), the draw as a pure function of
   (seed, id), and the drawn distributions against the published figures their parameters
   come from (SSB completion, entrant counts, EUROSTUDENT, SSB credits and death rates), at
   50 000 draws. */
#include <dirent.h>
#include <math.h>
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

#include "cohort.h"
#include "rng.h"

#define NDRAWS 50000
#define ENTRY_FIRST 2016
#define ENTRY_LAST 2023

static const char *datasets(void) {
  const char *d = getenv("STIPEND_DATASETS");
  return d && *d ? d : STP_DATADIR;
}

/* ---- edited copies of the dataset ---- */

/* A copy of the datasets directory in /tmp: policy/ and tuition/ linked, cohort/default/
   copied with one line of `file` (the first starting with `prefix`) replaced by `line`
   (NULL: deleted). Returns the 1-based number of the edited line, or of the file's last
   line when `last_of` is given: the last line starting with it after the edit. */
typedef struct edit {
  const char *file, *prefix, *line, *last_of;
} edit;

static char tmp[64];

static void copy_file(const char *from, const char *to, const edit *e, int *edited) {
  FILE *in = fopen(from, "r"), *out = fopen(to, "w");
  assert_non_null(in);
  assert_non_null(out);
  char buf[8192];
  int n = 0; /* lines written */
  bool done = false;
  while (fgets(buf, sizeof buf, in)) {
    const char *line = buf;
    char repl[8192];
    if (e && !done && strncmp(buf, e->prefix, strlen(e->prefix)) == 0) {
      done = true;
      if (!e->line) continue;
      snprintf(repl, sizeof repl, "%s\n", e->line);
      line = repl;
      if (!e->last_of) *edited = n + 1;
    }
    fputs(line, out);
    n++;
    if (e && e->last_of && strncmp(line, e->last_of, strlen(e->last_of)) == 0) *edited = n;
  }
  if (e) assert_true(done);
  fclose(in);
  fclose(out);
}

static int make_copy(const edit *e) {
  strcpy(tmp, "/tmp/stp-cohort-XXXXXX");
  assert_non_null(mkdtemp(tmp));
  char a[1024], b[1024];
  for (int i = 0; i < 2; i++) {
    const char *sub = i ? "tuition" : "policy";
    snprintf(a, sizeof a, "%s/%s", datasets(), sub);
    snprintf(b, sizeof b, "%s/%s", tmp, sub);
    assert_int_equal(symlink(a, b), 0);
  }
  snprintf(b, sizeof b, "%s/cohort", tmp);
  assert_int_equal(mkdir(b, 0777), 0);
  snprintf(b, sizeof b, "%s/cohort/default", tmp);
  assert_int_equal(mkdir(b, 0777), 0);
  snprintf(a, sizeof a, "%s/cohort/default", datasets());
  DIR *d = opendir(a);
  assert_non_null(d);
  struct dirent *de;
  int edited = 0;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    char from[1400], to[1400];
    snprintf(from, sizeof from, "%s/%s", a, de->d_name);
    snprintf(to, sizeof to, "%s/%s", b, de->d_name);
    copy_file(from, to, e && strcmp(e->file, de->d_name) == 0 ? e : NULL, &edited);
  }
  closedir(d);
  return edited;
}

static void remove_copy(void) {
  char p[1024], q[1400];
  snprintf(p, sizeof p, "%s/cohort/default", tmp);
  DIR *d = opendir(p);
  if (d) {
    struct dirent *de;
    while ((de = readdir(d)))
      if (de->d_name[0] != '.') {
        snprintf(q, sizeof q, "%s/%s", p, de->d_name);
        unlink(q);
      }
    closedir(d);
    rmdir(p);
  }
  snprintf(p, sizeof p, "%s/cohort", tmp);
  rmdir(p);
  snprintf(p, sizeof p, "%s/policy", tmp);
  unlink(p);
  snprintf(p, sizeof p, "%s/tuition", tmp);
  unlink(p);
  rmdir(tmp);
}

/* Load the edited copy; it must fail with `code` and a message naming
   <dir>/cohort/default/<file>:<line>: and containing `what`. */
static void expect_error(const edit *e, int code, const char *what) {
  int line = make_copy(e);
  stp_cohort_model *m = NULL;
  stp_error err = {0};
  int rc = stp_cohort_model_load(tmp, "default", &m, &err);
  char where[1200];
  snprintf(where, sizeof where, "%s/cohort/default/%s:%d: ", tmp, e->file, line);
  remove_copy();
  if (rc == STP_OK) stp_cohort_model_free(m);
  assert_int_equal(rc, code);
  if (!strstr(err.msg, where) || !strstr(err.msg, what))
    fail_msg("message '%s' should contain '%s' and '%s'", err.msg, where, what);
  assert_null(strchr(err.msg, '\n'));
}

static void test_unedited_copy_loads(void **state) {
  (void)state;
  make_copy(NULL);
  stp_cohort_model *m = NULL;
  stp_error err = {0};
  int rc = stp_cohort_model_load(tmp, "default", &m, &err);
  remove_copy();
  if (rc) fail_msg("%s", err.msg);
  stp_cohort_model_free(m);
}

static void test_missing_parameter(void **state) {
  (void)state;
  /* the message points at the end of the file, where the row should have been */
  edit e = {"parameters.csv", "prior_he_share,", NULL, ""};
  expect_error(&e, STP_EINVAL, "parameter prior_he_share: missing");
}

static void test_value_out_of_range(void **state) {
  (void)state;
  edit e = {"parameters.csv", "at_home_30plus,",
            "at_home_30plus,1.5,share,official,https://www.ssb.no/,x", NULL};
  expect_error(&e, STP_ERANGE, "parameter at_home_30plus: value 1.5 is outside 0..1");
  edit e2 = {"parameters.csv", "default_hazard,",
             "default_hazard,-0.01,per-year,calibrated,https://lanekassen.no/,x", NULL};
  expect_error(&e2, STP_ERANGE, "parameter default_hazard: value -0.01 is outside 0..1");
  /* the decay is a factor per year of repayment: 0 < decay <= 1 */
  edit e3 = {"parameters.csv", "default_hazard_decay,",
             "default_hazard_decay,1.5,factor,calibrated,https://lanekassen.no/,x", NULL};
  expect_error(&e3, STP_ERANGE, "parameter default_hazard_decay: value 1.5 is outside 0..1");
  edit e4 = {"parameters.csv", "default_hazard_decay,",
             "default_hazard_decay,0,factor,calibrated,https://lanekassen.no/,x", NULL};
  expect_error(&e4, STP_ERANGE, "parameter default_hazard_decay: value 0 should be above 0");
}

static void test_bad_status_and_unit(void **state) {
  (void)state;
  edit e = {"parameters.csv", "default_hazard,",
            "default_hazard,0.02,per-year,guessed,https://lanekassen.no/,x", NULL};
  expect_error(&e, STP_EINVAL, "column status: 'guessed' is not official, news, derived, "
                               "stand-in or calibrated");
  edit e2 = {"parameters.csv", "default_hazard,",
             "default_hazard,0.02,share,calibrated,https://lanekassen.no/,x", NULL};
  expect_error(&e2, STP_EINVAL, "parameter default_hazard: unit 'share' should be 'per-year'");
}

static void test_shares_not_adding_to_one(void **state) {
  (void)state;
  /* bachelor age bands: 0.2779 -> 0.3279, the group's last row is named */
  edit e = {"age_at_start.csv", "bachelor,19,19,",
            "bachelor,19,19,0.3279,stand-in,https://www.ssb.no/,x", "bachelor,"};
  expect_error(&e, STP_EINVAL, "column share: level bachelor: shares add up to 1.05, not 1");
  edit e2 = {"leave_timing.csv", "master2,1,",
             "master2,1,0.40,official,https://www.ssb.no/,x", "master2,"};
  expect_error(&e2, STP_EINVAL, "column share: level master2: shares add up to 0.9, not 1");
  edit e3 = {"exemption.csv", "permit_from2023,none,",
             "permit_from2023,none,0.30,derived,https://www.khrono.no/,x", "permit_from2023,"};
  expect_error(&e3, STP_EINVAL, "column share: group permit_from2023: shares add up to 1.05");
  edit e4 = {"funding_category.csv", "master5,A,",
             "master5,A,0.10,stand-in,https://dbh.nsd.uib.no/,x", "master5,"};
  expect_error(&e4, STP_EINVAL, "column share: level master5: shares add up to 0.95, not 1");
}

static void test_missing_row_in_a_table(void **state) {
  (void)state;
  edit e = {"institution.csv", "oneyear,private,", NULL, "oneyear,"};
  expect_error(&e, STP_EINVAL, "column institution_type: level oneyear: no row for private");
}

static void test_completion_above_one(void **state) {
  (void)state;
  edit e = {"progression.csv", "master2,all,2,",
            "master2,all,2,0.90,official,https://www.ssb.no/,x", "master2,"};
  expect_error(&e, STP_EINVAL, "column complete_share: level master2, female: completion "
                               "shares add up to 1.101 > 1");
}

/* ---- the draw: a pure function of (seed, id) ---- */

static stp_cohort_model *model;

static int load_model(void **state) {
  (void)state;
  stp_error err = {0};
  if (stp_cohort_model_load(NULL, NULL, &model, &err) != STP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  return 0;
}

static int free_model(void **state) {
  (void)state;
  stp_cohort_model_free(model);
  return 0;
}

static void test_draw_is_pure(void **state) {
  (void)state;
  gsl_rng *r1 = stp_rng_alloc(), *r2 = stp_rng_alloc();
  assert_non_null(r1);
  assert_non_null(r2);
  for (uint64_t id = 0; id < 2000; id += 7) {
    stp_student a, b, other;
    stp_cohort_draw(model, r1, 2024, id, ENTRY_FIRST, ENTRY_LAST, &a);
    /* whatever the generator did before, and on another generator */
    stp_cohort_draw(model, r2, 99, id + 1, ENTRY_FIRST, ENTRY_LAST, &other);
    gsl_rng_uniform(r2);
    stp_cohort_draw(model, r2, 2024, id, ENTRY_FIRST, ENTRY_LAST, &b);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(a.id, id);
    assert_int_equal(a.entry_year, ENTRY_FIRST + (int)(id % 8));
  }
  stp_rng_free(r1);
  stp_rng_free(r2);
}

static bool same_person(const stp_student *a, const stp_student *b) {
  return a->level == b->level && a->birth_year == b->birth_year && a->sex == b->sex &&
         a->years == b->years && a->income[0] == b->income[0] && a->assets == b->assets &&
         a->earn_log_level == b->earn_log_level;
}

static void test_seeds_and_ids_differ(void **state) {
  (void)state;
  gsl_rng *r = stp_rng_alloc();
  int same_seed_change = 0, same_id_change = 0;
  for (uint64_t id = 0; id < 500; id++) {
    stp_student a, b, c;
    stp_cohort_draw(model, r, 1, id, ENTRY_FIRST, ENTRY_LAST, &a);
    stp_cohort_draw(model, r, 2, id, ENTRY_FIRST, ENTRY_LAST, &b);
    stp_cohort_draw(model, r, 1, id + 8, ENTRY_FIRST, ENTRY_LAST, &c); /* same entry year */
    same_seed_change += same_person(&a, &b);
    same_id_change += same_person(&a, &c);
    assert_int_equal(a.entry_year, b.entry_year); /* entry year is by id alone */
  }
  /* continuous draws (income, earnings level) make a coincidence all but impossible */
  assert_int_equal(same_seed_change, 0);
  assert_int_equal(same_id_change, 0);
  stp_rng_free(r);
}

/* ---- distributions against published figures ---- */

/* |x - expected| within 4 binomial standard errors of n draws (plus an allowance `extra` for
   what the model does not reproduce exactly, stated at each call). */
static void expect_share(const char *what, long hits, long n, double expected, double extra) {
  assert_true(n > 0);
  double x = (double)hits / (double)n;
  double tol = 4 * sqrt(expected * (1 - expected) / (double)n) + extra;
  if (fabs(x - expected) > tol)
    fail_msg("%s: %.4f, published %.4f (tolerance %.4f, n %ld)", what, x, expected, tol, n);
}

typedef struct tally {
  long level[STP_LEVEL_COUNT];
  long sex_n[STP_LEVEL_COUNT][2], normed[STP_LEVEL_COUNT][2], normed2[STP_LEVEL_COUNT][2];
  long young_full, young_full_work;   /* entrants under 30 without a part-time year */
  long ft_years, ft_zero;             /* full-time student-years; with 0 credits passed */
  long enrolled_2023, home_2023;      /* taking credits in 2023-24 */
  long dropouts, entrants20, returner_pool, returners;
  long fhs_pool, fhs;                 /* first-programme borrowers entering at 19 or younger;
                                         with a folk-high-school year's debt */
  long fhs_wrong;                     /* of them: a debt other than that year's */
} tally;

static void draw_all(tally *t) {
  memset(t, 0, sizeof *t);
  gsl_rng *r = stp_rng_alloc();
  for (uint64_t id = 0; id < NDRAWS; id++) {
    stp_student s;
    stp_cohort_draw(model, r, 7, id, ENTRY_FIRST, ENTRY_LAST, &s);
    int l = s.level, n = s.normed_years, age = s.entry_year - s.birth_year;
    t->level[l]++;
    t->sex_n[l][s.sex]++;
    t->normed[l][s.sex] += s.completed && s.years <= n;
    t->normed2[l][s.sex] += s.completed && s.years <= n + 2;
    bool part_time = false;
    for (int k = 0; k < s.years; k++) {
      part_time |= s.credits[k] > 0 && s.credits[k] < STP_FULL_TIME_CREDITS;
      if (s.credits[k] == STP_FULL_TIME_CREDITS) {
        t->ft_years++;
        t->ft_zero += s.passed[k] == 0;
      }
    }
    if (age < 30 && !part_time) {
      t->young_full++;
      t->young_full_work += s.works;
    }
    int k = 2023 - s.entry_year;
    if (k < s.years && s.credits[k] > 0) {
      t->enrolled_2023++;
      t->home_2023 += s.at_home;
    }
    if (l != STP_LEVEL_MASTER2 && age <= 19 && s.borrows && !s.continues) {
      /* too young for an earlier programme: a prior debt is a folk-high-school year's, ten
         months of the year before's basic loan less the 40 % that converts */
      t->fhs_pool++;
      if (s.prior_debt > 0) {
        t->fhs++;
        stp_money one = llround(stp_cohort_folk_high_school_debt(model, s.entry_year - 1)) * 100;
        t->fhs_wrong += s.prior_debt != one;
      }
    }
    if (l != STP_LEVEL_MASTER2) {
      t->dropouts += !s.completed;
      t->entrants20 += age >= 20;
      /* the earlier programme's debt is drawn for every borrower of 20 or more alike; from
         22 on it is the only prior debt (a folk-high-school year's is drawn for first
         programmes entered at 21 or younger) */
      if (age >= 22 && s.borrows && !s.continues) {
        t->returner_pool++;
        t->returners += s.prior_debt > 0;
      }
    }
  }
  stp_rng_free(r);
}

static tally T;

static int draw_setup(void **state) {
  if (load_model(state)) return -1;
  draw_all(&T);
  return 0;
}

static void test_entrant_mix(void **state) {
  (void)state;
  /* SSB new entrants: 36 248 bachelor (2018), 16 413 two-year master (2019), 5 813 integrated
     master (2016); one-year programmes are a stand-in (9 000) */
  long b = T.level[STP_LEVEL_BACHELOR];
  expect_share("master2 per bachelor+master2", T.level[STP_LEVEL_MASTER2],
               b + T.level[STP_LEVEL_MASTER2], 16413.0 / (16413 + 36248), 0);
  expect_share("master5 per bachelor+master5", T.level[STP_LEVEL_MASTER5],
               b + T.level[STP_LEVEL_MASTER5], 5813.0 / (5813 + 36248), 0);
}

static void test_bachelor_completion(void **state) {
  (void)state;
  /* SSB, 3-year bachelor entrants of 2018: 56.4 % in 3 years, 72.0 % within 5; women 59.9 %
     and 76.6 %, men 51.8 % and 66.1 % */
  const int B = STP_LEVEL_BACHELOR, F = STP_SEX_FEMALE, M = STP_SEX_MALE;
  long n = T.level[B];
  expect_share("bachelor in 3 years", T.normed[B][F] + T.normed[B][M], n, 0.564, 0);
  expect_share("bachelor within 5 years", T.normed2[B][F] + T.normed2[B][M], n, 0.720, 0);
  expect_share("women in 3 years", T.normed[B][F], T.sex_n[B][F], 0.599, 0);
  expect_share("women within 5 years", T.normed2[B][F], T.sex_n[B][F], 0.766, 0);
  expect_share("men in 3 years", T.normed[B][M], T.sex_n[B][M], 0.518, 0);
  expect_share("men within 5 years", T.normed2[B][M], T.sex_n[B][M], 0.661, 0);
}

static void test_master_completion(void **state) {
  (void)state;
  /* SSB: two-year master entrants of 2019 48.9 % in normed time, +18.1 within 2 more years;
     integrated master entrants of 2016 50.8 %, +16.4 */
  const int L2 = STP_LEVEL_MASTER2, L5 = STP_LEVEL_MASTER5;
  expect_share("master2 normed", T.normed[L2][0] + T.normed[L2][1], T.level[L2], 0.489, 0);
  expect_share("master2 +2", T.normed2[L2][0] + T.normed2[L2][1], T.level[L2], 0.670, 0);
  expect_share("master5 normed", T.normed[L5][0] + T.normed[L5][1], T.level[L5], 0.508, 0);
  expect_share("master5 +2", T.normed2[L5][0] + T.normed2[L5][1], T.level[L5], 0.672, 0);
}

static void test_living_with_parents(void **state) {
  (void)state;
  /* EUROSTUDENT VII (2019): about 1 in 10 students live with their parents. The students
     taking credits in 2023-24, half a point allowed for "about" */
  expect_share("at home, 2023-24 students", T.home_2023, T.enrolled_2023, 0.10, 0.005);
}

static void test_work_while_studying(void **state) {
  (void)state;
  /* EUROSTUDENT VIII (2022): about 2 of 3 full-time students have paid work */
  expect_share("working full-time students under 30", T.young_full_work, T.young_full, 0.667, 0);
}

static void test_zero_credit_years(void **state) {
  (void)state;
  /* SSB 2017-18: 7.3 % of ordinary full-time students passed no credits in the year; the
     leaver tables are shaped to it (a point allowed: the shape is a stand-in) */
  expect_share("full-time years with 0 credits", T.ft_zero, T.ft_years, 0.073, 0.01);
}

static void test_returners(void **state) {
  (void)state;
  /* SSB (cohort 2012): 55-58 % of those who drop out return to higher education. The share
     of entrants aged 20+ who bring debt from an earlier programme (counted from 22, where no
     folk-high-school debt is drawn) must lie between 55 % and 58 % of the drawn dropouts per
     entrant aged 20+ (a sampling allowance on each side). */
  double per = (double)T.dropouts / (double)T.entrants20;
  double x = (double)T.returners / (double)T.returner_pool;
  double se = sqrt(x * (1 - x) / (double)T.returner_pool);
  if (x < 0.55 * per - 4 * se || x > 0.58 * per + 4 * se)
    fail_msg("returners %.4f outside [%.4f, %.4f]", x, 0.55 * per, 0.58 * per);
}

static void test_folk_high_school(void **state) {
  (void)state;
  /* folk_high_school_share (0.12): Vox's 6 737 long-course pupils of 2013, 80 % borrowing,
     nine in ten going on to higher education (SSB), over the young entrants; each owes ten
     months of the year before's basic loan less 40 % (Lånekassen, Folkehøgskole i Norge:
     2017-18's ten months are 106 340, so 63 804 stays loan) */
  expect_share("young borrowers with a folk-high-school year", T.fhs, T.fhs_pool, 0.12, 0);
  assert_int_equal(T.fhs_wrong, 0);
  assert_int_equal(llround(stp_cohort_folk_high_school_debt(model, 2017)), 63804);
}

static void test_mortality(void **state) {
  (void)state;
  /* SSB 2024 death rates per 100 000 at 20-24 (the band's midpoint is 22): men 49, women 18;
     q = 1 - exp(-m), rounded to 6 decimals in the file */
  assert_true(fabs(stp_cohort_mortality(model, 22, STP_SEX_MALE) - (1 - exp(-49e-5))) < 1e-6);
  assert_true(fabs(stp_cohort_mortality(model, 22, STP_SEX_FEMALE) - (1 - exp(-18e-5))) < 1e-6);
  /* ages outside the table use its ends */
  assert_true(stp_cohort_mortality(model, 10, 1) == stp_cohort_mortality(model, 18, 1));
  assert_true(stp_cohort_mortality(model, 120, 0) == stp_cohort_mortality(model, 100, 0));
}

int main(void) {
  const struct CMUnitTest loader[] = {
      cmocka_unit_test(test_unedited_copy_loads),
      cmocka_unit_test(test_missing_parameter),
      cmocka_unit_test(test_value_out_of_range),
      cmocka_unit_test(test_bad_status_and_unit),
      cmocka_unit_test(test_shares_not_adding_to_one),
      cmocka_unit_test(test_missing_row_in_a_table),
      cmocka_unit_test(test_completion_above_one),
  };
  const struct CMUnitTest draw[] = {
      cmocka_unit_test(test_draw_is_pure),
      cmocka_unit_test(test_seeds_and_ids_differ),
  };
  const struct CMUnitTest dist[] = {
      cmocka_unit_test(test_entrant_mix),
      cmocka_unit_test(test_bachelor_completion),
      cmocka_unit_test(test_master_completion),
      cmocka_unit_test(test_living_with_parents),
      cmocka_unit_test(test_work_while_studying),
      cmocka_unit_test(test_zero_credit_years),
      cmocka_unit_test(test_returners),
      cmocka_unit_test(test_folk_high_school),
      cmocka_unit_test(test_mortality),
  };
  int failed = cmocka_run_group_tests_name("cohort loader", loader, NULL, NULL);
  failed += cmocka_run_group_tests_name("cohort draw", draw, load_model, free_model);
  failed += cmocka_run_group_tests_name("cohort distributions", dist, draw_setup, free_model);
  return failed;
}
