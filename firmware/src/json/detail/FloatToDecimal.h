// Decimal digits of a binary float without the printf family (internal).
//
// Contract: for a finite, non-zero value, produce digits D (no leading
// zero) and an exponent K with value ~= D * 10^K such that reading the decimal
// back with round-to-nearest gives exactly the same float/double (round trip).
// float: decimal digit rows with 8-bit arithmetic only (small on AVR, slow:
// 26 + |e| passes over 48 digit bytes, roughly 3-10 ms at 16 MHz, estimated); the digits
// are the shortest that round-trip unless the shortest candidate lies within
// ~10^-11 (relative) of the rounding boundary, and among those the nearest
// to the value (ties up); at most 9 digits. double (when wider than float): a
// Grisu2-style search in 64-bit fixed point, shortest in nearly all cases, at
// most 17 digits.
#ifndef SL_JSON_DETAIL_FLOAT_TO_DECIMAL_H
#define SL_JSON_DETAIL_FLOAT_TO_DECIMAL_H

#include "../../config/Config.h"

namespace sl {
namespace detail {

struct Decimal {
  enum Kind : uint8_t { kDigits, kZero, kNotFinite };
  enum { kMaxDigits = 18 };
  char digits[kMaxDigits];  // '0'..'9', not NUL-terminated, digits[0] != '0'
  uint8_t count;            // number of digits, 1..17 (1..9 for float)
  int16_t exponent;         // |value| ~= digits * 10^exponent
  bool negative;            // sign bit (also for -0 and NaN)
};

// Classifies `v` from its bits (no floating-point arithmetic, so no soft-float
// code on AVR). For kDigits and kZero (digits "0"), fills digits/count/
// exponent; always sets negative.
Decimal::Kind toDecimal(float v, Decimal& out);
#if !SL_DOUBLE_IS_FLOAT
Decimal::Kind toDecimal(double v, Decimal& out);
#endif

}  // namespace detail
}  // namespace sl

#endif  // SL_JSON_DETAIL_FLOAT_TO_DECIMAL_H
