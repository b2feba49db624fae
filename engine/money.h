/* money.h: amounts in integer øre, parsing and formatting of NOK, and the rounding policy. */
#ifndef STP_MONEY_H
#define STP_MONEY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef int64_t stp_money; /* øre (1/100 NOK) */

#define STP_NOK(kr) ((stp_money)(kr) * 100)

/* Parse "151690", "151 690", "-12.5" or "1e3"-free decimal NOK into øre, exactly (no
   floating point): at most two decimals. Returns false on anything else. */
bool stp_money_parse(const char *text, stp_money *out);

/* The same, telling why: STP_OK, STP_EINVAL (not an amount) or STP_ERANGE (an amount beyond
   what øre in int64_t hold, STP_MONEY_MIN_TEXT to STP_MONEY_MAX_TEXT). Never overflows. */
int stp_money_scan(const char *text, stp_money *out);
#define STP_MONEY_MAX_TEXT "92233720368547758.07" /* INT64_MAX øre, in NOK */
#define STP_MONEY_MIN_TEXT "-92233720368547758.08" /* INT64_MIN øre, in NOK */

/* Format øre as NOK with two decimals ("151690.00"); buf needs 32 bytes. */
const char *stp_money_format(stp_money ore, char *buf, size_t n);

/* The same with the thousands grouped by a space, for text a person reads ("151 690.00"). */
const char *stp_money_grouped(stp_money ore, char *buf, size_t n);

/* øre as NOK million with one decimal (to the nearest NOK 100 000, halves away from zero),
   grouped ("1 416.6"): totals of millions and billions, where øre are noise to a reader. */
const char *stp_money_million(stp_money ore, char *buf, size_t n);

/* Rounding policy (docs/model.md): amounts are kept in øre; a published
   figure is reproduced by rounding the way its publisher does.
   - stp_round_kr: to the nearest krone, halves away from zero (monthly rates set from G).
   - stp_trunc_kr: towards zero to whole kroner (Lånekassen's child-grant reductions).
   - stp_mul_rate: øre × rate, rounded to the nearest øre. */
stp_money stp_round_kr(stp_money ore);
stp_money stp_trunc_kr(stp_money ore);

/* stp_mul_rate is inline (the support rules call it for every month of every student):
   llround's rule (nearest, halves away from zero) without the library call. Below 2^62 the
   truncation is exact and so is x - t (Sterbenz), so the comparison with one half decides
   exactly as llround would; beyond, llround itself (money.c). */
stp_money stp__llround(double x);
inline stp_money stp_mul_rate(stp_money ore, double rate) {
  double x = (double)ore * rate;
  if (!(x > -0x1p62 && x < 0x1p62)) return stp__llround(x);
  stp_money t = (stp_money)x;
  double d = x - (double)t;
  return d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
}

/* a × num / den with exact integer arithmetic, rounded down (den > 0, a >= 0);
   used to split an amount in proportion without losing an øre. */
stp_money stp_muldiv(stp_money a, stp_money num, stp_money den);

/* num / den to the nearest øre, halves away from zero, with integers only (den > 0): every
   mean and per-student figure the result files print. */
static inline stp_money stp_div_round(stp_money num, int64_t den) {
  stp_money q = num / den, r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
  return q;
}

static inline stp_money stp_min(stp_money a, stp_money b) { return a < b ? a : b; }
static inline stp_money stp_max(stp_money a, stp_money b) { return a > b ? a : b; }

#endif
