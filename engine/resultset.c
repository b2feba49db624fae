/* resultset.c: the commit protocol of result sets (resultset.h, docs/outputs.md).

   A set is staged in PARENT/.NAME.staging-PID@HOST (a folder on the target's file system, so
   that the last step is a rename), every file fsynced and listed in manifest.csv with its
   size and checksum, the staging folder fsynced, then exchanged with the target in one
   renameat2(RENAME_EXCHANGE) (or renamed into place when there is no target yet). The
   previous set, now under the staging name, is removed. Where the file system cannot
   exchange, the previous set is first renamed to PARENT/.NAME.old-PID@HOST: a crash between the
   two renames leaves it there, and the next command puts it back. */
#define _GNU_SOURCE /* renameat2 */
#include "resultset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "csvio.h"
#include "dist.h"
#include "fault.h"
#include "files.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

struct stp_resultset {
  stp_result_kind kind;
  char target[STP_PATH_MAX + 1];  /* where the set becomes current (links resolved) */
  char shown[STP_PATH_MAX + 1];   /* the target as given */
  char parent[STP_PATH_MAX + 1];
  char staging[2 * STP_PATH_MAX + 128]; /* PARENT/.NAME.staging-PID@HOST */
  char file[3 * STP_PATH_MAX + 160];    /* FILE: staging/NAME */
  char command[64];
  int slot;                        /* in the signal handler's table */
  bool discard;                    /* an MPI rank other than 0: checks, writes nothing */
};

/* ---- the signal handler's table: staging folders to remove on SIGINT or SIGTERM ---- */

enum { SLOTS = 8 };
static char slot_path[SLOTS][2 * STP_PATH_MAX + 128];
static volatile sig_atomic_t slot_used[SLOTS];

struct dirent64_raw { /* the kernel's linux_dirent64 */
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Remove the files of a staging folder and the folder, with async-signal-safe calls only
   (getdents64 instead of readdir). Threads still writing may add a file meanwhile: a few
   rounds. */
static void remove_staging_in_handler(const char *path) {
  for (int round = 0; round < 4; round++) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    char buf[4096];
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
        off += d->d_reclen;
        if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) unlinkat(fd, d->d_name, 0);
      }
    }
    close(fd);
    if (rmdir(path) == 0 || errno == ENOENT) return;
  }
}

static void on_signal(int sig) {
  for (int i = 0; i < SLOTS; i++)
    if (slot_used[i]) remove_staging_in_handler(slot_path[i]);
  _exit(128 + sig); /* 130 for SIGINT, 143 for SIGTERM */
}

static int slot_take(const char *path) {
  static bool installed;
  if (!installed) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    installed = true;
  }
  for (int i = 0; i < SLOTS; i++)
    if (!slot_used[i]) {
      snprintf(slot_path[i], sizeof slot_path[i], "%s", path);
      slot_used[i] = 1;
      return i;
    }
  return -1;
}

static void slot_release(int i) {
  if (i >= 0) slot_used[i] = 0;
}

/* ---- paths ---- */

/* parent and base name of path (trailing slashes dropped); false if there is no name. */
static bool split(const char *path, char *parent, size_t np, char *base, size_t nb) {
  char buf[STP_PATH_MAX + 1];
  snprintf(buf, sizeof buf, "%s", path);
  size_t n = strlen(buf);
  while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
  char *slash = strrchr(buf, '/');
  const char *b = slash ? slash + 1 : buf;
  if (!*b || !strcmp(b, ".") || !strcmp(b, "..")) return false;
  snprintf(base, nb, "%s", b);
  if (!slash) snprintf(parent, np, ".");
  else if (slash == buf) snprintf(parent, np, "/");
  else snprintf(parent, np, "%.*s", (int)(slash - buf), buf);
  return true;
}

static const char *kind_of(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISLNK(m)) return "a symbolic link";
  return "not a regular file or folder";
}

/* The files an earlier stipend wrote into a results folder before manifest.csv existed:
   such a folder may be replaced; a folder holding anything else is not stipend's. */
