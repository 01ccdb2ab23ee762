// sl::decimalText / decimalDigits: every digit count, the 32-bit edge (where
// a cast to unsigned long cut key ids), the 64-bit maximum, and each power
// of ten and its neighbours against a reference by 64-bit division.
#include "SlTest.h"
#include "io/DecimalText.h"

namespace {

// The reference: plain 64-bit division (a library routine on AVR: fine in a test).
const char* reference(char* out, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (int i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
  out[n] = 0;
  return out;
}

}  // namespace

TEST_CASE(decimal_text_edges) {
  char t[sl::kDecimalTextSize];
  CHECK_EQ_STR(sl::decimalText(t, 0), "0");
  CHECK_EQ_STR(sl::decimalText(t, 9), "9");
  CHECK_EQ_STR(sl::decimalText(t, 10), "10");
  CHECK_EQ_STR(sl::decimalText(t, 400), "400");
  CHECK_EQ_STR(sl::decimalText(t, 4294967295ULL), "4294967295");
  CHECK_EQ_STR(sl::decimalText(t, 4294967296ULL), "4294967296");  // an unsigned long cast printed 0
  CHECK_EQ_STR(sl::decimalText(t, 1234567890123456789ULL), "1234567890123456789");
  CHECK_EQ_STR(sl::decimalText(t, 18446744073709551615ULL), "18446744073709551615");
  CHECK_EQ_INT(sl::decimalDigits(t, 18446744073709551615ULL), 20);
}

TEST_CASE(decimal_text_powers_of_ten_and_neighbours) {
  char t[sl::kDecimalTextSize], r[sl::kDecimalTextSize];
  uint64_t p = 1;
  for (int e = 0; e < 20; ++e, p *= 10) {
    for (int d = -1; d <= 1; ++d) {
      uint64_t v = p + static_cast<uint64_t>(static_cast<int64_t>(d));
      if (!CHECK_EQ_STR(sl::decimalText(t, v), reference(r, v))) CHECK_EQ_INT(e * 10 + d, -1);
    }
  }
}
