// Utf8Validator: incremental UTF-8 validation (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), fed in any slices, through the SDK's
// one UTF-8 step (io/Utf8Step.h). 1 byte of state.
//
//   sl::Utf8Validator v;
//   bool ok = v.feed(a, n1) && v.feed(b, n2) && v.complete();
#ifndef SL_WS_UTF8_VALIDATOR_H
#define SL_WS_UTF8_VALIDATOR_H

#include "../config/Config.h"
#include "../io/Utf8Step.h"

namespace sl {

class Utf8Validator {
 public:
  // constexpr: a global validator is initialised statically (no constructor
  // code on AVR); the initial state is zero, so a validator inside a zeroed
  // struct needs no store of its own.
  constexpr Utf8Validator() : state_(0) {}
  void reset() { state_ = 0; }

  // False at the first byte that cannot be part of valid UTF-8 (the state is then meaningless).
  bool feed(const uint8_t* data, size_t len) { return feed(state_, data, len); }

  // True when no multi-byte sequence is left open.
  bool complete() const { return state_ == 0; }

 private:
  // WsMaskingSink keeps a validator's state byte of its own (in a union).
  friend class WsMaskingSink;
  static bool feed(uint8_t& state, const uint8_t* data, size_t len) {
    uint8_t s = state;  // (in a register, stored once)
    for (const uint8_t* end = data + len; data != end; ++data) {
      s = detail::utf8Step(s, *data);
      if (s == detail::kUtf8Bad) break;
    }
    state = s;
    return s != detail::kUtf8Bad;
  }

  uint8_t state_;  // detail::utf8Step()'s state
};

}  // namespace sl

#endif  // SL_WS_UTF8_VALIDATOR_H
