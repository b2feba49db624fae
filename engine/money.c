#include "money.h"

#include "error.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int stp_money_scan(const char *s, stp_money *out) {
  if (!s) return STP_EINVAL;
  /* The form every writer produces, digits '.' two digits, without the general loop (at
     most 15 digits: 10^15 × 100 is far inside int64_t). */
  {
    int64_t v = 0;
    const char *q = s;
    while (*q >= '0' && *q <= '9' && q - s < 15) v = 10 * v + (*q++ - '0');
    if (q > s && q[0] == '.' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9' &&
        q[3] == '\0') {
      *out = 100 * v + 10 * (q[1] - '0') + (q[2] - '0');
      return STP_OK;
    }
  }
  while (isspace((unsigned char)*s)) s++;
  bool neg = false;
  if (*s == '-' || *s == '+') neg = (*s++ == '-');
  /* The magnitude in øre, unsigned, each step checked: a value beyond int64_t is told apart
     from a malformed one (the whole text is read either way), never wrapped. */
  uint64_t mag = 0;
  bool big = false;
  int ndig = 0, nfrac = 0;
  /* Digits may be grouped with spaces or underscores, as Norwegian figures are written. */
  for (; *s; s++) {
    if (isdigit((unsigned char)*s)) {
      if (!big && (__builtin_mul_overflow(mag, 10, &mag) ||
                   __builtin_add_overflow(mag, (uint64_t)(*s - '0'), &mag)))
        big = true;
      ndig++;
    } else if ((*s == ' ' || *s == '_') && ndig > 0 && isdigit((unsigned char)s[1])) {
      continue;
    } else {
      break;
    }
  }
  uint64_t frac = 0;
  if (*s == '.' || *s == ',') {
    s++;
    while (isdigit((unsigned char)*s)) {
      if (nfrac == 2) return STP_EINVAL;
      frac = frac * 10 + (uint64_t)(*s - '0');
      nfrac++;
      s++;
    }
    if (nfrac == 0) return STP_EINVAL;
    if (nfrac == 1) frac *= 10;
  }
  while (isspace((unsigned char)*s)) s++;
  if (*s != '\0' || ndig == 0) return STP_EINVAL;
  if (big || __builtin_mul_overflow(mag, 100, &mag) || __builtin_add_overflow(mag, frac, &mag))
    return STP_ERANGE;
  /* int64_t holds one more negative øre than positive. */
  if (mag > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return STP_ERANGE;
  *out = neg ? -(stp_money)(mag - 1) - 1 : (stp_money)mag;
  return STP_OK;
}

bool stp_money_parse(const char *s, stp_money *out) { return stp_money_scan(s, out) == STP_OK; }

const char *stp_money_format(stp_money ore, char *buf, size_t n) {
  const char *sign = ore < 0 ? "-" : "";
  uint64_t a = ore < 0 ? (uint64_t)(-(ore + 1)) + 1 : (uint64_t)ore;
  snprintf(buf, n, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
           (unsigned long long)(a % 100));
  return buf;
}

const char *stp_money_grouped(stp_money ore, char *buf, size_t n) {
  char raw[32];
  stp_money_format(ore, raw, sizeof raw);
  const char *dot = strchr(raw, '.');
  size_t neg = raw[0] == '-', digits = (size_t)(dot - raw) - neg, o = 0;
  if (neg && o + 1 < n) buf[o++] = '-';
  for (size_t i = 0; i < digits && o + 1 < n; i++) {
    if (i > 0 && (digits - i) % 3 == 0 && o + 1 < n) buf[o++] = ' ';
    if (o + 1 < n) buf[o++] = raw[neg + i];
  }
  for (const char *p = dot; *p && o + 1 < n; p++) buf[o++] = *p;
  if (n) buf[o] = '\0';
  return buf;
}

const char *stp_money_million(stp_money ore, char *buf, size_t n) {
  /* q tenths of a million, printed as q × 10 øre grouped, the last decimal dropped */
  stp_money q = stp_div_round(ore, 10000000);
  char tmp[48];
  stp_money_grouped(q * 10, tmp, sizeof tmp);
  size_t len = strlen(tmp);
  if (len > 0) tmp[len - 1] = '\0';
  snprintf(buf, n, "%s", tmp);
  return buf;
}

stp_money stp_round_kr(stp_money ore) {
  stp_money q = ore / 100, r = ore % 100;
  if (r >= 50) q++;
  else if (r <= -50) q--;
  return q * 100;
}

stp_money stp_trunc_kr(stp_money ore) { return (ore / 100) * 100; }

/* The external definitions of the inline functions of money.h (C11 6.7.4). */
extern stp_money stp_mul_rate(stp_money ore, double rate);

stp_money stp__llround(double x) { return (stp_money)llround(x); }

stp_money stp_muldiv(stp_money a, stp_money num, stp_money den) {
  /* In 64 bits when the product fits (always, for amounts below NOK 30 million): the same
     quotient (both truncate), without the 128-bit division's library call. */
  int64_t p;
  if (!__builtin_mul_overflow(a, num, &p)) return p / den;
  return (stp_money)(((__int128)a * num) / den);
}
