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
