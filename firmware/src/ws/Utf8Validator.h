// Utf8Validator: incremental UTF-8 validation (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), fed in any slices. 3 bytes of state.
//
//   sl::Utf8Validator v;
//   bool ok = v.feed(a, n1) && v.feed(b, n2) && v.complete();
#ifndef SL_WS_UTF8_VALIDATOR_H
#define SL_WS_UTF8_VALIDATOR_H

#include "../config/Config.h"

namespace sl {

class Utf8Validator {
 public:
  // constexpr: a global validator is initialised statically (no constructor code on AVR).
  // The initial state is all zero (the bounds are kept XOR their defaults),
  // so a validator inside a zeroed struct needs no stores of its own.
  constexpr Utf8Validator() : need_(0), lo_(0), hi_(0) {}
  void reset() {
    need_ = 0;
    lo_ = 0;
    hi_ = 0;
  }

  // False at the first byte that cannot be part of valid UTF-8 (the state is then meaningless).
  bool feed(const uint8_t* data, size_t len) {
    for (const uint8_t* end = data + len; data != end; ++data) {
      uint8_t c = *data;
      if (need_) {
        if (c < (lo_ ^ 0x80) || c > (hi_ ^ 0xBF)) return false;
        --need_;
        lo_ = 0;
        hi_ = 0;
      } else if (c >= 0x80) {
        if (c < 0xC2 || c > 0xF4) return false;  // continuation byte, overlong lead, beyond U+10FFFF
        need_ = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        if (c == 0xE0) lo_ = 0xA0 ^ 0x80;       // no overlongs
        else if (c == 0xED) hi_ = 0x9F ^ 0xBF;  // no surrogates
        else if (c == 0xF0) lo_ = 0x90 ^ 0x80;
        else if (c == 0xF4) hi_ = 0x8F ^ 0xBF;  // <= U+10FFFF
      }
    }
    return true;
  }

  // True when no multi-byte sequence is left open.
  bool complete() const { return need_ == 0; }

 private:
  uint8_t need_;
  uint8_t lo_;  // lowest next byte, XOR 0x80
  uint8_t hi_;  // highest next byte, XOR 0xBF
};

}  // namespace sl

#endif  // SL_WS_UTF8_VALIDATOR_H
