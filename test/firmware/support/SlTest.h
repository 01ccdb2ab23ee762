// SlTest: the smallest unit-test harness that runs the same test files on the
// host and on simulated microcontrollers (AVR, Cortex-M, Xtensa).
//
// No heap, no printf, no iostream. Names and messages live in flash on AVR.
// Each platform supplies `sl_test_putc` (host: stdout; boards: the UART or
// semihosting). Output, parsed by test/helpers/cpp.ts:
//
//   ok <name>
//   not ok <name>
//   #   <file>:<line>: <check> [got <a> want <b>]
//   # <N> passed, <M> failed
//
// Usage:
//   TEST_CASE(writer_escapes_quotes) {
//     CHECK(1 + 1 == 2);
//     CHECK_EQ_INT(x, 3);
//     CHECK_EQ_STR(buf, "\"a\"");              // both strings in RAM
//     CHECK_EQ_STR_P(buf, "\"a\"");            // the literal in flash on AVR
//     CHECK_EQ_FLASH_STR(SL_PSTR("x"), "x");    // first one in flash on AVR
//     CHECK_EQ_NAME(err, "Ok");                 // err.name() (sl::FlashString)
//   }
//   int main() { return sltest::runAll(); }   // host; boards call runAll too
#ifndef SL_TEST_H
#define SL_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__AVR__)
#include <avr/pgmspace.h>
#define SLT_FLASH PROGMEM
#define SLT_STR(s) PSTR(s)
#define SLT_READ(p) static_cast<char>(pgm_read_byte(p))
#else
#define SLT_FLASH
#define SLT_STR(s) (s)
#define SLT_READ(p) (*(p))
#endif

extern "C" void sl_test_putc(char c);

