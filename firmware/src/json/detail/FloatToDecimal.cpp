// Shortest-ish float -> decimal digits (see FloatToDecimal.h for the contract).
//
// Method (after Loitsch, "Printing floating-point numbers quickly and
// accurately", 2010, Grisu2): scale the value and its rounding interval
// [m-, m+] by a power of ten into Q-bit fixed point, then emit digits of the
// scaled upper bound until the remainder fits inside the interval, nudging the
// last digit towards the scaled value. The power 10^k is coarse[k / step] *
// 5^(k % step) * 2^(k % step), with the coarse table rounded to nearest, so
// each scaled bound is off by at most ~2.5 units in the last place; the
// interval is narrowed by kMargin units on both sides so every emitted decimal
// lies strictly inside the true interval and therefore round-trips. For
// 10^0..10^(step-1) the power is exact and the bounds are rounded inwards
// instead (no margin): most everyday values (1e-3 .. 100) take that path.
#include "FloatToDecimal.h"

namespace sl {
namespace detail {
namespace {

template <typename U>
struct Fp {
  U f;
  int16_t e;
};

// 10^(14 j), j = -3..3, normalized to 32 bits: f * 2^e, round to nearest.
const Fp<uint32_t> kCoarse32[] SL_PROGMEM = {
    {0xb267ed19UL, -171}, {0xfd87b5f3UL, -125}, {0xb424dc35UL, -78}, {0x80000000UL, -31},
    {0xb5e620f5UL, 15},   {0x813f3979UL, 62},   {0xb7abc627UL, 108},
};

struct Float32 {
  typedef float Real;
  typedef uint32_t U;
  enum { kQ = 32, kMantBits = 23, kExpMask = 0xff, kBias = 127, kStep = 14, kMinJ = -3, kMaxJ = 3, kMaxDigits = 10 };
  static const Fp<U>* coarse() { return kCoarse32; }
  // ~ceil(x log10(2)) for |x| < 200, in 16-bit arithmetic (off by one at
  // most; the caller corrects).
  static int ceilLog10Pow2(int x) { return (x * 77 + 255) >> 8; }
  static void mulFull(U a, U b, U& hi, U& lo) {
    uint64_t p = static_cast<uint64_t>(a) * b;
#if SL_ARCH_AVR
    U half[2];  // little-endian halves; avoids avr-gcc's 64-bit shift helper
    memcpy(half, &p, sizeof half);
    lo = half[0];
    hi = half[1];
#else
    hi = static_cast<U>(p >> 32);
    lo = static_cast<U>(p);
#endif
  }
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

}  // namespace

Decimal::Kind toDecimal(float v, Decimal& out) { return convert<Float32>(v, out); }
#if !SL_DOUBLE_IS_FLOAT
Decimal::Kind toDecimal(double v, Decimal& out) { return convert<Float64>(v, out); }
#endif

}  // namespace detail
}  // namespace sl
