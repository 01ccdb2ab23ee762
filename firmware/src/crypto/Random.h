// Random numbers for WebSocket keys and masks: a seedable 32-bit LFSR PRNG
// with a hook for a hardware RNG.
//
// RFC 6455 wants masking keys the peer cannot predict. Seed from something
// that varies per boot (analog noise, a timer, a stored counter) or, better,
// install the board's hardware RNG; its output is mixed into every draw.
// State: 4 bytes plus one function pointer.
//
//   sl::Random rng(analogRead(A0) ^ micros());
//   rng.setSource(esp_random);        // optional: ESP8266/ESP32 hardware RNG
//   uint8_t key[16]; rng.fill(key, sizeof key);
#ifndef SL_CRYPTO_RANDOM_H
#define SL_CRYPTO_RANDOM_H

#include "../config/Config.h"

namespace sl {

class Random {
 public:
  typedef uint32_t (*Source)();

  constexpr explicit Random(uint32_t seed = 0x2545F491u) : state_(seed ? seed : 0x2545F491u), source_(0) {}

  // Restarts the sequence; any seed is accepted (0 is mapped to a fixed non-zero value).
  void seed(uint32_t s) { state_ = s ? s : 0x2545F491u; }

  // Installs a hardware RNG (or 0 to remove it). Draws are then source() XOR PRNG.
  void setSource(Source source) { source_ = source; }

  uint32_t next() {
    // The hardware draw first (the same draws as XORed in after the
    // steps): no LFSR value is held across its call. On AVR the LFSR's
    // word is pinned to call-clobbered registers, which then need no
    // saving (82 B, 90 B with the word in r12-r15 across the call).
    uint32_t hw = source_ ? source_() : 0;
#if SL_ARCH_AVR && defined(__GNUC__)
    register uint32_t x asm("r18") = state_;
#else
    uint32_t x = state_;
#endif
    // 32 steps of a maximal-length Galois LFSR (x^32 + x^22 + x^2 + x + 1,
    // period 2^32 - 1): every bit of the draw is new. One shift and a
    // conditional XOR per step: a small loop on 8-bit cores (82 B on AVR
    // with the loop in assembly, 96 B in C++, 140 B for xorshift32's three
    // constant shifts). Like xorshift, linear:
    // unpredictable only through its seed and the hardware source.
#if SL_ARCH_AVR && defined(__GNUC__)
    // (the bit shifted out is the carry: no copy of it, no test; early
    // clobbers: the count 32 and the XOR byte 0x20 are one value, which GCC
    // otherwise gives one register)
    uint8_t i = 32;
    asm("1: lsr %D0\n\t"
        "ror %C0\n\t"
        "ror %B0\n\t"
        "ror %A0\n\t"
        "brcc 2f\n\t"
        "eor %A0, %2\n\t"
        "eor %C0, %3\n\t"
        "eor %D0, %4\n"
        "2: dec %1\n\t"
        "brne 1b"
        : "+&r"(x), "+&r"(i)
        : "r"(static_cast<uint8_t>(0x03)), "r"(static_cast<uint8_t>(0x20)), "r"(static_cast<uint8_t>(0x80)));
#else
    for (uint8_t i = 0; i < 32; ++i) {
      bool out = (static_cast<uint8_t>(x) & 1u) != 0;
      x >>= 1;
      if (out) x ^= 0x80200003u;
    }
#endif
    state_ = x;
    return x ^ hw;
  }

  // Each draw gives four bytes, low byte first.
  void fill(uint8_t* out, size_t len) {
    while (len) {
      uint32_t v = next();
      for (uint8_t k = 4; k && len; --k, --len) {
        *out++ = static_cast<uint8_t>(v);
        v >>= 8;
      }
    }
  }

 private:
  uint32_t state_;
  Source source_;
};

}  // namespace sl

#endif  // SL_CRYPTO_RANDOM_H
