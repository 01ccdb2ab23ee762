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
