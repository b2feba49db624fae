/* numtext.c: numbers from text, fast, for the plain forms the writers produce. */
#include "numtext.h"

#include <stdint.h>
#include <string.h>

/* [-]digits (1 to 9 of them): the value, and *end after the digits; false for any other
   form (then strtol decides). */
bool stp_plain_int(const char *t, long *x, const char **end) {
  const char *q = t;
  bool neg = *q == '-';
  if (neg) q++;
  long v = 0;
  int n = 0;
  while (*q >= '0' && *q <= '9' && n < 10) {
    v = v * 10 + (*q++ - '0');
    n++;
  }
  if (n == 0 || n > 9) return false;
  *x = neg ? -v : v;
  *end = q;
  return true;
}

/* [-]digits[.digits][e[+-]digits] with at most 19 significant digits and a decimal exponent
   within ±22: the decimal is M × 10^E with M < 2^53 exact, and one IEEE multiplication or
   division by the exact 10^|E| rounds it correctly to a double (Clinger's fast path). The
   double then rounds to the float strtof gives, unless it sits exactly halfway between two
   floats (then x may lie on either side: strtof decides), or outside the normal float range.
   false: strtof decides. */
bool stp_plain_float(const char *t, float *out) {
  static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char *q = t;
  bool neg = *q == '-';
  if (neg) q++;
  uint64_t m = 0;
  int digits = 0, e10 = 0;
  bool any = false;
  for (; *q >= '0' && *q <= '9'; q++, any = true)
    if (m || *q != '0') {
      if (++digits > 19) return false;
      m = m * 10 + (uint64_t)(*q - '0');
    }
  if (*q == '.')
    for (q++; *q >= '0' && *q <= '9'; q++, any = true) {
      if (m || *q != '0') {
        if (++digits > 19) return false;
        m = m * 10 + (uint64_t)(*q - '0');
      }
      e10--;
    }
  if (!any) return false;
  if (*q == 'e' || *q == 'E') {
    q++;
    bool eneg = *q == '-';
    if (*q == '-' || *q == '+') q++;
    int ev = 0, en = 0;
    for (; *q >= '0' && *q <= '9' && en < 4; q++, en++) ev = ev * 10 + (*q - '0');
    if (en == 0 || en >= 4) return false;
    e10 += eneg ? -ev : ev;
  }
  if (*q || m > (UINT64_C(1) << 53) || e10 < -22 || e10 > 22) return false;
  double d = e10 < 0 ? (double)m / p10[-e10] : (double)m * p10[e10];
  if (m == 0) {
    *out = neg ? -0.0f : 0.0f;
    return true;
  }
  if (!(d >= 0x1p-126 && d <= 0x1.fffffep127)) return false;
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  if ((bits & ((UINT64_C(1) << 29) - 1)) == UINT64_C(1) << 28) return false; /* a tie */
  *out = (float)(neg ? -d : d);
  return true;
}

