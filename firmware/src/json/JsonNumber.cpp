#include "JsonNumber.h"

#include <float.h>
#include <string.h>

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

// The significant digits of a number text: value = 0.D * 10^dexp where D is
// the digits from the first non-zero one; `sig` of them up to the last
// non-zero one. `m` holds the first min(sig, kMaxDigits) digits, so
// m * 10^(dexp - mDigits) is the value cut after them.
template <typename Mant, uint8_t kMaxDigits>
struct Digits {
  const char* first;  // first significant digit (or end)
  uint8_t sig;
  uint8_t mDigits;
  int32_t dexp;
  Mant m;
  // Scans [s, end) (no sign); returns where the digits and '.' stop.
  const char* scan(const char* s, const char* end) {
    first = end;
    sig = 0;
    mDigits = 0;
    dexp = 0;
    m = 0;
    bool frac = false;
    uint8_t n = 0;  // digits from the first significant one (text <= 255 bytes)
    for (; s < end; ++s) {
      char c = *s;
      if (c == '.') {
        frac = true;
        continue;
      }
      if (!isDigit(c)) break;
      if (n == 0 && c == '0') {
        if (frac) --dexp;  // leading fraction zero
        continue;
      }
      if (n == 0) first = s;
      ++n;
      if (!frac) ++dexp;
      if (c != '0') sig = n;
      if (mDigits < kMaxDigits) {
        m = m * 10 + static_cast<Mant>(c - '0');
        ++mDigits;
      }
    }
    return s;
  }
};

#if !SL_DOUBLE_IS_FLOAT && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024
#define SL_JSON_NUMBER_EXACT 1

// Unsigned integer of up to kLimbs 32-bit limbs (little-endian), on the
// stack. Sized for the worst comparison in toDouble(): at most 254
// significant digits (the text is at most 255 bytes) and a decimal exponent
// the value keeps within [1e-324, 1e310): 5^577 * (2^54) or D * 2^(-1076 - q),
// at most ~1400 bits; 46 limbs hold 1472. Growth past that is cut (never
// written out of bounds), which the sizing rules out.
struct Big {
  enum { kLimbs = 46 };
  uint32_t w[kLimbs];
  uint8_t n;  // limbs in use; w[n - 1] != 0 unless n == 0

