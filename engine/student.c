/* student.c: the names of the student record's codes, as microdata and the result files
   spell them. */
#include "student.h"

#include <string.h>

#include "error.h"

static const char *const level_names[STP_LEVEL_COUNT] = {"bachelor", "master2", "master5",
                                                          "oneyear"};
static const int level_normed[STP_LEVEL_COUNT] = {3, 2, 5, 1};
static const char *const group_names[STP_EARN_GROUPS] = {"bachelor", "master2", "master5",
                                                          "oneyear", "no_degree"};
static const char *const sex_names[2] = {"female", "male"};
static const char *const inst_names[STP_INST_COUNT] = {"university", "university-college",
                                                        "private"};
static const char *const region_names[STP_REGION_COUNT] = {"elsewhere", "finnmark", "district"};
static const char *const category_names[STP_CATEGORY_COUNT] = {"A", "B", "C", "D", "E", "F"};

int stp_name_index(const char *const *names, int n, const char *s, int *out) {
  if (!s) return STP_EINVAL;
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0) {
      *out = i;
      return STP_OK;
    }
  return STP_EINVAL;
}

const char *stp_level_name(int level) {
  return level >= 0 && level < STP_LEVEL_COUNT ? level_names[level] : NULL;
}
int stp_level_parse(const char *name, int *out) {
  /* "one-year" is how result files before 0.2 spelled it: such a file still reads */
  if (name && strcmp(name, "one-year") == 0) {
    *out = STP_LEVEL_ONEYEAR;
    return STP_OK;
  }
  return stp_name_index(level_names, STP_LEVEL_COUNT, name, out);
}
int stp_level_normed_years(int level) {
  return level >= 0 && level < STP_LEVEL_COUNT ? level_normed[level] : 0;
}
const char *stp_earn_group_name(int group) {
  return group >= 0 && group < STP_EARN_GROUPS ? group_names[group] : NULL;
}
const char *stp_sex_name(int sex) { return sex == 0 || sex == 1 ? sex_names[sex] : NULL; }
int stp_sex_parse(const char *name, int *out) { return stp_name_index(sex_names, 2, name, out); }
const char *stp_institution_name(int type) {
  return type >= 0 && type < STP_INST_COUNT ? inst_names[type] : NULL;
}
int stp_institution_parse(const char *name, int *out) {
  return stp_name_index(inst_names, STP_INST_COUNT, name, out);
}
const char *stp_region_name(int region) {
  return region >= 0 && region < STP_REGION_COUNT ? region_names[region] : NULL;
}
int stp_region_parse(const char *name, int *out) {
  return stp_name_index(region_names, STP_REGION_COUNT, name, out);
}
const char *stp_category_name(int category) {
  return category >= 0 && category < STP_CATEGORY_COUNT ? category_names[category] : NULL;
}
int stp_category_parse(const char *name, int *out) {
  return stp_name_index(category_names, STP_CATEGORY_COUNT, name, out);
}

