// ConsolePrint: the print()/println() of an Arduino `Print` for texts and
// integers, for the SDK's consoles (sl::PinConsole, sl::AvrUartConsole),
// without a vtable: a class derives from ConsolePrint<itself> and has
//   size_t write(uint8_t b);   // sends one byte; 1, or 0 when it could not
// Compiles only when ARDUINO is defined (F() strings).
//
// print()/println() take what a sketch prints: F("...") and flash strings,
// C strings, a char, integers in decimal (no base argument, no floats, no
// String); they return the bytes written and stop at the first byte write()
// refuses, as Print's. println() ends the line with "\r\n". Code that needs
// a `Print&` cannot take a console.
#ifndef SL_IO_CONSOLE_PRINT_H
#define SL_IO_CONSOLE_PRINT_H

#ifdef ARDUINO

#include <Arduino.h>

#include "../config/Config.h"

namespace sl {

template <typename Derived>
class ConsolePrint {
 public:
  size_t print(const __FlashStringHelper* s) { return text(reinterpret_cast<const char*>(s), true); }
  size_t print(const char* s) { return text(s, false); }
  size_t print(char c) { return self().write(static_cast<uint8_t>(c)); }
  size_t print(unsigned long v) { return number(v, false); }
  size_t print(long v) { return v < 0 ? number(0 - static_cast<unsigned long>(v), true) : number(static_cast<unsigned long>(v), false); }
  size_t print(unsigned int v) { return number(v, false); }
  size_t print(int v) { return print(static_cast<long>(v)); }
  size_t println() { return text(PSTR("\r\n"), true); }
  template <typename T>
  __attribute__((always_inline)) size_t println(T v) {
    size_t n = print(v);
    return n + println();
  }

 protected:
  // Trivial: a derived global needs no constructor or destructor code.
  constexpr ConsolePrint() {}
  ~ConsolePrint() = default;

 private:
  Derived& self() { return *static_cast<Derived*>(this); }
  // A NUL-terminated text from RAM or flash, up to the first byte write()
  // refuses (as Print's write of a buffer). The count is the distance
  // walked: no running sum in the loop.
  SL_NOINLINE size_t text(const char* s, bool flash) {
    const char* start = s;
    for (char c; (c = flash ? static_cast<char>(pgm_read_byte(s)) : *s) != 0 && self().write(static_cast<uint8_t>(c)); ++s) {
    }
    return static_cast<size_t>(s - start);
  }
  // `v` in decimal, after a '-' when `minus`.
  SL_NOINLINE size_t number(unsigned long v, bool minus) {
    char digits[12];  // "-4294967295"
    char* p = digits + sizeof digits;
    *--p = 0;
    do {
      *--p = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    if (minus) *--p = '-';
    return text(p, false);
  }
};

}  // namespace sl

#endif  // ARDUINO

#endif  // SL_IO_CONSOLE_PRINT_H