namespace sltest {

struct Case {
  const char* name;  // in flash on AVR
  void (*fn)();
  Case* next;
};

inline Case*& head() {
  static Case* first = 0;
  return first;
}
inline Case*& tail() {
  static Case* last = 0;
  return last;
}
inline bool& failed() {
  static bool f = false;
  return f;
}

struct Register {
  Register(Case* c) {
    if (tail()) tail()->next = c; else head() = c;
    tail() = c;
  }
};

inline void putFlash(const char* s) {
  for (char ch; (ch = SLT_READ(s)) != 0; ++s) sl_test_putc(ch);
}
inline void putRam(const char* s) {
  for (; *s; ++s) sl_test_putc(*s);
}
inline void putInt(long long v) {
  char digits[21];
  int n = 0;
  unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  do { digits[n++] = static_cast<char>('0' + u % 10); u /= 10; } while (u);
  if (v < 0) sl_test_putc('-');
  while (n) sl_test_putc(digits[--n]);
}

inline void failHeader(const char* file, int line, const char* check) {
  failed() = true;
  putFlash(SLT_STR("#   "));
  putFlash(file);
  sl_test_putc(':');
  putInt(line);
  putFlash(SLT_STR(": "));
  putFlash(check);
}

inline bool check(bool ok, const char* file, int line, const char* expr) {
  if (!ok) {
    failHeader(file, line, expr);
    sl_test_putc('\n');
  }
  return ok;
}

inline bool checkInt(long long got, long long want, const char* file, int line, const char* expr) {
  if (got == want) return true;
  failHeader(file, line, expr);
  putFlash(SLT_STR(" got "));
  putInt(got);
  putFlash(SLT_STR(" want "));
  putInt(want);
  sl_test_putc('\n');
  return false;
}

inline void putQuoted(const char* s) {
  sl_test_putc('"');
  if (!s) { putFlash(SLT_STR("(null)")); }
  for (; s && *s; ++s) {
    unsigned char c = static_cast<unsigned char>(*s);
    if (c < 0x20 || c >= 0x7f) {
      const char* hex = "0123456789abcdef";
      sl_test_putc('\\'); sl_test_putc('x');
      sl_test_putc(hex[c >> 4]); sl_test_putc(hex[c & 15]);
    } else {
      sl_test_putc(static_cast<char>(c));
    }
  }
  sl_test_putc('"');
}

// A string in flash on AVR (PROGMEM / PSTR / sl::FlashString::ptr()), read
// a byte at a time; on other targets a plain pointer.
struct FlashText {
  const char* p;
  char at(size_t i) const { return SLT_READ(p + i); }
};

// Prints `got` (anything with `char at(size_t)`, e.g. sl::FlashString or
// FlashText) quoted like putQuoted; "(null)" for a null pointer.
template <class Text>
inline void putQuotedText(const Text& got, bool isNull) {
  sl_test_putc('"');
  if (isNull) putFlash(SLT_STR("(null)"));
  for (size_t i = 0; !isNull; ++i) {
    unsigned char c = static_cast<unsigned char>(got.at(i));
    if (!c) break;
    if (c < 0x20 || c >= 0x7f) {
      const char* hex = "0123456789abcdef";
      sl_test_putc('\\'); sl_test_putc('x');
      sl_test_putc(hex[c >> 4]); sl_test_putc(hex[c & 15]);
    } else {
      sl_test_putc(static_cast<char>(c));
    }
  }
  sl_test_putc('"');
}

// `got` may live in flash: compared through its own at(i) (pgm_read_byte on
// AVR), never with strcmp. `want` is in RAM.
template <class Text>
inline bool checkText(const Text& got, bool gotIsNull, const char* want, const char* file, int line, const char* expr) {
  if (!gotIsNull && want) {
    size_t i = 0;
    for (; want[i] && got.at(i) == want[i]; ++i) {
    }
    if (!want[i] && got.at(i) == 0) return true;
  }
  failHeader(file, line, expr);
  putFlash(SLT_STR(" got "));
  putQuotedText(got, gotIsNull);
  putFlash(SLT_STR(" want "));
  putQuoted(want);
  sl_test_putc('\n');
  return false;
}

inline bool checkFlashStr(const char* gotFlash, const char* want, const char* file, int line, const char* expr) {
  FlashText t = {gotFlash};
  return checkText(t, gotFlash == 0, want, file, line, expr);
}

// `name` is an sl::FlashString (or anything with at(i) and ptr()).
template <class Name>
inline bool checkName(const Name& name, const char* want, const char* file, int line, const char* expr) {
  return checkText(name, name.ptr() == 0, want, file, line, expr);
}

inline bool checkStr(const char* got, const char* want, const char* file, int line, const char* expr) {
  if (got && want && strcmp(got, want) == 0) return true;
  failHeader(file, line, expr);
  putFlash(SLT_STR(" got "));
  putQuoted(got);
  putFlash(SLT_STR(" want "));
  putQuoted(want);
  sl_test_putc('\n');
  return false;
}

// `got` is in RAM, `wantFlash` in flash on AVR (a literal through SLT_STR:
// CHECK_EQ_STR's literal would cost RAM there).
inline bool checkStrFlashWant(const char* got, const char* wantFlash, const char* file, int line, const char* expr) {
  if (got && wantFlash) {
    size_t i = 0;
    for (; got[i] && got[i] == SLT_READ(wantFlash + i); ++i) {
    }
    if (!got[i] && !SLT_READ(wantFlash + i)) return true;
  }
  failHeader(file, line, expr);
  putFlash(SLT_STR(" got "));
  putQuoted(got);
  putFlash(SLT_STR(" want "));
  FlashText want = {wantFlash};
  putQuotedText(want, wantFlash == 0);
  sl_test_putc('\n');
  return false;
}

// Runs every registered case; returns the number of failed cases.
inline int runAll() {
  int passed = 0, failedCount = 0;
  for (Case* c = head(); c; c = c->next) {
    failed() = false;
    c->fn();
    putFlash(failed() ? SLT_STR("not ok ") : SLT_STR("ok "));
    putFlash(c->name);
    sl_test_putc('\n');
    if (failed()) ++failedCount; else ++passed;
  }
  putFlash(SLT_STR("# "));
  putInt(passed);
  putFlash(SLT_STR(" passed, "));
  putInt(failedCount);
  putFlash(SLT_STR(" failed\n"));
  return failedCount;
}

}  // namespace sltest