static bool legacy_result_name(const char *name) {
  static const char *const names[] = {
      "summary.csv", "cashflow.csv", "groups.csv", "distribution.csv", "students.csv",
      "replications.csv", "replication_runs.csv", "difference.csv", "winners.csv",
      "budget.csv", "budget_summary.csv", "budget_posts.csv", "evidence.csv", "evidence.md",
      "sweep.csv", "plots", "difference_by_year.csv", "budget_totals.csv", "about.csv",
      "scenarios.csv", "parameters.csv", "report.html", "uncertainty.csv",
      "uncertainty_shares.csv", "uncertainty_runs.csv"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i])) return true;
  size_t n = strlen(name); /* the charts stipend plot drew */
  if (n > 4 && (!strcmp(name + n - 4, ".png") || !strcmp(name + n - 4, ".svg"))) return true;
  /* a temporary file or a staging folder (of plots) an interrupted command left */
  return strstr(name, ".tmp-") != NULL || (name[0] == '.' && strstr(name, ".staging-"));
}

/* A folder stipend may replace: empty, an earlier set (manifest.csv), or legacy results. */
static int replaceable_folder(const char *path, stp_error *err) {
  DIR *d = opendir(path);
  if (!d) return stp_fail(err, STP_EINVAL, "%s: cannot open: %s", path, strerror(errno));
  struct dirent *e;
  char foreign[256] = "";
  bool manifest = false;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (!strcmp(e->d_name, "manifest.csv")) manifest = true;
    else if (!foreign[0] && !legacy_result_name(e->d_name))
      snprintf(foreign, sizeof foreign, "%s", e->d_name);
  }
  closedir(d);
  if (manifest || !foreign[0]) return STP_OK;
  return stp_fail(err, STP_EINVAL,
                  "%s: holds '%s', which stipend did not write, and no manifest.csv: the "
                  "results folder is replaced as a whole; give a new or empty folder",
                  path, foreign);
}

