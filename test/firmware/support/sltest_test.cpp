// SlTest's own string checks: CHECK_EQ_FLASH_STR / CHECK_EQ_NAME /
// CHECK_EQ_STR_P read the text where it was put (flash on AVR, through
// pgm_read_byte), and they really report a mismatch; a check's file name is
// the file's one copy in flash, and still its own name. On a board this file runs like every other
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

TEST_CASE(sltest_str_p_reads_the_wanted_text_from_flash) {
  char ram[] = "in flash";
  CHECK_EQ_STR_P(ram, "in flash");
  CHECK_EQ_STR_FLASH_WANT(ram, kInFlash);
  char empty[] = "";
  CHECK_EQ_STR_P(empty, "");
}

TEST_CASE(sltest_str_p_reports_mismatch) {
  char ram[] = "in flash";
  bool prefix = sltest::checkStrFlashWant(ram, SLT_STR("in fla"), SLT_STR("f"), 1, SLT_STR("prefix"));
  bool longer = sltest::checkStrFlashWant(ram, SLT_STR("in flash!"), SLT_STR("f"), 2, SLT_STR("longer"));
  bool other = sltest::checkStrFlashWant(ram, SLT_STR("in flask"), SLT_STR("f"), 3, SLT_STR("other"));
  bool nullGot = sltest::checkStrFlashWant(0, SLT_STR(""), SLT_STR("f"), 4, SLT_STR("null got"));
  bool nullWant = sltest::checkStrFlashWant(ram, 0, SLT_STR("f"), 5, SLT_STR("null want"));
  sltest::failed() = false;
  CHECK(!prefix);
  CHECK(!longer);
  CHECK(!other);
  CHECK(!nullGot);
  CHECK(!nullWant);
}

// Checks in this file share one copy of its name (SLT_FILE_STR), and it is
// this file's name as the compiler was given it.
TEST_CASE(sltest_file_name_is_one_copy_of_this_files_name) {
  const char* a = SLT_FILE_STR();
  const char* b = SLT_FILE_STR();
  CHECK(a == b);
  CHECK(a == slt_base_file);
  char name[] = __FILE__;
  CHECK_EQ_STR_FLASH_WANT(name, a);
  CHECK(sltest::sameText("a/b.cpp", "a/b.cpp"));
  CHECK(!sltest::sameText("a/b.cpp", "a/b.h"));
  CHECK(!sltest::sameText("a/b", "a/b.h"));
}
