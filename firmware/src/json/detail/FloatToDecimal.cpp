// Float/double -> decimal digits (see FloatToDecimal.h for the contract).
//
// float: decimal digit rows, see "float" below (8-bit arithmetic only, small
// on AVR).
//
// double (only where it is wider than float): after Loitsch, "Printing
// floating-point numbers quickly and accurately", 2010, Grisu2: scale the
// value and its rounding interval [m-, m+] by a power of ten into 64-bit
// fixed point, then emit digits of the scaled upper bound until the remainder
// fits inside the interval, nudging the last digit towards the scaled value.
// The power 10^k is coarse[k / step] * 5^(k % step) * 2^(k % step), with the
// coarse table rounded to nearest, so each scaled bound is off by at most
// ~2.5 units in the last place; the interval is narrowed by kMargin units on
// both sides so every emitted decimal lies strictly inside the true interval
// and therefore round-trips. For 10^0..10^(step-1) the power is exact and the
// bounds are rounded inwards instead (no margin).
#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "FloatToDecimal.h"

namespace sl {
namespace detail {
namespace {

template <typename U>
struct Fp {
  U f;
  int16_t e;
};

#if !SL_DOUBLE_IS_FLOAT
// 10^(28 j), j = -11..11, normalized to 64 bits: f * 2^e, round to nearest.
const Fp<uint64_t> kCoarse64[] SL_PROGMEM = {
    {0xe61acf033d1a45dfULL, -1087}, {0xe858ad248f5c22caULL, -994}, {0xea9c227723ee8bcbULL, -901},
    {0xece53cec4a314ebeULL, -808},  {0xef340a98172aace5ULL, -715}, {0xf18899b1bc3f8ca2ULL, -622},
    {0xf3e2f893dec3f126ULL, -529},  {0xf64335bcf065d37dULL, -436}, {0xf8a95fcf88747d94ULL, -343},
    {0xfb158592be068d2fULL, -250},  {0xfd87b5f28300ca0eULL, -157}, {0x8000000000000000ULL, -63},
    {0x813f3978f8940984ULL, 30},    {0x82818f1281ed44a0ULL, 123},  {0x83c7088e1aab65dbULL, 216},
    {0x850fadc09923329eULL, 309},   {0x865b86925b9bc5c2ULL, 402},  {0x87aa9aff79042287ULL, 495},
    {0x88fcf317f22241e2ULL, 588},   {0x8a5296ffe33cc930ULL, 681},  {0x8bab8eefb6409c1aULL, 774},
    {0x8d07e33455637eb3ULL, 867},   {0x8e679c2f5e44ff8fULL, 960},
};

struct Float64 {
  typedef double Real;
  typedef uint64_t U;
  enum { kQ = 64, kMantBits = 52, kExpMask = 0x7ff, kBias = 1023, kStep = 28, kMinJ = -11, kMaxJ = 11, kMaxDigits = 18 };
  static const Fp<U>* coarse() { return kCoarse64; }
  static int ceilLog10Pow2(int x) { return static_cast<int>((x * 315653L + (1L << 20) - 1) >> 20); }
  static void mulFull(U a, U b, U& hi, U& lo) {
    const U m32 = 0xffffffffULL;
    U ll = (a & m32) * (b & m32), lh = (a & m32) * (b >> 32);
    U hl = (a >> 32) * (b & m32), hh = (a >> 32) * (b >> 32);
    U mid = (ll >> 32) + (lh & m32) + (hl & m32);
    hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    lo = (mid << 32) | (ll & m32);
  }
};
#endif

#if !SL_DOUBLE_IS_FLOAT
// Units in the last place by which the scaled interval is narrowed per side
// (bound error: coarse power 0.5 + power product 1 + bound product 0.5, times
// at most 2^Q / 2^(Q-1) after normalization; 3 covers it).
const int kMargin = 3;

template <typename T>
typename T::U topBit() {
  return static_cast<typename T::U>(static_cast<typename T::U>(1) << (T::kQ - 1));
}

// 10^k as a normalized Q-bit fixed-point number.
template <typename T>
Fp<typename T::U> power10(int k) {
  typedef typename T::U U;
  int j = k >= 0 ? k / T::kStep : -((T::kStep - 1 - k) / T::kStep);
  int r = k - j * T::kStep;
  if (j < T::kMinJ) j = T::kMinJ;  // unreachable for finite values; keeps reads in bounds
  if (j > T::kMaxJ) j = T::kMaxJ;
  Fp<U> c;
#if SL_ARCH_AVR
  memcpy_P(&c, T::coarse() + (j - T::kMinJ), sizeof c);
#else
  c = T::coarse()[j - T::kMinJ];
#endif
  U s = 1;  // 5^r, exact: r < kStep
  for (int i = 0; i < r; ++i) s *= 5;
  int e = c.e + r + T::kQ;
  while (!(s & topBit<T>())) {
    s <<= 1;
    --e;
  }
  U hi, lo;
  T::mulFull(c.f, s, hi, lo);
  if (!(hi & topBit<T>())) {
    hi = static_cast<U>((hi << 1) | (lo >> (T::kQ - 1)));
    lo = static_cast<U>(lo << 1);
    --e;
  }
  if (lo & topBit<T>()) {
    if (++hi == 0) {
      hi = topBit<T>();
      ++e;
    }
  }
  c.f = hi;
  c.e = static_cast<int16_t>(e);
  return c;
}

template <typename T>
Decimal::Kind convert(typename T::Real v, Decimal& out) {
  typedef typename T::U U;
  const int q = T::kQ;
  const int alpha = -(q - 4);  // scaled exponent window [alpha, alpha + 3]

  U bits;
  memcpy(&bits, &v, sizeof bits);
  const U one = 1;
  out.negative = (bits >> (q - 1)) != 0;
  U frac = bits & ((one << T::kMantBits) - 1);
  int bexp = static_cast<int>((bits >> T::kMantBits) & T::kExpMask);
  if (bexp == T::kExpMask) return Decimal::kNotFinite;
  if (bexp == 0 && frac == 0) {
    out.digits[0] = '0';
    out.count = 1;
    out.exponent = 0;
    return Decimal::kZero;
  }
  U f = frac;
  int e = 1 - T::kBias - T::kMantBits;
  if (bexp) {
    f |= one << T::kMantBits;
    e = bexp - T::kBias - T::kMantBits;
  }
  // Rounding interval: m+ = (2f+1) 2^(e-1) and m- = (2f-1) 2^(e-1), or
  // m- = (4f-1) 2^(e-2) when f is a power of two (the gap below is half as
  // wide). Normalized to Q bits: m+ = mp 2^ep, w = m+ - half, m- = w - half
  // (or w - half/2).
  U mp = (f << 1) + 1;
  U half = 1;
  int ep = e - 1;
  while (!(mp & topBit<T>())) {
    mp <<= 1;
    half <<= 1;
    --ep;
  }
  U w = mp - half;
  U mm = w - ((frac == 0 && bexp > 1) ? (half >> 1) : half);

  // Pick k so that the scaled exponent ep + ek + q lands in the window.
  int k = T::ceilLog10Pow2(alpha - ep - 1);
  Fp<U> c;
  int scaled;
  for (;;) {
    c = power10<T>(k);
    scaled = ep + c.e + q;
    if (scaled < alpha) {
      ++k;
    } else if (scaled > alpha + 3) {
      --k;
    } else {
      break;
    }
  }
  // Scaled bounds, strictly inside the true interval: with an exact power
  // (10^0..10^(step-1), no coarse factor) by directed rounding, otherwise by
  // the error margin. The value itself is rounded to nearest.
  const bool exact = k >= 0 && k < T::kStep;
  U scaledOf[3];  // upper bound, lower bound, value
  for (uint8_t i = 0; i < 3; ++i) {
    U hi, lo;
    T::mulFull(i == 0 ? mp : i == 1 ? mm : w, c.f, hi, lo);
    if (exact && i == 0) {
      hi -= (lo == 0);
    } else if (exact && i == 1) {
      hi += 1;
    } else {
      hi += lo >> (q - 1);
      if (i == 0) hi -= kMargin;
      if (i == 1) hi += kMargin;
    }
    scaledOf[i] = hi;
  }
  const U upper = scaledOf[0];
  const U lower = scaledOf[1];
  const U wScaled = scaledOf[2];

  const uint8_t shift = static_cast<uint8_t>(-scaled);  // q-7 .. q-4
  const U unitOne = one << shift;
  U delta = upper - lower;
  U wpw = upper - wScaled;  // distance from the upper bound to the value
  // Digits of the upper bound until its rest fits in the interval: first
  // the integral part (3..127), then fractional digits.
  uint8_t p1 = static_cast<uint8_t>(upper >> shift);
  U p2 = upper & (unitOne - 1);
  uint8_t div = p1 >= 100 ? 100 : p1 >= 10 ? 10 : 1;
  char* o = out.digits;
  char* const end = out.digits + T::kMaxDigits;
  int exponent = -k;
  U rest, tenKappa = unitOne;
  for (;;) {
    *o++ = static_cast<char>('0' + p1 / div);
    p1 = static_cast<uint8_t>(p1 % div);
    div = static_cast<uint8_t>(div / 10);
    rest = (static_cast<U>(p1) << shift) + p2;
    if (rest <= delta) {  // stop inside the integral part (wide intervals: subnormals)
      for (uint8_t d = div; d; d = static_cast<uint8_t>(d / 10)) {
        tenKappa *= 10;
        ++exponent;
      }
      break;
    }
    if (!div) {
      while (p2 > delta && o < end) {  // (the bound is never reached)
        p2 *= 10;
        delta *= 10;
        wpw *= 10;  // <= delta: no overflow
        *o++ = static_cast<char>('0' + (p2 >> shift));
        p2 &= unitOne - 1;
        --exponent;
      }
      rest = p2;
      break;
    }
  }
  // Move the last digit down while that stays inside the interval and gets
  // closer to the value.
  while (rest < wpw && delta - rest >= tenKappa && o[-1] > '0') {
    U next = rest + tenKappa;  // <= delta: no overflow
    if (next >= wpw && next - wpw >= wpw - rest) break;
    --o[-1];
    rest = next;
  }
  while (o > out.digits + 1 && o[-1] == '0') {
    --o;
    ++exponent;
  }
  out.count = static_cast<uint8_t>(o - out.digits);
  out.exponent = static_cast<int16_t>(exponent);
  return Decimal::kDigits;
}

#endif  // !SL_DOUBLE_IS_FLOAT

// ---- float: decimal digit rows, 8-bit arithmetic only (small on AVR) ----
//
// The upper bound, the value and the lower bound of the rounding interval,
// 4m+2, 4m and 4m-2 (4m-1 at a power of two) times 2^(e-2), are loaded into
// rows of kRow decimal digits (one digit per byte, one shared decimal
// exponent) exactly, then doubled or halved |e-2| times. Halving drops a
// remainder only while the upper row's leading digit is non-zero (once it
// is, it stays so), and doubling drops the last digit when the upper row
// overflows; each drop lowers a row by less than 1.5 * 10^-(kRow-1) of its
// value (the lower row is at least a third of the upper one), at most ~180
// times, so every row ends below its true value by less than 10^4 units in
// the last place, and nothing is dropped if the upper row still has a
// leading zero. The upper row is lowered by one more unit and the lower row
// raised by 10^4 units (1 unit if nothing was dropped): every decimal strictly
// between them is strictly inside the true interval, so it reads back as the
// same float. The shortest such decimal is the common prefix of the two rows
// plus one digit, chosen nearest to the value row. That is the shortest
// round-trip decimal unless the latter lies on the interval's edge or within
// ~10^-11 (relative) of it.
const uint8_t kRow = 16;

// Adds delta (-2..2) at row[pos], with carry/borrow towards row[0] (digits
// 3 bytes apart).
void bump(uint8_t* row, uint8_t pos, int8_t delta) {
  for (;;) {
    int8_t d = static_cast<int8_t>(row[pos] + delta);
    delta = 0;
    if (d < 0) {
      d = static_cast<int8_t>(d + 10);
      delta = -1;
    } else if (d >= 10) {
      d = static_cast<int8_t>(d - 10);
      delta = 1;
    }
    row[pos] = static_cast<uint8_t>(d);
    if (!delta || pos < 3) return;
    pos = static_cast<uint8_t>(pos - 3);
  }
}

}  // namespace

Decimal::Kind toDecimal(float v, Decimal& out) {
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  const uint16_t top = static_cast<uint16_t>(bits >> 16);  // sign, exponent, 7 mantissa bits
  out.negative = (top >> 15) != 0;
  const uint8_t bexp = static_cast<uint8_t>(top >> 7);
  if (bexp == 0xff) return Decimal::kNotFinite;
  uint32_t src = bits << 8;  // the mantissa m at bits 30..8 (bit 31: set below)
  const bool noFraction = !(src << 1);
  char* o = out.digits;
  if (!bexp && noFraction) {
    *o = '0';
    out.count = 1;
    out.exponent = 0;
    return Decimal::kZero;
  }
  // value = m 2^e; after loading 4m, e - 2 more doublings (e > 2) or
  // 2 - e halvings (e < 2)
  uint8_t more = 0;        // < 103
  uint8_t halvings = 151;  // < 152
  const bool powerOfTwo = noFraction && bexp > 1;  // the gap below is half as wide
  src &= 0x7fffffffUL;
  if (bexp) {
    src |= 0x80000000UL;  // the implicit leading one
    halvings = 0;
    if (bexp > 152) more = static_cast<uint8_t>(bexp - 152);
    if (bexp < 152) halvings = static_cast<uint8_t>(152 - bexp);
  }
  // src = 4m (< 2^26) with its top bit at bit 31

  // Digit-major: rows[3j + r] is digit j (most significant first) of row r
  // (0 upper, 1 value, 2 lower), so one loop shifts all three rows. The
  // three bytes before the rows hold the carries out of the doubling (so
  // shifting right by a digit moves them in), the three after them the
  // remainders of the halving.
  uint8_t buf[3 + 3 * kRow + 3];
  for (uint8_t* p = buf; p != buf + sizeof buf; ++p) *p = 0;
  uint8_t* const rows = buf + 3;
  uint8_t* const end = rows + 3 * kRow;
  uint8_t* const upper = rows;
  uint8_t* const lower = rows + 2;  // (the value row is rows + 1)
  int8_t x = 0;  // decimal exponent of the last digit (-60..40)
  // 26 doublings load 4m bit by bit into all rows (upper and lower then
  // become 4m+2 and 4m-2 or 4m-1), then `more` doublings.
  for (uint8_t n = static_cast<uint8_t>(26 + more);; --n) {
    if (n == more) {
      bump(upper, 3 * (kRow - 1), 2);
      bump(lower, 3 * (kRow - 1), static_cast<int8_t>(powerOfTwo - 2));
    }
    if (!n) break;
    uint8_t bit = 0;
    if (src & 0x80000000UL) bit = 1;
    buf[0] = buf[1] = buf[2] = bit;
    src <<= 1;
    uint8_t r = 2;
    for (uint8_t* p = end; p != rows;) {
      uint8_t d = static_cast<uint8_t>(*--p * 2 + buf[r]);
      buf[r] = d >= 10;
      if (buf[r]) d = static_cast<uint8_t>(d - 10);
      *p = d;
      if (!r) r = 3;
      --r;
    }
    if (buf[0]) {  // the upper row overflows: shift right, dropping the last digit
      ++x;
      for (uint8_t* p = end - 1; p != buf + 2; --p) *p = p[-3];
    }
  }
  for (; halvings; --halvings) {
    end[0] = end[1] = end[2] = 0;
    uint8_t r = 0;
    for (uint8_t* p = rows; p != end; ++p) {
      uint8_t d = static_cast<uint8_t>(end[r] * 10 + *p);
      *p = d >> 1;
      end[r] = d & 1;
      if (++r == 3) r = 0;
    }
    if (!rows[0]) {  // shift left, keeping the remainders (0 or 5)
      --x;
      for (uint8_t* p = rows; p != end; ++p) {
        uint8_t d = p[3];
        if (p >= end - 3) d = static_cast<uint8_t>(d * 5);
        *p = d;
      }
    }
  }
  uint8_t* z = upper;  // leading zeros: the rows were never full, so nothing was dropped
  while (!*z) z += 3;
  bump(lower, z != upper ? 3 * (kRow - 1) : 3 * (kRow - 5), 1);
  bump(upper, 3 * (kRow - 1), -1);
  while (!*z) z += 3;  // 1000.. - 1 = 0999..
  // u: the first digit where upper (u[0]) and lower (u[2]) differ (upper > lower).
  uint8_t* u = upper;
  int16_t exponent = static_cast<int16_t>(x + (kRow - 1));
  for (; u[0] == u[2]; u += 3) --exponent;
  uint8_t t = u[1];  // the value's digit, rounded by its next one (when u is
  if (u[4] >= 5) ++t;  // the last digit, u[4] is a halving slot: 0, none ran)
  if (t > u[0]) t = u[0];
  if (t <= u[2]) t = static_cast<uint8_t>(u[2] + 1);
  *u = t;
  for (; z <= u; z += 3) *o++ = static_cast<char>('0' + *z);
  out.count = static_cast<uint8_t>(o - out.digits);
  out.exponent = exponent;
  return Decimal::kDigits;
}

namespace {
}  // namespace

#if !SL_DOUBLE_IS_FLOAT
Decimal::Kind toDecimal(double v, Decimal& out) { return convert<Float64>(v, out); }
#endif

}  // namespace detail
}  // namespace sl