int stp_resultset_check(const char *target, stp_result_kind kind, unsigned flags,
                        stp_error *err) {
  if (!target || !*target) return stp_fail(err, STP_EINVAL, "output: no name given");
  if (strlen(target) > STP_PATH_MAX)
    return stp_fail(err, STP_EINVAL, "%.60s...: path longer than %d bytes", target,
                    STP_PATH_MAX);
  char parent[STP_PATH_MAX + 1], base[STP_PATH_MAX + 1];
  if (!split(target, parent, sizeof parent, base, sizeof base))
    return stp_fail(err, STP_EINVAL, "%s: not a name a result can take (give a folder below it)",
                    target);
  struct stat st;
  if (lstat(target, &st) != 0) {
    if (errno == ENOENT) return STP_OK;
    return stp_fail(err, STP_EINVAL, "%s: cannot use: %s", target, strerror(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    if (!(flags & STP_RESULT_FOLLOW_SYMLINKS))
      return stp_fail(err, STP_EINVAL,
                      "%s: is a symbolic link; results are not written through links "
                      "(--follow-symlinks replaces what it points to)",
                      target);
    if (stat(target, &st) != 0) {
      if (errno == ENOENT) return STP_OK; /* a dangling link: its target is created */
      return stp_fail(err, STP_EINVAL, "%s: cannot use: %s", target, strerror(errno));
    }
  }
  if (kind == STP_RESULT_FOLDER) {
    if (S_ISDIR(st.st_mode)) return replaceable_folder(target, err);
    if (S_ISREG(st.st_mode))
      return stp_fail(err, STP_EINVAL, "%s: is a file; results go into a folder", target);
  } else {
    if (S_ISREG(st.st_mode)) return STP_OK;
    if (S_ISDIR(st.st_mode))
      return stp_fail(err, STP_EINVAL, "%s: is a directory; give a file name", target);
  }
  return stp_fail(err, STP_EINVAL, "%s: is %s; results replace only regular files and folders",
                  target, kind_of(st.st_mode));
}

/* ---- removing trees ---- */

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (type == FTW_DP) rmdir(path);
  else unlink(path);
  return 0;
}

static void remove_tree(const char *path) {
  nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p */
static int make_dirs(const char *path, stp_error *err) {
  char buf[STP_PATH_MAX + 1];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
    *p = '/';
  }
  if (mkdir(buf, 0777) != 0 && errno != EEXIST)
    return stp_fail(err, STP_EIO, "%s: cannot create: %s", buf, strerror(errno));
  return STP_OK;
}

/* The process id in name after marker ("...staging-1234@host"), or 0 (none, or another
   machine's process). */
static long pid_after(const char *name, const char *marker) {
  const char *m = strstr(name, marker);
  return m ? stp_process_tag_pid(m + strlen(marker)) : 0;
}

static bool dead(long pid) {
  return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* What processes that died left beside the target: staging folders (removed), a previous set
   moved aside (put back when its place is empty, else removed), temporary files. */
static void remove_stale(const char *parent) {
  DIR *d = opendir(parent);
  if (!d) return;
  struct dirent *e;
  char path[2 * STP_PATH_MAX + 8];
  while ((e = readdir(d))) {
    const char *n = e->d_name;
    long pid;
    snprintf(path, sizeof path, "%s/%s", parent, n);
    if (n[0] == '.' && dead(pid = pid_after(n, ".staging-"))) {
      remove_tree(path);
    } else if (n[0] == '.' && dead(pid = pid_after(n, ".old-"))) {
      /* ".NAME.old-PID": the set that was current when PID died between its two renames */
      char orig[2 * STP_PATH_MAX + 8];
      const char *end = strstr(n, ".old-");
      snprintf(orig, sizeof orig, "%s/%.*s", parent, (int)(end - n - 1), n + 1);
      struct stat st;
      if (lstat(orig, &st) != 0 && errno == ENOENT) rename(path, orig);
      else remove_tree(path);
    } else if (dead(pid_after(n, ".tmp-"))) {
      struct stat st;
      if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) unlink(path);
    }
  }
  closedir(d);
}

/* ---- the protocol ---- */

/* The set on this rank: rank 0 stages; every other rank only checks (the same target on the
   same file system: the same answer) and discards what it writes (csvio.c). */
static int begin_here(const char *target, stp_result_kind kind, unsigned flags,
                      const char *command, stp_resultset **out, stp_error *err) {
  *out = NULL;
  int rc = stp_resultset_check(target, kind, flags, err);
  if (rc != STP_OK) return rc;
  stp_resultset *rs = calloc(1, sizeof *rs);
  if (!rs) return stp_fail(err, STP_ENOMEM, "out of memory");
  rs->kind = kind;
  rs->slot = -1;
  snprintf(rs->shown, sizeof rs->shown, "%s", target);
  snprintf(rs->target, sizeof rs->target, "%s", target);
  snprintf(rs->command, sizeof rs->command, "%s", command ? command : "");
  if (!stp_dist_root()) {
    rs->discard = true;
    /* never the target: a writer that is not csvio's fails here instead of writing there */
    snprintf(rs->staging, sizeof rs->staging, "/dev/null");
    snprintf(rs->file, sizeof rs->file, "/dev/null");
    *out = rs;
    return STP_OK;
  }
  struct stat st;
  if ((flags & STP_RESULT_FOLLOW_SYMLINKS) && lstat(target, &st) == 0 && S_ISLNK(st.st_mode)) {
    char real[PATH_MAX];
    size_t n;
    if (realpath(target, real) && (n = strlen(real)) <= STP_PATH_MAX) {
      memcpy(rs->target, real, n + 1);
    } else {
      /* a dangling link: what it names */
      char link[STP_PATH_MAX + 1];
      ssize_t n = readlink(target, link, sizeof link - 1);
      if (n <= 0 || link[0] != '/') {
        free(rs);
        return stp_fail(err, STP_EINVAL, "%s: a symbolic link to nowhere usable", target);
      }
      link[n] = '\0';
      snprintf(rs->target, sizeof rs->target, "%s", link);
    }
  }
  char base[STP_PATH_MAX + 1];
  split(rs->target, rs->parent, sizeof rs->parent, base, sizeof base);
  if ((rc = make_dirs(rs->parent, err)) != STP_OK) {
    free(rs);
    return rc;
  }
  remove_stale(rs->parent);
  if (kind == STP_RESULT_FOLDER) remove_stale(rs->target); /* temporary files of old versions */
  char tag[96];
  stp_process_tag(tag, sizeof tag);
  snprintf(rs->staging, sizeof rs->staging, "%s/.%s.staging-%s", rs->parent, base, tag);
  remove_tree(rs->staging); /* this process's own, from an earlier set of the same name */
  rs->slot = slot_take(rs->staging); /* before it exists: a signal from now on removes it */
  if (mkdir(rs->staging, 0777) != 0) {
    slot_release(rs->slot);
    rc = stp_fail(err, STP_EIO, "%s: cannot create the staging folder %s: %s", target,
                  rs->staging, strerror(errno));
    free(rs);
    return rc;
  }
  snprintf(rs->file, sizeof rs->file, "%s/%s", rs->staging, base);
  *out = rs;
  return STP_OK;
}

int stp_resultset_begin(const char *target, stp_result_kind kind, unsigned flags,
                        const char *command, stp_resultset **out, stp_error *err) {
  int rc = begin_here(target, kind, flags, command, out, err);
  /* Every rank goes on only if rank 0 could stage (and every rank could check): a rank
     that stopped here alone would leave the others waiting in the driver. */
  if ((rc = stp_dist_agree(rc, err)) != STP_OK) {
    stp_resultset_abort(*out);
    *out = NULL;
  }
  return rc;
}

/* Link (or copy) the tree at from into to (which exists): regular files and folders only,
   names starting with '.' (staging of other commands) skipped; depth-limited. */
static int copy_file(const char *from, const char *to, stp_error *err) {
  FILE *in = fopen(from, "rb");
  if (!in) return stp_fail(err, STP_EIO, "%s: cannot read: %s", from, strerror(errno));
  FILE *out = stp_fault_fopen_write(to);
  if (!out) {
    int e = errno;
    fclose(in);
    return stp_fail(err, STP_EIO, "%s: cannot create: %s", to, strerror(e));
  }
  char buf[1 << 14];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0 && fwrite(buf, 1, n, out) == n) {
  }
  bool bad = ferror(in) != 0;
  fclose(in);
  bad |= ferror(out) != 0;
  bad |= fclose(out) != 0;
  return bad ? stp_fail(err, STP_EIO, "%s: cannot copy to %s", from, to) : STP_OK;
}

