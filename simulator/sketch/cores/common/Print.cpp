// Print: number formatting without printf (the SDK forbids printf floats).
#include "Print.h"

#include <math.h>

size_t Print::write(const uint8_t* buffer, size_t size) {
  size_t n = 0;
  while (size--) {
    if (write(*buffer++)) ++n;
    else break;
  }
  return n;
}

size_t Print::print(const __FlashStringHelper* s) { return write(reinterpret_cast<const char*>(s)); }
size_t Print::print(const char str[]) { return write(str); }
size_t Print::print(char c) { return write(static_cast<uint8_t>(c)); }
size_t Print::print(unsigned char b, int base) { return print(static_cast<unsigned long>(b), base); }
size_t Print::print(int n, int base) { return print(static_cast<long>(n), base); }
size_t Print::print(unsigned int n, int base) { return print(static_cast<unsigned long>(n), base); }

size_t Print::print(long n, int base) {
  if (base == 0) return write(static_cast<uint8_t>(n));
  if (base == 10 && n < 0) {
    size_t t = print('-');
    return printNumber(0ul - static_cast<unsigned long>(n), 10) + t;
  }
  return printNumber(static_cast<unsigned long>(n), static_cast<uint8_t>(base));
}

size_t Print::print(unsigned long n, int base) {
  if (base == 0) return write(static_cast<uint8_t>(n));
  return printNumber(n, static_cast<uint8_t>(base));
}

size_t Print::print(double n, int digits) { return printFloat(n, static_cast<uint8_t>(digits)); }

size_t Print::println(void) { return write("\r\n"); }
size_t Print::println(const __FlashStringHelper* s) { return print(s) + println(); }
size_t Print::println(const char c[]) { return print(c) + println(); }
size_t Print::println(char c) { return print(c) + println(); }
size_t Print::println(unsigned char b, int base) { return print(b, base) + println(); }
size_t Print::println(int n, int base) { return print(n, base) + println(); }
size_t Print::println(unsigned int n, int base) { return print(n, base) + println(); }
size_t Print::println(long n, int base) { return print(n, base) + println(); }
size_t Print::println(unsigned long n, int base) { return print(n, base) + println(); }
size_t Print::println(double n, int digits) { return print(n, digits) + println(); }

size_t Print::printNumber(unsigned long n, uint8_t base) {
  char buf[8 * sizeof(long) + 1];
  char* str = &buf[sizeof(buf) - 1];
  *str = '\0';
  if (base < 2) base = 10;
  do {
    char c = static_cast<char>(n % base);
    n /= base;
    *--str = static_cast<char>(c < 10 ? c + '0' : c + 'A' - 10);
  } while (n);
  return write(str);
}

// Arduino's algorithm: round, integer part, then one digit at a time.
size_t Print::printFloat(double number, uint8_t digits) {
  if (isnan(number)) return print("nan");
  if (isinf(number)) return print("inf");
  if (number > 4294967040.0 || number < -4294967040.0) return print("ovf");
  size_t n = 0;
  if (number < 0.0) {
    n += print('-');
    number = -number;
  }
  double rounding = 0.5;
  for (uint8_t i = 0; i < digits; ++i) rounding /= 10.0;
  number += rounding;
  unsigned long whole = static_cast<unsigned long>(number);
  double rest = number - static_cast<double>(whole);
  n += print(whole);
  if (digits > 0) n += print('.');
  while (digits-- > 0) {
    rest *= 10.0;
    unsigned int d = static_cast<unsigned int>(rest);
    n += print(d);
    rest -= d;
  }
  return n;
}
