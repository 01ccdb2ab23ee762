// IPAddress: an IPv4 address (subset of Arduino's).
#ifndef IPAddress_h
#define IPAddress_h

#include <stdint.h>

class IPAddress {
 public:
  IPAddress() : value_(0) {}
  IPAddress(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
      : value_(static_cast<uint32_t>(a) | (static_cast<uint32_t>(b) << 8) | (static_cast<uint32_t>(c) << 16) |
               (static_cast<uint32_t>(d) << 24)) {}
  explicit IPAddress(uint32_t v) : value_(v) {}
  operator uint32_t() const { return value_; }
  uint8_t operator[](int i) const { return static_cast<uint8_t>(value_ >> (8 * i)); }

 private:
  uint32_t value_;
};

#endif