static int link_tree(const char *from, const char *to, const char *const *drop, int depth,
                     stp_error *err) {
  DIR *d = opendir(from);
  if (!d) return errno == ENOENT ? STP_OK : stp_fail(err, STP_EIO, "%s: cannot open: %s", from,
                                                     strerror(errno));
  int rc = STP_OK;
  struct dirent *e;
  while (rc == STP_OK && (e = readdir(d))) {
    const char *n = e->d_name;
    if (n[0] == '.' || (depth == 0 && !strcmp(n, "manifest.csv"))) continue;
    bool dropped = false;
    for (int i = 0; depth == 0 && drop && drop[i]; i++) dropped |= !strcmp(n, drop[i]);
    if (dropped) continue;
    char a[2 * STP_PATH_MAX + 300], b[3 * STP_PATH_MAX + 300];
    snprintf(a, sizeof a, "%s/%s", from, n);
    snprintf(b, sizeof b, "%s/%s", to, n);
    struct stat st;
    if (lstat(a, &st) != 0) continue;
    if (S_ISDIR(st.st_mode) && depth < 4) {
      if (mkdir(b, 0777) != 0)
        rc = stp_fail(err, STP_EIO, "%s: cannot create: %s", b, strerror(errno));
      else rc = link_tree(a, b, drop, depth + 1, err);
    } else if (S_ISREG(st.st_mode) && link(a, b) != 0) {
      rc = copy_file(a, b, err);
    }
  }
  closedir(d);
  return rc;
}

