// Operations on constant strings that may live in flash (SL_PSTR /
// SL_PROGMEM, read with SL_FLASH_READ): the HTTP and WebSocket code keeps its
// protocol text there, since a plain literal costs RAM on AVR.
//
//   sl::detail::writeFlash(out, SL_PSTR(" HTTP/1.1\r\n"));
#ifndef SL_UTIL_FLASH_OPS_H
#define SL_UTIL_FLASH_OPS_H

#include "../io/Sink.h"

namespace sl {
namespace detail {

inline char flashRead(const char* p) { return static_cast<char>(SL_FLASH_READ(p)); }

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

// Case-insensitive ASCII compare of a RAM string with a lower-case flash string.
inline bool equalsIgnoreCaseFlash(const char* text, const char* flashLower) {
  for (;; ++text, ++flashLower) {
    char a = *text, b = flashRead(flashLower);
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (a != b) return false;
    if (!a) return true;
  }
}

// True if `flashSet` contains byte c (c != 0).
inline bool flashContains(const char* flashSet, uint8_t c) {
  for (char s; (s = flashRead(flashSet)) != 0; ++flashSet) {
    if (static_cast<uint8_t>(s) == c) return true;
  }
  return false;
}

}  // namespace detail
}  // namespace sl

#endif  // SL_UTIL_FLASH_OPS_H
