// FlashString: a NUL-terminated constant string that may live in flash.
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
#ifndef SL_IO_FLASH_STRING_H
#define SL_IO_FLASH_STRING_H

#include "../config/Config.h"

#if defined(ARDUINO)
class __FlashStringHelper;  // Arduino's F() type (WString.h)
#endif

namespace sl {

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
  // True when the text equals the NUL-terminated RAM string `s`.
  bool equals(const char* s) const {
    if (!p_ || !s) return p_ == s;
    size_t i = 0;
    for (; s[i]; ++i) {
      if (at(i) != s[i]) return false;
    }
    return at(i) == 0;
  }

 private:
  const char* p_;
};

}  // namespace sl

// A FlashString for a literal: `SL_F("text")`. In flash on AVR; function
// bodies only (PSTR restriction).
#define SL_F(s) (::sl::FlashString(SL_PSTR(s)))

#endif  // SL_IO_FLASH_STRING_H
