#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonNumber.h"

#include <float.h>
#include <string.h>

namespace sl {

namespace {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

// toInt32/toInt64 for a valid number text: the integer part's magnitude is
// built in `out` itself, one byte at a time (least significant first; each
// digit is one 8x8-bit multiply-add per byte, no 32/64-bit multiplication or
// division helper on AVR), then negated there after a '-'. Overflow: a carry
// out of the top byte, or a result whose sign is not the text's (-0 aside);
// then the nearest limit is stored instead. The integer part ends at the end
// of the text or at its '.', 'e' or 'E' (then NotInteger, as isInteger()
// says; the parser's flag, when it gave one, says the same).
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "JsonNumber::toInt32/toInt64 assume a little-endian target"
#endif
template <typename S>
JsonNumber::Status toSigned(const char* s, uint8_t length, uint8_t bits, S& out) {
  // bits: JsonNumber's kTrunc (4) and kReal (8)
  uint8_t status;
#if SL_ARCH_AVR
  // (3 words; avr-gcc branches around two loads, 5)
  __asm__("ldi %[s], %[ok]\n\t"
          "sbrc %[b], 3\n\t"
          "ldi %[s], %[no]"
          : [s] "=&d"(status)
          : [b] "r"(bits), [ok] "M"(JsonNumber::Ok), [no] "M"(JsonNumber::NotInteger));
#else
  status = (bits & 8) ? JsonNumber::NotInteger : JsonNumber::Ok;
#endif
  uint8_t neg = 0;
  if (length && *s == '-') {
    neg = 1;
    ++s;
    --length;
  }
  uint8_t* b = reinterpret_cast<uint8_t*>(&out);
  out = 0;
  uint8_t over = bits & 4;
  for (; length; --length) {
    uint8_t carry = static_cast<uint8_t>(*s++ - '0');
    if (carry > 9) {
      status = JsonNumber::NotInteger;
      break;
    }
#if SL_ARCH_AVR && defined(__AVR_HAVE_MUL__)  // (an ATtiny has no mul: the C++ loop)
    // (the same loop in assembly: the carry byte through mul's r1:r0;
    // about half the flash of avr-gcc's loop)
    // (b itself walks the bytes and is moved back: no second pointer)
    uint8_t n, t;
    __asm__ volatile(
        "ldi %[n], %[size]\n"  // (loaded here: avr-gcc kept sizeof(S) in one more register)
        "1:\tld %[t], %a[q]\n\t"
        "mul %[t], %[ten]\n\t"
        "add r0, %[c]\n\t"
        "clr %[c]\n\t"
        "adc %[c], r1\n\t"
        "st %a[q]+, r0\n\t"
        "dec %[n]\n\t"
        "brne 1b\n\t"
        "sbiw %[q], %[size]\n\t"
        "clr __zero_reg__"
        : [q] "+e"(b), [n] "=&d"(n), [t] "=&r"(t), [c] "+r"(carry)
        : [ten] "r"(static_cast<uint8_t>(10)), [size] "I"(sizeof(S))
        : "memory");
#else
    for (uint8_t i = 0; i < sizeof(S); ++i) {  // out = out * 10 + digit
      const uint16_t x = static_cast<uint16_t>(b[i] * 10u + carry);
      b[i] = static_cast<uint8_t>(x);
      carry = static_cast<uint8_t>(x >> 8);
    }
#endif
    over |= carry;
  }
  uint8_t nonzero = 1;
  if (neg) {
#if SL_ARCH_AVR
    // out = 0 - out with the borrow carried from byte to byte (clr and dec
    // leave it alone); the last borrow says whether out was nonzero.
    uint8_t* q = b;
    uint8_t n = sizeof(S), t, u;
    __asm__ volatile(
        "clc\n"
        "1:\tld %[t], %a[q]\n\t"
        "clr %[u]\n\t"
        "sbc %[u], %[t]\n\t"
        "st %a[q]+, %[u]\n\t"
        "dec %[n]\n\t"
        "brne 1b\n\t"
        "clr %[u]\n\t"
        "rol %[u]"
        : [q] "+e"(q), [n] "+r"(n), [t] "=&r"(t), [u] "=&r"(u)
        :
        : "memory");
    nonzero = u;
#else
    nonzero = 0;  // the borrow of 0 - out
    for (uint8_t i = 0; i < sizeof(S); ++i) {
      const uint8_t x = b[i];
      b[i] = static_cast<uint8_t>(0 - x - nonzero);
      if (x) nonzero = 1;
    }
#endif
  }
  const uint8_t sign = static_cast<uint8_t>(b[sizeof(S) - 1] >> 7);
  if (static_cast<uint8_t>(sign ^ neg) & nonzero) over = 1;
  if (over) {  // 0x7f ff.. ff, or 0x80 00.. 00 after '-'
    const uint8_t m = static_cast<uint8_t>(neg - 1);
    for (uint8_t i = 0; i < sizeof(S) - 1; ++i) b[i] = m;
    b[sizeof(S) - 1] = static_cast<uint8_t>(m ^ 0x80);
    status = JsonNumber::Overflow;
  }
  return static_cast<JsonNumber::Status>(status);
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

// Correct rounding by exact comparison, for the two IEEE formats `double`
// has: binary64 (host, ARM, Xtensa) and binary32 (AVR, where double is float;
// only with SL_JSON_FLOAT_EXACT, see JsonNumber.h).
#if !SL_DOUBLE_IS_FLOAT && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024
#define SL_JSON_NUMBER_EXACT 1
typedef uint64_t FloatBits;
const uint8_t kFracBits = 52;
const int16_t kBiasFrac = 1075;  // value = m2 * 2^(exponent field - kBiasFrac)
// Big-integer limbs: 32 bits, 9 decimal digits or 5^13 per multiplication.
typedef uint32_t Limb;
typedef uint64_t Wide;
const uint32_t kDigitScale = 1000000000u;
const uint8_t kPow5Step = 13;
const Limb kPow5 = 1220703125u;
// Every digit of the text (<= 255 bytes) takes part. Worst comparison: 5^578 *
// 2^54, or D (< 10^255) shifted by up to ~770 bits: ~1400 bits < 46 * 32.
const uint8_t kExactDigits = 255;
const uint8_t kLimbs = 46;
#elif SL_DOUBLE_IS_FLOAT && SL_JSON_FLOAT_EXACT && DBL_MANT_DIG == 24 && DBL_MAX_EXP == 128
#define SL_JSON_NUMBER_EXACT 1
typedef uint32_t FloatBits;
const uint8_t kFracBits = 23;
const int16_t kBiasFrac = 150;
// 8-bit limbs (AVR multiplies 8 x 8 bits): 2 digits or 5^3 per multiplication.
typedef uint8_t Limb;
typedef uint16_t Wide;
const uint32_t kDigitScale = 100;
const uint8_t kPow5Step = 3;
const Limb kPow5 = 125;
// A float halfway point has at most 113 significant digits, so digits past
// 120 only matter as "some were non-zero" (a sticky 1 appended). Worst
// comparison: 5^167 * 2^25 or D (< 10^121) shifted: ~420 bits < 56 * 8.
const uint8_t kExactDigits = 120;
const uint8_t kLimbs = 56;
#endif

#if SL_JSON_NUMBER_EXACT
// Unsigned integer of up to kLimbs limbs (little-endian) on the stack. Growth
// past kLimbs is cut (never written out of bounds), which the sizing above
// rules out.
struct Big {
  enum { kBits = sizeof(Limb) * 8 };
  Limb w[kLimbs];
  uint8_t n;  // limbs in use; w[n - 1] != 0 unless n == 0

  void set(FloatBits v) {
    n = 0;
    while (v) {
      w[n++] = static_cast<Limb>(v);
      v = static_cast<FloatBits>(v >> (kBits - 1) >> 1);  // no UB shift when Limb == FloatBits
    }
  }
  // this = this * mul + add
  void mulAdd(Limb mul, Limb add) {
    Wide carry = add;
    for (uint8_t i = 0; i < n; ++i) {
      Wide t = static_cast<Wide>(static_cast<Wide>(w[i]) * mul + carry);
      w[i] = static_cast<Limb>(t);
      carry = static_cast<Wide>(t >> kBits);
    }
    if (carry && n < kLimbs) w[n++] = static_cast<Limb>(carry);
  }
  void mulPow5(uint16_t e) {
    for (; e >= kPow5Step; e = static_cast<uint16_t>(e - kPow5Step)) mulAdd(kPow5, 0);
    Limb p = 1;
    while (e--) p = static_cast<Limb>(p * 5);
    if (p > 1) mulAdd(p, 0);
  }
  void shiftLeft(uint16_t s) {
    if (!n) return;
    uint16_t limbs = s / kBits;
    uint8_t bits = s % kBits;
    Limb top = bits ? static_cast<Limb>(w[n - 1] >> (kBits - bits)) : 0;
    if (n + limbs + (top ? 1 : 0) > kLimbs) limbs = static_cast<uint16_t>(kLimbs - n - (top ? 1 : 0));  // never
    for (uint8_t i = n; i-- > 0;) {
      Limb v = static_cast<Limb>(w[i] << bits);
      if (bits && i) v = static_cast<Limb>(v | w[i - 1] >> (kBits - bits));
      w[i + limbs] = v;
    }
    for (uint16_t i = 0; i < limbs; ++i) w[i] = 0;
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
// (any '.' skipped), then a digit 1 when `sticky`. Two Bigs on the stack.
int8_t compareExact(const char* first, uint8_t sig, bool sticky, int32_t q, FloatBits h, int32_t p) {
  Big a, b;
  a.n = 0;
  Limb chunk = 0;
  uint32_t scale = 1;
  for (const char* s = first; sig; ++s) {
    if (*s == '.') continue;
    chunk = static_cast<Limb>(chunk * 10 + (*s - '0'));
    scale *= 10;
    --sig;
    if (scale == kDigitScale || !sig) {
      a.mulAdd(static_cast<Limb>(scale), chunk);
      chunk = 0;
      scale = 1;
    }
  }
  if (sticky) {
    a.mulAdd(10, 1);
    --q;
  }
  b.set(h);
  int32_t ea = 0, eb = p;
  if (q >= 0) {
    a.mulPow5(static_cast<uint16_t>(q));
    ea = q;
  } else {
    b.mulPow5(static_cast<uint16_t>(-q));
    eb = p - q;
  }
  if (ea > eb) {
    a.shiftLeft(static_cast<uint16_t>(ea - eb));
  } else {
    b.shiftLeft(static_cast<uint16_t>(eb - ea));
  }
  return a.compare(b);
}

// The halfway point between the positive value with these bits and the next
// one up: h * 2^p.
void upperHalf(FloatBits bits, FloatBits& h, int32_t& p) {
  const FloatBits kOne = static_cast<FloatBits>(1) << kFracBits;
  FloatBits ef = bits >> kFracBits, mf = bits & (kOne - 1);
  h = 2 * (ef ? (mf | kOne) : mf) + 1;
  p = static_cast<int32_t>(ef ? ef : 1) - kBiasFrac - 1;
}

// r(bits): the decimal D * 10^q rounds (half-even) to at most the positive
// value with these bits (bits below infinity). Monotone in bits.
struct RoundsTo {
  const char* first;
  uint8_t sig;
  bool sticky;
  int32_t q;
  bool operator()(FloatBits bits) const {
    FloatBits h;
    int32_t p;
    upperHalf(bits, h, p);
    int8_t c = compareExact(first, sig, sticky, q, h, p);
    return c < 0 || (c == 0 && !(h & 2));  // below the halfway point, or a tie and even
  }
};
#endif

}  // namespace

bool JsonNumber::isInteger() const {
  if (!(bits_ & kScan)) return !(bits_ & kReal);
  for (uint8_t i = 0; i < length_; ++i) {
    char c = text_[i];
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  return true;
}

JsonNumber::Status JsonNumber::toInt32(const char* text, int32_t& out, uint8_t length, uint8_t bits) {
  return toSigned<int32_t>(text, length, bits, out);
}

#if SL_USE_INT64
JsonNumber::Status JsonNumber::toInt64(int64_t& out) const {
  return toSigned<int64_t>(text_, length_, bits_, out);
}
JsonNumber::Status JsonNumber::toInt(Int& out) const { return toInt64(out); }
#else
JsonNumber::Status JsonNumber::toInt(Int& out) const { return toInt32(out); }
#endif

JsonNumber::Status JsonNumber::toDouble(double& out) const {
#if !SL_DOUBLE_IS_FLOAT
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
  if (bits_ & kTrunc) {
    if (expAdjust_ == kUnknownCut) {
      out = 0.0;
      return Truncated;
    }
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
#if !SL_DOUBLE_IS_FLOAT
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
    // v is usually within a few ulp (further when the estimate underflowed):
    // search the bit patterns around it, doubling the step, then bisect, for
    // the correctly rounded value, by exact comparisons with halfway points.
    if (!(v <= DBL_MAX)) v = DBL_MAX;
    FloatBits bits;
    memcpy(&bits, &v, sizeof bits);
    RoundsTo r;
    r.first = d.first;
    r.sig = d.sig;
    r.sticky = r.sig > kExactDigits;
    if (r.sticky) r.sig = kExactDigits;
    r.q = dexp - static_cast<int32_t>(r.sig);
    const FloatBits kInf = static_cast<FloatBits>(DBL_MAX_EXP * 2 - 1) << kFracBits;
    FloatBits lo, hi, step = 1;  // !r(lo) (or lo = 0 unknown), r(hi)
    if (r(bits)) {
      hi = bits;
      for (;;) {
        if (hi < step) {
          if (r(0)) hi = 0;
          lo = 0;
          break;
        }
        FloatBits t = hi - step;
        if (!r(t)) {
          lo = t;
          break;
        }
        hi = t;
        step *= 2;
      }
    } else {
      lo = bits;
      for (;;) {
        if (kInf - lo <= step) {
          hi = kInf;
          break;
        }
        FloatBits t = lo + step;
        if (r(t)) {
          hi = t;
          break;
        }
        lo = t;
        step *= 2;
      }
    }
    while (hi - lo > 1) {
      FloatBits mid = lo + (hi - lo) / 2;
      if (r(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    memcpy(&v, &hi, sizeof v);
#endif
    if (v > DBL_MAX) st = Overflow;
  }
  out = neg ? -v : v;
  return st;
}

}  // namespace sl
