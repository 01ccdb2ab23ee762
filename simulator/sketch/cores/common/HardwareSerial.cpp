#include "HardwareSerial.h"

HardwareSerial Serial(0);
HardwareSerial Serial1(1);

int HardwareSerial::available() {
  if (peeked_ < 0) peeked_ = sl_hal_read(port_);
  return peeked_ < 0 ? 0 : 1;
}

int HardwareSerial::peek() {
  if (peeked_ < 0) peeked_ = sl_hal_read(port_);
  return peeked_;
}

int HardwareSerial::read() {
  int c = peek();
  peeked_ = -1;
  return c;
}

size_t HardwareSerial::write(uint8_t c) {
  sl_hal_write(port_, c);
  return 1;
}