#define SLT_CAT2(a, b) a##b
#define SLT_CAT(a, b) SLT_CAT2(a, b)

#define TEST_CASE(name)                                                   \
  static void SLT_CAT(slt_fn_, name)();                                   \
  static const char SLT_CAT(slt_name_, name)[] SLT_FLASH = #name;         \
  static sltest::Case SLT_CAT(slt_case_, name) = {SLT_CAT(slt_name_, name), \
                                                  SLT_CAT(slt_fn_, name), 0}; \
  static sltest::Register SLT_CAT(slt_reg_, name)(&SLT_CAT(slt_case_, name)); \
  static void SLT_CAT(slt_fn_, name)()

// A check's file name, in flash on AVR. SLT_STR(__FILE__) at every check
// put one copy of the (absolute) path in flash per check, PSTRs are not
// merged (~9 KB of modem/esp_at_transport_test's 34 KB on the mega): checks
// in the file being compiled share this one copy instead, checks in a header
// keep their own name (the choice is a constant: the other branch is dropped).
namespace {
const char slt_base_file[] SLT_FLASH = __BASE_FILE__;
}  // namespace
namespace sltest {
constexpr bool sameText(const char* a, const char* b) { return *a == *b && (!*a || sameText(a + 1, b + 1)); }
template <bool inBaseFile>
struct FileName {
  static const char* pick(const char* base, const char*) { return base; }
};
template <>
struct FileName<false> {
  static const char* pick(const char*, const char* own) { return own; }
};
}  // namespace sltest
#define SLT_FILE_STR() \
  (sltest::FileName<sltest::sameText(__FILE__, __BASE_FILE__)>::pick(slt_base_file, SLT_STR(__FILE__)))

// Record a failure and keep going.
#define CHECK(cond) sltest::check(static_cast<bool>(cond), SLT_FILE_STR(), __LINE__, SLT_STR("CHECK(" #cond ")"))
#define CHECK_EQ_INT(got, want) \
  sltest::checkInt(static_cast<long long>(got), static_cast<long long>(want), SLT_FILE_STR(), __LINE__, SLT_STR(#got " == " #want))
#define CHECK_EQ_STR(got, want) \
  sltest::checkStr((got), (want), SLT_FILE_STR(), __LINE__, SLT_STR(#got " == " #want))
// CHECK_EQ_STR with the expected text in flash on AVR: `want` is a string
// literal (CHECK_EQ_STR_P(buf, "abc")) or, with CHECK_EQ_STR_FLASH_WANT, a
// pointer to flash text (SLT_FLASH arrays, SLT_STR). `got` is in RAM.
#define CHECK_EQ_STR_P(got, want) \
  sltest::checkStrFlashWant((got), SLT_STR(want), SLT_FILE_STR(), __LINE__, SLT_STR(#got " == " #want))
#define CHECK_EQ_STR_FLASH_WANT(got, wantFlash) \
  sltest::checkStrFlashWant((got), (wantFlash), SLT_FILE_STR(), __LINE__, SLT_STR(#got " == " #wantFlash))
// `got` points to a NUL-terminated string in flash on AVR (SL_PSTR, PROGMEM,
// sl::FlashString::ptr()); CHECK_EQ_STR would read RAM at that address there.
#define CHECK_EQ_FLASH_STR(got, want) \
  sltest::checkFlashStr((got), (want), SLT_FILE_STR(), __LINE__, SLT_STR(#got " == " #want))
// `value.name()` (an sl::FlashString, e.g. of an error enum wrapper) equals
// `want`: CHECK_EQ_NAME(req.end(), "BadCallOrder"). Reads the name through
// FlashString::at, so it works wherever the SDK put the text.
#define CHECK_EQ_NAME(value, want) \
  sltest::checkName((value).name(), (want), SLT_FILE_STR(), __LINE__, SLT_STR(#value ".name() == " #want))
// Record a failure and leave the test case.
#define REQUIRE(cond) do { if (!CHECK(cond)) return; } while (0)

#endif  // SL_TEST_H
