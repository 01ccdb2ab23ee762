#include "SlTest.h"
#include "io/Sink.h"

TEST_CASE(counting_sink_counts_without_storing) {
  sl::CountingSink s;
  CHECK_EQ_INT(s.write(reinterpret_cast<const uint8_t*>("abc"), 3), 3);
  s.write('x');
  CHECK_EQ_INT(s.count(), 4);
}

TEST_CASE(buffer_sink_cuts_and_flags_overflow) {
  char buf[4];
  sl::BufferSink s(buf, sizeof buf);
  CHECK_EQ_INT(s.write(reinterpret_cast<const uint8_t*>("abcdef"), 6), 3);
  CHECK(s.overflowed());
  CHECK_EQ_STR(s.c_str(), "abc");
}

// 32-bit count whatever size_t is: past 64 KB on AVR (16-bit size_t) too.
TEST_CASE(counting_sink_counts_past_64k_in_32_bits) {
  static const uint8_t chunk[1] = {0};
  sl::CountingSink s;
  const size_t piece = 60000;  // fits a 16-bit size_t
  for (int i = 0; i < 3; ++i) CHECK_EQ_INT(s.write(chunk, piece), piece);  // data is never read
  CHECK_EQ_INT(s.count(), 180000L);
  CHECK(!s.saturated());
  s.write('x');
  CHECK_EQ_INT(s.count(), 180001L);
  s.reset();
  CHECK_EQ_INT(s.count(), 0);
}

// At 0xFFFFFFFF the count stays there instead of wrapping to a small length.
TEST_CASE(counting_sink_saturates_instead_of_wrapping) {
  static const uint8_t chunk[1] = {0};
  sl::CountingSink s;
  // reach 2^32 - 2 with writes size_t can express on every target
  const size_t piece = 65535;
  uint32_t left = 0xFFFFFFFEu;
  while (left) {
    size_t n = left < piece ? static_cast<size_t>(left) : piece;
    s.write(chunk, n);
    left -= static_cast<uint32_t>(n);
  }
  CHECK(s.count() == 0xFFFFFFFEu);
  CHECK(!s.saturated());
  s.write(chunk, 1);
  CHECK(s.count() == 0xFFFFFFFFu);
  CHECK(s.saturated());
  s.write(chunk, 100);
  CHECK(s.count() == 0xFFFFFFFFu);
  CHECK(s.saturated());
}