int stp_resultset_amend(const char *dir, unsigned flags, const char *command,
                        const char *const *drop, stp_resultset **out, stp_error *err) {
  int rc = begin_here(dir, STP_RESULT_FOLDER, flags, command, out, err);
  if (rc == STP_OK && !(*out)->discard)
    rc = link_tree((*out)->target, (*out)->staging, drop, 0, err);
  if ((rc = stp_dist_agree(rc, err)) != STP_OK) {
    stp_resultset_abort(*out);
    *out = NULL;
  }
  return rc;
}

void stp_resultset_name_target(const stp_resultset *rs, stp_error *err) {
  if (!rs || rs->discard || !err) return;
  char *at = strstr(err->msg, rs->staging);
  if (!at) return;
  char rest[sizeof err->msg];
  snprintf(rest, sizeof rest, "%s", at + strlen(rs->staging));
  *at = '\0';
  size_t used = strlen(err->msg);
  snprintf(err->msg + used, sizeof err->msg - used, "%s%s", rs->shown, rest);
}

const char *stp_resultset_staging(const stp_resultset *rs) {
  return rs->kind == STP_RESULT_FOLDER ? rs->staging : rs->file;
}

const char *stp_resultset_target(const stp_resultset *rs) { return rs->shown; }

void stp_resultset_abort(stp_resultset *rs) {
  if (!rs) return;
  if (rs->discard) {
    free(rs);
    return;
  }
  remove_tree(rs->staging);
  slot_release(rs->slot);
  free(rs);
}

/* FNV-1a, 64 bits: a checksum to tell a file from another, not a cryptographic hash. */
static int fsync_and_sum(const char *path, long long *bytes, uint64_t *sum, stp_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return stp_fail(err, STP_EIO, "%s: cannot reopen: %s", path, strerror(errno));
  uint64_t h = 0xcbf29ce484222325u;
  long long total = 0;
  char buf[1 << 14];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) h = (h ^ (unsigned char)buf[i]) * 0x100000001b3u;
    total += n;
  }
  int rc = STP_OK;
  if (n < 0) rc = stp_fail(err, STP_EIO, "%s: read error: %s", path, strerror(errno));
  else if (stp_fault_fsync(fd) != 0)
    rc = stp_fail(err, STP_EIO, "%s: cannot fsync: %s", path, strerror(errno));
  close(fd);
  *bytes = total;
  *sum = h;
  return rc;
}

static int fsync_dir(const char *path, stp_error *err) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return stp_fail(err, STP_EIO, "%s: cannot open: %s", path, strerror(errno));
  int rc = STP_OK;
  if (stp_fault_fsync(fd) != 0 && errno != EINVAL)
    rc = stp_fail(err, STP_EIO, "%s: cannot fsync: %s", path, strerror(errno));
  close(fd);
  return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int only_files(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Every file of the staging folder fsynced and listed, in name order, in manifest.csv. */
static int write_manifest(stp_resultset *rs, stp_error *err) {
  struct dirent **list;
  int n = scandir(rs->staging, &list, only_files, by_name);
  if (n < 0) return stp_fail(err, STP_EIO, "%s: cannot list: %s", rs->staging, strerror(errno));
  char path[sizeof rs->staging + 16];
  snprintf(path, sizeof path, "%s/manifest.csv", rs->staging);
  stp_csv_writer *w = NULL;
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc == STP_OK) {
    const char *head[] = {"file", "bytes", "fnv1a64", "command", "version"};
    for (int i = 0; i < 5; i++) stp_csv_field(w, head[i]);
    stp_csv_endrow(w);
  }
  for (int i = 0; i < n; i++) {
    if (rc == STP_OK && strcmp(list[i]->d_name, "manifest.csv") != 0) {
      char f[sizeof rs->staging + 260];
      snprintf(f, sizeof f, "%s/%s", rs->staging, list[i]->d_name);
      struct stat st;
      long long bytes;
      uint64_t sum;
      if (lstat(f, &st) == 0 && S_ISREG(st.st_mode) &&
          (rc = fsync_and_sum(f, &bytes, &sum, err)) == STP_OK) {
        stp_csv_field(w, list[i]->d_name);
        stp_csv_int(w, bytes);
        stp_csv_fieldf(w, "%016llx", (unsigned long long)sum);
        stp_csv_field(w, rs->command);
        stp_csv_field(w, STP_VERSION);
        stp_csv_endrow(w);
      }
    }
    free(list[i]);
  }
  free(list);
  if (rc != STP_OK) {
    stp_csv_writer_abort(w);
    return rc;
  }
  if ((rc = stp_csv_writer_commit(w, err)) != STP_OK) return rc;
  long long bytes;
  uint64_t sum;
  return fsync_and_sum(path, &bytes, &sum, err);
}

