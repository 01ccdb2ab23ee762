// Minimal fake of the Arduino core for host compile checks and tests of the
// `#ifdef ARDUINO` adapters. Only what the SDK's adapters touch.
#ifndef SL_FAKE_ARDUINO_H
#define SL_FAKE_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

class __FlashStringHelper;
#define F(s) (reinterpret_cast<const __FlashStringHelper*>(s))

inline unsigned long millis() { return 0; }

class Print {
 public:
  virtual size_t write(uint8_t) = 0;
  virtual size_t write(const uint8_t* buffer, size_t size) {
    size_t n = 0;
    while (size-- && write(*buffer++)) ++n;
    return n;
  }
  virtual ~Print() {}
};

class Stream : public Print {
 public:
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int peek() = 0;
};

#endif  // SL_FAKE_ARDUINO_H
