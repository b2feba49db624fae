/* files.c: safe inputs and safe names. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The host name as it appears in tags: only characters that are safe in a file name. */
static void host_name(char *buf, size_t n) {
  char h[256] = "";
  if (gethostname(h, sizeof h - 1) != 0 || !h[0]) snprintf(h, sizeof h, "localhost");
  size_t j = 0;
  for (size_t i = 0; h[i] && j + 1 < n && j < 63; i++) {
    char c = h[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.')
      buf[j++] = c;
  }
  buf[j] = '\0';
}

void stp_process_tag(char *buf, size_t n) {
  char host[64];
  host_name(host, sizeof host);
  snprintf(buf, n, "%ld@%s", (long)getpid(), host);
}

long stp_process_tag_pid(const char *tag) {
  long pid = 0;
  const char *p = tag;
  for (; *p >= '0' && *p <= '9'; p++)
    if ((pid = pid * 10 + (*p - '0')) > 1L << 30) return 0;
  if (p == tag) return 0;
  if (*p == '@') { /* another machine's process: not ours to judge */
    char host[64];
    host_name(host, sizeof host);
    size_t len = strlen(host);
    if (strncmp(p + 1, host, len) != 0 || (p[1 + len] && p[1 + len] != '.')) return 0;
    return pid;
  }
  return *p && *p != '.' ? 0 : pid;
}

static const char *kind_of(mode_t m) {
  if (S_ISDIR(m)) return "is a directory, not a file";
  if (S_ISFIFO(m)) return "is a FIFO (named pipe), not a regular file";
  if (S_ISSOCK(m)) return "is a socket, not a regular file";
  if (S_ISCHR(m) || S_ISBLK(m)) return "is a device, not a regular file";
  return "is not a regular file";
}

static int open_checked(const char *path, int *fd_out, stp_error *err) {
  if (!path || !*path) return stp_fail(err, STP_EINVAL, "no file name given");
  size_t len = strlen(path);
  if (len > STP_PATH_MAX)
    return stp_fail(err, STP_EINVAL, "%.60s...: path longer than %d bytes", path, STP_PATH_MAX);
  /* O_NONBLOCK: opening a FIFO for reading would wait for a writer for ever. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    if (e == EISDIR) return stp_fail(err, STP_EINVAL, "%s: %s", path, kind_of(S_IFDIR));
    return stp_fail(err, STP_EINVAL, "%s: cannot open: %s", path, strerror(e));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return stp_fail(err, STP_EINVAL, "%s: cannot open: %s", path, strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return stp_fail(err, STP_EINVAL, "%s: %s", path, kind_of(st.st_mode));
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  *fd_out = fd;
  return STP_OK;
}

int stp_input_open(const char *path, FILE **out, stp_error *err) {
  *out = NULL;
  int fd = -1, rc = open_checked(path, &fd, err);
  if (rc != STP_OK) return rc;
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    close(fd);
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  }
  *out = f;
  return STP_OK;
}

int stp_input_check(const char *path, stp_error *err) {
  int fd = -1, rc = open_checked(path, &fd, err);
  if (rc == STP_OK) close(fd);
  return rc;
}

int stp_output_file_check(const char *path, stp_error *err) {
  if (strlen(path) > STP_PATH_MAX)
    return stp_fail(err, STP_EINVAL, "%.60s...: path longer than %d bytes", path, STP_PATH_MAX);
  struct stat st;
  if (lstat(path, &st) != 0) {
    if (errno == ENOENT) return STP_OK;
    return stp_fail(err, STP_EINVAL, "%s: cannot use: %s", path, strerror(errno));
  }
  if (S_ISREG(st.st_mode)) return STP_OK;
  if (S_ISLNK(st.st_mode))
    return stp_fail(err, STP_EINVAL, "%s: is a symbolic link; results are not written through "
                                     "links", path);
  if (S_ISDIR(st.st_mode))
    return stp_fail(err, STP_EINVAL, "%s: is a directory; give a file name", path);
  return stp_fail(err, STP_EINVAL, "%s: %s; only a regular file is replaced", path,
                  kind_of(st.st_mode));
}

/* The length of the UTF-8 sequence at s (at most n bytes), 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp) {
  unsigned c = s[0];
  size_t len;
  unsigned min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80, c &= 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800, c &= 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000, c &= 0x07;
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

bool stp_utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned cp;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(p + i, n - i, &cp);
    if (!k) return false;
    i += k;
  }
  return true;
}

static bool ascii_alnum(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool stp_safe_name(const char *name, char *why, size_t n) {
  const unsigned char *p = (const unsigned char *)name;
  size_t len = strlen(name);
  if (!len) {
    snprintf(why, n, "is empty");
    return false;
  }
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t k = utf8_seq(p + i, len - i, &cp);
    if (!k) {
      snprintf(why, n, "is not valid UTF-8 (byte %zu, 0x%02X)", i + 1, p[i]);
      return false;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      snprintf(why, n, "contains a control character (byte %zu)", i + 1);
      return false;
    }
    bool ok = cp >= 0xA0 || ascii_alnum(cp) || (i > 0 && strchr(" -_.,()+%:&=", (int)cp));
    if (!ok) {
      if (i == 0)
        snprintf(why, n, "starts with '%c'; a name starts with a letter or a digit", (char)cp);
      else
        snprintf(why, n, "contains '%c'; a name has letters, digits, spaces and - _ . , ( ) + %% = "
                         ": & only", (char)cp);
      return false;
    }
    i += k;
  }
  return true;
}