/* Make staging current at target: exchange when there is a previous set, else rename. */
static int swap_in(stp_resultset *rs, const char *from, stp_error *err) {
  struct stat st;
  bool exists = lstat(rs->target, &st) == 0;
  if (!exists) {
    if (stp_fault_rename(from, rs->target) != 0)
      return stp_fail(err, STP_EIO, "%s: cannot rename %s into place: %s", rs->shown, from,
                      strerror(errno));
    return STP_OK;
  }
  if (rs->kind == STP_RESULT_FILE) { /* rename(2) replaces a file in one step */
    if (stp_fault_rename(from, rs->target) != 0)
      return stp_fail(err, STP_EIO, "%s: cannot rename %s into place: %s", rs->shown, from,
                      strerror(errno));
    return STP_OK;
  }
  if (stp_fault_exchange(from, rs->target) == 0) return STP_OK; /* from holds the old set */
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return stp_fail(err, STP_EIO, "%s: cannot exchange with %s: %s", rs->shown, from,
                    strerror(errno));
  /* No exchange on this file system: the old set aside, the new one in, the old one gone. */
  char base[STP_PATH_MAX + 1], parent[STP_PATH_MAX + 1], old[2 * STP_PATH_MAX + 128];
  split(rs->target, parent, sizeof parent, base, sizeof base);
  char tag[96];
  stp_process_tag(tag, sizeof tag);
  snprintf(old, sizeof old, "%s/.%s.old-%s", parent, base, tag);
  if (stp_fault_rename(rs->target, old) != 0)
    return stp_fail(err, STP_EIO, "%s: cannot move the previous results aside: %s", rs->shown,
                    strerror(errno));
  if (stp_fault_rename(from, rs->target) != 0) {
    int e = errno;
    rename(old, rs->target);
    return stp_fail(err, STP_EIO, "%s: cannot rename %s into place: %s", rs->shown, from,
                    strerror(e));
  }
  /* from is gone; the old set is removed below under the staging name */
  rename(old, from);
  return STP_OK;
}

int stp_resultset_commit(stp_resultset *rs, stp_error *err) {
  if (!rs) return STP_OK;
  if (rs->discard) { /* rank 0 commits; a failure there is its exit status */
    free(rs);
    return STP_OK;
  }
  int rc = STP_OK;
  if (rs->kind == STP_RESULT_FOLDER) {
    rc = write_manifest(rs, err);
    if (rc == STP_OK) rc = fsync_dir(rs->staging, err);
    if (rc == STP_OK) rc = swap_in(rs, rs->staging, err);
  } else {
    long long bytes;
    uint64_t sum;
    struct stat st;
    if (lstat(rs->file, &st) != 0)
      rc = stp_fail(err, STP_EIO, "%s: nothing was written", rs->shown);
    else rc = fsync_and_sum(rs->file, &bytes, &sum, err);
    if (rc == STP_OK) rc = swap_in(rs, rs->file, err);
  }
  if (rc == STP_OK) rc = fsync_dir(rs->parent, err);
  /* after success the staging name holds the previous set (or nothing) */
  remove_tree(rs->staging);
  slot_release(rs->slot);
  free(rs);
  return rc;
}
