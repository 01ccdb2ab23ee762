// sl::JsonNumber::toDouble: correctly rounded (half-even) on IEEE double
// targets, checked against the doubles JSON.parse reads (number_cases.h) and
// by round trips through the writer's digits (detail::toDecimal); on AVR
// (double = float) the float path within its documented few ulp.
#include <float.h>
#include <string.h>

#include "SlTest.h"
#include "json/JsonNumber.h"
#include "json/detail/FloatToDecimal.h"

namespace {

sl::JsonNumber::Status parse(const char* t, double& out) {
  sl::JsonNumber n(t, strlen(t));
  return n.toDouble(out);
}

uint32_t rng32(uint32_t& s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

// Text of a Decimal as the writer spells it (digits, 'e', exponent).
size_t spell(const sl::detail::Decimal& d, char* buf) {
  size_t n = 0;
  if (d.negative) buf[n++] = '-';
  for (uint8_t i = 0; i < d.count; ++i) buf[n++] = d.digits[i];
  buf[n++] = 'e';
  int e = d.exponent;
  if (e < 0) {
    buf[n++] = '-';
    e = -e;
  }
  char tmp[6];
  uint8_t k = 0;
  do {
    tmp[k++] = static_cast<char>('0' + e % 10);
    e /= 10;
  } while (e);
  while (k) buf[n++] = tmp[--k];
  buf[n] = 0;
  return n;
}

#if defined(__AVR__) || defined(__arm__) || defined(__XTENSA__) || defined(__xtensa__)
const uint32_t kRoundTrips = 300;  // simulated boards: keep the run short
#else
const uint32_t kRoundTrips = 200000;
#endif

}  // namespace

#include "number_cases.h"

#if !SL_DOUBLE_IS_FLOAT

uint64_t bitsOf(double v) {
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  return b;
}
double fromBits(uint64_t b) {
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

TEST_CASE(number_double_cases_match_json_parse) {
  for (size_t i = 0; i < sizeof kNumberCases / sizeof kNumberCases[0]; ++i) {
    const NumberCase& c = kNumberCases[i];
    double v;
    sl::JsonNumber::Status st = parse(c.text, v);
    bool inf = (c.bits & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL;
    if (bitsOf(v) != c.bits || st != (inf ? sl::JsonNumber::Overflow : sl::JsonNumber::Ok)) {
      CHECK_EQ_STR(c.text, "(reads as the double JSON.parse reads)");
      CHECK_EQ_INT(bitsOf(v), c.bits);
      CHECK_EQ_INT(st, inf ? sl::JsonNumber::Overflow : sl::JsonNumber::Ok);
    }
  }
}

// Random bit patterns (every exponent, subnormals too): the writer's digits
// read back as the same double.
TEST_CASE(number_double_round_trip_through_writer_digits) {
  uint32_t s = 0x9e3779b9u;
  char buf[40];
  uint32_t bad = 0;
  for (uint32_t i = 0; i < kRoundTrips && bad < 5; ++i) {
    uint64_t b = (static_cast<uint64_t>(rng32(s)) << 32) | rng32(s);
    if (i % 4 == 0) b &= 0x800fffffffffffffULL >> (rng32(s) % 53);  // subnormals of every size
    double x = fromBits(b);
    sl::detail::Decimal d;
    if (sl::detail::toDecimal(x, d) != sl::detail::Decimal::kDigits) continue;
    spell(d, buf);
    double y = 0;
    if (parse(buf, y) != sl::JsonNumber::Ok || bitsOf(y) != b) {
      ++bad;
      CHECK_EQ_STR(buf, "(reads back as the double it came from)");
      CHECK_EQ_INT(bitsOf(y), b);
    }
  }
  CHECK_EQ_INT(bad, 0);
}

// The ends of the range: zero, the smallest subnormal, DBL_MAX, infinity.
TEST_CASE(number_double_range_ends) {
  double v;
  CHECK_EQ_INT(parse("4.9406564584124654e-324", v), sl::JsonNumber::Ok);
  CHECK_EQ_INT(bitsOf(v), 1);
  CHECK_EQ_INT(parse("2.4703282292062327e-324", v), sl::JsonNumber::Ok);  // below half the smallest
  CHECK_EQ_INT(bitsOf(v), 0);
  CHECK_EQ_INT(parse("-2.4703282292062328e-324", v), sl::JsonNumber::Ok);
  CHECK_EQ_INT(bitsOf(v), 0x8000000000000001ULL);
  CHECK_EQ_INT(parse("1.7976931348623158e308", v), sl::JsonNumber::Ok);
  CHECK(v == DBL_MAX);
  // The halfway point between DBL_MAX and 2^1024 cut to 200 digits (just
  // below it), and the same plus one in the last digit (just above it).
  CHECK_EQ_INT(parse("-1.7976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633"
                     "028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447e308", v),
               sl::JsonNumber::Ok);
  CHECK(v == -DBL_MAX);
  CHECK_EQ_INT(parse("-1.7976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633"
                     "028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176448e308", v),
               sl::JsonNumber::Overflow);
  CHECK(v < -DBL_MAX);
  CHECK_EQ_INT(parse("1e400", v), sl::JsonNumber::Overflow);
  CHECK(v > DBL_MAX);
  CHECK_EQ_INT(parse("1e-400", v), sl::JsonNumber::Ok);
  CHECK_EQ_INT(bitsOf(v), 0);
  CHECK_EQ_INT(parse("-0.0", v), sl::JsonNumber::Ok);
  CHECK_EQ_INT(bitsOf(v), 0x8000000000000000ULL);
}

// 254 significant digits at both ends of the exponent range (the sizing of
// the big integers): still the right double.
TEST_CASE(number_double_longest_texts) {
  char buf[256];
  // 0.999...9 (254 nines) e-323, e309, and 1 followed by 253 zeros then 1.
  const int exps[] = {-323, -310, -1, 0, 22, 200, 308, 309};
  for (size_t k = 0; k < sizeof exps / sizeof exps[0]; ++k) {
    size_t n = 0;
    buf[n++] = '0';
    buf[n++] = '.';
    for (int i = 0; i < 240; ++i) buf[n++] = '9';
    buf[n++] = 'e';
    int e = exps[k];
    if (e < 0) buf[n++] = '-';
    int a = e < 0 ? -e : e;
    char t[4];
    int tn = 0;
    do {
      t[tn++] = static_cast<char>('0' + a % 10);
      a /= 10;
    } while (a);
    while (tn) buf[n++] = t[--tn];
    buf[n] = 0;
    double v, w;
    sl::JsonNumber::Status st = parse(buf, v);
    // 1 - 1e-240 rounds to 1: the value is 10^e
    char one[8];
    memcpy(one, "1e", 2);
    memcpy(one + 2, buf + n - (e < 0 ? 1 + (e <= -100 ? 3 : e <= -10 ? 2 : 1) : (e >= 100 ? 3 : e >= 10 ? 2 : 1)), 5);
    sl::JsonNumber::Status st1 = parse(one, w);
    CHECK_EQ_INT(st, st1);
    if (bitsOf(v) != bitsOf(w)) {
      CHECK_EQ_STR(buf, one);
      CHECK_EQ_INT(bitsOf(v), bitsOf(w));
    }
  }
}
#else
// AVR: double is float. Default: a product of float powers of ten (flash
// first), within a few ulp. SL_JSON_FLOAT_EXACT: correctly rounded.
#if SL_JSON_FLOAT_EXACT
const uint32_t kMaxUlps = 0;
#else
const uint32_t kMaxUlps = 2;
#endif
uint32_t bitsOf(double v) {
  uint32_t b;
  memcpy(&b, &v, sizeof b);
  return b;
}
uint32_t ulps(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

// number_cases.h: float ties (even wins), just above (a sticky digit past
// 120) and just below (140 nines) them.
TEST_CASE(number_float_ties_and_neighbours) {
  const char* p = kFloatTexts;
  char buf[300];
  for (size_t i = 0; i < sizeof kFloatBits / sizeof kFloatBits[0]; ++i) {
    size_t n = 0;
    while ((buf[n] = SLT_READ(p++)) != 0) ++n;
    uint32_t want = 0;
    for (uint8_t k = 0; k < 4; ++k) {
      want |= static_cast<uint32_t>(static_cast<uint8_t>(SLT_READ(reinterpret_cast<const char*>(&kFloatBits[i]) + k))) << (8 * k);
    }
    double v;
    sl::JsonNumber::Status st = parse(buf, v);
    if (st != sl::JsonNumber::Ok || ulps(bitsOf(v), want) > kMaxUlps) {
      CHECK_EQ_STR(buf, "(reads as the nearest float)");
      CHECK_EQ_INT(bitsOf(v), want);
    }
  }
}

TEST_CASE(number_float_values) {
  struct C {
    const char* text;
    uint32_t bits;  // the nearest float
  };
  static const C kCases[] = {
      {"0.1", 0x3dcccccdUL},         {"3.4028235e38", 0x7f7fffffUL},   {"1.17549435e-38", 0x00800000UL},
      {"123456.789", 0x47f12065UL},  {"1e10", 0x501502f9UL},           {"-2.5e-3", 0xbb23d70aUL},
      {"16777217", 0x4b800000UL},    {"0.000001", 0x358637bdUL},       {"9.999999e37", 0x7e967698UL},
  };
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; ++i) {
    double v;
    CHECK_EQ_INT(parse(kCases[i].text, v), sl::JsonNumber::Ok);
    if (ulps(bitsOf(v) & 0x7fffffffUL, kCases[i].bits & 0x7fffffffUL) > kMaxUlps || (bitsOf(v) ^ kCases[i].bits) >> 31) {
      CHECK_EQ_STR(kCases[i].text, "(the nearest float)");
      CHECK_EQ_INT(bitsOf(v), kCases[i].bits);
    }
  }
  double v;
  CHECK_EQ_INT(parse("1e39", v), sl::JsonNumber::Overflow);
  CHECK(v > FLT_MAX);
  CHECK_EQ_INT(parse("1e-50", v), sl::JsonNumber::Ok);
  CHECK(v == 0);
#if SL_JSON_FLOAT_EXACT
  CHECK_EQ_INT(parse("1.4e-45", v), sl::JsonNumber::Ok);  // the smallest subnormal
  CHECK_EQ_INT(bitsOf(v), 1);
  CHECK_EQ_INT(parse("7.0064923216240853e-46", v), sl::JsonNumber::Ok);  // just below half of it
  CHECK_EQ_INT(bitsOf(v), 0);
  CHECK_EQ_INT(parse("3.40282356779733661637539395458142568448e38", v), sl::JsonNumber::Overflow);  // the tie above FLT_MAX
  CHECK_EQ_INT(parse("3.40282356779733661637539395458142568447e38", v), sl::JsonNumber::Ok);
  CHECK(v == FLT_MAX);
#endif
}

TEST_CASE(number_float_round_trip) {
  uint32_t s = 0x9e3779b9u;
  char buf[24];
  uint32_t bad = 0;
  for (uint32_t i = 0; i < kRoundTrips && bad < 5; ++i) {
    uint32_t b = rng32(s);
    if ((b & 0x7f800000UL) == 0x7f800000UL || (b & 0x7f800000UL) == 0) continue;  // normal floats
    float x;
    memcpy(&x, &b, sizeof x);
    sl::detail::Decimal d;
    if (sl::detail::toDecimal(x, d) != sl::detail::Decimal::kDigits) continue;
    spell(d, buf);
    double y = 0;
    if (parse(buf, y) != sl::JsonNumber::Ok || ulps(bitsOf(y), b) > kMaxUlps) {
      ++bad;
      CHECK_EQ_STR(buf, "(reads back as the float it came from)");
      CHECK_EQ_INT(bitsOf(y), b);
    }
  }
  CHECK_EQ_INT(bad, 0);
}
#endif

// toInt32 / toInt64 against a reference that works on the digit strings
// (the integer part's magnitude compared with the limit's digits), for edge
// texts and random ones (signs, leading digits, lengths around the limits,
// fractions, exponents), through both constructors (text only; parser flags
// with a truncation mark).
namespace {

const char kMax32[] = "2147483647";
const char kMin32[] = "2147483648";
#if SL_USE_INT64
const char kMax64[] = "9223372036854775807";
const char kMin64[] = "9223372036854775808";
#endif

struct IntWant {
  sl::JsonNumber::Status status;
  bool negative;
  bool clamped;
  uint64_t magnitude;  // when not clamped
};

// What toInt* must answer for a valid number text with the given limits.
IntWant wantInt(const char* t, size_t n, bool truncated, uint8_t integerFlag, const char* maxPos, const char* maxNeg) {
  IntWant w;
  size_t i = 0;
  w.negative = n && t[0] == '-';
  if (w.negative) ++i;
  while (i < n && t[i] == '0') ++i;  // "0" and "-0" only (valid text), kept general
  const size_t start = i;
  while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
  const size_t digits = i - start;
  bool fraction = false;
  for (size_t k = 0; k < n; ++k) fraction = fraction || t[k] == '.' || t[k] == 'e' || t[k] == 'E';
  const char* limit = w.negative ? maxNeg : maxPos;
  const size_t limitDigits = strlen(limit);
  bool beyond = digits > limitDigits || (digits == limitDigits && strncmp(t + start, limit, digits) > 0);
  w.clamped = beyond || truncated;
  w.magnitude = 0;
  if (!w.clamped) {
    for (size_t k = start; k < start + digits; ++k) w.magnitude = w.magnitude * 10 + static_cast<uint64_t>(t[k] - '0');
  }
  bool integer = integerFlag == 2 ? !fraction : integerFlag == 1;
  w.status = w.clamped ? sl::JsonNumber::Overflow : integer ? sl::JsonNumber::Ok : sl::JsonNumber::NotInteger;
  return w;
}

template <typename S>
bool sameInt(const IntWant& w, sl::JsonNumber::Status got, S value) {
  if (got != w.status) return false;
  // Two's complement: the negation of the magnitude, or the limit on the text's side.
  const uint64_t top = static_cast<uint64_t>(1) << (sizeof(S) * 8 - 1);
  uint64_t want = w.clamped ? (w.negative ? top : top - 1) : (w.negative ? 0 - w.magnitude : w.magnitude);
  const uint64_t mask = ~static_cast<uint64_t>(0) >> (64 - sizeof(S) * 8);
  return (static_cast<uint64_t>(static_cast<int64_t>(value)) & mask) == (want & mask);
}

uint32_t gIntFailures = 0;

void checkInts(const char* t, size_t n, bool viaParser, bool truncated, uint8_t integerFlag) {
  sl::JsonNumber num = viaParser ? sl::JsonNumber(t, static_cast<uint8_t>(n), truncated, integerFlag == 1, 0, 0)
                                 : sl::JsonNumber(t, n);
  if (!viaParser) {
    truncated = n > 255;
    if (truncated) n = 255;
  }
  int32_t v32 = 12345;
  sl::JsonNumber::Status st32 = num.toInt32(v32);
  IntWant w32 = wantInt(t, n, truncated, viaParser ? integerFlag : 2, kMax32, kMin32);
  bool ok = sameInt(w32, st32, v32);
  bool fraction = false;
  for (size_t k = 0; k < n; ++k) fraction = fraction || t[k] == '.' || t[k] == 'e' || t[k] == 'E';
  if (num.isInteger() != (viaParser ? integerFlag == 1 : !fraction)) ok = false;
#if SL_USE_INT64
  int64_t v64 = 12345;
  sl::JsonNumber::Status st64 = num.toInt64(v64);
  IntWant w64 = wantInt(t, n, truncated, viaParser ? integerFlag : 2, kMax64, kMin64);
  if (!sameInt(w64, st64, v64)) {
    ok = false;
    CHECK_EQ_INT(st64, w64.status);
  }
#endif
  if (!ok && ++gIntFailures <= 5) {
    char buf[64];
    size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, t, k);
    buf[k] = 0;
    CHECK_EQ_STR(buf, "(toInt32 as the reference says)");
    CHECK_EQ_INT(st32, w32.status);
    CHECK_EQ_INT(v32, w32.clamped ? (w32.negative ? -2147483647L - 1 : 2147483647L)
                                  : (w32.negative ? -static_cast<long long>(w32.magnitude) : static_cast<long long>(w32.magnitude)));
  }
}

void checkInts(const char* t) {
  checkInts(t, strlen(t), false, false, 2);
  bool fraction = false;
  for (const char* p = t; *p; ++p) fraction = fraction || *p == '.' || *p == 'e' || *p == 'E';
  checkInts(t, strlen(t), true, false, fraction ? 0 : 1);
  checkInts(t, strlen(t), true, true, fraction ? 0 : 1);
}

#if defined(__AVR__) || defined(__arm__) || defined(__XTENSA__) || defined(__xtensa__)
const uint32_t kRandomInts = 400;
#else
const uint32_t kRandomInts = 100000;
#endif

}  // namespace

TEST_CASE(number_to_int_edges) {
  static const char* const kTexts[] = {
      "0", "-0", "7", "-7", "10", "-10", "0.0", "-0.0", "0e0", "1.5", "-1.5", "1e5", "1E5", "-2.9e-3", "12.0",
      "2147483647", "2147483648", "-2147483648", "-2147483649", "2147483650", "-2147483640", "21474836470",
      "4294967295", "4294967296", "-4294967295", "-4294967296", "6442450944", "-6442450944", "99999999999",
      "2147483647.9", "-2147483648.5e1", "2147483648.0", "268435455", "268435456", "2684354559", "2684354560",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "18446744073709551615", "18446744073709551616", "-18446744073709551616", "92233720368547758070",
      "123456789012345678901234567890", "-123456789012345678901234567890.5e-7",
  };
  gIntFailures = 0;
  for (size_t i = 0; i < sizeof kTexts / sizeof kTexts[0]; ++i) checkInts(kTexts[i]);
  // A text longer than the 255 bytes JsonNumber keeps: cut, so Overflow.
  char longText[300];
  longText[0] = '1';
  for (size_t i = 1; i < sizeof longText; ++i) longText[i] = '0';
  checkInts(longText, sizeof longText, false, false, 2);
  longText[0] = '-';
  longText[1] = '1';
  checkInts(longText, sizeof longText, false, false, 2);
  CHECK_EQ_INT(gIntFailures, 0);
}

TEST_CASE(number_to_int_random_texts) {
  uint32_t s = 0x2545f491u;
  char t[48];
  gIntFailures = 0;
  for (uint32_t i = 0; i < kRandomInts; ++i) {
    uint32_t r = rng32(s);
    size_t n = 0;
    if (r & 1) t[n++] = '-';
    uint32_t kind = (r >> 1) & 7;
    if (kind == 0) {
      t[n++] = '0';
    } else if (kind <= 2) {  // around a limit: its digits, the last few changed
      const char* lim = (r & 8) ? kMax32 : kMin32;
#if SL_USE_INT64
      if (kind == 2) lim = (r & 8) ? kMax64 : kMin64;
#endif
      size_t ln = strlen(lim);
      memcpy(t + n, lim, ln);
      uint32_t changes = (r >> 4) & 3;
      for (uint32_t c = 0; c < changes; ++c) {
        uint32_t q = rng32(s);
        t[n + ln - 1 - q % 3] = static_cast<char>('0' + (q >> 8) % 10);
      }
      if (t[n] == '0') t[n] = '1';
      n += ln;
      if ((r >> 6) & 1) t[n++] = static_cast<char>('0' + (r >> 7) % 10);  // one digit more
    } else {  // 1..22 random digits, the first non-zero
      uint32_t len = 1 + (r >> 4) % 22;
      t[n++] = static_cast<char>('1' + (r >> 9) % 9);
      for (uint32_t k = 1; k < len; ++k) t[n++] = static_cast<char>('0' + rng32(s) % 10);
    }
    uint32_t tail = rng32(s);
    if (tail & 1) {  // fraction
      t[n++] = '.';
      for (uint32_t k = 0; k <= (tail >> 1) % 4; ++k) t[n++] = static_cast<char>('0' + (tail >> (4 + k)) % 10);
    }
    if ((tail >> 8) % 3 == 0) {  // exponent
      t[n++] = (tail >> 10) & 1 ? 'e' : 'E';
      if ((tail >> 11) & 1) t[n++] = (tail >> 12) & 1 ? '-' : '+';
      t[n++] = static_cast<char>('0' + (tail >> 13) % 10);
    }
    t[n] = 0;
    checkInts(t);
  }
  CHECK_EQ_INT(gIntFailures, 0);
}
