/* fault.c: the fault-injection hooks (fault.h); plain calls unless STP_FAULT_INJECTION. */
#define _GNU_SOURCE /* fopencookie */
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
#else
  errno = ENOSYS;
  return -1;
#endif
}

#ifdef STP_FAULT_INJECTION

enum { F_NONE, F_WRITE, F_FSYNC, F_RENAME, F_SIGNAL, F_SIGNAL_INT };
static int fault_kind = -1;  /* -1: STP_FAULT not read yet */
static long fault_at;        /* the Nth call of that kind fails */
static long counts[F_SIGNAL_INT + 1];

static void fault_init(void) {
  if (__atomic_load_n(&fault_kind, __ATOMIC_ACQUIRE) >= 0) return;
  int kind = F_NONE;
  long at = 0;
  const char *s = getenv("STP_FAULT");
  if (s) {
    static const struct { const char *name; int kind; } kinds[] = {
        {"write:", F_WRITE}, {"fsync:", F_FSYNC}, {"rename:", F_RENAME},
        {"signal-int:", F_SIGNAL_INT}, {"signal:", F_SIGNAL}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
      size_t n = strlen(kinds[i].name);
      if (strncmp(s, kinds[i].name, n) == 0) {
        kind = kinds[i].kind;
        at = strtol(s + n, NULL, 10);
        break;
      }
    }
  }
  fault_at = at;
  __atomic_store_n(&fault_kind, kind, __ATOMIC_RELEASE);
}

/* Whether this call of kind k is the one to fail. Writes and signals count the same calls. */
static bool hit(int k) {
  fault_init();
  int kind = fault_kind;
  if (k == F_WRITE && (kind == F_SIGNAL || kind == F_SIGNAL_INT)) {
    if (__atomic_add_fetch(&counts[F_WRITE], 1, __ATOMIC_RELAXED) == fault_at)
      raise(kind == F_SIGNAL ? SIGTERM : SIGINT);
    return false;
  }
  return __atomic_add_fetch(&counts[k], 1, __ATOMIC_RELAXED) == fault_at && kind == k;
}

static ssize_t cookie_write(void *c, const char *buf, size_t n) {
  if (hit(F_WRITE)) {
    /* glibc's cookie streams take 0 as the failure (-1 leaves the buffer inconsistent and
       a later fwrite crashes); the stream's error flag is set either way. */
    errno = ENOSPC;
    return 0;
  }
  int fd = (int)(intptr_t)c;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, buf + done, n - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return (ssize_t)done; /* 0: the failure, as above */
    }
    done += (size_t)w;
  }
  return (ssize_t)done;
}

static int cookie_close(void *c) { return close((int)(intptr_t)c); }

FILE *stp_fault_fopen_write(const char *path) {
  FILE *probe = fopen(path, "wb");
  if (!probe) return NULL;
  int fd = dup(fileno(probe));
  fclose(probe);
  if (fd < 0) return NULL;
  cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
  FILE *f = fopencookie((void *)(intptr_t)fd, "wb", io);
  if (!f) close(fd);
  return f;
}

int stp_fault_fsync(int fd) {
  if (hit(F_FSYNC)) {
    errno = EIO;
    return -1;
  }
  return fsync(fd);
}

int stp_fault_rename(const char *from, const char *to) {
  if (hit(F_RENAME)) {
    errno = EIO;
    return -1;
  }
  return rename(from, to);
}

int stp_fault_exchange(const char *from, const char *to) {
  if (hit(F_RENAME)) {
    errno = EIO;
    return -1;
  }
  return exchange(from, to);
}

bool stp_fault_enabled(void) { return true; }

#else

FILE *stp_fault_fopen_write(const char *path) { return fopen(path, "wb"); }
int stp_fault_fsync(int fd) { return fsync(fd); }
int stp_fault_rename(const char *from, const char *to) { return rename(from, to); }
int stp_fault_exchange(const char *from, const char *to) { return exchange(from, to); }
bool stp_fault_enabled(void) { return false; }

#endif