  void set(uint64_t v) {
    w[0] = static_cast<uint32_t>(v);
    w[1] = static_cast<uint32_t>(v >> 32);
    n = w[1] ? 2 : (w[0] ? 1 : 0);
  }
  // this = this * mul + add
  void mulAdd(uint32_t mul, uint32_t add) {
    uint64_t carry = add;
    for (uint8_t i = 0; i < n; ++i) {
      uint64_t t = static_cast<uint64_t>(w[i]) * mul + carry;
      w[i] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    if (carry && n < kLimbs) w[n++] = static_cast<uint32_t>(carry);
  }
  void mulPow5(uint32_t e) {
    for (; e >= 13; e -= 13) mulAdd(1220703125u, 0);  // 5^13
    uint32_t p = 1;
    while (e--) p *= 5;
    if (p > 1) mulAdd(p, 0);
  }
  void shiftLeft(uint32_t s) {
    if (!n) return;
    uint32_t limbs = s / 32, bits = s % 32;
    uint32_t top = bits ? w[n - 1] >> (32 - bits) : 0;
    if (n + limbs + (top ? 1 : 0) > kLimbs) limbs = kLimbs - n - (top ? 1 : 0);  // never (see above)
    for (uint8_t i = n; i-- > 0;) {
      uint32_t v = w[i] << bits;
      if (bits && i) v |= w[i - 1] >> (32 - bits);
      w[i + limbs] = v;
    }
    for (uint32_t i = 0; i < limbs; ++i) w[i] = 0;
    n = static_cast<uint8_t>(n + limbs);
    if (top) w[n++] = top;
  }
  int8_t compare(const Big& o) const {
    if (n != o.n) return n > o.n ? 1 : -1;
    for (uint8_t i = n; i-- > 0;) {
      if (w[i] != o.w[i]) return w[i] > o.w[i] ? 1 : -1;
    }
    return 0;
  }
};

// Sign of D * 10^q - h * 2^p, D = the `sig` significant digits from `first`
// (any '.' skipped). About 2 * 188 bytes of stack.
int8_t compareExact(const char* first, uint8_t sig, int32_t q, uint64_t h, int32_t p) {
  Big a, b;
  a.n = 0;
  uint32_t chunk = 0, scale = 1;
  for (const char* s = first; sig; ++s) {
    if (*s == '.') continue;
    chunk = chunk * 10 + static_cast<uint32_t>(*s - '0');
    scale *= 10;
    --sig;
    if (scale == 1000000000u || !sig) {
      a.mulAdd(scale, chunk);
      chunk = 0;
      scale = 1;
    }
  }
  b.set(h);
  int32_t ea = 0, eb = p;
  if (q >= 0) {
    a.mulPow5(static_cast<uint32_t>(q));
    ea = q;
  } else {
    b.mulPow5(static_cast<uint32_t>(-q));
    eb = p - q;
  }
  if (ea > eb) {
    a.shiftLeft(static_cast<uint32_t>(ea - eb));
  } else {
    b.shiftLeft(static_cast<uint32_t>(eb - ea));
  }
  return a.compare(b);
}

// The halfway point between the positive double with these bits and the
// next one up: h * 2^p.
void upperHalf(uint64_t bits, uint64_t& h, int32_t& p) {
  uint64_t ef = bits >> 52, mf = bits & ((static_cast<uint64_t>(1) << 52) - 1);
  uint64_t m2 = ef ? (mf | static_cast<uint64_t>(1) << 52) : mf;
  h = 2 * m2 + 1;
  p = (ef ? static_cast<int32_t>(ef) - 1075 : -1074) - 1;
}
#endif

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
#if SL_JSON_NUMBER_EXACT
  typedef uint64_t Mant;
  const uint8_t kMaxDigits = 19;
#else
  typedef uint32_t Mant;
  const uint8_t kMaxDigits = 9;
#endif
  const char* s = text_;
  const char* end = s + length_;
  bool neg = s < end && *s == '-';
  if (neg) ++s;
  Digits<Mant, kMaxDigits> d;
  s = d.scan(s, end);
  int32_t dexp = d.dexp;
  if (truncated_) {
    dexp += expAdjust_;
    dexp += exponent_;
  } else if (s < end && (*s == 'e' || *s == 'E')) {
    ++s;
    bool eneg = s < end && *s == '-';
    if (s < end && (*s == '-' || *s == '+')) ++s;
    int32_t ev = 0;
    for (; s < end && isDigit(*s); ++s) {
      if (ev < 100000) ev = ev * 10 + (*s - '0');
    }
    dexp += eneg ? -ev : ev;
  }
  Status st = Ok;
  double v;
  // The value lies in [10^(dexp-1), 10^dexp).
  if (d.sig == 0 || dexp < DBL_MIN_10_EXP - DBL_DIG - 2) {
    v = 0.0;  // zero, or below half the smallest subnormal
  } else if (dexp > DBL_MAX_10_EXP + 1) {
    v = DBL_MAX * 2.0;  // +inf
    st = Overflow;
  } else {
    Mant m = d.m;
    int32_t e10 = dexp - d.mDigits;
#if SL_JSON_NUMBER_EXACT
    // Clinger's fast path: both factors exact, one rounding.
    if (d.sig <= 15) {
      for (uint8_t k = d.mDigits; k > d.sig; --k) {
        m /= 10;
        ++e10;
      }
    }
    if (d.sig <= 15 && e10 >= -22 && e10 <= 22) {
      v = static_cast<double>(m);
      if (e10 >= 0) {
        v *= powerOf10(static_cast<uint16_t>(e10));
      } else {
        v /= powerOf10(static_cast<uint16_t>(-e10));
      }
      out = neg ? -v : v;
      return Ok;
    }
#endif
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
#if SL_JSON_NUMBER_EXACT
    // v is within a few ulp: step to the correctly rounded double (ties to
    // even) by exact comparisons with the halfway points around it.
    if (!(v <= DBL_MAX)) v = DBL_MAX;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    const uint64_t kInf = static_cast<uint64_t>(0x7ff) << 52;
    int32_t q = dexp - static_cast<int32_t>(d.sig);
    int8_t moved = 0;  // +1 up, -1 down: that side is settled
    for (;;) {
      uint64_t h;
      int32_t p;
      if (moved >= 0) {
        upperHalf(bits, h, p);
        int8_t c = compareExact(d.first, d.sig, q, h, p);
        if (c > 0 || (c == 0 && (h & 2))) {  // above, or a tie and odd
          moved = 1;
          if (++bits == kInf) break;
          continue;
        }
        if (moved > 0) break;
      }
      if (bits == 0) break;
      upperHalf(bits - 1, h, p);
      int8_t c = compareExact(d.first, d.sig, q, h, p);
      if (c < 0 || (c == 0 && !(h & 2))) {  // below, or a tie and the lower is even
        moved = -1;
        --bits;
        continue;
      }
      break;
    }
    memcpy(&v, &bits, sizeof v);
#endif
    if (v > DBL_MAX) st = Overflow;
  }
  out = neg ? -v : v;
  return st;
}

}  // namespace sl
