#include "JsonNumber.h"

#include <float.h>

namespace sl {

namespace {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Magnitude of an integer text (after an optional '-') into a uint32/uint64,
// saturating; returns false on overflow of `limit` (= cut * 10 + rem). No
// division per digit (a 32-bit division is a ~600-cycle library call on AVR).
template <typename U>
bool accumulate(const char* s, const char* end, U limit, U cut, uint8_t rem, U& out) {
  U v = 0;
  for (; s < end && isDigit(*s); ++s) {
    uint8_t d = static_cast<uint8_t>(*s - '0');
    if (v > cut || (v == cut && d > rem)) {
      out = limit;
      return false;
    }
    v = v * 10 + d;
  }
  out = v;
  return true;
}

template <typename S, typename U, U kMaxPos>
JsonNumber::Status toSigned(const JsonNumber& n, S& out) {
  const char* s = n.text();
  const char* end = s + n.length();
  bool neg = s < end && *s == '-';
  if (neg) ++s;
  const U kMaxNeg = static_cast<U>(kMaxPos + 1);
  U limit = neg ? kMaxNeg : kMaxPos;
  U mag;
  // One loop for both signs: kMaxNeg / 10 == kMaxPos / 10 (the magnitudes
  // differ by one in the last digit only), the remainders are 8 and 7.
  static_assert(kMaxNeg / 10 == kMaxPos / 10 && kMaxNeg % 10 == kMaxPos % 10 + 1, "limits");
  bool ok = accumulate<U>(s, end, limit, static_cast<U>(kMaxPos / 10), static_cast<uint8_t>(kMaxPos % 10 + neg), mag) &&
            !n.truncated();
  if (!ok) mag = limit;
  if (neg) {
    out = mag == limit ? static_cast<S>(-static_cast<S>(kMaxPos) - 1) : static_cast<S>(-static_cast<S>(mag));
  } else {
    out = static_cast<S>(mag);
  }
  if (!ok) return JsonNumber::Overflow;
  return n.isInteger() ? JsonNumber::Ok : JsonNumber::NotInteger;
}

// 10^a for a < 2^(table size), as a product of exact powers.
double powerOf10(uint16_t a) {
  static const double kPow[] = {1e1, 1e2, 1e4, 1e8, 1e16, 1e32
#if DBL_MAX_10_EXP > 64
                                , 1e64, 1e128, 1e256
#endif
  };
  double r = 1.0;
  for (uint8_t i = 0; a && i < sizeof kPow / sizeof kPow[0]; ++i, a >>= 1) {
    if (a & 1) r *= kPow[i];
  }
  return a ? DBL_MAX * 2.0 : r;
}

}  // namespace

bool JsonNumber::isInteger() const {
  if (integer_ != 2) return integer_ == 1;
  for (uint8_t i = 0; i < length_; ++i) {
    char c = text_[i];
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  return true;
}

JsonNumber::Status JsonNumber::toInt32(int32_t& out) const {
  return toSigned<int32_t, uint32_t, 0x7fffffffUL>(*this, out);
}

#if SL_USE_INT64
JsonNumber::Status JsonNumber::toInt64(int64_t& out) const {
  return toSigned<int64_t, uint64_t, 0x7fffffffffffffffULL>(*this, out);
}
JsonNumber::Status JsonNumber::toInt(Int& out) const { return toInt64(out); }
#else
JsonNumber::Status JsonNumber::toInt(Int& out) const { return toInt32(out); }
#endif

JsonNumber::Status JsonNumber::toDouble(double& out) const {
#if SL_ARCH_AVR
  typedef uint32_t Mant;
  const uint8_t kMaxDigits = 9;
#else
  typedef uint64_t Mant;
  const uint8_t kMaxDigits = 19;
#endif
  const char* s = text_;
  const char* end = s + length_;
  bool neg = s < end && *s == '-';
  if (neg) ++s;
  Mant m = 0;
  uint8_t digits = 0;
  int32_t e10 = 0;
  bool frac = false;
  for (; s < end; ++s) {
    char c = *s;
    if (c == '.') {
      frac = true;
      continue;
    }
    if (!isDigit(c)) break;
    if (digits < kMaxDigits) {
      if (m || c != '0') {
        m = m * 10 + static_cast<Mant>(c - '0');
        ++digits;
      }
      if (frac) --e10;
    } else if (!frac) {
      ++e10;  // dropped integer digit
    }
  }
  if (truncated_) {
    e10 += expAdjust_;
    e10 += exponent_;
  } else if (s < end && (*s == 'e' || *s == 'E')) {
    ++s;
    bool eneg = s < end && *s == '-';
    if (s < end && (*s == '-' || *s == '+')) ++s;
    int32_t ev = 0;
    for (; s < end && isDigit(*s); ++s) {
      if (ev < 100000) ev = ev * 10 + (*s - '0');
    }
    e10 += eneg ? -ev : ev;
  }
  Status st = Ok;
  double v;
  if (m == 0) {
    v = 0.0;
  } else if (e10 > DBL_MAX_10_EXP + 1) {
    v = DBL_MAX * 2.0;  // +inf
    st = Overflow;
  } else if (e10 < DBL_MIN_10_EXP - kMaxDigits - 5) {
    v = 0.0;
  } else {
    v = static_cast<double>(m);
    if (e10 >= 0) {
      v *= powerOf10(static_cast<uint16_t>(e10));
    } else {
      uint16_t a = static_cast<uint16_t>(-e10);
      // 10^a itself must stay finite: divide in two steps when needed.
      const uint16_t kMax = DBL_MAX_10_EXP - 1;
      if (a > kMax) {
        v /= powerOf10(static_cast<uint16_t>(a - kMax));
        a = kMax;
      }
      v /= powerOf10(a);
    }
    if (v > DBL_MAX) st = Overflow;
  }
  out = neg ? -v : v;
  return st;
}

}  // namespace sl
