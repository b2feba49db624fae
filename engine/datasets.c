/* datasets.c: the datasets folder. An installed stipend finds its datasets next to itself
   (share/stipend/datasets seen from the library's or the binary's folder, whatever the
   prefix it was copied to); a build finds them in the source tree. */
#define _GNU_SOURCE /* dladdr */
#include "datasets.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *stp_datasets_chosen(const char *given) {
  if (given && *given) return given;
  const char *env = getenv("STIPEND_DATASETS");
  return env && *env ? env : NULL;
}

/* dir/rel when it holds the policy datasets. */
static bool installed_at(const char *file, const char *rel, char *out, size_t n) {
  char dir[PATH_MAX];
  if (!realpath(file, dir)) return false;
  char *slash = strrchr(dir, '/');
  if (!slash) return false;
  *slash = '\0';
  char probe[PATH_MAX + 64];
  snprintf(probe, sizeof probe, "%s/%s/policy", dir, rel);
  if (access(probe, R_OK) != 0) return false;
  char found[PATH_MAX + 64];
  snprintf(found, sizeof found, "%s/%s", dir, rel);
  if (!realpath(found, out) || strlen(out) >= n) return false;
  return true;
}

static char installed_dir[PATH_MAX]; /* "" when there is no installation around us */
static pthread_once_t installed_once = PTHREAD_ONCE_INIT;

/* The installation's datasets, looked for once (the answer cannot change while running). */
static void find_installed(void) {
  char *dir = installed_dir;
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) exe[len] = '\0';
  else exe[0] = '\0';
  Dl_info info;
  bool found = false;
  /* this code in libstipend.so: next to the library; linked into a program: next to it */
  if (dladdr((void *)stp_datasets_chosen, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
    char lib[PATH_MAX];
    if (realpath(info.dli_fname, lib) && strcmp(lib, exe) != 0)
      found = installed_at(lib, STP_DATA_FROM_LIB, dir, sizeof installed_dir);
  }
  if (!found && exe[0]) found = installed_at(exe, STP_DATA_FROM_BIN, dir, sizeof installed_dir);
  if (!found) dir[0] = '\0';
}

static const char *installed(void) {
  pthread_once(&installed_once, find_installed);
  return installed_dir[0] ? installed_dir : NULL;
}

const char *stp_datasets_dir(const char *given) {
  const char *dir = stp_datasets_chosen(given);
  if (dir) return dir;
  dir = installed();
  return dir ? dir : STP_DATADIR;
}
