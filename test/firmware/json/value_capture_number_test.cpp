// sl::JsonValueCapture::number() on numbers whose text did not fit: cut by
// the capture's own buffer, or by the parser's bounded copy
// (SL_JSON_NUMBER_MAX). A conversion must give the right value or say it
// cannot (JsonNumber::Truncated), never a wrong value with Ok.
#include <string.h>

#include "SlTest.h"
#include "json/JsonParser.h"
#include "json/JsonValueCapture.h"

namespace {

// Captures the document's one top-level scalar.
struct Capturer : sl::JsonHandler {
  sl::JsonValueCapture& c;
  explicit Capturer(sl::JsonValueCapture& cap) : c(cap) {}
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    c.capture(e, p);
    return true;
  }
};

bool capture(const char* json, sl::JsonValueCapture& c) {
  Capturer h(c);
  sl::JsonParser p(h);
  if (p.feed(reinterpret_cast<const uint8_t*>(json), strlen(json))) return false;
  return p.finish() == sl::JsonParseError::Ok && c.type() == sl::JsonValueCapture::Number;
}

// toDouble() of the capture of `json` in a buffer of `cap` bytes.
sl::JsonNumber::Status toDouble(const char* json, size_t cap, double& v, bool& truncated) {
  static char buf[128];
  if (cap > sizeof buf) cap = sizeof buf;
  sl::JsonValueCapture c(buf, cap);
  v = -1;
  truncated = false;
  if (!capture(json, c)) return sl::JsonNumber::Overflow;
  truncated = c.truncated();
  return c.number().toDouble(v);
}

bool near(double got, double want) {
  double d = got - want;
  if (d < 0) d = -d;
  return d <= (want < 0 ? -want : want) * 1e-6;
}

// Fits: converted as before, exactly.
TEST_CASE(capture_number_that_fits_converts) {
  double v;
  bool t;
  CHECK(toDouble("123456789012", 16, v, t) == sl::JsonNumber::Ok);
  CHECK(!t);
  CHECK(near(v, 123456789012.0));
  CHECK(toDouble("-1.5e30", 8, v, t) == sl::JsonNumber::Ok);  // 7 bytes + NUL
  CHECK(!t);
  CHECK(near(v, -1.5e30));
  static char buf[16];
  sl::JsonValueCapture c(buf, sizeof buf);
  REQUIRE(capture("-2147483648", c));
  int32_t i = 0;
  CHECK(c.number().toInt32(i) == sl::JsonNumber::Ok);
  CHECK(i == INT32_MIN);
}

// Cut by the capture's buffer: dropped integer digits, a dropped exponent,
// a fraction whose significant digits were all dropped. Was a wrong value
// with Ok (1234567, 1.5, 0); now Truncated (no value), and still truncated().
TEST_CASE(capture_number_cut_by_buffer_is_not_a_wrong_value) {
  const char* const docs[] = {"123456789012", "1.25e300", "-1.5e-300", "0.000000000123", "12345678e3"};
  for (size_t k = 0; k < sizeof docs / sizeof docs[0]; ++k) {
    double v;
    bool t;
    const sl::JsonNumber::Status st = toDouble(docs[k], 8, v, t);  // 7 bytes + NUL
    CHECK(t);
    if (!CHECK(st == sl::JsonNumber::Truncated)) {
      CHECK_EQ_INT(static_cast<int>(k), -1);
    }
    CHECK(v == 0.0);
  }
  // Integer conversions of a cut number report it (Overflow) as before.
  static char buf[8];
  sl::JsonValueCapture c(buf, sizeof buf);
  REQUIRE(capture("123456789012", c));
  int32_t i = 0;
  CHECK(c.number().toInt32(i) != sl::JsonNumber::Ok);
}

// Cut by the parser (longer than SL_JSON_NUMBER_MAX) into a capture large
// enough for the parser's text: the dropped part is not in the capture
// either. Was 1e(SL_JSON_NUMBER_MAX - 1) instead of 1e39 with Ok.
TEST_CASE(capture_number_cut_by_parser_is_not_a_wrong_value) {
  char doc[64];
  doc[0] = '1';
  for (int i = 1; i < 40; ++i) doc[i] = '0';
  doc[40] = 0;  // 1e39, 40 digits
  REQUIRE(SL_JSON_NUMBER_MAX < 40);
  double v;
  bool t;
  const sl::JsonNumber::Status st = toDouble(doc, 64, v, t);
  CHECK(t);
  CHECK(st == sl::JsonNumber::Truncated);
  CHECK(v == 0.0);
}

// The status has a readable name in tests' failure output (the enum value).
TEST_CASE(capture_number_truncated_status_is_distinct) {
  CHECK(sl::JsonNumber::Truncated != sl::JsonNumber::Ok);
  CHECK(sl::JsonNumber::Truncated != sl::JsonNumber::Overflow);
  CHECK(sl::JsonNumber::Truncated != sl::JsonNumber::NotInteger);
}

}  // namespace
