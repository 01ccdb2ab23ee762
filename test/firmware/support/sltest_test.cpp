// SlTest's own string checks: CHECK_EQ_FLASH_STR / CHECK_EQ_NAME read the
// text where the SDK put it (flash on AVR, through pgm_read_byte), and they
// really report a mismatch. On a board this file runs like every other
// *_test.cpp (test/firmware/boards.test.ts); on the host via io.test.ts.
#include "SlTest.h"

#include "io/FlashString.h"

namespace {

static const char kInFlash[] SL_PROGMEM = "in flash";

struct Named {
  const char* text;
  sl::FlashString name() const { return sl::FlashString(text); }
};

}  // namespace

TEST_CASE(sltest_flash_str_reads_flash) {
  CHECK_EQ_FLASH_STR(kInFlash, "in flash");
  CHECK_EQ_FLASH_STR(SL_PSTR("abc\x01"), "abc\x01");
  CHECK_EQ_FLASH_STR(SL_PSTR(""), "");
  Named n = {kInFlash};
  CHECK_EQ_NAME(n, "in flash");
}

// The expected failures print their "#" lines; the case then clears the
// failure flag so only the return values decide.
TEST_CASE(sltest_flash_str_reports_mismatch) {
  bool prefix = sltest::checkFlashStr(kInFlash, "in fla", SLT_STR("f"), 1, SLT_STR("prefix"));
  bool longer = sltest::checkFlashStr(kInFlash, "in flash!", SLT_STR("f"), 2, SLT_STR("longer"));
  bool other = sltest::checkFlashStr(kInFlash, "in flask", SLT_STR("f"), 3, SLT_STR("other"));
  bool null = sltest::checkFlashStr(0, "", SLT_STR("f"), 4, SLT_STR("null"));
  Named n = {kInFlash};
  bool name = sltest::checkName(n.name(), "In flash", SLT_STR("f"), 5, SLT_STR("name"));
  sltest::failed() = false;
  CHECK(!prefix);
  CHECK(!longer);
  CHECK(!other);
  CHECK(!null);
  CHECK(!name);
}
