// Minimal fake of Arduino's Client.h (same virtual interface as the core's).
#ifndef SL_FAKE_CLIENT_H
#define SL_FAKE_CLIENT_H

#include "Arduino.h"

class IPAddress {
 public:
  IPAddress(uint8_t a = 0, uint8_t b = 0, uint8_t c = 0, uint8_t d = 0) : bytes_{a, b, c, d} {}
  uint8_t operator[](int i) const { return bytes_[i]; }

 private:
  uint8_t bytes_[4];
};

class Client : public Stream {
 public:
  virtual int connect(IPAddress ip, uint16_t port) = 0;
  virtual int connect(const char* host, uint16_t port) = 0;
  virtual size_t write(uint8_t) = 0;
  virtual size_t write(const uint8_t* buf, size_t size) = 0;
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int read(uint8_t* buf, size_t size) = 0;
  virtual int peek() = 0;
  virtual void flush() = 0;
  virtual void stop() = 0;
  virtual uint8_t connected() = 0;
  virtual operator bool() = 0;
};

#endif  // SL_FAKE_CLIENT_H
