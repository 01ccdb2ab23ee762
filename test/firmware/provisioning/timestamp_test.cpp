// sl::Timestamp: RFC 3339 (API key expire_at) and HTTP Date parsing, RFC 3339
// formatting; range edges, leap years, offsets, malformed input.
#include "SlTest.h"
#include "provisioning/Timestamp.h"

namespace {
bool rfc(const char* s, uint32_t& out) { return sl::Timestamp::parseRfc3339(s, strlen(s), out); }
bool http(const char* s, uint32_t& out) { return sl::Timestamp::parseHttpDate(s, strlen(s), out); }
}  // namespace

TEST_CASE(rfc3339_known_values) {
  uint32_t t = 7;
  REQUIRE(rfc("1970-01-01T00:00:00Z", t));
  CHECK_EQ_INT(t, 0);
  REQUIRE(rfc("2027-09-06T17:41:33Z", t));  // the docs' ~validate example
  CHECK_EQ_INT(t, 1820252493UL);
  REQUIRE(rfc("2000-02-29T00:00:00Z", t));
  CHECK_EQ_INT(t, 951782400UL);
  REQUIRE(rfc("2024-02-29T23:59:59z", t));
  CHECK_EQ_INT(t, 1709251199UL);
  REQUIRE(rfc("2106-02-07T06:28:15Z", t));
  CHECK_EQ_INT(t, 4294967295UL);
  REQUIRE(rfc("2025-09-06t14:00:00.123456Z", t));
  CHECK_EQ_INT(t, 1757167200UL);
  REQUIRE(rfc("2025-09-06 14:00:00+02:00", t));  // = 12:00Z
  CHECK_EQ_INT(t, 1757160000UL);
  REQUIRE(rfc("2025-09-06T10:30:00-01:30", t));  // = 12:00Z
  CHECK_EQ_INT(t, 1757160000UL);
  REQUIRE(rfc("1969-12-31T23:00:00-01:00", t));  // the epoch, written west of UTC
  CHECK_EQ_INT(t, 0);
  REQUIRE(rfc("2106-02-07T08:28:15+02:00", t));  // the last second, written east of UTC
  CHECK_EQ_INT(t, 4294967295UL);
}

TEST_CASE(rfc3339_refuses_malformed_and_out_of_range) {
  static const char* const bad[] = {
      "",
      "2027-09-06",
      "2027-09-06T17:41:33",        // no zone
      "2027-09-06T17:41:33Zjunk",   // trailing bytes
      "2027-9-06T17:41:33Z",
      "2027-09-06X17:41:33Z",
      "2027-13-06T17:41:33Z",
      "2027-00-06T17:41:33Z",
      "2027-02-29T00:00:00Z",       // not a leap year
      "2100-02-29T00:00:00Z",       // century, not a leap year
      "2027-04-31T00:00:00Z",
      "2027-09-06T24:00:00Z",
      "2027-09-06T23:60:00Z",
      "2027-09-06T23:59:60Z",       // leap second
      "2027-09-06T17:41:33.Z",
      "2027-09-06T17:41:33+0200",
      "2027-09-06T17:41:33+24:00",
      "1969-12-31T23:59:59Z",       // before the epoch
      "2106-02-07T06:28:16Z",       // after uint32
      "2107-01-01T00:00:00Z",
      "1900-01-01T00:00:00Z",
      "+027-09-06T17:41:33Z",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    uint32_t t = 12345;
    bool ok = rfc(bad[i], t);
    if (ok) CHECK_EQ_STR(bad[i], "(should be refused)");
    CHECK_EQ_INT(t, 12345);
  }
  uint32_t t = 0;
  CHECK(!sl::Timestamp::parseRfc3339(0, 20, t));
  CHECK(!sl::Timestamp::parseRfc3339("2027-09-06T17:41:33Z", 19, t));  // length counts
}

TEST_CASE(http_date) {
  uint32_t t = 0;
  REQUIRE(http("Sun, 06 Nov 1994 08:49:37 GMT", t));
  CHECK_EQ_INT(t, 784111777UL);
  REQUIRE(http("Thu, 26 Nov 2026 11:00:00 GMT", t));
  uint32_t r = 0;
  REQUIRE(rfc("2026-11-26T11:00:00Z", r));
  CHECK_EQ_INT(t, r);
  CHECK(!http("Sun, 06 Nov 1994 08:49:37 UTC", t));
  CHECK(!http("Sunday, 06-Nov-94 08:49:37 GMT", t));   // RFC 850: not supported
  CHECK(!http("Sun Nov  6 08:49:37 1994", t));         // asctime: not supported
  CHECK(!http("Sun, 06 Nox 1994 08:49:37 GMT", t));
  CHECK(!http("Xyz, 06 Nov 1994 08:49:37 GMT", t));
  CHECK(!http("Sun, 31 Nov 1994 08:49:37 GMT", t));
  CHECK(!http("Sun, 06 Nov 1994 08:49:37 GMT ", t));
}

TEST_CASE(format_round_trips) {
  char buf[sl::Timestamp::kRfc3339Size];
  sl::Timestamp::formatRfc3339(0, buf);
  CHECK_EQ_STR(buf, "1970-01-01T00:00:00Z");
  sl::Timestamp::formatRfc3339(951782400UL, buf);
  CHECK_EQ_STR(buf, "2000-02-29T00:00:00Z");
  sl::Timestamp::formatRfc3339(4294967295UL, buf);
  CHECK_EQ_STR(buf, "2106-02-07T06:28:15Z");
  sl::Timestamp::formatRfc3339(1820252493UL, buf);
  CHECK_EQ_STR(buf, "2027-09-06T17:41:33Z");
  // Every ~11.6 days over the whole range, plus odd seconds.
  for (uint32_t t = 0; t < 0xFFFFFFFFUL - 1000003UL; t += 1000003UL) {
    sl::Timestamp::formatRfc3339(t, buf);
    uint32_t back = 0;
    if (!rfc(buf, back) || back != t) {
      CHECK_EQ_INT(back, t);
      return;
    }
  }
}
