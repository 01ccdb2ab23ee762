// FlashString: a NUL-terminated constant string that may live in flash,
// and the operations the SDK does on such strings (this is their one home).
//
// On AVR (and ESP8266) string literals placed with PROGMEM/PSTR/F() cannot be
// read through a normal pointer; FlashString marks such a pointer so the SDK
// reads it with SL_FLASH_READ. Elsewhere it is a plain `const char*` wrapper
// and costs nothing. The string is not copied: it must outlive every use.
//
//   w.key(SL_F("temperature"));              // key text stays in flash
//   w.key(F("temperature"));                 // Arduino's F() works too
//   static const char kUnit[] SL_PROGMEM = "celsius";
//   w.string(sl::FlashString(kUnit));
//
// Internals (sl::detail) for protocol text kept in flash (SL_PSTR /
// SL_PROGMEM; a plain literal costs RAM on AVR):
//   detail::writeFlash(out, SL_PSTR(" HTTP/1.1\r\n"));   // false if the sink refused
//   detail::equalsIgnoreCaseFlash(name, SL_PSTR("upgrade"));
//   detail::flashContains(SL_PSTR(".-:"), c);
//   detail::flashNameAt(kNames, code);                    // error classes' names
#ifndef SL_IO_FLASH_STRING_H
#define SL_IO_FLASH_STRING_H

#include "../config/Config.h"
#include "Sink.h"

#if defined(ARDUINO)
class __FlashStringHelper;  // Arduino's F() type (WString.h)
#endif

namespace sl {

namespace detail {

inline char flashRead(const char* p) { return static_cast<char>(SL_FLASH_READ(p)); }

// The flash byte at p, then p moves past it: flashRead(p++) in one
// instruction on AVR (lpm Z+; for flashRead(p++) avr-gcc may keep p outside
// Z and copy it there, one behind, for every byte).
inline char flashNext(const char*& p) {
#if SL_ARCH_AVR && defined(__GNUC__)
  char c;
  __asm__("lpm %0, Z+" : "=r"(c), "+z"(p));
  return c;
#else
  return flashRead(p++);
#endif
}

}  // namespace detail

class FlashString {
 public:
  // `p` points to a NUL-terminated string in flash (SL_PROGMEM / SL_PSTR),
  // or in RAM on targets without a separate flash space. May be null.
  explicit FlashString(const char* p) : p_(p) {}
#if defined(ARDUINO)
  FlashString(const __FlashStringHelper* p) : p_(reinterpret_cast<const char*>(p)) {}
  operator const __FlashStringHelper*() const { return reinterpret_cast<const __FlashStringHelper*>(p_); }
#endif

  // The raw pointer: a flash address on AVR/ESP8266, never dereference it there.
  const char* ptr() const { return p_; }
  char at(size_t i) const { return static_cast<char>(SL_FLASH_READ(p_ + i)); }
  size_t length() const {
    size_t n = 0;
    if (p_) while (at(n)) ++n;
    return n;
  }
  // True when the text equals the NUL-terminated RAM string `s`. (The
  // pointer goes by value to the one out-of-line compare: a caller's
  // SL_F("...") temporary then needs no stack slot for `this`.)
  bool equals(const char* s) const { return equals(p_, s); }

 private:
  SL_NOINLINE static bool equals(const char* p, const char* s) {
    if (!p || !s) return p == s;
    for (;; ++s) {
      char c = detail::flashNext(p);
      if (c != *s) return false;
      if (!c) return true;
    }
  }

  const char* p_;
};

}  // namespace sl

namespace sl {
namespace detail {

// Writes a flash string; returns false if the sink refused a byte.
inline bool writeFlash(Sink& out, const char* flashText) {
  uint8_t buf[16];
  size_t n = 0;
  for (char c; (c = flashRead(flashText)) != 0; ++flashText) {
    buf[n++] = static_cast<uint8_t>(c);
    if (n == sizeof buf) {
      if (out.write(buf, n) != n) return false;
      n = 0;
    }
  }
  return n == 0 || out.write(buf, n) == n;
}

// Case-insensitive ASCII match of a flash string (any case: WsHandshake
// shares the words of its request, "Upgrade", "Sec-WebSocket", with its
// header matching) at the start of the RAM string `text`: the rest of
// `text` after it, or 0 if it differs.
inline const char* skipIgnoreCaseFlash(const char* text, const char* flashText) {
  for (;; ++text) {
    char b = flashNext(flashText);
    if (!b) return text;
    char a = *text;
    // the same byte, or the same letter in the other case
    if (a != b && ((a ^ b) != 0x20 || static_cast<uint8_t>((a | 0x20) - 'a') > 'z' - 'a')) return 0;
  }
}

// Case-insensitive ASCII compare of a RAM string with a flash string (any case).
inline bool equalsIgnoreCaseFlash(const char* text, const char* flashText) {
  const char* rest = skipIgnoreCaseFlash(text, flashText);
  return rest && !*rest;
}

// True if `flashSet` contains byte c (c != 0).
inline bool flashContains(const char* flashSet, uint8_t c) {
  for (char s; (s = flashRead(flashSet)) != 0; ++flashSet) {
    if (static_cast<uint8_t>(s) == c) return true;
  }
  return false;
}

// The name lookup every error class shares (one copy in the program instead
// of a pointer table and a lookup per class). `names` is one flash string of
// NUL-separated names in code order, closed by an empty name:
//   static const char kNames[] SL_PROGMEM = "Ok\0" "Timeout\0" "Unknown\0";
// Returns name number i; past the end, the last name (so a class puts the
// name for out-of-range codes last).
SL_NOINLINE inline FlashString flashNameAt(const char* names, uint8_t i) {
  const char* p = names;
  for (; i; --i) {
    const char* next = p;
    while (flashNext(next)) {
    }
    if (!flashRead(next)) break;  // p is the last name
    p = next;
  }
  return FlashString(p);
}

}  // namespace detail
}  // namespace sl

// A FlashString for a literal: `SL_F("text")`. In flash on AVR; function
// bodies only (PSTR restriction).
#define SL_F(s) (::sl::FlashString(SL_PSTR(s)))

#endif  // SL_IO_FLASH_STRING_H
